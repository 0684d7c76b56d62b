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
