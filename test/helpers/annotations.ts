/** The `expect:` / `ok:` annotations of rule example files. */

export interface Annotation {
  kind: 'expect' | 'ok';
  ruleId: string;
  /** the line the annotation is about (1-based) */
  line: number;
}

/** `expect: a, b` / `ok: a` comments in any comment syntax; they apply to the next line. */
export function annotations(source: string): Annotation[] {
  const out: Annotation[] = [];
  source.split('\n').forEach((text, i) => {
    const m = /(?:#|\/\/|--)\s*(expect|ok):\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*$/.exec(text);
    if (!m) return;
    for (const id of m[2]!.split(/\s*,\s*/)) out.push({ kind: m[1] as 'expect' | 'ok', ruleId: id, line: i + 2 });
  });
  return out;
}
