/** Boundary types of `agentos review --cmvk`. */
import type { Category, Severity } from '../policy/types.js';

/** 1-based, inclusive. */
export interface LineRange {
  start: number;
  end: number;
}

/**
 * What review reads: one file's text, and for a diff review the changed lines
 * (the review then shows those with their enclosing function and the imports).
 */
export interface ReviewUnit {
  /** path relative to the working directory, forward slashes */
  file: string;
  text: string;
  /** changed lines; absent: the whole file */
  focusRanges?: LineRange[];
}

/** A model as named on the command line: `openai:gpt-4o`, `anthropic:claude-sonnet-4-5`, `ollama:qwen2.5-coder`. */
export interface ModelRef {
  id: string;
  /** `openai`, `anthropic`, or the name of a configured endpoint */
  provider: string;
  model: string;
  /** the wire protocol spoken */
  api: 'openai' | 'anthropic';
  /** base URL when not the SDK's default (endpoint, `*_BASE_URL`) */
  baseURL?: string;
  /** environment variable holding the key; undefined: none needed */
  apiKeyEnv?: string;
  jsonMode: 'json_schema' | 'json_object' | 'none';
}

export interface ModelFinding {
  line: number;
  endLine: number;
  category: Category | 'other';
  severity: Severity;
  message: string;
  confidence: number;
}

export interface ModelVerdict {
  finding: string;
  verdict: 'confirm' | 'dismiss';
  reason: string;
}

/** The answer every model gives (DESIGN.md). */
export interface ReviewAnswer {
  findings: ModelFinding[];
  verdicts: ModelVerdict[];
  summary: string;
}

export interface Usage {
  input: number;
  output: number;
}

/** One model's outcome for one chunk. */
export type CallOutcome =
  | { status: 'ok'; answer: ReviewAnswer; usage: Usage; latencyMs: number; cached: boolean; attempts: number }
  | { status: 'error'; error: string; usage: Usage; latencyMs: number; attempts: number };

/** A finding as the consensus reports it (DESIGN.md `consensus` / `dissent` entries). */
export interface ReviewedFinding {
  file: string;
  line: number;
  endLine: number;
  category: Category | 'other';
  severity: Severity;
  message: string;
  votes: number;
  of: number;
  models: string[];
}

export interface VerdictCount {
  finding: string;
  confirm: number;
  dismiss: number;
  /** models that answered for the code holding the static finding */
  of: number;
  /** more than half of those dismissed it */
  disputed: boolean;
}

export interface ModelReport {
  id: string;
  status: 'ok' | 'error';
  error?: string;
  latencyMs: number;
  calls: number;
  failedCalls: number;
  cachedCalls: number;
  tokens: Usage;
  /** US dollars, when review.pricing has the model */
  cost?: number;
}
