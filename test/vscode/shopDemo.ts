// A shop's last twenty minutes, sent through the OpenTelemetry SDK's own OTLP exporters (protobuf over HTTP): a
// storefront in two instances calling a cart service and a payment service, with log records written inside their
// spans, an assistant making LLM calls (GenAI attributes), and a few failures. The last two checkouts are a normal
// one and a slow one with a declined charge and a retry, for the diff. For the find-and-compare screenshots.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Tracer } from '@opentelemetry/api';
import { SeverityNumber, type Logger } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

interface Service {
  tracer: Tracer;
  logger: Logger;
  shutdown(): Promise<void>;
}

function service(port: number, name: string, instance: string): Service {
  const resource = resourceFromAttributes({ 'service.name': name, 'service.instance.id': instance, 'host.name': 'demo-host' });
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `http://127.0.0.1:${port}/v1/traces` }), maxQueueSize: 20_000, maxExportBatchSize: 500, scheduledDelayMillis: 200 })],
  });
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `http://127.0.0.1:${port}/v1/logs` }), maxQueueSize: 20_000, maxExportBatchSize: 500, scheduledDelayMillis: 200 })],
  });
  return {
    tracer: tracerProvider.getTracer(name, '3.1.0'),
    logger: loggerProvider.getLogger(name, '3.1.0'),
    async shutdown() {
      await Promise.all([tracerProvider.forceFlush(), loggerProvider.forceFlush()]);
      await Promise.all([tracerProvider.shutdown(), loggerProvider.shutdown()]);
    },
  };
}

/** What the demo sent, to find it again on screen. */
export interface ShopSent {
  traces: number;
  /** The slow checkout with the declined charge (the waterfall's and the diff's). */
  slowCheckout: string;
  /** The normal checkout before it (its default baseline). */
  normalCheckout: string;
}

