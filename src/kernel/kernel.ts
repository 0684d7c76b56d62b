/** KernelSpace: decides, records and enforces the actions of registered agents. */
import { AsyncLocalStorage } from 'node:async_hooks';
import { accessSync, constants as fsConstants, realpathSync, statSync } from 'node:fs';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfigFile, resolveConfigObject } from '../config/load.js';
import type { ResolvedConfig } from '../config/types.js';
import { loadRules } from '../policy/rules.js';
import { PRESETS, type Preset } from '../policy/types.js';
import { classifyUrl, hostMatches, isPrivateAddress } from '../policy/urls.js';
import { createContext } from './context.js';
import { KernelError, PolicyViolation } from './errors.js';
import { Policy, type PolicyEnv, type PolicyOutcome } from './policy.js';
import { windowLabel } from './rate-limit.js';
import { openRecorder, type AuditRecord, type Recorder } from './recorder.js';
import { redactAction, redactString } from './redact.js';
import { AgentControl, Run } from './signals.js';
import { wrapTool, type WrapToolOptions } from './wrap-tool.js';
import type {
  Agent,
  AgentFunction,
  KernelAction,
  KernelDecision,
  KernelLimits,
  KernelOptions,
  KernelSignal,
} from './types.js';

const DEFAULT_LIMITS: KernelLimits = {
  execTimeoutMs: 30_000,
  execMaxOutputBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
};

/** Agent id used by `kernel.check` when none is given (rate limits are per agent). */
export const DIRECT_AGENT = '(direct)';

/** The outcome of deciding one action, with what the governed context needs to carry it out. */
export interface Evaluation {
  decision: KernelDecision;
  /** file actions: the real path judged inside the sandbox */
  resolved?: string;
  durationMs: number;
}

/** A check that needs I/O (DNS) and runs after the pure policies allowed the action. */
export type AsyncCheck = () => Promise<(PolicyOutcome & { ruleId: string }) | undefined>;

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

