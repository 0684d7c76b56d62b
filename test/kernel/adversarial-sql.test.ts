/**
 * Standing adversarial suite for SQL, by family: disguises, procedural SQL, splitter desync,
 * tautologies, program-running SQL. Every case goes through `kernel.check` (noDestructiveSql)
 * in its dialect and in the generic one (unknown server: every reading counts). Where a real
 * server can show it, the case is then run on PostgreSQL or SQLite: what the kernel denies
 * must really do the damage named, what it allows must really leave the data alone.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KernelSpace, Policy } from '../../src/kernel/index.js';
import { classifySql, type SqlDialect } from '../../src/policy/sql.js';
import { type RealPostgres, type RealSqlite, postgresMissing, sqliteMissing, startPostgres, startSqlite } from '../helpers/real-db.js';

/** What running the SQL does to `users` (three rows, ids 1..3) or to the server's files. */
type Effect =
  | 'dropped' // the table is gone
  | 'emptied' // every row is gone
  | 'rewritten' // every row's name changed
  | 'one-deleted' // exactly the row with id 2 is gone
  | 'one-changed' // exactly the row with id 2 has a new name
  | 'file' // the file marker.out exists afterwards
  | 'none'; // table and rows intact

interface Case {
  sql: string;
  /** the kernel's answer, in `dialect` and (for denials) in generic too */
  verdict: 'deny' | 'allow';
  /** a phrase the denial reason must contain, so the user learns why */
  why?: RegExp;
  effect?: Effect;
}

const M = '@MARKER@'; // replaced with a path the server may write

