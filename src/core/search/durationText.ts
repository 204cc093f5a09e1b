/**
 * Span durations as people type them in a filter: `200ms`, `1.5s`, `750us`, `2m`, `1m30s`. Unlike the
 * Pushgateway's durations (whole milliseconds, up to weeks), spans need sub-millisecond units and fractions.
 */

const UNITS_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export class DurationTextError extends Error {}

/** Milliseconds, fractional. A bare number has no unit and is refused: `200` could mean ms or s. */
export function parseSpanDuration(text: string): number {
  const s = text.trim();
  if (!s) throw new DurationTextError('a duration is needed, such as 200ms, 1.5s or 750us');
  let total = 0;
  let rest = s;
  while (rest.length) {
    const m = /^(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/.exec(rest);
    if (!m) {
      const hint = /^\d+(\.\d+)?$/.test(s) ? ` (add a unit: ${s}ms or ${s}s)` : '';
      throw new DurationTextError(`"${text}" is not a duration${hint}; use a number and a unit: 750us, 200ms, 1.5s, 2m`);
    }
    total += Number(m[1]) * UNITS_MS[m[2]];
    rest = rest.slice(m[0].length);
  }
  if (!Number.isFinite(total)) throw new DurationTextError(`"${text}" is too long a duration`);
  return total;
}
