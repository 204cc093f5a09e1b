import type { SpanJson, TraceResponse } from '../query/queryTypes';
import type { AgentTool } from './agentTool';
import type { QueryParam } from './queryTransport';
import { sizedOutput } from './toolOutput';
import { attributesText, duration, who } from './toolText';

/** One trace for a model: the span tree (errors first in mind: each error's message and exception), then its logs. */
export const getTraceTool: AgentTool = {
  name: 'get_trace',
  title: 'Get a trace',
  description:
    'Shows one trace by its id (from find_traces or a log record): its spans as a tree with timings, status, error messages, key attributes and events (exceptions), then the log records emitted inside it. Use it to explain why a request failed or was slow.',
  inputSchema: {
    type: 'object',
    properties: {
      traceId: { type: 'string', description: 'The trace id: 32 hex digits.', maxLength: 64 },
      cursor: { type: 'string', description: 'The cursor a previous answer gave, for the next spans of a large trace.', maxLength: 512 },
    },
    required: ['traceId'],
    additionalProperties: false,
  },
  readOnly: true,
  destructive: false,
  async run(input, ctx) {
    const params: QueryParam[] = [['limit', '150'], ['logLimit', '30']];
    if (typeof input.cursor === 'string') params.push(['cursor', input.cursor]);
    const t = await ctx.query.get<TraceResponse>(`/api/v1/traces/${encodeURIComponent(String(input.traceId).trim())}`, params);
    const errors = t.spans.filter((s) => s.status === 'error');
    const summary = [
      `Trace ${t.traceId}: ${t.rootName || '(no root)'}, ${duration(t.durationMs)}, ${t.spanCount} spans${t.errorCount ? `, ${t.errorCount} with status ERROR` : ''}, services ${t.services.join(', ')}, started ${t.start}${t.complete ? '' : ' (partial: its root span has not arrived)'}.`,
      ...errors.slice(0, 5).map((s) => `Error in "${s.name}" (${who(s.service, s.instance)}): ${s.statusMessage || exceptionOf(s) || 'no message'}`),
      t.nextCursor ? `Spans (the first ${t.spans.length}, by start; offset from the trace start, then duration):` : 'Spans (offset from the trace start, then duration):',
    ];
    const items = [...treeLines(t.spans)];
    if (t.logCount) {
      items.push(`Logs in this trace (${t.logCount}${t.logCount > t.logs.length ? `, first ${t.logs.length}` : ''}):`);
      for (const l of t.logs) items.push(`- ${l.time} ${l.severity} ${who(l.service, l.instance)}: ${l.body}${l.spanId ? ` (span ${l.spanId})` : ''}`);
    }
    return sizedOutput({
      summary,
      items,
      beyond: t.nextCursor ? t.spanCount - t.spans.length : 0,
      more: (n, cut) => (t.nextCursor && !cut ? `… ${n} more spans: call get_trace again with cursor "${t.nextCursor}".` : `… ${n} more lines not shown (the answer is capped).`),
    });
  },
};

/** Spans as an indented tree, children under their parent by start; spans whose parent is not here are roots. */
function treeLines(spans: SpanJson[]): string[] {
  const byId = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, SpanJson[]>();
  const roots: SpanJson[] = [];
  for (const s of spans) {
    if (s.parentSpanId && byId.has(s.parentSpanId)) {
      const list = children.get(s.parentSpanId) ?? [];
      list.push(s);
      children.set(s.parentSpanId, list);
    } else roots.push(s);
  }
  const out: string[] = [];
  const visit = (s: SpanJson, depth: number): void => {
    const pad = '  '.repeat(Math.min(depth, 12));
    const status = s.status === 'error' ? ` ERROR${s.statusMessage ? `: ${s.statusMessage}` : ''}` : '';
    const attrs = attributesText(s.attributes, 6, 60);
    let line = `${pad}- ${s.name} [${s.kind}, ${who(s.service, s.instance)}] +${duration(s.startOffsetMs)} ${duration(s.durationMs)}${status} span=${s.spanId}${attrs ? ` ${attrs}` : ''}`;
    const events = s.events.slice(0, 3).map((e) => `${e.name}${e.name === 'exception' ? ` ${attributesText(e.attributes, 2, 120)}` : ''}`);
    if (events.length) line += `\n${pad}  events: ${events.join('; ')}${s.events.length + s.eventsOmitted > 3 ? ` (+${s.events.length + s.eventsOmitted - 3})` : ''}`;
    out.push(line);
    for (const c of children.get(s.spanId) ?? []) visit(c, depth + 1);
  };
  for (const r of roots) visit(r, 0);
  return out;
}

function exceptionOf(s: SpanJson): string {
  const e = s.events.find((x) => x.name === 'exception');
  const m = e?.attributes['exception.message'];
  return typeof m === 'string' ? m : '';
}
