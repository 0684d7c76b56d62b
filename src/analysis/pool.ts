/**
 * `--jobs N`: the project pass on N threads, the main thread and N-1 workers.
 *
 * Lowering (parsing and building facts) is most of a check, so files are handed out one at a
 * time, the largest first, to whichever thread is free, and each thread keeps the facts of the
 * files it lowered. The project pass then runs on the main thread over small summaries
 * (facts-store.ts): the threads that hold a module another module registers tools from lower
 * it again with the marks, the threads that hold calling files resolve the taint of the
 * arguments of their calls into other modules, and every file is checked where its facts
 * are, with those calls. Each step is the same code in every thread, so the findings are
 * those of a run on one thread, in the same order (results are placed by file, not by
 * arrival).
 *
 * Each worker loads the parsers it needs once (the front ends are imported per language on
 * first use). Workers are started only when the work pays for them: below
 * `PARALLEL_MIN_BYTES` of source the default is one thread.
 *
 * A worker that dies (out of memory, a crash in a native parser) fails only the file it was
 * working on, with an analysis error; the files whose facts it held are lowered again on the
 * main thread, and the run goes on with the threads that are left.
 */
import { Worker } from 'node:worker_threads';
import type { FileJob, FileResult } from './analyze.js';
import type { CodeContext } from './contexts.js';
import type { ToolMark } from './engine.js';
import { FactStore, type CheckSetup, type FileLinks, type LinkedCall, type Lowering } from './facts-store.js';
import type { Executors } from './project.js';
import type { ImportedReturns } from './returns.js';
import { yamlCacheFile } from '../policy/yaml-cache.js';

// (how many threads a run takes is told in threads.ts, which a run loads before it knows whether it analyzes anything)
export { PARALLEL_MIN_BYTES, PARALLEL_MIN_CORES, threadCount } from './threads.js';

export type PoolRequest =
  | { id: number; op: 'lower'; i: number; job: FileJob; marks?: [string, ToolMark][]; returns?: ImportedReturns }
  | { id: number; op: 'export'; i: number; ks: readonly number[] }
  | { id: number; op: 'uses'; i: number }
  | { id: number; op: 'check'; i: number; links: FileLinks | undefined; context: CodeContext };
/**
 * What a worker starts with: the run's settings, and the parsed-YAML cache of this thread (the
 * program models of the command checks are YAML: parsed afresh, with the `yaml` package loaded
 * for it, they were a tenth of a worker's time on a Python tree).
 */
export interface PoolWorkerData {
  setup: CheckSetup;
  yamlCache?: string;
}
export type PoolReply = { id: number; value?: unknown; error?: string };

class WorkerStopped extends Error {
  constructor(
    message: string,
    /** the request the worker was working on; the others were only waiting in its queue */
    readonly current: boolean,
  ) {
    super(message);
  }
}

type Request = PoolRequest extends infer R ? (R extends PoolRequest ? Omit<R, 'id'> : never) : never;

/** One worker thread and the requests it has not answered. */
class WorkerThread {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  stopped?: string;

  constructor(
    private readonly worker: Worker,
    private readonly onStop: (t: WorkerThread) => void,
  ) {
    worker.on('message', (m: PoolReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.value);
    });
    worker.on('error', (err) => this.stop(err.message));
    worker.on('exit', (code) => this.stop(`exit code ${code}`));
  }

  private stop(reason: string): void {
    if (this.stopped) return;
    this.stopped = reason;
    // a worker answers in the order it is asked: the oldest request is the one it was on
    let first = true;
    for (const p of this.pending.values()) {
      p.reject(new WorkerStopped(reason, first));
      first = false;
    }
    this.pending.clear();
    this.onStop(this);
  }

  call<T>(request: Request): Promise<T> {
    if (this.stopped) return Promise.reject(new WorkerStopped(this.stopped, false));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  async close(): Promise<void> {
    this.stopped ??= 'closed';
    await this.worker.terminate();
  }
}

/** Heap limit of each worker in MiB (`AGENTOS_WORKER_HEAP_MB`; default: Node's). */
function workerHeapMb(): number | undefined {
  const v = Number(process.env.AGENTOS_WORKER_HEAP_MB);
  return Number.isInteger(v) && v > 0 ? v : undefined;
}

const stoppedMessage = (reason: string) => `not analyzed: the worker thread analyzing it stopped (${reason})`;

