/** SIGSTOP / SIGCONT / SIGKILL for registered agents. */
import { AgentKilledError } from './errors.js';

/** One `execute` of an agent. */
export class Run {
  readonly controller = new AbortController();
  killed = false;
  /** rejects when the run is killed; `execute` races the agent against it */
  readonly killed$: Promise<never>;
  private rejectKilled!: (err: Error) => void;

  constructor(readonly control: AgentControl) {
    this.killed$ = new Promise<never>((_, reject) => {
      this.rejectKilled = reject;
    });
    // observed through the race; avoid an unhandled rejection when nobody awaits it
    this.killed$.catch(() => undefined);
  }

  get agentId(): string {
    return this.control.id;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  kill(): void {
    if (this.killed) return;
    this.killed = true;
    const err = new AgentKilledError(this.control.id);
    this.controller.abort(err);
    this.rejectKilled(err);
  }

  throwIfKilled(): void {
    if (this.killed) throw new AgentKilledError(this.control.id);
  }
}

/** Signal state of one registered agent, shared by all its runs. */
export class AgentControl {
  /** SIGSTOP received and no SIGCONT since */
  stopped = false;
  readonly runs = new Set<Run>();
  private waiters = new Set<() => void>();

  constructor(readonly id: string) {}

  private wake(): void {
    const ws = [...this.waiters];
    this.waiters.clear();
    for (const w of ws) w();
  }

  stop(): void {
    this.stopped = true;
  }

  cont(): void {
    this.stopped = false;
    this.wake();
  }

  /** Kills the runs in flight; a later `execute` starts afresh. */
  kill(): void {
    this.stopped = false;
    for (const r of this.runs) r.kill();
    this.wake();
  }

  /** Called before every governed action: holds while stopped, throws once killed. */
  async gate(run: Run): Promise<void> {
    run.throwIfKilled();
    while (this.stopped && !run.killed) {
      await new Promise<void>((resolve) => this.waiters.add(resolve));
    }
    run.throwIfKilled();
  }
}
