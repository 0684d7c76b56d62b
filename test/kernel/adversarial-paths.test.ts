/**
 * Adversarial suite, path tricks, on real files and real symlinks: `kernel.check` (what
 * wrapped tools and other runtimes rely on) and the governed context `ctx.fs` must both
 * refuse every path that leads out of the sandbox, for every operation, and nothing may
 * appear outside.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KernelSpace, PolicyViolation, type FileOp, type GovernedContext } from '../../src/kernel/index.js';

let tmp: string;
let root: string;
let outside: string;
let kernel: KernelSpace;
const OPS: FileOp[] = ['read', 'write', 'delete', 'list'];

beforeAll(() => {
  tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'agentos-adv-paths-')));
  root = path.join(tmp, 'ws');
  outside = path.join(tmp, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  mkdirSync(path.join(root, 'sub'));
  mkdirSync(`${root}-evil`);
  writeFileSync(path.join(root, 'ok.txt'), 'ok');
  writeFileSync(path.join(outside, 'secret.txt'), 'secret');
  // dangling links: their targets do not exist yet, a write would create them
  symlinkSync(path.join(outside, 'created-by-write.txt'), path.join(root, 'dangling-abs'));
  symlinkSync('../outside/created-rel.txt', path.join(root, 'dangling-rel'));
  symlinkSync('../../outside/deeper.txt', path.join(root, 'sub', 'dangling-up'));
  // a chain of dangling links that ends outside
  symlinkSync(path.join(root, 'chain-2'), path.join(root, 'chain-1'));
  symlinkSync(path.join(root, 'chain-3'), path.join(root, 'chain-2'));
  symlinkSync(path.join(outside, 'chain-end.txt'), path.join(root, 'chain-3'));
  // a dangling link to a missing directory outside, used as a parent
  symlinkSync(path.join(outside, 'newdir'), path.join(root, 'dangling-dir'));
  // loops
  symlinkSync(path.join(root, 'loop-b'), path.join(root, 'loop-a'));
  symlinkSync(path.join(root, 'loop-a'), path.join(root, 'loop-b'));
  symlinkSync('self', path.join(root, 'self'));
  // a chain longer than the kernel follows (41 hops, the last dangling inside the root)
  for (let i = 0; i < 45; i++) symlinkSync(path.join(root, `long-${i + 1}`), path.join(root, `long-${i}`));
  // existing links out of the sandbox
  symlinkSync(outside, path.join(root, 'to-outside'));
  symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'secret-link'));
  // a dangling link that stays inside is fine
  symlinkSync(path.join(root, 'sub', 'new.txt'), path.join(root, 'dangling-inside'));
  kernel = new KernelSpace({ preset: 'strict', sandbox: { roots: [root] } });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const HOSTILE: [name: string, path: () => string, reason: RegExp][] = [
  ['a dangling absolute link pointing outside', () => 'dangling-abs', /outside the sandbox/],
  ['a dangling relative link pointing outside', () => 'dangling-rel', /outside the sandbox/],
  ['a dangling link with .. in a subdirectory', () => 'sub/dangling-up', /outside the sandbox/],
  ['a chain of dangling links ending outside', () => 'chain-1', /outside the sandbox/],
  ['a path under a dangling link to a missing directory outside', () => 'dangling-dir/x.txt', /outside the sandbox/],
  ['a symlink loop', () => 'loop-a', /symbolic link loop/],
  ['a link to itself', () => 'self', /symbolic link loop/],
  ['a chain of links longer than the kernel follows', () => 'long-0', /symbolic link loop|cannot be resolved/],
  ['an existing link to a directory outside', () => 'to-outside/secret.txt', /outside the sandbox/],
  ['an existing link to a file outside', () => 'secret-link', /outside the sandbox/],
  ['.. out of the root', () => '../outside/secret.txt', /outside the sandbox/],
  ['.. after a subdirectory', () => 'sub/../../outside/secret.txt', /outside the sandbox/],
  ['an absolute path outside', () => path.join(outside, 'secret.txt'), /outside the sandbox/],
  ['a sibling sharing the root as prefix', () => `${root}-evil/x`, /outside the sandbox/],
  ['a NUL byte', () => 'ok.txt\0/../../outside/secret.txt', /NUL byte/],
  ['a file: URL', () => `file://${outside}/secret.txt`, /file: URL/],
  ['~ without a home', () => '~/.ssh/id_rsa', /`~`/],
  ["another user's home", () => '~root/.ssh/id_rsa', /another user/],
  ['the empty path', () => '', /empty path/],
];

describe('path tricks: kernel.check', () => {
  for (const [name, p, reason] of HOSTILE) {
    it.each(OPS)(`${name} (%s) is denied`, (op) => {
      const d = kernel.check({ kind: 'file', path: p(), op });
      expect(d.allowed).toBe(false);
      expect(d.ruleId).toBe('file-outside-sandbox');
      expect(d.reason).toMatch(reason);
    });
  }

  it.each(OPS)('paths that stay inside are allowed (%s), dangling links into the root included', (op) => {
    for (const p of ['ok.txt', 'sub', 'sub/new-file.txt', 'dangling-inside', './sub/../ok.txt', path.join(root, 'ok.txt')])
      expect(kernel.check({ kind: 'file', path: p, op }), p).toEqual({ allowed: true });
  });
});

describe('path tricks: ctx.fs', () => {
  async function attempt(body: (ctx: GovernedContext) => Promise<unknown>): Promise<string> {
    const agent = kernel.register(async (ctx: GovernedContext) => {
      try {
        await body(ctx);
        return 'done';
      } catch (err) {
        return err instanceof PolicyViolation ? `denied: ${err.ruleId}` : `error: ${(err as Error).message}`;
      }
    });
    return kernel.execute(agent, undefined);
  }

  for (const [name, p] of HOSTILE) {
    it(`${name}: write, read, list and delete are refused`, async () => {
      expect(await attempt((ctx) => ctx.fs.writeFile(p(), 'pwned'))).toBe('denied: file-outside-sandbox');
      expect(await attempt((ctx) => ctx.fs.readFile(p(), 'utf8'))).toBe('denied: file-outside-sandbox');
      expect(await attempt((ctx) => ctx.fs.readdir(p()))).toBe('denied: file-outside-sandbox');
      expect(await attempt((ctx) => ctx.fs.mkdir(p(), { recursive: true }))).toBe('denied: file-outside-sandbox');
      expect(await attempt((ctx) => ctx.fs.rm(p(), { force: true }))).toBe('denied: file-outside-sandbox');
    });
  }

  it('nothing was created or removed outside', () => {
    expect(readdirSync(outside).sort()).toEqual(['secret.txt']);
    expect(existsSync(`${root}-evil/x`)).toBe(false);
  });

  it('a dangling link into the root is written through, inside', async () => {
    expect(await attempt((ctx) => ctx.fs.writeFile('dangling-inside', 'fine'))).toBe('done');
    expect(existsSync(path.join(root, 'sub', 'new.txt'))).toBe(true);
  });
});
