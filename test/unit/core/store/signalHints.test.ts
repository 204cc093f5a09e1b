import { strict as assert } from 'node:assert';
import { missingSignalHints } from '../../../../src/core/store/signalHints';
import { TelemetryStore } from '../../../../src/core/store/store';
import { batch, gauge, span } from '../../../helpers/records';

describe('missingSignalHints', () => {
  it('explains missing metrics by the SDK export interval at first, then by configuration', () => {
    let now = 0;
    const store = new TelemetryStore({}, { now: () => now });
    store.ingestTraces([batch({ 'service.name': 'a' }, [span()])]);
    const inst = [...store.instances.values()][0];
    const early = missingSignalHints(inst, 10_000).find((h) => h.signal === 'metrics');
    assert.match(early!.message, /every 60 s by default/);
    const late = missingSignalHints(inst, 120_000).find((h) => h.signal === 'metrics');
    assert.match(late!.message, /OTEL_METRICS_EXPORTER/);
    now = 1;
    store.ingestMetrics([batch({ 'service.name': 'a' }, [gauge('g', [{ value: 1 }])])]);
    assert.deepEqual(missingSignalHints(inst, 120_000).map((h) => h.signal), ['logs']);
    store.dispose();
  });
});
