/** The `--format json` contract (DESIGN.md): exactly these keys, in this order. */
import type { CheckResult, Finding } from '../analysis/findings.js';

export function findingToJson(f: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    message: f.message,
  };
  if (f.trace?.length) out.trace = f.trace.map((t) => ({ file: t.file, line: t.line, message: t.message }));
  out.fingerprint = f.fingerprint;
  if (f.context) out.context = f.context;
  return out;
}

export function formatJson(result: CheckResult, toolVersion: string): string {
  const doc = {
    version: 1,
    tool: { name: 'agentos', version: toolVersion },
    findings: result.findings.map(findingToJson),
    errors: result.errors.map((e) => ({ file: e.file, message: e.message })),
    summary: {
      files: result.summary.files,
      findings: result.summary.findings,
      bySeverity: { critical: result.summary.bySeverity.critical, high: result.summary.bySeverity.high, medium: result.summary.bySeverity.medium, low: result.summary.bySeverity.low },
    },
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
