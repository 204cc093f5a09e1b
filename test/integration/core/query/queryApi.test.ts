import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Engine } from '../../../../src/core/engine';
import type { InstancesResponse, LogsResponse, MetricsResponse, PushgatewayResponse, ScrapeTargetsResponse, TraceResponse, TracesResponse } from '../../../../src/core/query/queryTypes';
import { eventually, freePort, runApp, type AppSent } from '../../../helpers/process';
import { pushText, requirePushgateway, startPushgateway, type RunningPushgateway } from '../../../helpers/pushgateway';
import { allPages, getJson } from './queryHttp';

/**
 * The query API answers what real OpenTelemetry SDK exporters sent: two instances of the fixture app (four requests
 * each: /checkout, /cart, /checkout failing with "payment declined", /cart), read back route by route.
 */
describe('query API: GET /api/v1/… on the OTLP/HTTP port, with data from SDK exporters', function () {
  this.timeout(60_000);
  let engine: Engine;
  let port: number;
  let a: AppSent;
  let b: AppSent;

  before(async () => {
    engine = new Engine({ http: { port: 0 } });
    assert.deepEqual((await engine.start()).errors, []);
    port = engine.http.port!;
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_SERVICE_NAME: 'checkout', APP_ROUNDS: '4' };
    [a, b] = await Promise.all([runApp({ ...env, APP_INSTANCE_ID: 'q-1' }), runApp({ ...env, APP_INSTANCE_ID: 'q-2', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })]);
  });
  after(() => engine.dispose());

  it('/api/v1/instances: both instances, live, with what each signal delivered and the receiver they sent to', async () => {
    const r = await getJson<InstancesResponse>(port, '/api/v1/instances');
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    assert.equal(r.body.total, 2);
    assert.equal(r.body.live, 2);
    assert.deepEqual(r.body.receivers, [{ kind: 'http', status: 'listening', host: '127.0.0.1', port, message: '' }]);
    for (const [id, sent] of [['q-1', a], ['q-2', b]] as const) {
      const i = r.body.instances.find((x) => x.instance === id);
      assert.ok(i, id);
      assert.equal(i.service, 'checkout');
      assert.equal(i.live, true);
      assert.equal(i.signals.traces.received, sent.spans);
      assert.equal(i.counts.traces, sent.traceIds.length);
      assert.equal(i.signals.logs.received, sent.logs);
      assert.ok(i.signals.metrics.received > 0 && i.signals.metrics.lastSeen !== null);
      assert.equal(i.resource['host.name'], 'test-host');
      assert.deepEqual(i.hints, []);
    }
    const only = await getJson<InstancesResponse>(port, '/api/v1/instances?limit=1');
    assert.equal(only.body.instances.length, 1);
    assert.ok(only.body.nextCursor);
    const next = await getJson<InstancesResponse>(port, `/api/v1/instances?limit=1&cursor=${only.body.nextCursor}`);
    assert.deepEqual([only.body.instances[0].instance, next.body.instances[0].instance].sort(), ['q-1', 'q-2']);
    assert.equal(next.body.nextCursor, null);
  });

  it('/api/v1/traces: the search filter (errors, instance, attribute), newest first, paged by cursor', async () => {
    const errors = await getJson<TracesResponse>(port, '/api/v1/traces?error=true');
    assert.equal(errors.status, 200);
    assert.deepEqual([errors.body.matched, errors.body.searched, errors.body.withErrors], [2, 8, 2]);
    assert.deepEqual(errors.body.traces.map((t) => t.traceId).sort(), [a.traceIds[2], b.traceIds[2]].sort());
    assert.ok(errors.body.traces.every((t) => t.rootName === 'GET /checkout' && t.errorCount === 1 && t.spanCount === 2));
    assert.deepEqual(errors.body.filter, { error: 'true' });

    const checkout = await getJson<TracesResponse>(port, '/api/v1/traces?instance=q-1&attr=http.route%3D/checkout');
    assert.deepEqual(checkout.body.traces.map((t) => t.traceId).sort(), [a.traceIds[0], a.traceIds[2]].sort());

    const pages = await allPages<TracesResponse>(port, '/api/v1/traces?instance=q-2&limit=1');
    assert.equal(pages.length, 4);
    const ids = pages.flatMap((p) => p.body.traces.map((t) => t.traceId));
    assert.deepEqual([...ids].sort(), [...b.traceIds].sort(), 'every trace once');
    const starts = pages.flatMap((p) => p.body.traces.map((t) => t.startTimeUnixNano));
    assert.deepEqual(starts, [...starts].sort((x, y) => y - x), 'newest first across pages');
    assert.ok(pages.every((p) => p.body.matched === 4));
  });

  it('/api/v1/traces/<id>: the spans with attributes, status and events, and the logs emitted in the trace', async () => {
    const r = await getJson<TraceResponse>(port, `/api/v1/traces/${a.traceIds[2]}`);
    assert.equal(r.status, 200);
    const t = r.body;
    assert.deepEqual([t.traceId, t.rootName, t.spanCount, t.errorCount, t.complete], [a.traceIds[2], 'GET /checkout', 2, 1, true]);
    const root = t.spans.find((s) => s.parentSpanId === '')!;
    const child = t.spans.find((s) => s !== root)!;
    assert.deepEqual([root.name, root.kind, root.status, root.statusMessage, root.parentSpanId], ['GET /checkout', 'server', 'error', 'payment declined', '']);
    assert.equal(root.attributes['http.route'], '/checkout');
    assert.equal(root.events.find((e) => e.name === 'exception')?.attributes['exception.message'], 'payment declined');
    assert.deepEqual([child.name, child.parentSpanId, child.attributes['db.rows'], child.events[0].name], ['db.query', root.spanId, 2, 'rows.fetched']);
    assert.equal(t.logCount, 1);
    assert.deepEqual([t.logs[0].severity, t.logs[0].body, t.logs[0].instance, t.logs[0].traceId], ['ERROR', 'handled /checkout', 'q-1', a.traceIds[2]]);

    const missing = await getJson(port, `/api/v1/traces/${'ab'.repeat(16)}`);
    assert.equal(missing.status, 404);
    assert.match((missing.body as { error: { message: string } }).error.message, /no trace a{0}b?.*is held/);
    assert.equal((await getJson(port, '/api/v1/traces/not-a-trace')).status, 400);
  });

  it('/api/v1/metrics: each series with its latest value, its rate and its histogram quantiles', async () => {
    const counter = await getJson<MetricsResponse>(port, '/api/v1/metrics?name=app.requests&instance=q-1');
    assert.equal(counter.status, 200);
    assert.equal(counter.body.matched, 2);
    for (const s of counter.body.series) {
      assert.deepEqual([s.name, s.kind, s.monotonic, s.temporality, s.unit, s.instance], ['app.requests', 'sum', true, 'cumulative', '{request}', 'q-1']);
      assert.equal(s.latest, 2, `two requests per route (${JSON.stringify(s.attributes)})`);
      assert.ok(s.rate === null || (s.rate.perSecond >= 0 && s.rate.windowMs === 60_000), JSON.stringify(s.rate));
    }
    const histogram = await getJson<MetricsResponse>(port, '/api/v1/metrics?name=DURATION&instance=q-1');
    const checkout = histogram.body.series.find((s) => s.attributes.route === '/checkout')!;
    // /checkout took 5 and 25 (ms): the quantiles stay within the recorded min and max.
    assert.deepEqual(checkout.histogram, { count: 2, sum: 30, min: 5, max: 25 });
    const q = checkout.quantiles!;
    assert.ok(q.p50! >= 5 && q.p50! <= q.p90! && q.p90! <= q.p99! && q.p99! <= 25, JSON.stringify(q));
    const gauge = await getJson<MetricsResponse>(port, '/api/v1/metrics?exactName=app.queue.depth&service=checkout');
    assert.deepEqual(gauge.body.series.map((s) => [s.instance, s.latest]).sort(), [['q-1', 6], ['q-2', 6]]);
    assert.equal((await getJson<MetricsResponse>(port, '/api/v1/metrics?name=nothing-like-this')).body.matched, 0);
  });

  it('/api/v1/logs: by severity, instance, trace id and text; newest first, paged by cursor', async () => {
    const errors = await getJson<LogsResponse>(port, '/api/v1/logs?severity=error');
    assert.equal(errors.body.matched, 2);
    assert.deepEqual(errors.body.logs.map((l) => l.traceId).sort(), [a.traceIds[2], b.traceIds[2]].sort());
    const cart = await getJson<LogsResponse>(port, '/api/v1/logs?instance=q-1&text=/CART');
    assert.deepEqual(cart.body.logs.map((l) => l.traceId).sort(), [a.traceIds[1], a.traceIds[3]].sort());
    const inTrace = await getJson<LogsResponse>(port, `/api/v1/logs?traceId=${b.traceIds[0]}`);
    assert.deepEqual(inTrace.body.logs.map((l) => [l.instance, l.body]), [['q-2', 'handled /checkout']]);
    const pages = await allPages<LogsResponse>(port, '/api/v1/logs?service=checkout&limit=3');
    const logs = pages.flatMap((p) => p.body.logs);
    assert.equal(logs.length, a.logs + b.logs);
    assert.equal(new Set(logs.map((l) => l.traceId)).size, logs.length, 'each record once');
    const times = logs.map((l) => l.timeUnixNano);
    assert.deepEqual(times, [...times].sort((x, y) => y - x));
  });

  it('refuses a foreign Host (DNS rebinding) and any Origin, never with CORS headers; loopback names pass', async () => {
    const foreign = await getJson(port, '/api/v1/instances', { Host: `evil.example:${port}` });
    assert.equal(foreign.status, 403);
    assert.match(JSON.stringify(foreign.body), /Host header \\"evil\.example:\d+\\" is not a loopback address/);
    const lan = await getJson(port, '/api/v1/instances', { Host: `192.168.1.20:${port}` });
    assert.equal(lan.status, 403);
    for (const origin of ['https://evil.example', 'http://localhost:3000']) {
      const r = await getJson(port, '/api/v1/traces', { Origin: origin });
      assert.equal(r.status, 403, origin);
      assert.equal(r.headers['access-control-allow-origin'], undefined);
    }
    for (const host of [`localhost:${port}`, `[::1]:${port}`, '127.0.0.1', 'LOCALHOST']) {
      const r = await getJson<InstancesResponse>(port, '/api/v1/instances', { Host: host });
      assert.equal(r.status, 200, host);
      assert.equal(r.headers['access-control-allow-origin'], undefined);
    }
  });

  it('answers wrong requests with JSON errors: 400 for a bad parameter, 404 for no route, 405 for a write', async () => {
    const typo = await getJson(port, '/api/v1/logs?sevrity=warn');
    assert.deepEqual([typo.status, typo.body], [400, { error: { status: 400, message: 'unknown parameter "sevrity"; this route takes severity, service, instance, traceId, text, since, limit, cursor' } }]);
    assert.equal((await getJson(port, '/api/v1/traces?limit=100000')).status, 400);
    assert.equal((await getJson(port, '/api/v1/traces?min-duration=fast')).status, 400);
    assert.equal((await getJson(port, '/api/v1/traces?cursor=bm90LWEtY3Vyc29y')).status, 400);
    const none = await getJson(port, '/api/v1/spans');
    assert.equal(none.status, 404);
    assert.match(JSON.stringify(none.body), /the routes are \/api\/v1\/instances/);
    const post = await getJson(port, '/api/v1/instances', {}, 'POST');
    assert.deepEqual([post.status, post.headers.allow], [405, 'GET, HEAD']);
    // The OTLP endpoints are untouched: a GET there is still the receiver's 405.
    assert.equal((await getJson(port, '/v1/traces')).status, 405);
  });

  it('is off when turned off (a setting that applies to the next request)', async () => {
    engine.configureQueryApi({ enabled: false });
    try {
      const off = await getJson(port, '/api/v1/instances');
      assert.equal(off.status, 404);
      assert.match(JSON.stringify(off.body), /turned off/);
    } finally {
      engine.configureQueryApi({ enabled: true });
    }
    assert.equal((await getJson(port, '/api/v1/instances')).status, 200);
  });
});

