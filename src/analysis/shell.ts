/**
 * The shell front end (sh, bash and friends). Parses with tree-sitter-bash and lowers every
 * simple command to a call fact named after its program: `curl -s "$U"` is a call of
 * `shell.curl` with the words as arguments, each a constant or a template whose holes are
 * the expansions (`"$TARGET/"` is `? + "/"`). Checks in checks/shell.ts read these facts.
 *
 * - Variables assigned a constant (`BUILD_DIR=build`, `export X=...`, `local`, `readonly`,
 *   `declare`) fold into later words; an assignment inside a branch, a loop, a function or
 *   a subshell makes the variable unknown after it, unless every path agrees. Parameter
 *   expansions with operators (`${X:-d}`, `${X:?}`) stay holes.
 * - Pipelines: each command after the first carries `kwargs.pipedFrom`, the program that
 *   feeds it; a shell run on a fetched script through `$(...)` or `<(...)` gets the same mark.
 * - Wrappers (`sudo`, `doas`, `env`, `nohup`, `time`, `nice`, `exec`, `command`, `xargs`,
 *   `timeout`, `stdbuf`) yield their own call and one for the program they run.
 * - `sh -c '<script>'` with a constant script is parsed and lowered too.
 * - Constant assignments become string facts (input for secret detection).
 */
import type { CallFact, FileFacts, FunctionFact, StringFact, Value } from './facts.js';
import { inSourceOrder } from './flow.js';
import { LineTable } from './lines.js';
import { fieldOf, parseSource, syntaxProblems, type SyntaxNode as Node } from './treesitter.js';
import { concat, constant, constString, fromParts, REQUIRED_EXPANSION, unknown } from './values.js';

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'busybox']);
const FETCHERS = new Set(['curl', 'wget', 'fetch', 'http', 'aria2c']);
/** Database clients whose standard input (a heredoc) is SQL. */
const SQL_CLIENTS = new Set(['psql', 'mysql', 'mariadb', 'sqlite3', 'sqlite']);
const NO_VALUES: ReadonlySet<string> = new Set();

/** Actions a command performs, lowered to `shell.action.<kind>` calls for the policy rules. */
type ShellActionKind = 'sql' | 'file_read' | 'file_write' | 'file_delete' | 'http_request';

/** bash's `/dev/tcp/<host>/<port>` (or udp) as the address it connects to, `tcp://<host>/<port>`; undefined for any other path. */
function socketOf(v: Value): Value | undefined {
  const head = v.kind === 'template' ? v.parts[0] : constString(v);
  const text = typeof head === 'string' ? head : undefined;
  const m = text === undefined ? null : /^\/dev\/(tcp|udp)\//.exec(text);
  if (!m || text === undefined) return undefined;
  const scheme = `${m[1]}://${text.slice(m[0].length)}`;
  return v.kind === 'template' ? { ...v, parts: [scheme, ...v.parts.slice(1)] } : constant(scheme);
}

