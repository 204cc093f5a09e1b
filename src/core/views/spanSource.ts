/**
 * Where a span's code lives, from the OTel `code.*` attributes: the current names (`code.file.path`,
 * `code.line.number`, `code.column.number`, `code.function.name`) and the older ones still sent by many SDKs
 * (`code.filepath`, `code.lineno`, `code.column`, `code.function`, `code.namespace`). The current names win.
 */
import type { Attributes, AttributeValue } from '../model/attributes';

export interface SpanSource {
  path: string;
  /** 1-based, as the conventions count; undefined when not sent or not a positive whole number. */
  line?: number;
  column?: number;
  /** For display: "Namespace.function" when both were sent under the older names. */
  function?: string;
}

function text(v: AttributeValue | undefined): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function positive(v: AttributeValue | undefined): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

export function spanSource(attributes: Attributes): SpanSource | undefined {
  const path = text(attributes['code.file.path']) ?? text(attributes['code.filepath']);
  if (!path) return undefined;
  const line = positive(attributes['code.line.number']) ?? positive(attributes['code.lineno']);
  const column = positive(attributes['code.column.number']) ?? positive(attributes['code.column']);
  let fn = text(attributes['code.function.name']);
  if (!fn) {
    const old = text(attributes['code.function']);
    const ns = text(attributes['code.namespace']);
    fn = old && ns ? `${ns}.${old}` : old;
  }
  const source: SpanSource = { path };
  if (line !== undefined) source.line = line;
  if (column !== undefined) source.column = column;
  if (fn !== undefined) source.function = fn;
  return source;
}

/** "handler (src/app.ts:42)", or "src/app.ts:42:7" without a function. */
export function describeSource(source: SpanSource): string {
  const where = `${source.path}${source.line ? `:${source.line}${source.column ? `:${source.column}` : ''}` : ''}`;
  return source.function ? `${source.function} (${where})` : where;
}
