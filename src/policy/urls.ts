/**
 * Egress classification: the single place that decides whether a destination may be reached.
 *
 * URLs are parsed with the WHATWG `URL` class, the parser Node's fetch uses, so the host
 * judged is the host connected to: userinfo (`https://api.github.com@evil.com`) is not the
 * host, IPv4 in decimal/octal/hex/short forms is canonicalized, names are lower-cased and
 * punycoded. The port is not part of the decision.
 */
import { domainToASCII } from 'node:url';

export interface UrlVerdict {
  allowed: boolean;
  /** canonical host (lower-case, no trailing dot; IPs in canonical form) */
  host?: string;
  scheme?: string;
  /** set when the host is an IP literal in any encoding, canonical form */
  ip?: string;
  reason?: string;
  /**
   * For a destination denied as private: a cloud metadata service (credentials), this host (a loopback address
   * or name, or `0.0.0.0`/`[::]`, which connect to it), or another private or internal one.
   */
  destination?: 'metadata' | 'this-host' | 'private';
}

export interface ClassifyUrlOptions {
  /** permit private, loopback, link-local and metadata addresses (default false) */
  allowPrivate?: boolean;
}

const SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:']);

// ---------------------------------------------------------------------------------------
// IP addresses

/** Strict dotted-decimal IPv4 (the canonical form) as an unsigned 32-bit number. */
function parseV4(s: string): number | undefined {
  let n = 0;
  let parts = 0;
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i === s.length || s.charCodeAt(i) === 46 /* . */) {
      const len = i - start;
      if (len < 1 || len > 3) return undefined;
      let v = 0;
      for (let j = start; j < i; j++) {
        const d = s.charCodeAt(j) - 48;
        if (d < 0 || d > 9) return undefined;
        v = v * 10 + d;
      }
      if (v > 255 || (len > 1 && s.charCodeAt(start) === 48)) return undefined;
      n = n * 256 + v;
      parts++;
      start = i + 1;
    }
  }
  return parts === 4 ? n : undefined;
}

/** IPv6 text (brackets and a zone id tolerated, dotted IPv4 tail allowed) as 8 groups. */
function parseV6(input: string): number[] | undefined {
  let s = input;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(':')) return undefined;
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) >= 0) {
    const v4 = parseV4(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [Math.floor(v4 / 65536), v4 % 65536];
    const prefix = s.slice(0, lastColon + 1);
    // `::ffff:` keeps its `::`; `1:2:3:4:5:6:` loses the colon that separated the tail
    s = prefix.endsWith('::') ? prefix : prefix.slice(0, -1);
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  let head: number[] | undefined;
  let rest: number[] | undefined;
  if (halves.length === 2) {
    head = group(halves[0]!);
    rest = group(halves[1]!);
  } else {
    head = group(halves[0]!);
    rest = [];
  }
  if (!head || !rest) return undefined;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 2) {
    if (known > 7) return undefined;
    return [...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail];
  }
  return known === 8 ? [...head, ...rest, ...tail] : undefined;
}

/** RFC 5952 text (the form the WHATWG serializer produces, without brackets). */
function formatV6(g: number[]): string {
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number[]): string => a.map((x) => x.toString(16)).join(':');
  if (bestStart < 0) return hex(g);
  return `${hex(g.slice(0, bestStart))}::${hex(g.slice(bestStart + bestLen))}`;
}

