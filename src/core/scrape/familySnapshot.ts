import type { PromFamily } from './exposition';
import type { FileSdState } from './fileSd';
import type { ScrapeErrorKind, ScrapeHealth, ScrapeTarget } from './scraper';

/** JSON has no Infinity or NaN: those go as the strings Prometheus writes ("+Inf", "-Inf", "NaN"). */
export type JsonNumber = number | '+Inf' | '-Inf' | 'NaN';

function jsonNumber(n: number): JsonNumber {
  if (Number.isFinite(n)) return n;
  return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
}

export interface PromFamilySnapshot {
  name: string;
  type: PromFamily['type'];
  help: string;
  series: {
    labels: Record<string, string>;
    value?: JsonNumber;
    buckets?: { le: JsonNumber; count: JsonNumber }[];
    quantiles?: { quantile: JsonNumber; value: JsonNumber }[];
    count?: JsonNumber;
    sum?: JsonNumber;
  }[];
}

export function familiesSnapshot(families: readonly PromFamily[]): PromFamilySnapshot[] {
  return families.map((f) => ({
    name: f.name,
    type: f.type,
    help: f.help,
    series: f.series.map((s) => {
      const out: PromFamilySnapshot['series'][number] = { labels: s.labels };
      if (s.value !== undefined) out.value = jsonNumber(s.value);
      if (s.buckets) out.buckets = s.buckets.map((b) => ({ le: jsonNumber(b.le), count: jsonNumber(b.count) }));
      if (s.quantiles) out.quantiles = s.quantiles.map((q) => ({ quantile: jsonNumber(q.quantile), value: jsonNumber(q.value) }));
      if (s.count !== undefined) out.count = jsonNumber(s.count);
      if (s.sum !== undefined) out.sum = jsonNumber(s.sum);
      return out;
    }),
  }));
}

/** One scrape target in the JSON snapshot. */
export interface ScrapeTargetSnapshot {
  url: string;
  labels: Record<string, string>;
  source: string;
  health: ScrapeHealth;
  lastScrape: string | null;
  durationMs: number | null;
  error: string;
  errorKind: ScrapeErrorKind | null;
  httpStatus: number | null;
  seriesCount: number;
  families: PromFamilySnapshot[];
}

export interface FileSdSnapshot {
  path: string;
  error: string;
  targetCount: number;
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export function scrapeTargetSnapshot(t: ScrapeTarget): ScrapeTargetSnapshot {
  return {
    url: t.url,
    labels: { ...t.labels },
    source: t.source.kind === 'url' ? 'url' : `file_sd:${t.source.path}`,
    health: t.health,
    lastScrape: iso(t.lastScrapeMs),
    durationMs: t.lastDurationMs === undefined ? null : Math.round(t.lastDurationMs * 10) / 10,
    error: t.error,
    errorKind: t.errorKind ?? null,
    httpStatus: t.httpStatus ?? null,
    seriesCount: t.seriesCount,
    families: familiesSnapshot(t.families),
  };
}

export function fileSdSnapshot(f: FileSdState): FileSdSnapshot {
  return { path: f.path, error: f.error, targetCount: f.targetCount };
}
