/**
 * The result cache (src/analysis/cache.ts) through `runCheck`, on real files in temporary
 * projects: the same results with and without it, results that follow the files they depend
 * on across modules, and a cache file that is damaged, foreign, tampered with or over its cap.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PRUNE_MARKER, ResultStore, STALE_TMP_MS, entryText, pruneCache, runKey, type CacheSettings } from '../../src/analysis/cache.js';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import { activeRules, runCheck } from '../../src/analysis/run.js';
import { defaultConfig } from '../../src/config/load.js';
import { defaultRulesDir, loadRules } from '../../src/policy/rules.js';
import { entryFiles, intact, isIndexEntry, isSnapshotEntry, isSummaryEntry, removeScratch, scratch, settle } from '../helpers/cache.js';
import { tempProject } from '../helpers/cli.js';

const rules = loadRules(undefined, CHECK_NAMES);

afterAll(() => removeScratch());
const cacheDir = () => scratch('agentos-cache-test-');

/** What a run reports, as JSON (internal fields included: a cached finding must be the same object). */
async function run(dir: string, cache?: CacheSettings, only?: string[]): Promise<string> {
  const r = await runCheck({ cwd: dir, config: defaultConfig(dir), rules, cache, only, reportUnusedSuppressions: true });
  return JSON.stringify({ findings: r.findings, errors: r.errors, skipped: r.skipped, summary: r.summary });
}

/** A project holding every rule example, under its own name. */
function examplesProject(): string {
  const dir = tempProject({});
  const src = defaultRulesDir();
  for (const name of readdirSync(src)) if (name.includes('.example.')) copyFileSync(path.join(src, name), path.join(dir, name));
  return dir;
}

const DB_PY = ['import sqlite3', 'conn = sqlite3.connect("app.db")', 'def run_query(sql):', '    return conn.execute(sql).fetchall()', ''].join('\n');
const SEARCH_TOOL = [
  'from langchain_core.tools import tool',
  'from app.db import run_query',
  '@tool',
  'def search(term: str) -> str:',
  '    """Search."""',
  '    return run_query(term)',
  '',
].join('\n');
const SEARCH_CONSTANT = SEARCH_TOOL.replace('run_query(term)', 'run_query("SELECT 1")');

/** Rewrite every entry file of a cache with `edit` applied to its entry, under a valid checksum. */
function resign(location: string, edit: (entry: Record<string, unknown>) => void): void {
  for (const file of entryFiles(location)) {
    const text = readFileSync(file, 'utf8');
    const doc = JSON.parse(text.slice(text.indexOf('\n') + 1));
    edit(doc.v);
    writeFileSync(file, entryText(doc.k, doc.v));
  }
}

/** `edit` applied to every file's result in an entry: a result entry's own, or each of a snapshot's or a summary's. */
const eachResult = (edit: (result: Record<string, unknown>) => void) => (entry: Record<string, unknown>) => {
  if (Array.isArray(entry.s)) for (const r of entry.s) edit(r as Record<string, unknown>);
  else if (Array.isArray(entry.o)) for (const r of entry.o) edit(r as Record<string, unknown>);
  else if ('f' in entry) edit(entry);
};

/** Remove the snapshots of a cache and their summaries, so that the next run reads the entries of single files. */
const dropSnapshots = (location: string) =>
  entryFiles(location)
    .filter((f) => isSnapshotEntry(f) || isSummaryEntry(f))
    .forEach((f) => rmSync(f));

const totalSize = (location: string) => entryFiles(location).reduce((n, f) => n + statSync(f).size, 0);

