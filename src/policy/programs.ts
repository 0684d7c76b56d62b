/**
 * Program models: what an allowlisted program runs besides itself. Each model is a data
 * file in `rules/programs/<program>.yaml` (its option grammar, the option families that run
 * another program, write executable configuration or leave the sandbox, and the
 * environment variables it reads as code); this module loads them and applies them to an
 * argv. The arguments are parsed as the program parses them (options that take a value,
 * `--opt=value`, combined short options, abbreviated long options, `--`, subcommands), so
 * that option text inside a value (`git grep -e --upload-pack`, `git commit -m "-c x"`) is
 * not taken for an option. An option the model does not know is read as a flag: what
 * follows it is still parsed as options, the fail-closed reading.
 *
 * Only `classifyCommand` (src/policy/commands.ts) calls this: it stays the single verdict.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleError as ProgramModelError } from './rules.js';
import { parseYamlCached } from './yaml-cache.js';

/** How a model's denial is classed; `classifyCommand` turns it into a CommandProblem. */
export type ModelProblem = 'wrapper' | 'interpreter' | 'shell' | 'escape' | 'outside-sandbox';

export interface ModelFinding {
  problem: ModelProblem;
  /** the program the option runs, when the argv names one */
  target?: string;
  /** how, for the generic sentence: `git -c core.pager` */
  how?: string;
  /** a complete sentence, when the generic one would not read well */
  sentence?: string;
}

/** A path an option writes to, judged by the caller's sandbox (the kernel's file policy). */
export type PathJudge = (path: string, op: 'read' | 'write' | 'delete') => { inside: boolean; reason?: string };

/** Named checks for programs whose arguments hold another language (implemented in commands.ts). */
export type NamedCheck = (args: string[], model: ProgramModel, judgePath?: PathJudge) => ModelFinding | undefined;

interface Grammar {
  /** options that take a value: `-f FILE`, `-fFILE`, `--file FILE`, `--file=FILE` */
  value: Set<string>;
  /** options whose value can only be attached: `--pretty=x`, `-O<pager>` */
  optional: Set<string>;
  /** long options may be shortened to a prefix (GNU getopt, git parse-options) */
  abbreviations: boolean;
  /** long options with one dash (`find -exec`, `zip -TT`) */
  singleDash: boolean;
  /** options may follow operands (GNU permutation) */
  permute: boolean;
  /** tar: a first argument without a dash is a group of short options */
  oldStyle: boolean;
}

type ValueTest =
  | { kind: 'any' }
  | { kind: 'pattern'; re: RegExp }
  | { kind: 'config-key' }
  | { kind: 'command-unless'; programs: Set<string> }
  | { kind: 'outside-sandbox'; op: 'read' | 'write' | 'delete' };

interface DenyRule {
  /** the program (or subcommand) is denied whatever its arguments */
  always?: boolean;
  options?: string[];
  /** an operand at this index (after the subcommand), or any operand when absent */
  operand?: { index?: number; re?: RegExp };
  value?: ValueTest;
  /** the rule applies only when the option was given a value */
  withValue?: boolean;
  /** options whose presence makes the use safe (`npm install --ignore-scripts`) */
  unless?: string[];
  /** the rule applies only when one of these options is present (`find ... -delete`) */
  when?: string[];
  problem: ModelProblem;
  how: string;
  /** where the program that runs is named: the option's value, the value after `=`, the next operand */
  target?: 'value' | 'config-value' | 'next-operand' | RegExp;
  says?: string;
}

interface Section {
  grammar: Grammar;
  deny: DenyRule[];
  check?: string;
}

