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
