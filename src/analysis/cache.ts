/**
 * The result cache of `agentos check`: a re-run over unchanged files reads their results from
 * disk instead of parsing and checking them again.
 *
 * Two kinds of entry, both under keys that begin with the run key (`runKey`: the package
 * version and a fingerprint of its built code, rule and program-model files, the active rules
 * with their severities, the effective configuration, the project's own package names and the
 * npm packages it installs with a lockfile (own-packages.ts), the top-level folders of a
 * collection of tutorial projects (collection.ts), the JS parser and tree-sitter back end asked
 * for, the tsconfig `paths` aliases and the reporting options):
 * - a file's module references (`refs`): the module names its tool registrations and calls
 *   name (project.ts `moduleReferences`), keyed by the file's path, language and the SHA-256
 *   of its text. They depend on nothing else, and they are all the project pass needs to know
 *   which files another file's findings depend on.
 * - a file's result (findings, error, context), keyed by its path, its path relative to the
 *   configuration, its language, the hash of its text, and the paths and text hashes of the
 *   files that reach it across modules: every file whose references resolve to it (they can
 *   register its functions as tools and call them with tainted arguments), and the files that
 *   reach those (they can register the callers' own functions as tools, which changes the
 *   taint of the arguments), and the paths and text hashes of the files it and those referrers
 *   call (what their functions return is part of the callers' facts: returns.ts). That is the
 *   whole reach of the project pass (project.ts), so a result is reused only when everything
 *   it was computed from is the same.
 * - the snapshot of the last run over a list of files: keyed by the run key and the paths and
 *   languages of all the files, it holds a hash of their texts, every file's result in
 *   order, and the keys of those results and of the files' references with the references.
 *   A re-run over the same files with the same texts (the common case: nothing changed) reads
 *   this one entry and nothing else. When some texts changed, the entries the snapshot holds
 *   answer for the files they still fit, before any entry file is opened. A run that computed
 *   something rewrites the snapshot of its file list (one entry per list, not one per edit).
 * - the summary of a snapshot: every file's result in order, alone, keyed by the snapshot's key
 *   and the hash of the texts. A re-run with nothing changed needs nothing else: on Django's
 *   859 Python files it is a tenth of the snapshot (49 KB of 469 KB; the references are most of
 *   the rest), which was read, checked and parsed in a fifteenth of the run. Written with the
 *   snapshot, so there is one per state of the texts a run computed, not one per list; old ones
 *   go as the least recently used entries do.
 * A run first looks for its summary, then its snapshot; without a matching one, it computes the keys from the
 * cached references, takes every result it finds, runs the project pass for the rest,
 * lowering only the files those results depend on, and writes the snapshot.
 *
 * Storage: one file per entry, `<location>/v<format>/<first two hex digits of the key>/<key>`,
 * holding a first line with the SHA-256 of the rest, then the key and the entry as JSON. A run
 * reads only the entries it asks for and writes only the ones it made. An entry file that fails
 * the checksum, does not parse, is of the wrong shape or names another key is a miss, and the
 * run writes a good one in its place. Each write goes to a temporary file in the same directory
 * renamed over the entry (atomic on one file system), so two runs at once never see half an
 * entry; at worst both compute the same entry and the later rename wins.
 * The least recently used entries go first when the directory passes its size cap (64 MiB by
 * default): an entry's modification time is its last use, refreshed by a hit when it is older
 * than `REFRESH_AFTER_MS`; a run that wrote entries prunes the directory when the last prune
 * (the modification time of the `pruned` marker) is older than the prune interval
 * (`pruneCache`), so most runs never list the directory.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '../config/types.js';
import { ownedAndPrivate } from '../policy/yaml-cache.js';
import { ruleFields } from '../policy/rules.js';
import type { FileJob, FileResult } from './analyze.js';
import type { ActiveRule, RunRulesOptions } from './engine.js';
import type { Finding } from './findings.js';
import type { Executors, PathAliases } from './project.js';
import type { CheckSetup } from './facts-store.js';
import { bundleDir } from '../bundled.js';
import { markPhase } from './phase-times.js';
import { collectionFolders } from './collection.js';
import { lockedNpmPackages, ownPackageNames } from './own-packages.js';

/** Where the cache is kept, and how large it may grow. */
export interface CacheSettings {
  /** the cache directory */
  location: string;
  /** the cap on the entry files' total size, in bytes (default `DEFAULT_CACHE_MAX_BYTES`) */
  maxBytes?: number;
  /** the least time between two prunes, in milliseconds (default `DEFAULT_PRUNE_INTERVAL_MS`) */
  pruneIntervalMs?: number;
}

