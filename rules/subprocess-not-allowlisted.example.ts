import { spawnSync } from 'node:child_process';

// expect: subprocess-not-allowlisted
spawnSync('rm', ['-rf', 'build']);

// ok: subprocess-not-allowlisted
spawnSync('git', ['diff', '--stat']);
