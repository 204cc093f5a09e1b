/**
 * The agent tools' names in VS Code. Language-model tools share one namespace across every extension, so each core
 * tool (src/core/agent) is registered under a prefixed name; the `#` reference a user types in chat is a short,
 * distinct word. package.json's `languageModelTools` must list exactly these (the real-VS-Code suite checks it).
 */
import type { AgentTool } from '../../core/agent/agentTool';

const LM_TOOL_PREFIX = 'telemetryInspector_';

/** `#name` in a chat prompt, per core tool. */
export const TOOL_REFERENCE_NAMES: Readonly<Record<string, string>> = {
  list_instances: 'telemetryInstances',
  find_traces: 'telemetryTraces',
  get_trace: 'telemetryTrace',
  query_metric: 'telemetryMetric',
  find_logs: 'telemetryLogs',
  list_pushgateway_groups: 'pushgatewayGroups',
  write_env_snippet: 'telemetryEnv',
  delete_pushgateway_groups: 'deletePushgatewayGroups',
};

export function lmToolName(tool: Pick<AgentTool, 'name'>): string {
  return LM_TOOL_PREFIX + tool.name;
}
