/**
 * Copy Env Snippet and Insert Env Snippet: the environment that points an app at the receivers (and the
 * Pushgateway), for where the app runs, in the format it is pasted into. A user is asked step by step (format,
 * where the app runs, HTTP or gRPC, service name); a caller that passes the answers (tests, other extensions,
 * `executeCommand(id, { format, location, protocol, serviceName, host })`) is asked nothing.
 */
import * as vscode from 'vscode';
import { isSnippetFormat, renderEnvSnippet, SNIPPET_FORMATS, SnippetError, type SnippetFormat } from '../../core/env/snippet';
import { APP_LOCATIONS, EnvTargetError, isAppLocation, resolveEnvTarget, type AppLocation } from '../../core/env/target';
import type { EngineApi } from '../../core/api/engineApi';
import { RECEIVER_LABEL, type ReceiverKind } from '../../core/engine';
import { SECTION, SETTING } from '../settings/settings';

export type EnvProtocol = 'http' | 'grpc';

export interface EnvSnippetRequest {
  format?: SnippetFormat;
  location?: AppLocation;
  /** The host the app uses to reach this machine: required for location 'other'. */
  host?: string;
  protocol?: EnvProtocol;
  /** OTEL_SERVICE_NAME; empty or missing writes none. */
  serviceName?: string;
}

export interface EnvSnippetResult {
  text: string;
  /** The OTLP endpoint the app is told to use. */
  endpoint: string;
  format: SnippetFormat;
  location: AppLocation;
  protocol: EnvProtocol;
  warnings: string[];
  /** Set when the chosen protocol's receiver is not running: the sentence shown, naming that receiver. */
  notRunning?: string;
}

export interface EnvSnippetContext {
  /** The receivers' addresses come from it (the one in use, else the configured one). */
  engine: EngineApi;
  /** The Pushgateway in use, if any: the snippet gets PUSHGATEWAY_URL. */
  pushgatewayUrl: () => string | undefined;
  globalState: vscode.Memento;
}

const LAST = { format: 'telemetryInspector.lastSnippetFormat', location: 'telemetryInspector.lastSnippetLocation', protocol: 'telemetryInspector.lastSnippetProtocol' } as const;

/** Languages an untitled document gets for each format, so it is highlighted. */
const LANGUAGE: Record<SnippetFormat, string> = {
  bash: 'shellscript',
  fish: 'shellscript',
  powershell: 'powershell',
  cmd: 'bat',
  dotenv: 'properties',
  'docker-compose': 'yaml',
  'launch-json': 'jsonc',
};

export type Destination = 'clipboard' | 'editor';

/** Reads the request from the command's argument: a format id (the older form), an object, or nothing (ask). */
function requestOf(arg: unknown): EnvSnippetRequest | undefined | Error {
  if (typeof arg === 'string') return isSnippetFormat(arg) ? { format: arg } : new Error(`"${arg}" is not a snippet format (${SNIPPET_FORMATS.map((f) => f.id).join(', ')}).`);
  if (!arg || typeof arg !== 'object' || Array.isArray(arg) || arg instanceof vscode.Uri) return undefined;
  const r = arg as Record<string, unknown>;
  if (!('format' in r || 'location' in r || 'protocol' in r || 'serviceName' in r || 'host' in r)) return undefined;
  if (r.format !== undefined && !isSnippetFormat(r.format)) return new Error(`"${String(r.format)}" is not a snippet format.`);
  if (r.location !== undefined && !isAppLocation(r.location)) return new Error(`"${String(r.location)}" is not a place an app runs (${APP_LOCATIONS.map((l) => l.id).join(', ')}).`);
  if (r.protocol !== undefined && r.protocol !== 'http' && r.protocol !== 'grpc') return new Error(`"${String(r.protocol)}" is neither http nor grpc.`);
  return {
    format: r.format as SnippetFormat | undefined,
    location: r.location as AppLocation | undefined,
    protocol: r.protocol as EnvProtocol | undefined,
    host: typeof r.host === 'string' ? r.host : undefined,
    serviceName: typeof r.serviceName === 'string' ? r.serviceName : undefined,
  };
}

function lastFirst<T extends { id: string }>(list: readonly T[], last: string | undefined): T[] {
  return [...list].sort((a, b) => Number(b.id === last) - Number(a.id === last));
}

