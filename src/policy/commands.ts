/**
 * Command classification: the single place that decides whether a process spawn is a raw
 * shell, a program that runs another program, an interpreter given inline code, or a
 * program off the allowlist.
 *
 * What is covered (by basename, case-insensitive, `.exe`/`.com` and version suffixes such
 * as `python3.12` or `bash5` ignored):
 * - shells: sh bash rbash zsh dash ksh mksh pdksh oksh yash posh fish csh tcsh ash hush
 *   busybox toybox elvish nu xonsh rc cmd command powershell pwsh wsl, and `.bat`/`.cmd`
 *   scripts (Windows runs them through cmd.exe)
 * - wrappers that always run something else or a shell: sudo su doas runuser pkexec
 *   runas chroot script parallel tmux screen at batch unshare nsenter firejail bwrap
 *   systemd-run rundll32 regsvr32 forfiles
 * - wrappers when a program follows their options: env (NAME=value assignments and
 *   options skipped; `env -S` always), xargs, nohup, timeout, nice, ionice, stdbuf, time,
 *   setsid, strace, ltrace, watch, flock (incl. `-c`), taskset, chrt, prlimit, numactl,
 *   setarch, cgexec, unbuffer, rlwrap, faketime, fakeroot, eatmydata, nocache, torsocks,
 *   proxychains, valgrind, catchsegv, dbus-launch, ssh-agent, xvfb-run, dumb-init, tini,
 *   gosu, su-exec, setpriv, chpst, capsh, entr, and package runners (npx pnpx bunx uvx,
 *   `npm exec`, `pnpm exec|dlx`, `yarn exec|dlx`, `uv run`, `pipx run`, `poetry run`,
 *   `pipenv run`, `conda run`, `hatch run`, `pdm run`, `bundle exec`, `bun x`)
 * - programs whose options run another program, write executable configuration, give a
 *   container the host or write outside the sandbox: the program models of
 *   rules/programs/<program>.yaml (git, find, tar, rsync, ssh/scp/sftp, zip, awk, sed,
 *   less, make, npm/pnpm/yarn, pip, docker, kubectl, curl, wget, man), applied by
 *   src/policy/programs.ts; the models of awk, sed, ssh and `git config` name a check
 *   below that reads their sub-language (awk programs, sed scripts, ssh_config keys)
 * - environment variables that make a program load a library or run code
 *   (rules/programs/environment.yaml and each model's `env`)
 * - interpreters given inline code: python/pythonX.Y/pypy/py/ipython -c (options may be
 *   grouped: -Ic), node/nodejs/ts-node/tsx/bun -e/--eval/-p/--print and -r/--import/
 *   --loader of a data: URL, deno eval / repl --eval, perl -e/-E (grouped: -ne) and -M
 *   with code, ruby -e, php -r/-R/-B/-E and -d auto_prepend_file, lua/luajit -e,
 *   osascript -e, R/Rscript -e, julia -e/-E, groovy/scala/jrunscript -e, elixir -e,
 *   erl -eval, expect -c, awk/gawk/mawk/nawk/busybox-awk whose program calls system()
 *   or pipes (`|`, `|&`) or loads extensions, sed scripts with the `e` command or flag,
 *   vim/vi/nvim/ex -c/+cmd/--cmd, emacs --eval, gdb -ex, sqlite3 `.shell`/`.system`,
 *   mshta; and interpreters given `-` or no script at all, which read the program from
 *   standard input
 *
 * An allowlisted program is still denied when it is a shell, a wrapper or an interpreter
 * with inline code: allowing `python3` allows running scripts, not `python3 -c ...`.
 */

import { configSafe, deniedOptions, firstWord, judgeEnvironment, judgeProgram, loadProgramModels, type ModelContext, type ModelProblem, type NamedCheck, type PathJudge, type ProgramModel, type ProgramModels } from './programs.js';

export interface CommandSpec {
  /** program (argv[0]) or, with shell: true, the whole command line */
  command: string;
  args?: string[];
  shell?: boolean;
  /** environment variables the program is given on top of (or instead of) the default ones */
  env?: Record<string, string | undefined>;
}

export type CommandProblem =
  | 'empty'
  | 'shell' // runs through a shell (shell: true, sh -c, bash, cmd.exe, powershell)
  | 'wrapper' // runs another program: env, xargs, find -exec, nohup, timeout, sudo, ...
  | 'interpreter' // interpreter with inline code: python -c, node -e, perl -e, ruby -e
  | 'environment' // an env variable that makes the program load a library or run code
  | 'escape' // an option that gives the program the host (docker run --privileged)
  | 'outside-sandbox' // an option that writes a file outside the sandbox (curl -o /etc/x)
  | 'not-allowlisted'
  | 'path-mismatch'; // absolute/relative path to a binary that is not the allowed one

export interface CommandVerdict {
  allowed: boolean;
  /** basename of the program that would run */
  program?: string;
  problem?: CommandProblem;
  reason?: string;
  /** for a wrapper: the program it runs, when one word names it */
  target?: string;
}

export interface ClassifyCommandOptions {
  /** resolve a bare program name to an absolute path (PATH lookup); used to compare absolute paths with allowed names */
  resolveProgram?: (name: string) => string | undefined;
  /** judge a path an option writes to (the kernel's sandbox); without it such paths are not judged */
  judgePath?: PathJudge;
}

// ---------------------------------------------------------------------------------------
// names

const SHELLS = new Set([
  'sh', 'bash', 'rbash', 'zsh', 'dash', 'ksh', 'ksh93', 'mksh', 'pdksh', 'oksh', 'loksh', 'yash', 'posh', 'fish', 'csh', 'tcsh',
  'ash', 'hush', 'busybox', 'toybox', 'elvish', 'nu', 'nushell', 'xonsh', 'rc', 'cmd', 'command', 'powershell', 'powershell_ise',
  'pwsh', 'wsl',
]);

/** Basename of a program path, `/` and `\` both separating (a Windows path may reach a Linux kernel). */
export function programBasename(command: string): string {
  const cut = command.indexOf('\0');
  const s = cut >= 0 ? command.slice(0, cut) : command;
  const i = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
  return s.slice(i + 1);
}

/** The program as reported in verdicts: basename without a `.exe` suffix. */
export function programName(command: string): string {
  return programBasename(command).replace(/\.exe$/i, '');
}

/** Lower-case basename as Windows would run it: trailing dots and spaces and `.exe`/`.com` dropped. */
function programKey(command: string): string {
  return programBasename(command)
    .toLowerCase()
    .replace(/[. ]+$/, '')
    .replace(/\.(exe|com)$/, '');
}

/** `python3.12` → `python`, `bash5` → `bash`, `lua5.4` → `lua`, `zsh-5.9` → `zsh`. */
function family(key: string): string {
  return key.replace(/[-_]?\d+(\.\d+)*[a-z]?$/, '');
}

/** sh, bash, zsh, dash, ksh, fish, cmd, cmd.exe, powershell, pwsh (by basename, case-insensitive) */
export function isShellProgram(program: string): boolean {
  if (typeof program !== 'string') return false;
  const key = programKey(program);
  if (!key) return false;
  if (/\.(bat|cmd)$/.test(key)) return true;
  return SHELLS.has(key) || SHELLS.has(family(key));
}

// ---------------------------------------------------------------------------------------
// option scanning

