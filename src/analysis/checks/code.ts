/** code-execution: eval-like sinks on non-constant data, unsafe deserialization. */
import { sameValue } from '../flow.js';
import { constString, dictGet, skeleton, taintOf } from '../values.js';
import { calleeText, severityForTaint, taintPhrase, traceOf, unsanitized } from './common.js';
import type { Range, Value } from '../facts.js';
import type { Check, CheckContext, SinkHit } from './types.js';

/** RestrictedPython's compilers: what they return runs only with the restricted globals it is given. */
const RESTRICTED_COMPILE = /^RestrictedPython\.(?:compile_restricted|compile_restricted_exec|compile_restricted_eval|compile_restricted_single|compile_restricted_function)\(\)(?:\.code)?$/;

const RUNS_CODE = new Set(['exec', 'eval', 'builtins.exec', 'builtins.eval', 'types.FunctionType']);

function compileOnly(callee: string): boolean {
  return callee === 'compile' || callee === 'builtins.compile';
}

/** An exec/eval of the file runs this compile's result (`eval(compile(src, ...))`, `code = compile(...); exec(code)`) or the same source. */
function ranElsewhere(hit: SinkHit, ctx: CheckContext): boolean {
  const source = hit.value;
  // an opaque value says nothing about where it came from: two of them are not known to be the same code
  const origins = source?.taint?.length ? JSON.stringify(source.taint) : undefined;
  if (!source || !origins) return false;
  return ctx.facts.calls.some((c) => {
    if (!RUNS_CODE.has(c.callee) || c === hit.call) return false;
    const ran = c.args[0];
    if (!ran) return false;
    // a compile result carrying the same origins as this compile's source
    const compiled = ran.kind === 'unknown' && ran.ref !== undefined && compileOnly(ran.ref.replace(/\(\)$/, '')) && JSON.stringify(ran.taint ?? []) === origins;
    return compiled || sameValue(ran, source);
  });
}

/**
 * `new Function(src)` (JavaScript) as a statement of its own, its function dropped (`try { new Function(script) } catch`):
 * the constructor only compiles the text, a check for a syntax error; nothing runs.
 */
function functionDropped(ctx: CheckContext, hit: SinkHit): boolean {
  const c = hit.call;
  if (c.callee !== 'Function' && c.callee !== 'globalThis.Function') return false;
  if (ctx.facts.language !== 'javascript' && ctx.facts.language !== 'typescript') return false;
  const r = c.range;
  const before = ctx.text({ line: r.line, column: 1, endLine: r.line, endColumn: r.column });
  const after = ctx.text({ line: r.endLine, column: r.endColumn, endLine: r.endLine, endColumn: Number.MAX_SAFE_INTEGER });
  return /^\s*(?:(?:try|else)\s*\{\s*)?$/.test(before) && /^\s*;?\s*(?:\}\s*)?(?:\/\/.*)?$/.test(after);
}

/** Playwright's and Puppeteer's page, frame and element methods that run the function they are given in the browser page. */
const PAGE_FUNCTION_METHODS = new Set(['evaluate', 'evaluateHandle', '$eval', '$$eval', 'evaluateAll', 'waitForFunction', 'addInitScript', 'evaluateOnNewDocument']);

/**
 * The page method (`page.evaluate`) whose function argument the call is in: the call's function is a function literal
 * written inside that call's arguments (JavaScript and TypeScript).
 */
function pageFunctionCall(ctx: CheckContext, hit: SinkHit): string | undefined {
  if (ctx.facts.language !== 'javascript' && ctx.facts.language !== 'typescript') return undefined;
  const fn = hit.call.enclosingFunction ? ctx.facts.functions.find((f) => f.id === hit.call.enclosingFunction) : undefined;
  if (!fn) return undefined;
  const inside = (outer: Range, inner: Range) =>
    (inner.line > outer.line || (inner.line === outer.line && inner.column >= outer.column)) && (inner.endLine < outer.endLine || (inner.endLine === outer.endLine && inner.endColumn <= outer.endColumn));
  const call = ctx.facts.calls.find((c) => c !== hit.call && PAGE_FUNCTION_METHODS.has(c.method ?? '') && inside(c.range, fn.range) && !inside(c.calleeRange, fn.range));
  return call ? calleeText(ctx, call) : undefined;
}