/** Whether a receiver is listening, in the words of a picker's line. */
function receiverStatusText(engine: EngineApi, kind: ReceiverKind): string {
  const e = engine.status.receivers[kind].endpoint;
  if (e.listening) return `listening on port ${e.port}`;
  if (!e.enabled) return `not running: turned off in the settings (port ${e.port})`;
  const state = engine.status.receivers[kind].state;
  if (state.status === 'error') return `not running: ${state.code === 'EADDRINUSE' ? `port ${e.port} is busy (another process holds it)` : `cannot listen on port ${e.port}`}`;
  return `not running (${state.status}, port ${e.port})`;
}

/**
 * The protocol step's choices: each says whether its receiver listens. A receiver that is not running is never
 * first (the one a user gets by pressing Enter), whatever was chosen last time.
 */
export function protocolChoices(engine: EngineApi, last: string | undefined): { id: EnvProtocol; label: string; description: string; detail: string; listening: boolean }[] {
  const choices = [
    { id: 'http' as const, label: 'OTLP/HTTP', description: 'http/protobuf', detail: `${receiverStatusText(engine, 'http')} · what most SDKs send by default`, listening: engine.status.receivers.http.endpoint.listening },
    { id: 'grpc' as const, label: 'OTLP/gRPC', description: 'grpc', detail: receiverStatusText(engine, 'grpc'), listening: engine.status.receivers.grpc.endpoint.listening },
  ];
  for (const c of choices) if (!c.listening) c.label = `$(warning) ${c.label}`;
  return lastFirst(choices, last).sort((a, b) => Number(b.listening) - Number(a.listening));
}

