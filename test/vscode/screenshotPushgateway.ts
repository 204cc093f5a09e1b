// Takes the README's pictures of the Pushgateway view and of the cleanup: a real VS Code (the launcher's workbench,
// dark theme) with the extension loaded and a real Pushgateway (Debian's prometheus-pushgateway, its own data file)
// holding groups named as in the seed notes: gptme instances and batch jobs, some stale (they stopped pushing a
// minute ago), some live (they keep pushing), and one whose last push the gateway refused (a metric type clash).
//
//   npm run screenshot:pushgateway   → docs/images/pushgateway.png  (the view: gateway, groups, a group's series)
//                                      docs/images/clean-stale.png  (Clean Stale's list, the stale groups checked)
//
// Nothing is deleted: the list is photographed and dismissed. It takes about two minutes (the stale groups must age).
// Environment: TI_SCREENSHOT_DIR (another output folder), TI_STALE_WAIT_MS (how long the stale groups age, default 65 s).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { freePort } from '../helpers/process';
import { httpRequest, pushText, startPushgateway, type RunningPushgateway } from '../helpers/pushgateway';
import type { Workbench } from './launcher/runReal';
import { repoRoot } from './launcher/serverInstall';
import { expand, openPictureWorkbench, row, runScript, sayer, sleep, widenSidebar } from './workbenchPage';

