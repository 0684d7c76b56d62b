/** Path containment: the single place that decides whether a path lies inside the sandbox. */
import path from 'node:path';

export interface PathVerdict {
  inside: boolean;
  /** the absolute, normalized path that was judged (after symlink resolution when a realpath function is given) */
  resolved?: string;
  /** the root that contains it */
  root?: string;
  reason?: string;
}

export interface ResolveInSandboxOptions {
  /** base for relative paths; without it relative paths are judged against the first root */
  cwd?: string;
  /** home directory for `~` expansion; without it a path starting with `~` is denied */
  home?: string;
  /**
   * Resolves symlinks. Given an absolute path, returns its real path, or undefined when it
   * does not exist (it may throw, e.g. ELOOP). The kernel passes one over fs.realpathSync;
   * the static engine passes none.
   */
  realpath?: (absolutePath: string) => string | undefined;
}

/** Real path of the nearest existing ancestor, with the missing tail appended. */
function resolveExisting(abs: string, realpath: (p: string) => string | undefined): string {
  const tail: string[] = [];
  let cur = abs;
  for (;;) {
    const real = realpath(cur);
    if (real !== undefined) return tail.length ? path.posix.join(real, ...tail.reverse()) : real;
    const parent = path.posix.dirname(cur);
    if (parent === cur) return abs;
    tail.push(path.posix.basename(cur));
    cur = parent;
  }
}

function within(p: string, root: string): boolean {
  return p === root || root === '/' || p.startsWith(root.endsWith('/') ? root : root + '/');
}

export function resolveInSandbox(input: string, roots: string[], options: ResolveInSandboxOptions = {}): PathVerdict {
  if (typeof input !== 'string' || input === '') return { inside: false, reason: 'an empty path cannot be resolved' };
  if (input.includes('\0')) return { inside: false, reason: 'the path contains a NUL byte' };
  if (/^file:/i.test(input)) return { inside: false, reason: `\`${input}\` is a URL, not a path` };
  if (!roots.length) return { inside: false, reason: 'no sandbox roots are configured' };
  let p = input;
  if (p === '~' || p.startsWith('~/')) {
    if (!options.home) return { inside: false, reason: `\`${input}\` starts with ~ and no home directory is known` };
    p = options.home + p.slice(1);
  } else if (p.startsWith('~')) {
    return { inside: false, reason: `\`${input}\` refers to another user's home directory` };
  }
  const base = options.cwd ?? roots[0]!;
  let abs = path.posix.resolve(base, p);
  let normRoots = roots.map((r) => path.posix.resolve(base, r));
  if (options.realpath) {
    try {
      abs = resolveExisting(abs, options.realpath);
      normRoots = normRoots.map((r) => resolveExisting(r, options.realpath!));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return { inside: false, reason: `\`${input}\` cannot be resolved (${code === 'ELOOP' ? 'symbolic link loop' : (code ?? String(err))})` };
    }
  }
  const root = normRoots.find((r) => within(abs, r));
  if (root) return { inside: true, resolved: abs, root };
  return { inside: false, resolved: abs, reason: `\`${abs}\` is outside the sandbox roots (${normRoots.join(', ')})` };
}
