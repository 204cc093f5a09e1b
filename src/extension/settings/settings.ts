/**
 * The extension's settings (`telemetryInspector.*`), read and checked in one place. Pure: it takes a getter,
 * so it runs in unit tests without VS Code. The JSON schema in package.json only warns in the Settings
 * editor; a hand-edited settings.json can hold anything, so every value is checked here again.
 */
import * as path from 'node:path';
import type { PrometheusOptions } from '../../core/export/options';
import { DEFAULT_GRPC_PORT } from '../../core/otlp/grpcOptions';
import { DEFAULT_HOST, DEFAULT_HTTP_PORT } from '../../core/otlp/receiverOptions';
import { DurationError, parseDuration } from '../../core/pushgateway/duration';
import { DEFAULT_PUSHGATEWAY_OPTIONS } from '../../core/pushgateway/poller';
import { DEFAULT_QUERY_API_OPTIONS, type QueryApiOptions } from '../../core/query/queryApiOptions';
import { DEFAULT_SCRAPE_OPTIONS, normalizeTargetUrl } from '../../core/scrape/scraper';
import { DEFAULT_STORE_LIMITS, formatByteSize, MIN_MEMORY_BYTES, parseByteSize, type StoreLimits } from '../../core/store/limits';

export const SECTION = 'telemetryInspector';

/** Keys relative to SECTION. */
export const SETTING = {
  host: 'receiver.host',
  port: 'receiver.port',
  autoStart: 'receiver.autoStart',
  grpcEnabled: 'grpc.enabled',
  grpcPort: 'grpc.port',
  maxMemory: 'store.maxMemory',
  maxSpans: 'store.maxSpans',
  maxLogRecords: 'store.maxLogRecords',
  maxPointsPerSeries: 'store.maxPointsPerSeries',
  maxSeriesPerStream: 'store.maxSeriesPerStream',
  maxInstances: 'store.maxInstances',
  pushgatewayUrl: 'pushgateway.url',
  pushgatewayPollInterval: 'pushgateway.pollInterval',
  pushgatewayStaleAfter: 'pushgateway.staleAfter',
  pushgatewayTimeout: 'pushgateway.timeout',
  scrapeUrls: 'scrape.urls',
  scrapeFileSdPaths: 'scrape.fileSdPaths',
  scrapeInterval: 'scrape.interval',
  scrapeTimeout: 'scrape.timeout',
  prometheusPort: 'prometheus.port',
  prometheusExpireAfter: 'prometheus.expireAfter',
  queryApiEnabled: 'queryApi.enabled',
  queryApiAllowNonLoopback: 'queryApi.allowNonLoopback',
  persistenceEnabled: 'persistence.enabled',
  persistenceMaxSize: 'persistence.maxSize',
} as const;

export interface Settings {
  receiver: { host: string; port: number; autoStart: boolean };
  /** The OTLP/gRPC receiver listens on receiver.host too. */
  grpc: { enabled: boolean; port: number };
  limits: StoreLimits;
  pushgateway: {
    /** As set: '' means "use $PUSHGATEWAY_URL" (resolvePushgatewayUrl). */
    url: string;
    pollIntervalMs: number;
    /** As written ("5m"), for messages; staleAfterMs is what it means. */
    staleAfter: string;
    staleAfterMs: number;
    timeoutMs: number;
  };
  scrape: {
    /** Normalized target URLs (host:port → http://host:port/metrics). */
    urls: string[];
    /** As set: relative paths are resolved against the first workspace folder (resolveFileSdPaths). */
    fileSdPaths: string[];
    intervalMs: number;
    timeoutMs: number;
  };
  /** The Prometheus exposition (always at GET /metrics on the OTLP/HTTP port). */
  prometheus: {
    /** A loopback port of its own for GET /metrics; 0 = none. */
    port: number;
    /** As written ("5m"), for messages; expireAfterMs is what it means. */
    expireAfter: string;
    expireAfterMs: number;
  };
  /** The read-only query API at GET /api/v1/ on the OTLP/HTTP port (the engine's `queryApi` option). */
  queryApi: QueryApiOptions;
  /** What the receivers accept is kept on disk (workspace storage) and comes back after a reload, within maxSizeBytes. */
  persistence: { enabled: boolean; maxSizeBytes: number };
}

