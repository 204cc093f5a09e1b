/**
 * What each record costs the store, in bytes of V8 heap: estimated from its real contents (string lengths,
 * array sizes, held protobuf bytes) plus per-object constants calibrated against `process.memoryUsage().heapUsed`
 * after a full GC (test/integration/core/store/memoryBudget.test.ts checks the sum stays within the budget on the
 * real heap under each adversarial workload). The estimate errs high: a key string shared by every attribute map
 * is counted in each, so the store holds somewhat less than its budget, never more.
 */
import type { AttributeValue, Attributes } from '../model/attributes';
import type { LogRecord, MetricPoint, SpanEvent, SpanLink, SpanRecord } from '../model/records';
import { LazySpan } from '../otlp/protobuf/lazySpan';

// Node builds V8 without pointer compression: a tagged slot is 8 bytes (measured: a class instance with n fields
// takes 24 + 8n bytes).
/** V8 heap object header (map, properties, elements). */
const OBJECT = 24;
/** One tagged slot (a field, an array element, a Map entry's word). */
const SLOT = 8;
/** A boxed double (a time in nanoseconds, a non-integer value). */
const HEAP_NUMBER = 16;
/** A string's header (map, hash, length). */
const STRING = 16;

/**
 * One stored span beyond its strings and undecoded bytes: the LazySpan object (15 fields), its two boxed times,
 * its entry in its Trace's Map (3 words, at a load factor of about a half), and its five slots in the eviction
 * queue (which grows by doubling, so up to twice that).
 */
const SPAN_OVERHEAD = OBJECT + 15 * SLOT + 2 * HEAP_NUMBER + 6 * SLOT + 10 * SLOT;
/** One Trace: the object (8 fields, 4 boxed times), its spans Map, its id string, its entry in the Instance's traces Map. */
export const TRACE_OVERHEAD = OBJECT + 8 * SLOT + 4 * HEAP_NUMBER + (32 + 136) + (STRING + 32) + 6 * SLOT;
/** One log record's object (12 fields, two boxed times), its slots in the instance's queue and the store's five. */
const LOG_OVERHEAD = OBJECT + 12 * SLOT + 2 * HEAP_NUMBER + 2 * SLOT + 8 * SLOT;
/**
 * One Series: the object (9 fields, a boxed time), its RingBuffer and the ring's first backing store (V8 gives a
 * pushed-to empty array 17 slots), its entry in the stream's Map and in the store's least-recently-updated Set, and
 * the key's concatenation node (attributesKey builds it with +=; the Map keeps the node, flattened, and its copy).
 */
const SERIES_OVERHEAD = OBJECT + 9 * SLOT + HEAP_NUMBER + (OBJECT + 3 * SLOT) + (32 + 16 + 17 * SLOT) + 8 * SLOT + 8 * SLOT + 64;
/** One MetricStream: the object (10 fields, a boxed time), its series Map, its entry in the Instance's Map. */
const STREAM_OVERHEAD = OBJECT + 10 * SLOT + HEAP_NUMBER + (32 + 136) + 8 * SLOT;
/** One Instance: the object, its signal health records, Maps and queues, its identity strings, its Map entries. */
const INSTANCE_OVERHEAD = 2048;

/** A string's bytes: one per character when every character is Latin-1 (V8's one-byte strings), else two. */
export function stringBytes(s: string): number {
  const n = s.length;
  if (n === 0) return 0;
  // Short strings are mostly keys and names (one-byte); long ones are checked, a 50 MB value is worth a scan.
  const wide = n > 64 && /[\u0100-\uffff]/.test(s);
  return STRING + (wide ? 2 * n : n);
}

/** An attribute value as the decoders build it (strings, numbers, arrays, maps), recursively. */
function valueBytes(v: AttributeValue): number {
  switch (typeof v) {
    case 'string':
      return stringBytes(v);
    case 'number':
      return Number.isInteger(v) && v >= -(2 ** 30) && v < 2 ** 30 ? 0 : HEAP_NUMBER;
    case 'boolean':
      return 0;
    default: {
      if (v === null) return 0;
      if (Array.isArray(v)) {
        let n = OBJECT + 16 + v.length * SLOT;
        for (const x of v) n += valueBytes(x);
        return n;
      }
      return attributesBytes(v);
    }
  }
}

