import type { Action, Category, RuleDefinition, Severity } from '../policy/types.js';

export interface TraceStep {
  file: string;
  line: number;
  message: string;
}

/** One reported problem: exactly the DESIGN.md JSON contract, plus internal fields the reporters drop. */
export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  /** path relative to the working directory, forward slashes */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  trace?: TraceStep[];
  fingerprint: string;
  /**
   * Internal, never serialized: the runtime action this code performs, with holes
   * filled by a hostile value, so tests can ask the kernel about it.
   */
  action?: Action;
}

export interface AnalysisError {
  file: string;
  message: string;
  /** why a file was skipped: too large or binary content leave it unanalyzed (the gate counts those) */
  kind?: 'too-large' | 'binary';
}

export interface CheckSummary {
  files: number;
  findings: number;
  bySeverity: Record<Severity, number>;
}

export interface CheckResult {
  findings: Finding[];
  errors: AnalysisError[];
  /** files skipped on purpose (too large, binary): reported, not errors */
  skipped: AnalysisError[];
  summary: CheckSummary;
  /** rules that were active, for reporters (SARIF rule metadata, help text) */
  rules: RuleDefinition[];
  /** file text by relative path, for code frames */
  sources: Map<string, string>;
  /** lines the text report prints before its summary (where the configuration came from, what was baselined) */
  notes?: string[];
}
