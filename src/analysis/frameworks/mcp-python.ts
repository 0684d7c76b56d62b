import type { FrameworkModel } from './types.js';

/** The MCP Python SDK (FastMCP and the low-level server) and the standalone fastmcp package. */
export const mcpPython: FrameworkModel = {
  id: 'mcp-python',
  title: 'MCP Python SDK',
  languages: ['python'],
  enablers: ['mcp*', 'fastmcp*'],
  toolDecorators: [
    'mcp.server.fastmcp.FastMCP().tool',
    'fastmcp.FastMCP().tool',
    'mcp.server.Server().call_tool',
    'mcp.server.lowlevel.Server().call_tool',
  ],
};
