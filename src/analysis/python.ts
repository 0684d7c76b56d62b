/**
 * The Python front end. Parses with tree-sitter (see treesitter.ts) and lowers the tree to
 * language-neutral facts: imports, every call with its folded argument values, functions
 * (tool handlers marked), and string constants bound to names.
 *
 * Values flow through one environment per Python scope (module, class body, function),
 * statements in order; `if`/`elif`/`else`, loops and `try` are walked as alternative paths
 * whose writes are merged. Function bodies are walked after the scope that defines them is
 * complete, as Python runs them: a function sees module constants assigned below it, and a
 * function registered as a tool anywhere in the module (`@tool`, `@mcp.tool()`,
 * `StructuredTool.from_function(func=f)`, a `BaseTool` subclass) is known to be one before
 * its body is lowered. A function found to be a tool only after its body was walked makes
 * the file lowered once more.
 *
 * Names: `import subprocess as sp` makes `sp.run` the qualified `subprocess.run`;
 * `from os import system` makes `system` `os.system`; the result of a call is named after
 * it (`sqlite3.connect()`), so methods on it are `sqlite3.connect().cursor().execute`.
 * `with X as y` binds `y` to `X` (context managers of database clients return themselves
 * or a cursor of the same connection). Names bound nowhere in the file are builtins and
 * keep their own name (`eval`, `open`); attributes of `self` resolve to what the class's
 * methods assigned.
 */
import type {
  CallFact,
  FileFacts,
  FunctionFact,
  ImportFact,
  ListValue,
  Range,
  SanitizerKind,
  SourceModel,
  TaintKind,
  TaintOrigin,
  TemplatePart,
  ToolClass,
  Value,
} from './facts.js';
import { CLASS_MARK, DEPENDS_MARK, ENUM_BASE, ENUM_MARK } from './facts.js';
import { buildSourceModel } from './frameworks/index.js';
import { capturedPattern, patternSanitizers, removalSanitizers } from './patterns.js';
import { ALLOWLISTED, allowlistedValue, MAX_ONE_OF, parameterOrNone, safeToken, markParameter, parameterItem, pickedBy, emptyOrChecked, readsStore, carriedByContent, checkByName, refusalByName, derivesPathByName, contentChosenBy, isDigest, isEmbedding, entryOfConstantTable, onlyConfigured, throughSettings, cat, isNumber, numeric, dispatchChoices, FlowLowering, modelChosen, programLookup, recursiveResult, joinedFileName, joinedSegment, constantTexts, inSourceOrder, itemsToJoin, sanitizerByName, sharedCommand, spreadArguments, type FlowScope, type Guard, instantiate, isStringish, toolCallArguments, mergeAll, mergeValues, taintOfAll, unk } from './flow.js';
import { LineTable } from './lines.js';
import { constant, constString, takesOutApostrophes, fromParts, isConstant, isOneSegment, joinValues, memberOfParameter, numberedText, dquoteEscaped, sanitizersOf, sqlEscaped, taintOf, unknown, withSanitizer } from './values.js';
import { parsePythonSource } from './pyparse/index.js';
import { constantSummary, importedConstant, forwardSummary, importedResult, returnSummary, type ImportedReturns, type ReturnSummary } from './returns.js';
import { fieldOf, syntaxProblems, type SyntaxNode as Node } from './treesitter.js';
import { isAnalyticsClient } from '../policy/secrets.js';

type Tool = { framework: string; via: string; input?: TaintKind; segments?: string[]; variables?: string[] };

/** What `prompt | llm | parser` is named (see the LangChain model's sources). */
const LCEL_CHAIN = 'langchain_core.runnables.RunnableSequence()';

// ---------------------------------------------------------------------------------------------
// value helpers

const NONE: Value = Object.freeze(constant(null)) as Value;
const OPAQUE: Value = Object.freeze(unknown()) as Value;

/** The offset of the first quote of a string literal's text (-1 when there is none). */
function firstQuote(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) return i;
  }
  return -1;
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/**
 * `re.sub(r"[^a-zA-Z0-9_-]", "", name)`: what is left of the subject once every character outside
 * the class is removed (patterns.ts `removalSanitizers` reads the pattern).
 */
function keptCharacters(args: Value[]): Value | undefined {
  const pattern = constString(args[0]);
  const repl = constString(args[1]);
  const subject = args[2];
  if (pattern === undefined || repl === undefined || !subject) return undefined;
  const kinds = removalSanitizers(pattern, repl);
  return kinds.length ? kinds.reduce((v, k) => withSanitizer(v, k), unknown(taintOf(subject))) : undefined;
}

/** `"python {file}".split()`: the words of constant text (of each text it may be), as a list. */
function splitWords(receiver: Value, args: Value[]): Value | undefined {
  if (args.length > 1 || (args.length === 1 && constString(args[0]) !== ' ')) return undefined;
  const texts = constantTexts(receiver);
  if (!texts) return receiver.kind === 'template' ? splitTemplateWords(receiver) : undefined;
  return mergeAll(texts.map((t): Value => ({ kind: 'list', items: t.split(/\s+/).filter(Boolean).map((w) => constant(w)) })));
}

/**
 * `shlex.join(argv)` (`mslex.join` for cmd.exe): the words joined by spaces, each quoted for the shell: a constant word as
 * the text the shell reads back as it, every other word a hole quoted for the shell, so that the line's checks see the
 * program and which words are data (`curl -s -f {url}`). Anything but a list of words is one quoted value.
 */
function joinedForShell(v: Value): Value {
  if (v.kind !== 'list' || !v.items.length || v.items.length > 64) return withSanitizer(unk(taintOf(v)), 'shell-quoted');
  const parts: TemplatePart[] = [];
  v.items.forEach((item, i) => {
    if (i) parts.push(' ');
    const c = constString(item);
    if (c !== undefined) parts.push(/^[\w@%+=:,./-]+$/.test(c) ? c : `'${c.replace(/'/g, `'"'"'`)}'`);
    else parts.push({ hole: withSanitizer(item, 'shell-quoted') });
  });
  return fromParts(parts);
}

/**
 * The parameters a route decorator's path gives one path segment each: FastAPI's and Starlette's `{name}` (not
 * `{name:path}`), Flask's `<name>` and `<string:name>` (not `<path:name>`), read from the first decorator whose
 * first argument is a string with such a part.
 */
function routeSegments(decorated: Node, text: (n: Node) => string): string[] | undefined {
  for (const d of decorated.children) {
    if (d.type !== 'decorator') continue;
    const path = routePath(d, text);
    if (path === undefined) continue;
    const names: string[] = [];
    for (const m of path.matchAll(/\{(\w+)(?::(\w+))?\}|<(?:(\w+):)?(\w+)>/g)) {
      if (m[1] !== undefined && m[2] !== 'path') names.push(m[1]);
      else if (m[4] !== undefined && (m[3] === undefined || m[3] === 'string')) names.push(m[4]);
    }
    if (names.length) return names;
  }
  return undefined;
}

/** The literal first argument of a decorator call (`@app.route("/f/<name>")`): the route's path. */
function routePath(d: Node, text: (n: Node) => string): string | undefined {
  const call = d.children.find((c) => c.named);
  if (call?.type !== 'call') return undefined;
  const first = fieldOf(call, 'arguments')?.children.find((c) => c.named);
  return first?.type === 'string' ? text(first) : undefined;
}

/**
 * Flask calls a view with its rule's variables only (`<name>`, `<int:id>`, `<path:p>`) and the rule's constant
 * `defaults`: the names of those variables over every Flask route decorator of the definition, or undefined when one
 * of them has no literal path or the definition has no Flask route. A parameter not among them is never the
 * request's: Flask leaves it to its default, and whoever calls the function directly passes it.
 */
function flaskRouteVariables(decorators: readonly { node: Node; name: string | undefined }[], text: (n: Node) => string): string[] | undefined {
  const names: string[] = [];
  let routes = 0;
  for (const { node, name } of decorators) {
    if (!name || !FLASK_ROUTE.test(name)) continue;
    routes++;
    const path = routePath(node, text);
    if (path === undefined) return undefined;
    for (const m of path.matchAll(/<(?:\w+(?:\([^)]*\))?:)?(\w+)>/g)) names.push(m[1]!);
  }
  return routes ? names : undefined;
}

/** Flask's and its blueprints' route decorators. */
const FLASK_ROUTE = /^flask\.(?:Flask|Blueprint)\(\)\.(?:route|get|post|put|patch|delete)$/;

/** `shlex.split(text)`: the words as a POSIX shell would cut them, quotes grouping words and removed (see `splitTemplateWords`). */
function shellWords(text: Value): Value | undefined {
  const texts = constantTexts(text);
  if (!texts) return text.kind === 'template' ? splitTemplateWords(text, true) : undefined;
  const lists = texts.map((t) => splitTemplateWords({ kind: 'template', parts: [t] }, true, true));
  return lists.every((l): l is Value => l !== undefined) ? mergeAll(lists) : undefined;
}

/**
 * `f"mlflow server --host {host}".split()`: the words of a text with holes, a constant word each where no hole
 * touches it and one opaque item (with the holes' taint) for each word a hole is in. Only when the first word is
 * constant text: what a hole holds may be several words, so only what comes before the first hole is sure.
 * `quoted` (`shlex.split`): `'…'` and `"…"` group what they enclose into the word and are removed, as a shell does;
 * `whole`: a constant text, whatever its first word.
 */
function splitTemplateWords(t: Extract<Value, { kind: 'template' }>, quoted = false, whole = false): Value | undefined {
  const lead = t.parts[0];
  if (!whole && (typeof lead !== 'string' || !(quoted ? /^\s*[\w./-]+\s/ : /^\s*\S+\s/).test(lead))) return undefined;
  const items: Value[] = [];
  let word = '';
  let holes: Value[] = [];
  let open = false;
  let quote = '';
  const end = () => {
    if (holes.length) items.push(unk(taintOfAll(holes)));
    else if (word || open) items.push(constant(word));
    word = '';
    holes = [];
    open = false;
  };
  for (const p of t.parts) {
    if (typeof p !== 'string') {
      holes.push(p.hole);
      continue;
    }
    for (const ch of p) {
      if (quote) {
        if (ch === quote) quote = '';
        else word += ch;
      } else if (quoted && (ch === "'" || ch === '"')) {
        quote = ch;
        open = true;
      } else if (/\s/.test(ch)) end();
      else word += ch;
    }
  }
  // (a quote left open: the shell would refuse the line)
  if (quote) return undefined;
  end();
  return { kind: 'list', items };
}

/**
 * Calls that run the function they are handed with the arguments after it, in a thread or an executor: asyncio's and
 * anyio's `to_thread`, Starlette's (and FastAPI's) `run_in_threadpool`, an event loop's `run_in_executor(executor, fn,
 * ...)`, a `concurrent.futures` executor's `submit`.
 */
const HANDOFF_AT = /^(?:asyncio\.to_thread|anyio\.to_thread\.run_sync|(?:starlette|fastapi)\.concurrency\.run_in_threadpool|.*\.run_in_executor|concurrent\.futures\.(?:Thread|Process)PoolExecutor\(\)\.submit)$/;

/**
 * Where such a call has the function it runs among its arguments, by the call's last name: first for `to_thread`,
 * `run_in_threadpool`, `run_sync` and `submit`, second for `run_in_executor(executor, fn, ...)`; -1 for another call.
 */
function handoffArgument(name: string): number {
  return /(?:^|_)to_thread$|^run_in_threadpool$|^run_sync$|^submit$/.test(name) ? 0 : name === 'run_in_executor' ? 1 : -1;
}

/** A dotted package name and its dot (`app.plugins.`): the start of the names of the modules inside that package. */
const PACKAGE_PREFIX = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\.$/;

/** Calls that compute a path or URL from their arguments: a check on the result vouches for the inputs. */
const DERIVING_CALLS = new Set([
  // `str(p).startswith(str(root))`: the text of the path checked is the path
  'str',
  'fspath',
  'realpath',
  'abspath',
  'normpath',
  'join',
  'resolve',
  'absolute',
  'expanduser',
  'Path',
  'PurePath',
  'PosixPath',
  'urlparse',
  'urlsplit',
  'URL',
]);
const URL_PARTS = new Set(['hostname', 'netloc', 'host']);
const ALLOWLIST_NAME = /allow|whitelist|permitted|trusted/i;
/** A collection of patterns a value must match: `ALLOWED_DOMAIN_REGEXES`, `supported_domains_regex`. */
const ALLOWED_PATTERNS_NAME = /(?:allow|whitelist|permitted|trusted|supported)\w*(?:regex|regexes|patterns?|res)$/i;
/** A collection named for the origins or URL prefixes a program allows (`domains`, `allowed_origins`, `ALLOWED_URL_PREFIXES`). */
const ALLOWED_ORIGINS_NAME = /(?:^|_)(?:domains|origins|hosts|url_?prefixes|base_?urls)$/i;
/** UPPER_SNAKE_CASE: a module-level constant by Python's convention */
const CONSTANT_NAME = /^_?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^_?[A-Z]{3,}$/;
/** pathlib's path classes. */
const PATH_CLASS = /^pathlib\.(?:Pure|Posix|Windows|PurePosix|PureWindows)?Path$/;
/** Path methods whose result names the same file (or a child, for joinpath). */
/** `Path.home()`, `Path.cwd()`: a path whose text is not known here. */
const PATH_PLACE = /^pathlib\.(?:Posix|Windows)?Path\.(?:home|cwd)$/;
const PATH_SAME = new Set(['resolve', 'absolute', 'expanduser', 'joinpath']);
/** pathlib methods whose result is a sibling in the same folder. */
const SAME_FOLDER = new Set(['with_suffix', 'with_name', 'with_stem']);
/** Parameters of tool methods that are plumbing, not model-controlled input. */
const TOOL_PLUMBING = new Set(['self', 'cls', 'run_manager', 'callbacks', 'config', 'ctx', 'context', 'runtime']);
/** Calls returning a namespace of the program's code, which a subscript looks a name up in. */
const NAMESPACE_CALLS = new Set(['globals()', 'locals()', 'vars()', 'builtins.globals()', 'builtins.locals()', 'builtins.vars()']);
/** String methods that keep the text (and its taint and sanitizers) of their receiver. */
const TEXT_PRESERVING = new Set(['strip', 'lstrip', 'rstrip', 'lower', 'upper', 'casefold', 'title', 'encode', 'decode']);

// ---------------------------------------------------------------------------------------------
// string literals

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };

/** Decode Python escape sequences in a non-raw string body. */
function decodeEscapes(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|\r\n|[\s\S])/g, (m, e: string) => {
    const c = e[0]!;
    if (c === 'x' || c === 'u' || c === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/[0-7]/.test(c) && e.length >= 1 && /^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    if (e === '\r\n') return '';
    if (c === 'N') return '?';
    return SIMPLE_ESCAPES[c] ?? m;
  });
}

// ---------------------------------------------------------------------------------------------
// environment

interface ClassCtx {
  name: string;
  fields: Map<string, Value>;
  methods: Map<string, FunctionFact>;
  /** qualified names of the bases */
  bases: string[];
  tool?: ToolClass;
  instance: Value;
  /** a record class (dataclass, attrs, pydantic model, NamedTuple): the fields its generated `__init__` takes, in order */
  record?: string[];
}

/** Decorators that give a class an `__init__` taking its annotated fields. */
const RECORD_DECORATOR = /^(?:dataclasses\.dataclass|dataclass|pydantic\.dataclasses\.dataclass|attrs?\.(?:s|attrs|define|frozen|mutable|dataclass))$/;
/** Library bases whose subclasses take their annotated fields as constructor arguments. */
const RECORD_BASE = /^(?:pydantic(?:\.main)?\.BaseModel|pydantic_settings\.BaseSettings|typing\.NamedTuple)$/;

interface Scope extends FlowScope {
  /** the enclosing scope whose names this one can read (class bodies are skipped by functions) */
  parent: Scope | undefined;
  fnId: string | undefined;
  cls: ClassCtx | undefined;
  /** names declared `global` (or `nonlocal`) here */
  globals?: Set<string>;
}

interface Pending {
  node: Node;
  fact: FunctionFact;
  scope: Scope;
  cls: ClassCtx | undefined;
  walked: boolean;
  /** the body has been walked to the end: `returns` is complete */
  done?: boolean;
  /** what the function returns, merged over its return statements */
  returns?: Value;
  isMethod: boolean;
  lambda: boolean;
  /** the constant default of each parameter that has one (`unix_variant=None`): what a call that omits it passes */
  defaults?: Map<string, Value>;
  /**
   * a function defined in another whose parameter defaults to a variable of the enclosing one (`def fetch(ph=placeholders)`,
   * `lambda t=table: ...`): the closure-capture idiom binds that value when the function is defined, and the body sees it
   */
  captured?: Map<string, Value>;
  /** the parameter (by position) the function calls, or hands to a thread, with its own `*args`/`**kwargs` (`forwardedParameter`) */
  forwards?: number;
  /** its only return statement returns a call of a function the file does not define, that call (null: another return) */
  returnsCall?: ReturnedCall | null;
  /** the class name its return annotation gives (`-> Paths`), read once (null: none) */
  returnType?: string | null;
}

/** A call a function returns (`return get_paths().resolve_virtual_path(thread_id, path)`), for `forwardSummary`. */
interface ReturnedCall {
  callee: string;
  args: Value[];
  kwargs: Record<string, Value>;
  receiver: Value | undefined;
}

/**
 * `a + b` (or `a += b`) on a list: the items of both; a list extended by a value not known
 * (`cmd += args`) keeps its items, the value standing for the rest as a starred one does
 * (`[*cmd, *args]`). Undefined when `a` is not a list.
 */
