/** Worker entry of deep.ts: lower one file on a thread with a large stack and post its facts back. */
import { parentPort, workerData } from 'node:worker_threads';
import { factsFor, type ToolMark } from './engine.js';
import type { Language } from './facts.js';
import type { ImportedReturns } from './returns.js';

const job = workerData as { rel: string; text: string; language: Language; tools?: [string, ToolMark][]; returns?: ImportedReturns };
factsFor(job.rel, job.text, job.language, job.tools ? new Map(job.tools) : undefined, job.returns).then(
  (facts) => parentPort!.postMessage({ facts }),
  (err: Error) => parentPort!.postMessage({ error: err.message }),
);
