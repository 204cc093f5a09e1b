/**
 * The VS Code side of the pull-side sources (the Pushgateway poller and the /metrics scraper), which the engine
 * starts and reconfigures: their engine options from the settings, the context keys the welcome views read, and
 * lines in the output channel. Neither fails to start: an unreachable gateway or target is a state the views show.
 */
import * as vscode from 'vscode';
import type { EngineApi, ListenErrorData } from '../../core/api/engineApi';
import type { EngineOptions } from '../../core/engine';
import { resolvePushgatewayUrl } from '../../core/pushgateway/poller';
import { prometheusOptions, type Settings } from '../settings/settings';

/** Context key: a Pushgateway URL is in use (from the setting or $PUSHGATEWAY_URL); the welcome view reads it. */
const CONTEXT_PUSHGATEWAY = 'telemetryInspector.pushgatewayConfigured';
/** Context key: some scrape URL or file_sd file is configured. */
const CONTEXT_SCRAPE = 'telemetryInspector.scrapeConfigured';

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
    private readonly api: EngineApi,
    settings: Settings,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.setContext(settings);
  }

  /**
   * Starts polling and scraping (resolves once the file_sd files were read the first time) and the Prometheus
   * exposition's own port when one is set; a busy port there is said, and /metrics on the OTLP port still serves.
   */
  async start(): Promise<void> {
    await this.api.startSources();
    const url = this.api.status.pushgateway.url;
    if (url) this.output.info(`Polling the Pushgateway at ${url}`);
    this.reportExposition(await this.api.startExposition());
  }

  /** New settings apply at once: another URL polls right away, new targets are scraped right away. */
  async apply(next: Settings): Promise<void> {
    const before = this.api.status.pushgateway.url;
    await this.api.configure(sourceOptions(next));
    const url = this.api.status.pushgateway.url;
    if (url !== before) this.output.info(url ? `Polling the Pushgateway at ${url}` : 'No Pushgateway URL: polling stopped');
    this.setContext(next);
    this.reportExposition(await this.api.configurePrometheus(prometheusOptions(next.prometheus)));
  }

  private reportExposition(error: ListenErrorData | undefined): void {
    const own = this.api.status.prometheus.serverAddress;
    if (own) this.output.info(`Serving the received metrics for Prometheus at http://${own.host}:${own.port}/metrics`);
    if (!error) return;
    this.output.warn(`Prometheus exposition: ${error.message}`);
    void vscode.window.showWarningMessage(`Telemetry Inspector could not serve /metrics on its own port: ${error.message} The metrics are still served at /metrics on the OTLP/HTTP port.`);
  }

  private setContext({ scrape }: Settings): void {
    void vscode.commands.executeCommand('setContext', CONTEXT_PUSHGATEWAY, !!this.api.status.pushgateway.url);
    void vscode.commands.executeCommand('setContext', CONTEXT_SCRAPE, scrape.urls.length + scrape.fileSdPaths.length > 0);
  }
}
