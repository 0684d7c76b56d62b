/**
 * Running SQL on a client the kernel does not import: the shape of the object says
 * which driver it is (duck typing).
 * - sqlite3:        db.all(sql, params, (err, rows) => ...)          (callback API)
 * - better-sqlite3: db.prepare(sql).all(...params) / .run(...params) (sync)
 * - mysql2:         conn.execute/query(sql, params) -> [rows, fields] (promise API;
 *                   a callback connection is used through conn.promise())
 * - pg:             client.query(sql, params) -> { rows, rowCount }
 */
import type { SqlDialect } from '../policy/sql.js';
import type { SqlParams, SqlRows } from './types.js';

type Fn = (...args: any[]) => any;

export interface SqlDriver {
  name: 'sqlite3' | 'better-sqlite3' | 'mysql2' | 'pg';
  /** the dialect the classifier reads the text in; pg-like clients are read as generic (every reading, the worst wins) */
  dialect: SqlDialect;
  run(text: string, params: SqlParams | undefined): Promise<SqlRows<unknown>>;
}

function fn(o: object, name: string): Fn | undefined {
  const f = (o as Record<string, unknown>)[name];
  return typeof f === 'function' ? (f as Fn) : undefined;
}

function withCount<T>(rows: T[], affected: unknown): SqlRows<T> {
  const out = rows as SqlRows<T>;
  if (typeof affected === 'number') out.affectedRows = affected;
  return out;
}

function positional(params: SqlParams | undefined): unknown[] {
  if (params === undefined) return [];
  return Array.isArray(params) ? [...params] : [params];
}

export function detectSqlDriver(client: unknown): SqlDriver | undefined {
  if (typeof client !== 'object' || client === null) return undefined;
  const c = client;
  const all = fn(c, 'all');
  if (all && fn(c, 'run') && fn(c, 'prepare')) {
    return {
      name: 'sqlite3',
      dialect: 'sqlite',
      run: (text, params) =>
        new Promise((resolve, reject) => {
          all.call(c, text, params ?? [], (err: unknown, rows: unknown[]) => (err ? reject(err) : resolve(rows ?? [])));
        }),
    };
  }
  const prepare = fn(c, 'prepare');
  if (prepare && !fn(c, 'query')) {
    return {
      name: 'better-sqlite3',
      dialect: 'sqlite',
      run: async (text, params) => {
        const stmt = prepare.call(c, text) as { reader?: boolean; all: Fn; run: Fn };
        const args = positional(params);
        if (stmt.reader) return stmt.all(...args) as unknown[];
        const info = stmt.run(...args) as { changes?: number };
        return withCount([], info?.changes);
      },
    };
  }
  const promise = fn(c, 'promise');
  const target = promise && fn(c, 'query') && fn(c, 'execute') ? (promise.call(c) as object) : c;
  const execute = fn(target, 'execute');
  const query = fn(target, 'query');
  if (execute && query) {
    return {
      name: 'mysql2',
      dialect: 'mysql',
      run: async (text, params) => {
        // execute() prepares the statement: parameters never reach the SQL text
        const res = (params === undefined ? await query.call(target, text) : await execute.call(target, text, params)) as unknown;
        const first = Array.isArray(res) ? res[0] : res;
        if (Array.isArray(first)) return first as unknown[];
        return withCount([], (first as { affectedRows?: number } | undefined)?.affectedRows);
      },
    };
  }
  if (query) {
    return {
      name: 'pg',
      dialect: 'generic',
      run: async (text, params) => {
        let res = (params === undefined ? await query.call(c, text) : await query.call(c, text, params)) as unknown;
        // a multi-statement simple query answers one result per statement: the last is the answer
        if (Array.isArray(res)) res = res[res.length - 1];
        const r = res as { rows?: unknown[]; rowCount?: number | null; command?: string } | undefined;
        return withCount(Array.isArray(r?.rows) ? r.rows : [], r?.command !== 'SELECT' ? (r?.rowCount ?? undefined) : undefined);
      },
    };
  }
  return undefined;
}
