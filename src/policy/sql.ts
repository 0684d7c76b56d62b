/** SQL classification: the single place that decides whether SQL is destructive. */
import { FLAGS, type LexFlags, type Lexed, type SqlDialect, type Tok, isDigit, lex } from './sql/lexer.js';
import { type Ctx, NestError, type Res, type Sem, makeCtx, split } from './sql/structure.js';
import { classifyRange } from './sql/statements.js';

export type { SqlDialect };

export interface SqlStatementVerdict {
  /** lower-case leading verb after CTEs are unwrapped: select, insert, update, delete, drop, truncate, alter, create, grant, ... */
  kind: string;
  destructive: boolean;
  /** one sentence for a user, e.g. "DELETE without a WHERE clause removes every row of `users`" */
  reason?: string;
  /** affected object when known (`users`) */
  target?: string;
  /** the statement's text span in the input, 0-based [start, end) offsets */
  start: number;
  end: number;
  /** the statement contains a hole whose content could change the verdict */
  uncertain?: boolean;
  /**
   * Not destructive as far as can be seen, but what it does is not proven harmless: procedural
   * code, dynamic SQL, server files, privileges, administration (one sentence saying which).
   * The kernel denies these; the static checks do not report them.
   */
  unproven?: string;
  /** a `DROP … IF EXISTS` (it does not fail when there is nothing to drop): the kind of object it names (`TABLE`, `MATERIALIZED VIEW`) */
  dropsIfExists?: string;
  /** a `CREATE TABLE` or `CREATE TRIGGER` that destroys nothing: the kind of object it makes and its name */
  creates?: { kind: string; name: string };
}

export interface SqlVerdict {
  /** false when the text does not parse as SQL (fail closed in the kernel) */
  parsed: boolean;
  error?: string;
  statements: SqlStatementVerdict[];
  /** any statement destructive */
  destructive: boolean;
  /** first destructive statement's reason, or the parse error */
  reason?: string;
  /** more than one statement */
  stacked: boolean;
  /** first statement's `unproven` reason: the SQL parses and is not destructive, but is not proven harmless */
  unproven?: string;
}

export interface ClassifySqlOptions {
  dialect?: SqlDialect;
  /** identifiers starting with this prefix are holes of unknown content (see analysis/values.ts skeleton) */
  holePrefix?: string;
}

/*
 * How it works
 * - A hand-written lexer per dialect (flags below) turns the text into tokens; comments
 *   vanish, except MySQL executable comments whose content MySQL runs, so it is lexed as code.
 * - Statements are split on `;` (routine bodies of CREATE TRIGGER/PROCEDURE/FUNCTION/EVENT
 *   keep theirs) and each one is classified from its leading verb.
 * - DELETE/UPDATE/MERGE conditions are parsed into a small expression tree and evaluated
 *   with three-valued logic to find conditions that are always true.
 * - A statement that is not destructive is also proven harmless, or marked `unproven`
 *   with the reason (sql/proof.ts): procedural code, dynamic SQL whose text does not fold
 *   to constants, routines whose bodies are not proven, server files, privileges and
 *   administration. The kernel denies unproven statements; the static checks report only
 *   destructive ones.
 * - 'generic' does not know the server, so when the text contains anything the dialects
 *   lex differently (quotes, backslashes, `#`, `/*`, `$`...), every dialect's reading is
 *   classified and the most dangerous verdict wins.
 *
 * Policy decisions
 * - `PRAGMA writable_schema = ON` is destructive: it exists to let later statements
 *   overwrite sqlite_master, which corrupts the database; reading the pragma is not.
 * - A trigger or event whose body is destructive is destructive when created (it fires by
 *   itself later); a function or procedure body is not (nothing runs until it is called),
 *   but unless every statement in it is proven harmless the CREATE is unproven.
 * - COPY ... PROGRAM and functions that run programs or load native code are destructive:
 *   a shell on the database server can destroy anything.
 * - Holes (static analysis) standing for a name or a value are atoms; a hole where a clause
 *   or a condition could stand makes the verdict uncertain instead of destructive.
 */

// ───────────────────────── verdicts ─────────────────────────

function safeClassify(c: Ctx, a: number, z: number): Res {
  try {
    return classifyRange(c, a, z, 0);
  } catch (e) {
    if (e instanceof NestError) return { kind: 'unknown', destructive: false, error: 'SQL nested too deeply to classify' };
    throw e;
  }
}

