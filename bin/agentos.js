#!/usr/bin/env node
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
