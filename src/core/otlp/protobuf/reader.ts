/**
 * A small protobuf wire-format reader over a Uint8Array, made for the OTLP decoders' hot path.
 *
 * One reader walks the whole body; message decoders take the reader and the end offset of their message
 * and loop `while (r.pos < end)`, switching on the full tag (field number << 3 | wire type) so a known
 * field arriving with an unexpected wire type falls through to `skip` like any unknown field.
 * Every read is bounds-checked and throws DecodeError, never RangeError: the body comes from the network.
 */
import { DecodeError } from '../../model/records';

/** Wire types. 3 and 4 (groups) are proto2-only; they are skipped as unknown fields, never produced. */
export const WireType = { Varint: 0, Fixed64: 1, LengthDelimited: 2, StartGroup: 3, EndGroup: 4, Fixed32: 5 } as const;

const TWO_32 = 4294967296;
/** Nesting allowed for skipped groups; real OTLP never has any. */
const MAX_GROUP_DEPTH = 64;
/** ASCII strings up to this length go through the intern table. */
// Long enough for user agents, SQL statements and URLs, which repeat across spans as much as keys do.
const INTERN_MAX_LENGTH = 128;
const INTERN_BITS = 12;
/** Recently decoded short strings by hash of their bytes; shared by all readers (decoding is synchronous). */
const interned: string[] = new Array<string>(1 << INTERN_BITS).fill('');


export class ProtoReader {
  readonly buf: Uint8Array;
  /** A Buffer over the same memory (no copy), for Node's native string decoders. */
  readonly bytes: Buffer;
  pos: number;
  readonly len: number;
  /** The two halves of the last 64-bit value read by `varint64` / `fixed64Parts`, as unsigned 32-bit numbers. */
  lo = 0;
  hi = 0;
  private readonly view: DataView;