function v4Text(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function inV4(n: number, base: number, bits: number): boolean {
  const size = 2 ** (32 - bits);
  return Math.floor(n / size) === Math.floor(base / size);
}

const V4 = (a: number, b: number, c: number, d: number): number => ((a * 256 + b) * 256 + c) * 256 + d;

/** Metadata services reachable from cloud instances and containers. */
const METADATA_V4 = new Set([V4(169, 254, 169, 254), V4(169, 254, 170, 2), V4(100, 100, 100, 200), V4(192, 0, 0, 192)]);

const V4_RANGES: [number, number, string][] = [
  [V4(0, 0, 0, 0), 8, 'an unspecified ("this network") address'],
  [V4(10, 0, 0, 0), 8, 'a private network address'],
  [V4(100, 64, 0, 0), 10, 'a carrier-grade NAT (shared) address'],
  [V4(127, 0, 0, 0), 8, 'a loopback address'],
  [V4(169, 254, 0, 0), 16, 'a link-local address'],
  [V4(172, 16, 0, 0), 12, 'a private network address'],
  [V4(192, 0, 0, 0), 24, 'an IETF protocol assignment address'],
  [V4(192, 0, 2, 0), 24, 'a documentation address'],
  [V4(192, 88, 99, 0), 24, 'a reserved (6to4 relay) address'],
  [V4(192, 168, 0, 0), 16, 'a private network address'],
  [V4(198, 18, 0, 0), 15, 'a benchmarking address'],
  [V4(198, 51, 100, 0), 24, 'a documentation address'],
  [V4(203, 0, 113, 0), 24, 'a documentation address'],
  [V4(224, 0, 0, 0), 4, 'a multicast address'],
  [V4(240, 0, 0, 0), 4, 'a reserved address'],
];

/** Why an IPv4 address is not a public destination, or undefined when it is public. */
function privateV4(n: number): string | undefined {
  for (const [base, bits, what] of V4_RANGES) {
    if (inV4(n, base, bits)) return METADATA_V4.has(n) ? `${what} (a cloud metadata service)` : what;
  }
  return undefined;
}

function embedded(hi: number, lo: number): number {
  return hi * 65536 + lo;
}

/** Why an IPv6 address is not a public destination, or undefined when it is public. */
function privateV6(g: number[]): string | undefined {
  const zeros = (from: number, to: number): boolean => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 8)) return 'the unspecified address';
  if (zeros(0, 7) && g[7] === 1) return 'the loopback address';
  const via = (what: string, v4: number): string | undefined => {
    const inner = privateV4(v4);
    return inner ? `${what} of ${v4Text(v4)}, ${inner}` : undefined;
  };
  if (zeros(0, 5) && g[5] === 0xffff) return via('an IPv4-mapped form', embedded(g[6]!, g[7]!));
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return via('an IPv4-translated form', embedded(g[6]!, g[7]!));
  if (zeros(0, 6)) return `an IPv4-compatible form of ${v4Text(embedded(g[6]!, g[7]!))} (deprecated, not routable)`;
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return via('a NAT64 form', embedded(g[6]!, g[7]!));
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'a local-use NAT64 address';
  if (g[0] === 0x2002) return via('a 6to4 form', embedded(g[1]!, g[2]!));
  if (g[0] === 0x2001 && g[1] === 0) {
    // Teredo: server in groups 2-3, client obfuscated (inverted) in groups 6-7
    return via('a Teredo form', embedded(g[2]!, g[3]!)) ?? via('a Teredo form', embedded(~g[6]! & 0xffff, ~g[7]! & 0xffff));
  }
  if (g[0] === 0x2001 && g[1] === 0xdb8) return 'a documentation address';
  if (g[0] === 0x100 && zeros(1, 4)) return 'a discard-only address';
  if ((g[0]! & 0xfe00) === 0xfc00) return g[0] === 0xfd00 && g[1] === 0xec2 && zeros(2, 7) && g[7] === 0x254 ? 'a unique-local address (a cloud metadata service)' : 'a unique-local address';
  if ((g[0]! & 0xffc0) === 0xfe80) return 'a link-local address';
  if ((g[0]! & 0xffc0) === 0xfec0) return 'a site-local address';
  if ((g[0]! & 0xff00) === 0xff00) return 'a multicast address';
  return undefined;
}

/** Why an address is not public; anything that is not an IP address is reported as such (fail closed). */
function addressProblem(ip: string): string | undefined {
  if (typeof ip !== 'string') return 'not an IP address';
  const s = ip.trim();
  const v4 = parseV4(s);
  if (v4 !== undefined) return privateV4(v4);
  const g = parseV6(s);
  if (g) return privateV6(g);
  // non-canonical IPv4 (0x7f.1, 2130706433) as the URL parser reads it
  const canon = s.includes(':') ? '' : domainToASCII(s);
  const n = canon ? parseV4(canon) : undefined;
  if (n !== undefined) return privateV4(n);
  return 'not an IP address';
}

