// The restart run: one workspace, one user-data-dir and one server data dir across three windows of a real VS Code,
// with the extension keeping what it receives on disk (telemetryInspector.persistence.enabled in the user settings).
//   phase 1 (ingest)  a real SDK app sends; a trace panel and a chart are opened; the suite writes down what it
//                     saw, then reloads the window with workbench.action.reloadWindow.
//   phase 2 (reload)  the same data in the tree, the panels restored. Then we start an app that keeps sending and,
//                     once its data reaches the disk, kill the VS Code server's whole process group (the extension
//                     host, so the engine's worker) with SIGKILL while it still sends; a half-written record is left
//                     at the end of the newest segment, as a kill mid-write leaves one.
//   phase 3 (crash)   a new server (and browser) on the same dirs: everything up to the last whole write is back.
// The suite (test/vscode/restart) learns its phase from a control folder (restart/protocol.ts).
//
//   node out/test/vscode/launcher/runRestart.js          (npm run test:vscode:restart)
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HEADER_BYTES } from '../../../src/core/capture/recordFormat';
import { CONTROL_ENV, files, PHASE_DONE, readJson, writeJson, type Crash, type Phase, type Receiver } from '../restart/protocol';
import { startWorkbench, type Workbench } from './runReal';
import { ensureServer, repoRoot, VSCODE_VERSION } from './serverInstall';

const say = (line: string): void => void process.stderr.write(`[vscode:restart] ${line}\n`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Segment files under `dir` (the extension's persistence folder is somewhere in the server's user data). */
function segments(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/^segment-\d+\.tir$/.test(e.name)) out.push(p);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}

const bytesOf = (files: string[]) => files.reduce((n, f) => n + fs.statSync(f).size, 0);

async function until<T>(what: string, check: () => T | undefined, timeoutMs: number, failed?: Promise<unknown>): Promise<T> {
  let stop = false;
  const deadline = Date.now() + timeoutMs;
  const polling = (async () => {
    for (;;) {
      const v = check();
      if (v !== undefined) return v;
      if (stop) throw new Error('stopped');
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(200);
    }
  })();
  if (!failed) return polling;
  try {
    return await Promise.race([polling, failed.then((code) => Promise.reject(new Error(`the suite ended with exit code ${String(code)} before ${what}`)))]);
  } finally {
    stop = true;
  }
}

