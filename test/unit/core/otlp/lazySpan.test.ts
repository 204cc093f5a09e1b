/**
 * Lazy span decoding: attributes, events and links are read from the span's own bytes when asked, with the values
 * the SDK sent (the agreement tests compare every field with the JSON decoder, which keeps them decoded); a span
 * the store keeps holds a copy of its own bytes, not the request; a malformed part is refused at decode time, not
 * when a view reads it; and a span whose parts are never read holds fewer bytes on the real heap.
 */
import { strict as assert } from 'node:assert';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DecodeError, type SpanRecord } from '../../../../src/core/model/records';
import { decodeTraces } from '../../../../src/core/otlp/decode';
import { LazySpan } from '../../../../src/core/otlp/protobuf/lazySpan';
import { ProtoWriter } from '../../../../src/core/otlp/protobuf/writer';
import { IdPatcher, traceRequest } from '../../../../bench/payloads/traces';
import { readAllSpans, sdkPayloads, type SdkPayloads } from './sdk-agreement.test';

function spansOf(body: Uint8Array, encoding: 'protobuf' | 'json' = 'protobuf'): SpanRecord[] {
  return decodeTraces(body, encoding).flatMap((b) => b.items);
}

/** A request of one span whose only attribute is `attribute` (a KeyValue message, already encoded). */
function oneSpanRequest(attribute: Uint8Array): Uint8Array {
  const span = new ProtoWriter()
    .bytesField(1, Uint8Array.from({ length: 16 }, (_, i) => i + 1))
    .bytesField(2, Uint8Array.from({ length: 8 }, (_, i) => i + 1))
    .stringField(5, 'op')
    .messageField(9, attribute);
  return new ProtoWriter().messageField(1, new ProtoWriter().messageField(2, new ProtoWriter().messageField(2, span))).finish();
}

describe('LazySpan', () => {
  let p: SdkPayloads;
  before(async () => {
    p = await sdkPayloads();
  });

  it('protobuf spans are lazy; reading twice gives equal values in fresh objects', () => {
    for (const span of spansOf(p.traces.protobuf)) {
      assert.ok(span instanceof LazySpan);
      assert.deepStrictEqual(span.attributes, span.attributes);
      assert.notEqual(span.attributes, span.attributes, 'nothing cached: a reader may keep or change what it got');
      assert.deepStrictEqual(span.events, span.events);
      assert.deepStrictEqual(span.links, span.links);
    }
    const root = spansOf(p.traces.protobuf).find((s) => s.name === 'GET /cart')!;
    root.attributes.str = 'changed by a reader';
    assert.equal(root.attributes.str, 'hello ✓ ünïcode');
  });

  it('a kept span holds a copy of its own bytes: the request buffer can be reused', () => {
    const body = Uint8Array.from(p.traces.protobuf);
    const spans = spansOf(body) as LazySpan[];
    const before = readAllSpans([{ resource: { attributes: Object.create(null), droppedAttributesCount: 0 }, schemaUrl: '', items: spans }]);
    for (const s of spans) assert.ok(s.retainBytes() >= 0);
    body.fill(0); // the receiver's buffer is gone
    const after = readAllSpans([{ resource: { attributes: Object.create(null), droppedAttributesCount: 0 }, schemaUrl: '', items: spans }]);
    assert.deepStrictEqual(after, before);
    const root = spans.find((s) => s.name === 'GET /cart')!;
    assert.ok(root.undecodedBytes > 100, 'the root span holds its attributes and events undecoded');
    assert.equal(root.attributes.big, '1152921504606846976');
  });

  it('JSON.stringify sees every field, lazy ones included, as the eager records had them', () => {
    const [proto, json] = [spansOf(p.traces.protobuf), spansOf(p.traces.json, 'json')];
    assert.deepStrictEqual(JSON.parse(JSON.stringify(proto)), JSON.parse(JSON.stringify(json)));
    assert.match(JSON.stringify(proto), /"cache.miss"/);
  });

  it('a writer may replace the parts; the span then holds them decoded', () => {
    const span = spansOf(p.traces.protobuf).find((s) => s.name === 'publish') as LazySpan;
    const links = span.links;
    span.attributes = Object.assign(Object.create(null), { replaced: true });
    assert.deepStrictEqual({ ...span.attributes }, { replaced: true });
    assert.deepStrictEqual(span.links, links, 'the other parts stay');
    assert.equal(span.undecodedBytes, 0);
  });

  it('a malformed attribute, event or link is refused when the request is decoded, not when a view reads it', () => {
    // KeyValue{key: 'k', value: AnyValue{array: ArrayValue{values: <length past the end>}}}
    const truncatedInside = Uint8Array.from([0x0a, 0x01, 0x6b, 0x12, 0x04, 0x2a, 0x02, 0x0a, 0x05]);
    assert.throws(() => decodeTraces(oneSpanRequest(truncatedInside), 'protobuf'), DecodeError);
    // Arrays nested 100 deep: past the 64 allowed.
    let value = new ProtoWriter().stringField(1, 'leaf').finish();
    for (let i = 0; i < 100; i++) value = new ProtoWriter().messageField(5, new ProtoWriter().messageField(1, value)).finish();
    const deep = new ProtoWriter().stringField(1, 'k').messageField(2, value).finish();
    assert.throws(() => decodeTraces(oneSpanRequest(deep), 'protobuf'), (e: unknown) => e instanceof DecodeError && /nested deeper/.test(e.message));
    // A well-formed one decodes, lazily, to its value.
    const fine = new ProtoWriter().stringField(1, 'k').messageField(2, new ProtoWriter().stringField(1, 'v').finish()).finish();
    assert.deepStrictEqual({ ...spansOf(oneSpanRequest(fine))[0].attributes }, { k: 'v' });
  });

  it('spans whose parts are never read hold fewer bytes on the real heap than the same spans read in full', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const template = await traceRequest(900, 512, 'lazy-heap');
    const patcher = new IdPatcher(template);
    const heldBy = (read: boolean): number => {
      gc();
      gc();
      const before = process.memoryUsage().heapUsed;
      const held: unknown[] = [];
      for (let n = 1; n <= 20; n++) {
        for (const span of spansOf(patcher.copy(n)) as LazySpan[]) {
          span.retainBytes();
          held.push(read ? { ...span.toJSON() } : span);
        }
      }
      gc();
      gc();
      const bytes = (process.memoryUsage().heapUsed - before) / held.length;
      held.length = 0;
      return bytes;
    };
    const lazy = heldBy(false);
    const eager = heldBy(true);
    assert.ok(lazy < eager * 0.95, `unread: ${lazy.toFixed(0)} B/span; read in full: ${eager.toFixed(0)} B/span`);
  });
});
