/**
 * `agentos check` as a library call: discover files, read them, run the engine,
 * and collect findings, errors and skipped files.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ResolvedConfig } from '../config/types.js';
import type { RuleDefinition, Severity } from '../policy/types.js';
import { SEVERITIES, severityRank } from '../policy/types.js';
import { withSeverity } from '../policy/rules.js';
import type { FileJob, FileResult } from './analyze.js';
import type { ActiveRule } from './engine.js';
import { contextOfUnread } from './file-context.js';
import { AVAILABLE_LANGUAGES, languageOf } from './languages.js';
import type { AnalysisError, CheckResult, Finding } from './findings.js';
import type { Language } from './facts.js';
import { ignoreMatcher } from './glob.js';
import { analyzeProjectCached, packageFingerprint, type CacheSettings } from './cache.js';
import { FileIndex, SourceTexts, decodeText, hasUtf16Bom } from './file-index.js';
import { readPathAliases } from './path-aliases.js';
import type { Shard } from './shard.js';
import { threadCount } from './threads.js';
import { tuneForLongRun } from './jit.js';
import { markPhase } from './phase-times.js';

const execFileAsync = promisify(execFile);

/** A problem with how check was called (a path that does not exist): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CheckOptions {
  /** files and directories to scan (default: cwd) */
  paths?: string[];
  cwd: string;
  config: ResolvedConfig;
  rules: RuleDefinition[];
  /** only these rule ids */
  only?: string[];
  /** never these rule ids */
  disable?: string[];
  /** report findings at or above this severity (default low) */
  minSeverity?: Severity;
  /** files larger than this many bytes are skipped (default 2 MiB) */
  maxFileSize?: number;
  /** content to analyze instead of the file on disk (staged blobs), by relative path */
  contents?: Map<string, string>;
  /** the text of `.agentosignore` to use instead of the file next to the configuration (the staged one) */
  ignoreFileText?: string;
  /** check only these of the discovered files (relative to cwd, forward slashes): the files a diff touches */
  limitTo?: ReadonlySet<string>;
  /** report suppressions that silence nothing */
  reportUnusedSuppressions?: boolean;
  /** check only this shard of the files (shard.ts) */
  shard?: Shard;
  /** threads for the analysis (`--jobs`; default: the cores, or 1 for a small workload) */
  jobs?: number;
  /** how file bytes are read (default fs.readFile); embedders can serve editor buffers */
  readFile?: (absolutePath: string) => Promise<Buffer>;
  /** keep and reuse per-file results in this cache (cache.ts); none by default */
  cache?: CacheSettings;
}

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

/** The ignore file read beside the configuration (gitignore syntax), on top of `ignore:`. */
export const IGNORE_FILE = '.agentosignore';

/** `ignore:` patterns and the lines of `.agentosignore`, both relative to the configuration's directory. */
async function ignoreLines(config: ResolvedConfig, fileText: string | undefined): Promise<string[]> {
  const text = fileText ?? (await readFile(path.join(config.baseDir, IGNORE_FILE), 'utf8').catch(() => ''));
  return text ? [...config.ignore, ...text.split(/\r?\n/)] : config.ignore;
}

/** Directories never worth scanning, also outside git. */
const ALWAYS_SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.pytest_cache']);

/** Which rules run, with which severity, for a config and command-line selection. */
export function activeRules(rules: RuleDefinition[], config: ResolvedConfig, only?: string[], disable?: string[]): ActiveRule[] {
  const known = new Set(rules.map((r) => r.id));
  for (const id of [...(only ?? []), ...(disable ?? [])]) {
    if (!known.has(id)) throw new UsageError(`unknown rule id \`${id}\` (run \`agentos rules\` for the list)`);
  }
  const out: ActiveRule[] = [];
  for (const rule of rules) {
    if (disable?.includes(rule.id)) continue;
    const override = config.rules[rule.id];
    if (override === 'off') continue;
    const selected = only?.length ? only.includes(rule.id) : rule.presets.includes(config.policy);
    // a severity set in the config turns a rule on even outside its presets
    if (!selected && !(override && !only?.length)) continue;
    out.push({ rule, severity: override ?? rule.severity, severityOverridden: override !== undefined });
  }
  return out;
}

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/**
 * `toPosix(path.relative(base, abs))` for many files (`abs` absolute and normalized, as the walk
 * and git give them): a file under `base` by cutting the prefix; any other file as the relative
 * path of its directory and its name, the directory's from its parent's, so that path.relative
 * runs only for the directories that `base` lies under (and files in a root directory).
 * path.relative resolves both paths again on every call, which was a tenth of a re-run with a
 * warm cache, and every file of a tree outside the working directory took that way (the
 * benchmark's case).
 */
