import { execFileSync } from 'node:child_process';

// ok: subprocess-not-allowlisted
execFileSync('grep', ['-r', 'TODO', 'src']);

// expect: subprocess-not-allowlisted
execFileSync('kubectl', ['delete', 'pod', 'web-1']);
