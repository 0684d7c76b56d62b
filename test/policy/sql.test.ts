import { describe, expect, it } from 'vitest';
import { classifySql, looksLikeSql, type SqlDialect } from '../../src/policy/sql.js';

const HOLE = '__agentos_hole_';
const h = (n: number): string => `${HOLE}${n}__`;

type Case = [sql: string, dialect?: SqlDialect];

/** Must stay allowed: blocking these is a failure too. */
const BENIGN: Case[] = [
  ['SELECT * FROM users WHERE id = ?'],
  ['SELECT * FROM drop_log'],
  ['SELECT truncate_at, deleted FROM delete_queue'],
  ["INSERT INTO notes(body) VALUES ('please DROP TABLE x')"],
  ["INSERT INTO notes(body) VALUES ('a; DELETE FROM users')"],
  ["SELECT 'DELETE FROM users'"],
  ['SELECT $$DROP TABLE x$$', 'postgres'],
  ['SELECT $body$ ; DROP TABLE x; $body$', 'postgres'],
  ['/* DROP TABLE users */ SELECT 1', 'postgres'],
  ['/* outer /* DROP TABLE users; */ still a comment; DROP TABLE users */ SELECT 1', 'postgres'],
  ['-- DROP TABLE users\nSELECT 1'],
  ['SELECT 1 -- ; DROP TABLE users'],
  ['SELECT 1 # ; DROP TABLE users', 'mysql'],
  ["SELECT 'it\\'s'", 'mysql'],
  ["SELECT 'a\\'; DROP TABLE users; -- '", 'mysql'],
  ["SELECT E'it\\'s; DROP TABLE x'", 'postgres'],
  ['SELECT 1 /*!50000 ; DROP TABLE users */', 'postgres'],
  ['DELETE FROM sessions WHERE expires_at < now()'],
  ['DELETE FROM users WHERE id = 1'],
  ['DELETE FROM users WHERE id IN (1, 2, 3)'],
  ['DELETE FROM users WHERE id = 1 OR id = 2'],
  ['DELETE FROM users WHERE x > 5 OR x < 5'],
  ["DELETE FROM users WHERE status <> 'active' AND created_at < now() - interval '30 days'"],
  ['DELETE FROM users WHERE id = 5 -- OR 1=1'],
  ['DELETE FROM users WHERE 1 = 0'],
  ['DELETE FROM users WHERE id IN (SELECT id FROM users WHERE 1=1)'],
  ['DELETE FROM users WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.uid = users.id)'],
  ['DELETE FROM logs WHERE created_at < DATE \'2020-01-01\''],
  ["DELETE FROM t WHERE name LIKE 'a%'"],
  ["DELETE FROM t WHERE name NOT LIKE '%'"],
  ['DELETE FROM t WHERE lower(email) = lower($1)'],
  ["DELETE FROM t WHERE data->>'kind' = 'tmp'", 'postgres'],
  ["DELETE FROM t WHERE tags @> ARRAY['x']", 'postgres'],
  ['DELETE FROM t WHERE tags[1] = 5'],
  ["DELETE FROM t WHERE data ? 'k'", 'postgres'],
  ['DELETE FROM t WHERE a::int = 3'],
  ['DELETE FROM t WHERE id = ANY($1)'],
  ['DELETE FROM t WHERE x BETWEEN 1 AND 10'],
  ['DELETE FROM t WHERE CURRENT OF c', 'postgres'],
  ['DELETE FROM t WHERE rowid IN (SELECT rowid FROM t ORDER BY ts LIMIT 10)', 'sqlite'],
  ['DELETE FROM t WHERE id = @id'],
  ['DELETE FROM `users` WHERE `id` = ?', 'mysql'],
  ['DELETE FROM [users] WHERE [id] = ?', 'sqlite'],
  ['DELETE FROM "Users" WHERE "Id" = $1', 'postgres'],
  ['DELETE FROM users WHERE id = 1 LIMIT 1', 'mysql'],
  ['UPDATE users SET name = $1 WHERE id = $2'],
  ['UPDATE accounts SET balance = balance - 10 WHERE id = :id'],
  ['UPDATE t SET a = CASE WHEN b THEN 1 ELSE 2 END WHERE id = %s'],
  ['UPDATE t SET a = 1 WHERE id = %(id)s'],
  ["UPDATE t SET a = 'x' || b WHERE id = 1"],
  ['UPDATE t SET a = 1 WHERE a IS DISTINCT FROM 1'],
  ['UPDATE t SET (a, b) = (1, 2) WHERE id = 3', 'postgres'],
  ['INSERT INTO t SELECT * FROM u'],
  ['INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET b = 2'],
  ['INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = VALUES(a)', 'mysql'],
  ['INSERT OR REPLACE INTO t VALUES (1)', 'sqlite'],
  ['REPLACE INTO t VALUES (1)'],
  ["CREATE TABLE t (id int, note text DEFAULT 'drop')"],
  ['CREATE INDEX idx ON t (a)'],
  ['CREATE PROCEDURE p() BEGIN DELETE FROM t; END', 'mysql'],
  ['CREATE FUNCTION f() RETURNS void AS $$ DELETE FROM t $$ LANGUAGE sql', 'postgres'],
  ['CREATE TRIGGER tr AFTER DELETE ON orders BEGIN DELETE FROM items WHERE order_id = OLD.id; END', 'sqlite'],
  ['ALTER TABLE t ADD COLUMN x int'],
  ['ALTER TABLE t RENAME TO u'],
  ['ALTER TABLE t ALTER COLUMN c DROP NOT NULL'],
  ['ALTER TABLE t ALTER COLUMN c DROP DEFAULT'],
  ['BEGIN; UPDATE t SET a = 1 WHERE id = 2; COMMIT;'],
  ['START TRANSACTION'],
  ['ROLLBACK'],
  ['SET search_path TO app'],
  ['SHOW TABLES'],
  ['DESCRIBE users'],
  ['VACUUM'],
  ['ANALYZE users'],
  ['PRAGMA foreign_keys = ON', 'sqlite'],
  ['PRAGMA writable_schema', 'sqlite'],
  ['PRAGMA writable_schema = OFF', 'sqlite'],
  ['GRANT SELECT ON t TO bob'],
  ['REVOKE ALL ON t FROM bob'],
  ['EXPLAIN DELETE FROM users'],
  ['EXPLAIN (ANALYZE false) DELETE FROM users', 'postgres'],
  ['EXPLAIN QUERY PLAN DELETE FROM users', 'sqlite'],
  ['EXPLAIN ANALYZE SELECT * FROM users'],
  ['WITH x AS (SELECT 1) SELECT * FROM x'],
  ['WITH d AS (DELETE FROM t WHERE id = 1 RETURNING *) SELECT * FROM d'],
  ['WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT * FROM r'],
  ['(SELECT 1) UNION (SELECT 2)'],
  ['MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = s.a WHEN NOT MATCHED THEN INSERT (a) VALUES (s.a)'],
  ['MERGE INTO t USING s ON t.id = s.id WHEN MATCHED AND s.gone THEN DELETE'],
  ["DO $$ BEGIN UPDATE t SET a = 1 WHERE id = 2; END $$", 'postgres'],
  ["EXECUTE 'SELECT 1'"],
  ['SELECT * FROM t WHERE a # b = 1', 'postgres'],
  ["SELECT data #> '{a,b}' FROM t; SELECT 2", 'postgres'],
  ['COPY (SELECT * FROM users) TO STDOUT', 'postgres'],
  ['CREATE OR REPLACE VIEW v AS SELECT 1'],
  ["DELETE FROM users WHERE name = 'a' 'b'", 'mysql'],
];

