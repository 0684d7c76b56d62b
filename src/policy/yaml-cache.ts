/**
 * YAML parsing for the files that ship with the package (rules, program models), with an
 * optional cache of the parsed documents keyed by the SHA-256 of each text: parsing the
 * rule files with the `yaml` package, and loading that package, is a large share of a
 * short run (`check --staged`), and the texts change only when the rules do. A changed
 * rule has a new hash and is parsed afresh, so the cache can be stale only in size, never
 * in content. The cache is off until `enableYamlCache` names a file (the CLI does, next to
 * its code cache); without it every text is parsed.
 *
 * The `yaml` package itself is loaded on the first text that needs parsing, not before.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

const FORMAT = 1;
/** A bound on entries, so edits to a rules directory over months do not grow the file without end. */
const MAX_ENTRIES = 2000;

let yamlModule: { parse(text: string): unknown } | undefined;

/** `YAML.parse` of the `yaml` package, loaded on first use. */
export function parseYaml(text: string): unknown {
  yamlModule ??= createRequire(import.meta.url)('yaml') as { parse(text: string): unknown };
  return yamlModule.parse(text);
}

interface CacheState {
  file: string;
  /** read from the file when the first text is parsed (a run with the rules compiled by the build may parse none) */
  entries?: Map<string, unknown>;
  /** hashes used by this run, kept first when the file is trimmed */
  used: Set<string>;
  dirty: boolean;
}
let state: CacheState | undefined;

/**
 * Cached data is used as is (parsed rules here, compiled code in the code cache): read a cache
 * only from a directory and file that are this user's own and that nobody else can write
 * (another user could plant one in a shared /tmp).
 */
export function ownedAndPrivate(file: string): boolean {
  if (typeof process.getuid !== 'function') return true;
  const uid = process.getuid();
  for (const p of [path.dirname(file), file]) {
    const st = statSync(p);
    if (st.uid !== uid || (st.mode & 0o022) !== 0) return false;
  }
  return true;
}

function readEntries(file: string): Map<string, unknown> {
  try {
    if (!ownedAndPrivate(file)) return new Map();
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { format?: unknown; entries?: unknown };
    if (doc.format !== FORMAT || typeof doc.entries !== 'object' || doc.entries === null || Array.isArray(doc.entries)) return new Map();
    return new Map(Object.entries(doc.entries as Record<string, unknown>));
  } catch {
    return new Map(); // no cache yet, or a damaged or foreign one: start afresh
  }
}

const entriesOf = (s: CacheState): Map<string, unknown> => (s.entries ??= readEntries(s.file));

function writeEntries(s: CacheState): void {
  const entries = entriesOf(s);
  const keys = [...s.used, ...[...entries.keys()].filter((k) => !s.used.has(k))].slice(0, MAX_ENTRIES);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = entries.get(k);
  const tmp = `${s.file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(s.file), { recursive: true, mode: 0o700 });
    writeFileSync(tmp, JSON.stringify({ format: FORMAT, entries: out }), { mode: 0o600 });
    renameSync(tmp, s.file); // atomic: a concurrent run reads the old file or the new one
  } catch {
    // a cache that cannot be written only costs speed
  }
}

/**
 * Keep parsed YAML in `file` across runs (written at exit when something was added, unless
 * `write` is false: a worker thread reads the cache its process's main thread writes). Idempotent.
 */
export function enableYamlCache(file: string, write = true): void {
  if (state) return;
  const s: CacheState = { file, used: new Set(), dirty: false };
  state = s;
  if (write) process.once('exit', flushYamlCache);
}

/** The cache file this thread reads parsed YAML from, if any (handed to worker threads). */
export function yamlCacheFile(): string | undefined {
  return state?.file;
}

/** Write the cache file now if this run added to it (done at exit; tests call it directly). */
export function flushYamlCache(): void {
  if (state?.dirty) {
    writeEntries(state);
    state.dirty = false;
  }
}

/**
 * `parseYaml(text)`, answered from the cache when it holds this text's hash. Only documents
 * that survive a JSON round trip unchanged are cached (no `.inf`, `.nan`, `-0`, ...), so a
 * cached answer is always the one the parser would give. A parse error is not cached: it is
 * thrown again, with the parser's own message, on every run.
 */
export function parseYamlCached(text: string): unknown {
  const s = state;
  if (!s) return parseYaml(text);
  const key = createHash('sha256').update(text).digest('base64url');
  s.used.add(key);
  const entries = entriesOf(s);
  if (entries.has(key)) return structuredClone(entries.get(key));
  const doc = parseYaml(text);
  const json = JSON.stringify(doc);
  if (json !== undefined && isDeepStrictEqual(JSON.parse(json), doc)) {
    entries.set(key, JSON.parse(json));
    s.dirty = true;
  }
  return doc;
}

/** For tests: forget the cache state of this process. */
export function resetYamlCacheForTests(): void {
  state = undefined;
}
