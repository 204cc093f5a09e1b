import { strict as assert } from 'node:assert';
import { Counter, Gauge, Histogram, Pushgateway, Registry } from 'prom-client';
import { Engine } from '../../../../src/core/engine';
import { PushgatewayClient } from '../../../../src/core/pushgateway/client';
import { deleteGroups, selectStaleGroups } from '../../../../src/core/pushgateway/cleanup';
import { groupingKeyId, type GroupingKey } from '../../../../src/core/pushgateway/groupingKey';
import type { PushgatewayState } from '../../../../src/core/pushgateway/poller';
import type { PushGroup } from '../../../../src/core/pushgateway/pushGroup';
import type { ChangeTopic } from '../../../../src/core/store/change';
import { eventually } from '../../../helpers/process';
import { httpRequest, pushText, requirePushgateway, startPushgateway, type RunningPushgateway } from '../../../helpers/pushgateway';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');

/** A push by prom-client's Pushgateway class (a real client library). */
async function promClientPush(url: string, jobName: string, groupings: Record<string, string>, value: number): Promise<void> {
  const registry = new Registry();
  const done = new Counter({ name: 'batch_items_total', help: 'Items processed.', labelNames: ['kind'], registers: [registry] });
  done.inc({ kind: 'a' }, value);
  done.inc({ kind: 'b' }, 1);
  new Gauge({ name: 'batch_last_success_seconds', help: 'Last success.', registers: [registry] }).set(1_700_000_000);
  const h = new Histogram({ name: 'batch_duration_seconds', help: 'Run time.', labelNames: ['step'], buckets: [0.5, 1], registers: [registry] });
  h.observe({ step: 'load' }, 0.2);
  h.observe({ step: 'load' }, 0.7);
  h.observe({ step: 'save' }, 3);
  await new Pushgateway(url, { timeout: 5000 }, registry).pushAdd({ jobName, groupings });
}

const key = (g: PushGroup): string => groupingKeyId(g.groupingKey);

