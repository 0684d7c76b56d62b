import { describe, expect, it } from 'vitest';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import type { CheckResult, Finding } from '../../src/analysis/findings.js';
import { loadRules } from '../../src/policy/rules.js';
import { formatResult } from '../../src/report/index.js';

const rules = loadRules(undefined, CHECK_NAMES);

function finding(file: string, line: number, ruleId: string, severity: Finding['severity'], context: Finding['context'] = 'production'): Finding {
  const category = rules.find((r) => r.id === ruleId)!.category;
  // as the analysis marks them: only production findings count toward the gate
  return { ruleId, category, severity, file, line, column: 1, endLine: line, endColumn: 5, message: `${ruleId} at ${line}`, fingerprint: `${file}${line}`, context, gating: context === 'production' };
}

function result(findings: Finding[]): CheckResult {
  const bySeverity = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) bySeverity[f.severity]++;
  return { findings, errors: [], skipped: [], summary: { files: 4, findings: findings.length, bySeverity }, rules, sources: new Map() };
}

const sample = result([
  finding('a.py', 1, 'sql-injection', 'high'),
  finding('a.py', 2, 'sql-injection', 'low'),
  finding('b.py', 3, 'sql-injection', 'medium'),
  finding('b.py', 4, 'subprocess-shell', 'critical'),
  finding('tests/test_a.py', 5, 'subprocess-shell', 'low', 'test'),
  finding('migrations/1.py', 6, 'sql-injection', 'low', 'migration'),
]);
const opts = { color: false, toolVersion: '1.0.0', cwd: '/p' };

describe('text report', () => {
  it('prints the fix text once per rule and a per-rule summary table', () => {
    const out = formatResult(sample, 'text', opts);
    expect(out.match(/fix: Pass values as bound parameters/g)).toHaveLength(1);
    expect(out.match(/  fix: /g)).toHaveLength(2);
    expect(out).toContain(['  rule              severity  findings  files', '  subprocess-shell  critical         1      1', '  sql-injection         high         3      2'].join('\n'));
  });

  it('sums non-production findings per context, and lists them with --all-contexts', () => {
    const out = formatResult(sample, 'text', opts);
    expect(out).toContain('  test: 1 finding (1 low) in 1 file');
    expect(out).toContain('  migration: 1 finding (1 low) in 1 file');
    expect(out).not.toContain('tests/test_a.py');
    expect(out).toContain('6 findings (1 critical, 1 high, 1 medium, 3 low) in 4 files, 2 of them in non-production code.');
    const all = formatResult(sample, 'text', { ...opts, allContexts: true });
    expect(all).toContain('5:1  low  subprocess-shell  (tests/test_a.py:5:1)  [test]');
    expect(all).not.toContain('non-production code (');
  });

  it('lists a non-production finding that fails the gate all the same, and sums up files skipped there', () => {
    const key = { ...finding('tests/test_b.py', 7, 'hardcoded-secret', 'high', 'test'), gating: true };
    const r = {
      ...result([...sample.findings, key]),
      skipped: [
        { file: 'tests/cassettes/a.yaml', message: 'skipped: 3000000 bytes is over the size limit', kind: 'too-large' as const, gating: false, context: 'test' as const },
        { file: 'tests/data/b.bin', message: 'skipped: binary content', kind: 'binary' as const, gating: false, context: 'test' as const },
        { file: 'app/big.py', message: 'skipped: 3000000 bytes is over the size limit', kind: 'too-large' as const },
      ],
    };
    const out = formatResult(r, 'text', opts);
    expect(out).toContain('7:1  high  hardcoded-secret  (tests/test_b.py:7:1)  [test]');
    expect(out).toContain('  test: 1 finding (1 low) in 1 file; 2 files skipped (1 over the size limit, 1 binary)');
    expect(out).not.toContain('tests/cassettes/a.yaml');
    expect(out).toContain('app/big.py: skipped: 3000000 bytes is over the size limit');
    const all = formatResult(r, 'text', { ...opts, allContexts: true });
    expect(all).toContain('tests/cassettes/a.yaml: skipped');
  });

  it('--quiet prints one line per finding with its message, and no table', () => {
    const out = formatResult(sample, 'text', { ...opts, quiet: true });
    expect(out).toContain('  4:1  critical  subprocess-shell  subprocess-shell at 4');
    expect(out).not.toContain('fix:');
    expect(out).not.toContain('severity  findings');
  });

  it('JSON and SARIF carry the context of each finding', () => {
    const json = JSON.parse(formatResult(sample, 'json', opts));
    expect(json.findings.map((f: { context: string }) => f.context)).toEqual(['production', 'production', 'production', 'production', 'test', 'migration']);
    expect(Object.keys(json.findings[0]).at(-1)).toBe('context');
    const sarif = JSON.parse(formatResult(sample, 'sarif', opts));
    expect(sarif.runs[0].results[4].properties.context).toBe('test');
  });
});
