/**
 * The one message protocol between the panels (extension host) and their webviews, imported by both sides.
 * Types only: the host's bundle and the webviews' bundles each carry nothing from here.
 *
 * Every panel: the webview says `hello` when its page (re)loads, the host answers with the data; `ready` reports
 * the first draw of each data generation; `viewState` reports where the user is (scroll, selection, focus), which
 * redraws must keep; `cspViolation` reports anything the Content-Security-Policy blocked (none, unless broken).
 */
import type { MetricMode, MetricView } from '../../core/views/metricView';
import type { KeyValue, SpanDetails } from '../../core/views/spanDetails';
import type { TraceDiffView } from '../../core/views/traceDiffView';
import type { TraceLayout } from '../../core/views/traceLayout';
import type { FieldError, SearchForm, SearchView } from '../../core/views/traceSearchView';

/** Where the user is in a panel; kept across redraws. */
export interface ViewState {
  /** The data generation on screen when this was reported. */
  generation: number;
  /** The page's heading as drawn (the root span's name, the Series' name). */
  heading: string;
  /** The banner's text ('' when hidden): what the page says about its data (cleared, evicted, resets…). */
  note: string;
  /** The panel's main scroller: the span list of a trace, the page of a chart. */
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
  /** The first item in view (the span at the top of a trace's list), or null: rows inserted above it must not move it. */
  topItem: string | null;
  /** The selected span (trace panels), or null. */
  selected: string | null;
  /** What has the keyboard focus, as a short description ("filter", "spans", "mode:rate"), or null. */
  focus: string | null;
}

/** What a panel's first draw of a generation of data cost. */
export interface ReadyMessage {
  type: 'ready';
  /** The data generation drawn (the host ignores reports on data it has since replaced). */
  generation: number;
  /** Rows (trace) or points (chart) in the data drawn. */
  rows: number;
  /** DOM rows (trace) or drawn marks (chart) on screen. */
  rendered: number;
  /** From receiving the data to having drawn it, in ms. */
  renderMs: number;
}

/** From any webview to its host. */
export type CommonToHost =
  | { type: 'cspViolation'; directive: string; blocked: string }
  | ReadyMessage
  | { type: 'viewState'; state: ViewState };

/** From the host to any webview. */
export type CommonToWebview =
  /** Scrolls the panel's main scroller (what a user does with the wheel; tests use it). */
  { type: 'scrollTo'; top: number };

// ---- the trace waterfall -----------------------------------------------------------------------------------

export type TraceToHost =
  | CommonToHost
  | { type: 'hello' }
  /** Asks which rows match a filter; `seq` pairs the answer with the latest question. */
  | { type: 'filter'; query: string; seq: number }
  /** A span was selected: its details are asked for. */
  | { type: 'select'; spanId: string }
  | { type: 'openSource'; spanId: string }
  | { type: 'openTrace'; traceId: string }
  /** Compare with…: the host asks which trace to put beside this one. */
  | { type: 'compare' };

/** Why a trace panel shows a trace the store no longer holds. */
export type TraceGone = 'cleared' | 'evicted';

export type TraceToWebview =
  | CommonToWebview
  | {
      type: 'layout';
      generation: number;
      layout: TraceLayout;
      /** Set when the trace is no longer kept: the layout is the one the panel had, drawn as it was. */
      gone?: TraceGone;
      /** The services (with instance labels where needed) the spans came from. */
      instances: string[];
    }
  | {
      type: 'filtered';
      seq: number;
      generation: number;
      /** Rows to draw (matches and their ancestors), or null: no filter. */
      visible: number[] | null;
      matches: number[];
    }
  | { type: 'details'; spanId: string; details: SpanDetails | null }
  /** Select a span and scroll to it (a log record's span, opened from the tree). */
  | { type: 'revealSpan'; spanId: string }
  /** Nothing of the trace is held (a panel restored after a reload whose trace was not kept). */
  | { type: 'missing'; generation: number; traceId: string };

// ---- the metric chart --------------------------------------------------------------------------------------

export type MetricToHost =
  | CommonToHost
  /** The page (re)loaded; `mode` is the user's last choice, kept by the webview. */
  | { type: 'hello'; mode: MetricMode }
  | { type: 'mode'; mode: MetricMode }
  /** An exemplar's dot was clicked: open its trace at its span, when held. */
  | { type: 'openExemplar'; traceId: string; spanId: string };

export interface MetricViewMessage {
  type: 'view';
  generation: number;
  /** null: the Series was never found (cleared before the first draw). */
  view: MetricView | null;
  /** The Series as people write it: name{labels}. */
  series: string;
  attributes: KeyValue[];
  instance: string;
  /** The Series is no longer kept: `view` is its last state. */
  gone: boolean;
  /** "updated 3s ago", or ''. */
  updated: string;
}

export type MetricToWebview = CommonToWebview | MetricViewMessage;

// ---- the trace search --------------------------------------------------------------------------------------

export type SearchToHost =
  | CommonToHost
  /** The page (re)loaded with the form the user last had (kept by the webview). */
  | { type: 'hello'; form: SearchForm }
  /** The form changed: search again. `seq` pairs the answer with the latest question. */
  | { type: 'search'; form: SearchForm; seq: number }
  | { type: 'openTrace'; traceId: string; instanceKey?: string };

export interface SearchResultsMessage {
  type: 'results';
  generation: number;
  /** The `seq` of the search answered; a live update answers the latest one again. */
  seq: number;
  /** null when the form has mistakes (`errors` says which). */
  view: SearchView | null;
  errors: FieldError[];
  /** Set when the host fills the form (a panel opened with a filter): the page shows it. */
  form?: SearchForm;
}

export type SearchToWebview =
  | CommonToWebview
  | SearchResultsMessage
  /** Activates the i-th row as a click would (tests go through the page this way). */
  | { type: 'activateRow'; index: number };

// ---- the trace diff ----------------------------------------------------------------------------------------

export type DiffToHost =
  | CommonToHost
  | { type: 'hello' }
  /** Open one side's waterfall, at a span when given. */
  | { type: 'openTrace'; side: 'baseline' | 'current'; spanId?: string }
  /** Pick another baseline (the same quick pick as Compare with…). */
  | { type: 'pickBaseline' }
  | { type: 'swap' };

export interface DiffViewMessage {
  type: 'diff';
  generation: number;
  /** null: neither trace is held any more (cleared before the first draw). */
  view: TraceDiffView | null;
  /** Set when a side is no longer kept: the view is the last one drawn. */
  gone?: TraceGone;
}

export type DiffToWebview = CommonToWebview | DiffViewMessage;

// ---- every panel -------------------------------------------------------------------------------------------

/** Every message a webview sends. */
export type WebviewMessage = TraceToHost | MetricToHost | SearchToHost | DiffToHost;
/** Every message the host sends. */
export type HostMessage = TraceToWebview | MetricToWebview | SearchToWebview | DiffToWebview;
