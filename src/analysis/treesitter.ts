/**
 * tree-sitter for the Python and shell front ends, behind one small interface.
 *
 * Two back ends parse with the same grammars:
 * - `native`: the `tree-sitter` Node binding and the grammar packages' prebuilt binaries;
 * - `wasm`: `web-tree-sitter` with the `.wasm` builds the grammar packages ship, for
 *   platforms where no native binary loads.
 * `AGENTOS_TREE_SITTER=native|wasm|auto` picks one (default `auto`: native, else wasm).
 *
 * Either way the tree is copied once, with a cursor, into plain objects: the front ends
 * then walk ordinary JavaScript data, and no native handle outlives the parse. Offsets and
 * columns are UTF-16 code units in both back ends (both parse the string as UTF-16).
 */
import { createRequire } from 'node:module';
import { envChoice } from './env-choice.js';
import type { ParseProblem } from './facts.js';
import type { LineTable } from './lines.js';

export type Grammar = 'python' | 'bash';
export type Backend = 'native' | 'wasm';

/** A syntax node, copied out of tree-sitter. */
export interface SyntaxNode {
  type: string;
  /** named node (`identifier`) rather than anonymous token (`(`, `+`, `def`) */
  named: boolean;
  /** the field this node fills in its parent (`function`, `arguments`, `left`) */
  field: string | undefined;
  /** UTF-16 offsets into the source */
  start: number;
  end: number;
  children: SyntaxNode[];
  /** a token the parser inserted to recover from a syntax error */
  missing?: boolean;
}

export interface ParsedTree {
  root: SyntaxNode;
  backend: Backend;
  /** ERROR and MISSING nodes, in source order */
  errors: SyntaxNode[];
}

/** The requested back end cannot be loaded. */
export class TreeSitterUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TreeSitterUnavailable';
  }
}

const require = createRequire(import.meta.url);

const GRAMMAR_PACKAGES: Record<Grammar, string> = { python: 'tree-sitter-python', bash: 'tree-sitter-bash' };

/** The minimal cursor surface both bindings offer. */
interface Cursor {
  readonly nodeTypeId: number;
  readonly nodeType: string;
  readonly nodeIsNamed: boolean;
  readonly nodeIsMissing: boolean;
  readonly currentFieldId: number;
  readonly currentFieldName: string | null | undefined;
  readonly startIndex: number;
  readonly endIndex: number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}

interface AnyTree {
  walk(): Cursor;
  readonly rootNode: { readonly hasError: boolean };
  delete?: () => void;
}

interface AnyParser {
  parse(source: string): AnyTree | null;
}

interface Loaded {
  backend: Backend;
  parser(grammar: Grammar): AnyParser;
}

export function requestedBackend(env: NodeJS.ProcessEnv = process.env): Backend | 'auto' {
  return envChoice(env, 'AGENTOS_TREE_SITTER', ['native', 'wasm', 'auto'] as const, 'auto', (m) => new TreeSitterUnavailable(m));
}

function loadNative(): Loaded {
  const Parser = require('tree-sitter') as new () => AnyParser & { setLanguage(l: unknown): void };
  // load every grammar's binary now, so that a missing one falls back as a whole; a parser is
  // set to its language when first asked for (the binding then builds a class per node type,
  // half of loading tree-sitter: a run with shell scripts and no Python for tree-sitter to
  // parse, as with the default Python parser, never pays it for Python)
  const languages = new Map<Grammar, unknown>();
  for (const g of Object.keys(GRAMMAR_PACKAGES) as Grammar[]) languages.set(g, require(GRAMMAR_PACKAGES[g]));
  const parsers = new Map<Grammar, AnyParser>();
  return {
    backend: 'native',
    parser: (g) => {
      let p = parsers.get(g);
      if (!p) {
        const made = new Parser();
        made.setLanguage(languages.get(g));
        parsers.set(g, (p = made));
      }
      return p;
    },
  };
}

