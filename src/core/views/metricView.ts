/**
 * One Series as the metric panel draws it: lines over time (values, rates, or quantiles), and for distributions
 * the latest bucket counts with p50/p90/p99. Prepared here so the webview only draws, and so the numbers are tested.
 */
import { formatEpochValue } from '../format/epochTime';
import { formatNumber } from '../format/format';
import { summarizePoint } from '../format/pointSummary';
import { rateUnitWords, unitWords, withUnit, withWords, type UnitWords } from '../format/units';
import type {
  ExponentialHistogramPoint,
  HistogramPoint,
  MetricKind,
  MetricPoint,
  NumberPoint,
  SummaryPoint,
  Temporality,
} from '../model/records';
import { latestExemplars } from './exemplars';
import {
  bucketCountsDelta,
  bucketPosition,
  bucketQuantile,
  cumulativeRate,
  deltaRate,
  explicitBuckets,
  exponentialBuckets,
  exponentialDelta,
  rateWindowMs,
  type Bucket,
  type ObservedRange,
  type XY,
} from './metricMath';

export type MetricMode = 'value' | 'rate';

export interface StreamInfo {
  name: string;
  description: string;
  unit: string;
  kind: MetricKind;
  temporality: Temporality;
  monotonic: boolean;
}

export interface ChartLine {
  label: string;
  /** [Unix ms, value] pairs, oldest first. */
  points: [number, number][];
}

export interface BucketBar {
  label: string;
  lower: number;
  upper: number;
  count: number;
}

export interface QuantileMark {
  label: string;
  q: number;
  value: number;
  /** Where the value falls on the bar chart: bucket slot + fraction. */
  position: number;
  text: string;
}

export interface HistogramView {
  buckets: BucketBar[];
  quantiles: QuantileMark[];
  count: number;
  sum?: number;
  mean?: number;
  min?: number;
  max?: number;
  /** What the bars count: "since 10:42:05" for a cumulative point, "last interval" for a delta one. */
  window: string;
}

/** The span a rate is averaged over (see rateWindowMs): the chart's rate line and "rate now" both use it. */
export interface RateWindow {
  ms: number;
  /** "rate over 1m": for the chart's title and the line's name. */
  label: string;
}

/** A number beside the chart, in words: label "rate now", text "0.25 requests/s". */
export interface LineStat {
  label: string;
  text: string;
}

/** An exemplar drawn on the line chart: a dot that opens its trace. */
export interface ExemplarDot {
  /** Unix ms. */
  t: number;
  /** In the chart's axis unit (scaled with it). */
  v: number;
  /**
   * Drawn on the time axis rather than at its value: a sum's exemplar is one increment, which the rate or the
   * running total on the axis does not measure.
   */
  onAxis: boolean;
  traceId: string;
  spanId: string;
  /** Whether the store holds its trace (only then can the dot open it). */
  held: boolean;
  /** The measured value in words, with the unit. */
  text: string;
}

/** Dots on a chart, at most: the newest. */
const MAX_EXEMPLAR_DOTS = 200;

export interface MetricViewOptions {
  /** Whether a trace id is held, so the chart can tell dots that open a trace from those that cannot. */
  isHeld?: (traceId: string) => boolean;
}

export interface MetricView {
  name: string;
  description: string;
  kind: MetricKind;
  /** "monotonic cumulative sum", "gauge", "delta histogram", … */
  kindLabel: string;
  /** The unit as sent and as drawn on the axis ("requests/s" for a rate of {request}). */
  unit: string;
  axisUnit: string;
  /** The axis unit after exactly 1 ("request/s"); `axisUnit` after any other number ("0.25 requests/s"). */
  axisUnitOne: string;
  mode: MetricMode;
  /** Whether a rate makes sense (monotonic sums). */
  canRate: boolean;
  /** In rate mode: the window each rate is averaged over. */
  rateWindow?: RateWindow;
  lines: ChartLine[];
  /**
   * For a single line (values or rates): its latest, lowest and highest value as text with the unit in the right
   * number ("rate now" = the latest rate over `rateWindow`). Absent without points and for distributions.
   */
  lineStats?: LineStat[];
  /** The latest point in words, as the tree shows it. */
  latest: string;
  pointCount: number;
  /** Counter resets seen in the points (drawn as a note). */
  resets: number;
  histogram?: HistogramView;
  /** The exemplars of the points kept, newest first ([] when the producer sends none). */
  exemplars: ExemplarDot[];
}

