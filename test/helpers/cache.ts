/** Looking into a result cache directory (src/analysis/cache.ts) from tests. */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ResultStore } from '../../src/analysis/cache.js';
import { RACY_MS } from '../../src/analysis/file-index.js';

/** The entry files of a cache directory (temporary files left out), sorted. */
export function entryFiles(location: string): string[] {
  const root = new ResultStore({ location }).root;
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((d) => d.length === 2)
    .flatMap((d) => readdirSync(path.join(root, d)).map((n) => path.join(root, d, n)))
    .filter((f) => !f.endsWith('.tmp'))
    .sort();
}

/** Whether an entry file's entry has the field `field` (an unreadable one has none). */
function entryHas(file: string, field: string): boolean {
  const text = readFileSync(file, 'utf8');
  try {
    return field in JSON.parse(text.slice(text.indexOf('\n') + 1)).v;
  } catch {
    return false;
  }
}

/** Whether an entry file holds the file index (file-index.ts) rather than a file's references or result. */
export const isIndexEntry = (file: string): boolean => entryHas(file, 'm');

/** Whether an entry file holds a run's snapshot (every file's result) rather than one file's. */
export const isSnapshotEntry = (file: string): boolean => entryHas(file, 's');

/** Whether an entry file holds the summary of a snapshot (every file's result, for one state of the texts). */
export const isSummaryEntry = (file: string): boolean => entryHas(file, 'o');

/** Wait until files written before now are old enough for the file index to trust them (file-index.ts `RACY_MS`). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, RACY_MS + 50));
}

/** Temporary files left in a cache directory. */
export function tmpFiles(location: string): string[] {
  const root = new ResultStore({ location }).root;
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tmp'));
}

/** An entry file's checksum line matches what follows it, and it names the key it is filed under. */
export function intact(file: string): boolean {
  const text = readFileSync(file, 'utf8');
  const nl = text.indexOf('\n');
  const body = text.slice(nl + 1);
  return text.slice(0, nl) === `agentos-check-cache ${createHash('sha256').update(body).digest('hex')}` && JSON.parse(body).k === path.basename(file);
}

/** The cache holds entries, and every one is intact. */
export function allIntact(location: string): boolean {
  const files = entryFiles(location);
  return files.length > 0 && files.every(intact);
}

const made: string[] = [];

/** A new directory under the system's temporary directory, removed by `removeScratch` (call it in `afterAll`). */
export function scratch(prefix: string): string {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
}

/** Remove the directories `scratch` made, and any other given. */
export function removeScratch(...others: string[]): void {
  for (const d of [...made.splice(0), ...others]) rmSync(d, { recursive: true, force: true });
}
