import { strict as assert } from 'node:assert';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI, freePort, listening, runApp, start, type AppSent, type Running } from '../../helpers/process';
import { httpRequest, pushText, pushgatewayInstalled, requirePushgateway, startPushgateway, type RunningPushgateway } from '../../helpers/pushgateway';

interface Mcp {
  client: Client;
  stderr(): string;
  /** Errors of the stream (a line on stdout that is not an MCP message would be one). */
  errors: Error[];
  close(): Promise<void>;
}

/** `node dist/cli.js mcp …`, driven by the MCP SDK's own client over stdio. */
async function connectMcp(args: string[]): Promise<Mcp> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', ...args], stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const client = new Client({ name: 'telemetry-inspector-test', version: '1.0.0' });
  const errors: Error[] = [];
  client.onerror = (err) => errors.push(err);
  await client.connect(transport);
  return { client, stderr: () => stderr, errors, close: () => client.close() };
}

async function call(mcp: Mcp, name: string, args: Record<string, unknown> = {}): Promise<{ text: string; isError: boolean }> {
  const result = await mcp.client.callTool({ name, arguments: args });
  const content = result.content as { type: string; text: string }[];
  assert.equal(content.length, 1);
  assert.equal(content[0].type, 'text');
  return { text: content[0].text, isError: result.isError === true };
}

