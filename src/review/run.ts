/**
 * `agentos review --cmvk` as a library call: the units to review and their static
 * findings, redaction, chunks, one request per model and chunk (all in parallel under
 * a limit, each through the cache), then the consensus.
 */
import path from 'node:path';
import { factsFor, languageOf, AVAILABLE_LANGUAGES } from '../analysis/engine.js';
import type { Finding } from '../analysis/findings.js';
import { matchesGlob } from '../analysis/glob.js';
import { mapConcurrently, runCheck } from '../analysis/run.js';
import type { ResolvedConfig } from '../config/types.js';
import { redactSecrets } from '../policy/secrets.js';
import type { RuleDefinition } from '../policy/types.js';
import { cacheKey, readCached, reviewCacheDir, writeCached } from './cache.js';
import { chunkFile, estimateTokens, type Chunk, type FileStructure } from './chunk.js';
import { buildConsensus, type AnsweredCall, type ConsensusResult } from './consensus.js';
import { briefOf, findingsInChunk, redactForReview, secretKindOf, systemMessage, userMessage } from './prompt.js';
import { callModel, requestFor, type ProviderRequest } from './providers/index.js';
import type { CallOutcome, ModelRef, ModelReport, ReviewUnit } from './types.js';

export interface ReviewOptions {
  cwd: string;
  config: ResolvedConfig;
  rules: RuleDefinition[];
  /** paths to review (files and directories, as `agentos check` reads them) */
  paths?: string[];
  /** or ready units (staged files, a diff range): these are reviewed instead of paths */
  units?: ReviewUnit[];
  models: ModelRef[];
  threshold: number;
  minModels: number;
  timeoutMs: number;
  /** calls under way at once */
  concurrency: number;
  /** read and write the answer cache */
  cache: boolean;
  env: Record<string, string | undefined>;
  maxRetries?: number;
  maxRetryWaitMs?: number;
}

/** One request that would be, or was, sent. */
export interface PlannedRequest {
  model: ModelRef;
  chunk: Chunk;
  request: ProviderRequest;
  /** estimated input tokens (four characters a token) */
  estimatedTokens: number;
}

export interface ReviewPlan {
  system: string;
  requests: PlannedRequest[];
  chunks: Chunk[];
  /** files never sent: `.env` files and review.exclude */
  excluded: string[];
  staticFindings: Finding[];
  /** fingerprint -> where, for the static findings that were sent with some chunk */
  sentFindings: Map<string, { file: string; line: number }>;
}

export interface ReviewResult extends ConsensusResult {
  plan: ReviewPlan;
  models: ModelReport[];
  calls: AnsweredCall[];
  /** pieces of code fewer than minModels models answered for (empty: the quorum holds) */
  quorumFailures: string[];
}

/** `.env`, `.env.local`, `prod.env`: never sent, whatever the configuration says. */
export function isEnvFile(file: string): boolean {
  const base = path.posix.basename(file);
  return /^\.env(\..*)?$/.test(base) || base.endsWith('.env');
}

/** Reserved for the static findings and the framing of a request, besides the code. */
const FRAMING_TOKENS = 1000;

async function structureOf(unit: ReviewUnit): Promise<FileStructure> {
  const language = languageOf(unit.file, unit.text.slice(0, 200).split('\n')[0]);
  if (!language || !AVAILABLE_LANGUAGES.has(language)) return { functions: [], imports: [] };
  try {
    const facts = await factsFor(unit.file, unit.text, language);
    return {
      functions: facts.functions.map((f) => ({ start: f.range.line, end: f.range.endLine })),
      imports: facts.imports.map((i) => ({ start: i.range.line, end: i.range.endLine })),
    };
  } catch {
    // unparsable: chunks fall back to line windows
    return { functions: [], imports: [] };
  }
}

