import { strict as assert } from 'node:assert';
import type { PushgatewayState } from '../../../../src/core/pushgateway/poller';
import type { PushGroup } from '../../../../src/core/pushgateway/pushGroup';
import type { ScrapeTarget } from '../../../../src/core/scrape/scraper';
import { flattenFamilies, promSeriesName, summarizePromSeries } from '../../../../src/core/format/promSeries';
import { receiverHints } from '../../../../src/core/views/tree/receiverHints';
import { deleteReportText, groupCounts, groupDescription, healthText, rowAge, targetDescription } from '../../../../src/core/views/tree/sourceText';
import { newReceiverStats, addHint } from '../../../../src/core/otlp/receiverStatus';

const NOW = 1_700_000_000_000;
const MIN = 60_000;

function group(key: Record<string, string>, over: Partial<PushGroup> = {}): PushGroup {
  return { id: JSON.stringify(key), groupingKey: key, job: key.job, lastPushMs: NOW - MIN, lastFailureMs: undefined, lastPushSuccessful: true, families: [], ...over };
}

function state(groups: PushGroup[], over: Partial<PushgatewayState> = {}): PushgatewayState {
  return { url: 'http://127.0.0.1:9091', health: 'ok', message: '', lastPollMs: NOW, lastSuccessMs: NOW, nextPollMs: undefined, consecutiveFailures: 0, staleAfterMs: 5 * MIN, groups, ...over };
}

describe('Pushgateway words', () => {
  it('a group says how long ago it was pushed, and whether it is stale or its last push failed', () => {
    assert.equal(groupDescription(group({ job: 'a' }, { lastPushMs: NOW - 12_000 }), 5 * MIN, NOW), 'pushed 10s ago');
    assert.equal(groupDescription(group({ job: 'a' }, { lastPushMs: NOW - 7 * MIN }), 5 * MIN, NOW), 'pushed 7 min ago · stale');
    assert.equal(groupDescription(group({ job: 'a' }, { lastPushMs: undefined, lastFailureMs: NOW - 2 * MIN, lastPushSuccessful: false }), 5 * MIN, NOW), 'last push failed 2 min ago');
    assert.equal(groupDescription(group({ job: 'a' }, { lastPushMs: undefined }), 5 * MIN, NOW), 'no push time · stale');
  });

  it('the gateway sums up its groups and names its failure', () => {
    const s = state([group({ job: 'a' }), group({ job: 'b' }, { lastPushMs: NOW - 10 * MIN }), group({ job: 'c' }, { lastPushSuccessful: false, lastFailureMs: NOW })]);
    assert.equal(groupCounts(s, NOW), '3 groups · 1 stale · 1 failed');
    assert.equal(groupCounts(state([group({ job: 'a' })]), NOW), '1 group');
    assert.equal(healthText(s), 'ok');
    assert.equal(healthText(state([], { health: 'unreachable', message: 'connect ECONNREFUSED 127.0.0.1:9' })), 'unreachable: connect ECONNREFUSED 127.0.0.1:9');
    assert.equal(healthText(state([], { health: 'pending' })), 'connecting…');
  });

  it('the cleanup report says what was deleted, what failed and why, and what was left alone', () => {
    const a = group({ job: 'gptme/8001', instance: 'bob' });
    const b = group({ job: 'nightly', shard: '' });
    const c = group({ job: 'c' });
    assert.equal(deleteReportText({ deleted: [a, b], failed: [], kept: [] }), 'Deleted 2 Pushgateway groups: job="gptme/8001", instance="bob"; job="nightly", shard="".');
    assert.equal(
      deleteReportText({ deleted: [a], failed: [{ group: b, deleted: false, error: 'HTTP 500: boom' }], kept: [{ group: c, reason: 'pushed again since it was listed' }] }),
      'Deleted 1 of 2 Pushgateway groups (job="gptme/8001", instance="bob"). Not deleted: job="nightly", shard="": HTTP 500: boom. Left alone: job="c" (pushed again since it was listed).',
    );
    assert.equal(deleteReportText({ deleted: [], failed: [], kept: [] }), 'Nothing was deleted.');
  });
});

describe('row ages', () => {
  it('step by ten seconds under a minute, so rows are not redrawn every second; then as formatAge', () => {
    assert.deepEqual(
      [0, 9_999, 10_000, 59_999, 60_000, 7 * MIN].map((ago) => rowAge(NOW - ago, NOW)),
      ['just now', 'just now', '10s ago', '50s ago', '1 min ago', '7 min ago'],
    );
    assert.equal(rowAge(undefined, NOW), 'never');
  });
});