describe('Pushgateway poller and cleanup against a real Pushgateway', function () {
  this.timeout(90_000);
  let gw: RunningPushgateway | undefined;
  let engine: Engine | undefined;

  before(function () {
    requirePushgateway(this);
  });

  afterEach(async () => {
    await engine?.dispose();
    engine = undefined;
    await gw?.dispose();
    gw = undefined;
  });

  it('shows every group pushed by prom-client and by plain HTTP: grouping key, last push, failure, typed series', async () => {
    gw = await startPushgateway();
    const before = Date.now();
    await promClientPush(gw.url, 'nightly-backup', { instance: 'host-1' }, 41);
    // prom-client sends an empty value as a trailing empty segment, which the gateway reads as "".
    // (A job with '/' it cannot push: it URI-encodes it, and the gateway splits on the decoded '/'.)
    await promClientPush(gw.url, 'nightly-backup', { instance: 'host-2', shard: '' }, 5);
    // The README's way: the text format over HTTP, a job with '/', an extra label and an empty label value.
    await pushText(
      gw.url,
      `/metrics/job@base64/${b64('gptme/8001')}/instance/bob-vm/branch@base64/=`,
      '# TYPE gptme_tokens_total counter\ngptme_tokens_total{model="m1"} 1234\n# TYPE gptme_latency_seconds summary\ngptme_latency_seconds{quantile="0.5"} 0.25\ngptme_latency_seconds_sum 10\ngptme_latency_seconds_count 40\n',
    );
    // A push the gateway refuses (a type clash with another group) leaves a group whose last push failed.
    const refused = await httpRequest('POST', `${gw.url}/metrics/job/conflicting`, '# TYPE batch_items_total gauge\nbatch_items_total 1\n');
    assert.equal(refused.status, 400, refused.body);

    const topics = new Set<ChangeTopic>();
    engine = new Engine({ http: { enabled: false }, pushgateway: { url: gw.url, pollIntervalMs: 300 }, changeIntervalMs: 50 });
    engine.store.onChange((c) => c.topics.forEach((t) => topics.add(t)));
    await engine.start();
    const state = await eventually(() => {
      const s = engine!.pushgateway.state;
      assert.equal(s.health, 'ok', s.message);
      assert.equal(s.groups.length, 4);
      return s;
    }, 20_000);
    await eventually(() => assert.ok(topics.has('pushgateway')), 5000);

    const byJob = new Map(state.groups.map((g) => [g.job, g]));
    const nightly = state.groups.find((g) => g.groupingKey.instance === 'host-1')!;
    const emptyShard = state.groups.find((g) => g.groupingKey.instance === 'host-2')!;
    assert.deepEqual(emptyShard.groupingKey, { job: 'nightly-backup', instance: 'host-2', shard: '' });
    assert.equal(emptyShard.families.find((f) => f.name === 'batch_items_total')!.series.find((x) => x.labels.kind === 'a')!.value, 5);
    assert.deepEqual(nightly.groupingKey, { job: 'nightly-backup', instance: 'host-1' });
    assert.equal(nightly.lastPushSuccessful, true);
    assert.ok(nightly.lastPushMs! >= before - 2000 && nightly.lastPushMs! <= Date.now() + 2000, `last push ${nightly.lastPushMs}`);
    const items = nightly.families.find((f) => f.name === 'batch_items_total')!;
    assert.equal(items.type, 'counter');
    assert.equal(items.help, 'Items processed.');
    assert.deepEqual(items.series.map((s) => [s.labels, s.value]).sort(), [[{ kind: 'a' }, 41], [{ kind: 'b' }, 1]].sort());
    const duration = nightly.families.find((f) => f.name === 'batch_duration_seconds')!;
    assert.equal(duration.type, 'histogram');
    const load = duration.series.find((s) => s.labels.step === 'load')!;
    assert.deepEqual(load.buckets, [{ le: 0.5, count: 1 }, { le: 1, count: 2 }, { le: Infinity, count: 2 }]);
    assert.equal(load.count, 2);
    assert.ok(Math.abs(load.sum! - 0.9) < 1e-9);
    assert.equal(duration.series.find((s) => s.labels.step === 'save')!.count, 1);

    const gptme = byJob.get('gptme/8001')!;
    assert.deepEqual(gptme.groupingKey, { job: 'gptme/8001', instance: 'bob-vm', branch: '' });
    assert.equal(gptme.families.find((f) => f.name === 'gptme_tokens_total')!.series[0].value, 1234);
    const latency = gptme.families.find((f) => f.name === 'gptme_latency_seconds')!;
    assert.equal(latency.type, 'summary');
    assert.deepEqual(latency.series[0], { labels: {}, quantiles: [{ quantile: 0.5, value: 0.25 }], count: 40, sum: 10 });

    const conflicting = byJob.get('conflicting')!;
    assert.equal(conflicting.lastPushSuccessful, false);
    assert.equal(conflicting.lastPushMs, undefined);
    assert.ok(conflicting.lastFailureMs! >= before - 2000);

    // The snapshot carries the same, with ages and stale flags.
    const snap = engine.snapshot().pushgateway!;
    assert.equal(snap.health, 'ok');
    assert.equal(snap.groups.length, 4);
    assert.ok(snap.groups.every((g) => g.stale === false && typeof g.ageSeconds === 'number'));
    assert.equal(snap.groups.filter((g) => !g.lastPushSuccessful).length, 1);
    assert.deepEqual(snap.groups.find((g) => g.job === 'gptme/8001')!.groupingKey, { job: 'gptme/8001', instance: 'bob-vm', branch: '' });

    // What a view's Delete command calls: deletes by grouping key, then polls again.
    const outcomes = await engine.pushgateway.deleteGroups([conflicting]);
    assert.deepEqual(outcomes.map((o) => [o.deleted, o.error]), [[true, '']]);
    await eventually(() => assert.equal(engine!.pushgateway.state.groups.length, 3), 10_000);
    assert.ok(!engine.pushgateway.state.groups.some((g) => g.job === 'conflicting'));

    // A smaller threshold marks them stale at once (configurable at runtime).
    engine.configurePushgateway({ staleAfterMs: 1 });
    await eventually(() => assert.ok(engine!.snapshot().pushgateway!.groups.every((g) => g.stale)), 5000);
  });

  it('deletes exactly the stale groups, by their whole grouping keys, and leaves every other series intact', async () => {
    gw = await startPushgateway();
    const url = gw.url;
    // Stale: a prom-client group, a job with '/' and a '/' label value, an empty label value.
    await promClientPush(url, 'gptme-101', { instance: 'a' }, 1);
    await pushText(url, `/metrics/job@base64/${b64('gptme/old')}/path@base64/${b64('/var/tmp')}`, 'old_metric 1\n');
    await pushText(url, '/metrics/job/gptme-102/branch@base64/=/instance/x', 'old_metric 2\n');
    await new Promise((r) => setTimeout(r, 2600));
    // Fresh: the same job with another instance, a prefix of the stale jobs, a superset of a stale key.
    await promClientPush(url, 'gptme-101', { instance: 'b' }, 2);
    await pushText(url, '/metrics/job/gptme', 'fresh_metric{kind="prefix"} 3\n');
    await pushText(url, `/metrics/job@base64/${b64('gptme/old')}/path@base64/${b64('/var/tmp')}/x/1`, 'fresh_metric{kind="superset"} 4\n');
    await pushText(url, '/metrics/job/gptme-102/branch/main/instance/x', 'fresh_metric{kind="nonempty"} 5\n');

    const client = new PushgatewayClient(url, { timeoutMs: 5000, maxBodyBytes: 1 << 20 });
    const all = await client.fetchGroups();
    assert.equal(all.length, 7);
    const stale = selectStaleGroups(all, { olderThanMs: 1500 });
    const staleKeys: GroupingKey[] = [
      { job: 'gptme-101', instance: 'a' },
      { job: 'gptme/old', path: '/var/tmp' },
      { job: 'gptme-102', branch: '', instance: 'x' },
    ];
    assert.deepEqual(stale.map(key).sort(), staleKeys.map(groupingKeyId).sort());
    const fresh = all.filter((g) => !stale.includes(g));

    const outcomes = await deleteGroups(client, stale);
    assert.deepEqual(
      outcomes.map((o) => [o.deleted, o.error]),
      stale.map(() => [true, '']),
    );
    const after = await eventually(async () => {
      const groups = await client.fetchGroups();
      assert.equal(groups.length, 4, JSON.stringify(groups.map((g) => g.groupingKey)));
      return groups;
    }, 10_000, 200);
    assert.deepEqual(after.map(key).sort(), fresh.map(key).sort());
    for (const g of fresh) {
      const now = after.find((a) => key(a) === key(g))!;
      assert.deepEqual(now.families, g.families, `series of ${key(g)} unchanged`);
      assert.equal(now.lastPushMs, g.lastPushMs);
    }
  });

  it('survives the Pushgateway going away: unreachable with back-off, then back to normal at once', async () => {
    gw = await startPushgateway();
    await pushText(gw.url, '/metrics/job/survivor/instance/1', 'survivor_metric 7\n');
    const states: PushgatewayState[] = [];
    engine = new Engine({
      http: { enabled: false },
      pushgateway: { url: gw.url, pollIntervalMs: 150, maxBackoffMs: 900, timeoutMs: 2000 },
      changeIntervalMs: 20,
    });
    engine.store.onChange(() => states.push(engine!.pushgateway.state));
    await engine.start();
    await eventually(() => assert.equal(engine!.pushgateway.state.groups.length, 1), 15_000);

    await gw.stop();
    const down = await eventually(() => {
      const s = engine!.pushgateway.state;
      assert.equal(s.health, 'unreachable');
      assert.ok(s.consecutiveFailures >= 4, `failures ${s.consecutiveFailures}`);
      return s;
    }, 30_000, 50);
    assert.match(down.message, /connection refused/);
    assert.equal(down.groups.length, 1, 'the last good groups stay while the gateway is down');
    // The gaps between failed polls grow, up to the cap.
    const delays = [...new Map(states.filter((s) => s.health === 'unreachable' && s.nextPollMs !== undefined).map((s) => [s.lastPollMs, s.nextPollMs! - s.lastPollMs!])).values()];
    assert.ok(delays.length >= 3, JSON.stringify(delays));
    for (let i = 1; i < delays.length; i++) assert.ok(delays[i] >= delays[i - 1] - 5, `back-off grows: ${delays}`);
    assert.ok(delays.every((d) => d <= 900 + 5), `capped: ${delays}`);
    assert.ok(delays.at(-1)! > 150, `backed off: ${delays}`);

    await gw.restart();
    const up = await eventually(() => {
      const s = engine!.pushgateway.state;
      assert.equal(s.health, 'ok', s.message);
      return s;
    }, 30_000, 50);
    assert.equal(up.consecutiveFailures, 0);
    assert.equal(up.message, '');
    assert.deepEqual(up.groups.map((g) => g.groupingKey), [{ job: 'survivor', instance: '1' }], 'kept by the persistence file');
    assert.ok(up.nextPollMs! - up.lastPollMs! <= 150 + 5, 'the normal interval again');
  });
});
