/** `telemetry-inspector export`: kept data (a --data-dir) or a capture file, filtered, as OTLP JSON Lines. */
import * as path from 'node:path';
import type { CaptureFilter } from '../core/capture/captureFilter';
import { CaptureReadError } from '../core/capture/captureSource';
import type { ExportSummary } from '../core/capture/exportCapture';
import { exportCaptureFile, exportSegmentDir } from '../core/capture/exportSources';
import { UsageError } from './args';
import { parseTimeArg } from './captureTime';
import { eachFlag, signalsFlag } from './flags';

export const EXPORT_USAGE = `Usage: telemetry-inspector export (--dir <data dir> | <capture file>) -o <file> [options]

Writes OTLP JSON Lines: one ExportTraceServiceRequest / ExportMetricsServiceRequest / ExportLogsServiceRequest
per line, the format of the OpenTelemetry Collector's file exporter (and its otlpjsonfile receiver). Ids,
attributes and timestamps are written exactly as the apps sent them.

Options:
  --dir <dir>               the segment files a run with --data-dir kept
  <capture file>            or a capture (.jsonl, .json, .jsonl.gz) to filter into a new one
  -o, --out <file>          the file to write (.gz compresses it)
  --instance <instance>     one instance: its service.instance.id (else host:pid) or its service name
  --trace <trace id>        one trace: its spans and log records (32 hex digits)
  --since <time>            items from then on: an ISO 8601 time (2025-06-01T12:00:00Z), a duration ago (15m)
                            or Unix nanoseconds; a span counts when it ends then or later
  --until <time>            items up to then, in the same forms; a span counts when it starts then or earlier
  --signals <list>          some of traces,metrics,logs (default all three)
  --gzip                    compress, whatever the name
  -h, --help                this text`;

export interface ExportCommandOptions {
  dir?: string;
  input?: string;
  out: string;
  gzip?: boolean;
  filter: CaptureFilter;
}

export function parseExportArgs(argv: readonly string[], nowMs = Date.now()): ExportCommandOptions | 'help' {
  const filter: CaptureFilter = {};
  let dir: string | undefined;
  let input: string | undefined;
  let out: string | undefined;
  let gzip: boolean | undefined;
  let help = false;
  eachFlag(argv, (flag, value) => {
    switch (flag) {
      case '-h':
      case '--help':
        help = true;
        break;
      case '--dir':
        dir = value();
        break;
      case '-o':
      case '--out':
        out = value();
        break;
      case '--instance':
        filter.instance = value();
        break;
      case '--trace': {
        const v = value().toLowerCase();
        if (!/^[0-9a-f]{32}$/.test(v)) throw new UsageError(`--trace takes a trace id of 32 hex digits, got "${v}"`);
        filter.traceId = v;
        break;
      }
      case '--since':
        filter.sinceNs = parseTimeArg(flag, value(), nowMs);
        break;
      case '--until':
        filter.untilNs = parseTimeArg(flag, value(), nowMs);
        break;
      case '--signals':
        filter.signals = signalsFlag(flag, value());
        break;
      case '--gzip':
        gzip = true;
        break;
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option "${flag}" for export (see export --help)`);
        if (input !== undefined) throw new UsageError(`export reads one capture file, got "${input}" and "${flag}"`);
        input = flag;
    }
  });
  if (help) return 'help';
  if (!out) throw new UsageError('export needs -o <file>: where to write');
  if ((dir === undefined) === (input === undefined)) throw new UsageError('export reads --dir <data dir> or one capture file: give one of them');
  if (filter.sinceNs !== undefined && filter.untilNs !== undefined && filter.sinceNs > filter.untilNs) throw new UsageError('--since is after --until');
  return { dir, input, out, gzip, filter };
}

export async function exportCommand(options: ExportCommandOptions, err: { write(s: string): unknown } = process.stderr): Promise<number> {
  const out = path.resolve(options.out);
  try {
    let summary: ExportSummary;
    if (options.dir !== undefined) {
      const s = await exportSegmentDir(path.resolve(options.dir), out, { filter: options.filter, gzip: options.gzip });
      for (const w of s.warnings) err.write(`telemetry-inspector: warning: ${w.reason}\n`);
      summary = s;
    } else {
      const s = await exportCaptureFile(path.resolve(options.input!), out, { filter: options.filter, gzip: options.gzip });
      if (s.problems.count) err.write(`telemetry-inspector: warning: ${s.problems.count} part(s) of ${options.input} could not be used: ${s.problems.describe()}\n`);
      summary = s;
    }
    const { spans, points, logRecords } = summary.items;
    err.write(`telemetry-inspector: wrote ${summary.lines} request(s) (${spans} spans, ${points} points, ${logRecords} log records) to ${out}${summary.gzip ? ' (gzip)' : ''}\n`);
    return 0;
  } catch (e) {
    if (e instanceof CaptureReadError || (e as NodeJS.ErrnoException).code) {
      err.write(`telemetry-inspector: export: ${(e as Error).message}\n`);
      return 1;
    }
    throw e;
  }
}
