import type { FrameworkModel } from './types.js';

/** LangChain.js and LangGraph.js. */
export const langchainJs: FrameworkModel = {
  id: 'langchain-js',
  title: 'LangChain.js / LangGraph.js',
  languages: ['javascript'],
  enablers: ['langchain*', '@langchain/*'],
  toolFactories: [
    { callee: '@langchain/core/tools.tool', where: [0] },
    { callee: 'langchain/tools.tool', where: [0] },
    { callee: '@langchain/core/tools.DynamicStructuredTool', where: [{ index: 0, key: 'func' }] },
    { callee: '@langchain/core/tools.DynamicTool', where: [{ index: 0, key: 'func' }] },
    { callee: 'langchain/tools.DynamicStructuredTool', where: [{ index: 0, key: 'func' }] },
    { callee: 'langchain/tools.DynamicTool', where: [{ index: 0, key: 'func' }] },
    // LangGraph nodes: the graph state they receive holds model output and user input
    { callee: '@langchain/langgraph.StateGraph().addNode', where: [1, 0] },
    { callee: '@langchain/langgraph.StateGraph().**.addNode', where: [1, 0] },
  ],
  toolClasses: [
    { base: '@langchain/core/tools.StructuredTool', methods: ['_call'] },
    { base: '@langchain/core/tools.Tool', methods: ['_call'] },
    { base: 'langchain/tools.Tool', methods: ['_call'] },
  ],
  sources: [
    { callee: '@langchain/*.*().invoke', kind: 'llm-output' },
    { callee: '@langchain/*.*().bindTools().invoke', kind: 'llm-output' },
    { callee: '@langchain/*.*().withStructuredOutput().invoke', kind: 'llm-output' },
    // chains: `prompt.pipe(model).pipe(parser)`, `RunnableSequence.from([...])`, prebuilt chains
    { callee: '@langchain/**.pipe().invoke', kind: 'llm-output' },
    { callee: '@langchain/core/runnables.RunnableSequence.from().invoke', kind: 'llm-output' },
    { callee: 'langchain.chains**().invoke', kind: 'llm-output' },
    { callee: 'langchain.chains**().call', kind: 'llm-output' },
  ],
};
