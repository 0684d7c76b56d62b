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
import { contextOfFile, type FileJob, type FileResult } from './analyze.js';
import { contextSkipped, defaultContextSettings, type CodeContext, type ContextSettings } from './contexts.js';
import type { ActiveRule, RunRulesOptions, ToolMark } from './engine.js';
import { FactStore, type CheckSetup, type FileLinks, type FileSummary, type LinkedCall, type Lowering } from './facts-store.js';
import type { Language } from './facts.js';

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
function topLevelFunction(summary: FileSummary | undefined, name: string): string | undefined {
  return summary?.functions.find((f) => f.name === name)?.id;
}

/**
 * Where the files of a project pass are lowered and checked: in this thread (`localExecutors`)
 * or on a pool of worker threads (pool.ts). A file's facts stay with the thread that lowered
 * it; `lower`, `exportCalls` and `check` of a file run there.
 */
export interface Executors {
  /** lower these files (given largest first), each wherever there is room */
  lowerAll(order: readonly number[]): Promise<Map<number, Lowering>>;
  /** lower file `i` again with the functions other modules register as tools */
  lower(i: number, marks: ReadonlyMap<string, ToolMark>): Promise<Lowering>;
  exportCalls(i: number, ks: readonly number[]): Promise<LinkedCall[]>;
  check(i: number, links: FileLinks | undefined, context: CodeContext): Promise<FileResult>;
  close(): Promise<void>;
}

/** Everything in this thread, one file after the other. */
export function localExecutors(jobs: readonly FileJob[], setup: CheckSetup): Executors {
  const store = new FactStore(setup);
  return {
    async lowerAll(order) {
      const out = new Map<number, Lowering>();
      for (const i of order) out.set(i, await store.lower(i, jobs[i]!));
      return out;
    },
    lower: (i, marks) => store.lower(i, jobs[i]!, marks),
    exportCalls: (i, ks) => store.exportCalls(i, ks),
    check: (i, links, context) => store.check(i, links, context),
    close: async () => undefined,
  };
}

/** Which files a run lowers and which it reports (a shard: its own files, and the files that can change their findings). */
export interface ProjectScope {
  lower?: (i: number) => boolean;
  check?: (i: number) => boolean;
  /** files outside `lower` that may refer to `files` (lowered too when `files` link into the checked files) */
  callersOf?: (files: readonly number[]) => number[];
}

/**
 * Lower and check the files of one run as a project. Results are in the order of `jobs`
 * (undefined for a file outside `scope.check`).
 * `aliases`: tsconfig `paths` of the project root (see `readPathAliases`).
 * `executors`: where files are lowered and checked (default: this thread).
 */
export async function analyzeProject(
  jobs: readonly FileJob[],
  active: readonly ActiveRule[],
  config: ResolvedConfig,
  aliases: PathAliases = [],
  options: RunRulesOptions = {},
  executors?: (jobs: readonly FileJob[], setup: CheckSetup) => Executors,
  scope: ProjectScope = {},
): Promise<(FileResult | undefined)[]> {
  const settings = config.contexts ?? defaultContextSettings();
  const contexts = jobs.map((job) => contextOfFile(job, settings));
  const run = (executors ?? localExecutors)(jobs, { active, config, options });
  try {
    return await projectPass(jobs, contexts, settings, aliases, run, scope);
  } finally {
    await run.close();
  }
}

