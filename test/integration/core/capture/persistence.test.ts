/**
 * Persistence: what real SDK exporters sent comes back in a new engine over the same directory, with its original
 * receive times; a torn tail is skipped with a warning; a directory that cannot be written is an error state while
 * the engine goes on in memory; Clear Data clears the files; the budget drops the oldest segments, counted.
 */
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../../../src/core/engine';
import { listSegments } from '../../../../src/core/capture/segmentFiles';
import { runApp } from '../../../helpers/process';
import { tracesProtobuf } from '../../../helpers/payloads';
import { dataOf, startedEngine, tempDir } from './captureHelpers';

async function post(url: string, body: Uint8Array): Promise<number> {
  const res = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
  await res.arrayBuffer();
  return res.status;
}

describe('captures: persistence', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('a new engine over the same directory comes back with the same snapshot, receive times included', async () => {
    const { engine, url } = await startedEngine({ persistence: { dir: tmp.dir } });
    await runApp({ OTEL_EXPORTER_OTLP_ENDPOINT: url, APP_INSTANCE_ID: 'kept-proto', APP_ROUNDS: '3' });
    await runApp({ OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', APP_INSTANCE_ID: 'kept-json', APP_ROUNDS: '2' });
    await engine.stop();
    const before = dataOf(engine.snapshot());
    const written = engine.persistenceStatus()!;
    await engine.dispose();
    assert.equal(before.instances.length, 2);
    assert.ok(before.instances.every((i) => i.traces.length > 0 && i.metrics.length > 0 && i.logs.length > 0));
    assert.equal(written.state, 'ok');
    assert.ok(written.written.records >= 6, `requests written: ${written.written.records}`);

    const again = new Engine({ http: { port: 0 }, persistence: { dir: tmp.dir } });
    try {
      await again.start();
      const status = again.persistenceStatus()!;
      assert.equal(status.restored!.records, written.written.records);
      assert.deepEqual(status.restored!.warnings, []);
      assert.deepEqual(dataOf(again.snapshot()), before);
    } finally {
      await again.dispose();
    }
  });

  it('a segment cut mid-record comes back up to its last whole record, with a warning, and start-up goes on', async () => {
    const { engine, url } = await startedEngine({ persistence: { dir: tmp.dir } });
    for (let i = 0; i < 5; i++) assert.equal(await post(url, tracesProtobuf(10, `torn-${i}`)), 200);
    await engine.dispose();
    const [segment] = await listSegments(tmp.dir);
    // As a SIGKILL in the middle of the last write leaves it: the final record's body is cut short.
    await fs.truncate(segment.path, segment.bytes - 100);

    const again = new Engine({ http: { port: 0 }, persistence: { dir: tmp.dir } });
    try {
      const report = await again.start();
      assert.deepEqual(report.errors, []);
      assert.equal(again.http.state.status, 'listening');
      const restored = again.persistenceStatus()!.restored!;
      assert.equal(restored.records, 4);
      assert.equal(restored.items.spans, 40);
      assert.equal(restored.warnings.length, 1);
      assert.match(restored.warnings[0].reason, /a record cut short .* at byte \d+; \d+ byte\(s\) skipped/);
      const instances = again.snapshot().instances.map((i) => i.instance).sort();
      assert.deepEqual(instances, ['torn-0', 'torn-1', 'torn-2', 'torn-3']);
      // New requests append after the good part, in a new segment, and everything reads back.
      assert.equal(await post(`http://127.0.0.1:${again.http.port}`, tracesProtobuf(3, 'after')), 200);
      await again.stop();
    } finally {
      await again.dispose();
    }
    const third = new Engine({ persistence: { dir: tmp.dir } });
    try {
      await third.restorePersisted();
      assert.deepEqual(third.persistenceStatus()!.restored!.warnings, [], 'the torn tail was cut off once reported');
      assert.equal(third.snapshot().instances.length, 5);
    } finally {
      await third.dispose();
    }
  });

  it('garbage in the middle of a segment costs only what follows it in that segment', async () => {
    const { engine, url } = await startedEngine({ persistence: { dir: tmp.dir } });
    for (let i = 0; i < 3; i++) assert.equal(await post(url, tracesProtobuf(5, `bad-${i}`)), 200);
    await engine.dispose();
    const [segment] = await listSegments(tmp.dir);
    const bytes = await fs.readFile(segment.path);
    const second = bytes.length - Math.floor(bytes.length / 3) + 30; // inside the third record's body
    bytes[second] ^= 0xff;
    await fs.writeFile(segment.path, bytes);
    const again = new Engine({ persistence: { dir: tmp.dir } });
    try {
      const restored = (await again.restorePersisted())!;
      assert.equal(restored.records, 2);
      assert.match(restored.warnings[0].reason, /unreadable data \(checksum mismatch\)/);
    } finally {
      await again.dispose();
    }
  });

  it('Clear Data deletes the files too', async () => {
    const { engine, url } = await startedEngine({ persistence: { dir: tmp.dir } });
    assert.equal(await post(url, tracesProtobuf(5, 'cleared')), 200);
    await engine.persistence!.flush();
    assert.equal((await listSegments(tmp.dir)).length, 1);
    await engine.clearData();
    assert.equal(engine.snapshot().instances.length, 0);
    assert.deepEqual(await listSegments(tmp.dir), []);
    assert.equal(await post(url, tracesProtobuf(2, 'after-clear')), 200);
    await engine.dispose();
    const again = new Engine({ persistence: { dir: tmp.dir } });
    try {
      await again.restorePersisted();
      assert.deepEqual(again.snapshot().instances.map((i) => i.instance), ['after-clear']);
    } finally {
      await again.dispose();
    }
  });

  it('keeps within its budget by dropping the oldest segments, and counts them', async () => {
    const budget = 4 * 1024 * 1024;
    const { engine, url } = await startedEngine({ persistence: { dir: tmp.dir, budgetBytes: budget, segmentBytes: 512 * 1024 } });
    const body = tracesProtobuf(200, 'budget');
    for (let i = 0; i < Math.ceil((3 * budget) / body.length); i++) assert.equal(await post(url, body), 200);
    await engine.stop();
    const status = engine.persistenceStatus()!;
    await engine.dispose();
    const onDisk = (await listSegments(tmp.dir)).reduce((n, s) => n + s.bytes, 0);
    assert.ok(onDisk <= budget, `${onDisk} bytes on disk for a budget of ${budget}`);
    assert.ok(status.dropped.budget.records > 0);
    assert.equal(status.held.records + status.dropped.budget.records, status.written.records);
  });

  it('turned off, nothing is written', async () => {
    const { engine, url } = await startedEngine({ persistence: { dir: tmp.dir, enabled: false } });
    assert.equal(await post(url, tracesProtobuf(2, 'off')), 200);
    await engine.dispose();
    assert.equal(engine.persistenceStatus(), undefined);
    assert.deepEqual(await fs.readdir(tmp.dir), []);
  });

  it('a directory it cannot write to is an error state; the engine keeps answering and holding data in memory', async () => {
    let dir = path.join(tmp.dir, 'readonly');
    await fs.mkdir(dir);
    await fs.chmod(dir, 0o555);
    const writable = await fs.writeFile(path.join(dir, 'probe'), '').then(
      () => true,
      () => false,
    );
    // root ignores the mode bits; sysfs refuses new files even to root.
    if (writable) dir = '/sys/kernel';
    const { engine, url } = await startedEngine({ persistence: { dir, retryAfterMs: 60_000 } });
    try {
      for (let i = 0; i < 3; i++) assert.equal(await post(url, tracesProtobuf(4, `ro-${i}`)), 200);
      await engine.persistence!.flush();
      const status = engine.persistenceStatus()!;
      assert.equal(status.state, 'error');
      assert.match(status.error!.message, /cannot write captures in .*: (EACCES|EROFS|EPERM)/);
      assert.equal(status.dropped.error.records, 3);
      assert.equal(engine.snapshot().instances.length, 3);
    } finally {
      await engine.dispose();
      await fs.chmod(path.join(tmp.dir, 'readonly'), 0o755);
    }
  });
});
