/** Conditions: a small expression parser and a three-valued evaluator that finds WHERE clauses true for every row. */
import { type Tok } from './lexer.js';
import { type Ctx, NestError, type Sem, after, closeOf, readName } from './structure.js';

/** true, false, null, unknown, unknown because a hole stands for a condition */
export type Truth = 'T' | 'F' | 'N' | 'U' | 'H';

export type NodeKind =
  | 'num' | 'str' | 'bool' | 'null' | 'sym' | 'unk' | 'hole' | 'not' | 'and' | 'or' | 'xor' | 'cmp' | 'is' | 'isdist'
  | 'like' | 'in' | 'between' | 'arith' | 'neg' | 'case' | 'func' | 'exists';

export interface Node {
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

export const MAX_EXPR_DEPTH = 200;

export const CMP_OPS = new Set(['=', '==', '<>', '!=', '<', '>', '<=', '>=', '<=>']);
export const REGEX_OPS = new Set(['~', '~*', '!~', '!~*', '~~', '~~*', '!~~', '!~~*']);
export const OTHER_BINOPS = new Set(['@>', '<@', '?|', '?&', '@@', '@', '&<', '&>', '-|-', '<->', '^@', '@?', '=>']);
export const NEGATABLE = new Set(['LIKE', 'ILIKE', 'IN', 'BETWEEN', 'GLOB', 'REGEXP', 'RLIKE', 'SIMILAR', 'MATCH', 'NULL']);
export const QUANTIFIERS = new Set(['ANY', 'ALL', 'SOME']);
export const SUBQUERY = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE']);
/** Words that cannot start an operand: the expression ends there. */
export const EXPR_STOP = new Set([
  'AND', 'OR', 'XOR', 'IS', 'IN', 'LIKE', 'ILIKE', 'GLOB', 'REGEXP', 'RLIKE', 'BETWEEN', 'SIMILAR', 'ESCAPE', 'MATCH', 'FROM',
  'WHERE', 'GROUP', 'ORDER', 'HAVING', 'LIMIT', 'OFFSET', 'FETCH', 'RETURNING', 'UNION', 'INTERSECT', 'EXCEPT', 'WINDOW',
  'FOR', 'INTO', 'THEN', 'WHEN', 'ELSE', 'END', 'AS', 'ON', 'USING', 'SET', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'OUTER',
  'CROSS', 'NATURAL', 'STRAIGHT_JOIN', 'COLLATE', 'ASC', 'DESC', 'NULLS', 'SELECT', 'WITH', 'VALUES', 'DO', 'OVER', 'FILTER',
  'WITHIN', 'LOCK', 'OPTION', 'BY', 'DIV', 'MOD', 'ISNULL', 'NOTNULL', 'DELETE', 'UPDATE', 'INSERT', 'LATERAL', 'OUTPUT',
  'LOOP', 'REPLACE',
]);
/** ... unless followed by `(`: then they are functions. */
export const STOP_FUNCS = new Set(['LEFT', 'RIGHT', 'MATCH', 'VALUES', 'MOD', 'INSERT', 'REPLACE', 'ISNULL']);
/** Functions whose result depends only on their arguments (so `f(x) = f(x)` is always true). */
export const PURE_FUNCS = new Set([
  'LOWER', 'UPPER', 'LCASE', 'UCASE', 'TRIM', 'LTRIM', 'RTRIM', 'LENGTH', 'CHAR_LENGTH', 'CHARACTER_LENGTH', 'OCTET_LENGTH',
  'ABS', 'CONCAT', 'SUBSTR', 'SUBSTRING', 'ROUND', 'FLOOR', 'CEIL', 'CEILING', 'COALESCE', 'IFNULL', 'NVL', 'NULLIF', 'IF',
  'IIF', 'SIGN', 'REVERSE', 'HEX', 'MD5', 'SHA1', 'SHA2', 'CAST', 'LEFT', 'RIGHT', 'REPLACE', 'LPAD', 'RPAD', 'MOD',
]);
export const INTERVAL_UNITS = new Set([
  'YEAR', 'YEARS', 'MONTH', 'MONTHS', 'WEEK', 'WEEKS', 'DAY', 'DAYS', 'HOUR', 'HOURS', 'MINUTE', 'MINUTES', 'SECOND',
  'SECONDS', 'TO',
]);
export const NOW_WORDS = new Set([
  'CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'LOCALTIME', 'LOCALTIMESTAMP', 'CURRENT_USER', 'SESSION_USER',
  'CURRENT_ROLE', 'SYSTEM_USER', 'CURRENT_SCHEMA', 'CURRENT_CATALOG', 'USER',
]);
export const TYPE_CONT = new Set(['PRECISION', 'VARYING', 'WITH', 'WITHOUT', 'TIME', 'ZONE', 'UNSIGNED', 'SIGNED']);

/** Recursive-descent expression parser producing a tree over token ranges. */
export class Parser {
  p: number;
  z: number;
  private depth = 0;

