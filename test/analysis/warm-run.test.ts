/**
 * What a re-run with nothing changed leans on, on real files: paths made relative once per
 * directory (`relativeTo`), jobs from the file index that travel to worker threads with their
 * text, and reports that are the same cold, warm and without the cache when the tree lies
 * outside the working directory (every path then goes through `..`).
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import { FileIndex, SourceTexts } from '../../src/analysis/file-index.js';
import { discover, relativeTo, runCheck } from '../../src/analysis/run.js';
import { defaultConfig } from '../../src/config/load.js';
import { loadRules } from '../../src/policy/rules.js';
import { entryFiles, isIndexEntry, isSnapshotEntry, isSummaryEntry, removeScratch, scratch, settle } from '../helpers/cache.js';
import { tempProject } from '../helpers/cli.js';

const rules = loadRules(undefined, CHECK_NAMES);
const projects: string[] = [];
const project = (files: Record<string, string>) => {
  const dir = tempProject(files);
  projects.push(dir);
  return dir;
};
afterAll(() => removeScratch(...projects));

const RISKY = 'import subprocess\ndef run(cmd):\n    subprocess.run(cmd, shell=True)\n';

describe('relativeTo', () => {
  it('gives what path.relative gives for every file of a tree, from inside, beside, above and below it', async () => {
    const dir = project({ 'a.py': '', 'pkg/b.py': '', 'pkg/sub/c.py': '', 'pkg/sub/deeper/d.py': '', 'other/e.py': '' });
    const { files } = await discover([dir], dir);
    // (and the package.json every temporary project has)
    expect(files.length).toBe(6);
    const bases = [dir, path.join(dir, 'pkg'), path.join(dir, 'pkg', 'sub'), path.join(dir, 'pkg', 'sub', 'deeper'), path.join(dir, 'other'), path.dirname(dir), '/', path.join(dir, 'pkg', 'sub', 'nowhere')];
    for (const base of bases) {
      const rel = relativeTo(base);
      // twice: the second time from the memo of each directory
      for (let round = 0; round < 2; round++) for (const f of files) expect(rel(f), `${base} -> ${f}`).toBe(path.relative(base, f));
    }
  });

  it('handles a path that the base lies under, and files in the root directory', () => {
    const rel = relativeTo('/srv/project/src');
    for (const abs of ['/srv/project', '/srv', '/srv/project/src', '/x.py', '/srv/projects/a.py', '/srv/project/src2/a.py', '/srv/project/src/a.py'])
      expect(rel(abs), abs).toBe(path.relative('/srv/project/src', abs));
  });
});

describe('jobs from the file index', () => {
  it('carry their text when posted to a worker thread', async () => {
    const dir = project({ 'tool.py': RISKY });
    const location = scratch('agentos-warm-test-');
    const abs = path.join(dir, 'tool.py');
    const job = { rel: 'tool.py', language: 'python' as const, relToConfig: 'tool.py' };
    const index = new FileIndex({ location }, dir, [], statSync(abs).ctimeMs + 10_000);
    expect(index.known(abs, statSync(abs, { bigint: true }), job)).toBeUndefined();
    index.read({ ...job, text: RISKY });
    index.save();
    const known = new FileIndex({ location }, dir, []).known(abs, statSync(abs, { bigint: true }), job)!;
    expect(known).toBeDefined();
    const sources = new SourceTexts();
    sources.add(known);
    expect(sources.loaded('tool.py')).toBe(false);
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<unknown>((resolve) => port2.once('message', resolve));
    port1.postMessage({ job: known });
    const posted = (await received) as { job: Record<string, unknown> };
    port1.close();
    expect(posted.job).toEqual({ rel: 'tool.py', language: 'python', relToConfig: 'tool.py', hash: known.hash, bytes: RISKY.length, text: RISKY });
    // posting read the text, and the run knows it
    expect(sources.loaded('tool.py')).toBe(true);
  });
});

describe('a tree outside the working directory', () => {
  it('reports the same cold, warm and without the cache', async () => {
    const dir = project({ 'agent/tool.py': RISKY, 'agent/util.py': 'from agent.tool import run\nrun(input())\n', 'lib/clean.py': 'X = 1\n' });
    const elsewhere = scratch('agentos-warm-cwd-');
    mkdirSync(path.join(elsewhere, 'here'), { recursive: true });
    writeFileSync(path.join(elsewhere, 'here', 'note.txt'), '');
    const cwd = path.join(elsewhere, 'here');
    const location = scratch('agentos-warm-test-');
    await settle();
    const check = async (cache: boolean) => {
      const r = await runCheck({ cwd, paths: [dir], config: defaultConfig(cwd), rules, ...(cache && { cache: { location } }) });
      return JSON.stringify({ findings: r.findings, errors: r.errors, skipped: r.skipped, summary: r.summary });
    };
    const cold = await check(true);
    expect(JSON.parse(cold).findings.map((f: { file: string }) => f.file)).toContain(path.relative(cwd, path.join(dir, 'agent', 'tool.py')));
    expect(await check(true)).toBe(cold);
    expect(await check(false)).toBe(cold);
  });
});

describe('the summary of a snapshot', () => {
  it('answers a re-run with nothing changed alone; after an edit the snapshot answers for what it still fits', async () => {
    const dir = project({ 'agent/__init__.py': '', 'agent/tool.py': RISKY, 'agent/util.py': 'from agent.tool import run\nrun(input())\n', 'lib/clean.py': 'X = 1\n' });
    const location = scratch('agentos-warm-test-');
    await settle();
    const check = async (cache: boolean) => {
      const r = await runCheck({ cwd: dir, config: defaultConfig(dir), rules, ...(cache && { cache: { location } }) });
      return JSON.stringify({ findings: r.findings, errors: r.errors, skipped: r.skipped, summary: r.summary });
    };
    const cold = await check(true);
    const summaries = entryFiles(location).filter(isSummaryEntry);
    expect(summaries).toHaveLength(1);
    // one tenth of the snapshot or so on a real tree: here, smaller than the snapshot at least
    const [snapshot] = entryFiles(location).filter(isSnapshotEntry);
    expect(statSync(summaries[0]!).size).toBeLessThan(statSync(snapshot!).size);
    // everything but the summary and the file index damaged: not read, not rewritten
    const others = entryFiles(location).filter((f) => !isSummaryEntry(f) && !isIndexEntry(f));
    for (const f of others) writeFileSync(f, 'damaged');
    expect(await check(true)).toBe(cold);
    for (const f of others) expect(readFileSync(f, 'utf8')).toBe('damaged');
    // an edit: another state of the texts, another summary; the damaged entries are misses, made again
    writeFileSync(path.join(dir, 'lib', 'clean.py'), 'X = 2\n');
    const edited = await check(true);
    expect(edited).toBe(await check(false));
    expect(entryFiles(location).filter(isSummaryEntry)).toHaveLength(2);
    expect(await check(true)).toBe(edited);
  });
});