export interface SettingsRead {
  /** Valid values; a bad one is replaced by `fallback`'s value for it. */
  settings: Settings;
  /** One sentence per bad value, naming the full setting. */
  problems: string[];
}

const DEFAULT_STALE_AFTER = '5m';
const DEFAULT_PROMETHEUS_EXPIRE_AFTER = '5m';

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  receiver: { host: DEFAULT_HOST, port: DEFAULT_HTTP_PORT, autoStart: true },
  grpc: { enabled: true, port: DEFAULT_GRPC_PORT },
  limits: { ...DEFAULT_STORE_LIMITS },
  pushgateway: {
    url: '',
    pollIntervalMs: DEFAULT_PUSHGATEWAY_OPTIONS.pollIntervalMs,
    staleAfter: DEFAULT_STALE_AFTER,
    staleAfterMs: parseDuration(DEFAULT_STALE_AFTER),
    timeoutMs: DEFAULT_PUSHGATEWAY_OPTIONS.timeoutMs,
  },
  scrape: { urls: [], fileSdPaths: [], intervalMs: DEFAULT_SCRAPE_OPTIONS.intervalMs, timeoutMs: DEFAULT_SCRAPE_OPTIONS.timeoutMs },
  prometheus: { port: 0, expireAfter: DEFAULT_PROMETHEUS_EXPIRE_AFTER, expireAfterMs: parseDuration(DEFAULT_PROMETHEUS_EXPIRE_AFTER) },
  queryApi: { ...DEFAULT_QUERY_API_OPTIONS },
  persistence: { enabled: true, maxSizeBytes: 256 * 1024 * 1024 },
});

/** Bounds of telemetryInspector.persistence.maxSize: a few segments at least, and not a whole disk. */
const PERSISTENCE_SIZE_RANGE = { min: 4 * 1024 * 1024, max: 64 * 1024 * 1024 * 1024 } as const;

/** Upper bounds of the caps, as in package.json: past them memory use stops being "a sidebar". */
const LIMIT_MAX: Readonly<StoreLimits> = Object.freeze({
  maxMemoryBytes: 64 * 1024 * 1024 * 1024,
  maxSpans: 10_000_000,
  maxLogRecords: 10_000_000,
  maxPointsPerSeries: 100_000,
  maxSeriesPerStream: 1_000_000,
  maxInstances: 100_000,
});

/** Bounds of the seconds settings, as in package.json. */
const SECONDS_RANGE = {
  [SETTING.pushgatewayPollInterval]: [1, 3600],
  [SETTING.pushgatewayTimeout]: [1, 300],
  [SETTING.scrapeInterval]: [1, 3600],
  [SETTING.scrapeTimeout]: [1, 300],
} as const;

export type SettingGetter = (key: string) => unknown;

