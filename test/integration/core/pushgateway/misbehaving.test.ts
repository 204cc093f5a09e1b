import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PushgatewayClient, PushgatewayError } from '../../../../src/core/pushgateway/client';
import { PushgatewayPoller } from '../../../../src/core/pushgateway/poller';
import { eventually, freePort } from '../../../helpers/process';

/** A tiny local server standing in for a gateway that misbehaves in the ways a real network allows. */
async function serve(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function failure(client: PushgatewayClient): Promise<{ error: PushgatewayError; ms: number }> {
  const t0 = Date.now();
  try {
    await client.fetchGroups();
  } catch (err) {
    assert.ok(err instanceof PushgatewayError, String(err));
    return { error: err, ms: Date.now() - t0 };
  }
  throw new Error('fetchGroups should have failed');
}

describe('Pushgateway client against a misbehaving gateway', function () {
  this.timeout(60_000);
  const servers: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('an HTTP error is http-error with the status and the start of the body', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('gateway overloaded\n');
    });
    servers.push(s);
    const { error } = await failure(new PushgatewayClient(s.url, { timeoutMs: 5000, maxBodyBytes: 1 << 20 }));
    assert.equal(error.failure, 'http-error');
    assert.equal(error.status, 503);
    assert.match(error.message, /HTTP 503: gateway overloaded/);
  });

  it('garbage with 200 is bad-payload', async () => {
    const s = await serve((_req, res) => res.end('<html>this is not the API</html>'));
    servers.push(s);
    const { error } = await failure(new PushgatewayClient(s.url, { timeoutMs: 5000, maxBodyBytes: 1 << 20 }));
    assert.equal(error.failure, 'bad-payload');
    assert.match(error.message, /not JSON/);
  });

  it('an endless 200 body is cut at the cap, as bad-payload, without reading it all', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk)) sent += chunk.length;
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => undefined);
      pump();
    });
    servers.push(s);
    const { error, ms } = await failure(new PushgatewayClient(s.url, { timeoutMs: 20_000, maxBodyBytes: 1 << 20 }));
    assert.equal(error.failure, 'bad-payload');
    assert.match(error.message, /larger than 1 MiB/);
    assert.ok(ms < 10_000, `took ${ms} ms`);
    assert.ok(sent < 64 << 20, `the server got to write ${sent} bytes`);
  });

  it('a Content-Length over the cap is refused before the body', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(200 * 1024 * 1024) });
      res.write('{');
    });
    servers.push(s);
    const { error } = await failure(new PushgatewayClient(s.url, { timeoutMs: 5000, maxBodyBytes: 64 << 20 }));
    assert.equal(error.failure, 'bad-payload');
    assert.match(error.message, /larger than 64 MiB/);
  });

  it('a gateway that never answers is unreachable after the timeout; a closed port at once', async () => {
    const s = await serve(() => undefined);
    servers.push(s);
    const { error, ms } = await failure(new PushgatewayClient(s.url, { timeoutMs: 700, maxBodyBytes: 1 << 20 }));
    assert.equal(error.failure, 'unreachable');
    assert.match(error.message, /no complete answer within 700 ms/);
    assert.ok(ms >= 600 && ms < 5000, `took ${ms} ms`);

    const closed = await freePort();
    const refused = await failure(new PushgatewayClient(`http://127.0.0.1:${closed}`, { timeoutMs: 5000, maxBodyBytes: 1 << 20 }));
    assert.equal(refused.error.failure, 'unreachable');
    assert.equal(refused.error.message, 'connection refused');
  });

  it('the poller shows each failure with its message and recovers on the first good answer', async () => {
    let mode: 'error' | 'garbage' | 'ok' = 'error';
    const s = await serve((_req, res) => {
      if (mode === 'error') {
        res.writeHead(500);
        res.end('boom');
      } else if (mode === 'garbage') res.end('{"status":"success","data":"nope"}');
      else res.end(JSON.stringify({ status: 'success', data: [{ labels: { job: 'j' }, last_push_successful: true, push_time_seconds: { type: 'GAUGE', metrics: [{ value: String(Date.now() / 1000) }] } }] }));
    });
    servers.push(s);
    const poller = new PushgatewayPoller({ url: s.url, pollIntervalMs: 100, maxBackoffMs: 400 });
    poller.start();
    try {
      await eventually(() => {
        assert.equal(poller.state.health, 'http-error');
        assert.match(poller.state.message, /HTTP 500: boom/);
      }, 10_000);
      mode = 'garbage';
      await eventually(() => {
        assert.equal(poller.state.health, 'bad-payload');
        assert.match(poller.state.message, /"data" is not a list/);
      }, 10_000);
      mode = 'ok';
      await eventually(() => assert.equal(poller.state.health, 'ok'), 10_000);
      assert.equal(poller.state.groups[0].job, 'j');
      assert.equal(poller.state.consecutiveFailures, 0);
    } finally {
      await poller.stop();
    }
    assert.equal(poller.state.nextPollMs, undefined);
  });

  it('is off without a URL, and starts polling when one is configured at runtime', async () => {
    const s = await serve((_req, res) => res.end('{"status":"success","data":[]}'));
    servers.push(s);
    const poller = new PushgatewayPoller({ pollIntervalMs: 100 });
    poller.start();
    try {
      assert.equal(poller.state.health, 'off');
      poller.configure({ url: s.url });
      await eventually(() => assert.equal(poller.state.health, 'ok'), 10_000);
      poller.configure({ url: undefined });
      assert.equal(poller.state.health, 'off');
    } finally {
      await poller.stop();
    }
  });
});