const PG: Record<string, Case[]> = {
  'SQL disguises': [
    { sql: 'DELETE/**/FROM users', verdict: 'deny', why: /every row/, effect: 'emptied' },
    { sql: 'dElEtE fRoM users -- WHERE id = 2', verdict: 'deny', why: /without a WHERE/, effect: 'emptied' },
    { sql: "SELECT E'\\''; DROP TABLE users; --'", verdict: 'deny', why: /DROP TABLE/, effect: 'dropped' },
    { sql: 'SELECT $q$;$q$; DROP TABLE users', verdict: 'deny', why: /DROP TABLE/, effect: 'dropped' },
    { sql: 'SELECT 1 AS "x;"; DROP TABLE users', verdict: 'deny', why: /DROP TABLE/, effect: 'dropped' },
    { sql: 'WITH gone AS (DELETE FROM users RETURNING *) SELECT count(*) FROM gone', verdict: 'deny', why: /every row/, effect: 'emptied' },
    { sql: 'COPY (DELETE FROM users RETURNING id) TO STDOUT', verdict: 'deny', why: /COPY runs its query/, effect: 'emptied' },
    { sql: 'EXPLAIN ANALYZE DELETE FROM users', verdict: 'deny', why: /EXPLAIN ANALYZE/, effect: 'emptied' },
    // harmless look-alikes stay allowed and really are harmless
    { sql: '/* outer /* nested */ DROP TABLE users; */ SELECT 1', verdict: 'allow', effect: 'none' },
    { sql: 'SELECT $$; DROP TABLE users; $$', verdict: 'allow', effect: 'none' },
    { sql: "SELECT 'it''s; DROP TABLE users'", verdict: 'allow', effect: 'none' },
    { sql: 'SELECT "drop" FROM (SELECT 1 AS "drop") t', verdict: 'allow', effect: 'none' },
  ],
  'procedural SQL': [
    { sql: "DO $$ BEGIN EXECUTE 'DR' || 'OP TABLE users'; END $$", verdict: 'deny', why: /DO block runs a destructive statement/, effect: 'dropped' },
    { sql: "DO $$ BEGIN EXECUTE format('DROP TABLE %I', 'users'); END $$", verdict: 'deny', why: /DROP TABLE/, effect: 'dropped' },
    { sql: "DO $$ BEGIN EXECUTE chr(68) || 'ROP TABLE users'; END $$", verdict: 'deny', why: /DROP TABLE/, effect: 'dropped' },
    { sql: "DO $$ DECLARE q text := 'DROP TABLE ' || 'users'; BEGIN EXECUTE q; END $$", verdict: 'deny', why: /procedural code/, effect: 'dropped' },
    { sql: "DO $$ BEGIN EXECUTE (SELECT 'DELETE FROM users'); END $$", verdict: 'deny', why: /DO block/, effect: 'emptied' },
    { sql: "DO $$ BEGIN EXECUTE (SELECT string_agg(x, ' ') FROM (VALUES ('DELETE'), ('FROM users')) v(x)); END $$", verdict: 'deny', why: /procedural code/, effect: 'emptied' },
    { sql: 'CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ DROP TABLE users $$; SELECT f()', verdict: 'deny', why: /CREATE FUNCTION `f`.*DROP TABLE/, effect: 'dropped' },
    { sql: 'CREATE PROCEDURE p() LANGUAGE plpgsql AS $$ BEGIN DELETE FROM users; END $$; CALL p()', verdict: 'deny', why: /plpgsql/, effect: 'emptied' },
    {
      sql: 'CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM users; RETURN NULL; END $$; CREATE TRIGGER t AFTER INSERT ON users FOR EACH STATEMENT EXECUTE FUNCTION trg(); INSERT INTO users VALUES (9, \'x\')',
      verdict: 'deny',
      why: /plpgsql/,
      effect: 'emptied',
    },
    { sql: "CREATE RULE r AS ON INSERT TO users DO ALSO DELETE FROM users; INSERT INTO users VALUES (9, 'x')", verdict: 'deny', why: /CREATE RULE/, effect: 'emptied' },
    { sql: 'PREPARE s AS DELETE FROM users; EXECUTE s', verdict: 'deny', why: /PREPARE stores a destructive statement/, effect: 'emptied' },
    { sql: 'EXECUTE s', verdict: 'deny', why: /prepared outside this SQL/ },
    { sql: 'CALL p()', verdict: 'deny', why: /stored procedure/ },
    // procedural code that is harmless is still not proven: denied, and says so
    { sql: 'DO $$ BEGIN PERFORM 1; END $$', verdict: 'deny', why: /procedural code, which cannot be proven harmless/, effect: 'none' },
    // SQL bodies made only of proven statements are allowed
    { sql: 'CREATE FUNCTION add1(x int) RETURNS int LANGUAGE sql AS $$ SELECT x + 1 $$; SELECT add1(1)', verdict: 'allow', effect: 'none' },
    { sql: "PREPARE s AS UPDATE users SET name = 'z' WHERE id = $1; EXECUTE s(2)", verdict: 'allow', effect: 'one-changed' },
  ],
  'splitter desync': [
    { sql: 'CREATE PROCEDURE p() LANGUAGE SQL BEGIN ATOMIC SELECT 1 AS begin; END; DROP TABLE users; END', verdict: 'deny', why: /DROP TABLE/, effect: 'dropped' },
    { sql: 'CREATE PROCEDURE p() LANGUAGE SQL BEGIN ATOMIC SELECT 1 AS end; END; DROP TABLE users', verdict: 'deny', why: /DROP TABLE/, effect: 'dropped' },
    { sql: 'CREATE FUNCTION f() RETURNS int LANGUAGE SQL BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; END; DELETE FROM users', verdict: 'deny', why: /every row/, effect: 'emptied' },
    { sql: "CREATE FUNCTION f() RETURNS text LANGUAGE SQL BEGIN ATOMIC SELECT 'END;'; END; DROP TABLE users", verdict: 'deny', why: /DROP TABLE/, effect: 'dropped' },
    { sql: 'CREATE PROCEDURE ins(x int) LANGUAGE SQL BEGIN ATOMIC INSERT INTO users VALUES (x, \'n\'); END; CALL ins(4)', verdict: 'deny', why: /stored procedure/ },
    { sql: 'CREATE FUNCTION add2(x int) RETURNS int LANGUAGE SQL BEGIN ATOMIC SELECT x + 2; END', verdict: 'allow', effect: 'none' },
  ],
  tautologies: [
    { sql: 'DELETE FROM users WHERE 1 = ANY(ARRAY[1])', verdict: 'deny', why: /always-true WHERE/, effect: 'emptied' },
    { sql: "DELETE FROM users WHERE 3 <> ALL('{1,2}')", verdict: 'deny', why: /always-true WHERE/, effect: 'emptied' },
    { sql: 'DELETE FROM users WHERE NOT EXISTS (SELECT 1 WHERE false)', verdict: 'deny', why: /always-true WHERE/, effect: 'emptied' },
    { sql: 'DELETE FROM users WHERE EXISTS (SELECT 1 FROM users)', verdict: 'deny', why: /always-true WHERE/, effect: 'emptied' },
    { sql: 'DELETE FROM users WHERE random() < 2', verdict: 'deny', why: /always-true WHERE/, effect: 'emptied' },
    { sql: 'DELETE FROM users WHERE id IN (SELECT id FROM users)', verdict: 'deny', why: /always-true WHERE/, effect: 'emptied' },
    { sql: 'DELETE FROM users WHERE id = id', verdict: 'deny', why: /always-true WHERE/, effect: 'emptied' },
    { sql: 'DELETE FROM users WHERE (1 + 1) * 2 = 4', verdict: 'deny', why: /always-true WHERE/, effect: 'emptied' },
    { sql: "UPDATE users SET name = 'x' WHERE 'a' = 'a'", verdict: 'deny', why: /changes every row/, effect: 'rewritten' },
    // restricting conditions stay allowed and really restrict
    { sql: 'DELETE FROM users WHERE id = 2', verdict: 'allow', effect: 'one-deleted' },
    { sql: 'DELETE FROM users WHERE id = ANY(ARRAY[2])', verdict: 'allow', effect: 'one-deleted' },
    { sql: 'DELETE FROM users WHERE id IN (SELECT id FROM users WHERE id = 2)', verdict: 'allow', effect: 'one-deleted' },
    { sql: 'DELETE FROM users WHERE random() < 0', verdict: 'allow', effect: 'none' },
    { sql: 'DELETE FROM users WHERE EXISTS (SELECT 1 WHERE false)', verdict: 'allow', effect: 'none' },
  ],
  'program-running SQL': [
    { sql: `COPY (SELECT 1) TO PROGRAM 'touch ${M}'`, verdict: 'deny', why: /runs a shell command on the database server/, effect: 'file' },
    { sql: `COPY users FROM PROGRAM 'touch ${M}'`, verdict: 'deny', why: /runs a shell command on the database server/, effect: 'file' },
    { sql: `COPY users TO '${M}'`, verdict: 'deny', why: /writes a file on the database server/, effect: 'file' },
    { sql: "SELECT pg_read_file('PG_VERSION')", verdict: 'deny', why: /reaches outside the database/ },
    { sql: "ALTER SYSTEM SET archive_command = 'touch /tmp/x'", verdict: 'deny', why: /ALTER SYSTEM/ },
    { sql: 'CREATE EXTENSION dblink', verdict: 'deny', why: /CREATE EXTENSION/ },
    { sql: "SELECT dblink_exec('dbname=postgres', 'DROP TABLE users')", verdict: 'deny', why: /dblink_exec\(\) runs SQL on another connection/ },
    { sql: 'COPY users TO STDOUT', verdict: 'allow', effect: 'none' },
  ],
};

