import { InProcessEngine } from '../core/api/inProcessEngine';
import type { Engine } from '../core/engine';
import type { ReceiverStats } from '../core/otlp/receiverStatus';
import { parseArgs, UsageError, USAGE, type RunOptions } from './args';
import { cleanStale, CLEAN_STALE_USAGE, parseCleanStaleArgs } from './cleanStale';
import { envCommand, ENV_USAGE, parseEnvArgs } from './envCommand';
import { filterSnapshotTraces } from '../core/search/snapshotFilter';
import { collectingNote, parseTracesArgs, tracesReport, TRACES_USAGE } from './tracesCommand';
import { ansiStyle, plainStyle, renderTree, type Style } from './liveTree';
import { renderPushgateway, renderScrape } from './sourcesTree';
import { renderForward } from './forwardTree';
import { formatBytes } from '../core/forward/forwardHealthText';
import { captureSubcommand, isCaptureSubcommand } from './captureCommands';
import { engineOptionsOf } from './engineOptions';
import { startRecording } from './recording';
import { mcpCommand } from './mcp';

declare const CLI_VERSION: string | undefined;

/** The headless front door: the same engine as the extension, with a live tree on the terminal. */
async function run(options: RunOptions): Promise<number> {
  const recording = startRecording(options); // captures: --record and --data-dir
  // The EngineApi the extension uses, with the engine in this process; the live tree reads its store directly.
  const api = new InProcessEngine({ ...engineOptionsOf(options), ...recording.engineOptions });
  const engine = api.engine;
  const report = await api.start();
  recording.started(engine);
  if (report.errors.length) {
    // A port the user named must be ours; a default one that is taken only costs that protocol.
    const states = engine.receiverStates();
    const fatal =
      !Object.values(states).some((s) => s.status === 'listening') ||
      (options.port !== undefined && engine.http.state.status === 'error') ||
      (options.grpcPort !== undefined && engine.grpc.state.status === 'error') ||
      (options.metricsPort !== undefined && !engine.prometheus.serverAddress);
    for (const e of report.errors) process.stderr.write(`telemetry-inspector: ${fatal ? '' : 'warning: '}${e.message}\n`);
    if (fatal) {
      await api.dispose();
      await recording.stopped();
      return 1;
    }
    const missing = engine.http.state.status === 'error' ? 'OTLP/HTTP (--port picks another port)' : 'OTLP/gRPC (--grpc-port picks another port, --no-grpc turns it off)';
    process.stderr.write(`telemetry-inspector: running without ${missing}\n`);
  }

  const metrics = engine.prometheus.serverAddress;
  if (metrics) process.stderr.write(`telemetry-inspector: Prometheus metrics at http://${metrics.host}:${metrics.port}/metrics\n`);

  // The tree goes to the terminal; with --json stdout is for the snapshot, so the tree moves to stderr.
  const out = options.json || options.traces ? process.stderr : process.stdout; // `traces` prints its list there too
  const tty = out.isTTY === true;
  const style = tty && !process.env.NO_COLOR ? ansiStyle : plainStyle;
  const draw = (): void => {
    const lines = [...renderTree(engine.store, engine.receiverStates(), receiverStats(engine), style), ...sourceLines(engine, style)];
    if (tty) {
      const rows = out.rows || 40;
      const cols = out.columns || 120;
      const shown = lines.length > rows - 1 ? [...lines.slice(0, rows - 2), style.dim(`… ${lines.length - rows + 2} more lines`)] : lines;
      // Home + clear below: repaints without the flicker of a full clear.
      out.write('\x1b[H' + shown.map((l) => clip(l, cols) + '\x1b[K').join('\n') + '\n\x1b[J');
    } else if (!options.json && !options.traces) {
      out.write(lines.join('\n') + '\n\n');
    }
  };

  if (options.traces && !tty) out.write(collectingNote(engine.receiverStates(), options));
  if (tty) out.write('\x1b[?1049h\x1b[?25l'); // alternate screen, cursor hidden: the shell's screen comes back on exit
  draw();
  const unsubscribe = engine.store.onChange(draw);
  // Ages ("3s ago") move on even when nothing arrives.
  const ticker = tty ? setInterval(draw, 1000) : undefined;

  const stopped = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    if (options.forSeconds !== undefined) setTimeout(() => resolve('timeout'), options.forSeconds * 1000).unref();
  });
  await stopped;

  if (ticker) clearInterval(ticker);
  unsubscribe();
  await api.stop();
  for (const left of engine.lastForwardFlush) {
    process.stderr.write(`telemetry-inspector: forward: ${left.leftRequests} request(s) (${formatBytes(left.leftBytes)}) for ${left.name} could not be sent before the stop deadline and were dropped\n`);
  }
  if (tty) {
    out.write('\x1b[?25h\x1b[?1049l');
  }
  await recording.stopped();
  if (options.traces) process.stdout.write(tracesReport(engine.store.instances.values(), options, process.stdout.isTTY && !process.env.NO_COLOR ? ansiStyle : plainStyle));
  else if (options.json) process.stdout.write(JSON.stringify(filterSnapshotTraces(engine.snapshot(), engine.store.instances.values(), options.traceQuery), null, 2) + '\n');
  else if (tty) process.stdout.write([...renderTree(engine.store, engine.receiverStates(), receiverStats(engine), plainStyle), ...sourceLines(engine, plainStyle)].join('\n') + '\n');
  await api.dispose();
  return 0;
}

