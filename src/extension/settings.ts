/**
 * The extension's settings (`telemetryInspector.*`), read and checked in one place. Pure: it takes a getter,
 * so it runs in unit tests without VS Code. The JSON schema in package.json only warns in the Settings
 * editor; a hand-edited settings.json can hold anything, so every value is checked here again.
 */
import { DEFAULT_HOST, DEFAULT_HTTP_PORT } from '../core/otlp/receiverOptions';
import { DEFAULT_STORE_LIMITS, type StoreLimits } from '../core/store/limits';

export const SECTION = 'telemetryInspector';

/** Keys relative to SECTION. */
export const SETTING = {
  host: 'receiver.host',
  port: 'receiver.port',
  autoStart: 'receiver.autoStart',
  maxSpans: 'store.maxSpans',
  maxLogRecords: 'store.maxLogRecords',
  maxPointsPerSeries: 'store.maxPointsPerSeries',
  maxSeriesPerStream: 'store.maxSeriesPerStream',
  maxInstances: 'store.maxInstances',
} as const;

export interface Settings {
  receiver: { host: string; port: number; autoStart: boolean };
  limits: StoreLimits;
}

export interface SettingsRead {
  /** Valid values; a bad one is replaced by `fallback`'s value for it. */
  settings: Settings;
  /** One sentence per bad value, naming the full setting. */
  problems: string[];
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  receiver: { host: DEFAULT_HOST, port: DEFAULT_HTTP_PORT, autoStart: true },
  limits: { ...DEFAULT_STORE_LIMITS },
});

/** Upper bounds of the caps, as in package.json: past them memory use stops being "a sidebar". */
export const LIMIT_MAX: Readonly<StoreLimits> = Object.freeze({
  maxSpans: 10_000_000,
  maxLogRecords: 10_000_000,
  maxPointsPerSeries: 100_000,
  maxSeriesPerStream: 1_000_000,
  maxInstances: 100_000,
});

export type SettingGetter = (key: string) => unknown;

/** Reads every setting; a missing value takes the default, a bad one is reported and takes `fallback`'s. */
export function readSettings(get: SettingGetter, fallback: Settings = DEFAULT_SETTINGS): SettingsRead {
  const problems: string[] = [];
  const name = (key: string) => `${SECTION}.${key}`;
  const shown = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v) ?? v));

  const wholeNumber = (key: string, min: number, max: number, fb: number): number => {
    const v = get(key);
    if (v === undefined || v === null) return fb;
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
    problems.push(`${name(key)} must be a whole number from ${min} to ${max.toLocaleString('en-US')}, not ${shown(v)}.`);
    return fb;
  };

  let host = fallback.receiver.host;
  const rawHost = get(SETTING.host);
  if (rawHost !== undefined && rawHost !== null) {
    if (typeof rawHost === 'string' && /^\[?[A-Za-z0-9._:%-]+\]?$/.test(rawHost.trim())) host = rawHost.trim().replace(/^\[(.*)\]$/, '$1');
    else problems.push(`${name(SETTING.host)} must be an address to listen on, such as 127.0.0.1, ::1 or 0.0.0.0, not ${shown(rawHost)}.`);
  }
  const port = wholeNumber(SETTING.port, 0, 65535, fallback.receiver.port);
  let autoStart = fallback.receiver.autoStart;
  const rawAuto = get(SETTING.autoStart);
  if (typeof rawAuto === 'boolean') autoStart = rawAuto;
  else if (rawAuto !== undefined && rawAuto !== null) problems.push(`${name(SETTING.autoStart)} must be true or false, not ${shown(rawAuto)}.`);

  const limits = {} as StoreLimits;
  for (const k of Object.keys(DEFAULT_STORE_LIMITS) as (keyof StoreLimits)[]) {
    limits[k] = wholeNumber(SETTING[k], 1, LIMIT_MAX[k], fallback.limits[k]);
  }
  return { settings: { receiver: { host, port, autoStart }, limits }, problems };
}
