/** `agentos review --cmvk`: flags -> models and input -> runReview -> reporter -> exit code. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CHECK_NAMES } from '../analysis/checks/index.js';
import { UsageError } from '../analysis/run.js';
import { loadConfig } from '../config/load.js';
import { ConfigError } from '../config/types.js';
import { loadRules, RuleError } from '../policy/rules.js';
import { severityRank, type Severity } from '../policy/types.js';
import { GitError, NotAGitRepository } from '../git/index.js';
import { GitInputError, reviewUnitsFromGit } from '../review/git-input.js';
import { missingKey, parseModelName, resolveModels, ReviewSetupError } from '../review/providers/index.js';
import { formatDryRun, formatReviewJson, formatReviewSarif, formatReviewText, type ReviewReportContext } from '../review/report.js';
import { planReview, runReview, type ReviewOptions } from '../review/run.js';
import { CliExit, fail, usageError } from './io.js';
import { packageVersion } from './version.js';

export interface ReviewFlags {
  cmvk?: boolean;
  models?: string[];
  threshold?: string;
  minModels?: string;
  timeout?: string;
  concurrency?: string;
  format: 'text' | 'json' | 'sarif';
  output?: string;
  failOn?: Severity | 'none';
  dryRun?: boolean;
  cache: boolean;
  staged?: boolean;
  diffBase?: string;
  config?: string;
}

function numberFlag(name: string, raw: string, ok: (n: number) => boolean, expected: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !ok(n)) usageError(`${name}: expected ${expected}, got ${JSON.stringify(raw)}`);
  return n;
}

export async function runReviewCommand(paths: string[], flags: ReviewFlags): Promise<void> {
  const cwd = process.cwd();
  const env = process.env as Record<string, string | undefined>;
  if (!flags.cmvk) usageError('review: --cmvk is required (cross-model verification is the review this version performs)');
  if (flags.staged && flags.diffBase !== undefined) usageError('review: --staged and --diff-base cannot be combined');
  if ((flags.staged || flags.diffBase !== undefined) && paths.length) usageError('review: give paths, or --staged, or --diff-base, not several');
  try {
    const rules = loadRules(undefined, CHECK_NAMES);
    const known = new Set(rules.map((r) => r.id));
    const config = await loadConfig({ cwd, configPath: flags.config, knownRule: (id) => known.has(id) });
    const specs = flags.models?.length ? flags.models.map(parseModelName) : config.review.models;
    if (!specs.length) usageError('review: no models to ask; give --models openai:<model>,anthropic:<model> or set review.models in the configuration');
    const models = resolveModels(specs, config.review.endpoints, env);
    const threshold = flags.threshold !== undefined ? numberFlag('--threshold', flags.threshold, (n) => n > 0 && n <= 1, 'a share in (0, 1]') : config.review.threshold;
    const minModels =
      flags.minModels !== undefined
        ? numberFlag('--min-models', flags.minModels, (n) => Number.isInteger(n) && n >= 1, 'a whole number of at least 1')
        : (config.review.minModels ?? (models.length >= 2 ? 2 : 1));
    if (minModels > models.length) usageError(`review: a quorum of ${minModels} models cannot be reached with the ${models.length} asked (${models.map((m) => m.id).join(', ')})`);
    const timeoutSeconds = flags.timeout !== undefined ? numberFlag('--timeout', flags.timeout, (n) => n > 0, 'a positive number of seconds') : config.review.timeoutSeconds;
    const concurrency = numberFlag('--concurrency', flags.concurrency ?? '8', (n) => Number.isInteger(n) && n >= 1, 'a whole number of at least 1');

    const noKey = missingKey(models, env);
    if (noKey && !flags.dryRun) usageError(noKey);

    const options: ReviewOptions = {
      cwd,
      config,
      rules,
      models,
      threshold,
      minModels,
      timeoutMs: timeoutSeconds * 1000,
      concurrency,
      cache: flags.cache,
      env,
    };
    if (flags.staged || flags.diffBase !== undefined) options.units = await reviewUnitsFromGit(cwd, { staged: flags.staged, diffBase: flags.diffBase });
    else options.paths = paths;

    let out: string;
    let code = 0;
    if (flags.dryRun) {
      out = formatDryRun(await planReview(options), flags.format === 'json' ? 'json' : 'text', noKey);
    } else {
      const result = await runReview(options);
      const ctx: ReviewReportContext = { threshold, minModels, toolVersion: packageVersion(), cwd };
      out = flags.format === 'json' ? formatReviewJson(result, ctx) : flags.format === 'sarif' ? formatReviewSarif(result, ctx) : formatReviewText(result, ctx);
      const failOn = flags.failOn ?? 'low';
      const failing = failOn === 'none' ? [] : result.consensus.filter((f) => severityRank(f.severity) >= severityRank(failOn));
      code = failing.length ? 1 : 0;
      if (result.quorumFailures.length) {
        const failed = result.models.filter((m) => m.error).map((m) => `${m.id}: ${m.error}`);
        fail(`quorum not reached: ${result.quorumFailures[0]}${result.quorumFailures.length > 1 ? ` (and ${result.quorumFailures.length - 1} more)` : ''}${failed.length ? `; ${failed.join('; ')}` : ''}`);
        code = 2;
      }
    }
    if (flags.output !== undefined) {
      try {
        writeFileSync(path.resolve(cwd, flags.output), out);
      } catch (err) {
        usageError(`${flags.output}: cannot write the report (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
    } else {
      process.stdout.write(out);
    }
    throw new CliExit(code);
  } catch (err) {
    if (err instanceof CliExit) throw err;
    if (err instanceof NotAGitRepository) usageError('not a git repository (--staged and --diff-base need one)');
    if (err instanceof ConfigError || err instanceof UsageError || err instanceof RuleError || err instanceof ReviewSetupError || err instanceof GitInputError || err instanceof GitError)
      usageError(err.message);
    throw err;
  }
}
