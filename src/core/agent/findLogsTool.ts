import type { LogsResponse } from '../query/queryTypes';
import type { AgentTool } from './agentTool';
import type { QueryParam } from './queryTransport';
import { sizedOutput } from './toolOutput';
import { attributesText, num, who } from './toolText';

export const findLogsTool: AgentTool = {
  name: 'find_logs',
  title: 'Find logs',
  description:
    'Finds log records held by the Telemetry Inspector, newest first: at or above a severity, from a service or instance, inside a trace, or containing a text (in the body or attribute values). Each line carries its trace id when it has one (get_trace shows the request around it).',
  inputSchema: {
    type: 'object',
    properties: {
      severity: { type: 'string', description: 'The lowest severity to keep.', enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] },
      service: { type: 'string', description: 'Only this service.', maxLength: 256 },
      instance: { type: 'string', description: 'Only this instance (service.instance.id, or host:pid).', maxLength: 256 },
      traceId: { type: 'string', description: 'Only records emitted in this trace (32 hex digits).', maxLength: 64 },
      text: { type: 'string', description: 'Text the body or an attribute value contains (any case).', maxLength: 256 },
      since: { type: 'string', description: 'Only records from this long ago (10m, 2h) or after this ISO time.', maxLength: 64 },
      limit: { type: 'integer', description: 'Records to list (default 20).', minimum: 1, maximum: 100 },
      cursor: { type: 'string', description: 'The cursor a previous answer gave, for older records.', maxLength: 512 },
    },
    additionalProperties: false,
  },
  readOnly: true,
  destructive: false,
  async run(input, ctx) {
    const params: QueryParam[] = [['limit', String(input.limit ?? 20)]];
    for (const k of ['severity', 'service', 'instance', 'traceId', 'text', 'since', 'cursor'] as const) if (typeof input[k] === 'string') params.push([k, input[k] as string]);
    const r = await ctx.query.get<LogsResponse>('/api/v1/logs', params);
    const filter = params.filter(([k]) => k !== 'limit' && k !== 'cursor').map(([k, v]) => `${k}=${v}`).join(', ');
    const summary = [r.matched === 0 ? `No log record matches${filter ? ` ${filter}` : ''}.` : `${num(r.matched)} log records match${filter ? ` ${filter}` : ''}. Newest first:`];
    const items = r.logs.map((l) => {
      const attrs = attributesText(l.attributes, 5, 60);
      return `- ${l.time} ${l.severity} ${who(l.service, l.instance)}: ${l.body}${attrs ? ` ${attrs}` : ''}${l.traceId ? ` trace=${l.traceId}` : ''}${l.spanId ? ` span=${l.spanId}` : ''}`;
    });
    return sizedOutput({
      summary,
      items,
      beyond: r.nextCursor ? r.matched - r.logs.length : 0,
      more: (n, cut) => (r.nextCursor && !cut ? `… ${n} older records: call find_logs again with the same filter and cursor "${r.nextCursor}".` : `… ${n} more not shown (the answer is capped): ask for a smaller limit or narrow the filter.`),
    });
  },
};
