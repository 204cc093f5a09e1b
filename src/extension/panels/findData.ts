/**
 * The find-and-compare panels' reads, each one call on the engine's interface (answered where the data lives,
 * src/core/api/findQueries.ts).
 */
import type { EngineApi } from '../../core/api/engineApi';
import type { TraceRef } from '../../core/api/findQueries';
import type { SearchForm } from '../../core/views/traceSearchView';

export type { ComparePick, SpanRef, TraceRef } from '../../core/api/findQueries';

export const runSearch = (engine: EngineApi, form: SearchForm) => engine.searchTraces(form);
export const traceSignature = (engine: EngineApi, refs: TraceRef[]) => engine.traceSignature(refs);
export const diffView = (engine: EngineApi, baseline: TraceRef, current: TraceRef) => engine.diffView(baseline, current);
export const traceInfo = (engine: EngineApi, ref: TraceRef) => engine.traceInfo(ref);
export const baselineFor = (engine: EngineApi, current: TraceRef) => engine.baselineFor(current);
export const comparePicks = (engine: EngineApi, current: TraceRef) => engine.comparePicks(current);
export const logTraceRef = (engine: EngineApi, arg: unknown) => engine.logTraceRef(arg);
export const isTraceHeld = (engine: EngineApi, traceId: string) => engine.isTraceHeld(traceId);
