/**
 * Which axis ticks and labels a chart can draw in the width it has, without labels running into each other
 * ("100ms140ms120ms"). Pure: the webview measures the text and hands the widths in, so this is unit-tested.
 */

/** Measures a label's width in px, as drawn (the webview measures with the page's font; tests pass a stub). */
export type TextWidth = (text: string) => number;

/** Space kept between two labels, in px. */
const LABEL_GAP_PX = 10;

/** A step of 1, 2 or 5 × 10^k giving about `target` steps over `span`. */
export function niceStep(span: number, target: number): number {
  if (!(span > 0) || !(target > 0)) return 1;
  const raw = span / target;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / p;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

/** The next step of the 1-2-5 sequence above `step`. */
function nextStep(step: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
  const f = Math.round(step / p);
  return (f < 2 ? 2 : f < 5 ? 5 : 10) * p;
}

export interface Tick {
  value: number;
  /** Where it falls on the axis, 0..1. */
  frac: number;
  label: string;
  /** 'start': the label reads rightwards from the tick; 'end': it ends at the tick (the axis's right edge). */
  align: 'start' | 'end';
}

/** Each label's extent in px when drawn from its tick (padding included); flipped to end at the tick where it would overflow. */
function place(values: number[], span: number, widthPx: number, label: (v: number) => string, textWidth: TextWidth, padPx: number): { tick: Tick; from: number; to: number }[] {
  return values.map((value) => {
    const frac = value / span;
    const x = frac * widthPx;
    const text = label(value);
    const w = textWidth(text) + padPx;
    const end = x + w > widthPx;
    return { tick: { value, frac, label: text, align: end ? 'end' : 'start' }, from: end ? x - w : x, to: end ? x : x + w };
  });
}

/**
 * Ticks over [0, span] for an axis `widthPx` wide: the densest 1-2-5 step whose labels all fit side by side
 * (each label reads rightwards from its tick, the last one ends at it if it would overflow; a last one that
 * still clashes is left out), ticks never closer than `minPx`. When not even two labels fit, only the 0
 * tick is kept.
 */
export function fitTicks(span: number, widthPx: number, label: (v: number) => string, textWidth: TextWidth, options: { padPx?: number; gapPx?: number; minPx?: number } = {}): Tick[] {
  const pad = options.padPx ?? 4;
  const gap = options.gapPx ?? LABEL_GAP_PX;
  if (!(span > 0) || !(widthPx > 0)) return [];
  const minPx = options.minPx ?? 60;
  let step = niceStep(span, Math.max(1, Math.floor(widthPx / minPx)));
  for (let tries = 0; tries < 40; tries++, step = nextStep(step)) {
    if ((step / span) * widthPx < minPx) continue;
    const values: number[] = [];
    // A tiny tolerance so that a step dividing the span exactly still reaches its end.
    for (let k = 0; k * step <= span * (1 + 1e-9); k++) values.push(k * step);
    if (values.length < 2) break;
    const placed = place(values, span, widthPx, label, textWidth, pad);
    let firstClash = placed[0].from >= 0 ? placed.length : 0;
    for (let i = 1; firstClash === placed.length && i < placed.length; i++) if (placed[i].from < placed[i - 1].to + gap) firstClash = i;
    if (firstClash === placed.length) return placed.map((p) => p.tick);
    // Only the last label, squeezed against the axis's end, clashes: the step is fine without that tick.
    if (firstClash === placed.length - 1 && placed.length >= 3) return placed.slice(0, -1).map((p) => p.tick);
  }
  return place([0], span, widthPx, label, textWidth, pad).map((p) => p.tick);
}

/**
 * Which of a row of centred labels (bucket labels under bars) to draw so that none touches another or leaves
 * [minX, maxX]: every k-th from the first, for the smallest k that fits, and the last one too when it has room.
 */
export function thinLabels(centers: readonly number[], widths: readonly number[], options: { gapPx?: number; minX?: number; maxX?: number } = {}): number[] {
  const gap = options.gapPx ?? LABEL_GAP_PX;
  const minX = options.minX ?? -Infinity;
  const maxX = options.maxX ?? Infinity;
  const n = centers.length;
  const from = (i: number) => centers[i] - widths[i] / 2;
  const to = (i: number) => centers[i] + widths[i] / 2;
  const inside = (i: number) => from(i) >= minX && to(i) <= maxX;
  for (let k = 1; k <= n; k++) {
    const shown: number[] = [];
    let fits = true;
    for (let i = 0; i < n && fits; i += k) {
      if (!inside(i)) continue; // a label that cannot fit anywhere is left out, not a reason to thin the rest
      if (shown.length && from(i) < to(shown[shown.length - 1]) + gap) fits = false;
      else shown.push(i);
    }
    if (!fits) continue;
    const last = n - 1;
    if (shown.length && shown[shown.length - 1] !== last && inside(last) && from(last) >= to(shown[shown.length - 1]) + gap) shown.push(last);
    return shown;
  }
  return [];
}
