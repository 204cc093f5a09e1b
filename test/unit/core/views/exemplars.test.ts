import { strict as assert } from 'node:assert';
import type { Exemplar, HistogramPoint, MetricRecord } from '../../../../src/core/model/records';
import { snapshotOf } from '../../../../src/core/snapshot';
import { TelemetryStore } from '../../../../src/core/store/store';
import { latestExemplars, SNAPSHOT_EXEMPLARS } from '../../../../src/core/views/exemplars';
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
