/**
 * The bundled CLI (dist/bundle/, made by `npm run build` from what tsc wrote): bin/agentos.js
 * runs it, and it finds what lies beside the compiled modules (rules/, templates/, the
 * deep-analysis worker, package.json) and reports exactly what the unbundled modules report.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, git, repoRoot, runCli, tempProject } from '../helpers/cli.js';
import { codeCacheFile, MAX_INSTALLS, pruneInstalls } from '../../src/cli/code-cache.js';

const bundleDir = path.join(repoRoot, 'dist', 'bundle');

/** Run the CLI and list the CommonJS files of this package's dist/ it loaded (from require.cache, at exit). */
function runListingModules(args: string[], cwd: string, env: Record<string, string> = {}) {
  // outside the checked directory, which they would join
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'agentos-modules-'));
  const list = path.join(scratch, 'loaded.json');
  const preload = path.join(scratch, 'list-modules.cjs');
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(Object.keys(require.cache))));\n`);
  const r = spawnSync(process.execPath, ['--require', preload, binPath, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '', ...env } });
  const loaded = (JSON.parse(readFileSync(list, 'utf8')) as string[]).filter((f) => f.startsWith(path.join(repoRoot, 'dist') + path.sep)).map((f) => path.relative(repoRoot, f));
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, loaded };
}

/** A project with every rule example (all languages and configuration formats) and a file nested too deeply for the main thread. */
function examplesProject(): string {
  const dir = tempProject({
    'deep/run.ts': `import { execSync } from 'node:child_process';\nexport function run(q: string) {\n  execSync(${'('.repeat(10_000)}q${')'.repeat(10_000)});\n}\n`,
  });
  cpSync(path.join(repoRoot, 'rules'), path.join(dir, 'examples'), { recursive: true, filter: (src) => !src.endsWith('.yaml') || src.includes('.example.') || statSync(src).isDirectory() });
  return dir;
}

describe('the bundled CLI', () => {
  it('is built, newer than the modules it was made from, and what bin/agentos.js runs', () => {
    expect(statSync(path.join(bundleDir, 'agentos.cjs')).mtimeMs).toBeGreaterThanOrEqual(statSync(path.join(repoRoot, 'dist', 'cli', 'main.js')).mtimeMs);
    const dir = tempProject({ 'a.py': 'import os\nos.system(input())\n' });
    const bundled = runListingModules(['check', '--format', 'json'], dir);
    expect(bundled.code, bundled.stderr).toBe(1);
    expect(bundled.loaded).toEqual(expect.arrayContaining(['dist/bundle/code-cache.cjs', 'dist/bundle/agentos.cjs', 'dist/bundle/check.cjs', 'dist/bundle/python.cjs']));
    expect(bundled.loaded.every((f) => f.startsWith('dist/bundle/'))).toBe(true);
    // the review command's providers are not loaded by a check
    expect(bundled.loaded).not.toContain('dist/bundle/review.cjs');
    const unbundled = runListingModules(['check', '--format', 'json'], dir, { AGENTOS_BUNDLE: '0' });
    expect(unbundled.loaded).toEqual([]);
    expect(unbundled.stdout).toBe(bundled.stdout);
  });

  it('reports what the unbundled modules report on every rule example and a deeply nested file (the worker)', () => {
    const dir = examplesProject();
    const bundled = runCli(['check', '--format', 'json', '--fail-on', 'none'], { cwd: dir });
    const unbundled = runCli(['check', '--format', 'json', '--fail-on', 'none'], { cwd: dir, env: { AGENTOS_BUNDLE: '0' } });
    expect(bundled.code, bundled.stderr).toBe(0);
    expect(bundled.stderr).toBe('');
    const out = JSON.parse(bundled.stdout) as { findings: { file: string; line: number; ruleId: string }[]; errors: unknown[] };
    expect(out.errors).toEqual([]);
    expect(out.findings.length).toBeGreaterThan(100);
    // found on the worker thread with the large stack (dist/analysis/deep-worker.js)
    expect(out.findings.map((f) => `${f.file}:${f.line}:${f.ruleId}`)).toContain('deep/run.ts:3:subprocess-shell');
    expect(bundled.stdout).toBe(unbundled.stdout);
  }, 120_000);

  it('loads an ES module configuration file and the WebAssembly tree-sitter, which `import()`, from the code cache too', () => {
    const dir = tempProject({ 'a.py': 'import os\nos.system(input())\n', 'b.py': 'import os\nos.system(input())\n', 'agentos.config.mjs': "export default { ignore: ['b.py'] };\n" });
    const cacheFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'agentos-cache-')), 'cjs.bin');
    // the first run fills the cache, the second compiles from it
    for (const run of [1, 2]) {
      for (const backend of ['native', 'wasm']) {
        const r = runCli(['check', '--format', 'json'], { cwd: dir, env: { AGENTOS_CODE_CACHE_FILE: cacheFile, AGENTOS_TREE_SITTER: backend } });
        expect(r.stderr, `run ${run}, ${backend}`).toBe('');
        const out = JSON.parse(r.stdout) as { findings: { file: string }[]; errors: unknown[] };
        expect(out.errors, `run ${run}, ${backend}`).toEqual([]);
        expect(out.findings.map((f) => f.file), `run ${run}, ${backend}`).toEqual(['a.py']);
      }
    }
    expect(existsSync(cacheFile)).toBe(true);
  });

  it('writes a code cache that a short run accepts after a long run raised V8\'s interrupt budget', () => {
    // over 1 MiB of source: the run raises the budget (src/analysis/jit.ts), which V8 counts in the flag hash it stamps cached code with
    const files: Record<string, string> = {};
    const body = Array.from({ length: 120 }, (_, i) => `def f${i}(x):\n    return [y * ${i} for y in range(x) if y % 3]\n`).join('\n');
    for (let i = 0; i < 200; i++) files[`big/m${i}.py`] = body;
    files['small.py'] = 'import os\nos.system(input())\n';
    const dir = tempProject(files);
    const cacheFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'agentos-cache-')), 'cjs.bin');
    const env = { AGENTOS_CODE_CACHE_FILE: cacheFile };
    const long = runCli(['check', 'big', 'small.py', '--no-cache', '--format', 'json', '--fail-on', 'none'], { cwd: dir, env });
    expect(long.code, long.stderr).toBe(0);
    const written = readFileSync(cacheFile);
    // a short run compiles everything it loads from that cache: nothing rejected, so nothing to write again
    for (const run of [1, 2]) {
      const short = runCli(['check', 'small.py', '--no-cache', '--format', 'json'], { cwd: dir, env });
      expect(short.code, short.stderr).toBe(1);
      expect(readFileSync(cacheFile).equals(written), `short run ${run} rewrote the code cache`).toBe(true);
    }
  });

  it('a run long enough to raise V8\'s interrupt budget leaves a code cache the next runs use as it is', () => {
    // over 1 MiB of source (jit.ts LONG_RUN_BYTES): the run tunes V8 and loads the JS front end after that
    const body = Array.from({ length: 400 }, (_, i) => `export function f${i}(a: string, b: number) {\n  if (b > ${i}) return a.repeat(b) + String(${i});\n  return [a, b].join(',');\n}\n`).join('');
    const files: Record<string, string> = {};
    for (let k = 0; k < 24; k++) files[`src/m${k}.ts`] = body;
    expect(Object.values(files).reduce((n, t) => n + t.length, 0)).toBeGreaterThan(1024 * 1024);
    const dir = tempProject(files);
    const cacheFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'agentos-cache-')), 'cjs.bin');
    const run = () => {
      const r = runCli(['check', '--no-cache', '--format', 'json'], { cwd: dir, env: { AGENTOS_CODE_CACHE_FILE: cacheFile } });
      expect(r.code, r.stderr).toBe(0);
      const { ino, mtimeMs } = statSync(cacheFile);
      return `${ino} ${mtimeMs}`;
    };
    const first = run();
    // the cache is written by renaming a new file over it: the same inode, never written again
    expect(run()).toBe(first);
    expect(run()).toBe(first);
  }, 120_000);

  it('finds the rules, the templates, package.json and its own launcher', () => {
    const rules = runCli(['rules'], { cwd: repoRoot });
    expect(rules.code, rules.stderr).toBe(0);
    expect(rules.stdout).toBe(runCli(['rules'], { cwd: repoRoot, env: { AGENTOS_BUNDLE: '0' } }).stdout);
    expect(rules.stdout).toContain('sql-injection');
    // the examples beside each rule file
    const show = runCli(['rules', 'show', 'sql-injection'], { cwd: repoRoot });
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toBe(runCli(['rules', 'show', 'sql-injection'], { cwd: repoRoot, env: { AGENTOS_BUNDLE: '0' } }).stdout);
    expect(show.stdout).toContain('Example (python)');
    const version = runCli(['check', '--version'], { cwd: repoRoot });
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);

    const dir = tempProject({ 'agent.py': 'import subprocess\nsubprocess.run(["git", "status"])\n' }, { git: true });
    const init = runCli(['init', '--yes'], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'agentos.config.yaml'), 'utf8')).toMatch(/^# /);
    const hooks = runCli(['install-hooks'], { cwd: dir });
    expect(hooks.code, hooks.stderr).toBe(0);
    const hook = readFileSync(path.join(git(dir, 'rev-parse', '--git-path', 'hooks').trim().replace(/^(?!\/)/, `${dir}/`), 'pre-commit'), 'utf8');
    expect(hook).toContain(binPath);
    expect(existsSync(binPath)).toBe(true);
  });
});

describe('the V8 code cache (src/cli/code-cache.ts)', () => {
  it('keeps one file per installation of the package, and the files of the eight written last', () => {
    const tmp = os.tmpdir();
    const a = codeCacheFile({}, '/opt/a/node_modules/agentos');
    expect(path.dirname(a).startsWith(tmp)).toBe(true);
    expect(path.basename(a)).toMatch(/^cjs-[0-9a-f]{16}\.bin$/);
    expect(codeCacheFile({}, '/opt/a/node_modules/agentos/')).toBe(a);
    expect(codeCacheFile({}, '/opt/b/node_modules/agentos')).not.toBe(a);
    expect(codeCacheFile({ AGENTOS_CODE_CACHE_FILE: '/x/y.bin' }, '/opt/a')).toBe('/x/y.bin');

    const dir = mkdtempSync(path.join(tmp, 'agentos-prune-'));
    const names = Array.from({ length: MAX_INSTALLS + 3 }, (_, i) => `cjs-${i.toString(16).padStart(16, '0')}.bin`);
    names.forEach((n, i) => {
      writeFileSync(path.join(dir, n), 'x');
      utimesSync(path.join(dir, n), 1_000_000 + i, 1_000_000 + i);
    });
    writeFileSync(path.join(dir, 'yaml.json'), '{}');
    writeFileSync(path.join(dir, 'cjs.bin'), 'an earlier version\'s shared file');
    pruneInstalls(dir);
    // the oldest three go; what is not an installation's file stays
    expect(readdirSync(dir).sort()).toEqual([...names.slice(3), 'cjs.bin', 'yaml.json'].sort());
  });

  it("is written where this installation's runs read it", () => {
    const dir = tempProject({ 'a.py': 'import os\nos.system(input())\n' });
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'agentos-tmpdir-'));
    const env = { TMPDIR: scratch, AGENTOS_CODE_CACHE_FILE: undefined };
    expect(runCli(['check', '--no-cache'], { cwd: dir, env }).code).toBe(1);
    const uid = process.getuid?.() ?? 'user';
    const expected = path.join(scratch, `agentos-code-cache-${uid}`, path.basename(codeCacheFile({}, repoRoot)));
    expect(existsSync(expected)).toBe(true);
    const written = readFileSync(expected);
    expect(runCli(['check', '--no-cache'], { cwd: dir, env }).code).toBe(1);
    expect(readFileSync(expected).equals(written)).toBe(true); // read, nothing missed, not written again
  });

  it('runs the new code after an edit of the same length (V8 itself checks only the length of a cached source)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-code-cache-'));
    const pkg = path.join(dir, 'node_modules', 'dep');
    mkdirSync(pkg, { recursive: true });
    const write = (word: string) => {
      writeFileSync(path.join(pkg, 'package.json'), '{"name":"dep","main":"index.js"}\n');
      writeFileSync(path.join(pkg, 'index.js'), `module.exports = () => ${JSON.stringify(word)};\n`);
    };
    const cacheFile = path.join(dir, 'cache', 'cjs.bin');
    const script = path.join(dir, 'main.mjs');
    writeFileSync(
      script,
      [
        `import { createRequire } from 'node:module';`,
        `const { enableCodeCache } = await import(${JSON.stringify(path.join(repoRoot, 'dist', 'cli', 'code-cache.js'))});`,
        `enableCodeCache({ AGENTOS_CODE_CACHE_FILE: ${JSON.stringify(cacheFile)} });`,
        `console.log(createRequire(import.meta.url)('dep')());`,
      ].join('\n'),
    );
    const run = () => spawnSync(process.execPath, [script], { cwd: dir, encoding: 'utf8' });
    write('old');
    expect(run().stdout).toBe('old\n');
    expect(existsSync(cacheFile)).toBe(true);
    expect(run().stdout).toBe('old\n'); // from the cache
    const cached = readFileSync(cacheFile);
    write('new');
    expect(run().stdout).toBe('new\n');
    expect(readFileSync(cacheFile).equals(cached)).toBe(false); // the entry made again for the new source
    expect(run().stdout).toBe('new\n');
  });
});
