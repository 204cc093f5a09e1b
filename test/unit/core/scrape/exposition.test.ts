import { strict as assert } from 'node:assert';
import { ExpositionError, parseExposition, parsePromNumber } from '../../../../src/core/scrape/exposition';

describe('text exposition parsing (parse-prometheus-text-format)', () => {
  it('reads counters, gauges and untyped samples with help and labels', () => {
    const families = parseExposition(
      [
        '# HELP http_requests_total The total number of HTTP requests.',
        '# TYPE http_requests_total counter',
        'http_requests_total{method="post",code="200"} 1027 1395066363000',
        'http_requests_total{method="post",code="400"}    3 1395066363000',
        'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
        'something_weird{problem="division by zero"} +Inf -3982045',
        '# TYPE temperature gauge',
        'temperature -3.5',
      ].join('\n'),
    );
    const byName = new Map(families.map((f) => [f.name, f]));
    const requests = byName.get('http_requests_total')!;
    assert.equal(requests.type, 'counter');
    assert.equal(requests.help, 'The total number of HTTP requests.');
    assert.deepEqual(requests.series, [
      { labels: { method: 'post', code: '200' }, value: 1027 },
      { labels: { method: 'post', code: '400' }, value: 3 },
    ]);
    assert.deepEqual(byName.get('msdos_file_access_time_seconds')!.series[0].labels, { path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"' });
    assert.equal(byName.get('something_weird')!.series[0].value, Infinity);
    assert.equal(byName.get('temperature')!.type, 'gauge');
    assert.equal(byName.get('temperature')!.series[0].value, -3.5);
  });

  it('keeps the series of a labelled histogram apart (the parser alone would melt them into one)', () => {
    const families = parseExposition(
      [
        '# HELP req_seconds Request duration.',
        '# TYPE req_seconds histogram',
        'req_seconds_bucket{route="/a",le="0.1"} 1',
        'req_seconds_bucket{route="/a",le="+Inf"} 2',
        'req_seconds_sum{route="/a"} 0.3',
        'req_seconds_count{route="/a"} 2',
        'req_seconds_bucket{route="/b",le="0.1"} 5',
        'req_seconds_bucket{route="/b",le="+Inf"} 6',
        'req_seconds_sum{route="/b"} 7',
        'req_seconds_count{route="/b"} 6',
      ].join('\n'),
    );
    assert.equal(families.length, 1);
    const [h] = families;
    assert.equal(h.name, 'req_seconds');
    assert.equal(h.type, 'histogram');
    assert.equal(h.help, 'Request duration.');
    assert.deepEqual(h.series, [
      { labels: { route: '/a' }, buckets: [{ le: 0.1, count: 1 }, { le: Infinity, count: 2 }], sum: 0.3, count: 2 },
      { labels: { route: '/b' }, buckets: [{ le: 0.1, count: 5 }, { le: Infinity, count: 6 }], sum: 7, count: 6 },
    ]);
  });

  it('reads summaries as quantiles with count and sum, per label set', () => {
    const [s] = parseExposition(
      [
        '# HELP rpc_seconds RPC duration.',
        '# TYPE rpc_seconds summary',
        'rpc_seconds{service="a",quantile="0.5"} 4773',
        'rpc_seconds{service="a",quantile="0.99"} 76656',
        'rpc_seconds_sum{service="a"} 1.7560473e+07',
        'rpc_seconds_count{service="a"} 2693',
        'rpc_seconds_sum{service="b"} 1',
        'rpc_seconds_count{service="b"} 2',
      ].join('\n'),
    );
    assert.equal(s.type, 'summary');
    assert.deepEqual(s.series, [
      { labels: { service: 'a' }, quantiles: [{ quantile: 0.5, value: 4773 }, { quantile: 0.99, value: 76656 }], sum: 17560473, count: 2693 },
      { labels: { service: 'b' }, sum: 1, count: 2 },
    ]);
  });

  it('takes OpenMetrics-style counters (TYPE x counter, samples x_total)', () => {
    const families = parseExposition('# TYPE jobs counter\n# HELP jobs Jobs done.\njobs_total 4\n');
    assert.deepEqual(families, [{ name: 'jobs_total', type: 'counter', help: 'Jobs done.', series: [{ labels: {}, value: 4 }] }]);
  });

  it('reads an empty body as no families', () => {
    assert.deepEqual(parseExposition(''), []);
    assert.deepEqual(parseExposition('# just a comment\n'), []);
  });

  it('throws on a body that is not the text format (HTML, JSON, bad lines)', () => {
    for (const body of ['<html><body>Not here</body></html>', '{"status":"success"}', 'metric{label="x" 1', 'name{a="1"} not-a-number']) {
      assert.throws(() => parseExposition(body), ExpositionError, body);
    }
  });

  it('reads values as Go does: +Inf, -Inf, NaN, exponents', () => {
    assert.equal(parsePromNumber('+Inf', 'x'), Infinity);
    assert.equal(parsePromNumber('-Inf', 'x'), -Infinity);
    assert.ok(Number.isNaN(parsePromNumber('NaN', 'x')));
    assert.equal(parsePromNumber('1.5e3', 'x'), 1500);
    assert.throws(() => parsePromNumber('', 'x'), ExpositionError);
  });
});
