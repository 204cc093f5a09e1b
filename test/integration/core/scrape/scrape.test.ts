import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync, renameSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { Engine } from '../../../../src/core/engine';
import { Scraper, type ScrapeTarget } from '../../../../src/core/scrape/scraper';
import type { ChangeTopic } from '../../../../src/core/store/change';
import { eventually, freePort } from '../../../helpers/process';
import { requirePushgateway, startPushgateway } from '../../../helpers/pushgateway';

interface Server {
  url: string;
  close(): Promise<void>;
}

async function serve(handler: http.RequestListener): Promise<Server> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** An app exporting with OpenTelemetry's PrometheusExporter: a real /metrics endpoint. */
async function otelApp(): Promise<{ url: string; provider: MeterProvider }> {
  const port = await freePort();
  const exporter = new PrometheusExporter({ port, host: '127.0.0.1', preventServerStart: true });
  await exporter.startServer();
  const provider = new MeterProvider({ readers: [exporter] });
  const meter = provider.getMeter('scrape-test');
  const jobs = meter.createCounter('jobs_done', { description: 'Jobs done' });
  jobs.add(3, { queue: 'a' });
  jobs.add(5, { queue: 'b' });
  const duration = meter.createHistogram('job_duration', { unit: 's', advice: { explicitBucketBoundaries: [0.1, 1] } });
  duration.record(0.05, { queue: 'a' });
  duration.record(0.5, { queue: 'b' });
  duration.record(5, { queue: 'b' });
  meter.createGauge('queue_depth').record(7, { queue: 'a' });
  return { url: `http://127.0.0.1:${port}/metrics`, provider };
}

function target(scraper: Scraper, url: string): ScrapeTarget {
  const t = scraper.targets.find((x) => x.url === url);
  assert.ok(t, `no target ${url} in ${scraper.targets.map((x) => x.url).join(', ')}`);
  return t;
}

async function settled(scraper: Scraper, url: string, health: 'up' | 'down', timeoutMs = 20_000): Promise<ScrapeTarget> {
  return eventually(() => {
    const t = target(scraper, url);
    assert.equal(t.health, health, `${url}: ${t.health} ${t.error}`);
    return t;
  }, timeoutMs, 25);
}

