/**
 * The flight recorder: one JSON line per decision, hash-chained.
 *
 * Each record carries `seq` (1, 2, ...), `prev` (the previous record's `hash`; GENESIS
 * for the first) and `hash` = sha256 of the canonical JSON of the record without
 * `hash` (keys sorted, no spaces). Editing, removing, inserting or moving a line breaks
 * the chain at that line; `verifyAuditFile` (audit.ts) names which.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { KernelError } from './errors.js';

/** `prev` of the first record of every file. */
export const GENESIS = '0'.repeat(64);

export interface AuditRecord {
  seq: number;
  /** ISO 8601 */
  time: string;
  agent: string;
  verdict: 'allow' | 'deny';
  ruleId?: string;
  reason?: string;
  /** audit preset: allowed, but enforcement would have denied it */
  wouldDeny?: boolean;
  /** time taken to decide */
  durationMs: number;
  /** the action with secrets redacted */
  action: Record<string, unknown>;
  prev: string;
  hash: string;
}

export type RecordInput = Omit<AuditRecord, 'seq' | 'prev' | 'hash'>;

/** JSON with object keys sorted at every level: the form the hash is computed over. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    return s === undefined ? 'null' : s;
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function recordHash(record: Omit<AuditRecord, 'hash'> & { hash?: string }): string {
  const { hash: _omit, ...rest } = record;
  void _omit;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/** The shape check shared by the recorder (continuing a file) and the verifier. */
export function isRecordShape(v: unknown): v is AuditRecord {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  return (
    Number.isSafeInteger(r.seq) &&
    (r.seq as number) >= 1 &&
    typeof r.hash === 'string' &&
    typeof r.prev === 'string' &&
    typeof r.time === 'string' &&
    typeof r.agent === 'string' &&
    (r.verdict === 'allow' || r.verdict === 'deny')
  );
}

interface Head {
  seq: number;
  hash: string;
  /** the file ends in the middle of a line (a crash mid-write): start on a fresh line */
  needsNewline: boolean;
}

const RECORD_START = '{"seq":';

/** Find the last complete record, reading backwards from the end. */
function readHead(file: string): Head {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { seq: 0, hash: GENESIS, needsNewline: false };
    throw err;
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return { seq: 0, hash: GENESIS, needsNewline: false };
    const chunk = 64 * 1024;
    let pos = size;
    let tail = Buffer.alloc(0);
    let needsNewline: boolean | undefined;
    while (pos > 0) {
      const n = Math.min(chunk, pos);
      pos -= n;
      const buf = Buffer.alloc(n);
      readSync(fd, buf, 0, n, pos);
      tail = Buffer.concat([buf, tail]);
      if (needsNewline === undefined) needsNewline = tail[tail.length - 1] !== 0x0a;
      const lines = tail.toString('utf8').split('\n');
      // lines[0] may be cut by the chunk boundary unless we reached the start
      const first = pos === 0 ? 0 : 1;
      for (let i = lines.length - 1; i >= first; i--) {
        const line = lines[i]!;
        if (i === lines.length - 1) continue; // after the last newline: empty or a partial line
        if (!line) continue;
        try {
          const rec = JSON.parse(line) as unknown;
          if (isRecordShape(rec)) return { seq: rec.seq, hash: rec.hash, needsNewline: needsNewline ?? false };
        } catch {
          // a damaged line: keep looking further back
        }
      }
    }
    const start = Buffer.alloc(Math.min(size, RECORD_START.length));
    readSync(fd, start, 0, start.length, 0);
    if (!RECORD_START.startsWith(start.toString('utf8')) && !start.toString('utf8').startsWith(RECORD_START))
      throw new KernelError(`${file} exists and is not an agentos recorder file; refusing to append to it`);
    return { seq: 0, hash: GENESIS, needsNewline: needsNewline ?? false };
  } finally {
    closeSync(fd);
  }
}

/**
 * Appends records to one file. One instance per file per process (see `openRecorder`),
 * so kernels and agents sharing a file share one chain. Each record is one
 * synchronous append of a whole line: lines never interleave within the process.
 * Several processes must not share a file (each would fork the chain).
 */
export class Recorder {
  private head: Head | undefined;

  constructor(readonly file: string) {}

  append(input: RecordInput): AuditRecord {
    // the head is read lazily, so a kernel that never records never touches the file
    const head = (this.head ??= readHead(this.file));
    const base = {
      seq: head.seq + 1,
      time: input.time,
      agent: input.agent,
      verdict: input.verdict,
      ...(input.ruleId !== undefined ? { ruleId: input.ruleId } : {}),
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
      ...(input.wouldDeny ? { wouldDeny: true } : {}),
      durationMs: input.durationMs,
      action: input.action,
      prev: head.hash,
    };
    const record: AuditRecord = { ...base, hash: recordHash(base) };
    const line = JSON.stringify(record) + '\n';
    appendFileSync(this.file, head.needsNewline ? '\n' + line : line);
    this.head = { seq: record.seq, hash: record.hash, needsNewline: false };
    return record;
  }
}

const recorders = new Map<string, Recorder>();

export function openRecorder(file: string): Recorder {
  const abs = path.resolve(file);
  let r = recorders.get(abs);
  if (!r) {
    r = new Recorder(abs);
    recorders.set(abs, r);
  }
  return r;
}
