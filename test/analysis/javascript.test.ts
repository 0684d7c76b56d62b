import { describe, expect, it } from 'vitest';
import type { CallFact, FileFacts, SanitizerKind, TaintKind, Value } from '../../src/analysis/facts.js';
import { analyzeJavaScript } from '../../src/analysis/javascript.js';
import { sanitizersOf, skeleton, taintOf } from '../../src/analysis/values.js';

function lower(source: string, file = 'agent.ts'): FileFacts {
  return analyzeJavaScript(file, source, /\.[cm]?tsx?$/.test(file) ? 'typescript' : 'javascript');
}

function callOf(f: FileFacts, callee: string, nth = 0): CallFact {
  const c = f.calls.filter((x) => x.callee === callee)[nth];
  if (!c) throw new Error(`no call of ${callee}; calls: ${f.calls.map((x) => x.callee).join(', ')}`);
  return c;
}

function arg(f: FileFacts, callee: string, index = 0, nth = 0): Value {
  const v = callOf(f, callee, nth).args[index];
  if (!v) throw new Error(`${callee} has no argument ${index}`);
  return v;
}

const taintKinds = (v: Value): TaintKind[] => [...new Set(taintOf(v).map((t) => t.kind))].sort();
const text = (v: Value): string | undefined => skeleton(v)?.text;
/** taint kinds reaching a value that no sanitizer of `kind` covers */
const rawKinds = (v: Value, kind: SanitizerKind): TaintKind[] =>
  sanitizersOf(v).includes(kind) ? [] : [...new Set(taintOf(v).filter((t) => !t.sanitized?.includes(kind)).map((t) => t.kind))].sort();

describe('imports and callee resolution', () => {
  const forms: [string, string, string][] = [
    ['default import', `import cp from 'child_process';\ncp.exec(cmd);`, 'child_process.exec'],
    ['namespace import with node: prefix', `import * as cp from 'node:child_process';\ncp.exec(cmd);`, 'child_process.exec'],
    ['renamed named import', `import { exec as run } from 'child_process';\nrun(cmd);`, 'child_process.exec'],
    ['destructured require', `const { exec } = require('child_process');\nexec(cmd);`, 'child_process.exec'],
    ['required module', `const cp = require('child_process');\ncp.exec(cmd);`, 'child_process.exec'],
    ['member of require', `const exec = require('child_process').exec;\nexec(cmd);`, 'child_process.exec'],
    ['inline require', `require('node:child_process').exec(cmd);`, 'child_process.exec'],
    ['dynamic import', `const { exec } = await import('node:child_process');\nexec(cmd);`, 'child_process.exec'],
    ['dynamic import namespace', `const cp = await import('child_process');\ncp.exec(cmd);`, 'child_process.exec'],
    [
      'createRequire binding',
      `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nconst cp = require('child_process');\ncp.exec(cmd);`,
      'child_process.exec',
    ],
    ['createRequire inline', `import { createRequire } from 'module';\ncreateRequire(import.meta.url)('child_process').exec(cmd);`, 'child_process.exec'],
    ['import equals', `import cp = require('child_process');\ncp.exec(cmd);`, 'child_process.exec'],
    ['promisify', `import { exec } from 'child_process';\nimport { promisify } from 'util';\nconst run = promisify(exec);\nawait run(cmd);`, 'child_process.exec'],
    ['util.promisify of a member', `import util from 'node:util';\nimport cp from 'child_process';\nconst run = util.promisify(cp.exec);\nrun(cmd);`, 'child_process.exec'],
    ['member alias', `import cp from 'child_process';\nconst run = cp.execSync;\nrun(cmd);`, 'child_process.execSync'],
    ['bound member', `import cp from 'child_process';\nconst run = cp.exec.bind(cp);\nrun(cmd);`, 'child_process.exec'],
    ['fs/promises default', `import fs from 'fs/promises';\nfs.readFile(p);`, 'fs.promises.readFile'],
    ['promises member import', `import { promises as fsp } from 'fs';\nfsp.readFile(p);`, 'fs.promises.readFile'],
    ['node:fs/promises named', `import { readFile } from 'node:fs/promises';\nreadFile(p);`, 'fs.promises.readFile'],
    ['require(fs).promises', `const fsp = require('fs').promises;\nfsp.readFile(p);`, 'fs.promises.readFile'],
    ['destructured promises', `const { promises: fsp } = require('fs');\nfsp.readFile(p);`, 'fs.promises.readFile'],
  ];
  it.each(forms)('%s', (_name, source, callee) => {
    const f = lower(source);
    expect(f.problems).toEqual([]);
    expect(f.calls.map((c) => c.callee)).toContain(callee);
  });

  it('records import facts with normalized modules, members and aliases', () => {
    const f = lower(
      [
        `import cp from 'node:child_process';`,
        `import * as fsp from 'node:fs/promises';`,
        `import { exec as run, spawn } from 'child_process';`,
        `import type { Foo } from 'types-only';`,
        `import 'side-effect';`,
        `const { execSync } = require('child_process');`,
        `const os = require('node:os');`,
        `const tmp = require('os').tmpdir;`,
        `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';`,
      ].join('\n'),
    );
    const rows = f.imports.map((i) => [i.module, i.name, i.alias]);
    expect(rows).toEqual([
      ['child_process', undefined, 'cp'],
      ['fs.promises', undefined, 'fsp'],
      ['child_process', 'exec', 'run'],
      ['child_process', 'spawn', 'spawn'],
      ['side-effect', undefined, ''],
      ['@modelcontextprotocol/sdk/server/mcp', 'McpServer', 'McpServer'],
      ['child_process', 'execSync', 'execSync'],
      ['os', undefined, 'os'],
      ['os', 'tmpdir', 'tmp'],
    ]);
    expect(f.imports[0]!.range).toEqual({ line: 1, column: 8, endLine: 1, endColumn: 10 });
  });

  it('keeps globals bare and strips the global object', () => {
    const f = lower(
      [
        'eval(code);',
        'new Function("a", body);',
        'setTimeout(code, 10);',
        'setInterval(code, 10);',
        'fetch(url);',
        'require(name);',
        'globalThis.eval(code);',
        'window.eval(code);',
        'globalThis.fetch(url);',
      ].join('\n'),
      'agent.js',
    );
    expect(f.calls.map((c) => c.callee)).toEqual(['eval', 'Function', 'setTimeout', 'setInterval', 'fetch', 'require', 'eval', 'eval', 'fetch']);
    expect(f.calls[1]!.isNew).toBe(true);
  });

  it('shadowing hides an import', () => {
    const f = lower(`import { exec } from 'child_process';\nfunction run(exec: (s: string) => void) { exec('ls'); }\nexec('ls');`);
    expect(f.calls.map((c) => c.callee)).toEqual(['?', 'child_process.exec']);
  });
});

