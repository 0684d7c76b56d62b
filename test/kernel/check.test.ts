/**
 * kernel.check end to end: the decisions an attacker who controls tool arguments can
 * provoke, through the real shared classifiers. Benign actions must pass.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/types.js';
import { KernelSpace, Policy, type KernelAction } from '../../src/kernel/index.js';

let tmp: string;
let root: string;

beforeAll(() => {
  tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'agentos-check-')));
  root = path.join(tmp, 'ws');
  mkdirSync(path.join(root, 'sub'), { recursive: true });
  mkdirSync(path.join(tmp, 'ws-evil'));
  writeFileSync(path.join(root, 'notes.txt'), 'notes');
  writeFileSync(path.join(tmp, 'secret.txt'), 'secret');
  symlinkSync(path.join(tmp), path.join(root, 'up')); // directory link leaving the root
  symlinkSync(path.join(tmp, 'secret.txt'), path.join(root, 'escape.txt')); // file link leaving the root
  symlinkSync(path.join(root, 'sub'), path.join(root, 'inner')); // link that stays inside
  symlinkSync(path.join(root, 'loop-a'), path.join(root, 'loop-b'));
  symlinkSync(path.join(root, 'loop-b'), path.join(root, 'loop-a'));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function expectDenied(kernel: KernelSpace, action: KernelAction, ruleId: string): string {
  const d = kernel.check(action);
  expect(d, JSON.stringify(action)).toMatchObject({ allowed: false, ruleId });
  expect(typeof d.reason).toBe('string');
  expect(d.reason!.length).toBeGreaterThan(0);
  return d.reason!;
}

function expectAllowed(kernel: KernelSpace, action: KernelAction): void {
  const d = kernel.check(action);
  expect(d, `${JSON.stringify(action)} -> ${d.reason}`).toEqual({ allowed: true });
}

describe('sql-destructive', () => {
  const kernel = new KernelSpace({ policies: [Policy.noDestructiveSql()] });

  it.each([
    'DROP TABLE users',
    'drop table users',
    'DrOp TaBlE users',
    'TRUNCATE users',
    'DELETE FROM users',
    'DeLeTe FrOm users',
    'DELETE FROM users WHERE 1=1',
    "DELETE FROM users WHERE 'a' = 'a'",
    'DELETE FROM users WHERE true',
    "DELETE FROM users WHERE id = 5 OR 'x'='x'",
    'DELETE FROM users -- WHERE id = 1',
    'DELETE FROM users /* WHERE id = 1 */',
    'UPDATE users SET admin = true',
    'UPDATE users SET admin = true WHERE 1 OR id = 5',
    'SELECT 1; DROP TABLE users',
    'SELECT * FROM users WHERE id = 1;DROP TABLE users --',
    '/* harmless */ DROP TABLE users',
    'DR/**/OP TABLE users; DROP TABLE users',
    'WITH gone AS (DELETE FROM users RETURNING *) SELECT * FROM gone',
    'ALTER TABLE users DROP COLUMN email',
  ])('denies %j', (sql) => {
    expectDenied(kernel, { kind: 'sql', sql }, 'sql-destructive');
  });

  it('reads MySQL executable comments as code', () => {
    expectDenied(kernel, { kind: 'sql', sql: 'SELECT 1 /*!50000 ; DROP TABLE users */', dialect: 'mysql' }, 'sql-destructive');
    // without a dialect, every dialect's reading is checked and the worst wins
    expectDenied(kernel, { kind: 'sql', sql: 'SELECT 1 /*!50000 ; DROP TABLE users */' }, 'sql-destructive');
  });

  it('reads each dialect with its own quoting rules; without one, the worst reading wins', () => {
    // MySQL: the backslash escapes the quote, all of it is one string. Postgres: the string ends at \', DROP runs.
    const sql = "SELECT * FROM t WHERE name = 'x\\'; DROP TABLE users; -- '";
    expectAllowed(kernel, { kind: 'sql', sql, dialect: 'mysql' });
    expectDenied(kernel, { kind: 'sql', sql, dialect: 'postgres' }, 'sql-destructive');
    expectDenied(kernel, { kind: 'sql', sql }, 'sql-destructive');
    expectDenied(kernel, { kind: 'sql', sql, dialect: 'oracle' }, 'sql-destructive');
  });

  it('fails closed on SQL that does not parse, saying so', () => {
    const reason = expectDenied(kernel, { kind: 'sql', sql: "SELECT * FROM users WHERE name = 'open" }, 'sql-destructive');
    expect(reason).toMatch(/pars/i);
  });

  it('fails closed on a malformed action', () => {
    expectDenied(kernel, { kind: 'sql' } as unknown as KernelAction, 'sql-destructive');
    expectDenied(kernel, { kind: 'sql', sql: 42 } as unknown as KernelAction, 'sql-destructive');
    expect(kernel.check(null as unknown as KernelAction).allowed).toBe(false);
    expect(kernel.check('DROP TABLE x' as unknown as KernelAction).allowed).toBe(false);
  });

  it.each([
    'SELECT * FROM users WHERE id = $1',
    'SELECT name, email FROM users ORDER BY name LIMIT 10',
    'INSERT INTO logs (msg) VALUES (?)',
    'DELETE FROM sessions WHERE id = ?',
    'UPDATE users SET name = $1 WHERE id = $2',
    "SELECT '; DROP TABLE users' AS s",
    'SELECT 1 -- DROP TABLE users',
    "SELECT * FROM t WHERE note = 'delete from users'",
    'WITH recent AS (SELECT * FROM orders WHERE day > $1) SELECT count(*) FROM recent',
  ])('allows %j', (sql) => {
    expectAllowed(kernel, { kind: 'sql', sql });
  });
});

