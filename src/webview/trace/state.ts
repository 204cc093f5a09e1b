/** What the waterfall keeps across hide/show (VS Code's setState): filter, selection, scroll, collapsed spans. */
export interface TraceState {
  filter: string;
  selected: string | null;
  scrollTop: number;
  collapsed: string[];
  /** Width of the name column in px, once the user dragged it. */
  nameWidth: number | null;
}

export function restoreState(saved: Partial<TraceState>): TraceState {
  return {
    filter: typeof saved.filter === 'string' ? saved.filter : '',
    selected: typeof saved.selected === 'string' ? saved.selected : null,
    scrollTop: typeof saved.scrollTop === 'number' ? saved.scrollTop : 0,
    collapsed: Array.isArray(saved.collapsed) ? saved.collapsed.filter((s): s is string => typeof s === 'string') : [],
    nameWidth: typeof saved.nameWidth === 'number' ? saved.nameWidth : null,
  };
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
