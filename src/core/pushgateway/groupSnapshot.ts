import { familiesSnapshot, type PromFamilySnapshot } from '../scrape/familySnapshot';
import type { GroupingKey } from './groupingKey';
import type { PushgatewayHealth, PushgatewayState } from './poller';
import { groupAgeMs, isStale } from './staleness';

/** The Pushgateway section of the JSON snapshot. */
export interface PushgatewaySnapshot {
  url: string | null;
  health: PushgatewayHealth;
  message: string;
  lastPoll: string | null;
  lastSuccess: string | null;
  staleAfterSeconds: number;
  groups: {
    groupingKey: GroupingKey;
    job: string;
    lastPush: string | null;
    lastFailure: string | null;
    lastPushSuccessful: boolean;
    /** Seconds since the last push, successful or not (null when there was none). */
    ageSeconds: number | null;
    stale: boolean;
    families: PromFamilySnapshot[];
  }[];
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export function pushgatewaySnapshot(state: PushgatewayState, nowMs: number = Date.now()): PushgatewaySnapshot {
  return {
    url: state.url ?? null,
    health: state.health,
    message: state.message,
    lastPoll: iso(state.lastPollMs),
    lastSuccess: iso(state.lastSuccessMs),
    staleAfterSeconds: state.staleAfterMs / 1000,
    groups: state.groups.map((g) => {
      const age = groupAgeMs(g, nowMs);
      return {
        groupingKey: g.groupingKey,
        job: g.job,
        lastPush: iso(g.lastPushMs),
        lastFailure: iso(g.lastFailureMs),
        lastPushSuccessful: g.lastPushSuccessful,
        ageSeconds: age === undefined ? null : Math.round(age / 100) / 10,
        stale: isStale(g, state.staleAfterMs, nowMs),
        families: familiesSnapshot(g.families),
      };
    }),
  };
}
