/**
 * What every extension-host suite starts with: the extension's id, its activated API, a receiver's port, the SDK
 * fixture app sending to it, tree reading.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as vscode from 'vscode';
import type { InstanceSummary } from '../../../src/core/api/engineApi';
import type { TelemetryInspectorApi } from '../../../src/extension/extension';
import { runApp, type AppSent } from '../../helpers/process';

export const EXTENSION_ID = 'telemetry-inspector.telemetry-inspector';

/** Activates the extension under test (once; later calls get the same API) and returns what activate() returned. */
export async function activateApi(): Promise<TelemetryInspectorApi> {
  const ext = vscode.extensions.getExtension<TelemetryInspectorApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  return ext.activate();
}

/** The port a receiver listens on; fails (for eventually() to retry) while it is not listening. */
export function listeningPort(api: TelemetryInspectorApi, kind: 'http' | 'grpc' = 'http'): number {
  const state = api.engine.status.receivers[kind].state;
  assert.equal(state.status, 'listening', `the ${kind} receiver is ${JSON.stringify(state)}`);
  return (state as { port: number }).port;
}

/**
 * Runs the SDK fixture app once, as `service`/`instance`, against the extension's OTLP/HTTP receiver: three rounds
 * unless `env` says otherwise (`env` goes over the defaults).
 */
export function sendFromApp(api: TelemetryInspectorApi, service: string, instance: string, env: NodeJS.ProcessEnv = {}): Promise<AppSent> {
  return runApp({
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${listeningPort(api)}`,
    OTEL_SERVICE_NAME: service,
    APP_INSTANCE_ID: instance,
    APP_ROUNDS: '3',
    // In the extension host, process.execPath may be Electron's binary (desktop VS Code): run it as Node.
    ELECTRON_RUN_AS_NODE: '1',
    ...env,
  });
}

/** The receiver's answer to GET /v1/traces (405: only POST), or the connection error's code. */
export function probe(port: number): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/v1/traces', agent: false, timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.on('timeout', () => req.destroy(new Error('timeout')));
  });
}

/** The instances the engine holds, as plain data (the engine runs in its worker). */
export async function instancesNow(api: TelemetryInspectorApi): Promise<InstanceSummary[]> {
  return api.engine.instances();
}

/**
 * Lets pending changes reach the trees now: the engine emits what it has (the event arrives before the answer),
 * then each view redraws what that changed. A clear or a new service redraws a whole tree with new node objects,
 * and a test must hold the objects VS Code would hold after that.
 */
export async function settle(api: TelemetryInspectorApi): Promise<void> {
  await api.engine.flushChanges();
  await Promise.all([api.instancesProvider.flush(), api.pushgatewayProvider.flush(), api.scrapeProvider.flush()]);
}

/** A row's label as text. */
export function labelOf(t: vscode.TreeItem): string {
  return typeof t.label === 'string' ? t.label : (t.label?.label ?? '');
}

/** What VS Code shows on hover: the tooltip it resolves for a drawn row. */
export async function tooltipText<N>(provider: { getTreeItem(n: N): vscode.TreeItem; resolveTreeItem(item: vscode.TreeItem, n: N): Promise<vscode.TreeItem> }, n: N): Promise<string> {
  const tip = (await provider.resolveTreeItem(provider.getTreeItem(n), n)).tooltip;
  return typeof tip === 'string' ? tip : (tip?.value ?? '');
}