/** Everything up to the network: what would be sent to whom. `--dry-run` stops here. */
export async function planReview(options: ReviewOptions): Promise<ReviewPlan> {
  const { cwd, config } = options;
  let units: ReviewUnit[];
  let staticFindings: Finding[];
  const relToConfig = (file: string): string => path.relative(config.baseDir, path.resolve(cwd, file)).split(path.sep).join('/');
  const matches = (file: string, globs: string[]): boolean => globs.length > 0 && (matchesGlob(file, globs) || matchesGlob(relToConfig(file), globs));
  if (options.units) {
    // `ignore:` applies as it does to check (paths are filtered by check's own discovery)
    units = options.units.filter((u) => !matches(u.file, config.ignore));
    const contents = new Map(units.map((u) => [u.file, u.text]));
    const checked = await runCheck({ cwd, config, rules: options.rules, contents });
    staticFindings = checked.findings;
  } else {
    const checked = await runCheck({ cwd, config, rules: options.rules, paths: options.paths });
    units = [...checked.sources.entries()].map(([file, text]) => ({ file, text }));
    staticFindings = checked.findings;
  }
  const excluded: string[] = [];
  const kept = units.filter((u) => {
    const out = isEnvFile(u.file) || matches(u.file, config.review.exclude);
    if (out) excluded.push(u.file);
    return !out;
  });
  kept.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  const system = systemMessage(config, cwd);
  const budget = Math.max(200, config.review.maxInputTokens - estimateTokens(system) - FRAMING_TOKENS);
  const chunks: Chunk[] = [];
  const requests: PlannedRequest[] = [];
  const sentFindings = new Map<string, { file: string; line: number }>();
  for (const unit of kept) {
    const mine = staticFindings.filter((f) => f.file === unit.file);
    const secrets = mine.filter((f) => f.category === 'hardcoded-secret').map((f) => ({ line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, kind: secretKindOf(f) }));
    const redacted = redactForReview(unit.text, secrets);
    for (const chunk of chunkFile(unit, await structureOf(unit), budget)) {
      chunks.push(chunk);
      const briefs = findingsInChunk(chunk, mine).map((f) => {
        sentFindings.set(f.fingerprint, { file: f.file, line: f.line });
        const b = briefOf(f);
        return { ...b, message: redactSecrets(b.message) };
      });
      const user = userMessage(chunk, redacted, briefs);
      for (const model of options.models) {
        requests.push({ model, chunk, request: requestFor(model, system, user), estimatedTokens: estimateTokens(system) + estimateTokens(user) });
      }
    }
  }
  return { system, requests, chunks, excluded, staticFindings, sentFindings };
}

function roundCost(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Per model: status, first error, longest call, tokens and cost. */
function modelReports(models: readonly ModelRef[], calls: readonly AnsweredCall[], config: ResolvedConfig): ModelReport[] {
  return models.map((m) => {
    const mine = calls.filter((c) => c.model === m.id);
    const failed = mine.filter((c) => c.outcome.status === 'error');
    const tokens = { input: 0, output: 0 };
    let cached = 0;
    for (const c of mine) {
      if (c.outcome.status === 'ok' && c.outcome.cached) {
        cached++;
        continue;
      }
      tokens.input += c.outcome.usage.input;
      tokens.output += c.outcome.usage.output;
    }
    const report: ModelReport = {
      id: m.id,
      status: failed.length ? 'error' : 'ok',
      latencyMs: Math.max(0, ...mine.map((c) => c.outcome.latencyMs)),
      calls: mine.length,
      failedCalls: failed.length,
      cachedCalls: cached,
      tokens,
    };
    if (failed.length) {
      const first = failed[0]!;
      const where = first.chunk.parts > 1 ? `${first.chunk.file} part ${first.chunk.part}` : first.chunk.file;
      report.error = `${(first.outcome as Extract<CallOutcome, { status: 'error' }>).error} (${where}${failed.length > 1 ? `; ${failed.length} of ${mine.length} calls failed` : ''})`;
    }
    const price = config.review.pricing[m.id];
    if (price) report.cost = roundCost((tokens.input * price.input + tokens.output * price.output) / 1e6);
    return report;
  });
}

export async function runReview(options: ReviewOptions): Promise<ReviewResult> {
  const plan = await planReview(options);
  const cacheDir = reviewCacheDir(options.config.file ? options.config.baseDir : options.cwd);
  const calls = await mapConcurrently(plan.requests, options.concurrency, async (p): Promise<AnsweredCall> => {
    const key = options.cache ? cacheKey(p.model, p.request) : '';
    if (options.cache) {
      const hit = await readCached(cacheDir, key, p.chunk.lineCount);
      if (hit) return { model: p.model.id, chunk: p.chunk, outcome: { status: 'ok', answer: hit.answer, usage: hit.usage, latencyMs: 0, cached: true, attempts: 0 } };
    }
    const outcome = await callModel(p.model, p.request, {
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries ?? 2,
      maxRetryWaitMs: options.maxRetryWaitMs ?? 60_000,
      env: options.env,
      lineCount: p.chunk.lineCount,
    });
    if (options.cache && outcome.status === 'ok') await writeCached(cacheDir, key, p.model.id, outcome.answer, outcome.usage);
    return { model: p.model.id, chunk: p.chunk, outcome };
  });

  const quorumFailures: string[] = [];
  for (const chunk of plan.chunks) {
    const answered = calls.filter((c) => c.chunk === chunk && c.outcome.status === 'ok').length;
    if (answered < options.minModels) {
      const where = chunk.parts > 1 ? `${chunk.file} (part ${chunk.part} of ${chunk.parts})` : chunk.file;
      quorumFailures.push(`${where}: ${answered} of ${options.models.length} models answered, fewer than the quorum of ${options.minModels}`);
    }
  }
  const consensus = buildConsensus(calls, plan.sentFindings, options.threshold);
  return { ...consensus, plan, models: modelReports(options.models, calls, options.config), calls, quorumFailures };
}
