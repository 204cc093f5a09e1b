/**
 * `--record FILE`: every accepted request, as it arrives, appended to an OTLP JSON Lines file (gzip when the
 * name ends in .gz). The receivers' hook only queues; the transcoding and writing run after, batched, so an
 * answer never waits for them. A gzip file is only whole after a clean stop; a plain one is whole up to its
 * last complete line even after a kill.
 */
import type { Signal } from '../model/records';
import type { Encoding } from '../otlp/decode';
import { canonicalJson } from './canonicalJson';
import { JsonLinesWriter } from './jsonLinesWriter';

export class JsonLinesRecorder {
  private readonly writer: JsonLinesWriter;
  private queue: { signal: Signal; encoding: Encoding; body: Uint8Array }[] = [];
  private loop: Promise<void> | undefined;
  private failure: Error | undefined;
  recorded = 0;
  unreadable = 0;

  constructor(readonly file: string) {
    // Written in place (not via a temporary file): a recording is useful up to its last line even if cut short.
    this.writer = new JsonLinesWriter(file, file.endsWith('.gz'), { inPlace: true });
  }

  get error(): Error | undefined {
    return this.failure;
  }

  /** The receivers' hook. */
  accept(signal: Signal, encoding: Encoding, body: Uint8Array): void {
    if (this.failure) return;
    this.queue.push({ signal, encoding, body });
    this.loop ??= new Promise<void>((r) => setImmediate(r)).then(() => this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue;
        this.queue = [];
        for (const r of batch) {
          let line: string;
          try {
            line = canonicalJson(r.signal, r.encoding, r.body);
          } catch {
            this.unreadable++;
            continue;
          }
          await this.writer.writeLine(line);
          this.recorded++;
        }
      }
    } catch (err) {
      this.failure = err as Error;
      this.queue = [];
    } finally {
      this.loop = undefined;
    }
  }

  /** Writes what is queued and closes the file. */
  async close(): Promise<void> {
    while (this.loop) await this.loop;
    if (this.failure) {
      await this.writer.abort();
      throw this.failure;
    }
    await this.writer.finish();
  }
}
