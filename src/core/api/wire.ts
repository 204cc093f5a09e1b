/** Conversions between the engine's own objects and the plain data that crosses EngineApi. */
import type { ReceiverChange } from '../engine';
import { ListenError } from '../otlp/listenError';
import type { Signal } from '../model/records';
import type { ChangeTopic, StoreChange } from '../store/change';
import type { ListenErrorData, ReceiverChangeData } from './engineApi';

export function listenErrorData(e: ListenError): ListenErrorData {
  return { name: 'ListenError', message: e.message, code: e.code, host: e.host, port: e.port };
}

export function receiverChangeData(c: ReceiverChange): ReceiverChangeData {
  if (c.result === 'kept' || c.result === 'failed') return { ...c, error: listenErrorData(c.error) };
  return { ...c } as ReceiverChangeData;
}

/** A StoreChange as data (its Map and Sets as lists). */
export interface ChangeData {
  cleared: boolean;
  added: string[];
  removed: string[];
  updated: [string, Signal[]][];
  topics: ChangeTopic[];
}

export function changeData(c: StoreChange): ChangeData {
  return { cleared: c.cleared, added: [...c.added], removed: [...c.removed], updated: [...c.updated].map(([k, s]) => [k, [...s]]), topics: [...c.topics] };
}

export function storeChange(d: ChangeData): StoreChange {
  return { cleared: d.cleared, added: d.added, removed: d.removed, updated: new Map(d.updated.map(([k, s]) => [k, new Set(s)])), topics: new Set(d.topics) };
}

/** An error as data, to be thrown again on the other side with the same name and message. */
export interface ErrorData {
  name: string;
  message: string;
  stack?: string;
  code?: string;
}

export function errorData(e: unknown): ErrorData {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack, code: (e as NodeJS.ErrnoException).code };
  return { name: 'Error', message: String(e) };
}

export function errorFrom(d: ErrorData): Error {
  const e = new Error(d.message);
  e.name = d.name;
  if (d.code) (e as NodeJS.ErrnoException).code = d.code;
  if (d.stack) e.stack = d.stack;
  return e;
}

/** Thrown for calls that were on their way when the engine died (the caller's view redraws once it is back). */
export class EngineDownError extends Error {
  constructor(reason: string) {
    super(`The telemetry engine stopped (${reason}); it is being restarted.`);
    this.name = 'EngineDownError';
  }
}

export { ListenError };
