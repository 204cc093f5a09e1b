/** The Pushgateway and Scrape Targets views, built and wired for activate(). */
import * as vscode from 'vscode';
import type { EngineApi } from '../../core/api/engineApi';
import { groupCounts } from '../../core/views/tree/sourceText';
import { PUSHGATEWAY_VIEW_ID, PushgatewayTreeProvider, type PushgatewayNode } from './pushgateway/pushgatewayTreeProvider';
import { SCRAPE_VIEW_ID, ScrapeTreeProvider, type ScrapeNode } from './scrape/scrapeTreeProvider';

export interface SourceViews {
  pushgatewayProvider: PushgatewayTreeProvider;
  pushgatewayView: vscode.TreeView<PushgatewayNode>;
  scrapeProvider: ScrapeTreeProvider;
  scrapeView: vscode.TreeView<ScrapeNode>;
  disposables: vscode.Disposable[];
}

export function createSourceViews(api: EngineApi): SourceViews {
  const pushgatewayProvider = new PushgatewayTreeProvider(api);
  const pushgatewayView = vscode.window.createTreeView(PUSHGATEWAY_VIEW_ID, { treeDataProvider: pushgatewayProvider, showCollapseAll: true });
  const scrapeProvider = new ScrapeTreeProvider(api);
  const scrapeView = vscode.window.createTreeView(SCRAPE_VIEW_ID, { treeDataProvider: scrapeProvider, showCollapseAll: true });

  // The headers sum up what is below them, so a collapsed view still says "2 stale" or "1 down".
  // Set only when they change: setting one redraws the view's header, which closes a hover in the view.
  const describe = () => {
    const gw = api.status.pushgateway;
    const pg = gw.health === 'off' ? undefined : gw.health === 'ok' ? groupCounts(gw, Date.now()) : gw.health === 'pending' ? 'connecting…' : gw.health;
    if (pushgatewayView.description !== pg) pushgatewayView.description = pg;
    const targets = api.status.scrape.targets;
    const down = targets.filter((t) => t.health === 'down').length;
    const sc = targets.length ? `${targets.filter((t) => t.health === 'up').length} up${down ? `, ${down} down` : ''}` : undefined;
    if (scrapeView.description !== sc) scrapeView.description = sc;
  };
  const offStatus = api.onStatus((_, changed) => {
    if (changed.includes('pushgateway') || changed.includes('scrape')) describe();
  });
  describe();
  pushgatewayProvider.setVisible(pushgatewayView.visible);
  scrapeProvider.setVisible(scrapeView.visible);
  return {
    pushgatewayProvider,
    pushgatewayView,
    scrapeProvider,
    scrapeView,
    disposables: [
      pushgatewayProvider,
      pushgatewayView,
      scrapeProvider,
      scrapeView,
      { dispose: offStatus },
      pushgatewayView.onDidChangeVisibility((e) => pushgatewayProvider.setVisible(e.visible)),
      scrapeView.onDidChangeVisibility((e) => scrapeProvider.setVisible(e.visible)),
    ],
  };
}
