/** destructive-sql and sql-injection: both judge the SQL text reaching a database sink. */
import { nameWords } from '../../policy/words.js';
import { classifySql, dialectWrittenFor, type SqlStatementVerdict, holesAreIdentifiers, holesInQuotedIdentifiers, holesInStringLiterals, looksLikeSql, readsCatalogOnly } from '../../policy/sql.js';
import { fillHoleMarkers, HOLE_PREFIX, sanitizersOf, skeleton, taintOf } from '../values.js';
import { calleeText, configuredValue, EVERY_CALLER_OWN, fillHoles, ownAtEveryCall, quote, severityForTaint, taintPhrase, traceOf, unsanitized } from './common.js';
import type { Value } from '../facts.js';
import type { Check, CheckContext, SinkHit, Verdict } from './types.js';

/** A string an attacker could pass: closes a quoted literal, stacks a destructive statement. */
export const SQL_PAYLOAD = "x'; DROP TABLE agentos_probe; --";

/** A program's SQL text (holes marked) as the parser reads it, in the dialect its own text names if it names one. */
function classifyProgramSql(text: string) {
  return classifySql(text, { holePrefix: HOLE_PREFIX, dialect: dialectWrittenFor(text, HOLE_PREFIX) });
}

function sqlText(hit: SinkHit): { text: string; holes: number } | undefined {
  if (hit.call.tagged) return undefined; // tagged templates bind holes as parameters
  const sk = skeleton(hit.value);
  if (!sk) return undefined;
  if (hit.sink.with?.needsSqlText && !looksLikeSql(sk.text)) return undefined;
  return { text: sk.text, holes: sk.holes.length };
}

