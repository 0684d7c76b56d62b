/**
 * The static engine for one file: front end -> facts -> rules (checks on sink values,
 * with taint followed through the file's call sites) -> findings.
 */
import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../config/types.js';
import type { Action, Category, RuleDefinition, Severity, SinkArg, SinkSpec } from '../policy/types.js';
import { sinkAction } from './checks/actions.js';
import { CHECKS } from './checks/index.js';
import type { ImportedReturns } from './returns.js';
import type { CheckContext, ResolvedTaint, SinkHit, Verdict } from './checks/types.js';
import { describeOrigin } from './checks/common.js';
import type { CallFact, FileFacts, FunctionFact, Language, Range, Value } from './facts.js';
import type { Finding, TraceStep } from './findings.js';
import { contentsWithRole } from './messages.js';
import { matchesName } from './names.js';
import { parseSuppressions, suppressionFor, suppressionProblems, type Suppression, type SuppressionUse } from './suppressions.js';
import { argumentPart, taintOf } from './values.js';
import { onlyConfigured, OPERATOR_SET } from './flow.js';
import { AVAILABLE_LANGUAGES, languageOf } from './languages.js';

// (the languages of files are told apart in languages.ts, which a run loads before the engine)
export { AVAILABLE_LANGUAGES, languageOf };

/** A rule as it applies in this run: on, with its effective severity. */
export interface ActiveRule {
  rule: RuleDefinition;
  severity: Severity;
  /** the user set the severity in the config: it replaces the check's own grading */
  severityOverridden: boolean;
}

/** A language whose front end is not part of this build: its files are listed as skipped. */
export class FrontEndUnavailable extends Error {
  constructor(readonly language: Language) {
    super(`${language} analysis is not available in this version`);
    this.name = 'FrontEndUnavailable';
  }
}


const frontEnds: {
  javascript?: typeof import('./javascript.js');
  python?: typeof import('./python.js');
  shell?: typeof import('./shell.js');
  sql?: typeof import('./sqlfile.js');
  config?: typeof import('./configfile.js');
  keyValue?: typeof import('./keyvalue.js');
} = {};

/**
 * How a function is exposed to a model (`FunctionFact.tool`), given for a function other modules register as a tool;
 * keyed `class Name` (facts.ts `CLASS_MARK`), for a class whose base in another module is a tool class, with its
 * methods; keyed `depends Name` (`DEPENDS_MARK`), for an imported FastAPI dependency alias; keyed `enum Name`
 * (`ENUM_MARK`), for an `Enum` class another module defines, or a class whose base there is one.
 */
export type ToolMark = NonNullable<FunctionFact['tool']> & { methods?: string[]; fields?: true };

/** Lower a file to facts with the front end for its language (loaded lazily: start-up stays fast). */
export async function factsFor(file: string, source: string, language: Language, tools?: ReadonlyMap<string, ToolMark>, returns?: ImportedReturns): Promise<FileFacts> {
  // each front end is imported once; later files skip the module loader
  switch (language) {
    case 'javascript':
    case 'typescript':
      return (frontEnds.javascript ??= await import('./javascript.js')).analyzeJavaScript(file, source, language, tools, returns);
    case 'python':
      return (frontEnds.python ??= await import('./python.js')).analyzePython(file, source, tools, returns);
    case 'shell':
      return (frontEnds.shell ??= await import('./shell.js')).analyzeShell(file, source);
    case 'sql':
      return (frontEnds.sql ??= await import('./sqlfile.js')).analyzeSqlFile(file, source);
    case 'json':
      return (frontEnds.config ??= await import('./configfile.js')).analyzeJson(file, source);
    case 'yaml':
      return (frontEnds.config ??= await import('./configfile.js')).analyzeYaml(file, source);
    case 'toml':
      return (frontEnds.config ??= await import('./configfile.js')).analyzeToml(file, source);
    case 'dotenv':
      return (frontEnds.keyValue ??= await import('./keyvalue.js')).analyzeDotenv(file, source);
    case 'ini':
      return (frontEnds.keyValue ??= await import('./keyvalue.js')).analyzeIni(file, source);
    case 'dockerfile':
      return (frontEnds.keyValue ??= await import('./keyvalue.js')).analyzeDockerfile(file, source);
    default:
      throw new FrontEndUnavailable(language);
  }
}

