/**
 * In-memory stand-ins for the SQL drivers `ctx.sql` supports (node:sqlite is not in
 * Node 20, and the drivers are not dependencies). One tiny table engine underneath;
 * on top, objects with the real drivers' method names, arities and return shapes:
 * - pg:             client.query(text, values?) -> Promise<{ command, rowCount, rows, fields }>, $1 placeholders
 * - mysql2/promise: conn.query/execute(sql, values?) -> Promise<[rows | ResultSetHeader, fields]>, ? placeholders
 * - mysql2:         conn.query(sql, values, cb), conn.promise() -> the promise API
 * - better-sqlite3: db.prepare(sql) -> Statement { reader, all(...p), get(...p), run(...p) -> { changes, lastInsertRowid } }
 * - sqlite3:        db.all(sql, params, cb), db.run(sql, params, function (err) { this.changes }), db.get, db.prepare
 * The engine understands CREATE TABLE, INSERT ... VALUES, SELECT ... [WHERE a = v [AND ...]],
 * UPDATE ... SET ... [WHERE ...], DELETE FROM ... [WHERE ...], DROP TABLE: enough to see
 * whether a statement reached the database.
 */

type Row = Record<string, unknown>;

export class MiniDb {
  readonly tables = new Map<string, { columns: string[]; rows: Row[] }>();
  /** every statement that reached the engine */
  readonly log: string[] = [];

  exec(sql: string, params: unknown[], style: '?' | '$'): { rows: Row[]; changes: number; command: string; reader: boolean; lastId: number } {
    this.log.push(sql);
    const text = sql.trim().replace(/;\s*$/, '');
    if (text.includes(';')) throw new Error('MiniDb: one statement at a time');
    let next = 0;
    const value = (tok: string): unknown => {
      tok = tok.trim();
      if (tok === '?') return params[next++];
      if (/^\$\d+$/.test(tok)) return params[Number(tok.slice(1)) - 1];
      if (/^'.*'$/s.test(tok)) return tok.slice(1, -1).replace(/''/g, "'");
      if (/^-?\d+(\.\d+)?$/.test(tok)) return Number(tok);
      if (/^null$/i.test(tok)) return null;
      if (/^(true|false)$/i.test(tok)) return tok.toLowerCase() === 'true';
      throw new Error(`MiniDb: cannot read value ${tok}`);
    };
    void style;
    const table = (name: string) => {
      const t = this.tables.get(name.toLowerCase());
      if (!t) throw new Error(`no such table: ${name}`);
      return t;
    };
    const where = (clause: string | undefined): ((r: Row) => boolean) => {
      if (!clause) return () => true;
      const conds = clause.split(/\s+and\s+/i).map((c) => {
        const m = /^(\w+)\s*(=|<>|!=|>|<)\s*(.+)$/s.exec(c.trim());
        if (!m) throw new Error(`MiniDb: cannot read condition ${c}`);
        return { col: m[1]!, op: m[2]!, v: value(m[3]!) };
      });
      return (r) =>
        conds.every(({ col, op, v }) => {
          const x = r[col] as number;
          return op === '=' ? x === v : op === '>' ? x > (v as number) : op === '<' ? x < (v as number) : x !== v;
        });
    };
    let m: RegExpExecArray | null;
    if ((m = /^create table (\w+)\s*\((.*)\)$/is.exec(text))) {
      const columns = m[2]!.split(',').map((c) => c.trim().split(/\s+/)[0]!);
      this.tables.set(m[1]!.toLowerCase(), { columns, rows: [] });
      return { rows: [], changes: 0, command: 'CREATE', reader: false, lastId: 0 };
    }
    if ((m = /^insert into (\w+)\s*\(([^)]*)\)\s*values\s*\((.*)\)(\s+returning \*)?$/is.exec(text))) {
      const t = table(m[1]!);
      const cols = m[2]!.split(',').map((c) => c.trim());
      const vals = m[3]!.split(',').map(value);
      const row: Row = { id: t.rows.length + 1 };
      cols.forEach((c, i) => (row[c] = vals[i]));
      t.rows.push(row);
      return { rows: m[4] ? [row] : [], changes: 1, command: 'INSERT', reader: Boolean(m[4]), lastId: row.id as number };
    }
    if ((m = /^select (.+?) from (\w+)(?: where (.+?))?(?: order by (\w+))?$/is.exec(text))) {
      const t = table(m[2]!);
      const cols = m[1]!.trim() === '*' ? undefined : m[1]!.split(',').map((c) => c.trim());
      let rows = t.rows.filter(where(m[3]));
      if (m[4]) rows = [...rows].sort((a, b) => ((a[m![4]!] as number) > (b[m![4]!] as number) ? 1 : -1));
      const out = rows.map((r) => (cols ? Object.fromEntries(cols.map((c) => [c, r[c]])) : { ...r }));
      return { rows: out, changes: 0, command: 'SELECT', reader: true, lastId: 0 };
    }
    if ((m = /^update (\w+) set (.+?)(?: where (.+))?$/is.exec(text))) {
      const t = table(m[1]!);
      const sets = m[2]!.split(',').map((s) => {
        const [c, v] = s.split('=');
        return [c!.trim(), value(v!)] as const;
      });
      const hit = t.rows.filter(where(m[3]));
      for (const r of hit) for (const [c, v] of sets) r[c] = v;
      return { rows: [], changes: hit.length, command: 'UPDATE', reader: false, lastId: 0 };
    }
    if ((m = /^delete from (\w+)(?: where (.+))?$/is.exec(text))) {
      const t = table(m[1]!);
      const keep = where(m[2]);
      const before = t.rows.length;
      t.rows = t.rows.filter((r) => !keep(r));
      return { rows: [], changes: before - t.rows.length, command: 'DELETE', reader: false, lastId: 0 };
    }
    if ((m = /^drop table (\w+)$/is.exec(text))) {
      table(m[1]!);
      this.tables.delete(m[1]!.toLowerCase());
      return { rows: [], changes: 0, command: 'DROP', reader: false, lastId: 0 };
    }
    throw new Error(`MiniDb: syntax error near ${JSON.stringify(text.slice(0, 20))}`);
  }
}

