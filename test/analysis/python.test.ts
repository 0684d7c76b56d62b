import { describe, expect, it } from 'vitest';
import type { CallFact, FileFacts, Value } from '../../src/analysis/facts.js';
import { analyzePython } from '../../src/analysis/python.js';
import { skeleton, taintOf } from '../../src/analysis/values.js';
import { onBackend, onBothBackends } from '../helpers/tree-sitter.js';

const lower = (src: string): Promise<FileFacts> => analyzePython('t.py', src);

function calls(f: FileFacts, callee: string): CallFact[] {
  return f.calls.filter((c) => c.callee === callee);
}

function only(f: FileFacts, callee: string): CallFact {
  const found = calls(f, callee);
  expect(found.map((c) => c.callee), `calls named ${callee} among ${f.calls.map((c) => c.callee).join(', ')}`).toHaveLength(1);
  return found[0]!;
}

const text = (v: Value | undefined): string | undefined => skeleton(v)?.text.replace(/__agentos_hole_\d+__/g, '?');
const kinds = (v: Value | undefined): string[] => taintOf(v).map((t) => `${t.kind}:${t.name}`);

describe('python front end: names', () => {
  it('resolves module aliases, from-imports and dotted imports', async () => {
    const f = await lower(
      ['import subprocess as sp', 'from os import system as run_it', 'import os.path', 'from shutil import rmtree', 'sp.run(["ls"])', 'run_it("x")', 'os.path.join("a", "b")', 'rmtree("/tmp/x")'].join('\n'),
    );
    expect(f.calls.map((c) => c.callee)).toEqual(['subprocess.run', 'os.system', 'os.path.join', 'shutil.rmtree']);
    expect(f.imports.map((i) => [i.module, i.name ?? null, i.alias])).toEqual([
      ['subprocess', null, 'sp'],
      ['os', 'system', 'run_it'],
      ['os.path', null, 'os'],
      ['shutil', 'rmtree', 'rmtree'],
    ]);
  });

  it('names results after the call that made them, through with-statements', async () => {
    const f = await lower(
      [
        'import sqlite3, psycopg2',
        'conn = sqlite3.connect("a.db")',
        'cur = conn.cursor()',
        'cur.execute("SELECT 1")',
        'with psycopg2.connect("db") as pg, pg.cursor() as c:',
        '    c.execute("SELECT 2")',
      ].join('\n'),
    );
    expect(f.calls.map((c) => c.callee)).toContain('sqlite3.connect().cursor().execute');
    expect(f.calls.map((c) => c.callee)).toContain('psycopg2.connect().cursor().execute');
  });

  it('keeps builtins and unknown receivers apart', async () => {
    const f = await lower('def f(x):\n    eval(x)\n    x.execute("q")\n');
    expect(f.calls.map((c) => c.callee)).toEqual(['eval', '?.execute']);
    expect(f.calls[0]!.enclosingFunction).toBe('f@1');
  });

  it('resolves attributes of self to what the methods assigned', async () => {
    const f = await lower(
      ['import sqlite3', 'class Store:', '    def __init__(self, path):', '        self.db = sqlite3.connect(path)', '    def wipe(self):', '        self.db.execute("DELETE FROM t")'].join('\n'),
    );
    expect(only(f, 'sqlite3.connect().execute').enclosingFunction).toBe('Store.wipe@5');
  });

  it('links calls of functions and methods of the file to their definitions, keywords placed by parameter', async () => {
    const f = await lower(
      ['def run(cmd, flag=False):', '    pass', 'class A:', '    def go(self, q):', '        pass', '    def main(self):', '        self.go("x")', 'run(flag=True, cmd="ls")'].join('\n'),
    );
    const go = only(f, 'A.go');
    expect(go.target).toBe('A.go@4');
    const run = only(f, 'run');
    expect(run.target).toBe('run@1');
    expect(run.args.map((a) => (a.kind === 'const' ? a.value : a.kind))).toEqual(['ls', true]);
  });
});

