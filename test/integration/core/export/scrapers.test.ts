import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Engine } from '../../../../src/core/engine';
import { httpRequest } from '../../../helpers/pushgateway';
import { eventually, start, type Running } from '../../../helpers/process';
import { requireBinaries } from '../../../helpers/requireBinaries';
import {
  PROMETHEUS_BIN,
  PROMTOOL_BIN,
  startPrometheus,
  startVictoriaMetrics,
  VICTORIA_METRICS_BIN,
  type RunningScraper,
  type Sample,
} from './scrapers';

const PROM_APP = path.join(__dirname, 'promApp.js');

/** What each app does: A exports cumulative sums, B delta ones (which the inspector must add up). */
const APPS = {
  'inst-a': { temporality: 'cumulative', rate: 20, latencies: [0.002, 0.007, 0.007], payloads: [3, 5] },
  'inst-b': { temporality: 'delta', rate: 50, latencies: [0.12, 0.18], payloads: [3, 5] },
} as const;
type Id = keyof typeof APPS;
const IDS = Object.keys(APPS) as Id[];

/**
 * The answers follow from what the apps record, with the latency buckets 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5:
 * - A: one of three values in (0, 0.005], two in (0.005, 0.01]; the median lies a quarter into the second bucket:
 *   0.005 + 0.005 × (1.5 − 1) / 2 = 0.00625.
 * - B: both values in (0.1, 0.25]; the median is half-way: 0.175.
 * - payloads 3 and 5 fall in the power-of-two buckets (2, 4] and (4, 8]: the 0.75 quantile is half-way into (4, 8] = 6.
 * Each is exact: every job records the whole pattern, so all buckets grow in fixed proportions.
 */
const MEDIAN_LATENCY: Record<Id, number> = { 'inst-a': 0.00625, 'inst-b': 0.175 };
const P75_PAYLOAD = 6;
/** rate() sees a staircase sampled once a second; over 8 s the slope is within a few percent of the true rate. */
const RATE_TOLERANCE = 0.1;
const RUN_MS = 14_000;
const WINDOW = '8s';

function byInstance(samples: Sample[]): Record<string, Sample> {
  const out: Record<string, Sample> = {};
  for (const s of samples) out[s.metric.instance] = s;
  return out;
}

function close(actual: number, expected: number, relative: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * relative, `${what}: ${actual}, expected ${expected} ± ${relative * 100}%`);
}

