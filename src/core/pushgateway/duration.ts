/** Durations as people type them: `90s`, `10m`, `2h`, `1d`, `500ms`, or a combination such as `1h30m`. */

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export class DurationError extends Error {}

export function parseDuration(text: string): number {
  const s = text.trim();
  if (!s) throw new DurationError('a duration is needed, such as 90s, 10m, 2h or 1d');
  let total = 0;
  let rest = s;
  while (rest.length) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/.exec(rest);
    if (!m) throw new DurationError(`"${text}" is not a duration; use a number and a unit: 90s, 10m, 2h, 1d`);
    total += Number(m[1]) * UNITS[m[2]];
    rest = rest.slice(m[0].length);
  }
  if (!Number.isFinite(total)) throw new DurationError(`"${text}" is too long a duration`);
  return Math.round(total);
}

/** The short form back: 600000 → "10m", 5400000 → "1h30m". */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const n = Math.floor(rest / UNITS[unit]);
    if (n) out += `${n}${unit}`;
    rest -= n * UNITS[unit];
  }
  if (rest) out += `${rest}ms`;
  return out;
}
