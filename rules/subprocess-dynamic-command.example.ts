import { spawn } from 'node:child_process';
import path from 'node:path';

export function launch(binary: string): void {
  // expect: subprocess-dynamic-command
  spawn(binary, ['--serve']);
  // ok: subprocess-dynamic-command
  spawn('git', ['fetch', '--all']);
}

const ROOT = process.cwd();
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

export function runExample(file: string, runner: string): void {
  // ok: subprocess-dynamic-command
  spawn(TSX, [file]);
  // expect: subprocess-dynamic-command
  spawn(path.join(ROOT, runner), [file]);
}
