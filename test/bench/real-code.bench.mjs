#!/usr/bin/env node
/**
 * `agentos check` with the default configuration on real agent code any machine can get,
 * and the findings per rule and code context.
 *
 *   npm run build && node test/bench/real-code.bench.mjs            # download, check, print tables
 *   node test/bench/real-code.bench.mjs --sample 60 --seed 8        # also draw a seeded sample to read
 *
 * Corpora, downloaded into the git-ignored test/bench/.corpus/ (nothing is committed):
 *   npm   langchain, @langchain/community, @modelcontextprotocol/sdk, ai, @modelcontextprotocol/server-filesystem,
 *         @modelcontextprotocol/server-everything, @langchain/langgraph   (`npm pack`, the published files)
 *   apt   Debian's python3-django (/usr/lib/python3/dist-packages/django), when installed
 *         (apt-get install python3-django), and ansible-core's Python sources when installed
 * Published npm packages carry each module twice (ESM `.js` and CommonJS `.cjs`): the `.cjs`
 * copies are ignored through a configuration file written beside each package, which sets
 * nothing else, so every other setting is the default.
 *
 * Local checkouts instead of downloads (the agent repositories are on GitHub, which this script
 * does not fetch from): `--corpus <dir>`, repeatable; each is checked from inside its directory, so
 * its project root is the repository, and nothing is written there.
 *
 *   node test/bench/real-code.bench.mjs --corpus ~/src/OpenHands --corpus ~/src/crewAI --gating --sample 30 --seed 10
 *
 * `--gating` puts every finding that fails the default gate (production, medium or above) in the
 * sample and draws the `--sample N` others from all remaining findings, every context, stratified by rule.
 *
 * The JSON report of each corpus is kept in .corpus/results/<name>.json. `--sample N` draws
 * N findings with a seeded generator, stratified by rule over production code, and writes
 * them to .corpus/results/sample.json for hand reading; the judged samples are kept in
 * test/bench/precision-sample.json (`rounds`, one per judged sample, newest last).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = path.join(root, 'test', 'bench', '.corpus');
const results = path.join(corpus, 'results');
const bin = path.join(root, 'bin', 'agentos.js');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SAMPLE = Number(arg('--sample', '0'));
const SEED = Number(arg('--seed', '8'));
const GATING = process.argv.includes('--gating');
/** every value of a repeatable option */
const args = (name) => process.argv.flatMap((a, i) => (a === name && process.argv[i + 1] ? [process.argv[i + 1]] : []));
const LOCAL = args('--corpus').map((d) => path.resolve(d));
const RANK = { low: 1, medium: 2, high: 3, critical: 4 };
const gates = (f) => f.context === 'production' && RANK[f.severity] >= RANK.medium;

const NPM_PACKAGES = ['langchain', '@langchain/community', '@modelcontextprotocol/sdk', 'ai', '@modelcontextprotocol/server-filesystem', '@modelcontextprotocol/server-everything', '@langchain/langgraph'];
const APT_TREES = [
  { name: 'django', dir: '/usr/lib/python3/dist-packages/django', apt: 'python3-django' },
  { name: 'ansible', dir: '/usr/lib/python3/dist-packages/ansible', apt: 'ansible-core' },
];

