/**
 * A minimal protobuf writer, enough for the receiver's responses (Export*ServiceResponse, google.rpc.Status)
 * and for tests that build messages by hand. Not on the hot path: it favours plain code over speed.
 */
import { WireType } from './reader';

const utf8 = new TextEncoder();

export class ProtoWriter {
  private out: number[] = [];

  get length(): number {
    return this.out.length;
  }

  tag(field: number, wireType: number): this {
    return this.uint32(((field << 3) | wireType) >>> 0);
  }

  /** An unsigned varint of up to 32 bits. */
  uint32(value: number): this {
    let v = value >>> 0;
    while (v >= 0x80) {
      this.out.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    this.out.push(v);
    return this;
  }

  /** A 64-bit varint from its two unsigned 32-bit halves. */
  varint64(lo: number, hi: number): this {
    lo >>>= 0;
    hi >>>= 0;
    while (hi !== 0 || lo >= 0x80) {
      this.out.push((lo & 0x7f) | 0x80);
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    this.out.push(lo);
    return this;
  }

  /** int64 / int32 / enum varint of a safe integer; negatives take ten bytes, as protobuf sign-extends them. */
  int64(value: number): this {
    const [lo, hi] = split64(value);
    return this.varint64(lo, hi);
  }

  sint32(value: number): this {
    return this.uint32(((value << 1) ^ (value >> 31)) >>> 0);
  }

  bool(value: boolean): this {
    this.out.push(value ? 1 : 0);
    return this;
  }

  fixed32(value: number): this {
    const v = value >>> 0;
    this.out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24);
    return this;
  }

  /** fixed64 / sfixed64 of a safe integer. */
  fixed64(value: number): this {
    const [lo, hi] = split64(value);
    return this.fixed32(lo).fixed32(hi);
  }

  /** fixed64 from its two unsigned 32-bit halves. */
  fixed64Parts(lo: number, hi: number): this {
    return this.fixed32(lo).fixed32(hi);
  }

  double(value: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    for (const x of b) this.out.push(x);
    return this;
  }

  float(value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    for (const x of b) this.out.push(x);
    return this;
  }

  /** Length-delimited raw bytes (bytes fields, packed runs, embedded messages already encoded). */
  bytes(value: Uint8Array): this {
    this.uint32(value.length);
    for (const x of value) this.out.push(x);
    return this;
  }

  string(value: string): this {
    return this.bytes(utf8.encode(value));
  }

  /** Appends bytes as they are, with no length prefix. */
  raw(value: Uint8Array): this {
    for (const x of value) this.out.push(x);
    return this;
  }

  // Field helpers: tag and value together.
  stringField(field: number, value: string): this {
    return this.tag(field, WireType.LengthDelimited).string(value);
  }

  bytesField(field: number, value: Uint8Array): this {
    return this.tag(field, WireType.LengthDelimited).bytes(value);
  }

  messageField(field: number, message: ProtoWriter | Uint8Array): this {
    return this.bytesField(field, message instanceof ProtoWriter ? message.finish() : message);
  }

  int64Field(field: number, value: number): this {
    return this.tag(field, WireType.Varint).int64(value);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

/** A safe integer's two's-complement 64-bit halves [lo, hi], unsigned. */
function split64(value: number): [number, number] {
  if (!Number.isSafeInteger(value)) throw new TypeError(`not a safe integer: ${value}`);
  if (value >= 0) return [value % 0x100000000 >>> 0, Math.floor(value / 0x100000000) >>> 0];
  const m = -value;
  let lo = m % 0x100000000 >>> 0;
  let hi = Math.floor(m / 0x100000000) >>> 0;
  // Negate: invert and add one.
  lo = (~lo + 1) >>> 0;
  hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
  return [lo, hi];
}