/** pg.Client-like. */
export class FakePgClient {
  constructor(readonly db = new MiniDb()) {}
  async connect(): Promise<void> {}
  async end(): Promise<void> {}
  async query(text: string, values?: unknown[]): Promise<{ command: string; rowCount: number; rows: Row[]; fields: { name: string }[] }> {
    const r = this.db.exec(text, values ?? [], '$');
    return {
      command: r.command,
      rowCount: r.command === 'SELECT' ? r.rows.length : r.changes,
      rows: r.rows,
      fields: Object.keys(r.rows[0] ?? {}).map((name) => ({ name })),
    };
  }
  escapeIdentifier(s: string): string {
    return `"${s.replace(/"/g, '""')}"`;
  }
}

interface ResultSetHeader {
  fieldCount: number;
  affectedRows: number;
  insertId: number;
  info: string;
  serverStatus: number;
  warningStatus: number;
  changedRows: number;
}

function mysqlResult(r: ReturnType<MiniDb['exec']>): [Row[] | ResultSetHeader, { name: string }[] | undefined] {
  if (r.reader) return [r.rows, Object.keys(r.rows[0] ?? {}).map((name) => ({ name }))];
  return [{ fieldCount: 0, affectedRows: r.changes, insertId: r.lastId, info: '', serverStatus: 2, warningStatus: 0, changedRows: 0 }, undefined];
}

/** mysql2/promise Connection-like. */
export class FakeMysql2PromiseConnection {
  constructor(readonly db = new MiniDb()) {}
  async query(sql: string, values?: unknown[]): Promise<[Row[] | ResultSetHeader, { name: string }[] | undefined]> {
    return mysqlResult(this.db.exec(sql, values ?? [], '?'));
  }
  async execute(sql: string, values?: unknown[]): Promise<[Row[] | ResultSetHeader, { name: string }[] | undefined]> {
    return mysqlResult(this.db.exec(sql, values ?? [], '?'));
  }
  async end(): Promise<void> {}
}

