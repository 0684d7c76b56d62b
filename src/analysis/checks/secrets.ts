/** hardcoded-secret: credentials written into source. */
import { classifySecretAssignment, findSecrets } from '../../policy/secrets.js';
import type { Check, Verdict } from './types.js';

export const secret: Check = {
  kind: 'file',
  run(ctx) {
    const out: Verdict[] = [];
    for (const s of ctx.facts.strings) {
      const match = (s.name ? classifySecretAssignment(s.name, s.value) : undefined) ?? findSecrets(s.value)[0];
      if (!match) continue;
      const what = match.kind.replace(/-/g, ' ');
      out.push({
        message: `${s.name ? `\`${s.name}\` holds` : 'String holds'} a hard-coded credential (${what}); load it from the environment or a secret manager, and rotate it.`,
        range: s.range,
      });
    }
    return out;
  },
};
