/**
 * A hand-written Python parser that builds the same `SyntaxNode` tree as tree-sitter-python's
 * copy in treesitter.ts (node types, named flags, fields, UTF-16 offsets, shared anonymous
 * tokens, flat plain strings and dotted names, comments where tree-sitter puts them), for
 * valid Python 3. Whatever it does not reproduce exactly (syntax errors, Python 2 statements,
 * type parameters, line continuations, deep nesting) throws `Decline`, and the caller
 * falls back to tree-sitter.
 */
import type { SyntaxNode } from '../treesitter.js';
import { Decline, K, tokenize, type Tokens } from './tokens.js';

export { Decline };

const NO_CHILDREN: SyntaxNode[] = Object.freeze([]) as unknown as SyntaxNode[];

/** Shared anonymous tokens by field ('' for none), then type. */
const shared = new Map<string, Map<string, SyntaxNode>>();
/** Those without a field (most of them), looked up without the outer map. */
const unfielded = new Map<string, SyntaxNode>();
shared.set('', unfielded);
/** The shared anonymous token of a type (and field), as the tree-sitter copy shares them. */
function anon(type: string, field?: string): SyntaxNode {
  let byType = field === undefined ? unfielded : shared.get(field);
  if (!byType) shared.set(field!, (byType = new Map()));
  let t = byType.get(type);
  if (!t) {
    t = Object.freeze({ type, named: false, field, start: -1, end: -1, children: NO_CHILDREN }) as SyntaxNode;
    byType.set(type, t);
  }
  return t;
}

function mk(type: string, start: number, end: number, children: SyntaxNode[]): SyntaxNode {
  return { type, named: true, field: undefined, start, end, children };
}

function withField(n: SyntaxNode, field: string): SyntaxNode {
  n.field = field;
  return n;
}

const BIN_PREC: Record<string, number> = {
  '|': 14,
  '&': 15,
  '^': 16,
  '<<': 17,
  '>>': 17,
  '+': 18,
  '-': 18,
  '*': 19,
  '@': 19,
  '/': 19,
  '%': 19,
  '//': 19,
  '**': 21,
};
const COMPARE = new Set(['<', '<=', '==', '!=', '>=', '>', '<>', 'in', 'not', 'is']);
const AUGMENTED = new Set(['+=', '-=', '*=', '/=', '@=', '//=', '%=', '**=', '>>=', '<<=', '&=', '^=', '|=']);
const MAX_DEPTH = 200;

class Parser {
  private i = 0;
  private depth = 0;
  /** [start, end) ranges whose comments tree-sitter's tree does not hold (inside `not in`, `is not`) */
  readonly hidden: number[] = [];
  private readonly kind: Uint8Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly text: (string | undefined)[];

  constructor(
    private readonly src: string,
    private readonly t: Tokens,
  ) {
    this.kind = t.kind;
    this.start = t.start;
    this.end = t.end;
    this.text = t.text;
  }

  // ---- tokens

