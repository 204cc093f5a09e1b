import { strict as assert } from 'node:assert';
import { encodeRecord, HEADER_BYTES } from '../../../../src/core/capture/recordFormat';
import { parseSegment } from '../../../../src/core/capture/segmentReader';

const record = (n: number): Buffer =>
  Buffer.concat(encodeRecord({ signal: n % 2 ? 'logs' : 'traces', encoding: n % 3 ? 'protobuf' : 'json', receivedAtMs: 1_700_000_000_000 + n + 0.5, body: Buffer.alloc(10 + n, n) }));

describe('capture: segment records', () => {
  const three = Buffer.concat([record(1), record(2), record(3)]);

  it('reads back what was written: signal, encoding, receive time, body', () => {
    const { requests, warning, goodBytes } = parseSegment(three, 'seg');
    assert.equal(warning, undefined);
    assert.equal(goodBytes, three.length);
    assert.deepEqual(
      requests.map((r) => [r.signal, r.encoding, r.receivedAtMs, r.body.length, r.body[0]]),
      [
        ['logs', 'protobuf', 1_700_000_000_001.5, 11, 1],
        ['traces', 'protobuf', 1_700_000_000_002.5, 12, 2],
        ['logs', 'json', 1_700_000_000_003.5, 13, 3],
      ],
    );
  });

  it('stops at a record cut anywhere, keeping the whole ones before it', () => {
    const firstTwo = record(1).length + record(2).length;
    for (let cut = firstTwo + 1; cut < three.length; cut++) {
      const { requests, warning, goodBytes } = parseSegment(three.subarray(0, cut), 'seg');
      assert.equal(requests.length, 2, `cut at ${cut}`);
      assert.equal(goodBytes, firstTwo);
      assert.match(warning!.reason, /a record cut short/);
    }
  });

  it('catches a flipped bit in a header or body by its checksum', () => {
    for (const at of [4 + record(1).length, 9 + record(1).length, HEADER_BYTES + 3 + record(1).length]) {
      const bad = Buffer.from(three);
      bad[at] ^= 0x01;
      const { requests, warning } = parseSegment(bad, 'seg');
      assert.equal(requests.length, 1, `flip at ${at}`);
      assert.match(warning!.reason, /unreadable data/);
    }
  });
});
