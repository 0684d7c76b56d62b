/**
 * The language-neutral fact model. Every front end (Python, JS/TS, shell, SQL,
 * MCP config) lowers its syntax tree to these facts; rules and checks only ever
 * see facts, never a language's AST.
 */
import type { ReturnSummary } from './returns.js';

export type Language =
  | 'python'
  | 'javascript'
  | 'typescript'
  | 'shell'
  | 'sql'
  // configuration files: their keys and values become `strings` and a `config` tree
  | 'json'
  | 'yaml'
  | 'toml'
  | 'dotenv'
  | 'ini'
  | 'dockerfile';

/** A 1-based source range. Columns count UTF-16 code units (SARIF's default column kind). */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * Where untrusted data came from.
 * - `tool-param`: a parameter of a function exposed to a model as a tool
 * - `llm-output`: the return value of a model call
 * - `request-input`: data from an inbound web request (req.body, request.args)
 * - `content`: text from outside the program that a model will read: fetched pages, retrieved
 *   documents, mail. Only checks that ask for it (`Check.content`) see this kind: for an action
 *   sink such text is data, for a system prompt it is a way in
 * - `param`: a parameter of the enclosing ordinary function; the engine resolves it
 *   through the function's call sites in the same file
 */
export type TaintKind = 'tool-param' | 'llm-output' | 'request-input' | 'content' | 'param';

export interface TaintOrigin {
  kind: TaintKind;
  /** parameter or callee name, e.g. `cmd` or `openai.OpenAI().chat.completions.create` */
  name: string;
  line: number;
  /** for `param`: the id of the function whose parameter this is */
  functionId?: string;
  /** for `param`: positional index of the parameter */
  index?: number;
  /**
   * for `param`: the member of the parameter this value was read from (`options.root`, a destructured
   * `{ root }`): a caller passing an object literal passes that member's value here, not the whole object
   */
  field?: string;
  /** sanitizers applied to data from this origin on its way (a value may mix sanitized and raw origins) */
  sanitized?: SanitizerKind[];
  /**
   * `settings`: a `param` read through the object's settings (`source.options.schema`): its configuration, not data.
   * `content`: carried by outside content it chose (`requests.get(url_from_tool).json()["link"]`): what came
   * back is the outside service's answer, so a destination taken from it was not chosen by this origin.
   * `key`: a `param` that only picked an entry of a mapping of the program's (`self._sessions.get(session_id)`): the
   * entry is what the program stored, so what a caller passes brings none of its untrusted origins (a caller's own
   * parameters stay, to say whether a configured name picked a configured entry)
   */
  via?: 'settings' | 'content' | 'key';
  /** the file the origin is in, when it is not the file of the facts: a value another module's function returned (returns.ts) */
  file?: string;
}

/** What a sanitizer proved about a value. */
export type SanitizerKind =
  | 'path-contained' // checked to lie inside a root (realpath + startsWith, resolve + relative check)
  | 'path-basename' // reduced to a basename: cannot leave its directory
  | 'path-segment' // one part of a string cut at `/` (`mime.split("/")[1]`): no separator, but may be `..`; harmless glued to a file name's text
  | 'url-allowlisted' // host checked against an allowlist
  | 'url-path' // the path of a request's own URL (`req.nextUrl.pathname`): text that follows a host, not one
  | 'shell-quoted' // shlex.quote / shell-escape
  | 'dquote-inert' // none of `$`, backquote, `"`, `\` left in it (`name.replace(/[$`"\\]/g, "_")`): inert between a shell line's double quotes only
  | 'program-allowlisted' // a command a validator named for commands let through (`validate_command(cmd)`): its program is one the validator allows, its arguments are not judged
  | 'arithmetic' // a whole match of digits, operators, parentheses and spaces (`^[0-9+\-*/(). ]+$`): no name, so evaluated it only computes
  | 'sql-identifier' // quoted identifier (psycopg2.sql.Identifier, pg-format %I)
  | 'integer' // int(x), Number(x), parseInt(x)
  | 'quote-doubled' // its `"` doubled (`name.replace('"', '""')`): harmless inside a double-quoted SQL identifier only
  | 'apostrophe-doubled' // its `'` doubled or taken out (`text.replace("'", "''")`, `.replace("'", '"')`): harmless inside a single-quoted SQL string literal where `\` escapes nothing
  | 'backslash-doubled' // its `\` doubled (`text.replace("\\", "\\\\")`): with `'` doubled too, harmless inside a single-quoted SQL string literal in every dialect
  | 'dquote-escaped' // its `\` doubled, then its `"` escaped as `\"` (`s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')`): one string inside a double-quoted AppleScript or JSON string, nothing more
  | 'python-literal' // converted with `!r` in an f-string (`f"webbrowser.open({url!r})"`): the literal of a builtin value, one expression in Python code
  | 'system-role' // a message checked to be a system message already (`message._getType() === 'system'`): its text was the system prompt before
  | 'governed'; // passed through the agentos kernel

