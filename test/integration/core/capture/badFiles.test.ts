/**
 * Opening capture files that are not what they should be: a clear error naming the line (and the field), the
 * usable lines kept and the rest counted; a spec-style pretty-printed document; a gzip bomb refused early; a
 * 1 GB file streamed with memory bounded.
 */
import { strict as assert } from 'node:assert';
import { createWriteStream, promises as fs } from 'node:fs';
import { once } from 'node:events';
import * as path from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';
import { Engine } from '../../../../src/core/engine';
import { OpenedCapture } from '../../../../src/core/capture/openedCapture';
import { tempDir } from './captureHelpers';

const span = (i: number, trace = '5b8efff798038103d269b633813fc60c'): object => ({
  traceId: trace,
  spanId: (0x1000000000000000n + BigInt(i)).toString(16),
  name: `op-${i}`,
  startTimeUnixNano: String(1700000000000000000n + BigInt(i) * 1000n),
  endTimeUnixNano: String(1700000000000000000n + BigInt(i) * 1000n + 500n),
  attributes: [{ key: 'i', value: { intValue: String(i) } }],
});

const request = (spans: object[], instance = 'bad-files'): string =>
  JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'files' } }, { key: 'service.instance.id', value: { stringValue: instance } }] },
        scopeSpans: [{ scope: { name: 's' }, spans }],
      },
    ],
  });

