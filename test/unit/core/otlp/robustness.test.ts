/**
 * Hostile input: every prefix of a real protobuf payload, random garbage and random corruptions of real
 * payloads either decode or throw DecodeError — never another error type, never a hang.
 */
import { strict as assert } from 'node:assert';
import { DecodeError, SIGNALS, type Signal } from '../../../../src/core/model/records';
import { decode, type Encoding } from '../../../../src/core/otlp/decode';
import { sdkPayloads, type SdkPayloads } from './sdk-agreement.test';

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decodes; returns 'ok' or 'error', and fails the test on any exception other than DecodeError. */
function outcome(signal: Signal, body: Uint8Array, encoding: Encoding, what: string): 'ok' | 'error' {
  try {
    decode(signal, body, encoding);
    return 'ok';
  } catch (e) {
    if (e instanceof DecodeError) return 'error';
    assert.fail(`${what}: expected a DecodeError, got ${e instanceof Error ? e.stack : String(e)}`);
  }
}

function realProtobufBodies(p: SdkPayloads): [Signal, Uint8Array][] {
  return [
    ['traces', p.traces.protobuf],
    ['metrics', p.metrics.protobuf[0]],
    ['metrics', p.metrics.protobuf[1]],
    ['metrics', p.handBuilt.protobuf],
    ['logs', p.logs.protobuf],
  ];
}

describe('OTLP decoders: hostile input', () => {
  let p: SdkPayloads;
  before(async () => {
    p = await sdkPayloads();
  });

  it('every prefix of a real protobuf payload decodes or throws DecodeError', () => {
    for (const [signal, body] of realProtobufBodies(p)) {
      let errors = 0;
      for (let n = 0; n < body.length; n++) {
        if (outcome(signal, body.subarray(0, n), 'protobuf', `${signal} prefix ${n}/${body.length}`) === 'error') errors++;
      }
      // Most cuts land inside a field; the check is not vacuous.
      assert.ok(errors > body.length / 2, `${signal}: ${errors} of ${body.length} prefixes rejected`);
      assert.equal(outcome(signal, body, 'protobuf', 'whole'), 'ok');
    }
  });

  it('a truncated body of one resource is rejected, not silently shortened', () => {
    const body = p.logs.protobuf;
    // Cutting inside the only ResourceLogs leaves a length prefix that overruns the body.
    assert.equal(outcome('logs', body.subarray(0, body.length - 1), 'protobuf', 'cut'), 'error');
  });

  it('random garbage decodes or throws DecodeError, for every signal', () => {
    const random = rng(20240601);
    let errors = 0;
    let total = 0;
    for (let i = 0; i < 3000; i++) {
      const len = Math.floor(random() * 300);
      const body = new Uint8Array(len);
      for (let j = 0; j < len; j++) body[j] = Math.floor(random() * 256);
      for (const signal of SIGNALS) {
        total++;
        if (outcome(signal, body, 'protobuf', `garbage #${i}`) === 'error') errors++;
      }
    }
    assert.ok(errors > total * 0.9, `${errors} of ${total} garbage bodies rejected`);
  });

  it('known-bad bodies throw DecodeError', () => {
    const bad: [string, number[]][] = [
      ['field number 0', [0x00]],
      ['wire type 7', [0x0f]],
      ['wire type 6', [0x0e, 0x00]],
      ['length past the end', [0x0a, 0x05, 0x01]],
      ['huge length', [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]],
      ['truncated varint', [0x08, 0x80]],
      ['11-byte varint', [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
      ['truncated fixed64', [0x09, 1, 2, 3]],
      ['truncated fixed32', [0x0d, 1, 2]],
      ['unmatched end-group', [0x0c]],
      ['unterminated group', [0x0b, 0x08, 0x01]],
      ['child overruns its parent', [0x0a, 0x02, 0x0a, 0x04, 0x10, 0x01, 0x10, 0x02]],
    ];
    for (const [what, bytes] of bad) {
      for (const signal of SIGNALS) {
        assert.equal(outcome(signal, Uint8Array.from(bytes), 'protobuf', what), 'error', `${signal}: ${what}`);
      }
    }
  });

  it('random corruptions of real payloads decode or throw DecodeError', () => {
    const random = rng(7);
    for (const [signal, body] of realProtobufBodies(p)) {
      for (let i = 0; i < 400; i++) {
        const mutated = Uint8Array.from(body);
        const edits = 1 + Math.floor(random() * 4);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(random() * mutated.length);
          mutated[at] = random() < 0.5 ? mutated[at] ^ (1 << Math.floor(random() * 8)) : Math.floor(random() * 256);
        }
        outcome(signal, mutated, 'protobuf', `${signal} corruption #${i}`);
      }
    }
  });

  it('JSON: every prefix, random corruptions and garbage throw DecodeError or decode', () => {
    const random = rng(99);
    const bodies: [Signal, Uint8Array][] = [
      ['traces', p.traces.json],
      ['metrics', p.metrics.json[0]],
      ['metrics', p.handBuilt.json],
      ['logs', p.logs.json],
    ];
    for (const [signal, body] of bodies) {
      for (let n = 0; n < body.length; n += 7) outcome(signal, body.subarray(0, n), 'json', `${signal} JSON prefix ${n}`);
      for (let i = 0; i < 300; i++) {
        const mutated = Uint8Array.from(body);
        const at = Math.floor(random() * mutated.length);
        mutated[at] = ' {}[]":,0123456789-.eEtrufalsn\\'.charCodeAt(Math.floor(random() * 31));
        outcome(signal, mutated, 'json', `${signal} JSON corruption #${i}`);
      }
    }
    for (let i = 0; i < 500; i++) {
      const len = Math.floor(random() * 100);
      const body = new Uint8Array(len);
      for (let j = 0; j < len; j++) body[j] = Math.floor(random() * 256);
      for (const signal of SIGNALS) assert.equal(outcome(signal, body, 'json', `JSON garbage #${i}`), 'error');
    }
  });

  it('JSON: values of the wrong type anywhere in a real payload throw DecodeError or decode', () => {
    const replacements: unknown[] = [null, 0, -1, 1.5, '', 'x', true, [], {}, [1], { a: 1 }, '12', 'NaN'];
    const bodies: [Signal, unknown][] = [
      ['traces', JSON.parse(new TextDecoder().decode(p.traces.json))],
      ['metrics', JSON.parse(new TextDecoder().decode(p.metrics.json[0]))],
      ['metrics', JSON.parse(new TextDecoder().decode(p.handBuilt.json))],
      ['logs', JSON.parse(new TextDecoder().decode(p.logs.json))],
    ];
    let checked = 0;
    for (const [signal, doc] of bodies) {
      // Every path to a value in the document.
      const paths: (string | number)[][] = [];
      const walk = (v: unknown, path: (string | number)[]) => {
        paths.push(path);
        if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
        else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
      };
      walk(doc, []);
      for (const path of paths.slice(1)) {
        for (const replacement of replacements) {
          const copy = JSON.parse(JSON.stringify(doc));
          let parent = copy;
          for (const key of path.slice(0, -1)) parent = parent[key];
          parent[path[path.length - 1]] = replacement;
          outcome(signal, new TextEncoder().encode(JSON.stringify(copy)), 'json', `${signal} ${path.join('.')} = ${JSON.stringify(replacement)}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 1000);
  });
});