async function loadWasm(): Promise<Loaded> {
  const mod = (await import('web-tree-sitter')) as unknown as {
    Parser: { init(): Promise<void>; new (): AnyParser & { setLanguage(l: unknown): void } };
    Language: { load(path: string): Promise<unknown> };
  };
  await mod.Parser.init();
  const parsers = new Map<Grammar, AnyParser>();
  for (const g of Object.keys(GRAMMAR_PACKAGES) as Grammar[]) {
    const pkg = GRAMMAR_PACKAGES[g];
    const language = await mod.Language.load(require.resolve(`${pkg}/${pkg}.wasm`));
    const p = new mod.Parser();
    p.setLanguage(language);
    parsers.set(g, p);
  }
  return { backend: 'wasm', parser: (g) => parsers.get(g)! };
}

let loading: Promise<Loaded> | undefined;

function reason(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
}

async function load(): Promise<Loaded> {
  const wanted = requestedBackend();
  if (wanted === 'wasm') {
    try {
      return await loadWasm();
    } catch (err) {
      throw new TreeSitterUnavailable(`the WebAssembly tree-sitter could not be loaded: ${reason(err)}`);
    }
  }
  try {
    return loadNative();
  } catch (err) {
    if (wanted === 'native') throw new TreeSitterUnavailable(`the native tree-sitter binding could not be loaded: ${reason(err)}`);
    try {
      return await loadWasm();
    } catch (err2) {
      throw new TreeSitterUnavailable(`neither the native tree-sitter binding (${reason(err)}) nor the WebAssembly build (${reason(err2)}) could be loaded`);
    }
  }
}

/** The back end in use, loading it on first call. */
export async function treeSitterBackend(): Promise<Backend> {
  loading ??= load();
  return (await loading).backend;
}

/** Forget the loaded back end (tests switch AGENTOS_TREE_SITTER). */
export function resetTreeSitter(): void {
  loading = undefined;
}

/** Per-grammar tables: type and field names by id, filled as ids are first seen. */
interface Names {
  types: (string | undefined)[];
  named: boolean[];
  fields: (string | undefined)[];
  /** node types that have fields (from the grammar's node-types.json): only their children are asked for a field */
  fieldParents: ReadonlySet<string> | undefined;
  /** named node types that never have children: the walk does not try to descend into them */
  leaves: ReadonlySet<string>;
  /** node types with a field that an anonymous token fills (`binary_operator`'s `operator`) */
  anonFieldParents: ReadonlySet<string>;
  /** the shared anonymous tokens of error-free trees, by type id (and field) */
  tokens: Map<number | string, SyntaxNode>;
}

const names = new Map<Grammar, Names>();

function namesFor(grammar: Grammar): Names {
  let table = names.get(grammar);
  if (!table) {
    let fieldParents: Set<string> | undefined;
    let leaves = new Set<string>();
    let anonFieldParents = new Set<string>();
    try {
      type Child = { types: { type: string; named: boolean }[] };
      const types = require(`${GRAMMAR_PACKAGES[grammar]}/src/node-types.json`) as { type: string; named: boolean; fields?: Record<string, Child>; children?: object; subtypes?: object }[];
      fieldParents = new Set(types.filter((t) => t.fields && Object.keys(t.fields).length).map((t) => t.type));
      // error recovery can put anything anywhere
      fieldParents.add('ERROR');
      leaves = new Set(types.filter((t) => t.named && !t.fields && !t.children && !t.subtypes).map((t) => t.type));
      anonFieldParents = new Set(types.filter((t) => Object.values(t.fields ?? {}).some((f) => f.types.some((x) => !x.named))).map((t) => t.type));
    } catch {
      fieldParents = undefined;
    }
    table = { types: [], named: [], fields: [], fieldParents, leaves, anonFieldParents, tokens: new Map() };
    names.set(grammar, table);
  }
  return table;
}

const NO_CHILDREN: SyntaxNode[] = Object.freeze([]) as unknown as SyntaxNode[];

