import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import * as net from 'node:net';
import { gunzipSync } from 'node:zlib';
import { Engine } from '../../../../src/core/engine';
import { ListenError } from '../../../../src/core/otlp/listenError';
import { CLI, eventually, freePort, listening, runApp, start } from '../../../helpers/process';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function request(url: string, method = 'GET', headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** GET /metrics as the OTLP/HTTP receiver and the exposition's own port answer it, fed by a real SDK app. */
describe('GET /metrics (the Prometheus exposition) over real HTTP', function () {
  this.timeout(60_000);
  let engine: Engine;
  let otlp: string;
  let own: string;

  before(async () => {
    engine = new Engine({ http: { port: 0 }, prometheus: { port: 0 } });
    assert.deepEqual((await engine.start()).errors, []);
    otlp = `http://127.0.0.1:${engine.http.port}`;
    own = `http://127.0.0.1:${engine.prometheus.serverAddress!.port}`;
    await runApp({ OTEL_EXPORTER_OTLP_ENDPOINT: otlp, OTEL_SERVICE_NAME: 'checkout', APP_INSTANCE_ID: 'web-1', APP_ROUNDS: '3', APP_SIGNALS: 'metrics' });
  });
  after(() => engine?.dispose());

  for (const where of ['the OTLP/HTTP port', 'its own port'] as const) {
    it(`serves the text format 0.0.4 on ${where}`, async () => {
      const res = await request(`${where === 'its own port' ? own : otlp}/metrics`);
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
      const text = res.body.toString('utf8');
      // The fixture app: app.requests {request} counter (3 requests over two routes), app.request.duration ms histogram.
      assert.match(text, /^# HELP app_requests_total Requests handled$/m);
      assert.match(text, /^app_requests_total\{job="checkout",instance="web-1",route="\/checkout",otel_scope_name="demo-app",otel_scope_version="1\.2\.3"\} 2$/m);
      assert.match(text, /^app_requests_total\{job="checkout",instance="web-1",route="\/cart",otel_scope_name="demo-app",otel_scope_version="1\.2\.3"\} 1$/m);
      assert.match(text, /^# TYPE app_request_duration_milliseconds histogram$/m);
      assert.match(text, /^app_request_duration_milliseconds_sum\{job="checkout",instance="web-1",route="\/cart",otel_scope_name="demo-app",otel_scope_version="1\.2\.3"\} 15$/m);
      assert.match(text, /^app_queue_depth\{job="checkout",instance="web-1",queue="main",otel_scope_name="demo-app",otel_scope_version="1\.2\.3"\} 5$/m);
      assert.match(text, /^target_info\{job="checkout",instance="web-1",.*host_name="test-host".*\} 1$/m);
    });
  }

  it('gzips it for a scraper that asks (Prometheus does)', async () => {
    const res = await request(`${otlp}/metrics`, 'GET', { 'Accept-Encoding': 'gzip' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], 'gzip');
    const plain = await request(`${otlp}/metrics`);
    assert.equal(gunzipSync(res.body).toString('utf8'), plain.body.toString('utf8'));
  });

  it('answers HEAD without a body and refuses other methods with 405', async () => {
    const head = await request(`${otlp}/metrics`, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    const post = await request(`${otlp}/metrics`, 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
  });

  it('leaves the OTLP routes as they were, and the own port answers only /metrics', async () => {
    assert.equal((await request(`${otlp}/v1/metrics`, 'GET')).status, 405);
    assert.equal((await request(`${otlp}/other`)).status, 404);
    assert.equal((await request(`${own}/v1/metrics`)).status, 404);
    assert.equal((await request(`${own}/`)).status, 200);
  });

  it('a taken own port is a ListenError in the start report; the OTLP port still serves /metrics', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    const other = new Engine({ http: { port: 0 }, prometheus: { port } });
    try {
      const report = await other.start();
      assert.equal(report.errors.length, 1);
      assert.ok(report.errors[0] instanceof ListenError);
      assert.match(report.errors[0].message, /The Prometheus \/metrics server port 127\.0\.0\.1:\d+ is already in use/);
      assert.equal(other.prometheus.serverAddress, undefined);
      assert.equal((await request(`http://127.0.0.1:${other.http.port}/metrics`)).status, 200);
    } finally {
      await other.dispose();
      blocker.close();
    }
  });

  it('stop closes the own port', async () => {
    const other = new Engine({ http: { enabled: false }, prometheus: { port: 0 } });
    await other.start();
    const port = other.prometheus.serverAddress!.port;
    assert.equal((await request(`http://127.0.0.1:${port}/metrics`)).status, 200);
    await other.dispose();
    await assert.rejects(request(`http://127.0.0.1:${port}/metrics`), /ECONNREFUSED/);
  });
});

describe('telemetry-inspector --metrics-port', function () {
  this.timeout(60_000);

  it('serves /metrics on that port and says where', async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const cli = start(CLI, ['--port', String(port), '--no-grpc', '--metrics-port', String(metricsPort), '--metrics-expire', '10m', '--for', '30']);
    try {
      await listening(port);
      await eventually(() => assert.match(cli.stderr(), new RegExp(`Prometheus metrics at http://127\\.0\\.0\\.1:${metricsPort}/metrics`)), 10_000);
      await runApp({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_SERVICE_NAME: 'cli-prom', APP_INSTANCE_ID: 'p-1', APP_ROUNDS: '2', APP_SIGNALS: 'metrics' });
      const res = await request(`http://127.0.0.1:${metricsPort}/metrics`);
      assert.match(res.body.toString(), /^app_requests_total\{job="cli-prom",instance="p-1",route="\/checkout",.*\} 1$/m);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.done;
    }
  });

  it('exits 1 when that port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    try {
      const port = await freePort();
      const cli = start(CLI, ['--port', String(port), '--no-grpc', '--metrics-port', String((blocker.address() as net.AddressInfo).port), '--for', '10']);
      const done = await cli.done;
      assert.equal(done.code, 1);
      assert.match(done.stderr, /The Prometheus \/metrics server port .* is already in use/);
    } finally {
      blocker.close();
    }
  });

  it('refuses a bad --metrics-expire', async () => {
    const cli = start(CLI, ['--metrics-expire', 'soon']);
    const done = await cli.done;
    assert.equal(done.code, 1);
    assert.match(done.stderr, /--metrics-expire: "soon" is not a duration/);
  });
});
