/**
 * `agentos check --shard i/n`: one of n machines checks its share of the files, and
 * `agentos merge` joins the n reports into the one an unsharded run writes.
 *
 * Assignment (`assignShards`): a pure function of the list of (path, size) every shard
 * computes from the same checkout, so all machines agree without talking to each other. Files
 * are taken by size, the largest first (ties: by a hash of the path, then the path), and each
 * goes to the shard with the least source so far (ties: the lowest shard number): the longest
 * file first, greedy, which keeps the shards within one file of each other. Files that are
 * not analyzed (unreadable, binary, too large) cost nothing and go by path hash.
 *
 * Findings stay those of an unsharded run. A file's findings depend on other files in three
 * ways only (project.ts): a module that registers one of its functions as a tool, a module
 * that calls one of its functions (whose own tool marks come from the modules that register
 * its functions), and a module whose function it or such a caller calls, through what that
 * function returns. So a shard lowers its own files and the files that may refer to
 * one of them; of those, the ones that do call into the shard or register its functions
 * (known once they are lowered) bring in the files that may refer to them in turn; and it
 * checks only its own files. It also lowers the files all those may call, for what their
 * functions return (returns.ts). "May refer" is decided on the import statements, conservatively
 * (`importSpecs`): each import is resolved with the project pass's own module index, built
 * from the whole file list as in an unsharded run.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { FileJob } from './analyze.js';
import { ModuleIndex, type PathAliases, type ShardScope } from './project.js';

export interface Shard {
  /** 1-based */
  index: number;
  count: number;
}

/** `i/n` with 1 ≤ i ≤ n; undefined when the text is not one. */
export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index >= 1 && index <= count && count <= 10_000 ? { index, count } : undefined;
}

/** A stable 32-bit hash of a path (the same on every machine and Node version). */
export function pathHash(rel: string): number {
  return createHash('sha256').update(rel).digest().readUInt32BE(0);
}

/** A digest of the files of a run: their paths and sizes, and the paths of those not analyzed. */
export function inputsDigest(jobs: readonly FileJob[], notAnalyzed: readonly { file: string }[]): string {
  const h = createHash('sha256');
  for (const j of jobs) h.update(`${j.rel}\0${Buffer.byteLength(j.text)}\n`);
  for (const file of notAnalyzed.map((e) => e.file).sort()) h.update(`${file}\n`);
  return h.digest('hex').slice(0, 32);
}

/** The shard (0-based) of a file that is not analyzed. */
export function shardOfPath(rel: string, count: number): number {
  return pathHash(rel) % count;
}

/** The shard (0-based) of each file, by the size-balanced greedy assignment described above. */
export function assignShards(files: readonly { rel: string; size: number }[], count: number): number[] {
  const hashes = files.map((f) => pathHash(f.rel));
  const order = files.map((_, i) => i);
  order.sort((a, b) => files[b]!.size - files[a]!.size || hashes[a]! - hashes[b]! || (files[a]!.rel < files[b]!.rel ? -1 : files[a]!.rel > files[b]!.rel ? 1 : 0));
  const load = new Array<number>(count).fill(0);
  const out = new Array<number>(files.length);
  for (const i of order) {
    let best = 0;
    for (let s = 1; s < count; s++) if (load[s]! < load[best]!) best = s;
    out[i] = best;
    // an empty file still costs a parse
    load[best]! += Math.max(files[i]!.size, 1);
  }
  return out;
}

const PY_IMPORT = /^[ \t]*(?:from[ \t]+(\S+)[ \t]+)?import[ \t]+(\([^)]*\)|[^\n]*(?:\\\r?\n[^\n]*)*)/gm;
/** A top-level class with bases: `class HttpGet(HttpBaseTool):` (the bases, up to the closing parenthesis). */
const PY_CLASS = /^class[ \t]+[A-Za-z_]\w*[ \t]*\(([^)]*)\)/gm;
/**
 * A parameter's annotation (`home: ProjectHomeDep,`, `theme: Optional[Theme] =`, `kind: Kind | None)`), or anything
 * that reads like one: a name, with a subscript of one level of nesting, or a union of such.
 */
