/** Anthropic Messages: one tool, `report_findings`, forced by `tool_choice`; the answer is its input. */
import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import { ANSWER_SCHEMA } from '../answer.js';
import type { ModelRef } from '../types.js';
import type { ProviderRequest, RawAnswer } from './types.js';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

/** Room for the answer: a long list of findings, never truncated mid-JSON in practice. */
export const ANTHROPIC_MAX_TOKENS = 8192;

export function anthropicRequest(ref: ModelRef, system: string, user: string): ProviderRequest {
  const body: MessageCreateParamsNonStreaming = {
    model: ref.model,
    max_tokens: ANTHROPIC_MAX_TOKENS,
    system,
    messages: [{ role: 'user', content: user }],
    tools: [
      {
        name: 'report_findings',
        description: 'Report the security findings for the code under review, and a verdict on each static finding.',
        input_schema: ANSWER_SCHEMA as unknown as Anthropic.Messages.Tool.InputSchema,
      },
    ],
    tool_choice: { type: 'tool', name: 'report_findings' },
  };
  const base = (ref.baseURL ?? ANTHROPIC_DEFAULT_BASE_URL).replace(/\/+$/, '');
  return { url: `${base}/v1/messages`, body };
}

export async function sendAnthropic(ref: ModelRef, apiKey: string, request: ProviderRequest, signal: AbortSignal, timeoutMs: number): Promise<RawAnswer> {
  const client = new Anthropic({ apiKey, baseURL: ref.baseURL ?? ANTHROPIC_DEFAULT_BASE_URL, maxRetries: 0, timeout: Math.ceil(timeoutMs) + 1000 });
  const res = await client.messages.create(request.body as MessageCreateParamsNonStreaming, { signal });
  const usage = { input: res.usage?.input_tokens ?? 0, output: res.usage?.output_tokens ?? 0 };
  const tool = res.content.find((b) => b.type === 'tool_use' && b.name === 'report_findings');
  if (tool && tool.type === 'tool_use') return { text: JSON.stringify(tool.input), value: tool.input, usage };
  // a model that answered in text instead: read the JSON out of it
  const text = res.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
  if (res.stop_reason === 'max_tokens') return { text, usage, problem: 'the answer was cut off at max_tokens' };
  return { text, usage };
}
