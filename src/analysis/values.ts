/**
 * Operations on fact values shared by every front end and by the checks:
 * building templates, merging taint, and rendering a template's skeleton.
 */
import type { SanitizerKind, TaintOrigin, TemplatePart, Value } from './facts.js';

export function constant(value: string | number | boolean | null): Value {
  return { kind: 'const', value };
}

export function unknown(taint?: TaintOrigin[], extra?: { ref?: string; functionId?: string; sanitized?: SanitizerKind[] }): Value {
  const v: Value = { kind: 'unknown' };
  if (taint && taint.length) v.taint = dedupeTaint(taint);
  if (extra?.ref) v.ref = extra.ref;
  if (extra?.functionId) v.functionId = extra.functionId;
  if (extra?.sanitized?.length) v.sanitized = [...extra.sanitized];
  return v;
}

/** Same origin, field by field: what `dedupeTaint`'s key strings compare. */
function sameOrigin(a: TaintOrigin, b: TaintOrigin): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || a.name !== b.name || a.line !== b.line || (a.functionId ?? '') !== (b.functionId ?? '') || (a.file ?? '') !== (b.file ?? '') || a.field !== b.field) return false;
  if (a.sanitized === b.sanitized) return true;
  return (a.sanitized?.join(',') ?? '') === (b.sanitized?.join(',') ?? '');
}

/**
 * Origins without repeats, first occurrence kept. Taint arrays are never modified once made, so
 * an array without repeats is returned as it is. Short arrays (nearly all) are compared field by
 * field; key strings are built only for long ones.
 */
