/**
 * The trace search panel: one per window. The webview sends the form as the user types; this runs the search over
 * every instance's traces (findData.runSearch: the shared filter of core/search, the view of core/views) and posts
 * what matched; live data runs it again (at most once a second, only while visible, as every LivePanel).
 * The messages both ways are SearchToHost and SearchToWebview (webview/shared/messages).
 */
import type { StoreChange } from '../../core/store/change';
import { EMPTY_FORM, normalizeForm, type SearchForm, type SearchView } from '../../core/views/traceSearchView';
import type { CommonToHost, SearchToHost, SearchToWebview } from '../../webview/shared/messages';
import { runSearch, type SpanRef } from './findData';
import { LivePanel, type PanelHost } from './livePanel';

const SEARCH_VIEW_TYPE = 'telemetryInspector.search';
const SEARCH_KEY = 'search';

/** What the search panel needs from the one that owns it. */
export interface SearchPanelHost extends PanelHost {
  openTrace(ref: SpanRef): Promise<unknown>;
}

export class SearchPanel extends LivePanel<SearchToHost, SearchToWebview> {
  private form: SearchForm = EMPTY_FORM;
  /** The webview's latest question. */
  private seq = 0;
  /** A form given by a command, shown by the page once it (re)loads. */
  private given: SearchForm | undefined;
  /** The last answer posted (tests read what the panel shows). */
  lastView: SearchView | null = null;
  private searching: Promise<void> = Promise.resolve();

  constructor(
    protected override readonly host: SearchPanelHost,
    form?: Partial<SearchForm>,
  ) {
    super(host, SEARCH_KEY, SEARCH_VIEW_TYPE, 'search', 'Find Traces');
    if (form) this.given = normalizeForm({ ...EMPTY_FORM, ...form });
  }

  /** Shows the panel with this filter (the command was given one). */
  setForm(form: Partial<SearchForm>): void {
    this.given = normalizeForm({ ...EMPTY_FORM, ...form });
    this.form = this.given;
    void this.search(true);
  }

  /** Activates the i-th row as a click would, through the page (tests). */
  activateRow(index: number): void {
    void this.post({ type: 'activateRow', index });
  }

  protected concerns(change: StoreChange): boolean {
    if (change.cleared || change.removed.length > 0) return true;
    for (const signals of change.updated.values()) if (signals.has('traces')) return true;
    return false;
  }

  protected async refresh(): Promise<void> {
    await this.search(false);
  }

  protected async onMessage(msg: Exclude<SearchToHost, CommonToHost>): Promise<void> {
    switch (msg.type) {
      case 'hello':
        // A form given by a command wins over the one the page kept.
        if (this.given) this.form = this.given;
        else this.form = normalizeForm(msg.form);
        this.seq = 0;
        void this.search(this.given !== undefined);
        break;
      case 'search':
        this.form = normalizeForm(msg.form);
        this.given = undefined;
        this.seq = msg.seq;
        void this.search(false);
        break;
      case 'openTrace':
        void this.host.openTrace({ traceId: msg.traceId, instanceKey: msg.instanceKey });
        break;
    }
  }

  /** Searches and posts; one at a time, in order, so a slow search cannot answer after a newer one. */
  private search(fillForm: boolean): Promise<void> {
    this.searching = this.searching.then(async () => {
      const form = this.form;
      const seq = this.seq;
      const { view, errors } = await runSearch(this.host.engine, form);
      this.generation++;
      this.updates++;
      this.lastView = view;
      const title = view && view.filterText ? `Find Traces: ${view.filterText}` : 'Find Traces';
      this.panel.title = title.length > 60 ? `${title.slice(0, 59)}…` : title;
      await this.post({ type: 'results', generation: this.generation, seq, view, errors, ...(fillForm ? { form } : {}) });
    });
    return this.searching;
  }
}
