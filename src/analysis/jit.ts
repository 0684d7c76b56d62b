/**
 * How V8 runs a long run: how soon it hands a hot function to its optimizing compiler, and how
 * far it lets the heap grow between two full collections.
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
 *
 * The heap: after a full collection V8 lets the heap grow to a multiple of what survived it
 * before collecting again, a multiple it picks between 1.1 and 4 from how fast the collector
 * is against the program. On a run over hundreds of files it picks the top: what is live stays
 * near 60 MiB on openai-agents-python (424,000 lines), and the heap reached 260 MiB, mostly
 * garbage waiting for a collection, and 350 MiB of RSS. A long run sets the multiple to 2
 * (`--heap-growing-percent=100`): about 280 MiB of RSS there and 300–313 MiB on crewAI, against
 * 324–349 MiB, with the same CPU time within this machine's noise; 1.3 cost half again as
 * much CPU, and so did a heap limit.
 *
 * V8 stamps the code it caches with a hash of its flags and rejects cached code made under other
 * flags: the CLI's code cache (src/cli/code-cache.ts), written at exit, would otherwise be made
 * under the raised budget by a long run and refused by the next short one (a pre-commit hook
 * after a full check), which would compile everything again and rewrite it, and so on in
 * turn. The code cache reads and makes cached code inside `withStartFlags`.
 */
import { setFlagsFromString } from 'node:v8';

/** From this much source (bytes, as `threadCount` counts it) a run is long enough to tune. */
export const LONG_RUN_BYTES = 1024 * 1024;

/** V8's default interrupt budget (`node --v8-options`). */
export const DEFAULT_INTERRUPT_BUDGET = 67_584;

/** How far the heap of a long run grows past what survived a full collection: 100 %, twice as much (0, V8's default, lets V8 choose). */
export const LONG_RUN_HEAP_GROWING_PERCENT = 100;

/** 8 × V8's default (67,584 bytes of bytecode run between two looks at a function); 4× gained less, 16× little more. */
export const LONG_RUN_INTERRUPT_BUDGET = 8 * DEFAULT_INTERRUPT_BUDGET;

let allowed = false;
let tuned = false;

/**
 * Let `tuneForLongRun` change V8's flags: called by the CLI, whose process is its own. A program
 * that calls `runCheck` as a library keeps its V8 settings (the flags are the whole process's).
 */
export function allowRuntimeTuning(): void {
  allowed = true;
}

/** What a long run changes: V8's flags as every process starts (tuning is skipped where the user set them), and as tuned. */
const START_FLAGS = [`--interrupt-budget=${DEFAULT_INTERRUPT_BUDGET}`, '--heap-growing-percent=0'];
const TUNED_FLAGS = [`--interrupt-budget=${LONG_RUN_INTERRUPT_BUDGET}`, `--heap-growing-percent=${LONG_RUN_HEAP_GROWING_PERCENT}`];

/** Raise V8's interrupt budget for the rest of the process when a run is long and tuning is allowed (once; never lowered again). */
export function tuneForLongRun(totalBytes: number): boolean {
  if (tuned || !allowed || totalBytes < LONG_RUN_BYTES || chosenByUser()) return tuned;
  tuned = true;
  for (const f of TUNED_FLAGS) setFlagsFromString(f);
  return true;
}

/** Whether node was started with V8 settings of the user's choosing for what a long run tunes (kept, then). */
function chosenByUser(): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => /interrupt[-_]budget|heap[-_]growing[-_]percent/.test(a));
}

/**
 * Run `fn` with V8's flags as every process starts with them: the code cache (src/cli/code-cache.ts)
 * reads cached code and makes it inside. V8 stamps cached code with a hash of its flags and
 * rejects code stamped under other flags than the current ones, so setting the defaults back
 * only before the cache is written at exit is not enough: the modules a long run loads after
 * the tuning (the front ends) would be refused their cached code at every long run, compiled
 * again, and the cache rewritten.
 */
export function withStartFlags<T>(fn: () => T): T {
  if (!tuned) return fn();
  for (const f of START_FLAGS) setFlagsFromString(f);
  try {
    return fn();
  } finally {
    for (const f of TUNED_FLAGS) setFlagsFromString(f);
  }
}
