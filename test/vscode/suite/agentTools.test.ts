// "Ask your agent" in a real VS Code: the extension's language-model tools, listed in vscode.lm.tools and called
// with vscode.lm.invokeTool (outside a chat, so with no toolInvocationToken) on what the OpenTelemetry SDK fixture
// app sent; the delete tool's confirmation against a real Pushgateway (Debian's prometheus-pushgateway on a free
// port); the query API settings reaching the engine; and the MCP server definition offered to agent mode, run and
// driven with the MCP SDK's own client.
import * as assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import * as vscode from 'vscode';
import { AGENT_TOOLS } from '../../../src/core/agent/agentTools';
import { MAX_TOOL_OUTPUT_CHARS } from '../../../src/core/agent/toolOutput';
import type { TelemetryInspectorApi } from '../../../src/extension/extension';
import { lmToolName, TOOL_REFERENCE_NAMES } from '../../../src/extension/agent/toolNames';
import { eventually, freePort, type AppSent } from '../../helpers/process';
import { httpRequest, pushText, requirePushgateway, startPushgateway, type RunningPushgateway } from '../../helpers/pushgateway';
import { activateApi, EXTENSION_ID, listeningPort, sendFromApp } from './extensionApi';

const SERVICE = 'agent-suite-app';
const INSTANCE = 'agent-1';

let api: TelemetryInspectorApi;
const port = () => listeningPort(api);
const config = () => vscode.workspace.getConfiguration('telemetryInspector');

/** vscode.lm.invokeTool as another extension (or a chat outside a request) calls it: no invocation token. */
async function invoke(coreName: string, input: Record<string, unknown> = {}): Promise<string> {
  const result = await vscode.lm.invokeTool(lmToolName({ name: coreName }), { input, toolInvocationToken: undefined });
  assert.equal(result.content.length, 1, 'one part');
  const part = result.content[0];
  assert.ok(part instanceof vscode.LanguageModelTextPart, 'a text part');
  assert.ok(part.value.length <= MAX_TOOL_OUTPUT_CHARS, `within the cap (${part.value.length})`);
  return part.value;
}

/** The extension's own tool object, for prepareInvocation (invokeTool would show its confirmation as a modal dialog). */
function ourTool(coreName: string): vscode.LanguageModelTool<Record<string, unknown>> {
  const tool = api.agent.languageModelTools.tools.get(lmToolName({ name: coreName }));
  assert.ok(tool, coreName);
  return tool;
}

const never = new vscode.CancellationTokenSource().token;

