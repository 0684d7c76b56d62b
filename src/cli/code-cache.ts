/**
 * A V8 code cache for the CommonJS dependencies the CLI loads (typescript alone is 9 MB of
 * JavaScript, compiled afresh by every process otherwise): compiled code is kept in one file
 * under the system's temporary directory and handed back to V8 on the next run. V8 checks
 * each entry against the source and ignores one that does not fit, so a stale cache costs
 * only the compile it would have cost anyway. `AGENTOS_CODE_CACHE=0` turns it off.
 * (Node 22 has `module.enableCompileCache()`; Node 20, which agentos supports, does not.)
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { enableYamlCache, ownedAndPrivate } from '../policy/yaml-cache.js';

interface ModuleInternals {
  exports: unknown;
  paths: string[];
  require(id: string): unknown;
}
interface ModuleConstructor {
  prototype: { _compile(this: ModuleInternals, content: string, filename: string): unknown };
  wrap(source: string): string;
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _extensions: unknown;
  _cache: unknown;
}

const FORMAT = 1;

/** The cache file: a 4-byte length, a JSON index [[file, bytes], ...], then the blobs in that order. */
function readCache(file: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  try {
    if (!ownedAndPrivate(file)) return out;
    const buf = readFileSync(file);
    const len = buf.readUInt32LE(0);
    const index = JSON.parse(buf.subarray(4, 4 + len).toString('utf8')) as { format: number; node: string; entries: [string, number][] };
    if (index.format !== FORMAT || index.node !== process.version) return out;
    let pos = 4 + len;
    for (const [name, size] of index.entries) {
      out.set(name, buf.subarray(pos, pos + size));
      pos += size;
    }
  } catch {
    // no cache yet, or an unreadable one: start afresh
  }
  return out;
}

function writeCache(file: string, entries: Map<string, Buffer>): void {
  const index = Buffer.from(JSON.stringify({ format: FORMAT, node: process.version, entries: [...entries].map(([n, b]) => [n, b.length]) }), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(index.length, 0);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(tmp, Buffer.concat([head, index, ...entries.values()]), { mode: 0o600 });
    renameSync(tmp, file); // atomic: concurrent runs never see half a file
  } catch {
    // a cache that cannot be written only costs speed
  }
}

let enabled = false;

/** Install the cache for modules under node_modules; idempotent. */
export function enableCodeCache(env: NodeJS.ProcessEnv = process.env): void {
  if (enabled || env.AGENTOS_CODE_CACHE === '0') return;
  enabled = true;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  const file = env.AGENTOS_CODE_CACHE_FILE ?? path.join(os.tmpdir(), `agentos-code-cache-${uid}`, 'cjs.bin');
  // parsed rule YAML is kept beside the compiled code, under the same rules of trust
  enableYamlCache(path.join(path.dirname(file), 'yaml.json'));
  const cache = readCache(file);
  const compiled = new Map<string, vm.Script>();
  let missed = false;
  const Module = createRequire(import.meta.url)('node:module') as ModuleConstructor;
  const original = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(this: ModuleInternals, content: string, filename: string): unknown {
    if (!filename.includes(`${path.sep}node_modules${path.sep}`)) return original.call(this, content, filename);
    const cachedData = cache.get(filename);
    // agentos-ignore code-eval: compiles the installed dependency Node was about to load anyway, to attach its code cache
    const script = new vm.Script(Module.wrap(content.startsWith('#!') ? '//' + content : content), { filename, cachedData });
    if (!cachedData || script.cachedDataRejected) missed = true;
    compiled.set(filename, script);
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
    // taken at exit, so the functions compiled while the run used them are in it too
    for (const [name, script] of compiled) cache.set(name, script.createCachedData());
    writeCache(file, cache);
  });
}

function requireMain(): unknown {
  return (process as unknown as { mainModule?: unknown }).mainModule;
}
