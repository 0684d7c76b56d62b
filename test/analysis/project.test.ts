/**
 * The project pass: tools and helpers that live in different modules, resolved through Python
 * package imports, TypeScript relative imports and tsconfig `paths`, on real files in a real
 * temporary project read by `runCheck`.
 */
import { describe, expect, it } from 'vitest';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import { ModuleIndex } from '../../src/analysis/project.js';
import { runCheck } from '../../src/analysis/run.js';
import { defaultConfig } from '../../src/config/load.js';
import { loadRules } from '../../src/policy/rules.js';
import { runCli, tempProject } from '../helpers/cli.js';
import { SHELL_HELPER, shellToolLoading } from '../helpers/project.js';

const rules = loadRules(undefined, CHECK_NAMES);

async function check(files: Record<string, string>) {
  const dir = tempProject(files);
  const result = await runCheck({ cwd: dir, config: defaultConfig(dir), rules, only: ['sql-injection', 'subprocess-shell', 'file-untrusted-path'] });
  return result.findings.map((f) => ({ at: `${f.file}:${f.line}`, rule: f.ruleId, severity: f.severity, trace: f.trace?.map((s) => `${s.file}:${s.line}`) }));
}

/** A TypeScript helper that runs its argument in a shell, and a tool handing it its input through `specifier`. */
const helper = SHELL_HELPER;
const shellTool = (specifier: string) => shellToolLoading(`import { runCmd } from '${specifier}';`);

const DB_PY = ['import sqlite3', 'conn = sqlite3.connect("app.db")', 'def run_query(sql):', '    return conn.execute(sql).fetchall()', ''].join('\n');

describe('module index', () => {
  const files = [
    { rel: 'app/__init__.py', language: 'python' as const },
    { rel: 'app/db.py', language: 'python' as const },
    { rel: 'app/tools/search.py', language: 'python' as const },
    { rel: 'src/lib/db.ts', language: 'typescript' as const },
    { rel: 'src/agent/index.ts', language: 'typescript' as const },
  ];
  const index = new ModuleIndex(files, [{ pattern: '@/*', targets: ['src/*'] }]);
  it('resolves Python relative and absolute module names', () => {
    expect(index.resolve('app/tools/search.py', 'python', '..db')).toBe(1);
    expect(index.resolve('app/tools/search.py', 'python', 'app.db')).toBe(1);
    expect(index.resolve('app/db.py', 'python', '.tools.search')).toBe(2);
    expect(index.resolve('app/db.py', 'python', 'app')).toBe(0);
    expect(index.resolve('app/db.py', 'python', 'requests')).toBeUndefined();
  });
  it('resolves TypeScript relative specifiers (emitted .js names, index files) and tsconfig aliases', () => {
    expect(index.resolve('src/agent/index.ts', 'typescript', '../lib/db.js')).toBe(3);
    expect(index.resolve('src/agent/index.ts', 'typescript', '../lib/db')).toBe(3);
    expect(index.resolve('src/lib/db.ts', 'typescript', '../agent')).toBe(4);
    expect(index.resolve('src/agent/index.ts', 'typescript', '@/lib/db')).toBe(3);
    expect(index.resolve('src/agent/index.ts', 'typescript', 'openai')).toBeUndefined();
  });
});