export const codeDynamic: Check = {
  kind: 'sink',
  judge(hit, ctx) {
    const v = hit.value;
    if (!v || v.kind === 'const') return undefined;
    // timers and similar take functions too: only strings execute code
    // (a parameter is not known to be a string: `new Promise((resolve) => setTimeout(resolve, ms))`)
    if (hit.sink.with?.stringOnly && v.kind !== 'template' && !ctx.untrusted(v).length) return undefined;
    if (v.kind === 'unknown' && v.functionId) return undefined;
    // `compile(src, name, "exec")` only checked for a SyntaxError runs nothing: code runs when exec/eval gets it
    if (compileOnly(hit.call.callee) && !ctx.facts.calls.some((c) => RUNS_CODE.has(c.callee))) return undefined;
    // (so does `new Function(src)` whose function is dropped)
    if (functionDropped(ctx, hit)) return undefined;
    // the exec/eval that runs what `compile` made, or the same source, is reported there: once is enough
    if (compileOnly(hit.call.callee) && ranElsewhere(hit, ctx)) return undefined;
    // code RestrictedPython compiled (`exec(compile_restricted(src, ...), restricted_globals)`): it runs in that library's
    // restricted sandbox, which a reviewer judges as one: low, whoever wrote the code
    if (v.kind === 'unknown' && v.ref !== undefined && RESTRICTED_COMPILE.test(v.ref)) {
      return {
        message: `\`${calleeText(ctx, hit.call)}\` runs code RestrictedPython compiled (\`${v.ref.replace(/^RestrictedPython\./, '').replace(/\(\)$/, '')}\`), in its restricted sandbox: graded low; its guards have been escaped before, so keep the globals it is given minimal, or run untrusted code in a separate process or container.`,
        severity: 'low',
      };
    }
    // code made only of the program's own constants (`exec(SNIPPETS[name])` with constant names) is not data
    if (!ctx.untrusted(v).length && ctx.fixed(v)) return undefined;
    if (v.kind === 'list' || v.kind === 'dict') return undefined;
    // (past a whole match of digits and operators, `^[0-9+\-*/(). ]+$`, the text names nothing: it only computes)
    const taints = unsanitized(ctx, v, ['arithmetic']);
    const callee = calleeText(ctx, hit.call);
    // (also with no untrusted origin in sight: a parameter checked so, in a tool the analysis does not know)
    const untrusted = ctx.untrusted(v);
    const arithmetic = untrusted.filter((t) => t.origin.sanitized?.includes('arithmetic'));
    const origins = untrusted.length ? [] : taintOf(v);
    const checked = origins.length > 0 && origins.every((o) => o.sanitized?.includes('arithmetic'));
    if (!taints.length && (arithmetic.length || checked)) {
      return {
        message: `\`${callee}\` evaluates ${arithmetic.length ? taintPhrase(arithmetic) : 'a value'} checked to hold only digits, operators and parentheses (a calculator): no name can be reached, so it is graded low; a small parser is still safer (\`9**9**9\` takes the process's time).`,
        severity: 'low',
      };
    }
    const what = taints.length ? taintPhrase(taints) : skeleton(v) ? 'code built from dynamic parts' : 'a dynamic value';
    // inside a function a browser page runs (`page.evaluate((script) => { eval(script) }, scriptContent)`): the code runs
    // in the page, with what the page can do, not in the program
    const inPage = pageFunctionCall(ctx, hit);
    if (inPage) {
      return {
        message: `\`${callee}\` executes ${what} as code inside a function that \`${inPage}\` runs in the browser page: it runs with the page's rights, not the program's, so it is graded ${taints.length ? 'medium' : 'low'}; never evaluate data there either.`,
        severity: taints.length ? 'medium' : 'low',
        trace: traceOf(taints, ctx, hit.call, `reaches \`${callee}\``),
      };
    }
    return {
      message: `\`${callee}\` executes ${what} as code; never evaluate data, parse it (JSON, ast.literal_eval) or dispatch to fixed functions.`,
      severity: severityForTaint(taints, ctx.rule.severity),
      trace: traceOf(taints, ctx, hit.call, `reaches \`${callee}\``),
    };
  },
};

/** Loaders whose safe mode is selected by an argument: yaml.load(Loader=SafeLoader), torch.load(weights_only=True). */
/**
 * The name written for a keyword argument when the value lost it (`Loader=SafeLoader` where
 * `SafeLoader` is imported in a try/except as `yaml.CSafeLoader` or `yaml.SafeLoader`): every
 * import bound to that name, by its imported name.
 */
function importedAs(ctx: CheckContext, hit: SinkHit, keyword: string): string[] {
  const m = new RegExp(`\\b${keyword}\\s*=\\s*([A-Za-z_][\\w.]*)`).exec(ctx.text(hit.call.range));
  if (!m) return [];
  return ctx.facts.imports.filter((i) => i.alias === m[1]).map((i) => (i.name ? `${i.module}.${i.name}` : i.module));
}

