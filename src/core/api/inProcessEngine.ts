/**
 * EngineApi with the engine in the caller's own thread: the CLI's front door, and tests and benches that want the
 * same interface without a worker. Calls go straight to the EngineService; events arrive synchronously.
 */
import type { Engine, EngineOptions } from '../engine';
import { EngineClient } from './engineClient';
import { EngineService, type CallName, type EngineCalls, type ServiceEvent } from './engineService';

export class InProcessEngine extends EngineClient {
  readonly where = 'in-process' as const;
  private readonly service: EngineService;

  constructor(options: EngineOptions | Engine = {}) {
    // Events the service sends before this client exists wait for it.
    const early: ServiceEvent[] = [];
    const sink: { deliver?: (event: ServiceEvent) => void } = {};
    const service = new EngineService(options, (event) => (sink.deliver ? sink.deliver(event) : early.push(event)));
    super(service.fullStatus());
    this.service = service;
    sink.deliver = (event) => this.receive(event);
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
