/**
 * Lines added or changed since the merge base with a ref: what a pull request brings.
 * `git merge-base`, then `git diff -U0` from there to the work tree (or to the index).
 */
import { runGit, splitNul } from './exec.js';

/** Changed line numbers (in the new version) by path relative to the top level; `all` for a file that is new as a whole. */
export type ChangedLines = Map<string, ReadonlySet<number> | 'all'>;

/** Undo git's C-style quoting of a path (`"a\\tb"`, octal escapes for bytes of non-ASCII characters). */
export function unquoteGitPath(s: string): string {
  if (!s.startsWith('"') || !s.endsWith('"')) return s;
  const bytes: number[] = [];
  const simple: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  const body = Buffer.from(s.slice(1, -1), 'utf8');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== 0x5c) {
      bytes.push(c);
      continue;
    }
    const next = String.fromCharCode(body[i + 1] ?? 0);
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.subarray(i + 1, i + 4).toString('latin1'), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? body[i + 1]!);
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Parse `git diff -U0` output into changed lines per file. An added or changed line counts
 * by its new number; where lines were only removed, the lines on either side of the cut count
 * as changed (a removed guard changes what the code next to it does).
 */
export function parseZeroContextDiff(patch: string): ChangedLines {
  const out = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  for (const line of patch.split('\n')) {
    if (line.startsWith('+++ ')) {
      const name = line.slice(4);
      if (name === '/dev/null') {
        current = undefined;
        continue;
      }
      const unquoted = unquoteGitPath(name);
      const file = unquoted.startsWith('b/') ? unquoted.slice(2) : unquoted;
      current = out.get(file) ?? new Set();
      out.set(file, current);
    } else if (line.startsWith('@@ ') && current) {
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m) continue;
      const start = Number(m[1]);
      const count = m[2] === undefined ? 1 : Number(m[2]);
      if (count === 0) {
        // a pure removal after line `start`
        if (start > 0) current.add(start);
        current.add(start + 1);
      } else for (let n = start; n < start + count; n++) current.add(n);
    }
  }
  return out;
}

/** The merge base of `ref` and HEAD (a usage error when the ref is unknown). */
export async function mergeBase(cwd: string, ref: string): Promise<string> {
  return (await runGit(cwd, ['merge-base', ref, 'HEAD'])).toString('utf8').trim();
}

export interface ChangedLinesOptions {
  /** compare with the index (what is staged) instead of the work tree */
  staged?: boolean;
}

/**
 * Lines added or changed since the merge base of `baseRef` and HEAD, in the work tree (with files
 * git does not track yet counted as new) or in the index. Paths are relative to the top level.
 */
export async function changedLines(cwd: string, baseRef: string, options: ChangedLinesOptions = {}): Promise<ChangedLines> {
  const base = await mergeBase(cwd, baseRef);
  const args = ['-c', 'core.quotePath=false', 'diff', '-U0', '-M', '--no-color', '--no-ext-diff', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/', '--ignore-submodules=all'];
  if (options.staged) args.push('--cached');
  args.push(base, '--');
  const [patch, untracked] = await Promise.all([
    runGit(cwd, args),
    options.staged ? Promise.resolve(Buffer.alloc(0)) : runGit(cwd, ['ls-files', '--others', '--exclude-standard', '-z', '--full-name']),
  ]);
  const changed: ChangedLines = parseZeroContextDiff(patch.toString('utf8'));
  for (const f of splitNul(untracked)) changed.set(f, 'all');
  return changed;
}