/** Must be destructive, however it is spelled. */
const DESTRUCTIVE: Case[] = [
  ['DELETE FROM users'],
  ['delete from users;'],
  ['dElEtE fRoM users'],
  ['DELETE/**/FROM/**/users'],
  ['DELETE\tFROM\n\tusers\n'],
  ['DELETE\u00a0FROM users'],
  ['DELETE FROM users -- WHERE id = 1'],
  ['DELETE FROM users # WHERE id = 1', 'mysql'],
  ['DELETE FROM users /* WHERE id = 1 */'],
  ['DELETE FROM public.users'],
  ['DELETE FROM ONLY users', 'postgres'],
  ['DELETE FROM t LIMIT 10', 'mysql'],
  ['DELETE FROM users ORDER BY id LIMIT 10', 'mysql'],
  ['DELETE FROM a USING b'],
  ['DELETE users FROM users JOIN x ON users.id = x.id', 'mysql'],
  ['DELETE t1, t2 FROM t1 INNER JOIN t2 ON t1.id = t2.id', 'mysql'],
  ['DELETE TOP (10) FROM users'],
  ['DELETE FROM users RETURNING *', 'postgres'],
  ['DELETE FROM users WHERE 1=1'],
  ["DELETE FROM users WHERE 'a'='a'"],
  ['DELETE FROM users WHERE id = id'],
  ['DELETE FROM users WHERE true'],
  ['DELETE FROM users WHERE TRUE AND TRUE'],
  ['DELETE FROM users WHERE 1', 'mysql'],
  ['DELETE FROM users WHERE 1'],
  ['DELETE FROM users WHERE id = 5 OR 1=1'],
  ['DELETE FROM users WHERE (id = 5) OR (2 = 2)'],
  ["DELETE FROM users WHERE id = 1 OR 'a' = 'a'"],
  ['DELETE FROM users WHERE NOT 0'],
  ['DELETE FROM users WHERE NOT FALSE'],
  ['DELETE FROM users WHERE 2 > 1'],
  ['DELETE FROM users WHERE 1 <> 2'],
  ['DELETE FROM users WHERE 1 + 1 = 2'],
  ['DELETE FROM users WHERE ((((1=1))))'],
  ['DELETE FROM users WHERE (id = 3 OR (1 = 1)) AND (2 = 2)'],
  ['DELETE FROM users\nWHERE\n\t1\n=\n1'],
  ["DELETE FROM users WHERE 'x' LIKE '%'"],
  ["DELETE FROM users WHERE name LIKE '%'"],
  ["DELETE FROM users WHERE 'abc' LIKE 'a%c'"],
  ['DELETE FROM users WHERE 1 IN (1, 2)'],
  ['DELETE FROM users WHERE 3 NOT IN (1, 2)'],
  ['DELETE FROM users WHERE 5 BETWEEN 1 AND 10'],
  ['DELETE FROM users WHERE NULL IS NULL'],
  ['DELETE FROM users WHERE 1 IS NOT NULL'],
  ['DELETE FROM users WHERE id IS NULL OR id IS NOT NULL'],
  ['DELETE FROM users WHERE id >= 5 OR id < 5'],
  ['DELETE FROM users WHERE NOT (id = 5) OR id = 5'],
  ['DELETE FROM users WHERE EXISTS (SELECT 1)'],
  ['DELETE FROM users WHERE (SELECT 1) = 1'],
  ["DELETE FROM users WHERE '1'", 'mysql'],
  ["DELETE FROM users WHERE 'yes'", 'postgres'],
  ['DELETE FROM users WHERE 0x1'],
  ['DELETE FROM users WHERE -1'],
  ['DELETE FROM users WHERE id = 1 || 1', 'mysql'],
  ['DELETE FROM users WHERE id = 1 || 1'],
  ["DELETE FROM users WHERE 'abc' = 'ABC'", 'mysql'],
  ['DELETE FROM users WHERE "1"', 'mysql'],
  ['DELETE FROM users WHERE CASE WHEN 1 = 1 THEN 1 END = 1'],
  ['DELETE FROM users WHERE coalesce(NULL, 1) = 1'],
  ['DELETE FROM users WHERE LOWER(name) = LOWER(name)'],
  ['DELETE FROM users WHERE id = 1 weird 1 = 1'],
  ['UPDATE users SET admin = true'],
  ['UPDATE users SET admin = true WHERE 1=1'],
  ['UPDATE users SET admin = true -- WHERE id = 1'],
  ['UPDATE users u SET admin = true FROM roles r', 'postgres'],
  ['update users set a = 1, b = 2 order by id limit 5', 'mysql'],
  ['DROP TABLE users'],
  ['DROP TABLE IF EXISTS users CASCADE'],
  ['drop database prod'],
  ['DROP SCHEMA public CASCADE', 'postgres'],
  ['DROP VIEW v'],
  ['DROP MATERIALIZED VIEW mv', 'postgres'],
  ['DROP INDEX idx'],
  ['DROP USER bob'],
  ['TRUNCATE users'],
  ['TRUNCATE TABLE a, b RESTART IDENTITY', 'postgres'],
  ['ALTER TABLE users DROP COLUMN email'],
  ['ALTER TABLE users DROP email', 'mysql'],
  ['ALTER TABLE users ADD COLUMN x int, DROP CONSTRAINT fk'],
  ['ALTER TABLE t TRUNCATE PARTITION p0', 'mysql'],
  ['ALTER TABLE t DROP PARTITION p0', 'mysql'],
  ['ALTER TABLE t DISCARD TABLESPACE', 'mysql'],
  ['SELECT 1; DROP TABLE users'],
  ['SELECT 1;\nDROP TABLE users'],
  ['SELECT 1; drop/**/table users'],
  ['SELECT * FROM users WHERE id = 1; DELETE FROM users'],
  ['SELECT 1 /*!50000 ; DROP TABLE users */', 'mysql'],
  ['SELECT 1 /*!50000 ; DROP TABLE users */'],
  ['SELECT 1 /*!; DROP TABLE users */', 'mysql'],
  ['SELECT 1 /*M! ; DROP TABLE users */', 'mysql'],
  ['/*!DROP TABLE users*/', 'mysql'],
  ["SELECT 'a\\'; DROP TABLE users; -- '", 'postgres'],
  ["SELECT 'a\\'; DROP TABLE users; -- '"],
  ['SELECT 1 # \n; DROP TABLE users'],
  ['SELECT 1 # ; DROP TABLE users'],
  ['SELECT $$ ; DROP TABLE users; $$'],
  ['SELECT 1 /* /* */ ; DROP TABLE users */'],
  ['SELECT 1 --x\n; DROP TABLE users'],
  ['SELECT 1 --x; DROP TABLE users', 'mysql'],
  ['SELECT [a;DROP TABLE users]'],
  ['WITH d AS (DELETE FROM users RETURNING *) SELECT * FROM d'],
  ['WITH a AS (SELECT 1), d AS (DELETE FROM users) SELECT 1'],
  ['WITH a AS (SELECT 1) DELETE FROM users'],
  ['WITH u AS (UPDATE users SET admin = true RETURNING id) SELECT count(*) FROM u'],
  ['WITH a AS NOT MATERIALIZED (SELECT 1), b AS (DELETE FROM users WHERE 1 = 1) SELECT 1', 'postgres'],
  ['EXPLAIN ANALYZE DELETE FROM users'],
  ['EXPLAIN (ANALYZE, BUFFERS) DELETE FROM users', 'postgres'],
  ['EXPLAIN ANALYZE UPDATE users SET a = 1'],
  ['MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE'],
  ['MERGE INTO t USING s ON t.id = s.id WHEN MATCHED AND 1 = 1 THEN DELETE'],
  ['MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED BY SOURCE THEN DELETE'],
  ["EXECUTE 'DROP TABLE users'"],
  ["EXECUTE 'EXECUTE ''DROP TABLE users'''"],
  ["PREPARE s FROM 'DELETE FROM users'", 'mysql'],
  ['PREPARE s AS DELETE FROM users', 'postgres'],
  ["SELECT dblink_exec('dbname=x', 'DROP TABLE users')", 'postgres'],
  ['DO $$ BEGIN DELETE FROM users; END $$', 'postgres'],
  ["DO $$ BEGIN EXECUTE 'TRUNCATE ' || quote_ident(t); END $$", 'postgres'],
  ['CREATE TRIGGER tr AFTER INSERT ON x BEGIN DELETE FROM y; END', 'sqlite'],
  ['CREATE TRIGGER tr AFTER INSERT ON x FOR EACH ROW DELETE FROM y', 'mysql'],
  ['CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM logs', 'mysql'],
  ['CREATE RULE r AS ON INSERT TO t DO INSTEAD DELETE FROM u', 'postgres'],
  ['BEGIN DELETE FROM users; END;'],
  ['INSERT OVERWRITE TABLE t SELECT * FROM u'],
  ['PRAGMA writable_schema = ON', 'sqlite'],
  ['PRAGMA writable_schema = 1', 'sqlite'],
  ["DELETE FROM users WHERE 'a' 'a' = 'aa'", 'mysql'],
  ["DELETE FROM users WHERE X'41' = 'A'", 'mysql'],
  ['COPY (DELETE FROM users RETURNING *) TO STDOUT', 'postgres'],
  ['CREATE OR REPLACE TABLE t (a int)', 'mysql'],
];

