/** Egress classification: the single place that decides whether a destination may be reached. */
import { domainToASCII } from 'node:url';

export interface UrlVerdict {
  allowed: boolean;
  /** canonical host (lower-case, no trailing dot; IPs in canonical form) */
  host?: string;
  scheme?: string;
  /** set when the host is an IP literal in any encoding, canonical form */
  ip?: string;
  reason?: string;
}

export interface ClassifyUrlOptions {
  /** permit private, loopback, link-local and metadata addresses (default false) */
  allowPrivate?: boolean;
}

const SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:']);

function v4ToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

function privateV4(n: number): boolean {
  const inNet = (base: string, bits: number) => {
    const b = v4ToInt(base)!;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return ((n & mask) >>> 0) === ((b & mask) >>> 0);
  };
  return (
    inNet('0.0.0.0', 8) || inNet('10.0.0.0', 8) || inNet('100.64.0.0', 10) || inNet('127.0.0.0', 8) || inNet('169.254.0.0', 16) ||
    inNet('172.16.0.0', 12) || inNet('192.0.0.0', 24) || inNet('192.168.0.0', 16) || inNet('198.18.0.0', 15) || inNet('224.0.0.0', 4) || inNet('240.0.0.0', 4)
  );
}

/** Expand an IPv6 literal to 8 groups of 16 bits; undefined when it is not one. */
function v6Groups(ip: string): number[] | undefined {
  let s = ip.replace(/^\[|\]$/g, '').toLowerCase();
  const pct = s.indexOf('%');
  if (pct >= 0) s = s.slice(0, pct);
  if (!s.includes(':')) return undefined;
  // a dotted IPv4 tail (::ffff:127.0.0.1) becomes two hex groups
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    const n = v4ToInt(last);
    if (n === undefined) return undefined;
    s = `${s.slice(0, lastColon + 1)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string) => (h ? h.split(':').map((x) => (/^[0-9a-f]{1,4}$/.test(x) ? parseInt(x, 16) : NaN)) : []);
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const fill = 8 - head.length - rest.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0) return undefined;
  const groups = [...head, ...new Array(halves.length === 2 ? fill : 0).fill(0), ...rest];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g)) ? groups : undefined;
}

export function isPrivateAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '');
  const v4 = v4ToInt(bare);
  if (v4 !== undefined) return privateV4(v4);
  const g = v6Groups(bare);
  if (!g) return false;
  const embedded = (hi: number, lo: number) => privateV4(((hi << 16) >>> 0) + lo);
  if (g.every((x) => x === 0)) return true; // ::
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return true; // ::1
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) return embedded(g[6]!, g[7]!); // mapped / compatible
  if (g[0] === 0x64 && g[1] === 0xff9b) return embedded(g[6]!, g[7]!); // NAT64
  if (g[0] === 0x2002) return embedded(g[1]!, g[2]!); // 6to4
  if ((g[0]! & 0xfe00) === 0xfc00) return true; // unique local
  if ((g[0]! & 0xffc0) === 0xfe80 || (g[0]! & 0xffc0) === 0xfec0) return true; // link/site local
  if ((g[0]! & 0xff00) === 0xff00) return true; // multicast
  return false;
}

function canonicalHost(h: string): string {
  let host = h.toLowerCase().replace(/\.+$/, '');
  if (!host.startsWith('[')) host = domainToASCII(host) || host;
  return host;
}

function internalName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal') || host === 'metadata' || !host.includes('.');
}

export function hostMatches(host: string, pattern: string): boolean {
  const p = pattern.trim().toLowerCase().replace(/\.+$/, '');
  if (p.startsWith('*.')) {
    const suffix = canonicalHost(p.slice(2));
    return host.endsWith('.' + suffix) && host.length > suffix.length + 1;
  }
  if (p.startsWith('[') || p.includes(':')) {
    const a = v6Groups(p);
    const b = v6Groups(host);
    return !!a && !!b && a.join(':') === b.join(':');
  }
  try {
    // canonicalize IPv4 entries in any encoding the same way URLs are
    return new URL(`http://${p}/`).hostname.replace(/\.+$/, '') === host;
  } catch {
    return canonicalHost(p) === host;
  }
}

export function classifyUrl(url: string, allow: string[] | null, options: ClassifyUrlOptions = {}): UrlVerdict {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { allowed: false, reason: `\`${String(url).slice(0, 100)}\` is not a valid absolute URL` };
  }
  const scheme = u.protocol.slice(0, -1);
  if (!SCHEMES.has(u.protocol)) return { allowed: false, scheme, reason: `the \`${scheme}:\` scheme is not allowed (http, https, ws, wss only)` };
  const host = canonicalHost(u.hostname);
  if (!host) return { allowed: false, scheme, reason: 'the URL has no host' };
  const isV4 = v4ToInt(host) !== undefined;
  const isV6 = host.startsWith('[');
  const ip = isV4 || isV6 ? host : undefined;
  const base: UrlVerdict = { allowed: false, host, scheme };
  if (ip) base.ip = ip;
  const listed = allow?.some((p) => hostMatches(host, p)) ?? false;
  if (!options.allowPrivate && !listed) {
    if ((ip && isPrivateAddress(ip)) || (!ip && internalName(host))) return { ...base, reason: `\`${host}\` is a private, loopback or internal address` };
  }
  if (ip && allow !== null && !listed) return { ...base, reason: `\`${host}\` is an IP address that is not in the network allowlist` };
  if (allow !== null && !listed) return { ...base, reason: `\`${host}\` is not in the network allowlist (${allow.join(', ') || 'empty'})` };
  return { ...base, allowed: true };
}