function isActionLike(a: unknown): a is KernelAction {
  return typeof a === 'object' && a !== null && !Array.isArray(a) && typeof (a as { kind?: unknown }).kind === 'string' && (a as { kind: string }).kind !== '';
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
  readonly env: PolicyEnv & { resolveProgramIn: (name: string, pathVar?: string) => string | undefined; baseDir: string };
  private readonly recorder: Recorder | undefined;
  private readonly now: () => number;
  private readonly lookupHost: (host: string) => Promise<string[]>;
  private readonly off: ReadonlySet<string>;
  private readonly controls = new Map<string, AgentControl>();
  private readonly agents = new Map<string, Agent<any, any>>();
  /** @internal the run the current async call chain belongs to (for wrapped tools) */
  readonly currentRun = new AsyncLocalStorage<Run>();

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
    this.off = new Set(Object.entries(options.rules ?? {}).filter(([, v]) => v === 'off').map(([k]) => k));
    this.policies = [...fromPreset, ...(options.policies ?? [])].filter((p) => !this.off.has(p.ruleId));
    this.preset = preset;
    this.enforcing = preset !== 'audit';
    this.roots = this.policies.find((p) => p.roots)?.roots ?? [];
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    const resolveProgramIn = programResolver();
    this.env = {
      cwd: options.cwd ? base : undefined,
      home: options.home,
      realpath: options.realpath ?? defaultRealpath,
      resolveProgram: (name) => resolveProgramIn(name),
      resolveProgramIn,
      baseDir: base,
    };
    this.recorder = options.recorder?.path ? openRecorder(path.resolve(base, options.recorder.path)) : undefined;
    this.now = options.now ?? (() => performance.now());
    this.lookupHost = options.lookup ?? (async (host) => (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address));
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
    const t0 = performance.now();
    const done = (decision: KernelDecision, resolved?: string): Evaluation => {
      const ev: Evaluation = { decision, durationMs: performance.now() - t0 };
      if (resolved !== undefined) ev.resolved = resolved;
      return ev;
    };
    if (!isActionLike(action)) return done({ allowed: false, reason: 'not an action: expected an object with a string `kind` (sql, file, exec, http or a custom kind)' });
    let denied: { ruleId: string; reason: string } | undefined;
    let resolved: string | undefined;
    const rates: Policy[] = [];
    for (const p of this.policies) {
      if (!p.appliesTo(action.kind) || (only && !only(p))) continue;
      if (p.rate) {
        rates.push(p);
        continue;
      }
      let o: PolicyOutcome;
      try {
        o = p.decide(action, this.env);
      } catch (err) {
        o = { allowed: false, reason: `${p.ruleId} could not judge this action, so it is denied (fail closed): ${err instanceof Error ? err.message : String(err)}` };
      }
      if (o.resolved !== undefined && resolved === undefined) resolved = o.resolved;
      if (!o.allowed) {
        const ruleId = o.ruleId && !this.off.has(o.ruleId) ? o.ruleId : p.ruleId;
        denied = { ruleId, reason: o.reason ?? `denied by ${ruleId}` };
        break;
      }
    }
    if (!denied && rates.length) {
      const now = this.now();
      const key = `${agent}\0${action.kind}`;
      for (const p of rates) {
        const wait = p.rate!.buckets.waitMs(key, now);
        if (wait > 0) {
          const r = p.rate!;
          const at = new Date(Date.now() + wait).toISOString();
          denied = {
            ruleId: p.ruleId,
            reason: `agent \`${agent}\` reached the rate limit of ${r.max} ${action.kind} actions per ${windowLabel(r.window)}; the next call will be allowed in ${(wait / 1000).toFixed(3)}s (at ${at})`,
          };
          break;
        }
      }
      if (!denied && consume) for (const p of rates) p.rate!.buckets.take(key, now);
    }
    if (!denied) return done({ allowed: true }, resolved);
    if (this.enforcing) return done({ allowed: false, ruleId: denied.ruleId, reason: denied.reason }, resolved);
    return done({ allowed: true, ruleId: denied.ruleId, reason: denied.reason, wouldDeny: true }, resolved);
  }

  /** @internal Decide, record, and throw PolicyViolation on a denial. Holds while the agent is stopped. */
  async govern(run: Run | undefined, agent: string, action: KernelAction, asyncCheck?: AsyncCheck): Promise<Evaluation> {
    if (run) await run.control.gate(run);
    const ev = this.evaluate(action, agent, true);
    if (asyncCheck && ev.decision.allowed && !ev.decision.wouldDeny) {
      const t0 = performance.now();
      let o: Awaited<ReturnType<AsyncCheck>>;
      try {
        o = await asyncCheck();
      } catch (err) {
        o = { allowed: false, ruleId: 'egress-not-allowlisted', reason: `the destination could not be checked, so it is denied (fail closed): ${String(err)}` };
      }
      ev.durationMs += performance.now() - t0;
      if (o && !o.allowed) {
        const reason = o.reason ?? `denied by ${o.ruleId}`;
        ev.decision = this.enforcing ? { allowed: false, ruleId: o.ruleId, reason } : { allowed: true, ruleId: o.ruleId, reason, wouldDeny: true };
      }
      if (run) run.throwIfKilled();
    }
    this.finish(agent, action, ev);
    return ev;
  }

  /** @internal Record a decision and throw when it denies. */
  finish(agent: string, action: KernelAction, ev: Evaluation): void {
    const redacted = redactAction(action);
    const decision = ev.decision.reason === undefined ? ev.decision : { ...ev.decision, reason: redactString(ev.decision.reason) };
    this.record(agent, redacted, decision, ev.durationMs);
    if (!decision.allowed) throw new PolicyViolation(decision.ruleId, decision.reason ?? 'denied', redacted as KernelAction, agent);
  }

  /** @internal */
  record(agent: string, action: Record<string, unknown>, decision: KernelDecision, durationMs: number): AuditRecord | undefined {
    if (!this.recorder) return undefined;
    try {
      return this.recorder.append({
        time: new Date().toISOString(),
        agent,
        verdict: decision.allowed ? 'allow' : 'deny',
        ruleId: decision.ruleId,
        reason: decision.reason,
        wouldDeny: decision.wouldDeny,
        durationMs: Math.round(durationMs * 1000) / 1000,
        action,
      });
    } catch (err) {
      // an action that cannot be recorded does not happen
      throw new KernelError(`the flight recorder ${this.recorder.file} could not be written, so the action was not performed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /**
   * @internal For `ctx.fetch` and wrapped http tools: the host's DNS answers must not be
   * private, loopback or metadata addresses unless an allowDomains policy lists the host
   * itself (not a wildcard) or the address, or allows private destinations.
   */
  dnsCheck(url: string): AsyncCheck | undefined {
    const egress = this.policies.filter((p) => p.egress);
    if (!egress.length) return undefined;
    return async () => {
      const v = classifyUrl(url, null, { allowPrivate: true });
      const host = v.host;
      if (!host || v.ip || isIP(host.replace(/^\[|\]$/g, ''))) return undefined; // literals were judged by the URL classifier
      let addresses: string[];
      try {
        addresses = await this.lookupHost(host);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? String(err);
        return { allowed: false, ruleId: 'egress-not-allowlisted', reason: `host ${host} could not be resolved (${code}), so its addresses cannot be checked (fail closed)` };
      }
      if (!addresses.length) return { allowed: false, ruleId: 'egress-not-allowlisted', reason: `host ${host} resolved to no address` };
      for (const p of egress) {
        const { allow, allowPrivate } = p.egress!;
        if (allowPrivate) continue;
        for (const ip of addresses) {
          if (!isPrivateAddress(ip)) continue;
          const listed = allow !== null && allow.some((e) => !e.startsWith('*') && (hostMatches(host, e) || hostMatches(ip, e)));
          if (!listed)
            return {
              allowed: false,
              ruleId: p.ruleId,
              reason: `host ${host} resolves to ${ip}, a private, loopback or metadata address; such destinations are reachable only when the host or address is listed explicitly`,
            };
        }
      }
      return undefined;
    };
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
      const ctx = createContext(this, run);
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
    this.record(agentId, { kind: 'signal', signal, runs: control.runs.size }, { allowed: true }, 0);
  }

  /** Govern an existing tool (Vercel AI SDK, LangChain.js, MCP handler, plain function) without changing its shape. */
  wrapTool<T>(tool: T, options: WrapToolOptions): T {
    return wrapTool(this, tool, options);
  }
}