function argValue(call: CallFact, spec: SinkArg): { value: Value | undefined; label: string } | undefined {
  let v: Value | undefined;
  let label = '';
  if (spec.receiver) return call.receiver ? { value: call.receiver, label: 'the receiver' } : undefined;
  if (spec.keyword !== undefined && call.kwargs[spec.keyword] !== undefined) {
    v = call.kwargs[spec.keyword];
    label = `keyword \`${spec.keyword}\``;
  } else if (spec.index !== undefined) {
    const idx = spec.index < 0 ? call.args.length + spec.index : spec.index;
    v = call.args[idx];
    label = `argument ${idx + 1}`;
  }
  if (v === undefined) return undefined;
  if (spec.property !== undefined) {
    if (v.kind !== 'dict') return spec.index !== undefined ? { value: v, label } : undefined;
    v = v.entries[spec.property];
    if (v === undefined) return undefined;
    label += ` property \`${spec.property}\``;
  }
  if (spec.role) {
    v = contentsWithRole(v, spec.role);
    if (v === undefined) return undefined;
    label = `${spec.role[0]} message in ${label}`;
  }
  return { value: v, label };
}

function sinkApplies(sink: SinkSpec, call: CallFact, imports: ReadonlySet<string>): boolean {
  // a function of the file named like a builtin (`def open(...)`, `function exec(...)`) shadows it
  if (!sink.callee.some((p) => matchesName(call.callee, p) && !(call.target && !p.includes('.')))) return false;
  if (sink.requiresImport) {
    const ok = sink.requiresImport.some((m) => {
      for (const imp of imports) if (imp === m || imp.startsWith(m + '.') || imp.startsWith(m + '/')) return true;
      return false;
    });
    if (!ok) return false;
  }
  return true;
}

function callsByTargetOf(facts: FileFacts): Map<string, CallFact[]> {
  const callsByTarget = new Map<string, CallFact[]>();
  for (const c of facts.calls) {
    if (!c.target) continue;
    const list = callsByTarget.get(c.target) ?? [];
    list.push(c);
    callsByTarget.set(c.target, list);
  }
  return callsByTarget;
}

/**
 * Is a value made only of the program's own constants? Constants are; a parameter is when
 * every call of its function in the file passes one (`_get_version(cur, table="store_migrations")`).
 * An unknown value with no taint at all (read from a database, a file) is not.
 */
function makeFixed(facts: FileFacts, callsByTarget: Map<string, CallFact[]>): (v: Value | undefined) => boolean {
  const local = new Set(facts.functions.filter((f) => f.local).map((f) => f.id));
  const fixed = (v: Value | undefined, depth: number): boolean => {
    if (!v) return false;
    switch (v.kind) {
      case 'const':
        return true;
      case 'template':
        return v.parts.every((p) => typeof p === 'string' || fixed(p.hole, depth));
      case 'list':
        return v.items.every((i) => fixed(i, depth));
      case 'dict':
        return Object.values(v.entries).every((e) => fixed(e, depth));
      default: {
        const origins = v.taint ?? [];
        if (!origins.length && v.kind === 'unknown' && (v.oneOf?.length || v.alternatives?.length)) return v.alternatives?.every((a) => fixed(a, depth)) ?? true;
        if (!origins.length || depth >= 3) return false;
        return origins.every((o) => {
          // a function others can call may receive anything: only local ones are judged by their call sites
          if (o.kind !== 'param' || !o.functionId || !local.has(o.functionId)) return false;
          const calls = callsByTarget.get(o.functionId) ?? [];
          return calls.length > 0 && calls.every((c) => fixed(argumentPart(c.kwargs[o.name] ?? (o.index !== undefined ? c.args[o.index] : undefined), o), depth + 1));
        });
      }
    }
  };
  return (v) => fixed(v, 0);
}

/**
 * What the callers pass for a value that is one parameter of a function only this file calls
 * (`def _run(cmd): subprocess.run(cmd)`), or one other modules of the project call (`run(["git", …])`
 * with `run` imported from `_git_ops`): the argument at each call site, or undefined when the value
 * is anything else or the function has no such call site.
 */
