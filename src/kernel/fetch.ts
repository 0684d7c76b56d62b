/**
 * `ctx.fetch`: every hop is decided. Redirects are followed here (`redirect: 'manual'`)
 * so each Location is checked against the allowlist before it is requested, and each
 * host's DNS answers are checked for private, loopback and metadata addresses.
 * Limitation: fetch resolves the name again when it connects, so a DNS server that
 * answers differently the second time (rebinding) is not caught.
 */
import { AgentKilledError, RedirectError } from './errors.js';
import type { DecisionCore } from './core.js';
import type { Run } from './signals.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

export async function governedFetch(kernel: DecisionCore, run: Run, input: string | URL, init: RequestInit = {}): Promise<Response> {
  if (typeof input !== 'string' && !(input instanceof URL)) throw new TypeError('ctx.fetch: the URL must be a string or a URL');
  const agent = run.agentId;
  let url = typeof input === 'string' ? input : input.href;
  let method = (init.method ?? 'GET').toUpperCase();
  let body = init.body;
  const headers = new Headers(init.headers);
  const mode = init.redirect ?? 'follow';
  const signal = init.signal ? AbortSignal.any([init.signal, run.signal]) : run.signal;

  for (let hop = 0; ; hop++) {
    const action = { kind: 'http' as const, url, method };
    await kernel.govern(run, agent, action, kernel.dnsCheck(url));
    let res: Response;
    try {
      res = await fetch(url, { ...init, method, headers, body, redirect: 'manual', signal });
    } catch (err) {
      if (run.killed) throw new AgentKilledError(agent);
      throw err;
    }
    const location = res.headers.get('location');
    if (!REDIRECTS.has(res.status) || mode === 'manual' || location === null) return res;
    await res.body?.cancel().catch(() => undefined);
    if (mode === 'error') throw new RedirectError(`${url} redirected (${res.status}) and redirect: 'error' was requested`);
    if (hop >= kernel.limits.maxRedirects) throw new RedirectError(`more than ${kernel.limits.maxRedirects} redirects starting from ${typeof input === 'string' ? input : input.href}`);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new RedirectError(`${url} redirected to an invalid location ${JSON.stringify(location)}`);
    }
    // the fetch standard's method rewriting
    if ((res.status === 303 && method !== 'GET' && method !== 'HEAD') || ((res.status === 301 || res.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      for (const h of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) headers.delete(h);
    } else if (body instanceof ReadableStream) {
      throw new RedirectError(`${url} redirected (${res.status}) and a streamed request body cannot be sent again`);
    }
    // credentials stay with the origin they were meant for
    if (next.origin !== new URL(url).origin) for (const h of CREDENTIAL_HEADERS) headers.delete(h);
    url = next.href;
  }
}
