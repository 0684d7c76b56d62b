/**
 * Configuration discovery (cosmiconfig, name `agentos`), validation and defaults.
 * One ResolvedConfig for `agentos check` and `KernelSpace.fromConfig`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { discoverConfig } from './discover.js';
import { parseYaml } from '../policy/yaml-cache.js';
import { PRESETS, SEVERITIES, type Preset, type Severity } from '../policy/types.js';
import { parseContexts } from './contexts.js';
import { ConfigError, type ModelSpec, type ResolvedConfig, type ReviewConfig, type ReviewEndpoint } from './types.js';

export const MODULE_NAME = 'agentos';

/** Where configuration is looked for, in each directory from the cwd up to the project root. */
export const SEARCH_PLACES = [
  'package.json',
  '.agentosrc',
  '.agentosrc.json',
  '.agentosrc.yaml',
  '.agentosrc.yml',
  '.agentosrc.js',
  '.agentosrc.mjs',
  '.agentosrc.cjs',
  'agentos.config.yaml',
  'agentos.config.yml',
  'agentos.config.json',
  'agentos.config.js',
  'agentos.config.mjs',
  'agentos.config.cjs',
  'agentos.config.ts',
];

const TOP_LEVEL_KEYS = ['policy', 'sandbox', 'commands', 'network', 'rules', 'ignore', 'review', 'baseline', 'contexts'] as const;

/** Rule ids that exist; set by the rule loader so the config can reject unknown ids. */
export type RuleIdCheck = (id: string) => boolean;

export interface ValidateOptions {
  /** when given, unknown rule ids in `rules:` are errors */
  knownRule?: RuleIdCheck;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], file: string, prefix: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      const where = prefix ? `${prefix}.${key}` : key;
      throw new ConfigError(file, where, `is not a known key; expected one of: ${allowed.join(', ')}`);
    }
  }
}

function stringList(v: unknown, file: string, key: string): string[] {
  if (!Array.isArray(v)) throw new ConfigError(file, key, `must be a list of strings, got ${describe(v)}`);
  v.forEach((item, i) => {
    if (typeof item !== 'string' || item.trim() === '')
      throw new ConfigError(file, `${key}[${i}]`, `must be a non-empty string, got ${describe(item)}`);
  });
  return v as string[];
}

function section(raw: Record<string, unknown>, key: string, file: string, allowed: readonly string[]): Record<string, unknown> | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) throw new ConfigError(file, key, `must be a mapping, got ${describe(v)}`);
  checkKeys(v, allowed, file, key);
  return v;
}

function parseModel(v: unknown, file: string, key: string): ModelSpec {
  if (typeof v === 'string') {
    const idx = v.indexOf(':');
    if (idx <= 0 || idx === v.length - 1)
      throw new ConfigError(file, key, `must be "provider:model" (for example "openai:gpt-4o"), got ${JSON.stringify(v)}`);
    return { provider: v.slice(0, idx), model: v.slice(idx + 1) };
  }
  if (!isPlainObject(v)) throw new ConfigError(file, key, `must be "provider:model" or a mapping, got ${describe(v)}`);
  checkKeys(v, ['provider', 'model', 'baseURL', 'apiKeyEnv'], file, key);
  for (const k of ['provider', 'model'] as const)
    if (typeof v[k] !== 'string' || !(v[k] as string).trim()) throw new ConfigError(file, `${key}.${k}`, 'must be a non-empty string');
  for (const k of ['baseURL', 'apiKeyEnv'] as const)
    if (v[k] !== undefined && typeof v[k] !== 'string') throw new ConfigError(file, `${key}.${k}`, `must be a string, got ${describe(v[k])}`);
  if (typeof v.baseURL === 'string') {
    try {
      new URL(v.baseURL);
    } catch {
      throw new ConfigError(file, `${key}.baseURL`, `must be an absolute URL, got ${JSON.stringify(v.baseURL)}`);
    }
  }
  const spec: ModelSpec = { provider: v.provider as string, model: v.model as string };
  if (typeof v.baseURL === 'string') spec.baseURL = v.baseURL;
  if (typeof v.apiKeyEnv === 'string') spec.apiKeyEnv = v.apiKeyEnv;
  return spec;
}

const REVIEW_KEYS = ['models', 'endpoints', 'threshold', 'minModels', 'timeoutSeconds', 'exclude', 'maxInputTokens', 'pricing'] as const;
const JSON_MODES = ['json_schema', 'json_object', 'none'] as const;

