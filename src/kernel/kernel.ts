/** KernelSpace: decides, records and enforces the actions of registered agents. */
import type { AsyncLocalStorage } from 'node:async_hooks';
import { accessSync, constants as fsConstants, readlinkSync, realpathSync, statSync } from 'node:fs';
import { lookup as dnsLookup } from 'node:dns/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfigFile, resolveConfigObject } from '../config/load.js';
import type { ResolvedConfig } from '../config/types.js';
import { loadRules } from '../policy/rules.js';
import { PRESETS, type Preset } from '../policy/types.js';
import { createContext } from './context.js';
import { DecisionCore, DIRECT_AGENT, type CoreEnv, type Evaluation } from './core.js';
import { KernelError } from './errors.js';
import { Policy } from './policy.js';
import { openRecorder } from './recorder.js';
import { AgentControl, Run } from './signals.js';
import { wrapTool, type WrapToolOptions } from './wrap-tool.js';
import type { Agent, AgentFunction, KernelAction, KernelDecision, KernelLimits, KernelOptions, KernelSignal } from './types.js';

export { DIRECT_AGENT, type AsyncCheck, type Evaluation } from './core.js';

const DEFAULT_LIMITS: KernelLimits = {
  execTimeoutMs: 30_000,
  execMaxOutputBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
};

