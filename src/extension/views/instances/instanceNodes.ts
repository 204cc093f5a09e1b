/**
 * The elements of the Instances view: the node data the engine drew each row for (core/views/tree/instancesTree:
 * service → instance → signal → metric stream → series, trace, log record; hints above), with the element above.
 */
import type { ViewNode } from '../shared/redrawingTreeProvider';

export type Node = ViewNode<'instances'>;
export type ServiceNode = Extract<Node, { kind: 'service' }>;
export type InstanceNode = Extract<Node, { kind: 'instance' }>;
export type SignalNode = Extract<Node, { kind: 'signal' }>;
export type StreamNode = Extract<Node, { kind: 'stream' }>;
export type SeriesNode = Extract<Node, { kind: 'series' }>;
export type TraceNode = Extract<Node, { kind: 'trace' }>;
export type LogNode = Extract<Node, { kind: 'log' }>;
export type MoreNode = Extract<Node, { kind: 'more' }>;
export type HintNode = Extract<Node, { kind: 'hint' }>;
