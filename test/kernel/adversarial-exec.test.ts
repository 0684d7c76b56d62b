/**
 * Adversarial suite, program option and environment injection, with the real git binary
 * in temporary repositories. Each hostile family is first run directly (outside the
 * kernel) to show that it really makes git start a marker command; then `kernel.check`
 * must deny it and `ctx.exec` must refuse it before anything runs. Ordinary uses that
 * merely contain option text (`git grep -e --upload-pack`) stay allowed and really run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KernelSpace, PolicyViolation, readAuditRecords, type GovernedContext } from '../../src/kernel/index.js';

const hasGit = spawnSync('git', ['--version']).status === 0;
if (!hasGit) console.warn('adversarial-exec: git is not installed; the git families are skipped');

let tmp: string;
let root: string;
let n = 0;

const IDENTITY = { GIT_AUTHOR_NAME: 'Agent', GIT_AUTHOR_EMAIL: 'agent@example.com', GIT_COMMITTER_NAME: 'Agent', GIT_COMMITTER_EMAIL: 'agent@example.com' };

function git(cwd: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync('git', args, { cwd, env: { ...process.env, ...IDENTITY, GIT_CONFIG_NOSYSTEM: '1', ...env }, encoding: 'utf8' });
}

/** A fresh repository with one commit, a tracked file changed in the work tree, inside the sandbox root. */
function repo(): string {
  const dir = path.join(root, `repo-${++n}`);
  mkdirSync(dir);
  git(dir, ['init', '-q']);
  writeFileSync(path.join(dir, 'notes.txt'), 'the option --upload-pack is a search pattern here\n');
  git(dir, ['add', 'notes.txt']);
  git(dir, ['commit', '-q', '-m', 'init']);
  writeFileSync(path.join(dir, 'notes.txt'), 'changed\n');
  return dir;
}

beforeAll(() => {
  tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'agentos-adv-exec-')));
  root = path.join(tmp, 'ws');
  mkdirSync(root);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const kernelFor = (record?: string) =>
  new KernelSpace({ preset: 'strict', sandbox: { roots: [root] }, commands: { allow: ['git'] }, ...(record ? { recorder: { path: record } } : {}) });

interface Family {
  name: string;
  /** the hostile argv (after `git`) and environment, with MARK replaced by the marker path */
  args: string[];
  env?: Record<string, string>;
  /** how to show the hazard directly: the commands run outside the kernel (default: the hostile one) */
  direct?: { args: string[]; env?: Record<string, string> }[];
  rule: string;
  reason: RegExp;
}