  private fail(what: string): never {
    throw new Decline(`${what} at offset ${this.start[this.i]}`);
  }
  private at(s: string): boolean {
    return this.text[this.i] === s;
  }
  private atNext(s: string): boolean {
    return this.text[this.i + 1] === s;
  }
  /** Consume the punctuation or keyword `s`. */
  private eat(s: string, field?: string): SyntaxNode {
    if (this.text[this.i] !== s) this.fail(`expected ${s}`);
    this.i++;
    return anon(s, field);
  }
  private prevEnd(): number {
    return this.end[this.i - 1]!;
  }
  private identifier(): SyntaxNode {
    if (this.kind[this.i] !== K.NAME) this.fail('expected a name');
    const n = mk('identifier', this.start[this.i]!, this.end[this.i]!, NO_CHILDREN);
    this.i++;
    return n;
  }
  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail('deep nesting');
  }

  // ---- statements

  module(): SyntaxNode {
    const out: SyntaxNode[] = [];
    while (this.kind[this.i] !== K.EOF) this.statement(out);
    const t = this.t;
    let s = t.n > 1 ? this.start[0]! : this.src.length;
    if (t.comments.length && t.comments[0]! < s) s = t.comments[0]!;
    return mk('module', s, this.src.length, out);
  }

  private statement(out: SyntaxNode[]): void {
    const k = this.kind[this.i];
    if (k === K.OP) {
      switch (this.text[this.i]) {
        case 'if':
          out.push(this.ifStatement());
          return;
        case 'for':
          out.push(this.forStatement(this.start[this.i]!, []));
          return;
        case 'while':
          out.push(this.whileStatement());
          return;
        case 'try':
          out.push(this.tryStatement());
          return;
        case 'with':
          out.push(this.withStatement(this.start[this.i]!, []));
          return;
        case 'def':
          out.push(this.functionDefinition(this.start[this.i]!, []));
          return;
        case 'class':
          out.push(this.classDefinition());
          return;
        case '@':
          out.push(this.decorated());
          return;
        case 'async': {
          const s = this.start[this.i]!;
          this.i++;
          const a = [anon('async')];
          if (this.at('def')) out.push(this.functionDefinition(s, a));
          else if (this.at('for')) out.push(this.forStatement(s, a));
          else if (this.at('with')) out.push(this.withStatement(s, a));
          else this.fail('async');
          return;
        }
      }
    } else if (k === K.INDENT || k === K.DEDENT) this.fail('unexpected indentation');
    else if (k === K.NAME && this.isWord(this.i, 'match') && this.matchHeader()) {
      out.push(this.matchStatement());
      return;
    }
    this.simpleStatements(out);
  }

  // ---- match (`match` and `case` are names everywhere else)

  /** Whether token `i` is the name `word`. */
  private isWord(i: number, word: string): boolean {
    const s = this.start[i]!;
    return this.kind[i] === K.NAME && this.end[i] === s + word.length && this.src.startsWith(word, s);
  }

  /**
   * Whether the line starting at `match` is a match statement's header: it ends with `:`, and
   * an indented `case` follows. A line ending with `:` and no `case` after it is declined (no
   * other statement starting with a name ends so).
   */
  private matchHeader(): boolean {
    let j = this.i + 1;
    while (this.kind[j] !== K.NEWLINE && this.kind[j] !== K.EOF) j++;
    if (this.text[j - 1] !== ':' || j === this.i + 2) return false;
    if (this.kind[j + 1] !== K.INDENT || !this.isWord(j + 2, 'case')) this.fail('a match statement without case');
    return true;
  }

  private matchStatement(): SyntaxNode {
    const s = this.start[this.i]!;
    this.i++;
    const c = [anon('match')];
    for (;;) {
      if (this.at('*')) this.fail('a starred match subject');
      c.push(withField(this.expression(), 'subject'));
      if (!this.at(',')) break;
      c.push(this.eat(','));
      if (this.at(':')) break;
    }
    c.push(this.eat(':'));
    if (this.kind[this.i] !== K.NEWLINE || this.kind[this.i + 1] !== K.INDENT) this.fail('expected the cases');
    // the block holds the INDENT (tree-sitter's `_match_block`): it starts at the end of the header line
    const bs = this.start[this.i]!;
    this.i += 2;
    this.enter();
    const cases: SyntaxNode[] = [];
    while (this.kind[this.i] !== K.DEDENT) {
      if (!this.isWord(this.i, 'case')) this.fail('expected case');
      cases.push(withField(this.caseClause(), 'alternative'));
    }
    const be = this.start[this.i]!;
    this.i++;
    this.depth--;
    c.push(withField(mk('block', bs, be, cases), 'body'));
    return mk('match_statement', s, be, c);
  }

  private caseClause(): SyntaxNode {
    const s = this.start[this.i]!;
    this.i++;
    const c = [anon('case'), this.casePattern()];
    while (this.at(',')) {
      c.push(this.eat(','));
      if (this.at('if') || this.at(':')) break;
      c.push(this.casePattern());
    }
    if (this.at('if')) {
      const gs = this.start[this.i]!;
      this.i++;
      const e = this.expression();
      c.push(withField(mk('if_clause', gs, e.end, [anon('if'), e]), 'guard'));
    }
    this.suite(c, 'consequence');
    return mk('case_clause', s, this.lastEnd(c), c);
  }

  /** A `case_pattern`: a keyword pattern, a simple pattern or a union, with an `as` name. */
  private casePattern(): SyntaxNode {
    const s = this.start[this.i]!;
    this.enter();
    let c: SyntaxNode[];
    if (this.kind[this.i] === K.NAME && this.atNext('=')) {
      const kc = [this.identifier(), this.eat('='), ...this.simplePattern()];
      c = [mk('keyword_pattern', s, this.prevEnd(), kc)];
    } else {
      c = this.simplePattern();
      if (this.at('|')) {
        while (this.at('|')) c.push(this.eat('|'), ...this.simplePattern());
        c = [mk('union_pattern', s, this.prevEnd(), c)];
      }
    }
    let p = mk('case_pattern', s, this.prevEnd(), c);
    if (this.at('as')) {
      this.i++;
      const name = this.identifier();
      p = mk('case_pattern', s, name.end, [mk('as_pattern', s, name.end, [p, anon('as'), name])]);
      if (this.at('as')) this.fail('as after as');
    }
    this.depth--;
    return p;
  }

  /** One simple pattern: its nodes (two for a negative number, which has no node of its own). */
  private simplePattern(): SyntaxNode[] {
    const s = this.start[this.i]!;
    switch (this.kind[this.i]) {
      case K.NAME: {
        if (this.isWord(this.i, '_')) {
          if (this.atNext('.') || this.atNext('(')) this.fail('a name pattern starting with _');
          this.i++;
          return [anon('_')];
        }
        const name = this.dottedName();
        if (!this.at('(')) return [name];
        const c = [name, ...this.patternItems('(', ')')];
        return [mk('class_pattern', s, this.prevEnd(), c)];
      }
      case K.STRING:
        return [this.atom()];
      case K.INT:
      case K.FLOAT:
        return this.numberPattern([]);
    }
    switch (this.text[this.i]) {
      case '-':
        this.i++;
        return this.numberPattern([anon('-')]);
      case 'None':
      case 'True':
      case 'False':
        return [this.atom()];
      case '(': {
        const c = this.patternItems('(', ')');
        return [mk('tuple_pattern', s, this.prevEnd(), c)];
      }
      case '[': {
        const c = this.patternItems('[', ']');
        return [mk('list_pattern', s, this.prevEnd(), c)];
      }
      case '{':
        return [this.dictPattern()];
      case '*':
      case '**':
        return [this.splatPattern()];
    }
    this.fail('expected a pattern');
  }

  /** `-1`, `1.5`, `-2+3j`: a number, or a complex pattern of two. */
  private numberPattern(c: SyntaxNode[]): SyntaxNode[] {
    const s = c.length ? this.start[this.i - 1]! : this.start[this.i]!;
    c.push(this.numberLiteral());
    if ((this.at('+') || this.at('-')) && (this.kind[this.i + 1] === K.INT || this.kind[this.i + 1] === K.FLOAT)) {
      c.push(anon(this.text[this.i]!));
      this.i++;
      c.push(this.numberLiteral());
      return [mk('complex_pattern', s, this.prevEnd(), c)];
    }
    return c;
  }

  private numberLiteral(): SyntaxNode {
    const k = this.kind[this.i];
    if (k !== K.INT && k !== K.FLOAT) this.fail('expected a number');
    return this.atom();
  }

  /** `(` or `[`, case patterns separated by commas (one may end them), and the closing bracket. */
  private patternItems(open: string, close: string): SyntaxNode[] {
    const c = [this.eat(open)];
    while (!this.at(close)) {
      c.push(this.casePattern());
      if (!this.at(',')) break;
      c.push(this.eat(','));
    }
    c.push(this.eat(close));
    return c;
  }

  private splatPattern(): SyntaxNode {
    const s = this.start[this.i]!;
    const star = anon(this.text[this.i]!);
    this.i++;
    if (this.isWord(this.i, '_')) {
      this.i++;
      return mk('splat_pattern', s, this.prevEnd(), [star, anon('_')]);
    }
    const name = this.identifier();
    return mk('splat_pattern', s, name.end, [star, name]);
  }

  private dictPattern(): SyntaxNode {
    const s = this.start[this.i]!;
    const c = [this.eat('{')];
    while (!this.at('}')) {
      if (this.at('**')) c.push(this.splatPattern());
      else {
        const key = this.simplePattern();
        // a key of two nodes (`-1`) or a token (`_`) would carry the field on each: left to tree-sitter
        if (key.length !== 1 || !key[0]!.named) this.fail('a dict pattern key');
        c.push(withField(key[0]!, 'key'), this.eat(':'), withField(this.casePattern(), 'value'));
      }
      if (!this.at(',')) break;
      c.push(this.eat(','));
    }
    c.push(this.eat('}'));
    return mk('dict_pattern', s, this.prevEnd(), c);
  }

  /** Simple statements up to the NEWLINE (consumed); returns its offset. */
  private simpleStatements(out: SyntaxNode[]): number {
    for (;;) {
      out.push(this.simpleStatement());
      if (this.at(';')) {
        this.i++;
        out.push(anon(';'));
        if (this.kind[this.i] === K.NEWLINE) break;
        continue;
      }
      break;
    }
    if (this.kind[this.i] !== K.NEWLINE) this.fail('expected the end of the line');
    const e = this.start[this.i]!;
    this.i++;
    return e;
  }

  private simpleStatement(): SyntaxNode {
    const s = this.start[this.i]!;
    if (this.kind[this.i] === K.OP) {
      const w = this.text[this.i];
      switch (w) {
        case 'pass':
        case 'break':
        case 'continue':
          this.i++;
          return mk(`${w}_statement`, s, this.prevEnd(), [anon(w)]);
        case 'return': {
          this.i++;
          const c = [anon('return')];
          if (!this.atStatementEnd()) c.push(this.expressions());
          return mk('return_statement', s, this.prevEnd(), c);
        }
        case 'del': {
          this.i++;
          const e = this.expressions();
          return mk('delete_statement', s, e.end, [anon('del'), e]);
        }
        case 'raise': {
          this.i++;
          const c = [anon('raise')];
          if (!this.atStatementEnd() && !this.at('from')) c.push(this.expressions());
          if (this.at('from')) {
            c.push(this.eat('from'));
            c.push(withField(this.expression(), 'cause'));
          }
          return mk('raise_statement', s, this.prevEnd(), c);
        }
        case 'global':
        case 'nonlocal': {
          this.i++;
          const c = [anon(w), this.identifier()];
          while (this.at(',')) {
            c.push(this.eat(','), this.identifier());
          }
          return mk(`${w}_statement`, s, this.prevEnd(), c);
        }
        case 'assert': {
          this.i++;
          const c = [anon('assert'), this.expression()];
          while (this.at(',')) c.push(this.eat(','), this.expression());
          return mk('assert_statement', s, this.prevEnd(), c);
        }
        case 'import':
          return this.importStatement();
        case 'from':
          return this.importFrom();
      }
    }
    if (this.kind[this.i] === K.NAME && this.text[this.i + 1] === '>>' && this.src.startsWith('print', s) && this.end[this.i] === s + 5) this.fail('print >>');
    return this.expressionStatement();
  }

  private atStatementEnd(): boolean {
    return this.kind[this.i] === K.NEWLINE || this.at(';');
  }

  private expressionStatement(): SyntaxNode {
    const s = this.start[this.i]!;
    if (this.at('yield')) {
      const y = this.yieldExpr();
      return mk('expression_statement', s, y.end, [y]);
    }
    // tree-sitter reads `type(x).y = z` (and `type X = int`) as a type alias statement
    const after = this.text[this.i + 1];
    const typeFirst =
      this.kind[this.i] === K.NAME && this.end[this.i] === s + 4 && this.src.startsWith('type', s) && (after === '(' || after === '[' || this.kind[this.i + 1] === K.NAME);
    const items = this.exprItems(true);
    if (this.at('=') || (this.at(':') && items.length === 1) || AUGMENTED.has(this.text[this.i]!)) {
      if (typeFirst) this.fail('a type alias look-alike');
      const a = this.assignment(items, s);
      return mk('expression_statement', s, a.end, [a]);
    }
    return mk('expression_statement', s, this.prevEnd(), items);
  }

  /** `left = right`, `left: type [= right]`, `left += right`, with `items` already parsed. */
  private assignment(items: SyntaxNode[], s: number): SyntaxNode {
    const left = withField(this.toLeft(items), 'left');
    if (this.at(':')) {
      const c = [left, this.eat(':'), withField(this.type(), 'type')];
      if (this.at('=')) c.push(this.eat('='), withField(this.rightHandSide(), 'right'));
      return mk('assignment', s, this.prevEnd(), c);
    }
    const op = this.text[this.i]!;
    if (op === '=') {
      this.i++;
      const c = [left, anon('='), withField(this.rightHandSide(), 'right')];
      return mk('assignment', s, this.prevEnd(), c);
    }
    this.i++;
    const c = [left, anon(op, 'operator'), withField(this.rightHandSide(), 'right')];
    return mk('augmented_assignment', s, this.prevEnd(), c);
  }

  private rightHandSide(): SyntaxNode {
    if (this.at('yield')) return this.yieldExpr();
    const s = this.start[this.i]!;
    const items = this.exprItems(true);
    if (this.at('=') || AUGMENTED.has(this.text[this.i]!)) return this.assignment(items, s);
    return this.listOrSingle(items, s, 'expression_list');
  }

  private listOrSingle(items: SyntaxNode[], s: number, type: string): SyntaxNode {
    if (items.length === 1) return items[0]!;
    return mk(type, s, this.prevEnd(), items);
  }

  /** Comma-separated expressions (stars allowed), commas included, up to a non-comma. */
  private exprItems(star: boolean): SyntaxNode[] {
    const items = [this.starOrExpr(star)];
    while (this.at(',')) {
      this.i++;
      items.push(anon(','));
      if (!this.startsExpression()) break;
      items.push(this.starOrExpr(star));
    }
    return items;
  }

  private startsExpression(): boolean {
    const k = this.kind[this.i];
    if (k === K.NAME || k === K.INT || k === K.FLOAT || k === K.STRING || k === K.FSTART) return true;
    if (k !== K.OP) return false;
    switch (this.text[this.i]) {
      case '(':
      case '[':
      case '{':
      case '-':
      case '+':
      case '~':
      case '*':
      case '**':
      case 'not':
      case 'lambda':
      case 'await':
      case 'None':
      case 'True':
      case 'False':
      case '...':
      case 'yield':
        return true;
    }
    return false;
  }

  private starOrExpr(star: boolean): SyntaxNode {
    if (star && this.at('*')) return this.starred(false);
    return this.expression();
  }

  /**
   * `*operand` in a collection or an expression list (`*` current); `narrow`: the operand is
   * an operand of `|` in a collection rather than any expression in an expression list.
   * tree-sitter reads `*f(x)`, `*a.b` and `*a[i]` in an expression list as a call, attribute
   * or subscript of `*f`: declined (and in a collection of that one element, see `lone`).
   */
  private starred(narrow: boolean): SyntaxNode {
    const s = this.start[this.i]!;
    this.i++;
    const e = narrow ? this.binary(14) : this.expression();
    if (!narrow && isPostfix(e)) this.fail('a starred call, attribute or subscript');
    return mk('list_splat', s, e.end, [anon('*'), e]);
  }

  /** A list or set of one starred call, attribute or subscript (`[*a.b]`): tree-sitter reads `(*a).b`. */
  private lone(c: SyntaxNode[]): void {
    if (c.length === 3 && c[1]!.type === 'list_splat' && isPostfix(c[1]!.children[1]!)) this.fail('a lone starred call, attribute or subscript');
  }

  /** An expression or an expression_list. */
  private expressions(): SyntaxNode {
    const s = this.start[this.i]!;
    return this.listOrSingle(this.exprItems(true), s, 'expression_list');
  }

  /** Expression items as an assignment target: a pattern or a pattern_list. */
  private toLeft(items: SyntaxNode[]): SyntaxNode {
    // tree-sitter reads a starred attribute or subscript there as `(*a).b`
    for (const it of items) if (it.type === 'list_splat' && it.children[1]!.type !== 'identifier') this.fail('a starred target');
    if (items.length === 1) return this.toPattern(items[0]!);
    for (const it of items) if (it.named) this.toPattern(it);
    const first = items[0]!;
    const last = items[items.length - 1]!;
    return mk('pattern_list', first.start, last.named ? last.end : this.commaEnd(last, first), items);
  }

  /** The end of a pattern_list that ends with a comma: the comma is the token before the target's operator. */
  private commaEnd(_last: SyntaxNode, _first: SyntaxNode): number {
    // the last item is a comma; it is the token right before the current operator
    return this.end[this.i - 1]!;
  }

  private toPattern(n: SyntaxNode): SyntaxNode {
    switch (n.type) {
      case 'identifier':
      case 'attribute':
      case 'subscript':
        return n;
      case 'parenthesized_expression':
      case 'tuple':
        n.type = 'tuple_pattern';
        for (const c of n.children) if (c.named && c.type !== 'comment') this.toPattern(c);
        return n;
      case 'list':
        n.type = 'list_pattern';
        for (const c of n.children) if (c.named && c.type !== 'comment') this.toPattern(c);
        return n;
      case 'list_splat': {
        const inner = n.children[1]!;
        if (inner.type !== 'identifier' && inner.type !== 'attribute' && inner.type !== 'subscript') this.fail('a star target');
        n.type = 'list_splat_pattern';
        return n;
      }
    }
    this.fail(`an assignment to ${n.type}`);
  }

  private yieldExpr(): SyntaxNode {
    const s = this.start[this.i]!;
    this.i++;
    const c = [anon('yield')];
    if (this.at('from')) {
      c.push(this.eat('from'), this.expression());
    } else if (this.startsExpression()) c.push(this.expressions());
    return mk('yield', s, this.prevEnd(), c);
  }

  private importStatement(): SyntaxNode {
    const s = this.start[this.i]!;
    this.i++;
    const c = [anon('import')];
    this.importList(c);
    return mk('import_statement', s, this.prevEnd(), c);
  }

  private importList(c: SyntaxNode[]): void {
    for (;;) {
      const name = this.dottedName();
      if (this.at('as')) {
        this.i++;
        const alias = withField(this.identifier(), 'alias');
        c.push(withField(mk('aliased_import', name.start, alias.end, [withField(name, 'name'), anon('as'), alias]), 'name'));
      } else c.push(withField(name, 'name'));
      if (!this.at(',')) return;
      this.i++;
      c.push(anon(','));
      if (this.kind[this.i] !== K.NAME) return;
    }
  }

  private dottedName(): SyntaxNode {
    const s = this.start[this.i]!;
    this.identifier();
    while (this.at('.') && this.kind[this.i + 1] === K.NAME) this.i += 2;
    return mk('dotted_name', s, this.prevEnd(), NO_CHILDREN);
  }

  private importFrom(): SyntaxNode {
    const s = this.start[this.i]!;
    this.i++;
    const c = [anon('from')];
    if (this.kind[this.i] === K.NAME && this.end[this.i]! - this.start[this.i]! === 10 && this.src.startsWith('__future__', this.start[this.i]!)) {
      this.i++;
      c.push(anon('__future__'), this.eat('import'));
      if (this.at('(')) {
        this.i++;
        c.push(anon('('));
        this.importList(c);
        c.push(this.eat(')'));
      } else this.importList(c);
      return mk('future_import_statement', s, this.prevEnd(), c);
    }
    if (this.at('.') || this.at('...')) {
      const ps = this.start[this.i]!;
      const dots: SyntaxNode[] = [];
      for (;;) {
        if (this.at('.')) dots.push(anon('.'));
        else if (this.at('...')) dots.push(anon('.'), anon('.'), anon('.'));
        else break;
        this.i++;
      }
      const prefix = mk('import_prefix', ps, this.prevEnd(), dots);
      const rc = [prefix];
      if (this.kind[this.i] === K.NAME) rc.push(this.dottedName());
      c.push(withField(mk('relative_import', ps, this.prevEnd(), rc), 'module_name'));
    } else c.push(withField(this.dottedName(), 'module_name'));
    c.push(this.eat('import'));
    if (this.at('*')) {
      const w = this.start[this.i]!;
      this.i++;
      c.push(mk('wildcard_import', w, w + 1, [anon('*')]));
    } else if (this.at('(')) {
      this.i++;
      c.push(anon('('));
      this.importList(c);
      c.push(this.eat(')'));
    } else this.importList(c);
    return mk('import_from_statement', s, this.prevEnd(), c);
  }

  // ---- compound statements

  /** `:` and the suite after it, pushed to c as field `field` (the INDENT belongs to the statement). */
  private suite(c: SyntaxNode[], field: string | undefined): void {
    c.push(this.eat(':'));
    let b: SyntaxNode;
    if (this.kind[this.i] === K.NEWLINE) {
      this.i++;
      if (this.kind[this.i] !== K.INDENT) this.fail('expected an indented block');
      this.i++;
      this.enter();
      const out: SyntaxNode[] = [];
      const s = this.start[this.i]!;
      while (this.kind[this.i] !== K.DEDENT) {
        if (this.kind[this.i] === K.EOF) this.fail('unexpected end');
        this.statement(out);
      }
      const e = this.start[this.i]!;
      this.i++;
      this.depth--;
      b = mk('block', s, e, out);
    } else {
      const out: SyntaxNode[] = [];
      const s = this.start[this.i]!;
      const e = this.simpleStatements(out);
      b = mk('block', s, e, out);
    }
    if (field) b.field = field;
    c.push(b);
  }

  private ifStatement(): SyntaxNode {
    const s = this.start[this.i]!;
    this.i++;
    const c = [anon('if'), withField(this.expression(), 'condition')];
    this.suite(c, 'consequence');
    while (this.at('elif')) {
      const es = this.start[this.i]!;
      this.i++;
      const ec = [anon('elif'), withField(this.expression(), 'condition')];
      this.suite(ec, 'consequence');
      c.push(withField(mk('elif_clause', es, this.lastEnd(ec), ec), 'alternative'));
    }
    if (this.at('else')) c.push(withField(this.elseClause(), 'alternative'));
    return mk('if_statement', s, this.lastEnd(c), c);
  }

  private lastEnd(c: SyntaxNode[]): number {
    return c[c.length - 1]!.end;
  }

  private elseClause(): SyntaxNode {
    const s = this.start[this.i]!;
    this.i++;
    const c = [anon('else')];
    this.suite(c, 'body');
    return mk('else_clause', s, this.lastEnd(c), c);
  }

  private forStatement(s: number, c: SyntaxNode[]): SyntaxNode {
    c.push(this.eat('for'));
    c.push(withField(this.targets(), 'left'));
    c.push(this.eat('in'));
    c.push(withField(this.expressions(), 'right'));
    this.suite(c, 'body');
    if (this.at('else')) c.push(withField(this.elseClause(), 'alternative'));
    return mk('for_statement', s, this.lastEnd(c), c);
  }

  /** Targets of a `for` (up to `in`): a pattern or a pattern_list. */
  private targets(): SyntaxNode {
    const items: SyntaxNode[] = [this.target()];
    while (this.at(',')) {
      this.i++;
      items.push(anon(','));
      if (this.at('in')) break;
      items.push(this.target());
    }
    if (items.length === 1) return this.toPattern(items[0]!);
    for (const it of items) if (it.named) this.toPattern(it);
    const last = items[items.length - 1]!;
    return mk('pattern_list', items[0]!.start, last.named ? last.end : this.prevEnd(), items);
  }

  private target(): SyntaxNode {
    if (this.at('*')) {
      const s = this.start[this.i]!;
      this.i++;
      const e = this.binary(14);
      return mk('list_splat', s, e.end, [anon('*'), e]);
    }
    return this.binary(14);
  }

  private whileStatement(): SyntaxNode {
    const s = this.start[this.i]!;
    this.i++;
    const c = [anon('while'), withField(this.expression(), 'condition')];
    this.suite(c, 'body');
    if (this.at('else')) c.push(withField(this.elseClause(), 'alternative'));
    return mk('while_statement', s, this.lastEnd(c), c);
  }

  private tryStatement(): SyntaxNode {
    const s = this.start[this.i]!;
    this.i++;
    const c = [anon('try')];
    this.suite(c, 'body');
    while (this.at('except')) {
      const es = this.start[this.i]!;
      this.i++;
      const ec = [anon('except')];
      let type = 'except_clause';
      if (this.at('*')) {
        this.i++;
        ec.push(anon('*'));
        type = 'except_group_clause';
        this.fail('except*');
      }
      if (!this.at(':')) {
        const v = this.expression();
        if (this.at('as')) {
          ec.push(withField(this.asPattern(v), 'value'));
        } else {
          ec.push(withField(v, 'value'));
          while (this.at(',')) {
            this.i++;
            ec.push(anon(','), withField(this.expression(), 'value'));
          }
        }
      }
      this.suite(ec, undefined);
      c.push(mk(type, es, this.lastEnd(ec), ec));
    }
    if (this.at('else')) c.push(this.elseClause());
    if (this.at('finally')) {
      const fs = this.start[this.i]!;
      this.i++;
      const fc = [anon('finally')];
      this.suite(fc, undefined);
      c.push(mk('finally_clause', fs, this.lastEnd(fc), fc));
    }
    return mk('try_statement', s, this.lastEnd(c), c);
  }

  /** `value as target` with value parsed. */
  private asPattern(v: SyntaxNode): SyntaxNode {
    this.i++;
    const t = this.expression();
    const target = withField(mk('as_pattern_target', t.start, t.end, [t]), 'alias');
    return mk('as_pattern', v.start, t.end, [v, anon('as'), target]);
  }

  private withStatement(s: number, c: SyntaxNode[]): SyntaxNode {
    c.push(this.eat('with'));
    const cs = this.start[this.i]!;
    const cc: SyntaxNode[] = [];
    const parens = this.at('(') && this.parenthesizedItems();
    if (parens) {
      this.i++;
      cc.push(anon('('));
    }
    for (;;) {
      const is = this.start[this.i]!;
      let v = this.expression();
      if (this.at('as')) v = this.asPattern(v);
      cc.push(mk('with_item', is, v.end, [withField(v, 'value')]));
      if (!this.at(',')) break;
      this.i++;
      cc.push(anon(','));
      if (this.at(':') || this.at(')')) break;
    }
    if (parens) cc.push(this.eat(')'));
    c.push(mk('with_clause', cs, this.prevEnd(), cc));
    this.suite(c, 'body');
    return mk('with_statement', s, this.lastEnd(c), c);
  }

  /** At `(` after `with`: whether the parentheses hold with items (a `,` or `as` inside, `:` after). */
  private parenthesizedItems(): boolean {
    let d = 0;
    let items = false;
    let as = false;
    for (let j = this.i; j < this.t.n; j++) {
      const x = this.text[j];
      if (this.kind[j] !== K.OP) continue;
      if (x === '(' || x === '[' || x === '{') d++;
      else if (x === ')' || x === ']' || x === '}') {
        d--;
        if (d > 0) continue;
        if (as && !items) this.fail('one parenthesized with item');
        return items && this.text[j + 1] === ':';
      } else if (d === 1 && x === ',' && this.text[j + 1] !== ')') items = true;
      else if (d === 1 && x === 'as') as = true;
    }
    return false;
  }

  private functionDefinition(s: number, c: SyntaxNode[]): SyntaxNode {
    c.push(this.eat('def'));
    c.push(withField(this.identifier(), 'name'));
    if (this.at('[')) this.fail('type parameters');
    const ps = this.start[this.i]!;
    const pc = [this.eat('(')];
    if (!this.at(')')) this.parameters(pc, true);
    pc.push(this.eat(')'));
    c.push(withField(mk('parameters', ps, this.prevEnd(), pc), 'parameters'));
    if (this.at('->')) {
      this.i++;
      c.push(anon('->'), withField(this.type(), 'return_type'));
    }
    this.suite(c, 'body');
    return mk('function_definition', s, this.lastEnd(c), c);
  }

  private parameters(c: SyntaxNode[], typed: boolean): void {
    for (;;) {
      c.push(this.parameter(typed));
      if (!this.at(',')) return;
      this.i++;
      c.push(anon(','));
      if (this.at(')') || this.at(':')) return;
    }
  }

  private parameter(typed: boolean): SyntaxNode {
    const s = this.start[this.i]!;
    if (this.at('*') || this.at('**')) {
      const op = this.text[this.i]!;
      this.i++;
      if (op === '*' && (this.at(',') || this.at(')') || this.at(':'))) return mk('keyword_separator', s, s + 1, [anon('*')]);
      const id = this.identifier();
      const p = mk(op === '*' ? 'list_splat_pattern' : 'dictionary_splat_pattern', s, id.end, [anon(op), id]);
      if (typed && this.at(':')) {
        this.i++;
        const t = withField(this.type(), 'type');
        return mk('typed_parameter', s, t.end, [p, anon(':'), t]);
      }
      return p;
    }
    if (this.at('/')) {
      this.i++;
      return mk('positional_separator', s, s + 1, [anon('/')]);
    }
    const id = this.identifier();
    if (typed && this.at(':')) {
      this.i++;
      const t = withField(this.type(), 'type');
      if (this.at('=')) {
        this.i++;
        const v = withField(this.expression(), 'value');
        return mk('typed_default_parameter', s, v.end, [withField(id, 'name'), anon(':'), t, anon('='), v]);
      }
      return mk('typed_parameter', s, t.end, [id, anon(':'), t]);
    }
    if (this.at('=')) {
      this.i++;
      const v = withField(this.expression(), 'value');
      return mk('default_parameter', s, v.end, [withField(id, 'name'), anon('='), v]);
    }
    return id;
  }

  private classDefinition(): SyntaxNode {
    const s = this.start[this.i]!;
    this.i++;
    const c = [anon('class'), withField(this.identifier(), 'name')];
    if (this.at('[')) this.fail('type parameters');
    if (this.at('(')) c.push(withField(this.argumentList(), 'superclasses'));
    this.suite(c, 'body');
    return mk('class_definition', s, this.lastEnd(c), c);
  }

  private decorated(): SyntaxNode {
    const s = this.start[this.i]!;
    const c: SyntaxNode[] = [];
    while (this.at('@')) {
      const ds = this.start[this.i]!;
      this.i++;
      const e = this.expression();
      if (this.kind[this.i] !== K.NEWLINE) this.fail('expected the end of a decorator');
      const de = this.start[this.i]!;
      this.i++;
      c.push(mk('decorator', ds, de, [anon('@'), e]));
    }
    let d: SyntaxNode;
    if (this.at('def')) d = this.functionDefinition(this.start[this.i]!, []);
    else if (this.at('class')) d = this.classDefinition();
    else if (this.at('async') && this.atNext('def')) {
      const as = this.start[this.i]!;
      this.i++;
      d = this.functionDefinition(as, [anon('async')]);
    } else this.fail('expected a definition');
    c.push(withField(d, 'definition'));
    return mk('decorated_definition', s, d.end, c);
  }

  // ---- types

  private type(): SyntaxNode {
    const e = this.expression();
    return mk('type', e.start, e.end, [this.typeInner(e)]);
  }

  /**
   * A generic_type or union_type where tree-sitter prefers one, else the expression. An
   * `|` chain becomes a union only when its first operand is generic (`List[int] | None`);
   * the rest of the chain is then one type (`str | list[str]` stays a binary_operator).
   */
  private typeInner(e: SyntaxNode): SyntaxNode {
    if (e.type === 'binary_operator' && e.children[1]!.type === '|') {
      const ops: SyntaxNode[] = [];
      let x = e;
      while (x.type === 'binary_operator' && x.children[1]!.type === '|') {
        ops.push(x.children[2]!);
        x = x.children[0]!;
      }
      ops.push(x);
      ops.reverse();
      if (!this.isGeneric(ops[0]!)) return e;
      return this.unionChain(ops, 0);
    }
    return this.isGeneric(e) ? this.generic(e) : e;
  }

  private isGeneric(e: SyntaxNode): boolean {
    return e.type === 'subscript' && e.children[0]!.type === 'identifier';
  }

  /**
   * The types of ops[from..] joined by `|`, as tree-sitter groups them: generic operands
   * join left-associatively; a plain operand takes the rest of the chain as one expression.
   */
  private unionChain(ops: SyntaxNode[], from: number): SyntaxNode {
    let left = this.generic(ops[from]!);
    for (let j = from + 1; j < ops.length; j++) {
      const r = ops[j]!;
      let right: SyntaxNode;
      if (this.isGeneric(r)) right = this.generic(r);
      else {
        right = this.plainChain(ops, j);
        j = ops.length;
      }
      left = mk('union_type', left.start, right.end, [mk('type', left.start, left.end, [left]), anon('|'), mk('type', right.start, right.end, [right])]);
    }
    return left;
  }

  /** ops[from..] as a plain left-associative `|` expression. */
  private plainChain(ops: SyntaxNode[], from: number): SyntaxNode {
    let left = ops[from]!;
    left.field = undefined;
    for (let j = from + 1; j < ops.length; j++) {
      const r = ops[j]!;
      left.field = 'left';
      r.field = 'right';
      left = mk('binary_operator', left.start, r.end, [left, anon('|', 'operator'), r]);
    }
    return left;
  }

  private generic(e: SyntaxNode): SyntaxNode {
    const v = e.children[0]!;
    const pc: SyntaxNode[] = [];
    for (let j = 1; j < e.children.length; j++) {
      const c = e.children[j]!;
      if (!c.named) {
        pc.push(c.field ? anon(c.type) : c);
        continue;
      }
      if (c.type === 'slice' || c.type === 'comment') this.fail('a slice in a type');
      c.field = undefined;
      pc.push(mk('type', c.start, c.end, [this.typeInner(c)]));
    }
    v.field = undefined;
    const tp = mk('type_parameter', this.bracketStart(v.end), e.end, pc);
    return mk('generic_type', e.start, e.end, [v, tp]);
  }

  /** The offset of the `[` after offset p (whitespace and comments between). */
  private bracketStart(p: number): number {
    const i = this.src.indexOf('[', p);
    return i;
  }

  // ---- expressions

  /** expression: lambda, named expression, conditional, or below. */
  private expression(): SyntaxNode {
    if (this.at('lambda')) return this.lambda();
    if (this.kind[this.i] === K.NAME && this.atNext(':=')) {
      const name = withField(this.identifier(), 'name');
      this.i++;
      const v = withField(this.expression(), 'value');
      // `x := a if b else c`: tree-sitter puts the conditional around the named expression
      if (v.type === 'conditional_expression') this.fail('a conditional expression after :=');
      return mk('named_expression', name.start, v.end, [name, anon(':='), v]);
    }
    const e = this.binary(10);
    if (this.at('if')) {
      this.i++;
      const cond = this.binary(10);
      const els = this.eat('else');
      const alt = this.expression();
      return mk('conditional_expression', e.start, alt.end, [e, anon('if'), cond, els, alt]);
    }
    return e;
  }

  private lambda(): SyntaxNode {
    const s = this.start[this.i]!;
    this.i++;
    const c = [anon('lambda')];
    if (!this.at(':')) {
      const pc: SyntaxNode[] = [];
      const ps = this.start[this.i]!;
      this.parameters(pc, false);
      c.push(withField(mk('lambda_parameters', ps, this.prevEnd(), pc), 'parameters'));
    }
    c.push(this.eat(':'));
    const body = withField(this.expression(), 'body');
    c.push(body);
    return mk('lambda', s, body.end, c);
  }

  /** Operators from precedence `min` up (10 or, 11 and, 12 not, 13 comparisons, 14.. binary). */
  private binary(min: number): SyntaxNode {
    this.enter();
    let left = this.unary(min);
    for (;;) {
      const op = this.text[this.i];
      if (op === undefined || this.kind[this.i] !== K.OP) break;
      if (op === 'or' || op === 'and') {
        const p = op === 'or' ? 10 : 11;
        if (p < min) break;
        this.i++;
        const right = withField(this.binary(p + 1), 'right');
        left.field = 'left';
        left = mk('boolean_operator', left.start, right.end, [left, anon(op, 'operator'), right]);
        continue;
      }
      if (COMPARE.has(op)) {
        if (13 < min) break;
        if (op === 'not' && !this.atNext('in')) break;
        const c = [left];
        for (;;) {
          const o = this.text[this.i];
          if (o === undefined || this.kind[this.i] !== K.OP || !COMPARE.has(o)) break;
          if (o === 'not') {
            if (!this.atNext('in')) break;
            this.twoWords();
            c.push(anon('not in', 'operators'));
          } else if (o === 'is' && this.atNext('not')) {
            this.twoWords();
            c.push(anon('is not', 'operators'));
          } else {
            this.i++;
            c.push(anon(o, 'operators'));
          }
          c.push(this.binary(14));
        }
        left = mk('comparison_operator', left.start, this.prevEnd(), c);
        continue;
      }
      const p = BIN_PREC[op];
      if (p === undefined || p < min) break;
      this.i++;
      const right = withField(this.binary(op === '**' ? 21 : p + 1), 'right');
      left.field = 'left';
      left = mk('binary_operator', left.start, right.end, [left, anon(op, 'operator'), right]);
    }
    this.depth--;
    return left;
  }

  /**
   * Consume `not in` or `is not`: one token in tree-sitter's tree, so a comment or line
   * continuation between the words is in no node; its range is noted to leave it out.
   */
  private twoWords(): void {
    const gap = this.end[this.i]!;
    if (this.start[this.i + 1]! - gap > 1) this.hidden.push(gap, this.start[this.i + 1]!);
    this.i += 2;
  }

  private unary(min: number): SyntaxNode {
    const s = this.start[this.i]!;
    if (this.kind[this.i] === K.OP) {
      const op = this.text[this.i]!;
      if (op === 'not') {
        if (min > 12) this.fail('not');
        this.i++;
        const a = withField(this.binary(12), 'argument');
        return mk('not_operator', s, a.end, [anon('not'), a]);
      }
      if (op === '-' || op === '+' || op === '~') {
        this.i++;
        const a = withField(this.binary(20), 'argument');
        return mk('unary_operator', s, a.end, [anon(op, 'operator'), a]);
      }
      if (op === 'await') {
        this.i++;
        const a = this.binary(20);
        return mk('await', s, a.end, [anon('await'), a]);
      }
    }
    return this.postfix(this.atom());
  }

  private postfix(e: SyntaxNode): SyntaxNode {
    for (;;) {
      const op = this.text[this.i];
      if (op === '.') {
        this.i++;
        e.field = 'object';
        const a = withField(this.identifier(), 'attribute');
        e = mk('attribute', e.start, a.end, [e, anon('.'), a]);
      } else if (op === '(') {
        e.field = 'function';
        const args = withField(this.argumentList(), 'arguments');
        if (e.type === 'identifier' && e.end - e.start === 5 && this.src.startsWith('print', e.start)) {
          for (const a of args.children) if (a.type === 'list_splat' && a.children[1]!.type === 'call') this.fail('print with a starred call');
        }
        e = mk('call', e.start, args.end, [e, args]);
      } else if (op === '[') {
        e.field = 'value';
        this.i++;
        this.enter();
        const c = [e, anon('[')];
        for (;;) {
          c.push(withField(this.sliceOrExpr(), 'subscript'));
          if (!this.at(',')) break;
          this.i++;
          c.push(anon(','));
          if (this.at(']')) break;
        }
        c.push(this.eat(']'));
        this.depth--;
        e = mk('subscript', e.start, this.prevEnd(), c);
      } else return e;
    }
  }

  private sliceOrExpr(): SyntaxNode {
    const s = this.start[this.i]!;
    let first: SyntaxNode | undefined;
    if (!this.at(':')) {
      first = this.expression();
      if (!this.at(':')) return first;
    }
    const c: SyntaxNode[] = first ? [first, anon(':')] : [anon(':')];
    this.i++;
    if (!this.at(':') && !this.at(']') && !this.at(',')) c.push(this.expression());
    if (this.at(':')) {
      this.i++;
      c.push(anon(':'));
      if (!this.at(']') && !this.at(',')) c.push(this.expression());
    }
    return mk('slice', s, this.prevEnd(), c);
  }

  private argumentList(): SyntaxNode {
    const s = this.start[this.i]!;
    this.i++;
    this.enter();
    const c = [anon('(')];
    while (!this.at(')')) {
      const as = this.start[this.i]!;
      if (this.at('*') || this.at('**')) {
        const op = this.text[this.i]!;
        this.i++;
        const e = this.expression();
        c.push(mk(op === '*' ? 'list_splat' : 'dictionary_splat', as, e.end, [anon(op), e]));
      } else if (this.kind[this.i] === K.NAME && this.atNext('=')) {
        const name = withField(this.identifier(), 'name');
        this.i++;
        const v = withField(this.expression(), 'value');
        c.push(mk('keyword_argument', as, v.end, [name, anon('='), v]));
      } else {
        const e = this.expression();
        if (this.at('for') || this.at('async')) {
          if (c.length !== 1) this.fail('a generator among arguments');
          const g = this.comprehension('generator_expression', s, e, ')');
          this.depth--;
          return g;
        }
        c.push(e);
      }
      if (!this.at(',')) break;
      this.i++;
      c.push(anon(','));
    }
    c.push(this.eat(')'));
    this.depth--;
    return mk('argument_list', s, this.prevEnd(), c);
  }

  /** `open body for ... close`, with `open` and body consumed. */
  private comprehension(type: string, s: number, body: SyntaxNode, close: string): SyntaxNode {
    const c = [anon(close === ')' ? '(' : close === ']' ? '[' : '{'), withField(body, 'body')];
    while (this.at('for') || (this.at('async') && this.atNext('for'))) {
      const fs = this.start[this.i]!;
      const fc: SyntaxNode[] = [];
      if (this.at('async')) {
        this.i++;
        fc.push(anon('async'));
      }
      fc.push(this.eat('for'));
      fc.push(withField(this.targets(), 'left'));
      fc.push(this.eat('in'));
      fc.push(withField(this.binary(10), 'right'));
      while (this.at(',')) {
        this.fail('a comma in a comprehension source');
      }
      c.push(mk('for_in_clause', fs, this.prevEnd(), fc));
      while (this.at('if')) {
        const is = this.start[this.i]!;
        this.i++;
        const cond = this.binary(10);
        c.push(mk('if_clause', is, cond.end, [anon('if'), cond]));
      }
    }
    c.push(this.eat(close));
    return mk(type, s, this.prevEnd(), c);
  }

  private atom(): SyntaxNode {
    const s = this.start[this.i]!;
    const e = this.end[this.i]!;
    switch (this.kind[this.i]) {
      case K.NAME:
        this.i++;
        return mk('identifier', s, e, NO_CHILDREN);
      case K.INT:
        this.i++;
        return mk('integer', s, e, NO_CHILDREN);
      case K.FLOAT:
        this.i++;
        return mk('float', s, e, NO_CHILDREN);
      case K.STRING:
      case K.FSTART: {
        const first = this.string();
        const k = this.kind[this.i];
        if (k !== K.STRING && k !== K.FSTART) return first;
        const c = [first];
        while (this.kind[this.i] === K.STRING || this.kind[this.i] === K.FSTART) c.push(this.string());
        return mk('concatenated_string', s, this.prevEnd(), c);
      }
      case K.OP:
        switch (this.text[this.i]) {
          case 'None':
            this.i++;
            return mk('none', s, e, NO_CHILDREN);
          case 'True':
            this.i++;
            return mk('true', s, e, NO_CHILDREN);
          case 'False':
            this.i++;
            return mk('false', s, e, NO_CHILDREN);
          case '...':
            this.i++;
            return mk('ellipsis', s, e, NO_CHILDREN);
          case '(':
            return this.paren();
          case '[':
            return this.bracket();
          case '{':
            return this.brace();
        }
    }
    this.fail('expected an expression');
  }

  /** Elements of a list, set or tuple after the first, up to `close` (consumed). */
  private elements(c: SyntaxNode[], close: string): void {
    while (this.at(',')) {
      this.i++;
      c.push(anon(','));
      if (this.at(close)) break;
      c.push(this.element());
    }
    c.push(this.eat(close));
  }

  private element(): SyntaxNode {
    if (this.at('*')) return this.starred(true);
    if (this.at('yield')) return this.yieldExpr();
    return this.expression();
  }

  private paren(): SyntaxNode {
    const s = this.start[this.i]!;
    this.i++;
    this.enter();
    let r: SyntaxNode;
    if (this.at(')')) {
      this.i++;
      r = mk('tuple', s, this.prevEnd(), [anon('('), anon(')')]);
    } else if (this.at('yield')) {
      const y = this.yieldExpr();
      const c = [anon('('), y, this.eat(')')];
      r = mk('parenthesized_expression', s, this.prevEnd(), c);
    } else {
      const first = this.element();
      if (this.at('for') || this.at('async')) r = this.comprehension('generator_expression', s, first, ')');
      else if (this.at(',')) {
        const c = [anon('('), first];
        this.elements(c, ')');
        r = mk('tuple', s, this.prevEnd(), c);
      } else {
        if (first.type === 'list_splat') this.fail('a parenthesized star');
        const c = [anon('('), first, this.eat(')')];
        r = mk('parenthesized_expression', s, this.prevEnd(), c);
      }
    }
    this.depth--;
    return r;
  }

  private bracket(): SyntaxNode {
    const s = this.start[this.i]!;
    this.i++;
    this.enter();
    let r: SyntaxNode;
    if (this.at(']')) {
      this.i++;
      r = mk('list', s, this.prevEnd(), [anon('['), anon(']')]);
    } else {
      const first = this.element();
      if (this.at('for') || this.at('async')) r = this.comprehension('list_comprehension', s, first, ']');
      else {
        const c = [anon('['), first];
        this.elements(c, ']');
        this.lone(c);
        r = mk('list', s, this.prevEnd(), c);
      }
    }
    this.depth--;
    return r;
  }

  private brace(): SyntaxNode {
    const s = this.start[this.i]!;
    this.i++;
    this.enter();
    let r: SyntaxNode;
    if (this.at('}')) {
      this.i++;
      r = mk('dictionary', s, this.prevEnd(), [anon('{'), anon('}')]);
    } else if (this.at('**')) {
      r = this.dictRest(s, [anon('{')]);
    } else {
      const first = this.element();
      if (this.at(':')) {
        this.i++;
        const v = withField(this.expression(), 'value');
        first.field = 'key';
        const pair = mk('pair', first.start, v.end, [first, anon(':'), v]);
        if (this.at('for') || this.at('async')) r = this.comprehension('dictionary_comprehension', s, pair, '}');
        else {
          const c = [anon('{'), pair];
          if (this.at(',')) {
            this.i++;
            c.push(anon(','));
          }
          r = this.dictRest(s, c);
        }
      } else if (this.at('for') || this.at('async')) r = this.comprehension('set_comprehension', s, first, '}');
      else {
        const c = [anon('{'), first];
        this.elements(c, '}');
        this.lone(c);
        r = mk('set', s, this.prevEnd(), c);
      }
    }
    this.depth--;
    return r;
  }

  /** Dictionary items up to `}`; c holds the items so far (ending after a comma or `{`). */
  private dictRest(s: number, c: SyntaxNode[]): SyntaxNode {
    while (!this.at('}')) {
      const is = this.start[this.i]!;
      if (this.at('**')) {
        this.i++;
        const e = this.binary(14);
        c.push(mk('dictionary_splat', is, e.end, [anon('**'), e]));
      } else {
        const k = withField(this.expression(), 'key');
        this.eat(':');
        const v = withField(this.expression(), 'value');
        c.push(mk('pair', is, v.end, [k, anon(':'), v]));
      }
      if (!this.at(',')) break;
      this.i++;
      c.push(anon(','));
    }
    c.push(this.eat('}'));
    return mk('dictionary', s, this.prevEnd(), c);
  }

  // ---- strings

  private string(): SyntaxNode {
    const s = this.start[this.i]!;
    if (this.kind[this.i] === K.STRING) {
      this.i++;
      return mk('string', s, this.end[this.i - 1]!, NO_CHILDREN);
    }
    const c = [mk('string_start', s, this.end[this.i]!, NO_CHILDREN)];
    const raw = this.isRaw(s, this.end[this.i]!);
    this.i++;
    for (;;) {
      const k = this.kind[this.i];
      if (k === K.FEND) {
        c.push(mk('string_end', this.start[this.i]!, this.end[this.i]!, NO_CHILDREN));
        this.i++;
        break;
      }
      if (k === K.FTEXT) {
        c.push(this.stringContent(this.start[this.i]!, this.end[this.i]!, raw));
        this.i++;
      } else if (this.at('{')) c.push(this.interpolation('interpolation'));
      else this.fail('f-string');
    }
    return mk('string', s, this.prevEnd(), c);
  }

  private isRaw(s: number, e: number): boolean {
    for (let p = s; p < e; p++) if ((this.src.charCodeAt(p) | 32) === 114) return true;
    return false;
  }

  /** Literal f-string text with its escape sequences and doubled braces as children. */
  private stringContent(s: number, e: number, raw: boolean): SyntaxNode {
    const src = this.src;
    const c: SyntaxNode[] = [];
    for (let p = s; p < e; ) {
      const ch = src.charCodeAt(p);
      if (ch === 123 || ch === 125) {
        c.push(mk('escape_interpolation', p, p + 2, NO_CHILDREN));
        p += 2;
        continue;
      }
      if (ch === 92 && !raw) {
        const l = escapeLength(src, p + 1);
        if (l > 0) {
          c.push(mk('escape_sequence', p, p + 1 + l, NO_CHILDREN));
          p += 1 + l;
        } else p++;
        continue;
      }
      p++;
    }
    return mk('string_content', s, e, c.length ? c : []);
  }

  private interpolation(type: string): SyntaxNode {
    const s = this.start[this.i]!;
    this.i++;
    this.enter();
    const c = [anon('{')];
    let e: SyntaxNode;
    if (this.at('yield')) e = this.yieldExpr();
    else {
      const es = this.start[this.i]!;
      e = this.listOrSingle(this.exprItems(true), es, 'expression_list');
    }
    c.push(withField(e, 'expression'));
    if (this.at('=')) {
      this.i++;
      c.push(anon('='));
    }
    if (this.kind[this.i] === K.CONV) {
      c.push(withField(mk('type_conversion', this.start[this.i]!, this.end[this.i]!, NO_CHILDREN), 'type_conversion'));
      this.i++;
    }
    if (this.at(':')) {
      const fs = this.start[this.i]!;
      this.i++;
      const fc = [anon(':')];
      for (;;) {
        if (this.kind[this.i] === K.FSPEC) this.i++;
        else if (this.at('{')) fc.push(this.interpolation('format_expression'));
        else break;
      }
      c.push(withField(mk('format_specifier', fs, this.prevEnd(), fc), 'format_specifier'));
    }
    c.push(this.eat('}'));
    this.depth--;
    return mk(type, s, this.prevEnd(), c);
  }
}

