/** Query builders whose filter comes after the operation (Drizzle): the chain decides, on every shape of handle. */
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../src/analysis/analyze.js';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import { languageOf } from '../../src/analysis/engine.js';
import { activeRules } from '../../src/analysis/run.js';
import { defaultConfig } from '../../src/config/load.js';
import { loadRules } from '../../src/policy/rules.js';

const rules = loadRules(undefined, CHECK_NAMES).filter((r) => r.id === 'sql-destructive-orm');

async function reported(rel: string, text: string): Promise<number[]> {
  const config = defaultConfig('/p');
  const r = await analyzeFile({ rel, text, language: languageOf(rel)! }, activeRules(rules, config), config);
  return r.findings.map((f) => f.line);
}

describe('Drizzle delete and update chains', () => {
  it('reports a chain without .where() and not one with it, also split over lines and through returning()', async () => {
    const src = [
      "import { drizzle } from 'drizzle-orm/postgres-js';",
      "import { eq } from 'drizzle-orm';",
      "import { sessions, users } from './schema';",
      'const db = drizzle(process.env.DATABASE_URL!);',
      'export async function purge(id: string) {',
      '  await db',
      '    .delete(sessions)',
      '    .where(eq(sessions.userId, id));',
      '  await db',
      '    .delete(sessions)',
      '    .returning();',
      '  await db.update(users).set({ name: id }).where(eq(users.id, id));',
      '  await db.update(users).set({ name: id });',
      '  const q = db.delete(users).$dynamic();',
      '  await q.where(eq(users.id, id));',
      '}',
      '',
    ].join('\n');
    expect(await reported('src/purge.ts', src)).toEqual([9, 13]);
  });

  it('knows a handle by its name only in files that use Drizzle, and never a Map or a key-value store', async () => {
    const src = [
      "import { eq } from 'drizzle-orm';",
      "import { db } from '@/server/db';",
      "import { users } from '@/server/db/schema';",
      'const cache = new Map<string, string>();',
      'export async function forget(id: string, kv: { delete(k: string): void }) {',
      '  cache.delete(id);',
      '  kv.delete(id);',
      "  await db.delete('users');",
      '  await db.delete(users);',
      '  await db.transaction(async (tx) => { await tx.delete(users).where(eq(users.id, id)); await tx.delete(users); });',
      '}',
      '',
    ].join('\n');
    expect(await reported('src/forget.ts', src)).toEqual([9, 10]);
    expect(await reported('src/forget.ts', src.replace("import { eq } from 'drizzle-orm';", "import { eq } from './ops';"))).toEqual([]);
  });
});
