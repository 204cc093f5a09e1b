// Zero-config wiring in a real VS Code: new integrated terminals and debug sessions point their OpenTelemetry
// SDKs at the running receiver. Terminals are read back from the shell itself (printenv into a file), and apps are
// the real-SDK fixture started in a terminal and under the built-in JavaScript debugger (js-debug), with nothing copied.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TelemetryInspectorApi } from '../../../src/extension/extension';
import { WIRED_BY_ATTRIBUTE, wiredBy, wiredByText } from '../../../src/core/env/wiredBy';
import type { Attributes } from '../../../src/core/model/attributes';
import type { InstanceSnapshot } from '../../../src/core/snapshot';
import { eventually, freePort, OTEL_APP } from '../../helpers/process';
import { activateApi, listeningPort, settle, tooltipText } from './extensionApi';

const SECTION = 'telemetryInspector';
const TERMINAL_ENV = `env.${process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'osx' : 'linux'}`;

let api: TelemetryInspectorApi;
let tmp: string;
const terminals: vscode.Terminal[] = [];

const endpoint = () => `http://127.0.0.1:${listeningPort(api)}`;

async function setWiring(value: 'ask' | 'always' | 'never' | undefined): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update('wireTerminals', value, vscode.ConfigurationTarget.Workspace);
}

async function setWorkspace(section: string, key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** Waits until the collection new terminals get holds what `check` wants. */
async function collectionWhere(check: (vars: Map<string, string>) => void): Promise<Map<string, string>> {
  return eventually(() => {
    const vars = api.wiring.terminals.current();
    check(vars);
    return vars;
  }, 15_000);
}

/** Opens a new integrated terminal, runs printenv in its shell, and returns what the shell's environment holds. */
async function terminalEnv(name: string, options: vscode.TerminalOptions = {}): Promise<Map<string, string>> {
  const file = path.join(tmp, `${name}.env`);
  const terminal = vscode.window.createTerminal({ name, ...options });
  terminals.push(terminal);
  // Written aside and renamed, so a half-written file is never read.
  terminal.sendText(`printenv > '${file}.part' && mv '${file}.part' '${file}'`);
  const text = await eventually(() => fs.readFileSync(file, 'utf8'), 30_000, 200);
  const env = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) env.set(line.slice(0, i), line.slice(i + 1));
  }
  return env;
}

/** The instances of a service the engine holds, from its snapshot (plain data: the engine runs in its worker). */
async function instancesOf(service: string): Promise<{ instanceLabel: string; resource: Attributes; signals: InstanceSnapshot['signals'] }[]> {
  const snapshot = await api.engine.snapshot();
  return snapshot.instances.filter((i) => i.service === service).map((i) => ({ instanceLabel: i.instance, resource: i.resource, signals: i.signals }));
}

/** Starts a launch configuration, returns the configuration VS Code resolved (after every provider) once the session ended. */
async function debugRun(config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration> {
  let session: vscode.DebugSession | undefined;
  const ended = new Promise<void>((resolve) => {
    const subs = [
      vscode.debug.onDidStartDebugSession((s) => {
        if (!session && !s.parentSession && s.name === config.name) session = s;
      }),
      vscode.debug.onDidTerminateDebugSession((s) => {
        if (session && s.id === session.id) {
          for (const d of subs) d.dispose();
          resolve();
        }
      }),
    ];
  });
  const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], config);
  assert.equal(started, true, `the ${config.type} debug session did not start`);
  await Promise.race([ended, new Promise((_, reject) => setTimeout(() => reject(new Error(`${config.name} did not end in 60 s`)), 60_000))]);
  assert.ok(session, 'the session was seen starting');
  return session.configuration;
}

/** A node launch configuration for the fixture app, as a user's launch.json would have it. */
function nodeLaunch(name: string, env: Record<string, string> = {}, extra: Record<string, unknown> = {}): vscode.DebugConfiguration {
  return {
    type: 'node',
    request: 'launch',
    name,
    program: OTEL_APP,
    // The extension host's Node (24); in desktop VS Code (runElectron) it is Electron run as Node.
    runtimeExecutable: process.execPath,
    env: { ELECTRON_RUN_AS_NODE: '1', APP_ROUNDS: '2', ...env },
    console: 'internalConsole',
    ...extra,
  };
}

