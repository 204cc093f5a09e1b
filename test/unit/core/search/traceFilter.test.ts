import { strict as assert } from 'node:assert';
import { parseSpanDuration } from '../../../../src/core/search/durationText';
import { describeTraceFilter, filterFlag, parseTraceQuery, traceQueryParams, TraceFilterError, withFilterParam } from '../../../../src/core/search/traceFilter';

describe('trace filter: parsing from URL parameters and CLI flags', () => {
  it('reads span durations with sub-millisecond units and fractions', () => {
    assert.equal(parseSpanDuration('200ms'), 200);
    assert.equal(parseSpanDuration('1.5s'), 1500);
    assert.equal(parseSpanDuration('750us'), 0.75);
    assert.equal(parseSpanDuration('750µs'), 0.75);
    assert.equal(parseSpanDuration('2m'), 120_000);
    assert.equal(parseSpanDuration('1m30s'), 90_000);
    assert.equal(parseSpanDuration('250000ns'), 0.25);
    assert.throws(() => parseSpanDuration('200'), /add a unit: 200ms or 200s/);
    assert.throws(() => parseSpanDuration('fast'), /not a duration/);
    assert.throws(() => parseSpanDuration('-5ms'), /not a duration/);
  });

  it('reads every filter from a query string, in kebab or camel case', () => {
    const q = parseTraceQuery(new URLSearchParams('service=shop&instance=shop-1&name=checkout&error&minDuration=200ms&max-duration=2s&since=10m&attr=http.route%3D/checkout&attr=http.response.status_code%3D500&limit=20'));
    assert.deepEqual(q, {
      filter: {
        service: 'shop',
        instance: 'shop-1',
        name: 'checkout',
        nameMatch: 'substring',
        errorsOnly: true,
        minDurationMs: 200,
        maxDurationMs: 2000,
        since: { ago: 600_000 },
        attributes: [
          { key: 'http.route', value: '/checkout' },
          { key: 'http.response.status_code', value: '500' },
        ],
      },
      limit: 20,
    });
  });

  it('takes absolute times as ISO text or epoch milliseconds, and an exact root name', () => {
    const q = parseTraceQuery([
      ['since', '2025-05-01T10:00:00Z'],
      ['until', '1746100000000'],
      ['exact-name', 'GET /checkout'],
    ]);
    assert.deepEqual(q.filter.since, { at: Date.parse('2025-05-01T10:00:00Z') });
    assert.deepEqual(q.filter.until, { at: 1746100000000 });
    assert.equal(q.filter.name, 'GET /checkout');
    assert.equal(q.filter.nameMatch, 'exact');
  });

  it('refuses bad values with a message that names the parameter as the caller spelt it', () => {
    const cli = { spell: (p: string) => `--${p}` };
    const cases: [string, string][][] = [
      [['min-duration', 'fast']],
      [['attr', 'http.route']],
      [['limit', '0']],
      [['error', 'maybe']],
      [['since', 'yesterday']],
      [['service', '']],
      [['min-duration', '2s'], ['max-duration', '200ms']],
      [['service', 'a'], ['service', 'b']],
    ];
    const messages = cases.map((params) => {
      try {
        parseTraceQuery(params, cli);
      } catch (err) {
        assert.ok(err instanceof TraceFilterError, String(err));
        return err.message;
      }
      assert.fail(`accepted ${JSON.stringify(params)}`);
    });
    assert.match(messages[0], /^--min-duration: "fast" is not a duration/);
    assert.match(messages[1], /^--attr: "http.route" is not key=value/);
    assert.match(messages[2], /^--limit: must be a whole number of at least 1, got "0"/);
    assert.match(messages[3], /^--error: must be true or false/);
    assert.match(messages[4], /^--since: "yesterday" is neither a duration/);
    assert.match(messages[5], /^--service: needs a value/);
    assert.match(messages[6], /^--min-duration: 2\.00s is above the maximum duration, 200ms/);
    assert.match(messages[7], /^--service: given twice/);
    assert.throws(() => parseTraceQuery([['colour', 'red']]), /^TraceFilterError: colour: unknown parameter; the filter takes service, instance/);
  });

  it('writes a query back to parameters that parse to the same query', () => {
    const q = parseTraceQuery([
      ['service', 'shop'],
      ['name', 'check'],
      ['error', 'true'],
      ['min-duration', '1.5s'],
      ['max-duration', '3m'],
      ['since', '90s'],
      ['until', '2025-05-01T10:00:00.000Z'],
      ['attr', 'k=v=w'],
      ['limit', '5'],
    ]);
    const params = traceQueryParams(q);
    assert.deepEqual(parseTraceQuery(params), q);
    assert.equal(new URLSearchParams(params).toString(), 'service=shop&name=check&error=true&min-duration=1500ms&max-duration=3m&since=90s&until=2025-05-01T10%3A00%3A00.000Z&attr=k%3Dv%3Dw&limit=5');
    assert.equal(describeTraceFilter(q.filter), 'service shop · name contains "check" · errors only · 1.50s–3m · since 90s ago · until 2025-05-01T10:00:00.000Z · k=v=w');
  });

  it('adds flags one at a time, checking the whole query each time', () => {
    let q = withFilterParam(undefined, 'max-duration', '2s');
    q = withFilterParam(q, 'attr', 'a=1');
    q = withFilterParam(q, 'attr', 'b=2');
    assert.deepEqual(q, { filter: { maxDurationMs: 2000, attributes: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] } });
    assert.throws(() => withFilterParam(q, 'min-duration', '3s'), /min-duration: 3\.00s is above the maximum duration, 2\.00s/);
    assert.throws(() => withFilterParam(withFilterParam(q, 'name', 'x'), 'exact-name', 'y'), /give one name/);
  });

  it('tells the CLI which flags are the filter and which take a value', () => {
    assert.deepEqual(filterFlag('--error'), { param: 'error', takesValue: false });
    assert.deepEqual(filterFlag('--min-duration'), { param: 'min-duration', takesValue: true });
    assert.deepEqual(filterFlag('--attr'), { param: 'attr', takesValue: true });
    assert.equal(filterFlag('--port'), undefined);
    assert.equal(filterFlag('service'), undefined);
  });
});