const FAMILIES: Family[] = [
  { name: 'git -c core.fsmonitor', args: ['-c', 'core.fsmonitor=touch MARK', 'status'], rule: 'subprocess-shell', reason: /git -c core\.fsmonitor/ },
  { name: 'git -c alias.x=!cmd', args: ['-c', 'alias.x=!touch MARK', 'x'], rule: 'subprocess-shell', reason: /git -c alias\.x/ },
  { name: 'git -c core.sshCommand', args: ['-c', 'core.sshCommand=touch MARK', 'ls-remote', 'ssh://example.invalid/r'], rule: 'subprocess-shell', reason: /core\.sshCommand/ },
  {
    name: 'git config core.fsmonitor (written, run by the next git)',
    args: ['config', 'core.fsmonitor', 'touch MARK'],
    direct: [{ args: ['config', 'core.fsmonitor', 'touch MARK'] }, { args: ['status'] }],
    rule: 'subprocess-shell',
    reason: /git config core\.fsmonitor/,
  },
  {
    name: 'git config alias.z (written, run by git z)',
    args: ['config', 'alias.z', '!touch MARK'],
    direct: [{ args: ['config', 'alias.z', '!touch MARK'] }, { args: ['z'] }],
    rule: 'subprocess-shell',
    reason: /git config alias\.z/,
  },
  {
    name: 'git config --file into the repository config',
    args: ['config', '--file', '.git/config', 'core.fsmonitor', 'touch MARK'],
    direct: [{ args: ['config', '--file', '.git/config', 'core.fsmonitor', 'touch MARK'] }, { args: ['status'] }],
    rule: 'subprocess-shell',
    reason: /another file/,
  },
  { name: 'git clone --upload-pack', args: ['clone', '-q', '--upload-pack=touch MARK; git-upload-pack', 'SRC', 'DST'], rule: 'subprocess-shell', reason: /git clone --upload-pack/ },
  { name: 'git clone -u', args: ['clone', '-q', '-u', 'touch MARK; git-upload-pack', 'SRC', 'DST'], rule: 'subprocess-shell', reason: /git clone --upload-pack/ },
  { name: 'git -c protocol.ext.allow + ext:: URL', args: ['-c', 'protocol.ext.allow=always', 'ls-remote', 'ext::touch MARK'], rule: 'subprocess-shell', reason: /protocol\.ext\.allow/ },
  {
    name: 'git rebase --exec',
    args: ['rebase', '--exec', 'touch MARK', 'HEAD~1'],
    direct: [{ args: ['commit', '-q', '-a', '-m', 'second'] }, { args: ['rebase', '--exec', 'touch MARK', 'HEAD~1'] }],
    rule: 'subprocess-shell',
    reason: /git rebase --exec/,
  },
  {
    name: 'GIT_CONFIG_COUNT/KEY/VALUE defining an alias',
    args: ['x'],
    env: { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'alias.x', GIT_CONFIG_VALUE_0: '!touch MARK' },
    rule: 'subprocess-shell',
    reason: /GIT_CONFIG_COUNT/,
  },
  { name: 'GIT_CONFIG_PARAMETERS', args: ['status'], env: { GIT_CONFIG_PARAMETERS: "'core.fsmonitor'='touch MARK'" }, rule: 'subprocess-shell', reason: /GIT_CONFIG_PARAMETERS/ },
  { name: 'GIT_EXTERNAL_DIFF', args: ['diff'], env: { GIT_EXTERNAL_DIFF: 'touch MARK' }, rule: 'subprocess-shell', reason: /GIT_EXTERNAL_DIFF/ },
  { name: 'GIT_SSH_COMMAND', args: ['ls-remote', 'ssh://example.invalid/r'], env: { GIT_SSH_COMMAND: 'touch MARK' }, rule: 'subprocess-shell', reason: /GIT_SSH_COMMAND/ },
  { name: 'GIT_CONFIG_GLOBAL pointing at a hostile file', args: ['status'], env: { GIT_CONFIG_GLOBAL: 'HOSTILECFG' }, rule: 'subprocess-shell', reason: /GIT_CONFIG_GLOBAL/ },
];

/** Substitute the per-case paths into argv and env. */
function fill(s: string, vars: Record<string, string>): string {
  return s.replace(/MARK|SRC|DST|HOSTILECFG/g, (k) => vars[k]!);
}

