import { mkdirSync, mkdtempSync, realpathSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyCommand } from '../../src/policy/commands.js';
import { resolveInSandbox } from '../../src/policy/paths.js';
import { classifySecretAssignment, findSecrets, redactSecrets } from '../../src/policy/secrets.js';
import { classifyUrl, isPrivateAddress } from '../../src/policy/urls.js';

describe('resolveInSandbox', () => {
  const roots = ['/ws'];
  it.each([
    ['/ws/a.txt', true],
    ['a/b.txt', true],
    ['/ws', true],
    ['/ws/../etc/passwd', false],
    ['../../etc/passwd', false],
    ['/ws-evil/x', false],
    ['/ws/a\0b', false],
    ['~/x', false],
    ['~root/x', false],
    ['', false],
    ['file:///ws/a', false],
    ['/ws//a/./b', true],
  ])('%j inside=%s', (p, inside) => {
    expect(resolveInSandbox(p, roots, { cwd: '/ws' }).inside).toBe(inside);
  });

  it('expands ~ with a home directory', () => {
    expect(resolveInSandbox('~/notes', ['/home/a'], { home: '/home/a' }).inside).toBe(true);
  });

  it('follows symlinks out of the root, also for paths that do not exist yet', () => {
    const base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'agentos-paths-')));
    const ws = path.join(base, 'ws');
    mkdirSync(path.join(ws, 'inner'), { recursive: true });
    mkdirSync(path.join(base, 'outside'));
    symlinkSync(path.join(base, 'outside'), path.join(ws, 'escape'));
    symlinkSync(path.join(ws, 'loop2'), path.join(ws, 'loop1'));
    symlinkSync(path.join(ws, 'loop1'), path.join(ws, 'loop2'));
    symlinkSync(ws, path.join(base, 'ws-link'));
    const realpath = (p: string) => {
      try {
        return realpathSync(p);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    };
    const opts = { cwd: ws, realpath };
    expect(resolveInSandbox('inner/new.txt', [ws], opts).inside).toBe(true);
    expect(resolveInSandbox('escape/secret.txt', [ws], opts).inside).toBe(false);
    expect(resolveInSandbox('escape/not/yet/there', [ws], opts).inside).toBe(false);
    expect(resolveInSandbox('loop1/x', [ws], opts).reason).toMatch(/symbolic link loop/);
    expect(resolveInSandbox(path.join(ws, 'inner'), [path.join(base, 'ws-link')], opts).inside).toBe(true);
  });
});

describe('classifyCommand', () => {
  const allow = ['git', 'ls', 'grep'];
  it.each([
    [{ command: 'git', args: ['status'] }, true, undefined],
    [{ command: 'ls', args: ['-la'] }, true, undefined],
    [{ command: 'ls', shell: true }, false, 'shell'],
    [{ command: 'sh', args: ['-c', 'ls'] }, false, 'shell'],
    [{ command: '/bin/BASH' }, false, 'shell'],
    [{ command: 'C:\\Windows\\System32\\cmd.exe', args: ['/c', 'dir'] }, false, 'shell'],
    [{ command: 'env', args: ['-i', 'PATH=/x', 'sh'] }, false, 'wrapper'],
    [{ command: 'xargs', args: ['rm'] }, false, 'wrapper'],
    [{ command: 'find', args: ['.', '-exec', 'rm', '{}', ';'] }, false, 'wrapper'],
    [{ command: 'python3', args: ['-c', 'import os'] }, false, 'interpreter'],
    [{ command: 'python3.12', args: ['-c', 'x'] }, false, 'interpreter'],
    [{ command: 'node', args: ['-e', 'x'] }, false, 'interpreter'],
    [{ command: 'perl', args: ['-e', 'x'] }, false, 'interpreter'],
    [{ command: 'awk', args: ['BEGIN { system("id") }'] }, false, 'interpreter'],
    [{ command: 'git', args: ['-c', 'core.sshCommand=sh -c id', 'fetch'] }, false, 'wrapper'],
    [{ command: 'docker', args: ['ps'] }, false, 'not-allowlisted'],
    [{ command: '/tmp/evil/git', args: ['status'] }, false, 'path-mismatch'],
    [{ command: './git' }, false, 'path-mismatch'],
    [{ command: '' }, false, 'empty'],
  ])('%j', (spec, allowed, problem) => {
    const v = classifyCommand(spec, allow);
    expect(v.allowed).toBe(allowed);
    expect(v.problem).toBe(problem);
  });

  it('allows the resolved absolute path of an allowed name', () => {
    expect(classifyCommand({ command: '/usr/bin/git' }, ['git'], { resolveProgram: () => '/usr/bin/git' }).allowed).toBe(true);
  });
  it('without an allowlist only shells, wrappers and interpreters are denied', () => {
    expect(classifyCommand({ command: 'docker', args: ['ps'] }, null).allowed).toBe(true);
    expect(classifyCommand({ command: 'env' }, null).allowed).toBe(true);
    expect(classifyCommand({ command: 'bash' }, null).allowed).toBe(false);
  });
});

