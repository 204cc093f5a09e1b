/**
 * The CLI's captures end to end, each side in its own process: --record then replay into a fresh receiver gives
 * the same snapshot (HTTP and gRPC); --data-dir then export; a SIGKILL mid-ingest loses nothing but the last
 * writes; replay keeps the recorded timing scaled by --speed, or shifts timestamps to now.
 */
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../../src/core/engine';
import type { Snapshot } from '../../../src/core/snapshot';
import { CLI, freePort, listening, run, runApp, start } from '../../helpers/process';
import { tracesProtobuf } from '../../helpers/payloads';
import { startedEngine, telemetryOf, tempDir } from '../core/capture/captureHelpers';

const spanLine = (i: number, endNs: bigint): string =>
  JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'timed' } }, { key: 'service.instance.id', value: { stringValue: 'timed-1' } }] },
        scopeSpans: [{ scope: { name: 't' }, spans: [{ traceId: '5b8efff798038103d269b633813fc60c', spanId: `eee19b7ec3c1b17${i}`, name: `step-${i}`, startTimeUnixNano: String(endNs - 250_000_000n), endTimeUnixNano: String(endNs) }] }],
      },
    ],
  });

describe('CLI captures: --record, --data-dir, export, replay', function () {
  this.timeout(120_000);
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir('ti-cli-capture-')));
  afterEach(() => tmp.remove());

  it('a --record capture replayed into a fresh receiver gives the same snapshot as the original, over HTTP and gRPC', async () => {
    const file = path.join(tmp.dir, 'session.jsonl');
    const port = await freePort();
    const cli = start(CLI, ['--port', String(port), '--no-grpc', '--json', '--record', file]);
    await listening(port);
    await runApp({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, APP_INSTANCE_ID: 'rec-proto', APP_ROUNDS: '3' });
    await runApp({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', APP_INSTANCE_ID: 'rec-json', APP_ROUNDS: '2' });
    cli.child.kill('SIGTERM');
    const done = await cli.done;
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stderr, /recorded \d+ request\(s\) to .*session\.jsonl/);
    const original = JSON.parse(done.stdout) as Snapshot;
    assert.equal(original.instances.length, 2);

    for (const protocol of ['http/protobuf', 'grpc'] as const) {
      const { engine, url } = await startedEngine({ grpc: { port: 0 } });
      try {
        const to = protocol === 'grpc' ? `http://127.0.0.1:${engine.grpc.port}` : url;
        const replay = await run(CLI, ['replay', file, '--to', to, '--protocol', protocol, '--now']);
        assert.equal(replay.code, 0, replay.stderr);
        assert.match(replay.stderr, new RegExp(`replayed \\d+ request\\(s\\) \\(${original.counters.traces.received} spans, ${original.counters.metrics.received} points, ${original.counters.logs.received} log records\\) to .* over ${protocol}`));
        assert.deepEqual(telemetryOf(engine.snapshot()), telemetryOf(original), `replayed over ${protocol}`);
      } finally {
        await engine.dispose();
      }
    }
  });

  it('--data-dir keeps what arrives for the next run, and export writes it, filtered', async () => {
    const dir = path.join(tmp.dir, 'data');
    const port = await freePort();
    const first = start(CLI, ['--port', String(port), '--no-grpc', '--data-dir', dir]);
    await listening(port);
    const sent = await runApp({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, APP_INSTANCE_ID: 'dir-app', APP_ROUNDS: '3' });
    first.child.kill('SIGTERM');
    assert.equal((await first.done).code, 0);

    const second = await run(CLI, ['--port', String(await freePort()), '--no-grpc', '--data-dir', dir, '--for', '0.5', '--json']);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, new RegExp(`restored \\d+ request\\(s\\) from .* \\(${sent.spans} spans, \\d+ points, ${sent.logs} log records\\)`));
    assert.equal((JSON.parse(second.stdout) as Snapshot).instances[0].instance, 'dir-app');

    const out = path.join(tmp.dir, 'trace.jsonl.gz');
    const traceId = sent.traceIds[1];
    const exported = await run(CLI, ['export', '--dir', dir, '--trace', traceId, '-o', out]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stderr, /wrote \d+ request\(s\) \(\d+ spans, 0 points, \d+ log records\) to .*trace\.jsonl\.gz \(gzip\)/);
    const engine = new Engine();
    try {
      const capture = await engine.openCapture(out);
      const traces = engine.captureSnapshot(capture.id)!.instances[0].traces;
      assert.deepEqual(traces.map((t) => t.traceId), [traceId]);
    } finally {
      await engine.dispose();
    }
    const bad = await run(CLI, ['export', '--dir', dir]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /export needs -o <file>/);
  });

  it('a CLI killed with SIGKILL mid-ingest comes back with everything up to its last complete write', async () => {
    const dir = path.join(tmp.dir, 'killed');
    const port = await freePort();
    const cli = start(CLI, ['--port', String(port), '--no-grpc', '--data-dir', dir]);
    await listening(port);
    const sent = await runApp({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, APP_INSTANCE_ID: 'before-kill', APP_ROUNDS: '2' });
    await new Promise((r) => setTimeout(r, 300)); // the app's requests reach the disk (writes follow within a turn)
    const body = tracesProtobuf(50, 'flood');
    let acked = 0;
    let stop = false;
    const senders = Array.from({ length: 4 }, async () => {
      while (!stop) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
          await res.arrayBuffer();
          if (res.status === 200) acked++;
        } catch {
          return; // the process is gone
        }
      }
    });
    await new Promise((r) => setTimeout(r, 700));
    cli.child.kill('SIGKILL');
    const done = await cli.done;
    stop = true;
    await Promise.all(senders);
    assert.equal(done.signal, 'SIGKILL');
    assert.ok(acked > 10, `only ${acked} requests were answered before the kill`);

    const engine = new Engine({ persistence: { dir } });
    try {
      const restored = (await engine.restorePersisted())!;
      const snap = engine.snapshot();
      const app = snap.instances.find((i) => i.instance === 'before-kill')!;
      assert.equal(app.traces.reduce((n, t) => n + t.spanCount, 0), sent.spans);
      assert.equal(app.logs.length, sent.logs);
      const flood = snap.counters.traces.received - sent.spans;
      assert.equal(flood % 50, 0, 'only whole requests come back');
      assert.ok(flood > 0 && flood / 50 <= acked + 4, `${flood / 50} flood requests restored, ${acked} answered`);
      for (const w of restored.warnings) assert.match(w.reason, /cut short|unreadable/);
    } finally {
      await engine.dispose();
    }
  });

  it('replay keeps the recorded gaps divided by --speed, or shifts the timestamps to now', async () => {
    const base = 1700000000000000000n;
    const file = path.join(tmp.dir, 'timed.jsonl');
    await fs.writeFile(file, [0, 1, 2].map((i) => spanLine(i, base + BigInt(i) * 1_000_000_000n)).join('\n') + '\n');
    const { engine, url } = await startedEngine();
    try {
      const t0 = Date.now();
      const timed = await run(CLI, ['replay', file, '--to', url, '--speed', '4']);
      const slow = Date.now() - t0;
      assert.equal(timed.code, 0, timed.stderr);
      const t1 = Date.now();
      assert.equal((await run(CLI, ['replay', file, '--to', url, '--now'])).code, 0);
      const fast = Date.now() - t1;
      assert.ok(slow - fast >= 400, `2 s of gaps at speed 4 should add about 500 ms: ${slow} ms vs ${fast} ms with --now`);

      await engine.clearData();
      const shifted = await run(CLI, ['replay', file, '--to', url, '--now', '--shift-to-now']);
      assert.equal(shifted.code, 0, shifted.stderr);
      assert.match(shifted.stderr, /timestamps moved by \+\d+\.\d days/);
      const spans = engine.snapshot().instances[0].traces[0].spans.sort((a, b) => a.startTimeUnixNano - b.startTimeUnixNano);
      const lastEndMs = (spans[2].startTimeUnixNano / 1e6) + spans[2].durationMs;
      assert.ok(Math.abs(lastEndMs - Date.now()) < 60_000, 'the last span ends about now');
      assert.deepEqual(spans.map((s) => Math.round(s.durationMs * 1000) / 1000), [250, 250, 250], 'durations kept (the store holds times as doubles: sub-µs noise)');
      assert.equal(Math.round((spans[1].startTimeUnixNano - spans[0].startTimeUnixNano) / 1e6), 1000, 'gaps between items are kept');
    } finally {
      await engine.dispose();
    }
    const usage = await run(CLI, ['replay', file, '--now', '--speed', '2']);
    assert.equal(usage.code, 1);
    assert.match(usage.stderr, /--now and --speed cannot go together/);
    const missing = await run(CLI, ['replay', path.join(tmp.dir, 'nope.jsonl'), '--now']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /replay: cannot read .*nope\.jsonl/);
  });
});