describe('receivers and call results', () => {
  const chains: [string, string, string][] = [
    ['better-sqlite3 default import', `import Database from 'better-sqlite3';\nconst db = new Database(file);\ndb.prepare(sql).run();`, 'better-sqlite3().prepare'],
    ['better-sqlite3 exec', `import Database from 'better-sqlite3';\nconst db = new Database('app.db');\ndb.exec(sql);`, 'better-sqlite3().exec'],
    ['pg Pool named import', `import { Pool } from 'pg';\nconst pool = new Pool();\nawait pool.query(q);`, 'pg.Pool().query'],
    ['pg default import member class', `import pg from 'pg';\nconst client = new pg.Client();\nawait client.query(q);`, 'pg.Client().query'],
    ['pg pool connect', `import pg from 'pg';\nconst pool = new pg.Pool();\nconst c = await pool.connect();\nc.query(q);`, 'pg.Pool().connect().query'],
    [
      'mysql2 promise',
      `import mysql from 'mysql2/promise';\nconst conn = await mysql.createConnection({ host: 'localhost' });\nawait conn.query(q);`,
      'mysql2.promise.createConnection().query',
    ],
    ['knex raw', `import knex from 'knex';\nconst db = knex({ client: 'pg' });\nawait db.raw(q);`, 'knex().raw'],
    ['knex inline raw', `import knex from 'knex';\nknex(config).raw(q);`, 'knex().raw'],
    [
      'prisma executeRawUnsafe',
      `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nawait prisma.$executeRawUnsafe(q);`,
      '@prisma/client.PrismaClient().$executeRawUnsafe',
    ],
    ['optional chaining', `import { Pool } from 'pg';\nconst pool = new Pool();\npool?.query?.(q);`, 'pg.Pool().query'],
    ['unresolvable receiver', `export function f(db: any) { return db.query(q); }`, '?.query'],
    ['call of a call result', `import sqlite3 from 'sqlite3';\nnew sqlite3.Database(file).run(q);`, 'sqlite3.Database().run'],
  ];
  it.each(chains)('%s', (_name, source, callee) => {
    expect(lower(source).calls.map((c) => c.callee)).toContain(callee);
  });

  it('resolves this.x assigned in a constructor or field initializer in every method', () => {
    const f = lower(
      [
        `import Database from 'better-sqlite3';`,
        `import { Pool } from 'pg';`,
        `class Store {`,
        `  private pool = new Pool();`,
        `  private db: Database.Database | null = null;`,
        `  constructor(file: string) { this.db = new Database(file); }`,
        `  remove(id: string) { return this.db!.prepare('DELETE FROM t WHERE id = ?').run(id); }`,
        `  list() { return this.pool.query('SELECT 1'); }`,
        `  later = () => this.pool.query('SELECT 2');`,
        `}`,
      ].join('\n'),
    );
    expect(f.calls.map((c) => c.callee)).toEqual([
      'pg.Pool',
      'better-sqlite3',
      'better-sqlite3().prepare().run',
      'better-sqlite3().prepare',
      'pg.Pool().query',
      'pg.Pool().query',
    ]);
  });

  it('resolves receivers from type annotations of parameters, fields and declarations', () => {
    const f = lower(
      [
        `import type { Pool } from 'pg';`,
        `import { PrismaClient } from '@prisma/client';`,
        `export async function wipe(db: Pool, t: string) { await db.query('DELETE FROM ' + t); }`,
        `class Repo {`,
        `  private pool!: Pool;`,
        `  constructor(private readonly prisma: PrismaClient) {}`,
        `  del(q: string) { this.pool.query(q); return this.prisma.$executeRawUnsafe(q); }`,
        `}`,
        `let client: Pool | undefined;`,
        `client!.query('x');`,
      ].join('\n'),
    );
    expect(f.calls.map((c) => c.callee)).toEqual([
      'pg.Pool().query',
      'pg.Pool().query',
      '@prisma/client.PrismaClient().$executeRawUnsafe',
      'pg.Pool().query',
    ]);
    expect(taintKinds(arg(f, 'pg.Pool().query'))).toEqual(['param']);
  });

  it('resolves methods of local classes and calls of local functions (target)', () => {
    const f = lower(
      [
        `function helper(x: string) { return x; }`,
        `const arrow = (y: string) => helper(y);`,
        `class Svc {`,
        `  run(cmd: string) { return this.inner(cmd); }`,
        `  inner(cmd: string) { return arrow(cmd); }`,
        `}`,
        `const s = new Svc();`,
        `s.run('ls');`,
      ].join('\n'),
    );
    const byCallee = Object.fromEntries(f.calls.map((c) => [c.callee, c]));
    expect(byCallee['helper']!.target).toBe('helper@1');
    expect(byCallee['helper']!.enclosingFunction).toBe('arrow@2');
    expect(byCallee['Svc.inner']!.target).toBe('Svc.inner@5');
    expect(byCallee['Svc.inner']!.enclosingFunction).toBe('Svc.run@4');
    expect(byCallee['arrow']!.target).toBe('arrow@2');
    expect(byCallee['Svc.run']!.target).toBe('Svc.run@4');
    expect(byCallee['Svc.run']!.enclosingFunction).toBeUndefined();
    expect(byCallee['Svc']!.isNew).toBe(true);
  });

  it('calls a function declared later in the file (hoisting)', () => {
    const f = lower(`main();\nfunction main() { run(); }\nconst run = () => 1;`);
    expect(callOf(f, 'main').target).toBe('main@2');
    expect(callOf(f, 'run').target).toBe('run@3');
  });

  it('emits tagged templates as calls with one template argument', () => {
    const f = lower(
      [
        `import { sql } from '@vercel/postgres';`,
        `import { PrismaClient } from '@prisma/client';`,
        `const prisma = new PrismaClient();`,
        `await sql\`SELECT * FROM users WHERE name = \${name}\`;`,
        `await prisma.$queryRaw\`SELECT \${id}\`;`,
      ].join('\n'),
    );
    const t = callOf(f, '@vercel/postgres.sql');
    expect(t.tagged).toBe(true);
    expect(t.args).toHaveLength(1);
    expect(text(t.args[0]!)).toBe('SELECT * FROM users WHERE name = __agentos_hole_0__');
    expect(callOf(f, '@prisma/client.PrismaClient().$queryRaw').tagged).toBe(true);
  });

  it('fills in method, kwargs, spread arguments, isNew and ranges', () => {
    const f = lower(`import { Pool } from 'pg';\nconst pool = new Pool();\nfunction go(xs: string[]) {\n  pool.query(...xs, { text: 'q' });\n}`);
    const c = callOf(f, 'pg.Pool().query');
    expect(c.method).toBe('query');
    expect(c.kwargs).toEqual({});
    expect(c.args[0]!.kind).toBe('unknown');
    expect(taintKinds(c.args[0]!)).toEqual(['param']);
    expect(c.args[1]).toEqual({ kind: 'dict', entries: { text: { kind: 'const', value: 'q' } } });
    expect(c.range).toEqual({ line: 4, column: 3, endLine: 4, endColumn: 35 });
    expect(c.calleeRange).toEqual({ line: 4, column: 3, endLine: 4, endColumn: 13 });
    expect(c.enclosingFunction).toBe('go@3');
    expect(c.receiver).toMatchObject({ kind: 'unknown', ref: 'pg.Pool()' });
    expect(callOf(f, 'pg.Pool').isNew).toBe(true);
  });

  it('records calls in decorators, computed keys and default parameters', () => {
    const f = lower(
      `@Injectable()\nclass C {\n  @Field(() => String) name = '';\n  [key()]() {}\n  constructor(@Inject(TOKEN) private readonly dep: Dep) {}\n}\nfunction g(x = make()) {}`,
    );
    expect(f.calls.map((c) => c.callee).sort()).toEqual(['Field', 'Inject', 'Injectable', 'key', 'make']);
  });

  it('records every call, including nested ones and calls in JSX', () => {
    const f = lower(`const el = <Button onClick={() => track('x')}>{format(load())}</Button>;`, 'view.tsx');
    expect(f.problems).toEqual([]);
    expect(f.calls.map((c) => c.callee).sort()).toEqual(['format', 'load', 'track']);
  });
});

