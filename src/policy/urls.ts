/** Egress classification: the single place that decides whether a destination may be reached. */

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

/**
 * Decide a URL. `allow` lists hosts (`api.github.com`), wildcard suffixes (`*.example.com`,
 * which does not match `example.com` itself) or IPs; `null` means no allowlist: only
 * non-http(s) schemes, unparsable URLs and private/metadata addresses are denied.
 */
export function classifyUrl(url: string, allow: string[] | null, options: ClassifyUrlOptions = {}): UrlVerdict {
  void url; void allow; void options;
  throw new Error('classifyUrl: not implemented');
}

/** Loopback, RFC 1918, link-local (incl. 169.254.169.254), CGNAT, unique-local IPv6, IPv4-mapped forms of those, unspecified. */
export function isPrivateAddress(ip: string): boolean {
  void ip;
  throw new Error('isPrivateAddress: not implemented');
}

/** Does a canonical host match one allowlist entry? */
export function hostMatches(host: string, pattern: string): boolean {
  void host; void pattern;
  throw new Error('hostMatches: not implemented');
}