describe('result cache', () => {
  it('gives the results of an uncached run, cold and warm, on every rule example', async () => {
    const dir = examplesProject();
    const cache = { location: cacheDir() };
    const plain = await run(dir);
    expect(JSON.parse(plain).findings.length).toBeGreaterThan(100);
    // files older than the cold run by more than the racy window: the warm run takes them from the file index, unread
    await settle();
    expect(await run(dir, cache)).toBe(plain);
    const files = entryFiles(cache.location);
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter(isIndexEntry)).toHaveLength(1);
    expect(files.filter(isSnapshotEntry)).toHaveLength(1);
    const written = files.map((f) => statSync(f).mtimeMs);
    expect(await run(dir, cache)).toBe(plain);
    // a warm run with nothing changed writes no entry, not even the file index
    expect(entryFiles(cache.location)).toEqual(files);
    expect(files.map((f) => statSync(f).mtimeMs)).toEqual(written);
  });

  it('answers a warm run from the cache (an entry changed on disk is what it reports)', async () => {
    const dir = tempProject({ 'app/__init__.py': '', 'app/db.py': DB_PY, 'app/search.py': SEARCH_TOOL });
    const cache = { location: cacheDir() };
    const cold = JSON.parse(await run(dir, cache));
    expect(cold.findings.map((f: { file: string }) => f.file)).toEqual(['app/db.py']);
    resign(
      cache.location,
      eachResult((result) => {
        if (Array.isArray(result.f) && result.f.length) (result.f[0] as { message: string }).message = 'from the cache';
      }),
    );
    expect(JSON.parse(await run(dir, cache)).findings[0].message).toBe('from the cache');
    // without the snapshot, from the entries of the single files
    dropSnapshots(cache.location);
    expect(JSON.parse(await run(dir, cache)).findings[0].message).toBe('from the cache');
  });

  it('answers a re-run over the same files from their snapshot, and after an edit takes the entries it holds first', async () => {
    const dir = tempProject({ 'app/__init__.py': '', 'app/db.py': DB_PY, 'app/search.py': SEARCH_TOOL, 'app/other.py': 'import os\nprint(os.getcwd())\n' });
    const cache = { location: cacheDir() };
    const first = await run(dir, cache);
    const snapshots = () => entryFiles(cache.location).filter(isSnapshotEntry);
    const [snapshot] = snapshots();
    expect(snapshots()).toHaveLength(1);
    // the snapshot alone answers: the entries of the single files are not read
    const singles = entryFiles(cache.location).filter((f) => f !== snapshot && !isIndexEntry(f));
    for (const f of singles) writeFileSync(f, 'damaged');
    expect(await run(dir, cache)).toBe(first);
    for (const f of singles) expect(readFileSync(f, 'utf8')).toBe('damaged');
    // one text changed: the same snapshot entry, rewritten; the other files' results come from
    // what it held (their own entry files, damaged, are still not read), the edited file's are new
    writeFileSync(path.join(dir, 'app/other.py'), 'import os\nprint(os.getcwd(), 1)\n');
    const changed = await run(dir, cache);
    expect(changed).toBe(await run(dir));
    expect(snapshots()).toEqual([snapshot]);
    for (const f of singles) expect(readFileSync(f, 'utf8')).toBe('damaged');
    expect(entryFiles(cache.location).filter((f) => !singles.includes(f)).every(intact)).toBe(true);
    expect(await run(dir, cache)).toBe(changed);
    // a file more: another list, another snapshot; the damaged entries are misses, made again
    writeFileSync(path.join(dir, 'app/more.py'), 'x = 1\n');
    expect(await run(dir, cache)).toBe(await run(dir));
    expect(snapshots()).toHaveLength(2);
    // a snapshot or a summary of another length under the right key (a foreign writer) is a miss, not a wrong answer
    const last = await run(dir, cache);
    for (const f of entryFiles(cache.location).filter((f) => isSnapshotEntry(f) || isSummaryEntry(f))) {
      const text = readFileSync(f, 'utf8');
      const doc = JSON.parse(text.slice(text.indexOf('\n') + 1));
      for (const k of ['s', 'k', 'rk', 'r', 'o']) if (k in doc.v) doc.v[k] = doc.v[k].slice(1);
      writeFileSync(f, entryText(doc.k, doc.v));
    }
    expect(await run(dir, cache)).toBe(last);
    expect(await run(dir, cache)).toBe(await run(dir));
  });

  it('updates the findings of a module when a module that calls it changes, and only its own entry is recomputed', async () => {
    const dir = tempProject({ 'app/__init__.py': '', 'app/db.py': DB_PY, 'app/search.py': SEARCH_TOOL, 'app/other.py': 'import os\nprint(os.getcwd())\n' });
    const cache = { location: cacheDir() };
    const first = await run(dir, cache);
    expect(JSON.parse(first).findings).toHaveLength(1);
    writeFileSync(path.join(dir, 'app/search.py'), SEARCH_CONSTANT);
    const second = await run(dir, cache);
    expect(JSON.parse(second).findings).toEqual([]);
    expect(second).toBe(await run(dir));
    writeFileSync(path.join(dir, 'app/search.py'), SEARCH_TOOL);
    expect(await run(dir, cache)).toBe(first);
  });

  it('follows a tool registration two modules away (the caller becomes a tool, so its argument is tainted)', async () => {
    const helper = ['import subprocess', 'def run(cmd):', '    return subprocess.run(cmd, shell=True)', ''].join('\n');
    const files = ['from bot.helper import run', 'def read_log(name):', '    return run(name)', ''].join('\n');
    const agent = ['from langgraph.prebuilt import create_react_agent', 'from bot.files import read_log', 'agent = create_react_agent("openai:gpt-4o", tools=[read_log])', ''].join('\n');
    const dir = tempProject({ 'bot/__init__.py': '', 'bot/helper.py': helper, 'bot/files.py': files, 'bot/agent.py': agent });
    const cache = { location: cacheDir() };
    const only = ['subprocess-shell'];
    const withTool = await run(dir, cache, only);
    expect(JSON.parse(withTool).findings.map((f: { file: string; severity: string }) => `${f.file} ${f.severity}`)).toEqual(['bot/helper.py critical']);
    expect(withTool).toBe(await run(dir, undefined, only));
    // the registration goes: helper.py is unchanged, and so is files.py, but the finding changes
    writeFileSync(path.join(dir, 'bot/agent.py'), agent.replace('tools=[read_log]', 'tools=[]'));
    const without = await run(dir, cache, only);
    expect(without).toBe(await run(dir, undefined, only));
    expect(without).not.toBe(withTool);
  });

  it('follows a constant another module defines: the importer\'s finding changes with it, though its own text does not', async () => {
    const hook = ['import subprocess', 'from .gitutil import GIT_CMD', 'def show(sha):', '    subprocess.run([*GIT_CMD, "show", sha])', ''].join('\n');
    const dir = tempProject({ 'hooks/__init__.py': '', 'hooks/gitutil.py': 'GIT_CMD = ["git", "-c", "core.fsmonitor=false"]\n', 'hooks/review.py': hook });
    const cache = { location: cacheDir() };
    const only = ['subprocess-shell', 'subprocess-dynamic-command'];
    const constant = await run(dir, cache, only);
    expect(JSON.parse(constant).findings).toEqual([]);
    // the constant now names a program git runs: the importer's own entry cannot be reused
    writeFileSync(path.join(dir, 'hooks/gitutil.py'), 'GIT_CMD = ["git", "-c", "core.pager=less -R"]\n');
    const changed = await run(dir, cache, only);
    expect(changed).toBe(await run(dir, undefined, only));
    expect(JSON.parse(changed).findings.map((f: { file: string; ruleId: string }) => `${f.file} ${f.ruleId}`)).toEqual(['hooks/review.py subprocess-shell']);
    writeFileSync(path.join(dir, 'hooks/gitutil.py'), 'GIT_CMD = ["git", "-c", "core.fsmonitor=false"]\n');
    expect(await run(dir, cache, only)).toBe(constant);
  });

  it("follows the module a helper forwards to: the route's finding comes back when the service two modules away stops checking", async () => {
    const service = (check: boolean) =>
      [
        'from pathlib import Path',
        'class Paths:',
        '    def resolve(self, name: str) -> Path:',
        '        base = Path("/data").resolve()',
        '        actual = (base / name).resolve()',
        ...(check ? ['        actual.relative_to(base)'] : []),
        '        return actual',
        'def get_paths() -> Paths:',
        '    return Paths()',
        '',
      ].join('\n');
    const helper = ['from app.paths import get_paths', 'def resolve_name(name):', '    return get_paths().resolve(name)', ''].join('\n');
    const route = ['from fastapi import FastAPI', 'from app.helper import resolve_name', 'app = FastAPI()', '@app.get("/files/{name}")', 'def read(name: str):', '    return open(resolve_name(name)).read()', ''].join('\n');
    const dir = tempProject({ 'app/__init__.py': '', 'app/paths.py': service(true), 'app/helper.py': helper, 'app/routes.py': route });
    const cache = { location: cacheDir() };
    const only = ['file-untrusted-path'];
    const checked = await run(dir, cache, only);
    expect(JSON.parse(checked).findings).toEqual([]);
    // neither the route nor the helper changes
    writeFileSync(path.join(dir, 'app/paths.py'), service(false));
    const unchecked = await run(dir, cache, only);
    expect(unchecked).toBe(await run(dir, undefined, only));
    expect(JSON.parse(unchecked).findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`)).toEqual(['app/routes.py:6']);
    writeFileSync(path.join(dir, 'app/paths.py'), service(true));
    expect(await run(dir, cache, only)).toBe(checked);
  });

  it('follows a new module that makes an import ambiguous, though the files that reach the helper are unchanged', async () => {
    const search = SEARCH_TOOL.replace('from app.db import run_query', 'import db\nfrom app.db import run_query').replace(
      '    return run_query(term)',
      '    run_query("SELECT 1")\n    return db.run_query(term)',
    );
    const dir = tempProject({ 'app/__init__.py': '', 'app/db.py': DB_PY, 'app/search.py': search });
    const cache = { location: cacheDir() };
    const only = ['sql-injection'];
    expect(JSON.parse(await run(dir, cache, only)).findings.map((f: { file: string }) => f.file)).toEqual(['app/db.py']);
    // `import db` no longer names one module: only the constant call reaches app/db.py
    writeFileSync(path.join(dir, 'db.py'), 'def run_query(sql):\n    return sql\n');
    const after = await run(dir, cache, only);
    expect(after).toBe(await run(dir, undefined, only));
    expect(JSON.parse(after).findings).toEqual([]);
  });

  it('ignores damaged, truncated, foreign or misfiled entries and writes good ones in their place', async () => {
    const dir = tempProject({ 'app/__init__.py': '', 'app/db.py': DB_PY, 'app/search.py': SEARCH_TOOL });
    const plain = await run(dir);
    const cache = { location: cacheDir() };
    await settle();
    await run(dir, cache);
    const files = entryFiles(cache.location);
    expect(files.length).toBeGreaterThan(3);
    const results = files.filter((f) => !isIndexEntry(f) && !isSnapshotEntry(f));
    expect(results.length).toBe(files.length - 2);
    const good = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
    const finding = files.find((f) => good.get(f)!.includes('"ruleId":"sql-injection"'))!;
    expect(finding).toBeDefined();
    const damaged: [string, (text: string, file: string) => string | Buffer][] = [
      ['truncated', (t) => t.slice(0, Math.floor(t.length / 2))],
      ['a flipped byte', (t, f) => (f === finding ? t.replace('"ruleId":"sql-injection"', '"ruleId":"sql-injectiom"') : t.replace('"k":"', '"k":"0'))],
      ['not JSON', () => 'agentos-check-cache 00\n{{{'],
      ['binary', () => Buffer.from([0, 1, 2, 255, 254, 10, 0])],
      ['empty', () => ''],
    ];
    for (const [what, damage] of damaged) {
      for (const f of files) writeFileSync(f, damage(good.get(f)!, f));
      expect(await run(dir, cache), what).toBe(plain);
      // rewritten: the same entries, each under a checksum that holds
      expect(entryFiles(cache.location), what).toEqual(files);
      for (const f of results) expect(readFileSync(f, 'utf8'), what).toBe(good.get(f));
      // the file index is rewritten too (at the time of this run)
      for (const f of files) expect(intact(f), what).toBe(true);
    }
    // an entry filed under another key, with its checksum intact (read once there is no snapshot)
    dropSnapshots(cache.location);
    const [a, b] = [results[0]!, results[1]!];
    writeFileSync(a, good.get(b)!);
    writeFileSync(b, good.get(a)!);
    expect(await run(dir, cache)).toBe(plain);
    expect(readFileSync(a, 'utf8')).toBe(good.get(a));
    // entries of the wrong shape under valid checksums
    resign(cache.location, (entry) => {
      if ('f' in entry) entry.f = 'not a list';
      else if ('r' in entry) entry.r = [1, 2];
      else entry.m = { 'app/db.py': ['meta', 'hash'] };
    });
    expect(await run(dir, cache)).toBe(plain);
    for (const f of files) expect(intact(f)).toBe(true);
    expect(new ResultStore(cache).result('no such key')).toBeUndefined();
  });

  it('runs without a cache it cannot write: the location is a file', async () => {
    const dir = tempProject({ 'app/__init__.py': '', 'app/db.py': DB_PY, 'app/search.py': SEARCH_TOOL });
    const location = path.join(cacheDir(), 'a-file');
    writeFileSync(location, 'not a directory');
    const plain = await run(dir);
    expect(await run(dir, { location, pruneIntervalMs: 0 })).toBe(plain);
    expect(await run(dir, { location })).toBe(plain);
    expect(readFileSync(location, 'utf8')).toBe('not a directory');
  });

  it('removes the single cache file of the former format and ignores it', async () => {
    const dir = tempProject({ 'app/__init__.py': '', 'app/db.py': DB_PY });
    const cache = { location: cacheDir() };
    const former = path.join(cache.location, 'check-results.json');
    writeFileSync(former, 'agentos-check-cache 00\n{"format":1,"entries":{}}');
    expect(await run(dir, cache)).toBe(await run(dir));
    expect(existsSync(former)).toBe(false);
  });

  it('keeps the entries under their size cap, dropping the least recently used first', () => {
    const location = cacheDir();
    const maxBytes = 20_000;
    const settings = { location, maxBytes, pruneIntervalMs: 0 };
    const base = Date.now() - 10 * 3600_000;
    for (let round = 0; round < 5; round++) {
      const store = new ResultStore(settings);
      for (let i = 0; i < 100; i++) store.setRefs(`key-${round}-${i}`, [`module${i}.name`]);
      store.save();
      expect(totalSize(location)).toBeLessThanOrEqual(maxBytes);
      // an hour apart, oldest first
      for (let i = 0; i < 100; i++) {
        const f = store.entryFile(`key-${round}-${i}`);
        if (existsSync(f)) utimesSync(f, (base + round * 3600_000) / 1000, (base + round * 3600_000) / 1000);
      }
    }
    const last = new ResultStore(settings);
    const kept = (round: number) => Array.from({ length: 100 }, (_, i) => existsSync(last.entryFile(`key-${round}-${i}`))).filter(Boolean).length;
    // what the last run wrote is kept, the first rounds are gone
    expect(kept(4)).toBe(100);
    expect(kept(0)).toBe(0);
    const all = [0, 1, 2, 3, 4].reduce((n, r) => n + kept(r), 0);
    expect(all).toBeGreaterThan(100);
    expect(all).toBeLessThan(500);
    // a hit on an entry not used for over an hour makes it the most recently used
    const oldest = [0, 1, 2, 3].find((r) => kept(r) > 0)!;
    const survivor = Array.from({ length: 100 }, (_, i) => `key-${oldest}-${i}`).find((k) => existsSync(last.entryFile(k)))!;
    expect(last.refs(survivor)).toBeDefined();
    expect(Date.now() - statSync(last.entryFile(survivor)).mtimeMs).toBeLessThan(60_000);
    for (let i = 0; i < 100; i++) last.setRefs(`key-5-${i}`, [`module${i}.name`]);
    last.save();
    expect(existsSync(last.entryFile(survivor))).toBe(true);
    expect(kept(oldest)).toBe(1);
  });

  it('prunes only when the last prune is older than the interval, and removes stale temporary files', () => {
    const location = cacheDir();
    const maxBytes = 5_000;
    const store = new ResultStore({ location, maxBytes, pruneIntervalMs: 60_000 });
    for (let i = 0; i < 100; i++) store.setRefs(`key-${i}`, [`module${i}.name`]);
    store.save();
    // the first save pruned (no marker yet)
    expect(totalSize(location)).toBeLessThanOrEqual(maxBytes);
    const again = new ResultStore({ location, maxBytes, pruneIntervalMs: 60_000 });
    for (let i = 0; i < 100; i++) again.setRefs(`more-${i}`, [`module${i}.name`]);
    again.save();
    // within the interval: over the cap until the next prune
    expect(totalSize(location)).toBeGreaterThan(maxBytes);
    const tmpDir = path.dirname(again.entryFile('ab'));
    mkdirSync(tmpDir, { recursive: true });
    const stale = path.join(tmpDir, 'ab.1.x.tmp');
    const fresh = path.join(tmpDir, 'ab.2.y.tmp');
    writeFileSync(stale, 'half');
    writeFileSync(fresh, 'half');
    const old = (Date.now() - STALE_TMP_MS - 60_000) / 1000;
    utimesSync(stale, old, old);
    expect(pruneCache(again.root, maxBytes, 60_000)).toBe(false);
    expect(pruneCache(again.root, maxBytes, 60_000, Date.now() + 61_000)).toBe(true);
    expect(totalSize(location)).toBeLessThanOrEqual(maxBytes);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(path.join(again.root, PRUNE_MARKER))).toBe(true);
  });

  it('has a run key that changes with the JS parser, the Python parser, the tree-sitter back end, the configuration and the rules', () => {
    const dir = tempProject({});
    const config = defaultConfig(dir);
    const active = activeRules(rules, config);
    const key = (env: NodeJS.ProcessEnv, c = config, a = active) => runKey(a, c, [], {}, env);
    const base = key({});
    expect(key({})).toBe(base);
    expect(key({ AGENTOS_JS_PARSER: 'oxc' })).not.toBe(base);
    expect(key({ AGENTOS_TREE_SITTER: 'wasm' })).not.toBe(base);
    expect(key({ AGENTOS_PY_PARSER: 'tree-sitter' })).not.toBe(base);
    expect(key({}, { ...config, rules: { 'sql-injection': 'low' } })).not.toBe(base);
    expect(key({}, config, active.slice(1))).not.toBe(base);
    expect(runKey(active, config, [], { reportUnusedSuppressions: true }, {})).not.toBe(base);
  });
});
