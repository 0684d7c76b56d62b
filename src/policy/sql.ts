/** SQL classification: the single place that decides whether SQL is destructive. */

export type SqlDialect = 'generic' | 'postgres' | 'mysql' | 'sqlite';

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
 * - 'generic' does not know the server, so when the text contains anything the dialects
 *   lex differently (quotes, backslashes, `#`, `/*`, `$`...), every dialect's reading is
 *   classified and the most dangerous verdict wins.
 *
 * Policy decisions
 * - `PRAGMA writable_schema = ON` is destructive: it exists to let later statements
 *   overwrite sqlite_master, which corrupts the database; reading the pragma is not.
 * - A trigger or event whose body is destructive is destructive when created (it fires by
 *   itself later); a function or procedure body is not (nothing runs until it is called).
 * - Holes (static analysis) standing for a name or a value are atoms; a hole where a clause
 *   or a condition could stand makes the verdict uncertain instead of destructive.
 */

// ───────────────────────── lexer ─────────────────────────

type TokType = 'word' | 'ident' | 'str' | 'num' | 'param' | 'op' | 'hole';

interface Tok {
  t: TokType;
  /** word: upper case; ident/str: unquoted content; otherwise the source text */
  v: string;
  s: number;
  e: number;
  /** span of an enclosing MySQL executable comment (else s/e), so statement spans can be re-classified */
  os: number;
  oe: number;
}

interface LexFlags {
  /** '...' (and MySQL "...") strings take backslash escapes */
  backslash: boolean;
  /** "..." is a string, not an identifier */
  dquoteStr: boolean;
  /** # starts a line comment */
  hash: boolean;
  /** the content of /*! ... *\/ is code */
  exec: boolean;
  /** block comments nest */
  nested: boolean;
  /** $tag$ ... $tag$ strings */
  dollar: boolean;
  /** [name] identifiers */
  bracket: boolean;
  /** `name` identifiers */
  backtick: boolean;
  /** -- starts a comment only when followed by whitespace */
  dashSpace: boolean;
  /** E'...' strings with backslash escapes */
  estr: boolean;
  /** _charset'...' string introducers */
  introducer: boolean;
}

const FLAGS: Record<SqlDialect, LexFlags> = {
  // the union of the syntaxes; the other dialects' readings are checked as well (see classifySql)
  generic: {
    backslash: false, dquoteStr: false, hash: true, exec: true, nested: false, dollar: true,
    bracket: true, backtick: true, dashSpace: false, estr: true, introducer: true,
  },
  postgres: {
    backslash: false, dquoteStr: false, hash: false, exec: false, nested: true, dollar: true,
    bracket: false, backtick: false, dashSpace: false, estr: true, introducer: false,
  },
  mysql: {
    backslash: true, dquoteStr: true, hash: true, exec: true, nested: false, dollar: false,
    bracket: false, backtick: true, dashSpace: true, estr: false, introducer: true,
  },
  sqlite: {
    backslash: false, dquoteStr: false, hash: false, exec: false, nested: false, dollar: false,
    bracket: true, backtick: true, dashSpace: false, estr: false, introducer: false,
  },
};

interface Lexed {
  toks: Tok[];
  error?: string;
  /** the error is a '...' or "..." quote left open (what backslash escapes change) */
  quote?: boolean;
}

const OPS3 = new Set(['<=>', '->>', '#>>', '!~*', '!~~', '~~*', '-|-', '<->']);
const OPS2 = new Set([
  '<>', '<=', '>=', '!=', '==', '||', '&&', '::', ':=', '->', '<<', '>>', '#>', '@>', '<@', '!~', '~*', '~~', '@@', '@?',
  '^@', '&<', '&>', '=>',
]);

function isSpace(c: number): boolean {
  // non-ASCII spaces count as whitespace: a server that reads them as identifier characters rejects the statement anyway
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0 || c === 0xa0 || c === 0x85 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c >= 128 && !isSpace(c));
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c) || c === 36;
}

function lineEnd(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
    i++;
  }
  return i;
}

function commentEnd(text: string, i: number, nested: boolean): number {
  let depth = 1;
  let j = i + 2;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 42 && text.charCodeAt(j + 1) === 47) {
      j += 2;
      if (--depth === 0) return j;
    } else if (nested && c === 47 && text.charCodeAt(j + 1) === 42) {
      depth++;
      j += 2;
    } else j++;
  }
  return -1;
}

function unescapeChar(c: string): string {
  switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case '0': return '\0';
    case 'b': return '\b';
    case 'Z': return '\x1a';
    case '%': return '\\%'; // MySQL keeps the backslash of \% and \_ (LIKE escapes)
    case '_': return '\\_';
    default: return c;
  }
}

/** A quoted token starting at text[i] (the quote); undefined when it never closes. */
function quoted(text: string, i: number, q: number, backslash: boolean): { v: string; e: number } | undefined {
  let j = i + 1;
  let from = j;
  let v = '';
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === q) {
      if (text.charCodeAt(j + 1) === q) {
        v += text.slice(from, j + 1);
        j += 2;
        from = j;
        continue;
      }
      return { v: v + text.slice(from, j), e: j + 1 };
    }
    if (backslash && c === 92) {
      if (j + 1 >= text.length) return undefined;
      v += text.slice(from, j) + unescapeChar(text[j + 1]!);
      j += 2;
      from = j;
      continue;
    }
    j++;
  }
  return undefined;
}

/** X'41' is the string 'A' (compared as such by MySQL and SQLite). */
function hexString(hex: string): string {
  let out = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const b = parseInt(hex.slice(i, i + 2), 16);
    if (Number.isNaN(b)) return hex;
    out += String.fromCharCode(b);
  }
  return out;
}

function numberEnd(text: string, i: number): number {
  const n = text.length;
  let j = i;
  const c1 = text.charCodeAt(i + 1);
  if (text.charCodeAt(i) === 48 && (c1 === 120 || c1 === 88)) {
    j = i + 2;
    while (j < n && /* hex digit */ (isDigit(text.charCodeAt(j)) || ((text.charCodeAt(j) | 32) >= 97 && (text.charCodeAt(j) | 32) <= 102))) j++;
    return j;
  }
  if (text.charCodeAt(i) === 48 && (c1 === 98 || c1 === 66) && (text.charCodeAt(i + 2) === 48 || text.charCodeAt(i + 2) === 49)) {
    j = i + 2;
    while (j < n && (text.charCodeAt(j) === 48 || text.charCodeAt(j) === 49)) j++;
    return j;
  }
  // `_` only between digits (1_000), so `5__hole__` stays a number then a hole
  while (j < n && (isDigit(text.charCodeAt(j)) || (text.charCodeAt(j) === 95 && isDigit(text.charCodeAt(j + 1))))) j++;
  if (text.charCodeAt(j) === 46) {
    j++;
    while (j < n && isDigit(text.charCodeAt(j))) j++;
  }
  const e = text.charCodeAt(j);
  if (e === 101 || e === 69) {
    let k = j + 1;
    if (text.charCodeAt(k) === 43 || text.charCodeAt(k) === 45) k++;
    if (isDigit(text.charCodeAt(k))) {
      j = k;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
    }
  }
  return j;
}

function lex(text: string, f: LexFlags, hole: string | undefined, max = Infinity): Lexed {
  const toks: Tok[] = [];
  const n = text.length;
  let i = 0;
  let exec = -1; // offset where the open executable comment starts
  let execFirst = 0; // index of its first token
  const push = (t: TokType, v: string, s: number, e: number): void => {
    toks.push({ t, v, s, e, os: exec >= 0 ? exec : s, oe: e });
  };
  const unterminated = (what: string, at: number, quote = false): Lexed => ({ toks, error: `unterminated ${what} starting at offset ${at}`, quote });
  while (i < n && toks.length < max) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const d = text.charCodeAt(i + 1);
    // comments
    if (c === 45 && d === 45 && (!f.dashSpace || !(text.charCodeAt(i + 2) > 32))) {
      i = lineEnd(text, i + 2);
      continue;
    }
    if (c === 35 && f.hash) {
      i = lineEnd(text, i + 1);
      continue;
    }
    if (c === 47 && d === 42) {
      const bang = text.charCodeAt(i + 2);
      if (f.exec && exec < 0 && (bang === 33 || (bang === 77 && text.charCodeAt(i + 3) === 33))) {
        // MySQL (/*!) and MariaDB (/*M!) run this: lex the content as code
        exec = i;
        execFirst = toks.length;
        i += bang === 33 ? 3 : 4;
        for (let k = 0; k < 6 && isDigit(text.charCodeAt(i)); k++) i++;
        continue;
      }
      const end = commentEnd(text, i, f.nested);
      if (end < 0) return unterminated('comment', i);
      i = end;
      continue;
    }
    if (c === 42 && d === 47 && exec >= 0) {
      for (let k = execFirst; k < toks.length; k++) toks[k]!.oe = i + 2;
      exec = -1;
      i += 2;
      continue;
    }
    // strings and quoted identifiers
    if (c === 39) {
      const r = quoted(text, i, 39, f.backslash);
      if (!r) return unterminated('string', i, true);
      push('str', r.v, i, r.e);
      i = r.e;
      continue;
    }
    if (c === 34) {
      const r = quoted(text, i, 34, f.dquoteStr && f.backslash);
      if (!r) return unterminated(f.dquoteStr ? 'string' : 'quoted identifier', i, true);
      push(f.dquoteStr ? 'str' : 'ident', r.v, i, r.e);
      i = r.e;
      continue;
    }
    if (c === 96 && f.backtick) {
      const r = quoted(text, i, 96, false);
      if (!r) return unterminated('quoted identifier', i);
      push('ident', r.v, i, r.e);
      i = r.e;
      continue;
    }
    if (c === 91 && f.bracket) {
      const close = text.indexOf(']', i + 1);
      if (close < 0) return unterminated('quoted identifier', i);
      push('ident', text.slice(i + 1, close), i, close + 1);
      i = close + 1;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(d))) {
      const e = numberEnd(text, i);
      push('num', text.slice(i, e), i, e);
      i = e;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      const raw = text.slice(i, j);
      const next = text.charCodeAt(j);
      if (next === 39) {
        // prefixed strings: E'..', N'..', X'..', B'..', _utf8mb4'..'
        let esc: boolean | undefined;
        if (raw.length === 1) {
          const p = raw.toUpperCase();
          if (p === 'E' && f.estr) esc = true;
          else if (p === 'N') esc = f.backslash;
          else if (p === 'X' || p === 'B') esc = false;
        } else if (f.introducer && raw.charCodeAt(0) === 95) esc = f.backslash;
        if (esc !== undefined) {
          const r = quoted(text, j, 39, esc);
          if (!r) return unterminated('string', i, true);
          push('str', raw === 'X' || raw === 'x' ? hexString(r.v) : r.v, i, r.e);
          i = r.e;
          continue;
        }
      } else if (next === 38 && text.charCodeAt(j + 1) === 39 && (raw === 'U' || raw === 'u')) {
        const r = quoted(text, j + 1, 39, false);
        if (!r) return unterminated('string', i);
        push('str', r.v, i, r.e);
        i = r.e;
        continue;
      }
      if (hole && raw.includes(hole)) push('hole', raw, i, j);
      else push('word', raw.toUpperCase(), i, j);
      i = j;
      continue;
    }
    // parameter placeholders
    if (c === 63) {
      if (d === 124 || d === 38) {
        push('op', text.slice(i, i + 2), i, i + 2); // jsonb ?| ?&
        i += 2;
        continue;
      }
      let j = i + 1;
      while (isDigit(text.charCodeAt(j))) j++;
      push('param', text.slice(i, j), i, j);
      i = j;
      continue;
    }
    if (c === 36) {
      if (isDigit(d)) {
        let j = i + 1;
        while (isDigit(text.charCodeAt(j))) j++;
        push('param', text.slice(i, j), i, j);
        i = j;
        continue;
      }
      if (f.dollar) {
        let j = i + 1;
        if (isIdentStart(d)) while (j < n && isIdentPart(text.charCodeAt(j)) && text.charCodeAt(j) !== 36) j++;
        if (text.charCodeAt(j) === 36) {
          const tag = text.slice(i, j + 1);
          const close = text.indexOf(tag, j + 1);
          if (close < 0) return unterminated('dollar-quoted string', i);
          push('str', text.slice(j + 1, close), i, close + tag.length);
          i = close + tag.length;
          continue;
        }
      }
      if (isIdentStart(d)) {
        let j = i + 1;
        while (j < n && isIdentPart(text.charCodeAt(j))) j++;
        push('param', text.slice(i, j), i, j);
        i = j;
        continue;
      }
    }
    if (c === 58 && isIdentStart(d)) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      push('param', text.slice(i, j), i, j);
      i = j;
      continue;
    }
    if (c === 64) {
      const at2 = d === 64 ? 1 : 0; // @@system_variable
      const s = text.charCodeAt(i + 1 + at2);
      if (isIdentStart(s)) {
        let j = i + 2 + at2;
        while (j < n && (isIdentPart(text.charCodeAt(j)) || text.charCodeAt(j) === 46)) j++;
        push('param', text.slice(i, j), i, j);
        i = j;
        continue;
      }
      if (!at2 && (s === 39 || s === 34 || s === 96)) {
        const r = quoted(text, i + 1, s, f.backslash && s !== 96);
        if (!r) return unterminated('quoted identifier', i);
        push('param', text.slice(i, r.e), i, r.e);
        i = r.e;
        continue;
      }
    }
    if (c === 37) {
      if ((d === 115 || d === 100 || d === 98) && !isIdentPart(text.charCodeAt(i + 2))) {
        push('param', text.slice(i, i + 2), i, i + 2);
        i += 2;
        continue;
      }
      if (d === 40) {
        let close = i + 2;
        while (close < n && close < i + 64 && isIdentPart(text.charCodeAt(close))) close++;
        if (text.charCodeAt(close) === 41 && text.charCodeAt(close + 1) === 115) {
          push('param', text.slice(i, close + 2), i, close + 2);
          i = close + 2;
          continue;
        }
      }
    }
    // operators and punctuation
    const three = text.slice(i, i + 3);
    if (OPS3.has(three)) {
      push('op', three, i, i + 3);
      i += 3;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (OPS2.has(two)) {
      push('op', two, i, i + 2);
      i += 2;
      continue;
    }
    const one = String.fromCharCode(c);
    push('op', one, i, i + 1);
    i++;
  }
  if (exec >= 0 && toks.length < max) return unterminated('comment', exec);
  return { toks };
}

/** Matching parenthesis of each `(` and `)`; -1 when unmatched. */
function matchParens(toks: Tok[]): Int32Array {
  const m = new Int32Array(toks.length).fill(-1);
  const stack: number[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.t !== 'op') continue;
    if (t.v === '(') stack.push(i);
    else if (t.v === ')') {
      const o = stack.pop();
      if (o !== undefined) {
        m[o] = i;
        m[i] = o;
      }
    }
  }
  return m;
}

// ───────────────────────── statements ─────────────────────────

type Sem = 'mysql' | 'postgres' | 'sqlite';