export const sqlDestructive: Check = {
  kind: 'sink',
  judge(hit, ctx) {
    const sql = sqlText(hit);
    if (!sql) return undefined;
    const verdict = classifyProgramSql(sql.text);
    if (!verdict.parsed || !verdict.destructive) return undefined;
    const stmt = verdict.statements.find((s) => s.destructive)!;
    const where = hit.call.callee === 'sql.script' ? '' : ` (run by \`${calleeText(ctx, hit.call)}\`)`;
    const action = { kind: 'sql' as const, sql: fillHoles(hit.value, 'agentos_probe') ?? sql.text };
    const reason = stmt.reason ?? `Destructive ${stmt.kind.toUpperCase()} statement`;
    const migration = migrationMethod(ctx, hit);
    if (migration) {
      return {
        message: `${reason}${where}, inside \`${migration.name}\`, a ${migration.of} named for migrating a schema, with no untrusted origin: renaming, copying and dropping tables is its job; make sure only deliberate callers reach it.`,
        severity: 'low',
        action,
      };
    }
    // a step of a schema change written in code (`ALTER TABLE t ADD COLUMN temp_id`, fill it, `DROP PRIMARY KEY`, `DROP
    // COLUMN temp_id`): the function also adds to the table's schema, so changing it is its job, as in a migration
    const schemaStep = stmt.target !== undefined && stmt.kind !== 'delete' && stmt.kind !== 'truncate' ? schemaChangeMethod(ctx, hit, stmt.target) : undefined;
    if (schemaStep) {
      return {
        message: `${reason}${where}, inside \`${schemaStep}\`, which also adds to the schema of \`${stmt.target}\` (\`ALTER TABLE ... ADD\`), with no untrusted origin: a schema change written in code, as a migration makes it; make sure only deliberate callers reach it.`,
        severity: 'low',
        action,
      };
    }
    const refill = stmt.kind === 'delete' && stmt.target && hit.value?.kind === 'const' ? refillingMethod(ctx, hit, stmt.target) : undefined;
    if (refill) {
      return {
        message: `${reason}${where}, and \`${refill}\` then inserts into \`${stmt.target}\`: it replaces the table's rows with its own, with no untrusted origin; expected there.`,
        severity: 'low',
        action,
      };
    }
    // a SQL file with placeholders the program fills (`UPDATE "${table_name}" SET status = …`): a query template, which
    // the code completes and runs where it chooses (a Django `native_update(query_set, sql)` scopes it to the query's rows)
    if (hit.call.callee === 'sql.script' && SQL_TEMPLATE_PLACEHOLDER.test(sql.text)) {
      return {
        message: `${reason}, in a SQL template with placeholders the program fills in (\`\${…}\`, \`{{…}}\`): the code that completes and runs it decides what it touches; look there.`,
        severity: 'low',
        action,
      };
    }
    // a SQL script that drops a table and creates it again (`drop table if exists sources; create table sources (...)`):
    // it sets up a new database's schema, rerunnable, as a first migration does
    if (hit.call.callee === 'sql.script' && stmt.kind === 'drop' && stmt.target !== undefined && createdInFile(ctx, stmt.target)) {
      return {
        message: `${reason}, and the script creates \`${stmt.target}\` again: a schema set-up script, rerunnable (a migration's context would make it expected); run it only on a database whose data may go.`,
        severity: 'low',
        action,
      };
    }
    // a constant DROP of a table the same function created before it (`CREATE VIRTUAL TABLE IF NOT EXISTS fts5_test
    // USING fts5(test)`, then `DROP TABLE IF EXISTS fts5_test`): a probe or scratch table of its own
    const scratch = stmt.kind === 'drop' && stmt.target !== undefined && hit.value?.kind === 'const' ? scratchTableMethod(ctx, hit, stmt.target) : undefined;
    if (scratch) {
      return {
        message: `${reason}${where}, and \`${scratch}\` created \`${stmt.target}\` itself a few statements before: a probe or scratch table of its own; expected there.`,
        severity: 'low',
        action,
      };
    }
    // `DROP TABLE IF EXISTS search_vector_chunks` written out in a function of a module that also creates the table, or
    // `DROP TRIGGER IF EXISTS t ON {table}; CREATE TRIGGER t ...` creating it again in the same text (a table named by
    // its settings, too): idempotent removal of an object of the program's own schema, as set-up and rebuilds do (not at
    // a module's top level, which runs it on import, nor a database or schema, nor a table the module never creates)
    const constant = hit.value?.kind === 'const';
    const created = (t: string) => createdAfterIn(verdict.statements, t) || (constant && createdInFile(ctx, t));
    if (ordinaryFunction(ctx, hit) && onlyDropsIfExists(verdict.statements, created)) {
      return {
        message: `${reason}${where}; \`IF EXISTS\`, in one of the program's functions, of what the same module creates: idempotent schema set-up or a rebuild, expected there; make sure only deliberate callers reach it.`,
        severity: 'low',
        action,
      };
    }
    const method = purposeMethod(ctx, hit, sql.text.slice(stmt.start, stmt.end), stmt.target, stmt.kind);
    if (method) {
      return {
        message: `${reason}${where}, inside \`${method}\`, a function named for what it does, ${sql.holes ? 'on an object named by its settings or caller' : 'on a table it names itself'}, with no untrusted origin: expected there; make sure only deliberate callers reach it.`,
        severity: 'low',
        action,
      };
    }
    return { message: `${reason}${where}.`, action };
  },
};

/** What a `DROP … IF EXISTS` of a program's own schema drops (not a database or schema, which take every table with them). */
const TABLE_LEVEL_OBJECTS = new Set(['TABLE', 'VIEW', 'MATERIALIZED VIEW', 'INDEX', 'TRIGGER', 'SEQUENCE', 'FUNCTION', 'TYPE']);

/** Whether a statement of one text after the drop of `target` creates the same kind of object under that name again. */
function createdAfterIn(statements: readonly SqlStatementVerdict[], target: string): boolean {
  const at = statements.findIndex((d) => d.destructive && sameTable(d.target, target));
  const kind = statements[at]?.dropsIfExists;
  return at >= 0 && statements.slice(at + 1).some((s) => s.creates?.kind === kind && sameTable(s.creates?.name, target));
}

