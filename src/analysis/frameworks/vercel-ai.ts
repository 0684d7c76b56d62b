import type { FrameworkModel } from './types.js';

/** The Vercel AI SDK (`ai`): `tool({ execute })` and model calls. */
export const vercelAi: FrameworkModel = {
  id: 'vercel-ai',
  title: 'Vercel AI SDK',
  languages: ['javascript'],
  enablers: ['ai', 'ai.*', '@ai-sdk/*'],
  toolFactories: [
    { callee: 'ai.tool', where: [{ index: 0, key: 'execute' }] },
    { callee: 'ai.dynamicTool', where: [{ index: 0, key: 'execute' }] },
    // tools given as plain objects: `generateText({ tools: { calc: { inputSchema, execute } } })`
    { callee: 'ai.generateText', where: [{ index: 0, key: 'tools', each: 'execute' }] },
    { callee: 'ai.streamText', where: [{ index: 0, key: 'tools', each: 'execute' }] },
    { callee: 'ai.Experimental_Agent', where: [{ index: 0, key: 'tools', each: 'execute' }] },
    { callee: 'ai.ToolLoopAgent', where: [{ index: 0, key: 'tools', each: 'execute' }] },
  ],
  sources: [
    { callee: 'ai.generateText', kind: 'llm-output' },
    { callee: 'ai.generateObject', kind: 'llm-output' },
    { callee: 'ai.streamText', kind: 'llm-output' },
    { callee: 'ai.streamObject', kind: 'llm-output' },
  ],
};
