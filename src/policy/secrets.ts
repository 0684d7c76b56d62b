/**
 * Secret detection and redaction: the single place that decides what is a credential.
 *
 * Two sources of truth: well-known credential formats (prefix + length + alphabet, low
 * false-positive rates), and values bound to secret-sounding names that look like real
 * credentials rather than placeholders, environment variable names, URLs or paths.
 */
import { nameWords } from './words.js';

export interface SecretMatch {
  /** e.g. `aws-access-key`, `openai-api-key`, `github-token`, `private-key`, `generic-assignment` */
  kind: string;
  /** 0-based offsets into the scanned text */
  start: number;
  end: number;
  /** for `url-credentials`: the host the credentials are for, as written (a port after it) */
  host?: string;
}

// ---------------------------------------------------------------------------------------
// value heuristics shared by formats and assignments

/** Words that mark a value as a placeholder wherever they appear as a word of it. */
const MARKER_WORDS = new Set([
  'changeme', 'changeit', 'example', 'examples', 'sample', 'dummy', 'fake', 'test', 'testing', 'placeholder', 'redacted', 'mock',
  'todo', 'fixme', 'tbd', 'replace', 'insert', 'enter', 'lorem', 'ipsum', 'your', 'yours', 'here', 'xxx', 'blank', 'documentation',
]);
/** A marker word run together with a default word: `testpwd`, `dummypassword`, `fakesecret`. */
const MARKED_DEFAULT = /^(?:test|dummy|fake|sample|mock|demo|my)/;

/** Values whose letters are only one of these words (digits and symbols aside) are placeholders or defaults. */
const WHOLE_WORDS = new Set([
  'password', 'passwd', 'pass', 'pwd', 'secret', 'token', 'key', 'apikey', 'admin', 'root', 'user', 'username', 'guest', 'demo',
  'default', 'letmein', 'qwerty', 'qwertyuiop', 'asdf', 'asdfgh', 'abc', 'abcd', 'abcdef', 'abcdefgh', 'hunter', 'none', 'null',
  'nil', 'undefined', 'empty', 'foo', 'bar', 'foobar', 'baz', 'value', 'string', 'postgres', 'mysql', 'redis', 'mongo', 'iloveyou',
  'welcome', 'master', 'changeme', 'secretkey', 'mypassword', 'supersecret', 'topsecret',
]);

/** Letter runs of a value, split at case changes: `myTestKey1` → my, test, key. */
function words(v: string): string[] {
  const out: string[] = [];
  const re = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g;
  for (let m = re.exec(v); m; m = re.exec(v)) out.push(m[0].toLowerCase());
  return out;
}

/** Words that say what a value stands for rather than being it. */
const DESCRIPTIVE_WORDS = new Set(['secret', 'secrets', 'token', 'password', 'passwd', 'pwd', 'key', 'credential', 'credentials', 'sentinel', 'malformed', 'invalid']);

/** `client-secret`, `s3-cleanup-secret`, `r2-secret`: short words, one of them naming what the value stands for. */
function descriptive(v: string): boolean {
  if (!/^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)+$/.test(v)) return false;
  const segs = v.toLowerCase().split(/[-_.]/);
  return segs.every((x) => /^[a-z]+\d?[a-z]*$|^[a-z]\d$|^\d{1,4}$/.test(x)) && segs.some((x) => DESCRIPTIVE_WORDS.has(x));
}

/**
 * Keys local emulators ship with and their vendors publish for everyone to use: the Azure Storage
 * emulator's (Azurite) account key for `devstoreaccount1`. They open nothing but a developer's own emulator.
 */
const PUBLISHED_EMULATOR_KEYS = new Set(['Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==']);

/**
 * Tokens vendors print in their documentation for everyone to copy: GitHub's OAuth guide answers with
 * `gho_16C7e42F292c6912E7710c838347Ae178B4a` (and redaction tests reuse its body after `ghu_`, `ghs_`).
 */
const DOCUMENTED_TOKEN_BODIES = ['16C7e42F292c6912E7710c838347Ae178B4a'];

function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (descriptive(v)) return true;
  // templating and variable references (`${X}`, `$X`, `$system.default`, `%X%`), a pattern's replacement (`$1/auth.ts`),
  // Azure Pipelines' and make's macros (`$(System.AccessToken)`) and runtime expressions (`$[ variables.token ]`)
  if (/^\$\d\/|\$\{|\{\{|\}\}|<[^>]*>|%\([^)]*\)s|^\$[A-Za-z_][\w.]*$|^\$\([A-Za-z_][\w.-]*\)$|^\$\[.*\]$|^%[A-Za-z_]\w*%$|^\{[A-Za-z_][\w.]*\}$|^env:|^process\.env\.|^os\.environ/i.test(v)) return true;
  if (/\*{3,}|x{4,}|X{4,}|•{3,}|\.{3,}|…|#{4,}|0{6,}|_{3,}/.test(v)) return true;
  // vendor documentation keys (AWS `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`, `AKIAIOSFODNN7EXAMPLE`)
  if (/EXAMPLE|example/.test(v)) return true;
  if (PUBLISHED_EMULATOR_KEYS.has(v) || DOCUMENTED_TOKEN_BODIES.some((t) => v.includes(t))) return true;
  // a relative path of lower-case words (`logs/auth_logs`, `secrets/api-key.txt`): where something is kept, not a credential
  if (/^(?:[a-z]+(?:[_-][a-z]+)*\/)+[a-z]+(?:[_-][a-z]+)*(?:\.[a-z0-9]+)?$/.test(v)) return true;
  const w = words(v);
  if (w.some((x) => MARKER_WORDS.has(x) || x.startsWith('your') || /^x{3,}$/.test(x))) return true;
  const letters = v.replace(/[^A-Za-z]/g, '').toLowerCase();
  if (WHOLE_WORDS.has(letters) || WHOLE_WORDS.has(letters.replace(MARKED_DEFAULT, ''))) return true;
  // P@ssw0rd!, pa55w0rd, adm1n123: a default word in leetspeak, digits and symbols around it
  const core = v.replace(/^[^A-Za-z]+|[^A-Za-z]+$/g, '');
  const plain = core.replace(/[@4]/g, 'a').replace(/[$5]/g, 's').replace(/0/g, 'o').replace(/[1!|]/g, 'i').replace(/3/g, 'e').replace(/7/g, 't');
  return WHOLE_WORDS.has(plain.replace(/[^A-Za-z]/g, '').toLowerCase());
}

