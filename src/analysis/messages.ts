/**
 * Chat messages as values: the entries of a message list that speak with a given role.
 * The list forms the SDKs take: `{ role: "system", content }` (OpenAI, Anthropic, Vercel AI,
 * LangChain dicts) and `("system", text)` / `["system", text]` pairs (LangChain prompt templates).
 */
import type { Value } from './facts.js';
import { constString } from './values.js';

/** The role and content of one message entry, when the entry has a constant role. */
function messageParts(entry: Value): { role: string; content: Value | undefined } | undefined {
  if (entry.kind === 'dict') {
    const role = constString(entry.entries.role);
    return role === undefined ? undefined : { role, content: entry.entries.content };
  }
  if (entry.kind === 'list' && entry.items.length === 2) {
    const role = constString(entry.items[0]);
    return role === undefined ? undefined : { role, content: entry.items[1] };
  }
  return undefined;
}

/**
 * The contents of the messages in `list` whose role is one of `roles`: one value, a list of
 * them when several entries match, or undefined when none does (or `list` is not a list).
 */
export function contentsWithRole(list: Value, roles: readonly string[]): Value | undefined {
  if (list.kind !== 'list') return undefined;
  const picked: Value[] = [];
  for (const entry of list.items) {
    const m = messageParts(entry);
    if (m?.content && roles.includes(m.role)) picked.push(m.content);
  }
  if (picked.length === 0) return undefined;
  return picked.length === 1 ? picked[0] : { kind: 'list', items: picked };
}
