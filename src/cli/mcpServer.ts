/**
 * The agent tools (src/core/agent) as an MCP server over stdio, with the official SDK. The low-level `Server` is
 * used rather than `McpServer`: the tools are defined once, with JSON Schemas (which VS Code's language-model tools
 * take as well), and McpServer wants zod schemas instead. Arguments are checked by the tools' own checker.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { agentTool, AGENT_TOOLS, invokeAgentTool } from '../core/agent/agentTools';
import type { ToolContext } from '../core/agent/agentTool';

const MCP_SERVER_NAME = 'telemetry-inspector';

/** The tools as MCP lists them, with annotations that tell a client which ones change something. */
function mcpToolList(): Tool[] {
  return AGENT_TOOLS.map((t) => ({
    name: t.name,
    title: t.title,
    description: t.description,
    inputSchema: t.inputSchema as unknown as Tool['inputSchema'],
    annotations: { title: t.title, readOnlyHint: t.readOnly, destructiveHint: t.destructive, idempotentHint: t.readOnly, openWorldHint: false },
  }));
}

export function createMcpServer(ctx: ToolContext, version: string, instructions: string): Server {
  const server = new Server({ name: MCP_SERVER_NAME, version }, { capabilities: { tools: {} }, instructions });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: mcpToolList() }));
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const tool = agentTool(request.params.name);
    if (!tool) return { content: [{ type: 'text', text: `No tool named ${request.params.name}; the tools are ${AGENT_TOOLS.map((t) => t.name).join(', ')}.` }], isError: true };
    const answer = await invokeAgentTool(tool, request.params.arguments ?? {}, ctx);
    return { content: [{ type: 'text', text: answer.text }], isError: answer.isError };
  });
  return server;
}

/** Serves on stdin/stdout until the client closes the stream; resolves then. */
export async function serveStdio(server: Server): Promise<void> {
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
}