describe('scrape target words', () => {
  const target = (over: Partial<ScrapeTarget>): ScrapeTarget => ({
    id: 'http://127.0.0.1:9100/metrics',
    url: 'http://127.0.0.1:9100/metrics',
    labels: {},
    source: { kind: 'url' },
    health: 'unknown',
    lastScrapeMs: undefined,
    lastDurationMs: undefined,
    lastSuccessMs: undefined,
    error: '',
    errorKind: undefined,
    httpStatus: undefined,
    families: [],
    seriesCount: 0,
    scrapes: 0,
    ...over,
  });

  it('up, down and not yet, with when, how long and the labels from file_sd', () => {
    assert.equal(targetDescription(target({ health: 'up', lastScrapeMs: NOW - 5000, lastDurationMs: 12, seriesCount: 42 }), NOW), 'up · scraped just now in 12ms · 42 series');
    assert.equal(targetDescription(target({ health: 'down', lastScrapeMs: NOW - 31_000, error: 'connect ECONNREFUSED 127.0.0.1:1' }), NOW), 'down · connect ECONNREFUSED 127.0.0.1:1 · 30s ago');
    assert.equal(targetDescription(target({ labels: { job: 'node' } }), NOW), 'not scraped yet · {job="node"}');
  });
});

describe('Prometheus series rows', () => {
  it('name{labels} and the latest value, or count/sum/quantiles', () => {
    assert.equal(promSeriesName('up', {}), 'up');
    assert.equal(promSeriesName('x_total', { a: '1', b: 'say "hi"' }), 'x_total{a="1", b="say \\"hi\\""}');
    assert.equal(summarizePromSeries({ labels: {}, value: 1234.5 }), '1,235');
    assert.equal(summarizePromSeries({ labels: {}, count: 40, sum: 10, quantiles: [{ quantile: 0.5, value: 0.25 }] }), 'count 40, sum 10, p50 0.25');
  });

  it('shows the Pushgateway\'s push_time_seconds as a time with its age, not as 1,795,976,323', () => {
    const at = 1_795_976_323;
    const text = summarizePromSeries({ labels: { job: 'nightly' }, value: at }, { name: 'push_time_seconds', type: 'gauge' }, at * 1000 + 7 * 60_000);
    assert.match(text, /^(2026-11-(29|30) )?\d\d:\d\d:\d\d \(7 min ago\)$/);
    // A counter with the same number stays a number.
    assert.equal(summarizePromSeries({ labels: {}, value: at }, { name: 'jobs_time_seconds_total', type: 'counter' }), '1,795,976,323');
  });

  it('flattens families by name then labels, with keys stable across polls', () => {
    const flat = flattenFamilies([
      { name: 'b', type: 'gauge', help: '', series: [{ labels: { z: '1' }, value: 1 }, { labels: { a: '1' }, value: 2 }] },
      { name: 'a', type: 'counter', help: '', series: [{ labels: {}, value: 3 }] },
    ]);
    assert.deepEqual(flat.map((f) => f.key), ['a[]', 'b[["a","1"]]', 'b[["z","1"]]']);
  });
});

describe('receiver hints', () => {
  it('come from both receivers, newest first, keyed by receiver and kind', () => {
    const http = newReceiverStats();
    const grpc = newReceiverStats();
    addHint(http, 'grpc-on-http-port', 'An exporter is speaking gRPC (HTTP/2) to the OTLP/HTTP port: set …');
    addHint(grpc, 'http-on-grpc-port', 'An exporter is speaking OTLP/HTTP to the OTLP/gRPC port: set …');
    grpc.hints.get('http-on-grpc-port')!.lastSeenMs = http.hints.get('grpc-on-http-port')!.lastSeenMs + 1;
    addHint(http, 'grpc-on-http-port', 'An exporter is speaking gRPC (HTTP/2) to the OTLP/HTTP port: set …');
    http.hints.get('grpc-on-http-port')!.lastSeenMs = 0;
    const hints = receiverHints({ http: { stats: http }, grpc: { stats: grpc } });
    assert.deepEqual(hints.map((h) => [h.key, h.receiver, h.count]), [['OTLP/gRPC:http-on-grpc-port', 'OTLP/gRPC', 1], ['OTLP/HTTP:grpc-on-http-port', 'OTLP/HTTP', 2]]);
  });
});