describe('classifySql: benign statements stay allowed', () => {
  it.each(BENIGN)('%s (%s)', (sql, dialect) => {
    const v = classifySql(sql, { dialect });
    expect(v.parsed, v.error).toBe(true);
    expect(v.destructive, v.reason).toBe(false);
    expect(v.statements.some((s) => s.destructive)).toBe(false);
  });
});

describe('classifySql: destructive statements are caught', () => {
  it.each(DESTRUCTIVE)('%s (%s)', (sql, dialect) => {
    const v = classifySql(sql, { dialect });
    expect(v.destructive).toBe(true);
    expect(v.reason).toBeTruthy();
    expect(v.statements.find((s) => s.destructive)?.reason).toBe(v.reason);
  });
});

describe('classifySql: verdict details', () => {
  it.each([
    ['DROP TABLE IF EXISTS search_vector_chunks', 'TABLE'],
    ['drop materialized view if exists mv_daily CASCADE', 'MATERIALIZED VIEW'],
    ['DROP INDEX CONCURRENTLY IF EXISTS ix_chunks', 'INDEX'],
    ['DROP DATABASE IF EXISTS search', 'DATABASE'],
    ['DROP TABLE search_vector_chunks', undefined],
    ['DROP TABLE exists_log', undefined],
  ])('%s: a drop that does not fail when there is nothing to drop names %s', (sql, kind) => {
    const [s] = classifySql(sql).statements;
    expect(s?.kind).toBe('drop');
    expect(s?.dropsIfExists).toBe(kind);
  });

  it.each([
    ['CREATE TABLE IF NOT EXISTS search_vector_chunks (id INTEGER PRIMARY KEY)', { kind: 'TABLE', name: 'search_vector_chunks' }],
    ['CREATE TRIGGER update_files_updated_at BEFORE UPDATE ON files FOR EACH ROW EXECUTE FUNCTION touch()', { kind: 'TRIGGER', name: 'update_files_updated_at' }],
    ['CREATE TRIGGER IF NOT EXISTS audit AFTER INSERT ON t FOR EACH ROW INSERT INTO log VALUES (1)', { kind: 'TRIGGER', name: 'audit' }],
    // a trigger whose body destroys is not a harmless creation
    ['CREATE TRIGGER wipe AFTER INSERT ON t FOR EACH ROW DELETE FROM log', undefined],
    ['CREATE OR REPLACE FUNCTION touch() RETURNS trigger AS $$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql', undefined],
    ['CREATE UNIQUE INDEX IF NOT EXISTS idx_tasks_key ON tasks (key)', { kind: 'INDEX', name: 'idx_tasks_key' }],
    ['CREATE INDEX CONCURRENTLY idx_t_a ON t (a)', { kind: 'INDEX', name: 'idx_t_a' }],
    // an index Postgres names itself
    ['CREATE INDEX ON t (a)', undefined],
    ['CREATE OR REPLACE VIEW recent AS SELECT * FROM t', { kind: 'VIEW', name: 'recent' }],
    ['CREATE MATERIALIZED VIEW IF NOT EXISTS totals AS SELECT count(*) FROM t', { kind: 'MATERIALIZED VIEW', name: 'totals' }],
  ])('%s: what it creates is %j', (sql, creates) => {
    const [s] = classifySql(sql).statements;
    expect(s?.kind).toBe('create');
    expect(s?.creates).toEqual(creates);
  });

  it('names the table in one sentence', () => {
    const v = classifySql('DELETE FROM users');
    expect(v).toEqual({
      parsed: true,
      destructive: true,
      stacked: false,
      reason: 'DELETE without a WHERE clause removes every row of `users`',
      statements: [
        { kind: 'delete', destructive: true, reason: 'DELETE without a WHERE clause removes every row of `users`', target: 'users', start: 0, end: 17 },
      ],
    });
  });

  it.each([
    ['DELETE FROM users WHERE 1=1', 'DELETE with an always-true WHERE clause (`1=1`) removes every row of `users`', 'users'],
    ['UPDATE accounts SET balance = 0', 'UPDATE without a WHERE clause changes every row of `accounts`', 'accounts'],
    ['DROP TABLE IF EXISTS app.users', 'DROP TABLE deletes the table `app.users` and all of its rows', 'app.users'],
    ['DROP DATABASE prod', 'DROP DATABASE deletes the database `prod` and everything in it', 'prod'],
    ['TRUNCATE TABLE logs', 'TRUNCATE removes every row of `logs`', 'logs'],
    ['ALTER TABLE users DROP COLUMN email', 'ALTER TABLE ... DROP COLUMN deletes the column `email` of `users` and its data', 'users'],
    ['DELETE FROM `my db`.`users`', 'DELETE without a WHERE clause removes every row of `my db.users`', 'my db.users'],
  ])('%s', (sql, reason, target) => {
    const v = classifySql(sql);
    expect(v.reason).toBe(reason);
    expect(v.statements[0]!.target).toBe(target);
  });

  it.each([
    ['SELECT 1', 'select'],
    ['INSERT INTO t VALUES (1)', 'insert'],
    ['UPDATE t SET a = 1 WHERE id = 1', 'update'],
    ['DELETE FROM t WHERE id = 1', 'delete'],
    ['DROP TABLE t', 'drop'],
    ['TRUNCATE t', 'truncate'],
    ['ALTER TABLE t ADD c int', 'alter'],
    ['CREATE TABLE t (a int)', 'create'],
    ['GRANT SELECT ON t TO bob', 'grant'],
    ['REVOKE SELECT ON t FROM bob', 'revoke'],
    ['WITH x AS (SELECT 1) DELETE FROM t WHERE id = 1', 'delete'],
    ['WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x', 'select'],
    ['begin', 'begin'],
    ['PRAGMA foreign_keys = ON', 'pragma'],
    ['REPLACE INTO t VALUES (1)', 'replace'],
    ['(SELECT 1) UNION (SELECT 2)', 'select'],
  ])('kind of %s is %s', (sql, kind) => {
    expect(classifySql(sql).statements[0]!.kind).toBe(kind);
  });

  it('splits stacked statements with their offsets', () => {
    const sql = 'SELECT 1;  DROP TABLE users ;';
    const v = classifySql(sql);
    expect(v.stacked).toBe(true);
    expect(v.statements.map((s) => [s.kind, s.destructive, sql.slice(s.start, s.end)])).toEqual([
      ['select', false, 'SELECT 1'],
      ['drop', true, 'DROP TABLE users'],
    ]);
    expect(v.reason).toBe('DROP TABLE deletes the table `users` and all of its rows');
  });

  it('a trailing semicolon or empty statements do not make a stack', () => {
    expect(classifySql('SELECT 1;').stacked).toBe(false);
    expect(classifySql(';; SELECT 1 ;;').stacked).toBe(false);
    expect(classifySql('SELECT 1; SELECT 2').stacked).toBe(true);
  });

  it('a statement inside a MySQL executable comment gets a span that re-classifies the same way', () => {
    const sql = 'SELECT 1; /*!50000 DROP TABLE users */';
    const v = classifySql(sql, { dialect: 'mysql' });
    const drop = v.statements[1]!;
    expect(sql.slice(drop.start, drop.end)).toBe('/*!50000 DROP TABLE users */');
    expect(classifySql(sql.slice(drop.start, drop.end), { dialect: 'mysql' }).destructive).toBe(true);
  });

  it('keeps the body of a routine in one statement', () => {
    const sql = 'CREATE TRIGGER tr AFTER INSERT ON x BEGIN UPDATE y SET n = n + 1 WHERE id = NEW.id; END; SELECT 1';
    const v = classifySql(sql, { dialect: 'sqlite' });
    expect(v.statements.map((s) => s.kind)).toEqual(['create', 'select']);
    expect(v.destructive).toBe(false);
  });

  it('explains a destructive trigger body', () => {
    const v = classifySql('CREATE TRIGGER wipe AFTER INSERT ON x BEGIN DELETE FROM audit; END', { dialect: 'sqlite' });
    expect(v.reason).toBe('CREATE TRIGGER `wipe` runs a destructive statement whenever it fires: DELETE without a WHERE clause removes every row of `audit`');
  });
});

