#!/usr/bin/env node
/**
 * The benchmark table of the README's Performance section: per corpus, agentos cold, agentos
 * with a warm result cache, the alternative a user would run instead, the ratio, and the peak
 * RSS of both; then the scaling of `--jobs` on one and two cores.
 *
 *   npm run build && node test/bench/scale.bench.mjs [--runs 3] [--corpus <dir>]... [--no-defaults] [--no-scaling]
 *
 * Corpora (copied into the git-ignored test/bench/.corpus, split by language, so that both
 * tools read exactly the same files; `.d.ts` and node_modules left out):
 *   Django and ansible-core, Debian's python3-django and ansible-core packages (Python);
 *   @langchain/core dist and openai src from this repository's node_modules (JS/TS);
 *   any directory given with --corpus (its Python part and its JS/TS part are two rows).
 * Alternatives: Bandit (apt-get install bandit) for Python; ESLint 9 with
 * eslint-plugin-security and @microsoft/eslint-plugin-sdl, every rule of both on (but
 * sdl/no-insecure-random, which crashes without type information), installed
 * with npm into test/bench/.corpus/eslint, for JavaScript and TypeScript.
 *
 * Every figure is a whole command as a user runs it, a fresh process each time; the median
 * of --runs runs (default 3), peak RSS from /usr/bin/time. Cold: no result cache
 * (`--no-cache` when agentos has one). Warm: `--cache-location` a fresh temporary directory,
 * one run to fill it, then the timed runs with nothing changed; "n/a" when this build has no
 * result cache. Scaling: `taskset -c 0 ... --jobs 1` against `taskset -c 0,1 ... --jobs 2`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from './files.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const values = (name) => argv.flatMap((a, i) => (a === name && argv[i + 1] ? [argv[i + 1]] : []));
const RUNS = Number(values('--runs')[0] ?? 3);
const corpusDir = path.join(root, 'test', 'bench', '.corpus');
const agentos = path.join(root, 'bin', 'agentos.js');
const hasTime = existsSync('/usr/bin/time');
const hasTaskset = spawnSync('taskset', ['--version']).status === 0;

const PY = ['.py'];
const JS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

/** The files of `dir` with these extensions, copied to a directory of their own (once). */
function copyPart(name, dir, exts) {
  // ESLint 9 lints only files under its configuration's directory
  const copy = path.join(corpusDir, ...(exts === JS ? ['eslint', 'scale'] : ['scale']), name);
  if (!existsSync(copy)) {
    const files = listFiles(dir, exts);
    if (!files.length) return undefined;
    for (const f of files) cpSync(f, path.join(copy, path.relative(dir, f)));
  }
  const files = listFiles(copy, exts);
  let lines = 0;
  for (const f of files) {
    const t = readFileSync(f, 'utf8');
    for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) === 10) lines++;
  }
  return { dir: copy, files: files.length, lines };
}

