import * as vscode from 'vscode';
import { Engine } from '../core/engine';

let engine: Engine | undefined;

/** Starts the engine with the receiver; the views come on top of it. */
export async function activate(context: vscode.ExtensionContext): Promise<{ engine: Engine }> {
  const output = vscode.window.createOutputChannel('Telemetry Inspector', { log: true });
  context.subscriptions.push(output);
  const config = vscode.workspace.getConfiguration('telemetryInspector');
  engine = new Engine({
    http: { host: config.get<string>('receiver.host'), port: config.get<number>('receiver.port') },
  });
  const report = await engine.start();
  for (const error of report.errors) output.warn(error.message);
  if (engine.http.state.status === 'listening') output.info(`OTLP/HTTP receiver listening on ${engine.http.state.host}:${engine.http.state.port}`);
  return { engine };
}

export async function deactivate(): Promise<void> {
  await engine?.dispose();
  engine = undefined;
}
