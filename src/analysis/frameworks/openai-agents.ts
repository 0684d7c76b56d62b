import type { FrameworkModel } from './types.js';

/** OpenAI Agents SDK for Python (`agents` package). */
export const openaiAgents: FrameworkModel = {
  id: 'openai-agents',
  title: 'OpenAI Agents SDK',
  languages: ['python'],
  enablers: ['agents*'],
  toolDecorators: ['agents.function_tool', 'agents.tool.function_tool'],
  // `function_tool(fn)` called directly, and plain functions in an agent's tools
  toolFactories: [
    { callee: 'agents.function_tool', where: [0] },
    { callee: 'agents.tool.function_tool', where: [0] },
  ],
  sources: [
    { callee: 'agents.Runner.run', kind: 'llm-output' },
    { callee: 'agents.Runner.run_sync', kind: 'llm-output' },
  ],
};
