import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, loadConfigFile, loadConfigText, resolveConfigObject } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/types.js';

function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-config-'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'p', version: '1.0.0' }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('configuration', () => {
  it('applies documented defaults when no file exists', async () => {
    const dir = tempProject({});
    const c = await loadConfig({ cwd: dir });
    expect(c.file).toBeUndefined();
    expect(c.policy).toBe('standard');
    expect(c.sandbox.roots).toEqual([dir]);
    expect(c.commands.allow).toBeNull();
    expect(c.network.allow).toBeNull();
    expect(c.review.threshold).toBe(0.5);
  });

  it.each([
    ['agentos.config.yaml', 'policy: strict\nsandbox:\n  roots: [./ws]\n'],
    ['agentos.config.json', '{"policy":"strict","sandbox":{"roots":["./ws"]}}'],
    ['.agentosrc', 'policy: strict\nsandbox:\n  roots: [./ws]\n'],
    ['agentos.config.mjs', 'export default { policy: "strict", sandbox: { roots: ["./ws"] } };'],
    ['agentos.config.cjs', 'module.exports = { policy: "strict", sandbox: { roots: ["./ws"] } };'],
  ])('discovers %s and resolves paths relative to it', async (name, text) => {
    const dir = tempProject({ [name]: text, 'src/agent.py': '' });
    const c = await loadConfig({ cwd: path.join(dir, 'src') });
    expect(c.file).toBe(path.join(dir, name));
    expect(c.policy).toBe('strict');
    expect(c.sandbox.roots).toEqual([path.join(dir, 'ws')]);
  });

  it('reads package.json#agentos', async () => {
    const dir = tempProject({});
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'p', agentos: { network: { allow: ['api.github.com'] } } }));
    const c = await loadConfig({ cwd: dir });
    expect(c.network.allow).toEqual(['api.github.com']);
  });

  it('parses review models in both forms', () => {
    const c = resolveConfigObject(
      { review: { models: ['openai:gpt-4o', { provider: 'openai-compatible', model: 'qwen2.5-coder', baseURL: 'http://localhost:11434/v1' }], threshold: 0.6 } },
      '/p',
      '/p/agentos.config.yaml',
    );
    expect(c.review.models).toEqual([
      { provider: 'openai', model: 'gpt-4o' },
      { provider: 'openai-compatible', model: 'qwen2.5-coder', baseURL: 'http://localhost:11434/v1' },
    ]);
    expect(c.review.threshold).toBe(0.6);
  });

  const bad: [string, unknown, string][] = [
    ['unknown top-level key', { polcy: 'strict' }, '`polcy` is not a known key'],
    ['unknown nested key', { sandbox: { root: ['.'] } }, '`sandbox.root` is not a known key'],
    ['bad preset', { policy: 'paranoid' }, '`policy` must be one of strict, standard, permissive, audit'],
    ['wrong type', { commands: { allow: 'git' } }, '`commands.allow` must be a list of strings'],
    ['empty string in list', { network: { allow: [''] } }, '`network.allow[0]` must be a non-empty string'],
    ['bad severity', { rules: { 'sql-injection': 'urgent' } }, '`rules.sql-injection` must be one of'],
    ['unknown rule id', { rules: { 'no-such-rule': 'off' } }, '`rules.no-such-rule` is not a known rule id'],
    ['bad threshold', { review: { threshold: 2 } }, '`review.threshold` must be a number in (0, 1]'],
    ['bad model', { review: { models: ['gpt-4o'] } }, '`review.models[0]` must be "provider:model"'],
    ['bad baseURL', { review: { models: [{ provider: 'openai-compatible', model: 'm', baseURL: 'localhost' }] } }, '`review.models[0].baseURL` must be an absolute URL'],
  ];
  it.each(bad)('rejects %s with an error naming the file and key', (_name, raw, message) => {
    const known = (id: string) => id === 'sql-injection';
    let err: unknown;
    try {
      resolveConfigObject(raw, '/p', '/p/agentos.config.yaml', { knownRule: known });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('/p/agentos.config.yaml');
    expect((err as Error).message).toContain(message);
  });

  it('reports unparsable YAML with the file name', async () => {
    const dir = tempProject({ 'agentos.config.yaml': 'policy: [strict\n' });
    await expect(loadConfig({ cwd: dir })).rejects.toThrow(/agentos\.config\.yaml.*could not be parsed/);
  });

  it('reports a missing --config file', async () => {
    const dir = tempProject({});
    await expect(loadConfig({ cwd: dir, configPath: 'nope.yaml' })).rejects.toThrow(/nope\.yaml.*does not exist/);
    expect(() => loadConfigFile(path.join(dir, 'nope.yaml'))).toThrow(/does not exist/);
  });

  it('loads a file synchronously for the kernel', () => {
    const dir = tempProject({ 'agentos.config.yaml': 'policy: permissive\ncommands:\n  allow: [git]\n' });
    const c = loadConfigFile(path.join(dir, 'agentos.config.yaml'));
    expect(c.policy).toBe('permissive');
    expect(c.commands.allow).toEqual(['git']);
  });
});

describe('configuration: baseline', () => {
  it('resolves `baseline:` against the config file, rejects a non-string, and reads staged text the same way', async () => {
    const dir = tempProject({ 'conf/agentos.config.yaml': 'baseline: ../ci/known.json\n' });
    expect(loadConfigFile(path.join(dir, 'conf/agentos.config.yaml')).baseline).toBe(path.join(dir, 'ci/known.json'));
    expect((await loadConfig({ cwd: dir })).baseline).toBeUndefined();
    expect(() => resolveConfigObject({ baseline: 3 }, dir, 'x.yaml')).toThrow(ConfigError);
    expect(() => resolveConfigObject({ baseline: 3 }, dir, 'x.yaml')).toThrow('x.yaml: `baseline` must be the path of a baseline file, got number 3');
    const staged = loadConfigText('baseline: b.json\npolicy: strict\n', path.join(dir, 'agentos.config.yaml'));
    expect([staged.policy, staged.baseline, staged.file]).toEqual(['strict', path.join(dir, 'b.json'), path.join(dir, 'agentos.config.yaml')]);
    expect(() => loadConfigText('module.exports = {}', path.join(dir, 'agentos.config.js'))).toThrow(/only be loaded from the work tree/);
  });
});