/** A finding: what kind of problem and, when known, the program that would run. */
interface Finding {
  problem: ModelProblem;
  /** the wrapped program (a word of a command line, or a program path) */
  target?: string;
  /** short phrase describing how, e.g. `-c` or `find -exec` */
  how?: string;
  /** a complete reason, when the generic one would not read well */
  sentence?: string;
}

interface OptionSpec {
  /** short options that take a value (attached `-n5` or the next argument) */
  shortValue?: string;
  /** long options (without `--`) that take a value when not given with `=` */
  longValue?: string[];
  /** short options are grouped (`-xvf`) */
  grouped?: boolean;
  /** operands to skip before the program (timeout's DURATION, flock's FILE) */
  skip?: number;
}

/** Index of the first operand after options (and after `skip` leading operands), or -1. */
function programIndex(args: string[], spec: OptionSpec): number {
  let skip = spec.skip ?? 0;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      const j = i + 1 + skip;
      return j < args.length ? j : -1;
    }
    if (a.startsWith('--') && a.length > 2) {
      const name = a.slice(2);
      if (!name.includes('=') && spec.longValue?.includes(name)) i++;
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      const chars = spec.grouped === false ? a.slice(1, 2) : a.slice(1);
      for (let j = 0; j < chars.length; j++) {
        if (spec.shortValue?.includes(chars[j]!)) {
          if (j === chars.length - 1 && (spec.grouped !== false || a.length === 2)) i++;
          break;
        }
      }
      continue;
    }
    if (/^-\d/.test(a)) continue; // nice -10, numeric flags
    if (skip > 0) {
      skip--;
      continue;
    }
    return i;
  }
  return -1;
}

/** Wrappers whose program is the first operand; any such operand means a wrapped program. */
const PROGRAM_WRAPPERS: Record<string, OptionSpec> = {
  nohup: {},
  timeout: { shortValue: 'ks', longValue: ['kill-after', 'signal'], skip: 1 },
  nice: { shortValue: 'n', longValue: ['adjustment'] },
  ionice: { shortValue: 'cnpPu', longValue: ['class', 'classdata', 'pid', 'pgid', 'uid'] },
  stdbuf: { shortValue: 'ioe', longValue: ['input', 'output', 'error'] },
  time: { shortValue: 'fo', longValue: ['format', 'output'] },
  setsid: {},
  strace: { shortValue: 'abeEIoOpPsSuUX', longValue: ['output', 'attach', 'trace', 'signal', 'user', 'env', 'string-limit', 'summary-sort-by'] },
  ltrace: { shortValue: 'aAbDeEFlnoOpsuwx', longValue: ['output', 'library', 'align', 'indent', 'config'] },
  taskset: { shortValue: '', skip: 1 },
  chrt: { shortValue: 'TPD', skip: 1 },
  prlimit: { shortValue: 'p', longValue: ['pid'] },
  numactl: { shortValue: 'CNmpPil', longValue: ['physcpubind', 'cpunodebind', 'membind', 'preferred', 'interleave', 'localalloc'] },
  setarch: { skip: 1 },
  linux32: {},
  linux64: {},
  cgexec: { shortValue: 'g' },
  unbuffer: {},
  rlwrap: { shortValue: 'aAbcCDfFhHiIlmMnNoOpPqrRsSt', grouped: false },
  faketime: { shortValue: 'fm', skip: 1 },
  fakeroot: { shortValue: 'is', longValue: ['lib', 'faked'] },
  eatmydata: {},
  nocache: { shortValue: 'n' },
  torsocks: { shortValue: 'uaPp', longValue: ['user', 'pass', 'address', 'port'] },
  proxychains: { shortValue: 'f' },
  proxychains4: { shortValue: 'f' },
  valgrind: {},
  catchsegv: {},
  'dbus-launch': {},
  'dbus-run-session': { longValue: ['config-file', 'dbus-daemon'] },
  'ssh-agent': { shortValue: 'aEPOt' },
  'xvfb-run': { shortValue: 'efnps', longValue: ['error-file', 'server-num', 'xauth-protocol', 'server-args'] },
  'dumb-init': { shortValue: 'r' },
  tini: { shortValue: 'ep' },
  gosu: { skip: 1 },
  'su-exec': { skip: 1 },
  setpriv: { longValue: ['reuid', 'regid', 'groups', 'inh-caps', 'ambient-caps', 'bounding-set', 'securebits', 'selinux-label', 'apparmor-profile'] },
  chpst: { shortValue: 'uUbe/nlLm', grouped: false },
  capsh: {},
  entr: {},
  npx: { shortValue: 'pc', longValue: ['package', 'call'] },
  pnpx: {},
  bunx: {},
  uvx: { longValue: ['from', 'with', 'python'] },
};

/** Programs that run something else (or a shell) whatever their arguments. */
const ALWAYS_WRAPPERS: Record<string, OptionSpec> = {
  sudo: { shortValue: 'aCcDgUhpRrtTu', longValue: ['user', 'group', 'chdir', 'close-from', 'host', 'prompt', 'role', 'type', 'other-user', 'command-timeout'] },
  doas: { shortValue: 'uC' },
  su: { shortValue: 'cgGsw', longValue: ['command', 'group', 'supp-group', 'shell', 'whitelist-environment', 'session-command'] },
  runuser: { shortValue: 'cgGsuw', longValue: ['command', 'group', 'supp-group', 'shell', 'user', 'whitelist-environment', 'session-command'] },
  pkexec: { longValue: ['user'] },
  runas: {},
  chroot: { longValue: ['userspec', 'groups'], skip: 1 },
  script: { shortValue: 'cEIBOTm', longValue: ['command', 'echo', 'log-in', 'log-out', 'log-io', 'log-timing', 'logging-format', 'output-limit'] },
  parallel: {},
  tmux: {},
  screen: {},
  at: {},
  batch: {},
  unshare: {},
  nsenter: { shortValue: 'tSGw', longValue: ['target', 'setuid', 'setgid', 'wd'] },
  firejail: {},
  bwrap: {},
  'systemd-run': {},
  rundll32: {},
  regsvr32: {},
  forfiles: {},
};

/** `npm exec x`, `uv run x`, ...: subcommands that run a package's program. */
const RUNNER_SUBCOMMANDS: Record<string, string[]> = {
  npm: ['exec', 'x'],
  pnpm: ['exec', 'dlx'],
  yarn: ['exec', 'dlx'],
  bun: ['x'],
  uv: ['run', 'tool'],
  pipx: ['run'],
  poetry: ['run'],
  pipenv: ['run'],
  conda: ['run'],
  mamba: ['run'],
  micromamba: ['run'],
  hatch: ['run'],
  pdm: ['run'],
  rye: ['run'],
  bundle: ['exec'],
};

