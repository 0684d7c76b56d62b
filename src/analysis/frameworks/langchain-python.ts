import type { FrameworkModel } from './types.js';

/** LangChain and LangGraph for Python. */
export const langchainPython: FrameworkModel = {
  id: 'langchain',
  title: 'LangChain / LangGraph (Python)',
  languages: ['python'],
  enablers: ['langchain*', 'langchain_core*', 'langchain_community*', 'langchain_openai*', 'langchain_anthropic*', 'langgraph*'],
  // (`langchain_classic`: LangChain 1.0's package of the pre-1.0 `langchain` modules)
  toolDecorators: ['langchain.tools.tool', 'langchain_core.tools.tool', 'langchain.agents.tool', 'langchain_core.tools.*.tool', 'langchain_classic.tools.tool', 'langchain_classic.agents.tool'],
  toolFactories: [
    { callee: 'langchain*.tools.StructuredTool.from_function', where: [0, { index: -1, key: 'func' }, { index: -1, key: 'coroutine' }] },
    { callee: 'langchain*.tools.Tool', where: [{ index: -1, key: 'func' }, 1] },
    { callee: 'langchain*.tools.Tool.from_function', where: [0, { index: -1, key: 'func' }] },
    // plain functions handed over as tools: LangChain wraps each in a tool
    { callee: 'langchain*.*().bind_tools', where: [0, { index: 0, key: 'tools' }] },
    { callee: 'langgraph.prebuilt.create_react_agent', where: [1, { index: 1, key: 'tools' }] },
    { callee: 'langgraph.prebuilt.chat_agent_executor.create_react_agent', where: [1, { index: 1, key: 'tools' }] },
    { callee: 'langgraph.prebuilt.ToolNode', where: [0, { index: 0, key: 'tools' }] },
    { callee: 'langchain.agents.create_agent', where: [1, { index: 1, key: 'tools' }] },
    { callee: 'langchain*.agents.create_tool_calling_agent', where: [1, { index: 1, key: 'tools' }] },
    { callee: 'langchain*.agents.AgentExecutor', where: [{ index: 1, key: 'tools' }] },
    { callee: 'langchain*.agents.initialize_agent', where: [0, { index: 0, key: 'tools' }] },
    { callee: 'langchain*.tools.convert_to_openai_tool', where: [0] },
    // LangGraph nodes: the graph state they receive holds model output and user input
    { callee: 'langgraph.graph.StateGraph().add_node', where: [1, 0, { index: -1, key: 'action' }] },
    { callee: 'langgraph.graph.state.StateGraph().add_node', where: [1, 0, { index: -1, key: 'action' }] },
    { callee: 'langgraph.graph.MessageGraph().add_node', where: [1, 0, { index: -1, key: 'action' }] },
  ],
  // (`langchain.tools.base.BaseTool`: where LangChain before 0.1 defined it; `langchain_core.tools.base.BaseTool` now)
  toolClasses: [
    { base: 'langchain*.tools.BaseTool', methods: ['_run', '_arun'] },
    { base: 'langchain*.tools.base.BaseTool', methods: ['_run', '_arun'] },
  ],
  sources: [
    { callee: 'langchain*.*().invoke', kind: 'llm-output' },
    { callee: 'langchain*.*().ainvoke', kind: 'llm-output' },
    { callee: 'langchain*.*().predict', kind: 'llm-output' },
    { callee: 'langchain*.*().bind_tools().invoke', kind: 'llm-output' },
    { callee: 'langchain*.*().with_structured_output().invoke', kind: 'llm-output' },
    { callee: 'langgraph.prebuilt.create_react_agent().invoke', kind: 'llm-output' },
    // chains: `prompt | llm | parser` and the prebuilt ones write with the model
    { callee: 'langchain_core.runnables.RunnableSequence().invoke', kind: 'llm-output' },
    { callee: 'langchain_core.runnables.RunnableSequence().ainvoke', kind: 'llm-output' },
    { callee: 'langchain_core.runnables.RunnableSequence().batch', kind: 'llm-output' },
    { callee: 'langchain*.chains.**().invoke', kind: 'llm-output' },
    { callee: 'langchain*.chains.**().ainvoke', kind: 'llm-output' },
    { callee: 'langchain*.chains.**().run', kind: 'llm-output' },
    { callee: 'langchain*.chains.**().predict', kind: 'llm-output' },
    { callee: 'langchain*.chains.**().arun', kind: 'llm-output' },
    { callee: 'langchain*.chains.**().apredict', kind: 'llm-output' },
    // LangChain before 0.1 exported its chains at the top (`from langchain import LLMChain`)
    { callee: 'langchain.*Chain().run', kind: 'llm-output' },
    { callee: 'langchain.*Chain().arun', kind: 'llm-output' },
    { callee: 'langchain.*Chain().predict', kind: 'llm-output' },
    { callee: 'langchain.*Chain().apredict', kind: 'llm-output' },
    { callee: 'langchain.*Chain().invoke', kind: 'llm-output' },
    { callee: 'langchain.*Chain().ainvoke', kind: 'llm-output' },
  ],
};