function timeCommand(cmd, args, cwd, prefix = []) {
  const full = [...prefix, cmd, ...args];
  const start = process.hrtime.bigint();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', ...full], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(full[0], full.slice(1), { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const rss = hasTime ? Number(r.stderr.trim().split('\n').pop()) / 1024 : undefined;
  return { wall, rss, status: r.status, stderr: r.stderr };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median wall and the largest peak RSS of `RUNS` runs; undefined when a run failed. */
function bench(label, cmd, args, cwd, prefix) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const r = timeCommand(cmd, args, cwd, prefix);
    if (r.status === null || r.status > 1) {
      console.log(`  ${label}: failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
      return undefined;
    }
    runs.push(r);
  }
  const out = { wall: median(runs.map((r) => r.wall)), rss: Math.max(...runs.map((r) => r.rss ?? 0)) || undefined };
  console.log(`  ${label.padEnd(44)} ${out.wall.toFixed(2).padStart(7)} s${out.rss ? `  peak ${out.rss.toFixed(0)} MiB` : ''}`);
  return out;
}

function ensureEslint() {
  const dir = path.join(corpusDir, 'eslint');
  const need = ['eslint', 'eslint-plugin-security', 'typescript-eslint', '@microsoft/eslint-plugin-sdl'];
  if (!need.every((p) => existsSync(path.join(dir, 'node_modules', p)))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), '{"name":"bench-eslint","private":true,"type":"module"}\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', 'eslint@9', 'eslint-plugin-security@3', 'typescript-eslint@8', '@microsoft/eslint-plugin-sdl'], { cwd: dir, stdio: 'ignore' });
  }
  // every rule of both plugins, JS and TS through the typescript-eslint parser (JSX on)
  writeFileSync(
    path.join(dir, 'scale.config.js'),
    `import security from 'eslint-plugin-security';
import sdl from '@microsoft/eslint-plugin-sdl';
import tseslint from 'typescript-eslint';
// no-insecure-random throws a TypeError on plain JavaScript without type information (ESLint exits 2)
const off = { '@microsoft/sdl/no-insecure-random': 'off' };
const all = (prefix, plugin) => Object.fromEntries(Object.keys(plugin.rules).map((r) => [prefix + '/' + r, 'warn']));
export default [
  { files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'], languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } } },
  { plugins: { security, '@microsoft/sdl': sdl }, rules: { ...all('security', security), ...all('@microsoft/sdl', sdl), ...off } },
];
`,
  );
  return dir;
}

/** Does the machine give this process two cores? The same CPU loop alone, then with a second thread running it too. */
function cpuControl() {
  const script = `
const { Worker } = require('node:worker_threads');
const loop = 'let x = 0; for (let i = 0; i < 2e8; i++) x += Math.sqrt(i); x';
let t = Date.now(); eval(loop); const alone = Date.now() - t;
const w = new Worker(loop + '; require("node:worker_threads").parentPort.postMessage(0)', { eval: true });
t = Date.now(); eval(loop); const both = Date.now() - t;
w.on('message', () => { console.log(alone + ' ' + both); w.terminate(); });`;
  const r = spawnSync('taskset', ['-c', '0,1', process.execPath, '-e', script], { encoding: 'utf8' });
  const [alone, both] = r.stdout.trim().split(' ').map(Number);
  return { alone: alone / 1000, both: both / 1000 };
}

function cacheSupported() {
  const r = spawnSync(process.execPath, [agentos, 'check', '--help'], { encoding: 'utf8' });
  return /--cache-location/.test(r.stdout) && /--no-cache/.test(r.stdout);
}

function corpora() {
  const list = [];
  if (!flag('--no-defaults')) {
    list.push(['Django (Debian python3-django)', '/usr/lib/python3/dist-packages/django', 'django']);
    list.push(['ansible-core (Debian)', '/usr/lib/python3/dist-packages/ansible', 'ansible']);
    list.push(['@langchain/core dist', path.join(root, 'node_modules', '@langchain', 'core', 'dist'), 'langchain-core']);
    list.push(['openai src', path.join(root, 'node_modules', 'openai', 'src'), 'openai']);
  }
  for (const dir of values('--corpus')) list.push([path.basename(path.resolve(dir)), path.resolve(dir), `corpus-${path.basename(path.resolve(dir))}`]);
  const parts = [];
  for (const [label, dir, key] of list) {
    if (!existsSync(dir)) {
      console.log(`${label}: missing (${dir})`);
      continue;
    }
    const py = copyPart(`${key}-py`, dir, PY);
    const js = copyPart(`${key}-js`, dir, JS);
    // a handful of files in the other language of a corpus is no benchmark
    if (py && py.files >= 20) parts.push({ label: `${label}, Python`, kind: 'python', ...py });
    if (js && js.files >= 20) parts.push({ label: `${label}, JS/TS`, kind: 'js', ...js });
  }
  return parts;
}

async function main() {
  if (!existsSync(path.join(root, 'dist', 'cli', 'main.js'))) throw new Error('run `npm run build` first');
  console.log(`agentos scale benchmark — ${new Date().toISOString()}`);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`method: whole commands, fresh process each, median of ${RUNS}, peak RSS (max of the runs) via /usr/bin/time\n`);
  const cache = cacheSupported();
  const eslintDir = ensureEslint();
  const bandit = existsSync('/usr/bin/bandit') ? '/usr/bin/bandit' : undefined;
  const base = ['check', '--format', 'json', '-o', '/dev/null', '--fail-on', 'none'];
  const rows = [];
  for (const part of corpora()) {
    console.log(`${part.label}: ${part.files} files, ${part.lines.toLocaleString('en-US')} lines`);
    const cold = bench('agentos check, cold', process.execPath, [agentos, ...base, ...(cache ? ['--no-cache'] : []), part.dir], os.tmpdir());
    let warm;
    if (cache) {
      const loc = mkdtempSync(path.join(os.tmpdir(), 'agentos-bench-cache-'));
      const args = [agentos, ...base, '--cache-location', loc, part.dir];
      timeCommand(process.execPath, args, os.tmpdir());
      warm = bench('agentos check, warm cache', process.execPath, args, os.tmpdir());
      rmSync(loc, { recursive: true, force: true });
    }
    let alt;
    let altName;
    if (part.kind === 'python') {
      altName = 'Bandit';
      if (bandit) alt = bench('bandit -r', bandit, ['-r', part.dir, '-f', 'json', '-o', '/dev/null', '-q'], os.tmpdir());
      else console.log('  bandit: not installed (apt-get install bandit)');
    } else {
      altName = 'ESLint + security + sdl';
      alt = bench('eslint (security, @microsoft/sdl)', process.execPath, [path.join(eslintDir, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--config', path.join(eslintDir, 'scale.config.js'), '--no-ignore', '--format', 'json', '-o', '/dev/null', part.dir], eslintDir);
    }
    rows.push({ part, cold, warm, alt, altName });
  }

  const fmt = (r) => (r ? `${r.wall.toFixed(2)} s` : 'n/a');
  const mib = (r) => (r?.rss ? `${r.rss.toFixed(0)} MiB` : 'n/a');
  console.log('\n| corpus | files | lines | agentos cold | agentos warm cache | the alternative | alternative / agentos cold | peak RSS agentos | peak RSS alternative |');
  console.log('| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |');
  for (const { part, cold, warm, alt, altName } of rows) {
    const ratio = cold && alt ? `${(alt.wall / cold.wall).toFixed(1)}×` : 'n/a';
    console.log(`| ${part.label} | ${part.files.toLocaleString('en-US')} | ${part.lines.toLocaleString('en-US')} | ${fmt(cold)} | ${cache ? fmt(warm) : 'n/a'} | ${altName}: ${fmt(alt)} | ${ratio} | ${mib(cold)} | ${mib(alt)} |`);
  }

  if (!flag('--no-scaling') && hasTaskset && os.cpus().length >= 2) {
    const control = cpuControl();
    console.log(`\nControl: a CPU loop took ${control.alone.toFixed(2)} s alone and ${control.both.toFixed(2)} s while a second thread ran the same loop (two free cores: about the same)`);
    console.log('\nScaling of --jobs (taskset; cold, no cache):');
    console.log('| corpus | 1 core, --jobs 1 | 2 cores, --jobs 2 | speed-up | CPU time 1 / 2 |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const { part } of rows) {
      const once = (cpus, jobs) => {
        const start = process.hrtime.bigint();
        const t = spawnSync('/usr/bin/time', ['-f', '%U %S', 'taskset', '-c', cpus, process.execPath, agentos, ...base, '--jobs', String(jobs), ...(cache ? ['--no-cache'] : []), part.dir], { encoding: 'utf8' });
        const wall = Number(process.hrtime.bigint() - start) / 1e9;
        const [user, sys] = t.stderr.trim().split('\n').pop().split(' ').map(Number);
        return { wall, cpu: user + sys };
      };
      // the two settings alternate, so that a change in the machine's load hits both
      const one = [];
      const two = [];
      for (let i = 0; i < RUNS; i++) {
        one.push(once('0', 1));
        two.push(once('0,1', 2));
      }
      const w1 = median(one.map((r) => r.wall));
      const w2 = median(two.map((r) => r.wall));
      console.log(`| ${part.label} | ${w1.toFixed(2)} s | ${w2.toFixed(2)} s | ${(w1 / w2).toFixed(2)}× | ${median(one.map((r) => r.cpu)).toFixed(1)} / ${median(two.map((r) => r.cpu)).toFixed(1)} s |`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
