import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { binPath, runCli } from '../helpers/cli.js';
import { git, repo, tempDir, write } from '../git/repo.js';

const VULN = (name: string) => `import os
from langchain_core.tools import tool


@tool
def ${name}(cmd: str) -> str:
    """Run a command."""
    return os.popen(cmd).read()
`;

// each test runs the CLI several times in real repositories
vi.setConfig({ testTimeout: 180_000 });

type JsonFinding = { ruleId: string; file: string; line: number; fingerprint: string; trace?: { line: number }[] };
const places = (stdout: string) => (JSON.parse(stdout).findings as JsonFinding[]).map((f) => `${f.file}:${f.line} ${f.ruleId}`);

describe('agentos check --staged', () => {
  it('checks the staged text with staged line numbers, and says when the work tree differs', () => {
    const dir = repo({ 'keep.py': 'x = 1\n' });
    write(dir, { 'agent.py': VULN('run') });
    git(dir, 'add', 'agent.py');
    // after staging, the finding moves down in the work tree and a second one appears there
    write(dir, { 'agent.py': '# header\n# header\n' + VULN('run') + '\nos.system(input())\n' });
    const json = runCli(['check', '--staged', '--format', 'json'], { cwd: dir });
    expect(json.code).toBe(1);
    expect(places(json.stdout)).toEqual(['agent.py:8 subprocess-shell']);
    const text = runCli(['check', '--staged'], { cwd: dir });
    expect(text.stdout).toContain('> 8 |     return os.popen(cmd).read()');
    expect(text.stdout).toContain('the work tree differs for: agent.py');
    expect(text.stdout).toContain('configuration: the defaults');
    // the work tree check sees both
    expect(places(runCli(['check', '--format', 'json'], { cwd: dir }).stdout)).toEqual(['agent.py:10 subprocess-shell', 'agent.py:12 subprocess-shell']);
  });

  it('skips deleted files, checks a rename under its new name, and odd file names', () => {
    const dir = repo({ 'old.py': VULN('old'), 'gone.py': VULN('gone') });
    git(dir, 'mv', 'old.py', 'new.py');
    git(dir, 'rm', '-q', 'gone.py');
    write(dir, { 'sp ace/ünï\ncode.py': VULN('odd') });
    git(dir, 'add', '-A');
    const r = runCli(['check', '--staged', '--format', 'json'], { cwd: dir });
    expect(places(r.stdout).sort()).toEqual(['new.py:8 subprocess-shell', 'sp ace/ünï\ncode.py:8 subprocess-shell']);
    expect(JSON.parse(r.stdout).summary.files).toBe(2);
  });

  it('passes with nothing staged, works without commits, and limits to the given paths', () => {
    const dir = repo();
    expect(runCli(['check', '--staged'], { cwd: dir }).code).toBe(0);
    write(dir, { 'a/agent.py': VULN('a'), 'b/agent.py': VULN('b') });
    git(dir, 'add', '-A');
    expect(places(runCli(['check', '--staged', '--format', 'json'], { cwd: dir }).stdout)).toEqual(['a/agent.py:8 subprocess-shell', 'b/agent.py:8 subprocess-shell']);
    expect(places(runCli(['check', '--staged', '--format', 'json', 'b'], { cwd: dir }).stdout)).toEqual(['b/agent.py:8 subprocess-shell']);
    // from a subdirectory, paths are relative to it
    expect(places(runCli(['check', '--staged', '--format', 'json', '.'], { cwd: path.join(dir, 'a') }).stdout)).toEqual(['agent.py:8 subprocess-shell']);
  });

  it('exits 2 outside a repository', () => {
    const dir = tempDir();
    const r = runCli(['check', '--staged'], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: path.dirname(dir) } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('agentos: not a git repository (--staged and --diff-base need one)\n');
    expect(runCli(['check', '--diff-base', 'main'], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: path.dirname(dir) } }).code).toBe(2);
  });

  it('reads the configuration as staged, so an unstaged edit cannot weaken the policy', () => {
    const dir = repo({ 'agentos.config.yaml': 'policy: standard\n' });
    write(dir, { 'agent.py': VULN('run'), 'agentos.config.yaml': 'policy: standard\nrules:\n  code-eval: high\n' });
    git(dir, 'add', '-A');
    write(dir, { 'agentos.config.yaml': 'policy: standard\nrules:\n  subprocess-shell: off\n' });
    const staged = runCli(['check', '--staged'], { cwd: dir });
    expect(staged.code).toBe(1);
    expect(staged.stdout).toContain('configuration: agentos.config.yaml (the staged version)');
    expect(runCli(['check'], { cwd: dir }).code).toBe(0);
    // not staged: the work tree's configuration, and the report says so
    git(dir, 'reset', '-q', 'agentos.config.yaml');
    const worktree = runCli(['check', '--staged'], { cwd: dir });
    expect(worktree.stdout).toContain('configuration: agentos.config.yaml (the work tree; it is not staged)');
    expect(worktree.code).toBe(0);
    // a staged configuration that is invalid is an error naming it
    write(dir, { 'agentos.config.yaml': 'polcy: strict\n' });
    git(dir, 'add', 'agentos.config.yaml');
    write(dir, { 'agentos.config.yaml': 'policy: strict\n' });
    const bad = runCli(['check', '--staged'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('agentos.config.yaml: `polcy` is not a known key');
  });

  it('runs from a pre-commit hook under core.hooksPath, in a linked worktree and in a submodule', () => {
    const dir = repo({ 'keep.py': 'x = 1\n' });
    const hooks = path.join(dir, '.githooks');
    write(dir, { '.githooks/pre-commit': `#!/bin/sh\nexec "${process.execPath}" "${binPath}" check --staged --quiet\n` });
    chmodSync(path.join(hooks, 'pre-commit'), 0o755);
    git(dir, 'config', 'core.hooksPath', '.githooks');
    write(dir, { 'agent.py': VULN('run') });
    git(dir, 'add', 'agent.py');
    expect(() => git(dir, 'commit', '-qm', 'vulnerable')).toThrow(/subprocess-shell/);
    write(dir, { 'agent.py': 'print("fine")\n' });
    git(dir, 'add', 'agent.py', '.githooks');
    git(dir, 'commit', '-qm', 'fine');
    // git commit <path> checks a temporary index: the hook must see what is committed
    write(dir, { 'agent.py': VULN('run') });
    expect(() => git(dir, 'commit', '-qm', 'vulnerable', 'agent.py')).toThrow(/subprocess-shell/);
    git(dir, 'checkout', '-q', '--', 'agent.py');

    const wt = path.join(tempDir(), 'linked');
    git(dir, 'worktree', 'add', '-q', '-b', 'feature', wt);
    write(wt, { 'tool.py': VULN('tool') });
    git(wt, 'add', 'tool.py');
    expect(places(runCli(['check', '--staged', '--format', 'json'], { cwd: wt }).stdout)).toEqual(['tool.py:8 subprocess-shell']);
    expect(() => git(wt, 'commit', '-qm', 'vulnerable')).toThrow(/subprocess-shell/);

    const sub = repo({ 's.py': 'x = 1\n' });
    git(dir, 'submodule', 'add', '-q', sub, 'sub');
    const inner = path.join(dir, 'sub');
    write(inner, { 'inner.py': VULN('inner') });
    git(inner, 'add', 'inner.py');
    expect(places(runCli(['check', '--staged', '--format', 'json'], { cwd: inner }).stdout)).toEqual(['inner.py:8 subprocess-shell']);
    // the superproject's staged gitlink and .gitmodules are nothing to check
    expect(runCli(['check', '--staged', '--format', 'json'], { cwd: dir }).code).toBe(0);
  });
});