/** Reads every setting; a missing value takes the default, a bad one is reported and takes `fallback`'s. */
export function readSettings(get: SettingGetter, fallback: Settings = DEFAULT_SETTINGS): SettingsRead {
  const problems: string[] = [];
  const name = (key: string) => `${SECTION}.${key}`;
  const shown = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v) ?? v));
  const isSet = (v: unknown) => v !== undefined && v !== null;

  const wholeNumber = (key: string, min: number, max: number, fb: number): number => {
    const v = get(key);
    if (!isSet(v)) return fb;
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
    problems.push(`${name(key)} must be a whole number from ${min} to ${max.toLocaleString('en-US')}, not ${shown(v)}.`);
    return fb;
  };
  const boolean = (key: string, fb: boolean): boolean => {
    const v = get(key);
    if (typeof v === 'boolean') return v;
    if (isSet(v)) problems.push(`${name(key)} must be true or false, not ${shown(v)}.`);
    return fb;
  };
  /** A number of seconds, returned in milliseconds. */
  const seconds = (key: keyof typeof SECONDS_RANGE, fbMs: number): number => {
    const v = get(key);
    if (!isSet(v)) return fbMs;
    const [min, max] = SECONDS_RANGE[key];
    if (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max) return Math.round(v * 1000);
    problems.push(`${name(key)} must be a number of seconds from ${min} to ${max}, not ${shown(v)}.`);
    return fbMs;
  };
  const stringList = (key: string, fb: string[], check: (s: string) => string | undefined): string[] => {
    const v = get(key);
    if (!isSet(v)) return fb;
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
      problems.push(`${name(key)} must be a list of strings, not ${shown(v)}.`);
      return fb;
    }
    const out: string[] = [];
    let bad = false;
    for (const raw of v as string[]) {
      const s = raw.trim();
      if (!s) continue;
      const problem = check(s);
      if (problem) {
        problems.push(`${name(key)}: ${problem}`);
        bad = true;
      } else if (!out.includes(s)) out.push(s);
    }
    return bad ? fb : out;
  };

  let host = fallback.receiver.host;
  const rawHost = get(SETTING.host);
  if (isSet(rawHost)) {
    if (typeof rawHost === 'string' && /^\[?[A-Za-z0-9._:%-]+\]?$/.test(rawHost.trim())) host = rawHost.trim().replace(/^\[(.*)\]$/, '$1');
    else problems.push(`${name(SETTING.host)} must be an address to listen on, such as 127.0.0.1, ::1 or 0.0.0.0, not ${shown(rawHost)}.`);
  }
  const port = wholeNumber(SETTING.port, 0, 65535, fallback.receiver.port);
  const autoStart = boolean(SETTING.autoStart, fallback.receiver.autoStart);
  const grpc = { enabled: boolean(SETTING.grpcEnabled, fallback.grpc.enabled), port: wholeNumber(SETTING.grpcPort, 0, 65535, fallback.grpc.port) };

  const limits = {} as StoreLimits;
  for (const k of Object.keys(DEFAULT_STORE_LIMITS) as (keyof StoreLimits)[]) {
    if (k === 'maxMemoryBytes') continue;
    limits[k] = wholeNumber(SETTING[k], 1, LIMIT_MAX[k], fallback.limits[k]);
  }
  limits.maxMemoryBytes = fallback.limits.maxMemoryBytes;
  const rawMemory = get(SETTING.maxMemory);
  if (isSet(rawMemory)) {
    const bytes = typeof rawMemory === 'string' || typeof rawMemory === 'number' ? parseByteSize(rawMemory) : undefined;
    if (bytes !== undefined && bytes >= MIN_MEMORY_BYTES && bytes <= LIMIT_MAX.maxMemoryBytes) limits.maxMemoryBytes = bytes;
    else problems.push(`${name(SETTING.maxMemory)} must be a size from ${formatByteSize(MIN_MEMORY_BYTES)} to ${formatByteSize(LIMIT_MAX.maxMemoryBytes)} such as 256MB or 1GB, not ${shown(rawMemory)}.`);
  }

  let url = fallback.pushgateway.url;
  const rawUrl = get(SETTING.pushgatewayUrl);
  if (isSet(rawUrl)) {
    const problem = typeof rawUrl === 'string' ? checkHttpUrl(rawUrl.trim(), true) : 'not a string';
    if (problem === undefined) url = (rawUrl as string).trim().replace(/\/+$/, '');
    else problems.push(`${name(SETTING.pushgatewayUrl)} must be empty (use $PUSHGATEWAY_URL) or an http:// or https:// URL such as http://127.0.0.1:9091, not ${shown(rawUrl)}.`);
  }
  let staleAfter = fallback.pushgateway.staleAfter;
  let staleAfterMs = fallback.pushgateway.staleAfterMs;
  const rawStale = get(SETTING.pushgatewayStaleAfter);
  if (isSet(rawStale)) {
    const ms = typeof rawStale === 'string' ? durationOrUndefined(rawStale) : undefined;
    if (ms !== undefined && ms > 0) {
      staleAfter = (rawStale as string).trim();
      staleAfterMs = ms;
    } else {
      problems.push(`${name(SETTING.pushgatewayStaleAfter)} must be a duration such as 90s, 10m, 2h or 1d (a number and a unit: ms, s, m, h, d, w), not ${shown(rawStale)}.`);
    }
  }
  const pushgateway = {
    url,
    pollIntervalMs: seconds(SETTING.pushgatewayPollInterval, fallback.pushgateway.pollIntervalMs),
    staleAfter,
    staleAfterMs,
    timeoutMs: seconds(SETTING.pushgatewayTimeout, fallback.pushgateway.timeoutMs),
  };

  const urls = stringList(SETTING.scrapeUrls, fallback.scrape.urls, (s) => {
    const problem = checkHttpUrl(normalizeTargetUrl(s), false);
    return problem === undefined ? undefined : `${shown(s)} is not a /metrics URL (http://host:port/metrics, or host:port).`;
  }).map(normalizeTargetUrl);
  const fileSdPaths = stringList(SETTING.scrapeFileSdPaths, fallback.scrape.fileSdPaths, () => undefined);
  const scrape = {
    urls: [...new Set(urls)],
    fileSdPaths,
    intervalMs: seconds(SETTING.scrapeInterval, fallback.scrape.intervalMs),
    timeoutMs: seconds(SETTING.scrapeTimeout, fallback.scrape.timeoutMs),
  };
  const prometheusPort = wholeNumber(SETTING.prometheusPort, 0, 65535, fallback.prometheus.port);
  let expireAfter = fallback.prometheus.expireAfter;
  let expireAfterMs = fallback.prometheus.expireAfterMs;
  const rawExpire = get(SETTING.prometheusExpireAfter);
  if (isSet(rawExpire)) {
    const ms = typeof rawExpire === 'string' ? durationOrUndefined(rawExpire) : undefined;
    if (ms !== undefined && ms > 0) {
      expireAfter = (rawExpire as string).trim();
      expireAfterMs = ms;
    } else {
      problems.push(`${name(SETTING.prometheusExpireAfter)} must be a duration such as 90s, 5m or 1h (a number and a unit: ms, s, m, h, d, w), not ${shown(rawExpire)}.`);
    }
  }
  const prometheus = { port: prometheusPort, expireAfter, expireAfterMs };
  const queryApi = {
    enabled: boolean(SETTING.queryApiEnabled, fallback.queryApi.enabled),
    allowNonLoopback: boolean(SETTING.queryApiAllowNonLoopback, fallback.queryApi.allowNonLoopback),
  };
  const persistence = { enabled: boolean(SETTING.persistenceEnabled, fallback.persistence.enabled), maxSizeBytes: fallback.persistence.maxSizeBytes };
  const rawSize = get(SETTING.persistenceMaxSize);
  if (isSet(rawSize)) {
    const bytes = typeof rawSize === 'string' || typeof rawSize === 'number' ? parseByteSize(rawSize) : undefined;
    const { min, max } = PERSISTENCE_SIZE_RANGE;
    if (bytes !== undefined && bytes >= min && bytes <= max) persistence.maxSizeBytes = bytes;
    else problems.push(`${name(SETTING.persistenceMaxSize)} must be a size from ${formatByteSize(min)} to ${formatByteSize(max)} such as 256MB or 1GB, not ${shown(rawSize)}.`);
  }
  return { settings: { receiver: { host, port, autoStart }, grpc, limits, pushgateway, scrape, prometheus, queryApi, persistence }, problems };
}

