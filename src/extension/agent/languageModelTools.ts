/**
 * The core agent tools as VS Code language-model tools (`vscode.lm.registerTool`), for Copilot Chat's agent mode and
 * any extension that calls `vscode.lm.invokeTool`. Each call reads the extension's own receiver through its query API
 * over HTTP on loopback, as `telemetry-inspector mcp` does, so both answer alike. Answers are the core tools' text
 * (within their cap); a failure is a text answer that says why. Deleting Pushgateway groups asks the user first,
 * naming exactly the groups (the core tool's `prepare`).
 */
import * as vscode from 'vscode';
import type { AgentTool } from '../../core/agent/agentTool';
import { agentToolContext, AGENT_TOOLS, invokeAgentTool, type ToolAnswer } from '../../core/agent/agentTools';
import { HttpQueryTransport } from '../../core/agent/httpQueryTransport';
import { clip } from '../../core/agent/toolOutput';
import { checkToolInput } from '../../core/agent/toolSchema';
import type { EngineApi } from '../../core/api/engineApi';
import { queryApiAddress } from './queryApiAddress';
import { lmToolName } from './toolNames';

type Input = Record<string, unknown>;

export interface LanguageModelTools extends vscode.Disposable {
  /** Our tools by their VS Code name (tests call prepareInvocation on them: outside a chat, VS Code shows its confirmation as a modal dialog). */
  readonly tools: ReadonlyMap<string, vscode.LanguageModelTool<Input>>;
}

export interface ToolHost {
  engine: EngineApi;
  /** telemetryInspector.queryApi.enabled as set now. */
  queryApiEnabled: () => boolean;
}

/** Registers every core tool; on a VS Code without `vscode.lm.registerTool`, registers nothing. */
export function registerLanguageModelTools(host: ToolHost): LanguageModelTools {
  const tools = new Map<string, vscode.LanguageModelTool<Input>>();
  const registrations: vscode.Disposable[] = [];
  for (const tool of AGENT_TOOLS) tools.set(lmToolName(tool), languageModelTool(tool, host));
  if (typeof vscode.lm?.registerTool === 'function') {
    for (const [name, tool] of tools) registrations.push(vscode.lm.registerTool(name, tool));
  }
  return { tools, dispose: () => registrations.splice(0).forEach((r) => r.dispose()) };
}

function languageModelTool(tool: AgentTool, host: ToolHost): vscode.LanguageModelTool<Input> {
  return {
    async invoke(options) {
      const answer = await run(tool, options.input, host);
      // A caller may ask for less than the core cap (its token budget); about 3 characters a token, to be safe.
      const budget = options.tokenizationOptions?.tokenBudget;
      const text = budget !== undefined && budget > 0 ? clip(answer.text, Math.max(200, budget * 3)) : answer.text;
      // A confirmed delete changed the gateway: poll it now, so the Pushgateway view shows it without waiting.
      if (tool.destructive && !answer.isError && options.input?.confirm === true) void host.engine.pollPushgateway().catch(() => undefined);
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
    },
    async prepareInvocation(options) {
      const invocationMessage = `Telemetry Inspector: ${invocationText(tool, options.input)}`;
      if (!tool.destructive || !tool.prepare) return { invocationMessage };
      return { invocationMessage, ...(await confirmation(tool, options.input, host)) };
    },
  };
}

async function run(tool: AgentTool, input: unknown, host: ToolHost): Promise<ToolAnswer> {
  const transport = transportFor(host);
  if ('problem' in transport) return { text: transport.problem, isError: true };
  return invokeAgentTool(tool, input, agentToolContext(transport.query));
}

function transportFor(host: ToolHost): { query: HttpQueryTransport } | { problem: string } {
  if (!host.engine.up) return { problem: 'The Telemetry Inspector engine is restarting after a failure: try again in a moment (what it held before is gone).' };
  const address = queryApiAddress(host.engine.status, host.queryApiEnabled());
  if ('problem' in address) return address;
  return { query: new HttpQueryTransport(address.url, { timeoutMs: 10_000 }) };
}

/**
 * What the user confirms before a destructive call: exactly what it would do. Only a call that confirms deletes
 * anything (without `confirm` the tool lists, and changes nothing), so only that one asks.
 */
async function confirmation(tool: AgentTool, rawInput: unknown, host: ToolHost): Promise<Pick<vscode.PreparedToolInvocation, 'confirmationMessages'>> {
  let input: Input;
  try {
    input = checkToolInput(tool.inputSchema, rawInput);
  } catch {
    return {}; // invoke refuses the arguments and says why; nothing to confirm
  }
  if (input.confirm !== true) return {};
  const transport = transportFor(host);
  try {
    if ('problem' in transport) throw new Error(transport.problem);
    const prepared = await tool.prepare!(input, agentToolContext(transport.query));
    if (prepared.nothingToDo) return {};
    return { confirmationMessages: { title: prepared.title, message: prepared.message } };
  } catch (err) {
    // The list could not be read: still ask, saying so (the call itself will most likely fail the same way).
    return { confirmationMessages: { title: `${tool.title}?`, message: `The groups could not be listed first (${(err as Error)?.message ?? String(err)}). Proceed only if you know exactly what the call names: ${clip(JSON.stringify(rawInput), 2000)}` } };
  }
}

/** The line VS Code shows while a tool runs. */
function invocationText(tool: AgentTool, input: Input | undefined): string {
  const shown = Object.entries(input ?? {})
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map(([k, v]) => `${k}: ${clip(String(v), 40)}`)
    .slice(0, 4);
  const keys = Array.isArray(input?.groupingKeys) ? ` (${input.groupingKeys.length} group${input.groupingKeys.length === 1 ? '' : 's'})` : '';
  return `${tool.title}${keys}${shown.length ? ` (${shown.join(', ')})` : ''}`;
}
