import { describe, expect, it } from 'vitest';
import { classifyUrl, hostMatches, isPrivateAddress } from '../../src/policy/urls.js';

const ALLOW = ['api.github.com', '*.example.com'];

/** Reach an allowlisted host: must stay allowed (host is the canonical host judged). */
const ALLOWED: [url: string, host: string][] = [
  ['https://api.github.com/repos/acme/app', 'api.github.com'],
  ['https://API.GITHUB.COM/x', 'api.github.com'],
  ['https://api.github.com./x', 'api.github.com'],
  ['https://api.github.com:443/x', 'api.github.com'],
  ['http://api.github.com:8080/', 'api.github.com'],
  ['wss://api.github.com/socket', 'api.github.com'],
  ['ws://api.github.com/socket', 'api.github.com'],
  ['https://user:pass@api.github.com/', 'api.github.com'],
  ['https://evil.com@api.github.com/', 'api.github.com'],
  ['http://a.b@c.d@api.github.com/', 'api.github.com'],
  ['https://api.github.com/path?next=http://evil.com', 'api.github.com'],
  ['https://api.github.com#@evil.com', 'api.github.com'],
  ['https://api.github.com/@evil.com', 'api.github.com'],
  ['https://ＡＰＩ.github.com/', 'api.github.com'], // full-width letters map to ASCII: the same host
  ['  https://api.github.com/  ', 'api.github.com'],
  ['https://status.example.com/health', 'status.example.com'],
  ['https://a.b.c.example.com/', 'a.b.c.example.com'],
  ['https://STATUS.EXAMPLE.COM./', 'status.example.com'],
  ['https://docs.example.com/index.html', 'docs.example.com'],
];

/** Must be denied with an allowlist. */
const DENIED: [url: string, reason: RegExp][] = [
  // lookalikes
  ['https://api.github.com.evil.com/collect', /`api\.github\.com\.evil\.com` is not in the network allowlist \(api\.github\.com, \*\.example\.com\)/],
  ['https://api.github.com.evil.io/', /not in the network allowlist/],
  ['https://evilgithub.com/', /not in the network allowlist/],
  ['https://api-github.com/', /not in the network allowlist/],
  ['https://github.com/', /not in the network allowlist/],
  ['https://xapi.github.com/', /not in the network allowlist/],
  ['https://api.github.co/', /not in the network allowlist/],
  ['https://аpi.github.com/', /xn--pi-6kc\.github\.com/], // Cyrillic а
  ['https://api.githuЬ.com/', /xn--/], // Cyrillic Ь
  ['https://example.com/', /`example\.com` is not in the network allowlist/],
  ['https://badexample.com/', /not in the network allowlist/],
  ['https://example.com.evil.io/', /not in the network allowlist/],
  ['https://status.example.com.evil.io/', /not in the network allowlist/],
  ['https://pastebin.com/api/api_post.php', /`pastebin\.com`/],
  // userinfo and path tricks: the real host is judged
  ['https://api.github.com@evil.com/', /`evil\.com`/],
  ['https://api.github.com:443@evil.com', /`evil\.com`/],
  ['https://api.github.com%2f@evil.com/', /`evil\.com`/],
  ['https://evil.com/https://api.github.com', /`evil\.com`/],
  ['https://evil.com?api.github.com', /`evil\.com`/],
  ['https://evil.com#.api.github.com', /`evil\.com`/],
  // backslashes: parsers disagree
  ['https://evil.com\\@api.github.com', /backslash/],
  ['https://api.github.com\\@evil.com', /backslash/],
  ['http:\\\\api.github.com\\x', /backslash/],
  // IPs must be listed
  ['https://8.8.8.8/', /`8\.8\.8\.8` is an IP address that is not in the network allowlist/],
  ['https://[2606:4700:4700::1111]/', /IP address/],
  ['https://140.82.112.6/', /IP address/],
];

