/**
 * The engine's end of a worker thread or a child process: builds the EngineService from the 'init' message,
 * answers 'call' messages in order of arrival, and forwards the service's events. Nothing here knows which of
 * the two it runs in: `port` is the worker's parentPort or the child's process channel.
 */
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
