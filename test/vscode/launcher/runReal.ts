// Runs the extension-test suite inside a real VS Code (1.139.1, the server build from the code-server npm package)
// whose workbench is loaded in Debian's headless Chromium; the suite's mocha runs in VS Code's Node extension host.
// `startWorkbench()` is the reusable part (server + browser + page, with stop()); main() is one use of it.
// The recipe is shared/REAL-VSCODE.md.
//
//   node out/test/vscode/launcher/runReal.js
//
// Environment: TI_VSCODE_TIMEOUT_MS (overall limit, default 600000), TI_VSCODE_VERBOSE=1 (also print the server's
// log and the page's console), CHROMIUM_PATH (default /usr/bin/chromium).
// runSmoke.ts (the installed .vsix) and runTrust.ts (Workspace Trust enabled) are the other uses of runSuite().
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { format, stripVTControlCharacters } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureServer, repoRoot, VSCODE_VERSION } from './serverInstall';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Chromium flags that work on these machines (run as root, no network but loopback). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** User settings that keep the workbench quiet: no chat panel, no welcome page, no update or telemetry chatter. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
};

export interface WorkbenchOptions {
  /**
   * The extension folder to load as under development. Default: the repository root. VS Code's extension host
   * runs extensionTestsPath only when the payload also names a development extension ("Cannot load test
   * runner." otherwise), so a suite against an installed package names a harness folder here.
   */
  extensionDevelopmentPath?: string;
  /** A .vsix the server installs (its own --install-extension) into the run's fresh extensions dir before it starts. */
  installVsix?: string;
  /** Run with Workspace Trust on: the folder opens in Restricted Mode, without the startup prompt. Default false. */
  workspaceTrust?: boolean;
  /** Environment changes for the server and so the extension host (undefined removes a variable). */
  env?: Record<string, string | undefined>;
  /** The compiled suite index (exports run()). Omit to open the workbench without running tests. */
  extensionTestsPath?: string;
  /** The folder opened in the workbench. Default: test/vscode/fixtures/workspace. */
  workspaceFolder?: string;
  /** Extra user settings, merged over QUIET_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Where the extension host's console goes. Default: our stdout. */
  onExtensionHostLog?: (type: string, message: string) => void;
  /** Our own progress lines. Default: stderr, prefixed. */
  log?: (line: string) => void;
  /** Also print the server's log and the page's console. Default: TI_VSCODE_VERBOSE=1. */
  verbose?: boolean;
  /** How long the server may take to print "Web UI available". Default 180 s (2 cores, shared with others). */
  serverStartTimeoutMs?: number;
  /** Wait for the workbench (`.monaco-workbench`) before returning. Default true. */
  waitForWorkbench?: boolean;
  /** Page viewport (for screenshots). Default 1400x900. */
  viewport?: { width: number; height: number };
  /** Chromium binary. Default CHROMIUM_PATH or /usr/bin/chromium. */
  chromiumPath?: string;
  /** Where the server is installed. Default: .vscode-test/server in the repository. */
  serverDir?: string;
  /** Aborting stops whatever was started and makes startWorkbench reject. */
  signal?: AbortSignal;
  /**
   * Keep the user, server and extensions data dirs in this folder (made if missing) and leave it there on stop(),
   * so that another server can start on the same dirs (runRestart.ts). Default: a temp folder stop() removes.
   */
  dataDir?: string;
  /**
   * The server's port. Default: a free one. A restarted server must keep its port to open the same workspace:
   * the workbench's remote authority (127.0.0.1:<port>) is part of the workspace's identity, so of its storage.
   */
  port?: number;
}

