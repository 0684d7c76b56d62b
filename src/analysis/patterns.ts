/**
 * What a regular expression proves about a value: the one place that reads a pattern, whether a
 * program checks a value against it (`if not SAFE_NAME.match(name): raise`, `if (!SAFE_KEY.test(key))
 * throw`) or removes what it matches from the value (`re.sub(r"[^\w-]", "", name)`).
 */
import type { SanitizerKind } from './facts.js';

/** How the pattern is applied: `search` finds it anywhere (JS `test`), `match` anchors at the start, `fullmatch` at both ends. */
export type PatternUse = 'search' | 'match' | 'fullmatch';

/**
 * The sanitizers a whole-value match of `pattern` gives: only when the pattern is anchored at both ends
 * (`^…$`, `\A…\Z`, or by the way it is applied) and is a sequence of character classes (`[A-Za-z_]`, `\w`,
 * `\d`) with quantifiers, admitting letters, digits, `_`, `-` and `.` only. Such a value cannot close a quote or
 * an identifier, start a second statement or shell word, or, without `.`, leave its directory.
 */
export function patternSanitizers(pattern: string, use: PatternUse): SanitizerKind[] {
  let body = pattern;
  let start = use !== 'search';
  let end = use === 'fullmatch';
  if (body.startsWith('^') || body.startsWith('\\A')) {
    body = body.slice(body[0] === '^' ? 1 : 2);
    start = true;
  }
  const tail = /(?:\$|\\Z|\\z)$/.exec(body);
  if (tail && !body.endsWith('\\$')) {
    body = body.slice(0, body.length - tail[0].length);
    end = true;
  }
  if (!start || !end || !body) return [];
  // a calculator's check (`^[0-9+\-*/().^ ]+$`): one class of digits, operators, parentheses and spaces, no letter
  if (arithmeticOnly(body)) return ['arithmetic'];
  // (an alternation outside a group splits the anchors too: `^a|b$` is `^a` or `b$`; only a whole match holds it whole)
  const whole = use === 'fullmatch' && body === pattern;
  let dot = false;
  let notAllDots = false;
  let alternated = false;
  let depth = 0;
  let i = 0;
  while (i < body.length) {
    let atom: string | undefined;
    const c = body[i]!;
    // groups and alternatives of plain characters admit what their characters admit (`(?:\.[A-Za-z0-9]{1,16})?`)
    if (c === '(') {
      // (a named group, `(?P<date>\d{8})` in Python, `(?<date>…)` in JavaScript, is a group like another)
      const named = /^\(\?P?<[A-Za-z_]\w*>/.exec(body.slice(i));
      if (body.startsWith('(?:', i)) i += 3;
      else if (named) i += named[0].length;
      else if (body[i + 1] === '?') return [];
      else i += 1;
      depth++;
      continue;
    }
    if (c === ')' || c === '|') {
      if (c === ')' ? depth-- === 0 : depth === 0 && !whole) return [];
      if (c === '|' && depth === 0) alternated = true;
      i++;
      const q = c === ')' ? /^(?:[*+?]|\{\d*(?:,\d*)?\})\??/.exec(body.slice(i)) : null;
      if (q) i += q[0].length;
      continue;
    }
    if (c === '\\' && /[.\-_]/.test(body[i + 1] ?? '')) {
      atom = body.slice(i, i + 2);
      i += 2;
    } else if (body[i] === '[') {
      const close = body.indexOf(']', i + 1);
      if (close < 0) return [];
      atom = body.slice(i + 1, close);
      if (atom.startsWith('^') || !atom) return [];
      i = close + 1;
    } else if (body[i] === '\\' && /[wd]/.test(body[i + 1] ?? '')) {
      atom = body.slice(i, i + 2);
      i += 2;
    } else if (/[\w-]/.test(body[i]!)) {
      atom = body[i]!;
      i += 1;
    } else return [];
    const admits = classAdmits(atom);
    if (!admits) return [];
    dot ||= admits.dot;
    const q = /^(?:[*+?]|\{\d*(?:,\d*)?\})\??/.exec(body.slice(i));
    if (q) i += q[0].length;
    // (a character outside every group, at least once, that is never `.`: no match is all dots)
    if (depth === 0 && !admits.dot && (!q || /^(?:\+|\{[1-9])/.test(q[0]))) notAllDots = true;
  }
  if (depth) return [];
  // (with `.`, `..` can match: no separator still, harmless glued to a file name's text; unless a character that is
  // never `.` must be there, `^report_[\w.-]+\.json$`, and no alternative outside a group leaves it out)
  return dot && !(notAllDots && !alternated) ? [...PLAIN_WORD, 'path-segment'] : [...PLAIN_WORD, 'path-basename'];
}

/**
 * A pattern body that is one character class, repeated, of digits, arithmetic operators, parentheses, `.`, `,` and
 * spaces only: what it lets through names nothing (no letter, `_`, quote or bracket), so `eval` of it only computes.
 */
function arithmeticOnly(body: string): boolean {
  const m = /^\[([^\]]+)\](?:[*+]|\{\d*,?\d*\})$/.exec(body);
  if (!m) return false;
  // (the ten digits written out, `[0123456789+-*/]`, are `0-9`)
  const spelled = [...'0123456789'].every((d) => m[1]!.includes(d));
  const cls = m[1]!.replace(/0-9|\\d|\\s/g, '').replace(spelled ? /[0-9]/g : /(?!)/, '').replace(/\\([-+*/().^%])/g, '$1');
  return cls.length > 0 && /^[-+*/().^%, ]*$/.test(cls) && (spelled || /0-9|\\d/.test(m[1]!));
}

/** What a whole match of a pattern of plain characters proves in every case: an identifier, one shell word in any position. */
const PLAIN_WORD: readonly SanitizerKind[] = ['sql-identifier', 'shell-quoted'];

/** A value a pattern of plain characters let through (letters, digits, `_`, `-`, `.`): it has every kind `patternSanitizers` gives such a value. */
export function isPlainWord(kinds: readonly SanitizerKind[]): boolean {
  return PLAIN_WORD.every((k) => kinds.includes(k));
}

/** Whether a class body (`A-Za-z0-9_`, `\w`, `.-`) admits only letters, digits, `_`, `-` and `.`; and whether `.` is among them. */
function classAdmits(body: string): { dot: boolean } | undefined {
  let dot = false;
  const ok = (c: string) => /[A-Za-z0-9_.-]/.test(c);
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\') {
      const e = body[i + 1] ?? '';
      if (e === '.') dot = true;
      else if (!/[wd_-]/.test(e)) return undefined;
      i++;
      continue;
    }
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const lo = c;
      const hi = body[i + 2]!;
      // only ranges inside one kind: a-z, A-Z, 0-9
      if (!(/[a-z]/.test(lo) && /[a-z]/.test(hi)) && !(/[A-Z]/.test(lo) && /[A-Z]/.test(hi)) && !(/[0-9]/.test(lo) && /[0-9]/.test(hi))) return undefined;
      i += 2;
      continue;
    }
    if (!ok(c)) return undefined;
    if (c === '.') dot = true;
  }
  return { dot };
}

