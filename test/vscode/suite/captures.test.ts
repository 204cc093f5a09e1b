// Captures in a real VS Code (issue 14): what the receivers accept is written to segment files in the workspace's
// storage as it arrives; Export Capture writes OTLP JSON Lines (one Export*ServiceRequest per line) of what is
// kept; Open Capture loads such a file into the Captures view, apart from live data, with the same instances, and
// a trace of it opens in the trace panel; a bad file is reported by line and field. Data comes from the
// OpenTelemetry SDK fixture app (real exporters over OTLP/HTTP).
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as vscode from 'vscode';
import type { ExportSummary } from '../../../src/core/api/engineApi';
import type { TelemetryInspectorApi } from '../../../src/extension/extension';
import type { OpenCaptureResult } from '../../../src/extension/captures/captureCommands';
import type { CaptureNode } from '../../../src/extension/captures/capturesTreeProvider';
import { eventually, type AppSent } from '../../helpers/process';
import { activateApi, labelOf, listeningPort, sendFromApp, tooltipText } from './extensionApi';

const SERVICE = 'captures-suite-app';
const INSTANCE = 'captures-1';

let api: TelemetryInspectorApi;
let sent: AppSent;
let dir: string;

type Line = { resourceSpans?: unknown[]; resourceMetrics?: unknown[]; resourceLogs?: unknown[] };

/** Every line of a JSON Lines file as a parsed object (each must parse). */
function jsonLines(text: string): Line[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as Line;
      } catch (e) {
        throw new Error(`line ${i + 1} is not JSON: ${(e as Error).message}`, { cause: e });
      }
    });
}

/** Which request a line is: exactly one of the three OTLP request shapes, with a non-empty list. */
function signalOf(line: Line): 'traces' | 'metrics' | 'logs' {
  const keys = (['resourceSpans', 'resourceMetrics', 'resourceLogs'] as const).filter((k) => k in line);
  assert.equal(keys.length, 1, `a line holds one request: ${JSON.stringify(line).slice(0, 200)}`);
  assert.ok(Array.isArray(line[keys[0]]) && line[keys[0]]!.length > 0, `${keys[0]} is a non-empty list`);
  return keys[0] === 'resourceSpans' ? 'traces' : keys[0] === 'resourceMetrics' ? 'metrics' : 'logs';
}

/** The trace ids of the spans in some lines. */
function traceIdsOf(lines: Line[]): Set<string> {
  const ids = new Set<string>();
  for (const l of lines) {
    for (const rs of (l.resourceSpans ?? []) as { scopeSpans: { spans: { traceId: string }[] }[] }[]) {
      for (const ss of rs.scopeSpans) for (const s of ss.spans) ids.add(s.traceId);
    }
  }
  return ids;
}

async function children(node?: CaptureNode): Promise<CaptureNode[]> {
  return api.capturesProvider.getChildren(node);
}

async function child(node: CaptureNode | undefined, label: string): Promise<CaptureNode> {
  const all = await children(node);
  const found = all.find((n) => labelOf(api.capturesProvider.getTreeItem(n)) === label);
  assert.ok(found, `no "${label}" among ${all.map((n) => labelOf(api.capturesProvider.getTreeItem(n))).join(', ')}`);
  return found;
}

