// Takes the README's picture of the Instances view: a real VS Code (the launcher's workbench, dark theme) with the
// extension loaded, four demo instances of the fixture app sending (three of one service, one of another; every
// third request of each fails; one of them killed, so it shows as quiet), the Telemetry container open and a little
// of the tree expanded.
//
//   npm run screenshot            → docs/images/instances.png (and welcome.png beside it: the empty state)
//
// Environment: TI_SCREENSHOT_OUT (another output path).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, start, OTEL_APP, type Running } from '../helpers/process';
import type { Workbench } from './launcher/runReal';
import { repoRoot } from './launcher/serverInstall';
import { expand, openPictureWorkbench, row, runScript, sayer, sleep, statusBarHas, stopApp, widenSidebar } from './workbenchPage';

const DEMO: { service: string; instance: string }[] = [
  { service: 'checkout-agent', instance: 'agent-1' },
  { service: 'checkout-agent', instance: 'agent-2' },
  { service: 'checkout-agent', instance: 'agent-3' },
  { service: 'billing-worker', instance: 'worker-1' },
];

const say = sayer('screenshot');

async function main(): Promise<void> {
  const root = repoRoot();
  const out = path.resolve(process.env.TI_SCREENSHOT_OUT ?? path.join(root, 'docs', 'images', 'instances.png'));
  if (!fs.existsSync(OTEL_APP)) throw new Error(`${OTEL_APP} is missing: build first (node esbuild.config.mjs --tests)`);
  const port = await freePort();
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'ti-screenshot-'));
  const workspaceFolder = path.join(temp, 'agents');
  fs.mkdirSync(workspaceFolder);
  const apps: Running[] = [];
  let workbench: Workbench | undefined;
  try {
    workbench = await openPictureWorkbench(workspaceFolder, { width: 1280, height: 960 }, { 'telemetryInspector.receiver.port': port });
    const page = workbench.page;

    // The receiver starts with the extension (onStartupFinished); the demo apps start once it answers.
    await page.waitForFunction(statusBarHas('instances'), undefined, { timeout: 60_000 });
    // First the empty state a new user meets: how to point an app here.
    await page.click('.activitybar [aria-label^="Telemetry"]');
    await page.locator('.welcome-view-content', { hasText: 'No telemetry yet' }).first().waitFor({ timeout: 30_000 });
    await widenSidebar(page, 200);
    await page.mouse.click(900, 400);
    await sleep(500);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: path.join(path.dirname(out), 'welcome.png'), clip: { x: 0, y: 0, width: 640, height: 420 } });
    say(`receiver up on 127.0.0.1:${port}; starting ${DEMO.length} demo instances`);
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

    await row(page, 'checkout-agent').waitFor({ timeout: 30_000 });
    // A few cycles more, so the lists below are worth opening; then one instance dies (no flush, as a crash).
    await sleep(3000);
    apps[3].child.kill('SIGKILL'); // worker-1: its row is at the top
    await expand(page, 'agent-1');
    await expand(page, 'Traces');
    await expand(page, 'Metrics');
    await expand(page, 'app.requests');
    await expand(page, 'Logs');
    // Selection off the rows (a selected row is drawn highlighted), focus off the tree, and a moment for the last refresh.
    await page.keyboard.press('Escape');
    await page.mouse.click(900, 400);
    // The killed one goes quiet once it has missed its usual interval (15 s at the least): dimmed, "last seen".
    await page.waitForFunction(statusBarHas(`${DEMO.length - 1} instances`), undefined, { timeout: 60_000 });
    await sleep(1500);
    // The status bar item's tooltip: the receiver's address, what arrived, evictions, errors.
    await page.locator('.statusbar-item', { hasText: 'instances' }).first().hover();
    await page.locator('.monaco-hover', { hasText: 'OTLP/HTTP receiver' }).first().waitFor({ timeout: 10_000 });
    await sleep(500);
    await page.screenshot({ path: out });
    say(`wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    for (const app of apps) stopApp(app.child);
    await Promise.all(apps.map((a) => a.done));
    await workbench?.stop();
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

runScript(main, say);
