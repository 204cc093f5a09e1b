import { strict as assert } from 'node:assert';
import { AGENT_TOOLS } from '../../../../src/core/agent/agentTools';
import { findTracesTool } from '../../../../src/core/agent/findTracesTool';
import { deletePushgatewayGroupsTool } from '../../../../src/core/agent/deletePushgatewayGroupsTool';
import { checkToolInput, ToolInputError } from '../../../../src/core/agent/toolSchema';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ToolInputError);
    return err.message;
  }
  assert.fail('accepted');
}

describe('agent tool definitions and input checks', () => {
  it('every tool has a snake_case name, a short description, and an object schema whose required keys exist', () => {
    const names = new Set<string>();
    for (const t of AGENT_TOOLS) {
      assert.match(t.name, /^[a-z][a-z_]{2,40}$/);
      assert.ok(!names.has(t.name), t.name);
      names.add(t.name);
      assert.ok(t.description.length > 40 && t.description.length < 1024, t.name);
      assert.equal(t.inputSchema.type, 'object');
      assert.equal(t.inputSchema.additionalProperties, false);
      for (const r of t.inputSchema.required ?? []) assert.ok(r in t.inputSchema.properties, `${t.name}.${r}`);
      for (const [k, p] of Object.entries(t.inputSchema.properties)) assert.ok(p.description.length > 5, `${t.name}.${k}`);
      assert.equal(t.destructive, t.name === 'delete_pushgateway_groups');
      assert.equal(t.readOnly, !t.destructive);
      assert.equal(typeof t.prepare === 'function', t.destructive, `${t.name}: a destructive tool, and only that one, prepares a confirmation`);
    }
    assert.equal(AGENT_TOOLS.length, 8);
  });

  it('checks types, ranges, enums and unknown arguments, with a sentence for the model', () => {
    assert.deepEqual(checkToolInput(findTracesTool.inputSchema, { errorsOnly: true, limit: 5, attributes: ['http.route=/x'] }), { errorsOnly: true, limit: 5, attributes: ['http.route=/x'] });
    assert.deepEqual(checkToolInput(findTracesTool.inputSchema, undefined), {});
    assert.equal(refusal(() => checkToolInput(findTracesTool.inputSchema, { limit: 500 })), '"limit" must be from 1 to 50; got 500');
    assert.equal(refusal(() => checkToolInput(findTracesTool.inputSchema, { limit: 2.5 })), '"limit" must be a whole number');
    assert.match(refusal(() => checkToolInput(findTracesTool.inputSchema, { error: true })), /^unknown argument "error"; this tool takes service, instance, name, errorsOnly/);
    assert.equal(refusal(() => checkToolInput(findTracesTool.inputSchema, { attributes: ['a=b', 3] })), '"attributes[1]" must be a string');
    assert.equal(refusal(() => checkToolInput(findTracesTool.inputSchema, [])), 'the arguments must be an object');
    const del = deletePushgatewayGroupsTool.inputSchema;
    assert.deepEqual(checkToolInput(del, { groupingKeys: [{ job: 'a', instance: 'x' }], confirm: true }), { groupingKeys: [{ job: 'a', instance: 'x' }], confirm: true });
    assert.equal(refusal(() => checkToolInput(del, { groupingKeys: [{ job: 1 }] })), '"groupingKeys[0].job" must be a string');
  });
});
