import type { FrameworkModel } from './types.js';

/** The MCP TypeScript SDK: `server.tool(...)`, `server.registerTool(...)`, request handlers. */
export const mcpTypescript: FrameworkModel = {
  id: 'mcp-typescript',
  title: 'MCP TypeScript SDK',
  languages: ['javascript'],
  enablers: ['@modelcontextprotocol/sdk*'],
  toolFactories: [
    { callee: '@modelcontextprotocol/sdk*.McpServer().tool', where: [-1] },
    { callee: '@modelcontextprotocol/sdk*.McpServer().registerTool', where: [-1] },
    { callee: '@modelcontextprotocol/sdk*.Server().setRequestHandler', where: [-1] },
  ],
};
