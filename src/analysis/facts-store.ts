/**
 * Where a file's facts live during a project pass: the thread that lowered the file keeps
 * them, and hands the project pass only what crosses files (a summary, and the taint of the
 * arguments of calls into other modules). The main thread and every worker of the pool
 * (pool.ts) hold one store each, so the same code lowers and checks a file whichever thread
 * it lands on, and a run with workers finds exactly what a run without them finds.
 */
import type { ResolvedConfig } from '../config/types.js';
import { checkFacts, lowerFile, type FileJob, type FileResult } from './analyze.js';
import type { ResolvedTaint } from './checks/types.js';
import type { CodeContext } from './contexts.js';
import { fileOwn, fileUntrusted, sinkCallsOf, type ActiveRule, type ExternalCall, type ProjectLinks, type RunRulesOptions, type ToolMark } from './engine.js';
import type { CallFact, FileFacts, Value } from './facts.js';
import { importRefs, resultUses, type ImportedReturns, type ResultUses, type ReturnSummary } from './returns.js';
import { absentMember, objectParts, wholeAbsent } from './values.js';

/** What the project pass needs of a file's facts to link it to the others. */
export interface FileSummary {
  toolRefs: NonNullable<FileFacts['toolRefs']>;
  functions: { name: string; id: string; tool: boolean }[];
  /** calls not resolved within the file: their index in the file's calls and the qualified callee */
  calls: { k: number; callee: string }[];
  /** what its functions return, for other modules (returns.ts); only from a lowering given no summaries */
  returns?: Record<string, ReturnSummary>;
  /** the names and modules it imports (`importRefs`), whose constants the project pass may hand it */
  imports?: string[];
  /** its module-level classes with their bases (project.ts `moduleMarks`) */
  classes?: FileFacts['classes'];
  /** its module-level dependency aliases (project.ts `moduleMarks`) */
  dependencyAliases?: string[];
  /** the types its tools' and routes' parameters are annotated with (project.ts `moduleMarks`) */
  exposedTypes?: string[];
  /** the references to names of other modules followed from module to module (`chainRefs`) */
  chain?: string[];
}

/** The mark of a reference `chainRefs` gives (`moduleReferences`): followed from module to module, however far. */
export const CHAINED = '^';

/**
 * The names of other modules a file's facts depend on through other modules again: the bases of its classes (a tool
 * class may be their base's base), the names its parameters are annotated with (a dependency alias may be re-exported),
 * and, for a package's `__init__.py`, everything it imports (it re-exports them). Marked `CHAINED`.
 */
export function chainRefs(facts: FileFacts): string[] {
  const out = new Set<string>();
  for (const c of facts.classes ?? []) if (!c.tool) for (const b of c.bases) out.add(CHAINED + b);
  for (const a of facts.annotations ?? []) out.add(CHAINED + a);
  if (facts.language === 'python' && /(?:^|\/)__init__\.pyi?$/.test(facts.file)) for (const r of importRefs(facts)) if (!r.endsWith('.*')) out.add(CHAINED + r);
  return [...out];
}

export type Lowering = { summary: FileSummary } | { failed: FileResult };

/** A call of another module's function, with the untrusted origins of each of its arguments in the calling file. */
export interface LinkedCall {
  file: string;
  call: CallFact;
  args: ResolvedTaint[][];
  kwargs: Record<string, ResolvedTaint[]>;
  /** positional arguments and keyword arguments that hold only constants or configuration in the calling file (engine.ts `fileOwn`) */
  ownArgs?: number[];
  ownKwargs?: string[];
  /** the calling file exercises the function rather than uses it (a test, an example, documentation, an evaluation) */
  exercise?: boolean;
  /**
   * for an object literal passed as an argument (by position, or by keyword name): the untrusted origins of each member
   * and of a member it does not write (`*`, what a spread in it may supply), and the members that are the program's own
   */
  members?: [arg: number | string, taint: Record<string, ResolvedTaint[]>, own: string[]][];
}

/** Calls of a file's functions from other modules, by function id, in project order. */
export type FileLinks = [functionId: string, calls: LinkedCall[]][];

/** The members of the object literals a call passes, worked out in the calling file (see `LinkedCall.members`). */
function objectMembers(call: CallFact, untrusted: (v: Value) => ResolvedTaint[], own: (v: Value) => boolean): Pick<LinkedCall, 'members'> {
  const members: NonNullable<LinkedCall['members']> = [];
  const add = (at: number | string, arg: Value) => {
    if (arg.kind !== 'dict') return;
    const parts = objectParts(arg);
    members.push([at, Object.fromEntries(parts.map(([k, v]) => [k, untrusted(v)])), parts.flatMap(([k, v]) => (own(v) ? [k] : []))]);
  };
  call.args.forEach((a, i) => add(i, a));
  for (const [name, v] of Object.entries(call.kwargs)) add(name, v);
  return members.length ? { members } : {};
}

export function summarize(facts: FileFacts): FileSummary {
  const calls: FileSummary['calls'] = [];
  facts.calls.forEach((c, k) => {
    if (!c.target) calls.push({ k, callee: c.callee });
  });
  const out: FileSummary = { toolRefs: facts.toolRefs ?? [], functions: facts.functions.map((f) => ({ name: f.name, id: f.id, tool: !!f.tool })), calls };
  if (facts.returns) out.returns = facts.returns;
  if (facts.classes) out.classes = facts.classes;
  if (facts.dependencyAliases) out.dependencyAliases = facts.dependencyAliases;
  if (facts.exposedTypes) out.exposedTypes = facts.exposedTypes;
  const chain = chainRefs(facts);
  if (chain.length) out.chain = chain;
  const imports = importRefs(facts);
  if (imports.length) out.imports = imports;
  return out;
}

