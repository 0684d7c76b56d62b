import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const binPath = path.join(repoRoot, 'bin', 'agentos.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd: string; env?: Record<string, string | undefined>; input?: string; prefix?: string[] } = { cwd: repoRoot }): CliRun {
  // CI=true turns the gate on: tests that want it say so
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, CI: undefined, ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const cmd = options.prefix ? options.prefix[0]! : process.execPath;
  const argv = options.prefix ? [...options.prefix.slice(1), process.execPath, binPath, ...args] : [binPath, ...args];
  const r: SpawnSyncReturns<string> = spawnSync(cmd, argv, { cwd: options.cwd, env: env as NodeJS.ProcessEnv, encoding: 'utf8', input: options.input ?? '' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary project directory with the given files (and a package.json so config discovery stops there). */
export function tempProject(files: Record<string, string | Buffer>, opts: { git?: boolean } = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-test-'));
  chmodSync(dir, 0o755);
  if (!('package.json' in files)) writeFileSync(path.join(dir, 'package.json'), '{"name":"fixture","private":true}\n');
  for (const [name, content] of Object.entries(files)) {
    const p = path.join(dir, name);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  if (opts.git) git(dir, 'init', '-q'), git(dir, 'add', '-A'), git(dir, '-c', 'user.email=t@e.st', '-c', 'user.name=t', 'commit', '-qm', 'init');
  return dir;
}

export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}