const QUANTILES = [
  { label: 'p50', q: 0.5 },
  { label: 'p90', q: 0.9 },
  { label: 'p99', q: 0.99 },
] as const;

function kindLabel(s: StreamInfo): string {
  switch (s.kind) {
    case 'gauge':
      return 'gauge';
    case 'summary':
      return 'summary';
    case 'sum':
      return `${s.monotonic ? 'monotonic ' : ''}${s.temporality === 'unspecified' ? '' : `${s.temporality} `}sum`;
    case 'histogram':
      return `${s.temporality === 'unspecified' ? '' : `${s.temporality} `}histogram`;
    case 'exponentialHistogram':
      return `${s.temporality === 'unspecified' ? '' : `${s.temporality} `}exponential histogram`;
  }
}

/** Points flagged "no recorded value" (DataPointFlags bit 0) are gaps, not zeros. */
function recorded<T extends MetricPoint>(points: readonly T[]): T[] {
  return points.filter((p) => (p.flags & 1) === 0);
}

const pair = (p: XY): [number, number] => [p.t, p.v];

function clock(unixNano: number): string {
  const d = new Date(unixNano / 1e6);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function bucketLabel(b: Bucket, first: boolean, last: boolean): string {
  if (b.lower === b.upper) return formatNumber(b.lower);
  if (first && (b.lower === -Infinity || b.lower === 0)) return `≤${formatNumber(b.upper)}`;
  if (last && b.upper === Infinity) return `>${formatNumber(b.lower)}`;
  return `${formatNumber(b.lower)}–${formatNumber(b.upper)}`;
}

function histogramView(buckets: Bucket[], unit: string, window: string, p: { count: number; sum?: number; min?: number; max?: number }): HistogramView {
  const quantiles: QuantileMark[] = [];
  for (const { label, q } of QUANTILES) {
    const value = bucketQuantile(q, buckets, p);
    if (value === undefined) continue;
    quantiles.push({ label, q, value, position: bucketPosition(value, buckets), text: withUnit(formatNumber(value), unit) });
  }
  const view: HistogramView = {
    buckets: buckets.map((b, i) => ({ label: bucketLabel(b, i === 0, i === buckets.length - 1), lower: b.lower, upper: b.upper, count: b.count })),
    quantiles,
    count: p.count,
    window,
  };
  if (p.sum !== undefined) {
    view.sum = p.sum;
    if (p.count > 0) view.mean = p.sum / p.count;
  }
  if (p.min !== undefined) view.min = p.min;
  if (p.max !== undefined) view.max = p.max;
  return view;
}

function quantileLines(perPoint: { t: number; buckets: Bucket[]; observed: ObservedRange }[]): ChartLine[] {
  return QUANTILES.map(({ label, q }) => ({
    label,
    points: perPoint.flatMap(({ t, buckets, observed }) => {
      const v = bucketQuantile(q, buckets, observed);
      return v === undefined ? [] : [[t, v] as [number, number]];
    }),
  }));
}

/**
 * Prepares a Series for the chart. `mode` is the user's choice; it falls back to 'value' where a rate makes no
 * sense. `nowMs`, when given, adds ages where the latest value is a time ("(2 min ago)").
 */
export function metricView(stream: StreamInfo, points: readonly MetricPoint[], mode: MetricMode, nowMs?: number, options: MetricViewOptions = {}): MetricView {
  const canRate = stream.kind === 'sum' && stream.monotonic;
  const effective: MetricMode = canRate ? mode : 'value';
  const words = unitWords(stream.unit);
  const view: MetricView = {
    name: stream.name,
    description: stream.description,
    kind: stream.kind,
    kindLabel: kindLabel(stream),
    unit: stream.unit,
    axisUnit: words.other,
    axisUnitOne: words.one,
    mode: effective,
    canRate,
    lines: [],
    latest: summarizePoint(stream.kind, points[points.length - 1], stream.unit, { name: stream.name, nowMs }),
    pointCount: points.length,
    resets: 0,
    exemplars: [],
  };

  switch (stream.kind) {
    case 'gauge':
    case 'sum': {
      const ps = recorded(points as readonly NumberPoint[]);
      if (stream.kind === 'sum' && stream.temporality === 'cumulative') {
        for (let i = 1; i < ps.length; i++) if (ps[i].value < ps[i - 1].value && stream.monotonic) view.resets++;
      }
      if (effective === 'rate') {
        // Rates over a window of several points, as Prometheus' rate() over a range: between neighbouring points a
        // counter that moves every few exports reads as a sawtooth (0, 0, 0, 1/s) instead of its rate (0.25/s).
        const ms = rateWindowMs(ps);
        view.rateWindow = { ms, label: `rate over ${windowText(ms)}` };
        const rates = stream.temporality === 'delta' ? deltaRate(ps, ms) : cumulativeRate(ps, ms);
        view.lines = [{ label: view.rateWindow.label, points: rates.map(pair) }];
        const rw = rateUnitWords(stream.unit);
        view.axisUnit = rw.other;
        view.axisUnitOne = rw.one;
      } else {
        view.lines = [{ label: 'value', points: ps.map((p) => [p.timeUnixNano / 1e6, p.value]) }];
      }
      break;
    }
    case 'histogram': {
      const ps = recorded(points as readonly HistogramPoint[]);
      const perPoint: { t: number; buckets: Bucket[]; observed: ObservedRange }[] = [];
      for (let i = 0; i < ps.length; i++) {
        const p = ps[i];
        let counts: number[] | undefined = p.bucketCounts;
        let min = p.min;
        let max = p.max;
        if (stream.temporality === 'cumulative' && i > 0) {
          const prev = ps[i - 1];
          const sameBounds = prev.explicitBounds.length === p.explicitBounds.length && prev.explicitBounds.every((b, k) => b === p.explicitBounds[k]);
          const delta = sameBounds ? bucketCountsDelta(prev.bucketCounts, p.bucketCounts) : undefined;
          if (delta) {
            counts = delta;
            // min and max cover the whole cumulative period, not this interval.
            min = max = undefined;
          } else view.resets++;
        }
        // An interval's observations lie within the cumulative min and max too: they still bound its quantiles.
        perPoint.push({ t: p.timeUnixNano / 1e6, buckets: explicitBuckets(p.explicitBounds, counts, min, max), observed: p });
      }
      view.lines = quantileLines(perPoint);
      const last = ps[ps.length - 1];
      if (last) {
        view.histogram = histogramView(
          explicitBuckets(last.explicitBounds, last.bucketCounts, last.min, last.max),
          stream.unit,
          windowOf(stream.temporality, last),
          last,
        );
      }
      break;
    }
    case 'exponentialHistogram': {
      const ps = recorded(points as readonly ExponentialHistogramPoint[]);
      const perPoint: { t: number; buckets: Bucket[]; observed: ObservedRange }[] = [];
      for (let i = 0; i < ps.length; i++) {
        const p = ps[i];
        let sample = p as Parameters<typeof exponentialBuckets>[0];
        if (stream.temporality === 'cumulative' && i > 0) {
          const delta = exponentialDelta(ps[i - 1], p);
          if (delta) sample = delta;
          else view.resets++;
        }
        perPoint.push({ t: p.timeUnixNano / 1e6, buckets: exponentialBuckets(sample), observed: p });
      }
      view.lines = quantileLines(perPoint);
      const last = ps[ps.length - 1];
      if (last) view.histogram = histogramView(exponentialBuckets(last), stream.unit, windowOf(stream.temporality, last), last);
      break;
    }
    case 'summary': {
      const ps = recorded(points as readonly SummaryPoint[]);
      const labels = new Map<number, [number, number][]>();
      for (const p of ps) {
        for (const qv of p.quantileValues) {
          let line = labels.get(qv.quantile);
          if (!line) labels.set(qv.quantile, (line = []));
          line.push([p.timeUnixNano / 1e6, qv.value]);
        }
      }
      view.lines = [...labels.entries()].sort((a, b) => a[0] - b[0]).map(([q, pts]) => ({ label: `p${+(q * 100).toFixed(2)}`, points: pts }));
      break;
    }
  }
  const isHeld = options.isHeld ?? (() => false);
  view.exemplars = latestExemplars(points, MAX_EXEMPLAR_DOTS).map((e) => ({
    t: e.timeUnixNano / 1e6,
    v: e.value,
    onAxis: stream.kind === 'sum',
    traceId: e.traceId,
    spanId: e.spanId,
    held: e.traceId !== '' && isHeld(e.traceId),
    text: withUnit(formatNumber(e.value), stream.unit),
  }));
  if (view.axisUnit === 's') inMilliseconds(view);
  view.lineStats = lineStats(view, stream);
  return view;
}

/** "1m", "5m", "1h": the window as Prometheus writes a range. */
function windowText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

function lineStats(view: MetricView, stream: StreamInfo): LineStat[] | undefined {
  if (view.histogram || view.lines.length !== 1 || !view.lines[0].points.length) return undefined;
  const words: UnitWords = { one: view.axisUnitOne, other: view.axisUnit };
  // A gauge holding Unix times says times here as in `latest`.
  const time = (v: number): string | undefined => (stream.kind === 'gauge' ? formatEpochValue(v, stream.unit, stream.name) : undefined);
  const text = (v: number): string => time(v) ?? withWords(formatNumber(v), words);
  const vs = view.lines[0].points.map((p) => p[1]);
  const label = view.mode === 'rate' ? 'rate' : 'value';
  return [
    { label: `${label} now`, text: text(vs[vs.length - 1]) },
    { label: `${label} min`, text: text(Math.min(...vs)) },
    { label: `${label} max`, text: text(Math.max(...vs)) },
  ];
}

/**
 * Durations in seconds (the OTel convention) that stay under a second read better in milliseconds: "77.65 ms",
 * not "0.07765 s". The whole view is scaled, so the axis, the bars and the numbers agree.
 */
function inMilliseconds(view: MetricView): void {
  let max = 0;
  for (const l of view.lines) for (const [, v] of l.points) max = Math.max(max, Math.abs(v));
  for (const q of view.histogram?.quantiles ?? []) max = Math.max(max, Math.abs(q.value));
  if (max === 0 || max >= 1) return;
  view.axisUnit = view.axisUnitOne = 'ms';
  for (const l of view.lines) l.points = l.points.map(([t, v]) => [t, v * 1000]);
  for (const e of view.exemplars) {
    if (e.onAxis) continue;
    e.v *= 1000;
    e.text = withUnit(formatNumber(e.v), 'ms');
  }
  const h = view.histogram;
  if (!h) return;
  const buckets = h.buckets.map((b) => ({ lower: b.lower * 1000, upper: b.upper * 1000, count: b.count }));
  h.buckets = buckets.map((b, i) => ({ ...b, label: bucketLabel(b, i === 0, i === buckets.length - 1) }));
  h.quantiles = h.quantiles.map((q) => ({ ...q, value: q.value * 1000, text: withUnit(formatNumber(q.value * 1000), 'ms') }));
  for (const k of ['sum', 'mean', 'min', 'max'] as const) if (h[k] !== undefined) h[k] = h[k]! * 1000;
}

function windowOf(temporality: Temporality, p: { startTimeUnixNano: number }): string {
  if (temporality === 'delta') return 'last interval';
  return p.startTimeUnixNano > 0 ? `since ${clock(p.startTimeUnixNano)}` : 'since start';
}
