/** `agentos audit verify|show`: the flight recorder seen from the terminal. */
import { existsSync } from 'node:fs';
import { formatAuditRecords, readAuditRecords, verifyAuditFile } from '../kernel/audit.js';
import { CliExit, usageError } from './io.js';

function requireFile(file: string): void {
  if (!existsSync(file)) usageError(`${file}: no such file (expected a recorder file written by KernelSpace)`);
}

export async function auditVerifyCommand(file: string): Promise<void> {
  requireFile(file);
  const result = verifyAuditFile(file);
  if (result.ok) {
    process.stdout.write(`${file}: chain intact, ${result.records} records\n`);
    throw new CliExit(0);
  }
  const bad = result.firstBad!;
  process.stdout.write(`${file}:${bad.line}: ${bad.problem}: ${bad.message}\n`);
  throw new CliExit(1);
}

function parseTime(flag: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) usageError(`${flag}: expected an ISO date/time such as 2026-01-31T12:00:00Z, got ${JSON.stringify(value)}`);
  return d;
}

export async function auditShowCommand(
  file: string,
  opts: { agent?: string; verdict?: 'allow' | 'deny'; rule?: string; since?: string; until?: string; format: 'text' | 'json' },
): Promise<void> {
  requireFile(file);
  const records = readAuditRecords(file, {
    agent: opts.agent,
    verdict: opts.verdict,
    rule: opts.rule,
    since: parseTime('--since', opts.since),
    until: parseTime('--until', opts.until),
  });
  process.stdout.write(formatAuditRecords(records, opts.format));
  throw new CliExit(0);
}
