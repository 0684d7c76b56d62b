/**
 * The project pass lowers a file after the files that import it (lowering-order.ts), checks it
 * at once with what they link into it, and checks again what the scan of imports got wrong.
 * Real files through the real front ends; lowerings counted through the pass's `observe`.
 */
import { describe, expect, it } from 'vitest';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import { importersFirst, scanImports } from '../../src/analysis/lowering-order.js';
import { analyzeProject } from '../../src/analysis/project.js';
import { activeRules } from '../../src/analysis/run.js';
import { defaultConfig } from '../../src/config/load.js';
import { loadRules } from '../../src/policy/rules.js';
import { tempProject } from '../helpers/cli.js';
import { projectJobs, SHELL_HELPER, shellToolLoading } from '../helpers/project.js';

const rules = loadRules(undefined, CHECK_NAMES);

/** Findings (file and rule) and the number of times each file was lowered. */
async function project(files: Record<string, string>, keepText?: number) {
  const dir = tempProject(files);
  const jobs = projectJobs(dir);
  const config = defaultConfig(dir);
  const lowered = new Map<string, number>();
  const results = await analyzeProject(jobs, activeRules(rules, config), config, [], {}, {
    keepText,
    observe: (i) => lowered.set(jobs[i]!.rel, (lowered.get(jobs[i]!.rel) ?? 0) + 1),
  });
  const findings = results.flatMap((r) => r.findings.map((f) => `${f.file} ${f.ruleId}`)).sort();
  return { findings, lowered: Object.fromEntries([...lowered].sort()), results: JSON.stringify(results) };
}

const SHELL = SHELL_HELPER;
const agent = shellToolLoading;

describe('scanImports', () => {
  it('finds the modules JavaScript and TypeScript load, in every form', () => {
    const text = [
      "import fs from 'node:fs';",
      'import { a,',
      '  b } from "./lib/a.js";',
      "import './side-effect';",
      "export * from '../shared/index';",
      "const c = require( './c' );",
      "const d = await import('@/lib/d');",
      "const s = 'from here';",
      '',
    ].join('\n');
    expect(scanImports(text, 'typescript')).toEqual(['node:fs', './lib/a.js', './side-effect', '../shared/index', './c', '@/lib/d']);
  });

  it('finds the modules Python imports, and the names imported from packages that may be modules', () => {
    const text = ['import os, app.db as db', 'from . import tools', 'from ..core.helper import (run,', '    other)', 'from app.db import run_query  # the helper', '    import json', ''].join('\n');
    expect(scanImports(text, 'python')).toEqual(['.', '.tools', '..core.helper', '..core.helper.run', 'app.db', 'app.db.run_query', 'os', 'app.db', 'json']);
  });

  it('reads Python lines as a multiline `^` does: after \\r, U+2028 and U+2029 too, and a from-import running over a \\r hides what follows on it', () => {
    // (the scan looks only at lines holding `import`; the lines are those of the patterns it applies)
    expect(scanImports('x = 1\rimport os\r\nfrom a import b\u2028import c\u2029from . import d', 'python')).toEqual(['a', 'a.b', 'os', 'c']);
    expect(scanImports('from a import b\rfrom c import d\rimport e', 'python')).toEqual(['a', 'a.b', 'e']);
    expect(scanImports('import re  # import json\nprint("import sys")\nx = 1; import io\n  import html.parser as hp, email', 'python')).toEqual(['re', 'html.parser', 'email']);
    expect(scanImports('importimport\nreimport x\nimport', 'python')).toEqual([]);
    expect(scanImports('import a\nimport b\n' + 'x = 1\n'.repeat(1000) + 'from c import d', 'python')).toEqual(['c', 'c.d', 'a', 'b']);
  });

  it('finds nothing in other languages', () => {
    expect(scanImports("import x from 'y'", 'shell')).toEqual([]);
  });
});

