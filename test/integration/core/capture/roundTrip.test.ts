/**
 * Export → import round trip on data sent by real SDK exporters (HTTP protobuf, HTTP JSON, gRPC): the capture
 * opened from the export holds the same instances, spans, points, log records, attributes, ids and timestamps;
 * timestamps are written to the nanosecond; filters keep one trace, one instance or a time range.
 */
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { jsonToProtobuf } from '../../../../src/core/forward/transcode/jsonToProtobuf';
import type { Engine } from '../../../../src/core/engine';
import { runApp, type AppSent } from '../../../helpers/process';
import { startedEngine, telemetryOf, tempDir } from './captureHelpers';

/** A request with times that a double cannot hold (…123456789 ns), sent as protobuf. */
const EXACT = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'exact' } }, { key: 'service.instance.id', value: { stringValue: 'ns' } }] },
      scopeSpans: [
        {
          scope: { name: 'exact-scope', version: '1' },
          spans: [
            {
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b174',
              name: 'nanoseconds',
              kind: 2,
              startTimeUnixNano: '1700000000123456789',
              endTimeUnixNano: '1700000000987654321',
              attributes: [{ key: 'big', value: { intValue: '9007199254740993' } }],
            },
          ],
        },
      ],
    },
  ],
};

describe('captures: export → import round trip', function () {
  this.timeout(90_000);
  let tmp: ReturnType<typeof tempDir>;
  let engine: Engine;
  let sent: AppSent[];
  before(async () => {
    tmp = tempDir();
    const started = await startedEngine({ persistence: { dir: path.join(tmp.dir, 'kept') }, grpc: { port: 0 } });
    engine = started.engine;
    sent = [
      await runApp({ OTEL_EXPORTER_OTLP_ENDPOINT: started.url, APP_INSTANCE_ID: 'rt-proto', APP_ROUNDS: '3' }),
      await runApp({ OTEL_EXPORTER_OTLP_ENDPOINT: started.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', APP_INSTANCE_ID: 'rt-json', APP_ROUNDS: '2' }),
      await runApp({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${engine.grpc.port}`, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', APP_INSTANCE_ID: 'rt-grpc', APP_ROUNDS: '2' }),
    ];
    const res = await fetch(`${started.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: jsonToProtobuf('traces', Buffer.from(JSON.stringify(EXACT))) });
    assert.equal(res.status, 200);
    await engine.persistence!.flush();
  });
  after(async () => {
    await engine.dispose();
    tmp.remove();
  });

  for (const name of ['all.jsonl', 'all.jsonl.gz']) {
    it(`everything, as ${name}, opens as a capture with the same snapshot`, async () => {
      const file = path.join(tmp.dir, name);
      const summary = await engine.exportCapture(file);
      assert.equal(summary.gzip, name.endsWith('.gz'));
      const live = engine.snapshot();
      assert.equal(summary.items.spans, live.counters.traces.received);
      assert.equal(summary.items.logRecords, live.counters.logs.received);
      const raw = await fs.readFile(file);
      const text = (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
      const lines = text.trimEnd().split('\n');
      assert.equal(lines.length, summary.lines);
      for (const line of lines) assert.match(line, /^\{"resource(Spans|Metrics|Logs)":\[/, 'one Export*ServiceRequest per line');

      const capture = await engine.openCapture(file);
      assert.equal(capture.problems.count, 0, capture.problems.text);
      assert.equal(capture.instances, 4);
      assert.deepEqual(telemetryOf(engine.captureSnapshot(capture.id)!), telemetryOf(live));
      const appSpans = sent.reduce((n, s) => n + s.spans, 0);
      assert.equal(capture.items.spans, appSpans + 1);
      engine.closeCapture(capture.id);
    });
  }

  it('writes timestamps and 64-bit values to the nanosecond, as the app sent them', async () => {
    const file = path.join(tmp.dir, 'exact.jsonl');
    await engine.exportCapture(file, { filter: { instance: 'ns' } });
    const lines = (await fs.readFile(file, 'utf8')).trimEnd().split('\n');
    assert.equal(lines.length, 1);
    const span = JSON.parse(lines[0]).resourceSpans[0].scopeSpans[0].spans[0];
    assert.equal(span.startTimeUnixNano, '1700000000123456789');
    assert.equal(span.endTimeUnixNano, '1700000000987654321');
    assert.deepEqual(span.attributes, [{ key: 'big', value: { intValue: '9007199254740993' } }]);
    assert.equal(span.traceId, EXACT.resourceSpans[0].scopeSpans[0].spans[0].traceId);
  });

  it('one trace: its spans and log records only', async () => {
    const traceId = sent[0].traceIds[0];
    const file = path.join(tmp.dir, 'trace.jsonl');
    const summary = await engine.exportCapture(file, { filter: { traceId } });
    assert.equal(summary.requests.metrics, 0);
    const capture = await engine.openCapture(file);
    const snap = engine.captureSnapshot(capture.id)!;
    const traces = snap.instances.flatMap((i) => i.traces);
    assert.deepEqual(traces.map((t) => t.traceId), [traceId]);
    const liveTrace = engine.snapshot().instances.flatMap((i) => i.traces).find((t) => t.traceId === traceId);
    assert.deepEqual(JSON.parse(JSON.stringify(traces[0])), JSON.parse(JSON.stringify(liveTrace)));
    assert.ok(snap.instances.flatMap((i) => i.logs).every((l) => l.traceId === traceId));
  });

  it('one instance, and a time range', async () => {
    const file = path.join(tmp.dir, 'instance.jsonl');
    await engine.exportCapture(file, { filter: { instance: 'rt-json' } });
    const capture = await engine.openCapture(file);
    const snap = engine.captureSnapshot(capture.id)!;
    assert.deepEqual(snap.instances.map((i) => i.instance), ['rt-json']);
    assert.deepEqual(telemetryOf(snap), telemetryOf({ ...engine.snapshot(), instances: engine.snapshot().instances.filter((i) => i.instance === 'rt-json') }));

    const ranged = path.join(tmp.dir, 'range.jsonl');
    const s = await engine.exportCapture(ranged, { filter: { sinceNs: 1700000000000000000n, untilNs: 1700000001000000000n } });
    assert.equal(s.items.spans, 1, 'only the 2023 span lies in that second');
    assert.equal(s.items.points + s.items.logRecords, 0);
  });
});
