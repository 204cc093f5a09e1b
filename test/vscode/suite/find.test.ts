// Find and compare (issue 15) in a real VS Code: a search over the traces the SDK fixture app sent (its exporters,
// over OTLP/HTTP protobuf), a row of it opening the waterfall, a search that keeps its place while traces arrive, a
// log record of the tree opening its trace at its span, Compare with… against the default baseline, and an
// exemplar opening its trace. The webviews' own 'ready' and view-state reports say what they drew.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TelemetryInspectorApi } from '../../../src/extension/extension';
import type { FindPanelInfo } from '../../../src/extension/panels/findPanels';
import type { PanelInfo } from '../../../src/extension/panels/panelManager';
import type { Node } from '../../../src/extension/views/instances/instanceNodes';
import type { ViewState } from '../../../src/webview/shared/messages';
import { exemplarMetricsJson } from '../../helpers/exemplars';
import { eventually, type AppSent } from '../../helpers/process';
import { hexId, postOtlpJson, tracesRequest, type DemoSpan } from '../panelsData';
import { activateApi, listeningPort, sendFromApp } from './extensionApi';

const SERVICE = 'find-suite-app';
const INSTANCE = 'find-1';

let api: TelemetryInspectorApi;

function port(): number {
  return listeningPort(api);
}

const find = () => {
  assert.ok(api.panels.find, 'the panel manager carries the find panels');
  return api.panels.find;
};

function findPanel(key: string | undefined): FindPanelInfo {
  assert.ok(key, 'the command returned a panel key');
  const p = find().panels().find((x) => x.key === key);
  assert.ok(p, `no panel ${key} among ${find().panels().map((x) => x.key).join(', ')}`);
  return p;
}

function tracePanel(key: string | undefined): PanelInfo {
  assert.ok(key, 'the command returned a panel key');
  const p = api.panels.panels().find((x) => x.key === key);
  assert.ok(p, `no panel ${key} among ${api.panels.panels().map((x) => x.key).join(', ')}`);
  return p;
}

/** Waits until the webview has drawn the panel's latest data, reported where the user is, and `check` accepts it. */
async function drawn(get: () => { generation: number; viewState: ViewState | undefined; ready: unknown }, check: (s: ViewState) => void = () => undefined, timeoutMs = 60_000): Promise<ViewState> {
  return eventually(() => {
    const p = get();
    assert.ok(p.ready, 'the webview has drawn its first data');
    assert.ok(p.viewState, 'the webview has reported its view state');
    assert.equal(p.viewState.generation, p.generation, 'the webview has drawn the latest data');
    check(p.viewState);
    return p.viewState;
  }, timeoutMs, 100);
}

async function post(traceId: string, spans: DemoSpan[], baseMs?: number): Promise<void> {
  assert.equal(await postOtlpJson(port(), '/v1/traces', tracesRequest(traceId, spans, baseMs)), 200);
}

