/** `agentos baseline`: record today's findings (or, with --prune, drop the ones that are gone). */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyBaseline, pruneBaseline, rebaseline, serializeBaseline } from '../analysis/baseline.js';
import { CHECK_NAMES } from '../analysis/checks/index.js';
import { runCheck } from '../analysis/run.js';
import { loadConfig } from '../config/load.js';
import { loadRules } from '../policy/rules.js';
import { asUsageError, parseMaxFileSize } from './check.js';
import { baselinePath, describeFile, fullyAnalyzed, readBaselineFile, staleLines } from './gate-input.js';
import { enableCodeCache } from './code-cache.js';
import { CliExit, usageError } from './io.js';

export interface BaselineFlags {
  output?: string;
  config?: string;
  prune?: boolean;
  maxFileSize?: string;
}

export async function runBaselineCommand(paths: string[], flags: BaselineFlags): Promise<void> {
  enableCodeCache();
  const cwd = process.cwd();
  const maxFileSize = parseMaxFileSize(flags.maxFileSize);
  try {
    const rules = loadRules(undefined, CHECK_NAMES);
    const known = new Set(rules.map((r) => r.id));
    const config = await loadConfig({ cwd, configPath: flags.config, knownRule: (id) => known.has(id) });
    const { file } = baselinePath(cwd, config, flags.output);
    const label = describeFile(cwd, file);
    // an existing file must be a baseline: anything else is the user's and is left alone
    const previous = readBaselineFile(file, label);
    if (flags.prune && !previous) usageError(`${label}: does not exist; nothing to prune (run \`agentos baseline\` to record one)`);
    const result = await runCheck({ paths, cwd, config, rules, maxFileSize });
    let entries;
    let message: string;
    if (flags.prune) {
      const { stale } = applyBaseline(result.findings, previous!, fullyAnalyzed(result), (f) => existsSync(path.resolve(cwd, f)));
      entries = pruneBaseline(previous!, stale);
      message = [`${label}: removed ${stale.length} entr${stale.length === 1 ? 'y' : 'ies'} no longer found, ${entries.length} left`, ...staleLines(stale)].join('\n');
    } else {
      entries = rebaseline(previous, result.findings, new Set(result.sources.keys()));
      message = `${label}: recorded ${entries.length} finding${entries.length === 1 ? '' : 's'}${previous ? ' (updated)' : ''}; \`agentos check\` now reports only new ones`;
    }
    try {
      writeFileSync(file, serializeBaseline(entries));
    } catch (err) {
      usageError(`${label}: cannot write the baseline (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    process.stdout.write(message + '\n');
    for (const e of result.errors) process.stdout.write(`${e.file}: not analyzed: ${e.message}\n`);
    throw new CliExit(0);
  } catch (err) {
    asUsageError(err);
  }
}
