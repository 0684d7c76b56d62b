/**
 * The parser behind the Python front end, chosen by `AGENTOS_PY_PARSER`:
 * - `agentos` (default): the hand-written parser of this directory, which builds the tree
 *   the tree-sitter copy builds (same node types, fields, offsets, comments) several times
 *   faster, for syntactically valid Python 3. A file it cannot reproduce exactly (a syntax
 *   error, a Python 2 statement, type parameters, a few tree-sitter quirks) it
 *   declines at once, and tree-sitter parses that file: error recovery stays tree-sitter's.
 * - `tree-sitter`: tree-sitter-python for every file (the reference; see treesitter.ts for
 *   its native and WebAssembly back ends).
 * tree-sitter is loaded on the first file the fast parser declines, so a run on clean
 * Python 3 never loads it for Python.
 */
import { envChoice } from '../env-choice.js';
import { parseSource, requestedBackend, TreeSitterUnavailable, type SyntaxNode } from '../treesitter.js';
import { parsePython } from './parser.js';

export const PY_PARSERS = ['agentos', 'tree-sitter'] as const;
export type PyParserName = (typeof PY_PARSERS)[number];

export function requestedPyParser(env: NodeJS.ProcessEnv = process.env): PyParserName {
  // reported like an unloadable tree-sitter: the Python files are named as not analyzed
  return envChoice(env, 'AGENTOS_PY_PARSER', PY_PARSERS, 'agentos', (m) => new TreeSitterUnavailable(m));
}

export interface PythonTree {
  root: SyntaxNode;
  /** ERROR and MISSING nodes, in source order (always none from the fast parser) */
  errors: SyntaxNode[];
  /** which parser built the tree */
  parser: PyParserName;
}

/** Parse Python source with the requested parser, the fast one falling back to tree-sitter. */
export async function parsePythonSource(source: string, env: NodeJS.ProcessEnv = process.env): Promise<PythonTree> {
  // a bad AGENTOS_TREE_SITTER is reported even when no file needs tree-sitter
  requestedBackend(env);
  if (requestedPyParser(env) === 'agentos') {
    try {
      return { root: parsePython(source), errors: [], parser: 'agentos' };
    } catch {
      // declined (or any other failure of the fast path): tree-sitter, the reference, decides
    }
  }
  const { root, errors } = await parseSource('python', source);
  return { root, errors, parser: 'tree-sitter' };
}