describe('telemetry-inspector mcp, attached to a running inspector', function () {
  this.timeout(90_000);
  let port: number;
  let cli: Running;
  let gateway: RunningPushgateway | undefined;
  let sent: AppSent;
  let mcp: Mcp;

  before(async () => {
    port = await freePort();
    const pg: string[] = [];
    if (pushgatewayInstalled()) {
      gateway = await startPushgateway();
      await pushText(gateway.url, '/metrics/job/nightly/instance/old', 'rows_written 10\n');
      await new Promise((r) => setTimeout(r, 2500));
      await pushText(gateway.url, '/metrics/job/batch/instance/fresh', 'rows_written 20\n');
      pg.push('--pushgateway', gateway.url, '--stale-after', '2s');
    }
    cli = start(CLI, ['--port', String(port), '--no-grpc', '--for', '80', ...pg]);
    await listening(port);
    sent = await runApp({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_SERVICE_NAME: 'checkout', APP_INSTANCE_ID: 'mcp-1', APP_ROUNDS: '4' });
    mcp = await connectMcp(['--attach', `http://127.0.0.1:${port}`]);
  });
  after(async () => {
    await mcp?.close();
    cli?.child.kill('SIGKILL');
    await gateway?.dispose();
  });

  it('lists the eight tools, only the delete marked destructive', async () => {
    const { tools } = await mcp.client.listTools();
    assert.deepEqual(tools.map((t) => t.name), ['list_instances', 'find_traces', 'get_trace', 'query_metric', 'find_logs', 'list_pushgateway_groups', 'write_env_snippet', 'delete_pushgateway_groups']);
    for (const t of tools) {
      assert.equal(t.inputSchema.type, 'object');
      assert.equal(t.annotations?.destructiveHint, t.name === 'delete_pushgateway_groups', t.name);
      assert.equal(t.annotations?.readOnlyHint, t.name !== 'delete_pushgateway_groups', t.name);
    }
    assert.match(mcp.stderr(), new RegExp(`reading from the inspector at http://127\\.0\\.0\\.1:${port}`));
  });

  it('list_instances: the app, live, with what each signal delivered', async () => {
    const { text, isError } = await call(mcp, 'list_instances');
    assert.equal(isError, false);
    assert.match(text, new RegExp(`^1 instance \\(1 live\\) at the inspector at http://127\\.0\\.0\\.1:${port}\\. Receivers: OTLP/HTTP listening on 127\\.0\\.0\\.1:${port}\\.`));
    assert.match(text, new RegExp(`\\n- checkout/mcp-1 \\[live[^\\]]*\\]: traces ${sent.spans} \\(last [^)]+\\), metrics \\d+ \\(last [^)]+\\), logs ${sent.logs} \\(last [^)]+\\); 4 traces`));
  });

  it('find_traces and get_trace: the failing checkout, its error, its spans and its log', async () => {
    const found = await call(mcp, 'find_traces', { errorsOnly: true, name: 'checkout' });
    assert.match(found.text, /^1 of 4 traces match name=checkout, error=true \(1 with errors\)\. Newest first:\n/);
    assert.match(found.text, new RegExp(`\\n- ${sent.traceIds[2]}  GET /checkout  \\S+  2 spans  1 ERROR  checkout/mcp-1  `));
    const trace = await call(mcp, 'get_trace', { traceId: sent.traceIds[2] });
    assert.equal(trace.isError, false);
    assert.match(trace.text, new RegExp(`^Trace ${sent.traceIds[2]}: GET /checkout, \\S+, 2 spans, 1 with status ERROR, services checkout`));
    assert.match(trace.text, /\nError in "GET \/checkout" \(checkout\/mcp-1\): payment declined\n/);
    assert.match(trace.text, /- GET \/checkout \[server, checkout\/mcp-1\] .* ERROR: payment declined span=[0-9a-f]{16} \{http\.route=\/checkout/);
    assert.match(trace.text, /\n {2}- db\.query \[client, checkout\/mcp-1\] .*\{db\.system=postgresql, db\.rows=2\}\n {4}events: rows\.fetched/);
    assert.match(trace.text, /Logs in this trace \(1\):\n- \S+ ERROR checkout\/mcp-1: handled \/checkout \(span [0-9a-f]{16}\)/);
  });

  it('query_metric and find_logs: the counters per route and the error log', async () => {
    const metric = await call(mcp, 'query_metric', { name: 'app.requests' });
    assert.match(metric.text, /^2 series of metric app\.requests \(counter, cumulative, unit \{request\}\) match "app\.requests":/);
    assert.match(metric.text, /\n- checkout\/mcp-1 \{route=\/checkout\}: latest 2 /);
    assert.match(metric.text, /\n- checkout\/mcp-1 \{route=\/cart\}: latest 2 /);
    const histogram = await call(mcp, 'query_metric', { name: 'app.request.duration', instance: 'mcp-1' });
    assert.match(histogram.text, /\{route=\/checkout\}: latest count 2, sum 30 ms, mean 15 ms · (rate \S+ over 1m \(count\) · )?p50 \S+ p90 \S+ p99 \S+ ms \(since the series started\) · 2 points/);
    const logs = await call(mcp, 'find_logs', { severity: 'error' });
    assert.match(logs.text, new RegExp(`^1 log records match severity=error\\. Newest first:\\n- \\S+ ERROR checkout/mcp-1: handled /checkout \\{http\\.route=/checkout\\} trace=${sent.traceIds[2]} span=`));
    const none = await call(mcp, 'query_metric', { name: 'no.such.metric' });
    assert.match(none.text, /^No metric name contains "no\.such\.metric"\. Metric names held \(3\):\n- app\.queue\.depth\n- app\.request\.duration\n- app\.requests$/);
  });

  it('write_env_snippet: the environment for the receiver as it runs', async () => {
    const { text } = await call(mcp, 'write_env_snippet', { format: 'dotenv', serviceName: 'worker' });
    const vars = [`OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:${port}`, 'OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf', 'OTEL_SERVICE_NAME=worker', ...(gateway ? [`PUSHGATEWAY_URL=${gateway.url}`] : [])];
    assert.equal(text, `Environment for .env:\n\`\`\`\n${vars.join('\n')}\n\`\`\``);
    const docker = await call(mcp, 'write_env_snippet', { target: 'docker' });
    assert.match(docker.text, /OTEL_EXPORTER_OTLP_ENDPOINT=http:\/\/host\.docker\.internal:\d+/);
    assert.match(docker.text, /Warning: The receiver listens on 127\.0\.0\.1 \(loopback only\)/);
  });

  it('refuses bad arguments with a sentence, as a tool error', async () => {
    const bad = await call(mcp, 'find_traces', { limit: 1000 });
    assert.deepEqual(bad, { text: 'Invalid arguments for find_traces: "limit" must be from 1 to 50; got 1000.', isError: true });
    const unknown = await call(mcp, 'drop_everything');
    assert.equal(unknown.isError, true);
  });

  it('Pushgateway: lists the stale group, deletes it only when confirmed with its key', async function () {
    requirePushgateway(this);
    const listed = await call(mcp, 'list_pushgateway_groups');
    assert.match(listed.text, new RegExp(`^Pushgateway ${gateway!.url} \\(ok, polled [^)]+\\): 2 groups, 1 stale \\(no push for 2s\\)\\.`));
    assert.match(listed.text, /\n- STALE \{job="nightly", instance="old"\}: last push \S+ ago; 1 series in 1 metrics: rows_written/);
    assert.match(listed.text, /\n- \{job="batch", instance="fresh"\}: last push/);
    const preview = await call(mcp, 'delete_pushgateway_groups', { staleOnly: true });
    assert.match(preview.text, /^Would delete these 1 groups at .* \(nothing is deleted yet\):\n- \{job="nightly", instance="old"\}: last push \S+ ago, stale\n/);
    assert.match(preview.text, /call delete_pushgateway_groups with \{"groupingKeys":\[\{"job":"nightly","instance":"old"\}\],"confirm":true\}$/);
    const before = JSON.parse((await httpRequest('GET', `${gateway!.url}/api/v1/metrics`)).body) as { data: { labels: Record<string, string> }[] };
    assert.equal(before.data.length, 2, 'the listing deleted nothing');
    const done = await call(mcp, 'delete_pushgateway_groups', { groupingKeys: [{ job: 'nightly', instance: 'old' }], confirm: true });
    assert.match(done.text, /^Deleted 1 of 1 groups at /);
    const after = JSON.parse((await httpRequest('GET', `${gateway!.url}/api/v1/metrics`)).body) as { data: { labels: Record<string, string> }[] };
    assert.deepEqual(after.data.map((g) => g.labels.job), ['batch']);
  });

  it('wrote nothing but MCP messages to stdout', () => {
    assert.deepEqual(mcp.errors, []);
  });
});

describe('telemetry-inspector mcp with no inspector running', function () {
  this.timeout(60_000);

  it('runs a receiver of its own on the --attach port and answers from what it receives', async () => {
    const port = await freePort();
    const mcp = await connectMcp(['--attach', `http://127.0.0.1:${port}`, '--no-grpc']);
    try {
      await listening(port);
      const empty = await call(mcp, 'list_instances');
      assert.match(empty.text, new RegExp(`^0 instances \\(0 live\\) at the receivers of this MCP server\\. Receivers: OTLP/HTTP listening on 127\\.0\\.0\\.1:${port}\\.\\nNothing has arrived yet`));
      const sent = await runApp({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_SERVICE_NAME: 'solo', APP_INSTANCE_ID: 'solo-1', APP_ROUNDS: '3' });
      const found = await call(mcp, 'find_traces', {});
      assert.match(found.text, /^3 traces held \(1 with errors\)\. Newest first:/);
      for (const id of sent.traceIds) assert.ok(found.text.includes(id), id);
      assert.match(mcp.stderr(), new RegExp(`no inspector answers at http://127\\.0\\.0\\.1:${port}: running receivers of its own \\(OTLP/HTTP on 127\\.0\\.0\\.1:${port}\\)`));
      assert.deepEqual(mcp.errors, []);
    } finally {
      await mcp.close();
    }
  });

  it('says so and exits 1 when something that is not an inspector answers at --attach', async () => {
    const port = await freePort();
    const http = await import('node:http');
    const other = http.createServer((_req, res) => res.writeHead(404).end('not here'));
    await new Promise<void>((r) => other.listen(port, '127.0.0.1', r));
    try {
      const child = start(CLI, ['mcp', '--attach', `http://127.0.0.1:${port}`]);
      const done = await child.done;
      assert.equal(done.code, 1);
      assert.equal(done.stdout, '');
      assert.match(done.stderr, /answered, but not as a Telemetry Inspector query API: .*answered HTTP 404 without JSON/);
    } finally {
      await new Promise((r) => other.close(r));
    }
  });
});