function envFinding(args: string[]): Finding | undefined {
  let optionsDone = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!optionsDone) {
      if (a === '--') {
        optionsDone = true;
        continue;
      }
      if (a === '-') continue; // same as -i
      if (a.startsWith('--')) {
        if (/^--split-string/.test(a)) {
          const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : (args[i + 1] ?? '');
          return { problem: 'wrapper', target: firstWord(v), how: '-S' };
        }
        if ((a === '--unset' || a === '--chdir') && i + 1 < args.length) i++;
        continue;
      }
      if (a.startsWith('-') && a.length > 1) {
        const chars = a.slice(1);
        for (let j = 0; j < chars.length; j++) {
          const c = chars[j]!;
          if (c === 'S') {
            const v = j + 1 < chars.length ? chars.slice(j + 1) : (args[i + 1] ?? '');
            return { problem: 'wrapper', target: firstWord(v), how: '-S' };
          }
          if (c === 'u' || c === 'C' || c === 'P') {
            if (j === chars.length - 1) i++;
            break;
          }
        }
        continue;
      }
    }
    if (a.includes('=')) continue; // NAME=value
    return { problem: 'wrapper', target: a };
  }
  return undefined;
}

function xargsFinding(args: string[]): Finding | undefined {
  // -e, -i and -l take their value attached only (optional arguments)
  const i = programIndex(args, {
    shortValue: 'adEILnPs',
    longValue: ['arg-file', 'delimiter', 'eof', 'replace', 'max-lines', 'max-args', 'max-procs', 'max-chars', 'process-slot-var'],
  });
  // without a command xargs runs echo, which is harmless
  return i >= 0 ? { problem: 'wrapper', target: args[i] } : undefined;
}

function watchFinding(args: string[]): Finding | undefined {
  const i = programIndex(args, { shortValue: 'nq', longValue: ['interval', 'equexit'] });
  if (i < 0) return undefined;
  // watch passes its operands to `sh -c` unless -x is given
  return { problem: 'wrapper', target: firstWord(args[i]!) ?? args[i] };
}

function flockFinding(args: string[]): Finding | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-c' || a === '--command') return { problem: 'wrapper', target: firstWord(args[i + 1] ?? ''), how: 'flock -c' };
    if (a.startsWith('--command=')) return { problem: 'wrapper', target: firstWord(a.slice(10)), how: 'flock -c' };
  }
  const i = programIndex(args, { shortValue: 'wEc', longValue: ['timeout', 'wait', 'conflict-exit-code'], skip: 1 });
  return i >= 0 ? { problem: 'wrapper', target: args[i] } : undefined;
}

/** ssh -o keys that make ssh run a local or remote command. */
const SSH_COMMAND_OPTIONS = /^\s*(proxycommand|localcommand|knownhostscommand|remotecommand|permitlocalcommand)\s*[= ]/i;

function sshFinding(program: string, args: string[]): Finding | undefined {
  const valueChars = program === 'ssh' ? 'BbcDEeFIiJLlmOoPpQRSWw' : program === 'scp' ? 'cDFiJlOoPSX' : 'aBbcDFiJlOoPRSs';
  let positional = 0;
  let subsystem = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      const rest = args.slice(i + 1);
      if (program === 'ssh' && positional === 0 && rest.length > 1 && !subsystem) return { problem: 'wrapper', target: firstWord(rest[1]!), how: 'ssh' };
      if (program === 'ssh' && positional >= 1 && rest.length > 0 && !subsystem) return { problem: 'wrapper', target: firstWord(rest[0]!), how: 'ssh' };
      return undefined;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (c === 's' && program === 'ssh') subsystem = true;
        if (valueChars.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : (args[++i] ?? '');
          if (c === 'o' && SSH_COMMAND_OPTIONS.test(v)) return { problem: 'wrapper', target: firstWord(v.replace(/^\s*\w+\s*[= ]\s*/, '')), how: `${program} -o ${v.split(/[= ]/)[0]}` };
          if (c === 'S' && program !== 'ssh') return { problem: 'wrapper', target: v, how: `${program} -S` };
          if (c === 'D' && program === 'sftp') return { problem: 'wrapper', target: v, how: 'sftp -D' };
          if (c === 'b' && program === 'sftp') return { problem: 'wrapper', how: 'sftp -b', sentence: '`sftp -b` runs batch commands, which may start local shell commands with `!`' };
          if (c === 's' && program === 'sftp' && v.includes('/')) return { problem: 'wrapper', target: v, how: 'sftp -s' };
          break;
        }
      }
      continue;
    }
    positional++;
    if (program === 'ssh' && positional === 2 && !subsystem) return { problem: 'wrapper', target: firstWord(a) ?? a, how: 'ssh' };
  }
  return undefined;
}

/**
 * tmux commands that start no program and expand no format: reading a pane, listing, selecting, resizing,
 * renaming and killing (and `send-keys` of named keys only, `namedKeysOnly`). Any other (`new-session`, `send-keys`
 * of text, `run-shell`, `if-shell`, `display-message`, `source-file`, ...) may run a shell command, and so may a
 * format's `#(...)` anywhere in the arguments.
 */
const TMUX_INERT = new Set([
  'capture-pane', 'capturep', 'kill-session', 'kill-server', 'kill-pane', 'killp', 'kill-window', 'killw', 'has-session', 'has',
  'select-pane', 'selectp', 'select-window', 'selectw', 'resize-pane', 'resizep', 'resize-window', 'resizew', 'rename-session', 'rename',
  'rename-window', 'renamew', 'detach-client', 'detach', 'wait-for', 'wait', 'clear-history', 'clearhist',
  'list-sessions', 'ls', 'list-windows', 'lsw', 'list-panes', 'lsp', 'list-clients', 'lsc', 'list-buffers', 'lsb',
]);

/**
 * `tmux`: a wrapper unless it is proved to run only inert commands (`tmux capture-pane -p -t gptme_1`,
 * `tmux kill-session -t s`). Global options: `-c` runs a shell command, `-f` loads a file of commands.
 */
function tmuxFinding(args: string[]): Finding | undefined {
  let i = 0;
  for (; i < args.length && args[i]!.startsWith('-') && args[i] !== '-'; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    const letters = a.slice(1);
    const withValue = /[cfLST]/.exec(letters);
    if (withValue) {
      if (withValue[0] === 'c') return { problem: 'wrapper', target: firstWord(letters.slice(withValue.index + 1) || (args[i + 1] ?? '')), how: 'tmux -c' };
      if (withValue[0] === 'f') return { problem: 'wrapper', how: 'tmux -f' };
      if (withValue.index === letters.length - 1) i++;
    }
  }
  const rest = args.slice(i);
  if (!rest.length) return { problem: 'wrapper' };
  // commands are separated by a `;` argument (`\;` in a shell)
  let command: string[] = [];
  for (const a of [...rest, ';']) {
    // (an argument ending in `;` may end a command too: not proved inert)
    if (a.includes('#(') || (a.endsWith(';') && a !== ';' && a !== '\\;')) return { problem: 'wrapper' };
    if (a !== ';' && a !== '\\;') {
      command.push(a);
      continue;
    }
    const [name, ...rest] = command;
    if (name !== undefined && !TMUX_INERT.has(name) && !((name === 'send-keys' || name === 'send') && namedKeysOnly(rest))) return { problem: 'wrapper' };
    command = [];
  }
  return undefined;
}

/**
 * Keys tmux sends by name that type no text and submit no line: Escape, Tab, the arrows and paging keys, function keys,
 * and Ctrl or Meta with one character (`C-c`, `M-x`); not Enter (`C-m`, `C-j`), which runs what a pane's line holds.
 */
const TMUX_NAMED_KEY = /^(?:Escape|Tab|BTab|BSpace|Up|Down|Left|Right|Home|End|PageUp|PgUp|PageDown|PgDn|NPage|PPage|DC|Delete|IC|Insert|F(?:[1-9]|1[0-2])|[CM]-[a-ik-ln-zA-IK-LN-Z])$/;

