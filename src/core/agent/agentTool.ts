/**
 * An agent tool, written once for every front door: the MCP server (`telemetry-inspector mcp`) lists and calls
 * these, and the VS Code extension registers the same definitions with `vscode.lm.registerTool`. Each has a JSON
 * schema for its input, a short description for the model, and answers in text sized for a model (toolOutput).
 */
import type { PushgatewayClient } from '../pushgateway/client';
import type { QueryTransport } from './queryTransport';
import type { ObjectSchema } from './toolSchema';

export interface ToolContext {
  /** The query API: over HTTP to a running inspector, or in-process. */
  query: QueryTransport;
  /** A Pushgateway client for a URL (the destructive tool deletes groups at the gateway itself). */
  pushgateway: (url: string) => PushgatewayClient;
  now: () => number;
}

/** What a destructive tool would do, listed exactly, for the user to confirm before `run`. */
export interface ToolPreparation {
  /** A short title for the confirmation ("Delete 2 Pushgateway groups?"). */
  title: string;
  /** Exactly what would be done: every item named. */
  message: string;
  /** Nothing would be done (nothing matched): no confirmation needed. */
  nothingToDo: boolean;
  /** The input that does exactly what `message` lists, to pass to `run` once confirmed. */
  confirmedInput: Record<string, unknown>;
}

export interface AgentTool {
  /** snake_case, as MCP clients and VS Code expect tool names. */
  name: string;
  title: string;
  /** For the model: what it answers, when to use it, what to call next. */
  description: string;
  inputSchema: ObjectSchema;
  /** Reads only (everything but deleting groups). */
  readOnly: boolean;
  /** Changes something outside: needs the user's confirmation (prepare lists what). */
  destructive: boolean;
  /** Destructive tools: what a call would do, before it is confirmed. */
  prepare?(input: Record<string, unknown>, ctx: ToolContext): Promise<ToolPreparation>;
  /** The answer text (at most MAX_TOOL_OUTPUT_CHARS). Input is checked against inputSchema first. */
  run(input: Record<string, unknown>, ctx: ToolContext): Promise<string>;
}

/** The tool cannot do this now (no Pushgateway configured, the gateway unreadable): the message says why. */
export class ToolRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolRefusedError';
  }
}
