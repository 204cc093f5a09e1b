/** The bench side of the load generator: forks bench/http/loadgen.js and runs loads in it, one at a time. */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { LoadResult, LoadRun } from './loadgen';

export class LoadGenerator {
  private nextMessage = 1;
  private readonly pending = new Map<number, { resolve: (r: LoadResult) => void; reject: (e: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: { id?: number; result?: LoadResult; error?: string }) => {
      const p = m.id === undefined ? undefined : this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id!);
      if (m.result) p.resolve(m.result);
      else p.reject(new Error(`load generator: ${m.error}`));
    });
    child.on('exit', (code, signal) => {
      for (const p of this.pending.values()) p.reject(new Error(`load generator exited (${signal ?? code})`));
      this.pending.clear();
    });
  }

  /** Starts the generator process and waits until it is ready. */
  static async start(): Promise<LoadGenerator> {
    const child = fork(join(__dirname, 'loadgen.js'), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`load generator exited at start (${code})`)));
    });
    return new LoadGenerator(child);
  }

  run(run: LoadRun): Promise<LoadResult> {
    const id = this.nextMessage++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, run });
    });
  }

  close(): void {
    if (this.child.connected) this.child.disconnect();
    this.child.kill();
  }
}
