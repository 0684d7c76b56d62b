import type { FrameworkModel } from './types.js';

/** CrewAI tools: the `@tool` decorator and BaseTool subclasses. */
export const crewai: FrameworkModel = {
  id: 'crewai',
  title: 'CrewAI',
  languages: ['python'],
  enablers: ['crewai*', 'crewai_tools*'],
  toolDecorators: ['crewai.tools.tool', 'crewai_tools.tool', 'crewai.tool'],
  toolClasses: [{ base: 'crewai.tools.BaseTool', methods: ['_run', '_arun'] }, { base: 'crewai_tools.BaseTool', methods: ['_run'] }],
  sources: [{ callee: 'crewai.Crew().kickoff', kind: 'llm-output' }, { callee: 'crewai.Agent().kickoff', kind: 'llm-output' }],
};
