/**
 * code-dynamic-import: code chosen by name from untrusted data (`importlib.import_module(name)`,
 * `__import__(name)`, `getattr(subprocess, name)`, `require(name)`, `import(name)`) or handed to
 * a worker as source (`new Worker(code, { eval: true })`). Names the program picks itself are
 * ordinary plugin loading and are not reported: only untrusted origins are.
 */
import { dictGet } from '../values.js';
import { calleeText, notAllowlisted, severityForTaint, taintPhrase, traceOf } from './common.js';
import type { Check } from './types.js';

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
    const what = w.evalOption ? 'runs code' : 'loads code by a name';
    return {
      message: `\`${callee}\` ${what} taken from ${taintPhrase(taints)}; map the input to a fixed table of modules or functions instead.`,
      severity: severityForTaint(taints, ctx.rule.severity),
      trace: traceOf(taints, ctx, hit.call, `reaches \`${callee}\``),
    };
  },
};
