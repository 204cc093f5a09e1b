/**
 * 64-bit integers between their OTLP/JSON text (a decimal string, or a JSON number) and their two unsigned
 * 32-bit halves on the wire, exactly: values past 2^53 go through BigInt instead of a rounding double.
 */
import { DecodeError } from '../../model/records';

const TWO_32 = 4294967296;
const DECIMAL = /^-?[0-9]+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** [lo, hi] of a JSON value holding a 64-bit integer; negative signed values in two's complement. */
export function int64Parts(v: unknown, signed: boolean, path: string): [number, number] {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return [v % TWO_32 >>> 0, Math.floor(v / TWO_32) >>> 0];
  let big: bigint;
  if (typeof v === 'number' && Number.isInteger(v)) big = BigInt(v);
  else if (typeof v === 'string' && DECIMAL.test(v)) big = BigInt(v);
  else throw new DecodeError(`${path}: expected a 64-bit integer (number or decimal string), got ${JSON.stringify(v)}`);
  if (signed ? big < INT64_MIN || big > INT64_MAX : big < 0n || big > UINT64_MAX) {
    throw new DecodeError(`${path}: ${big} is out of the ${signed ? 'signed' : 'unsigned'} 64-bit range`);
  }
  const u = BigInt.asUintN(64, big);
  return [Number(u & 0xffffffffn), Number(u >> 32n)];
}

/** The decimal text of a 64-bit value read as two unsigned halves. */
export function int64Text(lo: number, hi: number, signed: boolean): string {
  if (hi < 0x200000) return String(hi * TWO_32 + lo);
  const u = (BigInt(hi) << 32n) | BigInt(lo);
  return (signed ? BigInt.asIntN(64, u) : u).toString();
}