/**
 * `send-keys [-t target] [-N count] keys...` whose keys are all named keys (`send-keys -t s Escape`): no text typed, no
 * line submitted (`-l`, `-H` and `-X`, which type text, bytes or copy-mode commands, are not).
 */
function namedKeysOnly(args: string[]): boolean {
  let keys = 0;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-t' || a === '-N' || a === '-c') {
      i++;
      continue;
    }
    if (/^-[RMFK]+$/.test(a)) continue;
    if (!TMUX_NAMED_KEY.test(a)) return false;
    keys++;
  }
  return keys > 0;
}

/**
 * Commands `screen -X` (or `-Q`) sends to a running session that start nothing: quitting, killing, detaching,
 * listing, selecting and naming windows. Any other (`stuff`, which types into the session's shell, `exec`, `screen`,
 * `source`, `eval`, `bind`, `hardcopy`, `log`, ...) may run a program or write a file.
 */
const SCREEN_INERT = new Set(['quit', 'kill', 'detach', 'pow_detach', 'remove', 'windows', 'info', 'select', 'number', 'title', 'sessionname', 'version', 'time', 'lastmsg']);

/**
 * `screen`: a wrapper unless it is proved only to list sessions (`screen -ls`) or to send a running session an inert
 * command (`screen -S name -X quit`); anything else starts a session running the program it names or the user's shell.
 * `-c` loads a file of commands and `-s` names the shell: wrappers whatever follows.
 */
function screenFinding(args: string[]): Finding | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-X' || a === '-Q') return SCREEN_INERT.has(args[i + 1] ?? '') ? undefined : { problem: 'wrapper', how: `screen ${a}` };
    if (a === '-ls' || a === '-list' || a === '-wipe' || a === '-v' || a === '-version' || a === '--version' || a === '-help' || a === '--help') return undefined;
    if (a === '-c' || a === '-s') return { problem: 'wrapper', how: `screen ${a}` };
    // options with a value: the session name, the window, title, terminal type, command character, scrollback, log file
    // (also last in a group of flags: `-dmS name`)
    if (/^-(?:[adDmrRxqUOiAfl]*[SptTeh]|Logfile)$/.test(a)) {
      i++;
      continue;
    }
    if (!a.startsWith('-') || a === '-') return { problem: 'wrapper', target: a };
  }
  return { problem: 'wrapper' };
}

