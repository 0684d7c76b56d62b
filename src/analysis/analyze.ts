/** One file through the engine: front end, rules, and the file's problems as messages. */
import type { ResolvedConfig } from '../config/types.js';
import { factsFor, runRules, type ActiveRule, type ProjectLinks, type ToolMark } from './engine.js';
import { lowerWithLargeStack } from './deep.js';
import type { FileFacts, Language } from './facts.js';
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

export async function analyzeFile(job: FileJob, active: readonly ActiveRule[], config: ResolvedConfig): Promise<FileResult> {
  const lowered = await lowerFile(job);
  return 'failed' in lowered ? lowered.failed : checkFacts(job, lowered.facts, active, config);
}

/** A file's facts, or why it has none. */
export type Lowered = { facts: FileFacts } | { failed: FileResult };

/** The front end's half: facts for one file (`tools`: its functions other modules register as tools, by name). */
export async function lowerFile(job: FileJob, tools?: ReadonlyMap<string, ToolMark>): Promise<Lowered> {
  try {
    return { facts: await factsFor(job.rel, job.text, job.language, tools) };
  } catch (err) {
    if (tooDeep(err)) {
      const facts = await lowerWithLargeStack(job, tools);
      if (facts) return { facts };
    }
    return { failed: failure(err, job.language) };
  }
}

/** The rules' half: findings for one file's facts, with what the project pass linked to it. */
export function checkFacts(job: FileJob, facts: FileFacts, active: readonly ActiveRule[], config: ResolvedConfig, links?: ProjectLinks): FileResult {
  try {
    let error: string | undefined;
    if (facts.problems.length) {
      const first = facts.problems[0]!;
      const partial = facts.calls.length > 0 || (facts.language !== 'javascript' && facts.language !== 'typescript');
      error = `${partial ? 'syntax error (analyzed what parsed)' : 'syntax error'} at line ${first.range.line}, column ${first.range.column}: ${first.message}`;
    }
    const findings = runRules(facts, job.text, active, config, links);
    return error ? { findings, error } : { findings };
  } catch (err) {
    return failure(err, job.language);
  }
}

function tooDeep(err: unknown): boolean {
  return err instanceof RangeError && /call stack/i.test(err.message);
}

function failure(err: unknown, language: Language): FileResult {
  const e = err as Error;
  if (e.name === 'TreeSitterUnavailable') return { findings: [], error: `${language} analysis unavailable: ${e.message}` };
  if (tooDeep(err)) return { findings: [], error: 'not analyzed: the code is nested too deeply' };
  return { findings: [], error: `internal error while analyzing: ${e.message}` };
}
