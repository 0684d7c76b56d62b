/** Statement structure: the classification context, token helpers, names, holes, and the statement splitter. */
import { type LexFlags, type SqlDialect, type Tok, isDigit, matchParens } from './lexer.js';

export type Sem = 'mysql' | 'postgres' | 'sqlite';

export interface Ctx {
  text: string;
  toks: Tok[];
  m: Int32Array;
  flags: LexFlags;
  /** whose evaluation rules decide conditions (all three for the generic lexer) */
  sems: Sem[];
  hole: string | undefined;
  dialect: SqlDialect;
  /** MySQL user variables set earlier in the same text to a value known here (`SET @q = 'DROP ...'`) */
  vars: Map<string, string>;
  /** names of statements prepared earlier in the same text (their own verdict covers what they run) */
  prepared: Set<string>;
}

export interface Range {
  a: number;
  z: number;
  /** ended by `;` */
  closed: boolean;
}

export interface Res {
  kind: string;
  destructive: boolean;
  reason?: string;
  target?: string;
  uncertain?: boolean;
  error?: string;
  /** not destructive as far as can be seen, but what it does is not proven harmless (why, for a user) */
  unproven?: string;
  /** a `DROP … IF EXISTS`: the kind of object it names (`TABLE`, `MATERIALIZED VIEW`) */
  dropsIfExists?: string;
  /** a `CREATE` of a table or a trigger that destroys nothing: the kind of object and its name */
  creates?: { kind: string; name: string };
}

export class NestError extends Error {}

export const MAX_NEST = 24;

export function makeCtx(text: string, toks: Tok[], flags: LexFlags, sems: Sem[], hole: string | undefined, dialect: SqlDialect): Ctx {
  return { text, toks, m: matchParens(toks), flags, sems, hole, dialect, vars: new Map(), prepared: new Set() };
}

export function word(c: Ctx, i: number, z: number): string {
  if (i >= z) return '';
  const t = c.toks[i]!;
  return t.t === 'word' ? t.v : '';
}

export function isOp(c: Ctx, i: number, z: number, v: string): boolean {
  if (i >= z) return false;
  const t = c.toks[i]!;
  return t.t === 'op' && t.v === v;
}

/** Index of the `)` closing the `(` at i, clamped to the range end. */
export function closeOf(c: Ctx, i: number, z: number): number {
  const m = c.m[i]!;
  return m < 0 || m >= z ? z : m;
}

export function after(c: Ctx, i: number, z: number): number {
  const close = closeOf(c, i, z);
  return close < z ? close + 1 : z;
}

/** First index in [from, to) of one of `words` outside parentheses; -1 when none. */
export function findWord(c: Ctx, from: number, to: number, words: string | Set<string>): number {
  for (let i = from; i < to; i++) {
    const t = c.toks[i]!;
    if (t.t === 'op' && t.v === '(') {
      i = closeOf(c, i, to);
      continue;
    }
    if (t.t === 'word' && (typeof words === 'string' ? t.v === words : words.has(t.v))) return i;
  }
  return -1;
}

/** Words that end a name (table names are never these unquoted). */
export const NAME_STOP = new Set([
  'WHERE', 'SET', 'FROM', 'USING', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'OUTER', 'STRAIGHT_JOIN',
  'ON', 'AS', 'ORDER', 'GROUP', 'HAVING', 'LIMIT', 'OFFSET', 'FETCH', 'RETURNING', 'OUTPUT', 'VALUES', 'SELECT', 'WHEN', 'THEN',
  'ELSE', 'END', 'UNION', 'INTERSECT', 'EXCEPT', 'PARTITION', 'INDEXED', 'NOT', 'ONLY', 'IF', 'CASCADE', 'RESTRICT', 'WITH',
  'AND', 'OR', 'INTO', 'TO', 'FOR', 'BY', 'DEFAULT', 'NULL', 'TABLE', 'IN', 'IS', 'LIKE', 'BETWEEN', 'CASE', 'DISTINCT',
  'ALL', 'OPTION', 'WINDOW', 'LATERAL', 'DELETE', 'UPDATE', 'INSERT', 'DROP', 'CREATE', 'ALTER', 'TRUNCATE', 'MERGE',
]);

export function renderHole(raw: string, prefix: string): string {
  // `users___agentos_hole_0__` -> `users_…`
  let out = '';
  let i = 0;
  for (;;) {
    const k = raw.indexOf(prefix, i);
    if (k < 0) return out + raw.slice(i);
    out += raw.slice(i, k) + '…';
    let j = k + prefix.length;
    while (j < raw.length && isDigit(raw.charCodeAt(j))) j++;
    if (raw.startsWith('__', j)) j += 2;
    i = j;
  }
}

