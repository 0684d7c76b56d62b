#!/usr/bin/env node
/**
 * Benchmark of `agentos check` on real code trees, side by side with what a user would
 * pick instead: Bandit on Python, ESLint with eslint-plugin-security on JavaScript.
 *
 *   npm run build && node test/bench/check.bench.mjs [--runs 3]
 *
 * Corpora (any machine can get them):
 *   python  /usr/lib/python3/dist-packages/django   apt-get install python3-django
 *   js      node_modules/@langchain/core/dist       (.js files; a devDependency)
 *   ts      node_modules/openai/src                 (.ts sources shipped in the package)
 * Comparators are installed on demand: Bandit from Debian (apt-get install bandit),
 * ESLint + eslint-plugin-security with npm into test/bench/.corpus/eslint (git-ignored).
 *
 * Each tool runs as a whole command (cold process, as a user runs it) `--runs` times;
 * the median wall time is reported with peak RSS from /usr/bin/time when available.
 * In-process throughput (parse + analysis only, one core) is measured separately: the first
 * pass over the corpus, and the median of six more once the JIT has compiled the engine.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from './files.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;

function countLines(files) {
  let n = 0;
  let bytes = 0;
  for (const f of files) {
    const t = readFileSync(f, 'utf8');
    bytes += t.length;
    for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) === 10) n++;
  }
  return { lines: n, bytes };
}

const hasTime = existsSync('/usr/bin/time');

/** Run a command; return wall seconds and peak RSS (MiB) if /usr/bin/time is there. */
function timeCommand(cmd, args, cwd) {
  const start = process.hrtime.bigint();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  let rss;
  if (hasTime) {
    const lines = r.stderr.trim().split('\n');
    rss = Number(lines[lines.length - 1]) / 1024;
  }
  return { wall, rss, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function bench(label, cmd, args, cwd, lines) {
  const results = [];
  for (let i = 0; i < RUNS; i++) results.push(timeCommand(cmd, args, cwd));
  const bad = results.find((r) => r.status === null || r.status > 1);
  if (bad) {
    console.log(`  ${label}: failed (exit ${bad.status}): ${bad.stderr.split('\n').slice(-3).join(' ')}`);
    return undefined;
  }
  const wall = median(results.map((r) => r.wall));
  const rss = results[0].rss;
  console.log(`  ${label.padEnd(34)} ${wall.toFixed(2).padStart(7)} s  ${Math.round(lines / wall).toLocaleString('en-US').padStart(10)} lines/s${rss ? `  peak ${rss.toFixed(0)} MiB` : ''}`);
  return { wall, rss };
}

function ensureEslint() {
  const dir = path.join(root, 'test', 'bench', '.corpus', 'eslint');
  if (!existsSync(path.join(dir, 'node_modules', 'eslint-plugin-security'))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), '{"name":"bench-eslint","private":true,"type":"module"}\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', 'eslint@9', 'eslint-plugin-security@3', 'typescript-eslint@8'], { cwd: dir, stdio: 'ignore' });
  }
  writeFileSync(
    path.join(dir, 'eslint.config.js'),
    `import security from 'eslint-plugin-security';
import tseslint from 'typescript-eslint';
export default [
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  { plugins: { security }, rules: Object.fromEntries(Object.keys(security.rules).map((r) => ['security/' + r, 'warn'])) },
];
`,
  );
  return dir;
}

/**
 * Parse, lowering and all rules in this process, one core: the first pass over the corpus
 * (the JIT still compiling) and then `PASSES` more, of which the median is the warm figure.
 */
const PASSES = 6;

async function inProcess(files, language) {
  const { factsFor, runRules } = await import(path.join(root, 'dist/analysis/engine.js'));
  const { loadRules } = await import(path.join(root, 'dist/policy/rules.js'));
  const { CHECK_NAMES } = await import(path.join(root, 'dist/analysis/checks/index.js'));
  const { defaultConfig } = await import(path.join(root, 'dist/config/load.js'));
  const rules = loadRules(undefined, CHECK_NAMES).map((rule) => ({ rule, severity: rule.severity, severityOverridden: false }));
  const config = defaultConfig(root);
  const texts = files.map((f) => [f, readFileSync(f, 'utf8')]).filter(([, t]) => t.length < 2 * 1024 * 1024);
  let lines = 0;
  for (const [, t] of texts) for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) === 10) lines++;
  // load the parsers once
  await factsFor('warm', texts[0][1], language(texts[0][0]));
  const secs = [];
  let findings = 0;
  for (let pass = 0; pass <= PASSES; pass++) {
    const start = process.hrtime.bigint();
    findings = 0;
    for (const [f, t] of texts) {
      const facts = await factsFor(f, t, language(f));
      findings += runRules(facts, t, rules, config).length;
    }
    secs.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  const warm = secs.slice(1).sort((a, b) => a - b);
  return { lines, first: secs[0], warm: warm[Math.floor(warm.length / 2)], best: warm[0], findings };
}

function reportInProcess(ip) {
  const rate = (s) => Math.round(ip.lines / s).toLocaleString('en-US');
  console.log(
    `  in-process, one core: first pass ${rate(ip.first)} lines/s (${ip.first.toFixed(2)} s); warm, median of ${PASSES} more passes ${rate(ip.warm)} lines/s (${ip.warm.toFixed(2)} s, best ${rate(ip.best)}); ${ip.findings} findings\n`,
  );
}

