/**
 * "Ask your agent" in VS Code: the language-model tools and the MCP server offered to agent mode, both reading the
 * extension's own receiver through its query API; and the query API's settings applied to the engine.
 */
import * as vscode from 'vscode';
import type { EngineApi } from '../../core/api/engineApi';
import type { Settings } from '../settings/settings';
import { registerLanguageModelTools, type LanguageModelTools } from './languageModelTools';
import { registerMcpServerProvider, type McpServerProvider } from './mcpServerProvider';

export interface AgentSurface extends vscode.Disposable {
  languageModelTools: LanguageModelTools;
  mcpServer: McpServerProvider;
  /** A settings change: the query API's options go to the engine, the MCP definition follows. */
  apply(next: Settings): Promise<void>;
}

export function registerAgent(context: vscode.ExtensionContext, engine: EngineApi, settings: Settings): AgentSurface {
  let queryApi = settings.queryApi;
  const queryApiEnabled = () => queryApi.enabled;
  const languageModelTools = registerLanguageModelTools({ engine, queryApiEnabled });
  const mcpServer = registerMcpServerProvider({
    engine,
    cliPath: context.asAbsolutePath('dist/cli.js'),
    version: String((context.extension.packageJSON as { version?: unknown }).version ?? '0'),
    queryApiEnabled,
  });
  return {
    languageModelTools,
    mcpServer,
    async apply(next) {
      queryApi = next.queryApi;
      await engine.configureQueryApi(next.queryApi);
      mcpServer.refresh();
    },
    dispose() {
      languageModelTools.dispose();
      mcpServer.dispose();
    },
  };
}
