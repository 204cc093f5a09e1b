/**
 * A span as the engine keeps it: what the tree, search and indexes use is decoded at once (ids, name, kind,
 * times, status, scope); attributes, events and links stay as the protobuf bytes they arrived in and are decoded
 * each time a reader asks (a view, the snapshot), with the same values the eager decoder gave.
 *
 * The bytes are first a region of the request body; the store, when it keeps the span, calls `retainBytes()` so
 * the span holds a copy of its own region only (a one-byte string: exact size, on the V8 heap, no per-span
 * ArrayBuffer), and the request body can go. Nothing is cached after a read, so a view that reads every span's
 * attributes does not grow the store: what the memory budget counts is what stays.
 *
 * OTLP/JSON spans (and records built by hand) hold their parts decoded; readers cannot tell the difference.
 */
import type { Attributes } from '../../model/attributes';
import type { Scope, SpanEvent, SpanLink, SpanRecord } from '../../model/records';
import { ProtoReader } from './reader';
import { decodeSpanParts, emptySpanParts, type SpanPart, type SpanParts } from './spanParts';

export class LazySpan implements SpanRecord {
  traceId = '';
  spanId = '';
  parentSpanId = '';
  traceState = '';
  flags = 0;
  name = '';
  kind = 0;
  startTimeUnixNano = 0;
  endTimeUnixNano = 0;
  statusCode = 0;
  statusMessage = '';
  scope: Scope;
  /** The undecoded region (request bytes, or the kept one-byte string copy), the decoded parts, or null for none. */
  #src: Uint8Array | string | SpanParts | null = null;
  #start = 0;
  #end = 0;

  constructor(scope: Scope) {
    this.scope = scope;
  }

  /** Points the lazy parts at `buf[start, end)`: a validated region holding only whole fields. */
  setRegion(buf: Uint8Array, start: number, end: number): void {
    this.#src = buf;
    this.#start = start;
    this.#end = end;
  }

  /** Holds decoded parts instead of bytes (OTLP/JSON). */
  setParts(parts: SpanParts): void {
    this.#src = parts;
  }

  /**
   * Copies the span's own bytes out of the request body so that body can be freed; returns how many bytes the
   * span now holds undecoded (0 when its parts are decoded or empty).
   */
  retainBytes(): number {
    const src = this.#src;
    if (src instanceof Uint8Array) {
      const n = this.#end - this.#start;
      // The decoder hands over its Buffer view of the body; a plain Uint8Array gets one (no copy) here.
      const bytes = Buffer.isBuffer(src) ? src : Buffer.from(src.buffer, src.byteOffset, src.byteLength);
      this.#src = n === 0 ? null : bytes.toString('latin1', this.#start, this.#end);
      this.#start = 0;
      this.#end = n;
      return n;
    }
    return typeof src === 'string' ? src.length : 0;
  }

  /**
   * Whether the undecoded bytes may hold `text` (an attribute key, say): false means they surely do not, so a
   * reader looking for one key can skip decoding. True for spans held decoded.
   */
  mayContain(text: string): boolean {
    const src = this.#src;
    if (src === null) return false;
    if (typeof src === 'string') return src.includes(text, this.#start);
    if (src instanceof Uint8Array) {
      const bytes = Buffer.isBuffer(src) ? src : Buffer.from(src.buffer, src.byteOffset, src.byteLength);
      const at = bytes.indexOf(text, this.#start, 'latin1');
      return at !== -1 && at < this.#end;
    }
    return true;
  }

  /** Bytes held undecoded (the region's length), 0 when the parts are held decoded. */
  get undecodedBytes(): number {
    const src = this.#src;
    return src instanceof Uint8Array || typeof src === 'string' ? this.#end - this.#start : 0;
  }

  /** The decoded parts held (OTLP/JSON and hand-built spans), else undefined. */
  get heldParts(): Readonly<SpanParts> | undefined {
    const src = this.#src;
    return src !== null && typeof src === 'object' && !(src instanceof Uint8Array) ? src : undefined;
  }

  get attributes(): Attributes {
    return this.parts('attributes').attributes;
  }

  set attributes(value: Attributes) {
    this.decoded().attributes = value;
  }

  get events(): SpanEvent[] {
    return this.parts('events').events;
  }

  set events(value: SpanEvent[]) {
    this.decoded().events = value;
  }

  get links(): SpanLink[] {
    return this.parts('links').links;
  }

  set links(value: SpanLink[]) {
    this.decoded().links = value;
  }

  get droppedAttributesCount(): number {
    return this.parts('dropped').droppedAttributesCount;
  }

  set droppedAttributesCount(value: number) {
    this.decoded().droppedAttributesCount = value;
  }

  get droppedEventsCount(): number {
    return this.parts('dropped').droppedEventsCount;
  }

  set droppedEventsCount(value: number) {
    this.decoded().droppedEventsCount = value;
  }

  get droppedLinksCount(): number {
    return this.parts('dropped').droppedLinksCount;
  }

  set droppedLinksCount(value: number) {
    this.decoded().droppedLinksCount = value;
  }

  /** Every field as a plain record, so JSON.stringify sees the lazy parts too. */
  toJSON(): SpanRecord {
    const p = this.parts('all');
    return {
      traceId: this.traceId,
      spanId: this.spanId,
      parentSpanId: this.parentSpanId,
      traceState: this.traceState,
      flags: this.flags,
      name: this.name,
      kind: this.kind,
      startTimeUnixNano: this.startTimeUnixNano,
      endTimeUnixNano: this.endTimeUnixNano,
      attributes: p.attributes,
      droppedAttributesCount: p.droppedAttributesCount,
      events: p.events,
      droppedEventsCount: p.droppedEventsCount,
      links: p.links,
      droppedLinksCount: p.droppedLinksCount,
      statusCode: this.statusCode,
      statusMessage: this.statusMessage,
      scope: this.scope,
    };
  }

  /** The wanted parts, decoded now from the bytes (fresh objects each call), or the held decoded parts. */
  private parts(want: SpanPart): SpanParts {
    const src = this.#src;
    if (src === null) return emptySpanParts();
    if (typeof src === 'object' && !(src instanceof Uint8Array)) return src;
    let r: ProtoReader;
    let end: number;
    if (typeof src === 'string') {
      r = new ProtoReader(Buffer.from(src, 'latin1'));
      end = r.len;
    } else {
      r = new ProtoReader(src);
      r.pos = this.#start;
      end = this.#end;
    }
    const into = emptySpanParts();
    decodeSpanParts(r, end, want, into);
    return into;
  }

  /** Switches to holding decoded parts (a writer replaced one of them). */
  private decoded(): SpanParts {
    const src = this.#src;
    if (src !== null && typeof src === 'object' && !(src instanceof Uint8Array)) return src;
    const parts = this.parts('all');
    this.#src = parts;
    return parts;
  }
}
