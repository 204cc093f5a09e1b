/**
 * Small steps on the real workbench page that the screenshot scripts share: finding and expanding tree rows,
 * widening the sidebar, page-side checks, stopping demo apps, and the scripts' common exit handling.
 */
import type { ChildProcess } from 'node:child_process';
import type { Page } from 'playwright-core';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

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
