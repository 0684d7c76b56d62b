import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/analysis/findings.js';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import { loadRules } from '../../src/policy/rules.js';
import { formatResult } from '../../src/report/index.js';
import { repoRoot } from '../helpers/cli.js';

const rules = loadRules(undefined, CHECK_NAMES);

function sample(): CheckResult {
  return {
    findings: [
      {
        ruleId: 'subprocess-shell', category: 'subprocess', severity: 'critical', file: 'src/agent.py', line: 3, column: 12, endLine: 3, endColumn: 40,
        message: 'runs a shell: café ☕', fingerprint: 'abc', trace: [{ file: 'src/agent.py', line: 2, message: 'source: tool parameter `cmd`' }],
        action: { kind: 'exec', command: 'x', shell: true },
      },
      { ruleId: 'sql-destructive', category: 'destructive-sql', severity: 'medium', file: 'db/x.sql', line: 1, column: 1, endLine: 1, endColumn: 17, message: 'DROP, with, commas: and colons', fingerprint: 'def' },
    ],
    errors: [{ file: 'broken.ts', message: 'syntax error at line 1' }],
    skipped: [{ file: 'big.js', message: 'skipped: too large' }],
    summary: { files: 3, findings: 2, bySeverity: { critical: 1, high: 0, medium: 1, low: 0 } },
    rules,
    sources: new Map([['src/agent.py', 'import subprocess\ndef run(cmd):\n\treturn subprocess.check_output(cmd, shell=True)\n'], ['db/x.sql', 'DROP TABLE users;\n']]),
  };
}
const opts = { color: false, toolVersion: '9.9.9', cwd: '/work/project' };

describe('reporters', () => {
  it('json has exactly the contract keys and drops internal fields', () => {
    const out = JSON.parse(formatResult(sample(), 'json', opts));
    expect(Object.keys(out)).toEqual(['version', 'tool', 'findings', 'errors', 'summary']);
    expect(Object.keys(out.findings[0])).toEqual(['ruleId', 'category', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'message', 'trace', 'fingerprint']);
    expect(out.findings[1]).not.toHaveProperty('trace');
    expect(out.findings[0]).not.toHaveProperty('action');
    expect(out.errors).toEqual([{ file: 'broken.ts', message: 'syntax error at line 1' }]);
  });

  it('text shows place, rule, why, code frame, trace, fix and summary without colour', () => {
    const out = formatResult(sample(), 'text', opts);
    expect(out).toContain('src/agent.py');
    expect(out).toContain('3:12  critical  subprocess-shell');
    expect(out).toMatch(/> 3 \|   return subprocess/);
    expect(out).toMatch(/\^{10,}/);
    expect(out).toContain('trace: src/agent.py:2 source: tool parameter `cmd`');
    expect(out).toContain('fix: ');
    expect(out).toContain('big.js: skipped: too large');
    expect(out).toContain('2 findings (1 critical, 1 medium) in 3 files.');
    expect(out).not.toMatch(/\u001b\[/);
    expect(formatResult(sample(), 'text', { ...opts, color: true })).toMatch(/\u001b\[/);
  });

  it('sarif validates against the official 2.1.0 schema', () => {
    // the OASIS SARIF 2.1.0 JSON schema, kept with the tests so a clean clone can validate offline
    const schemaPath = path.resolve(repoRoot, 'test', 'fixtures', 'sarif-schema-2.1.0.json');
    expect(existsSync(schemaPath), `SARIF schema expected at ${schemaPath}`).toBe(true);
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    for (const r of [sample(), { ...sample(), findings: [], errors: [] }]) {
      const doc = JSON.parse(formatResult(r, 'sarif', opts));
      expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
      expect(doc.runs).toHaveLength(1);
    }
    const doc = JSON.parse(formatResult(sample(), 'sarif', opts));
    const res = doc.runs[0].results[0];
    expect(res.partialFingerprints['agentosFingerprint/v1']).toBe('abc');
    expect(res.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'src/agent.py', uriBaseId: '%SRCROOT%' });
    const rule = doc.runs[0].tool.driver.rules[res.ruleIndex];
    expect(rule.id).toBe('subprocess-shell');
    expect(rule.properties['security-severity']).toMatch(/^\d+\.\d$/);
  });

  it('github annotations escape data and properties', () => {
    const out = formatResult(sample(), 'github', opts).split('\n');
    expect(out[0]).toMatch(/^::error file=src\/agent.py,line=3,col=12,endLine=3,endColumn=40,title=subprocess-shell \(critical\)::/);
    expect(out[1]).toContain('::warning ');
    expect(out[1]).toContain('DROP, with, commas: and colons');
  });

  it('junit escapes XML', () => {
    const out = formatResult({ ...sample(), findings: [{ ...sample().findings[1]!, message: 'a < b & "c"' }] }, 'junit', opts);
    expect(out).toContain('a &lt; b &amp; &quot;c&quot;');
    expect(out).toContain('failures="1"');
  });
});
