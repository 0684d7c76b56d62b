/** Secret detection and redaction: the single place that decides what is a credential. */

export interface SecretMatch {
  /** e.g. `aws-access-key`, `openai-api-key`, `github-token`, `private-key`, `generic-assignment` */
  kind: string;
  /** 0-based offsets into the scanned text */
  start: number;
  end: number;
}

const PATTERNS: { kind: string; re: RegExp; group?: number }[] = [
  { kind: 'aws-access-key', re: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g },
  { kind: 'github-token', re: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/g },
  { kind: 'github-token', re: /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g },
  { kind: 'anthropic-api-key', re: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{40,}/g },
  { kind: 'openai-api-key', re: /\bsk-(?:proj-|svcacct-|admin-)?(?!ant-)[A-Za-z0-9_-]{32,}/g },
  { kind: 'slack-token', re: /\bxox[baprs]-[A-Za-z0-9-]{10,}/g },
  { kind: 'slack-webhook', re: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]{20,}/g },
  { kind: 'stripe-live-key', re: /\b(?:sk|rk)_live_[A-Za-z0-9]{20,}/g },
  { kind: 'google-api-key', re: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'huggingface-token', re: /\bhf_[A-Za-z]{34}\b/g },
  { kind: 'npm-token', re: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'sendgrid-api-key', re: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g },
  { kind: 'private-key', re: /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----/g },
  { kind: 'url-credentials', re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/'"]+:([^\s@/'"]+)@[^\s'"]+/gi, group: 1 },
];

/** Documentation examples that look real. */
const KNOWN_EXAMPLES = new Set(['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']);

const PLACEHOLDER = /^(?:changeme|change_me|password|passwd|secret|token|none|null|undefined|true|false|redacted|example|sample|dummy|test|testing|fake|placeholder|todo|xxx+|\*+|\.+)$|your[-_ ]|^<.*>$|^\$\{.*\}$|^\{\{.*\}\}$|^\$[A-Za-z_]|%\(|^x+$|example|dummy|placeholder|redacted|^\*{3,}/i;

function placeholder(value: string): boolean {
  return PLACEHOLDER.test(value) || /^(.)\1+$/.test(value);
}

export function findSecrets(text: string): SecretMatch[] {
  const out: SecretMatch[] = [];
  if (text.length < 16) return out;
  for (const { kind, re, group } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (KNOWN_EXAMPLES.has(m[0])) continue;
      if (group) {
        const secret = m[group]!;
        if (placeholder(secret) || secret.length < 4) continue;
        const start = m.index + m[0].indexOf(':' + secret + '@') + 1;
        out.push({ kind, start, end: start + secret.length });
      } else out.push({ kind, start: m.index, end: m.index + m[0].length });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

const SECRET_NAME = /(pass(word|wd)?|pwd|secret|token|api[-_]?key|apikey|access[-_]?key|private[-_]?key|client[-_]?secret|credential|auth[-_]?key)/i;

/** Shannon entropy in bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

export function classifySecretAssignment(name: string, value: string): SecretMatch | undefined {
  const known = findSecrets(value)[0];
  if (known) return known;
  if (!SECRET_NAME.test(name) || /(_env|_var|_name|_file|_path|_url|_header|_field|placeholder)$/i.test(name)) return undefined;
  const v = value.trim();
  if (v.length < 8 || v.length > 200 || placeholder(v)) return undefined;
  if (/^[A-Z][A-Z0-9_]+$/.test(v)) return undefined; // an environment variable name
  if (/^(https?|file):\/\//i.test(v) || v.startsWith('/') || v.startsWith('./') || /\s/.test(v)) return undefined;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length;
  if (classes < 3 || entropy(v) < 3) return undefined;
  return { kind: 'generic-assignment', start: 0, end: value.length };
}

const PAIR = /(["']?)([A-Za-z_][A-Za-z0-9_-]*)\1(\s*[:=]\s*)(["']?)([^\s"',;}&]+)\4/g;

export function redactSecrets(text: string): string {
  if (typeof text !== 'string' || text.length < 8) return text;
  let out = text;
  const matches = findSecrets(out);
  for (const m of matches.reverse()) out = out.slice(0, m.start) + `[REDACTED:${m.kind}]` + out.slice(m.end);
  return out.replace(PAIR, (whole, q1: string, name: string, sep: string, q2: string, value: string) =>
    !value.startsWith('[REDACTED') && classifySecretAssignment(name, value) ? `${q1}${name}${q1}${sep}${q2}[REDACTED:generic-assignment]${q2}` : whole,
  );
}
