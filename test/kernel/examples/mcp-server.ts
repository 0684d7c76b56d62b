/**
 * MCP TypeScript SDK: a server whose `run_program` tool handler is governed by the
 * kernel. A denial becomes a tool result with `isError: true` that names the rule.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { KernelSpace } from '../../../src/kernel/index.js';

const run = promisify(execFile);

export function createGovernedMcpServer(kernel: KernelSpace): McpServer {
  const server = new McpServer({ name: 'governed-tools', version: '1.0.0' });
  const handler = async ({ command, args }: { command: string; args: string[] }) => {
    const { stdout } = await run(command, args, { timeout: 10_000 });
    return { content: [{ type: 'text' as const, text: stdout }] };
  };
  server.registerTool(
    'run_program',
    {
      description: 'Run a program with arguments (no shell).',
      inputSchema: { command: z.string(), args: z.array(z.string()) },
    },
    // `command` plus the `args` list: judged in argv form (subprocess-shell, subprocess-not-allowlisted)
    kernel.wrapTool(handler, { action: 'exec', from: 'command', agent: 'mcp-runner' }),
  );
  return server;
}
