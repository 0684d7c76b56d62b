/** OpenAI Chat Completions (also OpenAI-compatible endpoints: Ollama, vLLM, LM Studio, OpenRouter). */
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { ANSWER_SCHEMA } from '../answer.js';
import type { ModelRef } from '../types.js';
import type { ProviderRequest, RawAnswer } from './types.js';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** The request body: strict `json_schema` where the endpoint supports it, else `json_object`, else plain text. */
export function openaiRequest(ref: ModelRef, system: string, user: string): ProviderRequest {
  const body: ChatCompletionCreateParamsNonStreaming = {
    model: ref.model,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ],
  };
  if (ref.jsonMode === 'json_schema') {
    body.response_format = { type: 'json_schema', json_schema: { name: 'report_findings', strict: true, schema: ANSWER_SCHEMA as unknown as Record<string, unknown> } };
  } else if (ref.jsonMode === 'json_object') {
    body.response_format = { type: 'json_object' };
  }
  const base = (ref.baseURL ?? OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, '');
  return { url: `${base}/chat/completions`, body };
}

export async function sendOpenai(ref: ModelRef, apiKey: string, request: ProviderRequest, signal: AbortSignal, timeoutMs: number): Promise<RawAnswer> {
  const client = new OpenAI({ apiKey, baseURL: ref.baseURL ?? OPENAI_DEFAULT_BASE_URL, maxRetries: 0, timeout: Math.ceil(timeoutMs) + 1000 });
  const res = await client.chat.completions.create(request.body as ChatCompletionCreateParamsNonStreaming, { signal });
  const message = res.choices[0]?.message;
  const usage = { input: res.usage?.prompt_tokens ?? 0, output: res.usage?.completion_tokens ?? 0 };
  if (!message) return { text: '', usage, problem: 'the response has no choices' };
  if (message.refusal) return { text: message.refusal, usage, problem: `the model refused: ${message.refusal.slice(0, 200)}` };
  return { text: message.content ?? '', usage };
}
