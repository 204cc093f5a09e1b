import { strict as assert } from 'node:assert';
import { jsonValues, type JsonValueItem } from '../../../../src/core/capture/jsonValues';

async function split(text: string, chunkSize: number, max = 1024): Promise<JsonValueItem[]> {
  const buf = Buffer.from(text);
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let i = 0; i < buf.length; i += chunkSize) yield buf.subarray(i, i + chunkSize);
  }
  const out: JsonValueItem[] = [];
  for await (const item of jsonValues(chunks(), max)) out.push(item);
  return out;
}

describe('capture: jsonValues', () => {
  const lines = '{"a":1}\n{"b":"}{\\"x"}\n\n{"c":[1,{"d":2}]}\n';
  for (const size of [1, 3, 7, 1024]) {
    it(`splits JSON Lines in chunks of ${size} byte(s), with line numbers`, async () => {
      assert.deepEqual(await split(lines, size), [
        { kind: 'value', line: 1, text: '{"a":1}' },
        { kind: 'value', line: 2, text: '{"b":"}{\\"x"}' },
        { kind: 'value', line: 4, text: '{"c":[1,{"d":2}]}' },
      ]);
    });
  }

  it('balances pretty-printed documents over many lines (braces inside strings do not count)', async () => {
    const doc = '{\n  "a": "{",\n  "b": [\n    1\n  ]\n}\n{\n "c": "\\"}"\n}';
    for (const size of [1, 5, 100]) {
      const items = await split(doc, size);
      assert.deepEqual(items.map((i) => [i.kind, i.line]), [['value', 1], ['value', 7]]);
      assert.deepEqual(JSON.parse((items[1] as { text: string }).text), { c: '"}' });
    }
  });

  it('a broken line in JSON Lines costs that line only; a value past the limit is skipped and named', async () => {
    const items = await split(`{"ok":1}\n{"broken":\n{"ok":2}\n{"long":"${'x'.repeat(200)}"}\n{"ok":3}`, 4, 100);
    assert.deepEqual(items.map((i) => (i.kind === 'value' ? i.text : `${i.line}: ${i.message}`)), ['{"ok":1}', '{"broken":', '{"ok":2}', '4: longer than 0 MiB: skipped', '{"ok":3}']);
  });

  it('says when the file ends inside a document', async () => {
    assert.deepEqual(await split('\n\n{\n "a": [1,\n', 3), [{ kind: 'problem', line: 3, message: 'the file ends inside this JSON value (cut short?)' }]);
  });
});
