/**
 * The Captures view's rows: one node per opened capture file (named after the file), and under it the capture's
 * services → instances → signals → items, drawn by the Instances view's own model over the capture's store. Each
 * node below a capture carries the capture's id (so Open Trace and Open Metric Chart read that capture, not live
 * data) and an id of its own made from the capture's id and the inner node's id, so two captures of the same app
 * never share a tree id.
 */
import { formatDurationMs, plural } from '../../format/format';
import type { CaptureLibrary } from '../../capture/captureLibrary';
import type { CaptureSummary } from '../../capture/openedCapture';
import { InstancesTreeModel, type InstanceNodeData } from './instancesTree';
import { md, nodeId, type RowTooltip, type TreeModel, type TreeRow } from './treeRow';

export const CAPTURES_VIEW_ID = 'telemetryInspector.captures';

/** contextValue of a capture's own row (the rows below it keep the Instances view's values). */
const CAPTURES_CONTEXT = { capture: 'capture' } as const;

export type CaptureNodeData =
  | { readonly kind: 'capture'; readonly id: string; readonly capture: string }
  | (InstanceNodeData & { readonly capture: string });

type Row = TreeRow<CaptureNodeData>;

/** "12 requests · 340 spans · 96 points · 20 log records", leaving out what there is none of. */
function captureContents(s: CaptureSummary): string {
  const parts = [plural(s.items.spans, 'span'), plural(s.items.points, 'point'), plural(s.items.logRecords, 'log record')].filter((p) => !p.startsWith('0 '));
  return parts.join(' · ') || 'no items';
}

function captureRow(node: CaptureNodeData, s: CaptureSummary): Row {
  const problems = s.problems.count ? ` · ${plural(s.problems.count, 'bad line')}` : '';
  return {
    node,
    label: s.name,
    description: `${plural(s.instances, 'instance')} · ${captureContents(s)}${problems}`,
    icon: s.problems.count ? { id: 'archive', color: 'list.warningForeground' } : { id: 'archive' },
    contextValue: CAPTURES_CONTEXT.capture,
    collapsible: 'expanded',
    resourcePath: undefined,
  };
}

function captureTooltip(s: CaptureSummary): string {
  const requests = s.requests.traces + s.requests.metrics + s.requests.logs;
  const range = s.fromMs !== undefined && s.toMs !== undefined ? `${new Date(s.fromMs).toISOString()} to ${new Date(s.toMs).toISOString()} (${formatDurationMs(s.toMs - s.fromMs)})` : 'no item times';
  const lines = [
    `$(archive) **${md(s.name)}** · a capture file, not live data`,
    '',
    `\`${s.path.replace(/`/g, "'")}\`${s.gzip ? ' (gzip)' : ''}`,
    '',
    `${plural(requests, 'request')}: ${captureContents(s)} from ${plural(s.instances, 'instance')}`,
    '',
    `Data from ${range}`,
  ];
  if (s.problems.count) lines.push('', `$(warning) ${plural(s.problems.count, 'line')} could not be used: ${md(s.problems.text)}`);
  return lines.join('\n');
}

/** The node below a capture for an inner (Instances model) node. */
function wrap(capture: string, inner: InstanceNodeData): CaptureNodeData {
  return { ...inner, capture, id: nodeId('in', capture, inner.id) };
}

/** The Instances model's node a capture's node stands for. */
function unwrap(node: Exclude<CaptureNodeData, { kind: 'capture' }>): InstanceNodeData {
  const { capture: _capture, ...rest } = node;
  const parts = JSON.parse(node.id) as [string, string, string];
  return { ...rest, id: parts[2] } as InstanceNodeData;
}

export class CapturesTreeModel implements TreeModel<CaptureNodeData> {
  /** One Instances model per open capture (its log serials live in it). */
  private readonly models = new Map<string, InstancesTreeModel>();

  constructor(private readonly library: CaptureLibrary) {}

  children(node: CaptureNodeData | undefined, now: number): CaptureNodeData[] {
    if (!node) {
      const open = this.library.list();
      for (const id of this.models.keys()) if (!open.some((c) => c.id === id)) this.models.delete(id);
      return open.map((c): CaptureNodeData => ({ kind: 'capture', id: nodeId('capture', c.id), capture: c.id }));
    }
    const model = this.model(node.capture);
    if (!model) return [];
    const inner = node.kind === 'capture' ? model.children(undefined, now) : model.children(unwrap(node), now);
    return inner.map((n) => wrap(node.capture, n));
  }

  row(node: CaptureNodeData, now: number): Row {
    const capture = this.library.get(node.capture);
    const model = this.model(node.capture);
    if (!capture || !model) return { node, label: '(capture closed)', collapsible: 'none', contextValue: 'more', icon: { id: 'circle-slash', color: 'disabledForeground' } };
    if (node.kind === 'capture') return captureRow(node, capture.summary);
    const row = model.row(unwrap(node), now);
    return { ...row, node };
  }

  tooltip(node: CaptureNodeData, now: number): RowTooltip | undefined {
    const capture = this.library.get(node.capture);
    if (!capture) return undefined;
    if (node.kind === 'capture') return { text: captureTooltip(capture.summary), markdown: true };
    return this.model(node.capture)?.tooltip(unwrap(node), now);
  }

  /** A log record of a capture, by the number its row was given (a log row's "open its trace"). */
  logRecord(capture: string, instanceKey: string, logId: number) {
    return this.model(capture)?.logRecord(instanceKey, logId);
  }

  private model(capture: string): InstancesTreeModel | undefined {
    let model = this.models.get(capture);
    if (!model) {
      const c = this.library.get(capture);
      if (!c) return undefined;
      // No receiver hints in a capture: nothing is received there.
      this.models.set(capture, (model = new InstancesTreeModel(c.store, () => [])));
    }
    return model;
  }
}
