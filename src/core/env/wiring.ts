/**
 * What a process started in a wired VS Code terminal or debug session gets in its environment: the same
 * variables as the env snippet, for the running receiver, minus every variable the user set already (their
 * value wins), plus OTEL_RESOURCE_ATTRIBUTES when they set none: the wired-by mark, and for a debug session an
 * instance id of its own so two sessions of one app are two instances.
 */
import { envVariables, type EnvVariable, type TelemetryTarget } from './snippet';
import { WIRED_BY_ATTRIBUTE, type WiredVia } from './wiredBy';

/** The setting telemetryInspector.wireTerminals. */
export type WiringMode = 'ask' | 'always' | 'never';

const WIRING_MODES: readonly WiringMode[] = ['ask', 'always', 'never'];

export function isWiringMode(value: unknown): value is WiringMode {
  return WIRING_MODES.includes(value as WiringMode);
}

/** On or off, from the setting and, for 'ask', the answer this workspace gave (undefined: not asked yet). */
export function wiringOn(mode: WiringMode, answer: boolean | undefined): boolean {
  return mode === 'always' || (mode === 'ask' && answer === true);
}

export const RESOURCE_ATTRIBUTES = 'OTEL_RESOURCE_ATTRIBUTES';

export interface WiringInput {
  target: TelemetryTarget;
  via: WiredVia;
  /** Whether the user already set a variable (any value, or explicitly unset): it is then left alone. */
  userSet: (name: string) => boolean;
  /** Debug sessions: service.instance.id for this session. */
  instanceId?: string;
}

/** The variables to add, in the snippet's order, then OTEL_RESOURCE_ATTRIBUTES. */
export function wiringVariables(input: WiringInput): EnvVariable[] {
  const vars = envVariables(input.target).filter(([name]) => !input.userSet(name));
  if (!input.userSet(RESOURCE_ATTRIBUTES)) {
    const attributes: [string, string][] = [];
    if (input.instanceId) attributes.push(['service.instance.id', input.instanceId]);
    attributes.push([WIRED_BY_ATTRIBUTE, input.via]);
    vars.push([RESOURCE_ATTRIBUTES, resourceAttributesValue(attributes)]);
  }
  return vars;
}

/**
 * OTEL_RESOURCE_ATTRIBUTES text: key=value pairs joined by commas. The SDK specification has ',' and '=' in keys
 * and values percent-encoded and the SDKs percent-decode them, so anything but the unreserved URI characters is encoded.
 */
export function resourceAttributesValue(attributes: readonly (readonly [string, string])[]): string {
  return attributes.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join(',');
}

/**
 * Hands out "<session name>-<n>" instance ids: n counts the sessions of that name wired in this window, from 1,
 * so a second session of the same launch configuration is a second Instance.
 */
export class SessionInstanceIds {
  private readonly counts = new Map<string, number>();

  next(sessionName: string): string {
    const name = sessionName.trim() || 'debug';
    const n = (this.counts.get(name) ?? 0) + 1;
    this.counts.set(name, n);
    return `${name}-${n}`;
  }
}

/**
 * The variable names a .env file (a launch configuration's envFile) sets: NAME=value lines, optionally after
 * `export `; comments, blank lines and anything else are skipped. Only the names matter here: the debugger reads the values.
 */
export function envFileNames(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=/.exec(line);
    if (m && !names.includes(m[1])) names.push(m[1]);
  }
  return names;
}
