import type { FrameworkModel } from './types.js';

/** LlamaIndex (Python): `FunctionTool.from_defaults(fn)` and agents given plain functions as tools. */
export const llamaIndex: FrameworkModel = {
  id: 'llamaindex',
  title: 'LlamaIndex',
  languages: ['python'],
  enablers: ['llama_index*'],
  toolFactories: [
    { callee: 'llama_index.core.tools.FunctionTool.from_defaults', where: [0, { index: 0, key: 'fn' }, { index: -1, key: 'async_fn' }] },
    { callee: 'llama_index.core.tools.function_tool.FunctionTool.from_defaults', where: [0, { index: 0, key: 'fn' }, { index: -1, key: 'async_fn' }] },
    { callee: 'llama_index.core.agent.**Agent', where: [{ index: 0, key: 'tools' }] },
    { callee: 'llama_index.core.agent.**Agent.from_tools', where: [0, { index: 0, key: 'tools' }] },
    { callee: 'llama_index.core.agent.workflow.AgentWorkflow.from_tools_or_functions', where: [0, { index: 0, key: 'tools_or_functions' }] },
  ],
  sources: [
    { callee: 'llama_index.**.as_query_engine().query', kind: 'llm-output' },
    { callee: 'llama_index.**.as_chat_engine().chat', kind: 'llm-output' },
  ],
};
