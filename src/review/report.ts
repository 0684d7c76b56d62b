/** Review reporters: text, JSON (the DESIGN.md contract) and SARIF; and the dry-run listing. Pure. */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Finding } from '../analysis/findings.js';
import { INFORMATION_URI, LEVEL, SARIF_LOG, SECURITY_SEVERITY } from '../report/sarif.js';
import type { ReviewPlan, ReviewResult } from './run.js';
import type { ReviewedFinding } from './types.js';

export interface ReviewReportContext {
  threshold: number;
  minModels: number;
  toolVersion: string;
  cwd: string;
}

export function formatReviewJson(r: ReviewResult, ctx: ReviewReportContext): string {
  const doc = {
    version: 1,
    models: r.models.map((m) => {
      const { id, status, error, latencyMs, calls, failedCalls, cachedCalls, tokens, cost } = m;
      return { id, status, ...(error ? { error } : {}), latencyMs, calls, failedCalls, cachedCalls, tokens, ...(cost !== undefined ? { cost } : {}) };
    }),
    consensus: r.consensus,
    dissent: r.dissent,
    verdicts: r.verdicts,
    // the contract's `agreement` is a number: with no two models answering for the same code there
    // is nothing to disagree about (1), and `agreementPairs: 0` says so
    agreement: r.agreement ?? 1,
    agreementPairs: r.agreementPairs,
    threshold: ctx.threshold,
    quorum: { minModels: ctx.minModels, ok: r.quorumFailures.length === 0, failures: r.quorumFailures },
    excluded: r.plan.excluded,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function money(x: number): string {
  return `$${x < 0.01 ? x.toFixed(6) : x.toFixed(4)}`;
}

function num(n: number): string {
  return n.toLocaleString('en-US');
}

function findingLines(list: readonly ReviewedFinding[]): string[] {
  return list.flatMap((f) => [
    `  ${f.file}:${f.line}${f.endLine > f.line ? `-${f.endLine}` : ''}  ${f.severity}  ${f.category}  (${f.votes}/${f.of}: ${f.models.join(', ')})`,
    `    ${f.message}`,
  ]);
}

export function formatReviewText(r: ReviewResult, ctx: ReviewReportContext): string {
  const out: string[] = [];
  const files = new Set(r.plan.chunks.map((c) => c.file)).size;
  out.push(`Review of ${files} ${files === 1 ? 'file' : 'files'} (${r.plan.chunks.length} ${r.plan.chunks.length === 1 ? 'request' : 'requests'} per model) by ${r.models.length} ${r.models.length === 1 ? 'model' : 'models'}; threshold ${ctx.threshold}, quorum ${ctx.minModels}.`);
  if (r.plan.excluded.length) out.push(`Not sent: ${r.plan.excluded.join(', ')}.`);
  out.push('', 'Models');
  const width = Math.max(...r.models.map((m) => m.id.length));
  let totalIn = 0;
  let totalOut = 0;
  let totalCost: number | undefined;
  for (const m of r.models) {
    totalIn += m.tokens.input;
    totalOut += m.tokens.output;
    if (m.cost !== undefined) totalCost = (totalCost ?? 0) + m.cost;
    const cost = m.cost !== undefined ? `  ${money(m.cost)}` : '';
    const cached = m.cachedCalls ? `  ${m.cachedCalls} cached` : '';
    out.push(`  ${m.id.padEnd(width)}  ${m.status.padEnd(5)}  ${seconds(m.latencyMs).padStart(7)}  ${num(m.tokens.input)} in / ${num(m.tokens.output)} out${cost}${cached}`);
    if (m.error) out.push(`  ${' '.repeat(width)}  error: ${m.error}`);
  }
  out.push('', `Consensus (${r.consensus.length})`, ...(r.consensus.length ? findingLines(r.consensus) : ['  none']));
  if (r.dissent.length) out.push('', `Dissent (${r.dissent.length}): reported by too few models`, ...findingLines(r.dissent));
  if (r.verdicts.length) {
    out.push('', 'Static findings');
    const byFp = new Map<string, Finding>(r.plan.staticFindings.map((f) => [f.fingerprint, f]));
    for (const v of r.verdicts) {
      const f = byFp.get(v.finding);
      const where = f ? `${f.file}:${f.line}  ${f.severity}  ${f.ruleId}` : v.finding;
      const tally = `confirmed by ${v.confirm}, dismissed by ${v.dismiss} of ${v.of}`;
      out.push(`  ${where}  ${v.disputed ? `DISPUTED (${tally})` : tally}`);
    }
  }
  out.push('');
  out.push(`Agreement: ${r.agreement === null ? 'n/a (no two models answered for the same code)' : r.agreement.toFixed(2)} (mean pairwise Jaccard index)`);
  out.push(`Tokens: ${num(totalIn)} in / ${num(totalOut)} out${totalCost !== undefined ? `; cost ${money(totalCost)}` : ''}.`);
  for (const q of r.quorumFailures) out.push(`Quorum not reached: ${q}`);
  return out.join('\n') + '\n';
}

/** SARIF 2.1.0: one run, the consensus as results, one rule per category. */
export function formatReviewSarif(r: ReviewResult, ctx: ReviewReportContext): string {
  const categories = [...new Set(r.consensus.map((f) => f.category))].sort();
  const index = new Map(categories.map((c, i) => [c, i]));
  const rules = categories.map((c) => ({
    id: `cmvk/${c}`,
    name: `Cmvk${c.replace(/(^|-)([a-z])/g, (_m, _d, ch: string) => ch.toUpperCase())}`,
    shortDescription: { text: `${c} (cross-model review consensus)` },
    properties: { tags: ['security', c] },
  }));
  const results = r.consensus.map((f) => ({
    ruleId: `cmvk/${f.category}`,
    ruleIndex: index.get(f.category)!,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: f.file, uriBaseId: '%SRCROOT%' }, region: { startLine: f.line, endLine: f.endLine } } }],
    partialFingerprints: { 'agentosReview/v1': createHash('sha256').update(`${f.file}\0${f.category}\0${f.line}`).digest('hex').slice(0, 32) },
    properties: { category: f.category, severity: f.severity, 'security-severity': SECURITY_SEVERITY[f.severity], votes: f.votes, of: f.of, models: f.models },
  }));
  const run = {
    tool: { driver: { name: 'agentos-review', version: ctx.toolVersion, informationUri: INFORMATION_URI, rules } },
    originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(ctx.cwd.endsWith('/') ? ctx.cwd : ctx.cwd + '/').href } },
    invocations: [
      {
        executionSuccessful: r.quorumFailures.length === 0,
        toolExecutionNotifications: r.models.filter((m) => m.error).map((m) => ({ level: 'warning', message: { text: `${m.id}: ${m.error}` } })),
      },
    ],
    results,
  };
  return JSON.stringify({ ...SARIF_LOG, runs: [run] }, null, 2) + '\n';
}

