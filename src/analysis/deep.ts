/**
 * Deeply nested code (a concatenation of 30,000 terms around a call, 10,000 nested parentheses)
 * overflows the call stack of the parsers' and front ends' recursive walks on the main thread.
 * Such a file is lowered again on a worker thread whose stack is large enough, instead of being
 * dropped: the recursion stays, only its room grows, and ordinary files never pay for it.
 */
import { Worker } from 'node:worker_threads';
import type { ToolMark } from './engine.js';
import type { FileFacts, Language } from './facts.js';
import type { ImportedReturns } from './returns.js';

/** Stack of the worker, in MiB (the main thread has about 1). */
export const DEEP_STACK_MB = 256;

/** The facts of a file lowered on a thread with a large stack; undefined when that fails too. */
export function lowerWithLargeStack(job: { rel: string; text: string; language: Language }, tools?: ReadonlyMap<string, ToolMark>, returns?: ImportedReturns): Promise<FileFacts | undefined> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./deep-worker.js', import.meta.url), {
        workerData: { rel: job.rel, text: job.text, language: job.language, tools: tools ? [...tools] : undefined, returns },
        resourceLimits: { stackSizeMb: DEEP_STACK_MB },
      });
    } catch {
      resolve(undefined);
      return;
    }
    worker.once('message', (m: { facts?: FileFacts }) => {
      resolve(m.facts);
      void worker.terminate();
    });
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}
