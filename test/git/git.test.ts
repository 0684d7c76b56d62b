import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedLines, NotAGitRepository, parseZeroContextDiff, repoLocation, stagedContents, stagedFiles, unquoteGitPath, unstagedChanges } from '../../src/git/index.js';
import { git, repo, tempDir, write } from './repo.js';

const text = (files: { path: string; content: Buffer }[]) => Object.fromEntries(files.map((f) => [f.path, f.content.toString('utf8')]));

describe('staged files', () => {
  it('reads the staged version of a file staged in part and then edited, never the work tree', async () => {
    const dir = repo({ 'a.py': 'x = 1\n' });
    write(dir, { 'a.py': 'x = 1\ny = 2\n' });
    git(dir, 'add', 'a.py');
    write(dir, { 'a.py': 'x = 1\ny = 2\nz = 3\n' });
    const staged = await stagedContents(dir);
    expect(text(staged)).toEqual({ 'a.py': 'x = 1\ny = 2\n' });
    expect(staged[0]).toMatchObject({ status: 'modified', mode: '100644' });
    expect([...(await unstagedChanges(dir, ['a.py']))]).toEqual(['a.py']);
  });

  it('skips deleted files and takes a rename under its new name', async () => {
    const dir = repo({ 'gone.py': 'import os\n', 'old name.py': 'print("a long enough file to be seen as a rename")\n' });
    git(dir, 'rm', '-q', 'gone.py');
    git(dir, 'mv', 'old name.py', 'new name.py');
    const files = await stagedFiles(dir);
    expect(files.map((f) => [f.status, f.path, f.from])).toEqual([['renamed', 'new name.py', 'old name.py']]);
    expect(text(await stagedContents(dir))).toEqual({ 'new name.py': 'print("a long enough file to be seen as a rename")\n' });
  });

  it('handles names with spaces, newlines and non-ASCII characters (-z everywhere)', async () => {
    const dir = repo();
    const names = ['with space.py', 'new\nline.py', 'ünïcødé/日本.py', 'tab\there.py', 'quote"d.py'];
    write(dir, Object.fromEntries(names.map((n, i) => [n, `x = ${i}\n`])));
    git(dir, 'add', '-A');
    const got = text(await stagedContents(dir));
    for (const [i, n] of names.entries()) expect(got[n]).toBe(`x = ${i}\n`);
    write(dir, { 'new\nline.py': 'changed\n' });
    expect([...(await unstagedChanges(dir, names))]).toEqual(['new\nline.py']);
  });

  it('works in a repository without commits (against the empty tree)', async () => {
    const dir = repo();
    write(dir, { 'first.py': 'print(1)\n' });
    git(dir, 'add', 'first.py');
    expect(text(await stagedContents(dir))).toEqual({ 'first.py': 'print(1)\n', });
  });

  it('reads a batch of many blobs, binary ones included, in order', async () => {
    const dir = repo();
    const files: Record<string, string | Buffer> = {};
    for (let i = 0; i < 300; i++) files[`f${String(i).padStart(3, '0')}.py`] = `n = ${i}\n`.repeat(i % 7);
    files['bin.dat'] = Buffer.from([0, 1, 10, 0, 10, 255]);
    write(dir, files);
    git(dir, 'add', '-A');
    const staged = await stagedContents(dir);
    expect(staged.map((f) => f.path)).toEqual(['bin.dat', ...Object.keys(files).filter((f) => f.endsWith('.py')), 'package.json']);
    for (const f of staged.filter((s) => s.path !== 'package.json')) expect(f.content.equals(Buffer.from(files[f.path]!))).toBe(true);
  });

  it('works in a linked worktree', async () => {
    const dir = repo({ 'a.py': 'x = 1\n' });
    const wt = path.join(tempDir(), 'linked');
    git(dir, 'worktree', 'add', '-q', '-b', 'feature', wt);
    write(wt, { 'b.py': 'y = 2\n' });
    git(wt, 'add', 'b.py');
    expect(text(await stagedContents(wt))).toEqual({ 'b.py': 'y = 2\n' });
    expect(await stagedFiles(dir)).toEqual([]); // the main work tree has its own index
    expect((await repoLocation(path.join(wt))).root).toBe(wt);
  });

  it('works inside a submodule, and leaves submodule entries out of the superproject', async () => {
    const sub = repo({ 's.py': 's = 1\n' });
    const sup = repo({ 'top.py': 't = 1\n' });
    git(sup, 'submodule', 'add', '-q', sub, 'vendor/sub');
    const inner = path.join(sup, 'vendor', 'sub');
    write(inner, { 'new.py': 'n = 1\n' });
    git(inner, 'add', 'new.py');
    expect(text(await stagedContents(inner))).toEqual({ 'new.py': 'n = 1\n' });
    expect((await repoLocation(path.join(inner))).root).toBe(inner);
    // the superproject stages .gitmodules and a gitlink, which has no blob to check
    expect((await stagedFiles(sup)).map((f) => f.path)).toEqual(['.gitmodules']);
  });

  it('limits to pathspecs given relative to the working directory, and reports paths from the top level', async () => {
    const dir = repo();
    write(dir, { 'src/a.py': 'a\n', 'src/b.py': 'b\n', 'c.py': 'c\n' });
    git(dir, 'add', '-A');
    expect((await stagedFiles(path.join(dir, 'src'), ['a.py'])).map((f) => f.path)).toEqual(['src/a.py']);
    expect(await repoLocation(path.join(dir, 'src'))).toEqual({ root: dir, prefix: 'src/' });
  });

  it('outside a repository: NotAGitRepository', async () => {
    const dir = tempDir();
    const saved = process.env.GIT_CEILING_DIRECTORIES;
    process.env.GIT_CEILING_DIRECTORIES = path.dirname(dir);
    try {
      await expect(stagedFiles(dir)).rejects.toBeInstanceOf(NotAGitRepository);
      await expect(repoLocation(dir)).rejects.toThrow(/not a git repository/);
    } finally {
      if (saved === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
      else process.env.GIT_CEILING_DIRECTORIES = saved;
    }
  });
});

describe('changed lines since a merge base', () => {
  it('undoes git path quoting', () => {
    expect(unquoteGitPath('"b/new\\nline.py"')).toBe('b/new\nline.py');
    expect(unquoteGitPath('"b/\\303\\274.py"')).toBe('b/ü.py');
    expect(unquoteGitPath('"b/q\\"t\\\\.py"')).toBe('b/q"t\\.py');
    expect(unquoteGitPath('b/plain.py')).toBe('b/plain.py');
  });

  it('parses -U0 hunks: added and changed lines, and both sides of a removal', () => {
    const patch = ['diff --git a/x.py b/x.py', '--- a/x.py', '+++ b/x.py', '@@ -3 +3 @@', '-a', '+b', '@@ -10,2 +11,3 @@', '@@ -20,4 +21,0 @@', 'diff --git a/gone.py b/gone.py', '+++ /dev/null', '@@ -1 +0,0 @@'].join('\n');
    expect(parseZeroContextDiff(patch)).toEqual(new Map([['x.py', new Set([3, 11, 12, 13, 21, 22])]]));
  });

  it('diffs from the merge base with a branch to the work tree (untracked files new), or to the index', async () => {
    const dir = repo({ 'a.py': 'one\ntwo\nthree\n' });
    git(dir, 'checkout', '-q', '-b', 'feature');
    write(dir, { 'a.py': 'one\nTWO\nthree\nfour\n', 'weird name\n.py': 'x\n' });
    git(dir, 'add', 'a.py');
    git(dir, 'commit', '-qm', 'change');
    // main moves on: the merge base stays where the branch started
    git(dir, 'checkout', '-q', 'main');
    write(dir, { 'a.py': 'one\ntwo\nthree\nmain\n' });
    git(dir, 'commit', '-qam', 'main');
    git(dir, 'checkout', '-q', 'feature');
    const changed = await changedLines(dir, 'main');
    expect(changed.get('a.py')).toEqual(new Set([2, 4]));
    expect(changed.get('weird name\n.py')).toBe('all');
    write(dir, { 'a.py': 'zero\none\nTWO\nthree\nfour\n' });
    expect((await changedLines(dir, 'main')).get('a.py')).toEqual(new Set([1, 3, 5]));
    expect((await changedLines(dir, 'main', { staged: true })).get('a.py')).toEqual(new Set([2, 4]));
    await expect(changedLines(dir, 'no-such-branch')).rejects.toThrow(/merge-base/);
  });
});
