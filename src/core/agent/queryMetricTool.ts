import type { MetricsResponse, SeriesJson } from '../query/queryTypes';
import type { AgentTool } from './agentTool';
import type { QueryParam } from './queryTransport';
import { sizedOutput } from './toolOutput';
import { ageOf, attributesText, num, who } from './toolText';

/** A metric's series with the numbers a person reads off the chart: latest, rate, quantiles. */
export const queryMetricTool: AgentTool = {
  name: 'query_metric',
  title: 'Query a metric',
  description:
    'Reads a metric held by the Telemetry Inspector: each series (instance and attribute set) whose metric name contains the given text, with its latest value, its per-second rate for counters (and histogram counts), and p50/p90/p99 for histograms. Without a match it lists the metric names held. Use it for "is my app sending metrics?" and "how fast / how slow is X?".',
  inputSchema: {
    type: 'object',
    properties: {
      name: { type: 'string', description: 'Text the metric name contains (any case), e.g. http.server.duration or requests.', maxLength: 256 },
      service: { type: 'string', description: 'Only this service.', maxLength: 256 },
      instance: { type: 'string', description: 'Only this instance (service.instance.id, or host:pid).', maxLength: 256 },
      limit: { type: 'integer', description: 'Series to list (default 20).', minimum: 1, maximum: 100 },
      cursor: { type: 'string', description: 'The cursor a previous answer gave, for the next series.', maxLength: 512 },
    },
    required: ['name'],
    additionalProperties: false,
  },
  readOnly: true,
  destructive: false,
  async run(input, ctx) {
    const params: QueryParam[] = [['limit', String(input.limit ?? 20)]];
    for (const k of ['name', 'service', 'instance', 'cursor'] as const) if (typeof input[k] === 'string') params.push([k, input[k] as string]);
    const r = await ctx.query.get<MetricsResponse>('/api/v1/metrics', params);
    const now = ctx.now();
    if (r.matched === 0) {
      // Say what is there instead: the model can retry with a real name.
      const all = await ctx.query.get<MetricsResponse>('/api/v1/metrics', [['limit', '500'], ...params.filter(([k]) => k === 'service' || k === 'instance')]);
      const names = [...new Set(all.series.map((s) => s.name))].sort();
      return sizedOutput({
        summary: [names.length ? `No metric name contains "${String(input.name)}". Metric names held (${names.length}${all.nextCursor ? '+' : ''}):` : 'No metrics have arrived (OpenTelemetry SDKs export metrics every 60 s by default).'],
        items: names.map((n) => `- ${n}`),
      });
    }
    const names = [...new Set(r.series.map((s) => s.name))];
    const summary = [`${num(r.matched)} series of ${names.length === 1 ? `metric ${describe(r.series[0])}` : `metrics ${names.join(', ')}`} match "${String(input.name)}":`];
    const items = r.series.map((s) => seriesLine(s, names.length > 1, now));
    return sizedOutput({
      summary,
      items,
      beyond: r.nextCursor ? r.matched - r.series.length : 0,
      more: (n, cut) => (r.nextCursor && !cut ? `… ${n} more series: call query_metric again with cursor "${r.nextCursor}", or filter by service or instance.` : `… ${n} more series not shown: filter by service or instance.`),
    });
  },
};

function describe(s: SeriesJson): string {
  const kind = s.kind === 'sum' ? `${s.monotonic ? 'counter' : 'up-down sum'}` : s.kind === 'exponentialHistogram' ? 'exponential histogram' : s.kind;
  return `${s.name} (${kind}${s.temporality !== 'unspecified' ? `, ${s.temporality}` : ''}${s.unit ? `, unit ${s.unit}` : ''})`;
}

function seriesLine(s: SeriesJson, withName: boolean, now: number): string {
  const parts = [`latest ${s.latestText}`];
  if (s.rate) parts.push(`rate ${num(s.rate.perSecond)}/s over ${Math.round(s.rate.windowMs / 60_000)}m${s.kind !== 'sum' ? ' (count)' : ''}`);
  if (s.quantiles) {
    const q = s.quantiles;
    const unit = s.unit && !s.unit.startsWith('{') ? ` ${s.unit}` : '';
    parts.push(`p50 ${fmt(q.p50)} p90 ${fmt(q.p90)} p99 ${fmt(q.p99)}${unit} (${q.window})`);
  }
  parts.push(`${s.points} points, last ${ageOf(s.lastTime, now)}`);
  const attrs = attributesText(s.attributes);
  return `- ${withName ? `${describe(s)} ` : ''}${who(s.service, s.instance)}${attrs ? ` ${attrs}` : ''}: ${parts.join(' · ')}`;
}

function fmt(n: number | null): string {
  return n === null ? '?' : num(n);
}
