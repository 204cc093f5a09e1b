import { strict as assert } from 'node:assert';
import { escapeHelp, Exposition, formatValue, sampleLine } from '../../../../src/core/export/writer';

describe('Prometheus text exposition writer', () => {
  it('writes HELP and TYPE once per family, then its samples', () => {
    const out = new Exposition();
    const f = out.family('app_requests_total', 'counter', 'Requests handled', 'a')!;
    out.series(f, [{ name: 'job', value: 'api' }, { name: 'instance', value: '1' }], 'a')!.sample('', 3);
    out.series(f, [{ name: 'job', value: 'api' }, { name: 'instance', value: '2' }], 'b')!.sample('', 5);
    assert.equal(
      out.render(),
      '# HELP app_requests_total Requests handled\n' +
        '# TYPE app_requests_total counter\n' +
        'app_requests_total{job="api",instance="1"} 3\n' +
        'app_requests_total{job="api",instance="2"} 5\n',
    );
  });

  it('escapes HELP text and label values as the format requires', () => {
    assert.equal(escapeHelp('a\\b "q"\nc'), 'a\\\\b "q"\\nc');
    assert.equal(sampleLine('m', [{ name: 'path', value: 'C:\\x "y"\nz' }], 1), 'm{path="C:\\\\x \\"y\\"\\nz"} 1');
    const out = new Exposition();
    const f = out.family('m', 'gauge', 'line one\nline two \\ end', 'm')!;
    out.series(f, [], 'm')!.sample('', 1);
    assert.match(out.render(), /^# HELP m line one\\nline two \\\\ end\n# TYPE m gauge\nm 1\n$/);
  });

  it('spells special values as the format does', () => {
    assert.equal(formatValue(Infinity), '+Inf');
    assert.equal(formatValue(-Infinity), '-Inf');
    assert.equal(formatValue(NaN), 'NaN');
    assert.equal(formatValue(1e21), '1e+21');
    assert.equal(formatValue(0.1), '0.1');
  });

  it('keeps the first of two types for one name and says what it left out', () => {
    const out = new Exposition();
    const gauge = out.family('x', 'gauge', '', 'first')!;
    out.series(gauge, [], 'first')!.sample('', 1);
    assert.equal(out.family('x', 'histogram', '', 'metric "x" of b'), undefined);
    const text = out.render();
    assert.match(text, /^# telemetry-inspector: metric "x" of b left out: x is already a gauge here, not a histogram$/m);
    assert.equal(text.match(/^# TYPE/gm)?.length, 1);
  });

  it('refuses a family whose sample names another family writes', () => {
    const out = new Exposition();
    const h = out.family('rpc', 'histogram', '', 'h')!;
    out.series(h, [], 'h')!.sample('_count', 1);
    assert.equal(out.family('rpc_count', 'gauge', '', 'gauge rpc_count'), undefined);
    assert.equal(out.family('rpc_sum', 'counter', '', 'counter rpc_sum'), undefined);
    const g = out.family('lat', 'gauge', '', 'g')!;
    assert.ok(g);
    assert.equal(out.family('lat', 'summary', '', 'summary lat'), undefined);
    assert.ok(out.family('la', 'histogram', '', 'ok'), 'la_bucket does not clash with lat');
  });

  it('writes one series once: a second with the same labels (in any order) is left out', () => {
    const out = new Exposition();
    const f = out.family('g', 'gauge', '', 'g')!;
    assert.ok(out.series(f, [{ name: 'a', value: '1' }, { name: 'b', value: '2' }], 'first'));
    assert.equal(out.series(f, [{ name: 'b', value: '2' }, { name: 'a', value: '1' }], 'second'), undefined);
    assert.match(out.render(), /second left out: g already has a series with the same labels/);
  });

  it('writes no HELP line for an empty description and no family without samples', () => {
    const out = new Exposition();
    out.family('empty', 'gauge', 'never written', 'e');
    const f = out.family('g', 'gauge', '', 'g')!;
    out.series(f, [], 'g')!.sample('', 2);
    assert.equal(out.render(), '# TYPE g gauge\ng 2\n');
  });
});