export const DEFAULT_CACHE_MAX_BYTES = 64 * 1024 * 1024;
const FORMAT = 2;
const HEADER = 'agentos-check-cache';

/**
 * The default cache directory: `AGENTOS_CACHE_DIR` when that is set (one directory for every
 * project: entries are keyed by what they were computed from, so projects can share it); else
 * `node_modules/.cache/agentos` of the project root when the project has a `node_modules`
 * directory; else a directory of this user's under the system's temporary directory, one per
 * project root (a Python project gets no `node_modules` of ours).
 */
export function defaultCacheLocation(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.AGENTOS_CACHE_DIR?.trim();
  if (chosen) return path.resolve(chosen);
  const modules = path.join(projectRoot, 'node_modules');
  if (isDirectory(modules)) return path.join(modules, '.cache', 'agentos');
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  const id = createHash('sha256').update(path.resolve(projectRoot)).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `agentos-cache-${uid}`, id);
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The SHA-256 of a file's text, computed once per job (a job from the file index carries it from the start). */
export function contentHash(job: FileJob): string {
  return (job.hash ??= sha256(job.text));
}

let fingerprint: string | undefined;

/**
 * The package's code and data as installed: version, and the name, size and modification time
 * of every file of the code that runs and of the rule and program-model files, so a rebuild or
 * an edited rule file starts afresh.
 * - The code: every file of dist/ (src/ under the test runner); when the bundled CLI runs, the
 *   bundle's files and dist/cli/main.js instead. The launcher runs the bundle only when it is
 *   not older than dist/cli/main.js, which tsc rewrites on every build, so what tsc wrote
 *   beside it (the worker threads run it) is what the bundle was built from; and a rebuild
 *   gives the bundle's files new times. (A stat of each of dist/'s 200 files was a twentieth
 *   of a re-run with nothing changed.)
 * - The rules directory but its example files (`<id>.example.<ext>`), which only `agentos rules`
 *   and the tests read.
 */
export function packageFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256');
  const root = fileURLToPath(new URL('../../', import.meta.url));
  try {
    hash.update(readFileSync(path.join(root, 'package.json')));
  } catch {
    hash.update('no package.json');
  }
  const add = (p: string, st: { size: number; mtimeMs: number }) => hash.update(`${p}\0${st.size}\0${st.mtimeMs}\n`);
  const visit = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    // (joined by hand: path.join walks the whole path again, a hundred times a run)
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const name of names) {
      // source maps and declarations never change a result (and are most of dist/: not even looked at), nor do examples
      if (name.endsWith('.map') || name.endsWith('.d.ts') || name.includes('.example.')) continue;
      const p = prefix + name;
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) visit(p);
      else add(p, st);
    }
  };
  const bundle = bundleDir();
  if (bundle) {
    visit(bundle);
    const compiled = path.join(path.dirname(bundle), 'cli', 'main.js');
    add(compiled, statSync(compiled, { throwIfNoEntry: false }) ?? { size: -1, mtimeMs: -1 });
  } else {
    // dist/ when built, src/ under the test runner: the directory this module is in, and its parent
    visit(fileURLToPath(new URL('../', import.meta.url)));
  }
  visit(path.join(root, 'rules'));
  return (fingerprint = hash.digest('hex'));
}

