/**
 * Two traces side by side: which spans match, how much slower or faster each got, what is on one side only,
 * what changed status. Pure data for the diff panel and the CLI; the panel only draws it.
 *
 * Matching. A span is known by its path of (service, name) from the root. Under two matched parents, the
 * children are grouped by (service, name); so a child that moved (reordered children, or concurrent calls that
 * finished in another order) still finds its partner. Within one group, siblings with the same name are paired
 * by their order of start: the first call to `SELECT items` with the first, the second with the second, and any
 * left over (a retry, an extra call, a call that went away) are one-sided. Order, not the best fit of durations:
 * pairing each span with the sibling closest in duration would hide exactly what a diff is for (a call that went
 * from 10 ms to 100 ms would be paired with another that took 100 ms before), and order is how people count calls.
 *
 * Roots (true roots and spans whose parent is not held) are matched the same way, as children of the trace.
 * "Failed" is what counts as a status change: unset and ok both mean not failed, a switch between them is not one.
 */
import { StatusCode, type SpanRecord } from '../model/records';
import { searchTraces, type TraceHolder } from '../search/traceSearch';

export type DiffStatus = 'unset' | 'ok' | 'error';

export interface DiffSide {
  spanId: string;
  /** Start from its own trace's start. */
  startMs: number;
  durationMs: number;
  status: DiffStatus;
  statusMessage: string;
}

export type DiffKind = 'matched' | 'baselineOnly' | 'currentOnly';

export interface TraceDiffRow {
  kind: DiffKind;
  /** Row index of the parent in `rows`; -1 at the top. */
  parent: number;
  depth: number;
  service: string;
  name: string;
  /** 1-based place among siblings of the same (service, name): `#2` is the second call. */
  ordinal: number;
  /** How many siblings share its (service, name) on the larger side (an ordinal means something when > 1). */
  sameNameSiblings: number;
  /** `service: name › service: name #2`, from the top. */
  path: string;
  baseline?: DiffSide;
  current?: DiffSide;
  /**
   * Current minus baseline, ms: a slowdown is positive. A span on the current side only counts its whole
   * duration (new work), one on the baseline side only its duration negated (work that went away).
   */
  deltaMs: number;
  /** current ÷ baseline, for matched spans with a baseline duration above zero. */
  ratio?: number;
  /** Matched, and failed on one side only. */
  statusChanged: boolean;
}

export interface TraceDiff {
  /** The union of both trees, depth first; siblings in order of start (the current side's where it has one). */
  rows: TraceDiffRow[];
  /**
   * Row indexes, largest regression first: matched spans by deltaMs, and the top span of each one-sided
   * subtree (its descendants add nothing new); improvements and removed work come last.
   */
  byRegression: number[];
  matched: number;
  baselineOnly: number;
  currentOnly: number;
  statusChanges: number;
  baselineDurationMs: number;
  currentDurationMs: number;
}

export interface DiffInput {
  spans: Iterable<SpanRecord>;
  /** The service a span came from; '' when not told (then only names are compared). */
  serviceOf?: (span: SpanRecord) => string;
}

interface Tree {
  byParent: Map<string, SpanRecord[]>;
  roots: SpanRecord[];
  start: number;
  durationMs: number;
  service: (s: SpanRecord) => string;
}