function makePassedIn(facts: FileFacts, callsByTarget: Map<string, CallFact[]>, links?: ProjectLinks): (v: Value | undefined) => Value[] | undefined {
  const local = new Set(facts.functions.filter((f) => f.local).map((f) => f.id));
  return (v) => {
    if (!v || v.kind !== 'unknown' || v.taint?.length !== 1) return undefined;
    const o = v.taint[0]!;
    if (o.kind !== 'param' || !o.functionId) return undefined;
    // a function other modules call is the project's own interface (as `makeOwn` has it): their calls count too
    // (not those of tests, examples, docs or evaluations, which exercise it)
    const linked = links?.callers(o.functionId).filter((e) => !e.exercise) ?? [];
    if (!local.has(o.functionId) && !linked.length) return undefined;
    const calls = [...(callsByTarget.get(o.functionId) ?? []), ...linked.map((e) => e.call)];
    const passed = calls.map((c) => argumentPart(c.kwargs[o.name] ?? (o.index !== undefined ? c.args[o.index] : undefined), o));
    return calls.length && passed.every((x): x is Value => x !== undefined) ? passed : undefined;
  };
}

/**
 * Does a value hold only what the program and its operator chose? Constants, configuration (the
 * environment, the command line, the settings an object was made with) and parameters that every
 * call site in the project fills with such values. A parameter of a function with no caller in
 * sight (a library's public API) may receive anything, and so may data read at run time (a file,
 * a database, a response), which is not the program's choice. A function callable from outside
 * its file counts as the project's own interface only when other modules of the project call it.
 */
function makeOwn(facts: FileFacts, callsByTarget: Map<string, CallFact[]>, links?: ProjectLinks): (v: Value | undefined) => boolean {
  const localFns = new Set(facts.functions.filter((f) => f.local).map((f) => f.id));
  const commandLine = new Set(facts.functions.filter((f) => f.commandLine).map((f) => f.id));
  const constantDefaults = new Map(facts.functions.filter((f) => f.constantDefaults).map((f) => [f.id, f.constantDefaults!]));
  // one answer per value for each (depth, parameters followed): a value shared by many others is judged once
  const memo = new Map<string, Map<Value, boolean>>();
  const own = (v: Value | undefined, depth: number, seen: ReadonlySet<string>): boolean => {
    if (!v || v.kind === 'const') return !!v;
    const key = `${depth}|${[...seen].join(',')}`;
    let known = memo.get(key);
    if (!known) memo.set(key, (known = new Map()));
    let r = known.get(v);
    if (r === undefined) {
      r = judge(v, depth, seen);
      known.set(v, r);
    }
    return r;
  };
  const judge = (v: Value, depth: number, seen: ReadonlySet<string>): boolean => {
    switch (v.kind) {
      case 'const':
        return true;
      case 'template':
        return v.parts.every((p) => typeof p === 'string' || own(p.hole, depth, seen));
      case 'list':
        return v.items.every((i) => own(i, depth, seen));
      case 'dict':
        return Object.values(v.entries).every((e) => own(e, depth, seen));
      default: {
        const origins = v.taint ?? [];
        if (!origins.length) {
          if (v.oneOf?.length) return true;
          if (v.alternatives?.length) return v.alternatives.every((a) => own(a, depth, seen));
          return v.ref !== undefined && OPERATOR_SET.test(v.ref);
        }
        if (depth >= 4) return false;
        return origins.every((o) => {
          if (o.sanitized?.includes('integer')) return true;
          if (o.kind !== 'param' || !o.functionId) return false;
          if (onlyConfigured([o])) return true;
          // a parameter of a command-line command: what the person running the program typed
          if (commandLine.has(o.functionId)) return true;
          const key = `${o.functionId}#${o.index ?? o.name}`;
          if (seen.has(key)) return true; // a recursive call adds no new caller
          const next = new Set(seen).add(key);
          const argOf = (c: CallFact) => argumentPart(c.kwargs[o.name] ?? (o.index !== undefined ? c.args[o.index] : undefined), o);
          // a call that leaves the argument out passes the parameter's default, when that is a literal
          const byDefault = constantDefaults.get(o.functionId)?.includes(o.name) ?? false;
          const omitted = (c: CallFact) => byDefault && argOf(c) === undefined && c.kwargs['**'] === undefined;
          // (a module's own demonstration, under `if __name__ == "__main__":`, exercises the function as a test does)
          const local = (callsByTarget.get(o.functionId) ?? []).filter((c) => !c.exercise);
          const linked = links?.callers(o.functionId) ?? [];
          // a function others can call may be called from outside the project with anything: unless it is local, only
          // callers in other modules of the project show it is the project's own interface (its own file's calls do not)
          if (!linked.length && !localFns.has(o.functionId)) return false;
          // what a test (an example, an evaluation) passes shows nothing of what the program passes: those callers are
          // not asked, and a function only they call has no caller in the program
          const external = linked.filter((e) => !e.exercise);
          if (!local.length && !external.length) return false;
          return local.every((c) => omitted(c) || own(argOf(c), depth + 1, next)) && external.every((e) => omitted(e.call) || !!e.own?.(argOf(e.call)));
        });
      }
    }
  };
  return (v) => own(v, 0, new Set());
}

