/** `telemetry-inspector replay FILE`: a capture sent to an OTLP endpoint, with its timing or as fast as it goes. */
import * as path from 'node:path';
import { CaptureReadError } from '../core/capture/captureSource';
import { replayCapture } from '../core/capture/replay';
import { FORWARD_PROTOCOLS, resolveUpstream, UpstreamConfigError, type ForwardProtocol } from '../core/forward/upstream';
import { UsageError } from './args';
import { eachFlag, headerFlag } from './flags';

export const REPLAY_USAGE = `Usage: telemetry-inspector replay <capture file> [options]

Sends a capture (OTLP JSON Lines, such as --record or export writes, or the Collector's file exporter; a single
OTLP JSON document; .gz too) to an OTLP endpoint: this inspector, a Collector, any OTLP backend. Requests go in
the file's order; the time between two requests is the time between their latest items (span end, point, log).

Options:
  --to <url>                the endpoint (default http://127.0.0.1:4318; http://host:4317 with --protocol grpc)
  --protocol <p>            http/protobuf (default), http/json or grpc
  --header <name=value>     a header sent with every request (repeatable); name=env:VAR reads $VAR
  --speed <n>               n times faster than recorded (default 1: as recorded; 0.5 is half speed)
  --now                     no waiting: every request as soon as the previous one is answered
  --shift-to-now            move every timestamp by the same amount so the capture's latest item is now
                            (default: timestamps as recorded; backends may drop or hide old data)
  -h, --help                this text`;

export interface ReplayCommandOptions {
  file: string;
  to: string;
  protocol: ForwardProtocol;
  headers: Record<string, string>;
  speed: number;
  now: boolean;
  shiftToNow: boolean;
}

export function parseReplayArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ReplayCommandOptions | 'help' {
  let file: string | undefined;
  let to: string | undefined;
  let protocol: ForwardProtocol = 'http/protobuf';
  const headers: Record<string, string> = {};
  let speed: number | undefined;
  let now = false;
  let shiftToNow = false;
  let help = false;
  eachFlag(argv, (flag, value) => {
    switch (flag) {
      case '-h':
      case '--help':
        help = true;
        break;
      case '--to':
        to = value();
        break;
      case '--protocol': {
        const v = value() as ForwardProtocol;
        if (!FORWARD_PROTOCOLS.includes(v)) throw new UsageError(`--protocol must be one of ${FORWARD_PROTOCOLS.join(', ')}, got "${v}"`);
        protocol = v;
        break;
      }
      case '--header': {
        const [name, h] = headerFlag(flag, value(), env);
        headers[name] = h;
        break;
      }
      case '--speed': {
        const v = value();
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--speed must be a number above 0, got "${v}"`);
        speed = n;
        break;
      }
      case '--now':
        now = true;
        break;
      case '--shift-to-now':
        shiftToNow = true;
        break;
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option "${flag}" for replay (see replay --help)`);
        if (file !== undefined) throw new UsageError(`replay sends one capture file, got "${file}" and "${flag}"`);
        file = flag;
    }
  });
  if (help) return 'help';
  if (!file) throw new UsageError('replay needs a capture file (see replay --help)');
  if (now && speed !== undefined) throw new UsageError('--now and --speed cannot go together: --now sends without waiting');
  const url = to ?? ((protocol as ForwardProtocol) === 'grpc' ? 'http://127.0.0.1:4317' : 'http://127.0.0.1:4318');
  try {
    resolveUpstream({ url, protocol, headers });
  } catch (err) {
    if (err instanceof UpstreamConfigError) throw new UsageError(`--to: ${err.message.replace(/^forward /, '')}`);
    throw err;
  }
  return { file, to: url, protocol, headers, speed: speed ?? 1, now, shiftToNow };
}

export async function replayCommand(options: ReplayCommandOptions, err: { write(s: string): unknown } = process.stderr): Promise<number> {
  const file = path.resolve(options.file);
  try {
    const s = await replayCapture(file, { to: options.to, protocol: options.protocol, headers: options.headers, speed: options.speed, asFastAsPossible: options.now, shiftToNow: options.shiftToNow });
    const sent = s.sent.traces + s.sent.metrics + s.sent.logs;
    if (s.problems.count) err.write(`telemetry-inspector: warning: ${s.problems.count} part(s) of ${options.file} could not be used: ${s.problems.text}\n`);
    const shifted = s.shiftedByNs !== 0n ? `, timestamps moved by ${formatShift(s.shiftedByNs)}` : '';
    err.write(`telemetry-inspector: replayed ${sent} request(s) (${s.items.spans} spans, ${s.items.points} points, ${s.items.logRecords} log records) to ${options.to} over ${options.protocol} in ${(s.elapsedMs / 1000).toFixed(1)} s${shifted}\n`);
    if (s.failed) {
      err.write(`telemetry-inspector: ${s.failed} request(s) were not accepted; first: ${s.firstError}\n`);
      return 1;
    }
    return sent === 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof CaptureReadError) {
      err.write(`telemetry-inspector: replay: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

function formatShift(ns: bigint): string {
  const s = Number(ns / 1_000_000n) / 1000;
  const abs = Math.abs(s);
  const text = abs >= 86400 ? `${(abs / 86400).toFixed(1)} days` : abs >= 3600 ? `${(abs / 3600).toFixed(1)} hours` : `${abs.toFixed(1)} s`;
  return `${s < 0 ? '-' : '+'}${text}`;
}
