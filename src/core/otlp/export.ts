/**
 * The Export core both receivers run for one request of one signal: decode → ingest → the answer, whose
 * outcome says how each transport reports it (outcome.ts). The transports only add what is theirs: reading and
 * bounding the body over HTTP, the call and its status over gRPC.
 */
import { DecodeError, type PayloadBySignal, type Signal } from '../model/records';
import { identify } from '../store/identity';
import type { TelemetryStore } from '../store/store';
import { decode, type Encoding } from './decode';
import { ingest } from './ingest';
import { isSuccess, OUTCOMES, type Outcome } from './outcome';
import { encodeExportResponse, encodeStatus } from './response';

export interface ExportAnswer {
  outcome: Outcome;
  /** Why, for the sender's log and the receiver's last error ('' on full success). */
  message: string;
  /** In the request's encoding: an Export*ServiceResponse on success, else a google.rpc.Status. */
  body: Uint8Array;
}

/** Where an instance last sent, by instance key: the receiver keeps one to tell who a move cuts off. */
export type SenderLog = Map<string, number>;

/** Decodes and ingests one request body; never throws. A body that does not decode is counted as rejected. */
export function exportRequest(store: TelemetryStore, signal: Signal, body: Uint8Array, encoding: Encoding, senders?: SenderLog): ExportAnswer {
  let payload: PayloadBySignal[Signal];
  try {
    payload = decode(signal, body, encoding);
  } catch (err) {
    if (!(err instanceof DecodeError)) return internalError(err, encoding);
    store.countRejectedRequest(signal);
    return refusal('bad-data', `${signal} request is not a valid OTLP ${encoding === 'json' ? 'JSON' : 'protobuf'} message: ${err.message}`, encoding);
  }
  let result;
  try {
    result = ingest(store, signal, payload);
  } catch (err) {
    return internalError(err, encoding);
  }
  if (senders) noteSenders(senders, payload, Date.now());
  const outcome: Outcome = result.rejected !== 0 || result.message !== '' ? 'partial' : 'ok';
  return { outcome, message: result.message, body: encodeExportResponse(signal, result.rejected, result.message, encoding) };
}

/** A request refused before (or instead of) ingesting: the Status body with the outcome's code. */
export function refusal(outcome: Outcome, message: string, encoding: Encoding): ExportAnswer {
  if (isSuccess(outcome)) throw new RangeError(`${outcome} is not a refusal`);
  return { outcome, message, body: encodeStatus(OUTCOMES[outcome].grpc, message, encoding) };
}

export function internalError(err: unknown, encoding: Encoding): ExportAnswer {
  return refusal('internal', `internal error: ${(err as Error)?.message ?? String(err)}`, encoding);
}

/** Senders remembered at most; the least recent go first. */
const MAX_SENDERS = 4096;

/** One entry per resource batch that carried items: the instance it names, now (kept in order of recency). */
function noteSenders(senders: SenderLog, payload: PayloadBySignal[Signal], now: number): void {
  for (const batch of payload) {
    if (batch.items.length === 0) continue;
    const key = identify(batch.resource.attributes).key;
    senders.delete(key);
    senders.set(key, now);
  }
  while (senders.size > MAX_SENDERS) senders.delete(senders.keys().next().value as string);
}