describe('wiring terminals and debug sessions', function () {
  this.timeout(180_000);

  before(async () => {
    api = await activateApi();
    await eventually(() => listeningPort(api), 15_000);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ti-wiring-'));
    // A run killed half-way may have left these in the fixture's settings.
    await setWorkspace('terminal.integrated', TERMINAL_ENV, undefined);
    await setWiring('always');
    await collectionWhere((v) => assert.equal(v.get('OTEL_EXPORTER_OTLP_ENDPOINT'), endpoint()));
    await vscode.commands.executeCommand('telemetryInspector.clearData', { confirm: true });
  });

  after(async () => {
    for (const t of terminals) t.dispose();
    await setWorkspace('terminal.integrated', TERMINAL_ENV, undefined);
    await setWorkspace(SECTION, 'pushgateway.url', undefined);
    await setWiring(undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a new terminal carries the endpoint, protocol and wired-by mark, read back from its shell', async () => {
    const env = await terminalEnv('wired-1');
    assert.equal(env.get('OTEL_EXPORTER_OTLP_ENDPOINT'), endpoint());
    assert.equal(env.get('OTEL_EXPORTER_OTLP_PROTOCOL'), 'http/protobuf');
    assert.equal(env.get('OTEL_RESOURCE_ATTRIBUTES'), `${WIRED_BY_ATTRIBUTE}=terminal`);
    assert.equal(env.get('PUSHGATEWAY_URL'), process.env.PUSHGATEWAY_URL, 'no Pushgateway is set: only what VS Code had');
  });

  it('an app started in that terminal shows up as an instance, marked as wired, with nothing copied', async () => {
    await vscode.env.clipboard.writeText('(untouched)');
    const terminal = vscode.window.createTerminal({ name: 'wired-app' });
    terminals.push(terminal);
    // What a user types: start the app. (The service name only tells this test's app from the others'.)
    terminal.sendText(`ELECTRON_RUN_AS_NODE=1 OTEL_SERVICE_NAME=wired-terminal-app '${process.execPath}' '${OTEL_APP}'`);
    const instance = await eventually(async () => {
      const [i] = await instancesOf('wired-terminal-app');
      assert.ok(i, 'no wired-terminal-app instance yet');
      assert.equal(i.signals.traces.received, 6);
      assert.ok(i.signals.metrics.received > 0 && i.signals.logs.received === 3, JSON.stringify(i.signals));
      return i;
    }, 60_000, 200);
    assert.equal(wiredBy(instance.resource), 'terminal');
    assert.match(wiredByText(instance)!, /VS Code terminal/);
    // The user sees it on the instance's row: its tooltip says where it came from.
    const tree = api.instancesProvider;
    await settle(api);
    const service = (await tree.getChildren()).find((n) => n.kind === 'service' && String(tree.getTreeItem(n).label).startsWith('wired-terminal-app'));
    assert.ok(service, 'no wired-terminal-app row');
    const row = (await tree.getChildren(service)).find((n) => n.kind === 'instance');
    assert.ok(row, 'no instance row under wired-terminal-app');
    const tip = await tooltipText(tree, row);
    assert.match(tip, /Started in a VS Code terminal that Telemetry Inspector points here/);
    assert.equal(await vscode.env.clipboard.readText(), '(untouched)');
  });

  it('a Pushgateway set later, and the receiver moving to another port, reach new terminals', async () => {
    const moved = await freePort();
    await setWorkspace(SECTION, 'pushgateway.url', 'http://127.0.0.1:9');
    await setWorkspace(SECTION, 'receiver.port', moved);
    try {
      await eventually(() => assert.equal(listeningPort(api), moved), 15_000);
      await collectionWhere((v) => {
        assert.equal(v.get('OTEL_EXPORTER_OTLP_ENDPOINT'), `http://127.0.0.1:${moved}`);
        assert.equal(v.get('PUSHGATEWAY_URL'), 'http://127.0.0.1:9');
      });
      const env = await terminalEnv('wired-moved');
      assert.equal(env.get('OTEL_EXPORTER_OTLP_ENDPOINT'), `http://127.0.0.1:${moved}`);
      assert.equal(env.get('PUSHGATEWAY_URL'), 'http://127.0.0.1:9');
    } finally {
      await setWorkspace(SECTION, 'pushgateway.url', undefined);
      await setWorkspace(SECTION, 'receiver.port', 0);
      await eventually(() => assert.notEqual(listeningPort(api), moved), 15_000);
    }
    await collectionWhere((v) => {
      assert.equal(v.get('OTEL_EXPORTER_OTLP_ENDPOINT'), endpoint());
      assert.equal(v.has('PUSHGATEWAY_URL'), false);
    });
  });

  it('a variable the user set in terminal.integrated.env is left alone', async () => {
    // VS Code applies an extension's collection over this setting: the wiring must leave these names out.
    await setWorkspace('terminal.integrated', TERMINAL_ENV, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_RESOURCE_ATTRIBUTES: 'service.instance.id=mine' });
    try {
      await collectionWhere((v) => assert.deepEqual([...v.keys()], ['OTEL_EXPORTER_OTLP_ENDPOINT']));
      const env = await terminalEnv('wired-user-set');
      assert.equal(env.get('OTEL_EXPORTER_OTLP_PROTOCOL'), 'http/json');
      assert.equal(env.get('OTEL_RESOURCE_ATTRIBUTES'), 'service.instance.id=mine');
      assert.equal(env.get('OTEL_EXPORTER_OTLP_ENDPOINT'), endpoint());
    } finally {
      await setWorkspace('terminal.integrated', TERMINAL_ENV, undefined);
    }
    await collectionWhere((v) => assert.equal(v.get('OTEL_EXPORTER_OTLP_PROTOCOL'), 'http/protobuf'));
  });

  it("a variable the shell's startup file sets wins: the collection applies before the shell starts", async () => {
    const rc = path.join(tmp, 'bashrc');
    fs.writeFileSync(rc, 'export OTEL_EXPORTER_OTLP_ENDPOINT=http://from-rc:4318\n');
    const env = await terminalEnv('wired-rc', { shellPath: '/bin/bash', shellArgs: ['--rcfile', rc, '-i'] });
    assert.equal(env.get('OTEL_EXPORTER_OTLP_ENDPOINT'), 'http://from-rc:4318');
    assert.equal(env.get('OTEL_EXPORTER_OTLP_PROTOCOL'), 'http/protobuf', 'the rest is wired');
  });

  it('two node debug sessions of one launch configuration carry the variables and are two instances', async () => {
    const name = 'Wired Debug App';
    const first = await debugRun(nodeLaunch(name, { OTEL_SERVICE_NAME: 'wired-debug-app' }));
    const second = await debugRun(nodeLaunch(name, { OTEL_SERVICE_NAME: 'wired-debug-app' }));
    for (const [config, n] of [[first, 1], [second, 2]] as const) {
      assert.equal(config.env.OTEL_EXPORTER_OTLP_ENDPOINT, endpoint());
      assert.equal(config.env.OTEL_EXPORTER_OTLP_PROTOCOL, 'http/protobuf');
      assert.equal(config.env.OTEL_RESOURCE_ATTRIBUTES, `service.instance.id=Wired%20Debug%20App-${n},${WIRED_BY_ATTRIBUTE}=debug`);
      assert.equal(config.env.OTEL_SERVICE_NAME, 'wired-debug-app', "the configuration's own env is kept");
    }
    const instances = await eventually(async () => {
      const found = await instancesOf('wired-debug-app');
      assert.deepEqual(found.map((i) => i.instanceLabel).sort(), [`${name}-1`, `${name}-2`]);
      for (const i of found) assert.equal(i.signals.traces.received, 4, `${i.instanceLabel}: ${JSON.stringify(i.signals)}`);
      return found;
    }, 30_000, 200);
    for (const i of instances) {
      assert.equal(wiredBy(i.resource), 'debug');
      assert.match(wiredByText(i)!, /debug session "Wired Debug App"/);
    }
  });

  it("a debug configuration's own variables (env and envFile) are left alone", async () => {
    const envFile = path.join(tmp, 'app.env');
    // The same receiver under another name, so the app still arrives and the value is visibly the user's.
    fs.writeFileSync(envFile, `# the user's own\nOTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:${listeningPort(api)}\n`);
    const config = await debugRun(
      nodeLaunch('User Set Debug App', { OTEL_SERVICE_NAME: 'user-set-debug-app', OTEL_RESOURCE_ATTRIBUTES: 'service.instance.id=my-own' }, { envFile }),
    );
    assert.equal(config.env.OTEL_RESOURCE_ATTRIBUTES, 'service.instance.id=my-own');
    assert.equal('OTEL_EXPORTER_OTLP_ENDPOINT' in config.env, false, 'the envFile sets it');
    assert.equal(config.env.OTEL_EXPORTER_OTLP_PROTOCOL, 'http/protobuf', 'what the user left unset is wired');
    const [instance] = await eventually(async () => {
      const found = await instancesOf('user-set-debug-app');
      assert.deepEqual(found.map((i) => i.instanceLabel), ['my-own']);
      return found;
    }, 30_000, 200);
    assert.equal(wiredBy(instance.resource), undefined, 'no mark where the user set the resource attributes');
  });

  it("'never' leaves new terminals and debug sessions untouched", async () => {
    await setWiring('never');
    await collectionWhere((v) => assert.equal(v.size, 0));
    const env = await terminalEnv('never');
    for (const n of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_RESOURCE_ATTRIBUTES']) assert.equal(env.has(n), false, `${n} in a terminal`);
    assert.ok(env.has('PATH'), 'the file is a real environment');
    // The debuggee writes the environment it got; it sends nothing anywhere.
    const script = path.join(tmp, 'printEnv.js');
    const out = path.join(tmp, 'debuggee.json');
    fs.writeFileSync(script, `require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.env));\n`);
    const config = await debugRun({ ...nodeLaunch('Never Debug App'), program: script });
    for (const n of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_RESOURCE_ATTRIBUTES']) assert.equal(n in config.env, false, `${n} in the configuration`);
    const debuggee = JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, string>;
    assert.equal(debuggee.OTEL_EXPORTER_OTLP_ENDPOINT, undefined);
    assert.equal(debuggee.APP_ROUNDS, '2');
  });

  it("'ask': off until this workspace says yes; the Instances view's button turns it on", async () => {
    await setWiring('ask');
    // The notification shown at start was never answered here: nothing is wired.
    await collectionWhere((v) => assert.equal(v.size, 0));
    assert.equal(api.wiring.on, false);
    await vscode.commands.executeCommand('telemetryInspector.wireTerminals');
    assert.equal(api.wiring.on, true);
    await collectionWhere((v) => assert.equal(v.get('OTEL_EXPORTER_OTLP_ENDPOINT'), endpoint()));
  });
});
