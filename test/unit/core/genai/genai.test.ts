/**
 * GenAI (LLM and agent) spans as the real OpenTelemetry SDK makes them, serialized by the reference encoder
 * (@opentelemetry/otlp-transformer) and decoded by ours: recognised, summed per instance and model, and their
 * captured prompts and completions read in each shape the conventions have had.
 */
import { strict as assert } from 'node:assert';
import { context, trace, SpanKind, type Attributes as OtelAttributes } from '@opentelemetry/api';
import { JsonLogsSerializer, JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { renderTree, plainStyle } from '../../../../src/cli/liveTree';
import { instanceTooltip, traceRow } from '../../../../src/core/views/tree/instancesTree';
import { genAiContent } from '../../../../src/core/genai/genaiMessages';
import { genAiOf, genAiSummary } from '../../../../src/core/genai/genaiSpan';
import { MAX_MODELS, OTHER_MODELS } from '../../../../src/core/genai/genaiUsage';
import type { SpanRecord } from '../../../../src/core/model/records';
import { decodeLogs, decodeTraces } from '../../../../src/core/otlp/decode';
import { snapshotOf } from '../../../../src/core/snapshot';
import { TelemetryStore } from '../../../../src/core/store/store';
import { batch, span as recordSpan, attrs } from '../../../helpers/records';

const resource = resourceFromAttributes({ 'service.name': 'travel-agent', 'service.instance.id': 'agent-1' });

interface Made {
  spans: ReadableSpan[];
  traceId: string;
  chatSpanId: string;
}

/** An agent run: invoke_agent wrapping two chats, a tool call, an embedding, and a call in the older conventions. */
async function agentRun(): Promise<Made> {
  const exporter = new InMemorySpanExporter();
  const processor = new SimpleSpanProcessor({ exporter });
  const provider = new TracerProvider({ resource, spanProcessors: [processor] });
  const tracer = provider.getTracer('agent');
  const agent = tracer.startSpan('invoke_agent TravelAgent', {
    kind: SpanKind.INTERNAL,
    // An agent span may repeat the total of its calls: it must not count twice.
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'TravelAgent', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 512, 'gen_ai.usage.output_tokens': 92 },
  });
  const ctx = trace.setSpan(context.active(), agent);
  const chat = (attributes: OtelAttributes) => tracer.startSpan(`chat ${String(attributes['gen_ai.request.model'])}`, { kind: SpanKind.CLIENT, attributes }, ctx);
  const first = chat({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.response.model': 'gpt-4o-2024-08-06',
    'gen_ai.usage.input_tokens': 300,
    'gen_ai.usage.output_tokens': 50,
    'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'You plan trips.' }]),
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }]),
    'gen_ai.output.messages': JSON.stringify([
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'get_weather', arguments: { city: 'Paris' } }], finish_reason: 'tool_call' },
    ]),
  });
  first.end();
  const tool = tracer.startSpan('execute_tool get_weather', { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather' } }, ctx);
  tool.end();
  const second = chat({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.model': 'gpt-4o-2024-08-06', 'gen_ai.usage.input_tokens': 200, 'gen_ai.usage.output_tokens': 30 });
  second.end();
  const embed = tracer.startSpan('embeddings text-embedding-3-small', { attributes: { 'gen_ai.operation.name': 'embeddings', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'text-embedding-3-small', 'gen_ai.usage.input_tokens': 12 } }, ctx);
  embed.end();
  // Conventions before 1.37: gen_ai.system, prompt/completion tokens, content on span events.
  const old = tracer.startSpan('anthropic.messages', { kind: SpanKind.CLIENT, attributes: { 'gen_ai.system': 'anthropic', 'gen_ai.request.model': 'claude-3-5-sonnet', 'gen_ai.usage.prompt_tokens': 100, 'gen_ai.usage.completion_tokens': 20 } }, ctx);
  old.addEvent('gen_ai.content.prompt', { 'gen_ai.prompt': JSON.stringify([{ role: 'user', content: 'Book a hotel' }]) });
  old.addEvent('gen_ai.content.completion', { 'gen_ai.completion': JSON.stringify([{ role: 'assistant', content: 'Booked: Hôtel du Nord' }]) });
  old.end();
  agent.end();
  await processor.forceFlush();
  // Read before shutdown, which empties the in-memory exporter.
  const spans = exporter.getFinishedSpans();
  await provider.shutdown();
  return { spans, traceId: agent.spanContext().traceId, chatSpanId: first.spanContext().spanId };
}

function byName(store: TelemetryStore, name: string): SpanRecord {
  for (const i of store.instances.values()) for (const t of i.traces.values()) for (const s of t.spans.values()) if (s.name === name) return s;
  throw new Error(`no span ${name}`);
}

describe('GenAI (agent) spans', () => {
  let store: TelemetryStore;
  afterEach(() => store.dispose());

  it('sums calls and tokens per model for the instance, from SDK spans through our decoder, agent spans not counted twice', async () => {
    const run = await agentRun();
    store = new TelemetryStore();
    store.ingestTraces(decodeTraces(ProtobufTraceSerializer.serializeRequest(run.spans)!, 'protobuf'));
    // The exporter retried: the same spans again replace their copies and count once.
    store.ingestTraces(decodeTraces(JsonTraceSerializer.serializeRequest(run.spans)!, 'json'));
    const instance = [...store.instances.values()][0];
    assert.deepEqual(store.genai.of(instance), [
      { model: 'gpt-4o-2024-08-06', provider: 'openai', calls: 2, inputTokens: 500, outputTokens: 80 },
      { model: 'claude-3-5-sonnet', provider: 'anthropic', calls: 1, inputTokens: 100, outputTokens: 20 },
      { model: 'text-embedding-3-small', provider: 'openai', calls: 1, inputTokens: 12, outputTokens: 0 },
    ]);

    // The same in the JSON snapshot and the CLI's live tree.
    const snap = snapshotOf(store, {});
    assert.deepEqual(snap.instances[0].genai.map((m) => [m.model, m.calls, m.inputTokens, m.outputTokens]), [
      ['gpt-4o-2024-08-06', 2, 500, 80],
      ['claude-3-5-sonnet', 1, 100, 20],
      ['text-embedding-3-small', 1, 12, 0],
    ]);
    const tree = renderTree(store, {}, undefined, plainStyle).join('\n');
    assert.match(tree, /genai tokens:\n\s+gpt-4o-2024-08-06 \(openai\) {2}2 calls · 500 in \/ 80 out tokens\n\s+claude-3-5-sonnet \(anthropic\) {2}1 call · 100 in \/ 20 out tokens\n\s+text-embedding-3-small \(openai\) {2}1 call · 12 in \/ 0 out tokens/);
  });

  it('the tree shows them too: model and tokens on the trace row (protobuf spans, decoded lazily), totals per model in the instance tooltip', async () => {
    const run = await agentRun();
    store = new TelemetryStore();
    store.ingestTraces(decodeTraces(ProtobufTraceSerializer.serializeRequest(run.spans)!, 'protobuf'));
    const instance = [...store.instances.values()][0];
    const [only] = instance.traces.values();
    const row = traceRow({ kind: 'trace', id: 't', instanceKey: instance.key, traceId: only.traceId }, only);
    assert.match(String(row.description), /gpt-4o-2024-08-06 \+2 · 4 calls · 612 in \/ 100 out tokens$/);
    const tip = instanceTooltip(instance, store.livenessOf(instance, Date.now()), Date.now(), store.genai.of(instance));
    assert.match(tip, /gpt-4o-2024-08-06/);
    assert.match(tip, /claude-3-5-sonnet/);
  });

  it('recognises each span and says its model and tokens in one line', async () => {
    const run = await agentRun();
    store = new TelemetryStore();
    store.ingestTraces(decodeTraces(ProtobufTraceSerializer.serializeRequest(run.spans)!, 'protobuf'));
    const line = (name: string) => {
      const g = genAiOf(byName(store, name));
      return g && genAiSummary(g);
    };
    assert.equal(line('chat gpt-4o'), 'chat gpt-4o-2024-08-06 · 300 in / 50 out tokens');
    assert.equal(line('invoke_agent TravelAgent'), 'invoke_agent TravelAgent gpt-4o · 512 in / 92 out tokens');
    assert.equal(line('execute_tool get_weather'), 'execute_tool get_weather');
    assert.equal(line('embeddings text-embedding-3-small'), 'embeddings text-embedding-3-small · 12 in tokens');
    assert.equal(line('anthropic.messages'), 'claude-3-5-sonnet · 100 in / 20 out tokens');
    const chat = genAiOf(byName(store, 'chat gpt-4o'))!;
    assert.deepEqual([chat.provider, chat.requestModel, chat.responseModel], ['openai', 'gpt-4o', 'gpt-4o-2024-08-06']);
    assert.equal(genAiOf(recordSpan({ attributes: attrs({ 'http.route': '/x' }) })), undefined, 'a plain span is not a GenAI span');
  });

  it('reads captured prompts and completions: message attributes, old span events, and message events sent as logs', async () => {
    const run = await agentRun();
    store = new TelemetryStore();
    store.ingestTraces(decodeTraces(ProtobufTraceSerializer.serializeRequest(run.spans)!, 'protobuf'));

    const chat = genAiContent(byName(store, 'chat gpt-4o'));
    assert.deepEqual(chat, {
      system: [{ role: 'system', text: 'You plan trips.' }],
      input: [{ role: 'user', text: 'Weather in Paris?' }],
      output: [{ role: 'assistant', text: '→ get_weather({"city":"Paris"})' }],
    });
    const old = genAiContent(byName(store, 'anthropic.messages'));
    assert.deepEqual([old.input, old.output], [[{ role: 'user', text: 'Book a hotel' }], [{ role: 'assistant', text: 'Booked: Hôtel du Nord' }]]);

    // Conventions 1.28–1.36: one log event per message, in the span's context, the message in the body.
    const logExporter = new InMemoryLogRecordExporter();
    const loggerProvider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: logExporter })] });
    const logger = loggerProvider.getLogger('agent');
    const spanCtx = trace.setSpanContext(context.active(), { traceId: run.traceId, spanId: run.chatSpanId, traceFlags: 1 });
    logger.emit({ eventName: 'gen_ai.user.message', context: spanCtx, body: { content: 'And in Rome?' } });
    logger.emit({ eventName: 'gen_ai.choice', context: spanCtx, body: { index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Sunny, 24 °C.' } } });
    await loggerProvider.forceFlush();
    store.ingestLogs(decodeLogs(JsonLogsSerializer.serializeRequest(logExporter.getFinishedLogRecords())!, 'json'));
    const logs = store.traceLogs.logsOfSpan(run.traceId, run.chatSpanId).map((l) => l.record);
    assert.equal(logs.length, 2, 'the events are found as the span’s logs');
    const withLogs = genAiContent(byName(store, 'chat gpt-4o'), logs);
    assert.deepEqual(withLogs.input.map((m) => `${m.role}: ${m.text}`), ['user: Weather in Paris?', 'user: And in Rome?']);
    assert.deepEqual(withLogs.output.map((m) => `${m.role}: ${m.text}`), ['assistant: → get_weather({"city":"Paris"})', 'assistant: Sunny, 24 °C.']);
    await loggerProvider.shutdown();
  });

  it('keeps at most MAX_MODELS models per instance; the rest share one row', () => {
    store = new TelemetryStore();
    const spans = Array.from({ length: MAX_MODELS + 5 }, (_, i) => recordSpan({ attributes: attrs({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': `m-${i}`, 'gen_ai.usage.input_tokens': 10 }) }));
    store.ingestTraces([batch({ 'service.name': 'many' }, spans)]);
    const usage = store.genai.of([...store.instances.values()][0]);
    assert.equal(usage.length, MAX_MODELS + 1);
    const other = usage.find((m) => m.model === OTHER_MODELS);
    assert.deepEqual([other?.calls, other?.inputTokens], [5, 50]);
  });
});
