/**
 * EngineApi with the engine in the caller's own thread: the CLI's front door, and tests and benches that want the
 * same interface without a worker. Calls go straight to the EngineService; events arrive synchronously.
 */
import type { Engine, EngineOptions } from '../engine';
import { EngineClient } from './engineClient';
import { EngineService, type CallName, type EngineCalls } from './engineService';

export class InProcessEngine extends EngineClient {
  readonly where = 'in-process' as const;
  private readonly service: EngineService;

  constructor(options: EngineOptions | Engine = {}) {
    let service: EngineService | undefined;
    // The service may send events while it is being built; they wait for the mirror to exist.
    const early: Parameters<EngineClient['receive']>[0][] = [];
    const created = new EngineService(options, (event) => (service && this ? this.receive(event) : early.push(event)));
    super(created.fullStatus());
    service = created;
    this.service = created;
    for (const e of early) this.receive(e);
  }

  /** The engine itself, for what only runs in process (the CLI's live tree reads the store directly). */
  get engine(): Engine {
    return this.service.engine;
  }

  protected call<N extends CallName>(name: N, args: Parameters<EngineCalls[N]>): ReturnType<EngineCalls[N]> {
    return this.service.call(name, args) as ReturnType<EngineCalls[N]>;
  }

  crash(): Promise<void> {
    return Promise.reject(new Error('crash() is for an engine in a worker or process; this one runs in process.'));
  }
}