/** The target of a symbolic link; undefined when the path is not a link or does not exist. */
function defaultReadlink(p: string): string | undefined {
  try {
    return readlinkSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EINVAL' || code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

function defaultRealpath(p: string): string | undefined {
  try {
    return realpathSync.native(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** PATH lookup of a bare program name; cached briefly, since every exec decision may ask. */
function programResolver(): (name: string, pathVar?: string) => string | undefined {
  const cache = new Map<string, { at: number; value: string | undefined }>();
  return (name, pathVar = process.env.PATH ?? '') => {
    const key = `${pathVar}\0${name}`;
    const hit = cache.get(key);
    const now = Date.now();
    if (hit && now - hit.at < 5000) return hit.value;
    let value: string | undefined;
    if (name && !name.includes('/') && !name.includes('\\')) {
      for (const dir of pathVar.split(path.delimiter)) {
        if (!dir || !path.isAbsolute(dir)) continue; // a relative PATH entry depends on the cwd: skip it
        const candidate = path.join(dir, name);
        try {
          accessSync(candidate, fsConstants.X_OK);
          if (statSync(candidate).isFile()) {
            value = candidate;
            break;
          }
        } catch {
          // not here
        }
      }
    }
    if (cache.size > 1000) cache.clear();
    cache.set(key, { at: now, value });
    return value;
  };
}

function isResolvedConfig(v: unknown): v is ResolvedConfig {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Partial<ResolvedConfig>;
  return typeof c.baseDir === 'string' && typeof c.policy === 'string' && Array.isArray(c.sandbox?.roots);
}

let knownRuleIds: Set<string> | null | undefined;
/** Rule ids for config validation; null when the rule files cannot be loaded (a packaging fault `agentos check` reports itself). */
function knownRuleCheck(): ((id: string) => boolean) | undefined {
  if (knownRuleIds === undefined) {
    try {
      knownRuleIds = new Set(loadRules().map((r) => r.id));
    } catch {
      knownRuleIds = null;
    }
  }
  const ids = knownRuleIds;
  return ids ? (id) => ids.has(id) : undefined;
}

/** Options of `KernelSpace.fromConfig`: everything but what the configuration decides. */
export type FromConfigOptions = Omit<KernelOptions, 'preset' | 'sandbox' | 'commands' | 'network' | 'rules'>;

export class KernelSpace {
  /** every policy in force, the preset's first */
  readonly policies: readonly Policy[];
  readonly preset: Preset | undefined;
  /** false in the audit preset: decisions are recorded, nothing is denied */
  readonly enforcing: boolean;
  /** the sandbox roots of the first fileAccess policy (ctx.exec's default working directory) */
  readonly roots: readonly string[];
  readonly limits: KernelLimits;
  /** @internal */
  readonly env: CoreEnv;
  /** @internal the decision core every governed operation calls */
  readonly core: DecisionCore;
  private readonly controls = new Map<string, AgentControl>();
  private readonly agents = new Map<string, Agent<any, any>>();
  /** @internal the run the current async call chain belongs to (for wrapped tools) */
  readonly currentRun: AsyncLocalStorage<Run>;

  /** Read the configuration `agentos check` reads: a file path (YAML, JSON, package.json), a config object, or a loaded ResolvedConfig. */
  static fromConfig(config: string | Record<string, unknown> | ResolvedConfig, options: FromConfigOptions = {}): KernelSpace {
    let resolved: ResolvedConfig;
    if (typeof config === 'string') resolved = loadConfigFile(config, { knownRule: knownRuleCheck() });
    else if (isResolvedConfig(config)) resolved = config;
    else resolved = resolveConfigObject(config, path.resolve(options.cwd ?? process.cwd()), '(config object)', { knownRule: knownRuleCheck() });
    return new KernelSpace({
      ...options,
      policies: options.policies ?? [],
      preset: resolved.policy,
      sandbox: resolved.sandbox,
      commands: resolved.commands,
      network: resolved.network,
      rules: resolved.rules,
    });
  }

  constructor(options: KernelOptions = {}) {
    const base = path.resolve(options.cwd ?? process.cwd());
    const preset = options.preset ?? (options.policies ? undefined : 'standard');
    if (preset !== undefined && !(PRESETS as readonly string[]).includes(preset))
      throw new TypeError(`unknown preset ${JSON.stringify(preset)}; expected one of ${PRESETS.join(', ')}`);
    for (const p of options.policies ?? [])
      if (!(p instanceof Policy)) throw new TypeError('policies must be built with the Policy factories (Policy.noShell(), ...)');
    const roots = (options.sandbox?.roots ?? [base]).map((r) => path.resolve(base, r));
    const fromPreset = preset
      ? Policy.preset(preset, { roots, commands: options.commands?.allow ?? null, domains: options.network?.allow ?? null })
      : [];
    const off = new Set(Object.entries(options.rules ?? {}).filter(([, v]) => v === 'off').map(([k]) => k));
    this.policies = [...fromPreset, ...(options.policies ?? [])].filter((p) => !off.has(p.ruleId));
    this.preset = preset;
    this.enforcing = preset !== 'audit';
    this.roots = this.policies.find((p) => p.roots)?.roots ?? [];
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    const resolveProgramIn = programResolver();
    const env: CoreEnv = {
      cwd: options.cwd ? base : undefined,
      home: options.home,
      realpath: options.realpath ?? defaultRealpath,
      readlink: options.readlink ?? defaultReadlink,
      resolveProgram: (name) => resolveProgramIn(name),
      resolveProgramIn,
      baseDir: base,
    };
    // paths that program options write to (curl -o, find -fprint) are judged by the file policies
    const files = this.policies.filter((p) => p.roots);
    if (files.length)
      env.judgePath = (p, op) => {
        for (const f of files) {
          const o = f.decide({ kind: 'file', path: p, op }, env);
          if (!o.allowed) return { inside: false, reason: o.reason };
        }
        return { inside: true };
      };
    this.env = env;
    this.core = new DecisionCore({
      policies: this.policies,
      enforcing: this.enforcing,
      roots: this.roots,
      limits: this.limits,
      env,
      off,
      recorder: options.recorder?.path ? openRecorder(path.resolve(base, options.recorder.path)) : undefined,
      now: options.now ?? (() => performance.now()),
      lookupHost: options.lookup ?? (async (host) => (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address)),
    });
    this.currentRun = this.core.currentRun;
  }

  /**
   * Decide an action. Pure: nothing is recorded and no rate-limit token is taken (a
   * rate limit is reported when the agent's bucket, `options.agent` or "(direct)", is empty).
   */
  check(action: KernelAction, options: { agent?: string } = {}): KernelDecision {
    return this.evaluate(action, options.agent ?? DIRECT_AGENT, false).decision;
  }

  /** @internal */
  evaluate(action: KernelAction, agent: string, consume: boolean, only?: (p: Policy) => boolean): Evaluation {
    return this.core.evaluate(action, agent, consume, only);
  }

  register<I = unknown, O = unknown>(fn: AgentFunction<I, O>, options: { id?: string } = {}): Agent<I, O> {
    if (typeof fn !== 'function') throw new TypeError('kernel.register needs an agent function (ctx, input) => ...');
    let id = options.id;
    if (id !== undefined) {
      if (typeof id !== 'string' || !id.trim()) throw new TypeError('agent id must be a non-empty string');
      if (this.controls.has(id)) throw new KernelError(`an agent with id \`${id}\` is already registered`);
    } else {
      const base = fn.name && fn.name !== 'anonymous' ? fn.name : 'agent';
      id = base;
      for (let n = 2; this.controls.has(id); n++) id = `${base}-${n}`;
    }
    const agent: Agent<I, O> = Object.freeze({ id, fn });
    this.controls.set(id, new AgentControl(id));
    this.agents.set(id, agent);
    return agent;
  }

  /** Run a registered agent with a governed context. Rejects with AgentKilledError on SIGKILL. */
  async execute<I, O>(agent: Agent<I, O>, input: I): Promise<Awaited<O>> {
    const control = agent && this.agents.get(agent.id) === agent ? this.controls.get(agent.id) : undefined;
    if (!control) throw new KernelError(`agent \`${String(agent?.id)}\` is not registered with this kernel (use kernel.register)`);
    const run = new Run(control);
    control.runs.add(run);
    try {
      const ctx = createContext(this.core, run);
      const result = Promise.resolve().then(() => this.currentRun.run(run, () => agent.fn(ctx, input)));
      return (await Promise.race([result, run.killed$])) as Awaited<O>;
    } finally {
      control.runs.delete(run);
    }
  }

  /** SIGSTOP holds the agent at its next governed action until SIGCONT; SIGKILL aborts its runs. Recorded. */
  signal(agentId: string, signal: KernelSignal): void {
    const control = this.controls.get(agentId);
    if (!control) throw new KernelError(`no agent with id \`${agentId}\` is registered`);
    switch (signal) {
      case 'SIGSTOP':
        control.stop();
        break;
      case 'SIGCONT':
        control.cont();
        break;
      case 'SIGKILL':
        control.kill();
        break;
      default:
        throw new TypeError(`unknown signal ${JSON.stringify(signal)}; expected SIGSTOP, SIGCONT or SIGKILL`);
    }
    this.core.record(agentId, { kind: 'signal', signal, runs: control.runs.size }, { allowed: true }, 0);
  }

  /** Govern an existing tool (Vercel AI SDK, LangChain.js, MCP handler, plain function) without changing its shape. */
  wrapTool<T>(tool: T, options: WrapToolOptions): T {
    return wrapTool(this.core, tool, options);
  }
}
