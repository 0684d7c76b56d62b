/**
 * The parser behind the JavaScript / TypeScript front end, chosen by `AGENTOS_JS_PARSER`:
 * - `oxc` (default): `oxc-parser`, a native Rust parser with TS-ESTree-shaped output, loaded
 *   in a few milliseconds. Where its native binding does not load, oxc-parser itself falls
 *   back to its WebAssembly build (`@oxc-parser/binding-wasm32-wasi`); where neither loads
 *   (or Node cannot `require` an ES module: before 20.19), the front end says so in one line
 *   on stderr and parses with typescript-estree.
 * - `oxc-wasm`: the WebAssembly build of the same parser, without trying the native binding.
 * - `typescript-estree`: `@typescript-eslint/typescript-estree`, which parses with the
 *   TypeScript compiler and converts its tree to TS-ESTree. Loading `typescript` (9 MB of
 *   JavaScript) is most of a short run's time.
 * oxc's tree is the same as typescript-estree's for what the front end reads (node types,
 * ranges in UTF-16 offsets, literal values), apart from differences handled here:
 * nodes carry `start`/`end` instead of `range` (read both with `startOf`/`endOf`),
 * parentheses are not nodes (`preserveParens: false`), the `#!` line is not a node,
 * JavaScript files accept JSX, a `return` outside functions is accepted (in CommonJS mode),
 * and syntax errors come in a list instead of being thrown.
 * Each parser is loaded on first use only, so a run that checks no JavaScript or TypeScript
 * loads none.
 */
import { createRequire } from 'node:module';
import type { TSESTree } from '@typescript-eslint/types';
import { envChoice } from './env-choice.js';

export const JS_PARSERS = ['oxc', 'oxc-wasm', 'typescript-estree'] as const;
export type JsParserName = (typeof JS_PARSERS)[number];

/** A node as either parser gives it: oxc-parser's with `start` and `end`, typescript-estree's with `range`. */
type Spanned = { range: [number, number]; start?: number; end?: number };

/** Where a node starts, in UTF-16 units from the start of the source. */
export function startOf(node: Spanned): number {
  return node.start ?? node.range[0];
}

/** Where a node ends (exclusive), in UTF-16 units. */
export function endOf(node: Spanned): number {
  return node.end ?? node.range[1];
}

/** The parser could not be chosen or loaded (the file is reported as not analyzed). */
export class ParserUnavailable extends Error {
  override name = 'ParserUnavailable';
}

export function requestedJsParser(env: NodeJS.ProcessEnv = process.env): JsParserName {
  return envChoice(env, 'AGENTOS_JS_PARSER', JS_PARSERS, 'oxc', (m) => new ParserUnavailable(m));
}

/** A syntax error the way typescript-estree throws one: a message and the offset it is at. */
export interface JsSyntaxError {
  message: string;
  index?: number;
  lineNumber?: number;
  column?: number;
}

type Parse = (source: string, filePath: string) => TSESTree.Program;

const require = createRequire(import.meta.url);
const loaded = new Map<JsParserName, Parse>();

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
}

function loadTypescriptEstree(): Parse {
  let parse: typeof import('@typescript-eslint/typescript-estree').parse;
  try {
    ({ parse } = require('@typescript-eslint/typescript-estree') as typeof import('@typescript-eslint/typescript-estree'));
  } catch (err) {
    throw new ParserUnavailable(`typescript-estree does not load here (${firstLine(err)})`);
  }
  return (source, filePath) =>
    parse(source, {
      // the extension picks TypeScript's script kind (JSX or not)
      filePath,
      range: true,
      // with `loc: false` typescript-estree computes locations anyway and then walks the whole
      // tree deleting them, which also leaves every node in slow dictionary mode: keep them
      loc: true,
      comment: false,
      tokens: false,
      jsDocParsingMode: 'none',
      suppressDeprecatedPropertyWarnings: true,
      loggerFn: false,
    });
}