/** `--dry-run`: every request exactly as it would be sent, with its estimated input tokens. */
export function formatDryRun(plan: ReviewPlan, format: 'text' | 'json', missingKey?: string): string {
  const total = plan.requests.reduce((s, p) => s + p.estimatedTokens, 0);
  if (format === 'json') {
    return JSON.stringify(
      {
        version: 1,
        dryRun: true,
        excluded: plan.excluded,
        ...(missingKey ? { warning: missingKey } : {}),
        requests: plan.requests.map((p) => ({ model: p.model.id, url: p.request.url, file: p.chunk.file, part: p.chunk.part, parts: p.chunk.parts, estimatedInputTokens: p.estimatedTokens, body: p.request.body })),
        estimatedInputTokens: total,
      },
      null,
      2,
    ) + '\n';
  }
  const out: string[] = [];
  out.push(`Dry run: ${plan.requests.length} ${plan.requests.length === 1 ? 'request' : 'requests'}, about ${num(total)} input tokens in all; nothing was sent.`);
  if (missingKey) out.push(`Note: ${missingKey}; a real run would stop there.`);
  if (plan.excluded.length) out.push(`Never sent: ${plan.excluded.join(', ')}.`);
  out.push('Every request carries the same system message:', '--- system ---', plan.system, '--- end ---');
  const shownParams = new Set<string>();
  for (const p of plan.requests) {
    const part = p.chunk.parts > 1 ? ` part ${p.chunk.part}/${p.chunk.parts}` : '';
    out.push('', `=== ${p.model.id}: POST ${p.request.url} (${p.chunk.file}${part}, about ${num(p.estimatedTokens)} input tokens) ===`);
    // the rest of the body (model, response format or tool) once per model; --format json prints whole bodies
    const { messages, system, ...params } = p.request.body as { messages: { role: string; content: string }[]; system?: string };
    void system;
    if (!shownParams.has(p.model.id)) {
      shownParams.add(p.model.id);
      out.push(`parameters: ${JSON.stringify(params)}`);
    }
    const user = messages.find((m) => m.role === 'user');
    out.push('--- user ---', user?.content ?? '', '--- end ---');
  }
  return out.join('\n') + '\n';
}
