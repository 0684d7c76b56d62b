/**
 * Return summaries: what a function returns, for the calls other modules of the project make
 * of it. A front end inlines the return value of a function of the same file at its call sites
 * (with the call's arguments in place of the parameters); a call of a function of another
 * module gets the callee's summary instead, handed to the lowering by the project pass
 * (project.ts), and instantiated the same way.
 *
 * A summary is plain data (it crosses threads and is made once per function): the value the
 * function returns, with the function's own parameters as `param` taint by position, every
 * other origin labelled with the callee's file (for traces), and nothing that names a place of
 * the callee's file (function ids, relative module names). Only values a caller learns from
 * are kept: constants, strings, lists, objects, values from a known set, sanitized values and
 * untrusted data the callee reads itself, and an entry of a table the module holds looked up by
 * a parameter (`registry.get(id)?.path`: the caller's arguments are not in the result, as a
 * front end inlining the same function in its own file finds) (a value that is only the callee's parameters'
 * taint is not: the front ends give the same to a parameter and to an opaque result made
 * from it, `new Agent(params)`, and an opaque call result already carries its arguments'
 * taint). Anything else (an opaque object, a value holding
 * another function's parameters) leaves the call's result as it is without summaries: an
 * opaque value carrying its arguments' taint.
 *
 * Summaries are made from a lowering that was given none (one hop: a function's summary never
 * holds what another module's function returned), so they depend on the callee's text alone
 * and come out the same whatever order the files are lowered in.
 */
import type { CallFact, FileFacts, FunctionFact, TaintOrigin, Value } from './facts.js';
import { instantiate } from './flow.js';
import { dedupeTaint } from './values.js';

export interface ReturnSummary {
  /** the function's id in its own file: its parameters are `param` taint of this id */
  fnId: string;
  /** parameter names by position: keyword arguments are placed by them */
  params: string[];
  /** JS: the parameters by position that stand for the whole argument (null: a destructured one) */
  simple?: (string | null)[];
  value: Value;
  /** a module-level constant (`GIT_CMD = ["git", "-c", ...]`), not a function: what importing the name gives (`fnId` is '', no parameters) */
  constant?: true;
  /** Python: the constant is a compiled expression (`SAFE_NAME = re.compile(r"^\w+$")`) of this pattern, for the checks other modules make with it */
  pattern?: string;
  /**
   * a method's path is made from the instance's own state (what its constructor was given, `self._base`), checked to lie
   * under a root as the rest of the value: a caller adds the untrusted origins of the instance it calls the method on
   * (`importedResult`)
   */
  state?: true;
  /**
   * the function returns what a call of another module's function gives (`return get_paths().resolve_virtual_path(thread_id,
   * path)`): that callee as the function's file writes it, and the arguments it passes, in terms of the function's own
   * parameters. The project pass puts the callee's summary in its place (`forwardedSummary`); unresolved, it is no summary.
   */
  forward?: { callee: string; args: Value[]; kwargs: Record<string, Value>; receiver?: Value };
}

/** Return summaries a lowering is given, by callee as the calling file's facts write it (`.utils.build`, `./argv.js.QueryBuilder.conditions`). */
export type ImportedReturns = Readonly<Record<string, ReturnSummary>>;

/** Bound on the nodes of a summary's value: larger values are not worth carrying across modules. */
const MAX_NODES = 200;

/**
 * The summary of the value `v` a module-level name is bound to, when `v` is made of constants
 * only (a string, a number, a list or dict of them, `GIT_CMD = ["git", "-c",
 * "core.hooksPath=/dev/null"]`): what a module importing the name reads (the project pass
 * hands it to the importing file's lowering like a return summary).
 */
export function constantSummary(v: Value, pattern?: string): ReturnSummary | undefined {
  if (pattern !== undefined) return { fnId: '', params: [], value: { kind: 'unknown', ref: 're.compile()' }, constant: true, pattern };
  const budget = { nodes: MAX_NODES };
  if (!constantOnly(v, budget, 0)) return undefined;
  const value = portable(v, '', '', { nodes: MAX_NODES }, 0);
  return value && { fnId: '', params: [], value, constant: true };
}

