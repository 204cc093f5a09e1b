/**
 * The prompt and the completion of a GenAI span, when the instrumentation captured them (it is opt-in). They come
 * in the shapes the conventions had over time, and all are read:
 *  - attributes `gen_ai.system_instructions`, `gen_ai.input.messages`, `gen_ai.output.messages` (JSON text or a
 *    structured value: messages of `{role, parts: [{type: 'text', content} | {type: 'tool_call', …} …]}`), on
 *    the span or on a `gen_ai.client.inference.operation.details` event or log record;
 *  - one event or log record per message: `gen_ai.system.message`, `gen_ai.user.message`,
 *    `gen_ai.assistant.message`, `gen_ai.tool.message` (`{content}`) and `gen_ai.choice` (`{message}`);
 *  - the oldest: `gen_ai.prompt` / `gen_ai.completion` (JSON text) on `gen_ai.content.prompt` /
 *    `gen_ai.content.completion` events, or flattened as `gen_ai.prompt.0.role`, `gen_ai.prompt.0.content` ….
 */
import { formatAttributeValue, type AttributeValue, type Attributes } from '../model/attributes';
import type { LogRecord, SpanRecord } from '../model/records';

export interface GenAiMessage {
  role: string;
  text: string;
}

export interface GenAiContent {
  system: GenAiMessage[];
  input: GenAiMessage[];
  output: GenAiMessage[];
}

const DETAILS_EVENT = 'gen_ai.client.inference.operation.details';
const MESSAGE_EVENTS: Record<string, keyof GenAiContent> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'input',
  'gen_ai.assistant.message': 'input',
  'gen_ai.tool.message': 'input',
  'gen_ai.choice': 'output',
};

/** The span's captured messages; `logs` are the span's log records (events sent as logs), oldest first. */
export function genAiContent(span: SpanRecord, logs: readonly LogRecord[] = []): GenAiContent {
  const out: GenAiContent = { system: [], input: [], output: [] };
  fromAttributes(span.attributes, out);
  fromFlattened(span.attributes, out);
  for (const ev of span.events) fromEvent(ev.name, ev.attributes, undefined, out);
  for (const r of logs) fromEvent(r.eventName || text(r.attributes['event.name']), r.attributes, r.body, out);
  return out;
}

function fromAttributes(a: Attributes, out: GenAiContent): void {
  if (a['gen_ai.system_instructions'] !== undefined) out.system.push(...parts(parse(a['gen_ai.system_instructions']), 'system'));
  if (a['gen_ai.input.messages'] !== undefined) out.input.push(...messages(parse(a['gen_ai.input.messages']), 'user'));
  if (a['gen_ai.output.messages'] !== undefined) out.output.push(...messages(parse(a['gen_ai.output.messages']), 'assistant'));
}

function fromEvent(name: string, attributes: Attributes, body: AttributeValue | undefined, out: GenAiContent): void {
  if (name === DETAILS_EVENT) return fromAttributes(attributes, out);
  if (name === 'gen_ai.content.prompt' && attributes['gen_ai.prompt'] !== undefined) {
    out.input.push(...messages(parse(attributes['gen_ai.prompt']), 'user'));
    return;
  }
  if (name === 'gen_ai.content.completion' && attributes['gen_ai.completion'] !== undefined) {
    out.output.push(...messages(parse(attributes['gen_ai.completion']), 'assistant'));
    return;
  }
  const side = MESSAGE_EVENTS[name];
  if (!side) return;
  // The message is the record's body; an event on a span has no body, so its attributes stand in.
  const value = body !== undefined && body !== null && body !== '' ? parse(body) : attributes;
  const role = name === 'gen_ai.choice' ? 'assistant' : name.slice('gen_ai.'.length, -'.message'.length);
  out[side].push(...messages([value], role));
}

/** `gen_ai.prompt.0.role` + `gen_ai.prompt.0.content`, in index order. */
function fromFlattened(a: Attributes, out: GenAiContent): void {
  const found: { side: 'input' | 'output'; i: number; role: string; content: string }[] = [];
  for (const key of Object.keys(a)) {
    const m = /^gen_ai\.(prompt|completion)\.(\d+)\.content$/.exec(key);
    if (!m) continue;
    const side = m[1] === 'prompt' ? 'input' : 'output';
    found.push({ side, i: Number(m[2]), role: text(a[`gen_ai.${m[1]}.${m[2]}.role`]) || (side === 'input' ? 'user' : 'assistant'), content: text(a[key]) });
  }
  found.sort((x, y) => x.i - y.i);
  for (const f of found) out[f.side].push({ role: f.role, text: f.content });
}

/** JSON text becomes its value; other text stays text. */
function parse(v: AttributeValue): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (t.startsWith('[') || t.startsWith('{')) {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return v;
    }
  }
  return v;
}

function messages(value: unknown, defaultRole: string): GenAiMessage[] {
  const list = Array.isArray(value) ? value : [value];
  const out: GenAiMessage[] = [];
  for (const m of list) {
    if (typeof m === 'string') {
      out.push({ role: defaultRole, text: m });
      continue;
    }
    if (!m || typeof m !== 'object') continue;
    const o = m as Record<string, unknown>;
    // A choice wraps its message.
    if (o.message && typeof o.message === 'object') {
      out.push(...messages(o.message, defaultRole));
      continue;
    }
    const role = typeof o.role === 'string' && o.role ? o.role : defaultRole;
    const pieces: string[] = [];
    if (Array.isArray(o.parts)) pieces.push(...o.parts.map(partText));
    else if (o.content !== undefined && o.content !== null) pieces.push(typeof o.content === 'string' ? o.content : Array.isArray(o.content) ? o.content.map(partText).join('\n') : JSON.stringify(o.content));
    if (Array.isArray(o.tool_calls)) pieces.push(...o.tool_calls.map(toolCallText));
    out.push({ role, text: pieces.filter((p) => p !== '').join('\n') });
  }
  return out;
}

function parts(value: unknown, role: string): GenAiMessage[] {
  if (typeof value === 'string') return [{ role, text: value }];
  if (!Array.isArray(value)) return [];
  return [{ role, text: value.map(partText).filter((p) => p !== '').join('\n') }];
}

function partText(p: unknown): string {
  if (typeof p === 'string') return p;
  if (!p || typeof p !== 'object') return '';
  const o = p as Record<string, unknown>;
  switch (o.type) {
    case 'tool_call':
      return toolCallText(o);
    case 'tool_call_response':
      return `← ${typeof o.response === 'string' ? o.response : JSON.stringify(o.response)}`;
    default:
      if (typeof o.content === 'string') return o.content;
      if (typeof o.text === 'string') return o.text;
      return `[${typeof o.type === 'string' ? o.type : 'part'}]`;
  }
}

/** `→ get_weather({"city":"Paris"})`, from a part or an OpenAI-style tool call. */
function toolCallText(c: unknown): string {
  if (!c || typeof c !== 'object') return '';
  const o = c as Record<string, unknown>;
  const fn = (o.function && typeof o.function === 'object' ? o.function : o) as Record<string, unknown>;
  const args = fn.arguments ?? fn.args;
  return `→ ${text(fn.name as AttributeValue)}(${args === undefined ? '' : typeof args === 'string' ? args : JSON.stringify(args)})`;
}

function text(v: AttributeValue | undefined): string {
  return v === undefined || v === null ? '' : formatAttributeValue(v);
}