describe('Prometheus and VictoriaMetrics scrape the metrics the inspector received', function () {
  this.timeout(120_000);
  let engine: Engine;
  const scrapers: Partial<Record<'Prometheus' | 'VictoriaMetrics', RunningScraper>> = {};
  const apps: Partial<Record<Id, Running>> = {};
  const sent: Partial<Record<Id, { jobs: number; latencies: number; payloads: number }>> = {};
  /** The instant (Unix seconds) the rate queries are evaluated at: 11 s into counting, inside both apps' run. */
  let evalAt = 0;

  before(async function () {
    requireBinaries(this, [
      { bin: PROMETHEUS_BIN, pkg: 'prometheus' },
      { bin: PROMTOOL_BIN, pkg: 'prometheus' },
      { bin: VICTORIA_METRICS_BIN, pkg: 'victoria-metrics' },
    ]);
    engine = new Engine({ http: { port: 0 }, prometheus: { port: 0 } });
    const report = await engine.start();
    assert.deepEqual(report.errors, []);
    const own = engine.prometheus.serverAddress!;
    // Prometheus scrapes GET /metrics on the OTLP/HTTP port; VictoriaMetrics the exposition's own port.
    const [prometheus, victoria] = await Promise.allSettled([startPrometheus([`127.0.0.1:${engine.http.port}`]), startVictoriaMetrics([`127.0.0.1:${own.port}`])]);
    if (prometheus.status === 'fulfilled') scrapers.Prometheus = prometheus.value;
    if (victoria.status === 'fulfilled') scrapers.VictoriaMetrics = victoria.value;
    for (const r of [prometheus, victoria]) if (r.status === 'rejected') throw r.reason;
    for (const s of Object.values(scrapers)) {
      await eventually(async () => {
        const up = await s.query('up{job="telemetry-inspector"}');
        assert.equal(up[0]?.value, 1, `${s.name} has scraped the inspector`);
      }, 30_000, 250);
    }

    const endpoint = `http://127.0.0.1:${engine.http.port}`;
    // Both count from the same instant, a moment after their processes are up, so one rate window fits both runs.
    const startAt = Date.now() + 3000;
    for (const id of IDS) {
      const app = APPS[id];
      apps[id] = start(
        PROM_APP,
        [],
        {
          OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
          APP_INSTANCE_ID: id,
          APP_TEMPORALITY: app.temporality,
          APP_RATE: String(app.rate),
          APP_START_AT: String(startAt),
          APP_RUN_MS: String(RUN_MS),
          APP_LATENCIES: app.latencies.join(','),
          APP_PAYLOADS: app.payloads.join(','),
        },
        110_000,
      );
    }
    const lines = (id: Id) => apps[id]!.stdout().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, number>);
    for (const id of IDS) {
      const line = await eventually(() => {
        const found = lines(id).find((l) => 'jobs' in l);
        if (!found) throw new Error(`${id} is still counting: ${apps[id]!.stderr()}`);
        return found;
      }, RUN_MS + 30_000, 200);
      sent[id] = { jobs: line.jobs, latencies: line.latencies, payloads: line.payloads };
    }
    evalAt = startAt / 1000 + 11;
    // Rate windows end at evalAt; the final totals need a scrape or two after the apps stopped counting.
    await new Promise((r) => setTimeout(r, Math.max(0, evalAt * 1000 + 1500 - Date.now())));
  });

  after(async () => {
    for (const app of Object.values(apps)) if (app?.child.pid !== undefined && app.child.exitCode === null) process.kill(app.child.pid, 'SIGTERM');
    await Promise.all(Object.values(apps).map((a) => a?.done));
    await Promise.all(Object.values(scrapers).map((s) => s?.dispose()));
    await engine?.dispose();
  });

  for (const name of ['Prometheus', 'VictoriaMetrics'] as const) {
    describe(name, () => {
      const scraper = (): RunningScraper => {
        const s = scrapers[name];
        if (!s) throw new Error(`${name} is not running`);
        return s;
      };

      it("rate() of the counter, per instance, is the rate each app counted at (one cumulative, one delta)", async () => {
        const result = byInstance(await scraper().query(`rate(app_jobs_total{job="shop/checkout"}[${WINDOW}])`, evalAt));
        assert.deepEqual(Object.keys(result).sort(), IDS);
        if (process.env.SHOW_VALUES) console.log(`      ${name} rates:`, IDS.map((id) => result[id].value));
        for (const id of IDS) {
          close(result[id].value, APPS[id].rate, RATE_TOLERANCE, `rate of ${id}`);
          assert.equal(result[id].metric.queue, 'main');
          assert.equal(result[id].metric.otel_scope_name, 'shop.jobs');
          assert.equal(result[id].metric.otel_scope_version, '1.0.0');
        }
      });

      it('histogram_quantile() per instance is the median the apps recorded', async () => {
        const result = byInstance(await scraper().query(`histogram_quantile(0.5, sum by (instance, le) (rate(app_latency_seconds_bucket[${WINDOW}])))`, evalAt));
        assert.deepEqual(Object.keys(result).sort(), IDS);
        if (process.env.SHOW_VALUES) console.log(`      ${name} medians:`, IDS.map((id) => result[id].value));
        for (const id of IDS) close(result[id].value, MEDIAN_LATENCY[id], 1e-9, `median latency of ${id}`);
      });

      it('histogram_quantile() over an exponential histogram, converted to power-of-two buckets', async () => {
        const result = byInstance(await scraper().query(`histogram_quantile(0.75, sum by (instance, le) (rate(app_payload_bytes_bucket[${WINDOW}])))`, evalAt));
        assert.deepEqual(Object.keys(result).sort(), IDS);
        for (const id of IDS) close(result[id].value, P75_PAYLOAD, 1e-9, `p75 payload of ${id}`);
      });

      it('holds exactly the totals the apps counted, delta ones added up by the inspector', async () => {
        await eventually(async () => {
          const jobs = byInstance(await scraper().query('app_jobs_total'));
          const latencies = byInstance(await scraper().query('app_latency_seconds_count'));
          const payloads = byInstance(await scraper().query('app_payload_bytes_count'));
          for (const id of IDS) {
            assert.equal(jobs[id]?.value, sent[id]!.jobs, `jobs of ${id}`);
            assert.equal(latencies[id]?.value, sent[id]!.latencies, `latencies of ${id}`);
            assert.equal(payloads[id]?.value, sent[id]!.payloads, `payloads of ${id}`);
          }
        }, 15_000, 500);
        assert.ok(sent['inst-b']!.jobs >= APPS['inst-b'].rate * (RUN_MS / 1000) - 1, 'B counted all along');
      });

      it('target_info carries each instance\'s resource attributes', async () => {
        const info = byInstance(await scraper().query('target_info{job="shop/checkout"}'));
        assert.deepEqual(Object.keys(info).sort(), IDS);
        for (const id of IDS) {
          assert.equal(info[id].metric.deployment_environment_name, 'test');
          // service.* are job and instance already: not repeated as labels.
          assert.equal(info[id].metric.service_name, undefined);
          assert.equal(info[id].metric.service_instance_id, undefined);
        }
      });
    });
  }

  it('promtool check metrics passes on the exposition, as served on both ports', async () => {
    const own = engine.prometheus.serverAddress!;
    const onOtlp = await httpRequest('GET', `http://127.0.0.1:${engine.http.port}/metrics`);
    const onOwn = await httpRequest('GET', `http://127.0.0.1:${own.port}/metrics`);
    assert.equal(onOtlp.status, 200);
    assert.equal(onOwn.status, 200);
    assert.match(onOtlp.body, /^# TYPE app_jobs_total counter$/m);
    assert.equal(onOwn.body, onOtlp.body);
    const check = spawnSync(PROMTOOL_BIN, ['check', 'metrics'], { input: onOtlp.body, encoding: 'utf8' });
    assert.equal(check.status, 0, `promtool check metrics: ${check.stdout}${check.stderr}\n--- exposition ---\n${onOtlp.body}`);
  });
});
