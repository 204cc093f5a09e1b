/**
 * The segment files' record: a fixed 24-byte header, then the request body as it was accepted.
 *
 *   0  u32  magic 'TIR1' (a record starts here; a torn or shifted tail does not look like one)
 *   4  u8   signal (0 traces, 1 metrics, 2 logs)
 *   5  u8   encoding (0 protobuf, 1 json)
 *   6  u16  reserved (0)
 *   8  f64  receive time, Unix ms
 *  16  u32  body length
 *  20  u32  CRC-32 of bytes 0–19 and the body
 *
 * Little-endian. The checksum covers the header too, so a corrupt length is caught before it is trusted.
 */
import { crc32 } from 'node:zlib';
import type { Signal } from '../model/records';
import type { Encoding } from '../otlp/decode';

const RECORD_MAGIC = 0x31524954; // 'TIR1' read as little-endian
export const HEADER_BYTES = 24;
/** No request the receivers accept is larger (their body limit is far below); a bigger length is corruption. */
const MAX_RECORD_BODY = 1024 * 1024 * 1024;

const SIGNAL_CODES: readonly Signal[] = ['traces', 'metrics', 'logs'];
const ENCODING_CODES: readonly Encoding[] = ['protobuf', 'json'];

/** One accepted request as kept on disk. */
export interface CapturedRequest {
  signal: Signal;
  encoding: Encoding;
  /** When the receiver accepted it (Unix ms): the store's clock while it is replayed. */
  receivedAtMs: number;
  body: Uint8Array;
}

/** Header and body of one record, ready to append. */
export function encodeRecord(request: CapturedRequest): Buffer[] {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(RECORD_MAGIC, 0);
  header.writeUInt8(SIGNAL_CODES.indexOf(request.signal), 4);
  header.writeUInt8(ENCODING_CODES.indexOf(request.encoding), 5);
  header.writeDoubleLE(request.receivedAtMs, 8);
  header.writeUInt32LE(request.body.byteLength, 16);
  header.writeUInt32LE(crc32(request.body, crc32(header.subarray(0, 20))), 20);
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
  return [header, body];
}

export type RecordAt =
  | { kind: 'record'; request: CapturedRequest; next: number }
  /** The bytes end inside this record: a write cut short (the process died mid-write). */
  | { kind: 'torn'; reason: string }
  /** The bytes here are not a record (bad magic, code or checksum). */
  | { kind: 'corrupt'; reason: string };

/** Reads the record that starts at `offset`; the caller stops at anything but a whole, checked record. */
export function recordAt(buf: Buffer, offset: number): RecordAt {
  const left = buf.length - offset;
  if (left < HEADER_BYTES) return { kind: 'torn', reason: `${left} byte(s) of a record header` };
  if (buf.readUInt32LE(offset) !== RECORD_MAGIC) return { kind: 'corrupt', reason: 'no record marker' };
  const signal = SIGNAL_CODES[buf.readUInt8(offset + 4)];
  const encoding = ENCODING_CODES[buf.readUInt8(offset + 5)];
  const length = buf.readUInt32LE(offset + 16);
  const sum = buf.readUInt32LE(offset + 20);
  if (!signal || !encoding || length > MAX_RECORD_BODY) {
    // A header whose own checksum cannot be checked yet: wrong codes mean corruption, not a short write.
    return { kind: 'corrupt', reason: 'a record header with impossible values' };
  }
  if (left < HEADER_BYTES + length) return { kind: 'torn', reason: `${left - HEADER_BYTES} of ${length} body bytes` };
  const body = buf.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + length);
  if (crc32(body, crc32(buf.subarray(offset, offset + 20))) !== sum) return { kind: 'corrupt', reason: 'checksum mismatch' };
  return { kind: 'record', request: { signal, encoding, receivedAtMs: buf.readDoubleLE(offset + 8), body }, next: offset + HEADER_BYTES + length };
}
