import { strict as assert } from 'node:assert';
import { envDetector } from '@opentelemetry/resources';
import { envFileNames, resourceAttributesValue, SessionInstanceIds, wiringOn, wiringVariables } from '../../../../src/core/env/wiring';

const target = { otlpHttpEndpoint: 'http://127.0.0.1:4318', protocol: 'http/protobuf' as const, pushgatewayUrl: 'http://127.0.0.1:9091' };
const nothingSet = () => false;

/** What the OpenTelemetry JS SDK's own env detector makes of an OTEL_RESOURCE_ATTRIBUTES value. */
function sdkReads(value: string): Record<string, unknown> {
  const before = process.env.OTEL_RESOURCE_ATTRIBUTES;
  process.env.OTEL_RESOURCE_ATTRIBUTES = value;
  try {
    return { ...(envDetector.detect().attributes ?? {}) };
  } finally {
    if (before === undefined) delete process.env.OTEL_RESOURCE_ATTRIBUTES;
    else process.env.OTEL_RESOURCE_ATTRIBUTES = before;
  }
}

describe('wiring: what a wired terminal or debug session gets', () => {
  it('a terminal: endpoint, protocol, Pushgateway URL and the wired-by mark', () => {
    assert.deepEqual(wiringVariables({ target, via: 'terminal', userSet: nothingSet }), [
      ['OTEL_EXPORTER_OTLP_ENDPOINT', 'http://127.0.0.1:4318'],
      ['OTEL_EXPORTER_OTLP_PROTOCOL', 'http/protobuf'],
      ['PUSHGATEWAY_URL', 'http://127.0.0.1:9091'],
      ['OTEL_RESOURCE_ATTRIBUTES', 'telemetry_inspector.wired_by=terminal'],
    ]);
    const noGateway = wiringVariables({ target: { otlpHttpEndpoint: target.otlpHttpEndpoint }, via: 'terminal', userSet: nothingSet });
    assert.deepEqual(noGateway.map(([n]) => n), ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_RESOURCE_ATTRIBUTES']);
  });

  it('a variable the user set is left out, and with their own resource attributes no mark is added', () => {
    const userSet = (n: string) => n === 'OTEL_EXPORTER_OTLP_PROTOCOL' || n === 'OTEL_RESOURCE_ATTRIBUTES';
    assert.deepEqual(wiringVariables({ target, via: 'debug', userSet, instanceId: 'app-1' }), [
      ['OTEL_EXPORTER_OTLP_ENDPOINT', 'http://127.0.0.1:4318'],
      ['PUSHGATEWAY_URL', 'http://127.0.0.1:9091'],
    ]);
  });

  it('a debug session: its own service.instance.id, which the SDK reads back exactly, odd characters and all', () => {
    const ids = new SessionInstanceIds();
    const name = 'Launch: api, port=8080 (ü)';
    const first = ids.next(name);
    assert.equal(first, `${name}-1`);
    const vars = new Map(wiringVariables({ target, via: 'debug', userSet: nothingSet, instanceId: first }));
    assert.deepEqual(sdkReads(vars.get('OTEL_RESOURCE_ATTRIBUTES')!), { 'service.instance.id': `${name}-1`, 'telemetry_inspector.wired_by': 'debug' });
    assert.deepEqual(sdkReads(resourceAttributesValue([['k=1,2', 'a b%c']])), { 'k=1,2': 'a b%c' });
  });

  it('session instance ids count per session name', () => {
    const ids = new SessionInstanceIds();
    assert.deepEqual([ids.next('api'), ids.next('worker'), ids.next('api'), ids.next('  ')], ['api-1', 'worker-1', 'api-2', 'debug-1']);
  });

  it('on for "always", off for "never", and for "ask" only once this workspace said yes', () => {
    assert.equal(wiringOn('always', undefined), true);
    assert.equal(wiringOn('always', false), true);
    assert.equal(wiringOn('never', true), false);
    assert.equal(wiringOn('ask', undefined), false);
    assert.equal(wiringOn('ask', false), false);
    assert.equal(wiringOn('ask', true), true);
  });

  it("an envFile's variable names: NAME=value and export lines; comments and junk skipped", () => {
    const text = '# comment\nOTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318\n  export PUSHGATEWAY_URL = "http://gw:9091"\r\nnot a line\n=x\nA.B=1\nOTEL_EXPORTER_OTLP_ENDPOINT=again\n';
    assert.deepEqual(envFileNames(text), ['OTEL_EXPORTER_OTLP_ENDPOINT', 'PUSHGATEWAY_URL', 'A.B']);
  });
});
