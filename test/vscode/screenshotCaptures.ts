// Takes the README's picture of an opened capture, in a real VS Code (the launcher's workbench, dark theme): the
// shop demo is sent through the OpenTelemetry SDK's exporters to an engine of this script's own (persistence on),
// exported as OTLP JSON Lines into the workspace, then opened with Telemetry: Open Capture… from the palette (the
// workbench's own file dialog), its tree expanded in the Captures view and one of its traces opened.
//
//   npm run screenshot:captures     → docs/images/capture-open.png
//
// Environment: TI_SCREENSHOT_DIR (another output folder).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InProcessEngine } from '../../src/core/api/inProcessEngine';
import { freePort } from '../helpers/process';
import type { Workbench } from './launcher/runReal';
import { repoRoot } from './launcher/serverInstall';
import { sendShop } from './shopDemo';
import { expand, openPictureWorkbench, palette, row, runScript, sayer, sleep, statusBarHas, widenSidebar } from './workbenchPage';

const say = sayer('screenshot:captures');

/** The shop's history through real exporters into an engine of our own, written out as a capture file. */
async function makeCapture(file: string, temp: string): Promise<void> {
  const port = await freePort();
  const engine = new InProcessEngine({ http: { port }, persistence: { dir: path.join(temp, 'kept') } });
  try {
    await engine.start();
    const sent = await sendShop(port, 120);
    say(`sent ${sent.traces} traces to the capture engine`);
    await sleep(1500);
    await engine.stop();
    const summary = await engine.exportCapture(file);
    say(`exported ${summary.lines} requests to ${file}`);
  } finally {
    await engine.dispose();
  }
}

async function main(): Promise<void> {
  const root = repoRoot();
  const outDir = path.resolve(process.env.TI_SCREENSHOT_DIR ?? path.join(root, 'docs', 'images'));
  fs.mkdirSync(outDir, { recursive: true });
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'ti-screenshot-captures-'));
  const workspaceFolder = path.join(temp, 'shop');
  fs.mkdirSync(workspaceFolder, { recursive: true });
  const file = path.join(workspaceFolder, 'checkout-incident.jsonl');
  let workbench: Workbench | undefined;
  try {
    await makeCapture(file, temp);
    workbench = await openPictureWorkbench(workspaceFolder, { width: 1440, height: 900 }, {
      'telemetryInspector.receiver.port': await freePort(),
      'telemetryInspector.grpc.port': 0,
      'files.simpleDialog.enable': true,
    });
    const page = workbench.page;
    await page.waitForFunction(statusBarHas('instance'), undefined, { timeout: 60_000 });
    await page.locator('.activitybar [aria-label^="Telemetry"]').first().click();
    await sleep(1000);

    await palette(page, 'Telemetry: Open Capture');
    // The workbench's own file dialog: a path in the quick input.
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(file);
    await sleep(800);
    await page.keyboard.press('Enter');
    await row(page, 'checkout-incident.jsonl').waitFor({ timeout: 60_000 });
    say('capture open');
    await sleep(1000);
    await page.keyboard.press('Escape'); // the notification's focus

    await widenSidebar(page, 220);
    // The live Instances view (empty here) is folded, so the capture's tree has the sidebar's height.
    await page.locator('.pane-header', { hasText: 'Instances' }).first().click();
    await sleep(800);
    await expand(page, 'storefront-1');
    await expand(page, 'Traces');
    const trace = page.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^GET \/checkout$/ }) }).first();
    await trace.waitFor({ timeout: 30_000 });
    await trace.click();
    await sleep(4000);
    await page.mouse.move(5, 5);
    await sleep(800);
    const out = path.join(outDir, 'capture-open.png');
    await page.screenshot({ path: out });
    say(`wrote ${path.relative(process.cwd(), out)}`);
  } catch (error) {
    if (process.env.TI_SCREENSHOT_DEBUG) await workbench?.page.screenshot({ path: process.env.TI_SCREENSHOT_DEBUG }).catch(() => undefined);
    throw error;
  } finally {
    await workbench?.stop();
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

runScript(main, say);
