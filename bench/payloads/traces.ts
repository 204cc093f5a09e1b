/**
 * Trace requests as a real exporter sends them: spans made by the OpenTelemetry SDK and serialized by
 * @opentelemetry/otlp-transformer (the reference encoder). 512 spans per request in traces of 32 spans, each
 * span with 10 attributes of mixed types and 2 events with attributes of their own.
 */
import { context, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';

export const SPANS_PER_REQUEST = 512;
const SPANS_PER_TRACE = 32;
const ROUTES = ['/api/cart', '/api/checkout', '/api/items/:id', '/api/users/:id/orders', '/health', '/api/search'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

export interface TraceRequest {
  bytes: Uint8Array;
  spans: number;
  /** Offsets of every trace id and span id (and parent span id) in `bytes`, for IdPatcher. */
  idOffsets: number[];
}

/** SDK spans for one request; `seed` varies names and values so requests differ. */
export async function sdkSpans(seed: number, count = SPANS_PER_REQUEST, serviceInstanceId = 'bench-1'): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const processor = new SimpleSpanProcessor({ exporter });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'bench-shop',
      'service.namespace': 'bench',
      'service.instance.id': serviceInstanceId,
      'service.version': '1.4.2',
      'host.name': 'bench-host',
      'process.pid': 4242,
      'telemetry.sdk.language': 'nodejs',
    }),
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer('bench-shop.http', '1.4.2');
  let made = 0;
  for (let t = 0; made < count; t++) {
    const route = ROUTES[(seed + t) % ROUTES.length];
    const method = METHODS[(seed + t) % METHODS.length];
    const root = tracer.startSpan(`${method} ${route}`, { kind: SpanKind.SERVER });
    decorate(root, seed, t, 0, route, method);
    made++;
    const ctx = trace.setSpan(context.active(), root);
    for (let c = 1; c < SPANS_PER_TRACE && made < count; c++, made++) {
      const child = tracer.startSpan(c % 4 === 0 ? 'SELECT shop.items' : `handler step ${c}`, { kind: c % 4 === 0 ? SpanKind.CLIENT : SpanKind.INTERNAL }, ctx);
      decorate(child, seed, t, c, route, method);
      child.end();
    }
    root.end();
  }
  // SimpleSpanProcessor exports through a promise: flush before reading what was exported.
  await processor.forceFlush();
  const spans = exporter.getFinishedSpans();
  if (spans.length !== count) throw new Error(`the SDK exported ${spans.length} spans, expected ${count}`);
  return spans;
}

function decorate(span: ReturnType<ReturnType<TracerProvider['getTracer']>['startSpan']>, seed: number, t: number, c: number, route: string, method: string): void {
  const n = seed * 100_000 + t * 100 + c;
  span.setAttribute('http.request.method', method);
  span.setAttribute('http.route', route);
  span.setAttribute('url.path', route.replace(':id', String(n % 9973)));
  span.setAttribute('http.response.status_code', c === 7 ? 500 : 200);
  span.setAttribute('server.address', 'shop.internal.example');
  span.setAttribute('server.port', 8080);
  span.setAttribute('network.protocol.version', '1.1');
  span.setAttribute('user_agent.original', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36');
  span.setAttribute('app.cache.hit', n % 3 === 0);
  span.setAttribute('app.queue.wait_ratio', (n % 1000) / 1000);
  span.addEvent('cache.lookup', { 'cache.key': `item:${n % 5000}`, 'cache.hit': n % 3 === 0 });
  span.addEvent('db.query', { 'db.statement': 'SELECT id, name, price FROM items WHERE id = $1', 'db.rows': n % 50 });
  if (c === 7) span.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream returned 500' });
}

/** One serialized request, with the offsets of its ids so copies with fresh ids can be made cheaply. */
export async function traceRequest(seed: number, count = SPANS_PER_REQUEST, serviceInstanceId?: string): Promise<TraceRequest> {
  const spans = await sdkSpans(seed, count, serviceInstanceId);
  const bytes = ProtobufTraceSerializer.serializeRequest(spans)!;
  const ids = new Set<string>();
  for (const s of spans) {
    ids.add(s.spanContext().traceId);
    ids.add(s.spanContext().spanId);
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const idOffsets: number[] = [];
  for (const hex of ids) {
    const needle = Buffer.from(hex, 'hex');
    for (let at = buf.indexOf(needle); at !== -1; at = buf.indexOf(needle, at + 1)) idOffsets.push(at);
  }
  return { bytes, spans: spans.length, idOffsets };
}

/**
 * Makes requests with new trace and span ids from a template without re-encoding: the first 4 bytes of every
 * id (parent ids included, so the tree stays intact) become a request number. The rest of each id is the SDK's
 * random bytes, so ids stay distinct within a request, and numbers keep them distinct across requests.
 */
export class IdPatcher {
  constructor(private readonly template: TraceRequest) {}

  /** A fresh copy numbered `n`. */
  copy(n: number): Uint8Array {
    const out = new Uint8Array(this.template.bytes);
    this.patch(out, n);
    return out;
  }

  /** Renumbers `buf` (a copy of the template) in place. */
  patch(buf: Uint8Array, n: number): void {
    const b0 = (n >>> 24) & 0xff;
    const b1 = (n >>> 16) & 0xff;
    const b2 = (n >>> 8) & 0xff;
    const b3 = n & 0xff;
    for (const at of this.template.idOffsets) {
      buf[at] = b0;
      buf[at + 1] = b1;
      buf[at + 2] = b2;
      buf[at + 3] = b3;
    }
  }
}
