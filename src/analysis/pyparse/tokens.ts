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

/** Operators and punctuation by their first char code, longest first. */
const OPS_BY_CHAR: string[][] = [];
for (const op of ['**=', '//=', '>>=', '<<=', '...', '**', '//', '>>', '<<', '<=', '>=', '==', '!=', '->', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=', ':=', '<>', '(', ')', '[', ']', '{', '}', ',', ':', ';', '.', '+', '-', '*', '/', '%', '&', '|', '^', '~', '<', '>', '=', '@']) {
  (OPS_BY_CHAR[op.charCodeAt(0)] ??= []).push(op);
}

/** The hash the lexer computes over a name's char codes as it scans it. */
function nameHash(k: string): number {
  let h = 0;
  for (let i = 0; i < k.length; i++) h = (h * 31 + k.charCodeAt(i)) | 0;
  return h;
}

/** Keywords by their name hash (no two keywords share one). */
const KEYWORDS_BY_HASH = new Map<number, string>();
for (const k of KEYWORDS.keys()) KEYWORDS_BY_HASH.set(nameHash(k), k);

/** ASCII chars of names: 1 letters and `_`, 2 digits. */
const NAME_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) NAME_CHAR[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 ? 1 : c >= 48 && c <= 57 ? 2 : 0;

/** tree-sitter-python's identifier: `[_\p{XID_Start}][_\p{XID_Continue}]*` */
const ID_START = /[_\p{XID_Start}]/u;
const ID_CONT = /[_\p{XID_Continue}]/u;

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
  return new Lexer(src).run();
}

/** The lexer's state; one per file. */
class Lexer {
  private readonly len: number;
  private cap: number;
  private n = 0;
  private kind: Uint8Array;
  private start: Int32Array;
  private end: Int32Array;
  private readonly text: (string | undefined)[] = [];
  private readonly comments: number[] = [];
  private readonly indents: number[] = [0];
  /** bracket depth outside f-strings */
  private depth = 0;
  private readonly fstack: FState[] = [];
  private pos = 0;
  /** end of the last token or comment */
  private lastEnd = 0;
  /** no token yet on this logical line */
  private atLineStart = true;

  constructor(private readonly src: string) {
    this.len = src.length;
    this.cap = 256 + (this.len >> 2);
    this.kind = new Uint8Array(this.cap);
    this.start = new Int32Array(this.cap);
    this.end = new Int32Array(this.cap);
  }

  private grow(): void {
    this.cap *= 2;
    const k2 = new Uint8Array(this.cap);
    k2.set(this.kind);
    this.kind = k2;
    const s2 = new Int32Array(this.cap);
    s2.set(this.start);
    this.start = s2;
    const e2 = new Int32Array(this.cap);
    e2.set(this.end);
    this.end = e2;
  }

  private push(k: number, s: number, e: number, t: string | undefined): void {
    if (this.n === this.cap) this.grow();
    const n = this.n;
    this.kind[n] = k;
    this.start[n] = s;
    this.end[n] = e;
    this.text[n] = t;
    this.n = n + 1;
  }

