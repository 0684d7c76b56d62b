/**
 * The tokenizer of the fast Python parser: one pass over the source, char codes only.
 *
 * Tokens go into parallel arrays (kind, start, end, text). `text` holds the token's type for
 * punctuation and keywords (`(`, `def`), interned, so the parser compares strings by identity;
 * names, numbers and string pieces keep `undefined` there and are read by offset.
 * NEWLINE, INDENT and DEDENT follow tree-sitter-python's external scanner, comments included:
 * a comment line indented at least as far as the current block stays in it, and a NEWLINE or
 * DEDENT carries the offset tree-sitter gives it (the end of the last token or comment before it).
 * Anything the tokenizer does not reproduce exactly throws `Decline`.
 */

export const enum K {
  EOF = 0,
  NEWLINE = 1,
  INDENT = 2,
  DEDENT = 3,
  NAME = 4,
  INT = 5,
  FLOAT = 6,
  /** a whole string literal without interpolation */
  STRING = 7,
  /** the prefix and opening quote of an f-string */
  FSTART = 8,
  /** literal text of an f-string (escapes included) */
  FTEXT = 9,
  FEND = 10,
  /** literal text of a format specifier (no node of its own) */
  FSPEC = 11,
  /** `!r` */
  CONV = 12,
  /** punctuation, operators and keywords: `text` is the type */
  OP = 13,
}

/** The fast parser cannot reproduce tree-sitter's tree for this source. */
export class Decline extends Error {}

export const KEYWORDS: ReadonlyMap<string, string> = new Map(
  [
    'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
    'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try',
    'while', 'with', 'yield',
  ].map((k) => [k, k]),
);

export interface Tokens {
  n: number;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  text: (string | undefined)[];
  /** comments and line continuations (which start with a backslash), as [start, end] pairs, in source order */
  comments: number[];
}

