/**
 * Splits a stream of bytes into top-level JSON values with the line each starts on, in bounded memory. Two
 * shapes of file are read the same way: JSON Lines (one value per line, the Collector's file format; split with
 * indexOf, fast) and JSON documents spread over many lines (the OTLP spec's pretty-printed example files; split
 * by balancing brackets outside strings). The first value decides: one that ends on the line it starts on means
 * JSON Lines, where a broken line costs only that line; otherwise values are balanced for the rest of the file.
 */

export type JsonValueItem = { kind: 'value'; line: number; text: string } | { kind: 'problem'; line: number; message: string };

const NL = 0x0a;
const utf8 = new TextDecoder('utf-8');

/** The bytes of one value, gathered over chunks; past the limit they are dropped and the value marked too long. */
class Gathered {
  private parts: Buffer[] = [];
  private bytes = 0;
  oversize = false;

  constructor(private readonly max: number) {}

  add(b: Buffer): void {
    if (this.oversize || b.length === 0) return;
    if (this.bytes + b.length > this.max) {
      this.oversize = true;
      this.parts = [];
      this.bytes = 0;
      return;
    }
    this.parts.push(b);
    this.bytes += b.length;
  }

  get empty(): boolean {
    return this.bytes === 0 && !this.oversize;
  }

  /** The value's text, or undefined when it was too long; the gathering starts over. */
  take(): string | undefined {
    const text = this.oversize ? undefined : utf8.decode(this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.bytes));
    this.parts = [];
    this.bytes = 0;
    this.oversize = false;
    return text;
  }
}

export async function* jsonValues(chunks: AsyncIterable<Buffer>, maxValueBytes: number): AsyncGenerator<JsonValueItem> {
  const tooLong = `longer than ${Math.round(maxValueBytes / 2 ** 20)} MiB: skipped`;
  const value = new Gathered(maxValueBytes);
  let mode: 'unknown' | 'lines' | 'balanced' = 'unknown';
  let line = 1;
  let inValue = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let valueLine = 0;
  let skipping = false;

  const lineItem = (at: number): JsonValueItem | undefined => {
    const text = value.take();
    if (text === undefined) return { kind: 'problem', line: at, message: tooLong };
    return text.trim() === '' ? undefined : { kind: 'value', line: at, text };
  };

  for await (const chunk of chunks) {
    let pos = 0;
    while (pos < chunk.length) {
      if (mode === 'lines') {
        const nl = chunk.indexOf(NL, pos);
        if (nl === -1) {
          value.add(chunk.subarray(pos));
          break;
        }
        value.add(chunk.subarray(pos, nl));
        const item = lineItem(line);
        line++;
        pos = nl + 1;
        if (item) yield item;
        continue;
      }
      let segStart = inValue ? pos : -1;
      let item: JsonValueItem | undefined;
      for (; pos < chunk.length; pos++) {
        const c = chunk[pos];
        if (!inValue) {
          if (c === NL) {
            line++;
            skipping = false;
          } else if (skipping || c === 0x20 || c === 0x0d || c === 0x09) {
            // between values
          } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
            inValue = true;
            depth = 1;
            inString = false;
            escaped = false;
            valueLine = line;
            segStart = pos;
          } else {
            skipping = true; // the rest of this line is not JSON this reader can use
            item = { kind: 'problem', line, message: 'not JSON (a line should start with {)' };
            pos++;
            break;
          }
          continue;
        }
        if (c === NL) line++;
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c /* \ */) escaped = true;
          else if (c === 0x22 /* " */) inString = false;
        } else if (c === 0x22) {
          inString = true;
        } else if (c === 0x7b || c === 0x5b) {
          depth++;
        } else if ((c === 0x7d /* } */ || c === 0x5d) /* ] */ && --depth === 0) {
          value.add(chunk.subarray(segStart, pos + 1));
          inValue = false;
          segStart = -1;
          const text = value.take();
          item = text === undefined ? { kind: 'problem', line: valueLine, message: tooLong } : { kind: 'value', line: valueLine, text };
          if (mode === 'unknown') mode = line === valueLine ? 'lines' : 'balanced';
          pos++;
          break;
        }
      }
      if (inValue && segStart >= 0 && pos >= chunk.length) value.add(chunk.subarray(segStart));
      if (item) yield item;
    }
  }
  if (mode === 'lines') {
    if (!value.empty) {
      const item = lineItem(line);
      if (item) yield item;
    }
  } else if (inValue) {
    yield { kind: 'problem', line: valueLine, message: 'the file ends inside this JSON value (cut short?)' };
  }
}
