/**
 * Problems the receivers saw that a user fixes at the sender (an exporter speaking gRPC to the HTTP port, TLS to
 * the plain gRPC port, JSON sent as protobuf), from both receivers, newest first. No 'vscode' here.
 */
import type { ReceiverStats } from '../../otlp/receiverStatus';

export interface ReceiverHint {
  /** Which receiver saw it and the kind of problem: stable, for tree ids. */
  key: string;
  receiver: 'OTLP/HTTP' | 'OTLP/gRPC';
  message: string;
  count: number;
  lastSeenMs: number;
}

export function receiverHints(receivers: { http: { stats: ReceiverStats }; grpc: { stats: ReceiverStats } }): ReceiverHint[] {
  const out: ReceiverHint[] = [];
  for (const [name, receiver] of [['OTLP/HTTP', receivers.http], ['OTLP/gRPC', receivers.grpc]] as const) {
    for (const [kind, h] of receiver.stats.hints) out.push({ key: `${name}:${kind}`, receiver: name, message: h.message, count: h.count, lastSeenMs: h.lastSeenMs });
  }
  return out.sort((a, b) => b.lastSeenMs - a.lastSeenMs || a.key.localeCompare(b.key));
}
