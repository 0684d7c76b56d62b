/**
 * Vercel AI SDK: a `tool({ execute })` that runs SQL, governed by the kernel.
 * The wrapped object is still a tool: pass it to generateText/streamText as before.
 */
import { tool } from 'ai';
import { z } from 'zod';
import type { KernelSpace } from '../../../src/kernel/index.js';

export interface QueryClient {
  query(text: string): Promise<{ rows: unknown[] }>;
}

export function governedSqlTool(kernel: KernelSpace, db: QueryClient) {
  const runSql = tool({
    description: 'Run one SQL statement on the analytics database and return the rows.',
    inputSchema: z.object({ query: z.string().describe('the SQL statement') }),
    execute: async ({ query }) => (await db.query(query)).rows,
  });
  // the `query` field carries the SQL: it is decided (sql-destructive) before execute runs
  return kernel.wrapTool(runSql, { action: 'sql', from: 'query', agent: 'vercel-analyst' });
}