describe('python front end: values', () => {
  it('folds concatenation, f-strings, % and .format across assignments', async () => {
    const f = await lower(
      [
        'import sqlite3',
        'c = sqlite3.connect("x")',
        'def a(table, n, who):',
        '    q = "DELETE FROM " + table',
        '    c.execute(q)',
        '    c.execute(f"SELECT * FROM t WHERE id = {n!r} AND x = \'{{lit}}\'")',
        '    c.execute("SELECT %s FROM %(t)s" % {"t": table})',
        '    c.execute("UPDATE {} SET a = {who}".format(table, who=who))',
        '    s = "SELECT "',
        '    s += who',
        '    c.execute(s)',
        '    c.execute(" ".join(["DROP", "TABLE", table]))',
      ].join('\n'),
    );
    const texts = calls(f, 'sqlite3.connect().execute').map((c) => text(c.args[0]));
    expect(texts).toEqual([
      'DELETE FROM ?',
      "SELECT * FROM t WHERE id = ? AND x = '{lit}'",
      'SELECT ? FROM ?',
      'UPDATE ? SET a = ?',
      'SELECT ?',
      'DROP TABLE ?',
    ]);
  });

  it('decodes escapes, keeps raw strings raw and concatenates adjacent literals', async () => {
    const f = await lower('run("a\\tb" r"\\d" b"\\x41" "\\u00e9")');
    const c = f.calls[0]!.args[0]!;
    expect(c).toEqual({ kind: 'const', value: 'a\tb\\dAé' });
  });

  it('reads every kind of string literal the same on both back ends: raw escapes, triple quotes, prefixes, empty', async () => {
    const src = [
      "run(r'\\\\', r'\\\\\\\\')",
      'run("""a\\nb""", \'\'\'c\'\'\', Rb"\\x41", u"\\u00e9", "", r"", \'it\\\'s\')',
      "run(f'{1}\\\\{{x}}', 'a' 'b' r'\\n')",
    ].join('\n');
    const values = (f: FileFacts) => f.calls.map((c) => c.args.map((a) => (a.kind === 'const' ? a.value : text(a))));
    const expected = [
      ['\\\\', '\\\\\\\\'],
      ['a\nb', 'c', '\\x41', 'é', '', '', "it's"],
      ['1\\{x}', 'ab\\n'],
    ];
    const got = await onBothBackends(async () => values(await lower(src)));
    expect(got.native).toEqual(expected);
    expect(got.wasm).toEqual(expected);
  });

  it('merges values assigned on different branches', async () => {
    const f = await lower(
      ['def f(c, t):', '    if c:', '        q = "A"', '    else:', '        q = "A"', '    run(q)', '    if c:', '        q = "DROP TABLE x"', '    elif t:', '        q = t', '    run(q)'].join('\n'),
    );
    const [same, mixed] = calls(f, 'run');
    expect(same!.args[0]).toEqual({ kind: 'const', value: 'A' });
    expect(mixed!.args[0]!.kind).toBe('unknown');
    expect(kinds(mixed!.args[0])).toEqual(['param:t']);
  });

  it('a loop over constants gives a value as safe as an allowlisted one', async () => {
    const f = await lower('def f(x):\n    for cmd in ["npx.cmd", "npx"]:\n        run(cmd)\n    for y in [x, "a"]:\n        run(y)\n');
    const [consts, mixed] = calls(f, 'run');
    expect(consts!.args[0]!.sanitized).toEqual(expect.arrayContaining(['shell-quoted', 'path-contained', 'sql-identifier', 'url-allowlisted']));
    expect(mixed!.args[0]!.sanitized ?? []).toEqual([]);
  });

  it('a branch that returns does not reach the merge', async () => {
    const f = await lower(['def f(c):', '    q = "SELECT 1"', '    if c:', '        q = "other"', '        return', '    run(q)'].join('\n'));
    expect(only(f, 'run').args[0]).toEqual({ kind: 'const', value: 'SELECT 1' });
  });

  it('builds lists, tuples and dicts, with splats', async () => {
    const f = await lower('import subprocess\nbase = ["git"]\nsubprocess.run([*base, "status"], env={"A": "1", **x})');
    const c = only(f, 'subprocess.run');
    expect(c.args[0]).toEqual({ kind: 'list', items: [{ kind: 'const', value: 'git' }, { kind: 'const', value: 'status' }] });
    expect(c.kwargs.env!.kind).toBe('dict');
  });

  it('module constants are visible in functions defined above them', async () => {
    const f = await lower('def f():\n    open(ROOT)\nROOT = "/etc/passwd"\n');
    expect(only(f, 'open').args[0]).toEqual({ kind: 'const', value: '/etc/passwd' });
  });
});

