import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, run } from '../../../helpers/process';
import { pushText, requirePushgateway, startPushgateway, type RunningPushgateway } from '../../../helpers/pushgateway';

const ENGINE = path.join(REPO_ROOT, 'out', 'src', 'core', 'engine.js');

/**
 * Runs the engine with both receivers, a poller and a scraper (a URL, a down target and a file_sd file) in a
 * process of its own, sends a request through each receiver, stops it, and expects that process to end by itself: a timer, watch or socket left
 * behind would keep it alive.
 */
const CHILD = `
const { Engine } = require(${JSON.stringify(ENGINE)});
const [url, file] = process.argv.slice(1);
(async () => {
  const engine = new Engine({
    http: { port: 0 },
    grpc: { port: 0 },
    pushgateway: { url, pollIntervalMs: 100 },
    scrape: { urls: [url + '/metrics', 'http://127.0.0.1:1/metrics'], fileSdPaths: [file], intervalMs: 100, fileSdRefreshMs: 100 },
    changeIntervalMs: 20,
  });
  await engine.start();
  const deadline = Date.now() + 20000;
  while (engine.pushgateway.state.health !== 'ok' || engine.scraper.targets.length < 3 || engine.scraper.targets.some((t) => t.scrapes < 2)) {
    if (Date.now() > deadline) throw new Error('not ready: ' + JSON.stringify(engine.snapshot().scrapeTargets.map((t) => [t.url, t.health])));
    await new Promise((r) => setTimeout(r, 20));
  }
  // One request through each receiver, so their connection handling is part of what must wind down.
  const http = require('node:http');
  await new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: engine.http.port, path: '/v1/logs', method: 'POST', agent: false,
      headers: { 'content-type': 'application/json' } }, (res) => { res.resume(); res.on('end', resolve); });
    req.on('error', reject);
    req.end('{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"lifecycle"}}]},"scopeLogs":[{"logRecords":[{"body":{"stringValue":"hi"}}]}]}]}');
  });
  const grpc = require('@grpc/grpc-js');
  const Client = grpc.makeGenericClientConstructor({}, 'x');
  const client = new Client('127.0.0.1:' + engine.grpc.port, grpc.credentials.createInsecure());
  await new Promise((resolve, reject) => client.makeUnaryRequest('/opentelemetry.proto.collector.logs.v1.LogsService/Export', (b) => b, (b) => b, Buffer.alloc(0), (err) => (err ? reject(err) : resolve())));
  client.close();
  if (engine.store.logCount !== 1) throw new Error('the log record did not arrive');
  const snap = engine.snapshot();
  await engine.dispose();
  // Closed handles leave the list once their close callbacks ran.
  await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setImmediate(r));
  console.log(JSON.stringify({
    resources: process.getActiveResourcesInfo(),
    groups: snap.pushgateway.groups.length,
    targets: snap.scrapeTargets.map((t) => [t.url, t.health]),
  }));
})().catch((err) => { console.error(err); process.exitCode = 3; });
`;

describe('engine sources leave nothing running after stop', function () {
  this.timeout(60_000);
  let gw: RunningPushgateway | undefined;
  let dir: string | undefined;

  before(async function () {
    requirePushgateway(this);
    gw = await startPushgateway();
    await pushText(gw.url, '/metrics/job/lifecycle', 'lifecycle_metric 1\n');
    dir = mkdtempSync(path.join(os.tmpdir(), 'ti-lifecycle-'));
  });

  after(async () => {
    await gw?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the process exits by itself after engine.dispose(), with no timers, watches or sockets left', async () => {
    const file = path.join(dir!, 'targets.json');
    writeFileSync(file, JSON.stringify([{ targets: [`127.0.0.1:${gw!.port}`], labels: { __param_from: 'file_sd', from: 'file' } }]));
    const t0 = Date.now();
    const done = await run('-e', [CHILD, gw!.url, file], {}, 40_000);
    assert.equal(done.code, 0, `exit ${done.code} ${done.signal ?? ''}: ${done.stderr}`);
    assert.ok(Date.now() - t0 < 35_000);
    const report = JSON.parse(done.stdout.trim().split('\n').at(-1)!) as { resources: string[]; groups: number; targets: [string, string][] };
    assert.equal(report.groups, 1);
    assert.deepEqual(report.targets.map(([, h]) => h).sort(), ['down', 'up', 'up']);
    const leftovers = report.resources.filter((r) => /Timeout|Immediate|TCP|FSEvent|StatWatcher|FSReq/.test(r));
    assert.deepEqual(leftovers, [], `still active: ${report.resources.join(', ')}`);
  });
});
