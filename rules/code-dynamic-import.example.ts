import express from 'express';
import { Worker } from 'node:worker_threads';

const app = express();
const FORMATTERS: Record<string, string> = { csv: './formatters/csv.js', json: './formatters/json.js' };

app.post('/render', async (req, res) => {
  // expect: code-dynamic-import
  const plugin = await import(req.body.plugin);
  // ok: code-dynamic-import
  const formatter = await import(FORMATTERS[String(req.body.format)] ?? './formatters/csv.js');
  // expect: code-dynamic-import
  const inline = await import(`data:text/javascript,${req.body.source}`);
  // expect: code-dynamic-import
  const worker = new Worker(req.body.script, { eval: true });
  // ok: code-dynamic-import
  const pool = new Worker('./jobs/render.js');
  res.json({ plugin, formatter, inline, worker: worker.threadId, pool: pool.threadId });
});

const ACTIONS = { archive: (id: string) => id, restore: (id: string) => id };

app.post('/actions/:name', (req, res) => {
  const name = req.params.name;
  // expect: code-dynamic-import
  const action = (globalThis as Record<string, unknown>)[name] as (id: string) => string;
  // expect: code-dynamic-import
  const helper = require(`./helpers/${name}`);
  // ok: code-dynamic-import
  const fixed = name in ACTIONS ? ACTIONS[name as keyof typeof ACTIONS] : ACTIONS.archive;
  // ok: code-dynamic-import
  const timer = globalThis['setTimeout'];
  res.json({ result: action(req.body.id), helper: typeof helper, fixed: fixed(req.body.id), timer: typeof timer });
});