export interface Name {
  text: string;
  end: number;
}

/** A possibly qualified name (`a`, `db.t`, `"s"."t"`, holes as parts). */
export function readName(c: Ctx, i: number, z: number): Name | undefined {
  let text = '';
  let j = i;
  for (;;) {
    if (j >= z) break;
    const t = c.toks[j]!;
    let part: string;
    if (t.t === 'word' && !NAME_STOP.has(t.v)) part = c.text.slice(t.s, t.e);
    // (a quoted name with a value put in it, `\`{self.table}\``, shows the value as `…`, as an unquoted one does)
    else if (t.t === 'ident') part = c.hole && t.v.includes(c.hole) ? renderHole(t.v, c.hole) : t.v;
    else if (t.t === 'hole') part = renderHole(t.v, c.hole ?? '');
    else break;
    text += part;
    j++;
    if (isOp(c, j, z, '.') && j + 1 < z) {
      const nx = c.toks[j + 1]!;
      if (nx.t === 'word' || nx.t === 'ident' || nx.t === 'hole') {
        text += '.';
        j++;
        continue;
      }
    }
    break;
  }
  return j > i ? { text, end: j } : undefined;
}

/** A target for messages: undefined when the whole name is a hole. */
export function targetOf(name: Name | undefined): string | undefined {
  if (!name || name.text === '…') return undefined;
  return name.text;
}

export function q(name: string | undefined, fallback: string): string {
  return name ? `\`${name}\`` : fallback;
}

/** Keywords after which a hole is an operand (a name or a value), not a fragment. */
export const OPERAND_KW = new Set([
  'FROM', 'USING', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'OUTER', 'FULL', 'CROSS', 'NATURAL', 'STRAIGHT_JOIN', 'ON', 'AND', 'OR',
  'NOT', 'XOR', 'AS', 'SET', 'BY', 'IN', 'IS', 'LIKE', 'ILIKE', 'BETWEEN', 'WHEN', 'THEN', 'ELSE', 'CASE', 'ONLY', 'TABLE',
  'INTO', 'VALUES', 'WHERE', 'DISTINCT', 'SELECT', 'LIMIT', 'OFFSET', 'RETURNING', 'LATERAL', 'INDEXED', 'PARTITION',
  'DELETE', 'UPDATE', 'INSERT', 'TOP', 'OUTPUT', 'WITH', 'ORDER', 'GROUP', 'HAVING', 'FETCH', 'IGNORE', 'QUICK',
  'LOW_PRIORITY', 'EXISTS', 'IF', 'DROP', 'ADD', 'COLUMN', 'CONSTRAINT', 'ALTER', 'MODIFY', 'CHANGE', 'RENAME', 'TO',
]);

/** Does a hole right after this token follow a complete element (so it could start a new clause)? */
export function completes(t: Tok): boolean {
  if (t.t === 'word') return !OPERAND_KW.has(t.v);
  if (t.t === 'op') return t.v === ')' || t.v === ']';
  return true;
}

/** A hole outside parentheses in [from, to) that could be a whole clause (`DELETE FROM users ${where}`). */
export function fragmentHole(c: Ctx, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const t = c.toks[i]!;
    if (t.t === 'op' && t.v === '(') {
      i = closeOf(c, i, to);
      continue;
    }
    if (t.t === 'hole' && i > 0 && completes(c.toks[i - 1]!)) return true;
  }
  return false;
}

export const END_SUFFIX = new Set(['IF', 'LOOP', 'WHILE', 'REPEAT', 'FOR']);
export const ROUTINE = new Set(['TRIGGER', 'PROCEDURE', 'FUNCTION', 'EVENT']);
export const NOT_ROUTINE = new Set([
  'TABLE', 'VIEW', 'INDEX', 'DATABASE', 'SCHEMA', 'SEQUENCE', 'TYPE', 'DOMAIN', 'USER', 'ROLE', 'RULE',
]);

/** Is the statement starting at a a CREATE of a routine (whose BEGIN ... END body holds `;`)? */
export function isRoutine(c: Ctx, a: number, i: number): boolean {
  if (word(c, a, i) !== 'CREATE') return false;
  for (let j = a + 1; j < i && j < a + 16; j++) {
    const w = word(c, j, i);
    if (ROUTINE.has(w)) return true;
    if (NOT_ROUTINE.has(w)) return false;
  }
  return false;
}

