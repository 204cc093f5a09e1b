/** A capture (recorded requests) out as OTLP JSON Lines, whole or filtered (captureFilter.ts). */
import type { Signal } from '../model/records';
import { canonicalJson } from './canonicalJson';
import { filterDocument, isEmptyFilter, type CaptureFilter } from './captureFilter';
import { countItems } from './documentItems';
import { JsonLinesWriter } from './jsonLinesWriter';
import type { ItemCounts } from './replayRequest';
import type { CapturedRequest } from './recordFormat';
import type { JsonObject } from '../otlp/json/common';

export interface ExportOptions {
  filter?: CaptureFilter;
  /** Default: when the file name ends in .gz. */
  gzip?: boolean;
}

export interface ExportSummary {
  file: string;
  gzip: boolean;
  /** Lines written: one request each. */
  lines: number;
  requests: Record<Signal, number>;
  items: ItemCounts;
  /** Requests that held nothing the filter keeps. */
  skipped: number;
  /** Recorded requests that could not be read back (should not happen: they were accepted once). */
  unreadable: number;
  elapsedMs: number;
}

/** A request as one canonical OTLP/JSON document of its signal. */
export interface CaptureDocument {
  signal: Signal;
  doc: JsonObject;
}

/** Recorded requests (segments) as documents; a body that no longer transcodes is counted, not thrown. */
async function* documentsOf(requests: AsyncIterable<CapturedRequest>, unreadable: { count: number }): AsyncGenerator<CaptureDocument> {
  for await (const r of requests) {
    let text: string;
    try {
      text = canonicalJson(r.signal, r.encoding, r.body);
    } catch {
      unreadable.count++;
      continue;
    }
    yield { signal: r.signal, doc: JSON.parse(text) as JsonObject };
  }
}

export async function exportDocuments(documents: AsyncIterable<CaptureDocument>, file: string, options: ExportOptions = {}, unreadable = { count: 0 }): Promise<ExportSummary> {
  const t0 = performance.now();
  const writer = new JsonLinesWriter(file, options.gzip ?? file.endsWith('.gz'));
  const summary: ExportSummary = { file, gzip: writer.gzip, lines: 0, requests: { traces: 0, metrics: 0, logs: 0 }, items: { spans: 0, points: 0, logRecords: 0 }, skipped: 0, unreadable: 0, elapsedMs: 0 };
  const filtering = !isEmptyFilter(options.filter);
  try {
    for await (const { signal, doc } of documents) {
      const kept = filtering ? filterDocument(signal, doc, options.filter!) : doc;
      if (!kept) {
        summary.skipped++;
        continue;
      }
      countItems(signal, kept, summary.items);
      summary.requests[signal]++;
      await writer.writeLine(JSON.stringify(kept));
    }
    await writer.finish();
  } catch (err) {
    await writer.abort();
    throw err;
  }
  summary.lines = writer.lines;
  summary.unreadable = unreadable.count;
  summary.elapsedMs = performance.now() - t0;
  return summary;
}

/** Recorded requests to a JSON Lines file. */
export function exportRequests(requests: AsyncIterable<CapturedRequest>, file: string, options: ExportOptions = {}): Promise<ExportSummary> {
  const unreadable = { count: 0 };
  return exportDocuments(documentsOf(requests, unreadable), file, options, unreadable);
}
