/** The governed context an agent receives from `kernel.execute`. */
import { governedExec } from './exec.js';
import { governedFetch } from './fetch.js';
import { createGovernedFs } from './governed-fs.js';
import type { DecisionCore } from './core.js';
import type { Run } from './signals.js';
import { detectSqlDriver } from './sql-clients.js';
import type { GovernedContext, KernelAction, SqlRows } from './types.js';

/** Settle with `p`, unless the run is killed first. */
function unlessKilled<T>(run: Run, p: Promise<T>): Promise<T> {
  return Promise.race([p, run.killed$]);
}

export function createContext(kernel: DecisionCore, run: Run): GovernedContext {
  const agent = run.agentId;
  const ctx: GovernedContext = {
    agentId: agent,
    signal: run.signal,
    async sql<T>(client: object, text: string, params?: readonly unknown[] | Record<string, unknown>): Promise<SqlRows<T>> {
      if (typeof text !== 'string') throw new TypeError('ctx.sql: the SQL text must be a string (values go in params)');
      const driver = detectSqlDriver(client);
      if (!driver)
        throw new TypeError('ctx.sql: unsupported client; expected a pg, mysql2, better-sqlite3 or sqlite3 client (query/execute/prepare/all methods)');
      await kernel.govern(run, agent, { kind: 'sql', sql: text, dialect: driver.dialect });
      return (await unlessKilled(run, driver.run(text, params))) as SqlRows<T>;
    },
    fs: createGovernedFs(kernel, run),
    exec: (command, args, options) => governedExec(kernel, run, command, args, options),
    fetch: (url, init) => governedFetch(kernel, run, url, init),
    async check(action: KernelAction) {
      const a = action as { kind?: unknown; url?: unknown };
      const dns = a && a.kind === 'http' && typeof a.url === 'string' ? kernel.dnsCheck(a.url) : undefined;
      return (await kernel.govern(run, agent, action, dns)).decision;
    },
  };
  return Object.freeze(ctx);
}
