import type { Random } from './random';

export type Mutation = 'flip' | 'truncate' | 'insert' | 'delete' | 'splice' | 'random' | 'repeat' | 'varint';
const MUTATIONS: readonly Mutation[] = ['flip', 'truncate', 'insert', 'delete', 'splice', 'random', 'repeat', 'varint'];

/** One mutated body from a valid one: the kinds of damage real networks and buggy encoders do. */
export function mutate(valid: Uint8Array, rnd: Random): { body: Uint8Array; mutation: Mutation } {
  const mutation = rnd.pick(MUTATIONS);
  const b = Uint8Array.from(valid);
  switch (mutation) {
    case 'flip': {
      const flips = 1 + rnd.int(8);
      for (let i = 0; i < flips && b.length; i++) b[rnd.int(b.length)] ^= 1 << rnd.int(8);
      return { body: b, mutation };
    }
    case 'truncate':
      return { body: b.subarray(0, rnd.int(b.length)), mutation };
    case 'insert': {
      const at = rnd.int(b.length + 1);
      return { body: concat(b.subarray(0, at), rnd.bytes(1 + rnd.int(16)), b.subarray(at)), mutation };
    }
    case 'delete': {
      const at = rnd.int(b.length);
      return { body: concat(b.subarray(0, at), b.subarray(at + 1 + rnd.int(16))), mutation };
    }
    case 'splice': {
      const a = rnd.int(b.length);
      const len = rnd.int(Math.min(256, b.length - a) + 1);
      const at = rnd.int(b.length);
      return { body: concat(b.subarray(0, at), b.subarray(a, a + len), b.subarray(at)), mutation };
    }
    case 'random':
      return { body: rnd.bytes(rnd.int(2048)), mutation };
    case 'repeat':
      return { body: concat(b, b.subarray(0, rnd.int(b.length))), mutation };
    case 'varint': {
      // A length prefix blown up: the classic way to make a decoder over-read or over-allocate.
      const at = rnd.int(b.length);
      const huge = [0xff, 0xff, 0xff, 0xff, 0x0f];
      return { body: concat(b.subarray(0, at), Uint8Array.from(huge), b.subarray(at + 1)), mutation };
    }
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