/** Whether every destructive statement is a `DROP ... IF EXISTS` (the parser's `dropsIfExists`) of a table-level object `created` accepts. */
function onlyDropsIfExists(statements: readonly SqlStatementVerdict[], created: (target: string) => boolean): boolean {
  const destructive = statements.filter((s) => s.destructive);
  return destructive.length > 0 && destructive.every((s) => !s.uncertain && s.target !== undefined && TABLE_LEVEL_OBJECTS.has(s.dropsIfExists ?? '') && created(s.target));
}

/** A placeholder a program replaces in SQL text it reads from a file: `${table_name}`, `{{ schema }}`. */
const SQL_TEMPLATE_PLACEHOLDER = /\$\{\w+\}|\{\{\s*\w+\s*\}\}/;

/**
 * Words of a function name that say it removes or resets what it is given (`deleteCollection`, `_delete_composed_index`,
 * `clear`, `_clean_databases`), or scrubs data out of it (`scrub_snapshot`, `redact_export`, `anonymize_db`).
 */
const REMOVER = /^(?:drop|delete|clear|clean|cleanup|empty|reset|truncate|remove|purge|destroy|wipe|flush|teardown|cull|uninstall|unregister|backwards|scrub|redact|anonymi[sz]e|pseudonymi[sz]e)$/;
/**
 * Words of a function name that say it rebuilds its own table from the data it is made from (`rebuild_index`: emptied,
 * then filled again): said of emptying a table named in the text only, not of dropping one a caller names.
 */
const REBUILDER = /^(?:rebuild|reindex|regenerate)$/;

/**
 * The enclosing function when destructive SQL is that function's purpose: its name says it
 * drops, deletes or clears, the statement's target is a dynamic name (a table or collection
 * the object was configured with, or the caller named) or, for emptying a table (DELETE without
 * WHERE, TRUNCATE), constant text (`delete_all()` running `DELETE FROM outputs`; a constant DROP
 * destroys more than the rows a name like `clear` speaks of), no untrusted origin reaches the
 * text, and the function is not itself a tool (a model deciding to empty a table is what the rule is for).
 */
function purposeMethod(ctx: CheckContext, hit: SinkHit, statement: string, target: string | undefined, kind: string): string | undefined {
  if (!hit.call.enclosingFunction) return undefined;
  const constant = hit.value?.kind === 'const';
  // (or, written out, changes every row of one: `UPDATE messages SET ack_required = 0` in `scrub_snapshot`)
  const emptiesConstant = constant && (kind === 'delete' || kind === 'truncate' || kind === 'update');
  // a constant DROP of a table the file itself creates (`reset()` dropping what `init()` makes again): its own storage
  const dropsOwnTable = constant && kind === 'drop' && target !== undefined && createdInFile(ctx, target);
  // (a target with a dynamic part is shown with `…` in it: `{schema}.praison_vec_{collection}`)
  if (statement.includes(HOLE_PREFIX) ? target !== undefined && !target.includes(HOLE_PREFIX) && !target.includes('…') : !emptiesConstant && !dropsOwnTable) return undefined;
  const fn = ordinaryFunction(ctx, hit);
  return fn && functionWords(fn.name).some((w) => REMOVER.test(w) || (emptiesConstant && REBUILDER.test(w))) ? fn.name : undefined;
}

/**
 * The words of a function's name, and the word its first one is without an `a` before it: the asynchronous variant of a
 * function is named so (`adelete`, `adrop_vector_index`, `_adrop_table`, as LangChain and the libraries that follow it
 * name them), and no such word is English for anything else.
 */
function functionWords(name: string): string[] {
  const words = nameWords(name);
  // (a method's name is qualified by its class: `PostgresIndex.adelete_index`)
  const first = nameWords(name.slice(name.lastIndexOf('.') + 1))[0];
  return first && /^a[a-z]{3,}$/.test(first) ? [...words, first.slice(1)] : words;
}

