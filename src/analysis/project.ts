/**
 * The project pass: what one module of the project learns from the others.
 *
 * Every file is lowered once. Then, in one sweep over the facts:
 * - imported functions another module registers as tools (`tools=[run_sql]` with `run_sql`
 *   from `.db`) are marked in their own module, which is lowered once more with them;
 * - every call of a function imported from a module of the project (`from .db import run_query`,
 *   `import { runQuery } from './db'`, `@/lib/db` through tsconfig `paths`) is linked to that
 *   function, so the taint of its arguments reaches the function's parameters: a tool in one
 *   file handing its input to a helper in another is judged at the helper's sink.
 * Module names are resolved through one index built from the file list, each call is looked
 * at once and each file's call sites are followed once: the cost grows with the project.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { ResolvedConfig } from '../config/types.js';
import { checkFacts, contextOfFile, lowerFile, type FileJob, type FileResult, type Lowered } from './analyze.js';
import { contextSkipped, defaultContextSettings } from './contexts.js';
import { fileUntrusted, type ActiveRule, type ExternalCall, type ProjectLinks, type RunRulesOptions, type ToolMark } from './engine.js';
import type { FileFacts, Language } from './facts.js';

/** tsconfig `paths` aliases: pattern (`@/*`) to targets relative to the project root (`src/*`). */
export type PathAliases = readonly { pattern: string; targets: string[] }[];

const JS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** ESM imports name the emitted file: `./db.js` is `./db.ts` in the source. */
const EMITTED: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

const isJs = (l: Language) => l === 'javascript' || l === 'typescript';

/** Finds the project file a module name stands for, from the importing file. */
export class ModuleIndex {
  private readonly byPath = new Map<string, number>();
  /** Python: every dotted suffix of a module's name (`pkg.db`, `db`) to the files that have it */
  private readonly bySuffix = new Map<string, number[]>();
  private readonly memo = new Map<string, number | undefined>();

  constructor(
    files: readonly { rel: string; language: Language }[],
    private readonly aliases: PathAliases = [],
  ) {
    files.forEach((f, i) => {
      this.byPath.set(f.rel, i);
      if (f.language !== 'python') return;
      const parts = f.rel.replace(/\.pyi?$/, '').split('/');
      if (parts[parts.length - 1] === '__init__') parts.pop();
      for (let k = parts.length - 1; k >= 0; k--) {
        const key = parts.slice(k).join('.');
        const list = this.bySuffix.get(key);
        if (list) list.push(i);
        else this.bySuffix.set(key, [i]);
      }
    });
  }

  /** The index of the file `spec` (as the importing file's facts write it) names, if it is one of the project's. */
  resolve(fromRel: string, language: Language, spec: string): number | undefined {
    const dir = path.posix.dirname(fromRel);
    const key = `${language === 'python' ? 'py' : 'js'}\0${spec.startsWith('.') ? dir : ''}\0${spec}`;
    if (this.memo.has(key)) return this.memo.get(key);
    const found = language === 'python' ? this.resolvePython(dir, spec) : this.resolveJs(dir, spec);
    this.memo.set(key, found);
    return found;
  }

  private resolvePython(dir: string, spec: string): number | undefined {
    if (spec.startsWith('.')) {
      const level = spec.length - spec.replace(/^\.+/, '').length;
      const base = dir === '.' ? [] : dir.split('/');
      if (level - 1 > base.length) return undefined;
      const parts = [...base.slice(0, base.length - (level - 1)), ...spec.slice(level).split('.').filter(Boolean)];
      const p = parts.join('/');
      return this.byPath.get(`${p}.py`) ?? this.byPath.get(`${p}/__init__.py`) ?? this.byPath.get(`${p}.pyi`);
    }
    const list = this.bySuffix.get(spec);
    return list?.length === 1 ? list[0] : undefined;
  }

