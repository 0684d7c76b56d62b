/** The cache of parsed rule YAML: same rules as the parser gives, new text parsed afresh, bad files ignored. */
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import { loadProgramModels } from '../../src/policy/programs.js';
import { defaultRulesDir, loadRules } from '../../src/policy/rules.js';
import { enableYamlCache, flushYamlCache, parseYaml, resetYamlCacheForTests } from '../../src/policy/yaml-cache.js';

function setup() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'agentos-yaml-cache-'));
  const rules = path.join(tmp, 'rules');
  cpSync(defaultRulesDir(), rules, { recursive: true });
  const cacheDir = path.join(tmp, 'cache');
  mkdirSync(cacheDir, { mode: 0o700 });
  return { rules, file: path.join(cacheDir, 'yaml.json') };
}

const hash = (text: string) => createHash('sha256').update(text).digest('base64url');

afterEach(() => resetYamlCacheForTests());

describe('parsed YAML cache', () => {
  it('gives the rules and program models the parser gives, and keeps them across runs', () => {
    const { rules, file } = setup();
    const plain = loadRules(rules, CHECK_NAMES);
    const plainModels = loadProgramModels(path.join(rules, 'programs'));
    enableYamlCache(file);
    expect(loadRules(rules, CHECK_NAMES)).toEqual(plain);
    expect(loadProgramModels(path.join(rules, 'programs'))).toEqual(plainModels);
    flushYamlCache();
    const entries = JSON.parse(readFileSync(file, 'utf8')).entries as Record<string, unknown>;
    const evalText = readFileSync(path.join(rules, 'code-eval.yaml'), 'utf8');
    expect((entries[hash(evalText)] as { id: string }).id).toBe('code-eval');
    // a second run answered from the file, twice in one process: the same rules, not shared objects
    resetYamlCacheForTests();
    enableYamlCache(file);
    const first = loadRules(rules, CHECK_NAMES);
    first[0]!.static.sinks.length = 0;
    expect(loadRules(rules, CHECK_NAMES)).toEqual(plain);
  });

  it('reads a changed rule afresh', () => {
    const { rules, file } = setup();
    enableYamlCache(file);
    loadRules(rules, CHECK_NAMES);
    flushYamlCache();
    const ruleFile = path.join(rules, 'code-eval.yaml');
    writeFileSync(ruleFile, readFileSync(ruleFile, 'utf8').replace(/^title: .*$/m, 'title: Changed title'));
    resetYamlCacheForTests();
    enableYamlCache(file);
    expect(loadRules(rules, CHECK_NAMES).find((r) => r.id === 'code-eval')!.title).toBe('Changed title');
  });

  it('uses an entry only from a file that is the user’s own and private; a damaged file is ignored', () => {
    const { rules, file } = setup();
    const plain = loadRules(rules, CHECK_NAMES);
    const evalText = readFileSync(path.join(rules, 'code-eval.yaml'), 'utf8');
    // an entry that differs from the text, to see whether the file is read at all
    const planted = { format: 1, entries: { [hash(evalText)]: { ...(parseYaml(evalText) as object), title: 'From the cache' } } };
    writeFileSync(file, JSON.stringify(planted), { mode: 0o600 });
    enableYamlCache(file);
    expect(loadRules(rules, CHECK_NAMES).find((r) => r.id === 'code-eval')!.title).toBe('From the cache');
    resetYamlCacheForTests();
    chmodSync(file, 0o666);
    enableYamlCache(file);
    expect(loadRules(rules, CHECK_NAMES)).toEqual(plain);
    resetYamlCacheForTests();
    writeFileSync(file, '{"format": 1, "entries": [');
    chmodSync(file, 0o600);
    enableYamlCache(file);
    expect(loadRules(rules, CHECK_NAMES)).toEqual(plain);
    flushYamlCache();
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).entries).length).toBeGreaterThan(10); // rewritten
  });

  it('still reports a rule that is not valid YAML, every time', () => {
    const { rules, file } = setup();
    writeFileSync(path.join(rules, 'code-eval.yaml'), 'id: code-eval\ntitle: [unclosed\n');
    enableYamlCache(file);
    expect(() => loadRules(rules, CHECK_NAMES)).toThrow(/code-eval\.yaml.*not valid YAML/);
    flushYamlCache();
    resetYamlCacheForTests();
    enableYamlCache(file);
    expect(() => loadRules(rules, CHECK_NAMES)).toThrow(/code-eval\.yaml.*not valid YAML/);
  });
});
