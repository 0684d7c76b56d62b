import { tool } from 'ai';
import { z } from 'zod';
import Database from 'better-sqlite3';
import { ChatOpenAI } from '@langchain/openai';
import { PromptTemplate } from '@langchain/core/prompts';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { SqlDatabase } from 'langchain/sql_db';
import { DataSource } from 'typeorm';
import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';

const db = new Database('crm.db');

export const searchContacts = tool({
  description: 'Search contacts by company',
  inputSchema: z.object({ company: z.string(), orderBy: z.string() }),
  execute: async ({ company, orderBy }) => {
    // expect: sql-injection
    const rows = db.prepare(`SELECT * FROM contacts WHERE company = '${company}' ORDER BY ${orderBy}`).all();
    // ok: sql-injection
    const same = db.prepare('SELECT * FROM contacts WHERE company = ?').all(company);
    return { rows, same };
  },
});

const SORTABLE_ALLOWLIST = new Set(['name', 'created_at']);

export const listContacts = tool({
  description: 'List contacts in an order',
  inputSchema: z.object({ orderBy: z.string() }),
  execute: async ({ orderBy }) => {
    if (!SORTABLE_ALLOWLIST.has(orderBy)) throw new Error('unknown column');
    // ok: sql-injection
    return db.prepare(`SELECT * FROM contacts ORDER BY ${orderBy}`).all();
  },
});

function countRows(table: string) {
  // a helper the module does not export, every call of which passes a constant
  // ok: sql-injection
  return db.prepare(`SELECT count(*) AS n FROM ${table}`).get();
}

countRows('contacts');
countRows('companies');

// Model output into actions: a chain writes the SQL, the app runs it.
const llm = new ChatOpenAI({ model: 'gpt-4o' });

export async function textToSql(question: string): Promise<string> {
  const warehouse = await SqlDatabase.fromDataSourceParams({ appDataSource: new DataSource({ type: 'sqlite', database: 'warehouse.db' }) });
  const chain = PromptTemplate.fromTemplate('Write one SQLite query answering: {q}').pipe(llm).pipe(new StringOutputParser());
  const generated = await chain.invoke({ q: question });
  // expect: sql-injection
  return warehouse.run(generated);
}

// Hono: the request is `c.req`; Drizzle's `sql` template binds its holes, `sql.raw` does not
const api = new Hono();
const orm = drizzle(process.env.DATABASE_URL!);

api.get('/orders', async (c) => {
  const status = c.req.query('status');
  // expect: sql-injection
  const raw = await orm.execute(sql.raw(`SELECT * FROM orders WHERE status = '${status}'`));
  // ok: sql-injection
  const bound = await orm.execute(sql`SELECT * FROM orders WHERE status = ${status}`);
  const { region } = await c.req.json();
  // expect: sql-injection
  const byRegion = db.prepare(`SELECT * FROM orders WHERE region = '${region}'`).all();
  return c.json({ raw: raw.rows, bound: bound.rows, byRegion });
});

// a filter builder: keys checked against an identifier pattern, values bound, nested groups built by calling itself
const SAFE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkedKey(key: string): string {
  if (!SAFE_KEY.test(key)) throw new Error(`invalid filter key ${key}`);
  return key;
}

function filterSql(filters: Record<string, any> | undefined, start: number): { conditions: string[]; values: unknown[]; next: number } {
  const conditions: string[] = [];
  const values: unknown[] = [];
  let next = start;
  if (!filters) return { conditions, values, next };
  for (const [key, value] of Object.entries(filters)) {
    if (key === '$or') {
      const groups: string[] = [];
      for (const sub of value as Record<string, any>[]) {
        const inner = filterSql(sub, next);
        groups.push('(' + inner.conditions.join(' AND ') + ')');
        values.push(...inner.values);
        next = inner.next;
      }
      conditions.push('(' + groups.join(' OR ') + ')');
      continue;
    }
    conditions.push(`payload->>'${checkedKey(key)}' = $${next}`);
    values.push(String(value));
    next++;
  }
  return { conditions, values, next };
}

export function listDocuments(filters: Record<string, any>, column: string) {
  const { conditions, values } = filterSql(filters, 1);
  const where = conditions.length ? 'WHERE ' + conditions.join(' AND ') : '';
  // ok: sql-injection
  const rows = db.prepare(`SELECT id, payload FROM documents ${where}`).all(...values);
  // expect: sql-injection
  const sorted = db.prepare(`SELECT id FROM documents ${where} ORDER BY ${column}`).all(...values);
  return { rows, sorted };
}
