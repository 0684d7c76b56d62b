import { mkdirSync, mkdtempSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInSandbox, type ResolveInSandboxOptions } from '../../src/policy/paths.js';

const ROOTS = ['/workspace'];

type Case = [path: string, resolved: string, options?: ResolveInSandboxOptions];

/** Lexical containment (no realpath): must stay inside, with the normalized path. */
const INSIDE: Case[] = [
  ['/workspace', '/workspace'],
  ['/workspace/', '/workspace'],
  ['/workspace/a/b.txt', '/workspace/a/b.txt'],
  ['/workspace//a///b.txt', '/workspace/a/b.txt'],
  ['/workspace/./a/./b', '/workspace/a/b'],
  ['/workspace/a/../b', '/workspace/b'],
  ['/workspace/a/..', '/workspace'],
  ['/workspace/.hidden', '/workspace/.hidden'],
  ['/workspace/..foo', '/workspace/..foo'],
  ['/workspace/...', '/workspace/...'],
  ['/workspace/a b/c d.txt', '/workspace/a b/c d.txt'],
  ['/workspace/日本語.txt', '/workspace/日本語.txt'],
  // a backslash is an ordinary file name character on POSIX
  ['/workspace/..\\..\\etc\\passwd', '/workspace/..\\..\\etc\\passwd'],
  ['C:\\Windows\\System32', '/workspace/C:\\Windows\\System32'],
  // relative paths: against the first root when there is no cwd
  ['notes.txt', '/workspace/notes.txt'],
  ['./out/report.md', '/workspace/out/report.md'],
  ['a/../b', '/workspace/b'],
  ['.', '/workspace'],
  ['http://example.com/x', '/workspace/http:/example.com/x'],
  // with a cwd
  ['x.txt', '/workspace/sub/x.txt', { cwd: '/workspace/sub' }],
  ['../x.txt', '/workspace/x.txt', { cwd: '/workspace/sub' }],
  ['/workspace/y', '/workspace/y', { cwd: '/tmp' }],
  // ~ expansion
  ['~', '/workspace/home', { home: '/workspace/home' }],
  ['~/notes', '/workspace/home/notes', { home: '/workspace/home' }],
  ['~/../data', '/workspace/data', { home: '/workspace/home' }],
];

/** Lexical containment: must be denied, and the reason names the judged path. */
const OUTSIDE: Case[] = [
  ['/etc/passwd', '/etc/passwd'],
  ['/workspace-evil/x', '/workspace-evil/x'],
  ['/workspace2', '/workspace2'],
  ['/work', '/work'],
  ['/', '/'],
  ['/WORKSPACE/a', '/WORKSPACE/a'],
  ['/workspace/../etc/shadow', '/etc/shadow'],
  ['/workspace/a/../../etc', '/etc'],
  ['//etc/passwd', '/etc/passwd'],
  ['/../../../etc/passwd', '/etc/passwd'],
  ['/workspace/../workspace-evil', '/workspace-evil'],
  ['../secrets/id_rsa', '/secrets/id_rsa'],
  ['a/../../etc/passwd', '/etc/passwd'],
  ['../../../../../../etc/passwd', '/etc/passwd'],
  ['..', '/'],
  ['x.txt', '/tmp/x.txt', { cwd: '/tmp' }],
  ['../../x', '/x', { cwd: '/workspace/sub' }],
  ['~/.ssh/id_rsa', '/home/agent/.ssh/id_rsa', { home: '/home/agent' }],
  ['~/../../etc', '/etc', { home: '/workspace/home' }],
];

/** Denied before any containment question, with a reason. */
const INVALID: [path: string, reason: RegExp, roots?: string[], options?: ResolveInSandboxOptions][] = [
  ['', /empty/],
  ['/workspace/a\0.txt', /NUL/],
  ['\0', /NUL/],
  ['file:///workspace/a.txt', /file: URL/],
  ['FILE:/etc/passwd', /file: URL/],
  ['~', /no home directory/],
  ['~/notes', /no home directory/],
  ['~root/.ssh/id_rsa', /another user/],
  ['~root', /another user/, ROOTS, { home: '/workspace' }],
  ['~/x', /not absolute/, ROOTS, { home: 'relative/home' }],
  ['x', /not absolute/, ROOTS, { cwd: 'relative/cwd' }],
  ['/workspace/a', /no sandbox roots/, []],
  ['/workspace/a', /can be resolved/, ['', 'relative-root-without-cwd']],
];

