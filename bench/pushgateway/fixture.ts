/**
 * A Pushgateway's contents, generated: `groups` groups (grouping key job + instance) of `seriesPerGroup` series
 * each, rendered two ways from the same data:
 *  - the `GET /api/v1/metrics` JSON in the shape Pushgateway 1.5.1 answers (checked against Debian's
 *    prometheus-pushgateway: object keys sorted as Go marshals maps, every number a string formatted as Go's
 *    strconv 'g' shortest form, `labels`, `last_push_successful`, and the push_time_seconds /
 *    push_failure_time_seconds families in every group; histograms as `buckets` / `count` / `sum`);
 *  - the text exposition of the same series, as its `/metrics` renders them (families merged across groups,
 *    grouping labels on every line), for the parse-prometheus-text-format baseline.
 * Series per group: 9 families of gauges and counters and 1 histogram family (8 buckets), 10 series each by `stage`.
 */

export interface Fixture {
  json: string;
  text: string;
  groups: number;
  series: number;
}

interface Series {
  labels: Record<string, string>;
  value?: number;
  buckets?: [string, number][];
  count?: number;
  sum?: number;
}
interface Family {
  name: string;
  type: 'GAUGE' | 'COUNTER' | 'HISTOGRAM' | 'UNTYPED';
  help: string;
}

const FAMILIES: Family[] = [
  { name: 'job_last_duration_seconds', type: 'GAUGE', help: 'Duration of the last run of a stage.' },
  { name: 'job_rows_processed', type: 'GAUGE', help: 'Rows processed by the last run of a stage.' },
  { name: 'job_queue_depth', type: 'GAUGE', help: 'Items left in the stage queue.' },
  { name: 'job_memory_bytes', type: 'GAUGE', help: 'Peak memory of a stage.' },
  { name: 'job_last_success_timestamp_seconds', type: 'GAUGE', help: 'When a stage last succeeded.' },
  { name: 'job_records_total', type: 'COUNTER', help: 'Records handled.' },
  { name: 'job_errors_total', type: 'COUNTER', help: 'Errors met.' },
  { name: 'job_retries_total', type: 'COUNTER', help: 'Retries made.' },
  { name: 'job_batches', type: 'UNTYPED', help: '' },
  { name: 'job_step_duration_seconds', type: 'HISTOGRAM', help: 'Duration of one step.' },
];
const BOUNDS = ['0.005', '0.01', '0.05', '0.1', '0.5', '1', '5', '+Inf'];
const PUSH_TIME_HELP = 'Last Unix time when changing this group in the Pushgateway succeeded.';
const FAILURE_TIME_HELP = 'Last Unix time when changing this group in the Pushgateway failed.';

/** Go's strconv.FormatFloat(v, 'g', -1, 64): shortest digits, exponent form from 1e21 down to 1e6 and below 1e-4. */
export function goFloat(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4 || exp >= 6) {
    const [mant, e] = v.toExponential().split('e');
    const sign = e[0] === '-' ? '-' : '+';
    const digits = e.replace(/^[+-]/, '');
    return `${mant}e${sign}${digits.padStart(2, '0')}`;
  }
  return String(v);
}

function rfc3339Nano(ms: number, nanos: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, m: string) => `.${m}${String(nanos).padStart(6, '0')}Z`.replace(/\.?0+Z$/, 'Z'));
}

function sortedObject<T>(entries: [string, T][]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) out[k] = v;
  return out;
}