describe('classifySql: text that is not SQL', () => {
  it.each([
    ["SELECT 'abc", 'unterminated string'],
    ['SELECT "abc', 'unterminated quoted identifier'],
    ['SELECT `abc', 'unterminated quoted identifier'],
    ['SELECT [abc', 'unterminated quoted identifier'],
    ['SELECT $$abc', 'unterminated dollar-quoted string'],
    ['SELECT 1 /* abc', 'unterminated comment'],
    ['SELECT 1 /*! abc', 'unterminated comment'],
  ])('%s: %s', (sql, error) => {
    const v = classifySql(sql);
    expect(v.parsed).toBe(false);
    expect(v.error).toContain(error);
    expect(v.reason).toBe(v.error);
  });

  it('an unterminated nested comment in postgres', () => {
    const v = classifySql('SELECT 1 /* /* */', { dialect: 'postgres' });
    expect(v.parsed).toBe(false);
    expect(v.error).toContain('unterminated comment');
  });

  it('still reports destructive statements before the point where lexing failed', () => {
    const v = classifySql("DROP TABLE users; SELECT 'oops");
    expect(v.parsed).toBe(false);
    expect(v.destructive).toBe(true);
    expect(v.statements.map((s) => s.kind)).toEqual(['drop']);
  });

  it.each(['Hello world', 'Delete the file please', 'FOO BAR', '42', "'just a string'"])('%s is not SQL', (text) => {
    const v = classifySql(text, { dialect: 'postgres' });
    expect(v.parsed).toBe(false);
    expect(v.error).toMatch(/^not SQL/);
  });

  it.each(['', '   ', '\n\t', '-- only a comment', '/* only */ -- comments', ';;'])('%j is empty', (text) => {
    const v = classifySql(text);
    expect(v.parsed).toBe(false);
    expect(v.error).toBe('empty SQL');
    expect(v.destructive).toBe(false);
    expect(v.statements).toEqual([]);
  });

  it.each(['Delete the file', 'update your profile', 'drop me a line'])('%s is not a statement in PostgreSQL either', (text) => {
    const v = classifySql(text, { dialect: 'postgres' });
    expect(v.parsed).toBe(false);
    expect(v.error).toMatch(/^not SQL/);
  });

  it('an unknown verb after a valid statement fails the whole text', () => {
    const v = classifySql('SELECT 1; frobnicate users');
    expect(v.parsed).toBe(false);
    expect(v.error).toContain('frobnicate');
    expect(v.stacked).toBe(true);
  });

  it('nesting too deep to follow fails closed instead of throwing', () => {
    for (const sql of [
      `DELETE FROM t WHERE ${'('.repeat(5000)}1${')'.repeat(5000)}`,
      `DELETE FROM t WHERE ${'- '.repeat(5000)}1`,
      `DELETE FROM t WHERE ${'1 + '.repeat(5000)}1`,
      `${'WITH a AS ('.repeat(200)}SELECT 1${') SELECT 1'.repeat(200)}`,
    ]) {
      const v = classifySql(sql);
      expect(v.parsed).toBe(false);
      expect(v.error).toContain('nested too deeply');
    }
  });
});