describe('find and compare', function () {
  this.timeout(240_000);
  let sent: AppSent;
  let instanceKey: string;

  before(async () => {
    api = await activateApi();
    await eventually(() => port(), 30_000);
    sent = await sendFromApp(api, SERVICE, INSTANCE);
    // Round 0: GET /checkout; 1: GET /cart; 2: GET /checkout that failed. Each logged one record inside its root span.
    await eventually(async () => {
      const logs = (await api.engine.snapshot()).instances.flatMap((i) => i.logs);
      for (const id of sent.traceIds) {
        const found = await api.engine.findTrace(id);
        assert.equal(found.length, 1);
        assert.equal(found[0].spanCount, 2);
        assert.equal(logs.filter((l) => l.traceId === id).length, 1, 'the log record of the request arrived');
        instanceKey = found[0].instance.key;
      }
    }, 30_000);
  });

  after(async () => {
    find().dispose();
    api.panels.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Telemetry: Find Traces… searches every instance: rows, counts and a histogram of what matches', async () => {
    const key = await vscode.commands.executeCommand<string>('telemetryInspector.findTraces', { service: SERVICE, name: 'checkout' });
    await drawn(() => findPanel(key));
    const view = find().search!.lastView!;
    assert.deepEqual(new Set(view.rows.map((r) => r.traceId)), new Set([sent.traceIds[0], sent.traceIds[2]]));
    assert.ok(view.rows.every((r) => r.name === 'GET /checkout' && r.instance === INSTANCE));
    assert.equal(view.rows[0].traceId, sent.traceIds[2], 'newest first');
    assert.equal(view.withErrors, 1);
    assert.match(view.summary, /^2 of [\d,]+ traces · 1 with errors$/);
    assert.equal(view.histogram.reduce((n, b) => n + b.count, 0), 2, 'the histogram counts every match');
    const p = findPanel(key);
    assert.equal(p.ready!.rows, 2);
    assert.equal(p.ready!.rendered, 2);
    assert.deepEqual(p.cspViolations, []);

    // Errors only: the failed request alone.
    find().search!.setForm({ service: SERVICE, errorsOnly: true });
    await drawn(
      () => findPanel(key),
      () => assert.deepEqual(find().search!.lastView?.rows.map((r) => r.traceId), [sent.traceIds[2]]),
    );
    assert.match(findPanel(key).title, /errors only/);
  });

  it('a row of the search opens its waterfall', async () => {
    find().search!.activateRow(0);
    const key = `trace:${sent.traceIds[2]}:${instanceKey}`;
    await eventually(() => assert.ok(tracePanel(key).ready, 'the waterfall drew'), 60_000, 100);
    assert.equal(tracePanel(key).rows, 2);
  });

  it('keeps the list where the user scrolled it while newer traces arrive, drawing only the rows on screen', async () => {
    const service = 'find-bulk';
    const base = Date.now() - 600_000;
    const bulk = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => ({
        traceId: hexId(16),
        spans: [{ service, spanId: hexId(8), parentSpanId: '', name: `GET /item/${from + i}`, kind: 2, startMs: (from + i) * 100, durationMs: 1 + ((from + i) % 50) }],
      }));
    for (const t of bulk(1500, 0)) await post(t.traceId, t.spans, base);
    const key = await vscode.commands.executeCommand<string>('telemetryInspector.findTraces', { service });
    const first = await drawn(() => findPanel(key), () => assert.equal(find().search!.lastView?.matched, 1500));
    assert.equal(findPanel(key).ready!.rows >= 0, true);
    const top = 400 * 24; // row 400 (ROW_H in search/main.ts)
    find().search!.post({ type: 'scrollTo', top });
    const scrolled = await drawn(() => findPanel(key), (s) => assert.equal(s.scrollTop, top));
    assert.ok(scrolled.topItem && scrolled.topItem !== first.topItem, 'another trace is at the top of the view');
    assert.ok(findPanel(key).ready!.rendered < 100, `virtualized: ${findPanel(key).ready!.rendered} rows drawn for 1,500`);
    // Newer traces land above the rows in view.
    const generation = findPanel(key).generation;
    for (const t of bulk(5, 1500)) await post(t.traceId, t.spans, base);
    const after = await drawn(
      () => findPanel(key),
      () => {
        assert.ok(findPanel(key).generation > generation, 'searched again for the new traces');
        assert.equal(find().search!.lastView?.matched, 1505);
      },
    );
    assert.equal(after.topItem, scrolled.topItem, 'the same trace stays at the top of the view');
    assert.equal(after.scrollTop, top + 5 * 24, 'pushed down by the five rows above it');
  });

  it('a log record in the tree that carries a trace id opens its trace at its span', async () => {
    const tree = api.instancesProvider;
    const label = (n: Node) => {
      const l = tree.getTreeItem(n).label;
      return typeof l === 'string' ? l : (l?.label ?? '');
    };
    const service = (await tree.getChildren()).find((n) => label(n) === SERVICE)!;
    const instance = (await tree.getChildren(service)).find((n) => label(n) === INSTANCE)!;
    const logsNode = (await tree.getChildren(instance)).find((n) => n.kind === 'signal' && n.signal === 'logs')!;
    const logs = (await tree.getChildren(logsNode)).filter((n) => n.kind === 'log');
    // The failed request's record: the one whose row opens its trace (a click runs the row's command).
    const sentLogs = (await api.engine.snapshot()).instances.flatMap((i) => i.logs);
    const record = sentLogs.find((l) => l.traceId === sent.traceIds[2])!;
    let failed: Node | undefined;
    for (const n of logs) {
      const item = tree.getTreeItem(n);
      if (item.command?.command === 'telemetryInspector.openLogTrace' && (await api.engine.logTraceRef(n))?.traceId === sent.traceIds[2]) failed = n;
    }
    assert.ok(failed, `the failed request's log record is in the tree, and clicking it opens its trace (${logs.length} records)`);
    assert.equal(tree.getTreeItem(failed).contextValue, 'log', 'its menu offers Open Trace at Span');
    const key = await vscode.commands.executeCommand<string>('telemetryInspector.openLogTrace', failed);
    assert.equal(key, `trace:${sent.traceIds[2]}:${instanceKey}`);
    await drawn(() => tracePanel(key), (s) => assert.equal(s.selected, record.spanId, 'the log record’s span is selected'));
  });

  it('Compare with… puts the latest other trace with the same root name beside it: matched spans, the status change', async () => {
    const key = await vscode.commands.executeCommand<string>('telemetryInspector.compareTrace', { traceId: sent.traceIds[2], instanceKey, baseline: 'default' });
    await drawn(() => findPanel(key));
    const diff = find().diffs.find((d) => d.key === key)!.last!;
    assert.equal(diff.baseline.traceId, sent.traceIds[0], 'the default baseline: the latest other GET /checkout');
    assert.equal(diff.current.traceId, sent.traceIds[2]);
    assert.deepEqual(
      diff.rows.map((r) => [r.kind, r.name]),
      [
        ['matched', 'GET /checkout'],
        ['matched', 'db.query'],
      ],
    );
    assert.equal(diff.rows[0].statusChange, 'now fails');
    assert.match(diff.summary, /^2 matched · 1 status change$/);
    assert.equal(findPanel(key).ready!.rows, 2);

    // From the palette without a baseline: the quick pick offers the default first.
    const opening = vscode.commands.executeCommand<string>('telemetryInspector.compareTrace', { traceId: sent.traceIds[2], instanceKey });
    let again: string | undefined;
    void opening.then((k) => (again = k));
    await eventually(async () => {
      if (again === undefined) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.ok(again, 'the quick pick was answered');
    }, 30_000, 300);
    assert.equal(again, key, 'the same comparison: the panel is revealed, not opened twice');
  });

  it('an exemplar opens its trace at its span when the trace is held', async () => {
    const { body, recorded } = await exemplarMetricsJson('find-exemplars');
    assert.equal(await postOtlpJson(port(), '/v1/metrics', new TextDecoder().decode(body)), 200);
    const missing = await vscode.commands.executeCommand<string | undefined>('telemetryInspector.openExemplarTrace', { traceId: recorded.traceId, spanId: recorded.spanId });
    assert.equal(missing, undefined, 'not held yet: nothing opens');
    await post(recorded.traceId, [{ service: 'exemplars', instance: 'find-exemplars', spanId: recorded.spanId, parentSpanId: '', name: 'GET /checkout', kind: 2, startMs: 0, durationMs: 250 }]);
    await eventually(async () => assert.equal((await api.engine.findTrace(recorded.traceId)).length, 1), 30_000);
    const key = await vscode.commands.executeCommand<string>('telemetryInspector.openExemplarTrace', { traceId: recorded.traceId, spanId: recorded.spanId });
    await drawn(() => tracePanel(key), (s) => assert.equal(s.selected, recorded.spanId));
  });
});