function constantOnly(v: Value, budget: { nodes: number }, depth: number): boolean {
  if (--budget.nodes < 0 || depth > 8 || v.taint?.length) return false;
  switch (v.kind) {
    case 'const':
      return true;
    case 'template':
      return v.parts.every((p) => typeof p === 'string' || constantOnly(p.hole, budget, depth + 1));
    case 'list':
      return v.items.every((i) => constantOnly(i, budget, depth + 1));
    case 'dict':
      return Object.values(v.entries).every((e) => constantOnly(e, budget, depth + 1));
    case 'unknown':
      return false;
  }
}

/**
 * The summary of `fn` returning `returns`, in file `file`, or undefined when the value tells a
 * caller nothing an opaque result would not.
 */
export function returnSummary(fn: FunctionFact, returns: Value, file: string, simple?: readonly (string | undefined)[], method?: boolean): ReturnSummary | undefined {
  const budget = { nodes: MAX_NODES };
  const state = method ? { used: false } : undefined;
  const value = portable(returns, fn.id, file, budget, 0, state);
  if (!value || !informative(value, fn.id, fn.params.length)) return undefined;
  const out: ReturnSummary = { fnId: fn.id, params: [...fn.params], value };
  if (simple) out.simple = simple.map((p) => p ?? null);
  if (state?.used) out.state = true;
  return out;
}

/**
 * The summary of `fn` returning what its call of another module's `callee` gives (`return get_paths().resolve(p)`), when
 * the arguments it passes can be read in a caller (`ReturnSummary.forward`): `value` stands for the call's result until
 * the project pass resolves the callee.
 */
export function forwardSummary(fn: FunctionFact, file: string, callee: string, args: readonly Value[], kwargs: Readonly<Record<string, Value>>, receiver: Value | undefined): ReturnSummary | undefined {
  const budget = { nodes: MAX_NODES };
  const port = (v: Value) => portable(v, fn.id, file, budget, 0);
  const ported = args.map(port);
  if (ported.some((a) => !a)) return undefined;
  const named: Record<string, Value> = {};
  for (const [k, v] of Object.entries(kwargs)) {
    const p = port(v);
    if (!p) return undefined;
    named[k] = p;
  }
  const from = receiver && port(receiver);
  if (receiver && !from) return undefined;
  const forward: NonNullable<ReturnSummary['forward']> = { callee, args: ported as Value[], kwargs: named };
  if (from) forward.receiver = from;
  return { fnId: fn.id, params: [...fn.params], value: { kind: 'unknown' }, forward };
}

/**
 * A forwarding summary (`ReturnSummary.forward`) with the summary of the callee it forwards to in place: that callee's
 * value given the arguments the forwarding function passes, so in terms of its own parameters. Undefined when the
 * callee forwards again (one hop more, no chains) or when the result tells a caller nothing an opaque one would not.
 */
export function forwardedSummary(s: ReturnSummary, to: ReturnSummary): ReturnSummary | undefined {
  if (!s.forward || to.forward || to.constant) return undefined;
  const value = importedResult(to, s.forward.args, s.forward.kwargs, s.forward.receiver);
  if (!informative(value, s.fnId, s.params.length)) return undefined;
  const out: ReturnSummary = { fnId: s.fnId, params: s.params, value };
  if (s.simple) out.simple = s.simple;
  return out;
}

function portableTaint(taint: readonly TaintOrigin[] | undefined, fnId: string, file: string, state?: { used: boolean }): TaintOrigin[] | undefined | false {
  if (!taint?.length) return undefined;
  const out: TaintOrigin[] = [];
  for (const o of taint) {
    if (o.kind === 'param') {
      // another function's parameter (an enclosing function's, a field set in a constructor) is
      // resolved through the callee file's own call sites: not something a caller can do
      if (o.functionId !== fnId || o.index === undefined) {
        // (what chose content the function fetched, `self.host` of the URL it asked: the request itself is judged in
        // the callee's file, through those call sites; the caller learns that the result is content)
        if (o.via === 'content') continue;
        // (a method's path made from the instance's state and checked to lie under a root on the way, `(self._base /
        // name).resolve()` past a `relative_to(base)` check: the caller stands the instance it calls the method on for that state)
        if (state && o.sanitized?.includes('path-contained')) {
          state.used = true;
          continue;
        }
        return false;
      }
      out.push(o);
    } else out.push(o.file ? o : { ...o, file });
  }
  return out;
}

