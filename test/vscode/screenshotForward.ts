// Takes the README's picture of forwarding's health: a real VS Code (the launcher's workbench, dark theme) whose user
// settings forward to two upstreams, one up (a second inspector, our CLI in a process of its own) and one down (a
// closed loopback port, over gRPC, traces only), while two demo instances of the fixture app send. The Instances
// view's title says the forward state; the status bar item's tooltip, hovered, has the Forward section.
//
//   npm run screenshot:forward    → docs/images/forward.png
//
// Environment: TI_SCREENSHOT_OUT (another output path).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, freePort, listening, start, OTEL_APP, type Running } from '../helpers/process';
import type { Workbench } from './launcher/runReal';
import { repoRoot } from './launcher/serverInstall';
import { expand, openPictureWorkbench, row, runScript, sayer, sleep, statusBarHas, stopApp, widenSidebar } from './workbenchPage';

const DEMO: { service: string; instance: string }[] = [
  { service: 'checkout-agent', instance: 'agent-1' },
  { service: 'billing-worker', instance: 'worker-1' },
];

const say = sayer('screenshot');

async function main(): Promise<void> {
  const root = repoRoot();
  const out = path.resolve(process.env.TI_SCREENSHOT_OUT ?? path.join(root, 'docs', 'images', 'forward.png'));
  for (const f of [OTEL_APP, CLI]) if (!fs.existsSync(f)) throw new Error(`${f} is missing: build first (node esbuild.config.mjs --tests)`);
  const [port, upPort, downPort] = [await freePort(), await freePort(), await freePort()];
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'ti-screenshot-'));
  const workspaceFolder = path.join(temp, 'agents');
  fs.mkdirSync(workspaceFolder);
  const apps: Running[] = [];
  let upstream: Running | undefined;
  let workbench: Workbench | undefined;
  try {
    // The upstream that is up: a second inspector, HTTP only, until it is stopped by pid.
    upstream = start(CLI, ['--port', String(upPort), '--no-grpc'], {}, 300_000);
    await listening(upPort);
    say(`upstream inspector on 127.0.0.1:${upPort}; 127.0.0.1:${downPort} left closed`);
    workbench = await openPictureWorkbench(workspaceFolder, { width: 1280, height: 800 }, {
      'telemetryInspector.receiver.port': port,
      'telemetryInspector.grpc.port': await freePort(),
      'telemetryInspector.forward.endpoints': [
        { url: `http://127.0.0.1:${upPort}`, protocol: 'http/protobuf' },
        { url: `http://127.0.0.1:${downPort}`, protocol: 'grpc', signals: ['traces'] },
      ],
    });
    const page = workbench.page;
    await page.waitForFunction(statusBarHas('instances'), undefined, { timeout: 60_000 });
    await page.click('.activitybar [aria-label^="Telemetry"]');
    for (const { service, instance } of DEMO) {
      apps.push(
        start(OTEL_APP, [], {
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
          OTEL_SERVICE_NAME: service,
          APP_INSTANCE_ID: instance,
          APP_ROUNDS: '3',
          APP_LOOP_MS: '2500',
        }, 300_000),
      );
    }
    await page.waitForFunction(statusBarHas(`${DEMO.length} instances`), undefined, { timeout: 60_000 });
    await widenSidebar(page, 260);
    await expand(page, 'agent-1');
    // The closed port fails four times in a row (0.5 s doubling) before it reads "failing".
    await page.locator('.part.sidebar .pane-header', { hasText: 'forward (2 upstreams): 1 of 2 failing' }).first().waitFor({ timeout: 60_000 });
    await row(page, 'Traces').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await page.mouse.click(900, 400);
    await sleep(1500);
    await page.locator('.statusbar-item', { hasText: 'instances' }).first().hover();
    await page.locator('.monaco-hover', { hasText: 'Forward' }).first().waitFor({ timeout: 10_000 });
    await sleep(500);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out });
    say(`wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    for (const app of apps) stopApp(app.child);
    await Promise.all(apps.map((a) => a.done));
    await workbench?.stop();
    if (upstream) {
      stopApp(upstream.child);
      await upstream.done;
    }
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

runScript(main, say);
