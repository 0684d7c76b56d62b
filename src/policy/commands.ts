/** Command classification: the single place that decides whether a process spawn is a raw shell or off the allowlist. */
import path from 'node:path';

export interface CommandSpec {
  /** program (argv[0]) or, with shell: true, the whole command line */
  command: string;
  args?: string[];
  shell?: boolean;
}

export type CommandProblem = 'empty' | 'shell' | 'wrapper' | 'interpreter' | 'not-allowlisted' | 'path-mismatch';

export interface CommandVerdict {
  allowed: boolean;
  /** basename of the program that would run */
  program?: string;
  problem?: CommandProblem;
  reason?: string;
}

export interface ClassifyCommandOptions {
  /** resolve a bare program name to an absolute path (PATH lookup) */
  resolveProgram?: (name: string) => string | undefined;
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'fish', 'csh', 'tcsh', 'ash', 'busybox', 'cmd', 'powershell', 'pwsh', 'rbash']);
/** Programs whose job is to run another program. */
const WRAPPERS = new Set(['xargs', 'nohup', 'timeout', 'nice', 'ionice', 'stdbuf', 'time', 'sudo', 'su', 'doas', 'chroot', 'setsid', 'strace', 'ltrace', 'watch', 'flock', 'script', 'parallel', 'unbuffer', 'setpriv', 'runuser', 'taskset', 'chrt', 'exec']);
const INLINE: Record<string, string[]> = {
  python: ['-c'], pypy: ['-c'], pypy3: ['-c'],
  node: ['-e', '--eval', '-p', '--print'], nodejs: ['-e', '--eval', '-p', '--print'], bun: ['-e', '--eval', '-p', '--print'],
  perl: ['-e', '-E'], ruby: ['-e'], php: ['-r'], lua: ['-e'], osascript: ['-e'], tclsh: [], R: ['-e'], Rscript: ['-e'],
};

/** basename, without a Windows directory or `.exe` suffix */
export function programName(command: string): string {
  const base = command.split(/[\\/]/).pop() ?? command;
  return base.replace(/\.exe$/i, '');
}

export function isShellProgram(program: string): boolean {
  return SHELLS.has(programName(program).toLowerCase());
}

function interpreterKey(name: string): string | undefined {
  const n = name.toLowerCase();
  if (/^python[0-9.]*$/.test(n)) return 'python';
  if (INLINE[name]) return name;
  if (INLINE[n]) return n;
  return undefined;
}

function inlineCode(program: string, args: string[]): boolean {
  const key = interpreterKey(program);
  if (key) return args.some((a) => INLINE[key]!.some((flag) => a === flag || (flag.length === 2 && a.startsWith(flag) && !a.startsWith('--'))));
  if (program === 'deno') return args[0] === 'eval';
  if (/^[gmn]?awk$/.test(program)) return args.some((a) => /\bsystem\s*\(|\|\s*("|getline)|print\s*\|/.test(a));
  return false;
}

/** `env [-i] [NAME=value ...] program ...`: the program env would run, if any. */
function envTarget(args: string[]): string | undefined {
  for (const a of args) {
    if (a.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) continue;
    return a;
  }
  return undefined;
}

function wrapperTarget(program: string, args: string[]): string | undefined | null {
  if (program === 'env') return envTarget(args) ?? null;
  if (program === 'find') {
    const i = args.findIndex((a) => ['-exec', '-execdir', '-ok', '-okdir'].includes(a));
    return i >= 0 ? (args[i + 1] ?? '') : null;
  }
  if (program === 'ssh') {
    // ssh host command...: anything after the host runs remotely through a shell
    const rest = args.filter((a) => !a.startsWith('-'));
    return rest.length > 1 ? rest[1]! : null;
  }
  if (program === 'git') {
    const risky = args.some((a, i) => /^--(upload-pack|receive-pack|exec)(=|$)/.test(a) || (a === '-c' && /^(core\.(sshCommand|pager|editor|fsmonitor|hooksPath)|alias\.|protocol\.ext)/i.test(args[i + 1] ?? '')) || /^-c(core\.(sshCommand|pager|editor))/i.test(a));
    return risky ? 'a configured helper' : null;
  }
  if (WRAPPERS.has(program)) {
    const target = args.find((a) => !a.startsWith('-') && !/^\d+(\.\d+)?[smhd]?$/.test(a));
    return target ?? '';
  }
  return null;
}

export function classifyCommand(spec: CommandSpec, allow: string[] | null, options: ClassifyCommandOptions = {}): CommandVerdict {
  const command = (spec.command ?? '').trim();
  const args = spec.args ?? [];
  if (!command) return { allowed: false, problem: 'empty', reason: 'the command is empty' };
  const program = programName(command);
  if (spec.shell) return { allowed: false, program, problem: 'shell', reason: `\`${command.slice(0, 80)}\` would run through a shell` };
  if (isShellProgram(program)) return { allowed: false, program, problem: 'shell', reason: `\`${program}\` is a shell: it can run any command` };
  const target = wrapperTarget(program, args);
  if (target !== null && target !== undefined) {
    return { allowed: false, program, problem: 'wrapper', reason: `\`${program}\` runs another program${target ? ` (\`${programName(target)}\`)` : ''}` };
  }
  if (inlineCode(program, args)) return { allowed: false, program, problem: 'interpreter', reason: `\`${program}\` is given inline code to run` };
  if (allow === null) return { allowed: true, program };
  const hasSlash = /[\\/]/.test(command);
  for (const entry of allow) {
    if (entry.includes('/')) {
      const target = hasSlash ? path.posix.resolve(command) : options.resolveProgram?.(command);
      if (target && path.posix.normalize(target) === path.posix.normalize(entry)) return { allowed: true, program };
      continue;
    }
    if (programName(entry) !== program) continue;
    if (!hasSlash) return { allowed: true, program };
    const resolved = options.resolveProgram?.(entry);
    if (resolved && path.posix.resolve(command) === path.posix.normalize(resolved)) return { allowed: true, program };
    return { allowed: false, program, problem: 'path-mismatch', reason: `\`${command}\` is not the allowed \`${entry}\`${resolved ? ` (${resolved})` : ''}` };
  }
  return { allowed: false, program, problem: 'not-allowlisted', reason: `\`${program}\` is not in the command allowlist (${allow.join(', ') || 'empty'})` };
}