/** Diffs `current` against `baseline` (the trace it is compared with: the last run, say). */
export function diffTraces(baseline: DiffInput, current: DiffInput): TraceDiff {
  const a = treeOf(baseline);
  const b = treeOf(current);
  const rows: TraceDiffRow[] = [];

  // One job per pair to lay out; a pair's children are pushed in reverse, so rows come out depth first.
  type Job = { pair: Pair; parent: number; depth: number; prefix: string };
  const stack: Job[] = [];
  const pushChildren = (as: readonly SpanRecord[], bs: readonly SpanRecord[], parent: number, depth: number, prefix: string) => {
    const pairs = pairSiblings(as, bs, a, b);
    for (let i = pairs.length - 1; i >= 0; i--) stack.push({ pair: pairs[i], parent, depth, prefix });
  };
  pushChildren(a.roots, b.roots, -1, 0, '');
  const seenA = new Set<SpanRecord>();
  const seenB = new Set<SpanRecord>();
  while (stack.length) {
    const { pair: p, parent, depth, prefix } = stack.pop()!;
    // A parent chain that loops would otherwise be walked forever: a span is laid out once.
    if (p.a && seenA.has(p.a)) p.a = undefined;
    if (p.b && seenB.has(p.b)) p.b = undefined;
    if (!p.a && !p.b) continue;
    if (p.a) seenA.add(p.a);
    if (p.b) seenB.add(p.b);
    const label = `${p.service ? `${p.service}: ` : ''}${p.name}${p.siblings > 1 ? ` #${p.ordinal}` : ''}`;
    const path = prefix ? `${prefix} › ${label}` : label;
    const index = rows.length;
    rows.push(rowOf(p, parent, depth, path, a, b));
    pushChildren(p.a ? (a.byParent.get(p.a.spanId) ?? []) : [], p.b ? (b.byParent.get(p.b.spanId) ?? []) : [], index, depth + 1, path);
  }

  const byRegression: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r.kind !== 'matched' && r.parent !== -1 && rows[r.parent].kind === r.kind) continue;
    byRegression.push(i);
  }
  byRegression.sort((x, y) => rows[y].deltaMs - rows[x].deltaMs || x - y);

  return {
    rows,
    byRegression,
    matched: rows.filter((r) => r.kind === 'matched').length,
    baselineOnly: rows.filter((r) => r.kind === 'baselineOnly').length,
    currentOnly: rows.filter((r) => r.kind === 'currentOnly').length,
    statusChanges: rows.filter((r) => r.statusChanged).length,
    baselineDurationMs: a.durationMs,
    currentDurationMs: b.durationMs,
  };
}

/**
 * The trace to compare with when the user does not pick one: the latest (by start) other trace whose root has
 * the same name, from any of the holders given (live instances, another instance, an opened capture).
 */
export function defaultBaseline(
  holders: Iterable<TraceHolder>,
  current: { traceId: string; rootName: string },
): { traceId: string; instanceKey: string } | undefined {
  if (!current.rootName) return undefined;
  const found = searchTraces(holders, { filter: { name: current.rootName, nameMatch: 'exact' } });
  const row = found.rows.find((r) => r.traceId !== current.traceId);
  return row && { traceId: row.traceId, instanceKey: row.instanceKey };
}

interface Pair {
  a?: SpanRecord;
  b?: SpanRecord;
  service: string;
  name: string;
  ordinal: number;
  siblings: number;
}