export type Value = ConstValue | TemplateValue | ListValue | DictValue | UnknownValue;

interface ValueBase {
  /** untrusted origins that flow into this value (absent or empty: none known) */
  taint?: TaintOrigin[];
  /** sanitizers applied on the way */
  sanitized?: SanitizerKind[];
}

export interface ConstValue extends ValueBase {
  kind: 'const';
  value: string | number | boolean | null;
}

/** A string built from constant text and holes: f-strings, template literals, `+`, `%`, `.format`, `.join`. */
export interface TemplateValue extends ValueBase {
  kind: 'template';
  parts: TemplatePart[];
}

export type TemplatePart = string | { hole: Value };

export interface ListValue extends ValueBase {
  kind: 'list';
  items: Value[];
  /**
   * Every text with holes added to the list (`sets.append(f"{col} = :{col}")`), one of each, when everything added
   * is one of these or a constant: what its items are made of once a merge of paths has blurred them (an append
   * in each branch of an `if` inside a loop).
   */
  shapes?: Value[];
}

/** Object literal / dict literal / keyword options. Keys are strings. */
export interface DictValue extends ValueBase {
  kind: 'dict';
  entries: Record<string, Value>;
}

export interface UnknownValue extends ValueBase {
  kind: 'unknown';
  /**
   * When the value is an object produced by a call or a module member we can name,
   * its qualified name: `sqlite3.connect()`, `pg.Pool()`, `child_process.exec`
   * (the latter for `promisify(exec)` or `const run = cp.exec`).
   */
  ref?: string;
  /** for a function value defined in the file: its FunctionFact id */
  functionId?: string;
  /**
   * A function picked at run time from a table of the file's functions (`TOOLS[name]`,
   * `handlers.get(name)`, `TOOLS[call.function.name]`): the FunctionFact ids it may be.
   */
  choices?: string[];
  /** a value that is one of these constants (`'docker' if local else 'podman'`, a loop over a constant list) */
  oneOf?: (string | number | boolean | null)[];
  /**
   * one of these lists of constants, of different lengths (`["poetry", "run", ...] if lock else ["uv", "run", ...]`);
   * or one of the ways a program was found (`shutil.which("uv")`, a path ending in `/uv`, `None`)
   */
  alternatives?: Value[];
  /** a class defined in the file: the qualified names of the library classes it derives from (`yaml.SafeLoader`) */
  bases?: string[];
}

export interface ImportFact {
  /** normalized module name: `subprocess`, `os.path`, `child_process`, `fs.promises`, `@langchain/core/tools` */
  module: string;
  /** imported member (`from os import system` -> `system`); absent for whole-module imports */
  name?: string;
  /** local binding name */
  alias: string;
  range: Range;
}

export interface CallFact {
  /**
   * The callee's qualified name after import and receiver resolution:
   * `subprocess.run`, `os.system`, `child_process.exec`, `eval`,
   * `sqlite3.connect().cursor().execute`, `pg.Pool().query`.
   * An unresolvable receiver is written `?`: `?.execute`.
   * A call of a function defined in this file is its plain name, with `target` set.
   */
  callee: string;
  /** last segment of the callee (`execute`) */
  method: string;
  /** positional arguments (spread arguments become unknown) */
  args: Value[];
  /** keyword arguments (Python); JS option objects stay positional dict values */
  kwargs: Record<string, Value>;
  /** the receiver object's value for method calls, when known */
  receiver?: Value;
  /** `new X(...)` */
  isNew?: boolean;
  /** a tagged template (`sql\`...\``): the tag receives the holes as separate parameters */
  tagged?: boolean;
  /** for calls of functions defined in the same file: the FunctionFact id */
  target?: string;
  range: Range;
  calleeRange: Range;
  /** the FunctionFact id of the function the call is in (absent at module level) */
  enclosingFunction?: string;
  /** the call exercises the function rather than uses it: a module's demonstration under `if __name__ == "__main__":`, with constant arguments */
  exercise?: boolean;
  /** the call follows an unconditional `return`, `throw`/`raise`, `break` or `continue` of its block: it never runs as written */
  unreachable?: boolean;
}

