/**
 * OTLP attributes → Prometheus labels, as the OpenTelemetry specification's compatibility rules write them:
 * keys sanitized to `[a-zA-Z_][a-zA-Z0-9_]*`, values as strings, and keys that sanitize alike merged with their
 * values joined by `;` in the order of the original keys.
 */
import type { AttributeValue, Attributes } from '../model/attributes';

/** One label; a series' labels are an array in the order they are written. */
export interface Label {
  name: string;
  value: string;
}

/**
 * Invalid characters become `_` and runs of `_` become one (so no key can start with the reserved `__`);
 * a leading digit gets `key_` before it, as the Collector does.
 */
export function sanitizeLabelName(key: string): string {
  let out = key.replace(/[^a-zA-Z0-9_]/g, '_').replace(/_{2,}/g, '_');
  if (out === '') return 'key_';
  if (/^[0-9]/.test(out)) out = `key_${out}`;
  return out;
}

/** A non-string attribute value as the attribute specification writes it: numbers and booleans plainly, arrays and maps as JSON. */
export function labelValueOf(value: AttributeValue): string {
  if (typeof value === 'string') return value;
  if (value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * The labels of an attribute set, sorted by label name. A key that would take a name in `reserved` (the labels
 * this exposition sets itself: job, instance, le, quantile, otel_scope_*) is written as `exported_<name>`, the
 * name Prometheus itself gives a clashing label. Empty values are left out: in Prometheus an empty label is no label.
 */
export function labelsOf(attributes: Attributes, reserved: (name: string) => boolean = () => false, prefix = ''): Label[] {
  const keys = Object.keys(attributes).sort();
  const merged = new Map<string, string[]>();
  for (const key of keys) {
    let name = sanitizeLabelName(prefix + key);
    if (reserved(name)) name = `exported_${name}`;
    const values = merged.get(name);
    const value = labelValueOf(attributes[key]);
    if (values) values.push(value);
    else merged.set(name, [value]);
  }
  const out: Label[] = [];
  for (const [name, values] of merged) {
    const value = values.join(';');
    if (value !== '') out.push({ name, value });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A label value in the text format: backslash, double quote and line feed escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : '\\n'));
}

/** A key that tells label sets apart (for finding duplicate series). */
export function labelsKey(labels: readonly Label[]): string {
  let out = '';
  for (const l of labels) out += `${l.name.length}:${l.name}${l.value.length}:${l.value}`;
  return out;
}