describe('value folding', () => {
  it('folds + into a template', () => {
    const f = lower(`import { Pool } from 'pg';\nconst db = new Pool();\nexport async function wipe(table: string) {\n  const q = 'DELETE FROM ' + table;\n  await db.query(q);\n}`);
    const v = arg(f, 'pg.Pool().query');
    expect(v.kind).toBe('template');
    expect(text(v)).toBe('DELETE FROM __agentos_hole_0__');
    expect(taintKinds(v)).toEqual(['param']);
  });

  it('folds constants across + and module-level consts', () => {
    const f = lower(`const TABLE = 'users';\nconst PREFIX = 'DROP TABLE ';\nfunction f() { run(PREFIX + TABLE + ';'); }`);
    expect(arg(f, 'run')).toEqual({ kind: 'const', value: 'DROP TABLE users;' });
  });

  it('template literals keep cooked text and holes', () => {
    const f = lower('function f(name: string) { run(`echo \\t${name}\\n${1}`); }');
    const v = arg(f, 'run');
    expect(v.kind).toBe('template');
    expect(v.kind === 'template' && v.parts[0]).toBe('echo \t');
    expect(text(v)).toBe('echo \t__agentos_hole_0__\n1');
  });

  it('folds join, concat, String() and toString()', () => {
    const f = lower(
      [
        `function f(x: string) {`,
        `  run(['ls', '-la', x].join(' '));`,
        `  run(['a', 'b'].join());`,
        `  run('rm '.concat(x, ' -rf'));`,
        `  run(String(x));`,
        `  run(\`\${x}\`);`,
        `  run('abc'.toString());`,
        `}`,
      ].join('\n'),
    );
    expect(text(arg(f, 'run', 0, 0))).toBe('ls -la __agentos_hole_0__');
    expect(arg(f, 'run', 0, 1)).toEqual({ kind: 'const', value: 'a,b' });
    expect(text(arg(f, 'run', 0, 2))).toBe('rm __agentos_hole_0__ -rf');
    expect(taintKinds(arg(f, 'run', 0, 3))).toEqual(['param']);
    expect(taintKinds(arg(f, 'run', 0, 4))).toEqual(['param']);
    expect(arg(f, 'run', 0, 5)).toEqual({ kind: 'const', value: 'abc' });
  });

  it('builds lists and dicts; a spread object brings its entries, an opaque spread its origins', () => {
    const f = lower(`const base = { a: 1 };\nrun([1, 'two', null], { ...base, b: true, 'c-d': 'x', [\`k\`]: 2 });\nexport function go(options) { run2({ a: 1, ...options, b: 2 }); }`);
    expect(arg(f, 'run', 0)).toEqual({ kind: 'list', items: [{ kind: 'const', value: 1 }, { kind: 'const', value: 'two' }, { kind: 'const', value: null }] });
    expect(arg(f, 'run', 1)).toEqual({
      kind: 'dict',
      entries: { a: { kind: 'const', value: 1 }, b: { kind: 'const', value: true }, 'c-d': { kind: 'const', value: 'x' }, k: { kind: 'const', value: 2 } },
    });
    // (a member written before the spread may be replaced by it; one written after is what it says)
    const spread = arg(f, 'run2', 0) as { kind: 'dict'; entries: Record<string, { kind: string; taint?: { name: string }[] }>; taint?: { name: string }[] };
    expect(spread.taint?.map((o) => o.name)).toEqual(['options']);
    expect(spread.entries.a!.taint?.map((o) => o.name)).toEqual(['options']);
    expect(spread.entries.b).toEqual({ kind: 'const', value: 2 });
  });

  it('unwraps TypeScript expressions and parentheses', () => {
    const f = lower(`const q = ('DROP ' as string) + (name! satisfies string) + (<string>'x');\nrun(q);`);
    expect(text(arg(f, 'run'))).toBe('DROP __agentos_hole_0__x');
  });

  it('merges conditional, || and ?? operands', () => {
    const f = lower(`function f(a: string) {\n  run(c ? 'x' : 'x');\n  run(c ? 'x' : a);\n  run(a || 'default');\n  run(a ?? 'default');\n}`);
    expect(arg(f, 'run', 0, 0)).toEqual({ kind: 'const', value: 'x' });
    for (const n of [1, 2, 3]) {
      const v = arg(f, 'run', 0, n);
      expect(v.kind).toBe('unknown');
      expect(taintKinds(v)).toEqual(['param']);
    }
  });

  it('+= concatenates', () => {
    const f = lower(`declare const db: any;\nfunction f(id: string) {\n  let q = 'DELETE FROM t';\n  q += ' WHERE id = ' + id;\n  db.query(q);\n}`);
    expect(text(arg(f, '?.query'))).toBe('DELETE FROM t WHERE id = __agentos_hole_0__');
  });

  it('bounds strings grown by long generated sequences', () => {
    const lines = ['export function f(x: string) {', "  let html = '';"];
    for (let i = 0; i < 400; i++) lines.push(`  html += '<td>' + x + '</td>';`);
    lines.push('  send(html);', '}');
    const v = arg(lower(lines.join('\n')), 'send');
    expect(v.kind === 'template' ? v.parts.length : 0).toBeLessThanOrEqual(256);
    expect(taintKinds(v)).toEqual(['param']);
  });

  it('reads members of enums', () => {
    const f = lower(`enum Sql { Wipe = 'DELETE FROM sessions', Count = 'SELECT count(*) FROM t' }\nrun(Sql.Wipe);`);
    expect(arg(f, 'run')).toEqual({ kind: 'const', value: 'DELETE FROM sessions' });
  });

  it('reads entries of known object literals', () => {
    const f = lower(`const opts = { sql: 'TRUNCATE t' };\nopts.extra = 'x';\nrun(opts.sql, opts['extra']);`);
    expect(callOf(f, 'run').args).toEqual([
      { kind: 'const', value: 'TRUNCATE t' },
      { kind: 'const', value: 'x' },
    ]);
  });

  it('destructuring and for-of carry the taint of the source', () => {
    const f = lower(
      [
        `import { tool } from 'ai';`,
        `export const t = tool({`,
        `  execute: async (input: { cmds: string[]; opts: { dir: string } }) => {`,
        `    const { opts: { dir }, ...rest } = input;`,
        `    const [first] = input.cmds;`,
        `    for (const c of input.cmds) run(c);`,
        `    run(dir, rest, first);`,
        `  },`,
        `});`,
      ].join('\n'),
    );
    expect(taintKinds(arg(f, 'run', 0, 0))).toEqual(['tool-param']);
    for (const i of [0, 1, 2]) expect(taintKinds(arg(f, 'run', i, 1))).toEqual(['tool-param']);
  });
});

