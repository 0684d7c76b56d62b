import { spawn } from 'node:child_process';

export function launch(binary: string): void {
  // expect: subprocess-dynamic-command
  spawn(binary, ['--serve']);
  // ok: subprocess-dynamic-command
  spawn('git', ['fetch', '--all']);
}
