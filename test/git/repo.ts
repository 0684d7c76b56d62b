/** Real temporary git repositories for the tests (the git binary, never a mock). */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** git with a fixed identity and no user or system configuration leaking in. */
export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.email=t@e.st', '-c', 'user.name=t', '-c', 'init.defaultBranch=main', '-c', 'protocol.file.allow=always', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

export function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'agentos-git-'));
}

export function write(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    const p = path.join(dir, name);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

/** A new repository with these files committed (none: no commit at all). */
export function repo(files: Record<string, string | Buffer> = {}): string {
  const dir = tempDir();
  git(dir, 'init', '-q');
  writeFileSync(path.join(dir, 'package.json'), '{"name":"fixture","private":true}\n');
  if (Object.keys(files).length) {
    write(dir, files);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'initial');
  }
  return dir;
}