const BAD_SCHEMES = ['file:///etc/passwd', 'FILE:///etc/passwd', 'gopher://127.0.0.1:6379/_x', 'ftp://api.github.com/x', 'data:text/plain,hello', 'javascript:alert(1)', 'dict://localhost:11211/stat', 'ldap://x', 'jar:http://x!/y', 'blob:https://api.github.com/uuid', 'sftp://api.github.com', 'chrome://settings'];
const UNPARSABLE = ['not a url', '//api.github.com/x', '/x', 'https://', 'http://exa mple.com', '', '   ', 'http://[::1', 'http://1.1.1.1.1/', 'http://999.1.1.1/', 'https://a..b:x'];

/** Private, loopback, link-local, metadata and internal: denied even without an allowlist. */
const PRIVATE: [url: string, why: RegExp][] = [
  ['http://127.0.0.1/', /loopback/],
  ['http://127.1/', /loopback/],
  ['http://127.0.0.1.:80/', /loopback/],
  ['http://127.0.0.1../', /loopback/],
  ['http://0x7f.1/', /loopback/],
  ['http://0x7f000001/', /loopback/],
  ['http://2130706433/', /loopback/],
  ['http://017700000001/', /loopback/],
  ['http://0177.0.0.1/', /loopback/],
  ['http://%31%32%37.0.0.1/', /loopback/],
  ['http://①②⑦.0.0.1/', /loopback/],
  ['http://127。0。0。1/', /loopback/],
  ['http://127.255.255.254/', /loopback/],
  ['http://0/', /unspecified/],
  ['http://0.0.0.0:8080/', /unspecified/],
  ['http://10.0.0.1/', /private network/],
  ['http://10.255.255.255/', /private network/],
  ['http://172.16.0.1/', /private network/],
  ['http://172.31.255.255/', /private network/],
  ['http://192.168.1.1/', /private network/],
  ['http://100.64.0.1/', /carrier-grade NAT/],
  ['http://100.127.255.255/', /carrier-grade NAT/],
  ['http://100.100.100.200/', /metadata/],
  ['http://169.254.169.254/latest/meta-data/', /link-local address \(a cloud metadata service\)/],
  ['http://169.254.170.2/v2/credentials', /metadata/],
  ['http://169.254.1.1/', /link-local/],
  ['http://2852039166/', /metadata/],
  ['http://0xa9.0xfe.0xa9.0xfe/', /metadata/],
  ['http://192.0.0.192/', /metadata/],
  ['http://192.0.2.1/', /documentation/],
  ['http://198.18.0.1/', /benchmarking/],
  ['http://224.0.0.1/', /multicast/],
  ['http://239.255.255.250/', /multicast/],
  ['http://240.0.0.1/', /reserved/],
  ['http://255.255.255.255/', /reserved/],
  ['http://[::1]/', /loopback/],
  ['http://[0:0:0:0:0:0:0:1]/', /loopback/],
  ['http://[::]/', /unspecified/],
  ['http://[::ffff:127.0.0.1]/', /IPv4-mapped form of 127\.0\.0\.1, a loopback address/],
  ['http://[::ffff:7f00:1]/', /IPv4-mapped/],
  ['http://[0:0:0:0:0:ffff:127.0.0.1]/', /IPv4-mapped/],
  ['http://[::ffff:169.254.169.254]/', /metadata/],
  ['http://[::ffff:a9fe:a9fe]/', /metadata/],
  ['http://[::ffff:10.0.0.1]/', /private network/],
  ['http://[::127.0.0.1]/', /IPv4-compatible/],
  ['http://[::8.8.8.8]/', /IPv4-compatible/],
  ['http://[64:ff9b::127.0.0.1]/', /NAT64 form of 127\.0\.0\.1/],
  ['http://[64:ff9b::a9fe:a9fe]/', /NAT64 form of 169\.254\.169\.254/],
  ['http://[64:ff9b:1::1]/', /local-use NAT64/],
  ['http://[2002:7f00:1::]/', /6to4 form of 127\.0\.0\.1/],
  ['http://[2002:a9fe:a9fe::1]/', /6to4 form of 169\.254\.169\.254/],
  ['http://[2002:c0a8:101::1]/', /6to4 form of 192\.168\.1\.1/],
  ['http://[2001:0:7f00:1::]/', /Teredo/],
  ['http://[fe80::1]/', /link-local/],
  ['http://[febf::1]/', /link-local/],
  ['http://[fec0::1]/', /site-local/],
  ['http://[fd00:ec2::254]/', /unique-local address \(a cloud metadata service\)/],
  ['http://[fc00::1]/', /unique-local/],
  ['http://[fdff:ffff::1]/', /unique-local/],
  ['http://[ff02::1]/', /multicast/],
  ['http://[2001:db8::1]/', /documentation/],
  ['http://localhost/', /loopback name/],
  ['http://LOCALHOST./', /loopback name/],
  ['http://localhost:3000/', /loopback name/],
  ['http://foo.localhost/', /loopback name/],
  ['http://printer.local/', /internal name \(\.local\)/],
  ['http://svc.cluster.local/', /\.local/],
  ['http://db.internal/', /\.internal/],
  ['http://metadata.google.internal/computeMetadata/v1/', /metadata/],
  ['http://metadata/', /single-label/],
  ['http://intranet/', /single-label/],
  ['http://router.home.arpa/', /internal name/],
  ['http://nas.lan/', /internal name/],
  ['http://127.0.0.1.nip.io/', /resolves to 127\.0\.0\.1/],
  ['http://app.10-0-0-1.sslip.io/', /resolves to 10\.0\.0\.1/],
  ['http://169.254.169.254.nip.io/', /metadata/],
  ['http://localtest.me/', /resolves to loopback/],
  ['http://a.lvh.me/', /resolves to loopback/],
];