describe('resolveInSandbox: lexical', () => {
  it.each(INSIDE)('inside: %j', (p, resolved, options) => {
    const v = resolveInSandbox(p, ROOTS, options);
    expect(v).toMatchObject({ inside: true, resolved, root: '/workspace' });
    expect(v.reason).toBeUndefined();
  });

  it.each(OUTSIDE)('outside: %j', (p, resolved, options) => {
    const v = resolveInSandbox(p, ROOTS, options);
    expect(v).toMatchObject({ inside: false, resolved });
    expect(v.reason).toContain(`\`${resolved}\``);
    expect(v.reason).toContain('outside the sandbox roots (/workspace)');
  });

  it.each(INVALID)('denied: %j', (p, reason, roots = ROOTS, options = {}) => {
    const v = resolveInSandbox(p, roots, options);
    expect(v.inside).toBe(false);
    expect(v.reason).toMatch(reason);
  });

  it('says exactly why in one sentence', () => {
    expect(resolveInSandbox('/etc/passwd', ['/workspace']).reason).toBe('`/etc/passwd` is outside the sandbox roots (/workspace)');
    expect(resolveInSandbox('../secrets/id_rsa', ['/srv/app']).reason).toBe('`../secrets/id_rsa` resolves to `/srv/secrets/id_rsa`, which is outside the sandbox roots (/srv/app)');
  });

  it('normalizes roots the same way and reports the containing root', () => {
    for (const root of ['/workspace/', '/workspace/./', '//workspace', '/workspace/sub/..', '/other/../workspace']) {
      expect(resolveInSandbox('/workspace/a', [root])).toMatchObject({ inside: true, root: '/workspace' });
      expect(resolveInSandbox('/workspace-evil', [root]).inside).toBe(false);
    }
    expect(resolveInSandbox('/b/x', ['/a', '/b'])).toMatchObject({ inside: true, root: '/b' });
    expect(resolveInSandbox('x', ['/a', '/b'])).toMatchObject({ inside: true, root: '/a', resolved: '/a/x' });
    expect(resolveInSandbox('/c/x', ['/a', '/b']).reason).toContain('(/a, /b)');
    // a relative root needs a cwd to be located
    expect(resolveInSandbox('/base/ws/x', ['ws'], { cwd: '/base' })).toMatchObject({ inside: true, root: '/base/ws' });
    expect(resolveInSandbox('/base/wsx', ['ws'], { cwd: '/base' }).inside).toBe(false);
    // roots under ~
    expect(resolveInSandbox('/home/u/ws/a', ['~/ws'], { home: '/home/u' }).inside).toBe(true);
  });

  it('the root / contains everything', () => {
    for (const p of ['/etc/passwd', '/', '../../x', '/a/../../b']) expect(resolveInSandbox(p, ['/']).inside).toBe(true);
  });

  it('ignores unusable roots but keeps the rest', () => {
    expect(resolveInSandbox('/ok/x', ['relative', '/ok']).inside).toBe(true);
    expect(resolveInSandbox('/ok/x', [42 as unknown as string, '/ok']).inside).toBe(true);
  });

  it('never throws on hostile input', () => {
    const inputs = [null, undefined, 42, {}, 'a'.repeat(100_000), '/'.repeat(10_000), '../'.repeat(5_000) + 'etc', '\u0000', '~\u0000'];
    for (const p of inputs) expect(() => resolveInSandbox(p as string, ROOTS)).not.toThrow();
    expect(resolveInSandbox('../'.repeat(5_000) + 'etc', ROOTS).inside).toBe(false);
  });
});

