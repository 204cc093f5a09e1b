/**
 * The Scrape Targets view: file_sd files (with their errors) and every /metrics target (configured or discovered)
 * with up/down, when it was last scraped and how long it took, its error, and its series below, drawn by the
 * engine (core/views/tree/scrapeTree).
 */
import type { EngineApi } from '../../../core/api/engineApi';
import { RedrawingTreeProvider, type ViewNode } from '../shared/redrawingTreeProvider';

export { SCRAPE_VIEW_ID, SCRAPE_CONTEXT } from '../../../core/views/tree/scrapeTree';

export type ScrapeNode = ViewNode<'scrape'>;

export class ScrapeTreeProvider extends RedrawingTreeProvider<'scrape'> {
  private readonly unsubscribe: () => void;

  constructor(api: EngineApi, now: () => number = Date.now) {
    super(api, 'scrape', now);
    this.unsubscribe = api.onChange((change) => {
      if (change.topics.has('scrape')) this.schedule();
    });
  }

  override dispose(): void {
    this.unsubscribe();
    super.dispose();
  }
}