export interface ProgramModel {
  program: string;
  names: string[];
  file: string;
  global: Section;
  /** first operand selects a subcommand model (`git clone`, `docker container run`) */
  subcommands?: Map<string, Section>;
  /** rules for every subcommand */
  anySubcommand?: Section;
  /** git: configuration keys whose value is a program, a shell snippet or more configuration */
  configKeys?: RegExp;
  /** git: `key=value` settings of such keys that turn the program off rather than name one (`core.fsmonitor=false`, `core.hooksPath=/dev/null`) */
  configSafe?: RegExp;
  /** environment variables this program reads as code (on top of the common list) */
  env: EnvModel;
}

export interface EnvModel {
  deny: { pattern: RegExp; text: string; reason: string }[];
  allow: RegExp[];
}

/** A program model file that cannot be read: names the file, as rule files do. */
export { RuleError as ProgramModelError } from './rules.js';

/** rules/programs/ shipped with the package (from src/ under vitest and from dist/). */
export function defaultProgramsDir(): string {
  return fileURLToPath(new URL('../../rules/programs/', import.meta.url));
}

// ---------------------------------------------------------------------------------------
// loading

type Raw = Record<string, unknown>;

function list(v: unknown, file: string, what: string): string[] {
  if (v === undefined || v === null) return [];
  const a = Array.isArray(v) ? v : [v];
  for (const x of a) if (typeof x !== 'string' || !x) throw new ProgramModelError(file, `${what} must be a list of non-empty strings`);
  return a as string[];
}

function regex(source: string, file: string, what: string): RegExp {
  try {
    return new RegExp(source, 'i');
  } catch (err) {
    throw new ProgramModelError(file, `${what}: ${JSON.stringify(source)} is not a regular expression (${(err as Error).message})`);
  }
}

