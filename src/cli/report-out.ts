/** The end of check and merge: the report written, the gate's line on stderr, the exit code. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../analysis/findings.js';
import { severityRank, type Severity } from '../policy/types.js';
import { CliExit, fail, usageError } from './io.js';
import { markPhase } from '../analysis/phase-times.js';

export function finishReport(report: {
  cwd: string;
  /** a file to write, else stdout */
  output?: string;
  format: string;
  text: string;
  findings: readonly Finding[];
  failOn: Severity | 'none';
  unanalyzed: readonly { file: string }[];
}): never {
  const { cwd, output, unanalyzed } = report;
  if (output !== undefined) {
    try {
      writeFileSync(path.resolve(cwd, output), report.text);
    } catch (err) {
      usageError(`${output}: cannot write the report (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  } else {
    process.stdout.write(report.text);
  }
  markPhase('report written');
  // the text report on a terminal lists them itself
  if (unanalyzed.length && (report.format !== 'text' || output !== undefined))
    fail(`${unanalyzed.length} file${unanalyzed.length === 1 ? '' : 's'} not analyzed (${unanalyzed.map((u) => u.file).join(', ')}); the gate fails unless --allow-unanalyzed`);
  // findings in non-production code (tests, examples, ...) are reported but never fail the gate
  const failOn = report.failOn;
  const failing = failOn === 'none' ? [] : report.findings.filter((f) => f.gating !== false && severityRank(f.severity) >= severityRank(failOn));
  throw new CliExit(failing.length || unanalyzed.length ? 1 : 0);
}
