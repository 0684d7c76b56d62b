/**
 * The JavaScript / TypeScript front end. Parses with typescript-estree (or oxc-parser, see
 * js-parser.ts) and lowers the tree
 * to language-neutral facts: imports, every call with folded argument values, functions
 * (tool handlers marked), and string constants.
 *
 * Values flow through one environment per scope, statements in order. Function bodies are
 * walked after the scope that defines them has been walked completely: a closure sees the
 * final state of the variables it captures, module constants declared below a function are
 * visible in it, and a handler registered as a tool anywhere in that scope is known to be one
 * before its body is lowered. When a function turns out to be a tool only after its body was
 * lowered (registered from a function walked later), the file is lowered a second time with
 * that knowledge.
 *
 * Names: identifiers bound nowhere in the file are globals and keep their own name (`fetch`,
 * `eval`, `process.env.X`); local bindings without a known origin are `?`. Methods of classes
 * in the file are called `Class.method`. A TypeScript annotation naming an imported class
 * (`db: Pool`) makes the value an instance of it (`pg.Pool()`).
 *
 * JSX: the parser decides by extension, as TypeScript does (.js/.mjs/.cjs/.jsx/.tsx accept JSX,
 * .ts/.mts/.cts do not); extension-less scripts parse as .js or .ts by language.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type {
  CallFact,
  FileFacts,
  FunctionFact,
  ImportFact,
  ParseProblem,
  Range,
  SourceModel,
  TaintKind,
  TaintOrigin,
  TemplatePart,
  Value,
} from './facts.js';
import { buildSourceModel } from './frameworks/index.js';
import { capturedPattern, patternSanitizers, removalSanitizers } from './patterns.js';
import { ALLOWLISTED, safeToken, emptyOrChecked, pickedBy, readsStore, carriedByContent, checkByName, refusalByName, derivesPathByName, contentChosenBy, isDigest, isEmbedding, entryOfConstantTable, itemOfConstantList, cat, dispatchChoices, isNumber, numeric, throughSettings, FlowLowering, modelChosen, joinedFileName, recursiveResult, inSourceOrder, itemsToJoin, sanitizerByName, sharedCommand, spreadArguments, type FlowScope, type Guard, instantiate, isStringish, toolCallArguments, mergeAll, mergeValues, taintOfAll, unk } from './flow.js';
import { endOf, parseJavaScriptSource, ParserUnavailable, startOf } from './js-parser.js';
import { constantSummary, importedConstant, importedResult, returnSummary, type ImportedReturns, type ReturnSummary } from './returns.js';
import { LineTable } from './lines.js';
import { normalizeJsModule } from './names.js';
import { constString, constant, takesOutApostrophes, dedupeTaint, fromParts, memberOfParameter, joinValues, numberedText, dquoteEscaped, sqlEscaped, taintOf, unknown, withSanitizer } from './values.js';

/**
 * The node types, read once: in the bundled CLI, a name imported from a CommonJS package is a
 * getter on its exports, which a plain `AST_NODE_TYPES.X` at every type test would call.
 */
const T = AST_NODE_TYPES;

type Node = TSESTree.Node;
type FnNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
type Tool = { framework: string; via: string; input?: TaintKind; param?: number };

// ---------------------------------------------------------------------------------------------
// module names

/**
 * Normalized module name. A trailing `.js` on a package subpath (`@modelcontextprotocol/sdk/server/mcp.js`)
 * is dropped: qualified names are dotted, and the extension would read as one more segment.
 */
function moduleName(specifier: string): string {
  let spec = specifier;
  if (!spec.startsWith('.') && !spec.startsWith('/')) {
    const bare = spec.startsWith('node:') ? spec.slice(5) : spec;
    const firstSlash = bare.indexOf('/');
    const pkgEnd = bare.startsWith('@') && firstSlash >= 0 ? bare.indexOf('/', firstSlash + 1) : firstSlash;
    if (pkgEnd > 0) spec = spec.replace(/\.[cm]?js$/, '');
  }
  return normalizeJsModule(spec);
}

