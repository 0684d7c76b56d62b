/**
 * A loopback HTTP server that speaks the OpenAI Chat Completions and Anthropic Messages
 * wire formats, so the real SDK clients can be pointed at it. Each model's behaviour is
 * a function of the request and of how many requests that model has had.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { binPath } from './cli.js';

export interface ReceivedRequest {
  protocol: 'openai' | 'anthropic';
  path: string;
  headers: http.IncomingHttpHeaders;
  /** the raw body text, as it arrived */
  raw: string;
  body: Record<string, any>;
  model: string;
  /** the system message and the user message text */
  system: string;
  user: string;
  at: number;
}

export type Reply =
  /** an answer: an object (sent as JSON content, or as the tool's input) or the content text as is */
  | { answer: unknown; delayMs?: number; usage?: { input: number; output: number } }
  | { status: number; message?: string; headers?: Record<string, string>; delayMs?: number }
  /** accept the request and never answer */
  | { hang: true };

export type Behaviour = (req: ReceivedRequest, attempt: number) => Reply;

export interface FakeLlm {
  url: string;
  /** base URL for the OpenAI SDK (with /v1) */
  openaiBase: string;
  /** base URL for the Anthropic SDK */
  anthropicBase: string;
  requests: ReceivedRequest[];
  connections: number;
  close(): Promise<void>;
}

export const FAKE_KEY = 'sk-test-loopback-key';

export async function startFakeLlm(behaviours: Record<string, Behaviour>): Promise<FakeLlm> {
  const requests: ReceivedRequest[] = [];
  const attempts = new Map<string, number>();
  const sockets = new Set<import('node:net').Socket>();
  const state = { connections: 0 };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const protocol = req.url?.endsWith('/chat/completions') ? 'openai' : req.url?.endsWith('/v1/messages') ? 'anthropic' : undefined;
      if (req.method !== 'POST' || !protocol) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      const body = JSON.parse(raw) as Record<string, any>;
      const system = protocol === 'openai' ? String(body.messages?.find((m: any) => m.role === 'system')?.content ?? '') : String(body.system ?? '');
      const user = String(body.messages?.find((m: any) => m.role === 'user')?.content ?? '');
      const received: ReceivedRequest = { protocol, path: req.url!, headers: req.headers, raw, body, model: body.model, system, user, at: Date.now() };
      requests.push(received);
      const n = (attempts.get(body.model) ?? 0) + 1;
      attempts.set(body.model, n);
      // the Anthropic API takes the key as x-api-key or as a bearer token (the installed SDK sends the latter)
      const auth = req.headers.authorization === `Bearer ${FAKE_KEY}` || (protocol === 'anthropic' && req.headers['x-api-key'] === FAKE_KEY);
      const behaviour = behaviours[body.model];
      let reply: Reply = !auth
        ? { status: 401, message: 'Incorrect API key provided' }
        : behaviour
          ? behaviour(received, n)
          : { status: 404, message: `The model \`${body.model}\` does not exist` };
      if ('hang' in reply) return; // the socket stays open until the client aborts
      const send = (): void => {
        if ('status' in reply) {
          const errType = reply.status === 401 ? 'authentication_error' : reply.status === 429 ? 'rate_limit_error' : reply.status >= 500 ? 'api_error' : 'invalid_request_error';
          const payload =
            protocol === 'openai'
              ? { error: { message: reply.message ?? 'error', type: errType, param: null, code: null } }
              : { type: 'error', error: { type: errType, message: reply.message ?? 'error' } };
          res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.headers ?? {}) }).end(JSON.stringify(payload));
          return;
        }
        const usage = reply.usage ?? { input: Math.ceil(raw.length / 4), output: 50 };
        const text = typeof reply.answer === 'string' ? reply.answer : JSON.stringify(reply.answer);
        const payload =
          protocol === 'openai'
            ? {
                id: `chatcmpl-${requests.length}`,
                object: 'chat.completion',
                created: Math.floor(Date.now() / 1000),
                model: body.model,
                choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: 'stop' }],
                usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
              }
            : {
                id: `msg_${requests.length}`,
                type: 'message',
                role: 'assistant',
                model: body.model,
                content:
                  typeof reply.answer === 'string'
                    ? [{ type: 'text', text }]
                    : [{ type: 'tool_use', id: `toolu_${requests.length}`, name: 'report_findings', input: reply.answer }],
                stop_reason: typeof reply.answer === 'string' ? 'end_turn' : 'tool_use',
                stop_sequence: null,
                usage: { input_tokens: usage.input, output_tokens: usage.output },
              };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      };
      const delay = reply.delayMs ?? 0;
      if (delay) setTimeout(send, delay);
      else send();
    });
  });
  server.on('connection', (s) => {
    state.connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    openaiBase: `${url}/v1`,
    anthropicBase: url,
    requests,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The CLI in a child process, without blocking this process's event loop (the fake server lives here). */
export function runCliAsync(args: string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], { cwd: options.cwd, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
