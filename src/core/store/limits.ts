/** The store's caps. Each is a setting in the extension and a flag in the CLI. */
export interface StoreLimits {
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

export const DEFAULT_STORE_LIMITS: Readonly<StoreLimits> = Object.freeze({
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
  return limits;
}
