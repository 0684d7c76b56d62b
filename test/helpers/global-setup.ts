/**
 * CLI tests run the compiled program (bin/agentos.js -> dist/bundle/, else dist/). Rebuild dist
 * when any source file is newer than it, and the bundle when dist is newer than the bundle, so
 * `vitest run` alone never tests stale code.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
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
 * The CLI processes the tests start keep their result cache in one directory made here and
 * removed at the end (`AGENTOS_CACHE_DIR`), not in a directory per temporary project under the
 * system's temporary directory; a test of the default location unsets it.
 */
export default function setup(): () => void {
  const cache = mkdtempSync(path.join(os.tmpdir(), 'agentos-test-cache-'));
  process.env.AGENTOS_CACHE_DIR = cache;
  if (mtime(path.join(root, 'dist', 'cli', 'main.js')) < newest(path.join(root, 'src'))) {
    execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.json')], {
      stdio: 'inherit',
    });
  }
  if (mtime(path.join(root, 'dist', 'bundle', 'agentos.cjs')) < mtime(path.join(root, 'dist', 'cli', 'main.js'))) {
    execFileSync(process.execPath, [path.join(root, 'src', 'build', 'bundle.mjs')], { stdio: 'inherit' });
  }
  return () => rmSync(cache, { recursive: true, force: true });
}

function mtime(file: string): number {
  return statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;
}
