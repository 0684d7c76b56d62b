import type { FrameworkModel } from './types.js';

/** The official model SDKs: whatever a model returns is untrusted. Same names in Python and JS. */
export const llmClients: FrameworkModel = {
  id: 'llm-clients',
  title: 'OpenAI and Anthropic SDKs',
  languages: ['python', 'javascript'],
  enablers: ['openai*', 'anthropic*', '@anthropic-ai/sdk*'],
  sources: [
    { callee: 'openai.*().chat.completions.create', kind: 'llm-output' },
    { callee: 'openai.*().chat.completions.parse', kind: 'llm-output' },
    { callee: 'openai.*().beta.chat.completions.parse', kind: 'llm-output' },
    { callee: 'openai.*().responses.create', kind: 'llm-output' },
    { callee: 'openai.*().completions.create', kind: 'llm-output' },
    { callee: 'anthropic.*().messages.create', kind: 'llm-output' },
    { callee: '@anthropic-ai/sdk.*().messages.create', kind: 'llm-output' },
    { callee: '@anthropic-ai/sdk().messages.create', kind: 'llm-output' },
  ],
};
