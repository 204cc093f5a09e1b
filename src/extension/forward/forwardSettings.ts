/**
 * The forward settings (`telemetryInspector.forward.*`), read and checked without VS Code: which upstreams,
 * their protocol and signals, and the NAMES of their headers. Header values never live in settings.json; they
 * are in SecretStorage (forwardSecrets.ts) and joined to these names when the upstreams are built.
 */
import { FORWARD_PROTOCOLS, resolveUpstream, type ForwardProtocol, type UpstreamConfig } from '../../core/forward/upstream';
import { SIGNALS, type Signal } from '../../core/model/records';

export const FORWARD_SECTION = 'telemetryInspector.forward';
export const FORWARD_SETTING = { endpoints: 'endpoints', queueSizeMb: 'queueSizeMb' } as const;
const DEFAULT_QUEUE_MB = 64;

export interface ForwardEndpointSetting {
  url: string;
  protocol: ForwardProtocol;
  signals: Signal[];
  /** Header names; their values come from SecretStorage. */
  headers: string[];
}

export interface ForwardSettingsRead {
  endpoints: ForwardEndpointSetting[];
  queueBytes: number;
  /** One sentence per entry that cannot be used (it is left out; the others still forward). */
  problems: string[];
}

export function readForwardSettings(get: (key: string) => unknown): ForwardSettingsRead {
  const problems: string[] = [];
  const name = (key: string) => `${FORWARD_SECTION}.${key}`;
  let queueMb = DEFAULT_QUEUE_MB;
  const rawMb = get(FORWARD_SETTING.queueSizeMb);
  if (rawMb !== undefined && rawMb !== null) {
    if (typeof rawMb === 'number' && Number.isInteger(rawMb) && rawMb >= 1 && rawMb <= 4096) queueMb = rawMb;
    else problems.push(`${name(FORWARD_SETTING.queueSizeMb)} must be a whole number of MB from 1 to 4096, not ${JSON.stringify(rawMb)}.`);
  }
  const endpoints: ForwardEndpointSetting[] = [];
  const raw = get(FORWARD_SETTING.endpoints);
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) problems.push(`${name(FORWARD_SETTING.endpoints)} must be a list of {"url", "protocol", "signals", "headers"} entries.`);
  for (const [i, entry] of (Array.isArray(raw) ? raw : []).entries()) {
    const where = `${name(FORWARD_SETTING.endpoints)}[${i}]`;
    if (typeof entry !== 'object' || entry === null || typeof (entry as { url?: unknown }).url !== 'string') {
      problems.push(`${where} needs a "url", such as {"url": "http://127.0.0.1:4318"}.`);
      continue;
    }
    const e = entry as { url: string; protocol?: unknown; signals?: unknown; headers?: unknown };
    const protocol = (e.protocol ?? 'http/protobuf') as ForwardProtocol;
    if (!FORWARD_PROTOCOLS.includes(protocol)) {
      problems.push(`${where}.protocol must be one of ${FORWARD_PROTOCOLS.join(', ')}, not ${JSON.stringify(e.protocol)}.`);
      continue;
    }
    const signals = Array.isArray(e.signals) ? e.signals : [];
    if (e.signals !== undefined && (!Array.isArray(e.signals) || signals.some((s) => !SIGNALS.includes(s as Signal)))) {
      problems.push(`${where}.signals must list some of ${SIGNALS.join(', ')}, not ${JSON.stringify(e.signals)}.`);
      continue;
    }
    const headers = Array.isArray(e.headers) ? e.headers : [];
    if (e.headers !== undefined && (!Array.isArray(e.headers) || headers.some((h) => typeof h !== 'string'))) {
      // Values here would be tokens in settings.json: only names are taken.
      // Not echoed: what was typed there is likely a token.
      problems.push(`${where}.headers must be a list of header NAMES, such as ["authorization"]; their values go to "Telemetry: Set Forward Header Secret…", never to settings.json.`);
      continue;
    }
    const endpoint: ForwardEndpointSetting = { url: e.url.trim(), protocol, signals: signals as Signal[], headers: (headers as string[]).map((h) => h.trim().toLowerCase()).filter(Boolean) };
    try {
      resolveUpstream(toUpstreamConfig(endpoint, {}, queueMb * 1024 * 1024));
    } catch (err) {
      problems.push(`${where}: ${(err as Error).message}.`);
      continue;
    }
    endpoints.push(endpoint);
  }
  return { endpoints, queueBytes: queueMb * 1024 * 1024, problems };
}

/** One endpoint with the header values found for it (names without a stored value are left out). */
export function toUpstreamConfig(endpoint: ForwardEndpointSetting, values: Record<string, string>, queueBytes: number): UpstreamConfig {
  const headers: Record<string, string> = {};
  for (const h of endpoint.headers) if (values[h] !== undefined) headers[h] = values[h];
  return { url: endpoint.url, protocol: endpoint.protocol, signals: endpoint.signals.length ? endpoint.signals : undefined, headers, queueBytes };
}
