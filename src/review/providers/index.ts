/**
 * Models by name, their keys, and one call with its faults handled: a per-request
 * timeout that aborts, retries on 429/5xx and lost connections honouring `retry-after`,
 * and one more try after an answer that does not validate.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { ModelSpec, ReviewEndpoint } from '../../config/types.js';
import { unwrapJson, validateAnswer } from '../answer.js';
import type { CallOutcome, ModelRef, Usage } from '../types.js';
import { anthropicRequest, sendAnthropic } from './anthropic.js';
import { openaiRequest, sendOpenai } from './openai.js';
import type { ProviderRequest, RawAnswer } from './types.js';

export type { ProviderRequest } from './types.js';

/** A model name or key problem: exit 2 before any call. */
export class ReviewSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewSetupError';
  }
}

type Env = Record<string, string | undefined>;

/** `provider:model` into a spec; the model part may itself contain colons (`ollama:qwen2.5-coder:7b`). */
export function parseModelName(name: string): ModelSpec {
  const idx = name.indexOf(':');
  if (idx <= 0 || idx === name.length - 1) throw new ReviewSetupError(`model ${JSON.stringify(name)}: expected provider:model, for example openai:gpt-4o-mini`);
  return { provider: name.slice(0, idx), model: name.slice(idx + 1) };
}

/** Resolve specs against the SDKs' environment variables and the configured endpoints. */
export function resolveModels(specs: readonly ModelSpec[], endpoints: readonly ReviewEndpoint[], env: Env): ModelRef[] {
  const seen = new Set<string>();
  const out: ModelRef[] = [];
  for (const spec of specs) {
    const id = `${spec.provider}:${spec.model}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (spec.provider === 'openai') {
      out.push({ id, provider: 'openai', model: spec.model, api: 'openai', baseURL: spec.baseURL ?? (env.OPENAI_BASE_URL || undefined), apiKeyEnv: spec.apiKeyEnv ?? 'OPENAI_API_KEY', jsonMode: 'json_schema' });
    } else if (spec.provider === 'anthropic') {
      out.push({ id, provider: 'anthropic', model: spec.model, api: 'anthropic', baseURL: spec.baseURL ?? (env.ANTHROPIC_BASE_URL || undefined), apiKeyEnv: spec.apiKeyEnv ?? 'ANTHROPIC_API_KEY', jsonMode: 'json_schema' });
    } else {
      const ep = endpoints.find((e) => e.name === spec.provider);
      if (!ep) {
        const known = ['openai', 'anthropic', ...endpoints.map((e) => e.name)].join(', ');
        throw new ReviewSetupError(`model ${id}: unknown provider \`${spec.provider}\` (known: ${known}; declare OpenAI-compatible endpoints under review.endpoints)`);
      }
      const ref: ModelRef = { id, provider: ep.name, model: spec.model, api: 'openai', baseURL: spec.baseURL ?? ep.baseURL, jsonMode: ep.jsonMode };
      const keyEnv = spec.apiKeyEnv ?? ep.apiKeyEnv;
      if (keyEnv) ref.apiKeyEnv = keyEnv;
      out.push(ref);
    }
  }
  return out;
}

/** The first model whose key is missing, as the message the CLI prints. */
export function missingKey(models: readonly ModelRef[], env: Env): string | undefined {
  for (const m of models) {
    if (m.apiKeyEnv && !env[m.apiKeyEnv]?.trim()) return `${m.apiKeyEnv} is not set (needed by ${m.id})`;
  }
  return undefined;
}

export function requestFor(ref: ModelRef, system: string, user: string): ProviderRequest {
  return ref.api === 'anthropic' ? anthropicRequest(ref, system, user) : openaiRequest(ref, system, user);
}