interface OxcError {
  message: string;
  labels?: { start: number }[];
}
/** What oxc-parser's binding returns: getters, each converting (and taking) one part of the result. */
interface OxcRawResult {
  /** the tree as JSON text (with the paths of BigInt and RegExp literals to fix up) */
  program: string;
  errors: OxcError[];
}
/**
 * oxc-parser's binding (native, or the WebAssembly build) and oxc-parser's own reader of its
 * JSON. The binding is called directly rather than through oxc-parser's `parseSync`, whose
 * wrapper also converts the module record and every comment to JavaScript objects, which the
 * front end never reads. What is not taken from a result is freed by the binding's finalizer
 * after the result is collected (the project pass turns the event loop after each file).
 */
interface OxcParser {
  parseSync(filename: string, source: string, options: object): OxcRawResult;
  jsonParseAst(json: string): TSESTree.Program & { hashbang?: unknown };
}

/**
 * Node 20 prints an ExperimentalWarning when WebAssembly code asks for WASI, which the
 * WebAssembly build of oxc-parser does: the user did not ask for it and can do nothing about it.
 */
function withoutWasiWarning<T>(load: () => T): T {
  const emit = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    if (/\bWASI\b/.test(typeof warning === 'string' ? warning : warning.message)) return;
    return (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return load();
  } finally {
    process.emitWarning = emit;
  }
}

/** oxc-parser, as ES modules imported ahead of the first parse (`loadOxcParser`), else required on first use. */
let oxcPreloaded: OxcParser | undefined;

/** Import oxc-parser ahead of the first parse (idempotent): needed only where Node cannot `require` an ES module. */
export async function loadOxcParser(): Promise<void> {
  if (oxcPreloaded) return;
  try {
    // (oxc-parser declares no types for these two modules of its own)
    const modules: string[] = ['oxc-parser/src-js/bindings', 'oxc-parser/src-js/wrap'];
    const [binding, { jsonParseAst }] = (await withoutWasiWarning(() => Promise.all(modules.map((m) => import(m))))) as [
      Pick<OxcParser, 'parseSync'>,
      Pick<OxcParser, 'jsonParseAst'>,
    ];
    oxcPreloaded = { parseSync: binding.parseSync, jsonParseAst };
  } catch {
    // the failure is met again, and reported, on the first parse
  }
}

/** oxc-parser's reader of the binding's JSON. */
function oxcJsonParseAst(): OxcParser['jsonParseAst'] {
  return (require('oxc-parser/src-js/wrap') as Pick<OxcParser, 'jsonParseAst'>).jsonParseAst;
}

/** oxc-parser's own choice of binding: native, else its WebAssembly build. */
function oxcParser(): OxcParser {
  if (oxcPreloaded) return oxcPreloaded;
  const binding = withoutWasiWarning(() => require('oxc-parser/src-js/bindings') as Pick<OxcParser, 'parseSync'>);
  return { parseSync: binding.parseSync, jsonParseAst: oxcJsonParseAst() };
}

/** The WebAssembly build alone. */
function oxcWasmParser(): OxcParser {
  const binding = withoutWasiWarning(() => require('@oxc-parser/binding-wasm32-wasi') as Pick<OxcParser, 'parseSync'>);
  return { parseSync: binding.parseSync, jsonParseAst: oxcJsonParseAst() };
}

/**
 * oxc-parser recurses on the native stack without a bound: a few thousand nested brackets,
 * `if`s or `?:`s overflow it, and the process dies of SIGSEGV, which no `catch` sees (measured
 * here at 6,500 to 7,700 levels on Node's main thread; a worker thread's stack is half that).
 * A file whose nesting may come near is parsed with typescript-estree instead, which throws a
 * RangeError when the stack runs out: the engine then lowers the file again on a thread with a
 * large stack (deep.ts). A bound well below the measured crash, far above real code.
 */
export const OXC_MAX_NESTING = 1000;