/** An unquoted heredoc's text: expansions (`$X`, `${X}`, `$(...)`) are holes. */
function heredocValue(text: string): Value {
  const parts: (string | { hole: Value })[] = [];
  let last = 0;
  for (const m of text.matchAll(/\$\{[^}]*\}|\$[A-Za-z_]\w*|\$\([^)]*\)|`[^`]*`/g)) {
    parts.push(text.slice(last, m.index), { hole: unknown() });
    last = m.index! + m[0].length;
  }
  parts.push(text.slice(last));
  return fromParts(parts);
}

/** Inline scripts are lowered to this depth (`sh -c "bash -c '...'"`). */
const MAX_INLINE_DEPTH = 2;

/** Options of wrappers that take a separate value. */
const WRAPPER_VALUE_OPTIONS: Record<string, ReadonlySet<string>> = {
  sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '--user', '--group', '--chdir', '--host', '--prompt']),
  doas: new Set(['-u', '-C']),
  env: new Set(['-u', '--unset', '-C', '--chdir', '-S', '--split-string']),
  nice: new Set(['-n', '--adjustment']),
  timeout: new Set(['-k', '--kill-after', '-s', '--signal']),
  xargs: new Set(['-I', '-n', '-P', '-d', '-a', '-E', '-L', '-s', '--max-args', '--max-procs', '--delimiter', '--arg-file', '--replace']),
  exec: new Set(['-a']),
  stdbuf: new Set(['-i', '-o', '-e']),
  time: new Set(['-f', '-o', '--format', '--output']),
  nohup: new Set(),
  command: new Set(),
};

interface Word {
  value: Value;
  node: Node;
  /** a program whose output this word substitutes (`$(curl ...)`, `<(wget ...)`) */
  substitutedFrom?: string;
}

interface InlineJob {
  script: string;
  outer: Node;
  fn: string | undefined;
  depth: number;
}

function basename(program: string): string {
  const i = program.lastIndexOf('/');
  return i >= 0 ? program.slice(i + 1) : program;
}

/** Remove backslash escapes from an unquoted word. */
function unescapeWord(s: string): string {
  return s.indexOf('\\') < 0 ? s : s.replace(/\\(\r?\n|.)/g, (_, c: string) => (c === '\n' || c === '\r\n' ? '' : c));
}

/** Inside double quotes only \$ \` \" \\ and newline are escapes. */
function unescapeDouble(s: string): string {
  return s.indexOf('\\') < 0 ? s : s.replace(/\\([$`"\\]|\r?\n)/g, (_, c: string) => (c === '\n' || c === '\r\n' ? '' : c));
}

/** $'...' strings. */
function unescapeAnsiC(s: string): string {
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return map[e] ?? m;
  });
}

class ShellLowering {
  readonly calls: { start: number; fact: CallFact }[] = [];
  readonly functions: FunctionFact[] = [];
  readonly strings: { start: number; fact: StringFact }[] = [];
  readonly inline: InlineJob[] = [];
  private vars = new Map<string, Value>();
  /** variables written inside the branch being walked (undefined: not in a branch) */
  private written: Set<string> | undefined;
  private fn: string | undefined;

  constructor(
    private readonly source: string,
    private readonly lines: LineTable,
    private readonly depth: number,
    /** for inline scripts: every fact takes the range of the command that carries the script */
    private readonly outer: Node | undefined,
    fn: string | undefined,
  ) {
    this.fn = fn;
  }

  private text(n: Node): string {
    return this.source.slice(n.start, n.end);
  }

  private rangeOf(n: Node) {
    return this.lines.range(n.start, n.end);
  }

  // --- statements ----------------------------------------------------------------------------

  statements(nodes: readonly Node[]): void {
    for (const n of nodes) if (n.named) this.statement(n);
  }

  private statement(n: Node): void {
    switch (n.type) {
      case 'command':
        this.command(n, undefined);
        return;
      case 'pipeline':
        this.pipeline(n);
        return;
      case 'variable_assignment':
        this.assignment(n);
        return;
      case 'variable_assignments':
        for (const c of n.children) if (c.type === 'variable_assignment') this.assignment(c);
        return;
      case 'declaration_command':
        this.declaration(n);
        return;
      case 'function_definition':
        this.functionDefinition(n);
        return;
      case 'if_statement':
      case 'elif_clause':
      case 'else_clause':
      case 'while_statement':
      case 'for_statement':
      case 'c_style_for_statement':
      case 'case_statement':
      case 'case_item':
      case 'subshell':
      case 'do_group':
        this.branch(() => this.compound(n));
        return;
      case 'list': {
        // `a && b || c`: only the first command surely runs
        const parts = n.children.filter((c) => c.named);
        parts.forEach((p, i) => (i === 0 ? this.statement(p) : this.branch(() => this.statement(p))));
        return;
      }
      case 'redirected_statement':
        this.redirected(n);
        return;
      case 'comment':
      case 'heredoc_body':
        return;
      default:
        this.compound(n);
    }
  }

