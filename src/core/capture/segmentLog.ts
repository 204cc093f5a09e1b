/**
 * The append-only log of accepted requests: records (recordFormat.ts) appended to numbered segment files in one
 * directory, within a byte budget (the oldest segments go first, counted).
 *
 * Writing never blocks the receivers: `append` only queues the bytes and returns; one write loop batches what
 * queued while the previous write ran. fsync policy: none per write (the bytes reach the OS at once, so a killed
 * process loses at most the batch in flight, and a torn record it leaves is skipped on the next read); a segment
 * is fsynced when it is closed (rolled, flushed at stop, closed), so a power cut can cost the open segment's
 * latest writes. A failing disk (full, read-only, removed) turns the log into an error state: what arrives is
 * dropped and counted, the engine goes on in memory, and writing is tried again after `retryAfterMs`.
 */
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { encodeRecord, HEADER_BYTES, type CapturedRequest } from './recordFormat';
import { listSegments, segmentName } from './segmentFiles';
import { readSegment, type SegmentWarning } from './segmentReader';
import { tally, type PersistenceStatus, type Tally } from './persistStatus';

const DEFAULT_BUDGET_BYTES = 256 * 1024 * 1024;

export interface SegmentLogOptions {
  dir: string;
  /** Bytes on disk at most (default 256 MB); the oldest segments are deleted past it. */
  budgetBytes?: number;
  /** A segment is closed and a new one begun past this size (default budget / 8, at least 1 MB). */
  segmentBytes?: number;
  /** Bytes queued for the disk at most (default 64 MB); past it new requests are dropped (counted). */
  maxPendingBytes?: number;
  /** After a disk error, writing is tried again this long after (default 30 s). */
  retryAfterMs?: number;
  /** Called when the state or the held size changes in a way a view shows (error, recovery, budget drops). */
  onChange?: () => void;
  now?: () => number;
}

interface Segment {
  path: string;
  seq: number;
  bytes: number;
  records: number;
}

/** Batches above this are written in several writes, so one huge backlog does not hold a giant Buffer. */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

export class SegmentLog {
  readonly dir: string;
  readonly budgetBytes: number;
  private readonly segmentBytes: number;
  private readonly maxPendingBytes: number;
  private readonly retryAfterMs: number;
  private readonly onChange: () => void;
  private readonly now: () => number;
  private segments: Segment[] = [];
  /** The segment appends go to; opened on the first write after open, a roll, a clear or an error. */
  private active: { segment: Segment; handle: FileHandle } | undefined;
  private nextSeq = 1;
  private pending: Buffer[][] = [];
  private readonly pendingTally = tally();
  private loop: Promise<void> | undefined;
  private scheduled = false;
  private closed = false;
  private readonly written = tally();
  private readonly dropped = { budget: tally(), error: tally(), backlog: tally() };
  private error: PersistenceStatus['error'];

  constructor(options: SegmentLogOptions) {
    this.dir = options.dir;
    this.budgetBytes = options.budgetBytes ?? DEFAULT_BUDGET_BYTES;
    this.segmentBytes = options.segmentBytes ?? Math.max(1024 * 1024, Math.floor(this.budgetBytes / 8));
    this.maxPendingBytes = options.maxPendingBytes ?? 64 * 1024 * 1024;
    this.retryAfterMs = options.retryAfterMs ?? 30_000;
    this.onChange = options.onChange ?? (() => {});
    this.now = options.now ?? Date.now;
  }

