/**
 * The JavaScript / TypeScript parsers (`AGENTOS_JS_PARSER`): the front end draws the same facts
 * from oxc-parser (the default, native), its WebAssembly build and typescript-estree, on
 * thousands of real files (the JavaScript and TypeScript of packages in this install, and
 * every rule example); broken files are not analyzed with either, each saying where.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyzeJavaScript } from '../../src/analysis/javascript.js';
import { loadOxcParser, nestingEstimate, OXC_MAX_NESTING, parseJavaScriptSource, requestedJsParser } from '../../src/analysis/js-parser.js';
import { runCli, tempProject } from '../helpers/cli.js';
import { filesUnder } from '../helpers/files.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const CODE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const DECLARATIONS = /\.d\.[cm]?ts$/;

const codeFiles = (dir: string): string[] => filesUnder(dir, (name, size) => CODE.test(name) && !DECLARATIONS.test(name) && size < 400_000);

/** Published JavaScript and TypeScript sources, compiled and hand-written, present in every install of this project. */
const PACKAGES = ['openai', '@langchain/core/dist', 'zod', '@modelcontextprotocol/sdk/dist/esm', 'ajv/dist', 'yaml/dist', 'ai/dist'];

const languageOf = (file: string) => (/\.[cm]?tsx?$/.test(file) ? 'typescript' : 'javascript');
const realFiles = () => [...PACKAGES.flatMap((p) => codeFiles(path.join(root, 'node_modules', p))), ...codeFiles(path.join(root, 'rules')).filter((f) => f.includes('.example.'))];
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
  /** The files whose facts differ between two parsers, and how many calls the first found. */
  const compare = (files: string[], first: string, second: string) => {
    const differing: string[] = [];
    let calls = 0;
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const a = factsWith(first, file, source);
      const b = factsWith(second, file, source);
      calls += a.calls.length;
      expect(a.problems).toEqual([]); // published code parses; a syntax error here would hide differences
      if (JSON.stringify(a) !== JSON.stringify(b)) differing.push(path.relative(root, file));
    }
    return { differing, calls };
  };

  it('oxc and typescript-estree give identical facts on thousands of real files', () => {
    const files = realFiles();
    expect(files.length).toBeGreaterThan(2000);
    const { differing, calls } = compare(files, 'typescript-estree', 'oxc');
    expect(calls).toBeGreaterThan(50_000);
    expect(differing).toEqual([]);
  }, 600_000);

  it('the WebAssembly build of oxc-parser gives the facts of the native one on real files', () => {
    // every fourth package file (about 560) and every rule example: the build is about 1.5 times slower
    const files = realFiles().filter((f, i) => i % 4 === 0 || f.includes(`${path.sep}rules${path.sep}`));
    expect(files.length).toBeGreaterThan(500);
    const { differing, calls } = compare(files, 'oxc', 'oxc-wasm');
    expect(calls).toBeGreaterThan(10_000);
    expect(differing).toEqual([]);
  }, 600_000);

  /**
   * Broken files: both parsers report one syntax error, so the file is not analyzed. The line
   * is the same in these cases but one (an unclosed comment: TypeScript names the end of the
   * file, oxc the comment's start); columns differ by one in a few, and the messages always
   * differ (TypeScript's diagnostics against oxc's own).
   */
  const BROKEN: { file: string; source: string; estree: [number, number]; oxc: [number, number] }[] = [
    { file: 'a.ts', source: 'const x = 1;\nconst y = ;\n', estree: [2, 11], oxc: [2, 11] },
    { file: 'b.js', source: 'let a = 1;\n\nlet a b = 2;\n', estree: [3, 7], oxc: [3, 6] },
    { file: 'c.tsx', source: 'const el = <div>{x</div>;\n', estree: [1, 19], oxc: [1, 20] },
    { file: 'd.js', source: 'function f() {\n  return 1;\n\n', estree: [4, 1], oxc: [4, 1] },
    { file: 'e.ts', source: 'class A {\n  m( {\n  }\n}\n', estree: [4, 1], oxc: [4, 1] },
    { file: 'f.js', source: 'const s = "unterminated;\nfoo();\n', estree: [1, 25], oxc: [1, 11] },
    { file: 'g.js', source: 'const t = `abc ${x\n', estree: [2, 1], oxc: [2, 1] },
    { file: 'h.ts', source: 'let x: = 3;\n', estree: [1, 8], oxc: [1, 8] },
    { file: 'i.js', source: 'if (a) {\n  b();\n} else {\n  c();\n}}\n', estree: [5, 2], oxc: [5, 2] },
    { file: 'j.js', source: 'import { a from "b";\n', estree: [1, 12], oxc: [1, 12] },
    { file: 'k.mjs', source: 'await 1;\nconst 1x = 2;\n', estree: [2, 8], oxc: [2, 8] },
    { file: 'm.ts', source: 'enum E { A = , B }\n', estree: [1, 14], oxc: [1, 14] },
    { file: 'n.js', source: '/* never closed\nfoo();\n', estree: [3, 1], oxc: [1, 1] },
    { file: 'o.jsx', source: 'const el = <a><b></a>;\n', estree: [1, 16], oxc: [1, 20] },
    { file: 'p.js', source: 'x = {a: 1,, b: 2};\n', estree: [1, 11], oxc: [1, 11] },
  ];

  it('a broken file is one syntax error with either parser, at the lines and columns listed', () => {
    for (const { file, source, estree, oxc } of BROKEN) {
      const a = factsWith('typescript-estree', file, source);
      const b = factsWith('oxc', file, source);
      expect([a.problems.length, b.problems.length], file).toEqual([1, 1]);
      expect([a.calls, b.calls], file).toEqual([[], []]);
      expect([a.problems[0]!.range.line, a.problems[0]!.range.column], `${file} typescript-estree`).toEqual(estree);
      expect([b.problems[0]!.range.line, b.problems[0]!.range.column], `${file} oxc`).toEqual(oxc);
      expect(a.problems[0]!.message).not.toBe(b.problems[0]!.message);
    }
  });

  it('the CLI names every broken file as not analyzed, with its line, and fails the gate with either parser', () => {
    const dir = tempProject(Object.fromEntries(BROKEN.map((b) => [b.file, b.source])));
    for (const parser of ['oxc', 'typescript-estree'] as const) {
      const run = runCli(['check', '--no-cache', '--format', 'json'], { cwd: dir, env: { AGENTOS_JS_PARSER: parser, CI: 'true' } });
      expect(run.code, run.stderr).toBe(1);
      const errors = (JSON.parse(run.stdout) as { errors: { file: string; message: string }[] }).errors;
      expect(errors.map((e) => e.file).sort()).toEqual(BROKEN.map((b) => b.file).sort());
      for (const b of BROKEN) {
        const [line, column] = parser === 'oxc' ? b.oxc : b.estree;
        expect(errors.find((e) => e.file === b.file)!.message).toMatch(new RegExp(`^syntax error at line ${line}, column ${column}: `));
      }
    }
  });

  /** Shapes that make a recursive-descent parser recurse once per level, `depth` levels deep, around `execSync(q)`. */
  const DEEP: Record<string, (depth: number) => string> = {
    parentheses: (n) => `execSync(${'('.repeat(n)}q${')'.repeat(n)});`,
    blocks: (n) => `${'{'.repeat(n)}execSync(q);${'}'.repeat(n)}`,
    ifs: (n) => `${'if (a) '.repeat(n)}execSync(q);`,
    'else-if chain': (n) => `if (a) { b(); }${' else if (a) { b(); }'.repeat(n)} else { execSync(q); }`,
    conditionals: (n) => `execSync(${'a ? b : '.repeat(n)}q);`,
    arrows: (n) => `const g = ${'(a) => '.repeat(n)}execSync(q);`,
  };

  it('nesting that could overflow oxc-parser\'s native stack is told from real code, which stays far below the bound', () => {
    for (const [shape, make] of Object.entries(DEEP)) {
      expect(nestingEstimate(make(OXC_MAX_NESTING + 1)), shape).toBeGreaterThan(OXC_MAX_NESTING);
      expect(nestingEstimate(make(50)), shape).toBeLessThan(OXC_MAX_NESTING);
    }
    // brackets in strings and comments do not count
    expect(nestingEstimate(`const s = "${'('.repeat(5000)}"; // ${'['.repeat(5000)}\n/* ${'{'.repeat(5000)} */ f(s);\n`)).toBe(1);
    let deepest = 0;
    for (const file of realFiles()) deepest = Math.max(deepest, nestingEstimate(readFileSync(file, 'utf8')));
    expect(deepest).toBeLessThan(OXC_MAX_NESTING / 5);
  });

  it('the nesting scan counts the tokens one regular expression over comments, strings, brackets and keywords matches', () => {
    // the definition the character scan implements: each match of this expression, left to right
    const TOKENS = /\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|"(?:[^"\\\n]|\\[\s\S])*"?|'(?:[^'\\\n]|\\[\s\S])*'?|[([{]|[)\]}]|;|\?\?|\?\.(?!\d)|\?|=>|\b(?:if|for|while|do|with|else)\b/g;
    const byExpression = (source: string) => {
      let depth = 0;
      let run = 0;
      let elses = 0;
      let max = 0;
      for (const [t] of source.matchAll(TOKENS)) {
        if ('([{'.includes(t)) depth++;
        else if (')]}'.includes(t)) depth = Math.max(depth - 1, 0);
        else if (t === ';') run = 0;
        else if (t === 'else') elses++;
        else if (t === '?' || t === '=>' || /^[a-z]/.test(t)) run++;
        else continue;
        max = Math.max(max, depth + run);
      }
      return Math.max(max, elses);
    };
    const pieces = ['(', ')', '[', ']', '{', '}', ';', '?', '??', '?.', '?.5', '=>', '=', 'if', 'else', 'do', 'for', 'with', 'while', 'iff', 'xif', '_do', 'do1', '"', "'", '\\', '\n', '/', '//', '/*', '*/', ' ', 'a', '$', 'é', '`'];
    let seed = 7;
    const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) % n;
    const sources = realFiles().map((f) => readFileSync(f, 'utf8'));
    for (let k = 0; k < 20_000; k++) sources.push(Array.from({ length: 1 + random(30) }, () => pieces[random(pieces.length)]).join(''));
    const differ = sources.filter((s) => nestingEstimate(s) !== byExpression(s));
    expect(differ.slice(0, 3)).toEqual([]);
  });

  it('a file nested 8,000 levels deep is analyzed with the default parser, never crashing the process', () => {
    // each of these shapes crashes oxc-parser on Node's main thread at 8,000 levels (arrows are left out:
    // 8,000 nested functions take the front end 20 s)
    const files = Object.fromEntries(
      Object.entries(DEEP)
        .filter(([shape]) => shape !== 'arrows')
        // (the short lines after it keep the file from reading as minified, which is skipped as generated code)
        .map(([shape, make]) => [`${shape.replace(/\W/g, '-')}.js`, `const { execSync } = require('child_process');\nconst q = process.argv[2];\n${make(8_000)}\n${'// -\n'.repeat(500)}`]),
    );
    const dir = tempProject(files);
    const run = runCli(['check', '--no-cache', '--format', 'json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(1); // oxc-parser overflowing its stack would be SIGSEGV: no exit code at all
    const out = JSON.parse(run.stdout) as { findings: { file: string; line: number; ruleId: string }[]; errors: unknown[] };
    expect(out.errors).toEqual([]);
    expect(out.findings.filter((f) => f.ruleId === 'subprocess-shell').map((f) => `${f.file}:${f.line}`).sort()).toEqual(Object.keys(files).map((f) => `${f}:3`).sort());
  }, 300_000);

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
    expect(requestedJsParser({})).toBe('oxc');
    expect(requestedJsParser({ AGENTOS_JS_PARSER: 'OXC' })).toBe('oxc');
    expect(requestedJsParser({ AGENTOS_JS_PARSER: 'oxc-wasm' })).toBe('oxc-wasm');
    expect(requestedJsParser({ AGENTOS_JS_PARSER: 'typescript-estree' })).toBe('typescript-estree');
    expect(() => requestedJsParser({ AGENTOS_JS_PARSER: 'babel' })).toThrow('AGENTOS_JS_PARSER=babel: expected oxc, oxc-wasm or typescript-estree');
    const dir = tempProject({ 'a.ts': 'eval(process.argv[2]!);\n' });
    const bad = runCli(['check', '--no-cache', '--format', 'json'], { cwd: dir, env: { AGENTOS_JS_PARSER: 'babel' } });
    expect(bad.stdout + bad.stderr).toContain('AGENTOS_JS_PARSER=babel: expected oxc, oxc-wasm or typescript-estree');
    const runs = ['', 'oxc', 'oxc-wasm', 'typescript-estree'].map((parser) => runCli(['check', '--no-cache', '--format', 'json'], { cwd: dir, env: { AGENTOS_JS_PARSER: parser } }));
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout).findings).toEqual(JSON.parse(runs[0]!.stdout).findings);
    }
    expect(JSON.parse(runs[0]!.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['code-eval']);
  });

  it('without the native binding, oxc-parser runs as WebAssembly; without either, typescript-estree parses, after one line on stderr', () => {
    const dir = tempProject({ 'a.ts': 'eval(process.argv[2]!);\n', 'b.js': "require('child_process').exec(process.argv[2]);\n" });
    // without the result cache: every run must parse the files itself
    const check = ['check', '--format', 'json', '--no-cache'];
    const expected = runCli(check, { cwd: dir });
    expect(expected.code).toBe(1);
    // oxc-parser's loader (napi-rs) takes its native binding from this path when it is set: here nothing is there
    const noNative = { NAPI_RS_NATIVE_LIBRARY_PATH: path.join(dir, 'missing.node') };
    const wasm = runCli(check, { cwd: dir, env: noNative });
    expect(wasm.stderr).toBe(''); // no notice, and no ExperimentalWarning about WASI from Node 20
    expect(JSON.parse(wasm.stdout).findings).toEqual(JSON.parse(expected.stdout).findings);
    // ...and with only a WebAssembly flavour that is not installed allowed, oxc-parser does not load at all
    const neither = runCli(check, { cwd: dir, env: { ...noNative, NAPI_RS_WASI_FLAVOR: 'wasm32-wasip1' } });
    expect(neither.stderr).toMatch(/^agentos: oxc-parser does not load here \(.+\); JavaScript and TypeScript are parsed with typescript-estree\n$/);
    expect(neither.code).toBe(1);
    expect(JSON.parse(neither.stdout).findings).toEqual(JSON.parse(expected.stdout).findings);
  });
});