// interned operator strings, longest first within each leading char
const OPS3 = new Map(['**=', '//=', '>>=', '<<=', '...'].map((s) => [s, s]));
const OPS2 = new Map(['**', '//', '>>', '<<', '<=', '>=', '==', '!=', '->', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=', ':=', '<>'].map((s) => [s, s]));
const OPS1 = new Map(['(', ')', '[', ']', '{', '}', ',', ':', ';', '.', '+', '-', '*', '/', '%', '&', '|', '^', '~', '<', '>', '=', '@'].map((s) => [s, s]));

const ID_START = /[\p{L}\p{Nl}_\u1885\u1886\u2118\u212E\u309B\u309C]/u;
const ID_CONT = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_\u00B7\u0387\u1369-\u1371\u19DA\u1885\u1886\u2118\u212E\u309B\u309C]/u;

function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isIdCont(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** f-string state while its pieces are tokenized */
interface FState {
  quote: number;
  triple: boolean;
  raw: boolean;
  /** bracket depth of the tokens inside the current interpolation, -1 between interpolations */
  depth: number;
  /** inside a format specifier (after the interpolation's `:`) */
  spec: boolean;
  /** nesting of interpolations inside this string (format specifiers can hold some) */
  level: number;
}

/** The indentation counted by the last skipIndent (tree-sitter's count: a tab is 8, form feed and CR reset). */
let scannedIndent = 0;

/** Skip a line's leading spaces, tabs, form feeds and CRs from p; the count goes to scannedIndent. */
function skipIndent(src: string, p: number): number {
  let indent = 0;
  for (;;) {
    const c = src.charCodeAt(p);
    if (c === 32) indent++;
    else if (c === 9) indent += 8;
    else if (c === 12 || c === 13) indent = 0;
    else break;
    p++;
  }
  scannedIndent = indent;
  return p;
}

export function tokenize(src: string): Tokens {
  const len = src.length;
  let cap = 256 + (len >> 2);
  let kind = new Uint8Array(cap);
  let start = new Int32Array(cap);
  let end = new Int32Array(cap);
  const text: (string | undefined)[] = [];
  const comments: number[] = [];
  let n = 0;
  const push = (k: number, s: number, e: number, t: string | undefined): void => {
    if (n === cap) {
      cap *= 2;
      const k2 = new Uint8Array(cap);
      k2.set(kind);
      kind = k2;
      const s2 = new Int32Array(cap);
      s2.set(start);
      start = s2;
      const e2 = new Int32Array(cap);
      e2.set(end);
      end = e2;
    }
    kind[n] = k;
    start[n] = s;
    end[n] = e;
    text[n] = t;
    n++;
  };

  const indents: number[] = [0];
  let depth = 0; // bracket depth outside f-strings
  const fstack: FState[] = [];
  let pos = 0;
  // skip a BOM
  if (src.charCodeAt(0) === 0xfeff) pos = 1;
  let lastEnd = 0; // end of the last token or comment
  let atLineStart = true; // no token yet on this logical line

  /** Scan whitespace, comments and blank lines at a line start; emit INDENT/DEDENT. */
  const lineStart = (): void => {
    // pos is at the start of a physical line (or the file)
    for (;;) {
      const p = skipIndent(src, pos);
      const indent = scannedIndent;
      const c = src.charCodeAt(p);
      if (c === 35) {
        // a comment line: it stays in the current block if indented at least as far
        if (indent < indents[indents.length - 1]! && n > 0) {
          const next = nextCodeIndent(p);
          while (indents[indents.length - 1]! > indent && indents[indents.length - 1]! > next) {
            indents.pop();
            push(K.DEDENT, lastEnd, lastEnd, undefined);
          }
        }
        let e = p;
        while (e < len && src.charCodeAt(e) !== 10) e++;
        comments.push(p, e);
        lastEnd = e;
        pos = e;
        if (src.charCodeAt(pos) === 13) pos++;
        if (src.charCodeAt(pos) === 10) pos++;
        if (pos >= len) return;
        continue;
      }
      if (c === 10) {
        pos = p + 1;
        continue;
      }
      if (c === 92) throw new Decline('a line continuation at a line start');
      if (p >= len) {
        pos = p;
        return;
      }
      pos = p;
      const cur = indents[indents.length - 1]!;
      if (indent > cur) {
        if (n === 0) throw new Decline('an indented first line');
        indents.push(indent);
        push(K.INDENT, lastEnd, lastEnd, undefined);
      } else if (indent < cur) {
        while (indent < indents[indents.length - 1]!) {
          indents.pop();
          push(K.DEDENT, lastEnd, lastEnd, undefined);
        }
        if (indent !== indents[indents.length - 1]) throw new Decline('an inconsistent dedent');
      }
      return;
    }
  };

  lineStart();
  while (pos < len) {
    const c = src.charCodeAt(pos);
    const f = fstack.length ? fstack[fstack.length - 1]! : undefined;
    if (f && f.depth < 0) {
      pos = fstringText(f, pos);
      continue;
    }
    if (f && f.spec && f.depth === 0) {
      // format specifier text up to `{` or `}`
      if (c === 123) {
        push(K.OP, pos, pos + 1, '{');
        pos++;
        f.level++;
        f.spec = false;
        continue;
      }
      if (c === 125) {
        closeInterpolation(f);
        continue;
      }
      const s = pos;
      while (pos < len) {
        const d = src.charCodeAt(pos);
        if (d === 123 || d === 125) break;
        if (d === 10) throw new Decline('a newline in a format specifier');
        pos++;
      }
      push(K.FSPEC, s, pos, undefined);
      lastEnd = pos;
      continue;
    }
    if (c === 32 || c === 9 || c === 12) {
      pos++;
      continue;
    }
    if (c === 10 || c === 13) {
      if (f) {
        if (!f.triple) throw new Decline('a newline in an interpolation');
        pos++;
        continue;
      }
      pos++;
      if (c === 13 && src.charCodeAt(pos) === 10) pos++;
      if (depth > 0) continue;
      if (!atLineStart) {
        push(K.NEWLINE, lastEnd, lastEnd, undefined);
        atLineStart = true;
      }
      lineStart();
      continue;
    }
    if (c === 35) {
      if (f) throw new Decline('a comment in an interpolation');
      let e = pos;
      while (e < len && src.charCodeAt(e) !== 10) e++;
      comments.push(pos, e);
      lastEnd = e;
      pos = e;
      continue;
    }
    if (c === 92) {
      // line continuation
      let p = pos + 1;
      if (src.charCodeAt(p) === 13) p++;
      if (src.charCodeAt(p) !== 10) throw new Decline('a backslash outside a string');
      // a line_continuation node, placed like a comment
      comments.push(pos, p + 1);
      lastEnd = p + 1;
      pos = p + 1;
      continue;
    }
    atLineStart = false;
    const s = pos;
    if (isIdStart(c) || c > 127) {
      // string prefix?
      const q = stringPrefix(pos);
      if (q >= 0) {
        pos = stringLiteral(pos, q);
        continue;
      }
      pos++;
      if (c > 127 && !ID_START.test(src[s]!)) throw new Decline('an unexpected character');
      for (;;) {
        const d = src.charCodeAt(pos);
        if (isIdCont(d)) pos++;
        else if (d > 127 && ID_CONT.test(src[pos]!)) pos++;
        else break;
      }
      const l = pos - s;
      let kw: string | undefined;
      if (l >= 2 && l <= 8) kw = KEYWORDS.get(src.slice(s, pos));
      if (kw) push(K.OP, s, pos, kw);
      else push(K.NAME, s, pos, undefined);
      lastEnd = pos;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(pos + 1)))) {
      pos = number(pos);
      lastEnd = pos;
      continue;
    }
    if (c === 34 || c === 39) {
      pos = stringLiteral(pos, pos);
      continue;
    }
    if (f) {
      if (c === 125 && f.depth === 0) {
        closeInterpolation(f);
        continue;
      }
      if (c === 33 && f.depth === 0) {
        const d = src.charCodeAt(pos + 1);
        if (d >= 97 && d <= 122) {
          push(K.CONV, pos, pos + 2, undefined);
          pos += 2;
          lastEnd = pos;
          continue;
        }
      }
      if (c === 58 && f.depth === 0 && src.charCodeAt(pos + 1) !== 61) {
        push(K.OP, pos, pos + 1, ':');
        pos++;
        lastEnd = pos;
        f.spec = true;
        continue;
      }
    }
    // operators
    let op: string | undefined;
    if (pos + 3 <= len && (op = OPS3.get(src.slice(pos, pos + 3)))) pos += 3;
    else if (pos + 2 <= len && (op = OPS2.get(src.slice(pos, pos + 2)))) pos += 2;
    else if ((op = OPS1.get(src[pos]!))) pos += 1;
    else throw new Decline(`an unexpected character ${JSON.stringify(src[pos])}`);
    if (c === 40 || c === 91 || c === 123) {
      if (f) f.depth++;
      else depth++;
    } else if (c === 41 || c === 93 || c === 125) {
      if (f) f.depth--;
      else if (depth > 0) depth--;
      else throw new Decline('an unbalanced bracket');
    }
    push(K.OP, s, pos, op);
    lastEnd = pos;
  }
  if (fstack.length) throw new Decline('an unterminated f-string');
  if (depth > 0) throw new Decline('an unclosed bracket');
  if (!atLineStart) push(K.NEWLINE, lastEnd, lastEnd, undefined);
  while (indents.length > 1) {
    indents.pop();
    push(K.DEDENT, lastEnd, lastEnd, undefined);
  }
  push(K.EOF, len, len, undefined);
  return { n, kind, start, end, text, comments };

  /** The indentation of the next line that is not blank or a comment (0 at the end). */
  function nextCodeIndent(p: number): number {
    for (;;) {
      while (p < len && src.charCodeAt(p) !== 10) p++;
      if (p >= len) return 0;
      p++;
      p = skipIndent(src, p);
      const indent = scannedIndent;
      const c = src.charCodeAt(p);
      if (p >= len) return 0;
      if (c !== 35 && c !== 10) return indent;
    }
  }

  function closeInterpolation(f: FState): void {
    push(K.OP, pos, pos + 1, '}');
    pos++;
    lastEnd = pos;
    f.level--;
    if (f.level > 0) {
      // back in the enclosing interpolation's format specifier
      f.spec = true;
      f.depth = 0;
    } else {
      f.spec = false;
      f.depth = -1;
    }
  }

  /** The quote's index if a string prefix starts at p, else -1. */
  function stringPrefix(p: number): number {
    for (let i = p; i < p + 3 && i < len; i++) {
      const d = src.charCodeAt(i) | 32;
      if (d === 34 || d === 39 || src.charCodeAt(i) === 34 || src.charCodeAt(i) === 39) return src.charCodeAt(i) === 34 || src.charCodeAt(i) === 39 ? i : -1;
      if (d !== 114 && d !== 98 && d !== 117 && d !== 102 && d !== 116) return -1;
    }
    return -1;
  }

  /** A string literal from its prefix at s, quote at q. */
  function stringLiteral(s: number, q: number): number {
    atLineStart = false;
    // tree-sitter's scanner reads a line continuation right before a string as the string's leading space
    const c = comments.length;
    if (c && src.charCodeAt(comments[c - 2]!) === 92 && (n === 0 || comments[c - 2]! >= end[n - 1]!)) comments.length = c - 2;
    let format = false;
    let raw = false;
    for (let i = s; i < q; i++) {
      const d = src.charCodeAt(i) | 32;
      if (d === 102 || d === 116) format = true;
      else if (d === 114) raw = true;
    }
    const quote = src.charCodeAt(q);
    const triple = src.charCodeAt(q + 1) === quote && src.charCodeAt(q + 2) === quote;
    let p = q + (triple ? 3 : 1);
    if (format) {
      push(K.FSTART, s, p, undefined);
      lastEnd = p;
      fstack.push({ quote, triple, raw, depth: -1, spec: false, level: 0 });
      return p;
    }
    for (;;) {
      if (p >= len) throw new Decline('an unterminated string');
      const d = src.charCodeAt(p);
      if (d === 92) {
        p += 2;
        continue;
      }
      if (d === quote) {
        if (!triple) {
          p++;
          break;
        }
        if (src.charCodeAt(p + 1) === quote && src.charCodeAt(p + 2) === quote) {
          p += 3;
          break;
        }
      } else if (d === 10 && !triple) throw new Decline('a newline in a string');
      p++;
    }
    push(K.STRING, s, p, undefined);
    lastEnd = p;
    return p;
  }

  /** Literal text of an f-string, up to `{` (not `{{`), the closing quote, or the end. */
  function fstringText(f: FState, p: number): number {
    const s = p;
    for (;;) {
      if (p >= len) throw new Decline('an unterminated f-string');
      const d = src.charCodeAt(p);
      if (d === 92) {
        if (!f.raw && (src.charCodeAt(p + 1) === 123 || src.charCodeAt(p + 1) === 125)) throw new Decline('a backslash before a brace');
        p += 2;
        continue;
      }
      if (d === 123) {
        if (src.charCodeAt(p + 1) === 123) {
          p += 2;
          continue;
        }
        if (p > s) push(K.FTEXT, s, p, undefined);
        push(K.OP, p, p + 1, '{');
        f.depth = 0;
        f.level = 1;
        lastEnd = p + 1;
        return p + 1;
      }
      if (d === 125) {
        if (src.charCodeAt(p + 1) === 125) {
          p += 2;
          continue;
        }
        throw new Decline('a single } in an f-string');
      }
      if (d === f.quote && (!f.triple || (src.charCodeAt(p + 1) === d && src.charCodeAt(p + 2) === d))) {
        if (p > s) push(K.FTEXT, s, p, undefined);
        const e = p + (f.triple ? 3 : 1);
        push(K.FEND, p, e, undefined);
        fstack.pop();
        lastEnd = e;
        return e;
      }
      if (d === 10 && !f.triple) throw new Decline('a newline in an f-string');
      p++;
    }
  }

  function number(p: number): number {
    const s = p;
    const c = src.charCodeAt(p);
    const x = src.charCodeAt(p + 1) | 32;
    if (c === 48 && (x === 120 || x === 111 || x === 98)) {
      p += 2;
      while (isHex(src.charCodeAt(p)) || src.charCodeAt(p) === 95) p++;
      if ((src.charCodeAt(p) | 32) === 108) p++;
      push(K.INT, s, p, undefined);
      return p;
    }
    let float = false;
    while (isDigit(src.charCodeAt(p)) || src.charCodeAt(p) === 95) p++;
    if (src.charCodeAt(p) === 46) {
      float = true;
      p++;
      while (isDigit(src.charCodeAt(p)) || src.charCodeAt(p) === 95) p++;
    }
    if ((src.charCodeAt(p) | 32) === 101) {
      const d = src.charCodeAt(p + 1);
      const d2 = d === 43 || d === 45 ? src.charCodeAt(p + 2) : d;
      if (isDigit(d2)) {
        float = true;
        p += d === 43 || d === 45 ? 2 : 1;
        while (isDigit(src.charCodeAt(p)) || src.charCodeAt(p) === 95) p++;
      }
    }
    const t = src.charCodeAt(p) | 32;
    if (t === 106) p++;
    else if (t === 108 && !float) p++;
    if (isIdCont(src.charCodeAt(p))) throw new Decline('a malformed number');
    push(float ? K.FLOAT : K.INT, s, p, undefined);
    return p;
  }
}