/** A copy of `v` a caller in another module can read, or undefined when it names places of the callee's file. */
function portable(v: Value, fnId: string, file: string, budget: { nodes: number }, depth: number, state?: { used: boolean }): Value | undefined {
  if (--budget.nodes < 0 || depth > 8) return undefined;
  const taint = portableTaint(v.taint, fnId, file, state);
  if (taint === false) return undefined;
  const base: { taint?: TaintOrigin[]; sanitized?: Value['sanitized'] } = {};
  if (taint) base.taint = taint;
  if (v.sanitized?.length) base.sanitized = [...v.sanitized];
  switch (v.kind) {
    case 'const':
      return { kind: 'const', value: v.value, ...base };
    case 'template': {
      const parts: (string | { hole: Value })[] = [];
      for (const p of v.parts) {
        if (typeof p === 'string') parts.push(p);
        else {
          const hole = portable(p.hole, fnId, file, budget, depth + 1, state);
          if (!hole) return undefined;
          parts.push({ hole });
        }
      }
      return { kind: 'template', parts, ...base };
    }
    case 'list': {
      const items: Value[] = [];
      for (const item of v.items) {
        const p = portable(item, fnId, file, budget, depth + 1, state);
        if (!p) return undefined;
        items.push(p);
      }
      return { kind: 'list', items, ...base };
    }
    case 'dict': {
      const entries: Record<string, Value> = {};
      for (const [k, e] of Object.entries(v.entries)) {
        const p = portable(e, fnId, file, budget, depth + 1, state);
        if (!p) return undefined;
        entries[k] = p;
      }
      return { kind: 'dict', entries, ...base };
    }
    case 'unknown': {
      const out: Value = { kind: 'unknown', ...base };
      // a name relative to the callee's module (`.db.connect()`, `./x.js.f()`) would mean another thing in the caller's
      if (v.ref && !v.ref.startsWith('.') && !v.ref.startsWith('?')) out.ref = v.ref;
      if (v.oneOf) out.oneOf = [...v.oneOf];
      if (v.alternatives) {
        const alternatives: Value[] = [];
        for (const a of v.alternatives) {
          const p = portable(a, fnId, file, budget, depth + 1, state);
          if (!p) return undefined;
          alternatives.push(p);
        }
        out.alternatives = alternatives;
      }
      return out;
    }
  }
}

/** What a lookup by key returns, or a field of it (`registry.get().filePath`, `os.environ.get()`). */
const LOOKUP_RESULT = /\.get\(\)(?:\.[\w$]+)*$/;

/** Whether a caller learns from the value more than an opaque result carrying its arguments' taint tells it. */
function informative(v: Value, fnId: string, params: number): boolean {
  if (v.kind !== 'unknown') return true;
  if (v.oneOf?.length || v.alternatives?.length || v.sanitized?.length) return true;
  // (an entry of a table the module holds, looked up by a parameter, `registry.get(id)?.path`: none of the caller's
  // arguments is in it; other opaque values are left out, as summaries of them cost more than they tell)
  if (!v.taint?.length) return params > 0 && !!v.ref && LOOKUP_RESULT.test(v.ref);
  // (a parameter the function checked before returning what it made of it, `if not HEX.match(id): raise`: the caller
  // learns the check, which an opaque result carrying the argument's taint would not tell it)
  // (nor an entry of the module's mapping a parameter picked, `dict(_instances.get(instance_id))`: the caller's data does not reach it)
  return v.taint.some((o) => o.kind !== 'param' || o.functionId !== fnId || !!o.sanitized?.length || o.via === 'key');
}

/**
 * The result of a call of another module's function: its summary with the call's arguments in
 * place of its parameters (keyword arguments placed by the parameters' names).
 */
export function importedResult(summary: ReturnSummary, args: readonly Value[], kwargs: Readonly<Record<string, Value>> = {}, receiver?: Value): Value {
  let placed: readonly (Value | undefined)[] = args;
  if (Object.keys(kwargs).length) {
    const all: (Value | undefined)[] = [...args];
    summary.params.forEach((name, i) => {
      if (kwargs[name] !== undefined && all[i] === undefined) all[i] = kwargs[name];
    });
    placed = all;
  }
  const out = instantiate(summary.value, summary.fnId, placed, 0, summary.simple?.map((p) => p ?? undefined));
  // (the instance's state: what the caller knows of the instance, unchecked; the checks the value passed stay with the
  // origins they were made on)
  if (!summary.state || !receiver?.taint?.length) return out;
  const checked = out.sanitized ?? [];
  const own = (out.taint ?? []).map((o) => (checked.length ? { ...o, sanitized: [...new Set([...(o.sanitized ?? []), ...checked])] } : o));
  const { sanitized: _, ...rest } = out;
  return { ...rest, taint: dedupeTaint([...own, ...receiver.taint]) };
}

