/**
 * The waterfall's behaviour: takes the host's layouts, filter answers and span details; selects, expands and
 * collapses; asks the host to filter; keeps the user's place (scroll, selection, focus) across redraws.
 */
import type { SpanDetails } from '../../core/views/spanDetails';
import type { Channel } from '../shared/channel';
import { showApp } from '../shared/dom';
import type { TraceToHost, TraceToWebview } from '../shared/messages';
import { focusName, viewStateReporter, type ViewStateReporter } from '../shared/viewState';
import { Axis } from './axis';
import { drawDetails } from './details';
import { drawHeader } from './header';
import { filterCountText } from './labels';
import type { TracePage } from './page';
import { ROW_H, RowList } from './rows';
import { TraceSession } from './session';
import { stateSaver, type TraceState } from './state';

type LayoutMessage = Extract<TraceToWebview, { type: 'layout' }>;
type FilteredMessage = Extract<TraceToWebview, { type: 'filtered' }>;

export class Waterfall {
  readonly session: TraceSession;
  readonly rows: RowList;
  readonly saveState: () => void;
  private readonly report: ViewStateReporter;
  private details: SpanDetails | null = null;
  private filterSeq = 0;
  private firstLayout = true;
  /** The last generation whose first draw was reported. */
  private reported = -1;
  private frame = 0;
  private readonly axis: Axis;
  /** The filter's next answer follows a new query (the list starts from its top), not a redraw. */
  private scrollOnAnswer = false;
  /** A span the host asked to show before the layout holding it arrived. */
  private pendingReveal: string | null = null;

  constructor(
    readonly page: TracePage,
    readonly state: TraceState,
    private readonly channel: Channel<TraceToHost, TraceToWebview, TraceState>,
  ) {
    const collapsed = new Set(state.collapsed);
    this.session = new TraceSession(collapsed);
    this.rows = new RowList(page, this.session, () => this.state.selected);
    this.axis = new Axis(page);
    this.saveState = stateSaver((s) => channel.setState(s), state, collapsed);
    this.report = viewStateReporter(channel.post, () => ({
      generation: this.session.generation,
      heading: page.h1.textContent ?? '',
      note: page.banner.hidden ? '' : (page.banner.textContent ?? ''),
      scrollTop: page.viewport.scrollTop,
      scrollHeight: page.viewport.scrollHeight,
      clientHeight: page.viewport.clientHeight,
      topItem: this.topItem(),
      selected: this.state.selected,
      focus: focusName(),
    }));
  }

  /** The span of the first row in view. */
  topItem(): string | null {
    const { layout, order } = this.session;
    const i = order[Math.floor(this.page.viewport.scrollTop / ROW_H)];
    return layout && i !== undefined ? layout.rows[i].spanId : null;
  }

  post(message: TraceToHost): void {
    this.channel.post(message);
  }