  constructor(buf: Uint8Array) {
    this.buf = buf;
    this.bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = 0;
    this.len = buf.length;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Reads a field tag. Tags are uint32 varints; field number 0 is invalid. */
  tag(): number {
    const t = this.uint32();
    if (t >>> 3 === 0) throw new DecodeError(`invalid protobuf: field number 0 at offset ${this.pos}`);
    return t;
  }

  /** A varint's low 32 bits, unsigned (uint32, and the low word of larger values). */
  uint32(): number {
    const buf = this.buf;
    const pos = this.pos;
    if (pos < this.len) {
      const b = buf[pos];
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    return this.varint32Slow() >>> 0;
  }

  /** int32 and enums: negative values are sent as 10-byte sign-extended varints; keep the low 32 bits, signed. */
  int32(): number {
    const buf = this.buf;
    const pos = this.pos;
    if (pos < this.len) {
      const b = buf[pos];
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    return this.varint32Slow() | 0;
  }

  /** sint32 (zigzag). */
  sint32(): number {
    const n = this.uint32();
    return (n >>> 1) ^ -(n & 1);
  }

  bool(): boolean {
    // Any non-zero varint is true; read the whole varint so a 10-byte encoding does not desync.
    const b = this.pos < this.len ? this.buf[this.pos] : 0x80;
    if (b < 0x80) {
      this.pos++;
      return b !== 0;
    }
    this.varint64();
    return (this.lo | this.hi) !== 0;
  }

  private varint32Slow(): number {
    const buf = this.buf;
    const len = this.len;
    let pos = this.pos;
    let result = 0;
    for (let i = 0; i < 10; i++) {
      if (pos >= len) throw this.truncated('varint');
      const b = buf[pos++];
      if (i < 5) result |= (b & 0x7f) << (7 * i);
      if (b < 0x80) {
        this.pos = pos;
        return result;
      }
    }
    throw new DecodeError(`invalid protobuf: varint longer than 10 bytes at offset ${this.pos}`);
  }

  /** Reads a varint of up to 64 bits into `lo` / `hi`. */
  varint64(): void {
    const buf = this.buf;
    const len = this.len;
    let pos = this.pos;
    let lo = 0;
    let hi: number;
    let b: number;
    // Bytes 0-3 carry bits 0-27.
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= len) throw this.truncated('varint');
      b = buf[pos++];
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        this.lo = lo >>> 0;
        this.hi = 0;
        return;
      }
    }
    // Byte 4 carries bits 28-34: four into lo, three into hi.
    if (pos >= len) throw this.truncated('varint');
    b = buf[pos++];
    lo |= (b & 0x0f) << 28;
    hi = (b & 0x7f) >> 4;
    if (b >= 0x80) {
      // Bytes 5-9 carry bits 35-63 (the 10th byte's bit 0 is bit 63; higher bits are dropped, as protobuf does).
      let done = false;
      for (let shift = 3; shift < 38; shift += 7) {
        if (pos >= len) throw this.truncated('varint');
        b = buf[pos++];
        hi |= (b & 0x7f) << shift;
        if (b < 0x80) {
          done = true;
          break;
        }
      }
      if (!done) throw new DecodeError(`invalid protobuf: varint longer than 10 bytes at offset ${this.pos}`);
    }
    this.pos = pos;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** uint64 varint as a double (exact up to 2^53). */
  uint64(): number {
    const buf = this.buf;
    const pos = this.pos;
    if (pos < this.len) {
      const b = buf[pos];
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    this.varint64();
    return this.hi * TWO_32 + this.lo;
  }

  /** A length prefix, checked against what is left of the body. */
  length(): number {
    const buf = this.buf;
    let pos = this.pos;
    let n: number;
    if (pos < this.len && buf[pos] < 0x80) {
      n = buf[pos];
      this.pos = ++pos;
    } else {
      this.varint64();
      pos = this.pos;
      if (this.hi !== 0) throw this.truncated('length-delimited field');
      n = this.lo;
    }
    if (n > this.len - pos) throw this.truncated('length-delimited field');
    return n;
  }

  /** Reads 8 little-endian bytes into `lo` / `hi`. */
  fixed64Parts(): void {
    const pos = this.pos;
    if (pos + 8 > this.len) throw this.truncated('fixed64');
    const buf = this.buf;
    this.lo = (buf[pos] | (buf[pos + 1] << 8) | (buf[pos + 2] << 16) | (buf[pos + 3] << 24)) >>> 0;
    this.hi = (buf[pos + 4] | (buf[pos + 5] << 8) | (buf[pos + 6] << 16) | (buf[pos + 7] << 24)) >>> 0;
    this.pos = pos + 8;
  }

  /** fixed64 as a double: hi * 2^32 + lo, one rounding, so it equals Number() of the decimal value. */
  fixed64(): number {
    this.fixed64Parts();
    return this.hi * TWO_32 + this.lo;
  }

  /** sfixed64 as a double. */
  sfixed64(): number {
    this.fixed64Parts();
    return int64PartsToNumber(this.lo, this.hi);
  }

  fixed32(): number {
    const pos = this.pos;
    if (pos + 4 > this.len) throw this.truncated('fixed32');
    const buf = this.buf;
    this.pos = pos + 4;
    return (buf[pos] | (buf[pos + 1] << 8) | (buf[pos + 2] << 16) | (buf[pos + 3] << 24)) >>> 0;
  }

  double(): number {
    const pos = this.pos;
    if (pos + 8 > this.len) throw this.truncated('double');
    this.pos = pos + 8;
    return this.view.getFloat64(pos, true);
  }

  float(): number {
    const pos = this.pos;
    if (pos + 4 > this.len) throw this.truncated('float');
    this.pos = pos + 4;
    return this.view.getFloat32(pos, true);
  }

  /** A length-delimited UTF-8 string; invalid sequences become U+FFFD rather than failing the whole batch. */
  string(): string {
    const n = this.length();
    const start = this.pos;
    const end = start + n;
    this.pos = end;
    if (n === 0) return '';
    const buf = this.buf;
    if (n <= INTERN_MAX_LENGTH) {
      // Short ASCII strings (attribute keys, names, user agents, statements) repeat across items: reuse the string
      // decoded last time, which saves the allocation and makes keyed stores cheap. The hash samples the length and
      // up to 16 bytes at the ends, so a hit costs one comparison pass and a miss falls through to native decoding.
      let h = Math.imul(0x811c9dc5 ^ n, 16777619);
      const head = n < 8 ? end : start + 8;
      for (let i = start; i < head; i++) h = Math.imul(h ^ buf[i], 16777619);
      for (let i = Math.max(head, end - 8); i < end; i++) h = Math.imul(h ^ buf[i], 16777619);
      const slot = h >>> (32 - INTERN_BITS);
      const cached = interned[slot];
      if (cached.length === n) {
        // The cache holds ASCII only, so a byte >= 0x80 can never match.
        let i = 0;
        while (i < n && cached.charCodeAt(i) === buf[start + i]) i++;
        if (i === n) return cached;
      }
      for (let i = start; i < end; i++) if (buf[i] >= 0x80) return this.bytes.toString('utf8', start, end);
      const s = this.bytes.toString('latin1', start, end);
      interned[slot] = s;
      return s;
    }
    return this.bytes.toString('utf8', start, end);
  }

  /** A length-delimited bytes field as lowercase hex ('' when empty). */
  bytesHex(): string {
    const n = this.length();
    const start = this.pos;
    const end = start + n;
    this.pos = end;
    // Node's native hex encoder: one flat string, where appending per byte leaves a chain of wrappers behind.
    return n === 0 ? '' : this.bytes.toString('hex', start, end);
  }

  /** A length-delimited bytes field as standard base64. */
  bytesBase64(): string {
    const n = this.length();
    const start = this.pos;
    this.pos = start + n;
    return Buffer.from(this.buf.buffer, this.buf.byteOffset + start, n).toString('base64');
  }

  /** Reads the length of an embedded message and returns its end offset; `pos` is then at its first byte. */
  messageEnd(): number {
    const n = this.length();
    return this.pos + n;
  }

  /** Reads one double, or a packed run of them, appending to `out`. */
  packedDouble(wireType: number, out: number[]): void {
    if (wireType === WireType.Fixed64) {
      out.push(this.double());
      return;
    }
    const end = this.messageEnd();
    if ((end - this.pos) % 8 !== 0) throw new DecodeError(`invalid protobuf: packed double run of ${end - this.pos} bytes`);
    const view = this.view;
    for (let p = this.pos; p < end; p += 8) out.push(view.getFloat64(p, true));
    this.pos = end;
  }

  /** Reads one fixed64, or a packed run of them, appending to `out`. */
  packedFixed64(wireType: number, out: number[]): void {
    if (wireType === WireType.Fixed64) {
      out.push(this.fixed64());
      return;
    }
    const end = this.messageEnd();
    if ((end - this.pos) % 8 !== 0) throw new DecodeError(`invalid protobuf: packed fixed64 run of ${end - this.pos} bytes`);
    while (this.pos < end) out.push(this.fixed64());
  }

  /** Reads one uint64 varint, or a packed run of them, appending to `out`. */
  packedUint64(wireType: number, out: number[]): void {
    if (wireType === WireType.Varint) {
      out.push(this.uint64());
      return;
    }
    const end = this.messageEnd();
    while (this.pos < end) out.push(this.uint64());
    if (this.pos !== end) throw new DecodeError('invalid protobuf: packed varint run overruns its length');
  }

  /** Skips the value of a field whose tag was just read. */
  skip(tag: number): void {
    switch (tag & 7) {
      case WireType.Varint:
        this.skipVarint();
        return;
      case WireType.Fixed64:
        this.skipBytes(8);
        return;
      case WireType.LengthDelimited: {
        const n = this.length(); // read before `this.pos` is: the prefix moves it
        this.pos += n;
        return;
      }
      case WireType.Fixed32:
        this.skipBytes(4);
        return;
      case WireType.StartGroup:
        this.skipGroup(tag >>> 3);
        return;
      case WireType.EndGroup:
        throw new DecodeError(`invalid protobuf: unmatched end-group for field ${tag >>> 3} at offset ${this.pos}`);
      default:
        throw new DecodeError(`invalid protobuf: wire type ${tag & 7} for field ${tag >>> 3} at offset ${this.pos}`);
    }
  }

  private skipVarint(): void {
    const buf = this.buf;
    const len = this.len;
    let pos = this.pos;
    for (let i = 0; i < 10; i++) {
      if (pos >= len) throw this.truncated('varint');
      if (buf[pos++] < 0x80) {
        this.pos = pos;
        return;
      }
    }
    throw new DecodeError(`invalid protobuf: varint longer than 10 bytes at offset ${this.pos}`);
  }

  private skipBytes(n: number): void {
    if (this.pos + n > this.len) throw this.truncated(n === 8 ? 'fixed64' : 'fixed32');
    this.pos += n;
  }

  /** Skips a (proto2) group up to its matching end-group tag, iteratively with bounded depth. */
  private skipGroup(field: number): void {
    const open: number[] = [field];
    while (open.length > 0) {
      if (this.pos >= this.len) throw this.truncated('group');
      const t = this.tag();
      const wt = t & 7;
      if (wt === WireType.EndGroup) {
        if (t >>> 3 !== open[open.length - 1]) {
          throw new DecodeError(`invalid protobuf: end-group for field ${t >>> 3} closes group ${open[open.length - 1]}`);
        }
        open.pop();
      } else if (wt === WireType.StartGroup) {
        if (open.length >= MAX_GROUP_DEPTH) throw new DecodeError('invalid protobuf: groups nested too deeply');
        open.push(t >>> 3);
      } else {
        this.skip(t);
      }
    }
  }

  /** Every message decoder ends with this: a field that ran past the message's end means a corrupt length. */
  checkEnd(end: number, what: string): void {
    if (this.pos !== end) {
      throw new DecodeError(`invalid protobuf: a field of ${what} overruns the message (offset ${this.pos}, message ends at ${end})`);
    }
  }

  truncated(what: string): DecodeError {
    return new DecodeError(`invalid protobuf: truncated ${what} at offset ${this.pos} of ${this.len}`);
  }
}

/** A signed 64-bit two's-complement value as a double, with a single rounding. */
function int64PartsToNumber(lo: number, hi: number): number {
  if (hi < 0x80000000) return hi * TWO_32 + lo;
  // Negative: magnitude = ~value + 1; (~lo >>> 0) + 1 is at most 2^32, exact, so only the final sum rounds.
  return -(((~hi) >>> 0) * TWO_32 + (((~lo) >>> 0) + 1));
}

/**
 * A signed 64-bit value as the engine keeps int64 attribute values: a number when it is a safe integer,
 * else its exact decimal string.
 */
export function int64PartsToValue(lo: number, hi: number): number | string {
  const n = int64PartsToNumber(lo, hi);
  if (Number.isSafeInteger(n)) return n;
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
}