describe('captures: bad and big files', function () {
  this.timeout(300_000);
  let tmp: ReturnType<typeof tempDir>;
  let engine: Engine;
  beforeEach(() => {
    tmp = tempDir();
    engine = new Engine();
  });
  afterEach(async () => {
    await engine.dispose();
    tmp.remove();
  });

  const write = async (name: string, content: string | Buffer): Promise<string> => {
    const file = path.join(tmp.dir, name);
    await fs.writeFile(file, content);
    return file;
  };

  it('keeps the lines that decode and names the line and field of the others', async () => {
    const lines = [
      request([span(1)]),
      '{"resourceSpans": [ {"scopeSpans": [', // wrong JSON
      request([span(2)]),
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 42, spanId: 'eee19b7ec3c1b174' }] }] }] }), // wrong shape
      JSON.stringify({ hello: 'world' }), // not OTLP
      '',
      request([span(3)]),
      'plain text',
      request([span(4)]).slice(0, 80), // cut short, the last line
    ];
    const summary = await engine.openCapture(await write('mixed.jsonl', lines.join('\n')));
    assert.equal(summary.items.spans, 3);
    assert.equal(summary.problems.count, 5);
    const byLine = new Map(summary.problems.first.map((p) => [p.line, p.message]));
    assert.match(byLine.get(2)!, /^invalid JSON/);
    assert.match(byLine.get(4)!, /^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: /);
    assert.match(byLine.get(5)!, /no resourceSpans, resourceMetrics or resourceLogs field \(keys: hello\)/);
    assert.match(byLine.get(8)!, /^invalid JSON \(Unexpected token/);
    assert.match(byLine.get(9)!, /^invalid JSON/);
    assert.match(summary.problems.text, /line 2: invalid JSON/);
    const snap = engine.captureSnapshot(summary.id)!;
    assert.deepEqual(snap.instances[0].traces[0].spans.map((s) => s.name).sort(), ['op-1', 'op-2', 'op-3']);
  });

  it('reads a single pretty-printed OTLP JSON document (the spec examples), with snake_case keys and enum names', async () => {
    const doc = {
      resource_spans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'my.service' } }] },
          scope_spans: [
            {
              scope: { name: 'my.library', version: '1.0.0' },
              spans: [{ ...span(7), kind: 'SPAN_KIND_SERVER', status: { code: 'STATUS_CODE_ERROR', message: 'boom' } }],
            },
          ],
        },
      ],
    };
    const summary = await engine.openCapture(await write('trace.json', JSON.stringify(doc, null, 2)));
    assert.equal(summary.problems.count, 0, summary.problems.text);
    const s = engine.captureSnapshot(summary.id)!.instances[0].traces[0].spans[0];
    assert.deepEqual([s.name, s.kind, s.status, s.statusMessage], ['op-7', 'server', 'error', 'boom']);
    // Two documents in one file, each over many lines, work too.
    const two = await engine.openCapture(await write('two.json', JSON.stringify(doc, null, 2) + '\n' + JSON.stringify(JSON.parse(request([span(8)])), null, 4)));
    assert.equal(two.items.spans, 2);
  });

  it('refuses an empty file, a file with nothing usable, a truncated document, and bad gzip, saying why', async () => {
    await assert.rejects(engine.openCapture(await write('empty.jsonl', '')), /holds no OTLP data \(it is empty\)/);
    await assert.rejects(engine.openCapture(await write('junk.jsonl', '[1,2]\n{"a":1}\n')), /holds no OTLP data: line 1: not an OTLP export request: expected a JSON object; line 2:/);
    const cut = JSON.stringify(JSON.parse(request([span(1)])), null, 2);
    await assert.rejects(engine.openCapture(await write('cut.json', cut.slice(0, cut.length / 2))), /line 1: the file ends inside this JSON value/);
    const gz = gzipSync(Buffer.from(request([span(1)]) + '\n'));
    await assert.rejects(engine.openCapture(await write('bad.jsonl.gz', Buffer.concat([gz.subarray(0, 20), Buffer.alloc(40, 7)]))), /is not valid gzip/);
    await assert.rejects(engine.openCapture(path.join(tmp.dir, 'missing.jsonl')), /cannot read .*missing\.jsonl/);
    assert.deepEqual(engine.captures.list(), []);
  });

  it('refuses a gzip bomb once it inflates past the ratio, without inflating it all', async () => {
    const file = path.join(tmp.dir, 'bomb.jsonl.gz');
    // 1 GiB of spaces compresses to about 1 MB.
    const gz = createGzip({ level: 9 });
    const out = createWriteStream(file);
    gz.pipe(out);
    const block = Buffer.alloc(16 * 1024 * 1024, 0x20);
    for (let i = 0; i < 64; i++) if (!gz.write(block)) await once(gz, 'drain');
    gz.end();
    await once(out, 'close');
    const compressed = (await fs.stat(file)).size;
    assert.ok(compressed < 4 * 1024 * 1024, `${compressed} bytes`);
    const t0 = Date.now();
    const rss0 = process.memoryUsage().rss;
    await assert.rejects(engine.openCapture(file), /inflates more than 200× its size .*gzip bomb/);
    assert.ok(Date.now() - t0 < 20_000);
    assert.ok(process.memoryUsage().rss - rss0 < 200 * 1024 * 1024);
  });

  it('streams a 1 GB file with memory bounded', async () => {
    const file = path.join(tmp.dir, 'big.jsonl');
    const out = createWriteStream(file);
    const target = 1024 ** 3;
    let written = 0;
    let lines = 0;
    // 200 spans a line, each line its own trace: real shape, about 60 KB a line.
    while (written < target) {
      const trace = (0x10000000000000000000000000000000n + BigInt(lines)).toString(16);
      const line = request(Array.from({ length: 200 }, (_, i) => span(lines * 200 + i, trace)), `big-${lines % 4}`) + '\n';
      written += Buffer.byteLength(line);
      lines++;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'close');
    let peakRss = 0;
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    try {
      const capture = await OpenedCapture.open(file, 'big', { limits: { maxSpans: 20_000 } });
      assert.equal(capture.summary.items.spans, lines * 200);
      assert.equal(capture.summary.problems.count, 0);
      assert.equal(capture.store.spanCount, 20_000, 'the store keeps its cap; the rest is counted as evicted');
      assert.equal(capture.summary.instances, 4);
      capture.dispose();
    } finally {
      clearInterval(sampler);
      await fs.rm(file, { force: true });
    }
    const grownMb = (peakRss - rss0) / 2 ** 20;
    assert.ok(grownMb < 400, `memory grew ${grownMb.toFixed(0)} MB reading a ${(written / 2 ** 30).toFixed(2)} GB file`);
  });
});
