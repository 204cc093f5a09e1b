/**
 * Spans of LLM and agent calls, as the OpenTelemetry GenAI semantic conventions describe them: what was called
 * (`gen_ai.operation.name`: chat, text_completion, generate_content, embeddings, execute_tool, invoke_agent …),
 * which provider and model (`gen_ai.provider.name`, formerly `gen_ai.system`; `gen_ai.request.model`,
 * `gen_ai.response.model`) and how many tokens (`gen_ai.usage.input_tokens` / `output_tokens`, formerly
 * `prompt_tokens` / `completion_tokens`). The conventions are still in development and instrumentations emit
 * several of their versions, so the older names are read too.
 */
import type { AttributeValue, Attributes } from '../model/attributes';
import type { SpanRecord } from '../model/records';

const GEN_AI = {
  operation: 'gen_ai.operation.name',
  provider: 'gen_ai.provider.name',
  /** Before gen_ai.provider.name (conventions up to 1.36). */
  system: 'gen_ai.system',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  /** Before input_tokens / output_tokens. */
  promptTokens: 'gen_ai.usage.prompt_tokens',
  completionTokens: 'gen_ai.usage.completion_tokens',
  agentName: 'gen_ai.agent.name',
  toolName: 'gen_ai.tool.name',
} as const;

/** Operations that wrap other calls: their token counts, when they carry any, repeat their children's. */
const WRAPPING_OPERATIONS = new Set(['invoke_agent', 'create_agent', 'execute_tool', 'invoke_workflow']);

export interface GenAiSpan {
  /** gen_ai.operation.name; '' when the span does not say. */
  operation: string;
  provider: string;
  requestModel: string;
  responseModel: string;
  /** The model that answered, else the one asked for; '' when neither is told. */
  model: string;
  inputTokens?: number;
  outputTokens?: number;
  agentName: string;
  toolName: string;
}

/** The span's GenAI facts, or undefined for a span that is not a GenAI call. Cheap for the others: a few lookups. */
export function genAiOf(span: SpanRecord): GenAiSpan | undefined {
  const a = span.attributes;
  const operation = a[GEN_AI.operation];
  const requestModel = a[GEN_AI.requestModel];
  const system = a[GEN_AI.provider] ?? a[GEN_AI.system];
  if (operation === undefined && requestModel === undefined && system === undefined && a[GEN_AI.responseModel] === undefined) return undefined;
  const responseModel = text(a[GEN_AI.responseModel]);
  return {
    operation: text(operation),
    provider: text(system),
    requestModel: text(requestModel),
    responseModel,
    model: responseModel || text(requestModel),
    inputTokens: count(a, GEN_AI.inputTokens, GEN_AI.promptTokens),
    outputTokens: count(a, GEN_AI.outputTokens, GEN_AI.completionTokens),
    agentName: text(a[GEN_AI.agentName]),
    toolName: text(a[GEN_AI.toolName]),
  };
}

/**
 * Whether the span's tokens count toward an instance's totals: a model call (chat, completion, embeddings…),
 * not an agent or tool span wrapping such calls, which would count them twice.
 */
export function countsTowardTotals(g: GenAiSpan): boolean {
  if (WRAPPING_OPERATIONS.has(g.operation)) return false;
  return g.model !== '' || g.inputTokens !== undefined || g.outputTokens !== undefined;
}

/** One line for the tree and the waterfall: `chat gpt-4o · 1,234 in / 56 out tokens`. */
export function genAiSummary(g: GenAiSpan): string {
  const what = g.operation === 'execute_tool' ? g.toolName : g.operation === 'invoke_agent' || g.operation === 'create_agent' ? g.agentName : '';
  const head = [g.operation, what, g.model].filter((s) => s !== '').join(' ');
  const tokens = tokenText(g.inputTokens, g.outputTokens);
  return [head || 'GenAI call', tokens].filter((s) => s !== '').join(' · ');
}

/** `1,234 in / 56 out tokens`, `12 in tokens`, or '' when no count is told. */
export function tokenText(input: number | undefined, output: number | undefined): string {
  const fmt = (n: number) => n.toLocaleString('en-US');
  if (input !== undefined && output !== undefined) return `${fmt(input)} in / ${fmt(output)} out tokens`;
  if (input !== undefined) return `${fmt(input)} in tokens`;
  if (output !== undefined) return `${fmt(output)} out tokens`;
  return '';
}

function text(v: AttributeValue | undefined): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

/** A token count: a non-negative number (or the decimal text of a large int64). */
function count(a: Attributes, name: string, formerName: string): number | undefined {
  const v = a[name] ?? a[formerName];
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
