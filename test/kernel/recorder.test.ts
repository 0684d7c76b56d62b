/** The flight recorder: one hash-chained JSON line per decision, and the verifier naming what broke. */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatAuditRecords,
  GENESIS,
  KernelSpace,
  Policy,
  PolicyViolation,
  readAuditRecords,
  verifyAuditFile,
  type AuditRecord,
} from '../../src/kernel/index.js';
import { canonicalJson, Recorder, recordHash } from '../../src/kernel/recorder.js';

let tmp: string;
let n = 0;
const file = (name = 'audit') => path.join(tmp, `${name}-${++n}.jsonl`);

beforeAll(() => {
  tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'agentos-rec-')));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const lines = (f: string) => readFileSync(f, 'utf8').split('\n').filter(Boolean);
const records = (f: string) => lines(f).map((l) => JSON.parse(l) as AuditRecord);

/** A file with `count` records: alternating allowed and denied SQL. */
async function sample(count = 6): Promise<string> {
  const f = file();
  const kernel = new KernelSpace({ policies: [Policy.noDestructiveSql()], recorder: { path: f } });
  const agent = kernel.register(
    async (ctx) => {
      for (let i = 0; i < count; i++) {
        try {
          await ctx.check({ kind: 'sql', sql: i % 2 ? 'DROP TABLE t' : `SELECT ${i}` });
        } catch (err) {
          if (!(err instanceof PolicyViolation)) throw err;
        }
      }
    },
    { id: 'sampler' },
  );
  await kernel.execute(agent, undefined);
  return f;
}

function rewrite(f: string, edit: (ls: string[]) => string[], trailingNewline = true): void {
  writeFileSync(f, edit(lines(f)).join('\n') + (trailingNewline ? '\n' : ''));
}

function reseal(rec: AuditRecord): string {
  const { hash: _h, ...rest } = rec;
  void _h;
  return JSON.stringify({ ...rest, hash: recordHash(rest) });
}

describe('record format', () => {
  it('writes one JSON line per decision with the documented fields, chained from the genesis value', async () => {
    const f = await sample(4);
    const recs = records(f);
    expect(recs).toHaveLength(4);
    expect(recs[0]!.prev).toBe(GENESIS);
    recs.forEach((r, i) => {
      expect(r.seq).toBe(i + 1);
      expect(new Date(r.time).toISOString()).toBe(r.time);
      expect(r.agent).toBe('sampler');
      expect(r.action.kind).toBe('sql');
      expect(typeof r.durationMs).toBe('number');
      expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
      if (i > 0) expect(r.prev).toBe(recs[i - 1]!.hash);
      // hash = sha256 over the canonical record without `hash`
      const { hash, ...rest } = r;
      expect(createHash('sha256').update(canonicalJson(rest)).digest('hex')).toBe(hash);
    });
    expect(recs[1]).toMatchObject({ verdict: 'deny', ruleId: 'sql-destructive' });
    expect(recs[1]!.reason).toBeTruthy();
    expect(recs[0]).toMatchObject({ verdict: 'allow' });
    expect(recs[0]!.ruleId).toBeUndefined();
    expect(verifyAuditFile(f)).toEqual({ ok: true, records: 4 });
  });

  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 'x' }], c: undefined } })).toBe('{"a":{"d":[1,{"e":"x","f":2}]},"b":1}');
  });

  it('redacts secrets in recorded actions and in PolicyViolation', async () => {
    const f = file();
    const kernel = new KernelSpace({ policies: [Policy.noDestructiveSql()], recorder: { path: f } });
    const token = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
    const key = 'sk-proj-' + 'Abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH';
    let violation: PolicyViolation | undefined;
    const agent = kernel.register(async (ctx) => {
      await ctx.check({ kind: 'sql', sql: `SELECT * FROM tokens WHERE value = '${token}'` });
      try {
        await ctx.check({ kind: 'sql', sql: `DELETE FROM keys -- ${key}` });
      } catch (err) {
        violation = err as PolicyViolation;
      }
    });
    await kernel.execute(agent, null);
    const text = readFileSync(f, 'utf8');
    expect(text).not.toContain(token);
    expect(text).not.toContain(key);
    expect(text).toContain('REDACTED');
    expect(violation).toBeInstanceOf(PolicyViolation);
    expect(JSON.stringify(violation!.action)).not.toContain(key);
    expect(violation!.message).not.toContain(key);
  });

  it('redacts values under secret-sounding keys of custom actions, keeping the keys', async () => {
    const f = file();
    const kernel = new KernelSpace({ policies: [], recorder: { path: f } });
    const agent = kernel.register(async (ctx) => {
      await ctx.check({ kind: 'login', user: 'alice', password: 'v9#Lq2!xR7zW@pK4', note: 'plain words here' });
    });
    await kernel.execute(agent, null);
    const record = JSON.parse(readFileSync(f, 'utf8').trim().split('\n').pop()!);
    expect(record.action).toEqual({ kind: 'login', user: 'alice', password: '[REDACTED:generic-assignment]', note: 'plain words here' });
  });

  it('records nothing without a recorder, and records signals with one', async () => {
    const f = file();
    const kernel = new KernelSpace({ policies: [], recorder: { path: f } });
    const a = kernel.register(async () => 1, { id: 'sig' });
    kernel.signal(a.id, 'SIGSTOP');
    kernel.signal(a.id, 'SIGCONT');
    expect(records(f).map((r) => r.action)).toEqual([
      { kind: 'signal', signal: 'SIGSTOP', runs: 0 },
      { kind: 'signal', signal: 'SIGCONT', runs: 0 },
    ]);
  });
});

