import { strict as assert } from 'node:assert';
import { Engine } from '../../../../src/core/engine';
import { assertStoreHoldsApp, instanceById } from '../../../helpers/appAssertions';
import { runApp, type AppSent } from '../../../helpers/process';

/**
 * Real OpenTelemetry JS SDK exporters, in their own processes, send to the receiver;
 * what they sent is what the store holds.
 */
describe('OTLP/HTTP receiver with the OpenTelemetry JS SDK exporters', function () {
  this.timeout(60_000);
  let engine: Engine;
  let endpoint: string;

  before(async () => {
    engine = new Engine({ http: { port: 0 } });
    const report = await engine.start();
    assert.deepEqual(report.errors, []);
    endpoint = `http://127.0.0.1:${engine.http.port}`;
  });
  after(() => engine.dispose());

  const checkInstance = (id: string, sent: AppSent): void => assertStoreHoldsApp(engine.store, id, sent);
  const instance = (id: string) => instanceById(engine.store, id);

  const cases: { protocol: string; compression: string }[] = [
    { protocol: 'http/protobuf', compression: 'none' },
    { protocol: 'http/protobuf', compression: 'gzip' },
    { protocol: 'http/json', compression: 'none' },
    { protocol: 'http/json', compression: 'gzip' },
  ];
  for (const { protocol, compression } of cases) {
    it(`stores what an app sent over ${protocol}, compression ${compression}`, async () => {
      const id = `${protocol}-${compression}`;
      const sent = await runApp({
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_EXPORTER_OTLP_COMPRESSION: compression,
        OTEL_SERVICE_NAME: 'checkout',
        APP_INSTANCE_ID: id,
        APP_ROUNDS: '4',
      });
      assert.equal(sent.spans, 8);
      checkInstance(id, sent);
    });
  }

  it('shows two processes with different service.instance.id as two instances of one service', async () => {
    const before = engine.store.instances.size;
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'checkout', APP_ROUNDS: '3' };
    const [a, b] = await Promise.all([runApp({ ...env, APP_INSTANCE_ID: 'twin-a' }), runApp({ ...env, APP_INSTANCE_ID: 'twin-b' })]);
    assert.equal(engine.store.instances.size, before + 2);
    checkInstance('twin-a', a);
    checkInstance('twin-b', b);
    assert.notEqual(instance('twin-a').resource['process.pid'], instance('twin-b').resource['process.pid']);
  });

  it('answered every exporter request with 200', () => {
    const { byStatus, requests } = engine.http.stats;
    assert.ok(requests > 0);
    assert.deepEqual(Object.keys(byStatus), ['200']);
    for (const signal of ['traces', 'metrics', 'logs'] as const) {
      const c = engine.store.counters[signal];
      assert.equal(c.rejected, 0, signal);
      assert.equal(c.received, c.stored + c.evicted, signal);
    }
  });
});