  /**
   * Reads every segment there, oldest first, handing each whole record to `replay`; a torn or corrupt tail is
   * skipped with a warning (and cut off the file, so it is reported once). New records go to a new segment.
   * Never throws for the disk: an unreadable directory is the error state.
   */
  async open(replay: (request: CapturedRequest) => void): Promise<{ segments: number; records: number; bytes: number; warnings: SegmentWarning[] }> {
    const warnings: SegmentWarning[] = [];
    let records = 0;
    let bytes = 0;
    try {
      await fs.mkdir(this.dir, { recursive: true });
    } catch (err) {
      // A directory we cannot create may still hold segments to read (read-only media): read on, then fail writes.
      this.fail(err, 'cannot create the capture directory');
    }
    let files: Awaited<ReturnType<typeof listSegments>> = [];
    try {
      files = await listSegments(this.dir);
    } catch (err) {
      this.fail(err, 'cannot list the capture directory');
    }
    for (const file of files) {
      let contents;
      try {
        contents = await readSegment(file.path);
      } catch (err) {
        warnings.push({ file: file.path, offset: 0, skippedBytes: file.bytes, reason: `${path.basename(file.path)}: cannot be read (${(err as Error).message})` });
        continue;
      }
      for (const request of contents.requests) replay(request);
      if (contents.warning) {
        warnings.push(contents.warning);
        await fs.truncate(file.path, contents.goodBytes).catch(() => undefined);
      }
      this.segments.push({ path: file.path, seq: file.seq, bytes: contents.goodBytes, records: contents.requests.length });
      records += contents.requests.length;
      bytes += contents.goodBytes;
    }
    this.nextSeq = (files[files.length - 1]?.seq ?? 0) + 1;
    await this.enforceBudget();
    return { segments: files.length, records, bytes, warnings };
  }

  /** Queues one accepted request; returns at once and never throws. */
  append(request: CapturedRequest): void {
    if (this.closed) return;
    const size = HEADER_BYTES + request.body.byteLength;
    if (this.error && this.now() - this.error.sinceMs < this.retryAfterMs) {
      count(this.dropped.error, size);
      return;
    }
    if (this.pendingTally.bytes + size > this.maxPendingBytes) {
      count(this.dropped.backlog, size);
      return;
    }
    this.pending.push(encodeRecord(request));
    count(this.pendingTally, size);
    this.schedule();
  }

  /** Resolves once everything queued so far is written (and the open segment fsynced). */
  async flush(): Promise<void> {
    while (this.loop || this.pending.length) {
      if (!this.loop) this.startLoop();
      await this.loop;
    }
    await this.active?.handle.sync().catch(() => undefined);
  }

