/** Reading the flight recorder: chain verification, filtering and formatting (`agentos audit verify|show`). */
import { readFileSync } from 'node:fs';
import { GENESIS, isRecordShape, recordHash, type AuditRecord } from './recorder.js';

export type { AuditRecord } from './recorder.js';

export type AuditProblem = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'truncated' | 'malformed';

export interface AuditVerification {
  ok: boolean;
  /** records verified intact (before the first bad line, or all of them) */
  records: number;
  firstBad?: { line: number; problem: AuditProblem; message: string };
}

interface Entry {
  text: string;
  rec?: AuditRecord;
}

function splitLines(text: string): { lines: string[]; endsWithNewline: boolean } {
  const endsWithNewline = text.endsWith('\n');
  const lines = text.split('\n');
  if (endsWithNewline || text === '') lines.pop();
  return { lines: lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)), endsWithNewline };
}

function parseEntries(lines: string[]): Entry[] {
  return lines.map((text) => {
    try {
      const v = JSON.parse(text) as unknown;
      return isRecordShape(v) ? { text, rec: v } : { text };
    } catch {
      return { text };
    }
  });
}

/**
 * Check the hash chain of a recorder file. The first problem found is named:
 * - truncated: a line cut off mid-write (a crash); malformed: a line that is not a record;
 * - edited: a record whose content no longer matches its hash, or that was rewritten
 *   with a recomputed hash (the next record's `prev` no longer matches);
 * - deleted: sequence numbers jump (records missing);
 * - inserted: a record that is not part of the chain (a copy, or a forged one);
 * - reordered: records out of sequence order.
 * Removing records from the end cannot be detected from the file alone: keep the
 * last `hash` somewhere else to check that.
 */
export function verifyAuditFile(file: string): AuditVerification {
  const { lines, endsWithNewline } = splitLines(readFileSync(file, 'utf8'));
  const entries = parseEntries(lines);
  let prevHash = GENESIS;
  let prevPrevHash = GENESIS;
  let prevSeq = 0;
  let good = 0;
  const bad = (line: number, problem: AuditProblem, message: string): AuditVerification => ({
    ok: false,
    records: Math.min(good, line - 1),
    firstBad: { line, problem, message },
  });

  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const lineNo = i + 1;
    const rec = e.rec;
    if (!rec) {
      if (e.text.trim() === '') return bad(lineNo, 'malformed', 'empty line where a record was expected');
      const looksCut = e.text.startsWith('{"seq":') && !isCompleteJson(e.text);
      if (looksCut) {
        const last = i === entries.length - 1 && !endsWithNewline;
        return bad(
          lineNo,
          'truncated',
          last
            ? 'the last record is cut off mid-line (the recorder stopped while writing it, e.g. a crash)'
            : 'record cut off mid-line (a write interrupted by a crash; later records were appended after it)',
        );
      }
      return bad(lineNo, 'malformed', 'line is not a flight-recorder record (not JSON, or lacks seq/time/agent/verdict/prev/hash)');
    }
    const hashOk = recordHash(rec) === rec.hash;
    const expected = prevSeq + 1;
    if (rec.seq === expected) {
      if (!hashOk) {
        const next = entries[i + 1]?.rec;
        if (next && next.seq === rec.seq && next.prev === prevHash)
          return bad(lineNo, 'inserted', `record #${rec.seq} is not part of the chain: the next line carries the genuine record #${rec.seq}`);
        return bad(lineNo, 'edited', `record #${rec.seq} was edited: its content does not match its hash`);
      }
      if (rec.prev !== prevHash) {
        if (i === 0) return bad(lineNo, 'edited', `record #${rec.seq} does not chain from the genesis value: its \`prev\` was edited`);
        return bad(
          lineNo - 1,
          'edited',
          `record #${prevSeq} was rewritten (its hash was recomputed): the next record, line ${lineNo}, chains to a different hash`,
        );
      }
      prevPrevHash = prevHash;
      prevHash = rec.hash;
      prevSeq = rec.seq;
      good++;
      continue;
    }
    if (rec.seq > expected) {
      const later = entries.findIndex((x, j) => j > i && x.rec?.seq === expected);
      if (later >= 0) return bad(lineNo, 'reordered', `record #${rec.seq} appears before record #${expected} (line ${later + 1}): records were moved`);
      if (hashOk && rec.prev === prevHash)
        return bad(lineNo, 'edited', `record after #${prevSeq} chains correctly but carries sequence number #${rec.seq}: its number was edited`);
      const missing = rec.seq - expected === 1 ? `record #${expected} is` : `records #${expected}..#${rec.seq - 1} are`;
      return bad(lineNo, 'deleted', `${missing} missing before this line`);
    }
    // rec.seq < expected: a number seen before
    if (rec.seq === prevSeq && i >= 1 && hashOk && rec.prev === prevPrevHash)
      return bad(lineNo - 1, 'inserted', `line ${lineNo - 1} is not part of the chain: line ${lineNo} is the genuine record #${rec.seq} and chains past it`);
    const copy = entries.findIndex((x, j) => j < i && x.text === e.text);
    if (copy >= 0) return bad(lineNo, 'inserted', `record #${rec.seq} is a copy of line ${copy + 1}`);
    const same = entries.findIndex((x, j) => j < i && x.rec?.seq === rec.seq);
    if (same >= 0) return bad(lineNo, 'inserted', `a second record #${rec.seq} (the first is on line ${same + 1})`);
    return bad(lineNo, 'reordered', `record #${rec.seq} appears after record #${prevSeq}: records were moved`);
  }
  return { ok: true, records: good };
}

function isCompleteJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export interface AuditFilters {
  agent?: string;
  verdict?: 'allow' | 'deny';
  rule?: string;
  /** records at or after this time (a Date or an ISO string) */
  since?: Date | string;
  /** records before this time */
  until?: Date | string;
}

function toTime(v: Date | string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = v instanceof Date ? v.getTime() : Date.parse(v);
  if (Number.isNaN(t)) throw new TypeError(`not a date: ${String(v)}`);
  return t;
}

/** The records of a recorder file that match every filter given. Lines that are not records are skipped (verify reports them). */
export function readAuditRecords(file: string, filters: AuditFilters = {}): AuditRecord[] {
  const since = toTime(filters.since);
  const until = toTime(filters.until);
  const out: AuditRecord[] = [];
  for (const e of parseEntries(splitLines(readFileSync(file, 'utf8')).lines)) {
    const r = e.rec;
    if (!r) continue;
    if (filters.agent !== undefined && r.agent !== filters.agent) continue;
    if (filters.verdict !== undefined && r.verdict !== filters.verdict) continue;
    if (filters.rule !== undefined && r.ruleId !== filters.rule) continue;
    if (since !== undefined || until !== undefined) {
      const t = Date.parse(r.time);
      if (since !== undefined && !(t >= since)) continue;
      if (until !== undefined && !(t < until)) continue;
    }
    out.push(r);
  }
  return out;
}

function oneLine(s: string, max = 160): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function quoteArg(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a);
}

export function describeAction(action: Record<string, unknown>): string {
  const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');
  switch (action.kind) {
    case 'sql':
      return `sql ${oneLine(str(action.sql))}`;
    case 'file':
      return `file ${str(action.op)} ${str(action.path)}`;
    case 'exec': {
      const args = Array.isArray(action.args) ? action.args.map((a) => quoteArg(str(a))) : [];
      return oneLine(`exec ${action.shell ? '(shell) ' : ''}${[quoteArg(str(action.command)), ...args].join(' ')}`);
    }
    case 'http':
      return `http ${typeof action.method === 'string' ? action.method.toUpperCase() : 'GET'} ${str(action.url)}`;
    default: {
      const { kind, ...rest } = action;
      return oneLine(`${str(kind)} ${JSON.stringify(rest)}`);
    }
  }
}

/** `text`: one line per record plus the reason indented; `json`: a JSON array. */
export function formatAuditRecords(records: readonly AuditRecord[], format: 'text' | 'json'): string {
  if (format === 'json') return JSON.stringify(records, null, 2) + '\n';
  if (records.length === 0) return '(no records)\n';
  const lines: string[] = [];
  for (const r of records) {
    const verdict = r.verdict === 'deny' ? 'DENY ' : r.wouldDeny ? 'ALLOW (audit: strict would deny)' : 'ALLOW';
    lines.push(`${r.time}  #${r.seq}  ${r.agent}  ${verdict}  ${r.ruleId ?? '-'}  ${describeAction(r.action)}`);
    if (r.reason) lines.push(`    ${oneLine(r.reason, 400)}`);
  }
  return lines.join('\n') + '\n';
}