const SQLITE: Record<string, Case[]> = {
  'SQL disguises': [
    { sql: "SELECT 'a'';DROP TABLE users;--'", verdict: 'allow', effect: 'none' },
    { sql: 'SELECT 1; DROP TABLE users', verdict: 'deny', why: /DROP TABLE/, effect: 'dropped' },
  ],
  'procedural SQL': [
    { sql: "CREATE TRIGGER t AFTER INSERT ON users BEGIN DELETE FROM users; END; INSERT INTO users VALUES (9, 'x')", verdict: 'deny', why: /CREATE TRIGGER/, effect: 'emptied' },
    { sql: "CREATE TRIGGER t AFTER INSERT ON users BEGIN UPDATE users SET name = 'b' WHERE id = 2; END", verdict: 'allow', effect: 'none' },
  ],
  tautologies: [
    { sql: 'DELETE FROM users WHERE NOT EXISTS (SELECT 1 WHERE 0)', verdict: 'deny', why: /always-true WHERE/, effect: 'emptied' },
    { sql: 'DELETE FROM users WHERE id IN (SELECT id FROM users)', verdict: 'deny', why: /always-true WHERE/, effect: 'emptied' },
    { sql: 'DELETE FROM users WHERE 1 IN (1, 2)', verdict: 'deny', why: /always-true WHERE/, effect: 'emptied' },
    { sql: "DELETE FROM users WHERE name LIKE '%'", verdict: 'deny', why: /always-true WHERE/, effect: 'emptied' },
    { sql: 'DELETE FROM users WHERE id = 2', verdict: 'allow', effect: 'one-deleted' },
  ],
  'program-running SQL': [
    { sql: `ATTACH DATABASE '${M}' AS planted; CREATE TABLE planted.t (a)`, verdict: 'deny', why: /ATTACH/, effect: 'file' },
    { sql: `VACUUM INTO '${M}'`, verdict: 'deny', why: /VACUUM INTO/, effect: 'file' },
    { sql: "SELECT load_extension('/tmp/nothing.so')", verdict: 'deny', why: /native library/ },
  ],
};

