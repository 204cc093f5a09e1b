import { strict as assert } from 'node:assert';
import { plainStyle, renderTree } from '../../../../src/cli/liveTree';
import type { StoreChange } from '../../../../src/core/store/change';
import { DEFAULT_LIVENESS_RULE, quietLimitMs } from '../../../../src/core/store/liveness';
import { TelemetryStore } from '../../../../src/core/store/store';
import { batch, gauge, span } from '../../../helpers/records';

const APP = { 'service.name': 'agent', 'service.instance.id': 'a' };

describe('liveness', () => {
  describe('the quiet limit of one signal', () => {
    it('is 3 × the median gap between its recent arrivals', () => {
      assert.equal(quietLimitMs([5_000, 5_000, 5_000]), 15_000);
      assert.equal(quietLimitMs([10_000, 10_000, 60_000, 10_000]), 30_000, 'one late export does not move it');
      assert.equal(quietLimitMs([20_000, 20_000, 20_000]), 60_000);
    });

    it('stays within 15 s … 5 min', () => {
      assert.equal(quietLimitMs([100, 120, 90]), 15_000);
      assert.equal(quietLimitMs([600_000, 600_000, 600_000]), 300_000);
    });

    it('is 2 min after the first arrival, when nothing says yet how often it comes', () => {
      assert.equal(quietLimitMs([]), 120_000);
      assert.equal(quietLimitMs([1_000]), 15_000);
      assert.equal(quietLimitMs([60_000]), 180_000);
    });

    it('takes other bounds (tests shorten them)', () => {
      const rule = { ...DEFAULT_LIVENESS_RULE, minQuietMs: 100, maxQuietMs: 1_000, defaultQuietMs: 500 };
      assert.equal(quietLimitMs([50, 50, 50], rule), 150);
      assert.equal(quietLimitMs([], rule), 500);
    });
  });

  describe('in the store', () => {
    let store: TelemetryStore;
    let now = 0;
    afterEach(() => store?.dispose());

    function sendTraces(times: number[]): void {
      for (const t of times) {
        now = t;
        store.ingestTraces([batch(APP, [span({ traceId: (t + 1).toString(16).padStart(32, '0') })])]);
      }
    }

    it('an instance that sent every 5 s is quiet 15 s after its last request, not after 2 minutes', () => {
      store = new TelemetryStore(undefined, { now: () => now });
      sendTraces([0, 5_000, 10_000, 15_000, 20_000]);
      const instance = store.instances.get([...store.instances.keys()][0])!;
      assert.equal(store.liveInstances(34_000).length, 1, 'live 14 s after');
      assert.equal(store.livenessOf(instance, 34_000).usualIntervalMs, 5_000);
      assert.equal(store.liveInstances(36_000).length, 0, 'quiet 16 s after');
      assert.equal(store.livenessOf(instance, 36_000).live, false);
    });

    it('a slow sender (metrics every 60 s) stays live between its exports', () => {
      store = new TelemetryStore(undefined, { now: () => now });
      for (const t of [0, 60_000, 120_000, 180_000]) {
        now = t;
        store.ingestMetrics([batch(APP, [gauge('queue.depth', [{ value: 1 }])])]);
      }
      assert.equal(store.liveInstances(180_000 + 170_000).length, 1, 'live 170 s after (3 × 60 s)');
      assert.equal(store.liveInstances(180_000 + 181_000).length, 0);
    });

    it('is live while any of its signals is: spans that stop (an idle app) do not make it quiet while metrics come', () => {
      store = new TelemetryStore(undefined, { now: () => now });
      sendTraces([0, 1_000, 2_000, 3_000]);
      for (const t of [0, 60_000, 120_000, 180_000]) {
        now = t;
        store.ingestMetrics([batch(APP, [gauge('queue.depth', [{ value: 1 }])])]);
      }
      assert.equal(store.liveInstances(180_000 + 100_000).length, 1);
    });

    it('uses the 2-minute default before it has learned an interval', () => {
      store = new TelemetryStore(undefined, { now: () => now });
      sendTraces([0]);
      assert.equal(store.liveInstances(119_000).length, 1);
      assert.equal(store.liveInstances(121_000).length, 0);
    });

    it('announces an instance going quiet when it happens, so the status bar and the tree change together', async () => {
      store = new TelemetryStore(undefined, { changeIntervalMs: 5 });
      store.setLivenessRule({ minQuietMs: 40, defaultQuietMs: 80, maxQuietMs: 1_000 });
      const changes: { change: StoreChange; live: number; atMs: number }[] = [];
      store.onChange((change) => changes.push({ change, live: store.liveInstances().length, atMs: Date.now() }));
      const sentAt = Date.now();
      store.ingestTraces([batch(APP, [span()])]);
      const key = [...store.instances.keys()][0];
      await new Promise((resolve) => setTimeout(resolve, 250));
      const quiet = changes.find((c) => c.change.updated.get(key)?.size === 0);
      assert.ok(quiet, `a change naming the instance with no new data: ${JSON.stringify(changes.map((c) => [...c.change.updated.keys()]))}`);
      assert.equal(quiet.live, 0, 'by then it is no longer counted');
      assert.ok(quiet.atMs - sentAt >= 80 && quiet.atMs - sentAt < 200, `after ${quiet.atMs - sentAt} ms`);
    });

    it('the CLI live tree counts and dims by the same rule', () => {
      store = new TelemetryStore(undefined, { now: () => now });
      sendTraces([0, 5_000, 10_000, 15_000]);
      const live = renderTree(store, {}, undefined, plainStyle, 20_000).join('\n');
      assert.match(live, /— 1 instance$/m);
      assert.match(live, /└─ a last seen 5s ago/);
      const quiet = renderTree(store, {}, undefined, plainStyle, 40_000).join('\n');
      assert.match(quiet, /— 1 instance \(0 live\)$/m);
      assert.match(quiet, /└─ a quiet · last seen 25s ago/);
    });
  });
});
