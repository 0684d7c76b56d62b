/**
 * Functions that become tools without a decorator: handed over in a list of tools, wrapped by a
 * factory call, or reached through a table the model's tool calls are dispatched by.
 */
import { describe, expect, it } from 'vitest';
import { factsFor } from '../../src/analysis/engine.js';
import type { Language } from '../../src/analysis/facts.js';

async function tools(source: string, language: Language = 'python'): Promise<Record<string, string | undefined>> {
  const facts = await factsFor(language === 'python' ? 'agent.py' : 'agent.ts', source, language);
  return Object.fromEntries(facts.functions.map((f) => [f.name, f.tool?.framework]));
}

describe('tools registered by reference (Python)', () => {
  it('marks functions in a tools list, wrapped by a factory call, or given to function_tool()', async () => {
    const src = [
      'from langgraph.prebuilt import create_react_agent',
      'from llama_index.core.tools import FunctionTool',
      'from agents import function_tool',
      'from pydantic_ai import Agent',
      'def a(x): pass',
      'def b(x): pass',
      'def c(x): pass',
      'def d(x): pass',
      'def e(x): pass',
      'def untouched(x): pass',
      'graph = create_react_agent("m", tools=[a, b])',
      'tool_c = FunctionTool.from_defaults(fn=c)',
      'tool_d = function_tool(d)',
      'agent = Agent("openai:gpt-4o", tools=[e])',
      '',
    ].join('\n');
    expect(await tools(src)).toEqual({ a: 'langchain', b: 'langchain', c: 'llamaindex', d: 'openai-agents', e: 'pydantic-ai', untouched: undefined });
  });

  it('marks the functions of a dispatch table called with tool-call arguments, by subscript, .get() or a variable', async () => {
    const head = ['import json', 'def a(x): pass', 'def b(y): pass', 'TABLE = {"a": a, "b": b}', 'def loop(reply):', '    for call in reply.choices[0].message.tool_calls:'].join('\n') + '\n';
    for (const body of [
      '        TABLE[call.function.name](**json.loads(call.function.arguments))',
      '        TABLE.get(call.function.name)(**json.loads(call.function.arguments))',
      '        fn = TABLE[call.function.name]\n        args = json.loads(call.function.arguments)\n        fn(**args)',
    ]) {
      expect(await tools(head + body + '\n'), body).toMatchObject({ a: 'dispatch', b: 'dispatch' });
    }
  });

  it("marks Agno's tools: @tool, an agent's tools list, and the methods a Toolkit subclass hands super().__init__", async () => {
    // the shape of agno's ShellTools
    const src = [
      'from typing import List',
      'from agno.agent import Agent',
      'from agno.tools import Toolkit, tool',
      'class ShellTools(Toolkit):',
      '    def __init__(self, enable: bool = True, **kwargs):',
      '        tools = []',
      '        if enable:',
      '            tools.append(self.run_shell_command)',
      '        super().__init__(name="shell_tools", tools=tools, **kwargs)',
      '    def run_shell_command(self, args: List[str]) -> str: pass',
      '    def _helper(self, x): pass',
      '@tool',
      'def decorated(x): pass',
      'def listed(x): pass',
      'def untouched(x): pass',
      'agent = Agent(tools=[listed, ShellTools()])',
      '',
    ].join('\n');
    expect(await tools(src)).toEqual({
      'ShellTools.__init__': undefined,
      'ShellTools.run_shell_command': 'agno',
      'ShellTools._helper': undefined,
      decorated: 'agno',
      listed: 'agno',
      untouched: undefined,
    });
  });

  it('leaves a dispatch table alone when neither the key nor the arguments come from a model', async () => {
    const src = ['import sys', 'def a(x): pass', 'COMMANDS = {"a": a}', 'def main():', '    COMMANDS[sys.argv[1]](sys.argv[2])', ''].join('\n');
    expect(await tools(src)).toEqual({ a: undefined, main: undefined });
  });
});

describe('tools registered by reference (TypeScript)', () => {
  it('marks the functions of a dispatch table called with tool-call arguments', async () => {
    const src = [
      'function a(args: { x: string }) { return args.x; }',
      'function b(args: { y: string }) { return args.y; }',
      'const TABLE: Record<string, (a: never) => string> = { a, b };',
      'export function loop(calls: { function: { name: string; arguments: string } }[]) {',
      '  for (const call of calls) {',
      '    const fn = TABLE[call.function.name];',
      '    fn(JSON.parse(call.function.arguments) as never);',
      '  }',
      '}',
      'const CLI: Record<string, (a: string) => void> = { a };',
      'export const main = (argv: string[]) => CLI[argv[2]](argv[3]);',
    ].join('\n');
    const t = await tools(src, 'typescript');
    expect([t.a, t.b]).toEqual(['dispatch', 'dispatch']);
  });

  it('leaves a command table alone when the call has nothing from a model', async () => {
    const src = ['function a(x: string) { return x; }', 'const CLI: Record<string, (a: string) => string> = { a };', 'export const main = (argv: string[]) => CLI[argv[2]](argv[3]);'].join('\n');
    expect((await tools(src, 'typescript')).a).toBeUndefined();
  });

  it('marks the handlers of the OpenAI Agents SDK and Mastra tools', async () => {
    const src = [
      "import { tool } from '@openai/agents';",
      "import { createTool } from '@mastra/core/tools';",
      'async function lookup({ q }: { q: string }) { return q; }',
      'async function save({ p }: { p: string }) { return p; }',
      "export const t1 = tool({ name: 'lookup', parameters: {}, execute: lookup });",
      "export const t2 = createTool({ id: 'save', execute: save });",
    ].join('\n');
    expect(await tools(src, 'typescript')).toMatchObject({ lookup: 'openai-agents-js', save: 'agent-kits-js' });
  });

  it('marks the handlers of LlamaIndex.TS tools, given first or as the execute of an object', async () => {
    // create-llama's human-in-the-loop template: `tool({ name, description, parameters, execute: async ({ command }) => ... })`
    const src = [
      "import { tool } from 'llamaindex';",
      'async function run({ command }: { command: string }) { return command; }',
      'async function add({ a }: { a: number }) { return a; }',
      "export const cli = tool({ name: 'cli_executor', description: 'runs', parameters: {}, execute: run });",
      "export const adder = tool(add, { name: 'add', description: 'adds', parameters: {} });",
    ].join('\n');
    expect(await tools(src, 'typescript')).toMatchObject({ run: 'agent-kits-js', add: 'agent-kits-js' });
  });
});