/**
 * A call after an unconditional `return`, `throw`, `break` or `continue` of its block never runs as written: still listed
 * (removing the exit makes it live), graded low.
 */
function unreachableVerdict(v: Verdict): Verdict {
  const message = `${v.message.replace(/\.?$/, '')}; the call follows an unconditional return, throw, break or continue and never runs as written, so it is graded low.`;
  return { ...v, message, severity: 'low' };
}

/** Whether values of one file are only the program's and its operator's own choice (its own call sites followed; for the project pass). */
export function fileOwn(facts: FileFacts): (v: Value | undefined) => boolean {
  return makeOwn(facts, callsByTargetOf(facts));
}

/** A call of one of the file's functions from another module of the project. */
export interface ExternalCall {
  file: string;
  call: CallFact;
  /** the untrusted origins of a value in the calling file (its own call sites followed) */
  untrusted(v: Value | undefined): ResolvedTaint[];
  /** a value in the calling file holds only constants and configuration (see `makeOwn`); absent: not known */
  own?(v: Value | undefined): boolean;
  /**
   * the calling file exercises the function rather than uses it (a test, an example, documentation, an
   * evaluation): what it passes says nothing of what the program passes, so it is no caller for `makeOwn`
   */
  exercise?: boolean;
}

/** What the project pass knows about a file's place in the project. */
export interface ProjectLinks {
  /** calls of the file's function `functionId` made by other modules */
  callers(functionId: string): readonly ExternalCall[];
}

/** The untrusted origins of values in one file, following its own call sites (for the project pass). */
export function fileUntrusted(facts: FileFacts): (v: Value | undefined) => ResolvedTaint[] {
  return makeUntrusted(facts, callsByTargetOf(facts));
}

/** Follow `param` taint through the call sites of the file (and, given links, of other modules), up to a small depth. */
function makeUntrusted(facts: FileFacts, callsByTarget: Map<string, CallFact[]>, links?: ProjectLinks): (v: Value | undefined) => ResolvedTaint[] {
  const fnNames = new Map(facts.functions.map((f) => [f.id, f.name]));
  const memo = new Map<Value, ResolvedTaint[]>();

  function resolve(v: Value | undefined, depth: number, seen: Set<string>): ResolvedTaint[] {
    const out: ResolvedTaint[] = [];
    for (const o of taintOf(v)) {
      if (o.kind !== 'param') {
        out.push({ origin: o, trace: [{ file: o.file ?? facts.file, line: o.line, message: `source: ${describeOrigin(o)}` }] });
        continue;
      }
      // (a key that only picked an entry of the program's mapping: the entry holds none of what the callers pass)
      if (depth >= 4 || !o.functionId || o.via === 'key') continue;
      const key = `${o.functionId}#${o.index ?? o.name}`;
      if (seen.has(key)) continue;
      const next = new Set(seen).add(key);
      const sites: { file: string; call: CallFact; resolveArg: (v: Value | undefined) => ResolvedTaint[] }[] = (callsByTarget.get(o.functionId) ?? []).map((call) => ({
        file: facts.file,
        call,
        resolveArg: (v) => resolve(v, depth + 1, next),
      }));
      for (const ext of links?.callers(o.functionId) ?? []) sites.push({ file: ext.file, call: ext.call, resolveArg: ext.untrusted });
      for (const { file, call, resolveArg } of sites) {
        // unpacked keyword arguments (`f(**data)`) may fill any parameter
        const arg = argumentPart(call.kwargs[o.name] ?? (o.index !== undefined ? call.args[o.index] : undefined) ?? call.kwargs['**'], o);
        for (const inner of resolveArg(arg)) {
          // what the callee did to its parameter applies to everything passed in
          let r = o.sanitized?.length
            ? { ...inner, origin: { ...inner.origin, sanitized: [...new Set([...(inner.origin.sanitized ?? []), ...o.sanitized])] } }
            : inner;
          // content fetched from where the parameter chose carries what the caller passed as content
          if (o.via === 'content' && r.origin.via !== 'content') r = { ...r, origin: { ...r.origin, via: 'content' } };
          const step: TraceStep = {
            file,
            line: call.range.line,
            message: `passed as \`${o.name}\` to \`${fnNames.get(o.functionId) ?? o.functionId}\``,
          };
          out.push({ origin: r.origin, trace: [...r.trace, step] });
        }
      }
    }
    return out;
  }
  return (v) => {
    if (!v) return [];
    let r = memo.get(v);
    if (!r) {
      r = resolve(v, 0, new Set());
      memo.set(v, r);
    }
    return r;
  };
}

