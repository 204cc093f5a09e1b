/** What the search panel keeps across hide/show (VS Code's setState): the form, the selected trace, the scroll. */
import { normalizeForm, type SearchForm } from '../../core/views/traceSearchView';

export interface SearchState {
  form: SearchForm;
  selected: string | null;
  scrollTop: number;
}

export function restoreState(saved: Partial<SearchState>): SearchState {
  return {
    form: normalizeForm(saved.form),
    selected: typeof saved.selected === 'string' ? saved.selected : null,
    scrollTop: typeof saved.scrollTop === 'number' ? saved.scrollTop : 0,
  };
}
