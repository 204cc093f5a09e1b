// Receiver address settings in a real VS Code: the Settings editor saves as you type, so a port is applied only
// once it has stayed the same for a moment; a move away from where instances send (or a port it cannot take) is
// said in the status bar and a notification, whose state the extension's API exposes, with a command to move back.
// The fixture workspace sets the ports to 0; each test puts it back.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { EnvSnippetResult } from '../../../src/extension/commands/envSnippetCommand';
import { protocolChoices } from '../../../src/extension/commands/envSnippetCommand';
import type { TelemetryInspectorApi } from '../../../src/extension/extension';
import { ADDRESS_SETTLE_MS, MOVE_BACK_COMMAND } from '../../../src/extension/receiver/receiverController';
import { eventually, freePort, runApp } from '../../helpers/process';
import { activateApi, listeningPort } from './extensionApi';

let api: TelemetryInspectorApi;

/**
 * The settle time in the debounce tests: longer than the default, so that on a loaded machine the values a test
 * writes one after another still fall within it (what matters is that they do, as a user's keystrokes do).
 */
const SETTLE_MS = 4000;

const port = (): number => listeningPort(api);
const config = () => vscode.workspace.getConfiguration('telemetryInspector');
const statusText = () => api.statusBar.text;
const tooltip = () => (api.statusBar.tooltip as vscode.MarkdownString).value;

/** What the Settings editor does while a user types: writes each value to the workspace settings, one after another. */
async function type(value: unknown): Promise<void> {
  await config().update('receiver.port', value, vscode.ConfigurationTarget.Workspace);
}

/** Sets the port and waits until the receiver has acted on it (settled and applied). */
async function setPort(value: number): Promise<void> {
  await type(value);
  await eventually(() => assert.equal(api.configuration.settings.receiver.port, value), 10_000);
  await api.receiver.whenIdle();
}

/** The HTTP receiver's ports while listening, from now on. */
function recordPorts(): { ports: number[]; stop: () => void } {
  const ports: number[] = [];
  let last = '';
  // The status comes section by section; a new listening address is one that was not the last state seen.
  const stop = api.engine.onStatus((status) => {
    const s = status.receivers.http.state;
    const key = s.status === 'listening' ? `${s.host}:${s.port}` : s.status;
    if (s.status === 'listening' && key !== last) ports.push(s.port);
    last = key;
  });
  return { ports, stop };
}

