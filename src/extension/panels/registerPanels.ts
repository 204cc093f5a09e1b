/** The panels' commands, registered in one place; activate() calls this once and hands the manager to tests. */
import * as vscode from 'vscode';
import type { EngineApi } from '../../core/api/engineApi';
import { registerFind } from './findPanels';
import { METRIC_VIEW_TYPE } from './metricPanel';
import { PanelManager } from './panelManager';
import { TRACE_VIEW_TYPE } from './tracePanel';

const PANEL_COMMANDS = {
  /** Arg: a trace item ({ traceId, instanceKey }), a trace id, or nothing (asks). Returns the panel key. */
  openTrace: 'telemetryInspector.openTrace',
  /** Arg: a series item ({ instanceKey, streamKey, seriesKey? }) or nothing (asks). Returns the panel key. */
  openMetricChart: 'telemetryInspector.openMetricChart',
  /** Arg: { traceId, spanId, instanceKey? }, a span record, or a trace item (its root span). Returns what happened. */
  openSpanSource: 'telemetryInspector.openSpanSource',
} as const;

/**
 * `engineStarted` settles once the engine has restored what was kept on disk; trace and metric panels open
 * before a window reload come back after it (package.json's onWebviewPanel activation events) and read their
 * data then.
 */
export function registerPanels(context: vscode.ExtensionContext, engine: EngineApi, engineStarted?: Promise<unknown>): PanelManager {
  const manager = new PanelManager(engine, context.extensionUri, engineStarted);
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(TRACE_VIEW_TYPE, { deserializeWebviewPanel: (panel, state: unknown) => manager.restoreTrace(panel, state) }),
    vscode.window.registerWebviewPanelSerializer(METRIC_VIEW_TYPE, { deserializeWebviewPanel: (panel, state: unknown) => manager.restoreMetric(panel, state) }),
    manager,
    vscode.commands.registerCommand(PANEL_COMMANDS.openTrace, (arg?: unknown) => manager.openTrace(arg)),
    vscode.commands.registerCommand(PANEL_COMMANDS.openMetricChart, (arg?: unknown) => manager.openMetric(arg)),
    vscode.commands.registerCommand(PANEL_COMMANDS.openSpanSource, (arg?: unknown) => manager.openSpanSource(arg)),
  );
  // Find and compare (issue 15): the search and diff panels and their commands.
  manager.find = registerFind(context, engine, manager);
  return manager;
}
