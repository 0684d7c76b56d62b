/**
 * The Python parsers (`AGENTOS_PY_PARSER`): the hand-written parser builds tree-sitter-python's
 * tree, node for node (types, fields, offsets, comments), and the front end draws the same facts
 * from it, on every rule example and on the Python standard library of the machine's python3;
 * what it declines (syntax errors, Python 2, deep nesting) tree-sitter parses as before.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileFacts } from '../../src/analysis/facts.js';
import { treeDifference } from '../../src/analysis/pyparse/compare.js';
import { parsePythonSource, requestedPyParser } from '../../src/analysis/pyparse/index.js';
import { Decline, parsePython } from '../../src/analysis/pyparse/parser.js';
import { analyzePython } from '../../src/analysis/python.js';
import { parseSource } from '../../src/analysis/treesitter.js';
import { runCli, tempProject } from '../helpers/cli.js';
import { filesUnder } from '../helpers/files.js';

const root = path.resolve(import.meta.dirname, '..', '..');

const pyFiles = (dir: string): string[] => filesUnder(dir, (name, size) => name.endsWith('.py') && size < 1_000_000, new Set(['site-packages', 'dist-packages', '__pycache__']));

const factsWith = async (parser: string, file: string, source: string): Promise<FileFacts> => {
  process.env.AGENTOS_PY_PARSER = parser;
  try {
    return await analyzePython(file, source);
  } finally {
    delete process.env.AGENTOS_PY_PARSER;
  }
};

afterEach(() => {
  delete process.env.AGENTOS_PY_PARSER;
});

/** Each file parsed by both: the files whose trees differ, those the fast parser declined, those tree-sitter finds broken. */
async function compareTrees(files: string[]) {
  const differing: string[] = [];
  const declined: string[] = [];
  let broken = 0;
  let nodes = 0;
  const count = (n: { children: unknown[] }): number => n.children.reduce<number>((s, c) => s + count(c as { children: unknown[] }), 1);
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const ts = await parseSource('python', source);
    if (ts.errors.length) {
      broken++;
      expect(() => parsePython(source), `${file} has syntax errors for tree-sitter`).toThrow(Decline);
      continue;
    }
    let fast;
    try {
      fast = parsePython(source);
    } catch (err) {
      expect(err, file).toBeInstanceOf(Decline);
      declined.push(file);
      continue;
    }
    nodes += count(fast);
    const d = treeDifference(ts.root, fast, source);
    if (d) differing.push(`${path.relative(root, file)}: ${d}`);
  }
  return { differing, declined, broken, nodes };
}

