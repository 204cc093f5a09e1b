import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge, Pushgateway, Registry } from 'prom-client';
import { PushgatewayClient } from '../../../src/core/pushgateway/client';
import { formatGroupingKey } from '../../../src/core/pushgateway/groupingKey';
import { CLI, freePort, run } from '../../helpers/process';
import { pushText, requirePushgateway, startPushgateway, type RunningPushgateway } from '../../helpers/pushgateway';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');

async function groupKeys(url: string): Promise<string[]> {
  const groups = await new PushgatewayClient(url, { timeoutMs: 5000, maxBodyBytes: 1 << 20 }).fetchGroups();
  return groups.map((g) => formatGroupingKey(g.groupingKey)).sort();
}

describe('telemetry-inspector clean-stale', function () {
  this.timeout(120_000);
  let gw: RunningPushgateway | undefined;

  before(function () {
    requirePushgateway(this);
  });
  afterEach(async () => {
    await gw?.dispose();
    gw = undefined;
  });

  it('lists the stale groups, deletes only with --yes, filters with --match, leaves the fresh ones', async () => {
    gw = await startPushgateway();
    const url = gw.url;
    const registry = new Registry();
    new Gauge({ name: 'gptme_tokens', help: 'Tokens.', registers: [registry] }).set(10);
    await new Pushgateway(url, { timeout: 5000 }, registry).pushAdd({ jobName: 'gptme-8001', groupings: { instance: 'bob-vm' } });
    await pushText(url, `/metrics/job@base64/${b64('gptme/8002')}/branch@base64/=`, '# TYPE gptme_tokens gauge\ngptme_tokens 20\n');
    await pushText(url, '/metrics/job/nightly', 'backup_bytes 1e9\n');
    await new Promise((r) => setTimeout(r, 3200));
    // The fresh groups are pushed again before each run, as a live job would, so a slow machine cannot age them past 2s.
    const pushFresh = async () => {
      await pushText(url, '/metrics/job/gptme-8001/instance/alice-vm', '# TYPE gptme_tokens gauge\ngptme_tokens 30\n');
      await pushText(url, '/metrics/job/gptme-9000', '# TYPE gptme_tokens gauge\ngptme_tokens 40\n');
    };
    await pushFresh();
    const everything = await groupKeys(url);
    assert.equal(everything.length, 5);

    // Without --yes (and without --dry-run): a list and how to delete, nothing deleted.
    const listed = await run(CLI, ['clean-stale', '--pushgateway', url, '--older-than', '2s']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`^Pushgateway ${url}: 5 groups, 3 older than 2s$`, 'm'));
    assert.match(listed.stdout, /^stale {2}job="gptme-8001", instance="bob-vm" {2}age \d+s$/m);
    assert.match(listed.stdout, /^stale {2}job="gptme\/8002", branch="" {2}age \d+s$/m);
    assert.match(listed.stdout, /^stale {2}job="nightly" {2}age \d+s$/m);
    assert.doesNotMatch(listed.stdout, /alice-vm|gptme-9000/);
    assert.match(listed.stdout, /Nothing deleted\. Add --yes to delete these 3 groups\./);
    assert.deepEqual(await groupKeys(url), everything);

    await pushFresh();
    const dry = await run(CLI, ['clean-stale', '--pushgateway', url, '--older-than', '2s', '--dry-run', '--match', 'job=gptme.*']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(dry.stdout.match(/^would delete {2}/gm)?.length, 2, dry.stdout);
    assert.doesNotMatch(dry.stdout, /nightly/);
    assert.deepEqual(await groupKeys(url), everything);

    // --yes with --match: only the stale gptme groups, each by its whole key.
    await pushFresh();
    const deleted = await run(CLI, ['clean-stale', '--pushgateway', url, '--older-than', '2s', '--match', 'job=gptme.*', '--yes']);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stdout, /^deleted {2}job="gptme-8001", instance="bob-vm" {2}age \d+s$/m);
    assert.match(deleted.stdout, /^deleted {2}job="gptme\/8002", branch="" {2}age \d+s$/m);
    assert.match(deleted.stdout, /^Deleted 2 groups\.$/m);
    assert.deepEqual(await groupKeys(url), ['job="gptme-8001", instance="alice-vm"', 'job="gptme-9000"', 'job="nightly"']);

    // PUSHGATEWAY_URL from the environment when no --pushgateway is given.
    await pushFresh();
    const rest = await run(CLI, ['clean-stale', '--older-than', '2s', '--yes'], { PUSHGATEWAY_URL: url });
    assert.equal(rest.code, 0, rest.stderr);
    assert.match(rest.stdout, /^deleted {2}job="nightly"/m);
    assert.deepEqual(await groupKeys(url), ['job="gptme-8001", instance="alice-vm"', 'job="gptme-9000"']);

    const nothing = await run(CLI, ['clean-stale', '--pushgateway', url, '--older-than', '1h', '--yes']);
    assert.equal(nothing.code, 0);
    assert.match(nothing.stdout, /2 groups, 0 older than 1h/);
  });

  it('exits 1 on wrong flags and on an unreachable Pushgateway', async () => {
    const cases: [string[], RegExp][] = [
      [['clean-stale', '--pushgateway', 'http://127.0.0.1:9'], /needs --older-than/],
      [['clean-stale', '--pushgateway', 'http://127.0.0.1:9', '--older-than', '10'], /not a duration/],
      [['clean-stale', '--pushgateway', 'http://127.0.0.1:9', '--older-than', '10m', '--match', 'gptme-*'], /not label=regex/],
      [['clean-stale', '--pushgateway', 'http://127.0.0.1:9', '--older-than', '10m', '--dry-run', '--yes'], /contradict/],
      [['clean-stale', '--older-than', '10m', '--bogus'], /unknown option "--bogus"/],
    ];
    for (const [args, message] of cases) {
      const done = await run(CLI, args, { PUSHGATEWAY_URL: '' });
      assert.equal(done.code, 1, args.join(' '));
      assert.match(done.stderr, message, args.join(' '));
    }
    const noUrl = await run(CLI, ['clean-stale', '--older-than', '10m'], { PUSHGATEWAY_URL: '' });
    assert.equal(noUrl.code, 1);
    assert.match(noUrl.stderr, /needs --pushgateway/);

    const port = await freePort();
    const down = await run(CLI, ['clean-stale', '--pushgateway', `http://127.0.0.1:${port}`, '--older-than', '10m', '--yes']);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /cannot read the Pushgateway at http:\/\/127\.0\.0\.1:\d+: connection refused/);

    const help = await run(CLI, ['clean-stale', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--older-than <duration>/);
  });

  it('exits 2 when some deletes fail, reporting each group, and sends base64 keys for / and empty values', async () => {
    const deletes: string[] = [];
    const old = 1_000_000_000;
    const group = (labels: Record<string, string>): unknown => ({
      labels,
      last_push_successful: true,
      push_time_seconds: { type: 'GAUGE', metrics: [{ labels, value: String(old) }] },
      push_failure_time_seconds: { type: 'GAUGE', metrics: [{ labels, value: '0' }] },
    });
    const server = http.createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/api/v1/metrics') {
        res.end(JSON.stringify({ status: 'success', data: [group({ job: 'a/b', first: '' }), group({ job: 'fails' })] }));
        return;
      }
      deletes.push(`${req.method} ${req.url}`);
      if (req.url?.includes('fails')) {
        res.writeHead(500);
        res.end('disk full');
      } else {
        res.writeHead(202);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const done = await run(CLI, ['clean-stale', '--pushgateway', url, '--older-than', '1d', '--yes']);
      assert.equal(done.code, 2, done.stdout + done.stderr);
      assert.match(done.stdout, /^deleted {2}job="a\/b", first="" {2}age \d+d/m);
      assert.match(done.stdout, /^failed {3}job="fails" {2}age \d+d.*: HTTP 500: disk full$/m);
      assert.match(done.stderr, /1 of 2 deletes failed/);
      assert.deepEqual(deletes.sort(), [`DELETE /metrics/job@base64/${b64('a/b')}/first@base64/=`, 'DELETE /metrics/job/fails'].sort());
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
