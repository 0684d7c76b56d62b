/** Minimal gitignore-style globs for `ignore:` patterns: `*`, `**`, `?`, character classes, directory patterns. */

const cache = new Map<string, RegExp>();

export function globRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  let p = pattern.trim().replace(/\\/g, '/');
  const anchored = p.startsWith('/') || p.slice(0, -1).includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.slice(0, -1);
  let src = '';
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (ch === '*' && p[i + 1] === '*') {
      if (p[i + 2] === '/') {
        src += '(?:.*/)?';
        i += 2;
      } else {
        src += '.*';
        i += 1;
      }
    } else if (ch === '*') src += '[^/]*';
    else if (ch === '?') src += '[^/]';
    else if (ch === '[') {
      const close = p.indexOf(']', i + 1);
      if (close > i) {
        src += '[' + p.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      } else src += '\\[';
    } else src += ch.replace(/[\\^$+.()|{}]/g, '\\$&');
  }
  // a pattern matches the path itself or anything below it (a directory)
  re = new RegExp(`^${anchored ? '' : '(?:.*/)?'}${src}(?:/.*)?$`);
  cache.set(pattern, re);
  return re;
}

export function matchesGlob(relPath: string, patterns: readonly string[]): boolean {
  for (const p of patterns) if (globRegExp(p).test(relPath)) return true;
  return false;
}