/** Everything a run shares that can change a file's result. */
export function runKey(active: readonly ActiveRule[], config: ResolvedConfig, aliases: PathAliases, options: RunRulesOptions, env: NodeJS.ProcessEnv = process.env): string {
  return sha256(
    JSON.stringify({
      format: FORMAT,
      package: packageFingerprint(),
      rules: active.map((a) => ({ ...ruleFields(a.rule), severity: a.severity, overridden: a.severityOverridden })),
      config,
      ownPackages: ownPackageNames(config.baseDir),
      lockedNpmPackages: lockedNpmPackages(config.baseDir),
      collection: collectionFolders(config.baseDir),
      aliases,
      unused: !!options.reportUnusedSuppressions,
      jsParser: (env.AGENTOS_JS_PARSER ?? '').trim().toLowerCase(),
      treeSitter: (env.AGENTOS_TREE_SITTER ?? '').trim().toLowerCase(),
      pyParser: (env.AGENTOS_PY_PARSER ?? '').trim().toLowerCase(),
    }),
  );
}

type RefsEntry = { r: string[] };
type ResultEntry = { f: Finding[]; e?: string; c?: string };
/** the file index of file-index.ts: by path, the file's metadata, the hash of its text, and when that was recorded */
export type IndexRecord = [meta: string, hash: string, recorded: number];
type IndexEntry = { m: Record<string, IndexRecord> };
/**
 * the last run over one list of files (see `analyzeProjectCached`): `h` the hash of their texts;
 * per file in order, `s` its result and `k` the result's key; `rk` the keys of their
 * references and `r` the references
 */
type SnapshotEntry = { h: string; s: ResultEntry[]; k: string[]; rk: string[]; r: string[][] };
/** the summary of a snapshot (see `analyzeProjectCached`): `h` the hash of the texts, `o` each file's result in order */
type SummaryEntry = { h: string; o: ResultEntry[] };
/** a snapshot as a run reads it */
export interface Snapshot {
  textsHash: string;
  results: FileResult[];
}
type Entry = RefsEntry | ResultEntry | IndexEntry | SnapshotEntry | SummaryEntry;

const validRecord = (r: unknown) => Array.isArray(r) && r.length === 3 && typeof r[0] === 'string' && typeof r[1] === 'string' && typeof r[2] === 'number';

function validEntry(v: unknown): v is Entry {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  // (a snapshot has an `r` of its own: told apart first)
  if ('s' in o) {
    const n = Array.isArray(o.s) ? o.s.length : -1;
    const strings = (v: unknown) => Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'string');
    return (
      n >= 0 &&
      typeof o.h === 'string' &&
      (o.s as unknown[]).every(validResult) &&
      strings(o.k) &&
      strings(o.rk) &&
      Array.isArray(o.r) &&
      o.r.length === n &&
      o.r.every((r) => Array.isArray(r) && r.every((x) => typeof x === 'string'))
    );
  }
  if ('r' in o) return Array.isArray(o.r) && o.r.every((s) => typeof s === 'string');
  if ('o' in o) return Object.keys(o).length === 2 && typeof o.h === 'string' && Array.isArray(o.o) && o.o.every(validResult);
  if ('m' in o) return typeof o.m === 'object' && o.m !== null && Object.values(o.m).every(validRecord);
  return validResult(o);
}

function validResult(v: unknown): v is ResultEntry {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return Array.isArray(o.f) && o.f.every((f) => typeof f === 'object' && f !== null) && (o.e === undefined || typeof o.e === 'string') && (o.c === undefined || typeof o.c === 'string');
}

const toResult = (e: ResultEntry): FileResult => {
  const r: FileResult = { findings: e.f };
  if (e.e !== undefined) r.error = e.e;
  if (e.c !== undefined) r.context = e.c as FileResult['context'];
  return r;
};

const toEntry = (result: FileResult): ResultEntry => {
  const e: ResultEntry = { f: result.findings };
  if (result.error !== undefined) e.e = result.error;
  if (result.context !== undefined) e.c = result.context;
  return e;
};

