/**
 * `telemetry-inspector mcp`: the agent tools over MCP (stdio), for any MCP client (VS Code's agent mode, Claude
 * Code, gptme, …). It reads from a running inspector's query API (`--attach`, by default the VS Code extension's or
 * the CLI's receiver at http://127.0.0.1:4318); when nothing answers there, it runs receivers of its own (on that
 * port, or the ones given) and answers from what they receive. stdout carries MCP messages only: everything else
 * goes to stderr.
 */
import { agentToolContext } from '../core/agent/agentTools';
import { DirectQueryTransport } from '../core/agent/directQueryTransport';
import { HttpQueryTransport } from '../core/agent/httpQueryTransport';
import { InspectorUnreachableError, QueryApiError, type QueryTransport } from '../core/agent/queryTransport';
import { engineOptionsOf } from './engineOptions';
import { Engine } from '../core/engine';
import { isLoopbackHost } from '../core/otlp/receiverOptions';
import { engineQuerySource } from '../core/query/querySource';
import { parseArgs, UsageError, type RunOptions } from './args';
import { createMcpServer, serveStdio } from './mcpServer';

declare const CLI_VERSION: string | undefined;

const DEFAULT_ATTACH_URL = 'http://127.0.0.1:4318';

const MCP_USAGE = `Usage: telemetry-inspector mcp [--attach <url>] [receiver options]

Serves the Telemetry Inspector's agent tools over MCP on stdin/stdout (list_instances, find_traces, get_trace,
query_metric, find_logs, list_pushgateway_groups, write_env_snippet, delete_pushgateway_groups).

It reads from the inspector whose OTLP/HTTP receiver answers at --attach (default ${DEFAULT_ATTACH_URL}: the
VS Code extension's, or telemetry-inspector's in a terminal), through its read-only query API. When nothing
answers there, it runs receivers of its own (on the --attach port unless --port is given) and answers from
what they receive; the main command's receiver options apply (--port, --grpc-port, --no-grpc, --pushgateway,
--scrape, --max-spans …; see --help).

Options:
  --attach <url>            the inspector to read from (default ${DEFAULT_ATTACH_URL})
  -h, --help                this text

Nothing but MCP messages is written to stdout; notes go to stderr. Exits 0 when the client closes stdin.`;

export interface McpOptions {
  attach: string;
  /** Receiver options for the engine it runs when no inspector answers. */
  run: RunOptions;
}

function parseMcpArgs(argv: readonly string[]): McpOptions | 'help' {
  let attach = DEFAULT_ATTACH_URL;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--attach' || arg.startsWith('--attach=')) {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!v || v.startsWith('--')) throw new UsageError('--attach needs the URL of an inspector, such as http://127.0.0.1:4318');
      let url: URL;
      try {
        url = new URL(v);
      } catch {
        throw new UsageError(`--attach: "${v}" is not a URL; give one such as http://127.0.0.1:4318`);
      }
      if (url.protocol !== 'http:') throw new UsageError(`--attach: the query API is served over http://, not ${url.protocol}`);
      attach = v;
      continue;
    }
    rest.push(arg);
  }
  const parsed = parseArgs(rest);
  if (parsed.command !== 'run') throw new UsageError(`mcp takes no ${parsed.command === 'help' ? '--help here' : '--version'} (see mcp --help)`);
  if (parsed.json || parsed.traces) throw new UsageError('mcp writes only MCP messages to stdout: --json and traces do not apply');
  return { attach, run: parsed };
}

function note(text: string): void {
  process.stderr.write(`telemetry-inspector mcp: ${text}\n`);
}

export async function mcpCommand(argv: string[]): Promise<number> {
  const options = parseMcpArgs(argv);
  if (options === 'help') {
    process.stdout.write(MCP_USAGE + '\n');
    return 0;
  }
  // Whatever a dependency logs must not corrupt the MCP stream on stdout.
  console.log = console.info = console.debug = (...args: unknown[]) => console.error(...args);

  let transport: QueryTransport;
  let engine: Engine | undefined;
  const attached = new HttpQueryTransport(options.attach, { timeoutMs: 10_000 });
  try {
    await new HttpQueryTransport(options.attach, { timeoutMs: 3000 }).get('/api/v1/instances', [['limit', '1']]);
    transport = attached;
    note(`reading from the inspector at ${attached.baseUrl}`);
  } catch (err) {
    if (err instanceof QueryApiError) {
      note(`${attached.baseUrl} answered, but not as a Telemetry Inspector query API: ${err.message}`);
      return 1;
    }
    if (!(err instanceof InspectorUnreachableError)) throw err;
    engine = await ownEngine(options);
    if (!engine) return 1;
    transport = new DirectQueryTransport(engineQuerySource(engine), 'the receivers of this MCP server');
  }

  const version = typeof CLI_VERSION === 'string' ? CLI_VERSION : 'dev';
  const instructions =
    'Telemetry Inspector holds the OpenTelemetry traces, metrics and logs that local processes send it, plus Prometheus Pushgateway groups and /metrics targets. ' +
    'Start with list_instances; drill down with find_traces → get_trace, query_metric, find_logs. Deleting Pushgateway groups needs the user to confirm the exact list first.';
  const server = createMcpServer(agentToolContext(transport), version, instructions);
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await Promise.race([serveStdio(server), stopped]);
  await server.close().catch(() => undefined);
  await engine?.dispose();
  return 0;
}

/** Receivers of its own, where no inspector answered: the --attach port unless --port names one. */
async function ownEngine(options: McpOptions): Promise<Engine | undefined> {
  const run = options.run;
  const url = new URL(options.attach);
  const port = run.port ?? (isLoopbackHost(url.hostname) ? Number(url.port || 80) : undefined);
  const engine = new Engine({ ...engineOptionsOf(run), http: { host: run.host, port } });
  const report = await engine.start();
  for (const e of report.errors) note(`warning: ${e.message}`);
  if (engine.http.state.status !== 'listening' && engine.grpc.state.status !== 'listening') {
    note('no receiver could start: nothing to answer from');
    await engine.dispose();
    return undefined;
  }
  const where = Object.entries(engine.receiverStates())
    .filter(([, s]) => s.status === 'listening')
    .map(([k, s]) => `${k === 'http' ? 'OTLP/HTTP' : 'OTLP/gRPC'} on ${s.status === 'listening' ? `${s.host}:${s.port}` : ''}`)
    .join(', ');
  note(`no inspector answers at ${options.attach}: running receivers of its own (${where}); point apps there`);
  return engine;
}
