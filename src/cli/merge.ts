/**
 * `agentos merge a.json b.json ...`: the reports of `agentos check --shard i/n --format json`
 * joined into the report of one unsharded run, in any format, with check's exit code.
 *
 * A shard's JSON is the JSON contract of `check` plus one key, `shard`, which tells merge
 * what the report cannot: which shard it is, a digest of the configuration and of the file
 * list (every shard must have checked the same tree the same way), the gate's threshold,
 * which findings and errors do not count toward it (non-production code) and which files the
 * gate counts as not analyzed. The merged JSON has exactly the contract's keys.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CHECK_NAMES } from '../analysis/checks/index.js';
import type { AnalysisError, CheckResult, Finding } from '../analysis/findings.js';
import { loadRules } from '../policy/rules.js';
import { SEVERITIES, type Severity } from '../policy/types.js';
import { formatResult } from '../report/index.js';
import type { ResolvedConfig } from '../config/types.js';
import { colorEnabled, usageError } from './io.js';
import { finishReport } from './report-out.js';
import { packageVersion } from './version.js';

/** The `shard` key of a shard's JSON report. */
export interface ShardBlock {
  index: number;
  count: number;
  /** files of the whole run (all shards) and a digest of their paths and sizes */
  files: number;
  inputs: string;
  /** digest of the configuration, the active rules and the options that change findings */
  config: string;
  /** the active rules and their severities (SARIF rule metadata) */
  rules: { id: string; severity: Severity }[];
  failOn: Severity | 'none';
  /** indices into `findings` / `errors` that never fail the gate (non-production code) */
  nonGating: { findings: number[]; errors: number[] };
  /** files the gate counts as not analyzed (empty outside a gate or with --allow-unanalyzed) */
  unanalyzed: { file: string; message: string }[];
}

/** Digest of what must be the same in every shard of one run. */
export function configDigest(config: ResolvedConfig, result: Pick<CheckResult, 'rules'>, options: Record<string, unknown>): string {
  const { file: _file, baseDir: _baseDir, ...rest } = config;
  const rules = result.rules.map((r) => [r.id, r.severity]);
  return createHash('sha256').update(JSON.stringify({ config: rest, rules, options })).digest('hex').slice(0, 32);
}

/** The JSON report with the shard key added after the contract's keys. */
export function withShardBlock(json: string, block: ShardBlock): string {
  return JSON.stringify({ ...(JSON.parse(json) as object), shard: block }, null, 2) + '\n';
}

export function shardBlock(
  result: CheckResult,
  info: { index: number; count: number; files: number; inputs: string; config: string },
  failOn: Severity | 'none',
  unanalyzed: AnalysisError[],
): ShardBlock {
  const indices = <T extends { gating?: boolean }>(xs: readonly T[]) => xs.flatMap((x, i) => (x.gating === false ? [i] : []));
  return {
    ...info,
    rules: result.rules.map((r) => ({ id: r.id, severity: r.severity })),
    failOn,
    nonGating: { findings: indices(result.findings), errors: indices(result.errors) },
    unanalyzed: unanalyzed.map((u) => ({ file: u.file, message: u.message })),
  };
}

export interface MergeFlags {
  format: 'text' | 'json' | 'sarif' | 'github' | 'junit';
  output?: string;
  failOn?: Severity | 'none';
  color?: boolean;
  quiet?: boolean;
  allContexts?: boolean;
}

interface ShardReport {
  file: string;
  tool: string;
  findings: Finding[];
  errors: AnalysisError[];
  files: number;
  shard: ShardBlock;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

/** One shard's report, or a one-line usage error naming the file. */
function readShard(cwd: string, file: string): ShardReport {
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    usageError(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? (err as Error).message})`}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    usageError(`${file}: not JSON (expected the output of \`agentos check --shard i/n --format json\`)`);
  }
  const expected = `${file}: not the JSON report of \`agentos check --shard i/n --format json\``;
  if (!isObject(doc) || doc.version !== 1 || !isObject(doc.tool) || doc.tool.name !== 'agentos' || typeof doc.tool.version !== 'string') usageError(`${expected} (no \`version: 1\` and \`tool.name: agentos\`)`);
  if (!Array.isArray(doc.findings) || !Array.isArray(doc.errors) || !isObject(doc.summary) || typeof doc.summary.files !== 'number') usageError(`${expected} (\`findings\`, \`errors\` or \`summary\` missing)`);
  const s = doc.shard;
  if (!isObject(s)) usageError(`${expected} (no \`shard\` key: was it checked with --shard?)`);
  const ok =
    Number.isInteger(s.index) && Number.isInteger(s.count) && typeof s.config === 'string' && typeof s.inputs === 'string' && Array.isArray(s.rules) && isObject(s.nonGating) && Array.isArray(s.unanalyzed) && typeof s.failOn === 'string';
  if (!ok) usageError(`${expected} (its \`shard\` key is incomplete)`);
  const block = s as unknown as ShardBlock;
  const nonGatingFindings = new Set(block.nonGating.findings);
  const nonGatingErrors = new Set(block.nonGating.errors);
  const findings = (doc.findings as Finding[]).map((f, i) => (nonGatingFindings.has(i) ? { ...f, gating: false } : f));
  const errors = (doc.errors as AnalysisError[]).map((e, i) => (nonGatingErrors.has(i) ? { ...e, gating: false } : e));
  for (const f of findings) if (!isObject(f) || typeof f.file !== 'string' || !SEVERITIES.includes(f.severity)) usageError(`${expected} (a finding without \`file\` or \`severity\`)`);
  return { file, tool: doc.tool.version, findings, errors, files: doc.summary.files, shard: block };
}

