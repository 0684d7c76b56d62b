import { describe, expect, it } from 'vitest';
import { classifySecretAssignment, findSecrets, isSecretName, looksLikeSecretValue, redactSecrets } from '../../src/policy/secrets.js';

// Fake credentials are generated (seeded), so that no token-shaped literal sits in the repository.
let seed = 0x5eed;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
function gen(n: number, alphabet = ALNUM): string {
  // every class of the alphabet appears, like a real random token
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}

const AWS_KEY = 'AKIA' + gen(16, UPPER + DIGITS);
const AWS_SECRET = gen(40, ALNUM + '/+');
const GITHUB = 'ghp_' + gen(36);
const GITHUB_PAT = 'github_pat_' + gen(22) + '_' + gen(59);
const GITLAB = 'glpat-' + gen(20);
const ANTHROPIC = 'sk-ant-api03-' + gen(93, ALNUM + '-_') + 'AA';
const ANTHROPIC_ADMIN = 'sk-ant-admin01-' + gen(93, ALNUM + '-_') + 'AA';
const OPENAI_PROJ = 'sk-proj-' + gen(74, ALNUM + '-_') + 'A';
const OPENAI_SVC = 'sk-svcacct-' + gen(60, ALNUM + '-_') + 'A';
const OPENAI_LEGACY = 'sk-' + gen(20) + 'T3BlbkFJ' + gen(20);
const OPENAI_48 = 'sk-' + gen(48);
const SLACK_BOT = 'xoxb-' + gen(11, DIGITS) + '-' + gen(13, DIGITS) + '-' + gen(24);
const SLACK_USER = 'xoxp-' + gen(11, DIGITS) + '-' + gen(11, DIGITS) + '-' + gen(13, DIGITS) + '-' + gen(32, DIGITS + 'abcdef');
const SLACK_HOOK = 'https://hooks.slack.com/services/T' + gen(8, UPPER + DIGITS) + '/B' + gen(8, UPPER + DIGITS) + '/' + gen(24);
const STRIPE = 'sk_live_' + gen(24);
const STRIPE_RK = 'rk_live_' + gen(24);
const GOOGLE = 'AIza' + gen(35, ALNUM + '-_');
const HF = 'hf_' + gen(34, UPPER + LOWER);
const NPM = 'npm_' + gen(36);
const SENDGRID = 'SG.' + gen(22, ALNUM + '-_') + '.' + gen(43, ALNUM + '-_');
const TELEGRAM = gen(9, DIGITS).replace(/^0/, '1') + ':AA' + gen(33, ALNUM + '-_');
const PEM_BODY = Array.from({ length: 6 }, () => gen(64, ALNUM + '+/')).join('\n');
const pem = (label: string, body = PEM_BODY, nl = '\n'): string => `-----BEGIN ${label}-----${nl}${body.replace(/\n/g, nl)}${nl}-----END ${label}-----`;
const PASSWORD = 'v9#Lq2!xR7zW@pK4';
const RANDOM = gen(24); // a random token with no known prefix

