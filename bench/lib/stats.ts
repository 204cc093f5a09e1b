/** Medians, percentiles and the interleaved A/B schedule every comparative bench uses. */

export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/** Linear-interpolated quantile; NaN for no samples. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export interface Interleaved {
  subject: number[];
  baseline: number[];
  /** subject / baseline of each round, in order: a shared-machine hiccup hits one round, not every sample. */
  ratios: number[];
}

/**
 * Runs baseline and subject alternately (B A B A …) after `warmup` unrecorded rounds of each, so drift in the
 * machine's load (two shared cores) lands on both. Each call returns one sample (higher is better or not, the
 * caller decides what it means).
 */
export async function interleave(
  rounds: number,
  warmup: number,
  baseline: () => Promise<number> | number,
  subject: () => Promise<number> | number,
): Promise<Interleaved> {
  for (let i = 0; i < warmup; i++) {
    await baseline();
    await subject();
  }
  const out: Interleaved = { subject: [], baseline: [], ratios: [] };
  for (let i = 0; i < rounds; i++) {
    const b = await baseline();
    const s = await subject();
    out.baseline.push(b);
    out.subject.push(s);
    out.ratios.push(s / b);
  }
  return out;
}

/** Calls `fn` back to back for about `ms` milliseconds (at least once); returns calls per second and the count. */
export function timeLoop(ms: number, fn: (i: number) => void): { perSecond: number; calls: number; elapsedMs: number } {
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(ms * 1e6));
  let calls = 0;
  let now: bigint;
  do {
    fn(calls++);
    now = process.hrtime.bigint();
  } while (now < deadline);
  const elapsedMs = Number(now - start) / 1e6;
  return { perSecond: (calls * 1000) / elapsedMs, calls, elapsedMs };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function mb(bytes: number): number {
  return bytes / (1024 * 1024);
}