function withoutContent(taints: ResolvedTaint[]): ResolvedTaint[] {
  return taints.some((t) => t.origin.kind === 'content') ? taints.filter((t) => t.origin.kind !== 'content') : taints;
}

function lineTextOf(source: string): (line: number) => string {
  // where each line starts and ends (before its \r\n, \r or \n), found once: a line is sliced when asked for
  let bounds: number[] | undefined;
  return (line) => {
    if (!bounds) {
      bounds = [0];
      for (let i = 0; i < source.length; i++) {
        const c = source.charCodeAt(i);
        if (c !== 10 && c !== 13) continue;
        bounds.push(i);
        if (c === 13 && source.charCodeAt(i + 1) === 10) i++;
        bounds.push(i + 1);
      }
      bounds.push(source.length);
    }
    const k = 2 * (line - 1);
    return k >= 0 && k < bounds.length ? source.slice(bounds[k], bounds[k + 1]) : '';
  };
}

/** A line's text as fingerprints see it: runs of white space are one space, none at the ends. */
function normalizedLine(lineText: string): string {
  return lineText.replace(/\s+/g, ' ').trim();
}

/**
 * A finding's stable id: its rule, its file, the normalized text of its line, and how many
 * findings of the rule on lines with the same text come before it in the file. Line numbers
 * are not part of it, so inserting lines above or editing other code does not change it.
 */
export function fingerprintOf(ruleId: string, file: string, lineText: string, occurrence: number): string {
  const normalized = normalizedLine(lineText);
  return createHash('sha256').update(`${ruleId}\0${file}\0${normalized}\0${occurrence}`).digest('hex').slice(0, 32);
}

/** Bound on the method names remembered per index; past it the memo starts over. */
const SINK_MEMO_LIMIT = 50_000;

/** What the last segment of a callee pattern lets a call's method be: one name, a prefix and suffix around one `*`, or anything. */
type MethodMatch = { name: string } | { prefix: string; suffix: string } | undefined;

function methodMatch(pattern: string): MethodMatch {
  const last = pattern.slice(pattern.lastIndexOf('.') + 1);
  const star = last.indexOf('*');
  if (last.includes('(') || last === '') return undefined;
  if (star < 0) return { name: last };
  // one `*` in the last segment: it becomes `[^.]*`, so the pattern's last segment can only
  // meet the call's last segment, `prefix`, any run without dots, then `suffix`
  if (last.length > 1 && last.indexOf('*', star + 1) < 0) return { prefix: last.slice(0, star), suffix: last.slice(star + 1) };
  return undefined;
}

/**
 * Numbers (a rule's sink specs, or the rules of a list) indexed by the last segment of callee
 * patterns, so that a call is matched only against what can name its method: `execute` meets
 * `sqlite3.connect().**.execute*` and `**.execute*`, not the 200 other patterns.
 */
class MethodIndex {
  private readonly exact = new Map<string, number[]>();
  /** last segments with one `*` (`execute*`, `*Sync`): the method starts with `prefix` and ends with `suffix` */
  private readonly prefixes: { prefix: string; suffix: string; id: number }[] = [];
  /** patterns whose last segment is not a plain name or a name with one `*` */
  private readonly always: number[] = [];
  /**
   * answers by method name, computed once per name: every rule meets every call of every file,
   * and most method names (`push`, `then`) recur and match nothing
   */
  private readonly byMethod = new Map<string, readonly number[]>();

  add(pattern: string, id: number): void {
    const m = methodMatch(pattern);
    if (!m) this.always.push(id);
    else if ('name' in m) {
      const list = this.exact.get(m.name);
      if (list) list.push(id);
      else this.exact.set(m.name, [id]);
    } else this.prefixes.push({ ...m, id });
  }