  private resolveJs(dir: string, spec: string): number | undefined {
    if (spec.startsWith('./') || spec.startsWith('../')) return this.jsFile(path.posix.normalize(path.posix.join(dir, spec)));
    // a bare specifier is a package, unless a tsconfig alias maps it into the project
    // (specifiers without `/` are written with dots in facts: `~.lib.db` is `~/lib/db`)
    for (const written of spec.includes('/') ? [spec] : [spec, spec.replace(/\./g, '/')]) {
      for (const { pattern, targets } of this.aliases) {
        const star = pattern.indexOf('*');
        const prefix = star < 0 ? pattern : pattern.slice(0, star);
        const suffix = star < 0 ? '' : pattern.slice(star + 1);
        if (star < 0 ? written !== pattern : !(written.startsWith(prefix) && written.endsWith(suffix) && written.length >= prefix.length + suffix.length)) continue;
        const middle = star < 0 ? '' : written.slice(prefix.length, written.length - suffix.length);
        for (const t of targets) {
          const found = this.jsFile(path.posix.normalize(t.replace('*', middle)));
          if (found !== undefined) return found;
        }
      }
    }
    return undefined;
  }

  private jsFile(p: string): number | undefined {
    const ext = path.posix.extname(p);
    const candidates = [p, ...(EMITTED[ext] ?? []).map((e) => p.slice(0, -ext.length) + e), ...JS_EXTENSIONS.map((e) => p + e), ...JS_EXTENSIONS.map((e) => `${p}/index${e}`)];
    for (const c of candidates) {
      const i = this.byPath.get(c);
      if (i !== undefined) return i;
    }
    return undefined;
  }
}

/** The `compilerOptions.paths` of `tsconfig.json` in `dir`, relative to `dir` (none when there is no such file). */
export function readPathAliases(dir: string): PathAliases {
  let text: string;
  try {
    text = readFileSync(path.join(dir, 'tsconfig.json'), 'utf8');
  } catch {
    return [];
  }
  // jsonc-parser is loaded only when there is a tsconfig.json to read
  const { parse: parseJsonc } = createRequire(import.meta.url)('jsonc-parser') as typeof import('jsonc-parser');
  const json = parseJsonc(text, [], { allowTrailingComma: true }) as { compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined;
  const options = json?.compilerOptions;
  if (!options || typeof options.paths !== 'object' || options.paths === null) return [];
  const baseUrl = typeof options.baseUrl === 'string' ? options.baseUrl : '.';
  const out: { pattern: string; targets: string[] }[] = [];
  for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
    if (!Array.isArray(targets)) continue;
    out.push({ pattern, targets: targets.filter((t): t is string => typeof t === 'string').map((t) => path.posix.normalize(path.posix.join(baseUrl, t))) });
  }
  return out;
}

/** `pkg.db.run_query` -> `pkg.db` and `run_query`; `./util.js.runCmd` -> `./util.js` and `runCmd`. */
function splitQualified(name: string): { module: string; member: string } | undefined {
  if (name.includes('(') || name.startsWith('?')) return undefined;
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return undefined;
  return { module: name.slice(0, dot), member: name.slice(dot + 1) };
}

/** The function a module defines at its top level under `name` (methods are written `Class.name`). */
function topLevelFunction(facts: FileFacts, name: string): string | undefined {
  return facts.functions.find((f) => f.name === name)?.id;
}

/** The project's function a qualified name (`pkg.db.run_query`) in file `from` names: its file and member. */
function resolveQualified(index: ModuleIndex, jobs: readonly FileJob[], from: number, qualified: string): { file: number; member: string } | undefined {
  const job = jobs[from]!;
  if (job.language !== 'python' && !isJs(job.language)) return undefined;
  const split = splitQualified(qualified);
  if (!split) return undefined;
  const file = index.resolve(job.rel, job.language, split.module);
  return file === undefined || file === from ? undefined : { file, member: split.member };
}

/**
 * The qualified names through which a file's facts can reach other modules: the functions it
 * registers as tools and the calls the file itself does not resolve. What the project pass
 * links is always among these, so they are what the result cache needs to know of a file.
 */
export function moduleReferences(facts: FileFacts): string[] {
  const out = new Set<string>();
  for (const r of facts.toolRefs ?? []) out.add(r.ref);
  for (const call of facts.calls) if (!call.target) out.add(call.callee);
  return [...out];
}

/**
 * For each file, the files whose references (`moduleReferences`, by file) resolve to it:
 * the only files the project pass can link to it, by tool registration or by call.
 */
export function projectReferrers(jobs: readonly FileJob[], references: readonly (readonly string[])[], aliases: PathAliases = []): Set<number>[] {
  const index = new ModuleIndex(jobs, aliases);
  const out: Set<number>[] = jobs.map(() => new Set());
  references.forEach((names, i) => {
    for (const name of names) {
      const t = resolveQualified(index, jobs, i, name);
      if (t) out[t.file]!.add(i);
    }
  });
  return out;
}

