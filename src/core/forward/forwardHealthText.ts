/**
 * Forward health in words, for every surface that shows it (the CLI tree, the Instances view's title, the
 * status-bar tooltip): pure text, no styling, so each surface adds its own marks.
 */
import { formatAge, formatDurationMs, plural } from '../format/format';
import { DROP_CAUSES, totalDropped, type DropCause, type UpstreamHealth } from './health';

const CAUSE_WORDS: Record<DropCause, string> = {
  'queue-full': 'queue full',
  rejected: 'rejected by the upstream',
  'retries-exhausted': 'retried too long',
  unconvertible: 'not convertible',
  'flush-deadline': 'left at stop',
  removed: 'upstream removed',
};

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
  return `${(n / 1024 ** 3).toFixed(1)} GB`;
}

/** `up`, `retrying (attempt 3, next in 2s)`, `failing: HTTP 400 …`: the upstream's state in a few words. */
export function forwardStatusText(h: UpstreamHealth, nowMs: number = Date.now()): string {
  switch (h.status) {
    case 'idle':
      return 'waiting for data';
    case 'up':
      return 'up';
    case 'stopped':
      return 'stopped';
    case 'retrying':
    case 'failing': {
      const next = h.nextAttemptMs !== undefined ? `, next try in ${formatDurationMs(Math.max(0, h.nextAttemptMs - nowMs))}` : '';
      const tries = h.consecutiveFailures ? ` (${plural(h.consecutiveFailures, 'failed attempt')}${next})` : '';
      return `${h.status}${tries}${h.lastError ? `: ${h.lastError.message}` : ''}`;
    }
  }
}

/** `3 queue full, 1 rejected by the upstream`, or '' when nothing was dropped. */
function droppedText(h: UpstreamHealth): string {
  return DROP_CAUSES.filter((c) => h.dropped[c] > 0)
    .map((c) => `${h.dropped[c]} ${CAUSE_WORDS[c]}`)
    .join(', ');
}

/**
 * Two or three lines per upstream:
 *   → http://collector:4318 (http/protobuf; traces, metrics, logs): up
 *     forwarded 1,204 requests (3.1 MB) · queued 0 of 64 MB · last sent 2s ago
 *     dropped 3 requests: 3 queue full · last error 40s ago: HTTP 503
 */
export function forwardHealthLines(health: readonly UpstreamHealth[], nowMs: number = Date.now()): string[] {
  const lines: string[] = [];
  for (const h of health) {
    lines.push(`→ ${h.name} (${h.protocol}; ${h.signals.join(', ')}): ${forwardStatusText(h, nowMs)}`);
    const sent = h.lastSuccessMs !== undefined ? ` · last sent ${formatAge(h.lastSuccessMs, nowMs)}` : '';
    lines.push(
      `  forwarded ${plural(h.forwarded.requests, 'request')} (${formatBytes(h.forwarded.bytes)}) · queued ${plural(h.queued.requests, 'request')}, ${formatBytes(h.queued.bytes)} of ${formatBytes(h.queued.maxBytes)}${sent}`,
    );
    const dropped = totalDropped(h);
    const lastError = h.lastError && h.status === 'up' ? ` · last error ${formatAge(h.lastError.atMs, nowMs)}: ${h.lastError.message}` : '';
    if (dropped || lastError) lines.push(`  ${dropped ? `dropped ${plural(dropped, 'request')}: ${droppedText(h)}` : 'nothing dropped'}${lastError}`);
  }
  return lines;
}

/** One short phrase for a title or status line: `forwarding to 2 upstreams`, `forward: 1 of 2 failing`; undefined when off. */
export function forwardSummary(health: readonly UpstreamHealth[]): string | undefined {
  if (!health.length) return undefined;
  const failing = health.filter((h) => h.status === 'failing').length;
  const retrying = health.filter((h) => h.status === 'retrying').length;
  const dropped = health.reduce((n, h) => n + totalDropped(h), 0);
  const target = health.length === 1 ? 'forward' : `forward (${health.length} upstreams)`;
  const state = failing ? `${failing === health.length ? '' : `${failing} of ${health.length} `}failing` : retrying ? 'retrying' : 'ok';
  return `${target}: ${state}${dropped ? `, ${dropped} dropped` : ''}`;
}
