/** Path containment: the single place that decides whether a path lies inside the sandbox. */

export interface PathVerdict {
  inside: boolean;
  /** the absolute, normalized path that was judged (after symlink resolution when a realpath function is given) */
  resolved?: string;
  /** the root that contains it */
  root?: string;
  reason?: string;
}

export interface ResolveInSandboxOptions {
  /** base for relative paths (default: process.cwd() is NOT used: relative paths need a cwd, else they are judged against the first root) */
  cwd?: string;
  /** home directory for `~` expansion; without it a path starting with `~` is denied */
  home?: string;
  /**
   * Resolves symlinks. Given an absolute path, returns its real path, or undefined when it
   * does not exist. The kernel passes a function over fs.realpathSync; the static engine passes none.
   */
  realpath?: (absolutePath: string) => string | undefined;
}

export function resolveInSandbox(path: string, roots: string[], options: ResolveInSandboxOptions = {}): PathVerdict {
  void path; void roots; void options;
  throw new Error('resolveInSandbox: not implemented');
}