const say = sayer('screenshot');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** Jobs that ran and stopped: their groups stay on the gateway forever (its README's non-goal). */
const STALE: [string, string][] = [
  ['/metrics/job/gptme-41877/instance/bob-vm', '# TYPE gptme_tokens_total counter\ngptme_tokens_total{model="claude-sonnet"} 18234\ngptme_tokens_total{model="gpt-4o"} 2211\n# TYPE gptme_tool_calls_total counter\ngptme_tool_calls_total{tool="shell"} 37\n'],
  ['/metrics/job/gptme-41902/instance/bob-vm', '# TYPE gptme_tokens_total counter\ngptme_tokens_total{model="claude-sonnet"} 5120\n'],
  [`/metrics/job@base64/${b64('backup/nightly')}/instance/db-1`, '# TYPE backup_last_success_seconds gauge\nbackup_last_success_seconds 1.7e9\n# TYPE backup_bytes gauge\nbackup_bytes 8.4e9\n'],
  ['/metrics/job/cleanup/shard@base64/=', '# TYPE cleanup_removed_total counter\ncleanup_removed_total 412\n'],
];
/** Jobs still running: they push every few seconds while the pictures are taken. */
const LIVE: [string, string][] = [
  ['/metrics/job/gptme-8001/instance/bob-vm', '# TYPE gptme_tokens_total counter\ngptme_tokens_total{model="claude-sonnet"} 93210\n# TYPE gptme_tool_calls_total counter\ngptme_tool_calls_total{tool="shell"} 128\ngptme_tool_calls_total{tool="python"} 41\n'],
  ['/metrics/job/gptme-8002/instance/bob-vm', '# TYPE gptme_tokens_total counter\ngptme_tokens_total{model="claude-sonnet"} 40400\n'],
  ['/metrics/job/ingest-worker/instance/host-2', '# TYPE ingest_queue_depth gauge\ningest_queue_depth{queue="events"} 17\n'],
];

/** A view's section header in the sidebar, by its title. */
function paneHeader(page: Page, title: string) {
  return page.locator('.part.sidebar .pane-header', { has: page.locator('h3.title', { hasText: new RegExp(`^${title}$`, 'i') }) }).first();
}

async function setPane(page: Page, title: string, expanded: boolean): Promise<void> {
  const header = paneHeader(page, title);
  await header.waitFor({ timeout: 30_000 });
  if (((await header.getAttribute('aria-expanded')) === 'true') !== expanded) await header.click();
  await page.waitForFunction(([el, want]) => (el as { getAttribute(n: string): string | null } | null)?.getAttribute('aria-expanded') === want, [await header.elementHandle(), String(expanded)] as const, { timeout: 10_000 });
}

async function main(): Promise<void> {
  const root = repoRoot();
  const outDir = path.resolve(process.env.TI_SCREENSHOT_DIR ?? path.join(root, 'docs', 'images'));
  const staleWaitMs = Number(process.env.TI_STALE_WAIT_MS) || 65_000;
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'ti-screenshot-'));
  const workspaceFolder = path.join(temp, 'agents');
  fs.mkdirSync(workspaceFolder);
  let gw: RunningPushgateway | undefined;
  let workbench: Workbench | undefined;
  let pusher: NodeJS.Timeout | undefined;
  try {
    gw = await startPushgateway();
    const url = gw.url;
    for (const [p, body] of STALE) await pushText(url, p, body);
    say(`Pushgateway on ${url}; letting ${STALE.length} groups go stale for ${Math.round(staleWaitMs / 1000)} s`);
    await sleep(staleWaitMs);
    const pushLive = async () => {
      for (const [p, body] of LIVE) await pushText(url, p, body).catch(() => undefined);
    };
    await pushLive();
    pusher = setInterval(() => void pushLive(), 3000);
    // A live job whose last push the gateway refused: it sent gptme_tokens_total as a gauge, a counter elsewhere.
    await pushText(url, '/metrics/job/report-gen', '# TYPE report_pages_total counter\nreport_pages_total 12\n');
    const refused = await httpRequest('POST', `${url}/metrics/job/report-gen`, '# TYPE gptme_tokens_total gauge\ngptme_tokens_total 3\n');
    if (refused.status !== 400) throw new Error(`the conflicting push was not refused: ${refused.status} ${refused.body}`);

    workbench = await openPictureWorkbench(workspaceFolder, { width: 1280, height: 800 }, {
      'telemetryInspector.receiver.port': await freePort(),
      'telemetryInspector.grpc.port': await freePort(),
      'telemetryInspector.pushgateway.url': url,
      'telemetryInspector.pushgateway.staleAfter': '1m',
      'telemetryInspector.pushgateway.pollInterval': 2,
    });
    const page = workbench.page;
    await page.click('.activitybar [aria-label^="Telemetry"]');
    // The Pushgateway view open, the Instances view (empty here) and Scrape Targets folded away.
    await setPane(page, 'Pushgateway', true);
    await setPane(page, 'Scrape Targets', false);
    await setPane(page, 'Instances', false);
    await row(page, url).waitFor({ timeout: 60_000 });
    await row(page, 'job="report-gen"').waitFor({ timeout: 30_000 });
    await widenSidebar(page, 330);
    await expand(page, 'job="gptme-41877", instance="bob-vm"');
    await expand(page, 'job="gptme-8001", instance="bob-vm"');
    await page.keyboard.press('Escape');
    await page.mouse.click(1100, 500);
    await sleep(2500); // a poll, and the last refresh
    // The failed group's tooltip says what a failed push means. A row is redrawn when its age passes a ten-second
    // step, which closes its hover: take the picture while the hover is up, and again if it closed meanwhile.
    fs.mkdirSync(outDir, { recursive: true });
    const viewShot = path.join(outDir, 'pushgateway.png');
    const hover = page.locator('.workbench-hover:visible', { hasText: 'refused the last push' }).first();
    for (let attempt = 1; ; attempt++) {
      await page.mouse.move(1100, 600);
      await sleep(300);
      await row(page, 'job="report-gen"').locator('.label-name').hover();
      await hover.waitFor({ timeout: 15_000 });
      await sleep(200);
      await page.screenshot({ path: viewShot });
      if (await hover.isVisible()) break;
      if (attempt === 5) throw new Error('the hover kept closing before the picture');
    }
    say(`wrote ${path.relative(process.cwd(), viewShot)}`);

    // Clean Stale from the command palette: the list, with the stale groups checked, waiting for the user.
    await page.mouse.move(1100, 700);
    await page.mouse.click(1100, 500);
    await sleep(500);
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 10_000 });
    await page.keyboard.type('Telemetry: Clean Stale Pushgateway Groups');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Clean Stale Pushgateway Groups' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Clean Stale Pushgateway Groups' }).first().waitFor({ timeout: 20_000 });
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'gptme-41877' }).first().waitFor({ timeout: 10_000 });
    await sleep(800);
    const pickShot = path.join(outDir, 'clean-stale.png');
    await page.screenshot({ path: pickShot });
    say(`wrote ${path.relative(process.cwd(), pickShot)}`);
    await page.keyboard.press('Escape'); // nothing is deleted
  } finally {
    if (pusher) clearInterval(pusher);
    await workbench?.stop();
    await gw?.dispose();
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

runScript(main, say);
