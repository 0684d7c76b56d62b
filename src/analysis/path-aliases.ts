/**
 * The `paths` aliases of a project's tsconfig.json, which resolve JavaScript and TypeScript
 * imports across modules (project.ts). Apart from the project pass: a run reads them (they are
 * part of the result cache's run key) before it knows whether anything must be analyzed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * tsconfig `paths` aliases: pattern (`@/*`) to targets relative to the project root (`src/*`); `scope`: the directory
 * (relative to the root) of the nested tsconfig.json that declares them (`webui`), whose files they resolve for; none
 * for the root's.
 */
export type PathAliases = readonly { pattern: string; targets: string[]; scope?: string }[];

/** What one tsconfig file (with what it extends) says about module resolution; directories absolute. */
interface TsResolution {
  baseUrl?: string;
  paths?: { map: Record<string, unknown>; dir: string };
}

/**
 * Read a tsconfig and the relative configurations it `extends` (a string or, since TypeScript 5.0, a list); the file's own
 * options win. `read`: what was read already in this run (a monorepo's packages extend one base).
 */
function readTsconfig(file: string, depth: number, read: Map<string, TsResolution | undefined>): TsResolution | undefined {
  if (read.has(file)) return read.get(file);
  const out = readTsconfigFile(file, depth, read);
  read.set(file, out);
  return out;
}

function readTsconfigFile(file: string, depth: number, read: Map<string, TsResolution | undefined>): TsResolution | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  // (most of a monorepo's configurations set compiler options only, or extend a package's: nothing to parse for)
  if (!/\b(?:paths|baseUrl)\b/.test(text) && !/["']\.\.?\//.test(text)) return {};
  // jsonc-parser is loaded only when there is a tsconfig.json to read
  const { parse: parseJsonc } = createRequire(import.meta.url)('jsonc-parser') as typeof import('jsonc-parser');
  const json = parseJsonc(text, [], { allowTrailingComma: true }) as { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined;
  const dir = path.dirname(file);
  const out: TsResolution = {};
  const bases = typeof json?.extends === 'string' ? [json.extends] : Array.isArray(json?.extends) ? json.extends : [];
  // configurations from packages (`@tsconfig/node20`) hold no project paths: only relative ones are read
  for (const b of bases) {
    if (typeof b !== 'string' || !b.startsWith('.') || depth >= 8) continue;
    const parent = readTsconfig(path.resolve(dir, b.endsWith('.json') ? b : `${b}.json`), depth + 1, read);
    if (parent?.baseUrl) out.baseUrl = parent.baseUrl;
    if (parent?.paths) out.paths = parent.paths;
  }
  const options = json?.compilerOptions;
  if (typeof options?.baseUrl === 'string') out.baseUrl = path.resolve(dir, options.baseUrl);
  if (typeof options?.paths === 'object' && options.paths !== null) out.paths = { map: options.paths as Record<string, unknown>, dir };
  return out;
}

/**
 * The `compilerOptions.paths` of `tsconfig.json` in `dir` and the configurations it extends, relative to `dir` (none when
 * there is no such file); and, given the project's JavaScript and TypeScript files (relative to `dir`), those of each
 * tsconfig.json in a directory above one of them (a monorepo's `webui/tsconfig.json` with its own `@/*`), scoped to that
 * directory. Targets are relative to `baseUrl` when one is set, else to the configuration that declares the paths.
 */
export function readPathAliases(dir: string, files: readonly string[] = []): PathAliases {
  const read = new Map<string, TsResolution | undefined>();
  const out = aliasesOf(dir, dir, read);
  const dirs = new Set<string>();
  for (const f of files) {
    for (let d = path.posix.dirname(f); d !== '.' && d !== '/' && !dirs.has(d); d = path.posix.dirname(d)) dirs.add(d);
  }
  for (const d of [...dirs].sort()) {
    if (d.split('/').includes('node_modules')) continue;
    const config = path.join(dir, d);
    if (existsSync(path.join(config, 'tsconfig.json'))) out.push(...aliasesOf(dir, config, read, d));
  }
  return out;
}

/** The aliases the tsconfig.json in `config` declares, with targets relative to the project root `root`. */
function aliasesOf(root: string, config: string, read: Map<string, TsResolution | undefined>, scope?: string): { pattern: string; targets: string[]; scope?: string }[] {
  const ts = readTsconfig(path.join(config, 'tsconfig.json'), 0, read);
  if (!ts?.paths) return [];
  const base = ts.baseUrl ?? ts.paths.dir;
  const out: { pattern: string; targets: string[]; scope?: string }[] = [];
  for (const [pattern, targets] of Object.entries(ts.paths.map)) {
    if (!Array.isArray(targets)) continue;
    out.push({
      pattern,
      targets: targets.filter((t): t is string => typeof t === 'string').map((t) => path.relative(root, path.resolve(base, t)).split(path.sep).join('/') || '.'),
      ...(scope !== undefined ? { scope } : {}),
    });
  }
  return out;
}
