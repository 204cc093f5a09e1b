/**
 * What the waterfall keeps across hide/show (VS Code's setState): filter, selection, scroll, collapsed spans, and
 * which trace it shows, which is what restores the panel after a window reload (the host's panel serializer).
 */
export interface TraceState {
  /** The trace shown: its id, and the instance when the panel shows one instance's spans. */
  target: { traceId: string; instanceKey?: string } | null;
  filter: string;
  selected: string | null;
  scrollTop: number;
  collapsed: string[];
  /** Width of the name column in px, once the user dragged it. */
  nameWidth: number | null;
}

export function restoreState(saved: Partial<TraceState>): TraceState {
  return {
    target: pageTarget() ?? (isTarget(saved.target) ? saved.target : null),
    filter: typeof saved.filter === 'string' ? saved.filter : '',
    selected: typeof saved.selected === 'string' ? saved.selected : null,
    scrollTop: typeof saved.scrollTop === 'number' ? saved.scrollTop : 0,
    collapsed: Array.isArray(saved.collapsed) ? saved.collapsed.filter((s): s is string => typeof s === 'string') : [],
    nameWidth: typeof saved.nameWidth === 'number' ? saved.nameWidth : null,
  };
}

function isTarget(t: unknown): t is { traceId: string; instanceKey?: string } {
  if (!t || typeof t !== 'object') return false;
  const { traceId, instanceKey } = t as { traceId?: unknown; instanceKey?: unknown };
  return typeof traceId === 'string' && (instanceKey === undefined || typeof instanceKey === 'string');
}

/** The trace this page was made for (the host writes it in the body's data-target). */
function pageTarget(): TraceState['target'] {
  try {
    const t: unknown = JSON.parse(document.body.dataset.target ?? 'null');
    return isTarget(t) ? { traceId: t.traceId, ...(t.instanceKey === undefined ? {} : { instanceKey: t.instanceKey }) } : null;
  } catch {
    return null;
  }
}

/** Saves the state a moment after it changes (scrolling changes it many times a second). */
export function stateSaver(save: (state: TraceState) => void, state: TraceState, collapsed: Set<string>): () => void {
  let timer = 0;
  return () => {
    if (timer) return;
    timer = window.setTimeout(() => {
      timer = 0;
      state.collapsed = [...collapsed];
      save(state);
    }, 150);
  };
}
