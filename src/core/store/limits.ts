/** The store's caps. Each is a setting in the extension and a flag in the CLI. */
export interface StoreLimits {
  /**
   * What the store may hold, in bytes, across spans, points, series, log records and instances: past it the
   * oldest go first. The counts below are secondary caps.
   */
  maxMemoryBytes: number;
  /** Spans kept across all instances; the oldest go first. */
  maxSpans: number;
  /** Log records kept across all instances; the oldest go first. */
  maxLogRecords: number;
  /** Points kept per Series (a ring buffer). */
  maxPointsPerSeries: number;
  /** Series kept per MetricStream; the least recently updated goes first. */
  maxSeriesPerStream: number;
  /** Instances kept; the least recently seen goes first. */
  maxInstances: number;
}

const MB = 1024 * 1024;

/** The smallest memory budget accepted: below it one request's worth of data would not fit. */
export const MIN_MEMORY_BYTES = 4 * MB;

export const DEFAULT_STORE_LIMITS: Readonly<StoreLimits> = Object.freeze({
  maxMemoryBytes: 256 * MB,
  maxSpans: 100_000,
  maxLogRecords: 50_000,
  maxPointsPerSeries: 500,
  maxSeriesPerStream: 1_000,
  maxInstances: 200,
});

/** Validates caps from a setting or flag; throws a message that names the bad one. */
export function resolveStoreLimits(partial: Partial<StoreLimits> | undefined): StoreLimits {
  const limits: StoreLimits = { ...DEFAULT_STORE_LIMITS };
  // An unset setting or flag arrives as undefined: it means "the default", not "no cap".
  for (const [name, value] of Object.entries(partial ?? {})) if (value !== undefined) (limits as unknown as Record<string, unknown>)[name] = value;
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new RangeError(`${name} must be a whole number of at least 1, got ${JSON.stringify(value)}`);
    }
  }
  if (limits.maxMemoryBytes < MIN_MEMORY_BYTES) {
    throw new RangeError(`maxMemoryBytes must be at least ${formatByteSize(MIN_MEMORY_BYTES)}, got ${formatByteSize(limits.maxMemoryBytes)}`);
  }
  return limits;
}

const UNITS: Record<string, number> = { b: 1, kb: 1024, kib: 1024, mb: MB, mib: MB, gb: 1024 * MB, gib: 1024 * MB };

/**
 * A size as people write it: '256MB', '1.5 GB', '512mib', '4096kb', or a plain number of bytes. KB, MB and GB
 * are binary (1 MB = 1024 × 1024 bytes), as Node's and VS Code's memory settings are. Returns undefined when
 * the text is not a size.
 */
export function parseByteSize(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? Math.floor(text) : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = UNITS[(m[2] || 'b').toLowerCase()];
  if (unit === undefined) return undefined;
  return Math.floor(Number(m[1]) * unit);
}

/** '256 MB', '1.5 GB', '900 KB', '12 B': for messages and the status bar. */
export function formatByteSize(bytes: number): string {
  const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 1 : 0));
  if (bytes >= 1024 * MB) return `${fmt(Math.round((bytes / (1024 * MB)) * 10) / 10)} GB`;
  if (bytes >= MB) return `${fmt(Math.round((bytes / MB) * 10) / 10)} MB`;
  if (bytes >= 1024) return `${fmt(Math.round((bytes / 1024) * 10) / 10)} KB`;
  return `${bytes} B`;
}