describe('file-outside-sandbox', () => {
  let kernel: KernelSpace;
  beforeAll(() => {
    kernel = new KernelSpace({ policies: [Policy.fileAccess(root)] });
  });

  it.each([
    ['parent traversal', () => '../secret.txt'],
    ['deep traversal', () => 'sub/../../secret.txt'],
    ['absolute outside', () => '/etc/passwd'],
    ['sibling with the root as prefix', () => path.join(tmp, 'ws-evil', 'x.txt')],
    ['traversal into the prefix sibling', () => `${root}/../ws-evil/a`],
    ['directory symlink leaving the root', () => path.join(root, 'up', 'secret.txt')],
    ['file symlink leaving the root', () => path.join(root, 'escape.txt')],
    ['new file under a symlink leaving the root', () => path.join(root, 'up', 'new', 'file.txt')],
    ['NUL byte', () => `${root}/notes.txt\0../../etc/passwd`],
    ['home directory without a configured home', () => '~/notes.txt'],
    ['another user home', () => '~root/.ssh/id_rsa'],
  ])('denies %s', (_label, p) => {
    for (const op of ['read', 'write', 'delete', 'list'] as const) expectDenied(kernel, { kind: 'file', path: p(), op }, 'file-outside-sandbox');
  });

  it('fails closed on a path that cannot be resolved (symlink loop)', () => {
    const d = kernel.check({ kind: 'file', path: path.join(root, 'loop-a', 'x'), op: 'read' });
    expect(d.allowed).toBe(false);
    expect(d.ruleId).toBe('file-outside-sandbox');
  });

  it('fails closed on a malformed file action', () => {
    expectDenied(kernel, { kind: 'file', path: 'notes.txt', op: 'chmod' } as unknown as KernelAction, 'file-outside-sandbox');
    expectDenied(kernel, { kind: 'file', op: 'read' } as unknown as KernelAction, 'file-outside-sandbox');
  });

  it.each([
    ['absolute inside', () => path.join(root, 'notes.txt')],
    ['relative to the root', () => 'notes.txt'],
    ['dot segments that stay inside', () => 'sub/../notes.txt'],
    ['a file that does not exist yet', () => path.join(root, 'newdir', 'new.txt')],
    ['a symlink that stays inside', () => path.join(root, 'inner', 'x.txt')],
    ['the root itself', () => root],
  ])('allows %s', (_label, p) => {
    expectAllowed(kernel, { kind: 'file', path: p(), op: 'read' });
    expectAllowed(kernel, { kind: 'file', path: p(), op: 'write' });
  });

  it('expands ~ only with a configured home, and still confines it', () => {
    const k = new KernelSpace({ policies: [Policy.fileAccess(root)], home: root });
    expectAllowed(k, { kind: 'file', path: '~/notes.txt', op: 'read' });
    expectDenied(k, { kind: 'file', path: '~/../secret.txt', op: 'read' }, 'file-outside-sandbox');
  });

  it('judges relative paths against the kernel cwd when one is given', () => {
    const k = new KernelSpace({ policies: [Policy.fileAccess(root)], cwd: path.join(root, 'sub') });
    expectAllowed(k, { kind: 'file', path: '../notes.txt', op: 'read' });
    expectDenied(k, { kind: 'file', path: '../../secret.txt', op: 'read' }, 'file-outside-sandbox');
  });
});