function positiveNumber(v: unknown, file: string, key: string, integer: boolean): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v)))
    throw new ConfigError(file, key, `must be a positive ${integer ? 'whole number' : 'number'}, got ${describe(v)}`);
  return v;
}

function parseEndpoint(v: unknown, file: string, key: string): ReviewEndpoint {
  if (!isPlainObject(v)) throw new ConfigError(file, key, `must be a mapping with name and baseURL, got ${describe(v)}`);
  checkKeys(v, ['name', 'baseURL', 'apiKeyEnv', 'jsonMode'], file, key);
  for (const k of ['name', 'baseURL'] as const)
    if (typeof v[k] !== 'string' || !(v[k] as string).trim()) throw new ConfigError(file, `${key}.${k}`, `must be a non-empty string, got ${describe(v[k])}`);
  if (['openai', 'anthropic'].includes(v.name as string) || !/^[A-Za-z0-9_.-]+$/.test(v.name as string))
    throw new ConfigError(file, `${key}.name`, `must be a name of letters, digits, '.', '_' or '-' other than openai and anthropic, got ${describe(v.name)}`);
  try {
    new URL(v.baseURL as string);
  } catch {
    throw new ConfigError(file, `${key}.baseURL`, `must be an absolute URL, got ${describe(v.baseURL)}`);
  }
  if (v.apiKeyEnv !== undefined && (typeof v.apiKeyEnv !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v.apiKeyEnv)))
    throw new ConfigError(file, `${key}.apiKeyEnv`, `must be an environment variable name, got ${describe(v.apiKeyEnv)}`);
  if (v.jsonMode !== undefined && !(JSON_MODES as readonly unknown[]).includes(v.jsonMode))
    throw new ConfigError(file, `${key}.jsonMode`, `must be one of ${JSON_MODES.join(', ')}, got ${describe(v.jsonMode)}`);
  const out: ReviewEndpoint = { name: v.name as string, baseURL: v.baseURL as string, jsonMode: (v.jsonMode as ReviewEndpoint['jsonMode']) ?? 'json_schema' };
  if (typeof v.apiKeyEnv === 'string') out.apiKeyEnv = v.apiKeyEnv;
  return out;
}

/** `review:` (agentos review --cmvk). */
function parseReview(review: Record<string, unknown> | undefined, file: string): ReviewConfig {
  const out: ReviewConfig = { models: [], endpoints: [], threshold: 0.5, timeoutSeconds: 120, exclude: [], maxInputTokens: 16000, pricing: {} };
  if (!review) return out;
  if (review.models !== undefined) {
    if (!Array.isArray(review.models)) throw new ConfigError(file, 'review.models', `must be a list, got ${describe(review.models)}`);
    out.models = review.models.map((m, i) => parseModel(m, file, `review.models[${i}]`));
  }
  if (review.endpoints !== undefined) {
    if (!Array.isArray(review.endpoints)) throw new ConfigError(file, 'review.endpoints', `must be a list, got ${describe(review.endpoints)}`);
    out.endpoints = review.endpoints.map((e, i) => parseEndpoint(e, file, `review.endpoints[${i}]`));
  }
  if (review.threshold !== undefined) {
    const t = review.threshold;
    if (typeof t !== 'number' || !(t > 0 && t <= 1)) throw new ConfigError(file, 'review.threshold', `must be a number in (0, 1], got ${describe(t)}`);
    out.threshold = t;
  }
  if (review.minModels !== undefined) out.minModels = positiveNumber(review.minModels, file, 'review.minModels', true);
  if (review.timeoutSeconds !== undefined) out.timeoutSeconds = positiveNumber(review.timeoutSeconds, file, 'review.timeoutSeconds', false);
  if (review.maxInputTokens !== undefined) out.maxInputTokens = positiveNumber(review.maxInputTokens, file, 'review.maxInputTokens', true);
  if (review.exclude !== undefined) out.exclude = stringList(review.exclude, file, 'review.exclude');
  if (review.pricing !== undefined) {
    if (!isPlainObject(review.pricing)) throw new ConfigError(file, 'review.pricing', `must be a mapping of model id to { input, output } US dollars per million tokens, got ${describe(review.pricing)}`);
    for (const [id, price] of Object.entries(review.pricing)) {
      const key = `review.pricing.${id}`;
      if (!isPlainObject(price)) throw new ConfigError(file, key, `must be a mapping { input, output } (US dollars per million tokens), got ${describe(price)}`);
      checkKeys(price, ['input', 'output'], file, key);
      for (const k of ['input', 'output'] as const)
        if (typeof price[k] !== 'number' || !Number.isFinite(price[k]) || (price[k] as number) < 0)
          throw new ConfigError(file, `${key}.${k}`, `must be a number of US dollars per million tokens, got ${describe(price[k])}`);
      out.pricing[id] = { input: price.input as number, output: price.output as number };
    }
  }
  return out;
}

