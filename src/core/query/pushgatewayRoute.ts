/**
 * `GET /api/v1/pushgateway/groups?stale=true&job=…`: the Pushgateway's groups as the poller last read them, each
 * with the age of its last push and whether it is stale by the configured threshold (the same rule as the views
 * and clean-stale), oldest first within the page order (by grouping key).
 */
import { groupAgeMs, isStale } from '../pushgateway/staleness';
import type { PushGroup } from '../pushgateway/pushGroup';
import { isoTime } from './boundedJson';
import { Page } from './page';
import { MAX_NAMES_LISTED, QUERY_LIMITS } from './queryLimits';
import { encodeCursor, QueryParams } from './queryParams';
import type { QuerySource } from './querySource';
import type { PushgatewayResponse, PushGroupJson } from './queryTypes';

const CURSOR = 'pushgateway';

export function pushgatewayRoute(source: QuerySource, search: URLSearchParams): PushgatewayResponse {
  const params = new QueryParams(search, ['stale', 'job', 'limit', 'cursor']);
  const staleOnly = params.boolean('stale');
  const job = params.string('job')?.toLowerCase();
  const limit = params.limit(QUERY_LIMITS.pushgatewayGroups);
  const after = params.cursor(CURSOR, (o): o is { id: string } => typeof o.id === 'string');
  const state = source.pushgateway();
  const now = source.now();

  const groups = [...state.groups].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const stale = groups.filter((g) => isStale(g, state.staleAfterMs, now)).length;
  const page = new Page<PushGroupJson>(limit);
  let last: PushGroup | undefined;
  for (const g of groups) {
    if (after && g.id <= after.id) continue;
    const isOld = isStale(g, state.staleAfterMs, now);
    if (staleOnly !== undefined && isOld !== staleOnly) continue;
    if (job !== undefined && !g.job.toLowerCase().includes(job)) continue;
    if (!page.add(groupJson(g, isOld, now))) break;
    last = g;
  }
  return {
    configured: state.health !== 'off',
    url: state.url ?? null,
    health: state.health,
    message: state.message,
    lastPoll: isoTime(state.lastPollMs),
    lastSuccess: isoTime(state.lastSuccessMs),
    staleAfterMs: state.staleAfterMs,
    total: groups.length,
    stale,
    groups: page.items,
    nextCursor: page.full && last ? encodeCursor(CURSOR, { id: last.id }) : null,
  };
}

function groupJson(g: PushGroup, stale: boolean, now: number): PushGroupJson {
  return {
    groupingKey: g.groupingKey,
    job: g.job,
    lastPush: isoTime(g.lastPushMs),
    lastFailure: isoTime(g.lastFailureMs),
    lastPushSuccessful: g.lastPushSuccessful,
    ageMs: groupAgeMs(g, now) ?? null,
    stale,
    families: g.families.length,
    series: g.families.reduce((n, f) => n + f.series.length, 0),
    metrics: g.families.slice(0, MAX_NAMES_LISTED).map((f) => f.name),
  };
}
