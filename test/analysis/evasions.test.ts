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
});