describe('classifySql: holes from the static analyzer', () => {
  const opts = { holePrefix: HOLE };
  const one = (sql: string) => {
    const v = classifySql(sql, opts);
    expect(v.parsed, v.error).toBe(true);
    return v.statements[0]!;
  };

  it('a hole for the table name: still no WHERE clause', () => {
    const s = one(`DELETE FROM ${h(0)}`);
    expect(s.destructive).toBe(true);
    expect(s.uncertain).toBeUndefined();
    expect(s.reason).toBe('DELETE without a WHERE clause removes every row of the table');
  });

  it('a partly known table name', () => {
    expect(one(`DELETE FROM app.${h(0)}`).target).toBe('app.…');
    expect(one(`TRUNCATE logs_${h(0)}`).target).toBe('logs_…');
  });

  it('a hole inside a quoted name shows as `…` in the message, never as the marker', () => {
    // MySQL's backticks and standard double quotes around a value put in (`DROP TABLE IF EXISTS \`{self.collection_name}\``)
    for (const sql of [`DROP TABLE IF EXISTS \`${h(0)}\``, `DROP TABLE "${h(0)}"`, `TRUNCATE TABLE \`app\`.\`${h(0)}\``]) {
      const s = one(sql);
      expect(s.destructive, sql).toBe(true);
      expect(s.reason, sql).not.toContain(HOLE);
      expect(s.target ?? '', sql).not.toContain(HOLE);
    }
    expect(one(`DROP TABLE IF EXISTS \`${h(0)}\``).reason).toBe('DROP TABLE deletes a table and all of its rows');
    expect(one(`TRUNCATE TABLE \`app\`.\`${h(0)}\``).target).toBe('app.…');
    expect(one(`DROP TABLE \`logs_${h(0)}\``).target).toBe('logs_…');
  });

  it.each([
    `DELETE FROM users ${h(0)}`,
    `DELETE FROM users WHERE ${h(0)}`,
    `DELETE FROM users WHERE 1=1 ${h(0)}`,
    `DELETE FROM users WHERE 1=1 AND ${h(0)}`,
    `DELETE FROM users WHERE (1=1 ${h(0)})`,
    `DELETE FROM users WHERE id = 5${h(0)}`,
    `UPDATE users SET ${h(0)}`,
    `UPDATE users SET name = 'x' ${h(0)}`,
    `ALTER TABLE users ${h(0)}`,
    `MERGE INTO t USING s ON t.id = s.id WHEN MATCHED AND ${h(0)} THEN DELETE`,
  ])('a hole where a clause could be: %s is uncertain, not destructive', (sql) => {
    const s = one(sql);
    expect(s.destructive).toBe(false);
    expect(s.uncertain).toBe(true);
  });

  it.each([
    `DELETE FROM users WHERE id = ${h(0)}`,
    `DELETE FROM ${h(0)} WHERE id = ${h(1)}`,
    `DELETE FROM users WHERE id IN (${h(0)}, ${h(1)})`,
    `UPDATE users SET ${h(0)} = ${h(1)} WHERE id = ${h(2)}`,
    `DELETE FROM users WHERE name = '${h(0)}'`,
    `DELETE FROM users WHERE id = 1 LIMIT ${h(0)}`,
  ])('a hole for a value: %s is restricted and certain', (sql) => {
    const s = one(sql);
    expect(s.destructive).toBe(false);
    expect(s.uncertain).toBeUndefined();
  });

  it.each([
    `DELETE FROM users WHERE ${h(0)} OR 1=1`,
    `UPDATE users SET name = ${h(0)}`,
    `DROP TABLE ${h(0)}`,
    `SELECT * FROM t WHERE id = ${h(0)}; DROP TABLE users`,
    `DELETE FROM users LIMIT ${h(0)}`,
  ])('holes that cannot save it: %s is destructive', (sql) => {
    expect(classifySql(sql, opts).destructive).toBe(true);
  });

  it('a hole for the verb: parsed, unknown, uncertain', () => {
    const v = classifySql(`${h(0)} FROM users`, opts);
    expect(v.parsed).toBe(true);
    expect(v.destructive).toBe(false);
    expect(v.statements[0]).toMatchObject({ kind: 'unknown', destructive: false, uncertain: true });
  });

  it('without holePrefix the placeholder is an ordinary name', () => {
    expect(classifySql(`DELETE FROM users WHERE ${h(0)}`).statements[0]!.uncertain).toBeUndefined();
  });
});

