/**
 * From the answers to the report: the same finding across models, votes, consensus and
 * dissent, verdict counts on static findings, and agreement between models. Pure.
 */
import { severityRank, type Severity } from '../policy/types.js';
import { inRanges, type Chunk } from './chunk.js';
import type { CallOutcome, ModelFinding, ReviewedFinding, VerdictCount } from './types.js';

/** Findings this many lines apart (after their ranges) are still the same finding. */
export const LINE_SLACK = 2;

export interface AnsweredCall {
  model: string;
  chunk: Chunk;
  outcome: CallOutcome;
}

export interface ConsensusResult {
  consensus: ReviewedFinding[];
  dissent: ReviewedFinding[];
  verdicts: VerdictCount[];
  /** mean pairwise agreement; null when no two models answered for the same code */
  agreement: number | null;
  /** how many pairs of models answered for the same code */
  agreementPairs: number;
}

interface Reported {
  model: string;
  file: string;
  chunkKey: string;
  finding: ModelFinding;
  cluster: number;
}

function chunkKey(c: Chunk): string {
  return `${c.file}#${c.part}`;
}

function near(a: ModelFinding, b: ModelFinding): boolean {
  return a.line - LINE_SLACK <= b.endLine && b.line - LINE_SLACK <= a.endLine;
}

/** Group the findings: same file, same category, line ranges within LINE_SLACK (transitively). */
function cluster(items: Reported[]): number {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i]!;
      const b = items[j]!;
      if (a.file === b.file && a.finding.category === b.finding.category && near(a.finding, b.finding)) parent[find(i)] = find(j);
    }
  const ids = new Map<number, number>();
  items.forEach((item, i) => {
    const root = find(i);
    if (!ids.has(root)) ids.set(root, ids.size);
    item.cluster = ids.get(root)!;
  });
  return ids.size;
}

/** The majority's severity; a tie goes to the higher one. */
export function majoritySeverity(severities: readonly Severity[]): Severity {
  const counts = new Map<Severity, number>();
  for (const s of severities) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || severityRank(b[0]) - severityRank(a[0]))[0]![0];
}

export function buildConsensus(calls: readonly AnsweredCall[], sentFindings: ReadonlyMap<string, { file: string; line: number }>, threshold: number): ConsensusResult {
  const ok = calls.filter((c): c is AnsweredCall & { outcome: Extract<CallOutcome, { status: 'ok' }> } => c.outcome.status === 'ok');
  const items: Reported[] = [];
  for (const c of ok) for (const f of c.outcome.answer.findings) items.push({ model: c.model, file: c.chunk.file, chunkKey: chunkKey(c.chunk), finding: f, cluster: -1 });
  const clusters = cluster(items);

  /** models that answered for a chunk showing this line */
  const answeredFor = (file: string, line: number): Set<string> =>
    new Set(ok.filter((c) => c.chunk.file === file && inRanges(line, c.chunk.ranges)).map((c) => c.model));

  const consensus: ReviewedFinding[] = [];
  const dissent: ReviewedFinding[] = [];
  for (let id = 0; id < clusters; id++) {
    const members = items.filter((i) => i.cluster === id);
    const voters = [...new Set(members.map((m) => m.model))].sort();
    const best = [...members].sort((a, b) => b.finding.confidence - a.finding.confidence)[0]!;
    const perModel = voters.map((v) =>
      members.filter((m) => m.model === v).map((m) => m.finding.severity).sort((a, b) => severityRank(b) - severityRank(a))[0]!,
    );
    const of = new Set([...answeredFor(best.file, best.finding.line), ...voters]).size;
    const entry: ReviewedFinding = {
      file: best.file,
      line: best.finding.line,
      endLine: best.finding.endLine,
      category: best.finding.category,
      severity: majoritySeverity(perModel),
      message: best.finding.message,
      votes: voters.length,
      of,
      models: voters,
    };
    (voters.length / of >= threshold ? consensus : dissent).push(entry);
  }
  const order = (a: ReviewedFinding, b: ReviewedFinding): number =>
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.category.localeCompare(b.category);
  consensus.sort(order);
  dissent.sort(order);

  // verdicts on the static findings that were sent
  const verdicts: VerdictCount[] = [];
  for (const [fingerprint, where] of sentFindings) {
    const confirm = new Set<string>();
    const dismiss = new Set<string>();
    for (const c of ok)
      for (const v of c.outcome.answer.verdicts) {
        if (v.finding !== fingerprint) continue;
        (v.verdict === 'confirm' ? confirm : dismiss).add(c.model);
        (v.verdict === 'confirm' ? dismiss : confirm).delete(c.model);
      }
    const of = answeredFor(where.file, where.line).size;
    verdicts.push({ finding: fingerprint, confirm: confirm.size, dismiss: dismiss.size, of, disputed: dismiss.size * 2 > of });
  }

  const { value, pairs } = agreement(ok, items, sentFindings);
  return { consensus, dissent, verdicts, agreement: value, agreementPairs: pairs };
}

/**
 * Mean pairwise agreement: for every chunk and every two models that answered for it, the
 * Jaccard index of what each said about it (the findings it reported, as consensus groups,
 * and its verdict on each static finding); two empty answers agree fully.
 */
function agreement(ok: readonly AnsweredCall[], items: readonly Reported[], sent: ReadonlyMap<string, unknown>): { value: number | null; pairs: number } {
  const byChunk = new Map<string, Map<string, Set<string>>>();
  for (const c of ok) {
    const key = chunkKey(c.chunk);
    if (!byChunk.has(key)) byChunk.set(key, new Map());
    const said = new Set<string>();
    if (c.outcome.status === 'ok') for (const v of c.outcome.answer.verdicts) if (sent.has(v.finding)) said.add(`verdict:${v.finding}:${v.verdict}`);
    byChunk.get(key)!.set(c.model, said);
  }
  for (const i of items) byChunk.get(i.chunkKey)?.get(i.model)?.add(`finding:${i.cluster}`);
  let sum = 0;
  let pairs = 0;
  for (const models of byChunk.values()) {
    const sets = [...models.values()];
    for (let i = 0; i < sets.length; i++)
      for (let j = i + 1; j < sets.length; j++) {
        const a = sets[i]!;
        const b = sets[j]!;
        const union = new Set([...a, ...b]).size;
        const both = [...a].filter((x) => b.has(x)).length;
        sum += union === 0 ? 1 : both / union;
        pairs++;
      }
  }
  return { value: pairs ? Math.round((sum / pairs) * 1000) / 1000 : null, pairs };
}