describe('control flow', () => {
  it('keeps a constant both branches agree on', () => {
    const f = lower(`let q;\nif (c) { q = 'SELECT 1'; } else { q = 'SELECT 1'; }\nrun(q);`);
    expect(arg(f, 'run')).toEqual({ kind: 'const', value: 'SELECT 1' });
  });

  it('merges differing values into unknown with the union of taints', () => {
    const f = lower(
      `export function f(a: string, b: string) {\n  let q = 'x';\n  if (a) q = a;\n  else if (b) q = b + '!';\n  run(q);\n}`,
    );
    const v = arg(f, 'run');
    expect(v.kind).toBe('unknown');
    expect(taintOf(v).map((t) => t.name).sort()).toEqual(['a', 'b']);
  });

  it('if without else merges with the path that skips it', () => {
    const f = lower(`let q = 'a';\nif (c) q = 'b';\nrun(q);\nlet r = 'a';\nif (c) { r = 'b'; return; }\nrun(r);`, 'agent.js');
    expect(arg(f, 'run', 0, 0).kind).toBe('unknown');
    expect(arg(f, 'run', 0, 1)).toEqual({ kind: 'const', value: 'a' });
  });

  it('merges switch cases, try/catch and loop bodies', () => {
    const f = lower(
      [
        `function f(x: string) {`,
        `  let a = 'one';`,
        `  switch (x) { case 'a': a = 'two'; break; default: a = 'two'; }`,
        `  run(a);`,
        `  let b = 'k';`,
        `  try { b = x; } catch (e) { b = 'k'; }`,
        `  run(b);`,
        `  let c = '';`,
        `  for (const p of [x]) c += p;`,
        `  run(c);`,
        `  let d = 'same';`,
        `  while (cond()) { d = 'same'; }`,
        `  run(d);`,
        `}`,
      ].join('\n'),
    );
    expect(arg(f, 'run', 0, 0)).toEqual({ kind: 'const', value: 'two' });
    expect(taintKinds(arg(f, 'run', 0, 1))).toEqual(['param']);
    expect(taintKinds(arg(f, 'run', 0, 2))).toEqual(['param']);
    expect(arg(f, 'run', 0, 3)).toEqual({ kind: 'const', value: 'same' });
  });

  it('intersects sanitizers at merges', () => {
    const f = lower(
      [
        `import path from 'node:path';`,
        `export function f(a: string, flag: boolean) {`,
        `  let p = path.basename(a);`,
        `  if (flag) p = path.basename(a + '.txt');`,
        `  read(p);`,
        `  let q = path.basename(a);`,
        `  if (flag) q = a;`,
        `  read(q);`,
        `}`,
      ].join('\n'),
    );
    expect(rawKinds(arg(f, 'read', 0, 0), 'path-basename')).toEqual([]);
    expect(rawKinds(arg(f, 'read', 0, 1), 'path-basename')).toEqual(['param']);
  });

  it('module constants are visible in functions unless shadowed', () => {
    const f = lower(`const CMD = 'ls -la';\nfunction a() { run(CMD); }\nfunction b(CMD: string) { run(CMD); }`);
    expect(arg(f, 'run', 0, 0)).toEqual({ kind: 'const', value: 'ls -la' });
    expect(taintKinds(arg(f, 'run', 0, 1))).toEqual(['param']);
  });
});