export interface CallOptions {
  timeoutMs: number;
  /** retries after 429, 5xx and lost connections */
  maxRetries: number;
  /** longest wait a `retry-after` may ask for; a longer one fails the call */
  maxRetryWaitMs: number;
  env: Env;
  /** the line count of the file, for validating line numbers */
  lineCount: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `retry-after-ms`, or `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: unknown): number | undefined {
  const get = (name: string): string | null | undefined =>
    headers && typeof (headers as Headers).get === 'function' ? (headers as Headers).get(name) : undefined;
  const ms = Number.parseFloat(get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function firstLine(s: string): string {
  const line = s.split('\n')[0]!.trim();
  return line.length > 200 ? line.slice(0, 197) + '...' : line;
}

const STATUS_MEANING: Record<number, string> = { 400: 'bad request', 401: 'authentication failed', 403: 'permission denied', 404: 'not found', 429: 'rate limited' };

function describeError(err: unknown): string {
  const e = err as { status?: number; message?: string };
  if (typeof e.status === 'number') {
    const meaning = STATUS_MEANING[e.status] ?? (e.status >= 500 ? 'server error' : 'error');
    return `HTTP ${e.status} ${meaning}: ${firstLine(String(e.message ?? '').replace(/^\d{3}\s*/, ''))}`;
  }
  // the network error's code sits a few causes down (SDK error -> fetch failed -> ECONNREFUSED)
  let code: string | undefined;
  for (let c = (err as { cause?: unknown }).cause, depth = 0; c && depth < 4 && !code; c = (c as { cause?: unknown }).cause, depth++)
    code = (c as { code?: string }).code;
  return firstLine(`${e.message ?? String(err)}${code ? ` (${code})` : ''}`);
}

/** Retry this failure? Rate limits, server errors and connections that failed (never a timeout of ours). */
function transient(err: unknown): boolean {
  const e = err as { status?: number; name?: string };
  if (typeof e.status === 'number') return e.status === 429 || e.status === 408 || e.status >= 500;
  return err instanceof OpenAI.APIConnectionError || err instanceof Anthropic.APIConnectionError;
}

async function send(ref: ModelRef, apiKey: string, request: ProviderRequest, signal: AbortSignal, timeoutMs: number): Promise<RawAnswer> {
  return ref.api === 'anthropic' ? sendAnthropic(ref, apiKey, request, signal, timeoutMs) : sendOpenai(ref, apiKey, request, signal, timeoutMs);
}

/** One model, one chunk: never throws; the outcome says what happened. */
export async function callModel(ref: ModelRef, request: ProviderRequest, options: CallOptions): Promise<CallOutcome> {
  const started = performance.now();
  const usage: Usage = { input: 0, output: 0 };
  const apiKey = (ref.apiKeyEnv ? options.env[ref.apiKeyEnv] : undefined) || 'not-needed';
  let attempts = 0;
  let retries = 0;
  let invalid = 0;
  const failed = (error: string): CallOutcome => ({ status: 'error', error, usage, latencyMs: Math.round(performance.now() - started), attempts });
  for (;;) {
    attempts++;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
    let raw: RawAnswer;
    try {
      raw = await send(ref, apiKey, request, controller.signal, options.timeoutMs);
    } catch (err) {
      if (timedOut) return failed(`timed out after ${options.timeoutMs / 1000} s (request aborted)`);
      if (transient(err) && retries < options.maxRetries) {
        const asked = retryAfterMs((err as { headers?: unknown }).headers);
        if (asked !== undefined && asked > options.maxRetryWaitMs)
          return failed(`${describeError(err)} (retry-after ${Math.round(asked / 1000)} s is longer than the ${Math.round(options.maxRetryWaitMs / 1000)} s allowed)`);
        // exponential back-off with jitter when the server does not say
        const wait = asked ?? Math.min(8000, 500 * 2 ** retries) * (0.75 + Math.random() * 0.25);
        retries++;
        await sleep(wait);
        continue;
      }
      return failed(retries ? `${describeError(err)} (after ${retries} ${retries === 1 ? 'retry' : 'retries'})` : describeError(err));
    } finally {
      clearTimeout(timer);
    }
    usage.input += raw.usage.input;
    usage.output += raw.usage.output;
    let problem = raw.problem;
    if (!problem) {
      const value = raw.value !== undefined ? raw.value : unwrapJson(raw.text);
      if (value === undefined) problem = `the answer is not JSON: ${JSON.stringify(firstLine(raw.text).slice(0, 80))}`;
      else {
        const checked = validateAnswer(value, options.lineCount);
        if (checked.ok) return { status: 'ok', answer: checked.answer, usage, latencyMs: Math.round(performance.now() - started), cached: false, attempts };
        problem = `the answer does not follow the schema: ${checked.error}`;
      }
    }
    if (invalid >= 1) return failed(`invalid answer twice; last: ${problem}`);
    invalid++;
  }
}