/** The engine's view of a linked call: the argument taints looked up by the argument itself. */
function externalCall(l: LinkedCall): ExternalCall {
  // a member of an object literal passed (`{ cmd: command }`, read as `args.cmd`): which argument, which member
  const memberOf = (v: Value): { taint: ResolvedTaint[]; own: boolean } | undefined => {
    for (const [at, taint, own] of l.members ?? []) {
      const arg = typeof at === 'number' ? l.call.args[at] : l.call.kwargs[at];
      if (arg?.kind !== 'dict') continue;
      for (const [name, e] of Object.entries(arg.entries)) if (e === v) return { taint: taint[name] ?? [], own: own.includes(name) };
      if (wholeAbsent(v) === absentMember(arg)) return { taint: taint['*'] ?? [], own: own.includes('*') };
    }
    return undefined;
  };
  const untrusted = (v: Value | undefined): ResolvedTaint[] => {
    if (!v) return [];
    const i = l.call.args.indexOf(v);
    if (i >= 0) return l.args[i]!;
    for (const [name, value] of Object.entries(l.call.kwargs)) if (value === v) return l.kwargs[name]!;
    return memberOf(v)?.taint ?? [];
  };
  const own = (v: Value | undefined): boolean => {
    if (!v) return false;
    const i = l.call.args.indexOf(v);
    if (i >= 0) return !!l.ownArgs?.includes(i);
    for (const [name, value] of Object.entries(l.call.kwargs)) if (value === v) return !!l.ownKwargs?.includes(name);
    return memberOf(v)?.own ?? false;
  };
  return { file: l.file, call: l.call, untrusted, own, ...(l.exercise ? { exercise: true } : {}) };
}

export function projectLinks(links: FileLinks | undefined): ProjectLinks | undefined {
  if (!links) return undefined;
  const byFn = new Map(links.map(([id, calls]) => [id, calls.map(externalCall)]));
  return { callers: (id) => byFn.get(id) ?? [] };
}

/** The settings every file of a run is checked with (what a worker is started with). */
export interface CheckSetup {
  active: readonly ActiveRule[];
  config: ResolvedConfig;
  options: RunRulesOptions;
}

/** The files one thread has lowered, until they are checked. */
export class FactStore {
  private readonly files = new Map<number, { job: FileJob; facts: FileFacts; first: boolean; untrusted?: ReturnType<typeof fileUntrusted>; own?: ReturnType<typeof fileOwn> }>();
  /** operations run one at a time, in the order they were asked for */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly setup: CheckSetup) {}

  private serial<T>(fn: () => Promise<T> | T): Promise<T> {
    const p = this.queue.then(fn);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /**
   * Lower file `i` (again, with `marks`: its functions other modules register as tools, and
   * `returns`: what the functions of other modules it calls return) and keep its facts.
   */
  lower(i: number, job: FileJob, marks?: ReadonlyMap<string, ToolMark>, returns?: ImportedReturns): Promise<Lowering> {
    return this.serial(async () => {
      const l = await lowerFile(job, marks, returns);
      if ('failed' in l) {
        this.files.delete(i);
        return l;
      }
      this.files.set(i, { job, facts: l.facts, first: !returns });
      return { summary: summarize(l.facts) };
    });
  }

  /**
   * Where the results of file `i`'s calls of functions defined elsewhere go (returns.ts), from
   * its facts of a lowering given no return summaries (the one they are chosen from);
   * undefined when they go nowhere that matters. Asked only of a file some call of which has
   * a summary: most files need not be walked.
   */
  uses(i: number): Promise<ResultUses | undefined> {
    return this.serial(() => {
      const f = this.files.get(i);
      if (!f) throw new Error(`file ${i} was not lowered here`);
      if (!f.first) throw new Error(`file ${i} was lowered with return summaries`);
      const uses = resultUses(f.facts, () => sinkCallsOf(this.setup.active, f.facts));
      return uses.sinks.length || uses.calls.length ? uses : undefined;
    });
  }

  /** The calls `ks` of file `i` with the taint of their arguments, resolved through the file's own call sites. */
  exportCalls(i: number, ks: readonly number[]): Promise<LinkedCall[]> {
    return this.serial(() => {
      const f = this.files.get(i);
      if (!f) throw new Error(`file ${i} was not lowered here`);
      const untrusted = (f.untrusted ??= fileUntrusted(f.facts));
      const own = (f.own ??= fileOwn(f.facts));
      return ks.map((k) => {
        const call = f.facts.calls[k]!;
        return {
          file: f.job.rel,
          call,
          args: call.args.map((a) => untrusted(a)),
          kwargs: Object.fromEntries(Object.entries(call.kwargs).map(([name, v]) => [name, untrusted(v)])),
          ownArgs: call.args.flatMap((a, n) => (own(a) ? [n] : [])),
          ownKwargs: Object.entries(call.kwargs).flatMap(([name, v]) => (own(v) ? [name] : [])),
          ...objectMembers(call, untrusted, own),
        };
      });
    });
  }

  /** Findings of file `i`; its facts are dropped afterwards. */
  check(i: number, links: FileLinks | undefined, context: CodeContext): Promise<FileResult> {
    return this.serial(async () => {
      const f = this.files.get(i);
      if (!f) throw new Error(`file ${i} was not lowered here`);
      this.files.delete(i);
      const { active, config, options } = this.setup;
      return checkFacts(f.job, f.facts, active, config, { ...options, links: projectLinks(links) }, context);
    });
  }

  has(i: number): boolean {
    return this.files.has(i);
  }
}