/** Shannon entropy in bits per character. */
function entropy(v: string): number {
  const counts = new Map<string, number>();
  for (const c of v) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  const n = [...v].length;
  for (const k of counts.values()) {
    const p = k / n;
    h -= p * Math.log2(p);
  }
  return h;
}

function classes(v: string): number {
  return (/[a-z]/.test(v) ? 1 : 0) + (/[A-Z]/.test(v) ? 1 : 0) + (/[0-9]/.test(v) ? 1 : 0) + (/[^A-Za-z0-9]/.test(v) ? 1 : 0);
}

/** `abcdefgh`, `12345678`, `87654321`: mostly steps of one. */
function sequential(v: string): boolean {
  if (v.length < 4) return false;
  let steps = 0;
  for (let i = 1; i < v.length; i++) {
    const d = v.charCodeAt(i) - v.charCodeAt(i - 1);
    if (d === 1 || d === -1) steps++;
  }
  return steps / (v.length - 1) >= 0.6;
}

/** A run of `n` characters each one code point above the last: `123456`, `abcdef`. */
export function ascendingRun(v: string, n: number): boolean {
  let run = 1;
  for (let i = 1; i < v.length; i++) {
    run = v.charCodeAt(i) - v.charCodeAt(i - 1) === 1 ? run + 1 : 1;
    if (run >= n) return true;
  }
  return false;
}

/** Few distinct characters: `aaaa`, `abababab`, `0000-0000`. */
function lowVariety(v: string, min: number): boolean {
  return new Set(v).size < min;
}

/**
 * Does a value look like a real credential rather than a placeholder, a reference or a word?
 * Thresholds: at least 8 characters and 5 distinct ones, no whitespace, and either 3+
 * character classes (lower, upper, digit, symbol) with ≥ 2.5 bits/char of entropy, 2 classes
 * with ≥ 2.75 bits/char, or a single class over ≥ 20 characters with ≥ 3.0 bits/char.
 */
export function looksLikeSecretValue(value: string): boolean {
  // asked for every string constant of every file, many of them recurring (keys, names, formats): the answers are remembered
  return secretValues(value);
}

/** An ARM template's expression: a whole value in brackets that calls one of the template functions. */
const ARM_EXPRESSION = /^\[\s*(?:parameters|variables|reference|listKeys|listSecrets|concat|format|resourceId|subscription|resourceGroup|uniqueString|base64|json|if|coalesce)\s*\([\s\S]*\)[\s\S]*\]$/;

/** Bounds of the memos below: the texts they keep (in UTF-16 units) and how many. */
const MEMO_TEXT = 256;
const MEMO_LIMIT = 20_000;

/** A pure test of a text with its answers remembered (up to `MEMO_LIMIT` texts, then it starts over). */
function remembered(judge: (text: string) => boolean): (text: string) => boolean {
  const known = new Map<string, boolean>();
  return (text) => {
    if (text.length > MEMO_TEXT) return judge(text);
    let answer = known.get(text);
    if (answer === undefined) {
      answer = judge(text);
      if (known.size >= MEMO_LIMIT) known.clear();
      known.set(text, answer);
    }
    return answer;
  };
}

const secretValues = remembered(judgeSecretValue);

