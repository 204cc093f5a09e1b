/**
 * Find and compare (issue 15): the trace search panel, the trace diff panels, and the commands that open them or
 * jump to a trace: Telemetry: Find Traces…, Compare with… (from a waterfall), a log record's trace at its span, an
 * exemplar's trace. The waterfalls themselves stay with the PanelManager; every read of the engine's data goes
 * through findData.
 */
import * as vscode from 'vscode';
import type { EngineApi } from '../../core/api/engineApi';
import type { SearchForm } from '../../core/views/traceSearchView';
import { DiffPanel } from './diffPanel';
import { baselineFor, comparePicks, isTraceHeld, logTraceRef, traceInfo, type SpanRef, type TraceRef } from './findData';
import type { LivePanelInfo, PanelHost } from './livePanel';
import type { PanelManager } from './panelManager';
import { SearchPanel } from './searchPanel';

const FIND_COMMANDS = {
  /** Arg: nothing, or a partial SearchForm to search with ({ name: 'checkout', errorsOnly: true }). Returns the panel key. */
  findTraces: 'telemetryInspector.findTraces',
  /**
   * Arg: a trace ({ traceId, instanceKey? }), or nothing (the active waterfall's). With `baseline` ({ traceId,
   * instanceKey? }, or 'default' for the latest other trace with the same root name) no question is asked;
   * otherwise a quick pick offers the default first. Returns the diff panel's key.
   */
  compareTrace: 'telemetryInspector.compareTrace',
  /** Arg: a log node of the tree ({ record, instanceKey }) or { traceId, spanId?, instanceKey? }. Returns the waterfall's key. */
  openLogTrace: 'telemetryInspector.openLogTrace',
  /** Arg: { traceId, spanId } of an exemplar (the chart's dots). Returns the waterfall's key, or undefined when not held. */
  openExemplarTrace: 'telemetryInspector.openExemplarTrace',
} as const;

export interface FindPanelInfo extends LivePanelInfo {
  kind: 'search' | 'diff';
}

/** A waterfall's key (tracePanel.traceKey: `trace:<id>:<instanceKey or *>`) back to its trace. */
function traceRefOfKey(key: string): TraceRef | undefined {
  const m = /^trace:([0-9a-f]{32}):(.*)$/.exec(key);
  if (!m) return undefined;
  return m[2] === '*' ? { traceId: m[1] } : { traceId: m[1], instanceKey: m[2] };
}

function traceRefOf(arg: unknown): TraceRef | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const { traceId, instanceKey } = arg as { traceId?: unknown; instanceKey?: unknown };
  if (typeof traceId !== 'string' || !/^[0-9a-f]{32}$/.test(traceId)) return undefined;
  return typeof instanceKey === 'string' ? { traceId, instanceKey } : { traceId };
}

export class FindPanels implements PanelHost, vscode.Disposable {
  search: SearchPanel | undefined;
  readonly diffs: DiffPanel[] = [];

  constructor(
    readonly engine: EngineApi,
    readonly extensionUri: vscode.Uri,
    private readonly traces: PanelManager,
  ) {}

  /** Every open search and diff panel, for tests and diagnostics. */
  panels(): FindPanelInfo[] {
    return [...(this.search ? [{ kind: 'search' as const, ...this.search.info() }] : []), ...this.diffs.map((d) => ({ kind: 'diff' as const, ...d.info() }))];
  }

  openTrace(ref: SpanRef): Promise<unknown> {
    return this.traces.openTrace(ref);
  }

  async findTraces(arg?: unknown): Promise<string> {
    const form = arg && typeof arg === 'object' ? (arg as Partial<SearchForm>) : undefined;
    if (this.search) {
      this.search.reveal();
      if (form) this.search.setForm(form);
    } else {
      this.search = new SearchPanel(this, form);
    }
    return this.search.key;
  }

  async compareTrace(arg?: unknown): Promise<string | undefined> {
    const current = traceRefOf(arg) ?? this.activeTrace();
    if (!current) {
      void vscode.window.showInformationMessage('Open a trace first: Compare with… puts another trace beside the one in the active waterfall.');
      return undefined;
    }
    const given = (arg as { baseline?: unknown } | undefined)?.baseline;
    let baseline: TraceRef | undefined;
    if (given === 'default') baseline = await baselineFor(this.engine, current);
    else if (given !== undefined) baseline = traceRefOf(given);
    else baseline = await this.pickBaseline(current);
    if (!baseline) {
      if (given !== undefined) void vscode.window.showInformationMessage('No other trace to compare with is kept.');
      return undefined;
    }
    // Asked from a diff panel (Other baseline…): that panel takes the new baseline.
    const same = this.diffs.find((d) => d.current.traceId === current.traceId && d.current.instanceKey === current.instanceKey && d.panel.active);
    if (same) {
      same.setBaseline(baseline);
      return same.key;
    }
    const open = this.diffs.find((d) => d.shows(baseline, current));
    if (open) {
      open.reveal();
      return open.key;
    }
    const panel = new DiffPanel(this, baseline, current);
    this.diffs.push(panel);
    return panel.key;
  }

