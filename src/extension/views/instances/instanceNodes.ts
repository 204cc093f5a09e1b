/**
 * The elements of the Instances view: service → instance → signal → metric stream → series, trace, log record.
 * A node names its data by keys and is looked up in the store when drawn, so a node outlives the data it
 * names (evicted data draws as gone). Ids are stable across refreshes: VS Code keeps expansion and selection by id.
 */
import type { LogRecord, Signal } from '../../../core/model/records';

interface Base {
  readonly id: string;
  readonly parent: Node | undefined;
}

export interface ServiceNode extends Base {
  readonly kind: 'service';
  /** serviceDisplayName(): "namespace/name" or "name". */
  readonly service: string;
}
export interface InstanceNode extends Base {
  readonly kind: 'instance';
  readonly instanceKey: string;
}
export interface SignalNode extends Base {
  readonly kind: 'signal';
  readonly instanceKey: string;
  readonly signal: Signal;
}
export interface StreamNode extends Base {
  readonly kind: 'stream';
  readonly instanceKey: string;
  readonly streamKey: string;
}
export interface SeriesNode extends Base {
  readonly kind: 'series';
  readonly instanceKey: string;
  readonly streamKey: string;
  readonly seriesKey: string;
}
export interface TraceNode extends Base {
  readonly kind: 'trace';
  readonly instanceKey: string;
  readonly traceId: string;
}
export interface LogNode extends Base {
  readonly kind: 'log';
  readonly instanceKey: string;
  /** Log records have no id of their own; the node holds the record (dropped from the cache with its parent's list). */
  readonly record: LogRecord;
}
/** "… 1,234 more": the rest of a long list, which the tree does not draw. */
export interface MoreNode extends Base {
  readonly kind: 'more';
  readonly hidden: number;
}

/** A receiver hint (an exporter misconfigured at the sender), drawn above the services. */
export interface HintNode extends Base {
  readonly kind: 'hint';
  readonly hintKey: string;
}

export type Node = ServiceNode | InstanceNode | SignalNode | StreamNode | SeriesNode | TraceNode | LogNode | MoreNode | HintNode;
