/**
 * How many threads a run takes (`--jobs`, pool.ts): apart from the pool, which a run loads only
 * when it starts workers.
 */
import os from 'node:os';

/** Below this much source (bytes) the default is one thread: starting workers and loading their parsers costs more than it saves. */
export const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;

/**
 * Below this many cores the default is one thread: on 2 vCPUs a second thread was measured to
 * gain nothing (it shares the CPU time one thread had and adds its own start-up), and one
 * thread keeps the project pass's memory bound (project.ts `KEEP_FACTS_TEXT`).
 */
export const PARALLEL_MIN_CORES = 4;

/** The number of threads for a run: `requested` when given, else the cores, or 1 when the work is small or the cores few. */
export function threadCount(requested: number | undefined, totalBytes: number, files: number, cores: number = os.availableParallelism()): number {
  const n = requested ?? (totalBytes < PARALLEL_MIN_BYTES || cores < PARALLEL_MIN_CORES ? 1 : cores);
  return Math.max(1, Math.min(n, files));
}
