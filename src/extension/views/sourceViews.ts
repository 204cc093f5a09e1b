/** The Pushgateway and Scrape Targets views, built and wired for activate(). */
import * as vscode from 'vscode';
import type { Engine } from '../../core/engine';
import type { PushgatewayNode } from './pushgateway/pushgatewayNodes';
import { groupCounts } from './shared/sourceText';
import { PUSHGATEWAY_VIEW_ID, PushgatewayTreeProvider } from './pushgateway/pushgatewayTreeProvider';
import { SCRAPE_VIEW_ID, ScrapeTreeProvider, type ScrapeNode } from './scrape/scrapeTreeProvider';

export interface SourceViews {
  pushgatewayProvider: PushgatewayTreeProvider;
  pushgatewayView: vscode.TreeView<PushgatewayNode>;
  scrapeProvider: ScrapeTreeProvider;
  scrapeView: vscode.TreeView<ScrapeNode>;
  disposables: vscode.Disposable[];
}

export function createSourceViews(engine: Engine): SourceViews {
  const pushgatewayProvider = new PushgatewayTreeProvider(engine.store, engine.pushgateway);
  const pushgatewayView = vscode.window.createTreeView(PUSHGATEWAY_VIEW_ID, { treeDataProvider: pushgatewayProvider, showCollapseAll: true });
  const scrapeProvider = new ScrapeTreeProvider(engine.store, engine.scraper);
  const scrapeView = vscode.window.createTreeView(SCRAPE_VIEW_ID, { treeDataProvider: scrapeProvider, showCollapseAll: true });

  // The headers sum up what is below them, so a collapsed view still says "2 stale" or "1 down".
  // Set only when they change: setting one redraws the view's header, which closes a hover in the view.
  const describe = () => {
    const gw = engine.pushgateway.state;
    const pg = gw.health === 'off' ? undefined : gw.health === 'ok' ? groupCounts(gw, Date.now()) : gw.health === 'pending' ? 'connecting…' : gw.health;
    if (pushgatewayView.description !== pg) pushgatewayView.description = pg;
    const targets = engine.scraper.targets;
    const down = targets.filter((t) => t.health === 'down').length;
    const sc = targets.length ? `${targets.filter((t) => t.health === 'up').length} up${down ? `, ${down} down` : ''}` : undefined;
    if (scrapeView.description !== sc) scrapeView.description = sc;
  };
  const offStore = engine.store.onChange((c) => {
    if (c.topics.has('pushgateway') || c.topics.has('scrape')) describe();
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
      { dispose: offStore },
      pushgatewayView.onDidChangeVisibility((e) => pushgatewayProvider.setVisible(e.visible)),
      scrapeView.onDidChangeVisibility((e) => scrapeProvider.setVisible(e.visible)),
    ],
  };
}