/** `npm pack` a package into .corpus/npm/<name>, once; returns its directory. */
function fetchNpm(pkg) {
  const dest = path.join(corpus, 'npm', pkg.replace('/', '__'));
  const dir = path.join(dest, 'package');
  if (existsSync(dir)) return dir;
  mkdirSync(dest, { recursive: true });
  const out = execFileSync('npm', ['pack', pkg, '--json', '--pack-destination', dest], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const [{ filename, version }] = JSON.parse(out);
  execFileSync('tar', ['-xzf', path.join(dest, path.basename(filename)), '-C', dest]);
  writeFileSync(path.join(dest, 'VERSION'), `${pkg}@${version}\n`);
  // the CommonJS twin of every module: checked once, as ESM
  writeFileSync(path.join(dir, 'agentos.config.yaml'), 'ignore: ["**/*.cjs", "**/*.d.cts"]\n');
  return dir;
}

function check(name, dir) {
  const r = spawnSync(process.execPath, [bin, 'check', '--format', 'json', '--fail-on', 'none', '.'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${name}: agentos check exited ${r.status}: ${r.stderr.split('\n')[0]}`);
  const doc = JSON.parse(r.stdout);
  writeFileSync(path.join(results, `${name}.json`), JSON.stringify(doc, null, 1));
  return doc;
}

/** mulberry32: a small seeded generator, so a sample can be drawn again. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  return [line(header), '| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |', ...rows.map(line)].join('\n');
}

mkdirSync(results, { recursive: true });
const corpora = [];
for (const dir of LOCAL) {
  if (!existsSync(dir)) throw new Error(`--corpus ${dir}: no such directory`);
  corpora.push({ name: path.basename(dir), label: path.basename(dir), dir });
}
for (const pkg of LOCAL.length ? [] : NPM_PACKAGES) {
  try {
    corpora.push({ name: pkg.replace('/', '__'), label: pkg, dir: fetchNpm(pkg) });
  } catch (err) {
    console.error(`skipped ${pkg}: ${err.message.split('\n')[0]}`);
  }
}
for (const t of LOCAL.length ? [] : APT_TREES) {
  if (existsSync(t.dir)) corpora.push({ name: t.name, label: `Debian ${t.apt}`, dir: t.dir });
  else console.error(`skipped ${t.name}: ${t.dir} not found (apt-get install ${t.apt})`);
}

const CONTEXTS = ['production', 'test', 'example', 'docs', 'migration', 'script', 'eval'];
const all = [];
const perCorpus = [];
for (const c of corpora) {
  const started = Date.now();
  const doc = check(c.name, c.dir);
  const version = existsSync(path.join(c.dir, '..', 'VERSION')) ? execFileSync('cat', [path.join(c.dir, '..', 'VERSION')], { encoding: 'utf8' }).trim() : c.label;
  const byContext = Object.fromEntries(CONTEXTS.map((x) => [x, 0]));
  for (const f of doc.findings) {
    byContext[f.context] = (byContext[f.context] ?? 0) + 1;
    all.push({ corpus: c.name, dir: c.dir, ...f });
  }
  const production = doc.findings.filter((f) => f.context === 'production').length;
  const gating = doc.findings.filter(gates).length;
  perCorpus.push([version, doc.summary.files, ...CONTEXTS.map((x) => byContext[x]), production, gating, `${((Date.now() - started) / 1000).toFixed(1)} s`]);
}

console.log('\nFindings per corpus and context (default configuration):\n');
console.log(table(['corpus', 'files', ...CONTEXTS, 'in production', 'failing the gate', 'time'], perCorpus));

const rules = [...new Set(all.map((f) => f.ruleId))].sort();
console.log('\nFindings per rule and context, all corpora:\n');
console.log(
  table(
    ['rule', ...CONTEXTS, 'production by severity'],
    rules.map((r) => {
      const fs = all.filter((f) => f.ruleId === r);
      const prod = fs.filter((f) => f.context === 'production');
      const sev = ['critical', 'high', 'medium', 'low'].map((s) => prod.filter((f) => f.severity === s).length).join('/');
      return [r, ...CONTEXTS.map((x) => fs.filter((f) => f.context === x).length), sev];
    }),
  ),
);

if (SAMPLE > 0) {
  // stratified by rule over production findings (with --gating: over the findings that pass the gate, every
  // gate-failing one taken first): each rule gets its share, at least one
  const random = rng(SEED);
  const prod = GATING ? all.filter((f) => !gates(f)) : all.filter((f) => f.context === 'production');
  const byRule = new Map();
  for (const f of prod) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const picked = [];
  const quota = Math.max(1, Math.floor(SAMPLE / Math.max(1, byRule.size)));
  for (const [, fs] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
    const pool = [...fs];
    for (let i = 0; i < quota && pool.length; i++) picked.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  }
  const rest = prod.filter((f) => !picked.includes(f));
  while (picked.length < SAMPLE && rest.length) picked.push(rest.splice(Math.floor(random() * rest.length), 1)[0]);
  if (GATING) picked.unshift(...all.filter(gates));
  const sample = picked.map((f) => ({ corpus: f.corpus, file: f.file, line: f.line, ruleId: f.ruleId, severity: f.severity, context: f.context, message: f.message, fingerprint: f.fingerprint }));
  writeFileSync(path.join(results, 'sample.json'), JSON.stringify({ seed: SEED, size: sample.length, sample }, null, 1));
  console.log(`\nSample of ${sample.length} ${GATING ? '' : 'production '}findings (seed ${SEED}) written to ${path.relative(root, path.join(results, 'sample.json'))}`);
}
