/**
 * Rule loading: one YAML file per rule in rules/, plus annotated example files
 * beside it (`<id>.example.<ext>`). The YAML is the only place a rule's metadata lives.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CATEGORIES,
  PRESETS,
  SEVERITIES,
  type ActionKind,
  type Category,
  type Preset,
  type RuleDefinition,
  type RuleExample,
  type RuleLanguage,
  type Severity,
  type SinkArg,
  type SinkSpec,
} from './types.js';
import { parseYamlCached } from './yaml-cache.js';
import { bundleDir } from '../bundled.js';

export const RULE_LANGUAGES: readonly RuleLanguage[] = ['python', 'javascript', 'typescript', 'shell', 'sql', 'json', 'yaml', 'toml', 'dotenv', 'ini', 'dockerfile'];

/** Example file extension per language. */
export const EXAMPLE_EXTENSIONS: Record<RuleLanguage, string> = {
  python: 'py',
  javascript: 'js',
  typescript: 'ts',
  shell: 'sh',
  sql: 'sql',
  json: 'json',
  yaml: 'yaml',
  toml: 'toml',
  dotenv: 'env',
  ini: 'ini',
  dockerfile: 'dockerfile',
};

export class RuleError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'RuleError';
  }
}

/** The rules/ directory shipped with the package (works from src/ under vitest and from dist/). */
export function defaultRulesDir(): string {
  return fileURLToPath(new URL('../../rules/', import.meta.url));
}

function req<T>(cond: unknown, file: string, msg: string): asserts cond {
  if (!cond) throw new RuleError(file, msg);
}

function parseSinkArg(v: unknown, file: string): SinkArg {
  if (typeof v === 'number' && Number.isInteger(v)) return { index: v };
  if (typeof v === 'string' && v) return { keyword: v };
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    const arg: SinkArg = {};
    if (typeof o.index === 'number') arg.index = o.index;
    if (typeof o.keyword === 'string') arg.keyword = o.keyword;
    if (typeof o.property === 'string') arg.property = o.property;
    if (o.receiver === true) arg.receiver = true;
    if (o.role !== undefined) {
      const roles = asList(o.role);
      req(roles.length > 0 && roles.every((r) => typeof r === 'string' && r), file, `sink arg ${JSON.stringify(v)}: \`role\` must be a message role or a list of them`);
      arg.role = roles as string[];
    }
    req(arg.index !== undefined || arg.keyword !== undefined || arg.receiver, file, `sink arg ${JSON.stringify(v)} needs an index, a keyword or \`receiver: true\``);
    return arg;
  }
  throw new RuleError(file, `sink arg ${JSON.stringify(v)} must be an index, a keyword name or { index, keyword, property, role, receiver }`);
}

function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function parseSink(v: unknown, file: string): SinkSpec {
  req(typeof v === 'object' && v !== null, file, 'each sink must be a mapping');
  const o = v as Record<string, unknown>;
  const callee = asList(o.callee).map(String);
  req(callee.length > 0, file, 'a sink needs `callee`');
  const sink: SinkSpec = { callee, args: asList(o.arg).map((a) => parseSinkArg(a, file)) };
  if (o.every !== undefined) {
    req(typeof o.every === 'boolean', file, '`every` must be true or false');
    if (o.every) sink.every = true;
  }
  if (o.requiresImport !== undefined) sink.requiresImport = asList(o.requiresImport).map(String);
  if (o.languages !== undefined) {
    const langs = asList(o.languages).map(String);
    for (const l of langs) req((RULE_LANGUAGES as readonly string[]).includes(l), file, `sink \`languages\`: unknown language \`${l}\` (expected one of ${RULE_LANGUAGES.join(', ')})`);
    sink.languages = langs as RuleLanguage[];
  }
  if (o.with !== undefined) {
    req(typeof o.with === 'object' && o.with !== null, file, '`with` must be a mapping');
    sink.with = o.with as Record<string, string | number | boolean>;
  }
  return sink;
}