function wrapperFinding(key: string, args: string[]): Finding | undefined {
  switch (key) {
    case 'screen':
      return screenFinding(args);
    case 'env':
      return envFinding(args);
    case 'xargs':
      return xargsFinding(args);
    case 'watch':
      return watchFinding(args);
    case 'flock':
      return flockFinding(args);
    case 'tmux':
      return tmuxFinding(args);
    default:
      break;
  }
  const runner = RUNNER_SUBCOMMANDS[key];
  if (runner) {
    const sub = args.findIndex((a) => !a.startsWith('-'));
    if (sub >= 0 && runner.includes(args[sub]!)) {
      const rest = args.slice(sub + 1);
      const i = programIndex(rest, { shortValue: 'cpw', longValue: ['package', 'call', 'with', 'from', 'python', 'spec', 'name', 'prefix', 'cwd'] });
      return { problem: 'wrapper', target: i >= 0 ? rest[i] : undefined, how: `${key} ${args[sub]}` };
    }
    return undefined;
  }
  const always = ALWAYS_WRAPPERS[key];
  if (always) {
    if (key === 'sudo' || key === 'doas' || key === 'su' || key === 'runuser' || key === 'script') {
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        if ((key !== 'sudo' && key !== 'doas' && (a === '-c' || a === '--command')) || a === '--session-command') return { problem: 'wrapper', target: firstWord(args[i + 1] ?? ''), how: `${key} -c` };
        if (a.startsWith('--command=')) return { problem: 'wrapper', target: firstWord(a.slice(10)), how: `${key} -c` };
      }
    }
    if (key === 'su' || key === 'script' || key === 'tmux' || key === 'at' || key === 'batch') return { problem: 'wrapper' };
    const i = programIndex(args, always);
    return { problem: 'wrapper', target: i >= 0 ? args[i] : undefined };
  }
  const spec = PROGRAM_WRAPPERS[key];
  if (spec) {
    const i = programIndex(args, spec);
    return i >= 0 ? { problem: 'wrapper', target: args[i] } : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// interpreters

interface InterpreterSpec {
  /** short option letters that introduce inline code */
  inline: string;
  /** long options (without `--`) that introduce inline code */
  inlineLong?: string[];
  /** short options whose value is the rest of the token or the next argument */
  value?: string;
  /** short options whose value can only be attached (the rest of the token) */
  attached?: string;
  /** short options followed by optional attached digits only (perl -l, -0), then more options */
  digits?: string;
  /** short options that end option parsing without a script (python -m module) */
  stop?: string;
  /** short options are grouped (-ne) */
  grouped?: boolean;
  /** reads the program from stdin when no script is named */
  stdin?: boolean;
  /** short options that make it read the program from stdin whatever follows (`bash -s`) */
  stdinFlag?: string;
  /** module/require options whose value may itself be code */
  codeValue?: (option: string, value: string) => boolean;
}

/** Flags that print and exit instead of reading a program from stdin (never a reason to skip the inline check: `python -v -c` is verbose, `ruby -v -e` runs the code). */
const INFO_FLAGS = new Set(['-V', '--version', '-h', '--help', '-?', '-help', '-version']);
/** Interpreters whose `-v` prints the version and exits. */
const V_PRINTS_VERSION = new Set(['node', 'nodejs', 'perl', 'php']);

const nodeDataModule = (option: string, value: string): boolean =>
  ['r', 'require', 'import', 'loader', 'experimental-loader'].includes(option) && /^\s*data:/i.test(value);

const INTERPRETERS: Record<string, InterpreterSpec> = {
  python: { inline: 'c', value: 'WXQ', stop: 'm', grouped: true, stdin: true },
  pythonw: { inline: 'c', value: 'WX', stop: 'm', grouped: true, stdin: true },
  pypy: { inline: 'c', value: 'WX', stop: 'm', grouped: true, stdin: true },
  py: { inline: 'c', value: 'WX', stop: 'm', grouped: true, stdin: true },
  ipython: { inline: 'c', stop: 'm', grouped: false },
  node: { inline: 'ep', inlineLong: ['eval', 'print'], value: 'rC', grouped: true, stdin: true, codeValue: nodeDataModule },
  nodejs: { inline: 'ep', inlineLong: ['eval', 'print'], value: 'rC', grouped: true, stdin: true, codeValue: nodeDataModule },
  'ts-node': { inline: 'ep', inlineLong: ['eval', 'print'], value: 'rPOC', grouped: true, codeValue: nodeDataModule },
  tsx: { inline: 'ep', inlineLong: ['eval', 'print'], value: 'r', grouped: true, codeValue: nodeDataModule },
  bun: { inline: 'ep', inlineLong: ['eval', 'print'], value: 'r', grouped: true, codeValue: nodeDataModule },
  perl: {
    inline: 'eE',
    value: 'IMm',
    attached: 'ixdDC',
    digits: 'l0',
    grouped: true,
    stdin: true,
    // -M'strict;system q(id)' becomes `use strict;system q(id);`
    codeValue: (o, v) => (o === 'M' || o === 'm') && /[^\w:=,.\- ]/.test(v),
  },
  ruby: { inline: 'e', value: 'IrCEF', attached: 'xK', digits: '0TW', grouped: true, stdin: true },
  php: {
    inline: 'rRBE',
    inlineLong: ['run'],
    value: 'cdfzt',
    grouped: false,
    stdin: true,
    codeValue: (o, v) => o === 'd' && /^\s*auto_(prepend|append)_file\s*=/i.test(v),
  },
  lua: { inline: 'e', value: 'l', grouped: false, stdin: true },
  luajit: { inline: 'e', value: 'lbj', grouped: false, stdin: true },
  osascript: { inline: 'e', value: 'ls', grouped: false },
  rscript: { inline: 'e', inlineLong: ['expr'], grouped: false },
  r: { inline: 'e', grouped: false },
  julia: { inline: 'eE', inlineLong: ['eval', 'print'], value: 'JLCtp', grouped: false },
  groovy: { inline: 'e', grouped: false },
  scala: { inline: 'e', grouped: false },
  jrunscript: { inline: 'e', grouped: false },
  elixir: { inline: 'e', inlineLong: ['eval'], value: 'r', grouped: false },
  erl: { inline: '', inlineLong: ['eval'], grouped: false },
  expect: { inline: 'c', grouped: false },
  gdb: { inline: '', inlineLong: ['ex', 'eval-command', 'iex', 'init-eval-command'], grouped: false },
  emacs: { inline: '', inlineLong: ['eval'], grouped: false },
};

function interpreterKey(key: string): string | undefined {
  if (INTERPRETERS[key]) return key;
  const fam = family(key);
  if (INTERPRETERS[fam]) return fam;
  if (/^(python|pypy)\d*(\.\d+)*[a-z]?$/.test(key)) return 'python';
  if (/^(python|pypy)\d*(\.\d+)*w$/.test(key)) return 'pythonw';
  return undefined;
}

/**
 * Where an interpreter's options say its program comes from, scanned up to the script: `-` or a stdin flag (standard
 * input), inline code (`-c`, `--eval`; the index of the code's argument, undefined when attached), a code-bearing
 * option value, a module or a script (`-m x`, `--`, an operand; the index where it is named), or no script at all.
 */
type InterpreterScan =
  | { kind: 'stdin'; how: string }
  | { kind: 'inline'; how: string; index: number | undefined }
  | { kind: 'code-value'; how: string; index: number }
  | { kind: 'file'; index: number }
  | { kind: 'none' };

function scanInterpreter(spec: InterpreterSpec, args: readonly string[]): InterpreterScan {
  let ambiguous = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-') return { kind: 'stdin', how: '-' };
    if (a === '--') {
      return { kind: 'file', index: i + 1 }; // the next argument is the script
    }
    if (a.startsWith('--')) {
      const body = a.slice(2);
      const optName = body.split('=')[0]!;
      const value = body.includes('=') ? body.slice(body.indexOf('=') + 1) : undefined;
      if (spec.inlineLong?.includes(optName)) return { kind: 'inline', how: `--${optName}`, index: value === undefined ? i + 1 : undefined };
      if (spec.codeValue) {
        const v = value ?? args[i + 1] ?? '';
        if (spec.codeValue(optName, v)) return { kind: 'code-value', how: `--${optName} ${v.slice(0, 20)}`, index: i };
      }
      // a bare long option may take the next argument as its value: keep scanning past it
      ambiguous = value === undefined;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      ambiguous = false;
      const body = a.slice(1);
      // single-dash long options (erl -eval, gdb -ex)
      if (!spec.grouped && body.length > 1 && spec.inlineLong?.includes(body.split('=')[0]!)) return { kind: 'inline', how: `-${body.split('=')[0]}`, index: body.includes('=') ? undefined : i + 1 };
      const chars = spec.grouped ? body : body.slice(0, 1);
      for (let j = 0; j < chars.length; j++) {
        const c = chars[j]!;
        if (spec.inline.includes(c)) return { kind: 'inline', how: `-${c}`, index: body.slice(j + 1) ? undefined : i + 1 };
        if (spec.stdinFlag?.includes(c)) return { kind: 'stdin', how: `-${c}` };
        if (spec.stop?.includes(c)) return { kind: 'file', index: i };
        if (spec.value?.includes(c)) {
          const rest = body.slice(j + 1);
          const v = rest || args[i + 1] || '';
          if (spec.codeValue?.(c, v)) return { kind: 'code-value', how: `-${c}`, index: i };
          if (!rest) i++;
          break;
        }
        if (spec.attached?.includes(c)) break;
        if (spec.digits?.includes(c)) while (j + 1 < chars.length && /[0-9]/.test(chars[j + 1]!)) j++;
      }
      continue;
    }
    // an operand: the script, unless it may be the value of a preceding bare long option
    if (ambiguous) {
      ambiguous = false;
      continue;
    }
    return { kind: 'file', index: i };
  }
  return { kind: 'none' };
}

/** Whether an interpreter given no script would read one from stdin, rather than print something and exit (`--version`). */
function readsStdinWithoutScript(name: string, spec: InterpreterSpec, args: readonly string[]): boolean {
  return !!spec.stdin && !args.some((a) => INFO_FLAGS.has(a) || (a === '-v' && V_PRINTS_VERSION.has(family(name.toLowerCase()))));
}

/** Report inline code or a program read from stdin. */
function inlineFinding(name: string, spec: InterpreterSpec, args: string[]): Finding | undefined {
  const scan = scanInterpreter(spec, args);
  switch (scan.kind) {
    case 'stdin':
      return spec.stdin ? { problem: 'interpreter', how: `${name} -`, sentence: `${code(`${name} -`)} runs whatever program arrives on standard input` } : undefined;
    case 'inline':
    case 'code-value':
      return { problem: 'interpreter', how: `${name} ${scan.how}` };
    case 'file':
      return undefined;
    case 'none':
      return readsStdinWithoutScript(name, spec, args) ? { problem: 'interpreter', how: name, sentence: `${code(name)} is given no script, so it runs whatever program arrives on standard input` } : undefined;
  }
}

/** The options of a POSIX shell as far as where its program comes from: `-c` code, `-s` stdin, `-o`/`-O` taking a value. */
const POSIX_SHELL: InterpreterSpec = { inline: 'c', stdinFlag: 's', value: 'oO', grouped: true, stdin: true };
const POSIX_SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish']);

/**
 * Where a shell or an interpreter takes the program it runs (`curl … | python3 -m json.tool` gives the response to a
 * module as data; `| bash`, `| bash -s`, `| python3 -` run it): standard input, an argument (the index of the code's
 * argument, undefined when attached to its option), or a file or module (the index where it is named). Undefined for
 * a program that is neither.
 */
export type ProgramSource = { from: 'stdin' } | { from: 'argument'; index: number | undefined } | { from: 'file'; index: number };