/**
 * Copy the tree out with one cursor walk. Every property read is a call into the binding,
 * so the walk asks only what is needed: a field only under node types that have fields,
 * and for anonymous tokens (punctuation, keywords, operators: leaves whose type is their
 * text) neither children nor, unless the tree has errors, positions.
 */
function copyTree(tree: AnyTree, table: Names, hasError: boolean, flat: Flat | undefined): { root: SyntaxNode; errors: SyntaxNode[] } {
  const c = tree.walk();
  const errors: SyntaxNode[] = [];
  const root: SyntaxNode = { type: '', named: true, field: undefined, start: c.startIndex, end: c.endIndex, children: [] };
  const id = c.nodeTypeId;
  root.type = table.types[id] ?? (table.types[id] = c.nodeType);
  root.named = table.named[id] ??= c.nodeIsNamed;
  if (hasError) copyWithErrors(c, root, table, errors);
  else if (c.gotoFirstChild()) copyClean(c, root, table, flat);
  (c as unknown as { delete?: () => void }).delete?.();
  return { root, errors };
}

/** The type (and whether it is named) of the cursor's node, asking the binding once per type. */
function typeAt(c: Cursor, table: Names): number {
  const id = c.nodeTypeId;
  if (table.types[id] === undefined) {
    table.types[id] = c.nodeType;
    table.named[id] = c.nodeIsNamed;
  }
  return id;
}

/** The field of the cursor's node, asking the binding once per field. */
function fieldAt(c: Cursor, table: Names): string | undefined {
  const fid = c.currentFieldId;
  if (!fid) return undefined;
  let field = table.fields[fid];
  if (field === undefined) {
    field = c.currentFieldName ?? '';
    table.fields[fid] = field;
  }
  return field;
}

/** Named nodes copied without their children (the front end reads their text instead). */
type Flat = (type: string, start: number) => boolean;

/**
 * Python strings without interpolation: a plain `'...'`, `r"..."` or `b'''...'''` is its text;
 * `string_start`, `string_content` and `string_end` add nothing. f-strings (and t-strings) are
 * copied whole. Dotted names (`os.path` in imports) are read as text too.
 */
function flatPythonString(source: string): Flat {
  return (type, start) => {
    if (type === 'dotted_name') return true;
    if (type !== 'string') return false;
    for (let i = start; i < start + 3; i++) {
      const ch = source.charCodeAt(i);
      if (ch === 34 || ch === 39) return true; // the quote: no f or t in the prefix
      if (ch === 102 || ch === 70 || ch === 116 || ch === 84) return false; // f F t T
    }
    return false;
  };
}

/**
 * An error-free tree. Anonymous tokens carry no position and are shared between places
 * (one frozen object per type and field); their field is asked for only under node types
 * where a token can fill one (`binary_operator`'s `operator`).
 */
function copyClean(c: Cursor, root: SyntaxNode, table: Names, flat: Flat | undefined): void {
  const { fieldParents, anonFieldParents, leaves, tokens } = table;
  const stack: SyntaxNode[] = [root];
  let parent = root;
  for (;;) {
    const id = typeAt(c, table);
    const type = table.types[id]!;
    let n: SyntaxNode;
    if (table.named[id]) {
      const field = !fieldParents || fieldParents.has(parent.type) ? fieldAt(c, table) : undefined;
      n = { type, named: true, field, start: c.startIndex, end: c.endIndex, children: leaves.has(type) ? NO_CHILDREN : [] };
      if (flat?.(type, n.start)) n.children = NO_CHILDREN;
    } else {
      const field = !fieldParents || anonFieldParents.has(parent.type) ? fieldAt(c, table) : undefined;
      const key = field === undefined ? id : `${id}:${field}`;
      let token = tokens.get(key);
      if (!token) {
        token = Object.freeze({ type, named: false, field, start: -1, end: -1, children: NO_CHILDREN });
        tokens.set(key, token);
      }
      n = token;
    }
    parent.children.push(n);
    if (n.children !== NO_CHILDREN && c.gotoFirstChild()) {
      stack.push(n);
      parent = n;
      continue;
    }
    while (!c.gotoNextSibling()) {
      if (parent === root) return;
      c.gotoParent();
      stack.pop();
      parent = stack[stack.length - 1]!;
    }
  }
}