/** Parse and validate one rule YAML text. `knownChecks`, when given, rejects unknown check names. */
export function parseRule(text: string, file: string, knownChecks?: ReadonlySet<string>): Omit<RuleDefinition, 'examples'> {
  let raw: unknown;
  try {
    raw = parseYamlCached(text);
  } catch (err) {
    throw new RuleError(file, `not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  req(typeof raw === 'object' && raw !== null, file, 'a rule file must be a mapping');
  const r = raw as Record<string, unknown>;
  const expectedId = path.basename(file).replace(/\.ya?ml$/, '');
  req(typeof r.id === 'string' && r.id === expectedId, file, `\`id\` must equal the file name (${expectedId})`);
  for (const key of ['title', 'description', 'remediation'] as const)
    req(typeof r[key] === 'string' && (r[key] as string).trim(), file, `\`${key}\` must be a non-empty string`);
  req(CATEGORIES.includes(r.category as Category), file, `\`category\` must be one of ${CATEGORIES.join(', ')}`);
  req(SEVERITIES.includes(r.severity as Severity), file, `\`severity\` must be one of ${SEVERITIES.join(', ')}`);
  const languages = asList(r.languages) as RuleLanguage[];
  req(languages.length > 0 && languages.every((l) => RULE_LANGUAGES.includes(l)), file, `\`languages\` must list some of ${RULE_LANGUAGES.join(', ')}`);
  const presets = (r.presets === undefined ? ['strict', 'standard', 'permissive', 'audit'] : asList(r.presets)) as Preset[];
  req(presets.every((p) => PRESETS.includes(p)), file, `\`presets\` must list some of ${PRESETS.join(', ')}`);
  const references = asList(r.references).map(String);
  req(typeof r.static === 'object' && r.static !== null, file, '`static` must be a mapping with `check` and `sinks`');
  const st = r.static as Record<string, unknown>;
  req(typeof st.check === 'string', file, '`static.check` must name a check');
  if (knownChecks) req(knownChecks.has(st.check as string), file, `unknown check \`${String(st.check)}\` (known: ${[...knownChecks].join(', ')})`);
  const sinks = asList(st.sinks).map((s) => parseSink(s, file));
  req(st.sinksFrom === undefined || typeof st.sinksFrom === 'string', file, '`static.sinksFrom` must name another rule');
  let runtime: { action: ActionKind } | undefined;
  if (r.runtime !== undefined) {
    const rt = r.runtime as Record<string, unknown>;
    req(['sql', 'file', 'exec', 'http'].includes(rt?.action as string), file, '`runtime.action` must be sql, file, exec or http');
    runtime = { action: rt.action as ActionKind };
  }
  const rule: Omit<RuleDefinition, 'examples'> = {
    id: r.id as string,
    title: (r.title as string).trim(),
    category: r.category as Category,
    severity: r.severity as Severity,
    description: (r.description as string).trim(),
    remediation: (r.remediation as string).trim(),
    references,
    languages,
    presets,
    static: { check: st.check as string, sinks },
    source: file,
  };
  if (typeof st.sinksFrom === 'string') rule.static.sinksFrom = st.sinksFrom;
  if (runtime) rule.runtime = runtime;
  return rule;
}

/**
 * A rule's `examples` are read from disk when first asked for (see `loadRules`). These two
 * copy a rule without asking: its own fields alone, or the whole rule with another severity.
 */
export function ruleFields(rule: RuleDefinition): Omit<RuleDefinition, 'examples'> {
  return Object.fromEntries(Object.keys(rule).filter((k) => k !== 'examples').map((k) => [k, rule[k as keyof RuleDefinition]])) as Omit<RuleDefinition, 'examples'>;
}

export function withSeverity(rule: RuleDefinition, severity: RuleDefinition['severity']): RuleDefinition {
  return Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(rule), severity: { value: severity, enumerable: true, writable: true, configurable: true } }) as RuleDefinition;
}

/** A rule's parsed YAML (`parseRule`), its `source` the file's name in the rules directory. */
type CompiledRule = Omit<RuleDefinition, 'examples'>;

/**
 * The rules of rules/ as `npm run build` parsed them (src/build/bundle.mjs writes them into the
 * bundle's directory): taken by the bundled CLI instead of parsing the YAML again when the digest of the rule files'
 * names and texts is the one they were parsed from, and every check they name is known. Any
 * edit to a rule file changes the digest, and the files are parsed as before.
 */
export interface CompiledRules {
  format: 1;
  digest: string;
  /** the checks the rules were validated against */
  checks: string[];
  rules: CompiledRule[];
}

/** The file the build writes into the bundle's directory: used only by the bundled CLI, which the same build made (so by the code that wrote it). */
export const COMPILED_RULES = 'rules.json';

