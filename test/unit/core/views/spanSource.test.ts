import { strict as assert } from 'node:assert';
import { describeSource, spanSource } from '../../../../src/core/views/spanSource';
import { spanDetails } from '../../../../src/core/views/spanDetails';
import { attrs, span } from '../../../helpers/records';

describe('spanSource', () => {
  it('reads the older code.* names', () => {
    const s = spanSource(attrs({ 'code.filepath': 'src/app.ts', 'code.lineno': 42, 'code.function': 'handle', 'code.namespace': 'Checkout' }));
    assert.deepEqual(s, { path: 'src/app.ts', line: 42, function: 'Checkout.handle' });
    assert.equal(describeSource(s!), 'Checkout.handle (src/app.ts:42)');
  });

  it('prefers the current names, and takes line numbers sent as strings', () => {
    const s = spanSource(attrs({ 'code.file.path': '/srv/a.py', 'code.filepath': 'old.py', 'code.line.number': '7', 'code.column.number': 3, 'code.function.name': 'mod.fn' }));
    assert.deepEqual(s, { path: '/srv/a.py', line: 7, column: 3, function: 'mod.fn' });
    assert.equal(describeSource({ path: 'a.ts', line: 7, column: 3 }), 'a.ts:7:3');
  });

  it('ignores spans without a path, and lines that are not positive whole numbers', () => {
    assert.equal(spanSource(attrs({ 'code.lineno': 3 })), undefined);
    assert.deepEqual(spanSource(attrs({ 'code.filepath': 'x.go', 'code.lineno': 0 })), { path: 'x.go' });
    assert.deepEqual(spanSource(attrs({ 'code.filepath': 'x.go', 'code.lineno': 'abc' })), { path: 'x.go' });
  });

  it('describes a span for the details pane', () => {
    // A trace start of 1e15 ns keeps whole microseconds exact in a double.
    const sp = span({
      startTimeUnixNano: 1e15 + 5e6,
      endTimeUnixNano: 1e15 + 7.5e6,
      kind: 2,
      statusCode: 2,
      statusMessage: 'declined',
      attributes: attrs({ b: 1, a: 'x', 'code.filepath': 'src/app.ts', 'code.lineno': 9 }),
      events: [{ name: 'exception', timeUnixNano: 1e15 + 6e6, attributes: attrs({ 'exception.message': 'no' }), droppedAttributesCount: 0 }],
    });
    const d = spanDetails(sp, 1e15, 'shop', attrs({ 'service.name': 'shop' }));
    // Starts 5 ms into the trace, lasts 2.5 ms; the event is 1 ms after the span's start.
    assert.deepEqual([d.kind, d.status, d.startMs, d.durationMs], ['server', 'error', 5, 2.5]);
    assert.deepEqual(d.attributes.map((kv) => kv[0]), ['a', 'b', 'code.filepath', 'code.lineno']);
    assert.deepEqual(d.events, [{ name: 'exception', offsetMs: 1, attributes: [['exception.message', 'no']] }]);
    assert.deepEqual(d.source, { path: 'src/app.ts', line: 9 });
    assert.deepEqual(d.resource, [['service.name', 'shop']]);
  });
});
