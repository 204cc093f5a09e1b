import { SIGNALS } from '../model/records';
import type { InstancesResponse } from '../query/queryTypes';
import type { AgentTool } from './agentTool';
import type { QueryParam } from './queryTransport';
import { sizedOutput } from './toolOutput';
import { ago, num, who } from './toolText';

/** "Is my app sending?": the instances, what each sends and when it last did. */
export const listInstancesTool: AgentTool = {
  name: 'list_instances',
  title: 'List instances',
  description:
    'Lists the processes (instances) sending OpenTelemetry data to the Telemetry Inspector: per instance, whether it is still live, and for traces, metrics and logs how many arrived and when last, with hints for a missing signal. Use it first to answer "is my app sending metrics?" and to get the service and instance names the other tools filter by.',
  inputSchema: {
    type: 'object',
    properties: {
      service: { type: 'string', description: 'Only instances of this service (service.name, any case).', maxLength: 256 },
      liveOnly: { type: 'boolean', description: 'Only instances that are still sending.' },
    },
    additionalProperties: false,
  },
  readOnly: true,
  destructive: false,
  async run(input, ctx) {
    const params: QueryParam[] = [['limit', '100']];
    if (typeof input.service === 'string') params.push(['service', input.service]);
    if (input.liveOnly === true) params.push(['live', 'true']);
    const r = await ctx.query.get<InstancesResponse>('/api/v1/instances', params);
    const receivers = r.receivers.map((x) => `${x.kind === 'http' ? 'OTLP/HTTP' : x.kind === 'grpc' ? 'OTLP/gRPC' : x.kind} ${x.status}${x.port !== null ? ` on ${x.host}:${x.port}` : ''}${x.message ? ` (${x.message})` : ''}`);
    const summary = [
      `${num(r.total)} instance${r.total === 1 ? '' : 's'} (${num(r.live)} live) at ${ctx.query.description}. Receivers: ${receivers.join('; ') || 'none'}.`,
      ...r.receiverHints.map((h) => `Receiver hint: ${h}`),
    ];
    if (r.instances.length === 0) summary.push(r.total === 0 ? 'Nothing has arrived yet: point the app at the receiver (write_env_snippet gives the environment).' : 'No instance matches.');
    const items = r.instances.map((i) => {
      const signals = SIGNALS.map((s) => `${s} ${num(i.signals[s].received)} (${i.signals[s].lastSeen ? `last ${ago(i.signals[s].ageMs)}` : 'none'})`).join(', ');
      const rhythm = i.usualIntervalMs !== null ? `, sends about every ${Math.max(1, Math.round(i.usualIntervalMs / 1000))}s` : '';
      const lines = [`- ${who(i.service, i.instance)} [${i.live ? 'live' : 'quiet'}${rhythm}]: ${signals}; ${num(i.counts.traces)} traces, ${num(i.counts.series)} series, ${num(i.counts.logRecords)} log records held.`];
      for (const h of i.hints) lines.push(`  hint (${h.signal}): ${h.message}`);
      for (const m of i.genai.slice(0, 3)) lines.push(`  LLM ${m.model}${m.provider ? ` (${m.provider})` : ''}: ${num(m.calls)} calls, ${num(m.inputTokens)} input / ${num(m.outputTokens)} output tokens`);
      return lines.join('\n');
    });
    return sizedOutput({
      summary,
      items,
      beyond: r.nextCursor ? Math.max(0, r.total - r.instances.length) : 0,
      more: (n) => `… ${n} more instances not shown: filter by service or liveOnly.`,
      footer: r.instances.length ? ['Next: find_traces, query_metric or find_logs with service/instance from above.'] : [],
    });
  },
};
