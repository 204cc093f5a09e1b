/**
 * OTLP metric names → Prometheus metric names, as the OpenTelemetry specification's "Prometheus and OpenMetrics
 * compatibility" section and the Collector's prometheus exporter write them: invalid characters become `_`, runs
 * of `_` collapse, the unit becomes a word suffix (`ms` → `_milliseconds`, `By/s` → `_bytes_per_second`,
 * `{request}` → nothing, `1` → `_ratio` on gauges), and counters end in `_total`.
 */

/** The Prometheus types this exposition writes. */
export type PromType = 'counter' | 'gauge' | 'histogram' | 'summary';

/** UCUM units (as OpenTelemetry semantic conventions use them) → the Prometheus word. */
const UNIT_WORDS: Readonly<Record<string, string>> = {
  // time
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  // information
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  // SI
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  // misc
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
};

/** The denominator of a rate (`By/s`) reads in the singular: `_bytes_per_second`. */
const PER_UNIT_WORDS: Readonly<Record<string, string>> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

/** Any character outside `[a-zA-Z0-9_:]` becomes `_`; runs of `_` become one; a leading digit gets a `_` before it. */
export function sanitizeMetricName(name: string): string {
  let out = name.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/_{2,}/g, '_');
  if (out === '') return '_';
  if (/^[0-9]/.test(out)) out = `_${out}`;
  return out;
}

/** One side of a unit: `{…}` annotations dropped, a known unit spelled out, anything else kept as letters and digits. */
function unitPart(part: string, words: Readonly<Record<string, string>>): string {
  const bare = part.replace(/\{[^}]*\}/g, '').trim();
  if (bare === '') return '';
  const word = words[bare] ?? UNIT_WORDS[bare];
  if (word) return word;
  return bare.replace(/[^a-zA-Z0-9]/g, '');
}

/**
 * The unit as a Prometheus name suffix (without the leading `_`), or '' for none. `1` (a dimensionless ratio)
 * becomes `ratio` only for gauges, as the Collector does: a counter "of 1" is a count, not a ratio.
 */
export function unitSuffix(unit: string, type: PromType): string {
  const u = unit.trim();
  if (u === '1') return type === 'gauge' ? 'ratio' : '';
  if (u === '') return '';
  const slash = u.indexOf('/');
  const main = unitPart(slash < 0 ? u : u.slice(0, slash), UNIT_WORDS);
  const per = slash < 0 ? '' : unitPart(u.slice(slash + 1), PER_UNIT_WORDS);
  if (main && per) return `${main}_per_${per}`;
  if (per) return `per_${per}`;
  return main;
}

/**
 * The Prometheus family name of an OTLP metric: sanitized, then the unit suffix unless the name already ends
 * in it, then `_total` for counters (kept once when the OTLP name already ends in it). For a counter the
 * family name includes `_total`, as the text format's TYPE line names it.
 */
export function familyName(name: string, unit: string, type: PromType): string {
  let base = sanitizeMetricName(name);
  const counter = type === 'counter';
  if (counter && (base === 'total' || base.endsWith('_total'))) base = base.slice(0, -'total'.length).replace(/_$/, '');
  const suffix = unitSuffix(unit, type);
  if (suffix && base !== suffix && !base.endsWith(`_${suffix}`)) base = base === '' ? suffix : `${base}_${suffix}`;
  if (counter) base = base === '' ? 'total' : `${base}_total`;
  return base.replace(/_{2,}/g, '_');
}
