/**
 * What the trace and metric panels share: one webview panel with the strict HTML shell, redrawn from the engine
 * when a store change concerns it (at most once per REFRESH_MS, and only while visible: a hidden panel is marked
 * dirty and catches up when shown), the typed messages both ways (webview/shared/messages), the webview's
 * 'ready', view-state and CSP reports, and disposal.
 */
import * as vscode from 'vscode';
import type { EngineApi, StoreChange } from '../../core/api/engineApi';
import type { CommonToHost, CommonToWebview, HostMessage, ViewState, WebviewMessage } from '../../webview/shared/messages';
import { webviewHtml, webviewOptions, type WebviewName } from './webviewHtml';

export interface ReadyReport {
  /** Rows (trace) or points (chart) in the data drawn. */
  rows: number;
  /** DOM rows drawn (the virtualized list draws only what is on screen). */
  rendered: number;
  /** From the panel's creation to the first 'ready', in ms (what a user waits). */
  openToReadyMs: number;
  /** The webview's own time from receiving the data to having drawn it, in ms. */
  renderMs: number;
}

/** What tests and diagnostics read of an open panel. */
export interface LivePanelInfo {
  key: string;
  title: string;
  visible: boolean;
  active: boolean;
  /** Set once the webview has drawn its first data. */
  ready: ReadyReport | undefined;
  /** How many times the data was posted (live updates). */
  updates: number;
  /** The data generation last posted (viewState.generation says which one the webview has drawn). */
  generation: number;
  /** What the webview's Content-Security-Policy blocked. */
  cspViolations: string[];
  /** Where the user is in the webview (scroll, selection, focus), as it last reported. */
  viewState: ViewState | undefined;
}

/** What a panel needs from the manager that owns it. */
export interface PanelHost {
  readonly engine: EngineApi;
  readonly extensionUri: vscode.Uri;
  disposed(key: string): void;
}

/** Redraws of a panel whose data is still arriving are at most this frequent. */
const REFRESH_MS = 1000;

export abstract class LivePanel<ToHost extends WebviewMessage, ToWebview extends HostMessage> implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  ready: ReadyReport | undefined;
  /** Where the user is in the webview (scroll, selection, focus), as it last reported. */
  viewState: ViewState | undefined;
  /** What the page's Content-Security-Policy blocked (none, unless something is wrong). */
  readonly cspViolations: string[] = [];
  /** How many times the data was posted (tests watch live updates with it). */
  updates = 0;
  /** The data generation last posted; a 'ready' for an older one is not counted. */
  protected generation = 0;
  private readonly openedAt = performance.now();
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private lastRefresh = 0;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];

  protected constructor(
    protected readonly host: PanelHost,
    readonly key: string,
    viewType: string,
    media: WebviewName,
    title: string,
    /** What the page shows (a trace's or a Series' ids): the webview saves it, and a reload restores the panel from it. */
    target?: object,
    /** A panel VS Code restored after a reload (panelSerializers): it is given its page again instead of a new panel. */
    restored?: vscode.WebviewPanel,
  ) {
    const shown = title.length > 60 ? `${title.slice(0, 59)}…` : title;
    if (restored) {
      this.panel = restored;
      this.panel.webview.options = webviewOptions(host.extensionUri);
    } else {
      this.panel = vscode.window.createWebviewPanel(viewType, shown, vscode.ViewColumn.Active, webviewOptions(host.extensionUri));
    }
    this.panel.webview.html = webviewHtml(this.panel.webview, host.extensionUri, media, title, target);
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((m: unknown) => {
        // Only the panel's own script posts here; anything without a type is not a message of ours.
        if (m && typeof m === 'object' && typeof (m as { type?: unknown }).type === 'string') this.receive(m as ToHost);
      }),
      this.panel.onDidChangeViewState(() => {
        if (this.panel.visible && this.dirty) this.redraw();
      }),
      this.panel.onDidDispose(() => this.dispose()),
      { dispose: host.engine.onChange((c) => this.onStoreChange(c)) },
      // A restarted engine holds none of what was drawn: read it again (the panel says what it lost).
      { dispose: host.engine.onLifecycle((e) => e.type === 'restarted' && this.onStoreChange({ cleared: true, added: [], removed: [], updated: new Map(), topics: new Set(['instances']) })) },
    );
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** What the panel is and shows now, for tests and diagnostics. */
  info(): LivePanelInfo {
    return {
      key: this.key,
      title: this.panel.title,
      visible: this.panel.visible,
      active: this.panel.active,
      ready: this.ready,
      updates: this.updates,
      generation: this.generation,
      cspViolations: [...this.cspViolations],
      viewState: this.viewState,
    };
  }

  /** Posts a message to the webview (dropped if it is not loaded, as VS Code does). */
  post(message: ToWebview | CommonToWebview): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.host.disposed(this.key);
  }

  /** Whether a store change touches what this panel shows. */
  protected abstract concerns(change: StoreChange): boolean;

  /** Reads the engine again and posts what changed. */
  protected abstract refresh(): Promise<void>;

  /** A message of the panel's own kind from its webview. */
  protected abstract onMessage(msg: Exclude<ToHost, CommonToHost>): Promise<void>;

  private redraw(): void {
    this.dirty = false;
    this.lastRefresh = Date.now();
    void this.refresh().catch(() => undefined); // the engine is restarting: its 'restarted' redraws
  }

  private onStoreChange(change: StoreChange): void {
    if (!this.concerns(change)) return;
    if (!this.panel.visible) {
      this.dirty = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.redraw();
    }, Math.max(0, this.lastRefresh + REFRESH_MS - Date.now()));
  }

  private receive(msg: ToHost): void {
    const common = msg as CommonToHost;
    switch (common.type) {
      case 'cspViolation':
        this.cspViolations.push(`${common.directive}: ${common.blocked}`);
        return;
      case 'ready':
        // The first draw of the data current when it was drawn.
        if (!this.ready && common.generation === this.generation) {
          this.ready = { rows: common.rows, rendered: common.rendered, openToReadyMs: performance.now() - this.openedAt, renderMs: common.renderMs };
        }
        return;
      case 'viewState':
        this.viewState = common.state;
        return;
    }
    // A page that (re)loads has no view state until it reports one.
    if (msg.type === 'hello') this.viewState = undefined;
    void this.onMessage(msg as Exclude<ToHost, CommonToHost>).catch(() => undefined);
  }
}