/** The value of another module's constant `ref` names (`.git.GIT_CMD`, `./git.js.GIT_ARGS`), when the project pass handed its summary. */
export function importedConstant(imported: ImportedReturns | undefined, ref: string): Value | undefined {
  const s = imported?.[ref];
  return s?.constant ? importedResult(s, []) : undefined;
}

/**
 * Where in a file the results of its calls of functions defined elsewhere go, for the project
 * pass to lower the file again with return summaries only when one can change a finding: a
 * result reaching a call a rule takes for a sink, a call of one of the file's own functions
 * (its parameters are followed to their sinks through their call sites), or a call of a
 * function another module of the project defines (whose parameters are followed through this
 * file's calls; a class of another module, like a package's, is an opaque call). A result is
 * found by its name (`utils.build()`, `utils.build().args`, `build().join()`): values derived
 * from it without one (`x + [...]`, `str(x)`) are not seen, and such a file keeps the opaque
 * result, as without return summaries.
 */
export interface ResultUses {
  /** callees whose results reach a call a rule takes for a sink or a call of one of the file's own functions */
  sinks: string[];
  /** for the other calls not resolved in the file, their callee and the callees whose results reach them */
  calls: [string, string[]][];
}

export function resultUses(facts: FileFacts, sinkCallsOf: () => ReadonlySet<CallFact>): ResultUses {
  const callees = new Set<string>();
  for (const c of facts.calls) if (!c.target && !c.callee.startsWith('?')) callees.add(c.callee);
  const names = importedNames(facts);
  const sinks = new Set<string>();
  const calls: [string, string[]][] = [];
  if (!callees.size && !names) return { sinks: [], calls };
  let sinkCalls: ReadonlySet<CallFact> | undefined;
  // a file's values are shared between its calls (a variable passed to several): each is looked into once
  const memo = new Map<Value, readonly string[]>();
  for (const c of facts.calls) {
    const found = new Set<string>();
    const budget = { nodes: MAX_NODES };
    const add = (v: Value) => {
      for (const r of resultRoots(v, callees, names, memo, budget, 0)) found.add(r);
    };
    c.args.forEach(add);
    for (const key in c.kwargs) add(c.kwargs[key]!);
    if (c.receiver) add(c.receiver);
    if (!found.size) continue;
    // (`NAME.match(filename)` with a pattern another module compiled: a check that may guard any sink of the file)
    const check = !c.target && c.receiver && PATTERN_CHECK.test(c.callee) && (sinkCalls ??= sinkCallsOf()).size > 0;
    if (c.target || check || (sinkCalls ??= sinkCallsOf()).has(c)) for (const r of found) sinks.add(r);
    else calls.push([c.callee, [...found]]);
  }
  return { sinks: [...sinks], calls };
}

/** A Python check with a compiled expression (`SAFE_NAME.fullmatch(name)`). */
const PATTERN_CHECK = /\.(?:match|fullmatch|search)$/;

const NO_ROOTS: readonly string[] = [];

/**
 * The names a file imports from other modules (`from .git import GIT_CMD`: `.git.GIT_CMD`; `import { GIT_ARGS } from
 * './git.js'`) and the modules it imports whole (`import gitutil`, `import * as git from './git.js'`: a member read
 * `gitutil.GIT_CMD`), whose values may be another module's constants (`constantSummary`).
 */
interface ImportedNames {
  names: Set<string>;
  modules: Set<string>;
}

function importedNames(facts: FileFacts): ImportedNames | undefined {
  const refs = importRefs(facts);
  if (!refs.length) return undefined;
  const out: ImportedNames = { names: new Set(), modules: new Set() };
  for (const r of refs) {
    if (r.endsWith('.*')) out.modules.add(r.slice(0, -2));
    else out.names.add(r);
  }
  return out;
}

