import type { Agent } from 'undici';
import { bodySnippet, boundedRequest, FetchError, newAgent, type FetchErrorKind } from './boundedRequest';
import { ExpositionError, parseExposition, seriesCount, type PromFamily } from './exposition';
import { FileSdWatcher, type DiscoveredTarget, type FileSdState } from './fileSd';

export interface ScrapeOptions {
  /** Target URLs (`http://host:port/metrics`; `host:port` means http and /metrics). */
  urls: string[];
  /** Prometheus file_sd JSON files, watched for edits. */
  fileSdPaths: string[];
  intervalMs: number;
  /** Deadline of one scrape, body included. */
  timeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
  /** How often file_sd files are checked besides the file-system watch. */
  fileSdRefreshMs: number;
}

export const DEFAULT_SCRAPE_OPTIONS: Readonly<ScrapeOptions> = {
  urls: [],
  fileSdPaths: [],
  intervalMs: 15_000,
  timeoutMs: 10_000,
  maxBodyBytes: 16 * 1024 * 1024,
  maxRedirects: 3,
  fileSdRefreshMs: 5_000,
};

export type ScrapeHealth = 'unknown' | 'up' | 'down';
/** Why a scrape failed: the HTTP status, the connection, the deadline, or a body that is not the text format. */
export type ScrapeErrorKind = FetchErrorKind | 'bad-body';

/** One /metrics endpoint as views show it. Replaced (never mutated) on every change. */
export interface ScrapeTarget {
  /** The URL: targets are told apart by it. */
  id: string;
  url: string;
  /** Labels from file_sd (none for a configured URL). */
  labels: Readonly<Record<string, string>>;
  /** 'url' for a configured URL, else the file_sd file it came from. */
  source: { kind: 'url' } | { kind: 'file_sd'; path: string };
  health: ScrapeHealth;
  /** When the last scrape started. */
  lastScrapeMs: number | undefined;
  lastDurationMs: number | undefined;
  lastSuccessMs: number | undefined;
  /** '' when up. */
  error: string;
  errorKind: ScrapeErrorKind | undefined;
  /** The HTTP status of the last answer, when there was one. */
  httpStatus: number | undefined;
  /** The families of the last successful scrape (kept while down). */
  families: readonly PromFamily[];
  seriesCount: number;
  scrapes: number;
}

interface Slot {
  target: ScrapeTarget;
  timer: NodeJS.Timeout | undefined;
  abort: AbortController | undefined;
  inFlight: Promise<void> | undefined;
  removed: boolean;
}

