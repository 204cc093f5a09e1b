// Traces for the panels' extension tests and screenshots, written as OTLP/JSON and posted to the receiver like any
// exporter would: a wide trace of any size (the 5,000-span responsiveness check) and a multi-service checkout
// trace with an error, a retry, events and code.* attributes (the waterfall's picture).
import * as http from 'node:http';
import { randomBytes } from 'node:crypto';

export type AttrValue = string | number | boolean;

export interface DemoSpan {
  service: string;
  /** service.instance.id; defaults to `${service}-1`. */
  instance?: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind number: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startMs: number;
  durationMs: number;
  attributes?: Record<string, AttrValue>;
  /** Status ERROR with this message. */
  error?: string;
  events?: { name: string; atMs: number; attributes?: Record<string, AttrValue> }[];
}

export function hexId(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

function value(v: AttrValue): Record<string, unknown> {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
}

function attributes(o: Record<string, AttrValue> = {}): { key: string; value: Record<string, unknown> }[] {
  return Object.entries(o).map(([key, v]) => ({ key, value: value(v) }));
}

/** Unix nanoseconds as the decimal string OTLP/JSON uses for 64-bit integers. */
function nanos(baseMs: number, offsetMs: number): string {
  return (BigInt(Math.round(baseMs * 1000)) * 1000n + BigInt(Math.round(offsetMs * 1e6))).toString();
}

/** An ExportTraceServiceRequest in OTLP/JSON: one ResourceSpans per service instance. */
export function tracesRequest(traceId: string, spans: DemoSpan[], baseMs = Date.now()): string {
  const byResource = new Map<string, DemoSpan[]>();
  for (const s of spans) {
    const key = `${s.service}\u0000${s.instance ?? `${s.service}-1`}`;
    let list = byResource.get(key);
    if (!list) byResource.set(key, (list = []));
    list.push(s);
  }
  return JSON.stringify({
    resourceSpans: [...byResource.entries()].map(([key, list]) => {
      const [service, instance] = key.split('\u0000');
      return {
        resource: { attributes: attributes({ 'service.name': service, 'service.instance.id': instance, 'host.name': 'demo-host' }) },
        scopeSpans: [
          {
            scope: { name: `${service}-tracer`, version: '1.0.0' },
            spans: list.map((s) => ({
              traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId,
              name: s.name,
              kind: s.kind,
              startTimeUnixNano: nanos(baseMs, s.startMs),
              endTimeUnixNano: nanos(baseMs, s.startMs + s.durationMs),
              attributes: attributes(s.attributes),
              events: (s.events ?? []).map((e) => ({ name: e.name, timeUnixNano: nanos(baseMs, e.atMs), attributes: attributes(e.attributes) })),
              status: s.error ? { code: 2, message: s.error } : { code: 0 },
            })),
          },
        ],
      };
    }),
  });
}

/** POSTs an OTLP/JSON body to the receiver; resolves with the status code. */
export function postOtlpJson(port: number, signalPath: '/v1/traces' | '/v1/metrics', body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: signalPath, method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A trace of `count` spans: a root, and each span with up to `fanOut` children laid out one after another inside
 * their parent's time, so the waterfall looks like a real request tree. Every 97th span failed.
 */
export function wideTrace(count: number, service = 'load-app', fanOut = 6): DemoSpan[] {
  const spans: DemoSpan[] = [];
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(hexId(8));
  const kinds = [1, 3, 1, 3, 5];
  for (let i = 0; i < count; i++) {
    const parent = i === 0 ? -1 : Math.floor((i - 1) / fanOut);
    spans.push({
      service,
      spanId: ids[i],
      parentSpanId: parent < 0 ? '' : ids[parent],
      name: i === 0 ? 'GET /batch' : `step ${i}`,
      kind: i === 0 ? 2 : kinds[i % kinds.length],
      startMs: 0,
      durationMs: 1000,
      attributes: { 'step.index': i, 'step.group': `g${i % 10}` },
      error: i > 0 && i % 97 === 0 ? 'step failed' : undefined,
    });
  }
  // Times top-down: children split their parent's interval, with a little gap between them.
  for (let i = 0; i < count; i++) {
    const first = i * fanOut + 1;
    const kids = Math.max(0, Math.min(fanOut, count - first));
    if (kids === 0) continue;
    const slot = spans[i].durationMs / kids;
    for (let k = 0; k < kids; k++) {
      spans[first + k].startMs = spans[i].startMs + k * slot + slot * 0.05;
      spans[first + k].durationMs = slot * 0.85;
    }
  }
  return spans;
}

/**
 * A checkout across five services: cart lookups, a payment that is declined once and retried, stock reserved in
 * the database, and an order event consumed by the mailer. `source` and `paymentSource` name the files the code.*
 * attributes point at (the older names on the frontend's spans, the newer ones on the payment service's).
 */
export function checkoutTrace(source = 'src/checkout/handler.ts', paymentSource = 'src/payment/charge.ts'): DemoSpan[] {
  const id = () => hexId(8);
  const root = id();
  const cart = id();
  const cartSrv = id();
  const pay1 = id();
  const pay1Srv = id();
  const pay2 = id();
  const pay2Srv = id();
  const inv = id();
  const invSrv = id();
  const publish = id();
  const consume = id();
  const code = (line: number, fn: string) => ({ 'code.filepath': source, 'code.lineno': line, 'code.function': fn });
  const s = (service: string, spanId: string, parentSpanId: string, name: string, kind: number, startMs: number, durationMs: number, extra: Partial<DemoSpan> = {}): DemoSpan => ({
    service,
    spanId,
    parentSpanId,
    name,
    kind,
    startMs,
    durationMs,
    ...extra,
  });
  return [
    s('frontend', root, '', 'POST /checkout', 2, 0, 486, {
      attributes: { 'http.request.method': 'POST', 'http.route': '/checkout', 'http.response.status_code': 200, 'user_agent.original': 'Mozilla/5.0', ...code(42, 'handleCheckout') },
    }),
    s('frontend', id(), root, 'auth.verify_session', 1, 2, 9, { attributes: { 'enduser.id': 'u-1842', ...code(58, 'verifySession') } }),
    s('frontend', cart, root, 'GET cart-service /cart/{id}', 3, 13, 41, { attributes: { 'http.request.method': 'GET', 'server.address': 'cart-service', 'server.port': 8080 } }),
    s('cart-service', cartSrv, cart, 'GET /cart/{id}', 2, 15, 37, { attributes: { 'http.route': '/cart/{id}', 'cart.items': 3 } }),
    s('cart-service', id(), cartSrv, 'redis GET', 3, 17, 3, { attributes: { 'db.system': 'redis', 'db.operation.name': 'GET' } }),
    s('cart-service', id(), cartSrv, 'SELECT cart_items', 3, 22, 24, { attributes: { 'db.system': 'postgresql', 'db.query.text': 'SELECT * FROM cart_items WHERE cart_id = $1', 'db.response.returned_rows': 3 } }),
    s('cart-service', id(), cartSrv, 'price.compute', 1, 47, 4, { attributes: { currency: 'EUR' } }),
    s('frontend', id(), root, 'checkout.validate', 1, 56, 12, { attributes: code(77, 'validateOrder'), events: [{ name: 'address.normalized', atMs: 61 }] }),
    s('frontend', pay1, root, 'POST payment-service /charge', 3, 70, 138, {
      attributes: { 'http.request.method': 'POST', 'http.response.status_code': 402, 'server.address': 'payment-service' },
      error: 'HTTP 402',
    }),
    s('payment-service', pay1Srv, pay1, 'POST /charge', 2, 73, 132, {
      attributes: { 'http.route': '/charge', 'payment.provider': 'acme-pay', 'payment.amount': 84.9, 'code.file.path': paymentSource, 'code.line.number': 88, 'code.function.name': 'PaymentController.charge' },
      error: 'card declined',
      events: [{ name: 'exception', atMs: 203, attributes: { 'exception.type': 'CardDeclinedError', 'exception.message': 'card declined: insufficient funds' } }],
    }),
    s('payment-service', id(), pay1Srv, 'acme-pay authorize', 3, 79, 119, { attributes: { 'server.address': 'api.acme-pay.example', 'http.response.status_code': 402 }, error: 'declined' }),
    s('frontend', id(), root, 'payment.backoff', 1, 209, 30, { attributes: { 'retry.attempt': 1 } }),
    s('frontend', pay2, root, 'POST payment-service /charge', 3, 240, 121, { attributes: { 'http.request.method': 'POST', 'http.response.status_code': 200, 'server.address': 'payment-service', 'retry.attempt': 2 } }),
    s('payment-service', pay2Srv, pay2, 'POST /charge', 2, 242, 117, {
      attributes: { 'http.route': '/charge', 'payment.provider': 'acme-pay', 'payment.method': 'backup-card', 'code.file.path': paymentSource, 'code.line.number': 88, 'code.function.name': 'PaymentController.charge' },
    }),
    s('payment-service', id(), pay2Srv, 'acme-pay authorize', 3, 246, 98, { attributes: { 'server.address': 'api.acme-pay.example', 'http.response.status_code': 200 } }),
    s('payment-service', id(), pay2Srv, 'INSERT payments', 3, 346, 9, { attributes: { 'db.system': 'postgresql', 'db.operation.name': 'INSERT' } }),
    s('frontend', inv, root, 'POST inventory /reserve', 3, 364, 64, { attributes: { 'http.request.method': 'POST', 'server.address': 'inventory' } }),
    s('inventory', invSrv, inv, 'POST /reserve', 2, 366, 60, { attributes: { 'http.route': '/reserve', 'inventory.skus': 3 } }),
    s('inventory', id(), invSrv, 'BEGIN', 3, 368, 2, { attributes: { 'db.system': 'postgresql' } }),
    s('inventory', id(), invSrv, 'UPDATE stock', 3, 371, 41, { attributes: { 'db.system': 'postgresql', 'db.query.text': 'UPDATE stock SET reserved = reserved + $1 WHERE sku = $2' } }),
    s('inventory', id(), invSrv, 'COMMIT', 3, 414, 8, { attributes: { 'db.system': 'postgresql' } }),
    s('frontend', publish, root, 'order.created publish', 4, 431, 7, { attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': 'orders', ...code(121, 'publishOrder') } }),
    s('frontend', id(), root, 'render receipt', 1, 440, 41, { attributes: code(133, 'renderReceipt') }),
    s('mailer', consume, publish, 'order.created process', 5, 452, 212, { attributes: { 'messaging.system': 'kafka', 'messaging.consumer.group.name': 'mailer' } }),
    s('mailer', id(), consume, 'template.render', 1, 455, 18, { attributes: { template: 'order-confirmation' } }),
    s('mailer', id(), consume, 'smtp send', 3, 476, 182, { attributes: { 'server.address': 'smtp.example', 'network.protocol.name': 'smtp' }, events: [{ name: 'smtp.queued', atMs: 655 }] }),
  ];
}