describe.skipIf(!hasGit)('program and environment injection (real git)', () => {
  for (const f of FAMILIES) {
    it(`${f.name}: really runs a program, and the kernel denies it`, async () => {
      const dir = repo();
      const mark = path.join(tmp, `marker-${n}`);
      const hostileCfg = path.join(tmp, `hostile-${n}.gitconfig`);
      writeFileSync(hostileCfg, `[core]\n\tfsmonitor = touch ${mark}\n`);
      const vars = { MARK: mark, SRC: dir, DST: path.join(root, `clone-${n}`), HOSTILECFG: hostileCfg };
      const args = f.args.map((a) => fill(a, vars));
      const env = Object.fromEntries(Object.entries(f.env ?? {}).map(([k, v]) => [k, fill(v, vars)]));

      // 1. the hazard is real: run outside the kernel, git starts the marker command
      for (const step of f.direct ?? [{ args: f.args, env: f.env }]) git(dir, step.args.map((a) => fill(a, vars)), Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, fill(v, vars)])));
      expect(existsSync(mark), `${f.name} did not run the marker outside the kernel`).toBe(true);
      rmSync(mark);

      // 2. kernel.check denies it, whatever the allowlist says
      const record = path.join(tmp, `rec-${n}.jsonl`);
      const kernel = kernelFor(record);
      const decision = kernel.check({ kind: 'exec', command: 'git', args, ...(f.env ? { env } : {}) });
      expect(decision.allowed).toBe(false);
      expect(decision.ruleId).toBe(f.rule);
      expect(decision.reason).toMatch(f.reason);

      // 3. ctx.exec refuses it before spawning: no marker, the denial recorded (env redacted as any action)
      const fresh = repo();
      const agent = kernel.register(async (ctx: GovernedContext) => {
        try {
          await ctx.exec('git', args.map((a) => a.replace(dir, fresh)), { cwd: fresh, env });
          return 'ran';
        } catch (err) {
          return err instanceof PolicyViolation ? err.ruleId : String(err);
        }
      });
      expect(await kernel.execute(agent, undefined)).toBe(f.rule);
      expect(existsSync(mark)).toBe(false);
      const denied = readAuditRecords(record).filter((r) => r.verdict === 'deny');
      expect(denied).toHaveLength(1);
      expect((denied[0]!.action as { env?: unknown }).env ?? {}).toEqual(env);
    });
  }

  it('option text inside values stays allowed and really runs: grep patterns, log formats, commit messages', async () => {
    const dir = repo();
    const kernel = kernelFor();
    const cases: string[][] = [
      ['grep', '-e', '--upload-pack', '--', 'notes.txt'],
      ['log', '--format=--exec=%s', '-n', '1'],
      ['commit', '-q', '-a', '-m', '-c core.pager=touch /tmp/x --upload-pack=y'],
      ['log', '--grep', '--receive-pack', '--oneline'],
    ];
    for (const args of cases) expect(kernel.check({ kind: 'exec', command: 'git', args, env: IDENTITY }), args.join(' ')).toEqual({ allowed: true });
    const agent = kernel.register(async (ctx: GovernedContext) => {
      const out: string[] = [];
      // grep runs on the committed text before the commit below changes it
      for (const args of cases) out.push((await ctx.exec('git', ['-c', 'user.useConfigOnly=false', ...args], { cwd: dir, env: IDENTITY })).stdout);
      return out;
    });
    const [grep, log, , logGrep] = await kernel.execute(agent, undefined);
    expect(grep).toBe('');
    expect(log).toBe('--exec=init\n');
    expect(git(dir, ['log', '-1', '--format=%s']).stdout).toBe('-c core.pager=touch /tmp/x --upload-pack=y\n');
    expect(logGrep).toBe('');
  });

  it('hardening settings are allowed and really switch off what a hostile repository configures', async () => {
    const dir = repo();
    const mark = path.join(tmp, `hardened-${n}`);
    // the repository (an agent's checkout of untrusted code) names an fsmonitor hook and a hooks folder
    git(dir, ['config', 'core.fsmonitor', `touch ${mark}`]);
    // (without the settings the hook runs: the hazard is real)
    git(dir, ['status']);
    expect(existsSync(mark)).toBe(true);
    rmSync(mark);
    const args = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', 'status', '--porcelain'];
    const kernel = kernelFor();
    expect(kernel.check({ kind: 'exec', command: 'git', args })).toEqual({ allowed: true });
    const agent = kernel.register(async (ctx: GovernedContext) => ctx.exec('git', args, { cwd: dir }));
    const r = await kernel.execute(agent, undefined);
    expect(r.code).toBe(0);
    expect(existsSync(mark)).toBe(false);
    // a value that names a program is still denied
    expect(kernel.check({ kind: 'exec', command: 'git', args: ['-c', `core.fsmonitor=touch ${mark}`, 'status'] }).allowed).toBe(false);
  });

  it('git grep -e --upload-pack finds the pattern in the work tree', async () => {
    const dir = repo();
    writeFileSync(path.join(dir, 'notes.txt'), 'see --upload-pack\n');
    const kernel = kernelFor();
    const agent = kernel.register(async (ctx: GovernedContext) => ctx.exec('git', ['grep', '-e', '--upload-pack'], { cwd: dir }));
    const r = await kernel.execute(agent, undefined);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('notes.txt:see --upload-pack\n');
    expect(readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toContain('--upload-pack');
  });
});

