/** Where the holes of a SQL template stand: identifiers only, or values too. */
import { FLAGS, lex } from './lexer.js';

/** Keywords after which a word names a table, column or index rather than a value. */
const IDENTIFIER_BEFORE = new Set(['FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE', 'EXISTS', 'INDEX', 'ON', 'BY', 'SELECT', 'DISTINCT', 'AS', 'VIEW', 'SCHEMA', 'DATABASE', 'COLUMN', 'REFERENCES', 'TRIGGER', 'SEQUENCE']);

/** What follows a column compared with a bound parameter. */
const BOUND_AFTER = /^\s*(?:=|<>|!=|<=|>=|<|>|\bLIKE\b|\bIN\b)\s*\(?\s*(?:CAST\s*\(\s*)?(?:%s|\?|\$\d+|:[A-Za-z_]\w*|%\([A-Za-z_]\w*\)s)/i;

const CREATE_TABLE = /^\s*CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:TEMP(?:ORARY)?\s+|UNLOGGED\s+)?TABLE\b/i;
/** Words after which a column definition takes a value or an expression, not a type. */
const VALUE_IN_DEFINITION = new Set(['DEFAULT', 'CHECK', 'COMMENT', 'AS', 'USING', 'WITH', 'ON', 'REFERENCES', 'COLLATE']);

/**
 * Inside the parentheses of a `CREATE TABLE`, a hole right after `(` or `,` is a column's name, and one right
 * after a name (a word, a quoted name or another hole) is its type; after `DEFAULT` and the like it is a value.
 */
function columnDefinition(before: string, head: string, holePrefix: string): boolean {
  let depth = 0;
  for (const c of before.replace(/'[^']*'/g, '')) depth += c === '(' ? 1 : c === ')' ? -1 : 0;
  if (depth !== 1) return false;
  if (/[,(]$/.test(head)) return true;
  // (a hole marker is a word too: `{col} {type}`)
  const word = /(?:["`\]]|([A-Za-z_]\w*))\s+$/.exec(before);
  return !!word && (word[1] === undefined || word[1].startsWith(holePrefix) || !VALUE_IN_DEFINITION.has(word[1].toUpperCase()));
}

/** The hole markers of a template's text (`<holePrefix><n>__`), the number captured. */
function holeMarkers(holePrefix: string): RegExp {
  return new RegExp(`${holePrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)__`, 'g');
}

/**
 * Whether every hole of a SQL template (holes written `<holePrefix><n>__`) stands where an
 * identifier goes (`SELECT * FROM {table} WHERE id = ?`), outside string literals: the values
 * are bound, and only a name is spliced in.
 */
export function holesAreIdentifiers(text: string, holePrefix: string): boolean {
  const hole = holeMarkers(holePrefix);
  const createTable = CREATE_TABLE.test(text);
  let found = false;
  for (const m of text.matchAll(hole)) {
    found = true;
    const before = text.slice(0, m.index);
    const after = text.slice(m.index! + m[0].length).replace(/^["`\]]/, '');
    // inside a quoted literal, or in a VALUES list: a value
    if ((before.match(/'/g) ?? []).length % 2 === 1) return false;
    if (/\bVALUES\b/i.test(before)) return false;
    // a name built around the hole (`idx_{table}_session_id`) is still a name
    const head = before.replace(/["`[]$/, '').replace(/[A-Za-z0-9_]+$/, '').trimEnd();
    // the name of a bound parameter (`SET {col} = :{col}`, `%({col})s`): a name, as the column's is
    if (/(?<!:):$/.test(head) || (/%\($/.test(head) && /^\)s/.test(after))) continue;
    if (head.endsWith('.')) continue; // schema.{table}
    // a qualifier: `{alias}.conversation_id`, `{schema}.items`
    if (/^\.[A-Za-z_"`[]/.test(after)) continue;
    // a column compared with a bound parameter: `WHERE {col} = %s`, `SET {col} = ?`
    if (BOUND_AFTER.test(after)) continue;
    // a list of values: `WHERE k IN ({keys})`
    if (/\bIN\s*\($/i.test(head)) return false;
    // a column definition of `CREATE TABLE t ({col} {type}, "{h}" TEXT)`: a column's name, or its type after it
    if (createTable && columnDefinition(before, head, holePrefix)) continue;
    // a column list: `SELECT {a}, {b} FROM`, `INSERT INTO t ({a}, {b})`
    if (/[,(]$/.test(head) && /^\s*(?:,|\)|FROM\b)/i.test(after)) continue;
    // SQL Server's row limit before the select list: `SELECT TOP 101 {col}`, `SELECT DISTINCT TOP (10) {col}`
    const word = /([A-Za-z_]+)$/.exec(head.replace(/\bTOP\s*(?:\(\s*\d+\s*\)|\d+)(?:\s+PERCENT)?$/i, '').trimEnd())?.[1]?.toUpperCase();
    if (!word || !IDENTIFIER_BEFORE.has(word)) return false;
  }
  return found;
}

/**
 * The holes (by number) that stand inside a double-quoted identifier of a SQL template
 * (`CREATE TABLE "{name}"`), as the lexer reads the text with `"` quoting identifiers and no
 * backslash escapes (PostgreSQL, SQLite, the standard). A value whose `"` were doubled cannot
 * leave such an identifier there; in MySQL, where `"` may quote a string with backslash escapes,
 * it can, so this is no proof for MySQL text.
 */
export function holesInQuotedIdentifiers(text: string, holePrefix: string): Set<number> {
  return holesInQuoted(text, holePrefix, 'ident', '"');
}

/**
 * The holes (by number) that stand inside a single-quoted string literal of a SQL template
 * (`read_parquet('{path}')`), as the standard's lexer reads it, with no backslash escapes
 * (PostgreSQL with standard strings, SQLite, DuckDB). A value whose `'` were doubled cannot leave
 * the literal there; in MySQL, where a backslash escapes the quote after it, it can.
 */
export function holesInStringLiterals(text: string, holePrefix: string): Set<number> {
  return holesInQuoted(text, holePrefix, 'str', "'");
}

/** The holes (by number) inside tokens of one kind that open with `quote`, lexed as PostgreSQL does. */
function holesInQuoted(text: string, holePrefix: string, kind: 'ident' | 'str', quote: '"' | "'"): Set<number> {
  const out = new Set<number>();
  if (!text.includes(quote)) return out;
  const hole = holeMarkers(holePrefix);
  for (const t of lex(text, FLAGS.postgres, holePrefix).toks) {
    if (t.t !== kind || text[t.s] !== quote) continue;
    for (const m of t.v.matchAll(hole)) out.add(Number(m[1]));
  }
  return out;
}

/**
 * The tables of a database's own catalog: the standard's `information_schema`, PostgreSQL's
 * `pg_catalog` and `pg_*` views, SQLite's `sqlite_master`, Oracle's dictionary views
 * (`user_tables`, `all_tab_columns`, `dba_indexes`, ...: by name, as `user_profiles` may be an
 * application's table), MySQL's `mysql.*`, SQL Server's `sys.*`, ClickHouse's `system.*`, Vertica's
 * `v_catalog.*`, DuckDB's `duckdb_*` functions.
 */
const CATALOG_TABLE =
  /^(?:(?:information_schema|pg_catalog|sys|system|mysql|v_catalog|v_monitor)\.[\w$]+|(?:[\w-]+\.){1,2}information_schema\.\w+|table\(information_schema\.\w+\(\)\)|pg_\w+|sqlite_(?:master|schema|temp_master)|(?:user|all|dba)_(?:tables|tab_columns|tab_cols|tab_comments|col_comments|indexes|ind_columns|constraints|cons_columns|objects|views|sequences|triggers|source|synonyms|users|segments|tablespaces)|duckdb_\w+(?:\(\))?)$/i;

/**
 * A single statement that only reads the database's catalog: a `SELECT` whose every `FROM` or
 * `JOIN` names a catalog table (and at least one does), or `SHOW`, `DESCRIBE`, SQLite's `PRAGMA`
 * (`PRAGMA table_info('{table}')`). Whatever is spliced into it, the statement describes the
 * schema; what it could leak through a spliced value is reached only by breaking out of it.
 */
export function readsCatalogOnly(text: string, holePrefix: string): boolean {
  // (string literals say nothing of what is read: `QUERY_TEXT LIKE '%FROM {table}%'`)
  const t = text.replace(holeMarkers(holePrefix), 'h').replace(/'(?:[^']|'')*'/g, "''").trim().replace(/;\s*$/, '');
  if (t.includes(';')) return false;
  if (/^(?:SHOW|DESCRIBE|DESC|PRAGMA)\b/i.test(t)) return true;
  if (!/^SELECT\b/i.test(t) || /\b(?:INTO|UNION|INSERT|UPDATE|DELETE)\b/i.test(t)) return false;
  // (a name quoted whole, `"pg_catalog"."pg_class"`, BigQuery's `` `region-us.INFORMATION_SCHEMA.JOBS` ``; Snowflake's
  // table functions of the catalog, `TABLE(INFORMATION_SCHEMA.QUERY_HISTORY())`, read with their arguments left out)
  const targets = [...t.replace(/\b(TABLE\s*\(\s*[\w.]+\s*\()[^()]*(\)\s*\))/gi, '$1$2').matchAll(/\b(?:FROM|JOIN)\s+((?:TABLE\s*\(\s*[\w.]+\s*\(\s*\)\s*\))|[`"]?[\w$.-]+[`"]?(?:\s*\(\s*\))?)/gi)].map((m) =>
    m[1]!.replace(/[`"]/g, '').replace(/\s+/g, ''),
  );
  return targets.length > 0 && targets.every((x) => CATALOG_TABLE.test(x));
}