describe('AGENTOS_PY_PARSER', () => {
  const examples = readdirSync(path.join(root, 'rules'))
    .filter((f) => f.endsWith('.example.py'))
    .map((f) => path.join(root, 'rules', f));

  it('the fast parser builds tree-sitter\'s tree, and the front end the same facts, on every rule example', async () => {
    expect(examples.length).toBeGreaterThan(10);
    const { differing, declined } = await compareTrees(examples);
    expect(declined).toEqual([]);
    expect(differing).toEqual([]);
    for (const file of examples) {
      const source = readFileSync(file, 'utf8');
      expect(await factsWith('agentos', file, source), file).toEqual(await factsWith('tree-sitter', file, source));
    }
  });

  it('builds tree-sitter\'s tree on the Python standard library, declining few files; the facts agree', async () => {
    const stdlib = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
    const files = pyFiles(stdlib);
    expect(files.length).toBeGreaterThan(500);
    const { differing, declined, broken, nodes } = await compareTrees(files);
    expect(nodes).toBeGreaterThan(1_000_000);
    expect(differing).toEqual([]);
    // the declines are newer syntax (type parameters, `except*`) and tree-sitter quirks
    expect(declined.length).toBeLessThan((files.length - broken) / 20);
    // the facts of one file in five (the lowering of every file would double the time)
    const factsDiffer: string[] = [];
    let calls = 0;
    for (const file of files.filter((_, i) => i % 5 === 0)) {
      const source = readFileSync(file, 'utf8');
      const a = await factsWith('tree-sitter', file, source);
      const b = await factsWith('agentos', file, source);
      calls += a.calls.length;
      if (JSON.stringify(a) !== JSON.stringify(b)) factsDiffer.push(file);
    }
    expect(calls).toBeGreaterThan(10_000);
    expect(factsDiffer).toEqual([]);
  }, 600_000);

  /** Shapes where tree-sitter's tree is not the obvious one; the fast parser reproduces each. */
  const QUIRKS: Record<string, string> = {
    'a union type only when the first operand is generic': 'def f(a: str | list[str], b: List[int] | None, c: dict[str, Any] | Meta | None, d: A[x] | B[y] | C) -> Optional[Dict[str, int]]: pass\n',
    '& binds looser than ^': 'x = a & b ^ c | d\n',
    'a comment indented as the block stays in it, a dedented one leaves it': 'def f():\n    x = 1  # a\n    # b\n  # c\n# d\ny = 2\n',
    'comments before the first statement belong to the definition': 'def f():  # c\n    # d\n    return 1\n@dec  # e\ndef g(): pass\n',
    'a line continuation is a node, except right before a string': 'x = 1 + \\\n  2\nassert x, \\\n    "message"\ny = 3\\\n\n',
    'parenthesized with items, and a parenthesized single item': 'with (open(a) as f, b as c):\n    pass\nwith (a):\n    pass\nwith (a, b):\n    pass\n',
    'f-strings: escapes, doubled braces, conversions, nested format specifiers and strings': 'x = f"a{x!r:>{w}} {{ \\n {y=} {z:%Y-%m} {d["k"]} {f\'{q}\'}" rf"\\d{v}"\n',
    'parenthesized targets are tuple patterns': '(a) = 1\n[(a), b] = c\nfor (a, b) in x: pass\n*a, b = c\n',
    'relative imports with an ellipsis token': 'from ... import x\nfrom .... import y\nfrom ...a import (z as w,)\nfrom __future__ import annotations\n',
    'CRLF line ends and a comment at the end of the file': 'if a:\r\n    b()  # x\r\n# y\r\n',
    'an empty file and a blank one': '\n',
    'a line continuation inside `is not` or `not in` is in no node': 'if a is \\\n        not None and b not \\\n in c: pass\n',
  };

  it('reproduces tree-sitter\'s tree where it is not the obvious one', async () => {
    for (const [what, source] of Object.entries(QUIRKS)) {
      const ts = await parseSource('python', source);
      expect(ts.errors, what).toEqual([]);
      expect(treeDifference(ts.root, parsePython(source), source), what).toBeUndefined();
    }
    const empty = await parseSource('python', '');
    expect(treeDifference(empty.root, parsePython(''), '')).toBeUndefined();
  });

  /** `match` statements: every kind of pattern, comments among the cases, and `match`/`case` as plain names. */
  const MATCH = [
    'match command.split():',
    '    case [action]:',
    '        pass',
    '    case [action, obj]:  # c1',
    '        pass',
    '    case Point(x=0, y=0) | Point(1, 2):',
    '        print("Origin")',
    '    case {"x": 1, **rest}:',
    '        pass',
    '    case (1 | 2) as n if n > 0:',
    '        pass',
    '    case _:',
    '        pass',
    'match x, y:  # subjects',
    '    # before the first case',
    '    case 1, 2:',
    '        pass',
    '    case -1 | 1.5 | -2+3j | 1-2j | "a" "b" | b"x" | None | True | False:',
    '        pass',
    '    case a.b.c | [*_, last] | (a, *rest,) | () | [] | {} | str() | bytes():',
    '        pass',
    '    case {Color.RED: 1, None: x, True: [y], "s" "t": z, **kw}:',
    '        pass',
    '    case Point(x=_, y=[1, *_]) | Point(x=-1, y={"k": v}) as p if p:',
    '        pass',
    '',
    '    # between cases',
    '    case mod.Cls(',
    '        a,  # inside a pattern',
    '        b=2,',
    '    ):',
    '        match y:',
    '            case [',
    '                1,',
    '            ]:',
    '                return 1',
    '            case _: return 2',
    '    case [a as b, (c)] as e: x = 1; y = 2',
    'match x if y else -x,:',
    '    case 0:',
    '        pass',
    'match = {}',
    'match[x] = y',
    'match: int = 3',
    'match(x)',
    'match.append(1)',
    'case = 1',
    'case(x)',
    '',
  ].join('\n');

  it('builds tree-sitter\'s tree for match statements, and the same facts', async () => {
    const ts = await parseSource('python', MATCH);
    expect(ts.errors).toEqual([]);
    expect(treeDifference(ts.root, parsePython(MATCH), MATCH)).toBeUndefined();
    expect((await parsePythonSource(MATCH)).parser).toBe('agentos');
    const source = 'import subprocess\ndef run(cmd):\n    match cmd:\n        case {"argv": [*argv]}:\n            subprocess.run(argv, shell=True)\n        case str(line) if line:\n            subprocess.run(line, shell=True)\n';
    const a = await factsWith('agentos', 'm.py', source);
    expect(a).toEqual(await factsWith('tree-sitter', 'm.py', source));
    expect(a.calls.filter((c) => c.callee === 'subprocess.run').length).toBe(2);
  });

  it('declines what tree-sitter reads differently or with errors, and tree-sitter parses it', async () => {
    const declined = {
      'a Python 2 print statement': 'print "hello"\nprint >>sys.stderr, "x"\n',
      'a match header without cases (a syntax error)': 'match command:\n    run()\n',
      'a dict pattern keyed by a negative number (the field is on both of its nodes)': 'match x:\n    case {-1: y}:\n        pass\n',
      'a starred match subject': 'match *a, b:\n    case _:\n        pass\n',
      'a conditional expression after :=, which tree-sitter reads as the conditional of a named expression': 'if doc := make(t) if t else None:\n    pass\n',
      'type(x).y = z, which tree-sitter reads as a type alias': 'type(runtime).url = property(f)\n',
      'a starred attribute target, which tree-sitter reads as (*a).b': '*self.cases, self.default = exprs\n',
      'a syntax error': 'def broken(:\n    pass\n',
      'a carriage return without a line feed, a space to tree-sitter': 'x = 1\ry = 2\n',
      'nesting 1,000 levels deep': `x = ${'('.repeat(1000)}1${')'.repeat(1000)}\n`,
    };
    for (const [what, source] of Object.entries(declined)) {
      expect(() => parsePython(source), what).toThrow(Decline);
      const got = await parsePythonSource(source);
      expect(got.parser, what).toBe('tree-sitter');
      const ts = await parseSource('python', source);
      expect(treeDifference(ts.root, got.root, source), what).toBeUndefined();
    }
    expect((await parsePythonSource('x = 1\n')).parser).toBe('agentos');
    expect((await parsePythonSource('x = 1\n', { AGENTOS_PY_PARSER: 'tree-sitter' })).parser).toBe('tree-sitter');
  });

  it('a Python 2 file is analyzed through tree-sitter with the facts it always had', async () => {
    const source = 'import os\nprint "running", os.environ["CMD"]\nos.system(os.environ["CMD"])\n';
    const a = await factsWith('agentos', 'py2.py', source);
    expect(a).toEqual(await factsWith('tree-sitter', 'py2.py', source));
    expect(a.calls.map((c) => c.callee)).toContain('os.system');
  });

  /** Broken files: the syntax error tree-sitter reports, at the same line and column with either setting. */
  const BROKEN: { file: string; source: string; at: [number, number] }[] = [
    { file: 'a.py', source: 'import os\ndef broken(:\n    os.system("x")\n', at: [2, 12] },
    { file: 'b.py', source: 'x = [1, 2\ny = 3\n', at: [1, 3] },
    { file: 'c.py', source: 'if x\n    pass\n', at: [1, 1] },
    { file: 'd.py', source: 'import os\nos.system(x = = 1)\n', at: [2, 15] },
  ];

  it('a broken file gets tree-sitter\'s syntax errors, at the same place, with either setting', async () => {
    for (const { file, source, at } of BROKEN) {
      const a = await factsWith('agentos', file, source);
      const b = await factsWith('tree-sitter', file, source);
      expect(a, file).toEqual(b);
      expect(a.problems.length, file).toBeGreaterThan(0);
      expect([a.problems[0]!.range.line, a.problems[0]!.range.column], file).toEqual(at);
    }
    const dir = tempProject(Object.fromEntries(BROKEN.map((b) => [b.file, b.source])));
    const runs = ['agentos', 'tree-sitter'].map((parser) => runCli(['check', '--no-cache', '--format', 'json'], { cwd: dir, env: { AGENTOS_PY_PARSER: parser, CI: 'true' } }));
    const errors = runs.map((r) => (JSON.parse(r.stdout) as { errors: { file: string; message: string }[] }).errors);
    expect(errors[0]!.map((e) => e.file).sort()).toEqual(BROKEN.map((b) => b.file).sort());
    expect(errors[0]).toEqual(errors[1]);
  });

  it('an unknown value is named, and the CLI reports the Python files as not analyzed', () => {
    expect(requestedPyParser({})).toBe('agentos');
    expect(requestedPyParser({ AGENTOS_PY_PARSER: ' Tree-Sitter ' })).toBe('tree-sitter');
    expect(() => requestedPyParser({ AGENTOS_PY_PARSER: 'lark' })).toThrow('AGENTOS_PY_PARSER=lark: expected agentos or tree-sitter');
    const dir = tempProject({ 'a.py': 'import os\nos.system(input())\n' });
    const bad = runCli(['check', '--no-cache', '--format', 'json'], { cwd: dir, env: { AGENTOS_PY_PARSER: 'lark' } });
    expect(bad.stdout + bad.stderr).toContain('AGENTOS_PY_PARSER=lark: expected agentos or tree-sitter');
    const good = ['agentos', 'tree-sitter'].map((parser) => runCli(['check', '--no-cache', '--format', 'json'], { cwd: dir, env: { AGENTOS_PY_PARSER: parser } }));
    expect(good[0]!.stdout).toEqual(good[1]!.stdout);
    expect((JSON.parse(good[0]!.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
  });
});
