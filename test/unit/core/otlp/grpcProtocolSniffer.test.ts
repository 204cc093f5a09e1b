import { strict as assert } from 'node:assert';
import { resolveGrpcReceiverOptions } from '../../../../src/core/otlp/grpcOptions';
import { HTTP2_PREFACE, sniffProtocol, type Sniffed } from '../../../../src/core/otlp/protocolSniffer';

const sniff = (s: string | Buffer): Sniffed => sniffProtocol(typeof s === 'string' ? Buffer.from(s, 'latin1') : s);

describe('protocol sniffer (first bytes at the gRPC port)', () => {
  it('recognizes the HTTP/2 preface, and waits for it byte by byte', () => {
    const settings = Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]);
    assert.deepEqual(sniff(Buffer.concat([HTTP2_PREFACE, settings])), { kind: 'http2' });
    assert.deepEqual(sniff(HTTP2_PREFACE), { kind: 'http2' });
    for (let n = 1; n < HTTP2_PREFACE.length; n++) assert.deepEqual(sniff(HTTP2_PREFACE.subarray(0, n)), { kind: 'need-more' }, `${n} bytes`);
    assert.deepEqual(sniff(Buffer.alloc(0)), { kind: 'need-more' });
  });

  it('recognizes an HTTP/1 request line with its method and path', () => {
    assert.deepEqual(sniff('POST /v1/traces HTTP/1.1\r\nHost: localhost:4317\r\n'), { kind: 'http1', method: 'POST', path: '/v1/traces' });
    assert.deepEqual(sniff('GET /metrics HTTP/1.1\r\n'), { kind: 'http1', method: 'GET', path: '/metrics' });
    assert.deepEqual(sniff('OPTIONS * HTTP/1.1\r\n'), { kind: 'http1', method: 'OPTIONS', path: '*' });
    // PRI shares its first byte with POST, PUT and PATCH.
    for (const partial of ['P', 'PO', 'POS', 'POST', 'POST ', 'POST /v1/tra', 'PU', 'PA', 'G', 'GET']) {
      assert.deepEqual(sniff(partial), { kind: 'need-more' }, partial);
    }
    assert.deepEqual(sniff('POST /v1/logs'), { kind: 'need-more' });
    const long = 'GET /' + 'a'.repeat(4000);
    assert.equal(sniff(long).kind, 'http1', 'a request line that never ends is judged on what came');
  });

  it('recognizes a TLS ClientHello', () => {
    assert.deepEqual(sniff(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00])), { kind: 'tls' });
    assert.deepEqual(sniff(Buffer.from([0x16])), { kind: 'need-more' });
    assert.deepEqual(sniff(Buffer.from([0x16, 0x99])), { kind: 'unknown' });
  });

  it('calls anything else unknown (handed to the HTTP/2 server unchanged)', () => {
    assert.deepEqual(sniff('PRX'), { kind: 'unknown' });
    assert.deepEqual(sniff('BREW /pot HTTP/1.1'), { kind: 'unknown' });
    assert.deepEqual(sniff('get / HTTP/1.1'), { kind: 'unknown' });
    assert.deepEqual(sniff(Buffer.from([0, 0, 0, 4])), { kind: 'unknown' });
  });
});

describe('gRPC receiver options', () => {
  it('defaults to 127.0.0.1:4317 with the HTTP body limit', () => {
    const o = resolveGrpcReceiverOptions(undefined);
    assert.equal(o.host, '127.0.0.1');
    assert.equal(o.port, 4317);
    assert.equal(o.maxBodyBytes, 16 * 1024 * 1024);
    assert.equal(resolveGrpcReceiverOptions({ port: undefined }).port, 4317);
  });

  it('refuses values that cannot work', () => {
    assert.throws(() => resolveGrpcReceiverOptions({ port: 70000 }), /port must be a whole number from 0 to 65535/);
    assert.throws(() => resolveGrpcReceiverOptions({ host: ' ' }), /host must be an address/);
    assert.throws(() => resolveGrpcReceiverOptions({ maxBodyBytes: 0 }), /maxBodyBytes must be a whole number of at least 1/);
    assert.throws(() => resolveGrpcReceiverOptions({ maxBodyBytes: 2 ** 31 }), /at most/);
  });
});