/** A name list entry: `LD_PRELOAD`, or a glob with `*` (`DYLD_*`, `GIT_CONFIG_KEY_*`). */
function nameGlob(text: string): RegExp {
  return new RegExp('^' + text.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$');
}

function parseGrammar(o: Raw, file: string, inherit?: Grammar): Grammar {
  const flag = (k: string, d: boolean): boolean => (typeof o[k] === 'boolean' ? (o[k] as boolean) : d);
  return {
    value: new Set(list(o.value, file, '`value`')),
    optional: new Set(list(o.optional, file, '`optional`')),
    abbreviations: flag('abbreviations', inherit?.abbreviations ?? false),
    singleDash: flag('single-dash', inherit?.singleDash ?? false),
    permute: flag('permute', inherit?.permute ?? true),
    oldStyle: flag('old-style', false),
  };
}

const PROBLEMS: readonly ModelProblem[] = ['wrapper', 'interpreter', 'shell', 'escape', 'outside-sandbox'];

function parseValueTest(v: unknown, file: string): ValueTest | undefined {
  if (v === undefined) return undefined;
  if (v === 'any') return { kind: 'any' };
  if (v === 'config-key') return { kind: 'config-key' };
  if (typeof v === 'object' && v !== null) {
    const o = v as Raw;
    if (typeof o.pattern === 'string') return { kind: 'pattern', re: regex(o.pattern, file, 'value pattern') };
    if (o['command-unless'] !== undefined) return { kind: 'command-unless', programs: new Set(list(o['command-unless'], file, '`command-unless`')) };
    if (o['outside-sandbox'] !== undefined) {
      const op = o['outside-sandbox'];
      if (op !== 'read' && op !== 'write' && op !== 'delete') throw new ProgramModelError(file, '`outside-sandbox` must be read, write or delete');
      return { kind: 'outside-sandbox', op };
    }
  }
  throw new ProgramModelError(file, `value test ${JSON.stringify(v)} must be any, config-key, { pattern }, { command-unless } or { outside-sandbox }`);
}

function parseDeny(v: unknown, file: string): DenyRule {
  if (typeof v !== 'object' || v === null) throw new ProgramModelError(file, 'each `deny` entry must be a mapping');
  const o = v as Raw;
  const problem = (o.problem ?? 'wrapper') as ModelProblem;
  if (!PROBLEMS.includes(problem)) throw new ProgramModelError(file, `\`problem\` must be one of ${PROBLEMS.join(', ')}`);
  if (typeof o.how !== 'string' || !o.how) throw new ProgramModelError(file, 'each `deny` entry needs `how` (what the user wrote, for the reason)');
  const rule: DenyRule = { problem, how: o.how };
  if (o.options !== undefined) rule.options = list(o.options, file, '`options`');
  if (o.operand !== undefined) {
    const op = (typeof o.operand === 'object' && o.operand !== null ? o.operand : {}) as Raw;
    rule.operand = {};
    if (typeof op.index === 'number') rule.operand.index = op.index;
    if (typeof op.pattern === 'string') rule.operand.re = regex(op.pattern, file, 'operand pattern');
  }
  if (o.always === true) rule.always = true;
  if (!rule.options && !rule.operand && !rule.always) throw new ProgramModelError(file, 'a `deny` entry needs `options`, `operand` or `always: true`');
  rule.value = parseValueTest(o.value, file);
  if (o['with-value'] === true) rule.withValue = true;
  if (o.unless !== undefined) rule.unless = list(o.unless, file, '`unless`');
  if (o.when !== undefined) rule.when = list(o.when, file, '`when`');
  if (typeof o.says === 'string') rule.says = o.says;
  if (o.target === 'value' || o.target === 'config-value' || o.target === 'next-operand') rule.target = o.target;
  else if (typeof o.target === 'string') rule.target = regex(o.target, file, 'target');
  return rule;
}

function parseSection(o: Raw, file: string, inherit?: Grammar): Section {
  const s: Section = { grammar: parseGrammar(o, file, inherit), deny: (Array.isArray(o.deny) ? o.deny : []).map((d) => parseDeny(d, file)) };
  if (typeof o.check === 'string') s.check = o.check;
  return s;
}

function parseEnv(v: unknown, file: string): EnvModel {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Raw;
  const deny: EnvModel['deny'] = [];
  const entries = Array.isArray(o.deny) ? o.deny : [];
  for (const e of entries) {
    if (typeof e !== 'object' || e === null) throw new ProgramModelError(file, 'each `env.deny` entry must be { names, reason }');
    const r = e as Raw;
    if (typeof r.reason !== 'string') throw new ProgramModelError(file, 'each `env.deny` entry needs a `reason`');
    for (const n of list(r.names, file, '`env.deny[].names`')) deny.push({ pattern: nameGlob(n), text: n, reason: r.reason });
  }
  return { deny, allow: list(o.allow, file, '`env.allow`').map(nameGlob) };
}

export function parseProgramModel(text: string, file: string): ProgramModel {
  let doc: unknown;
  try {
    doc = parseYamlCached(text);
  } catch (err) {
    throw new ProgramModelError(file, `not valid YAML (${(err as Error).message})`);
  }
  if (typeof doc !== 'object' || doc === null) throw new ProgramModelError(file, 'expected a mapping with `program`');
  const o = doc as Raw;
  if (typeof o.program !== 'string' || !o.program) throw new ProgramModelError(file, 'expected `program: <name>`');
  const names = (o.program === '*' ? [] : list(o.names ?? o.program, file, '`names`')).map((n) => n.toLowerCase());
  const global = parseSection((o.options ?? {}) as Raw, file);
  global.deny.push(...(Array.isArray(o.deny) ? o.deny : []).map((d) => parseDeny(d, file)));
  if (typeof o.check === 'string') global.check = o.check;
  const model: ProgramModel = { program: o.program, names, file, global, env: parseEnv(o.env, file) };
  if (o.subcommands !== undefined) {
    if (typeof o.subcommands !== 'object' || o.subcommands === null) throw new ProgramModelError(file, '`subcommands` must be a mapping');
    model.subcommands = new Map();
    const subs = o.subcommands as Raw;
    // a subcommand's grammar flags default to those of `*`, then to the program's
    const base = subs['*'] !== undefined ? parseSection((subs['*'] ?? {}) as Raw, file, global.grammar).grammar : global.grammar;
    for (const [name, sub] of Object.entries(subs)) {
      const section = parseSection((sub ?? {}) as Raw, file, name === '*' ? global.grammar : base);
      if (name === '*') model.anySubcommand = section;
      else for (const n of name.split('|')) model.subcommands.set(n.trim(), section);
    }
  }
  const keys = list(o['config-keys'], file, '`config-keys`');
  if (keys.length) model.configKeys = regex(keys.map((k) => `(?:${k})`).join('|'), file, 'config-keys');
  const safe = list(o['config-safe'], file, '`config-safe`');
  if (safe.length) model.configSafe = regex(safe.map((k) => `(?:${k})`).join('|'), file, 'config-safe');
  return model;
}

export interface ProgramModels {
  byName: Map<string, ProgramModel>;
  /** `program: '*'`: the environment variables denied for every program */
  common: EnvModel;
}

/** The models of a directory (every `*.yaml`), by program name. */
export function loadProgramModels(dir: string = defaultProgramsDir()): ProgramModels {
  const byName = new Map<string, ProgramModel>();
  let common: EnvModel = { deny: [], allow: [] };
  for (const name of readdirSync(dir).sort()) {
    if (!/\.ya?ml$/.test(name)) continue;
    const file = path.join(dir, name);
    const model = parseProgramModel(readFileSync(file, 'utf8'), file);
    if (model.program === '*') {
      common = model.env;
      continue;
    }
    for (const n of model.names) {
      if (byName.has(n)) throw new ProgramModelError(file, `program \`${n}\` is already modelled in ${byName.get(n)!.file}`);
      byName.set(n, model);
    }
  }
  return { byName, common };
}

// ---------------------------------------------------------------------------------------
// parsing an argv the way the program does

export type Token = { kind: 'option'; name: string; value?: string } | { kind: 'operand'; text: string; index: number };

/** The option a long (or single-dash long) name stands for: itself, or the known option it abbreviates (a denied one first: fail closed). */
function canonical(name: string, known: string[], preferred: Set<string>, abbreviations: boolean): string {
  if (!abbreviations || known.includes(name)) return name;
  const matches = known.filter((k) => k.startsWith(name) && k.startsWith('--') === name.startsWith('--'));
  return matches.find((m) => preferred.has(m)) ?? matches[0] ?? name;
}

/** Long option names a grammar knows (for abbreviations), computed once per grammar and denied set. */
const longNamesCache = new WeakMap<Grammar, WeakMap<Set<string>, string[]>>();
function longNames(g: Grammar, denied: Set<string>): string[] {
  let byDenied = longNamesCache.get(g);
  if (!byDenied) longNamesCache.set(g, (byDenied = new WeakMap()));
  let names = byDenied.get(denied);
  if (!names) byDenied.set(denied, (names = [...g.value, ...g.optional, ...denied].filter((k) => k.startsWith('--') || (g.singleDash && k.length > 2))));
  return names;
}

/** Tokens of `args` under a grammar; `stopAtOperand` ends at the first operand (global options before a subcommand) and returns where. */
export function tokenize(args: string[], g: Grammar, denied: Set<string>, stopAtOperand = false): { tokens: Token[]; rest: number } {
  const tokens: Token[] = [];
  const known = longNames(g, denied);
  let operands = 0;
  let optionsDone = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const oldGroup = g.oldStyle && i === 0 && !a.startsWith('-') && a !== '';
    if (!oldGroup && (optionsDone || !a.startsWith('-') || a === '-')) {
      if (stopAtOperand) return { tokens, rest: i };
      tokens.push({ kind: 'operand', text: a, index: operands++ });
      if (!g.permute) optionsDone = true;
      continue;
    }
    if (a === '--') {
      optionsDone = true;
      if (stopAtOperand) return { tokens, rest: i + 1 };
      continue;
    }
    const eq = a.indexOf('=');
    const head = eq >= 0 ? a.slice(0, eq) : a;
    if (a.startsWith('--') || (g.singleDash && head.length > 2 && known.includes(canonical(head, known, denied, g.abbreviations)))) {
      const name = canonical(head, known, denied, g.abbreviations);
      let value = eq >= 0 ? a.slice(eq + 1) : undefined;
      if (value === undefined && g.value.has(name) && i + 1 < args.length) value = args[++i];
      tokens.push(value === undefined ? { kind: 'option', name } : { kind: 'option', name, value });
      continue;
    }
    // a group of short options: `-xzf FILE`, `-ckey=value`, `-Ccore`
    const letters = oldGroup ? a : a.slice(1);
    let pendingValues: string[] = [];
    for (let j = 0; j < letters.length; j++) {
      const name = '-' + letters[j]!;
      if (g.value.has(name) || g.optional.has(name)) {
        if (oldGroup) {
          // old style: each letter that takes a value takes the next argument, in order
          pendingValues.push(name);
          continue;
        }
        const rest = letters.slice(j + 1);
        if (rest) tokens.push({ kind: 'option', name, value: rest });
        else if (g.value.has(name) && i + 1 < args.length) tokens.push({ kind: 'option', name, value: args[++i]! });
        else tokens.push({ kind: 'option', name });
        break;
      }
      tokens.push({ kind: 'option', name });
    }
    for (const name of pendingValues) tokens.push(i + 1 < args.length ? { kind: 'option', name, value: args[++i]! } : { kind: 'option', name });
    pendingValues = [];
  }
  return { tokens, rest: args.length };
}

