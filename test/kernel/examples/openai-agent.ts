/**
 * A complete governed agent: OpenAI chat completions with tool calling, every tool call
 * carried out through the kernel's governed context. The README shows this file.
 */
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { PolicyViolation, type GovernedContext, type KernelSpace, type SqlClient } from '../../../src/kernel/index.js';

const tools: ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'run_sql',
      description: 'Run one SQL statement on the analytics database.',
      parameters: { type: 'object', properties: { sql: { type: 'string' } }, required: ['sql'], additionalProperties: false },
    },
  },
  {
    type: 'function',
    function: {
      name: 'read_file',
      description: 'Read a text file from the workspace.',
      parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false },
    },
  },
  {
    type: 'function',
    function: {
      name: 'http_get',
      description: 'GET a URL and return the body.',
      parameters: { type: 'object', properties: { url: { type: 'string' } }, required: ['url'], additionalProperties: false },
    },
  },
];

/** Carry out one tool call through the governed context: each call is decided and recorded first. */
async function runTool(ctx: GovernedContext, db: SqlClient, name: string, args: Record<string, string>): Promise<string> {
  switch (name) {
    case 'run_sql':
      return JSON.stringify(await ctx.sql(db, args.sql!));
    case 'read_file':
      return ctx.fs.readFile(args.path!, 'utf8');
    case 'http_get':
      return (await ctx.fetch(args.url!)).text();
    default:
      return `unknown tool ${name}`;
  }
}

export function registerAnalyst(kernel: KernelSpace, openai: OpenAI, db: SqlClient, model = 'gpt-4o-mini') {
  return kernel.register(
    async (ctx, question: string) => {
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: 'You answer questions about our data. Use the tools.' },
        { role: 'user', content: question },
      ];
      for (let turn = 0; turn < 10; turn++) {
        // ctx.signal: a SIGKILL also cancels the model call in flight
        const completion = await openai.chat.completions.create({ model, messages, tools }, { signal: ctx.signal });
        const message = completion.choices[0]!.message;
        messages.push(message);
        if (!message.tool_calls?.length) return message.content ?? '';
        for (const call of message.tool_calls) {
          if (call.type !== 'function') continue;
          let content: string;
          try {
            content = await runTool(ctx, db, call.function.name, JSON.parse(call.function.arguments) as Record<string, string>);
          } catch (err) {
            // the denial is already recorded; the model is told why and can try something else
            if (!(err instanceof PolicyViolation)) throw err;
            content = `denied by policy ${err.ruleId}: ${err.reason}`;
          }
          messages.push({ role: 'tool', tool_call_id: call.id, content });
        }
      }
      throw new Error('the agent did not finish within 10 turns');
    },
    { id: 'analyst' },
  );
}
