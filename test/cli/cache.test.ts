/**
 * The result cache end to end: the built CLI in real processes, on real files in temporary
 * projects (and a real git repository for --staged).
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultCacheLocation } from '../../src/analysis/cache.js';
import { defaultRulesDir } from '../../src/policy/rules.js';
import { allIntact, entryFiles, removeScratch, scratch, settle, tmpFiles } from '../helpers/cache.js';
import { binPath, git, repoRoot, runCli, tempProject } from '../helpers/cli.js';

function examplesProject(extra: Record<string, string> = {}): string {
  const dir = tempProject(extra);
  const src = defaultRulesDir();
  for (const name of readdirSync(src)) if (name.includes('.example.')) copyFileSync(path.join(src, name), path.join(dir, name));
  return dir;
}

let defaultLocation: string | undefined;
afterAll(() => removeScratch(...(defaultLocation ? [defaultLocation] : [])));

/** The default location, not the one the test setup gives every CLI process. */
const DEFAULT = { AGENTOS_CACHE_DIR: undefined };

function runAsync(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.CI;
    const child = spawn(process.execPath, [binPath, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('agentos check with the result cache (CLI)', () => {
  it('prints the same JSON cold, warm and with --no-cache, with the cache in node_modules/.cache/agentos', async () => {
    const dir = examplesProject();
    mkdirSync(path.join(dir, 'node_modules'));
    // old enough for the file index: the warm runs read only the files whose snippets the report prints
    await settle();
    const cold = runCli(['check', '--format', 'json'], { cwd: dir, env: DEFAULT });
    expect(allIntact(path.join(dir, 'node_modules', '.cache', 'agentos'))).toBe(true);
    expect(cold.code).toBe(1);
    expect(JSON.parse(cold.stdout).findings.length).toBeGreaterThan(100);
    const warm = runCli(['check', '--format', 'json'], { cwd: dir, env: DEFAULT });
    const none = runCli(['check', '--format', 'json', '--no-cache'], { cwd: dir, env: DEFAULT });
    expect(warm).toEqual(cold);
    expect(none).toEqual(cold);
    // the text report as well
    expect(runCli(['check'], { cwd: dir, env: DEFAULT }).stdout).toBe(runCli(['check', '--no-cache'], { cwd: dir, env: DEFAULT }).stdout);
  });

  it('keeps the cache under the system temporary directory when the project has no node_modules, and --no-cache writes none', () => {
    const dir = tempProject({ 'agent.py': 'import subprocess\ndef run(cmd):\n    subprocess.run(cmd, shell=True)\n' });
    const elsewhere = scratch('agentos-cache-cli-');
    runCli(['check', '--no-cache', '--cache-location', elsewhere], { cwd: dir });
    expect(readdirSync(elsewhere)).toEqual([]);
    runCli(['check', '--cache-location', 'cache-here'], { cwd: dir, env: DEFAULT });
    expect(allIntact(path.join(dir, 'cache-here'))).toBe(true);
    const location = (defaultLocation = defaultCacheLocation(dir, {}));
    runCli(['check'], { cwd: dir, env: DEFAULT });
    expect(location.startsWith(os.tmpdir())).toBe(true);
    expect(allIntact(location)).toBe(true);
    expect(existsSync(path.join(dir, 'node_modules'))).toBe(false);
    // AGENTOS_CACHE_DIR chooses the directory when no --cache-location is given
    const chosen = scratch('agentos-cache-cli-');
    runCli(['check'], { cwd: dir, env: { AGENTOS_CACHE_DIR: chosen } });
    expect(allIntact(chosen)).toBe(true);
  });

  it('stays intact and correct with two runs at once on the same cache', async () => {
    const dir = examplesProject();
    const location = scratch('agentos-cache-cli-');
    const expected = runCli(['check', '--format', 'json', '--no-cache'], { cwd: dir });
    const args = ['check', '--format', 'json', '--cache-location', location];
    for (let round = 0; round < 2; round++) {
      const [a, b] = await Promise.all([runAsync(args, dir), runAsync(args, dir)]);
      for (const r of [a, b]) {
        expect(r.stderr).toBe('');
        expect(r.stdout).toBe(expected.stdout);
        expect(r.code).toBe(expected.code);
      }
      expect(allIntact(location)).toBe(true);
      // no temporary file is left behind
      expect(tmpFiles(location)).toEqual([]);
    }
  });

  it('serves check --staged by the staged text, and follows a newly staged version', () => {
    const dir = tempProject({ 'tool.py': 'def ok():\n    return 1\n' }, { git: true });
    const location = path.join(dir, '.cache-dir');
    writeFileSync(path.join(dir, '.gitignore'), '.cache-dir/\n');
    const risky = 'import subprocess\ndef run(cmd):\n    subprocess.run(cmd, shell=True)\n';
    writeFileSync(path.join(dir, 'tool.py'), risky);
    git(dir, 'add', 'tool.py');
    // the work tree changes back: --staged still checks what is staged
    writeFileSync(path.join(dir, 'tool.py'), 'def ok():\n    return 1\n');
    const args = ['check', '--staged', '--format', 'json', '--cache-location', location];
    const first = runCli(args, { cwd: dir });
    expect(first.code).toBe(1);
    expect(allIntact(location)).toBe(true);
    const entries = entryFiles(location);
    expect(runCli(args, { cwd: dir })).toEqual(first);
    // a cache hit writes nothing
    expect(entryFiles(location)).toEqual(entries);
    expect(runCli([...args, '--no-cache'], { cwd: dir })).toEqual(first);
    git(dir, 'add', 'tool.py');
    const restaged = runCli(args, { cwd: dir });
    expect(JSON.parse(restaged.stdout).findings).toEqual([]);
    expect(restaged.code).toBe(0);
  });

  it('gives --diff-base the same findings with and without the cache', () => {
    const helper = 'import subprocess\ndef run(cmd):\n    return subprocess.run(cmd, shell=True)\n';
    const dir = tempProject({ 'bot/__init__.py': '', 'bot/helper.py': helper, 'bot/clean.py': 'X = 1\n' }, { git: true });
    const location = scratch('agentos-cache-cli-');
    const args = ['check', '--diff-base', 'HEAD', '--format', 'json', '--cache-location', location];
    // a whole-tree run first fills the cache with results computed among all files
    runCli(['check', '--format', 'json', '--cache-location', location], { cwd: dir });
    writeFileSync(path.join(dir, 'bot/helper.py'), helper + 'def run2(cmd):\n    return subprocess.run(cmd, shell=True)\n');
    const cached = runCli(args, { cwd: dir });
    expect(JSON.parse(cached.stdout).findings.map((f: { line: number }) => f.line)).toEqual([5]);
    expect(runCli(args, { cwd: dir })).toEqual(cached);
    expect(runCli([...args, '--no-cache'], { cwd: dir })).toEqual(cached);
  });

  it('starts afresh after a rebuild: the fingerprint follows the built code and the rule files', () => {
    const copy = scratch('agentos-cache-pkg-');
    for (const part of ['dist', 'rules', 'package.json']) cpSync(path.join(repoRoot, part), path.join(copy, part), { recursive: true });
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'));
    const module = path.join(copy, 'dist', 'analysis', 'cache.js');
    const fingerprint = () => {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import(${JSON.stringify(module)}).then((m) => console.log(m.packageFingerprint()))`], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      return r.stdout.trim();
    };
    const first = fingerprint();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint()).toBe(first);
    appendFileSync(path.join(copy, 'dist', 'analysis', 'engine.js'), '\n// rebuilt\n');
    const rebuilt = fingerprint();
    expect(rebuilt).not.toBe(first);
    appendFileSync(path.join(copy, 'rules', 'programs', readdirSync(path.join(copy, 'rules', 'programs')).find((n) => n.endsWith('.yaml'))!), '\n');
    expect(fingerprint()).not.toBe(rebuilt);
  });
});