describe('query API: Pushgateway groups with staleness, and scrape targets', function () {
  this.timeout(60_000);
  let gateway: RunningPushgateway;
  let engine: Engine;
  let exposition: http.Server;
  let port: number;

  before(async function () {
    requirePushgateway(this);
    gateway = await startPushgateway();
    exposition = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      res.end('# TYPE jobs_done_total counter\njobs_done_total 7\n# TYPE queue_depth gauge\nqueue_depth{queue="a"} 3\n');
    });
    await new Promise<void>((resolve) => exposition.listen(0, '127.0.0.1', resolve));
    const up = `http://127.0.0.1:${(exposition.address() as AddressInfo).port}/metrics`;
    const down = `http://127.0.0.1:${await freePort()}/metrics`;
    await pushText(gateway.url, '/metrics/job/nightly/instance/old', 'rows_written 10\n');
    // The first group ages past the threshold before the second is pushed.
    await new Promise((r) => setTimeout(r, 2500));
    await pushText(gateway.url, '/metrics/job/batch/instance/fresh', 'rows_written 20\nrows_failed 1\n');
    engine = new Engine({ http: { port: 0 }, pushgateway: { url: gateway.url, staleAfterMs: 2000, pollIntervalMs: 200 }, scrape: { urls: [up, down], intervalMs: 500, timeoutMs: 1000 } });
    await engine.start();
    port = engine.http.port!;
    await engine.pushgateway.pollNow();
    await eventually(() => assert.ok(engine.scraper.targets.every((t) => t.scrapes > 0)), 15_000);
  });
  after(async () => {
    await engine?.dispose();
    await new Promise((r) => exposition?.close(r));
    await gateway?.dispose();
  });

  it('/api/v1/pushgateway/groups: every group with the age of its last push, stale past the threshold', async () => {
    const r = await getJson<PushgatewayResponse>(port, '/api/v1/pushgateway/groups');
    assert.equal(r.status, 200);
    assert.deepEqual([r.body.configured, r.body.url, r.body.health, r.body.total, r.body.stale, r.body.staleAfterMs], [true, gateway.url, 'ok', 2, 1, 2000]);
    const byJob = new Map(r.body.groups.map((g) => [g.job, g]));
    assert.deepEqual(byJob.get('nightly')?.groupingKey, { job: 'nightly', instance: 'old' });
    assert.equal(byJob.get('nightly')?.stale, true);
    assert.ok(byJob.get('nightly')!.ageMs! >= 2000);
    assert.equal(byJob.get('batch')?.stale, false);
    assert.deepEqual(byJob.get('batch')?.metrics, ['rows_failed', 'rows_written']);
    const stale = await getJson<PushgatewayResponse>(port, '/api/v1/pushgateway/groups?stale=true');
    assert.deepEqual(stale.body.groups.map((g) => g.job), ['nightly']);
  });

  it('/api/v1/scrape/targets: each target up or down, with its last scrape and families', async () => {
    const r = await getJson<ScrapeTargetsResponse>(port, '/api/v1/scrape/targets');
    assert.equal(r.status, 200);
    assert.deepEqual([r.body.total, r.body.up, r.body.down], [2, 1, 1]);
    const up = r.body.targets.find((t) => t.health === 'up')!;
    assert.deepEqual([...up.families].sort(), ['jobs_done_total', 'queue_depth']);
    assert.ok(up.lastScrape && up.durationMs !== null && up.seriesCount === 2);
    const down = await getJson<ScrapeTargetsResponse>(port, '/api/v1/scrape/targets?health=down');
    assert.equal(down.body.targets.length, 1);
    assert.match(down.body.targets[0].error, /refused/);
  });
});
