/** One file through the engine: front end, rules, and the file's problems as messages. */
import type { ResolvedConfig } from '../config/types.js';
import { factsFor, runRules, type ActiveRule, type RunRulesOptions } from './engine.js';
import type { Language } from './facts.js';
import type { Finding } from './findings.js';

export interface FileJob {
  rel: string;
  text: string;
  language: Language;
}

export interface FileResult {
  findings: Finding[];
  /** a syntax error (with what was recovered) or why the file could not be analyzed */
  error?: string;
}

export async function analyzeFile(job: FileJob, active: readonly ActiveRule[], config: ResolvedConfig, options: RunRulesOptions = {}): Promise<FileResult> {
  const { rel, text, language } = job;
  try {
    const facts = await factsFor(rel, text, language);
    let error: string | undefined;
    if (facts.problems.length) {
      const first = facts.problems[0]!;
      const partial = facts.calls.length > 0 || (facts.language !== 'javascript' && facts.language !== 'typescript');
      error = `${partial ? 'syntax error (analyzed what parsed)' : 'syntax error'} at line ${first.range.line}, column ${first.range.column}: ${first.message}`;
    }
    const findings = runRules(facts, text, active, config, options);
    return error ? { findings, error } : { findings };
  } catch (err) {
    const e = err as Error;
    if (e.name === 'TreeSitterUnavailable') return { findings: [], error: `${language} analysis unavailable: ${e.message}` };
    if (err instanceof RangeError && /call stack/i.test(e.message)) return { findings: [], error: 'not analyzed: the code is nested too deeply' };
    return { findings: [], error: `internal error while analyzing: ${e.message}` };
  }
}