  async openLogTrace(arg?: unknown): Promise<string | undefined> {
    const ref = await logTraceRef(this.engine, arg);
    if (!ref) {
      void vscode.window.showInformationMessage('This log record carries no trace id.');
      return undefined;
    }
    return this.traces.openTrace(ref);
  }

  async openExemplarTrace(arg?: unknown): Promise<string | undefined> {
    const ref = traceRefOf(arg);
    const spanId = (arg as { spanId?: unknown } | undefined)?.spanId;
    if (!ref) return undefined;
    if (!(await isTraceHeld(this.engine, ref.traceId))) {
      void vscode.window.showInformationMessage(`The trace of this exemplar (${ref.traceId}) is not kept: it was not received here, or was evicted.`);
      return undefined;
    }
    return this.traces.openTrace(typeof spanId === 'string' && spanId ? { ...ref, spanId } : ref);
  }

  disposed(key: string): void {
    if (this.search?.key === key) this.search = undefined;
    const i = this.diffs.findIndex((d) => d.key === key);
    if (i >= 0) this.diffs.splice(i, 1);
  }

  dispose(): void {
    this.search?.dispose();
    for (const d of [...this.diffs]) d.dispose();
  }

  /** The trace of the active waterfall, if one is active. */
  private activeTrace(): TraceRef | undefined {
    const active = this.traces.panels().find((p) => p.kind === 'trace' && p.active);
    return active && traceRefOfKey(active.key);
  }

  private async pickBaseline(current: TraceRef): Promise<TraceRef | undefined> {
    const [picks, preferred, info] = await Promise.all([comparePicks(this.engine, current), baselineFor(this.engine, current), traceInfo(this.engine, current)]);
    if (picks.length === 0) {
      void vscode.window.showInformationMessage('No other trace to compare with is kept yet.');
      return undefined;
    }
    type Item = vscode.QuickPickItem & { ref?: TraceRef };
    const items: Item[] = [];
    const def = preferred && picks.find((p) => p.traceId === preferred.traceId);
    if (def) items.push({ label: `$(star-full) ${def.label}`, description: def.description, detail: 'The latest other trace with the same root name (default)', ref: def });
    const same = picks.filter((p) => p.sameName && p !== def);
    const others = picks.filter((p) => !p.sameName);
    if (same.length) items.push({ label: 'Same root name', kind: vscode.QuickPickItemKind.Separator }, ...same.map((p) => ({ label: p.label, description: p.description, ref: p })));
    if (others.length) items.push({ label: 'Other traces', kind: vscode.QuickPickItemKind.Separator }, ...others.map((p) => ({ label: p.label, description: p.description, ref: p })));
    const picked = await vscode.window.showQuickPick(items, {
      title: `Compare ${info?.rootName ? `“${info.rootName}”` : `trace ${current.traceId.slice(0, 8)}`} with…`,
      placeHolder: 'The trace to put beside it as the baseline (newest first)',
      matchOnDescription: true,
    });
    return picked?.ref;
  }
}

/** Registers the find-and-compare commands; registerPanels calls this once. */
export function registerFind(context: vscode.ExtensionContext, engine: EngineApi, traces: PanelManager): FindPanels {
  const find = new FindPanels(engine, context.extensionUri, traces);
  context.subscriptions.push(
    find,
    vscode.commands.registerCommand(FIND_COMMANDS.findTraces, (arg?: unknown) => find.findTraces(arg)),
    vscode.commands.registerCommand(FIND_COMMANDS.compareTrace, (arg?: unknown) => find.compareTrace(arg)),
    vscode.commands.registerCommand(FIND_COMMANDS.openLogTrace, (arg?: unknown) => find.openLogTrace(arg)),
    vscode.commands.registerCommand(FIND_COMMANDS.openExemplarTrace, (arg?: unknown) => find.openExemplarTrace(arg)),
  );
  return find;
}