describe('python front end: what functions of the file return', () => {
  it('a call of a helper is its return value, with the call\'s arguments for its parameters', async () => {
    const f = await lower(
      [
        'import os, sqlite3',
        'BASE = "https://api.example.com"',
        'conn = sqlite3.connect("a.db")',
        'def url_for(kind):',
        '    return f"{BASE}/{kind}"',
        'def purge_sql(table):',
        '    return "DELETE FROM " + table',
        'def safe(name):',
        '    return os.path.basename(name)',
        'class Api:',
        '    def path(self, p):',
        '        return "/srv/" + p',
        '    def go(self, tool_input):',
        '        get(url_for("news"))',
        '        conn.execute(purge_sql(tool_input))',
        '        open(safe(tool_input))',
        '        open(self.path(tool_input))',
      ].join('\n'),
    );
    expect(only(f, 'get').args[0]).toEqual({ kind: 'const', value: 'https://api.example.com/news' });
    const sql = only(f, 'sqlite3.connect().execute').args[0];
    expect(text(sql)).toBe('DELETE FROM ?');
    expect(kinds(sql)).toEqual(['param:tool_input']);
    const [basename, joined] = calls(f, 'open');
    expect(taintOf(basename!.args[0]).map((t) => t.sanitized)).toEqual([['path-basename']]);
    expect(text(joined!.args[0])).toBe('/srv/?');
  });

  it('recursion and functions without a return statement stay opaque', async () => {
    const f = await lower(['def f(x):', '    return f(x)', 'def g(x):', '    print(x)', 'def h(y):', '    run(f(y), g(y))'].join('\n'));
    const run = only(f, 'run');
    expect(run.args.map((a) => a.kind)).toEqual(['unknown', 'unknown']);
    expect(kinds(run.args[1])).toEqual(['param:y']);
  });
});