/** MySQL has no server here; these are checked by the kernel only. */
const MYSQL: Case[] = [
  { sql: "SET @q = 'DROP TABLE users'; PREPARE s FROM @q; EXECUTE s", verdict: 'deny', why: /PREPARE .*DROP TABLE/ },
  { sql: "SET @q = CONCAT('DR', 'OP TABLE users'); PREPARE s FROM @q; EXECUTE s", verdict: 'deny', why: /DROP TABLE/ },
  { sql: 'SET @q = (SELECT body FROM scripts LIMIT 1); PREPARE s FROM @q; EXECUTE s', verdict: 'deny', why: /built at run time/ },
  { sql: "SELECT * FROM users INTO OUTFILE '/var/www/x.php'", verdict: 'deny', why: /writes a file/ },
  { sql: "SET GLOBAL general_log_file = '/var/www/x.php'", verdict: 'deny', why: /every session/ },
  { sql: "SELECT sys_exec('id')", verdict: 'deny', why: /shell command/ },
  { sql: 'CREATE PROCEDURE p() SELECT 1 begin FROM dual; DROP TABLE users; END', verdict: 'deny', why: /DROP TABLE/ },
  { sql: "PREPARE s FROM 'SELECT name FROM users WHERE id = ?'; EXECUTE s USING @id", verdict: 'allow' },
];

const kernel = new KernelSpace({ policies: [Policy.noDestructiveSql()] });

function decide(c: Case, dialect: SqlDialect): void {
  const d = kernel.check({ kind: 'sql', sql: c.sql, dialect });
  if (c.verdict === 'allow') {
    expect(d, `${dialect}: ${c.sql} -> ${d.reason}`).toEqual({ allowed: true });
    return;
  }
  expect(d.allowed, `${dialect}: ${c.sql}`).toBe(false);
  if (c.why) expect(d.reason, `${dialect}: ${c.sql}`).toMatch(c.why);
  // an unknown server is read every way: a denial in one dialect stays a denial
  expect(kernel.check({ kind: 'sql', sql: c.sql }).allowed, `generic: ${c.sql}`).toBe(false);
}

function cases(table: Record<string, Case[]>): [string, string, Case][] {
  return Object.entries(table).flatMap(([family, list]) => list.map((c): [string, string, Case] => [family, c.sql, c]));
}

describe('kernel.check on adversarial SQL', () => {
  it.each(cases(PG))('postgres %s: %s', (_f, _s, c) => decide(c, 'postgres'));
  it.each(cases(SQLITE))('sqlite %s: %s', (_f, _s, c) => decide(c, 'sqlite'));
  it.each(MYSQL.map((c) => [c.sql, c] as const))('mysql: %s', (_s, c) => decide(c, 'mysql'));

  it('every family has cases that are denied and cases that are allowed', () => {
    const all = [...Object.values(PG).flat(), ...Object.values(SQLITE).flat(), ...MYSQL];
    expect(all.filter((c) => c.verdict === 'deny').length).toBeGreaterThan(40);
    expect(all.filter((c) => c.verdict === 'allow').length).toBeGreaterThan(10);
  });

  it('static checks keep reporting only what is proven destructive', () => {
    // not proven is not destructive: the static engine (which reports `destructive`) stays quiet
    for (const sql of ['DO $$ BEGIN PERFORM 1; END $$', 'CALL p()', 'GRANT SELECT ON t TO bob']) {
      const v = classifySql(sql, { dialect: 'postgres' });
      expect(v.destructive, sql).toBe(false);
      expect(v.unproven, sql).toBeTruthy();
    }
    // ... while SQL that runs a program is destructive, so the static check reports it too
    expect(classifySql("COPY t TO PROGRAM 'sh'", { dialect: 'postgres' }).destructive).toBe(true);
  });
});

