import { FORWARD_PROTOCOLS, resolveUpstream, UpstreamConfigError, type ForwardProtocol, type UpstreamConfig } from '../core/forward/upstream';
import { parseDuration } from '../core/pushgateway/duration';
import { filterFlag, TraceFilterError, traceQueryParams, withFilterParam, type TraceQuery } from '../core/search/traceFilter';
import { formatByteSize, MIN_MEMORY_BYTES, parseByteSize } from '../core/store/limits';
import type { QueryApiOptions } from '../core/query/queryApiOptions';
import { headerFlag, signalsFlag } from './flags';

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
  /** The trace filter flags (--error, --min-duration, --attr …): they filter the snapshot's traces, or `traces`' list. */
  traceQuery?: TraceQuery;
  /** The `traces` command: the matching traces are printed at the end instead of the tree or the snapshot. */
  traces?: boolean;
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
  /** --forward, repeatable, each with the --forward-* flags after it: upstreams every accepted request goes on to. */
  forward?: UpstreamConfig[];
  /** --record: every accepted request appended to this OTLP JSON Lines file (captures). */
  record?: string;
  /** --data-dir: keep accepted requests in segment files here and restore them at start (captures). */
  dataDir?: string;
  /** --data-budget-mb: bytes the data dir holds at most (captures). */
  dataBudgetBytes?: number;
  /** --no-query-api, --query-api-non-loopback: the read-only query API at GET /api/v1/ on the OTLP/HTTP port. */
  queryApi?: Partial<QueryApiOptions>;
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
  --forward <url>           also send every accepted request to this OTLP endpoint (repeatable), such as
                            http://collector:4318; the flags below apply to the --forward before them
  --forward-protocol <p>    http/protobuf (default), http/json or grpc (then the URL is http://host:4317)
  --forward-header <k=v>    a header sent upstream (repeatable); k=env:NAME takes the value from $NAME, so a
                            token stays out of the command line: --forward-header authorization=env:UPSTREAM_TOKEN
  --forward-signals <list>  the signals this upstream takes, such as traces (default traces,metrics,logs)
  --forward-queue-mb <n>    queue per upstream while it is slow or down, in MB (default 64); past it new
                            requests are dropped and counted
  --record <file>           append every accepted request to this OTLP JSON Lines file as it arrives (the
                            Collector's file format; .gz compresses it), for export, replay or sharing
  --data-dir <dir>          keep what arrives in segment files in this directory and load it again at the next
                            start (what \`export --dir\` reads)
  --data-budget-mb <n>      megabytes the data dir holds at most (default 256); the oldest data goes first
  --no-query-api            no read-only query API at GET /api/v1/… on the OTLP/HTTP port (it answers loopback
                            clients only; agents read it through telemetry-inspector mcp)
  --query-api-non-loopback  serve the query API when --host is beyond loopback too (off by default)
  -h, --help                this text
  -v, --version             the version

With --json, the trace filter of the traces command (--error, --min-duration, --max-duration, --service,
--instance, --name, --exact-name, --attr k=v, --since, --until, --limit) keeps only the matching traces.

Commands:
  telemetry-inspector clean-stale --older-than 10m [--pushgateway URL] [--match label=regex] [--dry-run] [--yes]
                            delete stale Pushgateway groups (see clean-stale --help)
  telemetry-inspector env [--format fish] [--target docker] [--grpc] [--service-name x]
                            print the environment that points an app here (see env --help)
  telemetry-inspector traces [--error] [--min-duration 200ms] [--attr http.route=/checkout] [--for 60]
                            receive, then list the traces that match, newest first (see traces --help)
  telemetry-inspector export --dir <data dir> [--trace ID] [--instance I] [--since T] -o capture.jsonl
                            write kept data as OTLP JSON Lines (see export --help)
  telemetry-inspector replay capture.jsonl [--to URL] [--protocol grpc] [--speed 10 | --now] [--shift-to-now]
                            send a capture to an OTLP endpoint (see replay --help)
  telemetry-inspector mcp [--attach http://127.0.0.1:4318]
                            serve the agent tools over MCP (stdio), reading a running inspector (see mcp --help)

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

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliCommand {
  const run: RunOptions = { command: 'run', json: false };
  let queueBytes: number | undefined;
  /** The --forward the --forward-* flags apply to: the last one given. */
  const lastForward = (flag: string): UpstreamConfig => {
    const last = run.forward?.[run.forward.length - 1];
    if (!last) throw new UsageError(`${flag} applies to the --forward URL before it: give --forward first`);
    return last;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => (inline !== undefined ? inline : argv[++i]);
    if (traceFlag(run, i, arg, flag, inline, value)) continue;
    if (queryApiFlag(run, flag)) continue;
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
      case '--forward': {
        const v = value();
        if (!v || v.startsWith('--')) throw new UsageError('--forward needs a URL, such as http://127.0.0.1:4318');
        (run.forward ??= []).push({ url: v });
        break;
      }
      case '--forward-protocol': {
        const v = value() as ForwardProtocol | undefined;
        if (!v || !FORWARD_PROTOCOLS.includes(v)) throw new UsageError(`--forward-protocol must be one of ${FORWARD_PROTOCOLS.join(', ')}, got "${v ?? ''}"`);
        lastForward(flag).protocol = v;
        break;
      }
      case '--forward-header': {
        const [name, headerValue] = headerFlag(flag, value() ?? '', env);
        const target = lastForward(flag);
        target.headers = { ...target.headers, [name]: headerValue };
        break;
      }
      case '--forward-signals':
        lastForward(flag).signals = signalsFlag(flag, value() ?? '');
        break;
      case '--forward-queue-mb':
        queueBytes = wholeNumber(flag, value(), 1, 65536) * 1024 * 1024;
        break;
      case '--record':
      case '--data-dir': {
        const v = value();
        if (!v || v.startsWith('--')) throw new UsageError(`${flag} needs a ${flag === '--record' ? 'file' : 'directory'}`);
        if (flag === '--record') run.record = v;
        else run.dataDir = v;
        break;
      }
      case '--data-budget-mb':
        run.dataBudgetBytes = wholeNumber(flag, value(), 1, 1024 * 1024) * 1024 * 1024;
        break;
      default:
        throw new UsageError(`unknown option "${arg}" (see --help)`);
    }
  }
  for (const f of run.forward ?? []) {
    if (queueBytes !== undefined) f.queueBytes = queueBytes;
    try {
      resolveUpstream(f);
    } catch (err) {
      if (err instanceof UpstreamConfigError) throw new UsageError(`--forward: ${err.message}`);
      throw err;
    }
  }
  if (run.traceQuery && !run.json && !run.traces) throw new UsageError(`--${traceQueryParams(run.traceQuery)[0]?.[0] ?? 'limit'} filters traces: use it with --json, or run telemetry-inspector traces`);
  return run;
}

/**
 * The `traces` word (first) and the trace filter flags, which `traces` and `--json` share; false for any other
 * argument. Each flag is checked with the filter as a whole (`--min-duration` above `--max-duration` is refused).
 */
function traceFlag(run: RunOptions, i: number, arg: string, flag: string, inline: string | undefined, value: () => string | undefined): boolean {
  if (i === 0 && arg === 'traces') {
    run.traces = true;
    return true;
  }
  const filter = filterFlag(flag);
  if (!filter) return false;
  const v = filter.takesValue ? value() : (inline ?? '');
  if (v === undefined || (filter.takesValue && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
  try {
    run.traceQuery = withFilterParam(run.traceQuery, filter.param, v, { spell: (p) => `--${p}` });
  } catch (err) {
    if (err instanceof TraceFilterError) throw new UsageError(err.message);
    throw err;
  }
  return true;
}

/** The query API's flags (read before the main switch, like the trace filter's). */
function queryApiFlag(run: RunOptions, flag: string): boolean {
  if (flag === '--no-query-api') run.queryApi = { ...run.queryApi, enabled: false };
  else if (flag === '--query-api-non-loopback') run.queryApi = { ...run.queryApi, allowNonLoopback: true };
  else return false;
  return true;
}
