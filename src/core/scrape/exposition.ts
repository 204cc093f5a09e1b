import parsePrometheusTextFormat, { type ParsedFamily, type ParsedSample } from 'parse-prometheus-text-format';

/**
 * The Prometheus data model as the views show it, shared by scraped targets and Pushgateway groups
 * (the Pushgateway's JSON API and the text parser both speak prom2json's shape, converted here once).
 */
export type PromMetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface PromSeries {
  labels: Record<string, string>;
  /** Counters, gauges and untyped samples. */
  value?: number;
  /** Histograms: cumulative counts by upper bound, ascending (the last is +Inf). */
  buckets?: { le: number; count: number }[];
  /** Summaries: quantile → value, ascending. */
  quantiles?: { quantile: number; value: number }[];
  count?: number;
  sum?: number;
}

export interface PromFamily {
  name: string;
  type: PromMetricType;
  help: string;
  series: PromSeries[];
}

export class ExpositionError extends Error {}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SAMPLE_START = /^[a-zA-Z_:][a-zA-Z0-9_:]*\s*(\{|\s)/;
const TYPES: readonly string[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];

/** A sample value as Go's ParseFloat reads it ("+Inf", "NaN", "1e3"); anything else is an error. */
export function parsePromNumber(raw: string | undefined, what: string): number {
  const s = (raw ?? '').trim();
  if (s === '') throw new ExpositionError(`${what} has no value`);
  const lower = s.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === 'nan') return NaN;
  const n = Number(s);
  if (Number.isNaN(n)) throw new ExpositionError(`${what} has a value that is not a number: "${s.slice(0, 40)}"`);
  return n;
}

export function promType(raw: string | undefined): PromMetricType {
  const t = (raw ?? '').toLowerCase();
  return (TYPES.includes(t) ? t : 'untyped') as PromMetricType;
}

/**
 * One prom2json sample (from the text parser or the Pushgateway API) in the shared model; `dropLabels`
 * are left out (a group's grouping key, repeated on every series). Empty label values are absent in
 * Prometheus, so they are dropped too.
 */
export function convertSample(sample: ParsedSample, type: PromMetricType, family: string, dropLabels: Record<string, string> = {}): PromSeries {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(sample.labels ?? {})) {
    if (v === '' || dropLabels[k] === v) continue;
    labels[k] = v;
  }
  const series: PromSeries = { labels };
  const what = `"${family}"`;
  if (sample.buckets) {
    series.buckets = Object.entries(sample.buckets)
      .map(([le, count]) => ({ le: parsePromNumber(le, `${what} bucket le`), count: parsePromNumber(count, `${what} bucket`) }))
      .sort((a, b) => a.le - b.le);
  }
  if (sample.quantiles) {
    series.quantiles = Object.entries(sample.quantiles)
      .map(([q, v]) => ({ quantile: parsePromNumber(q, `${what} quantile`), value: parsePromNumber(v, `${what} quantile`) }))
      .sort((a, b) => a.quantile - b.quantile);
  }
  if (sample.count !== undefined) series.count = parsePromNumber(sample.count, `${what} count`);
  if (sample.sum !== undefined) series.sum = parsePromNumber(sample.sum, `${what} sum`);
  if (sample.value !== undefined || (type !== 'histogram' && type !== 'summary')) {
    series.value = parsePromNumber(sample.value, `sample ${what}`);
  }
  return series;
}

/**
 * Parses the text exposition format (0.0.4) with `parse-prometheus-text-format`.
 *
 * That parser folds a histogram's or summary's lines into one object without looking at their other
 * labels, so `h_bucket{route="/a"}` and `h_bucket{route="/b"}` would melt into one series. Their TYPE
 * lines are therefore hidden from it: it then returns `h_bucket`, `h_sum`, `h_count` (and the
 * summary's quantile lines) as plain samples, regrouped here by their labels. A bad line, a bad
 * metric name or a value that is not a number throws an ExpositionError.
 */
