/** The governed context: ctx.sql, ctx.fs, ctx.exec, ctx.fetch and ctx.check, decided and recorded. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExecLimitError,
  KernelSpace,
  Policy,
  PolicyViolation,
  readAuditRecords,
  RedirectError,
  verifyAuditFile,
  type GovernedContext,
  type KernelOptions,
} from '../../src/kernel/index.js';
import { FakeBetterSqlite3, FakeMysql2Connection, FakeMysql2PromiseConnection, FakePgClient, FakeSqlite3, MiniDb, seedUsers } from './fake-sql.js';

let tmp: string;
let root: string;
let n = 0;

beforeAll(() => {
  tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'agentos-ctx-')));
  root = path.join(tmp, 'ws');
  mkdirSync(root);
  writeFileSync(path.join(tmp, 'secret.txt'), 'TOP SECRET');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Run `body` as a registered agent on a kernel with these options; returns the body's result and the records. */
async function runAgent<T>(options: KernelOptions, body: (ctx: GovernedContext) => Promise<T>) {
  const file = path.join(tmp, `rec-${++n}.jsonl`);
  const kernel = new KernelSpace({ ...options, recorder: { path: file } });
  const agent = kernel.register(body, { id: `agent-${n}` });
  const result = await kernel.execute(agent, undefined);
  return { result, records: existsSync(file) ? readAuditRecords(file) : [], file, kernel };
}

async function violation(p: Promise<unknown>): Promise<PolicyViolation> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PolicyViolation);
  return err as PolicyViolation;
}

