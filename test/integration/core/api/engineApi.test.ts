// EngineApi in every place an engine runs: in process, in a worker thread (the extension's) and in a child process.
// The same real OpenTelemetry SDK app sends to each; the answers (tree rows, traces, series, status) must be the
// same, and an engine that dies is started again with its settings, its receiver answering on the same port.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as path from 'node:path';
import type { EngineApi } from '../../../../src/core/api/engineApi';
import { InProcessEngine } from '../../../../src/core/api/inProcessEngine';
import { RemoteEngine } from '../../../../src/core/api/remoteEngine';
import type { InstanceNodeData } from '../../../../src/core/views/tree/instancesTree';
import { randomBytes } from 'node:crypto';
import { eventually, REPO_ROOT, runApp } from '../../../helpers/process';

/** The engine host compiled beside this test (out/src/core/api/engineWorker.js). */
const ENTRY = path.join(REPO_ROOT, 'out', 'src', 'core', 'api', 'engineWorker.js');

function probe(port: number): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/v1/traces', agent: false, timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

async function rows(api: EngineApi, parent: InstanceNodeData | null) {
  return (await api.treeRows('instances', { lists: [parent] })).lists[0];
}

/** What a user sees in the Instances view down to the traces, as text. */
async function describeTree(api: EngineApi): Promise<string[]> {
  const out: string[] = [];
  const walk = async (parent: InstanceNodeData | null, depth: number) => {
    for (const r of await rows(api, parent)) {
      // Ages change with time alone; compare what does not.
      out.push(`${'  '.repeat(depth)}${r.node.kind}: ${r.label} · ${(r.description ?? '').replace(/\d+s ago|just now|\d+ min ago/g, 'AGE')}`);
      if (r.node.kind !== 'log' && r.node.kind !== 'trace' && r.node.kind !== 'series' && r.collapsible !== 'none') await walk(r.node, depth + 1);
    }
  };
  await walk(null, 0);
  return out;
}

for (const where of ['in-process', 'worker', 'child-process'] as const) {
  describe(`EngineApi (${where})`, function () {
    this.timeout(60_000);
    let api: EngineApi;

    before(async () => {
      const options = { http: { host: '127.0.0.1', port: 0 }, changeIntervalMs: 50 };
      api = where === 'in-process' ? new InProcessEngine(options) : await RemoteEngine.start(options, { where, entry: ENTRY, allowCrash: true, restartDelayMs: 100 });
      const report = await api.startReceivers();
      assert.deepEqual(report.errors, []);
    });

    after(async () => {
      await api?.dispose();
    });

    it('says where the receiver listens in its status once the start resolves', () => {
      const http = api.status.receivers.http;
      assert.equal(http.state.status, 'listening');
      assert.equal(http.endpoint.url, `http://127.0.0.1:${http.endpoint.port}`);
      assert.equal(api.where, where);
    });

    it('draws the tree, finds traces and series of a real SDK app, and announces the change', async () => {
      const changes: string[] = [];
      const off = api.onChange((c) => changes.push(...c.added));
      const sent = await runApp({ OTEL_EXPORTER_OTLP_ENDPOINT: api.status.receivers.http.endpoint.url, OTEL_SERVICE_NAME: 'api-app', APP_INSTANCE_ID: 'api-1', APP_ROUNDS: '2' });
      await eventually(async () => assert.equal((await api.findTrace(sent.traceIds[0])).length, 1), 15_000);
      await eventually(() => assert.ok(changes.length >= 1, 'an instance was announced'), 5_000);
      off();
      await eventually(() => assert.equal(api.status.store.instances, 1), 5_000);
      const tree = await describeTree(api);
      assert.equal(tree[0], 'service: api-app · 1 instance');
      assert.equal(tree[1], '  instance: api-1 · traces · metrics · logs');
      assert.ok(tree.some((l) => /^ {6}trace: GET \/checkout · .* · 2 spans$/.test(l)), tree.join('\n'));
      const [found] = await api.findTrace(sent.traceIds[0]);
      assert.equal(found.instance.instanceLabel, 'api-1');
      assert.equal(found.spanCount, 2);
      const series = await api.seriesList();
      assert.ok(series.some((s) => s.name === 'app.requests{route="/checkout"}'), series.map((s) => s.name).join(', '));
      // A tooltip, asked for apart (on hover).
      const instance = (await rows(api, (await rows(api, null))[0].node))[0];
      const [tip] = (await api.treeRows('instances', { tooltips: [instance.node] })).tooltips;
      assert.match(tip!.text, /traces: 4 spans/);
      // The trace panel's layout and details come from its session.
      const view = await api.traceView('s1', { traceId: sent.traceIds[0] });
      assert.ok(view.changed && view.layout);
      assert.equal(view.layout.rows.length, 2);
      assert.deepEqual(await api.traceView('s1', { traceId: sent.traceIds[0] }), { changed: false });
      const details = await api.traceSpanDetails('s1', view.layout.rows[0].spanId);
      assert.equal(details?.name, view.layout.rows[0].name);
      await api.clear();
      assert.equal(api.status.store.instances, 0);
      const after = await api.traceView('s1', { traceId: sent.traceIds[0] });
      assert.ok(after.changed);
      assert.equal(after.gone, 'cleared');
    });

    if (where !== 'in-process') {
      it(`a ${where} that dies is restarted with its settings: the receiver answers on the same port again`, async () => {
        const port = api.status.receivers.http.endpoint.port;
        assert.equal(await probe(port), 405);
        const events: string[] = [];
        api.onLifecycle((e) => events.push(e.type));
        await api.crash();
        await eventually(() => assert.deepEqual(events, ['down', 'restarted']), 20_000);
        assert.equal(api.restarts, 1);
        assert.equal(api.up, true);
        assert.equal(api.status.receivers.http.state.status, 'listening');
        assert.equal(await probe(port), 405);
      });
    }
  });
}

