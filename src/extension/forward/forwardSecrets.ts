/** Header values of forward upstreams in VS Code's SecretStorage (the OS keychain), one secret per URL and header name. */
import type * as vscode from 'vscode';
import type { ForwardEndpointSetting } from './forwardSettings';

const PREFIX = 'telemetryInspector.forward.header';

/** The secret's key: URL and header name, so two upstreams keep separate tokens. */
export function secretKey(url: string, header: string): string {
  return `${PREFIX}:${url}:${header.toLowerCase()}`;
}

export function isForwardSecretKey(key: string): boolean {
  return key.startsWith(`${PREFIX}:`);
}

/** The stored value of each header an endpoint names; names without a stored value are listed as missing. */
export async function readHeaderValues(secrets: vscode.SecretStorage, endpoint: ForwardEndpointSetting): Promise<{ values: Record<string, string>; missing: string[] }> {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const h of endpoint.headers) {
    const v = await secrets.get(secretKey(endpoint.url, h));
    if (v === undefined) missing.push(h);
    else values[h] = v;
  }
  return { values, missing };
}
