import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';

/** The repo root, from out/test/helpers/ (compiled) or test/helpers/ (source). */
export const REPO_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../..' : '../..');
export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
export const OTEL_APP = path.join(REPO_ROOT, 'out', 'test', 'fixtures', 'otelApp.js');

/** A port that was free a moment ago, on loopback. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  done: Promise<Finished>;
}

/** Starts a process with the test's Node; output is collected; it is killed by pid if the test forgets. */
export function start(script: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Running {
  const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

export async function run(script: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<Finished> {
  return start(script, args, env, timeoutMs).done;
}

/** Polls until the check passes or the time is up; the last failure is rethrown. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
}

/** Resolves once something accepts connections on the loopback port (a process under test came up). */
export async function listening(port: number, timeoutMs = 15_000): Promise<void> {
  await eventually(
    () =>
      new Promise<void>((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1', () => {
          s.destroy();
          resolve();
        });
        s.on('error', reject);
      }),
    timeoutMs,
  );
}

/** What the fixture app says it sent. */
export interface AppSent {
  traceIds: string[];
  spans: number;
  logs: number;
  requests: number;
}

export async function runApp(env: NodeJS.ProcessEnv): Promise<AppSent> {
  const result = await run(OTEL_APP, [], env);
  if (result.code !== 0) throw new Error(`the fixture app failed (${result.code}): ${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as AppSent;
}
