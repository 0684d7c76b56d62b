/**
 * `kernel.wrapTool`: governs a tool of any framework without importing it. The tool's
 * input becomes an action, which is decided and recorded before the tool runs; a
 * denial throws PolicyViolation, which each framework reports as a tool error. The
 * wrapped tool keeps its shape:
 * - a function (plain async function, MCP `server.tool`/`registerTool` handler): a function;
 * - an object with `execute` (Vercel AI SDK `tool()`): a copy with a governed `execute`;
 * - an object with `_call` and `invoke` (LangChain.js StructuredTool, DynamicStructuredTool,
 *   `tool()`): an object inheriting from the tool with a governed `_call`, so it is still
 *   an instance of its class and runs after LangChain's schema validation;
 * - any other object with `invoke`: an object inheriting from it with a governed `invoke`.
 * Inside `kernel.execute` the decision is the running agent's (and honours its
 * signals); elsewhere it is recorded as `options.agent`, else `tool:<name>`.
 * The kernel decides; the tool still performs the action itself.
 */
import type { ActionKind } from '../policy/types.js';
import type { DecisionCore } from './core.js';
import type { FileOp, KernelAction } from './types.js';

export interface WrapToolOptions {
  /** the kind of action the tool performs, or a function building the action from the tool's input */
  action: ActionKind | ((input: any) => KernelAction);
  /** the input field that carries the value (default: sql|query, path|file, command|cmd, url) */
  from?: string;
  /** file tools: the operation (default `read`) */
  op?: FileOp;
  /** http tools: the method (default: the input's `method` field, else GET) */
  method?: string;
  /** exec tools: whether a string command runs through a shell (default: true for a string without an `args` list, the fail-closed reading) */
  shell?: boolean;
  /** sql tools: the dialect */
  dialect?: string;
  /** agent id recorded for calls outside kernel.execute */
  agent?: string;
  /** tool name in records (default: the tool's `name`) */
  name?: string;
}

const DEFAULT_FIELDS: Record<ActionKind, string[]> = {
  sql: ['sql', 'query', 'statement'],
  file: ['path', 'file', 'filename', 'filePath'],
  exec: ['command', 'cmd', 'argv'],
  http: ['url', 'uri', 'href'],
};

const KINDS = new Set<string>(['sql', 'file', 'exec', 'http']);

function pick(input: unknown, kind: ActionKind, from: string | undefined): unknown {
  if (typeof input === 'string' || Array.isArray(input)) return input;
  if (typeof input !== 'object' || input === null) return undefined;
  const o = input as Record<string, unknown>;
  if (from !== undefined) return o[from];
  for (const f of DEFAULT_FIELDS[kind]) if (o[f] !== undefined) return o[f];
  return undefined;
}

export function actionFromInput(input: unknown, options: WrapToolOptions): KernelAction {
  if (typeof options.action === 'function') return options.action(input);
  const kind = options.action;
  const v = pick(input, kind, options.from);
  const field = (name: string): unknown => (typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[name] : undefined);
  switch (kind) {
    case 'sql':
      return { kind, sql: v as string, ...(options.dialect ? { dialect: options.dialect } : {}) };
    case 'file':
      return { kind, path: v as string, op: options.op ?? 'read' };
    case 'http': {
      const m = options.method ?? field('method');
      return { kind, url: v instanceof URL ? v.href : (v as string), ...(typeof m === 'string' ? { method: m.toUpperCase() } : {}) };
    }
    case 'exec': {
      // the environment the tool passes on is judged with the command
      const env = field('env');
      const withEnv = env !== undefined ? { env: env as Record<string, string> } : {};
      if (Array.isArray(v)) return { kind, command: v[0] as string, args: v.slice(1) as string[], shell: options.shell ?? false, ...withEnv };
      const args = field('args');
      if (Array.isArray(args)) return { kind, command: v as string, args: args as string[], shell: options.shell ?? false, ...withEnv };
      return { kind, command: v as string, shell: options.shell ?? true, ...withEnv };
    }
  }
}

type AnyFn = (...args: any[]) => any;

export function wrapTool<T>(kernel: DecisionCore, tool: T, options: WrapToolOptions): T {
  if (!options || (typeof options.action !== 'function' && !KINDS.has(options.action as string)))
    throw new TypeError("wrapTool needs { action: 'sql' | 'file' | 'exec' | 'http' | (input) => action }");
  const t = tool as unknown as Record<string, unknown> & AnyFn;
  const name = options.name ?? (typeof t?.name === 'string' && t.name ? t.name : 'tool');

  const govern = async (input: unknown): Promise<void> => {
    const run = kernel.currentRun.getStore();
    const agent = run?.agentId ?? options.agent ?? `tool:${name}`;
    let action: KernelAction;
    try {
      action = actionFromInput(input, options);
    } catch (err) {
      const reason = `the action could not be built from the input of tool \`${name}\`, so the call is denied (fail closed): ${err instanceof Error ? err.message : String(err)}`;
      kernel.finish(agent, { kind: 'tool-input', tool: name }, { decision: { allowed: false, reason }, durationMs: 0 });
      return;
    }
    const a = action as { kind?: unknown; url?: unknown };
    const dns = a?.kind === 'http' && typeof a.url === 'string' ? kernel.dnsCheck(a.url) : undefined;
    await kernel.govern(run, agent, action, dns);
  };

  if (typeof tool === 'function') {
    const fn = tool as unknown as AnyFn;
    const wrapped = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
      await govern(args[0]);
      return fn.apply(this, args);
    };
    Object.defineProperty(wrapped, 'name', { value: fn.name, configurable: true });
    return wrapped as unknown as T;
  }
  if (typeof tool !== 'object' || tool === null) throw new TypeError('wrapTool: expected a tool object or function');

  if (typeof t._call === 'function' && typeof t.invoke === 'function') {
    const original = t._call as AnyFn;
    const wrapped = Object.create(tool as object) as Record<string, unknown>;
    wrapped._call = async function (this: unknown, arg: unknown, ...rest: unknown[]): Promise<unknown> {
      await govern(arg);
      return original.call(this, arg, ...rest);
    };
    return wrapped as T;
  }
  if (typeof t.execute === 'function') {
    const original = t.execute as AnyFn;
    return {
      ...(tool as object),
      execute: async function (this: unknown, input: unknown, ...rest: unknown[]): Promise<unknown> {
        await govern(input);
        return original.call(this, input, ...rest);
      },
    } as T;
  }
  if (typeof t.invoke === 'function') {
    const original = t.invoke as AnyFn;
    const wrapped = Object.create(tool as object) as Record<string, unknown>;
    wrapped.invoke = async function (this: unknown, input: unknown, ...rest: unknown[]): Promise<unknown> {
      await govern(input);
      return original.call(this, input, ...rest);
    };
    return wrapped as T;
  }
  throw new TypeError('wrapTool: not a tool this kernel knows (a function, an object with execute, or a LangChain tool with invoke/_call)');
}