export interface FunctionFact {
  /** unique within the file, e.g. `run_sql@12` */
  id: string;
  name: string;
  params: string[];
  range: Range;
  /**
   * Not callable from outside the file: nested in another function, private by name
   * (Python `_helper`), or a module function that is not exported (JS). Only for such
   * functions do the call sites in the file tell everything that reaches a parameter.
   */
  local?: boolean;
  /** parameters whose default is a literal constant (a call that omits one passes that constant) */
  constantDefaults?: string[];
  /**
   * a command of a command-line interface (Python: decorated with click's `command`, `group`, `option` or `argument`, or
   * a Typer app's `command`): the parameters are what the person running the program typed, its operator's choice
   */
  commandLine?: boolean;
  /** the docstring (Python): for tools, the description the model reads */
  doc?: { value: string; range: Range };
  /** set when the function is exposed to a model as a tool */
  tool?: {
    framework: string;
    via: string;
    /** what the parameters carry: `tool-param` (default) for tools, `request-input` for web routes */
    input?: TaintKind;
    /** the position of the parameter that receives the model's arguments, when not the first (`execute(toolCallId, params)`) */
    param?: number;
    /**
     * for a web route: the parameters its path gives one path segment each (`@app.get("/specs/{spec_id}")`,
     * `@app.route("/f/<name>")`; not `{p:path}` or `<path:p>`): no `/` in them, though `..` may be one
     */
    segments?: string[];
    /** for a Flask view: the variables of its rules, the only parameters Flask passes (see `flaskRouteVariables`) */
    variables?: string[];
  };
}

/** A string constant bound to a name or key: input for secret detection. */
export interface StringFact {
  /** variable, attribute, property or keyword name it is bound to, if any */
  name?: string;
  value: string;
  range: Range;
}

/**
 * A configuration document with the position of every key and value, whatever the
 * file format: what MCP client configurations and tool manifests are read from.
 */
export type ConfigNode = ConfigMap | ConfigList | ConfigScalar;

export interface ConfigMap {
  kind: 'map';
  entries: ConfigEntry[];
  range: Range;
}

export interface ConfigEntry {
  key: string;
  keyRange: Range;
  value: ConfigNode;
}

export interface ConfigList {
  kind: 'list';
  items: ConfigNode[];
  range: Range;
}

export interface ConfigScalar {
  kind: 'scalar';
  value: string | number | boolean | null;
  range: Range;
}

export interface ParseProblem {
  range: Range;
  message: string;
}

export interface FileFacts {
  file: string;
  language: Language;
  imports: ImportFact[];
  calls: CallFact[];
  functions: FunctionFact[];
  strings: StringFact[];
  /** the document of a JSON, YAML or TOML file (the first one of a YAML stream) */
  config?: ConfigNode;
  /** syntax errors the error-tolerant parser recovered from */
  problems: ParseProblem[];
  /**
   * Imported functions this file registers as tools (`tools=[run_sql]` with `run_sql` imported):
   * the qualified name the import gives them (`.db.run_sql`, `./tools.runSql`). The project pass
   * marks the function in its own module.
   */
  toolRefs?: { ref: string; tool: NonNullable<FunctionFact['tool']> }[];
  /**
   * The module-level classes (Python) with bases, by name: each base as the qualified name the file's imports give it
   * (`.base.HttpBaseTool`, `langchain_core.tools.BaseTool`), and, when a base makes it one, what makes it a tool class
   * (`BaseTool._run`). The project pass marks a class whose base in another module is a tool class (`CLASS_MARK`).
   */
  classes?: { name: string; bases: string[]; tool?: ToolClass }[];
  /** module-level names (Python) bound to `Annotated[T, Depends(f)]`: a parameter annotated with one is the server's to fill */
  dependencyAliases?: string[];
  /** the qualified names of other modules' names that parameters are annotated with (`.deps.ProjectConfigDep`) */
  annotations?: string[];
  /**
   * the types the parameters of its tools and routes are annotated with, past `Optional[...]` and `Annotated[...]`: the
   * qualified name of one another module defines (`.types.Theme`), or the name of one of its own module-level classes
   * (`Theme`); the project pass says which are `Enum` classes (`ENUM_MARK`)
   */
  exposedTypes?: string[];
  /**
   * What the file's functions other modules can call return, by the name other modules call
   * them by (`build`, `QueryBuilder.conditions`, `default`): only the informative ones, and only
   * from a lowering given no summaries of other modules (returns.ts).
   */
  returns?: Record<string, ReturnSummary>;
}