  /** The numbers (ascending, once each) whose patterns could name a call of `method`. */
  lookup(method: string): readonly number[] {
    let out = this.byMethod.get(method);
    if (out) return out;
    const list = [...(this.exact.get(method) ?? []), ...this.always];
    for (const p of this.prefixes) {
      if (method.length >= p.prefix.length + p.suffix.length && method.startsWith(p.prefix) && method.endsWith(p.suffix)) list.push(p.id);
    }
    out = list.length > 1 ? [...new Set(list)].sort((a, b) => a - b) : list;
    if (this.byMethod.size >= SINK_MEMO_LIMIT) this.byMethod.clear();
    this.byMethod.set(method, out);
    return out;
  }
}

const sinkIndexes = new WeakMap<RuleDefinition, MethodIndex>();

/** A rule's sink specs (by position) indexed by method. */
function sinkIndex(rule: RuleDefinition): MethodIndex {
  let index = sinkIndexes.get(rule);
  if (index) return index;
  index = new MethodIndex();
  rule.static.sinks.forEach((sink, i) => {
    for (const pattern of sink.callee) index!.add(pattern, i);
  });
  sinkIndexes.set(rule, index);
  return index;
}

/**
 * The calls of a file that match a rule's sinks, each with its governed argument (one sink spec per call).
 * (An array, not a generator: it runs for every rule on every file, and usually finds nothing.)
 */
function sinkHits(rule: RuleDefinition, facts: FileFacts, imports: ReadonlySet<string>, calls: readonly CallFact[] = facts.calls): SinkHit[] {
  const index = sinkIndex(rule);
  const sinks = rule.static.sinks;
  const hits: SinkHit[] = [];
  for (const call of calls) {
    const candidates = index.lookup(call.method);
    if (candidates.length === 0) continue;
    for (const i of candidates) {
      const sink = sinks[i]!;
      if (sink.languages && !sink.languages.includes(facts.language)) continue;
      if (!sinkApplies(sink, call, imports)) continue;
      let found: { value: Value | undefined; label: string } | undefined;
      if (sink.every) {
        for (const a of sink.args) {
          const each = argValue(call, a);
          if (each) hits.push({ call, sink, value: each.value, argLabel: each.label });
        }
        break;
      }
      for (const a of sink.args) {
        found = argValue(call, a);
        if (found) break;
      }
      if (!sink.args.length || found) hits.push({ call, sink, value: found?.value, argLabel: found?.label ?? '' });
      break;
    }
  }
  return hits;
}

/** For one list of active rules: by language, the rules (positions in the list) indexed by the methods their sinks for that language could name. */
interface SinkPrefilter {
  rules: RuleDefinition[];
  byLanguage: Map<Language, MethodIndex>;
}

const sinkPrefilters = new WeakMap<readonly ActiveRule[], SinkPrefilter>();

function languagePrefilter(rules: readonly RuleDefinition[], language: Language): MethodIndex {
  const index = new MethodIndex();
  rules.forEach((r, k) => {
    if (!r.languages.includes(language)) return;
    for (const sink of r.static.sinks) {
      if (!(sink.languages?.includes(language) ?? true)) continue;
      for (const pattern of sink.callee) index.add(pattern, k);
    }
  });
  return index;
}

/** The rules of the list (by position) indexed by the methods their sinks for the language could name. */
function prefilterFor(rules: readonly ActiveRule[], language: Language): MethodIndex {
  let pf = sinkPrefilters.get(rules);
  // remembered by list; a list changed since is answered afresh
  if (!pf || pf.rules.length !== rules.length || pf.rules.some((r, i) => r !== rules[i]!.rule)) {
    pf = { rules: rules.map((a) => a.rule), byLanguage: new Map() };
    sinkPrefilters.set(rules, pf);
  }
  let index = pf.byLanguage.get(language);
  if (!index) pf.byLanguage.set(language, (index = languagePrefilter(pf.rules, language)));
  return index;
}

/** The calls of a file some active rule takes for a sink, matched as `runRules` matches them. */
export function sinkCallsOf(rules: readonly ActiveRule[], facts: FileFacts): Set<CallFact> {
  const out = new Set<CallFact>();
  const candidateCalls = sinkCandidateCalls(rules, facts.language, facts.calls);
  let imports: Set<string> | undefined;
  const kept = new Map<RuleDefinition, SinkHit[]>();
  rules.forEach((active, k) => {
    const calls = candidateCalls[k];
    if (!calls || !active.rule.languages.includes(facts.language)) return;
    imports ??= new Set(facts.imports.map((i) => i.module));
    const hits = sinkHits(active.rule, facts, imports, calls);
    kept.set(active.rule, hits);
    for (const hit of hits) out.add(hit.call);
  });
  hitsFound.set(facts, kept);
  return out;
}

