/**
 * The bounds of every answer: a default and a maximum number of items per route, a byte budget for the items of
 * one page, and a hard cap on a whole response. A page stops at whichever it reaches first and hands back a cursor,
 * so a store of 100,000 spans is read page by page, never dumped.
 */

export interface LimitRange {
  default: number;
  max: number;
}

export const QUERY_LIMITS = {
  instances: { default: 50, max: 500 },
  traces: { default: 20, max: 200 },
  traceSpans: { default: 200, max: 1000 },
  traceLogs: { default: 50, max: 200 },
  metrics: { default: 50, max: 500 },
  logs: { default: 50, max: 500 },
  pushgatewayGroups: { default: 100, max: 1000 },
  scrapeTargets: { default: 100, max: 1000 },
} as const satisfies Record<string, LimitRange>;

/** The items of one page stop here (UTF-8 bytes of their JSON). */
export const PAGE_BUDGET_BYTES = 768 * 1024;

/** No response is larger: past it the route has a bug, and answers 500 instead of sending it. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/** Attribute and body strings longer than this are clipped, saying how much was left out. */
export const MAX_STRING_CHARS = 1024;
export const MAX_BODY_CHARS = 4096;
/** Attribute maps, arrays and nested values past these sizes are clipped too. */
export const MAX_ATTRIBUTES = 64;
export const MAX_ARRAY_ITEMS = 32;
export const MAX_DEPTH = 4;
/** Events shown per span. */
export const MAX_EVENTS_PER_SPAN = 20;
/** Names listed per Pushgateway group or scrape target. */
export const MAX_NAMES_LISTED = 20;