// ---------------------------------------------------------------------------------------
// judging

export interface ModelContext {
  /** classify a nested command line's argv (rsync -e 'ssh -p 22'); true when it is harmless */
  harmless: (argv: string[]) => boolean;
  judgePath?: PathJudge;
  checks: Record<string, NamedCheck>;
}

/** Shell metacharacters: a value holding one is a command line for a shell, not an argv. */
const SHELL_META = /[;|&$`()<>\n\\"'*?{}[\]!~]/;

/** First word of a command line, for naming the program in a reason. */
export function firstWord(line: string): string | undefined {
  const m = /^\s*(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*["']?([^\s"';|&()<>]+)/.exec(line);
  return m ? m[1] : undefined;
}

function programKeyOf(word: string): string {
  const base = word.slice(Math.max(word.lastIndexOf('/'), word.lastIndexOf('\\')) + 1);
  return base.toLowerCase().replace(/\.(exe|com)$/, '');
}

/** Whether setting configuration key `key` to `value` turns off what the key would run (the model's `config-safe`). */
export function configSafe(model: ProgramModel, key: string, value: string | undefined): boolean {
  return value !== undefined && model.configSafe !== undefined && model.configSafe.test(`${key.trim()}=${value}`);
}

function valueFails(test: ValueTest, value: string | undefined, model: ProgramModel, ctx: ModelContext): { fails: boolean; reason?: string } {
  switch (test.kind) {
    case 'any':
      return { fails: true };
    case 'pattern':
      return { fails: value !== undefined && test.re.test(value) };
    case 'config-key': {
      if (value === undefined) return { fails: false };
      const key = value.split('=')[0]!.trim();
      return { fails: model.configKeys !== undefined && model.configKeys.test(key) && !configSafe(model, key, value.includes('=') ? value.slice(value.indexOf('=') + 1) : undefined) };
    }
    case 'command-unless': {
      if (value === undefined) return { fails: false };
      if (SHELL_META.test(value)) return { fails: true };
      const words = value.trim().split(/\s+/);
      if (!test.programs.has(programKeyOf(words[0] ?? ''))) return { fails: true };
      return { fails: !ctx.harmless(words) };
    }
    case 'outside-sandbox': {
      if (value === undefined || !ctx.judgePath || value === '-') return { fails: false };
      const v = ctx.judgePath(value, test.op);
      return { fails: !v.inside, reason: v.reason };
    }
  }
}

function targetOf(rule: DenyRule, value: string | undefined, operands: Token[], at: number): string | undefined {
  const t = rule.target;
  if (t === undefined) return undefined;
  if (t === 'value') return value === undefined ? undefined : firstWord(value);
  if (t === 'config-value') return value === undefined || !value.includes('=') ? undefined : firstWord(value.slice(value.indexOf('=') + 1));
  if (t === 'next-operand') {
    const next = operands.find((o) => o.kind === 'operand' && o.index === at + 1);
    return next?.kind === 'operand' ? firstWord(next.text) : undefined;
  }
  const m = value === undefined ? null : t.exec(value);
  return m ? firstWord(m[1] ?? m[0]) : undefined;
}

function fill(template: string, value: string | undefined, option: string, sub: string): string {
  const key = value?.split('=')[0] ?? '';
  return template.replace(/\{key\}/g, key).replace(/\{value\}/g, value ?? '').replace(/\{option\}/g, option).replace(/\{sub\}/g, sub);
}

function judgeSection(section: Section, tokens: Token[], model: ProgramModel, ctx: ModelContext, args: string[], sub = ''): ModelFinding | undefined {
  if (section.check) {
    const check = ctx.checks[section.check];
    if (!check) throw new ProgramModelError(model.file, `names check \`${section.check}\`, which does not exist`);
    const f = check(args, model, ctx.judgePath);
    if (f) return f;
  }
  const present = new Set(tokens.filter((t) => t.kind === 'option').map((t) => (t as { name: string }).name));
  for (const rule of section.deny) {
    if (rule.unless?.some((u) => present.has(u))) continue;
    if (rule.when && !rule.when.some((w) => present.has(w))) continue;
    if (rule.always) return { problem: rule.problem, how: fill(rule.how, undefined, '', sub), ...(rule.says ? { sentence: fill(rule.says, undefined, '', sub) } : {}) };
    for (const t of tokens) {
      let value: string | undefined;
      if (t.kind === 'option') {
        if (!rule.options?.includes(t.name)) continue;
        if (rule.withValue && t.value === undefined) continue;
        value = t.value;
      } else {
        if (!rule.operand || rule.options) continue;
        if (rule.operand.index !== undefined && t.index !== rule.operand.index) continue;
        if (rule.operand.re && !rule.operand.re.test(t.text)) continue;
        value = t.text;
      }
      let why: string | undefined;
      if (rule.value) {
        const r = valueFails(rule.value, value, model, ctx);
        if (!r.fails) continue;
        why = r.reason;
      }
      const option = t.kind === 'option' ? t.name : '';
      const how = fill(rule.how, value, option, sub);
      const finding: ModelFinding = { problem: rule.problem, how };
      const target = targetOf(rule, value, tokens, t.kind === 'operand' ? t.index : -1);
      if (target) finding.target = target;
      if (rule.says) finding.sentence = fill(rule.says, value, option, sub) + (why ? `: ${why}` : '');
      else if (why) finding.sentence = `\`${how}\` ${why.replace(/^./, (c) => c.toLowerCase())}`;
      return finding;
    }
  }
  return undefined;
}