const PY_ANNOTATION = /\b[A-Za-z_]\w*[ \t]*:[ \t]*([A-Za-z_][\w.]*(?:\[(?:[^[\]\n]|\[[^[\]\n]*\])*\])?(?:[ \t]*\|[ \t]*[A-Za-z_][\w.]*(?:\[(?:[^[\]\n]|\[[^[\]\n]*\])*\])?)*)[ \t]*[,)=]/g;
const JS_SPECIFIER = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|\bimport\s+)(['"`])([^'"`\n]*)\1/g;

/**
 * The module names a file's imports can make its facts refer to. Facts name another module of
 * the project only through an import: Python `from M import a` (M.a, a module; M, when it
 * defines a function `a`: only functions are linked), `import a.b.c`
 * (anything under `a`: `a.x.f()` is a call into `a.x`), `import a.b as c` (anything under
 * `a.b`); JavaScript `import`/`export ... from`/`require`/`import()` specifiers.
 */
export function importSpecs(job: FileJob): { exact: string[]; under: string[]; from: { module: string; names: string[] }[] } {
  const exact: string[] = [];
  const under: string[] = [];
  const from: { module: string; names: string[] }[] = [];
  if (job.language === 'python') {
    for (const m of job.text.matchAll(PY_IMPORT)) {
      const names = m[2]!.replace(/[()\\]/g, ' ').split(',').map((n) => n.trim().split(/\s+/));
      if (m[1]) {
        const imported = names.map(([name]) => name ?? '').filter(Boolean);
        from.push({ module: m[1], names: imported });
        for (const name of imported) if (name !== '*') exact.push(`${m[1]}${m[1].endsWith('.') ? '' : '.'}${name}`);
        continue;
      }
      for (const parts of names) {
        const name = parts[0];
        if (!name) continue;
        const as = parts[1] === 'as';
        under.push(as ? name : name.split('.')[0]!);
        exact.push(name);
      }
    }
  } else {
    for (const m of job.text.matchAll(JS_SPECIFIER)) exact.push(m[2]!);
  }
  return { exact, under, from };
}

const linkable = (job: FileJob) => job.language === 'python' || job.language === 'javascript' || job.language === 'typescript';

/** Which files shard `shard` lowers and which it checks, of `jobs` (the whole run's files, in the run's order). */
export function shardScope(jobs: readonly FileJob[], shard: Shard, aliases: PathAliases): Required<Omit<ShardScope, 'observe'>> & { own: (i: number) => boolean } {
  const assigned = assignShards(
    jobs.map((j) => ({ rel: j.rel, size: Buffer.byteLength(j.text) })),
    shard.count,
  );
  const own = (i: number) => assigned[i] === shard.index - 1;
  const index = new ModuleIndex(jobs, aliases);
  const aliasPrefixes = aliases.map((a) => (a.pattern.includes('*') ? a.pattern.slice(0, a.pattern.indexOf('*')) : a.pattern));
  const dotted = jobs.map((j) => (j.language === 'python' ? `.${j.rel.replace(/\.pyi?$/, '').split('/').join('.')}.` : ''));
  const relative = jobs.map((j) => j.rel);
  /** Every file file `i` may refer to; undefined: any file */
  const defs = new Map<number, Set<string>>();
  /** names a Python file defines with `def` (anywhere: a superset of its top-level functions) */
  const definedIn = (i: number) => {
    let d = defs.get(i);
    if (!d) defs.set(i, (d = new Set([...jobs[i]!.text.matchAll(/\bdef\s+([A-Za-z_]\w*)/g)].map((m) => m[1]!))));
    return d;
  };
  const memo = new Map<number, Set<number> | undefined>();
  const targetsOf = (i: number): Set<number> | undefined => {
    if (!memo.has(i)) memo.set(i, resolveTargets(i));
    return memo.get(i);
  };
  const resolveTargets = (i: number): Set<number> | undefined => {
    const job = jobs[i]!;
    const { exact, under, from } = importSpecs(job);
    const out = new Set<number>();
    // `from M import a, b`: a call into M itself needs `a` or `b` to be one of its functions
    for (const f of from) {
      const t = index.resolve(job.rel, job.language, f.module);
      if (t !== undefined && f.names.some((n) => n === '*' || definedIn(t).has(n))) out.add(t);
    }
    for (const spec of exact) {
      const t = index.resolve(job.rel, job.language, spec);
      if (t !== undefined) out.add(t);
      if (job.language === 'python') continue;
      // a namespace import: `ns.sub.f()` is read as module `./lib.sub`, which names `lib.sub.ts`
      if (aliasPrefixes.some((p) => spec.startsWith(p))) return undefined;
      if (spec.startsWith('.')) {
        const base = `${path.posix.normalize(path.posix.join(path.posix.dirname(job.rel), spec))}.`;
        relative.forEach((r, k) => r.startsWith(base) && out.add(k));
      }
    }
    for (const prefix of under) dotted.forEach((d, k) => d.includes(`.${prefix}.`) && out.add(k));
    return out;
  };

  /**
   * The files the bases of a Python file's top-level classes may come from: for `class HttpGet(HttpBaseTool)` or
   * `class X(base.HttpBaseTool)`, the module of `from M import HttpBaseTool` or of `import ... base`, and `M.HttpBaseTool`;
   * the same for the names its parameters are annotated with (`home: ProjectHomeDep`).
   */
  const chainedFiles = (i: number): number[] => {
    const job = jobs[i]!;
    if (job.language !== 'python') return [];
    // a package's `__init__.py` re-exports what it imports: every module it imports from
    const facade = /(?:^|\/)__init__\.pyi?$/.test(job.rel);
    const names = new Set<string>();
    for (const m of job.text.matchAll(PY_CLASS)) for (const b of m[1]!.split(',')) {
      const name = /^\s*([A-Za-z_]\w*)/.exec(b)?.[1];
      if (name && !b.includes('=')) names.add(name);
    }
    // (and the names in parameters' annotations: a dependency alias or an Enum class another module defines)
    for (const m of job.text.matchAll(PY_ANNOTATION)) for (const n of m[1]!.matchAll(/[A-Za-z_]\w*/g)) names.add(n[0]);
    if (!names.size && !facade) return [];
    const out: number[] = [];
    const add = (spec: string) => {
      const t = index.resolve(job.rel, job.language, spec);
      if (t !== undefined && t !== i) out.push(t);
    };
    const { from, exact } = importSpecs(job);
    for (const f of from) {
      for (const n of f.names) {
        if (n !== '*' && !names.has(n) && !facade) continue;
        add(f.module);
        if (n !== '*') add(`${f.module}${f.module.endsWith('.') ? '' : '.'}${n}`);
      }
    }
    for (const spec of exact) if (facade || names.has(spec.split('.').pop()!) || names.has(spec.split('.')[0]!)) add(spec);
    return out;
  };

  /** The files outside `known` that may refer to a file of `targets`. */
  const referringTo = (targets: readonly number[], known: ReadonlySet<number>): number[] => {
    const wanted = new Set(targets.filter((t) => linkable(jobs[t]!)));
    if (!wanted.size) return [];
    const out: number[] = [];
    jobs.forEach((job, i) => {
      if (known.has(i) || !linkable(job)) return;
      const t = targetsOf(i);
      if (!t || [...t].some((k) => wanted.has(k))) out.push(i);
    });
    return out;
  };

  const mine = jobs.map((_, i) => i).filter(own);
  const known = new Set(mine);
  for (const i of referringTo(mine, known)) known.add(i);
  // the files those may call: what their functions return is part of the callers' facts (returns.ts)
  const called = new Set<number>();
  let anyFile = false;
  for (const i of known) {
    const t = linkable(jobs[i]!) ? targetsOf(i) : new Set<number>();
    if (!t) anyFile = true;
    else for (const k of t) called.add(k);
  }
  // and the files a called Python module may call in turn: a function there that returns what one of theirs gives
  // forwards to it (returns.ts `forwardSummary`, one hop more)
  for (const k of [...called]) {
    if (jobs[k]!.language !== 'python' || !linkable(jobs[k]!)) continue;
    const t = targetsOf(k);
    if (!t) anyFile = true;
    else for (const m of t) called.add(m);
  }
  // and the modules the bases of their Python classes come from, however far (a tool class there makes a class of
  // theirs a tool), and what a package's `__init__.py` among them re-exports (a base, a dependency alias): project.ts
  // `moduleMarks`
  const pending = [...known, ...called];
  const seen = new Set(pending);
  while (pending.length) {
    const i = pending.pop()!;
    for (const t of chainedFiles(i)) {
      called.add(t);
      if (!seen.has(t)) (seen.add(t), pending.push(t));
    }
  }
  return {
    own,
    check: own,
    lower: (i) => known.has(i) || called.has(i) || (anyFile && linkable(jobs[i]!)),
    // the modules that register tools of a caller: only for the callers that do call into the shard
    callersOf: (files) => referringTo(files, known),
  };
}
