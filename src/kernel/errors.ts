/** Errors the kernel throws. Each is a class so callers can tell them apart with `instanceof`. */
import type { KernelAction } from './types.js';

/** Base class of every error the kernel raises on its own account. */
export class KernelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KernelError';
  }
}

/** A governed action was denied. The denial is recorded whether or not the agent catches this. */
export class PolicyViolation extends KernelError {
  constructor(
    readonly ruleId: string | undefined,
    readonly reason: string,
    /** the action with secrets redacted (safe to log or show to a model) */
    readonly action: KernelAction,
    readonly agentId?: string,
  ) {
    super(`${ruleId ? `${ruleId}: ` : ''}${reason}`);
    this.name = 'PolicyViolation';
  }
}

/** The agent received SIGKILL: `execute` rejects with this, and so does every governed action after it. */
export class AgentKilledError extends KernelError {
  constructor(readonly agentId: string) {
    super(`agent \`${agentId}\` was killed (SIGKILL)`);
    this.name = 'AgentKilledError';
  }
}

/** `ctx.exec` stopped a process that ran too long or wrote too much; the output so far is attached. */
export class ExecLimitError extends KernelError {
  constructor(
    readonly limit: 'timeout' | 'output',
    message: string,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'ExecLimitError';
  }
}

/** `ctx.fetch` followed more redirects than allowed, or could not replay a request body on a redirect. */
export class RedirectError extends KernelError {
  constructor(message: string) {
    super(message);
    this.name = 'RedirectError';
  }
}
