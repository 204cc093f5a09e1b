/** The protobuf wire reader and writer: every primitive, its bounds checks, and skipping of every wire type. */
import { strict as assert } from 'node:assert';
import { DecodeError } from '../../../../src/core/model/records';
import { int64PartsToValue, ProtoReader, WireType } from '../../../../src/core/otlp/protobuf/reader';
import { ProtoWriter } from '../../../../src/core/otlp/protobuf/writer';

const bytes = (...b: number[]) => Uint8Array.from(b);
const reader = (...b: number[]) => new ProtoReader(bytes(...b));

function throwsDecode(fn: () => unknown, pattern?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DecodeError, `expected DecodeError, got ${String(e)}`);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

describe('ProtoReader', () => {
  it('reads uint32 varints of every length', () => {
    for (const [encoded, value] of [
      [[0x00], 0],
      [[0x01], 1],
      [[0x7f], 127],
      [[0x80, 0x01], 128],
      [[0xac, 0x02], 300],
      [[0xff, 0xff, 0xff, 0xff, 0x0f], 0xffffffff],
    ] as const) {
      const r = reader(...encoded);
      assert.equal(r.uint32(), value);
      assert.equal(r.pos, encoded.length);
    }
  });

  it('reads negative int32 and enums sent as 10-byte sign-extended varints', () => {
    const minusOne = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    const r = reader(...minusOne);
    assert.equal(r.int32(), -1);
    assert.equal(r.pos, 10);
    const w = new ProtoWriter().int64(-2147483648);
    assert.equal(w.length, 10);
    assert.equal(new ProtoReader(w.finish()).int32(), -2147483648);
  });

  it('reads 64-bit varints exactly into lo/hi and converts int64 without precision loss', () => {
    const cases: [number, number, number | string][] = [
      [0, 0, 0],
      [1, 0, 1],
      [0xffffffff, 0, 4294967295],
      [0xffffffff, 0x1fffff, Number.MAX_SAFE_INTEGER],
      [0, 0x200000, '9007199254740992'], // 2^53: no longer safe
      [1, 0x200000, '9007199254740993'],
      [0xffffffff, 0xffffffff, -1],
      [0xfffffff9, 0xffffffff, -7],
      [1, 0xffe00000, Number.MIN_SAFE_INTEGER],
      [0, 0xffe00000, '-9007199254740992'],
      [0xffffffff, 0x7fffffff, '9223372036854775807'],
      [0, 0x80000000, '-9223372036854775808'],
    ];
    for (const [lo, hi, expected] of cases) {
      const r = new ProtoReader(new ProtoWriter().varint64(lo, hi).finish());
      r.varint64();
      assert.deepEqual([r.lo, r.hi], [lo, hi]);
      assert.equal(r.pos, r.len);
      assert.equal(int64PartsToValue(r.lo, r.hi), expected, `${hi}:${lo}`);
    }
    // uint64 as a double
    assert.equal(new ProtoReader(new ProtoWriter().varint64(0, 1).finish()).uint64(), 2 ** 32);
    assert.equal(reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).uint64(), 2 ** 64);
  });

  it('reads zigzag sint32', () => {
    for (const [raw, value] of [
      [0, 0],
      [1, -1],
      [2, 1],
      [3, -2],
      [0xfffffffe, 2147483647],
      [0xffffffff, -2147483648],
    ]) {
      assert.equal(new ProtoReader(new ProtoWriter().uint32(raw).finish()).sint32(), value);
      assert.equal(new ProtoReader(new ProtoWriter().sint32(value).finish()).sint32(), value);
    }
  });

  it('reads fixed32, fixed64, sfixed64, double and float little-endian', () => {
    assert.equal(reader(0x78, 0x56, 0x34, 0x12).fixed32(), 0x12345678);
    assert.equal(reader(0xff, 0xff, 0xff, 0xff).fixed32(), 0xffffffff);
    const t = 1_700_000_000_123_456_789n;
    const buf = Buffer.alloc(8);
    buf.writeBigUInt64LE(t);
    assert.equal(new ProtoReader(buf).fixed64(), Number(t), 'one rounding, like Number() of the decimal');
    buf.writeBigInt64LE(-5n);
    assert.equal(new ProtoReader(buf).sfixed64(), -5);
    buf.writeBigInt64LE(-(2n ** 63n));
    assert.equal(new ProtoReader(buf).sfixed64(), -(2 ** 63));
    buf.writeBigInt64LE(-(2n ** 60n) - 1n);
    assert.equal(new ProtoReader(buf).sfixed64(), Number(-(2n ** 60n) - 1n));
    buf.writeDoubleLE(-1.5e300);
    assert.equal(new ProtoReader(buf).double(), -1.5e300);
    const f = Buffer.alloc(4);
    f.writeFloatLE(0.25);
    assert.equal(new ProtoReader(f).float(), 0.25);
    assert.equal(new ProtoReader(new ProtoWriter().fixed64(2 ** 53 - 1).finish()).fixed64(), 2 ** 53 - 1);
  });

  it('reads bools from any varint', () => {
    assert.equal(reader(0).bool(), false);
    assert.equal(reader(1).bool(), true);
    assert.equal(reader(0x80, 0x80, 0x01).bool(), true);
    assert.equal(reader(0x80, 0x00).bool(), false);
  });

  it('decodes strings: ASCII fast path, multi-byte UTF-8 short and long, invalid sequences as U+FFFD', () => {
    for (const s of ['', 'a', 'service.name', 'ü✓😀', 'x'.repeat(31), 'y'.repeat(32), 'long ünïcode '.repeat(20)]) {
      const r = new ProtoReader(new ProtoWriter().string(s).finish());
      assert.equal(r.string(), s);
      assert.equal(r.pos, r.len);
    }
    assert.equal(reader(3, 0x61, 0xff, 0x62).string(), 'a\ufffdb');
  });

  it('reuses short strings through the intern table without ever returning a wrong one', () => {
    // Many distinct short strings, so slots collide and get overwritten; each must still read back exactly.
    const strings: string[] = [];
    for (let i = 0; i < 20000; i++) strings.push(`k${(i * 7919) % 100003}.${'x'.repeat(i % 40)}`.slice(0, 1 + (i % 48)));
    const w = new ProtoWriter();
    for (const s of strings) w.string(s);
    for (let round = 0; round < 2; round++) {
      const r = new ProtoReader(w.finish());
      for (const s of strings) assert.equal(r.string(), s);
    }
    const again = new ProtoWriter().string('service.name').string('service.name').finish();
    const r = new ProtoReader(again);
    assert.equal(r.string(), r.string());
  });

  it('reads bytes as lowercase hex and as base64, also from a view with a byte offset', () => {
    const pool = Buffer.from([9, 9, 4, 0x0a, 0xf7, 0x00, 0xff, 9]);
    const body = pool.subarray(2, 7); // length 4, then 4 bytes
    assert.equal(new ProtoReader(body).bytesHex(), '0af700ff');
    assert.equal(new ProtoReader(body).bytesBase64(), Buffer.from([0x0a, 0xf7, 0x00, 0xff]).toString('base64'));
    assert.equal(reader(0).bytesHex(), '');
    assert.equal(reader(0).bytesBase64(), '');
  });

  it('reads packed and unpacked repeated fields alike', () => {
    const w = new ProtoWriter().bytes(new ProtoWriter().fixed64(1).fixed64(2 ** 40).finish());
    const out: number[] = [];
    new ProtoReader(w.finish()).packedFixed64(WireType.LengthDelimited, out);
    new ProtoReader(new ProtoWriter().fixed64(7).finish()).packedFixed64(WireType.Fixed64, out);
    assert.deepEqual(out, [1, 2 ** 40, 7]);
    const doubles: number[] = [];
    new ProtoReader(new ProtoWriter().bytes(new ProtoWriter().double(0.5).double(-Infinity).finish()).finish()).packedDouble(WireType.LengthDelimited, doubles);
    new ProtoReader(new ProtoWriter().double(2.5).finish()).packedDouble(WireType.Fixed64, doubles);
    assert.deepEqual(doubles, [0.5, -Infinity, 2.5]);
    const varints: number[] = [];
    new ProtoReader(new ProtoWriter().bytes(new ProtoWriter().uint32(1).uint32(300).varint64(0, 1).finish()).finish()).packedUint64(WireType.LengthDelimited, varints);
    new ProtoReader(new ProtoWriter().uint32(5).finish()).packedUint64(WireType.Varint, varints);
    assert.deepEqual(varints, [1, 300, 2 ** 32, 5]);
  });

  it('skips every wire type, including (nested) groups', () => {
    const w = new ProtoWriter()
      .tag(1, WireType.Varint).varint64(0xffffffff, 0xffffffff)
      .tag(2, WireType.Fixed64).fixed64(1)
      .tag(3, WireType.LengthDelimited).bytes(bytes(1, 2, 3))
      .tag(4, WireType.Fixed32).fixed32(1)
      .tag(5, WireType.StartGroup)
      .tag(1, WireType.Varint).uint32(1)
      .tag(6, WireType.StartGroup).tag(2, WireType.Fixed32).fixed32(0).tag(6, WireType.EndGroup)
      .tag(5, WireType.EndGroup)
      .tag(7, WireType.Varint).uint32(42);
    const r = new ProtoReader(w.finish());
    for (let i = 0; i < 5; i++) r.skip(r.tag());
    assert.equal(r.tag(), (7 << 3) | WireType.Varint);
    assert.equal(r.uint32(), 42);
    assert.equal(r.pos, r.len);
  });

  it('rejects malformed input with DecodeError', () => {
    throwsDecode(() => reader(0x00).tag(), /field number 0/);
    throwsDecode(() => reader(0x80).uint32(), /truncated varint/);
    throwsDecode(() => reader().uint32(), /truncated varint/);
    throwsDecode(() => reader(0x80, 0x80).varint64(), /truncated varint/);
    throwsDecode(() => reader(...new Array(11).fill(0xff), 0x01).varint64(), /longer than 10 bytes/);
    throwsDecode(() => reader(...new Array(11).fill(0xff), 0x01).uint32(), /longer than 10 bytes/);
    throwsDecode(() => reader(1, 2, 3).fixed32(), /truncated fixed32/);
    throwsDecode(() => reader(1, 2, 3, 4, 5, 6, 7).fixed64(), /truncated fixed64/);
    throwsDecode(() => reader(1, 2, 3, 4, 5, 6, 7).double(), /truncated double/);
    throwsDecode(() => reader(5, 0x61).string(), /truncated length-delimited/);
    throwsDecode(() => reader(0xff, 0xff, 0xff, 0xff, 0x0f).length(), /truncated length-delimited/);
    throwsDecode(() => reader(...new Array(9).fill(0xff), 0x01).length(), /truncated length-delimited/);
    throwsDecode(() => reader(3, 1, 2, 3).packedFixed64(WireType.LengthDelimited, []), /packed fixed64/);
    throwsDecode(() => reader(2, 0x80, 0x80, 0x01).packedUint64(WireType.LengthDelimited, []));
    throwsDecode(() => reader().skip((1 << 3) | 6), /wire type 6/);
    throwsDecode(() => reader().skip((1 << 3) | 7), /wire type 7/);
    throwsDecode(() => reader().skip((1 << 3) | WireType.EndGroup), /unmatched end-group/);
    throwsDecode(() => reader(0x08, 0x01).skip((1 << 3) | WireType.StartGroup), /truncated group/);
    throwsDecode(() => reader(0x14).skip((1 << 3) | WireType.StartGroup), /closes group 1/);
    throwsDecode(() => {
      const r = reader(0x0b); // a start-group with nothing after it
      r.skip(r.tag());
    }, /truncated group/);
    const deep = new ProtoWriter();
    for (let i = 0; i < 100; i++) deep.tag(1, WireType.StartGroup);
    throwsDecode(() => {
      const r = new ProtoReader(deep.finish());
      r.skip(r.tag());
    }, /nested too deeply/);
  });
});

describe('ProtoWriter', () => {
  it('writes int64 two’s complement, fixed64 of safe integers and refuses unsafe ones', () => {
    for (const v of [0, 1, 300, 2 ** 32, 2 ** 53 - 1, -1, -300, -(2 ** 32), -(2 ** 53 - 1)]) {
      const r = new ProtoReader(new ProtoWriter().int64(v).finish());
      r.varint64();
      assert.equal(int64PartsToValue(r.lo, r.hi), v);
      assert.equal(new ProtoReader(new ProtoWriter().fixed64(v).finish()).sfixed64(), v);
    }
    assert.throws(() => new ProtoWriter().int64(2 ** 53), TypeError);
    assert.throws(() => new ProtoWriter().int64(1.5), TypeError);
  });
});