function listPlus(a: Value, b: Value): Value | undefined {
  // one of several argv lists extended (`base + ["pages", "deploy"]` with `base` either `["wrangler"]` or
  // `["npx", "wrangler"]`): each of them extended
  if (a.kind === 'unknown' && a.alternatives?.length && !a.taint?.length && a.alternatives.every((x) => x.kind === 'list')) {
    const each = a.alternatives.map((x) => listPlus(x, b));
    return each.every((x): x is Value => x !== undefined) ? { kind: 'unknown', alternatives: each } : undefined;
  }
  if (a.kind !== 'list') return undefined;
  if (b.kind === 'list') return { kind: 'list', items: [...a.items, ...b.items] };
  if (b.kind === 'unknown' && !a.taint?.length && !isNumber(b)) return { kind: 'list', items: [...a.items, unk(taintOfAll([b]))] };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// the lowering

class Lowering extends FlowLowering<Scope, Node> {
  protected readonly absent = OPAQUE;
  protected override readonly unboundFails = true;
  protected get here(): Scope {
    return this.scope;
  }
  readonly imports: ImportFact[] = [];
  readonly calls: { start: number; fact: CallFact }[] = [];
  readonly functions: { start: number; fact: FunctionFact }[] = [];
  readonly lateTools = new Map<number, Tool>();
  needRerun = false;

  private scope: Scope;
  private readonly moduleScope: Scope;
  /**
   * module-level names bound to `Annotated[T, Depends(f)]` (FastAPI's dependency aliases), and names imported from
   * another module of the project that are one there (`depends` marks)
   */
  dependencyAliases: Set<string> | undefined;
  /** the module-level dependency aliases this module binds itself */
  ownDependencyAliases: Set<string> | undefined;
  /** what names of other modules parameters are annotated with (`project_config: ProjectConfigDep`), as qualified names */
  readonly annotationRefs = new Set<string>();
  /** the types tools' and routes' parameters are annotated with (facts' `exposedTypes`) */
  readonly exposedTypes = new Set<string>();
  /**
   * module-level `Enum` classes (`class Theme(str, Enum)`), and names imported from another module of the project that
   * are one there (`enum` marks): a framework hands a parameter annotated with one only one of its members
   */
  private readonly enumClasses = new Set<string>();
  private readonly queue: Pending[] = [];
  private readonly pendings = new Map<string, Pending>();
  /** module-level names a function rebinds (`global X`): not constants another module can import */
  private readonly rebound = new Set<string>();
  /** the `__init__` generated for record classes, by its id */
  private readonly recordInits = new Map<string, ClassCtx>();
  private readonly ids = new Set<string>();
  private readonly classOf = new WeakMap<Value, ClassCtx>();
  private readonly instanceOf = new WeakMap<Value, ClassCtx>();
  /**
   * the values parameters start with, and the parameter's name: a member read of the parameter itself (`options["root"]`,
   * by its name, while it still holds that value) stands for that member of what a caller passed
   */
  private readonly paramValues = new WeakMap<Value, string>();
  /** names passed to a tool factory before a function of that name was defined */
  private readonly toolNames = new Map<string, Tool>();
  readonly toolRefs: NonNullable<FileFacts['toolRefs']> = [];
  /** module code is done: functions may be walked on demand, to know what they return */
  private draining = false;
  /** the path text of pathlib values (`Path(ROOT) / name` is `ROOT + "/" + name`), for sinks on the receiver */
  private readonly pathTexts = new WeakMap<Value, Value>();
  /** the pairs of `d.items()`, by the dict they came from */
  private readonly itemsOf = new WeakMap<Value, Value>();
  /** a comprehension's value -> the text each of its items is (one shape, different values) */
  private readonly shapeOfItems = new WeakMap<Value, Value>();
  /** `re.compile(r"^[A-Za-z_]\w*$")`: the pattern of a compiled expression */
  private readonly compiledPatterns = new WeakMap<Value, string>();
  /** lowering the body of `if __name__ == "__main__":` (its calls exercise the module's functions) */
  private inDemo = false;
  /** dicts whose keys are known to be of one kind (`{k: v for k, v in d.items() if k in ALLOWED}`), by that key value */
  private readonly keysOf = new WeakMap<Value, Value>();
  /** An entry of a table of lists of constant texts picked by a key not known here: every text of every list (`subscript`). */
  private readonly entryTexts = new WeakMap<Value, ListValue>();
  /** matches (`re.search(pattern, text)`, `NAME.match(text)`) by the pattern they were made with */
  private readonly matchPatterns = new WeakMap<Value, string>();
  /** the loop variables of `any(... for r in ALLOWED_PATTERNS)` while its test is read: each is one allowed pattern */
  private patternsOver: Set<string> | undefined;
  /** the variables of an `any(... for d in domains)` over allowed origins, while its test is read */
  private prefixesOver: Set<string> | undefined;
  /** the call an expression statement consists of, while it is lowered */
  private bareCall: Node | undefined;
  /** the call a return statement being lowered returns, and what `call` found of it (`Pending.returnsCall`) */
  private returningCall: Node | undefined;
  private returnedCall: ReturnedCall | undefined;
  /** the value a guarded `name["key"]` entry was read from (see `constantEntry`) */
  private readonly entryBases = new Map<string, Value>();

  constructor(
    private readonly source: string,
    protected readonly lines: LineTable,
    private readonly model: SourceModel,
    private readonly seeds: ReadonlyMap<number, Tool>,
  ) {
    super();
    this.moduleScope = { vars: new Map(), parent: undefined, serial: this.serial++, fnId: undefined, cls: undefined };
    this.scope = this.moduleScope;
  }

  run(root: Node): void {
    this.block(root.children);
    this.draining = true;
    this.drain(this.queue, (p) => this.walkFunction(p));
  }

  // --- facts ---------------------------------------------------------------------------------

  private text(n: Node): string {
    return this.source.slice(n.start, n.end);
  }

  private range(n: Node): Range {
    return this.lines.range(n.start, n.end);
  }

  private line(n: Node): number {
    return this.lines.line(n.start);
  }

  private stringFact(n: Node, value: string, name: string | undefined): void {
    this.recordString(n.start, n.end, value, name);
  }

  // --- environment ---------------------------------------------------------------------------

  /** Python assignment: binds in the current scope unless declared global/nonlocal. */
  private assign(name: string, v: Value): void {
    if (this.scope.globals?.has(name)) {
      this.put(this.owner(name) ?? this.moduleScope, name, v);
      return;
    }
    this.put(this.scope, name, v);
  }

  // --- statements ----------------------------------------------------------------------------

  private block(stmts: readonly Node[]): void {
    for (const s of stmts) {
      if (this.exited || this.jumped) {
        // unreachable code still holds calls worth listing (graded low), but its writes must not leak
        this.deadStatement(() => this.statement(s));
        continue;
      }
      this.statement(s);
    }
  }

  private body(n: Node | undefined): void {
    if (!n) return;
    if (n.type === 'block') this.block(n.children);
    else this.statement(n);
  }

  private statement(n: Node): void {
    switch (n.type) {
      case 'expression_statement':
        this.expressionStatement(n);
        return;
      case 'import_statement':
        this.importStatement(n);
        return;
      case 'import_from_statement':
        this.importFrom(n);
        return;
      case 'future_import_statement':
        return;
      case 'function_definition':
        this.functionDefinition(n, []);
        return;
      case 'class_definition':
        this.classDefinition(n);
        return;
      case 'decorated_definition':
        this.decorated(n);
        return;
      case 'if_statement':
        this.ifStatement(n);
        return;
      case 'for_statement':
        this.forStatement(n);
        return;
      case 'while_statement':
        this.whileStatement(n);
        return;
      case 'try_statement':
        this.tryStatement(n);
        return;
      case 'with_statement':
        this.withStatement(n);
        return;
      case 'return_statement': {
        const value = n.children.find((c) => c.named);
        const returned = value && this.unparen(value);
        this.returningCall = returned?.type === 'call' ? returned : undefined;
        this.returnedCall = undefined;
        const v = value ? this.expr(value) : NONE;
        this.recordReturn(v, this.returnedCall);
        this.returningCall = this.returnedCall = undefined;
        this.exited = true;
        return;
      }
      case 'raise_statement':
        for (const c of n.children) if (c.named) this.expr(c);
        this.exited = true;
        return;
      case 'break_statement':
      case 'continue_statement':
        this.jumped = true;
        return;
      case 'global_statement':
      case 'nonlocal_statement':
        for (const c of n.children) if (c.type === 'identifier') (this.scope.globals ??= new Set()).add(this.text(c));
        if (n.type === 'global_statement') for (const c of n.children) if (c.type === 'identifier') this.rebound.add(this.text(c));
        return;
      case 'assert_statement': {
        const test = n.children.find((c) => c.named);
        if (!test) return;
        this.expr(test);
        const g = this.guardOf(test);
        if (g && g.whenTrue) this.applyGuard(g);
        for (const c of n.children.slice(n.children.indexOf(test) + 1)) if (c.named) this.expr(c);
        return;
      }
      case 'match_statement':
        this.matchStatement(n);
        return;
      case 'block':
        this.block(n.children);
        return;
      case 'comment':
      case 'pass_statement':
        return;
      default:
        this.children(n);
    }
  }

  private recordReturn(v: Value, call?: ReturnedCall): void {
    const p = this.scope.fnId ? this.pendings.get(this.scope.fnId) : undefined;
    if (!p) return;
    p.returnsCall = p.returns === undefined && call ? call : null;
    p.returns = p.returns ? this.merge([p.returns, v]) : v;
  }

  private expressionStatement(n: Node): void {
    // (counted, not filtered: this runs for most statements)
    let first: Node | undefined;
    let named = 0;
    for (const c of n.children) if (c.named && named++ === 0) first = c;
    // a bare string statement is a docstring or a comment in disguise, never data; a function's
    // first one is its docstring (a tool's description, which a model reads)
    if (named === 1 && (first!.type === 'string' || first!.type === 'concatenated_string')) {
      const fact = this.scope.fnId ? this.pendings.get(this.scope.fnId)?.fact : undefined;
      if (fact && !fact.doc) {
        const v = this.stringValue(first!, false);
        if (v.kind === 'const' && typeof v.value === 'string') fact.doc = { value: v.value, range: this.range(first!) };
      }
      return;
    }
    // `validate_table_name(t)` on its own: a call made for its check (see `validatedArguments`)
    if (named === 1) this.bareCall = first!.type === 'await' ? first!.children.find((c) => c.named) : first;
    for (const c of n.children) if (c.named) this.expr(c);
    // `p.relative_to(root)` (or `rel = p.relative_to(root)`) raises unless p lies under root: past it, p does
    if (named === 1) {
      const contained = this.relativeToGuard(first!);
      if (contained) this.applyGuard(contained);
    }
    // a call that does not return (`raise_http_error(...)`, `abort(404)`, `sys.exit(1)`) ends the path, as `raise` does
    if (this.bareCall?.type === 'call') {
      const f = fieldOf(this.bareCall, 'function');
      const name = f ? this.text(f) : '';
      if (NO_RETURN.test(name.slice(name.lastIndexOf('.') + 1)) || NO_RETURN_CALLS.has(name)) this.exited = true;
    }
    this.bareCall = undefined;
  }

  private children(n: Node): void {
    for (const c of n.children) {
      if (!c.named) continue;
      if (c.type === 'block') this.block(c.children);
      else if (isStatement(c.type)) this.statement(c);
      else this.expr(c);
    }
  }

  private matchStatement(n: Node): void {
    const subject = fieldOf(n, 'subject');
    if (subject) this.expr(subject);
    const body = fieldOf(n, 'body');
    const cases = (body?.children ?? []).filter((c) => c.type === 'case_clause');
    this.branches(
      cases.map((c) => () => this.body(fieldOf(c, 'consequence'))),
      true,
    );
  }

  // --- imports -------------------------------------------------------------------------------

  private dotted(n: Node): string {
    return this.text(n).replace(/\s+/g, '');
  }

  private importStatement(n: Node): void {
    for (const c of n.children) {
      if (c.field !== 'name') continue;
      if (c.type === 'aliased_import') {
        const name = fieldOf(c, 'name');
        const alias = fieldOf(c, 'alias');
        if (!name || !alias) continue;
        const module = this.dotted(name);
        const local = this.text(alias);
        this.imports.push({ module, alias: local, range: this.range(c) });
        this.assign(local, unk(undefined, module));
      } else {
        // `import a.b.c` binds `a`; `a.b.c.f` then reads through it
        const module = this.dotted(c);
        const head = module.split('.')[0]!;
        this.imports.push({ module, alias: head, range: this.range(c) });
        this.assign(head, unk(undefined, head));
      }
    }
  }

  private importFrom(n: Node): void {
    const modNode = fieldOf(n, 'module_name');
    if (!modNode) return;
    const module = this.dotted(modNode);
    for (const c of n.children) {
      if (c.type === 'wildcard_import') {
        this.imports.push({ module, name: '*', alias: '*', range: this.range(c) });
        continue;
      }
      if (c.field !== 'name') continue;
      let nameNode = c;
      let local: string;
      if (c.type === 'aliased_import') {
        const nn = fieldOf(c, 'name');
        const alias = fieldOf(c, 'alias');
        if (!nn || !alias) continue;
        nameNode = nn;
        local = this.text(alias);
      } else local = this.dotted(c);
      const name = this.dotted(nameNode);
      this.imports.push({ module, name, alias: local, range: this.range(c) });
      // `from . import views` names `.views`, `from .. import x` names `..x`
      const ref = module.endsWith('.') ? `${module}${name}` : `${module}.${name}`;
      this.assign(local, this.importedConstant(ref) ?? unk(undefined, ref));
    }
  }

  // --- functions and classes -----------------------------------------------------------------

  private newId(name: string, n: Node): string {
    let id = `${name}@${this.line(n)}`;
    for (let k = 2; this.ids.has(id); k++) id = `${name}@${this.line(n)}#${k}`;
    this.ids.add(id);
    return id;
  }

  /**
   * `types`: read the annotations too (when the function is walked; its definition needs only the names); `exposed`:
   * the parameters of a tool or a route, whose types the project pass is told of (`exposedTypes`)
   */
  private paramList(params: Node | undefined, types: boolean, exposed = false): ParamInfo[] {
    const out: ParamInfo[] = [];
    // `run_id: int`, `limit: Optional[int] = None`: FastAPI and pydantic hand the function a number or refuse the call;
    // `conversation_id: UUID`, a UUID (hex digits and dashes); `Annotated[int, Query(ge=1)]` is its first argument's type,
    // and `db: Annotated[Session, Depends(get_db)]` (or a module-level name bound to that) is filled by the server, as a
    // `Depends` default is; `theme: Optional[Theme]` with `class Theme(str, Enum)`, or `mode: Literal["a", "b"]`, is one
    // of the program's own values, which the framework checked (pydantic)
    const typed = (p: Node): { number?: true; uuid?: true; injected?: true; fixed?: true; type?: string } => {
      const t = fieldOf(p, 'type');
      let text = t ? this.text(t).replace(/\s+/g, '') : '';
      if (this.dependencyAliases?.has(text)) return { injected: true };
      // (a name imported from another module of the project: the project pass says whether it is such an alias, or an
      // `Enum` class, there)
      const ref = (name: string): string | undefined => {
        const v = /^[A-Za-z_]\w*$/.test(name) ? this.lookup(name) : undefined;
        return v?.kind === 'unknown' && v.ref && v.ref !== name && !v.ref.includes('(') ? v.ref : undefined;
      };
      const own = ref(text);
      if (own) this.annotationRefs.add(own);
      const annotated = annotatedType(text);
      if (annotated?.injected) return { injected: true };
      if (annotated) text = annotated.type;
      const inner = optionalInner(text);
      if (NUMBER_TYPE.test(inner)) return { number: true };
      if (UUID_TYPE.test(inner)) return { uuid: true };
      if (LITERAL_TYPE.test(inner)) return { fixed: true };
      const innerRef = inner === text && own ? own : ref(inner);
      // (only a tool's or a route's: another function's parameter is whatever its callers pass, whatever its type)
      if (exposed && (innerRef || /^[A-Za-z_]\w*$/.test(inner))) {
        if (innerRef) this.annotationRefs.add(innerRef);
        this.exposedTypes.add(innerRef ?? inner);
      }
      const isEnum = this.enumClasses.has(inner) || (!!innerRef && this.enumClasses.has(innerRef.slice(innerRef.lastIndexOf('.') + 1)));
      if (isEnum) return { fixed: true };
      // (a class's name, `db: SQLDatabase`, `db: "SQLDatabase"`: the methods called on the parameter may be that class's)
      const named = annotatedName(inner);
      return named ? { type: named } : {};
    };
    if (!params) return out;
    for (const p of params.children) {
      switch (p.type) {
        case 'identifier':
          out.push({ name: this.text(p), node: p });
          break;
        case 'typed_parameter': {
          const id = p.children.find((c) => c.type === 'identifier' && c.field !== 'type');
          if (id) out.push({ name: this.text(id), node: id, ...(types ? typed(p) : {}) });
          else {
            const splat = p.children.find((c) => c.type === 'list_splat_pattern' || c.type === 'dictionary_splat_pattern');
            const sid = splat?.children.find((c) => c.type === 'identifier');
            if (sid) out.push({ name: this.text(sid), node: sid });
          }
          break;
        }
        case 'default_parameter':
        case 'typed_default_parameter': {
          const id = fieldOf(p, 'name');
          const value = fieldOf(p, 'value');
          // FastAPI's `Depends(get_db)` / `Security(...)`: the server fills it by calling its own function
          const injected = value?.type === 'call' && /(?:^|\.)(?:Depends|Security)$/.test(this.text(fieldOf(value, 'function') ?? value));
          if (id) out.push({ name: this.text(id), node: id, ...(types && p.type === 'typed_default_parameter' ? typed(p) : {}), ...(injected ? { injected } : {}) });
          break;
        }
        case 'list_splat_pattern':
        case 'dictionary_splat_pattern': {
          const id = p.children.find((c) => c.type === 'identifier');
          if (id) out.push({ name: this.text(id), node: id });
          break;
        }
        default:
          break;
      }
    }
    return out;
  }

  /** Names of the parameters whose default is a literal: a string without interpolation, a number, a boolean, `None`. */
  private constantDefaults(params: Node | undefined): string[] {
    const out: string[] = [];
    for (const p of params?.children ?? []) {
      if (p.type !== 'default_parameter' && p.type !== 'typed_default_parameter') continue;
      const id = fieldOf(p, 'name');
      const v = fieldOf(p, 'value');
      if (!id || !v) continue;
      const literal = ['integer', 'float', 'true', 'false', 'none'].includes(v.type) || (v.type === 'string' && !v.children.some((c) => c.type === 'interpolation'));
      if (literal) out.push(this.text(id));
    }
    return out;
  }

  /**
   * Evaluate default values (at definition time, in the defining scope), once each: the constant ones, by parameter name
   * (`Pending.defaults`), and, for a function defined in another (`nested`), those that are a bare name of a variable of
   * the enclosing function (`ph=placeholders`, `Pending.captured`), with the value that name holds there.
   */
  private paramDefaults(params: Node | undefined, nested: boolean): { constants?: Map<string, Value>; captured?: Map<string, Value> } {
    const out: { constants?: Map<string, Value>; captured?: Map<string, Value> } = {};
    for (const p of params?.children ?? []) {
      if (p.type !== 'default_parameter' && p.type !== 'typed_default_parameter') continue;
      const v = fieldOf(p, 'value');
      const value = v ? this.expr(v) : undefined;
      const id = fieldOf(p, 'name');
      if (!value || id?.type !== 'identifier') continue;
      if (value.kind === 'const') (out.constants ??= new Map()).set(this.text(id), value);
      if (nested && v?.type === 'identifier' && this.owner(this.text(v))?.fnId !== undefined) (out.captured ??= new Map()).set(this.text(id), value);
    }
    return out;
  }

  /**
   * A call's arguments (keyword ones already in their places, `placeKeywords`) with the constant default of each
   * parameter after them the call omits (`find_command("npm")` passing `unix_variant=None`), by the positions the
   * parameters' origins count (`self` not included).
   */
  private withDefaults(p: Pending, args: Value[], kwargs: Record<string, Value>): (Value | undefined)[] {
    const names = p.isMethod && (p.fact.params[0] === 'self' || p.fact.params[0] === 'cls') ? p.fact.params.slice(1) : p.fact.params;
    if (!p.defaults || kwargs['**'] || names.length <= args.length) return args;
    const out: (Value | undefined)[] = [...args];
    for (let k = args.length; k < names.length; k++) out[k] = kwargs[names[k]!] ?? p.defaults.get(names[k]!);
    return out;
  }

  private createFunction(n: Node, cls: ClassCtx | undefined, lambda: boolean): Pending {
    const nameNode = fieldOf(n, 'name');
    const name = lambda ? '<lambda>' : nameNode ? this.text(nameNode) : '<function>';
    const qualified = cls ? `${cls.name}.${name}` : name;
    const params = this.paramList(fieldOf(n, 'parameters'), false);
    const fact: FunctionFact = { id: this.newId(qualified, n), name: qualified, params: params.map((p) => p.name), range: this.range(n) };
    if (lambda || this.scope.fnId !== undefined || /^_(?!_)/.test(name)) fact.local = true;
    const defaults = this.constantDefaults(fieldOf(n, 'parameters'));
    if (defaults.length) fact.constantDefaults = defaults;
    const seeded = this.seeds.get(n.start);
    if (seeded) fact.tool = seeded;
    const p: Pending = { node: n, fact, scope: this.scope, cls, walked: false, isMethod: !!cls && !lambda, lambda };
    this.pendings.set(fact.id, p);
    this.queue.push(p);
    this.functions.push({ start: n.start, fact });
    const { constants, captured } = this.paramDefaults(fieldOf(n, 'parameters'), p.scope.fnId !== undefined);
    if (constants) p.defaults = constants;
    if (captured) p.captured = captured;
    const forwards = lambda ? undefined : this.forwardedParameter(n, fact.params);
    if (forwards !== undefined) p.forwards = forwards;
    return p;
  }

  /**
   * `async def _offload(func, **kwargs): return await asyncio.to_thread(func, **kwargs)`, `def retry(fn, *args, **kwargs):
   * ... fn(*args, **kwargs)`: the parameter the function calls (or hands to a thread or an executor) with its own
   * starred parameters, by position, read from its text before it is walked (its callers may be walked first).
   */
  private forwardedParameter(n: Node, params: readonly string[]): number | undefined {
    const list = fieldOf(n, 'parameters');
    const starred = new Set<string>();
    for (const c of list?.children ?? []) {
      const splat = c.type === 'list_splat_pattern' || c.type === 'dictionary_splat_pattern' ? c : c.type === 'typed_parameter' ? c.children.find((x) => x.type === 'list_splat_pattern' || x.type === 'dictionary_splat_pattern') : undefined;
      const id = splat?.children.find((x) => x.type === 'identifier');
      if (id) starred.add(this.text(id));
    }
    const body = fieldOf(n, 'body');
    if (!starred.size || !body) return undefined;
    let found: number | undefined;
    const visit = (x: Node): void => {
      if (found !== undefined || x.type === 'function_definition' || x.type === 'lambda' || x.type === 'class_definition') return;
      if (x.type === 'call') {
        const fn = fieldOf(x, 'function');
        const args = (fieldOf(x, 'arguments')?.children ?? []).filter((a) => a.named && a.type !== 'comment');
        const spreads = args.filter((a) => a.type === 'list_splat' || a.type === 'dictionary_splat');
        const forwarded = spreads.length > 0 && spreads.every((a) => starred.has(this.text(a).replace(/^\*{1,2}/, '')));
        const plain = args.filter((a) => a.type !== 'list_splat' && a.type !== 'dictionary_splat' && a.type !== 'keyword_argument');
        const handoff = fn ? handoffArgument(lastSegment(this.text(fn))) : -1;
        const handed = handoff >= 0 ? plain[handoff] : fn;
        const at = forwarded && handed?.type === 'identifier' && plain.length === handoff + 1 ? params.indexOf(this.text(handed)) : -1;
        if (at >= 0) found = at;
      }
      for (const c of x.children) visit(c);
    };
    visit(body);
    return found;
  }

  private fnValue(fact: FunctionFact): Value {
    return unknown(undefined, { functionId: fact.id });
  }

  private markTool(p: Pending, tool: Tool): void {
    if (p.fact.tool) return;
    p.fact.tool = tool;
    if (p.walked) {
      this.lateTools.set(p.node.start, tool);
      this.needRerun = true;
    }
  }

  /** The qualified name a decorator expression stands for: `tool`, `mcp.server.fastmcp.FastMCP().tool`. */
  private decoratorName(expr: Node): string | undefined {
    const target = expr.type === 'call' ? fieldOf(expr, 'function') : expr;
    if (!target) return undefined;
    const c = this.resolveCallee(target);
    return c.callee.startsWith('?') ? undefined : c.callee;
  }

  /** Evaluate the decorators of a decorated definition; the qualified names of those that have one. */
  private decoratorNames(n: Node): string[] {
    return this.decoratorsOf(n).flatMap((d) => (d.name ? [d.name] : []));
  }

  /** Evaluate the decorators of a decorated definition: each with the qualified name it stands for, if any. */
  private decoratorsOf(n: Node): { node: Node; name: string | undefined }[] {
    const out: { node: Node; name: string | undefined }[] = [];
    for (const d of n.children) {
      if (d.type !== 'decorator') continue;
      const e = d.children.find((c) => c.named);
      if (!e) continue;
      this.expr(e);
      out.push({ node: d, name: this.decoratorName(e) });
    }
    return out;
  }

  private decorated(n: Node): void {
    const each = this.decoratorsOf(n);
    const decorators = each.flatMap((d) => (d.name ? [d.name] : []));
    const def = fieldOf(n, 'definition');
    if (!def) return;
    const text = (s: Node): string => this.text(s);
    if (def.type === 'function_definition') this.functionDefinition(def, decorators, undefined, routeSegments(n, text), flaskRouteVariables(each, text));
    else if (def.type === 'class_definition') this.classDefinition(def, decorators);
  }

  private functionDefinition(n: Node, decorators: string[], cls?: ClassCtx, segments?: string[], variables?: string[]): FunctionFact {
    const p = this.createFunction(n, cls, false);
    for (const d of decorators) {
      const t = this.model.toolDecorator(d);
      if (t) this.markTool(p, { framework: t.framework, via: `@${d}` });
      const r = this.model.routeDecorator(d);
      if (r) this.markTool(p, { framework: r.framework, via: `@${d}`, input: 'request-input', ...(segments?.length ? { segments } : {}), ...(variables ? { variables } : {}) });
      if (COMMAND_LINE_DECORATOR.test(d)) p.fact.commandLine = true;
    }
    if (cls?.tool && cls.tool.methods.includes(lastSegment(p.fact.name))) this.markTool(p, { framework: cls.tool.framework, via: cls.tool.via, ...(cls.tool.input ? { input: cls.tool.input } : {}) });
    const simple = p.fact.name.slice(p.fact.name.lastIndexOf('.') + 1);
    const pendingTool = !cls ? this.toolNames.get(simple) : undefined;
    if (pendingTool) this.markTool(p, pendingTool);
    if (!cls) this.assign(simple, this.fnValue(p.fact));
    return p.fact;
  }

  private classDefinition(n: Node, decorators: readonly string[] = []): void {
    const nameNode = fieldOf(n, 'name');
    const name = nameNode ? this.text(nameNode) : '<class>';
    const bases: string[] = [];
    let baseCls: ClassCtx | undefined;
    const supers = fieldOf(n, 'superclasses');
    for (const b of supers?.children ?? []) {
      if (!b.named || b.type === 'keyword_argument') continue;
      const v = this.expr(b);
      const bc = this.classOf.get(v);
      if (bc) {
        baseCls ??= bc;
        bases.push(...bc.bases);
      } else if (v.kind === 'unknown' && v.ref) bases.push(v.ref);
    }
    const instance = unknown();
    const cls: ClassCtx = { name, fields: new Map(baseCls?.fields), methods: new Map(baseCls?.methods), bases, instance };
    for (const b of bases) {
      const t = this.model.toolClass(b);
      if (t) {
        cls.tool = { framework: t.framework, methods: t.methods, via: `${b} subclass`, ...(t.input ? { input: t.input } : {}), ...(t.fields ? { fields: t.fields } : {}) };
        break;
      }
    }
    if (!cls.tool && baseCls?.tool) cls.tool = baseCls.tool;
    const moduleLevel = this.scope === this.moduleScope;
    if (!cls.tool && moduleLevel) cls.tool = this.toolClassMarks.get(name);
    if (moduleLevel && bases.length) this.classes.push({ name, bases: [...new Set(bases)], ...(cls.tool ? { tool: cls.tool } : {}) });
    if (moduleLevel && bases.some((b) => ENUM_BASE.test(b))) this.enumClasses.add(name);
    if (baseCls?.record || decorators.some((d) => RECORD_DECORATOR.test(d)) || bases.some((b) => RECORD_BASE.test(b))) cls.record = [...(baseCls?.record ?? [])];
    const classValue: Value = bases.length ? { kind: 'unknown', bases: [...bases] } : unknown();
    this.classOf.set(classValue, cls);
    this.instanceOf.set(instance, cls);
    // the class body runs now, in its own scope; methods are walked later with the module as parent
    const saveScope = this.scope;
    const bodyScope: Scope = { vars: new Map(), parent: saveScope, serial: this.serial++, fnId: saveScope.fnId, cls };
    this.scope = bodyScope;
    const body = fieldOf(n, 'body');
    for (const s of body?.children ?? []) {
      if (s.type === 'function_definition') {
        const f = this.methodDefinition(s, [], cls, saveScope);
        cls.methods.set(lastSegment(f.name), f);
      } else if (s.type === 'decorated_definition') {
        const def = fieldOf(s, 'definition');
        if (def?.type === 'function_definition') {
          const f = this.methodDefinition(def, this.decoratorNames(s), cls, saveScope);
          cls.methods.set(lastSegment(f.name), f);
        } else this.statement(s);
      } else this.statement(s);
    }
    // a pydantic field made by a factory (`client: PythonREPL = Field(default_factory=PythonREPL)`): what the factory makes
    for (const [k, v] of this.fieldFactories(body)) bodyScope.vars.set(k, v);
    // class attributes are fields of its instances too
    for (const [k, v] of bodyScope.vars) if (!cls.fields.has(k)) cls.fields.set(k, v);
    // a field annotated with a class and given no value but pydantic's `Field(...)` (`db: SQLDatabase = Field(exclude=True)`,
    // `client: Client`): an instance of that class, whatever the object was made with
    const annotated = this.annotatedFields(body);
    for (const f of annotated) {
      const named = annotatedName(optionalInner(f.type));
      const had = bodyScope.vars.get(f.name);
      if (!named || f.classVar || (had && !(had.kind === 'unknown' && had.ref && /(?:^|\.)(?:Field|field)\(\)$/.test(had.ref)))) continue;
      const v = unknown();
      this.typeAs(v, named);
      if (this.methodsOf.has(v) || this.typedAs.has(v)) cls.fields.set(f.name, v);
    }
    // a tool whose arguments are its annotated fields (Agency Swarm's `command: str = Field(...)`): what the model gives
    if (cls.tool?.fields) for (const f of annotated) if (!TOOL_PLUMBING.has(f.name.replace(/^_+/, ''))) cls.fields.set(f.name, unknown([{ kind: cls.tool.input ?? 'tool-param', name: f.name, line: f.line }]));
    if (cls.record && !cls.methods.has('__init__')) this.recordInit(n, cls, body);
    this.scope = saveScope;
    this.assign(name, classValue);
  }

  /**
   * The class attributes bound to `Field(default_factory=f)` (pydantic, dataclasses' `field`), with the value `f()`
   * makes: a class or function another module names (`PythonREPL`), or what a lambda returns (`lambda: PythonREPL()`).
   */
  private fieldFactories(body: Node | undefined): Map<string, Value> {
    const out = new Map<string, Value>();
    for (const s of body?.children ?? []) {
      const a = s.type === 'expression_statement' ? s.children.find((c) => c.named) : undefined;
      const left = a?.type === 'assignment' ? fieldOf(a, 'left') : undefined;
      const right = left?.type === 'identifier' ? fieldOf(a!, 'right') : undefined;
      if (right?.type !== 'call' || !/(?:^|\.)(?:Field|field)$/.test(this.text(fieldOf(right, 'function') ?? right))) continue;
      const kw = fieldOf(right, 'arguments')?.children.find((c) => c.type === 'keyword_argument' && this.text(fieldOf(c, 'name') ?? c) === 'default_factory');
      const factory = kw && fieldOf(kw, 'value');
      if (!factory) continue;
      if (factory.type === 'lambda') {
        const b = fieldOf(factory, 'body');
        if (b && !fieldOf(factory, 'parameters')) out.set(this.text(left!), this.expr(b));
        continue;
      }
      const f = factory.type === 'identifier' || factory.type === 'attribute' ? this.expr(factory) : undefined;
      if (f?.kind === 'unknown' && f.ref && !f.ref.includes('(') && !this.classOf.has(f)) out.set(this.text(left!), unk(undefined, `${f.ref}()`));
    }
    return out;
  }

  /**
   * The names a class body annotates (`command: str = Field(...)`, `path: str`), with their lines, whether a value
   * follows the annotation, and whether it is a `ClassVar`.
   */
  private annotatedFields(body: Node | undefined): { name: string; line: number; valued: boolean; classVar: boolean; type: string }[] {
    const out: { name: string; line: number; valued: boolean; classVar: boolean; type: string }[] = [];
    for (const s of body?.children ?? []) {
      const a = s.type === 'expression_statement' ? s.children.find((c) => c.named) : undefined;
      const type = a?.type === 'assignment' ? fieldOf(a, 'type') : undefined;
      const left = type ? fieldOf(a!, 'left') : undefined;
      if (left?.type !== 'identifier') continue;
      const typeText = this.text(type!).replace(/\s+/g, '');
      out.push({ name: this.text(left), line: this.line(left), valued: !!fieldOf(a!, 'right'), classVar: /^(?:typing\.)?ClassVar\b/.test(typeText), type: typeText });
    }
    return out;
  }

  /**
   * The `__init__` a record class is given: one parameter per field annotated without a value
   * (`python_executable: str`), after the fields of a record base. Reading such a field is
   * reading what the object was made with; the constructor's call sites say what that was.
   */
  private recordInit(n: Node, cls: ClassCtx, body: Node | undefined): void {
    const record = cls.record!;
    for (const f of this.annotatedFields(body)) if (!f.valued && !f.classVar && !record.includes(f.name)) record.push(f.name);
    if (!record.length) return;
    const qualified = `${cls.name}.__init__`;
    const fact: FunctionFact = { id: this.newId(qualified, n), name: qualified, params: [...record], range: this.range(n) };
    if (this.scope.fnId !== undefined || /^_(?!_)/.test(cls.name)) fact.local = true;
    this.functions.push({ start: n.start, fact });
    this.recordInits.set(fact.id, cls);
    cls.methods.set('__init__', fact);
    record.forEach((field, index) => {
      const f = cls.fields.get(field);
      if (!f || f.kind === 'unknown') cls.fields.set(field, unknown([{ kind: 'param', name: field, line: this.line(n), functionId: fact.id, index }]));
    });
  }

  /** An object of a record class made by one call: the fields it was given are the arguments of that call. */
  private recordMade(cls: ClassCtx, args: Value[], kwargs: Record<string, Value>): Value {
    const fields = new Map(cls.fields);
    cls.record!.forEach((name, index) => {
      const arg = kwargs[name] ?? args[index];
      if (arg) fields.set(name, arg);
    });
    const made = unknown();
    this.instanceOf.set(made, { ...cls, fields });
    return made;
  }

  private methodDefinition(n: Node, decorators: string[], cls: ClassCtx, outer: Scope): FunctionFact {
    // methods do not see the class body's names: define them in the enclosing scope
    const save = this.scope;
    this.scope = outer;
    const f = this.functionDefinition(n, decorators, cls);
    this.scope = save;
    return f;
  }

  private walkFunction(p: Pending): void {
    p.walked = true;
    const save = { scope: this.scope, exited: this.exited, jumped: this.jumped, trail: this.trail };
    this.trail = undefined;
    this.scope = { vars: new Map(), parent: p.scope, serial: this.serial++, fnId: p.fact.id, cls: p.cls };
    this.exited = false;
    this.jumped = false;
    const tool = p.fact.tool;
    const params = this.paramList(fieldOf(p.node, 'parameters'), true, !!tool);
    let index = 0;
    params.forEach((param, i) => {
      if (i === 0 && p.isMethod && (param.name === 'self' || param.name === 'cls')) {
        this.scope.vars.set(param.name, p.cls?.instance ?? OPAQUE);
        return;
      }
      const k = index++;
      const captured = !tool ? p.captured?.get(param.name) : undefined;
      if (captured) {
        this.scope.vars.set(param.name, captured);
        return;
      }
      const origin: TaintOrigin =
        tool && !TOOL_PLUMBING.has(param.name.replace(/^_+/, '')) && !(tool.input === 'request-input' && (param.injected || (tool.variables && !tool.variables.includes(param.name))))
          ? { kind: tool.input ?? 'tool-param', name: param.name, line: this.line(param.node) }
          : { kind: 'param', name: param.name, line: this.line(param.node), functionId: p.fact.id, index: k };
      // a route path's `{name}` (not `{name:path}`) is one path segment: no separator in it
      if (origin.kind === 'request-input' && tool?.segments?.includes(param.name)) origin.sanitized = ['path-segment'];
      // a UUID the framework parsed is hex digits and dashes: a plain word, and a file name that cannot climb out
      if (origin.kind !== 'param' && param.uuid) origin.sanitized = ['sql-identifier', 'shell-quoted', 'path-basename'];
      let pv: Value = param.number ? numeric([{ ...origin, sanitized: ['integer'] }]) : unknown([origin]);
      // a member of an `Enum` or a `Literal` the framework checked the value against: one of the program's own values,
      // as a membership test in a constant collection proves
      if (origin.kind !== 'param' && param.fixed) for (const k of FIXED_VALUE) pv = withSanitizer(pv, k);
      if (origin.kind === 'param' && !param.number) {
        this.paramValues.set(pv, param.name);
        markParameter(pv);
        if (param.type) this.typeAs(pv, param.type);
      }
      this.scope.vars.set(param.name, pv);
    });
    const body = fieldOf(p.node, 'body');
    if (p.lambda) {
      if (body) this.recordReturn(this.expr(body));
    } else this.body(body);
    p.done = true;
    this.scope = save.scope;
    this.exited = save.exited;
    this.jumped = save.jumped;
    this.trail = save.trail;
  }

  // --- control flow --------------------------------------------------------------------------

  private ifStatement(n: Node): void {
    type Arm = { cond?: Node; body?: Node };
    const arms: Arm[] = [{ cond: fieldOf(n, 'condition'), body: fieldOf(n, 'consequence') }];
    for (const c of n.children) {
      if (c.type === 'elif_clause') arms.push({ cond: fieldOf(c, 'condition'), body: fieldOf(c, 'consequence') });
      else if (c.type === 'else_clause') arms.push({ body: fieldOf(c, 'body') });
    }
    const hasElse = arms[arms.length - 1]!.cond === undefined;
    // conditions are evaluated in order; each arm runs when the earlier conditions failed
    const guards: (Guard | undefined)[] = [];
    // (`if cwd:` … `else:`: on the side where a test says a variable is empty, it holds nothing)
    const empties: ({ name: string; whenTrue: boolean } | undefined)[] = [];
    const emptied = (failed: typeof empties) => {
      for (const e of failed) if (e && !e.whenTrue) this.provedEmpty(e.name, NONE);
    };
    const paths: (() => void)[] = [];
    for (const arm of arms) {
      const earlier = guards.slice();
      const earlierEmpty = empties.slice();
      let g: Guard | undefined;
      let empty: (typeof empties)[number];
      if (arm.cond) {
        this.expr(arm.cond);
        g = this.guardOf(arm.cond);
        guards.push(g);
        empty = this.emptyWhen(arm.cond);
        // (only a variable with untrusted origins is worth a path of its own: most tests are of other values)
        if (empty && !this.emptiable(empty.name)) empty = undefined;
        empties.push(empty);
      }
      // a module's demonstration (`if __name__ == "__main__":` at its top level) exercises its functions
      const demo = !this.scope.fnId && arm === arms[0] && !!arm.cond && MAIN_GUARD.test(this.text(arm.cond));
      paths.push(() => {
        emptied(earlierEmpty);
        if (empty?.whenTrue) this.provedEmpty(empty.name, NONE);
        for (const e of earlier) if (e && !e.whenTrue) this.applyGuard(e);
        if (g && g.whenTrue) this.applyGuard(g);
        const outer = this.inDemo;
        this.inDemo ||= demo;
        this.body(arm.body);
        this.inDemo = outer;
      });
    }
    // (no `else`, and a failed test says a variable is empty: that side is a path of its own)
    const emptySide = !hasElse && empties.some((e) => e && !e.whenTrue);
    if (emptySide) paths.push(() => emptied(empties));
    const left = this.branches(paths, !hasElse && !emptySide);
    if (this.exited || this.jumped) return;
    // `if not path.startswith("/"): path = "/" + path`: past it, the text starts with "/" on either side
    if (arms.length === 1 && !left[0]) {
      const prefixed = this.prefixedUnlessStarting(arms[0]!.cond, arms[0]!.body);
      const v = prefixed && this.lookup(prefixed.name);
      if (prefixed && v) this.assign(prefixed.name, cat(constant(prefixed.prefix), v));
    }
    // `if not ok: raise`: what follows runs only when the check passed
    if (arms.length === 1 && left[0]) {
      const g = guards[0];
      if (g && !g.whenTrue) this.applyGuard(g);
    } else if (arms.length === 2 && hasElse && left[1]) {
      const g = guards[0];
      if (g && g.whenTrue) this.applyGuard(g);
    }
  }

  /** `cond` is `not x.startswith("p")` and `body` only `x = "p" + x` (or `x = f"p{x}"`): the name and the prefix. */
  private prefixedUnlessStarting(cond: Node | undefined, body: Node | undefined): { name: string; prefix: string } | undefined {
    const test = cond && this.unparen(cond);
    if (test?.type !== 'not_operator') return undefined;
    const call = fieldOf(test, 'argument');
    const callee = call?.type === 'call' ? fieldOf(call, 'function') : undefined;
    const subject = callee?.type === 'attribute' ? fieldOf(callee, 'object') : undefined;
    if (!call || subject?.type !== 'identifier' || this.calleeMethod(call) !== 'startswith') return undefined;
    const first = this.firstArg(call);
    const prefix = first && this.literalString(first);
    if (!prefix || /["'{}\\]/.test(prefix)) return undefined;
    const statements = body?.children.filter((c) => c.named && c.type !== 'comment') ?? [];
    const only = statements.length === 1 && statements[0]!.type === 'expression_statement' ? statements[0]!.children.find((c) => c.named) : undefined;
    if (only?.type !== 'assignment') return undefined;
    const name = this.text(subject);
    const left = fieldOf(only, 'left');
    const right = fieldOf(only, 'right');
    if (left?.type !== 'identifier' || this.text(left) !== name || !right) return undefined;
    const text = this.text(right).replace(/\s+/g, '');
    const forms = ['"', "'"].flatMap((q) => [`${q}${prefix}${q}+${name}`, `f${q}${prefix}{${name}}${q}`]);
    return forms.includes(text) ? { name, prefix } : undefined;
  }

  private loopBody(body: Node | undefined, alternative: Node | undefined): void {
    this.branches([() => this.body(body)], true);
    this.jumped = false;
    if (alternative) this.body(fieldOf(alternative, 'body'));
  }

  private forStatement(n: Node): void {
    const right = fieldOf(n, 'right');
    const left = fieldOf(n, 'left');
    const iter = right ? this.expr(right) : OPAQUE;
    const alt = fieldOf(n, 'alternative');
    const body = fieldOf(n, 'body');
    const steps = this.replacementSteps(left, iter, body);
    if (steps) {
      for (const item of (iter as ListValue).items) {
        this.bindTarget(left!, item, undefined);
        this.statement(steps);
      }
      if (alt) this.body(fieldOf(alt, 'body'));
      return;
    }
    this.branches(
      [
        () => {
          if (left) this.bindTarget(left, this.loopItem(iter), undefined);
          this.body(body);
        },
      ],
      true,
    );
    this.jumped = false;
    if (alt) this.body(fieldOf(alt, 'body'));
  }

  /**
   * A loop over constant texts whose only statement replaces the loop's text in a variable (`for ch in ("/", "\\", ":"):
   * safe = safe.replace(ch, "_")`): that statement, run once per text in order, as the chain of replacements it is.
   */
  private replacementSteps(left: Node | undefined, iter: Value, body: Node | undefined): Node | undefined {
    if (left?.type !== 'identifier' || iter.kind !== 'list' || !iter.items.length || iter.items.length > 32) return undefined;
    if (!iter.items.every((i) => i.kind === 'const' && typeof i.value === 'string')) return undefined;
    const statements = body?.children.filter((c) => c.named && c.type !== 'comment') ?? [];
    const only = statements.length === 1 && statements[0]!.type === 'expression_statement' ? statements[0]! : undefined;
    const a = only?.children.find((c) => c.named);
    const target = a?.type === 'assignment' ? fieldOf(a, 'left') : undefined;
    const call = target?.type === 'identifier' ? fieldOf(a!, 'right') : undefined;
    const fn = call?.type === 'call' ? fieldOf(call, 'function') : undefined;
    const object = fn?.type === 'attribute' ? fieldOf(fn, 'object') : undefined;
    if (!object || object.type !== 'identifier' || this.text(object) !== this.text(target!) || this.text(fieldOf(fn!, 'attribute') ?? fn!) !== 'replace') return undefined;
    const args = fieldOf(call!, 'arguments')?.children.filter((c) => c.named) ?? [];
    if (args.length !== 2 || args[0]!.type !== 'identifier' || this.text(args[0]!) !== this.text(left) || args[1]!.type !== 'string') return undefined;
    return only;
  }

  /** What one step over `range(...)` or `enumerate(...)` binds: a number, or a number and an item. */
  private countedItem(iter: Value): Value | undefined {
    if (iter.kind !== 'unknown') return undefined;
    if (iter.ref === 'range()') return numeric(taintOf(iter));
    if (iter.ref === 'enumerate()') return { kind: 'list', items: [numeric(), unk(taintOfAll([iter]))] };
    return undefined;
  }

  /** The loop variable over a list: one of its items; over constants only, as safe as an allowlisted value. */
  private loopItem(iter: Value): Value {
    // over a dict of the program's (`for name in TOOLS`): one of its keys
    if (iter.kind === 'dict' && !iter.taint?.length && Object.keys(iter.entries).length) return this.loopItem({ kind: 'list', items: Object.keys(iter.entries).map((k) => constant(k)) });
    // over an entry of a table of lists of constant texts, picked by a key not known here (`for method in
    // self.mapping[name]`): one of the texts of any of its lists
    const texts = this.entryTexts.get(iter);
    if (texts) return this.loopItem(texts);
    // a dict's keys, when a filter proved them (`for col in filtered`, `filtered = {k: v for ... if k in ALLOWED}`)
    const keys = this.keysOf.get(iter);
    if (keys) return keys;
    const counted = this.countedItem(iter);
    if (counted) return counted;
    // over one of several lists (`exts = ["", ".exe"] if windows else [""]`): an item of one of them
    if (iter.kind === 'unknown' && !iter.taint?.length && iter.alternatives?.length && iter.alternatives.every((a) => a.kind === 'list' && a.items.length))
      return this.loopItem({ kind: 'list', items: iter.alternatives.flatMap((a) => (a as ListValue).items) });
    if (iter.kind !== 'list' || !iter.items.length) return parameterItem(iter) ?? unk(taintOfAll([iter]));
    // over paths (`[home / "bin" / "tool", prefix / "tool"]`): a path, whose text is one of theirs
    if (iter.items.every((i) => this.pathTexts.has(i))) return this.pathValue(mergeAll(iter.items.map((i) => this.pathText(i))), 'pathlib.Path()');
    const merged = iter.items.reduce(mergeValues);
    if (merged.kind === 'const' || !iter.items.every((i) => i.kind === 'const')) return merged;
    return allowlistedValue(merged);
  }

  private whileStatement(n: Node): void {
    const cond = fieldOf(n, 'condition');
    if (cond) this.expr(cond);
    this.loopBody(fieldOf(n, 'body'), fieldOf(n, 'alternative'));
  }

  private tryStatement(n: Node): void {
    const body = fieldOf(n, 'body');
    const handlers = n.children.filter((c) => c.type === 'except_clause' || c.type === 'except_group_clause');
    const elseClause = n.children.find((c) => c.type === 'else_clause');
    const fin = n.children.find((c) => c.type === 'finally_clause');
    // the body may stop anywhere: handlers see a merge of before and after
    this.branches([() => this.body(body), ...handlers.map((h) => () => this.exceptClause(h))], false);
    // `try: p.relative_to(root) except ValueError: raise ...`: past the try, p lies under root
    const contained = this.relativeToChecked(body, handlers);
    if (contained && !this.exited) this.applyGuard(contained);
    if (!this.exited && elseClause) this.body(fieldOf(elseClause, 'body'));
    if (fin) {
      const saveExited = this.exited;
      const saveJumped = this.jumped;
      this.exited = false;
      this.jumped = false;
      for (const c of fin.children) if (c.type === 'block') this.block(c.children);
      this.exited ||= saveExited;
      this.jumped ||= saveJumped;
    }
  }

  /** A try whose body calls `p.relative_to(root)` and whose every handler raises or returns: the guard it makes. */
  private relativeToChecked(body: Node | undefined, handlers: Node[]): Guard | undefined {
    if (!body || !handlers.length) return undefined;
    const leaves = (h: Node) => {
      const block = h.children.find((c) => c.type === 'block');
      const last = block?.children.filter((c) => c.named && c.type !== 'comment').pop();
      return last?.type === 'raise_statement' || last?.type === 'return_statement';
    };
    if (!handlers.every(leaves)) return undefined;
    for (const st of body.children) {
      const e = st.type === 'expression_statement' ? st.children.find((c) => c.named) : undefined;
      const g = e && this.relativeToGuard(e);
      if (g) return g;
    }
    return undefined;
  }

  /** The guard `p.relative_to(root)` makes, as a statement or the right side of one (`rel = p.relative_to(root)`): it raises unless p lies under root. */
  private relativeToGuard(statement: Node): Guard | undefined {
    const e = statement.type === 'assignment' ? fieldOf(statement, 'right') : statement;
    const f = e?.type === 'call' ? fieldOf(e, 'function') : undefined;
    if (f?.type !== 'attribute' || this.text(fieldOf(f, 'attribute')!) !== 'relative_to') return undefined;
    const obj = fieldOf(f, 'object');
    const names = obj ? this.subjectNames(obj) : [];
    return names.length ? { names, kind: 'path-contained', whenTrue: true } : undefined;
  }

  private exceptClause(h: Node): void {
    for (const c of h.children) {
      if (c.type === 'block') this.block(c.children);
      else if (c.type === 'as_pattern') {
        const alias = fieldOf(c, 'alias');
        for (const x of c.children) if (x.named && x.type !== 'as_pattern_target') this.expr(x);
        const id = alias?.children.find((x) => x.type === 'identifier');
        if (id) this.assign(this.text(id), OPAQUE);
      } else if (c.named) this.expr(c);
    }
  }

  private withStatement(n: Node): void {
    const clause = n.children.find((c) => c.type === 'with_clause');
    for (const item of clause?.children ?? []) {
      if (item.type !== 'with_item') continue;
      const value = fieldOf(item, 'value');
      if (!value) continue;
      if (value.type === 'as_pattern') {
        const expr = value.children.find((c) => c.named && c.type !== 'as_pattern_target');
        const target = fieldOf(value, 'alias');
        const v = expr ? this.expr(expr) : OPAQUE;
        const t = target?.children.find((c) => c.named);
        if (t) this.bindTarget(t, v, expr);
      } else this.expr(value);
    }
    this.body(fieldOf(n, 'body'));
    // `with suppress(KeyError): return d[k]`: an exception the body raises before its return is swallowed, and the code
    // after the block runs
    const suppressing = clause?.children.some((item) => {
      const value = item.type === 'with_item' ? fieldOf(item, 'value') : undefined;
      const call = value?.type === 'as_pattern' ? value.children.find((c) => c.named && c.type !== 'as_pattern_target') : value;
      return call?.type === 'call' && /(?:^|\.)suppress$/.test(this.text(fieldOf(call, 'function') ?? call));
    });
    if (suppressing) this.exited = false;
  }

  // --- assignment ----------------------------------------------------------------------------

  private targetName(t: Node): string | undefined {
    if (t.type === 'identifier') return this.text(t);
    if (t.type === 'attribute') {
      const a = fieldOf(t, 'attribute');
      // `rudder_analytics.write_key = "..."`, `analytics.write_key`: the client a setting is made on tells
      // whose key it is (an analytics SDK's write key is published by design)
      const o = fieldOf(t, 'object');
      if (a && o?.type === 'identifier' && isAnalyticsClient(this.text(o))) return `${this.text(o)}.${this.text(a)}`;
      return a ? this.text(a) : undefined;
    }
    if (t.type === 'subscript') {
      const s = fieldOf(t, 'subscript');
      if (s && s.type === 'string') {
        const v = this.stringValue(s, false);
        return v.kind === 'const' && typeof v.value === 'string' ? v.value : undefined;
      }
    }
    return undefined;
  }

  private assignment(n: Node): Value {
    const left = fieldOf(n, 'left');
    const right = fieldOf(n, 'right');
    if (!right) {
      // annotation only: `x: int`
      return OPAQUE;
    }
    const name = left ? this.targetName(left) : undefined;
    // `SessionDep = Annotated[Session, Depends(get_session)]`: a parameter annotated with the name is the server's to fill
    if (left?.type === 'identifier' && right.type === 'subscript' && this.scope === this.moduleScope) {
      if (annotatedType(this.text(right).replace(/\s+/g, ''))?.injected) {
        (this.dependencyAliases ??= new Set()).add(this.text(left));
        (this.ownDependencyAliases ??= new Set()).add(this.text(left));
      }
    }
    const v = right.type === 'assignment' ? this.assignment(right) : this.exprNamed(right, name);
    if (left) this.bindTarget(left, v, right);
    return v;
  }

  /** Evaluate an expression bound to a name: string constants become StringFacts under that name. */
  private exprNamed(n: Node, name: string | undefined): Value {
    if ((n.type === 'string' || n.type === 'concatenated_string') && name !== undefined) {
      const v = this.stringValue(n, false);
      if (v.kind === 'const' && typeof v.value === 'string') this.stringFact(n, v.value, name);
      return v;
    }
    return this.expr(n);
  }

  private bindTarget(t: Node, v: Value, source: Node | undefined): void {
    switch (t.type) {
      case 'identifier': {
        const name = this.text(t);
        this.assign(name, v);
        if (source) this.recordDerivation(name, source);
        return;
      }
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'expression_list': {
        const targets = t.children.filter((c) => c.named);
        targets.forEach((c, i) => {
          const item = v.kind === 'list' && v.items.length === targets.length ? v.items[i]! : v.kind === 'unknown' && v.ref ? this.entryOfOpaque(v, t) : unk(taintOfAll([v]));
          this.bindTarget(c.type === 'list_splat_pattern' ? (c.children.find((x) => x.named) ?? c) : c, item, undefined);
        });
        return;
      }
      case 'parenthesized_expression': {
        const inner = t.children.find((c) => c.named);
        if (inner) this.bindTarget(inner, v, source);
        return;
      }
      case 'attribute': {
        // (a check of `obj.attr` no longer holds once it is assigned)
        const entry = this.attributeEntry(t);
        if (entry) this.entryBases.delete(entry.name);
        this.assignAttribute(t, v);
        return;
      }
      case 'subscript': {
        const obj = fieldOf(t, 'value');
        const key = fieldOf(t, 'subscript');
        const ov = obj ? this.expr(obj) : OPAQUE;
        const kv = key ? this.expr(key) : OPAQUE;
        if (obj?.type === 'identifier' && ov.kind === 'dict' && kv.kind === 'const' && typeof kv.value === 'string' && kv.value !== '__proto__') {
          this.assign(this.text(obj), { ...ov, entries: { ...ov.entries, [kv.value]: v } });
        }
        return;
      }
      default:
        this.expr(t);
    }
  }

  private assignAttribute(t: Node, v: Value): void {
    const obj = fieldOf(t, 'object');
    const attr = fieldOf(t, 'attribute');
    if (!obj || !attr) return;
    const ov = this.expr(obj);
    const cls = this.instanceOf.get(ov) ?? this.classOf.get(ov);
    if (cls) {
      const key = this.text(attr);
      const old = cls.fields.get(key);
      cls.fields.set(key, old && !(old.kind === 'const' && old.value === null) ? (v.kind === 'const' && v.value === null ? old : mergeValues(old, v)) : v);
    }
  }

  private augmented(n: Node): Value {
    const left = fieldOf(n, 'left');
    const right = fieldOf(n, 'right');
    const op = fieldOf(n, 'operator');
    if (!left || !right) return OPAQUE;
    const old = this.expr(left);
    const r = this.expr(right);
    let v: Value;
    const o = op ? op.type : '';
    if (o === '+=') v = isStringish(old) || isStringish(r) ? cat(old, r) : (listPlus(old, r) ?? unk(taintOfAll([old, r])));
    else if (o === '%=' && isStringish(old)) v = this.percentFormat(old, r);
    else v = unk(taintOfAll([old, r]));
    this.bindTarget(left, v, undefined);
    return v;
  }

  // --- guards --------------------------------------------------------------------------------

  private unparen(n: Node): Node {
    let x = n;
    while (x.type === 'parenthesized_expression' || x.type === 'await') {
      const inner = x.children.find((c) => c.named);
      if (!inner) break;
      x = inner;
    }
    return x;
  }

  private calleeMethod(call: Node): string | undefined {
    const f = fieldOf(call, 'function');
    if (!f) return undefined;
    if (f.type === 'identifier') return this.text(f);
    if (f.type === 'attribute') {
      const a = fieldOf(f, 'attribute');
      return a ? this.text(a) : undefined;
    }
    return undefined;
  }

  private firstArg(call: Node): Node | undefined {
    const args = fieldOf(call, 'arguments');
    return args?.children.find((c) => c.named && c.type !== 'keyword_argument' && c.type !== 'comment');
  }

  /** `check(x) is False` (`== False`, `is not True`, ...): the test compared and whether the comparison holds when it passes. */
  private comparedWithFlag(n: Node): { test: Node; holds: boolean } | undefined {
    if (n.type !== 'comparison_operator') return undefined;
    const operands = n.children.filter((c) => c.named);
    const op = n.children.filter((c) => !c.named).map((c) => c.type).join(' ');
    if (operands.length !== 2 || !['is', 'is not', '==', '!='].includes(op)) return undefined;
    const [x, y] = operands.map((o) => this.unparen(o)) as [Node, Node];
    if (y.type !== 'true' && y.type !== 'false') return undefined;
    const positive = op === 'is' || op === '==';
    return { test: x, holds: positive === (y.type === 'true') };
  }

  /** `x`, `not x`, `x is None`, `x == ""`: the variable tested, and whether the test passing says it is empty. */
  private emptyWhen(test: Node): { name: string; whenTrue: boolean } | undefined {
    const n = this.unparen(test);
    if (n.type === 'identifier') return { name: this.text(n), whenTrue: false };
    if (n.type === 'not_operator') {
      const arg = fieldOf(n, 'argument');
      const e = arg && this.emptyWhen(arg);
      return e && { name: e.name, whenTrue: !e.whenTrue };
    }
    if (n.type !== 'comparison_operator') return undefined;
    const operands = n.children.filter((c) => c.named);
    const op = n.children.filter((c) => !c.named).map((c) => c.type).join(' ');
    if (operands.length !== 2 || !['is', 'is not', '==', '!='].includes(op)) return undefined;
    const [x, y] = operands.map((o) => this.unparen(o)) as [Node, Node];
    if (x.type !== 'identifier' || !(y.type === 'none' || this.literalString(y) === '')) return undefined;
    return { name: this.text(x), whenTrue: op === 'is' || op === '==' };
  }

  protected functionScope(): boolean {
    return true;
  }

  /**
   * The constant text a loop's variable is tested to be in (`c in "0123456789+-/*(). "`, `ch in ALLOWED_CHARS`), when `body`
   * is that test of one of the loop's own variables (`own`) and the text is written out or bound to a constant.
   */
  private charactersOf(body: Node, own: ReadonlySet<string>): string | undefined {
    const n = this.unparen(body);
    if (n.type !== 'comparison_operator') return undefined;
    const operands = n.children.filter((c) => c.named);
    const ops = n.children.filter((c) => !c.named).map((c) => c.type);
    if (operands.length !== 2 || ops.length !== 1 || ops[0] !== 'in') return undefined;
    const [item, set] = operands as [Node, Node];
    if (item.type !== 'identifier' || !own.has(this.text(item))) return undefined;
    const text = this.literalString(set) ?? (set.type === 'identifier' ? constString(this.lookup(this.text(set))) : undefined);
    return text ? text : undefined;
  }

  protected guardOf(test: Node): Guard | undefined {
    const n = this.unparen(test);
    // `is_safe_url(url) is False`, `is_path_inside(p, root) == True`: the check itself, said with a flag
    const flagged = this.comparedWithFlag(n);
    if (flagged) {
      const g = this.guardOf(flagged.test);
      return g && (flagged.holds ? g : { ...g, whenTrue: !g.whenTrue });
    }
    switch (n.type) {
      case 'not_operator': {
        const arg = fieldOf(n, 'argument');
        const g = arg && this.guardOf(arg);
        return g && { ...g, whenTrue: !g.whenTrue };
      }
      case 'boolean_operator': {
        const op = fieldOf(n, 'operator');
        const l = fieldOf(n, 'left');
        const r = fieldOf(n, 'right');
        const want = op ? op.type === 'and' : true;
        const a = l && this.guardOf(l);
        const b = r && this.guardOf(r);
        if (a && a.whenTrue === want) return a;
        if (b && b.whenTrue === want) return b;
        // `cwd and not valid_cwd(cwd)` false, `cwd is None or is_safe(cwd)` true: the value is empty or checked
        const either = emptyOrChecked(l && this.emptyWhen(l), b, want) ?? emptyOrChecked(r && this.emptyWhen(r), a, want);
        if (either) return either;
        // `p.startswith(root + os.sep) or p == root` (either order): either way p is the root or under it
        if (!want && a?.whenTrue && a.kind === 'path-contained' && r && this.equalsOneOf(r, a.names)) return a;
        if (!want && b?.whenTrue && b.kind === 'path-contained' && l && this.equalsOneOf(l, b.names)) return b;
        // `not p.startswith(root + os.sep) and p != root`: the same, said the other way (in either order)
        if (want && a && !a.whenTrue && a.kind === 'path-contained' && r && this.equalsOneOf(r, a.names, true)) return a;
        if (want && b && !b.whenTrue && b.kind === 'path-contained' && l && this.equalsOneOf(l, b.names, true)) return b;
        // `p.startswith(root + "/") or p.startswith(root + "\\")`: one test of a kind or another of the same kind, either way
        if (!want && a?.whenTrue && b?.whenTrue && a.kind === b.kind && typeof a.kind === 'string') {
          const names = a.names.filter((x) => b.names.includes(x));
          if (names.length) return { names, kind: a.kind, whenTrue: true };
        }
        // `root != os.sep and not p.startswith(root + os.sep)`: a root of `/` is left out only because every path lies
        // under it (`"/" + os.sep` is no prefix of anything); when the test fails, p is under the root either way
        if (want && b && !b.whenTrue && b.kind === 'path-contained' && l && this.isNotFilesystemRoot(l)) return b;
        return undefined;
      }
      case 'identifier':
        return this.scopeMap('guards', this.text(n)) as Guard | undefined;
      case 'call': {
        const method = this.calleeMethod(n);
        const f = fieldOf(n, 'function');
        // `any(p.startswith(d + os.sep) for d in allowed_dirs)`: the check holds for one of the roots (`all`: for each)
        const items = fieldOf(n, 'arguments');
        if ((method === 'any' || method === 'all') && f?.type === 'identifier' && items?.type === 'generator_expression') {
          const body = fieldOf(items, 'body');
          const clauses = items.children.filter((c) => c.type === 'for_in_clause');
          // the loop's own variables are each item, not the value checked (`any(f.startswith(root) for f in files)`)
          const own = new Set(clauses.flatMap((c) => this.identifiersIn(fieldOf(c, 'left'))));
          const over = clauses.length === 1 ? fieldOf(clauses[0]!, 'right') : undefined;
          // `all(c in "0123456789+-*/(). " for c in expression)`: every character of the value is one of a constant set,
          // as a whole match of one character class says (`^[0-9+\-*/(). ]+$`)
          const chars = method === 'all' && over && body ? this.charactersOf(body, own) : undefined;
          if (chars !== undefined) {
            const kinds = patternSanitizers(`^[${chars.replace(/[\\\]^-]/g, '\\$&')}]+$`, 'fullmatch');
            const names = kinds.length ? this.subjectNames(over!) : [];
            return names.length ? { names, kind: kinds, whenTrue: true } : undefined;
          }
          const outer = this.patternsOver;
          const outerPrefixes = this.prefixesOver;
          this.patternsOver = over && ALLOWED_PATTERNS_NAME.test(this.text(over)) ? own : undefined;
          this.prefixesOver = over && ALLOWED_ORIGINS_NAME.test(this.text(over)) ? own : undefined;
          const g = body && this.guardOf(body);
          this.patternsOver = outer;
          this.prefixesOver = outerPrefixes;
          const names = g?.whenTrue ? g.names.filter((x) => !own.has(x)) : [];
          return g && names.length ? { ...g, names } : undefined;
        }
        const arg = this.firstArg(n);
        if (method === 'startswith' && f?.type === 'attribute') {
          const obj = fieldOf(f, 'object');
          const names = obj ? this.subjectNames(obj) : [];
          if (!names.length || !arg) return undefined;
          // (a name the module binds to a constant, `ALLOWED_PREFIX = "https://docs.example.com/"`, is that text)
          const held = arg.type === 'identifier' ? this.lookup(this.text(arg)) : undefined;
          const prefix = this.literalString(arg) ?? (held?.kind === 'const' && typeof held.value === 'string' ? held.value : undefined);
          // `any(url.startswith(d) for d in domains)`: a URL that begins with one of the allowed origins
          if (prefix === undefined && arg.type === 'identifier' && this.prefixesOver?.has(this.text(arg))) return { names, kind: 'url-allowlisted', whenTrue: true };
          // `module_name.startswith(("app.plugins.", "app.ports."))`: a module inside one of the program's own packages
          const prefixes = prefix !== undefined ? [prefix] : held && held.kind === 'list' && held.items.length ? held.items.map((i) => constString(i)) : undefined;
          if (prefixes?.every((x) => x !== undefined && PACKAGE_PREFIX.test(x))) return { names, kind: ALLOWLISTED, whenTrue: true };
          if (prefix !== undefined && prefix.startsWith('..')) return { names, kind: 'path-contained', whenTrue: false };
          if (prefix !== undefined && /^https?:\/\/[^/]+\//i.test(prefix)) return { names, kind: 'url-allowlisted', whenTrue: true };
          if (prefix !== undefined && /^[a-z][a-z0-9+.-]*:/i.test(prefix)) return undefined;
          return { names, kind: 'path-contained', whenTrue: true };
        }
        // `hostname.endswith((".kusto.windows.net", ".kusto.chinacloudapi.cn"))`, or a name bound to such suffixes: a host
        // under one of the allowed domains (each suffix a domain of two labels or more after its dot: `evil-kusto.windows.net`
        // does not pass, and `.com` allows nothing in particular)
        if (method === 'endswith' && f?.type === 'attribute' && arg) {
          const obj = fieldOf(f, 'object');
          const names = obj ? this.subjectNames(obj) : [];
          const x = this.unparen(arg);
          const held = x.type === 'identifier' ? this.lookup(this.text(x)) : undefined;
          const suffixes =
            x.type === 'tuple' || x.type === 'list'
              ? x.children.filter((c) => c.named && c.type !== 'comment').map((c) => this.literalString(c))
              : held?.kind === 'list'
                ? held.items.map((i) => constString(i))
                : [held ? constString(held) : this.literalString(x)];
          if (names.length && suffixes.length && suffixes.every((sfx) => sfx !== undefined && DOMAIN_SUFFIX.test(sfx))) return { names, kind: 'url-allowlisted', whenTrue: true };
        }
        // `if not SAFE_NAME.match(name): raise`, `re.fullmatch(r"[a-z_]+", name)`: a value of identifier characters only
        if ((method === 'match' || method === 'fullmatch' || method === 'search') && f?.type === 'attribute') {
          const obj = fieldOf(f, 'object');
          const args = fieldOf(n, 'arguments')?.children.filter((c) => c.named && c.type !== 'keyword_argument' && c.type !== 'comment') ?? [];
          const bound = obj?.type === 'identifier' ? this.lookup(this.text(obj)) : undefined;
          const onModule = bound?.kind === 'unknown' && bound.ref === 're';
          // (the pattern written out, or a name bound to it: `pattern = r"^[\d.]+$"`, then `re.match(pattern, text)`)
          const written = (x: Node): string | undefined => this.literalString(x) ?? (x.type === 'identifier' ? constString(this.lookup(this.text(x))) : undefined);
          const pattern = onModule ? args[0] && written(args[0]) : obj && this.compiledPatternOf(obj, bound);
          const subject = onModule ? args[1] : args[0];
          // `any(re.match(r, url) for r in ALLOWED_DOMAIN_REGEXES)`: a URL matched against a list of allowed patterns
          if (onModule && pattern === undefined && subject && args[0]?.type === 'identifier' && this.patternsOver?.has(this.text(args[0]))) {
            const names = this.subjectNames(subject);
            return names.length ? { names, kind: 'url-allowlisted', whenTrue: true } : undefined;
          }
          if (pattern === undefined || !subject) return undefined;
          const kinds = patternSanitizers(pattern, method);
          const names = kinds.length ? this.subjectNames(subject) : [];
          return names.length ? { names, kind: kinds, whenTrue: true } : undefined;
        }
        if (method === 'is_relative_to' && f?.type === 'attribute') {
          const obj = fieldOf(f, 'object');
          const names = obj ? this.subjectNames(obj) : [];
          return names.length ? { names, kind: 'path-contained', whenTrue: true } : undefined;
        }
        // a row looked up by its id (`workflow = db.query(Workflow).filter(Workflow.id == workflow_id).first()`, then `if not
        // workflow: raise`; `session.get(Workflow, workflow_id)`): past the test, the id is a stored record's, as past a
        // registry lookup (an id column only: a name column may hold what a user chose)
        const rowIds = this.rowLookupIds(n, method);
        if (rowIds.length) return { names: rowIds, kind: ALLOWLISTED, whenTrue: true };
        // a lookup of an id in the program's registry (`provider = get_provider(provider_id)`, then `if not provider:
        // raise`): past the test, the id is one the registry holds, as past `if provider_id not in PROVIDERS`
        if (method !== undefined && REGISTRY_LOOKUP.test(method) && arg?.type === 'identifier' && KEY_NAME.test(this.text(arg))) {
          const args = fieldOf(n, 'arguments')?.children.filter((c) => c.named && c.type !== 'comment') ?? [];
          if (args.length === 1) return { names: [this.text(arg)], kind: ALLOWLISTED, whenTrue: true };
        }
        // a helper named for the test it makes (`is_path_inside(child, root)`, `is_safe_url(u)`): trusted by its name,
        // as `validate_path` is, whichever argument is the root
        // (`is_private_url(u)`: one named for refusing the value holds when it answers no)
        const refusal = method !== undefined ? refusalByName(method) : undefined;
        const predicate = refusal ?? (method !== undefined ? checkByName(method) : undefined);
        if (predicate) {
          const args = fieldOf(n, 'arguments')?.children.filter((c) => c.named && c.type !== 'keyword_argument' && c.type !== 'comment') ?? [];
          const names = args.flatMap((a) => this.subjectNames(a));
          return names.length ? { names, kind: predicate, whenTrue: !refusal } : undefined;
        }
        return undefined;
      }
      case 'comparison_operator': {
        // (one pass: this runs for every condition and every assigned value)
        const operands: Node[] = [];
        let op = '';
        for (const c of n.children) {
          if (c.named) operands.push(c);
          else op = op === '' ? c.type : `${op} ${c.type}`;
        }
        if (operands.length !== 2) return undefined;
        const [a, b] = operands as [Node, Node];
        // `SAFE.match(name) is None`: the check's result compared with None
        if ((op === 'is' || op === 'is not') && this.unparen(b).type === 'none') {
          const g = this.guardOf(a);
          return g && { ...g, whenTrue: op === 'is' ? !g.whenTrue : g.whenTrue };
        }
        // `if ".." in name: raise`: a name without a parent step stays where it is joined
        if ((op === 'in' || op === 'not in') && this.literalString(a)?.includes('..')) {
          const names = this.subjectNames(b);
          return names.length ? { names, kind: 'path-contained', whenTrue: op === 'not in' } : undefined;
        }
        if (op === 'in' || op === 'not in') {
          const coll = this.unparen(b);
          const collName = coll.type === 'identifier' ? this.text(coll) : coll.type === 'attribute' ? this.text(fieldOf(coll, 'attribute')!) : undefined;
          // `root in p.parents`: p lies under root
          if (coll.type === 'attribute' && collName === 'parents') {
            const obj = fieldOf(coll, 'object');
            const names = obj ? this.subjectNames(obj) : [];
            return names.length ? { names, kind: 'path-contained', whenTrue: op === 'in' } : undefined;
          }
          if (!this.allowedCollection(coll)) return undefined;
          const names = this.subjectNames(a);
          // `command[0] in self.allowed`: the program of an argv whose items are not known here is one of the allowed
          // ones (an argv list written out keeps its arguments' own judgement: its items are not marked)
          const argv = names.length ? undefined : this.programOfArgv(a);
          if (argv) return { names: [argv], kind: ALLOWLISTED, whenTrue: op === 'in' };
          if (!names.length) return undefined;
          const values = this.unparen(a).type === 'identifier' ? this.constantItems(coll) : undefined;
          return { names, kind: ALLOWLISTED, whenTrue: op === 'in', ...(values && { oneOf: { name: this.text(this.unparen(a)), values } }) };
        }
        if (op === '==' || op === '!=') {
          const [subject, other] = this.literalString(b) !== undefined ? [a, b] : [b, a];
          if (this.literalString(other) === undefined) {
            // os.path.commonpath([root, p]) == root, either way round
            const s = [a, b].map((x) => this.unparen(x)).find((x) => x.type === 'call' && this.calleeMethod(x) === 'commonpath');
            const names = s ? this.subjectNames(s) : [];
            return names.length ? { names, kind: 'path-contained', whenTrue: op === '==' } : undefined;
          }
          if (!this.isUrlPart(subject)) return undefined;
          const names = this.subjectNames(subject);
          return names.length ? { names, kind: 'url-allowlisted', whenTrue: op === '==' } : undefined;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** The names a target binds (`x`, `k, v`, `(a, b)`). */
  /** `root != os.sep`, `root != "/"`: a test that a directory is not the filesystem's root. */
  private isNotFilesystemRoot(n: Node): boolean {
    const c = this.unparen(n);
    if (c.type !== 'comparison_operator') return false;
    const parts = c.children.filter((x) => x.named);
    const op = c.children.find((x) => !x.named)?.type;
    if (op !== '!=' || parts.length !== 2) return false;
    const isRoot = (x: Node) => this.text(x) === 'os.sep' || this.literalString(x) === '/';
    return (isRoot(parts[1]!) && parts[0]!.type === 'identifier') || (isRoot(parts[0]!) && parts[1]!.type === 'identifier');
  }

  /**
   * A collection a membership test against proves a value is one of the program's: a literal of strings, a
   * module constant by its name (`RISK_LEVELS`, imported or not), one the program built itself, or the union,
   * intersection or difference of such (`SCALARS | JSONB`).
   */
  private allowedCollection(n: Node): boolean {
    const coll = this.unparen(n);
    if (coll.type === 'binary_operator') {
      const op = fieldOf(coll, 'operator')?.type;
      const left = fieldOf(coll, 'left');
      const right = fieldOf(coll, 'right');
      if (op === '-' || op === '&') return !!left && this.allowedCollection(left);
      return op === '|' && !!left && !!right && this.allowedCollection(left) && this.allowedCollection(right);
    }
    if ((coll.type === 'set' || coll.type === 'tuple' || coll.type === 'list') && coll.children.filter((c) => c.named).every((c) => this.literalString(c) !== undefined)) return true;
    const collName = coll.type === 'identifier' ? this.text(coll) : coll.type === 'attribute' ? this.text(fieldOf(coll, 'attribute')!) : undefined;
    if (collName && (ALLOWLIST_NAME.test(collName) || CONSTANT_NAME.test(collName))) return true;
    return this.isTrustedCollection(coll);
  }

  /** The items of a set, tuple or list of string or number literals written out (`(",", "\t")`), at most `MAX_ONE_OF`. */
  private constantItems(coll: Node): (string | number)[] | undefined {
    if (coll.type !== 'set' && coll.type !== 'tuple' && coll.type !== 'list') return undefined;
    const out: (string | number)[] = [];
    for (const c of coll.children) {
      if (!c.named || c.type === 'comment') continue;
      const text = this.literalString(c);
      const number = c.type === 'integer' ? Number(this.text(c)) : undefined;
      if (text !== undefined) out.push(text);
      else if (number !== undefined && Number.isSafeInteger(number)) out.push(number);
      else return undefined;
    }
    return out.length && out.length <= MAX_ONE_OF ? out : undefined;
  }

  private identifiersIn(target: Node | undefined): string[] {
    if (!target) return [];
    if (target.type === 'identifier') return [this.text(target)];
    return target.children.flatMap((c) => (c.named ? this.identifiersIn(c) : []));
  }

  /** `s.split("/")`, `s.rsplit("/", 1)`: a string cut at its path separators. */
  private splitBySlash(n: Node): boolean {
    const x = this.unparen(n);
    if (x.type !== 'call') return false;
    const m = this.calleeMethod(x);
    const first = this.firstArg(x);
    return (m === 'split' || m === 'rsplit') && fieldOf(x, 'function')?.type === 'attribute' && first !== undefined && this.literalString(first) === '/';
  }

  /** `test` is `x == y` (`!=` when `negated`) with x or y one of `names`, or a path computed from the first, the value checked (`os.path.normpath(p)`). */
  private equalsOneOf(test: Node, names: string[], negated = false): boolean {
    const n = this.unparen(test);
    if (n.type !== 'comparison_operator') return false;
    const operands = n.children.filter((c) => c.named);
    const op = n.children.find((c) => !c.named);
    if (operands.length !== 2 || op?.type !== (negated ? '!=' : '==')) return false;
    return operands.some((o) => {
      const u = this.unparen(o);
      return u.type === 'identifier' ? names.includes(this.text(u)) : u.type === 'call' && this.subjectNames(u).includes(names[0]!);
    });
  }

  /**
   * Membership in a collection the program built (a set, dict or list from constants, configuration
   * or a helper): whatever it holds, the value is one of the program's own. Not a string (`"/" in name`
   * is a substring test) and not a collection untrusted data filled.
   */
  private isTrustedCollection(coll: Node): boolean {
    if (coll.type === 'string' || coll.type === 'concatenated_string') return false;
    if (coll.type !== 'identifier' && coll.type !== 'attribute' && coll.type !== 'call') return false;
    const v = coll.type === 'identifier' ? this.lookup(this.text(coll)) : undefined;
    // filled from the settings the object was made with (a table list read through its configured connection) is still its own
    if (v && (v.kind === 'const' || v.kind === 'template' || !onlyConfigured(v.taint))) return false;
    // a name the function never bound (a parameter, a global) must look like a collection of allowed values
    if (coll.type === 'identifier' && !v) return false;
    if (coll.type === 'call') {
      const m = this.calleeMethod(coll);
      return m === 'keys' || m === 'values' || m === 'set' || m === 'frozenset' || m === 'dict' || m === 'list' || m === 'tuple';
    }
    // (text a value may be found in is no collection of allowed values; names a collection of them is: `operation_names`)
    return coll.type !== 'attribute' || !/text|content|body|name(?!s$)|path|line|str|msg|message|query|url/i.test(this.text(fieldOf(coll, 'attribute')!));
  }

  private isUrlPart(n: Node): boolean {
    const s = this.unparen(n);
    if (s.type === 'attribute') {
      const a = fieldOf(s, 'attribute');
      return !!a && URL_PARTS.has(this.text(a));
    }
    if (s.type === 'identifier') return this.scopeMap('derived', this.text(s)) !== undefined;
    return false;
  }

  private literalString(n: Node): string | undefined {
    const x = this.unparen(n);
    if (x.type !== 'string' && x.type !== 'concatenated_string') return undefined;
    const v = this.stringValue(x, false);
    return v.kind === 'const' && typeof v.value === 'string' ? v.value : undefined;
  }

  /** Variables a checked expression stands for, and what they were computed from. */
  private subjectNames(expr: Node): string[] {
    const out: string[] = [];
    const add = (name: string): void => {
      if (out.includes(name)) return;
      out.push(name);
      const from = this.scopeMap('derived', name) as string[] | undefined;
      if (from) for (const s of from) add(s);
    };
    const visit = (e: Node): void => {
      const n = this.unparen(e);
      if (n.type === 'identifier') {
        const v = this.lookup(this.text(n));
        if (v && v.kind !== 'const') add(this.text(n));
      } else if (n.type === 'call') {
        const m = this.calleeMethod(n);
        const f = fieldOf(n, 'function');
        if (m && (DERIVING_CALLS.has(m) || m === 'commonpath' || derivesPathByName(m))) {
          for (const a of fieldOf(n, 'arguments')?.children ?? []) if (a.named) visit(a);
          // Path(p).resolve(): the receiver chain is derived too
          if (f?.type === 'attribute') {
            const o = fieldOf(f, 'object');
            if (o) visit(o);
          }
        }
      } else if (n.type === 'attribute') {
        const a = fieldOf(n, 'attribute');
        const o = fieldOf(n, 'object');
        if (a && o && URL_PARTS.has(this.text(a))) visit(o);
        else if (n === this.unparen(expr)) {
          // `module.name not in ALLOWED`: the attribute is checked; remembered as its own name while `module` is the same
          // value (as a constant entry of a dict is)
          for (const name of this.checkedAttribute(n)) add(name);
        }
      } else if (n.type === 'list' || n.type === 'tuple') {
        for (const c of n.children) if (c.named) visit(c);
      } else if (n.type === 'subscript') {
        const entry = this.constantEntry(n);
        if (!entry) return;
        // `args["level"] in LEVELS`: the entry is checked; remembered as its own name while `args` is the same value
        this.put(this.here, entry.name, this.expr(n));
        this.entryBases.set(entry.name, entry.base);
        add(entry.name);
      }
    };
    visit(expr);
    return out;
  }

  /** `name[key]` with one key on a variable: the variable's name and the key's node. */
  private keyOfVariable(n: Node): { name: string; key: Node } | undefined {
    const obj = fieldOf(n, 'value');
    const keys = n.children.filter((c) => c.field === 'subscript');
    return obj?.type === 'identifier' && keys.length === 1 ? { name: this.text(obj), key: keys[0]! } : undefined;
  }

  /** `argv[0]` where `argv` holds a value whose items are not known (a parameter, a split line): the variable's name. */
  private programOfArgv(n: Node): string | undefined {
    const s = this.unparen(n);
    const at = s.type === 'subscript' ? this.keyOfVariable(s) : undefined;
    if (!at || at.key.type !== 'integer' || this.text(at.key) !== '0') return undefined;
    return this.lookup(at.name)?.kind === 'unknown' ? at.name : undefined;
  }

  /** `name.attr` on a variable (not `self`): the name a guard on that attribute goes by, and the variable's value now. */
  private attributeEntry(n: Node): { name: string; base: Value } | undefined {
    const obj = fieldOf(n, 'object');
    const attr = fieldOf(n, 'attribute');
    if (obj?.type !== 'identifier' || !attr || this.text(obj) === 'self' || this.text(obj) === 'cls') return undefined;
    const base = this.lookup(this.text(obj));
    // (a variable's value, not a module or a name imported from one: `os.path`)
    if (!base || base.kind === 'const' || (base.kind === 'unknown' && base.ref && !base.ref.includes('('))) return undefined;
    return { name: `${this.text(obj)}.${this.text(attr)}`, base };
  }

  /** `name["key"]` with a constant key on a variable: the name a guard on that entry goes by, and the variable's value now. */
  private constantEntry(n: Node): { name: string; base: Value } | undefined {
    const at = this.keyOfVariable(n);
    const key = at && this.literalString(at.key);
    const base = key === undefined || !at ? undefined : this.lookup(at.name);
    return key !== undefined && at && base ? { name: `${at.name}[${JSON.stringify(key)}]`, base } : undefined;
  }

  protected derivationSources(init: Node): string[] {
    const n = this.unparen(init);
    if (n.type === 'call') {
      const m = this.calleeMethod(n);
      return m && (DERIVING_CALLS.has(m) || derivesPathByName(m)) ? this.subjectNames(n) : [];
    }
    if (n.type === 'attribute') {
      const a = fieldOf(n, 'attribute');
      return a && URL_PARTS.has(this.text(a)) ? this.subjectNames(n) : [];
    }
    return [];
  }

  // --- expressions ---------------------------------------------------------------------------

  private expr(n: Node): Value {
    // the commonest node types first (a switch on strings compares case after case)
    const type = n.type;
    if (type === 'identifier') return this.identifier(n);
    if (type === 'call') return this.call(n);
    if (type === 'attribute') return this.attribute(n);
    switch (type) {
      case 'string':
      case 'concatenated_string':
        return this.stringValue(n, true);
      case 'integer': {
        const t = this.text(n).replace(/_/g, '');
        const num = Number(/^0[oO]/.test(t) ? parseInt(t.slice(2), 8) : /^0[bB]/.test(t) ? parseInt(t.slice(2), 2) : t);
        return Number.isFinite(num) ? constant(num) : OPAQUE;
      }
      case 'float': {
        const num = Number(this.text(n).replace(/_/g, ''));
        return Number.isFinite(num) ? constant(num) : OPAQUE;
      }
      case 'true':
        return constant(true);
      case 'false':
        return constant(false);
      case 'none':
        return NONE;
      case 'identifier':
        return this.identifier(n);
      case 'attribute':
        return this.attribute(n);
      case 'subscript':
        return this.subscript(n);
      case 'call':
        return this.call(n);
      case 'parenthesized_expression':
      case 'await': {
        const inner = n.children.find((c) => c.named && c.type !== 'comment');
        return inner ? this.expr(inner) : OPAQUE;
      }
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
        return this.sequence(n);
      case 'dictionary':
        return this.dictionary(n);
      case 'binary_operator':
        return this.binary(n);
      case 'boolean_operator': {
        // `a or b or c ...`: left-deep, folded in a loop
        const rights: Node[] = [];
        let left: Node | undefined = n;
        while (left && left.type === 'boolean_operator') {
          const r = fieldOf(left, 'right');
          if (r) rights.push(r);
          left = fieldOf(left, 'left');
        }
        let acc = left ? this.expr(left) : OPAQUE;
        for (let i = rights.length - 1; i >= 0; i--) acc = this.merge([acc, this.expr(rights[i]!)]);
        return acc;
      }
      case 'conditional_expression': {
        const parts = n.children.filter((c) => c.named);
        const vals = parts.map((p) => this.expr(p));
        return vals.length === 3 ? this.merge([vals[0]!, vals[2]!]) : OPAQUE;
      }
      case 'assignment':
        return this.assignment(n);
      case 'augmented_assignment':
        return this.augmented(n);
      case 'named_expression': {
        const name = fieldOf(n, 'name');
        const value = fieldOf(n, 'value');
        const v = value ? this.expr(value) : OPAQUE;
        if (name) this.bindTarget(name, v, value);
        return v;
      }
      case 'lambda': {
        const p = this.createFunction(n, undefined, true);
        return this.fnValue(p.fact);
      }
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension':
        return this.comprehension(n);
      case 'not_operator':
      case 'comparison_operator':
        for (const c of n.children) if (c.named) this.expr(c);
        return OPAQUE;
      case 'unary_operator': {
        const arg = fieldOf(n, 'argument');
        const v = arg ? this.expr(arg) : OPAQUE;
        const op = fieldOf(n, 'operator');
        if (v.kind === 'const' && typeof v.value === 'number' && op && op.type === '-') return constant(-v.value);
        return unk(taintOfAll([v]));
      }
      case 'list_splat':
      case 'dictionary_splat':
      case 'yield': {
        const inner = n.children.find((c) => c.named);
        return inner ? unk(taintOfAll([this.expr(inner)])) : OPAQUE;
      }
      case 'ellipsis':
      case 'comment':
        return OPAQUE;
      default: {
        const vals: Value[] = [];
        for (const c of n.children) {
          if (!c.named) continue;
          if (c.type === 'block') this.block(c.children);
          else vals.push(this.expr(c));
        }
        return unk(taintOfAll(vals));
      }
    }
  }

  private identifier(n: Node): Value {
    const name = this.text(n);
    const v = this.lookup(name);
    if (v) return v;
    // a builtin (or a name from a star import): it keeps its own name
    return unk(undefined, name);
  }

  /** `objNode`: the expression `obj` was read from, when a member read of a parameter by its name may stand for that member of the argument */
  private memberOf(obj: Value, key: string, objNode?: Node): Value {
    if (obj.kind === 'dict') return Object.prototype.hasOwnProperty.call(obj.entries, key) ? obj.entries[key]! : unk(taintOfAll([obj]));
    const cls = this.instanceOf.get(obj) ?? this.classOf.get(obj);
    if (cls) {
      const m = cls.methods.get(key);
      if (m) return this.fnValue(m);
      const f = cls.fields.get(key);
      if (f) return f;
      return OPAQUE;
    }
    if (obj.kind === 'unknown' && obj.ref) {
      const ref = `${obj.ref}.${key}`;
      const kind = this.model.memberTaint(ref);
      if (kind) return unknown([{ kind, name: ref, line: 0 }], { ref });
      return unknown(throughSettings(obj.taint, key), { ref, sanitized: obj.sanitized });
    }
    // (a parameter's settings, `config.mermaid.path` of `def render(config)`, are read through them, as in JavaScript)
    const taint = this.memberOfParam(obj, objNode, key, throughSettings(taintOfAll([obj]), key));
    return taint ? unknown(taint, { sanitized: sanitizersOf(obj) }) : OPAQUE;
  }

  /** A member read of a parameter itself (`options.root`, `options["root"]`) stands for that member of what a caller passed. */
  private memberOfParam(obj: Value, objNode: Node | undefined, key: string, taint: TaintOrigin[] | undefined): TaintOrigin[] | undefined {
    if (!taint || objNode?.type !== 'identifier' || this.paramValues.get(obj) !== this.text(objNode)) return taint;
    return memberOfParameter(taint, key);
  }

  private attribute(n: Node): Value {
    const obj = fieldOf(n, 'object');
    const attr = fieldOf(n, 'attribute');
    if (!obj || !attr) return OPAQUE;
    const ov = this.expr(obj);
    // an attribute a guard checked, while its variable still holds the value it was checked in
    const entry = obj.type === 'identifier' && this.entryBases.size ? this.attributeEntry(n) : undefined;
    const checked = entry && this.entryBases.get(entry.name) === ov ? this.lookup(entry.name) : undefined;
    if (checked) return checked;
    const objAttr = obj.type === 'attribute' ? fieldOf(obj, 'attribute') : undefined;
    const key = this.text(attr);
    // (only `.arguments` can be one: no line looked up for every other attribute)
    const args = key === 'arguments' ? toolCallArguments(objAttr && this.text(objAttr), key, this.line(n)) : undefined;
    if (args) return args;
    // `request.user`: the signed-in account the authentication middleware (Django's, Starlette's) loaded on the
    // server, not something the request's sender wrote; its fields (`user.uuid`, `user.id`) are the server's data
    // (`request.app`: Starlette's application the request came to, whose `state` the server set up at start, not the sender)
    if ((key === 'user' || key === 'app') && obj.type === 'identifier' && authenticatedRequest(ov, this.text(obj))) return unknown(undefined, { ref: `${this.text(obj)}.${key}` });
    // a process id (`proc.pid`, `os.getpid()` aside) is a number, whatever the process runs
    if (key === 'pid') return numeric();
    // the port of a parsed URL (`urlparse(u).port`) is a number or None (urllib refuses any other text)
    if (key === 'port' && ov.kind === 'unknown' && (ov.ref === 'urllib.parse.urlparse()' || ov.ref === 'urllib.parse.urlsplit()')) return numeric(taintOf(ov));
    // `Path(upload.filename).suffix`, `.name`, `.stem`: the last part of a path, without a separator
    if ((key === 'suffix' || key === 'name' || key === 'stem') && ov.kind === 'unknown' && ov.ref?.endsWith('()') && PATH_CLASS.test(ov.ref.slice(0, -2))) return withSanitizer(unknown(ov.taint), 'path-basename');
    // a constant of a module of the project imported whole (`gitutil.GIT_CMD`)
    // (asked only in a lowering given summaries: no name is built for every attribute read otherwise)
    const imported = this.importedReturns && ov.kind === 'unknown' && ov.ref && !ov.ref.includes('(') && !ov.taint?.length ? this.importedConstant(`${ov.ref}.${key}`) : undefined;
    if (imported) return imported;
    const v = this.memberOf(ov, key, obj);
    if (v.taint?.some((t) => t.line === 0)) return { ...v, taint: v.taint.map((t) => (t.line === 0 ? { ...t, line: this.line(n) } : t)) };
    return v;
  }

  /** The items `items[a:b]` keeps, when the bounds are constant integers (or left out) and no step is given. */
  private sliceOf(items: readonly Value[], slice: Node): Value[] | undefined {
    const bounds: (number | undefined)[] = [undefined, undefined];
    let at = 0;
    for (const c of slice.children) {
      if (c.type === ':') {
        if (++at > 1) return undefined;
        continue;
      }
      if (!c.named || c.type === 'comment') continue;
      const v = this.expr(c);
      if (v.kind !== 'const' || typeof v.value !== 'number' || !Number.isInteger(v.value)) return undefined;
      bounds[at] = v.value;
    }
    const [a, b] = bounds;
    return items.slice(a ?? 0, b ?? items.length);
  }

  private subscript(n: Node): Value {
    const obj = fieldOf(n, 'value');
    const ov = obj ? this.expr(obj) : OPAQUE;
    // an entry a guard checked, while its variable still holds the value it was checked in
    const entry = this.constantEntry(n);
    const checked = entry && this.entryBases.get(entry.name) === ov ? this.lookup(entry.name) : undefined;
    if (checked) return checked;
    const keys = n.children.filter((c) => c.field === 'subscript');
    // `command[:-1]`, `argv[1:]`: part of a list whose items are known, by constant bounds
    if (ov.kind === 'list' && keys.length === 1 && keys[0]!.type === 'slice') {
      const part = this.sliceOf(ov.items, keys[0]!);
      if (part) return part.length === ov.items.length ? ov : { ...ov, items: part };
    }
    const kv = keys.map((k) => this.expr(k));
    const key = kv.length === 1 ? kv[0]! : undefined;
    if (key && key.kind === 'const') {
      if (ov.kind === 'list' && typeof key.value === 'number') {
        const i = key.value < 0 ? ov.items.length + key.value : key.value;
        const item = ov.items[i];
        if (item) return item;
      }
      if (ov.kind === 'dict' && typeof key.value === 'string' && Object.prototype.hasOwnProperty.call(ov.entries, key.value)) return ov.entries[key.value]!;
    }
    const shared = key && key.kind !== 'const' ? sharedCommand(ov) : undefined;
    if (shared) return shared;
    const anyEntry = key && key.kind !== 'const' ? entryOfConstantTable(ov) : undefined;
    if (anyEntry) return anyEntry;
    // `MAPPING[name]`, a table whose every entry is a list of constant texts: one of those lists, whole, which is not
    // known here (an argv list of such a table is judged whole), and whose items are one of all their texts (`loopItem`)
    const lists = key && key.kind !== 'const' ? listsOfConstantTexts(ov) : undefined;
    if (lists) {
      const entry = unknown();
      this.entryTexts.set(entry, lists);
      return entry;
    }
    // `globals()[name]`, `vars(module)[name]`: a lookup by name among code, a call the rules can see
    if (key && key.kind !== 'const' && ov.kind === 'unknown' && ov.ref && NAMESPACE_CALLS.has(ov.ref) && (!ov.ref.endsWith('vars()') || this.varsOfModule(obj))) this.namespaceLookup(n, ov, key);
    const picked = key && key.kind !== 'const' ? dispatchChoices(ov, key) : undefined;
    if (picked) return picked;
    // `os.path.splitext(name)[1]`: an extension holds no separator
    if (ov.kind === 'unknown' && ov.ref === 'os.path.splitext()' && key?.kind === 'const' && (key.value === 1 || key.value === -1)) return withSanitizer(unknown(ov.taint), 'path-basename');
    // `file.content_type.split("/")[1]`, `url.rsplit("/", 1)[-1]`: one part between separators holds none
    if (key?.kind === 'const' && typeof key.value === 'number' && obj && this.splitBySlash(obj)) {
      const part = taintOfAll([ov]);
      if (part) return withSanitizer(unknown(part), 'path-segment');
    }
    if (ov.kind === 'unknown' && ov.ref) return this.entryOfOpaque(ov, n);
    const taint = key?.kind === 'const' && typeof key.value === 'string' ? this.memberOfParam(ov, obj, key.value, taintOfAll([ov])) : taintOfAll([ov]);
    return taint ? unknown(taint, { sanitized: sanitizersOf(ov) }) : OPAQUE;
  }

  /**
   * An entry of an opaque value that has a name (`result[0]`, `path, mime = resolve(id)`): named after it
   * (`resolve()[]`), so that where it goes is still seen as where the call's result goes (returns.ts `resultUses`).
   */
  private entryOfOpaque(ov: Value & { kind: 'unknown' }, n: Node): Value {
    const kind = this.model.memberTaint(ov.ref + '.*');
    if (kind) return unknown([{ kind, name: ov.ref!, line: this.line(n) }]);
    return unknown(ov.taint, { ref: `${ov.ref}[]`, sanitized: ov.sanitized });
  }

  /**
   * The id-named variables a database lookup of one row matches (`….filter(Model.id == x).first()`, `….filter_by(id=x)
   * .one_or_none()`, `….where(Model.id == x)).scalar_one_or_none()`, `session.get(Model, x)`), none for other calls.
   */
  private rowLookupIds(call: Node, method: string | undefined): string[] {
    const ids: string[] = [];
    const idName = (a: Node | undefined) => (a?.type === 'identifier' && ROW_ID_NAME.test(this.text(a)) ? this.text(a) : undefined);
    const positional = (c: Node) => fieldOf(c, 'arguments')?.children.filter((x) => x.named && x.type !== 'comment') ?? [];
    if (method === 'get') {
      const args = positional(call);
      const model = args[0];
      const id = idName(args[1]);
      if (args.length === 2 && model?.type === 'identifier' && /^[A-Z]/.test(this.text(model)) && id) ids.push(id);
      return ids;
    }
    if (method === undefined || !ONE_ROW.has(method)) return ids;
    // down the receiver chain (`a.filter(...).first()`, `(await db.execute(select(M).where(...))).scalar_one_or_none()`)
    const visit = (node: Node | undefined, depth: number): void => {
      if (!node || depth > 12) return;
      const u = this.unparen(node.type === 'await' ? (node.children.find((c) => c.named) ?? node) : node);
      if (u.type === 'call') {
        const f = fieldOf(u, 'function');
        const m = f?.type === 'attribute' ? this.text(fieldOf(f, 'attribute')!) : f?.type === 'identifier' ? this.text(f) : undefined;
        if (m === 'filter' || m === 'where' || m === 'filter_by') {
          for (const a of positional(u)) {
            if (a.type === 'keyword_argument') {
              const k = fieldOf(a, 'name');
              const id = idName(fieldOf(a, 'value'));
              if (k && ROW_ID_NAME.test(this.text(k)) && id) ids.push(id);
            } else if (a.type === 'comparison_operator' && a.children.some((c) => !c.named && c.type === '==')) {
              // the column on one side (`Workflow.id`), the id-named variable on the other
              const [l, r] = a.children.filter((c) => c.named);
              const column = (c: Node | undefined) => c?.type === 'attribute' && /\.(?:id|\w+_id)$/.test(this.text(c));
              const id = column(l) ? idName(r) : column(r) ? idName(l) : undefined;
              if (id) ids.push(id);
            }
          }
        }
        for (const a of positional(u)) if (a.type === 'call') visit(a, depth + 1);
        if (f?.type === 'attribute') visit(fieldOf(f, 'object'), depth + 1);
      } else if (u.type === 'attribute') visit(fieldOf(u, 'object'), depth + 1);
    };
    const f = fieldOf(call, 'function');
    if (f?.type === 'attribute') visit(fieldOf(f, 'object'), 0);
    return [...new Set(ids)];
  }

  /** `vars(os)`, `vars(sys.modules[__name__])`: the namespace of a module or class, not an object's data (`vars(args)`). */
  private varsOfModule(call: Node | undefined): boolean {
    const arg = call?.type === 'call' ? fieldOf(call, 'arguments')?.children.find((c) => c.named) : undefined;
    if (!arg || (arg.type !== 'identifier' && arg.type !== 'attribute' && arg.type !== 'subscript')) return false;
    if (arg.type === 'subscript') return /^sys\.modules\b/.test(this.text(arg));
    // the root name of `os` / `os.path` must be an imported module or class
    const v = this.lookup(this.text(arg).split('.')[0]!);
    return v?.kind === 'unknown' && !!v.ref && !v.ref.includes('(') && !this.instanceOf.has(v) && !v.taint?.length;
  }

  /** Record `globals()[key]` as a call of `globals().__getitem__` with the key, where the call is. */
  private namespaceLookup(n: Node, namespace: Value, key: Value): void {
    const callee = `${(namespace as { ref: string }).ref}.__getitem__`;
    const fact: CallFact = { callee, method: '__getitem__', args: [key], kwargs: {}, receiver: namespace, range: this.range(n), calleeRange: this.range(n) };
    if (this.scope.fnId) fact.enclosingFunction = this.scope.fnId;
    this.calls.push({ start: n.start, fact });
  }

  private sequence(n: Node): Value {
    const items: Value[] = [];
    for (const c of n.children) {
      if (!c.named || c.type === 'comment') continue;
      if (c.type === 'list_splat') {
        const inner = c.children.find((x) => x.named);
        const v = inner ? this.expr(inner) : OPAQUE;
        // (one of several lists, `[which("tool"), "serve"]` or `[sys.executable, "-m", "tool", "serve"]`: its program first)
        const spread = spreadArguments(v);
        // the items of a name another module may define (`[*GIT_CMD, "status"]`): named for the project pass (returns.ts `importedName`)
        if (v.kind === 'unknown' && v.ref && !v.ref.includes('(') && !v.alternatives && spread.length === 1 && spread[0]!.kind === 'unknown') spread[0] = { ...spread[0]!, ref: `${v.ref}[*]` };
        items.push(...spread);
      } else items.push(this.expr(c));
    }
    return { kind: 'list', items };
  }

  private dictionary(n: Node): Value {
    const entries: Record<string, Value> = {};
    const extra: Value[] = [];
    for (const c of n.children) {
      if (c.type === 'pair') {
        const k = fieldOf(c, 'key');
        const vn = fieldOf(c, 'value');
        const kv = k ? this.expr(k) : OPAQUE;
        const key = kv.kind === 'const' && (typeof kv.value === 'string' || typeof kv.value === 'number') ? String(kv.value) : undefined;
        const v = vn ? this.exprNamed(vn, key) : OPAQUE;
        if (key !== undefined && key !== '__proto__') entries[key] = v;
        else extra.push(kv, v);
      } else if (c.type === 'dictionary_splat') {
        const inner = c.children.find((x) => x.named);
        const v = inner ? this.expr(inner) : OPAQUE;
        if (v.kind === 'dict') Object.assign(entries, v.entries);
        else extra.push(v);
      }
    }
    const d: Value = { kind: 'dict', entries };
    const taint = taintOfAll(extra);
    if (taint) d.taint = taint;
    return d;
  }

  /** Two identifiers with the same name (a comprehension's `k: v` and its `for k, v`). */
  private sameName(a: Node | undefined, b: Node | undefined): boolean {
    return !!a && !!b && a.type === 'identifier' && b.type === 'identifier' && this.text(a) === this.text(b);
  }

  private comprehension(n: Node): Value {
    // the loop variables live in the comprehension's own scope
    const save = this.scope;
    this.scope = { vars: new Map(), parent: save, serial: this.serial++, fnId: save.fnId, cls: save.cls };
    const clauses = n.children.filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
    let filtered: Value | undefined;
    let keyName: string | undefined;
    let keyGuarded = false;
    for (const c of clauses) {
      if (c.type === 'for_in_clause') {
        const right = fieldOf(c, 'right');
        const left = fieldOf(c, 'left');
        const iter = right ? this.expr(right) : OPAQUE;
        if (left) this.bindTarget(left, this.loopItem(iter), undefined);
        // `{k: v for k, v in data.items() if v is not None}`: some of `data`'s entries, each under its own key
        const body = fieldOf(n, 'body');
        const from = this.itemsOf.get(iter);
        const [k, v] = left?.type === 'pattern_list' ? left.children.filter((x) => x.named) : [];
        if (from && clauses.indexOf(c) === 0 && body?.type === 'pair' && this.sameName(fieldOf(body, 'key'), k) && this.sameName(fieldOf(body, 'value'), v)) filtered = from;
        // the key of a dict comprehension is a loop variable (`{k: ... for k, v in ...}`)
        const key = body?.type === 'pair' ? fieldOf(body, 'key') : undefined;
        if (key?.type === 'identifier' && this.identifiersIn(left).includes(this.text(key))) keyName = this.text(key);
      } else {
        for (const x of c.children) if (x.named) this.expr(x);
        // `if k in ALLOWED`: past the filter the loop variable is one the collection holds
        const cond = c.children.find((x) => x.named);
        const g = cond ? this.guardOf(cond) : undefined;
        if (g?.whenTrue) {
          this.applyGuard(g);
          if (keyName !== undefined && g.names.includes(keyName)) keyGuarded = true;
        }
      }
    }
    // `{k: v for k, v in fields.items() if k in ALLOWED}`: entries under keys the collection holds
    const keys = keyGuarded && n.type === 'dictionary_comprehension' ? this.lookup(keyName!) : undefined;
    const withKeys = (d: Value) => {
      if (!keys) return d;
      const out = unk(taintOf(d));
      this.keysOf.set(out, keys);
      return out;
    };
    if (filtered && n.type === 'dictionary_comprehension' && clauses.filter((c) => c.type === 'for_in_clause').length === 1) {
      this.scope = save;
      return withKeys(filtered);
    }
    const body = fieldOf(n, 'body');
    const v = body ? (body.type === 'pair' ? this.dictionary({ ...n, children: [body] }) : this.expr(body)) : OPAQUE;
    this.scope = save;
    if (keys) return withKeys(v);
    // constant text with at most numbers in it (`f"${i + 1}" for i in range(n)`), whatever is iterated: one such item
    if (n.type !== 'dictionary_comprehension' && numberedText(v)) return { kind: 'list', items: [v] };
    // items that are tuples (`(path, name) for ...`, `save(f) for ...` returning one): each of that shape, so that
    // unpacking one (`for path, name in saved`) gives each name its own part
    if ((n.type === 'list_comprehension' || n.type === 'generator_expression') && v.kind === 'list' && v.items.length) return { kind: 'list', items: [v] };
    const out = unk(taintOfAll([v]));
    // each item is text of one shape (`f"{col} = :{col}" for col in fields`): kept for joining it (`", ".join(...)`)
    if (n.type !== 'dictionary_comprehension' && v.kind === 'template') this.shapeOfItems.set(out, v);
    // `c for c in name if c.isalnum() or c in "._- "`: the characters of the text a class of them lets through
    const kept = n.type === 'generator_expression' || n.type === 'list_comprehension' ? this.characterClass(n) : undefined;
    if (kept !== undefined && !/[/\\]/.test(kept)) return withSanitizer(out, 'path-segment');
    return out;
  }

  /**
   * The characters a comprehension over one text keeps when it yields its loop variable past one test of it made of
   * character-class methods (`c.isalnum()`, `c.isalpha()`, `c.isdigit()`) and membership in constant text (`c in "._-"`),
   * joined with `or`: the constant characters it lets through (letters and digits apart), or undefined for another shape.
   */
  private characterClass(n: Node): string | undefined {
    const clauses = n.children.filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
    const loop = clauses[0];
    const left = loop?.type === 'for_in_clause' ? fieldOf(loop, 'left') : undefined;
    const body = fieldOf(n, 'body');
    if (left?.type !== 'identifier' || !body) return undefined;
    const name = this.text(left);
    let kept = '';
    // `c for c in s if <test>` keeps the characters the test lets through; `c if <test> else "_" for c in s` puts the
    // replacement's characters in place of the others
    let condition: Node | undefined;
    if (clauses.length === 2 && clauses[1]!.type === 'if_clause' && body.type === 'identifier' && this.text(body) === name) condition = clauses[1]!.children.find((x) => x.named);
    else if (clauses.length === 1 && body.type === 'conditional_expression') {
      const [then, cond, other] = body.children.filter((x) => x.named);
      const replacement = other ? this.literalString(other) : undefined;
      if (then?.type !== 'identifier' || this.text(then) !== name || replacement === undefined) return undefined;
      condition = cond;
      kept = replacement;
    } else return undefined;
    const ok = (e: Node | undefined): boolean => {
      if (!e) return false;
      if (e.type === 'parenthesized_expression') return ok(e.children.find((x) => x.named));
      if (e.type === 'boolean_operator' && fieldOf(e, 'operator')?.type === 'or') return ok(fieldOf(e, 'left')) && ok(fieldOf(e, 'right'));
      if (e.type === 'call') {
        const f = fieldOf(e, 'function');
        const args = fieldOf(e, 'arguments');
        return f?.type === 'attribute' && this.text(fieldOf(f, 'object') ?? f) === name && /^is(?:alnum|alpha|digit|decimal|numeric)$/.test(this.text(fieldOf(f, 'attribute') ?? f)) && !args?.children.some((x) => x.named);
      }
      if (e.type === 'comparison_operator') {
        const [subject, container] = e.children.filter((x) => x.named);
        const op = e.children.find((x) => !x.named && x.type === 'in');
        // (read, not lowered again: the test was lowered with the comprehension)
        const text = !container ? undefined : container.type === 'identifier' ? constString(this.lookup(this.text(container))) : this.literalString(container);
        if (!op || subject?.type !== 'identifier' || this.text(subject) !== name || text === undefined) return false;
        kept += text;
        return true;
      }
      return false;
    };
    return ok(condition) ? kept : undefined;
  }

  private binary(n: Node): Value {
    // a long left-deep chain (`"a" + b + "c" + ...` in generated code) is folded in a loop, not by recursion
    const o = fieldOf(n, 'operator')?.type ?? '';
    const chain: Node[] = [];
    let leftmost: Node | undefined = n;
    while (leftmost && leftmost.type === 'binary_operator' && (fieldOf(leftmost, 'operator')?.type ?? '') === o) {
      chain.push(leftmost);
      leftmost = fieldOf(leftmost, 'left');
    }
    let acc = leftmost ? this.expr(leftmost) : OPAQUE;
    for (let i = chain.length - 1; i >= 0; i--) {
      const r = fieldOf(chain[i]!, 'right');
      acc = this.combine(o, acc, r ? this.expr(r) : OPAQUE);
    }
    return acc;
  }

  private combine(o: string, a: Value, b: Value): Value {
    if (o === '+') {
      if (isStringish(a) || isStringish(b)) return cat(a, b);
      const joined = listPlus(a, b);
      if (joined) return joined;
      if (a.kind === 'const' && b.kind === 'const' && typeof a.value === 'number' && typeof b.value === 'number') return constant(a.value + b.value);
    }
    if (o === '%' && isStringish(a)) return this.percentFormat(a, b);
    // arithmetic on numbers is a number
    if (['+', '-', '*', '//', '%', '**'].includes(o) && isNumber(a) && isNumber(b)) return numeric(taintOfAll([a, b]));
    // and with a number written in the code, whatever the other operand is (`(limit + 1023) // 1024`): adding,
    // subtracting or dividing anything but a number by one is an error in Python (not `*` or `%`: `text * 2` is text)
    if (['+', '-', '//', '**'].includes(o) && ((numberConstant(a) && !isStringish(b)) || (numberConstant(b) && !isStringish(a))) && a.kind !== 'list' && b.kind !== 'list') return numeric(taintOfAll([a, b]));
    // a list of constants repeated (`["%s"] * len(keys)`): the same constants, however many times; a count adds no text
    if (o === '*' && a.kind === 'list' && a.items.every((i) => i.kind === 'const')) return a;
    // a string constant repeated (`"?" * n`, placeholders for n values): that text, however many times (the
    // other operand can only be a count: a string times anything else is a TypeError)
    if (o === '*' && a.kind === 'const' && typeof a.value === 'string' && !isStringish(b)) return a;
    if (o === '*' && b.kind === 'const' && typeof b.value === 'string' && !isStringish(a)) return b;
    // a path joined to text (`sdk / "adb"`): only a path divides by a string (a number or a string by a string is a TypeError)
    if (o === '/' && (this.isPathValue(a) || this.isPathValue(b) || (isStringish(a) ? !isStringish(b) && !isNumber(b) : isStringish(b) && !isNumber(a)))) return this.pathValue(cat(this.pathText(a), constant('/'), this.pathText(b)), 'pathlib.Path()');
    // LangChain expression language: `prompt | llm | parser` is a chain whose output is the model's
    if (o === '|' && [a, b].some((v) => v.kind === 'unknown' && v.ref?.startsWith('langchain'))) return unk(taintOfAll([a, b]), LCEL_CHAIN);
    return unk(taintOfAll([a, b]));
  }

  /** A pathlib value: opaque and named for calls on it, with its text remembered for the checks. */
  private pathValue(text: Value, ref: string): Value {
    const v = unk(taintOf(text), ref);
    this.pathTexts.set(v, text);
    return v;
  }

  private pathText(v: Value): Value {
    return this.pathTexts.get(v) ?? v;
  }

  /** A list with its paths as their text (the same list when it holds none). */
  private pathItems(v: Value): Value {
    if (v.kind !== 'list' || !v.items.some((i) => this.pathTexts.has(i))) return v;
    return { ...v, items: v.items.map((i) => this.pathTexts.get(i) ?? i) };
  }

  /**
   * Paths meeting are a path whose text is one of theirs; a path or `None`, the path (`None` opens nothing). A parameter
   * (or `None`) meeting an instance of one of this file's classes stays what it was, and the methods called on it are
   * that class's (`self.cmd_base = cmd_base or CMDBase()`; its members are still the parameter's, its settings).
   */
  protected override merge(values: Value[]): Value {
    const merged = this.pathsMerged(values);
    const instances = values.filter((v) => this.instanceOf.has(v));
    if (instances.length === 1 && merged !== instances[0] && values.every((v) => v === instances[0] || parameterOrNone(v))) this.methodsOf.set(merged, this.instanceOf.get(instances[0]!)!);
    return merged;
  }

  /** The class whose methods are called on a value that is a parameter or an instance of it (`merge`). */
  private readonly methodsOf = new WeakMap<Value, ClassCtx>();
  /** Texts with `/` or `\\` replaced by what holds neither (`name.replace("/", "_")`): which of the two, so far. */
  private readonly separatorsReplaced = new WeakMap<Value, Set<string>>();
  /**
   * Parameters and fields annotated with a class another module defines (`db: SQLDatabase`, imported): the instance's
   * reference (`pkg.db.SQLDatabase()`), whose methods the calls on the value are (`pkg.db.SQLDatabase().run_sql`).
   */
  private readonly typedAs = new WeakMap<Value, string>();

  /**
   * A value annotated with the name of a class: one of this module's (its methods are called on it) or one another
   * module defines (calls on it name that class's methods, for the project pass). The value stays what it was: a
   * parameter is still whatever its callers pass.
   */
  private typeAs(v: Value, type: string): void {
    const t = this.lookup(type);
    if (!t) return;
    const cls = this.classOf.get(t);
    if (cls) this.methodsOf.set(v, cls);
    else if (t.kind === 'unknown' && t.ref && t.ref !== type && !t.ref.includes('(') && !TYPING_MODULE.test(t.ref)) this.typedAs.set(v, `${t.ref}()`);
  }

  private pathsMerged(values: Value[]): Value {
    const merged = mergeAll(values);
    if (values.length < 2 || !values.some((v) => this.pathTexts.has(v))) return merged;
    const paths = values.filter((v) => !(v.kind === 'const' && v.value === null));
    if (!paths.every((v) => this.pathTexts.has(v))) return merged;
    const text = mergeAll(paths.map((v) => this.pathText(v)));
    // (texts with nothing in common, `{java_home}/bin` and `.`: the merge as it was, a path of the first text)
    if (text.kind === 'unknown' && !text.ref && !text.alternatives?.length && !text.oneOf?.length) return merged;
    return this.pathValue(text, 'pathlib.Path()');
  }

  private isPathValue(v: Value): boolean {
    return v.kind === 'unknown' && !!v.ref && /^pathlib\.(?:Pure|Posix|Windows)?Path\(\)/.test(v.ref);
  }

  /** `"... %s ..." % args`: conversions become holes; `%%` is a percent sign. */
  private percentFormat(fmt: Value, args: Value): Value {
    if (fmt.kind !== 'const' || typeof fmt.value !== 'string') return unk(taintOfAll([fmt, args]));
    const text = fmt.value;
    const positional = args.kind === 'list' ? args.items : [args];
    const parts: (string | { hole: Value })[] = [];
    let i = 0;
    let last = 0;
    const re = /%(\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      parts.push(text.slice(last, m.index));
      last = m.index + m[0].length;
      if (m[2] === '%') {
        parts.push('%');
        continue;
      }
      let v: Value;
      if (m[1]) {
        const key = m[1].slice(1, -1);
        v = args.kind === 'dict' && Object.prototype.hasOwnProperty.call(args.entries, key) ? args.entries[key]! : unk(taintOfAll([args]));
      } else v = positional[i++] ?? unk(taintOfAll([args]));
      // `%d` of anything is a number
      if ('diouxXeEfFgG'.includes(m[2]!)) v = v.kind === 'const' ? v : withSanitizer(v.kind === 'unknown' ? v : unk(taintOf(v)), 'integer');
      parts.push(v.kind === 'const' && v.value !== null ? String(v.value) : { hole: v });
    }
    parts.push(text.slice(last));
    return fromParts(parts);
  }

  /** `"...{}...{name}".format(...)`. */
  private formatMethod(fmt: Value, args: Value[], kwargs: Record<string, Value>): Value {
    if (fmt.kind !== 'const' || typeof fmt.value !== 'string') return unk(taintOfAll([fmt, ...args, ...Object.values(kwargs)]));
    const text = fmt.value;
    const parts: (string | { hole: Value })[] = [];
    let auto = 0;
    let last = 0;
    const all = taintOfAll([...args, ...Object.values(kwargs)]);
    const re = /\{\{|\}\}|\{([^{}!:]*)(![rsa])?(?::[^{}]*)?\}/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      parts.push(text.slice(last, m.index));
      last = m.index + m[0].length;
      if (m[0] === '{{' || m[0] === '}}') {
        parts.push(m[0][0]!);
        continue;
      }
      const field = m[1] ?? '';
      const head = field.split(/[.[]/)[0]!;
      let v: Value | undefined;
      if (head === '') v = args[auto++];
      else if (/^\d+$/.test(head)) v = args[Number(head)];
      else v = kwargs[head];
      if (v && head !== field) v = unk(taintOfAll([v]));
      v ??= unk(all);
      parts.push(v.kind === 'const' && v.value !== null ? String(v.value) : { hole: v });
    }
    parts.push(text.slice(last));
    return fromParts(parts);
  }

  /** A string literal, an f-string (a template) or implicit concatenation. */
  private stringValue(n: Node, record: boolean): Value {
    if (n.type === 'concatenated_string') {
      const vals = n.children.filter((c) => c.type === 'string').map((c) => this.stringValue(c, false));
      const v = cat(...vals);
      if (record && v.kind === 'const' && typeof v.value === 'string') this.stringFact(n, v.value, undefined);
      return v;
    }
    if (n.children.length === 0) {
      // copied flat (treesitter.ts): no interpolation, the value is the text between the quotes
      const text = this.text(n);
      const q = firstQuote(text);
      if (q >= 0) {
        const prefix = text.slice(0, q).toLowerCase();
        const quote = text.startsWith('"""', q) || text.startsWith("'''", q) ? 3 : 1;
        const body = text.slice(q + quote, Math.max(q + quote, text.length - quote));
        // (one piece of text: `fromParts` of it is the constant)
        const v = constant(prefix.includes('r') ? body : decodeEscapes(body));
        if (record && v.kind === 'const' && typeof v.value === 'string') this.stringFact(n, v.value, undefined);
        return v;
      }
    }
    const startNode = n.children[0];
    const prefix = startNode && startNode.type === 'string_start' ? this.text(startNode).replace(/['"]+$/, '').toLowerCase() : '';
    const raw = prefix.includes('r');
    const parts: (string | { hole: Value })[] = [];
    for (const c of n.children) {
      if (c.type === 'string_content') {
        let t = raw ? this.text(c) : decodeEscapes(this.text(c));
        if (prefix.includes('f')) t = t.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
        parts.push(t);
      }
      else if (c.type === 'escape_sequence') parts.push(raw ? this.text(c) : decodeEscapes(this.text(c)));
      else if (c.type === 'interpolation') {
        const e = fieldOf(c, 'expression');
        // (a path interpolated is its text: `f"source {home / '.nvm' / 'nvm.sh'}"`)
        const v = e ? this.pathText(this.expr(e)) : OPAQUE;
        // a constant interpolated without a format spec or conversion is just its text
        const plain = !c.children.some((x) => x.type === 'format_specifier' || x.type === 'type_conversion');
        // `{url!r}`: the value's literal (quoted and escaped for a string), one expression of Python code
        const repr = c.children.some((x) => x.type === 'type_conversion' && this.text(x) === '!r');
        if (repr && v.kind !== 'const') {
          parts.push({ hole: withSanitizer(v, 'python-literal') });
          continue;
        }
        // and a text built of parts is those parts (`f"... SET {', '.join(sets)} ..."`, each of `sets` `f"{col} = :{col}"`)
        if (plain && v.kind === 'template' && !v.taint?.length && !v.sanitized?.length) parts.push(...v.parts);
        else parts.push(plain && v.kind === 'const' && v.value !== null && typeof v.value !== 'boolean' ? String(v.value) : { hole: v });
      }
    }
    const v = fromParts(parts);
    if (record && v.kind === 'const' && typeof v.value === 'string') this.stringFact(n, v.value, undefined);
    return v;
  }

  // --- calls ---------------------------------------------------------------------------------

  private resolveCallee(c: Node): { callee: string; target?: string; receiver?: Value; key?: string; choices?: Value } {
    const cu = this.unparen(c);
    if (cu.type === 'attribute') {
      const obj = fieldOf(cu, 'object');
      const attr = fieldOf(cu, 'attribute');
      const objVal = obj ? this.expr(obj) : OPAQUE;
      const key = attr ? this.text(attr) : '?';
      // `super().__init__(tools=[...])` in a method: the library base's constructor (`agno.tools.Toolkit`)
      const own = this.scope.cls;
      if (key === '__init__' && own?.bases[0] && obj && this.isSuperCall(obj)) return { callee: own.bases[0], receiver: own.instance, key };
      const cls = this.instanceOf.get(objVal) ?? this.classOf.get(objVal) ?? this.methodsOf.get(objVal);
      if (cls) {
        const m = cls.methods.get(key);
        if (m) return { callee: m.name, target: m.id, receiver: objVal, key };
        const f = cls.fields.get(key);
        if (f && f.kind === 'unknown') {
          if (f.functionId) return { callee: this.pendings.get(f.functionId)?.fact.name ?? '?', target: f.functionId, receiver: objVal, key };
          if (f.ref) return { callee: f.ref, receiver: objVal, key };
        }
        // methods inherited from a framework base: `BaseTool().invoke`
        if (cls.bases[0]) return { callee: `${cls.bases[0]}().${key}`, receiver: objVal, key };
      }
      const base = objVal.kind === 'unknown' && objVal.ref ? objVal.ref : (this.typedAs.get(objVal) ?? '?');
      return { callee: `${base}.${key}`, receiver: objVal, key };
    }
    if (cu.type === 'identifier') {
      const name = this.text(cu);
      const v = this.lookup(name);
      if (!v) return { callee: name };
      return this.calleeOfValue(v);
    }
    return this.calleeOfValue(this.expr(cu));
  }

  /** `super()` (or `super(Cls, self)`), not a local of that name. */
  private isSuperCall(n: Node): boolean {
    const u = this.unparen(n);
    const f = u.type === 'call' ? fieldOf(u, 'function') : undefined;
    return !!f && f.type === 'identifier' && this.text(f) === 'super' && !this.lookup('super');
  }

  private calleeOfValue(v: Value): { callee: string; target?: string; choices?: Value } {
    if (v.kind === 'unknown' && v.choices) return { callee: '?', choices: v };
    if (v.kind === 'unknown') {
      if (v.functionId) return { callee: this.pendings.get(v.functionId)?.fact.name ?? '?', target: v.functionId };
      const cls = this.classOf.get(v);
      if (cls) {
        const init = cls.methods.get('__init__');
        return init ? { callee: cls.name, target: init.id } : { callee: cls.name };
      }
      if (v.ref) return { callee: v.ref };
    }
    return { callee: '?' };
  }

  private call(n: Node): Value {
    const fnNode = fieldOf(n, 'function');
    const { callee, target, receiver, key, choices } = fnNode ? this.resolveCallee(fnNode) : { callee: '?', target: undefined, receiver: undefined, key: undefined, choices: undefined };
    const spread: Value[] = [];
    const args: Value[] = [];
    const argNodes: (Node | undefined)[] = [];
    const kwargs: Record<string, Value> = {};
    let kwNodes: Map<string, Node> | undefined;
    const argList = fieldOf(n, 'arguments');
    if (argList?.type === 'generator_expression') {
      args.push(this.expr(argList));
      argNodes.push(argList);
    } else {
      for (const a of argList?.children ?? []) {
        if (!a.named || a.type === 'comment') continue;
        if (a.type === 'keyword_argument') {
          const name = fieldOf(a, 'name');
          const value = fieldOf(a, 'value');
          if (!name || !value) continue;
          const k = this.text(name);
          kwargs[k] = this.exprNamed(value, k);
          (kwNodes ??= new Map()).set(k, value);
        } else if (a.type === 'list_splat') {
          const inner = a.children.find((x) => x.named);
          const v = inner ? this.expr(inner) : OPAQUE;
          for (const item of spreadArguments(v)) {
            args.push(item);
            argNodes.push(undefined);
          }
        } else if (a.type === 'dictionary_splat') {
          const inner = a.children.find((x) => x.named);
          const v = inner ? this.expr(inner) : OPAQUE;
          if (v.kind === 'dict') Object.assign(kwargs, v.entries);
          else {
            spread.push(v);
            // `Model(**arguments)`: the unpacked values keep their taint
            if (v.taint?.length) kwargs['**'] = unk(taintOfAll([v]));
          }
        } else {
          args.push(this.expr(a));
          argNodes.push(a);
        }
      }
    }
    // a call of a function of this file: keyword arguments take their parameter's position
    if (target) this.placeKeywords(target, args, kwargs, receiver !== undefined);
    if (choices?.kind === 'unknown' && choices.choices && modelChosen(choices, [...args, ...Object.values(kwargs), ...spread])) {
      for (const id of choices.choices) {
        const p = this.pendings.get(id);
        if (p) this.markTool(p, { framework: 'dispatch', via: 'dispatch table called with model-chosen arguments' });
      }
    }
    const result = this.callResult(n, callee, key, args, argNodes, kwargs, kwNodes, receiver, target);
    // (a function another module may define: a name the file imports, `get_paths().resolve(p)`, not a builtin or a class of the file)
    if (n === this.returningCall && !target && !callee.startsWith('?') && callee.includes('.')) this.returnedCall = { callee, args, kwargs, receiver };
    const obj = fnNode?.type === 'attribute' ? fieldOf(fnNode, 'object') : undefined;
    if (key !== undefined && obj?.type === 'identifier' && receiver?.kind === 'list') this.growList(this.text(obj), key, args);
    // a path handed to a call is its text there (`_supports(home / "bin" / "tool")`, `open(config_dir /
    // f"frontend_config_{user_id}.json")`), as a receiver is; so is a path in a list (`subprocess.run([sdk /
    // "platform-tools" / "adb", "devices"])`)
    const passed = args.some((a) => a.kind === 'list' || this.pathTexts.has(a)) ? args.map((a) => this.pathTexts.get(a) ?? this.pathItems(a)) : args;
    const passedKw = Object.values(kwargs).some((v) => this.pathTexts.has(v)) ? Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, this.pathTexts.get(v) ?? v])) : kwargs;
    const fact: CallFact = { callee, method: lastSegment(callee), args: passed, kwargs: passedKw, range: this.range(n), calleeRange: fnNode ? this.range(fnNode) : this.range(n) };
    if (receiver) fact.receiver = this.pathTexts.get(receiver) ?? receiver;
    if (target) fact.target = target;
    if (this.scope.fnId) fact.enclosingFunction = this.scope.fnId;
    // (a demonstration makes its arguments up: `print(run_shell("ls -la"))`; a script's entry point handing on its command
    // line, `launch(parser.parse_args())`, is the program itself)
    if (this.inDemo && args.every(isConstant) && Object.values(kwargs).every(isConstant)) fact.exercise = true;
    if (this.unreachable) fact.unreachable = true;
    this.calls.push({ start: n.start, fact });
    const forwards = target ? this.pendings.get(target)?.forwards : undefined;
    const handed = this.handedOff(fact, args, argNodes, kwargs, n.start, forwards);
    this.validatedArguments(callee, argNodes, n === this.bareCall);
    // `await asyncio.to_thread(resolve, thread_id, path)`: what the function handed over returns (a `submit` gives a future;
    // a forwarding wrapper of the file, what the wrapper itself returns)
    if (handed && forwards === undefined && fact.method !== 'submit') {
      return this.callResult(n, handed.callee, lastSegment(handed.callee), handed.args, handed.argNodes, handed.kwargs, undefined, undefined, handed.target);
    }
    return result;
  }

  /**
   * `asyncio.to_thread(save, name, content)`, `loop.run_in_executor(None, save, name)`, `run_in_threadpool(save,
   * name=name)`, `executor.submit(save, name)`, and a call of a function of the file that forwards one of its parameters so
   * (`_offload(save, name=name)`, `forwards`): the function handed over is called with the rest of the arguments, a call
   * of it as a direct one is (its parameters are followed to their sinks through it).
   */
  private handedOff(
    fact: CallFact,
    args: readonly Value[],
    argNodes: readonly (Node | undefined)[],
    kwargs: Readonly<Record<string, Value>>,
    start: number,
    forwards?: number,
  ): { callee: string; target: string | undefined; args: Value[]; argNodes: (Node | undefined)[]; kwargs: Record<string, Value> } | undefined {
    // (the last name first: most calls are no handoff, and it says so without the pattern)
    const at = forwards ?? handoffArgument(fact.method);
    const offset = forwards ?? (at >= 0 && HANDOFF_AT.test(fact.callee) ? at : -1);
    const fn = offset >= 0 ? args[offset] : undefined;
    if (!fn) return undefined;
    const { callee, target } = this.calleeOfValue(fn);
    if (callee === '?') return undefined;
    const rest = args.slice(offset + 1);
    const named = { ...kwargs };
    if (target) this.placeKeywords(target, rest, named, false);
    // (named in findings as the code names the function it hands over: `subprocess.run` of `asyncio.to_thread(subprocess.run, ...)`)
    const fnNode = argNodes[offset];
    const call: CallFact = { ...fact, callee, method: lastSegment(callee), args: rest, kwargs: named, ...(fnNode ? { calleeRange: this.range(fnNode) } : {}) };
    delete call.receiver;
    if (target) call.target = target;
    this.calls.push({ start, fact: call });
    return { callee, target, args: rest, argNodes: argNodes.slice(offset + 1), kwargs: named };
  }

  /**
   * `validate_path(p)`, `ensure_safe_support_path(name, path)`, `validate_table_name(t)`, also handed to a thread or an
   * executor (`to_thread(fn, ...)`, Starlette's `run_in_threadpool(fn, ...)`, `handoffArgument`):
   * a validator named for a path or an identifier check raises on what it refuses (as its name says), so past the call
   * the names it was handed are what it let through, whatever is done with its result.
   */
  private validatedArguments(callee: string, argNodes: readonly (Node | undefined)[], bare: boolean): void {
    let name = lastSegment(callee);
    let nodes = argNodes;
    const offset = handoffArgument(name);
    if (offset >= 0) {
      const fn = argNodes[offset];
      name = fn && (fn.type === 'attribute' || fn.type === 'identifier') ? lastSegment(this.text(fn)) : '';
      nodes = argNodes.slice(offset + 1);
    }
    const kind = VALIDATOR.test(name) ? sanitizerByName(name) : undefined;
    // an identifier, revision, command or destination validator counts when it is called for its check alone (`validate_table_name(t)`,
    // `self._validate_git_ref(ref)`, `validate_command(cmd)`, `_validate_fetch_url(url)`); where its result is kept
    // (`table = _validate_identifier(name)`), the result is what the code goes on with
    if (kind !== 'path-contained' && !((kind === 'sql-identifier' || kind === 'shell-quoted' || kind === 'program-allowlisted' || kind === 'url-allowlisted') && bare)) return;
    const names = nodes.flatMap((a) => (a?.type === 'identifier' ? [this.text(a)] : a?.type === 'attribute' ? this.checkedAttribute(a) : []));
    if (names.length) this.applyGuard({ names, kind, whenTrue: true });
  }

  /**
   * A class itself, not an instance: one of this module's (`classOf`), or a capitalized name imported from another module
   * (`Credential`, `pkg.models.Credential`), not a call's result.
   */
  private isClassReference(v: Value): boolean {
    if (this.classOf.has(v)) return true;
    return v.kind === 'unknown' && !!v.ref && !v.ref.includes('(') && !v.taint?.length && /^[A-Z]\w*$/.test(lastSegment(v.ref)) && !TYPING_MODULE.test(v.ref);
  }

  /**
   * An attribute a check holds for, tested by a guard (`module.name not in ALLOWED`) or handed to a validator
   * (`_validate_clone_path(request.clone_path)`): remembered as its own name while its object is the same value, for the
   * check to hold where it is read again.
   */
  private checkedAttribute(n: Node): string[] {
    const entry = this.attributeEntry(n);
    if (!entry) return [];
    this.put(this.here, entry.name, this.expr(n));
    this.entryBases.set(entry.name, entry.base);
    return [entry.name];
  }

  private placeKeywords(target: string, args: Value[], kwargs: Record<string, Value>, bound: boolean): void {
    const p = this.pendings.get(target);
    if (!p) return;
    let params = p.fact.params;
    if (p.isMethod && (params[0] === 'self' || params[0] === 'cls') && (bound || lastSegment(p.fact.name) === '__init__')) params = params.slice(1);
    params.forEach((name, i) => {
      if (kwargs[name] !== undefined && args[i] === undefined) {
        // (a parameter before it the call omits passes its default, when that is a constant)
        while (args.length < i) args.push(p.defaults?.get(params[args.length]!) ?? OPAQUE);
        args[i] = kwargs[name]!;
      }
    });
  }

  private markToolArgument(node: Node | undefined, v: Value | undefined, tool: Tool): void {
    // a list of tools (`tools=[run_sql, search]`): each function in it
    if (v?.kind === 'list') {
      const items = node?.type === 'list' ? node.children.filter((c) => c.named && c.type !== 'comment') : [];
      v.items.forEach((item, i) => this.markToolArgument(items.length === v.items.length ? items[i] : undefined, item, tool));
      return;
    }
    if (v && v.kind === 'unknown' && v.functionId) {
      const p = this.pendings.get(v.functionId);
      if (p) this.markTool(p, tool);
      return;
    }
    if (node?.type === 'identifier' && !this.lookup(this.text(node))) this.toolNames.set(this.text(node), tool);
    else if (v?.kind === 'unknown' && v.ref && !v.ref.includes('(')) this.toolRefs.push({ ref: v.ref, tool });
  }

  /** Functions of this module that other modules register as tools, by name. */
  presetTools(tools: ReadonlyMap<string, Tool & { methods?: string[]; fields?: true }>): void {
    for (const [name, tool] of tools) {
      // `depends ProjectConfigDep`: an imported dependency alias; `class HttpGet`: a module-level class whose base, in
      // another module, is a tool class (project.ts `moduleMarks`)
      if (name.startsWith(DEPENDS_MARK)) (this.dependencyAliases ??= new Set()).add(name.slice(DEPENDS_MARK.length));
      else if (name.startsWith(ENUM_MARK)) this.enumClasses.add(name.slice(ENUM_MARK.length));
      else if (name.startsWith(CLASS_MARK)) {
        if (tool.methods) this.toolClassMarks.set(name.slice(CLASS_MARK.length), { framework: tool.framework, via: tool.via, methods: tool.methods, ...(tool.input ? { input: tool.input } : {}), ...(tool.fields ? { fields: tool.fields } : {}) });
      } else this.toolNames.set(name, tool);
    }
  }

  /** tool classes by the name of a module-level class of this file, learned from the modules its bases come from */
  private readonly toolClassMarks = new Map<string, NonNullable<ClassCtx['tool']>>();
  /** the module-level classes, with their bases (as qualified names) and what makes them a tool class */
  readonly classes: NonNullable<FileFacts['classes']> = [];

  /** what the functions of other modules this file calls return (returns.ts), by callee */
  importedReturns: ImportedReturns | undefined;

  /**
   * The pattern `n` was compiled from: a name bound to `re.compile(...)` here or imported so (`bound`, what it names), or
   * a module's compiled constant read through the module (`reports.FILENAME_PATTERN`).
   */
  private compiledPatternOf(n: Node, bound: Value | undefined): string | undefined {
    if (n.type === 'identifier') return this.compiledPatterns.get(bound ?? OPAQUE);
    const obj = n.type === 'attribute' ? fieldOf(n, 'object') : undefined;
    const attr = n.type === 'attribute' ? fieldOf(n, 'attribute') : undefined;
    const mod = obj?.type === 'identifier' ? this.lookup(this.text(obj)) : undefined;
    if (!attr || mod?.kind !== 'unknown' || !mod.ref || mod.ref.includes('(')) return undefined;
    return this.importedReturns?.[`${mod.ref}.${this.text(attr)}`]?.pattern;
  }

  /** Another module's constant `ref` names, when the project pass handed its summary; a compiled expression keeps its pattern. */
  private importedConstant(ref: string): Value | undefined {
    const v = importedConstant(this.importedReturns, ref);
    const pattern = v && this.importedReturns?.[ref]?.pattern;
    if (pattern !== undefined) this.compiledPatterns.set(v!, pattern);
    return v;
  }

  /** What the module's functions return, for the other modules that call them (returns.ts). */

  returnSummaries(file: string): Record<string, ReturnSummary> | undefined {
    let out: Record<string, ReturnSummary> | undefined;
    // module-level names bound to constants (`GIT_CMD = ["git", ...]`), for the modules that import them
    for (const [name, v] of this.moduleScope.vars) {
      if (this.rebound.has(name)) continue;
      const s = constantSummary(v, this.compiledPatterns.get(v));
      if (s) (out ??= {})[name] = s;
    }
    for (const p of this.pendings.values()) {
      if (!p.done || !p.returns || p.lambda) continue;
      // module-level functions, and methods of a module-level class called on an instance (`Client(host).post(...)`,
      // `self.client.post(...)`: `Client.post`, its parameters after `self`), class methods too (`cls.build_command(...)`
      // in a subclass another module defines, its parameters after `cls`); nested functions are not called from another module
      const method = p.isMethod && (p.fact.params[0] === 'self' || p.fact.params[0] === 'cls') && /^[A-Za-z_]\w*\.(?!__)\w+$/.test(p.fact.name);
      if (!method && (p.isMethod || p.fact.name.includes('.'))) continue;
      const fact = method ? { ...p.fact, params: p.fact.params.slice(1) } : p.fact;
      const call = p.returnsCall;
      // (a function that returns what another module's function gives: that function's summary, once the project pass has it)
      const s = returnSummary(fact, p.returns, file, undefined, method) ?? (call ? forwardSummary(fact, file, call.callee, call.args, call.kwargs, call.receiver) : undefined);
      if (s) (out ??= {})[p.fact.name] = s;
    }
    // a module-level function annotated to return an instance of a class of the module (`def get_paths() -> Paths`): its
    // result's methods are the class's, for the modules that call them (`get_paths().resolve_virtual_path(...)`)
    if (out) {
      for (const p of this.pendings.values()) {
        if (p.isMethod || p.lambda || p.fact.name.includes('.')) continue;
        const cls = this.annotatedClass(p);
        if (!cls) continue;
        for (const [name, s] of Object.entries(out)) if (name.startsWith(`${cls.name}.`)) out[`${p.fact.name}${name.slice(cls.name.length)}`] ??= s;
      }
    }
    return out;
  }

  /** The class of this module a function's return annotation names (`-> Paths`, `-> Optional["Paths"]`), if any. */
  private annotatedClass(p: Pending): ClassCtx | undefined {
    // (asked at every call of a function of the file whose result is opaque: the annotation is read once)
    if (p.returnType === undefined) {
      const type = fieldOf(p.node, 'return_type');
      p.returnType = (type && annotatedName(optionalInner(this.text(type).replace(/\s+/g, '')))) ?? null;
    }
    const v = p.returnType === null ? undefined : this.moduleScope.vars.get(p.returnType);
    return v && this.classOf.get(v);
  }

  private callResult(
    n: Node,
    callee: string,
    method: string | undefined,
    args: Value[],
    argNodes: (Node | undefined)[],
    kwargs: Record<string, Value>,
    kwNodes: ReadonlyMap<string, Node> | undefined,
    receiver: Value | undefined,
    target: string | undefined,
  ): Value {
    const first = args[0];
    const everything = (): TaintOrigin[] | undefined => taintOfAll([...args, ...Object.values(kwargs), receiver]);
    if (target) {
      // the project's own identifier quoting (`self._quote_identifier(table)`) is judged by its name, as a library's is
      if (sanitizerByName(lastSegment(callee)) === 'sql-identifier') return withSanitizer(first ?? OPAQUE, 'sql-identifier');
      const p = this.pendings.get(target);
      const record = this.recordInits.get(target);
      // a record built from unpacked data (`Fetch(**arguments)`) holds that data: no field can be told from another
      if (record && everything()?.length && fieldOf(n, 'arguments')?.children.some((c) => c.type === 'list_splat' || c.type === 'dictionary_splat')) return unk(everything(), `${record.name}()`);
      // this object's fields are what this call passes (its methods see every call's, through the constructor's parameters)
      if (record && !receiver) return this.recordMade(record, args, kwargs);
      const cls = p && lastSegment(p.fact.name) === '__init__' ? p.cls : undefined;
      if (cls && !receiver) return cls.instance;
      // what the function returns, with this call's arguments in place of its parameters
      if (p && !p.walked && this.draining) this.walkFunction(p);
      if (p?.done && p.returns) {
        const given = this.withDefaults(p, args, kwargs);
        const returned = instantiate(p.returns, target, given);
        // (a singleton's accessor, `def get_paths() -> Paths` returning a global the module rebinds: the methods called on
        // its result are the class's; what its fields hold is not known)
        if (returned.kind === 'unknown' && returned !== p.returns && !returned.ref && !returned.taint?.length && !returned.alternatives && !this.instanceOf.has(returned)) {
          const cls = this.annotatedClass(p);
          if (cls) this.methodsOf.set(returned, cls);
        }
        // a path the function returns keeps its text (`return get_nvm_dir() / "nvm.sh"`)
        const text = this.pathTexts.get(p.returns);
        return text && returned.kind === 'unknown' && returned.ref ? this.pathValue(instantiate(text, target, given), returned.ref) : returned;
      }
      if (p?.walked && !p.done) return recursiveResult([...args, ...Object.values(kwargs), receiver], target);
      return unk(everything());
    }
    // a function of another module of the project: what it returns, as for a function of this file
    const imported = this.importedReturns?.[callee];
    if (imported) return importedResult(imported, args, kwargs, receiver);
    const fnNode = fieldOf(n, 'function');
    if (fnNode) {
      const fv = fnNode.type === 'identifier' ? this.lookup(this.text(fnNode)) : undefined;
      const cls = fv && this.classOf.get(fv);
      // a model built from unpacked untrusted data (`Fetch(**arguments)`) holds that data
      if (cls) return kwargs['**'] ? unk(everything(), `${callee}()`) : cls.instance;
    }
    // `Path.home() / ".local" / "bin" / name`: a directory not known here, under which the path's text is kept
    if (callee.startsWith('pathlib.') && PATH_PLACE.test(callee)) return this.pathValue(unk(undefined, `${callee}()`), 'pathlib.Path()');
    if (callee.startsWith('pathlib.') && PATH_CLASS.test(callee)) return this.pathValue(args.length ? joinValues(args.map((a) => this.pathText(a)), '/') : constant('.'), `${callee}()`);
    // `p.with_suffix(".thumb.jpg")` of a path checked to lie under a root: the same folder (pathlib refuses a
    // suffix or name with a separator in it)
    if (receiver && method !== undefined && SAME_FOLDER.has(method) && sanitizersOf(receiver).includes('path-contained')) return withSanitizer(unk(taintOfAll([receiver, ...args]), `${callee}()`), 'path-contained');
    const base = receiver && this.pathTexts.get(receiver);
    if (base && method !== undefined && PATH_SAME.has(method)) return this.pathValue(method === 'joinpath' ? joinValues([base, ...args.map((a) => this.pathText(a))], '/') : base, `${callee}()`);
    // identifier quoting on a receiver that cannot be resolved (`self.connection.ops.quote_name(table)`)
    if (callee.startsWith('?') && method !== undefined && sanitizerByName(method) === 'sql-identifier') return withSanitizer(first ?? OPAQUE, 'sql-identifier');
    if (!callee.startsWith('?')) {
      const tf = this.model.toolFactory(callee);
      if (tf) {
        const tool: Tool = { framework: tf.framework, via: callee, ...(tf.input ? { input: tf.input } : {}) };
        for (const w of tf.where) {
          if (typeof w === 'number') {
            const i = w < 0 ? args.length + w : w;
            this.markToolArgument(argNodes[i], args[i], tool);
          } else this.markToolArgument(kwNodes?.get(w.key), kwargs[w.key], tool);
        }
      }
      // `await asyncio.gather(a(), b())`, `gather(*(save(f) for f in files))`: what each awaitable gives, in order
      if (callee === 'asyncio.gather' && args.length) return { kind: 'list', items: args };
      if (isDigest(callee)) return numeric(everything());
      if (isEmbedding(callee)) return numeric(taintOfAll(args));
      const kind = this.model.sanitizer(callee) ?? sanitizerByName(lastSegment(callee));
      if (kind) return withSanitizer(first ?? OPAQUE, kind);
      const src = this.model.callTaint(callee);
      // outside content keeps the taint of what chose it (`requests.get(url_from_tool).text`)
      if (src) return unknown([{ kind: src, name: callee, line: this.line(n) }, ...(src === 'content' ? carriedByContent(taintOfAll(contentChosenBy(callee, args, kwargs, receiver))) : [])], { ref: `${callee}()` });
      const folded = this.builtinResult(callee, args);
      if (folded) return folded;
      const temp = temporaryPath(callee, args, kwargs);
      if (temp) return temp;
      // a request object (`urllib.request.Request(URL, data=body)`) goes where its URL argument says: sending it is
      // sending to that URL (what the body holds does not choose the destination)
      const urlAt = REQUEST_OBJECT_URL[callee];
      if (urlAt !== undefined) {
        const url = args[urlAt] ?? kwargs['url'];
        if (url) return url;
      }
    }
    if (method !== undefined && receiver) {
      const m = this.methodResult(method, receiver, args, kwargs);
      if (m) return m;
    }
    // a method of data read from a source member (`request.get_json().get("delimiter")`): that data, as an entry of it is
    // (`entryOfOpaque`, `request.get_json()["delimiter"]`)
    const data = method !== undefined && receiver?.kind === 'unknown' && receiver.ref?.endsWith(')') && !receiver.taint?.length ? receiver.ref : undefined;
    const read = data !== undefined ? this.model.memberTaint(`${data}.*`) : undefined;
    if (read) return unknown([{ kind: read, name: data!, line: this.line(n) }], { ref: `${callee}()` });
    // `r.get(f"session_{user_id}")` on a Redis client: what the program stored under the key, not the key
    if (readsStore(callee, method, receiver?.kind === 'unknown' ? receiver.ref : undefined)) return unk(taintOfAll(receiver ? [receiver] : []), `${callee}()`);
    // one row of a database query (`(await session.execute(select(M).where(M.token == token))).scalars().first()`,
    // `cursor.fetchone()`): what the database holds, which an untrusted value in the query only picked; the parameters
    // that chose it stay, marked so
    if (method !== undefined && (ONE_ROW.has(method) || FETCHED_ROWS.has(method)) && receiver?.kind === 'unknown' && receiver.taint?.length && !args.length) return unk(pickedBy(receiver.taint), `${callee}()`);
    // a model class's lookup by key (`await Credential.get(credential_id)`, `User.get_or_none(id=uid)`, `Doc.find_one(...)`):
    // the record the program stored, which an untrusted key only picks, as a function named for finding one is
    if (method !== undefined && CLASS_LOOKUP.has(method) && receiver && (args.length || Object.keys(kwargs).length) && this.isClassReference(receiver)) {
      return unk(pickedBy(taintOfAll([...args, ...Object.values(kwargs)]) ?? []), `${callee}()`);
    }
    // a function named for looking an entry up by its key (`project_from_id(project_id)`, `Document.from_id_and_parent_path(id,
    // folder)`, `get_task_by_id(task_id)`), of another module or a library: the entry the program stored, which an untrusted
    // key only picks (as a mapping's `get` below); the parameters that chose the key stay, marked so, and so do the origins
    // of the object looked in
    if (KEY_LOOKUP_CALL.test(lastSegment(callee)) && args.length) {
      const picked = unk(pickedBy(taintOfAll([...args, ...Object.values(kwargs)]) ?? []));
      return unk(taintOfAll(receiver ? [receiver, picked] : [picked]), callee.startsWith('?') ? undefined : `${callee}()`);
    }
    // `artifacts.get(path)`, `self._sessions.get(session_id)`: a mapping of the program's (a variable or the object's own
    // field, not a module's function such as `requests.get`) gives what it holds under the key, which an untrusted key
    // only picks: its untrusted origins are dropped; the mapping's own origins stay (`request.args.get(k)`), and so do a
    // default's (`d.get(k, k)` may be the key) and a key's parameters, which say who chose the entry (a configured name
    // picks a configured entry) and are judged through their callers
    // (`pop` takes the entry out as it gives it; a mapping read from another, `session.get("oauth", {}).pop(state)`, is one
    // too, and so is an entry of a loaded document, `app_config['supported_files'].get(content_type, '')`)
    const lookup = method === 'get' || method === 'pop';
    const mapping = lookup && receiver && (callee === `?.${method}` || SELF_FIELD_GET.test(callee) || (receiver.kind === 'unknown' && !!receiver.ref && /(?:\.get\(\)|\[\])$/.test(receiver.ref)));
    if (mapping && (args.length === 1 || args.length === 2) && !Object.keys(kwargs).length) {
      const picked = pickedBy(taintOf(first!));
      return unk(taintOfAll([receiver, ...args.slice(1), unk(picked)]), callee.startsWith('?') ? undefined : `${callee}()`);
    }
    return unk(everything(), callee.startsWith('?') ? undefined : `${callee}()`);
  }

  /** Builtins and standard-library calls whose result is known from their arguments. */
  private builtinResult(callee: string, args: Value[]): Value | undefined {
    const first = args[0];
    switch (callee) {
      case 'str':
        // `str(Path(d) / "x")`: the path's text
        if (first && this.pathTexts.has(first)) return this.pathTexts.get(first);
        // `str(URL(base + query))` (yarl): the URL object, whose text the checks read from the call that made it
        if (first?.kind === 'unknown' && first.ref === 'yarl.URL()') return first;
        return first ? (isStringish(first) ? first : first.kind === 'const' && first.value !== null ? constant(String(first.value)) : unk(taintOf(first))) : constant('');
      case 'os.path.join':
      case 'posixpath.join':
        if (args.length && args.every((a) => a.kind === 'const' && typeof a.value === 'string')) {
          let out = '';
          for (const a of args) {
            const s = String((a as { value: string }).value);
            out = s.startsWith('/') ? s : out === '' || out.endsWith('/') ? out + s : `${out}/${s}`;
          }
          return constant(out);
        }
        return joinedFileName(args) ?? joinedSegment(args);
      // the built-in hash of a value: a number, whatever text was hashed (`f"temp_{hash(path) % 10000}.png"`)
      case 'hash':
        return numeric(taintOf(first));
      case 're.sub':
        return keptCharacters(args);
      case 're.search':
      case 're.match':
      case 're.fullmatch': {
        // the match is remembered with its pattern, for what its groups can hold (`m.group(1)`)
        const pattern = constString(first);
        return pattern === undefined ? undefined : this.matchOf(pattern, args[1], `${callee}()`);
      }
      // `~/.local/bin/tool` expanded: that path under a home directory not known here (as `Path.home() / ...`)
      case 'os.path.expanduser': {
        const text = constString(first);
        return text !== undefined && /^~\/./.test(text) ? fromParts([{ hole: unk(undefined, 'os.path.expanduser()') }, text.slice(1)]) : undefined;
      }
      // the larger or smaller of numbers is a number (`max(1, (limit + 1023) // 1024)`)
      case 'max':
      case 'min':
        return args.length >= 2 && args.every(isNumber) ? numeric(taintOfAll(args)) : undefined;
      case 'os.getenv':
      case 'os.environ.get':
        return unk(undefined, 'os.environ[]');
      case 'getattr': {
        // `getattr(os, "system")` is `os.system`
        const name = constString(args[1]);
        if (first?.kind === 'unknown' && first.ref && name && /^\w+$/.test(name)) return unk(undefined, `${first.ref}.${name}`);
        return unk(taintOfAll(args));
      }
      case '__import__':
      case 'importlib.import_module': {
        // `__import__("os")` is the module `os`
        const name = constString(first);
        return name && /^\w+(\.\w+)*$/.test(name) ? unk(undefined, name) : undefined;
      }
      case 'shlex.join':
      case 'mslex.join':
        return first ? joinedForShell(first) : undefined;
      case 'shlex.split':
        return first && args.length === 1 ? shellWords(first) : undefined;
      case 'shutil.which':
        return programLookup(callee, first);
      case 're.compile': {
        // the pattern is remembered for the checks a program makes with it (`SAFE_NAME.match(name)`)
        const pattern = constString(first);
        if (pattern === undefined) return undefined;
        const v = unk(undefined, 're.compile()');
        this.compiledPatterns.set(v, pattern);
        return v;
      }
      case 'uuid.uuid1':
      case 'uuid.uuid4':
      case 'secrets.token_hex':
      case 'secrets.token_urlsafe': {
        // random identifiers: nothing an attacker chooses, safe as a name or path segment
        return safeToken(`${callee}()`);
      }
      default:
        return undefined;
    }
  }

  /** A match of `pattern` in `subject`: the subject's taint, the pattern kept for its groups. */
  private matchOf(pattern: string, subject: Value | undefined, ref?: string): Value {
    const v = unk(subject && taintOf(subject), ref);
    this.matchPatterns.set(v, pattern);
    return v;
  }

  private methodResult(method: string, receiver: Value, args: Value[], kwargs: Record<string, Value>): Value | undefined {
    const first = args[0];
    // a compiled pattern's match (`NAME.search(code)`), and a match's group: text the group's sub-pattern admits
    // whole (`re.search(r'name="([a-zA-Z0-9_-]+)"', code).group(1)` is a plain file name, whatever the code)
    const compiled = this.compiledPatterns.get(receiver);
    if (compiled !== undefined && (method === 'search' || method === 'match' || method === 'fullmatch')) return this.matchOf(compiled, first);
    const matched = this.matchPatterns.get(receiver);
    if (matched !== undefined && method === 'group' && args.length === 1) {
      const which = first?.kind === 'const' && typeof first.value === 'number' ? first.value : constString(first);
      const body = which === undefined ? undefined : capturedPattern(matched, which);
      const kinds = body === undefined ? [] : patternSanitizers(body, 'fullmatch');
      return kinds.reduce<Value>((v, k) => withSanitizer(v, k), unk(taintOf(receiver)));
    }
    if (method === 'get' && first && first.kind !== 'const') {
      const picked = dispatchChoices(receiver, first);
      if (picked) return picked;
      // a table of the program's constants gives one of them, whatever the key
      const options = receiver.kind === 'dict' ? [...Object.values(receiver.entries), ...args.slice(1, 2)] : [];
      if (options.length && options.every((v) => v.kind === 'const')) return mergeAll(options);
    }
    if (method === 'join' && first && isStringish(receiver) && receiver.kind === 'const') {
      if (first.kind === 'list') return joinValues(itemsToJoin(first), String(receiver.value));
      // texts of one shape joined (`", ".join(f"{c} = :{c}" for c in fields)`): that shape stands for the whole, so
      // that what its holes are (names, bound parameters) is seen where the text goes
      const shape = this.shapeOfItems.get(first);
      if (shape) return shape;
      // a string is a sequence of its characters (`",".join("?" * n)`)
      if (first.kind === 'const' && typeof first.value === 'string') return constant([...first.value].join(String(receiver.value)));
      return unk(taintOf(first));
    }
    if (method === 'format' && isStringish(receiver)) return this.formatMethod(receiver, args, kwargs);
    // one part of a path with its leading dots stripped (`re.sub(r'[\\/]', "_", s).strip(".")`): never `.` or `..`, a name
    // in its folder
    if ((method === 'strip' || method === 'lstrip') && constString(first)?.includes('.') && isOneSegment(receiver)) return withSanitizer(receiver, 'path-basename');
    if (TEXT_PRESERVING.has(method) && isStringish(receiver)) return receiver;
    if (TEXT_PRESERVING.has(method) && receiver.kind === 'unknown' && !receiver.ref) return receiver;
    if (method === 'copy' && (receiver.kind === 'dict' || receiver.kind === 'list')) return receiver;
    // the keys or pairs of a dict filtered by its keys: keys of that kind, values of the dict's
    const keys = !args.length && (method === 'keys' || method === 'items') ? this.keysOf.get(receiver) : undefined;
    if (keys) return { kind: 'list', items: [method === 'keys' ? keys : { kind: 'list', items: [keys, unk(taintOf(receiver))] }] };
    // a dict's keys, values or pairs, when all of its entries are known (`{"id": ..., "name": ...}.keys()`)
    if (!args.length && receiver.kind === 'dict' && !receiver.taint?.length && (method === 'keys' || method === 'values' || method === 'items')) {
      const keys = Object.keys(receiver.entries);
      if (method === 'keys') return { kind: 'list', items: keys.map((k) => constant(k)) };
      if (method === 'values') return { kind: 'list', items: Object.values(receiver.entries) };
      const pairs: Value = { kind: 'list', items: keys.map((k) => ({ kind: 'list', items: [constant(k), receiver.entries[k]!] })) };
      this.itemsOf.set(pairs, receiver);
      return pairs;
    }
    // a digest's hex text (`hashlib.md5(data).hexdigest()`): hex digits whatever the data, safe as a name or path segment
    if (method === 'hexdigest' && !args.length) return safeToken('hexdigest()');
    if (method === 'split') return splitWords(receiver, args);
    // `name.replace('"', '""')`: the escape of a double-quoted SQL identifier (the SQL check looks at where it goes)
    if (method === 'replace' && constString(first) === '"' && constString(args[1]) === '""' && !isConstant(receiver)) return sqlEscaped(receiver, 'quote-doubled');
    // `text.replace("'", "''")`: the escape of a single-quoted SQL string literal (likewise), and `.replace("\\", "\\\\")`,
    // which with it makes the literal hold where a backslash escapes (MySQL's default mode)
    if (method === 'replace' && constString(first) === "'" && constString(args[1]) === "''" && !isConstant(receiver)) return sqlEscaped(receiver, 'apostrophe-doubled');
    // `str(v).replace("'", '"')`, `.replace("'", "")`: every `'` taken out (Python replaces them all, with no count), so
    // the text cannot close a single-quoted literal either (what it puts in holds neither `'` nor `\`)
    if (method === 'replace' && args.length === 2 && constString(first) === "'" && takesOutApostrophes(args[1]) && !isConstant(receiver)) return sqlEscaped(receiver, 'apostrophe-doubled');
    if (method === 'replace' && constString(first) === '\\' && constString(args[1]) === '\\\\' && !isConstant(receiver)) return sqlEscaped(receiver, 'backslash-doubled');
    // then `.replace('"', '\\"')`: a double-quoted AppleScript or JSON string's escape
    if (method === 'replace' && constString(first) === '"' && constString(args[1]) === '\\"') {
      const escaped = dquoteEscaped(receiver);
      if (escaped) return escaped;
    }
    // `name.replace("/", "_").replace("\\", "_")`: no separator left on any system, one path segment (which may still be
    // `..`); a further replacement that puts none back keeps it so (`/` alone replaced leaves Windows' `\\`)
    if (method === 'replace' && !isConstant(receiver) && constString(first) !== undefined && !/[/\\]/.test(constString(args[1]) ?? '/')) {
      if (isOneSegment(receiver)) return withSanitizer(unk(taintOf(receiver)), 'path-segment');
      const from = constString(first)!;
      const done = new Set(this.separatorsReplaced.get(receiver));
      if (from === '/' || from === '\\') done.add(from);
      if (done.size === 2) return withSanitizer(unk(taintOf(receiver)), 'path-segment');
      if (done.size) {
        const out = unk(taintOf(receiver));
        this.separatorsReplaced.set(out, done);
        return out;
      }
    }
    // (and one that may put a separator in, `.replace("_", "/")`, undoes whatever kept the text to one segment or name)
    if (method === 'replace' && !isConstant(receiver) && /[/\\]/.test(constString(args[1]) ?? '/')) {
      const climbs = (k: string) => k === 'path-segment' || k === 'path-basename';
      return unk((taintOfAll([receiver, ...args]) ?? []).map((o) => (o.sanitized?.some(climbs) ? { ...o, sanitized: o.sanitized!.filter((k) => !climbs(k)) } : o)));
    }
    return undefined;
  }
}

const numberConstant = (v: Value) => v.kind === 'const' && typeof v.value === 'number';

/** `__name__ == "__main__"`, either way round, either quotes. */
const MAIN_GUARD = /^\(?\s*(?:__name__\s*==\s*["']__main__["']|["']__main__["']\s*==\s*__name__)\s*\)?$/;

/**
 * Helpers named for not returning: they raise (`raise_http_error`, `abort`, `throw_not_found`); not those named for
 * raising on a condition, which return when it does not hold (`response.raise_for_status()`, `raise_if_error(r)`).
 */
const NO_RETURN = /^(?!_?(?:raise|throw|abort)_(?:\w+_)?(?:for|if|on|when|unless)(?:_|$))(?:raise_\w+|_raise_\w+|abort|abort_\w+|throw_\w+)$/;
/** Calls that end the process. */
const NO_RETURN_CALLS = new Set(['sys.exit', 'os._exit', 'exit', 'quit']);

/** Helpers that look an entry up by its key (`get_provider`, `find_bundle`, `lookup_plugin`), and the names of keys (`provider_id`, `bundle_name`, `slug`). */
const REGISTRY_LOOKUP = /^_?(?:get|find|lookup)_[a-z]\w*$/;
/**
 * Functions named for finding one entry by its key: `project_from_id`, `from_id_and_parent_path`, `get_by_id`,
 * `find_user_by_name`, `get_snapshot_by_token` (a verb that finds, not one that builds: `parse_tool_by_name(name, arguments)`
 * returns what it parsed).
 */
const KEY_LOOKUP_CALL = /^_?(?:(?:get|find|load|fetch|lookup|read|resolve|select|query)_(?:[a-z]\w*_)?by|(?:[a-z]\w*_)?from)_(?:id|ids|uuid|key|slug|name|identifier|token)(?:_[a-z]\w*)?$/;
/** What returns one row of a database query (SQLAlchemy's `first()`, `one_or_none()`, `scalar_one_or_none()`, ...). */
const ONE_ROW = new Set(['first', 'one', 'one_or_none', 'scalar', 'scalar_one', 'scalar_one_or_none']);
/** The standard library's typing and container names (`typing.Optional`, `collections.OrderedDict`): no class of the program. */
const TYPING_MODULE = /^(?:typing|typing_extensions|collections|builtins)\./;
/** Class methods of ORMs and document models that find one stored record by its key (Tortoise, peewee, Beanie, SurrealDB models). */
const CLASS_LOOKUP = new Set(['get', 'get_or_none', 'find_one']);
/** What returns the rows a DB-API cursor's query found (taken when called without arguments: `fetchone()`, `fetchall()`). */
const FETCHED_ROWS = new Set(['fetchone', 'fetchall', 'fetchmany']);
/** Decorators that make a function a command of a command-line interface: click's, and a Typer app's `command`. */
const COMMAND_LINE_DECORATOR = /^(?:click\.(?:command|group|option|argument)|typer\.Typer\(\)\.(?:command|callback))$/;
/** A variable named for a record's id (`workflow_id`, `id`): not a name column, which may hold what a user chose. */
const ROW_ID_NAME = /^(?:id|\w+_id)$/;
const KEY_NAME = /(?:^|_)(?:id|name|key|slug)$/;

/** Request objects, by the position of their URL argument (else `url=`). */
const REQUEST_OBJECT_URL: Readonly<Record<string, number>> = { 'urllib.request.Request': 0, 'requests.Request': 1, 'httpx.Request': 1 };

const STATEMENTS = new Set([
  'expression_statement',
  'import_statement',
  'import_from_statement',
  'future_import_statement',
  'function_definition',
  'class_definition',
  'decorated_definition',
  'if_statement',
  'for_statement',
  'while_statement',
  'try_statement',
  'with_statement',
  'return_statement',
  'raise_statement',
  'break_statement',
  'continue_statement',
  'global_statement',
  'nonlocal_statement',
  'assert_statement',
  'match_statement',
  'pass_statement',
  'delete_statement',
  'print_statement',
  'exec_statement',
  'type_alias_statement',
]);

function isStatement(type: string): boolean {
  return STATEMENTS.has(type);
}

// ---------------------------------------------------------------------------------------------
// entry point

const IMPORT_LINE = /^[ \t]*(?:from[ \t]+([.\w]+)[ \t]+import\b|import[ \t]+([\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*))/;

/**
 * Modules a file imports, for enabling framework models before the walk (a textual scan is
 * enough: a stray match only enables a model). Only lines holding `import` are tried: a
 * multi-line regular expression would try every line start of the file.
 */
function importedModules(source: string): string[] {
  const out = new Set<string>();
  for (let i = source.indexOf('import'); i >= 0; ) {
    const start = source.lastIndexOf('\n', i) + 1;
    let end = source.indexOf('\n', i);
    if (end < 0) end = source.length;
    const m = IMPORT_LINE.exec(source.slice(start, end));
    if (m?.[1]) out.add(m[1]);
    else if (m?.[2]) for (const part of m[2].split(',')) out.add(part.trim().split(/[ \t]+/)[0]!);
    i = source.indexOf('import', end);
  }
  return [...out];
}

export async function analyzePython(file: string, source: string, tools?: ReadonlyMap<string, Tool & { methods?: string[]; fields?: true }>, returns?: ImportedReturns): Promise<FileFacts> {
  const { root, errors } = await parsePythonSource(source);
  const lines = new LineTable(source);
  const model = buildSourceModel('python', importedModules(source));
  let lowering = new Lowering(source, lines, model, new Map());
  if (tools) lowering.presetTools(tools);
  lowering.importedReturns = returns;
  lowering.run(root);
  if (lowering.needRerun) {
    const seeds = new Map(lowering.lateTools);
    lowering = new Lowering(source, lines, model, seeds);
    if (tools) lowering.presetTools(tools);
    lowering.importedReturns = returns;
    lowering.run(root);
  }
  const toolRefs = lowering.toolRefs.length ? { toolRefs: lowering.toolRefs } : {};
  const classes = lowering.classes.length ? { classes: lowering.classes } : {};
  // (the module's own aliases: the marks given for imported names are not the module's to hand on)
  const own = [...(lowering.ownDependencyAliases ?? [])];
  const dependencies = own.length ? { dependencyAliases: own } : {};
  const annotations = lowering.annotationRefs.size ? { annotations: [...lowering.annotationRefs] } : {};
  const exposedTypes = lowering.exposedTypes.size ? { exposedTypes: [...lowering.exposedTypes] } : {};
  // summaries come from a lowering given none (returns.ts: one hop)
  const summaries = returns ? undefined : lowering.returnSummaries(file);
  return {
    ...toolRefs,
    ...classes,
    ...dependencies,
    ...annotations,
    ...exposedTypes,
    ...(summaries && { returns: summaries }),
    file,
    language: 'python',
    imports: lowering.imports,
    calls: inSourceOrder(lowering.calls),
    functions: inSourceOrder(lowering.functions),
    strings: inSourceOrder(lowering.strings),
    problems: syntaxProblems(errors, source, lines),
  };
}

/** The request a web route received, by its usual name (`request`, `req`), and nothing else mixed in. */
function authenticatedRequest(v: Value, name: string): boolean {
  return (name === 'request' || name === 'req') && v.kind === 'unknown' && !!v.taint?.length && v.taint.every((t) => t.kind === 'request-input' && t.name === name);
}

/** A parameter annotation of a number or a flag (past `Optional[...]`, `optionalInner`): `int`, `float`, `bool`. */
const NUMBER_TYPE = /^(?:int|float|bool)$/;
/** `Annotated[T, …]` (`typing.`, `typing_extensions.`): the type `T` and the metadata after it. */
const ANNOTATED_TYPE = /^(?:typing(?:_extensions)?\.)?Annotated\[((?:[^,[\]]|\[[^\]]*\])+),(.*)\]$/;
/** Metadata of FastAPI's dependency injection: `Depends(get_db)`, `fastapi.Security(auth)`. */
const DEPENDENCY_MARK = /(?:^|[,.(\[])(?:Depends|Security)\(/;

/** `Annotated[T, …]` (its text without spaces): `T`, and whether the metadata makes the server fill the parameter (`Depends(f)`). */
function annotatedType(text: string): { type: string; injected: boolean } | undefined {
  const m = ANNOTATED_TYPE.exec(text);
  return m ? { type: m[1]!, injected: DEPENDENCY_MARK.test(m[2]!) } : undefined;
}
/** What a value that is one of the program's own (a member of an `Enum`, of a `Literal`) is safe as. */
const FIXED_VALUE: readonly SanitizerKind[] = [...ALLOWLISTED, 'path-basename'];
/** `Literal["a", "b"]` (`typing.`, `typing_extensions.`) of string, number, boolean and `None` literals only (its text without spaces). */
const LITERAL_TYPE = /^(?:typing(?:_extensions)?\.)?Literal\[(?:'[^'\\]*'|"[^"\\]*"|-?\d+|True|False|None)(?:,(?:'[^'\\]*'|"[^"\\]*"|-?\d+|True|False|None))*\]$/;
/** The type `T` of `Optional[T]`, `Union[T, None]`, `T | None` or `None | T` (text without spaces), or the text itself. */
/** The name an annotation gives when it is one plain name, quoted as a forward reference or not (`Paths`, `"Paths"`). */
function annotatedName(text: string): string | undefined {
  const name = text.replace(/^(["'])(.*)\1$/, '$2');
  return /^[A-Za-z_]\w*$/.test(name) ? name : undefined;
}

/** A parameter as `paramList` reads it: its name and node, and what its annotation or default says of it. */
type ParamInfo = { name: string; node: Node; injected?: boolean; number?: boolean; uuid?: boolean; fixed?: boolean; type?: string };

function optionalInner(text: string): string {
  const m = /^(?:typing\.)?(?:Optional\[(.+)\]|Union\[(.+),None\]|Union\[None,(.+)\])$/.exec(text) ?? /^(?:(.+)\|None|None\|(.+))$/.exec(text);
  return m ? (m.slice(1).find((x) => x !== undefined) ?? text) : text;
}
/** A parameter annotation of a UUID (past `Optional[...]`, `optionalInner`): `UUID`, `uuid.UUID`. */
const UUID_TYPE = /^(?:uuid\.)?UUID$/;

/**
 * `tempfile.mkstemp(suffix=s, prefix=p, dir=d)` (`mkdtemp`, `mktemp`): a new name `{d}/{p}XXXXXXXX{s}` (in the system's
 * temporary directory without `dir`), whose middle is random letters and digits; `mkstemp` returns it after the file's
 * descriptor. The caller chose only the directory, prefix and suffix.
 */
function temporaryPath(callee: string, args: Value[], kwargs: Record<string, Value>): Value | undefined {
  const kind = /^tempfile\.(mkstemp|mkdtemp|mktemp)$/.exec(callee)?.[1];
  // (arguments unpacked from a dict, `mkstemp(**kwargs)`: not told apart here)
  if (!kind || kwargs['**']) return undefined;
  const at = (name: string, i: number): Value | undefined => {
    const v = kwargs[name] ?? args[i];
    return v?.kind === 'const' && v.value === null ? undefined : v;
  };
  const dir = at('dir', 2) ?? unk(undefined, 'tempfile.gettempdir()');
  // (only in a directory not written out: `/tmp/tmpXXXXXXXX` as text would read as a fixed name in a known place, which
  // the random part is not)
  if (dir.kind === 'const' || (dir.kind === 'template' && typeof dir.parts[0] === 'string')) return undefined;
  const path = cat(dir, constant('/'), at('prefix', 1) ?? constant('tmp'), constant('XXXXXXXX'), at('suffix', 0) ?? constant(''));
  return kind === 'mkstemp' ? { kind: 'list', items: [numeric(undefined), path] } : path;
}

/** A domain suffix a host is checked to end with: a dot, then labels (`.kusto.windows.net`). */
const DOMAIN_SUFFIX = /^\.(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i;

/** `self.<field>.get`, `.pop`: a lookup in a mapping the object holds. */
/** Every item of a table of the program's whose entries are all lists of constant texts (`{"select": ["filter", "outputs"]}`), as one list. */
function listsOfConstantTexts(table: Value): ListValue | undefined {
  if (table.kind !== 'dict' || table.taint?.length) return undefined;
  const entries = Object.values(table.entries);
  if (!entries.length || !entries.every((e) => e.kind === 'list' && !e.taint?.length && e.items.every((i) => constantTexts(i) !== undefined))) return undefined;
  const items = entries.flatMap((e) => (e as ListValue).items);
  return items.length ? { kind: 'list', items } : undefined;
}

const SELF_FIELD_GET = /^self(?:\.\w+)+\.(?:get|pop)$/;

/** A helper whose name says it checks and refuses (`validate_*`, `ensure_*`, `check_*`, `assert_*`, `verify_*`), not one that returns a cleaned copy. */
const VALIDATOR = /^_*(?:validate|ensure|check|assert|verify)/i;
