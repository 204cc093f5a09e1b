import { strict as assert } from 'node:assert';
import { downscale, exponentialToClassic, mergeExponential } from '../../../../src/core/export/exponential';
import type { ExponentialHistogramPoint } from '../../../../src/core/model/records';
import { attrs } from '../../../helpers/records';

/** The OTLP definition: at scale s, |v| falls in bucket ceil(log2(|v|)·2^s) - 1 (upper bound inclusive). */
function indexOf(v: number, scale: number): number {
  return Math.ceil(Math.log2(Math.abs(v)) * 2 ** scale) - 1;
}

/** An exponential histogram point of these values, bucketed by the definition (zero threshold 0). */
function pointOf(values: number[], scale: number): ExponentialHistogramPoint {
  const pos = new Map<number, number>();
  const neg = new Map<number, number>();
  let zero = 0;
  for (const v of values) {
    if (v === 0) zero++;
    else {
      const m = v > 0 ? pos : neg;
      const i = indexOf(v, scale);
      m.set(i, (m.get(i) ?? 0) + 1);
    }
  }
  const dense = (m: Map<number, number>) => {
    if (m.size === 0) return { offset: 0, bucketCounts: [] };
    const lo = Math.min(...m.keys());
    const hi = Math.max(...m.keys());
    return { offset: lo, bucketCounts: Array.from({ length: hi - lo + 1 }, (_, k) => m.get(lo + k) ?? 0) };
  };
  return {
    attributes: attrs(),
    startTimeUnixNano: 0,
    timeUnixNano: 1,
    flags: 0,
    count: values.length,
    sum: values.reduce((a, b) => a + b, 0),
    scale,
    zeroCount: zero,
    zeroThreshold: 0,
    positive: dense(pos),
    negative: dense(neg),
  };
}

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('exponential histograms → classic buckets', () => {
  it('converts a hand-computed point: bounds at powers of two, counts cumulative', () => {
    // Scale 1 (base √2): 1.2 → bucket 0, 1.5 → bucket 1, 3 → bucket 3.
    const p = pointOf([1.2, 1.5, 3], 1);
    assert.deepEqual(p.positive, { offset: 0, bucketCounts: [1, 1, 0, 1] });
    const c = exponentialToClassic(p);
    assert.deepEqual(c.explicitBounds, [2, 4]);
    assert.deepEqual(c.bucketCounts, [2, 1, 0]);
    assert.equal(c.count, 3);
    assert.equal(c.sum, 5.7);
  });

  for (const [scale, octaves] of [[0, 24], [1, 24], [3, 24], [8, 8], [20, 0.001], [-1, 24], [-2, 24]]) {
    it(`gives exact counts at every bound for random values at scale ${scale}`, () => {
      const next = random(1000 + scale);
      const values: number[] = [];
      for (let i = 0; i < 400; i++) {
        const magnitude = 2 ** (next() * octaves - octaves / 2 + 0.37); // a range of `octaves` doublings around 1.3
        values.push(next() < 0.3 ? -magnitude : next() < 0.05 ? 0 : magnitude);
      }
      const c = exponentialToClassic(pointOf(values, scale));
      assert.ok(c.explicitBounds.length > 0);
      for (let i = 1; i < c.explicitBounds.length; i++) assert.ok(c.explicitBounds[i] > c.explicitBounds[i - 1], 'bounds ascend');
      let cumulative = 0;
      c.explicitBounds.forEach((le, i) => {
        cumulative += c.bucketCounts[i];
        const exact = values.filter((v) => v <= le).length;
        assert.equal(cumulative, exact, `count at le=${le}`);
        assert.equal(Math.log2(Math.abs(le)) % 1 === 0 || le === 0, true, `le=${le} is a power of two or 0`);
      });
      assert.equal(c.bucketCounts[c.bucketCounts.length - 1], 0, 'nothing beyond the last bound but +Inf');
      assert.equal(c.count, values.length);
    });
  }

  it('keeps the same bounds when the producer lowers its scale', () => {
    const values = [0.3, 0.7, 1.1, 5, 9.5, 100];
    const fine = exponentialToClassic(pointOf(values, 6));
    const coarse = exponentialToClassic(pointOf(values, 0));
    assert.deepEqual(fine.explicitBounds, coarse.explicitBounds);
    assert.deepEqual(fine.bucketCounts, coarse.bucketCounts);
  });

  it('downscales by merging neighbours, negative indexes included', () => {
    assert.deepEqual(downscale({ offset: -3, bucketCounts: [1, 2, 3, 4, 5] }, 1), { offset: -2, bucketCounts: [1, 5, 9] });
    assert.deepEqual(downscale({ offset: 5, bucketCounts: [1] }, 40), { offset: 0, bucketCounts: [1] });
  });

  it('merges two points at different scales as if all values were bucketed at the lower one', () => {
    const a = [0.5, 1.5, 3, 7, -2];
    const b = [2.5, 12, 0.01, -0.3];
    const merged = mergeExponential(pointOf(a, 4), pointOf(b, 2));
    const direct = pointOf([...a, ...b], 2);
    assert.equal(merged.scale, 2);
    assert.deepEqual(merged.positive, direct.positive);
    assert.deepEqual(merged.negative, direct.negative);
    assert.equal(merged.count, 9);
  });

  it('lowers the scale further when the merged range needs more than 160 buckets', () => {
    const merged = mergeExponential(pointOf([1.001], 5), pointOf([2 ** 20], 5));
    assert.ok(merged.positive.bucketCounts.length <= 160, `${merged.positive.bucketCounts.length} buckets`);
    assert.ok(merged.scale < 5);
    assert.deepEqual(merged.positive, pointOf([1.001, 2 ** 20], merged.scale).positive);
  });
});