describe('appending', () => {
  it('continues the chain of an existing file', async () => {
    const f = await sample(3);
    const last = records(f).at(-1)!;
    // a fresh recorder (as after a restart) reads the head from the file
    const rec = new Recorder(f).append({ time: new Date().toISOString(), agent: 'next', verdict: 'allow', durationMs: 0, action: { kind: 'sql', sql: 'SELECT 1' } });
    expect(rec.seq).toBe(last.seq + 1);
    expect(rec.prev).toBe(last.hash);
    expect(verifyAuditFile(f)).toEqual({ ok: true, records: 4 });
  });

  it('after a crash mid-write, starts on a fresh line and verify reports the cut record', async () => {
    const f = await sample(3);
    appendFileSync(f, '{"seq":4,"time":"2026-01-01T00:00:00.000Z","agent":"samp');
    new Recorder(f).append({ time: new Date().toISOString(), agent: 'after', verdict: 'allow', durationMs: 0, action: { kind: 'sql', sql: 'SELECT 1' } });
    const ls = readFileSync(f, 'utf8').split('\n');
    expect(ls[3]).toMatch(/"agent":"samp$/);
    expect(JSON.parse(ls[4]!)).toMatchObject({ seq: 4, agent: 'after' });
    expect(verifyAuditFile(f)).toMatchObject({ ok: false, records: 3, firstBad: { line: 4, problem: 'truncated' } });
  });

  it('finds the head behind a record longer than the read-back chunk', () => {
    const f = file();
    const first = new Recorder(f).append({ time: new Date().toISOString(), agent: 'big', verdict: 'allow', durationMs: 0, action: { kind: 'sql', sql: `SELECT '${'x'.repeat(200_000)}'` } });
    const next = new Recorder(f).append({ time: new Date().toISOString(), agent: 'big', verdict: 'allow', durationMs: 0, action: { kind: 'sql', sql: 'SELECT 1' } });
    expect(next).toMatchObject({ seq: 2, prev: first.hash });
    expect(verifyAuditFile(f)).toEqual({ ok: true, records: 2 });
  });

  it('refuses to append to a file that is not a recorder file', () => {
    const f = file();
    writeFileSync(f, 'hello world\n');
    expect(() => new Recorder(f).append({ time: new Date().toISOString(), agent: 'x', verdict: 'allow', durationMs: 0, action: { kind: 'x' } })).toThrow(/not an agentos recorder file/);
  });

  it('concurrent agents sharing a recorder never interleave lines', async () => {
    const f = file();
    const kernels = [1, 2].map(() => new KernelSpace({ policies: [Policy.noDestructiveSql(), Policy.noShell()], recorder: { path: f } }));
    const runs: Promise<unknown>[] = [];
    for (let i = 0; i < 16; i++) {
      const kernel = kernels[i % 2]!;
      const agent = kernel.register(async (ctx) => {
        for (let j = 0; j < 20; j++) {
          await new Promise((r) => setImmediate(r));
          await ctx.check({ kind: 'sql', sql: `SELECT ${'x'.repeat(j * 50)} FROM t${i}` }).catch(() => undefined);
        }
      }, { id: `agent-${i}` });
      runs.push(kernel.execute(agent, null));
    }
    await Promise.all(runs);
    const recs = records(f);
    expect(recs).toHaveLength(320);
    expect(recs.map((r) => r.seq)).toEqual(Array.from({ length: 320 }, (_, i) => i + 1));
    expect(new Set(recs.map((r) => r.agent)).size).toBe(16);
    expect(verifyAuditFile(f)).toEqual({ ok: true, records: 320 });
  });
});

describe('verifyAuditFile names the first bad line', () => {
  it('intact and empty files are ok', async () => {
    const f = file();
    writeFileSync(f, '');
    expect(verifyAuditFile(f)).toEqual({ ok: true, records: 0 });
    expect(verifyAuditFile(await sample(2))).toEqual({ ok: true, records: 2 });
  });

  it('edited: a field changed in place', async () => {
    const f = await sample();
    rewrite(f, (ls) => ls.map((l, i) => (i === 2 ? l.replace('SELECT 2', 'SELECT 9') : l)));
    expect(verifyAuditFile(f)).toMatchObject({ ok: false, records: 2, firstBad: { line: 3, problem: 'edited' } });
  });

  it('edited: a verdict flipped and the hash recomputed (the next record no longer chains to it)', async () => {
    const f = await sample();
    rewrite(f, (ls) => ls.map((l, i) => (i === 1 ? reseal({ ...(JSON.parse(l) as AuditRecord), verdict: 'allow' }) : l)));
    const v = verifyAuditFile(f);
    expect(v).toMatchObject({ ok: false, firstBad: { line: 2, problem: 'edited' } });
    expect(v.firstBad!.message).toMatch(/rewritten/);
  });

  it('deleted: a record removed from the middle or the start', async () => {
    const f = await sample();
    rewrite(f, (ls) => ls.filter((_, i) => i !== 3));
    expect(verifyAuditFile(f)).toMatchObject({ ok: false, records: 3, firstBad: { line: 4, problem: 'deleted' } });
    const g = await sample();
    rewrite(g, (ls) => ls.slice(1));
    expect(verifyAuditFile(g)).toMatchObject({ ok: false, firstBad: { line: 1, problem: 'deleted' } });
  });

  it('inserted: a copied line', async () => {
    const f = await sample();
    rewrite(f, (ls) => [...ls.slice(0, 4), ls[1]!, ...ls.slice(4)]);
    expect(verifyAuditFile(f)).toMatchObject({ ok: false, firstBad: { line: 5, problem: 'inserted' } });
  });

  it('inserted: a forged record that chains correctly to its predecessor', async () => {
    const f = await sample();
    rewrite(f, (ls) => {
      const before = JSON.parse(ls[2]!) as AuditRecord;
      const forged = reseal({ ...before, seq: before.seq + 1, prev: before.hash, agent: 'forger', hash: '' });
      return [...ls.slice(0, 3), forged, ...ls.slice(3)];
    });
    const v = verifyAuditFile(f);
    expect(v).toMatchObject({ ok: false, records: 3, firstBad: { line: 4, problem: 'inserted' } });
  });

  it('reordered: two records swapped', async () => {
    const f = await sample();
    rewrite(f, (ls) => [ls[0]!, ls[2]!, ls[1]!, ...ls.slice(3)]);
    expect(verifyAuditFile(f)).toMatchObject({ ok: false, records: 1, firstBad: { line: 2, problem: 'reordered' } });
  });

  it('truncated: the last line cut off', async () => {
    const f = await sample();
    const text = readFileSync(f, 'utf8');
    writeFileSync(f, text.slice(0, text.length - 40));
    expect(verifyAuditFile(f)).toMatchObject({ ok: false, records: 5, firstBad: { line: 6, problem: 'truncated' } });
  });

  it('malformed: a line that is not a record', async () => {
    const f = await sample();
    rewrite(f, (ls) => [...ls.slice(0, 2), 'rm -rf /', ...ls.slice(2)]);
    expect(verifyAuditFile(f)).toMatchObject({ ok: false, firstBad: { line: 3, problem: 'malformed' } });
    const g = await sample();
    rewrite(g, (ls) => [...ls.slice(0, 2), '{"hello":1}', ...ls.slice(2)]);
    expect(verifyAuditFile(g)).toMatchObject({ ok: false, firstBad: { line: 3, problem: 'malformed' } });
  });
});

describe('readAuditRecords and formatAuditRecords', () => {
  let f: string;
  beforeAll(async () => {
    f = file();
    const kernel = new KernelSpace({ policies: [Policy.noDestructiveSql(), Policy.noShell()], recorder: { path: f } });
    const a = kernel.register(async (ctx) => {
      await ctx.check({ kind: 'sql', sql: 'SELECT 1' });
      await ctx.check({ kind: 'sql', sql: 'DROP TABLE t' }).catch(() => undefined);
    }, { id: 'alpha' });
    const b = kernel.register(async (ctx) => {
      await ctx.check({ kind: 'exec', command: 'sh', args: ['-c', 'id'] }).catch(() => undefined);
      await ctx.check({ kind: 'http', url: 'https://example.org/x', method: 'POST' });
    }, { id: 'beta' });
    await kernel.execute(a, null);
    await kernel.execute(b, null);
  });

  it('filters by agent, verdict, rule and time', () => {
    expect(readAuditRecords(f)).toHaveLength(4);
    expect(readAuditRecords(f, { agent: 'alpha' }).map((r) => r.seq)).toEqual([1, 2]);
    expect(readAuditRecords(f, { verdict: 'deny' }).map((r) => r.ruleId)).toEqual(['sql-destructive', 'subprocess-shell']);
    expect(readAuditRecords(f, { rule: 'subprocess-shell' })).toHaveLength(1);
    expect(readAuditRecords(f, { since: new Date(Date.now() + 60_000) })).toHaveLength(0);
    expect(readAuditRecords(f, { until: new Date(Date.now() + 60_000).toISOString(), since: '2000-01-01T00:00:00Z' })).toHaveLength(4);
  });

  it('formats text and json', () => {
    const recs = readAuditRecords(f);
    const text = formatAuditRecords(recs, 'text');
    expect(text).toContain('alpha  DENY   sql-destructive  sql DROP TABLE t');
    expect(text).toContain('exec sh -c id');
    expect(text).toContain('http POST https://example.org/x');
    expect(text.split('\n').filter((l) => l.startsWith('    ')).length).toBe(2); // reasons of the denials
    expect(JSON.parse(formatAuditRecords(recs, 'json'))).toEqual(recs);
    expect(formatAuditRecords([], 'text')).toBe('(no records)\n');
  });
});