/** Public destinations: allowed when there is no allowlist. */
const PUBLIC = [
  'https://example.com/',
  'http://8.8.8.8/',
  'http://134744072/',
  'https://[2606:4700:4700::1111]/',
  'http://1.1.1.1:8080/',
  'https://sub.domain.co.uk/',
  'https://bücher.de/',
  'http://[::ffff:8.8.8.8]/',
  'http://[64:ff9b::808:808]/',
  'http://[2002:808:808::1]/',
  'http://172.32.0.1/',
  'http://172.15.255.255/',
  'http://100.128.0.1/',
  'http://192.169.0.1/',
  'http://11.0.0.1/',
  'http://169.255.0.1/',
  'http://126.255.255.255/',
  'http://223.255.255.255/',
  'http://1.2.3.4.nip.io/',
  'https://localhost.example.com/',
  'https://internal.example.com/',
  'https://local.example.com/',
  'wss://stream.example.org/',
];

describe('classifyUrl with an allowlist', () => {
  it.each(ALLOWED)('allows %s', (url, host) => {
    expect(classifyUrl(url, ALLOW)).toMatchObject({ allowed: true, host });
  });

  it.each(DENIED)('denies %s', (url, reason) => {
    const v = classifyUrl(url, ALLOW);
    expect(v.allowed).toBe(false);
    expect(v.reason).toMatch(reason);
  });

  it('reports the canonical host, scheme and ip', () => {
    expect(classifyUrl('https://API.github.COM./x', ALLOW)).toEqual({ allowed: true, host: 'api.github.com', scheme: 'https' });
    expect(classifyUrl('http://0x7f.1/', null)).toMatchObject({ allowed: false, host: '127.0.0.1', ip: '127.0.0.1', scheme: 'http' });
    expect(classifyUrl('http://[0:0::1]/', null)).toMatchObject({ host: '[::1]', ip: '::1' });
    expect(classifyUrl('https://evil.com\\@api.github.com', ALLOW)).toMatchObject({ allowed: false, host: 'evil.com' });
  });

  it('an empty allowlist allows nothing', () => {
    expect(classifyUrl('https://api.github.com/', []).reason).toBe('`api.github.com` is not in the network allowlist (empty)');
  });
});