describe('classifyUrl', () => {
  const allow = ['api.github.com', '*.example.com'];
  it.each([
    ['https://api.github.com/repos', true],
    ['https://API.GITHUB.COM./x', true],
    ['https://a.b.example.com/', true],
    ['https://example.com/', false],
    ['https://badexample.com/', false],
    ['https://api.github.com.evil.com/', false],
    ['https://api.github.com@evil.com/', false],
    ['https://api.github.com:443@evil.com/', false],
    ['https://evil.com\\@api.github.com/', false],
    ['http://169.254.169.254/latest/meta-data', false],
    ['http://2130706433/', false],
    ['http://0x7f000001/', false],
    ['http://0177.0.0.1/', false],
    ['http://[::1]/', false],
    ['http://[::ffff:127.0.0.1]/', false],
    ['file:///etc/passwd', false],
    ['gopher://api.github.com/', false],
    ['not a url', false],
  ])('%s allowed=%s', (u, allowed) => {
    expect(classifyUrl(u, allow).allowed).toBe(allowed);
  });
  it('denies internal destinations even without an allowlist', () => {
    expect(classifyUrl('http://localhost:8080/', null).allowed).toBe(false);
    expect(classifyUrl('http://10.0.0.5/', null).allowed).toBe(false);
    expect(classifyUrl('https://pypi.org/simple', null).allowed).toBe(true);
    expect(classifyUrl('http://127.0.0.1:3000/', ['127.0.0.1']).allowed).toBe(true);
  });
  it.each([
    ['127.0.0.1', true], ['10.1.2.3', true], ['172.31.0.1', true], ['172.32.0.1', false], ['100.64.0.1', true], ['8.8.8.8', false],
    ['::1', true], ['fd00:ec2::254', true], ['fe80::1', true], ['::ffff:7f00:1', true], ['64:ff9b::a00:1', true], ['2002:a00:1::', true], ['2606:4700::1111', false],
  ])('isPrivateAddress(%s) = %s', (ip, priv) => {
    expect(isPrivateAddress(ip)).toBe(priv);
  });
});

describe('secrets', () => {
  it('finds well-known credential formats', () => {
    const text = 'k=AKIAZ7QW3ERT5YUI8OPL t=ghp_R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s9X -----BEGIN RSA PRIVATE KEY----- postgres://u:Zx8vQ2mL9pR4@h/db';
    expect(findSecrets(text).map((m) => m.kind)).toEqual(['aws-access-key', 'github-token', 'private-key', 'url-credentials']);
    expect(findSecrets('AKIAIOSFODNN7EXAMPLE postgres://u:${PASS}@h/db')).toEqual([]);
  });
  it.each([
    ['password', 'v9#Lq2!xR7zW@pK4', true],
    ['api_key', 'changeme', false],
    ['API_KEY_ENV', 'OPENAI_API_KEY', false],
    ['token', 'your-token-here', false],
    ['secret', 'aaaaaaaaaaaa', false],
    ['username', 'v9#Lq2!xR7zW@pK4', false],
    ['dbPassword', 'Tr0ub4dor&3xyz', true],
  ])('%s = %s -> %s', (name, value, hit) => {
    expect(!!classifySecretAssignment(name, value)).toBe(hit);
  });
  it('redacts', () => {
    expect(redactSecrets('curl -H "Authorization: ghp_R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s9X"')).toContain('[REDACTED:github-token]');
    expect(redactSecrets('password=v9#Lq2!xR7zW@pK4 user=bob')).toBe('password=[REDACTED:generic-assignment] user=bob');
  });
});
