/**
 * The order in which the project pass lowers files: a file after the files that import it.
 *
 * What the project pass links into a file (calls of its functions, tool registrations) comes
 * from the files that import it. Lowered after all of them, a file can be checked with its
 * links as soon as it is lowered and its facts dropped at once, instead of being held to the
 * end of the pass, or checked early without links and lowered a second time when a later file
 * turns out to reach it (project.ts). The imports are found by a scan of the text, without a
 * parse: `from '…'`, `import '…'`, `require('…')` and `import('…')` in JavaScript and
 * TypeScript, `from … import …` and `import …` in Python, resolved like the facts' names
 * (`ModuleIndex`). The scan only orders the work: a reference it misses, or one it takes for
 * an import, costs time, never a finding (the project pass checks that what a file was
 * checked with is what the whole project links to it).
 */
import type { Language } from './facts.js';

const JS_IMPORT = /\b(?:from|import|require)\s*\(?\s*(['"])([^'"\n]{1,300})\1/g;
const PY_FROM = /^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+\(?([^\n#]*)/gm;
const PY_IMPORT = /^[ \t]*import[ \t]+([\w. \t,]+)/gm;

// the same patterns, tried at one offset (`lastIndex`): only at the start of a line that holds `import`
const PY_FROM_AT = new RegExp(PY_FROM.source, 'my');
const PY_IMPORT_AT = new RegExp(PY_IMPORT.source, 'my');

/**
 * The offsets where the lines holding `word` start, in order, each once; a line starts where
 * `^` matches in a multiline regular expression (the text's start, after \n, \r, U+2028 or
 * U+2029). A search for the word and a look back from it: the text is walked about once, where
 * a pattern starting with `^` is tried at every offset.
 */
function linesWith(text: string, word: string): number[] {
  const out: number[] = [];
  let lineStart = -1;
  // everything from lineStart up to here is known to be on one line
  let seen = 0;
  for (let q = text.indexOf(word); q >= 0; q = text.indexOf(word, q + word.length)) {
    let s = q;
    while (s > seen) {
      const c = text.charCodeAt(s - 1);
      if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) break;
      s--;
    }
    if (s > seen || lineStart < 0) {
      lineStart = s;
      out.push(s);
    }
    seen = q;
  }
  return out;
}

/** What `text.matchAll(pattern)` finds for a multiline pattern starting with `^` (sticky here), given the line starts where it can match. */
function* matchesAt(text: string, lineStarts: readonly number[], sticky: RegExp): Generator<RegExpExecArray> {
  let next = 0;
  for (const s of lineStarts) {
    // a match ends past this line start (a `\r` inside `[^\n#]*`): the global search goes on from its end too
    if (s < next) continue;
    sticky.lastIndex = s;
    const m = sticky.exec(text);
    if (!m) continue;
    next = sticky.lastIndex;
    yield m;
  }
}

/** The module names a file's text imports, written as the front ends write them in facts (`./db.js`, `pkg.db`, `.db`). */
export function scanImports(text: string, language: Language): string[] {
  const out: string[] = [];
  if (language === 'javascript' || language === 'typescript') {
    for (const m of text.matchAll(JS_IMPORT)) out.push(m[2]!);
  } else if (language === 'python') {
    const lines = linesWith(text, 'import');
    for (const m of matchesAt(text, lines, PY_FROM_AT)) {
      const from = m[1]!;
      if (from) out.push(from);
      // `from . import db`, `from pkg import db`: the names may be modules themselves
      for (const part of m[2]!.split(',')) {
        const name = /^\s*(\w+)/.exec(part)?.[1];
        if (name) out.push(from.endsWith('.') || !from ? `${from}${name}` : `${from}.${name}`);
      }
    }
    for (const m of matchesAt(text, lines, PY_IMPORT_AT)) {
      for (const part of m[1]!.split(',')) {
        const name = /^\s*([\w.]+)/.exec(part)?.[1];
        if (name) out.push(name);
      }
    }
  }
  return out;
}

/**
 * `files` in an order where each comes after the files among them that import it (as far as
 * cycles allow), with, for each file, how many of its importers there are among `files`.
 * `imports(i)`: the files file `i` imports (any file; those outside `files` are left out).
 * Deterministic: the same input gives the same order.
 */
export function importersFirst(files: readonly number[], imports: (i: number) => readonly number[]): { order: number[]; importers: Map<number, number> } {
  const member = new Set(files);
  const edges = new Map<number, number[]>();
  const importers = new Map<number, number>();
  for (const i of files) {
    importers.set(i, importers.get(i) ?? 0);
    const to = [...new Set(imports(i))].filter((j) => j !== i && member.has(j));
    edges.set(i, to);
    for (const j of to) importers.set(j, (importers.get(j) ?? 0) + 1);
  }
  // a depth-first walk along the imports: a file is finished after everything it imports,
  // so the reverse of the finishing order puts importers first (an explicit stack: import
  // chains can be thousands of files long)
  const finished: number[] = [];
  const state = new Map<number, 1 | 2>();
  for (const root of files) {
    if (state.has(root)) continue;
    state.set(root, 1);
    const stack: { node: number; next: number }[] = [{ node: root, next: 0 }];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const to = edges.get(top.node)!;
      if (top.next < to.length) {
        const j = to[top.next++]!;
        if (!state.has(j)) {
          state.set(j, 1);
          stack.push({ node: j, next: 0 });
        }
      } else {
        state.set(top.node, 2);
        finished.push(top.node);
        stack.pop();
      }
    }
  }
  return { order: finished.reverse(), importers };
}
