/**
 * An instance's LLM calls and tokens per model, counted as spans arrive, so an agent's token use shows without a
 * Pushgateway or a metrics pipeline. The totals are what the instance reported since it was first seen (like the
 * received counts of its signals): evicting old spans does not lower them, and a span sent again replaces its
 * earlier count instead of adding to it. Bounded: past MAX_MODELS models an instance's further models share one
 * row, and the totals go with their instance when the store drops it.
 */
import type { SpanRecord } from '../model/records';
import type { Instance } from '../store/instance';
import { LazySpan } from '../otlp/protobuf/lazySpan';
import { countsTowardTotals, genAiOf } from './genaiSpan';

export interface ModelUsage {
  /** The model that answered (gen_ai.response.model), else the one asked for; OTHER_MODELS past the cap. */
  model: string;
  /** The provider last seen for it (gen_ai.provider.name or gen_ai.system); '' when not told. */
  provider: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

export const MAX_MODELS = 32;
export const OTHER_MODELS = '(other models)';
const UNKNOWN_MODEL = '(model not told)';

export class GenAiUsage {
  // Keyed by the Instance object: a dropped instance takes its totals with it, without a hook.
  private readonly byInstance = new WeakMap<Instance, Map<string, ModelUsage>>();

  /** The store stored `span` for `instance`, replacing `previous` (the same span id sent before), if any. */
  spanStored(instance: Instance, span: SpanRecord, previous: SpanRecord | undefined): void {
    if (previous) this.apply(instance, previous, -1);
    this.apply(instance, span, 1);
  }

  /** The instance's totals, the model with the most tokens first; [] for an instance with no GenAI calls. */
  of(instance: Instance): ModelUsage[] {
    const models = this.byInstance.get(instance);
    if (!models) return [];
    return [...models.values()]
      .filter((m) => m.calls > 0)
      .map((m) => ({ ...m }))
      .sort((a, b) => b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens) || b.calls - a.calls || a.model.localeCompare(b.model));
  }

  private apply(instance: Instance, span: SpanRecord, sign: 1 | -1): void {
    // Most spans are not GenAI calls: a lazily decoded span whose bytes never mention gen_ai. is not decoded for this.
    if (span instanceof LazySpan && !span.mayContain('gen_ai.')) return;
    const g = genAiOf(span);
    if (!g || !countsTowardTotals(g)) return;
    let models = this.byInstance.get(instance);
    if (!models) {
      if (sign < 0) return;
      this.byInstance.set(instance, (models = new Map()));
    }
    let key = g.model || UNKNOWN_MODEL;
    if (!models.has(key) && models.size >= MAX_MODELS) key = OTHER_MODELS;
    let usage = models.get(key);
    if (!usage) {
      if (sign < 0) return;
      models.set(key, (usage = { model: key, provider: '', calls: 0, inputTokens: 0, outputTokens: 0 }));
    }
    if (g.provider && sign > 0) usage.provider = g.provider;
    usage.calls += sign;
    usage.inputTokens += sign * (g.inputTokens ?? 0);
    usage.outputTokens += sign * (g.outputTokens ?? 0);
  }
}
