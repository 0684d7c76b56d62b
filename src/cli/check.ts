/** `agentos check`: flags -> runCheck -> reporter -> exit code. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CHECK_NAMES } from '../analysis/checks/index.js';
import { runCheck, UsageError } from '../analysis/run.js';
import { loadConfig } from '../config/load.js';
import { ConfigError } from '../config/types.js';
import { loadRules, RuleError } from '../policy/rules.js';
import { severityRank, type Severity } from '../policy/types.js';
import { formatResult } from '../report/index.js';
import { CliExit, colorEnabled, usageError } from './io.js';
import { packageVersion } from './main.js';

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
  allContexts?: boolean;
}

export async function runCheckCommand(paths: string[], flags: CheckFlags): Promise<void> {
  const cwd = process.cwd();
  let maxFileSize: number | undefined;
  if (flags.maxFileSize !== undefined) {
    maxFileSize = Number(flags.maxFileSize);
    if (!Number.isInteger(maxFileSize) || maxFileSize <= 0) usageError(`--max-file-size: expected a positive whole number of bytes, got ${JSON.stringify(flags.maxFileSize)}`);
  }
  try {
    const rules = loadRules(undefined, CHECK_NAMES);
    const known = new Set(rules.map((r) => r.id));
    const config = await loadConfig({ cwd, configPath: flags.config, knownRule: (id) => known.has(id) });
    const result = await runCheck({
      paths,
      cwd,
      config,
      rules,
      only: flags.rule,
      disable: flags.disable,
      minSeverity: flags.severity,
      maxFileSize,
    });
    const toFile = flags.output !== undefined;
    const color = flags.format === 'text' && !toFile && colorEnabled(flags.color);
    const out = formatResult(result, flags.format, { color, toolVersion: packageVersion(), cwd, quiet: !!flags.quiet, allContexts: !!flags.allContexts });
    if (toFile) {
      try {
        writeFileSync(path.resolve(cwd, flags.output!), out);
      } catch (err) {
        usageError(`${flags.output}: cannot write the report (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
    } else {
      process.stdout.write(out);
    }
    const failOn = flags.failOn ?? (config.policy === 'audit' ? 'none' : 'low');
    const failing = failOn === 'none' ? [] : result.findings.filter((f) => f.gating !== false && severityRank(f.severity) >= severityRank(failOn));
    throw new CliExit(failing.length ? 1 : 0);
  } catch (err) {
    if (err instanceof CliExit) throw err;
    if (err instanceof ConfigError || err instanceof UsageError || err instanceof RuleError) usageError(err.message);
    throw err;
  }
}
