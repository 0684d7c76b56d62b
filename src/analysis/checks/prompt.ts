/** prompt-injection: untrusted text in the channel a model takes as its instructions. */
import type { Severity } from '../../policy/types.js';
import { nameWords } from '../../policy/words.js';
import { calleeText, taintPhrase, traceOf, unsanitized } from './common.js';
import type { Check, ResolvedTaint } from './types.js';

/**
 * Text an outsider writes (a web request, a fetched page, a retrieved document) is graded above
 * text the model or the agent's own tools produced, which an injection has to reach first.
 */
function severityBySource(taints: ResolvedTaint[]): Severity {
  return taints.some((t) => t.origin.kind === 'request-input' || t.origin.kind === 'content') ? 'high' : 'medium';
}

/**
 * A function that turns a provider's wire format into message objects (`_convert_dict_to_message`,
 * `_convert_delta_to_message_chunk`, `message_from_dict`): it maps a `role` it was handed to a message class, a
 * system message for `"system"`; it builds no prompt, and what it converts (an API's answer, a stored history) is
 * judged where a prompt is built from it.
 */
function messageConverter(name: string): boolean {
  // the words of the name, whatever its convention (`_convert_dict_to_message`, `convertToOpenAIMessages`)
  const words = nameWords(name);
  const last = words[words.length - 1];
  const endsWithMessage = last === 'message' || last === 'messages' || last === 'msg' || (last === 'chunk' && /^(?:message|msg)$/.test(words[words.length - 2] ?? ''));
  // `convert…message`, `parse…message`, `to_message`, `dict_to_message`; `message_from_dict`
  if (endsWithMessage && (words[0] === 'convert' || words[0] === 'parse' || words[0] === 'to' || words.includes('to'))) return true;
  return (words[0] === 'message' || words[0] === 'messages') && words[1] === 'from' && words.length === 3;
}

export const promptInstructions: Check = {
  kind: 'sink',
  content: true,
  judge(hit, ctx) {
    const v = hit.value;
    if (!v || v.kind === 'const') return undefined;
    // an options object that is not a literal (`generateText(opts)`) says nothing about its system prompt
    if (hit.sink.with?.options && !hit.argLabel.includes('property')) return undefined;
    // instructions given as a function (computed per run) are judged where that function builds them
    if (v.kind === 'unknown' && v.functionId) return undefined;
    // (text of a message checked to be a system message already: `if (message._getType() === 'system') return new
    // SystemMessage({ content: strip(message.content) })` moves nothing into the instructions)
    const taints = unsanitized(ctx, v, ['system-role']);
    if (!taints.length) return undefined;
    const fn = hit.call.enclosingFunction?.replace(/@\d+$/, '').split('.').pop();
    if (fn && messageConverter(fn)) return undefined;
    const callee = calleeText(ctx, hit.call);
    const channel = typeof hit.sink.with?.channel === 'string' ? hit.sink.with.channel : 'instructions';
    return {
      message:
        `${taintPhrase(taints)} is placed in the ${channel} (${hit.argLabel} of \`${callee}\`), which the model obeys; ` +
        'keep instructions constant and pass untrusted text in a user message, marked as data.',
      severity: severityBySource(taints),
      trace: traceOf(taints, ctx, hit.call, `becomes ${channel} of \`${callee}\``),
    };
  },
};
