#!/usr/bin/env node
/**
 * Bundles the compiled CLI (dist/cli/main.js and the modules it imports, with the pure
 * JavaScript packages it needs on every run) into one CommonJS file, dist/agentos.cjs, which
 * bin/agentos.js loads through the V8 code cache: one file to read and, from the second run
 * on, nothing to compile. Node 20 keeps no code cache for ES modules, and resolving and
 * reading some 90 of them was most of the start-up of `agentos check --staged`.
 *
 * - Each module's `import.meta.url` becomes the URL of its own file under dist/, so paths
 *   relative to it (rules/, templates/, package.json, the deep-analysis worker, which still
 *   runs from dist/) are what they are without the bundle.
 * - Dynamic imports stay lazy: the modules behind them are in the file but run on first use.
 * - Packages with native or WebAssembly parts, or loaded only by some commands, stay outside
 *   and are loaded from node_modules as before (CommonJS ones through the same code cache).
 *
 * - The rule files of rules/, parsed and validated, go into dist/bundle/rules.json: the bundled CLI
 *   takes them from there while the rule files are the ones they were parsed from
 *   (src/policy/rules.ts `loadRules`), instead of reading and parsing the YAML on every run.
 *
 * Run by `npm run build` (after tsc). Without the bundle, bin/agentos.js loads dist/cli/main.js.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'rolldown';
import { plainExports } from './plain-exports.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = path.join(root, 'dist');
const outDir = path.join(dist, 'bundle');

/**
 * Packages compiled into the bundle, with what they import: small, pure JavaScript, and loaded
 * by (nearly) every command. Not cosmiconfig: it `import()`s ES module configuration files,
 * which code compiled from the V8 code cache cannot do on Node 20 (see src/cli/code-cache.ts),
 * and the code cache leaves it alone.
 */
const INLINE = new Set(['commander', 'chalk', 'ignore', '@typescript-eslint/types']);
/** ...except these, which stay where they are. */
const NEVER = new Set(['typescript']);

const packageName = (id) => (id.startsWith('@') ? id.split('/').slice(0, 2).join('/') : id.split('/')[0]);
const isBare = (id) => !id.startsWith('.') && !path.isAbsolute(id) && !id.startsWith('\0');
const inNodeModules = (file) => file.split(path.sep).includes('node_modules');

/** Defined at the top of every output file, where `require` and `__dirname` are the file's own (a module may declare a `require` of its own). */
const URL_OF = '__agentosModuleUrl';
const banner = `const ${URL_OF} = (file) => require("node:url").pathToFileURL(require("node:path").join(__dirname, file)).href;`;

/** A dynamic `import(` in generated code (not a comment line): such a file is marked for the code cache to leave alone. */
const DYNAMIC_IMPORT = /^(?!\s*(?:\/\/|\*|\/\*)).*(?<![\w$.])import\s*\(/m;

const started = Date.now();
// no chunk of an earlier build may outlive it
await rm(outDir, { recursive: true, force: true });
const { output } = await build({
  // the code cache is an entry of its own: bin/agentos.js loads it first, then the CLI through it
  input: { agentos: path.join(dist, 'cli', 'main.js'), 'code-cache': path.join(dist, 'cli', 'code-cache.js') },
  platform: 'node',
  logLevel: 'warn',
  // a package is inlined when this project imports it from the list above, or when an inlined package imports it
  external: (id, importer) => {
    if (id.startsWith('node:')) return true;
    if (!isBare(id)) return false;
    const name = packageName(id);
    return NEVER.has(name) || (!INLINE.has(name) && !(importer && inNodeModules(importer)));
  },
  plugins: [
    {
      name: 'module-urls',
      async load(id) {
        if (!id.startsWith(dist + path.sep) || !id.endsWith('.js')) return null;
        const code = await readFile(id, 'utf8');
        const relative = path.relative(outDir, id).split(path.sep).join('/');
        return { code: code.replaceAll('import.meta.url', `${URL_OF}(${JSON.stringify(relative)})`), map: null };
      },
    },
  ],
  output: {
    dir: outDir,
    format: 'cjs',
    banner,
    // what a dynamic import brings in is a file of its own, compiled only when a command needs it
    // stable names: the code cache is keyed by file name
    entryFileNames: '[name].cjs',
    chunkFileNames: '[name].cjs',
    sourcemap: false,
    exports: 'named',
  },
});
// the marker as src/cli/code-cache.ts spells it (NOT_CACHED), read from what tsc wrote
const { NOT_CACHED } = await import(pathToFileURL(path.join(dist, 'cli', 'code-cache.js')).href);
const uncached = [];
for (const chunk of output) {
  if (chunk.type !== 'chunk') continue;
  let code = plainExports(chunk.code);
  if (DYNAMIC_IMPORT.test(code)) {
    code = NOT_CACHED + code;
    uncached.push(chunk.fileName);
  }
  if (code !== chunk.code) await writeFile(path.join(outDir, chunk.fileName), code);
}
// the rules, compiled by the code just built (the same validation as at run time)
const { compileRules, defaultRulesDir, COMPILED_RULES } = await import(pathToFileURL(path.join(dist, 'policy', 'rules.js')).href);
const { CHECK_NAMES } = await import(pathToFileURL(path.join(dist, 'analysis', 'checks', 'index.js')).href);
const compiled = compileRules(defaultRulesDir(), CHECK_NAMES);
const json = JSON.stringify(compiled);
// (what does not come back from JSON as it was, a number such as -0 or NaN, is parsed at run time instead)
if (isDeepStrictEqual(JSON.parse(json), compiled)) await writeFile(path.join(outDir, COMPILED_RULES), json);
else console.log('rules left to be parsed at run time: their parsed form does not survive JSON');
console.log(`bundled the CLI into ${path.relative(root, outDir)}/ in ${Date.now() - started} ms${uncached.length ? ` (left to Node's compiler, as they import(): ${uncached.join(', ')})` : ''}`);