/** An attribute map: the object with a slot and a descriptor per key, its keys and its values. */
export function attributesBytes(a: Attributes): number {
  // In-object slack: V8 gives a fresh map room for a few properties more than it ends with.
  let n = OBJECT + 4 * SLOT;
  for (const k in a) n += 3 * SLOT + stringBytes(k) + valueBytes(a[k]);
  return n;
}

function eventBytes(e: SpanEvent): number {
  return OBJECT + 4 * SLOT + HEAP_NUMBER + stringBytes(e.name) + attributesBytes(e.attributes);
}

function linkBytes(l: SpanLink): number {
  return OBJECT + 6 * SLOT + stringBytes(l.traceId) + stringBytes(l.spanId) + stringBytes(l.traceState) + attributesBytes(l.attributes);
}

/** What a span costs while stored: the fixed part, its own strings, and its undecoded bytes or decoded parts. */
export function spanBytes(span: SpanRecord): number {
  // The trace id is the Trace's (counted once per trace); names come from the decoder's intern table but may not.
  let n = SPAN_OVERHEAD + stringBytes(span.spanId) + stringBytes(span.parentSpanId) + stringBytes(span.name);
  n += stringBytes(span.traceState) + stringBytes(span.statusMessage);
  if (span instanceof LazySpan) {
    const held = span.undecodedBytes;
    if (held > 0) return n + STRING + held;
    const parts = span.heldParts;
    if (!parts) return n;
    return n + partsBytes(parts.attributes, parts.events, parts.links);
  }
  return n + partsBytes(span.attributes, span.events, span.links);
}

function partsBytes(attributes: Attributes, events: readonly SpanEvent[], links: readonly SpanLink[]): number {
  let n = OBJECT + 6 * SLOT + attributesBytes(attributes) + 2 * (OBJECT + 16);
  for (const e of events) n += SLOT + eventBytes(e);
  for (const l of links) n += SLOT + linkBytes(l);
  return n;
}

export function logBytes(r: LogRecord): number {
  return LOG_OVERHEAD + valueBytes(r.body) + attributesBytes(r.attributes) + stringBytes(r.severityText) + stringBytes(r.traceId) + stringBytes(r.spanId) + stringBytes(r.eventName);
}

/** A data point (its attributes are its Series', counted there), with its slot in the ring. */
export function pointBytes(p: MetricPoint): number {
  // The object, its two boxed times, and its slot in the ring (which grows by half again, so 1.5 slots).
  let n = OBJECT + 5 * SLOT + 2 * HEAP_NUMBER + 12;
  if ('value' in p) return n + HEAP_NUMBER;
  n += 3 * SLOT + 4 * HEAP_NUMBER;
  if ('bucketCounts' in p) return n + arrayOfNumbersBytes(p.bucketCounts.length) + arrayOfNumbersBytes(p.explicitBounds.length);
  if ('positive' in p) return n + 4 * SLOT + 2 * (OBJECT + 2 * SLOT) + arrayOfNumbersBytes(p.positive.bucketCounts.length) + arrayOfNumbersBytes(p.negative.bucketCounts.length);
  return n + OBJECT + 16 + p.quantileValues.length * (SLOT + OBJECT + 2 * SLOT + 2 * HEAP_NUMBER);
}

/** An array of numbers: V8 keeps them unboxed (8 bytes each) or as small integers (4). */
function arrayOfNumbersBytes(n: number): number {
  return OBJECT + 16 + 8 * n;
}

export function seriesBytes(key: string, attributes: Attributes): number {
  return SERIES_OVERHEAD + stringBytes(key) + attributesBytes(attributes);
}

export function streamBytes(key: string, description: string): number {
  // The stream's name, unit and kind are inside its key; the description is its own string.
  return STREAM_OVERHEAD + stringBytes(key) + stringBytes(description);
}

export function instanceBytes(key: string, resource: Attributes): number {
  return INSTANCE_OVERHEAD + 2 * stringBytes(key) + attributesBytes(resource);
}