/** Validate a raw configuration object and apply defaults. `fileLabel` names it in errors. */
export function resolveConfigObject(raw: unknown, baseDir: string, fileLabel: string, options: ValidateOptions = {}): ResolvedConfig {
  const file = fileLabel;
  if (raw === undefined || raw === null) raw = {};
  if (!isPlainObject(raw)) throw new ConfigError(file, '(top level)', `must be a mapping, got ${describe(raw)}`);
  checkKeys(raw, TOP_LEVEL_KEYS, file, '');

  let policy: Preset = 'standard';
  if (raw.policy !== undefined) {
    if (typeof raw.policy !== 'string' || !(PRESETS as readonly string[]).includes(raw.policy))
      throw new ConfigError(file, 'policy', `must be one of ${PRESETS.join(', ')}, got ${describe(raw.policy)}`);
    policy = raw.policy as Preset;
  }

  const sandbox = section(raw, 'sandbox', file, ['roots']);
  let roots = [baseDir];
  if (sandbox?.roots !== undefined) roots = stringList(sandbox.roots, file, 'sandbox.roots').map((r) => path.resolve(baseDir, r));

  const commands = section(raw, 'commands', file, ['allow']);
  const commandAllow = commands?.allow !== undefined ? stringList(commands.allow, file, 'commands.allow') : null;

  const network = section(raw, 'network', file, ['allow']);
  const networkAllow = network?.allow !== undefined ? stringList(network.allow, file, 'network.allow') : null;

  const rules: Record<string, Severity | 'off'> = {};
  if (raw.rules !== undefined && raw.rules !== null) {
    if (!isPlainObject(raw.rules)) throw new ConfigError(file, 'rules', `must be a mapping of rule id to a severity or off, got ${describe(raw.rules)}`);
    for (const [id, level] of Object.entries(raw.rules)) {
      if (options.knownRule && !options.knownRule(id))
        throw new ConfigError(file, `rules.${id}`, 'is not a known rule id (run `agentos rules` for the list)');
      const allowed = [...SEVERITIES, 'off'];
      if (typeof level !== 'string' || !allowed.includes(level))
        throw new ConfigError(file, `rules.${id}`, `must be one of ${allowed.join(', ')}, got ${describe(level)}`);
      rules[id] = level as Severity | 'off';
    }
  }

  const ignore = raw.ignore !== undefined && raw.ignore !== null ? stringList(raw.ignore, file, 'ignore') : [];

  let baseline: string | undefined;
  if (raw.baseline !== undefined && raw.baseline !== null) {
    if (typeof raw.baseline !== 'string' || !raw.baseline.trim()) throw new ConfigError(file, 'baseline', `must be the path of a baseline file, got ${describe(raw.baseline)}`);
    baseline = path.resolve(baseDir, raw.baseline);
  }

  const review = parseReview(section(raw, 'review', file, REVIEW_KEYS), file);

  const resolved: ResolvedConfig = {
    baseDir,
    policy,
    sandbox: sandbox?.roots !== undefined ? { roots, configured: true } : { roots },
    commands: { allow: commandAllow },
    network: { allow: networkAllow },
    rules,
    ignore,
    review,
    contexts: parseContexts(raw.contexts, file, options.knownRule),
  };
  if (baseline) resolved.baseline = baseline;
  if (fileLabel && path.isAbsolute(fileLabel)) resolved.file = fileLabel;
  return resolved;
}

/** Defaults when no configuration file exists. */
export function defaultConfig(cwd: string): ResolvedConfig {
  return resolveConfigObject({}, cwd, '(defaults)');
}

