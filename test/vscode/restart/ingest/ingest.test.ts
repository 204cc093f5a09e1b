// Restart phase 1 (launcher/runRestart.ts): a real SDK app sends to the extension's receiver, with persistence
// on; a trace panel and a chart are opened (each in its own editor group, so both are visible at the reload);
// what was seen is written down for the phases after the reload and the crash.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TelemetryInspectorApi } from '../../../../src/extension/extension';
import { eventually, runApp } from '../../../helpers/process';
import { activateApi, listeningPort } from '../../suite/extensionApi';
import { expectSeen } from '../checks';
import { controlDir, files, writeJson, type Seen } from '../protocol';

const SERVICE = 'restart-app';

describe('restart phase 1: before the reload', function () {
  this.timeout(180_000);
  let api: TelemetryInspectorApi;
  const seen: Seen = { instances: [], traces: [], series: [], panels: { trace: '', metric: '' } };

  before(async () => {
    api = await activateApi();
  });

  it('keeps what it receives on disk (the user setting the launcher wrote)', () => {
    assert.equal(vscode.workspace.getConfiguration('telemetryInspector').get('persistence.enabled'), true);
  });

  it('receives traces and metrics from a real SDK app', async () => {
    const port = await eventually(() => listeningPort(api), 30_000);
    const sent = await runApp({
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_SERVICE_NAME: SERVICE,
      APP_INSTANCE_ID: 'before-reload',
      APP_ROUNDS: '3',
      ELECTRON_RUN_AS_NODE: '1',
    });
    assert.ok(sent.traceIds.length >= 3, `the app sent ${sent.traceIds.length} traces`);
    await eventually(async () => {
      seen.traces = [];
      for (const traceId of sent.traceIds) {
        const found = await api.engine.findTrace(traceId);
        assert.equal(found.length, 1, `trace ${traceId} held ${found.length} times`);
        seen.traces.push({ traceId, instanceKey: found[0].instance.key, spanCount: found[0].spanCount });
      }
    }, 30_000);
    const instanceKey = seen.traces[0].instanceKey;
    const instance = await api.engine.instance(instanceKey);
    assert.ok(instance);
    seen.instances = [{ key: instanceKey, service: instance.service }];
    seen.series = await eventually(async () => {
      const series = (await api.engine.seriesList()).filter((s) => s.instanceKey === instanceKey);
      assert.ok(series.length >= 2, `${series.length} series held`);
      return series.map((s) => ({ instanceKey: s.instanceKey, streamKey: s.streamKey, seriesKey: s.seriesKey, name: s.name }));
    }, 30_000);
    await eventually(() => expectSeen(api, seen), 10_000, 200);
  });

  it('opens a trace panel and a chart, and both draw', async () => {
    const t = seen.traces[0];
    const traceKey = await vscode.commands.executeCommand<string>('telemetryInspector.openTrace', { traceId: t.traceId, instanceKey: t.instanceKey });
    assert.ok(traceKey);
    const s = seen.series[0];
    const metricKey = await vscode.commands.executeCommand<string>('telemetryInspector.openMetricChart', { instanceKey: s.instanceKey, streamKey: s.streamKey, seriesKey: s.seriesKey });
    assert.ok(metricKey);
    // The chart into an editor group of its own: a tab in the background is restored only when shown, so both stay in view.
    await vscode.commands.executeCommand('workbench.action.moveEditorToRightGroup');
    await eventually(() => {
      const open = api.panels.panels();
      const trace = open.find((p) => p.key === traceKey);
      const metric = open.find((p) => p.key === metricKey);
      assert.ok(trace?.ready && trace.ready.rows === t.spanCount, `trace panel not drawn: ${JSON.stringify(open)}`);
      assert.ok(metric?.ready && metric.ready.rows > 0, `chart: ${JSON.stringify(metric?.ready)}`);
      assert.ok(trace.visible && metric.visible, 'both panels in view');
    }, 60_000, 200);
    seen.panels = { trace: traceKey, metric: metricKey };
    writeJson(files(controlDir()).seen, seen);
  });
});
