/**
 * A re-run with nothing changed, end to end: the built CLI in real processes, on a copy of the
 * installed package, on real files in a temporary project.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECK_NAMES } from '../../src/analysis/checks/check-names.js';
import { CHECKS } from '../../src/analysis/checks/index.js';
import { entryFiles, removeScratch, scratch, settle } from '../helpers/cache.js';
import { repoRoot, runCli, tempProject } from '../helpers/cli.js';

const projects: string[] = [];
afterAll(() => removeScratch(...projects));

const RISKY = 'import subprocess\ndef run(cmd):\n    subprocess.run(cmd, shell=True)\n';

/** A copy of the built package (launcher, dist/ with the bundle, rules, package.json) with this checkout's node_modules. */
function packageCopy(): string {
  const copy = scratch('agentos-warm-pkg-');
  for (const part of ['bin', 'dist', 'rules', 'package.json']) cpSync(path.join(repoRoot, part), path.join(copy, part), { recursive: true, preserveTimestamps: true });
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'));
  return copy;
}

describe('the result cache of the bundled CLI', () => {
  it('starts afresh after the bundle or the compiled modules change, or a rule file; not after an example file', async () => {
    const pkg = packageCopy();
    const dir = tempProject({ 'tool.py': RISKY });
    projects.push(dir);
    const location = scratch('agentos-warm-cache-');
    const env = { ...process.env, AGENTOS_CODE_CACHE_FILE: path.join(scratch('agentos-warm-code-'), 'code.bin'), CI: undefined, AGENTOS_PHASE_TIMES: undefined };
    const check = () => {
      const r = spawnSync(process.execPath, [path.join(pkg, 'bin', 'agentos.js'), 'check', '--format', 'json', '--cache-location', location], { cwd: dir, env, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['tool.py']);
      return r.stdout;
    };
    await settle();
    const first = check();
    const entries = entryFiles(location);
    // a re-run writes nothing
    expect(check()).toBe(first);
    expect(entryFiles(location)).toEqual(entries);
    // an example file is read by `agentos rules` and the tests, never by a check
    const rules = path.join(pkg, 'rules');
    appendFileSync(path.join(rules, readdirSync(rules).find((n) => n.includes('.example.') && n.endsWith('.py'))!), '\n');
    expect(check()).toBe(first);
    expect(entryFiles(location)).toEqual(entries);
    // a rebuilt bundle: its files are new
    appendFileSync(path.join(pkg, 'dist', 'bundle', 'checks.cjs'), '\n// rebuilt\n');
    expect(check()).toBe(first);
    const afterBundle = entryFiles(location);
    expect(afterBundle.length).toBeGreaterThan(entries.length);
    // tsc ran after the bundle: the launcher runs the compiled modules, whose files are the fingerprint
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(pkg, 'dist', 'cli', 'main.js'), later, later);
    expect(check()).toBe(first);
    const afterTsc = entryFiles(location);
    expect(afterTsc.length).toBeGreaterThan(afterBundle.length);
    // and a rule file
    appendFileSync(path.join(rules, 'programs', readdirSync(path.join(rules, 'programs')).find((n) => n.endsWith('.yaml'))!), '\n');
    expect(check()).toBe(first);
    expect(entryFiles(location).length).toBeGreaterThan(afterTsc.length);
  });

  it('takes the rules the build compiled while the rule files are the ones they were compiled from, and parses the YAML after an edit', () => {
    const pkg = packageCopy();
    expect(existsSync(path.join(pkg, 'dist', 'bundle', 'rules.json'))).toBe(true);
    const dir = tempProject({ 'tool.py': RISKY });
    projects.push(dir);
    const run = (args: string[], bundle: boolean) => {
      const env = { ...process.env, AGENTOS_CODE_CACHE_FILE: path.join(scratch('agentos-warm-code-'), 'code.bin'), CI: undefined, AGENTOS_BUNDLE: bundle ? undefined : '0' };
      const r = spawnSync(process.execPath, [path.join(pkg, 'bin', 'agentos.js'), ...args], { cwd: dir, env, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      return r.stdout;
    };
    // the report carries each rule's metadata: the same from the compiled rules as from the YAML
    const sarif = ['check', '--format', 'sarif', '--no-cache', '--fail-on', 'none'];
    const compiled = run(sarif, true);
    expect(compiled).toContain('Process spawned through a shell');
    expect(compiled).toBe(run(sarif, false));
    const file = path.join(pkg, 'rules', 'subprocess-shell.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: Process spawned through a shell', 'title: A process spawned through a shell'));
    const edited = run(sarif, true);
    expect(edited).toContain('A process spawned through a shell');
    expect(edited).toBe(run(sarif, false));
    expect(run(['rules', 'show', 'subprocess-shell'], true)).toContain('A process spawned through a shell');
  });
});

/** The modules `file` (under src/) imports for their values, and those import, and so on: `import type` and `import()` left out. */
function staticClosure(file: string): Set<string> {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+'(\.[^']+)\.js';/gms)) visit(path.resolve(path.dirname(f), `${m[1]}.ts`));
  };
  visit(file);
  return new Set([...seen].map((f) => path.relative(path.join(repoRoot, 'src'), f).split(path.sep).join('/')));
}

describe('what a check loads before it knows whether anything is to be analyzed', () => {
  it('is not the engine: no front end, check, policy classifier or project pass is imported by `agentos check` itself', () => {
    const loaded = staticClosure(path.join(repoRoot, 'src', 'cli', 'check.ts'));
    // what it does load (the run, the cache, the rules), so the walk above is not empty
    for (const m of ['analysis/run.ts', 'analysis/cache.ts', 'analysis/file-index.ts', 'policy/rules.ts', 'analysis/languages.ts']) expect(loaded, m).toContain(m);
    for (const m of ['analysis/engine.ts', 'analysis/analyze.ts', 'analysis/project.ts', 'analysis/checks/index.ts', 'analysis/python.ts', 'analysis/javascript.ts', 'analysis/pool.ts', 'analysis/shard.ts', 'policy/sql.ts', 'policy/commands.ts'])
      expect(loaded, m).not.toContain(m);
  });

  it('names the checks the engine has, one list for both', () => {
    expect([...CHECK_NAMES]).toEqual(Object.keys(CHECKS));
  });
});

describe('AGENTOS_PHASE_TIMES', () => {
  it('prints the phases of a check on stderr, and changes nothing else; unset, nothing', () => {
    const dir = tempProject({ 'tool.py': RISKY });
    projects.push(dir);
    const args = ['check', '--format', 'json', '--no-cache'];
    const plain = runCli(args, { cwd: dir, env: { AGENTOS_PHASE_TIMES: undefined } });
    expect(plain.stderr).toBe('');
    const timed = runCli(args, { cwd: dir, env: { AGENTOS_PHASE_TIMES: '1' } });
    expect(timed.stdout).toBe(plain.stdout);
    expect(timed.code).toBe(plain.code);
    const lines = timed.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^agentos phase times/);
    const phases = lines.slice(1).map((l) => l.trim().split(/\s+wall\s+/)[0]);
    expect(phases).toEqual(['CLI loaded', 'check command loaded', 'rules loaded', 'configuration loaded', 'file index read', 'files listed', 'files looked at', 'results', 'file index saved', 'report formatted', 'report written', 'exit']);
    // times since the start, in order
    const walls = lines.slice(1).map((l) => Number(/wall\s+([\d.]+)/.exec(l)![1]));
    expect([...walls].sort((a, b) => a - b)).toEqual(walls);
  });
});
