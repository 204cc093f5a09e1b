// Takes the README's pictures of the trace waterfall and the metric chart, in a real VS Code (the launcher's
// workbench, dark theme) with the extension loaded. Demo senders: two instances of the fixture app in a loop, a
// checkout service recording request durations with the OpenTelemetry SDK (its OTLP exporter, once a second), and
// a five-service checkout trace posted as OTLP/JSON. Both panels are opened through the command palette, as a user
// would; on the way it checks that the trace panel keeps its filter and selection when hidden and shown again,
// and that the details pane's source link opens the file at the span's line.
//
//   npm run screenshot:panels     → docs/images/trace-panel.png, docs/images/metric-panel.png
//
// Environment: TI_SCREENSHOT_DIR (another output folder), TI_DEMO_SECONDS (how long metrics accumulate, default 40).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationType, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { freePort, start, OTEL_APP, type Running } from '../helpers/process';
import type { Workbench } from './launcher/runReal';
import { repoRoot } from './launcher/serverInstall';
import { openPictureWorkbench, palette, runScript, sayer, sleep, statusBarHas, stopApp, webviewFrame } from './workbenchPage';
import { checkoutTrace, hexId, postOtlpJson, tracesRequest } from './panelsData';

const say = sayer('screenshot:panels');

/** Types into the quick input that is showing (an input box or a quick pick) and presses Enter. */
async function answer(page: Page, text: string, expectRow?: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(text);
  if (expectRow) await page.locator('.quick-input-list .monaco-list-row', { hasText: expectRow }).first().waitFor({ timeout: 15_000 });
  else await sleep(300);
  await page.keyboard.press('Enter');
}

/** Request durations that look like a real service: a load-dependent median and a slow tail. */
function startCheckoutService(port: number): { stop(): Promise<void> } {
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout-api', 'service.instance.id': 'checkout-api-1', 'host.name': 'demo-host' }),
    readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `http://127.0.0.1:${port}/v1/metrics` }), exportIntervalMillis: 1000 })],
    views: [
      {
        instrumentName: 'http.server.request.duration',
        aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1] } },
      },
    ],
  });
  const meter = provider.getMeter('checkout-api', '2.4.0');
  const duration = meter.createHistogram('http.server.request.duration', { unit: 's', description: 'Duration of HTTP server requests' });
  const requests = meter.createCounter('checkout.orders', { unit: '{order}', description: 'Orders placed' });
  const started = Date.now();
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const timer = setInterval(() => {
    const t = (Date.now() - started) / 1000;
    // Load rises and falls over ~40 s; the median follows it, from about 45 ms to 110 ms.
    const load = 0.5 + 0.5 * Math.sin((t / 40) * 2 * Math.PI);
    const median = 0.045 + 0.065 * load;
    for (let i = 0; i < 30; i++) {
      const slow = random() < 0.01 + 0.02 * load;
      const v = slow ? 0.2 + random() * 0.4 : median * Math.exp(0.35 * gauss());
      duration.record(v, { 'http.request.method': 'POST', 'http.route': '/checkout', 'http.response.status_code': 200 });
    }
    requests.add(1 + Math.round(4 * load * random()), { channel: 'web' });
  }, 100);
  return {
    async stop() {
      clearInterval(timer);
      await provider.shutdown().catch(() => undefined);
    },
  };
}

