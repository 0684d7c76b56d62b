#!/usr/bin/env node
/**
 * Compare the fast Python parser with tree-sitter on every .py file under the given
 * directories: the first difference per file, the files the fast parser declines, and the
 * time of each (tree-sitter's parse + copy against the fast parser's tokenize + parse),
 * in one process.
 *
 * With --facts it also compares the front end's facts (analyzePython) from both parsers.
 *
 *   npm run build && node test/bench/pyparse-compare.mjs DIR... [--quiet] [--facts] [--declines] [--limit N]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseSource } from '../../dist/analysis/treesitter.js';
import { parsePython, Decline } from '../../dist/analysis/pyparse/parser.js';
import { analyzePython } from '../../dist/analysis/python.js';
import { treeDifference } from '../../dist/analysis/pyparse/compare.js';

const args = process.argv.slice(2);
const quiet = args.includes('--quiet');
const li = args.indexOf('--limit');
const limit = li >= 0 ? Number(args[li + 1]) : Infinity;
const dirs = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--limit');

function* pyFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'node_modules' || e.name === '.git') continue;
      yield* pyFiles(p);
    } else if (e.isFile() && e.name.endsWith('.py')) yield p;
  }
}

const withFacts = args.includes('--facts');
let factsDiffer = 0;
async function factsWith(parser, file, src) {
  process.env.AGENTOS_PY_PARSER = parser;
  try {
    return JSON.stringify(await analyzePython(file, src));
  } finally {
    delete process.env.AGENTOS_PY_PARSER;
  }
}

let files = 0;
let declined = 0;
let differ = 0;
let syntaxErrors = 0;
let tsTime = 0;
let fastTime = 0;
let bytes = 0;
const reasons = new Map();
for (const dir of dirs) {
  for (const file of pyFiles(dir)) {
    if (files >= limit) break;
    let src;
    try {
      if (statSync(file).size > 2_000_000) continue;
      src = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    files++;
    bytes += src.length;
    let t0 = performance.now();
    const ts = await parseSource('python', src);
    tsTime += performance.now() - t0;
    t0 = performance.now();
    let fast;
    try {
      fast = parsePython(src);
    } catch (err) {
      if (!(err instanceof Decline)) throw new Error(`${file}: ${err.stack}`);
      fastTime += performance.now() - t0;
      declined++;
      if (ts.errors.length) syntaxErrors++;
      const r = err.message.replace(/ at offset \d+$/, '');
      reasons.set(r, (reasons.get(r) ?? 0) + 1);
      if (!quiet && !ts.errors.length && args.includes('--declines')) console.log(`DECLINE ${file}: ${err.message}`);
      continue;
    }
    fastTime += performance.now() - t0;
    if (ts.errors.length) {
      differ++;
      console.log(`ACCEPTED-WITH-ERRORS ${file}`);
      continue;
    }
    if (withFacts && (await factsWith('tree-sitter', file, src)) !== (await factsWith('agentos', file, src))) {
      factsDiffer++;
      console.log(`FACTS DIFFER ${file}`);
    }
    const d = treeDifference(ts.root, fast, src);
    if (d) {
      differ++;
      if (!quiet) console.log(`DIFF ${file}: ${d}`);
    }
  }
}
console.log(`${files} files, ${(bytes / 1e6).toFixed(1)} M chars: ${differ} differ${withFacts ? ` (facts: ${factsDiffer} differ)` : ''}, ${declined} declined (${syntaxErrors} with syntax errors)`);
console.log(`tree-sitter parse+copy ${tsTime.toFixed(0)} ms, fast parser ${fastTime.toFixed(0)} ms (${(tsTime / fastTime).toFixed(2)}x)`);
const top = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 15);
for (const [r, c] of top) console.log(`  declined ${c}: ${r}`);