/** The shards joined, in the order of an unsharded run (by file; a file's findings come from one shard, in order). */
export function mergeShards(cwd: string, files: readonly string[]): { result: CheckResult; failOn: Severity | 'none'; unanalyzed: { file: string; message: string }[] } {
  if (!files.length) usageError('merge: no reports given (expected the JSON reports of `agentos check --shard i/n`)');
  const reports = files.map((f) => readShard(cwd, f));
  const first = reports[0]!;
  const version = packageVersion();
  const seen = new Map<number, string>();
  for (const r of reports) {
    if (r.tool !== version) usageError(`${r.file}: written by agentos ${r.tool}, this is agentos ${version} (merge with the version that checked)`);
    const s = r.shard;
    if (s.count !== first.shard.count) usageError(`${r.file}: shard ${s.index}/${s.count}, but ${first.file} is one of ${first.shard.count}`);
    if (s.config !== first.shard.config) usageError(`${r.file}: checked with another configuration, rules or options than ${first.file}`);
    if (s.inputs !== first.shard.inputs || s.files !== first.shard.files) usageError(`${r.file}: checked another set of files than ${first.file} (not the same checkout?)`);
    if (s.failOn !== first.shard.failOn) usageError(`${r.file}: --fail-on ${s.failOn}, but ${first.file} has ${first.shard.failOn}`);
    const twice = seen.get(s.index);
    if (twice) usageError(`${r.file}: shard ${s.index}/${s.count} is also ${twice}`);
    seen.set(s.index, r.file);
  }
  const missing = Array.from({ length: first.shard.count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length) usageError(`merge: shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${first.shard.count}`).join(', ')} missing (given: ${files.join(', ')})`);

  const ordered = [...reports].sort((a, b) => a.shard.index - b.shard.index);
  const findings = ordered.flatMap((r) => r.findings).sort(byFile);
  const errors = ordered.flatMap((r) => r.errors).sort(byFile);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) bySeverity[f.severity]++;
  const known = new Map(loadRules(undefined, CHECK_NAMES).map((r) => [r.id, r]));
  const rules = first.shard.rules.flatMap((r) => {
    const def = known.get(r.id);
    return def ? [{ ...def, severity: r.severity }] : [];
  });
  // the text report shows code frames: the files are read where they are, if they are there
  const sources = new Map<string, string>();
  for (const file of new Set(findings.map((f) => f.file))) {
    try {
      sources.set(file, readFileSync(path.resolve(cwd, file), 'utf8'));
    } catch {
      // a report merged away from the checkout prints no frames
    }
  }
  return {
    result: { findings, errors, skipped: [], summary: { files: ordered.reduce((n, r) => n + r.files, 0), findings: findings.length, bySeverity }, rules, sources },
    failOn: first.shard.failOn,
    unanalyzed: ordered.flatMap((r) => r.shard.unanalyzed).sort(byFile),
  };
}

export async function runMergeCommand(files: string[], flags: MergeFlags): Promise<void> {
  const cwd = process.cwd();
  const { result, failOn: shardFailOn, unanalyzed } = mergeShards(cwd, files);
  const notes = unanalyzed.length ? ['not analyzed, so the gate fails (--allow-unanalyzed accepts this):', ...unanalyzed.map((u) => `  ${u.file}: ${u.message}`)] : [];
  const final = notes.length ? { ...result, notes } : result;
  const toFile = flags.output !== undefined;
  const color = flags.format === 'text' && !toFile && colorEnabled(flags.color);
  const out = formatResult(final, flags.format, { color, toolVersion: packageVersion(), cwd, quiet: !!flags.quiet, allContexts: !!flags.allContexts });
  finishReport({ cwd, output: flags.output, format: flags.format, text: out, findings: result.findings, failOn: flags.failOn ?? shardFailOn, unanalyzed });
}
