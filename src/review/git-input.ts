/**
 * Review input from git: the staged blobs (`--staged`) or the work tree against a ref
 * (`--diff-base <ref>`), each file with its changed lines. Plain git commands, run with
 * the real binary; paths relative to the working directory.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { mergeRanges } from './chunk.js';
import type { LineRange, ReviewUnit } from './types.js';

const execFileAsync = promisify(execFile);

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

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new GitInputError(`git ${args.join(' ')}: ${(e.stderr || e.message).trim().split('\n')[0]}`);
  }
}

/** New-side line ranges of a `-U0` diff: `@@ -a,b +c,d @@`; a pure deletion marks the line after it. */
export function changedLines(diff: string): LineRange[] {
  const out: LineRange[] = [];
  for (const m of diff.matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)) {
    const start = Number(m[1]);
    const count = m[2] === undefined ? 1 : Number(m[2]);
    if (count === 0) out.push({ start: Math.max(1, start), end: Math.max(1, start) });
    else out.push({ start, end: start + count - 1 });
  }
  return out;
}

/** `--staged`: the index's version of every added, copied, modified or renamed file. */
export async function stagedChanges(cwd: string): Promise<ChangedFile[]> {
  const names = (await git(cwd, ['diff', '--cached', '--relative', '--name-only', '-z', '--diff-filter=ACMR'])).split('\0').filter(Boolean);
  return Promise.all(
    names.map(async (name) => ({
      path: name,
      text: await git(cwd, ['cat-file', 'blob', `:./${name}`]),
      changed: changedLines(await git(cwd, ['diff', '--cached', '--relative', '-U0', '--no-color', '--no-ext-diff', '--', name])),
    })),
  );
}

/** `--diff-base <ref>`: the work tree against `ref` (committed and uncommitted changes). */
export async function diffBaseChanges(cwd: string, ref: string): Promise<ChangedFile[]> {
  if (ref.startsWith('-')) throw new GitInputError(`--diff-base: ${JSON.stringify(ref)} is not a git ref`);
  await git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => {
    throw new GitInputError(`--diff-base: ${JSON.stringify(ref)} is not a commit in this repository`);
  });
  const names = (await git(cwd, ['diff', ref, '--relative', '--name-only', '-z', '--diff-filter=ACMR', '--'])).split('\0').filter(Boolean);
  const out: ChangedFile[] = [];
  for (const name of names) {
    let text: string;
    try {
      text = await readFile(path.join(cwd, name), 'utf8');
    } catch {
      continue; // gone from the work tree since
    }
    out.push({ path: name, text, changed: changedLines(await git(cwd, ['diff', ref, '--relative', '-U0', '--no-color', '--no-ext-diff', '--', name])) });
  }
  return out;
}

/** The units for `--staged` or `--diff-base <ref>`. */
export async function reviewUnitsFromGit(cwd: string, input: { staged?: boolean; diffBase?: string }): Promise<ReviewUnit[]> {
  const files = input.staged ? await stagedChanges(cwd) : await diffBaseChanges(cwd, input.diffBase!);
  return unitsFromChanges(files);
}
