/**
 * The VS Code side of the pull-side sources (the Pushgateway poller and the /metrics scraper), which the engine
 * starts and reconfigures: their engine options from the settings, the context keys the welcome views read, and
 * lines in the output channel. Neither fails to start: an unreachable gateway or target is a state the views show.
 */
import * as vscode from 'vscode';
import type { Engine, EngineOptions } from '../../core/engine';
import { resolvePushgatewayUrl } from '../../core/pushgateway/poller';
import type { Settings } from '../settings/settings';

/** Context key: a Pushgateway URL is in use (from the setting or $PUSHGATEWAY_URL); the welcome view reads it. */
export const CONTEXT_PUSHGATEWAY = 'telemetryInspector.pushgatewayConfigured';
/** Context key: some scrape URL or file_sd file is configured. */
export const CONTEXT_SCRAPE = 'telemetryInspector.scrapeConfigured';

/** The engine options of both sources for these settings (file_sd paths are already resolved). */
export function sourceOptions(settings: Settings, env: NodeJS.ProcessEnv = process.env): Pick<EngineOptions, 'pushgateway' | 'scrape'> {
  const p = settings.pushgateway;
  const s = settings.scrape;
  return {
    pushgateway: { url: resolvePushgatewayUrl(p.url, env), pollIntervalMs: p.pollIntervalMs, staleAfterMs: p.staleAfterMs, timeoutMs: p.timeoutMs },
    scrape: { urls: s.urls, fileSdPaths: s.fileSdPaths, intervalMs: s.intervalMs, timeoutMs: s.timeoutMs },
  };
}

export class SourcesController {
  constructor(
    private readonly engine: Engine,
    settings: Settings,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.setContext(settings);
  }

  /** Starts polling and scraping; resolves once the file_sd files were read the first time. */
  async start(): Promise<void> {
    await this.engine.startSources();
    const url = this.engine.pushgateway.options.url;
    if (url) this.output.info(`Polling the Pushgateway at ${url}`);
  }

  /** New settings apply at once: another URL polls right away, new targets are scraped right away. */
  async apply(next: Settings): Promise<void> {
    const before = this.engine.pushgateway.options.url;
    await this.engine.configure(sourceOptions(next));
    const url = this.engine.pushgateway.options.url;
    if (url !== before) this.output.info(url ? `Polling the Pushgateway at ${url}` : 'No Pushgateway URL: polling stopped');
    this.setContext(next);
  }

  private setContext({ scrape }: Settings): void {
    void vscode.commands.executeCommand('setContext', CONTEXT_PUSHGATEWAY, !!this.engine.pushgateway.options.url);
    void vscode.commands.executeCommand('setContext', CONTEXT_SCRAPE, scrape.urls.length + scrape.fileSdPaths.length > 0);
  }
}