export function programSource(command: string, args: readonly string[]): ProgramSource | undefined {
  const key = programKey(command);
  const shell = POSIX_SHELLS.has(key) || POSIX_SHELLS.has(family(key));
  const interp = shell ? undefined : interpreterKey(key);
  const spec = shell ? POSIX_SHELL : interp ? INTERPRETERS[interp] : undefined;
  if (!spec) return undefined;
  const scan = scanInterpreter(spec, args);
  switch (scan.kind) {
    case 'stdin':
      return spec.stdin ? { from: 'stdin' } : undefined;
    case 'inline':
      return { from: 'argument', index: scan.index };
    case 'code-value':
      return { from: 'argument', index: scan.index };
    case 'file':
      return { from: 'file', index: scan.index };
    case 'none':
      return readsStdinWithoutScript(programName(command), spec, args) ? { from: 'stdin' } : undefined;
  }
}

/** Strip awk string literals and regular expression literals, keeping operators. */
function awkCode(program: string): string {
  let out = '';
  let prevSignificant = '';
  for (let i = 0; i < program.length; i++) {
    const c = program[i]!;
    if (c === '"') {
      i++;
      while (i < program.length && program[i] !== '"') i += program[i] === '\\' ? 2 : 1;
      out += '""';
      prevSignificant = '"';
      continue;
    }
    if (c === '#') {
      while (i < program.length && program[i] !== '\n') i++;
      out += '\n';
      continue;
    }
    // a slash starts a regex unless it follows an operand (then it divides)
    if (c === '/' && !/[\w)\]$"]/.test(prevSignificant)) {
      i++;
      while (i < program.length && program[i] !== '/' && program[i] !== '\n') {
        if (program[i] === '[') {
          // a bracket expression may contain `/`
          i++;
          if (program[i] === ']') i++;
          while (i < program.length && program[i] !== ']' && program[i] !== '\n') i++;
        }
        i += program[i] === '\\' ? 2 : 1;
      }
      out += '//';
      prevSignificant = '/';
      continue;
    }
    out += c;
    if (!/\s/.test(c)) prevSignificant = c;
  }
  return out;
}

function awkFinding(name: string, args: string[]): Finding | undefined {
  const programs: string[] = [];
  let fromFile = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    const long = a.startsWith('--') ? a.slice(2).split('=')[0]! : '';
    const inlineValue = a.includes('=') && a.startsWith('--') ? a.slice(a.indexOf('=') + 1) : undefined;
    const take = (): string => inlineValue ?? (a.length > 2 && !a.startsWith('--') ? a.slice(2) : (args[++i] ?? ''));
    if (a.startsWith('-e') || long === 'source') programs.push(take());
    else if (a.startsWith('-f') || long === 'file') {
      take();
      fromFile = true;
    } else if (a.startsWith('-l') || long === 'load') return { problem: 'interpreter', how: `${name} --load (loads a compiled extension)` };
    else if (a.startsWith('-i') || long === 'include' || a.startsWith('-E') || long === 'exec') {
      take();
      fromFile = true;
    } else if (a.startsWith('-F') || a.startsWith('-v') || long === 'field-separator' || long === 'assign') take();
  }
  if (!fromFile && !programs.length && i < args.length) programs.push(args[i]!);
  for (const p of programs) {
    const code = awkCode(p);
    if (/\bsystem\s*\(/.test(code)) return { problem: 'interpreter', how: `${name} system()` };
    if (/(^|[^|])\|(?!\|)/.test(code)) return { problem: 'interpreter', how: `${name} pipe (\`|\`)` };
    if (/@load\b/.test(code)) return { problem: 'interpreter', how: `${name} @load` };
  }
  return undefined;
}

/** GNU sed's `e` command and the `e` flag of `s` run shell commands (the `sed` check of rules/programs/sed.yaml). */
/** A sed address: a line number, `$` or a regex, optionally a range. */
const SED_ADDRESS = String.raw`(\d+|\$|\/(?:[^/\\\n]|\\.)*\/)?\s*(,\s*(\d+|\$|\/(?:[^/\\\n]|\\.)*\/))?\s*!?\s*`;
const SED_FILE_COMMAND = new RegExp(String.raw`(^|[;\n{}])\s*` + SED_ADDRESS + String.raw`([wWrR])[ \t]*([^\n]+)`, 'g');

function sedFinding(args: string[], judgePath?: PathJudge): Finding | undefined {
  const scripts: string[] = [];
  // GNU sed reads options after operands too
  const sandbox = args.includes('--sandbox');
  let i = 0;
  let explicit = false;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (a === '-e' || a === '--expression') {
      scripts.push(args[++i] ?? '');
      explicit = true;
    } else if (a.startsWith('--expression=')) {
      scripts.push(a.slice(13));
      explicit = true;
    } else if (/^-[a-zA-Z]*e./.test(a) && !a.startsWith('--')) {
      scripts.push(a.slice(a.indexOf('e') + 1));
      explicit = true;
    } else if (/^-[a-zA-Z]*e$/.test(a)) {
      scripts.push(args[++i] ?? '');
      explicit = true;
    } else if (a === '-f' || a === '--file') {
      i++;
      explicit = true;
    } else if (a.startsWith('-f') || a.startsWith('--file=')) explicit = true;
    else if (a === '-l' || a === '--line-length') i++;
    else if (!a.startsWith('-') || a === '-') break;
  }
  if (!explicit && i < args.length) scripts.push(args[i++]!);
  // -i edits the file operands (GNU sed takes options after operands too)
  if (judgePath && args.some((a) => /^-[a-zA-Z]*i/.test(a) || a.startsWith('--in-place'))) {
    for (const file of args.slice(i).filter((a) => !a.startsWith('-'))) {
      const v = judgePath(file, 'write');
      if (!v.inside) return { problem: 'outside-sandbox', how: 'sed -i', sentence: `\`sed -i\` edits ${file} in place, outside the sandbox${v.reason ? `: ${v.reason}` : ''}` };
    }
  }
  if (sandbox) return undefined;
  for (const s of scripts) {
    // an `e` command at the start of a command (after an address) or an `s` command's `e` flag
    if (/(^|[;\n{}])\s*(\d+|\$|\/(?:[^/\\\n]|\\.)*\/)?\s*(,\s*(\d+|\$|\/(?:[^/\\\n]|\\.)*\/))?\s*!?\s*e(\s|;|$)/.test(s)) return { problem: 'interpreter', how: 'sed e' };
    const sub = /s(.)(?:(?!\1)[^\\\n]|\\.)*\1(?:(?!\1)[^\\\n]|\\.)*\1([gpiImMe0-9]*)(?:w[ \t]*([^\n]+))?/g;
    const files: [op: 'read' | 'write', file: string, how: string][] = [];
    for (let m = sub.exec(s); m; m = sub.exec(s)) {
      if (m[2]!.includes('e')) return { problem: 'interpreter', how: 'sed s///e' };
      if (m[3]) files.push(['write', m[3].trim(), 'sed s///w']);
    }
    // w/W write to a file, r/R read one: judged by the sandbox where there is one
    SED_FILE_COMMAND.lastIndex = 0;
    for (let m = SED_FILE_COMMAND.exec(s); m; m = SED_FILE_COMMAND.exec(s)) {
      const c = m[5]!;
      files.push([c === 'w' || c === 'W' ? 'write' : 'read', m[6]!.trim(), `sed ${c}`]);
    }
    for (const [op, file, how] of files) {
      if (!judgePath || /^\/dev\/std(out|err)$/.test(file)) continue;
      const v = judgePath(file, op);
      if (!v.inside) return { problem: 'outside-sandbox', how, sentence: `\`${how} ${file}\` ${op === 'write' ? 'writes' : 'reads'} a file outside the sandbox${v.reason ? `: ${v.reason}` : ''}` };
    }
  }
  return undefined;
}