function classifyLexed(text: string, lexed: Lexed, flags: LexFlags, sems: Sem[], hole: string | undefined, dialect: SqlDialect): SqlVerdict {
  const { toks } = lexed;
  if (!toks.length) {
    const error = lexed.error ?? 'empty SQL';
    return { parsed: false, error, statements: [], destructive: false, reason: error, stacked: false };
  }
  const c = makeCtx(text, toks, flags, sems, hole, dialect);
  const ranges = split(c);
  if (!ranges.length) return { parsed: false, error: 'empty SQL', statements: [], destructive: false, reason: 'empty SQL', stacked: false };
  const statements: SqlStatementVerdict[] = [];
  let error = lexed.error;
  for (const r of ranges) {
    if (lexed.error && !r.closed) continue; // the statement the lexer gave up in
    const res = safeClassify(c, r.a, r.z);
    if (res.error) {
      error ??= res.error;
      continue;
    }
    // a span that covers a whole executable comment when the statement lives in one
    const seg0 = r.a > 0 ? toks[r.a - 1]!.e : 0;
    const seg1 = r.closed ? toks[r.z]!.s : text.length;
    const f = toks[r.a]!;
    const l = toks[r.z - 1]!;
    const v: SqlStatementVerdict = {
      kind: res.kind,
      destructive: res.destructive,
      start: f.os < f.s && f.os >= seg0 ? f.os : f.s,
      end: l.oe > l.e && l.oe <= seg1 ? l.oe : l.e,
    };
    if (res.reason) v.reason = res.reason;
    if (res.target) v.target = res.target;
    if (res.uncertain) v.uncertain = true;
    if (res.unproven) v.unproven = res.unproven;
    if (res.dropsIfExists) v.dropsIfExists = res.dropsIfExists;
    if (res.creates) v.creates = res.creates;
    statements.push(v);
  }
  const first = statements.find((s) => s.destructive);
  const verdict: SqlVerdict = { parsed: !error, statements, destructive: !!first, stacked: ranges.length > 1 };
  if (error) verdict.error = error;
  const reason = first?.reason ?? error;
  if (reason) verdict.reason = reason;
  const unproven = statements.find((s) => s.unproven)?.unproven;
  if (unproven) verdict.unproven = unproven;
  return verdict;
}

/** Could the dialects lex this text differently? (quotes, escapes, comments, dollar quotes) */
function mayDiffer(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    switch (text.charCodeAt(i)) {
      case 92: // backslash
      case 35: // #
      case 34: // "
      case 96: // `
      case 91: // [
        return true;
      case 36: // $ that is not a $1 parameter
        if (!isDigit(text.charCodeAt(i + 1))) return true;
        break;
      case 47: // /*
        if (text.charCodeAt(i + 1) === 42) return true;
        break;
      case 45: // -- not followed by a space (a comment everywhere but MySQL)
        if (text.charCodeAt(i + 1) === 45 && text.charCodeAt(i + 2) > 32) return true;
        break;
    }
  }
  return false;
}

function sameTokens(a: Tok[], b: Tok[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.t !== y.t || x.s !== y.s || x.e !== y.e) return false;
  }
  return true;
}

function rank(v: SqlVerdict): number {
  return v.destructive ? (v.parsed ? 4 : 3) : !v.parsed ? 0 : v.unproven ? 2 : 1;
}

const SERVERS: Sem[] = ['mysql', 'postgres', 'sqlite'];

export function classifySql(text: string, options: ClassifySqlOptions = {}): SqlVerdict {
  const dialect = options.dialect ?? 'generic';
  const hole = options.holePrefix || undefined;
  if (dialect !== 'generic') {
    const flags = FLAGS[dialect];
    return classifyLexed(text, lex(text, flags, hole), flags, [dialect], hole, dialect);
  }
  const lexed = lex(text, FLAGS.generic, hole);
  let best = classifyLexed(text, lexed, FLAGS.generic, SERVERS, hole, 'generic');
  if (best.destructive && best.parsed) return best;
  if (!mayDiffer(text)) return best;
  // fail closed: the server is unknown, so every dialect's reading counts and the worst one wins
  for (const sem of SERVERS) {
    const flags = FLAGS[sem];
    const other = lex(text, flags, hole);
    if (sameTokens(other.toks, lexed.toks) && !other.error === !lexed.error) continue;
    const v = classifyLexed(text, other, flags, [sem], hole, sem);
    // any reading may make it destructive; only MySQL's (backslash escapes: 'it\'s') may make
    // parseable what the union lexer rejects; the others then just misread quotes as operators
    if (rank(v) > rank(best) && (v.destructive || (v.parsed && !!v.unproven) || (sem === 'mysql' && !!lexed.quote))) best = v;
    if (best.destructive && best.parsed) break;
  }
  return best;
}

/**
 * The dialect a statement's own text says it is written for, when it says so: a `::type` cast is
 * PostgreSQL's (DuckDB's too; MySQL and SQLite reject it), so MySQL's reading of `#` as a comment
 * cannot apply to a statement using PostgreSQL's `#>>` JSON operator (`(elem #>> '{}') != :id`).
 * For judging a program's SQL text, where the server is not known; the kernel keeps to the
 * dialect it is configured with, or every reading at once.
 */
export function dialectWrittenFor(text: string, holePrefix?: string): SqlDialect | undefined {
  if (!text.includes('::')) return undefined;
  const { toks, error } = lex(text, FLAGS.postgres, holePrefix || undefined);
  if (error) return undefined;
  for (let i = 0; i + 1 < toks.length; i++) {
    const next = toks[i + 1]!;
    if (toks[i]!.t === 'op' && toks[i]!.v === '::' && (next.t === 'word' || next.t === 'ident')) return 'postgres';
  }
  return undefined;
}

// ───────────────────────── looksLikeSql ─────────────────────────

export { looksLikeSql } from './sql/looks.js';
export { holesAreIdentifiers, holesInQuotedIdentifiers, holesInStringLiterals, readsCatalogOnly } from './sql/identifiers.js';