/** The function the statement runs in, when no untrusted origin reaches the statement and no model calls the function as a tool. */
function ordinaryFunction(ctx: CheckContext, hit: SinkHit): { name: string } | undefined {
  if (!hit.call.enclosingFunction) return undefined;
  if (ctx.untrusted(hit.value).length || taintOf(hit.value).some((o) => o.kind !== 'param')) return undefined;
  const fn = ctx.facts.functions.find((f) => f.id === hit.call.enclosingFunction);
  return fn && !fn.tool ? fn : undefined;
}

/** Words of a function name that say it migrates a schema (`_migrate_history_table`, `upgrade`, `runMigrations`). */
const MIGRATOR = /^(?:migrate|migrations?|upgrade|downgrade)$/;

/**
 * The enclosing function when it is named for migrating a schema, or the module when the function is one of a module
 * named so (`src/lib/db/migrate.ts` running its numbered steps): tables renamed, copied and dropped there are its job.
 */
function migrationMethod(ctx: CheckContext, hit: SinkHit): { name: string; of: 'function' | 'module' } | undefined {
  const fn = ordinaryFunction(ctx, hit);
  if (!fn) return undefined;
  if (functionWords(fn.name).some((w) => MIGRATOR.test(w))) return { name: fn.name, of: 'function' };
  const base = ctx.facts.file.slice(ctx.facts.file.lastIndexOf('/') + 1);
  return nameWords(base.replace(/\.[^.]*$/, '')).some((w) => MIGRATOR.test(w)) ? { name: base, of: 'module' } : undefined;
}

/** A case-folded table name (`Users` and `users` are one name here; the parser has taken the quotes off). */
function tableName(name: string): string {
  return name.toLowerCase();
}

/** One statement of the SQL text a call passes: its kind, table and what it creates, whether it comes first in the text, whether it destroys. */
type SqlStatement = { kind: string; target?: string; creates?: string; first: boolean; destructive: boolean };

/** The statements of the SQL text the calls pass (`ctx.facts.calls` by default), as the parser reads them. */
function* sqlStatements(ctx: CheckContext, calls = ctx.facts.calls): Generator<SqlStatement> {
  for (const c of calls) {
    for (const a of c.args) {
      const sk = a.kind === 'const' || a.kind === 'template' ? skeleton(a) : undefined;
      if (!sk || !looksLikeSql(sk.text)) continue;
      const statements = classifyProgramSql(sk.text).statements;
      for (const [n, s] of statements.entries()) yield { kind: s.kind, target: s.target, creates: s.creates?.name, first: n === 0, destructive: s.destructive };
    }
  }
}

/**
 * Whether a call of the file creates the table, or the trigger, index or view of that name (`CREATE TABLE IF NOT EXISTS
 * memory_history (...)`, `CREATE TRIGGER IF NOT EXISTS tasks_fts_ai AFTER INSERT ON tasks ...`).
 */
function createdInFile(ctx: CheckContext, target: string): boolean {
  for (const s of sqlStatements(ctx)) if (s.kind === 'create' && (sameTable(s.target, target) || sameTable(s.creates, target))) return true;
  return false;
}

/**
 * The enclosing function when it empties a table with constant text and then inserts into the same table
 * (`DELETE FROM memory_migrations` then `INSERT INTO memory_migrations (user_id) VALUES (?)`): it replaces the rows.
 */
function refillingMethod(ctx: CheckContext, hit: SinkHit, target: string): string | undefined {
  return methodWithStatement(ctx, hit, 'after', (s) => s.first && s.kind === 'insert' && sameTable(s.target, target));
}

/**
 * The enclosing function when it also alters the table without destroying anything (`ALTER TABLE tenant_llm ADD COLUMN
 * temp_id INT NULL`, `ADD PRIMARY KEY`): a schema change written in code, whose drops and whole-table updates are its steps.
 */