/** Is the statement starting at a a CREATE [OR REPLACE] RULE (before i)? */
function isRule(c: Ctx, a: number, i: number): boolean {
  if (word(c, a, i) !== 'CREATE') return false;
  let j = a + 1;
  if (word(c, j, i) === 'OR' && word(c, j + 1, i) === 'REPLACE') j += 2;
  return word(c, j, i) === 'RULE';
}

/** Is the word at i a name rather than a keyword (`AS begin`, `t.end`, `begin.x`)? */
function nameLike(c: Ctx, i: number): boolean {
  const prev = i > 0 ? c.toks[i - 1]! : undefined;
  if (prev && ((prev.t === 'word' && prev.v === 'AS') || (prev.t === 'op' && prev.v === '.'))) return true;
  const next = c.toks[i + 1];
  return !!next && next.t === 'op' && next.v === '.';
}

/** Verbs that start a one-statement routine body; a BEGIN after one of them is a name, not a block. */
const BODY_VERB = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'REPLACE', 'VALUES', 'WITH', 'SET', 'CALL', 'RETURN', 'TABLE']);
/** ... unless they name a trigger's event (`AFTER INSERT OR UPDATE OF a ON t`). */
const EVENT_LEAD = new Set(['BEFORE', 'AFTER', 'OF', 'OR', 'INSTEAD']);

/** Does the BEGIN at i open the body of the routine whose CREATE is at a? */
function opensBody(c: Ctx, a: number, i: number): boolean {
  if (nameLike(c, i) || !isRoutine(c, a, i)) return false;
  for (let j = a + 1; j < i; j++) {
    const t = c.toks[j]!;
    if (t.t === 'op' && t.v === '(') {
      j = closeOf(c, j, i);
      continue;
    }
    if (t.t === 'word' && BODY_VERB.has(t.v) && !EVENT_LEAD.has(word(c, j - 1, i)) && !(j > a && isOp(c, j - 1, i, ','))) return false;
  }
  return true;
}

/** Words after which a BEGIN starts a nested block inside a routine body (a statement start). */
const BLOCK_LEAD = new Set(['BEGIN', 'THEN', 'ELSE', 'DO', 'LOOP', 'REPEAT']);

function nestedBegin(c: Ctx, i: number): boolean {
  const prev = c.toks[i - 1]!;
  if (prev.t === 'op') return prev.v === ';' || prev.v === ':';
  return prev.t === 'word' && BLOCK_LEAD.has(prev.v);
}

/*
 * The splitter must end statements where the server does, or a statement hides inside
 * another one's body. Routine bodies (BEGIN ... END of CREATE PROCEDURE/FUNCTION/TRIGGER/
 * EVENT) keep their `;`. A BEGIN ATOMIC body (PostgreSQL) holds only plain statements, so
 * only CASE ... END nests inside it; elsewhere a BEGIN nests only where a statement starts.
 * Words used as names (`AS begin`, `t.end`) are neither openers nor closers. Any doubt ends
 * the body early, which shows more statements at the top level, never fewer.
 */
export function split(c: Ctx, from = 0, to = c.toks.length, blocks = true): Range[] {
  const out: Range[] = [];
  const toks = c.toks;
  let a = from;
  let block = 0;
  let atomic = false;
  for (let i = from; i < to; i++) {
    const t = toks[i]!;
    if (t.t === 'word') {
      if (!blocks) continue;
      if (t.v === 'BEGIN') {
        if (block > 0) {
          if (!atomic && nestedBegin(c, i)) block++;
        } else if (opensBody(c, a, i)) {
          block = 1;
          atomic = word(c, i + 1, to) === 'ATOMIC';
        }
      } else if (block > 0 && t.v === 'CASE' && !nameLike(c, i)) block++;
      else if (block > 0 && t.v === 'END' && !nameLike(c, i)) {
        const nx = word(c, i + 1, to);
        if (END_SUFFIX.has(nx)) i++; // END IF / END LOOP: their openers were not counted
        else {
          block--;
          if (nx === 'CASE') i++;
        }
      }
    } else if (blocks && t.t === 'op' && t.v === '(' && block === 0 && c.m[i]! > i && c.m[i]! < to && isRule(c, a, i)) {
      i = c.m[i]!; // CREATE RULE ... DO (cmd; cmd): the only `;` PostgreSQL takes inside parentheses
    } else if (t.t === 'op' && t.v === ';' && block === 0) {
      if (i > a) out.push({ a, z: i, closed: true });
      a = i + 1;
    }
  }
  if (block > 0) {
    // a body that never ends is no body: split it like plain statements so nothing hides inside
    out.push(...split(c, a, to, false));
    return out;
  }
  if (to > a) out.push({ a, z: to, closed: false });
  return out;
}