/** One OTLP/JSON request of `spans` new spans (fresh ids), each with `attributes` 200-character attributes. */
function bulkyTraces(spans: number, attributes: number): string {
  const traceId = randomBytes(16).toString('hex');
  const value = 'x'.repeat(200);
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bulky' } }] },
        scopeSpans: [
          {
            spans: Array.from({ length: spans }, (_, i) => ({
              traceId,
              spanId: randomBytes(8).toString('hex'),
              name: `op-${i}`,
              kind: 1,
              startTimeUnixNano: '1700000000000000000',
              endTimeUnixNano: '1700000000001000000',
              attributes: Array.from({ length: attributes }, (__, k) => ({ key: `attr.${k}`, value: { stringValue: `${value}${i}` } })),
            })),
          },
        ],
      },
    ],
  });
}

describe('EngineApi (worker) memory isolation', function () {
  this.timeout(120_000);

  it('a worker past its heap limit dies alone (the caller goes on) and is restarted on the same port', async () => {
    // A small heap limit and caps far above it: the engine's heap, not its caps, runs out.
    const api = await RemoteEngine.start({ http: { host: '127.0.0.1', port: 0 }, limits: { maxSpans: 10_000_000 } }, { entry: ENTRY, maxHeapMb: 48, restartDelayMs: 100 });
    try {
      await api.startReceivers();
      const port = api.status.receivers.http.endpoint.port;
      const reasons: string[] = [];
      api.onLifecycle((e) => e.type === 'down' && reasons.push(e.reason));
      const heapBefore = process.memoryUsage().heapUsed;
      for (let i = 0; i < 400 && reasons.length === 0; i++) {
        await fetch(`http://127.0.0.1:${port}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bulkyTraces(500, 10) }).then(
          (r) => r.arrayBuffer(),
          () => undefined, // the request the worker died on
        );
      }
      assert.equal(reasons.length, 1, 'the worker ran out of heap');
      assert.match(reasons[0], /ERR_WORKER_OUT_OF_MEMORY/);
      await eventually(() => assert.equal(api.restarts, 1), 20_000);
      assert.equal(await probe(port), 405, 'the restarted engine listens where apps send');
      // What the engine held never lived in this thread's heap.
      assert.ok(process.memoryUsage().heapUsed - heapBefore < 48 * 2 ** 20, 'the caller did not hold the engine\'s data');
    } finally {
      await api.dispose();
    }
  });
});