async function main() {
  const agentos = [path.join(root, 'bin', 'agentos.js')];
  if (!existsSync(path.join(root, 'dist', 'cli', 'main.js'))) throw new Error('run `npm run build` first');
  console.log(`agentos check benchmark — ${new Date().toISOString()}`);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`);
  console.log(`method: whole commands, median of ${RUNS} runs, cold process each run${hasTime ? ', peak RSS via /usr/bin/time' : ''}\n`);

  const django = '/usr/lib/python3/dist-packages/django';
  const { AVAILABLE_LANGUAGES } = await import(path.join(root, 'dist/analysis/engine.js'));
  if (!AVAILABLE_LANGUAGES.has('python')) {
    console.log('Python: the Python front end is not part of this build; skipped\n');
  } else if (existsSync(django)) {
    // only the .py files, copied outside dist-packages: both tools then read exactly the same files
    // (the package also holds JavaScript that Bandit would not read)
    const copy = path.join(root, 'test', 'bench', '.corpus', 'django-py');
    if (!existsSync(copy)) for (const f of listFiles(django, ['.py'])) cpSync(f, path.join(copy, path.relative(django, f)));
    const files = listFiles(copy, ['.py']);
    const { lines, bytes } = countLines(files);
    console.log(`Python: Django (${files.length} files, ${lines.toLocaleString('en-US')} lines, ${(bytes / 2 ** 20).toFixed(1)} MiB)`);
    const a = bench('agentos check', process.execPath, [...agentos, 'check', copy, '--format', 'json', '-o', '/dev/null', '--fail-on', 'none'], os.tmpdir(), lines);
    const wasm = bench('agentos check (AGENTOS_TREE_SITTER=wasm)', '/usr/bin/env', ['AGENTOS_TREE_SITTER=wasm', process.execPath, ...agentos, 'check', copy, '--format', 'json', '-o', '/dev/null', '--fail-on', 'none'], os.tmpdir(), lines);
    let b;
    if (existsSync('/usr/bin/bandit')) b = bench('bandit -r (Debian 1.6.2)', '/usr/bin/bandit', ['-r', copy, '-f', 'json', '-o', '/dev/null', '-q'], os.tmpdir(), lines);
    else console.log('  bandit: not installed (apt-get install bandit)');
    if (a && b) console.log(`  ratio: agentos takes ${(a.wall / b.wall).toFixed(2)}× Bandit's time${wasm ? ` (${(wasm.wall / b.wall).toFixed(2)}× on WebAssembly)` : ''}`);
    reportInProcess(await inProcess(files, () => 'python'));
  } else {
    console.log('Python corpus missing: apt-get install python3-django\n');
  }

  const jsDir = path.join(root, 'node_modules', '@langchain', 'core', 'dist');
  const tsDir = path.join(root, 'node_modules', 'openai', 'src');
  for (let [name, dir, exts] of [
    ['JavaScript: @langchain/core dist', jsDir, ['.js']],
    ['TypeScript: openai src', tsDir, ['.ts']],
  ]) {
    if (!existsSync(dir)) {
      console.log(`${name}: missing (${dir})\n`);
      continue;
    }
    // copy under the ESLint project so both tools see the same plain files (ESLint 9 ignores node_modules and files outside its base path)
    const copy = path.join(root, 'test', 'bench', '.corpus', 'eslint', 'corpus', path.basename(path.dirname(dir)) + '-' + path.basename(dir));
    if (!existsSync(copy)) cpSync(dir, copy, { recursive: true });
    dir = copy;
    const files = listFiles(dir, exts);
    const { lines, bytes } = countLines(files);
    console.log(`${name} (${files.length} files, ${lines.toLocaleString('en-US')} lines, ${(bytes / 2 ** 20).toFixed(1)} MiB)`);
    const a = bench('agentos check', process.execPath, [...agentos, 'check', dir, '--format', 'json', '-o', '/dev/null', '--fail-on', 'none'], os.tmpdir(), lines);
    let e;
    try {
      const eslintDir = ensureEslint();
      e = bench('eslint + eslint-plugin-security', process.execPath, [path.join(eslintDir, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--no-ignore', '--format', 'json', '-o', '/dev/null', dir], eslintDir, lines);
    } catch (err) {
      console.log(`  eslint: could not be installed (${err.message.split('\n')[0]})`);
    }
    if (a && e) console.log(`  ratio: agentos takes ${(a.wall / e.wall).toFixed(2)}× ESLint's time`);
    reportInProcess(await inProcess(files, (f) => (f.endsWith('.ts') ? 'typescript' : 'javascript')));
  }

  if (existsSync('/usr/bin/hyperfine')) {
    const r = spawnSync('/usr/bin/hyperfine', ['--warmup', '3', '--runs', '20', '--export-json', path.join(os.tmpdir(), 'agentos-version.json'), `${process.execPath} ${agentos[0]} --version`], { encoding: 'utf8' });
    if (r.status === 0) {
      const j = JSON.parse(readFileSync(path.join(os.tmpdir(), 'agentos-version.json'), 'utf8'));
      const node = spawnSync('/usr/bin/hyperfine', ['--warmup', '3', '--runs', '20', '--export-json', path.join(os.tmpdir(), 'node-e.json'), `${process.execPath} -e 0`], { encoding: 'utf8' });
      const base = node.status === 0 ? JSON.parse(readFileSync(path.join(os.tmpdir(), 'node-e.json'), 'utf8')).results[0].median : undefined;
      console.log(`agentos --version: median ${(j.results[0].median * 1000).toFixed(0)} ms (hyperfine, 20 runs)${base ? `; bare \`node -e 0\`: ${(base * 1000).toFixed(0)} ms` : ''}`);
    }
  } else {
    console.log('agentos --version: hyperfine not installed (apt-get install hyperfine)');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
