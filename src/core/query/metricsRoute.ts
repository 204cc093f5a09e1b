/**
 * `GET /api/v1/metrics?name=requests&instance=…&service=…`: the Series whose metric name contains `name` (any
 * case), each with its latest value, rate and quantiles (seriesStats). Ordered by instance, stream and series key,
 * so the cursor (the last series sent) pages through a stable order.
 */
import { summarizePoint } from '../format/pointSummary';
import type { Instance } from '../store/instance';
import type { MetricStream } from '../store/metricStream';
import type { Series } from '../store/series';
import { clipAttributes, isoTime } from './boundedJson';
import { Page } from './page';
import { QUERY_LIMITS } from './queryLimits';
import { encodeCursor, QueryParams } from './queryParams';
import type { QuerySource } from './querySource';
import type { MetricsResponse, SeriesJson } from './queryTypes';
import { seriesStats } from './seriesStats';

const CURSOR = 'metrics';

type Position = { i: string; m: string; s: string };

const byKey = <T extends { key: string }>(a: T, b: T): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export function metricsRoute(source: QuerySource, search: URLSearchParams): MetricsResponse {
  const params = new QueryParams(search, ['name', 'exactName', 'service', 'instance', 'limit', 'cursor']);
  const name = params.string('name')?.toLowerCase();
  const exactName = params.string('exactName');
  const service = params.string('service')?.toLowerCase();
  const instanceFilter = params.string('instance')?.toLowerCase();
  const limit = params.limit(QUERY_LIMITS.metrics);
  const after = params.cursor(CURSOR, (o): o is Position => typeof o.i === 'string' && typeof o.m === 'string' && typeof o.s === 'string');
  const now = source.now();

  const page = new Page<SeriesJson>(limit);
  let matched = 0;
  let last: Position | undefined;
  for (const instance of [...source.store.instances.values()].sort(byKey)) {
    if (service !== undefined && instance.serviceName.toLowerCase() !== service && `${instance.serviceNamespace}/${instance.serviceName}`.toLowerCase() !== service) continue;
    if (instanceFilter !== undefined && instance.instanceLabel.toLowerCase() !== instanceFilter && instance.key.toLowerCase() !== instanceFilter) continue;
    for (const stream of [...instance.metricStreams.values()].sort(byKey)) {
      if (exactName !== undefined && stream.name !== exactName) continue;
      if (name !== undefined && !stream.name.toLowerCase().includes(name)) continue;
      for (const series of [...stream.series.values()].sort(byKey)) {
        matched++;
        if (page.full) continue;
        const at: Position = { i: instance.key, m: stream.key, s: series.key };
        if (after && !isAfter(at, after)) continue;
        if (page.add(seriesJson(instance, stream, series, now))) last = at;
      }
    }
  }
  return { matched, series: page.items, nextCursor: page.full && last ? encodeCursor(CURSOR, last) : null };
}

function isAfter(a: Position, b: Position): boolean {
  if (a.i !== b.i) return a.i > b.i;
  if (a.m !== b.m) return a.m > b.m;
  return a.s > b.s;
}

function seriesJson(instance: Instance, stream: MetricStream, series: Series, now: number): SeriesJson {
  const points = series.points.toArray();
  const latest = points[points.length - 1];
  return {
    instanceKey: instance.key,
    instance: instance.instanceLabel,
    service: instance.serviceName,
    name: stream.name,
    description: stream.description,
    unit: stream.unit,
    kind: stream.kind,
    temporality: stream.temporality,
    monotonic: stream.monotonic,
    attributes: clipAttributes(series.attributes),
    points: points.length,
    lastTime: latest ? isoTime(latest.timeUnixNano / 1e6) : null,
    latestText: summarizePoint(stream.kind, latest, stream.unit, { name: stream.name, nowMs: now }),
    ...seriesStats(stream, points),
  };
}
