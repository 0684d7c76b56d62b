import { execFile } from 'node:child_process';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const server = new McpServer({ name: 'runner', version: '1.0.0' });

server.registerTool('run', { inputSchema: { bin: z.string(), arg: z.string() } }, async ({ bin, arg }) => {
  // expect: subprocess-dynamic-command
  execFile(bin, ['--help']);
  // expect: subprocess-dynamic-command
  execFile('curl', ['-s', arg]);
  // ok: subprocess-dynamic-command
  execFile('date', []);
  return { content: [] };
});

export function rebuild() {
  // ok: subprocess-dynamic-command
  execFile(process.execPath, ['scripts/build.js']);
}
