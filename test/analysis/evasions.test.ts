/** Names written so that a pattern on the callee would miss them, resolved to what they call. */
import { describe, expect, it } from 'vitest';
import { factsFor } from '../../src/analysis/engine.js';
import { taintOf } from '../../src/analysis/values.js';

describe('evasions', () => {
  it('resolves getattr, __import__ and import_module with constant names (Python)', async () => {
    const src = ['import os, importlib', 'getattr(os, "system")("id")', '__import__("os").system("id")', 'importlib.import_module("subprocess").run("id", shell=True)', 'getattr(os, name)("id")', ''].join('\n');
    const f = await factsFor('t.py', src, 'python');
    expect(f.calls.filter((c) => c.args[0]?.kind === 'const' && c.args[0].value === 'id').map((c) => c.callee)).toEqual(['os.system', 'os.system', 'subprocess.run', '?']);
  });

  it('takes a lookup in a table of constants as one of them, not as the key (Python)', async () => {
    const src = ['from flask import request', 'import importlib', 'PLUGINS = {"a": "pkg.a", "b": "pkg.b"}', 'importlib.import_module(PLUGINS.get(request.args["k"], "pkg.a"))', 'importlib.import_module(request.args["k"])', ''].join('\n');
    const f = await factsFor('t.py', src, 'python');
    expect(f.calls.filter((c) => c.callee === 'importlib.import_module').map((c) => taintOf(c.args[0]).map((t) => t.kind))).toEqual([[], ['request-input']]);
  });

  it('makes a dynamic import() a call the rules see, and leaves constant imports as modules (TypeScript)', async () => {
    const f = await factsFor('t.ts', "export async function load(name: string) {\n  await import('./fixed.js');\n  return import(name);\n}\n", 'typescript');
    expect(f.calls.map((c) => [c.callee, c.range.line])).toEqual([['import', 3]]);
  });

  it('records lookups in globals(), locals() and the vars() of a module as calls with their key, not vars() of data (Python)', async () => {
    const src = ['import os', 'import argparse', 'args = argparse.ArgumentParser().parse_args()', 'def run(name):', '    globals()[name]', '    locals()[name]', '    vars(os)[name]', '    vars(args)[name]', '    vars(self_obj)[name]', '    globals()["main"]', ''].join('\n');
    const f = await factsFor('t.py', src, 'python');
    expect(f.calls.filter((c) => c.method === '__getitem__').map((c) => [c.callee, c.range.line, taintOf(c.args[0]).map((t) => t.name)])).toEqual([
      ['globals().__getitem__', 5, ['name']],
      ['locals().__getitem__', 6, ['name']],
      ['vars().__getitem__', 7, ['name']],
    ]);
  });

  it('records a lookup in globalThis or window by a computed name as a call with its key (TypeScript)', async () => {
    const src = "export function run(name: string) {\n  const f = (globalThis as any)[name];\n  window[name]();\n  return globalThis['setTimeout'];\n}\n";
    const f = await factsFor('t.ts', src, 'typescript');
    expect(f.calls.filter((c) => c.callee === 'globalThis.__getitem__').map((c) => c.range.line)).toEqual([2, 3]);
  });
});