function isPostfix(n: SyntaxNode): boolean {
  return n.type === 'call' || n.type === 'attribute' || n.type === 'subscript';
}

/** The length of the escape after a backslash at p-1 that tree-sitter makes an escape_sequence, else 0. */
function escapeLength(src: string, p: number): number {
  const c = src.charCodeAt(p);
  const hex = (from: number, count: number): number => {
    for (let j = 0; j < count; j++) {
      const d = src.charCodeAt(from + j);
      if (!((d >= 48 && d <= 57) || (d >= 97 && d <= 102) || (d >= 65 && d <= 70))) return 0;
    }
    return count + 1;
  };
  switch (c) {
    case 117: // u
      return hex(p + 1, 4);
    case 85: // U
      return hex(p + 1, 8);
    case 120: // x
      return hex(p + 1, 2);
    case 10:
      return 1;
    case 13:
      return src.charCodeAt(p + 1) === 10 ? 2 : 0;
    case 39:
    case 34:
    case 97:
    case 98:
    case 102:
    case 114:
    case 110:
    case 116:
    case 118:
    case 92:
      return 1;
    case 78: {
      if (src.charCodeAt(p + 1) !== 123) return 0;
      const close = src.indexOf('}', p + 2);
      return close > p + 2 ? close - p + 1 : 0;
    }
  }
  if (c >= 48 && c <= 57) {
    let l = 1;
    while (l < 3 && src.charCodeAt(p + l) >= 48 && src.charCodeAt(p + l) <= 57) l++;
    return l;
  }
  return 0;
}