/** Asks for what the caller did not give; undefined when the user cancels. */
async function ask(c: EnvSnippetContext, title: string): Promise<Required<Omit<EnvSnippetRequest, 'host'>> & { host?: string } | undefined> {
  const step = (n: number) => `${title} (${n}/4)`;
  const format = await vscode.window.showQuickPick(
    lastFirst(SNIPPET_FORMATS, c.globalState.get<string>(LAST.format)).map((f) => ({ label: f.label, detail: f.detail, id: f.id })),
    { title: step(1), placeHolder: 'Where will you paste the OTLP environment?' },
  );
  if (!format) return undefined;
  const location = await vscode.window.showQuickPick(
    lastFirst(APP_LOCATIONS, c.globalState.get<string>(LAST.location)).map((l) => ({ label: l.label, detail: l.detail, id: l.id })),
    { title: step(2), placeHolder: 'Where does the app run?' },
  );
  if (!location) return undefined;
  let host: string | undefined;
  if (location.id === 'other') {
    host = await vscode.window.showInputBox({
      title: step(2),
      prompt: 'The host name or address the app uses to reach this machine',
      placeHolder: 'for example 192.168.1.65 or devbox.local',
      ignoreFocusOut: true,
      validateInput: (v) => (!v.trim() ? 'A host is needed for an app on another machine.' : /\s|\//.test(v.trim()) ? 'Only a host name or address, no spaces, scheme or path.' : undefined),
    });
    if (host === undefined) return undefined;
    host = host.trim();
  }
  const protocol = await vscode.window.showQuickPick(protocolChoices(c.engine, c.globalState.get<string>(LAST.protocol)), { title: step(3), placeHolder: 'Which OTLP protocol does the app speak?' });
  if (!protocol) return undefined;
  const serviceName = await vscode.window.showInputBox({
    title: step(4),
    prompt: 'OTEL_SERVICE_NAME for the app (leave empty to keep the name the app sets itself)',
    placeHolder: 'service name (optional)',
    ignoreFocusOut: true,
  });
  if (serviceName === undefined) return undefined;
  await c.globalState.update(LAST.format, format.id);
  await c.globalState.update(LAST.location, location.id);
  await c.globalState.update(LAST.protocol, protocol.id);
  return { format: format.id, location: location.id, host, protocol: protocol.id, serviceName: serviceName.trim() };
}

/** Works out the snippet for a full request (pure but for the receivers' live addresses). */
function buildEnvSnippet(c: EnvSnippetContext, r: Required<Omit<EnvSnippetRequest, 'host'>> & { host?: string }): EnvSnippetResult {
  const kind: ReceiverKind = r.protocol;
  const http = c.engine.status.receivers.http.endpoint;
  const grpc = c.engine.status.receivers.grpc.endpoint;
  const { target, warnings } = resolveEnvTarget({
    location: r.location,
    host: r.host,
    receiver: { host: c.engine.status.receivers[kind].endpoint.listenHost, httpPort: http.port, grpcPort: grpc.port },
    grpc: r.protocol === 'grpc',
    serviceName: r.serviceName || undefined,
    pushgatewayUrl: c.pushgatewayUrl(),
  });
  const text = renderEnvSnippet({ format: r.format, variables: target });
  return { text, endpoint: target.otlpHttpEndpoint, format: r.format, location: r.location, protocol: r.protocol, warnings };
}

export async function envSnippetCommand(c: EnvSnippetContext, arg: unknown, destination: Destination): Promise<EnvSnippetResult | undefined> {
  const title = destination === 'clipboard' ? 'Copy Env Snippet' : 'Insert Env Snippet';
  const given = requestOf(arg);
  if (given instanceof Error) {
    void vscode.window.showErrorMessage(given.message);
    return undefined;
  }
  const request = given
    ? { format: given.format ?? 'bash', location: given.location ?? 'local', host: given.host, protocol: given.protocol ?? 'http', serviceName: given.serviceName ?? '' }
    : await ask(c, title);
  if (!request) return undefined;
  let result: EnvSnippetResult;
  try {
    result = buildEnvSnippet(c, request);
  } catch (e) {
    if (e instanceof SnippetError || e instanceof EnvTargetError) {
      void vscode.window.showErrorMessage(e.message);
      return undefined;
    }
    throw e;
  }
  const endpoint = c.engine.status.receivers[request.protocol].endpoint;
  const label = SNIPPET_FORMATS.find((f) => f.id === request.format)?.label ?? request.format;
  const where = { local: 'an app on this machine', docker: 'an app in Docker', podman: 'an app in Podman', other: `an app on ${request.host ?? 'another host'}` }[request.location];
  const what = `the OTLP environment for ${result.endpoint} (${label}, ${request.protocol === 'grpc' ? 'gRPC' : 'HTTP'}, ${where})`;
  if (destination === 'clipboard') {
    await vscode.env.clipboard.writeText(result.text);
  } else if (!(await insert(result.text, request.format))) {
    return undefined;
  }
  // Copied text still has to be pasted; inserted text is already where it goes.
  const done = destination === 'clipboard' ? `Copied ${what}` : `Inserted ${what} into ${vscode.window.activeTextEditor?.document.fileName.split(/[\\/]/).pop() ?? 'a new document'}`;
  if (endpoint.listening) {
    void vscode.window.showInformationMessage(destination === 'clipboard' ? `${done}: paste it where your app starts.` : `${done}.`);
  } else {
    const start = 'Start Receiver';
    const receiver = `the ${RECEIVER_LABEL[request.protocol]} receiver`;
    const state = c.engine.status.receivers[request.protocol].state;
    const why = !endpoint.enabled
      ? `${receiver} is turned off (telemetryInspector.grpc.enabled)`
      : state.status === 'error'
        ? `${receiver} is not running: ${state.message}`
        : `${receiver} is not running`;
    result.notRunning = `${done}, but ${why}${why.endsWith('.') ? '' : '.'}`;
    // Not awaited: the command is done once the text is placed; the offer stays until dismissed.
    void vscode.window.showWarningMessage(result.notRunning, ...(endpoint.enabled ? [start] : [])).then((picked) => picked === start && vscode.commands.executeCommand('telemetryInspector.startReceiver'));
  }
  if (result.warnings.length) {
    const open = 'Open Settings';
    void vscode.window.showWarningMessage(result.warnings.join(' '), open).then((picked) => picked === open && vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.${SETTING.host}`));
  }
  return result;
}

/** Puts the text at the cursor(s) of the active editor, or in a new untitled document when none is open. */
async function insert(text: string, format: SnippetFormat): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE[format], content: text });
    await vscode.window.showTextDocument(doc);
    return true;
  }
  // A plain edit, not a snippet: the text holds $ and braces that snippet syntax would eat.
  return editor.edit((b) => {
    for (const s of editor.selections) b.replace(s, text);
  });
}
