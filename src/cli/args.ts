import { parseDuration } from '../core/pushgateway/duration';
import { formatByteSize, MIN_MEMORY_BYTES, parseByteSize } from '../core/store/limits';

/** The CLI's flags, parsed by hand: a handful of options does not need a dependency. */
export interface RunOptions {
  command: 'run';
  host?: string;
  port?: number;
  grpcPort?: number;
  /** --no-grpc: OTLP/HTTP only. */
  noGrpc?: boolean;
  json: boolean;
  forSeconds?: number;
  /** --max-memory: the store's memory budget in bytes. */
  maxMemoryBytes?: number;
  maxSpans?: number;
  maxLogRecords?: number;
  maxPointsPerSeries?: number;
  maxSeriesPerStream?: number;
  maxInstances?: number;
  /** --pushgateway (else $PUSHGATEWAY_URL): the gateway whose groups are polled. */
  pushgateway?: string;
  /** --stale-after: groups older than this are marked stale. */
  staleAfterMs?: number;
  /** --scrape, repeatable: /metrics URLs. */
  scrapeUrls?: string[];
  /** --file-sd, repeatable: Prometheus file_sd JSON files. */
  fileSdPaths?: string[];
  /** --metrics-port: GET /metrics (the Prometheus exposition) on a loopback port of its own too; 0 picks a free one. */
  metricsPort?: number;
  /** --metrics-expire: a series that stops arriving leaves /metrics after this long. */
  metricsExpireMs?: number;
}

export type CliCommand = RunOptions | { command: 'help' } | { command: 'version' };

export class UsageError extends Error {}

export const USAGE = `Usage: telemetry-inspector [options]

Runs an OTLP receiver and shows a live tree of the instances that send to it:
service → instance → signals (count, last seen) → metrics with latest values, traces, logs.

Options:
  --host <address>          listen address (default 127.0.0.1; 0.0.0.0 exposes it to the network)
  --port <port>             OTLP/HTTP port (default 4318; 0 picks a free one)
  --grpc-port <port>        OTLP/gRPC port (default 4317; 0 picks a free one)
  --no-grpc                 no OTLP/gRPC receiver
  --json                    print a JSON snapshot of everything received when it exits
  --for <seconds>           exit by itself after this many seconds
  --max-memory <size>       memory the stored telemetry may take, e.g. 256MB or 1GB (default 256MB;
                            MB = 1024 x 1024 bytes); past it the oldest data goes first
  --max-spans <n>           spans kept (default 100000); the oldest go first
  --max-log-records <n>     log records kept (default 50000)
  --max-points <n>          points kept per series (default 500)
  --max-series <n>          series kept per metric stream (default 1000)
  --max-instances <n>       instances kept (default 200)
  --pushgateway <url>       poll this Pushgateway's groups (default: $PUSHGATEWAY_URL)
  --stale-after <duration>  mark groups whose last push is older as stale (default 5m)
  --scrape <url>            scrape this /metrics URL (repeatable; host:port means http://host:port/metrics)
  --file-sd <path>          scrape the targets of this Prometheus file_sd JSON file (repeatable; edits apply live)
  --metrics-port <port>     also serve the received metrics for Prometheus at http://127.0.0.1:<port>/metrics
                            (always at /metrics on the OTLP/HTTP port; 0 picks a free port)
  --metrics-expire <dur>    a series that stops arriving leaves /metrics after this long (default 5m)
  -h, --help                this text
  -v, --version             the version

Commands:
  telemetry-inspector clean-stale --older-than 10m [--pushgateway URL] [--match label=regex] [--dry-run] [--yes]
                            delete stale Pushgateway groups (see clean-stale --help)
  telemetry-inspector env [--format fish] [--target docker] [--grpc] [--service-name x]
                            print the environment that points an app here (see env --help)

Point an app at it:
  export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318
  export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
or over gRPC:
  export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317
  export OTEL_EXPORTER_OTLP_PROTOCOL=grpc

Exits 0 on Ctrl+C, SIGTERM or when --for ends; 1 when a flag is wrong, when no receiver could start, or when
a port named with --port, --grpc-port or --metrics-port is taken. A taken default port is a warning: the other receiver runs.`;

function wholeNumber(flag: string, raw: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined || raw.startsWith('--')) throw new UsageError(`${flag} needs a value`);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

export function parseArgs(argv: string[]): CliCommand {
  const run: RunOptions = { command: 'run', json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '-h':
      case '--help':
        return { command: 'help' };
      case '-v':
      case '--version':
        return { command: 'version' };
      case '--host': {
        const v = value();
        if (!v || v.startsWith('--')) throw new UsageError('--host needs an address');
        run.host = v;
        break;
      }
      case '--port':
        run.port = wholeNumber('--port', value(), 0, 65535);
        break;
      case '--grpc-port':
        run.grpcPort = wholeNumber('--grpc-port', value(), 0, 65535);
        break;
      case '--no-grpc':
        run.noGrpc = true;
        break;
      case '--json':
        run.json = true;
        break;
      case '--pushgateway': {
        const v = value();
        if (!v || v.startsWith('--')) throw new UsageError('--pushgateway needs a URL');
        run.pushgateway = v;
        break;
      }
      case '--stale-after': {
        const v = value();
        try {
          run.staleAfterMs = parseDuration(v ?? '');
        } catch (err) {
          throw new UsageError(`--stale-after: ${(err as Error).message}`);
        }
        break;
      }
      case '--scrape':
      case '--file-sd': {
        const v = value();
        if (!v || v.startsWith('--')) throw new UsageError(`${flag} needs a ${flag === '--scrape' ? 'URL' : 'path'}`);
        if (flag === '--scrape') (run.scrapeUrls ??= []).push(v);
        else (run.fileSdPaths ??= []).push(v);
        break;
      }
      case '--metrics-port':
        run.metricsPort = wholeNumber(flag, value(), 0, 65535);
        break;
      case '--metrics-expire': {
        const v = value();
        try {
          run.metricsExpireMs = parseDuration(v ?? '');
        } catch (err) {
          throw new UsageError(`--metrics-expire: ${(err as Error).message}`);
        }
        if (run.metricsExpireMs <= 0) throw new UsageError('--metrics-expire must be longer than 0');
        break;
      }
      case '--for': {
        const v = value();
        const n = Number(v);
        if (v === undefined || !Number.isFinite(n) || n <= 0) throw new UsageError(`--for must be a number of seconds above 0, got "${v ?? ''}"`);
        run.forSeconds = n;
        break;
      }
      case '--max-memory': {
        const raw = value();
        if (raw === undefined || raw.startsWith('--')) throw new UsageError(`${flag} needs a value`);
        const bytes = parseByteSize(raw);
        if (bytes === undefined || bytes < MIN_MEMORY_BYTES) throw new UsageError(`${flag} must be a size of at least ${formatByteSize(MIN_MEMORY_BYTES)} such as 256MB or 1GB, got "${raw}"`);
        run.maxMemoryBytes = bytes;
        break;
      }
      case '--max-spans':
        run.maxSpans = wholeNumber(flag, value(), 1);
        break;
      case '--max-log-records':
        run.maxLogRecords = wholeNumber(flag, value(), 1);
        break;
      case '--max-points':
        run.maxPointsPerSeries = wholeNumber(flag, value(), 1);
        break;
      case '--max-series':
        run.maxSeriesPerStream = wholeNumber(flag, value(), 1);
        break;
      case '--max-instances':
        run.maxInstances = wholeNumber(flag, value(), 1);
        break;
      default:
        throw new UsageError(`unknown option "${arg}" (see --help)`);
    }
  }
  return run;
}
