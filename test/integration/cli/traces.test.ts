import { strict as assert } from 'node:assert';
import type { Snapshot } from '../../../src/core/snapshot';
import { CLI, freePort, listening, run, runApp, start, type AppSent } from '../../helpers/process';

/** Starts the CLI with `args` on a free port, runs the fixture app against it (3 requests: the third fails), stops it. */
async function receive(args: string[]): Promise<{ sent: AppSent; stdout: string; stderr: string }> {
  const port = await freePort();
  const cli = start(CLI, [...args, '--port', String(port), '--no-grpc', '--for', '30']);
  try {
    await listening(port);
    // Requests alternate /checkout, /cart, /checkout; the third (a /checkout) fails.
    const sent = await runApp({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_SERVICE_NAME: 'find-demo', APP_INSTANCE_ID: 'find-1', APP_SIGNALS: 'traces' });
    cli.child.kill('SIGTERM');
    const done = await cli.done;
    assert.equal(done.code, 0, done.stderr);
    return { sent, stdout: done.stdout, stderr: done.stderr };
  } finally {
    cli.child.kill('SIGKILL');
  }
}

describe('telemetry-inspector traces (find traces from the terminal)', function () {
  this.timeout(60_000);

  it('lists the failing trace of an instrumented app, with counts and durations', async () => {
    const { sent, stdout, stderr } = await receive(['traces', '--error']);
    assert.match(stderr, /receiving on OTLP\/HTTP on 127\.0\.0\.1:\d+ for 30 s/);
    assert.match(stdout, /^1 of 3 traces match errors only \(1 with errors\)/);
    const rows = stdout.split('\n').filter((l) => /[0-9a-f]{32}$/.test(l));
    assert.equal(rows.length, 1);
    assert.match(rows[0], new RegExp(`✗ GET /checkout\\s+find-demo / find-1\\s+${sent.traceIds[2]}$`));
    assert.match(stdout, /durations\n\s+\S+–\S+\s+█+ 1/);
  });

  it('prints the matches as JSON, newest first: an attribute on any span, and a duration floor', async () => {
    const { sent, stdout } = await receive(['traces', '--json', '--attr', 'http.route=/checkout', '--min-duration', '1us']);
    const result = JSON.parse(stdout) as {
      filter: Record<string, unknown>;
      matched: number;
      searched: number;
      withErrors: number;
      traces: { traceId: string; rootName: string; service: string; start: string; startTimeUnixNano: number }[];
    };
    assert.deepEqual(result.filter, { 'min-duration': '1us', attr: ['http.route=/checkout'], limit: '50' });
    assert.deepEqual([result.matched, result.searched, result.withErrors], [2, 3, 1]);
    // The first and the third request. The SDK's start times can be a millisecond off (they are anchored on
    // Date.now()), and these requests are microseconds apart: newest first is checked on the times themselves.
    assert.deepEqual(result.traces.map((t) => t.traceId).sort(), [sent.traceIds[0], sent.traceIds[2]].sort());
    assert.ok(result.traces[0].startTimeUnixNano >= result.traces[1].startTimeUnixNano);
    assert.ok(result.traces.every((t) => t.rootName === 'GET /checkout' && t.service === 'find-demo' && !Number.isNaN(Date.parse(t.start))));
  });

  it('filters the main command’s --json snapshot with the same flags', async () => {
    const { sent, stdout } = await receive(['--json', '--error']);
    const snapshot = JSON.parse(stdout) as Snapshot;
    const inst = snapshot.instances.find((i) => i.instance === 'find-1');
    assert.ok(inst);
    assert.deepEqual(inst.traces.map((t) => t.traceId), [sent.traceIds[2]]);
    assert.equal(inst.signals.traces.received, 6, 'what was received is still counted whole');
    assert.deepEqual(snapshot.traceSearch && [snapshot.traceSearch.matched, snapshot.traceSearch.searched, snapshot.traceSearch.filter], [1, 3, { error: 'true' }]);
  });

  it('refuses a bad filter value or a filter without a result to filter, saying why', async () => {
    const bad = await run(CLI, ['traces', '--min-duration', 'fast']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--min-duration: "fast" is not a duration; use a number and a unit: 750us, 200ms, 1\.5s, 2m/);
    const attr = await run(CLI, ['traces', '--attr', 'http.route']);
    assert.match(attr.stderr, /--attr: "http.route" is not key=value/);
    const alone = await run(CLI, ['--error']);
    assert.equal(alone.code, 1);
    assert.match(alone.stderr, /--error filters traces: use it with --json, or run telemetry-inspector traces/);
    const help = await run(CLI, ['traces', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--min-duration <d>\s+at least this long/);
  });
});
