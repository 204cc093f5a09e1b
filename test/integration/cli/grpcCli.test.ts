import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import type { Snapshot } from '../../../src/core/snapshot';
import { CLI, eventually, freePort, listening, OTEL_APP, run, runApp, start } from '../../helpers/process';

/** Holds a port; EADDRINUSE means someone else already holds it, which makes it just as busy. */
async function occupy(port: number): Promise<net.Server> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve() : reject(err)));
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}

const close = (server: net.Server): Promise<void> => new Promise((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));

describe('telemetry-inspector (headless CLI) with OTLP/gRPC', function () {
  this.timeout(60_000);

  it('shows an app exporting over gRPC to --grpc-port in its JSON snapshot', async () => {
    const [port, grpcPort] = [await freePort(), await freePort()];
    const cli = start(CLI, ['--port', String(port), '--grpc-port', String(grpcPort), '--json', '--for', '30']);
    try {
      await listening(grpcPort);
      const sent = await runApp({
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${grpcPort}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_SERVICE_NAME: 'grpc-cli-demo',
        APP_INSTANCE_ID: 'grpc-cli-1',
      });
      cli.child.kill('SIGTERM');
      const done = await cli.done;
      assert.equal(done.code, 0, done.stderr);
      assert.equal(done.stderr.includes('warning'), false, done.stderr);
      const snapshot = JSON.parse(done.stdout) as Snapshot;
      assert.deepEqual(Object.keys(snapshot.receivers).sort(), ['grpc', 'http']);
      const inst = snapshot.instances.find((i) => i.instance === 'grpc-cli-1');
      assert.ok(inst, 'the app is an instance');
      assert.equal(inst.service, 'grpc-cli-demo');
      assert.equal(inst.signals.traces.received, sent.spans);
      assert.equal(inst.signals.logs.received, sent.logs);
      assert.ok(inst.signals.metrics.lastSeen);
      assert.deepEqual(inst.traces.map((t) => t.traceId).sort(), [...sent.traceIds].sort());
      assert.equal(inst.metrics.find((m) => m.name === 'app.requests')?.series.length, 2);
      assert.equal(inst.logs.length, sent.logs);
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  it('lists both receivers in the live tree and shows the hint for an HTTP exporter at the gRPC port', async () => {
    const [port, grpcPort] = [await freePort(), await freePort()];
    const cli = start(CLI, ['--port', String(port), '--grpc-port', String(grpcPort), '--for', '30']);
    try {
      await listening(grpcPort);
      await eventually(() => assert.match(cli.stdout(), new RegExp(`OTLP/HTTP on 127\\.0\\.0\\.1:${port} · OTLP/gRPC on 127\\.0\\.0\\.1:${grpcPort}`)));
      await run(OTEL_APP, [], {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${grpcPort}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_TIMEOUT: '5000',
        APP_ROUNDS: '1',
      });
      await eventually(() => assert.match(cli.stdout(), /hint: An exporter is speaking OTLP\/HTTP to the OTLP\/gRPC port/), 10_000);
      assert.match(cli.stdout(), /failed request/);
      cli.child.kill('SIGINT');
      assert.equal((await cli.done).code, 0);
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  it('exits 1 when the port named with --grpc-port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const busy = (blocker.address() as net.AddressInfo).port;
    try {
      const done = await run(CLI, ['--port', String(await freePort()), '--grpc-port', String(busy), '--for', '5']);
      assert.equal(done.code, 1);
      assert.match(done.stderr, new RegExp(`OTLP/gRPC receiver port 127\\.0\\.0\\.1:${busy} is already in use`));
      assert.doesNotMatch(done.stderr, /warning/);
    } finally {
      await close(blocker);
    }
  });

  it('warns and runs on HTTP when the default gRPC port 4317 is taken; --no-grpc does not try it', async () => {
    const blocker = await occupy(4317);
    try {
      const port = await freePort();
      const done = await run(CLI, ['--port', String(port), '--for', '1', '--json']);
      assert.equal(done.code, 0, done.stderr);
      assert.match(done.stderr, /warning: The OTLP\/gRPC receiver port 127\.0\.0\.1:4317 is already in use/);
      assert.match(done.stderr, /running without OTLP\/gRPC/);
      const snapshot = JSON.parse(done.stdout) as Snapshot;
      assert.ok('grpc' in snapshot.receivers);

      const off = await run(CLI, ['--port', String(await freePort()), '--no-grpc', '--for', '1', '--json']);
      assert.equal(off.code, 0, off.stderr);
      assert.equal(off.stderr, '');
      assert.deepEqual(Object.keys((JSON.parse(off.stdout) as Snapshot).receivers), ['http']);
    } finally {
      await close(blocker);
    }
  });

  it('refuses a bad --grpc-port and documents both flags', async () => {
    const done = await run(CLI, ['--grpc-port', '70000']);
    assert.equal(done.code, 1);
    assert.match(done.stderr, /--grpc-port must be a whole number from 0 to 65535, got "70000"/);
    const help = await run(CLI, ['--help']);
    assert.match(help.stdout, /--grpc-port <port>/);
    assert.match(help.stdout, /--no-grpc/);
    assert.match(help.stdout, /OTEL_EXPORTER_OTLP_PROTOCOL=grpc/);
  });
});