/** `values`: the loader names to look for instead of the rule's safe ones (the rule's `lowValues`; then a class derived from one does not count: it may add constructors) */
function safeByArgument(hit: SinkHit, ctx: CheckContext, values?: string): boolean {
  const w = hit.sink.with ?? {};
  if (typeof w.safeKeyword === 'string') {
    const v = hit.call.kwargs[w.safeKeyword] ?? (typeof w.safeIndex === 'number' ? hit.call.args[w.safeIndex] : undefined);
    const opt = v ?? dictGet(hit.call.args[typeof w.optionsIndex === 'number' ? w.optionsIndex : -1], w.safeKeyword);
    if (!opt) return false;
    const named = values ?? w.safeValues;
    if (typeof named === 'string') {
      const safe = (name: string) => named.split(',').some((s) => name === s || name.endsWith('.' + s)) || (!values && ownSafeLoader(name));
      // a loader class of the file's own that derives from a safe one (`class SecretLoader(yaml.SafeLoader)`)
      if (opt.kind === 'unknown' && opt.bases?.length) return !values && opt.bases.some(safe);
      const name = opt.kind === 'unknown' ? opt.ref : constString(opt);
      if (!name) {
        const bound = opt.kind === 'unknown' && !opt.taint?.length ? importedAs(ctx, hit, w.safeKeyword) : [];
        return bound.length > 0 && bound.every(safe);
      }
      return safe(name);
    }
    return opt.kind === 'const' && opt.value === true;
  }
  return false;
}

/**
 * A loader class of the project's own, imported from another of its modules, whose name says it is a safe
 * loader (`YAMLNoDateSafeLoader`, defined there as `class YAMLNoDateSafeLoader(yaml.SafeLoader)`): trusted by
 * its name, as a sanitizer's is (the class is not seen from here; in its own file its bases are).
 */
function ownSafeLoader(name: string): boolean {
  const last = name.slice(name.lastIndexOf('.') + 1);
  return /^[A-Za-z0-9_]+SafeLoader$/.test(last) && !name.startsWith('yaml.') && !name.startsWith('ruamel.');
}

/** Loaders handed a file or a path (not bytes): what they load is a file on disk. */
const LOADS_A_FILE = new Set(['pickle.load', 'cPickle.load', '_pickle.load', 'dill.load', 'marshal.load', 'joblib.load', 'pandas.read_pickle', 'torch.load', 'shelve.open']);

/** A file the program opened by a path (`with open(path, "rb") as f`), or a path itself (`torch.load(path)`). */
function fileOnDisk(v: Value | undefined): boolean {
  if (!v) return false;
  if (v.kind === 'const') return typeof v.value === 'string';
  if (v.kind === 'template') return true;
  // (not bytes in memory: `io.BytesIO(response.content)` or a stream read from a socket says nothing of a file)
  if (v.kind !== 'unknown') return false;
  if (v.ref) return /(?:^|\.)(?:open|Path|join|abspath|realpath|resolve|\w*_?path|\w*_?file(?:name)?)\(\)$/i.test(v.ref) && !/BytesIO|StringIO|socket|recv|request|response|download|fetch|urlopen/i.test(v.ref);
  // a parameter named for a path (`model_checkpoint_path`, `cache_file`): what its callers pass is judged through it
  return !!v.taint?.length && v.taint.every((t) => t.kind === 'param' && PATH_NAME.test(t.name));
}

const PATH_NAME = /(?:^|_)(?:path|file|filename|filepath|checkpoint|ckpt)$/i;

/**
 * A parameter by which a caller opts in to loading a file it trusts in a format that runs code: LangChain's
 * `allow_dangerous_deserialization`, whose documentation tells the caller to pass it only for files it wrote. (Not
 * smolagents' `allow_pickle`, which accepts what a remote sandbox running model-written code sends back.)
 */
const OPT_IN_PARAM = /^allow_dangerous_\w+$/;

/**
 * The name of the opt-in parameter of the function around the call, or of its class's constructor (LangChain's vector
 * stores raise unless `allow_dangerous_deserialization=True` is passed, and load pickles only then).
 */
function optInParameter(ctx: CheckContext, hit: SinkHit): string | undefined {
  const id = hit.call.enclosingFunction;
  if (!id) return undefined;
  const fn = ctx.facts.functions.find((f) => f.id === id);
  const own = fn?.params.find((p) => OPT_IN_PARAM.test(p));
  if (own || !fn) return own;
  const dot = fn.name.lastIndexOf('.');
  if (dot < 0) return undefined;
  const init = ctx.facts.functions.find((f) => f.name === `${fn.name.slice(0, dot)}.__init__`);
  return init?.params.find((p) => OPT_IN_PARAM.test(p));
}

