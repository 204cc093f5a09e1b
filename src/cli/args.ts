/** The CLI's flags, parsed by hand: a handful of options does not need a dependency. */
export interface RunOptions {
  command: 'run';
  host?: string;
  port?: number;
  json: boolean;
  forSeconds?: number;
  maxSpans?: number;
  maxLogRecords?: number;
  maxPointsPerSeries?: number;
  maxSeriesPerStream?: number;
  maxInstances?: number;
}

export type CliCommand = RunOptions | { command: 'help' } | { command: 'version' };

export class UsageError extends Error {}

export const USAGE = `Usage: telemetry-inspector [options]

Runs an OTLP receiver and shows a live tree of the instances that send to it:
service → instance → signals (count, last seen) → metrics with latest values, traces, logs.

Options:
  --host <address>          listen address (default 127.0.0.1; 0.0.0.0 exposes it to the network)
  --port <port>             OTLP/HTTP port (default 4318; 0 picks a free one)
  --json                    print a JSON snapshot of everything received when it exits
  --for <seconds>           exit by itself after this many seconds
  --max-spans <n>           spans kept (default 100000); the oldest go first
  --max-log-records <n>     log records kept (default 50000)
  --max-points <n>          points kept per series (default 500)
  --max-series <n>          series kept per metric stream (default 1000)
  --max-instances <n>       instances kept (default 200)
  -h, --help                this text
  -v, --version             the version

Point an app at it:
  export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318
  export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf

Exits 0 on Ctrl+C, SIGTERM or when --for ends; 1 when the port is taken or a flag is wrong.`;

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
      case '--json':
        run.json = true;
        break;
      case '--for': {
        const v = value();
        const n = Number(v);
        if (v === undefined || !Number.isFinite(n) || n <= 0) throw new UsageError(`--for must be a number of seconds above 0, got "${v ?? ''}"`);
        run.forSeconds = n;
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