function editorFinding(name: string, args: string[]): Finding | undefined {
  for (const a of args) {
    if (a === '-c' || a === '--cmd' || a === '-S' || (a.startsWith('+') && a.length > 1 && !/^\+\d*$/.test(a))) return { problem: 'interpreter', how: `${name} ${a.startsWith('+') ? '+cmd' : a}` };
  }
  return undefined;
}

function otherInterpreterFinding(key: string, args: string[]): Finding | undefined {
  if (['vim', 'vi', 'nvim', 'ex', 'view', 'gvim', 'rvim', 'vimdiff'].includes(key)) return editorFinding(key, args);
  if (key === 'deno') {
    const sub = args.findIndex((a) => !a.startsWith('-'));
    if (sub < 0) return undefined;
    if (args[sub] === 'eval') return { problem: 'interpreter', how: 'deno eval' };
    if (args[sub] === 'repl' && args.slice(sub + 1).some((a) => a.startsWith('--eval'))) return { problem: 'interpreter', how: 'deno repl --eval' };
    if (args[sub] === 'run' || args[sub] === 'x') {
      const script = args.slice(sub + 1).find((a) => !a.startsWith('-'));
      if (script === '-' || /^data:/i.test(script ?? '')) return { problem: 'interpreter', how: `deno ${args[sub]} ${script === '-' ? '-' : 'data:'}` };
    }
    return undefined;
  }
  if (key === 'bun') {
    const sub = args.findIndex((a) => !a.startsWith('-'));
    if (sub >= 0 && args[sub] === 'exec') return { problem: 'shell', how: 'bun exec' };
  }
  if (key === 'sqlite3' || key === 'sqlite') {
    if (args.some((a) => /^\s*\.(shell|system|load)\b/.test(a) || /(^|\n|;)\s*\.(shell|system|load)\b/.test(a))) return { problem: 'interpreter', how: `${key} .shell` };
    return undefined;
  }
  if (key === 'mshta') return { problem: 'interpreter', how: 'mshta' };
  return undefined;
}

// ---------------------------------------------------------------------------------------
// allowlist

function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);
}

/** Lexically normalized absolute path; Windows drive paths compared case-insensitively with `/`. */
function normalizeProgramPath(p: string): string {
  if (/^[A-Za-z]:[\\/]/.test(p)) return p.slice(0, 2).toLowerCase() + normalizeProgramPath(p.slice(2).replace(/\\/g, '/')).toLowerCase();
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

function code(s: string): string {
  const t = s.length > 80 ? s.slice(0, 80) + '…' : s;
  return '`' + t.replace(/`/g, "'") + '`';
}

function describe(program: string, f: Finding): string {
  if (f.sentence) return f.sentence;
  const how = f.how ?? program;
  const target = f.target ? programName(f.target) : undefined;
  const named = target ? ` (${code(target)})` : '';
  if (f.problem === 'shell') return `${code(how)} runs its arguments through a shell, which can run any command`;
  if (f.problem === 'interpreter') return `${code(how)} runs inline code, which can do anything the program can`;
  if (how === 'ssh') return `${code(how)} runs a command on the remote host${named}`;
  return `${code(how)} runs another program${named}`;
}

// ---------------------------------------------------------------------------------------
// program models (rules/programs/*.yaml)

/** `git config` writing a key that runs a program, another file, or opening an editor. */
function gitConfigWrite(args: string[], model: ProgramModel): Finding | undefined {
  const VALUED = new Set(['-f', '--file', '--blob', '--type', '--default', '--comment', '--value', '-t']);
  const READ_MODES = new Set(['--get', '--get-all', '--get-regexp', '--get-urlmatch', '--list', '-l', '--get-color', '--get-colorbool', '--show-origin', '--show-scope', '--name-only']);
  const positional: string[] = [];
  let file: string | undefined;
  let reading = false;
  let adding = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positional.push(a);
      continue;
    }
    const name = a.split('=')[0]!;
    const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : VALUED.has(name) ? args[++i] : undefined;
    if (name === '-f' || name === '--file' || name === '--blob') file = value ?? '';
    else if (name === '-e' || name === '--edit') return { problem: 'wrapper', how: 'git config --edit', sentence: '`git config --edit` opens an editor, which configuration chooses' };
    else if (name === '--rename-section') return { problem: 'wrapper', how: 'git config --rename-section', sentence: '`git config --rename-section` can turn a section into one whose keys run programs (core, alias)' };
    else if (READ_MODES.has(name)) reading = true;
    else if (name === '--add' || name === '--replace-all') adding = true;
  }
  const verb = positional[0];
  if (verb === 'edit') return { problem: 'wrapper', how: 'git config edit', sentence: '`git config edit` opens an editor, which configuration chooses' };
  if (verb === 'rename-section') return { problem: 'wrapper', how: 'git config rename-section', sentence: '`git config rename-section` can turn a section into one whose keys run programs (core, alias)' };
  const sets = verb === 'set';
  const key = sets ? positional[1] : positional[0];
  const writing = !reading && verb !== 'get' && verb !== 'list' && verb !== 'unset' && (sets ? positional.length >= 3 : positional.length >= 2 || adding);
  if (!writing || key === undefined) return undefined;
  if (file !== undefined)
    return { problem: 'wrapper', how: 'git config --file', sentence: `\`git config --file\` writes configuration into another file (${code(file)}), which git or another repository may read and run programs from` };
  const value = positional.length >= (sets ? 3 : 2) ? positional[positional.length - 1] : undefined;
  if (model.configKeys?.test(key) && !configSafe(model, key, value)) return { problem: 'wrapper', target: firstWord(positional[positional.length - 1]!), how: `git config ${key}` };
  return undefined;
}

const NAMED_CHECKS: Record<string, NamedCheck> = {
  sed: (args, _model, judgePath) => sedFinding(args, judgePath),
  'git-config-write': gitConfigWrite,
};

let models: ProgramModels | undefined;
/** The program models, loaded once from rules/programs/ (read-only afterwards). */
function programModels(): ProgramModels {
  models ??= loadProgramModels();
  return models;
}

function modelFor(key: string): ProgramModel | undefined {
  const byName = programModels().byName;
  return byName.get(key) ?? byName.get(family(key));
}

/** Wrappers judged by their own rules above (`wrapperFinding`): what runs is a command their arguments name. */
const SPECIAL_WRAPPERS = new Set(['env', 'xargs', 'watch', 'flock', 'screen', 'tmux']);
/**
 * Programs, besides the shells, interpreters, wrappers and package runners above, whose arguments name what runs: a JVM's
 * class or jar, a script host's script, a container's or a remote host's command.
 */
const RUNS_WHAT_ARGUMENTS_NAME = new Set(['java', 'deno', 'mshta', 'wscript', 'cscript', 'docker', 'podman', 'kubectl', 'ssh']);

const own = (table: object, key: string): boolean => Object.prototype.hasOwnProperty.call(table, key);

/**
 * Whether a program runs code, a command or another program its arguments name (a shell, an interpreter, a wrapper such
 * as `sudo` or `env`, a package runner such as `npx`, `docker`, `ssh`): what reaches its arguments chooses what runs, so
 * an argument there is more than a word the program reads.
 */