/**
 * Loopback, RFC 1918, link-local (incl. 169.254.169.254), CGNAT, unique-local IPv6, IPv4-mapped forms of those, unspecified.
 * Also multicast, reserved, documentation and benchmarking ranges, and NAT64/6to4/Teredo/IPv4-compatible
 * forms embedding such an address. Accepts IPv4 or IPv6 text, with or without brackets; a string that is
 * not an IP address counts as private (fail closed).
 */
export function isPrivateAddress(ip: string): boolean {
  return addressProblem(ip) !== undefined;
}

// ---------------------------------------------------------------------------------------
// hosts

interface Host {
  /** lower-case name without trailing dot, dotted IPv4, or bracketed IPv6 */
  host: string;
  /** canonical IP (IPv6 without brackets) when the host is an IP literal */
  ip?: string;
  v4?: number;
  v6?: number[];
}

/** Canonical form of a host as a URL parser would connect to it; undefined when it is not a valid host. */
function canonicalHost(raw: string): Host | undefined {
  let h = raw.trim();
  if (h === '') return undefined;
  if (h.startsWith('[') || h.includes(':')) {
    const g = parseV6(h);
    if (!g) return undefined;
    const ip = formatV6(g);
    return { host: `[${ip}]`, ip, v6: g };
  }
  while (h.endsWith('.')) h = h.slice(0, -1);
  if (h === '') return undefined;
  // lower-case, IDNA/punycode, and IPv4 in any encoding to dotted decimal
  const ascii = domainToASCII(h);
  if (!ascii) return undefined;
  let name = ascii;
  while (name.endsWith('.')) name = name.slice(0, -1);
  if (name === '') return undefined;
  const v4 = parseV4(name);
  return v4 !== undefined ? { host: name, ip: name, v4 } : { host: name };
}

/** Names that resolve to internal services, whatever DNS says elsewhere. */
const INTERNAL_SUFFIXES = ['localhost', 'local', 'internal', 'localdomain', 'home.arpa', 'lan', 'intranet', 'corp', 'home', 'private'];
/** Public names known to resolve to loopback. */
const LOOPBACK_NAMES = ['localtest.me', 'lvh.me', 'localho.st', 'vcap.me', 'lacolhost.com'];
/** Wildcard DNS services that answer with the address written in the name. */
const IP_ECHO_DOMAINS = ['nip.io', 'sslip.io', 'xip.io', 'nip.direct'];

function underSuffix(host: string, suffix: string): boolean {
  return host === suffix || (host.endsWith(suffix) && host.charCodeAt(host.length - suffix.length - 1) === 46);
}

/**
 * A single-label name other than `localhost` (`api`, `vespa`, `searxng`): only a private network resolves it, a Compose
 * or Kubernetes service's, a LAN's (canonical hosts, as `classifyUrl` reports them).
 */
export function isSingleLabelName(host: string): boolean {
  return !host.includes('.') && !host.startsWith('[') && host !== 'localhost';
}

/**
 * Whether a host (as written in a URL, a port after it allowed) is this machine: what the classifier itself calls a
 * loopback name or address (`localhost`, `*.localhost`, 127.0.0.0/8, `::1`, and `::ffff:127.0.0.1`), not `0.0.0.0`.
 */
export function isLoopbackHost(raw: string): boolean {
  const h = canonicalHost(raw.replace(/:\d*$/, '').replace(/^\[(.*)\]$/, '$1'));
  const problem = h && hostProblem(h);
  return !!problem && (LOOPBACK_PROBLEM.test(problem) || MAPPED_LOOPBACK.test(problem));
}

/** A host's problem that names loopback (`a loopback address`, `the loopback address`, `a loopback name`). */
const LOOPBACK_PROBLEM = /^(?:a |the )?loopback/;
/** An IPv4-mapped form of a loopback address (`::ffff:127.0.0.1`): the same machine. */
const MAPPED_LOOPBACK = /^an IPv4-mapped form of [\d.]+, a loopback address$/;

