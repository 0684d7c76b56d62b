/**
 * CLI tests run the compiled program (bin/agentos.js -> dist/bundle/, else dist/). Rebuild dist
 * when any source file is newer than it, and the bundle when dist is newer than the bundle, so
 * `vitest run` alone never tests stale code.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Everything the tests make under the system's temporary directory (projects, repositories,
 * caches, the processes they start) goes into one directory made here and removed at the end:
 * `TMPDIR` names it for the test workers and every process they start (Node's `os.tmpdir()`
 * and git read it), so a run leaves nothing behind, whatever a test forgets to remove. It is
 * sticky and writable by all, as /tmp is, for the test that runs a process as another user.
 * The CLI processes keep their result cache in one directory under it (`AGENTOS_CACHE_DIR`),
 * not in a directory per temporary project; a test of the default location unsets it.
 */
export default function setup(): () => void {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'agentos-tests-'));
  chmodSync(tmp, 0o1777);
  process.env.TMPDIR = tmp;
  const cache = mkdtempSync(path.join(tmp, 'agentos-test-cache-'));
  process.env.AGENTOS_CACHE_DIR = cache;
  if (mtime(path.join(root, 'dist', 'cli', 'main.js')) < newest(path.join(root, 'src'))) {
    execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.json')], {
      stdio: 'inherit',
    });
  }
  if (mtime(path.join(root, 'dist', 'bundle', 'agentos.cjs')) < mtime(path.join(root, 'dist', 'cli', 'main.js'))) {
    execFileSync(process.execPath, [path.join(root, 'src', 'build', 'bundle.mjs')], { stdio: 'inherit' });
  }
  return () => rmSync(tmp, { recursive: true, force: true });
}

function mtime(file: string): number {
  return statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;
}
