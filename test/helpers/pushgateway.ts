import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { eventually, freePort } from './process';
import { requireBinaries } from './requireBinaries';

/** Debian's `prometheus-pushgateway` (1.5.1): the real gateway the tests run against. */
export const PUSHGATEWAY_BIN = process.env.PUSHGATEWAY_BIN ?? '/usr/bin/prometheus-pushgateway';

export function pushgatewayInstalled(): boolean {
  return existsSync(PUSHGATEWAY_BIN);
}

/** For a suite's before(): the real gateway must be there (CI fails without it; elsewhere the suite is skipped). */
export function requirePushgateway(ctx: Mocha.Context): void {
  requireBinaries(ctx, [{ bin: PUSHGATEWAY_BIN, pkg: 'prometheus-pushgateway' }]);
}

export interface RunningPushgateway {
  url: string;
  port: number;
  /** The temp folder holding its persistence file (removed by dispose()). */
  dir: string;
  persistenceFile: string;
  pid(): number | undefined;
  /** Stops it by pid (SIGTERM, which writes the persistence file; SIGKILL after 10 s). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same persistence file. */
  restart(): Promise<void>;
  /** stop() and remove the temp folder. */
  dispose(): Promise<void>;
  log(): string;
}

/**
 * Starts a Pushgateway on a free loopback port with a fresh persistence file of its own (Debian's
 * default, /var/lib/prometheus/pushgateway.data, is never touched) and waits until it is ready.
 */
export async function startPushgateway(): Promise<RunningPushgateway> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ti-pushgateway-'));
  const persistenceFile = path.join(dir, 'pushgateway.data');
  let child: ChildProcess | undefined;
  let log = '';

  const launch = async (): Promise<void> => {
    const proc = spawn(
      PUSHGATEWAY_BIN,
      [`--web.listen-address=127.0.0.1:${port}`, `--persistence.file=${persistenceFile}`, '--persistence.interval=1s', '--log.level=warn'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    proc.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    let exited = false;
    proc.once('exit', () => (exited = true));
    await eventually(async () => {
      if (exited) throw new Error(`the Pushgateway exited at start: ${log}`);
      const status = await httpStatus(`http://127.0.0.1:${port}/-/ready`);
      if (status !== 200) throw new Error(`not ready: ${status}`);
    }, 20_000, 50).catch((err: Error) => {
      proc.kill('SIGKILL');
      throw new Error(`the Pushgateway did not get ready on port ${port}: ${err.message}\n${log}`);
    });
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    process.kill(proc.pid, 'SIGTERM');
    const timer = setTimeout(() => proc.pid !== undefined && proc.exitCode === null && process.kill(proc.pid, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  await launch();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dir,
    persistenceFile,
    pid: () => child?.pid,
    stop,
    restart: launch,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    log: () => log,
  };
}

/** The status of a GET, or 0 when nothing answered. */
export function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

/** A plain HTTP request, as the Pushgateway README's curl examples send them; resolves with status and body. */
export function httpRequest(method: string, url: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false, headers: body !== undefined ? { 'content-type': 'text/plain; version=0.0.4' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.end(body);
  });
}

/** `POST /metrics/job/…` with a text-format body (the path already encoded by the caller, as in the README). */
export async function pushText(gatewayUrl: string, groupPath: string, text: string, method: 'POST' | 'PUT' = 'POST'): Promise<void> {
  const res = await httpRequest(method, `${gatewayUrl}${groupPath}`, text);
  if (res.status !== 200 && res.status !== 202) throw new Error(`push to ${groupPath} failed: ${res.status} ${res.body}`);
}
