/**
 * The project pass drops a file's facts once it is checked and holds facts for the end of the
 * pass only up to a budget of source text: the results must not depend on the budget. Real
 * files (every rule example, and modules that reach each other by calls and tool
 * registrations) through the real front ends.
 */
import { copyFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import { analyzeProject } from '../../src/analysis/project.js';
import { activeRules } from '../../src/analysis/run.js';
import { defaultConfig } from '../../src/config/load.js';
import { defaultRulesDir, loadRules } from '../../src/policy/rules.js';
import { tempProject } from '../helpers/cli.js';
import { projectJobs } from '../helpers/project.js';

const rules = loadRules(undefined, CHECK_NAMES);

const CROSS_MODULE: Record<string, string> = {
  'app/__init__.py': '',
  'app/db.py': ['import sqlite3', 'conn = sqlite3.connect("app.db")', 'def run_query(sql):', '    return conn.execute(sql).fetchall()', ''].join('\n'),
  // sorted after db.py: the module it reaches was lowered (and, with no budget, checked) before it
  'app/search.py': ['from langchain_core.tools import tool', 'from app.db import run_query', '@tool', 'def search(term: str) -> str:', '    """Search."""', '    return run_query(term)', ''].join('\n'),
  'bot/__init__.py': '',
  'bot/agent.py': ['from langgraph.prebuilt import create_react_agent', 'from bot.files import read_log', 'agent = create_react_agent("openai:gpt-4o", tools=[read_log])', ''].join('\n'),
  'bot/files.py': ['from bot.helper import run', 'def read_log(name):', '    return run(name)', ''].join('\n'),
  'bot/helper.py': ['import subprocess', 'def run(cmd):', '    return subprocess.run(cmd, shell=True)', ''].join('\n'),
  'src/agent.ts': [
    "import { tool } from 'ai';",
    "import { z } from 'zod';",
    "import { runCmd } from './lib/shell.js';",
    'export const shell = tool({',
    '  inputSchema: z.object({ cmd: z.string() }),',
    '  execute: async ({ cmd }) => runCmd(cmd),',
    '});',
    '',
  ].join('\n'),
  'src/lib/shell.ts': "import { execSync } from 'node:child_process';\nexport function runCmd(cmd: string) {\n  return execSync(cmd).toString();\n}\n",
};

describe('project pass memory budget', () => {
  it('gives the same results whatever facts it may hold, on every rule example and on modules that reach each other', async () => {
    const dir = tempProject(CROSS_MODULE);
    const src = defaultRulesDir();
    for (const name of readdirSync(src)) if (name.includes('.example.')) copyFileSync(path.join(src, name), path.join(dir, name));
    const jobs = projectJobs(dir);
    const config = defaultConfig(dir);
    const active = activeRules(rules, config);
    const run = async (keepText?: number) => JSON.stringify(await analyzeProject(jobs, active, config, [], { reportUnusedSuppressions: true }, { keepText }));
    const all = await run();
    const parsed = JSON.parse(all) as { findings: { file: string; ruleId: string }[] }[];
    // the cross-module findings are there to be lost
    const files = parsed.flatMap((r) => r.findings.map((f) => `${f.file} ${f.ruleId}`));
    expect(files).toEqual(expect.arrayContaining(['app/db.py sql-injection', 'bot/helper.py subprocess-shell', 'src/lib/shell.ts subprocess-shell']));
    expect(files.length).toBeGreaterThan(100);
    expect(await run(0)).toBe(all);
    expect(await run(3000)).toBe(all);
  });
});