export function relativeTo(base: string): (abs: string) => string {
  const prefix = base.endsWith(path.sep) ? base : base + path.sep;
  const dirs = new Map<string, string>();
  // (a path that `base` lies under, or one in a root directory, is left to path.relative)
  const direct = (p: string, cut: number) => cut <= 0 || p.indexOf(path.sep) === cut || prefix.startsWith(p + path.sep);
  const dirRelative = (dir: string): string => {
    let r = dirs.get(dir);
    if (r === undefined) {
      const cut = dir.lastIndexOf(path.sep);
      if (direct(dir, cut)) r = toPosix(path.relative(base, dir));
      else {
        const up = dirRelative(dir.slice(0, cut));
        const name = dir.slice(cut + 1);
        r = up === '' ? name : `${up}/${name}`;
      }
      dirs.set(dir, r);
    }
    return r;
  };
  return (abs) => {
    if (abs.startsWith(prefix) && abs.length > prefix.length) return toPosix(abs.slice(prefix.length));
    const cut = abs.lastIndexOf(path.sep);
    if (direct(abs, cut)) return toPosix(path.relative(base, abs));
    const up = dirRelative(abs.slice(0, cut));
    const name = abs.slice(cut + 1);
    return up === '' ? name : `${up}/${name}`;
  };
}

async function gitListFiles(dir: string): Promise<string[] | undefined> {
  try {
    // one process: tracked (H), untracked and not ignored (?) and deleted from the work tree (R),
    // each path after its tag; a deleted file is listed as tracked too, and left out
    const { stdout } = await execFileAsync('git', ['ls-files', '-z', '-t', '--cached', '--others', '--deleted', '--exclude-standard'], { cwd: dir, maxBuffer: 256 * 1024 * 1024 });
    const entries = stdout.split('\0').filter((e) => e.length > 2);
    const gone = new Set(entries.filter((e) => e.startsWith('R ')).map((e) => e.slice(2)));
    const out: string[] = [];
    for (const e of entries) {
      const f = e.slice(2);
      if (e[0] !== 'R' && !gone.has(f)) out.push(path.join(dir, f));
    }
    return out;
  } catch {
    return undefined;
  }
}

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    // (at once, like the stats of run.ts: a listing is in the page cache, and a promise per directory cost more than the call)
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  // (`dir` is absolute and normalized: joined by hand, which costs a tenth of `path.join`)
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  for (const e of entries) {
    const full = prefix + e.name;
    if (e.isDirectory()) {
      if (!ALWAYS_SKIPPED_DIRS.has(e.name)) walk(full, out);
    } else if (e.isFile() || e.isSymbolicLink()) {
      // symlinks are listed, never followed as directories: a link loop cannot trap the walk
      out.push(full);
    }
  }
}

/**
 * Files under `paths`: what git lists (tracked and untracked, not ignored) where there is a
 * repository, else a walk. Every path is stat-ed and every git process started before the
 * first `await`, so a caller can do other work while git runs.
 */
export async function discover(paths: string[], cwd: string): Promise<{ files: string[]; explicit: Set<string> }> {
  const parts = paths.map((p) => {
    const abs = path.resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') throw new UsageError(`${p}: symbolic link loop`);
      throw new UsageError(`${p}: no such file or directory`);
    }
    return { abs, listed: st.isDirectory() ? gitListFiles(abs) : undefined };
  });
  const files: string[] = [];
  const explicit = new Set<string>();
  for (const { abs, listed: listing } of parts) {
    if (listing) {
      const listed = await listing;
      // a directory git ignores as a whole (named explicitly) is still checked, by walking it
      if (listed && listed.length) files.push(...listed.filter((f) => !f.split(path.sep).some((seg) => seg === 'node_modules')));
      else walk(abs, files);
    } else {
      files.push(abs);
      explicit.add(abs);
    }
  }
  return { files: [...new Set(files)], explicit };
}

