/** `agentos check`: flags -> runCheck -> gate filters (baseline, diff) -> reporter -> exit code. */
import path from 'node:path';
import { BaselineError } from '../analysis/baseline.js';
import { defaultCacheLocation } from '../analysis/cache.js';
import { CHECK_NAMES } from '../analysis/checks/check-names.js';
import type { CheckResult, Finding } from '../analysis/findings.js';
import { isNewInChange, unanalyzedFiles } from '../analysis/gate.js';
import { runCheck, UsageError, type CheckOptions } from '../analysis/run.js';
import { loadConfig } from '../config/load.js';
import { ConfigError, type ResolvedConfig } from '../config/types.js';
import { GitError, NotAGitRepository } from '../git/index.js';
import { loadRules, RuleError } from '../policy/rules.js';
import { SEVERITIES, type Severity } from '../policy/types.js';
import { formatResult } from '../report/index.js';
import { applyBaselineFile, changedLinesFromCwd, describeFile } from './gate-input.js';
import { enableCodeCache } from './code-cache.js';
import { allowRuntimeTuning } from '../analysis/jit.js';
import { CliExit, colorEnabled, usageError } from './io.js';
import { finishReport } from './report-out.js';
import { packageVersion } from './version.js';
import { markPhase } from '../analysis/phase-times.js';

export interface CheckFlags {
  format: 'text' | 'json' | 'sarif' | 'github' | 'junit';
  output?: string;
  failOn?: Severity | 'none';
  severity: Severity;
  config?: string;
  rule: string[];
  disable: string[];
  maxFileSize?: string;
  color?: boolean;
  quiet?: boolean;
  staged?: boolean;
  diffBase?: string;
  /** a path, or false for --no-baseline */
  baseline?: string | false;
  reportUnusedSuppressions?: boolean;
  allowUnanalyzed?: boolean;
  allContexts?: boolean;
  /** false for --no-cache */
  cache?: boolean;
  cacheLocation?: string;
  jobs?: string;
  shard?: string;
}

/** Running in CI: the CI variable most CI systems set (`true`, `1`). */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CI?.trim().toLowerCase();
  return !!v && v !== 'false' && v !== '0';
}

export function parseMaxFileSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) usageError(`--max-file-size: expected a positive whole number of bytes, got ${JSON.stringify(value)}`);
  return n;
}

export function parseJobs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 256) usageError(`--jobs: expected a whole number of threads from 1 to 256, got ${JSON.stringify(value)}`);
  return n;
}

/** Errors a user can fix, as one line and exit code 2; anything else goes up. */
export function asUsageError(err: unknown): never {
  if (err instanceof CliExit) throw err;
  if (err instanceof NotAGitRepository) usageError('not a git repository (--staged and --diff-base need one)');
  if (err instanceof ConfigError || err instanceof UsageError || err instanceof RuleError || err instanceof BaselineError || err instanceof GitError) usageError(err.message);
  throw err;
}

function withFindings(result: CheckResult, findings: Finding[]): CheckResult {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) bySeverity[f.severity]++;
  return { ...result, findings, summary: { ...result.summary, findings: findings.length, bySeverity } };
}

