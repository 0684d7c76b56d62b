/**
 * The parser behind the JavaScript / TypeScript front end, chosen by `AGENTOS_JS_PARSER`:
 * - `typescript-estree` (default): `@typescript-eslint/typescript-estree`, which parses with
 *   the TypeScript compiler and converts its tree to TS-ESTree. Loading `typescript` (9 MB of
 *   JavaScript) is most of a short run's time.
 * - `oxc`: `oxc-parser` (a native Rust parser) with TS-ESTree-shaped output, loaded in a few
 *   milliseconds. Its tree is the same as typescript-estree's for what the front end reads
 *   (node types, ranges in UTF-16 offsets, literal values), apart from three differences it
 *   is given here: parentheses are not nodes (`preserveParens: false`), the `#!` line is not
 *   a node, JavaScript files accept JSX, a `return` outside functions is accepted (in
 *   CommonJS mode), and it reports syntax errors in a list instead of throwing.
 * Each parser is loaded on first use only, so a run that checks no JavaScript or TypeScript
 * loads neither.
 */
import { createRequire } from 'node:module';
import type { TSESTree } from '@typescript-eslint/types';

export type JsParserName = 'typescript-estree' | 'oxc';

/** The parser could not be chosen or loaded (the file is reported as not analyzed). */
export class ParserUnavailable extends Error {
  override name = 'ParserUnavailable';
}

export function requestedJsParser(env: NodeJS.ProcessEnv = process.env): JsParserName {
  const v = (env.AGENTOS_JS_PARSER ?? '').trim().toLowerCase();
  if (v === '' || v === 'typescript-estree') return 'typescript-estree';
  if (v === 'oxc') return 'oxc';
  throw new ParserUnavailable(`AGENTOS_JS_PARSER=${env.AGENTOS_JS_PARSER}: expected typescript-estree or oxc`);
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

function loadTypescriptEstree(): Parse {
  let parse: typeof import('@typescript-eslint/typescript-estree').parse;
  try {
    ({ parse } = require('@typescript-eslint/typescript-estree') as typeof import('@typescript-eslint/typescript-estree'));
  } catch (err) {
    throw new ParserUnavailable(`typescript-estree does not load here (${(err as Error).message.split('\n')[0]})`);
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

interface OxcResult {
  program: TSESTree.Program & { hashbang?: unknown };
  errors: { message: string; labels?: { start: number }[] }[];
}
type OxcParseSync = (filename: string, source: string, options: object) => OxcResult;

/** oxc-parser is an ES module: Node 20 can only load it asynchronously, so it is loaded ahead of the first parse. */
let oxcParseSync: OxcParseSync | undefined;
let oxcLoadError: string | undefined;

/** Load oxc-parser (idempotent); a failure is remembered and reported when a file is parsed with it. */
export async function loadOxcParser(): Promise<void> {
  if (oxcParseSync || oxcLoadError) return;
  try {
    oxcParseSync = ((await import('oxc-parser')) as unknown as { parseSync: OxcParseSync }).parseSync;
  } catch (err) {
    oxcLoadError = (err as Error).message.split('\n')[0];
  }
}

function loadOxc(): Parse {
  const parseSync = oxcParseSync;
  if (!parseSync) throw new ParserUnavailable(`AGENTOS_JS_PARSER=oxc: oxc-parser ${oxcLoadError ? `does not load here (${oxcLoadError})` : 'was not loaded before parsing'}`);
  return (source, filePath) => {
    // the dialect comes from the extension, as TypeScript decides it: JavaScript files accept JSX
    // (.js/.mjs/.cjs as .jsx), .tsx does, .ts/.mts/.cts do not
    const ext = /\.([cm]?[jt]sx?)$/i.exec(filePath)?.[1]?.toLowerCase() ?? 'js';
    const lang = ext.endsWith('tsx') ? 'tsx' : ext.endsWith('ts') ? 'ts' : 'jsx';
    const options = { lang, range: true, preserveParens: false, showSemanticErrors: false };
    let result = parseSync(filePath, source, options);
    if (result.errors.length) {
      // TypeScript accepts a `return` outside functions (CommonJS and scripts run wrapped in one);
      // oxc only in CommonJS mode, so a file that fails is tried once more that way
      const asCommonJs = parseSync(filePath, source, { ...options, sourceType: 'commonjs' });
      if (!asCommonJs.errors.length) {
        result = asCommonJs;
        result.program.sourceType = 'script';
      }
    }
    const first = result.errors[0];
    if (first) {
      const error: JsSyntaxError = { message: first.message };
      const at = first.labels?.[0]?.start;
      if (typeof at === 'number') error.index = at;
      throw error;
    }
    const program = result.program;
    delete program.hashbang;
    return program;
  };
}

/**
 * Parse with the chosen parser. `filePath` carries the extension that decides the dialect.
 * A syntax error is thrown as a `JsSyntaxError`; running out of stack as a `RangeError`.
 */
export function parseJavaScriptSource(source: string, filePath: string, env: NodeJS.ProcessEnv = process.env): TSESTree.Program {
  const name = requestedJsParser(env);
  let parse = loaded.get(name);
  if (!parse) loaded.set(name, (parse = name === 'oxc' ? loadOxc() : loadTypescriptEstree()));
  return parse(source, filePath);
}

// the front end is loaded with `await import`: the parser the environment names is ready before its first file
let requested: JsParserName | undefined;
try {
  requested = requestedJsParser();
} catch {
  // an unknown name is reported for each file, by parseJavaScriptSource
}
if (requested === 'oxc') await loadOxcParser();