// ───────────── the same cases on real servers ─────────────

function expectEffect(effect: Effect, count: () => string, names: () => string, marker: string, sql: string): void {
  switch (effect) {
    case 'dropped':
      expect(count(), sql).toMatch(/does not exist|no such table/);
      break;
    case 'emptied':
      expect(count(), sql).toBe('0');
      break;
    case 'rewritten':
      expect(names(), sql).toBe('x|x|x');
      break;
    case 'one-deleted':
      expect(names(), sql).toBe('a|c');
      break;
    case 'one-changed':
      expect(names(), sql).toBe('a|z|c');
      break;
    case 'file':
      expect(existsSync(marker), sql).toBe(true);
      break;
    case 'none':
      expect(count(), sql).toBe('3');
      expect(names(), sql).toBe('a|b|c');
      expect(existsSync(marker), sql).toBe(false);
      break;
  }
}

const noPostgres = postgresMissing();
const noSqlite = sqliteMissing();
if (noPostgres) console.warn(`adversarial-sql: PostgreSQL cases skipped: ${noPostgres}`);
if (noSqlite) console.warn(`adversarial-sql: SQLite cases skipped: ${noSqlite}`);

describe.skipIf(!!noPostgres)('adversarial SQL on a real PostgreSQL', () => {
  let pg: RealPostgres | string = 'not started';
  beforeAll(() => {
    pg = startPostgres();
    if (typeof pg === 'string') {
      console.warn(`adversarial-sql: PostgreSQL cases skipped: ${pg}`);
      return;
    }
    const base = pg.run('postgres', 'CREATE DATABASE base');
    if (!base.ok) throw new Error(base.err);
    const setup = pg.run('base', "CREATE TABLE users (id int PRIMARY KEY, name text); INSERT INTO users VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    if (!setup.ok) throw new Error(setup.err);
  });
  afterAll(() => {
    if (typeof pg !== 'string') pg.stop();
  });

  let n = 0;
  it.each(cases(PG).filter(([, , c]) => c.effect))('%s: %s', (_f, _s, c) => {
    if (typeof pg === 'string') return void console.warn(`skipped (${pg})`);
    const server = pg;
    const db = `case_${++n}`;
    server.fresh(db);
    const marker = path.join(server.dir, `${db}.out`);
    const sql = c.sql.split(M).join(marker);
    server.run(db, sql); // errors are fine: the effect is what counts
    const count = () => {
      const r = server.run(db, 'SELECT count(*) FROM users');
      return r.ok ? r.out : r.err;
    };
    const names = () => server.run(db, 'SELECT name FROM users ORDER BY id').out.split('\n').join('|');
    expectEffect(c.effect!, count, names, marker, sql);
    server.run('postgres', `DROP DATABASE ${db}`);
  });

  it('is PostgreSQL 15 or later', () => {
    if (typeof pg === 'string') return void console.warn(`skipped (${pg})`);
    expect(Number(pg.version.split('.')[0])).toBeGreaterThanOrEqual(15);
  });
});

describe.skipIf(!!noSqlite)('adversarial SQL on a real SQLite', () => {
  let lite: RealSqlite | string = 'not started';
  beforeAll(() => {
    lite = startSqlite();
    if (typeof lite === 'string') console.warn(`adversarial-sql: SQLite cases skipped: ${lite}`);
  });
  afterAll(() => {
    if (typeof lite !== 'string') lite.stop();
  });

  let n = 0;
  it.each(cases(SQLITE).filter(([, , c]) => c.effect))('%s: %s', (_f, _s, c) => {
    if (typeof lite === 'string') return void console.warn(`skipped (${lite})`);
    const server = lite;
    const file = `case_${++n}.db`;
    const setup = server.run(file, "CREATE TABLE users (id int PRIMARY KEY, name text); INSERT INTO users VALUES (1, 'a'), (2, 'b'), (3, 'c');");
    expect(setup.err).toBe('');
    const marker = path.join(server.dir, `${file}.out`);
    const sql = c.sql.split(M).join(marker);
    server.run(file, sql);
    const count = () => {
      const r = server.run(file, 'SELECT count(*) FROM users');
      return r.ok ? r.out : r.err;
    };
    const names = () => server.run(file, 'SELECT name FROM users ORDER BY id').out.split('\n').join('|');
    expectEffect(c.effect!, count, names, marker, sql);
  });
});
