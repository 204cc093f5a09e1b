/**
 * The Instances view: service → instance → Traces / Metrics / Logs → items, drawn by the engine
 * (core/views/tree/instancesTree) and fetched through EngineApi. It stands on the same redraw base as the other
 * views: the store's change events name the instances whose data changed, and only their rows (and the rows above
 * them) are looked at, so a burst of data redraws just the signal rows that got it; node objects and ids stay the
 * same across redraws, so VS Code keeps what is expanded and selected.
 */
import type { EngineApi, StoreChange } from '../../../core/api/engineApi';
import { RedrawingTreeProvider } from '../shared/redrawingTreeProvider';

/** Redraws reach the tree at most this often, however fast data arrives. */
const REFRESH_INTERVAL_MS = 500;
/** Ages ("12s ago") and live/quiet marks are redrawn this often while the view is visible. */
const AGE_TICK_MS = 10_000;

export class InstancesTreeProvider extends RedrawingTreeProvider<'instances'> {
  private readonly unsubscribe: () => void;

  constructor(api: EngineApi, now: () => number = Date.now) {
    super(api, 'instances', now, REFRESH_INTERVAL_MS, AGE_TICK_MS);
    this.unsubscribe = api.onChange((change) => this.onStoreChange(change));
  }

  override dispose(): void {
    this.unsubscribe();
    super.dispose();
  }

  /** Looks only at the rows of the instances the store names, and the rows above them. */
  private onStoreChange(change: StoreChange): void {
    if (change.topics.has('receiver')) this.schedule((n) => n.kind === 'hint');
    if (change.cleared) return this.schedule('reset');
    if (!change.topics.has('instances')) return;
    const keys = new Set([...change.added, ...change.removed, ...change.updated.keys()]);
    // New caps can touch everything without naming it.
    if (keys.size === 0) return this.schedule();
    // An instance that came or went changes its service's list, whether or not its own rows were drawn.
    const membership = change.added.length > 0 || change.removed.length > 0;
    this.schedule((n) => ('instanceKey' in n && keys.has(n.instanceKey)) || (membership && n.kind === 'service'));
  }
}
