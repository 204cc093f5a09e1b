// The package ships no types. Its output follows prom2json: every number is a string as written,
// histogram buckets and summary quantiles are objects keyed by the `le` / `quantile` label value.
declare module 'parse-prometheus-text-format' {
  export interface ParsedSample {
    labels?: Record<string, string>;
    /** Counters, gauges, untyped samples and summary quantile lines before they are folded. */
    value?: string;
    timestamp_ms?: string;
    /** Histograms (folded): `le` → cumulative count. */
    buckets?: Record<string, string>;
    /** Summaries (folded): `quantile` → value. */
    quantiles?: Record<string, string>;
    count?: string;
    sum?: string;
  }

  export interface ParsedFamily {
    name: string;
    help: string;
    /** Upper case: COUNTER, GAUGE, HISTOGRAM, SUMMARY, UNTYPED (or whatever the TYPE line said). */
    type: string;
    metrics: ParsedSample[];
  }

  /** Throws an Error named InvalidLineError on a line it cannot read. */
  export default function parsePrometheusTextFormat(text: string): ParsedFamily[];
}