describe('classifyUrl: schemes and parsing', () => {
  it.each(BAD_SCHEMES)('denies the scheme of %s', (url) => {
    for (const allow of [null, ALLOW]) {
      const v = classifyUrl(url, allow, { allowPrivate: true });
      expect(v.allowed).toBe(false);
      expect(v.reason).toMatch(/scheme is not allowed \(only http, https, ws and wss\)/);
    }
  });

  it.each(UNPARSABLE)('denies unparsable %j', (url) => {
    const v = classifyUrl(url, null, { allowPrivate: true });
    expect(v.allowed).toBe(false);
    expect(v.reason).toMatch(/not a valid absolute URL|empty|no valid host/);
  });

  it('never throws on hostile input', () => {
    for (const u of [null, undefined, 42, {}, 'http://' + 'a.'.repeat(50_000) + 'com', 'http://' + 'a'.repeat(300) + '.com', '\u0000http://x', 'http://x\u0000y/']) {
      expect(() => classifyUrl(u as string, ALLOW)).not.toThrow();
      expect(() => classifyUrl(u as string, null)).not.toThrow();
    }
    expect(() => classifyUrl('http://x/', [null, 42, '', '*', '*.', '[::1', 'http://'] as unknown as string[])).not.toThrow();
  });
});

describe('classifyUrl: private and internal destinations', () => {
  it.each(PRIVATE)('denies %s without an allowlist', (url, why) => {
    const v = classifyUrl(url, null);
    expect(v.allowed).toBe(false);
    expect(v.reason).toMatch(why);
    expect(v.reason).toMatch(/private, loopback and internal destinations are reachable only when listed explicitly/);
    // and with an allowlist that does not list it
    expect(classifyUrl(url, ALLOW).allowed).toBe(false);
    // allowPrivate without an allowlist lets it through
    expect(classifyUrl(url, null, { allowPrivate: true }).allowed).toBe(true);
  });

  it.each(PUBLIC)('allows public %s without an allowlist', (url) => {
    expect(classifyUrl(url, null)).toMatchObject({ allowed: true });
  });

  it('a private destination listed explicitly is reachable, in any encoding', () => {
    expect(classifyUrl('http://127.0.0.1:8080/', ['127.0.0.1']).allowed).toBe(true);
    expect(classifyUrl('http://0x7f.1/', ['127.0.0.1']).allowed).toBe(true);
    expect(classifyUrl('http://127.0.0.1/', ['2130706433']).allowed).toBe(true);
    expect(classifyUrl('http://127.0.0.2/', ['127.0.0.1']).allowed).toBe(false);
    expect(classifyUrl('http://localhost:3000/', ['localhost']).allowed).toBe(true);
    expect(classifyUrl('http://localhost./', ['LOCALHOST']).allowed).toBe(true);
    expect(classifyUrl('http://[::1]:8080/', ['::1']).allowed).toBe(true);
    expect(classifyUrl('http://[::1]:8080/', ['[::1]']).allowed).toBe(true);
    expect(classifyUrl('http://[0:0:0:0:0:0:0:1]/', ['[::1]']).allowed).toBe(true);
    expect(classifyUrl('http://10.1.2.3/', ['10.0.0.0/8']).allowed).toBe(true);
    expect(classifyUrl('http://11.1.2.3/', ['10.0.0.0/8']).allowed).toBe(false);
    expect(classifyUrl('http://[fd12::1]/', ['fc00::/7']).allowed).toBe(true);
    expect(classifyUrl('http://169.254.169.254/', ['169.254.169.254']).allowed).toBe(true);
    expect(classifyUrl('http://db.internal/', ['db.internal']).allowed).toBe(true);
    // the mapped form of a listed IPv4 is a different literal: not listed
    expect(classifyUrl('http://[::ffff:127.0.0.1]/', ['127.0.0.1']).allowed).toBe(false);
  });

  it('a wildcard never grants a private or internal destination', () => {
    expect(classifyUrl('http://db.internal/', ['*.internal']).allowed).toBe(false);
    expect(classifyUrl('http://db.internal/', ['*.internal'], { allowPrivate: true }).allowed).toBe(true);
    expect(classifyUrl('http://127.0.0.1.nip.io/', ['*.nip.io']).allowed).toBe(false);
    expect(classifyUrl('http://x.localhost/', ['*.localhost']).allowed).toBe(false);
  });

  it('allowPrivate does not lift the allowlist', () => {
    expect(classifyUrl('http://127.0.0.1/', ALLOW, { allowPrivate: true })).toMatchObject({ allowed: false });
    expect(classifyUrl('http://localhost/', ALLOW, { allowPrivate: true }).reason).toMatch(/not in the network allowlist/);
    expect(classifyUrl('http://10.0.0.1/', ['10.0.0.1'], { allowPrivate: true }).allowed).toBe(true);
  });

  it('public IPs: allowed without an allowlist, listed exactly with one', () => {
    expect(classifyUrl('http://8.8.8.8/', ['8.8.8.8']).allowed).toBe(true);
    expect(classifyUrl('http://134744072/', ['8.8.8.8']).allowed).toBe(true);
    expect(classifyUrl('http://0x8.0x8.0x8.0x8/', ['8.8.8.8']).allowed).toBe(true);
    expect(classifyUrl('http://8.8.4.4/', ['8.8.8.8']).allowed).toBe(false);
    expect(classifyUrl('http://[2606:4700:4700:0:0:0:0:1111]/', ['2606:4700:4700::1111']).allowed).toBe(true);
  });
});

