/** One recorded request into a store, through the receivers' own decoder, at the time it was received. */
import { DecodeError, type PayloadBySignal, type Signal } from '../model/records';
import { decode } from '../otlp/decode';
import { ingest } from '../otlp/ingest';
import type { TelemetryStore } from '../store/store';
import type { ReplayClock } from './clock';
import type { CapturedRequest } from './recordFormat';

export interface ItemCounts {
  spans: number;
  points: number;
  logRecords: number;
}

export function itemCounts(): ItemCounts {
  return { spans: 0, points: 0, logRecords: 0 };
}

/** Ingests the request; false when its body does not decode (counted by the caller, never thrown). */
export function replayRequest(store: TelemetryStore, clock: ReplayClock, request: CapturedRequest, counts: ItemCounts): boolean {
  let payload: PayloadBySignal[Signal];
  try {
    payload = decode(request.signal, request.body, request.encoding);
  } catch (err) {
    if (err instanceof DecodeError) return false;
    throw err;
  }
  addCounts(request.signal, payload, counts);
  clock.at(request.receivedAtMs, () => ingest(store, request.signal, payload));
  return true;
}

export function addCounts(signal: Signal, payload: PayloadBySignal[Signal], counts: ItemCounts): void {
  for (const batch of payload) {
    if (signal === 'traces') counts.spans += batch.items.length;
    else if (signal === 'logs') counts.logRecords += batch.items.length;
    else for (const m of (batch as PayloadBySignal['metrics'][number]).items) counts.points += m.points.length;
  }
}