/**
 * The sink hits `sinkCallsOf` found for a file's facts, by rule: the check of the same facts
 * (`runRules`) takes them from here rather than matching every sink again.
 */
const hitsFound = new WeakMap<FileFacts, Map<RuleDefinition, SinkHit[]>>();

/**
 * For each rule of the list (by position), the calls of a file (in order) whose method one of
 * its sinks could name: one lookup per call for all the rules, after which each rule looks
 * only at its own (usually few) calls.
 */
function sinkCandidateCalls(rules: readonly ActiveRule[], language: Language, calls: readonly CallFact[]): (readonly CallFact[])[] {
  const index = prefilterFor(rules, language);
  const out: CallFact[][] = [];
  for (const call of calls) for (const k of index.lookup(call.method)) (out[k] ??= []).push(call);
  return out;
}

/** Every call of a file that is a sink of the rule, with the value of the argument it governs. */
export function sinkCalls(facts: FileFacts, rule: RuleDefinition): SinkHit[] {
  if (!rule.languages.includes(facts.language)) return [];
  return sinkHits(rule, facts, new Set(facts.imports.map((i) => i.module)));
}

/**
 * The runtime action every sink call of a rule performs (when its value has text), reported
 * or not: what the kernel would be asked for the same call.
 */
export function sinkActions(facts: FileFacts, rule: RuleDefinition): { line: number; action: Action }[] {
  const kind = rule.runtime?.action;
  if (!kind) return [];
  const out: { line: number; action: Action }[] = [];
  for (const hit of sinkCalls(facts, rule)) {
    const action = sinkAction(kind, hit, facts.calls);
    if (action) out.push({ line: hit.call.range.line, action });
  }
  return out;
}

export interface RunRulesOptions {
  /** report suppressions that silence nothing (`suppression-unused`) */
  reportUnusedSuppressions?: boolean;
  /** what the project pass linked to this file: calls of its functions from other modules */
  links?: ProjectLinks;
}