  scheduleRender(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => ((this.frame = 0), this.render()));
  }

  render(): number {
    // The axis follows the width (window resized, name column dragged); drawn again only when that changed.
    this.axis.draw(this.session);
    const n = this.rows.render(this.state.filter);
    this.report.changed();
    return n;
  }

  onScroll(): void {
    this.state.scrollTop = this.page.viewport.scrollTop;
    this.saveState();
    this.scheduleRender();
  }

  scrollTo(top: number): void {
    this.page.viewport.scrollTop = top;
    this.onScroll();
  }

  /** The row at the top of the view and how far it is scrolled past, to find it again after a redraw. */
  private anchor(): { spanId: string; offset: number } | undefined {
    const spanId = this.topItem();
    return spanId ? { spanId, offset: this.page.viewport.scrollTop % ROW_H } : undefined;
  }

  /** Scrolls so the anchor's row is at the top again, wherever the new order put it. */
  private restoreAnchor(anchor: { spanId: string; offset: number } | undefined): void {
    if (!anchor) return;
    const k = this.session.order.indexOf(this.session.rowIndex(anchor.spanId));
    if (k < 0) return;
    this.rows.sizeSpacer();
    this.page.viewport.scrollTop = k * ROW_H + anchor.offset;
    this.state.scrollTop = this.page.viewport.scrollTop;
  }

  // ---- selection and the tree --------------------------------------------------------------------------------

  select(spanId: string | null, scroll = false): void {
    const { session, rows } = this;
    this.state.selected = spanId;
    this.saveState();
    if (spanId) this.post({ type: 'select', spanId });
    this.drawDetails();
    if (scroll && spanId && session.layout) {
      const i = session.rowIndex(spanId);
      let k = session.order.indexOf(i);
      if (k < 0 && !session.filterKeep) {
        // Inside a collapsed subtree: open its ancestors.
        session.expandTo(i);
        session.computeOrder();
        k = session.order.indexOf(i);
      }
      if (k >= 0) rows.scrollToOrder(k);
    }
    this.scheduleRender();
  }

  toggle(i: number): void {
    const { session } = this;
    const r = session.layout?.rows[i];
    if (!r || !r.children || session.filterKeep) return;
    if (session.collapsed.has(r.spanId)) session.collapsed.delete(r.spanId);
    else session.collapsed.add(r.spanId);
    this.saveState();
    session.computeOrder();
    this.scheduleRender();
  }

  private drawDetails(): void {
    drawDetails(this.page.aside, this.details, this.state.selected, {
      openSource: (spanId) => this.post({ type: 'openSource', spanId }),
      followLink: (traceId, spanId) => {
        if (traceId === this.session.layout?.traceId) this.select(spanId, true);
        else this.post({ type: 'openTrace', traceId });
      },
    });
  }

  /** Opens the selected span's source, when its details name one. */
  openSelectedSource(): void {
    const d = this.details;
    if (d?.source && d.spanId === this.state.selected) this.post({ type: 'openSource', spanId: d.spanId });
  }

  // ---- the filter --------------------------------------------------------------------------------------------

  /** Asks for the rows matching the filter's text; `typed`: a new query, whose answer starts from the top. */
  sendFilter(typed = true): void {
    const { session } = this;
    this.scrollOnAnswer = typed;
    this.state.filter = this.page.filterInput.value;
    this.saveState();
    if (!this.state.filter.trim()) {
      session.setFilter(null, []);
      this.filterSeq++;
      session.computeOrder();
      this.updateCount();
      this.scheduleRender();
      return;
    }
    this.post({ type: 'filter', query: this.state.filter, seq: ++this.filterSeq });
  }

  private updateCount(): void {
    const { layout, filterKeep, matches, order } = this.session;
    if (!layout) return;
    this.page.filterCount.textContent = filterKeep ? filterCountText(matches.size, order.length, layout.rows.length) : '';
  }

  // ---- messages ----------------------------------------------------------------------------------------------

  receive(msg: TraceToWebview): void {
    switch (msg.type) {
      case 'layout':
        this.onLayout(msg);
        break;
      case 'filtered':
        this.onFiltered(msg);
        break;
      case 'details':
        if (msg.spanId !== this.state.selected) return;
        this.details = msg.details;
        this.drawDetails();
        break;
      case 'scrollTo':
        this.scrollTo(msg.top);
        break;
      case 'revealSpan':
        this.reveal(msg.spanId);
        break;
      case 'missing':
        this.onMissing(msg.traceId, msg.generation);
        break;
    }
  }

  /** Nothing of the trace is held (restored after a reload, and not kept): a plain page that says so. */
  private onMissing(traceId: string, generation: number): void {
    const { page, session } = this;
    if (session.layout) return; // a trace drawn once stays drawn; the layout message says it is gone
    session.generation = generation;
    page.h1.textContent = 'Trace not kept';
    page.h1.title = `trace ${traceId}`;
    page.meta.replaceChildren();
    page.banner.textContent = `Trace ${traceId} is not held any more: it was cleared or evicted, or what was received is not kept across reloads (telemetryInspector.persistence.enabled). It shows here again if it arrives.`;
    page.banner.hidden = false;
    showApp(page.app, page.header, page.banner);
    this.report.changed();
  }

  /** Selects a span and scrolls to it; waits for a layout that holds it. */
  private reveal(spanId: string): void {
    if (this.session.rowIndex(spanId) < 0) {
      this.pendingReveal = spanId;
      return;
    }
    this.pendingReveal = null;
    if (this.page.filterInput.value) {
      // A filter could hide it: the user asked for this span.
      this.page.filterInput.value = '';
      this.sendFilter();
    }
    this.select(spanId, true);
  }

  private onFiltered(msg: FilteredMessage): void {
    const { session } = this;
    if (msg.seq !== this.filterSeq || msg.generation !== session.generation || !session.layout) return;
    const anchor = this.anchor();
    session.setFilter(msg.visible, msg.matches);
    session.computeOrder();
    this.updateCount();
    // A new query starts from the top; the same query answered again for new data keeps the user's place.
    if (this.scrollOnAnswer) this.page.viewport.scrollTop = 0;
    else this.restoreAnchor(anchor);
    this.scheduleRender();
  }

  /** The spans the current filter's answer keeps and matches, or undefined when no filter is applied. */
  private filteredSpans(): { kept: Set<string>; matched: Set<string> } | undefined {
    const { layout, filterKeep, matches } = this.session;
    if (!layout || !filterKeep) return undefined;
    const kept = new Set<string>();
    const matched = new Set<string>();
    layout.rows.forEach((r, i) => {
      if (filterKeep[i]) kept.add(r.spanId);
      if (matches.has(i)) matched.add(r.spanId);
    });
    return { kept, matched };
  }

  private onLayout(msg: LayoutMessage): void {
    const receivedAt = performance.now();
    const { session, page } = this;
    if (msg.gone && session.layout && msg.layout.rows.length === 0) {
      // Nothing to draw in its place: keep drawing what was there, and say it is gone.
      session.generation = msg.generation;
      session.gone = msg.gone;
      drawHeader(page, session);
      this.report.changed();
      return;
    }
    // Where the user is, by span: rows inserted above must not move what they look at.
    const anchor = this.firstLayout ? undefined : this.anchor();
    const filtered = this.filteredSpans();
    session.setLayout(msg.layout, msg.generation, msg.gone);
    showApp(page.app, page.header, page.banner, page.main);
    this.rows.invalidate();
    drawHeader(page, session);
    // Until the filter's answer for the new rows arrives, the spans it kept stay the ones drawn.
    if (filtered) {
      const visible: number[] = [];
      const matches: number[] = [];
      msg.layout.rows.forEach((r, i) => {
        if (filtered.kept.has(r.spanId)) visible.push(i);
        if (filtered.matched.has(r.spanId)) matches.push(i);
      });
      session.setFilter(visible, matches);
    }
    session.computeOrder();
    if (this.state.filter.trim()) this.sendFilter(false);
    this.updateCount();
    this.restoreAnchor(anchor);
    const rows = msg.layout.rows;
    if (this.firstLayout) {
      this.firstLayout = false;
      this.rows.sizeSpacer();
      page.viewport.scrollTop = this.state.scrollTop;
      if (this.state.selected && rows.some((r) => r.spanId === this.state.selected)) this.select(this.state.selected);
      else if (!this.state.selected && rows.length) this.select(rows[0].spanId);
      else this.drawDetails();
    } else if (this.state.selected) {
      this.post({ type: 'select', spanId: this.state.selected });
    }
    if (this.pendingReveal) this.reveal(this.pendingReveal);
    const rendered = this.render();
    if (this.reported !== session.generation) {
      this.reported = session.generation;
      this.post({ type: 'ready', generation: session.generation, rows: rows.length, rendered, renderMs: performance.now() - receivedAt });
    }
  }
}