/** Parse Python source into tree-sitter's tree, or throw `Decline`. */
export function parsePython(source: string): SyntaxNode {
  const tokens = tokenize(source);
  const parser = new Parser(source, tokens);
  const root = parser.module();
  if (tokens.comments.length) attachComments(root, tokens.comments, source, parser.hidden);
  return root;
}

/**
 * Put each comment where tree-sitter does: in the smallest node whose span strictly holds it
 * (spans end at the NEWLINE or DEDENT that follows, so a trailing comment of a block is inside),
 * between the children around it.
 */
function attachComments(root: SyntaxNode, comments: number[], src: string, hidden: number[]): void {
  next: for (let j = 0; j < comments.length; j += 2) {
    const cs = comments[j]!;
    const ce = comments[j + 1]!;
    for (let h = 0; h < hidden.length; h += 2) if (cs >= hidden[h]! && ce <= hidden[h + 1]!) continue next;
    let n = root;
    for (;;) {
      let inner: SyntaxNode | undefined;
      for (const c of n.children) {
        if (c.start >= 0 && c.start < cs && c.end >= ce && c.named) {
          inner = c;
          break;
        }
        if (c.start > ce) break;
      }
      if (!inner || inner.children.length === 0) break;
      n = inner;
    }
    if (n.children === NO_CHILDREN) throw new Decline('a comment in a leaf');
    insertComment(n, mk(src.charCodeAt(cs) === 92 ? 'line_continuation' : 'comment', cs, ce, NO_CHILDREN), src);
  }
}

