/**
 * The result cache (src/analysis/cache.ts) through `runCheck`, on real files in temporary
 * projects: the same results with and without it, results that follow the files they depend
 * on across modules, and a cache file that is damaged, foreign, tampered with or over its cap.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_FILE, ResultStore, runKey, type CacheSettings } from '../../src/analysis/cache.js';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import { activeRules, runCheck } from '../../src/analysis/run.js';
import { defaultConfig } from '../../src/config/load.js';
import { defaultRulesDir, loadRules } from '../../src/policy/rules.js';
import { tempProject } from '../helpers/cli.js';

const rules = loadRules(undefined, CHECK_NAMES);

const cacheDir = () => mkdtempSync(path.join(os.tmpdir(), 'agentos-cache-test-'));

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

/** Rewrite one cache file with `edit` applied to its document, under a valid checksum. */
function resign(file: string, edit: (doc: { format: number; entries: Record<string, [number, Record<string, unknown>]> }) => void): void {
  const text = readFileSync(file, 'utf8');
  const doc = JSON.parse(text.slice(text.indexOf('\n') + 1));
  edit(doc);
  const body = JSON.stringify(doc);
  writeFileSync(file, `agentos-check-cache ${createHash('sha256').update(body).digest('hex')}\n${body}`);
}

describe('result cache', () => {
  it('gives the results of an uncached run, cold and warm, on every rule example', async () => {
    const dir = examplesProject();
    const cache = { location: cacheDir() };
    const plain = await run(dir);
    expect(JSON.parse(plain).findings.length).toBeGreaterThan(100);
    expect(await run(dir, cache)).toBe(plain);
    expect(statSync(path.join(cache.location, CACHE_FILE)).size).toBeGreaterThan(0);
    expect(await run(dir, cache)).toBe(plain);
  });

  it('answers a warm run from the cache (an entry changed on disk is what it reports)', async () => {
    const dir = tempProject({ 'app/__init__.py': '', 'app/db.py': DB_PY, 'app/search.py': SEARCH_TOOL });
    const cache = { location: cacheDir() };
    const cold = JSON.parse(await run(dir, cache));
    expect(cold.findings.map((f: { file: string }) => f.file)).toEqual(['app/db.py']);
    resign(path.join(cache.location, CACHE_FILE), (doc) => {
      for (const [, entry] of Object.values(doc.entries)) if (Array.isArray(entry.f) && entry.f.length) (entry.f[0] as { message: string }).message = 'from the cache';
    });
    expect(JSON.parse(await run(dir, cache)).findings[0].message).toBe('from the cache');
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

  it('ignores a damaged, truncated or foreign cache file and writes a good one in its place', async () => {
    const dir = tempProject({ 'app/__init__.py': '', 'app/db.py': DB_PY, 'app/search.py': SEARCH_TOOL });
    const plain = await run(dir);
    const cache = { location: cacheDir() };
    const file = path.join(cache.location, CACHE_FILE);
    await run(dir, cache);
    const good = readFileSync(file, 'utf8');
    const damaged: [string, string | Buffer][] = [
      ['truncated', good.slice(0, Math.floor(good.length / 2))],
      ['a flipped byte', good.replace('"ruleId":"sql-injection"', '"ruleId":"sql-injectiom"')],
      ['not JSON', 'agentos-check-cache 00\n{{{'],
      ['binary', Buffer.from([0, 1, 2, 255, 254, 10, 0])],
      ['empty', ''],
    ];
    for (const [what, content] of damaged) {
      writeFileSync(file, content);
      expect(await run(dir, cache), what).toBe(plain);
      // rewritten whole: the same entries under a checksum that holds
      const text = readFileSync(file, 'utf8');
      const nl = text.indexOf('\n');
      expect(text.slice(0, nl), what).toBe(`agentos-check-cache ${createHash('sha256').update(text.slice(nl + 1)).digest('hex')}`);
      expect(Object.keys(JSON.parse(text.slice(nl + 1)).entries).sort(), what).toEqual(Object.keys(JSON.parse(good.slice(good.indexOf('\n') + 1)).entries).sort());
    }
    // another format of the file, and entries of the wrong shape under valid checksums
    resign(file, (doc) => void (doc.format = 999));
    expect(await run(dir, cache)).toBe(plain);
    resign(file, (doc) => {
      for (const [, entry] of Object.values(doc.entries)) if ('f' in entry) entry.f = 'not a list';
    });
    expect(await run(dir, cache)).toBe(plain);
    expect(new ResultStore(cache).result('no such key')).toBeUndefined();
  });

  it('keeps the file under its size cap, dropping the least recently used entries', () => {
    const location = cacheDir();
    const maxBytes = 20_000;
    for (let round = 0; round < 5; round++) {
      const store = new ResultStore({ location, maxBytes });
      for (let i = 0; i < 100; i++) store.setRefs(`key-${round}-${i}`, [`module${i}.name`]);
      store.save();
      expect(statSync(store.file).size).toBeLessThanOrEqual(maxBytes);
    }
    const last = new ResultStore({ location, maxBytes });
    // what the last run wrote is kept
    expect(last.refs('key-4-99')).toEqual(['module99.name']);
    let kept = 0;
    for (let round = 0; round < 5; round++) for (let i = 0; i < 100; i++) if (last.refs(`key-${round}-${i}`)) kept++;
    expect(kept).toBeGreaterThan(100);
    expect(kept).toBeLessThan(500);
  });

  it('has a run key that changes with the JS parser, the tree-sitter back end, the configuration and the rules', () => {
    const dir = tempProject({});
    const config = defaultConfig(dir);
    const active = activeRules(rules, config);
    const key = (env: NodeJS.ProcessEnv, c = config, a = active) => runKey(a, c, [], {}, env);
    const base = key({});
    expect(key({})).toBe(base);
    expect(key({ AGENTOS_JS_PARSER: 'oxc' })).not.toBe(base);
    expect(key({ AGENTOS_TREE_SITTER: 'wasm' })).not.toBe(base);
    expect(key({}, { ...config, rules: { 'sql-injection': 'low' } })).not.toBe(base);
    expect(key({}, config, active.slice(1))).not.toBe(base);
    expect(runKey(active, config, [], { reportUnusedSuppressions: true }, {})).not.toBe(base);
  });
});
