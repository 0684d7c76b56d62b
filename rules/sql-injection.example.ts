import { tool } from 'ai';
import { z } from 'zod';
import Database from 'better-sqlite3';

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