describe('classifySql: dialects', () => {
  it('MySQL runs executable comments; others ignore them', () => {
    const sql = 'SELECT 1 /*!50000 ; DROP TABLE users */';
    expect(classifySql(sql, { dialect: 'mysql' }).destructive).toBe(true);
    expect(classifySql(sql, { dialect: 'postgres' }).destructive).toBe(false);
    expect(classifySql(sql, { dialect: 'sqlite' }).destructive).toBe(false);
  });

  it('backslash escapes only in MySQL strings', () => {
    const sql = "SELECT 'a\\'; DROP TABLE users; -- '";
    expect(classifySql(sql, { dialect: 'mysql' }).destructive).toBe(false);
    expect(classifySql(sql, { dialect: 'sqlite' }).destructive).toBe(true);
  });

  it('# is a comment in MySQL and an operator in PostgreSQL', () => {
    const sql = 'SELECT 1 # ; DROP TABLE users';
    expect(classifySql(sql, { dialect: 'mysql' }).destructive).toBe(false);
    expect(classifySql(sql, { dialect: 'postgres' }).destructive).toBe(true);
  });

  it('comments nest in PostgreSQL only', () => {
    const sql = 'SELECT 1 /* /* */ ; DROP TABLE users */';
    expect(classifySql(sql, { dialect: 'postgres' }).destructive).toBe(false);
    expect(classifySql(sql, { dialect: 'mysql' }).destructive).toBe(true);
  });

  it('MySQL needs a space after --', () => {
    const sql = 'SELECT 1 --x\n; DROP TABLE users';
    expect(classifySql('DELETE FROM users WHERE id = 2 --1', { dialect: 'mysql' }).destructive).toBe(false);
    expect(classifySql('SELECT 1 --x; DROP TABLE users', { dialect: 'postgres' }).destructive).toBe(false);
    expect(classifySql(sql, { dialect: 'mysql' }).destructive).toBe(true);
  });

  it('double quotes are strings in MySQL and identifiers elsewhere', () => {
    expect(classifySql('DELETE FROM t WHERE "a" = "b"', { dialect: 'mysql' }).destructive).toBe(false);
    expect(classifySql('DELETE FROM t WHERE "a" = "A"', { dialect: 'mysql' }).destructive).toBe(true);
    expect(classifySql('DELETE FROM t WHERE "a" = "A"', { dialect: 'postgres' }).destructive).toBe(false);
  });

  it('|| is OR in MySQL and concatenation elsewhere', () => {
    expect(classifySql('DELETE FROM t WHERE id = 1 || 1', { dialect: 'mysql' }).destructive).toBe(true);
    expect(classifySql('DELETE FROM t WHERE id = 1 || 1', { dialect: 'postgres' }).destructive).toBe(false);
    expect(classifySql("DELETE FROM t WHERE 'a' || 'b' = 'ab'", { dialect: 'postgres' }).destructive).toBe(true);
  });

  it('generic takes the most dangerous reading', () => {
    // MySQL reads one string, PostgreSQL reads a DROP: the unknown server could be either
    expect(classifySql("SELECT 'a\\'; DROP TABLE users; -- '").destructive).toBe(true);
    // fine in every reading
    expect(classifySql("SELECT 'it\\'s'").destructive).toBe(false);
  });
});