describe('ctx.sql', () => {
  const sqlPolicies = { policies: [Policy.noDestructiveSql()] };

  it('pg-like client: runs allowed SQL with parameters, denies DROP before it reaches the database', async () => {
    const client = new FakePgClient();
    seedUsers(client.db);
    const { result, records } = await runAgent(sqlPolicies, async (ctx) => {
      const rows = await ctx.sql<{ name: string }>(client, 'SELECT name FROM users WHERE id = $1', [2]);
      const upd = await ctx.sql(client, 'UPDATE users SET name = $1 WHERE id = $2', ['robert', 2]);
      const v = await violation(ctx.sql(client, 'DROP TABLE users'));
      return { rows, affected: upd.affectedRows, v };
    });
    expect(result.rows).toEqual([{ name: 'bob' }]);
    expect(result.affected).toBe(1);
    expect(result.v.ruleId).toBe('sql-destructive');
    expect(result.v.action).toMatchObject({ kind: 'sql', sql: 'DROP TABLE users' });
    expect(client.db.tables.has('users')).toBe(true);
    expect(client.db.log).not.toContain('DROP TABLE users');
    expect(records.map((r) => r.verdict)).toEqual(['allow', 'allow', 'deny']);
  });

  it('the agent may catch a denial and go on; the denial is recorded either way', async () => {
    const client = new FakePgClient();
    seedUsers(client.db);
    const { result, records } = await runAgent(sqlPolicies, async (ctx) => {
      try {
        await ctx.sql(client, 'DELETE FROM users WHERE 1=1');
      } catch (err) {
        if (!(err instanceof PolicyViolation)) throw err;
      }
      return ctx.sql(client, 'SELECT * FROM users');
    });
    expect(result).toHaveLength(2);
    expect(records.map((r) => [r.verdict, r.ruleId])).toEqual([
      ['deny', 'sql-destructive'],
      ['allow', undefined],
    ]);
  });

  it('mysql2 promise connection: execute with ?, [rows, fields] unwrapped; MySQL comments read as code', async () => {
    const conn = new FakeMysql2PromiseConnection();
    seedUsers(conn.db);
    const { result, records } = await runAgent(sqlPolicies, async (ctx) => {
      const ins = await ctx.sql(conn, 'INSERT INTO users (name, email) VALUES (?, ?)', ['cy', 'cy@example.com']);
      const rows = await ctx.sql(conn, 'SELECT name FROM users WHERE id = ?', [3]);
      const v = await violation(ctx.sql(conn, 'SELECT 1 /*!50000 ; DROP TABLE users */'));
      return { ins, rows, v };
    });
    expect(result.ins.affectedRows).toBe(1);
    expect(result.rows).toEqual([{ name: 'cy' }]);
    expect(result.v.ruleId).toBe('sql-destructive');
    expect(records[0]!.action).toMatchObject({ kind: 'sql', dialect: 'mysql' });
    expect(conn.db.tables.has('users')).toBe(true);
  });

  it('mysql2 callback connection is used through .promise()', async () => {
    const conn = new FakeMysql2Connection();
    seedUsers(conn.db);
    const { result } = await runAgent(sqlPolicies, async (ctx) => ctx.sql(conn, 'SELECT email FROM users WHERE name = ?', ['ada']));
    expect(result).toEqual([{ email: 'ada@example.com' }]);
  });

  it('better-sqlite3: prepare().all for readers, run for writes', async () => {
    const db = new FakeBetterSqlite3();
    seedUsers(db.db);
    const { result } = await runAgent(sqlPolicies, async (ctx) => {
      const del = await ctx.sql(db, 'DELETE FROM users WHERE id = ?', [1]);
      const rows = await ctx.sql(db, 'SELECT name FROM users');
      const v = await violation(ctx.sql(db, 'DELETE FROM users'));
      return { del: del.affectedRows, rows, v: v.ruleId };
    });
    expect(result).toEqual({ del: 1, rows: [{ name: 'bob' }], v: 'sql-destructive' });
    expect(db.db.tables.get('users')!.rows).toHaveLength(1);
  });

  it('sqlite3 callback API: all(sql, params, cb)', async () => {
    const db = new FakeSqlite3();
    seedUsers(db.db);
    const { result, records } = await runAgent(sqlPolicies, async (ctx) => {
      const rows = await ctx.sql(db, 'SELECT name FROM users WHERE id = ?', [1]);
      const v = await violation(ctx.sql(db, 'UPDATE users SET name = ?', ['x']));
      return { rows, v: v.ruleId };
    });
    expect(result).toEqual({ rows: [{ name: 'ada' }], v: 'sql-destructive' });
    expect(records[0]!.action).toMatchObject({ dialect: 'sqlite' });
    expect(db.db.tables.get('users')!.rows.map((r) => r.name)).toEqual(['ada', 'bob']);
  });

  it('driver errors reach the agent; unsupported clients are a TypeError', async () => {
    const client = new FakePgClient(new MiniDb());
    await expect(runAgent(sqlPolicies, (ctx) => ctx.sql(client, 'SELECT * FROM nowhere'))).rejects.toThrow(/no such table/);
    await expect(runAgent(sqlPolicies, (ctx) => ctx.sql({}, 'SELECT 1'))).rejects.toThrow(TypeError);
  });
});

