/**
 * Every agent tool, and the one way to call one: arguments checked against its schema, errors turned into a
 * sentence for the model (never a stack), the answer within the size cap.
 */
import { ToolRefusedError, type AgentTool, type ToolContext } from './agentTool';
import { deletePushgatewayGroupsTool } from './deletePushgatewayGroupsTool';
import { findLogsTool } from './findLogsTool';
import { findTracesTool } from './findTracesTool';
import { getTraceTool } from './getTraceTool';
import { listInstancesTool } from './listInstancesTool';
import { listPushgatewayGroupsTool } from './listPushgatewayGroupsTool';
import { DEFAULT_MAX_BODY_BYTES, PushgatewayClient } from '../pushgateway/client';
import { InspectorUnreachableError, QueryApiError, type QueryTransport } from './queryTransport';
import { queryMetricTool } from './queryMetricTool';
import { clip, MAX_TOOL_OUTPUT_CHARS } from './toolOutput';
import { checkToolInput, ToolInputError } from './toolSchema';
import { writeEnvSnippetTool } from './writeEnvSnippetTool';

export const AGENT_TOOLS: readonly AgentTool[] = [
  listInstancesTool,
  findTracesTool,
  getTraceTool,
  queryMetricTool,
  findLogsTool,
  listPushgatewayGroupsTool,
  writeEnvSnippetTool,
  deletePushgatewayGroupsTool,
];

export function agentTool(name: string): AgentTool | undefined {
  return AGENT_TOOLS.find((t) => t.name === name);
}

export interface ToolAnswer {
  text: string;
  /** The call failed (bad arguments, no inspector, a refused query): `text` says why. */
  isError: boolean;
}

export async function invokeAgentTool(tool: AgentTool, args: unknown, ctx: ToolContext): Promise<ToolAnswer> {
  try {
    const input = checkToolInput(tool.inputSchema, args);
    return { text: clip(await tool.run(input, ctx), MAX_TOOL_OUTPUT_CHARS), isError: false };
  } catch (err) {
    if (err instanceof ToolInputError) return { text: `Invalid arguments for ${tool.name}: ${err.message}.`, isError: true };
    if (err instanceof QueryApiError) return { text: `The Telemetry Inspector refused the query (HTTP ${err.status}): ${err.message}`, isError: true };
    if (err instanceof InspectorUnreachableError || err instanceof ToolRefusedError) return { text: err.message, isError: true };
    return { text: clip(`${tool.name} failed: ${(err as Error)?.message ?? String(err)}`, 1000), isError: true };
  }
}

/** The context tools run in: the query API through `query`, deletes straight to the Pushgateway it names. */
export function agentToolContext(query: QueryTransport, now: () => number = Date.now): ToolContext {
  return {
    query,
    pushgateway: (url) => new PushgatewayClient(url, { timeoutMs: 10_000, maxBodyBytes: DEFAULT_MAX_BODY_BYTES }),
    now,
  };
}
