/** The search panel's model: the form into a query (mistakes at their field), results into rows, counts and bars. */
import { strict as assert } from 'node:assert';
import { searchTraces } from '../../../../src/core/search/traceSearch';
import { TelemetryStore } from '../../../../src/core/store/store';
import { barRange, EMPTY_FORM, formQuery, normalizeForm, searchOptions, searchView, splitAttributes } from '../../../../src/core/views/traceSearchView';
import { attrs, batch, hex, span } from '../../../helpers/records';

const T0 = 1e15;
const MS = 1e6;
let n = 1;

function trace(store: TelemetryStore, instance: string, name: string, startMs: number, ms: number, o: { error?: boolean; route?: string; service?: string } = {}): string {
  const traceId = hex(n++, 32);
  const root = span({ traceId, spanId: hex(n++, 16), name, startTimeUnixNano: T0 + startMs * MS, endTimeUnixNano: T0 + (startMs + ms) * MS, statusCode: o.error ? 2 : 0 });
  const child = span({ traceId, spanId: hex(n++, 16), parentSpanId: root.spanId, name: 'db', startTimeUnixNano: T0 + startMs * MS, endTimeUnixNano: T0 + (startMs + 1) * MS, attributes: attrs(o.route ? { 'http.route': o.route } : {}) });
  store.ingestTraces([batch({ 'service.name': o.service ?? 'shop', 'service.instance.id': instance }, [root, child])]);
  return traceId;
}

describe('the trace search panel’s model', () => {
  it('turns the form into the shared filter', () => {
    const { query, errors } = formQuery({ ...EMPTY_FORM, service: 'shop', name: 'checkout', errorsOnly: true, minDuration: '200ms', since: '15m', attributes: 'http.route=/checkout "user.name=Ada L"' }, 500);
    assert.deepEqual(errors, []);
    assert.deepEqual(query, {
      filter: {
        service: 'shop',
        name: 'checkout',
        nameMatch: 'substring',
        errorsOnly: true,
        minDurationMs: 200,
        since: { ago: 15 * 60_000 },
        attributes: [
          { key: 'http.route', value: '/checkout' },
          { key: 'user.name', value: 'Ada L' },
        ],
      },
      limit: 500,
    });
    assert.equal(formQuery({ ...EMPTY_FORM, name: 'GET /', exactName: true }).query?.filter.nameMatch, 'exact');
  });

  it('names every mistake at its own field, at once', () => {
    const { query, errors } = formQuery({ ...EMPTY_FORM, minDuration: '200', since: 'yesterday', attributes: 'route' });
    assert.equal(query, undefined);
    assert.deepEqual(
      errors.map((e) => e.field),
      ['minDuration', 'since', 'attributes'],
    );
    assert.match(errors[0].message, /add a unit: 200ms or 200s/);
    const range = formQuery({ ...EMPTY_FORM, minDuration: '2s', maxDuration: '1s' });
    assert.equal(range.errors[0].field, 'minDuration');
    assert.match(range.errors[0].message, /above the maximum/);
  });

  it('splits attribute pairs on spaces, keeping quoted ones whole', () => {
    assert.deepEqual(splitAttributes(` a=1  'b=x y' "c=" `), ['a=1', 'b=x y', 'c=']);
  });

  it('reads back a saved form whatever it holds', () => {
    assert.deepEqual(normalizeForm({ service: 'x', errorsOnly: 'yes', minDuration: 5 }), { ...EMPTY_FORM, service: 'x' });
    assert.deepEqual(normalizeForm(null), EMPTY_FORM);
  });

  it('rows newest first with counts and a histogram of every match, across instances', () => {
    const store = new TelemetryStore();
    trace(store, 'shop-1', 'GET /checkout', 0, 120, { route: '/checkout' });
    const slowFailing = trace(store, 'shop-2', 'GET /checkout', 1000, 2500, { error: true, route: '/checkout' });
    trace(store, 'shop-1', 'GET /cart', 2000, 3);
    trace(store, 'pay-1', 'charge', 3000, 40, { service: 'payments' });
    const { query } = formQuery({ ...EMPTY_FORM, name: 'checkout' });
    const view = searchView(searchTraces(store.instances.values(), query!), query!, searchOptions(store.instances.values()));
    assert.deepEqual(view.rows.map((r) => [r.name, r.instance, r.duration, r.errors]), [
      ['GET /checkout', 'shop-2', '2.50s', 1],
      ['GET /checkout', 'shop-1', '120ms', 0],
    ]);
    assert.equal(view.rows[0].traceId, slowFailing);
    assert.equal(view.rows[0].instanceKey, [...store.instances.values()].find((i) => i.instanceLabel === 'shop-2')!.key);
    assert.equal(view.summary, '2 of 4 traces · 1 with errors');
    assert.equal(view.filterText, 'name contains "checkout"');
    assert.deepEqual(view.histogram.map((b) => [b.label, b.count, b.height]), [
      ['100ms–200ms', 1, 1],
      ['200ms–500ms', 0, 0],
      ['500ms–1s', 0, 0],
      ['1s–2s', 0, 0],
      ['2s–5s', 1, 1],
    ]);
    assert.deepEqual(view.options, { services: ['payments', 'shop'], instances: ['pay-1', 'shop-1', 'shop-2'], names: ['GET /checkout', 'charge', 'GET /cart'] });
    assert.equal(view.truncated, '');
    store.dispose();
  });

  it('says when the list holds only the newest of the matches', () => {
    const store = new TelemetryStore();
    for (let i = 0; i < 5; i++) trace(store, 'shop-1', 'GET /', i * 10, 5);
    const { query } = formQuery(EMPTY_FORM, 3);
    const view = searchView(searchTraces(store.instances.values(), query!), query!, searchOptions(store.instances.values()));
    assert.equal(view.rows.length, 3);
    assert.equal(view.matched, 5);
    assert.equal(view.summary, '5 traces');
    assert.match(view.truncated, /newest 3/);
    store.dispose();
  });

  it('a histogram bar becomes a duration range the filter reads back', () => {
    assert.deepEqual(barRange({ fromMs: 200, toMs: 500 }), { minDuration: '200ms', maxDuration: '500ms' });
    assert.deepEqual(barRange({ fromMs: 0, toMs: 0.001 }), { minDuration: '', maxDuration: '1µs' });
    const { query } = formQuery({ ...EMPTY_FORM, ...barRange({ fromMs: 2000, toMs: null }) });
    assert.equal(query?.filter.minDurationMs, 2000);
    assert.equal(query?.filter.maxDurationMs, undefined);
  });
});
