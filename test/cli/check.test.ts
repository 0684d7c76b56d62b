import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/analysis/run.js';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import { defaultConfig } from '../../src/config/load.js';
import { loadRules } from '../../src/policy/rules.js';
import { binPath, repoRoot, runCli, tempProject } from '../helpers/cli.js';
import { spawnSync } from 'node:child_process';

const AGENT_JS = `import { execSync } from 'node:child_process';
import { tool } from 'ai';

export const run = tool({
  description: 'Run a command',
  execute: async ({ cmd }) => {
    return execSync(cmd).toString();
  },
});
`;

const CLEAN_JS = `export function load(text) {
  return JSON.parse(text);
}
`;

describe('agentos check (CLI)', () => {
  it('exits 0 and says so on a clean project', () => {
    const dir = tempProject({ 'agent.js': CLEAN_JS });
    const r = runCli(['check'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No findings in 1 file/);
  });

  it('exits 1 with a finding, and text output names rule, place, why and what to do', () => {
    const dir = tempProject({ 'agent.js': AGENT_JS });
    const r = runCli(['check'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('agent.js:7');
    expect(r.stdout).toContain('subprocess-shell');
    expect(r.stdout).toContain('critical');
    expect(r.stdout).toMatch(/tool parameter `cmd`/);
    expect(r.stdout).not.toMatch(/\u001b\[/); // not a TTY: no colour
  });

  it('prints the JSON contract', () => {
    const dir = tempProject({ 'agent.js': AGENT_JS });
    const r = runCli(['check', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['version', 'tool', 'findings', 'errors', 'summary']);
    expect(out.version).toBe(1);
    expect(out.tool.name).toBe('agentos');
    const f = out.findings[0];
    expect(f).toMatchObject({ ruleId: 'subprocess-shell', category: 'subprocess', severity: 'critical', file: 'agent.js', line: 7 });
    for (const k of ['column', 'endLine', 'endColumn', 'message', 'fingerprint']) expect(f).toHaveProperty(k);
    expect(f.trace[0].message).toMatch(/source: tool parameter `cmd`/);
    expect(out.summary).toEqual({ files: 1, findings: 1, bySeverity: { critical: 1, high: 0, medium: 0, low: 0 } });
  });

  it('keeps fingerprints stable when unrelated lines are added above', () => {
    const dir = tempProject({ 'agent.js': AGENT_JS });
    const before = JSON.parse(runCli(['check', '--format', 'json'], { cwd: dir }).stdout).findings[0];
    writeFileSync(path.join(dir, 'agent.js'), '// a comment\n\nimport os from \'node:os\';\n' + AGENT_JS);
    const after = JSON.parse(runCli(['check', '--format', 'json'], { cwd: dir }).stdout).findings[0];
    expect(after.line).toBe(before.line + 3);
    expect(after.fingerprint).toBe(before.fingerprint);
  });

  it('honours --fail-on and --severity', () => {
    const dir = tempProject({ 'tool.js': "import { execSync } from 'node:child_process';\nexecSync('clear');\n" });
    expect(runCli(['check'], { cwd: dir }).code).toBe(1); // a low finding fails by default
    expect(runCli(['check', '--fail-on', 'high'], { cwd: dir }).code).toBe(0);
    const r = runCli(['check', '--severity', 'medium', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('selects rules with --rule and --disable, and rejects unknown ids', () => {
    const dir = tempProject({ 'agent.js': AGENT_JS });
    expect(runCli(['check', '--rule', 'sql-injection'], { cwd: dir }).code).toBe(0);
    expect(runCli(['check', '--disable', 'subprocess-shell'], { cwd: dir }).code).toBe(0);
    const r = runCli(['check', '--rule', 'no-such-rule'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^agentos: unknown rule id `no-such-rule`/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('writes --output files and SARIF', () => {
    const dir = tempProject({ 'agent.js': AGENT_JS });
    const r = runCli(['check', '--format', 'sarif', '--output', 'out.sarif'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(path.join(dir, 'out.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0].ruleId).toBe('subprocess-shell');
  });

  it('colours only when asked: FORCE_COLOR on, NO_COLOR and --no-color off', () => {
    const dir = tempProject({ 'agent.js': AGENT_JS });
    expect(runCli(['check'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout).toMatch(/\u001b\[/);
    expect(runCli(['check', '--no-color'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout).not.toMatch(/\u001b\[/);
  });

  it('a reader that closes the pipe early (`| head`) ends the run quietly, without a stack trace', async () => {
    const { spawn } = await import('node:child_process');
    for (const args of [['check', '--help'], ['rules']]) {
      const child = spawn(process.execPath, [binPath, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      // closed before the program writes anything: every write it makes meets a closed pipe
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr, args.join(' ')).toBe('');
      expect(code, args.join(' ')).toBe(0);
    }
  });

  it('exits 2 with a one-line error for a path that does not exist', () => {
    const dir = tempProject({});
    const r = runCli(['check', 'missing-dir'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('agentos: missing-dir: no such file or directory\n');
  });

  it('exits 2 naming the file and key for an invalid config', () => {
    const dir = tempProject({ 'agentos.config.yaml': 'policy: standard\nnetwork:\n  alow: [x]\n', 'a.js': CLEAN_JS });
    const r = runCli(['check'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(path.join(dir, 'agentos.config.yaml'));
    expect(r.stderr).toContain('`network.alow` is not a known key');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 2 for an unknown rule id in the config', () => {
    const dir = tempProject({ 'agentos.config.yaml': 'rules:\n  sql-destructiv: off\n', 'a.js': CLEAN_JS });
    const r = runCli(['check'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('`rules.sql-destructiv` is not a known rule id');
  });

  it('exits 2 on a bad option value', () => {
    const dir = tempProject({ 'a.js': CLEAN_JS });
    expect(runCli(['check', '--format', 'xml'], { cwd: dir }).code).toBe(2);
    expect(runCli(['check', '--max-file-size', 'lots'], { cwd: dir }).code).toBe(2);
  });

  it('respects .gitignore and config ignore globs in a git repository', () => {
    const dir = tempProject(
      { '.gitignore': 'generated/\n', 'generated/agent.js': AGENT_JS, 'vendor/agent.js': AGENT_JS, 'agentos.config.yaml': 'ignore: ["vendor/**"]\n', 'ok.js': CLEAN_JS },
      { git: true },
    );
    const r = runCli(['check', '--format', 'json'], { cwd: dir });
    const out = JSON.parse(r.stdout);
    expect(out.findings).toEqual([]);
    expect(out.summary.files).toBe(1);
  });

  it('reports a syntax error under errors and still checks the other files', () => {
    const dir = tempProject({ 'broken.ts': 'const = ;\n', 'agent.js': AGENT_JS });
    const out = JSON.parse(runCli(['check', '--format', 'json'], { cwd: dir }).stdout);
    expect(out.errors).toEqual([expect.objectContaining({ file: 'broken.ts', message: expect.stringMatching(/syntax error/) })]);
    expect(out.findings).toHaveLength(1);
  });

  const AGENT_PY = `import subprocess
from langchain_core.tools import tool


@tool
def run(cmd: str) -> str:
    """Run a command."""
    return subprocess.check_output(cmd, shell=True, text=True)
`;

  it('checks Python agents, on the native and on the WebAssembly tree-sitter alike', () => {
    const dir = tempProject({ 'agent.py': AGENT_PY, 'deploy.sh': '#!/bin/sh\ncurl -fsSL https://x.example/i.sh | sh\n' });
    const outs = ['native', 'wasm'].map((backend) => {
      const r = runCli(['check', '--format', 'json'], { cwd: dir, env: { AGENTOS_TREE_SITTER: backend } });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      return JSON.parse(r.stdout);
    });
    expect(outs[0].findings.map((f: { ruleId: string; file: string; line: number; severity: string }) => [f.ruleId, f.file, f.line, f.severity])).toEqual([
      ['subprocess-shell', 'agent.py', 8, 'critical'],
      ['shell-pipe-to-shell', 'deploy.sh', 2, 'high'],
    ]);
    expect(outs[1].findings).toEqual(outs[0].findings);
  });

  it('an invalid AGENTOS_TREE_SITTER is reported per file, without a stack trace', () => {
    const dir = tempProject({ 'agent.py': AGENT_PY, 'agent.js': AGENT_JS });
    const r = runCli(['check', '--format', 'json'], { cwd: dir, env: { AGENTOS_TREE_SITTER: 'gpu' } });
    const out = JSON.parse(r.stdout);
    expect(out.errors).toEqual([{ file: 'agent.py', message: 'python analysis unavailable: AGENTOS_TREE_SITTER=gpu: expected native, wasm or auto' }]);
    expect(out.findings.map((f: { file: string }) => f.file)).toEqual(['agent.js']);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('a Python file that does not parse is listed under errors, and what parsed is still checked', () => {
    const dir = tempProject({ 'broken.py': 'import os\ndef broken(:\n    pass\nos.system(input())\n' });
    const out = JSON.parse(runCli(['check', '--format', 'json'], { cwd: dir }).stdout);
    expect(out.errors).toEqual([{ file: 'broken.py', message: expect.stringMatching(/^syntax error \(analyzed what parsed\) at line 2, column \d+: /) }]);
    expect(out.findings.map((f: { ruleId: string; line: number }) => [f.ruleId, f.line])).toEqual([['subprocess-shell', 4]]);
  });

  it('analyzes long generated expressions and deeply nested code (lowered again with a larger stack)', () => {
    const dir = tempProject({
      'long.py': `import os\nx = ${Array.from({ length: 5000 }, () => '"a"').join(' + ')}\nos.system(x)\n`,
      'deep.py': `x = ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
      'deep.js': `const x = ${Array.from({ length: 20000 }, () => '"a"').join(' + ')};\n`,
    });
    const out = JSON.parse(runCli(['check', '--format', 'json'], { cwd: dir }).stdout);
    expect(out.findings.map((f: { file: string; ruleId: string; severity: string }) => [f.file, f.ruleId, f.severity])).toEqual([['long.py', 'subprocess-shell', 'low']]);
    expect(out.errors).toEqual([]);
    expect(out.summary.files).toBe(3);
  });

  it('honours agentos-ignore comments on the line or the line above, for all rules or the ones named', () => {
    const dir = tempProject({
      'tool.py': [
        'import os, pickle',
        'def run(cmd, blob):',
        '    os.system(cmd)  # agentos-ignore',
        '    # agentos-ignore: subprocess-shell',
        '    os.system(cmd)',
        '    # agentos-ignore: code-eval',
        '    os.system(cmd)',
        '    pickle.loads(blob)  # agentos-ignore: subprocess-shell, code-unsafe-deserialization',
        '',
      ].join('\n'),
      'agent.js': "import { execSync } from 'node:child_process';\nexport function run(cmd) {\n  // agentos-ignore\n  execSync(cmd);\n}\n",
      'setup.sh': '#!/bin/sh\nsudo true # agentos-ignore: shell-sudo\nsudo false\n',
    });
    const out = JSON.parse(runCli(['check', '--format', 'json'], { cwd: dir }).stdout);
    // each of them silences something without giving a reason: that is a low finding of its own
    expect(out.findings.map((f: { file: string; line: number; ruleId: string }) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([
      'agent.js:3 suppression-without-reason',
      'setup.sh:2 suppression-without-reason',
      'setup.sh:3 shell-sudo',
      'tool.py:3 suppression-without-reason',
      'tool.py:4 suppression-without-reason',
      'tool.py:7 subprocess-shell',
      'tool.py:8 suppression-without-reason',
    ]);
  });

  it('does not take documentation samples and URL templates for leaked credentials', () => {
    const dir = tempProject({
      'module.py': [
        'EXAMPLES = """',
        '- slack:',
        '    token: xoxb-2841937465-4829173645-Qw8eR5tY2uI9oP3aS6dF1gH4',
        '"""',
        'URL_TOKEN = "{url}/realms/{realm}/protocol/openid-connect/token"',
        'SLACK_TOKEN = "xoxb-1234-56789abcdefghijklmnop"',
        'TOKEN = "xoxb-2841937465-4829173645-Qw8eR5tY2uI9oP3aS6dF1gH4"',
        '',
      ].join('\n'),
    });
    const out = JSON.parse(runCli(['check', '--format', 'json'], { cwd: dir }).stdout);
    expect(out.findings.map((f: { line: number; ruleId: string }) => `${f.line} ${f.ruleId}`)).toEqual(['7 hardcoded-secret']);
  });

  it('scopes sinks to languages, and a function of the file named like a builtin shadows it', () => {
    const dir = tempProject({
      'view.tsx': "export function Open({ id }: { id: string }) {\n  return <button onClick={() => window.open(`/files/${id}`)}>open</button>;\n}\n",
      'shadow.py': 'def open(path):\n    return path\n\ndef exec(code):\n    return code\n\nopen("/etc/passwd")\nexec(input())\n',
      'shadow.js': 'function exec(q) { return q; }\nexec(process.argv[2]);\neval(process.argv[2]);\n',
    });
    const out = JSON.parse(runCli(['check', '--format', 'json'], { cwd: dir }).stdout);
    expect(out.findings.map((f: { file: string; line: number; ruleId: string }) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['shadow.js:3 code-eval']);
  });

  it('does not report a request whose host comes from configuration while request data only reaches the path', () => {
    const dir = tempProject({
      'app/api/files/route.ts': [
        'export async function GET(req: Request) {',
        "  const id = new URL(req.url).searchParams.get('id');",
        '  const resource = process.env.AZURE_RESOURCE_NAME;',
        '  await fetch(`https://${resource}.openai.azure.com/files/${id}`);',
        '  await fetch(`https://${id}.openai.azure.com/files`);',
        '}',
      ].join('\n'),
    });
    const out = JSON.parse(runCli(['check', '--format', 'json'], { cwd: dir }).stdout);
    expect(out.findings.map((f: { line: number; ruleId: string }) => `${f.line} ${f.ruleId}`)).toEqual(['5 egress-untrusted-url']);
  });

  it('SQL from parameters of a private helper counts as constant only when every call passes a constant', () => {
    const dir = tempProject({
      'db.py': [
        'import sqlite3',
        'conn = sqlite3.connect("a.db")',
        'def _version(table):',
        '    return conn.execute(f"SELECT max(v) FROM {table}")',
        'def _count(table):',
        '    return conn.execute(f"SELECT count(*) FROM {table}")',
        'def version(table):',
        '    return conn.execute(f"SELECT min(v) FROM {table}")',
        '_version("a_migrations")',
        '_version(table="b_migrations")',
        '_count("orders")',
        '_count(input())',
        'version("c_migrations")',
        '',
      ].join('\n'),
    });
    const out = JSON.parse(runCli(['check', '--format', 'json'], { cwd: dir }).stdout);
    // `_count` is also called with input; public `version` may be called from other modules with anything
    // (low: a table name spliced where a name goes, from no untrusted origin)
    expect(out.findings.map((f: { line: number; ruleId: string; severity: string }) => `${f.line} ${f.ruleId} ${f.severity}`)).toEqual(['6 sql-injection low', '8 sql-injection low']);
  });

  it('handles empty, binary, huge and non-UTF-8 files', () => {
    const latin1 = Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from("\nimport { exec } from 'node:child_process';\nexec(process.argv[2]);\n")]);
    const dir = tempProject({
      'empty.js': '',
      'blob.js': Buffer.from([0x00, 0x01, 0x02, 0x03]),
      'huge.js': '// padding\n'.repeat(2000) + AGENT_JS,
      'latin1.js': latin1,
    });
    const r = runCli(['check', '--format', 'json', '--max-file-size', '10000'], { cwd: dir });
    const out = JSON.parse(r.stdout);
    expect(out.errors).toEqual([]);
    expect(out.summary.files).toBe(2); // empty.js and latin1.js
    expect(out.findings.map((f: { file: string }) => f.file)).toEqual(['latin1.js']);
    const text = runCli(['check', '--max-file-size', '10000'], { cwd: dir }).stdout;
    expect(text).toMatch(/blob\.js: skipped: binary content/);
    expect(text).toMatch(/huge\.js: skipped: \d+ bytes is over the size limit/);
  });

  it('reads source files saved as UTF-16 with a byte order mark (as some editors save them), also when staged', () => {
    const js = "// title\nimport { exec } from 'node:child_process';\nexec(process.argv[2]);\n";
    const py = 'import os\n\nos.system(input())\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(js, 'utf16le'), Buffer.from('\n')]); // and a stray byte a UTF-8 tool appended
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(py, 'utf16le').swap16()]);
    const dir = tempProject({ 'le.js': le, 'be.py': be });
    const places = (stdout: string) => JSON.parse(stdout).findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`);
    const r = runCli(['check', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(r.stdout).errors).toEqual([]);
    expect(places(r.stdout)).toEqual(['be.py:3', 'le.js:3']);
    spawnSync('git', ['init', '-q'], { cwd: dir });
    spawnSync('git', ['add', '-A'], { cwd: dir });
    expect(places(runCli(['check', '--staged', '--format', 'json'], { cwd: dir }).stdout)).toEqual(['be.py:3', 'le.js:3']);
  });

  it('survives symlink loops and broken links', () => {
    const dir = tempProject({ 'agent.js': AGENT_JS });
    symlinkSync('loop-b.js', path.join(dir, 'loop-a.js'));
    symlinkSync('loop-a.js', path.join(dir, 'loop-b.js'));
    symlinkSync('nowhere.js', path.join(dir, 'dangling.js'));
    symlinkSync('.', path.join(dir, 'self'));
    const r = runCli(['check', '--format', 'json'], { cwd: dir });
    const out = JSON.parse(r.stdout);
    expect(out.findings).toHaveLength(1);
    const errs = Object.fromEntries(out.errors.map((e: { file: string; message: string }) => [e.file, e.message]));
    expect(errs['loop-a.js']).toBe('symbolic link loop');
    expect(errs['dangling.js']).toBe('broken symbolic link');
  });

  // root reads any file: run the CLI as `nobody` when that user can reach the program
  const asNobody = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
  const nobodyCanRun =
    spawnSync(asNobody[0] ?? process.execPath, [...asNobody.slice(1), ...(asNobody.length ? [process.execPath] : []), '-e', `require('fs').accessSync(${JSON.stringify(binPath)})`]).status === 0;

  it.skipIf(!nobodyCanRun)('reports unreadable files (run as an unprivileged user)', () => {
    const dir = tempProject({ 'agent.js': AGENT_JS, 'secret.js': CLEAN_JS });
    chmodSync(path.join(dir, 'secret.js'), 0o000);
    const r = runCli(['check', '--format', 'json'], { cwd: dir, prefix: asNobody.length ? asNobody : undefined });
    const out = JSON.parse(r.stdout);
    expect(out.errors).toEqual([{ file: 'secret.js', message: 'permission denied' }]);
    expect(out.findings).toHaveLength(1);
  });

  it('reports a permission error from the reader as "permission denied"', async () => {
    const dir = tempProject({ 'a.js': AGENT_JS, 'b.js': CLEAN_JS });
    const result = await runCheck({
      cwd: dir,
      config: defaultConfig(dir),
      rules: loadRules(undefined, CHECK_NAMES),
      readFile: async (p) => {
        if (p.endsWith('b.js')) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        return readFileSync(p);
      },
    });
    expect(result.errors).toEqual([{ file: 'b.js', message: 'permission denied' }]);
  });

  it('names a file that vanished between listing and reading', async () => {
    const dir = tempProject({ 'a.js': AGENT_JS, 'b.js': CLEAN_JS });
    const result = await runCheck({
      cwd: dir,
      config: defaultConfig(dir),
      rules: loadRules(undefined, CHECK_NAMES),
      readFile: async (p) => {
        if (p.endsWith('b.js')) {
          unlinkSync(p);
          throw Object.assign(new Error('gone'), { code: 'ENOENT' });
        }
        return readFileSync(p);
      },
    });
    expect(result.errors).toEqual([{ file: 'b.js', message: 'file vanished while scanning' }]);
    expect(result.findings).toHaveLength(1);
  });

  it('reads files several at a time and still reports them in file order', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`f${String(i).padStart(2, '0')}.js`] = i % 3 === 0 ? AGENT_JS : CLEAN_JS;
    files['big.bin.js'] = 'x';
    const dir = tempProject(files);
    let inFlight = 0;
    let most = 0;
    const result = await runCheck({
      cwd: dir,
      config: defaultConfig(dir),
      rules: loadRules(undefined, CHECK_NAMES),
      readFile: async (p) => {
        inFlight++;
        most = Math.max(most, inFlight);
        // later files finish first
        const n = Number(/f(\d+)/.exec(p)?.[1] ?? 0);
        await new Promise((r) => setTimeout(r, 40 - n));
        inFlight--;
        if (p.endsWith('big.bin.js')) return Buffer.from([0, 1, 2, 0, 0, 0]);
        return readFileSync(p);
      },
    });
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(16);
    expect(result.summary.files).toBe(40);
    const order = [...result.sources.keys()];
    expect(order).toEqual([...order].sort());
    expect(result.findings.map((f) => f.file)).toEqual(Object.keys(files).filter((f, i) => f !== 'big.bin.js' && i % 3 === 0));
    expect(result.skipped).toEqual([{ file: 'big.bin.js', message: 'skipped: binary content', kind: 'binary' }]);
  });

  it('prints help with examples and the version', () => {
    const dir = tempProject({});
    const help = runCli(['check', '--help'], { cwd: dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toMatch(/AGENTOS_TREE_SITTER\s+native \| wasm \| auto/);
    const v = runCli(['--version'], { cwd: dir });
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  });

  it('lists rules and shows one with its examples', () => {
    const dir = tempProject({});
    const list = runCli(['rules'], { cwd: dir });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/sql-destructive\s+destructive-sql\s+high/);
    const show = runCli(['rules', 'show', 'sql-injection'], { cwd: dir });
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('CWE-89');
    expect(show.stdout).toContain('expect: sql-injection');
    const missing = runCli(['rules', 'show', 'nope'], { cwd: dir });
    expect(missing.code).toBe(2);
  });
});

describe('rule examples', () => {
  it('are read only when asked for: a check runs with every example file gone', async () => {
    const rulesDir = mkdtempSync(path.join(os.tmpdir(), 'agentos-rules-'));
    cpSync(path.join(repoRoot, 'rules'), rulesDir, { recursive: true });
    const rules = loadRules(rulesDir, CHECK_NAMES);
    for (const name of readdirSync(rulesDir)) if (name.includes('.example.')) unlinkSync(path.join(rulesDir, name));
    const dir = tempProject({ 'tool.py': 'import subprocess\ndef run(cmd):\n    subprocess.run(cmd, shell=True)\n' });
    const result = await runCheck({ cwd: dir, config: defaultConfig(dir), rules });
    expect(result.findings.map((f) => f.ruleId)).toEqual(['subprocess-shell']);
    // ...and asked for, they are read then
    expect(() => rules[0]!.examples).toThrow(/ENOENT/);
    rmSync(rulesDir, { recursive: true, force: true });
  });
});

describe('agentos check with the result cache inside the project', () => {
  it('does not check the cache directory --cache-location names, run after run', () => {
    const dir = tempProject({ 'tool.py': 'import subprocess\ndef run(cmd):\n    subprocess.run(cmd, shell=True)\n' });
    const runs = [1, 2].map(() => runCli(['check', '--cache-location', '.agentos-cache', '--format', 'json'], { cwd: dir }));
    expect(readdirSync(path.join(dir, '.agentos-cache')).length).toBeGreaterThan(0);
    for (const r of runs) {
      expect(JSON.parse(r.stdout).errors).toEqual([]);
      expect(JSON.parse(r.stdout).summary.files).toBe(1);
    }
  });
});

describe('agentos check on configuration files', () => {
  it('reports MCP client configuration hazards and secrets at the exact key or value', () => {
    const mcp = [
      '// Cursor: JSON with comments',
      '{',
      '  "mcpServers": {',
      '    "fs": {',
      '      "command": "npx",',
      '      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/"],',
      '      "env": { "GITHUB_TOKEN": "ghp_yiyxC7YKYVK7SCwuP7tQPZyX9CekNoVXAuXr" },',
      '    },',
      '  },',
      '}',
    ].join('\n');
    const dir = tempProject({
      '.cursor/mcp.json': mcp,
      '.env': 'DB_PASSWORD=q7Wz3xPk9Lm2\n',
      Dockerfile: 'FROM node:20\nENV STRIPE_KEY=sk_live_uLNKYFyRB5KheZ5brvLeiWBX\n',
      'deploy.sh': '#!/bin/sh\npsql "$DATABASE_URL" -c "DROP TABLE sessions"\n',
      'agentos.config.yaml': 'policy: standard\n',
    });
    const r = runCli(['check', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    const at = out.findings.map((f: { ruleId: string; file: string; line: number; column: number }) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);
    expect(at).toEqual([
      '.cursor/mcp.json:6:22 mcp-unpinned-server',
      '.cursor/mcp.json:6:65 mcp-broad-filesystem-root',
      '.cursor/mcp.json:7:32 hardcoded-secret',
      '.cursor/mcp.json:7:32 mcp-inline-secret',
      '.env:1:13 hardcoded-secret',
      'Dockerfile:2:16 hardcoded-secret',
      'deploy.sh:2:25 sql-destructive',
    ]);
    // the configuration of the check itself is not one of the checked files
    expect(out.summary.files).toBe(4);
    expect(out.errors).toEqual([]);
  });

  it('lists a configuration file that does not parse under errors, with the line', () => {
    const dir = tempProject({ 'broken.json': '{\n  "a": 1\n  "b": 2\n}\n', 'bad.toml': 'a = [1,\n' });
    const out = JSON.parse(runCli(['check', '--format', 'json'], { cwd: dir }).stdout);
    expect(out.errors).toEqual([
      { file: 'bad.toml', message: expect.stringMatching(/syntax error .*line 2/) },
      { file: 'broken.json', message: expect.stringMatching(/syntax error .*line 3/) },
    ]);
  });
});

describe('the repository itself', () => {
  it('passes its own check: every production finding is fixed or suppressed with a reason', () => {
    const r = runCli(['check', '--format', 'json', '--no-color'], { cwd: repoRoot, env: { CI: 'true' } });
    const doc = JSON.parse(r.stdout);
    const gating = doc.findings.filter((f: { context: string }) => f.context === 'production');
    expect(gating).toEqual([]);
    expect(doc.errors).toEqual([]);
    expect(r.code).toBe(0);
  }, 120_000);
});