function schemaChangeMethod(ctx: CheckContext, hit: SinkHit, target: string): string | undefined {
  return methodWithStatement(ctx, hit, 'anywhere', (s) => s.kind === 'alter' && !s.destructive && sameTable(s.target, target));
}

/** The enclosing function when a statement earlier in it creates the table (`CREATE ... TABLE IF NOT EXISTS fts5_test`). */
function scratchTableMethod(ctx: CheckContext, hit: SinkHit, target: string): string | undefined {
  return methodWithStatement(ctx, hit, 'before', (s) => s.kind === 'create' && sameTable(s.target, target));
}

const sameTable = (a: string | undefined, b: string): boolean => a !== undefined && tableName(a) === tableName(b);

/**
 * The name of the ordinary function the statement runs in (`ordinaryFunction`), when one of the SQL statements the calls
 * of that function pass (before the hit's call, after it, or anywhere in it) is one `wanted` accepts.
 */
function methodWithStatement(ctx: CheckContext, hit: SinkHit, where: 'before' | 'after' | 'anywhere', wanted: (s: SqlStatement) => boolean): string | undefined {
  const fn = ordinaryFunction(ctx, hit);
  if (!fn) return undefined;
  const line = hit.call.range.line;
  const calls = ctx.facts.calls.filter((c) => c.enclosingFunction === hit.call.enclosingFunction && (where === 'anywhere' || (where === 'before' ? c.range.line < line : c.range.line > line)));
  for (const s of sqlStatements(ctx, calls)) if (wanted(s)) return fn.name;
  return undefined;
}

/** Holes that cannot change the statement's structure: quoted as identifiers, or numbers. */
function inert(v: Value): boolean {
  const safe = (kinds: readonly string[] | undefined) => !!kinds?.some((k) => k === 'sql-identifier' || k === 'integer');
  if (safe(sanitizersOf(v))) return true;
  // text joined from pieces whose every origin was checked (`conditions.join(" AND ")` of `payload->>'${safeKey}' = $${i}`)
  const taint = taintOf(v);
  return taint.length > 0 && taint.every((o) => safe(o.sanitized));
}

/**
 * Holes whose value had its quote character doubled and that stand inside a quoted part of that kind of the SQL text:
 * `"` in a double-quoted identifier (`quote-doubled`), `'` in a single-quoted string literal (`apostrophe-doubled`).
 */
function escapedHoles(sk: { text: string; holes: Value[] }, kind: 'quote-doubled' | 'apostrophe-doubled'): Set<Value> {
  const out = new Set<Value>();
  if (!sk.holes.some((h) => sanitizersOf(h).includes(kind))) return out;
  for (const i of (kind === 'quote-doubled' ? holesInQuotedIdentifiers : holesInStringLiterals)(sk.text, HOLE_PREFIX)) {
    const hole = sk.holes[i];
    if (hole && sanitizersOf(hole).includes(kind)) out.add(hole);
  }
  return out;
}

/** Python drivers of databases whose string literals take no backslash escape (SQLite, DuckDB; PostgreSQL with its default `standard_conforming_strings`). */
const STANDARD_STRINGS = /^(?:sqlite3|aiosqlite|duckdb|psycopg2?|asyncpg|pg8000)\./;

/** Holes inside single-quoted string literals whose text cannot leave them: `'` and `\` both doubled, or `'` doubled where `standard` (a backslash escapes nothing). */
function closedLiterals(sk: { text: string; holes: Value[] }, standard: boolean): Set<Value> {
  const out = new Set<Value>();
  const closed = (h: Value) => {
    const s = sanitizersOf(h);
    return s.includes('apostrophe-doubled') && (standard || s.includes('backslash-doubled'));
  };
  if (!sk.holes.some(closed)) return out;
  for (const i of holesInStringLiterals(sk.text, HOLE_PREFIX)) {
    const hole = sk.holes[i];
    if (hole && closed(hole)) out.add(hole);
  }
  return out;
}

