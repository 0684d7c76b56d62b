/**
 * The bundle's files export to each other through plain properties where a binding cannot
 * change (src/build/plain-exports.mjs), and keep rolldown's getters where it can. A real
 * rolldown build of two entries sharing a module, in a temporary directory, run with Node.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { build } from 'rolldown';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in JavaScript, without declarations
import { plainExports } from '../../src/build/plain-exports.mjs';

const plain = plainExports as (code: string) => string;

describe('plain exports between the files of the bundle', () => {
  it('turns getters of functions, classes and constants into properties, and keeps reassignable bindings live', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-plain-exports-'));
    writeFileSync(
      path.join(dir, 'shared.js'),
      [
        'export function twice(x) { return 2 * x; }',
        'export async function later() { return 1; }',
        'export const LIMIT = { n: 3 };',
        'export class Box { constructor(v) { this.v = v; } }',
        'export let counter = 0;',
        'export function bump() { counter++; }',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'a.js'), "import { twice, LIMIT, Box, counter, bump, later } from './shared.js';\nexport function run() { bump(); return [twice(LIMIT.n), new Box(1).v, counter, typeof later]; }\n");
    writeFileSync(path.join(dir, 'b.js'), "import { twice } from './shared.js';\nexport const b = () => twice(5);\n");
    const out = path.join(dir, 'out');
    const { output } = await build({
      input: { a: path.join(dir, 'a.js'), b: path.join(dir, 'b.js') },
      platform: 'node',
      logLevel: 'silent',
      output: { dir: out, format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name].cjs', exports: 'named' },
    });
    const chunk = output.find((c) => c.type === 'chunk' && c.code.includes('function twice'));
    expect(chunk && chunk.type === 'chunk' && chunk.code).toMatch(/get: function\(\) \{\n\t\treturn twice;/);
    for (const f of readdirSync(out)) writeFileSync(path.join(out, f), plain(readFileSync(path.join(out, f), 'utf8')));

    const require = createRequire(path.join(out, 'a.cjs'));
    const shared = require(path.join(out, chunk!.fileName)) as Record<string, unknown>;
    for (const name of ['twice', 'later', 'LIMIT', 'Box', 'bump']) expect(Object.getOwnPropertyDescriptor(shared, name)).toMatchObject({ value: expect.anything() });
    // `let`: still a getter, so another file sees the new value
    expect(typeof Object.getOwnPropertyDescriptor(shared, 'counter')!.get).toBe('function');
    const a = require(path.join(out, 'a.cjs')) as { run(): unknown[] };
    expect(a.run()).toEqual([6, 1, 1, 'function']);
    expect(a.run()[2]).toBe(2);
    expect((require(path.join(out, 'b.cjs')) as { b(): number }).b()).toBe(10);
  });

  it('leaves the getter of a binding the file may change alone', () => {
    const getter = (name: string) => [`Object.defineProperty(exports, "${name}", {`, '\tenumerable: true,', '\tget: function() {', `\t\treturn ${name};`, '\t}', '});'].join('\n');
    const code = ['let state = 1;', 'var Thing = class {};', 'function swap() { Thing = class {}; }', getter('state'), getter('Thing'), ''].join('\n');
    expect(plain(code)).toBe(code);
    expect(plain(code.replace('Thing = class {}; }', '}'))).toContain('exports.Thing = Thing;');
  });
});
