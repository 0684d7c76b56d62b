/**
 * The result cache of `agentos check`: a re-run over unchanged files reads their results from
 * disk instead of parsing and checking them again.
 *
 * Two kinds of entry, both under keys that begin with the run key (`runKey`: the package
 * version and a fingerprint of its built code, rule and program-model files, the active rules
 * with their severities, the effective configuration, the JS parser and tree-sitter back end
 * asked for, the tsconfig `paths` aliases and the reporting options):
 * - a file's module references (`refs`): the module names its tool registrations and calls
 *   name (project.ts `moduleReferences`), keyed by the file's path, language and the SHA-256
 *   of its text. They depend on nothing else, and they are all the project pass needs to know
 *   which files another file's findings depend on.
 * - a file's result (findings, error, context), keyed by its path, its path relative to the
 *   configuration, its language, the hash of its text, and the paths and text hashes of the
 *   files that reach it across modules: every file whose references resolve to it (they can
 *   register its functions as tools and call them with tainted arguments), and the files that
 *   reach those (they can register the callers' own functions as tools, which changes the
 *   taint of the arguments). That is the whole reach of the project pass (project.ts), so a
 *   result is reused only when everything it was computed from is the same.
 * A run computes the keys from the cached references, takes every result it finds, and runs
 * the project pass for the rest, lowering only the files those results depend on.
 *
 * Storage: one JSON file, `check-results.json`, in the cache directory, behind a first line
 * with the SHA-256 of the rest. A file that fails the checksum, does not parse, or was written
 * by another version is ignored and replaced. Writes go to a temporary file renamed over the
 * old one (atomic on one file system); before writing, a run merges what another run wrote in
 * the meantime, so two runs at once never corrupt the file and at worst one's new entries are
 * lost. Entries carry the time they were last used; the file is kept under a size cap
 * (64 MiB by default) by dropping the least recently used entries.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '../config/types.js';
import { ownedAndPrivate } from '../policy/yaml-cache.js';
import type { FileJob, FileResult } from './analyze.js';
import type { ActiveRule, RunRulesOptions } from './engine.js';
import type { Finding } from './findings.js';
import { analyzeProject, analyzeProjectParallel, moduleReferences, projectReferrers, summaryReferences, type Executors, type PathAliases } from './project.js';
import type { CheckSetup } from './facts-store.js';

/** Where the cache is kept, and how large it may grow. */
export interface CacheSettings {
  /** the cache directory */
  location: string;
  /** the cap on the cache file, in bytes (default `DEFAULT_CACHE_MAX_BYTES`) */
  maxBytes?: number;
}

export const DEFAULT_CACHE_MAX_BYTES = 64 * 1024 * 1024;
export const CACHE_FILE = 'check-results.json';
const FORMAT = 1;
const HEADER = 'agentos-check-cache';

/**
 * The default cache directory: `node_modules/.cache/agentos` of the project root when the
 * project has a `node_modules` directory; else a directory of this user's under the system's
 * temporary directory, one per project root (a Python project gets no `node_modules` of ours).
 */