describe('hostMatches', () => {
  const CASES: [host: string, pattern: string, expected: boolean][] = [
    ['api.github.com', 'api.github.com', true],
    ['API.GITHUB.COM.', 'api.github.com', true],
    ['api.github.com', ' API.GitHub.com. ', true],
    ['api.github.com', 'https://api.github.com/', true],
    ['a.example.com', '*.example.com', true],
    ['a.b.example.com', '*.example.com', true],
    ['a.example.com', '*.EXAMPLE.com.', true],
    ['example.com', '*.example.com', false],
    ['badexample.com', '*.example.com', false],
    ['example.com.evil.com', '*.example.com', false],
    ['a.example.com.', '*.example.com', true],
    ['xn--bcher-kva.de', 'bücher.de', true],
    ['bücher.de', 'xn--bcher-kva.de', true],
    ['shop.bücher.de', '*.bücher.de', true],
    ['127.0.0.1', '0x7f.1', true],
    ['127.0.0.1', '127.0.0.1', true],
    ['127.0.0.1', '127.0.0.01', true],
    ['[::1]', '::1', true],
    ['::1', '[::1]', true],
    ['0:0:0:0:0:0:0:1', '::1', true],
    ['[::ffff:7f00:1]', '::ffff:127.0.0.1', true],
    ['10.0.0.1', '*.0.0.1', false],
    ['1.0.0.1', '*.0.1', false],
    ['10.1.2.3', '10.0.0.0/8', true],
    ['11.0.0.1', '10.0.0.0/8', false],
    ['anything.com', '0.0.0.0/0', false],
    ['8.8.8.8', '0.0.0.0/0', true],
    ['fd00::1', 'fc00::/7', true],
    ['fe80::1', 'fc00::/7', false],
    ['api.github.com', '*', false],
    ['api.github.com', '', false],
    ['api.github.com', '*.', false],
    ['api.github.com', 'api.*.com', false],
    ['', 'api.github.com', false],
  ];
  it.each(CASES)('%s vs %s → %s', (host, pattern, expected) => {
    expect(hostMatches(host, pattern)).toBe(expected);
  });
});