/** Modules a file loads, for enabling framework models before the walk: import declarations, require() and import(). */
function importedModules(program: TSESTree.Program, source: string): string[] {
  const out = new Set<string>();
  for (const s of program.body) {
    if (s.type === T.ImportDeclaration) out.add(moduleName(s.source.value));
    else if (s.type === T.TSImportEqualsDeclaration && s.moduleReference.type === T.TSExternalModuleReference) {
      const e = s.moduleReference.expression;
      if (e.type === T.Literal && typeof e.value === 'string') out.add(moduleName(e.value));
    }
  }
  // a textual scan is enough here: a stray match only enables a model
  const re = /\b(?:require|import)\s*\(\s*['"`]([^'"`\n]+)['"`]\s*\)/g;
  for (let m = re.exec(source); m; m = re.exec(source)) out.add(moduleName(m[1]!));
  return [...out];
}

// ---------------------------------------------------------------------------------------------
// value helpers


function isNullish(v: Value): boolean {
  return v.kind === 'const' && v.value === null;
}

/** Class fields assigned in several places: a later real value replaces a placeholder `null`, refs survive. */
function mergeField(old: Value, v: Value): Value {
  if (isNullish(v)) return old;
  if (isNullish(old)) return v;
  const merged = mergeValues(old, v);
  if (merged.kind === 'unknown' && !merged.ref) {
    const ref = (v.kind === 'unknown' && v.ref) || (old.kind === 'unknown' && old.ref) || undefined;
    if (ref) return unknown(merged.taint, { ref, sanitized: merged.sanitized });
  }
  return merged;
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

const UNDEFINED: Value = Object.freeze(unknown()) as Value;
/**
 * A parameter declared `number`, `bigint` or `boolean` (optionally `| undefined | null`), or in
 * TypeScript (`typed`) one without a type whose default is a number (`offset = 0`: its type is inferred as `number`).
 */
function numberTyped(param: Node, typed: boolean): boolean {
  const target = param.type === T.AssignmentPattern ? param.left : param;
  const ann = (target as { typeAnnotation?: TSESTree.TSTypeAnnotation }).typeAnnotation?.typeAnnotation;
  if (!ann) return typed && param.type === T.AssignmentPattern && param.right.type === T.Literal && typeof param.right.value === 'number';
  const kinds = ann.type === T.TSUnionType ? ann.types : [ann];
  const numeric = (t: TSESTree.TypeNode) => t.type === T.TSNumberKeyword || t.type === T.TSBigIntKeyword || t.type === T.TSBooleanKeyword;
  return kinds.some(numeric) && kinds.every((t) => numeric(t) || t.type === T.TSUndefinedKeyword || t.type === T.TSNullKeyword);
}

/** Types whose one argument is what awaiting the value gives. */
const PROMISE_TYPES = new Set(['Promise', 'PromiseLike']);
const ARITHMETIC = new Set(['*', '-', '/', '%', '**', '|', '&', '^', '<<', '>>', '>>>']);
/** `globalThis`, `window`, `global`, `self`: members are globals (`globalThis.eval` is `eval`). */
const GLOBAL_OBJECT: Value = Object.freeze(unknown()) as Value;
const GLOBAL_OBJECT_NAMES = new Set(['globalThis', 'window', 'global', 'self']);
/** Methods of strings and arrays whose arguments are positions: the result is a part of the receiver. */
const PICKED_BY_POSITION = new Set(['slice', 'substring', 'substr', 'at', 'charAt']);
/** Array methods whose callback receives the elements. */
const ELEMENT_CALLBACKS = new Set(['map', 'forEach', 'filter', 'flatMap', 'find', 'findLast', 'findIndex', 'some', 'every', 'then']);

/** `s.split('/')`: a string cut at its path separators. */
function splitBySlash(n: Node): boolean {
  const x = unwrap(n);
  return x.type === T.CallExpression && x.callee.type === T.MemberExpression && !x.callee.computed && x.callee.property.type === T.Identifier && x.callee.property.name === 'split' && x.arguments.length >= 1 && literalString(x.arguments[0]!) === '/';
}
/** Calls that compute a path or URL from their arguments: a check on the result vouches for the inputs. */
/** Arithmetic on an array index and number literals only (`i`, `i + 1`, `2 * i + 2`). */
function indexArithmetic(n: TSESTree.Node, index: string | undefined): boolean {
  if (n.type === T.Identifier) return n.name === index;
  if (n.type === T.Literal) return typeof n.value === 'number';
  if (n.type === T.BinaryExpression) return ['+', '-', '*'].includes(n.operator) && indexArithmetic(n.left, index) && indexArithmetic(n.right, index);
  return false;
}

/**
 * The element a `map` callback makes when it returns constant text with at most the element's
 * index spliced in (`() => '?'`, `(_, i) => \`$\${i + 1}\``): that text, the index an integer.
 */
function placeholderOf(fn: TSESTree.Node): Value | undefined {
  if (fn.type !== T.ArrowFunctionExpression || fn.body.type === T.BlockStatement) return undefined;
  const second = fn.params[1];
  const index = second?.type === T.Identifier ? second.name : undefined;
  const body = fn.body;
  if (body.type === T.Literal && typeof body.value === 'string') return constant(body.value);
  if (body.type !== T.TemplateLiteral || !body.expressions.every((e) => indexArithmetic(e, index))) return undefined;
  const parts: TemplatePart[] = [];
  body.quasis.forEach((q, k) => {
    parts.push(q.value.cooked ?? q.value.raw);
    if (k < body.expressions.length) parts.push({ hole: withSanitizer(unknown(), 'integer') });
  });
  return fromParts(parts);
}

const DERIVING_CALLS = new Set(['resolve', 'join', 'normalize', 'relative', 'realpath', 'realpathSync', 'fileURLToPath', 'URL']);
const URL_PARTS = new Set(['hostname', 'host', 'origin', 'href']);
/** What says which kind a message is: LangChain.js's `message._getType()` (`getType()`), a message object's `role` or `type`. */
const ROLE_METHODS = new Set(['_getType', 'getType']);
const ROLE_FIELDS = new Set(['role', 'type', '_type']);
/** A helper named for putting a URL in its canonical form (`normalizeUrl(u)`, `parseURL(u)`): the same URL. */
const URL_DERIVING = /^(?:normali[sz]e|parse|canonical(?:i[sz]e)?)_?ur[li]$/i;
const ALLOWLIST_NAME = /allow|whitelist|permitted|trusted/i;

function unwrap(node: Node): Node {
  for (;;) {
    switch (node.type) {
      case T.TSAsExpression:
      case T.TSSatisfiesExpression:
      case T.TSNonNullExpression:
      case T.TSTypeAssertion:
      case T.TSInstantiationExpression:
      case T.ChainExpression:
      case T.AwaitExpression:
        node = 'expression' in node ? node.expression : node.argument;
        break;
      default:
        return node;
    }
  }
}

/** A guard condition: true (or false, per `whenTrue`) means the named variables are safe. */

// ---------------------------------------------------------------------------------------------
// environment

interface ClassCtx {
  name: string;
  fields: Map<string, Value>;
  methods: Map<string, FunctionFact>;
  superRef?: string;
  tool?: { framework: string; methods: string[]; via: string };
  ctor?: FunctionFact;
  /** the value of `this` inside the class */
  instance: Value;
}

interface FnCtx {
  id: string | undefined;
  cls: ClassCtx | undefined;
}

interface Frame extends FlowScope {
  parent: Frame | undefined;
  fn: FnCtx;
  /** function (or module) frame: `var` declarations land here */
  isFunction: boolean;
}

interface Pending {
  node: FnNode;
  fact: FunctionFact;
  frame: Frame;
  cls: ClassCtx | undefined;
  walked: boolean;
  /** extra taint for the first parameter (array callbacks of tainted arrays) */
  seed?: TaintOrigin[];
  /** what the first parameter is (a transaction callback's handle: the database it was opened on) */
  seedRef?: string;
  /** the first parameter's value (a callback over a list of the program's constants: one of them) */
  seedValue?: Value;
  /** the body has been walked to the end: `returns` is complete */
  done?: boolean;
  /** what the function returns, merged over its return statements */
  returns?: Value;
}

// ---------------------------------------------------------------------------------------------
// the lowering

class Lowering extends FlowLowering<Frame, Node> {
  protected readonly absent = UNDEFINED;
  protected get here(): Frame {
    return this.frame;
  }
  readonly imports: ImportFact[] = [];
  readonly calls: { start: number; end: number; fact: CallFact }[] = [];
  readonly functions: { start: number; fact: FunctionFact }[] = [];
  /** tools found after their body was lowered: the next pass marks them up front (by function start offset) */
  readonly lateTools = new Map<number, Tool>();
  needRerun = false;

  private frame: Frame;
  /** module specifiers are not string constants worth reporting */
  private quiet = false;
  private readonly moduleFrame: Frame;
  /** the program has been walked: functions may be walked on demand, to know what they return */
  private draining = false;
  private readonly queue: Pending[] = [];
  private readonly pendings = new Map<string, Pending>();
  private readonly byName = new Map<string, Pending[]>();
  private readonly toolNames = new Map<string, Tool>();
  readonly toolRefs: NonNullable<FileFacts['toolRefs']> = [];
  private readonly fnValues = new Map<string, Value>();
  private readonly ids = new Set<string>();
  private readonly hoisted = new WeakSet<Node>();
  private readonly classOf = new WeakMap<Value, ClassCtx>();
  private readonly instanceOf = new WeakMap<Value, ClassCtx>();
  /**
   * the values parameters start with, and the parameter's name: a member read of the parameter itself (`options.root`,
   * by its name, while it still holds that value) stands for that member of what a caller passed
   */
  private readonly paramValues = new WeakMap<Value, string>();
  /** member chains rooted at a local binding: `req.body` */
  private readonly localPaths = new WeakMap<Value, string>();
  /** a regular expression literal's pattern (`/^[A-Za-z_]\w*$/`) */
  private readonly regexPatterns = new WeakMap<Value, string>();
  /** while a `.some`/`.every` callback's test is read: its item parameters, the constants it declares, and whether it runs over an allowlist */
  private someCallback: { items: ReadonlySet<string>; locals: ReadonlyMap<string, Node>; allowlist: boolean } | undefined;
  /** regular expressions with the `g` flag (their `match` lists whole matches) */
  private readonly globalRegexes = new WeakSet<Value>();
  /** matches (`text.match(RE)`, `RE.exec(text)`) by the pattern they were made with */
  private readonly matchPatterns = new WeakMap<Value, string>();
  /** ImportFacts made for require()/import() calls, so a declaration can name them */
  private readonly requireFacts = new Map<Node, ImportFact>();
  private readonly globals = new Map<string, Value>();
  /** imported names usable in type annotations: local name -> qualified name */
  private readonly typeRefs = new Map<string, string>();
  /** default imports: module -> local name, for model names written `module.Class()` */
  private readonly defaultImports = new Map<string, string>();

  constructor(
    protected readonly lines: LineTable,
    private readonly model: SourceModel,
    private readonly seeds: ReadonlyMap<number, Tool>,
    /** a Next.js route file (`app/api/chat/route.ts`): its exported GET, POST, ... handle requests */
    private readonly routeFile = false,
    /**
     * Next.js request entry points besides routes: `page` (the default export of `page.tsx` takes
     * `params` and `searchParams` from the URL) or `actions` (a `'use server'` module: every
     * exported function is a server action the browser calls with its own arguments)
     */
    private readonly nextEntry: 'page' | 'actions' | undefined = undefined,
    /** TypeScript: callers are type-checked against the parameters' declared or inferred types */
    private readonly typed = false,
  ) {
    super();
    this.moduleFrame = { vars: new Map(), parent: undefined, serial: this.serial++, fn: { id: undefined, cls: undefined }, isFunction: true };
    this.frame = this.moduleFrame;
  }

  /** Module functions not exported (in an ES module without CommonJS exports) can only be called from the file. */
  private settleLocal(source: string, exported: () => ReadonlySet<string>): void {
    if (/\b(?:module\.exports|exports\.[A-Za-z_$])/.test(source)) return;
    for (const { fact } of this.functions) if (fact.local === undefined && !fact.name.includes('.') && !exported().has(fact.name)) fact.local = true;
  }

  /** `exported`: the names the module exports (`exportedNames`), asked for once per file whatever the passes. */
  run(program: TSESTree.Program, source = '', exported: () => ReadonlySet<string> = () => exportedNames(program)): void {
    for (const s of program.body) if (s.type === T.ImportDeclaration) this.importDeclaration(s);
    this.hoist(program.body);
    for (const s of program.body) this.statement(s);
    this.draining = true;
    this.drain(this.queue, (p) => this.walkFunction(p));
    this.settleLocal(source, exported);
  }

  private recordReturn(v: Value): void {
    const p = this.frame.fn.id ? this.pendings.get(this.frame.fn.id) : undefined;
    if (p) p.returns = p.returns ? mergeValues(p.returns, v) : v;
  }

  /** Names of the simple parameters by position (destructured ones are undefined). */
  private simpleParams(p: Pending): (string | undefined)[] {
    return p.node.params
      .filter((x) => !(x.type === T.Identifier && x.name === 'this'))
      .map((x) => (x.type === T.Identifier ? x.name : x.type === T.AssignmentPattern && x.left.type === T.Identifier ? x.left.name : undefined));
  }

  // --- facts ---------------------------------------------------------------------------------

  private range(node: Node): Range {
    return this.lines.range(startOf(node), endOf(node));
  }

  private line(node: Node): number {
    return this.lines.line(startOf(node));
  }

  private stringFact(node: Node, value: string, name: string | undefined): void {
    if (!this.quiet) this.recordString(startOf(node), endOf(node), value, name);
  }

  // --- environment ---------------------------------------------------------------------------

  private pushFrame(fn: FnCtx = this.frame.fn, isFunction = false): Frame {
    const f: Frame = { vars: new Map(), parent: this.frame, serial: this.serial++, fn, isFunction };
    this.frame = f;
    return f;
  }

  private declare(name: string, v: Value, isVar = false): void {
    let f = this.frame;
    if (isVar) while (!f.isFunction && f.parent) f = f.parent;
    this.put(f, name, v);
  }

  private assign(name: string, v: Value): void {
    this.put(this.owner(name) ?? this.moduleFrame, name, v);
  }

  // --- model lookups -------------------------------------------------------------------------

  /**
   * Framework models may name a default-imported class as `module.Class()` (`openai.OpenAI()`)
   * where the lowering writes `module()`: try that spelling too.
   */
  private alias(name: string): string | undefined {
    for (const [mod, local] of this.defaultImports) {
      // (asked of every call's name: no string is made for a module the name does not start with)
      if (!name.startsWith(mod)) continue;
      if (name.length === mod.length) return `${mod}.${local}`;
      if (name.startsWith('()', mod.length)) return `${mod}.${local}()${name.slice(mod.length + 2)}`;
    }
    return undefined;
  }

  private callTaint(name: string): { kind: TaintKind; name: string } | undefined {
    const k = this.model.callTaint(name);
    if (k) return { kind: k, name };
    const alt = this.alias(name);
    const ka = alt && this.model.callTaint(alt);
    return ka ? { kind: ka, name: alt! } : undefined;
  }

  private toolFactory(name: string): ReturnType<SourceModel['toolFactory']> {
    const f = this.model.toolFactory(name);
    if (f) return f;
    const alt = this.alias(name);
    return alt ? this.model.toolFactory(alt) : undefined;
  }

  private toolClass(name: string): ReturnType<SourceModel['toolClass']> {
    const c = this.model.toolClass(name);
    if (c) return c;
    const alt = this.alias(name);
    return alt ? this.model.toolClass(alt) : undefined;
  }

  // --- imports -------------------------------------------------------------------------------

  private importDeclaration(node: TSESTree.ImportDeclaration): void {
    const module = moduleName(node.source.value);
    if (!node.specifiers.length) {
      if (node.importKind !== 'type') this.imports.push({ module, alias: '', range: this.range(node) });
      return;
    }
    for (const spec of node.specifiers) {
      const alias = spec.local.name;
      let ref = module;
      let name: string | undefined;
      if (spec.type === T.ImportSpecifier) {
        const imported = spec.imported.type === T.Identifier ? spec.imported.name : String(spec.imported.value);
        if (imported !== 'default') {
          name = imported;
          ref = `${module}.${imported}`;
        }
      }
      // type-only imports name no value, but annotations using them still tell what a receiver is
      this.typeRefs.set(alias, ref);
      if (node.importKind === 'type' || (spec.type === T.ImportSpecifier && spec.importKind === 'type')) continue;
      if (ref === module && spec.type !== T.ImportNamespaceSpecifier && !this.defaultImports.has(module)) this.defaultImports.set(module, alias);
      this.imports.push(name === undefined ? { module, alias, range: this.range(spec) } : { module, name, alias, range: this.range(spec) });
      if (spec.type === T.ImportNamespaceSpecifier) this.namespaces.add(ref);
      this.moduleFrame.vars.set(alias, importedConstant(this.importedReturns, ref) ?? unknown(undefined, { ref }));
    }
  }

  /** Modules imported whole (`import * as git from './git.js'`): their members are the module's exports */
  private readonly namespaces = new Set<string>();


  /** A declaration binding a require()/import() result: name the ImportFact(s) after the bound names. */
  private nameImport(id: TSESTree.Node, init: TSESTree.Expression): void {
    const path: string[] = [];
    let n = unwrap(init);
    while (n.type === T.MemberExpression) {
      const key = this.staticMemberKey(n);
      if (key === undefined) return;
      path.unshift(key);
      n = unwrap(n.object);
    }
    const fact = this.requireFacts.get(n);
    if (!fact || fact.alias) return;
    if (id.type === T.Identifier) {
      fact.alias = id.name;
      if (path.length) fact.name = path.join('.');
      else if (!this.defaultImports.has(fact.module)) this.defaultImports.set(fact.module, id.name);
    } else if (id.type === T.ObjectPattern) {
      let first = true;
      for (const p of id.properties) {
        if (p.type !== T.Property) continue;
        const key = !p.computed ? this.propertyName(p.key) : undefined;
        const local = p.value.type === T.Identifier ? p.value : p.value.type === T.AssignmentPattern && p.value.left.type === T.Identifier ? p.value.left : undefined;
        if (key === undefined || !local) continue;
        const name = [...path, key].join('.');
        if (first) {
          fact.name = name;
          fact.alias = local.name;
          first = false;
        } else this.imports.push({ module: fact.module, name, alias: local.name, range: this.range(p) });
      }
    }
  }

  private moduleValue(node: Node, specifier: string): Value {
    const module = moduleName(specifier);
    const fact: ImportFact = { module, alias: '', range: this.range(node) };
    this.imports.push(fact);
    this.requireFacts.set(node, fact);
    return unknown(undefined, { ref: module });
  }

  // --- functions -----------------------------------------------------------------------------

  private createFunction(node: FnNode, name: string, rangeNode: Node, cls: ClassCtx | undefined): FunctionFact {
    const start = startOf(rangeNode);
    const line = this.lines.line(start);
    let id = `${name}@${line}`;
    if (this.ids.has(id)) {
      let n = 2;
      while (this.ids.has(`${id}#${n}`)) n++;
      id = `${id}#${n}`;
    }
    this.ids.add(id);
    const params: string[] = [];
    for (const p of node.params) this.paramNames(p, params);
    const fact: FunctionFact = { id, name, params, range: this.range(rangeNode) };
    // nested functions are local; module functions are settled once the exports are known
    if (this.frame.fn.id !== undefined || cls) fact.local = this.frame.fn.id !== undefined;
    const seeded = this.seeds.get(startOf(node));
    if (seeded) fact.tool = seeded;
    else if (hasDirective(node.body, 'use server')) fact.tool = SERVER_ACTION;
    this.functions.push({ start, fact });
    const pending: Pending = { node, fact, frame: this.frame, cls, walked: false };
    this.pendings.set(id, pending);
    this.queue.push(pending);
    const same = this.byName.get(name);
    if (same) same.push(pending);
    else this.byName.set(name, [pending]);
    const byName = this.toolNames.get(name);
    if (byName && !fact.tool) fact.tool = byName;
    return fact;
  }

  private fnValue(fact: FunctionFact): Value {
    let v = this.fnValues.get(fact.id);
    if (!v) this.fnValues.set(fact.id, (v = unknown(undefined, { functionId: fact.id })));
    return v;
  }

  /** A function expression or arrow in an expression: its FunctionFact, walked later. */
  private functionExpression(node: TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression, hint: string | undefined, rangeNode: Node = node): Value {
    const name = node.id?.name ?? hint ?? '<anonymous>';
    const cls = node.type === T.ArrowFunctionExpression ? this.frame.fn.cls : undefined;
    return this.fnValue(this.createFunction(node, name, rangeNode, cls));
  }

  private paramNames(p: TSESTree.Parameter | TSESTree.DestructuringPattern | TSESTree.Node, out: string[]): void {
    switch (p.type) {
      case T.Identifier:
        if (p.name !== 'this') out.push(p.name);
        break;
      case T.AssignmentPattern:
        this.paramNames(p.left, out);
        break;
      case T.RestElement:
        this.paramNames(p.argument, out);
        break;
      case T.ObjectPattern:
        for (const prop of p.properties) this.paramNames(prop.type === T.Property ? prop.value : prop, out);
        break;
      case T.ArrayPattern:
        for (const e of p.elements) if (e) this.paramNames(e, out);
        break;
      case T.TSParameterProperty:
        this.paramNames(p.parameter, out);
        break;
      default:
        break;
    }
  }

  /**
   * `export async function POST(req, { params })` in a route file: request and route parameters are
   * request input; with `as`, every exported function is marked so (server actions).
   */
  private markRouteHandlers(decl: Node, as?: Tool): void {
    const names: string[] = [];
    if (decl.type === T.FunctionDeclaration && decl.id) names.push(decl.id.name);
    else if (decl.type === T.VariableDeclaration) for (const d of decl.declarations) if (d.id.type === T.Identifier) names.push(d.id.name);
    for (const name of names) {
      if (!as && !HTTP_METHODS.has(name)) continue;
      const tool: Tool = as ?? { framework: 'next', via: `route handler ${name}`, input: 'request-input' };
      const v = this.lookup(name);
      const p = v && v.kind === 'unknown' && v.functionId ? this.pendings.get(v.functionId) : this.byName.get(name)?.[0];
      if (p) this.markTool(p, tool);
    }
  }

  private markTool(p: Pending, tool: Tool): void {
    if (p.fact.tool) return;
    p.fact.tool = tool;
    if (p.walked) {
      this.lateTools.set(startOf(p.node), tool);
      this.needRerun = true;
    }
  }

  /** A handler passed to a tool factory: inline, or a name for a function of this file. */
  private markToolArgument(node: Node | undefined, v: Value | undefined, tool: Tool): void {
    // a list of tools (`tools: [runSql, search]`): each function in it
    if (v?.kind === 'list') {
      const n = node && unwrap(node);
      const items = n?.type === T.ArrayExpression ? n.elements : [];
      v.items.forEach((item, i) => this.markToolArgument(items.length === v.items.length ? (items[i] ?? undefined) : undefined, item, tool));
      return;
    }
    if (v && v.kind === 'unknown' && v.functionId) {
      const p = this.pendings.get(v.functionId);
      if (p) this.markTool(p, tool);
      return;
    }
    if (!node) return;
    const n = unwrap(node);
    if (n.type === T.Identifier && !this.lookup(n.name)) {
      const known = this.byName.get(n.name);
      if (known) for (const p of known) this.markTool(p, tool);
      else this.toolNames.set(n.name, tool);
    } else if (v?.kind === 'unknown' && v.ref && !v.ref.includes('(')) this.toolRefs.push({ ref: v.ref, tool });
  }

  /** Functions of this module that other modules register as tools, by name. */
  presetTools(tools: ReadonlyMap<string, Tool>): void {
    for (const [name, tool] of tools) this.toolNames.set(name, tool);
  }

  /** what the functions of other modules this file calls return (returns.ts), by callee */
  importedReturns: ImportedReturns | undefined;

  /**
   * What the module's functions return, for the other modules that call them (returns.ts): its
   * exported functions and static methods (`Class.method`), and its default export as `default`.
   */
  returnSummaries(file: string, defaultExport: string | undefined, exported: ReadonlySet<string> = new Set()): Record<string, ReturnSummary> | undefined {
    let out: Record<string, ReturnSummary> | undefined;
    // exported module-level names bound to constants (`export const GIT_ARGS = ["-c", "core.fsmonitor=false"]`)
    for (const name of exported) {
      const v = this.moduleFrame.vars.get(name);
      const s = v && constantSummary(v);
      if (s) (out ??= {})[name] = s;
    }
    for (const p of this.pendings.values()) {
      if (!p.done || !p.returns || p.node.generator || p.fact.local || p.fact.name.split('.').length > 2) continue;
      const s = returnSummary(p.fact, p.returns, file, this.simpleParams(p));
      if (!s) continue;
      (out ??= {})[p.fact.name] = s;
      if (p.fact.name === defaultExport) out.default = s;
    }
    return out;
  }

  private walkFunction(p: Pending): void {
    p.walked = true;
    const saveFrame = this.frame;
    const saveExited = this.exited;
    const saveJumped = this.jumped;
    const saveTrail = this.trail;
    this.trail = undefined;
    this.frame = p.frame;
    this.pushFrame({ id: p.fact.id, cls: p.cls }, true);
    this.exited = false;
    const tool = p.fact.tool;
    let index = 0;
    for (const param of p.node.params) {
      // a parameter its framework fills from the request (NestJS's `@Body() dto`, `@Param('id', ParseIntPipe) id`)
      let filled: { parsed: boolean } | undefined;
      for (const d of (param as { decorators?: TSESTree.Decorator[] }).decorators ?? []) {
        const dv = this.expr(d.expression);
        if (taintOf(dv).some((o) => o.kind === 'request-input')) filled = { parsed: parsedByPipe(d.expression) };
      }
      let pat: Node = param;
      if (pat.type === T.TSParameterProperty) pat = pat.parameter;
      if (pat.type === T.Identifier && pat.name === 'this') continue;
      const i = index++;
      // a tool's input is its first parameter (or the one its framework names); every parameter of a route handler comes from the request
      const asTool = !!tool && (i === (tool.param ?? 0) || tool.input === 'request-input');
      const seed = i === 0 ? p.seed : undefined;
      // `dimensions?: number`: a caller that type-checks passes a number, which cannot carry text
      const number = (!asTool && !filled && numberTyped(pat, this.typed)) || !!filled?.parsed;
      const seedValue = i === 0 && !asTool && !filled && pat.type === T.Identifier ? p.seedValue : undefined;
      this.bindParam(pat, (name, at, field) => {
        if (seedValue) return seedValue;
        const origin: TaintOrigin = filled
          ? { kind: 'request-input', name, line: this.line(at), ...(number ? { sanitized: ['integer' as const] } : {}) }
          : asTool
          ? { kind: tool.input ?? 'tool-param', name, line: this.line(at) }
          : { kind: 'param', name, line: this.line(at), functionId: p.fact.id, index: i, ...(field !== undefined ? { field } : {}), ...(number ? { sanitized: ['integer' as const] } : {}) };
        const v = unknown(seed ? [origin, ...seed] : [origin], { ref: (i === 0 ? p.seedRef : undefined) ?? this.instanceRefOf(at), ...(number ? { sanitized: ['integer' as const] } : {}) });
        if (!asTool && !filled && !seed && field === undefined) this.paramValues.set(v, name);
        return v;
      });
      if (param.type === T.TSParameterProperty && p.cls) {
        const names: string[] = [];
        this.paramNames(param.parameter, names);
        for (const n of names) p.cls.fields.set(n, this.lookup(n) ?? UNDEFINED);
      }
    }
    const body = p.node.body;
    if (body) {
      if (body.type === T.BlockStatement) {
        this.hoist(body.body);
        this.statements(body.body);
      } else this.recordReturn(this.expr(body));
    }
    p.done = true;
    this.frame = saveFrame;
    this.exited = saveExited;
    this.jumped = saveJumped;
    this.trail = saveTrail;
  }

  /**
   * `db: Pool` where `Pool` is imported from `pg`: the value is a `pg.Pool()`. Annotations are
   * the only hint to what an injected or passed-in client is.
   */
  private instanceRefOf(id: Node): string | undefined {
    const ann = id.type === T.Identifier || id.type === T.PropertyDefinition ? id.typeAnnotation?.typeAnnotation : undefined;
    return ann ? this.instanceRefOfType(ann) : undefined;
  }

  /**
   * The instance a declared type stands for: `Pool | undefined` is a `Pool`, and so is `Promise<Pool>`
   * (awaiting is transparent to the analysis: `await getPool()` is what `getPool` resolves to).
   */
  private instanceRefOfType(ann: TSESTree.TypeNode, depth = 0): string | undefined {
    let t: TSESTree.TypeNode = ann;
    if (t.type === T.TSUnionType) {
      const real = t.types.filter((x) => x.type !== T.TSUndefinedKeyword && x.type !== T.TSNullKeyword);
      if (real.length !== 1) return undefined;
      t = real[0]!;
    }
    if (t.type !== T.TSTypeReference) return undefined;
    const inner = t.typeArguments?.params;
    if (depth < 2 && inner?.length === 1 && t.typeName.type === T.Identifier && PROMISE_TYPES.has(t.typeName.name) && !this.lookup(t.typeName.name)) {
      return this.instanceRefOfType(inner[0]!, depth + 1);
    }
    const ref = this.typeName(t.typeName);
    return ref ? `${ref}()` : undefined;
  }

  /** What a call of a function of this file returns, given the declared return type when the body says nothing of it. */
  private declaredResult(p: Pending, v: Value): Value {
    const ann = p.node.returnType?.typeAnnotation;
    if (!ann || v.kind !== 'unknown' || v.ref) return v;
    const ref = this.instanceRefOfType(ann);
    return ref ? { ...v, ref } : v;
  }

  private typeName(n: TSESTree.EntityName): string | undefined {
    if (n.type === T.Identifier) {
      const v = this.lookup(n.name);
      if (v) return v.kind === 'unknown' ? v.ref : undefined;
      return this.typeRefs.get(n.name);
    }
    if (n.type === T.TSQualifiedName) {
      const base = this.typeName(n.left);
      return base ? `${base}.${n.right.name}` : undefined;
    }
    return undefined;
  }

  /** `field`: the member of the parameter a name of a destructuring parameter (`{ root }`) stands for; `top`: `pat` is the parameter itself */
  private bindParam(pat: Node, make: (name: string, at: Node, field?: string) => Value, field?: string, top = true): void {
    switch (pat.type) {
      case T.Identifier:
        this.declare(pat.name, make(pat.name, pat, field));
        break;
      case T.AssignmentPattern: {
        const def = this.expr(pat.right, pat.left.type === T.Identifier ? pat.left.name : undefined);
        // a parameter defaulting to a function of the file (`execFile: ExecLike = defaultExecFileSync`, a seam for tests):
        // calling it calls that function, with the arguments of that call (a caller passing another one is not seen here)
        if (top && pat.left.type === T.Identifier && def.kind === 'unknown' && def.functionId) {
          const made = make(pat.left.name, pat.left, field);
          const v: Value = made.kind === 'unknown' && !made.functionId && !made.choices ? { ...made, functionId: def.functionId } : made;
          const name = this.paramValues.get(made);
          if (v !== made && name !== undefined) this.paramValues.set(v, name);
          this.declare(pat.left.name, v);
          break;
        }
        this.bindParam(pat.left, make, field, false);
        break;
      }
      case T.RestElement:
        this.bindParam(pat.argument, make, undefined, false);
        break;
      case T.ObjectPattern:
        for (const prop of pat.properties) {
          if (prop.type === T.Property) {
            if (prop.computed) this.expr(prop.key);
            const key = top && !prop.computed ? this.memberName(prop) : undefined;
            this.bindParam(prop.value, make, key, false);
          } else this.bindParam(prop, make, undefined, false);
        }
        break;
      case T.ArrayPattern:
        for (const e of pat.elements) if (e) this.bindParam(e, make, undefined, false);
        break;
      default:
        break;
    }
  }

  // --- classes -------------------------------------------------------------------------------

  private classValue(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression, hint: string | undefined): Value {
    const name = node.id?.name ?? hint ?? '<anonymous>';
    for (const d of node.decorators ?? []) this.expr(d.expression);
    let superRef: string | undefined;
    let base: ClassCtx | undefined;
    if (node.superClass) {
      const sv = this.expr(node.superClass);
      base = this.classOf.get(sv);
      superRef = sv.kind === 'unknown' ? sv.ref : undefined;
      if (!superRef && base) superRef = base.superRef;
    }
    let tool: ClassCtx['tool'];
    if (superRef) {
      const tc = this.toolClass(superRef);
      if (tc) tool = { framework: tc.framework, methods: tc.methods, via: superRef };
    }
    if (!tool && base?.tool) tool = base.tool;
    const instance = superRef ? unknown(undefined, { ref: `${superRef}()` }) : unknown();
    const ctx: ClassCtx = {
      name,
      fields: new Map(base?.fields),
      methods: new Map(base?.methods),
      superRef,
      tool,
      instance,
    };
    const classVal = unknown();
    this.classOf.set(classVal, ctx);
    this.instanceOf.set(instance, ctx);
    if (node.type === T.ClassDeclaration && node.id) this.declare(node.id.name, classVal);

    const members = node.body.body;
    let ctor: Pending | undefined;
    for (const m of members) {
      if (m.type !== T.MethodDefinition || !m.value.body) continue;
      for (const d of m.decorators ?? []) this.expr(d.expression);
      const key = this.memberName(m);
      const fact = this.createFunction(m.value as TSESTree.FunctionExpression, `${name}.${key ?? '<computed>'}`, m, ctx);
      // (a `private` or `#private` method is called only by the class's own code: its call sites here are all there are)
      if (m.accessibility === 'private' || m.key.type === T.PrivateIdentifier) fact.local = true;
      if (m.kind === 'constructor') {
        ctx.ctor = fact;
        ctor = this.pendings.get(fact.id);
      } else if (key !== undefined) {
        ctx.methods.set(key, fact);
        if (tool && tool.methods.includes(key)) fact.tool = { framework: tool.framework, via: tool.via };
      }
    }
    // field initializers run with `this` bound to the instance
    const saveFrame = this.frame;
    this.pushFrame({ id: this.frame.fn.id, cls: ctx }, true);
    for (const m of members) {
      if (m.type === T.PropertyDefinition || m.type === T.AccessorProperty) {
        for (const d of m.decorators ?? []) this.expr(d.expression);
        const key = this.memberName(m);
        if (!m.value) {
          const ref = m.type === T.PropertyDefinition && key !== undefined ? this.instanceRefOf(m) : undefined;
          if (ref && !ctx.fields.has(key!)) ctx.fields.set(key!, unknown(undefined, { ref }));
          continue;
        }
        if (m.value.type === T.ArrowFunctionExpression || m.value.type === T.FunctionExpression) {
          const fact = this.createFunction(m.value, `${name}.${key ?? '<computed>'}`, m, ctx);
          if (key !== undefined) {
            ctx.methods.set(key, fact);
            if (tool && tool.methods.includes(key)) fact.tool = { framework: tool.framework, via: tool.via };
          }
        } else {
          const v = this.expr(m.value, key);
          if (key !== undefined) ctx.fields.set(key, v);
        }
      } else if (m.type === T.StaticBlock) {
        this.pushFrame();
        this.hoist(m.body);
        this.statements(m.body);
        this.frame = this.frame.parent!;
      }
    }
    this.frame = saveFrame;
    // the constructor runs now: what it stores on `this` is visible wherever the class is used
    if (ctor && !ctor.walked) this.walkFunction(ctor);
    return classVal;
  }

  private memberName(m: TSESTree.MethodDefinition | TSESTree.PropertyDefinition | TSESTree.AccessorProperty | TSESTree.Property): string | undefined {
    if (m.computed) {
      const k = this.expr(m.key);
      return k.kind === 'const' && (typeof k.value === 'string' || typeof k.value === 'number') ? String(k.value) : undefined;
    }
    return this.propertyName(m.key);
  }

  private propertyName(key: Node): string | undefined {
    if (key.type === T.Identifier) return key.name;
    if (key.type === T.PrivateIdentifier) return `#${key.name}`;
    if (key.type === T.Literal && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
    return undefined;
  }

  // --- statements ----------------------------------------------------------------------------

  /** Function declarations are visible in their whole block. */
  private hoist(stmts: readonly Node[]): void {
    for (const s of stmts) {
      let d: Node = s;
      if ((d.type === T.ExportNamedDeclaration || d.type === T.ExportDefaultDeclaration) && d.declaration) d = d.declaration;
      if (d.type !== T.FunctionDeclaration || !d.body) continue;
      this.hoisted.add(d);
      const fact = this.createFunction(d, d.id?.name ?? '<anonymous>', d, undefined);
      if (d.id) this.declare(d.id.name, this.fnValue(fact));
    }
  }

  private block(stmts: readonly TSESTree.Statement[]): void {
    this.pushFrame();
    this.hoist(stmts);
    this.statements(stmts);
    this.frame = this.frame.parent!;
  }

  /** A block's statements in order; those after a `return`, `throw`, `break` or `continue` are listed, graded low, their writes kept from leaking (a function declaration there was hoisted and is callable). */
  private statements(stmts: readonly TSESTree.ProgramStatement[]): void {
    for (const s of stmts) {
      if ((this.exited || this.jumped) && s.type !== T.FunctionDeclaration) this.deadStatement(() => this.statement(s));
      else this.statement(s);
    }
  }

  private statement(node: Node): void {
    switch (node.type) {
      case T.ExpressionStatement:
        if (!node.directive) this.expr(node.expression);
        return;
      case T.VariableDeclaration:
        for (const d of node.declarations) this.declarator(d, node.kind === 'var');
        return;
      case T.FunctionDeclaration:
        if (!this.hoisted.has(node) && node.body) {
          const fact = this.createFunction(node, node.id?.name ?? '<anonymous>', node, undefined);
          if (node.id) this.declare(node.id.name, this.fnValue(fact));
        }
        return;
      case T.ClassDeclaration:
        this.classValue(node, undefined);
        return;
      case T.ReturnStatement:
        this.recordReturn(node.argument ? this.expr(node.argument) : UNDEFINED);
        this.exited = true;
        return;
      case T.ThrowStatement:
        this.expr(node.argument);
        this.exited = true;
        return;
      case T.IfStatement:
        this.ifStatement(node);
        return;
      case T.BlockStatement:
        this.block(node.body);
        return;
      case T.ForStatement: {
        const save = this.frame;
        this.pushFrame();
        if (node.init) {
          if (node.init.type === T.VariableDeclaration) this.statement(node.init);
          else this.expr(node.init);
        }
        if (node.test) this.expr(node.test);
        this.branches(
          [
            () => {
              this.statement(node.body);
              if (node.update) this.expr(node.update);
            },
          ],
          true,
        );
        this.jumped = false;
        this.frame = save;
        return;
      }
      case T.ForInStatement:
      case T.ForOfStatement: {
        const save = this.frame;
        this.pushFrame();
        const coll = this.expr(node.right);
        const elem =
          node.type === T.ForOfStatement && coll.kind === 'list' && coll.items.length ? mergeAll(coll.items) : unknown(taintOfAll([coll]));
        this.branches(
          [
            () => {
              const left = node.left;
              if (left.type === T.VariableDeclaration) {
                const d = left.declarations[0];
                if (d) this.bindPattern(d.id, elem, 'declare', undefined);
              } else this.bindPattern(left, elem, 'assign', undefined);
              this.statement(node.body);
            },
          ],
          true,
        );
        this.jumped = false;
        this.frame = save;
        return;
      }
      case T.WhileStatement:
        this.expr(node.test);
        this.branches([() => this.statement(node.body)], true);
        this.jumped = false;
        return;
      case T.DoWhileStatement:
        this.branches(
          [
            () => {
              this.statement(node.body);
              this.expr(node.test);
            },
          ],
          true,
        );
        this.jumped = false;
        return;
      case T.SwitchStatement: {
        this.expr(node.discriminant);
        const save = this.frame;
        this.pushFrame();
        let hasDefault = false;
        for (const c of node.cases) {
          if (c.test) this.expr(c.test);
          else hasDefault = true;
          this.hoist(c.consequent);
        }
        this.branches(
          node.cases.map((c) => () => {
            for (const s of c.consequent) this.statement(s);
          }),
          !hasDefault,
        );
        this.jumped = false;
        this.frame = save;
        return;
      }
      case T.TryStatement: {
        const paths: (() => void)[] = [() => this.block(node.block.body)];
        const handler = node.handler;
        if (handler) {
          paths.push(() => {
            const save = this.frame;
            this.pushFrame();
            if (handler.param) this.bindPattern(handler.param, unknown(), 'declare', undefined);
            this.block(handler.body.body);
            this.frame = save;
          });
        }
        this.branches(paths, false);
        if (node.finalizer) {
          const exited = this.exited;
          this.exited = false;
          this.block(node.finalizer.body);
          this.exited = this.exited || exited;
        }
        return;
      }
      case T.LabeledStatement:
        this.statement(node.body);
        return;
      case T.WithStatement:
        this.expr(node.object);
        this.statement(node.body);
        return;
      case T.ExportNamedDeclaration:
        if (node.declaration) this.statement(node.declaration);
        if (this.routeFile && node.declaration) this.markRouteHandlers(node.declaration);
        if (this.nextEntry === 'actions' && node.declaration) this.markRouteHandlers(node.declaration, SERVER_ACTION);
        return;
      case T.ExportDefaultDeclaration: {
        const d = node.declaration;
        if (d.type === T.FunctionDeclaration || d.type === T.ClassDeclaration || d.type === T.TSDeclareFunction) this.statement(d);
        if (d.type === T.FunctionDeclaration && this.nextEntry) {
          const p = this.queue.find((q) => q.node === d);
          if (p) this.markTool(p, this.nextEntry === 'page' ? NEXT_PAGE : SERVER_ACTION);
        }
        else if (d.type === T.TSInterfaceDeclaration || d.type === T.TSEnumDeclaration || d.type === T.TSModuleDeclaration || d.type === T.TSTypeAliasDeclaration) this.statement(d);
        else this.expr(d);
        return;
      }
      case T.TSImportEqualsDeclaration: {
        if (node.importKind === 'type') return;
        const ref = node.moduleReference;
        if (ref.type === T.TSExternalModuleReference) {
          if (ref.expression.type === T.Literal && typeof ref.expression.value === 'string') {
            const module = moduleName(ref.expression.value);
            this.imports.push({ module, alias: node.id.name, range: this.range(node) });
            this.declare(node.id.name, unknown(undefined, { ref: module }));
          }
        } else this.declare(node.id.name, this.entityName(ref));
        return;
      }
      case T.TSExportAssignment:
        this.expr(node.expression);
        return;
      case T.TSEnumDeclaration: {
        // an enum reads like an object literal of its members
        const entries: Record<string, Value> = {};
        for (const m of node.body.members) {
          const key = m.id.type === T.Identifier ? m.id.name : String(m.id.value);
          entries[key] = m.initializer ? this.expr(m.initializer, key) : UNDEFINED;
        }
        this.declare(node.id.name, { kind: 'dict', entries });
        return;
      }
      case T.TSModuleDeclaration:
        if (node.id.type === T.Identifier && node.kind !== 'global') this.declare(node.id.name, unknown());
        if (node.body && node.body.type === T.TSModuleBlock) this.block(node.body.body);
        return;
      case T.BreakStatement:
      case T.ContinueStatement:
        this.jumped = true;
        return;
      case T.ImportDeclaration: // hoisted: handled before the walk
      case T.ExportAllDeclaration:
      case T.EmptyStatement:
      case T.DebuggerStatement:
      case T.TSInterfaceDeclaration:
      case T.TSTypeAliasDeclaration:
      case T.TSDeclareFunction:
      case T.TSNamespaceExportDeclaration:
        return;
      default:
        this.children(node);
    }
  }

  private entityName(n: TSESTree.EntityName): Value {
    if (n.type === T.Identifier) return this.identifier(n);
    if (n.type === T.TSQualifiedName) {
      const base = this.entityName(n.left);
      return base.kind === 'unknown' && base.ref ? unknown(undefined, { ref: `${base.ref}.${n.right.name}` }) : unknown();
    }
    return unknown();
  }

  private declarator(d: TSESTree.VariableDeclarator, isVar: boolean): void {
    if (!d.init) {
      if (d.id.type === T.Identifier) {
        const ref = this.instanceRefOf(d.id);
        this.declare(d.id.name, ref ? unknown(undefined, { ref }) : UNDEFINED, isVar);
      }
      return;
    }
    const hint = d.id.type === T.Identifier ? d.id.name : undefined;
    const v = this.expr(d.init, hint);
    if (this.requireFacts.size) this.nameImport(d.id, d.init);
    this.bindPattern(d.id, v, isVar ? 'var' : 'declare', d.init);
    if (d.id.type === T.Identifier) {
      this.recordDerivation(d.id.name, d.init);
      this.recordRole(d.id.name, d.init);
    }
  }

  /**
   * The names of the messages whose kind a variable holds (`const messageType = message._getType()`), and of those whose
   * text it holds (`const clean = removeCachePoint(message.content)`), by the scope that declares it.
   */
  private readonly roleVars = new WeakMap<object, Map<string, string[]>>();
  private readonly contentVars = new WeakMap<object, Map<string, string[]>>();

  private recordRole(name: string, init: Node): void {
    // (asked for every declaration: the two shape tests first, the scope only for the few that match)
    const role = this.roleSubject(init);
    const content = this.messageContent(init, 0);
    if (!role && !content) return;
    const s = this.owner(name);
    if (!s) return;
    for (const [names, into] of [
      [role, this.roleVars],
      [content, this.contentVars],
    ] as const) {
      if (!names) continue;
      let m = into.get(s);
      if (!m) into.set(s, (m = new Map()));
      m.set(name, names);
    }
  }

  /** `m.content`, `m.text`, or a call or a choice made from one (`strip(m.content)`, `typeof m.content === "string" ? m.content : JSON.stringify(m.content)`): the names of m. */
  private messageContent(n: Node, depth: number): string[] | undefined {
    const u = unwrap(n);
    if (depth > 2) return undefined;
    if (u.type === T.MemberExpression) {
      const key = this.staticMemberKey(u);
      if (key !== 'content' && key !== 'text') return undefined;
      const names = this.subjectNames(u.object);
      return names.length ? names : undefined;
    }
    if (u.type === T.CallExpression && u.arguments.length === 1 && u.arguments[0]!.type !== T.SpreadElement) return this.messageContent(u.arguments[0]!, depth + 1);
    if (u.type === T.ConditionalExpression) {
      const a = this.messageContent(u.consequent, depth + 1);
      const b = this.messageContent(u.alternate, depth + 1);
      return a && b && a.join() === b.join() ? a : undefined;
    }
    return undefined;
  }

  /** The variables in scope holding the text of one of the messages `names` (`contentVars`). */
  private contentOf(names: readonly string[]): string[] {
    const out: string[] = [];
    for (let s: object | undefined = this.here; s; s = (s as { parent?: object }).parent) {
      for (const [name, of] of this.contentVars.get(s) ?? []) if (of.some((x) => names.includes(x)) && !out.includes(name)) out.push(name);
    }
    return out;
  }

  /** `m._getType()`, `m.getType()`, `m.role`, `m.type` (or a variable holding one): the names of the message m whose kind it reads. */
  private roleSubject(n: Node): string[] | undefined {
    const u = unwrap(n);
    if (u.type === T.Identifier) {
      const s = this.owner(u.name);
      return s ? this.roleVars.get(s)?.get(u.name) : undefined;
    }
    const call = u.type === T.CallExpression && !u.arguments.length;
    const read = call ? unwrap(u.callee) : u;
    if (read.type !== T.MemberExpression) return undefined;
    const key = this.staticMemberKey(read) ?? '';
    if (!(call ? ROLE_METHODS : ROLE_FIELDS).has(key)) return undefined;
    const names = this.subjectNames(read.object);
    return names.length ? names : undefined;
  }

  /** Bind a pattern to a value: declarations, assignments, for-of heads, catch parameters. */
  private bindPattern(pat: Node, v: Value, mode: 'declare' | 'var' | 'assign', source: Node | undefined): void {
    switch (pat.type) {
      case T.Identifier:
        if (mode === 'assign') this.assign(pat.name, v);
        else this.declare(pat.name, v, mode === 'var');
        return;
      case T.ObjectPattern: {
        const base = source ? this.localPathOf(source, v) : undefined;
        // `const { stdioCmd, logger } = args` of a parameter `args`: each name is that member of the argument, as `args.stdioCmd` is
        const ofParam = source?.type === T.Identifier && this.paramValues.get(v) === source.name;
        for (const p of pat.properties) {
          if (p.type === T.RestElement) {
            this.bindPattern(p.argument, unknown(taintOfAll([v])), mode, undefined);
            continue;
          }
          const key = p.computed ? constKey(this.expr(p.key)) : this.propertyName(p.key);
          let sub = this.memberOf(v, key, base, p, ofParam);
          let target: Node = p.value;
          if (target.type === T.AssignmentPattern) {
            const def = this.expr(target.right, target.left.type === T.Identifier ? target.left.name : undefined);
            sub = sub === UNDEFINED ? def : mergeValues(sub, def);
            target = target.left;
          }
          this.bindPattern(target, sub, mode, undefined);
        }
        return;
      }
      case T.ArrayPattern:
        pat.elements.forEach((e, i) => {
          if (!e) return;
          if (e.type === T.RestElement) {
            this.bindPattern(e.argument, unknown(taintOfAll([v])), mode, undefined);
            return;
          }
          const item = v.kind === 'list' ? v.items[i] : undefined;
          this.bindPattern(e, item ?? unknown(taintOfAll([v])), mode, undefined);
        });
        return;
      case T.AssignmentPattern: {
        const def = this.expr(pat.right, pat.left.type === T.Identifier ? pat.left.name : undefined);
        this.bindPattern(pat.left, mergeValues(v, def), mode, undefined);
        return;
      }
      case T.RestElement:
        this.bindPattern(pat.argument, unknown(taintOfAll([v])), mode, undefined);
        return;
      case T.MemberExpression:
        this.assignMember(pat, v);
        return;
      default:
        this.children(pat);
    }
  }

  private ifStatement(node: TSESTree.IfStatement): void {
    this.expr(node.test);
    const test = this.guardOf(node.test);
    // (a `findIndex` result as a truth value: -1, nothing found, is true)
    const g = test?.index ? undefined : test;
    // (only a variable with untrusted origins is worth the path: most tests are of other values)
    const tested = this.emptyWhen(node.test);
    const empty = tested && this.emptiable(tested.name) ? tested : undefined;
    const guarded = (stmt: TSESTree.Statement, applies: boolean, emptied: boolean) => () => {
      if (empty && emptied) this.provedEmpty(empty.name, UNDEFINED);
      if (g && applies) {
        const save = this.frame;
        this.pushFrame().narrowing = true;
        this.applyGuard(g, true);
        this.statement(stmt);
        this.frame = save;
      } else this.statement(stmt);
    };
    const paths = [guarded(node.consequent, !!g?.whenTrue, !!empty?.whenTrue)];
    if (node.alternate) paths.push(guarded(node.alternate, !!g && !g.whenTrue, !!empty && !empty.whenTrue));
    // (no `else`, and the test failing says the value is empty: that side is a path of its own)
    else if (empty && !empty.whenTrue) paths.push(() => this.provedEmpty(empty.name, UNDEFINED));
    const left = this.branches(paths, paths.length === 1);
    if (g && !this.exited && !this.jumped) {
      // the unsafe side left the block: what follows runs only when the check passed
      if ((!g.whenTrue && left[0]) || (g.whenTrue && node.alternate && left[1])) this.applyGuard(g);
    }
  }

  // --- guards --------------------------------------------------------------------------------

  /** `x`, `!x`, `x == null`, `x === undefined`, `x === ""`: the variable tested, and whether the test passing says it is empty. */
  private emptyWhen(test: Node): { name: string; whenTrue: boolean } | undefined {
    const n = unwrap(test);
    if (n.type === T.Identifier) return { name: n.name, whenTrue: false };
    if (n.type === T.UnaryExpression && n.operator === '!') {
      const e = this.emptyWhen(n.argument);
      return e && { name: e.name, whenTrue: !e.whenTrue };
    }
    if (n.type === T.BinaryExpression && ['==', '===', '!=', '!=='].includes(n.operator)) {
      const [x, y] = unwrap(n.left).type === T.Identifier ? [unwrap(n.left), unwrap(n.right)] : [unwrap(n.right), unwrap(n.left)];
      const nothing = (y.type === T.Literal && (y.value === null || y.value === '')) || (y.type === T.Identifier && y.name === 'undefined');
      if (x.type !== T.Identifier || !nothing) return undefined;
      return { name: x.name, whenTrue: n.operator === '==' || n.operator === '===' };
    }
    return undefined;
  }

  protected functionScope(s: Frame): boolean {
    return s.isFunction;
  }

  /** `test` is `x === y` (or `==`; `!==`, `!=` when `negated`) with x or y one of `names`, or a path computed from the first, the value checked (`normalize(p)`). */
  private equalsOneOf(test: Node, names: string[], negated = false): boolean {
    const n = unwrap(test);
    if (n.type !== T.BinaryExpression || !(negated ? n.operator === '!==' || n.operator === '!=' : n.operator === '===' || n.operator === '==')) return false;
    return [n.left, n.right].some((o) => (o.type === T.Identifier ? names.includes(o.name) : o.type === T.CallExpression && this.subjectNames(o).includes(names[0]!)));
  }

  /** The guard a comparison of a `findIndex` result with -1 or 0 makes (`rootIndex !== -1`): the check held for the item found. */
  private indexFound(n: TSESTree.BinaryExpression): Guard | undefined {
    const num = (x: Node): number | undefined => {
      const u = unwrap(x);
      if (u.type === T.Literal && typeof u.value === 'number') return u.value;
      return u.type === T.UnaryExpression && u.operator === '-' && u.argument.type === T.Literal && u.argument.value === 1 ? -1 : undefined;
    };
    const right = num(n.right);
    const left = right === undefined ? num(n.left) : undefined;
    if (right === undefined && left === undefined) return undefined;
    const side = unwrap(right !== undefined ? n.left : n.right);
    const g = side.type === T.Identifier ? (this.scopeMap('guards', side.name) as Guard | undefined) : side.type === T.CallExpression ? this.guardOf(side) : undefined;
    if (!g?.index) return undefined;
    // (the operator read with the index on its left)
    const flip: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=' };
    const op = right !== undefined ? n.operator : (flip[n.operator] ?? n.operator);
    const k = (right ?? left)!;
    let found: boolean | undefined;
    if (k === -1 && (op === '!==' || op === '!=' || op === '>')) found = true;
    else if (k === -1 && (op === '===' || op === '==' || op === '<=')) found = false;
    else if (k === 0 && op === '>=') found = true;
    else if (k === 0 && op === '<') found = false;
    if (found === undefined) return undefined;
    const { index: _, ...rest } = g;
    return { ...rest, whenTrue: found ? g.whenTrue : !g.whenTrue };
  }

  protected guardOf(test: Node): Guard | undefined {
    const n = unwrap(test);
    switch (n.type) {
      case T.UnaryExpression: {
        if (n.operator !== '!') return undefined;
        const g = this.guardOf(n.argument);
        return g && !g.index ? { ...g, whenTrue: !g.whenTrue } : undefined;
      }
      case T.LogicalExpression: {
        const [a, b] = [this.guardOf(n.left), this.guardOf(n.right)].map((g) => (g?.index ? undefined : g));
        // `A && B` true: both hold; `A || B` false: neither holds
        const want = n.operator === '&&';
        if (n.operator === '??') return undefined;
        if (a && a.whenTrue === want) return a;
        if (b && b.whenTrue === want) return b;
        // `cwd && !(await validateCwd(cwd))` false, `!cwd || isSafe(cwd)` true: the value is empty or checked
        const either = emptyOrChecked(this.emptyWhen(n.left), b, want) ?? emptyOrChecked(this.emptyWhen(n.right), a, want);
        if (either) return either;
        // `p.startsWith(root + path.sep) || p === root`: either way p is the root or under it
        if (!want && a?.whenTrue && a.kind === 'path-contained' && this.equalsOneOf(n.right, a.names)) return a;
        // `!normalize(p).startsWith(normalize(root) + sep) && normalize(p) !== normalize(root)`: the same, said the other way
        if (want && a && !a.whenTrue && a.kind === 'path-contained' && this.equalsOneOf(n.right, a.names, true)) return a;
        // `p.startsWith(root + '/') || p.startsWith(root + '\\')`: one containment test or the other, p under a root either way
        if (!want && a?.whenTrue && b?.whenTrue && a.kind === b.kind && typeof a.kind === 'string') {
          const names = a.names.filter((x) => b.names.includes(x));
          if (names.length) return { names, kind: a.kind, whenTrue: true };
        }
        return undefined;
      }
      case T.Identifier: {
        const g = this.scopeMap('guards', n.name) as Guard | undefined;
        // (an index is -1, a truth value, when nothing was found)
        return g?.index ? undefined : g;
      }
      case T.CallExpression: {
        // a predicate named for the test it makes (`isWithin(root, p)`, `await isSafeProxyTarget(url)`)
        const callee = unwrap(n.callee);
        const named = callee.type === T.Identifier ? callee.name : callee.type === T.MemberExpression ? this.staticMemberKey(callee) : undefined;
        // (`isPrivateUrl(u)`: one named for refusing the value holds when it answers no)
        const refusal = named !== undefined ? refusalByName(named) : undefined;
        const predicate = refusal ?? (named !== undefined ? checkByName(named) : undefined);
        if (predicate) {
          const names = n.arguments.flatMap((a) => (a.type === T.SpreadElement ? [] : this.subjectNames(a)));
          return names.length ? { names, kind: predicate, whenTrue: !refusal } : undefined;
        }
        if (n.callee.type !== T.MemberExpression) return undefined;
        const method = this.staticMemberKey(n.callee);
        const arg = n.arguments[0];
        if (!arg || arg.type === T.SpreadElement) return undefined;
        // `roots.some((d) => p.startsWith(d + path.sep))`: the check holds for one of the roots (`every`: for each;
        // `findIndex`: for the root at the index it gives, when that is not -1)
        if ((method === 'some' || method === 'every' || method === 'findIndex') && (arg.type === T.ArrowFunctionExpression || arg.type === T.FunctionExpression)) {
          // (a block body: constants declared from the item or the value, then the test returned)
          const stmts = arg.body.type === T.BlockStatement ? arg.body.body : [];
          const last = stmts[stmts.length - 1];
          const locals = new Map<string, Node>();
          for (const st of stmts.slice(0, -1)) {
            if (st.type !== T.VariableDeclaration) return undefined;
            for (const d of st.declarations) if (d.id.type === T.Identifier && d.init) locals.set(d.id.name, d.init);
          }
          const body = arg.body.type === T.BlockStatement ? (last?.type === T.ReturnStatement ? last.argument : undefined) : arg.body;
          // the callback's own parameters are each item, not the value checked (`files.some((f) => f.startsWith(root))`)
          const own = new Set(arg.params.flatMap((q) => (q.type === T.Identifier ? [q.name] : [])));
          const coll = unwrap(n.callee.object);
          const collName = coll.type === T.Identifier ? coll.name : coll.type === T.MemberExpression ? this.staticMemberKey(coll) : undefined;
          const outer = this.someCallback;
          this.someCallback = { items: own, locals, allowlist: !!collName && ALLOWLIST_NAME.test(collName) };
          const g = body ? this.guardOf(body) : undefined;
          this.someCallback = outer;
          const names = g?.whenTrue ? g.names.filter((x) => !own.has(x) && !locals.has(x)) : [];
          if (!g || !names.length || !arg.params.every((q) => q.type === T.Identifier)) return undefined;
          return method === 'findIndex' ? { ...g, names, index: true } : { ...g, names };
        }
        // `new URL(endpoint).hostname.endsWith(".upstash.io")`: the host is one of that domain's
        if (method === 'endsWith') {
          const obj = unwrap(n.callee.object);
          const suffix = literalString(arg);
          const host = obj.type === T.MemberExpression && (this.staticMemberKey(obj) === 'hostname' || this.staticMemberKey(obj) === 'host');
          if (!host || suffix === undefined || !/^\.[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(suffix)) return undefined;
          const names = this.subjectNames(obj);
          return names.length ? { names, kind: 'url-allowlisted', whenTrue: true } : undefined;
        }
        if (method === 'startsWith') {
          const names = this.subjectNames(n.callee.object);
          if (!names.length) return undefined;
          // (a name bound to a constant, `const ALLOWED_PREFIX = 'https://docs.example.com/'`, is that text)
          const held = arg?.type === T.Identifier ? this.lookup(arg.name) : undefined;
          const prefix = literalString(arg) ?? (held?.kind === 'const' && typeof held.value === 'string' ? held.value : undefined);
          if (prefix !== undefined && prefix.startsWith('..')) return { names, kind: 'path-contained', whenTrue: false };
          if (prefix !== undefined && /^https?:\/\/[^/]+\//i.test(prefix)) return { names, kind: 'url-allowlisted', whenTrue: true };
          if (prefix !== undefined && /^[a-z][a-z0-9+.-]*:/i.test(prefix)) return undefined;
          return { names, kind: 'path-contained', whenTrue: true };
        }
        // `if (!SAFE_KEY.test(key)) throw ...`: a value of identifier characters only
        if (method === 'test') {
          const re = unwrap(n.callee.object);
          const pattern = re.type === T.Literal && 'regex' in re && re.regex ? re.regex.pattern : re.type === T.Identifier ? this.regexPatterns.get(this.lookup(re.name) ?? UNDEFINED) : undefined;
          const kinds = pattern === undefined ? [] : patternSanitizers(pattern, 'search');
          const names = kinds.length ? this.subjectNames(arg) : [];
          return names.length ? { names, kind: kinds, whenTrue: true } : undefined;
        }
        if (method === 'includes' || method === 'has') {
          const coll = unwrap(n.callee.object);
          const collName = coll.type === T.Identifier ? coll.name : coll.type === T.MemberExpression ? this.staticMemberKey(coll) : undefined;
          // `.has` is a Set or Map lookup, never a substring test: any collection the program built counts
          const built = method === 'has' && coll.type === T.Identifier && !this.lookup(coll.name)?.taint?.length;
          // `["node", "npm"].includes(exe)`: an array written out of constants
          const written = coll.type === T.ArrayExpression && coll.elements.length > 0 && coll.elements.every((e) => !!e && literalString(e) !== undefined);
          // `const safeCommands = ['ls', 'cat']; if (!safeCommands.includes(cmd)) return`: a variable holding such an array
          // (an array's `includes` is membership; a string's would be a substring test, so the value must be a list)
          const held = coll.type === T.Identifier ? this.lookup(coll.name) : undefined;
          const listed = held?.kind === 'list' && held.items.length > 0 && held.items.every((i) => i.kind === 'const' && typeof i.value === 'string');
          if (!built && !written && !listed && (!collName || !ALLOWLIST_NAME.test(collName))) return undefined;
          const names = this.subjectNames(arg);
          return names.length ? { names, kind: ALLOWLISTED, whenTrue: true } : undefined;
        }
        return undefined;
      }
      case T.BinaryExpression: {
        // `i !== -1`, `i >= 0`, `i > -1` of an index `findIndex` gave for a check (`-1 === i`, `i < 0` the other way round)
        const found = this.indexFound(n);
        if (found) return found;
        const eq = n.operator === '===' || n.operator === '==';
        if (!eq && n.operator !== '!==' && n.operator !== '!=') return undefined;
        // `message._getType() === 'system'`, `messageType === "system"`, `m.role === "system"`: a message that already is a
        // system message, whose text a helper rebuilding it (a cache point added, one removed) moves into no new role
        const role = literalString(n.right) === 'system' ? this.roleSubject(n.left) : literalString(n.left) === 'system' ? this.roleSubject(n.right) : undefined;
        if (role) return { names: [...role, ...this.contentOf(role)], kind: 'system-role', whenTrue: eq };
        // `allowedHosts.some((h) => new URL(u).hostname === new URL(h).hostname)`: the host is one of the allowed ones
        const host = this.someCallback?.allowlist ? this.hostMatchesItem(n.left, n.right) ?? this.hostMatchesItem(n.right, n.left) : undefined;
        if (host) return { names: host, kind: 'url-allowlisted', whenTrue: eq };
        const [subject, other] = literalString(n.right) !== undefined ? [n.left, n.right] : [n.right, n.left];
        if (literalString(other) === undefined) return undefined;
        const s = unwrap(subject);
        const isUrlPart =
          (s.type === T.MemberExpression && URL_PARTS.has(this.staticMemberKey(s) ?? '')) ||
          (s.type === T.Identifier && this.scopeMap('derived', s.name) !== undefined);
        if (!isUrlPart) return undefined;
        const names = this.subjectNames(subject);
        return names.length ? { names, kind: 'url-allowlisted', whenTrue: eq } : undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * In a `.some` callback over an allowlist: the names a host part (`x.hostname`) reads when the other side of its
   * comparison reads the callback's item (`h`, `new URL(h).hostname`); undefined otherwise.
   */
  private hostMatchesItem(hostSide: Node, itemSide: Node): string[] | undefined {
    const cb = this.someCallback!;
    const h = unwrap(hostSide);
    if (h.type !== T.MemberExpression || !URL_PARTS.has(this.staticMemberKey(h) ?? '')) return undefined;
    const fromItem = (names: string[]) => names.some((x) => cb.items.has(x));
    const names = this.subjectNames(h);
    if (!names.length || fromItem(names)) return undefined;
    const other = unwrap(itemSide);
    const otherNames = other.type === T.Identifier && cb.items.has(other.name) ? [other.name] : this.subjectNames(other);
    return fromItem(otherNames) ? names.filter((x) => !cb.locals.has(x)) : undefined;
  }

  /** Variables a checked expression stands for: `full` in `full.startsWith(...)`, `p` in `path.resolve(p)`, and what they came from. */
  private subjectNames(expr: Node): string[] {
    const out: string[] = [];
    const add = (name: string) => {
      if (out.includes(name)) return;
      out.push(name);
      const from = this.scopeMap('derived', name) as string[] | undefined;
      if (from) for (const s of from) add(s);
    };
    const visit = (e: Node): void => {
      const n = unwrap(e);
      if (n.type === T.Identifier) {
        // (a constant a `.some` callback declared: what it was computed from)
        const local = this.someCallback?.locals.get(n.name);
        if (local) {
          add(n.name);
          visit(local);
          return;
        }
        if (this.someCallback?.items.has(n.name)) {
          add(n.name);
          return;
        }
        const v = this.lookup(n.name);
        if (v && v.kind !== 'const') add(n.name);
      } else if (n.type === T.CallExpression || n.type === T.NewExpression) {
        const callee = unwrap(n.callee);
        const method = callee.type === T.Identifier ? callee.name : callee.type === T.MemberExpression ? this.staticMemberKey(callee) : undefined;
        if (method && (DERIVING_CALLS.has(method) || derivesPathByName(method) || URL_DERIVING.test(method))) for (const a of n.arguments) visit(a);
      } else if (n.type === T.MemberExpression) {
        if (URL_PARTS.has(this.staticMemberKey(n) ?? '')) visit(n.object);
      }
    };
    visit(expr);
    return out;
  }

  /** Identifiers a path/URL computation reads: `p` in `path.resolve(ROOT, p)`, `u` in `new URL(u).hostname`. */
  protected derivationSources(init: Node): string[] {
    const n = unwrap(init);
    const isDeriving =
      n.type === T.CallExpression || n.type === T.NewExpression
        ? (() => {
            const callee = unwrap(n.callee);
            const m = callee.type === T.Identifier ? callee.name : callee.type === T.MemberExpression ? this.staticMemberKey(callee) : undefined;
            return !!m && (DERIVING_CALLS.has(m) || derivesPathByName(m));
          })()
        : n.type === T.MemberExpression && URL_PARTS.has(this.staticMemberKey(n) ?? '');
    return isDeriving ? this.subjectNames(n) : [];
  }

  // --- expressions ---------------------------------------------------------------------------

  private expr(node: Node, hint?: string): Value {
    switch (node.type) {
      case T.Literal:
        return this.literal(node, hint);
      case T.TemplateLiteral:
        return this.template(node, hint);
      case T.Identifier:
        return this.identifier(node);
      case T.MemberExpression:
        return this.member(node);
      case T.CallExpression:
        return this.call(node, false);
      case T.NewExpression:
        return this.call(node, true);
      case T.TaggedTemplateExpression:
        return this.tagged(node);
      case T.ChainExpression:
      case T.TSAsExpression:
      case T.TSSatisfiesExpression:
      case T.TSNonNullExpression:
      case T.TSTypeAssertion:
      case T.TSInstantiationExpression:
        return this.expr(node.expression, hint);
      case T.AwaitExpression:
        return this.expr(node.argument, hint);
      case T.ArrayExpression: {
        const items: Value[] = [];
        for (const e of node.elements) {
          if (!e) items.push(constant(null));
          else if (e.type === T.SpreadElement) {
            const s = this.expr(e.argument);
            if (s.kind === 'list') items.push(...s.items);
            // (the items of a name another module may define, `[...GIT_ARGS, "status"]`: named for the project pass, returns.ts `importedName`)
            else items.push(unknown(taintOfAll([s]), s.kind === 'unknown' && s.ref && !s.ref.includes('(') ? { ref: `${s.ref}[*]` } : {}));
          } else items.push(this.expr(e));
        }
        return { kind: 'list', items };
      }
      case T.ObjectExpression:
        return this.object(node);
      case T.FunctionExpression:
      case T.ArrowFunctionExpression:
        return this.functionExpression(node, hint);
      case T.ClassExpression:
        return this.classValue(node, hint);
      case T.BinaryExpression: {
        const l = node.left.type === T.PrivateIdentifier ? UNDEFINED : this.expr(node.left);
        const r = this.expr(node.right);
        // `*`, `-`, `/`, `%`, `**` and the bit operators always make a number; `+` of two numbers is one
        if (ARITHMETIC.has(node.operator)) return numeric(taintOfAll([l, r]));
        if (node.operator !== '+') return UNDEFINED;
        if (isStringish(l) || isStringish(r)) return cat(l, r);
        if (l.kind === 'const' && r.kind === 'const' && typeof l.value === 'number' && typeof r.value === 'number') return constant(l.value + r.value);
        if (isNumber(l) && isNumber(r)) return numeric(taintOfAll([l, r]));
        return unk(taintOfAll([l, r]));
      }
      case T.LogicalExpression: {
        const left = this.expr(node.left, hint);
        // `process.env.SEGMENT_WRITE_KEY || "…"`: the default is the variable's, named by it (as Python's
        // `os.getenv("X", "…")` default is)
        const envName = node.operator !== '&&' && left.kind === 'unknown' && left.ref?.startsWith('process.env.') ? left.ref.slice('process.env.'.length) : undefined;
        const right = this.expr(node.right, envName && /^\w+$/.test(envName) ? envName : hint);
        const merged = mergeValues(left, right);
        // `process.env.X ?? 'default'`: still the environment variable, as Python's `os.environ.get("X", "default")` is
        if (merged.kind === 'unknown' && !merged.ref && !merged.taint?.length && left.kind === 'unknown' && left.ref?.startsWith('process.env.') && right.kind === 'const') {
          return { ...merged, ref: left.ref };
        }
        return merged;
      }
      case T.ConditionalExpression:
        this.expr(node.test);
        return mergeValues(this.expr(node.consequent, hint), this.expr(node.alternate, hint));
      case T.AssignmentExpression:
        return this.assignment(node);
      case T.SequenceExpression: {
        let v: Value = UNDEFINED;
        for (const e of node.expressions) v = this.expr(e);
        return v;
      }
      case T.UnaryExpression:
        this.expr(node.argument);
        return UNDEFINED;
      case T.UpdateExpression:
        this.expr(node.argument);
        if (node.argument.type === T.Identifier) this.assign(node.argument.name, UNDEFINED);
        return UNDEFINED;
      case T.YieldExpression:
        if (node.argument) this.expr(node.argument);
        return UNDEFINED;
      case T.ThisExpression:
        return this.frame.fn.cls?.instance ?? UNDEFINED;
      case T.ImportExpression: {
        this.quiet = node.source.type === T.Literal;
        const src = this.expr(node.source);
        this.quiet = false;
        if (node.options) this.expr(node.options);
        if (src.kind === 'const' && typeof src.value === 'string') return this.moduleValue(node, src.value);
        // a module chosen at run time is a call the rules can see (`import(name)`, `import(\`data:...\`)`)
        this.pushCall(node, node, 'import', [src], undefined, false, false, undefined);
        return unknown(taintOfAll([src]));
      }
      case T.MetaProperty:
        return this.globalRef(`${node.meta.name}.${node.property.name}`);
      case T.JSXElement:
      case T.JSXFragment:
        this.jsx(node);
        return UNDEFINED;
      case T.Super:
      case T.PrivateIdentifier:
        return UNDEFINED;
      default:
        this.children(node);
        return UNDEFINED;
    }
  }

  /** Walk the children of a node this lowering has no special case for, so no call goes unseen. */
  private children(node: Node): void {
    for (const key in node) {
      if (key === 'range' || key === 'loc' || key === 'parent' || key === 'type' || key === 'typeAnnotation' || key === 'typeArguments' || key === 'typeParameters' || key === 'returnType') continue;
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const c of child) if (c && typeof c === 'object' && typeof (c as Node).type === 'string') this.any(c as Node);
      } else if (child && typeof child === 'object' && typeof (child as Node).type === 'string') this.any(child as Node);
    }
  }

  private any(node: Node): void {
    if (node.type.endsWith('Statement') || node.type.endsWith('Declaration')) this.statement(node);
    else this.expr(node);
  }

  private literal(node: TSESTree.Literal, hint: string | undefined): Value {
    const v = node.value;
    if (typeof v === 'string') {
      this.stringFact(node, v, hint);
      return constant(v);
    }
    if ('regex' in node && node.regex) {
      // the pattern is remembered for the checks a program makes with it (`SAFE_KEY.test(key)`)
      const re = unknown();
      this.regexPatterns.set(re, node.regex.pattern);
      if (node.regex.flags.includes('g')) this.globalRegexes.add(re);
      return re;
    }
    if (typeof v === 'number' || typeof v === 'boolean' || v === null) return constant(v);
    return UNDEFINED;
  }

  private template(node: TSESTree.TemplateLiteral, hint: string | undefined): Value {
    if (node.expressions.length === 0) {
      const q = node.quasis[0];
      const text = q ? (q.value.cooked ?? q.value.raw) : '';
      this.stringFact(node, text, hint);
      return constant(text);
    }
    const values: Value[] = [];
    node.quasis.forEach((q, i) => {
      values.push(constant(q.value.cooked ?? q.value.raw));
      const e = node.expressions[i];
      if (e) {
        const v = this.expr(e);
        // `${x}` is text even when x is a number
        values.push(v.kind === 'const' && v.value !== null ? constant(String(v.value)) : v);
      }
    });
    return cat(...values);
  }

  private globalRef(name: string): Value {
    let v = this.globals.get(name);
    if (!v) this.globals.set(name, (v = unknown(undefined, { ref: name })));
    return v;
  }

  private identifier(node: TSESTree.Identifier): Value {
    const v = this.lookup(node.name);
    if (v) return v;
    if (node.name === 'undefined') return UNDEFINED;
    if (GLOBAL_OBJECT_NAMES.has(node.name)) return GLOBAL_OBJECT;
    return this.globalRef(node.name);
  }

  private object(node: TSESTree.ObjectExpression): Value {
    const entries: Record<string, Value> = {};
    // what a spread of an opaque value brings (`{ ...options, model }`): any member, so the object's own taint, also
    // over the members written before it, which it may replace
    let spread: TaintOrigin[] | undefined;
    for (const p of node.properties) {
      if (p.type === T.SpreadElement) {
        const v = this.expr(p.argument);
        // a known object's members are copied (later members replace earlier ones)
        if (v.kind === 'dict') {
          for (const [k, e] of Object.entries(v.entries)) entries[k] = e;
          if (v.taint?.length) spread = [...(spread ?? []), ...v.taint];
          continue;
        }
        const t = taintOf(v);
        if (t.length) {
          for (const k of Object.keys(entries)) entries[k] = mergeValues(entries[k]!, unk(t));
          spread = [...(spread ?? []), ...t];
        }
        continue;
      }
      const key = this.memberName(p);
      const val = p.value;
      let v: Value;
      if (val.type === T.FunctionExpression || val.type === T.ArrowFunctionExpression) {
        v = this.functionExpression(val, key, p.method || p.kind !== 'init' ? p : val);
      } else if (val.type === T.AssignmentPattern || val.type === T.ObjectPattern || val.type === T.ArrayPattern || val.type === T.TSEmptyBodyFunctionExpression) {
        continue;
      } else v = this.expr(val, key);
      if (key !== undefined && key !== '__proto__' && p.kind === 'init') entries[key] = v;
    }
    return spread ? { kind: 'dict', entries, taint: dedupeTaint(spread) } : { kind: 'dict', entries };
  }

  private staticMemberKey(node: TSESTree.MemberExpression): string | undefined {
    if (!node.computed) return node.property.type === T.PrivateIdentifier ? `#${node.property.name}` : (node.property as TSESTree.Identifier).name;
    return literalString(node.property) ?? (node.property.type === T.Literal && typeof node.property.value === 'number' ? String(node.property.value) : undefined);
  }

  /** The property a member expression reads; computed keys are evaluated (once). */
  private memberKey(node: TSESTree.MemberExpression): string | undefined {
    return this.memberKeyValue(node).key;
  }

  /** The property a member expression reads, with the computed key's value (for dispatch tables: `TOOLS[name]`). */
  private memberKeyValue(node: TSESTree.MemberExpression): { key: string | undefined; keyValue?: Value } {
    if (!node.computed) return { key: node.property.type === T.PrivateIdentifier ? `#${node.property.name}` : (node.property as TSESTree.Identifier).name };
    const keyValue = this.expr(node.property);
    return { key: constKey(keyValue), keyValue };
  }

  /** The dotted path of a member chain rooted at a local binding (`req.body`), for member-source models. */
  private localPathOf(objNode: Node, objVal: Value): string | undefined {
    const n = unwrap(objNode);
    if (n.type === T.Identifier) return this.lookup(n.name) && !(objVal.kind === 'unknown' && objVal.ref) ? n.name : undefined;
    if (n.type === T.ThisExpression) return 'this';
    return this.localPaths.get(objVal);
  }

  private member(node: TSESTree.MemberExpression): Value {
    const objVal = node.object.type === T.Super ? this.superValue() : this.expr(node.object);
    const { key, keyValue } = this.memberKeyValue(node);
    const picked = key === undefined && keyValue ? dispatchChoices(objVal, keyValue) : undefined;
    if (picked) return picked;
    // (only `.arguments` can be one: no line looked up for every other member)
    const args = key === 'arguments' ? toolCallArguments(node.object.type === T.MemberExpression ? this.staticMemberKey(node.object) : undefined, key, this.line(node)) : undefined;
    if (args) return args;
    // `TASKS[task]` with a dynamic key into a table of constant commands that share one program
    const shared = node.computed && key === undefined ? sharedCommand(objVal) : undefined;
    if (shared) return shared;
    // `EDITORS[editor]`, `commands[commands.length - 1]` with a key not known here, in a table or list of the
    // program's constants: one of its entries, whatever the key
    const entry = node.computed && key === undefined ? entryOfConstantTable(objVal) ?? itemOfConstantList(objVal) : undefined;
    if (entry) return entry;
    if (objVal === GLOBAL_OBJECT && key === undefined && keyValue) this.globalLookup(node, keyValue);
    // `file.mimetype.split('/')[1]`: one part between separators holds none
    if (node.computed && key !== undefined && /^\d+$/.test(key) && splitBySlash(node.object)) {
      const part = taintOfAll([objVal]);
      if (part) return withSanitizer(unknown(part), 'path-segment');
    }
    // a group of a match (`m[1]`): text the group's sub-pattern admits whole
    const matched = node.computed && key !== undefined && /^\d+$/.test(key) ? this.matchPatterns.get(objVal) : undefined;
    if (matched !== undefined) {
      const body = capturedPattern(matched, Number(key));
      const kinds = body === undefined ? [] : patternSanitizers(body, 'fullmatch');
      return kinds.reduce<Value>((v, k) => withSanitizer(v, k), unk(taintOfAll([objVal])));
    }
    // a process id (`child.pid`, `process.pid`) is a number, whatever the process runs
    if (!node.computed && key === 'pid') return numeric();
    // a constant of a module of the project imported whole (`import * as git from './git.js'`: `git.GIT_ARGS`)
    const imported = !node.computed && key !== undefined && objVal.kind === 'unknown' && objVal.ref && this.namespaces.has(objVal.ref) ? importedConstant(this.importedReturns, `${objVal.ref}.${key}`) : undefined;
    if (imported) return imported;
    const ofParam = node.object.type === T.Identifier && this.paramValues.get(objVal) === node.object.name;
    const out = this.memberOf(objVal, key, objVal.kind === 'unknown' && objVal.ref ? undefined : this.localPathOf(node.object, objVal), node, ofParam);
    // a URL's path (`req.nextUrl.pathname`, `new URL(req.url).pathname`): what follows its host, which it cannot name
    return !node.computed && key === 'pathname' && taintOf(out).length ? withSanitizer(out, 'url-path') : out;
  }

  private superValue(): Value {
    const ref = this.frame.fn.cls?.superRef;
    return ref ? unknown(undefined, { ref: `${ref}()` }) : UNDEFINED;
  }

  /** Read `key` of a value: dict entries, class members, module members, and member-source taint. */
  /** `ofParam`: `objVal` is read by the name of the parameter it came in as (`options.root`) */
  private memberOf(objVal: Value, key: string | undefined, basePath: string | undefined, at: Node, ofParam = false): Value {
    if (objVal === GLOBAL_OBJECT) return key !== undefined ? this.globalRef(key) : UNDEFINED;
    if (key !== undefined) {
      if (objVal.kind === 'dict' && Object.prototype.hasOwnProperty.call(objVal.entries, key)) return objVal.entries[key]!;
      if (objVal.kind === 'list' && /^\d+$/.test(key)) {
        const item = objVal.items[Number(key)];
        if (item) return item;
      }
      const cls = this.instanceOf.get(objVal) ?? this.classOf.get(objVal);
      if (cls) {
        const f = cls.fields.get(key);
        if (f) return f;
        const m = cls.methods.get(key);
        if (m) return this.fnValue(m);
      }
    }
    let taint = objVal.kind === 'const' ? undefined : throughSettings(taintOfAll([objVal]), key);
    if (key !== undefined && ofParam) taint = memberOfParameter(taint, key);
    let ref: string | undefined;
    let path: string | undefined;
    if (key !== undefined && !/^\d+$/.test(key)) {
      if (objVal.kind === 'unknown' && objVal.ref) ref = `${objVal.ref}.${key}`;
      else if (basePath !== undefined) path = `${basePath}.${key}`;
    } else if (key !== undefined && objVal.kind === 'unknown' && objVal.ref === 'process.argv') {
      // `process.argv[1]`: an item of the command line the program was started with (its own script, an argument)
      ref = 'process.argv[]';
    }
    const qn = ref ?? path;
    let extra: TaintOrigin | undefined;
    if (qn) {
      const kind = this.model.memberTaint(qn);
      // a member of a typed value is named as the code reads it (`req.body`, not `express.Request().body`)
      const name = (kind && ref && sourceText(at)) || qn;
      // `req.body.cmd` is already tainted through `req.body` (a member of a typed request, `const { path } = req.body`,
      // through whatever the request's own member was named); `request.params` of an MCP tool handler's `request` is the
      // tool's input, not a web request's
      const covered = (t: TaintOrigin) => (t.kind === kind || (kind === 'request-input' && t.kind === 'tool-param')) && (name.startsWith(t.name + '.') || (ref !== undefined && t.kind === kind));
      if (kind && !taint?.some(covered)) extra = { kind, name, line: this.line(at) };
    }
    const out = unk(extra ? (taint ? [...taint, extra] : [extra]) : taint, ref);
    if (path) this.localPaths.set(out, path);
    return out;
  }

  private assignment(node: TSESTree.AssignmentExpression): Value {
    const left = node.left;
    const hint = left.type === T.Identifier ? left.name : left.type === T.MemberExpression ? this.staticMemberKey(left) : undefined;
    if (node.operator === '=') {
      const v = this.expr(node.right, hint);
      if (left.type === T.Identifier) {
        this.assign(left.name, v);
        this.recordDerivation(left.name, node.right);
      } else this.bindPattern(left, v, 'assign', node.right);
      return v;
    }
    const old = this.expr(left);
    const r = this.expr(node.right, hint);
    let v: Value;
    if (node.operator === '+=') v = isStringish(old) || isStringish(r) ? cat(old, r) : isNumber(old) && isNumber(r) ? numeric(taintOfAll([old, r])) : unknown(taintOfAll([old, r]));
    else if (node.operator === '||=' || node.operator === '??=' || node.operator === '&&=') v = mergeValues(old, r);
    else v = UNDEFINED;
    if (left.type === T.Identifier) this.assign(left.name, v);
    else if (left.type === T.MemberExpression) this.assignMember(left, v, true);
    return v;
  }

  /** `this.x = v` in a class, `obj.k = v` on a known object literal. */
  private assignMember(left: TSESTree.MemberExpression, v: Value, objectSeen = false): void {
    const obj = unwrap(left.object);
    if (obj.type === T.ThisExpression) {
      const cls = this.frame.fn.cls;
      const key = objectSeen ? this.staticMemberKey(left) : this.memberKey(left);
      if (cls && key !== undefined) {
        const old = cls.fields.get(key);
        cls.fields.set(key, old ? mergeField(old, v) : v);
      }
      return;
    }
    if (objectSeen) return;
    const ov = this.expr(left.object);
    const key = this.memberKey(left);
    if (obj.type === T.Identifier && ov.kind === 'dict' && key !== undefined && key !== '__proto__') {
      this.assign(obj.name, { ...ov, entries: { ...ov.entries, [key]: v } });
    }
    // `url.host = 'api.example.com'` on a URL object: wherever it came from, it now goes to a fixed host
    if (obj.type === T.Identifier && (key === 'host' || key === 'hostname') && v.kind === 'const' && typeof v.value === 'string' && ov.kind === 'unknown') {
      this.assign(obj.name, withSanitizer(ov, 'url-allowlisted'));
    }
  }

  private tagged(node: TSESTree.TaggedTemplateExpression): Value {
    const { callee, target, receiver } = this.resolveCallee(node.tag);
    // String.raw`...`: the text as written, backslashes kept (a script embedded whole, `const SCRIPT = String.raw\`...\``)
    if (callee === 'String.raw' && !target) {
      const values: Value[] = [];
      node.quasi.quasis.forEach((q, i) => {
        values.push(constant(q.value.raw));
        const e = node.quasi.expressions[i];
        if (e) {
          const v = this.expr(e);
          values.push(v.kind === 'const' && v.value !== null ? constant(String(v.value)) : v);
        }
      });
      if (!node.quasi.expressions.length) this.stringFact(node.quasi, node.quasi.quasis[0]?.value.raw ?? '', undefined);
      return cat(...values);
    }
    const quasi = this.template(node.quasi, undefined);
    const result = unknown(taintOfAll([quasi]), { ref: callee.startsWith('?') || target ? undefined : `${callee}()` });
    this.pushCall(node, node.tag, callee, [quasi], receiver, false, true, target);
    return result;
  }

  /** The qualified name of a callee expression (evaluating it, so calls inside it are seen). */
  private resolveCallee(c: Node): { callee: string; target?: string; receiver?: Value; key?: string; choices?: Value } {
    const cu = unwrap(c);
    if (cu.type === T.MemberExpression) {
      const objVal = cu.object.type === T.Super ? this.superValue() : this.expr(cu.object);
      const { key, keyValue } = this.memberKeyValue(cu);
      const picked = key === undefined && keyValue ? dispatchChoices(objVal, keyValue) : undefined;
      if (picked) return this.calleeOfValue(picked);
      if (objVal === GLOBAL_OBJECT) {
        if (key === undefined && keyValue) this.globalLookup(cu, keyValue);
        return { callee: key ?? '?', key };
      }
      const cls = key !== undefined ? (this.instanceOf.get(objVal) ?? this.classOf.get(objVal)) : undefined;
      if (cls && key !== undefined) {
        const m = cls.methods.get(key);
        if (m) return { callee: m.name, target: m.id, receiver: objVal, key };
        const f = cls.fields.get(key);
        if (f && f.kind === 'unknown') {
          if (f.functionId) return { callee: this.pendings.get(f.functionId)?.fact.name ?? '?', target: f.functionId, receiver: objVal, key };
          if (f.ref) return { callee: f.ref, receiver: objVal, key };
        }
      }
      // a static method a class inherits (`class User extends Model {}`; `User.destroy(...)` is `Model.destroy`)
      if (cls && key !== undefined && cls.superRef && this.classOf.get(objVal) === cls) return { callee: `${cls.superRef}.${key}`, receiver: objVal, key };
      const base = objVal.kind === 'unknown' && objVal.ref ? objVal.ref : '?';
      return { callee: `${base}.${key ?? '?'}`, receiver: objVal, key };
    }
    if (cu.type === T.Identifier) {
      const v = this.lookup(cu.name);
      if (!v) return { callee: cu.name };
      return this.calleeOfValue(v);
    }
    if (cu.type === T.Super) {
      const cls = this.frame.fn.cls;
      return { callee: cls?.superRef ?? '?' };
    }
    return this.calleeOfValue(this.expr(cu));
  }

  private calleeOfValue(v: Value): { callee: string; target?: string; choices?: Value } {
    if (v.kind === 'unknown' && v.choices) return { callee: '?', choices: v };
    if (v.kind === 'unknown') {
      if (v.functionId) return { callee: this.pendings.get(v.functionId)?.fact.name ?? '?', target: v.functionId };
      const cls = this.classOf.get(v);
      if (cls) return cls.ctor ? { callee: cls.name, target: cls.ctor.id } : { callee: cls.name };
      if (v.ref) return { callee: v.ref };
    }
    return { callee: '?' };
  }

  private call(node: TSESTree.CallExpression | TSESTree.NewExpression, isNew: boolean): Value {
    const { callee, target, receiver, key, choices } = this.resolveCallee(node.callee);
    const args: Value[] = [];
    this.quiet = callee === 'require' && node.arguments.length === 1 && node.arguments[0]!.type === T.Literal;
    for (const a of node.arguments) {
      if (a.type === T.SpreadElement) args.push(...spreadArguments(this.expr(a.argument)));
      else args.push(this.expr(a));
    }
    this.quiet = false;
    const result = this.callResult(node, callee, key, args, receiver, isNew, target);
    if (choices?.kind === 'unknown' && choices.choices && modelChosen(choices, args)) {
      for (const id of choices.choices) {
        const p = this.pendings.get(id);
        if (p) this.markTool(p, { framework: 'dispatch', via: 'dispatch table called with model-chosen arguments' });
      }
    }
    const c = node.callee;
    if (key !== undefined && receiver?.kind === 'list' && c.type === T.MemberExpression && c.object.type === T.Identifier) this.growList(c.object.name, key, args);
    this.pushCall(node, node.callee, callee, args, receiver, isNew, false, target);
    return result;
  }

  private callResult(
    node: TSESTree.CallExpression | TSESTree.NewExpression,
    callee: string,
    method: string | undefined,
    args: Value[],
    receiver: Value | undefined,
    isNew: boolean,
    target: string | undefined,
  ): Value {
    const first = args[0];
    if (isNew) {
      const cls = this.classOfTarget(node);
      if (cls) return cls.instance;
    }
    if (target) {
      // the project's own identifier quoting (`this.quoteIdentifier(table)`) is judged by its name, as a library's is
      if (sanitizerByName(lastSegment(callee)) === 'sql-identifier') return withSanitizer(first ?? UNDEFINED, 'sql-identifier');
      // what the function returns, with this call's arguments in place of its parameters
      const p = this.pendings.get(target);
      if (p && !p.walked && this.draining) this.walkFunction(p);
      if (p?.done && p.returns && !p.node.generator) return this.declaredResult(p, instantiate(p.returns, target, args, 0, this.simpleParams(p)));
      if (p?.walked && !p.done && !p.node.generator) return recursiveResult(receiver ? [...args, receiver] : args, target);
      const whole = unk(taintOfAll(receiver ? [...args, receiver] : args));
      return p ? this.declaredResult(p, whole) : whole;
    }
    // a function of another module of the project: what it returns, as for a function of this file
    const imported = isNew ? undefined : this.importedReturns?.[callee];
    if (imported) return importedResult(imported, args);
    // identifier quoting on a receiver that cannot be resolved (`conn.escapeId(table)`)
    if (callee.startsWith('?') && method !== undefined && sanitizerByName(method) === 'sql-identifier') return withSanitizer(first ?? UNDEFINED, 'sql-identifier');
    // a URL the framework builds on its own host from an object it delivered (`interaction.user.displayAvatarURL()`)
    if (callee.startsWith('?') && method !== undefined && method.endsWith('URL') && this.model.sanitizer(`?.${method}`) === 'url-allowlisted') {
      return withSanitizer(unk(taintOfAll(receiver ? [...args, receiver] : args)), 'url-allowlisted');
    }
    if (!callee.startsWith('?')) {
      const tf = this.toolFactory(callee);
      if (tf) {
        const tool: Tool = { framework: tf.framework, via: callee, ...(tf.input ? { input: tf.input } : {}) };
        for (const w of tf.where) {
          const index = typeof w === 'number' ? w : w.index;
          const i = index < 0 ? node.arguments.length + index : index;
          const argNode = node.arguments[i];
          if (!argNode || argNode.type === T.SpreadElement) continue;
          if (typeof w === 'number') this.markToolArgument(argNode, args[i], tool);
          else if (w.each) {
            // a map of plain tool objects: each entry's handler
            const map = args[i]?.kind === 'dict' ? args[i].entries[w.key] : undefined;
            if (map?.kind === 'dict') for (const t of Object.values(map.entries)) if (t.kind === 'dict' && t.entries[w.each]) this.markToolArgument(undefined, t.entries[w.each], tool);
          } else {
            const o = unwrap(argNode);
            if (o.type !== T.ObjectExpression) continue;
            const handler = w.param !== undefined ? { ...tool, param: w.param } : tool;
            for (const p of o.properties) {
              if (p.type === T.Property && !p.computed && this.propertyName(p.key) === w.key) {
                this.markToolArgument(p.value, args[i]?.kind === 'dict' ? args[i].entries[w.key] : undefined, handler);
              }
            }
          }
        }
      }
      if (isDigest(callee)) return numeric(taintOfAll(receiver ? [...args, receiver] : args));
      if (isEmbedding(callee)) return numeric(taintOfAll(args));
      const kind = this.model.sanitizer(callee) ?? sanitizerByName(lastSegment(callee));
      if (kind) return withSanitizer(first ?? UNDEFINED, kind);
      const src = this.callTaint(callee);
      // outside content keeps the taint of what chose it (`fetch(urlFromTool)`)
      if (src) return unknown([{ kind: src.kind, name: src.name, line: this.line(node) }, ...(src.kind === 'content' ? carriedByContent(taintOfAll(contentChosenBy(callee, args, undefined, receiver))) : [])], { ref: `${callee}()` });
      if (callee === 'require' && first && first.kind === 'const' && typeof first.value === 'string') return this.moduleValue(node, first.value);
      // `new URL(\`/api/memory/${path}\`, BASE)`: a path from the root (not `//host`) keeps the base's origin (a base
      // of the program's own: one a source chose, `request.nextUrl.origin`, is left as it was)
      if (callee === 'URL' && args.length >= 2 && taintOf(args[1]).every((o) => o.kind === 'param')) {
        const parts = first?.kind === 'template' ? first.parts : first?.kind === 'const' && typeof first.value === 'string' ? [first.value] : undefined;
        const lead = parts?.[0];
        if (parts && typeof lead === 'string' && /^\/(?!\/)/.test(lead) && !/\\/.test(lead)) return { kind: 'template', parts: [{ hole: args[1]! }, ...parts] };
      }
      // random identifiers (`crypto.randomUUID()`, `uuid.v4()`, `nanoid()`): nothing an attacker chooses, one plain name
      if (RANDOM_TOKENS.has(callee)) return safeToken(`${callee}()`);
      if (callee === 'util.promisify' && first) return first.kind === 'unknown' ? unknown(undefined, { ref: first.ref, functionId: first.functionId }) : UNDEFINED;
      if (callee === 'module.createRequire') return this.globalRef('require');
      if ((callee === 'String' && !isNew) || callee === 'Object.freeze') return first ?? constant('');
      // `path.join(root, "node_modules", ".bin", "tsx")`: a constant file name in a dynamic directory keeps its text
      if (callee === 'path.join' || callee === 'path.resolve' || callee === 'path.posix.join') {
        const joined = joinedFileName(args);
        if (joined) return joined;
      }
    }
    // `db.transaction(async (tx) => ...)`, `prisma.$transaction(async (tx) => ...)`: the handle is the database's
    if ((method === 'transaction' || method === '$transaction') && receiver?.kind === 'unknown' && receiver.ref) {
      for (const a of args) {
        const p = a.kind === 'unknown' && a.functionId ? this.pendings.get(a.functionId) : undefined;
        if (p && !p.walked) p.seedRef = receiver.ref;
      }
    }
    // array callbacks see the elements of the array
    if (method !== undefined && receiver && ELEMENT_CALLBACKS.has(method)) {
      const elemTaint = taintOfAll([receiver]);
      // (over a list of the program's constants each element is one of them: `commands.find((cmd) => exists(cmd))`)
      const item = method !== 'then' ? itemOfConstantList(receiver) : undefined;
      if (elemTaint || item) {
        for (const a of args) {
          if (a.kind !== 'unknown' || !a.functionId) continue;
          const p = this.pendings.get(a.functionId);
          if (p && !p.walked) {
            if (elemTaint) p.seed = elemTaint;
            if (item) p.seedValue = item;
          }
        }
      }
    }
    if (method !== undefined && receiver) {
      switch (method) {
        // a match, remembered with its pattern for what its groups can hold (`code.match(/name="([\w-]+)"/)?.[1]`);
        // a global pattern's match lists whole matches, not groups
        case 'match':
        case 'exec': {
          const pattern = method === 'match' ? first && this.regexPatterns.get(first) : this.regexPatterns.get(receiver);
          const subject = method === 'match' ? receiver : first;
          if (pattern !== undefined && !this.globalRegexes.has(method === 'match' ? first! : receiver)) {
            const m = unk(subject && taintOfAll([subject]));
            this.matchPatterns.set(m, pattern);
            return m;
          }
          break;
        }
        case 'bind':
          if (receiver.kind === 'unknown' && (receiver.ref || receiver.functionId)) return receiver;
          break;
        // `name.replaceAll('"', '""')`, `text.replace(/'/g, "''")`: the escape of a quoted SQL identifier or string
        // literal (the SQL check looks at where it goes)
        case 'replace':
        case 'replaceAll': {
          const every = first && first.kind !== 'const' && this.globalRegexes.has(first) ? this.regexPatterns.get(first) : method === 'replaceAll' ? constString(first) : undefined;
          const doubled = every === '"' || every === "'" ? constString(args[1]) === every + every : false;
          if (doubled && receiver.kind !== 'const') return sqlEscaped(receiver, every === '"' ? 'quote-doubled' : 'apostrophe-doubled');
          // `text.replaceAll("'", '"')`, `.replace(/'/g, '')`: every `'` taken out, which a single-quoted literal holds as well
          if (every === "'" && takesOutApostrophes(args[1]) && receiver.kind !== 'const') return sqlEscaped(receiver, 'apostrophe-doubled');
          // `s.replace(/\\/g, "\\\\")`, `s.replaceAll("\\", "\\\\")`: backslashes doubled (with `'` doubled, a literal in every dialect)
          const backslash = method === 'replaceAll' && first?.kind === 'const' ? every === '\\' : every === '\\\\';
          if (backslash && constString(args[1]) === '\\\\' && receiver.kind !== 'const') return sqlEscaped(receiver, 'backslash-doubled');
          // then `.replace(/"/g, '\\"')`: a double-quoted AppleScript or JSON string's escape
          const escaped = every === '"' && constString(args[1]) === '\\"' ? dquoteEscaped(receiver) : undefined;
          if (escaped) return escaped;
          // `taskId.replace(/[/.]/g, '-')`, `name.replace(/[^\w-]/g, '_')`: what is left cannot climb out of a directory
          const repl = constString(args[1]);
          const kinds = every !== undefined && repl !== undefined && receiver.kind !== 'const' && first?.kind !== 'const' ? removalSanitizers(every, repl) : [];
          if (kinds.length) return kinds.reduce((v, k) => withSanitizer(v, k), unk(taintOfAll([receiver])));
          break;
        }
        case 'concat':
          if (receiver.kind === 'list') return { kind: 'list', items: [...receiver.items, ...args.flatMap((a) => (a.kind === 'list' ? a.items : [a]))] };
          if (isStringish(receiver) || args.some(isStringish)) return cat(receiver, ...args);
          break;
        case 'join':
          if (receiver.kind === 'list') {
            if (!first) return joinValues(itemsToJoin(receiver), ',');
            if (first.kind === 'const' && typeof first.value === 'string') return joinValues(itemsToJoin(receiver), first.value);
          }
          break;
        case 'toString':
          if (isStringish(receiver)) return receiver;
          // the source text of a function this file defines (`new Script(`(${collect.toString()})()`)`): the program's own
          // code, a constant (its text stands in for it)
          if (receiver.kind === 'unknown' && receiver.functionId && !receiver.taint?.length) {
            const p = this.pendings.get(receiver.functionId);
            if (p) return constant(`function ${p.fact.name}() { … }`);
          }
          break;
        // some of a list's items, in its order or another: the same items as far as their values go
        case 'slice':
        case 'filter':
        case 'toSorted':
        case 'toReversed':
          if (receiver.kind === 'list' && !receiver.taint?.length) return receiver;
          break;
        // one item of a list of the program's constants (or none)
        case 'find':
        case 'findLast': {
          const item = itemOfConstantList(receiver);
          if (item) return item;
          // `messages.find((m) => m.role === "system")`: a message that is a system message already
          const pred = node.type === T.CallExpression ? node.arguments[0] : undefined;
          if (pred && picksSystemMessage(pred)) return withSanitizer(unknown(taintOf(receiver)), 'system-role');
          break;
        }
        case 'map': {
          // `ids.map(() => '?')`, `ids.map((_, i) => \`$\${i + 1}\`)`: one placeholder per element, numbered at most
          const el = node.type === T.CallExpression && node.arguments.length === 1 ? placeholderOf(node.arguments[0]!) ?? this.numberedCallback(first, receiver) : undefined;
          if (el) return { kind: 'list', items: [el] };
          break;
        }
        case 'fill':
          // `new Array(keys.length).fill('?')`: that constant, however many times; the length adds no text
          if (first?.kind === 'const' && args.length === 1) return { kind: 'list', items: [first] };
          break;
        default:
          break;
      }
    }
    // `files.slice(offset, offset + limit)`, `name.substring(i)`, `list.at(-1)`: the positions pick a part, and what comes
    // back is the receiver's (a page of the directory listing, whatever page the request asks for)
    const picks = method !== undefined && receiver && PICKED_BY_POSITION.has(method);
    // `registry.get(id)` of a `new Map()`: what was stored under the key, not the key (what the map holds is its own)
    const stored = readsStore(callee, method, receiver?.kind === 'unknown' ? receiver.ref : undefined);
    // `lookup.byRef.get(raw)` on a mapping of the program's (a variable, a parameter, a field, not a module's `axios.get`):
    // what it holds under the key, which an untrusted key only picks (as in Python); the key's parameters stay, marked as
    // having picked, to say whether a configured name picked a configured entry
    const entry = !stored && method === 'get' && receiver && callee.startsWith('?') && args.length === 1 && node.arguments[0]?.type !== T.SpreadElement;
    // `client.query(api.files.url, { skillId })` (Convex), `pool.query(sql, [id])`: the rows or document the store holds,
    // which the arguments select (the statement itself is judged where it is sent)
    // (an ORM's find with its query object, `prisma.provider.findUnique({ where: { providerId } })`: the stored record)
    const rows =
      !stored &&
      !entry &&
      ((method === 'query' && args.length === 2 && (args[1]!.kind === 'dict' || args[1]!.kind === 'list')) || (method !== undefined && ORM_FIND.has(method) && args.length === 1 && args[0]!.kind === 'dict')) &&
      node.arguments.every((a) => a.type !== T.SpreadElement);
    // `dataSourceDocsRepository.fetch(fileId)`, `this.usersRepo.findById(id)`: a repository (the data-access object of
    // the repository pattern) hands back the record it stores under the key, which the key only picks
    const record = !stored && !entry && !rows && method !== undefined && REPOSITORY_READ.test(method) && args.length === 1 && node.callee.type === T.MemberExpression && REPOSITORY.test(lastName(node.callee.object) ?? '');
    const keys = entry || record ? [args[0]!] : rows ? args : [];
    const picked = pickedBy(keys.flatMap((a) => taintOf(a)));
    const taint = picks || stored ? taintOfAll([receiver]) : entry || rows || record ? taintOfAll([receiver, unk(picked)]) : taintOfAll(receiver ? [...args, receiver] : args);
    // `name.split('/').pop()`, `.at(-1)`: the last part between separators holds none
    if ((method === 'pop' || method === 'at' || method === 'shift') && taint && node.callee.type === T.MemberExpression && splitBySlash(node.callee.object)) return withSanitizer(unknown(taint), 'path-segment');
    return unk(taint, callee.startsWith('?') ? undefined : `${callee}()`);
  }

  /**
   * What a `map` callback of the file makes of each element when that is constant text with at
   * most numbers in it, whatever the element (`(_, j) => this.rowPlaceholders(j, width)`,
   * `(item) => addParameter(item)` where the helper binds the item and returns `$n`): the
   * callback is walked with the elements' taint, so an element that reaches the text keeps it
   * out of this case.
   */
  private numberedCallback(fn: Value | undefined, receiver: Value): Value | undefined {
    const p = fn?.kind === 'unknown' && fn.functionId ? this.pendings.get(fn.functionId) : undefined;
    if (!p || p.node.generator || p.node.async) return undefined;
    if (!p.walked && this.draining) this.walkFunction(p);
    if (!p.done || !p.returns) return undefined;
    const el = instantiate(p.returns, p.fact.id, [unk(taintOfAll([receiver])), numeric()], 0, this.simpleParams(p));
    return numberedText(el) ? el : undefined;
  }

  private classOfTarget(node: TSESTree.CallExpression | TSESTree.NewExpression): ClassCtx | undefined {
    const c = unwrap(node.callee);
    if (c.type === T.Identifier) {
      const v = this.lookup(c.name);
      return v ? this.classOf.get(v) : undefined;
    }
    return undefined;
  }

  /** `globalThis[name]`, `window[name]`: a lookup by name among every global function, recorded as a call the rules can see. */
  private globalLookup(node: Node, keyValue: Value): void {
    this.pushCall(node, node, 'globalThis.__getitem__', [keyValue], undefined, false, false, undefined);
  }

  private pushCall(
    node: Node,
    calleeNode: Node,
    callee: string,
    args: Value[],
    receiver: Value | undefined,
    isNew: boolean,
    tagged: boolean,
    target: string | undefined,
  ): void {
    const fact: CallFact = {
      callee,
      method: lastSegment(callee),
      args,
      kwargs: {},
      range: this.range(node),
      calleeRange: this.range(calleeNode),
    };
    if (receiver && receiver !== GLOBAL_OBJECT) fact.receiver = receiver;
    if (isNew) fact.isNew = true;
    if (tagged) fact.tagged = true;
    if (target) fact.target = target;
    const fn = this.frame.fn.id;
    if (fn) fact.enclosingFunction = fn;
    if (this.unreachable) fact.unreachable = true;
    this.calls.push({ start: startOf(node), end: endOf(node), fact });
  }

  private jsx(node: TSESTree.JSXElement | TSESTree.JSXFragment): void {
    if (node.type === T.JSXElement) {
      for (const a of node.openingElement.attributes) {
        if (a.type === T.JSXSpreadAttribute) {
          this.expr(a.argument);
          continue;
        }
        const name = a.name.type === T.JSXIdentifier ? a.name.name : a.name.name.name;
        const v = a.value;
        if (!v) continue;
        if (v.type === T.Literal) this.literal(v, name);
        else if (v.type === T.JSXExpressionContainer) {
          if (v.expression.type !== T.JSXEmptyExpression) this.expr(v.expression, name);
        } else if (v.type === T.JSXElement) this.jsx(v);
      }
    }
    for (const c of node.children) {
      switch (c.type) {
        case T.JSXExpressionContainer:
        case T.JSXSpreadChild:
          if (c.expression.type !== T.JSXEmptyExpression) this.expr(c.expression);
          break;
        case T.JSXElement:
        case T.JSXFragment:
          this.jsx(c);
          break;
        default:
          break;
      }
    }
  }
}

function literalString(node: Node): string | undefined {
  if (node.type === T.Literal && typeof node.value === 'string') return node.value;
  if (node.type === T.TemplateLiteral && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

function constKey(v: Value): string | undefined {
  return v.kind === 'const' && (typeof v.value === 'string' || typeof v.value === 'number') ? String(v.value) : undefined;
}

// ---------------------------------------------------------------------------------------------
// entry point

const KNOWN_EXTENSIONS = /\.(?:[cm]?[jt]s|[jt]sx)$/i;
/** Next.js App Router route files and the handlers they export. */
const NEXT_ROUTE_FILE = /(?:^|[\\/])route\.[cm]?[jt]sx?$/i;
const NEXT_PAGE_FILE = /(?:^|[\\/])page\.[cm]?[jt]sx?$/i;
/** A data repository's name (`dataSourceDocsRepository`, `userRepo`, `this.projectsRepository`). */
const REPOSITORY = /(?:[Rr]epository|[Rr]epo)$/;

/** A repository's read of one record by its key: `fetch`, `get`, `find`, `findById`, `getByName`, `load`. */
const REPOSITORY_READ = /^(?:fetch|get|find|load|read)(?:One|ById|ByKey|ByName|BySlug)?$/;

/** The last plain name of `a`, `this.a`, `deps.a`. */
function lastName(n: TSESTree.Node): string | undefined {
  if (n.type === T.Identifier) return n.name;
  if (n.type === T.MemberExpression && !n.computed && n.property.type === T.Identifier) return n.property.name;
  return undefined;
}

/**
 * The reads of an ORM that return the records a query object selects: Prisma's (`findUnique`, `findFirst`, `findMany`
 * and their `OrThrow` forms), TypeORM's, Sequelize's and Mongoose's (`findOne`, `findOneBy`, `findBy`, `findAll`).
 */
const ORM_FIND = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'findOne', 'findOneBy', 'findOneOrFail', 'findBy', 'findAll']);

/** Calls that return a fresh random identifier of letters, digits and `-` or `_`. */
const RANDOM_TOKENS = new Set(['crypto.randomUUID', 'uuid.v1', 'uuid.v4', 'uuid.v7', 'nanoid.nanoid']);

/** `req.body.target`: the text of a chain of plain names and non-computed members, if that is what `n` is. */
function sourceText(n: Node): string | undefined {
  if (n.type === T.Identifier) return n.name;
  if (n.type !== T.MemberExpression || n.computed || n.property.type !== T.Identifier) return undefined;
  const obj = sourceText(n.object);
  return obj === undefined ? undefined : `${obj}.${n.property.name}`;
}

/**
 * NestJS pipes that turn a request value into a number, boolean or UUID before the handler runs
 * (`@Param('id', ParseIntPipe)`, `@Query('n', new ParseFloatPipe())`): what reaches the parameter
 * carries no text of the request's choosing.
 */
const PARSING_PIPES = new Set(['ParseIntPipe', 'ParseFloatPipe', 'ParseBoolPipe', 'ParseUUIDPipe']);

function parsedByPipe(decorator: Node): boolean {
  if (decorator.type !== T.CallExpression) return false;
  return decorator.arguments.some((a) => {
    const pipe = a.type === T.NewExpression ? a.callee : a;
    return pipe.type === T.Identifier && PARSING_PIPES.has(pipe.name);
  });
}

const SERVER_ACTION: Tool = { framework: 'next', via: "'use server' action", input: 'request-input' };
const NEXT_PAGE: Tool = { framework: 'next', via: 'page params and searchParams', input: 'request-input' };

/** A function body or program that starts with the directive (`'use server'`). */
function hasDirective(body: Node | null | undefined, directive: string): boolean {
  const stmts = body?.type === T.BlockStatement || body?.type === T.Program ? body.body : [];
  for (const st of stmts) {
    if (st.type !== T.ExpressionStatement || st.directive === undefined) return false;
    if (st.directive === directive) return true;
  }
  return false;
}
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

function problemOf(err: unknown, lines: LineTable, source: string): ParseProblem {
  const e = err as { message?: string; index?: number; lineNumber?: number; column?: number; location?: { start?: { offset?: number } } };
  const offset = e.location?.start?.offset ?? e.index;
  let range: Range;
  if (typeof offset === 'number') {
    const at = Math.min(Math.max(offset, 0), source.length);
    range = lines.range(at, at);
  } else {
    const line = e.lineNumber ?? 1;
    const column = (e.column ?? 0) + 1;
    range = { line, column, endLine: line, endColumn: column };
  }
  return { range, message: String(e.message ?? err) };
}

/** The name of the function or class a module exports as its default (`export default function build`, `export default build`). */
function defaultExportName(program: TSESTree.Program): string | undefined {
  for (const s of program.body) {
    if (s.type !== T.ExportDefaultDeclaration) continue;
    const d = s.declaration;
    if ((d.type === T.FunctionDeclaration || d.type === T.ClassDeclaration) && d.id) return d.id.name;
    if (d.type === T.Identifier) return d.name;
  }
  return undefined;
}

/** The names an ES module exports by name: `export function f`, `export class C`, `export const X = ...`, `export { X }`, `export default name`. */
function exportedNames(program: TSESTree.Program): Set<string> {
  const exported = new Set<string>();
  for (const s of program.body) {
    if (s.type === T.ExportNamedDeclaration) {
      const d = s.declaration;
      if (d?.type === T.FunctionDeclaration && d.id) exported.add(d.id.name);
      else if (d?.type === T.ClassDeclaration && d.id) exported.add(d.id.name);
      else if (d?.type === T.VariableDeclaration) {
        for (const x of d.declarations) if (x.id.type === T.Identifier) exported.add(x.id.name);
      }
      for (const sp of s.specifiers) if (sp.local.type === T.Identifier) exported.add(sp.local.name);
    } else if (s.type === T.ExportDefaultDeclaration) {
      const d = s.declaration;
      if ((d.type === T.FunctionDeclaration || d.type === T.ClassDeclaration) && d.id) exported.add(d.id.name);
      else if (d.type === T.Identifier) exported.add(d.name);
    }
  }
  return exported;
}

export function analyzeJavaScript(file: string, source: string, language: 'javascript' | 'typescript', tools?: ReadonlyMap<string, Tool>, returns?: ImportedReturns): FileFacts {
  const facts: FileFacts = { file, language, imports: [], calls: [], functions: [], strings: [], problems: [] };
  const lines = new LineTable(source);
  let program: TSESTree.Program;
  try {
    // the extension picks the dialect (TypeScript or not, JSX or not); extension-less scripts go by language
    program = parseJavaScriptSource(source, KNOWN_EXTENSIONS.test(file) ? file : `${file}.${language === 'typescript' ? 'ts' : 'js'}`);
  } catch (err) {
    // the parser ran out of stack: not a syntax error, the caller says the code is nested too deeply
    if (err instanceof RangeError || err instanceof ParserUnavailable) throw err;
    facts.problems.push(problemOf(err, lines, source));
    return facts;
  }
  const model = buildSourceModel(language, importedModules(program, source));
  let seeds = new Map<number, Tool>();
  let pass: Lowering;
  let names: Set<string> | undefined;
  const exported = () => (names ??= exportedNames(program));
  for (let round = 0; ; round++) {
    const nextEntry = hasDirective(program, 'use server') ? 'actions' : NEXT_PAGE_FILE.test(file) ? 'page' : undefined;
    pass = new Lowering(lines, model, seeds, NEXT_ROUTE_FILE.test(file), nextEntry, language === 'typescript');
    if (tools) pass.presetTools(tools);
    pass.importedReturns = returns;
    pass.run(program, source, exported);
    if (!pass.needRerun || round >= 2) break;
    seeds = new Map([...seeds, ...pass.lateTools]);
  }
  facts.imports = pass.imports;
  facts.calls = inSourceOrder(pass.calls);
  facts.functions = inSourceOrder(pass.functions);
  facts.strings = inSourceOrder(pass.strings);
  if (pass.toolRefs.length) facts.toolRefs = pass.toolRefs;
  // summaries come from a lowering given none (returns.ts: one hop)
  const summaries = returns ? undefined : pass.returnSummaries(file, defaultExportName(program), exported());
  if (summaries) facts.returns = summaries;
  return facts;
}

/**
 * A callback that keeps a message when it is a system message (`(m) => m.role === "system"`, `(m) => m._getType() ===
 * 'system'`): what `find` gives with it is one.
 */
function picksSystemMessage(fn: Node): boolean {
  if ((fn.type !== T.ArrowFunctionExpression && fn.type !== T.FunctionExpression) || fn.params.length !== 1 || fn.params[0]!.type !== T.Identifier) return false;
  const param = fn.params[0]!.name;
  const body = fn.body.type === T.BlockStatement ? (fn.body.body.length === 1 && fn.body.body[0]!.type === T.ReturnStatement ? fn.body.body[0]!.argument : null) : fn.body;
  const test = body ? unwrap(body) : undefined;
  if (test?.type !== T.BinaryExpression || (test.operator !== '===' && test.operator !== '==')) return false;
  const subject = literalString(test.right) === 'system' ? test.left : literalString(test.left) === 'system' ? test.right : undefined;
  if (!subject) return false;
  const u = unwrap(subject);
  const call = u.type === T.CallExpression && !u.arguments.length;
  const read = call ? unwrap(u.callee) : u;
  if (read.type !== T.MemberExpression || read.computed || read.property.type !== T.Identifier) return false;
  const obj = unwrap(read.object);
  return obj.type === T.Identifier && obj.name === param && (call ? ROLE_METHODS : ROLE_FIELDS).has(read.property.name);
}
