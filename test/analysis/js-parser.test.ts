/**
 * The two JavaScript / TypeScript parsers (`AGENTOS_JS_PARSER`): the front end draws the same
 * facts from either, on thousands of real files (the JavaScript and TypeScript of packages in
 * this install, and every rule example).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyzeJavaScript } from '../../src/analysis/javascript.js';
import { loadOxcParser, parseJavaScriptSource, requestedJsParser } from '../../src/analysis/js-parser.js';
import { runCli, tempProject } from '../helpers/cli.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const CODE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const DECLARATIONS = /\.d\.[cm]?ts$/;

function codeFiles(dir: string, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    const p = path.join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) codeFiles(p, out);
    else if (CODE.test(name) && !DECLARATIONS.test(name) && st.size < 400_000) out.push(p);
  }
  return out;
}

/** Published JavaScript and TypeScript sources, compiled and hand-written, present in every install of this project. */
const PACKAGES = ['openai', '@langchain/core/dist', 'zod', '@modelcontextprotocol/sdk/dist/esm', 'ajv/dist', 'yaml/dist', 'ai/dist'];

const languageOf = (file: string) => (/\.[cm]?tsx?$/.test(file) ? 'typescript' : 'javascript');
const factsWith = (parser: string, file: string, source: string) => {
  process.env.AGENTOS_JS_PARSER = parser;
  try {
    return analyzeJavaScript(file, source, languageOf(file));
  } finally {
    delete process.env.AGENTOS_JS_PARSER;
  }
};

beforeAll(loadOxcParser);
afterEach(() => {
  delete process.env.AGENTOS_JS_PARSER;
});

describe('AGENTOS_JS_PARSER', () => {
  it('oxc and typescript-estree give identical facts on thousands of real files', () => {
    const files = [...PACKAGES.flatMap((p) => codeFiles(path.join(root, 'node_modules', p))), ...codeFiles(path.join(root, 'rules')).filter((f) => f.includes('.example.'))];
    expect(files.length).toBeGreaterThan(2000);
    const differing: string[] = [];
    let calls = 0;
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const a = factsWith('typescript-estree', file, source);
      const b = factsWith('oxc', file, source);
      calls += a.calls.length;
      expect(a.problems).toEqual([]); // published code parses; a syntax error here would hide differences
      if (JSON.stringify(a) !== JSON.stringify(b)) differing.push(path.relative(root, file));
    }
    expect(calls).toBeGreaterThan(50_000);
    expect(differing).toEqual([]);
  }, 600_000);

  it('a syntax error is a problem at the same place with either parser', () => {
    for (const [file, source, line] of [
      ['a.ts', 'const x = 1;\nconst y = ;\n', 2],
      ['b.js', 'let a = 1;\n\nlet a b = 2;\n', 3],
      ['c.tsx', 'const el = <div>{x</div>;\n', 1],
    ] as const) {
      const a = factsWith('typescript-estree', file, source).problems;
      const b = factsWith('oxc', file, source).problems;
      expect(a.length).toBe(1);
      expect(b.length).toBe(1);
      expect([a[0]!.range.line, b[0]!.range.line]).toEqual([line, line]);
    }
  });

  it('the dialect comes from the extension: JSX in .js and .tsx, type assertions in .ts', () => {
    for (const parser of ['typescript-estree', 'oxc']) {
      expect(factsWith(parser, 'a.js', 'const el = <b title={eval(x)} />;\n').calls.map((c) => c.callee)).toContain('eval');
      expect(factsWith(parser, 'a.ts', 'const y = <string>eval(x);\n').calls.map((c) => c.callee)).toContain('eval');
    }
    expect(() => parseJavaScriptSource('const y = <string>eval(x);\n', 'a.tsx', { AGENTOS_JS_PARSER: 'oxc' })).toThrow();
  });

  it('a `return` outside functions parses with either parser, as TypeScript accepts it', () => {
    const source = "const cp = require('child_process');\nif (!process.argv[2]) return;\ncp.exec(process.argv[2]);\n";
    const a = factsWith('typescript-estree', 'cli.js', source);
    expect(a.problems).toEqual([]);
    expect(a.calls.map((c) => c.callee)).toContain('child_process.exec');
    expect(factsWith('oxc', 'cli.js', source)).toEqual(a);
  });

  it('an unknown value is named, and the CLI reports the files as not analyzed', () => {
    expect(requestedJsParser({})).toBe('typescript-estree');
    expect(requestedJsParser({ AGENTOS_JS_PARSER: 'OXC' })).toBe('oxc');
    expect(() => requestedJsParser({ AGENTOS_JS_PARSER: 'babel' })).toThrow('AGENTOS_JS_PARSER=babel: expected typescript-estree or oxc');
    const dir = tempProject({ 'a.ts': 'eval(process.argv[2]!);\n' });
    const bad = runCli(['check', '--format', 'json'], { cwd: dir, env: { AGENTOS_JS_PARSER: 'babel' } });
    expect(bad.stdout + bad.stderr).toContain('AGENTOS_JS_PARSER=babel: expected typescript-estree or oxc');
    const oxc = runCli(['check', '--format', 'json'], { cwd: dir, env: { AGENTOS_JS_PARSER: 'oxc' } });
    const estree = runCli(['check', '--format', 'json'], { cwd: dir, env: { AGENTOS_JS_PARSER: 'typescript-estree' } });
    expect(oxc.code).toBe(1);
    expect(JSON.parse(oxc.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['code-eval']);
    expect(JSON.parse(oxc.stdout).findings).toEqual(JSON.parse(estree.stdout).findings);
  });
});
