/**
 * Review input from git: the staged blobs (`--staged`) or the work tree since the merge base
 * with a ref (`--diff-base <ref>`), each file with its changed lines. The git questions are
 * those `agentos check` asks (src/git); paths here are relative to the working directory.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { changedLines, GitError, readBlobs, repoLocation, runGit, stagedFiles, type ChangedLines } from '../git/index.js';
import { mergeRanges } from './chunk.js';
import type { LineRange, ReviewUnit } from './types.js';

/** One changed file: its new text and the lines that changed in it (1-based, inclusive). */
export interface ChangedFile {
  path: string;
  text: string;
  changed: LineRange[];
}

/** The adapter from changed files (from any git reader) to review units. */
export function unitsFromChanges(files: readonly ChangedFile[]): ReviewUnit[] {
  return files
    .filter((f) => !f.text.slice(0, 8000).includes('\0'))
    .map((f) => ({ file: f.path.split(path.sep).join('/'), text: f.text, focusRanges: mergeRanges(f.changed) }));
}

/** A git failure (not a repository, unknown ref): exit 2 with git's own words. */
export class GitInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitInputError';
  }
}

/** Line numbers as inclusive ranges; a file new as a whole is one range over all its lines. */
function rangesOf(lines: ReadonlySet<number> | 'all' | undefined, text: string): LineRange[] {
  if (lines === undefined) return [];
  if (lines === 'all') return [{ start: 1, end: Math.max(1, text.split('\n').length) }];
  const out: LineRange[] = [];
  for (const n of [...lines].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && n === last.end + 1) last.end = n;
    else out.push({ start: n, end: n });
  }
  return out;
}

/** Paths git gives (relative to the top level) as paths relative to the working directory. */
async function cwdPaths(cwd: string): Promise<{ root: string; toCwd: (topRel: string) => string }> {
  const loc = await repoLocation(cwd);
  const cwdTop = path.resolve(loc.root, loc.prefix);
  return { root: loc.root, toCwd: (p) => path.relative(cwdTop, path.join(loc.root, p)).split(path.sep).join('/') };
}

/** `--staged`: the index's version of every added, copied, modified or renamed file, with the lines it changes. */
export async function stagedChanges(cwd: string): Promise<ChangedFile[]> {
  const { toCwd } = await cwdPaths(cwd);
  const files = (await stagedFiles(cwd)).filter((f) => f.mode !== '120000');
  const blobs = await readBlobs(cwd, files.map((f) => f.blob));
  let changed: ChangedLines | undefined;
  try {
    changed = await changedLines(cwd, 'HEAD', { staged: true });
  } catch (err) {
    // no commit yet: every staged line is new
    if (!(err instanceof GitError)) throw err;
  }
  return files.map((f, i) => {
    const text = blobs[i]!.toString('utf8');
    return { path: toCwd(f.path), text, changed: rangesOf(changed ? changed.get(f.path) : 'all', text) };
  });
}

/** `--diff-base <ref>`: the work tree's changes since the merge base with `ref` (as `check --diff-base`). */
export async function diffBaseChanges(cwd: string, ref: string): Promise<ChangedFile[]> {
  if (ref.startsWith('-')) throw new GitInputError(`--diff-base: ${JSON.stringify(ref)} is not a git ref`);
  await runGit(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch((err) => {
    if (err instanceof GitError) throw new GitInputError(`--diff-base: ${JSON.stringify(ref)} is not a commit in this repository`);
    throw err;
  });
  const { root, toCwd } = await cwdPaths(cwd);
  const out: ChangedFile[] = [];
  for (const [file, lines] of await changedLines(cwd, ref)) {
    let text: string;
    try {
      text = await readFile(path.join(root, file), 'utf8');
    } catch {
      continue; // deleted, or gone from the work tree since
    }
    out.push({ path: toCwd(file), text, changed: rangesOf(lines, text) });
  }
  return out;
}

/** The units for `--staged` or `--diff-base <ref>`. */
export async function reviewUnitsFromGit(cwd: string, input: { staged?: boolean; diffBase?: string }): Promise<ReviewUnit[]> {
  const files = input.staged ? await stagedChanges(cwd) : await diffBaseChanges(cwd, input.diffBase!);
  return unitsFromChanges(files);
}
