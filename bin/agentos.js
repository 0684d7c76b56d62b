#!/usr/bin/env node
import { readFileSync } from 'node:fs';

// `agentos --version` alone is answered here, without loading the CLI (commander and the
// command modules): it stays about as fast as starting node. Output and exit code are what
// commander prints for it.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  import('../dist/cli/main.js')
    .then((m) => m.main(process.argv))
    .catch((err) => {
      if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
        process.stderr.write('agentos: the compiled CLI is missing (dist/); run `npm run build` first\n');
      } else {
        process.stderr.write(`agentos: internal error: ${err && err.stack ? err.stack : err}\n`);
      }
      process.exit(2);
    });
}