describe('ctx.fs', () => {
  const fsOptions = (extra: Partial<KernelOptions> = {}): KernelOptions => ({ policies: [Policy.fileAccess(root)], ...extra });

  it('reads, writes, lists, makes and removes inside the sandbox', async () => {
    const { result, records } = await runAgent(fsOptions(), async (ctx) => {
      await ctx.fs.mkdir('docs/a', { recursive: true });
      await ctx.fs.writeFile('docs/a/x.txt', 'hello');
      await ctx.fs.writeFile('docs/a/x.txt', ' world', { append: true });
      const text = await ctx.fs.readFile('docs/a/x.txt', 'utf8');
      const buf = await ctx.fs.readFile(path.join(root, 'docs/a/x.txt'));
      const list = await ctx.fs.readdir('docs/a');
      const st = await ctx.fs.stat('docs/a/x.txt');
      await ctx.fs.writeFile('docs/a/x.txt', 'short');
      const after = await ctx.fs.readFile('docs/a/x.txt', 'utf8');
      await ctx.fs.rm('docs', { recursive: true });
      return { text, buf: buf.toString(), list, size: st.size, after };
    });
    expect(result).toEqual({ text: 'hello world', buf: 'hello world', list: ['x.txt'], size: 11, after: 'short' });
    expect(existsSync(path.join(root, 'docs'))).toBe(false);
    expect(records.every((r) => r.verdict === 'allow')).toBe(true);
    expect(records.map((r) => r.action.op)).toEqual(['write', 'write', 'write', 'read', 'read', 'list', 'read', 'write', 'read', 'delete']);
  });

  it('denies paths outside the sandbox and symlinks leaving it, touching nothing', async () => {
    symlinkSync(path.join(tmp, 'secret.txt'), path.join(root, 'leak.txt'));
    const { result } = await runAgent(fsOptions(), async (ctx) => {
      const out: string[] = [];
      for (const p of ['../secret.txt', path.join(tmp, 'secret.txt'), 'leak.txt', '/etc/passwd'])
        out.push((await violation(ctx.fs.readFile(p, 'utf8'))).ruleId!);
      out.push((await violation(ctx.fs.writeFile('leak.txt', 'pwned'))).ruleId!);
      out.push((await violation(ctx.fs.rm('../secret.txt'))).ruleId!);
      out.push((await violation(ctx.fs.readdir('..'))).ruleId!);
      return out;
    });
    expect(new Set(result)).toEqual(new Set(['file-outside-sandbox']));
    expect(readFileSync(path.join(tmp, 'secret.txt'), 'utf8')).toBe('TOP SECRET');
    rmSync(path.join(root, 'leak.txt'));
  });

  it('re-resolves at the moment of use: a symlink swapped in after the check is caught', async () => {
    const file = path.join(root, 'report.txt');
    writeFileSync(file, 'report');
    let calls = 0;
    // the check resolves the path (first call); then, before the use, an attacker swaps the file for a link to the secret
    const realpath = (p: string) => {
      const r = (() => {
        try {
          return realpathSync(p);
        } catch {
          return undefined;
        }
      })();
      if (p === file && ++calls === 1) {
        rmSync(file);
        symlinkSync(path.join(tmp, 'secret.txt'), file);
      }
      return r;
    };
    const { result, records } = await runAgent(fsOptions({ realpath }), async (ctx) => violation(ctx.fs.readFile('report.txt', 'utf8')));
    expect(result.ruleId).toBe('file-outside-sandbox');
    expect(result.reason).toMatch(/moment of use/);
    expect(records.map((r) => r.verdict)).toEqual(['allow', 'deny']);
    rmSync(file);
  });

  it('opens with O_NOFOLLOW: a symlink swapped in between the last resolution and the open is not followed', async () => {
    const file = path.join(root, 'data.txt');
    writeFileSync(file, 'data');
    let calls = 0;
    const realpath = (p: string) => {
      let r: string | undefined;
      try {
        r = realpathSync(p);
      } catch {
        r = undefined;
      }
      // swap after the second resolution (the one right before the open)
      if (p === file && ++calls === 2) {
        rmSync(file);
        symlinkSync(path.join(tmp, 'secret.txt'), file);
      }
      return r;
    };
    const { result } = await runAgent(fsOptions({ realpath }), async (ctx) => ({
      read: await violation(ctx.fs.readFile('data.txt', 'utf8')),
    }));
    expect(result.read.ruleId).toBe('file-outside-sandbox');
    expect(result.read.reason).toMatch(/symlink/);
    rmSync(file);
  });

  it('verifies the opened handle: a directory swapped for a symlink before the open is caught, nothing written', async () => {
    const dir = path.join(root, 'out');
    mkdirSync(dir);
    mkdirSync(path.join(tmp, 'elsewhere'));
    writeFileSync(path.join(dir, 'f.txt'), 'mine');
    writeFileSync(path.join(tmp, 'elsewhere', 'f.txt'), 'theirs');
    const target = path.join(dir, 'f.txt');
    let calls = 0;
    const realpath = (p: string) => {
      let r: string | undefined;
      try {
        r = realpathSync(p);
      } catch {
        r = undefined;
      }
      if (p === target && ++calls === 2) {
        renameSync(dir, path.join(tmp, 'out-moved'));
        symlinkSync(path.join(tmp, 'elsewhere'), dir);
      }
      return r;
    };
    const { result } = await runAgent(fsOptions({ realpath }), async (ctx) => violation(ctx.fs.writeFile('out/f.txt', 'pwned')));
    expect(result.ruleId).toBe('file-outside-sandbox');
    expect(readFileSync(path.join(tmp, 'elsewhere', 'f.txt'), 'utf8')).toBe('theirs');
  });

  it('without a file policy, paths are used as given (relative to the kernel cwd)', async () => {
    writeFileSync(path.join(tmp, 'free.txt'), 'free');
    const { result } = await runAgent({ policies: [], cwd: tmp }, async (ctx) => ctx.fs.readFile('free.txt', 'utf8'));
    expect(result).toBe('free');
  });
});

