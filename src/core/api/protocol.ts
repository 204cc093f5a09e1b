/** The messages between a RemoteEngine and its engine host (a worker thread or a child process). */
import type { EngineOptions } from '../engine';
import type { EngineStatus } from './engineApi';
import type { CallName, ServiceEvent } from './engineService';
import type { ErrorData } from './wire';

export type ToEngine =
  | {
      type: 'init';
      options: EngineOptions;
      allowCrash: boolean;
      /** A nice value (0 … 19) for the engine's own thread or process, so the caller's thread wins a busy CPU; 0 leaves it. */
      niceness: number;
    }
  | { type: 'call'; id: number; name: CallName; args: unknown[] }
  /** Test hook: exit as a crash would (honoured only when init said allowCrash). */
  | { type: 'crash' };

export type FromEngine =
  | { type: 'ready'; status: EngineStatus }
  | { type: 'fatal'; error: ErrorData }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: ErrorData }
  | { type: 'event'; event: ServiceEvent };