interface Ctx {
  text: string;
  toks: Tok[];
  m: Int32Array;
  flags: LexFlags;
  /** whose evaluation rules decide conditions (all three for the generic lexer) */
  sems: Sem[];
  hole: string | undefined;
  dialect: SqlDialect;
}

interface Range {
  a: number;
  z: number;
  /** ended by `;` */
  closed: boolean;
}

interface Res {
  kind: string;
  destructive: boolean;
  reason?: string;
  target?: string;
  uncertain?: boolean;
  error?: string;
}

class NestError extends Error {}

const MAX_NEST = 24;

function makeCtx(text: string, toks: Tok[], flags: LexFlags, sems: Sem[], hole: string | undefined, dialect: SqlDialect): Ctx {
  return { text, toks, m: matchParens(toks), flags, sems, hole, dialect };
}

function word(c: Ctx, i: number, z: number): string {
  if (i >= z) return '';
  const t = c.toks[i]!;
  return t.t === 'word' ? t.v : '';
}

function isOp(c: Ctx, i: number, z: number, v: string): boolean {
  if (i >= z) return false;
  const t = c.toks[i]!;
  return t.t === 'op' && t.v === v;
}

/** Index of the `)` closing the `(` at i, clamped to the range end. */
function closeOf(c: Ctx, i: number, z: number): number {
  const m = c.m[i]!;
  return m < 0 || m >= z ? z : m;
}

function after(c: Ctx, i: number, z: number): number {
  const close = closeOf(c, i, z);
  return close < z ? close + 1 : z;
}