  constructor(
    readonly c: Ctx,
    a: number,
    z: number,
    /** MySQL reads `||` as OR; the others as string concatenation */
    readonly pipesOr: boolean,
    /** the table the statement changes, for subqueries over the same table */
    readonly target?: string,
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
            const quant = this.w();
            const q0 = this.p;
            this.p++;
            const list = this.inside(this.p, (close) => this.arrayItems(close));
            if (list) {
              // x op ANY(ARRAY[...]) is an OR over the items, ALL an AND
              l = { k: 'in', a, z: this.p, det: l.det && list.every((x) => x.det), x: l, list, op: t.v, b: quant === 'ALL' };
              continue;
            }
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
            if (SUBQUERY.has(this.w(1))) {
              const self = this.inside(open, (close) => this.selfColumn(close, l!));
              if (self) {
                // `id IN (SELECT id FROM <the table itself>)` holds for every row whose id is not NULL
                l = { k: 'in', a, z: this.p, det: l.det, x: l, neg, key: 'self' };
                continue;
              }
            } else list = this.inside(open, (close) => this.items(close));
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
        const body = this.inside(a + 1, (close) => this.existsBody(close));
        const n: Node = { k: 'exists', a, z: this.p, det: !!body, b: !!body };
        if (body && body !== true) n.x = body;
        return n;
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

  /**
   * What EXISTS (...) depends on: true when it holds whenever there are rows to change
   * (`SELECT 1`, `SELECT ... FROM <the table itself>`), the WHERE condition of a constant
   * `SELECT 1 WHERE cond`, undefined when unknown.
   */
  private existsBody(close: number): Node | true | undefined {
    if (this.w() !== 'SELECT') return undefined;
    const start = this.p;
    const plain = this.constSelect(close);
    if (plain) return true;
    this.p = start + 1;
    if (this.w() === 'ALL' || this.w() === 'DISTINCT') this.p++;
    const e = this.expr();
    if (!e) return undefined;
    if (this.w() === 'AS') this.p += 2;
    if (this.w() === 'WHERE') {
      if (!isConstNode(e)) return undefined;
      this.p++;
      const cond = this.expr();
      return cond && this.p === close ? cond : undefined;
    }
    if (this.w() === 'FROM') {
      this.p++;
      return this.ownTable(close) ? true : undefined;
    }
    return undefined;
  }

  /** `<name> [[AS] alias]` up to close, naming the table the statement changes. */
  private ownTable(close: number): boolean {
    const own = this.target;
    if (!own) return false;
    const name = readName(this.c, this.p, close);
    if (!name || lastPart(name.text) !== lastPart(own)) return false;
    this.p = name.end;
    if (this.w() === 'AS') this.p++;
    const t = this.tok();
    if (t && (t.t === 'ident' || (t.t === 'word' && !EXPR_STOP.has(t.v)))) this.p++;
    return this.p === close;
  }

  /** `SELECT [DISTINCT] <col> FROM <the table itself> [alias]` where col is the left operand's column. */
  private selfColumn(close: number, left: Node): boolean {
    if (this.w() !== 'SELECT') return false;
    this.p++;
    if (this.w() === 'DISTINCT' || this.w() === 'ALL') this.p++;
    const col = readName(this.c, this.p, close);
    const leftName = left.z - left.a <= 3 ? readName(this.c, left.a, left.z) : undefined;
    if (!col || !leftName || leftName.end !== left.z || lastPart(col.text) !== lastPart(leftName.text)) return false;
    this.p = col.end;
    if (this.w() !== 'FROM') return false;
    this.p++;
    return this.ownTable(close);
  }

  /** The items of ARRAY[...] or an array literal '{1,2}' inside ANY/ALL ( ... ); undefined otherwise. */
  private arrayItems(close: number): Node[] | undefined {
    const t = this.tok();
    if (!t) return undefined;
    if (t.t === 'word' && t.v === 'ARRAY' && this.o(1) === '[') {
      const open = this.p + 1;
      let end = open + 1;
      let depth = 1;
      for (; end < close; end++) {
        const o = this.c.toks[end]!;
        if (o.t !== 'op') continue;
        if (o.v === '[') depth++;
        else if (o.v === ']' && --depth === 0) break;
      }
      if (end + 1 !== close && !(end + 1 < close && this.c.toks[end + 1]!.v === '::')) return undefined;
      const z = this.z;
      this.z = end;
      this.p = open + 1;
      const list = this.items(end);
      const ok = this.p === end;
      this.z = z;
      if (!list || !ok || list.some((x) => x.k === 'unk')) return undefined;
      this.p = close;
      return list;
    }
    if (t.t === 'str' && (this.p + 1 === close || this.c.toks[this.p + 1]!.v === '::')) {
      const m = /^\{([^{}"\\]*)\}$/.exec(t.v.trim());
      if (!m) return undefined;
      const a = this.p;
      this.p = close;
      const parts = m[1]!.trim() === '' ? [] : m[1]!.split(',').map((x) => x.trim());
      return parts.map((x) => (/^-?\d+(\.\d+)?$/.test(x) ? { k: 'num', a, z: a + 1, det: true, n: Number(x) } : { k: 'str', a, z: a + 1, det: true, s: x }));
    }
    return undefined;
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

export function parseNum(v: string): number {
  if (v.length > 2 && v[0] === '0' && (v[1] === 'x' || v[1] === 'X')) return parseInt(v.slice(2), 16);
  if (v.length > 2 && v[0] === '0' && (v[1] === 'b' || v[1] === 'B')) return parseInt(v.slice(2), 2);
  return Number(v.includes('_') ? v.split('_').join('') : v);
}

// ── evaluation ──

export type Val =
  | { k: 'num'; n: number }
  | { k: 'str'; s: string }
  | { k: 'bool'; b: boolean }
  | { k: 'null' }
  | { k: 'sym'; node: Node }
  | { k: 'unk' }
  | { k: 'hole' };

export const NULL_V: Val = { k: 'null' };
export const UNK_V: Val = { k: 'unk' };
export const HOLE_V: Val = { k: 'hole' };
export const TRUE_V: Val = { k: 'bool', b: true };
export const FALSE_V: Val = { k: 'bool', b: false };

export interface Ev {
  c: Ctx;
  sem: Sem;
  /** recursion depth: chains like `- - - 1` or `1+1+...+1` nest without parentheses */
  d: number;
}

export const MAX_EVAL_DEPTH = 400;

export function isConst(v: Val): v is { k: 'num'; n: number } | { k: 'str'; s: string } | { k: 'bool'; b: boolean } {
  return v.k === 'num' || v.k === 'str' || v.k === 'bool';
}

export function notT(t: Truth): Truth {
  return t === 'T' ? 'F' : t === 'F' ? 'T' : t;
}

export function andT(a: Truth, b: Truth): Truth {
  if (a === 'F' || b === 'F') return 'F';
  if (a === 'T' && b === 'T') return 'T';
  if (a === 'H' || b === 'H') return 'H';
  if (a === 'U' || b === 'U') return 'U';
  return 'N';
}

export function orT(a: Truth, b: Truth): Truth {
  if (a === 'T' || b === 'T') return 'T';
  if (a === 'F' && b === 'F') return 'F';
  if (a === 'H' || b === 'H') return 'H';
  if (a === 'U' || b === 'U') return 'U';
  return 'N';
}

/** Across dialect readings: true if any reading is true. */
export function anyT(a: Truth, b: Truth): Truth {
  for (const t of ['T', 'H', 'U', 'N'] as const) if (a === t || b === t) return t;
  return 'F';
}

export function fromTruth(t: Truth): Val {
  return t === 'T' ? TRUE_V : t === 'F' ? FALSE_V : t === 'N' ? NULL_V : t === 'H' ? HOLE_V : UNK_V;
}

/** MySQL/SQLite string-to-number: the numeric prefix, 0 when there is none. */
export function prefixNum(s: string): number {
  const x = parseFloat(s);
  return Number.isNaN(x) ? 0 : x;
}

export function strictNum(s: string): number | undefined {
  const t = s.trim();
  if (!t) return undefined;
  const x = Number(t);
  return Number.isNaN(x) ? undefined : x;
}

export function toNum(v: Val, sem: Sem): number | undefined {
  if (v.k === 'num') return v.n;
  if (v.k === 'bool') return v.b ? 1 : 0;
  if (v.k === 'str') return sem === 'postgres' ? strictNum(v.s) : prefixNum(v.s);
  return undefined;
}

export function toStr(v: Val): string {
  if (v.k === 'str') return v.s;
  if (v.k === 'num') return String(v.n);
  if (v.k === 'bool') return v.b ? 'true' : 'false';
  return '';
}

export const PG_TRUE = new Set(['t', 'true', 'y', 'yes', 'on', '1']);
export const PG_FALSE = new Set(['f', 'false', 'n', 'no', 'off', '0']);

export function valTruth(e: Ev, v: Val): Truth {
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
export function keyOf(c: Ctx, n: Node): string {
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

export function compareConst(l: Val, r: Val, sem: Sem): number | undefined {
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

export function cmpT(e: Ev, op: string, l: Val, r: Val): Truth {
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
export function likeMatch(s: string, p: string, esc: string | undefined, many = '%', one = '_'): boolean {
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

export const TRIVIAL_REGEX = new Set(['', '.*', '^', '$', '^.*', '.*$', '^.*$', '(.*)', '.*?']);

/** Does the pattern match every non-NULL value? */
export function matchesAll(op: string, pat: string): boolean {
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

export function likeT(e: Ev, n: Node): Truth {
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
export function atom(c: Ctx, n: Node): { key: string; pos: boolean } | undefined {
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

export function orTruth(e: Ev, n: Node): Truth {
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

export function truth(e: Ev, n: Node): Truth {
  if (++e.d > MAX_EVAL_DEPTH) throw new NestError();
  const t = truthOf(e, n);
  e.d--;
  return t;
}

export function truthOf(e: Ev, n: Node): Truth {
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
    case 'cmp': return randomT(e, n) ?? cmpT(e, n.op!, value(e, n.l!), value(e, n.r!));
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
      if (n.key === 'self') return n.neg ? 'F' : 'T';
      if (!n.list) return 'U';
      const x = value(e, n.x!);
      const all = n.b === true;
      let acc: Truth = all ? 'T' : 'F';
      for (const it of n.list) {
        const t = cmpT(e, n.op ?? '=', x, value(e, it));
        acc = all ? andT(acc, t) : orT(acc, t);
        if (acc === (all ? 'F' : 'T')) break;
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
    case 'exists': {
      if (!n.b) return 'U';
      if (!n.x) return 'T';
      const t = truth(e, n.x);
      return t === 'T' ? 'T' : t === 'F' || t === 'N' ? 'F' : t;
    }
    default: return valTruth(e, value(e, n));
  }
}

export function arithConst(op: string, l: Val, r: Val, sem: Sem): Val | undefined {
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

export function value(e: Ev, n: Node): Val {
  if (++e.d > MAX_EVAL_DEPTH) throw new NestError();
  const v = valueOf(e, n);
  e.d--;
  return v;
}

export function valueOf(e: Ev, n: Node): Val {
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

/** The range random() takes: [0, 1) in PostgreSQL and MySQL (RAND), any 64-bit integer in SQLite. */
function randomRange(e: Ev, n: Node): [number, number, boolean] | undefined {
  if (n.k !== 'func' || (n.list && n.list.length)) return undefined;
  if (n.s === 'RAND' && e.sem === 'mysql') return [0, 1, false];
  if (n.s !== 'RANDOM') return undefined;
  return e.sem === 'sqlite' ? [-(2 ** 63), 2 ** 63, true] : [0, 1, false];
}

/** `random() < 2`: a comparison of random() with a constant that holds (or fails) over its whole range. */
function randomT(e: Ev, n: Node): Truth | undefined {
  let op = n.op!;
  let rnd = randomRange(e, n.l!);
  let other = n.r!;
  if (!rnd) {
    rnd = randomRange(e, n.r!);
    other = n.l!;
    const flip: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=' };
    op = flip[op] ?? op;
  }
  if (!rnd) return undefined;
  const v = value(e, other);
  const c = v.k === 'num' ? v.n : undefined;
  if (c === undefined) return undefined;
  const [lo, hi, hiIn] = rnd; // lo <= r < hi (r <= hi when hiIn)
  const below = hiIn ? c > hi : c >= hi; // every r < c
  const belowEq = c >= hi; // every r <= c
  switch (op) {
    case '<': return below ? 'T' : c <= lo ? 'F' : undefined;
    case '<=': return belowEq ? 'T' : c < lo ? 'F' : undefined;
    case '>': return c < lo ? 'T' : belowEq ? 'F' : undefined;
    case '>=': return c <= lo ? 'T' : below ? 'F' : undefined;
    case '<>':
    case '!=': return c < lo || belowEq ? 'T' : undefined;
    case '=':
    case '==': return c < lo || belowEq ? 'F' : undefined;
  }
  return undefined;
}

export function funcValue(e: Ev, n: Node): Val {
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

export const BOOLEAN_NODES = new Set<NodeKind>([
  'not', 'and', 'or', 'xor', 'cmp', 'is', 'isdist', 'like', 'in', 'between', 'exists', 'bool',
]);

/** Words that end a WHERE condition. */
export const COND_END = new Set([
  'ORDER', 'LIMIT', 'RETURNING', 'GROUP', 'HAVING', 'WINDOW', 'OFFSET', 'FETCH', 'FOR', 'UNION', 'EXCEPT', 'INTERSECT',
  'THEN', 'WHEN', 'OPTION', 'INTO', 'LOCK', 'OUTPUT', 'ELSE', 'END', 'LOOP', 'DO',
]);

export function semsTruth(c: Ctx, sems: Sem[], n: Node): Truth {
  let t: Truth = 'F';
  for (let i = 0; i < sems.length; i++) {
    const ti = truth({ c, sem: sems[i]!, d: 0 }, n);
    t = i === 0 ? ti : anyT(t, ti);
    if (t === 'T') return t;
  }
  return t;
}

/** Evaluate the condition starting at a: 'T' when it holds for every row. */
function lastPart(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1).replace(/^[`"[]|[`"\]]$/g, '').toLowerCase();
}

/** A literal (number, string, boolean, NULL): `SELECT 1 WHERE ...` selects no column. */
function isConstNode(n: Node): boolean {
  return n.k === 'num' || n.k === 'str' || n.k === 'bool' || n.k === 'null';
}

export function evalCondition(c: Ctx, a: number, z: number, target?: string): { truth: Truth; end: number } {
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
    const ps = new Parser(c, a, z, pipesOr, target);
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
