import type { PushgatewayResponse } from '../query/queryTypes';
import { formatGroupingKey } from '../pushgateway/groupingKey';
import { formatDuration } from '../pushgateway/duration';
import type { AgentTool } from './agentTool';
import type { QueryParam } from './queryTransport';
import { sizedOutput } from './toolOutput';
import { ago, ageOf, num } from './toolText';

export const listPushgatewayGroupsTool: AgentTool = {
  name: 'list_pushgateway_groups',
  title: 'List Pushgateway groups',
  description:
    'Lists the groups on the Prometheus Pushgateway the Telemetry Inspector polls: each grouping key (job and labels) with the age of its last push, whether that push failed, and whether the group is stale (older than the configured threshold; the Pushgateway never expires groups itself). Use it for "which Pushgateway groups are stale?".',
  inputSchema: {
    type: 'object',
    properties: {
      staleOnly: { type: 'boolean', description: 'Only stale groups.' },
      job: { type: 'string', description: 'Only groups whose job contains this text.', maxLength: 256 },
    },
    additionalProperties: false,
  },
  readOnly: true,
  destructive: false,
  async run(input, ctx) {
    const params: QueryParam[] = [['limit', '200']];
    if (input.staleOnly === true) params.push(['stale', 'true']);
    if (typeof input.job === 'string') params.push(['job', input.job]);
    const r = await ctx.query.get<PushgatewayResponse>('/api/v1/pushgateway/groups', params);
    const now = ctx.now();
    if (!r.configured) return 'No Pushgateway is configured in the Telemetry Inspector (set telemetryInspector.pushgateway.url, --pushgateway, or PUSHGATEWAY_URL).';
    const health = r.health === 'ok' ? `ok, polled ${ageOf(r.lastPoll, now)}` : `${r.health}: ${r.message}${r.lastSuccess ? `; groups as of ${ageOf(r.lastSuccess, now)}` : ''}`;
    const summary = [`Pushgateway ${r.url} (${health}): ${num(r.total)} groups, ${num(r.stale)} stale (no push for ${formatDuration(r.staleAfterMs)}).${r.groups.length !== r.total ? ` ${r.groups.length} match:` : ''}`];
    const items = r.groups.map(
      (g) =>
        `- ${g.stale ? 'STALE ' : ''}{${formatGroupingKey(g.groupingKey)}}: last push ${ago(g.ageMs)}${g.lastPushSuccessful ? '' : ' (FAILED)'}; ${g.series} series in ${g.families} metrics${g.metrics.length ? `: ${g.metrics.slice(0, 6).join(', ')}${g.metrics.length > 6 ? ', …' : ''}` : ''}`,
    );
    return sizedOutput({
      summary,
      items,
      beyond: r.nextCursor ? 1 : 0,
      more: (n, cut) => (cut ? `… ${n} more groups not shown: filter by job or staleOnly.` : '… more groups beyond these: filter by job or staleOnly.'),
      footer: r.stale ? ['delete_pushgateway_groups with staleOnly lists the stale groups for deletion (nothing is deleted without confirm).'] : [],
    });
  },
};
