import { EnvTargetError, isAppLocation, resolveEnvTarget, type AppLocation } from '../core/env/target';
import { isSnippetFormat, renderEnvSnippet, SnippetError, SNIPPET_FORMATS, type SnippetFormat } from '../core/env/snippet';
import { resolvePushgatewayUrl } from '../core/pushgateway/poller';
import { UsageError } from './args';
import { eachFlag } from './flags';

export const ENV_USAGE = `Usage: telemetry-inspector env [options]

Prints the environment an app needs to send its telemetry to the inspector, in the format you paste
it into. Warnings (e.g. a receiver on loopback with the app in a container) go to stderr.

Options:
  --format <format>         ${SNIPPET_FORMATS.map((f) => f.id).join(', ')} (default bash; zsh and sh mean bash,
                            pwsh means powershell, env means dotenv)
  --target <where>          where the app runs: local (default), docker, podman, other
  --host <host>             the host the app should use (needed with --target other)
  --listen <address>        the address the receiver listens on (default 127.0.0.1)
  --port <port>             the receiver's port (default 4318, or 4317 with --grpc)
  --grpc                    point the app at the OTLP/gRPC receiver
  --service-name <name>     also set OTEL_SERVICE_NAME
  --pushgateway <url>       also set PUSHGATEWAY_URL (default: $PUSHGATEWAY_URL when set)
  -h, --help                this text`;

export interface EnvCommandOptions {
  format: SnippetFormat;
  location: AppLocation;
  host?: string;
  listen: string;
  port?: number;
  grpc: boolean;
  serviceName?: string;
  pushgatewayUrl?: string;
}

const FORMAT_ALIASES: Record<string, SnippetFormat> = {
  zsh: 'bash',
  sh: 'bash',
  pwsh: 'powershell',
  env: 'dotenv',
  '.env': 'dotenv',
  compose: 'docker-compose',
  'launch.json': 'launch-json',
};

const LOCATION_ALIASES: Record<string, AppLocation> = { this: 'local', host: 'local', machine: 'local' };

export function parseEnvArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): EnvCommandOptions | 'help' {
  const options: EnvCommandOptions = { format: 'bash', location: 'local', listen: '127.0.0.1', grpc: false };
  let help = false;
  let pushgateway: string | undefined;
  eachFlag(argv, (flag, value) => {
    switch (flag) {
      case '-h':
      case '--help':
        help = true;
        break;
      case '--format': {
        const v = value().toLowerCase();
        const format = FORMAT_ALIASES[v] ?? v;
        if (!isSnippetFormat(format)) throw new UsageError(`--format must be one of ${SNIPPET_FORMATS.map((f) => f.id).join(', ')}; got "${v}"`);
        options.format = format;
        break;
      }
      case '--target': {
        const v = value().toLowerCase();
        const location = LOCATION_ALIASES[v] ?? v;
        if (!isAppLocation(location)) throw new UsageError(`--target must be local, docker, podman or other; got "${v}"`);
        options.location = location;
        break;
      }
      case '--host':
        options.host = value();
        break;
      case '--listen':
        options.listen = value();
        break;
      case '--port': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`--port must be a port from 1 to 65535, got "${v}"`);
        options.port = n;
        break;
      }
      case '--grpc':
        options.grpc = true;
        break;
      case '--service-name':
        options.serviceName = value();
        break;
      case '--pushgateway':
        pushgateway = value();
        break;
      default:
        throw new UsageError(`unknown option "${flag}" for env (see env --help)`);
    }
  });
  if (help) return 'help';
  options.pushgatewayUrl = resolvePushgatewayUrl(pushgateway, env);
  return options;
}

interface Output {
  write(text: string): unknown;
}

/** Prints the snippet; returns the exit code. */
export function envCommand(options: EnvCommandOptions, out: Output = process.stdout, err: Output = process.stderr): number {
  try {
    const { target, warnings } = resolveEnvTarget({
      location: options.location,
      host: options.host,
      receiver: { host: options.listen, httpPort: options.grpc ? undefined : options.port, grpcPort: options.grpc ? options.port : undefined },
      grpc: options.grpc,
      serviceName: options.serviceName,
      pushgatewayUrl: options.pushgatewayUrl,
    });
    const text = renderEnvSnippet({ format: options.format, variables: target });
    for (const w of warnings) err.write(`warning: ${w}\n`);
    out.write(text);
    return 0;
  } catch (e) {
    if (e instanceof EnvTargetError || e instanceof SnippetError) {
      err.write(`telemetry-inspector: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