function judgeSecretValue(value: string): boolean {
  // a line break is text laid out for reading (`'\nObservation:'`, a prompt's marker); known formats that span
  // lines (PEM blocks) are found by their own patterns first
  if (/[\r\n]/.test(value)) return false;
  let v = value.trim();
  // a JSON document is data with fields, not one credential (format matches inside it are found on their own)
  if (/^[{[][\s\S]*[}\]]$/.test(v)) {
    try {
      JSON.parse(v);
      return false;
    } catch {
      // not JSON: judged as text
    }
  }
  // an Azure Resource Manager template expression (`[parameters('databaseAdminPassword')]`, `[listKeys(...).keys[0].value]`):
  // the deployment fills it in, so the template holds a reference, not the credential
  if (ARM_EXPRESSION.test(v)) return false;
  const auth = /^(bearer|basic|token|bot)\s+(\S+)$/i.exec(v);
  if (auth) {
    v = auth[2]!;
    // Basic credentials are base64
    if (auth[1]!.toLowerCase() === 'basic' && !/^[A-Za-z0-9+/]+=*$/.test(v)) return false;
    // of `user:password`: a password that is a plain word (`secret:key`, `admin:admin`) is a documented default, not a secret
    const pair = auth[1]!.toLowerCase() === 'basic' ? decodedText(v) : undefined;
    if (pair !== undefined && /^[^:]*:[A-Za-z]+$/.test(pair)) return false;
    // `Token inesperado.`, `Bearer token`: a word after the scheme, not a credential
    if (v.length < 16) return false;
  }
  // credentials are ASCII; text in other scripts (translated messages) is not one
  if (/[^\x20-\x7E]/.test(v)) return false;
  // a short name with a number: `upload-1`, `session_2`, a design token `grey.500`
  if (v.length <= 20 && /^[a-z]+(?:[-_.][a-z]+)*[-_.]?\d{1,4}$/.test(v)) return false;
  if (v.length < 8 || v.length > 4096) return false;
  if (/\s/.test(v)) return false; // prose, prompts, command lines
  // a format template (`{url}/realms/{realm}/token`): the fields are filled in later
  if (/\{[A-Za-z_][\w.]*\}/.test(v)) return false;
  // a regular expression that finds a kind of credential (`(?:AKIA|ASIA)[0-9A-Z]{16}`, `sk-[A-Za-z0-9]{20,}`): a group,
  // a character class with a repeat count, or an escape of a class of characters is pattern syntax, not key material
  if (/\(\?[:=!<]|\][*+?{]|\\[sdwbSDWB][*+?{]?|\{\d+,\d*\}/.test(v)) return false;
  // an environment variable name, not its value
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v)) return false;
  // and such a name in brackets, a marker logged or shown in a value's place (`token: t ? '[TOKEN_EXISTS]' : '[NO_TOKEN]'`)
  if (/^(?:\[[A-Z][A-Z0-9_]*\]|<[A-Z][A-Z0-9_]*>|\([A-Z][A-Z0-9_]*\))$/.test(v)) return false;
  // a version, with a conda package's build after it (`aws-c-auth=0.7.31=h57bd9a3_0` in an environment.yml)
  if (/^v?\d+(?:\.\d+){1,3}(?:[-+=][\w.]+)?$/.test(v)) return false;
  // URLs (with credentials they are a format match) and references to secret stores
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(v)) return false;
  // and the same written without a scheme (`platform.example.ai/console`): a lower-case host name and a path
  // (a host name alone is left to the checks below: `hunter2.secret` may be a password)
  if (/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}(?::\d{1,5})?\/[\w.~%+/-]*$/.test(v)) return false;
  if (/^(arn|vault|op|ssm|secretsmanager|sm|kms|gcp|azure|keyvault|projects\/)[:/]/i.test(v)) return false;
  // an EVM account or contract address (`0x940181a94A35A4569E4529A3CDfB74e38FD98631`, 20 bytes): public by design; a
  // private key is 32 bytes
  if (/^0x[0-9a-fA-F]{40}$/.test(v)) return false;
  // a JSON reference (`#/components/schemas/AWSSecretParameter` in an OpenAPI discriminator's mapping)
  if (/^#\/[\w./~-]+$/.test(v)) return false;
  // paths and key file names
  if (/^(\/|\.{1,2}\/|~\/|[A-Za-z]:[\\/]|\\\\)/.test(v)) return false;
  if (/^[\w.\/-]+\.(pem|key|crt|cer|der|p8|p12|pfx|json|txt|env|ya?ml|toml|ini|cfg|conf|jks|keystore|pub|gpg|asc|ppk)$/i.test(v)) return false;
  // a patch of a package, by its file (`next-auth@4.24.15: patches/next-auth@4.24.15.patch` in pnpm-workspace.yaml)
  if (/^[\w.\/@+-]+\.(?:patch|diff)$/i.test(v)) return false;
  // a page of documentation or a picture (`Authorization: run/authorization.md` in a site's navigation)
  if (/^[\w.\/-]+\.(md|mdx|rst|adoc|html?|pdf|png|jpe?g|gif|svg|webp|csv|ipynb)$/i.test(v)) return false;
  if (/^[\w-]+(\/[\w.-]+){2,}$/.test(v) && !/[A-Z].*[0-9]|[0-9].*[A-Z]/.test(v)) return false;
  // a call written in code (`qdrant_api_key(args)`, `os.getenv(KEY)`, `config.get("key")`), read where code is embedded in text
  // (a script in a heredoc): the expression that finds the credential, not one
  if (/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\((?:\s*(?:[A-Za-z_][\w.]*|"[\w.-]*"|'[\w.-]*')\s*(?:,\s*(?:[A-Za-z_][\w.]*|"[\w.-]*"|'[\w.-]*')\s*)*)?\)$/.test(v) && /[a-z]{3}/.test(v.slice(0, v.indexOf('(')))) return false;
  // identifiers: kebab/snake/dotted lower-case words, camelCase or PascalCase names
  // (also capitalized words joined by `/`, a label: `credentials: "Email/Password"`, the name of an auth provider)
  if (/^[a-z]+(?:[-_.][a-z]+)+$/.test(v) || /^[A-Za-z][a-z]+(?:[A-Z][a-z]+)+$/.test(v) || /^[A-Z][a-z]+(?:[-_./][A-Z]?[a-z]+)+$/.test(v)) return false;
  // (a dotted path of camelCase names: `auth.ssoErrorTokenExchange`, a translation key)
  if (/^[a-z]+(?:[A-Z][a-z]+)*(?:\.[a-z]+(?:[A-Z][a-z]+)*)+$/.test(v)) return false;
  // (with a number among the words: `received_401_unauthorized`, a step of a flow named after a status)
  if (/^[a-z]{2,}(?:_\d{1,4})+(?:_[a-z]{2,})+$/.test(v)) return false;
  // a utility class with an opacity (`bg-success/70`, `bg-amber-500/70` in a table of Tailwind classes keyed `pass`/`fail`)
  if (/^(?:[a-z]+:)*-?[a-z]+(?:-[a-z0-9.]+)*\/(?:\d{1,3}|\[[\d.%]+\])$/.test(v)) return false;
  // a CSS custom property or a command-line option (`token: "--brand-magenta"`, a design token's name)
  if (/^--[a-z][\w-]*$/i.test(v)) return false;
  // and a reference to one (`INLINE_TOKEN_HIGHLIGHT_COLOR = "var(--inline-token-highlight)"`), with a fallback value perhaps
  if (/^var\(--[a-z][\w-]*(?:,[^()]*)?\)$/i.test(v)) return false;
  // a key's prefix alone (`"api_key": "sk-proj-"`, a settings template's hint of the format): the key is still to come
  if (/^[a-z]+(?:[-_][a-z]+)*[-_]$/i.test(v)) return false;
  // a word or two in brackets (`'(Recommended)'`, `[Required]`): a label shown to a person
  if (/^[(\[][A-Za-z][a-z]+(?:[-_][A-Za-z]?[a-z]+)?[)\]][.:]?$/.test(v)) return false;
  if (lowVariety(v, 5) || sequential(v)) return false;
  const c = classes(v);
  const h = entropy(v);
  if (!((c >= 3 && h >= 2.5) || (c === 2 && h >= 2.75) || (c === 1 && v.length >= 20 && h >= 3.0))) return false;
  // (every test above only rules a value out, so the costliest comes last, for the few values left)
  return !isPlaceholder(v);
}

// ---------------------------------------------------------------------------------------
// formats

interface Format {
  kind: string;
  /** literal substrings, one of which must occur (cheap pre-check before the regex) */
  hints: string[];
  re: RegExp;
  /** capture group holding the secret (default: the whole match) */
  group?: number;
  /** reject documentation values and placeholders */
  valid?: (secret: string, m: RegExpExecArray) => boolean;
}

const EXAMPLE = /example/i;

/** An AWS secret access key's 40 characters: plausible as a token, and of three character classes at least. */
function awsSecretValid(s: string): boolean {
  return plausibleToken(s) && classes(s) >= 3;
}

