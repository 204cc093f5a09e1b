/** The state of one listener (HTTP or gRPC) as views show it. */
export type ListenerState =
  | { status: 'stopped' }
  | { status: 'starting'; host: string; port: number }
  | { status: 'listening'; host: string; port: number }
  | { status: 'error'; host: string; port: number; code: string; message: string };

/** Running totals of what a receiver answered, for the status bar and the snapshot. */
export interface ReceiverStats {
  requests: number;
  /** HTTP status (or gRPC status name) → count. */
  byStatus: Record<string, number>;
  lastError: { atMs: number; status: string; message: string } | undefined;
  /** Problems a user can fix at the sender, keyed by kind, e.g. an exporter speaking gRPC to the HTTP port. */
  hints: Map<string, { message: string; lastSeenMs: number; count: number }>;
}

export function newReceiverStats(): ReceiverStats {
  return { requests: 0, byStatus: {}, lastError: undefined, hints: new Map() };
}

export function countAnswer(stats: ReceiverStats, status: string, errorMessage?: string): void {
  stats.requests++;
  stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
  if (errorMessage !== undefined) stats.lastError = { atMs: Date.now(), status, message: errorMessage };
}

export function addHint(stats: ReceiverStats, kind: string, message: string): void {
  const hint = stats.hints.get(kind);
  if (hint) {
    hint.count++;
    hint.lastSeenMs = Date.now();
    hint.message = message;
  } else {
    stats.hints.set(kind, { message, lastSeenMs: Date.now(), count: 1 });
  }
}
