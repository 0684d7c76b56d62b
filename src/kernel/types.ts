/** Types of the runtime API (DESIGN.md, "Runtime API"). */
import type { Action, Decision, Preset, Severity } from '../policy/types.js';
import type { KernelAction } from './actions.js';

export type { Action, Decision, Preset };

export type { CustomAction, KernelAction } from './actions.js';

export type FileOp = 'read' | 'write' | 'delete' | 'list';

export type KernelSignal = 'SIGSTOP' | 'SIGCONT' | 'SIGKILL';

/** What `kernel.check` returns; in the audit preset `allowed` is true and `ruleId`/`reason` say what strict would have denied. */
export interface KernelDecision extends Decision {
  /** audit preset only: the action would have been denied under enforcement */
  wouldDeny?: boolean;
}

export interface RecorderOptions {
  /** JSON-lines file; created when missing, continued (chain included) when it exists */
  path: string;
}

export interface KernelOptions {
  /** policies enforced in addition to the preset's */
  policies?: readonly import('./policy.js').Policy[];
  /**
   * A preset (see `Policy.preset`). Default: `standard` when `policies` is not given,
   * otherwise none (only the listed policies apply).
   */
  preset?: Preset;
  /** where file access is allowed, for the preset's `fileAccess` (default: `cwd`) */
  sandbox?: { roots: readonly string[] };
  /** programs the preset's `allowCommands` permits; null or absent: no allowlist */
  commands?: { allow: readonly string[] | null };
  /** destinations the preset's `allowDomains` permits; null or absent: no allowlist */
  network?: { allow: readonly string[] | null };
  /** turn rules off by id (`{ 'subprocess-shell': 'off' }`), as in the config file; severities are ignored at run time */
  rules?: Readonly<Record<string, Severity | 'off'>>;
  recorder?: RecorderOptions;
  /**
   * Base for relative paths in actions and for relative roots. Without it, relative
   * action paths are judged against the first sandbox root.
   */
  cwd?: string;
  /** home directory for `~` in paths; without it such paths are denied */
  home?: string;
  /** symlink resolution for file actions (default: over fs.realpathSync; undefined for a path that does not exist) */
  realpath?: (absolutePath: string) => string | undefined;
  /** the target of a symbolic link, for dangling links (default: fs.readlinkSync; undefined when the path is not a link) */
  readlink?: (absolutePath: string) => string | undefined;
  /** host name resolution for `ctx.fetch` (default: dns.lookup with all: true) */
  lookup?: (host: string) => Promise<string[]>;
  /** clock for rate limits, in milliseconds (default: performance.now based) */
  now?: () => number;
  limits?: Partial<KernelLimits>;
}

export interface KernelLimits {
  /** `ctx.exec` default timeout (ms) */
  execTimeoutMs: number;
  /** `ctx.exec` default cap on stdout + stderr (bytes) */
  execMaxOutputBytes: number;
  /** `ctx.fetch` redirect hops followed */
  maxRedirects: number;
}

export interface ExecOptions {
  /** working directory: checked as a file action (`list`); default: the first sandbox root, else the kernel cwd */
  cwd?: string;
  /** environment variables added to the minimal default environment (PATH, HOME, LANG, LC_ALL, TZ, TMPDIR) */
  env?: Record<string, string | undefined>;
  /** replace the whole environment instead of adding to the default one */
  replaceEnv?: boolean;
  timeoutMs?: number;
  maxOutputBytes?: number;
  /** written to the process's standard input, which is then closed */
  input?: string | Uint8Array;
}

export interface ExecResult {
  /** exit code; null when the process ended by a signal */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Rows as the driver returned them; `affectedRows` when the driver reports a count for a write. */
export type SqlRows<T> = T[] & { affectedRows?: number };

/** Any of the duck-typed client shapes `ctx.sql` understands (pg, mysql2, better-sqlite3, sqlite3). */
export type SqlClient = object;

export type SqlParams = readonly unknown[] | Record<string, unknown>;

export interface GovernedFs {
  readFile(path: string): Promise<Buffer>;
  readFile(path: string, encoding: BufferEncoding): Promise<string>;
  writeFile(path: string, data: string | Uint8Array, options?: { append?: boolean }): Promise<void>;
  readdir(path: string): Promise<string[]>;
  mkdir(path: string, options?: { recursive?: boolean }): Promise<void>;
  rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void>;
  stat(path: string): Promise<import('node:fs').Stats>;
}

/** What an agent receives: every method is decided, recorded and subject to signals. */
export interface GovernedContext {
  readonly agentId: string;
  /** aborted when the agent is killed; pass it to work the kernel does not govern (model calls) */
  readonly signal: AbortSignal;
  sql<T = Record<string, unknown>>(client: SqlClient, text: string, params?: SqlParams): Promise<SqlRows<T>>;
  readonly fs: GovernedFs;
  exec(command: string, args?: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  fetch(url: string | URL, init?: RequestInit): Promise<Response>;
  /** decide and record an action the agent performs by other means; throws PolicyViolation on deny */
  check(action: KernelAction): Promise<KernelDecision>;
}

export type AgentFunction<I = unknown, O = unknown> = (ctx: GovernedContext, input: I) => O | Promise<O>;

export interface Agent<I = unknown, O = unknown> {
  readonly id: string;
  readonly fn: AgentFunction<I, O>;
}