export function defaultCacheLocation(projectRoot: string): string {
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

let fingerprint: string | undefined;

/**
 * The package's code and data as installed: version, and the name, size and modification time
 * of every file of the built code and of the rules directory (rule YAML, examples, program
 * models), so a rebuild or an edited rule file starts afresh.
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
  const visit = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = path.join(dir, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) visit(p);
      else if (!name.endsWith('.map') && !name.endsWith('.d.ts')) hash.update(`${p}\0${st.size}\0${st.mtimeMs}\n`);
    }
  };
  // dist/ when built, src/ under the test runner: the directory this module is in, and its parent
  visit(fileURLToPath(new URL('../', import.meta.url)));
  visit(path.join(root, 'rules'));
  return (fingerprint = hash.digest('hex'));
}

function withoutExamples(rule: ActiveRule['rule']): Record<string, unknown> {
  return Object.fromEntries(Object.keys(rule).filter((k) => k !== 'examples').map((k) => [k, rule[k as keyof typeof rule]]));
}

/** Everything a run shares that can change a file's result. */
export function runKey(active: readonly ActiveRule[], config: ResolvedConfig, aliases: PathAliases, options: RunRulesOptions, env: NodeJS.ProcessEnv = process.env): string {
  return sha256(
    JSON.stringify({
      format: FORMAT,
      package: packageFingerprint(),
      // (the rule's own fields; its examples, read only when asked for, are left out unread)
      rules: active.map((a) => ({ ...withoutExamples(a.rule), severity: a.severity, overridden: a.severityOverridden })),
      config,
      aliases,
      unused: !!options.reportUnusedSuppressions,
      jsParser: (env.AGENTOS_JS_PARSER ?? '').trim().toLowerCase(),
      treeSitter: (env.AGENTOS_TREE_SITTER ?? '').trim().toLowerCase(),
    }),
  );
}

type RefsEntry = { r: string[] };
type ResultEntry = { f: Finding[]; e?: string; c?: string };
type Entry = RefsEntry | ResultEntry;

function validEntry(v: unknown): v is Entry {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  if ('r' in o) return Array.isArray(o.r) && o.r.every((s) => typeof s === 'string');
  return Array.isArray(o.f) && o.f.every((f) => typeof f === 'object' && f !== null) && (o.e === undefined || typeof o.e === 'string') && (o.c === undefined || typeof o.c === 'string');
}

/** The entries of a cache file, each with the time (seconds) it was last used; nothing when the file is absent, damaged or foreign. */
function readStore(file: string): Map<string, [number, Entry]> {
  const out = new Map<string, [number, Entry]>();
  let text: string;
  try {
    if (!ownedAndPrivate(file)) return out;
    text = readFileSync(file, 'utf8');
  } catch {
    return out;
  }
  const nl = text.indexOf('\n');
  const [header, sum] = text.slice(0, nl).split(' ');
  const body = text.slice(nl + 1);
  if (nl < 0 || header !== HEADER || sum !== sha256(body)) return out;
  try {
    const doc = JSON.parse(body) as { format?: unknown; entries?: unknown };
    if (doc.format !== FORMAT || typeof doc.entries !== 'object' || doc.entries === null) return out;
    for (const [key, value] of Object.entries(doc.entries as Record<string, unknown>)) {
      if (!Array.isArray(value) || typeof value[0] !== 'number' || !validEntry(value[1])) continue;
      out.set(key, [value[0], value[1]]);
    }
  } catch {
    // not JSON: start afresh
  }
  return out;
}

/** The cache file of one directory: read once, written once at the end of a run. */
export class ResultStore {
  private readonly entries: Map<string, [number, Entry]>;
  private readonly now = Math.floor(Date.now() / 1000);
  private readonly touched = new Map<string, [number, Entry]>();
  readonly file: string;

  constructor(readonly settings: CacheSettings) {
    this.file = path.join(settings.location, CACHE_FILE);
    this.entries = readStore(this.file);
  }

  private get(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (e) this.touched.set(key, [this.now, e[1]]);
    return e?.[1];
  }

  refs(key: string): string[] | undefined {
    const e = this.get(key);
    return e && 'r' in e ? e.r : undefined;
  }

  result(key: string): FileResult | undefined {
    const e = this.get(key);
    if (!e || !('f' in e)) return undefined;
    const r: FileResult = { findings: e.f };
    if (e.e !== undefined) r.error = e.e;
    if (e.c !== undefined) r.context = e.c as FileResult['context'];
    return r;
  }

  setRefs(key: string, refs: string[]): void {
    this.touched.set(key, [this.now, { r: refs }]);
  }

  setResult(key: string, result: FileResult): void {
    const e: ResultEntry = { f: result.findings };
    if (result.error !== undefined) e.e = result.error;
    if (result.context !== undefined) e.c = result.context;
    this.touched.set(key, [this.now, e]);
  }

  /** Write the entries used or made by this run over what the file holds now, trimmed to the cap. A cache that cannot be written costs only speed. */
  save(): void {
    if (!this.touched.size) return;
    const others = [...readStore(this.file)].filter(([k]) => !this.touched.has(k)).sort((a, b) => b[1][0] - a[1][0]);
    const cap = this.settings.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
    // this run's entries first, then the others from the most recently used; added until the cap is reached
    const parts: string[] = [];
    let size = 160; // the checksum line and the document around the entries
    for (const [k, v] of [...this.touched, ...others]) {
      const part = `${JSON.stringify(k)}:${JSON.stringify(v)}`;
      size += Buffer.byteLength(part) + 1;
      if (size > cap) break;
      parts.push(part);
    }
    const body = `{"format":${FORMAT},"entries":{${parts.join(',')}}}`;
    const tmp = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      mkdirSync(this.settings.location, { recursive: true, mode: 0o700 });
      writeFileSync(tmp, `${HEADER} ${sha256(body)}\n${body}`, { mode: 0o600 });
      renameSync(tmp, this.file);
    } catch {
      if (existsSync(tmp)) rmSync(tmp, { force: true });
    }
  }
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
): Promise<FileResult[]> {
  const store = new ResultStore(settings);
  const base = runKey(active, config, aliases, options);
  const content = jobs.map((j) => sha256(j.text));
  const refsKey = (i: number) => sha256(JSON.stringify([base, 'refs', jobs[i]!.rel, jobs[i]!.language, content[i]]));
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
  const unknown = jobs.flatMap((_, i) => (refs[i] ? [] : [i]));
  if (unknown.length * 2 > jobs.length) {
    // mostly new files: one full pass, which also yields every file's references
    results = (await pass({})) as FileResult[];
    record(jobs.keys());
    const keys = resultKeys(jobs, content, refs as string[][], base, aliases);
    results.forEach((r, i) => store.setResult(keys[i]!, r));
  } else {
    if (unknown.length) {
      // the references of new or changed files first (lowered once more below when their results are wanted)
      const only = new Set(unknown);
      await pass({ lower: only, report: new Set() });
      record(unknown);
    }
    const known = refs as string[][];
    const keys = resultKeys(jobs, content, known, base, aliases);
    results = new Array<FileResult>(jobs.length);
    const misses = new Set<number>();
    keys.forEach((k, i) => {
      const hit = store.result(k);
      if (hit) results[i] = hit;
      else misses.add(i);
    });
    if (misses.size) {
      // a file's result needs the files that reach it, and the files that reach those
      const referrers = projectReferrers(jobs, known, aliases);
      const needed = new Set(misses);
      for (let depth = 0; depth < 2; depth++) for (const i of [...needed]) for (const j of referrers[i]!.keys()) needed.add(j);
      const fresh = await pass({ lower: needed, report: misses });
      for (const i of misses) {
        results[i] = fresh[i]!;
        store.setResult(keys[i]!, fresh[i]!);
      }
    }
  }
  store.save();
  return results;
}

/** Each file's result key: its own text and path, and the texts and paths of the files that reach it (see the module comment). */
function resultKeys(jobs: readonly FileJob[], content: readonly string[], refs: readonly string[][], base: string, aliases: PathAliases): string[] {
  const referrers = projectReferrers(jobs, refs, aliases);
  // a referrer: its path, its text, and the names of it that resolve here (which of its calls link depends on the file list)
  const from = (i: number, names: string[]) => `${jobs[i]!.rel}\0${content[i]}\0${[...names].sort().join('\0')}`;
  const sorted = (m: Map<number, string[]>, f: (i: number, names: string[]) => string) => [...m].map(([i, names]) => f(i, names)).sort();
  return jobs.map((job, t) => {
    const deps = sorted(referrers[t]!, (i, names) => JSON.stringify([from(i, names), sorted(referrers[i]!, from)]));
    return sha256(JSON.stringify([base, 'result', job.rel, job.relToConfig ?? null, job.language, content[t], deps]));
  });
}
