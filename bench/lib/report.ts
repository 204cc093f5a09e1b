/** One line of the results table, how it prints, and the JSON file a run writes. */

export interface Row {
  /** Figure number in bench/README.md (1–5). */
  figure: number;
  /** Stable id, e.g. "decode.traces". */
  id: string;
  /** What is measured, for the table. */
  label: string;
  unit: string;
  /** Median of the subject's samples. */
  subject: number;
  /** Median of the baseline's samples, measured in the same run; absent for absolute figures. */
  baseline?: number;
  /** Median over rounds of subject/baseline (each round's pair ran back to back). */
  ratio?: number;
  /** The goal as text, e.g. "≥ 5×". */
  goal: string;
  /** Whether the goal is met; undefined in smoke runs (numbers only, no verdict). */
  met?: boolean;
  /** Raw samples and anything else worth keeping (heap points, percentiles, settings). */
  details?: Record<string, unknown>;
}

export interface RunInfo {
  startedAt: string;
  durationS: number;
  smoke: boolean;
  node: string;
  v8: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  totalMemMb: number;
  loadAvgAtStart: number[];
  /** 1-minute load average before and after each bench: above the core count, other tenants competed. */
  loadAvgByBench: Record<string, [number, number]>;
  only: string[];
}

export interface Results {
  run: RunInfo;
  rows: Row[];
  failures: { bench: string; error: string }[];
}

export function formatNumber(n: number | undefined, unit = ''): string {
  if (n === undefined || Number.isNaN(n)) return '—';
  const abs = Math.abs(n);
  let s: string;
  if (abs >= 1e6) s = `${(n / 1e6).toFixed(2)}M`;
  else if (abs >= 1e4) s = `${(n / 1e3).toFixed(1)}k`;
  else if (abs >= 100) s = n.toFixed(0);
  else if (abs >= 10) s = n.toFixed(1);
  else s = n.toFixed(2);
  return unit ? `${s} ${unit}` : s;
}

export function formatTable(rows: Row[]): string {
  const header = ['#', 'figure', 'subject', 'baseline', 'ratio', 'goal', 'met?'];
  const lines = rows.map((r) => [
    String(r.figure),
    r.label,
    formatNumber(r.subject, r.unit),
    r.baseline === undefined ? '—' : formatNumber(r.baseline, r.unit),
    r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`,
    r.goal,
    r.met === undefined ? 'n/a' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)].join('\n');
}