describe('importersFirst', () => {
  it('puts every file after the files that import it, and counts its importers', () => {
    // 0 imports 1 and 2; 1 imports 3; 2 imports 3; 4 imports 0; 5 alone; 6 is imported by 3 but not in the list
    const edges: Record<number, number[]> = { 0: [1, 2], 1: [3], 2: [3, 6], 3: [], 4: [0, 0], 5: [] };
    const { order, importers } = importersFirst([0, 1, 2, 3, 4, 5], (i) => edges[i]!);
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const [from, to] of Object.entries(edges)) for (const t of to) if (t !== 6) expect(order.indexOf(Number(from))).toBeLessThan(order.indexOf(t));
    expect(Object.fromEntries([...importers].sort(([a], [b]) => a - b))).toEqual({ 0: 1, 1: 1, 2: 1, 3: 2, 4: 0, 5: 0 });
  });

  it('orders every file of an import cycle, and a chain longer than the call stack', () => {
    const cycle = importersFirst([0, 1, 2], (i) => [(i + 1) % 3]);
    expect([...cycle.order].sort()).toEqual([0, 1, 2]);
    const n = 100_000;
    const chain = importersFirst([...Array(n).keys()].reverse(), (i) => (i + 1 < n ? [i + 1] : []));
    expect(chain.order.slice(0, 3)).toEqual([0, 1, 2]);
    expect(chain.order.length).toBe(n);
  });
});

describe('the project pass in import order', () => {
  it('lowers each file once when the importer sorts after the module it imports, even with no facts held', async () => {
    // `src/agent.ts` sorts before `src/lib/shell.ts`, `zz/agent.ts` after `aa/shell.ts`: both orders
    const files = {
      'src/agent.ts': agent("import { runCmd } from './lib/shell.js';"),
      'src/lib/shell.ts': SHELL,
      'aa/shell.ts': SHELL,
      'zz/agent.ts': agent("import { runCmd } from '../aa/shell.js';"),
    };
    for (const keepText of [0, undefined]) {
      const { findings, lowered } = await project(files, keepText);
      expect(findings).toEqual(['aa/shell.ts subprocess-shell', 'src/lib/shell.ts subprocess-shell']);
      expect(lowered).toEqual({ 'aa/shell.ts': 1, 'src/agent.ts': 1, 'src/lib/shell.ts': 1, 'zz/agent.ts': 1 });
    }
  });

  it('checks again, with the links of the whole project, a file whose importer the scan did not see', async () => {
    // the module name is in a constant: the facts resolve it, the scan of imports does not
    const files = { 'src/agent.ts': agent("const where = './lib/shell.js';\nconst { runCmd } = require(where);"), 'src/lib/shell.ts': SHELL };
    const { findings, lowered } = await project(files, 0);
    expect(findings).toEqual(['src/lib/shell.ts subprocess-shell']);
    expect(lowered).toEqual({ 'src/agent.ts': 1, 'src/lib/shell.ts': 2 });
  });

  it('finds the same in an import cycle and with tools registered from another module, whatever facts it may hold', async () => {
    const files = {
      // a cycle: each calls into the other
      'src/a.ts': agent("import { runCmd, helper } from './b.js';\nexport function ping(x: string) { return x; }"),
      'src/b.ts': "import { execSync } from 'node:child_process';\nimport { ping } from './a.js';\nexport function runCmd(cmd: string) {\n  return execSync(ping(cmd)).toString();\n}\nexport function helper() {}\n",
      // a function registered as a tool by the module that imports it
      'py/agent.py': ['from langgraph.prebuilt import create_react_agent', 'from py.files import read_log', 'agent = create_react_agent("openai:gpt-4o", tools=[read_log])', ''].join('\n'),
      'py/__init__.py': '',
      'py/files.py': ['import subprocess', 'def read_log(name):', '    return subprocess.run(name, shell=True)', ''].join('\n'),
    };
    const all = await project(files);
    expect(all.findings).toEqual(expect.arrayContaining(['py/files.py subprocess-shell', 'src/b.ts subprocess-shell']));
    // the tool's module is lowered once more with the mark, nothing else twice
    expect(all.lowered).toEqual({ 'py/__init__.py': 1, 'py/agent.py': 1, 'py/files.py': 2, 'src/a.ts': 1, 'src/b.ts': 1 });
    expect((await project(files, 0)).results).toBe(all.results);
  });
});
