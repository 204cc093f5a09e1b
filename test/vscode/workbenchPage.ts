/**
 * Small steps on the real workbench page that the screenshot scripts share: opening the workbench as the pictures
 * show it, running palette commands, finding webviews, finding and expanding tree rows, widening the sidebar,
 * page-side checks, stopping demo apps, and the scripts' common exit handling.
 */
import type { ChildProcess } from 'node:child_process';
import type { Frame, Page } from 'playwright-core';
import { startWorkbench, type Workbench } from './launcher/runReal';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** What every picture shares: the dark theme, and none of the workbench's chrome or prompts that are not ours. */
const PICTURE_SETTINGS: Record<string, unknown> = {
  'workbench.colorTheme': 'Default Dark Modern',
  'window.commandCenter': false,
  'workbench.layoutControl.enabled': false,
  'workbench.editor.empty.hint': 'hidden',
  'remote.autoForwardPorts': false,
};

/**
 * The launcher's workbench on `workspaceFolder` with the picture settings (then `settings` over them) and the
 * extension host's console dropped, once its activity bar is drawn. Stops it again if that never happens.
 */
export async function openPictureWorkbench(workspaceFolder: string, viewport: { width: number; height: number }, settings: Record<string, unknown>): Promise<Workbench> {
  const workbench = await startWorkbench({ workspaceFolder, viewport, settings: { ...PICTURE_SETTINGS, ...settings }, onExtensionHostLog: () => undefined });
  try {
    await workbench.page.waitForSelector('.activitybar', { timeout: 60_000 });
  } catch (e) {
    await workbench.stop();
    throw e;
  }
  return workbench;
}

/** Runs a command from the palette: F1, its title, Enter. */
export async function palette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** The webview frame whose document holds `selector` (webviews are iframes inside iframes). */
export async function webviewFrame(page: Page, selector: string, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      try {
        if (await frame.$(selector)) return frame;
      } catch {
        // a frame that went away while we looked
      }
    }
    await sleep(200);
  }
  throw new Error(`no webview shows ${selector} after ${timeoutMs / 1000} s`);
}

/** A logger that prefixes the script's tag, on stderr. */
export function sayer(tag: string): (line: string) => void {
  return (line) => process.stderr.write(`[${tag}] ${line}\n`);
}

/** The tree row whose label is exactly `label` (the description is a separate element). */
export function row(page: Page, label: string) {
  return page.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) }) }).first();
}

export async function expand(page: Page, label: string): Promise<void> {
  const r = row(page, label);
  await r.waitFor({ timeout: 30_000 });
  if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
  await page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await r.elementHandle(), { timeout: 10_000 });
}

/** A page-side check (a string: these files are compiled without the DOM library). */
export function statusBarHas(text: string): string {
  return `document.querySelector('.statusbar')?.textContent?.includes(${JSON.stringify(text)})`;
}

/** Drags the sash on the sidebar's right edge, so descriptions (values, durations) are not cut off. */
export async function widenSidebar(page: Page, by: number): Promise<void> {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (!sidebar) return;
  for (const sash of await page.locator('.monaco-sash.vertical').all()) {
    const box = await sash.boundingBox();
    if (!box || Math.abs(box.x + box.width / 2 - (sidebar.x + sidebar.width)) > 6) continue;
    const y = sidebar.y + sidebar.height / 2;
    await page.mouse.move(box.x + box.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + by, y, { steps: 10 });
    await page.mouse.up();
    return;
  }
}

export function stopApp(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

/** Runs a script's main and exits with its outcome, naming the failure. */
export function runScript(main: () => Promise<void>, say: (line: string) => void): void {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      say(`FAILED: ${e instanceof Error ? e.stack : String(e)}`);
      process.exit(1);
    },
  );
}

/**
 * Presses "Trust" in the Workspace Trust editor (opened by `workbench.trust.manage`; its "In a Trusted Folder"
 * column), as a user does: no API trusts a folder, and VS Code offers no command that does it without this click.
 */
export async function trustFolder(page: Page): Promise<void> {
  const button = page.locator('.monaco-button', { hasText: /^\s*Trust\s*$/ }).first();
  await button.waitFor({ state: 'visible', timeout: 30_000 });
  await button.click();
}