/** Why a host is not a public destination (an address's range, a name's suffix), or undefined. */
function hostProblem(h: Host): string | undefined {
  return h.ip ? addressProblem(h.ip) : internalName(h.host);
}

/** Why a host name is internal, or undefined. */
function internalName(host: string): string | undefined {
  if (!host.includes('.')) return isSingleLabelName(host) ? 'a single-label (intranet) name' : 'a loopback name';
  if (underSuffix(host, 'localhost')) return 'a loopback name';
  if (host === 'metadata.google.internal') return 'an internal name (a cloud metadata service)';
  for (const s of INTERNAL_SUFFIXES) if (underSuffix(host, s)) return `an internal name (.${s})`;
  for (const s of LOOPBACK_NAMES) if (underSuffix(host, s)) return 'a public name that resolves to loopback';
  for (const s of IP_ECHO_DOMAINS) {
    if (!host.endsWith('.' + s)) continue;
    const labels = host.slice(0, -s.length - 1).split('.');
    // 10.0.0.1.nip.io, app.10-0-0-1.nip.io, 0a000001.nip.io
    const candidates = [labels.slice(-4).join('.'), ...labels.map((l) => l.replace(/^.*?(\d+-\d+-\d+-\d+)$/, '$1').replace(/-/g, '.'))];
    for (const c of candidates) {
      const n = parseV4(c);
      const why = n !== undefined ? privateV4(n) : undefined;
      if (why) return `a name that resolves to ${c}, ${why}`;
    }
  }
  return undefined;
}

type Entry = { kind: 'exact'; key: string } | { kind: 'suffix'; suffix: string } | { kind: 'cidr4'; base: number; bits: number } | { kind: 'cidr6'; groups: number[]; bits: number };

const entryCache = new Map<string, Entry | null>();

/** An allowlist entry in canonical form: exact host or IP, `*.suffix`, or an IP range `a.b.c.d/n`. */
function parseEntry(pattern: string): Entry | null {
  if (typeof pattern !== 'string') return null;
  const cached = entryCache.get(pattern);
  if (cached !== undefined) return cached;
  let p = pattern.trim().toLowerCase();
  let entry: Entry | null = null;
  if (p.includes('://')) {
    try {
      p = new URL(p).hostname;
    } catch {
      p = '';
    }
  }
  const slash = p.indexOf('/');
  if (slash >= 0) {
    const bits = Number(p.slice(slash + 1));
    const addr = canonicalHost(p.slice(0, slash));
    if (Number.isInteger(bits) && addr?.v4 !== undefined && bits >= 0 && bits <= 32) entry = { kind: 'cidr4', base: addr.v4, bits };
    else if (Number.isInteger(bits) && addr?.v6 && bits >= 0 && bits <= 128) entry = { kind: 'cidr6', groups: addr.v6, bits };
  } else if (p.startsWith('*.')) {
    const suffix = canonicalHost(p.slice(2));
    // a wildcard names subdomains: an IP cannot have any
    if (suffix && !suffix.ip && !suffix.host.includes('*')) entry = { kind: 'suffix', suffix: suffix.host };
  } else if (p !== '' && !p.includes('*')) {
    const h = canonicalHost(p);
    if (h) entry = { kind: 'exact', key: h.ip ?? h.host };
  }
  if (entryCache.size > 4096) entryCache.clear();
  entryCache.set(pattern, entry);
  return entry;
}

function inV6(g: number[], base: number[], bits: number): boolean {
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const take = Math.min(16, bits);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if ((g[i]! & mask) !== (base[i]! & mask)) return false;
  }
  return true;
}

function matches(h: Host, entry: Entry): boolean {
  switch (entry.kind) {
    case 'exact':
      return (h.ip ?? h.host) === entry.key;
    case 'suffix':
      return h.ip === undefined && h.host.length > entry.suffix.length && underSuffix(h.host, entry.suffix);
    case 'cidr4':
      return h.v4 !== undefined && inV4(h.v4, entry.base, entry.bits);
    case 'cidr6':
      return h.v6 !== undefined && inV6(h.v6, entry.groups, entry.bits);
  }
}