describe('python front end: taint', () => {
  it('marks parameters of decorated tools as tool input', async () => {
    const f = await lower(
      [
        'from langchain_core.tools import tool',
        'from agents import function_tool',
        'from mcp.server.fastmcp import FastMCP',
        'mcp = FastMCP("x")',
        '@tool',
        'def a(p: str): run(p)',
        '@function_tool',
        'def b(p): run(p)',
        '@mcp.tool()',
        'def c(p, ctx=None): run(p, ctx)',
        'def plain(p): run(p)',
      ].join('\n'),
    );
    expect(f.functions.map((fn) => [fn.name, fn.tool?.framework ?? null])).toEqual([
      ['a', 'langchain'],
      ['b', 'openai-agents'],
      ['c', 'mcp-python'],
      ['plain', null],
    ]);
    const runs = calls(f, 'run');
    expect(runs.map((r) => kinds(r.args[0]))).toEqual([['tool-param:p'], ['tool-param:p'], ['tool-param:p'], ['param:p']]);
    expect(kinds(runs[2]!.args[1])).toEqual(['param:ctx']);
  });

  it('tool classes and tool factories mark their handlers, also when registered after the body was seen', async () => {
    const f = await lower(
      [
        'from langchain_core.tools import BaseTool, StructuredTool',
        'class Shell(BaseTool):',
        '    name: str = "shell"',
        '    def _run(self, command: str, run_manager=None):',
        '        go(command, run_manager)',
        'def helper(q):',
        '    go(q)',
        'def later():',
        '    return StructuredTool.from_function(func=helper)',
      ].join('\n'),
    );
    const gos = calls(f, 'go');
    expect(kinds(gos[0]!.args[0])).toEqual(['tool-param:command']);
    expect(kinds(gos[0]!.args[1])).toEqual(['param:run_manager']);
    expect(kinds(gos[1]!.args[0])).toEqual(['tool-param:q']);
  });

  it('model output is untrusted, through attributes and subscripts', async () => {
    const f = await lower(
      [
        'from openai import OpenAI',
        'import anthropic',
        'client = OpenAI()',
        'r = client.chat.completions.create(model="m", messages=[])',
        'run(r.choices[0].message.content)',
        'a = anthropic.Anthropic().messages.create(model="m", max_tokens=1, messages=[])',
        'run(a.content[0].text)',
      ].join('\n'),
    );
    const runs = calls(f, 'run');
    expect(kinds(runs[0]!.args[0])).toEqual(['llm-output:openai.OpenAI().chat.completions.create']);
    expect(kinds(runs[1]!.args[0])).toEqual(['llm-output:anthropic.Anthropic().messages.create']);
  });

  it('parameters of FastAPI and Flask routes are request input; other app hooks are not', async () => {
    const f = await lower(
      [
        'from fastapi import FastAPI, APIRouter',
        'from flask import Flask',
        'app = FastAPI()',
        'router = APIRouter()',
        'web = Flask(__name__)',
        '@app.get("/a/{x}")',
        'def a(x: str): run(x)',
        '@router.post("/b")',
        'def b(y): run(y)',
        '@web.route("/c/<z>")',
        'def c(z): run(z)',
        '@app.on_event("startup")',
        'def d(w=None): run(w)',
      ].join('\n'),
    );
    expect(calls(f, 'run').map((c) => kinds(c.args[0]))).toEqual([['request-input:x'], ['request-input:y'], ['request-input:z'], ['param:w']]);
  });

  it('request input from flask is untrusted', async () => {
    const f = await lower('from flask import request\nrun(request.args["q"])\n');
    expect(kinds(only(f, 'run').args[0])[0]).toMatch(/^request-input:/);
  });

  it('sanitizers mark the origins they cleaned, and the mark survives opaque calls', async () => {
    const f = await lower(
      [
        'import os, shlex',
        'def f(name, cmd, n):',
        '    run(os.path.join("/srv", os.path.basename(name)))',
        '    run(shlex.quote(cmd))',
        '    run("LIMIT %d" % int(n))',
      ].join('\n'),
    );
    const runs = calls(f, 'run');
    expect(taintOf(runs[0]!.args[0]).map((t) => t.sanitized)).toEqual([['path-basename']]);
    expect(taintOf(runs[1]!.args[0]).map((t) => t.sanitized)).toEqual([['shell-quoted']]);
    expect(taintOf(runs[2]!.args[0]).map((t) => t.sanitized)).toEqual([['integer']]);
  });

  it('guards: a realpath + startswith check, an allowlisted host, is_relative_to', async () => {
    const f = await lower(
      [
        'import os',
        'from urllib.parse import urlparse',
        'from pathlib import Path',
        'ALLOWED_HOSTS = {"a.example"}',
        'def f(p, url, q):',
        '    full = os.path.realpath(os.path.join("/srv", p))',
        '    if not full.startswith("/srv/"):',
        '        raise ValueError(p)',
        '    open(full)',
        '    if urlparse(url).hostname not in ALLOWED_HOSTS:',
        '        return',
        '    get(url)',
        '    target = Path("/srv", q).resolve()',
        '    if target.is_relative_to("/srv"):',
        '        open(target)',
        '    open(target)',
      ].join('\n'),
    );
    const opens = calls(f, 'open');
    expect(taintOf(opens[0]!.args[0]).every((t) => t.sanitized?.includes('path-contained'))).toBe(true);
    expect(taintOf(only(f, 'get').args[0]).every((t) => t.sanitized?.includes('url-allowlisted'))).toBe(true);
    expect(taintOf(opens[1]!.args[0]).every((t) => t.sanitized?.includes('path-contained'))).toBe(true);
    // after the if without an early exit, the check no longer holds
    expect(taintOf(opens[2]!.args[0]).some((t) => !t.sanitized?.includes('path-contained'))).toBe(true);
  });
});