describe('subprocess-shell and subprocess-not-allowlisted', () => {
  const kernel = new KernelSpace({ policies: [Policy.noShell(), Policy.allowCommands(['git', 'ls', 'echo'])] });

  it.each<[string, KernelAction]>([
    ['sh -c', { kind: 'exec', command: 'sh', args: ['-c', 'ls'] }],
    ['bash', { kind: 'exec', command: 'bash', args: ['-c', 'id'] }],
    ['absolute shell', { kind: 'exec', command: '/bin/sh', args: ['-c', 'id'] }],
    ['shell: true', { kind: 'exec', command: 'ls -la; rm -rf ~', shell: true }],
    ['shell: true with an allowed program', { kind: 'exec', command: 'git status', shell: true }],
    ['env wrapper', { kind: 'exec', command: 'env', args: ['sh', '-c', 'id'] }],
    ['xargs wrapper', { kind: 'exec', command: 'xargs', args: ['rm', '-rf'] }],
    ['python -c', { kind: 'exec', command: 'python3', args: ['-c', 'import os; os.system("id")'] }],
    ['node -e', { kind: 'exec', command: 'node', args: ['-e', 'require("child_process").execSync("id")'] }],
    ['perl -e', { kind: 'exec', command: 'perl', args: ['-e', 'system("id")'] }],
  ])('denies %s as subprocess-shell', (_label, action) => {
    expectDenied(kernel, action, 'subprocess-shell');
  });

  it('denies find -exec (a wrapper, even though find itself could be allowed)', () => {
    const k = new KernelSpace({ policies: [Policy.noShell(), Policy.allowCommands(['find'])] });
    expectDenied(k, { kind: 'exec', command: 'find', args: ['.', '-exec', 'rm', '{}', ';'] }, 'subprocess-shell');
    expectAllowed(k, { kind: 'exec', command: 'find', args: ['.', '-name', '*.ts'] });
  });

  it.each<[string, KernelAction]>([
    ['a program off the list', { kind: 'exec', command: 'curl', args: ['https://evil.example'] }],
    ['an absolute path to a different binary with an allowed name', { kind: 'exec', command: '/tmp/evil/git', args: ['status'] }],
    ['a relative path with an allowed name', { kind: 'exec', command: './git', args: ['status'] }],
  ])('denies %s as subprocess-not-allowlisted', (_label, action) => {
    expectDenied(kernel, action, 'subprocess-not-allowlisted');
  });

  it('fails closed on an empty or malformed command', () => {
    expect(kernel.check({ kind: 'exec', command: '' }).allowed).toBe(false);
    expect(kernel.check({ kind: 'exec', command: 'ls', args: 'x' } as unknown as KernelAction).allowed).toBe(false);
    expect(kernel.check({ kind: 'exec' } as unknown as KernelAction).allowed).toBe(false);
  });

  it('allows allowlisted programs in argv form, whatever the arguments hold', () => {
    expectAllowed(kernel, { kind: 'exec', command: 'git', args: ['status'] });
    expectAllowed(kernel, { kind: 'exec', command: 'ls', args: ['-la', '$(id); rm -rf /'] });
    expectAllowed(kernel, { kind: 'exec', command: 'echo', args: ['a;b|c'], shell: false });
  });

  it('allows the absolute path of the allowlisted binary PATH finds', () => {
    const git = ['/usr/bin/git', '/bin/git', '/usr/local/bin/git'].find((p) => existsSync(p));
    if (!git) return;
    const k = new KernelSpace({ policies: [Policy.noShell(), Policy.allowCommands([git])] });
    expectAllowed(k, { kind: 'exec', command: 'git', args: ['--version'] });
    expectAllowed(k, { kind: 'exec', command: git, args: ['--version'] });
    expectDenied(k, { kind: 'exec', command: '/tmp/evil/git' }, 'subprocess-not-allowlisted');
  });

  it('noShell alone lets any plain program run', () => {
    const k = new KernelSpace({ policies: [Policy.noShell()] });
    expectAllowed(k, { kind: 'exec', command: 'curl', args: ['-s', 'https://example.com'] });
    expectDenied(k, { kind: 'exec', command: 'sh', args: ['-c', 'curl x'] }, 'subprocess-shell');
  });
});

