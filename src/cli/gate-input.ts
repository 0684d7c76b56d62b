/** The files and git answers the gate filters need: the baseline file, changed lines from the working directory. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { applyBaseline, BaselineError, DEFAULT_BASELINE_FILE, parseBaseline, type Baseline, type BaselineEntry } from '../analysis/baseline.js';
import type { CheckResult, Finding } from '../analysis/findings.js';
import type { ChangedLinesByFile } from '../analysis/gate.js';
import type { ResolvedConfig } from '../config/types.js';
import { changedLines, repoLocation } from '../git/index.js';

/** A path as the user sees it: relative to the working directory when inside it. */
export function describeFile(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : abs;
}

/**
 * The baseline file a run uses: `--baseline <file>` (relative to the working directory), else
 * `baseline:` in the configuration, else `.agentos-baseline.json` beside the configuration when it
 * exists. `explicit` says whether it was named (then it must exist).
 */
export function baselinePath(cwd: string, config: ResolvedConfig, flag: string | undefined): { file: string; explicit: boolean } {
  if (flag !== undefined) return { file: path.resolve(cwd, flag), explicit: true };
  if (config.baseline) return { file: config.baseline, explicit: true };
  return { file: path.join(config.baseDir, DEFAULT_BASELINE_FILE), explicit: false };
}

/** Read and validate a baseline file; undefined when it does not exist. */
export function readBaselineFile(file: string, label: string): Baseline | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new BaselineError(label, `could not be read (${code ?? (err as Error).message})`);
  }
  return parseBaseline(text, label);
}

/** The files a result analyzed completely (no syntax error), whose baseline entries can be judged. */
export function fullyAnalyzed(result: CheckResult): Set<string> {
  const failed = new Set(result.errors.map((e) => e.file));
  return new Set([...result.sources.keys()].filter((f) => !failed.has(f)));
}

export function staleLines(stale: readonly BaselineEntry[]): string[] {
  return stale.map((e) => `  ${e.file}:${e.line} ${e.ruleId} (${e.fingerprint.slice(0, 12)})`);
}

/**
 * Apply the run's baseline, if any, and describe what it did. With `stagedText` (check --staged),
 * a staged baseline is read as staged: a commit cannot widen its own baseline unseen.
 */
export async function applyBaselineFile(
  cwd: string,
  config: ResolvedConfig,
  flag: string | undefined,
  result: CheckResult,
  stagedText?: (abs: string) => Promise<string | undefined>,
): Promise<{ findings: Finding[]; notes: string[] } | undefined> {
  const { file, explicit } = baselinePath(cwd, config, flag);
  const label = describeFile(cwd, file);
  const staged = await stagedText?.(file);
  const baseline = staged !== undefined ? parseBaseline(staged, label) : readBaselineFile(file, label);
  if (!baseline) {
    if (explicit) throw new BaselineError(label, 'does not exist (run `agentos baseline` to record one)');
    return undefined;
  }
  const outcome = applyBaseline(result.findings, baseline, fullyAnalyzed(result), (f) => existsSync(path.resolve(cwd, f)));
  const notes = [`baseline ${label}${staged !== undefined ? ' (staged)' : ''}: ${outcome.baselined} known finding${outcome.baselined === 1 ? '' : 's'} not reported`];
  if (outcome.stale.length) {
    notes.push(`${outcome.stale.length} baseline entr${outcome.stale.length === 1 ? 'y' : 'ies'} no longer found (\`agentos baseline --prune\` removes them):`);
    notes.push(...staleLines(outcome.stale));
  }
  return { findings: outcome.findings, notes };
}

/** Changed lines since the merge base with `ref`, keyed by path relative to the working directory. */
export async function changedLinesFromCwd(cwd: string, ref: string, staged: boolean): Promise<ChangedLinesByFile> {
  const [loc, changed] = await Promise.all([repoLocation(cwd), changedLines(cwd, ref, { staged })]);
  const here = path.resolve(loc.root, loc.prefix);
  const out = new Map<string, ReadonlySet<number> | 'all'>();
  for (const [file, lines] of changed) out.set(path.relative(here, path.join(loc.root, file)).split(path.sep).join('/'), lines);
  return out;
}