describe('looksLikeSql', () => {
  it.each([
    'SELECT id FROM users',
    'SELECT 1',
    'select * from t',
    'SELECT count(*) FROM t',
    'SELECT a, b FROM t',
    'SELECT NOW()',
    'SELECT $1::int',
    'INSERT INTO t (a) VALUES (1)',
    'insert or replace into t values (1)',
    'UPDATE users SET a = 1',
    'UPDATE users u SET a = 1',
    'DELETE FROM users',
    'delete from users where id = ?',
    'DELETE FROM a WHERE x = 1',
    'DROP TABLE users',
    'DROP TABLE IF EXISTS users',
    'DROP DATABASE prod',
    'drop schema s cascade',
    'DROP INDEX idx',
    'CREATE TABLE t (id int)',
    'CREATE UNIQUE INDEX i ON t (a)',
    'CREATE OR REPLACE VIEW v AS SELECT 1',
    'CREATE TEMPORARY TABLE x (a int)',
    'ALTER TABLE t ADD COLUMN c int',
    'TRUNCATE users',
    'TRUNCATE TABLE users',
    'WITH x AS (SELECT 1) SELECT * FROM x',
    'WITH RECURSIVE r(n) AS (SELECT 1) SELECT 1',
    'REPLACE INTO t VALUES (1)',
    'MERGE INTO t USING s ON 1=1 WHEN MATCHED THEN DELETE',
    'PRAGMA journal_mode = WAL',
    'PRAGMA table_info(users)',
    '  -- note\n  SELECT 1',
    '(SELECT 1)',
    `DELETE FROM ${h(0)}`,
    `SELECT * FROM ${h(0)} WHERE id = 1`,
    'SHOW TABLES',
    'GRANT SELECT ON t TO bob',
    'EXPLAIN SELECT 1',
  ])('%j is SQL', (text) => {
    expect(looksLikeSql(text)).toBe(true);
  });

  it.each([
    'Delete the file',
    'update your profile',
    'select an option',
    'drop me a line',
    'Select an option from the list',
    'Delete from the list',
    'Drop the table',
    'create a table',
    'Create table for users',
    'Update the set of rules',
    'truncate the string',
    'truncate string to 10 chars',
    'Show me the money',
    'Begin the process',
    'Commit your changes',
    'set the value',
    'select',
    'DELETE',
    'With this as an example',
    'Insert coin',
    'insert into the slot',
    'merge the branches',
    'alter the plan',
    'Please select all files',
    'select all files',
    'drop table of contents',
    'hello',
    '',
    '   ',
    'explain the issue',
    'describe the problem',
    'select one',
  ])('%j is prose', (text) => {
    expect(looksLikeSql(text)).toBe(false);
  });
});

