/**
 * Real upstreams for the forwarding tests, each in its own process on loopback and stopped by pid:
 * autotel-devtools (an independent OTLP receiver from npm, on the Node 24 the project carries) and a second
 * inspector (our CLI). Plus what a test reads back from them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { request } from 'undici';
import { CLI, REPO_ROOT, freePort, listening, start, type Running } from '../../../helpers/process';

const NODE_24 = path.join(REPO_ROOT, 'node_modules', '.bin', 'node');
const AUTOTEL_CLI = path.join(REPO_ROOT, 'node_modules', 'autotel-devtools', 'dist', 'cli.js');

export interface AutotelUpstream {
  port: number;
  grpcPort: number;
  child: ChildProcess;
  output(): string;
  /** Kills it by pid (SIGKILL: no goodbye) and waits until it is gone. */
  kill(): Promise<void>;
}

/** Starts autotel-devtools on the given (free) ports; `db` keeps what it received across a restart. */
export async function startAutotel(port: number, grpcPort: number, db?: string): Promise<AutotelUpstream> {
  const child = spawn(NODE_24, [AUTOTEL_CLI, '--port', String(port), '--grpc-port', String(grpcPort), '--host', '127.0.0.1', ...(db ? ['--db', db] : [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AUTOTEL_MAX_TRACE_COUNT: '100000', AUTOTEL_MAX_LOG_COUNT: '100000' },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  // Never outlives a test run that forgets it.
  const safety = setTimeout(() => child.kill('SIGKILL'), 180_000);
  safety.unref();
  const exited = new Promise<void>((resolve) => child.once('exit', () => (clearTimeout(safety), resolve())));
  await Promise.race([
    listening(port, 30_000),
    exited.then(() => {
      throw new Error(`autotel-devtools exited at start: ${out}`);
    }),
  ]);
  // It walks on to the next port when its port is taken: then it is not the upstream the test aimed at.
  const bound = /Listening:\s+127\.0\.0\.1:(\d+)/.exec(out)?.[1];
  if (bound !== undefined && Number(bound) !== port) throw new Error(`autotel-devtools took port ${bound}, not ${port}`);
  return {
    port,
    grpcPort,
    child,
    output: () => out,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

async function getJson<T>(port: number, pathname: string, body?: unknown): Promise<T> {
  const res = await request(`http://127.0.0.1:${port}${pathname}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${pathname}: HTTP ${res.statusCode} ${text}`);
  return JSON.parse(text) as T;
}

interface AutotelSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
  status: { code: string; message?: string };
  attributes: Record<string, unknown>;
  events: { name: string; attributes: Record<string, unknown> }[];
}

/** Trace id → its spans, for the traces of one service.instance.id. */
export async function autotelTraces(port: number, instanceId: string): Promise<Map<string, AutotelSpan[]>> {
  // The query API reads autotel's store (GET /v1/traces is its live buffer, which starts empty after a restart).
  const traces: { traceId: string; spans: AutotelSpan[] }[] = [];
  let cursor: string | undefined;
  do {
    const page = await getJson<{ traces: { traceId: string; spans: AutotelSpan[] }[]; nextCursor: string | null }>(port, '/api/query/traces', { query: '', limit: 1000, cursor });
    traces.push(...page.traces);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const out = new Map<string, AutotelSpan[]>();
  for (const t of traces) {
    const spans = t.spans.filter((s) => s.attributes['service.instance.id'] === instanceId);
    if (!spans.length) continue;
    // A span delivered twice (resent after a reset) is still one span.
    const unique = [...new Map(spans.map((s) => [s.spanId, s])).values()];
    out.set(t.traceId, unique);
  }
  return out;
}

export interface AutotelLog {
  body: unknown;
  severityNumber: number;
  traceId?: string;
  spanId?: string;
  resource: Record<string, unknown>;
}

export async function autotelLogs(port: number, instanceId: string): Promise<AutotelLog[]> {
  const { logs } = await getJson<{ logs: AutotelLog[] }>(port, '/api/query/logs', { query: '', limit: 10_000 });
  return logs.filter((l) => l.resource['service.instance.id'] === instanceId);
}

export interface AutotelSeries {
  name: string;
  kind: string;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  points: { value?: number; count?: number; sum?: number }[];
}

export async function autotelMetric(port: number, name: string, instanceId: string): Promise<AutotelSeries[]> {
  const { series } = await getJson<{ series: AutotelSeries[] }>(port, '/api/query/metrics', { name });
  return series.filter((s) => s.resource['service.instance.id'] === instanceId);
}

/** A second inspector, our CLI in a process of its own, with its snapshot printed as JSON when it stops. */
export interface InspectorUpstream {
  httpPort: number;
  grpcPort: number;
  running: Running;
  /** Stops it (SIGTERM) and returns the snapshot it printed. */
  stop(): Promise<InspectorSnapshot>;
}

export interface InspectorSnapshot {
  instances: {
    instance: string;
    signals: Record<'traces' | 'metrics' | 'logs', { received: number }>;
    metrics: { name: string; series: { attributes: Record<string, unknown>; latest: { value?: number } | null }[] }[];
    traces: { traceId: string; spanCount: number; spans: { spanId: string; parentSpanId: string; name: string }[] }[];
    logs: { body: unknown; traceId: string }[];
  }[];
}

export async function startInspector(): Promise<InspectorUpstream> {
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const running = start(CLI, ['--port', String(httpPort), '--grpc-port', String(grpcPort), '--json', '--for', '120'], {}, 150_000);
  await listening(grpcPort);
  await listening(httpPort);
  return {
    httpPort,
    grpcPort,
    running,
    stop: async () => {
      running.child.kill('SIGTERM');
      const done = await running.done;
      if (done.code !== 0) throw new Error(`the upstream inspector exited ${done.code}: ${done.stderr}`);
      return JSON.parse(done.stdout) as InspectorSnapshot;
    },
  };
}
