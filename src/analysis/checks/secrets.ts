/** hardcoded-secret: credentials written into source. */
import { ascendingRun, classifySecretAssignment, findSecrets, isProviderKeyFormat } from '../../policy/secrets.js';
import type { Check, Verdict } from './types.js';

/** Names of strings that hold documentation, not configuration. */
const DOC_NAME = /^(?:examples?|documentation|docs?|return|usage|help|readme|samples?|__doc__)$/i;

export const secret: Check = {
  kind: 'file',
  run(ctx) {
    const out: Verdict[] = [];
    for (const s of ctx.facts.strings) {
      // module documentation (Ansible's DOCUMENTATION/EXAMPLES, usage texts) shows sample values
      if (s.name && DOC_NAME.test(s.name)) continue;
      const match = (s.name ? classifySecretAssignment(s.name, s.value) : undefined) ?? findSecrets(s.value)[0];
      if (!match) continue;
      // documentation samples (`xoxb-1234-56789abcdefghijklmnop`) are not leaks; the kernel still redacts them
      if (ascendingRun(s.value.slice(match.start, match.end), 8)) continue;
      const what = match.kind.replace(/-/g, ' ');
      out.push({
        message: `${s.name ? `\`${s.name}\` holds` : 'String holds'} a hard-coded credential (${what}); load it from the environment or a secret manager, and rotate it.`,
        range: s.range,
        ...(isProviderKeyFormat(match.kind) ? { keepInEveryContext: true } : {}),
      });
    }
    return out;
  },
};