describe('classifySql: sanity on large input', () => {
  it('handles many statements and long conditions', () => {
    const many = 'SELECT 1;'.repeat(20_000) + 'DELETE FROM users';
    const v = classifySql(many);
    expect(v.statements).toHaveLength(20_001);
    expect(v.destructive).toBe(true);
    const long = `DELETE FROM t WHERE ${Array.from({ length: 20_000 }, (_, i) => `id = ${i}`).join(' OR ')}`;
    expect(classifySql(long).destructive).toBe(false);
  });
});

describe('classifySql: the table a harmless INSERT or CREATE TABLE names', () => {
  it('is its target, for a caller that asks; nothing about it is destructive', () => {
    const at = (sql: string) => classifySql(sql).statements.map((s) => [s.kind, s.destructive, s.target]);
    expect(at('INSERT INTO memory_migrations (user_id) VALUES (?)')).toEqual([['insert', false, 'memory_migrations']]);
    expect(at('INSERT OR REPLACE INTO app.users VALUES (1)')).toEqual([['insert', false, 'app.users']]);
    expect(at('CREATE TABLE IF NOT EXISTS "History" (id INTEGER)')).toEqual([['create', false, 'History']]);
    expect(at('CREATE TEMP TABLE scratch (x INT)')).toEqual([['create', false, 'scratch']]);
    // no table named: no target
    expect(at('CREATE INDEX i ON t (x)')).toEqual([['create', false, undefined]]);
    expect(at('INSERT OVERWRITE TABLE logs SELECT * FROM staging')[0]).toEqual(['insert', true, 'logs']);
  });
});

