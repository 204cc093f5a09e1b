/** Short phrases the tools share, so every answer says times, ages and attributes the same way. */
import { formatDurationMs, formatNumber } from '../format/format';
import type { Attributes } from '../model/attributes';
import { formatAttributeValue } from '../model/attributes';

/** "3s ago", "4 min ago"; "never" for null. */
export function ago(ageMs: number | null | undefined): string {
  if (ageMs === null || ageMs === undefined) return 'never';
  if (ageMs < 1500) return 'just now';
  return `${formatDurationMs(ageMs).replace(/\.\d+s$/, 's')} ago`;
}

export function ageOf(iso: string | null, nowMs: number): string {
  return iso === null ? 'never' : ago(Math.max(0, nowMs - Date.parse(iso)));
}

export { formatDurationMs as duration, formatNumber as num };

/** `{route=/checkout, code=200}`, values clipped, at most `max` attributes then "+N more". */
export function attributesText(attributes: Attributes, max = 8, valueChars = 80): string {
  const keys = Object.keys(attributes);
  if (keys.length === 0) return '';
  const parts = keys.slice(0, max).map((k) => {
    const v = formatAttributeValue(attributes[k]);
    return `${k}=${v.length > valueChars ? `${v.slice(0, valueChars)}…` : v}`;
  });
  if (keys.length > max) parts.push(`+${keys.length - max} more`);
  return `{${parts.join(', ')}}`;
}

/** `checkout/find-1`, or the service alone. */
export function who(service: string, instance: string): string {
  return instance ? `${service}/${instance}` : service;
}
