/** The rule loader: what a rule file may say, and the one-line errors for what it may not. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import { loadRules, parseRule, RuleError } from '../../src/policy/rules.js';

const BASE = `id: demo
title: Demo
category: subprocess
severity: high
languages: [python, javascript]
description: A demo rule.
remediation: Do not.
static:
  check: command-shell
  sinks:
`;

const parse = (sinks: string, extra = '') => parseRule(BASE + sinks + extra, '/rules/demo.yaml', CHECK_NAMES);

describe('parseRule', () => {
  it('reads sinks with indexes, keywords, properties, the receiver, imports, languages and hints', () => {
    const rule = parse(
      [
        '    - callee: [os.system]',
        '      arg: [0, command, { index: 0, property: cmd }, { receiver: true }]',
        '      requiresImport: [os]',
        '      languages: [python]',
        '      with: { shell: true }',
        '',
      ].join('\n'),
      'runtime:\n  action: exec\n',
    );
    expect(rule.static.sinks).toEqual([
      { callee: ['os.system'], args: [{ index: 0 }, { keyword: 'command' }, { index: 0, property: 'cmd' }, { receiver: true }], requiresImport: ['os'], languages: ['python'], with: { shell: true } },
    ]);
    expect(rule.runtime).toEqual({ action: 'exec' });
    expect(rule.presets).toEqual(['strict', 'standard', 'permissive', 'audit']);
  });

  it('reads message-role arguments and `every`', () => {
    const rule = parse(['    - callee: [chat]', '      arg: [{ keyword: messages, role: [system, developer] }, { index: 0, property: system }]', '      every: true', ''].join('\n'));
    expect(rule.static.sinks).toEqual([{ callee: ['chat'], args: [{ keyword: 'messages', role: ['system', 'developer'] }, { index: 0, property: 'system' }], every: true }]);
  });

  it.each([
    ['a role that is not a name', '    - callee: [x]\n      arg: [{ index: 0, role: [3] }]\n', /`role` must be a message role or a list of them/],
    ['an `every` that is not a boolean', '    - callee: [x]\n      every: yes please\n', /`every` must be true or false/],
    ['a sink without callee', '    - arg: [0]\n', /a sink needs `callee`/],
    ['a sink arg that says nothing', '    - callee: [x]\n      arg: [{ property: a }]\n', /needs an index, a keyword or `receiver: true`/],
    ['an unknown sink language', '    - callee: [x]\n      languages: [cobol]\n', /sink `languages`: unknown language `cobol`/],
    ['a `with` that is not a mapping', '    - callee: [x]\n      with: 3\n', /`with` must be a mapping/],
  ])('rejects %s, naming the file', (_, sinks, message) => {
    expect(() => parse(sinks)).toThrow(RuleError);
    expect(() => parse(sinks)).toThrow(message);
    expect(() => parse(sinks)).toThrow(/demo\.yaml/);
  });

  it('rejects an id that is not the file name, an unknown check, an unknown runtime action and bad YAML', () => {
    expect(() => parseRule(BASE.replace('id: demo', 'id: other') + '    - callee: [x]\n', '/rules/demo.yaml')).toThrow(/`id` must equal the file name \(demo\)/);
    expect(() => parseRule(BASE.replace('command-shell', 'nope') + '    - callee: [x]\n', '/rules/demo.yaml', CHECK_NAMES)).toThrow(/unknown check `nope`/);
    expect(() => parse('    - callee: [x]\n', 'runtime:\n  action: teleport\n')).toThrow(/`runtime.action` must be sql, file, exec or http/);
    expect(() => parseRule('id: [', '/rules/demo.yaml')).toThrow(/not valid YAML/);
  });
});

describe('loadRules', () => {
  it('loads a directory of rules with their examples, and resolves sinksFrom', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-rules-'));
    writeFileSync(path.join(dir, 'demo.yaml'), BASE + '    - callee: [os.system]\n      arg: [0]\n');
    writeFileSync(path.join(dir, 'demo.example.py'), 'import os\n');
    writeFileSync(path.join(dir, 'reuse.yaml'), BASE.replace('id: demo', 'id: reuse') + '    []\n  sinksFrom: demo\n');
    writeFileSync(path.join(dir, 'agentos.config.yaml'), 'policy: strict\n');
    const rules = loadRules(dir, CHECK_NAMES);
    expect(rules.map((r) => r.id)).toEqual(['demo', 'reuse']);
    expect(rules[0]!.examples.map((e) => e.language)).toEqual(['python']);
    expect(rules[1]!.static.sinks.map((s) => s.callee)).toEqual([['os.system']]);
  });

  it('says which rule names a sinksFrom that does not exist', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-rules-'));
    writeFileSync(path.join(dir, 'demo.yaml'), BASE + '    []\n  sinksFrom: missing\n');
    expect(() => loadRules(dir, CHECK_NAMES)).toThrow(/demo\.yaml.*`static.sinksFrom` names `missing`/);
  });
});
