/** The panels' commands, registered in one place; activate() calls this once and hands the manager to tests. */
import * as vscode from 'vscode';
import type { EngineApi } from '../../core/api/engineApi';
import { registerFind } from './findPanels';
import { PanelManager } from './panelManager';

export const PANEL_COMMANDS = {
  /** Arg: a trace item ({ traceId, instanceKey }), a trace id, or nothing (asks). Returns the panel key. */
  openTrace: 'telemetryInspector.openTrace',
  /** Arg: a series item ({ instanceKey, streamKey, seriesKey? }) or nothing (asks). Returns the panel key. */
  openMetricChart: 'telemetryInspector.openMetricChart',
  /** Arg: { traceId, spanId, instanceKey? }, a span record, or a trace item (its root span). Returns what happened. */
  openSpanSource: 'telemetryInspector.openSpanSource',
} as const;

export function registerPanels(context: vscode.ExtensionContext, engine: EngineApi): PanelManager {
  const manager = new PanelManager(engine, context.extensionUri);
  context.subscriptions.push(
    manager,
    vscode.commands.registerCommand(PANEL_COMMANDS.openTrace, (arg?: unknown) => manager.openTrace(arg)),
    vscode.commands.registerCommand(PANEL_COMMANDS.openMetricChart, (arg?: unknown) => manager.openMetric(arg)),
    vscode.commands.registerCommand(PANEL_COMMANDS.openSpanSource, (arg?: unknown) => manager.openSpanSource(arg)),
  );
  // Find and compare (issue 15): the search and diff panels and their commands.
  manager.find = registerFind(context, engine, manager);
  return manager;
}
