/**
 * The load generator: a child process of its own (forked by bench/http/loadgenClient.ts), so that sending and
 * receiving never share one event loop. It posts pre-encoded bodies to 127.0.0.1 only, with keep-alive undici
 * Clients (one connection each), and every run stops by itself at its deadline or its request cap.
 *
 * Trace bodies get fresh trace and span ids per request (IdPatcher on a per-connection copy), so the receiver
 * stores new spans, as under a real exporter, rather than replacing the same ones.
 */
import { Client } from 'undici';
import { IdPatcher, type TraceRequest } from '../payloads/traces';

export interface LoadBody {
  bytes: Uint8Array;
  /** Offsets of ids to renumber per request; empty for bodies sent as they are (metrics). */
  idOffsets: number[];
  /** Items (spans, points) in the body, for the items/s figure. */
  items: number;
}

export interface LoadRun {
  port: number;
  path: string;
  contentType: string;
  bodies: LoadBody[];
  connections: number;
  durationMs: number;
  /** Closed loop (each connection sends as fast as answers come) when absent; else requests per second in total. */
  requestsPerSecond?: number;
  /** Hard cap on requests, whatever the duration. */
  maxRequests: number;
  /** First id number to use, so runs against the same receiver never repeat ids. */
  firstId: number;
}

export interface LoadResult {
  requests: number;
  items: number;
  errors: number;
  statuses: Record<string, number>;
  elapsedMs: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** Requests an open-loop run could not start on time because every connection was busy. */
  late: number;
}

const SAFETY_EXIT_MS = 30 * 60_000;

async function runLoad(run: LoadRun): Promise<LoadResult> {
  const origin = `http://127.0.0.1:${run.port}`;
  const clients = Array.from({ length: run.connections }, () => new Client(origin, { pipelining: 1, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 60_000 }));
  const patchers = run.bodies.map((b) => (b.idOffsets.length ? new IdPatcher({ bytes: b.bytes, idOffsets: b.idOffsets, spans: b.items } satisfies TraceRequest) : undefined));
  const result: LoadResult = { requests: 0, items: 0, errors: 0, statuses: {}, elapsedMs: 0, latencyMs: { p50: 0, p99: 0, max: 0 }, late: 0 };
  const latencies: number[] = [];
  let nextId = run.firstId;
  let started = 0;
  const t0 = performance.now();
  const deadline = t0 + run.durationMs;

  // One buffer per connection and body, renumbered in place before each send (the previous send has finished).
  const buffers = clients.map(() => run.bodies.map((b) => Buffer.from(b.bytes)));

  async function send(c: number): Promise<void> {
    const which = started % run.bodies.length;
    started++;
    const buf = buffers[c][which];
    patchers[which]?.patch(buf, nextId++);
    const t = performance.now();
    try {
      const res = await clients[c].request({ path: run.path, method: 'POST', headers: { 'content-type': run.contentType }, body: buf });
      await res.body.dump();
      result.statuses[res.statusCode] = (result.statuses[res.statusCode] ?? 0) + 1;
      if (res.statusCode === 200) result.items += run.bodies[which].items;
      else result.errors++;
    } catch (err) {
      result.errors++;
      result.statuses[(err as Error).name] = (result.statuses[(err as Error).name] ?? 0) + 1;
    }
    latencies.push(performance.now() - t);
    result.requests++;
  }

  if (run.requestsPerSecond === undefined) {
    await Promise.all(
      clients.map(async (_, c) => {
        while (performance.now() < deadline && started < run.maxRequests) await send(c);
      }),
    );
  } else {
    // Open loop: requests leave on a fixed schedule on whichever connection is free.
    const interval = 1000 / run.requestsPerSecond;
    const free = clients.map((_, c) => c);
    const inFlight = new Set<Promise<void>>();
    for (let k = 0; started < run.maxRequests; k++) {
      const at = t0 + k * interval;
      if (at >= deadline) break;
      const wait = at - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const c = free.pop();
      if (c === undefined) {
        result.late++;
        continue;
      }
      const p: Promise<void> = send(c).then(() => {
        free.push(c);
        inFlight.delete(p);
      });
      inFlight.add(p);
    }
    await Promise.all([...inFlight]);
  }
  result.elapsedMs = performance.now() - t0;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  result.latencyMs = { p50: q(0.5), p99: q(0.99), max: latencies[latencies.length - 1] ?? 0 };
  await Promise.all(clients.map((c) => c.close()));
  return result;
}

if (require.main === module) {
  // Never outlive the bench: leave when the parent goes, and after a generous limit in any case.
  setTimeout(() => process.exit(3), SAFETY_EXIT_MS).unref();
  process.on('disconnect', () => process.exit(0));
  process.on('message', (msg: { id: number; run: LoadRun }) => {
    runLoad(msg.run).then(
      (result) => process.send!({ id: msg.id, result }),
      (err: Error) => process.send!({ id: msg.id, error: err.stack ?? String(err) }),
    );
  });
  process.send!({ ready: true });
}
