import type { FrameworkModel } from './types.js';

/** Pydantic AI: `@agent.tool`, `@agent.tool_plain`, `Tool(fn)` and `Agent(tools=[fn])`. */
export const pydanticAi: FrameworkModel = {
  id: 'pydantic-ai',
  title: 'Pydantic AI',
  languages: ['python'],
  enablers: ['pydantic_ai*'],
  toolDecorators: ['pydantic_ai.Agent().tool', 'pydantic_ai.Agent().tool_plain'],
  toolFactories: [
    { callee: 'pydantic_ai.Tool', where: [0, { index: 0, key: 'function' }] },
    { callee: 'pydantic_ai.Agent', where: [{ index: 1, key: 'tools' }] },
  ],
  sources: [
    { callee: 'pydantic_ai.Agent().run', kind: 'llm-output' },
    { callee: 'pydantic_ai.Agent().run_sync', kind: 'llm-output' },
  ],
};

/** Google Agent Development Kit: plain functions in an agent's `tools`, `FunctionTool(func)`. */
export const googleAdk: FrameworkModel = {
  id: 'google-adk',
  title: 'Google ADK',
  languages: ['python'],
  enablers: ['google.adk*'],
  toolFactories: [
    { callee: 'google.adk.agents.*Agent', where: [{ index: -1, key: 'tools' }] },
    { callee: 'google.adk.agents.Agent', where: [{ index: -1, key: 'tools' }] },
    { callee: 'google.adk.tools.FunctionTool', where: [0, { index: 0, key: 'func' }] },
  ],
};

/** Agency Swarm: a `BaseTool` subclass whose pydantic fields are the model's arguments, read in `run`. */
export const agencySwarm: FrameworkModel = {
  id: 'agency-swarm',
  title: 'Agency Swarm',
  languages: ['python'],
  enablers: ['agency_swarm*'],
  toolClasses: [
    { base: 'agency_swarm.BaseTool', methods: ['run'], fields: true },
    { base: 'agency_swarm.tools.BaseTool', methods: ['run'], fields: true },
    { base: 'agency_swarm.tools.base_tool.BaseTool', methods: ['run'], fields: true },
  ],
};

/**
 * agentUniverse: a `Tool` subclass's `execute(self, tool_input)`, whose `ToolInput` holds the arguments the model gave
 * (`tool_input.get_data("input")`); the framework calls it from `run(**kwargs)`.
 */
export const agentUniverse: FrameworkModel = {
  id: 'agentuniverse',
  title: 'agentUniverse',
  languages: ['python'],
  enablers: ['agentuniverse*'],
  toolClasses: [{ base: 'agentuniverse.agent.action.tool.tool.Tool', methods: ['execute', 'async_execute'] }],
};

/**
 * EvoAgentX: a `Tool` subclass's `__call__`, whose parameters are the arguments the model gave, as its `inputs` schema
 * describes them (`ExecuteCommandTool.__call__(self, command, timeout, working_directory)`).
 */
export const evoAgentX: FrameworkModel = {
  id: 'evoagentx',
  title: 'EvoAgentX',
  languages: ['python'],
  enablers: ['evoagentx*'],
  toolClasses: [
    { base: 'evoagentx.tools.Tool', methods: ['__call__'] },
    { base: 'evoagentx.tools.tool.Tool', methods: ['__call__'] },
  ],
};

/** AutoGen (agentchat / core) and smolagents: functions given as tools. */
export const autogenSmolagents: FrameworkModel = {
  id: 'autogen-smolagents',
  title: 'AutoGen / smolagents',
  languages: ['python'],
  enablers: ['autogen*', 'autogen_agentchat*', 'autogen_core*', 'smolagents*'],
  toolDecorators: ['smolagents.tool'],
  toolFactories: [
    { callee: 'autogen_agentchat.agents.AssistantAgent', where: [{ index: -1, key: 'tools' }] },
    { callee: 'autogen_core.tools.FunctionTool', where: [0, { index: 0, key: 'func' }] },
    { callee: 'autogen.register_function', where: [0, { index: 0, key: 'f' }] },
  ],
};

/**
 * Agno: `@tool` functions, functions and toolkits in an agent's `tools`, and the methods a
 * `Toolkit` subclass hands its constructor (`super().__init__(name=..., tools=[self.run_shell_command])`).
 */
export const agno: FrameworkModel = {
  id: 'agno',
  title: 'Agno',
  languages: ['python'],
  enablers: ['agno*'],
  toolDecorators: ['agno.tools.tool', 'agno.tools.decorator.tool'],
  toolFactories: [
    { callee: 'agno.agent.Agent', where: [{ index: -1, key: 'tools' }] },
    { callee: 'agno.agent.agent.Agent', where: [{ index: -1, key: 'tools' }] },
    { callee: 'agno.tools.Toolkit', where: [{ index: -1, key: 'tools' }] },
    { callee: 'agno.tools.toolkit.Toolkit', where: [{ index: -1, key: 'tools' }] },
    { callee: 'agno.tools.function.Function.from_callable', where: [0, { index: 0, key: 'c' }] },
  ],
  sources: [
    { callee: 'agno.agent.Agent().run', kind: 'llm-output' },
    { callee: 'agno.agent.Agent().arun', kind: 'llm-output' },
  ],
};

/** Upsonic: `@tool` functions and methods of a `ToolKit`. */
export const upsonic: FrameworkModel = {
  id: 'upsonic',
  title: 'Upsonic',
  languages: ['python'],
  enablers: ['upsonic*'],
  toolDecorators: ['upsonic.tools.tool', 'upsonic.tool'],
};

/** Strands Agents (AWS): `@tool` functions and the functions in an agent's `tools`. */
export const strands: FrameworkModel = {
  id: 'strands',
  title: 'Strands Agents',
  languages: ['python'],
  enablers: ['strands*', 'strands_tools*'],
  toolDecorators: ['strands.tool', 'strands.tools.tool', 'strands.tools.decorator.tool'],
  toolFactories: [{ callee: 'strands.Agent', where: [{ index: -1, key: 'tools' }] }, { callee: 'strands.agent.Agent', where: [{ index: -1, key: 'tools' }] }],
};
