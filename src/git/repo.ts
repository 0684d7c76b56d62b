/**
 * Where git keeps things for the repository around a directory, asked of git itself so that
 * `core.hooksPath`, linked worktrees and submodules resolve the way git resolves them.
 */
import path from 'node:path';
import { GitError, NotAGitRepository, runGit } from './exec.js';

export { NotAGitRepository };

export interface GitLayout {
  /** top of the work tree: where git runs hooks, where node_modules and configuration live */
  topLevel: string;
  /** the directory git runs hooks from (`git rev-parse --git-path hooks`), absolute */
  hooksDir: string;
  /** this work tree's git directory (per worktree), absolute: agentos keeps its backups under it */
  gitDir: string;
  /** the git directory shared by all worktrees, absolute */
  commonDir: string;
  /** `core.hooksPath` as configured, when set */
  hooksPath?: string;
}

export async function gitLayout(cwd: string): Promise<GitLayout> {
  let out: string;
  try {
    out = (await runGit(cwd, ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir', '--git-path', 'hooks'])).toString('utf8');
  } catch (err) {
    // git missing, or any other refusal: there is no repository to install into
    if (err instanceof GitError) throw new NotAGitRepository(cwd);
    throw err;
  }
  const [topLevel, gitDir, commonDir, hooks] = out.replace(/\n$/, '').split('\n');
  if (!topLevel || !gitDir || !commonDir || !hooks) throw new NotAGitRepository(cwd);
  let hooksPath: string | undefined;
  try {
    hooksPath = (await runGit(cwd, ['config', '--get', 'core.hooksPath'])).toString('utf8').trim() || undefined;
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    hooksPath = undefined; // `git config --get` exits 1 when the key is unset
  }
  // --git-path answers relative to the directory git was asked from
  return { topLevel, gitDir, commonDir: path.resolve(cwd, commonDir), hooksDir: path.resolve(cwd, hooks), ...(hooksPath ? { hooksPath } : {}) };
}

/**
 * Hooks in a directory outside the repository (a `core.hooksPath` set globally, say) run for
 * other repositories too.
 */
export function hooksDirIsShared(layout: GitLayout): boolean {
  const inside = (dir: string) => {
    const rel = path.relative(dir, layout.hooksDir);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  return !inside(layout.topLevel) && !inside(layout.commonDir);
}
