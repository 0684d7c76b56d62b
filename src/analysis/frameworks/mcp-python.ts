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
  // the low-level server given its handlers when it is made (`Server("name", on_call_tool=call_tool)`): the handler
  // gets the request context and the call's parameters (`params.name`, `params.arguments`)
  toolFactories: [
    { callee: 'mcp.server.Server', where: [{ index: -1, key: 'on_call_tool' }] },
    { callee: 'mcp.server.lowlevel.Server', where: [{ index: -1, key: 'on_call_tool' }] },
  ],
};
