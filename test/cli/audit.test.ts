import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KernelSpace, Policy } from '../../src/kernel/index.js';
import { runCli, tempProject } from '../helpers/cli.js';

describe('agentos audit (CLI)', () => {
  it('verifies an intact chain, names the first tampered line, and shows filtered records', async () => {
    const dir = tempProject({});
    const file = path.join(dir, 'audit.jsonl');
    const kernel = new KernelSpace({ recorder: { path: file }, policies: [Policy.noDestructiveSql()] });
    const agent = kernel.register(
      async (ctx) => {
        await ctx.check({ kind: 'sql', sql: 'SELECT 1' });
        await ctx.check({ kind: 'sql', sql: 'SELECT 2' });
        try {
          await ctx.check({ kind: 'sql', sql: 'DROP TABLE users' });
        } catch {
          // denied and recorded
        }
      },
      { id: 'analyst' },
    );
    await kernel.execute(agent, {});

    const ok = runCli(['audit', 'verify', 'audit.jsonl'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/chain intact/);

    const shown = runCli(['audit', 'show', 'audit.jsonl', '--verdict', 'deny', '--format', 'json'], { cwd: dir });
    expect(shown.code).toBe(0);
    const text = shown.stdout;
    expect(text).toContain('sql-destructive');
    expect(text).not.toContain('SELECT 1');

    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = lines[1]!.replace('SELECT 2', 'SELECT 3');
    writeFileSync(file, lines.join('\n'));
    const bad = runCli(['audit', 'verify', 'audit.jsonl'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/audit\.jsonl:2: edited/);

    const missing = runCli(['audit', 'verify', 'nope.jsonl'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^agentos: nope\.jsonl: no such file/);
  });
});
