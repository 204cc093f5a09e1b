import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { Engine } from '../../../../src/core/engine';
import { assertStoreHoldsApp } from '../../../helpers/appAssertions';
import { runApp, type AppSent } from '../../../helpers/process';

/**
 * A TCP pass-through in front of the receiver that reads the exporter's HTTP/2 frames and notes the gRPC
 * "compressed" flag of each call's message, so the gzip cases prove the exporter really compressed.
 */
async function grpcTap(targetPort: number): Promise<{ port: number; compressedFlags: number[]; close(): Promise<void> }> {
  const compressedFlags: number[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
    const seenStreams = new Set<number>();
    let pending = Buffer.alloc(0);
    let prefaceRead = false;
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (!prefaceRead) {
        if (pending.length < 24) return;
        pending = pending.subarray(24);
        prefaceRead = true;
      }
      // Frame: length (24 bits), type, flags, stream id (31 bits); DATA is type 0, PADDED flag 0x8.
      while (pending.length >= 9 && pending.length >= 9 + pending.readUIntBE(0, 3)) {
        const length = pending.readUIntBE(0, 3);
        const stream = pending.readUInt32BE(5) & 0x7fffffff;
        if (pending[3] === 0 && length > 0 && !seenStreams.has(stream)) {
          seenStreams.add(stream);
          compressedFlags.push(pending[9 + (pending[4] & 0x8 ? 1 : 0)]);
        }
        pending = pending.subarray(9 + length);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    compressedFlags,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Real OpenTelemetry JS SDK gRPC exporters, in their own processes, send to the gRPC receiver;
 * what they sent is what the store holds (the same checks as the OTLP/HTTP exporter tests).
 */
describe('OTLP/gRPC receiver with the OpenTelemetry JS SDK exporters', function () {
  this.timeout(90_000);
  let engine: Engine;

  before(async () => {
    engine = new Engine({ http: { enabled: false }, grpc: { port: 0 } });
    const report = await engine.start();
    assert.deepEqual(report.errors, []);
    assert.equal(engine.grpc.state.status, 'listening');
  });
  after(() => engine.dispose());

  const checkInstance = (id: string, sent: AppSent): void => assertStoreHoldsApp(engine.store, id, sent);

  for (const compression of ['none', 'gzip']) {
    it(`stores what an app sent over grpc, compression ${compression}`, async () => {
      const tap = await grpcTap(engine.grpc.port!);
      try {
        const id = `grpc-${compression}`;
        const sent = await runApp({
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${tap.port}`,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
          OTEL_EXPORTER_OTLP_COMPRESSION: compression,
          OTEL_SERVICE_NAME: 'checkout',
          APP_INSTANCE_ID: id,
          APP_ROUNDS: '4',
        });
        assert.equal(sent.spans, 8);
        checkInstance(id, sent);
        // At least one call per signal went through the tap, each compressed as asked.
        assert.ok(tap.compressedFlags.length >= 3, `calls seen: ${tap.compressedFlags.length}`);
        assert.deepEqual(new Set(tap.compressedFlags), new Set([compression === 'gzip' ? 1 : 0]));
      } finally {
        await tap.close();
      }
    });
  }

  it('shows two processes with different service.instance.id as two instances of one service', async () => {
    const before = engine.store.instances.size;
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${engine.grpc.port}`, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_SERVICE_NAME: 'checkout', APP_ROUNDS: '3' };
    const [a, b] = await Promise.all([runApp({ ...env, APP_INSTANCE_ID: 'grpc-twin-a' }), runApp({ ...env, APP_INSTANCE_ID: 'grpc-twin-b' })]);
    assert.equal(engine.store.instances.size, before + 2);
    checkInstance('grpc-twin-a', a);
    checkInstance('grpc-twin-b', b);
  });

  it('answered every exporter call with OK', () => {
    const { byStatus, requests, hints } = engine.grpc.stats;
    assert.ok(requests > 0);
    assert.deepEqual(Object.keys(byStatus), ['OK']);
    assert.equal(hints.size, 0);
    for (const signal of ['traces', 'metrics', 'logs'] as const) {
      const c = engine.store.counters[signal];
      assert.equal(c.rejected, 0, signal);
      assert.equal(c.received, c.stored + c.evicted, signal);
    }
  });
});
