// The trace and metric panels and jump to source, in a real VS Code: data from the OpenTelemetry SDK fixture app
// and from OTLP/JSON posted like an exporter would, panels opened through the commands the tree calls, and their
// webviews' own 'ready' messages (rows drawn) read back through the API. The fixture workspace sets
// telemetryInspector.receiver.port to 0, so the receiver takes a free port (4318 may be taken).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TelemetryInspectorApi } from '../../../src/extension/extension';
import type { PanelInfo } from '../../../src/extension/panels/panelManager';
import type { ViewState } from '../../../src/webview/shared/messages';
import type { OpenSourceResult } from '../../../src/extension/panels/openSource';
import { eventually, type AppSent } from '../../helpers/process';
import { checkoutTrace, hexId, postOtlpJson, tracesRequest, wideTrace } from '../panelsData';
import { activateApi, listeningPort, sendFromApp } from './extensionApi';

const SERVICE = 'panels-suite-app';
const INSTANCE = 'panels-1';

let api: TelemetryInspectorApi;

function port(): number {
  return listeningPort(api);
}

function panel(key: string | undefined): PanelInfo {
  assert.ok(key, 'the command returned a panel key');
  const p = api.panels.panels().find((x) => x.key === key);
  assert.ok(p, `no panel ${key} among ${api.panels.panels().map((x) => x.key).join(', ')}`);
  return p;
}

/** Waits for the panel's webview to report its first draw. */
async function ready(key: string | undefined, timeoutMs = 60_000): Promise<PanelInfo> {
  return eventually(() => {
    const p = panel(key);
    assert.ok(p.ready, `panel ${key} has not reported 'ready' yet`);
    return p;
  }, timeoutMs, 100);
}

/**
 * Waits until the webview has drawn the panel's latest data and reported where the user is after that draw
 * (scroll, selection, what it shows), and `check` accepts it; returns that report.
 */
async function drawnState(key: string, check: (s: ViewState, p: PanelInfo) => void = () => undefined, timeoutMs = 30_000): Promise<ViewState> {
  return eventually(() => {
    const p = panel(key);
    assert.ok(p.viewState, `panel ${key} has not reported its view state`);
    assert.equal(p.viewState.generation, p.generation, 'the webview has drawn the latest data');
    check(p.viewState, p);
    return p.viewState;
  }, timeoutMs, 100);
}

async function post(spans: ReturnType<typeof checkoutTrace>, traceId: string): Promise<void> {
  const status = await postOtlpJson(port(), '/v1/traces', tracesRequest(traceId, spans));
  assert.equal(status, 200);
}

const workspaceDir = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

/** A trace's root span as the engine keeps it (its snapshot, as the CLI's --json prints it). */
async function rootSpan(traceId: string): Promise<{ spanId: string; startTimeUnixNano: number; attributes: Record<string, unknown> }> {
  const snapshot = await api.engine.snapshot();
  for (const instance of snapshot.instances) {
    const trace = instance.traces.find((t) => t.traceId === traceId);
    const root = trace?.spans.find((s) => !s.parentSpanId);
    if (root) return root;
  }
  throw new Error(`no root span of trace ${traceId}`);
}