/** The options a section's rules name (denied ones, and the ones `when`/`unless` look for): the tokenizer must know them. */
function deniedNames(section: Section | undefined): string[] {
  return section ? section.deny.flatMap((d) => [...(d.options ?? []), ...(d.when ?? []), ...(d.unless ?? [])]) : [];
}

/** What parsing a section's arguments needs, derived from the model once. */
interface Prepared {
  grammar: Grammar;
  denied: Set<string>;
}
const preparedCache = new WeakMap<ProgramModel, Map<Section | undefined, Prepared>>();
function prepared(model: ProgramModel, section: Section | undefined): Prepared {
  let bySection = preparedCache.get(model);
  if (!bySection) preparedCache.set(model, (bySection = new Map()));
  let p = bySection.get(section);
  if (!p && section === model.global) {
    p = { grammar: section.grammar, denied: new Set(deniedNames(section)) };
    bySection.set(section, p);
  }
  if (!p) {
    const any = model.anySubcommand;
    const grammar = section?.grammar ?? any?.grammar ?? model.global.grammar;
    p = {
      grammar: section && any ? { ...grammar, value: new Set([...grammar.value, ...any.grammar.value]) } : grammar,
      denied: new Set([...deniedNames(section), ...deniedNames(any)]),
    };
    bySection.set(section, p);
  }
  return p;
}