/** Format matches are random strings: no documentation marker, not a run of one character. */
function plausibleToken(body: string): boolean {
  if (EXAMPLE.test(body) || DOCUMENTED_TOKEN_BODIES.some((t) => body.includes(t))) return false;
  if (/x{8,}|X{8,}|0{10,}|\*{3,}|\.{3,}|…|<|>|\{|\}/.test(body)) return false;
  const w = words(body);
  if (w.some((x) => x === 'your' || x.startsWith('your') || x === 'placeholder' || x === 'redacted' || x === 'dummy' || x === 'fake')) return false;
  return !lowVariety(body, 6);
}

const B = '(?<![A-Za-z0-9_])'; // not inside a longer identifier
const E = '(?![A-Za-z0-9_])';
const BD = '(?<![A-Za-z0-9_-])'; // for formats whose alphabet includes `-`
const ED = '(?![A-Za-z0-9_-])';

const FORMATS: Format[] = [
  {
    kind: 'aws-access-key',
    hints: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    re: new RegExp(`${B}(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}${E}`, 'g'),
    valid: (s) => plausibleToken(s.slice(4)),
  },
  {
    kind: 'aws-secret-key',
    hints: ['ecret', 'ECRET'],
    re: /(?:aws_?secret_?access_?key|aws_?secret_?key|secret_?access_?key)["']?\s*(?:[:=]|=>)\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    group: 1,
    valid: (s) => awsSecretValid(s),
  },
  { kind: 'github-token', hints: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], re: new RegExp(`${B}gh[pousr]_[A-Za-z0-9]{36,251}${E}`, 'g'), valid: (s) => plausibleToken(s.slice(4)) },
  { kind: 'github-token', hints: ['github_pat_'], re: new RegExp(`${B}github_pat_[A-Za-z0-9_]{50,255}${E}`, 'g'), valid: (s) => plausibleToken(s.slice(11)) },
  { kind: 'gitlab-token', hints: ['glpat-'], re: new RegExp(`${BD}glpat-[A-Za-z0-9_-]{20,}${ED}`, 'g'), valid: (s) => plausibleToken(s.slice(6)) },
  {
    kind: 'anthropic-api-key',
    hints: ['sk-ant-'],
    re: new RegExp(`${BD}sk-ant-[a-z]+[0-9]*-[A-Za-z0-9_-]{20,}${ED}`, 'g'),
    // (the kind segment too: `sk-ant-your-anthropic-api-key-here` is a placeholder)
    valid: (s) => plausibleToken(s.slice(s.indexOf('-', 7) + 1)) && plausibleToken(s.slice(7)),
  },
  {
    kind: 'openai-api-key',
    hints: ['sk-'],
    // sk-proj-, sk-svcacct-, sk-admin-, and the older sk- + 32..164 alphanumerics
    re: new RegExp(`${BD}sk-(?:(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}|[A-Za-z0-9]{32,164})${ED}`, 'g'),
    valid: (s) => {
      const body = s.replace(/^sk-(?:proj-|svcacct-|admin-|None-)?/, '');
      return plausibleToken(body) && /[0-9]/.test(body) && /[A-Za-z]/.test(body);
    },
  },
  {
    kind: 'slack-token',
    hints: ['xox', 'xapp-'],
    re: new RegExp(`${BD}(?:xox[abposr]|xoxe\\.xox[bp]|xapp)-[0-9][A-Za-z0-9-]{8,}${ED}`, 'g'),
    valid: (s) => plausibleToken(s.slice(5)),
  },
  {
    kind: 'slack-webhook',
    hints: ['hooks.slack.com'],
    re: /https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,}/g,
    valid: (s) => plausibleToken(s.slice(s.lastIndexOf('/') + 1)),
  },
  { kind: 'stripe-live-key', hints: ['_live_'], re: new RegExp(`${B}(?:sk|rk)_live_[A-Za-z0-9]{20,}${E}`, 'g'), valid: (s) => plausibleToken(s.slice(8)) },
  { kind: 'google-api-key', hints: ['AIza'], re: new RegExp(`${BD}AIza[0-9A-Za-z_-]{35}${ED}`, 'g'), valid: (s) => plausibleToken(s.slice(4)) },
  {
    kind: 'huggingface-token',
    hints: ['hf_'],
    re: new RegExp(`${B}hf_[A-Za-z]{34}${E}`, 'g'),
    // random mixed case, not a snake_case or camelCase identifier
    valid: (s) => plausibleToken(s.slice(3)) && (s.match(/[A-Z]/g)?.length ?? 0) >= 6 && (s.match(/[a-z]/g)?.length ?? 0) >= 6,
  },
  {
    kind: 'langsmith-api-key',
    hints: ['lsv2_'],
    re: new RegExp(`${B}lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}${E}`, 'g'),
    valid: (s) => plausibleToken(s.slice(8)),
  },
  { kind: 'npm-token', hints: ['npm_'], re: new RegExp(`${B}npm_[A-Za-z0-9]{36}${E}`, 'g'), valid: (s) => plausibleToken(s.slice(4)) },
  { kind: 'sendgrid-api-key', hints: ['SG.'], re: new RegExp(`${BD}SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}${ED}`, 'g'), valid: (s) => plausibleToken(s.slice(3)) },
  { kind: 'telegram-bot-token', hints: [':AA'], re: /(?<![A-Za-z0-9_:])[0-9]{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/g, valid: (s) => plausibleToken(s.slice(s.indexOf(':') + 1)) },
];

/** Hosts used in documentation: credentials pointing there are examples. */
const EXAMPLE_HOSTS = /^(?:[^.]+\.)*(?:example\.(?:com|org|net)|example|test|invalid)$|^(?:host|hostname|your[-_]?host|server|domain)$/i;

