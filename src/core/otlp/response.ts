/**
 * The receiver's response bodies, in the request's encoding: Export{Trace,Metrics,Logs}ServiceResponse
 * (partial_success only when something was rejected or there is a message) and google.rpc.Status for errors.
 */
import type { Signal } from '../model/records';
import type { Encoding } from './decode';
import { ProtoWriter } from './protobuf/writer';
import { WireType } from './protobuf/reader';

/** ExportPartialSuccess field 1 per signal, in its JSON (lowerCamelCase) spelling. */
const REJECTED_JSON_NAME: Record<Signal, string> = {
  traces: 'rejectedSpans',
  metrics: 'rejectedDataPoints',
  logs: 'rejectedLogRecords',
};

const utf8 = new TextEncoder();
const EMPTY = new Uint8Array(0);

/**
 * Export*ServiceResponse { 1: partial_success { 1: rejected_<items> int64, 2: error_message } }.
 * Full success (nothing rejected, no message) is the empty message: zero bytes, or `{}` in JSON.
 * A message with nothing rejected is allowed too: the spec uses it for warnings.
 */
export function encodeExportResponse(signal: Signal, rejected: number, errorMessage: string, encoding: Encoding): Uint8Array {
  rejected = count(rejected);
  const hasPartial = rejected !== 0 || errorMessage !== '';
  if (encoding === 'json') {
    if (!hasPartial) return utf8.encode('{}');
    const partial: Record<string, string> = {};
    // proto3 JSON writes int64 as a decimal string and leaves out fields at their default.
    if (rejected !== 0) partial[REJECTED_JSON_NAME[signal]] = String(rejected);
    if (errorMessage !== '') partial.errorMessage = errorMessage;
    return utf8.encode(JSON.stringify({ partialSuccess: partial }));
  }
  if (!hasPartial) return EMPTY;
  const partial = new ProtoWriter();
  if (rejected !== 0) partial.int64Field(1, rejected);
  if (errorMessage !== '') partial.stringField(2, errorMessage);
  return new ProtoWriter().messageField(1, partial).finish();
}

/** A count as int64 can carry it: a whole, non-negative, safe number (a bad count must not break the response). */
function count(n: number): number {
  if (Number.isSafeInteger(n) && n >= 0) return n;
  return Number.isFinite(n) && n > 0 ? Math.min(Math.trunc(n), Number.MAX_SAFE_INTEGER) : 0;
}

/** google.rpc.Status { 1: code int32, 2: message, 3: details (never sent) }. */
export function encodeStatus(code: number, message: string, encoding: Encoding): Uint8Array {
  if (encoding === 'json') {
    const status: { code?: number; message?: string } = {};
    if (code !== 0) status.code = code;
    if (message !== '') status.message = message;
    return utf8.encode(JSON.stringify(status));
  }
  const w = new ProtoWriter();
  if (code !== 0) w.tag(1, WireType.Varint).int64(code | 0);
  if (message !== '') w.stringField(2, message);
  return w.finish();
}
