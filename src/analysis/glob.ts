/**
 * Path patterns with gitignore's semantics (negation, anchoring, directory patterns, `**`),
 * through the `ignore` package: for `ignore:` in the configuration, `.agentosignore`, and any
 * other setting that names paths by pattern.
 */
import ignore, { type Ignore } from 'ignore';

const cache = new Map<string, Ignore>();

function matcherFor(patterns: readonly string[]): Ignore {
  const key = patterns.join('\n');
  let ig = cache.get(key);
  if (!ig) {
    ig = ignore({ allowRelativePaths: true }).add([...patterns]);
    cache.set(key, ig);
  }
  return ig;
}

/** A path relative to the patterns' base that `ignore` can judge: forward slashes, inside the base. */
function judgeable(relPath: string): string | undefined {
  let p = relPath.replace(/\\/g, '/');
  while (p.startsWith('./')) p = p.slice(2);
  if (!p || p === '.' || p.startsWith('../') || p === '..' || p.startsWith('/')) return undefined;
  return p;
}

/** Does a path (relative to the patterns' base, forward slashes) match gitignore-style `patterns`? The last matching pattern decides. */
export function matchesGlob(relPath: string, patterns: readonly string[]): boolean {
  const p = judgeable(relPath);
  return p !== undefined && patterns.length > 0 && matcherFor(patterns).ignores(p);
}

/** A matcher for gitignore-style lines (the contents of an ignore file and/or a list of patterns). */
export function ignoreMatcher(lines: readonly string[]): (relPath: string) => boolean {
  if (!lines.length) return () => false;
  const ig = matcherFor(lines);
  return (relPath) => {
    const p = judgeable(relPath);
    return p !== undefined && ig.ignores(p);
  };
}
