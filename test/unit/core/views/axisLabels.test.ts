import { strict as assert } from 'node:assert';
import { fitTicks, niceStep, thinLabels, type Tick } from '../../../../src/core/views/axisLabels';

/** About what 11px text measures in VS Code's UI font: 6.5 px a character. */
const width = (text: string) => text.length * 6.5;

/** Each label's extent in px as the waterfall draws it (4 px padding on the tick's side). */
function extents(ticks: Tick[], widthPx: number): [number, number][] {
  return ticks.map((t) => {
    const x = t.frac * widthPx;
    const w = width(t.label) + 4;
    return t.align === 'end' ? [x - w, x] : [x, x + w];
  });
}

describe('axisLabels', () => {
  it('steps by 1, 2 or 5 × 10^k', () => {
    assert.equal(niceStep(486, 6), 100);
    assert.equal(niceStep(486, 2), 200);
    assert.equal(niceStep(1, 4), 0.2);
    assert.equal(niceStep(0, 4), 1);
  });

  it('fits tick labels into the width, with room between them, as many as they allow', () => {
    const label = (v: number) => `${v}ms`;
    for (const widthPx of [80, 160, 240, 480, 1000, 2000]) {
      const ticks = fitTicks(486, widthPx, label, width);
      const ext = extents(ticks, widthPx);
      for (let i = 1; i < ext.length; i++) assert.ok(ext[i][0] >= ext[i - 1][1] + 10, `at ${widthPx} px: ${ticks.map((t) => t.label).join(' ')}`);
      assert.ok(ext.every(([from, to]) => from >= 0 && to <= widthPx), `inside the axis at ${widthPx} px`);
    }
    assert.deepEqual(fitTicks(486, 240, label, width).map((t) => t.label), ['0ms', '200ms', '400ms']);
    assert.deepEqual(fitTicks(486, 1000, label, width).map((t) => t.label), ['0ms', '50ms', '100ms', '150ms', '200ms', '250ms', '300ms', '350ms', '400ms', '450ms']);
    assert.equal(fitTicks(486, 20, label, width).length, 1, 'only the start when nothing else fits');
    assert.deepEqual(fitTicks(0, 500, label, width), []);
  });

  it('ends a label at its tick when it would run past the axis, or leaves that last tick out', () => {
    const label = (v: number) => `${v}ms`;
    // 100 ms on 80 px: the 100ms label at the right edge reads leftwards from its tick.
    assert.deepEqual(fitTicks(100, 80, label, width).map((t) => [t.label, t.align]), [['0ms', 'start'], ['100ms', 'end']]);
    // 1,500 ms on 240 px: 0, 500, 1000 fit; 1500 at the very end would touch 1000's label.
    assert.deepEqual(fitTicks(1500, 240, label, width).map((t) => t.label), ['0ms', '500ms', '1000ms']);
  });

  it('thins centred labels (histogram buckets) so that none touches the next or leaves the chart', () => {
    const labels = ['≤0', '0–5', '5–10', '10–25', '25–50', '50–75', '75–100', '100–250', '250–500', '500–750', '750–1,000', '1,000–2,500', '2,500–5,000', '5,000–7,500', '7,500–10,000', '>10,000'];
    for (const chart of [1400, 900, 600, 320]) {
      const slot = (chart - 82) / labels.length;
      const centers = labels.map((_, i) => 64 + slot * (i + 0.5));
      const shown = thinLabels(centers, labels.map(width), { minX: 0, maxX: chart });
      assert.ok(shown.length >= 2, `${chart} px shows some labels`);
      for (let k = 1; k < shown.length; k++) {
        const [a, b] = [shown[k - 1], shown[k]];
        assert.ok(centers[b] - width(labels[b]) / 2 >= centers[a] + width(labels[a]) / 2 + 10, `at ${chart} px: "${labels[a]}" and "${labels[b]}" touch`);
      }
      for (const i of shown) assert.ok(centers[i] - width(labels[i]) / 2 >= 0 && centers[i] + width(labels[i]) / 2 <= chart);
    }
    // Wide enough for all: all of them; the last is kept when it has room.
    const few = ['≤1', '1–2', '>2'];
    assert.deepEqual(thinLabels([100, 200, 300], few.map(width)), [0, 1, 2]);
    assert.deepEqual(thinLabels([100, 130, 160, 190, 220], ['aaaaaa', 'bbbbbb', 'cccccc', 'dddddd', 'eeeeee'].map(width)), [0, 2, 4]);
  });
});