describe('trace and metric panels', function () {
  this.timeout(180_000);
  let sent: AppSent;
  let instanceKey: string;
  /** The 5,000-span trace's panel, and the chart's, for the tests that scroll them. */
  let wide: { key: string; traceId: string } | undefined;
  let chartKey: string | undefined;

  before(async () => {
    api = await activateApi();
    assert.ok(api.panels, 'activate() returns the panel manager');
    await eventually(() => port(), 30_000);
    sent = await sendFromApp(api, SERVICE, INSTANCE);
    await eventually(async () => {
      const found = await api.engine.findTrace(sent.traceIds[0]);
      assert.equal(found.length, 1);
      assert.equal(found[0].spanCount, 2);
      instanceKey = found[0].instance.key;
    }, 30_000);
  });

  after(async () => {
    api?.panels.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a trace as the tree does, draws its rows, and reuses the panel when asked again', async () => {
    const traceId = sent.traceIds[0];
    // The tree passes its trace element: { kind: 'trace', id, instanceKey, traceId, … }.
    const key = await vscode.commands.executeCommand<string>('telemetryInspector.openTrace', { kind: 'trace', id: 'x', instanceKey, traceId });
    const p = await ready(key);
    assert.equal(p.kind, 'trace');
    assert.equal(p.visible, true);
    assert.equal(p.ready!.rows, 2, 'root span and its db.query child');
    assert.equal(p.ready!.rendered, 2);
    assert.equal(p.title, `Trace: GET /checkout · ${traceId.slice(0, 8)}`);
    const again = await vscode.commands.executeCommand<string>('telemetryInspector.openTrace', { instanceKey, traceId });
    assert.equal(again, key);
    assert.equal(api.panels.panels().filter((x) => x.key === key).length, 1, 'one panel per trace');
  });

  it('lays an open trace out again when more of its spans arrive', async () => {
    const traceId = sent.traceIds[1];
    const key = await vscode.commands.executeCommand<string>('telemetryInspector.openTrace', { instanceKey, traceId });
    assert.equal((await ready(key)).rows, 2);
    const root = await rootSpan(traceId);
    // A late span of the same trace and instance, under the root.
    await post([{ service: SERVICE, instance: INSTANCE, spanId: hexId(8), parentSpanId: root.spanId, name: 'late.child', kind: 1, startMs: 0, durationMs: 1 }], traceId);
    await eventually(() => assert.equal(panel(key).rows, 3), 30_000, 100);
  });

  it('asks which instance when a trace id was sent by several, and can show them together', async () => {
    const traceId = hexId(16);
    await post(checkoutTrace(), traceId); // five services, each its own instance
    await eventually(async () => assert.equal((await api.engine.findTrace(traceId)).length, 5), 30_000);
    // From the palette: a bare trace id. The quick pick offers "All 5 instances together" first: accept it.
    const opening = vscode.commands.executeCommand<string>('telemetryInspector.openTrace', traceId);
    let key: string | undefined;
    void opening.then((k) => (key = k));
    await eventually(async () => {
      if (key === undefined) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.ok(key, 'the quick pick was answered');
    }, 30_000, 300);
    assert.equal(key, `trace:${traceId}:*`);
    const p = await ready(key);
    assert.equal(p.ready!.rows, checkoutTrace().length);
  });

  it('draws a 5,000-span trace quickly, rendering only the rows on screen', async () => {
    const traceId = hexId(16);
    const spans = wideTrace(5000, 'load-app');
    // Five requests of 1,000 spans, as a batching exporter would send them.
    for (let i = 0; i < spans.length; i += 1000) await post(spans.slice(i, i + 1000), traceId);
    await eventually(async () => assert.equal((await api.engine.findTrace(traceId))[0]?.spanCount, 5000), 30_000);
    const started = Date.now();
    const key = await vscode.commands.executeCommand<string>('telemetryInspector.openTrace', traceId);
    const p = await ready(key);
    const wall = Date.now() - started;
    console.log(
      `      5,000-span trace: open → ready ${Math.round(p.ready!.openToReadyMs)} ms (command to ready ${wall} ms); ` +
        `webview drew ${p.ready!.rendered} DOM rows in ${Math.round(p.ready!.renderMs)} ms`,
    );
    assert.equal(p.ready!.rows, 5000);
    assert.ok(p.ready!.rendered > 0 && p.ready!.rendered < 200, `virtualized: ${p.ready!.rendered} DOM rows for 5,000 spans`);
    // Generous for a shared 2-core machine; it takes well under a second on an idle one.
    assert.ok(p.ready!.openToReadyMs < 15_000, `took ${p.ready!.openToReadyMs} ms`);
    wide = { key: key!, traceId };
  });

  it('keeps the span list where the user scrolled it, and the selection, when more spans arrive above', async () => {
    assert.ok(wide, 'the 5,000-span trace is open');
    const { key, traceId } = wide;
    await drawnState(key);
    const top = 400 * 22; // row 400
    assert.ok(api.panels.scrollTo(key, top));
    const scrolled = await eventually(() => {
      const s = panel(key).viewState!;
      assert.equal(s.scrollTop, top);
      assert.ok(s.topItem && s.selected, 'a span at the top of the view, and the root selected');
      return s;
    }, 10_000, 100);
    // A late child of the root that starts with it: it is laid out first among the root's children, above the
    // rows in view, and pushes them down by one row.
    const root = await rootSpan(traceId);
    const generation = panel(key).generation;
    const late = [{ service: 'load-app', spanId: hexId(8), parentSpanId: root.spanId, name: 'late.first', kind: 1, startMs: 0, durationMs: 1 }];
    assert.equal(await postOtlpJson(port(), '/v1/traces', tracesRequest(traceId, late, root.startTimeUnixNano / 1e6)), 200);
    const after = await drawnState(key, (_, p) => assert.ok(p.generation > generation && p.rows === 5001, 'laid out again with the late span'));
    assert.equal(after.topItem, scrolled.topItem, 'the same span stays at the top of the view');
    assert.equal(after.selected, scrolled.selected, 'the selection is kept');
  });

  it('tells two trace tabs with the same root name apart by the short trace id', async () => {
    const ids = [hexId(16), hexId(16)];
    for (const id of ids) {
      await post([{ service: SERVICE, instance: INSTANCE, spanId: hexId(8), parentSpanId: '', name: 'GET /same', kind: 2, startMs: 0, durationMs: 5 }], id);
    }
    await eventually(async () => {
      for (const id of ids) assert.equal((await api.engine.findTrace(id)).length, 1);
    }, 30_000);
    const titles: string[] = [];
    for (const id of ids) titles.push((await ready(await vscode.commands.executeCommand<string>('telemetryInspector.openTrace', id))).title);
    assert.deepEqual(titles, ids.map((id) => `Trace: GET /same · ${id.slice(0, 8)}`));
  });

  it('opens the chart of a series, and redraws it when new points arrive', async () => {
    const all = (await api.engine.seriesList()).filter((s) => s.instanceKey === instanceKey);
    const series = all.find((s) => s.name === 'app.request.duration{route="/checkout"}');
    assert.ok(series, `no app.request.duration{route="/checkout"} among ${all.map((s) => s.name).join(', ')}`);
    const stream = { key: series.streamKey };
    const target = { kind: 'series', instanceKey, streamKey: stream.key, seriesKey: series.seriesKey };
    const key = await vscode.commands.executeCommand<string>('telemetryInspector.openMetricChart', target);
    const p = await ready(key);
    assert.equal(p.kind, 'metric');
    assert.equal(p.visible, true);
    assert.ok(p.ready!.rows >= 1, 'at least one quantile point drawn');
    assert.ok(p.ready!.rendered > 3, `quantile lines and bucket bars drawn (${p.ready!.rendered})`);
    assert.match(p.title, /^Chart: app\.request\.duration\{route="\/checkout"\}$/);
    // Asked again: the same panel.
    const sameKey = await vscode.commands.executeCommand<string>('telemetryInspector.openMetricChart', { instanceKey, streamKey: stream.key, seriesKey: series.seriesKey });
    assert.equal(sameKey, key);
    // More points for the same instance: the open chart is redrawn from the store's change events.
    const before = p.updates;
    await sendFromApp(api, SERVICE, INSTANCE);
    await eventually(() => assert.ok(panel(key).updates > before, 'the chart was updated'), 30_000, 100);
    chartKey = key;
  });

  it('keeps a live chart where the user scrolled it when it redraws with new points', async () => {
    assert.ok(chartKey, 'the chart is open');
    const key = chartKey;
    // The bottom panel open makes the editor shorter, so the chart's page scrolls (as in a 900 px window).
    await vscode.commands.executeCommand('workbench.action.focusPanel');
    try {
      // Scrolled as far down as it goes (the bucket axis at the bottom is what the user wants to read).
      await drawnState(key);
      assert.ok(api.panels.scrollTo(key, 100_000));
      const bottom = await eventually(() => {
        const s = panel(key).viewState!;
        assert.ok(s.scrollTop > 40 && s.scrollTop === s.scrollHeight - s.clientHeight, `scrolled to ${s.scrollTop} px of ${s.scrollHeight - s.clientHeight}`);
        return s.scrollTop;
      }, 10_000, 100);
      const generation = panel(key).generation;
      await sendFromApp(api, SERVICE, INSTANCE);
      const after = await drawnState(key, (_, p) => assert.ok(p.generation > generation, 'redrawn with new points'));
      const expected = Math.min(bottom, after.scrollHeight - after.clientHeight);
      assert.ok(Math.abs(after.scrollTop - expected) <= 1, `scrolled to ${bottom} px, at ${after.scrollTop} px after the redraw`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closePanel');
    }
  });

  it('none of the webviews had anything blocked by its Content-Security-Policy', () => {
    const open = api.panels.panels();
    assert.ok(open.length >= 4, `${open.length} panels open`);
    for (const p of open) assert.deepEqual(p.cspViolations, [], p.title);
  });

  describe('jump to source', () => {
    async function sourceSpan(attributes: Record<string, string | number>): Promise<{ traceId: string; spanId: string }> {
      const traceId = hexId(16);
      const spanId = hexId(8);
      await post([{ service: SERVICE, instance: INSTANCE, spanId, parentSpanId: '', name: 'with source', kind: 1, startMs: 0, durationMs: 1, attributes }], traceId);
      await eventually(async () => assert.ok((await api.engine.findTrace(traceId)).length), 30_000);
      return { traceId, spanId };
    }

    it('opens a relative code.filepath in the workspace at code.lineno', async () => {
      const ref = await sourceSpan({ 'code.filepath': 'README.txt', 'code.lineno': 2, 'code.function': 'readme' });
      const result = await vscode.commands.executeCommand<OpenSourceResult>('telemetryInspector.openSpanSource', ref);
      assert.equal(result.status, 'opened');
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor);
      assert.equal(editor.document.uri.fsPath, path.join(workspaceDir(), 'README.txt'));
      assert.equal(editor.selection.active.line, 1, 'line 2, zero-based 1');
    });

    it('reads the newer code.file.path / code.line.number / code.column.number names', async () => {
      const file = path.join(workspaceDir(), 'README.txt');
      const ref = await sourceSpan({ 'code.file.path': file, 'code.line.number': 1, 'code.column.number': 5, 'code.function.name': 'x.y' });
      const result = await vscode.commands.executeCommand<OpenSourceResult>('telemetryInspector.openSpanSource', ref);
      assert.equal(result.status, 'opened');
      const editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.uri.fsPath, file);
      assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [0, 4]);
    });

    it('asks before opening a file outside the workspace (the SDK app names its own compiled file)', async () => {
      const root = await rootSpan(sent.traceIds[0]);
      assert.equal(root.attributes['code.lineno'], 42);
      const ref = { traceId: sent.traceIds[0], spanId: root.spanId };
      let asked = '';
      const declined = await api.panels.openSpanSource(ref, { confirmOutside: async (p) => ((asked = p), false) });
      assert.equal(declined.status, 'declined');
      assert.equal(asked, String(root.attributes['code.filepath']));
      const opened = await api.panels.openSpanSource(ref, { confirmOutside: async () => true });
      assert.equal(opened.status, 'opened');
      assert.equal(vscode.window.activeTextEditor!.document.uri.fsPath, root.attributes['code.filepath']);
      assert.equal(vscode.window.activeTextEditor!.selection.active.line, 41);
    });

    it('says so when the file does not exist, or the span names none', async () => {
      const missing = await sourceSpan({ 'code.filepath': 'src/no/such/file.ts', 'code.lineno': 3 });
      const r1 = await vscode.commands.executeCommand<OpenSourceResult>('telemetryInspector.openSpanSource', missing);
      assert.deepEqual(r1, { status: 'notFound', path: 'src/no/such/file.ts' });
      const none = await sourceSpan({ 'http.route': '/' });
      const r2 = await vscode.commands.executeCommand<OpenSourceResult>('telemetryInspector.openSpanSource', none);
      assert.equal(r2.status, 'noSource');
      const gone = await vscode.commands.executeCommand<OpenSourceResult>('telemetryInspector.openSpanSource', { traceId: hexId(16), spanId: hexId(8) });
      assert.equal(gone.status, 'noSpan');
    });
  });

  // Last: it clears the store.
  describe('after Clear Data', () => {
    it('an open trace panel keeps the trace it showed, marked as cleared, also when shown again', async () => {
      const traceId = hexId(16);
      const rootId = hexId(8);
      await post(
        [
          { service: SERVICE, instance: INSTANCE, spanId: rootId, parentSpanId: '', name: 'GET /before-clear', kind: 2, startMs: 0, durationMs: 40 },
          { service: SERVICE, instance: INSTANCE, spanId: hexId(8), parentSpanId: rootId, name: 'SELECT', kind: 3, startMs: 5, durationMs: 20 },
        ],
        traceId,
      );
      await eventually(async () => assert.equal((await api.engine.findTrace(traceId))[0]?.spanCount, 2), 30_000);
      const key = (await ready(await vscode.commands.executeCommand<string>('telemetryInspector.openTrace', traceId))).key;
      const title = `Trace: GET /before-clear · ${traceId.slice(0, 8)}`;
      assert.equal(panel(key).title, title);

      await api.engine.clear(); // what Telemetry: Clear Data does once the user agrees
      await eventually(() => assert.equal(panel(key).title, `${title} (cleared)`), 30_000, 100);
      const cleared = (s: ViewState, p: PanelInfo) => {
        assert.equal(s.heading, 'GET /before-clear');
        assert.match(s.note, /cleared/);
        assert.equal(p.rows, 2, 'the spans it had');
      };
      await drawnState(key, cleared);

      // Hidden, its page is discarded; shown again, it draws the same trace, not "(no spans)".
      await vscode.window.showTextDocument(vscode.Uri.file(path.join(workspaceDir(), 'README.txt')), { preview: false });
      await eventually(() => assert.equal(panel(key).visible, false), 10_000, 100);
      await vscode.commands.executeCommand('workbench.action.previousEditor');
      await eventually(() => assert.equal(panel(key).visible, true), 10_000, 100);
      await drawnState(key, cleared);
      assert.equal(panel(key).title, `${title} (cleared)`);
    });
  });
});
