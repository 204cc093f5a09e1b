import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { Engine } from '../../../src/core/engine';
import { tracesProtobuf } from '../../helpers/payloads';

/** Resolves with what the server sent and how long until it closed the connection. */
function stall(port: number, send: string): Promise<{ ms: number; data: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let data = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(send));
    socket.on('data', (d) => (data += d.toString()));
    socket.on('close', () => resolve({ ms: Date.now() - started, data }));
    socket.on('error', () => undefined);
  });
}

describe('receiver limits against slow and greedy clients', function () {
  this.timeout(30_000);
  let engine: Engine;
  afterEach(() => engine?.dispose());

  it('cuts off a client that never finishes its headers', async () => {
    engine = new Engine({ http: { port: 0, headersTimeoutMs: 500, requestTimeoutMs: 2000 } });
    await engine.start();
    const r = await stall(engine.http.port!, 'POST /v1/traces HTTP/1.1\r\nHost: x\r\n');
    assert.ok(r.ms < 3000, `closed after ${r.ms} ms`);
    assert.match(r.data, /408/);
  });

  it('cuts off a client that sends its body too slowly', async () => {
    engine = new Engine({ http: { port: 0, headersTimeoutMs: 500, requestTimeoutMs: 1000 } });
    await engine.start();
    const r = await stall(engine.http.port!, 'POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\nContent-Length: 100000\r\n\r\nabc');
    assert.ok(r.ms < 4000, `closed after ${r.ms} ms`);
    assert.equal(engine.store.spanCount, 0);
  });

  it('caps concurrent connections, and serves again once they close', async () => {
    engine = new Engine({ http: { port: 0, maxConnections: 4 } });
    await engine.start();
    const port = engine.http.port!;
    const held: net.Socket[] = [];
    for (let i = 0; i < 4; i++) {
      held.push(await new Promise<net.Socket>((resolve) => { const s = net.connect(port, '127.0.0.1', () => resolve(s)); }));
    }
    const refused = await stall(port, 'POST /v1/traces HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal(refused.data, '', 'the fifth connection was closed without an answer');
    for (const s of held) s.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const res = await fetch(`http://127.0.0.1:${port}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: tracesProtobuf(2) });
    assert.equal(res.status, 200);
  });

  it('refuses a bad limit setting with a message naming it', () => {
    assert.throws(() => new Engine({ http: { maxBodyBytes: -1 } }), /maxBodyBytes must be a whole number/);
    assert.throws(() => new Engine({ http: { port: 70000 } }), /port must be a whole number from 0 to 65535/);
  });
});
