import { strict as assert } from 'node:assert';
import { genAiChip, genAiTotals, genAiTotalsText, instanceGenAiLine, instanceGenAiMarkdown, shortCount, spanGenAiDetails, traceGenAiText } from '../../../../src/core/genai/genaiText';
import { spanDetails } from '../../../../src/core/views/spanDetails';
import { layoutTrace } from '../../../../src/core/views/traceLayout';
import { attrs, hex, span } from '../../../helpers/records';

const traceId = hex(5, 32);
const agent = span({ traceId, spanId: hex(1, 16), name: 'invoke_agent planner', attributes: attrs({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner', 'gen_ai.usage.input_tokens': 5000 }) });
const chat1 = span({
  traceId,
  spanId: hex(2, 16),
  parentSpanId: hex(1, 16),
  name: 'chat gpt-4o',
  attributes: attrs({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.response.model': 'gpt-4o-2024-08-06',
    'gen_ai.usage.input_tokens': 1234,
    'gen_ai.usage.output_tokens': 56,
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Plan my trip' }] }]),
  }),
});
const chat2 = span({ traceId, spanId: hex(3, 16), parentSpanId: hex(1, 16), name: 'chat', attributes: attrs({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'claude-3-5-haiku', 'gen_ai.usage.input_tokens': 200, 'gen_ai.usage.output_tokens': 20 }) });
const plain = span({ traceId, spanId: hex(4, 16), parentSpanId: hex(1, 16), name: 'SELECT' });

describe('GenAI words in the views', () => {
  it('a span row’s chip: model and tokens, short', () => {
    assert.equal(genAiChip(chat1), 'gpt-4o-2024-08-06 · 1.2k→56 tok');
    assert.equal(genAiChip(agent), 'planner · 5k→? tok');
    assert.equal(genAiChip(plain), '');
    assert.equal(shortCount(12_345), '12k');
    assert.equal(shortCount(2_500_000), '2.5M');
  });

  it('a trace’s model calls and tokens, without counting the agent span that wraps them', () => {
    const t = genAiTotals([agent, chat1, chat2, plain]);
    assert.deepEqual(t, { calls: 2, inputTokens: 1434, outputTokens: 76, models: ['gpt-4o-2024-08-06', 'claude-3-5-haiku'] });
    assert.equal(genAiTotalsText(t), 'gpt-4o-2024-08-06 +1 · 2 calls · 1,434 in / 76 out tokens');
    assert.equal(traceGenAiText([chat2]), 'claude-3-5-haiku · 200 in / 20 out tokens');
    assert.equal(traceGenAiText([plain]), '');
  });

  it('the waterfall rows carry the chips and the layout the totals', () => {
    const layout = layoutTrace(traceId, [agent, chat1, chat2, plain]);
    assert.deepEqual(layout.rows.map((r) => r.genai), ['planner · 5k→? tok', 'gpt-4o-2024-08-06 · 1.2k→56 tok', 'claude-3-5-haiku · 200→20 tok', '']);
    assert.equal(layout.genai?.calls, 2);
    assert.equal(layoutTrace(traceId, [plain]).genai, undefined);
  });

  it('a GenAI span’s details: summary, facts, and the captured prompt', () => {
    const d = spanGenAiDetails(chat1)!;
    assert.equal(d.summary, 'chat gpt-4o-2024-08-06 · 1,234 in / 56 out tokens');
    assert.deepEqual(d.facts, [
      ['operation', 'chat'],
      ['provider', 'openai'],
      ['model', 'gpt-4o-2024-08-06 (asked for gpt-4o)'],
      ['input tokens', '1,234'],
      ['output tokens', '56'],
    ]);
    assert.deepEqual(d.messages, [{ side: 'input', role: 'user', text: 'Plan my trip' }]);
    assert.equal(spanDetails(chat1, 0, 'agent', attrs()).genai?.summary, d.summary);
    assert.equal(spanDetails(plain, 0, 'agent', attrs()).genai, undefined);
  });

  it('an instance’s tokens per model, as a tooltip table and a line', () => {
    const usage = [
      { model: 'gpt-4o', provider: 'openai', calls: 3, inputTokens: 3000, outputTokens: 150 },
      { model: 'claude|x', provider: '', calls: 1, inputTokens: 10, outputTokens: 2 },
    ];
    assert.equal(
      instanceGenAiMarkdown(usage),
      ['**LLM tokens** · 3,010 in / 152 out', '', '| model | calls | in | out |', '| --- | ---: | ---: | ---: |', '| gpt-4o (openai) | 3 | 3,000 | 150 |', '| claude\\|x | 1 | 10 | 2 |'].join('\n'),
    );
    assert.equal(instanceGenAiLine(usage), '2 models · 3,010 in / 152 out tokens');
    assert.equal(instanceGenAiLine(usage.slice(0, 1)), 'gpt-4o · 3,000 in / 150 out tokens');
    assert.equal(instanceGenAiMarkdown([]), '');
  });
});
