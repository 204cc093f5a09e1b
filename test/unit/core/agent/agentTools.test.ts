import { strict as assert } from 'node:assert';
import { agentTool, invokeAgentTool } from '../../../../src/core/agent/agentTools';
import type { ToolContext } from '../../../../src/core/agent/agentTool';
import { DirectQueryTransport } from '../../../../src/core/agent/directQueryTransport';
import { MAX_TOOL_OUTPUT_CHARS } from '../../../../src/core/agent/toolOutput';
import type { PushGroup } from '../../../../src/core/pushgateway/pushGroup';
import type { PushgatewayState } from '../../../../src/core/pushgateway/poller';
import type { QuerySource } from '../../../../src/core/query/querySource';
import { TelemetryStore } from '../../../../src/core/store/store';
import type { SpanRecord } from '../../../../src/core/model/records';
import { attrs, batch, hex, log, span } from '../../../helpers/records';

const NOW = 1.75e12;
const T0 = NOW * 1e6 - 60e9;

function group(job: string, instance: string, ageMs: number): PushGroup {
  const key = { job, instance };
  return { id: JSON.stringify([['instance', instance], ['job', job]]), groupingKey: key, job, lastPushMs: NOW - ageMs, lastFailureMs: undefined, lastPushSuccessful: true, families: [] };
}

