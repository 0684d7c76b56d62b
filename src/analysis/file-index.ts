/**
 * The file index of the result cache: a re-run does not read a file whose metadata is what it
 * was, until something needs its text.
 *
 * One cache entry per project directory and set of paths asked for holds, by path, the file's
 * metadata when it was last read (device, inode, size, modification and change times in
 * nanoseconds), the SHA-256 of its text, and when that was recorded. A file whose metadata is
 * the same is taken to have the same text: its job carries the hash (all the result cache
 * needs to find its results) and reads the file only when its text is asked for, which is
 * when its result is not in the cache, when the project pass lowers it, or when a report
 * prints a snippet of it.
 *
 * A file changed within the timestamp granularity of the moment it was recorded could keep
 * its size and times (the "racy" case of git's index): a record is trusted only when both the
 * file's modification and change times are more than `RACY_MS` older than the moment the record
 * was made, which was taken before the file was looked at. A file read because its record was
 * too recent is recorded again, so the next run trusts it.
 */
import { readFileSync, type BigIntStats } from 'node:fs';
import path from 'node:path';
import type { FileJob } from './analyze.js';
import { ResultStore, contentHash, type CacheSettings, type IndexRecord } from './cache.js';
import { createHash } from 'node:crypto';

/** How much older than its record a file's times must be for the record to be trusted (covers file systems with 2-second times). */
export const RACY_MS = 2000;

const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf16le = new TextDecoder('utf-16le', { fatal: false });
const utf16be = new TextDecoder('utf-16be', { fatal: false });

/** Whether bytes begin with a UTF-16 byte order mark (a source file saved as UTF-16 by an editor: its NUL bytes are text). */
export function hasUtf16Bom(buf: Uint8Array): boolean {
  return buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff));
}

/** A file's bytes as the text the checks see: UTF-8, or UTF-16 after its byte order mark; without the mark. */
export function decodeText(buf: Uint8Array): string {
  // (a last odd byte, such as a newline a UTF-8 tool appended, is not half a character: left out)
  if (hasUtf16Bom(buf)) return (buf[0] === 0xff ? utf16le : utf16be).decode(buf.subarray(2, buf.length - (buf.length % 2)));
  const text = utf8.decode(buf);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const metaOf = (s: BigIntStats) => `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;

/**
 * The key under which a job whose text is read when first asked for (`FileIndex.known`) tells
 * whether it has been read. A symbol: a job goes to worker threads by structured clone, which
 * copies no symbol-keyed property (and could copy no function).
 */
const TEXT_READ = Symbol('textRead');

/** A job whose text is read from the file when first asked for (`FileIndex.known`). */
interface DeferredJob extends FileJob {
  [TEXT_READ](): boolean;
}

const isDeferred = (job: FileJob): job is DeferredJob => typeof (job as Partial<DeferredJob>)[TEXT_READ] === 'function';

/** The texts of the files a run checked, by path; a text the file index vouched for is read when first asked for. */
export class SourceTexts extends Map<string, string> {
  private readonly pending = new Map<string, () => string>();
  private readonly deferred = new Map<string, DeferredJob>();

  /** `job.text` now, or when first asked for when reading it is deferred. */
  add(job: FileJob): void {
    if (isDeferred(job)) {
      super.set(job.rel, '');
      this.pending.set(job.rel, () => job.text);
      this.deferred.set(job.rel, job);
    } else this.set(job.rel, job.text);
  }

  /** Whether the text of `key` has been read, here or by the analysis (or was never deferred). */
  loaded(key: string): boolean {
    return this.has(key) && (!this.pending.has(key) || !!this.deferred.get(key)?.[TEXT_READ]());
  }

  override get(key: string): string | undefined {
    const load = this.pending.get(key);
    if (load) {
      this.pending.delete(key);
      super.set(key, load());
    }
    return super.get(key);
  }

  private loadAll(): void {
    for (const key of [...this.pending.keys()]) this.get(key);
  }

  override entries(): MapIterator<[string, string]> {
    this.loadAll();
    return super.entries();
  }

  override values(): MapIterator<string> {
    this.loadAll();
    return super.values();
  }

  override [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  override forEach(fn: (value: string, key: string, map: Map<string, string>) => void, thisArg?: unknown): void {
    this.loadAll();
    super.forEach(fn, thisArg);
  }
}

/** The file index of one run (see the module comment). */
export class FileIndex {
  private readonly store: ResultStore;
  private readonly key: string;
  private readonly old: Record<string, IndexRecord>;
  private readonly seen = new Map<string, { meta: string; job?: FileJob; record?: IndexRecord }>();
  /** `started`: when this run began, before it looked at any file (the time of the records it makes) */
  constructor(settings: CacheSettings, cwd: string, paths: readonly string[], private readonly started = Date.now()) {
    this.store = new ResultStore(settings);
    this.key = createHash('sha256').update(JSON.stringify(['file-index', path.resolve(cwd), [...paths].sort()])).digest('hex');
    this.old = this.store.index(this.key) ?? {};
  }

  /**
   * A job for the file at `abs` whose text is read only when asked for, when its record
   * matches `stats` and is trusted; else undefined (read the file, and hand its job to `read`).
   */
  known(abs: string, stats: BigIntStats, job: Omit<FileJob, 'text'>): FileJob | undefined {
    const meta = metaOf(stats);
    const record = this.old[job.rel];
    // (mtimeMs and ctimeMs of BigIntStats are whole milliseconds)
    const trusted = record !== undefined && record[0] === meta && Number(stats.mtimeMs) < record[2] - RACY_MS && Number(stats.ctimeMs) < record[2] - RACY_MS;
    if (!trusted) {
      this.seen.set(job.rel, { meta });
      return undefined;
    }
    let text: string | undefined;
    // (one literal: a spread and a property defined afterwards cost several times as much, once per file of every warm run)
    const lazy: DeferredJob = {
      rel: job.rel,
      language: job.language,
      relToConfig: job.relToConfig,
      hash: record[1],
      bytes: Number(stats.size),
      get text(): string {
        if (text === undefined) {
          try {
            text = decodeText(readFileSync(abs));
          } catch {
            text = '';
          }
        }
        return text;
      },
      [TEXT_READ]: () => text !== undefined,
    };
    this.seen.set(job.rel, { meta, record });
    return lazy;
  }

  /** The job of a file read because `known` had no trusted record of it. */
  read(job: FileJob): void {
    const s = this.seen.get(job.rel);
    if (s) s.job = job;
  }

  /** Write the index when a record changed: after the run, so the hashes of the files read are known. */
  save(): void {
    const records: Record<string, IndexRecord> = {};
    let changed = false;
    for (const [rel, s] of this.seen) {
      const r = s.record ?? (s.job ? ([s.meta, contentHash(s.job), this.started] as IndexRecord) : undefined);
      if (!r) continue;
      records[rel] = r;
      const before = this.old[rel];
      if (!before || before[0] !== r[0] || before[1] !== r[1] || before[2] !== r[2]) changed = true;
    }
    if (!changed && Object.keys(this.old).every((rel) => rel in records)) return;
    this.store.setIndex(this.key, records);
    this.store.save();
  }
}
