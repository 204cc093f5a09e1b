import type { PushGroup } from './pushGroup';

/**
 * When the group's pusher last showed up: its last push, successful or not. A job that keeps pushing
 * and failing is alive (it shows as failed, not stale); a group that was never pushed successfully
 * still ages from its failed push.
 */
export function lastActivityMs(group: PushGroup): number | undefined {
  const times = [group.lastPushMs, group.lastFailureMs].filter((t): t is number => t !== undefined);
  return times.length ? Math.max(...times) : undefined;
}

/** Milliseconds since the last push (undefined when the gateway reports no push at all). */
export function groupAgeMs(group: PushGroup, nowMs: number = Date.now()): number | undefined {
  const last = lastActivityMs(group);
  return last === undefined ? undefined : Math.max(0, nowMs - last);
}

/** Stale: the last push is older than `staleAfterMs`. A group with no push time at all counts as stale. */
export function isStale(group: PushGroup, staleAfterMs: number, nowMs: number = Date.now()): boolean {
  const age = groupAgeMs(group, nowMs);
  return age === undefined || age > staleAfterMs;
}
