#!/usr/bin/env node
// CommonJS (bin/package.json says so): an ES module as the entry point would start Node's ES
// module loader, a few milliseconds of every run, which the bundled CLI never needs.
const { readFileSync, statSync } = require('node:fs');
const path = require('node:path');

// `agentos --version` alone is answered here, without loading the CLI (commander and the
// command modules): it stays about as fast as starting node. Output and exit code are what
// commander prints for it.
const args = process.argv.slice(2);

// A reader that stops early (`agentos check --help | head`) closes the pipe: what it did not read
// is no error. Exit quietly, with the exit code already decided.
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
} else {
  loadCli()
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

/**
 * The CLI bundled into a few CommonJS files (dist/bundle/, made by `npm run build`), loaded
 * through the V8 code cache so that a run compiles next to nothing; else the ES modules tsc
 * wrote (dist/cli/main.js): when there is no bundle, when tsc ran after it (a bundle older
 * than dist/cli/main.js is stale), or with AGENTOS_BUNDLE=0.
 */
async function loadCli() {
  if (process.env.AGENTOS_BUNDLE !== '0' && bundleIsCurrent()) {
    const bundle = path.join(__dirname, '..', 'dist', 'bundle');
    // the bundle's own files now; dependencies when a command that loads big ones starts
    require(path.join(bundle, 'code-cache.cjs')).enableCodeCache(process.env, { ownCode: bundle, dependencies: false });
    return require(path.join(bundle, 'agentos.cjs'));
  }
  return import('../dist/cli/main.js');
}

function bundleIsCurrent() {
  const mtime = (rel) => statSync(path.join(__dirname, rel), { throwIfNoEntry: false })?.mtimeMs;
  const bundled = mtime('../dist/bundle/agentos.cjs');
  const compiled = mtime('../dist/cli/main.js');
  return bundled !== undefined && (compiled === undefined || bundled >= compiled);
}
