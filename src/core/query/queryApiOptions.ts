/** Settings of the query API (`telemetryInspector.queryApi.*` in VS Code). */
export interface QueryApiOptions {
  /** Answer GET /api/v1/… on the OTLP/HTTP port at all. */
  enabled: boolean;
  /**
   * Also answer when the receiver listens beyond loopback (0.0.0.0, a LAN address). Off by default: the data then
   * stays readable from this machine only. The Host check still applies either way.
   */
  allowNonLoopback: boolean;
}

export const DEFAULT_QUERY_API_OPTIONS: Readonly<QueryApiOptions> = Object.freeze({ enabled: true, allowNonLoopback: false });

export function resolveQueryApiOptions(partial: Partial<QueryApiOptions> | undefined): QueryApiOptions {
  const o = { ...DEFAULT_QUERY_API_OPTIONS };
  if (typeof partial?.enabled === 'boolean') o.enabled = partial.enabled;
  if (typeof partial?.allowNonLoopback === 'boolean') o.allowNonLoopback = partial.allowNonLoopback;
  return o;
}