export function makeFixture(groups: number, seriesPerGroup = 100, nowMs = Date.UTC(2026, 10, 24, 9, 0, 0)): Fixture {
  const perFamily = Math.max(1, Math.round(seriesPerGroup / FAMILIES.length));
  const data: Record<string, unknown>[] = [];
  // family name → text lines, in group order (the text format wants a family's lines together).
  const lines = new Map<string, string[]>();
  const allFamilies = [...FAMILIES, { name: 'push_failure_time_seconds', type: 'GAUGE', help: FAILURE_TIME_HELP } as Family, { name: 'push_time_seconds', type: 'GAUGE', help: PUSH_TIME_HELP } as Family];
  for (const f of allFamilies) lines.set(f.name, []);
  let seriesCount = 0;

  for (let g = 0; g < groups; g++) {
    const key = { instance: `worker-${String(g).padStart(4, '0')}`, job: `etl-${g % 40}` };
    const pushMs = nowMs - (g % 600) * 60_000;
    const stamp = rfc3339Nano(pushMs, (g * 7919) % 1_000_000);
    const entries: [string, unknown][] = [['labels', sortedObject(Object.entries(key))], ['last_push_successful', g % 97 !== 0]];
    const familyJson = (f: Family, series: Series[]) => {
      const metrics = series.map((s) => {
        const labels = sortedObject(Object.entries(s.labels));
        if (s.buckets) {
          return { buckets: sortedObject(s.buckets.map(([le, c]) => [le, goFloat(c)])), count: goFloat(s.count!), labels, sum: goFloat(s.sum!) };
        }
        return { labels, value: goFloat(s.value!) };
      });
      const fam: Record<string, unknown> = { time_stamp: stamp, type: f.type };
      if (f.help) fam.help = f.help;
      fam.metrics = metrics;
      entries.push([f.name, fam]);
    };
    const familyText = (f: Family, series: Series[]) => {
      const out = lines.get(f.name)!;
      for (const s of series) {
        const base = Object.entries({ ...key, ...s.labels }).map(([k, v]) => `${k}="${v}"`);
        if (s.buckets) {
          for (const [le, c] of s.buckets) out.push(`${f.name}_bucket{${[...base, `le="${le}"`].join(',')}} ${goFloat(c)}`);
          out.push(`${f.name}_sum{${base.join(',')}} ${goFloat(s.sum!)}`);
          out.push(`${f.name}_count{${base.join(',')}} ${goFloat(s.count!)}`);
        } else {
          out.push(`${f.name}{${base.join(',')}} ${goFloat(s.value!)}`);
        }
      }
    };
    for (let fi = 0; fi < FAMILIES.length; fi++) {
      const f = FAMILIES[fi];
      const series: Series[] = [];
      for (let s = 0; s < perFamily; s++) {
        const labels = { ...key, stage: `stage-${s}` };
        const n = g * 1000 + fi * 10 + s;
        if (f.type === 'HISTOGRAM') {
          let c = 0;
          const buckets: [string, number][] = BOUNDS.map((le, b) => [le, (c += (n + b) % 7)]);
          series.push({ labels, buckets, count: c, sum: c * 0.137 });
        } else if (f.name.endsWith('timestamp_seconds')) {
          series.push({ labels, value: pushMs / 1000 - s });
        } else if (f.type === 'GAUGE') {
          series.push({ labels, value: ((n * 37) % 10_000) / 8 });
        } else {
          series.push({ labels, value: n * 3 });
        }
      }
      seriesCount += series.length;
      // Pushgateway puts the grouping labels on every series; the text lines carry them too.
      familyJson(f, series);
      familyText(f, series.map((s) => ({ ...s, labels: { stage: s.labels.stage } })));
    }
    const failure: Series[] = [{ labels: key, value: 0 }];
    const push: Series[] = [{ labels: key, value: pushMs / 1000 + ((g * 7919) % 1_000_000) / 1e9 }];
    familyJson(allFamilies[FAMILIES.length], failure);
    familyJson(allFamilies[FAMILIES.length + 1], push);
    familyText(allFamilies[FAMILIES.length], [{ value: 0, labels: {} }]);
    familyText(allFamilies[FAMILIES.length + 1], [{ value: push[0].value, labels: {} }]);
    data.push(sortedObject(entries));
  }

  const json = JSON.stringify({ status: 'success', data });
  const textParts: string[] = [];
  for (const f of [...allFamilies].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (f.help) textParts.push(`# HELP ${f.name} ${f.help}`);
    textParts.push(`# TYPE ${f.name} ${f.type.toLowerCase()}`);
    textParts.push(...lines.get(f.name)!);
  }
  return { json, text: textParts.join('\n') + '\n', groups, series: seriesCount };
}
