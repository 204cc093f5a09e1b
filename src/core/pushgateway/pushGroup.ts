import type { ParsedSample } from 'parse-prometheus-text-format';
import { convertSample, ExpositionError, promType, type PromFamily } from '../scrape/exposition';
import { groupingKeyId, type GroupingKey } from './groupingKey';

/** One group on a Pushgateway, as `GET /api/v1/metrics` describes it. */
export interface PushGroup {
  /** Stable across polls: derived from the grouping key. */
  id: string;
  /** `job` plus the other grouping labels. */
  groupingKey: GroupingKey;
  job: string;
  /** `push_time_seconds`: the last successful PUT/POST (undefined when there has been none). */
  lastPushMs: number | undefined;
  /** `push_failure_time_seconds`: the last failed PUT/POST (undefined when there has been none). */
  lastFailureMs: number | undefined;
  lastPushSuccessful: boolean;
  /** What was pushed, less the two timestamp families above; series carry only their own labels. */
  families: PromFamily[];
}

export class PayloadError extends Error {}

const PUSH_TIME = 'push_time_seconds';
const FAILURE_TIME = 'push_failure_time_seconds';

interface ApiFamily {
  type?: string;
  help?: string;
  metrics?: ParsedSample[];
}

/** Reads the body of `GET /api/v1/metrics`; anything not shaped like it is a PayloadError. */
export function parseMetricsApi(body: string): PushGroup[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new PayloadError(`not JSON: "${body.replace(/\s+/g, ' ').trim().slice(0, 80)}"`);
  }
  const top = json as { status?: unknown; data?: unknown };
  if (!top || typeof top !== 'object' || Array.isArray(top)) throw new PayloadError('not a Pushgateway API answer (expected an object with "data")');
  if (top.status !== 'success') throw new PayloadError(`status is ${JSON.stringify(top.status)}, not "success"`);
  if (!Array.isArray(top.data)) throw new PayloadError('"data" is not a list of groups');
  return top.data.map((g, i) => parseGroup(g, i));
}

function parseGroup(raw: unknown, index: number): PushGroup {
  if (!raw || typeof raw !== 'object') throw new PayloadError(`group ${index} is not an object`);
  const group = raw as Record<string, unknown>;
  const labels = group.labels as Record<string, unknown> | undefined;
  if (!labels || typeof labels !== 'object') throw new PayloadError(`group ${index} has no "labels"`);
  const key: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    if (typeof v !== 'string') throw new PayloadError(`group ${index}: label "${k}" is not a string`);
    key[k] = v;
  }
  if (!key.job) throw new PayloadError(`group ${index} has no job label`);
  const families: PromFamily[] = [];
  let lastPushMs: number | undefined;
  let lastFailureMs: number | undefined;
  try {
    for (const [name, value] of Object.entries(group)) {
      if (name === 'labels' || name === 'last_push_successful') continue;
      if (!value || typeof value !== 'object' || !Array.isArray((value as ApiFamily).metrics)) {
        throw new PayloadError(`group ${index}: "${name}" is not a metric family`);
      }
      const f = value as ApiFamily;
      const type = promType(f.type);
      const series = f.metrics!.map((m) => convertSample(m, type, name, key));
      if (name === PUSH_TIME || name === FAILURE_TIME) {
        const seconds = series[0]?.value;
        const ms = seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : undefined;
        if (name === PUSH_TIME) lastPushMs = ms;
        else lastFailureMs = ms;
        continue;
      }
      families.push({ name, type, help: typeof f.help === 'string' ? f.help : '', series });
    }
  } catch (err) {
    if (err instanceof ExpositionError) throw new PayloadError(`group ${index}: ${err.message}`);
    throw err;
  }
  families.sort((a, b) => a.name.localeCompare(b.name));
  const successful = group.last_push_successful;
  return {
    id: groupingKeyId(key),
    groupingKey: key,
    job: key.job,
    lastPushMs,
    lastFailureMs,
    // Older gateways leave the flag out: the two timestamps then tell.
    lastPushSuccessful: typeof successful === 'boolean' ? successful : (lastFailureMs ?? 0) <= (lastPushMs ?? 0),
    families,
  };
}
