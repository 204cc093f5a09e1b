/**
 * Offers `telemetry-inspector mcp --attach http://127.0.0.1:<port>` to VS Code's agent mode as a stdio MCP server
 * (`vscode.lm.registerMcpServerDefinitionProvider`, VS Code 1.101 and later): the extension's bundled CLI, run by
 * the Node that runs VS Code itself (`process.execPath` with ELECTRON_RUN_AS_NODE=1), so nothing else needs to be
 * installed. It follows the receiver: a new port announces a new definition.
 *
 * The API is newer than the @types/vscode this extension builds against (its `engines.vscode` is older), so the
 * few shapes used are declared here and the API is looked up at run time; an older VS Code gets no provider.
 */
import * as vscode from 'vscode';
import type { EngineApi } from '../../core/api/engineApi';
import { queryApiAddress } from './queryApiAddress';

const MCP_PROVIDER_ID = 'telemetryInspector.mcpServer';
const MCP_SERVER_LABEL = 'Telemetry Inspector';

/** vscode.McpStdioServerDefinition, as VS Code 1.101 defines it. */
export interface McpStdioServerDefinition {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string | number | null>;
  version?: string;
}

interface McpServerDefinitionProvider {
  onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): vscode.ProviderResult<McpStdioServerDefinition[]>;
}

type McpStdioServerDefinitionClass = new (label: string, command: string, args?: string[], env?: Record<string, string | number | null>, version?: string) => McpStdioServerDefinition;

interface McpApi {
  registerMcpServerDefinitionProvider(id: string, provider: McpServerDefinitionProvider): vscode.Disposable;
}

export interface McpServerProvider extends vscode.Disposable {
  /** Whether this VS Code took the provider. */
  readonly registered: boolean;
  /** The definitions VS Code would get now (tests run the command). */
  definitions(): McpStdioServerDefinition[];
  /** Looks again at the settings and the receiver (a change of telemetryInspector.queryApi.enabled). */
  refresh(): void;
  /** What VS Code hears as onDidChangeMcpServerDefinitions. */
  readonly onDidChange: vscode.Event<void>;
}

export interface McpHost {
  engine: EngineApi;
  /** The extension's bundled CLI (dist/cli.js). */
  cliPath: string;
  version: string;
  queryApiEnabled: () => boolean;
}

export function registerMcpServerProvider(host: McpHost): McpServerProvider {
  const changed = new vscode.EventEmitter<void>();
  const Definition = (vscode as unknown as { McpStdioServerDefinition?: McpStdioServerDefinitionClass }).McpStdioServerDefinition;
  /** The inspector the server attaches to: the receiver where it listens (else where it is set to); none while the query API is off. */
  const attachUrl = (): string | undefined => {
    if (!host.queryApiEnabled()) return undefined;
    const a = queryApiAddress(host.engine.status, true);
    return 'url' in a ? a.url : host.engine.status.receivers.http.endpoint.url;
  };
  const definitions = (): McpStdioServerDefinition[] => {
    const url = attachUrl();
    if (url === undefined) return [];
    const args = [host.cliPath, 'mcp', '--attach', url];
    const env = { ELECTRON_RUN_AS_NODE: '1' };
    // The version changes with the address, so VS Code restarts a running server when the receiver moves.
    const version = `${host.version}+${new URL(url).port}`;
    return [Definition ? new Definition(MCP_SERVER_LABEL, process.execPath, args, env, version) : { label: MCP_SERVER_LABEL, command: process.execPath, args, env, version }];
  };
  let lastUrl = attachUrl();
  const refresh = (): void => {
    const url = attachUrl();
    if (url === lastUrl) return;
    lastUrl = url;
    changed.fire();
  };
  const offStatus = host.engine.onStatus((_, sections) => sections.includes('receivers') && refresh());
  const api = (vscode.lm as unknown as Partial<McpApi> | undefined) ?? {};
  const registration =
    Definition && typeof api.registerMcpServerDefinitionProvider === 'function'
      ? api.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, { onDidChangeMcpServerDefinitions: changed.event, provideMcpServerDefinitions: () => definitions() })
      : undefined;
  return {
    registered: registration !== undefined,
    definitions,
    refresh,
    onDidChange: changed.event,
    dispose: () => {
      offStatus();
      registration?.dispose();
      changed.dispose();
    },
  };
}