describe('python front end: agent shapes', () => {
  it('LangGraph nodes receive untrusted state', async () => {
    const f = await lower(
      ['from langgraph.graph import StateGraph', 'def act(state):', '    run(state["command"])', 'g = StateGraph(dict)', 'g.add_node("act", act)'].join('\n'),
    );
    expect(f.functions[0]!.tool?.framework).toBe('langchain');
    expect(kinds(only(f, 'run').args[0])).toEqual(['tool-param:state']);
  });

  it('tool-call arguments chosen by a model are untrusted, whatever the receiver', async () => {
    const f = await lower('import json\ndef handle(call):\n    args = json.loads(call.function.arguments)\n    run(args["sql"])\n');
    expect(kinds(only(f, 'run').args[0])).toEqual(['llm-output:tool_call.function.arguments']);
  });

  it('constants interpolated into f-strings are folded into the text', async () => {
    const f = await lower('API = "https://api.example.com"\nN = 3\ndef g(x):\n    get(f"{API}/v{N}/items/{x}?n={N:02d}")\n');
    expect(text(only(f, 'get').args[0])).toBe('https://api.example.com/v3/items/??n=?');
  });

  it('pathlib values carry their path text to calls on them', async () => {
    const f = await lower(
      [
        'from pathlib import Path',
        'ROOT = Path("/srv/ws")',
        'def f(name):',
        '    (ROOT / "notes" / name).read_text()',
        '    Path("/etc", name).joinpath("x").resolve().unlink()',
      ].join('\n'),
    );
    const read = only(f, 'pathlib.Path().read_text');
    expect(text(read.receiver)).toBe('/srv/ws/notes/?');
    expect(kinds(read.receiver)).toEqual(['param:name']);
    expect(text(only(f, 'pathlib.Path().joinpath().resolve().unlink').receiver)).toBe('/etc/?/x');
  });
});

describe('python front end: helpers named for what they check', () => {
  it('validate_path / ensure_safe_path from other modules contain the path; other helpers do not', async () => {
    const f = await lower(
      // (a separate parameter for the last: past `validate_path(p)`, which refuses what it does not let through, p itself is checked)
      ['from .util import validate_path, ensure_safe_path, load_path', 'def f(p, q):', '    open(validate_path(p))', '    open(ensure_safe_path(p))', '    open(load_path(q))'].join('\n'),
    );
    const [a, b, c] = calls(f, 'open');
    for (const call of [a!, b!]) expect(taintOf(call.args[0]).every((t) => t.sanitized?.includes('path-contained'))).toBe(true);
    expect(taintOf(c!.args[0]).some((t) => !t.sanitized?.includes('path-contained'))).toBe(true);
  });
});

