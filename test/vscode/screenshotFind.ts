// Takes the README's pictures of find and compare, in a real VS Code (the launcher's workbench, dark theme) with
// the extension loaded: a shop's last twenty minutes sent through the OpenTelemetry SDK's OTLP exporters
// (shopDemo.ts), then the trace search (Telemetry: Find Traces… from the palette, a root-name filter typed in),
// the slow checkout's waterfall opened from the search with the declined charge's log records in its details,
// and Compare with… from the waterfall's button, accepting the default baseline.
//
//   npm run screenshot:find     → docs/images/search-panel.png, trace-logs.png, trace-diff.png
//
// Environment: TI_SCREENSHOT_DIR (another output folder).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { freePort } from '../helpers/process';
import type { Workbench } from './launcher/runReal';
import { repoRoot } from './launcher/serverInstall';
import { sendShop } from './shopDemo';
import { openPictureWorkbench, palette, runScript, sayer, sleep, statusBarHas, webviewFrame } from './workbenchPage';

const say = sayer('screenshot:find');

/** Waits for a quick pick row and accepts the selected one. */
async function accept(page: Page, expectRow: string): Promise<void> {
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 15_000 });
  await page.locator('.quick-input-list .monaco-list-row', { hasText: expectRow }).first().waitFor({ timeout: 15_000 });
  await sleep(300);
  await page.keyboard.press('Enter');
}

async function shot(page: Page, outDir: string, name: string): Promise<void> {
  await page.mouse.move(5, 5);
  await sleep(800);
  const file = path.join(outDir, name);
  await page.screenshot({ path: file });
  say(`wrote ${path.relative(process.cwd(), file)}`);
}

async function main(): Promise<void> {
  const root = repoRoot();
  const outDir = path.resolve(process.env.TI_SCREENSHOT_DIR ?? path.join(root, 'docs', 'images'));
  fs.mkdirSync(outDir, { recursive: true });
  const port = await freePort();
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'ti-screenshot-find-'));
  const workspaceFolder = path.join(temp, 'shop');
  fs.mkdirSync(workspaceFolder, { recursive: true });
  let workbench: Workbench | undefined;
  try {
    workbench = await openPictureWorkbench(workspaceFolder, { width: 1440, height: 900 }, { 'telemetryInspector.receiver.port': port });
    const page = workbench.page;
    await page.waitForFunction(statusBarHas('instance'), undefined, { timeout: 60_000 });
    say(`receiver up on 127.0.0.1:${port}; sending the shop's history through the SDK's exporters`);
    const sent = await sendShop(port);
    say(`sent ${sent.traces} traces; slow checkout ${sent.slowCheckout}, its baseline ${sent.normalCheckout}`);
    await sleep(3000);

    await page.keyboard.press('Escape');
    await palette(page, 'View: Toggle Primary Side Bar Visibility');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 10_000 });

    // ---- the search --------------------------------------------------------------------------------------------
    await palette(page, 'Telemetry: Find Traces');
    const search = await webviewFrame(page, '.search-form');
    await search.locator('.vrow').first().waitFor({ timeout: 30_000 });
    await search.locator('input[name="name"]').fill('checkout');
    await search.locator('.m-filter', { hasText: 'checkout' }).waitFor({ timeout: 15_000 });
    await sleep(600);
    await shot(page, outDir, 'search-panel.png');

    // ---- the slow checkout, from the search: its logs ----------------------------------------------------------
    await search.locator('.vrow').first().click();
    await accept(page, 'All 3 instances together');
    const trace = await webviewFrame(page, '.waterfall .row');
    await trace.locator('.row.error', { hasText: 'payments' }).first().click();
    await trace.locator('.details .logs-section .log').first().waitFor({ timeout: 15_000 });
    await shot(page, outDir, 'trace-logs.png');

    // ---- Compare with… ---------------------------------------------------------------------------------------
    await trace.locator('button.compare').click();
    await accept(page, 'GET /checkout');
    const diff = await webviewFrame(page, '.drow.vrow');
    await diff.locator('.change-list li').first().waitFor({ timeout: 15_000 });
    await shot(page, outDir, 'trace-diff.png');
  } finally {
    await workbench?.stop();
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

runScript(main, say);
