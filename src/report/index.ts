/** Reporters: pure functions from a CheckResult to text; the CLI writes it. */
import type { CheckResult } from '../analysis/findings.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export const FORMATS = ['text', 'json', 'sarif', 'github', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

export interface FormatOptions {
  color: boolean;
  toolVersion: string;
  cwd: string;
  quiet?: boolean;
  allContexts?: boolean;
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** GitHub Actions workflow commands: one annotation per finding. */
export function formatGithub(result: CheckResult): string {
  const kind = { critical: 'error', high: 'error', medium: 'warning', low: 'notice' } as const;
  return result.findings
    .map(
      (f) =>
        `::${kind[f.severity]} file=${escapeProperty(f.file)},line=${f.line},col=${f.column},endLine=${f.endLine},endColumn=${f.endColumn},title=${escapeProperty(`${f.ruleId} (${f.severity})`)}::${escapeData(f.message)}`,
    )
    .map((l) => l + '\n')
    .join('');
}

/** JUnit XML: one test case per finding, so CI dashboards list them as failures. */
export function formatJunit(result: CheckResult): string {
  const cases = result.findings.map(
    (f) =>
      `    <testcase classname="${xml(f.file)}" name="${xml(`${f.ruleId} at ${f.file}:${f.line}:${f.column}`)}">\n      <failure type="${xml(f.severity)}" message="${xml(f.message)}">${xml(`${f.file}:${f.line}:${f.column} ${f.message}`)}</failure>\n    </testcase>`,
  );
  const ok = result.findings.length === 0 ? ['    <testcase classname="agentos" name="check"/>'] : [];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="agentos" tests="${Math.max(1, cases.length)}" failures="${cases.length}">`,
    `  <testsuite name="agentos check" tests="${Math.max(1, cases.length)}" failures="${cases.length}" errors="${result.errors.length}">`,
    ...cases,
    ...ok,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

export function formatResult(result: CheckResult, format: Format, options: FormatOptions): string {
  switch (format) {
    case 'json':
      return formatJson(result, options.toolVersion);
    case 'sarif':
      return formatSarif(result, options.toolVersion, options.cwd);
    case 'github':
      return formatGithub(result);
    case 'junit':
      return formatJunit(result);
    default:
      return formatText(result, { color: options.color, quiet: options.quiet, allContexts: options.allContexts });
  }
}
