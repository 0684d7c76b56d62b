/** What a gate (pre-commit, pull request, CI) decides on besides severities. Pure. */
import type { AnalysisError, CheckResult, Finding } from './findings.js';

/** Changed lines by file (relative to the working directory, forward slashes); `all` for a new file. */
export type ChangedLinesByFile = ReadonlyMap<string, ReadonlySet<number> | 'all'>;

function touches(changed: ChangedLinesByFile, file: string, from: number, to: number): boolean {
  const lines = changed.get(file);
  if (!lines) return false;
  if (lines === 'all') return true;
  for (let n = from; n <= to; n++) if (lines.has(n)) return true;
  return false;
}

/**
 * Is a finding new in a change? It is when its own lines were added or changed, or when any
 * step of its trace (the source, a call passing the value on) is on a changed line: a new
 * call site feeding an old sink makes the sink's finding new.
 */
export function isNewInChange(f: Finding, changed: ChangedLinesByFile): boolean {
  if (touches(changed, f.file, f.line, f.endLine)) return true;
  return (f.trace ?? []).some((t) => touches(changed, t.file, t.line, t.line));
}

/**
 * The files of a result that were not (fully) analyzed: syntax errors, code nested too deeply,
 * unreadable, too large or binary. A gate fails on them: what is not analyzed is not checked.
 */
export function unanalyzedFiles(result: Pick<CheckResult, 'errors' | 'skipped'>): AnalysisError[] {
  // like their findings, files in tests, examples and other non-production code do not fail the gate
  return [...result.errors, ...result.skipped.filter((s) => s.kind === 'too-large' || s.kind === 'binary')].filter((e) => e.gating !== false);
}
