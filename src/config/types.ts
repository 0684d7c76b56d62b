import type { ContextSettings } from '../analysis/contexts.js';
import type { Preset, Severity } from '../policy/types.js';

export interface ModelSpec {
  /** `openai`, `anthropic` or `openai-compatible` */
  provider: string;
  model: string;
  baseURL?: string;
  /** name of the environment variable holding the key (openai-compatible endpoints) */
  apiKeyEnv?: string;
}

/** The configuration after discovery, validation and defaults. Paths are absolute. */
export interface ResolvedConfig {
  /** the file it came from; undefined when no config file was found */
  file?: string;
  /** directory relative paths are resolved against (the config file's directory, else the cwd) */
  baseDir: string;
  policy: Preset;
  /** `configured`: roots were given (without, the project root is the only root) */
  sandbox: { roots: string[]; configured?: boolean };
  /** null: no allowlist configured */
  commands: { allow: string[] | null };
  network: { allow: string[] | null };
  /** per-rule overrides */
  rules: Record<string, Severity | 'off'>;
  ignore: string[];
  /** the baseline file (`baseline:`), absolute; undefined: `.agentos-baseline.json` beside the config when it exists */
  baseline?: string;
  review: ReviewConfig;
  /** what findings in non-production code get (`contexts:`), with the defaults filled in */
  contexts?: ContextSettings;
}

/** An OpenAI-compatible endpoint (Ollama, vLLM, LM Studio, OpenRouter): models are named `<name>:<model>`. */
export interface ReviewEndpoint {
  name: string;
  baseURL: string;
  /** environment variable holding the key; absent: the endpoint needs none */
  apiKeyEnv?: string;
  /** how the answer's JSON is asked for: `json_schema` (strict), `json_object`, or `none` (read from the text) */
  jsonMode: 'json_schema' | 'json_object' | 'none';
}

/** `review:` settings of `agentos review --cmvk`. */
export interface ReviewConfig {
  models: ModelSpec[];
  endpoints: ReviewEndpoint[];
  threshold: number;
  /** quorum; undefined: 2 when two or more models are asked, else 1 */
  minModels?: number;
  timeoutSeconds: number;
  /** globs (relative to the config file) of files never sent */
  exclude: string[];
  /** token budget of one request (system message, code and findings) */
  maxInputTokens: number;
  /** US dollars per million tokens, by model id (`openai:gpt-4o`) */
  pricing: Record<string, { input: number; output: number }>;
}

/** A configuration problem a user can fix: names the file and the key. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    readonly expected: string,
  ) {
    super(`${file}: \`${key}\` ${expected}`);
    this.name = 'ConfigError';
  }
}
