/**
 * The decision core: decides an action against the policies, records the decision in the
 * flight recorder, holds a stopped agent at its next action, and throws on a denial. The
 * governed operations (context, exec, fetch, governed-fs, wrap-tool) call it; it imports
 * none of them, nor KernelSpace, so each operation can be read and tested on its own.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { classifyUrl, hostMatches, isPrivateAddress } from '../policy/urls.js';
import { KernelError, PolicyViolation } from './errors.js';
import type { Policy, PolicyEnv, PolicyOutcome } from './policy.js';
import { windowLabel } from './rate-limit.js';
import type { AuditRecord, Recorder } from './recorder.js';
import { redactAction, redactString } from './redact.js';
import type { Run } from './signals.js';
import type { KernelAction, KernelDecision, KernelLimits } from './types.js';

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

/** What the policies may consult, plus what the governed operations need to carry an action out. */
export type CoreEnv = PolicyEnv & { resolveProgramIn: (name: string, pathVar?: string) => string | undefined; baseDir: string };

export interface DecisionCoreOptions {
  policies: readonly Policy[];
  enforcing: boolean;
  roots: readonly string[];
  limits: KernelLimits;
  env: CoreEnv;
  /** rule ids turned off in the configuration */
  off: ReadonlySet<string>;
  recorder: Recorder | undefined;
  now: () => number;
  lookupHost: (host: string) => Promise<string[]>;
}

function isActionLike(a: unknown): a is KernelAction {
  return typeof a === 'object' && a !== null && !Array.isArray(a) && typeof (a as { kind?: unknown }).kind === 'string' && (a as { kind: string }).kind !== '';
}

export class DecisionCore {
  readonly policies: readonly Policy[];
  /** false in the audit preset: decisions are recorded, nothing is denied */
  readonly enforcing: boolean;
  /** the sandbox roots of the first fileAccess policy (ctx.exec's default working directory) */
  readonly roots: readonly string[];
  readonly limits: KernelLimits;
  readonly env: CoreEnv;
  /** the run the current async call chain belongs to (for wrapped tools) */
  readonly currentRun = new AsyncLocalStorage<Run>();
  private readonly off: ReadonlySet<string>;
  private readonly recorder: Recorder | undefined;
  private readonly now: () => number;
  private readonly lookupHost: (host: string) => Promise<string[]>;

  constructor(o: DecisionCoreOptions) {
    this.policies = o.policies;
    this.enforcing = o.enforcing;
    this.roots = o.roots;
    this.limits = o.limits;
    this.env = o.env;
    this.off = o.off;
    this.recorder = o.recorder;
    this.now = o.now;
    this.lookupHost = o.lookupHost;
  }

  /** Decide an action; with `consume`, an allowed action takes its rate-limit tokens. */
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

  /** Decide, record, and throw PolicyViolation on a denial. Holds while the agent is stopped. */
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

  /** Record a decision and throw when it denies. */
  finish(agent: string, action: KernelAction, ev: Evaluation): void {
    const redacted = redactAction(action);
    const decision = ev.decision.reason === undefined ? ev.decision : { ...ev.decision, reason: redactString(ev.decision.reason) };
    this.record(agent, redacted, decision, ev.durationMs);
    if (!decision.allowed) throw new PolicyViolation(decision.ruleId, decision.reason ?? 'denied', redacted as KernelAction, agent);
  }

  /** */
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
}
