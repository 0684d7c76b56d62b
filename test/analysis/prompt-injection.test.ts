/**
 * The pieces prompt-injection is built from: message-role arguments, sinks governing every
 * listed argument, and outside content (fetched pages) as a taint only the prompt check sees.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import { factsFor, runRules, type ActiveRule } from '../../src/analysis/engine.js';
import type { Language } from '../../src/analysis/facts.js';
import { contentsWithRole } from '../../src/analysis/messages.js';
import { loadConfigFile } from '../../src/config/load.js';
import { defaultRulesDir, loadRules, parseRule } from '../../src/policy/rules.js';
import type { RuleDefinition } from '../../src/policy/types.js';

const rulesDir = defaultRulesDir();
const rules = loadRules(rulesDir, CHECK_NAMES);
const config = loadConfigFile(path.join(rulesDir, 'agentos.config.yaml'));
const active = (rule: RuleDefinition): ActiveRule[] => [{ rule, severity: rule.severity, severityOverridden: false }];
const byId = (id: string) => rules.find((r) => r.id === id)!;

async function findings(rule: RuleDefinition, source: string, language: Language = 'python') {
  const file = language === 'python' ? 'agent.py' : 'agent.ts';
  return runRules(await factsFor(file, source, language), source, active(rule), config);
}

describe('message lists', () => {
  it('picks the content of the entries with the asked roles, from dicts and pairs', () => {
    const c = (v: string) => ({ kind: 'const' as const, value: v });
    const list = {
      kind: 'list' as const,
      items: [
        { kind: 'dict' as const, entries: { role: c('system'), content: c('rules') } },
        { kind: 'list' as const, items: [c('developer'), c('more rules')] },
        { kind: 'dict' as const, entries: { role: c('user'), content: c('question') } },
      ],
    };
    expect(contentsWithRole(list, ['user'])).toEqual(c('question'));
    expect(contentsWithRole(list, ['system', 'developer'])).toEqual({ kind: 'list', items: [c('rules'), c('more rules')] });
    expect(contentsWithRole(list, ['assistant'])).toBeUndefined();
    expect(contentsWithRole(c('not a list'), ['system'])).toBeUndefined();
  });
});

describe('prompt-injection', () => {
  const rule = byId('prompt-injection');
  const head = 'from flask import request\nfrom openai import OpenAI\nclient = OpenAI()\ndef view():\n    q = request.args["q"]\n';

  it('reports request input in a system message and not in a user message', async () => {
    const system = await findings(rule, head + '    client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}, ("system", q)])\n');
    expect(system.map((f) => [f.line, f.severity])).toEqual([[6, 'high']]);
    expect(system[0]!.message).toMatch(/request input `flask.request.args` is placed in the system prompt/);
    expect(system[0]!.trace?.[0]?.message).toBe('source: request input `flask.request.args`');
    expect(await findings(rule, head + '    client.chat.completions.create(model="m", messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": q}])\n')).toEqual([]);
  });

  it('grades model output and tool parameters below outside text', async () => {
    const src = [
      'from openai import OpenAI',
      'client = OpenAI()',
      'def chain(topic):',
      '    plan = client.chat.completions.create(model="m", messages=[{"role": "user", "content": topic}]).choices[0].message.content',
      '    return client.chat.completions.create(model="m", messages=[{"role": "system", "content": plan}])',
      '',
    ].join('\n');
    expect((await findings(rule, src)).map((f) => [f.line, f.severity])).toEqual([[5, 'medium']]);
  });

  it('governs every argument of an `every` sink, not only the first one the call passes', async () => {
    const src = ['from crewai import Agent', 'from flask import request', 'def view():', '    Agent(role="Analyst", goal="Find facts", backstory=request.form["story"])', ''].join('\n');
    expect((await findings(rule, src)).map((f) => f.line)).toEqual([4]);
    const firstOnly = parseRule(
      ['id: demo', 'title: Demo', 'category: prompt-injection', 'severity: high', 'languages: [python]', 'description: d', 'remediation: r', 'static:', '  check: prompt-instructions', '  sinks:', '    - callee: [crewai.Agent]', '      arg: [role, goal, backstory]', ''].join('\n'),
      '/rules/demo.yaml',
      CHECK_NAMES,
    );
    expect(await findings({ ...firstOnly, examples: [] }, src)).toEqual([]);
  });

  it('does not read a system prompt into an options object it cannot see', async () => {
    const src = "import { generateText } from 'ai';\nimport express from 'express';\nconst app = express();\napp.post('/x', async (req) => generateText(req.body));\n";
    expect(await findings(rule, src, 'typescript')).toEqual([]);
    expect((await findings(rule, src.replace('generateText(req.body)', 'generateText({ system: req.body.rules })'), 'typescript')).map((f) => f.line)).toEqual([4]);
  });
});

describe('lists grown after they are made', () => {
  const rule = byId('prompt-injection');
  it('sees messages appended, inserted and extended in Python', async () => {
    const head = 'from flask import request\nfrom openai import OpenAI\nclient = OpenAI()\ndef view():\n    rules = request.args["rules"]\n    msgs = [{"role": "user", "content": "hi"}]\n';
    const call = '    client.chat.completions.create(model="m", messages=msgs)\n';
    for (const grow of ['msgs.append({"role": "system", "content": rules})', 'msgs.insert(0, {"role": "system", "content": rules})', 'msgs.extend([("system", rules)])']) {
      expect((await findings(rule, head + `    ${grow}\n` + call)).map((f) => f.line), grow).toEqual([8]);
    }
    expect(await findings(rule, head + '    msgs.append({"role": "user", "content": rules})\n' + call)).toEqual([]);
  });

  it('sees messages pushed and unshifted in TypeScript', async () => {
    const head = "import OpenAI from 'openai';\nimport express from 'express';\nconst client = new OpenAI();\nexpress().post('/x', async (req) => {\n  const msgs = [{ role: 'user', content: 'hi' }];\n";
    const call = "  await client.chat.completions.create({ model: 'm', messages: msgs });\n});\n";
    for (const grow of ["msgs.push({ role: 'system', content: req.body.rules })", "msgs.unshift({ role: 'developer', content: `R: ${req.body.rules}` })"]) {
      expect((await findings(rule, head + `  ${grow};\n` + call, 'typescript')).map((f) => f.line), grow).toEqual([7]);
    }
    expect(await findings(rule, head + "  msgs.push({ role: 'user', content: req.body.q });\n" + call, 'typescript')).toEqual([]);
  });
});

describe('outside content as taint', () => {
  it('is seen by the prompt check only; an action sink still sees what chose the fetched address', async () => {
    const src = [
      'import requests, sqlite3',
      'from agents import function_tool',
      'conn = sqlite3.connect("a.db")',
      'def fixed_page():',
      '    page = requests.get("https://example.com/feed").text',
      '    conn.execute(f"SELECT * FROM t WHERE name = \'{page}\'")',
      '@function_tool',
      'def fetch_into_db(url: str):',
      '    page = requests.get(url).text',
      '    conn.execute(f"SELECT * FROM t WHERE name = \'{page}\'")',
      '',
    ].join('\n');
    const sql = await findings(byId('sql-injection'), src);
    // fetched text is ordinary dynamic data for SQL (medium); what the tool chose is still critical
    expect(sql.map((f) => [f.line, f.severity])).toEqual([
      [6, 'medium'],
      [10, 'critical'],
    ]);
    expect(sql[0]!.message).not.toMatch(/outside content/);
  });

  it('takes retrieval from unscoped langchain modules as outside content, like the scoped packages', async () => {
    const src = [
      "import { generateText } from 'ai';",
      "import { MemoryVectorStore } from 'langchain/vectorstores/memory';",
      "import { TextLoader } from 'langchain/document_loaders/fs/text';",
      'export async function answer(q: string, store: MemoryVectorStore) {',
      '  const found = await MemoryVectorStore.fromTexts([], [], undefined as never);',
      '  const docs = await found.similaritySearch(q);',
      "  await generateText({ model: 'm', system: docs[0]!.pageContent, prompt: q });",
      "  const files = await new TextLoader('notes.txt').load();",
      "  await generateText({ model: 'm', system: files[0]!.pageContent, prompt: q });",
      "  const hits = await found.asRetriever().invoke(q);",
      "  await generateText({ model: 'm', system: 'Fixed.', prompt: hits[0]!.pageContent });",
      '}',
      '',
    ].join('\n');
    const found = await findings(byId('prompt-injection'), src, 'typescript');
    expect(found.map((f) => [f.line, f.severity])).toEqual([
      [7, 'high'],
      [9, 'high'],
    ]);
  });
});

