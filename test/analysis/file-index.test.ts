/**
 * The file index of the result cache (src/analysis/file-index.ts) on real files: unchanged
 * files are not read by a warm run until their text is asked for, a changed file is read
 * again, and a record made too soon after the file was written is not trusted.
 */
import { createHash } from 'node:crypto';
import { statSync, utimesSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import { FileIndex, RACY_MS, SourceTexts } from '../../src/analysis/file-index.js';
import { runCheck } from '../../src/analysis/run.js';
import { defaultConfig } from '../../src/config/load.js';
import { loadRules } from '../../src/policy/rules.js';
import { removeScratch, scratch, settle } from '../helpers/cache.js';
import { tempProject } from '../helpers/cli.js';

const rules = loadRules(undefined, CHECK_NAMES);
afterAll(() => removeScratch());

const RISKY = 'import subprocess\ndef run(cmd):\n    subprocess.run(cmd, shell=True)\n';
const CLEAN = 'def ok(x):\n    return x + 1\n';

async function check(dir: string, location?: string) {
  const r = await runCheck({ cwd: dir, config: defaultConfig(dir), rules, cache: location ? { location } : undefined });
  return { r, report: JSON.stringify({ findings: r.findings, errors: r.errors, skipped: r.skipped, summary: r.summary }) };
}

describe('file index', () => {
  it('leaves unchanged files unread by a warm run, and reads a text when a report asks for it', async () => {
    const dir = tempProject({ 'risky.py': RISKY, 'clean.py': CLEAN, 'lib/util.py': CLEAN.replace('ok', 'util') });
    const location = scratch('agentos-index-test-');
    await settle();
    const cold = await check(dir, location);
    const warm = await check(dir, location);
    expect(warm.report).toBe(cold.report);
    expect(warm.report).toBe((await check(dir)).report);
    const sources = warm.r.sources as SourceTexts;
    expect([...sources.keys()].sort()).toEqual(['clean.py', 'lib/util.py', 'risky.py']);
    for (const f of sources.keys()) expect(sources.loaded(f), f).toBe(false);
    expect(sources.get('risky.py')).toBe(RISKY);
    expect(sources.loaded('risky.py')).toBe(true);
    expect(new Map(sources).get('clean.py')).toBe(CLEAN);
  });

  it('leaves the files a change does not reach unread when one file changed (their code contexts are not asked for either)', async () => {
    const dir = tempProject({ 'risky.py': RISKY, 'clean.py': CLEAN, 'lib/util.py': CLEAN.replace('ok', 'util'), 'tests/test_x.py': CLEAN });
    const location = scratch('agentos-index-test-');
    await settle();
    await check(dir, location);
    await settle();
    writeFileSync(path.join(dir, 'clean.py'), CLEAN.replace('ok', 'fine'));
    const after = await check(dir, location);
    expect(after.report).toBe((await check(dir)).report);
    const sources = after.r.sources as SourceTexts;
    expect(sources.loaded('clean.py')).toBe(true);
    for (const f of ['risky.py', 'lib/util.py', 'tests/test_x.py']) expect(sources.loaded(f), f).toBe(false);
  });

  it('reads a file again when its metadata changed, though its size and modification time are as before', async () => {
    const dir = tempProject({ 'tool.py': CLEAN.padEnd(RISKY.length, '#'), 'other.py': CLEAN });
    const location = scratch('agentos-index-test-');
    await settle();
    const first = await check(dir, location);
    expect(first.r.findings).toEqual([]);
    const file = path.join(dir, 'tool.py');
    const before = statSync(file);
    writeFileSync(file, RISKY);
    utimesSync(file, before.atime, before.mtime);
    expect(statSync(file).size).toBe(before.size);
    const second = await check(dir, location);
    expect(second.r.findings.map((f) => f.file)).toEqual(['tool.py']);
    expect(second.report).toBe((await check(dir)).report);
    // a new file and a removed one
    writeFileSync(path.join(dir, 'new.py'), RISKY);
    rmSync(path.join(dir, 'tool.py'));
    const third = await check(dir, location);
    expect(third.r.findings.map((f) => f.file)).toEqual(['new.py']);
    expect(third.report).toBe((await check(dir)).report);
  });

  it('trusts a record only when the file is older than the record by more than the racy window', () => {
    const dir = tempProject({ 'a.py': CLEAN });
    const location = scratch('agentos-index-test-');
    const abs = path.join(dir, 'a.py');
    const job = { rel: 'a.py', language: 'python' as const };
    const record = (started: number) => {
      const index = new FileIndex({ location }, dir, [], started);
      expect(index.known(abs, statSync(abs, { bigint: true }), job)).toBeUndefined();
      index.read({ ...job, text: CLEAN });
      index.save();
    };
    const lookup = () => new FileIndex({ location }, dir, []).known(abs, statSync(abs, { bigint: true }), job);
    // recorded as the file was written: it could still change within the same timestamp
    record(Date.now());
    expect(lookup()).toBeUndefined();
    // recorded well after it was written
    record(statSync(abs).ctimeMs + RACY_MS + 1000);
    const known = lookup()!;
    expect(known.hash).toBe(createHash('sha256').update(CLEAN).digest('hex'));
    expect(known.text).toBe(CLEAN);
    // written again: the record no longer matches
    writeFileSync(abs, CLEAN.replace('1', '2'));
    expect(lookup()).toBeUndefined();
  });
});
