/**
 * What a regular expression a program checks a value against proves about it: the one place that
 * reads a validation pattern (`if not SAFE_NAME.match(name): raise`, `if (!SAFE_KEY.test(key)) throw`).
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
  let dot = false;
  let i = 0;
  while (i < body.length) {
    let atom: string | undefined;
    if (body[i] === '[') {
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
  }
  return dot ? ['sql-identifier', 'shell-quoted'] : ['sql-identifier', 'shell-quoted', 'path-basename'];
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
