/** Human-readable report: grouped by file, code frame, why, what to do, summary. */
import { Chalk } from 'chalk';
import type { CheckResult, Finding } from '../analysis/findings.js';
import type { Severity } from '../policy/types.js';

export interface TextOptions {
  color: boolean;
  quiet?: boolean;
}

function frame(source: string | undefined, f: Finding, c: InstanceType<typeof Chalk>): string[] {
  if (source === undefined) return [];
  const lines = source.split(/\r\n|\r|\n/);
  const first = Math.max(1, f.line - 2);
  const last = Math.min(lines.length, f.line + 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const text = (lines[n - 1] ?? '').replace(/\t/g, '  ');
    const marker = n === f.line ? '>' : ' ';
    out.push(`  ${marker} ${String(n).padStart(width)} | ${text}`);
    if (n === f.line) {
      const raw = lines[n - 1] ?? '';
      const prefix = raw.slice(0, f.column - 1).replace(/\t/g, '  ');
      const end = f.endLine === f.line ? f.endColumn : raw.length + 1;
      const span = raw.slice(f.column - 1, Math.max(f.column, end) - 1).replace(/\t/g, '  ');
      out.push(`    ${' '.repeat(width)} | ${' '.repeat(prefix.length)}${c.red('^'.repeat(Math.max(1, span.length)))}`);
    }
  }
  return out;
}

const COLORS: Record<Severity, 'magenta' | 'red' | 'yellow' | 'blue'> = { critical: 'magenta', high: 'red', medium: 'yellow', low: 'blue' };

export function formatText(result: CheckResult, options: TextOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const remediation = new Map(result.rules.map((r) => [r.id, r.remediation]));
  for (const [file, findings] of byFile) {
    out.push(c.underline(file));
    for (const f of findings) {
      out.push(`  ${f.line}:${f.column}  ${c[COLORS[f.severity]](f.severity)}  ${c.bold(f.ruleId)}  (${file}:${f.line}:${f.column})`);
      if (options.quiet) continue;
      out.push(`  ${f.message}`);
      out.push(...frame(result.sources.get(file), f, c));
      if (f.trace?.length) out.push(`  trace: ${f.trace.map((t) => `${t.file}:${t.line} ${t.message}`).join(' -> ')}`);
      const fix = remediation.get(f.ruleId);
      if (fix) out.push(`  fix: ${fix.replace(/\s+/g, ' ')}`);
      out.push('');
    }
    if (options.quiet) out.push('');
  }
  for (const e of result.errors) out.push(`${e.file}: ${c.red('error')}: ${e.message}`);
  for (const s of result.skipped) out.push(`${s.file}: ${s.message}`);
  if (result.errors.length || result.skipped.length) out.push('');
  if (result.notes?.length) out.push(...result.notes, '');
  const { files, findings, bySeverity } = result.summary;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (findings === 0) out.push(`No findings in ${plural(files, 'file')}.`);
  else {
    const parts = (['critical', 'high', 'medium', 'low'] as const).filter((s) => bySeverity[s]).map((s) => `${bySeverity[s]} ${s}`);
    out.push(`${plural(findings, 'finding')} (${parts.join(', ')}) in ${plural(files, 'file')}.`);
  }
  return out.join('\n') + '\n';
}
