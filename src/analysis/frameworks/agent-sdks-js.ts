import type { FrameworkModel } from './types.js';

/** The OpenAI Agents SDK for JavaScript: `tool({ execute })`, and what a run returns. */
export const openaiAgentsJs: FrameworkModel = {
  id: 'openai-agents-js',
  title: 'OpenAI Agents SDK (JavaScript)',
  languages: ['javascript'],
  enablers: ['@openai/agents*'],
  toolFactories: [
    { callee: '@openai/agents.tool', where: [{ index: 0, key: 'execute' }] },
    { callee: '@openai/agents-core.tool', where: [{ index: 0, key: 'execute' }] },
  ],
  sources: [{ callee: '@openai/agents.run', kind: 'llm-output' }],
};

/** Mastra, Genkit and LlamaIndex.TS: tools made from a function. */
export const agentKitsJs: FrameworkModel = {
  id: 'agent-kits-js',
  title: 'Mastra / Genkit / LlamaIndex.TS',
  languages: ['javascript'],
  enablers: ['@mastra/*', 'genkit*', 'llamaindex*', '@llamaindex/*'],
  toolFactories: [
    { callee: '@mastra/core/tools.createTool', where: [{ index: 0, key: 'execute' }] },
    { callee: '@mastra/core.createTool', where: [{ index: 0, key: 'execute' }] },
    { callee: 'genkit.genkit().defineTool', where: [-1] },
    // `tool(fn, { name, parameters })`, and `tool({ name, parameters, execute })`
    { callee: 'llamaindex.tool', where: [0, { index: 0, key: 'execute' }] },
    { callee: 'llamaindex.FunctionTool.from', where: [0] },
    { callee: '@llamaindex/core/tools.tool', where: [0, { index: 0, key: 'execute' }] },
  ],
};

/** pi, a terminal coding agent: an extension's `pi.registerTool({ parameters, execute(toolCallId, params, ...) })`. */
export const piCodingAgent: FrameworkModel = {
  id: 'pi-coding-agent',
  title: 'pi coding agent extensions',
  languages: ['javascript'],
  enablers: ['@mariozechner/pi-coding-agent*', '@earendil-works/pi-coding-agent*'],
  toolFactories: [
    { callee: '@mariozechner/pi-coding-agent.ExtensionAPI().registerTool', where: [{ index: 0, key: 'execute', param: 1 }] },
    { callee: '@earendil-works/pi-coding-agent.ExtensionAPI().registerTool', where: [{ index: 0, key: 'execute', param: 1 }] },
  ],
};