const URL_CREDENTIALS = /(?<![A-Za-z0-9+.-])([a-zA-Z][a-zA-Z0-9+.-]{1,30}):\/\/([^\s:/?#@"'<>`\\]*):([^\s/?#"'<>`\\]+)@([^\s/?#@"'<>`\\]+)/g;

/** Syntax of a regular expression, not of a password: `[^@]`, `(?:`, `\d`, `]*`, `)+`. */
const REGEX_SYNTAX = /\[\^|\(\?|\\[dwsS]|[\])][*+?]/;

function urlCredentials(text: string, out: SecretMatch[]): void {
  if (!text.includes('://')) return;
  URL_CREDENTIALS.lastIndex = 0;
  for (let m = URL_CREDENTIALS.exec(text); m; m = URL_CREDENTIALS.exec(text)) {
    const user = m[2]!;
    const password = m[3]!;
    const host = m[4]!.replace(/:\d*$/, '');
    if (password.length < 6 || password === user || isPlaceholder(password) || EXAMPLE_HOSTS.test(host)) continue;
    if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(password) || lowVariety(password, 4)) continue;
    // a regular expression that matches such URLs (`r"vnc://:([^@]*)@[^:]+:(\d+)"`): a character class, a group with a
    // quantifier or an escape class where the password or the host would be
    if (REGEX_SYNTAX.test(password) || REGEX_SYNTAX.test(m[4]!)) continue;
    const start = m.index + m[1]!.length + 3 + user.length + 1;
    out.push({ kind: 'url-credentials', start, end: start + password.length, host: m[4]! });
  }
}

const PEM_BEGIN = /-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/g;
/** Base64 lines (and RFC 1421 headers) after a header whose END line is missing; JSON-escaped newlines included. */
const PEM_TRUNCATED = /^(?:(?:\s|\\[nr])*(?:[A-Za-z0-9+/=]{16,}|(?:Proc-Type|DEK-Info|Comment|Version):[^\n\\]*))*/;

/** What follows a header that is only mentioned: the quote or bracket that closes its mention. */
const HEADER_IN_PROSE = /^['"`\u2019)\]]/;

/**
 * PEM private key blocks. A header without its END line counts too: keys are often written
 * as concatenated line literals, so one string may hold the header alone. A block whose
 * body is a documentation placeholder (`...`, `xxxx`, `<key>`) or empty is not a key.
 */
function privateKeys(text: string, out: SecretMatch[]): void {
  if (!text.includes('PRIVATE KEY')) return;
  PEM_BEGIN.lastIndex = 0;
  for (let m = PEM_BEGIN.exec(text); m; m = PEM_BEGIN.exec(text)) {
    const bodyStart = m.index + m[0].length;
    const nextBegin = text.indexOf('-----BEGIN', bodyStart);
    let endMarker = text.indexOf('-----END', bodyStart);
    if (nextBegin >= 0 && endMarker > nextBegin) endMarker = -1; // that END belongs to the next block
    const close = endMarker >= 0 ? text.indexOf('-----', endMarker + 8) : -1;
    let end: number;
    let body: string;
    if (endMarker >= 0 && close >= 0 && close - endMarker < 80) {
      end = close + 5;
      body = text.slice(bodyStart, endMarker);
      if (!/[A-Za-z0-9+/]{8,}/.test(body.replace(/\\[nr]/g, ''))) continue; // empty template
    } else {
      body = PEM_TRUNCATED.exec(text.slice(bodyStart, bodyStart + 1_000_000))![0];
      end = bodyStart + body.length;
      // a header named in prose (`must start with '-----BEGIN PRIVATE KEY-----' or ...`), with nothing of a key after it
      if (!body.trim() && HEADER_IN_PROSE.test(text.slice(bodyStart, bodyStart + 1))) continue;
    }
    if (/\.\.\.|…|x{4,}|X{4,}|<[^>]*>/.test(body)) continue;
    out.push({ kind: 'private-key', start: m.index, end });
    PEM_BEGIN.lastIndex = end;
  }
}

/** Drop matches that overlap an earlier (or, at the same start, a longer) one. */
function dedupe(matches: SecretMatch[]): SecretMatch[] {
  if (matches.length < 2) return matches;
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: SecretMatch[] = [];
  let last = -1;
  for (const m of matches) {
    if (m.start < last) continue;
    out.push(m);
    last = m.end;
  }
  return out;
}

/** Known credential formats anywhere in a text. */
export function findSecrets(text: string): SecretMatch[] {
  if (typeof text !== 'string' || text.length < 12) return [];
  const out: SecretMatch[] = [];
  for (const f of FORMATS) {
    if (!f.hints.some((h) => text.includes(h))) continue;
    f.re.lastIndex = 0;
    for (let m = f.re.exec(text); m; m = f.re.exec(text)) {
      const secret = f.group ? m[f.group]! : m[0];
      if (f.valid && !f.valid(secret, m)) continue;
      const start = f.group ? m.index + m[0].lastIndexOf(secret) : m.index;
      out.push({ kind: f.kind, start, end: start + secret.length });
    }
  }
  privateKeys(text, out);
  urlCredentials(text, out);
  connectionStringPasswords(text, out);
  return dedupe(out);
}

/** A key of a connection string other than the password: the text is a DSN, not prose. */
const DSN_KEY = /(?:^|[\s;?&])(?:host|hostaddr|dbname|user|username|uid|user id|server|database|data source|initial catalog|port|sslmode|addr|address)\s*=/i;
const DSN_PASSWORD = /(?:^|[\s;?&])(password|passwd|pwd)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|"([^"]*)"|\{([^}]*)\}|([^\s;&'"]+))/gi;

/** `settings.redis.password`, `Env.Redis.redis_password)`: attribute reads, perhaps closing the call they are an argument of. */
const CODE_REFERENCE = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+[),]*$/;
/**
 * `getStorage(`, `os.getenv(`: a name and the opening of its call (the unquoted value stops at the argument's quote);
 * also a call or subscript with what follows (`models.CharField(max_length=255)`, `settings_dict[` of a Django model or
 * settings reader quoted in a log), code rather than a connection string's value.
 */