describe('flows across modules', () => {
  it('follows a tool parameter into a helper of another Python module (relative and absolute imports)', async () => {
    const tool = [
      'from langchain_core.tools import tool',
      'from ..db import run_query',
      'import app.db',
      '@tool',
      'def search(term: str) -> str:',
      '    """Search."""',
      '    run_query(term)',
      '    return app.db.run_query(term)',
      '',
    ].join('\n');
    const found = await check({ 'app/__init__.py': '', 'app/db.py': DB_PY, 'app/tools/__init__.py': '', 'app/tools/search.py': tool });
    expect(found).toEqual([{ at: 'app/db.py:4', rule: 'sql-injection', severity: 'critical', trace: ['app/tools/search.py:5', 'app/tools/search.py:7', 'app/db.py:4'] }]);
  });

  it('follows a tool parameter into a method of an instance of another module\'s class, and its helper methods (Python and TypeScript)', async () => {
    // the shape of mcp-server-motherduck's client: the tool module makes the client, the database module runs the text
    const db = [
      'import duckdb',
      'class DatabaseClient:',
      '    def __init__(self, path: str):',
      '        self.path = path',
      '    def _execute(self, query: str):',
      '        return duckdb.connect(self.path).execute(query).fetchall()',
      '    def query(self, query: str):',
      '        return self._execute(query)',
      '    def count(self, table: str):',
      '        return self._execute("SELECT count(*) FROM orders")',
      '',
    ].join('\n');
    const server = [
      'from mcp.server.fastmcp import FastMCP',
      'from app.database import DatabaseClient',
      'mcp = FastMCP("db")',
      'client = DatabaseClient("app.duckdb")',
      '@mcp.tool()',
      'def execute_query(sql: str) -> str:',
      '    return str(client.query(sql))',
      '',
    ].join('\n');
    expect(await check({ 'app/__init__.py': '', 'app/database.py': db, 'app/server.py': server })).toEqual([
      { at: 'app/database.py:6', rule: 'sql-injection', severity: 'critical', trace: ['app/server.py:6', 'app/server.py:7', 'app/database.py:8', 'app/database.py:6'] },
    ]);
    const dbTs = ['import Database from "better-sqlite3";', 'export class Db {', '  private conn = new Database("app.db");', '  query(sql: string) {', '    return this.conn.prepare(sql).all();', '  }', '}', ''].join('\n');
    const serverTs = [
      'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
      'import { z } from "zod";',
      'import { Db } from "./db.js";',
      'const server = new McpServer({ name: "db", version: "1.0.0" });',
      'const db = new Db();',
      'server.tool("query", { sql: z.string() }, async ({ sql }) => ({ content: [{ type: "text", text: JSON.stringify(db.query(sql)) }] }));',
      '',
    ].join('\n');
    expect((await check({ 'src/db.ts': dbTs, 'src/server.ts': serverTs })).map((f) => `${f.at} ${f.severity}`)).toEqual(['src/db.ts:5 critical']);
  });

  it('a test or a module\'s demonstration calling a function with constants shows nothing of what the program passes it; a module of the program doing so does (Python)', async () => {
    // the shape of agno's coding toolkit, whose shell method only its unit tests call
    const shell = ['import subprocess', 'def run_shell(command: str) -> str:', '    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout', ''].join('\n');
    const test = ['from app.shell import run_shell', 'def test_echo():', '    assert run_shell("echo hello") == "hello\\n"', ''].join('\n');
    const cli = ['from app.shell import run_shell', 'def build():', '    return run_shell("make build")', ''].join('\n');
    const tested = await check({ 'app/__init__.py': '', 'app/shell.py': shell, 'tests/test_shell.py': test });
    expect(tested.map((f) => `${f.at} ${f.severity}`)).toEqual(['app/shell.py:3 high']);
    // nor does the module's own demonstration under `if __name__ == "__main__":` (PraisonAI's shell tools)
    const demo = `${shell}\nif __name__ == "__main__":\n    print(run_shell("ls -la"))\n`;
    const demonstrated = await check({ 'app/__init__.py': '', 'app/shell.py': demo, 'tests/test_shell.py': test });
    expect(demonstrated.map((f) => `${f.at} ${f.severity}`)).toEqual(['app/shell.py:3 high']);
    // a script's entry point handing on its command line is the program itself, not a demonstration
    const script = `import argparse\n${shell}\nif __name__ == "__main__":\n    parser = argparse.ArgumentParser()\n    parser.add_argument("command")\n    print(run_shell(parser.parse_args().command))\n`;
    const entry = await check({ 'app/__init__.py': '', 'app/shell.py': script, 'tests/test_shell.py': test });
    expect(entry.map((f) => `${f.at} ${f.severity}`)).toEqual(['app/shell.py:4 low']);
    const used = await check({ 'app/__init__.py': '', 'app/shell.py': shell, 'tests/test_shell.py': test, 'app/cli.py': cli });
    expect(used.map((f) => `${f.at} ${f.severity}`)).toEqual(['app/shell.py:3 low']);
    // the same through the built command on two threads (the project pass's worker path: workers load the build)
    for (const jobs of ['1', '2']) {
      const run = runCli(['check', '.', '--format', 'json', '--no-cache', '--jobs', jobs], { cwd: tempProject({ 'app/__init__.py': '', 'app/shell.py': shell, 'tests/test_shell.py': test }) });
      const report = JSON.parse(run.stdout) as { findings: { file: string; line: number; severity: string }[] };
      expect(report.findings.map((f) => `${f.file}:${f.line} ${f.severity}`)).toEqual(['app/shell.py:3 high']);
    }
  });

  it('says nothing of a helper that other modules call with constants', async () => {
    const caller = ['from app.db import run_query', 'def report():', '    return run_query("SELECT count(*) FROM orders")', ''].join('\n');
    expect(await check({ 'app/__init__.py': '', 'app/db.py': DB_PY, 'app/report.py': caller })).toEqual([]);
  });

  it('marks a function registered as a tool in another module', async () => {
    const shell = ['import subprocess', 'def read_log(path):', '    return open(path).read()', ''].join('\n');
    const agent = ['from langgraph.prebuilt import create_react_agent', 'from .files import read_log', 'agent = create_react_agent("openai:gpt-4o", tools=[read_log])', ''].join('\n');
    const found = await check({ 'bot/__init__.py': '', 'bot/files.py': shell, 'bot/agent.py': agent });
    expect(found.map((f) => [f.at, f.rule, f.severity])).toEqual([['bot/files.py:3', 'file-untrusted-path', 'critical']]);
  });

  it('takes the views a URLconf in another module routes as request entry points', async () => {
    const views = ['def download(request, name):', '    return open(name).read()', 'def helper(request, name):', '    return open(name).read()', ''].join('\n');
    const urls = ['from django.urls import path', 'from . import views', 'urlpatterns = [path("d/<name>/", views.download)]', ''].join('\n');
    const found = await check({ 'site/__init__.py': '', 'site/views.py': views, 'site/urls.py': urls });
    expect(found.map((f) => [f.at, f.rule, f.severity])).toEqual([['site/views.py:2', 'file-untrusted-path', 'high']]);
  });

  it('follows TypeScript tools into helpers imported by relative path and by tsconfig alias', async () => {
    const agent = shellTool('@/lib/shell');
    const tsconfig = '{\n  // comments and trailing commas, as tsc allows\n  "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"], }, },\n}\n';
    const found = await check({ 'tsconfig.json': tsconfig, 'src/lib/shell.ts': helper, 'src/agent.ts': agent });
    expect(found).toEqual([{ at: 'src/lib/shell.ts:3', rule: 'subprocess-shell', severity: 'critical', trace: ['src/agent.ts:6', 'src/agent.ts:6', 'src/lib/shell.ts:3'] }]);
    const relative = agent.replace("'@/lib/shell'", "'./lib/shell.js'");
    expect((await check({ 'src/lib/shell.ts': helper, 'src/agent.ts': relative }))[0]?.severity).toBe('critical');
  });

  it('reads tsconfig paths from the configurations it extends, relative to their baseUrl', async () => {
    const agent = shellTool('@lib/shell');
    const files = {
      'config/tsconfig.base.json': '{ "compilerOptions": { "baseUrl": "../src", "paths": { "@lib/*": ["lib/*"] } } }\n',
      'tsconfig.json': '{\n  "extends": ["@tsconfig/node20/tsconfig.json", "./config/tsconfig.base.json"],\n  "compilerOptions": { "strict": true },\n}\n',
      'src/lib/shell.ts': helper,
      'src/agent/index.ts': agent,
    };
    expect((await check(files)).map((f) => [f.at, f.severity])).toEqual([['src/lib/shell.ts:3', 'critical']]);
  });

  it("reads the paths of a package's own tsconfig.json in a monorepo for the files under it, nearest first", async () => {
    // two packages with the same `@/*` alias into their own `src`: each import resolves inside its own package
    const agent = shellTool('@/lib/shell');
    const files = {
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["shared/*"] } } }\n',
      'apps/web/tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"] } } }\n',
      'apps/web/src/lib/shell.ts': helper,
      'apps/web/src/agent.ts': agent,
      'apps/docs/src/agent.ts': agent,
      'shared/lib/shell.ts': helper,
    };
    expect((await check(files)).map((f) => [f.at, f.severity])).toEqual([
      ['apps/web/src/lib/shell.ts:3', 'critical'],
      ['shared/lib/shell.ts:3', 'critical'],
    ]);
    // without the package's own tsconfig.json, the root's alias is the only one: the web tool reaches the shared helper,
    // and the web package's helper, called by no tool, is reported for what it runs (a caller's whole line)
    const { ['apps/web/tsconfig.json']: _, ...rootOnly } = files;
    expect((await check(rootOnly)).map((f) => [f.at, f.severity])).toEqual([
      ['apps/web/src/lib/shell.ts:3', 'high'],
      ['shared/lib/shell.ts:3', 'critical'],
    ]);
  });
});