/**
 * The sanitizers removing every match of `pattern` (replaced by `replacement`) gives a value: for
 * a negated class (`[^a-zA-Z0-9_-]`, `[^\w\s-]+`) that admits none of `.`, `/`, `\\`, and a
 * replacement without them, what is left is a single path component that cannot climb out of its
 * directory, as `os.path.basename` makes; when the class admits only letters, digits, `_` and `-`
 * and the replacement is made of them, a plain word too (`isPlainWord`).
 */
export function removalSanitizers(pattern: string, replacement: string): SanitizerKind[] {
  if (/[/\\.]/.test(replacement)) return [];
  const m = /^\[\^([^\]]+)\][+*]?$/.exec(pattern);
  if (m) {
    const kinds: SanitizerKind[] = classKeepsNoSeparator(m[1]!) ? ['path-basename'] : [];
    // (what is left is letters, digits, `_` and `-`, `name.replace(/[^a-zA-Z0-9_-]/g, "_")`: a plain word, as a pattern
    // of those characters lets through, for a shell line or a SQL name)
    if (/^[\w-]*$/.test(replacement) && classAdmits(m[1]!)?.dot === false) kinds.push(...PLAIN_WORD);
    return kinds;
  }
  // a class of the characters removed (`[/.]`, `[\/\\.]`): with `/`, `\` and `.` among them, a single path component
  // as above; with `/` and `.`, one that holds no `/` and cannot be `..` (a `\` left separates on Windows only)
  // (its body may hold escaped brackets: `[.:\[\]\s$'"\`\\]`)
  const removed = /^\[((?:\\.|[^\]\\^])(?:\\.|[^\]\\])*)\][+*]?$/.exec(pattern);
  if (!removed) return [];
  const kinds: SanitizerKind[] = [];
  // (with `$`, a backquote, `"` and `\` among them, nothing left can end a shell line's double quotes or expand in them:
  // `name.replace(/[.:\s$'"\`\\]/g, "_")`)
  if (!/[$`"\\]/.test(replacement) && DQUOTE_SPECIAL.every((c) => classRemoves(removed[1]!, c))) kinds.push('dquote-inert');
  const chars = classLiterals(removed[1]!);
  if (chars?.has('/') && chars.has('.')) kinds.push(chars.has('\\') ? 'path-basename' : 'path-segment');
  // (with `/` and `\` and not `.`, `[\\/*?:"<>|\s]`: no separator left on any system, one part of a path, which may
  // still be `..`)
  else if (chars?.has('/') && chars.has('\\')) kinds.push('path-segment');
  return kinds;
}

/** The characters a shell gives a meaning between double quotes. */
const DQUOTE_SPECIAL = ['$', '`', '"', '\\'];

/**
 * Whether a class body (`.:\[\]\s$'"\`\\`) holds the character `c` written out, plain or escaped (a range or a class
 * escape that would hold it is not looked into: the answer is then no).
 */
function classRemoves(body: string, c: string): boolean {
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') {
      if (body[++i] === c) return true;
    } else if (body[i] === c) return true;
  }
  return false;
}

/** The literal characters of a class body (`/.`, `\/\\.`; class escapes such as `\s` add none), or undefined when it has ranges. */
function classLiterals(body: string): Set<string> | undefined {
  const out = new Set<string>();
  for (let i = 0; i < body.length; i++) {
    let c = body[i]!;
    if (c === '\\') {
      const next = body[++i];
      if (next === undefined || /[0-9]/.test(next)) return undefined;
      // (a class escape, `\s`, `\d`: more characters removed, none of them written out here)
      if (/[A-Za-z]/.test(next)) continue;
      c = next;
    } else if (c === '-' && i > 0 && i < body.length - 1) return undefined;
    out.add(c);
  }
  return out;
}

/** The body of a character class admits none of `.`, `/`, `\\` (literal characters, ranges, `\w`, `\d`, `\s`, `\-`). */
function classKeepsNoSeparator(body: string): boolean {
  const bad = (c: number) => c === 0x2e || c === 0x2f || c === 0x5c;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') {
      if (!/[wds-]/.test(body[i + 1] ?? '')) return false;
      i++;
      continue;
    }
    const lo = body.charCodeAt(i);
    if (body[i + 1] === '-' && i + 2 < body.length && body[i + 2] !== '\\') {
      const hi = body.charCodeAt(i + 2);
      for (let c = lo; c <= hi; c++) if (bad(c)) return false;
      i += 2;
      continue;
    }
    if (bad(lo)) return false;
  }
  return true;
}

