/**
 * A capture file loaded into a store of its own, apart from live data: the views show it under its own node so
 * nobody mistakes it for what runs now. Each document is decoded by the receivers' JSON decoder and ingested
 * with the store's clock at the document's latest item time, so "last seen" tells when the data was made.
 */
import * as path from 'node:path';
import { DecodeError, type PayloadBySignal, type Signal } from '../model/records';
import { finalError, type JsonObject } from '../otlp/json/common';
import { logsFromJson } from '../otlp/json/logs';
import { metricsFromJson } from '../otlp/json/metrics';
import { tracesFromJson } from '../otlp/json/traces';
import { ingest } from '../otlp/ingest';
import type { StoreLimits } from '../store/limits';
import { TelemetryStore } from '../store/store';
import { ReplayClock } from './clock';
import { readCapture, ReadProblems, type CaptureProblem, type ReadOptions } from './captureReader';
import { latestTimeNs } from './documentItems';
import { addCounts, itemCounts, type ItemCounts } from './replayRequest';

export interface CaptureSummary {
  id: string;
  /** The file's name: what the capture node is called. */
  name: string;
  path: string;
  gzip: boolean;
  requests: Record<Signal, number>;
  /** Items read (the store's caps may have evicted some of them; its counters say how many). */
  items: ItemCounts;
  instances: number;
  /** Lines (or values) that could not be used, all counted; the first ones described. */
  problems: { count: number; first: CaptureProblem[]; text: string };
  /** Item times covered, Unix ms; undefined when there were no items. */
  fromMs?: number;
  toMs?: number;
  elapsedMs: number;
}

export class OpenedCapture {
  private constructor(
    readonly summary: CaptureSummary,
    readonly store: TelemetryStore,
  ) {}

  /**
   * Reads the whole file. Throws CaptureReadError when the file itself cannot be used (unreadable, bad gzip, a gzip
   * bomb); bad lines only count as problems. A file without a single usable request throws too, naming the first
   * problems, since an empty capture would only puzzle.
   */
  static async open(file: string, id: string, options: ReadOptions & { limits?: Partial<StoreLimits> } = {}): Promise<OpenedCapture> {
    const t0 = performance.now();
    const clock = new ReplayClock();
    const store = new TelemetryStore(options.limits, { now: clock.now, changeIntervalMs: 250 });
    const problems = new ReadProblems();
    const requests: Record<Signal, number> = { traces: 0, metrics: 0, logs: 0 };
    const items = itemCounts();
    let fromNs = 0n;
    let toNs = 0n;
    let lastMs = Date.now();
    const read = await readCapture(file, problems, options);
    try {
      for await (const { line, signal, doc } of read.documents) {
        let payload: PayloadBySignal[Signal];
        try {
          payload = decodeDocument(signal, doc);
        } catch (err) {
          if (!(err instanceof DecodeError)) throw err;
          problems.add(line, err.message.replace(/^invalid OTLP\/JSON: /, ''));
          continue;
        }
        requests[signal]++;
        addCounts(signal, payload, items);
        const t = latestTimeNs(signal, doc);
        if (t > 0n) {
          lastMs = Number(t / 1_000_000n);
          if (fromNs === 0n || t < fromNs) fromNs = t;
          if (t > toNs) toNs = t;
        }
        clock.at(lastMs, () => ingest(store, signal, payload));
      }
    } catch (err) {
      store.dispose();
      throw err;
    }
    const total = requests.traces + requests.metrics + requests.logs;
    if (total === 0) {
      store.dispose();
      throw new DecodeError(`${path.basename(file)} holds no OTLP data${problems.count ? `: ${problems.describe()}` : ' (it is empty)'}`);
    }
    store.flushChanges();
    const summary: CaptureSummary = {
      id,
      name: path.basename(file),
      path: file,
      gzip: read.gzip,
      requests,
      items,
      instances: store.instances.size,
      problems: { count: problems.count, first: problems.first, text: problems.describe() },
      fromMs: fromNs ? Number(fromNs / 1_000_000n) : undefined,
      toMs: toNs ? Number(toNs / 1_000_000n) : undefined,
      elapsedMs: performance.now() - t0,
    };
    return new OpenedCapture(summary, store);
  }

  dispose(): void {
    this.store.dispose();
  }
}

/** One document through the receivers' JSON decoder (already parsed); a shape error names its field path. */
function decodeDocument(signal: Signal, doc: JsonObject): PayloadBySignal[Signal] {
  try {
    return signal === 'traces' ? tracesFromJson(doc) : signal === 'metrics' ? metricsFromJson(doc) : logsFromJson(doc);
  } catch (err) {
    throw finalError(err);
  }
}
