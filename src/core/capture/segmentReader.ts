/**
 * Reads one segment's records in order. A write cut short (the process killed mid-write) leaves a torn tail, and
 * a damaged disk block a corrupt one: reading stops at the last whole, checked record and says what it skipped,
 * so a bad tail costs only itself and never stops a start-up.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { recordAt, type CapturedRequest } from './recordFormat';

export interface SegmentWarning {
  file: string;
  /** Where the unreadable part starts, in bytes. */
  offset: number;
  skippedBytes: number;
  reason: string;
}

export interface SegmentContents {
  requests: CapturedRequest[];
  /** Bytes of whole records. */
  goodBytes: number;
  warning?: SegmentWarning;
}

export async function readSegment(file: string): Promise<SegmentContents> {
  const buf = await fs.readFile(file);
  return parseSegment(buf, file);
}

export function parseSegment(buf: Buffer, file: string): SegmentContents {
  const requests: CapturedRequest[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const r = recordAt(buf, offset);
    if (r.kind !== 'record') {
      const what = r.kind === 'torn' ? 'a record cut short (the process probably stopped mid-write)' : `unreadable data (${r.reason})`;
      return {
        requests,
        goodBytes: offset,
        warning: { file, offset, skippedBytes: buf.length - offset, reason: `${path.basename(file)}: ${what} at byte ${offset}; ${buf.length - offset} byte(s) skipped${r.kind === 'torn' ? ` (${r.reason})` : ''}` },
      };
    }
    requests.push(r.request);
    offset = r.next;
  }
  return { requests, goodBytes: offset };
}