/** Executors on `threads` threads: this one and `threads - 1` workers. */
export function poolExecutors(threads: number): (jobs: readonly FileJob[], setup: CheckSetup) => Executors {
  return (jobs, setup) => {
    const local = new FactStore(setup);
    /** where each file's facts are: a worker, or this thread when absent */
    const owner = new Map<number, WorkerThread>();
    const marksOf = new Map<number, ReadonlyMap<string, ToolMark>>();
    const returnsOf = new Map<number, ImportedReturns>();
    /** files whose facts were lost with their worker: lowered again here before their next step */
    const orphans = new Set<number>();
    const onStop = (t: WorkerThread) => {
      for (const [i, o] of owner)
        if (o === t) {
          owner.delete(i);
          orphans.add(i);
        }
    };
    const heap = workerHeapMb();
    const workers: WorkerThread[] = [];
    for (let n = 1; n < threads; n++) {
      let worker: Worker;
      try {
        worker = new Worker(new URL('./pool-worker.js', import.meta.url), {
          workerData: { setup, yamlCache: yamlCacheFile() } satisfies PoolWorkerData,
          ...(heap ? { resourceLimits: { maxOldGenerationSizeMb: heap } } : {}),
        });
      } catch {
        // no worker to be had: the threads there are do the work
        break;
      }
      workers.push(new WorkerThread(worker, onStop));
    }
    const adopt = async (i: number): Promise<void> => {
      if (!orphans.delete(i)) return;
      await local.lower(i, jobs[i]!, marksOf.get(i), returnsOf.get(i));
    };
    const lowerOn = async (t: WorkerThread | undefined, i: number): Promise<Lowering> => {
      const marks = marksOf.get(i);
      const returns = returnsOf.get(i);
      if (!t) return local.lower(i, jobs[i]!, marks, returns);
      owner.set(i, t);
      try {
        return await t.call<Lowering>({ op: 'lower', i, job: jobs[i]!, marks: marks && [...marks], returns });
      } catch (err) {
        if (!(err instanceof WorkerStopped)) throw err;
        orphans.delete(i);
        owner.delete(i);
        // the file being lowered may be what stopped the worker: it is reported, not retried;
        // a file still waiting in the worker's queue is lowered here
        if (!err.current) return local.lower(i, jobs[i]!, marks, returns);
        return { failed: { findings: [], error: stoppedMessage(err.message) } };
      }
    };
    /** a request about a file's facts, to the thread holding them (this one when their worker stopped) */
    const whereFactsAre = async <T>(i: number, request: Request, here: () => Promise<T>): Promise<T> => {
      await adopt(i);
      const t = owner.get(i);
      if (t) {
        try {
          return await t.call<T>(request);
        } catch (err) {
          if (!(err instanceof WorkerStopped)) throw err;
          await adopt(i);
        }
      }
      return here();
    };
    return {
      async lowerAll(order) {
        const out = new Map<number, Lowering>();
        let next = 0;
        const drain = async (t: WorkerThread | undefined) => {
          while (next < order.length && !t?.stopped) {
            const i = order[next++]!;
            out.set(i, await lowerOn(t, i));
            // this thread's lowering resolves in microtasks: let the workers' replies in between files
            if (!t) await new Promise((resolve) => setImmediate(resolve));
          }
        };
        // two files in flight per worker: the next one waits in the worker while this thread
        // is busy lowering its own file and cannot answer
        await Promise.all([drain(undefined), ...workers.flatMap((w) => [drain(w), drain(w)])]);
        return out;
      },
      async lower(i, marks, returns) {
        if (marks) marksOf.set(i, marks);
        else marksOf.delete(i);
        if (returns) returnsOf.set(i, returns);
        else returnsOf.delete(i);
        orphans.delete(i);
        return lowerOn(owner.get(i), i);
      },
      exportCalls: (i, ks) => whereFactsAre(i, { op: 'export', i, ks }, () => local.exportCalls(i, ks)),
      uses: (i) => whereFactsAre(i, { op: 'uses', i }, () => local.uses(i)),
      async check(i, links, context): Promise<FileResult> {
        await adopt(i);
        const t = owner.get(i);
        if (!t) return local.check(i, links, context);
        try {
          return await t.call<FileResult>({ op: 'check', i, links, context });
        } catch (err) {
          if (!(err instanceof WorkerStopped)) throw err;
          if (!err.current) {
            await adopt(i);
            return local.check(i, links, context);
          }
          orphans.delete(i);
          return { findings: [], error: stoppedMessage(err.message), context };
        }
      },
      async close() {
        await Promise.all(workers.map((w) => w.close()));
      },
    };
  };
}