describe('environment injection for other programs (kernel.check)', () => {
  const kernel = new KernelSpace({ preset: 'strict', sandbox: { roots: [os.tmpdir()] }, commands: { allow: ['ls', 'node', 'python3', 'make', 'less', 'npm'] } });
  const cases: [string, Record<string, string>][] = [
    ['ls', { LD_PRELOAD: '/tmp/evil.so' }],
    ['ls', { LD_AUDIT: '/tmp/evil.so' }],
    ['node', { NODE_OPTIONS: '--require=/tmp/evil.js' }],
    ['python3', { PYTHONSTARTUP: '/tmp/evil.py' }],
    ['make', { BASH_ENV: '/tmp/evil.sh' }],
    ['make', { MAKEFLAGS: '--eval=all:;id' }],
    ['less', { LESSOPEN: '|id %s' }],
    ['npm', { NPM_CONFIG_SCRIPT_SHELL: '/tmp/evil' }],
    ['ls', { PAGER: 'id' }],
    ['ls', { EDITOR: 'id' }],
  ];
  it.each(cases)('%s with %j is denied with a reason', (command, env) => {
    const d = kernel.check({ kind: 'exec', command, args: ['x'], env });
    expect(d.allowed).toBe(false);
    expect(d.ruleId).toBe('subprocess-shell');
    expect(d.reason).toMatch(new RegExp(`environment variable \`${Object.keys(env)[0]}\` is denied: `));
  });

  it('wrapTool exec actions pass the environment through', async () => {
    const tool = kernel.wrapTool(async (input: { command: string; args: string[]; env?: Record<string, string> }) => input.command, { action: 'exec' });
    await expect(tool({ command: 'ls', args: [], env: { LD_PRELOAD: '/tmp/evil.so' } })).rejects.toThrow(/LD_PRELOAD/);
    await expect(tool({ command: 'ls', args: [], env: { LANG: 'C' } })).resolves.toBe('ls');
  });

  it('a variable removed (undefined) or given the value the program gets anyway is no injection', () => {
    expect(kernel.check({ kind: 'exec', command: 'ls', env: { LD_PRELOAD: undefined } as never })).toEqual({ allowed: true });
  });
});