describe('isPrivateAddress', () => {
  const PRIVATE_IPS = [
    '127.0.0.1', '127.8.9.10', '0.0.0.0', '10.1.2.3', '172.16.5.4', '172.31.0.1', '192.168.0.1', '100.64.0.1', '169.254.169.254',
    '224.0.0.251', '240.0.0.1', '255.255.255.255', '::1', '[::1]', '::', '::ffff:127.0.0.1', '::ffff:7f00:1', '[::ffff:7f00:1]',
    '::ffff:10.0.0.1', '::127.0.0.1', '64:ff9b::7f00:1', '2002:7f00:1::', 'fe80::1', 'fe80::1%eth0', '[fe80::1%25eth0]', 'fd00:ec2::254',
    'fc00::', 'ff02::1', '2001:db8::1', 'FD00::1',
  ];
  const PUBLIC_IPS = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '[2606:4700:4700::1111]', '::ffff:8.8.8.8', '2a00:1450:4001:80b::200e', '64:ff9b::808:808', '2002:808:808::'];
  it.each(PRIVATE_IPS)('%s is private', (ip) => expect(isPrivateAddress(ip)).toBe(true));
  it.each(PUBLIC_IPS)('%s is public', (ip) => expect(isPrivateAddress(ip)).toBe(false));
  it('anything that is not an IP address counts as private (fail closed)', () => {
    for (const x of ['', 'localhost', 'example.com', '1.2.3.4.5', '999.1.1.1', '::g', '1:2:3:4:5:6:7:8:9', null, 42]) expect(isPrivateAddress(x as string)).toBe(true);
  });
  it('non-canonical IPv4 encodings are read as the URL parser reads them', () => {
    expect(isPrivateAddress('0x7f.1')).toBe(true);
    expect(isPrivateAddress('2130706433')).toBe(true);
    expect(isPrivateAddress('134744072')).toBe(false);
    expect(isPrivateAddress('1.2.3')).toBe(false); // short form of 1.2.0.3
    expect(isPrivateAddress('127.1')).toBe(true);
  });
});

describe('classifyUrl: what a denied private destination is', () => {
  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata'],
    ['http://127.0.0.1:8000/', 'this-host'],
    ['http://localhost:11434/', 'this-host'],
    ['http://[::1]/', 'this-host'],
    ['http://0.0.0.0:8888/', 'this-host'],
    ['http://[::]:8888/', 'this-host'],
    ['http://10.0.0.5/', 'private'],
    ['http://db.internal/', 'private'],
  ])('%s is %s', (url, destination) => {
    const v = classifyUrl(url, null);
    expect(v.allowed).toBe(false);
    expect(v.destination).toBe(destination);
  });

  it('an allowed or public destination has none', () => {
    expect(classifyUrl('https://api.github.com/', null).destination).toBeUndefined();
  });
});

describe('isLoopbackHost', () => {
  it('is this machine for localhost, *.localhost, 127.0.0.0/8 in any spelling and ::1, a port after it allowed; not for other hosts or names that only start like one', async () => {
    const { isLoopbackHost } = await import('../../src/policy/urls.js');
    for (const h of ['localhost', 'LOCALHOST:5432', 'db.localhost', '127.0.0.1', '127.1.2.3:3306', '2130706433', '0x7f.1', '[::1]', '[::1]:5432', '[0:0:0:0:0:0:0:1]', '[::ffff:127.0.0.1]']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['db', '10.0.0.1', '127.0.0.1.acme.io', 'localhost.acme.io', '[::2]', '[::ffff:10.0.0.1]', '0.0.0.0', '', 'exa mple']) expect(isLoopbackHost(h), h).toBe(false);
  });
});