/** Both receivers' totals as the tree's one summary: gRPC OK counts as a success (the tree counts '200'), hints of both. */
function receiverStats(engine: Engine): ReceiverStats {
  const h = engine.http.stats;
  const g = engine.grpc.stats;
  const byStatus: Record<string, number> = { ...h.byStatus };
  for (const [status, n] of Object.entries(g.byStatus)) {
    const key = status === 'OK' ? '200' : status;
    byStatus[key] = (byStatus[key] ?? 0) + n;
  }
  const lastError = (h.lastError?.atMs ?? -1) >= (g.lastError?.atMs ?? -1) ? h.lastError : g.lastError;
  return { requests: h.requests + g.requests, byStatus, lastError, hints: new Map([...h.hints, ...g.hints]) };
}

/** The Pushgateway's groups and the scrape targets, under the instances. */
function sourceLines(engine: Engine, style: Style): string[] {
  return [...renderPushgateway(engine.pushgateway.state, style), ...renderScrape(engine.scraper.targets, engine.scraper.files, style), ...renderForward(engine.forwarder.health(), style)];
}

/** `clean-stale` and `env`: commands of their own, each with its flags. */
async function subcommand(name: 'clean-stale' | 'env', argv: string[]): Promise<number> {
  if (name === 'clean-stale') {
    const options = parseCleanStaleArgs(argv);
    if (options === 'help') {
      process.stdout.write(CLEAN_STALE_USAGE + '\n');
      return 0;
    }
    return cleanStale(options);
  }
  const options = parseEnvArgs(argv);
  if (options === 'help') {
    process.stdout.write(ENV_USAGE + '\n');
    return 0;
  }
  return envCommand(options);
}

/** Cuts a line to the terminal width, counting only visible characters (ANSI codes are free). */
function clip(line: string, cols: number): string {
  let visible = 0;
  let i = 0;
  while (i < line.length) {
    if (line[i] === '\x1b') {
      const end = line.indexOf('m', i);
      i = end === -1 ? line.length : end + 1;
      continue;
    }
    if (visible === cols - 1) return line.slice(0, i) + '\x1b[0m…';
    visible++;
    i++;
  }
  return line;
}

async function main(argv: string[]): Promise<number> {
  if (isCaptureSubcommand(argv[0])) return captureSubcommand(argv[0], argv.slice(1));
  if (argv[0] === 'clean-stale' || argv[0] === 'env' || argv[0] === 'mcp') {
    try {
      return argv[0] === 'mcp' ? await mcpCommand(argv.slice(1)) : await subcommand(argv[0], argv.slice(1));
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      process.stderr.write(`telemetry-inspector: ${err.message}\n`);
      return 1;
    }
  }
  let command;
  try {
    if (argv[0] === 'traces') {
      const traces = parseTracesArgs(argv.slice(1));
      if (traces === 'help') process.stdout.write(TRACES_USAGE + '\n');
      return traces === 'help' ? 0 : await run(traces);
    }
    command = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`telemetry-inspector: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  switch (command.command) {
    case 'help':
      process.stdout.write(USAGE + '\n');
      return 0;
    case 'version':
      process.stdout.write(`${typeof CLI_VERSION === 'string' ? CLI_VERSION : 'dev'}\n`);
      return 0;
    case 'run':
      return run(command);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`telemetry-inspector: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
