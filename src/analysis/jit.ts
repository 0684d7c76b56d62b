/**
 * How soon V8 hands a hot function to its optimizing compiler, on a long run.
 *
 * A profile of a cold `check` of OpenHands' Python (231,000 lines) with `perf` showed about half
 * of the process's CPU time on V8's background threads compiling with TurboFan: the lowering's
 * large functions (`call`, `callResult`, `expr`, the path merge) are optimized early, meet a
 * new shape of value or node a few files later, are deoptimized and compiled again, up to nine
 * times each. Node's default interrupt budget suits a page that runs for a moment; a run over
 * megabytes of source does better letting a function run longer in the interpreter and the
 * baseline compiler first, so that it is optimized once, with its types settled. The flag is
 * read each time a function's budget is renewed, so setting it when the run's size is known
 * (after start-up, which it would slow) takes effect for the analysis. Only the speed changes:
 * the same code runs, with the same results.
 */
import { setFlagsFromString } from 'node:v8';

/** From this much source (bytes, as `threadCount` counts it) a run is long enough to tune. */
export const LONG_RUN_BYTES = 1024 * 1024;

/** V8's own interrupt budget (Node 20: 67,584 bytes of bytecode run between two looks at a function). */
export const V8_INTERRUPT_BUDGET = 67_584;

/** 8 × V8's default; 4× gained less, 16× little more. */
export const LONG_RUN_INTERRUPT_BUDGET = 8 * V8_INTERRUPT_BUDGET;

let allowed = false;
let tuned = false;

/**
 * Let `tuneForLongRun` change V8's flags: called by the CLI, whose process is its own. A program
 * that calls `runCheck` as a library keeps its V8 settings (the flags are the whole process's).
 */
export function allowRuntimeTuning(): void {
  allowed = true;
}

/** The interrupt budget the process was started with: `--interrupt-budget` in its arguments or NODE_OPTIONS (the last one), else V8's. */
export function startBudget(execArgv: readonly string[] = process.execArgv, nodeOptions: string = process.env.NODE_OPTIONS ?? ''): number {
  let budget = V8_INTERRUPT_BUDGET;
  for (const m of `${nodeOptions} ${execArgv.join(' ')}`.matchAll(/(?:^|\s)--interrupt[-_]budget[= ](\d+)\b/g)) budget = Number(m[1]);
  return budget;
}

/** Once tuned: the flag as the process started with it, and as tuned. */
let flags: { start: string; tuned: string } | undefined;

/** Raise V8's interrupt budget for the rest of the process when a run is long and tuning is allowed (once; never lowered again). */
export function tuneForLongRun(totalBytes: number): boolean {
  if (tuned || !allowed || totalBytes < LONG_RUN_BYTES) return tuned;
  tuned = true;
  flags = { start: `--interrupt-budget=${startBudget()}`, tuned: `--interrupt-budget=${LONG_RUN_INTERRUPT_BUDGET}` };
  setFlagsFromString(flags.tuned);
  return true;
}

/**
 * Run `fn` with V8's flags as the process started with them (the code cache, src/cli/code-cache.ts,
 * reads and makes cached data inside it). V8 stamps cached data with a hash of its flags and
 * rejects data stamped under other flags than the current ones: without this, a long run
 * threw away the cache of every module it loaded after the tuning and wrote it anew, stamped
 * so that the next run threw the rest away.
 */
export function withStartFlags<T>(fn: () => T): T {
  if (!flags) return fn();
  setFlagsFromString(flags.start);
  try {
    return fn();
  } finally {
    setFlagsFromString(flags.tuned);
  }
}
