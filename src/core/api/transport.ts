/**
 * How a RemoteEngine reaches its engine host: a worker thread (the default: its own V8 isolate and event loop in
 * the same process, with a heap limit of its own) or a child process (its own process: a crash or a runaway heap
 * cannot take the caller down with it, at the cost of a process and copies through a pipe).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import type { FromEngine, ToEngine } from './protocol';

export type EngineWhere = 'worker' | 'child-process';

export interface EngineTransport {
  post(message: ToEngine): void;
  /** Listeners are set once, right after the transport is made. */
  onMessage(listener: (message: FromEngine) => void): void;
  /** The host ended: how (an exit code, a signal, an error such as running out of heap). */
  onExit(listener: (reason: string) => void): void;
  /** Ends the host; resolves once it has gone. */
  terminate(): Promise<void>;
  /** The host's thread id or process id, for diagnostics. */
  readonly id: number;
}

export interface TransportOptions {
  /** The engine host's entry: dist/engineWorker.js (or its compiled copy under out/ in tests). */
  entry: string;
  /** Heap limit of the engine's thread or process (old generation), in MB: past it the engine dies and is restarted, the editor does not. */
  maxHeapMb: number;
}

export function openTransport(where: EngineWhere, options: TransportOptions): EngineTransport {
  return where === 'worker' ? workerTransport(options) : childTransport(options);
}

function workerTransport({ entry, maxHeapMb }: TransportOptions): EngineTransport {
  const worker = new Worker(entry, { resourceLimits: { maxOldGenerationSizeMb: maxHeapMb }, stdout: false, stderr: false });
  let error: Error | undefined;
  let exited = false;
  const exit = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('error', (e) => (error = e));
  return {
    id: worker.threadId,
    post: (m) => {
      if (!exited) worker.postMessage(m);
    },
    onMessage: (l) => void worker.on('message', l),
    onExit: (l) =>
      void worker.on('exit', (code) => {
        exited = true;
        l(error ? `${(error as NodeJS.ErrnoException).code ?? error.name}: ${error.message}` : `exit code ${code}`);
      }),
    terminate: async () => {
      if (!exited) await worker.terminate();
      await exit;
    },
  };
}

function childTransport({ entry, maxHeapMb }: TransportOptions): EngineTransport {
  const child: ChildProcess = fork(entry, [], {
    serialization: 'advanced',
    execArgv: [`--max-old-space-size=${maxHeapMb}`],
    // Inside VS Code, execPath may be Electron's binary: run it as Node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    id: child.pid ?? -1,
    post: (m) => {
      if (!exited && child.connected) child.send(m);
    },
    onMessage: (l) => void child.on('message', (m) => l(m as FromEngine)),
    onExit: (l) =>
      void child.on('exit', (code, signal) => {
        exited = true;
        l(signal ? `signal ${signal}` : `exit code ${code}`);
      }),
    terminate: async () => {
      if (!exited) child.kill();
      await exit;
    },
  };
}