function looksBinary(buf: Buffer): boolean {
  if (hasUtf16Bom(buf)) return false;
  const n = Math.min(buf.length, 8000);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
}

/** Files read at once. */
const READ_AHEAD = 16;

/**
 * `items.map(fn)` with at most `limit` calls under way; results in the order of `items`. A call
 * that answers without a promise is taken at once (no turn of the event loop per item).
 */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => R | Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      const r = fn(items[i]!);
      out[i] = r instanceof Promise ? await r : r;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * A file left unanalyzed because it is too large or binary, in non-production code (a test's
 * recorded HTTP cassette, an example's data file): like that code's findings and syntax errors,
 * it does not fail the gate. Its context comes from its path, as the file is not read.
 */
function unreadInContext(s: AnalysisError, cwd: string, config: ResolvedConfig): AnalysisError {
  if (!s.kind) return s;
  const abs = path.resolve(cwd, s.file);
  const context = contextOfUnread(s.file, toPosix(path.relative(config.baseDir, abs)), config);
  return context === 'production' ? s : { ...s, gating: false, context };
}

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const { cwd, config } = options;
  const active = activeRules(options.rules, config, options.only, options.disable);
  const maxSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const min = severityRank(options.minSeverity ?? 'low');
  const findings: Finding[] = [];
  const errors: AnalysisError[] = [];
  const skipped: AnalysisError[] = [];
  const sources = new SourceTexts();
  const jobs: FileJob[] = [];
  let fileCount = 0;

  // git lists the files while the file index, the ignore file and the package's fingerprint are read
  const listing = options.contents ? undefined : discover(options.paths?.length ? options.paths : ['.'], cwd);
  // (awaited below, after other work: a rejection is not left unhandled meanwhile)
  listing?.catch(() => {});
  // unchanged files known to the cache are read only when their text is needed (file-index.ts)
  const index = options.cache && !options.contents && !options.limitTo && !options.readFile ? new FileIndex(options.cache, cwd, options.paths ?? []) : undefined;
  const ignoring = ignoreLines(config, options.ignoreFileText);
  if (options.cache) packageFingerprint();
  markPhase('file index read');
  let candidates: string[];
  let explicit = new Set<string>();
  if (!listing) {
    candidates = [...options.contents!.keys()].map((f) => path.resolve(cwd, f));
  } else {
    const d = await listing;
    candidates = options.limitTo ? d.files.filter((f) => options.limitTo!.has(toPosix(path.relative(cwd, f)))) : d.files;
    explicit = d.explicit;
  }
  candidates.sort();
  markPhase('files listed');
  const ignored = ignoreMatcher(await ignoring);
  const cacheDir = options.cache && path.resolve(cwd, options.cache.location);

  type Outcome = { job: FileJob } | { skipped: AnalysisError } | { error: AnalysisError } | undefined;
  const fromCwd = relativeTo(path.resolve(cwd));
  // (the configuration's directory is the working directory when there is no configuration file)
  const fromConfig = path.resolve(config.baseDir) === path.resolve(cwd) ? fromCwd : relativeTo(path.resolve(config.baseDir));

  /** A file's bytes as a job (or why it is skipped), and the file index told of it. */
  const fromBytes = (buf: Buffer, rel: string, relToConfig: string, language: Language): Outcome => {
    if (looksBinary(buf)) return { skipped: { file: rel, message: 'skipped: binary content', kind: 'binary' } };
    return fromText(decodeText(buf), rel, relToConfig, language);
  };
  const fromText = (text: string, rel: string, relToConfig: string, language: Language): Outcome => {
    if (!AVAILABLE_LANGUAGES.has(language)) return { skipped: { file: rel, message: `skipped: ${language} analysis is not available in this version` } };
    const job = { rel, text, language, relToConfig };
    index?.read(job);
    return { job };
  };

  /** What a file that could not be stat-ed or read is reported as. */
  const unreadable = async (err: unknown, abs: string, rel: string, language: Language | undefined): Promise<Outcome> => {
    const code = (err as NodeJS.ErrnoException).code;
    const brokenLink = code === 'ENOENT' && (await lstat(abs).then((l) => l.isSymbolicLink(), () => false));
    const message =
      brokenLink
        ? 'broken symbolic link'
        : code === 'ENOENT'
        ? 'file vanished while scanning'
        : code === 'ELOOP'
          ? 'symbolic link loop'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : `could not be read (${code ?? (err as Error).message})`;
    return language || explicit.has(abs) ? { error: { file: rel, message } } : undefined;
  };

  /** A file of `language` (known from its name or shebang) on disk: stat-ed, then taken from the file index or read. */
  const fromDisk = (abs: string, rel: string, relToConfig: string, language: Language): Outcome | Promise<Outcome> => {
    let buf: Buffer | Promise<Buffer>;
    try {
      // (a stat is one short system call: made at once, not through the thread pool, where a
      // promise per file costs more than the call when most files come from the file index)
      const s = statSync(abs, { bigint: true });
      if (s.isDirectory()) return undefined;
      if (s.size > maxSize) return { skipped: { file: rel, message: `skipped: ${s.size} bytes is over the size limit of ${maxSize} bytes (--max-file-size)`, kind: 'too-large' } };
      const known = AVAILABLE_LANGUAGES.has(language) ? index?.known(abs, s, { rel, language, relToConfig }) : undefined;
      if (known) return { job: known };
      // read at once, like the stat above: a checked file is almost always in the page cache
      // (just edited, checked out or built), where a synchronous read costs a fifth of one
      // made through the thread pool with a promise per step (0.03 s against 0.16 s for
      // 1,152 files here); an embedder's own `readFile` is awaited
      buf = options.readFile ? options.readFile(abs) : readFileSync(abs);
    } catch (err) {
      return unreadable(err, abs, rel, language);
    }
    if (!(buf instanceof Promise)) return fromBytes(buf, rel, relToConfig, language);
    return buf.then(
      (b) => fromBytes(b, rel, relToConfig, language),
      (err) => unreadable(err, abs, rel, language),
    );
  };

  /** A name without a dot: a script when its first line is a shebang of ours (languageOf reads it only for such names). */
  const fromShebang = async (abs: string, rel: string, relToConfig: string): Promise<Outcome> => {
    let language: Language | undefined;
    try {
      const l = await lstat(abs);
      if (!l.isSymbolicLink() && l.size > 0 && l.size < 1_000_000) {
        const head = (await readFile(abs)).subarray(0, 200).toString('utf8');
        language = languageOf(abs, head.split('\n')[0]);
      }
    } catch (err) {
      return unreadable(err, abs, rel, undefined);
    }
    if (!language) return explicit.has(abs) ? { skipped: { file: rel, message: 'not a supported file type' } } : undefined;
    return fromDisk(abs, rel, relToConfig, language);
  };

  /** One candidate: without a promise unless it has to wait (an embedder's `readFile`, a shebang, an error). */
  const readOne = (abs: string): Outcome | Promise<Outcome> => {
    const rel = fromCwd(abs) || path.basename(abs);
    const relToConfig = fromConfig(abs);
    if (ignored(relToConfig)) return undefined;
    // the configuration of this check is validated when it is loaded, not checked as a file
    if (abs === config.file) return undefined;
    // nor is the result cache, wherever --cache-location put it
    if (cacheDir && (abs === cacheDir || abs.startsWith(cacheDir + path.sep))) return undefined;
    const language = languageOf(abs);
    if (options.contents) {
      let text = options.contents.get(rel) ?? options.contents.get(path.relative(cwd, abs)) ?? '';
      const lang = language ?? languageOf(abs, text.slice(0, 200).split('\n')[0]);
      if (!lang) return undefined;
      const size = Buffer.byteLength(text);
      if (size > maxSize) return { skipped: { file: rel, message: `skipped: ${size} bytes is over the size limit of ${maxSize} bytes (--max-file-size)`, kind: 'too-large' } };
      if (text.slice(0, 8000).includes('\0')) return { skipped: { file: rel, message: 'skipped: binary content', kind: 'binary' } };
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      return fromText(text, rel, relToConfig, lang);
    }
    if (language) return fromDisk(abs, rel, relToConfig, language);
    // a name with an extension that is not ours is never looked into (not even with lstat: most files of a tree are such)
    if (path.basename(abs).includes('.')) return explicit.has(abs) ? { skipped: { file: rel, message: 'not a supported file type' } } : undefined;
    return fromShebang(abs, rel, relToConfig);
  };

  // files are taken in order (an embedder's `readFile`, and the shebang reads of names without
  // a dot, run several at a time)
  for (const outcome of await mapConcurrently(candidates, READ_AHEAD, readOne)) {
    if (!outcome) continue;
    if ('skipped' in outcome) skipped.push(unreadInContext(outcome.skipped, cwd, config));
    else if ('error' in outcome) errors.push(outcome.error);
    else {
      fileCount++;
      sources.add(outcome.job);
      jobs.push(outcome.job);
    }
  }

  markPhase('files looked at');
  // the files as one project: tools registered and helpers called across modules (project.ts)
  // (tsconfig `paths` resolve JavaScript and TypeScript imports only: not read for a run without them)
  const scripts = jobs.filter((j) => j.language === 'javascript' || j.language === 'typescript').map((j) => j.rel);
  const aliases = scripts.length ? readPathAliases(cwd, scripts) : [];
  // (the shard module, the worker pool and the project pass are loaded when used: a run that
  // takes every result from the cache loads no front end, check or engine)
  const sharding = options.shard && (await import('./shard.js'));
  const scope = options.shard && sharding && sharding.shardScope(jobs, options.shard, aliases);
  let shard: CheckResult['shard'];
  if (scope && sharding) {
    // a shard reports its own files only; what is not analyzed goes by path
    shard = { index: options.shard!.index, count: options.shard!.count, files: jobs.length, inputs: sharding.inputsDigest(jobs, [...errors, ...skipped]) };
    const mine = (e: AnalysisError) => sharding.shardOfPath(e.file, options.shard!.count) === options.shard!.index - 1;
    errors.splice(0, errors.length, ...errors.filter(mine));
    skipped.splice(0, skipped.length, ...skipped.filter(mine));
    fileCount = jobs.filter((_, i) => scope.own(i)).length;
    jobs.forEach((j, i) => scope.own(i) || sources.delete(j.rel));
  }
  // sizes from the file system where the text is not read yet (file-index.ts)
  const bytes = jobs.reduce((n, j, i) => (scope && !scope.lower(i) ? n : n + (j.bytes ?? j.text.length)), 0);
  // V8 tuned for a long run when there is analysis to do (with the cache: when it answers not all of it)
  const tune = () => tuneForLongRun(bytes);
  const threads = threadCount(options.jobs, bytes, jobs.length);
  const ruleOptions = { reportUnusedSuppressions: options.reportUnusedSuppressions };
  const executors = threads > 1 ? (await import('./pool.js')).poolExecutors(threads) : undefined;
  // a shard (CI) runs without the result cache; otherwise the cache, on one thread or on the pool
  let results: (FileResult | undefined)[];
  if (options.cache && !scope) results = await analyzeProjectCached(jobs, active, config, aliases, ruleOptions, options.cache, executors, tune);
  else {
    tune();
    const { analyzeProject, analyzeProjectParallel } = await import('./project.js');
    results = scope
      ? await analyzeProjectParallel(jobs, active, config, aliases, ruleOptions, executors, scope)
      : executors
        ? await analyzeProjectParallel(jobs, active, config, aliases, ruleOptions, executors)
        : await analyzeProject(jobs, active, config, aliases, ruleOptions);
  }
  markPhase('results');
  index?.save();
  markPhase('file index saved');
  for (const [i, job] of jobs.entries()) {
    const r = results[i];
    if (!r) continue;
    if (r.error) {
      const nonProduction = r.context !== undefined && r.context !== 'production';
      errors.push(nonProduction ? { file: job.rel, message: r.error, gating: false, context: r.context } : { file: job.rel, message: r.error });
    }
    for (const f of r.findings) if (severityRank(f.severity) >= min) findings.push(f);
  }
  // reading and analysis report in two passes: list errors by file
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) bySeverity[f.severity]++;
  return {
    findings,
    errors,
    skipped,
    summary: { files: fileCount, findings: findings.length, bySeverity },
    rules: active.map((a) => withSeverity(a.rule, a.severity)),
    sources,
    ...(shard ? { shard } : {}),
  };
}