/** What `nestingEstimate` does with an ASCII character: one lookup instead of a chain of comparisons (most characters are none of these). */
const NONE = 0;
const OPEN = 1;
const CLOSE = 2;
const SEMICOLON = 3;
const SLASH = 4;
const QUOTE = 5;
const QUESTION = 6;
const EQUALS = 7;
/** ASCII letters, digits and `_`: what `\b` in a regular expression takes for word characters */
const WORD = 8;
const CHAR_CLASS = new Uint8Array(128).map((_, c) =>
  c === 0x28 || c === 0x5b || c === 0x7b
    ? OPEN
    : c === 0x29 || c === 0x5d || c === 0x7d
      ? CLOSE
      : c === 0x3b
        ? SEMICOLON
        : c === 0x2f
          ? SLASH
          : c === 0x22 || c === 0x27
            ? QUOTE
            : c === 0x3f
              ? QUESTION
              : c === 0x3d
                ? EQUALS
                : (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f
                  ? WORD
                  : NONE,
);

/**
 * An over-estimate of how deeply the parser recurses on `source`, in one pass: the bracket depth
 * plus the bracket-less nesting since the last `;`, at its largest, or the number of `else`s if
 * that is more. What nests without brackets: `?` (not `??` or `?.`), `=>`, `if`/`for`/`while`/
 * `do`/`with`, and `else` (an `else if` chain nests one level per `else`, across blocks and
 * semicolons). Comments and quoted strings are skipped; brackets in template literals and regular
 * expressions count too (an over-estimate costs only the faster parser). Not exact: a quote
 * inside a template literal or a regular expression is taken for a string to the end of its line,
 * whose brackets then go uncounted. A scan by character codes and a table of character classes
 * (it runs on every file before it is parsed, mostly before V8 has optimized it), the same as
 * matching the tokens with one regular expression, without a match object per token.
 */
export function nestingEstimate(source: string): number {
  const n = source.length;
  let depth = 0;
  let run = 0;
  let elses = 0;
  let max = 0;
  let i = 0;
  while (i < n) {
    const c = source.charCodeAt(i);
    const kind = c < 128 ? CHAR_CLASS[c]! : NONE;
    if (kind === NONE) {
      i++;
      continue;
    }
    if (kind === OPEN) {
      depth++;
      i++;
    } else if (kind === CLOSE) {
      depth = depth > 0 ? depth - 1 : 0;
      i++;
    } else if (kind === WORD) {
      // a whole word at once: a keyword counts only as a word of its own
      let j = i + 1;
      while (j < n) {
        const d = source.charCodeAt(j);
        if (d >= 128 || CHAR_CLASS[d] !== WORD) break;
        j++;
      }
      const len = j - i;
      const word = len >= 2 && len <= 5 && c >= 0x64 && c <= 0x77;
      const at = i;
      i = j;
      if (!word) continue;
      if (len === 4 && source.startsWith('else', at)) elses++;
      else if ((len === 2 && (source.startsWith('if', at) || source.startsWith('do', at))) || (len === 3 && source.startsWith('for', at)) || (len === 4 && source.startsWith('with', at)) || (len === 5 && source.startsWith('while', at))) run++;
      else continue;
    } else if (kind === SEMICOLON) {
      run = 0;
      i++;
    } else if (kind === SLASH) {
      // `//` to the end of the line, `/*` to `*/` or the end; a lone `/` is nothing
      const d = source.charCodeAt(i + 1);
      if (d === 0x2f) {
        const eol = source.indexOf('\n', i + 2);
        i = eol < 0 ? n : eol;
      } else if (d === 0x2a) {
        const close = source.indexOf('*/', i + 2);
        i = close < 0 ? n : close + 2;
      } else i++;
      continue;
    } else if (kind === QUOTE) {
      // a quoted string: to its closing quote, else to the end of the line (a backslash escapes any one character)
      i++;
      while (i < n) {
        const e = source.charCodeAt(i);
        if (e === c) {
          i++;
          break;
        }
        if (e === 0x0a || (e === 0x5c && i + 1 >= n)) break;
        i += e === 0x5c ? 2 : 1;
      }
      continue;
    } else if (kind === QUESTION) {
      // `??` and `?.` (not before a digit: `a?.5:b` is a conditional) do not nest
      const d = source.charCodeAt(i + 1);
      if (d === 0x3f || (d === 0x2e && !isDigit(source.charCodeAt(i + 2)))) {
        i += 2;
        continue;
      }
      run++;
      i++;
    } else {
      // `=`: only `=>` nests
      if (source.charCodeAt(i + 1) !== 0x3e) {
        i++;
        continue;
      }
      run++;
      i += 2;
    }
    if (depth + run > max) max = depth + run;
  }
  return Math.max(max, elses);
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

function oxcParse({ parseSync, jsonParseAst }: OxcParser): Parse {
  const fallback = lazyParser('typescript-estree');
  return (source, filePath) => {
    if (nestingEstimate(source) > OXC_MAX_NESTING) return fallback()(source, filePath);
    // the dialect comes from the extension, as TypeScript decides it: JavaScript files accept JSX
    // (.js/.mjs/.cjs as .jsx), .tsx does, .ts/.mts/.cts do not
    const ext = /\.([cm]?[jt]sx?)$/i.exec(filePath)?.[1]?.toLowerCase() ?? 'js';
    const lang = ext.endsWith('tsx') ? 'tsx' : ext.endsWith('ts') ? 'ts' : 'jsx';
    // no `range`: every node has `start` and `end` already (`startOf`), and the pair would add a
    // fifth to the JSON text the binding hands over and `JSON.parse` reads back
    const options = { lang, range: false, preserveParens: false, showSemanticErrors: false };
    let result = parseSync(filePath, source, options);
    let errors = result.errors;
    if (errors.length) {
      // TypeScript accepts a `return` outside functions (CommonJS and scripts run wrapped in one);
      // oxc only in CommonJS mode, so a file that fails is tried once more that way
      const asCommonJs = parseSync(filePath, source, { ...options, sourceType: 'commonjs' });
      const retried = asCommonJs.errors;
      if (!retried.length) {
        const program = jsonParseAst(asCommonJs.program);
        program.sourceType = 'script';
        return withoutHashbang(program);
      }
      // the first result's tree is taken all the same, so that the binding frees it at once
      void asCommonJs.program;
    }
    const json = result.program;
    const first = errors[0];
    if (first) {
      const error: JsSyntaxError = { message: first.message };
      const at = first.labels?.[0]?.start;
      if (typeof at === 'number') error.index = at;
      throw error;
    }
    return withoutHashbang(jsonParseAst(json));
  };
}

function withoutHashbang(program: TSESTree.Program & { hashbang?: unknown }): TSESTree.Program {
  delete program.hashbang;
  return program;
}

/** The parser of that name, loaded on first use (once per process). */
function lazyParser(name: JsParserName): () => Parse {
  return () => {
    let parse = loaded.get(name);
    if (!parse) loaded.set(name, (parse = load(name)));
    return parse;
  };
}

function load(name: JsParserName): Parse {
  if (name === 'typescript-estree') return loadTypescriptEstree();
  if (name === 'oxc-wasm') {
    try {
      return oxcParse(oxcWasmParser());
    } catch (err) {
      throw new ParserUnavailable(`AGENTOS_JS_PARSER=oxc-wasm: the WebAssembly oxc-parser does not load here (${firstLine(err)})`);
    }
  }
  try {
    return oxcParse(oxcParser());
  } catch (err) {
    const fallback = loadTypescriptEstree();
    // one line, once per process: the check goes on, with the slower parser
    process.stderr.write(`agentos: oxc-parser does not load here (${firstLine(err)}); JavaScript and TypeScript are parsed with typescript-estree\n`);
    return fallback;
  }
}

/**
 * Parse with the chosen parser. `filePath` carries the extension that decides the dialect.
 * A syntax error is thrown as a `JsSyntaxError`; running out of stack as a `RangeError`.
 */
export function parseJavaScriptSource(source: string, filePath: string, env: NodeJS.ProcessEnv = process.env): TSESTree.Program {
  return lazyParser(requestedJsParser(env))()(source, filePath);
}
