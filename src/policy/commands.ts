/** Command classification: the single place that decides whether a process spawn is a raw shell or off the allowlist. */

export interface CommandSpec {
  /** program (argv[0]) or, with shell: true, the whole command line */
  command: string;
  args?: string[];
  shell?: boolean;
}

export type CommandProblem =
  | 'empty'
  | 'shell' // runs through a shell (shell: true, sh -c, bash, cmd.exe, powershell)
  | 'wrapper' // runs another program: env, xargs, find -exec, nohup, timeout, sudo, ...
  | 'interpreter' // interpreter with inline code: python -c, node -e, perl -e, ruby -e
  | 'not-allowlisted'
  | 'path-mismatch'; // absolute/relative path to a binary that is not the allowed one

export interface CommandVerdict {
  allowed: boolean;
  /** basename of the program that would run */
  program?: string;
  problem?: CommandProblem;
  reason?: string;
}

export interface ClassifyCommandOptions {
  /** resolve a bare program name to an absolute path (PATH lookup); used to compare absolute paths with allowed names */
  resolveProgram?: (name: string) => string | undefined;
}

/**
 * Decide a command. `allow` lists permitted programs (bare names or absolute paths);
 * `null` means no allowlist is configured: only shells, wrappers and inline interpreters are denied.
 */
export function classifyCommand(spec: CommandSpec, allow: string[] | null, options: ClassifyCommandOptions = {}): CommandVerdict {
  void spec; void allow; void options;
  throw new Error('classifyCommand: not implemented');
}

/** sh, bash, zsh, dash, ksh, fish, cmd, cmd.exe, powershell, pwsh (by basename, case-insensitive) */
export function isShellProgram(program: string): boolean {
  void program;
  throw new Error('isShellProgram: not implemented');
}
