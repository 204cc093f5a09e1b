import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Prometheus `file_sd` discovery: a JSON file of `[{"targets": ["host:port"], "labels": {...}}]`.
 * `__scheme__`, `__metrics_path__` and `__param_<name>` labels shape the URL, as in Prometheus;
 * other `__` labels are dropped, the rest are shown with the target.
 */
export interface DiscoveredTarget {
  url: string;
  /** The `host:port` as written. */
  address: string;
  labels: Record<string, string>;
}

export class FileSdError extends Error {}

/** file_sd files are small; a larger one is a mistake, not something to read. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

export function parseFileSd(text: string): DiscoveredTarget[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new FileSdError(`bad JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(json)) throw new FileSdError('expected a JSON list of {"targets": [...], "labels": {...}} groups');
  const out: DiscoveredTarget[] = [];
  json.forEach((group: unknown, i) => {
    if (!group || typeof group !== 'object' || Array.isArray(group)) throw new FileSdError(`entry ${i} is not an object`);
    const { targets, labels } = group as { targets?: unknown; labels?: unknown };
    if (!Array.isArray(targets)) throw new FileSdError(`entry ${i} has no "targets" list`);
    const groupLabels: Record<string, string> = {};
    if (labels !== undefined && labels !== null) {
      if (typeof labels !== 'object' || Array.isArray(labels)) throw new FileSdError(`entry ${i}: "labels" is not an object`);
      for (const [k, v] of Object.entries(labels)) {
        if (typeof v !== 'string') throw new FileSdError(`entry ${i}: label "${k}" is not a string`);
        if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(k)) throw new FileSdError(`entry ${i}: "${k}" is not a label name`);
        groupLabels[k] = v;
      }
    }
    for (const t of targets) {
      if (typeof t !== 'string' || !t.trim()) throw new FileSdError(`entry ${i}: a target is not a "host:port" string`);
      out.push({ url: targetUrl(t.trim(), groupLabels, i), address: t.trim(), labels: visibleLabels(groupLabels) });
    }
  });
  return out;
}

/** The scrape URL of a `host:port` target under its group's labels. */
function targetUrl(address: string, labels: Record<string, string>, entry = 0): string {
  if (/[/?#@\s]/.test(address)) throw new FileSdError(`entry ${entry}: target "${address}" is not host:port (scheme and path go in __scheme__ and __metrics_path__)`);
  const scheme = (labels.__scheme__ ?? 'http').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') throw new FileSdError(`entry ${entry}: __scheme__ "${scheme}" is neither http nor https`);
  let metricsPath = labels.__metrics_path__ ?? '/metrics';
  if (!metricsPath.startsWith('/')) metricsPath = `/${metricsPath}`;
  let url: URL;
  try {
    url = new URL(`${scheme}://${address}`);
  } catch {
    throw new FileSdError(`entry ${entry}: target "${address}" is not host:port`);
  }
  url.pathname = metricsPath;
  for (const [k, v] of Object.entries(labels)) if (k.startsWith('__param_')) url.searchParams.set(k.slice('__param_'.length), v);
  return url.href;
}

function visibleLabels(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (!k.startsWith('__')) out[k] = v;
  return out;
}

/** One watched file as the views show it. */
export interface FileSdState {
  path: string;
  /** '' when the last read was good. */
  error: string;
  /** Targets in use: the last good read's, kept while the file is missing or bad. */
  targetCount: number;
  lastLoadMs: number | undefined;
  lastGoodMs: number | undefined;
}

/**
 * Watches one file_sd file: fs.watch on its folder (editors replace files by rename, which a watch on
 * the file itself would miss) and a stat poll as the fallback, so edits apply without a restart.
 * A missing or bad file is an error on the file; the last good targets stay.
 */
export class FileSdWatcher {
  private current: FileSdState;
  private good: DiscoveredTarget[] = [];
  private watcher: fs.FSWatcher | undefined;
  private poll: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private lastStat = '';
  private loading: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    readonly file: string,
    private readonly onChange: () => void,
    private readonly refreshMs = 5000,
    private readonly now: () => number = Date.now,
  ) {
    this.current = { path: file, error: '', targetCount: 0, lastLoadMs: undefined, lastGoodMs: undefined };
  }

  get state(): FileSdState {
    return this.current;
  }

  get targets(): readonly DiscoveredTarget[] {
    return this.good;
  }

  get isWatching(): boolean {
    return !this.stopped;
  }

  /** Reads the file now and starts watching; resolves after the first read. */
  async start(): Promise<void> {
    this.stopped = false;
    this.watch();
    this.poll = setInterval(() => void this.checkStat(), this.refreshMs);
    await this.reload();
  }

  stop(): void {
    this.stopped = true;
    this.watcher?.close();
    this.watcher = undefined;
    if (this.poll) clearInterval(this.poll);
    if (this.debounce) clearTimeout(this.debounce);
    this.poll = this.debounce = undefined;
  }

  /** Reads the file again (also what the watch and the poll call). */
  reload(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.again = false;
        await this.load();
      } while (this.again && !this.stopped);
    })().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private watch(): void {
    try {
      const base = path.basename(this.file);
      this.watcher = fs.watch(path.dirname(this.file), (_event, name) => {
        if (name !== null && name.toString() !== base) return;
        if (this.debounce) clearTimeout(this.debounce);
        this.debounce = setTimeout(() => void this.reload(), 50);
      });
      this.watcher.on('error', () => {
        // The folder went away or cannot be watched: the stat poll carries on.
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch {
      this.watcher = undefined;
    }
  }

  private async checkStat(): Promise<void> {
    if (this.stopped) return;
    // A folder created after start (or recreated) gets its watch back.
    if (!this.watcher) this.watch();
    if ((await this.statKey()) !== this.lastStat) await this.reload();
  }

  private async statKey(): Promise<string> {
    try {
      const s = await fs.promises.stat(this.file);
      return `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch (err) {
      return `error:${(err as NodeJS.ErrnoException).code ?? ''}`;
    }
  }

  private async load(): Promise<void> {
    this.lastStat = await this.statKey();
    let error = '';
    let targets: DiscoveredTarget[] | undefined;
    try {
      const handle = await fs.promises.open(this.file, 'r');
      let text: string;
      try {
        const { size } = await handle.stat();
        if (size > MAX_FILE_BYTES) throw new FileSdError(`larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
        text = await handle.readFile('utf8');
      } finally {
        await handle.close();
      }
      targets = parseFileSd(text);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      error = code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : err instanceof FileSdError ? err.message : `cannot read it: ${(err as Error).message}`;
    }
    if (this.stopped && this.current.lastLoadMs !== undefined) return;
    const now = this.now();
    const changed = targets !== undefined && JSON.stringify(targets) !== JSON.stringify(this.good);
    if (targets) this.good = targets;
    const next: FileSdState = {
      path: this.file,
      error,
      targetCount: this.good.length,
      lastLoadMs: now,
      lastGoodMs: targets ? now : this.current.lastGoodMs,
    };
    const stateChanged = next.error !== this.current.error || next.targetCount !== this.current.targetCount || this.current.lastLoadMs === undefined;
    this.current = next;
    if (changed || stateChanged) this.onChange();
  }
}