describe('functions', () => {
  it('names functions and lists parameters', () => {
    const f = lower(
      [
        `function decl(a: string, b = 1, ...rest: string[]) {}`,
        `const arrow = ({ cmd, path: p }: any, [x, y]: any[]) => {};`,
        `export default function () {}`,
        `const obj = { method(z: string) {}, get value() { return 1; } };`,
        `class K { m(this: K, q: string) {} static s() {} get g() { return 1; } }`,
        `[1].map(function named(v) { return v; });`,
        `[1].map((v) => v);`,
      ].join('\n'),
    );
    expect(f.functions.map((fn) => [fn.id, fn.params])).toEqual([
      ['decl@1', ['a', 'b', 'rest']],
      ['arrow@2', ['cmd', 'p', 'x', 'y']],
      ['<anonymous>@3', []],
      ['method@4', ['z']],
      ['value@4', []],
      ['K.m@5', ['q']],
      ['K.s@5', []],
      ['K.g@5', []],
      ['named@6', ['v']],
      ['<anonymous>@7', ['v']],
    ]);
    expect(f.functions[0]!.range).toEqual({ line: 1, column: 1, endLine: 1, endColumn: 54 });
  });

  it('gives ordinary parameters param taint with positional indexes (and the member a destructured name stands for)', () => {
    const f = lower(`function f(a: string, { cmd, dir }: any, ...rest: string[]) {\n  run(a, cmd, dir, rest);\n}`);
    const origins = callOf(f, 'run').args.map((v) => taintOf(v)[0]);
    expect(origins).toEqual([
      { kind: 'param', name: 'a', line: 1, functionId: 'f@1', index: 0 },
      { kind: 'param', name: 'cmd', line: 1, functionId: 'f@1', index: 1, field: 'cmd' },
      { kind: 'param', name: 'dir', line: 1, functionId: 'f@1', index: 1, field: 'dir' },
      { kind: 'param', name: 'rest', line: 1, functionId: 'f@1', index: 2 },
    ]);
  });

  it('ids stay unique for several functions on one line', () => {
    const f = lower(`a(() => 1, () => 2);`);
    expect(f.functions.map((fn) => fn.id)).toEqual(['<anonymous>@1', '<anonymous>@1#2']);
  });

  it('array callbacks see the taint of the array', () => {
    const f = lower(`export async function f(rows: string[]) {\n  rows.forEach((r) => exec(r));\n}`);
    expect(taintOf(arg(f, 'exec')).map((t) => t.name).sort()).toEqual(['r', 'rows']);
  });
});

describe('tool handlers', () => {
  const tools: [string, string, string, string][] = [
    [
      'Vercel AI tool({ execute })',
      `import { tool } from 'ai';\nimport { z } from 'zod';\nexport const t = tool({\n  description: 'run',\n  inputSchema: z.object({ cmd: z.string() }),\n  execute: async ({ cmd }) => exec(cmd),\n});`,
      'vercel-ai',
      'exec',
    ],
    [
      'Vercel AI execute method shorthand',
      `import { tool } from 'ai';\nexport const t = tool({ async execute({ cmd }) { return exec(cmd); } });`,
      'vercel-ai',
      'exec',
    ],
    [
      'MCP server.tool',
      `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nconst server = new McpServer({ name: 'x', version: '1' });\nserver.tool('read', { path: z.string() }, async ({ path }) => read(path));`,
      'mcp-typescript',
      'read',
    ],
    [
      'MCP registerTool',
      `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\nconst server = new McpServer({ name: 'x', version: '1' });\nserver.registerTool('read', { inputSchema: {} }, async ({ path }) => read(path));`,
      'mcp-typescript',
      'read',
    ],
    [
      'MCP low-level setRequestHandler',
      `import { Server } from '@modelcontextprotocol/sdk/server/index.js';\nconst server = new Server({ name: 'x', version: '1' }, {});\nserver.setRequestHandler(CallToolRequestSchema, async (request) => read(request.params.arguments.path));`,
      'mcp-typescript',
      'read',
    ],
    [
      'LangChain tool(fn, options)',
      `import { tool } from '@langchain/core/tools';\nexport const t = tool(async ({ q }) => search(q), { name: 'search', schema });`,
      'langchain-js',
      'search',
    ],
    [
      'LangChain DynamicStructuredTool',
      `import { DynamicStructuredTool } from '@langchain/core/tools';\nexport const t = new DynamicStructuredTool({ name: 'x', schema, func: async ({ q }) => search(q) });`,
      'langchain-js',
      'search',
    ],
    [
      'LangChain StructuredTool subclass',
      `import { StructuredTool } from '@langchain/core/tools';\nclass Shell extends StructuredTool {\n  name = 'shell';\n  async _call(input: { cmd: string }) { return exec(input.cmd); }\n  helper(x: string) { return search(x); }\n}`,
      'langchain-js',
      'exec',
    ],
  ];
  it.each(tools)('%s', (_name, source, framework, sink) => {
    const f = lower(source);
    const handlers = f.functions.filter((fn) => fn.tool);
    expect(handlers).toHaveLength(1);
    expect(handlers[0]!.tool!.framework).toBe(framework);
    expect(taintKinds(arg(f, sink))).toEqual(['tool-param']);
  });

  it('only the first parameter of a handler is tool input', () => {
    const f = lower(`import { tool } from 'ai';\ntool({ execute: async ({ cmd }, options) => exec(cmd, options) });`);
    expect(taintKinds(arg(f, 'exec', 0))).toEqual(['tool-param']);
    expect(taintKinds(arg(f, 'exec', 1))).toEqual(['param']);
  });

  it('marks a handler passed by name, declared before or after the registration', () => {
    const f = lower(
      [
        `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';`,
        `async function readFileTool({ path }: { path: string }) { return read(path); }`,
        `const server = new McpServer({ name: 'x', version: '1' });`,
        `server.tool('read', {}, readFileTool);`,
        `function setup() { server.tool('write', {}, writeTool); }`,
        `const writeTool = async ({ text }: { text: string }) => write(text);`,
      ].join('\n'),
    );
    expect(f.functions.filter((fn) => fn.tool).map((fn) => fn.name).sort()).toEqual(['readFileTool', 'writeTool']);
    expect(taintKinds(arg(f, 'read'))).toEqual(['tool-param']);
    expect(taintKinds(arg(f, 'write'))).toEqual(['tool-param']);
  });

  it('marks a hoisted function named as the execute option', () => {
    const f = lower(`import { tool } from 'ai';\nexport const t = tool({ description: 'x', execute: runCmd });\nasync function runCmd({ cmd }: { cmd: string }) { return exec(cmd); }`);
    expect(f.functions.find((fn) => fn.name === 'runCmd')!.tool).toEqual({ framework: 'vercel-ai', via: 'ai.tool' });
    expect(taintKinds(arg(f, 'exec'))).toEqual(['tool-param']);
  });

  it('marks a handler registered from a function lowered earlier (second pass)', () => {
    const f = lower(
      [
        `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';`,
        `const server = new McpServer({ name: 'x', version: '1' });`,
        `function handler({ path }: { path: string }) { return read(path); }`,
        `function setup() { server.tool('read', {}, handler); }`,
      ].join('\n'),
    );
    expect(f.functions.find((fn) => fn.name === 'handler')!.tool).toEqual({
      framework: 'mcp-typescript',
      via: '@modelcontextprotocol/sdk/server/mcp.McpServer().tool',
    });
    expect(taintKinds(arg(f, 'read'))).toEqual(['tool-param']);
    expect(f.calls.filter((c) => c.callee === 'read')).toHaveLength(1);
  });

  it('marks tool classes written as class expressions and default exports', () => {
    for (const decl of ['const Shell = class extends StructuredTool', 'export default class extends StructuredTool']) {
      const f = lower(`import { StructuredTool } from '@langchain/core/tools';\n${decl} {\n  async _call(input: string) { return exec(input); }\n}`);
      expect(f.functions.filter((fn) => fn.tool).map((fn) => fn.tool!.via)).toEqual(['@langchain/core/tools.StructuredTool']);
      expect(taintKinds(arg(f, 'exec'))).toEqual(['tool-param']);
    }
  });

  it('does not mark look-alike calls of other modules', () => {
    const f = lower(`import { tool } from './local';\ntool({ execute: async ({ cmd }) => exec(cmd) });`);
    expect(f.functions.some((fn) => fn.tool)).toBe(false);
  });
});