/** mysql2 (callback) Connection-like, with .promise(). */
export class FakeMysql2Connection {
  constructor(readonly db = new MiniDb()) {}
  query(sql: string, values: unknown[] | ((err: Error | null, rows?: unknown, fields?: unknown) => void), cb?: (err: Error | null, rows?: unknown, fields?: unknown) => void): void {
    const callback = typeof values === 'function' ? values : cb!;
    const params = typeof values === 'function' ? [] : values;
    setImmediate(() => {
      try {
        const [rows, fields] = mysqlResult(this.db.exec(sql, params, '?'));
        callback(null, rows, fields);
      } catch (err) {
        callback(err as Error);
      }
    });
  }
  execute(sql: string, values: unknown[], cb: (err: Error | null, rows?: unknown, fields?: unknown) => void): void {
    this.query(sql, values, cb);
  }
  promise(): FakeMysql2PromiseConnection {
    return new FakeMysql2PromiseConnection(this.db);
  }
}

/** better-sqlite3 Database-like (synchronous). */
export class FakeBetterSqlite3 {
  readonly open = true;
  constructor(readonly db = new MiniDb()) {}
  prepare(source: string) {
    const db = this.db;
    if (source.trim().replace(/;\s*$/, '').includes(';')) throw new RangeError('The supplied SQL string contains more than one statement');
    const reader = /^\s*select\b|\breturning\b/i.test(source);
    const flat = (args: unknown[]) => (args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args);
    return {
      source,
      reader,
      all: (...args: unknown[]) => {
        if (!reader) throw new TypeError('This statement does not return data. Use run() instead');
        return db.exec(source, flat(args), '?').rows;
      },
      get: (...args: unknown[]) => {
        if (!reader) throw new TypeError('This statement does not return data. Use run() instead');
        return db.exec(source, flat(args), '?').rows[0];
      },
      run: (...args: unknown[]) => {
        const r = db.exec(source, flat(args), '?');
        return { changes: r.changes, lastInsertRowid: r.lastId };
      },
    };
  }
  exec(source: string): this {
    for (const s of source.split(';').filter((x) => x.trim())) this.db.exec(s, [], '?');
    return this;
  }
  pragma(): unknown[] {
    return [];
  }
  close(): void {}
}

type Sqlite3Callback = (this: { changes: number; lastID: number }, err: Error | null, rows?: unknown) => void;

/** sqlite3 Database-like (asynchronous callbacks). */
export class FakeSqlite3 {
  constructor(readonly db = new MiniDb()) {}
  private call(sql: string, params: unknown, cb: Sqlite3Callback | undefined, pick: (r: ReturnType<MiniDb['exec']>) => unknown): this {
    const list = Array.isArray(params) ? params : params === undefined || typeof params === 'function' ? [] : [params];
    const callback = (typeof params === 'function' ? params : cb) as Sqlite3Callback | undefined;
    setImmediate(() => {
      try {
        const r = this.db.exec(sql, list, '?');
        callback?.call({ changes: r.changes, lastID: r.lastId }, null, pick(r));
      } catch (err) {
        callback?.call({ changes: 0, lastID: 0 }, err as Error);
      }
    });
    return this;
  }
  all(sql: string, params?: unknown, cb?: Sqlite3Callback): this {
    return this.call(sql, params, cb, (r) => r.rows);
  }
  get(sql: string, params?: unknown, cb?: Sqlite3Callback): this {
    return this.call(sql, params, cb, (r) => r.rows[0]);
  }
  run(sql: string, params?: unknown, cb?: Sqlite3Callback): this {
    return this.call(sql, params, cb, () => undefined);
  }
  exec(sql: string, cb?: (err: Error | null) => void): this {
    setImmediate(() => {
      try {
        for (const s of sql.split(';').filter((x) => x.trim())) this.db.exec(s, [], '?');
        cb?.(null);
      } catch (err) {
        cb?.(err as Error);
      }
    });
    return this;
  }
  prepare(sql: string): { sql: string } {
    return { sql };
  }
  close(cb?: (err: Error | null) => void): void {
    cb?.(null);
  }
}

export function seedUsers(db: MiniDb): void {
  db.exec('CREATE TABLE users (id INTEGER, name TEXT, email TEXT)', [], '?');
  db.exec("INSERT INTO users (name, email) VALUES ('ada', 'ada@example.com')", [], '?');
  db.exec("INSERT INTO users (name, email) VALUES ('bob', 'bob@example.com')", [], '?');
  db.log.length = 0;
}
