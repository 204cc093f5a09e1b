import { strict as assert } from 'node:assert';
import { clip, MAX_TOOL_OUTPUT_CHARS, sizedOutput } from '../../../../src/core/agent/toolOutput';

describe('agent tool output sizing', () => {
  it('shows the summary, then every item when they fit, then the footer', () => {
    const text = sizedOutput({ summary: ['3 traces match.'], items: ['- a', '- b', '- c'], footer: ['Next: get_trace.'] });
    assert.equal(text, '3 traces match.\n- a\n- b\n- c\nNext: get_trace.');
  });

  it('cuts items at the cap, never past it, and says how many were left out and that they were cut', () => {
    const items = Array.from({ length: 500 }, (_, i) => `- item ${i} ${'x'.repeat(100)}`);
    const text = sizedOutput({ summary: ['500 items.'], items, more: (n, cut) => `… ${n} more (${cut ? 'cut' : 'next page'})` });
    assert.ok(text.length <= MAX_TOOL_OUTPUT_CHARS, String(text.length));
    assert.ok(text.startsWith('500 items.\n- item 0 '), 'summary first, items in order');
    const shown = text.split('\n').filter((l) => l.startsWith('- item')).length;
    assert.ok(shown > 50 && shown < 500, String(shown));
    assert.ok(text.endsWith(`… ${500 - shown} more (cut)`), text.slice(-60));
  });

  it('counts what the source held back (the next page) without calling it cut', () => {
    const text = sizedOutput({ summary: ['s'], items: ['- a'], beyond: 41, more: (n, cut) => `… ${n} more (${cut ? 'cut' : 'next page'})` });
    assert.equal(text, 's\n- a\n… 41 more (next page)');
  });

  it('clips one huge item so others still fit, and a huge summary so the answer stays under the cap', () => {
    const text = sizedOutput({ summary: ['s'], items: ['y'.repeat(50_000), '- small'] }, 1000);
    assert.ok(text.length <= 1000);
    assert.match(text, /y+… \[cut\]\n- small$/);
    const summary = sizedOutput({ summary: ['z'.repeat(20_000)], items: ['- a'] }, 500);
    assert.ok(summary.length <= 500);
    assert.equal(clip('abcdefghijkl', 10), 'abc… [cut]');
  });
});