describe('taint sources', () => {
  it('model output of the Vercel AI SDK', () => {
    const f = lower(
      `import { generateText } from 'ai';\nconst result = await generateText({ model, prompt });\nconst code = result.text.trim();\neval(code);\neval(result.toolCalls[0].args.cmd);`,
    );
    expect(taintOf(arg(f, 'eval', 0, 0))).toEqual([{ kind: 'llm-output', name: 'ai.generateText', line: 2 }]);
    expect(taintKinds(arg(f, 'eval', 0, 1))).toEqual(['llm-output']);
  });

  it('model output of the OpenAI client (default and named import)', () => {
    for (const imp of [`import OpenAI from 'openai';`, `import { OpenAI } from 'openai';`]) {
      const f = lower(
        `${imp}\nconst openai = new OpenAI();\nconst completion = await openai.chat.completions.create({ model: 'gpt-4o', messages });\nconst code = completion.choices[0].message.content ?? '';\neval(code);`,
      );
      expect(taintOf(arg(f, 'eval'))).toEqual([{ kind: 'llm-output', name: 'openai.OpenAI().chat.completions.create', line: 3 }]);
    }
  });

  it('model output of the Anthropic client', () => {
    const f = lower(`import Anthropic from '@anthropic-ai/sdk';\nconst client = new Anthropic();\nconst msg = await client.messages.create({});\nexec(msg.content[0].text);`);
    expect(taintKinds(arg(f, 'exec'))).toEqual(['llm-output']);
  });

  it('model output of LangChain chat models', () => {
    const f = lower(`import { ChatOpenAI } from '@langchain/openai';\nconst llm = new ChatOpenAI({});\nconst out = await llm.invoke('hi');\nexec(out.content);`);
    expect(taintKinds(arg(f, 'exec'))).toEqual(['llm-output']);
  });

  it('request input of Express handlers', () => {
    const f = lower(
      `import express from 'express';\nconst app = express();\nlet db;\napp.post('/run', (req, res) => {\n  exec(req.body.cmd);\n  const { q } = req.query;\n  db.query(q);\n  res.send('ok');\n});`,
      'server.js',
    );
    const origins = taintOf(arg(f, 'exec')).filter((t) => t.kind === 'request-input');
    expect(origins).toEqual([{ kind: 'request-input', name: 'req.body', line: 5 }]);
    expect(taintKinds(arg(f, '?.query'))).toContain('request-input');
    expect(taintKinds(arg(f, '?.send'))).toEqual([]);
  });

  it('req.body is not request input without a web framework import', () => {
    const f = lower(`function h(req: any) { exec(req.body.cmd); }`);
    expect(taintKinds(arg(f, 'exec'))).toEqual(['param']);
  });

  it('unknown calls and methods of tainted values stay tainted', () => {
    const f = lower(`import path from 'path';\nimport { tool } from 'ai';\ntool({ execute: async ({ name }) => {\n  const p = path.join(base, name);\n  read(p.toLowerCase(), JSON.parse(name).x);\n} });`);
    expect(taintKinds(arg(f, 'read', 0))).toEqual(['tool-param']);
    expect(taintKinds(arg(f, 'read', 1))).toEqual(['tool-param']);
  });

  it('sanitizers mark the first argument', () => {
    const f = lower(
      `import path from 'node:path';\nimport { tool } from 'ai';\ntool({ execute: async ({ name, n }) => {\n  read(path.join(ROOT, path.basename(name)));\n  query('SELECT ' + Number(n));\n  query('SELECT ' + parseInt(n, 10));\n  read(path.join(ROOT, name));\n} });`,
    );
    expect(rawKinds(arg(f, 'read', 0, 0), 'path-basename')).toEqual([]);
    expect(taintOf(arg(f, 'query', 0, 0))[0]!.sanitized).toEqual(['integer']);
    expect(taintOf(arg(f, 'query', 0, 1))[0]!.sanitized).toEqual(['integer']);
    expect(rawKinds(arg(f, 'read', 0, 1), 'path-basename')).toEqual(['tool-param']);
  });
});

