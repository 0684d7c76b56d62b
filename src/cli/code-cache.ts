/**
 * A V8 code cache for the CommonJS dependencies the CLI loads (typescript alone is 9 MB of
 * JavaScript, compiled afresh by every process otherwise): compiled code is kept in one file
 * per installation under the system's temporary directory and handed back to V8 on the next
 * run. V8's own check of cached data against a source is its length only, so an edit of the
 * same length (a version `0.1.0` to `0.1.1`, a rebuilt bundle; npm gives every installed file
 * the same modification time) would run the old code: each entry carries the SHA-1 of the
 * source it was made from and is handed to V8 only for that source. A stale entry costs only the compile it would have
 * cost anyway. `AGENTOS_CODE_CACHE=0` turns it off.
 * The bundled CLI (dist/bundle/, see src/build/bundle.mjs) is cached the same way: the
 * launcher names its directory before it loads it.
 * Code compiled from a cache cannot `import()` on Node 20 (vm.Script has no module loader of
 * its own, and the one Node offers for it is lost when the code comes from cached data): the
 * bundle marks its files that `import()` (NOT_CACHED, written by src/build/bundle.mjs), and the
 * packages that do are named in UNCACHED_PACKAGES; Node compiles those as usual.
 * (Node 22 has `module.enableCompileCache()`; Node 20, which agentos supports, does not.)
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { withStartFlags } from '../analysis/jit.js';
import { enableYamlCache, ownedAndPrivate } from '../policy/yaml-cache.js';

interface ModuleInternals {
  exports: unknown;
  paths: string[];
  require(id: string): unknown;
}
interface ModuleConstructor {
  prototype: { _compile(this: ModuleInternals, content: string, filename: string, format?: string): unknown };
  wrap(source: string): string;
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _extensions: unknown;
  _cache: unknown;
}

const FORMAT = 2;

/** Compiled code, and the SHA-1 of the source it was compiled from. */
interface CacheEntry {
  data: Buffer;
  source: string;
}

const sourceHash = (content: string) => createHash('sha1').update(content).digest('hex');

/** The first line of a bundled file that must be left to Node (it `import()`s). */
export const NOT_CACHED = '// agentos: not code-cached (dynamic import)\n';
/** Packages whose code `import()`s: cosmiconfig (ES module configuration files), web-tree-sitter (its own WebAssembly glue). */
const UNCACHED_PACKAGES = ['cosmiconfig', 'web-tree-sitter'].map((name) => `${path.sep}node_modules${path.sep}${name}${path.sep}`);
/**
 * A bound on the file, which every run reads whole: typescript's entry alone is 2.5 MB, and
 * without a bound every directory the package was ever installed in (temporary projects
 * included) kept its entries for good.
 */
const MAX_BYTES = 8 * 1024 * 1024;

/** The cache file: a 4-byte length, a JSON index [[file, bytes, source SHA-1], ...], then the blobs in that order. */
function readCache(file: string): Map<string, CacheEntry> {
  const out = new Map<string, CacheEntry>();
  try {
    if (!ownedAndPrivate(file)) return out;
    const buf = readFileSync(file);
    const len = buf.readUInt32LE(0);
    const index = JSON.parse(buf.subarray(4, 4 + len).toString('utf8')) as { format: number; node: string; entries: [string, number, string][] };
    if (index.format !== FORMAT || index.node !== process.version) return out;
    let pos = 4 + len;
    for (const [name, size, source] of index.entries) {
      out.set(name, { data: buf.subarray(pos, pos + size), source });
      pos += size;
    }
  } catch {
    // no cache yet, or an unreadable one: start afresh
  }
  return out;
}

/**
 * What to keep: the entries of this run first, then earlier ones whose file still exists (in
 * the order they had: the last writer's first), while they fit in MAX_BYTES.
 */
export function entriesToKeep(fresh: Map<string, CacheEntry>, earlier: Map<string, CacheEntry>, maxBytes = MAX_BYTES, exists: (file: string) => boolean = existsSync): Map<string, CacheEntry> {
  const out = new Map<string, CacheEntry>();
  let total = 0;
  const add = (name: string, entry: CacheEntry): void => {
    if (out.has(name) || total + entry.data.length > maxBytes) return;
    out.set(name, entry);
    total += entry.data.length;
  };
  for (const [name, entry] of fresh) add(name, entry);
  for (const [name, entry] of earlier) if (!out.has(name) && exists(name)) add(name, entry);
  return out;
}

function writeCache(file: string, entries: Map<string, CacheEntry>): void {
  const index = Buffer.from(JSON.stringify({ format: FORMAT, node: process.version, entries: [...entries].map(([n, e]) => [n, e.data.length, e.source]) }), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(index.length, 0);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(tmp, Buffer.concat([head, index, ...[...entries.values()].map((e) => e.data)]), { mode: 0o600 });
    renameSync(tmp, file); // atomic: concurrent runs never see half a file
  } catch {
    // a cache that cannot be written only costs speed
  }
}