export function runsWhatItsArgumentsName(command: string): boolean {
  const key = programKey(command);
  if (!key) return false;
  const fam = family(key);
  return (
    isShellProgram(command) ||
    interpreterKey(key) !== undefined ||
    [key, fam].some((k) => own(PROGRAM_WRAPPERS, k) || own(ALWAYS_WRAPPERS, k) || own(RUNNER_SUBCOMMANDS, k) || SPECIAL_WRAPPERS.has(k) || RUNS_WHAT_ARGUMENTS_NAME.has(k))
  );
}

/**
 * Whether the argument at `index` of `args` (the words after the program, `undefined` where not a constant) is the value
 * of one of the program's own options that takes one as the next word (`git -C <dir>`, `git -c <key=value>`): the
 * option consumes it whatever it begins with, so it is never taken for another option.
 */
export function isOptionValue(command: string, args: readonly (string | undefined)[], index: number): boolean {
  const model = modelFor(programKey(command));
  if (!model || index < 1) return false;
  const takesValue = model.global.grammar.value;
  for (let i = 0; i < index; i++) {
    const a = args[i];
    // (the program's own options come first: an operand, `--` or a word not known here ends them)
    if (a === undefined || a === '--' || !a.startsWith('-')) return false;
    if (takesValue.has(a)) {
      if (i + 1 === index) return true;
      i++;
    }
  }
  return false;
}

/** The long options the model of `command` denies for the subcommand its arguments name (`git clone`: `--upload-pack`, `--config`, `--template`, ...). */
export function injectableOptions(command: string, args: readonly string[]): string[] {
  const model = modelFor(programKey(command));
  return model ? deniedOptions(model, args) : [];
}

function modelFinding(key: string, program: string, args: string[], options: ClassifyCommandOptions): Finding | undefined {
  const model = modelFor(key);
  if (!model) return undefined;
  const ctx: ModelContext = {
    harmless: (argv) => classifyCommand({ command: argv[0] ?? '', args: argv.slice(1) }, null, options).allowed,
    judgePath: options.judgePath,
    checks: {
      ...NAMED_CHECKS,
      // the named checks report with the program's own name (gawk, scp)
      ssh: (a) => sshFinding(program === 'scp' || program === 'sftp' ? program : 'ssh', a),
      awk: (a) => awkFinding(program, a),
      sed: (a) => sedFinding(a, options.judgePath),
    },
  };
  return judgeProgram(model, args, ctx);
}

/**
 * Decide a command. `allow` lists permitted programs (bare names or absolute paths);
 * `null` means no allowlist is configured: only shells, wrappers and inline interpreters are denied.
 */
export function classifyCommand(spec: CommandSpec, allow: string[] | null, options: ClassifyCommandOptions = {}): CommandVerdict {
  const raw = spec && typeof spec.command === 'string' ? spec.command : '';
  const cut = raw.indexOf('\0');
  // execve sees the name up to the first NUL
  const command = cut >= 0 ? raw.slice(0, cut) : raw;
  if (command.trim() === '') return { allowed: false, problem: 'empty', reason: 'the command is empty, so there is nothing to judge' };
  const program = programName(command);
  if (spec.shell) return { allowed: false, program, problem: 'shell', reason: `${code(command)} would run through a shell (shell: true), where its text can start any command` };
  const args = Array.isArray(spec.args) ? spec.args.map((a) => (typeof a === 'string' ? a : String(a))) : [];
  const key = programKey(command);
  if (isShellProgram(command)) {
    const how = /\.(bat|cmd)$/.test(key) ? `${code(program)} is a batch script: Windows runs it through cmd.exe, which can run any command` : `${code(program)} is a shell: it can run any command`;
    return { allowed: false, program, problem: 'shell', reason: how };
  }
  if (spec.env !== undefined && spec.env !== null) {
    if (typeof spec.env !== 'object' || Array.isArray(spec.env)) return { allowed: false, program, problem: 'environment', reason: 'the exec action\'s `env` is not a mapping of names to strings, so it cannot be judged' };
    const bad = judgeEnvironment(spec.env, programModels().common, modelFor(key));
    if (bad) return { allowed: false, program, problem: 'environment', reason: `environment variable ${code(bad.name)} is denied: ${bad.reason}` };
  }
  const interp = interpreterKey(key);
  // inline code first: `bun -e x` is inline code, not the runner subcommand `bun x`
  const finding =
    (interp ? inlineFinding(program, INTERPRETERS[interp]!, args) : undefined) ??
    modelFinding(key, program.toLowerCase(), args, options) ??
    wrapperFinding(key, args) ??
    otherInterpreterFinding(family(key) === 'bun' ? 'bun' : key, args);
  if (finding) return { allowed: false, program, problem: finding.problem, reason: describe(program, finding), ...(finding.target ? { target: finding.target } : {}) };
  if (allow === null || allow === undefined) return { allowed: true, program };

  const entries = allow.filter((e): e is string => typeof e === 'string' && e !== '');
  const bare = entries.filter((e) => !/[\\/]/.test(e));
  const absolute = entries.filter(isAbsolutePath);
  const listed = `(${entries.join(', ') || 'empty'})`;
  const sameBare = bare.filter((e) => programName(e) === program);
  const sameAbsolute = absolute.filter((e) => programName(e) === program);
  const hasSeparator = /[\\/]/.test(command);

  if (!hasSeparator) {
    if (sameBare.length) return { allowed: true, program };
    if (sameAbsolute.length) {
      const found = options.resolveProgram?.(command);
      if (found && isAbsolutePath(found) && sameAbsolute.some((e) => normalizeProgramPath(e) === normalizeProgramPath(found))) return { allowed: true, program };
      return {
        allowed: false,
        program,
        problem: 'path-mismatch',
        reason: found ? `${code(command)} resolves to ${found}, not the allowed ${sameAbsolute.join(' or ')}` : `${code(command)} cannot be located on PATH to compare with the allowed ${sameAbsolute.join(' or ')}`,
      };
    }
    return { allowed: false, program, problem: 'not-allowlisted', reason: `${code(program)} is not in the command allowlist ${listed}` };
  }

  const abs = isAbsolutePath(command) ? normalizeProgramPath(command) : undefined;
  if (abs !== undefined && absolute.some((e) => normalizeProgramPath(e) === abs)) return { allowed: true, program };
  if (sameBare.length) {
    const found = options.resolveProgram?.(sameBare[0]!);
    if (abs !== undefined && found && isAbsolutePath(found) && normalizeProgramPath(found) === abs) return { allowed: true, program };
    const why = abs === undefined ? 'a relative path depends on the working directory' : found ? `\`${sameBare[0]}\` resolves to ${found}` : `\`${sameBare[0]}\` cannot be located on PATH to compare`;
    return { allowed: false, program, problem: 'path-mismatch', reason: `${code(command)} is not the allowed \`${sameBare[0]}\`: ${why}` };
  }
  if (sameAbsolute.length) return { allowed: false, program, problem: 'path-mismatch', reason: `${code(command)} is not the allowed ${sameAbsolute.join(' or ')}` };
  return { allowed: false, program, problem: 'not-allowlisted', reason: `${code(program)} is not in the command allowlist ${listed}` };
}