describe('egress-not-allowlisted', () => {
  const kernel = new KernelSpace({ policies: [Policy.allowDomains(['api.github.com', '*.example.com'])] });

  it.each([
    'https://api.github.com@evil.com/',
    'https://api.github.com:443@evil.com/',
    'https://evil.com#@api.github.com',
    'https://evil.com\\@api.github.com/',
    'https://api.github.com.evil.com/',
    'https://evilapi.github.com/',
    'https://example.com/',
    'https://evil-example.com/',
    'https://example.com.evil.net/',
    'http://169.254.169.254/latest/meta-data/',
    'http://2852039166/',
    'http://0xA9FEA9FE/',
    'http://0251.0376.0251.0376/',
    'http://169.254.43518/',
    'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://127.0.0.1/',
    'http://127.1/',
    'http://0/',
    'http://[::1]/',
    'http://10.0.0.1/',
    'http://192.168.1.1/',
    'file:///etc/passwd',
    'gopher://api.github.com/',
    'ftp://api.github.com/',
    'javascript:alert(1)',
    'not a url',
    '//api.github.com/relative',
  ])('denies %j', (url) => {
    expectDenied(kernel, { kind: 'http', url }, 'egress-not-allowlisted');
  });

  it.each([
    'https://api.github.com/repos/x/y',
    'HTTPS://API.GITHUB.COM/repos',
    'https://api.github.com./repos',
    'https://docs.example.com/x',
    'https://a.b.example.com:8443/x?y=1',
    'http://api.github.com/',
  ])('allows %j', (url) => {
    expectAllowed(kernel, { kind: 'http', url, method: 'GET' });
  });

  it('without an allowlist denies only private and metadata destinations and odd schemes', () => {
    const k = new KernelSpace({ policies: [Policy.allowDomains(null)] });
    expectAllowed(k, { kind: 'http', url: 'https://anything.example.org/' });
    expectDenied(k, { kind: 'http', url: 'http://169.254.169.254/' }, 'egress-not-allowlisted');
    expectDenied(k, { kind: 'http', url: 'http://[fd00::1]/' }, 'egress-not-allowlisted');
    expectDenied(k, { kind: 'http', url: 'file:///etc/passwd' }, 'egress-not-allowlisted');
  });

  it('reaches a private address only when it is listed explicitly', () => {
    const k = new KernelSpace({ policies: [Policy.allowDomains(['127.0.0.1'])] });
    expectAllowed(k, { kind: 'http', url: 'http://127.0.0.1:8080/health' });
    expectDenied(k, { kind: 'http', url: 'http://127.0.0.2/' }, 'egress-not-allowlisted');
  });
});

describe('rate-limit', () => {
  it('denies per agent and per kind once the bucket is empty, saying when the next call is allowed', () => {
    let now = 0;
    const kernel = new KernelSpace({ policies: [Policy.rateLimit(2, '1s')], now: () => now });
    const take = (agent: string, kind: 'sql' | 'http') => kernel.evaluate(kind === 'sql' ? { kind, sql: 'SELECT 1' } : { kind, url: 'https://x.example' }, agent, true).decision;
    expect(take('a', 'sql').allowed).toBe(true);
    expect(take('a', 'sql').allowed).toBe(true);
    const d = take('a', 'sql');
    expect(d).toMatchObject({ allowed: false, ruleId: 'rate-limit' });
    expect(d.reason).toMatch(/next call will be allowed in 0\.500s/);
    // other agents and other kinds have their own buckets
    expect(take('b', 'sql').allowed).toBe(true);
    expect(take('a', 'http').allowed).toBe(true);
    // pure check reports the empty bucket without taking from it
    expect(kernel.check({ kind: 'sql', sql: 'SELECT 1' }, { agent: 'a' }).allowed).toBe(false);
    expect(kernel.check({ kind: 'sql', sql: 'SELECT 1' }, { agent: 'c' }).allowed).toBe(true);
    now = 500;
    expect(take('a', 'sql').allowed).toBe(true);
    expect(take('a', 'sql').allowed).toBe(false);
  });

  it('limits only the given kinds; windows in ms work', () => {
    let now = 0;
    const kernel = new KernelSpace({ policies: [Policy.rateLimit(1, 100, { kinds: ['exec'] })], now: () => now });
    const run = () => kernel.evaluate({ kind: 'exec', command: 'ls' }, 'a', true).decision.allowed;
    expect(run()).toBe(true);
    expect(run()).toBe(false);
    expect(kernel.evaluate({ kind: 'sql', sql: 'SELECT 1' }, 'a', true).decision.allowed).toBe(true);
    expect(kernel.evaluate({ kind: 'sql', sql: 'SELECT 1' }, 'a', true).decision.allowed).toBe(true);
    now = 100;
    expect(run()).toBe(true);
  });

  it('rejects bad arguments', () => {
    expect(() => Policy.rateLimit(0, '1s')).toThrow(TypeError);
    expect(() => Policy.rateLimit(5, '1d' as '1s')).toThrow(/window/);
  });
});

