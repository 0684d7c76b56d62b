/** Git as agentos uses it: staged content, changed lines since a merge base. */
export { GitError, NotAGitRepository, runGit } from './exec.js';
export { changedLines, mergeBase, parseZeroContextDiff, unquoteGitPath, type ChangedLines, type ChangedLinesOptions } from './diff.js';
export { parseRawDiff, readBlobs, repoLocation, stagedContents, stagedFiles, unstagedChanges, type RepoLocation, type StagedContent, type StagedFile, type StagedStatus } from './staged.js';
