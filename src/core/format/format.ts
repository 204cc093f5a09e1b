/** Short human forms shared by the CLI and the extension, so both say the same thing the same way. */

export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  // 0.9999 ms rounds to "1.0ms" below, not "1000µs".
  if (ms < 1 && Math.round(ms * 1000) < 1000) return `${Math.round(ms * 1000)}µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${m}m${s ? ` ${s}s` : ''}`;
}

/** "just now", "12s ago", "7 min ago", "3 h ago", "2 d ago". */
export function formatAge(thenMs: number | undefined, nowMs: number = Date.now()): string {
  if (thenMs === undefined) return 'never';
  const s = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (s < 2) return 'just now';
  if (s < 60) return `${s}s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

/** A number as people read it: integers as they are, others to 4 significant digits, large ones grouped. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return Math.abs(value) >= 1e15 ? value.toExponential(3) : value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e15)) return value.toExponential(3);
  return Number(value.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** Pluralizes an English noun for counts: "1 span", "3 spans". */
export function plural(n: number, noun: string, pluralForm = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : pluralForm}`;
}

export const SEVERITY_NAMES = ['UNSPECIFIED', 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/** SeverityNumber 1–24 in six bands of four; the text the app sent wins when there is one. */
export function severityName(severityNumber: number, severityText: string): string {
  if (severityText) return severityText.toUpperCase();
  if (severityNumber < 1 || severityNumber > 24) return 'UNSPECIFIED';
  const band = Math.ceil(severityNumber / 4);
  const step = (severityNumber - 1) % 4;
  return SEVERITY_NAMES[band] + (step ? String(step + 1) : '');
}