/** A hit whose file was last used longer ago than this gets its modification time refreshed (the LRU clock). */
export const REFRESH_AFTER_MS = 60 * 60 * 1000;
/** The least time between two prunes of one cache directory (see `pruneCache`). */
export const DEFAULT_PRUNE_INTERVAL_MS = 10 * 60 * 1000;
/** Temporary files of writes that never finished are removed by a prune once this old. */
export const STALE_TMP_MS = 60 * 60 * 1000;
/** The marker whose modification time is the last prune. */
export const PRUNE_MARKER = 'pruned';

/** The text of an entry file: a checksum line, then the key and the entry. */
export function entryText(key: string, entry: unknown): string {
  const body = JSON.stringify({ k: key, v: entry });
  return `${HEADER} ${sha256(body)}\n${body}`;
}

/** The entry in an entry file's text, when its checksum holds and it is the entry of `key`. */
function parseEntry(text: string, key: string): Entry | undefined {
  const nl = text.indexOf('\n');
  if (nl < 0) return undefined;
  const body = text.slice(nl + 1);
  if (text.slice(0, nl) !== `${HEADER} ${sha256(body)}`) return undefined;
  try {
    const doc = JSON.parse(body) as { k?: unknown; v?: unknown };
    return doc.k === key && validEntry(doc.v) ? doc.v : undefined;
  } catch {
    return undefined;
  }
}