/** Insert a comment among a node's children, placing it after the anonymous tokens before it. */
function insertComment(n: SyntaxNode, comment: SyntaxNode, src: string): void {
  const ch = n.children;
  // walk children, tracking a source position to find the anonymous tokens' offsets
  let p = n.start;
  let idx = ch.length;
  for (let j = 0; j < ch.length; j++) {
    const c = ch[j]!;
    let cs: number;
    let ce: number;
    if (c.start >= 0) {
      cs = c.start;
      ce = c.end;
    } else {
      cs = skipSpace(src, p);
      ce = cs + (c.type === 'not in' || c.type === 'is not' ? tokenSpan(src, cs) : c.type.length);
    }
    if (cs >= comment.end) {
      idx = j;
      break;
    }
    p = ce;
  }
  ch.splice(idx, 0, comment);
}

function tokenSpan(src: string, p: number): number {
  // `not   in` / `is  not`: two words with whitespace (and maybe comments) between
  let q = p;
  while (q < src.length && ((src.charCodeAt(q) | 32) >= 97 && (src.charCodeAt(q) | 32) <= 122)) q++;
  q = skipSpace(src, q);
  while (q < src.length && ((src.charCodeAt(q) | 32) >= 97 && (src.charCodeAt(q) | 32) <= 122)) q++;
  return q - p;
}

/** Skip whitespace, newlines, comments and line continuations from p. */
function skipSpace(src: string, p: number): number {
  for (;;) {
    const c = src.charCodeAt(p);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 92) p++;
    else if (c === 35) {
      while (p < src.length && src.charCodeAt(p) !== 10) p++;
    } else return p;
  }
}
