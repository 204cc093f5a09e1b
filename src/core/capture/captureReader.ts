/**
 * A capture file (OTLP JSON Lines from the Collector's file exporter or from us, a single OTLP JSON document,
 * plain or gzip) as a stream of documents, one signal each, with the line they start on. What cannot be used is
 * counted and described by line (and, once decoded, by field), and reading goes on with the next value.
 */
import type { Signal } from '../model/records';
import { isObject, type JsonObject } from '../otlp/json/common';
import { openCaptureStream, type SourceLimits } from './captureSource';
import { jsonValues } from './jsonValues';
import { JSON_LAYOUT, SIGNAL_KEYS } from './otlpJsonLayout';

export interface CaptureProblem {
  line: number;
  message: string;
}

/** What reading met; the first problems are kept to show, all are counted. */
export class ReadProblems {
  count = 0;
  readonly first: CaptureProblem[] = [];

  constructor(private readonly keep = 20) {}

  add(line: number, message: string): void {
    this.count++;
    if (this.first.length < this.keep) this.first.push({ line, message });
  }

  /** "line 3: …; line 9: …; and 40 more" */
  describe(): string {
    const shown = this.first.map((p) => `line ${p.line}: ${p.message}`).join('; ');
    return this.count > this.first.length ? `${shown}; and ${this.count - this.first.length} more` : shown;
  }
}

export interface LineDocument {
  line: number;
  signal: Signal;
  /** `{ resourceSpans: […] }` (or metrics, logs): one Export*ServiceRequest. */
  doc: JsonObject;
}

export interface ReadOptions extends SourceLimits {
  /** A value (line or document) longer than this is skipped and counted (default 64 MiB). */
  maxValueBytes?: number;
}

export interface CaptureRead {
  gzip: boolean;
  documents: AsyncGenerator<LineDocument>;
}

export async function readCapture(file: string, problems: ReadProblems, options: ReadOptions = {}): Promise<CaptureRead> {
  const source = await openCaptureStream(file, options);
  return { gzip: source.gzip, documents: documents(source.bytes, problems, options.maxValueBytes ?? 64 * 1024 * 1024) };
}

async function* documents(bytes: AsyncIterable<Buffer>, problems: ReadProblems, maxValueBytes: number): AsyncGenerator<LineDocument> {
  for await (const item of jsonValues(bytes, maxValueBytes)) {
    if (item.kind === 'problem') {
      problems.add(item.line, item.message);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(item.text);
    } catch (err) {
      problems.add(item.line, `invalid JSON (${(err as Error).message})`);
      continue;
    }
    if (!isObject(value)) {
      problems.add(item.line, 'not an OTLP export request: expected a JSON object');
      continue;
    }
    let found = false;
    for (const [key, signal] of SIGNAL_KEYS) {
      const v = value[key];
      if (v === undefined || v === null) continue;
      found = true;
      yield { line: item.line, signal, doc: { [JSON_LAYOUT[signal].resources]: v } };
    }
    if (!found) problems.add(item.line, `not an OTLP export request: no resourceSpans, resourceMetrics or resourceLogs field (keys: ${Object.keys(value).slice(0, 5).join(', ') || 'none'})`);
  }
}