/** `host:port` and `host:port/path` become http URLs; a URL without a path gets /metrics. */
export function normalizeTargetUrl(raw: string): string {
  let s = raw.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = `http://${s}`;
  try {
    const url = new URL(s);
    if (url.pathname === '/' && !/^[a-z][a-z0-9+.-]*:\/\/[^/]+\//i.test(s)) url.pathname = '/metrics';
    return url.href;
  } catch {
    return raw.trim();
  }
}

/**
 * Scrapes every target (configured URLs and file_sd discoveries) on its own timer, one scrape at a
 * time per target, each bounded in time, size and redirects. Calls `onChange` on every change.
 */
export class Scraper {
  private opts: ScrapeOptions;
  private readonly slots = new Map<string, Slot>();
  private readonly watchers = new Map<string, FileSdWatcher>();
  private running = false;
  private agent: Agent | undefined;

  constructor(
    options: Partial<ScrapeOptions> = {},
    private readonly onChange: () => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.opts = resolveOptions(DEFAULT_SCRAPE_OPTIONS, options);
  }

  get options(): Readonly<ScrapeOptions> {
    return this.opts;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Every target, in the order it was first configured or discovered. */
  get targets(): ScrapeTarget[] {
    return [...this.slots.values()].map((s) => s.target);
  }

  get files(): FileSdState[] {
    return this.opts.fileSdPaths.map((p) => this.watchers.get(p)?.state ?? { path: p, error: '', targetCount: 0, lastLoadMs: undefined, lastGoodMs: undefined });
  }

  /** Starts watching the file_sd files and scraping; resolves once the files were read the first time. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.agent ??= newAgent();
    await this.syncWatchers();
    this.syncTargets();
    this.onChange();
  }

  /** Stops every timer, watch and scrape under way, and closes the sockets. Can be started again. */
  async stop(): Promise<void> {
    this.running = false;
    // Watchers stay (stopped), so their last state is still shown and they resume on start().
    for (const w of this.watchers.values()) w.stop();
    const pending: Promise<void>[] = [];
    for (const slot of this.slots.values()) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = undefined;
      slot.abort?.abort();
      if (slot.inFlight) pending.push(slot.inFlight);
    }
    await Promise.allSettled(pending);
    const agent = this.agent;
    this.agent = undefined;
    await agent?.destroy().catch(() => undefined);
  }

  /** New options apply at once: targets come and go, timers re-arm with a new interval. */
  async configure(options: Partial<ScrapeOptions>): Promise<void> {
    const before = this.opts;
    this.opts = resolveOptions(before, options);
    await this.syncWatchers();
    this.syncTargets();
    if (this.running && before.intervalMs !== this.opts.intervalMs) {
      for (const slot of this.slots.values()) if (slot.timer) this.schedule(slot, this.opts.intervalMs);
    }
    this.onChange();
  }

  /** Scrapes one target (by id) or all of them now; resolves when done. */
  async scrapeNow(id?: string): Promise<void> {
    const slots = id === undefined ? [...this.slots.values()] : [this.slots.get(id)].filter((s): s is Slot => !!s);
    await Promise.all(slots.map((s) => s.inFlight ?? this.scrape(s)));
  }

  private async syncWatchers(): Promise<void> {
    const wanted = new Set(this.opts.fileSdPaths);
    for (const [p, w] of this.watchers) {
      if (!wanted.has(p)) {
        w.stop();
        this.watchers.delete(p);
      }
    }
    const started: Promise<void>[] = [];
    for (const p of wanted) {
      let w = this.watchers.get(p);
      if (!w) this.watchers.set(p, (w = new FileSdWatcher(p, () => this.onFilesChanged(), this.opts.fileSdRefreshMs, this.now)));
      if (this.running && !w.isWatching) started.push(w.start());
    }
    await Promise.all(started);
  }

  private onFilesChanged(): void {
    if (this.running) this.syncTargets();
    this.onChange();
  }

  /** Brings the slots in line with the configured URLs and the files' last good targets. */
  private syncTargets(): void {
    const wanted = new Map<string, { labels: Record<string, string>; source: ScrapeTarget['source'] }>();
    for (const raw of this.opts.urls) {
      const url = normalizeTargetUrl(raw);
      if (!wanted.has(url)) wanted.set(url, { labels: {}, source: { kind: 'url' } });
    }
    for (const p of this.opts.fileSdPaths) {
      const targets: readonly DiscoveredTarget[] = this.watchers.get(p)?.targets ?? [];
      for (const t of targets) if (!wanted.has(t.url)) wanted.set(t.url, { labels: t.labels, source: { kind: 'file_sd', path: p } });
    }
    let changed = false;
    for (const [id, slot] of this.slots) {
      if (wanted.has(id)) continue;
      slot.removed = true;
      if (slot.timer) clearTimeout(slot.timer);
      slot.abort?.abort();
      this.slots.delete(id);
      changed = true;
    }
    for (const [url, w] of wanted) {
      const slot = this.slots.get(url);
      if (slot) {
        if (JSON.stringify(slot.target.labels) !== JSON.stringify(w.labels) || JSON.stringify(slot.target.source) !== JSON.stringify(w.source)) {
          slot.target = { ...slot.target, labels: w.labels, source: w.source };
          changed = true;
        }
        if (this.running && !slot.timer && !slot.inFlight) this.schedule(slot, 0);
        continue;
      }
      const fresh: Slot = { target: newTarget(url, w.labels, w.source), timer: undefined, abort: undefined, inFlight: undefined, removed: false };
      this.slots.set(url, fresh);
      changed = true;
      if (this.running) this.schedule(fresh, 0);
    }
    if (changed) this.onChange();
  }

  private schedule(slot: Slot, delayMs: number): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      void this.scrape(slot);
    }, delayMs);
  }

  private scrape(slot: Slot): Promise<void> {
    const abort = (slot.abort = new AbortController());
    const agent = (this.agent ??= newAgent());
    const started = this.now();
    const startedHr = performance.now();
    const run = async (): Promise<void> => {
      const { url } = slot.target;
      let patch: Partial<ScrapeTarget>;
      try {
        const res = await boundedRequest(url, {
          headers: { accept: 'text/plain;version=0.0.4;q=1,*/*;q=0.1', 'user-agent': 'telemetry-inspector' },
          timeoutMs: this.opts.timeoutMs,
          maxBodyBytes: this.opts.maxBodyBytes,
          maxRedirects: this.opts.maxRedirects,
          dispatcher: agent,
          signal: abort.signal,
        });
        if (res.status < 200 || res.status >= 300) {
          const snippet = bodySnippet(res.body);
          throw new FetchError('http', `HTTP ${res.status}${snippet ? `: ${snippet}` : ''}`, res.status);
        }
        let families: PromFamily[];
        try {
          families = parseExposition(res.body.toString('utf8'));
        } catch (err) {
          if (err instanceof ExpositionError) throw new ScrapeBodyError(`not the Prometheus text format: ${err.message}`, res.status);
          throw err;
        }
        patch = {
          health: 'up',
          error: '',
          errorKind: undefined,
          httpStatus: res.status,
          lastSuccessMs: started,
          families,
          seriesCount: seriesCount(families),
        };
      } catch (err) {
        if (err instanceof FetchError && err.kind === 'aborted') return;
        const kind: ScrapeErrorKind = err instanceof ScrapeBodyError ? 'bad-body' : err instanceof FetchError ? err.kind : 'network';
        const status = err instanceof FetchError || err instanceof ScrapeBodyError ? err.status : undefined;
        patch = { health: 'down', error: (err as Error).message, errorKind: kind, httpStatus: status };
      }
      if (slot.removed) return;
      const duration = performance.now() - startedHr;
      slot.target = { ...slot.target, ...patch, lastScrapeMs: started, lastDurationMs: duration, scrapes: slot.target.scrapes + 1 };
      if (this.running) this.schedule(slot, Math.max(0, this.opts.intervalMs - duration));
      this.onChange();
    };
    const p = run().finally(() => {
      if (slot.inFlight === p) slot.inFlight = undefined;
      if (slot.abort === abort) slot.abort = undefined;
    });
    slot.inFlight = p;
    return p;
  }
}