describe('ctx.exec checks the environment it is given', () => {
  it('denies a hostile variable before spawning, passes harmless ones, records env with secrets redacted', async () => {
    const record = path.join(tmp, 'env-rec.jsonl');
    const kernel = new KernelSpace({ preset: 'strict', sandbox: { roots: [root] }, commands: { allow: ['printenv'] }, recorder: { path: record } });
    const token = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
    const agent = kernel.register(async (ctx: GovernedContext) => {
      const out: string[] = [];
      out.push((await ctx.exec('printenv', ['GIVEN'], { env: { GIVEN: 'yes', GITHUB_TOKEN: token } })).stdout.trim());
      // the value the program gets anyway is no change
      out.push((await ctx.exec('printenv', ['PATH'], { env: { PATH: process.env.PATH! } })).stdout.trim() === process.env.PATH ? 'same PATH' : 'other PATH');
      for (const env of [{ LD_PRELOAD: path.join(tmp, 'evil.so') }, { PATH: `${tmp}:${process.env.PATH}` }, { BASH_ENV: path.join(tmp, 'x.sh') }]) {
        try {
          await ctx.exec('printenv', [], { env });
          out.push('ran');
        } catch (err) {
          out.push(err instanceof PolicyViolation ? `${err.ruleId}: ${err.reason.split(':')[0]}` : String(err));
        }
      }
      return out;
    });
    expect(await kernel.execute(agent, undefined)).toEqual([
      'yes',
      'same PATH',
      'subprocess-shell: environment variable `LD_PRELOAD` is denied',
      'subprocess-shell: environment variable `PATH` is denied',
      'subprocess-shell: environment variable `BASH_ENV` is denied',
    ]);
    const records = readAuditRecords(record);
    const first = records[0]!.action as { env?: Record<string, string> };
    expect(first.env?.GIVEN).toBe('yes');
    expect(first.env?.GITHUB_TOKEN).toMatch(/^\[REDACTED/);
    expect(readFileSync(record, 'utf8')).not.toContain(token);
    expect((records[1]!.action as { env?: unknown }).env).toBeUndefined();
    expect(records.slice(2).map((r) => r.verdict)).toEqual(['deny', 'deny', 'deny']);
  });
});

describe('option injection in other allowed programs (real binaries)', () => {
  const has = (p: string) => spawnSync('sh', ['-c', `command -v ${p}`]).status === 0;
  const families: { program: string; args: string[]; reason: RegExp }[] = [
    { program: 'find', args: ['.', '-maxdepth', '0', '-exec', 'touch', 'MARK', ';'], reason: /find -exec/ },
    { program: 'tar', args: ['-cf', '/dev/null', 'notes.txt', '--checkpoint=1', '--checkpoint-action=exec=touch MARK'], reason: /checkpoint-action/ },
    { program: 'tar', args: ['-cf', '/dev/null', '--use-compress-program=touch MARK #', 'notes.txt'], reason: /use-compress-program/ },
    { program: 'awk', args: ['BEGIN { system("touch MARK") }'], reason: /system\(\)/ },
    { program: 'awk', args: ['BEGIN { print "x" | "touch MARK" }'], reason: /pipe/ },
    { program: 'sed', args: ['-n', '1e touch MARK', 'notes.txt'], reason: /sed e/ },
    { program: 'sed', args: ['-n', 's#.*#touch MARK#ep', 'notes.txt'], reason: /sed s\/\/\/e/ },
    { program: 'make', args: ['-f', '/dev/null', '--eval=all:;@touch MARK'], reason: /make/ },
    { program: 'zip', args: ['-q', 'ZIP', 'notes.txt', '-T', '-TT', 'touch MARK #'], reason: /zip -TT/ },
  ];
  for (const f of families) {
    it.skipIf(!has(f.program))(`${f.program} ${f.args.join(' ').slice(0, 60)}: runs a program, and the kernel denies it`, async () => {
      const dir = path.join(root, `prog-${++n}`);
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'notes.txt'), 'line\n');
      const mark = path.join(dir, 'MARKED');
      const args = f.args.map((a) => a.replace('MARK', mark).replace('ZIP', path.join(dir, 'a.zip')));
      spawnSync(f.program, args, { cwd: dir, encoding: 'utf8' });
      expect(existsSync(mark), `${f.program} did not run the marker outside the kernel`).toBe(true);
      rmSync(mark);
      const kernel = new KernelSpace({ preset: 'strict', sandbox: { roots: [root] }, commands: { allow: [f.program] } });
      const d = kernel.check({ kind: 'exec', command: f.program, args });
      expect(d).toMatchObject({ allowed: false, ruleId: 'subprocess-shell' });
      expect(d.reason).toMatch(f.reason);
      const agent = kernel.register(async (ctx: GovernedContext) => ctx.exec(f.program, args, { cwd: dir }).then(() => 'ran', (e) => (e instanceof PolicyViolation ? e.ruleId : String(e))));
      expect(await kernel.execute(agent, undefined)).toBe('subprocess-shell');
      expect(existsSync(mark)).toBe(false);
    });
  }
});