export interface CodeCacheOptions {
  /** a directory of this package's own bundled code, cached from the first call on */
  ownCode?: string;
  /** cache the CommonJS packages under node_modules (default true) */
  dependencies?: boolean;
}

let hooked: { ownDir?: string; dependencies: boolean } | undefined;

/**
 * Install the cache (once) and widen what it covers: the launcher names the bundled CLI's
 * directory before loading it, and the commands that load large dependencies turn those on
 * when they start.
 */
export function enableCodeCache(env: NodeJS.ProcessEnv = process.env, options: CodeCacheOptions = {}): void {
  if (env.AGENTOS_CODE_CACHE === '0') return;
  if (hooked) {
    if (options.dependencies !== false) hooked.dependencies = true;
    return;
  }
  const file = codeCacheFile(env);
  // parsed rule YAML is kept beside the compiled code, under the same rules of trust
  enableYamlCache(path.join(path.dirname(file), 'yaml.json'));
  const state = (hooked = {
    ownDir: options.ownCode === undefined ? undefined : path.resolve(options.ownCode) + path.sep,
    dependencies: options.dependencies !== false,
  });
  const cache = readCache(file);
  const compiled = new Map<string, { script: vm.Script; source: string }>();
  // a file over the bound (written before there was one) is rewritten within it
  let missed = [...cache.values()].reduce((n, e) => n + e.data.length, 0) > MAX_BYTES;
  const Module = createRequire(import.meta.url)('node:module') as ModuleConstructor;
  const original = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(this: ModuleInternals, content: string, filename: string, format?: string): unknown {
    // an ES module reached by `require` (Node 20.19 and later) is Node's to compile
    const covered =
      state.ownDir !== undefined && filename.startsWith(state.ownDir)
        ? !content.startsWith(NOT_CACHED)
        : state.dependencies && filename.includes(`${path.sep}node_modules${path.sep}`) && !UNCACHED_PACKAGES.some((p) => filename.includes(p));
    if (format === 'module' || !covered) {
      return original.call(this, content, filename, format);
    }
    const source = sourceHash(content);
    const entry = cache.get(filename);
    // compiled from this very source, not merely one of its length
    const cachedData = entry?.source === source ? entry.data : undefined;
    // (under the flags the cache was made with: see jit.ts `withStartFlags`)
    // agentos-ignore code-eval: compiles the installed dependency Node was about to load anyway, to attach its code cache
    const script = withStartFlags(() => new vm.Script(Module.wrap(content.startsWith('#!') ? '//' + content : content), { filename, cachedData }));
    if (!cachedData || script.cachedDataRejected) missed = true;
    compiled.set(filename, { script, source });
    const self = this;
    const require = Object.assign((id: string) => self.require(id), {
      resolve: (request: string, options?: unknown) => Module._resolveFilename(request, self, false, options),
      main: requireMain(),
      extensions: Module._extensions,
      cache: Module._cache,
    });
    const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return fn.call(self.exports, self.exports, require, self, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    if (!missed) return;
    // taken at exit, so the functions compiled while the run used them are in it too; made under
    // the flags the next run starts with, or its V8 would refuse it
    const fresh = withStartFlags(() => new Map([...compiled].map(([name, { script, source }]) => [name, { data: script.createCachedData(), source }])));
    writeCache(file, entriesToKeep(fresh, cache));
    if (!env.AGENTOS_CODE_CACHE_FILE) pruneInstalls(path.dirname(file));
  });
}

/** Where this installation of the package keeps its code cache (packages are found from this module's own place). */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The files of one code cache directory, one per installation of the package: `cjs-<hash of its directory>.bin`. */
const INSTALL_FILE = /^cjs-[0-9a-f]{16}\.bin$/;

/** At most this many installations keep a code cache file: the most recently written. */
export const MAX_INSTALLS = 8;

/**
 * The code cache file: `AGENTOS_CODE_CACHE_FILE`, else one per installation of the package
 * (its directory hashed) under the system's temporary directory. Every run reads its file
 * whole: one file shared by every installation (a global one, a project's, a CI cache's) made
 * each run read the code of all of them, 6 MB and 14 ms of a pre-commit check with four.
 */
export function codeCacheFile(env: NodeJS.ProcessEnv = process.env, packageRoot: string = PACKAGE_ROOT): string {
  if (env.AGENTOS_CODE_CACHE_FILE) return env.AGENTOS_CODE_CACHE_FILE;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  const id = createHash('sha1').update(path.resolve(packageRoot)).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `agentos-code-cache-${uid}`, `cjs-${id}.bin`);
}

/** Keep the code cache files of the `keep` installations written last and remove the others (temporary installs come and go). */
export function pruneInstalls(dir: string, keep: number = MAX_INSTALLS): void {
  try {
    const files = readdirSync(dir)
      .filter((n) => INSTALL_FILE.test(n))
      .map((n) => ({ file: path.join(dir, n), mtime: statSync(path.join(dir, n), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const { file } of files.slice(keep)) rmSync(file, { force: true });
  } catch {
    // a cache that cannot be tidied only costs disk
  }
}

function requireMain(): unknown {
  return (process as unknown as { mainModule?: unknown }).mainModule;
}