async function main(): Promise<void> {
  const root = repoRoot();
  const started = Date.now();
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'ti-restart-'));
  const dataDir = path.join(temp, 'data');
  const control = path.join(temp, 'control');
  const folder = path.join(temp, 'workspace');
  for (const d of [dataDir, control, path.join(folder, '.vscode')]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'telemetryInspector.receiver.port': 0, 'telemetryInspector.grpc.port': 0 }, null, 2));
  fs.writeFileSync(path.join(folder, 'README.txt'), 'The restart run: the same folder across a window reload and a server crash.\n');
  const f = files(control);
  const phaseIs = (p: Phase) => fs.writeFileSync(f.phase, p);

  const passed = new Set<string>();
  const onExtensionHostLog = (_type: string, message: string) => {
    process.stdout.write(message.endsWith('\n') ? message : `${message}\n`);
    const i = message.indexOf(PHASE_DONE);
    if (i >= 0) passed.add(message.slice(i + PHASE_DONE.length).trim());
  };
  const open = (name: string, port?: number): Promise<Workbench> =>
    startWorkbench({
      port,
      dataDir,
      workspaceFolder: folder,
      extensionTestsPath: path.join(root, 'out', 'test', 'vscode', 'restart', 'index.js'),
      settings: { 'telemetryInspector.persistence.enabled': true },
      env: { [CONTROL_ENV]: control },
      onExtensionHostLog,
      log: (line) => say(`${name}: ${line}`),
    });

  let workbench: Workbench | undefined;
  let app: ChildProcess | undefined;
  let code = 1;
  const timeout = setTimeout(() => {
    say(`FAILED: timed out after ${(Date.now() - started) / 1000} s`);
    void (async () => {
      app?.kill('SIGKILL');
      await workbench?.stop();
      fs.rmSync(temp, { recursive: true, force: true });
      process.exit(1);
    })();
  }, Number(process.env.TI_VSCODE_TIMEOUT_MS) || 900_000);
  try {
    await ensureServer({ log: say });
    // ---- phase 1, then the reload the suite asks for, then phase 2 -------------------------------------------
    phaseIs('ingest');
    let t = Date.now();
    workbench = await open('window 1');
    await until('phase 1', () => (passed.has('ingest') ? true : undefined), 300_000, workbench.exitCode);
    say(`phase 1 (ingest, panels open) passed in ${((Date.now() - t) / 1000).toFixed(1)} s; the suite reloads the window`);
    t = Date.now();
    phaseIs('reload');
    await until('phase 2', () => (passed.has('reload') ? true : undefined), 300_000, workbench.exitCode);
    say(`phase 2 (after the reload) passed in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    // ---- the crash: an app sending, the server killed mid-ingest ------------------------------------------
    const { port } = readJson<Receiver>(f.receiver);
    const bytesBefore = bytesOf(segments(dataDir));
    const crash: Crash = { appInstanceId: 'sending-at-crash', serviceName: 'restart-crash-app', bytesBefore, bytesAtKill: 0, tornBytes: 0 };
    const node = process.execPath;
    app = spawn(node, [path.join(root, 'out', 'test', 'fixtures', 'otelApp.js')], {
      env: {
        ...process.env,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_SERVICE_NAME: crash.serviceName,
        APP_INSTANCE_ID: crash.appInstanceId,
        APP_LOOP_MS: '50',
      },
      stdio: 'ignore',
    });
    // Its data is on disk (more than before it started), and it is still sending: now.
    await until('the sending app’s data on disk', () => (bytesOf(segments(dataDir)) > bytesBefore + 2048 ? true : undefined), 60_000);
    await sleep(500);
    assertRunning(app, 'the sending app');
    const pid = workbench.server.pid!;
    const serverPort = workbench.port;
    crash.bytesAtKill = bytesOf(segments(dataDir));
    process.kill(-pid, 'SIGKILL');
    say(`killed the VS Code server's process group (pid ${pid}) with SIGKILL while ${crash.serviceName} was sending (${crash.bytesAtKill - bytesBefore} bytes of it on disk)`);
    await sleep(300);
    app.kill('SIGTERM');
    await workbench.stop();
    workbench = undefined;
    // A kill mid-write leaves a record cut short: the first half of a real record after the last whole one.
    const newest = segments(dataDir).filter((s) => fs.statSync(s).size > HEADER_BYTES).pop();
    if (newest) {
      const buf = fs.readFileSync(newest);
      const torn = buf.subarray(0, HEADER_BYTES + Math.floor(buf.readUInt32LE(16) / 2));
      fs.appendFileSync(newest, torn);
      crash.tornBytes = torn.length;
      say(`left ${torn.length} bytes of a record cut short at the end of ${path.basename(newest)}`);
    }
    writeJson(f.crash, crash);

    // ---- phase 3: a new server on the same dirs -----------------------------------------------------------
    t = Date.now();
    phaseIs('crash');
    // The same port: the workbench's remote authority is part of the workspace's identity (its storage).
    workbench = await open('window 2 (new server)', serverPort);
    code = await workbench.exitCode;
    if (code !== 0) throw new Error(`phase 3 failed inside VS Code (exit code ${code})`);
    say(`phase 3 (after the crash) passed in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    say(`restart run passed in VS Code ${VSCODE_VERSION} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (e) {
    code = code === 0 ? 1 : code;
    say(`FAILED: ${e instanceof Error ? e.message : String(e)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    if (workbench) say(`the server's last lines:\n${workbench.serverLog(20)}`);
  } finally {
    clearTimeout(timeout);
    if (app && app.exitCode === null) app.kill('SIGKILL');
    await workbench?.stop();
    fs.rmSync(temp, { recursive: true, force: true });
  }
  process.exit(code);
}

function assertRunning(child: ChildProcess, what: string): void {
  if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before the kill`);
}

if (require.main === module) {
  void main();
}
