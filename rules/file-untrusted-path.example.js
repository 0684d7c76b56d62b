import fs from 'node:fs/promises';
import path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const server = new McpServer({ name: 'files', version: '1.0.0' });
const ROOT = '/srv/workspace';

server.tool('read_file', { file: z.string() }, async ({ file }) => {
  // expect: file-untrusted-path
  const text = await fs.readFile(path.join(ROOT, file), 'utf8');
  return { content: [{ type: 'text', text }] };
});

server.tool('read_file_checked', { file: z.string() }, async ({ file }) => {
  const full = path.resolve(ROOT, file);
  if (!full.startsWith(ROOT + path.sep)) throw new Error('outside the workspace');
  // ok: file-untrusted-path
  const text = await fs.readFile(full, 'utf8');
  return { content: [{ type: 'text', text }] };
});

export async function readTemplate(name) {
  // ok: file-untrusted-path
  return fs.readFile(path.join(ROOT, 'templates', name), 'utf8');
}

// Functions the model's tool calls are dispatched to through a table: their parameters are tool parameters.
async function readSnippet({ file }) {
  // expect: file-untrusted-path
  return fs.readFile(file, 'utf8');
}

// a helper outside the table: its callers decide what it reads
export async function readFixture(file) {
  // ok: file-untrusted-path
  return fs.readFile(file, 'utf8');
}

const TOOL_HANDLERS = { read_snippet: readSnippet };

export async function onToolCalls(toolCalls) {
  for (const call of toolCalls) await TOOL_HANDLERS[call.function.name](JSON.parse(call.function.arguments));
}
