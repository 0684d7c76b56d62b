/** Signals (SIGSTOP, SIGCONT, SIGKILL), agent registration and rate limits through execute. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentKilledError, KernelError, KernelSpace, Policy, PolicyViolation, readAuditRecords } from '../../src/kernel/index.js';

let tmp: string;
beforeAll(() => {
  tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'agentos-sig-')));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('register', () => {
  it('always sets an id, unique within the kernel', () => {
    const kernel = new KernelSpace({ policies: [] });
    const a = kernel.register(async function analyst() {});
    const b = kernel.register(async function analyst() {});
    const c = kernel.register(async () => {});
    const d = kernel.register(async () => {}, { id: 'named' });
    expect([a.id, b.id, c.id, d.id]).toEqual(['analyst', 'analyst-2', 'agent', 'named']);
    expect(() => kernel.register(async () => {}, { id: 'named' })).toThrow(KernelError);
  });

  it('execute refuses agents from another kernel, and returns the agent result', async () => {
    const k1 = new KernelSpace({ policies: [] });
    const k2 = new KernelSpace({ policies: [] });
    const a = k1.register(async (_ctx, input: number) => input * 2);
    await expect(k2.execute(a, 1)).rejects.toThrow(KernelError);
    await expect(k1.execute(a, 21)).resolves.toBe(42);
  });
});

describe('signals', () => {
  it('SIGSTOP holds the agent at its next governed action until SIGCONT', async () => {
    const kernel = new KernelSpace({ policies: [] });
    const steps: number[] = [];
    let release!: () => void;
    const ready = new Promise<void>((r) => (release = r));
    const agent = kernel.register(async (ctx) => {
      await ctx.check({ kind: 'step', n: 1 });
      steps.push(1);
      release();
      await tick(20);
      await ctx.check({ kind: 'step', n: 2 });
      steps.push(2);
      return 'done';
    });
    const p = kernel.execute(agent, null);
    await ready;
    kernel.signal(agent.id, 'SIGSTOP');
    await tick(150);
    expect(steps).toEqual([1]);
    kernel.signal(agent.id, 'SIGCONT');
    await expect(p).resolves.toBe('done');
    expect(steps).toEqual([1, 2]);
  });

  it('SIGKILL cancels an in-flight exec and execute rejects with AgentKilledError', async () => {
    const kernel = new KernelSpace({ policies: [Policy.noShell()], cwd: tmp, sandbox: { roots: [tmp] } });
    const agent = kernel.register(async (ctx) => ctx.exec('sleep', ['30']), { id: 'sleeper' });
    const t0 = Date.now();
    const p = kernel.execute(agent, null);
    await tick(200);
    kernel.signal('sleeper', 'SIGKILL');
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AgentKilledError);
    expect((err as AgentKilledError).agentId).toBe('sleeper');
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('SIGKILL aborts an in-flight fetch (the server sees the connection close)', async () => {
    let closed!: () => void;
    const serverSawClose = new Promise<void>((r) => (closed = r));
    let arrived!: () => void;
    const requestArrived = new Promise<void>((r) => (arrived = r));
    const server = http.createServer((req) => {
      arrived();
      req.socket.on('close', () => closed());
      // never answers
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`;
      const kernel = new KernelSpace({ policies: [Policy.allowDomains(['127.0.0.1'])] });
      const agent = kernel.register(async (ctx) => ctx.fetch(url));
      const p = kernel.execute(agent, null);
      await requestArrived;
      kernel.signal(agent.id, 'SIGKILL');
      await expect(p).rejects.toBeInstanceOf(AgentKilledError);
      await serverSawClose;
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('SIGKILL rejects execute even when the agent swallows errors or is not in a governed call, and later actions fail', async () => {
    const kernel = new KernelSpace({ policies: [] });
    let later: unknown;
    const agent = kernel.register(async (ctx) => {
      await new Promise((r) => setTimeout(r, 300)); // busy with something the kernel does not govern
      try {
        await ctx.check({ kind: 'anything' });
      } catch (err) {
        later = err;
      }
      return 'finished anyway';
    });
    const p = kernel.execute(agent, null);
    await tick(50);
    kernel.signal(agent.id, 'SIGKILL');
    await expect(p).rejects.toBeInstanceOf(AgentKilledError);
    await tick(400);
    expect(later).toBeInstanceOf(AgentKilledError);
  });

  it('SIGKILL reaches a stopped agent; a new execute starts afresh', async () => {
    const kernel = new KernelSpace({ policies: [] });
    const agent = kernel.register(async (ctx) => {
      await ctx.check({ kind: 'one' });
      return 'ok';
    });
    kernel.signal(agent.id, 'SIGSTOP');
    const p = kernel.execute(agent, null);
    await tick(50);
    kernel.signal(agent.id, 'SIGKILL');
    await expect(p).rejects.toBeInstanceOf(AgentKilledError);
    await expect(kernel.execute(agent, null)).resolves.toBe('ok');
  });

  it('ctx.signal is aborted on SIGKILL, for work the kernel does not govern', async () => {
    const kernel = new KernelSpace({ policies: [] });
    let aborted = false;
    const agent = kernel.register(async (ctx) => {
      ctx.signal.addEventListener('abort', () => (aborted = true));
      await tick(1000);
    });
    const p = kernel.execute(agent, null);
    await tick(20);
    kernel.signal(agent.id, 'SIGKILL');
    await p.catch(() => undefined);
    expect(aborted).toBe(true);
  });

  it('rejects unknown agents and signals, and records signals', async () => {
    const file = path.join(tmp, 'signals.jsonl');
    const kernel = new KernelSpace({ policies: [], recorder: { path: file } });
    const agent = kernel.register(async () => undefined, { id: 'a' });
    expect(() => kernel.signal('nobody', 'SIGKILL')).toThrow(KernelError);
    expect(() => kernel.signal(agent.id, 'SIGHUP' as 'SIGKILL')).toThrow(TypeError);
    kernel.signal(agent.id, 'SIGKILL');
    expect(readAuditRecords(file).map((r) => r.action.signal)).toEqual(['SIGKILL']);
  });
});

describe('rate limits in execute', () => {
  it('denies the call after the limit with a reason saying when the next one is allowed, and records it', async () => {
    const file = path.join(tmp, 'rate.jsonl');
    let now = 0;
    const kernel = new KernelSpace({ policies: [Policy.rateLimit(3, '1m')], recorder: { path: file }, now: () => now });
    const agent = kernel.register(async (ctx) => {
      for (let i = 0; i < 3; i++) await ctx.check({ kind: 'sql', sql: 'SELECT 1' });
      const denied = await ctx.check({ kind: 'sql', sql: 'SELECT 1' }).catch((e: unknown) => e);
      now = 20_000; // one token back after a third of the window
      await ctx.check({ kind: 'sql', sql: 'SELECT 1' });
      return denied;
    }, { id: 'busy' });
    const denied = (await kernel.execute(agent, null)) as PolicyViolation;
    expect(denied).toBeInstanceOf(PolicyViolation);
    expect(denied.ruleId).toBe('rate-limit');
    expect(denied.reason).toMatch(/agent `busy` reached the rate limit of 3 sql actions per 1m; the next call will be allowed in 20\.000s/);
    expect(readAuditRecords(file).map((r) => r.verdict)).toEqual(['allow', 'allow', 'allow', 'deny', 'allow']);
  });
});