  run(): Tokens {
    const src = this.src;
    const len = this.len;
    // skip a BOM
    if (src.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.lineStart();
    while (this.pos < len) {
      const pos = this.pos;
      const c = src.charCodeAt(pos);
      if (this.fstack.length) {
        this.inFString(c);
        continue;
      }
      if (c === 32 || c === 9 || c === 12) {
        this.pos = pos + 1;
        continue;
      }
      if (c === 10 || c === 13) {
        this.newline(c);
        continue;
      }
      this.token(c);
    }
    if (this.fstack.length) throw new Decline('an unterminated f-string');
    if (this.depth > 0) throw new Decline('an unclosed bracket');
    if (!this.atLineStart) this.push(K.NEWLINE, this.lastEnd, this.lastEnd, undefined);
    while (this.indents.length > 1) {
      this.indents.pop();
      this.push(K.DEDENT, this.lastEnd, this.lastEnd, undefined);
    }
    this.push(K.EOF, len, len, undefined);
    return { n: this.n, kind: this.kind, start: this.start, end: this.end, text: this.text, comments: this.comments };
  }

  private newline(c: number): void {
    let pos = this.pos + 1;
    if (c === 13) {
      // tree-sitter ends lines at LF only: a lone CR is a space to it
      if (this.src.charCodeAt(pos) !== 10) throw new Decline('a carriage return without a line feed');
      pos++;
    }
    this.pos = pos;
    if (this.depth > 0) {
      this.lineInBrackets(pos);
      return;
    }
    if (!this.atLineStart) {
      this.push(K.NEWLINE, this.lastEnd, this.lastEnd, undefined);
      this.atLineStart = true;
    }
    this.lineStart();
  }

  /**
   * A line inside brackets indented less than the current block: tree-sitter's scanner makes
   * that a DEDENT (and a syntax error) where no closing bracket, newline or string may come
   * next, as after an operator or a `.`: declined there.
   */
  private lineInBrackets(p: number): void {
    const q = skipIndent(this.src, p);
    if (scannedIndent >= this.indents[this.indents.length - 1]! || q >= this.len) return;
    const c = this.src.charCodeAt(q);
    if (c === 10 || c === 13 || c === 35 || c === 34 || c === 39 || this.stringPrefix(q) >= 0) return;
    const prev = this.text[this.n - 1];
    if (this.kind[this.n - 1] !== K.OP) return;
    if (prev === '(' || prev === '[' || prev === '{' || prev === ',' || prev === ')' || prev === ']' || prev === '}' || prev === 'None' || prev === 'True' || prev === 'False' || prev === '...') return;
    throw new Decline('a dedented line inside brackets after an operator');
  }

  /** One token (or comment, or line continuation) outside f-strings' literal parts. */
  private token(c: number): void {
    const src = this.src;
    const s = this.pos;
    if (c === 35) {
      if (this.fstack.length) throw new Decline('a comment in an interpolation');
      let e = s;
      while (e < this.len && src.charCodeAt(e) !== 10) e++;
      this.comments.push(s, e);
      this.lastEnd = e;
      this.pos = e;
      return;
    }
    if (c === 92) {
      let p = s + 1;
      if (src.charCodeAt(p) === 13) p++;
      if (src.charCodeAt(p) !== 10) throw new Decline('a backslash outside a string');
      // a line_continuation node, placed like a comment
      this.comments.push(s, p + 1);
      this.lastEnd = p + 1;
      this.pos = p + 1;
      return;
    }
    this.atLineStart = false;
    if ((c < 128 && NAME_CHAR[c] === 1) || c > 127) {
      this.name(c, s);
      return;
    }
    if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(s + 1)))) {
      this.pos = this.number(s);
      this.lastEnd = this.pos;
      return;
    }
    if (c === 34 || c === 39) {
      this.pos = this.stringLiteral(s, s);
      return;
    }
    this.operator(c, s);
  }

  private name(c: number, s: number): void {
    const src = this.src;
    if (c > 127 && !ID_START.test(src[s]!)) throw new Decline('an unexpected character');
    let pos = s + 1;
    let h = c;
    for (;;) {
      const d = src.charCodeAt(pos);
      if (d < 128) {
        if (NAME_CHAR[d] === 0) break;
        h = (h * 31 + d) | 0;
        pos++;
      } else if (d > 127 && ID_CONT.test(src[pos]!)) pos++;
      else break;
    }
    const l = pos - s;
    // a string prefix (`r`, `b`, `f`, `rb`, ...) before a quote
    if (l <= 2) {
      const d = src.charCodeAt(pos);
      if ((d === 34 || d === 39) && this.stringPrefix(s) === pos) {
        this.pos = this.stringLiteral(s, pos);
        return;
      }
    }
    this.pos = pos;
    this.lastEnd = pos;
    if (l >= 2 && l <= 8) {
      const k = KEYWORDS_BY_HASH.get(h);
      if (k !== undefined && k.length === l && src.startsWith(k, s)) {
        this.push(K.OP, s, pos, k);
        return;
      }
    }
    this.push(K.NAME, s, pos, undefined);
  }

  private operator(c: number, s: number): void {
    const src = this.src;
    const candidates = OPS_BY_CHAR[c];
    let op: string | undefined;
    if (candidates) {
      for (let i = 0; i < candidates.length; i++) {
        const o = candidates[i]!;
        if (o.length === 1 || (src.charCodeAt(s + 1) === o.charCodeAt(1) && (o.length === 2 || src.charCodeAt(s + 2) === o.charCodeAt(2)))) {
          op = o;
          break;
        }
      }
    }
    if (op === undefined) throw new Decline(`an unexpected character ${JSON.stringify(src[s])}`);
    const e = s + op.length;
    const f = this.fstack.length ? this.fstack[this.fstack.length - 1]! : undefined;
    if (c === 40 || c === 91 || c === 123) {
      if (f) f.depth++;
      else this.depth++;
    } else if (c === 41 || c === 93 || c === 125) {
      if (f) f.depth--;
      else if (this.depth > 0) this.depth--;
      else throw new Decline('an unbalanced bracket');
    }
    this.push(K.OP, s, e, op);
    this.pos = e;
    this.lastEnd = e;
  }

  /** Inside an f-string: literal text, a format specifier, or a token of an interpolation. */
  private inFString(c: number): void {
    const src = this.src;
    const f = this.fstack[this.fstack.length - 1]!;
    const pos = this.pos;
    if (f.depth < 0) {
      this.pos = this.fstringText(f, pos);
      return;
    }
    if (f.spec && f.depth === 0) {
      // format specifier text up to `{` or `}`
      if (c === 123) {
        this.push(K.OP, pos, pos + 1, '{');
        this.pos = pos + 1;
        f.level++;
        f.spec = false;
        return;
      }
      if (c === 125) {
        this.closeInterpolation(f);
        return;
      }
      let p = pos;
      while (p < this.len) {
        const d = src.charCodeAt(p);
        if (d === 123 || d === 125) break;
        if (d === 10) throw new Decline('a newline in a format specifier');
        p++;
      }
      this.push(K.FSPEC, pos, p, undefined);
      this.pos = p;
      this.lastEnd = p;
      return;
    }
    if (c === 32 || c === 9 || c === 12) {
      this.pos = pos + 1;
      return;
    }
    if (c === 10 || c === 13) {
      if (!f.triple || (c === 13 && src.charCodeAt(pos + 1) !== 10)) throw new Decline('a newline in an interpolation');
      this.pos = pos + 1;
      return;
    }
    if (f.depth === 0) {
      if (c === 125) {
        this.closeInterpolation(f);
        return;
      }
      if (c === 33) {
        const d = src.charCodeAt(pos + 1);
        if (d >= 97 && d <= 122) {
          this.push(K.CONV, pos, pos + 2, undefined);
          this.pos = pos + 2;
          this.lastEnd = pos + 2;
          return;
        }
      }
      if (c === 58 && src.charCodeAt(pos + 1) !== 61) {
        this.push(K.OP, pos, pos + 1, ':');
        this.pos = pos + 1;
        this.lastEnd = pos + 1;
        f.spec = true;
        return;
      }
    }
    this.token(c);
  }

  /** Scan whitespace, comments and blank lines at a line start; emit INDENT/DEDENT. */
  private lineStart(): void {
    const src = this.src;
    const len = this.len;
    const indents = this.indents;
    // pos is at the start of a physical line (or the file)
    for (;;) {
      const p = skipIndent(src, this.pos);
      const indent = scannedIndent;
      const c = src.charCodeAt(p);
      if (c === 35) {
        // a comment line: it stays in the current block if indented at least as far
        if (indent < indents[indents.length - 1]! && this.n > 0) {
          const next = this.nextCodeIndent(p);
          while (indents[indents.length - 1]! > indent && indents[indents.length - 1]! > next) {
            indents.pop();
            this.push(K.DEDENT, this.lastEnd, this.lastEnd, undefined);
          }
        }
        let e = p;
        while (e < len && src.charCodeAt(e) !== 10) e++;
        this.comments.push(p, e);
        this.lastEnd = e;
        this.pos = e < len ? e + 1 : e;
        if (this.pos >= len) return;
        continue;
      }
      if (c === 10) {
        this.pos = p + 1;
        continue;
      }
      if (c === 92) throw new Decline('a line continuation at a line start');
      this.pos = p;
      if (p >= len) return;
      const cur = indents[indents.length - 1]!;
      if (indent > cur) {
        if (this.n === 0) throw new Decline('an indented first line');
        indents.push(indent);
        this.push(K.INDENT, this.lastEnd, this.lastEnd, undefined);
      } else if (indent < cur) {
        while (indent < indents[indents.length - 1]!) {
          indents.pop();
          this.push(K.DEDENT, this.lastEnd, this.lastEnd, undefined);
        }
        if (indent !== indents[indents.length - 1]) throw new Decline('an inconsistent dedent');
      }
      return;
    }
  }

  /** The indentation of the next line that is not blank or a comment (0 at the end). */
  private nextCodeIndent(p: number): number {
    const src = this.src;
    const len = this.len;
    for (;;) {
      while (p < len && src.charCodeAt(p) !== 10) p++;
      if (p >= len) return 0;
      p = skipIndent(src, p + 1);
      const c = src.charCodeAt(p);
      if (p >= len) return 0;
      if (c !== 35 && c !== 10) return scannedIndent;
    }
  }

  private closeInterpolation(f: FState): void {
    this.push(K.OP, this.pos, this.pos + 1, '}');
    this.pos++;
    this.lastEnd = this.pos;
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
  private stringPrefix(p: number): number {
    const src = this.src;
    for (let i = p; i < p + 3 && i < this.len; i++) {
      const c = src.charCodeAt(i);
      if (c === 34 || c === 39) return i;
      const d = c | 32;
      if (d !== 114 && d !== 98 && d !== 117 && d !== 102 && d !== 116) return -1;
    }
    return -1;
  }

  /** A string literal from its prefix at s, quote at q. */
  private stringLiteral(s: number, q: number): number {
    const src = this.src;
    this.atLineStart = false;
    // tree-sitter's scanner reads a line continuation right before a string as the string's leading space
    const comments = this.comments;
    const c = comments.length;
    if (c && src.charCodeAt(comments[c - 2]!) === 92 && (this.n === 0 || comments[c - 2]! >= this.end[this.n - 1]!)) comments.length = c - 2;
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
      this.push(K.FSTART, s, p, undefined);
      this.lastEnd = p;
      this.fstack.push({ quote, triple, raw, depth: -1, spec: false, level: 0 });
      return p;
    }
    const len = this.len;
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
    this.push(K.STRING, s, p, undefined);
    this.lastEnd = p;
    return p;
  }

  /** Literal text of an f-string, up to `{` (not `{{`), the closing quote, or the end. */
  private fstringText(f: FState, p: number): number {
    const src = this.src;
    const s = p;
    // tree-sitter's scanner does not count a raw string's backslash pairs as content: a run of
    // nothing else before a brace or the closing quote comes out otherwise (as the string's end)
    let plain = false;
    for (;;) {
      if (p >= this.len) throw new Decline('an unterminated f-string');
      const d = src.charCodeAt(p);
      if (d === 92) {
        const e = src.charCodeAt(p + 1);
        if (e === 123 || e === 125) throw new Decline('a backslash before a brace');
        // a raw string's scanner steps over the backslash and an escaped quote, backslash or newline
        p += !f.raw || e === f.quote || e === 92 || e === 10 || e === 13 ? 2 : 1;
        continue;
      }
      if ((d === 123 || d === f.quote) && f.raw && !plain && p > s) throw new Decline('a raw f-string text of backslash pairs only');
      plain = true;
      if (d === 123) {
        if (src.charCodeAt(p + 1) === 123) {
          p += 2;
          continue;
        }
        if (p > s) this.push(K.FTEXT, s, p, undefined);
        this.push(K.OP, p, p + 1, '{');
        f.depth = 0;
        f.level = 1;
        this.lastEnd = p + 1;
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
        if (p > s) this.push(K.FTEXT, s, p, undefined);
        const e = p + (f.triple ? 3 : 1);
        this.push(K.FEND, p, e, undefined);
        this.fstack.pop();
        this.lastEnd = e;
        return e;
      }
      if (d === 10 && !f.triple) throw new Decline('a newline in an f-string');
      p++;
    }
  }

  private number(p: number): number {
    const src = this.src;
    const s = p;
    const c = src.charCodeAt(p);
    const x = src.charCodeAt(p + 1) | 32;
    if (c === 48 && (x === 120 || x === 111 || x === 98)) {
      p += 2;
      while (isHex(src.charCodeAt(p)) || src.charCodeAt(p) === 95) p++;
      if ((src.charCodeAt(p) | 32) === 108) p++;
      this.push(K.INT, s, p, undefined);
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
    this.push(float ? K.FLOAT : K.INT, s, p, undefined);
    return p;
  }
}