class ScrapeBodyError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

function newTarget(url: string, labels: Record<string, string>, source: ScrapeTarget['source']): ScrapeTarget {
  return {
    id: url,
    url,
    labels,
    source,
    health: 'unknown',
    lastScrapeMs: undefined,
    lastDurationMs: undefined,
    lastSuccessMs: undefined,
    error: '',
    errorKind: undefined,
    httpStatus: undefined,
    families: [],
    seriesCount: 0,
    scrapes: 0,
  };
}

function resolveOptions(base: Readonly<ScrapeOptions>, patch: Partial<ScrapeOptions>): ScrapeOptions {
  const out: ScrapeOptions = { ...base, urls: [...base.urls], fileSdPaths: [...base.fileSdPaths] };
  if (patch.urls) out.urls = patch.urls.map((u) => u.trim()).filter(Boolean);
  if (patch.fileSdPaths) out.fileSdPaths = [...new Set(patch.fileSdPaths.map((p) => p.trim()).filter(Boolean))];
  for (const k of ['intervalMs', 'timeoutMs', 'maxBodyBytes', 'fileSdRefreshMs'] as const) {
    const v = patch[k];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[k] = v;
  }
  if (typeof patch.maxRedirects === 'number' && Number.isInteger(patch.maxRedirects) && patch.maxRedirects >= 0) out.maxRedirects = patch.maxRedirects;
  return out;
}
