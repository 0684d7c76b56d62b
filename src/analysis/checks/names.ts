/**
 * code-dynamic-import: code chosen by name from untrusted data (`importlib.import_module(name)`,
 * `__import__(name)`, `getattr(subprocess, name)`, `require(name)`, `import(name)`) or handed to
 * a worker as source (`new Worker(code, { eval: true })`). Names the program picks itself are
 * ordinary plugin loading and are not reported: only untrusted origins are.
 */
import type { Value } from '../facts.js';
import { dictGet } from '../values.js';
import { calleeText, notAllowlisted, severityForTaint, taintPhrase, traceOf } from './common.js';
import type { Check } from './types.js';

const PYTHON_IMPORT = /^(?:importlib\.import_module|__import__)$/;

/** The package a module name built as `"pkg.sub." + name` stays in (`tools` of `f"tools.{name}"`); absolute names only. */
function fixedPackage(v: Value | undefined): string | undefined {
  if (v?.kind !== 'template') return undefined;
  const head = v.parts[0];
  if (typeof head !== 'string') return undefined;
  const m = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.$/.exec(head);
  return m ? m[1] : undefined;
}

export const untrustedName: Check = {
  kind: 'sink',
  judge(hit, ctx) {
    const w = hit.sink.with ?? {};
    // `getattr(obj, name)` picks code only from a module or a named object, not from plain data
    if (w.namedReceiver && !(hit.call.args[0]?.kind === 'unknown' && hit.call.args[0].ref)) return undefined;
    if (typeof w.evalOption === 'string') {
      const opt = dictGet(hit.call.args[1], w.evalOption);
      if (!(opt?.kind === 'const' && opt.value === true)) return undefined;
    }
    // a name checked for membership in the program's own collection (`if name in HANDLERS`) picks one of its own
    const taints = notAllowlisted(ctx, hit.value);
    if (!taints.length) return undefined;
    const callee = calleeText(ctx, hit.call);
    // a module under a fixed package (`importlib.import_module(f"tools.{name}")`): a Python module name cannot climb
    // out of its package, so the choice is among the project's own modules there, not any code on the path
    const pkg = PYTHON_IMPORT.test(callee) ? fixedPackage(hit.value) : undefined;
    if (pkg !== undefined) {
      return {
        message: `\`${callee}\` loads a module of the package \`${pkg}\` by a name taken from ${taintPhrase(taints)}: only that package's modules can be loaded; map the input to a fixed table of them if some must not be.`,
        severity: 'low',
        trace: traceOf(taints, ctx, hit.call, `reaches \`${callee}\``),
      };
    }
    const what = w.evalOption ? 'runs code' : 'loads code by a name';
    return {
      message: `\`${callee}\` ${what} taken from ${taintPhrase(taints)}; map the input to a fixed table of modules or functions instead.`,
      severity: severityForTaint(taints, ctx.rule.severity),
      trace: traceOf(taints, ctx, hit.call, `reaches \`${callee}\``),
    };
  },
};
