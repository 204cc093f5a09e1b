/**
 * The words the views put on GenAI (LLM and agent) spans: a span's chip in the waterfall and its details, a
 * trace's model and tokens on its tree row, an instance's tokens per model in its tooltip. Pure text, so the tree
 * (wherever it is drawn), the waterfall and the tests read the same words.
 */
import type { KeyValue } from '../views/keyValues';
import type { LogRecord, SpanRecord } from '../model/records';
import { genAiContent } from './genaiMessages';
import { countsTowardTotals, genAiOf, genAiSummary, tokenText, type GenAiSpan } from './genaiSpan';

/**
 * An instance's use of one model, as store.genai.of(instance) gives it (genaiUsage's ModelUsage). Declared here
 * by its shape so the webviews, which import this file, do not reach the store's code.
 */
export interface ModelTokens {
  model: string;
  provider: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

/** `1.2k`, `56`, `3.4M`: token counts short enough for a row. */
export function shortCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1e6) return `${+(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${+(n / 1e6).toFixed(n < 1e7 ? 1 : 0)}M`;
}

/** A span row's chip in the waterfall: `gpt-4o · 1.2k→56 tok`; '' for a span that is not a GenAI call. */
export function genAiChip(span: SpanRecord): string {
  const g = genAiOf(span);
  if (!g) return '';
  const what = g.model || (g.operation === 'execute_tool' ? g.toolName : g.operation === 'invoke_agent' ? g.agentName : '') || g.operation || 'GenAI';
  const tokens =
    g.inputTokens !== undefined || g.outputTokens !== undefined ? `${g.inputTokens !== undefined ? shortCount(g.inputTokens) : '?'}→${g.outputTokens !== undefined ? shortCount(g.outputTokens) : '?'} tok` : '';
  return tokens ? `${what} · ${tokens}` : what;
}

export interface GenAiTotals {
  /** Model calls (agent and tool spans that wrap calls are not counted). */
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** Models called, most tokens first. */
  models: string[];
}

/** The model calls among `spans`, summed; undefined when there are none. */
export function genAiTotals(spans: Iterable<SpanRecord>): GenAiTotals | undefined {
  let calls = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  const perModel = new Map<string, number>();
  for (const s of spans) {
    const g = genAiOf(s);
    if (!g || !countsTowardTotals(g)) continue;
    calls++;
    inputTokens += g.inputTokens ?? 0;
    outputTokens += g.outputTokens ?? 0;
    if (g.model) perModel.set(g.model, (perModel.get(g.model) ?? 0) + (g.inputTokens ?? 0) + (g.outputTokens ?? 0));
  }
  if (calls === 0) return undefined;
  const models = [...perModel].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([m]) => m);
  return { calls, inputTokens, outputTokens, models };
}

/** A trace's GenAI use in a line: `gpt-4o · 3 calls · 1,234 in / 56 out tokens`; '' when it made no model call. */
export function genAiTotalsText(t: GenAiTotals | undefined): string {
  if (!t) return '';
  const models = t.models.length === 0 ? '' : t.models.length === 1 ? t.models[0] : `${t.models[0]} +${t.models.length - 1}`;
  const calls = t.calls === 1 ? '' : `${t.calls} calls`;
  return [models, calls, tokenText(t.inputTokens, t.outputTokens)].filter((s) => s !== '').join(' · ');
}

/** For a trace row of the tree (its description or tooltip): the trace's model calls, '' when none. */
export function traceGenAiText(spans: Iterable<SpanRecord>): string {
  return genAiTotalsText(genAiTotals(spans));
}

/**
 * An instance's tokens per model, as Markdown for its tooltip: a heading line and a table, most tokens first;
 * '' for an instance that made no model call. `usage` is store.genai.of(instance).
 */
export function instanceGenAiMarkdown(usage: readonly ModelTokens[]): string {
  if (usage.length === 0) return '';
  const n = (x: number) => x.toLocaleString('en-US');
  const cell = (s: string) => s.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);
  const inTotal = usage.reduce((a, u) => a + u.inputTokens, 0);
  const outTotal = usage.reduce((a, u) => a + u.outputTokens, 0);
  const lines = [
    `**LLM tokens** · ${n(inTotal)} in / ${n(outTotal)} out`,
    '',
    '| model | calls | in | out |',
    '| --- | ---: | ---: | ---: |',
    ...usage.map((u) => `| ${cell(u.model)}${u.provider ? ` (${cell(u.provider)})` : ''} | ${n(u.calls)} | ${n(u.inputTokens)} | ${n(u.outputTokens)} |`),
  ];
  return lines.join('\n');
}

/** An instance's tokens in one line (a tree row's description): `gpt-4o 1,234 in / 56 out tokens`, `3 models · …`. */
export function instanceGenAiLine(usage: readonly ModelTokens[]): string {
  if (usage.length === 0) return '';
  const inTotal = usage.reduce((a, u) => a + u.inputTokens, 0);
  const outTotal = usage.reduce((a, u) => a + u.outputTokens, 0);
  return `${usage.length === 1 ? usage[0].model : `${usage.length} models`} · ${tokenText(inTotal, outTotal)}`;
}

export interface GenAiMessageLine {
  side: 'system' | 'input' | 'output';
  role: string;
  text: string;
}

/** A GenAI span in the waterfall's details pane. */
export interface SpanGenAiDetails {
  /** `chat gpt-4o · 1,234 in / 56 out tokens`. */
  summary: string;
  facts: KeyValue[];
  /** The prompt and completion, when the instrumentation captured them. */
  messages: GenAiMessageLine[];
}

export function spanGenAiDetails(span: SpanRecord, logs: readonly LogRecord[] = []): SpanGenAiDetails | undefined {
  const g = genAiOf(span);
  if (!g) return undefined;
  const content = genAiContent(span, logs);
  const messages: GenAiMessageLine[] = [];
  for (const side of ['system', 'input', 'output'] as const) for (const m of content[side]) messages.push({ side, ...m });
  return { summary: genAiSummary(g), facts: genAiFacts(g), messages };
}

function genAiFacts(g: GenAiSpan): KeyValue[] {
  const facts: KeyValue[] = [];
  const add = (k: string, v: string | number | undefined) => {
    if (v !== undefined && v !== '') facts.push([k, typeof v === 'number' ? v.toLocaleString('en-US') : v]);
  };
  add('operation', g.operation);
  add('provider', g.provider);
  add('model', g.requestModel && g.responseModel && g.requestModel !== g.responseModel ? `${g.responseModel} (asked for ${g.requestModel})` : g.model);
  add('input tokens', g.inputTokens);
  add('output tokens', g.outputTokens);
  add('agent', g.agentName);
  add('tool', g.toolName);
  return facts;
}