/**
 * What a file imports, as `ImportedNames` takes it: a name (Python `.git.GIT_CMD`, JavaScript `./git.js.GIT_ARGS`) or
 * a whole module (`gitutil.*`, `import * as git from './git.js'`: `./git.js.*`). A JavaScript default import is listed
 * as its whole module too: that only schedules a lowering and keys the cache; the front end reads constants through
 * namespace imports alone.
 */
export function importRefs(facts: FileFacts): string[] {
  const python = facts.language === 'python';
  if (!python && facts.language !== 'javascript' && facts.language !== 'typescript') return [];
  const out: string[] = [];
  for (const i of facts.imports) {
    if (i.name === '*' || (!python && !i.alias)) continue;
    if (i.name === undefined) out.push(`${i.module}.*`);
    else out.push(python && i.module.endsWith('.') ? `${i.module}${i.name}` : `${i.module}.${i.name}`);
  }
  return out;
}

/** Whether `ref` (an opaque value's name; `X[*]`: the items of `X` spread into a list) is a name the file imports, or a member of a module it imports. */
function importedName(ref: string, names: ImportedNames): string | undefined {
  const name = ref.endsWith('[*]') ? ref.slice(0, -3) : ref;
  if (names.names.has(name)) return name;
  const dot = name.lastIndexOf('.');
  // (a member of a module imported whole, `gitutil.GIT_CMD`, or by name, `from . import config`: `.config.X`)
  return dot > 0 && (names.modules.has(name.slice(0, dot)) || names.names.has(name.slice(0, dot))) ? name : undefined;
}

/**
 * The callees among `callees` whose call results `v` holds, by name, and the imported names
 * among `names` it is (or spreads) (remembered per value in `memo`).
 */
function resultRoots(v: Value, callees: ReadonlySet<string>, names: ImportedNames | undefined, memo: Map<Value, readonly string[]>, budget: { nodes: number }, depth: number): readonly string[] {
  if (v.kind === 'const') return NO_ROOTS;
  const known = memo.get(v);
  if (known) return known;
  if (--budget.nodes < 0 || depth > 8) return NO_ROOTS;
  let out: string[] | undefined;
  const from = (x: Value) => {
    const r = resultRoots(x, callees, names, memo, budget, depth + 1);
    if (r.length) (out ??= []).push(...r);
  };
  switch (v.kind) {
    case 'unknown': {
      // (the result of a method of an instance, `pkg.api.Client().post().json`, is the method's: every call in the chain is looked up)
      for (let open = v.ref ? v.ref.indexOf('(') : -1; open > 0; open = v.ref!.indexOf('(', open + 1))
        if (callees.has(v.ref!.slice(0, open))) (out ??= []).push(v.ref!.slice(0, open));
      const name = names && v.ref && !v.ref.includes('(') ? importedName(v.ref, names) : undefined;
      if (name) (out ??= []).push(name);
      v.alternatives?.forEach(from);
      break;
    }
    case 'template':
      for (const p of v.parts) if (typeof p !== 'string') from(p.hole);
      break;
    case 'list':
      v.items.forEach(from);
      break;
    case 'dict':
      for (const key in v.entries) from(v.entries[key]!);
      break;
  }
  const roots = out ? [...new Set(out)] : NO_ROOTS;
  memo.set(v, roots);
  return roots;
}

/**
 * The callees whose results reach a call that can matter, given which callees are functions of
 * another module of the project: a result handed to an opaque call
 * (`PROMPT.format(context=found)`) reaches what that call's result reaches.
 */
export function usedResults(uses: ResultUses, linked: (callee: string) => boolean): Set<string> {
  const out = new Set<string>();
  const todo: string[] = [];
  const reach = (r: string) => {
    if (out.has(r)) return;
    out.add(r);
    todo.push(r);
  };
  uses.sinks.forEach(reach);
  /** the results each opaque call is made from, by its callee */
  const from = new Map<string, string[]>();
  for (const [callee, roots] of uses.calls) {
    if (linked(callee)) roots.forEach(reach);
    else from.set(callee, [...(from.get(callee) ?? []), ...roots]);
  }
  for (let r = todo.pop(); r !== undefined; r = todo.pop()) from.get(r)?.forEach(reach);
  return out;
}
