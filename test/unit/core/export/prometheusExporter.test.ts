import { strict as assert } from 'node:assert';
import { PrometheusExporter } from '../../../../src/core/export/prometheusExporter';
import type { ExponentialHistogramPoint, SummaryPoint } from '../../../../src/core/model/records';
import { TelemetryStore } from '../../../../src/core/store/store';
import { attrs } from '../../../helpers/records';
import { hist, metric, num, payload, samples, SECOND, T0 } from './builders';

const API_A = { 'service.name': 'api', 'service.namespace': 'shop', 'service.instance.id': 'a', 'host.name': 'box', 'deployment.environment': 'dev' };
const API_B = { 'service.name': 'api', 'service.namespace': 'shop', 'service.instance.id': 'b', 'host.name': 'box', 'deployment.environment': 'dev' };
const SCOPE = 'otel_scope_name="shop.checkout",otel_scope_version="2.1.0"';

describe('PrometheusExporter', () => {
  let now = 1_000_000;
  let store: TelemetryStore;
  let exporter: PrometheusExporter;
  beforeEach(() => {
    now = 1_000_000;
    store = new TelemetryStore(undefined, { now: () => now });
    exporter = new PrometheusExporter(store, { expireAfterMs: 60_000 }, { now: () => now });
  });
  afterEach(() => {
    exporter.dispose();
    store.dispose();
  });

  describe('each metric kind', () => {
    it('a gauge is a gauge, with its unit and description', () => {
      store.ingestMetrics(payload(API_A, metric('gauge', 'app.queue.depth', [num(7, { attributes: { queue: 'main' } })], { unit: '{item}', description: 'Items waiting' })));
      const text = exporter.render();
      assert.match(text, /^# HELP app_queue_depth Items waiting\n# TYPE app_queue_depth gauge\n/m);
      assert.ok(samples(text).includes(`app_queue_depth{job="shop/api",instance="a",queue="main",${SCOPE}} 7`), text);
    });

    it('a cumulative monotonic sum is a counter ending in _total, at its latest value', () => {
      store.ingestMetrics(payload(API_A, metric('sum', 'app.requests', [num(3, { time: T0 + SECOND })], { unit: '{request}' })));
      store.ingestMetrics(payload(API_A, metric('sum', 'app.requests', [num(8, { time: T0 + 2 * SECOND })], { unit: '{request}' })));
      const text = exporter.render();
      assert.match(text, /^# TYPE app_requests_total counter$/m);
      assert.deepEqual(samples(text).filter((l) => l.startsWith('app_requests')), [`app_requests_total{job="shop/api",instance="a",${SCOPE}} 8`]);
    });

    it('a non-monotonic sum is a gauge', () => {
      store.ingestMetrics(payload(API_A, metric('sum', 'db.connections.open', [num(-2)], { monotonic: false })));
      const text = exporter.render();
      assert.match(text, /^# TYPE db_connections_open gauge$/m);
      assert.ok(samples(text).includes(`db_connections_open{job="shop/api",instance="a",${SCOPE}} -2`));
    });

    it('a histogram writes cumulative _bucket{le} up to +Inf, _sum and _count', () => {
      store.ingestMetrics(payload(API_A, metric('histogram', 'http.server.request.duration', [hist([0.1, 0.5, 1], [4, 3, 2, 1], { sum: 4.2, attributes: { route: '/cart' } })], { unit: 's' })));
      const text = exporter.render();
      assert.match(text, /^# TYPE http_server_request_duration_seconds histogram$/m);
      const l = `job="shop/api",instance="a",route="/cart",${SCOPE}`;
      assert.deepEqual(
        samples(text).filter((s) => s.startsWith('http_server')),
        [
          `http_server_request_duration_seconds_bucket{${l},le="0.1"} 4`,
          `http_server_request_duration_seconds_bucket{${l},le="0.5"} 7`,
          `http_server_request_duration_seconds_bucket{${l},le="1"} 9`,
          `http_server_request_duration_seconds_bucket{${l},le="+Inf"} 10`,
          `http_server_request_duration_seconds_sum{${l}} 4.2`,
          `http_server_request_duration_seconds_count{${l}} 10`,
        ],
      );
    });

    it('a histogram without a sum writes no _sum', () => {
      store.ingestMetrics(payload(API_A, metric('histogram', 'temp.delta', [hist([0], [1, 1])], { unit: 'Cel' })));
      const lines = samples(exporter.render()).filter((s) => s.startsWith('temp_delta'));
      assert.equal(lines.filter((s) => s.startsWith('temp_delta_celsius_sum')).length, 0);
      assert.equal(lines.filter((s) => s.startsWith('temp_delta_celsius_count')).length, 1);
    });

    it('an exponential histogram becomes power-of-two buckets', () => {
      const p: ExponentialHistogramPoint = {
        attributes: attrs(),
        startTimeUnixNano: T0,
        timeUnixNano: T0 + SECOND,
        flags: 0,
        count: 3,
        sum: 5.7,
        scale: 1,
        zeroCount: 0,
        zeroThreshold: 0,
        positive: { offset: 0, bucketCounts: [1, 1, 0, 1] }, // 1.2, 1.5, 3
        negative: { offset: 0, bucketCounts: [] },
      };
      store.ingestMetrics(payload(API_A, metric('exponentialHistogram', 'payload.size', [p], { unit: 'By' })));
      const text = exporter.render();
      assert.match(text, /^# TYPE payload_size_bytes histogram$/m);
      const l = `job="shop/api",instance="a",${SCOPE}`;
      assert.deepEqual(
        samples(text).filter((s) => s.startsWith('payload')),
        [`payload_size_bytes_bucket{${l},le="2"} 2`, `payload_size_bytes_bucket{${l},le="4"} 3`, `payload_size_bytes_bucket{${l},le="+Inf"} 3`, `payload_size_bytes_sum{${l}} 5.7`, `payload_size_bytes_count{${l}} 3`],
      );
    });

    it('a summary writes {quantile} series in order, _sum and _count', () => {
      const p: SummaryPoint = {
        attributes: attrs(),
        startTimeUnixNano: T0,
        timeUnixNano: T0 + SECOND,
        flags: 0,
        count: 100,
        sum: 250,
        quantileValues: [
          { quantile: 0.99, value: 9 },
          { quantile: 0.5, value: 2 },
          { quantile: 0, value: 0.5 },
        ],
      };
      store.ingestMetrics(payload(API_A, metric('summary', 'rpc.latency', [p], { unit: 'ms' })));
      const text = exporter.render();
      assert.match(text, /^# TYPE rpc_latency_milliseconds summary$/m);
      const l = `job="shop/api",instance="a",${SCOPE}`;
      assert.deepEqual(
        samples(text).filter((s) => s.startsWith('rpc')),
        [
          `rpc_latency_milliseconds{${l},quantile="0"} 0.5`,
          `rpc_latency_milliseconds{${l},quantile="0.5"} 2`,
          `rpc_latency_milliseconds{${l},quantile="0.99"} 9`,
          `rpc_latency_milliseconds_sum{${l}} 250`,
          `rpc_latency_milliseconds_count{${l}} 100`,
        ],
      );
    });

    it('a point flagged "no recorded value" writes nothing', () => {
      store.ingestMetrics(payload(API_A, metric('gauge', 'g', [num(1, { flags: 1 })])));
      assert.equal(samples(exporter.render()).filter((s) => s.startsWith('g{')).length, 0);
    });
  });

  describe('targets and scope', () => {
    it('job from service.namespace/service.name, instance from service.instance.id, resource in target_info', () => {
      store.ingestMetrics(payload(API_A, metric('gauge', 'g', [num(1)])));
      const text = exporter.render();
      assert.match(text, /^# HELP target_info Target metadata\n# TYPE target_info gauge$/m);
      assert.ok(samples(text).includes('target_info{job="shop/api",instance="a",deployment_environment="dev",host_name="box"} 1'), text);
    });

    it('job is service.name alone without a namespace; without an instance id, host:pid tells instances apart', () => {
      store.ingestMetrics(payload({ 'service.name': 'worker', 'host.name': 'box', 'process.pid': 41 }, metric('gauge', 'g', [num(1)])));
      store.ingestMetrics(payload({ 'service.name': 'worker', 'host.name': 'box', 'process.pid': 42 }, metric('gauge', 'g', [num(2)])));
      const lines = samples(exporter.render()).filter((s) => s.startsWith('g{'));
      assert.deepEqual(lines.sort(), [`g{job="worker",instance="box:41",${SCOPE}} 1`, `g{job="worker",instance="box:42",${SCOPE}} 2`]);
    });

    it('the same metric from many instances is one family with a series each', () => {
      store.ingestMetrics(payload(API_A, metric('sum', 'app.requests', [num(3)], { description: 'Requests' })));
      store.ingestMetrics(payload(API_B, metric('sum', 'app.requests', [num(5)], { description: 'Requests' })));
      const text = exporter.render();
      assert.equal(text.match(/^# TYPE app_requests_total /gm)?.length, 1);
      assert.equal(text.match(/^# HELP app_requests_total /gm)?.length, 1);
      assert.deepEqual(samples(text).filter((s) => s.startsWith('app_requests')), [
        `app_requests_total{job="shop/api",instance="a",${SCOPE}} 3`,
        `app_requests_total{job="shop/api",instance="b",${SCOPE}} 5`,
      ]);
      assert.equal(samples(text).filter((s) => s.startsWith('target_info')).length, 2);
    });

    it('one name as two types (two instances disagree) keeps the first and notes the other', () => {
      store.ingestMetrics(payload(API_A, metric('gauge', 'jobs', [num(3)])));
      store.ingestMetrics(payload(API_B, metric('histogram', 'jobs', [hist([1], [1, 0])])));
      const text = exporter.render();
      assert.match(text, /^# TYPE jobs gauge$/m);
      assert.doesNotMatch(text, /jobs_bucket/);
      assert.match(text, /^# telemetry-inspector: metric "jobs" of shop\/api b left out: jobs is already a gauge here, not a histogram$/m);
    });

    it('scope name, version and attributes as otel_scope_* labels; clashing attributes as exported_*', () => {
      const scope = { name: 'lib', version: '', attributes: attrs({ 'lib.kind': 'db' }) };
      store.ingestMetrics(
        payload(API_A, metric('gauge', 'g', [num(1, { attributes: { job: 'mine', le: 'x', 'otel.scope.name': 'y', 'http.route': '/a' } })], { scope })),
      );
      const line = samples(exporter.render()).find((s) => s.startsWith('g{'));
      assert.equal(line, 'g{job="shop/api",instance="a",exported_job="mine",exported_le="x",exported_otel_scope_name="y",http_route="/a",otel_scope_name="lib",otel_scope_lib_kind="db"} 1');
    });

    it('two streams that map to one series keep the first and note the second', () => {
      store.ingestMetrics(payload(API_A, metric('gauge', 'cpu.load', [num(1)]), metric('gauge', 'cpu_load', [num(2)])));
      const text = exporter.render();
      assert.deepEqual(samples(text).filter((s) => s.startsWith('cpu_load')), [`cpu_load{job="shop/api",instance="a",${SCOPE}} 1`]);
      assert.match(text, /metric "cpu_load" of shop\/api a left out: cpu_load already has a series with the same labels/);
    });

    it('escapes label values and help text from the app', () => {
      store.ingestMetrics(payload(API_A, metric('gauge', 'g', [num(1, { attributes: { path: 'C:\\tmp\\"x"\n' } })], { description: 'first\nsecond \\' })));
      const text = exporter.render();
      assert.match(text, /^# HELP g first\\nsecond \\\\$/m);
      assert.ok(text.includes('path="C:\\\\tmp\\\\\\"x\\"\\n"'), text);
    });
  });

  describe('expiry', () => {
    it('a series that stops arriving leaves after the expiry; the instance and its target_info with it', () => {
      store.ingestMetrics(payload(API_A, metric('gauge', 'g', [num(1, { attributes: { k: 'old' } })])));
      now += 30_000;
      store.ingestMetrics(payload(API_A, metric('gauge', 'g', [num(2, { attributes: { k: 'new' } })])));
      store.ingestMetrics(payload(API_B, metric('gauge', 'g', [num(3)])));
      now += 30_001; // "old" is 60.001 s old, "new" 30.001 s
      let lines = samples(exporter.render());
      assert.deepEqual(lines.filter((s) => s.startsWith('g{')).map((s) => s.replace(/,otel_scope.*\}/, '}')), ['g{job="shop/api",instance="a",k="new"} 2', 'g{job="shop/api",instance="b"} 3']);
      now += 30_000;
      lines = samples(exporter.render());
      assert.deepEqual(lines, [], 'everything expired: nothing, not even target_info');
      store.ingestMetrics(payload(API_B, metric('gauge', 'g', [num(4)])));
      lines = samples(exporter.render());
      assert.deepEqual(lines.map((s) => s.split('{')[0]), ['g', 'target_info']);
    });

    it('the expiry can be changed while running', async () => {
      store.ingestMetrics(payload(API_A, metric('gauge', 'g', [num(1)])));
      now += 10_000;
      assert.equal(samples(exporter.render()).length, 2);
      await exporter.configure({ expireAfterMs: 5_000 });
      assert.equal(samples(exporter.render()).length, 0);
    });
  });

  describe('delta temporality', () => {
    const delta = (value: number, from: number, to: number, attributes = {}) => num(value, { start: T0 + from * SECOND, time: T0 + to * SECOND, attributes });

    it('delta sums are summed into a counter', () => {
      store.ingestMetrics(payload(API_A, metric('sum', 'jobs.done', [delta(3, 0, 1)], { temporality: 'delta' })));
      store.ingestMetrics(payload(API_A, metric('sum', 'jobs.done', [delta(4, 1, 2)], { temporality: 'delta' })));
      assert.ok(samples(exporter.render()).includes(`jobs_done_total{job="shop/api",instance="a",${SCOPE}} 7`));
      store.ingestMetrics(payload(API_A, metric('sum', 'jobs.done', [delta(5, 2, 3)], { temporality: 'delta' })));
      // Rendering again counts nothing twice.
      exporter.render();
      assert.ok(samples(exporter.render()).includes(`jobs_done_total{job="shop/api",instance="a",${SCOPE}} 12`));
    });

    it('a resent or overlapping delta point is not counted twice; a gap is fine', () => {
      const m = (p: ReturnType<typeof delta>) => payload(API_A, metric('sum', 'jobs.done', [p], { temporality: 'delta' }));
      store.ingestMetrics(m(delta(3, 0, 1)));
      store.ingestMetrics(m(delta(3, 0, 1))); // the same request again (an exporter retry)
      store.ingestMetrics(m(delta(2, 0.5, 2))); // overlaps
      store.ingestMetrics(m(delta(10, 5, 6))); // after a gap with nothing to report
      assert.ok(samples(exporter.render()).includes(`jobs_done_total{job="shop/api",instance="a",${SCOPE}} 13`));
      assert.equal(exporter.deltaCounts.overlapping, 2);
    });

    it('each attribute set and instance has its own total', () => {
      store.ingestMetrics(payload(API_A, metric('sum', 'jobs.done', [delta(1, 0, 1, { q: 'x' }), delta(10, 0, 1, { q: 'y' })], { temporality: 'delta' })));
      store.ingestMetrics(payload(API_B, metric('sum', 'jobs.done', [delta(100, 0, 1, { q: 'x' })], { temporality: 'delta' })));
      store.ingestMetrics(payload(API_A, metric('sum', 'jobs.done', [delta(2, 1, 2, { q: 'x' }), delta(20, 1, 2, { q: 'y' })], { temporality: 'delta' })));
      const lines = samples(exporter.render()).filter((s) => s.startsWith('jobs')).map((s) => s.replace(/,otel_scope.*\}/, '}'));
      assert.deepEqual(lines, ['jobs_done_total{job="shop/api",instance="a",q="x"} 3', 'jobs_done_total{job="shop/api",instance="a",q="y"} 30', 'jobs_done_total{job="shop/api",instance="b",q="x"} 100']);
    });

    it('a non-monotonic delta sum is summed into a gauge', () => {
      store.ingestMetrics(payload(API_A, metric('sum', 'pool.size', [delta(5, 0, 1)], { temporality: 'delta', monotonic: false })));
      store.ingestMetrics(payload(API_A, metric('sum', 'pool.size', [delta(-2, 1, 2)], { temporality: 'delta', monotonic: false })));
      const text = exporter.render();
      assert.match(text, /^# TYPE pool_size gauge$/m);
      assert.ok(samples(text).includes(`pool_size{job="shop/api",instance="a",${SCOPE}} 3`));
    });

    it('delta histograms add bucket by bucket; new bounds start a new total', () => {
      const h = (counts: number[], from: number, to: number, bounds = [1, 5]) => payload(API_A, metric('histogram', 'lat', [hist(bounds, counts, { start: T0 + from * SECOND, time: T0 + to * SECOND, sum: counts.length })], { temporality: 'delta', unit: 's' }));
      store.ingestMetrics(h([1, 2, 0], 0, 1));
      store.ingestMetrics(h([0, 1, 3], 1, 2));
      let lines = samples(exporter.render()).filter((s) => s.startsWith('lat')).map((s) => s.replace(/\{.*?(le="[^"]+")?\}/, (_m, le: string | undefined) => `{${le ?? ''}}`));
      assert.deepEqual(lines, ['lat_seconds_bucket{le="1"} 1', 'lat_seconds_bucket{le="5"} 4', 'lat_seconds_bucket{le="+Inf"} 7', 'lat_seconds_sum{} 6', 'lat_seconds_count{} 7']);
      store.ingestMetrics(h([2, 0, 0, 0], 2, 3, [1, 2, 3]));
      lines = samples(exporter.render()).filter((s) => s.startsWith('lat_seconds_count'));
      assert.deepEqual(lines.map((s) => s.split(' ')[1]), ['2']);
      assert.equal(exporter.deltaCounts.restarted, 1);
    });

    it('delta exponential histograms merge before they become buckets', () => {
      const e = (values: number[], from: number, to: number): ExponentialHistogramPoint => ({
        attributes: attrs(),
        startTimeUnixNano: T0 + from * SECOND,
        timeUnixNano: T0 + to * SECOND,
        flags: 0,
        count: values.length,
        sum: values.reduce((a, b) => a + b, 0),
        scale: 0,
        zeroCount: 0,
        zeroThreshold: 0,
        // At scale 0, v in (2^i, 2^(i+1)] is bucket i: each of these values is alone in bucket 1 (2 < v ≤ 4).
        positive: { offset: 1, bucketCounts: [values.length] },
        negative: { offset: 0, bucketCounts: [] },
      });
      store.ingestMetrics(payload(API_A, metric('exponentialHistogram', 'size', [e([3, 3.5], 0, 1)], { temporality: 'delta' })));
      store.ingestMetrics(payload(API_A, metric('exponentialHistogram', 'size', [e([2.5], 1, 2)], { temporality: 'delta' })));
      const lines = samples(exporter.render()).filter((s) => s.startsWith('size_bucket') || s.startsWith('size_count'));
      assert.deepEqual(lines.map((s) => s.replace(/\{.*?(le="[^"]+")?\}/, (_m, le: string | undefined) => `{${le ?? ''}}`)), ['size_bucket{le="4"} 3', 'size_bucket{le="+Inf"} 3', 'size_count{} 3']);
    });

    it('takes delta points in as they arrive, so a small ring turning over between scrapes loses nothing', () => {
      exporter.dispose();
      store.dispose();
      store = new TelemetryStore({ maxPointsPerSeries: 2 }, { now: () => now });
      exporter = new PrometheusExporter(store, { expireAfterMs: 60_000 }, { now: () => now });
      for (let i = 0; i < 10; i++) {
        store.ingestMetrics(payload(API_A, metric('sum', 'jobs.done', [delta(1, i, i + 1)], { temporality: 'delta' })));
        store.flushChanges(); // the change event that follows every ingest, at most 250 ms later
      }
      assert.ok(samples(exporter.render()).includes(`jobs_done_total{job="shop/api",instance="a",${SCOPE}} 10`));
      assert.equal(exporter.deltaCounts.missed, 0);
    });

    it('a delta series that comes back after the expiry starts again from zero', () => {
      store.ingestMetrics(payload(API_A, metric('sum', 'jobs.done', [delta(5, 0, 1)], { temporality: 'delta' })));
      store.flushChanges();
      now += 120_000;
      assert.equal(samples(exporter.render()).filter((s) => s.startsWith('jobs')).length, 0);
      store.ingestMetrics(payload(API_A, metric('sum', 'jobs.done', [delta(2, 120, 121)], { temporality: 'delta' })));
      store.flushChanges();
      assert.ok(samples(exporter.render()).includes(`jobs_done_total{job="shop/api",instance="a",${SCOPE}} 2`));
    });
  });
});