describe('Captures: persistence, Export Capture, Open Capture', function () {
  this.timeout(120_000);

  before(async () => {
    api = await activateApi();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ti-captures-'));
    await eventually(() => listeningPort(api), 30_000);
    sent = await sendFromApp(api, SERVICE, INSTANCE);
    assert.ok(sent.traceIds.length > 0, 'the app sent traces');
  });

  after(async () => {
    for (const c of await api.engine.captures()) await api.engine.closeCapture(c.id);
    // Open Capture showed the Telemetry container; the suites after this one expect the sidebar as it was (a
    // visible tree has its rows drawn by VS Code too, which resets what the live-views suite counts on).
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.view.explorer');
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('keeps what arrives in segment files under the workspace storage, and says so in the status bar tooltip', async () => {
    const keptIn = api.persistenceDir;
    assert.ok(keptIn, 'persistence is on by default');
    assert.match(keptIn, /workspaceStorage/, 'kept in this workspace’s storage');
    const status = await eventually(() => {
      const p = api.engine.status.persistence;
      assert.ok(p, 'the status has a persistence section');
      assert.equal(p.state, 'ok');
      // At least one request per signal the app sent (spans, metrics, logs).
      assert.ok(p.written.records >= 3, `written ${p.written.records} requests`);
      return p;
    }, 30_000);
    assert.equal(status.dir, keptIn);
    const files = await fs.readdir(keptIn);
    const sizes = await Promise.all(files.map(async (f) => (await fs.stat(path.join(keptIn, f))).size));
    assert.ok(files.length > 0 && sizes.reduce((a, b) => a + b, 0) >= status.written.bytes, `segment files there: ${files.join(', ')} (${sizes.join(', ')} bytes)`);
    const tip = api.statusBar.tooltip;
    const text = typeof tip === 'string' ? tip : (tip?.value ?? '');
    assert.match(text, /Kept on disk: [\d,]+ requests?, [\d.]+ (KB|MB|B) of 256 MB/);
  });

  it('Export Capture writes OTLP JSON Lines of everything, and of one trace gzip-compressed', async () => {
    const everything = path.join(dir, 'everything.jsonl');
    const summary = (await vscode.commands.executeCommand('telemetryInspector.exportCapture', undefined, { file: everything })) as ExportSummary;
    assert.ok(summary, 'the command returned what it wrote');
    const lines = jsonLines(await fs.readFile(everything, 'utf8'));
    assert.equal(lines.length, summary.lines);
    const signals = new Set(lines.map(signalOf));
    assert.deepEqual([...signals].sort(), ['logs', 'metrics', 'traces']);
    for (const id of sent.traceIds) assert.ok(traceIdsOf(lines).has(id), `trace ${id} is in the export`);
    assert.ok(summary.items.spans >= sent.spans, `${summary.items.spans} spans exported, the app sent ${sent.spans}`);

    const traceId = sent.traceIds[0];
    const one = path.join(dir, 'one-trace.jsonl.gz');
    const oneSummary = (await vscode.commands.executeCommand('telemetryInspector.exportCapture', undefined, { file: one, scope: { traceId } })) as ExportSummary;
    assert.equal(oneSummary.gzip, true);
    const oneLines = jsonLines(gunzipSync(await fs.readFile(one)).toString('utf8'));
    assert.ok(oneLines.length > 0);
    assert.deepEqual([...traceIdsOf(oneLines)], [traceId], 'only that trace');
    assert.ok(oneLines.every((l) => signalOf(l) !== 'metrics'), 'a trace export leaves metrics out');
  });

  it('Open Capture shows the file under Captures with the same instances, apart from live data, and a trace of it opens in the trace panel', async () => {
    const [live] = (await api.engine.instances()).filter((i) => i.serviceName === SERVICE);
    assert.ok(live, 'the app is a live instance');
    const file = path.join(dir, 'instance.jsonl');
    // From the instance's row, as its context menu runs it.
    await vscode.commands.executeCommand('telemetryInspector.exportCapture', { kind: 'instance', id: 'x', instanceKey: live.key }, { file });
    const result = (await vscode.commands.executeCommand('telemetryInspector.openCapture', vscode.Uri.file(file))) as OpenCaptureResult;
    assert.equal(result.level, 'info', result.message);
    assert.match(result.message, /^Opened instance\.jsonl: \d+ requests \(\d+ spans, \d+ points, \d+ log records\) from 1 instance/);

    const [captureNode] = await children();
    assert.equal(labelOf(api.capturesProvider.getTreeItem(captureNode)), 'instance.jsonl');
    assert.match(await tooltipText(api.capturesProvider, captureNode), /a capture file, not live data/);
    const service = await child(captureNode, SERVICE);
    const instance = await child(service, INSTANCE);
    assert.equal(instance.kind === 'instance' && instance.instanceKey, live.key, 'the same instance as live data');
    // The capture's instance is the live one: its resource, and the same traces with the same spans.
    type Snap = Awaited<ReturnType<typeof api.engine.snapshot>>;
    const shape = (s: Snap | undefined) =>
      (s?.instances ?? [])
        .filter((i) => i.service === SERVICE)
        .map((i) => ({ service: i.service, instance: i.instance, resource: i.resource, traces: i.traces.map((t) => `${t.traceId}:${t.spans.length}`).sort() }));
    const captured = shape(await api.engine.captureSnapshot(captureNode.capture));
    assert.equal(captured.length, 1);
    assert.deepEqual(captured, shape(await api.engine.snapshot()));
    // The live Instances view does not show the capture.
    const liveTop = await api.instancesProvider.getChildren();
    assert.ok(liveTop.every((n) => labelOf(api.instancesProvider.getTreeItem(n)) !== 'instance.jsonl'));

    const traces = await child(instance, 'Traces');
    const traceNodes = await children(traces);
    const traceNode = traceNodes.find((n) => n.kind === 'trace' && n.traceId === sent.traceIds[0]);
    assert.ok(traceNode, `trace ${sent.traceIds[0]} is in the capture (${traceNodes.length} traces)`);
    const item = api.capturesProvider.getTreeItem(traceNode);
    assert.equal(item.command?.command, 'telemetryInspector.openTrace', 'a click opens the trace');
    const key = (await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []))) as string;
    assert.match(key, /capture-\d+$/, 'the panel reads the capture');
    const panel = await eventually(() => {
      const p = api.panels.panels().find((x) => x.key === key);
      assert.ok(p?.ready, 'the trace panel drew');
      return p;
    }, 60_000, 100);
    assert.ok((panel.rows ?? 0) > 0, 'with its spans');
    assert.match(panel.title, /· capture/);

    assert.equal(await vscode.commands.executeCommand('telemetryInspector.closeCapture', captureNode), true);
    assert.deepEqual(await children(), []);
  });

  it('a bad file: the lines that decode are kept, the rest counted, each named by line and field', async () => {
    const good = (await fs.readFile(path.join(dir, 'everything.jsonl'), 'utf8')).split('\n')[0];
    const bad = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'xyz', spanId: 'b7ad6b7169203331', name: 'y' }] }] }] });
    const mixed = path.join(dir, 'mixed.jsonl');
    await fs.writeFile(mixed, `${good}\n${bad}\nnot json\n`);
    const partly = (await vscode.commands.executeCommand('telemetryInspector.openCapture', vscode.Uri.file(mixed))) as OpenCaptureResult;
    assert.equal(partly.level, 'warning');
    assert.equal(partly.summary?.problems.count, 2);
    assert.match(partly.message, /2 lines could not be used and were skipped: line 2: resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: expected a hex id/);
    assert.match(partly.message, /line 3: invalid JSON/);
    assert.equal((await children()).length, 1, 'what decoded is shown');

    const hopeless = path.join(dir, 'hopeless.json');
    await fs.writeFile(hopeless, '{"resourceSpans": 3}\n');
    const refused = (await vscode.commands.executeCommand('telemetryInspector.openCapture', vscode.Uri.file(hopeless))) as OpenCaptureResult;
    assert.equal(refused.level, 'error');
    assert.match(refused.message, /^Could not open hopeless\.json: .*line 1: resourceSpans: expected an array/);
    assert.equal((await children()).length, 1, 'nothing added');
  });
});
