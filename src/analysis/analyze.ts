/** One file through the engine: front end, rules, and the file's problems as messages. */
import { spawn } from 'node:child_process';
import type { ResolvedConfig } from '../config/types.js';
import { applyContext, contextSkipped, type CodeContext, type ContextSettings } from './contexts.js';
import { contextOfFile, contextSettings } from './file-context.js';
import { factsFor, runRules, type ActiveRule, type RunRulesOptions, type ToolMark } from './engine.js';
import { lowerWithLargeStack } from './deep.js';
import type { FileFacts, Language, ParseProblem } from './facts.js';
import type { Finding } from './findings.js';
import type { ImportedReturns } from './returns.js';

// (a file's context is told in file-context.ts, which a run loads before the engine)
export { contextOfFile, contextOfUnread } from './file-context.js';

export interface FileJob {
  rel: string;
  text: string;
  language: Language;
  /** the file's path relative to the configuration's directory (for context globs and path conventions) */
  relToConfig?: string;
  /** the SHA-256 of `text`, once computed (cache.ts `contentHash`) */
  hash?: string;
  /** the file's size in bytes, when its text is read only when asked for (file-index.ts) */
  bytes?: number;
}

/** Each finding with its context, severity ceiling and gate flag; findings turned off are dropped. */
export function withContext(findings: Finding[], context: CodeContext, settings: ContextSettings): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    // a live-format credential is a leak wherever it is committed, tests included, unless the
    // configuration says otherwise for that rule in that context
    const keep = f.keepInEveryContext && settings.levels[context].rules[f.ruleId] === undefined;
    const v = keep ? { severity: f.severity, gating: true } : applyContext(settings, context, f.ruleId, f.severity);
    if (v.severity === 'off') continue;
    out.push({ ...f, severity: v.severity, context, gating: v.gating });
  }
  return out;
}

export interface FileResult {
  findings: Finding[];
  /** a syntax error (with what was recovered) or why the file could not be analyzed */
  error?: string;
  context?: CodeContext;
}

/** Whether `bash -n` accepts a script: true, false, or undefined when bash cannot be run. */
function bashAccepts(text: string): Promise<boolean | undefined> {
  return new Promise((resolve) => {
    let child;
    try {
      // agentos-ignore subprocess-shell: `bash -n` only parses the script it is given on stdin, it runs nothing
      child = spawn('bash', ['-n'], { stdio: ['pipe', 'ignore', 'ignore'] });
    } catch {
      resolve(undefined);
      return;
    }
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => resolve(code === 0));
    child.stdin.on('error', () => undefined);
    child.stdin.end(text);
  });
}

/**
 * What the shell grammar could not read, and what that means: tree-sitter-bash rejects some
 * valid bash (`exec 3<> "$PIPE"`); those lines are skipped and the rest of the script is analyzed.
 */
async function shellSkipMessage(text: string, problems: readonly ParseProblem[]): Promise<string> {
  const lines = text.split(/\r\n|\r|\n/);
  const skipped = [...new Set(problems.map((p) => p.range.line))].sort((a, b) => a - b);
  const shown = skipped.slice(0, 3).map((n) => `line ${n} \`${(lines[n - 1] ?? '').trim().slice(0, 60)}\``).join(', ');
  const more = skipped.length > 3 ? ` and ${skipped.length - 3} more` : '';
  const first = problems[0]!;
  const valid = await bashAccepts(text);
  const why =
    valid === true
      ? 'bash accepts it, the shell grammar does not read this construct'
      : valid === false
        ? `syntax error at line ${first.range.line}, column ${first.range.column} (${first.message}; bash -n rejects the script too)`
        : `syntax error at line ${first.range.line}, column ${first.range.column} (${first.message})`;
  return `not analyzed: ${shown}${more}: ${why}; the rest of the script was analyzed`;
}

export async function analyzeFile(job: FileJob, active: readonly ActiveRule[], config: ResolvedConfig, options: RunRulesOptions = {}): Promise<FileResult> {
  const settings = contextSettings(config);
  const context = contextOfFile(job, settings);
  // generated and vendored code (by default) is not even parsed
  if (contextSkipped(settings, context)) return { findings: [], context };
  const lowered = await lowerFile(job);
  return 'failed' in lowered ? { ...lowered.failed, context } : checkFacts(job, lowered.facts, active, config, options, context);
}

/** A file's facts, or why it has none. */
export type Lowered = { facts: FileFacts } | { failed: FileResult };

/** The front end's half: facts for one file (`tools`: its functions other modules register as tools, by name; `returns`: what the functions of other modules it calls return, by callee). */
export async function lowerFile(job: FileJob, tools?: ReadonlyMap<string, ToolMark>, returns?: ImportedReturns): Promise<Lowered> {
  try {
    return { facts: await factsFor(job.rel, job.text, job.language, tools, returns) };
  } catch (err) {
    if (tooDeep(err)) {
      const facts = await lowerWithLargeStack(job, tools, returns);
      if (facts) return { facts };
    }
    return { failed: failure(err, job.language) };
  }
}

/** The rules' half: findings for one file's facts (with what the project pass linked to it in `options.links`), in the file's context. */
export async function checkFacts(
  job: FileJob,
  facts: FileFacts,
  active: readonly ActiveRule[],
  config: ResolvedConfig,
  options: RunRulesOptions = {},
  /** the file's context when the caller has classified it already */
  known?: CodeContext,
): Promise<FileResult> {
  const settings = contextSettings(config);
  const context = known ?? contextOfFile(job, settings);
  try {
    let error: string | undefined;
    if (facts.problems.length) {
      const first = facts.problems[0]!;
      const partial = facts.calls.length > 0 || (facts.language !== 'javascript' && facts.language !== 'typescript');
      error = `${partial ? 'syntax error (analyzed what parsed)' : 'syntax error'} at line ${first.range.line}, column ${first.range.column}: ${first.message}`;
      if (job.language === 'shell') error = await shellSkipMessage(job.text, facts.problems);
    }
    const findings = withContext(runRules(facts, job.text, active, config, options), context, settings);
    return error ? { findings, error, context } : { findings, context };
  } catch (err) {
    return { ...failure(err, job.language), context };
  }
}

function tooDeep(err: unknown): boolean {
  return err instanceof RangeError && /call stack/i.test(err.message);
}

function failure(err: unknown, language: Language): FileResult {
  const e = err as Error;
  if (e.name === 'TreeSitterUnavailable' || e.name === 'ParserUnavailable') return { findings: [], error: `${language} analysis unavailable: ${e.message}` };
  if (tooDeep(err)) return { findings: [], error: 'not analyzed: the code is nested too deeply' };
  return { findings: [], error: `internal error while analyzing: ${e.message}` };
}
