import { strict as assert } from 'node:assert';
import { matchesAll, parseMatcher, selectStaleGroups, MatcherError } from '../../../../src/core/pushgateway/cleanup';
import { parseMetricsApi, PayloadError, type PushGroup } from '../../../../src/core/pushgateway/pushGroup';
import { groupAgeMs, isStale } from '../../../../src/core/pushgateway/staleness';

/** The shape Debian's prometheus-pushgateway 1.5.1 answers on GET /api/v1/metrics (captured, trimmed). */
function family(type: string, labels: Record<string, string>, sample: Record<string, unknown>, help?: string): unknown {
  return { time_stamp: '2026-11-24T09:12:40.861273293Z', type, ...(help ? { help } : {}), metrics: [{ labels, ...sample }] };
}

function apiBody(): string {
  const k1 = { instance: '', job: 'directory_cleaner', path: '/var/tmp' };
  const k2 = { first: '', instance: '', job: 'a/b', second: 'foobar' };
  const k3 = { instance: '', job: 'other' };
  return JSON.stringify({
    status: 'success',
    data: [
      {
        labels: { job: 'directory_cleaner', path: '/var/tmp' },
        last_push_successful: true,
        h: family('HISTOGRAM', k1, { buckets: { '+Inf': '2', '1': '1' }, count: '2', sum: '3' }),
        push_failure_time_seconds: family('GAUGE', k1, { value: '0' }, 'Last Unix time when changing this group in the Pushgateway failed.'),
        push_time_seconds: family('GAUGE', k1, { value: '1.7955115608612733e+09' }, 'Last Unix time when changing this group in the Pushgateway succeeded.'),
        some_metric: family('GAUGE', { ...k1, foo: 'bar' }, { value: '3.14' }),
        s: family('SUMMARY', k1, { quantiles: { '0.5': '1', '0.9': 'NaN' }, count: '3', sum: '2' }),
      },
      {
        labels: { first: '', job: 'a/b', second: 'foobar' },
        last_push_successful: true,
        push_failure_time_seconds: family('GAUGE', k2, { value: '0' }),
        push_time_seconds: family('GAUGE', k2, { value: '1.7955115708721726e+09' }),
        x: family('UNTYPED', k2, { value: '+Inf' }),
      },
      {
        labels: { job: 'other' },
        last_push_successful: false,
        push_failure_time_seconds: family('GAUGE', k3, { value: '1.7955115709698682e+09' }),
        push_time_seconds: family('GAUGE', k3, { value: '0' }),
      },
    ],
  });
}

describe('Pushgateway API payload', () => {
  it('turns each group into a PushGroup: grouping key, push times, success, series by type', () => {
    const [cleaner, ab, other] = parseMetricsApi(apiBody());
    assert.deepEqual(cleaner.groupingKey, { job: 'directory_cleaner', path: '/var/tmp' });
    assert.equal(cleaner.job, 'directory_cleaner');
    assert.equal(cleaner.lastPushMs, 1795511560861);
    assert.equal(cleaner.lastFailureMs, undefined);
    assert.equal(cleaner.lastPushSuccessful, true);
    assert.deepEqual(
      cleaner.families.map((f) => [f.name, f.type]),
      [['h', 'histogram'], ['s', 'summary'], ['some_metric', 'gauge']],
    );
    const h = cleaner.families[0].series[0];
    assert.deepEqual(h, { labels: {}, buckets: [{ le: 1, count: 1 }, { le: Infinity, count: 2 }], count: 2, sum: 3 });
    assert.deepEqual(cleaner.families[1].series[0].quantiles?.[0], { quantile: 0.5, value: 1 });
    assert.ok(Number.isNaN(cleaner.families[1].series[0].quantiles?.[1].value));
    // The grouping labels and the empty instance label are not repeated on each series.
    assert.deepEqual(cleaner.families[2].series[0], { labels: { foo: 'bar' }, value: 3.14 });

    assert.deepEqual(ab.groupingKey, { first: '', job: 'a/b', second: 'foobar' });
    assert.equal(ab.families[0].series[0].value, Infinity);

    assert.equal(other.lastPushSuccessful, false);
    assert.equal(other.lastPushMs, undefined, 'push_time_seconds 0 means never');
    assert.equal(other.lastFailureMs, 1795511570970);
    assert.deepEqual(other.families, []);
  });

  it('says what is wrong with a payload that is not the API answer', () => {
    const cases: [string, RegExp][] = [
      ['<html>oops</html>', /not JSON/],
      ['[]', /not a Pushgateway API answer/],
      ['{"status":"error","data":[]}', /status is "error"/],
      ['{"status":"success","data":{}}', /not a list/],
      ['{"status":"success","data":[{"labels":{"instance":"x"}}]}', /no job/],
      ['{"status":"success","data":[{"labels":{"job":"j"},"m":{"metrics":[{"value":"abc"}]}}]}', /not a number/],
      ['{"status":"success","data":[{"labels":{"job":"j"},"m":42}]}', /not a metric family/],
    ];
    for (const [body, message] of cases) assert.throws(() => parseMetricsApi(body), (err: Error) => err instanceof PayloadError && message.test(err.message), body);
  });
});