/** The engine's Prometheus options for these settings: port 0 means "no port of its own". */
export function prometheusOptions(settings: Settings['prometheus']): Partial<PrometheusOptions> {
  return { port: settings.port === 0 ? undefined : settings.port, expireAfterMs: settings.expireAfterMs };
}

function durationOrUndefined(text: string): number | undefined {
  try {
    return parseDuration(text);
  } catch (e) {
    if (e instanceof DurationError) return undefined;
    throw e;
  }
}

/** undefined when `text` is an http(s) URL with a host (or empty, when allowed), else why not. */
function checkHttpUrl(text: string, allowEmpty: boolean): string | undefined {
  if (text === '') return allowEmpty ? undefined : 'empty';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'not http or https';
  if (!url.hostname) return 'no host';
  return undefined;
}

/**
 * file_sd paths as the scraper reads them: absolute ones as they are, `~/` from the home folder, relative ones
 * against the first workspace folder. Without a folder a relative path cannot be placed: it is reported, not guessed.
 */
export function resolveFileSdPaths(paths: readonly string[], folder: string | undefined, home: string): { paths: string[]; problems: string[] } {
  const out: string[] = [];
  const problems: string[] = [];
  for (const p of paths) {
    if (p === '~' || p.startsWith('~/')) out.push(path.join(home, p.slice(1)));
    else if (path.isAbsolute(p)) out.push(path.normalize(p));
    else if (folder) out.push(path.resolve(folder, p));
    else problems.push(`${SECTION}.${SETTING.scrapeFileSdPaths}: "${p}" is relative, but no folder is open to resolve it against; use an absolute path.`);
  }
  return { paths: [...new Set(out)], problems };
}