export async function runCheckCommand(paths: string[], flags: CheckFlags): Promise<void> {
  markPhase('check command loaded');
  enableCodeCache();
  const cwd = process.cwd();
  const maxFileSize = parseMaxFileSize(flags.maxFileSize);
  const jobs = parseJobs(flags.jobs);
  // (the shard module comes with the project pass: loaded only for --shard)
  const shard = flags.shard === undefined ? undefined : (await import('../analysis/shard.js')).parseShard(flags.shard) ?? usageError(`--shard: expected i/n with 1 <= i <= n (e.g. 2/4), got ${JSON.stringify(flags.shard)}`);
  const gate = !!flags.staged || flags.diffBase !== undefined || inCi();
  try {
    const rules = loadRules(undefined, CHECK_NAMES);
    markPhase('rules loaded');
    const known = new Set(rules.map((r) => r.id));
    const knownRule = (id: string) => known.has(id);
    const notes: string[] = [];
    let config: ResolvedConfig;
    const options: Partial<CheckOptions> = {};
    let stagedText: ((abs: string) => Promise<string | undefined>) | undefined;
    if (flags.staged) {
      const { readStagedInput } = await import('./staged-input.js');
      const staged = await readStagedInput(cwd, paths, flags.config, knownRule);
      config = staged.config;
      options.contents = staged.contents;
      if (staged.ignoreFileText !== undefined) options.ignoreFileText = staged.ignoreFileText;
      stagedText = staged.stagedText;
      notes.push(
        staged.configSource === 'defaults'
          ? 'configuration: the defaults (no configuration file)'
          : `configuration: ${describeFile(cwd, config.file!)} (${staged.configSource === 'staged' ? 'the staged version' : 'the work tree; it is not staged'})`,
      );
      if (staged.differsInWorkTree.length)
        notes.push(`checked the staged version; the work tree differs for: ${staged.differsInWorkTree.join(', ')}`);
    } else {
      config = await loadConfig({ cwd, configPath: flags.config, knownRule });
    }

    markPhase('configuration loaded');
    let changed: Awaited<ReturnType<typeof changedLinesFromCwd>> | undefined;
    if (flags.diffBase !== undefined) {
      changed = await changedLinesFromCwd(cwd, flags.diffBase, !!flags.staged);
      // only files the change touches can have new findings (traces stay within a file)
      if (!flags.staged) options.limitTo = new Set(changed.keys());
    }

    // this process is the CLI's own: a long run may tune V8 for itself (jit.ts)
    allowRuntimeTuning();
    const result = await runCheck({
      paths,
      cwd,
      config,
      rules,
      only: flags.rule,
      disable: flags.disable,
      minSeverity: flags.severity,
      maxFileSize,
      jobs,
      shard,
      reportUnusedSuppressions: flags.reportUnusedSuppressions ?? (!!flags.staged || inCi()),
      ...options,
      ...(flags.cache !== false && { cache: { location: flags.cacheLocation !== undefined ? path.resolve(cwd, flags.cacheLocation) : defaultCacheLocation(config.baseDir) } }),
    });

    let findings = result.findings;
    if (flags.baseline !== false) {
      const outcome = await applyBaselineFile(cwd, config, flags.baseline, result, stagedText);
      if (outcome) {
        findings = outcome.findings;
        notes.push(...outcome.notes);
      }
    }
    if (changed) {
      const before = findings.length;
      findings = findings.filter((f) => isNewInChange(f, changed!));
      notes.push(`--diff-base ${flags.diffBase}: ${findings.length} finding${findings.length === 1 ? '' : 's'} on lines changed since the merge base; ${before - findings.length} on unchanged lines not reported`);
    }

    const unanalyzed = gate && !flags.allowUnanalyzed ? unanalyzedFiles(result) : [];
    if (unanalyzed.length) {
      notes.push(`not analyzed, so the gate fails (--allow-unanalyzed accepts this):`);
      for (const u of unanalyzed) notes.push(`  ${u.file}: ${u.message}`);
    }

    const final = withFindings({ ...result, notes: [...(result.notes ?? []), ...notes] }, findings);
    const toFile = flags.output !== undefined;
    const color = flags.format === 'text' && !toFile && colorEnabled(flags.color);
    let out = formatResult(final, flags.format, { color, toolVersion: packageVersion(), cwd, quiet: !!flags.quiet, allContexts: !!flags.allContexts });
    markPhase('report formatted');
    const failOn = flags.failOn ?? (config.policy === 'audit' ? 'none' : 'low');
    if (result.shard && flags.format === 'json') {
      const { configDigest, shardBlock, withShardBlock } = await import('./merge.js');
      const digest = configDigest(config, result, { severity: flags.severity, maxFileSize, reportUnusedSuppressions: flags.reportUnusedSuppressions ?? inCi(), baseline: flags.baseline, diffBase: flags.diffBase });
      out = withShardBlock(out, shardBlock(final, { ...result.shard, config: digest }, failOn, unanalyzed));
    }
    finishReport({ cwd, output: flags.output, format: flags.format, text: out, findings, failOn, unanalyzed });
  } catch (err) {
    asUsageError(err);
  }
}