describe('receiver address settings', function () {
  this.timeout(120_000);

  before(async () => {
    api = await activateApi();
    await api.receiver.whenIdle();
    if (api.configuration.settings.receiver.port !== 0) await setPort(0);
    await eventually(() => port(), 10_000);
  });

  afterEach(async () => {
    api.receiver.settleMs = ADDRESS_SETTLE_MS;
    if (api.configuration.settings.receiver.port !== 0 || api.engine.status.receivers.http.config.port !== 0) await setPort(0);
    assert.deepEqual(api.receiver.notices(), []);
  });

  it('typing 70000 does not move the receiver to 7000 on the way: a refused last value leaves it where it was', async () => {
    api.receiver.settleMs = SETTLE_MS;
    const before = port();
    const onTheWay = await freePort();
    const seen = recordPorts();
    try {
      const t0 = Date.now();
      await type(onTheWay); // "7000", saved while typing
      await type(70000); // "70000": refused with an error naming the setting
      assert.ok(Date.now() - t0 < SETTLE_MS, 'both values were written within the settle time');
      await eventually(() => assert.match(api.configuration.problems.join(' '), /receiver\.port must be a whole number from 0 to 65,535, not 70000/), 10_000);
      await new Promise((r) => setTimeout(r, SETTLE_MS + 500));
      await api.receiver.whenIdle();
      assert.equal(port(), before);
      assert.deepEqual(seen.ports, [], 'the receiver never listened anywhere else');
    } finally {
      seen.stop();
    }
  });

  it('quick successive values: only the final one, once stable, is applied', async () => {
    // Instances of earlier suites sent to this port: forget them, so this move cuts nobody off.
    await api.engine.clear();
    api.receiver.settleMs = SETTLE_MS;
    const before = port();
    const [first, last] = [await freePort(), await freePort()];
    const seen = recordPorts();
    try {
      const t0 = Date.now();
      await type(first);
      await type(70000);
      await type(last);
      assert.ok(Date.now() - t0 < SETTLE_MS, 'the values were written within the settle time');
      await eventually(() => assert.equal(api.configuration.settings.receiver.port, last), 10_000);
      // Not yet: the value has not been stable for the settle time.
      assert.equal(port(), before, 'the receiver waits for the value to settle');
      await api.receiver.whenIdle();
      assert.equal(port(), last);
      assert.deepEqual(seen.ports, [last]);
      assert.ok(Date.now() - t0 >= SETTLE_MS, 'applied only after the settle time');
    } finally {
      seen.stop();
    }
  });

  it('moving away from where an instance sends: a status-bar warning and a notice naming both addresses and the instance; Move Back returns', async () => {
    await api.engine.clear();
    api.receiver.settleMs = 200;
    const old = port();
    await runApp({
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${old}`,
      OTEL_SERVICE_NAME: 'moved-suite-app',
      APP_INSTANCE_ID: 'left-behind',
      APP_SIGNALS: 'traces',
      APP_ROUNDS: '1',
      ELECTRON_RUN_AS_NODE: '1',
    });
    await eventually(async () => assert.ok((await api.engine.instances()).some((i) => i.instanceLabel === 'left-behind')), 15_000);
    const next = await freePort();
    await setPort(next);
    assert.equal(port(), next);
    assert.deepEqual(api.receiver.notices(), [
      { kind: 'http', reason: 'moved', from: `127.0.0.1:${old}`, to: `127.0.0.1:${next}`, instances: ['moved-suite-app (left-behind)'] },
    ]);
    await eventually(() => {
      assert.match(statusText(), new RegExp(`\\$\\(warning\\) 1 instance still on 127\\.0\\.0\\.1:${old}$`));
      assert.equal((api.statusBar.backgroundColor as vscode.ThemeColor | undefined)?.id, 'statusBarItem.warningBackground');
      const command = api.statusBar.command;
      assert.equal(typeof command === 'object' ? command.command : command, MOVE_BACK_COMMAND);
      assert.ok(tooltip().includes(`moved from 127\\.0\\.0\\.1:${old} to 127\\.0\\.0\\.1:${next}`), tooltip());
      assert.ok(tooltip().includes('moved\\-suite\\-app \\(left\\-behind\\)'), tooltip());
    }, 5_000);

    // The status bar's click (and the notification's Move Back) run this command.
    await vscode.commands.executeCommand(MOVE_BACK_COMMAND);
    assert.equal(port(), old);
    assert.deepEqual(api.receiver.notices(), []);
    await eventually(() => assert.equal(config().inspect('receiver.port')?.workspaceValue, old), 5_000);
    await api.receiver.whenIdle();
    assert.equal(port(), old, 'the setting written by Move Back does not move it again');
    await eventually(() => {
      assert.match(statusText(), /^\$\(pulse\) \d+ instances?$/);
      assert.equal(api.statusBar.backgroundColor, undefined);
    }, 5_000);
  });

  it('a busy port leaves the receiver where it was and says so in the status bar, instead of a silent count', async () => {
    api.receiver.settleMs = 200;
    const before = port();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as net.AddressInfo).port;
    try {
      await setPort(busy);
      assert.equal(port(), before);
      const [notice] = api.receiver.notices();
      assert.deepEqual({ ...notice, message: undefined }, { kind: 'http', reason: 'kept', from: `127.0.0.1:${before}`, to: `127.0.0.1:${busy}`, code: 'EADDRINUSE', message: undefined });
      await eventually(() => {
        assert.match(statusText(), new RegExp(`\\$\\(warning\\) port ${busy} busy$`));
        assert.equal((api.statusBar.backgroundColor as vscode.ThemeColor | undefined)?.id, 'statusBarItem.warningBackground');
        assert.ok(tooltip().includes(`stays on 127\\.0\\.0\\.1:${before}`), tooltip());
      }, 5_000);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});

/** Another process holding a port on loopback (what a collector already on 4317 does); stopped by its pid. */
async function holdPort(): Promise<{ port: number; child: ChildProcess }> {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>process.stdout.write(String(s.address().port)+'\\n'));";
  const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
    child.once('exit', (code) => reject(new Error(`the port holder exited (${code})`)));
  });
  return { port, child };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs Copy Env Snippet and answers every step with Enter (the preselected choice, an empty service name). */
async function enterThroughSnippet(selectNextAtProtocol = false): Promise<string> {
  await vscode.env.clipboard.writeText('(nothing yet)');
  const done = vscode.commands.executeCommand('telemetryInspector.copyEnvSnippet');
  let finished = false;
  void Promise.resolve(done).then(() => (finished = true));
  await sleep(800);
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'); // format
  await sleep(800);
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'); // where the app runs
  await sleep(800);
  if (selectNextAtProtocol) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'); // protocol
  await eventually(async () => {
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'); // service name
    assert.ok(finished, 'all steps answered');
  }, 15_000, 500);
  return vscode.env.clipboard.readText();
}

const GRPC_SNIPPET = /OTEL_EXPORTER_OTLP_PROTOCOL\W+grpc\b/;

describe('env snippet with a receiver that is not running', function () {
  this.timeout(120_000);
  let holder: { port: number; child: ChildProcess } | undefined;

  before(async () => {
    api = await activateApi();
    await api.receiver.whenIdle();
  });

  after(async () => {
    holder?.child.kill();
    await config().update('grpc.port', 0, vscode.ConfigurationTarget.Workspace);
    await eventually(() => assert.equal(api.configuration.settings.grpc.port, 0), 10_000);
    await api.receiver.whenIdle();
    if (api.engine.status.receivers.grpc.state.status !== 'listening') await api.receiver.start(false);
    await eventually(() => listeningPort(api, 'grpc'), 10_000);
  });

  it('Enter through every step gives an HTTP snippet when gRPC (chosen last time) cannot listen; each choice says whether it listens', async () => {
    // Make gRPC the remembered choice while it listens (the second item, unless it already came first).
    await eventually(() => listeningPort(api, 'grpc'), 10_000);
    let text = await enterThroughSnippet(true);
    if (!GRPC_SNIPPET.test(text)) text = await enterThroughSnippet(true);
    assert.match(text, GRPC_SNIPPET, 'gRPC was chosen once');
    assert.equal(protocolChoices(api.engine, 'grpc')[0].id, 'grpc', 'remembered first while it listens');

    // Another process takes the gRPC port; the receivers start again (as at activation) and gRPC cannot listen.
    holder = await holdPort();
    await vscode.commands.executeCommand('telemetryInspector.stopReceiver');
    await config().update('grpc.port', holder.port, vscode.ConfigurationTarget.Workspace);
    await eventually(() => assert.equal(api.configuration.settings.grpc.port, holder!.port), 10_000);
    await api.receiver.whenIdle();
    await api.receiver.start(false);
    assert.equal(api.engine.status.receivers.grpc.state.status, 'error');
    const httpPort = listeningPort(api, 'http');

    const choices = protocolChoices(api.engine, 'grpc');
    assert.deepEqual(choices.map((c) => c.id), ['http', 'grpc'], 'the receiver that is down is not preselected');
    assert.match(choices[0].detail, new RegExp(`^listening on port ${httpPort}`));
    assert.equal(choices[1].detail, `not running: port ${holder.port} is busy (another process holds it)`);

    text = await enterThroughSnippet();
    assert.doesNotMatch(text, GRPC_SNIPPET);
    assert.match(text, new RegExp(`OTEL_EXPORTER_OTLP_ENDPOINT\\W+http://127\\.0\\.0\\.1:${httpPort}\\b`));

    // Asked for gRPC anyway: the snippet is written, and the warning names the receiver that is down and why.
    const result = (await vscode.commands.executeCommand('telemetryInspector.copyEnvSnippet', { format: 'dotenv', protocol: 'grpc' })) as EnvSnippetResult;
    assert.match(result.notRunning ?? '', new RegExp(`but the OTLP/gRPC receiver is not running: The OTLP/gRPC receiver port 127\\.0\\.0\\.1:${holder.port} is already in use`));
  });
});
