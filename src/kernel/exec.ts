/** `ctx.exec`: argv form only (spawn with shell: false), a timeout, a cap on output, cancellation on SIGKILL. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { AgentKilledError, ExecLimitError } from './errors.js';
import type { DecisionCore } from './core.js';
import type { Run } from './signals.js';
import type { ExecOptions, ExecResult } from './types.js';

/** What a spawned program sees by default: no API keys or tokens from the agent's own environment. */
const DEFAULT_ENV_KEYS = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR', 'SYSTEMROOT', 'WINDIR'];

const POSIX = process.platform !== 'win32';

/** Process groups still running, killed if this process exits first. */
const live = new Set<number>();
let exitHook = false;

function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    if (POSIX) process.kill(-pid, 'SIGKILL');
    else process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export async function governedExec(
  kernel: DecisionCore,
  run: Run,
  command: string,
  args: readonly string[] = [],
  options: ExecOptions = {},
): Promise<ExecResult> {
  if (typeof command !== 'string') throw new TypeError('ctx.exec: command must be a string (the program; arguments go in args)');
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) throw new TypeError('ctx.exec: args must be a list of strings');
  const agent = run.agentId;

  let cwd = kernel.roots[0] ?? kernel.env.cwd ?? kernel.env.baseDir;
  if (options.cwd !== undefined) {
    const ev = await kernel.govern(run, agent, { kind: 'file', path: options.cwd, op: 'list' });
    cwd = ev.resolved ?? path.resolve(cwd, options.cwd);
  }
  // the variables the program gets beyond what it would get anyway are part of what is decided
  const given: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.env ?? {})) if (v !== undefined && !(DEFAULT_ENV_KEYS.includes(k) && process.env[k] === v)) given[k] = v;
  const action = { kind: 'exec' as const, command, args: [...args], shell: false, ...(Object.keys(given).length ? { env: given } : {}) };
  await kernel.govern(run, agent, action);

  // run the binary the decision was about, not whatever PATH finds later
  const program = /[\\/]/.test(command) ? command : (kernel.env.resolveProgram(command) ?? command);
  const base: Record<string, string> = {};
  if (!options.replaceEnv) for (const k of DEFAULT_ENV_KEYS) if (process.env[k] !== undefined) base[k] = process.env[k]!;
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  const timeoutMs = options.timeoutMs ?? kernel.limits.execTimeoutMs;
  const maxBytes = options.maxOutputBytes ?? kernel.limits.execMaxOutputBytes;
  run.throwIfKilled();

  return new Promise<ExecResult>((resolve, reject) => {
    // agentos-ignore subprocess-dynamic-command: ctx.exec runs only what the kernel's policies allowed just before
    const child = spawn(program, [...args], {
      cwd,
      env: base,
      shell: false,
      windowsHide: true,
      // own process group, so a timeout or SIGKILL also ends what the program started
      detached: POSIX,
      stdio: [options.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    const pid = child.pid;
    if (pid !== undefined) {
      live.add(pid);
      if (!exitHook) {
        exitHook = true;
        process.once('exit', () => {
          for (const p of live) killTree(p);
        });
      }
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const text = (b: Buffer[]): string => Buffer.concat(b).toString('utf8');
    const cleanup = (): void => {
      clearTimeout(timer);
      run.signal.removeEventListener('abort', onAbort);
      if (pid !== undefined) live.delete(pid);
    };
    const fail = (e: Error): void => {
      if (settled) return;
      settled = true;
      killTree(pid);
      cleanup();
      reject(e);
    };
    const onAbort = (): void => fail(new AgentKilledError(agent));
    const onData = (into: Buffer[]) => (chunk: Buffer) => {
      if (settled) return;
      bytes += chunk.length;
      if (bytes > maxBytes) {
        const room = chunk.length - (bytes - maxBytes);
        if (room > 0) into.push(chunk.subarray(0, room));
        fail(new ExecLimitError('output', `${command} wrote more than ${maxBytes} bytes of output and was killed`, text(out), text(err)));
        return;
      }
      into.push(chunk);
    };
    const timer = setTimeout(() => {
      fail(new ExecLimitError('timeout', `${command} ran longer than ${timeoutMs} ms and was killed`, text(out), text(err)));
    }, timeoutMs);
    run.signal.addEventListener('abort', onAbort, { once: true });
    child.stdout!.on('data', onData(out));
    child.stderr!.on('data', onData(err));
    child.on('error', (e) => fail(e));
    child.on('close', (code, signal) => {
      if (settled) return;
      settled = true;
      cleanup();
      resolve({ code, signal, stdout: text(out), stderr: text(err) });
    });
    if (options.input !== undefined) {
      child.stdin!.on('error', () => undefined); // the program may exit without reading its input
      child.stdin!.end(options.input);
    }
    if (run.signal.aborted) onAbort();
  });
}
