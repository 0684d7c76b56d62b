/** Lexing: SQL text to tokens, per dialect (quotes, comments, dollar quotes, executable comments), and matching parentheses. */
/** The SQL dialects the lexer tells apart (re-exported by sql.ts). */
export type SqlDialect = 'generic' | 'postgres' | 'mysql' | 'sqlite';

export type TokType = 'word' | 'ident' | 'str' | 'num' | 'param' | 'op' | 'hole';

export interface Tok {
  t: TokType;
  /** word: upper case; ident/str: unquoted content; otherwise the source text */
  v: string;
  s: number;
  e: number;
  /** span of an enclosing MySQL executable comment (else s/e), so statement spans can be re-classified */
  os: number;
  oe: number;
}

export interface LexFlags {
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

export const FLAGS: Record<SqlDialect, LexFlags> = {
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

export interface Lexed {
  toks: Tok[];
  error?: string;
  /** the error is a '...' or "..." quote left open (what backslash escapes change) */
  quote?: boolean;
}

export const OPS3 = new Set(['<=>', '->>', '#>>', '!~*', '!~~', '~~*', '-|-', '<->']);
export const OPS2 = new Set([
  '<>', '<=', '>=', '!=', '==', '||', '&&', '::', ':=', '->', '<<', '>>', '#>', '@>', '<@', '!~', '~*', '~~', '@@', '@?',
  '^@', '&<', '&>', '=>',
]);

export function isSpace(c: number): boolean {
  // non-ASCII spaces count as whitespace: a server that reads them as identifier characters rejects the statement anyway
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0 || c === 0xa0 || c === 0x85 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c >= 128 && !isSpace(c));
}

export function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c) || c === 36;
}

export function lineEnd(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
    i++;
  }
  return i;
}

export function commentEnd(text: string, i: number, nested: boolean): number {
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

export function unescapeChar(c: string): string {
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
export function quoted(text: string, i: number, q: number, backslash: boolean): { v: string; e: number } | undefined {
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
export function hexString(hex: string): string {
  let out = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const b = parseInt(hex.slice(i, i + 2), 16);
    if (Number.isNaN(b)) return hex;
    out += String.fromCharCode(b);
  }
  return out;
}

export function numberEnd(text: string, i: number): number {
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

export function lex(text: string, f: LexFlags, hole: string | undefined, max = Infinity): Lexed {
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
export function matchParens(toks: Tok[]): Int32Array {
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