/** pickle's unpickler classes: a subclass may restrict what they load by overriding `find_class`. */
const UNPICKLER = new Set(['pickle.Unpickler', 'cPickle.Unpickler', '_pickle.Unpickler']);

/**
 * The class whose constructor hands the unpickler its data (`super().__init__(io.BytesIO(data))`) when that class
 * overrides `find_class`: the restricted unpickler of Python's documentation ("Restricting Globals"), which resolves
 * only the classes its `find_class` allows.
 */
function restrictedUnpickler(ctx: CheckContext, hit: SinkHit): string | undefined {
  if (!UNPICKLER.has(hit.call.callee) || !hit.call.enclosingFunction) return undefined;
  const fn = ctx.facts.functions.find((f) => f.id === hit.call.enclosingFunction);
  const cls = fn && /^(.+)\.__init__$/.exec(fn.name)?.[1];
  return cls && ctx.facts.functions.some((f) => f.name === `${cls}.find_class`) ? cls : undefined;
}

export const deserialize: Check = {
  kind: 'sink',
  judge(hit, ctx) {
    if (safeByArgument(hit, ctx)) return undefined;
    const restricted = restrictedUnpickler(ctx, hit);
    if (restricted) {
      return {
        message: `\`${restricted}\` unpickles through its own \`find_class\`, which decides which classes the data may name; graded low: review that it allows only plain data classes, never callables such as \`os.system\` or \`builtins.eval\`.`,
        severity: 'low',
      };
    }
    const v = hit.value;
    const taints = unsanitized(ctx, v, []);
    const callee = calleeText(ctx, hit.call);
    // loaded only after the caller said so by name (`allow_dangerous_deserialization=True`): a documented choice
    const optIn = taints.length ? undefined : optInParameter(ctx, hit);
    if (optIn) {
      return {
        message: `\`${callee}\` deserializes data with a format that can run code while loading, in code its caller must opt in to with \`${optIn}\`; no tool parameter, model output or request input reaches it, so it is graded low; opt in only for data you wrote.`,
        severity: 'low',
      };
    }
    // a loader the rule grades low (PyYAML's FullLoader: it has built no arbitrary objects since 5.4, CVE-2020-14343, but
    // older releases do and it still resolves Python names): worth a safe loader for data from outside, low for the program's own files
    const low = hit.sink.with?.lowValues;
    if (typeof low === 'string' && safeByArgument(hit, ctx, low)) {
      return {
        message: `\`${callee}\` uses FullLoader${taints.length ? ` on ${taintPhrase(taints)}` : ''}: it runs no code on PyYAML 5.4 or later (older releases do, CVE-2020-14343) but still resolves Python names; require pyyaml>=5.4 and use \`yaml.safe_load\` for data the program did not write.`,
        severity: taints.length ? 'medium' : 'low',
        ...(taints.length ? { trace: traceOf(taints, ctx, hit.call, `reaches \`${callee}\``) } : {}),
      };
    }
    // `torch.load` without `weights_only`: PyTorch 2.6 and later load weights only by default (no unpickling of
    // arbitrary objects); only `weights_only=False`, or a release before 2.6, unpickles
    if (!taints.length && hit.call.callee === 'torch.load' && !('weights_only' in hit.call.kwargs)) {
      return {
        message: `\`${callee}\` leaves \`weights_only\` to its default, which loads tensors and plain containers only since PyTorch 2.6 (earlier releases unpickle anything); no tool parameter, model output or request input chooses the file, so it is graded low; pass \`weights_only=True\` to be safe on every release.`,
        severity: 'low',
      };
    }
    // a file the program names itself (its own cache, checkpoint or saved state): no tool parameter, model output or
    // request input chooses it, so what it holds is what the program (or whoever can write there) put in it
    if (!taints.length && LOADS_A_FILE.has(hit.call.callee) && fileOnDisk(v)) {
      return {
        message: `\`${callee}\` loads a file the program names itself with a format that can run code while loading; no tool parameter, model output or request input chooses the file, so it is graded low; make sure only the program can write it, or use a data-only format.`,
        severity: 'low',
      };
    }
    return {
      message: `\`${callee}\` deserializes ${taints.length ? taintPhrase(taints) : 'data'} with a format that can run code while loading; use JSON or a safe loader.`,
      severity: severityForTaint(taints, ctx.rule.severity),
      trace: traceOf(taints, ctx, hit.call, `reaches \`${callee}\``),
    };
  },
};