describe('guards', () => {
  const handler = (body: string) =>
    `import fs from 'node:fs';\nimport path from 'node:path';\nimport { tool } from 'ai';\nconst ROOT = '/srv/work';\nconst ALLOWED_HOSTS = ['api.example.com'];\ntool({ execute: async ({ p, u }) => {\n${body}\n} });`;

  const cases: [string, string, SanitizerKind][] = [
    ['resolve + startsWith + throw', `const full = path.resolve(ROOT, p);\nif (!full.startsWith(ROOT + path.sep)) throw new Error('no');\nsink(full); sink(p);`, 'path-contained'],
    ['inline path.resolve(v).startsWith', `if (!path.resolve(p).startsWith(ROOT)) { return 'no'; }\nsink(p); sink(p);`, 'path-contained'],
    ['path.relative check', `const rel = path.relative(ROOT, path.resolve(ROOT, p));\nif (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error('no');\nsink(rel); sink(p);`, 'path-contained'],
    ['negated relative', `if (!path.relative(ROOT, p).startsWith('..')) { sink(p); sink(p); }`, 'path-contained'],
    ['realpathSync', `const real = fs.realpathSync(p);\nif (!real.startsWith(ROOT)) throw new Error('no');\nsink(real); sink(p);`, 'path-contained'],
    ['positive if body', `if (p.startsWith(ROOT)) {\n  sink(p); sink(p);\n}`, 'path-contained'],
    ['boolean variable', `const inside = path.resolve(ROOT, p).startsWith(ROOT);\nif (!inside) throw new Error('no');\nsink(p); sink(p);`, 'path-contained'],
    ['URL allowlist includes', `if (!ALLOWED_HOSTS.includes(new URL(u).hostname)) throw new Error('no');\nsink(u); sink(u);`, 'url-allowlisted'],
    ['URL allowlist set has', `const host = new URL(u).host;\nif (!allowedHosts.has(host)) return;\nsink(u); sink(host);`, 'url-allowlisted'],
    ['check on the input covers values computed from it', `const full = path.join(ROOT, p);\nif (!path.resolve(p).startsWith(ROOT)) throw new Error('no');\nsink(full); sink(p);`, 'path-contained'],
    ['continue in a loop', `for (const q of [p]) {\n  if (!q.startsWith(ROOT)) continue;\n  sink(q); sink(q);\n}`, 'path-contained'],
    ['URL hostname equality', `if (new URL(u).hostname !== 'api.example.com') throw new Error('no');\nsink(u); sink(u);`, 'url-allowlisted'],
  ];
  it.each(cases)('%s', (_name, body, kind) => {
    const f = lower(handler(body));
    const sinks = f.calls.filter((c) => c.callee === 'sink');
    expect(sinks).toHaveLength(2);
    for (const s of sinks) {
      expect(taintKinds(s.args[0]!)).toEqual(['tool-param']);
      expect(rawKinds(s.args[0]!, kind)).toEqual([]);
    }
  });

  it('does not sanitize before the check, outside the checked branch, or for unrelated collections', () => {
    const f = lower(
      handler(
        [
          `sink(p);`,
          `if (p.startsWith(ROOT)) { other(p); }`,
          `sink(p);`,
          `if (!HOSTS.includes(new URL(u).hostname)) throw new Error('no');`,
          `sink(u);`,
          `if (!p.startsWith(ROOT)) log('outside');`,
          `sink(p);`,
        ].join('\n'),
      ),
    );
    for (const s of f.calls.filter((c) => c.callee === 'sink')) {
      expect(rawKinds(s.args[0]!, 'path-contained')).toEqual(['tool-param']);
      expect(rawKinds(s.args[0]!, 'url-allowlisted')).toEqual(['tool-param']);
    }
    expect(rawKinds(arg(f, 'other'), 'path-contained')).toEqual([]);
  });
});

describe('string facts', () => {
  it('collects constants of 8+ characters with the name they are bound to', () => {
    const f = lower(
      [
        `const API_KEY = 'sk-1234567890abcdef';`,
        `const config = { apiKey: 'abcdefgh12345678', 'x-token': \`tok_abcdefgh\`, short: 'abc' };`,
        `class C {`,
        `  secret = 'field-secret-value';`,
        `  constructor() { this.token = 'assigned-token-1'; }`,
        `}`,
        `function f(password = 'default-password') {}`,
        `log('message without a name');`,
        `const fromEnv = process.env.KEY ?? 'fallback-secret';`,
        `const tpl = \`has \${hole} inside it\`;`,
      ].join('\n'),
    );
    expect(f.strings.map((s) => [s.name, s.value])).toEqual([
      ['API_KEY', 'sk-1234567890abcdef'],
      ['apiKey', 'abcdefgh12345678'],
      ['x-token', 'tok_abcdefgh'],
      ['secret', 'field-secret-value'],
      ['token', 'assigned-token-1'],
      ['password', 'default-password'],
      [undefined, 'message without a name'],
      // the default of an environment variable is named by the variable, as Python's `os.getenv("KEY", "…")` is
      ['KEY', 'fallback-secret'],
    ]);
    expect(f.strings[0]!.range).toEqual({ line: 1, column: 17, endLine: 1, endColumn: 38 });
  });

  it('ignores module specifiers and directives', () => {
    const f = lower(`'use strict';\nconst cp = require('child_process');\nconst m = await import('node:child_process');`, 'a.js');
    expect(f.strings).toEqual([]);
  });
});