/** Known formats: text, kind, and the exact secret that must be found in it. */
const FOUND: [label: string, text: string, kind: string, secret: string][] = [
  ['aws key', AWS_KEY, 'aws-access-key', AWS_KEY],
  ['aws key ASIA', 'ASIA' + AWS_KEY.slice(4), 'aws-access-key', 'ASIA' + AWS_KEY.slice(4)],
  ['aws key ABIA', 'ABIA' + AWS_KEY.slice(4), 'aws-access-key', 'ABIA' + AWS_KEY.slice(4)],
  ['aws key ACCA', 'ACCA' + AWS_KEY.slice(4), 'aws-access-key', 'ACCA' + AWS_KEY.slice(4)],
  ['aws key in ini', `[default]\naws_access_key_id = ${AWS_KEY}\n`, 'aws-access-key', AWS_KEY],
  ['aws key in json', `{"AccessKeyId":"${AWS_KEY}"}`, 'aws-access-key', AWS_KEY],
  ['aws key rule example', 'AKIAZ7QW3ERT5YUI8OPL', 'aws-access-key', 'AKIAZ7QW3ERT5YUI8OPL'],
  ['aws secret', `aws_secret_access_key = ${AWS_SECRET}`, 'aws-secret-key', AWS_SECRET],
  ['aws secret env', `AWS_SECRET_ACCESS_KEY="${AWS_SECRET}"`, 'aws-secret-key', AWS_SECRET],
  ['github ghp', `token: ${GITHUB}`, 'github-token', GITHUB],
  ['github gho', 'gho_' + GITHUB.slice(4), 'github-token', 'gho_' + GITHUB.slice(4)],
  ['github ghu', 'ghu_' + GITHUB.slice(4), 'github-token', 'ghu_' + GITHUB.slice(4)],
  ['github ghs', 'ghs_' + GITHUB.slice(4), 'github-token', 'ghs_' + GITHUB.slice(4)],
  ['github ghr', 'ghr_' + GITHUB.slice(4), 'github-token', 'ghr_' + GITHUB.slice(4)],
  ['github fine-grained', `GITHUB_TOKEN=${GITHUB_PAT}`, 'github-token', GITHUB_PAT],
  ['github in url', `https://${GITHUB}@github.com/acme/app.git`, 'github-token', GITHUB],
  ['gitlab', GITLAB, 'gitlab-token', GITLAB],
  ['anthropic', `new Anthropic({ apiKey: '${ANTHROPIC}' })`, 'anthropic-api-key', ANTHROPIC],
  ['anthropic admin', ANTHROPIC_ADMIN, 'anthropic-api-key', ANTHROPIC_ADMIN],
  ['openai project', `OpenAI(api_key="${OPENAI_PROJ}")`, 'openai-api-key', OPENAI_PROJ],
  ['openai service account', OPENAI_SVC, 'openai-api-key', OPENAI_SVC],
  ['openai legacy', OPENAI_LEGACY, 'openai-api-key', OPENAI_LEGACY],
  ['openai 48', OPENAI_48, 'openai-api-key', OPENAI_48],
  ['openai in a sentence', `the key is ${OPENAI_48}.`, 'openai-api-key', OPENAI_48],
  ['slack bot', `SLACK_TOKEN="${SLACK_BOT}"`, 'slack-token', SLACK_BOT],
  ['slack user', SLACK_USER, 'slack-token', SLACK_USER],
  ['slack app', 'xoxa-2-' + SLACK_BOT.slice(5), 'slack-token', 'xoxa-2-' + SLACK_BOT.slice(5)],
  ['slack refresh', 'xoxr-' + SLACK_BOT.slice(5), 'slack-token', 'xoxr-' + SLACK_BOT.slice(5)],
  ['slack session', 'xoxs-' + SLACK_BOT.slice(5), 'slack-token', 'xoxs-' + SLACK_BOT.slice(5)],
  ['slack webhook', `curl -X POST ${SLACK_HOOK}`, 'slack-webhook', SLACK_HOOK],
  ['stripe', `stripe.api_key = "${STRIPE}"`, 'stripe-live-key', STRIPE],
  ['stripe restricted', STRIPE_RK, 'stripe-live-key', STRIPE_RK],
  ['google', `key=${GOOGLE}&q=x`, 'google-api-key', GOOGLE],
  ['hugging face', `HF_TOKEN=${HF}`, 'huggingface-token', HF],
  ['npm', `//registry.npmjs.org/:_authToken=${NPM}`, 'npm-token', NPM],
  ['sendgrid', SENDGRID, 'sendgrid-api-key', SENDGRID],
  ['telegram', `bot${''} ${TELEGRAM}`, 'telegram-bot-token', TELEGRAM],
  ['pem rsa', `key = """${pem('RSA PRIVATE KEY')}"""`, 'private-key', pem('RSA PRIVATE KEY')],
  ['pem pkcs8', pem('PRIVATE KEY'), 'private-key', pem('PRIVATE KEY')],
  ['pem ec', pem('EC PRIVATE KEY'), 'private-key', pem('EC PRIVATE KEY')],
  ['pem openssh', pem('OPENSSH PRIVATE KEY'), 'private-key', pem('OPENSSH PRIVATE KEY')],
  ['pem encrypted', pem('ENCRYPTED PRIVATE KEY'), 'private-key', pem('ENCRYPTED PRIVATE KEY')],
  ['pgp', pem('PGP PRIVATE KEY BLOCK'), 'private-key', pem('PGP PRIVATE KEY BLOCK')],
  ['pem json-escaped', JSON.stringify({ key: pem('PRIVATE KEY') }), 'private-key', pem('PRIVATE KEY', PEM_BODY, '\\n')],
  ['pem truncated', `${pem('RSA PRIVATE KEY').split('-----END')[0]}`, 'private-key', pem('RSA PRIVATE KEY').split('\n-----END')[0]!],
  ['pem truncated, text after', `${pem('RSA PRIVATE KEY').split('\n-----END')[0]} and then: more text`, 'private-key', pem('RSA PRIVATE KEY').split('\n-----END')[0]!],
  // keys written as concatenated line literals: the header line alone is one string
  ['pem header alone', "'-----BEGIN OPENSSH PRIVATE KEY-----\\n' +", 'private-key', '-----BEGIN OPENSSH PRIVATE KEY-----'],
  ['url postgres', 'postgres://user:realpassword@db.prod.acme.io:5432/app', 'url-credentials', 'realpassword'],
  ['url rule example', 'postgres://app:Zx8vQ2mL9pR4@db.internal:5432/app', 'url-credentials', 'Zx8vQ2mL9pR4'],
  ['url mysql', 'mysql://root:S3cr3t!x9@10.0.0.5:3306/db', 'url-credentials', 'S3cr3t!x9'],
  ['url redis empty user', 'redis://:Qm7vX2pL9sK4@cache:6379/0', 'url-credentials', 'Qm7vX2pL9sK4'],
  ['url amqp', 'amqp://worker:Hk3nB8vT1qZ6@mq.acme.io/', 'url-credentials', 'Hk3nB8vT1qZ6'],
  ['url with @ in password', 'mongodb+srv://app:p@ss-W0rd-9x@cluster0.acme.net/db', 'url-credentials', 'p@ss-W0rd-9x'],
  ['url https', 'https://deploy:Tq9wE2rY7uI4@git.acme.io/x.git', 'url-credentials', 'Tq9wE2rY7uI4'],
];

