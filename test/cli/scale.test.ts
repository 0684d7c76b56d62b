/**
 * `check --jobs N` (worker threads), `check --shard i/n` and `agentos merge`: the same report
 * as one unsharded run on one thread, on a real tree whose findings cross files (a tool in one
 * module, its helper in another, a tool registered in a third), with this repository's own
 * CLI sources copied in as real code that imports itself.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARALLEL_MIN_BYTES, threadCount } from '../../src/analysis/pool.js';
import { assignShards, parseShard, shardOfPath } from '../../src/analysis/shard.js';
import { repoRoot, runCli, tempProject } from '../helpers/cli.js';

const CROSS_FILE: Record<string, string> = {
  'app/__init__.py': '',
  'app/db.py': 'import sqlite3\nconn = sqlite3.connect("app.db")\ndef run_query(sql):\n    return conn.execute(sql).fetchall()\n',
  'app/tools/__init__.py': '',
  'app/tools/search.py':
    'from langchain_core.tools import tool\nfrom ..db import run_query\n@tool\ndef search(term: str) -> str:\n    """Search."""\n    return run_query(term)\n',
  // a tool registered in agent.py, defined in ops.py, reaching a sink in helpers.py
  'chain/__init__.py': '',
  'chain/helpers.py': 'import subprocess\ndef run(cmd):\n    subprocess.run(cmd, shell=True)\n',
  'chain/ops.py': 'from .helpers import run\ndef deploy(target):\n    run("deploy " + target)\n',
  'chain/agent.py': 'from langgraph.prebuilt import create_react_agent\nfrom .ops import deploy\nagent = create_react_agent("openai:gpt-4o", tools=[deploy])\n',
  'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["web/*"] } } }\n',
  'web/lib/shell.ts': "import { execSync } from 'node:child_process';\nexport function runCmd(cmd: string) {\n  return execSync(cmd).toString();\n}\n",
  'web/agent.ts':
    "import { tool } from 'ai';\nimport { z } from 'zod';\nimport { runCmd } from '@/lib/shell';\nexport const shell = tool({\n  inputSchema: z.object({ cmd: z.string() }),\n  execute: async ({ cmd }) => runCmd(cmd),\n});\n",
  'test_agent.py': 'import subprocess\ndef test_it(cmd):\n    subprocess.run(cmd, shell=True)\n',
  // a helper every caller in the project hands configuration: graded low across modules
  'ops/__init__.py': '',
  'ops/sh.py': 'import subprocess\ndef sh(line):\n    subprocess.run(line, shell=True)\n',
  'ops/boot.py': 'import os\nfrom .sh import sh\ndef boot():\n    sh("useradd " + os.environ["APP_USER"])\n',
  // values one module's functions return, used in another: a fixed argv list, a command line built from a tool's input
  'ret/__init__.py': '',
  'ret/argv.py': 'import sys\ndef pip_install(args):\n    cmd = [sys.executable, "-m", "pip", "install"]\n    cmd += args\n    return cmd\ndef ping_line(host):\n    return f"ping -c 1 {host}"\n',
  'ret/setup.py': 'import subprocess\nfrom .argv import pip_install\ndef setup():\n    subprocess.run(pip_install(["playwright"]))\n',
  'ret/tool.py':
    'import subprocess\nfrom langchain_core.tools import tool\nfrom ret import argv\n@tool\ndef ping(host: str) -> str:\n    """Ping."""\n    return subprocess.run(argv.ping_line(host), shell=True).stdout\n',
  // a tool class whose base's base, two modules away, is LangChain's BaseTool (IntentKit's skills)
  'kit/__init__.py': '',
  'kit/base.py': 'from langchain_core.tools import BaseTool\nclass KitTool(BaseTool):\n    category: str = "kit"\n',
  'kit/http/__init__.py': '',
  'kit/http/base.py': 'from kit.base import KitTool\nclass HttpTool(KitTool):\n    timeout: int = 30\n',
  'kit/http/get.py':
    'import httpx\nfrom kit.http.base import HttpTool\nclass HttpGet(HttpTool):\n    name: str = "http_get"\n    def _run(self, url: str) -> str:\n        return httpx.get(url).text\n',
  // a FastAPI dependency alias, re-exported by its package: a parameter annotated with it is the server's to fill
  'svc/__init__.py': '',
  'svc/deps/__init__.py': 'from .projects import ProjectHomeDep\n',
  'svc/deps/projects.py':
    'from typing import Annotated\nfrom fastapi import Depends\ndef get_home() -> str:\n    return "/srv/home"\nProjectHomeDep = Annotated[str, Depends(get_home)]\n',
  'svc/routes.py':
    'from fastapi import FastAPI\nfrom svc.deps import ProjectHomeDep\napp = FastAPI()\n@app.get("/ignore")\ndef ignore(home: ProjectHomeDep, name: str):\n    rules = open(home + "/.gitignore").read()\n    return rules + open(name).read()\n',
  // an Enum class two modules away through a member-less base, re-exported by its package: a parameter annotated with
  // it is one of its members
  'svc/kinds/__init__.py': 'from .themes import Theme\n',
  'svc/kinds/base.py': 'from enum import Enum\nclass BaseEnum(str, Enum):\n    pass\n',
  'svc/kinds/themes.py': 'from .base import BaseEnum\nclass Theme(BaseEnum):\n    light = "light"\n    dark = "dark"\n',
  'svc/logo.py':
    'from typing import Optional\nfrom fastapi import FastAPI\nfrom svc.kinds import Theme\napp = FastAPI()\n@app.get("/logo")\ndef logo(theme: Optional[Theme], name: str):\n    icon = open(f"icons/{theme.value}.svg").read()\n    return icon + open(f"icons/{name}.svg").read()\n',
  'web/spawn-args.ts': 'export function buildSpawnArgs(script: string) {\n  return { command: process.execPath, args: ["--import", "tsx", script] };\n}\n',
  'web/spawn.ts': "import { spawn } from 'node:child_process';\nimport { buildSpawnArgs } from './spawn-args.js';\nexport function start(script: string) {\n  const { command, args } = buildSpawnArgs(script);\n  return spawn(command, args);\n}\n",
};

function crossFileTree(): string {
  const dir = tempProject(CROSS_FILE);
  cpSync(path.join(repoRoot, 'src', 'cli'), path.join(dir, 'real', 'cli'), { recursive: true });
  cpSync(path.join(repoRoot, 'src', 'analysis', 'checks'), path.join(dir, 'real', 'analysis', 'checks'), { recursive: true });
  return dir;
}

const outDir = () => mkdtempSync(path.join(os.tmpdir(), 'agentos-shards-'));

describe('check --jobs', () => {
  it('writes the same JSON on two threads as on one, cross-file findings included', () => {
    const dir = crossFileTree();
    // without the result cache: a second run would otherwise read the first one's results
    const one = runCli(['check', '--no-cache', '--format', 'json', '--jobs', '1'], { cwd: dir });
    const two = runCli(['check', '--no-cache', '--format', 'json', '--jobs', '2'], { cwd: dir });
    expect(one.stderr).toBe('');
    expect(one.code).toBe(1);
    const findings = JSON.parse(one.stdout).findings as { file: string; trace?: { file: string }[] }[];
    // the flows that cross modules are there
    expect(findings.find((f) => f.file === 'chain/helpers.py')?.trace?.map((t) => t.file)).toEqual(['chain/ops.py', 'chain/ops.py', 'chain/helpers.py']);
    expect(findings.find((f) => f.file === 'app/db.py')?.trace?.[0]?.file).toBe('app/tools/search.py');
    expect(findings.find((f) => f.file === 'web/lib/shell.ts')?.trace?.[0]?.file).toBe('web/agent.ts');
    // what every caller passes, worked out in the calling module's thread
    expect((findings as { file: string; severity?: string }[]).find((f) => f.file === 'ops/sh.py')?.severity).toBe('low');
    // what functions of other modules return: a fixed program, and a tool's input in a shell command line
    expect(findings.filter((f) => f.file === 'ret/setup.py' || f.file === 'web/spawn.ts')).toEqual([]);
    expect((findings as { file: string; severity?: string }[]).find((f) => f.file === 'ret/tool.py')?.severity).toBe('critical');
    // a tool class through bases in two other modules
    expect((findings as { file: string; ruleId: string; severity?: string }[]).find((f) => f.file === 'kit/http/get.py')).toMatchObject({ ruleId: 'egress-untrusted-url', severity: 'critical' });
    // a dependency alias re-exported by its package: only the query parameter is request input
    expect((findings as { file: string; line: number }[]).filter((f) => f.file === 'svc/routes.py').map((f) => f.line)).toEqual([7]);
    // an Enum class through a base and a package's re-export: only the text parameter is request input
    expect((findings as { file: string; line: number }[]).filter((f) => f.file === 'svc/logo.py').map((f) => f.line)).toEqual([8]);
    expect(two.code).toBe(one.code);
    expect(two.stdout).toBe(one.stdout);
    const three = runCli(['check', '--no-cache', '--format', 'sarif', '--jobs', '3'], { cwd: dir });
    expect(three.stdout).toBe(runCli(['check', '--no-cache', '--format', 'sarif', '--jobs', '1'], { cwd: dir }).stdout);
  });

  it('fills and reads the result cache on two threads as on one: cold, warm and after an edit, the same JSON', () => {
    const dir = crossFileTree();
    const cache = path.join(outDir(), 'cache');
    const plain = () => runCli(['check', '--no-cache', '--format', 'json', '--jobs', '1'], { cwd: dir });
    const pooled = () => runCli(['check', '--cache-location', cache, '--format', 'json', '--jobs', '2'], { cwd: dir });
    const expected = plain();
    expect(expected.code).toBe(1);
    expect(pooled().stdout).toBe(expected.stdout); // cold: the pool fills the cache
    expect(readdirSync(cache).length).toBeGreaterThan(0);
    expect(pooled().stdout).toBe(expected.stdout); // warm
    // the caller of a helper in another module changes: the helper's finding follows
    writeFileSync(path.join(dir, 'chain/ops.py'), 'from .helpers import run\ndef deploy(target):\n    run("deploy")\n');
    const edited = plain();
    expect(edited.stdout).not.toBe(expected.stdout);
    const after = pooled();
    expect(after.stderr).toBe('');
    expect(after.stdout).toBe(edited.stdout);
    // only the module whose function another one calls changes: the caller's finding follows
    writeFileSync(path.join(dir, 'ret/argv.py'), 'def pip_install(args):\n    return globals()["cmd"]\ndef ping_line(host):\n    return f"ping -c 1 {host}"\n');
    const callee = plain();
    expect((JSON.parse(callee.stdout).findings as { file: string }[]).some((f) => f.file === 'ret/setup.py')).toBe(true);
    expect(pooled().stdout).toBe(callee.stdout);
    expect(runCli(['check', '--cache-location', cache, '--format', 'json', '--jobs', '1'], { cwd: dir }).stdout).toBe(callee.stdout);
    // only the module of a base's base changes (no longer a LangChain tool): the tool class two modules away follows
    writeFileSync(path.join(dir, 'kit/base.py'), 'class KitTool:\n    category: str = "kit"\n');
    const base = plain();
    const severityOf = (out: string) => (JSON.parse(out).findings as { file: string; severity: string }[]).find((f) => f.file === 'kit/http/get.py')?.severity;
    expect(severityOf(base.stdout)).not.toBe('critical');
    expect(pooled().stdout).toBe(base.stdout);
    expect(runCli(['check', '--cache-location', cache, '--format', 'json', '--jobs', '1'], { cwd: dir }).stdout).toBe(base.stdout);
    // only the module defining a re-exported dependency alias changes (a query parameter now): the route follows
    writeFileSync(path.join(dir, 'svc/deps/projects.py'), 'from typing import Annotated\nfrom fastapi import Query\nProjectHomeDep = Annotated[str, Query()]\n');
    const alias = plain();
    expect((JSON.parse(alias.stdout).findings as { file: string; line: number }[]).filter((f) => f.file === 'svc/routes.py').map((f) => f.line)).toEqual([6, 7]);
    expect(pooled().stdout).toBe(alias.stdout);
    expect(runCli(['check', '--cache-location', cache, '--format', 'json', '--jobs', '1'], { cwd: dir }).stdout).toBe(alias.stdout);
    // only the module of an Enum class's base changes (no longer an Enum): the route two modules away follows
    writeFileSync(path.join(dir, 'svc/kinds/base.py'), 'class BaseEnum(str):\n    pass\n');
    const plainBase = plain();
    expect((JSON.parse(plainBase.stdout).findings as { file: string; line: number }[]).filter((f) => f.file === 'svc/logo.py').map((f) => f.line)).toEqual([7, 8]);
    expect(pooled().stdout).toBe(plainBase.stdout);
    expect(runCli(['check', '--cache-location', cache, '--format', 'json', '--jobs', '1'], { cwd: dir }).stdout).toBe(plainBase.stdout);
  });

  it('reports a file whose worker dies as not analyzed, analyzes the rest and ends', () => {
    // JavaScript: its parser is JavaScript, so running out of memory never happens inside a native call
    const big = (name: string) => `export const ${name} = [\n${Array.from({ length: 40_000 }, (_, i) => `  { k${i}: [${i}, ${i}, "x${i}"] },\n`).join('')}];\n`;
    const files: Record<string, string> = { 'big1.js': big('A'), 'big2.js': big('B') };
    for (let i = 0; i < 6; i++) files[`small${i}.js`] = "import { execSync } from 'node:child_process';\nexport function f(x) {\n  return execSync(x);\n}\n";
    const dir = tempProject(files);
    // a worker heap far too small: the worker runs out of memory on the first file it takes
    // (big2.js: the main thread takes the largest, big1.js, ties going by path)
    const r = runCli(['check', '--no-cache', '--format', 'json', '--jobs', '2'], { cwd: dir, env: { AGENTOS_WORKER_HEAP_MB: '8' } });
    const doc = JSON.parse(r.stdout);
    expect(doc.errors).toEqual([{ file: 'big2.js', message: expect.stringMatching(/^not analyzed: the worker thread analyzing it stopped \(.*memory/) }]);
    // the small file waiting in the dead worker's queue is lowered on the main thread
    expect(doc.findings.map((f: { file: string }) => f.file)).toEqual(['small0.js', 'small1.js', 'small2.js', 'small3.js', 'small4.js', 'small5.js']);
    expect(r.code).toBe(1);
  }, 60_000);

  it('rejects a bad --jobs value with exit code 2', () => {
    const dir = tempProject({ 'a.py': 'x = 1\n' });
    const r = runCli(['check', '--jobs', 'many'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('agentos: --jobs: expected a whole number of threads from 1 to 256, got "many"');
  });
});

describe('shard assignment', () => {
  const files = Array.from({ length: 200 }, (_, i) => ({ rel: `pkg/m${i}.py`, size: ((i * 7919) % 5000) + 10 }));
  it('is the same whatever order the list comes in, and balanced within one file', () => {
    const a = assignShards(files, 4);
    const shuffled = [...files].reverse();
    const b = assignShards(shuffled, 4);
    expect(files.map((f, i) => a[i])).toEqual(files.map((f) => b[shuffled.indexOf(f)]));
    const load = [0, 0, 0, 0];
    files.forEach((f, i) => (load[a[i]!] += f.size));
    expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(Math.max(...files.map((f) => f.size)));
    expect(new Set(a)).toEqual(new Set([0, 1, 2, 3]));
  });
  it('parses i/n and places unanalyzed files by path', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard('0/3')).toBeUndefined();
    expect(parseShard('4/3')).toBeUndefined();
    expect(parseShard('x')).toBeUndefined();
    expect(shardOfPath('a/b.bin', 5)).toBe(shardOfPath('a/b.bin', 5));
  });
});

describe('check --shard and merge', () => {
  const shardsOf = (dir: string, n: number, extra: string[] = []) => {
    const out = outDir();
    return Array.from({ length: n }, (_, k) => {
      const file = path.join(out, `shard-${k + 1}.json`);
      const r = runCli(['check', '--format', 'json', '--shard', `${k + 1}/${n}`, '-o', file, ...extra], { cwd: dir });
      expect(r.code === 0 || r.code === 1, r.stderr).toBe(true);
      return file;
    });
  };

  it('merges the shards into the report of one unsharded run, whichever shard each file of a flow lands on', () => {
    const dir = crossFileTree();
    const whole = runCli(['check', '--format', 'json'], { cwd: dir });
    const wholeSarif = runCli(['check', '--format', 'sarif'], { cwd: dir });
    let split = false;
    for (const n of [2, 3, 4]) {
      const files = shardsOf(dir, n);
      const merged = runCli(['merge', ...files, '--format', 'json'], { cwd: dir });
      expect(merged.stderr).toBe('');
      expect(merged.stdout).toBe(whole.stdout);
      expect(merged.code).toBe(whole.code);
      expect(runCli(['merge', ...files.reverse(), '--format', 'sarif'], { cwd: dir }).stdout).toBe(wholeSarif.stdout);
      // each shard reports only its own files
      const counts = files.map((f) => JSON.parse(readFileSync(f, 'utf8')).summary.files as number);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(JSON.parse(whole.stdout).summary.files);
      const owners = files.map((f) => (JSON.parse(readFileSync(f, 'utf8')).findings as { file: string }[]).map((x) => x.file));
      split ||= owners.filter((o) => o.length).length > 1;
    }
    // the test means something only if findings came from more than one shard
    expect(split).toBe(true);
  }, 120_000);

  it('lowers the modules a tool class\'s bases, a re-exported dependency alias and an Enum class\'s base come from, however far, in the shard that checks their users', () => {
    // the chains alone (no path alias, which makes a shard lower every file): the shard owning the tool class or the
    // route does not own the module two hops away that makes it one or defines the alias
    const only = Object.fromEntries(Object.entries(CROSS_FILE).filter(([f]) => f.startsWith('kit/') || f.startsWith('svc/')));
    const dir = tempProject(only);
    const whole = runCli(['check', '--format', 'json'], { cwd: dir });
    expect((JSON.parse(whole.stdout).findings as { file: string; line: number }[]).map((f) => `${f.file}:${f.line}`)).toEqual(['kit/http/get.py:6', 'svc/logo.py:8', 'svc/routes.py:7']);
    const sizes = Object.entries(only).map(([rel, text]) => ({ rel, size: Buffer.byteLength(text) }));
    let apart = false;
    let aliasApart = false;
    let enumApart = false;
    for (const n of [2, 3, 4]) {
      const assigned = assignShards(sizes, n);
      const shardOf = (rel: string) => assigned[sizes.findIndex((f) => f.rel === rel)];
      apart ||= shardOf('kit/http/get.py') !== shardOf('kit/base.py');
      aliasApart ||= shardOf('svc/routes.py') !== shardOf('svc/deps/projects.py') && shardOf('svc/routes.py') !== shardOf('svc/deps/__init__.py');
      enumApart ||= shardOf('svc/logo.py') !== shardOf('svc/kinds/base.py') && shardOf('svc/logo.py') !== shardOf('svc/kinds/__init__.py');
      expect(runCli(['merge', ...shardsOf(dir, n), '--format', 'json'], { cwd: dir }).stdout).toBe(whole.stdout);
    }
    expect(apart).toBe(true);
    expect(aliasApart).toBe(true);
    expect(enumApart).toBe(true);
  }, 60_000);

  it("lowers the module a helper forwards to in the shard that checks the helper's caller", () => {
    // deer-flow's shape: a route, a helper returning what a paths service of a third module gives, the service checking the path
    const files: Record<string, string> = {
      'app/__init__.py': '',
      'app/paths.py': [
        'from pathlib import Path',
        'class Paths:',
        '    def resolve(self, name: str) -> Path:',
        '        base = Path("/data").resolve()',
        '        actual = (base / name).resolve()',
        '        actual.relative_to(base)',
        '        return actual',
        '    def unchecked(self, name: str) -> Path:',
        '        return Path("/data") / name',
        'def get_paths() -> Paths:',
        '    return Paths()',
        '',
      ].join('\n'),
      'app/helper.py': ['from app.paths import get_paths', 'def resolve_name(name):', '    return get_paths().resolve(name)', 'def loose_name(name):', '    return get_paths().unchecked(name)', ''].join('\n'),
      'app/routes.py': [
        'from fastapi import FastAPI',
        'from app.helper import resolve_name, loose_name',
        'app = FastAPI()',
        '@app.get("/files/{name:path}")',
        'def read(name: str):',
        '    return open(resolve_name(name)).read()',
        '@app.get("/loose/{name:path}")',
        'def read_loose(name: str):',
        '    return open(loose_name(name)).read()',
        '',
      ].join('\n'),
    };
    const dir = tempProject(files);
    const whole = runCli(['check', '--format', 'json'], { cwd: dir });
    expect((JSON.parse(whole.stdout).findings as { file: string; line: number }[]).map((f) => `${f.file}:${f.line}`)).toEqual(['app/routes.py:9']);
    const sizes = Object.entries(files).map(([rel, text]) => ({ rel, size: Buffer.byteLength(text) }));
    let apart = false;
    for (const n of [2, 3, 4]) {
      const assigned = assignShards(sizes, n);
      const shardOf = (rel: string) => assigned[sizes.findIndex((f) => f.rel === rel)];
      apart ||= shardOf('app/routes.py') !== shardOf('app/paths.py') && shardOf('app/helper.py') !== shardOf('app/paths.py');
      expect(runCli(['merge', ...shardsOf(dir, n), '--format', 'json'], { cwd: dir }).stdout).toBe(whole.stdout);
    }
    expect(apart).toBe(true);
  }, 60_000);

  it('exits 1 like check when a finding fails the gate, 0 with --fail-on none', () => {
    const dir = tempProject(CROSS_FILE);
    const files = shardsOf(dir, 2);
    expect(runCli(['merge', ...files], { cwd: dir }).code).toBe(1);
    expect(runCli(['merge', ...files, '--fail-on', 'none'], { cwd: dir }).code).toBe(0);
  });

  it('rejects missing, foreign and mismatched reports with one line naming the file and exit code 2', () => {
    const dir = tempProject(CROSS_FILE);
    const [a, b] = shardsOf(dir, 2);
    const other = shardsOf(dir, 2, ['--rule', 'subprocess-shell']);
    const out = outDir();
    const notJson = path.join(out, 'x.json');
    writeFileSync(notJson, 'hello');
    const plain = path.join(out, 'plain.json');
    writeFileSync(plain, runCli(['check', '--format', 'json'], { cwd: dir }).stdout);
    const cases: [string[], RegExp][] = [
      [[a!, path.join(out, 'gone.json')], /gone\.json: no such file$/],
      [[a!, notJson], /x\.json: not JSON/],
      [[a!, plain], /plain\.json: not the JSON report of `agentos check --shard i\/n --format json` \(no `shard` key/],
      [[a!, other[1]!], /shard-2\.json: checked with another configuration, rules or options than .*shard-1\.json$/],
      [[a!], /merge: shard 2\/2 missing/],
      [[a!, a!, b!], /shard-1\.json: shard 1\/2 is also .*shard-1\.json$/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(['merge', ...args], { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
    }
    const bad = runCli(['check', '--shard', '3/2'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('agentos: --shard: expected i/n with 1 <= i <= n (e.g. 2/4), got "3/2"');
  }, 60_000);
});

describe('the default number of threads', () => {
  it('is the cores for a large workload on 4 or more cores, else one; --jobs is taken as given, up to the file count', () => {
    const big = PARALLEL_MIN_BYTES;
    expect(threadCount(undefined, big, 1000, 8)).toBe(8);
    expect(threadCount(undefined, big - 1, 1000, 8)).toBe(1);
    expect(threadCount(undefined, big * 10, 1000, 2)).toBe(1);
    expect(threadCount(undefined, big, 3, 8)).toBe(3);
    expect(threadCount(2, 10, 1000, 1)).toBe(2);
    expect(threadCount(4, 10, 2, 8)).toBe(2);
  });
});
