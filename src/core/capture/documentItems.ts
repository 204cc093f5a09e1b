/** Counts and times of the items in an OTLP/JSON document, walked as plain JSON. */
import type { Signal } from '../model/records';
import { isObject, type JsonObject } from '../otlp/json/common';
import { nanos } from './captureFilter';
import { JSON_LAYOUT, METRIC_DATA_FIELDS } from './otlpJsonLayout';
import type { ItemCounts } from './replayRequest';

function* itemsOf(signal: Signal, doc: JsonObject): Generator<JsonObject> {
  const layout = JSON_LAYOUT[signal];
  for (const r of (doc[layout.resources] as unknown[] | undefined) ?? []) {
    if (!isObject(r)) continue;
    for (const s of (r[layout.scopes] as unknown[] | undefined) ?? []) {
      if (!isObject(s)) continue;
      for (const item of (s[layout.items] as unknown[] | undefined) ?? []) if (isObject(item)) yield item;
    }
  }
}

function* pointsOf(metric: JsonObject): Generator<JsonObject> {
  for (const field of METRIC_DATA_FIELDS) {
    const data = metric[field];
    if (!isObject(data) || !Array.isArray(data.dataPoints)) continue;
    for (const p of data.dataPoints) if (isObject(p)) yield p;
  }
}

export function countItems(signal: Signal, doc: JsonObject, into: ItemCounts): void {
  for (const item of itemsOf(signal, doc)) {
    if (signal === 'traces') into.spans++;
    else if (signal === 'logs') into.logRecords++;
    else for (const _ of pointsOf(item)) into.points++;
  }
}

/** The latest item time in the document (span end, point time, log time), Unix ns; 0n when it has none. */
export function latestTimeNs(signal: Signal, doc: JsonObject): bigint {
  let latest = 0n;
  const see = (t: bigint): void => {
    if (t > latest) latest = t;
  };
  for (const item of itemsOf(signal, doc)) {
    if (signal === 'traces') see(nanos(item.endTimeUnixNano) || nanos(item.startTimeUnixNano));
    else if (signal === 'logs') see(nanos(item.timeUnixNano) || nanos(item.observedTimeUnixNano));
    else for (const p of pointsOf(item)) see(nanos(p.timeUnixNano));
  }
  return latest;
}

/** Adds `deltaNs` to every non-zero `…UnixNano` field, at any depth (events, exemplars too), in place. */
export function shiftTimes(value: unknown, deltaNs: bigint): void {
  if (Array.isArray(value)) {
    for (const v of value) shiftTimes(v, deltaNs);
    return;
  }
  if (!isObject(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (k.endsWith('UnixNano') || k.endsWith('_unix_nano')) {
      const t = nanos(v);
      if (t !== 0n) value[k] = String(t + deltaNs);
    } else if (typeof v === 'object' && v !== null) {
      shiftTimes(v, deltaNs);
    }
  }
}
