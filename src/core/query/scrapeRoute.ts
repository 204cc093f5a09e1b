/**
 * `GET /api/v1/scrape/targets?health=down`: the /metrics targets (configured URLs and file_sd discoveries), each up
 * or down with its last scrape, duration and error, and the file_sd files with whether their last read was good.
 */
import type { ScrapeHealth, ScrapeTarget } from '../scrape/scraper';
import { isoTime } from './boundedJson';
import { Page } from './page';
import { QueryError } from './queryError';
import { MAX_NAMES_LISTED, QUERY_LIMITS } from './queryLimits';
import { encodeCursor, QueryParams } from './queryParams';
import type { QuerySource } from './querySource';
import type { ScrapeTargetJson, ScrapeTargetsResponse } from './queryTypes';

const CURSOR = 'scrape';
const HEALTH: readonly ScrapeHealth[] = ['up', 'down', 'unknown'];

export function scrapeRoute(source: QuerySource, search: URLSearchParams): ScrapeTargetsResponse {
  const params = new QueryParams(search, ['health', 'limit', 'cursor']);
  const health = params.string('health')?.toLowerCase() as ScrapeHealth | undefined;
  if (health !== undefined && !HEALTH.includes(health)) throw new QueryError(400, `health: must be up, down or unknown, got "${health}"`);
  const limit = params.limit(QUERY_LIMITS.scrapeTargets);
  const after = params.cursor(CURSOR, (o): o is { id: string } => typeof o.id === 'string');
  const targets = [...source.scrapeTargets()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const page = new Page<ScrapeTargetJson>(limit);
  let last: ScrapeTarget | undefined;
  for (const t of targets) {
    if (after && t.id <= after.id) continue;
    if (health !== undefined && t.health !== health) continue;
    if (!page.add(targetJson(t))) break;
    last = t;
  }
  return {
    total: targets.length,
    up: targets.filter((t) => t.health === 'up').length,
    down: targets.filter((t) => t.health === 'down').length,
    targets: page.items,
    files: source.scrapeFiles().slice(0, 100).map((f) => ({ path: f.path, error: f.error, targetCount: f.targetCount })),
    nextCursor: page.full && last ? encodeCursor(CURSOR, { id: last.id }) : null,
  };
}

function targetJson(t: ScrapeTarget): ScrapeTargetJson {
  return {
    url: t.url,
    labels: { ...t.labels },
    source: t.source.kind === 'url' ? 'url' : `file_sd:${t.source.path}`,
    health: t.health,
    lastScrape: isoTime(t.lastScrapeMs),
    lastSuccess: isoTime(t.lastSuccessMs),
    durationMs: t.lastDurationMs ?? null,
    error: t.error,
    errorKind: t.errorKind ?? null,
    httpStatus: t.httpStatus ?? null,
    seriesCount: t.seriesCount,
    scrapes: t.scrapes,
    families: t.families.slice(0, MAX_NAMES_LISTED).map((f) => f.name),
    familyCount: t.families.length,
  };
}