export interface Workbench {
  port: number;
  /** The workbench URL that was opened. */
  url: string;
  browser: Browser;
  page: Page;
  server: ChildProcess;
  /** The temp folder holding the user, server and extensions data dirs (removed by stop()). */
  tempDir: string;
  /** The server's --extensions-dir (where installVsix went). */
  extensionsDir: string;
  /**
   * Settles when the workbench reports the extension host's exit (with tests: the suite's result, 0 = passed),
   * and rejects when the server or the page dies first. Only meaningful with extensionTestsPath.
   */
  exitCode: Promise<number>;
  /** The last lines the server printed. */
  serverLog(lines?: number): string;
  /** Closes the browser, kills the server's process group, removes the temp folder. Idempotent. */
  stop(): Promise<void>;
}

export class LauncherError extends Error {}

/**
 * codeAutomationLog carries the whole window's log, not only the extension host's console. These are the
 * workbench's own lines (connection set-up, and errors about unreachable hosts: this machine has no network),
 * hidden unless verbose.
 */
const WORKBENCH_NOISE = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket \(renderer-/,
  /^\[reconnection-grace-time\]/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^\[AgentHost:/,
  /^\[AccountPolicyGate\]/,
  /\/static\/out\/vs\/code\/browser\/workbench\/workbench\.js:\d+/, // an error thrown in the workbench, with its stack
];

export function isWorkbenchNoise(message: string): boolean {
  // A test's failure in mocha's list ("1) suite title … Error: …") may carry a workbench stack (a dialog the
  // workbench refused, say): it is the one line that must be seen.
  if (/^\s*\d+\)?\s/.test(stripVTControlCharacters(message))) return false;
  return WORKBENCH_NOISE.some((re) => re.test(message));
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function abortError(signal: AbortSignal): Error {
  const r = signal.reason;
  return r instanceof Error ? r : new LauncherError(String(r ?? 'aborted'));
}

/** Rejects as soon as `signal` aborts. */
function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  p.catch(() => undefined); // once abandoned, its own late rejection (e.g. page.goto on a closed page) is not ours
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Signals a whole process group; false when it no longer exists. */
function killGroup(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, sig);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pid: number): boolean {
  return killGroup(pid, 0 as unknown as NodeJS.Signals) || alive(pid);
}

/**
 * Installs a .vsix the way a user's VS Code server does: `server-main.js --install-extension <vsix>` with the
 * run's own data dirs; it exits when done. Rejects unless it says so and the extension's folder is there.
 */
async function installExtension(
  node: string,
  serverMain: string,
  vsix: string,
  dataArgs: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  log: (line: string) => void,
): Promise<void> {
  const extensionsDir = dataArgs[dataArgs.indexOf('--extensions-dir') + 1]!;
  log(`installing ${path.basename(vsix)} with the server's --install-extension`);
  const child = spawn(node, [serverMain, '--accept-server-license-terms', '--install-extension', vsix, '--force', ...dataArgs], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
  const [code, sig] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (c, s) => resolve([c, s]));
  }).finally(() => clearTimeout(timer));
  const installed = fs.existsSync(extensionsDir) ? fs.readdirSync(extensionsDir).filter((n) => !n.startsWith('.') && n !== 'extensions.json') : [];
  if (code !== 0 || !/successfully installed/i.test(output) || installed.length === 0) {
    throw new LauncherError(
      `--install-extension ${vsix} failed (${sig ?? `exit code ${code}`}; installed: ${installed.join(', ') || 'nothing'}):\n${output.trim()}`,
    );
  }
  log(`${output.trim().split(/\r?\n/).pop()} → ${installed.join(', ')}`);
}

/**
 * Starts VS Code's server (Node 24, its own process group) on a free loopback port with fresh data dirs, opens
 * the workbench in headless Chromium, and returns both with a stop(). With extensionTestsPath the workbench runs
 * the suite in the extension host and `exitCode` settles with its result.
 */
