/** What phases 2 and 3 check the same way: what phase 1 saw is held by the engine and drawn in the tree. */
import * as assert from 'node:assert/strict';
import type { TelemetryInspectorApi } from '../../../src/extension/extension';
import type { Node } from '../../../src/extension/views/instances/instanceNodes';
import { settle } from '../suite/extensionApi';
import type { Seen } from './protocol';

/** Every row of the Instances view down to traces and series, as VS Code asks for them (getChildren). */
export async function treeNodes(api: TelemetryInspectorApi): Promise<Node[]> {
  await settle(api);
  const out: Node[] = [];
  const walk = async (parent: Node | undefined, depth: number): Promise<void> => {
    for (const n of await api.instancesProvider.getChildren(parent)) {
      out.push(n);
      if (depth < 5 && n.kind !== 'trace' && n.kind !== 'series' && n.kind !== 'log' && n.kind !== 'more' && n.kind !== 'hint') await walk(n, depth + 1);
    }
  };
  await walk(undefined, 0);
  return out;
}

/** Fails (for eventually() to retry) until every instance, trace and Series of `seen` is held and in the tree. */
export async function expectSeen(api: TelemetryInspectorApi, seen: Seen): Promise<void> {
  const held = new Set((await api.engine.instances()).map((i) => i.key));
  for (const i of seen.instances) assert.ok(held.has(i.key), `instance ${i.service} (${i.key}) is not held`);
  for (const t of seen.traces) {
    const found = (await api.engine.findTrace(t.traceId)).find((f) => f.instance.key === t.instanceKey);
    assert.ok(found, `trace ${t.traceId} is not held`);
    assert.equal(found.spanCount, t.spanCount, `trace ${t.traceId}: spans`);
  }
  for (const s of seen.series) {
    const found = await api.engine.resolveSeries(s);
    assert.ok(found, `series ${s.name} is not held`);
    assert.equal(found.name, s.name);
  }
  const nodes = await treeNodes(api);
  const rows = (kind: Node['kind']) => nodes.filter((n) => n.kind === kind) as (Node & Record<string, unknown>)[];
  const instanceRows = new Set(rows('instance').map((n) => n.instanceKey));
  for (const i of seen.instances) assert.ok(instanceRows.has(i.key), `no tree row for instance ${i.key}`);
  const traceRows = new Set(rows('trace').map((n) => `${String(n.instanceKey)} ${String(n.traceId)}`));
  for (const t of seen.traces) assert.ok(traceRows.has(`${t.instanceKey} ${t.traceId}`), `no tree row for trace ${t.traceId}`);
  const seriesRows = new Set(rows('series').map((n) => JSON.stringify([n.instanceKey, n.streamKey, n.seriesKey])));
  // A stream with one Series is drawn as one row (the stream's): that row stands for its Series.
  const streamRows = new Set(rows('stream').map((n) => JSON.stringify([n.instanceKey, n.streamKey])));
  for (const s of seen.series) {
    assert.ok(
      seriesRows.has(JSON.stringify([s.instanceKey, s.streamKey, s.seriesKey])) || streamRows.has(JSON.stringify([s.instanceKey, s.streamKey])),
      `no tree row for series ${s.name}`,
    );
  }
}
