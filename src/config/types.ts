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
  review: { models: ModelSpec[]; threshold: number };
  /** what findings in non-production code get (`contexts:`), with the defaults filled in */
  contexts?: ContextSettings;
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
