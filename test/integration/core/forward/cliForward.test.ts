/**
 * The CLI's --forward flags, end to end: the CLI in its own process forwards what an SDK app sends to a loopback
 * upstream, with a header whose value it read from an environment variable; its tree shows the upstream's health,
 * and a stop that cannot reach the upstream says what it left behind.
 */
import { strict as assert } from 'node:assert';
import { CLI, freePort, listening, run, runApp, start } from '../../../helpers/process';
import { startHttpStub } from './stubUpstreams';

describe('CLI --forward', function () {
  this.timeout(60_000);

  it('forwards with a header taken from the environment, and shows the upstream in its tree', async () => {
    const stub = await startHttpStub(() => ({ status: 200 }));
    try {
      const port = await freePort();
      const cli = start(CLI, ['--port', String(port), '--no-grpc', '--for', '6', '--forward', stub.url, '--forward-header', 'authorization=env:UPSTREAM_TOKEN', '--forward-signals', 'traces,logs'], { UPSTREAM_TOKEN: 'Bearer s3cret' });
      await listening(port);
      const sent = await runApp({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, APP_INSTANCE_ID: 'cli-forward', APP_ROUNDS: '2' });
      const done = await cli.done;
      assert.equal(done.code, 0, done.stderr);
      const paths = [...new Set(stub.received.map((r) => r.path))].sort();
      assert.deepEqual(paths, ['/v1/logs', '/v1/traces'], 'metrics were not asked for');
      assert.ok(stub.received.every((r) => r.headers.authorization === 'Bearer s3cret'));
      assert.ok(sent.spans > 0);
      assert.match(done.stdout, /Forward\n● → http:\/\/127\.0\.0\.1:\d+ \(http\/protobuf; traces, logs\): up/);
      assert.match(done.stdout, /forwarded \d+ requests/);
      assert.doesNotMatch(done.stdout + done.stderr, /s3cret/, 'the token is never printed');
    } finally {
      await stub.close();
    }
  });

  it('says what a stop could not forward before its deadline', async () => {
    const port = await freePort();
    const down = await freePort();
    const cli = start(CLI, ['--port', String(port), '--no-grpc', '--for', '4', '--forward', `http://127.0.0.1:${down}`]);
    await listening(port);
    await runApp({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, APP_INSTANCE_ID: 'cli-left', APP_ROUNDS: '1', APP_SIGNALS: 'traces' });
    const done = await cli.done;
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /retrying|failing/);
    assert.match(done.stderr, new RegExp(`forward: \\d+ request\\(s\\) \\([\\d.]+ [KM]?B\\) for http://127\\.0\\.0\\.1:${down} could not be sent before the stop deadline`));
  });

  it('refuses flags it cannot use, with the reason', async () => {
    const env = await run(CLI, ['--forward', 'http://x:4318', '--forward-header', 'authorization=env:NOT_SET_ANYWHERE_42']);
    assert.equal(env.code, 1);
    assert.match(env.stderr, /the environment variable NOT_SET_ANYWHERE_42 is not set/);
    const order = await run(CLI, ['--forward-protocol', 'grpc']);
    assert.match(order.stderr, /applies to the --forward URL before it/);
    const url = await run(CLI, ['--forward', 'collector:4318']);
    assert.match(url.stderr, /--forward: forward URL "collector:4318" must start with http:\/\/ or https:\/\//);
  });
});
