/**
 * `agentos init --baseline`: records today's findings so the first commit passes. The
 * baseline is written by `agentos baseline -o <file>` (a versioned JSON of finding
 * fingerprints), run as a program: init depends on that command's interface, not on
 * its code.
 */
import { spawnSync } from 'node:child_process';

export const DEFAULT_BASELINE_FILE = '.agentos-baseline.json';

/** The agentos program to run: `AGENTOS_BIN` when set, else this installation through node. */
export function agentosProgram(ownBin: string, env: NodeJS.ProcessEnv = process.env): { command: string; args: string[] } {
  if (env.AGENTOS_BIN) return { command: env.AGENTOS_BIN, args: [] };
  return { command: process.execPath, args: [ownBin] };
}

export type BaselineOutcome = { ok: true; file: string; summary: string } | { ok: false; message: string };

export function writeBaseline(program: { command: string; args: string[] }, cwd: string, file = DEFAULT_BASELINE_FILE): BaselineOutcome {
  // agentos-ignore subprocess-dynamic-command: the program is this agentos installation (AGENTOS_BIN or node with its own launcher)
  const r = spawnSync(program.command, [...program.args, 'baseline', '-o', file], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.error) return { ok: false, message: `could not run ${program.command}: ${r.error.message}` };
  if (r.status !== 0) {
    const reason = (r.stderr || r.stdout).trim().split('\n')[0] || `exit code ${r.status}`;
    return { ok: false, message: `\`agentos baseline -o ${file}\` failed: ${reason}` };
  }
  return { ok: true, file, summary: r.stdout.trim().split('\n').pop() ?? '' };
}
