/** The captures opened in an engine, by id: each its own store, shown apart from live data. */
import type { StoreLimits } from '../store/limits';
import type { ReadOptions } from './captureReader';
import { OpenedCapture, type CaptureSummary } from './openedCapture';

export class CaptureLibrary {
  private readonly byId = new Map<string, OpenedCapture>();
  private next = 1;

  constructor(private readonly onChange: () => void = () => {}) {}

  /** Loads a file as a new capture (the same file twice is two captures: it may have changed). */
  async open(file: string, options: ReadOptions & { limits?: Partial<StoreLimits> } = {}): Promise<CaptureSummary> {
    const id = `capture-${this.next++}`;
    const capture = await OpenedCapture.open(file, id, options);
    this.byId.set(id, capture);
    this.onChange();
    return capture.summary;
  }

  get(id: string): OpenedCapture | undefined {
    return this.byId.get(id);
  }

  list(): CaptureSummary[] {
    return [...this.byId.values()].map((c) => c.summary);
  }

  close(id: string): boolean {
    const c = this.byId.get(id);
    if (!c) return false;
    c.dispose();
    this.byId.delete(id);
    this.onChange();
    return true;
  }

  dispose(): void {
    for (const c of this.byId.values()) c.dispose();
    this.byId.clear();
  }
}
