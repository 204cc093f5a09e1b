/**
 * The engine's end of a worker thread or a child process: builds the EngineService from the 'init' message,
 * answers 'call' messages in order of arrival, and forwards the service's events. Nothing here knows which of
 * the two it runs in: `port` is the worker's parentPort or the child's process channel.
 */
import * as os from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { EngineService } from './engineService';
import type { FromEngine, ToEngine } from './protocol';
import { errorData } from './wire';

export interface HostPort {
  post(message: FromEngine): void;
  onMessage(listener: (message: ToEngine) => void): void;
}

export function runEngineHost(port: HostPort): void {
  let service: EngineService | undefined;
  let allowCrash = false;
  port.onMessage((msg) => {
    switch (msg.type) {
      case 'init':
        try {
          allowCrash = msg.allowCrash;
          lowerPriority(msg.niceness);
          service = new EngineService(msg.options, (event) => port.post({ type: 'event', event }));
          port.post({ type: 'ready', status: service.fullStatus() });
        } catch (e) {
          port.post({ type: 'fatal', error: errorData(e) });
        }
        return;
      case 'crash':
        if (allowCrash) process.exit(1);
        return;
      case 'call': {
        const s = service;
        if (!s) {
          port.post({ type: 'result', id: msg.id, ok: false, error: { name: 'Error', message: 'the engine is not initialized' } });
          return;
        }
        s.call(msg.name, msg.args).then(
          (value) => port.post({ type: 'result', id: msg.id, ok: true, value }),
          (e: unknown) => port.post({ type: 'result', id: msg.id, ok: false, error: errorData(e) }),
        );
        return;
      }
    }
  });
}

/**
 * Lowers the engine's CPU priority, so that on a busy machine the editor's threads are scheduled first. A child
 * process is a process of its own everywhere. A worker thread can be lowered alone only on Linux, where the nice
 * value belongs to each thread; elsewhere it would lower the whole extension host with it, so it is left.
 */
function lowerPriority(niceness: number): void {
  if (niceness <= 0 || (!isMainThread && process.platform !== 'linux')) return;
  try {
    os.setPriority(0, Math.min(19, niceness));
  } catch {
    // Not allowed here (a container may forbid it): the engine runs at the caller's priority.
  }
}