/**
 * The `execute` of a DB-API cursor, as the call's receiver says (`conn.cursor().execute`, `get_state().get_connection()
 * .cursor().executemany`) or as the code names it (`cursor.execute`, `cur.execute`, `self.cursor.execute`).
 */
const DB_API_CURSOR = /(?:^|\.)(?:cursor\(\)|cursor|cur)\.execute(?:many)?$/;

export const sqlInjection: Extract<Check, { kind: 'sink' }> = {
  kind: 'sink',
  judge(hit, ctx) {
    if (hit.call.tagged) return undefined;
    const v = hit.value;
    // a list or map of SQL fragments (Django `extra(where=[...], select={...})`): each one is SQL text
    if (hit.sink.with?.fragments && (v?.kind === 'list' || v?.kind === 'dict')) {
      for (const item of v.kind === 'list' ? v.items : Object.values(v.entries)) {
        const verdict = sqlInjection.judge({ ...hit, value: item }, ctx);
        if (verdict) return verdict;
      }
      return undefined;
    }
    if (!v || v.kind === 'const' || v.kind === 'list' || v.kind === 'dict') return undefined;
    const sanitizers = sanitizersOf(v);
    if (sanitizers.includes('integer') || sanitizers.includes('sql-identifier') || sanitizers.includes('governed')) return undefined;
    const taints = unsanitized(ctx, v, ['sql-identifier']);
    const callee = calleeText(ctx, hit.call);
    // SQL assembled from the program's own constants, also through helper parameters, is not built from data
    if (!taints.length && ctx.fixed(v)) return undefined;
    if (v.kind === 'template') {
      const sk = skeleton(v)!;
      if (hit.sink.with?.needsSqlText && !looksLikeSql(sk.text)) return undefined;
      // a name with its `"` doubled inside `"…"` is a quoted identifier: what reaches it cannot leave the quotes; so is
      // text inside `'…'` with its `'` and its `\` doubled (every dialect), or with its `'` doubled sent to a database
      // where a backslash escapes nothing (SQLite, DuckDB, PostgreSQL)
      const escaped = new Set([...escapedHoles(sk, 'quote-doubled'), ...closedLiterals(sk, STANDARD_STRINGS.test(hit.call.callee))]);
      if (escaped.size) {
        const parts = v.parts.map((p) => (typeof p !== 'string' && escaped.has(p.hole) ? '…' : p));
        if (parts.every((p) => typeof p === 'string')) return undefined;
        return sqlInjection.judge({ ...hit, value: { kind: 'template', parts, ...(v.taint ? { taint: v.taint } : {}) } }, ctx);
      }
      const open = taints.length ? sk.holes : sk.holes.filter((h) => !inert(h));
      // every dynamic part quoted as an identifier or a number: nothing left to inject
      if (!open.length) return undefined;
      const shown = quote(fillHoleMarkers(sk.text, '…'));
      const low = (message: string): Verdict => ({ message, severity: 'low', action: { kind: 'sql', sql: fillHoles(v, SQL_PAYLOAD)! } });
      // every dynamic part a string literal's text with its `'` doubled (`'` + s.replace("'", "''") + `'`) or taken out: the standard
      // escape, which holds where a backslash escapes nothing (PostgreSQL, SQLite, DuckDB) and not in MySQL's default mode
      // (with no untrusted origin in sight; what one reaches keeps its grade, the database not being known here)
      const literals = taints.length ? undefined : escapedHoles(sk, 'apostrophe-doubled');
      if (literals?.size && open.every((h) => literals.has(h))) {
        return low(
          `SQL text passed to \`${callee}\` quotes each dynamic value as a string literal with its \`'\` doubled or taken out (${shown}); that is safe where a backslash escapes nothing (PostgreSQL, SQLite, DuckDB), not in MySQL's default mode, so it is graded low; bind values as parameters where you can.`,
        );
      }
      const NO_UNTRUSTED = 'no tool parameter, model output, request input or outside content reaches it, so it is graded low';
      // (asked once, and only when no untrusted origin reaches the text)
      const identifiers = !taints.length && holesAreIdentifiers(sk.text, HOLE_PREFIX);
      // no parameter an ordinary caller fills, no untrusted origin: only the program's own values, configuration
      // or the object's settings are spliced in: worth a look, not an alarm
      if (!taints.length && open.every(configuredValue)) {
        return low(
          identifiers
            ? `SQL text passed to \`${callee}\` takes a table or column name from dynamic values (${shown}); make sure the name comes from configuration or an allowlist, or quote it as an identifier.`
            : `SQL text passed to \`${callee}\` is assembled from the program's own values, configuration or the object's settings (${shown}); ${NO_UNTRUSTED}; bind values as parameters where you can.`,
        );
      }
      if (!taints.length && open.every((h) => configuredValue(h) || ctx.own?.(h)) && open.some((h) => ownAtEveryCall(ctx, h))) {
        return low(`SQL text passed to \`${callee}\` is built from dynamic values (${shown}); ${EVERY_CALLER_OWN}; bind values as parameters where you can.`);
      }
      // only names spliced in (a table, a column, a schema: `SHOW INDEX FROM {table}`, DDL), none from an untrusted
      // origin: a name a caller passes, the identifier case the rule grades low when it is configured (in the judged
      // samples of real agent code, no such statement was worth a reviewer's time; every one that was had a value
      // spliced between quotes or into an IN list)
      if (identifiers) {
        return low(`SQL text passed to \`${callee}\` takes a table or column name from dynamic values (${shown}); ${NO_UNTRUSTED}; make sure the name comes from configuration or an allowlist, or quote it as an identifier.`);
      }
      // a statement that only reads the database's catalog (`SELECT ... FROM information_schema.columns WHERE
      // table_name = '{table}'`, `PRAGMA table_info('{table}')`) with a name a caller passes: a schema lookup
      if (!taints.length && readsCatalogOnly(sk.text, HOLE_PREFIX)) {
        return low(`SQL text passed to \`${callee}\` reads the database's catalog with dynamic values spliced in (${shown}); ${NO_UNTRUSTED}; bind the name as a parameter where you can.`);
      }
      const from = taints.length ? taintPhrase(taints) : 'dynamic values';
      const message = `SQL text passed to \`${callee}\` is built from ${from} (${shown}); use bound parameters instead.`;
      return {
        message,
        // dynamic text with no untrusted origin in sight is worth a look, not an alarm
        severity: taints.length ? severityForTaint(taints, ctx.rule.severity) : 'medium',
        trace: traceOf(taints, ctx, hit.call, `reaches \`${callee}\``),
        action: { kind: 'sql', sql: fillHoles(v, SQL_PAYLOAD)! },
      };
    }
    // an opaque value: only when we can show it is untrusted
    if (!taints.length) return undefined;
    // receiver unknown and no SQL text to prove it is a database call (but a cursor's `execute` in a file that uses a
    // database library is one: `with conn.cursor() as cur: cur.execute(query)`, DB-API's cursor)
    if (hit.sink.with?.needsSqlText && !DB_API_CURSOR.test(hit.call.callee) && !DB_API_CURSOR.test(callee)) return undefined;
    return {
      // (the statement is made elsewhere, or written whole by the caller: an SQL tool runs what the model writes,
      // which no bound parameter can make safe)
      message: `${taintPhrase(taints)} is executed as SQL by \`${callee}\`: the statement comes from it, whole or in part; where the text is built, bind the values as parameters; where the model writes the statement (an SQL tool), run it on a read-only connection or role, or check each statement with the kernel's SQL policy (\`ctx.sql\`).`,
      severity: severityForTaint(taints, ctx.rule.severity),
      trace: traceOf(taints, ctx, hit.call, `reaches \`${callee}\``),
      action: { kind: 'sql', sql: `SELECT 1; DROP TABLE agentos_probe` },
    };
  },
};