describe('resolveInSandbox: symlinks (real temporary directory)', () => {
  let tmp: string;
  let root: string;
  let outside: string;

  /** The kernel's contract: the real path, or undefined when the path does not exist. */
  const realpath = (p: string): string | undefined => {
    try {
      return realpathSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw err;
    }
  };
  const readlink = (p: string): string | undefined => {
    try {
      return readlinkSync(p);
    } catch {
      return undefined;
    }
  };

  beforeAll(() => {
    tmp = realpathSync(mkdtempSync(path.join(tmpdir(), 'agentos-paths-')));
    root = path.join(tmp, 'root');
    outside = path.join(tmp, 'outside');
    mkdirSync(path.join(root, 'sub', 'deep'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    writeFileSync(path.join(root, 'file.txt'), 'ok');
    symlinkSync(outside, path.join(root, 'link-out'));
    symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'file-link'));
    symlinkSync(path.join(root, 'sub'), path.join(root, 'link-in'));
    symlinkSync('../../outside', path.join(root, 'sub', 'mid')); // relative target, in the middle of a path
    symlinkSync(path.join(outside, 'not-yet.txt'), path.join(root, 'dangle'));
    symlinkSync(path.join(root, 'new-inside.txt'), path.join(root, 'dangle-in'));
    symlinkSync('dangle', path.join(root, 'dangle-chain'));
    symlinkSync(path.join(root, 'loop2'), path.join(root, 'loop1'));
    symlinkSync(path.join(root, 'loop1'), path.join(root, 'loop2'));
    symlinkSync(root, path.join(tmp, 'root-link'));
    symlinkSync(path.join(tmp, 'root-link'), path.join(tmp, 'root-link-2'));
  });

  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  const judge = (p: string, extra: ResolveInSandboxOptions = {}, roots = [root]) => resolveInSandbox(p, roots, { cwd: root, realpath, ...extra });

  it('allows real paths inside the root, existing or not', () => {
    const cases: [string, string][] = [
      ['file.txt', 'file.txt'],
      ['sub/deep', 'sub/deep'],
      ['new.txt', 'new.txt'],
      ['new/dir/file.txt', 'new/dir/file.txt'],
      ['link-in/deep/x.txt', 'sub/deep/x.txt'],
      ['link-in', 'sub'],
      ['sub/deep/../../file.txt', 'file.txt'],
      ['file.txt/not-a-dir', 'file.txt/not-a-dir'],
      [path.join(root, 'sub', 'new.txt'), 'sub/new.txt'],
    ];
    for (const [p, rel] of cases) expect(judge(p), p).toMatchObject({ inside: true, resolved: path.join(root, rel), root });
  });

  it('catches symlinks that leave the root, even for paths that do not exist yet', () => {
    const cases: [string, string][] = [
      ['link-out', outside],
      ['link-out/secret.txt', path.join(outside, 'secret.txt')],
      ['link-out/new.txt', path.join(outside, 'new.txt')],
      ['link-out/new/deeper/file.txt', path.join(outside, 'new/deeper/file.txt')],
      ['file-link', path.join(outside, 'secret.txt')],
      ['sub/mid/secret.txt', path.join(outside, 'secret.txt')],
      ['sub/mid/x/y/z.txt', path.join(outside, 'x/y/z.txt')],
      ['link-in/mid/secret.txt', path.join(outside, 'secret.txt')],
      // lexically `root/outside/secret.txt`; physically `..` leaves the symlink's target
      ['link-out/../outside/secret.txt', path.join(outside, 'secret.txt')],
      ['link-out/../root-elsewhere/x', path.join(tmp, 'root-elsewhere/x')],
    ];
    for (const [p, resolved] of cases) {
      const v = judge(p);
      expect(v, p).toMatchObject({ inside: false, resolved });
      expect(v.reason, p).toContain(`resolves to \`${resolved}\``);
    }
  });

  it('judges `..` physically where the path exists and lexically past the first missing part', () => {
    // link-in/.. is root's parent's view of sub/.. = root
    expect(judge('link-in/../file.txt')).toMatchObject({ inside: true, resolved: path.join(root, 'file.txt') });
    expect(judge('missing/../../outside/secret.txt')).toMatchObject({ inside: false, resolved: path.join(outside, 'secret.txt') });
    expect(judge('missing/../file.txt')).toMatchObject({ inside: true, resolved: path.join(root, 'file.txt') });
  });

  it('dangling symlinks: judged by their target when readlink is given', () => {
    // realpath alone cannot see through a dangling link: the link itself is judged
    // (the kernel then opens with O_NOFOLLOW, so the link is never followed)
    expect(judge('dangle')).toMatchObject({ inside: true, resolved: path.join(root, 'dangle') });
    const v = judge('dangle', { readlink });
    expect(v).toMatchObject({ inside: false, resolved: path.join(outside, 'not-yet.txt') });
    expect(v.reason).toContain('outside the sandbox roots');
    expect(judge('dangle-chain', { readlink })).toMatchObject({ inside: false, resolved: path.join(outside, 'not-yet.txt') });
    expect(judge('dangle-in', { readlink })).toMatchObject({ inside: true, resolved: path.join(root, 'new-inside.txt') });
  });

  it('denies symlink loops with a reason', () => {
    for (const p of ['loop1', 'loop1/x', 'loop2/a/b', 'sub/../loop1/x']) {
      const v = judge(p);
      expect(v.inside, p).toBe(false);
      expect(v.reason, p).toMatch(/symbolic link loop/);
    }
    // the same with realpathSync.native, which the kernel uses
    const native = (p: string): string | undefined => {
      try {
        return realpathSync.native(p);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    };
    expect(resolveInSandbox('loop1/x', [root], { cwd: root, realpath: native }).reason).toMatch(/symbolic link loop/);
    // a readlink cycle among missing targets is cut off too
    const cyclic = (p: string): string | undefined => (p.endsWith('/a') ? path.join(root, 'b') : p.endsWith('/b') ? path.join(root, 'a') : undefined);
    expect(resolveInSandbox('a', [root], { cwd: root, realpath, readlink: cyclic }).reason).toMatch(/symbolic link loop/);
  });

  it('denies when realpath fails for another reason', () => {
    const failing = (p: string): string | undefined => {
      if (p.includes('locked')) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      return realpath(p);
    };
    const v = resolveInSandbox('locked/x', [root], { cwd: root, realpath: failing });
    expect(v.inside).toBe(false);
    expect(v.reason).toMatch(/permission denied/);
  });

  it('a root that is itself a symlink contains paths given either way', () => {
    const linkRoot = path.join(tmp, 'root-link');
    for (const r of [linkRoot, path.join(tmp, 'root-link-2'), linkRoot + '/']) {
      expect(resolveInSandbox(path.join(linkRoot, 'file.txt'), [r], { realpath })).toMatchObject({ inside: true, resolved: path.join(root, 'file.txt'), root });
      expect(resolveInSandbox(path.join(root, 'new.txt'), [r], { realpath })).toMatchObject({ inside: true, root });
      expect(resolveInSandbox(path.join(linkRoot, 'link-out/secret.txt'), [r], { realpath }).inside).toBe(false);
      expect(resolveInSandbox(path.join(tmp, 'root-link-evil'), [r], { realpath }).inside).toBe(false);
    }
    // a root that does not exist yet is resolved through its nearest existing ancestor
    expect(resolveInSandbox(path.join(linkRoot, 'later/x'), [path.join(linkRoot, 'later')], { realpath })).toMatchObject({ inside: true, root: path.join(root, 'later') });
    // a root that loops is unusable
    expect(resolveInSandbox(path.join(root, 'x'), [path.join(root, 'loop1')], { realpath }).reason).toMatch(/none of the sandbox roots/);
  });

  it('relative paths resolve against cwd, then the first root', () => {
    expect(resolveInSandbox('file.txt', [root], { realpath })).toMatchObject({ inside: true, resolved: path.join(root, 'file.txt') });
    expect(resolveInSandbox('file.txt', [root], { realpath, cwd: outside })).toMatchObject({ inside: false, resolved: path.join(outside, 'file.txt') });
    expect(resolveInSandbox('../root/file.txt', [root], { realpath, cwd: outside }).inside).toBe(true);
  });
});

describe('resolveInSandbox: harmless device files', () => {
  it('allows /dev/null and the standard streams by exact path, nothing else under /dev', () => {
    for (const p of ['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/urandom']) expect(resolveInSandbox(p, ['/srv/ws']), p).toMatchObject({ inside: true });
    for (const p of ['/dev/sda', '/dev/null/../sda', '/dev//null/x', '/dev/mem', '/dev/shm/x', '../dev/null']) expect(resolveInSandbox(p, ['/srv/ws'], { cwd: '/srv/ws' }).inside, p).toBe(false);
  });
});