/** First index in [from, to) of one of `words` outside parentheses; -1 when none. */
function findWord(c: Ctx, from: number, to: number, words: string | Set<string>): number {
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
const NAME_STOP = new Set([
  'WHERE', 'SET', 'FROM', 'USING', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'OUTER', 'STRAIGHT_JOIN',
  'ON', 'AS', 'ORDER', 'GROUP', 'HAVING', 'LIMIT', 'OFFSET', 'FETCH', 'RETURNING', 'OUTPUT', 'VALUES', 'SELECT', 'WHEN', 'THEN',
  'ELSE', 'END', 'UNION', 'INTERSECT', 'EXCEPT', 'PARTITION', 'INDEXED', 'NOT', 'ONLY', 'IF', 'CASCADE', 'RESTRICT', 'WITH',
  'AND', 'OR', 'INTO', 'TO', 'FOR', 'BY', 'DEFAULT', 'NULL', 'TABLE', 'IN', 'IS', 'LIKE', 'BETWEEN', 'CASE', 'DISTINCT',
  'ALL', 'OPTION', 'WINDOW', 'LATERAL', 'DELETE', 'UPDATE', 'INSERT', 'DROP', 'CREATE', 'ALTER', 'TRUNCATE', 'MERGE',
]);

function renderHole(raw: string, prefix: string): string {
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

interface Name {
  text: string;
  end: number;
}

/** A possibly qualified name (`a`, `db.t`, `"s"."t"`, holes as parts). */
function readName(c: Ctx, i: number, z: number): Name | undefined {
  let text = '';
  let j = i;
  for (;;) {
    if (j >= z) break;
    const t = c.toks[j]!;
    let part: string;
    if (t.t === 'word' && !NAME_STOP.has(t.v)) part = c.text.slice(t.s, t.e);
    else if (t.t === 'ident') part = t.v;
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
function targetOf(name: Name | undefined): string | undefined {
  if (!name || name.text === '…') return undefined;
  return name.text;
}

function q(name: string | undefined, fallback: string): string {
  return name ? `\`${name}\`` : fallback;
}

/** Keywords after which a hole is an operand (a name or a value), not a fragment. */
const OPERAND_KW = new Set([
  'FROM', 'USING', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'OUTER', 'FULL', 'CROSS', 'NATURAL', 'STRAIGHT_JOIN', 'ON', 'AND', 'OR',
  'NOT', 'XOR', 'AS', 'SET', 'BY', 'IN', 'IS', 'LIKE', 'ILIKE', 'BETWEEN', 'WHEN', 'THEN', 'ELSE', 'CASE', 'ONLY', 'TABLE',
  'INTO', 'VALUES', 'WHERE', 'DISTINCT', 'SELECT', 'LIMIT', 'OFFSET', 'RETURNING', 'LATERAL', 'INDEXED', 'PARTITION',
  'DELETE', 'UPDATE', 'INSERT', 'TOP', 'OUTPUT', 'WITH', 'ORDER', 'GROUP', 'HAVING', 'FETCH', 'IGNORE', 'QUICK',
  'LOW_PRIORITY', 'EXISTS', 'IF', 'DROP', 'ADD', 'COLUMN', 'CONSTRAINT', 'ALTER', 'MODIFY', 'CHANGE', 'RENAME', 'TO',
]);

/** Does a hole right after this token follow a complete element (so it could start a new clause)? */
function completes(t: Tok): boolean {
  if (t.t === 'word') return !OPERAND_KW.has(t.v);
  if (t.t === 'op') return t.v === ')' || t.v === ']';
  return true;
}

/** A hole outside parentheses in [from, to) that could be a whole clause (`DELETE FROM users ${where}`). */
function fragmentHole(c: Ctx, from: number, to: number): boolean {
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

const END_SUFFIX = new Set(['IF', 'LOOP', 'WHILE', 'REPEAT', 'FOR']);
const ROUTINE = new Set(['TRIGGER', 'PROCEDURE', 'FUNCTION', 'EVENT']);
const NOT_ROUTINE = new Set([
  'TABLE', 'VIEW', 'INDEX', 'DATABASE', 'SCHEMA', 'SEQUENCE', 'TYPE', 'DOMAIN', 'USER', 'ROLE', 'RULE',
]);

/** Is the statement starting at a a CREATE of a routine (whose BEGIN ... END body holds `;`)? */
function isRoutine(c: Ctx, a: number, i: number): boolean {
  if (word(c, a, i) !== 'CREATE') return false;
  for (let j = a + 1; j < i && j < a + 16; j++) {
    const w = word(c, j, i);
    if (ROUTINE.has(w)) return true;
    if (NOT_ROUTINE.has(w)) return false;
  }
  return false;
}

function split(c: Ctx, from = 0, to = c.toks.length, blocks = true): Range[] {
  const out: Range[] = [];
  const toks = c.toks;
  let a = from;
  let block = 0;
  for (let i = from; i < to; i++) {
    const t = toks[i]!;
    if (t.t === 'word') {
      if (!blocks) continue;
      if (t.v === 'BEGIN') {
        if (block > 0) block++;
        else if (isRoutine(c, a, i)) block = 1;
      } else if (block > 0 && t.v === 'CASE') block++;
      else if (block > 0 && t.v === 'END') {
        const nx = word(c, i + 1, to);
        if (END_SUFFIX.has(nx)) i++; // END IF / END LOOP: their openers were not counted
        else {
          block--;
          if (nx === 'CASE') i++;
        }
      }
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

const KNOWN_VERBS = new Map<string, string>(
  [
    'SELECT', 'VALUES', 'TABLE', 'REPLACE', 'UPSERT', 'GRANT', 'REVOKE', 'START', 'COMMIT', 'END', 'ROLLBACK', 'ABORT',
    'SAVEPOINT', 'RELEASE', 'SET', 'RESET', 'SHOW', 'USE', 'VACUUM', 'ANALYZE', 'ATTACH', 'DETACH', 'REINDEX', 'CLUSTER',
    'CHECKPOINT', 'LOCK', 'UNLOCK', 'CALL', 'DEALLOCATE', 'FETCH', 'MOVE', 'CLOSE', 'OPEN', 'LISTEN', 'NOTIFY', 'UNLISTEN',
    'COPY', 'LOAD', 'DISCARD', 'REFRESH', 'SECURITY', 'IMPORT', 'HANDLER', 'OPTIMIZE', 'REPAIR', 'CHECK', 'CHECKSUM',
    'FLUSH', 'KILL', 'PURGE', 'SHUTDOWN', 'INSTALL', 'UNINSTALL', 'HELP', 'XA', 'CACHE', 'GET', 'SIGNAL', 'RESIGNAL',
    'BINLOG', 'CHANGE', 'STOP', 'RENAME', 'COMMENT', 'RESTART',
  ].map((v) => [v, v.toLowerCase()]),
);
KNOWN_VERBS.set('ANALYSE', 'analyze');

function notSql(c: Ctx, t: Tok): string {
  let raw = c.text.slice(t.s, t.e);
  if (raw.length > 30) raw = `${raw.slice(0, 30)}…`;
  return t.t === 'word' ? `not SQL: \`${raw}\` is not a SQL statement keyword` : `not SQL: a statement cannot start with \`${raw}\``;
}

function classifyRange(c: Ctx, a: number, z: number, depth: number): Res {
  if (depth > MAX_NEST) throw new NestError();
  const res = classifyVerb(c, a, z, depth);
  if (res.destructive || res.error) return res;
  return remoteSql(c, a, z, depth, res) ?? res;
}

/** Functions that run their SQL string argument (PostgreSQL dblink). */
const REMOTE_SQL = new Set(['DBLINK_EXEC', 'DBLINK', 'DBLINK_SEND_QUERY', 'DBLINK_OPEN']);

function remoteSql(c: Ctx, a: number, z: number, depth: number, res: Res): Res | undefined {
  for (let i = a; i < z; i++) {
    const t = c.toks[i]!;
    if (t.t !== 'word' || !REMOTE_SQL.has(t.v) || !isOp(c, i + 1, z, '(')) continue;
    const close = closeOf(c, i + 1, z);
    for (let k = i + 2; k < close; k++) {
      const s = c.toks[k]!;
      if (s.t !== 'str') continue;
      const inner = wrap(res.kind, classifyString(c, s.v, depth), `${t.v.toLowerCase()} runs SQL`);
      if (inner.destructive) return { ...inner, kind: res.kind };
    }
  }
  return undefined;
}

function classifyVerb(c: Ctx, a: number, z: number, depth: number): Res {
  const t = c.toks[a]!;
  if (t.t === 'hole') return { kind: 'unknown', destructive: false, uncertain: true };
  if (t.t === 'op' && t.v === '(') return classifyParen(c, a, z, depth);
  if (t.t !== 'word') return { kind: 'unknown', destructive: false, error: notSql(c, t) };
  switch (t.v) {
    case 'DELETE': return classifyDelete(c, a, z);
    case 'UPDATE': return classifyUpdate(c, a, z);
    case 'DROP': return classifyDrop(c, a, z);
    case 'TRUNCATE': return classifyTruncate(c, a, z);
    case 'ALTER': return classifyAlter(c, a, z);
    case 'MERGE': return classifyMerge(c, a, z);
    case 'WITH': return classifyWith(c, a, z, depth);
    case 'EXPLAIN': return classifyExplain(c, a, z, depth, 'explain');
    case 'DESCRIBE':
    case 'DESC': return classifyExplain(c, a, z, depth, 'describe');
    case 'CREATE': return classifyCreate(c, a, z, depth);
    case 'INSERT': return classifyInsert(c, a, z);
    case 'PRAGMA': return classifyPragma(c, a, z);
    case 'DO': return classifyDo(c, a, z, depth);
    case 'EXECUTE':
    case 'EXEC': return classifyExecute(c, a, z, depth);
    case 'PREPARE': return classifyPrepare(c, a, z, depth);
    case 'BEGIN':
    case 'DECLARE': return classifyBlock(c, a, z, depth, t.v.toLowerCase());
    case 'COPY':
      // PostgreSQL COPY (DELETE ... RETURNING ...) TO runs the statement
      if (isOp(c, a + 1, z, '(') && closeOf(c, a + 1, z) > a + 2) {
        const inner = classifyRange(c, a + 2, closeOf(c, a + 1, z), depth + 1);
        return inner.error ? { kind: 'copy', destructive: false } : wrap('copy', [inner], 'COPY runs its query');
      }
      return { kind: 'copy', destructive: false };
  }
  const kind = KNOWN_VERBS.get(t.v);
  if (kind) return { kind, destructive: false };
  return { kind: 'unknown', destructive: false, error: notSql(c, t) };
}

/** `(SELECT ...) UNION (SELECT ...)` */
function classifyParen(c: Ctx, a: number, z: number, depth: number): Res {
  let i = a;
  while (isOp(c, i, z, '(')) i++;
  if (i >= z) return { kind: 'unknown', destructive: false, error: 'not SQL: nothing but parentheses' };
  const t = c.toks[i]!;
  if (t.t === 'hole') return { kind: 'unknown', destructive: false, uncertain: true };
  const w = word(c, i, z);
  if (w === 'SELECT' || w === 'VALUES' || w === 'TABLE') return { kind: 'select', destructive: false };
  if (w === 'WITH') return classifyRange(c, i, closeOf(c, i - 1, z), depth + 1);
  return { kind: 'unknown', destructive: false, error: notSql(c, t) };
}

/** Clauses that can only follow the WHERE clause. */
const TAIL = new Set(['ORDER', 'LIMIT', 'RETURNING', 'OFFSET', 'FETCH', 'OPTION']);
const JOINS = new Set(['USING', 'JOIN']);

function tailStart(c: Ctx, from: number, z: number): number {
  const s = findWord(c, from, z, TAIL);
  return s < 0 ? z : s;
}

function condText(c: Ctx, a: number, z: number): string {
  if (z <= a) return '';
  let s = c.text.slice(c.toks[a]!.s, c.toks[z - 1]!.e).replace(/\s+/g, ' ');
  if (s.length > 60) s = `${s.slice(0, 59)}…`;
  return s;
}

function classifyDelete(c: Ctx, a: number, z: number): Res {
  let i = a + 1;
  for (;;) {
    const w = word(c, i, z);
    if (w === 'LOW_PRIORITY' || w === 'QUICK' || w === 'IGNORE') i++;
    else if (w === 'TOP') {
      i++;
      i = isOp(c, i, z, '(') ? after(c, i, z) : i + 1;
      if (word(c, i, z) === 'PERCENT') i++;
    } else break;
  }
  let name: Name | undefined;
  let rest: number;
  if (word(c, i, z) === 'FROM') {
    i++;
    if (word(c, i, z) === 'ONLY') i++;
    name = readName(c, i, z);
    rest = name ? name.end : i;
  } else {
    // DELETE t1[, t2] FROM t1 JOIN ... (MySQL) or DELETE t (SQL Server, Oracle)
    name = readName(c, i, z);
    const w0 = findWord(c, i, z, 'WHERE');
    const from = findWord(c, i, w0 < 0 ? z : w0, 'FROM');
    if (from >= 0) {
      const src = readName(c, from + 1, z);
      rest = src ? src.end : from + 1;
    } else if (c.dialect !== 'generic' && !(i < z && c.toks[i]!.t === 'hole')) {
      // only SQL Server and Oracle accept DELETE without FROM; for the others this is no statement ("Delete the file")
      return { kind: 'delete', destructive: false, error: 'not SQL: DELETE without FROM' };
    } else rest = name ? name.end : i;
  }
  if (isOp(c, rest, z, '*')) rest++;
  const target = targetOf(name);
  const where = findWord(c, rest, z, 'WHERE');
  if (where < 0) {
    if (fragmentHole(c, rest, tailStart(c, rest, z))) return { kind: 'delete', destructive: false, target, uncertain: true };
    let reason: string;
    const join = findWord(c, rest, z, JOINS);
    const table = q(target, 'the table');
    if (findWord(c, rest, z, 'LIMIT') >= 0) reason = `DELETE without a WHERE clause removes arbitrary rows of ${table} (LIMIT only caps how many)`;
    else if (join >= 0) reason = `DELETE without a WHERE clause removes every row of ${table} that matches its ${c.toks[join]!.v} tables`;
    else reason = `DELETE without a WHERE clause removes every row of ${table}`;
    return { kind: 'delete', destructive: true, reason, target };
  }
  const cond = evalCondition(c, where + 1, z);
  if (cond.truth === 'T') {
    return {
      kind: 'delete',
      destructive: true,
      reason: `DELETE with an always-true WHERE clause (\`${condText(c, where + 1, cond.end)}\`) removes every row of ${q(target, 'the table')}`,
      target,
    };
  }
  return cond.truth === 'H' ? { kind: 'delete', destructive: false, target, uncertain: true } : { kind: 'delete', destructive: false, target };
}

/** The `col = expr, ...` list of UPDATE ... SET; frag when a hole stands where assignments or clauses could be. */
function setList(c: Ctx, p: number, z: number): { end: number; frag: boolean } {
  for (;;) {
    if (p >= z) return { end: p, frag: false };
    const t = c.toks[p]!;
    if (t.t === 'hole') {
      if (!isOp(c, p + 1, z, '=')) return { end: p, frag: true };
      p++;
    } else if (t.t === 'op' && t.v === '(') p = after(c, p, z);
    else {
      const n = readName(c, p, z);
      if (!n) return { end: p, frag: false };
      p = n.end;
    }
    if (!isOp(c, p, z, '=')) return { end: p, frag: false };
    const ps = new Parser(c, p + 1, z, false);
    if (!ps.expr()) return { end: ps.p, frag: false };
    p = ps.p;
    if (p < z && c.toks[p]!.t === 'hole') return { end: p, frag: true };
    if (!isOp(c, p, z, ',')) return { end: p, frag: false };
    p++;
  }
}

function classifyUpdate(c: Ctx, a: number, z: number): Res {
  let i = a + 1;
  for (;;) {
    const w = word(c, i, z);
    if (w === 'LOW_PRIORITY' || w === 'IGNORE' || w === 'ONLY') i++;
    else if (w === 'OR' && word(c, i + 1, z)) i += 2; // SQLite UPDATE OR REPLACE
    else if (w === 'TOP') {
      i++;
      i = isOp(c, i, z, '(') ? after(c, i, z) : i + 1;
      if (word(c, i, z) === 'PERCENT') i++;
    } else break;
  }
  const name = readName(c, i, z);
  const target = targetOf(name);
  const p = name ? name.end : i;
  const set = findWord(c, p, z, 'SET');
  if (set < 0) {
    const trailingHole = p >= z && p > i && c.toks[p - 1]!.t === 'hole'; // UPDATE ${rest}
    if (fragmentHole(c, p, z) || trailingHole) return { kind: 'update', destructive: false, target, uncertain: true };
    if (word(c, a + 1, z) === 'STATISTICS') return { kind: 'update', destructive: false }; // SQL Server
    return { kind: 'update', destructive: false, error: 'not SQL: UPDATE without SET' };
  }
  const sl = setList(c, set + 1, z);
  const where = findWord(c, sl.end, z, 'WHERE');
  if (where < 0) {
    if (sl.frag || fragmentHole(c, sl.end, tailStart(c, sl.end, z))) return { kind: 'update', destructive: false, target, uncertain: true };
    return { kind: 'update', destructive: true, reason: `UPDATE without a WHERE clause changes every row of ${q(target, 'the table')}`, target };
  }
  const cond = evalCondition(c, where + 1, z);
  if (cond.truth === 'T') {
    return {
      kind: 'update',
      destructive: true,
      reason: `UPDATE with an always-true WHERE clause (\`${condText(c, where + 1, cond.end)}\`) changes every row of ${q(target, 'the table')}`,
      target,
    };
  }
  return cond.truth === 'H' ? { kind: 'update', destructive: false, target, uncertain: true } : { kind: 'update', destructive: false, target };
}

const DROP_TYPES = new Set([
  'TABLE', 'TABLES', 'DATABASE', 'SCHEMA', 'VIEW', 'INDEX', 'SEQUENCE', 'FUNCTION', 'PROCEDURE', 'ROUTINE', 'TRIGGER', 'TYPE',
  'DOMAIN', 'EXTENSION', 'ROLE', 'USER', 'GROUP', 'MATERIALIZED', 'TEMPORARY', 'TEMP', 'FOREIGN', 'EVENT', 'POLICY', 'RULE',
  'SERVER', 'TABLESPACE', 'COLLATION', 'AGGREGATE', 'OPERATOR', 'PUBLICATION', 'SUBSCRIPTION', 'STATISTICS', 'CAST',
  'LANGUAGE', 'OWNED', 'ACCESS', 'METHOD', 'DATA', 'WRAPPER', 'TEXT', 'SEARCH', 'CONFIGURATION', 'DICTIONARY', 'PARSER',
  'TEMPLATE', 'CONVERSION', 'LOGFILE', 'SYNONYM', 'PACKAGE', 'UNLOGGED', 'SPATIAL', 'REFERENCE', 'SYSTEM', 'VERSIONING',
]);
const WITH_DATA = new Set(['TABLE', 'TABLES', 'DATABASE', 'SCHEMA', 'OWNED']);

function nameList(c: Ctx, i: number, z: number): string[] {
  const names: string[] = [];
  let n = readName(c, i, z);
  while (n) {
    const t = targetOf(n);
    if (t) names.push(t);
    if (!isOp(c, n.end, z, ',')) break;
    n = readName(c, n.end + 1, z);
  }
  return names;
}

function classifyDrop(c: Ctx, a: number, z: number): Res {
  let i = a + 1;
  const type: string[] = [];
  while (type.length < 4 && DROP_TYPES.has(word(c, i, z))) type.push(c.toks[i++]!.v);
  if (!type.length && (i >= z || (c.toks[i]!.t !== 'hole' && (c.toks[i]!.t !== 'word' || PROSE.has(c.toks[i]!.v))))) {
    // DROP always names an object type (`DROP WAREHOUSE w` counts); "drop me a line" does not
    return { kind: 'drop', destructive: false, error: 'not SQL: DROP without an object type' };
  }
  if (!type.length && c.toks[i]!.t === 'word') {
    const nx = i + 1 < z ? c.toks[i + 1]! : undefined;
    if (nx && (nx.t === 'word' || nx.t === 'ident' || nx.t === 'hole')) type.push(c.toks[i++]!.v); // an object type we do not list
  }
  for (let w = word(c, i, z); w === 'IF' || w === 'EXISTS' || w === 'CONCURRENTLY' || w === 'BY'; w = word(c, i, z)) i++;
  const names = nameList(c, i, z);
  const target = names[0];
  const main = type.length ? type[type.length - 1]! : '';
  const head = type.length ? `DROP ${type.join(' ')}` : 'DROP';
  const what = type.length ? type.join(' ').toLowerCase() : 'database object';
  const plural = names.length > 1 ? 's' : '';
  const subject = names.length ? `the ${what}${plural} ${names.map((x) => `\`${x}\``).join(', ')}` : `a ${what}`;
  let reason: string;
  if (main === 'DATABASE' || main === 'SCHEMA') reason = `${head} deletes ${subject} and everything in ${plural ? 'them' : 'it'}`;
  else if (WITH_DATA.has(main)) reason = `${head} deletes ${subject} and all of ${plural ? 'their' : 'its'} rows`;
  else reason = `${head} deletes ${subject}`;
  return { kind: 'drop', destructive: true, reason, target };
}

function classifyTruncate(c: Ctx, a: number, z: number): Res {
  let i = a + 1;
  if (word(c, i, z) === 'TABLE') i++;
  if (word(c, i, z) === 'ONLY') i++;
  const names = nameList(c, i, z);
  const target = names[0];
  const rows = names.length ? names.map((x) => `\`${x}\``).join(', ') : 'the table';
  return { kind: 'truncate', destructive: true, reason: `TRUNCATE removes every row of ${rows}`, target };
}

const ALTER_TYPES = new Set([
  'TABLE', 'ONLINE', 'OFFLINE', 'IGNORE', 'FOREIGN', 'MATERIALIZED', 'VIEW', 'TYPE', 'DOMAIN', 'DATABASE', 'SCHEMA', 'INDEX',
  'SEQUENCE', 'EXTENSION', 'ROLE', 'USER', 'TABLESPACE', 'PUBLICATION', 'EVENT', 'FUNCTION', 'PROCEDURE', 'SERVER', 'TEXT',
  'SEARCH', 'CONFIGURATION', 'DICTIONARY',
]);
/** ALTER COLUMN c DROP DEFAULT / NOT NULL / IDENTITY / EXPRESSION change a definition, not data. */
const SOFT_DROP = new Set(['DEFAULT', 'NOT', 'IDENTITY', 'EXPRESSION']);
const DROP_WHAT = new Set([
  'COLUMN', 'CONSTRAINT', 'INDEX', 'KEY', 'PRIMARY', 'FOREIGN', 'PARTITION', 'SUBPARTITION', 'CHECK', 'ATTRIBUTE',
  'PERIOD', 'MAPPING', 'VALUE', 'FUNCTION', 'TABLE',
]);

function classifyAlter(c: Ctx, a: number, z: number): Res {
  let i = a + 1;
  const type: string[] = [];
  while (type.length < 3 && ALTER_TYPES.has(word(c, i, z))) type.push(c.toks[i++]!.v);
  if (word(c, i, z) === 'IF' && word(c, i + 1, z) === 'EXISTS') i += 2;
  if (word(c, i, z) === 'ONLY') i++;
  const name = readName(c, i, z);
  const target = targetOf(name);
  let p = name ? name.end : i;
  if (isOp(c, p, z, '*')) p++;
  const head = `ALTER ${type.filter((w) => w !== 'ONLINE' && w !== 'OFFLINE' && w !== 'IGNORE').join(' ') || ''}`.trim();
  const of = target ? ` of \`${target}\`` : '';
  let uncertain = false;
  for (let j = p; j < z; j++) {
    const t = c.toks[j]!;
    if (t.t === 'op' && t.v === '(') {
      j = closeOf(c, j, z);
      continue;
    }
    if (t.t === 'hole' && completes(c.toks[j - 1]!)) uncertain = true;
    if (t.t !== 'word') continue;
    const nx = word(c, j + 1, z);
    if (t.v === 'DROP' && !SOFT_DROP.has(nx)) {
      let k = j + 1;
      const what: string[] = [];
      while (what.length < 2 && DROP_WHAT.has(word(c, k, z))) what.push(c.toks[k++]!.v);
      if (word(c, k, z) === 'IF' && word(c, k + 1, z) === 'EXISTS') k += 2;
      const dropped = targetOf(readName(c, k, z));
      const kind = what.length ? what.join(' ') : 'COLUMN';
      const obj = `${kind.toLowerCase()}${dropped ? ` \`${dropped}\`` : ''}`;
      const reason =
        kind === 'COLUMN' || kind === 'PARTITION'
          ? `${head} ... DROP ${kind} deletes the ${obj}${of} and its data`
          : `${head} ... DROP ${kind} removes the ${obj}${of}`;
      return { kind: 'alter', destructive: true, reason, target };
    }
    if (t.v === 'TRUNCATE' && nx === 'PARTITION') {
      return { kind: 'alter', destructive: true, reason: `${head} ... TRUNCATE PARTITION removes every row of a partition${of}`, target };
    }
    if (t.v === 'DISCARD' && (nx === 'TABLESPACE' || nx === 'PARTITION')) {
      return { kind: 'alter', destructive: true, reason: `${head} ... DISCARD ${nx} deletes the data file${of}`, target };
    }
  }
  return uncertain ? { kind: 'alter', destructive: false, target, uncertain: true } : { kind: 'alter', destructive: false, target };
}

function classifyMerge(c: Ctx, a: number, z: number): Res {
  let i = a + 1;
  if (word(c, i, z) === 'TOP') i = isOp(c, i + 1, z, '(') ? after(c, i + 1, z) : i + 2;
  if (word(c, i, z) === 'INTO') i++;
  const target = targetOf(readName(c, i, z));
  let uncertain = false;
  for (let p = i; p < z; p++) {
    if (isOp(c, p, z, '(')) {
      p = closeOf(c, p, z);
      continue;
    }
    if (word(c, p, z) !== 'WHEN') continue;
    let k = p + 1;
    let matched = true;
    let bySource = false;
    if (word(c, k, z) === 'NOT') {
      matched = false;
      k++;
    }
    if (word(c, k, z) !== 'MATCHED') continue;
    k++;
    if (word(c, k, z) === 'BY') {
      bySource = word(c, k + 1, z) === 'SOURCE';
      k += 2;
    }
    const then = findWord(c, k, z, 'THEN');
    if (then < 0) break;
    if (word(c, then + 1, z) === 'DELETE' && (matched || bySource)) {
      const truth = word(c, k, z) === 'AND' ? evalCondition(c, k + 1, then).truth : 'T';
      if (truth === 'T') {
        const rows = matched ? 'that matches the source' : 'missing from the source';
        const when = `WHEN ${matched ? '' : 'NOT '}MATCHED${bySource ? ' BY SOURCE' : ''}`;
        return { kind: 'merge', destructive: true, reason: `MERGE ... ${when} THEN DELETE removes every row of ${q(target, 'the table')} ${rows}`, target };
      }
      if (truth === 'H') uncertain = true;
    }
    p = then;
  }
  return uncertain ? { kind: 'merge', destructive: false, target, uncertain: true } : { kind: 'merge', destructive: false, target };
}

/** Combine a wrapper statement with the verdicts of statements it runs. */
function wrap(kind: string, inner: Res[], prefix?: string): Res {
  const bad = inner.find((r) => r.destructive);
  if (bad) return { kind, destructive: true, reason: prefix ? `${prefix}: ${bad.reason}` : bad.reason, target: bad.target };
  return inner.some((r) => r.uncertain) ? { kind, destructive: false, uncertain: true } : { kind, destructive: false };
}

function classifyWith(c: Ctx, a: number, z: number, depth: number): Res {
  let i = a + 1;
  if (word(c, i, z) === 'RECURSIVE') i++;
  const parts: Res[] = [];
  const malformed = (): Res => ({ kind: 'with', destructive: false, error: 'not SQL: malformed WITH clause' });
  for (;;) {
    const t = i < z ? c.toks[i]! : undefined;
    if (!t || (t.t !== 'word' && t.t !== 'ident' && t.t !== 'hole')) return malformed();
    i++;
    if (isOp(c, i, z, '(')) i = after(c, i, z); // column list
    if (word(c, i, z) !== 'AS') return malformed();
    i++;
    if (word(c, i, z) === 'NOT') i++;
    if (word(c, i, z) === 'MATERIALIZED') i++;
    if (!isOp(c, i, z, '(')) return malformed();
    const close = closeOf(c, i, z);
    if (close > i + 1) {
      const body = classifyRange(c, i + 1, close, depth + 1);
      if (body.error) return body;
      parts.push(body);
    }
    i = close < z ? close + 1 : z;
    // PostgreSQL SEARCH ... SET col / CYCLE ... SET col [TO v DEFAULT d] [USING path]
    for (let w = word(c, i, z); w === 'SEARCH' || w === 'CYCLE'; w = word(c, i, z)) {
      const set = findWord(c, i, z, 'SET');
      if (set < 0) return malformed();
      i = set + 2;
      if (word(c, i, z) === 'TO') i += 4;
      if (word(c, i, z) === 'USING') i += 2;
    }
    if (isOp(c, i, z, ',')) {
      i++;
      continue;
    }
    break;
  }
  let kind = 'with';
  if (i < z) {
    const main = classifyRange(c, i, z, depth + 1);
    if (main.error) return main;
    kind = main.kind;
    parts.push(main);
  }
  return wrap(kind, parts);
}

const EXPLAIN_OPTS = new Set(['VERBOSE', 'EXTENDED', 'PARTITIONS', 'COSTS', 'BUFFERS', 'TIMING', 'SUMMARY', 'SETTINGS', 'WAL']);

function classifyExplain(c: Ctx, a: number, z: number, depth: number, kind: string): Res {
  let i = a + 1;
  let analyze = false;
  if (isOp(c, i, z, '(')) {
    const close = closeOf(c, i, z);
    for (let k = i + 1; k < close; k++) {
      const w = word(c, k, close);
      if (w !== 'ANALYZE' && w !== 'ANALYSE') continue;
      const nx = k + 1 < close ? c.toks[k + 1]! : undefined;
      analyze = !(nx && ((nx.t === 'word' && (nx.v === 'FALSE' || nx.v === 'OFF')) || (nx.t === 'num' && Number(nx.v) === 0)));
    }
    i = close < z ? close + 1 : z;
  }
  for (;;) {
    const w = word(c, i, z);
    if (w === 'ANALYZE' || w === 'ANALYSE') {
      analyze = true;
      i++;
    } else if (EXPLAIN_OPTS.has(w)) i++;
    else if (w === 'FORMAT') i += isOp(c, i + 1, z, '=') ? 3 : 2;
    else if (w === 'QUERY' && word(c, i + 1, z) === 'PLAN') i += 2;
    else break;
  }
  if (!analyze || i >= z) return { kind, destructive: false };
  const inner = classifyRange(c, i, z, depth + 1);
  if (inner.error) return { kind, destructive: false };
  return wrap(kind, [inner], 'EXPLAIN ANALYZE executes its statement');
}

/** Statement verbs worth looking at inside procedural bodies and dynamic SQL. */
const BODY_VERBS = new Set([
  'DELETE', 'UPDATE', 'DROP', 'TRUNCATE', 'ALTER', 'MERGE', 'WITH', 'EXECUTE', 'EXEC', 'PREPARE', 'INSERT', 'PRAGMA',
]);
const BODY_STARTS = new Set(['BEGIN', 'THEN', 'ELSE', 'DO', 'LOOP', 'ATOMIC', 'ROW', 'INSTEAD', 'ALSO']);

/** Classify the statements inside a procedural body (trigger, DO block, BEGIN ... END). */
function scanBody(c: Ctx, a: number, z: number, depth: number): Res[] {
  const out: Res[] = [];
  let start = true;
  for (let p = a; p < z; p++) {
    const t = c.toks[p]!;
    if (start && t.t === 'word' && BODY_VERBS.has(t.v)) {
      let e = p;
      while (e < z && !isOp(c, e, z, ';')) e++;
      const r = classifyRange(c, p, e, depth + 1);
      if (!r.error) out.push(r);
      p = e;
      start = true;
      continue;
    }
    start = (t.t === 'op' && (t.v === ';' || t.v === '(')) || (t.t === 'word' && BODY_STARTS.has(t.v));
  }
  return out;
}

function classifyCreate(c: Ctx, a: number, z: number, depth: number): Res {
  if (word(c, a + 1, z) === 'OR' && word(c, a + 2, z) === 'REPLACE') {
    // MariaDB (and warehouses): CREATE OR REPLACE TABLE drops the table it replaces
    let i = a + 3;
    while (i < a + 6 && (word(c, i, z) === 'TEMPORARY' || word(c, i, z) === 'TEMP' || word(c, i, z) === 'TRANSIENT')) i++;
    if (word(c, i, z) === 'TABLE') {
      const target = targetOf(readName(c, i + 1, z));
      const table = target ? `the existing table \`${target}\`` : 'the existing table';
      return { kind: 'create', destructive: true, reason: `CREATE OR REPLACE TABLE drops ${table} and all of its rows`, target };
    }
  }
  let kindWord = '';
  let at = -1;
  for (let j = a + 1; j < z && j < a + 16; j++) {
    const w = word(c, j, z);
    if (w === 'TRIGGER' || w === 'EVENT' || w === 'RULE') {
      kindWord = w;
      at = j;
      break;
    }
    if (NOT_ROUTINE.has(w) || w === 'FUNCTION' || w === 'PROCEDURE') break;
  }
  if (!kindWord) return { kind: 'create', destructive: false };
  let i = at + 1;
  if (word(c, i, z) === 'IF' && word(c, i + 1, z) === 'NOT') i += 3;
  const name = targetOf(readName(c, i, z));
  const label = `CREATE ${kindWord}${name ? ` \`${name}\`` : ''}`;
  let body: Res[] = [];
  const begin = findWord(c, i, z, 'BEGIN');
  if (begin >= 0) body = scanBody(c, begin + 1, z, depth);
  else if (kindWord === 'TRIGGER') {
    const row = findWord(c, i, z, 'ROW'); // MySQL: FOR EACH ROW <statement>
    if (row >= 0) body = scanBody(c, row + 1, z, depth);
  } else {
    const d = findWord(c, i, z, 'DO'); // EVENT ... DO <statement>; RULE ... DO [ALSO|INSTEAD] <command>
    if (d >= 0) {
      let k = d + 1;
      if (word(c, k, z) === 'ALSO' || word(c, k, z) === 'INSTEAD') k++;
      body = isOp(c, k, z, '(') ? scanBody(c, k + 1, closeOf(c, k, z), depth) : scanBody(c, k, z, depth);
    }
  }
  return wrap('create', body, `${label} runs a destructive statement whenever it fires`);
}

function classifyInsert(c: Ctx, a: number, z: number): Res {
  if (word(c, a + 1, z) !== 'OVERWRITE') return { kind: 'insert', destructive: false };
  let i = a + 2;
  if (word(c, i, z) === 'TABLE') i++;
  const target = targetOf(readName(c, i, z));
  return { kind: 'insert', destructive: true, reason: `INSERT OVERWRITE replaces every row of ${q(target, 'the table')}`, target };
}

function classifyPragma(c: Ctx, a: number, z: number): Res {
  const name = readName(c, a + 1, z);
  if (!name) return { kind: 'pragma', destructive: false };
  const last = name.text.slice(name.text.lastIndexOf('.') + 1).toLowerCase();
  if (last !== 'writable_schema') return { kind: 'pragma', destructive: false };
  let i = name.end;
  if (isOp(c, i, z, '=') || isOp(c, i, z, '(')) i++;
  const v = i < z ? c.toks[i]! : undefined;
  const on =
    !!v &&
    ((v.t === 'num' && Number(v.v) !== 0) ||
      ((v.t === 'word' || v.t === 'str' || v.t === 'ident') && ['ON', 'TRUE', 'YES', '1'].includes(v.v.toUpperCase())));
  if (!on) return { kind: 'pragma', destructive: false };
  return {
    kind: 'pragma',
    destructive: true,
    reason: 'PRAGMA writable_schema = ON lets later statements overwrite the schema table and corrupt the database',
  };
}

/** Classify SQL held in a string literal (dynamic SQL); parse failures count as harmless text. */
function classifyString(c: Ctx, sql: string, depth: number, flags = c.flags): Res[] {
  if (depth > MAX_NEST) throw new NestError();
  const lexed = lex(sql, flags, c.hole);
  if (!lexed.toks.length) return [];
  const sub = makeCtx(sql, lexed.toks, flags, c.sems, c.hole, c.dialect);
  const out: Res[] = [];
  for (const r of split(sub)) {
    if (lexed.error && !r.closed) continue;
    const res = classifyRange(sub, r.a, r.z, depth + 1);
    if (!res.error) out.push(res);
  }
  return out;
}

function firstString(c: Ctx, a: number, z: number): Tok | undefined {
  for (let i = a; i < z; i++) if (c.toks[i]!.t === 'str') return c.toks[i];
  return undefined;
}

/** PostgreSQL DO blocks run now: look at the statements in their body. */
function classifyDo(c: Ctx, a: number, z: number, depth: number): Res {
  if (c.dialect === 'mysql' || c.dialect === 'sqlite') return { kind: 'do', destructive: false }; // MySQL DO evaluates expressions
  const body = firstString(c, a + 1, z);
  if (!body) return { kind: 'do', destructive: false };
  const lexed = lex(body.v, FLAGS.postgres, c.hole);
  const sub = makeCtx(body.v, lexed.toks, FLAGS.postgres, c.sems, c.hole, c.dialect);
  return wrap('do', scanBody(sub, 0, lexed.toks.length, depth + 1), 'The DO block runs a destructive statement');
}

/** EXECUTE 'sql' / EXECUTE IMMEDIATE 'sql' / EXEC('sql') / EXECUTE format('...'): dynamic SQL. */
function classifyExecute(c: Ctx, a: number, z: number, depth: number): Res {
  const s = firstString(c, a + 1, z);
  if (!s) return { kind: 'execute', destructive: false };
  return wrap('execute', classifyString(c, s.v, depth), 'EXECUTE runs dynamic SQL');
}

function classifyPrepare(c: Ctx, a: number, z: number, depth: number): Res {
  const name = readName(c, a + 1, z);
  let i = name ? name.end : a + 1;
  if (isOp(c, i, z, '(')) i = after(c, i, z);
  const w = word(c, i, z);
  if (w === 'FROM') {
    const s = firstString(c, i + 1, z);
    return s ? wrap('prepare', classifyString(c, s.v, depth), 'PREPARE stores a destructive statement') : { kind: 'prepare', destructive: false };
  }
  if (w === 'AS' && i + 1 < z) {
    const inner = classifyRange(c, i + 1, z, depth + 1);
    return inner.error ? { kind: 'prepare', destructive: false } : wrap('prepare', [inner], 'PREPARE stores a destructive statement');
  }
  return { kind: 'prepare', destructive: false };
}

const TXN_WORDS = new Set([
  'TRANSACTION', 'WORK', 'TRAN', 'DEFERRED', 'IMMEDIATE', 'EXCLUSIVE', 'ISOLATION', 'READ', 'DISTRIBUTED', 'NOT',
]);

/** BEGIN [TRANSACTION] starts a transaction; BEGIN <statements> END (an anonymous block elsewhere) runs them. */
function classifyBlock(c: Ctx, a: number, z: number, depth: number, kind: string): Res {
  if (kind === 'begin' && (a + 1 >= z || TXN_WORDS.has(word(c, a + 1, z)))) return { kind, destructive: false };
  return wrap(kind, scanBody(c, a + 1, z, depth), 'The block runs a destructive statement');
}

// ───────────────────────── conditions ─────────────────────────

/** true, false, null, unknown, unknown because a hole stands for a condition */
type Truth = 'T' | 'F' | 'N' | 'U' | 'H';

type NodeKind =
  | 'num' | 'str' | 'bool' | 'null' | 'sym' | 'unk' | 'hole' | 'not' | 'and' | 'or' | 'xor' | 'cmp' | 'is' | 'isdist'
  | 'like' | 'in' | 'between' | 'arith' | 'neg' | 'case' | 'func' | 'exists';

interface Node {
  k: NodeKind;
  /** token range [a, z) */
  a: number;
  z: number;
  /** deterministic: the same text always has the same value within a statement (columns, literals, pure functions) */
  det: boolean;
  n?: number;
  s?: string;
  b?: boolean;
  op?: string;
  neg?: boolean;
  l?: Node;
  r?: Node;
  x?: Node;
  list?: Node[];
  els?: Node;
  key?: string;
}

const MAX_EXPR_DEPTH = 200;

const CMP_OPS = new Set(['=', '==', '<>', '!=', '<', '>', '<=', '>=', '<=>']);
const REGEX_OPS = new Set(['~', '~*', '!~', '!~*', '~~', '~~*', '!~~', '!~~*']);
const OTHER_BINOPS = new Set(['@>', '<@', '?|', '?&', '@@', '@', '&<', '&>', '-|-', '<->', '^@', '@?', '=>']);
const NEGATABLE = new Set(['LIKE', 'ILIKE', 'IN', 'BETWEEN', 'GLOB', 'REGEXP', 'RLIKE', 'SIMILAR', 'MATCH', 'NULL']);
const QUANTIFIERS = new Set(['ANY', 'ALL', 'SOME']);
const SUBQUERY = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE']);
/** Words that cannot start an operand: the expression ends there. */
const EXPR_STOP = new Set([
  'AND', 'OR', 'XOR', 'IS', 'IN', 'LIKE', 'ILIKE', 'GLOB', 'REGEXP', 'RLIKE', 'BETWEEN', 'SIMILAR', 'ESCAPE', 'MATCH', 'FROM',
  'WHERE', 'GROUP', 'ORDER', 'HAVING', 'LIMIT', 'OFFSET', 'FETCH', 'RETURNING', 'UNION', 'INTERSECT', 'EXCEPT', 'WINDOW',
  'FOR', 'INTO', 'THEN', 'WHEN', 'ELSE', 'END', 'AS', 'ON', 'USING', 'SET', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'OUTER',
  'CROSS', 'NATURAL', 'STRAIGHT_JOIN', 'COLLATE', 'ASC', 'DESC', 'NULLS', 'SELECT', 'WITH', 'VALUES', 'DO', 'OVER', 'FILTER',
  'WITHIN', 'LOCK', 'OPTION', 'BY', 'DIV', 'MOD', 'ISNULL', 'NOTNULL', 'DELETE', 'UPDATE', 'INSERT', 'LATERAL', 'OUTPUT',
  'LOOP', 'REPLACE',
]);
/** ... unless followed by `(`: then they are functions. */
const STOP_FUNCS = new Set(['LEFT', 'RIGHT', 'MATCH', 'VALUES', 'MOD', 'INSERT', 'REPLACE', 'ISNULL']);
/** Functions whose result depends only on their arguments (so `f(x) = f(x)` is always true). */
const PURE_FUNCS = new Set([
  'LOWER', 'UPPER', 'LCASE', 'UCASE', 'TRIM', 'LTRIM', 'RTRIM', 'LENGTH', 'CHAR_LENGTH', 'CHARACTER_LENGTH', 'OCTET_LENGTH',
  'ABS', 'CONCAT', 'SUBSTR', 'SUBSTRING', 'ROUND', 'FLOOR', 'CEIL', 'CEILING', 'COALESCE', 'IFNULL', 'NVL', 'NULLIF', 'IF',
  'IIF', 'SIGN', 'REVERSE', 'HEX', 'MD5', 'SHA1', 'SHA2', 'CAST', 'LEFT', 'RIGHT', 'REPLACE', 'LPAD', 'RPAD', 'MOD',
]);
const INTERVAL_UNITS = new Set([
  'YEAR', 'YEARS', 'MONTH', 'MONTHS', 'WEEK', 'WEEKS', 'DAY', 'DAYS', 'HOUR', 'HOURS', 'MINUTE', 'MINUTES', 'SECOND',
  'SECONDS', 'TO',
]);
const NOW_WORDS = new Set([
  'CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'LOCALTIME', 'LOCALTIMESTAMP', 'CURRENT_USER', 'SESSION_USER',
  'CURRENT_ROLE', 'SYSTEM_USER', 'CURRENT_SCHEMA', 'CURRENT_CATALOG', 'USER',
]);
const TYPE_CONT = new Set(['PRECISION', 'VARYING', 'WITH', 'WITHOUT', 'TIME', 'ZONE', 'UNSIGNED', 'SIGNED']);

/** Recursive-descent expression parser producing a tree over token ranges. */
class Parser {
  p: number;
  z: number;
  private depth = 0;

  constructor(
    readonly c: Ctx,
    a: number,
    z: number,
    /** MySQL reads `||` as OR; the others as string concatenation */
    readonly pipesOr: boolean,
  ) {
    this.p = a;
    this.z = z;
  }

  private tok(off = 0): Tok | undefined {
    const i = this.p + off;
    return i < this.z ? this.c.toks[i] : undefined;
  }

  private w(off = 0): string {
    const t = this.tok(off);
    return t && t.t === 'word' ? t.v : '';
  }

  private o(off = 0): string {
    const t = this.tok(off);
    return t && t.t === 'op' ? t.v : '';
  }

  private leaf(k: NodeKind, a: number, det: boolean): Node {
    return { k, a, z: this.p, det };
  }

  private missing(): Node {
    return { k: 'unk', a: this.p, z: this.p, det: false };
  }

  private bin(k: NodeKind, a: number, l: Node, r: Node, op?: string): Node {
    const n: Node = { k, a, z: this.p, det: l.det && r.det, l, r };
    if (op) n.op = op;
    return n;
  }

  /** Skip a parenthesized group starting at the current `(`; returns the index after it. */
  private skipGroup(): number {
    this.p = after(this.c, this.p, this.z);
    return this.p;
  }

  /** Parse within (open, close) exclusively, then continue after close. */
  private inside<T>(open: number, fn: (close: number) => T): T {
    const close = closeOf(this.c, open, this.z);
    const z = this.z;
    this.z = close;
    this.p = open + 1;
    const r = fn(close);
    this.z = z;
    this.p = close < z ? close + 1 : z;
    return r;
  }

  expr(): Node | undefined {
    if (++this.depth > MAX_EXPR_DEPTH) throw new NestError();
    const r = this.or();
    this.depth--;
    return r;
  }

  private chain(k: 'or' | 'and', next: () => Node | undefined, isOp: () => boolean): Node | undefined {
    const a = this.p;
    const first = next();
    if (!first) return undefined;
    if (!isOp()) return first;
    const list = [first];
    while (isOp()) {
      this.p++;
      list.push(next() ?? this.missing());
    }
    return { k, a, z: this.p, det: list.every((x) => x.det), list };
  }

  private or(): Node | undefined {
    return this.chain('or', () => this.xor(), () => this.w() === 'OR' || (this.pipesOr && this.o() === '||'));
  }

  /**
   * One level of left-associative binary operators: `next (op next)*`. `op` names the operator
   * at the cursor (one token) or returns undefined when the level ends.
   */
  private leftAssoc(k: NodeKind, next: () => Node | undefined, op: () => string | undefined): Node | undefined {
    const a = this.p;
    let l = next();
    if (!l) return undefined;
    for (let o = op(); o !== undefined; o = op()) {
      this.p++;
      l = this.bin(k, a, l, next() ?? this.missing(), k === 'arith' ? o : undefined);
    }
    return l;
  }

  private xor(): Node | undefined {
    return this.leftAssoc('xor', () => this.and(), () => (this.w() === 'XOR' ? 'XOR' : undefined));
  }

  private and(): Node | undefined {
    return this.chain('and', () => this.not(), () => this.w() === 'AND' || this.o() === '&&');
  }

  private not(): Node | undefined {
    const starts: number[] = [];
    while (this.w() === 'NOT') starts.push(this.p++);
    let x = this.cmp();
    if (!x) {
      if (!starts.length) return undefined;
      x = this.missing();
    }
    for (let k = starts.length - 1; k >= 0; k--) x = { k: 'not', a: starts[k]!, z: this.p, det: x.det, x };
    return x;
  }

  private cmp(): Node | undefined {
    const a = this.p;
    let l = this.bit();
    if (!l) return undefined;
    for (;;) {
      const t = this.tok();
      if (!t) return l;
      if (t.t === 'op') {
        if (CMP_OPS.has(t.v)) {
          this.p++;
          let r: Node;
          if (QUANTIFIERS.has(this.w()) && this.o(1) === '(') {
            const q0 = this.p;
            this.p++;
            this.skipGroup();
            r = this.leaf('unk', q0, false);
          } else r = this.bit() ?? this.missing();
          l = this.bin('cmp', a, l, r, t.v);
          continue;
        }
        if (REGEX_OPS.has(t.v)) {
          this.p++;
          const r = this.bit() ?? this.missing();
          const neg = t.v.startsWith('!');
          l = this.bin('like', a, l, r, neg ? t.v.slice(1) : t.v);
          l.neg = neg;
          continue;
        }
        if (OTHER_BINOPS.has(t.v)) {
          this.p++;
          l = this.bin('arith', a, l, this.bit() ?? this.missing(), t.v);
          continue;
        }
        return l;
      }
      if (t.t !== 'word') return l;
      let neg = false;
      let kw = t.v;
      if (kw === 'NOT') {
        if (!NEGATABLE.has(this.w(1))) return l;
        neg = true;
        kw = this.w(1);
        this.p++;
      }
      switch (kw) {
        case 'IS': {
          this.p++;
          let isNeg = false;
          if (this.w() === 'NOT') {
            isNeg = true;
            this.p++;
          }
          const w = this.w();
          if (w === 'NULL' || w === 'TRUE' || w === 'FALSE' || w === 'UNKNOWN') {
            this.p++;
            l = { k: 'is', a, z: this.p, det: l.det, x: l, op: w, neg: isNeg };
          } else if (w === 'DISTINCT' && this.w(1) === 'FROM') {
            this.p += 2;
            l = this.bin('isdist', a, l, this.bit() ?? this.missing());
            l.neg = isNeg;
          } else {
            if (w) this.p++; // IS JSON, IS DOCUMENT, ...
            l = this.leaf('unk', a, false);
          }
          continue;
        }
        case 'NULL': // SQLite: x NOT NULL
          if (!neg) return l;
          this.p++;
          l = { k: 'is', a, z: this.p, det: l.det, x: l, op: 'NULL', neg: true };
          continue;
        case 'ISNULL':
        case 'NOTNULL':
          this.p++;
          l = { k: 'is', a, z: this.p, det: l.det, x: l, op: 'NULL', neg: kw === 'NOTNULL' };
          continue;
        case 'LIKE':
        case 'ILIKE':
        case 'GLOB':
        case 'REGEXP':
        case 'RLIKE':
        case 'MATCH':
        case 'SIMILAR': {
          this.p++;
          if (kw === 'SIMILAR' && this.w() === 'TO') this.p++;
          let r: Node;
          if (QUANTIFIERS.has(this.w()) && this.o(1) === '(') {
            const q0 = this.p;
            this.p++;
            this.skipGroup();
            r = this.leaf('unk', q0, false);
          } else r = this.bit() ?? this.missing();
          const n = this.bin('like', a, l, r, kw);
          n.neg = neg;
          if (this.w() === 'ESCAPE') {
            this.p++;
            n.x = this.bit() ?? this.missing();
            n.z = this.p;
          }
          l = n;
          continue;
        }
        case 'IN': {
          this.p++;
          let list: Node[] | undefined;
          if (this.o() === '(') {
            const open = this.p;
            if (SUBQUERY.has(this.w(1))) this.skipGroup();
            else list = this.inside(open, (close) => this.items(close));
          } else this.primary(); // IN UNNEST(...), IN ${hole}
          l = { k: 'in', a, z: this.p, det: l.det && !!list && list.every((x) => x.det), x: l, list, neg };
          continue;
        }
        case 'BETWEEN': {
          this.p++;
          let sym = false;
          if (this.w() === 'SYMMETRIC') {
            sym = true;
            this.p++;
          } else if (this.w() === 'ASYMMETRIC') this.p++;
          const lo = this.bit() ?? this.missing();
          if (this.w() === 'AND') this.p++;
          const hi = this.bit() ?? this.missing();
          l = { k: 'between', a, z: this.p, det: l.det && lo.det && hi.det, x: l, l: lo, r: hi, neg, b: sym };
          continue;
        }
        default:
          if (neg) this.p--;
          return l;
      }
    }
  }

  /** Comma-separated expressions filling the current bounds exactly; undefined otherwise. */
  private items(close: number): Node[] | undefined {
    const list: Node[] = [];
    if (this.p >= close) return list;
    for (;;) {
      const e = this.expr();
      if (!e) return undefined;
      list.push(e);
      if (this.o() === ',') {
        this.p++;
        continue;
      }
      return this.p === close ? list : undefined;
    }
  }

  private bit(): Node | undefined {
    return this.leftAssoc('arith', () => this.add(), () => {
      const o = this.o();
      return o === '|' || o === '&' || o === '<<' || o === '>>' || o === '#' ? o : undefined;
    });
  }

  private add(): Node | undefined {
    return this.leftAssoc('arith', () => this.mul(), () => {
      const o = this.o();
      return o === '+' || o === '-' || (o === '||' && !this.pipesOr) ? o : undefined;
    });
  }

  private mul(): Node | undefined {
    return this.leftAssoc('arith', () => this.pow(), () => {
      const o = this.o() || (this.w() === 'DIV' || this.w() === 'MOD' ? this.w() : '');
      return o === '*' || o === '/' || o === '%' || o === 'DIV' || o === 'MOD' ? o : undefined;
    });
  }

  private pow(): Node | undefined {
    return this.leftAssoc('arith', () => this.unary(), () => (this.o() === '^' ? '^' : undefined));
  }

  private unary(): Node | undefined {
    const ops: number[] = [];
    for (;;) {
      const o = this.o();
      if (o === '-' || o === '+' || o === '~' || o === '!') ops.push(this.p++);
      else if (this.w() === 'BINARY' && this.tok(1) && this.tok(1)!.t !== 'op') this.p++; // MySQL BINARY 'x'
      else break;
    }
    let x = this.postfix();
    if (!x) {
      if (!ops.length) return undefined;
      x = this.missing();
    }
    for (let k = ops.length - 1; k >= 0; k--) {
      const at = ops[k]!;
      const o = this.c.toks[at]!.v;
      x = o === '!' ? { k: 'not', a: at, z: this.p, det: x.det, x } : { k: 'neg', a: at, z: this.p, det: x.det, x, op: o };
    }
    return x;
  }

  private skipType(): void {
    const t = this.tok();
    if (!t || (t.t !== 'word' && t.t !== 'ident')) return;
    this.p++;
    while (this.o() === '.' && this.tok(1) && (this.tok(1)!.t === 'word' || this.tok(1)!.t === 'ident')) this.p += 2;
    while (TYPE_CONT.has(this.w())) this.p++;
    if (this.o() === '(') this.skipGroup();
    while (this.o() === '[') this.skipBracket();
  }

  private skipBracket(): void {
    let depth = 0;
    while (this.p < this.z) {
      const o = this.o();
      this.p++;
      if (o === '[') depth++;
      else if (o === ']' && --depth === 0) return;
    }
  }

  private postfix(): Node | undefined {
    const a = this.p;
    let x = this.primary();
    if (!x) return undefined;
    for (;;) {
      const o = this.o();
      if (o === '::') {
        this.p++;
        this.skipType();
      } else if (o === '[') {
        this.skipBracket();
        x = this.leaf('unk', a, false);
      } else if (o === '->' || o === '->>' || o === '#>' || o === '#>>') {
        this.p++;
        x = this.bin('arith', a, x, this.primary() ?? this.missing(), o);
      } else if (this.w() === 'COLLATE') {
        this.p++;
        const t = this.tok();
        if (t && (t.t === 'word' || t.t === 'ident' || t.t === 'str')) this.p++;
        while (this.o() === '.' && this.tok(1)) this.p += 2;
      } else if (this.w() === 'AT' && this.w(1) === 'TIME' && this.w(2) === 'ZONE') {
        this.p += 3;
        this.primary();
        x = this.leaf('unk', a, false);
      } else return x;
    }
  }

  private primary(): Node | undefined {
    const t = this.tok();
    if (!t) return undefined;
    const a = this.p;
    switch (t.t) {
      case 'num': {
        this.p++;
        const n = parseNum(t.v);
        return Number.isNaN(n) ? this.leaf('unk', a, false) : { k: 'num', a, z: this.p, det: true, n };
      }
      case 'str': {
        // adjacent literals form one string ('a' 'b' = 'ab' in MySQL, and across lines in PostgreSQL)
        let v = t.v;
        this.p++;
        for (let nx = this.tok(); nx && nx.t === 'str'; nx = this.tok()) {
          v += nx.v;
          this.p++;
        }
        return { k: 'str', a, z: this.p, det: true, s: v };
      }
      case 'param': {
        this.p++;
        // named/numbered parameters are the same value each time; `?` and `%s` are each a new one
        const positional = t.v === '?' || t.v === '%s' || t.v === '%d' || t.v === '%b';
        return this.leaf(positional ? 'unk' : 'sym', a, !positional);
      }
      case 'hole':
        this.p++;
        return this.leaf('hole', a, false);
      case 'ident':
        return this.nameOrCall(a);
      case 'op':
        if (t.v === '(') return this.paren(a);
        if (t.v === '*') {
          this.p++;
          return this.leaf('unk', a, false);
        }
        return undefined;
      case 'word':
        return this.wordPrimary(t.v, a);
    }
  }

  private wordPrimary(v: string, a: number): Node | undefined {
    if (EXPR_STOP.has(v) && !(STOP_FUNCS.has(v) && this.o(1) === '(')) return undefined;
    switch (v) {
      case 'NULL':
      case 'UNKNOWN':
        this.p++;
        return this.leaf('null', a, true);
      case 'TRUE':
      case 'FALSE':
        this.p++;
        return { k: 'bool', a, z: this.p, det: true, b: v === 'TRUE' };
      case 'CASE':
        return this.caseExpr(a);
      case 'CAST':
      case 'TRY_CAST':
      case 'SAFE_CAST':
        if (this.o(1) !== '(') break;
        return this.inside(a + 1, () => this.expr()) ?? this.leaf('unk', a, false);
      case 'EXISTS': {
        if (this.o(1) !== '(') break;
        const known = this.inside(a + 1, (close) => this.constSelect(close)) !== undefined;
        return { k: 'exists', a, z: this.p, det: known, b: known };
      }
      case 'NOT': {
        this.p++;
        const x = this.primary() ?? this.missing();
        return { k: 'not', a, z: this.p, det: x.det, x };
      }
      case 'INTERVAL': {
        this.p++;
        const t = this.tok();
        if (t && (t.t === 'str' || t.t === 'num')) this.p++;
        while (INTERVAL_UNITS.has(this.w())) this.p++;
        return this.leaf('sym', a, true);
      }
      case 'DATE':
      case 'TIME':
      case 'TIMESTAMP':
      case 'TIMESTAMPTZ':
      case 'DATETIME': {
        const t = this.tok(1);
        if (!t || t.t !== 'str') break;
        this.p += 2;
        return { k: 'str', a, z: this.p, det: true, s: t.v };
      }
      case 'ARRAY':
      case 'ROW':
      case 'ANY':
      case 'ALL':
      case 'SOME':
        if (this.o(1) === '(') {
          this.p++;
          this.skipGroup();
          return this.leaf('unk', a, false);
        }
        if (v === 'ARRAY' && this.o(1) === '[') {
          this.p++;
          this.skipBracket();
          return this.leaf('unk', a, false);
        }
        break;
      case 'DEFAULT':
        this.p++;
        return this.leaf('unk', a, false);
    }
    if (NOW_WORDS.has(v)) {
      this.p++;
      if (this.o() === '(') this.skipGroup();
      return this.leaf('unk', a, false);
    }
    return this.nameOrCall(a);
  }

  private nameOrCall(a: number): Node {
    let hole = false;
    this.p++;
    for (;;) {
      if (this.o() !== '.') break;
      const nx = this.tok(1);
      if (!nx || !(nx.t === 'word' || nx.t === 'ident' || nx.t === 'hole' || (nx.t === 'op' && nx.v === '*'))) break;
      if (nx.t === 'hole') hole = true;
      this.p += 2;
    }
    if (this.o() === '(') return this.call(a);
    return this.leaf(hole ? 'unk' : 'sym', a, !hole);
  }

  private call(a: number): Node {
    const nameTok = this.c.toks[this.p - 1]!;
    const name = nameTok.t === 'word' ? nameTok.v : nameTok.v.toUpperCase();
    const args = this.inside(this.p, (close) => {
      if (this.w() === 'DISTINCT' || this.w() === 'ALL') this.p++;
      if (this.o() === '*') return undefined;
      return this.items(close);
    });
    let windowed = false;
    for (;;) {
      const w = this.w();
      if (w === 'FILTER' && this.o(1) === '(') {
        this.p++;
        this.skipGroup();
        windowed = true;
      } else if (w === 'WITHIN' && this.w(1) === 'GROUP' && this.o(2) === '(') {
        this.p += 2;
        this.skipGroup();
      } else if (w === 'OVER') {
        this.p++;
        if (this.o() === '(') this.skipGroup();
        else if (this.tok()) this.p++;
        windowed = true;
      } else break;
    }
    const det = !windowed && PURE_FUNCS.has(name) && !!args && args.every((x) => x.det);
    return { k: 'func', a, z: this.p, det, s: name, list: args };
  }

  /** `SELECT <expr> [[AS] alias]` with nothing else, inside the current bounds: the expression. */
  private constSelect(close: number): Node | undefined {
    if (this.w() !== 'SELECT') return undefined;
    this.p++;
    if (this.w() === 'ALL' || this.w() === 'DISTINCT') this.p++;
    const e = this.expr();
    if (!e) return undefined;
    if (this.w() === 'AS') this.p += 2;
    else if (this.tok() && (this.tok()!.t === 'ident' || (this.tok()!.t === 'word' && !EXPR_STOP.has(this.w())))) this.p++;
    return this.p === close ? e : undefined;
  }

  private paren(a: number): Node {
    if (SUBQUERY.has(this.w(1))) {
      // a scalar subquery of a constant is that constant; anything else is unknown
      return this.inside(a, (close) => this.constSelect(close)) ?? this.leaf('unk', a, false);
    }
    return this.inside(a, (close) => {
      const e = this.expr();
      if (!e) return this.leaf('unk', a, false);
      if (this.p === close) return e;
      // a hole right after a complete condition could extend it (`(a = 1 ${more})`)
      const t = this.tok();
      if (t && t.t === 'hole') return this.leaf('hole', a, false);
      return this.leaf('unk', a, false);
    });
  }

  private caseExpr(a: number): Node {
    this.p++;
    const base = this.w() === 'WHEN' ? undefined : this.expr();
    const list: Node[] = [];
    while (this.w() === 'WHEN') {
      this.p++;
      list.push(this.expr() ?? this.missing());
      if (this.w() === 'THEN') this.p++;
      list.push(this.expr() ?? this.missing());
    }
    let els: Node | undefined;
    if (this.w() === 'ELSE') {
      this.p++;
      els = this.expr();
    }
    if (this.w() === 'END') this.p++;
    const n: Node = { k: 'case', a, z: this.p, det: (!base || base.det) && list.every((x) => x.det) && (!els || els.det), list };
    if (base) n.x = base;
    if (els) n.els = els;
    return n;
  }
}

function parseNum(v: string): number {
  if (v.length > 2 && v[0] === '0' && (v[1] === 'x' || v[1] === 'X')) return parseInt(v.slice(2), 16);
  if (v.length > 2 && v[0] === '0' && (v[1] === 'b' || v[1] === 'B')) return parseInt(v.slice(2), 2);
  return Number(v.includes('_') ? v.split('_').join('') : v);
}

// ── evaluation ──

type Val =
  | { k: 'num'; n: number }
  | { k: 'str'; s: string }
  | { k: 'bool'; b: boolean }
  | { k: 'null' }
  | { k: 'sym'; node: Node }
  | { k: 'unk' }
  | { k: 'hole' };

const NULL_V: Val = { k: 'null' };
const UNK_V: Val = { k: 'unk' };
const HOLE_V: Val = { k: 'hole' };
const TRUE_V: Val = { k: 'bool', b: true };
const FALSE_V: Val = { k: 'bool', b: false };

interface Ev {
  c: Ctx;
  sem: Sem;
  /** recursion depth: chains like `- - - 1` or `1+1+...+1` nest without parentheses */
  d: number;
}

const MAX_EVAL_DEPTH = 400;

function isConst(v: Val): v is { k: 'num'; n: number } | { k: 'str'; s: string } | { k: 'bool'; b: boolean } {
  return v.k === 'num' || v.k === 'str' || v.k === 'bool';
}

function notT(t: Truth): Truth {
  return t === 'T' ? 'F' : t === 'F' ? 'T' : t;
}

function andT(a: Truth, b: Truth): Truth {
  if (a === 'F' || b === 'F') return 'F';
  if (a === 'T' && b === 'T') return 'T';
  if (a === 'H' || b === 'H') return 'H';
  if (a === 'U' || b === 'U') return 'U';
  return 'N';
}

function orT(a: Truth, b: Truth): Truth {
  if (a === 'T' || b === 'T') return 'T';
  if (a === 'F' && b === 'F') return 'F';
  if (a === 'H' || b === 'H') return 'H';
  if (a === 'U' || b === 'U') return 'U';
  return 'N';
}

/** Across dialect readings: true if any reading is true. */
function anyT(a: Truth, b: Truth): Truth {
  for (const t of ['T', 'H', 'U', 'N'] as const) if (a === t || b === t) return t;
  return 'F';
}

function fromTruth(t: Truth): Val {
  return t === 'T' ? TRUE_V : t === 'F' ? FALSE_V : t === 'N' ? NULL_V : t === 'H' ? HOLE_V : UNK_V;
}

/** MySQL/SQLite string-to-number: the numeric prefix, 0 when there is none. */
function prefixNum(s: string): number {
  const x = parseFloat(s);
  return Number.isNaN(x) ? 0 : x;
}

function strictNum(s: string): number | undefined {
  const t = s.trim();
  if (!t) return undefined;
  const x = Number(t);
  return Number.isNaN(x) ? undefined : x;
}

function toNum(v: Val, sem: Sem): number | undefined {
  if (v.k === 'num') return v.n;
  if (v.k === 'bool') return v.b ? 1 : 0;
  if (v.k === 'str') return sem === 'postgres' ? strictNum(v.s) : prefixNum(v.s);
  return undefined;
}

function toStr(v: Val): string {
  if (v.k === 'str') return v.s;
  if (v.k === 'num') return String(v.n);
  if (v.k === 'bool') return v.b ? 'true' : 'false';
  return '';
}

const PG_TRUE = new Set(['t', 'true', 'y', 'yes', 'on', '1']);
const PG_FALSE = new Set(['f', 'false', 'n', 'no', 'off', '0']);

function valTruth(e: Ev, v: Val): Truth {
  switch (v.k) {
    case 'bool': return v.b ? 'T' : 'F';
    case 'null': return 'N';
    // a bare number as a condition: MySQL and SQLite test it against 0 (PostgreSQL rejects it; flagging an error is harmless)
    case 'num': return v.n !== 0 && !Number.isNaN(v.n) ? 'T' : 'F';
    case 'str': {
      if (e.sem === 'postgres') {
        const s = v.s.trim().toLowerCase();
        return PG_TRUE.has(s) ? 'T' : PG_FALSE.has(s) ? 'F' : 'U';
      }
      return prefixNum(v.s) !== 0 ? 'T' : 'F';
    }
    case 'hole': return 'H';
    default: return 'U';
  }
}

/** Canonical text of a node, for "same expression on both sides". */
function keyOf(c: Ctx, n: Node): string {
  if (n.key !== undefined) return n.key;
  let a = n.a;
  let z = n.z;
  while (z - a >= 2 && c.toks[a]!.t === 'op' && c.toks[a]!.v === '(' && c.m[a] === z - 1) {
    a++;
    z--;
  }
  // unquoted names fold case; quoted ones keep it only in PostgreSQL (elsewhere column names ignore case)
  const keepCase = c.dialect === 'postgres';
  let k = '';
  for (let i = a; i < z; i++) {
    const t = c.toks[i]!;
    k += (t.t === 'str' ? `'${t.v}'` : t.t === 'ident' && keepCase ? t.v : t.v.toLowerCase()) + ' ';
  }
  n.key = k;
  return k;
}

function compareConst(l: Val, r: Val, sem: Sem): number | undefined {
  const lNum = l.k === 'num' || l.k === 'bool';
  const rNum = r.k === 'num' || r.k === 'bool';
  if (lNum && rNum) {
    const a = toNum(l, sem)!;
    const b = toNum(r, sem)!;
    return a < b ? -1 : a > b ? 1 : a === b ? 0 : undefined;
  }
  if (l.k === 'str' && r.k === 'str') {
    let a = l.s;
    let b = r.s;
    if (sem === 'mysql') {
      // default collations ignore case (and, for PAD SPACE ones, trailing spaces)
      a = a.toLowerCase().trimEnd();
      b = b.toLowerCase().trimEnd();
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (sem === 'sqlite') return lNum ? -1 : 1; // SQLite orders every number before every string
  const a = toNum(l, sem);
  const b = toNum(r, sem);
  if (a === undefined || b === undefined) return undefined;
  return a < b ? -1 : a > b ? 1 : a === b ? 0 : undefined;
}

function cmpT(e: Ev, op: string, l: Val, r: Val): Truth {
  if (l.k === 'unk' || r.k === 'unk' || l.k === 'hole' || r.k === 'hole') return 'U';
  if (op === '<=>') {
    if (l.k === 'null' || r.k === 'null') return l.k === 'null' && r.k === 'null' ? 'T' : l.k === 'sym' || r.k === 'sym' ? 'U' : 'F';
  } else if (l.k === 'null' || r.k === 'null') return 'N';
  if (l.k === 'sym' || r.k === 'sym') {
    if (l.k === 'sym' && r.k === 'sym' && keyOf(e.c, l.node) === keyOf(e.c, r.node)) {
      // the same column or expression on both sides (ignoring NULL rows)
      return op === '=' || op === '==' || op === '<=' || op === '>=' || op === '<=>' ? 'T' : 'F';
    }
    return 'U';
  }
  const c = compareConst(l, r, e.sem);
  if (c === undefined) return 'U';
  switch (op) {
    case '=':
    case '==':
    case '<=>': return c === 0 ? 'T' : 'F';
    case '<>':
    case '!=': return c !== 0 ? 'T' : 'F';
    case '<': return c < 0 ? 'T' : 'F';
    case '>': return c > 0 ? 'T' : 'F';
    case '<=': return c <= 0 ? 'T' : 'F';
    case '>=': return c >= 0 ? 'T' : 'F';
  }
  return 'U';
}

/** LIKE matching with % and _ (and an escape character); GLOB passes * and ?. */
function likeMatch(s: string, p: string, esc: string | undefined, many = '%', one = '_'): boolean {
  let si = 0;
  let pi = 0;
  let starP = -1;
  let starS = 0;
  while (si < s.length) {
    if (pi < p.length) {
      let pc = p[pi]!;
      let lit = false;
      let adv = 1;
      if (esc && pc === esc && pi + 1 < p.length) {
        pc = p[pi + 1]!;
        lit = true;
        adv = 2;
      }
      if (!lit && pc === many) {
        starP = ++pi;
        starS = si;
        continue;
      }
      if ((!lit && pc === one) || pc === s[si]) {
        si++;
        pi += adv;
        continue;
      }
    }
    if (starP < 0) return false;
    pi = starP;
    si = ++starS;
  }
  while (pi < p.length && p[pi] === many) pi++;
  return pi === p.length;
}

const TRIVIAL_REGEX = new Set(['', '.*', '^', '$', '^.*', '.*$', '^.*$', '(.*)', '.*?']);

/** Does the pattern match every non-NULL value? */
function matchesAll(op: string, pat: string): boolean {
  switch (op) {
    case 'LIKE':
    case 'ILIKE':
    case 'SIMILAR':
    case '~~':
    case '~~*':
      return pat.length > 0 && [...pat].every((ch) => ch === '%');
    case 'GLOB':
      return pat.length > 0 && [...pat].every((ch) => ch === '*');
    case 'REGEXP':
    case 'RLIKE':
    case '~':
    case '~*':
      return TRIVIAL_REGEX.has(pat);
  }
  return false;
}

function likeT(e: Ev, n: Node): Truth {
  const l = value(e, n.l!);
  const r = value(e, n.r!);
  const op = n.op!;
  let t: Truth;
  if (l.k === 'null' || r.k === 'null') t = 'N';
  else if (isConst(r) && matchesAll(op, toStr(r))) t = 'T';
  else if (isConst(l) && isConst(r)) {
    let s = toStr(l);
    let p = toStr(r);
    if (op === 'LIKE' || op === 'ILIKE' || op === '~~' || op === '~~*') {
      const ci = op === 'ILIKE' || op === '~~*' || e.sem !== 'postgres'; // MySQL collations and SQLite's LIKE ignore case
      if (ci) {
        s = s.toLowerCase();
        p = p.toLowerCase();
      }
      let esc: string | undefined = e.sem === 'sqlite' ? undefined : '\\';
      if (n.x) {
        const ev = value(e, n.x);
        esc = isConst(ev) ? toStr(ev)[0] : undefined;
      }
      t = likeMatch(s, p, esc) ? 'T' : 'F';
    } else if (op === 'GLOB' && !p.includes('[')) {
      t = likeMatch(s, p, undefined, '*', '?') ? 'T' : 'F';
    } else t = 'U';
  } else t = 'U';
  return n.neg ? notT(t) : t;
}

/** Key and polarity of a condition, to spot `p OR NOT p` (and `x < 5 OR x >= 5`, `x IS NULL OR x IS NOT NULL`). */
function atom(c: Ctx, n: Node): { key: string; pos: boolean } | undefined {
  let pos = true;
  while (n.k === 'not') {
    pos = !pos;
    n = n.x!;
  }
  if (!n.det) return undefined;
  switch (n.k) {
    case 'cmp': {
      const l = keyOf(c, n.l!);
      const r = keyOf(c, n.r!);
      switch (n.op) {
        case '=':
        case '==': return { key: `=${l < r ? l + '|' + r : r + '|' + l}`, pos };
        case '<>':
        case '!=': return { key: `=${l < r ? l + '|' + r : r + '|' + l}`, pos: !pos };
        case '<': return { key: `<${l}|${r}`, pos };
        case '>=': return { key: `<${l}|${r}`, pos: !pos };
        case '>': return { key: `<${r}|${l}`, pos };
        case '<=': return { key: `<${r}|${l}`, pos: !pos };
      }
      return undefined;
    }
    case 'is': return { key: `is${n.op}|${keyOf(c, n.x!)}`, pos: n.neg ? !pos : pos };
    case 'like': return { key: `like${n.op}|${keyOf(c, n.l!)}|${keyOf(c, n.r!)}|${n.x ? keyOf(c, n.x) : ''}`, pos: n.neg ? !pos : pos };
    case 'in': return { key: `in|${keyOf(c, n.x!)}|${n.list!.map((x) => keyOf(c, x)).join(',')}`, pos: n.neg ? !pos : pos };
    case 'between': return { key: `btw${n.b ? 's' : ''}|${keyOf(c, n.x!)}|${keyOf(c, n.l!)}|${keyOf(c, n.r!)}`, pos: n.neg ? !pos : pos };
    default: return { key: `v|${keyOf(c, n)}`, pos };
  }
}

function orTruth(e: Ev, n: Node): Truth {
  let acc: Truth = 'F';
  const unknown: Node[] = [];
  for (const x of n.list!) {
    const t = truth(e, x);
    if (t === 'T') return 'T';
    if (t === 'U') unknown.push(x);
    acc = orT(acc, t);
  }
  if (unknown.length >= 2) {
    const seen = new Map<string, boolean>();
    for (const x of unknown) {
      const at = atom(e.c, x);
      if (!at) continue;
      const prev = seen.get(at.key);
      if (prev !== undefined && prev !== at.pos) return 'T';
      seen.set(at.key, at.pos);
    }
  }
  return acc;
}

function truth(e: Ev, n: Node): Truth {
  if (++e.d > MAX_EVAL_DEPTH) throw new NestError();
  const t = truthOf(e, n);
  e.d--;
  return t;
}

function truthOf(e: Ev, n: Node): Truth {
  switch (n.k) {
    case 'not': return notT(truth(e, n.x!));
    case 'and': {
      let acc: Truth = 'T';
      for (const x of n.list!) {
        acc = andT(acc, truth(e, x));
        if (acc === 'F') return 'F';
      }
      return acc;
    }
    case 'or': return orTruth(e, n);
    case 'xor': {
      const a = truth(e, n.l!);
      const b = truth(e, n.r!);
      if ((a === 'T' || a === 'F') && (b === 'T' || b === 'F')) return a !== b ? 'T' : 'F';
      return a === 'H' || b === 'H' ? 'H' : a === 'U' || b === 'U' ? 'U' : 'N';
    }
    case 'cmp': return cmpT(e, n.op!, value(e, n.l!), value(e, n.r!));
    case 'is': {
      const v = value(e, n.x!);
      let t: Truth;
      if (v.k === 'hole' || v.k === 'unk') t = 'U';
      else if (n.op === 'NULL') t = v.k === 'null' ? 'T' : v.k === 'sym' ? 'U' : 'F';
      else {
        const vt = valTruth(e, v);
        const want: Truth = n.op === 'TRUE' ? 'T' : n.op === 'FALSE' ? 'F' : 'N';
        t = vt === 'U' ? 'U' : vt === want ? 'T' : 'F';
      }
      return n.neg ? notT(t) : t;
    }
    case 'isdist': {
      const l = value(e, n.l!);
      const r = value(e, n.r!);
      let same: Truth;
      if (l.k === 'null' || r.k === 'null') same = l.k === 'null' && r.k === 'null' ? 'T' : isConst(l) || isConst(r) ? 'F' : 'U';
      else same = cmpT(e, '=', l, r);
      return n.neg ? same : notT(same);
    }
    case 'like': return likeT(e, n);
    case 'in': {
      if (!n.list) return 'U';
      const x = value(e, n.x!);
      let acc: Truth = 'F';
      for (const it of n.list) {
        acc = orT(acc, cmpT(e, '=', x, value(e, it)));
        if (acc === 'T') break;
      }
      return n.neg ? notT(acc) : acc;
    }
    case 'between': {
      const x = value(e, n.x!);
      const lo = value(e, n.l!);
      const hi = value(e, n.r!);
      let t = andT(cmpT(e, '>=', x, lo), cmpT(e, '<=', x, hi));
      if (n.b) t = orT(t, andT(cmpT(e, '>=', x, hi), cmpT(e, '<=', x, lo)));
      return n.neg ? notT(t) : t;
    }
    case 'exists': return n.b ? 'T' : 'U';
    default: return valTruth(e, value(e, n));
  }
}

function arithConst(op: string, l: Val, r: Val, sem: Sem): Val | undefined {
  if (op === '||') return { k: 'str', s: toStr(l) + toStr(r) };
  const a = toNum(l, sem);
  const b = toNum(r, sem);
  if (a === undefined || b === undefined) return undefined;
  const ints = l.k === 'num' && r.k === 'num' && Number.isInteger(a) && Number.isInteger(b);
  let n: number;
  switch (op) {
    case '+': n = a + b; break;
    case '-': n = a - b; break;
    case '*': n = a * b; break;
    case '/':
      if (b === 0) return sem === 'postgres' ? undefined : NULL_V;
      n = sem !== 'mysql' && ints ? Math.trunc(a / b) : a / b;
      break;
    case '%':
    case 'MOD':
      if (b === 0) return sem === 'postgres' ? undefined : NULL_V;
      n = a % b;
      break;
    case 'DIV':
      if (b === 0) return NULL_V;
      n = Math.trunc(a / b);
      break;
    case '^':
      if (sem === 'sqlite') return undefined;
      n = sem === 'postgres' ? a ** b : a ^ b;
      break;
    case '#':
      if (sem !== 'postgres') return undefined;
      n = a ^ b;
      break;
    case '&': n = a & b; break;
    case '|': n = a | b; break;
    case '<<': n = a << b; break;
    case '>>': n = a >> b; break;
    default: return undefined;
  }
  return { k: 'num', n };
}

function value(e: Ev, n: Node): Val {
  if (++e.d > MAX_EVAL_DEPTH) throw new NestError();
  const v = valueOf(e, n);
  e.d--;
  return v;
}

function valueOf(e: Ev, n: Node): Val {
  switch (n.k) {
    case 'num': return { k: 'num', n: n.n! };
    case 'str': return { k: 'str', s: n.s! };
    case 'bool': return n.b ? TRUE_V : FALSE_V;
    case 'null': return NULL_V;
    case 'sym': return { k: 'sym', node: n };
    case 'unk': return UNK_V;
    case 'hole': return HOLE_V;
    case 'arith': {
      const l = value(e, n.l!);
      const r = value(e, n.r!);
      if (l.k === 'null' || r.k === 'null') return NULL_V;
      if (isConst(l) && isConst(r)) {
        const v = arithConst(n.op!, l, r, e.sem);
        if (v) return v;
      }
      return n.det ? { k: 'sym', node: n } : UNK_V;
    }
    case 'neg': {
      const x = value(e, n.x!);
      if (x.k === 'null') return NULL_V;
      if (isConst(x)) {
        const a = toNum(x, e.sem);
        if (a !== undefined) return { k: 'num', n: n.op === '-' ? -a : n.op === '~' ? ~a : a };
      }
      return n.det ? { k: 'sym', node: n } : UNK_V;
    }
    case 'case': {
      const list = n.list!;
      const base = n.x ? value(e, n.x) : undefined;
      for (let i = 0; i + 1 < list.length; i += 2) {
        const t = base ? cmpT(e, '=', base, value(e, list[i]!)) : truth(e, list[i]!);
        if (t === 'T') return value(e, list[i + 1]!);
        if (t === 'U' || t === 'H') return n.det ? { k: 'sym', node: n } : UNK_V;
      }
      return n.els ? value(e, n.els) : NULL_V;
    }
    case 'func': return funcValue(e, n);
    default: return fromTruth(truth(e, n));
  }
}

function funcValue(e: Ev, n: Node): Val {
  const args = n.list;
  const fallback = (): Val => (n.det ? { k: 'sym', node: n } : UNK_V);
  if (!args) return fallback();
  switch (n.s) {
    case 'COALESCE':
    case 'IFNULL':
    case 'NVL':
    case 'ISNULL':
      for (const x of args) {
        const v = value(e, x);
        if (v.k === 'null') continue;
        return isConst(v) ? v : fallback();
      }
      return NULL_V;
    case 'IF':
    case 'IIF': {
      if (args.length !== 3) return fallback();
      const t = truth(e, args[0]!);
      if (t === 'T') return value(e, args[1]!);
      if (t === 'F' || t === 'N') return value(e, args[2]!);
      return fallback();
    }
    case 'NULLIF': {
      if (args.length !== 2) return fallback();
      const a = value(e, args[0]!);
      const t = cmpT(e, '=', a, value(e, args[1]!));
      if (t === 'T') return NULL_V;
      if (t === 'F' || a.k === 'null') return a;
      return fallback();
    }
  }
  return fallback();
}

const BOOLEAN_NODES = new Set<NodeKind>([
  'not', 'and', 'or', 'xor', 'cmp', 'is', 'isdist', 'like', 'in', 'between', 'exists', 'bool',
]);

/** Words that end a WHERE condition. */
const COND_END = new Set([
  'ORDER', 'LIMIT', 'RETURNING', 'GROUP', 'HAVING', 'WINDOW', 'OFFSET', 'FETCH', 'FOR', 'UNION', 'EXCEPT', 'INTERSECT',
  'THEN', 'WHEN', 'OPTION', 'INTO', 'LOCK', 'OUTPUT', 'ELSE', 'END', 'LOOP', 'DO',
]);

function semsTruth(c: Ctx, sems: Sem[], n: Node): Truth {
  let t: Truth = 'F';
  for (let i = 0; i < sems.length; i++) {
    const ti = truth({ c, sem: sems[i]!, d: 0 }, n);
    t = i === 0 ? ti : anyT(t, ti);
    if (t === 'T') return t;
  }
  return t;
}

/** Evaluate the condition starting at a: 'T' when it holds for every row. */
function evalCondition(c: Ctx, a: number, z: number): { truth: Truth; end: number } {
  let pipes = false;
  if (c.sems.length > 1 && c.sems.includes('mysql')) {
    for (let i = a; i < z; i++) {
      const t = c.toks[i]!;
      if (t.t === 'op' && t.v === '||') {
        pipes = true;
        break;
      }
    }
  }
  // `||` changes the tree (OR in MySQL, concatenation elsewhere): parse once per reading
  const readings: [boolean, Sem[]][] = pipes
    ? [[true, ['mysql']], [false, c.sems.filter((s) => s !== 'mysql')]]
    : [[c.sems.length === 1 && c.sems[0] === 'mysql', c.sems]];
  let result: Truth | undefined;
  let end = a;
  for (const [pipesOr, sems] of readings) {
    const ps = new Parser(c, a, z, pipesOr);
    const node = ps.expr();
    let t: Truth = node ? semsTruth(c, sems, node) : 'U';
    end = Math.max(end, ps.p);
    // where the parser stopped: a hole there could extend the condition either way; otherwise
    // keep reading, and any further part that is always true makes the whole condition suspect
    while (ps.p < z) {
      const tk = c.toks[ps.p]!;
      if (tk.t === 'hole') {
        t = 'H'; // `WHERE 1=1 ${more}`: the hole may add AND ... as well as OR ...
        break;
      }
      if ((tk.t === 'word' && COND_END.has(tk.v)) || (tk.t === 'op' && (tk.v === ')' || tk.v === ';'))) break;
      ps.p++;
      const more = ps.expr();
      // only conditions count here: a lone literal left over from unparsed syntax (`a[1] = 5`) is no verdict
      if (more && BOOLEAN_NODES.has(more.k) && semsTruth(c, sems, more) === 'T') t = 'T';
    }
    result = result === undefined ? t : anyT(result, t);
  }
  return { truth: result ?? 'U', end };
}

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
    statements.push(v);
  }
  const first = statements.find((s) => s.destructive);
  const verdict: SqlVerdict = { parsed: !error, statements, destructive: !!first, stacked: ranges.length > 1 };
  if (error) verdict.error = error;
  const reason = first?.reason ?? error;
  if (reason) verdict.reason = reason;
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
  return v.destructive ? (v.parsed ? 3 : 2) : v.parsed ? 1 : 0;
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
    if (rank(v) > rank(best) && (v.destructive || (sem === 'mysql' && !!lexed.quote))) best = v;
    if (best.destructive && best.parsed) break;
  }
  return best;
}

// ───────────────────────── looksLikeSql ─────────────────────────

/** Words that follow a verb in English, never in SQL: "delete the file", "update your profile". */
const PROSE = new Set([
  'THE', 'A', 'AN', 'YOUR', 'MY', 'OUR', 'THEIR', 'HIS', 'HER', 'ITS', 'THIS', 'THAT', 'THESE', 'THOSE', 'ME', 'US', 'THEM',
  'HIM', 'IT', 'YOU', 'SOME', 'ANY', 'EVERY', 'EACH', 'NO', 'ONE', 'I', 'WE', 'THEY', 'SHE', 'HE', 'OF', 'AT', 'OUT', 'UP',
  'DOWN', 'OFF', 'ALL', 'BOTH', 'EITHER', 'NEITHER', 'ANOTHER', 'OTHER', 'WHAT', 'WHICH', 'WHO', 'HOW', 'WHY', 'HERE',
  'THERE', 'NOW', 'ABOUT', 'BACK', 'AWAY', 'AGAIN', 'PLEASE', 'YOURSELF', 'MYSELF', 'ANYTHING', 'EVERYTHING', 'SOMETHING',
  'NOTHING', 'MORE', 'MOST', 'FEW', 'MANY', 'MUCH', 'JUST', 'ONLY', 'IS', 'ARE', 'WAS', 'WILL', 'CAN', 'TO', 'FOR', 'AND',
  'OR', 'ON', 'IN', 'WITH', 'BY', 'AS', 'IF', 'BUT', 'SO', 'NOT',
]);
/** ... and these never name anything in real SQL. */
const ARTICLES = new Set([
  'THE', 'AN', 'YOUR', 'MY', 'OUR', 'THEIR', 'HIS', 'THIS', 'THESE', 'THOSE', 'EVERY', 'PLEASE', 'YOURSELF', 'MYSELF',
  'ANYTHING', 'EVERYTHING', 'SOMETHING', 'NOTHING',
]);
const CREATE_TYPES = new Set([
  'TABLE', 'INDEX', 'VIEW', 'DATABASE', 'SCHEMA', 'SEQUENCE', 'FUNCTION', 'PROCEDURE', 'TRIGGER', 'TYPE', 'DOMAIN',
  'EXTENSION', 'ROLE', 'USER', 'EVENT', 'POLICY', 'RULE', 'SERVER', 'TABLESPACE', 'COLLATION', 'AGGREGATE', 'PUBLICATION',
  'SUBSCRIPTION', 'STATISTICS',
]);
const CREATE_MODS = new Set([
  'TEMP', 'TEMPORARY', 'UNIQUE', 'UNLOGGED', 'GLOBAL', 'LOCAL', 'MATERIALIZED', 'RECURSIVE', 'VIRTUAL', 'FULLTEXT',
  'SPATIAL', 'FOREIGN', 'CONSTRAINT', 'TRUSTED', 'PROCEDURAL', 'AGGREGATE',
]);
const SHOW_WORDS = new Set([
  'TABLES', 'DATABASES', 'SCHEMAS', 'COLUMNS', 'FIELDS', 'INDEX', 'INDEXES', 'KEYS', 'CREATE', 'FULL', 'GRANTS', 'VARIABLES',
  'STATUS', 'PROCESSLIST', 'TRIGGERS', 'WARNINGS', 'ERRORS', 'ENGINES', 'TABLE', 'SEARCH_PATH', 'TRANSACTION', 'SERVER_VERSION',
  'TIMEZONE', 'GLOBAL', 'SESSION', 'MASTER', 'SLAVE', 'REPLICA', 'BINARY', 'PLUGINS', 'PRIVILEGES', 'EVENTS', 'PROCEDURE',
  'FUNCTION', 'OPEN', 'CHARACTER', 'COLLATION', 'ENGINE', 'PROFILES', 'BINLOG', 'ALL',
]);
const SELECT_MODS = new Set([
  'DISTINCT', 'TOP', 'SQL_CALC_FOUND_ROWS', 'STRAIGHT_JOIN', 'HIGH_PRIORITY', 'SQL_NO_CACHE', 'SQL_CACHE',
]);
const SELECT_CONSTS = new Set([
  'TRUE', 'FALSE', 'NULL', 'CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'LOCALTIME', 'LOCALTIMESTAMP',
  'CURRENT_USER', 'SESSION_USER',
]);

/** Cheap test: does this string look like SQL at all (a leading SQL keyword)? Used to pick SQL out of arbitrary strings. */
export function looksLikeSql(text: string): boolean {
  if (typeof text !== 'string' || !text) return false;
  const { toks } = lex(text, FLAGS.generic, undefined, 48);
  return looksAt(toks, 0, 0);
}

function looksAt(toks: Tok[], i: number, depth: number): boolean {
  const n = toks.length;
  const W = (k: number): string => (k < n && toks[k]!.t === 'word' ? toks[k]!.v : '');
  const op = (k: number, v: string): boolean => k < n && toks[k]!.t === 'op' && toks[k]!.v === v;
  const end = (k: number): boolean => k >= n || op(k, ';');
  // an English word ("the", "a", "me") reads as prose when another plain word follows it ("the file"),
  // and as a name when punctuation or a keyword does ("SELECT a FROM t", "CREATE INDEX i ON t")
  const prose = (k: number): boolean => ARTICLES.has(W(k)) || (PROSE.has(W(k)) && !!W(k + 1) && !NAME_STOP.has(W(k + 1)));
  const isName = (k: number): boolean => {
    const t = toks[k];
    if (!t) return false;
    return t.t === 'ident' || (t.t === 'word' && !NAME_STOP.has(t.v) && !prose(k));
  };
  /** index after a qualified name starting at k, or -1 */
  const name = (k: number): number => {
    if (!isName(k)) return -1;
    k++;
    while (op(k, '.') && (isName(k + 1) || toks[k + 1]?.t === 'ident')) k += 2;
    return k;
  };
  const within = (from: number, span: number, w: string): number => {
    for (let k = from; k < n && k < from + span; k++) if (W(k) === w) return k;
    return -1;
  };
  const t = toks[i];
  if (!t) return false;
  if (op(i, '(')) return depth < 4 && looksAt(toks, i + 1, depth + 1);
  switch (W(i)) {
    case 'SELECT': {
      let k = i + 1;
      if (SELECT_MODS.has(W(k))) return !end(k + 1);
      const t1 = toks[k];
      if (!t1 || end(k)) return false;
      if (t1.t === 'num' || t1.t === 'str' || t1.t === 'param' || t1.t === 'ident') return true;
      if (t1.t === 'op') return t1.v === '*' || t1.v === '(' || t1.v === '-';
      if (t1.t !== 'word' || prose(k) || NAME_STOP.has(t1.v)) return false;
      k++;
      if (end(k)) return SELECT_CONSTS.has(t1.v);
      if (op(k, '(') || op(k, '.') || op(k, ',')) return true;
      if (W(k) === 'FROM' || W(k) === 'AS') return true;
      const from = within(k, 40, 'FROM');
      return from >= 0 && (isName(from + 1) || op(from + 1, '('));
    }
    case 'INSERT': {
      let k = i + 1;
      while (['LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE'].includes(W(k))) k++;
      if (W(k) === 'OR' && ['REPLACE', 'IGNORE', 'ROLLBACK', 'ABORT', 'FAIL'].includes(W(k + 1))) k += 2;
      if (W(k) === 'INTO') return name(k + 1) > 0;
      if (W(k) === 'OVERWRITE') return W(k + 1) === 'TABLE' || name(k + 1) > 0;
      return false;
    }
    case 'REPLACE':
    case 'MERGE': {
      let k = i + 1;
      while (W(k) === 'LOW_PRIORITY' || W(k) === 'DELAYED') k++;
      return W(k) === 'INTO' && name(k + 1) > 0;
    }
    case 'UPDATE': {
      let k = i + 1;
      while (['LOW_PRIORITY', 'IGNORE', 'ONLY'].includes(W(k))) k++;
      if (W(k) === 'OR' && W(k + 1)) k += 2;
      const e = name(k);
      if (e < 0) return false;
      k = e;
      if (W(k) === 'SET') return true;
      if (W(k) === 'AS') k++;
      if (isName(k) && W(k + 1) === 'SET') return true;
      // UPDATE a JOIN b ON ... SET / UPDATE a, b SET
      return (op(k, ',') || W(k) === 'JOIN' || W(k) === 'INNER' || W(k) === 'LEFT') && within(k, 40, 'SET') >= 0;
    }
    case 'DELETE': {
      let k = i + 1;
      while (['LOW_PRIORITY', 'QUICK', 'IGNORE'].includes(W(k))) k++;
      if (W(k) === 'TOP') return true;
      if (W(k) === 'FROM') {
        if (W(k + 1) === 'ONLY') k++;
        return name(k + 1) > 0;
      }
      // DELETE t1 FROM t1 JOIN t2 ... (MySQL)
      const e = name(k);
      if (e < 0 || W(e) !== 'FROM' || name(e + 1) < 0) return false;
      const rest = name(e + 1);
      return ['JOIN', 'INNER', 'LEFT', 'WHERE', 'USING'].includes(W(rest)) || op(rest, ',');
    }
    case 'DROP': {
      let k = i + 1;
      let typed = false;
      while (DROP_TYPES.has(W(k))) {
        typed = true;
        k++;
      }
      if (!typed) return false;
      while (W(k) === 'IF' || W(k) === 'EXISTS' || W(k) === 'CONCURRENTLY' || W(k) === 'BY') k++;
      return name(k) > 0;
    }
    case 'CREATE': {
      let k = i + 1;
      if (W(k) === 'OR' && W(k + 1) === 'REPLACE') k += 2;
      for (let guard = 0; guard < 8 && !CREATE_TYPES.has(W(k)); guard++) {
        if (CREATE_MODS.has(W(k))) k++;
        else if (W(k) === 'DEFINER' || W(k) === 'ALGORITHM' || W(k) === 'SQL') {
          // DEFINER = user@host, ALGORITHM = x, SQL SECURITY x
          while (k < n && !CREATE_TYPES.has(W(k)) && k < i + 12) k++;
        } else return false;
      }
      if (!CREATE_TYPES.has(W(k))) return false;
      k++;
      if (W(k) === 'IF' && W(k + 1) === 'NOT' && W(k + 2) === 'EXISTS') k += 3;
      return name(k) > 0 || W(k) === 'CONCURRENTLY' || W(k) === 'ON';
    }
    case 'ALTER': {
      let k = i + 1;
      let typed = false;
      while (ALTER_TYPES.has(W(k))) {
        typed = true;
        k++;
      }
      if (!typed) return false;
      if (W(k) === 'IF' && W(k + 1) === 'EXISTS') k += 2;
      if (W(k) === 'ONLY') k++;
      return name(k) > 0;
    }
    case 'TRUNCATE': {
      let k = i + 1;
      if (W(k) === 'TABLE') return name(W(k + 1) === 'ONLY' ? k + 2 : k + 1) > 0;
      if (W(k) === 'ONLY') k++;
      const e = name(k);
      return e > 0 && (end(e) || op(e, ',') || op(e, '*') || ['CASCADE', 'RESTRICT', 'RESTART', 'CONTINUE'].includes(W(e)));
    }
    case 'WITH': {
      let k = i + 1;
      if (W(k) === 'RECURSIVE') k++;
      if (!isName(k)) return false;
      k++;
      if (op(k, '(')) {
        while (k < n && !op(k, ')')) k++;
        k++;
      }
      return W(k) === 'AS' && (op(k + 1, '(') || W(k + 1) === 'NOT' || W(k + 1) === 'MATERIALIZED');
    }
    case 'PRAGMA': {
      const e = name(i + 1);
      return e > 0 && (end(e) || op(e, '=') || op(e, '('));
    }
    case 'EXPLAIN': {
      let k = i + 1;
      if (op(k, '(')) {
        while (k < n && !op(k, ')')) k++;
        k++;
      }
      while (['ANALYZE', 'ANALYSE', 'VERBOSE', 'EXTENDED', 'QUERY', 'PLAN'].includes(W(k))) k++;
      return k < n && depth < 4 && looksAt(toks, k, depth + 1);
    }
    case 'SHOW':
      return SHOW_WORDS.has(W(i + 1));
    case 'DESCRIBE':
    case 'DESC': {
      const e = name(i + 1);
      return e > 0 && (end(e) || isName(e));
    }
    case 'GRANT':
    case 'REVOKE': {
      const on = within(i + 1, 30, 'ON');
      return on >= 0 && within(on, 30, W(i) === 'GRANT' ? 'TO' : 'FROM') >= 0;
    }
    case 'BEGIN': {
      const w = W(i + 1);
      if (end(i + 1)) return true;
      return ['TRANSACTION', 'WORK', 'TRAN', 'DEFERRED', 'IMMEDIATE', 'EXCLUSIVE', 'ISOLATION'].includes(w) && (end(i + 2) || w === 'ISOLATION' || W(i + 2) === 'ISOLATION');
    }
    case 'COMMIT':
    case 'ROLLBACK':
    case 'END':
      return end(i + 1) || (['WORK', 'TRANSACTION', 'TRAN'].includes(W(i + 1)) && end(i + 2)) || (W(i) === 'ROLLBACK' && W(i + 1) === 'TO');
    case 'START':
      return W(i + 1) === 'TRANSACTION';
    case 'SAVEPOINT':
      return name(i + 1) > 0 && end(name(i + 1));
    case 'RELEASE':
      return W(i + 1) === 'SAVEPOINT';
    case 'SET': {
      let k = i + 1;
      while (['SESSION', 'GLOBAL', 'LOCAL', 'PERSIST'].includes(W(k))) k++;
      if (toks[k]?.t === 'param') return true;
      if (['NAMES', 'TRANSACTION', 'SEARCH_PATH', 'ROLE', 'AUTOCOMMIT'].includes(W(k))) return true;
      const e = name(k);
      return e > 0 && (op(e, '=') || op(e, ':=') || W(e) === 'TO');
    }
    case 'VACUUM':
      return end(i + 1) || ['FULL', 'ANALYZE', 'VERBOSE', 'INTO', 'FREEZE'].includes(W(i + 1)) || op(i + 1, '(');
    case 'ANALYZE':
      return end(i + 1) || W(i + 1) === 'TABLE';
    case 'CALL': {
      const e = name(i + 1);
      return e > 0 && op(e, '(');
    }
    case 'VALUES':
      return op(i + 1, '(');
    case 'LOCK':
    case 'UNLOCK':
      return W(i + 1) === 'TABLES' || W(i + 1) === 'TABLE';
    case 'ATTACH':
    case 'DETACH':
      return W(i + 1) === 'DATABASE';
    case 'DO':
      return toks[i + 1]?.t === 'str';
  }
  return false;
}

/** Keywords after which a word names a table, column or index rather than a value. */
const IDENTIFIER_BEFORE = new Set(['FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE', 'EXISTS', 'INDEX', 'ON', 'BY', 'SELECT', 'DISTINCT', 'AS', 'VIEW', 'SCHEMA', 'DATABASE', 'COLUMN', 'REFERENCES', 'TRIGGER', 'SEQUENCE']);

/** What follows a column compared with a bound parameter. */
const BOUND_AFTER = /^\s*(?:=|<>|!=|<=|>=|<|>|\bLIKE\b|\bIN\b)\s*\(?\s*(?:%s|\?|\$\d+|:[A-Za-z_]\w*|%\([A-Za-z_]\w*\)s)/i;

/**
 * Whether every hole of a SQL template (holes written `<holePrefix><n>__`) stands where an
 * identifier goes (`SELECT * FROM {table} WHERE id = ?`), outside string literals: the values
 * are bound, and only a name is spliced in.
 */
export function holesAreIdentifiers(text: string, holePrefix: string): boolean {
  const hole = new RegExp(`${holePrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\d+__`, 'g');
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
    if (head.endsWith('.')) continue; // schema.{table}
    // a column compared with a bound parameter: `WHERE {col} = %s`, `SET {col} = ?`
    if (BOUND_AFTER.test(after)) continue;
    // a column list: `SELECT {a}, {b} FROM`, `INSERT INTO t ({a}, {b})`
    if (/[,(]$/.test(head) && /^\s*(?:,|\)|FROM\b)/i.test(after)) continue;
    const word = /([A-Za-z_]+)$/.exec(head)?.[1]?.toUpperCase();
    if (!word || !IDENTIFIER_BEFORE.has(word)) return false;
  }
  return found;
}