export function parseExposition(text: string): PromFamily[] {
  const declared = new Map<string, PromMetricType>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      // The parser reads only "# " as a comment.
      if (!line.startsWith('# ')) lines[i] = '';
    } else if (!SAMPLE_START.test(line)) {
      // The parser silently drops a sample without a name; a body of such lines is not the format.
      throw new ExpositionError(`line ${i + 1} is not a sample: "${line.slice(0, 60)}"`);
    }
    const m = /^\s*#\s+TYPE\s+(\S+)\s+(\S+)\s*$/.exec(lines[i]);
    if (!m) continue;
    const type = promType(m[2]);
    declared.set(m[1], type);
    if (type === 'histogram' || type === 'summary') lines[i] = '';
  }
  let parsed: ParsedFamily[];
  try {
    // The parser drops the last line's sample unless a line break follows it.
    parsed = parsePrometheusTextFormat(lines.join('\n') + '\n');
  } catch (err) {
    throw new ExpositionError((err as Error).message.slice(0, 300));
  }

  const families = new Map<string, PromFamily>();
  // Series of histograms and summaries, by family, then by their labels (less `le` / `quantile`).
  const folded = new Map<string, Map<string, PromSeries>>();
  const family = (name: string, type: PromMetricType, help: string): PromFamily => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, type, help, series: [] }));
    if (!f.help && help) f.help = help;
    return f;
  };
  const foldedSeries = (f: PromFamily, labels: Record<string, string>): PromSeries => {
    let byKey = folded.get(f.name);
    if (!byKey) folded.set(f.name, (byKey = new Map()));
    const key = labelKey(labels);
    let s = byKey.get(key);
    if (!s) {
      s = { labels };
      byKey.set(key, s);
      f.series.push(s);
    }
    return s;
  };

  for (const p of parsed) {
    if (!METRIC_NAME.test(p.name)) throw new ExpositionError(`"${p.name.slice(0, 60)}" is not a metric name`);
    const own = declared.get(p.name);
    if (own === 'histogram' || own === 'summary') {
      // The family's HELP line, and for a summary its quantile samples.
      const f = family(p.name, own, p.help);
      for (const sample of p.metrics) {
        const { quantile, ...labels } = dropEmpty(sample.labels);
        const value = parsePromNumber(sample.value, `sample "${p.name}"`);
        if (own === 'summary' && quantile !== undefined) {
          const s = foldedSeries(f, labels);
          (s.quantiles ??= []).push({ quantile: parsePromNumber(quantile, `"${p.name}" quantile`), value });
        }
      }
      continue;
    }
    const suffix = /^(.*)_(bucket|sum|count)$/.exec(p.name);
    const base = suffix ? declared.get(suffix[1]) : undefined;
    if (suffix && (base === 'histogram' || (base === 'summary' && suffix[2] !== 'bucket'))) {
      const f = family(suffix[1], base, '');
      for (const sample of p.metrics) {
        const { le, ...labels } = dropEmpty(sample.labels);
        const value = parsePromNumber(sample.value, `sample "${p.name}"`);
        if (suffix[2] === 'bucket') {
          if (le === undefined) throw new ExpositionError(`"${p.name}" has a sample without an "le" label`);
          const s = foldedSeries(f, labels);
          (s.buckets ??= []).push({ le: parsePromNumber(le, `"${p.name}" le`), count: value });
        } else {
          const s = foldedSeries(f, base === 'histogram' ? labels : { ...labels, ...(le !== undefined ? { le } : {}) });
          if (suffix[2] === 'sum') s.sum = value;
          else s.count = value;
        }
      }
      continue;
    }
    // OpenMetrics style: `# TYPE x counter` with samples named `x_total` (the empty `x` family goes).
    const total = /^(.*)_total$/.exec(p.name);
    let type = promType(p.type);
    if (type === 'untyped' && total && declared.get(total[1]) === 'counter' && !families.get(total[1])?.series.length) {
      const declaredFamily = families.get(total[1]);
      families.delete(total[1]);
      type = 'counter';
      p.help ||= declaredFamily?.help ?? '';
    }
    const f = family(p.name, type, p.help);
    if (f.type === 'untyped' && type !== 'untyped') f.type = type;
    for (const sample of p.metrics) f.series.push(convertSample(sample, type, p.name));
  }
  for (const f of families.values()) {
    for (const s of f.series) {
      s.buckets?.sort((a, b) => a.le - b.le);
      s.quantiles?.sort((a, b) => a.quantile - b.quantile);
    }
  }
  return [...families.values()];
}

function dropEmpty(labels: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) if (v !== '') out[k] = v;
  return out;
}

/** A stable key for a label set, whatever the order it was written in. */
export function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `{a="1", b="x"}` as Prometheus writes a label set (empty for none). */
export function formatLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  if (!entries.length) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(', ')}}`;
}

export function seriesCount(families: readonly PromFamily[]): number {
  let n = 0;
  for (const f of families) n += f.series.length;
  return n;
}
