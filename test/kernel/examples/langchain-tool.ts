/**
 * LangChain.js: a structured tool that reads files, governed by the kernel.
 * The wrapped tool is still a DynamicStructuredTool (bindTools, ToolNode and agents take it).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import type { KernelSpace } from '../../../src/kernel/index.js';

export function governedReadFileTool(kernel: KernelSpace, workspace: string) {
  const readFileTool = tool(async ({ path: p }) => readFile(path.resolve(workspace, p), 'utf8'), {
    name: 'read_file',
    description: 'Read a text file from the workspace.',
    schema: z.object({ path: z.string().describe('path relative to the workspace') }),
  });
  // decided after LangChain has validated the input against the schema
  return kernel.wrapTool(readFileTool, { action: 'file', from: 'path', op: 'read', agent: 'langchain-reader' });
}
