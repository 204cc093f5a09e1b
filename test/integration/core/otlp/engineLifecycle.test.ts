/**
 * The engine owns the receivers' lifecycle for both front doors: start, stop, and configure (move, turn off,
 * remember while stopped), with real listeners on loopback, and who a move cuts off.
 */
import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { Engine, type ReceiverChange } from '../../../../src/core/engine';
import { tracesProtobuf } from '../../../helpers/payloads';
import { freePort } from '../../../helpers/process';

async function post(port: number, body: Uint8Array): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body });
  await res.arrayBuffer();
  return res.status;
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('engine: one owner of the receivers’ lifecycle', function () {
  this.timeout(30_000);
  let engine: Engine;

  beforeEach(async () => {
    engine = new Engine({ http: { port: await freePort() }, grpc: { port: 0 }, changeIntervalMs: 10_000 });
  });
  afterEach(() => engine.dispose());

  it('starts both receivers, and moves a running one, naming the instances that sent to the old address', async () => {
    const report = await engine.start();
    assert.deepEqual(report.errors, []);
    const old = engine.http.port!;
    assert.equal(await post(old, tracesProtobuf(2, 'cut-off')), 200);
    const next = await freePort();
    const changes = await engine.configure({ http: { port: next } });
    assert.equal(changes.length, 1);
    const [moved] = changes as Extract<ReceiverChange, { result: 'moved' }>[];
    assert.equal(moved.result, 'moved');
    assert.deepEqual(moved.from, { host: '127.0.0.1', port: old });
    assert.deepEqual(moved.at, { host: '127.0.0.1', port: next });
    assert.deepEqual(moved.senders.map((k) => engine.store.instances.get(k)?.instanceLabel), ['cut-off']);
    assert.ok(await refused(old), 'the old port is closed');
    assert.equal(await post(next, tracesProtobuf(1, 'new-sender')), 200);
    // The log starts again at the new address: only who sent there since.
    assert.deepEqual(engine.http.recentSenders(60_000).map((k) => engine.store.instances.get(k)?.instanceLabel), ['new-sender']);
    assert.equal(engine.endpoint('http').url, `http://127.0.0.1:${next}`);
  });

  it('a busy new port leaves the receiver where it was, and says so', async () => {
    await engine.start();
    const old = engine.http.port!;
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as net.AddressInfo).port;
    try {
      const [kept] = await engine.configure({ http: { port: busy } });
      assert.equal(kept.result, 'kept');
      assert.ok(kept.result === 'kept' && kept.error.code === 'EADDRINUSE' && kept.at.port === old);
      assert.equal(engine.http.state.status, 'listening');
      assert.equal(await post(old, tracesProtobuf(1)), 200);
      // The configuration says where it should go next; a start tries there again.
      assert.equal(engine.receiverConfig('http').port, busy);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('while stopped a new address is only remembered; gRPC turned off stops and drops out of the states', async () => {
    await engine.start();
    await engine.stopReceivers();
    const next = await freePort();
    assert.deepEqual(await engine.configure({ http: { port: next } }), [{ kind: 'http', result: 'remembered' }]);
    assert.equal(engine.http.state.status, 'stopped');
    assert.equal(engine.endpoint('http').port, next);
    assert.equal(engine.endpoint('http').listening, false);
    const { failed } = await engine.startReceivers();
    assert.deepEqual(failed, {});
    assert.equal(engine.http.port, next);
    assert.deepEqual(await engine.configure({ grpc: { enabled: false } }), [{ kind: 'grpc', result: 'off' }]);
    assert.equal(engine.grpc.state.status, 'stopped');
    assert.deepEqual(Object.keys(engine.receiverStates()), ['http']);
    assert.equal(engine.endpoint('grpc').enabled, false);
    // Unchanged configuration: nothing to report.
    assert.deepEqual(await engine.configure({ http: { port: next }, grpc: { enabled: false } }), []);
  });

  it('a receiver that cannot start is named by kind; the other one runs', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as net.AddressInfo).port;
    const e = new Engine({ http: { port: 0 }, grpc: { port: busy } });
    try {
      const { failed, errors } = await e.start();
      assert.deepEqual(Object.keys(failed), ['grpc']);
      assert.equal(errors.length, 1);
      assert.match(failed.grpc!.message, /OTLP\/gRPC receiver port 127\.0\.0\.1:\d+ is already in use/);
      assert.equal(e.http.state.status, 'listening');
    } finally {
      await e.dispose();
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
