import { httpUrl, type TelemetryTarget } from './snippet';

/**
 * Where the app that reads the snippet runs decides the host it must use to reach the receiver
 * (and the Pushgateway): this machine, a Docker or Podman container on it, or another machine.
 */
export type AppLocation = 'local' | 'docker' | 'podman' | 'other';

export interface AppLocationInfo {
  id: AppLocation;
  label: string;
  detail: string;
}

export const APP_LOCATIONS: readonly AppLocationInfo[] = [
  { id: 'local', label: 'This machine', detail: "the receiver's own address (127.0.0.1 when it listens on every interface)" },
  { id: 'docker', label: 'Docker container', detail: 'host.docker.internal' },
  { id: 'podman', label: 'Podman container', detail: 'host.containers.internal' },
  { id: 'other', label: 'Another host', detail: 'a host name or address you give' },
];

export function isAppLocation(value: unknown): value is AppLocation {
  return APP_LOCATIONS.some((l) => l.id === value);
}

const DEFAULT_OTLP_HTTP_PORT = 4318;
const DEFAULT_OTLP_GRPC_PORT = 4317;

export interface EnvTargetInput {
  location: AppLocation;
  /** The host the app should use: required for 'other', and overrides the derived host for the rest. */
  host?: string;
  /** Where the receiver listens. */
  receiver: { host: string; httpPort?: number; grpcPort?: number };
  /** Point the app at the gRPC receiver (OTEL_EXPORTER_OTLP_PROTOCOL=grpc, port 4317 by default). */
  grpc?: boolean;
  serviceName?: string;
  /** The Pushgateway the app should push to, as the inspector reaches it. */
  pushgatewayUrl?: string;
  /** Decides the Docker-on-Linux note (default: this process's platform). */
  platform?: NodeJS.Platform;
}

export interface EnvTargetResult {
  target: TelemetryTarget;
  /** The host the app uses for the receiver. */
  appHost: string;
  /** Things that will not work as written, or need one more step, in words for the user. */
  warnings: string[];
}

export class EnvTargetError extends Error {}

const CONTAINER_HOST: Record<'docker' | 'podman', string> = { docker: 'host.docker.internal', podman: 'host.containers.internal' };

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::ffff:127.0.0.1';
}

function isWildcardHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === '0.0.0.0' || h === '::' || h === '';
}

/** The receiver's address as an app on this machine dials it: a wildcard bind is reached on 127.0.0.1. */
function localDialHost(listenHost: string): string {
  return isWildcardHost(listenHost) ? '127.0.0.1' : listenHost;
}

/**
 * Works out the endpoint variables for where the app runs, with a warning when that cannot work
 * (a receiver on loopback only and an app in a container or on another machine).
 */
export function resolveEnvTarget(input: EnvTargetInput): EnvTargetResult {
  const warnings: string[] = [];
  const listen = input.receiver.host;
  const grpc = input.grpc === true;
  const port = grpc ? (input.receiver.grpcPort ?? DEFAULT_OTLP_GRPC_PORT) : (input.receiver.httpPort ?? DEFAULT_OTLP_HTTP_PORT);
  const given = input.host?.trim();
  if (input.location === 'other' && !given) throw new EnvTargetError('an app on another host needs the host name or address it should use (--host)');

  let appHost: string;
  if (given) appHost = given;
  else if (input.location === 'local') appHost = localDialHost(listen);
  else appHost = CONTAINER_HOST[input.location as 'docker' | 'podman'];

  const away = input.location !== 'local';
  if (away && isLoopbackHost(listen)) {
    const where = input.location === 'other' ? 'another machine' : `a ${input.location === 'docker' ? 'Docker' : 'Podman'} container`;
    warnings.push(
      `The receiver listens on ${listen} (loopback only), so an app in ${where} cannot reach it at ${appHost}:${port}. ` +
        'Make it listen on 0.0.0.0 (the host setting, or --host 0.0.0.0 for the CLI); that exposes it to your network.',
    );
  }
  if (input.location === 'docker' && !given && (input.platform ?? process.platform) === 'linux') {
    warnings.push('On Linux, host.docker.internal exists only when the container is started with --add-host=host.docker.internal:host-gateway (extra_hosts in compose).');
  }

  let pushgatewayUrl = input.pushgatewayUrl?.trim() || undefined;
  if (pushgatewayUrl && away) {
    let url: URL | undefined;
    try {
      url = new URL(pushgatewayUrl);
    } catch {
      warnings.push(`The Pushgateway URL "${pushgatewayUrl}" is not a URL; it is written as given.`);
    }
    if (url && (isLoopbackHost(url.hostname) || isWildcardHost(url.hostname))) {
      url.hostname = appHost.includes(':') && !appHost.startsWith('[') ? `[${appHost}]` : appHost;
      pushgatewayUrl = url.href.replace(/\/$/, '');
      warnings.push(`The Pushgateway URL names this machine's loopback; the app gets ${pushgatewayUrl}, which works only if the Pushgateway listens beyond loopback (for example --web.listen-address=:9091).`);
    }
  }

  const target: TelemetryTarget = {
    otlpHttpEndpoint: httpUrl(appHost, port),
    protocol: grpc ? 'grpc' : 'http/protobuf',
  };
  if (input.serviceName) target.serviceName = input.serviceName;
  if (pushgatewayUrl) target.pushgatewayUrl = pushgatewayUrl;
  return { target, appHost, warnings };
}
