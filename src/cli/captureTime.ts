/** --since / --until as people type them: an ISO 8601 time, a duration ago (15m), or Unix nanoseconds. */
import { parseDuration } from '../core/pushgateway/duration';
import { UsageError } from './args';

export function parseTimeArg(flag: string, text: string, nowMs: number = Date.now()): bigint {
  const t = text.trim();
  if (/^\d{16,}$/.test(t)) return BigInt(t); // Unix ns, as OTLP writes times
  if (/^\d+(?:\.\d+)?(?:ms|s|m|h|d|w)/.test(t)) {
    try {
      return BigInt(nowMs - parseDuration(t)) * 1_000_000n;
    } catch (err) {
      throw new UsageError(`${flag}: ${(err as Error).message}`);
    }
  }
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) throw new UsageError(`${flag} takes an ISO 8601 time (2025-06-01T12:00:00Z), a duration ago (15m) or Unix nanoseconds; got "${text}"`);
  return BigInt(ms) * 1_000_000n;
}
