/**
 * What a commit will contain: the staged (index) version of each added, copied, modified
 * or renamed file, read from the index in one `git cat-file --batch`, never from the work tree.
 */
import { runGit, splitNul } from './exec.js';

/** Where the working directory sits in its repository. */
export interface RepoLocation {
  /** absolute path of the work tree's top level */
  root: string;
  /** the working directory relative to the top level, forward slashes, `''` or ending in `/` */
  prefix: string;
}

export type StagedStatus = 'added' | 'copied' | 'modified' | 'renamed';

export interface StagedFile {
  /** path relative to the repository's top level, forward slashes (the new name of a rename) */
  path: string;
  /** the name before a rename or the source of a copy */
  from?: string;
  status: StagedStatus;
  /** the index blob's object id */
  blob: string;
  /** git file mode, e.g. `100644`, `100755`, `120000` (symlink) */
  mode: string;
}

export interface StagedContent extends StagedFile {
  content: Buffer;
}

/** The repository containing `cwd` (a work tree, a linked worktree or a submodule). */
export async function repoLocation(cwd: string): Promise<RepoLocation> {
  const [root = '', prefix = ''] = (await runGit(cwd, ['rev-parse', '--show-toplevel', '--show-prefix'])).toString('utf8').split('\n');
  return { root, prefix };
}

const STATUS: Record<string, StagedStatus | undefined> = { A: 'added', C: 'copied', M: 'modified', R: 'renamed' };

/**
 * Parse `git diff --cached --raw -z --no-abbrev` output: `:<old mode> <new mode> <old id> <new id> <status>\0<path>\0`
 * (and a second path for renames and copies). Deleted, type-changed and unmerged entries are left out,
 * and so are submodule entries (mode 160000), which have no blob.
 */
export function parseRawDiff(fields: readonly string[]): StagedFile[] {
  const out: StagedFile[] = [];
  for (let i = 0; i < fields.length; ) {
    const meta = fields[i++]!;
    const [, mode = '', , blob = '', code = ''] = meta.slice(1).split(' ');
    const letter = code[0] ?? '';
    const twoPaths = letter === 'R' || letter === 'C';
    const first = fields[i++]!;
    const second = twoPaths ? fields[i++]! : undefined;
    const status = STATUS[letter];
    if (!status || mode === '160000') continue;
    const file: StagedFile = { path: second ?? first, status, blob, mode };
    if (second !== undefined) file.from = first;
    out.push(file);
  }
  return out;
}

/**
 * The staged files (against HEAD; against the empty tree in a repository without commits),
 * limited to `pathspecs` (relative to `cwd`) when given.
 */
export async function stagedFiles(cwd: string, pathspecs: readonly string[] = []): Promise<StagedFile[]> {
  const args = ['diff', '--cached', '--raw', '-z', '-M', '--no-abbrev', '--no-ext-diff', '--no-textconv', '--ignore-submodules=all'];
  if (pathspecs.length) args.push('--', ...pathspecs);
  return parseRawDiff(splitNul(await runGit(cwd, args)));
}

/** Read blobs by object id in one `git cat-file --batch`; the result is in the order of `ids`. */
export async function readBlobs(cwd: string, ids: readonly string[]): Promise<Buffer[]> {
  if (!ids.length) return [];
  const out = await runGit(cwd, ['cat-file', '--batch'], ids.join('\n') + '\n');
  const blobs: Buffer[] = [];
  let pos = 0;
  for (const id of ids) {
    const eol = out.indexOf(0x0a, pos);
    const header = out.subarray(pos, eol).toString('utf8');
    const [, type, size] = header.split(' ');
    if (type === undefined || size === undefined) throw new Error(`git cat-file: object ${id} is missing`);
    const start = eol + 1;
    const end = start + Number(size);
    blobs.push(out.subarray(start, end));
    pos = end + 1; // the newline after the content
  }
  return blobs;
}

/** The staged files with their index content (symlinks are left out: their blob is a link target, not code). */
export async function stagedContents(cwd: string, pathspecs: readonly string[] = []): Promise<StagedContent[]> {
  const files = (await stagedFiles(cwd, pathspecs)).filter((f) => f.mode !== '120000');
  const blobs = await readBlobs(cwd, files.map((f) => f.blob));
  return files.map((f, i) => ({ ...f, content: blobs[i]! }));
}

/** Which of `paths` (relative to the top level) differ between the index and the work tree. */
export async function unstagedChanges(cwd: string, paths: readonly string[]): Promise<Set<string>> {
  if (!paths.length) return new Set();
  // literal pathspecs from the top level: the names are the repository's, not globs
  const out = await runGit(cwd, ['diff', '--name-only', '-z', '--no-ext-diff', '--', ...paths.map((p) => `:(top,literal)${p}`)]);
  return new Set(splitNul(out));
}
