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
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { checkFacts, contextOfFile, lowerFile, type FileJob, type FileResult, type Lowered } from './analyze.js';
import { contextSettings } from './file-context.js';
import { contextSkipped, type CodeContext, type ContextSettings } from './contexts.js';
import { fileOwn, fileUntrusted, sinkCallsOf, type ActiveRule, type ExternalCall, type ProjectLinks, type RunRulesOptions, type ToolMark } from './engine.js';
import type { ResolvedTaint } from './checks/types.js';
import { CHAINED, chainRefs, FactStore, type CheckSetup, type FileLinks, type FileSummary, type LinkedCall, type Lowering } from './facts-store.js';
import { CLASS_MARK, DEPENDS_MARK, ENUM_BASE, ENUM_MARK, type FileFacts, type Language, type Value } from './facts.js';
import { frameworkToolClass } from './frameworks/index.js';
import { importersFirst, scanImports } from './lowering-order.js';
import { forwardedSummary, importRefs, resultUses, usedResults, type ImportedReturns, type ResultUses, type ReturnSummary } from './returns.js';
import type { PathAliases } from './path-aliases.js';
import { objectParts, wholeAbsent } from './values.js';

// (tsconfig `paths` are read in path-aliases.ts, which a run loads before the engine)
export { readPathAliases, type PathAliases } from './path-aliases.js';

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
  /** Python: the first names of the project's module names (`pkg` of `pkg.db`) */
  private readonly heads = new Set<string>();
  /** JS/TS: what a bare specifier a tsconfig alias maps starts with, as written and with dots for slashes (`@/`, `@.`) */
  private readonly aliasPrefixes: string[];

  /** some alias is a nested tsconfig.json's (`PathAliases` `scope`) */
  private readonly scoped: boolean;

  constructor(
    files: readonly { rel: string; language: Language }[],
    private readonly aliases: PathAliases = [],
  ) {
    this.scoped = aliases.some((a) => a.scope !== undefined);
    // (the nearest tsconfig.json's aliases first, the root's last)
    if (this.scoped) this.aliases = [...aliases].sort((a, b) => (b.scope?.length ?? -1) - (a.scope?.length ?? -1));
    this.aliasPrefixes = aliases.flatMap(({ pattern }) => {
      const prefix = pattern.includes('*') ? pattern.slice(0, pattern.indexOf('*')) : pattern;
      return [prefix, prefix.replace(/\//g, '.')];
    });
    files.forEach((f, i) => {
      this.byPath.set(f.rel, i);
      if (f.language !== 'python') return;
      const parts = f.rel.replace(/\.pyi?$/, '').split('/');
      if (parts[parts.length - 1] === '__init__') parts.pop();
      for (let k = parts.length - 1; k >= 0; k--) {
        const key = parts.slice(k).join('.');
        this.heads.add(parts[k]!);
        const list = this.bySuffix.get(key);
        if (list) list.push(i);
        else this.bySuffix.set(key, [i]);
      }
    });
  }

  /**
   * Whether a qualified name (`pkg.db.run_query`, `./db.js.runQuery`) can name something of a
   * module of the project at all, by its first part: a cheap test before `resolve`.
   */
  mayName(language: Language, qualified: string): boolean {
    if (qualified.startsWith('.')) return true;
    if (language === 'python') return this.heads.has(qualified.slice(0, qualified.indexOf('.') >>> 0));
    return this.aliasPrefixes.some((prefix) => qualified.startsWith(prefix));
  }

  /** The index of the file `spec` (as the importing file's facts write it) names, if it is one of the project's. */
  resolve(fromRel: string, language: Language, spec: string): number | undefined {
    const dir = path.posix.dirname(fromRel);
    // (an alias of a nested tsconfig.json resolves for the files under it only: where the file is matters then too)
    const key = `${language === 'python' ? 'py' : 'js'}\0${spec.startsWith('.') || (this.scoped && language !== 'python') ? dir : ''}\0${spec}`;
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
      for (const { pattern, targets, scope } of this.aliases) {
        if (scope !== undefined && dir !== scope && !dir.startsWith(`${scope}/`)) continue;
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

/** A method called on a new instance of a class another module defines (`pkg.db.Client().query`): the module, the class and the method. */
const INSTANCE_METHOD = /^([^()?]+)\.([A-Za-z_$][\w$]*)\(\)\.([A-Za-z_$][\w$]*)$/;

/**
 * `pkg.db.run_query` -> `pkg.db` and `run_query`; `./util.js.runCmd` -> `./util.js` and `runCmd`;
 * a method of an instance, `pkg.db.Client().query` -> `pkg.db` and `Client.query` (methods are
 * named `Class.name` among a module's functions).
 */
function splitQualified(name: string): { module: string; member: string } | undefined {
  const instance = INSTANCE_METHOD.exec(name);
  if (instance) return { module: instance[1]!, member: `${instance[2]}.${instance[3]}` };
  if (name.includes('(') || name.startsWith('?')) return undefined;
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return undefined;
  return { module: name.slice(0, dot), member: name.slice(dot + 1) };
}

/** The function a module defines at its top level under `name` (methods are written `Class.name`). */
function topLevelFunction(of: { functions: readonly { name: string; id: string }[] } | undefined, name: string): string | undefined {
  return of?.functions.find((f) => f.name === name)?.id;
}

/** The project's function a qualified name (`pkg.db.run_query`) in file `from` names: its file and member. */
function resolveQualified(index: ModuleIndex, jobs: readonly FileJob[], from: number, qualified: string): { file: number; member: string } | undefined {
  const job = jobs[from]!;
  if (job.language !== 'python' && !isJs(job.language)) return undefined;
  // most calls name packages (`os.path.join`, `console.log`): turned away before any string is cut
  if (!index.mayName(job.language, qualified)) return undefined;
  const split = splitQualified(qualified);
  if (!split) return undefined;
  const file = index.resolve(job.rel, job.language, split.module);
  return file === undefined || file === from ? undefined : { file, member: split.member };
}

/**
 * `resolveQualified` remembering the answers for the last file asked about: a file's calls name
 * the same few things many times (`pkg.log.logger.info`), and a pass asks about one file's
 * calls after another's.
 */
function fileTargets(index: ModuleIndex, jobs: readonly FileJob[]): (from: number, qualified: string) => { file: number; member: string } | undefined {
  let file = -1;
  const known = new Map<string, { file: number; member: string } | undefined>();
  return (from, qualified) => {
    if (from !== file) {
      known.clear();
      file = from;
    }
    if (known.has(qualified)) return known.get(qualified);
    const t = resolveQualified(index, jobs, from, qualified);
    known.set(qualified, t);
    return t;
  };
}

/**
 * The functions of other modules of the project a callee name (as file `from`'s facts write it)
 * may name, for their return summaries, most likely first: `mod.f`, a static method
 * `mod.Class.f`, or `mod` itself (the module's default export, JavaScript).
 */
function returnTargets(index: ModuleIndex, jobs: readonly FileJob[], from: number, callee: string): { file: number; member: string }[] {
  const job = jobs[from]!;
  if (job.language !== 'python' && !isJs(job.language)) return [];
  if (callee.startsWith('?')) return [];
  const out: { file: number; member: string }[] = [];
  const add = (module: string, member: string) => {
    const file = index.resolve(job.rel, job.language, module);
    if (file !== undefined && file !== from) out.push({ file, member });
  };
  if (callee.includes('(')) {
    // a method of an instance of a Python class another module defines (`pkg.api.Client().post`: `Client.post`)
    const instance = job.language === 'python' ? INSTANCE_METHOD.exec(callee) : null;
    if (instance) add(instance[1]!, `${instance[2]}.${instance[3]}`);
    return out;
  }
  const last = callee.lastIndexOf('.');
  if (last > 0 && last < callee.length - 1) {
    add(callee.slice(0, last), callee.slice(last + 1));
    const second = callee.lastIndexOf('.', last - 1);
    if (second > 0 && isJs(job.language)) add(callee.slice(0, second), callee.slice(second + 1));
  }
  if (isJs(job.language)) add(callee, 'default');
  return out;
}

/** A file's calls that may name another module's function, with the functions they may name (`returnTargets`). */
export type ReturnCalls = { callee: string; targets: { file: number; member: string }[] }[];

/** The calls of `facts` (file `from`) that may name another module's function. */
function returnCallsOf(index: ModuleIndex, jobs: readonly FileJob[], from: number, callees: Iterable<string>): ReturnCalls | undefined {
  let out: ReturnCalls | undefined;
  for (const callee of new Set(callees)) {
    const targets = returnTargets(index, jobs, from, callee);
    if (targets.length) (out ??= []).push({ callee, targets });
  }
  return out;
}

type ReturnsOf = (file: number) => Readonly<Record<string, ReturnSummary>> | undefined;

/**
 * The summary of function `member` of file `file` (`returnsOf`): a forwarding one (`ReturnSummary.forward`, a function
 * returning what another module's function gives) with the summary of the function it forwards to in place, resolved
 * from its own file (`forwardedSummary`), and where that function is; undefined when there is none or the forward
 * leads nowhere (a library's function, one with no summary, one that forwards again).
 */
function summaryAt(index: ModuleIndex, jobs: readonly FileJob[], file: number, member: string, returnsOf: ReturnsOf): { summary: ReturnSummary; via?: { file: number; member: string } } | undefined {
  const s = returnsOf(file);
  if (!s || !Object.prototype.hasOwnProperty.call(s, member)) return undefined;
  const found = s[member]!;
  if (!found.forward) return { summary: found };
  if (!index.mayName(jobs[file]!.language, found.forward.callee)) return undefined;
  for (const t of returnTargets(index, jobs, file, found.forward.callee)) {
    const r = returnsOf(t.file);
    if (!r || !Object.prototype.hasOwnProperty.call(r, t.member)) continue;
    const summary = forwardedSummary(found, r[t.member]!);
    return summary && { summary, via: t };
  }
  return undefined;
}

/** The return summaries a file's calls use, given the summaries of each file, with a key that tells two such sets apart ('' when none). */
function importedReturnsFor(index: ModuleIndex, jobs: readonly FileJob[], calls: ReturnCalls | undefined, returnsOf: ReturnsOf): { returns?: ImportedReturns; key: string } {
  if (!calls) return { key: '' };
  let returns: Record<string, ReturnSummary> | undefined;
  const key: string[] = [];
  for (const { callee, targets } of calls) {
    for (const t of targets) {
      const found = summaryAt(index, jobs, t.file, t.member, returnsOf);
      if (!found) continue;
      (returns ??= {})[callee] = found.summary;
      key.push(`${callee}\0${t.file}\0${t.member}${found.via ? `\0${found.via.file}\0${found.via.member}` : ''}`);
      break;
    }
  }
  return returns ? { returns, key: key.sort().join('\u0001') } : { key: '' };
}

/**
 * Whether one of `callees` (calls of file `from`) may name a function of another module that
 * has a return summary: only then can return summaries change the file's facts, and where its
 * call results go is worth working out.
 */
function callsSummarized(index: ModuleIndex, jobs: readonly FileJob[], from: number, callees: Iterable<string>, returnsOf: ReturnsOf): boolean {
  const language = jobs[from]!.language;
  for (const callee of new Set(callees)) {
    if (!index.mayName(language, callee)) continue;
    for (const t of returnTargets(index, jobs, from, callee)) if (summaryAt(index, jobs, t.file, t.member, returnsOf)) return true;
  }
  return false;
}

/**
 * Whether one of the imports of file `from` (`importRefs`: `.git.GIT_CMD`, `gitutil.*`, a module
 * imported by name `from . import config`, `./git.js.GIT_ARGS`) names a module of the project, or (given what each
 * file's first lowering summarized, `returnsOf`) a constant of one (`constantSummary`), which
 * may reach a call that matters.
 */
function importsProjectModule(
  index: ModuleIndex,
  jobs: readonly FileJob[],
  from: number,
  refs: readonly string[],
  returnsOf?: (file: number) => Readonly<Record<string, ReturnSummary>> | undefined,
): boolean {
  const constants = (file: number, member?: string) => {
    if (!returnsOf) return true;
    const r = returnsOf(file);
    return member === undefined ? Object.values(r ?? {}).some((s) => s.constant) : !!r?.[member]?.constant;
  };
  return refs.some((ref) => importTargets(index, jobs, from, ref).some((t) => constants(t.file, t.member)));
}

/** The modules of the project an import of file `from` (`importRefs`) names: a module (no member), or a name one defines. */
function importTargets(index: ModuleIndex, jobs: readonly FileJob[], from: number, ref: string): { file: number; member?: string }[] {
  const job = jobs[from]!;
  if (!index.mayName(job.language, ref)) return [];
  const whole = ref.endsWith('.*');
  const file = index.resolve(job.rel, job.language, whole ? ref.slice(0, -2) : ref);
  const out: { file: number; member?: string }[] = file !== undefined && file !== from ? [{ file }] : [];
  return whole ? out : [...out, ...returnTargets(index, jobs, from, ref)];
}

/** The references `moduleReferences` gives for what a file imports: marked, so that they name no file a call or tool registration could link to. */
const IMPORTED = '=';
/**
 * The mark of a reference `moduleReferences` gives for a function that returns what another module's function gives
 * (`ReturnSummary.forward`): `>name\u0001callee`. A caller's facts depend on the text of the callee's module too.
 */
const FORWARDS = '>';

/** The references of a file's forwarding functions (`FORWARDS`), from its return summaries. */
function forwardReferences(returns: Readonly<Record<string, ReturnSummary>> | undefined): string[] {
  const out: string[] = [];
  for (const name in returns) {
    const f = returns[name]!.forward;
    if (f) out.push(`${FORWARDS}${name}\u0001${f.callee}`);
  }
  return out;
}

/**
 * Whether a callee of file `from` names a function another module of the project defines (as
 * the links between files take it: `topLevelFunction` of the functions `lowered` gives of the
 * file), remembered per callee.
 */
function callsFunction(
  from: number,
  target: (from: number, qualified: string) => { file: number; member: string } | undefined,
  lowered: (file: number) => { functions: readonly { name: string; id: string }[] } | undefined,
): (callee: string) => boolean {
  const memo = new Map<string, boolean>();
  return (callee) => {
    let linked = memo.get(callee);
    if (linked === undefined) {
      const t = target(from, callee);
      memo.set(callee, (linked = !!t && topLevelFunction(lowered(t.file), t.member) !== undefined));
    }
    return linked;
  };
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
  // (the modules whose constants it imports: what they bind is part of its facts, returns.ts `constantSummary`)
  for (const r of importRefs(facts)) out.add(IMPORTED + r);
  for (const r of chainRefs(facts)) out.add(r);
  for (const r of forwardReferences(facts.returns)) out.add(r);
  return [...out];
}

/** What the project pass knows of a file's module-level names: its classes, its dependency aliases, what it imports. */
interface ModuleNames {
  classes?: FileFacts['classes'];
  dependencyAliases?: readonly string[];
  /** the types its tools' and routes' parameters are annotated with (facts' `exposedTypes`) */
  exposedTypes?: readonly string[];
  /** `importRefs` */
  imports?: readonly string[];
}

/**
 * The file that defines the module-level name `member` of file `file` (`defines` says whether a file does): the file
 * itself, or, when it imports the name (a package's `__init__.py` re-exporting `from .projects import ProjectConfigDep`),
 * the module it imports it from, followed through at most `MAX_CLASS_HOPS` modules.
 */
function definingFile(index: ModuleIndex, jobs: readonly FileJob[], file: number, member: string, namesOf: (file: number) => ModuleNames | undefined, defines: (names: ModuleNames, member: string) => boolean, hops = 0): number | undefined {
  const names = namesOf(file);
  if (!names) return undefined;
  if (defines(names, member)) return file;
  if (hops >= MAX_CLASS_HOPS) return undefined;
  for (const ref of names.imports ?? []) {
    if (!ref.endsWith(`.${member}`)) continue;
    const t = resolveQualified(index, jobs, file, ref);
    const found = t && t.member === member ? definingFile(index, jobs, t.file, member, namesOf, defines, hops + 1) : undefined;
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Marks for file `i` from the module-level names of the other modules of the project (`namesOf`, from their facts):
 * - `class Name` (facts.ts `CLASS_MARK`) for a module-level class that is a tool class through a base another module
 *   defines: `class HttpGet(HttpBaseTool)`, with `class HttpBaseTool(IntentKitSkill)` in `skills/http/base.py` and
 *   `class IntentKitSkill(BaseTool)` in `skills/base.py`. Bases are followed through at most `MAX_CLASS_HOPS` modules.
 * - `depends Name` (`DEPENDS_MARK`) for a name the file imports that is a FastAPI dependency alias where it is defined
 *   (`ProjectConfigDep = Annotated[ProjectConfig, Depends(get_project_config)]`), re-exported or not.
 * - `enum Name` (`ENUM_MARK`) for a type of another module its tools' or routes' parameters are annotated with that is
 *   an `Enum` class there (`theme: Optional[Theme]`, `class Theme(str, Enum)` in `types.py`), and for such a type that
 *   is a module-level class of its own whose base, in another module, is one (`class Theme(BaseEnum)`).
 */
function moduleMarks(index: ModuleIndex, jobs: readonly FileJob[], i: number, namesOf: (file: number) => ModuleNames | undefined, aliasesAnywhere: boolean): Map<string, ToolMark> | undefined {
  const own = namesOf(i);
  if (!own) return undefined;
  let out: Map<string, ToolMark> | undefined;
  const isClass = (names: ModuleNames, member: string) => !!names.classes?.some((c) => c.name === member);
  type ClassFacts = NonNullable<ModuleNames['classes']>[number];
  /**
   * What `test` finds on the class `name` names in `file` (found where it is defined, through re-exports) or, failing
   * that, on its bases, depth first, in the modules they come from, at most `MAX_CLASS_HOPS` modules away.
   */
  const onClassOrBase = <T>(file: number, name: string, hops: number, test: (c: ClassFacts, at: number) => T | undefined): T | undefined => {
    const at = definingFile(index, jobs, file, name, namesOf, isClass);
    const c = at === undefined ? undefined : namesOf(at)!.classes!.find((x) => x.name === name)!;
    if (!c) return undefined;
    const found = test(c, at!);
    if (found !== undefined || hops >= MAX_CLASS_HOPS) return found;
    for (const b of c.bases) {
      const t = resolveQualified(index, jobs, at!, b);
      const up = t && onClassOrBase(t.file, t.member, hops + 1, test);
      if (up !== undefined) return up;
    }
    return undefined;
  };
  /** The first of `bases` (as file `i` names them) that `test` finds something on, with what it found. */
  const onBases = <T>(bases: readonly string[], test: (c: ClassFacts, at: number) => T | undefined): { base: string; found: T } | undefined => {
    for (const base of bases) {
      const t = resolveQualified(index, jobs, i, base);
      const found = t && onClassOrBase(t.file, t.member, 1, test);
      if (found !== undefined) return { base, found };
    }
    return undefined;
  };
  const toolClass = (c: ClassFacts, at: number) => {
    if (c.tool) return { tool: c.tool, file: at };
    // (a framework's own base class, in the framework's repository)
    const own = jobs[at]!.language === 'python' ? frameworkToolClass(jobs[at]!.rel, c.name) : undefined;
    return own ? { tool: { ...own, via: `${c.name}, the ${own.framework} tool class,` }, file: at } : undefined;
  };
  for (const c of own.classes ?? []) {
    if (c.tool) continue;
    const hit = onBases(c.bases, toolClass);
    if (!hit) continue;
    const { framework, methods, via, input, fields } = hit.found.tool;
    (out ??= new Map()).set(CLASS_MARK + c.name, { framework, methods, via: `${hit.base} subclass (${via} in ${jobs[hit.found.file]!.rel})`, ...(input ? { input } : {}), ...(fields ? { fields } : {}) });
  }
  if (aliasesAnywhere) {
    const isAlias = (names: ModuleNames, member: string) => !!names.dependencyAliases?.includes(member);
    for (const ref of own.imports ?? []) {
      if (ref.endsWith('.*')) continue;
      const t = resolveQualified(index, jobs, i, ref);
      if (!t || definingFile(index, jobs, t.file, t.member, namesOf, isAlias) === undefined) continue;
      (out ??= new Map()).set(DEPENDS_MARK + ref.slice(ref.lastIndexOf('.') + 1), { framework: 'fastapi', via: `Depends alias ${ref}` });
    }
  }
  const enumClass = (c: ClassFacts) => (c.bases.some((b) => ENUM_BASE.test(b)) ? true : undefined);
  // (only for the types of tools' and routes' parameters: a mark makes the file be lowered again)
  for (const ref of own.exposedTypes ?? []) {
    if (ref.includes('.') && onBases([ref], enumClass)) (out ??= new Map()).set(ENUM_MARK + ref.slice(ref.lastIndexOf('.') + 1), { framework: 'enum', via: `Enum class ${ref}` });
  }
  for (const c of own.classes ?? []) {
    if (c.tool || !own.exposedTypes?.includes(c.name) || enumClass(c)) continue;
    const hit = onBases(c.bases, enumClass);
    if (hit) (out ??= new Map()).set(ENUM_MARK + c.name, { framework: 'enum', via: `${hit.base} subclass` });
  }
  return out;
}

/** How many modules the bases of a class, or a re-exported name, are followed through. */
const MAX_CLASS_HOPS = 8;

/**
 * For each file, the files its chained references (`chainRefs`: the bases of its classes, the names its parameters
 * are annotated with, a package's re-exports) name, and the files theirs name, up to `MAX_CLASS_HOPS` modules away
 * (`moduleMarks`), from the references `moduleReferences` gives.
 */
export function chainedReferents(jobs: readonly FileJob[], references: readonly (readonly string[])[], aliases: PathAliases = []): Set<number>[] {
  const index = new ModuleIndex(jobs, aliases);
  const direct = references.map((names, i) => {
    const out = new Set<number>();
    for (const name of names) {
      if (!name.startsWith(CHAINED)) continue;
      const t = resolveQualified(index, jobs, i, name.slice(CHAINED.length));
      if (t) out.add(t.file);
    }
    return out;
  });
  return direct.map((first) => {
    const out = new Set(first);
    let frontier = [...first];
    for (let hop = 1; hop < MAX_CLASS_HOPS && frontier.length; hop++) {
      const next: number[] = [];
      for (const f of frontier) for (const g of direct[f]!) if (!out.has(g)) (out.add(g), next.push(g));
      frontier = next;
    }
    return out;
  });
}

/**
 * For each file, the files whose references (`moduleReferences`, by file) resolve to it, with
 * those references: the only files (and names) through which the project pass can link
 * anything to it, by tool registration or by call.
 */
export function projectReferrers(jobs: readonly FileJob[], references: readonly (readonly string[])[], aliases: PathAliases = []): Map<number, string[]>[] {
  const index = new ModuleIndex(jobs, aliases);
  const out: Map<number, string[]>[] = jobs.map(() => new Map());
  references.forEach((names, i) => {
    for (const name of names) {
      if (name.startsWith(FORWARDS)) continue;
      const t = resolveQualified(index, jobs, i, name);
      if (!t) continue;
      const list = out[t.file]!.get(i);
      if (list) list.push(name);
      else out[t.file]!.set(i, [name]);
    }
  });
  return out;
}

/**
 * For each file, the files its references (`moduleReferences`, by file) may name as the module
 * of a function whose return summary its calls use (`returnTargets`): the files whose text its
 * facts can depend on through what their functions return.
 */
export function projectReferents(jobs: readonly FileJob[], references: readonly (readonly string[])[], aliases: PathAliases = []): Set<number>[] {
  const index = new ModuleIndex(jobs, aliases);
  // (each file's forwarding functions, by name: a call of one depends on the module of the function it forwards to)
  const forwards = references.map((names) => {
    let m: Map<string, string> | undefined;
    for (const name of names) {
      if (!name.startsWith(FORWARDS)) continue;
      const cut = name.indexOf('\u0001');
      (m ??= new Map()).set(name.slice(FORWARDS.length, cut), name.slice(cut + 1));
    }
    return m;
  });
  return references.map((names, i) => {
    const out = new Set<number>();
    for (const name of names) {
      if (name.startsWith(FORWARDS)) continue;
      for (const t of name.startsWith(IMPORTED) ? importTargets(index, jobs, i, name.slice(IMPORTED.length)) : returnTargets(index, jobs, i, name)) {
        out.add(t.file);
        const callee = t.member === undefined ? undefined : forwards[t.file]?.get(t.member);
        if (callee !== undefined) for (const u of returnTargets(index, jobs, t.file, callee)) out.add(u.file);
      }
    }
    return out;
  });
}

/** Which files a project pass lowers and checks (all by default), and who hears of each file's facts. */
export interface ProjectScope {
  /** lower only these files: the others take no part (they are still known to module resolution) */
  lower?: ReadonlySet<number>;
  /** check only these; the others get an empty result */
  report?: ReadonlySet<number>;
  /** called with every file's facts as they are made (once more when a file is lowered again) */
  observe?: (file: number, facts: FileFacts) => void;
  /** hold facts of at most this much source text (default `KEEP_FACTS_TEXT`) */
  keepText?: number;
}

/**
 * Source text (in UTF-16 units) whose facts the project pass holds at most while it lowers the
 * project (facts take about seven times the text): beyond it, a file is checked on the spot and
 * its facts dropped, and lowered again only if another module turns out to reach it.
 */
export const KEEP_FACTS_TEXT = 1024 * 1024;

/** What the project pass keeps of a file whose facts are dropped: what other modules need of it. */
interface Summary {
  toolRefs: NonNullable<FileFacts['toolRefs']>;
  functions: { name: string; id: string; tool: boolean }[];
  /** its calls of functions another module of the project may define, with the untrusted origins of their arguments worked out */
  out: { to: { file: number; member: string }; link: ExternalCall }[];
}

/**
 * Each file's code context, computed when first asked for: it reads the head of the file's
 * text, which a run answered mostly from the result cache has not read (file-index.ts), and
 * such a run asks only for the files it lowers or reports.
 */
function lazyContexts(jobs: readonly FileJob[], settings: ContextSettings): (i: number) => CodeContext {
  const known: (CodeContext | undefined)[] = new Array(jobs.length);
  return (i) => (known[i] ??= contextOfFile(jobs[i]!, settings));
}

/** Code that exercises the project's functions rather than uses them: its calls are no evidence of what the program passes. */
const EXERCISING: ReadonlySet<CodeContext> = new Set(['test', 'example', 'docs', 'eval']);
const exercises = (c: CodeContext) => EXERCISING.has(c);

/** Calls of a file's functions from other modules, by function id, in the order of the calling files. */
type Callers = Map<string, ExternalCall[]>;

/** An argument, and the members of an object passed as one (what a parameter's member read stands for), also one it does not write but a spread may supply. */
function withMembers(v: Value): Value[] {
  return v.kind === 'dict' ? [v, ...objectParts(v).map(([, part]) => part)] : [v];
}

/**
 * What a linked call tells the file it calls into (engine.ts `makeUntrusted`, `makeOwn`): where
 * it is, and for each argument whether it is there, its untrusted origins and whether it is the
 * program's own.
 */
function linkSignature(to: { file: number; member: string }, l: ExternalCall): string {
  const one = (v: Value) => [l.untrusted(v), l.own?.(v) ?? null];
  const arg = (v: Value | undefined) => (v ? withMembers(v).map(one) : null);
  return JSON.stringify([to.file, to.member, l.file, l.call.range.line, l.call.args.map(arg), Object.entries(l.call.kwargs).map(([k, v]) => [k, arg(v)]), !!l.exercise]);
}

/** A file's links made again, each kept as it was when it tells the file it reaches the same (so that file needs no new check). */
function keepSameLinks(before: Summary['out'], after: Summary['out']): Summary['out'] {
  return after.map((x, n) => {
    const old = before[n];
    return old && linkSignature(old.to, old.link) === linkSignature(x.to, x.link) ? old : x;
  });
}

/** Whether a file was checked with the links the whole project has for it: the same calls (the very objects) for the same functions. */
function sameCallers(a: Callers | undefined, b: Callers | undefined): boolean {
  if (!a || !b) return !a && !b;
  if (a.size !== b.size) return false;
  for (const [id, calls] of a) {
    const other = b.get(id);
    if (!other || other.length !== calls.length || calls.some((c, n) => c !== other[n])) return false;
  }
  return true;
}

/**
 * Lower and check the files of one run as a project. Results are in the order of `jobs`.
 * `aliases`: tsconfig `paths` of the project root (see `readPathAliases`).
 *
 * Order: files are lowered after the files that import them (lowering-order.ts), so that
 * when a file is lowered, what other modules link into it is usually known: it is checked
 * with those links at once and its facts dropped. A file some importer of which is still to
 * come (an import cycle) waits, its facts held, until the last one is lowered.
 *
 * Memory: a file's tree is dropped once its facts are made, and its facts once it is checked;
 * what the other modules need of a file is kept as a `Summary`. Facts are held only up to
 * `KEEP_FACTS_TEXT` of source; past that, the files nothing has been seen to reach are checked
 * at once with the links known so far.
 *
 * Exactness: the order only saves work. At the end every file's tool marks and links are
 * worked out from the whole project, as if every file had waited for the end; a file lowered
 * with other marks is lowered again, and a file checked with other links (a reference the
 * scan of imports missed) is checked again, lowered once more if its facts were dropped.
 */
export async function analyzeProject(
  jobs: readonly FileJob[],
  active: readonly ActiveRule[],
  config: ResolvedConfig,
  aliases: PathAliases = [],
  options: RunRulesOptions = {},
  scope: ProjectScope = {},
): Promise<FileResult[]> {
  const settings = contextSettings(config);
  const contextOf = lazyContexts(jobs, settings);
  const index = new ModuleIndex(jobs, aliases);
  const target = fileTargets(index, jobs);
  const reported = (i: number) => !scope.report || scope.report.has(i);
  const keepText = scope.keepText ?? KEEP_FACTS_TEXT;
  const ascending = (a: number, b: number) => a - b;

  /** files without facts: not lowered, or the front end failed */
  const failed = new Map<number, FileResult>();
  const summaries = new Map<number, Summary>();
  /** the tool registrations, functions and classes of each file's first lowering (without marks): what tool marks are worked out from */
  const firstSeen = new Map<number, Pick<Summary, 'toolRefs' | 'functions'> & ModuleNames>();
  /** how many files of those bind a dependency alias */
  let aliasFiles = 0;
  /** the tool marks and return summaries each file's facts were made with (`marksKey`, `importedReturnsFor`) */
  const loweredWith = new Map<number, string>();
  /** what each file's functions return (its first lowering's summaries), and its calls that may name other modules' functions */
  const returnsOf = new Map<number, Record<string, ReturnSummary>>();
  const usesOf = new Map<number, ResultUses>();
  /** the summaries file `i`'s calls use, with what is known so far of the other files (everything at the end of the pass) */
  const returnsFor = (i: number) => {
    const uses = usesOf.get(i);
    if (!uses) return { key: '' };
    const used = usedResults(uses, callsFunction(i, target, (f) => firstSeen.get(f)));
    return importedReturnsFor(index, jobs, returnCallsOf(index, jobs, i, used), (f) => returnsOf.get(f));
  };
  /** for each file, the files whose summaries call into it, and the files whose first lowering registers tools in it */
  const callersInto = new Map<number, Set<number>>();
  const registrarsOf = new Map<number, Set<number>>();
  /** facts held until a file's importers are all lowered (or the end of the pass), in the order they were made */
  const kept = new Map<number, FileFacts>();
  let keptText = 0;
  /** files some module's references were seen to reach */
  const reached = new Set<number>();
  /** results of files checked before the end of the pass, with the links they were checked with */
  const early = new Map<number, { result: FileResult; callers: Callers | undefined }>();

  const addTo = (m: Map<number, Set<number>>, to: number, from: number) => {
    const s = m.get(to);
    if (s) s.add(from);
    else m.set(to, new Set([from]));
  };
  const summarize = (i: number, facts: FileFacts): Summary => {
    const out: Summary['out'] = [];
    let untrusted: ExternalCall['untrusted'] | undefined;
    let own: ReturnType<typeof fileOwn> | undefined;
    for (const call of facts.calls) {
      if (call.target) continue;
      const to = target(i, call.callee);
      if (!to) continue;
      untrusted ??= fileUntrusted(facts);
      own ??= fileOwn(facts);
      const known = new Map<Value, ResolvedTaint[]>();
      const ownArgs = new Set<Value>();
      // (each argument, and each member of an object passed: a parameter destructured or read by member, `{ cmd } = args`
      // or `args.cmd`, stands for that member, engine.ts `argumentPart`)
      for (const v of [...call.args, ...Object.values(call.kwargs)].flatMap(withMembers)) {
        if (!known.has(v)) known.set(v, untrusted(v));
        if (own(v)) ownArgs.add(v);
      }
      // (a member an object argument leaves to a spread is known as that whole part, `wholeAbsent`)
      const link: ExternalCall = {
        file: jobs[i]!.rel,
        call,
        untrusted: (v) => (v && (known.get(v) ?? known.get(wholeAbsent(v) ?? v))) || [],
        own: (v) => !!v && (ownArgs.has(v) || ownArgs.has(wholeAbsent(v) ?? v)),
        ...(exercises(contextOf(i)) ? { exercise: true } : {}),
      };
      out.push({ to, link });
      reached.add(to.file);
      addTo(callersInto, to.file, i);
    }
    for (const r of facts.toolRefs ?? []) {
      const to = target(i, r.ref);
      if (to) reached.add(to.file);
    }
    return { toolRefs: facts.toolRefs ?? [], functions: facts.functions.map((f) => ({ name: f.name, id: f.id, tool: !!f.tool })), out };
  };
  /**
   * The functions of file `i` other modules register as tools (from every first lowering seen so far, in the order of
   * `jobs`), its classes whose base in another module is a tool class and the dependency aliases it imports (`moduleMarks`).
   */
  const marksFor = (i: number): Map<string, ToolMark> | undefined => {
    const own = firstSeen.get(i);
    let marks = moduleMarks(index, jobs, i, (f) => firstSeen.get(f), aliasFiles > 0);
    for (const j of [...(registrarsOf.get(i) ?? [])].sort(ascending)) {
      for (const r of firstSeen.get(j)!.toolRefs) {
        const t = target(j, r.ref);
        if (!t || t.file !== i || !own?.functions.some((f) => f.name === t.member && !f.tool)) continue;
        marks ??= new Map();
        if (!marks.has(t.member)) marks.set(t.member, { ...r.tool, via: `${r.tool.via} in ${jobs[j]!.rel}` });
      }
    }
    return marks;
  };
  const marksKey = (marks: ReadonlyMap<string, ToolMark> | undefined) => (marks ? JSON.stringify([...marks]) : '');
  /** The calls of file `i`'s functions in the other modules' summaries seen so far, by function, callers in the order of `jobs`. */
  const callersOf = (i: number): Callers | undefined => {
    let byFn: Callers | undefined;
    const functions = summaries.get(i)?.functions;
    if (!functions) return undefined;
    for (const j of [...(callersInto.get(i) ?? [])].sort(ascending)) {
      for (const { to, link } of summaries.get(j)?.out ?? []) {
        if (to.file !== i) continue;
        const id = functions.find((f) => f.name === to.member)?.id;
        if (!id) continue;
        byFn ??= new Map();
        const list = byFn.get(id);
        if (list) list.push(link);
        else byFn.set(id, [link]);
      }
    }
    return byFn;
  };
  const checkWith = async (i: number, facts: FileFacts, byFn: Callers | undefined): Promise<FileResult> => {
    const links: ProjectLinks | undefined = byFn && { callers: (id) => byFn.get(id) ?? [] };
    return checkFacts(jobs[i]!, facts, active, config, { ...options, links }, contextOf(i));
  };
  /** Check file `i` now, with the links known so far, and drop its facts. */
  const finish = async (i: number, facts: FileFacts) => {
    drop(i);
    if (!reported(i)) return;
    const callers = callersOf(i);
    early.set(i, { result: await checkWith(i, facts, callers), callers });
  };
  const drop = (i: number) => {
    if (kept.delete(i)) keptText -= jobs[i]!.text.length;
  };
  /** over the budget: check the files held longest, those nothing has reached first, and drop their facts */
  const trim = async () => {
    while (keptText > keepText && kept.size) {
      // tests, examples and docs are seldom imported by other modules: they go first
      let victim: number | undefined;
      for (const i of kept.keys()) if (!reached.has(i) && contextOf(i) !== 'production') { victim = i; break; }
      if (victim === undefined) for (const i of kept.keys()) if (!reached.has(i)) { victim = i; break; }
      victim ??= kept.keys().next().value!;
      await finish(victim, kept.get(victim)!);
    }
  };
  const lowerOne = async (i: number, marks?: ReadonlyMap<string, ToolMark>, returns: { returns?: ImportedReturns; key: string } = { key: '' }): Promise<FileFacts | undefined> => {
    const l: Lowered = await lowerFile(jobs[i]!, marks, returns.returns);
    // the native tree-sitter binding frees a file's tree only when the event loop turns (its
    // finalizers run as tasks): without a turn here no tree of the run would be freed before the end
    await new Promise((resolve) => setImmediate(resolve));
    if ('failed' in l) {
      failed.set(i, l.failed);
      summaries.delete(i);
      drop(i);
      return undefined;
    }
    loweredWith.set(i, `${marksKey(marks)}\u0002${returns.key}`);
    scope.observe?.(i, l.facts);
    return l.facts;
  };
  /** a file lowered again: its links, kept as they were when they link the same (so the files they reach need no new check) */
  const resummarize = (i: number, facts: FileFacts): Summary => {
    const next = summarize(i, facts);
    const before = summaries.get(i);
    return before ? { ...next, out: keepSameLinks(before.out, next.out) } : next;
  };
  const hold = async (i: number, facts: FileFacts) => {
    summaries.set(i, resummarize(i, facts));
    drop(i);
    kept.set(i, facts);
    keptText += jobs[i]!.text.length;
    await trim();
  };

  // generated and vendored code (by default) is not even parsed; files out of scope neither
  const lowered: number[] = [];
  for (const i of jobs.keys()) {
    if ((scope.lower && !scope.lower.has(i)) || contextSkipped(settings, contextOf(i))) failed.set(i, { findings: [] });
    else lowered.push(i);
  }
  const imports = new Map<number, number[]>();
  for (const i of lowered) {
    const job = jobs[i]!;
    const to: number[] = [];
    for (const spec of scanImports(job.text, job.language)) {
      const t = index.resolve(job.rel, job.language, spec);
      if (t !== undefined) to.push(t);
    }
    imports.set(i, to);
  }
  const { order, importers: waiting } = importersFirst(lowered, (i) => imports.get(i)!);

  for (const i of order) {
    let facts = await lowerOne(i);
    if (facts) {
      const imported = importRefs(facts);
      firstSeen.set(i, {
        toolRefs: facts.toolRefs ?? [],
        functions: facts.functions.map((f) => ({ name: f.name, id: f.id, tool: !!f.tool })),
        ...(facts.classes && { classes: facts.classes }),
        ...(facts.dependencyAliases && { dependencyAliases: facts.dependencyAliases }),
        ...(facts.exposedTypes && { exposedTypes: facts.exposedTypes }),
        ...(imported.length && { imports: imported }),
      });
      if (facts.dependencyAliases) aliasFiles++;
      for (const r of facts.toolRefs ?? []) {
        const t = target(i, r.ref);
        if (t) addTo(registrarsOf, t.file, i);
      }
      if (facts.returns) returnsOf.set(i, facts.returns);
      // (where results go is worked out only for a file some call of which may name a function of another module of the project)
      const first = facts;
      const language = first.language;
      if (first.calls.some((c) => !c.target && index.mayName(language, c.callee) && returnTargets(index, jobs, i, c.callee).length) || importsProjectModule(index, jobs, i, importRefs(first))) {
        const uses = resultUses(first, () => sinkCallsOf(active, first));
        if (uses.sinks.length || uses.calls.length) usesOf.set(i, uses);
      }
      // functions the files lowered before register as tools, or return what a call here uses: lowered once more with them
      const marks = marksFor(i);
      const returns = returnsFor(i);
      if (marks || returns.returns) facts = await lowerOne(i, marks, returns);
    }
    if (facts && waiting.get(i) === 0) {
      // every importer is lowered: what links into it is known
      summaries.set(i, summarize(i, facts));
      await finish(i, facts);
    } else if (facts) await hold(i, facts);
    // the files it imports have one importer fewer to wait for
    for (const t of new Set(imports.get(i))) {
      const left = waiting.get(t);
      if (left === undefined || left === 0) continue;
      waiting.set(t, left - 1);
      const held = kept.get(t);
      if (left === 1 && held) await finish(t, held);
    }
  }

  // tool marks and return summaries from the whole project: a file lowered with others is lowered again
  for (const i of [...firstSeen.keys()].sort(ascending)) {
    const marks = marksFor(i);
    const returns = returnsFor(i);
    if (`${marksKey(marks)}\u0002${returns.key}` === loweredWith.get(i)) continue;
    early.delete(i);
    const facts = await lowerOne(i, marks, returns);
    if (facts) await hold(i, facts);
  }

  const results: FileResult[] = [];
  for (const i of jobs.keys()) {
    if (!reported(i)) {
      drop(i);
      results.push({ findings: [] });
      continue;
    }
    // the links of the whole project: a result made with others is made again
    const callers = callersOf(i);
    const before = early.get(i);
    const ready = before && sameCallers(before.callers, callers) ? before.result : undefined;
    let facts = ready || failed.has(i) ? undefined : kept.get(i) ?? (await lowerOne(i, marksFor(i), returnsFor(i)));
    drop(i);
    if (ready) results.push(ready);
    else if (!facts) results.push({ ...(failed.get(i) ?? { findings: [] }), context: contextOf(i) });
    else results.push(await checkWith(i, facts, callers));
    facts = undefined;
  }
  return results;
}

/**
 * Where the files of a parallel project pass (`analyzeProjectParallel`) are lowered and
 * checked: in this thread (`localExecutors`) or on a pool of worker threads (pool.ts). A
 * file's facts stay with the thread that lowered it; `lower`, `exportCalls` and `check` of a
 * file run there.
 */
export interface Executors {
  /** lower these files (given largest first), each wherever there is room */
  lowerAll(order: readonly number[]): Promise<Map<number, Lowering>>;
  /** lower file `i` again with the functions other modules register as tools and what the other modules' functions it calls return */
  lower(i: number, marks: ReadonlyMap<string, ToolMark> | undefined, returns?: ImportedReturns): Promise<Lowering>;
  exportCalls(i: number, ks: readonly number[]): Promise<LinkedCall[]>;
  /** where the results of file `i`'s calls go (returns.ts `resultUses`), from its lowering given no return summaries */
  uses(i: number): Promise<ResultUses | undefined>;
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
    lower: (i, marks, returns) => store.lower(i, jobs[i]!, marks, returns),
    exportCalls: (i, ks) => store.exportCalls(i, ks),
    uses: (i) => store.uses(i),
    check: (i, links, context) => store.check(i, links, context),
    close: async () => undefined,
  };
}

/** Which files a parallel run lowers and which it reports (a shard: its own files, and the files that can change their findings). */
export interface ShardScope {
  lower?: (i: number) => boolean;
  check?: (i: number) => boolean;
  /** files outside `lower` that may refer to `files` (lowered too when `files` link into the checked files) */
  callersOf?: (files: readonly number[]) => number[];
  /** called with the summary of every file as it is lowered (once more when lowered again) */
  observe?: (i: number, summary: FileSummary) => void;
}

/** `moduleReferences` of a file from its summary. */
export function summaryReferences(summary: FileSummary): string[] {
  return [...new Set([...summary.toolRefs.map((r) => r.ref), ...summary.calls.map((c) => c.callee), ...(summary.imports ?? []).map((r) => IMPORTED + r), ...(summary.chain ?? []), ...forwardReferences(summary.returns)])];
}

/**
 * Lower and check the files of one run as a project. Results are in the order of `jobs`
 * (undefined for a file outside `scope.check`).
 * `aliases`: tsconfig `paths` of the project root (see `readPathAliases`).
 * `executors`: where files are lowered and checked (default: this thread).
 */
export async function analyzeProjectParallel(
  jobs: readonly FileJob[],
  active: readonly ActiveRule[],
  config: ResolvedConfig,
  aliases: PathAliases = [],
  options: RunRulesOptions = {},
  executors?: (jobs: readonly FileJob[], setup: CheckSetup) => Executors,
  scope: ShardScope = {},
): Promise<(FileResult | undefined)[]> {
  const settings = contextSettings(config);
  const run = (executors ?? localExecutors)(jobs, { active, config, options });
  try {
    return await projectPass(jobs, lazyContexts(jobs, settings), settings, aliases, run, scope);
  } finally {
    await run.close();
  }
}

async function projectPass(
  jobs: readonly FileJob[],
  contextOf: (i: number) => CodeContext,
  settings: ContextSettings,
  aliases: PathAliases,
  run: Executors,
  scope: ShardScope,
): Promise<(FileResult | undefined)[]> {
  // generated and vendored code (by default) is not even parsed
  const order = jobs.map((_, i) => i).filter((i) => (scope.lower?.(i) ?? true) && !contextSkipped(settings, contextOf(i)));
  // the largest first: the last file to finish is a small one
  order.sort((a, b) => jobs[b]!.text.length - jobs[a]!.text.length || a - b);
  const lowered = await run.lowerAll(order);
  const observe = (i: number, l: Lowering) => {
    if ('summary' in l) scope.observe?.(i, l.summary);
  };
  for (const [i, l] of lowered) observe(i, l);
  const index = new ModuleIndex(jobs, aliases);
  const summaryOf = (i: number): FileSummary | undefined => {
    const l = lowered.get(i);
    return l && 'summary' in l ? l.summary : undefined;
  };
  const target = fileTargets(index, jobs);
  const linksInto = (summary: FileSummary | undefined, i: number, into: (i: number) => boolean): boolean =>
    !!summary && [...summary.toolRefs.map((r) => r.ref), ...summary.calls.map((c) => c.callee)].some((q) => {
      const t = target(i, q);
      return t !== undefined && into(t.file);
    });

  if (scope.callersOf && scope.check) {
    // a file that calls into the checked files or registers their functions as tools: the
    // files that register its own functions change what it passes on
    const linking = order.filter((i) => !scope.check!(i) && linksInto(summaryOf(i), i, scope.check!));
    const more = scope.callersOf(linking).filter((i) => !contextSkipped(settings, contextOf(i)));
    for (const [i, l] of await run.lowerAll(more)) {
      lowered.set(i, l);
      observe(i, l);
    }
  }

  // what each file's functions return, from the lowerings given no summaries (the ones so far)
  const returnsOf = new Map<number, Readonly<Record<string, ReturnSummary>>>();
  for (const i of lowered.keys()) {
    const r = summaryOf(i)?.returns;
    if (r) returnsOf.set(i, r);
  }
  const returnsFor = (i: number, uses: ResultUses | undefined) => {
    if (!uses) return { key: '' };
    const used = usedResults(uses, callsFunction(i, target, summaryOf));
    return importedReturnsFor(index, jobs, returnCallsOf(index, jobs, i, used), (f) => returnsOf.get(f));
  };
  // where call results go is worked out only in the files some call of which has a summary
  const summarized = [...lowered.keys()].filter((i) => {
    const s = summaryOf(i);
    return !!s && (callsSummarized(index, jobs, i, s.calls.map((c) => c.callee), (f) => returnsOf.get(f)) || importsProjectModule(index, jobs, i, s.imports ?? [], (f) => returnsOf.get(f)));
  });
  const usesOf = new Map<number, ResultUses | undefined>();
  await Promise.all(summarized.map(async (i) => usesOf.set(i, await run.uses(i))));

  // functions registered as tools by other modules, classes whose base in another module is a tool class and imported
  // dependency aliases: lower their own module once more with them
  const tools = new Map<number, Map<string, ToolMark>>();
  const aliasesAnywhere = [...lowered.keys()].some((i) => !!summaryOf(i)?.dependencyAliases);
  for (const i of lowered.keys()) {
    const marks = moduleMarks(index, jobs, i, summaryOf, aliasesAnywhere);
    if (marks) tools.set(i, marks);
  }
  jobs.forEach((_, i) => {
    for (const r of summaryOf(i)?.toolRefs ?? []) {
      const t = target(i, r.ref);
      if (!t || !summaryOf(t.file)?.functions.some((f) => f.name === t.member && !f.tool)) continue;
      let m = tools.get(t.file);
      if (!m) tools.set(t.file, (m = new Map()));
      if (!m.has(t.member)) m.set(t.member, { ...r.tool, via: `${r.tool.via} in ${jobs[i]!.rel}` });
    }
  });
  // and files whose calls use what other modules' functions return: with those
  const again = new Map<number, { marks?: Map<string, ToolMark>; returns?: ImportedReturns }>();
  for (const [i, marks] of tools) again.set(i, { marks });
  for (const i of summarized) {
    const { returns } = returnsFor(i, usesOf.get(i));
    if (returns) again.set(i, { ...again.get(i), returns });
  }
  const marked = [...again].sort(([a], [b]) => jobs[b]!.text.length - jobs[a]!.text.length || a - b);
  await Promise.all(
    marked.map(async ([i, { marks, returns }]) => {
      const l = await run.lower(i, marks, returns);
      lowered.set(i, l);
      observe(i, l);
    }),
  );

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
    const exercise = exercises(contextOf(i));
    list.forEach((o, n) => {
      let byFn = callers.get(o.file);
      if (!byFn) callers.set(o.file, (byFn = new Map()));
      const link = exercise ? { ...linked[n]!, exercise } : linked[n]!;
      const calls = byFn.get(o.id);
      if (calls) calls.push(link);
      else byFn.set(o.id, [link]);
    });
  }

  return Promise.all(
    jobs.map(async (_, i) => {
      if (scope.check && !scope.check(i)) return undefined;
      const l = lowered.get(i);
      if (!l) return { findings: [], context: contextOf(i) };
      if ('failed' in l) return { ...l.failed, context: contextOf(i) };
      const byFn = callers.get(i);
      return run.check(i, byFn && [...byFn], contextOf(i));
    }),
  );
}