/** The key of a class mark among the tool marks a lowering is given: `class HttpGet` (project.ts `moduleMarks`). */
export const CLASS_MARK = 'class ';
/** The key of a mark saying an imported name is a dependency alias in its module: `depends ProjectConfigDep`. */
export const DEPENDS_MARK = 'depends ';
/** The key of a mark saying an imported name parameters are annotated with is an `Enum` class where it is defined: `enum Theme`. */
export const ENUM_MARK = 'enum ';
/** The enum module's classes (and the `strenum` package's), as qualified names: a parameter annotated with a subclass takes one of its members. */
export const ENUM_BASE = /^(?:enum\.(?:Enum|StrEnum|IntEnum|Flag|IntFlag|ReprEnum)|strenum\.(?:StrEnum|LowercaseStrEnum|UppercaseStrEnum))$/;

/** What makes a class a tool class: the framework, the methods that are tool bodies, what their parameters carry. */
export interface ToolClass {
  framework: string;
  methods: string[];
  via: string;
  input?: TaintKind;
  /** the class's annotated fields are the model's arguments (Agency Swarm) */
  fields?: true;
}

/**
 * What the enabled framework models say about names; front ends consult it while
 * lowering so that taint is attached where values are created.
 */
export interface SourceModel {
  /** decorator (qualified) marks the decorated function as a tool: `langchain_core.tools.tool`, `agents.function_tool` */
  toolDecorator(qualifiedName: string): { framework: string } | undefined;
  /** decorator (qualified) makes the decorated function a web route: its parameters are request input (`fastapi.FastAPI().post`) */
  routeDecorator(qualifiedName: string): { framework: string } | undefined;
  /**
   * A function passed to this call is a tool handler: `ai.tool({ execute })`,
   * `server.tool(name, schema, handler)`, `StructuredTool({ func })`.
   * `where` says which argument holds the handler: an index (negative counts
   * from the end) or `{ index, key }` for an options object property.
   */
  toolFactory(calleeQualifiedName: string): { framework: string; where: ToolHandlerLocation[]; input?: TaintKind } | undefined;
  /** methods of subclasses of these bases are tool bodies: `BaseTool._run` */
  toolClass(baseQualifiedName: string): { framework: string; methods: string[]; input?: TaintKind; fields?: true } | undefined;
  /** the result of this call is untrusted */
  callTaint(calleeQualifiedName: string): TaintKind | undefined;
  /** reading this member is untrusted input: `flask.request.args`, `req.body` */
  memberTaint(qualifiedName: string): TaintKind | undefined;
  /** the call sanitizes its first argument */
  sanitizer(calleeQualifiedName: string): SanitizerKind | undefined;
}

/**
 * Where a tool handler sits among a call's arguments: a positional index (negative counts
 * from the end), a property (JS) or keyword (Python) of an options object, or with `each`,
 * the `each` property of every entry of a map under `key` (`generateText({ tools: { t: { execute } } })`).
 */
/** `param`: the position of the handler's parameter that receives the model's arguments (default: the first) */
export type ToolHandlerLocation = number | { index: number; key: string; each?: string; param?: number };

/** Facts with nothing in them yet, for a front end to fill. */
export function emptyFacts(file: string, language: Language): FileFacts {
  return { file, language, imports: [], calls: [], functions: [], strings: [], problems: [] };
}

export function rangeOf(line: number, column: number, endLine: number, endColumn: number): Range {
  return { line, column, endLine, endColumn };
}

export const UNKNOWN: UnknownValue = Object.freeze({ kind: 'unknown' }) as UnknownValue;