/** Apply a program's model to its arguments: the first option family that runs or escapes, if any. */
export function judgeProgram(model: ProgramModel, args: string[], ctx: ModelContext): ModelFinding | undefined {
  const top = prepared(model, model.global);
  const global = tokenize(args, model.global.grammar, top.denied, model.subcommands !== undefined);
  const g = judgeSection(model.global, global.tokens, model, ctx, args);
  if (g || !model.subcommands) return g;
  const rest = args.slice(global.rest);
  const sub = rest[0];
  if (sub === undefined) return undefined;
  // two-word subcommands (`docker container run`) before one-word ones
  let section = rest[1] !== undefined ? model.subcommands.get(`${sub} ${rest[1]}`) : undefined;
  let after = section ? rest.slice(2) : rest.slice(1);
  section ??= model.subcommands.get(sub);
  if (!section) after = rest.slice(1);
  const { grammar, denied } = prepared(model, section);
  const { tokens } = tokenize(after, grammar, denied);
  return (section ? judgeSection(section, tokens, model, ctx, after, sub) : undefined) ?? (model.anySubcommand ? judgeSection(model.anySubcommand, tokens, model, ctx, after, sub) : undefined);
}

/**
 * The long options a subcommand of `model` takes and denies (its own rules, and those of `'*'` and of the program for
 * the options its grammar takes: `git clone` takes `--upload-pack`, `git diff` does not), for the subcommand `args` names: what a dynamic word
 * standing alone after it may turn out to be (`git clone $url` with `--upload-pack=…`). None for a program without
 * subcommands.
 */