async function projectPass(
  jobs: readonly FileJob[],
  contexts: readonly CodeContext[],
  settings: ContextSettings,
  aliases: PathAliases,
  run: Executors,
  scope: ProjectScope,
): Promise<(FileResult | undefined)[]> {
  // generated and vendored code (by default) is not even parsed
  const order = jobs.map((_, i) => i).filter((i) => !contextSkipped(settings, contexts[i]!) && (scope.lower?.(i) ?? true));
  // the largest first: the last file to finish is a small one
  order.sort((a, b) => jobs[b]!.text.length - jobs[a]!.text.length || a - b);
  const lowered = await run.lowerAll(order);
  const index = new ModuleIndex(jobs, aliases);
  const summaryOf = (i: number): FileSummary | undefined => {
    const l = lowered.get(i);
    return l && 'summary' in l ? l.summary : undefined;
  };
  const target = (from: number, qualified: string): { file: number; member: string } | undefined => {
    const job = jobs[from]!;
    if (job.language !== 'python' && !isJs(job.language)) return undefined;
    const split = splitQualified(qualified);
    if (!split) return undefined;
    const file = index.resolve(job.rel, job.language, split.module);
    return file === undefined || file === from ? undefined : { file, member: split.member };
  };
  const linksInto = (summary: FileSummary | undefined, i: number, into: (i: number) => boolean): boolean =>
    !!summary && [...summary.toolRefs.map((r) => r.ref), ...summary.calls.map((c) => c.callee)].some((q) => {
      const t = target(i, q);
      return t !== undefined && into(t.file);
    });

  if (scope.callersOf && scope.check) {
    // a file that calls into the checked files or registers their functions as tools: the
    // files that register its own functions change what it passes on
    const linking = order.filter((i) => !scope.check!(i) && linksInto(summaryOf(i), i, scope.check!));
    const more = scope.callersOf(linking).filter((i) => !contextSkipped(settings, contexts[i]!));
    for (const [i, l] of await run.lowerAll(more)) lowered.set(i, l);
  }

  // functions registered as tools by other modules: lower their own module once more with them
  const tools = new Map<number, Map<string, ToolMark>>();
  jobs.forEach((_, i) => {
    for (const r of summaryOf(i)?.toolRefs ?? []) {
      const t = target(i, r.ref);
      if (!t || !summaryOf(t.file)?.functions.some((f) => f.name === t.member && !f.tool)) continue;
      let m = tools.get(t.file);
      if (!m) tools.set(t.file, (m = new Map()));
      if (!m.has(t.member)) m.set(t.member, { ...r.tool, via: `${r.tool.via} in ${jobs[i]!.rel}` });
    }
  });
  const marked = [...tools].sort(([a], [b]) => jobs[b]!.text.length - jobs[a]!.text.length || a - b);
  await Promise.all(marked.map(async ([i, marks]) => lowered.set(i, await run.lower(i, marks))));

  // calls of the project's own functions across modules: which call of which file reaches which function
  const outgoing = new Map<number, { k: number; file: number; id: string }[]>();
  jobs.forEach((_, i) => {
    const summary = summaryOf(i);
    if (!summary) return;
    for (const { k, callee } of summary.calls) {
      const t = target(i, callee);
      const id = t && topLevelFunction(summaryOf(t.file), t.member);
      if (!id) continue;
      let list = outgoing.get(i);
      if (!list) outgoing.set(i, (list = []));
      list.push({ k, file: t.file, id });
    }
  });
  // the calling files resolve the taint of their arguments where their facts are
  const exported = new Map<number, LinkedCall[]>();
  await Promise.all([...outgoing].map(async ([i, list]) => exported.set(i, await run.exportCalls(i, list.map((o) => o.k)))));
  const callers = new Map<number, Map<string, LinkedCall[]>>();
  for (const [i, list] of [...outgoing].sort(([a], [b]) => a - b)) {
    const linked = exported.get(i)!;
    list.forEach((o, n) => {
      let byFn = callers.get(o.file);
      if (!byFn) callers.set(o.file, (byFn = new Map()));
      const calls = byFn.get(o.id);
      if (calls) calls.push(linked[n]!);
      else byFn.set(o.id, [linked[n]!]);
    });
  }

  return Promise.all(
    jobs.map(async (_, i) => {
      if (scope.check && !scope.check(i)) return undefined;
      const l = lowered.get(i);
      if (!l) return { findings: [], context: contexts[i] };
      if ('failed' in l) return { ...l.failed, context: contexts[i] };
      const byFn = callers.get(i);
      return run.check(i, byFn && [...byFn], contexts[i]!);
    }),
  );
}