describe('ctx.exec', () => {
  const execOptions = (allow = ['echo', 'sleep', 'yes', 'ls', 'printenv', 'cat', 'pwd']): KernelOptions => ({
    policies: [Policy.fileAccess(root), Policy.noShell(), Policy.allowCommands(allow)],
  });

  it('runs argv form without a shell: metacharacters are plain arguments', async () => {
    const { result } = await runAgent(execOptions(), (ctx) => ctx.exec('echo', ['$(id); rm -rf / && echo pwned', '|', '`whoami`']));
    expect(result).toEqual({ code: 0, signal: null, stdout: '$(id); rm -rf / && echo pwned | `whoami`\n', stderr: '' });
  });

  it('denies shells and programs off the list before spawning', async () => {
    const { result, records } = await runAgent(execOptions(), async (ctx) => [
      (await violation(ctx.exec('sh', ['-c', 'touch /tmp/agentos-pwned']))).ruleId,
      (await violation(ctx.exec('touch', [path.join(root, 'x')]))).ruleId,
    ]);
    expect(result).toEqual(['subprocess-shell', 'subprocess-not-allowlisted']);
    expect(existsSync(path.join(root, 'x'))).toBe(false);
    expect(records.map((r) => r.verdict)).toEqual(['deny', 'deny']);
  });

  it('reports exit codes and stderr; runs in the sandbox root by default', async () => {
    const { result } = await runAgent(execOptions(), async (ctx) => ({
      fail: await ctx.exec('ls', ['/definitely/not/here']),
      pwd: await ctx.exec('pwd'),
      input: await ctx.exec('cat', [], { input: 'from stdin' }),
    }));
    expect(result.fail.code).not.toBe(0);
    expect(result.fail.stderr).toMatch(/not/i);
    expect(result.pwd.stdout.trim()).toBe(root);
    expect(result.input.stdout).toBe('from stdin');
  });

  it('checks the working directory against the sandbox', async () => {
    const { result } = await runAgent(execOptions(), async (ctx) => (await violation(ctx.exec('ls', [], { cwd: tmp }))).ruleId);
    expect(result).toBe('file-outside-sandbox');
  });

  it('does not pass the agent environment to programs (no API keys), only the basics plus what is given', async () => {
    process.env.AGENTOS_TEST_SECRET = 'sk-test-should-not-leak';
    try {
      const { result } = await runAgent(execOptions(), async (ctx) => ({
        all: (await ctx.exec('printenv')).stdout,
        given: (await ctx.exec('printenv', ['GIVEN'], { env: { GIVEN: 'yes' } })).stdout,
      }));
      expect(result.all).not.toContain('sk-test-should-not-leak');
      expect(result.all).toContain('PATH=');
      expect(result.given).toBe('yes\n');
    } finally {
      delete process.env.AGENTOS_TEST_SECRET;
    }
  });

  it('kills a process that runs too long', async () => {
    const t0 = Date.now();
    const { result } = await runAgent(execOptions(), async (ctx) => ctx.exec('sleep', ['10'], { timeoutMs: 200 }).catch((e: unknown) => e));
    expect(result).toBeInstanceOf(ExecLimitError);
    expect((result as ExecLimitError).limit).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('kills a process that writes too much, keeping the output up to the cap', async () => {
    const { result } = await runAgent(execOptions(), async (ctx) => ctx.exec('yes', [], { maxOutputBytes: 10_000 }).catch((e: unknown) => e));
    expect(result).toBeInstanceOf(ExecLimitError);
    expect((result as ExecLimitError).limit).toBe('output');
    expect((result as ExecLimitError).stdout.length).toBe(10_000);
  });

  it('rejects a non-argv call shape', async () => {
    await expect(runAgent(execOptions(), (ctx) => ctx.exec('echo', 'hi' as unknown as string[]))).rejects.toThrow(TypeError);
  });
});

describe('ctx.fetch', () => {
  let server: http.Server;
  let other: http.Server;
  let base: string;
  let otherBase: string;
  const seen: { path: string; method: string; auth?: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ path: req.url!, method: req.method!, auth: req.headers.authorization });
      const redirect = (to: string, status = 302) => {
        res.writeHead(status, { location: to });
        res.end();
      };
      switch (req.url) {
        case '/ok':
          res.end('hello');
          break;
        case '/to-ok':
          redirect('/ok');
          break;
        case '/to-metadata':
          redirect('http://169.254.169.254/latest/meta-data/');
          break;
        case '/to-localhost':
          redirect(`http://localhost:${(server.address() as AddressInfo).port}/ok`);
          break;
        case '/to-other':
          redirect(`${otherBase}/echo`, 307);
          break;
        case '/post-303':
          redirect('/ok', 303);
          break;
        case '/loop':
          redirect('/loop');
          break;
        default:
          res.statusCode = 404;
          res.end('nope');
      }
    });
    other = http.createServer((req, res) => {
      seen.push({ path: `other${req.url}`, method: req.method!, auth: req.headers.authorization });
      res.end('other');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    other.close();
  });

  const allowLocal = (): KernelOptions => ({ policies: [Policy.allowDomains(['127.0.0.1'])] });

  it('fetches an explicitly allowed private address', async () => {
    const { result, records } = await runAgent(allowLocal(), async (ctx) => (await ctx.fetch(`${base}/ok`)).text());
    expect(result).toBe('hello');
    expect(records).toHaveLength(1);
    expect(records[0]!.action).toEqual({ kind: 'http', url: `${base}/ok`, method: 'GET' });
  });

  it('denies the same address when it is not listed', async () => {
    const before = seen.length;
    const { result } = await runAgent({ policies: [Policy.allowDomains(['api.github.com'])] }, async (ctx) => violation(ctx.fetch(`${base}/ok`)));
    expect(result.ruleId).toBe('egress-not-allowlisted');
    expect(seen.length).toBe(before);
  });

  it('follows redirects itself, deciding every hop', async () => {
    const { result, records } = await runAgent(allowLocal(), async (ctx) => {
      const res = await ctx.fetch(`${base}/to-ok`);
      return { status: res.status, url: res.url, body: await res.text() };
    });
    expect(result).toMatchObject({ status: 200, body: 'hello' });
    expect(records.map((r) => r.action.url)).toEqual([`${base}/to-ok`, `${base}/ok`]);
  });

  it('denies a redirect to a metadata address before requesting it', async () => {
    const { result, records } = await runAgent(allowLocal(), async (ctx) => violation(ctx.fetch(`${base}/to-metadata`)));
    expect(result.ruleId).toBe('egress-not-allowlisted');
    expect(result.action).toMatchObject({ url: 'http://169.254.169.254/latest/meta-data/' });
    expect(records.map((r) => r.verdict)).toEqual(['allow', 'deny']);
  });

  it('denies a redirect to a host that is not listed (localhost is not 127.0.0.1)', async () => {
    const { result } = await runAgent(allowLocal(), async (ctx) => violation(ctx.fetch(`${base}/to-localhost`)));
    expect(result.ruleId).toBe('egress-not-allowlisted');
  });

  it('stops after the redirect limit', async () => {
    const { result } = await runAgent({ ...allowLocal(), limits: { maxRedirects: 3 } }, async (ctx) => ctx.fetch(`${base}/loop`).catch((e: unknown) => e));
    expect(result).toBeInstanceOf(RedirectError);
  });

  it('drops credentials on a cross-origin redirect and rewrites POST to GET on 303', async () => {
    seen.length = 0;
    const { result } = await runAgent(allowLocal(), async (ctx) => {
      const a = await ctx.fetch(`${base}/to-other`, { headers: { authorization: 'Bearer abc' } });
      const b = await ctx.fetch(`${base}/post-303`, { method: 'POST', body: 'x=1' });
      return [await a.text(), await b.text()];
    });
    expect(result).toEqual(['other', 'hello']);
    expect(seen).toEqual([
      { path: '/to-other', method: 'GET', auth: 'Bearer abc' },
      { path: 'other/echo', method: 'GET', auth: undefined },
      { path: '/post-303', method: 'POST', auth: undefined },
      { path: '/ok', method: 'GET', auth: undefined },
    ]);
  });

  it("redirect: 'manual' returns the redirect to the agent", async () => {
    const { result } = await runAgent(allowLocal(), async (ctx) => (await ctx.fetch(`${base}/to-metadata`, { redirect: 'manual' })).status);
    expect(result).toBe(302);
  });

  it('denies hosts whose DNS answers are private unless the host is listed exactly', async () => {
    const lookup = async (host: string) => (host === 'svc.corp.test' ? ['10.1.2.3'] : host === 'public.corp.test' ? ['93.184.216.34'] : []);
    const wildcard = await runAgent({ policies: [Policy.allowDomains(['*.corp.test'])], lookup }, async (ctx) => violation(ctx.fetch('http://svc.corp.test/')));
    expect(wildcard.result.ruleId).toBe('egress-not-allowlisted');
    expect(wildcard.result.reason).toMatch(/10\.1\.2\.3/);
    // listed exactly: the decision allows it (the request itself then fails: the name does not exist)
    const exact = await runAgent({ policies: [Policy.allowDomains(['svc.corp.test'])], lookup }, async (ctx) => ctx.fetch('http://svc.corp.test/').catch((e: unknown) => e));
    expect(exact.result).not.toBeInstanceOf(PolicyViolation);
    expect(exact.records.map((r) => r.verdict)).toEqual(['allow']);
    // an unresolvable name is denied: its addresses cannot be checked
    const none = await runAgent({ policies: [Policy.allowDomains(['*.corp.test'])], lookup }, async (ctx) => violation(ctx.fetch('http://nothing.corp.test/')));
    expect(none.result.ruleId).toBe('egress-not-allowlisted');
    // ctx.check of an http action applies the same DNS check
    const check = await runAgent({ policies: [Policy.allowDomains(['*.corp.test'])], lookup }, async (ctx) => violation(ctx.check({ kind: 'http', url: 'http://svc.corp.test/' })));
    expect(check.result.reason).toMatch(/private/);
  });
});