/** A tree with syntax errors: every position is read, and ERROR and MISSING nodes are listed. */
function copyWithErrors(c: Cursor, root: SyntaxNode, table: Names, errors: SyntaxNode[]): void {
  const { fieldParents, leaves } = table;
  const node = (parentType: string): SyntaxNode => {
    const id = typeAt(c, table);
    const type = table.types[id]!;
    const named = table.named[id]!;
    const field = !fieldParents || fieldParents.has(parentType) ? fieldAt(c, table) : undefined;
    const n: SyntaxNode = { type, named, field, start: c.startIndex, end: c.endIndex, children: named ? [] : NO_CHILDREN };
    if (type === 'ERROR') errors.push(n);
    else if (n.start === n.end && c.nodeIsMissing) {
      n.missing = true;
      errors.push(n);
    }
    return n;
  };
  if (root.type === 'ERROR') errors.push(root);
  const stack: SyntaxNode[] = [root];
  if (!c.gotoFirstChild()) return;
  for (;;) {
    const parent = stack[stack.length - 1]!;
    const n = node(parent.type);
    parent.children.push(n);
    if (n.named && !leaves.has(n.type) && c.gotoFirstChild()) {
      stack.push(n);
      continue;
    }
    let moved = c.gotoNextSibling();
    while (!moved) {
      if (!c.gotoParent()) break;
      stack.pop();
      if (stack.length === 0) break;
      moved = c.gotoNextSibling();
    }
    if (!moved) break;
  }
}

/**
 * Parse source text with a grammar. Never throws for bad syntax: error nodes are listed in
 * `errors`. Anonymous tokens carry their type (which is their text) and field; their
 * `start`/`end` are -1 unless the tree has syntax errors.
 */
export async function parseSource(grammar: Grammar, source: string): Promise<ParsedTree> {
  loading ??= load();
  const loaded = await loading;
  const parser = loaded.parser(grammar);
  const tree = parser.parse(source);
  if (!tree) throw new Error(`tree-sitter returned no tree for the ${grammar} source`);
  const { root, errors } = copyTree(tree, namesFor(grammar), tree.rootNode.hasError, grammar === 'python' ? flatPythonString(source) : undefined);
  tree.delete?.();
  return { root, backend: loaded.backend, errors };
}

/** The text of a node. */
export function textOf(source: string, n: SyntaxNode): string {
  return source.slice(n.start, n.end);
}

/** The first child filling a field. */
export function fieldOf(n: SyntaxNode, field: string): SyntaxNode | undefined {
  // (an index loop: no iterator is allocated, whichever tier runs it)
  const children = n.children;
  for (let i = 0; i < children.length; i++) if (children[i]!.field === field) return children[i];
  return undefined;
}

/** Every child filling a field. */
export function fieldsOf(n: SyntaxNode, field: string): SyntaxNode[] {
  return n.children.filter((c) => c.field === field);
}

/** Named children. */
export function namedChildren(n: SyntaxNode): SyntaxNode[] {
  return n.children.filter((c) => c.named);
}

/** Syntax errors as parse problems (the first 20): `unexpected \`text\`` or `missing \`token\``. */
export function syntaxProblems(errors: readonly SyntaxNode[], source: string, lines: LineTable): ParseProblem[] {
  return errors.slice(0, 20).map((e) => {
    const text = source.slice(e.start, Math.min(e.end, e.start + 20)).split(/\r?\n/)[0]!;
    return { range: lines.range(e.start, e.end), message: e.missing ? `missing \`${e.type}\`` : text ? `unexpected \`${text}\`` : 'unexpected end of input' };
  });
}