/** Run the active rules over one file's facts. */
export function runRules(facts: FileFacts, source: string, rules: readonly ActiveRule[], config: ResolvedConfig, options: RunRulesOptions = {}): Finding[] {
  const language = facts.language;
  const imports = new Set(facts.imports.map((i) => i.module));
  const callsByTarget = callsByTargetOf(facts);
  const untrustedAll = makeUntrusted(facts, callsByTarget, options.links);
  // outside content (fetched pages, retrieved documents) is untrusted only for checks that ask for it
  const untrusted = (v: Value | undefined) => withoutContent(untrustedAll(v));
  const fixed = makeFixed(facts, callsByTarget);
  const passedIn = makePassedIn(facts, callsByTarget, options.links);
  const own = makeOwn(facts, callsByTarget, options.links);
  const lineText = lineTextOf(source);
  const text = (r: Range) => {
    const t = lineText(r.line);
    if (r.endLine === r.line) return t.slice(r.column - 1, r.endColumn - 1);
    const lines = [t.slice(r.column - 1)];
    for (let l = r.line + 1; l < r.endLine; l++) lines.push(lineText(l));
    lines.push(lineText(r.endLine).slice(0, r.endColumn - 1));
    return lines.join('\n');
  };
  // `callee`: the call a sink verdict judged; rules of one category judging the same call are alternatives
  const raw: { active: ActiveRule; verdict: Verdict; range: Range; callee?: string }[] = [];
  const candidateCalls = sinkCandidateCalls(rules, language, facts.calls);
  for (let k = 0; k < rules.length; k++) {
    const active = rules[k]!;
    const rule = active.rule;
    if (!rule.languages.includes(language)) continue;
    const check = CHECKS[rule.static.check];
    if (!check) continue;
    // a sink rule none of whose sinks can name a call of the file has nothing to judge
    if (check.kind === 'sink' && !candidateCalls[k]) continue;
    const ctx: CheckContext = { rule, config, facts, imports, untrusted: check.content ? untrustedAll : untrusted, fixed, passedIn, own, text };
    if (check.kind === 'file') {
      for (const verdict of check.run(ctx)) raw.push({ active, verdict, range: verdict.range! });
      continue;
    }
    for (const hit of hitsFound.get(facts)?.get(rule) ?? sinkHits(rule, facts, imports, candidateCalls[k]!)) {
      const verdict = check.judge(hit, ctx);
      if (verdict) raw.push({ active, verdict: hit.call.unreachable ? unreachableVerdict(verdict) : verdict, range: verdict.range ?? hit.call.range, callee: hit.call.callee });
    }
  }

  // one finding per place, category and call: the most severe wins (`sudo chmod 777 x` is two calls, `sudo` and `chmod`,
  // and two problems; `subprocess.run(cmd, shell=True)` is one call that several subprocess rules judge)
  const best = new Map<string, { active: ActiveRule; verdict: Verdict; range: Range; severity: Severity }>();
  const rank = (s: Severity) => ['low', 'medium', 'high', 'critical'].indexOf(s);
  for (const r of raw) {
    const severity = r.active.severityOverridden ? r.active.severity : (r.verdict.severity ?? r.active.severity);
    const key = `${r.active.rule.category}@${r.range.line}:${r.range.column}:${r.range.endLine}:${r.range.endColumn}@${r.callee ?? ''}`;
    const prev = best.get(key);
    if (!prev || rank(severity) > rank(prev.severity)) best.set(key, { ...r, severity });
  }

  // a sink nested in another sink of the same rule (`exec(compile(src))`) is one problem: keep the outer call
  const within = (a: Range, b: Range) =>
    (a.line > b.line || (a.line === b.line && a.column >= b.column)) && (a.endLine < b.endLine || (a.endLine === b.endLine && a.endColumn <= b.endColumn));
  const kept = [...best.values()];
  // compared within each rule's own findings only (a file with many findings of several rules stays cheap)
  const byRule = new Map<string, typeof kept>();
  for (const r of kept) {
    const group = byRule.get(r.active.rule.id);
    if (group) group.push(r);
    else byRule.set(r.active.rule.id, [r]);
  }
  const outer = kept.filter((r) => !byRule.get(r.active.rule.id)!.some((o) => o !== r && within(r.range, o.range) && rank(o.severity) >= rank(r.severity)));

  // suppressions silence findings; a suppression without a reason, or (when asked) one that
  // silences nothing, is a finding of its own
  const suppressions = parseSuppressions(source);
  const used = new Map<Suppression, SuppressionUse>();
  const reported: { ruleId: string; category: Category; severity: Severity; range: Range; message: string; trace?: TraceStep[]; action?: Action; keepInEveryContext?: boolean }[] = [];
  for (const r of outer) {
    const ruleId = r.active.rule.id;
    const by = suppressions.length ? suppressionFor(suppressions, r.range.line, ruleId) : undefined;
    if (by) {
      const use = used.get(by);
      if (use) use.count++;
      else used.set(by, { category: r.active.rule.category, count: 1 });
      continue;
    }
    reported.push({ ruleId, category: r.active.rule.category, severity: r.severity, range: r.range, message: r.verdict.message, trace: r.verdict.trace, action: r.verdict.action, keepInEveryContext: r.verdict.keepInEveryContext });
  }
  if (suppressions.length) {
    const ran = new Map(rules.filter((a) => a.rule.languages.includes(language)).map((a) => [a.rule.id, a.rule.category]));
    reported.push(...suppressionProblems(suppressions, used, (id) => ran.get(id), !!options.reportUnusedSuppressions));
  }

  const findings: Finding[] = [];
  const occurrences = new Map<string, number>();
  reported.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column || a.ruleId.localeCompare(b.ruleId));
  for (const r of reported) {
    const lt = lineText(r.range.line);
    const occKey = `${r.ruleId}\0${normalizedLine(lt)}`;
    const occurrence = occurrences.get(occKey) ?? 0;
    occurrences.set(occKey, occurrence + 1);
    const finding: Finding = {
      ruleId: r.ruleId,
      category: r.category,
      severity: r.severity,
      file: facts.file,
      line: r.range.line,
      column: r.range.column,
      endLine: r.range.endLine,
      endColumn: r.range.endColumn,
      message: r.message,
      fingerprint: fingerprintOf(r.ruleId, facts.file, lt, occurrence),
    };
    if (r.trace?.length) finding.trace = r.trace;
    if (r.action) finding.action = r.action;
    if (r.keepInEveryContext) finding.keepInEveryContext = true;
    findings.push(finding);
  }
  return findings;
}
