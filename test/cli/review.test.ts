/** `agentos review --cmvk` end to end: the compiled CLI against a loopback model server. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { git, repoRoot, tempProject } from '../helpers/cli.js';
import { startFakeLlm, type Behaviour, type FakeLlm, runCliAsync } from '../helpers/fake-llm.js';
import { AGENT_PY, answer, DB_SECRET, fakeEnv, fingerprints, OPENAI_SECRET } from '../review/fixtures.js';

let fake: FakeLlm | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const agrees: Behaviour = (req) => {
  const fp = fingerprints(req);
  return { answer: answer([{ line: 9, category: 'subprocess', severity: 'high', message: 'shell=True runs the tool parameter as a command line', confidence: 0.9 }], [{ finding: fp.get(5)!, verdict: 'dismiss', reason: 'test value' }]) };
};

describe('agentos review --cmvk (CLI)', () => {
  it('prints the JSON contract and exits 1 on a consensus finding', async () => {
    fake = await startFakeLlm({ 'gpt-x': agrees, 'claude-x': agrees });
    const dir = tempProject({ 'agent.py': AGENT_PY, 'agentos.config.yaml': 'review:\n  models: ["openai:gpt-x", "anthropic:claude-x"]\n  pricing: { "openai:gpt-x": { input: 0.15, output: 0.6 } }\n' });
    const r = await runCliAsync(['review', '--cmvk', '--format', 'json', '--no-cache'], { cwd: dir, env: fakeEnv(fake) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.version).toBe(1);
    expect(doc.models.map((m: { id: string; status: string }) => [m.id, m.status])).toEqual([
      ['openai:gpt-x', 'ok'],
      ['anthropic:claude-x', 'ok'],
    ]);
    expect(doc.models[0].cost).toBeGreaterThan(0);
    expect(doc.models[1].cost).toBeUndefined();
    expect(typeof doc.models[0].latencyMs).toBe('number');
    expect(doc.consensus).toEqual([
      { file: 'agent.py', line: 9, endLine: 9, category: 'subprocess', severity: 'high', message: 'shell=True runs the tool parameter as a command line', votes: 2, of: 2, models: ['anthropic:claude-x', 'openai:gpt-x'] },
    ]);
    expect(doc.dissent).toEqual([]);
    expect(doc.verdicts.filter((v: { dismiss: number }) => v.dismiss === 2)).toHaveLength(1);
    expect(doc.agreement).toBe(1);
    expect(doc.agreementPairs).toBe(1);
    expect(fake.requests).toHaveLength(2);
  });

  it('text report: models with tokens, consensus, disputed static findings, agreement', async () => {
    fake = await startFakeLlm({ a: agrees, b: agrees });
    const dir = tempProject({ 'agent.py': AGENT_PY });
    const r = await runCliAsync(['review', '--cmvk', '--models', 'openai:a,anthropic:b', '--fail-on', 'critical', '--no-cache'], { cwd: dir, env: fakeEnv(fake) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Review of 1 file \(1 request per model\) by 2 models; threshold 0\.5, quorum 2\./);
    expect(r.stdout).toMatch(/openai:a\s+ok\s+\d+\.\d s\s+\d[\d,]* in \/ 50 out/);
    expect(r.stdout).toContain('agent.py:9  high  subprocess  (2/2: anthropic:b, openai:a)');
    expect(r.stdout).toMatch(/agent\.py:5  high  hardcoded-secret  DISPUTED \(confirmed by 0, dismissed by 2 of 2\)/);
    expect(r.stdout).toContain('Agreement: 1.00');
  });

  it('SARIF output validates against the 2.1.0 schema and carries votes and models', async () => {
    fake = await startFakeLlm({ a: agrees, b: agrees });
    const dir = tempProject({ 'agent.py': AGENT_PY });
    const r = await runCliAsync(['review', '--cmvk', '--models', 'openai:a,anthropic:b', '--format', 'sarif', '--no-cache'], { cwd: dir, env: fakeEnv(fake) });
    expect(r.code).toBe(1);
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(path.resolve(repoRoot, 'test', 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8')));
    const doc = JSON.parse(r.stdout);
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(doc.runs).toHaveLength(1);
    const res = doc.runs[0].results[0];
    expect(res.ruleId).toBe('cmvk/subprocess');
    expect(res.properties).toMatchObject({ votes: 2, of: 2, models: ['anthropic:b', 'openai:a'] });
    expect(res.locations[0].physicalLocation.region.startLine).toBe(9);
  });

  it('fewer answering models than the quorum: exit 2 with the reason', async () => {
    fake = await startFakeLlm({ a: agrees, down: () => ({ status: 401, message: 'bad key' }) });
    const dir = tempProject({ 'agent.py': AGENT_PY });
    const r = await runCliAsync(['review', '--cmvk', '--models', 'openai:a,openai:down', '--format', 'json', '--no-cache'], { cwd: dir, env: fakeEnv(fake) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^agentos: quorum not reached: agent\.py: 1 of 2 models answered, fewer than the quorum of 2; openai:down: HTTP 401 authentication failed/);
    expect(JSON.parse(r.stdout).quorum.ok).toBe(false);
    // --min-models 1 accepts one answer
    const one = await runCliAsync(['review', '--cmvk', '--models', 'openai:a,openai:down', '--min-models', '1', '--format', 'json', '--no-cache'], { cwd: dir, env: fakeEnv(fake) });
    expect(one.code).toBe(1);
    // one answer: nothing to disagree about, and the JSON says how many pairs that rests on
    expect(JSON.parse(one.stdout)).toMatchObject({ agreement: 1, agreementPairs: 0 });
  });

  it('a missing API key is exit 2 naming the variable, before any connection', async () => {
    fake = await startFakeLlm({ a: agrees });
    const dir = tempProject({ 'agent.py': AGENT_PY });
    const r = await runCliAsync(['review', '--cmvk', '--models', 'anthropic:a,openai:gpt-4o-mini'], { cwd: dir, env: { ...fakeEnv(fake), OPENAI_API_KEY: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('agentos: OPENAI_API_KEY is not set (needed by openai:gpt-4o-mini)\n');
    expect(fake.connections).toBe(0);
  });

  it('--dry-run prints each request, redacted, with token estimates, and connects to nothing', async () => {
    fake = await startFakeLlm({ a: agrees });
    const dir = tempProject({ 'agent.py': AGENT_PY, '.env': `OPENAI_API_KEY=${OPENAI_SECRET}\n` });
    const r = await runCliAsync(['review', '--cmvk', '--models', 'openai:a,anthropic:b', '--dry-run'], { cwd: dir, env: fakeEnv(fake) });
    expect(r.code).toBe(0);
    expect(fake.connections).toBe(0);
    expect(r.stdout).toMatch(/^Dry run: 2 requests, about [\d,]+ input tokens in all; nothing was sent\./);
    expect(r.stdout).toContain(`=== openai:a: POST ${fake.openaiBase}/chat/completions (agent.py, about `);
    expect(r.stdout).toContain(`=== anthropic:b: POST ${fake.anthropicBase}/v1/messages (agent.py, about `);
    expect(r.stdout).toContain('4 | API_KEY = "[REDACTED:openai-api-key]"');
    expect(r.stdout).toContain('--- system ---');
    expect(r.stdout).not.toContain(OPENAI_SECRET);
    expect(r.stdout).not.toContain(DB_SECRET);
    const json = await runCliAsync(['review', '--cmvk', '--models', 'openai:a', '--dry-run', '--format', 'json'], { cwd: dir, env: fakeEnv(fake) });
    const doc = JSON.parse(json.stdout);
    expect(doc.requests).toHaveLength(1);
    expect(doc.requests[0].body.response_format.json_schema.strict).toBe(true);
    expect(doc.requests[0].estimatedInputTokens).toBeGreaterThan(100);
    expect(fake.connections).toBe(0);
  });

  it('configuration mistakes under review: are exit 2 naming the file and the key', async () => {
    const cases: [string, RegExp][] = [
      ['review:\n  modles: []\n', /agentos\.config\.yaml: `review\.modles` is not a known key/],
      ['review:\n  timeoutSeconds: "soon"\n', /`review\.timeoutSeconds` must be a positive number/],
      ['review:\n  endpoints: [{ name: local, baseURL: "not a url" }]\n', /`review\.endpoints\[0\]\.baseURL` must be an absolute URL/],
      ['review:\n  endpoints: [{ name: local, baseURL: "http://127.0.0.1:1/v1", jsonMode: yaml }]\n', /`review\.endpoints\[0\]\.jsonMode` must be one of json_schema, json_object, none/],
      ['review:\n  pricing: { "openai:a": { input: 1 , outptu: 2 } }\n', /`review\.pricing\.openai:a\.outptu` is not a known key/],
      ['review:\n  minModels: 1.5\n', /`review\.minModels` must be a positive whole number/],
    ];
    for (const [config, message] of cases) {
      const dir = tempProject({ 'agent.py': AGENT_PY, 'agentos.config.yaml': config });
      const r = await runCliAsync(['review', '--cmvk', '--models', 'openai:a', '--dry-run'], { cwd: dir });
      expect(r.code, config).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('usage errors: no --cmvk, no models, unknown provider, a quorum above the models asked', async () => {
    const dir = tempProject({ 'agent.py': AGENT_PY });
    const cases: [string[], RegExp][] = [
      [['review', '--models', 'openai:a'], /--cmvk is required/],
      [['review', '--cmvk'], /no models to ask/],
      [['review', '--cmvk', '--models', 'mistral:large'], /model mistral:large: unknown provider `mistral`/],
      [['review', '--cmvk', '--models', 'openai:a', '--min-models', '2'], /a quorum of 2 models cannot be reached with the 1 asked/],
      [['review', '--cmvk', '--models', 'openai:a', '--threshold', '1.5'], /--threshold: expected a share in \(0, 1\]/],
    ];
    for (const [args, message] of cases) {
      const r = await runCliAsync(args, { cwd: dir, env: { OPENAI_API_KEY: 'x' } });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('--staged and --diff-base send the changed functions with the imports, from a real repository', async () => {
    const base = 'import subprocess\n\ndef untouched(x):\n    return x + 1\n\ndef changed(cmd):\n    return cmd\n';
    const dir = tempProject({ 'tool.py': base }, { git: true });
    writeFileSync(path.join(dir, 'tool.py'), base.replace('    return cmd\n', '    return subprocess.run(cmd, shell=True)\n'));
    git(dir, 'add', 'tool.py');
    // untracked: not staged, but new since the merge base (as for check --diff-base)
    writeFileSync(path.join(dir, 'notes.py'), 'import os\nos.system("ls")\n');
    fake = await startFakeLlm({
      a: (req) => ({ answer: answer(req.user.includes('Review `tool.py`') ? [{ line: 7, category: 'subprocess', severity: 'high', message: 'shell', confidence: 0.9 }] : []) }),
    });
    for (const input of [['--staged'], ['--diff-base', 'HEAD']]) {
      fake.requests.length = 0;
      const r = await runCliAsync(['review', '--cmvk', '--models', 'openai:a', ...input, '--format', 'json', '--no-cache'], { cwd: dir, env: fakeEnv(fake) });
      expect(r.stderr, input.join(' ')).toBe('');
      expect(r.code).toBe(1);
      const sent = fake.requests.map((q) => (/Review `([^`]+)`/.exec(q.user) ?? [])[1]).sort();
      expect(sent).toEqual(input[0] === '--staged' ? ['tool.py'] : ['notes.py', 'tool.py']);
      const user = fake.requests.find((q) => q.user.includes('Review `tool.py`'))!.user;
      expect(user).toContain('Review `tool.py` (lines 1, 6-7 of 7).');
      expect(user).toContain('7 |     return subprocess.run(cmd, shell=True)');
      expect(user).not.toContain('untouched');
      expect(user).toContain('"ruleId":"subprocess-shell"');
      expect(JSON.parse(r.stdout).consensus.filter((f: { file: string }) => f.file === 'tool.py').map((f: { line: number }) => f.line)).toEqual([7]);
    }
    const bad = await runCliAsync(['review', '--cmvk', '--models', 'openai:a', '--diff-base', 'no-such-branch'], { cwd: dir, env: fakeEnv(fake) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('agentos: --diff-base: "no-such-branch" is not a commit in this repository\n');
  });

  it('--staged in a repository without commits sends every staged line; outside a repository is exit 2', async () => {
    const dir = tempProject({});
    git(dir, 'init', '-q');
    writeFileSync(path.join(dir, 'first.py'), 'import os\n\ndef run(cmd):\n    return os.system(cmd)\n');
    git(dir, 'add', 'first.py');
    fake = await startFakeLlm({ a: () => ({ answer: answer([]) }) });
    const r = await runCliAsync(['review', '--cmvk', '--models', 'openai:a', '--staged', '--format', 'json', '--no-cache'], { cwd: dir, env: fakeEnv(fake) });
    expect(r.stderr).toBe('');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.user).toContain('4 |     return os.system(cmd)');
    const outside = await runCliAsync(['review', '--cmvk', '--models', 'openai:a', '--staged'], { cwd: tempProject({ 'a.py': 'x = 1\n' }), env: fakeEnv(fake) });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toBe('agentos: not a git repository (--staged and --diff-base need one)\n');
  });
});