export function dedupeTaint(taint: TaintOrigin[]): TaintOrigin[] {
  const n = taint.length;
  if (n < 2) return taint;
  if (n <= 16) {
    let out: TaintOrigin[] | undefined;
    for (let i = 1; i < n; i++) {
      const t = taint[i]!;
      let dup = false;
      for (let j = 0; j < i; j++) {
        if (sameOrigin(taint[j]!, t)) {
          dup = true;
          break;
        }
      }
      if (dup) out ??= taint.slice(0, i);
      else out?.push(t);
    }
    return out ?? taint;
  }
  const seen = new Set<string>();
  const out: TaintOrigin[] = [];
  for (const t of taint) {
    const key = `${t.kind}\0${t.name}\0${t.line}\0${t.functionId ?? ''}\0${t.sanitized?.join(',') ?? ''}\0${t.file ?? ''}\0${t.field ?? ''}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(t);
    }
  }
  return out;
}

/** Every taint origin reachable in a value, including inside template holes, list items and dict entries. */
export function taintOf(v: Value | undefined): TaintOrigin[] {
  if (!v) return [];
  // nothing inside to look into: the value's own taint (the array is never modified, so it may be shared)
  if (v.kind === 'unknown' || v.kind === 'const') return v.taint ? dedupeTaint(v.taint) : [];
  const out: TaintOrigin[] = [...(v.taint ?? [])];
  switch (v.kind) {
    case 'template':
      for (const p of v.parts) if (typeof p !== 'string') out.push(...taintOf(p.hole));
      break;
    case 'list':
      for (const item of v.items) out.push(...taintOf(item));
      break;
    case 'dict':
      for (const item of Object.values(v.entries)) out.push(...taintOf(item));
      break;
    default:
      break;
  }
  return dedupeTaint(out);
}

/**
 * What a call passes for a parameter origin: the argument, or, when the origin was read from one member of
 * the parameter (`options.root`) and the call passes an object literal, that member's value (an absent
 * member is `undefined`, unless a spread or an opaque part of the object may have supplied it).
 */
export function argumentPart(arg: Value | undefined, o: TaintOrigin): Value | undefined {
  if (o.field === undefined || !arg || arg.kind !== 'dict') return arg;
  if (Object.prototype.hasOwnProperty.call(arg.entries, o.field)) return arg.entries[o.field];
  return absentMember(arg, o.field);
}

/**
 * Reading member `key` of a parameter by the parameter's own name (`options.root`, `options["root"]`): its `param`
 * origins stand for that member of what a caller passes (an object literal's entry), not the whole argument.
 */
export function memberOfParameter(taint: TaintOrigin[] | undefined, key: string): TaintOrigin[] | undefined {
  return taint?.map((o) => (o.kind === 'param' && o.field === undefined ? { ...o, field: key } : o));
}

const ABSENT = new WeakMap<Value, Map<string, Value>>();
const ABSENT_OF = new WeakMap<Value, Value & { kind: 'dict' }>();

/**
 * What an object literal gives for a member it does not write (`field`, or `*` for any): what a spread in it may have
 * supplied, else nothing; a spread parameter's member is that member of the argument (`{ ...options, timeout }` read
 * for `hostname` is the caller's `options.hostname`). One value per object and member, so that what a calling module
 * worked out for the object (project.ts `withMembers`) is found again (`wholeAbsent`).
 */
export function absentMember(arg: Value & { kind: 'dict' }, field = '*'): Value {
  let known = ABSENT.get(arg);
  if (!known) ABSENT.set(arg, (known = new Map()));
  let v = known.get(field);
  if (!v) {
    const t = field === '*' ? arg.taint : memberOfParameter(arg.taint, field);
    v = t?.length ? unknown(t) : constant(null);
    known.set(field, v);
    ABSENT_OF.set(v, arg);
  }
  return v;
}

/**
 * The members of an object literal a callee may read, by name: each it writes, and `*` for what a spread in it supplies
 * (`absentMember`). What a calling module works out for a linked call (project.ts, facts-store.ts).
 */
export function objectParts(v: Value & { kind: 'dict' }): [string, Value][] {
  const parts = Object.entries(v.entries);
  if (v.taint?.length) parts.push(['*', absentMember(v)]);
  return parts;
}

/** For a member `absentMember` gave: what the object leaves unwritten as a whole (one value a linked call knows). */
export function wholeAbsent(v: Value): Value | undefined {
  const arg = ABSENT_OF.get(v);
  return arg && absentMember(arg);
}

/** Sanitizers that hold for the whole value: on the value itself, or (for templates) on every hole. */
export function sanitizersOf(v: Value | undefined): SanitizerKind[] {
  if (!v) return [];
  if (v.sanitized?.length) return v.sanitized;
  if (v.kind === 'template') {
    const holes = v.parts.filter((p): p is { hole: Value } => typeof p !== 'string');
    if (holes.length === 0) return [];
    let common: SanitizerKind[] | undefined;
    for (const h of holes) {
      const s = sanitizersOf(h.hole);
      common = common ? common.filter((k) => s.includes(k)) : s;
    }
    return common ?? [];
  }
  return [];
}

/**
 * The value is one part of a string cut at `/` (no separator in it, though it may be `..`): marked so itself, or every
 * origin that reaches it was (a route's `{id}`, `name.split("/")[-1]`).
 */
export function isOneSegment(v: Value): boolean {
  if (sanitizersOf(v).includes('path-segment')) return true;
  const origins = taintOf(v);
  return origins.length > 0 && origins.every((t) => t.sanitized?.includes('path-segment'));
}

export function withTaint<T extends Value>(v: T, taint: TaintOrigin[]): T {
  if (!taint.length) return v;
  return { ...v, taint: dedupeTaint([...(v.taint ?? []), ...taint]) };
}

/**
 * Whether replacing every `'` with `replacement` leaves nothing that can close a single-quoted SQL literal: the
 * replacement is written out and holds neither `'` nor `\` (`"`, an empty text, `’`). Doubling is `sqlEscaped`'s own case.
 */
export function takesOutApostrophes(replacement: Value | undefined): boolean {
  const r = constString(replacement);
  return r !== undefined && !/['\\]/.test(r);
}

/**
 * `s.replace("'", "''")`, `s.replace("\\", "\\\\")`: text with one of the escapes of a quoted SQL string applied, keeping
 * the other one when the text already had it (in either order the two make a literal nothing can leave).
 */
export function sqlEscaped(receiver: Value, kind: 'quote-doubled' | 'apostrophe-doubled' | 'backslash-doubled'): Value {
  const kept = kind === 'quote-doubled' ? [] : sanitizersOf(receiver).filter((k) => k !== kind && (k === 'apostrophe-doubled' || k === 'backslash-doubled'));
  return [kind, ...kept].reduce<Value>((v, k) => withSanitizer(v, k), unknown(taintOf(receiver)));
}

/**
 * `s.replace(/"/g, '\\"')` of text whose backslashes were doubled first: escaped for a double-quoted string of a language
 * where a backslash escapes (AppleScript, JSON); in the other order the quote's backslash is doubled again and frees it.
 */
export function dquoteEscaped(receiver: Value): Value | undefined {
  if (!sanitizersOf(receiver).includes('backslash-doubled')) return undefined;
  return withSanitizer(withSanitizer(unknown(taintOf(receiver)), 'backslash-doubled'), 'dquote-escaped');
}

/**
 * Mark a value as sanitized for one kind of sink. Every untrusted origin inside it is
 * marked too, so the mark survives later opaque operations (`os.path.join(root, basename(x))`).
 */
export function withSanitizer<T extends Value>(v: T, kind: SanitizerKind): T {
  const sanitized = v.sanitized ?? [];
  const out = { ...v, sanitized: sanitized.includes(kind) ? sanitized : [...sanitized, kind] } as T;
  if (v.taint?.length) out.taint = v.taint.map((t) => (t.sanitized?.includes(kind) ? t : { ...t, sanitized: [...(t.sanitized ?? []), kind] }));
  if (out.kind === 'template') out.parts = out.parts.map((p) => (typeof p === 'string' ? p : { hole: withSanitizer(p.hole, kind) }));
  else if (out.kind === 'list') out.items = out.items.map((i) => withSanitizer(i, kind));
  else if (out.kind === 'dict') out.entries = Object.fromEntries(Object.entries(out.entries).map(([k, e]) => [k, withSanitizer(e, kind)]));
  return out;
}

/** The value as a plain string when it is a string (or number) constant. */
export function constString(v: Value | undefined): string | undefined {
  if (!v || v.kind !== 'const') return undefined;
  if (typeof v.value === 'string') return v.value;
  if (typeof v.value === 'number') return String(v.value);
  return undefined;
}

function asParts(v: Value): TemplatePart[] {
  if (v.kind === 'template') return v.parts;
  if (v.kind === 'const' && v.value !== null) return [String(v.value)];
  return [{ hole: v }];
}

/**
 * Concatenate values into one string value, folding adjacent constant text.
 * Returns a constant when every part is constant.
 */
export function concat(...values: Value[]): Value {
  const parts: TemplatePart[] = [];
  for (const v of values) {
    for (const p of asParts(v)) {
      const last = parts[parts.length - 1];
      if (typeof p === 'string' && typeof last === 'string') parts[parts.length - 1] = last + p;
      else parts.push(p);
    }
  }
  return fromParts(parts);
}

export function fromParts(parts: TemplatePart[]): Value {
  const merged: TemplatePart[] = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    if (typeof p === 'string' && typeof last === 'string') merged[merged.length - 1] = last + p;
    else if (typeof p === 'string' && p === '') continue;
    else merged.push(p);
  }
  if (merged.length === 0) return constant('');
  if (merged.length === 1 && typeof merged[0] === 'string') return constant(merged[0]);
  return { kind: 'template', parts: merged };
}

/** Join list items with a separator (`' '.join(xs)`, `xs.join(' ')`). */
export function joinValues(items: Value[], separator: string): Value {
  const seq: Value[] = [];
  items.forEach((item, i) => {
    if (i > 0) seq.push(constant(separator));
    seq.push(item);
  });
  return concat(...seq);
}

/** The `ref` of a shell value that is never empty: an expansion the shell refuses to leave empty (`${X:?}`, `${X?message}`), `$PWD`, `$(pwd)`. */
export const REQUIRED_EXPANSION = '${X:?}';

export const HOLE_PREFIX = '__agentos_hole_';

/** Every hole marker of a skeleton's text; the group is the hole's index. */
export const HOLE_MARKER = /__agentos_hole_(\d+)__/g;

/** A skeleton's text with each hole shown as `filler` (`…` in messages, `''` for an empty variable). */
export function fillHoleMarkers(text: string, filler: string): string {
  return text.replace(HOLE_MARKER, () => filler);
}

/**
 * Render a value as text, replacing each hole by `__agentos_hole_<n>__` (an
 * identifier in SQL, a word in shell, a path segment in paths).
 * `undefined` when the value is not a string at all.
 */
export function skeleton(v: Value | undefined): { text: string; holes: Value[] } | undefined {
  if (!v) return undefined;
  if (v.kind === 'const') {
    const s = constString(v);
    return s === undefined ? undefined : { text: s, holes: [] };
  }
  if (v.kind === 'template') {
    const holes: Value[] = [];
    let text = '';
    for (const p of v.parts) {
      if (typeof p === 'string') text += p;
      else {
        text += `${HOLE_PREFIX}${holes.length}__`;
        holes.push(p.hole);
      }
    }
    return { text, holes };
  }
  return undefined;
}

/** True when the value is fully known at analysis time. */
export function isConstant(v: Value | undefined): boolean {
  if (!v) return false;
  if (v.kind === 'const') return true;
  if (v.kind === 'list') return v.items.every(isConstant);
  if (v.kind === 'dict') return Object.values(v.entries).every(isConstant);
  return false;
}

/**
 * Constant text with at most numbers spliced in (`"$" + n`, `\`(\${marks.join(", ")})\``): a value
 * no input can put words into, whatever the numbers are.
 */
export function numberedText(v: Value | undefined, depth = 0): boolean {
  if (!v || depth > 8) return false;
  if (v.kind === 'const') return typeof v.value === 'string' || typeof v.value === 'number';
  if (v.kind === 'unknown') return !!v.sanitized?.includes('integer') || (!v.taint?.length && !!v.oneOf?.length && v.oneOf.every((c) => typeof c === 'string' || typeof c === 'number'));
  if (v.kind === 'template') return v.parts.every((p) => typeof p === 'string' || numberedText(p.hole, depth + 1));
  return false;
}

export function isTruthyConst(v: Value | undefined): boolean {
  return !!v && v.kind === 'const' && !!v.value;
}

/** Look up an option by key in a dict value (JS options objects, Python dict literals). */
export function dictGet(v: Value | undefined, key: string): Value | undefined {
  if (!v || v.kind !== 'dict') return undefined;
  return Object.prototype.hasOwnProperty.call(v.entries, key) ? v.entries[key] : undefined;
}

/** Merge the taint of several values into an unknown value (a call result, an opaque operation). */
export function opaque(...inputs: (Value | undefined)[]): Value {
  const taint: TaintOrigin[] = [];
  for (const v of inputs) taint.push(...taintOf(v));
  return unknown(taint);
}