/**
 * The sub-pattern of capture group `group` (its number, counted by opening parenthesis as the `re`
 * module and JavaScript count, or its `(?P<name>…)`/`(?<name>…)` name): what `m.group(1)` holds is a
 * whole match of it, so `patternSanitizers(body, 'fullmatch')` says what that text can be. Undefined
 * when the pattern has no such group or is not read to the end (an unclosed class or group).
 */
export function capturedPattern(pattern: string, group: number | string): string | undefined {
  let count = 0;
  const open: { start: number; wanted: boolean }[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // a class: `]` first in it is a literal, escapes inside it are skipped
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      if (j >= pattern.length) return undefined;
      i = j;
      continue;
    }
    if (c === '(') {
      const named = /^\(\?P?<([A-Za-z_]\w*)>/.exec(pattern.slice(i));
      const capturing = named !== null || pattern[i + 1] !== '?';
      if (capturing) count++;
      const wanted = capturing && (typeof group === 'number' ? count === group : named?.[1] === group);
      open.push({ start: i + (named ? named[0].length : capturing ? 1 : 0), wanted });
      continue;
    }
    if (c === ')') {
      const g = open.pop();
      if (!g) return undefined;
      if (g.wanted) return pattern.slice(g.start, i);
    }
  }
  return undefined;
}
