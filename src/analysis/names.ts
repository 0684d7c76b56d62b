/**
 * Qualified-name patterns, used by rule sinks and framework models.
 * A pattern is a dotted name where `*` matches within one segment and `**`
 * matches any run of segments (including none): `sqlite3.connect().**.execute`,
 * `openai.*().chat.completions.create`, `**.execute`.
 */

const cache = new Map<string, RegExp>();

export function namePatternRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  let src = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      // `**.` or `.**` or bare `**`: any run of segments
      if (pattern[i + 2] === '.') {
        src += '(?:[^.]*\\.)*';
        i += 2;
      } else {
        src += '.*';
        i += 1;
      }
    } else if (ch === '*') {
      src += '[^.]*';
    } else {
      src += ch.replace(/[\\^$+?.()|[\]{}]/g, '\\$&');
    }
  }
  re = new RegExp(`^${src}$`);
  cache.set(pattern, re);
  return re;
}

export function matchesName(name: string, pattern: string): boolean {
  if (!pattern.includes('*')) return name === pattern;
  return namePatternRegExp(pattern).test(name);
}

export function matchesAny(name: string, patterns: readonly string[]): boolean {
  for (const p of patterns) if (matchesName(name, p)) return true;
  return false;
}

/** Normalize a JS module specifier to the dotted form used in qualified names: `node:fs/promises` -> `fs.promises`. */
export function normalizeJsModule(specifier: string): string {
  let m = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  if (!m.startsWith('.') && !m.startsWith('@') && !m.startsWith('/')) m = m.replace(/\//g, '.');
  return m;
}
