/**
 * Code nested deeper than the main thread's stack allows is lowered again on a thread with a
 * large stack and analyzed, not dropped (real files, the built CLI).
 */
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';

function findings(files: Record<string, string>) {
  const dir = tempProject(files);
  const r = runCli(['check', '--format', 'json', '--fail-on', 'none'], { cwd: dir });
  const out = JSON.parse(r.stdout) as { findings: { file: string; line: number; ruleId: string }[]; errors: unknown[] };
  return { found: out.findings.map((f) => `${f.file}:${f.line}:${f.ruleId}`), errors: out.errors };
}

describe('deeply nested code', () => {
  it('analyzes 10,000 nested parentheses around a tainted argument (Python and TypeScript)', () => {
    const py = `import os\nfrom flask import request\ndef view():\n    q = request.args["q"]\n    os.system(${'('.repeat(10_000)}q${')'.repeat(10_000)})\n`;
    const ts = `import { execSync } from 'node:child_process';\nexport function run(q: string) {\n  execSync(${'('.repeat(10_000)}q${')'.repeat(10_000)});\n}\n`;
    expect(findings({ 'view.py': py, 'run.ts': ts })).toEqual({ found: ['run.ts:3:subprocess-shell', 'view.py:5:subprocess-shell'], errors: [] });
  }, 120_000);

  it('analyzes a 30,000-term concatenation around a call (Python)', () => {
    const py = `import os\nfrom flask import request\ndef view():\n    q = request.args["q"]\n    os.system(${Array(30_000).fill('"a"').join(' + ')} + q)\n`;
    expect(findings({ 'view.py': py })).toEqual({ found: ['view.py:5:subprocess-shell'], errors: [] });
  }, 120_000);
});
