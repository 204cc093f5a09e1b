import { strict as assert } from 'node:assert';
import { newAttributes, type Attributes } from '../../../../src/core/model/attributes';
import { WIRED_BY_ATTRIBUTE, wiredBy, wiredByText } from '../../../../src/core/env/wiredBy';

function resource(values: Record<string, Attributes[string]>): Attributes {
  return Object.assign(newAttributes(), values);
}

describe('wiredBy: how an instance arrived', () => {
  it('a terminal-wired process says so in its tooltip line', () => {
    const r = resource({ 'service.name': 'api', [WIRED_BY_ATTRIBUTE]: 'terminal' });
    assert.equal(wiredBy(r), 'terminal');
    assert.match(wiredByText({ resource: r })!, /^Started in a VS Code terminal that Telemetry Inspector points here/);
  });

  it('a debug-wired process names its session, taken from the "<session>-<n>" instance id', () => {
    const r = resource({ 'service.instance.id': 'Launch API-2', [WIRED_BY_ATTRIBUTE]: 'debug' });
    assert.equal(wiredBy(r), 'debug');
    assert.match(wiredByText({ resource: r })!, /debug session "Launch API" that Telemetry Inspector points here/);
    // An instance id the user chose (no -<n>) still reads as a debug session, without a name.
    const own = resource({ 'service.instance.id': 'mine', [WIRED_BY_ATTRIBUTE]: 'debug' });
    assert.match(wiredByText({ resource: own })!, /^Started by the VS Code debug session that/);
  });

  it('anything else (no mark, another value, another type) is not wired', () => {
    assert.equal(wiredBy(resource({ 'service.name': 'api' })), undefined);
    assert.equal(wiredByText({ resource: resource({ 'service.name': 'api' }) }), undefined);
    assert.equal(wiredBy(resource({ [WIRED_BY_ATTRIBUTE]: 'Terminal' })), undefined);
    assert.equal(wiredBy(resource({ [WIRED_BY_ATTRIBUTE]: 1 })), undefined);
  });
});