  /**
   * `cmd > file`, `cmd < file`, `psql <<SQL ... SQL`: the command, then what its redirections do
   * (writes and reads of files, SQL fed to a database client, `NAME=value` lines of a heredoc).
   */
  private redirected(n: Node): void {
    const body = fieldOf(n, 'body') ?? n.children.find((c) => c.named && c.field !== 'redirect');
    const redirects = n.children.filter((c) => c.field === 'redirect' || c.type === 'file_redirect' || c.type === 'heredoc_redirect');
    let program: string | undefined;
    if (body?.type === 'command') program = this.command(body, undefined);
    else if (body) this.statement(body);
    const outer = this.outer ?? n;
    for (const r of redirects) {
      if (r.type === 'heredoc_redirect') {
        const text = r.children.find((c) => c.type === 'heredoc_body');
        if (!text) continue;
        const quoted = /^\s*<<-?\s*['"\\]/.test(this.text(r));
        const value = quoted ? constant(this.text(text)) : heredocValue(this.text(text));
        if (program && SQL_CLIENTS.has(program)) this.action('sql', value, outer, (body && fieldOf(body, 'name')) ?? outer);
        this.heredocStrings(text);
        continue;
      }
      if (r.type !== 'file_redirect') {
        this.words(r);
        continue;
      }
      const dest = fieldOf(r, 'destination') ?? r.children.filter((c) => c.named).at(-1);
      if (!dest) continue;
      const op = r.children.find((c) => !c.named)?.type ?? '>';
      const w = this.word(dest);
      const target = constString(w.value);
      // `2>&1`, `>&2`: a file descriptor, not a file
      if (op.includes('&') && target !== undefined && /^\d*-?$/.test(target)) continue;
      // `> /dev/tcp/$HOST/$PORT`: bash opens a connection there, not a file
      const socket = socketOf(w.value);
      if (socket) this.action('http_request', socket, r);
      else this.action(op.startsWith('<') && !op.includes('>') ? 'file_read' : 'file_write', w.value, r);
    }
  }

  /** A pseudo-call for an action a command performs: `shell.action.<kind>` with the governed value as its argument. */
  private action(kind: ShellActionKind, value: Value, at: Node, by: Node = at): void {
    const range = this.rangeOf(this.outer ?? at);
    const fact: CallFact = { callee: `shell.action.${kind}`, method: kind, args: [value], kwargs: {}, range, calleeRange: this.rangeOf(this.outer ?? by) };
    if (this.fn) fact.enclosingFunction = this.fn;
    this.calls.push({ start: (this.outer ?? at).start, fact });
  }

  /** `NAME=value` and `name: value` lines of a heredoc (a `.env` or config file written by the script). */
  private heredocStrings(body: Node): void {
    const text = this.text(body);
    let offset = body.start;
    for (const line of text.split('\n')) {
      const m = /^(\s*(?:export\s+)?)([A-Za-z_][\w.-]*)\s*[=:]\s*(['"]?)([^'"\s#]{6,})\3\s*$/.exec(line);
      if (m && !m[4]!.includes('$')) {
        const start = offset + m[0].indexOf(m[4]!, m[1]!.length + m[2]!.length);
        const range = this.outer ? this.rangeOf(this.outer) : this.lines.range(start, start + m[4]!.length);
        this.strings.push({ start, fact: { name: m[2]!, value: m[4]!, range } });
      }
      offset += line.length + 1;
    }
  }

  /** What a command does to files, databases and the network, as pseudo-calls the policy rules judge. */
  private governedActions(program: string, words: Word[], n: Node): void {
    const texts = words.map((w) => constString(w.value));
    const operands = (valued: ReadonlySet<string> = NO_VALUES): Word[] => {
      const out: Word[] = [];
      let options = true;
      for (let i = 0; i < words.length; i++) {
        const t = texts[i];
        if (options && t === '--') options = false;
        else if (options && t !== undefined && t.startsWith('-') && t !== '-') {
          if (valued.has(t)) i++;
        } else out.push(words[i]!);
      }
      return out;
    };
    const name = fieldOf(n, 'name') ?? n;
    const act = (kind: ShellActionKind, w: Word) => this.action(kind, w.value, w.node, name);
    switch (program) {
      case 'rm':
      case 'unlink':
      case 'rmdir':
      case 'shred':
        for (const w of operands()) act('file_delete', w);
        return;
      case 'mv':
      case 'touch':
      case 'mkdir':
      case 'tee':
      case 'truncate':
        for (const w of operands(program === 'truncate' ? new Set(['-s', '--size', '-r', '--reference']) : program === 'mkdir' ? new Set(['-m', '--mode']) : NO_VALUES))
          act('file_write', w);
        return;
      case 'cp': {
        const ops = operands(new Set(['-t', '--target-directory', '-S', '--suffix']));
        ops.forEach((w, i) => act(i === ops.length - 1 ? 'file_write' : 'file_read', w));
        return;
      }
      case 'chmod':
      case 'chown':
      case 'chgrp': {
        const ops = operands();
        const reference = texts.some((t) => t?.startsWith('--reference'));
        for (const w of ops.slice(reference ? 0 : 1)) act('file_write', w);
        return;
      }
      case 'psql':
      case 'mysql':
      case 'mariadb': {
        const flags = program === 'psql' ? ['-c', '--command'] : ['-e', '--execute'];
        for (let i = 0; i < words.length; i++) {
          const t = texts[i];
          if (t === undefined) continue;
          if (flags.includes(t) && i + 1 < words.length) act('sql', words[++i]!);
          else if (t.startsWith(flags[1]! + '=')) this.action('sql', constant(t.slice(flags[1]!.length + 1)), words[i]!.node, name);
          else if (t.length > 2 && t.startsWith(flags[0]!) && !t.startsWith('--')) this.action('sql', constant(t.slice(2)), words[i]!.node, name);
        }
        return;
      }
      case 'sqlite3':
      case 'sqlite': {
        for (let i = 0; i + 1 < words.length; i++) if (texts[i] === '-cmd') act('sql', words[i + 1]!);
        const ops = operands(new Set(['-cmd', '-init', '-separator', '-newline', '-nullvalue', '-mmap', '-pagecache', '-lookaside', '-heap', '-vfs', '-maxsize']));
        // dot-commands (`.tables`, `.dump`) are the shell's own, not SQL
        for (const w of ops.slice(1)) if (!constString(w.value)?.startsWith('.')) act('sql', w);
        return;
      }
      default:
        if (FETCHERS.has(program) || program === 'https' || program === 'xh') {
          for (const w of words) {
            const sk = w.value.kind === 'const' ? String(w.value.value) : w.value.kind === 'template' && typeof w.value.parts[0] === 'string' ? w.value.parts[0] : '';
            if (/^https?:\/\//i.test(sk)) act('http_request', w);
          }
        } else if (program === 'echo' || program === 'printf') {
          // `echo "API_KEY=..." >> .env`: the value is bound to the name
          for (const w of words) {
            const t = constString(w.value);
            const m = t === undefined ? null : /^(?:export\s+)?([A-Za-z_]\w*)=(['"]?)(\S{6,}?)\2$/.exec(t);
            if (m) this.stringFact(w.node, m[3]!, m[1]!);
          }
        }
    }
  }

  /** Statements and expressions inside a compound node, in order. */
  private compound(n: Node): void {
    for (const c of n.children) {
      if (!c.named || c.type === 'comment' || c.type === 'heredoc_body') continue;
      if (c.type === 'for_statement' || c.field === 'value' || c.field === 'condition' || c.type === 'test_command') {
        if (c.type === 'for_statement' || c.type === 'test_command' || c.type === 'command' || c.type === 'pipeline' || c.type === 'list') this.statement(c);
        else this.words(c);
        continue;
      }
      if (c.field === 'variable' && n.type === 'for_statement') {
        this.write(this.text(c), unknown());
        continue;
      }
      this.statement(c);
    }
  }

  /** Walk a path that may or may not run: what it writes is unknown afterwards unless unchanged. */
  private branch(walk: () => void): void {
    const before = new Map(this.vars);
    const outerWritten = this.written;
    const written = new Set<string>();
    this.written = written;
    walk();
    this.written = outerWritten;
    for (const name of written) {
      const old = before.get(name);
      const now = this.vars.get(name);
      const same = old && now && old.kind === 'const' && now.kind === 'const' && old.value === now.value;
      if (!same) this.vars.set(name, unknown());
      outerWritten?.add(name);
    }
  }

  private write(name: string, v: Value): void {
    this.vars.set(name, v);
    this.written?.add(name);
  }

  private assignment(n: Node): void {
    const nameNode = fieldOf(n, 'name');
    const valueNode = fieldOf(n, 'value');
    if (!nameNode) return;
    const name = this.text(nameNode);
    const v = valueNode ? this.word(valueNode).value : constant('');
    // `A+=x` appends
    const append = n.children.some((c) => !c.named && c.type === '+=');
    const old = this.vars.get(name);
    this.write(name, append ? concat(old ?? unknown(), v) : v);
    if (valueNode && v.kind === 'const' && typeof v.value === 'string' && v.value.length >= 8) this.stringFact(valueNode, v.value, name);
  }

  private declaration(n: Node): void {
    // `local X` / `declare X` without a value make X a new, empty variable we cannot vouch for;
    // `export X` / `readonly X` keep its value
    const keyword = n.children.find((c) => !c.named)?.type;
    const resets = keyword === 'local' || keyword === 'declare' || keyword === 'typeset';
    for (const c of n.children) {
      if (c.type === 'variable_assignment') this.assignment(c);
      else if (resets && c.type === 'variable_name') this.write(this.text(c), unknown());
    }
  }

  private functionDefinition(n: Node): void {
    const nameNode = fieldOf(n, 'name');
    const name = nameNode ? this.text(nameNode) : '<function>';
    const range = this.rangeOf(this.outer ?? n);
    const id = `${name}@${range.line}`;
    this.functions.push({ id, name, params: [], range });
    const saveFn = this.fn;
    this.fn = id;
    // a function runs when called, with whatever the variables hold then
    this.branch(() => {
      const body = fieldOf(n, 'body');
      if (body) this.compound(body);
    });
    this.fn = saveFn;
  }

  // --- commands ------------------------------------------------------------------------------

  private pipeline(n: Node): void {
    let previous: string | undefined;
    for (const c of n.children) {
      if (!c.named) continue;
      const program = c.type === 'command' ? this.command(c, previous) : (this.statement(c), undefined);
      previous = program;
    }
  }

  /** Lower one simple command; returns the basename of the program that finally runs. */
  private command(n: Node, pipedFrom: string | undefined): string | undefined {
    const saved = new Map<string, Value>();
    for (const c of n.children) {
      // `VAR=x cmd` sets VAR for cmd only; a bare assignment list is a statement
      if (c.type === 'variable_assignment') {
        const nm = fieldOf(c, 'name');
        if (nm) saved.set(this.text(nm), this.vars.get(this.text(nm)) ?? unknown());
        this.assignment(c);
      }
    }
    const nameNode = fieldOf(n, 'name');
    const words: Word[] = [];
    for (const c of n.children) {
      if (c.field === 'argument') words.push(this.word(c));
      else if (c.field === 'redirect' || c.type === 'file_redirect' || c.type === 'herestring_redirect') this.words(c);
    }
    for (const [k, v] of saved) this.vars.set(k, v);
    if (!nameNode) return undefined;
    const head = this.word(nameNode.children.find((c) => c.named) ?? nameNode);
    return this.emit(n, nameNode, head, words, pipedFrom);
  }

  /** Push the call for a program and its words, then for the program a wrapper runs. */
  private emit(n: Node, nameNode: Node, head: Word, words: Word[], pipedFrom: string | undefined): string | undefined {
    const programText = head.value.kind === 'const' && typeof head.value.value === 'string' ? head.value.value : undefined;
    const program = programText !== undefined ? basename(programText) : '?';
    const kwargs: Record<string, Value> = {};
    let from = pipedFrom;
    if (SHELLS.has(program) && !from) from = words.map((w) => w.substitutedFrom).find((p) => p && FETCHERS.has(p));
    if (from) kwargs.pipedFrom = constant(from);
    const outer = this.outer ?? n;
    const fact: CallFact = {
      callee: `shell.${program}`,
      method: program,
      args: words.map((w) => w.value),
      kwargs,
      range: this.rangeOf(outer),
      calleeRange: this.rangeOf(this.outer ?? nameNode),
    };
    if (this.fn) fact.enclosingFunction = this.fn;
    this.calls.push({ start: outer.start, fact });
    this.governedActions(program, words, n);
    if (SHELLS.has(program)) this.inlineScript(words, n);
    const wrapped = this.wrapped(program, words);
    if (wrapped && wrapped.length) return this.emit(n, nameNode, wrapped[0]!, wrapped.slice(1), pipedFrom);
    return program;
  }

  /** The words of the command a wrapper runs, or undefined when it runs none. */
  private wrapped(program: string, words: Word[]): Word[] | undefined {
    const valued = WRAPPER_VALUE_OPTIONS[program];
    if (!valued) return undefined;
    let i = 0;
    for (; i < words.length; i++) {
      const w = words[i]!;
      const t = w.value.kind === 'const' ? String(w.value.value) : undefined;
      if (t === undefined) break;
      if (t === '--') {
        i++;
        break;
      }
      if (program === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) continue;
      if (program === 'command' && (t === '-v' || t === '-V')) return undefined; // a lookup, nothing runs
      if (!t.startsWith('-') || t === '-') break;
      if (valued.has(t)) i++;
    }
    // timeout's first operand is the duration
    if (program === 'timeout') i++;
    const rest = words.slice(i);
    return rest.length ? rest : undefined;
  }

  /** `sh -c '<constant script>'`: lowered as well, later (parsing is asynchronous). */
  private inlineScript(words: Word[], n: Node): void {
    if (this.depth >= MAX_INLINE_DEPTH) return;
    for (let i = 0; i < words.length - 1; i++) {
      const t = words[i]!.value;
      if (t.kind !== 'const' || typeof t.value !== 'string' || !/^-[a-z]*c[a-z]*$/.test(t.value)) continue;
      const script = constString(words[i + 1]!.value);
      if (script !== undefined) this.inline.push({ script, outer: this.outer ?? n, fn: this.fn, depth: this.depth + 1 });
      return;
    }
  }

  // --- words ---------------------------------------------------------------------------------

  /** Walk the commands inside a node that is not itself a word (conditions, redirects). */
  private words(n: Node): void {
    for (const c of n.children) {
      if (!c.named) continue;
      if (c.type === 'command_substitution' || c.type === 'process_substitution') this.substitution(c);
      else if (c.type === 'command' || c.type === 'pipeline' || c.type === 'list') this.statement(c);
      else this.words(c);
    }
  }

  /** Lower the commands of `$(...)` / `<(...)`; return the first program it runs. */
  private substitution(n: Node): string | undefined {
    let first: string | undefined;
    for (const c of n.children) {
      if (!c.named) continue;
      if (c.type === 'command') first ??= this.command(c, undefined);
      else if (c.type === 'pipeline') {
        const cmd = c.children.find((x) => x.type === 'command');
        if (cmd) first ??= this.firstProgram(cmd);
        this.pipeline(c);
      } else this.statement(c);
    }
    return first;
  }

  private firstProgram(cmd: Node): string | undefined {
    const nameNode = fieldOf(cmd, 'name');
    const w = nameNode?.children.find((c) => c.named);
    return w && (w.type === 'word' || w.type === 'raw_string') ? basename(this.text(w).replace(/^'|'$/g, '')) : undefined;
  }

  private word(n: Node): Word {
    switch (n.type) {
      case 'word':
      case 'number':
      case 'extglob_pattern':
        return { value: constant(unescapeWord(this.text(n))), node: n };
      case 'raw_string':
        return { value: constant(this.text(n).slice(1, -1)), node: n };
      case 'ansi_c_string':
        return { value: constant(unescapeAnsiC(this.text(n).slice(2, -1))), node: n };
      case 'translated_string': {
        const inner = n.children.find((c) => c.type === 'string');
        return inner ? this.word(inner) : { value: unknown(), node: n };
      }
      case 'string':
        return this.doubleQuoted(n);
      case 'concatenation': {
        const parts = n.children.filter((c) => c.named).map((c) => this.word(c));
        return { value: concat(...parts.map((p) => p.value)), node: n, substitutedFrom: parts.find((p) => p.substitutedFrom)?.substitutedFrom };
      }
      case 'simple_expansion':
      case 'expansion':
        return { value: this.expansion(n), node: n };
      case 'command_substitution':
      case 'process_substitution': {
        const from = this.substitution(n);
        return { value: this.substitutedValue(n), node: n, substitutedFrom: from };
      }
      case 'arithmetic_expansion':
        this.words(n);
        return { value: unknown(), node: n };
      default:
        this.words(n);
        return { value: unknown(), node: n };
    }
  }

  private doubleQuoted(n: Node): Word {
    const parts: (string | { hole: Value })[] = [];
    let from: string | undefined;
    let last = n.start + 1;
    for (const c of n.children) {
      if (!c.named) continue;
      // text the grammar leaves between children (before an expansion) is literal too
      if (c.start > last && c.type !== 'string_content') parts.push(unescapeDouble(this.source.slice(last, c.start)));
      if (c.type === 'string_content') parts.push(unescapeDouble(this.text(c)));
      else if (c.type === 'simple_expansion' || c.type === 'expansion') {
        const v = this.expansion(c);
        parts.push(v.kind === 'const' && v.value !== null ? String(v.value) : { hole: v });
      } else if (c.type === 'command_substitution' || c.type === 'process_substitution') {
        from ??= this.substitution(c);
        parts.push({ hole: this.substitutedValue(c) });
      } else {
        this.words(c);
        parts.push({ hole: unknown() });
      }
      last = c.end;
    }
    if (n.end - 1 > last) parts.push(unescapeDouble(this.source.slice(last, n.end - 1)));
    return { value: fromParts(parts), node: n, substitutedFrom: from };
  }

  /** What a command substitution gives: not known, but never empty when it only prints the working directory (`$(pwd)`). */
  private substitutedValue(n: Node): Value {
    return PWD_SUBSTITUTION.test(this.text(n)) ? unknown(undefined, { ref: REQUIRED_EXPANSION }) : unknown();
  }

  /** `$X` and `${X}` fold to a known constant; anything with an operator is a hole. */
  private expansion(n: Node): Value {
    const named = n.children.filter((c) => c.named);
    const plain = named.length === 1 && (named[0]!.type === 'variable_name' || named[0]!.type === 'special_variable_name');
    if (n.type === 'expansion') {
      // walk substitutions inside defaults: ${X:-$(cmd)}
      for (const c of named) if (c.type !== 'variable_name') this.words(c);
      const hasOperator = n.children.some((c) => !c.named && c.type !== '${' && c.type !== '}');
      // `${X:?}`, `${X?message}`: the shell stops with an error when X is unset (or, with `:`, empty), so the
      // expansion is never empty
      if (hasOperator && /^\$\{[A-Za-z_][A-Za-z0-9_]*:?\?/.test(this.text(n))) return unknown(undefined, { ref: REQUIRED_EXPANSION });
      if (!plain || hasOperator) return unknown();
    }
    if (!plain) return unknown();
    const name = this.text(named[0]!);
    const v = this.vars.get(name);
    // the shell sets `PWD` to the working directory (a script that assigns it gets what it assigned)
    return v ?? (name === 'PWD' ? unknown(undefined, { ref: REQUIRED_EXPANSION }) : unknown());
  }

  private stringFact(n: Node, value: string, name: string): void {
    this.strings.push({ start: n.start, fact: { name, value, range: this.rangeOf(this.outer ?? n) } });
  }
}

/** A command substitution that only prints the working directory (`$(pwd)`, `` `pwd` ``): never empty. */
const PWD_SUBSTITUTION = /^(?:\$\(\s*pwd\s*\)|`\s*pwd\s*`)$/;

export async function analyzeShell(file: string, source: string): Promise<FileFacts> {
  const { root, errors } = await parseSource('bash', source);
  const lines = new LineTable(source);
  const main = new ShellLowering(source, lines, 0, undefined, undefined);
  main.statements(root.children);
  const calls = [...main.calls];
  const functions = [...main.functions];
  const strings = [...main.strings];
  // inline scripts: their facts take the position of the command that runs them
  const jobs = [...main.inline];
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i]!;
    const parsed = await parseSource('bash', job.script);
    const sub = new ShellLowering(job.script, new LineTable(job.script), job.depth, undefined, job.fn);
    sub.statements(parsed.root.children);
    const outerRange = lines.range(job.outer.start, job.outer.end);
    for (const c of sub.calls) calls.push({ start: job.outer.start, fact: { ...c.fact, range: outerRange, calleeRange: outerRange } });
    for (const inner of sub.inline) jobs.push({ ...inner, outer: job.outer });
  }
  return {
    file,
    language: 'shell',
    imports: [],
    calls: inSourceOrder(calls),
    functions,
    strings: inSourceOrder(strings),
    problems: syntaxProblems(errors, source, lines),
  };
}