describe('agent tools: language-model tools and the MCP server', function () {
  this.timeout(240_000);
  let sent: AppSent;

  before(async () => {
    api = await activateApi();
    await eventually(() => port(), 30_000);
    sent = await sendFromApp(api, SERVICE, INSTANCE);
    // Round 0: GET /checkout; 1: GET /cart; 2: GET /checkout that failed ("payment declined"), each with a log record.
    await eventually(async () => {
      for (const id of sent.traceIds) assert.equal((await api.engine.findTrace(id))[0]?.spanCount, 2, id);
      const logs = (await api.engine.snapshot()).instances.flatMap((i) => i.logs).filter((l) => sent.traceIds.includes(l.traceId ?? ''));
      assert.equal(logs.length, 3);
      assert.ok((await api.engine.seriesList()).some((s) => s.instance.instanceLabel === INSTANCE && s.name.startsWith('app.requests')));
    }, 30_000);
  });

  after(async () => {
    await config().update('queryApi.enabled', undefined, vscode.ConfigurationTarget.Global);
  });

  it('vscode.lm.tools lists every core tool, with its description and input schema; package.json names each with a # reference', () => {
    const ours = vscode.lm.tools.filter((t) => t.name.startsWith('telemetryInspector_'));
    assert.deepEqual(ours.map((t) => t.name).sort(), AGENT_TOOLS.map((t) => lmToolName(t)).sort());
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { languageModelTools: Record<string, unknown>[] } }).contributes.languageModelTools;
    for (const core of AGENT_TOOLS) {
      const listed = ours.find((t) => t.name === lmToolName(core))!;
      assert.equal(listed.description, core.description, core.name);
      assert.deepEqual(listed.inputSchema, JSON.parse(JSON.stringify(core.inputSchema)), core.name);
      assert.ok(listed.tags.includes('telemetry-inspector'), core.name);
      const entry = contributed.find((c) => c.name === lmToolName(core))!;
      assert.equal(entry.toolReferenceName, TOOL_REFERENCE_NAMES[core.name]);
      assert.equal(entry.displayName, core.title);
      assert.equal(entry.canBeReferencedInPrompt, true);
    }
  });

  it('list_instances: the app, its instance, what each signal delivered', async () => {
    const text = await invoke('list_instances', { service: SERVICE });
    assert.match(text, new RegExp(`^1 instance \\(1 live\\) at the inspector at http://127\\.0\\.0\\.1:${port()}\\. Receivers: OTLP/HTTP listening on 127\\.0\\.0\\.1:${port()}`));
    assert.match(text, new RegExp(`\\n- ${SERVICE}/${INSTANCE} \\[live[^\\]]*\\]: traces ${sent.spans} \\(last [^)]+\\), metrics \\d+ \\(last [^)]+\\), logs ${sent.logs} \\(last [^)]+\\); 3 traces`));
  });

  it('find_traces and get_trace: the failing checkout, its error, its spans and its log', async () => {
    const failed = sent.traceIds[2];
    const found = await invoke('find_traces', { service: SERVICE, errorsOnly: true });
    assert.match(found, new RegExp(`^1 of \\d+ traces match .*error=true \\(1 with errors\\)\\. Newest first:\\n- ${failed}  GET /checkout  \\S+  2 spans  1 ERROR  ${SERVICE}/${INSTANCE}  `));
    for (const other of sent.traceIds.slice(0, 2)) assert.ok(!found.includes(other), 'only the failed trace');
    const trace = await invoke('get_trace', { traceId: failed });
    assert.match(trace, new RegExp(`^Trace ${failed}: GET /checkout, \\S+, 2 spans, 1 with status ERROR, services ${SERVICE}`));
    assert.match(trace, new RegExp(`\\nError in "GET /checkout" \\(${SERVICE}/${INSTANCE}\\): payment declined\\n`));
    assert.match(trace, new RegExp(`Logs in this trace \\(1\\):\\n- \\S+ ERROR ${SERVICE}/${INSTANCE}: handled /checkout`));
  });

  it('query_metric: the counter per route', async () => {
    const text = await invoke('query_metric', { name: 'app.requests', service: SERVICE });
    assert.match(text, /^2 series of metric app\.requests \(counter, cumulative, unit \{request\}\) match "app\.requests":/);
    assert.match(text, new RegExp(`\\n- ${SERVICE}/${INSTANCE} \\{route=/checkout\\}: latest 2 `));
    assert.match(text, new RegExp(`\\n- ${SERVICE}/${INSTANCE} \\{route=/cart\\}: latest 1 `));
  });

  it('find_logs: the error record, with its trace', async () => {
    const text = await invoke('find_logs', { service: SERVICE, severity: 'error' });
    assert.match(text, new RegExp(`^1 log records match .*severity=error.*\\. Newest first:\\n- \\S+ ERROR ${SERVICE}/${INSTANCE}: handled /checkout \\{http\\.route=/checkout\\} trace=${sent.traceIds[2]} span=`));
  });

  it('write_env_snippet: the environment for the receiver as it runs', async () => {
    const text = await invoke('write_env_snippet', { format: 'dotenv', serviceName: 'worker' });
    assert.equal(text, `Environment for .env:\n\`\`\`\nOTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:${port()}\nOTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf\nOTEL_SERVICE_NAME=worker\n\`\`\``);
  });

  it('errors come back as a sentence: bad arguments, an unknown trace', async () => {
    assert.equal(await invoke('find_traces', { limit: 1000 }), 'Invalid arguments for find_traces: "limit" must be from 1 to 50; got 1000.');
    assert.equal(await invoke('get_trace', { traceId: 'f'.repeat(32) }), `The Telemetry Inspector refused the query (HTTP 404): no trace ${'f'.repeat(32)} is held: it never arrived, or was evicted (the store keeps the newest spans)`);
  });

  it('telemetryInspector.queryApi.enabled reaches the engine: off, the API answers 404 and the tools say why; on again, they answer', async () => {
    const url = `http://127.0.0.1:${port()}/api/v1/instances`;
    assert.equal((await httpRequest('GET', url)).status, 200);
    await config().update('queryApi.enabled', false, vscode.ConfigurationTarget.Global);
    await eventually(async () => assert.equal((await httpRequest('GET', url)).status, 404), 10_000);
    assert.match(await invoke('list_instances'), /query API is turned off \(setting telemetryInspector\.queryApi\.enabled\)/);
    assert.deepEqual(api.agent.mcpServer.definitions(), [], 'no MCP server while the API is off');
    await config().update('queryApi.enabled', undefined, vscode.ConfigurationTarget.Global);
    await eventually(async () => assert.equal((await httpRequest('GET', url)).status, 200), 10_000);
    assert.match(await invoke('list_instances', { service: SERVICE }), /^1 instance /);
  });

  describe('with a real Pushgateway', () => {
    let gw: RunningPushgateway;

    before(async function () {
      requirePushgateway(this);
      gw = await startPushgateway();
      await pushText(gw.url, '/metrics/job/nightly/instance/old', '# TYPE rows_written counter\nrows_written 10\n');
      await pushText(gw.url, '/metrics/job/nightly/instance/older', '# TYPE rows_written counter\nrows_written 11\n');
      await new Promise((r) => setTimeout(r, 2500));
      await pushText(gw.url, '/metrics/job/batch/instance/fresh', '# TYPE rows_written counter\nrows_written 20\n');
      for (const [key, value] of Object.entries({ 'pushgateway.staleAfter': '2s', 'pushgateway.pollInterval': 1, 'pushgateway.url': gw.url })) {
        await config().update(key, value, vscode.ConfigurationTarget.Global);
      }
      await eventually(() => {
        const pg = api.engine.status.pushgateway;
        assert.equal(pg.url, gw.url);
        assert.equal(pg.groups.length, 3);
      }, 15_000);
    });

    after(async () => {
      for (const key of ['pushgateway.url', 'pushgateway.staleAfter', 'pushgateway.pollInterval']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
      await gw?.dispose();
    });

    it('list_pushgateway_groups names the stale groups', async () => {
      const text = await invoke('list_pushgateway_groups', { staleOnly: true });
      assert.match(text, new RegExp(`^Pushgateway ${gw.url.replace(/\./g, '\\.')} \\(ok, polled [^)]+\\): 3 groups, 2 stale`));
      assert.match(text, /\n- STALE \{job="nightly", instance="old"\}/);
      assert.match(text, /\n- STALE \{job="nightly", instance="older"\}/);
      assert.ok(!text.includes('fresh'));
    });

    it('delete_pushgateway_groups: listing needs no confirmation; a confirming call asks, naming exactly its groups, and deletes only those', async () => {
      const tool = ourTool('delete_pushgateway_groups');
      const listing = await tool.prepareInvocation!({ input: { staleOnly: true } }, never);
      assert.equal(listing?.confirmationMessages, undefined, 'a listing deletes nothing: no confirmation');
      const listed = await invoke('delete_pushgateway_groups', { staleOnly: true });
      assert.match(listed, /^Would delete these 2 groups at .* \(nothing is deleted yet\):\n- \{job="nightly", instance="old"\}: last push \S+ ago, stale\n- \{job="nightly", instance="older"\}: last push \S+ ago, stale\n/);

      const input = { groupingKeys: [{ job: 'nightly', instance: 'old' }], confirm: true };
      const prepared = await tool.prepareInvocation!({ input }, never);
      assert.equal(prepared?.confirmationMessages?.title, 'Delete 1 Pushgateway group?');
      assert.match(String(prepared?.invocationMessage), /^Telemetry Inspector: Delete Pushgateway groups \(1 group\)/);
      const message = String(prepared?.confirmationMessages?.message);
      assert.match(message, new RegExp(`^Would delete these 1 groups at ${gw.url.replace(/\./g, '\\.')} \\(nothing is deleted yet\\):\\n- \\{job="nightly", instance="old"\\}: last push \\S+ ago, stale$`));
      assert.ok(!message.includes('older') && !message.includes('fresh'), 'names only the group the call deletes');

      // What VS Code runs once the user agreed.
      const result = await tool.invoke({ input, toolInvocationToken: undefined }, never);
      const text = ((result as vscode.LanguageModelToolResult).content[0] as vscode.LanguageModelTextPart).value;
      assert.match(text, /^Deleted 1 of 1 groups at /);
      // The gateway answers a DELETE with 202 and applies it just after.
      await eventually(async () => {
        const held = JSON.parse((await httpRequest('GET', `${gw.url}/api/v1/metrics`)).body) as { data: { labels: Record<string, string> }[] };
        assert.deepEqual(held.data.map((g) => g.labels.instance).sort(), ['fresh', 'older']);
      }, 5_000);
      // And the Pushgateway view (polled at once after the delete) no longer lists it.
      await eventually(() => assert.deepEqual(api.engine.status.pushgateway.groups.map((g) => g.groupingKey.instance).sort(), ['fresh', 'older']), 5_000);
    });
  });

  it('the delete tool with no Pushgateway configured lists nothing and says why', async () => {
    assert.equal(await invoke('delete_pushgateway_groups', { staleOnly: true }), 'No Pushgateway is configured in the Telemetry Inspector: nothing to delete.');
  });

  describe('the MCP server offered to agent mode', () => {
    it('is registered where this VS Code supports it, and its definition runs: the MCP SDK client lists the tools and reads the app', async function () {
      this.timeout(60_000);
      const hasApi = typeof (vscode.lm as unknown as { registerMcpServerDefinitionProvider?: unknown }).registerMcpServerDefinitionProvider === 'function';
      assert.equal(api.agent.mcpServer.registered, hasApi);
      // Stable since VS Code 1.101: this VS Code must have it.
      const [major, minor] = vscode.version.split('.').map(Number);
      if (major > 1 || minor >= 101) assert.ok(hasApi, `VS Code ${vscode.version} has vscode.lm.registerMcpServerDefinitionProvider`);
      const [definition] = api.agent.mcpServer.definitions();
      assert.ok(definition, 'one definition');
      assert.equal(definition.label, 'Telemetry Inspector');
      assert.equal(definition.command, process.execPath);
      assert.deepEqual(definition.args.slice(1), ['mcp', '--attach', `http://127.0.0.1:${port()}`]);
      assert.match(definition.args[0], /dist[/\\]cli\.js$/);
      assert.equal(definition.env.ELECTRON_RUN_AS_NODE, '1');

      const transport = new StdioClientTransport({ command: definition.command, args: definition.args, env: Object.fromEntries(Object.entries(definition.env).map(([k, v]) => [k, String(v)])), stderr: 'pipe' });
      let stderr = '';
      transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const client = new Client({ name: 'agent-tools-suite', version: '1.0.0' });
      await client.connect(transport);
      try {
        const { tools } = await client.listTools();
        assert.deepEqual(tools.map((t) => t.name), AGENT_TOOLS.map((t) => t.name));
        const result = await client.callTool({ name: 'list_instances', arguments: { service: SERVICE } });
        const text = (result.content as { text: string }[])[0].text;
        assert.match(text, new RegExp(`\\n- ${SERVICE}/${INSTANCE} \\[`));
        assert.match(stderr, new RegExp(`reading from the inspector at http://127\\.0\\.0\\.1:${port()}`));
      } finally {
        await client.close();
      }
    });

    it('follows the receiver to a new port: VS Code is told, and the new definition attaches there', async () => {
      const next = await freePort();
      let fired = 0;
      const off = api.agent.mcpServer.onDidChange(() => fired++);
      try {
        await config().update('receiver.port', next, vscode.ConfigurationTarget.Workspace);
        await eventually(() => assert.equal(port(), next), 15_000);
        await eventually(() => assert.ok(fired >= 1, 'onDidChangeMcpServerDefinitions fired'), 10_000);
        assert.deepEqual(api.agent.mcpServer.definitions()[0].args.slice(1), ['mcp', '--attach', `http://127.0.0.1:${next}`]);
        assert.match(await invoke('list_instances', { service: SERVICE }), new RegExp(`at the inspector at http://127\\.0\\.0\\.1:${next}\\.`));
      } finally {
        off.dispose();
        await config().update('receiver.port', 0, vscode.ConfigurationTarget.Workspace);
        await api.receiver.whenIdle();
      }
      await eventually(() => assert.notEqual(port(), next), 15_000);
    });
  });
});