describe('agentos check --diff-base', () => {
  const HELPER = `import os
from langchain_core.tools import tool


def _run(command):
    return os.popen(command).read()


@tool
def status(cmd: str) -> str:
    """Old tool."""
    return os.system(cmd)
`;

  it('reports only findings on changed lines, or whose trace passes through one', () => {
    const dir = repo({ 'agent.py': HELPER, 'other.py': VULN('other') });
    git(dir, 'checkout', '-q', '-b', 'feature');
    write(dir, { 'agent.py': HELPER + '\n\n@tool\ndef run(cmd: str) -> str:\n    """New tool."""\n    return _run(cmd)\n' });
    git(dir, 'commit', '-qam', 'a new tool calling the old helper');
    const all = JSON.parse(runCli(['check', '--format', 'json'], { cwd: dir }).stdout).findings as JsonFinding[];
    expect(all.map((f) => `${f.file}:${f.line}`)).toEqual(['agent.py:6', 'agent.py:12', 'other.py:8']);
    const r = runCli(['check', '--diff-base', 'main', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const found = JSON.parse(r.stdout).findings as JsonFinding[];
    // the sink on line 6 did not change; the call on line 18 that feeds it a tool parameter did
    expect(found.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['agent.py:6 subprocess-shell']);
    expect(found[0]!.trace!.map((t) => t.line)).toEqual([16, 18, 6]);
    const text = runCli(['check', '--diff-base', 'main'], { cwd: dir });
    expect(text.stdout).toContain('--diff-base main: 1 finding on lines changed since the merge base; 1 on unchanged lines not reported');
    // nothing new: exit 0
    git(dir, 'checkout', '-q', 'main');
    expect(runCli(['check', '--diff-base', 'main'], { cwd: dir }).code).toBe(0);
    const bad = runCli(['check', '--diff-base', 'no-such-ref'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^agentos: git merge-base no-such-ref HEAD: /);
  });
});

describe('baselines', () => {
  it('records findings; check then reports only new ones, stable under inserted lines and unrelated edits', () => {
    const two = VULN('first') + '\n\n' + VULN('second').replace(/^import os\nfrom .*\n/, '') + '\n\ndef unrelated():\n    return 1\n';
    const dir = repo({ 'agent.py': two });
    const rec = runCli(['baseline'], { cwd: dir });
    expect(rec.code).toBe(0);
    expect(rec.stdout).toContain('.agentos-baseline.json: recorded 2 findings');
    const file = JSON.parse(readFileSync(path.join(dir, '.agentos-baseline.json'), 'utf8'));
    expect(file.version).toBe(1);
    expect(file.findings.map((e: { file: string; line: number; ruleId: string }) => `${e.file}:${e.line} ${e.ruleId}`)).toEqual(['agent.py:8 subprocess-shell', 'agent.py:16 subprocess-shell']);

    const ok = runCli(['check'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('baseline .agentos-baseline.json: 2 known findings not reported');

    // lines inserted above, another function edited: still the same findings
    write(dir, { 'agent.py': '"""Module docs."""\n\n# more\n' + two.replace('return 1', 'value = 2\n    return value * 3') });
    expect(runCli(['check'], { cwd: dir }).code).toBe(0);

    // a new finding is reported, the old ones are not
    write(dir, { 'agent.py': readFileSync(path.join(dir, 'agent.py'), 'utf8') + '\nos.system(input())\n' });
    const r = runCli(['check', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(places(r.stdout)).toEqual(['agent.py:26 subprocess-shell']);
    expect(runCli(['check', '--no-baseline', '--format', 'json'], { cwd: dir }).stdout.match(/"ruleId"/g)).toHaveLength(3);
  });

  it('lists entries that no longer occur, and --prune removes them', () => {
    const dir = repo({ 'a.py': VULN('a'), 'b.py': VULN('b') });
    runCli(['baseline'], { cwd: dir });
    write(dir, { 'a.py': 'print("fixed")\n' });
    const r = runCli(['check'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 baseline entry no longer found (`agentos baseline --prune` removes them):');
    expect(r.stdout).toMatch(/ {2}a\.py:8 subprocess-shell \([0-9a-f]{12}\)/);
    const pruned = runCli(['baseline', '--prune'], { cwd: dir });
    expect(pruned.stdout).toContain('.agentos-baseline.json: removed 1 entry no longer found, 1 left');
    const file = JSON.parse(readFileSync(path.join(dir, '.agentos-baseline.json'), 'utf8'));
    expect(file.findings.map((e: { file: string }) => e.file)).toEqual(['b.py']);
    expect(runCli(['check'], { cwd: dir }).stdout).not.toContain('no longer found');
    // a baseline of some paths keeps the entries of the others
    write(dir, { 'a.py': VULN('again') });
    runCli(['baseline', 'a.py'], { cwd: dir });
    const both = JSON.parse(readFileSync(path.join(dir, '.agentos-baseline.json'), 'utf8'));
    expect(both.findings.map((e: { file: string }) => e.file)).toEqual(['a.py', 'b.py']);
  });

  it('uses the file named by --baseline or `baseline:`, and exits 2 naming a corrupt or missing one', () => {
    const dir = repo({ 'a.py': VULN('a'), 'agentos.config.yaml': 'baseline: ci/known.json\n' });
    const missing = runCli(['check'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('agentos: ci/known.json: does not exist (run `agentos baseline` to record one)\n');
    write(dir, { 'ci/.keep': '' });
    expect(runCli(['baseline'], { cwd: dir }).stdout).toContain('ci/known.json: recorded 1 finding');
    expect(runCli(['check'], { cwd: dir }).code).toBe(0);
    writeFileSync(path.join(dir, 'ci/known.json'), '{"version": 1, "findings": [ {"fingerprint": 3} ]}');
    const corrupt = runCli(['check'], { cwd: dir });
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toContain('agentos: ci/known.json: `findings[0]` must have a string `fingerprint`');
    writeFileSync(path.join(dir, 'notes.json'), 'not json');
    const notJson = runCli(['check', '--baseline', 'notes.json'], { cwd: dir });
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^agentos: notes\.json: is not valid JSON/);
    // never overwritten by `agentos baseline`: it is not a baseline
    expect(runCli(['baseline', '-o', 'notes.json'], { cwd: dir }).code).toBe(2);
    expect(readFileSync(path.join(dir, 'notes.json'), 'utf8')).toBe('not json');
  });
});

describe('suppressions', () => {
  const SRC = [
    'import os, pickle',
    'def run(cmd, blob):',
    '    os.system(cmd)  # agentos-ignore subprocess-shell: cmd is a constant from the release script',
    '    # agentos-ignore code-eval: nothing to see',
    '    os.popen(cmd)',
    '    pickle.loads(blob)  # agentos-ignore code-unsafe-deserialization',
    '',
  ].join('\n');

  it('a reason is required; unused ones are reported with --staged, CI=true or the flag', () => {
    const dir = repo({ 'tool.py': SRC });
    const plain = runCli(['check', '--format', 'json'], { cwd: dir });
    expect(places(plain.stdout)).toEqual(['tool.py:5 subprocess-shell', 'tool.py:6 suppression-without-reason']);
    const f = JSON.parse(plain.stdout).findings[1];
    expect(f).toMatchObject({ severity: 'low', category: 'code-execution' });
    expect(f.message).toContain('agentos-ignore code-unsafe-deserialization: <why this is safe>');
    const unused = ['tool.py:4 suppression-unused', 'tool.py:5 subprocess-shell', 'tool.py:6 suppression-without-reason'];
    expect(places(runCli(['check', '--format', 'json', '--report-unused-suppressions'], { cwd: dir }).stdout)).toEqual(unused);
    expect(places(runCli(['check', '--format', 'json'], { cwd: dir, env: { CI: 'true' } }).stdout)).toEqual(unused);
    expect(places(runCli(['check', '--format', 'json', '--no-report-unused-suppressions'], { cwd: dir, env: { CI: 'true' } }).stdout)).toHaveLength(2);
    write(dir, { 'tool.py': SRC + '# touched\n' });
    git(dir, 'add', 'tool.py');
    expect(places(runCli(['check', '--staged', '--format', 'json'], { cwd: dir }).stdout)).toEqual(unused);
    // the unused one takes the category of the rule it names
    const u = JSON.parse(runCli(['check', '--format', 'json', '--report-unused-suppressions'], { cwd: dir }).stdout).findings[0];
    expect(u).toMatchObject({ category: 'code-execution', severity: 'low', message: '`agentos-ignore code-eval` silences nothing here; remove it.' });
  });

  it('agentos-ignore-file silences a rule in the whole file', () => {
    const dir = repo({
      'a.py': '# agentos-ignore-file subprocess-shell: a build script run by hand\nimport os\nos.system(input())\nos.popen(input())\n',
      'b.js': "// agentos-ignore-file code-eval\nimport { execSync } from 'node:child_process';\nexecSync(process.argv[2]);\neval(process.argv[2]);\n",
    });
    const r = runCli(['check', '--format', 'json', '--report-unused-suppressions'], { cwd: dir });
    expect(places(r.stdout)).toEqual(['b.js:1 suppression-without-reason', 'b.js:3 subprocess-shell']);
  });
});

describe('.agentosignore', () => {
  it('follows gitignore (directories, negation, anchoring) on top of `ignore:`, and is read as staged with --staged', () => {
    const dir = repo({
      '.agentosignore': '# generated code\ngen/\n/scripts/*.py\n!scripts/keep.py\n',
      'agentos.config.yaml': 'ignore: ["legacy/**"]\n',
      'gen/a.py': VULN('a'),
      'scripts/b.py': VULN('b'),
      'scripts/keep.py': VULN('keep'),
      'src/scripts/c.py': VULN('c'),
      'legacy/d.py': VULN('d'),
    });
    expect(places(runCli(['check', '--format', 'json'], { cwd: dir }).stdout)).toEqual(['scripts/keep.py:8 subprocess-shell', 'src/scripts/c.py:8 subprocess-shell']);
    // an ignore file that is staged counts as staged: the unstaged edit that would hide src/ does not
    write(dir, { '.agentosignore': 'gen/\nsrc/\n', 'src/scripts/c.py': VULN('c2') });
    git(dir, 'add', 'src/scripts/c.py');
    expect(places(runCli(['check', '--staged', '--format', 'json'], { cwd: dir }).stdout)).toEqual([]);
    git(dir, 'add', '.agentosignore');
    write(dir, { '.agentosignore': 'gen/\n' });
    expect(places(runCli(['check', '--staged', '--format', 'json'], { cwd: dir }).stdout)).toEqual([]);
    git(dir, 'add', '.agentosignore');
    expect(places(runCli(['check', '--staged', '--format', 'json'], { cwd: dir }).stdout)).toEqual(['src/scripts/c.py:8 subprocess-shell']);
  });
});

describe('the gate', () => {
  // a call the parser cannot read past: not analyzed, so a gate must not pass it
  const BROKEN = `import { execSync } from 'node:child_process';\nexecSync(process.argv[2] +;\n`;

  it('fails on a file that could not be analyzed with --staged, --diff-base or CI=true, unless --allow-unanalyzed', () => {
    const dir = repo({ 'ok.py': 'x = 1\n' });
    write(dir, { 'deep.js': BROKEN, 'big.py': 'x = 1\n'.repeat(50000) });
    git(dir, 'add', '-A');
    expect(runCli(['check'], { cwd: dir }).code).toBe(0);
    const staged = runCli(['check', '--staged', '--max-file-size', '250000'], { cwd: dir });
    expect(staged.code).toBe(1);
    expect(staged.stdout).toContain('not analyzed, so the gate fails (--allow-unanalyzed accepts this):');
    expect(staged.stdout).toMatch(/ {2}deep\.js: syntax error/);
    expect(staged.stdout).toMatch(/ {2}big\.py: skipped: 300000 bytes is over the size limit/);
    expect(runCli(['check', '--staged', '--allow-unanalyzed', '--max-file-size', '250000'], { cwd: dir }).code).toBe(0);
    const ci = runCli(['check', '--format', 'json'], { cwd: dir, env: { CI: 'true' } });
    expect(ci.code).toBe(1);
    expect(ci.stderr).toBe('agentos: 1 file not analyzed (deep.js); the gate fails unless --allow-unanalyzed\n');
    git(dir, 'commit', '-qm', 'deep');
    git(dir, 'checkout', '-q', '-b', 'feature');
    write(dir, { 'deep.js': BROKEN.replace('argv[2]', 'argv[3]') });
    expect(runCli(['check', '--diff-base', 'main'], { cwd: dir }).code).toBe(1);
  });

  it('does not fail on an unanalyzable file in non-production code (a broken test fixture), and still names it', () => {
    const dir = repo({ 'ok.py': 'x = 1\n' });
    write(dir, { 'tests/fixtures/broken.py': 'def f(:\n    pass\n', 'app/broken.py': 'def g(:\n    pass\n' });
    git(dir, 'add', 'tests/fixtures/broken.py');
    const test = runCli(['check', '--staged'], { cwd: dir });
    expect(test.stdout).toContain('tests/fixtures/broken.py');
    expect(test.code).toBe(0);
    git(dir, 'add', 'app/broken.py');
    const prod = runCli(['check', '--staged'], { cwd: dir });
    expect(prod.stdout).toContain('  app/broken.py: ');
    expect(prod.stdout).not.toContain('  tests/fixtures/broken.py: ');
    expect(prod.code).toBe(1);
  });

  it('does not fail on files of non-production code skipped as too large or binary (recorded test cassettes), and sums them up', () => {
    const dir = repo({ 'ok.py': 'x = 1\n' });
    const cassette = 'interactions:\n' + '- request: {body: "abc"}\n'.repeat(2000);
    write(dir, { 'tests/cassettes/a.yaml': cassette, 'tests/cassettes/b.yaml': cassette });
    git(dir, 'add', '-A');
    const args = ['check', '--staged', '--max-file-size', '10000'];
    const test = runCli(args, { cwd: dir });
    expect(test.code).toBe(0);
    expect(test.stdout).toContain('  test: 2 files skipped (2 over the size limit)');
    expect(test.stdout).not.toContain('tests/cassettes/a.yaml');
    expect(runCli(['check', '--format', 'json', '--max-file-size', '10000'], { cwd: dir, env: { CI: 'true' } }).code).toBe(0);
    // the same file in production code fails the gate, named
    write(dir, { 'config/app.yaml': cassette });
    git(dir, 'add', '-A');
    const prod = runCli(args, { cwd: dir });
    expect(prod.code).toBe(1);
    expect(prod.stdout).toMatch(/ {2}config\/app\.yaml: skipped: \d+ bytes is over the size limit/);
  });

  it('keeps a V8 code cache of its dependencies that a corrupt or stale file cannot break', () => {
    const dir = repo({ 'a.ts': 'export const x: number = eval(process.argv[2]!);\n' });
    const cacheFile = path.join(tempDir(), 'cache', 'cjs.bin');
    const env = { AGENTOS_CODE_CACHE_FILE: cacheFile };
    const first = runCli(['check', '--format', 'json'], { cwd: dir, env });
    expect(places(first.stdout)).toEqual(['a.ts:1 code-eval']);
    expect(readFileSync(cacheFile).length).toBeGreaterThan(100_000); // typescript's compiled code, among others
    expect(runCli(['check', '--format', 'json'], { cwd: dir, env }).stdout).toBe(first.stdout);
    writeFileSync(cacheFile, 'not a cache at all');
    expect(runCli(['check', '--format', 'json'], { cwd: dir, env: { ...env, AGENTOS_CODE_CACHE: '0' } }).stdout).toBe(first.stdout);
    expect(readFileSync(cacheFile, 'utf8')).toBe('not a cache at all'); // off means off
    expect(runCli(['check', '--format', 'json'], { cwd: dir, env }).stdout).toBe(first.stdout);
    // a cache others can write is never read
    chmodSync(path.dirname(cacheFile), 0o777);
    writeFileSync(cacheFile, 'planted');
    expect(runCli(['check', '--format', 'json'], { cwd: dir, env }).stdout).toBe(first.stdout);
    expect(readFileSync(cacheFile).length).toBeGreaterThan(100_000); // rewritten from scratch
  });

  it('--help shows the default of each option', () => {
    const help = runCli(['check', '--help'], { cwd: tempDir() }).stdout;
    const options = help.slice(help.indexOf('Options:'), help.indexOf('Examples:'));
    // one entry per option, continuation lines folded in
    const entries = options.split('\n').slice(1).join('\n').split(/\n(?= {2}-)/).map((e) => e.replace(/\s+/g, ' ').trim());
    for (const e of entries.filter((x) => x && !x.startsWith('--no-') && !x.startsWith('-h,'))) expect(e).toMatch(/default: [^)]+\)/);
    expect(help.replace(/\s+/g, ' ')).toContain('--fail-on <severity> exit 1 when a finding is at or above this severity (default: low; none with `policy: audit`)');
  });
});
