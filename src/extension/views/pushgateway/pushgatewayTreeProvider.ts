/**
 * The Pushgateway view: the gateway (URL, health, last poll) → its groups (grouping key, age of the last push,
 * stale and failed markers) → their series, drawn by the engine (core/views/tree/pushgatewayTree). Every poll
 * replaces the poller's state; only the rows that look different are redrawn (RedrawingTreeProvider), and ages and
 * staleness, which change with time alone, on a tick.
 */
import type { EngineApi } from '../../../core/api/engineApi';
import type { PushGroup } from '../../../core/pushgateway/pushGroup';
import { RedrawingTreeProvider, type ViewNode } from '../shared/redrawingTreeProvider';

export { PUSHGATEWAY_VIEW_ID, PUSHGATEWAY_CONTEXT } from '../../../core/views/tree/pushgatewayTree';

export type PushgatewayNode = ViewNode<'pushgateway'>;

export class PushgatewayTreeProvider extends RedrawingTreeProvider<'pushgateway'> {
  private readonly unsubscribe: () => void;

  constructor(api: EngineApi, now: () => number = Date.now) {
    super(api, 'pushgateway', now);
    this.unsubscribe = api.onChange((change) => {
      if (change.topics.has('pushgateway')) this.schedule();
    });
  }

  /** The group a node stands for (or belongs to), as the last poll saw it. */
  groupOf(node: PushgatewayNode): PushGroup | undefined {
    if (node.kind !== 'group' && node.kind !== 'series') return undefined;
    return this.api.status.pushgateway.groups.find((g) => g.id === node.groupId);
  }

  override dispose(): void {
    this.unsubscribe();
    super.dispose();
  }
}