function tmpName(file: string): string {
  return `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
}

/**
 * The entries of one cache directory, one file each: read when a run asks for them, and at the
 * end of the run the new ones written (see the module comment for the layout).
 */
export class ResultStore {
  private readonly now = Date.now();
  private readonly made = new Map<string, Entry>();
  /** entries a snapshot this run read holds, by key */
  private readonly held = new Map<string, Entry>();
  private trusted: boolean | undefined;
  /** the directory of this format's entries */
  readonly root: string;

  constructor(readonly settings: CacheSettings) {
    this.root = path.join(settings.location, `v${FORMAT}`);
  }

  /** The file that holds the entry of `key`. */
  entryFile(key: string): string {
    return path.join(this.root, key.slice(0, 2), key);
  }

  /** A directory another user could write to is not read. */
  private usable(): boolean {
    if (this.trusted === undefined) {
      try {
        this.trusted = ownedAndPrivate(path.join(this.root, PRUNE_MARKER));
      } catch {
        // no marker yet: a directory that does not exist holds nothing, one that does is checked itself
        this.trusted = existsSync(this.root) ? ownedAndPrivate(path.join(this.root, '.')) : true;
      }
    }
    return this.trusted;
  }

  private get(key: string): Entry | undefined {
    if (!this.usable()) return undefined;
    const held = this.held.get(key);
    if (held) return held;
    const file = this.entryFile(key);
    let fd: number | undefined;
    try {
      fd = openSync(file, 'r');
      const st = fstatSync(fd);
      const entry = parseEntry(readFileSync(fd, 'utf8'), key);
      // the LRU clock: refreshed only now and then, not by every hit of every run
      if (entry && this.now - st.mtimeMs > REFRESH_AFTER_MS) utimesSync(file, this.now / 1000, this.now / 1000);
      return entry;
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  refs(key: string): string[] | undefined {
    const e = this.get(key);
    return e && 'r' in e && !('s' in e) ? e.r : undefined;
  }

  result(key: string): FileResult | undefined {
    const e = this.get(key);
    return e && 'f' in e ? toResult(e) : undefined;
  }

  /**
   * The snapshot of the last run over a list of `count` files. Its results and references are
   * also taken as entries of their own keys for the rest of this run (answered before any entry
   * file is opened).
   */
  snapshot(key: string, count: number): Snapshot | undefined {
    const e = this.get(key);
    if (!e || !('s' in e) || e.s.length !== count) return undefined;
    e.k.forEach((k, i) => this.held.set(k, e.s[i]!));
    e.rk.forEach((k, i) => this.held.set(k, { r: e.r[i]! }));
    return { textsHash: e.h, results: e.s.map(toResult) };
  }

  setSnapshot(key: string, textsHash: string, results: readonly FileResult[], keys: readonly string[], refsKeys: readonly string[], refs: readonly string[][]): void {
    this.made.set(key, { h: textsHash, s: results.map(toEntry), k: [...keys], rk: [...refsKeys], r: refs.map((r) => [...r]) });
  }

  /** The results of the last run over a list of `count` files with texts of the hash `textsHash`, from the snapshot's summary. */
  summary(key: string, count: number, textsHash: string): FileResult[] | undefined {
    const e = this.get(key);
    return e && 'o' in e && e.o.length === count && e.h === textsHash ? e.o.map(toResult) : undefined;
  }

  setSummary(key: string, textsHash: string, results: readonly FileResult[]): void {
    this.made.set(key, { h: textsHash, o: results.map(toEntry) });
  }

  index(key: string): Record<string, IndexRecord> | undefined {
    const e = this.get(key);
    return e && 'm' in e ? e.m : undefined;
  }

  setIndex(key: string, records: Record<string, IndexRecord>): void {
    this.made.set(key, { m: records });
  }

  setRefs(key: string, refs: string[]): void {
    this.made.set(key, { r: refs });
  }

  setResult(key: string, result: FileResult): void {
    this.made.set(key, toEntry(result));
  }

  /**
   * Write the entries this run made (each to a temporary file renamed over its place), then
   * prune when it is time (`pruneCache`). A cache that cannot be written costs only speed.
   */
  save(): void {
    if (!this.made.size || !this.usable()) return;
    let wrote = 0;
    const dirs = new Set<string>();
    for (const [key, entry] of this.made) {
      const file = this.entryFile(key);
      const tmp = tmpName(file);
      try {
        const dir = path.dirname(file);
        if (!dirs.has(dir)) {
          mkdirSync(dir, { recursive: true, mode: 0o700 });
          dirs.add(dir);
        }
        writeFileSync(tmp, entryText(key, entry), { mode: 0o600 });
        renameSync(tmp, file);
        wrote++;
      } catch {
        removeQuietly(tmp);
      }
    }
    this.made.clear();
    if (wrote) pruneCache(this.root, this.settings.maxBytes ?? DEFAULT_CACHE_MAX_BYTES, this.settings.pruneIntervalMs ?? DEFAULT_PRUNE_INTERVAL_MS, this.now);
  }
}

/**
 * Keep one format's directory of entries under `maxBytes` (the sum of the entry files' sizes):
 * when the marker file says the last prune is older than `intervalMs` (or there is none), list
 * every entry, remove temporary files older than `STALE_TMP_MS`, and remove the least recently
 * used entries (oldest modification time first) until the rest fits. Between two prunes the
 * directory can pass the cap by what the runs of that interval write. Returns whether it pruned.
 */
export function pruneCache(root: string, maxBytes: number, intervalMs: number, now = Date.now()): boolean {
  try {
    return prune(root, maxBytes, intervalMs, now);
  } catch {
    // a directory this run cannot list or change is left as it is
    return false;
  }
}

/** Remove a file if it is there; a file that cannot be removed is left. */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // (not ours to remove, or the directory is gone)
  }
}

function prune(root: string, maxBytes: number, intervalMs: number, now: number): boolean {
  const marker = path.join(root, PRUNE_MARKER);
  const last = statSync(marker, { throwIfNoEntry: false });
  if (last && now - last.mtimeMs < intervalMs) return false;
  mkdirSync(root, { recursive: true, mode: 0o700 });
  writeFileSync(marker, '', { mode: 0o600 });
  utimesSync(marker, now / 1000, now / 1000);
  // the single file of format 1
  removeQuietly(path.join(path.dirname(root), 'check-results.json'));
  const entries: { file: string; size: number; used: number }[] = [];
  let total = 0;
  for (const sub of readdirSync(root)) {
    if (sub.length !== 2) continue;
    let names: string[];
    try {
      names = readdirSync(path.join(root, sub));
    } catch {
      continue;
    }
    for (const name of names) {
      const file = path.join(root, sub, name);
      const st = statSync(file, { throwIfNoEntry: false });
      if (!st?.isFile()) continue;
      if (name.endsWith('.tmp')) {
        if (now - st.mtimeMs > STALE_TMP_MS) removeQuietly(file);
        continue;
      }
      entries.push({ file, size: st.size, used: st.mtimeMs });
      total += st.size;
    }
  }
  if (total > maxBytes) {
    entries.sort((a, b) => a.used - b.used || (a.file < b.file ? -1 : 1));
    for (const e of entries) {
      if (total <= maxBytes) break;
      removeQuietly(e.file);
      total -= e.size;
    }
  }
  return true;
}

/**
 * `analyzeProject` with the result cache: results in the order of `jobs`, the same as without
 * the cache; entries are read from and written to `settings.location`.
 */
export async function analyzeProjectCached(
  jobs: readonly FileJob[],
  active: readonly ActiveRule[],
  config: ResolvedConfig,
  aliases: PathAliases,
  options: RunRulesOptions,
  settings: CacheSettings,
  executors?: (jobs: readonly FileJob[], setup: CheckSetup) => Executors,
  /** called once the cache is found not to answer for every file, before any analysis */
  beforeAnalysis?: () => void,
): Promise<FileResult[]> {
  const store = new ResultStore(settings);
  const base = runKey(active, config, aliases, options);
  const content = jobs.map(contentHash);
  // the same files with the same texts: the last run's results, from one entry
  const snapshotKey = sha256(JSON.stringify([base, 'snapshot', jobs.map((j) => [j.rel, j.relToConfig ?? null, j.language])]));
  const textsHash = sha256(content.join('\0'));
  markPhase('run key');
  // (the summary first: nothing changed is the common case, and the summary is all it needs)
  const summaryKey = sha256(JSON.stringify([snapshotKey, 'summary', textsHash]));
  const summary = store.summary(summaryKey, jobs.length, textsHash);
  markPhase('snapshot read');
  if (summary) return summary;
  const snapshot = store.snapshot(snapshotKey, jobs.length);
  if (snapshot?.textsHash === textsHash) return snapshot.results;
  // something to work out: the project pass (loaded now, not by a run the summary or the snapshot answers)
  beforeAnalysis?.();
  const { analyzeProject, analyzeProjectParallel, chainedReferents, moduleReferences, projectReferents, projectReferrers, summaryReferences } = await import('./project.js');
  const projectGraphs = (known: readonly string[][]): ProjectGraphs => ({
    referrers: projectReferrers(jobs, known, aliases),
    referents: projectReferents(jobs, known, aliases),
    chained: chainedReferents(jobs, known, aliases),
  });
  const refsKeys = jobs.map((job, i) => sha256(JSON.stringify([base, 'refs', job.rel, job.language, content[i]])));
  const refsKey = (i: number) => refsKeys[i]!;
  const refs = jobs.map((_, i) => store.refs(refsKey(i)));
  const seen = new Map<number, Set<string>>();
  const observe = (i: number, names: readonly string[]) => {
    let s = seen.get(i);
    if (!s) seen.set(i, (s = new Set()));
    for (const n of names) s.add(n);
  };
  const record = (lowered: Iterable<number>) => {
    for (const i of lowered) {
      const r = [...(seen.get(i) ?? [])].sort();
      refs[i] = r;
      store.setRefs(refsKey(i), r);
    }
  };

  // one project pass over some files, on this thread (memory-bounded) or on the pool
  const pass = (scope: { lower?: ReadonlySet<number>; report?: ReadonlySet<number> }): Promise<(FileResult | undefined)[]> =>
    executors
      ? analyzeProjectParallel(jobs, active, config, aliases, options, executors, {
          ...(scope.lower && { lower: (i: number) => scope.lower!.has(i) }),
          ...(scope.report && { check: (i: number) => scope.report!.has(i) }),
          observe: (i, s) => observe(i, summaryReferences(s)),
        })
      : analyzeProject(jobs, active, config, aliases, options, { ...scope, observe: (i, f) => observe(i, moduleReferences(f)) });

  let results: FileResult[];
  let keys: string[];
  const unknown = jobs.flatMap((_, i) => (refs[i] ? [] : [i]));
  if (unknown.length * 2 > jobs.length) {
    // mostly new files: one full pass, which also yields every file's references
    results = (await pass({})) as FileResult[];
    record(jobs.keys());
    keys = resultKeys(jobs, content, base, projectGraphs(refs as string[][]));
    results.forEach((r, i) => store.setResult(keys[i]!, r));
  } else {
    if (unknown.length) {
      // the references of new or changed files first (lowered once more below when their results are wanted)
      const only = new Set(unknown);
      await pass({ lower: only, report: new Set() });
      record(unknown);
    }
    const graphs = projectGraphs(refs as string[][]);
    keys = resultKeys(jobs, content, base, graphs);
    results = new Array<FileResult>(jobs.length);
    const misses = new Set<number>();
    keys.forEach((k, i) => {
      const hit = store.result(k);
      if (hit) results[i] = hit;
      else misses.add(i);
    });
    if (misses.size) {
      // a file's result needs the files that reach it, and the files that reach those (the graphs its key was made from)
      const { referrers, referents, chained } = graphs;
      const needed = new Set(misses);
      for (let depth = 0; depth < 2; depth++) for (const i of [...needed]) for (const j of referrers[i]!.keys()) needed.add(j);
      // and the files those call, for what their functions return
      for (const i of [...needed]) for (const j of referents[i]!) needed.add(j);
      // and the modules the bases of their classes, the names their parameters are annotated with and a package's
      // re-exports come from (the tool classes and dependency aliases among them)
      for (const i of [...needed]) for (const j of chained[i]!) needed.add(j);
      const fresh = await pass({ lower: needed, report: misses });
      for (const i of misses) {
        results[i] = fresh[i]!;
        store.setResult(keys[i]!, fresh[i]!);
      }
    }
  }
  store.setSnapshot(snapshotKey, textsHash, results, keys, refsKeys, refs as string[][]);
  store.setSummary(summaryKey, textsHash, results);
  store.save();
  return results;
}

/** How the files link, from their references (project.ts): who reaches each, what each calls, what its chained references name. */
interface ProjectGraphs {
  referrers: ReturnType<typeof import('./project.js').projectReferrers>;
  referents: ReturnType<typeof import('./project.js').projectReferents>;
  chained: ReturnType<typeof import('./project.js').chainedReferents>;
}

/** Each file's result key: its own text and path, and the texts and paths of the files that reach it (see the module comment). */
function resultKeys(jobs: readonly FileJob[], content: readonly string[], base: string, { referrers, referents, chained }: ProjectGraphs): string[] {
  // a referrer: its path, its text, and the names of it that resolve here (which of its calls link depends on the file list)
  const from = (i: number, names: string[]) => `${jobs[i]!.rel}\0${content[i]}\0${[...names].sort().join('\0')}`;
  const sorted = (m: Map<number, string[]>, f: (i: number, names: string[]) => string) => [...m].map(([i, names]) => f(i, names)).sort();
  return jobs.map((job, t) => {
    const deps = sorted(referrers[t]!, (i, names) => JSON.stringify([from(i, names), sorted(referrers[i]!, from)]));
    // the files it and its referrers call: what their functions return is part of the callers' facts
    const called = new Set(referents[t]);
    for (const i of referrers[t]!.keys()) for (const j of referents[i]!) called.add(j);
    // and the modules its and its referrers' chained references name, however far (project.ts `chainedReferents`: a
    // tool class there makes their classes tools, a dependency alias makes a parameter the server's)
    for (const j of chained[t]!) called.add(j);
    for (const i of referrers[t]!.keys()) {
      for (const j of chained[i]!) called.add(j);
      for (const h of referrers[i]!.keys()) for (const j of chained[h]!) called.add(j);
    }
    const returns = [...called].map((i) => `${jobs[i]!.rel}\0${content[i]}`).sort();
    return sha256(JSON.stringify([base, 'result', job.rel, job.relToConfig ?? null, job.language, content[t], deps, returns]));
  });
}