/** Which files a project pass lowers and checks (all by default), and who hears of each file's facts. */
export interface ProjectScope {
  /** lower only these files: the others take no part (they are still known to module resolution) */
  lower?: ReadonlySet<number>;
  /** check only these; the others get an empty result */
  report?: ReadonlySet<number>;
  /** called with every file's facts as they are made (once more when a file is lowered again with tool marks) */
  observe?: (file: number, facts: FileFacts) => void;
}

const NOT_LOWERED: Lowered = { failed: { findings: [] } };

/**
 * Lower and check the files of one run as a project. Results are in the order of `jobs`.
 * `aliases`: tsconfig `paths` of the project root (see `readPathAliases`).
 */
export async function analyzeProject(
  jobs: readonly FileJob[],
  active: readonly ActiveRule[],
  config: ResolvedConfig,
  aliases: PathAliases = [],
  options: RunRulesOptions = {},
  scope: ProjectScope = {},
): Promise<FileResult[]> {
  const settings = config.contexts ?? defaultContextSettings();
  const contexts = jobs.map((job) => contextOfFile(job, settings));
  const lowered: Lowered[] = [];
  const lowerOne = async (i: number, marks?: ReadonlyMap<string, ToolMark>): Promise<Lowered> => {
    const l = await lowerFile(jobs[i]!, marks);
    if ('facts' in l) scope.observe?.(i, l.facts);
    return l;
  };
  // generated and vendored code (by default) is not even parsed; files out of scope neither
  for (const i of jobs.keys()) lowered.push(contextSkipped(settings, contexts[i]!) || (scope.lower && !scope.lower.has(i)) ? NOT_LOWERED : await lowerOne(i));
  const index = new ModuleIndex(jobs, aliases);
  const factsOf = (i: number): FileFacts | undefined => {
    const l = lowered[i]!;
    return 'facts' in l ? l.facts : undefined;
  };
  const target = (from: number, qualified: string) => resolveQualified(index, jobs, from, qualified);

  // functions registered as tools by other modules: lower their own module once more with them
  const tools = new Map<number, Map<string, ToolMark>>();
  jobs.forEach((_, i) => {
    for (const r of factsOf(i)?.toolRefs ?? []) {
      const t = target(i, r.ref);
      if (!t || !factsOf(t.file)?.functions.some((f) => f.name === t.member && !f.tool)) continue;
      let m = tools.get(t.file);
      if (!m) tools.set(t.file, (m = new Map()));
      if (!m.has(t.member)) m.set(t.member, { ...r.tool, via: `${r.tool.via} in ${jobs[i]!.rel}` });
    }
  });
  for (const [i, marks] of tools) lowered[i] = await lowerOne(i, marks);

  // calls of the project's own functions across modules
  const callers = new Map<number, Map<string, ExternalCall[]>>();
  const resolvers = new Map<number, ExternalCall['untrusted']>();
  jobs.forEach((job, i) => {
    const facts = factsOf(i);
    if (!facts) return;
    for (const call of facts.calls) {
      if (call.target) continue;
      const t = target(i, call.callee);
      const callee = t && factsOf(t.file);
      const id = callee && topLevelFunction(callee, t.member);
      if (!id) continue;
      let untrusted = resolvers.get(i);
      if (!untrusted) resolvers.set(i, (untrusted = fileUntrusted(facts)));
      let byFn = callers.get(t.file);
      if (!byFn) callers.set(t.file, (byFn = new Map()));
      const list = byFn.get(id);
      const link: ExternalCall = { file: job.rel, call, untrusted };
      if (list) list.push(link);
      else byFn.set(id, [link]);
    }
  });

  const results: FileResult[] = [];
  for (const [i, job] of jobs.entries()) {
    const l = lowered[i]!;
    if (scope.report && !scope.report.has(i)) {
      results.push({ findings: [] });
      continue;
    }
    if ('failed' in l) {
      results.push({ ...l.failed, context: contexts[i] });
      continue;
    }
    const byFn = callers.get(i);
    const links: ProjectLinks | undefined = byFn && { callers: (id) => byFn.get(id) ?? [] };
    results.push(await checkFacts(job, l.facts, active, config, { ...options, links }, contexts[i]));
  }
  return results;
}