async function main(): Promise<void> {
  const root = repoRoot();
  const outDir = path.resolve(process.env.TI_SCREENSHOT_DIR ?? path.join(root, 'docs', 'images'));
  const demoSeconds = Number(process.env.TI_DEMO_SECONDS ?? 40);
  if (!fs.existsSync(OTEL_APP)) throw new Error(`${OTEL_APP} is missing: build first (node esbuild.config.mjs --tests)`);
  const port = await freePort();
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'ti-screenshot-panels-'));
  const workspaceFolder = path.join(temp, 'shop');
  // The file the checkout trace's code.* attributes name, so "go to source" has somewhere to go.
  fs.mkdirSync(path.join(workspaceFolder, 'src', 'checkout'), { recursive: true });
  fs.mkdirSync(path.join(workspaceFolder, 'src', 'payment'), { recursive: true });
  const lines = (n: number, name: string) => Array.from({ length: n }, (_, i) => `// ${name}, line ${i + 1}`).join('\n') + '\n';
  fs.writeFileSync(path.join(workspaceFolder, 'src', 'checkout', 'handler.ts'), lines(140, 'checkout handler'));
  fs.writeFileSync(path.join(workspaceFolder, 'src', 'payment', 'charge.ts'), lines(120, 'payment controller'));
  const apps: Running[] = [];
  let service: { stop(): Promise<void> } | undefined;
  let workbench: Workbench | undefined;
  try {
    workbench = await openPictureWorkbench(workspaceFolder, { width: 1440, height: 900 }, { 'telemetryInspector.receiver.port': port, 'workbench.sideBar.location': 'left' });
    const page = workbench.page;
    await page.waitForFunction(statusBarHas('instance'), undefined, { timeout: 60_000 });
    say(`receiver up on 127.0.0.1:${port}; starting the demo senders for ${demoSeconds} s`);

    for (const instance of ['agent-1', 'agent-2']) {
      apps.push(
        start(OTEL_APP, [], { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_SERVICE_NAME: 'checkout-agent', APP_INSTANCE_ID: instance, APP_ROUNDS: '3', APP_LOOP_MS: '1500' }, 600_000),
      );
    }
    service = startCheckoutService(port);
    const traceId = hexId(16);
    const status = await postOtlpJson(port, '/v1/traces', tracesRequest(traceId, checkoutTrace(), Date.now() - 5000));
    if (status !== 200) throw new Error(`posting the checkout trace: HTTP ${status}`);
    await sleep(demoSeconds * 1000);

    // ---- the trace panel -------------------------------------------------------------------------------------
    await page.keyboard.press('Escape');
    // The panels get the whole window.
    await palette(page, 'View: Toggle Primary Side Bar Visibility');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 10_000 });
    await palette(page, 'Telemetry: Open Trace');
    await answer(page, traceId);
    await answer(page, '', 'All 5 instances together');
    const trace = await webviewFrame(page, '.waterfall .row');
    // Select the declined payment: its details (status, exception event, attributes) fill the right-hand pane.
    await trace.locator('.row', { hasText: 'POST /charge' }).first().click();
    await trace.locator('.details .badge.st-error').waitFor({ timeout: 15_000 });
    await page.mouse.move(5, 5);
    await sleep(800);
    fs.mkdirSync(outDir, { recursive: true });
    const tracePng = path.join(outDir, 'trace-panel.png');
    await page.screenshot({ path: tracePng });
    say(`wrote ${path.relative(process.cwd(), tracePng)}`);

    // State across hide/show: filter, then hide the panel behind the chart, then come back.
    await trace.locator('.filter input').fill('acme');
    await trace.locator('.filter-count', { hasText: 'match' }).waitFor({ timeout: 15_000 });
    await sleep(400); // setState is debounced

    // ---- the metric panel ------------------------------------------------------------------------------------
    await palette(page, 'Telemetry: Open Metric Chart');
    await answer(page, 'http.server.request.duration', 'http.server.request.duration');
    const metric = await webviewFrame(page, '.bar-chart svg .bucket');
    await sleep(2500); // one live update more
    // Hover the line chart near its right end: the crosshair and the values at that time.
    const box = await metric.locator('.line-chart svg').boundingBox();
    if (box) await page.mouse.move(box.x + box.width * 0.82, box.y + box.height * 0.5);
    await metric.locator('.tooltip:not([hidden])').waitFor({ timeout: 10_000 }).catch(() => undefined);
    await sleep(500);
    const metricPng = path.join(outDir, 'metric-panel.png');
    await page.screenshot({ path: metricPng });
    say(`wrote ${path.relative(process.cwd(), metricPng)}`);

    // Back to the trace: its webview was discarded while hidden, and restores what the user had.
    await page.locator('.tabs-container .tab', { hasText: 'Trace:' }).first().click();
    const again = await webviewFrame(page, '.waterfall .row.match');
    const filter = await again.locator('.filter input').inputValue();
    const selected = await again.locator('.row.selected .name').first().textContent().catch(() => null);
    say(`after hide and show: filter "${filter}", selected "${selected ?? '(none drawn)'}"`);
    if (filter !== 'acme') throw new Error(`the trace panel lost its filter when hidden (now "${filter}")`);

    // Jump to source from the details pane: the link posts to the extension, which opens the file at its line.
    await again.locator('.row', { hasText: 'POST /charge' }).first().click();
    await again.locator('.details a.source').click();
    await page.locator('.tabs-container .tab', { hasText: 'charge.ts' }).first().waitFor({ timeout: 15_000 });
    await page.waitForFunction(statusBarHas('Ln 88'), undefined, { timeout: 15_000 });
    say('the details pane\'s source link opened src/payment/charge.ts at line 88');
  } finally {
    for (const app of apps) stopApp(app.child);
    await Promise.all(apps.map((a) => a.done));
    await service?.stop();
    await workbench?.stop();
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

runScript(main, say);