describe('parsing', () => {
  it('parses TSX with generics and JSX', () => {
    const f = lower(`import React from 'react';\nexport function List<T>({ items }: { items: T[] }) {\n  return <ul>{items.map((i) => <li key={String(i)}>{render(i)}</li>)}</ul>;\n}`, 'list.tsx');
    expect(f.problems).toEqual([]);
    expect(f.calls.map((c) => c.callee)).toEqual(['?.map', 'String', 'render']);
  });

  it('parses JSX in .js and .jsx files', () => {
    for (const file of ['view.js', 'view.jsx']) {
      const f = lower(`export const View = () => <div title="a long title">{load()}</div>;`, file);
      expect(f.problems).toEqual([]);
      expect(f.calls.map((c) => c.callee)).toEqual(['load']);
      expect(f.strings.map((s) => [s.name, s.value])).toEqual([['title', 'a long title']]);
    }
  });

  it('parses type assertions in .ts files', () => {
    const f = lower(`const x = <string>load();\nexec(x);`, 'a.ts');
    expect(f.problems).toEqual([]);
    expect(f.calls.map((c) => c.callee)).toEqual(['load', 'exec']);
  });

  it('parses extension-less scripts by language', () => {
    const f = analyzeJavaScript('bin/tool', `#!/usr/bin/env node\nrequire('child_process').execSync(cmd);`, 'javascript');
    expect(f.problems).toEqual([]);
    expect(f.calls.map((c) => c.callee)).toContain('child_process.execSync');
  });

  it('reports a syntax error as one problem and no other facts', () => {
    const f = lower(`import cp from 'child_process';\ncp.exec('ls');\nconst = 1;\n`);
    expect(f.problems).toHaveLength(1);
    expect(f.problems[0]!.range).toMatchObject({ line: 3, column: 7 });
    expect(f.problems[0]!.message).toMatch(/expected/i);
    expect(f.imports).toEqual([]);
    expect(f.calls).toEqual([]);
    expect(f.functions).toEqual([]);
    expect(f.strings).toEqual([]);
  });

  it('counts columns in UTF-16 code units after non-ASCII text', () => {
    const f = lower(`const s = 'héllo 😀 wörld'; exec(s);\r\nconst t = '日本語'; run(t);`);
    expect(callOf(f, 'exec').range).toEqual({ line: 1, column: 29, endLine: 1, endColumn: 36 });
    expect(callOf(f, 'run').range).toEqual({ line: 2, column: 18, endLine: 2, endColumn: 24 });
    expect(f.strings[0]!.range).toEqual({ line: 1, column: 11, endLine: 1, endColumn: 27 });
  });

  it('handles CRLF and multi-line ranges', () => {
    const f = lower(`run(\r\n  'a',\r\n  'b'\r\n);`);
    expect(callOf(f, 'run').range).toEqual({ line: 1, column: 1, endLine: 4, endColumn: 2 });
  });
});

describe('agent shapes', () => {
  it('LangGraph.js nodes receive untrusted state, also in chained addNode calls', () => {
    const f = lower(
      [
        "import { StateGraph } from '@langchain/langgraph';",
        'function act(state) { run(state.command); }',
        "new StateGraph({}).addNode('act', act).addNode('b', async (s) => { run(s.code); });",
      ].join('\n'),
    );
    expect(taintKinds(arg(f, 'run', 0, 0))).toEqual(['tool-param']);
    expect(taintKinds(arg(f, 'run', 0, 1))).toEqual(['tool-param']);
  });

  it('tool-call arguments chosen by a model are untrusted, whatever the receiver', () => {
    const f = lower('async function handle(call) { const a = JSON.parse(call.function.arguments); db.query(a.sql); }');
    expect(taintKinds(arg(f, 'db.query'))).toEqual(['llm-output']);
  });
});

describe('helpers from other modules named for what they check', () => {
  it('validatePath / sanitizeUrl results are contained / allowlisted; other helpers are not', () => {
    const f = lower(
      [
        "import { validatePath, sanitizeUrl, loadPath } from './lib.js';",
        "import { tool } from 'ai';",
        'export const t = tool({ execute: async ({ p, u }) => { read(await validatePath(p)); get(sanitizeUrl(u)); read(loadPath(p)); } });',
      ].join('\n'),
    );
    expect(rawKinds(arg(f, 'read', 0, 0), 'path-contained')).toEqual([]);
    expect(rawKinds(arg(f, 'get'), 'url-allowlisted')).toEqual([]);
    expect(rawKinds(arg(f, 'read', 0, 1), 'path-contained')).toEqual(['tool-param']);
  });
});

describe('Vercel AI SDK tools given as plain objects', () => {
  it('the execute of every entry of `tools` is a tool handler', () => {
    const f = lower(
      [
        "import { generateText } from 'ai';",
        'export async function ask(prompt) {',
        '  return generateText({ prompt, tools: { calc: { description: "calc", execute: async ({ expression }) => run(expression) } } });',
        '}',
      ].join('\n'),
    );
    expect(taintKinds(arg(f, 'run'))).toEqual(['tool-param']);
  });
});

describe('what functions of the file return', () => {
  it('a call of a helper is its return value, with the call\'s arguments for its parameters', () => {
    const f = lower(
      [
        "const BASE = 'https://api.example.com';",
        'const urlFor = (kind) => `${BASE}/${kind}`;',
        "function purgeSql(table) { return 'DELETE FROM ' + table; }",
        'function pick({ sql }) { return sql; }',
        'export async function go(input) {',
        "  fetch(urlFor('news'));",
        '  db.query(purgeSql(input));',
        '  db.query(pick(input));',
        '}',
      ].join('\n'),
    );
    expect(arg(f, 'fetch')).toEqual({ kind: 'const', value: 'https://api.example.com/news' });
    expect(text(arg(f, 'db.query', 0, 0))).toBe('DELETE FROM __agentos_hole_0__');
    expect(taintKinds(arg(f, 'db.query', 0, 0))).toEqual(['param']);
    // a destructured parameter is a part of the argument: its taint flows, the argument itself does not stand in
    expect(arg(f, 'db.query', 0, 1).kind).toBe('unknown');
    expect(taintKinds(arg(f, 'db.query', 0, 1))).toEqual(['param']);
  });
});

describe('Next.js route handlers', () => {
  it('parameters of GET/POST/... exported from a route file are request input; elsewhere they are not', () => {
    const src = [
      'export async function POST(req) { run(await req.json()); }',
      'export const GET = async (req, { params }) => { run(params.file); };',
      'export function helper(x) { run(x); }',
    ].join('\n');
    const route = lower(src, 'app/api/q/route.ts');
    expect([0, 1, 2].map((n) => taintKinds(arg(route, 'run', 0, n)))).toEqual([['request-input'], ['request-input'], ['param']]);
    const other = lower(src, 'app/api/q/handlers.ts');
    expect([0, 1].map((n) => taintKinds(arg(other, 'run', 0, n)))).toEqual([['param'], ['param']]);
  });
});

describe('URL objects whose host is set to a constant', () => {
  it('a request URL re-pointed at a fixed host is allowlisted', () => {
    const f = lower(["export async function h(request) {", "  const url = new URL(request.url);", "  url.host = 'api.example.com';", '  return fetch(url.toString());', '}'].join('\n'));
    expect(taintKinds(arg(f, 'fetch'))).toEqual(['param']);
    expect(rawKinds(arg(f, 'fetch'), 'url-allowlisted')).toEqual([]);
  });
});