function parseConfigText(text: string, file: string): unknown {
  const ext = path.extname(file).toLowerCase();
  try {
    if (ext === '.json' || path.basename(file) === 'package.json') {
      return JSON.parse(text) as unknown;
    }
    // .yaml, .yml and extension-less rc files are YAML (a superset of JSON)
    return parseYaml(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ConfigError(file, '(file)', `could not be parsed: ${msg}`);
  }
}

/** Load one configuration file synchronously (YAML, JSON, rc files, package.json). JS configs need `loadConfig`. */
export function loadConfigFile(file: string, options: ValidateOptions = {}): ResolvedConfig {
  const abs = path.resolve(file);
  if (/\.(c|m)?(j|t)s$/.test(abs)) throw new ConfigError(abs, '(file)', 'is a JavaScript/TypeScript config; load it with the async loadConfig()');
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(abs, '(file)', code === 'ENOENT' ? 'does not exist' : `could not be read (${code ?? String(err)})`);
  }
  return loadConfigText(text, abs, options);
}

/**
 * A configuration file's content given as text (the staged version of `file`): YAML, JSON,
 * rc files and package.json; JavaScript configurations cannot be read this way.
 */
export function loadConfigText(text: string, file: string, options: ValidateOptions = {}): ResolvedConfig {
  const abs = path.resolve(file);
  if (/\.(c|m)?(j|t)s$/.test(abs)) throw new ConfigError(abs, '(file)', 'is a JavaScript/TypeScript config, which can only be loaded from the work tree');
  let raw = parseConfigText(text, abs);
  if (path.basename(abs) === 'package.json') raw = isPlainObject(raw) ? raw[MODULE_NAME] : undefined;
  return resolveConfigObject(raw, path.dirname(abs), abs, options);
}

export interface LoadConfigOptions extends ValidateOptions {
  cwd: string;
  /** an explicit --config path; otherwise discovered from cwd upwards */
  configPath?: string;
}

/** Discover (or load the given) configuration and validate it. */
export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  // most projects have no configuration file or a YAML or JSON one: that is told, and read, without loading cosmiconfig
  const discovered = options.configPath ? undefined : discoverConfig(options.cwd, SEARCH_PLACES, MODULE_NAME);
  if (discovered === null) return resolveConfigObject({}, options.cwd, '(defaults)', options);
  if (discovered !== undefined) {
    const raw = readDiscovered(discovered);
    if (raw !== undefined) return resolveFound(raw, discovered, options);
  }
  const { cosmiconfig } = createRequire(import.meta.url)('cosmiconfig') as typeof import('cosmiconfig');
  const explorer = cosmiconfig(MODULE_NAME, {
    searchStrategy: 'project',
    searchPlaces: SEARCH_PLACES,
    loaders: {
      '.yaml': (file, content) => parseConfigText(content, file),
      '.yml': (file, content) => parseConfigText(content, file),
      '.json': (file, content) => parseConfigText(content, file),
      noExt: (file, content) => parseConfigText(content, file),
    },
  });
  let found: { filepath: string; config: unknown; isEmpty?: boolean } | null;
  try {
    if (options.configPath) {
      const abs = path.resolve(options.cwd, options.configPath);
      found = await explorer.load(abs);
    } else {
      found = await explorer.search(options.cwd);
    }
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const e = err as NodeJS.ErrnoException & { filepath?: string };
    const file = options.configPath ? path.resolve(options.cwd, options.configPath) : (e.filepath ?? options.cwd);
    if (e.code === 'ENOENT') throw new ConfigError(file, '(file)', 'does not exist');
    throw new ConfigError(file, '(file)', `could not be loaded: ${(e.message ?? String(err)).split('\n')[0]}`);
  }
  if (!found) return resolveConfigObject({}, options.cwd, '(defaults)', options);
  return resolveFound(found.config, found.filepath, options);
}

/** A found configuration's content, validated (a module's `default` export is its configuration). */
function resolveFound(raw: unknown, file: string, options: ValidateOptions): ResolvedConfig {
  if (isPlainObject(raw) && 'default' in raw && Object.keys(raw).length === 1) raw = raw.default;
  return resolveConfigObject(raw, path.dirname(file), file, options);
}

/**
 * The content of a YAML, JSON or rc file (or package.json's key) the search found, parsed as
 * cosmiconfig's loaders would; undefined for what cosmiconfig treats its own way: a file that
 * parses to nothing (passed over, the search goes on) or one that `$import`s others.
 */
function readDiscovered(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let raw = parseConfigText(text, file);
  if (path.basename(file) === 'package.json') raw = isPlainObject(raw) ? raw[MODULE_NAME] : undefined;
  if (raw === null || raw === undefined || (isPlainObject(raw) && Object.hasOwn(raw, '$import'))) return undefined;
  return raw;
}
