import type { CodeContext } from './contexts.js';
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
  /** what kind of code the file is (src/analysis/contexts.ts); set by the file's analysis */
  context?: CodeContext;
  /** Internal, never serialized: false when the finding does not count toward the exit code (non-production code) */
  gating?: boolean;
  /** Internal: reported at full severity whatever the context (a live-format credential) */
  keepInEveryContext?: boolean;
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
  /** internal: false for a file in non-production code (tests, examples, ...), which never fails the gate */
  gating?: boolean;
  /** internal, never serialized: the file's code context, when it is not production */
  context?: CodeContext;
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
  /** with `shard`: which shard this is, the number of files of the whole run and a digest of their paths and sizes (shard.ts) */
  shard?: { index: number; count: number; files: number; inputs: string };
  /** lines the text report prints before its summary (where the configuration came from, what was baselined) */
  notes?: string[];
}
