import { strict as assert } from 'node:assert';
import type { Exemplar, HistogramPoint, MetricRecord } from '../../../../src/core/model/records';
import { snapshotOf } from '../../../../src/core/snapshot';
import { TelemetryStore } from '../../../../src/core/store/store';
import { latestExemplars, SNAPSHOT_EXEMPLARS } from '../../../../src/core/views/exemplars';
import { metricView } from '../../../../src/core/views/metricView';
import { attrs, batch, hex, scope } from '../../../helpers/records';

const T0 = 1.7e18;

function ex(i: number, value: number): Exemplar {
  return { timeUnixNano: T0 + i * 1e9, value, traceId: hex(1000 + i, 32), spanId: hex(2000 + i, 16), filteredAttributes: attrs() };
}

function histogram(points: { at: number; exemplars?: Exemplar[] }[]): MetricRecord {
  return {
    name: 'http.server.request.duration',
    description: '',
    unit: 's',
    scope,
    kind: 'histogram',
    temporality: 'cumulative',
    points: points.map((p, k): HistogramPoint => {
      const point: HistogramPoint = { attributes: attrs({ route: '/checkout' }), startTimeUnixNano: T0, timeUnixNano: T0 + p.at * 1e9, flags: 0, count: k + 1, bucketCounts: [k + 1, 0], explicitBounds: [1] };
      if (p.exemplars) point.exemplars = p.exemplars;
      return point;
    }),
  };
}

describe('a Series’ latest exemplars', () => {
  it('newest first by their own time, each once though cumulative points repeat them', () => {
    const a = ex(1, 0.2);
    const b = ex(2, 0.9);
    const c = ex(3, 0.05);
    const m = histogram([{ at: 10, exemplars: [a] }, { at: 20, exemplars: [b, a] }, { at: 30 }, { at: 40, exemplars: [a, c, b] }]);
    assert.deepEqual(latestExemplars(m.points), [c, b, a]);
    assert.deepEqual(latestExemplars(m.points, 2), [c, b]);
  });

  it('the JSON snapshot lists them per series with trace and span ids, at most ' + SNAPSHOT_EXEMPLARS, () => {
    const store = new TelemetryStore();
    const many = Array.from({ length: 14 }, (_, i) => ex(i, i / 10));
    store.ingestMetrics([batch({ 'service.name': 'shop', 'service.instance.id': 'shop-1' }, [histogram([{ at: 1, exemplars: many.slice(0, 7) }, { at: 2, exemplars: many.slice(7) }])])]);
    const series = snapshotOf(store, {}).instances[0].metrics[0].series[0];
    assert.equal(series.exemplars.length, SNAPSHOT_EXEMPLARS);
    assert.deepEqual(series.exemplars[0], {
      time: new Date((T0 + 13e9) / 1e6).toISOString(),
      timeUnixNano: T0 + 13e9,
      value: 1.3,
      traceId: hex(1013, 32),
      spanId: hex(2013, 16),
      filteredAttributes: attrs(),
    });
    store.dispose();
  });

  it('a series without exemplars lists none', () => {
    const store = new TelemetryStore();
    store.ingestMetrics([batch({ 'service.name': 'shop' }, [histogram([{ at: 1 }])])]);
    assert.deepEqual(snapshotOf(store, {}).instances[0].metrics[0].series[0].exemplars, []);
    store.dispose();
  });
});

describe('exemplars on the metric chart', () => {
  const stream = { name: 'http.server.request.duration', description: '', unit: 's', kind: 'histogram' as const, temporality: 'cumulative' as const, monotonic: false };

  it('are dots at their time and value, in the axis unit (ms here), marked held when their trace is', () => {
    const a = ex(1, 0.25);
    const b = ex(2, 0.04);
    const m = histogram([{ at: 1, exemplars: [a] }, { at: 2, exemplars: [a, b] }]);
    const v = metricView(stream, m.points, 'value', undefined, { isHeld: (id) => id === a.traceId });
    assert.equal(v.axisUnit, 'ms');
    assert.deepEqual(
      v.exemplars.map((d) => [d.t, d.v, d.onAxis, d.held, d.text, d.traceId]),
      [
        [(T0 + 2e9) / 1e6, 40, false, false, '40 ms', b.traceId],
        [(T0 + 1e9) / 1e6, 250, false, true, '250 ms', a.traceId],
      ],
    );
  });

  it('a sum’s exemplars sit on the time axis: an increment is not on the rate’s scale', () => {
    const sum: MetricRecord = {
      name: 'orders',
      description: '',
      unit: '{order}',
      scope,
      kind: 'sum',
      temporality: 'cumulative',
      monotonic: true,
      points: [{ attributes: attrs(), startTimeUnixNano: T0, timeUnixNano: T0 + 1e9, flags: 0, value: 3, exemplars: [ex(1, 3)] }],
    };
    const v = metricView({ ...sum, monotonic: true }, sum.points, 'rate');
    assert.equal(v.exemplars.length, 1);
    assert.equal(v.exemplars[0].onAxis, true);
    assert.equal(v.exemplars[0].held, false, 'nothing says it is held');
  });

  it('no exemplars, no dots', () => {
    assert.deepEqual(metricView(stream, histogram([{ at: 1 }]).points, 'value').exemplars, []);
  });
});
