import type { TracesResponse } from '../query/queryTypes';
import type { AgentTool } from './agentTool';
import type { QueryParam } from './queryTransport';
import { sizedOutput } from './toolOutput';
import { duration, num, who } from './toolText';

/** The trace search of the panel and the CLI, for a model: newest first, ids to drill into. */
export const findTracesTool: AgentTool = {
  name: 'find_traces',
  title: 'Find traces',
  description:
    'Finds traces (requests) held by the Telemetry Inspector, newest first, filtered like its search: by service, instance, root span name, errors only, duration and span attributes. Returns counts, then one line per trace with its trace id. Use get_trace with an id to see its spans and logs, e.g. to answer "why did the last checkout fail?" (errorsOnly plus name or attributes).',
  inputSchema: {
    type: 'object',
    properties: {
      service: { type: 'string', description: 'A service the trace passes through (service.name).', maxLength: 256 },
      instance: { type: 'string', description: 'An instance the trace passes through (service.instance.id, or host:pid).', maxLength: 256 },
      name: { type: 'string', description: "Text the root span's name contains (any case), e.g. checkout.", maxLength: 256 },
      errorsOnly: { type: 'boolean', description: 'Only traces with a span whose status is error.' },
      minDuration: { type: 'string', description: 'At least this long: 750us, 200ms, 1.5s, 2m.', maxLength: 32 },
      maxDuration: { type: 'string', description: 'At most this long.', maxLength: 32 },
      since: { type: 'string', description: 'Started within this long (10m, 2h) or after this ISO time.', maxLength: 64 },
      attributes: { type: 'array', description: 'key=value pairs some span must carry, each one, e.g. http.route=/checkout.', items: { type: 'string', maxLength: 512 }, maxItems: 10 },
      limit: { type: 'integer', description: 'Traces to list (default 10).', minimum: 1, maximum: 50 },
      cursor: { type: 'string', description: 'The cursor a previous answer gave, for the next page.', maxLength: 512 },
    },
    additionalProperties: false,
  },
  readOnly: true,
  destructive: false,
  async run(input, ctx) {
    const params: QueryParam[] = [['limit', String(input.limit ?? 10)]];
    const pass: [string, string][] = [
      ['service', 'service'],
      ['instance', 'instance'],
      ['name', 'name'],
      ['minDuration', 'min-duration'],
      ['maxDuration', 'max-duration'],
      ['since', 'since'],
      ['cursor', 'cursor'],
    ];
    for (const [arg, param] of pass) if (typeof input[arg] === 'string') params.push([param, input[arg] as string]);
    if (input.errorsOnly === true) params.push(['error', 'true']);
    for (const a of (input.attributes as string[] | undefined) ?? []) params.push(['attr', a]);
    const r = await ctx.query.get<TracesResponse>('/api/v1/traces', params);
    const filter = Object.entries(r.filter)
      .filter(([k]) => k !== 'limit')
      .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(' & ') : v}`)
      .join(', ');
    const summary = [
      r.matched === 0
        ? `No trace matches${filter ? ` ${filter}` : ''} among ${num(r.searched)} traces held.`
        : filter
          ? `${num(r.matched)} of ${num(r.searched)} traces match ${filter} (${num(r.withErrors)} with errors). Newest first:`
          : `${num(r.matched)} traces held (${num(r.withErrors)} with errors). Newest first:`,
    ];
    const items = r.traces.map(
      (t) =>
        `- ${t.traceId}  ${t.rootName || '(no root)'}  ${duration(t.durationMs)}  ${t.spanCount} spans${t.errorCount ? `  ${t.errorCount} ERROR` : ''}  ${who(t.service, t.instance)}${t.services.length > 1 ? ` (+${t.services.length - 1} services)` : ''}  ${t.start}${t.complete ? '' : '  (partial)'}`,
    );
    const left = r.matched - r.traces.length;
    return sizedOutput({
      summary,
      items,
      beyond: r.nextCursor ? Math.max(0, left) : 0,
      more: (n, cut) =>
        cut || !r.nextCursor ? `… ${n} more match, not shown (the answer is capped): ask for a smaller limit or narrow the filter.` : `… ${n} more match: call find_traces again with the same filter and cursor "${r.nextCursor}".`,
      footer: r.traces.length ? ['Next: get_trace with a trace id for its spans, errors and logs.'] : [],
    });
  },
};