describe('scraper against real /metrics endpoints and misbehaving ones', function () {
  this.timeout(90_000);
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it("scrapes an OpenTelemetry PrometheusExporter: counters, gauges, histograms by label set", async () => {
    const app = await otelApp();
    cleanups.push(() => app.provider.shutdown());
    const scraper = new Scraper({ urls: [app.url], intervalMs: 200, timeoutMs: 5000 });
    cleanups.push(() => scraper.stop());
    await scraper.start();
    const t = await settled(scraper, app.url, 'up');
    assert.equal(t.error, '');
    assert.equal(t.httpStatus, 200);
    assert.ok(t.lastScrapeMs! <= Date.now() && t.lastDurationMs! >= 0);
    const byName = new Map(t.families.map((f) => [f.name, f]));
    const jobs = byName.get('jobs_done_total')!;
    assert.equal(jobs.type, 'counter');
    assert.equal(jobs.help, 'Jobs done');
    assert.deepEqual(jobs.series.map((s) => [s.labels.queue, s.value]), [['a', 3], ['b', 5]]);
    const dur = byName.get('job_duration')!;
    assert.equal(dur.type, 'histogram');
    const b = dur.series.find((s) => s.labels.queue === 'b')!;
    assert.deepEqual(b.buckets, [{ le: 0.1, count: 0 }, { le: 1, count: 1 }, { le: Infinity, count: 2 }]);
    assert.equal(b.count, 2);
    assert.equal(b.sum, 5.5);
    assert.equal(dur.series.find((s) => s.labels.queue === 'a')!.count, 1);
    assert.equal(byName.get('queue_depth')!.type, 'gauge');
    assert.equal(byName.get('queue_depth')!.series[0].value, 7);
    assert.equal(t.seriesCount, [...byName.values()].reduce((n, f) => n + f.series.length, 0));
    // Scraped again on the interval.
    await eventually(() => assert.ok(target(scraper, app.url).scrapes >= 3), 10_000);
  });

  it("scrapes the Pushgateway's own /metrics (summaries with quantiles)", async function () {
    requirePushgateway(this);
    const gw = await startPushgateway();
    cleanups.push(() => gw.dispose());
    const scraper = new Scraper({ urls: [`127.0.0.1:${gw.port}`] });
    cleanups.push(() => scraper.stop());
    await scraper.start();
    const t = await settled(scraper, `${gw.url}/metrics`, 'up');
    const gc = t.families.find((f) => f.name === 'go_gc_duration_seconds')!;
    assert.equal(gc.type, 'summary');
    assert.deepEqual(gc.series[0].quantiles!.map((q) => q.quantile), [0, 0.25, 0.5, 0.75, 1]);
    assert.equal(typeof gc.series[0].count, 'number');
    assert.ok(t.families.some((f) => f.name === 'pushgateway_build_info' && f.series[0].labels.version === '1.5.1'), 'the real 1.5.1');
  });

  it('shows a target that is down with its error: connection refused, HTTP status, not the text format', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/metrics`;
    const notFound = await serve((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404 page not found\n');
    });
    const html = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body>Dashboard</body></html>\n');
    });
    cleanups.push(() => notFound.close(), () => html.close());
    const scraper = new Scraper({ urls: [closed, `${notFound.url}/metrics`, `${html.url}/metrics`], timeoutMs: 5000 });
    cleanups.push(() => scraper.stop());
    await scraper.start();
    const refused = await settled(scraper, closed, 'down');
    assert.equal(refused.errorKind, 'refused');
    assert.equal(refused.error, 'connection refused');
    const missing = await settled(scraper, `${notFound.url}/metrics`, 'down');
    assert.equal(missing.errorKind, 'http');
    assert.equal(missing.httpStatus, 404);
    assert.equal(missing.error, 'HTTP 404: 404 page not found');
    const page = await settled(scraper, `${html.url}/metrics`, 'down');
    assert.equal(page.errorKind, 'bad-body');
    assert.match(page.error, /not the Prometheus text format/);
  });

  it('ends a redirect loop, an endless body and a trickling body as errors in bounded time', async () => {
    let loops = 0;
    const loop = await serve((req, res) => {
      loops++;
      res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' });
      res.end();
    });
    const chain = await serve((req, res) => {
      if (req.url === '/metrics') {
        res.writeHead(301, { location: '/moved' });
        res.end();
      } else if (req.url === '/moved') {
        res.writeHead(307, { location: '/final' });
        res.end();
      } else res.end('# TYPE moved gauge\nmoved 1\n');
    });
    const chunk = Buffer.from('x_total 1\n'.repeat(6000));
    let endlessBytes = 0;
    const endless = await serve((_req, res) => {
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk)) endlessBytes += chunk.length;
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const timers = new Set<NodeJS.Timeout>();
    const trickle = await serve((_req, res) => {
      res.write('# TYPE slow gauge\n');
      const t = setInterval(() => res.write('slow 1\n'), 100);
      timers.add(t);
      res.on('close', () => clearInterval(t));
    });
    cleanups.push(() => loop.close(), () => chain.close(), () => endless.close(), () => trickle.close(), () => timers.forEach(clearInterval));
    const scraper = new Scraper({
      urls: [`${loop.url}/a`, `${chain.url}/metrics`, `${endless.url}/metrics`, `${trickle.url}/metrics`],
      timeoutMs: 1500,
      maxBodyBytes: 1 << 20,
      maxRedirects: 3,
      intervalMs: 60_000,
    });
    cleanups.push(() => scraper.stop());
    const t0 = Date.now();
    await scraper.start();

    const redirected = await settled(scraper, `${loop.url}/a`, 'down');
    assert.equal(redirected.errorKind, 'redirects');
    assert.match(redirected.error, /more than 3 redirects/);
    assert.equal(loops, 4, 'the first request and three redirects');

    const moved = await settled(scraper, `${chain.url}/metrics`, 'up');
    assert.equal(moved.families[0].name, 'moved');

    const big = await settled(scraper, `${endless.url}/metrics`, 'down');
    assert.equal(big.errorKind, 'too-large');
    assert.match(big.error, /larger than 1 MiB/);
    assert.ok(endlessBytes < 256 << 20, `the server wrote ${endlessBytes} bytes`);

    const slow = await settled(scraper, `${trickle.url}/metrics`, 'down');
    assert.equal(slow.errorKind, 'timeout');
    assert.match(slow.error, /no complete answer within 1\.5 s/);
    assert.ok(slow.lastDurationMs! >= 1400 && slow.lastDurationMs! < 5000, `took ${slow.lastDurationMs} ms`);
    assert.ok(Date.now() - t0 < 15_000, 'all within bounded time');
  });

  it('follows file_sd files: targets come, go and change with edits; a missing or bad file keeps the last good targets', async () => {
    const app = await otelApp();
    cleanups.push(() => app.provider.shutdown());
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ti-filesd-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'gptme-targets.json');
    const appAddress = new URL(app.url).host;
    const closedAddress = `127.0.0.1:${await freePort()}`;
    // Written as the seeds' apps do: a list of groups, with labels.
    const write = (groups: unknown): void => {
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, JSON.stringify(groups));
      renameSync(tmp, file);
    };
    write([{ targets: [appAddress], labels: { instance: 'gptme-1' } }]);
    const changes: ChangeTopic[] = [];
    const engine = new Engine({ http: { enabled: false }, scrape: { fileSdPaths: [file], intervalMs: 200, timeoutMs: 3000, fileSdRefreshMs: 300 }, changeIntervalMs: 20 });
    engine.store.onChange((c) => changes.push(...c.topics));
    cleanups.push(() => engine.dispose());
    await engine.start();
    const first = await settled(engine.scraper, app.url, 'up');
    assert.deepEqual(first.labels, { instance: 'gptme-1' });
    assert.deepEqual(first.source, { kind: 'file_sd', path: file });
    assert.deepEqual(engine.scraper.files.map((f) => [f.path, f.error, f.targetCount]), [[file, '', 1]]);
    await eventually(() => assert.ok(changes.includes('scrape')), 5000);

    // A new instance appears in the file: scraped without a restart.
    write([{ targets: [appAddress], labels: { instance: 'gptme-1' } }, { targets: [closedAddress], labels: { instance: 'gptme-2' } }]);
    const second = await settled(engine.scraper, `http://${closedAddress}/metrics`, 'down');
    assert.deepEqual(second.labels, { instance: 'gptme-2' });
    assert.equal(second.errorKind, 'refused');

    // A half-written file is an error on the file; the targets stay.
    writeFileSync(file, '[{"targets": ["127.0.0.1:1"');
    await eventually(() => assert.match(engine.scraper.files[0].error, /bad JSON/), 10_000);
    assert.equal(engine.scraper.targets.length, 2);
    assert.equal(engine.scraper.files[0].targetCount, 2);

    unlinkSync(file);
    await eventually(() => assert.equal(engine.scraper.files[0].error, 'file not found'), 10_000);
    assert.equal(engine.scraper.targets.length, 2);

    // Back with one target: the other goes, the error clears.
    write([{ targets: [appAddress], labels: { instance: 'gptme-1', env: 'dev' } }]);
    await eventually(() => {
      assert.equal(engine.scraper.files[0].error, '');
      assert.deepEqual(engine.scraper.targets.map((t) => [t.url, t.labels]), [[app.url, { instance: 'gptme-1', env: 'dev' }]]);
    }, 10_000);

    // In the snapshot, with the file.
    const snap = engine.snapshot();
    assert.equal(snap.scrapeTargets.length, 1);
    assert.equal(snap.scrapeTargets[0].health, 'up');
    assert.equal(snap.scrapeTargets[0].source, `file_sd:${file}`);
    assert.ok(snap.scrapeTargets[0].families.some((f) => f.name === 'job_duration' && f.series.some((s) => s.buckets?.at(-1)?.le === '+Inf')));
    assert.deepEqual(snap.scrapeFiles, [{ path: file, error: '', targetCount: 1 }]);

    // Reconfigured at runtime: a URL added, the file dropped.
    await engine.configureScrape({ urls: [`http://${closedAddress}/metrics`], fileSdPaths: [] });
    await settled(engine.scraper, `http://${closedAddress}/metrics`, 'down');
    assert.deepEqual(engine.scraper.targets.map((t) => t.url), [`http://${closedAddress}/metrics`]);
    assert.deepEqual(engine.scraper.files, []);
  });

  it('a target whose file is missing from the start shows the file error and no targets', async () => {
    const missing = path.join(os.tmpdir(), `ti-no-such-dir-${process.pid}`, 'targets.json');
    const scraper = new Scraper({ fileSdPaths: [missing], fileSdRefreshMs: 200 });
    cleanups.push(() => scraper.stop());
    await scraper.start();
    assert.deepEqual(scraper.files.map((f) => [f.path, f.error, f.targetCount]), [[missing, 'file not found', 0]]);
    assert.deepEqual(scraper.targets, []);
  });
});