describe('presets', () => {
  const settings = () => ({ sandbox: { roots: [root] } });

  it('strict: allowlists are closed when absent', () => {
    const k = new KernelSpace({ preset: 'strict', ...settings() });
    expectDenied(k, { kind: 'exec', command: 'git', args: ['status'] }, 'subprocess-not-allowlisted');
    expectDenied(k, { kind: 'http', url: 'https://api.github.com/' }, 'egress-not-allowlisted');
    expectDenied(k, { kind: 'file', path: '/etc/passwd', op: 'read' }, 'file-outside-sandbox');
    expectDenied(k, { kind: 'sql', sql: 'DROP TABLE t' }, 'sql-destructive');
    expectAllowed(k, { kind: 'file', path: 'notes.txt', op: 'read' });
    const k2 = new KernelSpace({ preset: 'strict', ...settings(), commands: { allow: ['git'] }, network: { allow: ['api.github.com'] } });
    expectAllowed(k2, { kind: 'exec', command: 'git', args: ['status'] });
    expectAllowed(k2, { kind: 'http', url: 'https://api.github.com/' });
  });

  it('standard: no allowlist means any plain program and any public host', () => {
    const k = new KernelSpace({ preset: 'standard', ...settings() });
    expectAllowed(k, { kind: 'exec', command: 'git', args: ['status'] });
    expectDenied(k, { kind: 'exec', command: 'sh', args: ['-c', 'git status'] }, 'subprocess-shell');
    expectAllowed(k, { kind: 'http', url: 'https://example.org/' });
    expectDenied(k, { kind: 'http', url: 'http://169.254.169.254/' }, 'egress-not-allowlisted');
    expectDenied(k, { kind: 'file', path: '/etc/passwd', op: 'read' }, 'file-outside-sandbox');
  });

  it('permissive: no file sandbox, still no destructive SQL and no shells', () => {
    const k = new KernelSpace({ preset: 'permissive', ...settings() });
    expectAllowed(k, { kind: 'file', path: '/etc/hostname', op: 'read' });
    expectDenied(k, { kind: 'sql', sql: 'TRUNCATE t' }, 'sql-destructive');
    expectDenied(k, { kind: 'exec', command: 'bash', args: ['-c', 'x'] }, 'subprocess-shell');
  });

  it('audit: allows everything and reports what strict would have denied', () => {
    const k = new KernelSpace({ preset: 'audit', ...settings() });
    expect(k.enforcing).toBe(false);
    expect(k.check({ kind: 'sql', sql: 'DROP TABLE t' })).toMatchObject({ allowed: true, ruleId: 'sql-destructive', wouldDeny: true });
    expect(k.check({ kind: 'exec', command: 'git' })).toMatchObject({ allowed: true, ruleId: 'subprocess-not-allowlisted', wouldDeny: true });
    expect(k.check({ kind: 'sql', sql: 'SELECT 1' })).toEqual({ allowed: true });
  });

  it('defaults to standard when neither a preset nor policies are given; policies alone mean no preset', () => {
    expect(new KernelSpace({ cwd: root }).preset).toBe('standard');
    expect(new KernelSpace({ policies: [] }).preset).toBeUndefined();
    expectAllowed(new KernelSpace({ policies: [] }), { kind: 'sql', sql: 'DROP TABLE t' });
  });

  it('explicit policies add to a preset', () => {
    const k = new KernelSpace({ preset: 'permissive', policies: [Policy.fileAccess(root)] });
    expectDenied(k, { kind: 'file', path: '/etc/hostname', op: 'read' }, 'file-outside-sandbox');
  });

  it('Policy.preset lists what a preset contains', () => {
    const ids = (p: 'strict' | 'standard' | 'permissive' | 'audit') => Policy.preset(p, { roots: [root] }).map((x) => x.ruleId);
    expect(ids('strict')).toEqual(['sql-destructive', 'file-outside-sandbox', 'subprocess-shell', 'subprocess-not-allowlisted', 'egress-not-allowlisted']);
    expect(ids('standard')).toEqual(['sql-destructive', 'file-outside-sandbox', 'subprocess-shell', 'egress-not-allowlisted']);
    expect(ids('permissive')).toEqual(['sql-destructive', 'subprocess-shell', 'egress-not-allowlisted']);
    expect(ids('audit')).toEqual(ids('strict'));
  });
});

