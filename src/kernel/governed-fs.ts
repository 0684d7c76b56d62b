/**
 * `ctx.fs`: file operations resolved inside the sandbox and symlink-safe at the moment
 * of use. The path is decided (and recorded), then resolved again right before the
 * operation, then opened with O_NOFOLLOW on the real path it resolved to; after the
 * open, the handle must still be the file that path names (same device and inode, same
 * real path), or the operation is abandoned. What remains: a directory swapped for a
 * symlink between the last check and `mkdir`/`rm`/an O_CREAT open can still redirect
 * that one call (Node has no openat); an O_CREAT open redirected that way leaves at
 * most an empty file behind, since content is written only after the check.
 */
import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, readdir, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { DecisionCore, Evaluation } from './core.js';
import type { Run } from './signals.js';
import type { FileOp, GovernedFs } from './types.js';

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

type FileAction = { kind: 'file'; path: string; op: FileOp };

export function createGovernedFs(kernel: DecisionCore, run: Run): GovernedFs {
  const agent = run.agentId;
  const sandboxed = (): boolean => kernel.enforcing && kernel.policies.some((p) => p.roots);

  const deny = (action: FileAction, reason: string): never => {
    const decision = { allowed: false, ruleId: 'file-outside-sandbox', reason } as const;
    kernel.finish(agent, action, { decision, durationMs: 0 });
    throw new Error('unreachable');
  };

  /** The absolute path to operate on: decided, then re-resolved right before use. */
  const target = async (action: FileAction): Promise<string> => {
    const first: Evaluation = await kernel.govern(run, agent, action);
    const fallback = (): string => path.resolve(kernel.env.cwd ?? kernel.roots[0] ?? kernel.env.baseDir, action.path);
    if (!sandboxed()) return first.resolved ?? fallback();
    // at the moment of use: the filesystem may have changed since the decision
    const again = kernel.evaluate(action, agent, false, (p) => p.roots !== undefined);
    if (!again.decision.allowed) return deny(action, `at the moment of use: ${again.decision.reason ?? 'the path now resolves outside the sandbox'}`);
    if (first.resolved !== undefined && again.resolved !== undefined && again.resolved !== first.resolved)
      return deny(action, `the path resolved to ${first.resolved} when checked and to ${again.resolved} when used (it changed in between)`);
    return again.resolved ?? first.resolved ?? fallback();
  };

  /** After opening: the handle must be the file the real path names now. */
  const verify = async (action: FileAction, real: string, fh: FileHandle): Promise<void> => {
    if (!sandboxed()) return;
    const [st, now] = await Promise.all([fh.stat(), stat(real).catch(() => undefined)]);
    let current: string | undefined;
    try {
      current = kernel.env.realpath(real);
    } catch {
      current = undefined;
    }
    if (current !== real || !now || now.ino !== st.ino || now.dev !== st.dev)
      deny(action, `the path changed between the check and the open (a symlink was swapped in); ${real} was not ${action.op === 'read' ? 'read' : 'written'}`);
  };

  const openChecked = async (action: FileAction, real: string, flags: number, mode?: number): Promise<FileHandle> => {
    try {
      return await open(real, flags | O_NOFOLLOW, mode);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ELOOP')
        deny(action, `${real} became a symlink between the check and the open; it was not followed`);
      throw err;
    }
  };

  async function readFile(p: string): Promise<Buffer>;
  async function readFile(p: string, encoding: BufferEncoding): Promise<string>;
  async function readFile(p: string, encoding?: BufferEncoding): Promise<Buffer | string> {
    const action: FileAction = { kind: 'file', path: p, op: 'read' };
    const real = await target(action);
    const fh = await openChecked(action, real, constants.O_RDONLY);
    try {
      await verify(action, real, fh);
      return encoding ? await fh.readFile({ encoding }) : await fh.readFile();
    } finally {
      await fh.close();
    }
  }

  return {
    readFile,
    async writeFile(p, data, options = {}) {
      const action: FileAction = { kind: 'file', path: p, op: 'write' };
      const real = await target(action);
      // no O_TRUNC: nothing is changed until the handle is verified
      const fh = await openChecked(action, real, constants.O_WRONLY | constants.O_CREAT | (options.append ? constants.O_APPEND : 0), 0o666);
      try {
        await verify(action, real, fh);
        if (!options.append) await fh.truncate(0);
        await fh.writeFile(data);
      } finally {
        await fh.close();
      }
    },
    async readdir(p) {
      const action: FileAction = { kind: 'file', path: p, op: 'list' };
      const real = await target(action);
      if (sandboxed()) {
        const st = await lstat(real);
        if (st.isSymbolicLink()) deny(action, `${real} became a symlink between the check and the listing; it was not followed`);
      }
      const names = await readdir(real);
      if (sandboxed() && kernel.env.realpath(real) !== real) deny(action, `${real} changed while it was listed (a symlink was swapped in)`);
      return names;
    },
    async mkdir(p, options = {}) {
      const action: FileAction = { kind: 'file', path: p, op: 'write' };
      const real = await target(action);
      await mkdir(real, { recursive: options.recursive === true });
      if (sandboxed() && kernel.env.realpath(real) !== real) deny(action, `${real} resolves elsewhere after mkdir (a symlink was swapped in)`);
    },
    async rm(p, options = {}) {
      const action: FileAction = { kind: 'file', path: p, op: 'delete' };
      const real = await target(action);
      // rm never follows a symlink it is given or meets inside a tree: it removes the link
      await rm(real, { recursive: options.recursive === true, force: options.force === true });
    },
    async stat(p): Promise<Stats> {
      const action: FileAction = { kind: 'file', path: p, op: 'read' };
      const real = await target(action);
      return sandboxed() ? lstat(real) : stat(real);
    },
  };
}