describe('python front end: strings, positions, errors', () => {
  it('records string constants bound to names, keywords and dict keys, not docstrings', async () => {
    const f = await lower(
      ['"""Module docstring that is long."""', 'API_TOKEN = "abcdefgh1234"', 'self.password = "zzzzzzzz9"', 'connect(password="hunter2hunter2")', 'cfg = {"secret": "s3cr3t-value"}', 'print("just a message")'].join('\n'),
    );
    expect(f.strings.map((s) => [s.name ?? null, s.value])).toEqual([
      ['API_TOKEN', 'abcdefgh1234'],
      ['password', 'zzzzzzzz9'],
      ['password', 'hunter2hunter2'],
      ['secret', 's3cr3t-value'],
      [null, 'just a message'],
    ]);
  });

  it('columns count UTF-16 code units and CRLF ends a line', async () => {
    const f = await lower('s = "é😀"; eval(s)\r\nexec(t)\r\n');
    const e = only(f, 'eval');
    // s, space, =, space, quote, é, two units for 😀, quote, ;, space: eval starts at unit 12
    expect(e.range).toEqual({ line: 1, column: 12, endLine: 1, endColumn: 19 });
    expect(only(f, 'exec').range.line).toBe(2);
  });

  it('recovers from syntax errors: what parsed is analyzed and the error is listed', async () => {
    const f = await lower('import os\ndef broken(:\n    pass\nos.system("rm -rf /tmp/x")\n');
    expect(f.problems.length).toBeGreaterThan(0);
    expect(f.problems[0]!.range.line).toBe(2);
    expect(f.calls.map((c) => c.callee)).toContain('os.system');
  });

  it('an empty file has no facts', async () => {
    const f = await lower('');
    expect(f).toMatchObject({ calls: [], functions: [], strings: [], imports: [], problems: [] });
  });

  it('analyzes a 20,000-line module quickly', async () => {
    const chunk = ['def f{i}(x):', '    q = "SELECT * FROM t WHERE a = " + x', '    if x:', '        cur.execute(q)', ''].join('\n');
    const src = 'import sqlite3\ncur = sqlite3.connect("a").cursor()\n' + Array.from({ length: 4000 }, (_, i) => chunk.replace('{i}', String(i))).join('\n');
    const t0 = performance.now();
    const f = await lower(src);
    const ms = performance.now() - t0;
    expect(f.calls.filter((c) => c.callee === 'sqlite3.connect().cursor().execute')).toHaveLength(4000);
    expect(ms).toBeLessThan(5000);
  });
});

describe('python front end on either tree-sitter back end', () => {
  it('the WebAssembly build produces the same facts as the native binding', async () => {
    const src = [
      'import subprocess, os',
      'from langchain_core.tools import tool',
      '@tool',
      'def run(cmd: str, n: int) -> str:',
      '    """Run."""',
      '    s = f"echo {cmd} é😀"',
      '    if n > 1:',
      '        s += " | sh"',
      '    return subprocess.check_output(s, shell=True)',
      'TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"',
      'def broken(:',
    ].join('\n');
    const { native, wasm } = await onBothBackends(() => lower(src));
    expect(wasm).toEqual(native);
    expect(native.calls.length).toBeGreaterThan(0);
  });

  it('rejects an unknown back-end name with a clear message', async () => {
    await onBackend('quantum', () => expect(lower('x = 1')).rejects.toThrow(/AGENTOS_TREE_SITTER=quantum: expected native, wasm or auto/));
  });
});

describe('python front end: MCP servers', () => {
  it('keeps the taint of the low-level call_tool arguments unpacked into a model (`Fetch(**arguments)`)', async () => {
    const f = await lower(
      [
        'import httpx',
        'from mcp.server import Server',
        'from pydantic import BaseModel',
        'from .models import Query',
        'server = Server("x")',
        'class Fetch(BaseModel):',
        '    url: str',
        '@server.call_tool()',
        'async def call_tool(name: str, arguments: dict):',
        '    args = Fetch(**arguments)',
        '    httpx.get(args.url)',
        '    q = Query(**arguments)',
        '    httpx.post(q.endpoint)',
        '    fixed = Fetch(**{"url": "https://api.example.com"})',
        '    httpx.get(fixed.url)',
      ].join('\n'),
    );
    const [get, fixedGet] = calls(f, 'httpx.get');
    expect(kinds(get!.args[0])).toEqual(['tool-param:arguments']);
    expect(kinds(only(f, 'httpx.post').args[0])).toEqual(['tool-param:arguments']);
    expect(kinds(fixedGet!.args[0])).toEqual([]);
  });

  it("keeps a function's docstring (a tool's description) on the function, not as data", async () => {
    const f = await lower('"""Module."""\ndef t(a):\n    """Add numbers. <IMPORTANT>hidden</IMPORTANT>"""\n    """Not the docstring."""\n    return a\n');
    expect(f.strings).toEqual([]);
    expect(f.functions.map((fn) => [fn.name, fn.doc?.value, fn.doc?.range.line])).toEqual([['t', 'Add numbers. <IMPORTANT>hidden</IMPORTANT>', 3]]);
  });
});