export async function sendShop(port: number, count = 480): Promise<ShopSent> {
  const fronts = [service(port, 'storefront', 'storefront-1'), service(port, 'storefront', 'storefront-2')];
  const cart = service(port, 'cart', 'cart-1');
  const payments = service(port, 'payments', 'payments-1');
  const assistant = service(port, 'assistant', 'assistant-1');
  let seed = 11;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const lognormal = (median: number, spread = 0.4) => median * Math.exp(spread * gauss());

  const log = (s: Service, ctx: Context, at: number, severityNumber: SeverityNumber, body: string, attributes: Record<string, string | number> = {}) =>
    s.logger.emit({ timestamp: at, context: ctx, severityNumber, severityText: SeverityNumber[severityNumber], body, attributes });

  const checkout = (t0: number, front: Service, o: { slowDb?: number; declined?: boolean; chargeMs?: number } = {}): string => {
    const user = `u-${1000 + Math.floor(random() * 9000)}`;
    const lookup = lognormal(12);
    const db = o.slowDb ?? lognormal(6);
    const charge = o.chargeMs ?? lognormal(90, 0.3);
    const retry = o.declined ? lognormal(110, 0.2) : 0;
    const total = 4 + lookup + 3 + charge + (o.declined ? 20 + retry : 0) + 8;
    const root = front.tracer.startSpan('GET /checkout', { kind: SpanKind.SERVER, startTime: t0, attributes: { 'http.route': '/checkout', 'http.request.method': 'GET', 'enduser.id': user } });
    const rootCtx = trace.setSpan(ROOT_CONTEXT, root);
    log(front, rootCtx, t0 + 1, SeverityNumber.INFO, `checkout started for ${user}`, { 'enduser.id': user });
    // The cart: a client call, served by the cart service, which reads the database.
    const call = front.tracer.startSpan('GET /cart', { kind: SpanKind.CLIENT, startTime: t0 + 4, attributes: { 'http.request.method': 'GET', 'server.address': 'cart' } }, rootCtx);
    const callCtx = trace.setSpan(rootCtx, call);
    const served = cart.tracer.startSpan('GET /cart/{id}', { kind: SpanKind.SERVER, startTime: t0 + 5, attributes: { 'http.route': '/cart/{id}' } }, callCtx);
    const servedCtx = trace.setSpan(callCtx, served);
    const sql = cart.tracer.startSpan('SELECT cart_items', { kind: SpanKind.CLIENT, startTime: t0 + 6, attributes: { 'db.system': 'postgresql', 'db.operation.name': 'SELECT' } }, servedCtx);
    sql.end(t0 + 6 + db);
    if (db > 40) log(cart, trace.setSpan(servedCtx, sql), t0 + 6 + db, SeverityNumber.WARN, `slow query: ${Math.round(db)} ms for cart_items`, { 'db.rows': 42 });
    served.end(t0 + 6 + Math.max(db, lookup - 2));
    call.end(t0 + 4 + Math.max(lookup, db + 3));
    // The payment, retried once when declined.
    let at = t0 + 4 + Math.max(lookup, db + 3) + 3;
    const pay = (n: number, ms: number, declined: boolean) => {
      const c = front.tracer.startSpan('POST /charge', { kind: SpanKind.CLIENT, startTime: at, attributes: { 'http.request.method': 'POST', 'server.address': 'payments', 'retry.attempt': n } }, rootCtx);
      const cCtx = trace.setSpan(rootCtx, c);
      const p = payments.tracer.startSpan('POST /charge', { kind: SpanKind.SERVER, startTime: at + 1, attributes: { 'http.route': '/charge', 'payment.provider': 'acme-pay' } }, cCtx);
      const pCtx = trace.setSpan(cCtx, p);
      log(payments, pCtx, at + 2, SeverityNumber.INFO, `charging card for ${user}`, { 'payment.amount': 42.5, 'payment.currency': 'EUR' });
      const card = payments.tracer.startSpan('acme.charge', { kind: SpanKind.CLIENT, startTime: at + 3, attributes: { 'peer.service': 'acme-pay' } }, pCtx);
      card.end(at + ms - 3);
      if (declined) {
        log(payments, pCtx, at + ms - 2, SeverityNumber.ERROR, 'card declined: insufficient funds', { 'payment.decline_code': 51 });
        p.setStatus({ code: SpanStatusCode.ERROR, message: 'card declined' });
        c.setStatus({ code: SpanStatusCode.ERROR, message: '402 Payment Required' });
      }
      p.end(at + ms - 1);
      c.end(at + ms);
      at += ms;
    };
    pay(1, charge, !!o.declined);
    if (o.declined) {
      log(front, rootCtx, at + 1, SeverityNumber.WARN, 'charge declined; retrying with the saved card', { 'retry.attempt': 2 });
      at += 20;
      pay(2, retry, false);
    }
    root.end(Math.max(t0 + total, at + 6));
    return root.spanContext().traceId;
  };

  const simple = (t0: number, front: Service, name: string, route: string, child: string, ms: number, failed: boolean) => {
    const root = front.tracer.startSpan(name, { kind: SpanKind.SERVER, startTime: t0, attributes: { 'http.route': route } });
    const ctx = trace.setSpan(ROOT_CONTEXT, root);
    const c = front.tracer.startSpan(child, { kind: SpanKind.INTERNAL, startTime: t0 + 1 }, ctx);
    c.end(t0 + ms - 1);
    if (failed) {
      root.setStatus({ code: SpanStatusCode.ERROR, message: 'invalid credentials' });
      log(front, ctx, t0 + ms - 1, SeverityNumber.ERROR, 'login failed: invalid credentials');
    }
    root.end(t0 + ms);
  };

  const ask = (t0: number, front: Service) => {
    const root = front.tracer.startSpan('POST /assistant', { kind: SpanKind.SERVER, startTime: t0, attributes: { 'http.route': '/assistant' } });
    const ctx = trace.setSpan(ROOT_CONTEXT, root);
    const agent = assistant.tracer.startSpan('invoke_agent shop-helper', { kind: SpanKind.INTERNAL, startTime: t0 + 2, attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'shop-helper' } }, ctx);
    const aCtx = trace.setSpan(ctx, agent);
    const input = 400 + Math.floor(random() * 1600);
    const output = 40 + Math.floor(random() * 300);
    const ms = lognormal(900, 0.3);
    const chat = assistant.tracer.startSpan('chat gpt-4o-mini', {
      kind: SpanKind.CLIENT,
      startTime: t0 + 4,
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': input, 'gen_ai.usage.output_tokens': output },
    }, aCtx);
    chat.end(t0 + 4 + ms);
    agent.end(t0 + 6 + ms);
    root.end(t0 + 8 + ms);
  };

  const start = Date.now() - 20 * 60_000;
  const step = (20 * 60_000 - 60_000) / count;
  for (let i = 0; i < count; i++) {
    const t0 = start + i * step + random() * step * 0.5;
    const front = fronts[i % 2];
    const r = random();
    if (r < 0.45) checkout(t0, front, { declined: random() < 0.05, slowDb: random() < 0.08 ? lognormal(80, 0.3) : undefined });
    else if (r < 0.75) simple(t0, front, 'GET /products', '/products', 'render product list', lognormal(25, 0.5), false);
    else if (r < 0.9) simple(t0, front, 'POST /login', '/login', 'verify password', lognormal(60, 0.2), random() < 0.06);
    else ask(t0, front);
  }
  const normalCheckout = checkout(Date.now() - 40_000, fronts[0], { chargeMs: 85, slowDb: 7 });
  const slowCheckout = checkout(Date.now() - 20_000, fronts[1], { declined: true, chargeMs: 240, slowDb: 95 });
  await Promise.all([...fronts, cart, payments, assistant].map((s) => s.shutdown()));
  return { traces: count + 2, slowCheckout, normalCheckout };
}