describe('ctx.check', () => {
  it('decides and records custom actions, throwing on deny', async () => {
    const policy = Policy.custom({ ruleId: 'email-external', kinds: ['email'], check: (a) => (String(a.to).endsWith('@corp.example') ? undefined : `external recipient ${String(a.to)}`) });
    const { result, records, file } = await runAgent({ policies: [policy] }, async (ctx) => {
      const ok = await ctx.check({ kind: 'email', to: 'team@corp.example' });
      const v = await violation(ctx.check({ kind: 'email', to: 'x@evil.example' }));
      return { ok, v };
    });
    expect(result.ok).toEqual({ allowed: true });
    expect(result.v).toMatchObject({ ruleId: 'email-external', reason: 'external recipient x@evil.example' });
    expect(records.map((r) => [r.verdict, r.action.kind])).toEqual([
      ['allow', 'email'],
      ['deny', 'email'],
    ]);
    expect(verifyAuditFile(file).ok).toBe(true);
  });

  it('in the audit preset nothing is denied and would-be denials are marked', async () => {
    const { result, records } = await runAgent({ preset: 'audit', sandbox: { roots: [root] } }, async (ctx) => ctx.check({ kind: 'sql', sql: 'DROP TABLE x' }));
    expect(result).toMatchObject({ allowed: true, wouldDeny: true, ruleId: 'sql-destructive' });
    expect(records[0]).toMatchObject({ verdict: 'allow', wouldDeny: true, ruleId: 'sql-destructive' });
  });
});
