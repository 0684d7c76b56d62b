/**
 * Adversarial suite, URL tricks: `kernel.check` against an allowlist and without one, and
 * `ctx.fetch` against a real HTTP server on 127.0.0.1 whose redirects try to leave the
 * allowlist.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KernelSpace, Policy, PolicyViolation, type GovernedContext } from '../../src/kernel/index.js';

const listed = new KernelSpace({ policies: [Policy.allowDomains(['api.github.com', '*.example.com'])] });
const open = new KernelSpace({ policies: [Policy.allowDomains(null)] });

describe('URL tricks against an allowlist (api.github.com, *.example.com)', () => {
  const denied = [
    'https://api.github.com@evil.com/',
    'https://api.github.com%2F@evil.com/',
    'https://api.github.com.evil.com/',
    'https://evil.com#@api.github.com',
    'https://evil.com?@api.github.com',
    'https://evil.com\\@api.github.com',
    'https://аpi.github.com/', // Cyrillic а
    'https://xn--pi-7ld.github.com/',
    'https://example.com/', // the wildcard does not cover the bare domain
    'https://x.example.com.evil.org/',
    'https://api.github.com\t.evil.com/',
    '//evil.com/',
    'https:evil.com',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'gopher://api.github.com/',
    'ftp://api.github.com/',
    'not a url',
  ];
  it.each(denied)('%s is denied', (url) => {
    const d = listed.check({ kind: 'http', url });
    expect(d.allowed).toBe(false);
    expect(d.ruleId).toBe('egress-not-allowlisted');
    expect(d.reason).toBeTruthy();
  });

  it.each(['https://api.github.com/repos', 'https://API.GITHUB.COM./x', 'https://ci.example.com/'])('%s is allowed (the same host, spelled differently)', (url) => {
    expect(listed.check({ kind: 'http', url })).toEqual({ allowed: true });
  });
});

describe('private, loopback and metadata addresses in every spelling (no allowlist)', () => {
  const denied = [
    'http://169.254.169.254/latest/meta-data/',
    'http://2852039166/',
    'http://0xa9fea9fe/',
    'http://0251.0376.0251.0376/',
    'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://169.254.169.254.nip.io/',
    'http://metadata.google.internal/',
    'http://100.100.100.200/',
    'http://[fd00:ec2::254]/',
    'http://127.1/',
    'http://0/',
    'http://0x7f.1/',
    'http://017700000001/',
    'http://127。0。0。1/',
    'http://①②⑦.0.0.1/',
    'http://[::]/',
    'http://[::1]/',
    'http://localhost./',
    'http://LOCALHOST/',
    'http://10.0.0.1/',
    'http://192.168.1.1/',
    'http://[fe80::1%25eth0]/',
  ];
  it.each(denied)('%s is denied', (url) => {
    const d = open.check({ kind: 'http', url });
    expect(d.allowed).toBe(false);
    expect(d.ruleId).toBe('egress-not-allowlisted');
  });
});

describe('ctx.fetch: redirects and DNS answers that leave the allowlist (real server on 127.0.0.1)', () => {
  let server: http.Server;
  let port: number;
  const hits: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      const to: Record<string, string> = {
        '/to-localhost': `http://localhost:${port}/secret`,
        '/to-metadata': 'http://169.254.169.254/latest/meta-data/',
        '/to-file': 'file:///etc/passwd',
        '/to-ipv6-loopback': `http://[::1]:${port}/secret`,
      };
      const loc = to[req.url ?? ''];
      if (loc) res.writeHead(302, { location: loc }).end();
      else res.writeHead(200).end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  async function fetchAs(kernel: KernelSpace, url: string): Promise<string> {
    const agent = kernel.register(async (ctx: GovernedContext) => {
      try {
        return `status ${(await ctx.fetch(url)).status}`;
      } catch (err) {
        return err instanceof PolicyViolation ? `denied: ${err.reason}` : `error: ${(err as Error).message}`;
      }
    });
    return kernel.execute(agent, undefined);
  }

  it.each(['/to-localhost', '/to-metadata', '/to-file', '/to-ipv6-loopback'])('a redirect %s from the listed 127.0.0.1 is denied before it is followed', async (p) => {
    hits.length = 0;
    const kernel = new KernelSpace({ policies: [Policy.allowDomains(['127.0.0.1'])] });
    expect(await fetchAs(kernel, `http://127.0.0.1:${port}${p}`)).toMatch(/^denied: /);
    expect(hits).toEqual([p]);
  });

  it('a public-looking name that resolves to loopback is denied (the DNS answer is checked)', async () => {
    hits.length = 0;
    const kernel = new KernelSpace({ policies: [Policy.allowDomains(null)], lookup: async () => ['127.0.0.1'] });
    expect(await fetchAs(kernel, `http://innocent.example.org:${port}/`)).toMatch(/resolves to 127\.0\.0\.1/);
    expect(hits).toEqual([]);
  });
});
