/** Worker entry of pool.ts: one fact store, driven by messages from the main thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { FactStore } from './facts-store.js';
import type { PoolRequest, PoolReply, PoolWorkerData } from './pool.js';
import { enableYamlCache } from '../policy/yaml-cache.js';

const { setup, yamlCache } = workerData as PoolWorkerData;
if (yamlCache) enableYamlCache(yamlCache, false);
const store = new FactStore(setup);

parentPort!.on('message', (m: PoolRequest) => {
  const work =
    m.op === 'lower'
      ? store.lower(m.i, m.job, m.marks ? new Map(m.marks) : undefined, m.returns)
      : m.op === 'export'
        ? store.exportCalls(m.i, m.ks)
        : m.op === 'uses'
          ? store.uses(m.i)
          : store.check(m.i, m.links, m.context);
  work.then(
    (value) => parentPort!.postMessage({ id: m.id, value } satisfies PoolReply),
    (err: Error) => parentPort!.postMessage({ id: m.id, error: err.message } satisfies PoolReply),
  );
});
