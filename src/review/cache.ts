/**
 * Answers kept on disk, so an identical review makes no calls: keyed by provider,
 * model, endpoint, the hash of the exact request body (prompt) and the answer schema
 * version. Files are written to a temporary name and renamed (atomic on one file system).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ANSWER_SCHEMA_VERSION, validateAnswer } from './answer.js';
import type { ProviderRequest } from './providers/index.js';
import type { ModelRef, ReviewAnswer, Usage } from './types.js';

/** The project's cache directory for review answers. */
export function reviewCacheDir(projectDir: string): string {
  return path.join(projectDir, 'node_modules', '.cache', 'agentos', 'review');
}

export function cacheKey(ref: ModelRef, request: ProviderRequest): string {
  const promptHash = createHash('sha256').update(JSON.stringify(request.body)).digest('hex');
  return createHash('sha256')
    .update(JSON.stringify([ref.provider, ref.model, ref.baseURL ?? '', promptHash, ANSWER_SCHEMA_VERSION]))
    .digest('hex');
}

interface Entry {
  schemaVersion: number;
  model: string;
  answer: ReviewAnswer;
  usage: Usage;
}

export async function readCached(dir: string, key: string, lineCount: number): Promise<{ answer: ReviewAnswer; usage: Usage } | undefined> {
  try {
    const entry = JSON.parse(await readFile(path.join(dir, `${key}.json`), 'utf8')) as Entry;
    if (entry.schemaVersion !== ANSWER_SCHEMA_VERSION) return undefined;
    const checked = validateAnswer(entry.answer, lineCount);
    return checked.ok ? { answer: checked.answer, usage: entry.usage } : undefined;
  } catch {
    // absent or damaged: ask the model
    return undefined;
  }
}

export async function writeCached(dir: string, key: string, model: string, answer: ReviewAnswer, usage: Usage): Promise<void> {
  const entry: Entry = { schemaVersion: ANSWER_SCHEMA_VERSION, model, answer, usage };
  const file = path.join(dir, `${key}.json`);
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(tmp, JSON.stringify(entry));
    await rename(tmp, file);
  } catch {
    // a cache that cannot be written costs a call next time, nothing more
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}
