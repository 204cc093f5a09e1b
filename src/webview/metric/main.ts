/**
 * The metric chart webview (bundled by esbuild into dist/webview/metric.js): SVG drawn from the view the host
 * prepares (core/views/metricView): a line chart over time and, for histograms, the latest bucket counts with
 * p50/p90/p99 marked.
 */
import { channel } from '../shared/channel';
import type { MetricToHost, MetricToWebview, MetricViewMessage } from '../shared/messages';
import { focusName, viewStateReporter } from '../shared/viewState';
import { drawChart } from './chart';
import { buildPage } from './page';
import { restoreState, type MetricState } from './state';

const ch = channel<MetricToHost, MetricToWebview, MetricState>();
const state = restoreState(ch.savedState());
// Saved at once, not only when the mode changes: a window reload restores the panel from it.
ch.setState(state);
const page = buildPage();
const scroller = () => document.scrollingElement ?? document.documentElement;
const report = viewStateReporter(ch.post, () => ({
  generation: last?.generation ?? 0,
  heading: page.h1.textContent ?? '',
  note: page.banner.hidden ? '' : (page.banner.textContent ?? ''),
  scrollTop: scroller().scrollTop,
  scrollHeight: scroller().scrollHeight,
  clientHeight: scroller().clientHeight,
  topItem: null,
  selected: null,
  focus: focusName(),
}));

let last: MetricViewMessage | null = null;
/** The last generation whose first draw was reported. */
let reported = -1;

for (const [b, mode] of page.modeButtons) {
  b.addEventListener('click', () => {
    if (state.mode === mode) return;
    state.mode = mode;
    ch.setState(state);
    ch.post({ type: 'mode', mode });
  });
}

page.onExemplar = (traceId, spanId) => ch.post({ type: 'openExemplar', traceId, spanId });

function draw(): number {
  if (!last) return 0;
  const n = drawChart(page, last);
  report.changed();
  return n;
}

let resizeFrame = 0;
window.addEventListener('resize', () => {
  if (!resizeFrame) resizeFrame = requestAnimationFrame(() => ((resizeFrame = 0), draw()));
});
window.addEventListener('scroll', () => report.changed());

ch.onMessage((msg) => {
  switch (msg.type) {
    case 'view': {
      const receivedAt = performance.now();
      last = msg;
      const rendered = draw();
      if (reported !== msg.generation) {
        reported = msg.generation;
        const points = msg.view ? msg.view.lines.reduce((n, l) => n + l.points.length, 0) : 0;
        ch.post({ type: 'ready', generation: msg.generation, rows: points, rendered, renderMs: performance.now() - receivedAt });
      }
      break;
    }
    case 'scrollTo':
      scroller().scrollTop = msg.top;
      report.changed();
      break;
  }
});

ch.post({ type: 'hello', mode: state.mode });