export async function startWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const root = repoRoot();
  const log = options.log ?? ((line: string) => process.stderr.write(`[vscode] ${line}\n`));
  const verbose = options.verbose ?? process.env.TI_VSCODE_VERBOSE === '1';
  const onHostLog =
    options.onExtensionHostLog ??
    ((_type: string, message: string) => process.stdout.write(message.endsWith('\n') ? message : `${message}\n`));
  const signal = options.signal;
  const extensionDevelopmentPath = path.resolve(options.extensionDevelopmentPath ?? root);
  const workspaceFolder = path.resolve(options.workspaceFolder ?? path.join(root, 'test', 'vscode', 'fixtures', 'workspace'));
  const extensionTestsPath = options.extensionTestsPath && path.resolve(options.extensionTestsPath);
  if (extensionTestsPath && !fs.existsSync(extensionTestsPath)) {
    throw new LauncherError(`${extensionTestsPath} does not exist: build first (node esbuild.config.mjs --tests)`);
  }

  // Everything started so far, undone by stop() in reverse order of starting.
  let browser: Browser | undefined;
  let server: ChildProcess | undefined;
  let tempDir: string | undefined;
  let stopping = false;
  let stopPromise: Promise<void> | undefined;
  const serverLines: string[] = [];
  const serverLog = (n = 40) => (serverLines.length ? serverLines.slice(-n).join('\n') : '(it printed nothing)');

  const keepDir = options.dataDir !== undefined;
  const killServerNow = () => {
    // Last resort when our process exits without stop(): synchronous, so it works inside 'exit'.
    if (server?.pid && groupAlive(server.pid)) killGroup(server.pid, 'SIGKILL');
    if (tempDir && !keepDir) fs.rmSync(tempDir, { recursive: true, force: true });
  };
  process.on('exit', killServerNow);

  const stop = (): Promise<void> => {
    stopPromise ??= (async () => {
      stopping = true;
      if (browser) {
        await Promise.race([browser.close().catch(() => undefined), sleep(15_000)]);
      }
      const pid = server?.pid;
      if (pid && groupAlive(pid)) {
        killGroup(pid, 'SIGTERM');
        const deadline = Date.now() + 10_000;
        while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
        if (groupAlive(pid)) {
          killGroup(pid, 'SIGKILL');
          const hard = Date.now() + 5_000;
          while (groupAlive(pid) && Date.now() < hard) await sleep(100);
        }
      }
      if (tempDir && !keepDir) {
        for (let i = 0; i < 5; i++) {
          try {
            fs.rmSync(tempDir, { recursive: true, force: true, maxRetries: 3 });
            break;
          } catch {
            await sleep(500);
          }
        }
      }
      process.removeListener('exit', killServerNow);
    })();
    return stopPromise;
  };

  try {
    const paths = await abortable(ensureServer({ dir: options.serverDir, log }), signal);
    const port = options.port ?? (await freePort());
    tempDir = options.dataDir ? path.resolve(options.dataDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'ti-vscode-'));
    const userDataDir = path.join(tempDir, 'user');
    const serverDataDir = path.join(tempDir, 'server');
    const extensionsDir = path.join(tempDir, 'extensions');
    for (const d of [userDataDir, serverDataDir, extensionsDir]) fs.mkdirSync(d, { recursive: true });
    const trust: Record<string, unknown> = options.workspaceTrust
      ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' }
      : {};
    const settings = { ...QUIET_SETTINGS, ...trust, ...options.settings };
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

    // --- the server -----------------------------------------------------------------------------------
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
      // A VS Code terminal's variables (IPC hooks, ELECTRON_RUN_AS_NODE...) must not leak into this server.
      if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') continue;
      env[k] = v;
    }
    for (const [k, v] of Object.entries(options.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    const dataArgs = ['--user-data-dir', userDataDir, '--server-data-dir', serverDataDir, '--extensions-dir', extensionsDir];
    if (options.installVsix) {
      await abortable(installExtension(paths.nodeBinary, paths.serverMain, options.installVsix, dataArgs, env, tempDir, log), signal);
    }
    const serverArgs = [
      paths.serverMain,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver',
      '--disable-telemetry',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      ...dataArgs,
    ];
    let exitResolve!: (code: number) => void;
    let exitReject!: (e: Error) => void;
    const exitCode = new Promise<number>((res, rej) => ((exitResolve = res), (exitReject = rej)));
    exitCode.catch(() => undefined); // callers without tests never look at it

    log(`starting VS Code ${VSCODE_VERSION} server on 127.0.0.1:${port}`);
    const started = Date.now();
    const srv = spawn(paths.nodeBinary, serverArgs, {
      cwd: tempDir,
      env,
      detached: true, // its own process group, so stop() can kill it with every child (extension host, pty host...)
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = srv;

    let ready!: () => void;
    let failed!: (e: Error) => void;
    const readyPromise = new Promise<void>((res, rej) => ((ready = res), (failed = rej)));
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split(/\r?\n/)) {
        if (!line) continue;
        serverLines.push(line);
        if (serverLines.length > 400) serverLines.splice(0, serverLines.length - 400);
        if (verbose) process.stderr.write(`[vscode-server] ${line}\n`);
        if (line.includes('Web UI available')) ready();
      }
    };
    srv.stdout!.on('data', onData);
    srv.stderr!.on('data', onData);
    srv.on('error', (e) => failed(new LauncherError(`the VS Code server could not be started: ${e.message}`)));
    srv.on('exit', (code, sig) => {
      const e = new LauncherError(
        `the VS Code server exited (${sig ?? `exit code ${code}`}); its last lines:\n${serverLog()}`,
      );
      failed(e);
      if (!stopping) exitReject(e);
    });

    const startTimeout = options.serverStartTimeoutMs ?? 180_000;
    let startTimer: NodeJS.Timeout | undefined;
    await abortable(
      Promise.race([
        readyPromise,
        new Promise<never>((_, rej) => {
          startTimer = setTimeout(
            () =>
              rej(
                new LauncherError(
                  `the VS Code server did not print "Web UI available" within ${startTimeout / 1000} s; its last lines:\n${serverLog()}`,
                ),
              ),
            startTimeout,
          );
        }),
      ]).finally(() => clearTimeout(startTimer)),
      signal,
    );
    log(`server ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // --- the browser ----------------------------------------------------------------------------------
    const executablePath = options.chromiumPath ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
    // Not abandoned half-way: a browser that finished launching after an abort would never be closed.
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      // We close it ourselves on every path (stop()); Playwright's own handlers would race ours.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    signal?.throwIfAborted();
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    const page = await context.newPage();

    await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
      // args is the console call's argument list (mocha's reporter passes printf-style format strings).
      const message = Array.isArray(args) ? format(...args) : typeof args === 'string' ? args : format(args);
      if (!verbose && isWorkbenchNoise(message)) return;
      onHostLog(String(type), message);
    });
    await page.exposeFunction('codeAutomationExit', (code: unknown) => {
      const n = Number(code);
      exitResolve(Number.isInteger(n) ? n : 1);
    });
    page.on('crash', () => !stopping && exitReject(new LauncherError('the workbench page crashed')));
    browser.on('disconnected', () => !stopping && exitReject(new LauncherError('Chromium disconnected')));
    if (verbose) {
      page.on('console', (m) => process.stderr.write(`[page:${m.type()}] ${m.text()}\n`));
      page.on('pageerror', (e) => process.stderr.write(`[page:error] ${e.message}\n`));
    }

    // --- the workbench --------------------------------------------------------------------------------
    const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p.split(path.sep).join('/')}`;
    const payload: [string, string][] = [['extensionDevelopmentPath', remote(extensionDevelopmentPath)]];
    if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
    payload.push(['enableProposedApi', ''], ['skipWelcome', 'true']);
    const url =
      `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspaceFolder)}` +
      `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    log(`opening the workbench${extensionTestsPath ? ` to run ${path.relative(root, extensionTestsPath)}` : ''}`);
    await abortable(page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 }), signal);
    if (options.waitForWorkbench ?? true) {
      await abortable(page.waitForSelector('.monaco-workbench', { timeout: 120_000 }), signal);
    }

    return {
      port,
      url,
      browser,
      page,
      server: srv,
      tempDir,
      extensionsDir,
      exitCode,
      serverLog,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

export interface SuiteRun extends Omit<WorkbenchOptions, 'extensionTestsPath' | 'signal' | 'onExtensionHostLog' | 'log'> {
  /** Names the run in our lines: "suite", "smoke", "trust". */
  name: string;
  /** The compiled suite index (exports run()). */
  extensionTestsPath: string;
  /**
   * Sees each line of the extension host's console (after it is printed), with the running workbench: a suite
   * asks the launcher for what only the page can do (a click in the workbench's UI) by printing a line.
   */
  onExtensionHostLog?: (message: string, workbench: Workbench) => void;
}

/**
 * Runs one suite in a real VS Code and resolves with its exit code (0 passed; 130/143 when interrupted), saying
 * why it failed. Installing the server on a first run is not part of the time limit (TI_VSCODE_TIMEOUT_MS).
 */
export async function runSuite(run: SuiteRun): Promise<number> {
  const { name, onExtensionHostLog: watch, ...options } = run;
  const timeoutMs = Number(process.env.TI_VSCODE_TIMEOUT_MS) || 600_000;
  const started = Date.now();
  const aborter = new AbortController();
  const say = (line: string) => process.stderr.write(`[vscode:${name}] ${line}\n`);

  // The suite's own count line, repeated last so that it closes the output.
  let countLine: string | undefined;
  let workbench: Workbench | undefined;
  const onExtensionHostLog = (_type: string, message: string) => {
    if (/^vscode: \d+ passed, \d+ failed/.test(message)) countLine = message;
    process.stdout.write(message.endsWith('\n') ? message : `${message}\n`);
    if (watch && workbench) watch(message, workbench);
  };

  let signalled: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (signalled) {
      // A second Ctrl-C: no more waiting. The 'exit' hook kills the server's group and removes the temp dir.
      process.exit(sig === 'SIGINT' ? 130 : 143);
    }
    signalled = sig;
    aborter.abort(new LauncherError(`interrupted by ${sig}`));
  };
  const signalCode = () => (signalled === 'SIGINT' ? 130 : 143);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    // The first run installs the server (minutes): that is not part of the suite's time limit.
    try {
      await abortable(ensureServer({ dir: options.serverDir, log: say }), aborter.signal);
    } catch (e) {
      say(`FAILED: could not install the VS Code server: ${e instanceof Error ? e.message : String(e)}`);
      return signalled ? signalCode() : 1;
    }
    const timer = setTimeout(
      () => aborter.abort(new LauncherError(`timed out after ${timeoutMs / 1000} s (TI_VSCODE_TIMEOUT_MS)`)),
      timeoutMs,
    );

    let code: number;
    let reason: string | undefined;
    try {
      workbench = await startWorkbench({ ...options, onExtensionHostLog, log: say, signal: aborter.signal });
      code = await abortable(workbench.exitCode, aborter.signal);
      if (code !== 0) reason = `the suite failed inside VS Code (exit code ${code})`;
    } catch (e) {
      code = signalled ? signalCode() : 1;
      reason = e instanceof Error ? e.message : String(e);
    } finally {
      clearTimeout(timer);
      await workbench?.stop();
    }
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    if (reason) say(`FAILED: ${reason} (${secs} s)`);
    else say(`suite passed in VS Code ${VSCODE_VERSION} (${secs} s)`);
    if (countLine) process.stdout.write(`${countLine}\n`);
    return code;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/** Runs the main extension-host suite (test/vscode/suite) in a real VS Code and exits with its code (0 passed). */
async function main(): Promise<void> {
  const root = repoRoot();
  const code = await runSuite({ name: 'suite', extensionTestsPath: path.join(root, 'out', 'test', 'vscode', 'suite', 'index.js') });
  process.exit(code);
}

if (require.main === module) {
  void main();
}
