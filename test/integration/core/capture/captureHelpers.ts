/** Shared by the capture tests: temp directories, engines on free ports, and snapshots made comparable. */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine, type EngineOptions } from '../../../../src/core/engine';
import type { Snapshot } from '../../../../src/core/snapshot';

export function tempDir(prefix = 'ti-capture-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An engine on a free loopback HTTP port (no gRPC unless asked), started. */
export async function startedEngine(options: EngineOptions = {}): Promise<{ engine: Engine; url: string }> {
  const engine = new Engine({ http: { port: 0 }, changeIntervalMs: 20, ...options });
  const report = await engine.start();
  if (report.errors.length) throw new Error(report.errors.map((e) => e.message).join('; '));
  return { engine, url: `http://127.0.0.1:${engine.http.port}` };
}

/** The whole snapshot but the moment it was taken and the receivers' state: what a restart must bring back. */
export function dataOf(s: Snapshot): Omit<Snapshot, 'generatedAt' | 'receivers'> {
  const { generatedAt: _g, receivers: _r, ...rest } = s;
  return JSON.parse(JSON.stringify(rest)) as Omit<Snapshot, 'generatedAt' | 'receivers'>;
}

/**
 * The telemetry itself: instances with their resource, metrics (streams, series, latest points), traces (every
 * span with ids, attributes, events, links and times) and log records. Arrival times (first/last seen) are left
 * out: a file in the Collector's format does not carry them.
 */
export function telemetryOf(s: Snapshot): unknown {
  return JSON.parse(
    JSON.stringify(
      s.instances.map((i) => ({
        service: i.service,
        serviceNamespace: i.serviceNamespace,
        instance: i.instance,
        resource: i.resource,
        signals: Object.fromEntries(Object.entries(i.signals).map(([k, v]) => [k, { received: v.received, requests: v.requests }])),
        metrics: i.metrics,
        traces: i.traces,
        logs: i.logs,
      })),
    ),
  );
}
