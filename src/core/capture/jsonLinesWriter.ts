/**
 * Writes OTLP JSON Lines to a file: one Export*ServiceRequest per line, gzip-compressed when asked (or when the
 * name ends in .gz). It writes to a temporary file beside the target and renames it at the end, so a failed or
 * interrupted export never leaves half a file under the chosen name. Backpressure is honoured, so a large export
 * holds about one request in memory at a time.
 */
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';

export class JsonLinesWriter {
  private readonly out: WriteStream;
  private readonly sink: Gzip | WriteStream;
  private readonly temp: string;
  private failure: Error | undefined;
  lines = 0;

  constructor(
    readonly file: string,
    readonly gzip: boolean = file.endsWith('.gz'),
    private readonly options: { inPlace?: boolean } = {},
  ) {
    this.temp = options.inPlace ? file : `${file}.${process.pid}.partial`;
    this.out = createWriteStream(this.temp);
    this.out.on('error', (e) => (this.failure ??= e));
    if (gzip) {
      const z = createGzip();
      z.on('error', (e) => (this.failure ??= e));
      z.pipe(this.out);
      this.sink = z;
    } else {
      this.sink = this.out;
    }
  }

  async writeLine(json: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.lines++;
    if (!this.sink.write(json + '\n')) await Promise.race([once(this.sink, 'drain'), once(this.out, 'error').then(([e]) => Promise.reject(e as Error))]);
  }

  /** Ends the file and moves it to its name. */
  async finish(): Promise<void> {
    if (this.failure) {
      await this.abort();
      throw this.failure;
    }
    const closed = once(this.out, 'close');
    this.sink.end();
    await closed;
    if (this.failure) {
      await this.abort();
      throw this.failure;
    }
    if (this.temp !== this.file) await fs.rename(this.temp, this.file);
  }

  /** Drops the partial file (a recording in place keeps what it has). */
  async abort(): Promise<void> {
    this.sink.destroy();
    this.out.destroy();
    if (!this.options.inPlace) await fs.rm(this.temp, { force: true });
  }
}