function group(job: string, lastPushMs: number | undefined, extra: Record<string, string> = {}, lastFailureMs?: number): PushGroup {
  return { id: JSON.stringify([job, extra]), groupingKey: { job, ...extra }, job, lastPushMs, lastFailureMs, lastPushSuccessful: lastFailureMs === undefined, families: [] };
}

describe('staleness and stale-group selection', () => {
  const now = 1_000_000_000;
  it('is stale when the last push is older than the threshold', () => {
    assert.equal(isStale(group('a', now - 301_000), 300_000, now), true);
    assert.equal(isStale(group('a', now - 299_000), 300_000, now), false);
    assert.equal(groupAgeMs(group('a', now - 5000), now), 5000);
  });

  it('counts a failed push as the pusher being alive; a group with no push time at all is stale', () => {
    assert.equal(isStale(group('a', now - 3_600_000, {}, now - 1000), 300_000, now), false);
    assert.equal(isStale(group('a', undefined, {}, now - 1000), 300_000, now), false);
    assert.equal(isStale(group('a', undefined), 300_000, now), true);
  });

  it('selects the stale groups matching every --match (whole-value regex), oldest first', () => {
    const groups = [
      group('gptme-1', now - 20 * 60_000),
      group('gptme-2', now - 60 * 60_000, { instance: 'x' }),
      group('gptme-3', now - 60_000),
      group('other', now - 90 * 60_000),
      group('xgptme-4', now - 90 * 60_000),
    ];
    const all = selectStaleGroups(groups, { olderThanMs: 10 * 60_000, nowMs: now });
    assert.deepEqual(all.map((g) => g.job), ['other', 'xgptme-4', 'gptme-2', 'gptme-1']);
    const gptme = selectStaleGroups(groups, { olderThanMs: 10 * 60_000, nowMs: now, matchers: [parseMatcher('job=gptme-.*')] });
    assert.deepEqual(gptme.map((g) => g.job), ['gptme-2', 'gptme-1']);
    const withInstance = selectStaleGroups(groups, { olderThanMs: 10 * 60_000, nowMs: now, matchers: [parseMatcher('job=gptme-.*'), parseMatcher('instance=.+')] });
    assert.deepEqual(withInstance.map((g) => g.job), ['gptme-2']);
    // A missing label matches as "".
    assert.equal(matchesAll(group('a', now), [parseMatcher('instance=')]), true);
  });

  it('refuses a matcher that is not label=regex', () => {
    assert.throws(() => parseMatcher('gptme-*'), MatcherError);
    assert.throws(() => parseMatcher('job=gptme-*('), MatcherError);
    assert.throws(() => parseMatcher('bad-label=x'), MatcherError);
  });
});
