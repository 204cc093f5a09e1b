/**
 * The Captures view: one node per opened capture file, with its services → instances → signals → items below,
 * drawn engine-side (core/views/tree/capturesTree) over the capture's own store. A capture never changes once
 * read, so the view is drawn again only when one is opened or closed.
 */
import type { EngineApi } from '../../core/api/engineApi';
import { RedrawingTreeProvider, type ViewNode } from '../views/shared/redrawingTreeProvider';

export type CaptureNode = ViewNode<'captures'>;

export class CapturesTreeProvider extends RedrawingTreeProvider<'captures'> {
  constructor(api: EngineApi) {
    super(api, 'captures');
  }

  /** A capture was opened or closed: the whole list is drawn again (ids stay, so what was expanded stays). */
  reload(): void {
    this.redrawAll();
  }
}
