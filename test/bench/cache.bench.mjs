#!/usr/bin/env node
/**
 * The result cache and peak memory of `agentos check` on whole source trees: for each tree, a
 * cold run (an empty cache), a warm run (nothing changed) and a run with --no-cache; whole
 * process, wall time and peak RSS from /usr/bin/time -v; the JSON reports of the three must be
 * byte for byte the same (exit 1 otherwise).
 *
 *   npm run build && node test/bench/cache.bench.mjs /path/to/tree [/path/to/other ...]
 *
 * Trees are read, never written: the cache goes to a fresh temporary directory per tree.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'agentos.js');
const trees = process.argv.slice(2);
if (!trees.length) {
  console.error('usage: node test/bench/cache.bench.mjs <tree> [<tree> ...]');
  process.exit(2);
}

/** One `agentos check` under /usr/bin/time -v: seconds, peak RSS in MB, the JSON report. */
function check(dir, extra, out) {
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, bin, 'check', '--format', 'json', '-o', out, ...extra, '.'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`agentos check failed in ${dir}: ${r.stderr}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return { seconds, rssMb: Math.round(Number(rss[1]) / 1024), report: readFileSync(out, 'utf8') };
}

const rows = [];
for (const tree of trees) {
  const dir = path.resolve(tree);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'agentos-cache-bench-'));
  const cache = ['--cache-location', path.join(scratch, 'cache')];
  const cold = check(dir, cache, path.join(scratch, 'cold.json'));
  const warm = check(dir, cache, path.join(scratch, 'warm.json'));
  const none = check(dir, ['--no-cache'], path.join(scratch, 'none.json'));
  const { summary } = JSON.parse(cold.report);
  rows.push({
    tree: path.basename(dir),
    files: summary.files,
    cold: cold.seconds,
    warm: warm.seconds,
    ratio: `${((warm.seconds / cold.seconds) * 100).toFixed(1)} %`,
    noCache: none.seconds,
    rssCold: cold.rssMb,
    rssWarm: warm.rssMb,
    rssNoCache: none.rssMb,
    same: cold.report === warm.report && cold.report === none.report,
  });
  rmSync(scratch, { recursive: true, force: true });
}

console.log(`| tree | files | cold s | warm s | warm/cold | --no-cache s | peak RSS cold / warm / --no-cache MB | reports identical |`);
console.log(`|---|---|---|---|---|---|---|---|`);
for (const r of rows)
  console.log(`| ${r.tree} | ${r.files} | ${r.cold.toFixed(2)} | ${r.warm.toFixed(2)} | ${r.ratio} | ${r.noCache.toFixed(2)} | ${r.rssCold} / ${r.rssWarm} / ${r.rssNoCache} | ${r.same ? 'yes' : 'NO'} |`);
if (rows.some((r) => !r.same)) process.exit(1);