describe('agent tools against an in-process query API', () => {
  let store: TelemetryStore;
  let ctx: ToolContext;
  let groups: PushGroup[];
  let deleted: string[];

  beforeEach(() => {
    store = new TelemetryStore(undefined, { now: () => NOW });
    groups = [group('nightly', 'old', 3_600_000), group('batch', 'fresh', 1000)];
    deleted = [];
    const pushgateway: PushgatewayState = {
      url: 'http://127.0.0.1:9091',
      health: 'ok',
      message: '',
      lastPollMs: NOW - 1000,
      lastSuccessMs: NOW - 1000,
      nextPollMs: undefined,
      consecutiveFailures: 0,
      staleAfterMs: 300_000,
      get groups() {
        return groups;
      },
    };
    const source: QuerySource = {
      store,
      receivers: () => ({ http: { status: 'listening', host: '127.0.0.1', port: 4318 } }),
      receiverStats: () => [],
      pushgateway: () => pushgateway,
      scrapeTargets: () => [],
      scrapeFiles: () => [],
      now: () => NOW,
    };
    // The delete goes to a client of its own: here one that records what it was asked to delete.
    const client = { deleteGroup: async (key: Record<string, string>) => void deleted.push(JSON.stringify(key)) };
    ctx = { query: new DirectQueryTransport(source), pushgateway: () => client as never, now: () => NOW };
  });

  const call = async (name: string, args: unknown) => invokeAgentTool(agentTool(name)!, args, ctx);

  it('find_traces stays under the cap with 2,000 matching traces, summary first, and says how to get more', async () => {
    const spans: SpanRecord[] = [];
    for (let i = 0; i < 2000; i++) spans.push(span({ traceId: hex(i + 1, 32), spanId: hex(i + 1, 16), name: `GET /very/long/route/${'segment/'.repeat(8)}${i}`, startTimeUnixNano: T0 + i * 1e6, endTimeUnixNano: T0 + i * 1e6 + 3e6, statusCode: 2 }));
    store.ingestTraces([batch({ 'service.name': 'shop', 'service.instance.id': 'shop-1' }, spans)]);
    const answer = await call('find_traces', { errorsOnly: true, limit: 50 });
    assert.equal(answer.isError, false);
    assert.ok(answer.text.length <= MAX_TOOL_OUTPUT_CHARS, String(answer.text.length));
    assert.match(answer.text, /^2,000 of 2,000 traces match error=true \(2,000 with errors\)\. Newest first:\n- 000000000000000000000000000007d0 /);
    assert.match(answer.text, /… 1,?9\d\d more match/);
  });

  it('get_trace shows the span tree with the error and the trace’s logs', async () => {
    const traceId = hex(7, 32);
    store.ingestTraces([
      batch({ 'service.name': 'shop', 'service.instance.id': 'shop-1' }, [
        span({ traceId, spanId: hex(1, 16), name: 'POST /checkout', kind: 2, startTimeUnixNano: T0, endTimeUnixNano: T0 + 40e6, statusCode: 2, statusMessage: 'card declined', attributes: attrs({ 'http.route': '/checkout' }) }),
        span({ traceId, spanId: hex(2, 16), parentSpanId: hex(1, 16), name: 'charge', kind: 3, startTimeUnixNano: T0 + 5e6, endTimeUnixNano: T0 + 35e6 }),
      ]),
    ]);
    store.ingestLogs([batch({ 'service.name': 'shop', 'service.instance.id': 'shop-1' }, [log({ traceId, spanId: hex(2, 16), severityNumber: 17, severityText: 'ERROR', body: 'gateway said 402', timeUnixNano: T0 + 30e6 })])]);
    const answer = await call('get_trace', { traceId });
    assert.equal(answer.isError, false, answer.text);
    assert.match(answer.text, /^Trace 0{31}7: POST \/checkout, 40ms, 2 spans, 1 with status ERROR/);
    assert.match(answer.text, /Error in "POST \/checkout" \(shop\/shop-1\): card declined/);
    assert.match(answer.text, /\n- POST \/checkout \[server, shop\/shop-1\] \+0µs 40ms ERROR: card declined span=0{15}1 \{http\.route=\/checkout\}\n {2}- charge \[client, shop\/shop-1\] \+5\.0ms 30ms span=0{15}2/);
    assert.match(answer.text, /Logs in this trace \(1\):\n- \S+ ERROR shop\/shop-1: gateway said 402 \(span 0{15}2\)/);
    const bad = await call('get_trace', { traceId: 'nope' });
    assert.deepEqual([bad.isError, bad.text], [true, 'The Telemetry Inspector refused the query (HTTP 400): "nope" is not a trace id: 32 hex digits, as /api/v1/traces lists them']);
    assert.equal((await call('get_trace', {})).text, 'Invalid arguments for get_trace: "traceId" is required.');
  });

  it('query_metric lists the metric names held when the name matches none', async () => {
    store.ingestMetrics([
      batch({ 'service.name': 'shop' }, [
        { name: 'http.server.duration', description: '', unit: 'ms', scope: { name: 's', version: '', attributes: attrs() }, kind: 'gauge', temporality: 'unspecified', points: [{ attributes: attrs(), startTimeUnixNano: 0, timeUnixNano: T0, flags: 0, value: 12 }] },
      ]),
    ]);
    const none = await call('query_metric', { name: 'latency' });
    assert.equal(none.text, 'No metric name contains "latency". Metric names held (1):\n- http.server.duration');
    const one = await call('query_metric', { name: 'duration' });
    assert.match(one.text, /^1 series of metric http\.server\.duration \(gauge, unit ms\) match "duration":\n- shop: latest 12 ms · 1 points, last /);
  });

  it('delete_pushgateway_groups lists exactly what it would delete, and deletes only the keys confirmed', async () => {
    const tool = agentTool('delete_pushgateway_groups')!;
    const prepared = await tool.prepare!({ staleOnly: true }, ctx);
    assert.equal(prepared.title, 'Delete 1 Pushgateway group?');
    assert.deepEqual(prepared.confirmedInput, { groupingKeys: [{ job: 'nightly', instance: 'old' }], confirm: true });
    assert.match(prepared.message, /^Would delete these 1 groups at http:\/\/127\.0\.0\.1:9091 \(nothing is deleted yet\):\n- \{job="nightly", instance="old"\}: last push 60m ago, stale/);
    // Without confirm, the tool only lists: nothing is deleted.
    const listed = await call('delete_pushgateway_groups', { staleOnly: true });
    assert.equal(listed.text, prepared.message);
    assert.deepEqual(deleted, []);
    // confirm with a selection instead of keys is refused: only listed keys are ever deleted.
    const refused = await call('delete_pushgateway_groups', { staleOnly: true, confirm: true });
    assert.equal(refused.isError, true);
    assert.deepEqual(deleted, []);
    groups.push(group('later', 'x', 7_200_000)); // became stale after the listing: not deleted
    const done = await call('delete_pushgateway_groups', prepared.confirmedInput);
    assert.equal(done.isError, false, done.text);
    assert.deepEqual(deleted, [JSON.stringify({ job: 'nightly', instance: 'old' })]);
    assert.match(done.text, /^Deleted 1 of 1 groups at http:\/\/127\.0\.0\.1:9091\.\n- deleted \{job="nightly", instance="old"\}/);
  });
});
