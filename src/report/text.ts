/** Human-readable report: grouped by file, code frame, why, what to do, summary. */
import { Chalk } from 'chalk';
import type { AnalysisError, CheckResult, Finding } from '../analysis/findings.js';
import type { Severity } from '../policy/types.js';

export interface TextOptions {
  color: boolean;
  quiet?: boolean;
  /** list findings of every context one by one (default: non-production ones summed up per context) */
  allContexts?: boolean;
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

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

function plural(n: number, w: string): string {
  return `${n} ${w}${n === 1 ? '' : 's'}`;
}

function severityParts(findings: readonly Finding[]): string {
  const counts = new Map<Severity, number>();
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  return (['critical', 'high', 'medium', 'low'] as const).filter((s) => counts.get(s)).map((s) => `${counts.get(s)} ${s}`).join(', ');
}

/** One row per rule: its highest severity, how many findings, in how many files. */
export function ruleSummary(findings: readonly Finding[]): { ruleId: string; severity: Severity; count: number; files: number }[] {
  const rows = new Map<string, { ruleId: string; severity: Severity; count: number; files: Set<string> }>();
  for (const f of findings) {
    const row = rows.get(f.ruleId) ?? { ruleId: f.ruleId, severity: f.severity, count: 0, files: new Set<string>() };
    if (RANK[f.severity] > RANK[row.severity]) row.severity = f.severity;
    row.count++;
    row.files.add(f.file);
    rows.set(f.ruleId, row);
  }
  return [...rows.values()]
    .map((r) => ({ ruleId: r.ruleId, severity: r.severity, count: r.count, files: r.files.size }))
    .sort((a, b) => RANK[b.severity] - RANK[a.severity] || b.count - a.count || a.ruleId.localeCompare(b.ruleId));
}

/** Why files were skipped, counted: `3 over the size limit, 1 binary`. */
function whyUnread(files: readonly AnalysisError[]): string {
  const counts = new Map<string, number>();
  for (const f of files) {
    const why = f.kind === 'too-large' ? 'over the size limit' : 'binary';
    counts.set(why, (counts.get(why) ?? 0) + 1);
  }
  return [...counts].map(([why, n]) => `${n} ${why}`).join(', ');
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)];
}

export function formatText(result: CheckResult, options: TextOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  // findings in non-production code are summed up per context unless all are asked for; one
  // that fails the gate there all the same (a live-format key in a test) is listed
  const summed = (f: Finding) => !options.allContexts && !!f.context && f.context !== 'production' && f.gating === false;
  const shown = result.findings.filter((f) => !summed(f));
  const hidden = result.findings.filter(summed);
  const byFile = new Map<string, Finding[]>();
  for (const f of shown) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const remediation = new Map(result.rules.map((r) => [r.id, r.remediation]));
  // the fix text of a rule is the same for every finding: printed with the rule's first one
  const fixShown = new Set<string>();
  for (const [file, findings] of byFile) {
    out.push(c.underline(file));
    for (const f of findings) {
      const where = `  ${f.line}:${f.column}  ${c[COLORS[f.severity]](f.severity)}  ${c.bold(f.ruleId)}`;
      const ctx = f.context && f.context !== 'production' ? `  [${f.context}]` : '';
      if (options.quiet) {
        out.push(`${where}  ${f.message}${ctx}`);
        continue;
      }
      out.push(`${where}  (${file}:${f.line}:${f.column})${ctx}`);
      out.push(`  ${f.message}`);
      out.push(...frame(result.sources.get(file), f, c));
      if (f.trace?.length) out.push(`  trace: ${f.trace.map((t) => `${t.file}:${t.line} ${t.message}`).join(' -> ')}`);
      const fix = remediation.get(f.ruleId);
      if (fix && !fixShown.has(f.ruleId)) {
        fixShown.add(f.ruleId);
        out.push(`  fix: ${fix.replace(/\s+/g, ' ')}`);
      }
      out.push('');
    }
    if (options.quiet) out.push('');
  }
  // files of non-production code skipped as too large or binary (a test's recorded cassettes,
  // an example's data) are summed up with its findings; a file with errors is still named
  const quietly = (e: AnalysisError) => !options.allContexts && e.gating === false && e.context !== undefined;
  const unread = result.skipped.filter(quietly);
  if (hidden.length || unread.length) {
    const contexts = [...new Set([...hidden.map((f) => f.context!), ...unread.map((e) => e.context!)])];
    out.push(`In non-production code (not failing the check; --all-contexts lists them):`);
    for (const ctx of contexts) {
      const fs = hidden.filter((f) => f.context === ctx);
      const parts = fs.length ? [`${plural(fs.length, 'finding')} (${severityParts(fs)}) in ${plural(new Set(fs.map((f) => f.file)).size, 'file')}`] : [];
      const skipped = unread.filter((e) => e.context === ctx);
      if (skipped.length) parts.push(`${plural(skipped.length, 'file')} skipped (${whyUnread(skipped)})`);
      out.push(`  ${ctx}: ${parts.join('; ')}`);
    }
    out.push('');
  }
  const skipped = result.skipped.filter((e) => !quietly(e));
  for (const e of result.errors) out.push(`${e.file}: ${c.red('error')}: ${e.message}`);
  for (const s of skipped) out.push(`${s.file}: ${s.message}`);
  if (result.errors.length || skipped.length) out.push('');
  if (shown.length && !options.quiet) {
    const rows = ruleSummary(shown).map((r) => [r.ruleId, r.severity, String(r.count), String(r.files)]);
    out.push(...table(['rule', 'severity', 'findings', 'files'], rows));
    out.push('');
  }
  if (result.notes?.length) out.push(...result.notes, '');
  const { files, findings, bySeverity } = result.summary;
  if (findings === 0) out.push(`No findings in ${plural(files, 'file')}.`);
  else {
    const parts = (['critical', 'high', 'medium', 'low'] as const).filter((s) => bySeverity[s]).map((s) => `${bySeverity[s]} ${s}`);
    out.push(`${plural(findings, 'finding')} (${parts.join(', ')}) in ${plural(files, 'file')}${hidden.length ? `, ${hidden.length} of them in non-production code` : ''}.`);
  }
  return out.join('\n') + '\n';
}
