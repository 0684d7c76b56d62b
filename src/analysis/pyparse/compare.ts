/**
 * The first difference between two syntax trees (the fast parser's and tree-sitter's), for
 * the tests and the comparison script: a path of node types and what differs, or undefined.
 */
import type { SyntaxNode } from '../treesitter.js';

export function treeDifference(a: SyntaxNode, b: SyntaxNode, source: string, path = ''): string | undefined {
  const here = `${path}/${a.type}`;
  const at = a.start >= 0 ? `@${a.start}` : '';
  if (a.type !== b.type) return `${here}${at}: type ${a.type} vs ${b.type} ${JSON.stringify(source.slice(a.start, a.start + 40))}`;
  if (a.named !== b.named) return `${here}${at}: named ${a.named} vs ${b.named}`;
  if (a.field !== b.field) return `${here}${at}: field ${a.field} vs ${b.field}`;
  if (a.start !== b.start || a.end !== b.end) return `${here}: span [${a.start},${a.end}] vs [${b.start},${b.end}] ${JSON.stringify(source.slice(a.start, a.start + 40))}`;
  if (!!a.missing !== !!b.missing) return `${here}${at}: missing`;
  const n = Math.min(a.children.length, b.children.length);
  for (let i = 0; i < n; i++) {
    const d = treeDifference(a.children[i]!, b.children[i]!, source, here);
    if (d) return d;
  }
  if (a.children.length !== b.children.length) {
    const extra = a.children.length > b.children.length ? a.children[n]! : b.children[n]!;
    return `${here}${at}: ${a.children.length} vs ${b.children.length} children (next ${extra.type}${extra.start >= 0 ? `@${extra.start}` : ''})`;
  }
  return undefined;
}