describe('KernelSpace.fromConfig', () => {
  it('reads a config object like agentos check does (relative roots against cwd)', () => {
    const k = KernelSpace.fromConfig(
      { policy: 'strict', sandbox: { roots: ['./ws'] }, commands: { allow: ['git'] }, network: { allow: ['api.github.com'] } },
      { cwd: tmp },
    );
    expect(k.preset).toBe('strict');
    expect(k.roots).toEqual([root]);
    expectAllowed(k, { kind: 'exec', command: 'git', args: ['log'] });
    expectDenied(k, { kind: 'exec', command: 'ls' }, 'subprocess-not-allowlisted');
    expectAllowed(k, { kind: 'http', url: 'https://api.github.com/' });
    expectDenied(k, { kind: 'file', path: path.join(tmp, 'secret.txt'), op: 'read' }, 'file-outside-sandbox');
  });

  it('reads a YAML file, roots relative to the file', () => {
    const dir = path.join(tmp, 'proj');
    mkdirSync(path.join(dir, 'workspace'), { recursive: true });
    const file = path.join(dir, 'agentos.config.yaml');
    writeFileSync(file, 'policy: standard\nsandbox:\n  roots: [./workspace]\nnetwork:\n  allow: [api.github.com]\nrules:\n  sql-destructive: "off"\n');
    const k = KernelSpace.fromConfig(file);
    expect(k.roots).toEqual([path.join(dir, 'workspace')]);
    expectDenied(k, { kind: 'http', url: 'https://example.org/' }, 'egress-not-allowlisted');
    // a rule turned off in the config is not enforced
    expectAllowed(k, { kind: 'sql', sql: 'DROP TABLE t' });
    expect(readFileSync(file, 'utf8')).toContain('policy');
  });

  it('reports configuration errors as ConfigError naming the key', () => {
    expect(() => KernelSpace.fromConfig({ policy: 'lenient' })).toThrow(ConfigError);
    expect(() => KernelSpace.fromConfig({ sandbox: { root: ['x'] } })).toThrow(/sandbox\.root/);
    expect(() => KernelSpace.fromConfig({ rules: { 'no-such-rule': 'off' } })).toThrow(/no-such-rule/);
    expect(() => KernelSpace.fromConfig(path.join(tmp, 'missing.yaml'))).toThrow(ConfigError);
  });

  it('accepts an already loaded ResolvedConfig', () => {
    const k = KernelSpace.fromConfig({
      baseDir: tmp,
      policy: 'permissive',
      sandbox: { roots: [root] },
      commands: { allow: null },
      network: { allow: null },
      rules: {},
      ignore: [],
      review: { models: [], threshold: 0.5 },
    });
    expect(k.preset).toBe('permissive');
  });
});

describe('custom policies and kinds', () => {
  it('decides custom kinds only through custom policies', () => {
    const k = new KernelSpace({
      policies: [Policy.custom({ ruleId: 'email-external', kinds: ['email'], check: (a) => (String(a.to).endsWith('@corp.example') ? undefined : 'only corp addresses') })],
    });
    expectAllowed(k, { kind: 'email', to: 'a@corp.example' });
    expectDenied(k, { kind: 'email', to: 'a@evil.example' }, 'email-external');
    expectAllowed(k, { kind: 'payment', amount: 5 });
  });

  it('fails closed when a policy throws', () => {
    const k = new KernelSpace({ policies: [Policy.custom({ ruleId: 'boom', kinds: '*', check: () => { throw new Error('bug'); } })] });
    const d = k.check({ kind: 'sql', sql: 'SELECT 1' });
    expect(d).toMatchObject({ allowed: false, ruleId: 'boom' });
    expect(d.reason).toMatch(/fail closed.*bug/);
  });
});

describe('check is pure', () => {
  it('writes nothing to the recorder', () => {
    const file = path.join(tmp, 'pure.jsonl');
    const k = new KernelSpace({ policies: [Policy.noDestructiveSql()], recorder: { path: file } });
    k.check({ kind: 'sql', sql: 'DROP TABLE t' });
    k.check({ kind: 'sql', sql: 'SELECT 1' });
    expect(existsSync(file)).toBe(false);
  });
});
