/**
 * Whether this code runs from the bundled CLI (dist/bundle/, made by src/build/bundle.mjs after
 * tsc) or from the modules tsc wrote (or src/ under the test runner), for what is kept per build:
 * the package fingerprint of the result cache and the rules the build compiled.
 */

/**
 * The directory of the bundled CLI when this module runs from it, else undefined. The bundle's
 * files are CommonJS, where `__filename` is the bundled file; the modules tsc wrote are ES
 * modules, which have none.
 */
export function bundleDir(): string | undefined {
  return typeof __filename === 'string' && __filename.endsWith('.cjs') ? __filename.slice(0, Math.max(__filename.lastIndexOf('/'), __filename.lastIndexOf('\\'))) : undefined;
}
