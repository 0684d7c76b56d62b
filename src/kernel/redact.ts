/** Actions as they are recorded and shown in errors: JSON-safe, every string passed through redactSecrets. */
import { classifySecretAssignment, redactSecrets } from '../policy/secrets.js';

/** Secrets in free text (reasons can quote the action). */
export function redactString(s: string): string {
  try {
    return redactSecrets(s);
  } catch {
    // never record what could not be checked for secrets
    return '[WITHHELD: redaction failed]';
  }
}

function copy(v: unknown, seen: Set<object>, depth: number): unknown {
  if (typeof v === 'string') return redactString(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'boolean' || v === null) return v;
  if (typeof v === 'bigint') return v.toString();
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (v instanceof URL) return redactString(v.href);
  if (ArrayBuffer.isView(v)) return `[${v.byteLength} bytes]`;
  if (typeof v !== 'object') return undefined;
  if (seen.has(v) || depth > 8) return '[…]';
  seen.add(v);
  try {
    if (Array.isArray(v)) return v.map((x) => copy(x, seen, depth + 1) ?? null);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      // the action kind is a label, not data
      // a value under a secret-sounding key (`{ password: '...' }`) is judged with its key, as in source
      const keyed = typeof x === 'string' ? classifySecretAssignment(k, x) : undefined;
      const c = depth === 0 && k === 'kind' && typeof x === 'string' ? x : keyed ? `[REDACTED:${keyed.kind}]` : copy(x, seen, depth + 1);
      if (c !== undefined) out[k] = c;
    }
    return out;
  } finally {
    seen.delete(v);
  }
}

export function redactAction(action: unknown): Record<string, unknown> {
  const c = copy(action, new Set(), 0);
  return typeof c === 'object' && c !== null && !Array.isArray(c) ? (c as Record<string, unknown>) : { kind: '(not an action)', value: c };
}
