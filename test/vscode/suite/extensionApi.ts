/** What every extension-host suite starts with: the extension's id, its activated API, a receiver's port. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TelemetryInspectorApi } from '../../../src/extension/extension';

export const EXTENSION_ID = 'telemetry-inspector.telemetry-inspector';

/** Activates the extension under test (once; later calls get the same API) and returns what activate() returned. */
export async function activateApi(): Promise<TelemetryInspectorApi> {
  const ext = vscode.extensions.getExtension<TelemetryInspectorApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  return ext.activate();
}

/** The port a receiver listens on; fails (for eventually() to retry) while it is not listening. */
export function listeningPort(api: TelemetryInspectorApi, kind: 'http' | 'grpc' = 'http'): number {
  const state = api.engine[kind].state;
  assert.equal(state.status, 'listening', `the ${kind} receiver is ${JSON.stringify(state)}`);
  return (state as { port: number }).port;
}