/** A rule file of a rules directory (not an example, not the sample configuration). */
const isRuleFile = (name: string) => /\.ya?ml$/.test(name) && !name.startsWith('agentos.config') && !name.includes('.example.');

/** The digest of rule files, by name and text, in the order given. */
function rulesDigest(names: readonly string[], texts: readonly string[]): string {
  const hash = createHash('sha256');
  names.forEach((name, i) => hash.update(`${name}\0${texts[i]!.length}\0`).update(texts[i]!));
  return hash.digest('hex');
}

/** The compiled form of a rules directory (for the build): every rule file parsed and validated against `knownChecks`. */
export function compileRules(dir: string, knownChecks: ReadonlySet<string>): CompiledRules {
  const names = readdirSync(dir).sort().filter(isRuleFile);
  const texts = names.map((name) => readFileSync(path.join(dir, name), 'utf8'));
  const rules = names.map((name, i) => ({ ...parseRule(texts[i]!, path.join(dir, name), knownChecks), source: name }));
  return { format: 1, digest: rulesDigest(names, texts), checks: [...knownChecks].sort(), rules };
}

/** The rules of a directory (`inDir` names its files) from the compiled file, when it was made from exactly these rule files and knows their checks; else undefined. */
function compiledRules(inDir: (name: string) => string, names: readonly string[], knownChecks: ReadonlySet<string> | undefined): CompiledRule[] | undefined {
  const bundle = bundleDir();
  if (!bundle) return undefined;
  let compiled: CompiledRules;
  let texts: string[];
  try {
    compiled = JSON.parse(readFileSync(path.join(bundle, COMPILED_RULES), 'utf8')) as CompiledRules;
    if (compiled.format !== 1 || !Array.isArray(compiled.rules) || compiled.rules.length !== names.length) return undefined;
    texts = names.map((name) => readFileSync(inDir(name), 'utf8'));
  } catch {
    return undefined;
  }
  if (compiled.digest !== rulesDigest(names, texts)) return undefined;
  if (knownChecks && !compiled.rules.every((r) => knownChecks.has(r.static.check))) return undefined;
  return compiled.rules.map((r) => ({ ...r, source: inDir(r.source) }));
}

/** Load every rule in a directory, with its example files. Sorted by id. */
export function loadRules(dir: string = defaultRulesDir(), knownChecks?: ReadonlySet<string>): RuleDefinition[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw new RuleError(dir, `cannot read the rules directory (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  names.sort();
  // (what path.join(dir, name) gives for a file name, at the price of one path.join for all of
  // them: a hundred were a millisecond or two of every run)
  const root = path.join(dir, 'x').slice(0, -1);
  const inDir = (name: string) => root + name;
  // YAML example files (`<id>.example.yaml`) are examples, not rules
  const ruleNames = names.filter(isRuleFile);
  const parsed = compiledRules(inDir, ruleNames, knownChecks) ?? ruleNames.map((name) => parseRule(readFileSync(inDir(name), 'utf8'), inDir(name), knownChecks));
  const rules: RuleDefinition[] = [];
  for (const rule of parsed) {
    const exampleFiles: { language: RuleLanguage; file: string }[] = [];
    for (const language of rule.languages) {
      const exampleName = `${rule.id}.example.${EXAMPLE_EXTENSIONS[language]}`;
      if (names.includes(exampleName)) exampleFiles.push({ language, file: inDir(exampleName) });
    }
    // examples are read when first asked for (`agentos rules`, the tests), not by every check
    let examples: RuleExample[] | undefined;
    const withExamples = { ...rule } as RuleDefinition;
    Object.defineProperty(withExamples, 'examples', {
      enumerable: true,
      get: () => (examples ??= exampleFiles.map(({ language, file }) => ({ language, file, source: readFileSync(file, 'utf8') }))),
    });
    rules.push(withExamples);
  }
  // a rule may reuse another rule's sinks (destructive-sql and sql-injection watch the same calls)
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const rule of rules) {
    const from = rule.static.sinksFrom;
    if (!from) continue;
    const other = byId.get(from);
    if (!other || other.static.sinksFrom) throw new RuleError(rule.source, `\`static.sinksFrom\` names \`${from}\`, which is not a rule with its own sinks`);
    rule.static.sinks = [...rule.static.sinks, ...other.static.sinks];
  }
  return rules;
}