export function deniedOptions(model: ProgramModel, args: readonly string[]): string[] {
  if (!model.subcommands) return [];
  let sub: string | undefined;
  for (let i = 0; i < args.length && sub === undefined; i++) {
    const a = args[i]!;
    if (model.global.grammar.value.has(a)) i++;
    else if (!a.startsWith('-')) sub = a;
  }
  const section = sub !== undefined ? model.subcommands.get(sub) : undefined;
  if (!section) return [];
  const takes = (o: string) => section.grammar.value.has(o) || section.grammar.optional.has(o);
  const out = new Set<string>();
  const add = (rules: readonly DenyRule[], own: boolean) => {
    for (const d of rules) if (!d.unless?.length && !d.when?.length) for (const o of d.options ?? []) if (o.startsWith('--') && (own || takes(o))) out.add(o);
  };
  add(section.deny, true);
  add(model.anySubcommand?.deny ?? [], false);
  add(model.global.deny, false);
  return [...out];
}

/** A variable of `env` that makes `model`'s program (or any program) run code or load libraries. */
export function judgeEnvironment(env: Record<string, unknown>, common: EnvModel, model: ProgramModel | undefined): { name: string; reason: string } | undefined {
  for (const name of Object.keys(env)) {
    if (env[name] === undefined) continue; // removing a variable adds nothing
    for (const m of [model?.env, common]) {
      if (!m) continue;
      if (m.allow.some((re) => re.test(name))) break;
      const hit = m.deny.find((d) => d.pattern.test(name));
      if (hit) return { name, reason: hit.reason };
    }
  }
  return undefined;
}
