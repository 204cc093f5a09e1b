/**
 * Gauges that hold a point in time: seconds (or milliseconds) since the Unix epoch, such as Prometheus'
 * `process_start_time_seconds`, the Pushgateway's `push_time_seconds`, `*_timestamp_seconds`, or an OTel gauge in
 * unit "s" that an app set to "now". Printed as a number ("1,795,976,323") they say nothing; as a time they do.
 */
import { formatAge } from './format';

/** Plausible instants: from 2001-09-09 (10^9 s, where epoch seconds reach ten digits) to 2100-01-01. */
const EARLIEST_MS = 1e12;
const LATEST_MS = 4_102_444_800_000;

/** Name words that say "a point in time": push_time_seconds, process.start_time, last_success_timestamp, foo_created. */
const TIME_WORD = /(^|[._:])(time|timestamp|created)([._:]|$)|timestamp/i;

/**
 * The instant a gauge's value stands for, in Unix ms, when its unit or name says it counts time since the epoch
 * and the value falls in the plausible range; otherwise undefined.
 *
 * The scale comes from the unit ("s", "ms") or, for Prometheus names, which carry their unit as a suffix, from
 * `_seconds` / `_milliseconds`. A unit alone is enough: a duration of 31 years or more is not something a local
 * app measures, so a value in range in seconds is a time. Without a unit, the name must say time (the scale is
 * then taken as seconds, Prometheus' base unit).
 */
export function epochMsOf(value: number, unit: string, name = ''): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  let msPer: number | undefined;
  if (unit === 's') msPer = 1000;
  else if (unit === 'ms') msPer = 1;
  else if (unit === '' || unit === '1') {
    if (/[._](seconds)$/i.test(name)) msPer = 1000;
    else if (/[._](ms|milliseconds)$/i.test(name)) msPer = 1;
    else if (TIME_WORD.test(name)) msPer = 1000;
  }
  if (msPer === undefined) return undefined;
  const ms = value * msPer;
  return ms >= EARLIEST_MS && ms < LATEST_MS ? ms : undefined;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** "2026-11-30 14:05:23" in local time, as the rest of the UI shows clock times. */
function formatLocalTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "2 min ago", or "in 3 h" for a time still ahead (an expiry, a scheduled run). */
function formatRelative(thenMs: number, nowMs: number): string {
  if (thenMs - nowMs >= 2000) return `in ${formatAge(nowMs, thenMs).replace(/ ago$/, '')}`;
  return formatAge(thenMs, nowMs);
}

/**
 * The time, with how long ago it was when `nowMs` is given: "2026-11-30 14:05:23 (2 days ago)"; on the same day
 * as now the date goes, so a tree row keeps what matters: "14:05:23 (2 min ago)".
 */
export function formatInstant(ms: number, nowMs?: number): string {
  if (nowMs === undefined) return formatLocalTime(ms);
  const full = formatLocalTime(ms);
  const time = full.slice(0, 10) === formatLocalTime(nowMs).slice(0, 10) ? full.slice(11) : full;
  return `${time} (${formatRelative(ms, nowMs)})`;
}

/** A gauge value as a time when it is one (see epochMsOf); undefined otherwise, so callers fall back to the number. */
export function formatEpochValue(value: number, unit: string, name = '', nowMs?: number): string | undefined {
  const ms = epochMsOf(value, unit, name);
  return ms === undefined ? undefined : formatInstant(ms, nowMs);
}