/** Pairs two sibling lists by (service, name), then by order of start within each name. */
function pairSiblings(as: readonly SpanRecord[], bs: readonly SpanRecord[], a: Tree, b: Tree): Pair[] {
  const groups = new Map<string, { service: string; name: string; as: SpanRecord[]; bs: SpanRecord[] }>();
  const groupOf = (service: string, name: string) => {
    const key = `${service}\u0000${name}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { service, name, as: [], bs: [] }));
    return g;
  };
  for (const s of as) groupOf(a.service(s), s.name).as.push(s);
  for (const s of bs) groupOf(b.service(s), s.name).bs.push(s);
  const pairs: (Pair & { at: number })[] = [];
  for (const g of groups.values()) {
    const n = Math.max(g.as.length, g.bs.length);
    for (let i = 0; i < n; i++) {
      const sa = g.as[i];
      const sb = g.bs[i];
      // Laid out by start on the current side where the span is there, else on the baseline's.
      const at = sb ? sb.startTimeUnixNano - b.start : sa.startTimeUnixNano - a.start;
      pairs.push({ a: sa, b: sb, service: g.service, name: g.name, ordinal: i + 1, siblings: n, at });
    }
  }
  // Ties (concurrent starts): the current side's spans first, then by name, service and place.
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  pairs.sort((x, y) => x.at - y.at || Number(!x.b) - Number(!y.b) || text(x.name, y.name) || text(x.service, y.service) || x.ordinal - y.ordinal);
  return pairs;
}

function rowOf(p: Pair, parent: number, depth: number, path: string, a: Tree, b: Tree): TraceDiffRow {
  const baseline = p.a && sideOf(p.a, a.start);
  const current = p.b && sideOf(p.b, b.start);
  const kind: DiffKind = baseline && current ? 'matched' : baseline ? 'baselineOnly' : 'currentOnly';
  const deltaMs = baseline && current ? current.durationMs - baseline.durationMs : current ? current.durationMs : -(baseline?.durationMs ?? 0);
  return {
    kind,
    parent,
    depth,
    service: p.service,
    name: p.name,
    ordinal: p.ordinal,
    sameNameSiblings: p.siblings,
    path,
    baseline,
    current,
    deltaMs,
    ratio: baseline && current && baseline.durationMs > 0 ? current.durationMs / baseline.durationMs : undefined,
    statusChanged: !!baseline && !!current && (baseline.status === 'error') !== (current.status === 'error'),
  };
}

function sideOf(span: SpanRecord, traceStart: number): DiffSide {
  return {
    spanId: span.spanId,
    startMs: (span.startTimeUnixNano - traceStart) / 1e6,
    durationMs: Math.max(0, span.endTimeUnixNano - span.startTimeUnixNano) / 1e6,
    status: span.statusCode === StatusCode.Error ? 'error' : span.statusCode === StatusCode.Ok ? 'ok' : 'unset',
    statusMessage: span.statusMessage,
  };
}

function treeOf(input: DiffInput): Tree {
  const byId = new Map<string, SpanRecord>();
  for (const s of input.spans) if (!byId.has(s.spanId)) byId.set(s.spanId, s);
  const byParent = new Map<string, SpanRecord[]>();
  const roots: SpanRecord[] = [];
  let start = Infinity;
  let end = -Infinity;
  for (const s of byId.values()) {
    if (s.startTimeUnixNano < start) start = s.startTimeUnixNano;
    if (s.endTimeUnixNano > end) end = s.endTimeUnixNano;
    if (s.parentSpanId && s.parentSpanId !== s.spanId && byId.has(s.parentSpanId)) {
      let list = byParent.get(s.parentSpanId);
      if (!list) byParent.set(s.parentSpanId, (list = []));
      list.push(s);
    } else {
      roots.push(s);
    }
  }
  const byStart = (x: SpanRecord, y: SpanRecord) => x.startTimeUnixNano - y.startTimeUnixNano || (x.spanId < y.spanId ? -1 : 1);
  for (const list of byParent.values()) list.sort(byStart);
  // Spans of a parent loop hang off no root: the earliest of them stands in as one, so nothing is lost.
  const reached = new Set<string>();
  const reach = (from: SpanRecord[]) => {
    const todo = [...from];
    while (todo.length) {
      const s = todo.pop()!;
      if (reached.has(s.spanId)) continue;
      reached.add(s.spanId);
      todo.push(...(byParent.get(s.spanId) ?? []));
    }
  };
  reach(roots);
  if (reached.size < byId.size) {
    for (const s of [...byId.values()].sort(byStart)) {
      if (reached.has(s.spanId)) continue;
      roots.push(s);
      reach([s]);
    }
  }
  roots.sort(byStart);
  const serviceOf = input.serviceOf;
  return {
    byParent,
    roots,
    start: start === Infinity ? 0 : start,
    durationMs: start === Infinity ? 0 : Math.max(0, end - start) / 1e6,
    service: serviceOf ? (s) => serviceOf(s) : () => '',
  };
}
