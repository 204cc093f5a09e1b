/** One transport to an upstream: sends one body of one signal and says what the answer means. */
import type { Signal } from '../model/records';
import type { SendOutcome } from './sendOutcome';

export interface Sender {
  /** Never rejects: a failure is an outcome. `abort` cuts a send in progress (stopping past its deadline). */
  send(signal: Signal, body: Uint8Array, abort: AbortSignal): Promise<SendOutcome>;
  close(): Promise<void>;
}