const CODE_CALL = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*[(\[]/;

/**
 * Passwords in key-value connection strings: libpq (`host=db user=app password=...`), ODBC and
 * ADO.NET (`Server=...;Password=...;`), JDBC query parameters. Placeholders, format fields and
 * variable references are not passwords.
 */
function connectionStringPasswords(text: string, out: SecretMatch[]): void {
  if (!/p(?:ass)?w(?:or)?d\s*=|passwd\s*=/i.test(text) || !DSN_KEY.test(text)) return;
  DSN_PASSWORD.lastIndex = 0;
  for (let m = DSN_PASSWORD.exec(text); m; m = DSN_PASSWORD.exec(text)) {
    const value = m[2] ?? m[3] ?? m[4] ?? m[5] ?? '';
    // a quoted value followed by `,` or `)` is a keyword argument in code (`create_user(username='admin', password='something')`
    // in a traceback a log quotes), not a field of a connection string: judged as any value bound to a password's name is
    if ((m[2] !== undefined || m[3] !== undefined) && /^\s*[,)]/.test(text.slice(m.index + m[0].length)) && !looksLikeSecretValue(value)) continue;
    if (value.length < 6 || isPlaceholder(value) || lowVariety(value, 4) || /^[$%:@?{]|^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) continue;
    // an unquoted dotted name is code passing a setting (`Redis(host=..., password=settings.redis_password)`), not a DSN's value
    if (m[5] !== undefined && CODE_REFERENCE.test(value)) continue;
    // nor is a call or a subscript (`const password = getStorage('password', '')` in a script kept in a string)
    if (m[5] !== undefined && CODE_CALL.test(value)) continue;
    const start = m.index + m[0].lastIndexOf(value);
    out.push({ kind: 'generic-assignment', start, end: start + value.length });
  }
}

/** Credentials in URL query parameters: `?api_key=...`, `&access_token=...`. */
export function findUrlQuerySecrets(text: string): SecretMatch[] {
  if (typeof text !== 'string' || !text.includes('://') || !text.includes('=')) return [];
  const out: SecretMatch[] = [];
  const re = /[?&]([A-Za-z_][\w.-]{0,63})=([^&#\s"'<>`]+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const value = decodeURIComponentSafe(m[2]!);
    if (!isSecretName(m[1]!) || !looksLikeSecretValue(value)) continue;
    const start = m.index + m[0].length - m[2]!.length;
    out.push({ kind: 'url-query-credential', start, end: start + m[2]!.length });
  }
  return out;
}

function decodeURIComponentSafe(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

// ---------------------------------------------------------------------------------------
// names

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pw', 'pass', 'passphrase', 'passcode', 'pin']);
const SECRET_WORDS = new Set([
  'secret', 'token', 'apikey', 'credential', 'credentials', 'creds', 'auth', 'authorization', 'bearer', 'privatekey', 'accesskey',
  'secretkey', 'clientsecret', 'pat', 'jwt', 'accesstoken', 'authtoken', 'refreshtoken', 'apitoken', 'webhooksecret',
]);
/** `<word> key` pairs that name a credential; `key` alone (cache key, sort key) does not. */
const KEY_QUALIFIERS = new Set(['api', 'access', 'private', 'secret', 'signing', 'encryption', 'master', 'account', 'app', 'client', 'session', 'license', 'service', 'subscription', 'auth', 'admin', 'write', 'read', 'ingest', 'sdk', 'dev', 'prod']);
/** A final word that makes the name about a secret, not the secret itself. */
const META_WORDS = new Set([
  'url', 'uri', 'endpoint', 'host', 'hostname', 'server', 'path', 'file', 'filename', 'dir', 'directory', 'folder', 'name', 'type', 'typ',
  'kind', 'id', 'ids', 'env', 'var', 'variable', 'field', 'prompt', 'hint', 'policy', 'length', 'len', 'size', 'count', 'limit',
  'format', 'pattern', 'regex', 're', 'prefix', 'suffix', 'mode', 'method', 'scheme', 'provider', 'strategy', 'flow', 'style',
  'version', 'expiry', 'expires', 'expiration', 'exp', 'ttl', 'timeout', 'at', 'hash', 'hashed', 'digest', 'salt', 'rounds',
  'algorithm', 'algo', 'enabled', 'required', 'min', 'max', 'placeholder', 'description', 'desc', 'help', 'message', 'msg', 'text',
  'title', 'error', 'label', 'column', 'col', 'param', 'parameter', 'property', 'prop', 'attr', 'attribute', 'arn', 'ref',
  'reference', 'location', 'store', 'manager', 'source', 'service', 'class', 'module', 'cls', 'fn', 'func', 'callback', 'handler',
  'input', 'key_name', 'header', 'headers', 'cookie', 'storage', 'cache', 'rotation', 'created', 'updated', 'usage', 'index', 'idx',
  'example', 'sample', 'template', 'default', 'schema', 'validator', 'check', 'reset', 'confirm', 'confirmation', 'strength', 'secrets',
  'tokens', 'config', 'settings', 'options', 'opts', 'selector', 'query', 'button', 'link', 'route', 'page', 'view', 'dialog', 'form',
  'icon', 'char', 'chars', 'separator', 'delimiter', 'encoding', 'charset', 'bits', 'bytes', 'entropy', 'uuid', 'slug', 'list', 'map',
  'set', 'dict', 'table', 'code', 'status', 'state', 'level', 'scope', 'scopes', 'audience', 'issuer', 'subject', 'owner', 'user', 'domain',
  'username', 'login', 'email', 'context', 'ctx', 'filter',
]);


/**
 * Does a name sound like it holds a credential (password, passwd, pwd, secret, token, api_key,
 * access_key, private_key, client_secret, auth, credential, in any case convention)? A name
 * ending in a word that describes the secret instead (`token_url`, `password_hint`,
 * `api_key_env`, `secret_name`) does not.
 */
export function isSecretName(name: string): boolean {
  if (typeof name !== 'string' || name.length > 200) return false;
  return secretNames(name);
}

const secretNames = remembered(judgeSecretName);

function judgeSecretName(name: string): boolean {
  // a sentence (`"Password must be at least 8 characters long"`, a message used as a translation table's key) names
  // no variable: four or more words with spaces between them
  if (/\s/.test(name.trim()) && name.trim().split(/\s+/).length >= 4) return false;
  const w = nameWords(name);
  if (!w.length) return false;
  // published on purpose: `SUPABASE_PUBLIC_API_KEY`, `STRIPE_PUBLISHABLE_KEY`
  if (w.some((x) => x === 'public' || x === 'publishable')) return false;
  const last = w[w.length - 1]!;
  if (META_WORDS.has(last) && !PASSWORD_WORDS.has(last) && !SECRET_WORDS.has(last)) return false;
  const spaced = /\s/.test(name.trim());
  const counts = (x: string): boolean => !spaced || !WORDS_IN_PROSE.has(x) || new RegExp(`(?<![A-Za-z])${x.toUpperCase()}(?![A-Za-z])`).test(name);
  if (w.some((x, i) => ((PASSWORD_WORDS.has(x) && !passBeforeNoun(w, i)) || SECRET_WORDS.has(x)) && counts(x))) return true;
  for (let i = 1; i < w.length; i++) {
    if (w[i] === 'key' && KEY_QUALIFIERS.has(w[i - 1]!)) return true;
  }
  // apikey, accesskey, secretkey written as one word with other words around it
  return w.some((x) => /^(api|access|private|secret|signing|encryption|master)key$/.test(x));
}

/**
 * Abbreviations that are words of prose or names as well (`Pat Connaughton`, a dataset's entity; `Pin the tab`): in a
 * name with spaces, a label or a phrase, they name a credential only in capitals (`GitHub PAT`, `SIM PIN`).
 */
const WORDS_IN_PROSE = new Set(['pat', 'pin']);

/**
 * `pass` before another word names something else (`pass_subj`, a parser's passive-subject label; `pass_rate`,
 * `pass_through`); it is a password at the end of a name (`db_pass`, `smtpPass`) or spelled out (`pass_word`, `pass_phrase`).
 */
function passBeforeNoun(w: readonly string[], i: number): boolean {
  return w[i] === 'pass' && i < w.length - 1 && !/^(?:word|wd|phrase|code)$/.test(w[i + 1]!);
}

/** Short words of letters joined by separators, no digits: an identifier, a dotted name, a key name. */
const IDENTIFIER_LIKE = /^_*[A-Za-z]{1,15}(?:[-_.:]+[A-Za-z]{1,15})*_*$/;

/** Letters and digits only, lower case: `FEEDBACK$PASSWORD`, `feedback.password` and `feedbackPassword` meet. */
function squash(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * The value spells the name it is bound to (or the name's last part), whatever the separators, or the name without a
 * trailing `key` or `token` (`composioOAuthStatusKey = 'ComposioOAuthStatus'`, a cache key's name).
 */
function namesItself(name: string, value: string): boolean {
  const v = squash(value);
  const n = squash(name);
  const last = squash(name.slice(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$')) + 1));
  return v !== '' && (v === n || v === last || n.endsWith(v) || v.endsWith(n) || n === `${v}key` || n === `${v}token`);
}

/**
 * `EXIT_FORFEIT_TOKEN = "###SWE-AGENT-EXIT-FORFEIT###"`: a marker of letters that spells every
 * word of its name but the secret one (a sentinel the program writes and looks for), or a label of
 * capitals spelling them before an id (`cwd_token = "QA-CWD-fd3443419b3f-1786046081"`): it labels
 * something, it is no credential. Not for passwords, which may be phrases of words.
 */
function markerOfItsName(name: string, value: string): boolean {
  const words = nameWords(name);
  if (words.some((w) => PASSWORD_WORDS.has(w))) return false;
  const own = words.filter((w) => !SECRET_WORDS.has(w) && w !== 'key' && w.length >= 3);
  if (!own.length) return false;
  // (`cwd_token = "QA-CWD-fd3443419b3f-1786046081"`: a label of capitals spelling the name, then an id: a marker a test
  // plants to find again)
  const label = /^(?:[A-Z]{2,}[-_])+/.exec(value)?.[0];
  if (label && /[0-9]/.test(value)) {
    const segments = new Set(label.toLowerCase().split(/[-_]/));
    return own.every((w) => segments.has(w));
  }
  if (/[0-9]/.test(value)) return false;
  const spelled = new Set(value.toLowerCase().split(/[^a-z]+/));
  return own.every((w) => spelled.has(w));
}

/**
 * Kinds that are a provider's own key format: a live credential wherever it is committed, tests
 * included. An AWS access key ID alone (`AKIA...`, `ASIA...`) is not one: it names a key, and
 * the credential is its 40-character secret (`aws-secret-key`, which is); a key ID in a test or
 * a script (a redaction check looking for a recorded ID, a fixture) is judged by its context.
 */
export function isProviderKeyFormat(kind: string): boolean {
  return kind !== 'generic-assignment' && kind !== 'url-credentials' && kind !== 'private-key' && kind !== 'aws-access-key';
}

/** The names the `aws-secret-key` format requires before its value. */
const AWS_SECRET_NAME = /(?:aws_?secret_?access_?key|aws_?secret_?key|secret_?access_?key)$/i;

/**
 * An AWS secret access key bound to its name (`aws_secret_access_key = "..."`, a keyword argument,
 * a dict entry): the `aws-secret-key` format, which finds the same in running text by the name
 * before the value, judged on the value alone.
 */
function namedAwsSecret(name: string, value: string): SecretMatch | undefined {
  if (!AWS_SECRET_NAME.test(name) || !/^[A-Za-z0-9/+]{40}$/.test(value)) return undefined;
  return awsSecretValid(value) && !isPlaceholder(value) ? { kind: 'aws-secret-key', start: 0, end: value.length } : undefined;
}

/** Client-side keys their vendors tell you to ship in web pages and apps. */
const PUBLISHABLE_KEY = /^(?:phc_[A-Za-z0-9]{30,60}|pk_(?:live|test)_[A-Za-z0-9]{20,120})$/;

/**
 * Analytics projects' client keys, which their vendors have you put in every web page and app:
 * Mixpanel's project token, Amplitude's API key, the write key of Segment, RudderStack or an
 * `analytics` client. The same vendors' secrets
 * are named so (`mixpanel_api_secret`, `AMPLITUDE_SECRET_KEY`) and stay credentials.
 */
function publishedAnalyticsKey(name: string): boolean {
  const w = nameWords(name);
  if (w.some((x) => PASSWORD_WORDS.has(x) || /secret/.test(x))) return false;
  return w.includes('mixpanel') || w.includes('amplitude') || (w.some((x) => WRITE_KEY_VENDORS.has(x)) && w.includes('write'));
}

/** Words of analytics SDKs whose write key is published by design. */
const WRITE_KEY_VENDORS = new Set(['segment', 'rudder', 'rudderstack', 'analytics']);

/**
 * The name of an analytics SDK's module or client object (`analytics`, `rudder_analytics`,
 * `mixpanel`): a setting made on it (`rudder_analytics.write_key = "..."`) is named with it, so
 * that the key is judged as that vendor's.
 */
export function isAnalyticsClient(name: string): boolean {
  const w = nameWords(name);
  return w.some((x) => x === 'mixpanel' || x === 'amplitude' || WRITE_KEY_VENDORS.has(x));
}

/**
 * The printable text a base64 value encodes (`ZG9ja2VyLWRldg==`), when it is one: at least 12 characters of
 * base64 with its padding, decoding to printable ASCII of at least 6 characters with a letter in it. A random
 * key's bytes are not printable, so a key written in base64 is judged as written.
 */
function decodedText(value: string): string | undefined {
  if (value.length < 12 || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const text = Buffer.from(value, 'base64').toString('latin1');
  return text.length >= 6 && /^[\x20-\x7e]+$/.test(text) && /[A-Za-z]/.test(text) ? text : undefined;
}

/** A media type, with parameters: `application/octet-stream`, `text/plain; charset=utf-8`. */
const MEDIA_TYPE = /^(?:application|text|image|audio|video|multipart|font|model|message)\/[\w.+-]+(?:\s*;\s*[\w-]+=[\w.-]+)*$/i;

/** A string constant bound to a secret-sounding name (password, api_key, token, secret) that looks like a real credential, not a placeholder. */
export function classifySecretAssignment(name: string, value: string): SecretMatch | undefined {
  if (typeof value !== 'string') return undefined;
  const known = findSecrets(value)[0] ?? namedAwsSecret(name, value);
  if (known) return known;
  // text kept base64-encoded (a Kubernetes Secret's `data:`) is judged by what it encodes: a key of a known format
  // or a URL's password in it is one, whatever the name; a placeholder (`docsgpt-dev-jwt-secret-change-me`) is none
  const decoded = decodedText(value.trim());
  if (decoded !== undefined) {
    const inner = findSecrets(decoded)[0] ?? classifySecretAssignment(name, decoded);
    const from = value.length - value.trimStart().length;
    return inner ? { kind: inner.kind, start: from, end: value.trimEnd().length } : undefined;
  }
  if (!isSecretName(name) || !looksLikeSecretValue(value)) return undefined;
  // a setting written as `name=value` (a shell assignment, a key=value option) is a credential only when its
  // value is one: `helper_status=0` bound to `tokenCleanup` is command text, `auth=<credential>` is still reported
  const setting = /^\s*[A-Za-z_][\w.-]{0,63}=(.+)$/.exec(value);
  if (setting && !looksLikeSecretValue(setting[1]!)) return undefined;
  // a key published by design: in the vendor's own format (PostHog project keys, Stripe publishable keys), or an analytics project's client key
  if (PUBLISHABLE_KEY.test(value.trim()) || publishedAnalyticsKey(name)) return undefined;
  // a media type (`{'Authorization': 'application/octet-stream'}`, a header value put under the wrong key)
  if (MEDIA_TYPE.test(value.trim())) return undefined;
  // a value that is its own key or name (`FEEDBACK$PASSWORD = "FEEDBACK$PASSWORD"`, i18n and enum tables)
  if (namesItself(name, value) || markerOfItsName(name, value)) return undefined;
  // a name or key made of words (`_auth_user_id`, `auth.User`, `_csrftoken`) names something; only a
  // password may be a passphrase of plain words
  // nor is a phrase of words (`ISSUE-17040-TEXT-FILE-ONLY-9f31c7`) unless it is a passphrase
  const phrase = IDENTIFIER_LIKE.test(value.trim()) || value.split(/[-_.]/).filter((x) => /^[A-Za-z]{3,}$/.test(x)).length >= 3;
  // (a name that is itself a sentence, `"Forgot password?": "__stack-auto-translation-53"`, is a label of a translation
  // table, not a password's field)
  if (phrase && (!nameWords(name).some((w) => PASSWORD_WORDS.has(w)) || /\s/.test(name.trim()))) return undefined;
  const start = value.length - value.trimStart().length;
  return { kind: 'generic-assignment', start, end: value.trimEnd().length };
}

// ---------------------------------------------------------------------------------------
// redaction

/**
 * `name=value`, `name: value`, `"name": "value"`, `['name'] => 'value'`, `--name=value`,
 * `Authorization: Bearer value`, and the same with JSON-escaped quotes. Bounded quantifiers
 * keep the scan linear.
 */
const PAIR =
  /(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_.-]{0,63})(?:\\?["'])?\]?[ \t]*(?:=>|:=|[:=])[ \t]*(?:\\?"([^"\\\r\n]{1,1024})\\?"|\\?'([^'\\\r\n]{1,1024})\\?'|((?:[Bb]earer|[Bb]asic|[Tt]oken)[ \t]+[^\s"'`,;&]{1,1024}|[^\s"'`,;&<>(){}[\]\\]{1,1024}))/g;

function pairs(text: string, out: SecretMatch[]): void {
  if (!text.includes('=') && !text.includes(':')) return;
  PAIR.lastIndex = 0;
  for (let m = PAIR.exec(text); m; m = PAIR.exec(text)) {
    const value = m[2] ?? m[3] ?? m[4]!;
    if (!isSecretName(m[1]!) || !looksLikeSecretValue(value)) continue;
    // the value is the last thing in the match but for a closing quote
    const start = m.index + m[0].lastIndexOf(value);
    out.push({ kind: 'generic-assignment', start, end: start + value.length });
  }
}

/** Every secret in a text, known formats and secret-named assignments, without overlaps, in order. */
export function secretSpans(text: string): SecretMatch[] {
  if (typeof text !== 'string' || text.length < 8) return [];
  const found = findSecrets(text);
  pairs(text, found);
  return dedupe(found);
}

/** Replace every secret in a text by `[REDACTED:<kind>]`. */
export function redactSecrets(text: string): string {
  if (typeof text !== 'string') return text;
  try {
    const matches = secretSpans(text);
    if (!matches.length) return text;
    let out = '';
    let at = 0;
    for (const m of matches) {
      out += text.slice(at, m.start) + `[REDACTED:${m.kind}]`;
      at = m.end;
    }
    return out + text.slice(at);
  } catch {
    // never return what could not be checked
    return '[REDACTED:unscannable]';
  }
}