/**
 * Does a canonical host match one allowlist entry? Entries: an exact host (`api.github.com`),
 * `*.suffix` (any depth of subdomain, not the suffix itself, never an IP), an IP in any
 * encoding (compared canonically), or an IP range (`10.0.0.0/8`, `fd00::/8`). Both sides are
 * normalized: case, trailing dots, punycode, brackets.
 */
export function hostMatches(host: string, pattern: string): boolean {
  if (typeof host !== 'string') return false;
  const h = canonicalHost(host);
  const entry = parseEntry(pattern);
  return !!h && !!entry && matches(h, entry);
}

function show(s: string): string {
  const t = s.length > 120 ? s.slice(0, 120) + '…' : s;
  return '`' + t.replace(/[\u0000-\u001f`]/g, '?') + '`';
}

/** The unspecified addresses, which as a destination connect to the local host. */
const THIS_HOST = new Set(['0.0.0.0', '[::]']);

/**
 * Decide a URL. `allow` lists hosts (`api.github.com`), wildcard suffixes (`*.example.com`,
 * which does not match `example.com` itself) or IPs; `null` means no allowlist: only
 * non-http(s) schemes, unparsable URLs and private/metadata addresses are denied.
 *
 * Private, loopback, link-local, metadata and internal destinations (IP literals in those
 * ranges; `localhost`, `*.local`, `*.internal`, single-label names, ...) are denied unless
 * `allowPrivate` is set or an entry other than a wildcard lists them, the same rule the
 * kernel applies to DNS answers. With an allowlist, an IP host must be listed to be allowed.
 */
export function classifyUrl(url: string, allow: string[] | null, options: ClassifyUrlOptions = {}): UrlVerdict {
  if (typeof url !== 'string' || url.trim() === '') return { allowed: false, reason: 'the URL is empty' };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { allowed: false, reason: `${show(url)} is not a valid absolute URL` };
  }
  const scheme = u.protocol.slice(0, -1);
  if (!SCHEMES.has(u.protocol)) return { allowed: false, scheme, reason: `the \`${scheme}:\` scheme is not allowed (only http, https, ws and wss)` };
  const h = canonicalHost(u.hostname);
  if (!h) return { allowed: false, scheme, reason: `${show(url)} has no valid host` };
  const verdict: UrlVerdict = { allowed: false, host: h.host, scheme };
  if (h.ip) verdict.ip = h.ip;
  // parsers disagree about a backslash before the path (WHATWG reads it as `/`, others as part of the userinfo)
  const authority = /^[\s\u0000-\u001f]*[a-zA-Z][a-zA-Z0-9+.-]*:[\\/\t\n\r]*([^/?#]*)/.exec(url)?.[1] ?? '';
  if (authority.includes('\\'))
    return { ...verdict, reason: `${show(url)} has a backslash before its path, which URL parsers read differently (this parser connects to ${show(h.host)}), so it is denied` };

  const entries = allow === null || allow === undefined ? null : allow.map(parseEntry);
  const exact = entries?.some((e) => e !== null && e.kind !== 'suffix' && matches(h, e)) ?? false;
  const problem = hostProblem(h);
  if (problem && !options.allowPrivate && !exact) {
    return {
      ...verdict,
      destination: problem.includes('metadata') ? 'metadata' : LOOPBACK_PROBLEM.test(problem) || THIS_HOST.has(h.host) ? 'this-host' : 'private',
      reason: `${show(h.host)} is ${problem}; private, loopback and internal destinations are reachable only when listed explicitly${entries === null ? ' in the network allowlist' : ''}`,
    };
  }
  if (entries === null || exact) return { ...verdict, allowed: true };
  const listed = `(${allow!.filter((e) => typeof e === 'string').join(', ') || 'empty'})`;
  if (h.ip) return { ...verdict, reason: `${show(h.host)} is an IP address that is not in the network allowlist ${listed}` };
  if (entries.some((e) => e !== null && e.kind === 'suffix' && matches(h, e))) return { ...verdict, allowed: true };
  return { ...verdict, reason: `${show(h.host)} is not in the network allowlist ${listed}` };
}