  /** Every segment's records, oldest first, after writing what is queued (export reads these). */
  async *requests(warnings: SegmentWarning[] = []): AsyncGenerator<CapturedRequest> {
    await this.flush();
    for (const segment of [...this.segments]) {
      let contents;
      try {
        contents = await readSegment(segment.path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // dropped by the budget meanwhile
        throw err;
      }
      if (contents.warning) warnings.push(contents.warning);
      yield* contents.requests;
    }
  }

  /** Deletes every segment (Clear Data); later appends start a new one. */
  async clear(): Promise<void> {
    this.pending = [];
    zero(this.pendingTally);
    await this.loop;
    await this.closeActive();
    const files = await listSegments(this.dir).catch(() => []);
    await Promise.all(files.map((f) => fs.rm(f.path, { force: true }).catch(() => undefined)));
    this.segments = [];
    for (const t of [this.written, this.dropped.budget, this.dropped.error, this.dropped.backlog]) zero(t);
    this.onChange();
  }

  /** Writes what is queued, fsyncs and closes; later appends are ignored. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    await this.closeActive();
  }

  status(): Omit<PersistenceStatus, 'restored'> {
    const held = { records: 0, bytes: 0, segments: this.segments.length };
    for (const s of this.segments) {
      held.records += s.records;
      held.bytes += s.bytes;
    }
    return {
      state: this.error ? 'error' : 'ok',
      dir: this.dir,
      budgetBytes: this.budgetBytes,
      held,
      written: { ...this.written },
      dropped: { budget: { ...this.dropped.budget }, error: { ...this.dropped.error }, backlog: { ...this.dropped.backlog } },
      pending: { ...this.pendingTally },
      error: this.error ? { ...this.error } : undefined,
    };
  }

  private schedule(): void {
    if (this.scheduled || this.loop) return;
    this.scheduled = true;
    // Appends of the same tick (one event-loop turn of requests) go out in one write.
    setImmediate(() => {
      this.scheduled = false;
      if (!this.loop) this.startLoop();
    });
  }

  private startLoop(): void {
    this.loop = this.writeLoop().finally(() => {
      this.loop = undefined;
      if (this.pending.length) this.schedule();
    });
  }

  private async writeLoop(): Promise<void> {
    while (this.pending.length) {
      const batch: Buffer[] = [];
      let bytes = 0;
      let records = 0;
      while (this.pending.length && (bytes < MAX_BATCH_BYTES || records === 0)) {
        const parts = this.pending.shift()!;
        for (const p of parts) {
          batch.push(p);
          bytes += p.length;
        }
        records++;
      }
      this.pendingTally.records -= records;
      this.pendingTally.bytes -= bytes;
      try {
        const active = await this.activeSegment();
        await writeAll(active.handle, batch, bytes);
        active.segment.bytes += bytes;
        active.segment.records += records;
        this.written.records += records;
        this.written.bytes += bytes;
        if (this.error) {
          this.error = undefined;
          this.onChange();
        }
        if (active.segment.bytes >= this.segmentBytes) await this.closeActive();
        await this.enforceBudget();
      } catch (err) {
        this.dropped.error.records += records + this.pendingTally.records;
        this.dropped.error.bytes += bytes + this.pendingTally.bytes;
        this.pending = [];
        zero(this.pendingTally);
        await this.closeActive();
        this.fail(err, 'cannot write captures');
      }
    }
  }

  private async activeSegment(): Promise<{ segment: Segment; handle: FileHandle }> {
    if (this.active) return this.active;
    await fs.mkdir(this.dir, { recursive: true });
    let seq: number;
    let file: string;
    let handle: FileHandle;
    for (;;) {
      seq = this.nextSeq++;
      file = path.join(this.dir, segmentName(seq));
      try {
        // 'wx': a new file of our own; never appended after another run's bytes.
        handle = await fs.open(file, 'wx');
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    const segment: Segment = { path: file, seq, bytes: 0, records: 0 };
    this.segments.push(segment);
    this.active = { segment, handle };
    return this.active;
  }

  private async closeActive(): Promise<void> {
    const active = this.active;
    this.active = undefined;
    if (!active) return;
    await active.handle.sync().catch(() => undefined);
    await active.handle.close().catch(() => undefined);
  }

  /** Deletes the oldest closed segments while the total is over the budget; the open one stays. */
  private async enforceBudget(): Promise<void> {
    let total = this.segments.reduce((n, s) => n + s.bytes, 0);
    let changed = false;
    while (total > this.budgetBytes && this.segments.length > 0 && this.segments[0] !== this.active?.segment) {
      const oldest = this.segments.shift()!;
      total -= oldest.bytes;
      this.dropped.budget.records += oldest.records;
      this.dropped.budget.bytes += oldest.bytes;
      changed = true;
      await fs.rm(oldest.path, { force: true }).catch(() => undefined);
    }
    if (changed) this.onChange();
  }

  private fail(err: unknown, what: string): void {
    const e = err as NodeJS.ErrnoException;
    const first = !this.error;
    const plain = describeCode(e?.code);
    this.error = { message: `${what} in ${this.dir}: ${plain ? `${e.code} ${plain}` : (e?.message ?? String(err))}`, code: e?.code, sinceMs: this.now() };
    if (first) this.onChange();
  }
}

function count(t: Tally, bytes: number): void {
  t.records++;
  t.bytes += bytes;
}

function zero(t: Tally): void {
  t.records = 0;
  t.bytes = 0;
}

/** One gathered write of the batch's buffers (no copy into one big Buffer); a short write goes on where it stopped. */
async function writeAll(handle: FileHandle, parts: Buffer[], total: number): Promise<void> {
  let written = 0;
  let rest = parts;
  // Linux takes at most 1024 buffers per writev.
  while (written < total) {
    const chunk = rest.slice(0, 1024);
    const { bytesWritten } = await handle.writev(chunk);
    if (bytesWritten <= 0) throw Object.assign(new Error('the disk took no bytes'), { code: 'EIO' });
    written += bytesWritten;
    // Drop what went out; a buffer written in part keeps its tail.
    let skip = bytesWritten;
    let i = 0;
    while (i < rest.length && skip >= rest[i].length) skip -= rest[i++].length;
    rest = rest.slice(i);
    if (skip > 0) rest[0] = rest[0].subarray(skip);
  }
}

/** The sentence for the errors a user can act on. */
function describeCode(code: string | undefined): string | undefined {
  switch (code) {
    case 'ENOSPC':
      return '(the disk is full)';
    case 'EROFS':
      return '(the file system is read-only)';
    case 'EACCES':
    case 'EPERM':
      return '(no permission to write there)';
    case 'EDQUOT':
      return '(the disk quota is used up)';
    default:
      return undefined;
  }
}
