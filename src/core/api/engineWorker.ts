/**
 * The entry of the engine's own thread or process (bundled to dist/engineWorker.js beside dist/extension.js): a
 * worker thread talks over parentPort, a child process (forked) over its IPC channel.
 */
import { parentPort } from 'node:worker_threads';
import { runEngineHost } from './engineHost';
import type { FromEngine, ToEngine } from './protocol';

if (parentPort) {
  const port = parentPort;
  runEngineHost({ post: (m: FromEngine) => port.postMessage(m), onMessage: (l) => port.on('message', (m: ToEngine) => l(m)) });
} else if (process.send) {
  const send = process.send.bind(process);
  runEngineHost({ post: (m: FromEngine) => void send(m), onMessage: (l) => process.on('message', (m: ToEngine) => l(m)) });
  // The parent went away (its window closed, or it crashed): nothing is left to serve.
  process.on('disconnect', () => process.exit(0));
}