/** Must not be reported: documentation values, placeholders, substrings of longer identifiers, lookalikes. */
const NOT_FOUND: [label: string, text: string][] = [
  ['aws documentation key', 'AKIAIOSFODNN7EXAMPLE'],
  ['aws documentation secret', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  ['aws key inside an identifier', 'X' + AWS_KEY],
  ['aws key followed by more', AWS_KEY + 'Q'],
  ['aws key too short', AWS_KEY.slice(0, 19)],
  ['aws placeholder', 'AKIAXXXXXXXXXXXXXXXX'],
  ['aws lower case', AWS_KEY.toLowerCase()],
  ['github inside an identifier', 'my' + GITHUB],
  ['github too short', GITHUB.slice(0, 39)],
  ['github placeholder', 'ghp_' + 'x'.repeat(36)],
  ['github placeholder text', 'ghp_yourPersonalAccessTokenGoesHere12345'],
  ['openai placeholder', 'sk-proj-' + 'X'.repeat(48)],
  ['openai placeholder words', 'sk-your-api-key-here'],
  ['openai short', 'sk-' + gen(20)],
  ['sk inside a word', 'task-' + gen(40)],
  ['sk after a dash word', 'disk-' + gen(40)],
  ['openai no digits (a word chain)', 'sk-' + 'abcdefghij'.repeat(4)],
  ['slack placeholder', 'xoxb-your-bot-token-here'],
  ['slack doc webhook', 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
  ['stripe test key', 'sk_test_' + gen(24)],
  ['stripe publishable', 'pk_live_' + gen(24)],
  ['google short', 'AIza' + gen(30)],
  ['hugging face identifier', 'hf_loadpretrainedmodelfromhubwithauthx'],
  ['hugging face camel identifier', 'hf_loadPretrainedModelFromHubWithAuthX'],
  ['npm short', 'npm_' + gen(30)],
  ['pem placeholder body', '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----'],
  ['pem public key', pem('PUBLIC KEY')],
  ['pem certificate', pem('CERTIFICATE')],
  ['pem empty template', '-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----'],
  ['pem angle placeholder', '-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----'],
  ['url env var', 'postgres://app:${DB_PASSWORD}@db.internal:5432/app'],
  ['url shell var', 'postgres://app:$DB_PASSWORD@db/app'],
  ['url percent template', 'postgres://app:%(password)s@db/app'],
  ['url format template', 'postgres://app:{password}@db/app'],
  ['url placeholder password', 'postgres://user:password@db.acme.io/app'],
  ['url changeme', 'postgres://user:changeme@db.acme.io/app'],
  ['url angle placeholder', 'postgres://user:<password>@db.acme.io/app'],
  ['url stars', 'postgres://user:********@db.acme.io/app'],
  ['url same as user', 'postgres://postgres:postgres@localhost/app'],
  ['url example host', 'https://user:Zx8vQ2mL9pR4@example.com/'],
  ['url short password', 'redis://:abc@cache'],
  ['url without credentials', 'https://api.github.com/repos/acme/app'],
  ['url with port only', 'http://localhost:8080/x'],
  ['colon-at in a path', 'https://x.com/a:Zx8vQ2mL9pR4@b'],
  ['git sha', 'commit 3f9a1c2b7d8e4f6a9b0c1d2e3f4a5b6c7d8e9f0a'],
  ['sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['uuid', '123e4567-e89b-12d3-a456-426614174000'],
  ['prose', 'Set OPENAI_API_KEY and GITHUB_TOKEN in the environment; never commit them.'],
  ['random token without a known prefix', RANDOM],
  ['sql', "SELECT * FROM tokens WHERE value = 'x'"],
  ['PEM headers named in an error message', "private_key must be PEM (starting with '-----BEGIN RSA PRIVATE KEY-----' or '-----BEGIN PRIVATE KEY-----')"],
  ['a PEM header named in backquotes', 'expected `-----BEGIN OPENSSH PRIVATE KEY-----` at the top of the file'],
];

describe('findSecrets', () => {
  it.each(FOUND)('finds %s', (_label, text, kind, secret) => {
    const found = findSecrets(text);
    expect(found).toHaveLength(1);
    expect(found[0]!.kind).toBe(kind);
    expect(text.slice(found[0]!.start, found[0]!.end)).toBe(secret);
  });

  it.each(NOT_FOUND)('does not report %s', (_label, text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  it('finds every secret in a longer text, in order, without overlaps', () => {
    const text = `a=${AWS_KEY} b=${GITHUB}\nc=${OPENAI_PROJ} d=postgres://u:realpassword@db.acme.io\n${pem('PRIVATE KEY')}\ne=${STRIPE}\n-----BEGIN RSA PRIVATE KEY----- f=${GOOGLE}`;
    const found = findSecrets(text);
    expect(found.map((m) => m.kind)).toEqual(['aws-access-key', 'github-token', 'openai-api-key', 'url-credentials', 'private-key', 'stripe-live-key', 'private-key', 'google-api-key']);
    for (let i = 1; i < found.length; i++) expect(found[i]!.start).toBeGreaterThanOrEqual(found[i - 1]!.end);
  });

  it('an Anthropic key is not also reported as an OpenAI key', () => {
    expect(findSecrets(ANTHROPIC).map((m) => m.kind)).toEqual(['anthropic-api-key']);
  });

  it('never throws and stays linear on hostile input', () => {
    const inputs = [null, undefined, 42, '', 'sk-'.repeat(50_000), 'AKIA'.repeat(50_000), '-----BEGIN PRIVATE KEY-----'.repeat(5_000), 'a://b:c@'.repeat(20_000), '\ud800'.repeat(1000)];
    const t = performance.now();
    for (const s of inputs) expect(() => findSecrets(s as string)).not.toThrow();
    expect(performance.now() - t).toBeLessThan(2_000);
  });
});

describe('classifySecretAssignment', () => {
  /** Secret names with realistic values: reported, with the kind. */
  const REPORTED: [name: string, value: string, kind: string][] = [
    ['DB_PASSWORD', PASSWORD, 'generic-assignment'],
    ['password', 'Zx8vQ2mL9pR4', 'generic-assignment'],
    ['dbPassword', 'Tr0ub4dor&3x', 'generic-assignment'],
    ['db-pass', 'kq8zm2xwT4', 'generic-assignment'],
    ['PASSWD', 'n7#Vq2pLx9', 'generic-assignment'],
    ['user_pwd', 'n7#Vq2pLx9', 'generic-assignment'],
    ['passphrase', 'correct-Horse-7-battery', 'generic-assignment'],
    ['api_key', RANDOM, 'generic-assignment'],
    ['apiKey', RANDOM, 'generic-assignment'],
    ['api-key', RANDOM, 'generic-assignment'],
    ['APIKey', RANDOM, 'generic-assignment'],
    ['x-api-key', RANDOM, 'generic-assignment'],
    ['apikey', RANDOM, 'generic-assignment'],
    ['self.api_key', RANDOM, 'generic-assignment'],
    ['ACCESS_KEY', RANDOM, 'generic-assignment'],
    // bound to its own name, an AWS secret is the format, as in running text
    ['AWS_SECRET_ACCESS_KEY', AWS_SECRET, 'aws-secret-key'],
    ['aws_secret_key', AWS_SECRET, 'aws-secret-key'],
    ['private_key', RANDOM, 'generic-assignment'],
    ['client_secret', RANDOM, 'generic-assignment'],
    ['clientSecret', RANDOM, 'generic-assignment'],
    ['SECRET_KEY', 'k#9x!Qv2@Lm7$Zp4^Wn8', 'generic-assignment'],
    ['jwtSecret', RANDOM, 'generic-assignment'],
    ['auth_token', RANDOM, 'generic-assignment'],
    ['authToken', RANDOM, 'generic-assignment'],
    ['Authorization', `Bearer ${RANDOM}`, 'generic-assignment'],
    ['GITHUB_TOKEN', gen(40), 'generic-assignment'],
    ['githubToken', 'ghp_R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s9', 'generic-assignment'],
    ['credentials', RANDOM, 'generic-assignment'],
    ['signingKey', RANDOM, 'generic-assignment'],
    ['secret', gen(32, DIGITS + 'abcdef'), 'generic-assignment'],
    ['token', gen(30, LOWER), 'generic-assignment'],
    ['token', 'kq8zm2xw', 'generic-assignment'],
    // a known format is reported whatever the name
    ['description', AWS_KEY, 'aws-access-key'],
    ['x', GITHUB, 'github-token'],
    ['DATABASE_URL', 'postgres://app:Zx8vQ2mL9pR4@db.internal:5432/app', 'url-credentials'],
  ];
  it.each(REPORTED)('%s = %j is a credential', (name, value, kind) => {
    const m = classifySecretAssignment(name, value);
    expect(m?.kind).toBe(kind);
  });

  it('offsets cover the value without surrounding whitespace', () => {
    expect(classifySecretAssignment('password', `  ${PASSWORD} `)).toEqual({ kind: 'generic-assignment', start: 2, end: 2 + PASSWORD.length });
  });

  /** Secret names, values that are not credentials. */
  const PLACEHOLDERS = [
    'changeme', 'change_me', 'your-api-key', 'your_api_key_here', 'YOUR_API_KEY', 'your-token-here', 'xxxxxxxxxxxx', 'XXXX-XXXX-XXXX',
    '<your-token>', '<password>', '${API_KEY}', '${{ secrets.TOKEN }}', '{{ api_key }}', '%(password)s', '{password}', '********',
    '••••••••', '...', 'example-password', 'exampleKey123', 'dummy-token-123', 'test1234test', 'myTestToken42', 'fake_secret_value',
    'sample-key-0001', 'REDACTED', '[REDACTED:generic-assignment]', '[REDACTED:password]', 'placeholder', 'none', 'null', 'undefined', 'password', 'Password1',
    'password123', 'P@ssw0rd', 'pa55w0rd!', 'secret', 'secret123', 'admin123', 'root1234', 'abcd1234', '12345678', '1234567890',
    'aaaaaaaa', 'abcdefgh', 'abcdefghijklmnop', 'qwertyuiop', 'letmein!', 'TODO: fill in', 'replace-me-please', 'insert_key_here',
    // environment variable names and references
    'OPENAI_API_KEY', 'GITHUB_TOKEN', 'DB_PASSWORD', '$SLACK_TOKEN_FROM_VAULT', '$API_KEY', '$system.default', '%API_KEY%', 'env:API_KEY',
    '$(System.AccessToken)', '$(AZURE_DEVOPS_PAT)', '$[ variables.npmToken ]',
    'process.env.API_KEY', 'os.environ["API_KEY"]',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf', 'vault:secret/data/app#password', 'op://vault/item/password',
    // URLs and paths without credentials
    'https://auth.acme.io/oauth/token', '/run/secrets/db_password', './secrets/api_key.txt', '../keys/id_ed25519', '~/.config/token',
    'C:\\secrets\\key.pem', 'id_rsa.pem', 'service-account.json', 'secrets/prod/api-key.json',
    // pages of documentation (a site's navigation: `Authorization: run/authorization.md`)
    'run/authorization.md', 'client/oauth-clients.md', 'docs/token.html', 'img/api-key.png',
    // short, prose, identifiers
    'abc123', 'Xy7!', 'Enter your password', 'The API key is missing', 'client_secret_post', 'oauth-client-credentials',
    'getAuthToken', 'AuthorizationHeader', 'Bearer', 'refresh.token.value',
    // media types (a header value under the wrong key)
    'application/octet-stream', 'application/x-www-form-urlencoded', 'text/plain; charset=utf-8', 'application/vnd.github.v3+json',
    // low variety or entropy
    'abababab12', 'aabbccdd1', 'zzzzzzzzzzzzzzzzzzzq', 'mississippimississippi', 'Aa1Aa1Aa1Aa1',
  ];
  it.each(PLACEHOLDERS)('password/api_key/token = %j is not a credential', (value) => {
    for (const name of ['password', 'api_key', 'token', 'clientSecret']) expect(classifySecretAssignment(name, value), name).toBeUndefined();
  });

  /** Names that do not sound like a secret, or describe one without holding it. */
  const NOT_SECRET_NAMES = [
    'username', 'user', 'email', 'description', 'name', 'cache_key', 'primaryKey', 'sort_key', 'keyName', 'key', 'author', 'max_tokens',
    'tokenizer', 'num_tokens', 'token_url', 'tokenEndpoint', 'token_type', 'auth_url', 'authMethod', 'password_hint', 'passwordField',
    'api_key_env', 'API_KEY_ENV', 'secret_name', 'secretArn', 'PASSWORD_PLACEHOLDER', 'password_length', 'passwordPolicy', 'token_count',
    'private_key_path', 'privateKeyFile', 'bypass', 'compass', 'passenger', 'spinner', 'oauthProvider', 'authorUrl', 'secretsDir',
  ];
  it.each(NOT_SECRET_NAMES)('%s = <random> is not reported', (name) => {
    expect(classifySecretAssignment(name, RANDOM)).toBeUndefined();
    expect(classifySecretAssignment(name, PASSWORD)).toBeUndefined();
  });

  it('the entropy threshold: 2 classes need 2.75 bits/char, 3+ classes 2.5, one class 20 chars and 3.0', () => {
    expect(looksLikeSecretValue('kq8zm2xw')).toBe(true); // 8 distinct, lower+digit: 3.0 bits
    expect(looksLikeSecretValue('kq8zkq8zm2')).toBe(false); // lower+digit, 2.72 bits
    expect(looksLikeSecretValue('kqkq8z8zm2xw')).toBe(true); // lower+digit, 2.92 bits
    expect(looksLikeSecretValue('Kq8!Kq8!xy')).toBe(true); // 4 classes, 2.52 bits
    expect(looksLikeSecretValue('Kq8!Kq8!Kq8!')).toBe(false); // 4 distinct: too little variety
    expect(looksLikeSecretValue('qwhdkeicnsmzpalqowie')).toBe(true); // one class, 20 chars, 3.6 bits
    expect(looksLikeSecretValue('qwhdkeicnsmzpalqowi')).toBe(false); // one class, 19 chars
    expect(looksLikeSecretValue('aabbccddeeffgghhiijj')).toBe(true); // one class, 20 chars, 3.32 bits
    expect(looksLikeSecretValue('aaaabbbbccccddddeeee')).toBe(false); // 5 distinct, 2.32 bits
  });

  it('never throws', () => {
    for (const [n, v] of [[null, 'x'], ['password', null], [42, 42], ['password', 'a'.repeat(100_000)], ['a'.repeat(100_000), PASSWORD]]) {
      expect(() => classifySecretAssignment(n as string, v as string)).not.toThrow();
    }
  });
});

describe('redactSecrets', () => {
  const CASES: [text: string, expected: string][] = [
    [`token ${GITHUB}`, 'token [REDACTED:github-token]'],
    [`{"password": "${PASSWORD}", "user": "bob"}`, '{"password": "[REDACTED:generic-assignment]", "user": "bob"}'],
    [`{"password":"${PASSWORD}"}`, '{"password":"[REDACTED:generic-assignment]"}'],
    [`{\\"api_key\\": \\"${RANDOM}\\"}`, '{\\"api_key\\": \\"[REDACTED:generic-assignment]\\"}'],
    [`password=Zx8vQ2mL9pR4&user=bob`, 'password=[REDACTED:generic-assignment]&user=bob'],
    [`export API_KEY=${RANDOM}`, 'export API_KEY=[REDACTED:generic-assignment]'],
    [`API_KEY='${RANDOM}' make deploy`, "API_KEY='[REDACTED:generic-assignment]' make deploy"],
    [`Authorization: Bearer ${RANDOM}`, 'Authorization: [REDACTED:generic-assignment]'],
    [`mycli --password=Zx8vQ2mL9pR4 --verbose`, 'mycli --password=[REDACTED:generic-assignment] --verbose'],
    [`password: Zx8vQ2mL9pR4\nuser: bob`, 'password: [REDACTED:generic-assignment]\nuser: bob'],
    [`client = OpenAI(api_key="${OPENAI_PROJ}")`, 'client = OpenAI(api_key="[REDACTED:openai-api-key]")'],
    [`$config['db_password'] => '${PASSWORD}';`, "$config['db_password'] => '[REDACTED:generic-assignment]';"],
    [`GET /cb?code=1&access_token=${RANDOM}&state=x`, 'GET /cb?code=1&access_token=[REDACTED:generic-assignment]&state=x'],
    ['DATABASE_URL=postgres://app:Zx8vQ2mL9pR4@db.internal:5432/app', 'DATABASE_URL=postgres://app:[REDACTED:url-credentials]@db.internal:5432/app'],
    [`key:\n${pem('OPENSSH PRIVATE KEY')}\nend`, 'key:\n[REDACTED:private-key]\nend'],
    [`${AWS_KEY}${' '}${STRIPE}`, '[REDACTED:aws-access-key] [REDACTED:stripe-live-key]'],
    [`SELECT * FROM tokens WHERE value = '${GITHUB}'`, "SELECT * FROM tokens WHERE value = '[REDACTED:github-token]'"],
  ];
  it.each(CASES)('redacts %j', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
    // idempotent
    expect(redactSecrets(expected)).toBe(expected);
  });

  const UNCHANGED = [
    'SELECT * FROM users WHERE id = 1',
    'password: changeme',
    'token=${TOKEN}',
    'OPENAI_API_KEY=$OPENAI_API_KEY',
    'the password is required',
    'max_tokens=4096 temperature=0.2',
    'api_key: OPENAI_API_KEY',
    'AKIAIOSFODNN7EXAMPLE',
    'https://api.github.com/repos/acme/app',
    'commit 3f9a1c2b7d8e4f6a9b0c1d2e3f4a5b6c7d8e9f0a',
    'id=123e4567-e89b-12d3-a456-426614174000',
    `data:image/png;base64,${gen(200, ALNUM + '+/')}`,
    'key=sort_order cache_key=users:42',
    'secret_file=/run/secrets/db',
    'short',
    '',
  ];
  it.each(UNCHANGED)('leaves %j alone', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });

  it('redacts the values the kernel records (recorder test values)', () => {
    const token = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
    const key = 'sk-proj-' + 'Abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH';
    expect(redactSecrets(`SELECT * FROM tokens WHERE value = '${token}'`)).not.toContain(token);
    expect(redactSecrets(`DELETE FROM keys -- ${key}`)).toBe('DELETE FROM keys -- [REDACTED:openai-api-key]');
  });

  it('never throws, and returns non-strings unchanged', () => {
    for (const x of [null, undefined, 42, {}]) expect(redactSecrets(x as string)).toBe(x);
    for (const s of ['\ud800'.repeat(100), 'password='.repeat(20_000), '"password": "'.repeat(10_000), 'a:'.repeat(100_000), `x=${'y'.repeat(1_000_000)}`]) {
      expect(() => redactSecrets(s)).not.toThrow();
    }
  });
});

describe('classifySecretAssignment: names of things are not credentials', () => {
  // constants of this shape are everywhere in web frameworks (Django's auth and CSRF modules)
  it.each([
    ['SESSION_KEY', '_auth_user_id'],
    ['HASH_SESSION_KEY', '_auth_user_hash'],
    ['CSRF_SESSION_KEY', '_csrftoken'],
    ['INTERNAL_RESET_SESSION_TOKEN', '_password_reset_token'],
    ['AUTH_USER_MODEL', 'auth.User'],
    ['token_header', 'X-Auth-Token'],
    // a query cache's key named for what it caches (Refly's `composioOAuthStatusKey`)
    ['composioOAuthStatusKey', 'ComposioOAuthStatus'],
    ['USER_PROFILE_TOKEN', 'user-profile'],
  ])('%s = %j', (name, value) => {
    expect(classifySecretAssignment(name, value)).toBeUndefined();
  });

  it('a random value under the same names is still reported', () => {
    expect(classifySecretAssignment('SESSION_KEY', 'q7Vd9xLp2RkT4mZa')?.kind).toBe('generic-assignment');
    // a word and a number that is not a short name with a count, a marker's letters before a random value
    expect(classifySecretAssignment('password', 'Grey.5007!')?.kind).toBe('generic-assignment');
    expect(classifySecretAssignment('password', 'mypQ7vD9xLp2')?.kind).toBe('generic-assignment');
    // Basic credentials with a password of more than letters
    expect(classifySecretAssignment('secret', 'Basic YWRtaW46U3VwM3JTM2NyM3Qh')?.kind).toBe('generic-assignment');
    // brackets around a random value are no label
    expect(classifySecretAssignment('password', '(q7Vd9xLp2RkT)')?.kind).toBe('generic-assignment');
    expect(classifySecretAssignment('CSRF_TOKEN', 'pzloseuaalxqpmjwmhhndqqtqjaiox')?.kind).toBe('generic-assignment');
    // the name without its `key` is not the value's only spelling: a password that starts the name is still one
    expect(classifySecretAssignment('adminPasswordKey', 'Tr0ub4dor&3x')?.kind).toBe('generic-assignment');
    // a label of capitals that does not spell the name, or a password's, is no marker of it
    expect(classifySecretAssignment('session_token', 'QA-CWD-fd3443419b3f-1786046081')?.kind).toBe('generic-assignment');
    expect(classifySecretAssignment('admin_password', 'ADMIN-PASSWORD-fd3443419b3f')?.kind).toBe('generic-assignment');
  });
});

describe('classifySecretAssignment: test placeholders', () => {
  it.each([
    ['secret_access_key', 's3-cleanup-secret'],
    ['secret_access_key', 'r2-secret'],
    ['client_secret', 'client-secret'],
    ['service_account_key', '{"private_key":"SECRET"}'],
    ['service_account_credentials', '{"type":"service_account"}'],
    ['token', '{"access_token":"token"}'],
    ['signing_key', 'a-string-secret-at-least-256-bits-long'],
    ['progress_token', 'upload-1'],
    ['Authorization', 'Basic !!!invalid-base64!!!'],
    ['SUPABASE_PUBLIC_API_KEY', 'q7Vd9xLp2RkT4mZaW3'],
    ['secret', 'ISSUE-17040-TEXT-FILE-ONLY-9f31c7'],
    // a marker a QA run planted, a label spelling the name before an id (Agenta's release-gate results)
    ['cwd_token', 'QA-CWD-fd3443419b3f-1786046081'],
    // a name ending in what the value is: a context label for a MAC, a CSS filter (skyvern)
    ['AUTH_EXT_CONTEXT', 'skyvern-ext-v1|'],
    ['SECRET_VISUAL_MASK_BLUR_FILTER', 'blur(6px)'],
    // an OpenAPI discriminator's mapping: JSON references to schemas (skyvern's API description)
    ['aws_secret', '#/components/schemas/AWSSecretParameter'],
    ['bitwarden_login_credential', '#/components/schemas/BitwardenLoginCredentialParameter'],
    // a theme's colour token (Flowise's `const token = STATUS_COLOR[status] ?? 'grey.500'`)
    ['token', 'grey.500'],
    // a label shown beside an option (neon's `neonAuthRecommendation = enabled ? '(Recommended - already set up)' : '(Recommended)'`)
    ['neonAuthRecommendation', '(Recommended)'],
    ['apiKeyHint', '[Required]'],
    // an auth provider's name shown to a person (langfuse's `credentials: "Email/Password"`), a package's patch file (pnpm-workspace.yaml)
    ['credentials', 'Email/Password'],
    ['next-auth@4.24.15', 'patches/next-auth@4.24.15.patch'],
    // a key's prefix alone in a settings template (Langchain-Chatchat's `"api_key": "sk-proj-"`)
    ['api_key', 'sk-proj-'],
    ['GITHUB_TOKEN', 'github_pat_'],
    // a design token's CSS custom property (Archon's brand page: `{ name: "Magenta", token: "--brand-magenta" }`)
    ['token', '--brand-magenta'],
    ['token', '--text-quaternary'],
    // and a reference to one, with a fallback perhaps (nanobot's web UI: `INLINE_TOKEN_HIGHLIGHT_COLOR = "var(--inline-token-highlight)"`)
    ['INLINE_TOKEN_HIGHLIGHT_COLOR', 'var(--inline-token-highlight)'],
    ['tokenColor', 'var(--token-color, #8a2be2)'],
    // a marker logged in a credential's place (bolt.diy: `token: connection.token ? '[TOKEN_EXISTS]' : '[NO_TOKEN]'`)
    ['token', '[TOKEN_EXISTS]'],
    ['api_key', '<API_KEY_SET>'],
    // a flow's step named after a status, Tailwind classes with an opacity (mcpjam's inspector: `request_without_token:
    // "received_401_unauthorized"`, `{ pass: "bg-success/70", fail: "bg-destructive/70" }`)
    ['request_without_token', 'received_401_unauthorized'],
    ['pass', 'bg-success/70'],
    ['pass', 'dark:bg-amber-400/70'],
    // Basic credentials of a plain-word password (private-gpt's settings: `Basic ` + base64 of `secret:key`)
    ['secret', 'Basic c2VjcmV0OmtleQ=='],
    // a stand-in a program writes where a credential was (Flowise's REDACTED_CREDENTIAL_VALUE)
    ['REDACTED_CREDENTIAL_VALUE', '_FLOWISE_BLANK_07167752-1a71-43b1-bf8f-4f32252165db'],
    // a marker word and a default word run together
    ['password', 'testpwd'],
    ['DB_PASSWORD', 'dummypassword1'],
    ['secret', 'fakesecret'],
  ])('%s = %j', (name, value) => {
    expect(classifySecretAssignment(name, value)).toBeUndefined();
  });

  it('a test password in code that reads as a connection string is not reported; a real one is', () => {
    // Flowise's marketplace template: a custom function with its demo database's settings
    expect(findSecrets("const HOST = 'localhost';\nconst USER = 'testuser';\nconst PASSWORD = 'testpwd';\n")).toEqual([]);
    expect(findSecrets("const HOST = 'localhost';\nconst PASSWORD = 'Zx8vQ2mL9pR4';\n").map((m) => m.kind)).toEqual(['generic-assignment']);
  });

  it('a word passed as a keyword argument in quoted code is not a connection string\'s password; a real password there and a DSN are', () => {
    // auto-code-rover's run logs: a Django traceback quoted in the model's conversation (JSON-escaped line breaks)
    const traceback = 'File \\"tests.py\\", line 40, in setUpTestData\\nusername=\'admin\', password=\'something\', email=\'test@test.org\',\\n    )';
    expect(findSecrets(traceback)).toEqual([]);
    expect(findSecrets("User.objects.create_user(\n username='admin', password='something')")).toEqual([]);
    expect(findSecrets("User.objects.create_user(\n username='admin', password='Zx8vQ2mL9pR4')").map((m) => m.kind)).toEqual(['generic-assignment']);
    // a model's field and a settings reader in a patch the log quotes: code, not a connection string's values
    expect(findSecrets('class User(AbstractBaseUser):\n    username = models.CharField(max_length=255)\n    password = models.CharField(max_length=255)\n')).toEqual([]);
    expect(findSecrets('user = settings_dict["OPTIONS"].get("user", settings_dict["USER"])\npassword = settings_dict["OPTIONS"].get("password")\n')).toEqual([]);
    // libpq, ODBC: found
    expect(findSecrets("host=db.internal user=app password='Zx8vQ2mL9pR4' dbname=main").map((m) => m.kind)).toEqual(['generic-assignment']);
    expect(findSecrets('Server=db;Database=main;User Id=app;Password=Zx8vQ2mL9pR4;').map((m) => m.kind)).toEqual(['generic-assignment']);
  });

  it('credentials in a URL with a descriptive password are not reported; a real one is', () => {
    expect(findSecrets('https://user:malformed-secret@db.internal/x')).toEqual([]);
    expect(findSecrets('postgres://app:Zx8vQ2mL9pR4@db.internal:5432/app').map((m) => m.kind)).toEqual(['url-credentials']);
  });
});

describe('classifySecretAssignment: base64-encoded text (a Kubernetes Secret\'s data)', () => {
  const b64 = (t: string) => Buffer.from(t).toString('base64');
  it('is judged by what it encodes: a placeholder or a word is none, a password, a URL password or a known key is one', () => {
    // DocsGPT's example manifest: `JWT_SECRET_KEY: ZG9jc2dwdC1kZXYtand0LXNlY3JldC1jaGFuZ2UtbWU=`
    expect(classifySecretAssignment('JWT_SECRET_KEY', 'ZG9jc2dwdC1kZXYtand0LXNlY3JldC1jaGFuZ2UtbWU=')).toBeUndefined();
    expect(classifySecretAssignment('postgres-password', b64('password123'))).toBeUndefined();
    expect(classifySecretAssignment('DB_PASSWORD', b64('Xk29fLq7Zp!w'))).toEqual({ kind: 'generic-assignment', start: 0, end: 16 });
    expect(classifySecretAssignment('POSTGRES_URI', b64('postgresql://app:Xk29fLq7Zp@db:5432/main'))?.kind).toBe('url-credentials');
    expect(classifySecretAssignment('settings', b64('sk-proj-4fG7hJ2kL9mN3pQ5rS8tU1vW6xY0zA2bC4dE6fG8hJ0kL2mN'))?.kind).toBe('openai-api-key');
    expect(classifySecretAssignment('mode', b64('production-mode'))).toBeUndefined();
  });

  it('a random key written in base64 (bytes, not text) is judged as written', () => {
    const key = Buffer.from(Array.from({ length: 24 }, (_, i) => (i * 37 + 11) % 256)).toString('base64');
    expect(classifySecretAssignment('API_KEY', key)).toEqual({ kind: 'generic-assignment', start: 0, end: key.length });
  });
});

describe('abbreviations that are words of prose too', () => {
  it('a key with spaces names a credential with `pat` or `pin` only in capitals: a dataset\'s `"Pat Connaughton": "m.0j50kb6"` is a person', () => {
    expect(isSecretName('Pat Connaughton')).toBe(false);
    expect(isSecretName('pin the tab')).toBe(false);
    expect(isSecretName('GitHub PAT')).toBe(true);
    expect(isSecretName('github_pat')).toBe(true);
    expect(isSecretName('pat')).toBe(true);
    expect(isSecretName('Admin Password')).toBe(true);
    expect(classifySecretAssignment('Pat Connaughton', 'm.0j50kb6')).toBeUndefined();
    expect(classifySecretAssignment('GitHub PAT', 'm.0j50kb6x9')?.kind).toBe('generic-assignment');
  });
});

describe('template expressions of Azure Resource Manager', () => {
  it('`"administratorLoginPassword": "[parameters(\'databaseAdminPassword\')]"` is a reference the deployment fills in, not a credential; a literal password in the same template still is', () => {
    expect(classifySecretAssignment('administratorLoginPassword', "[parameters('databaseAdminPassword')]")).toBeUndefined();
    expect(classifySecretAssignment('storageKey', "[listKeys(resourceId('Microsoft.Storage/storageAccounts', variables('name')), '2019-06-01').keys[0].value]")).toBeUndefined();
    expect(classifySecretAssignment('administratorLoginPassword', 'Xq7!vR2#pL9mT4wz')?.kind).toBe('generic-assignment');
    expect(classifySecretAssignment('password', '[Xq7vR2pL9mT4wz]')?.kind).toBe('generic-assignment');
  });
});
