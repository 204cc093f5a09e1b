import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Snapshot } from '../../../src/core/snapshot';
import { CLI, eventually, freePort, start } from '../../helpers/process';
import { httpRequest, pushText, requirePushgateway, startPushgateway, type RunningPushgateway } from '../../helpers/pushgateway';

describe('telemetry-inspector run mode with --pushgateway, --scrape and --file-sd', function () {
  this.timeout(90_000);
  let gw: RunningPushgateway;
  let dir: string;
  let file: string;
  let closed: number;

  before(async function () {
    requirePushgateway(this);
    gw = await startPushgateway();
    await pushText(gw.url, '/metrics/job/old-job/instance/vm-1', '# TYPE old_metric gauge\nold_metric{kind="x"} 42\n');
    const refused = await httpRequest('POST', `${gw.url}/metrics/job/broken`, '# TYPE old_metric counter\nold_metric 1\n');
    assert.equal(refused.status, 400);
    await new Promise((r) => setTimeout(r, 1500));
    dir = mkdtempSync(path.join(os.tmpdir(), 'ti-cli-sd-'));
    file = path.join(dir, 'targets.json');
    closed = await freePort();
    writeFileSync(file, JSON.stringify([{ targets: [`127.0.0.1:${gw.port}`], labels: { __param_via: 'file', team: 'infra' } }]));
  });

  after(async () => {
    await gw?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const args = (): string[] => [
    '--port', '0', '--no-grpc', '--for', '60',
    '--pushgateway', gw.url, '--stale-after', '1s',
    '--scrape', `${gw.url}/metrics`, '--scrape', `127.0.0.1:${closed}`,
    '--file-sd', file,
  ];

  it('shows groups (age, stale and failed markers) and targets (up/down, error) in the live tree', async () => {
    const cli = start(CLI, args(), { PUSHGATEWAY_URL: '' });
    try {
      await eventually(() => {
        const out = cli.stdout();
        assert.match(out, new RegExp(`Pushgateway ${gw.url} — ok — 2 groups, 2 stale, 1 failed`));
        assert.match(out, /down: connection refused/);
        assert.match(out, /team="infra"\}? {2}up · \d+ series/);
      }, 30_000, 100);
      cli.child.kill('SIGTERM');
      const done = await cli.done;
      assert.equal(done.code, 0, done.stderr);
      const tree = done.stdout.trim().split('\n\n').slice(-4).join('\n\n');
      assert.match(tree, /job="old-job", instance="vm-1" {2}last push \d+s ago STALE/);
      assert.match(tree, /old_metric\{kind="x"\} {2}42/);
      assert.match(tree, /job="broken" {2}no successful push STALE FAILED/);
      assert.match(tree, new RegExp(`● ${gw.url}/metrics {2}up · \\d+ series`));
      assert.match(tree, new RegExp(`✗ http://127\\.0\\.0\\.1:${closed}/metrics {2}down: connection refused`));
      assert.match(tree, new RegExp(`file_sd ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} {2}1 target`));
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  it('puts the groups and targets in the --json snapshot', async () => {
    // With --json and no terminal the CLI prints nothing until it exits; its first poll and scrapes
    // happen at start, so a few seconds of --for are plenty even on a busy machine.
    const cli = start(CLI, [...args().filter((a, i, all) => a !== '--for' && all[i - 1] !== '--for'), '--for', '6', '--json'], { PUSHGATEWAY_URL: '' });
    try {
      const done = await cli.done;
      assert.equal(done.code, 0, done.stderr);
      const snap = JSON.parse(done.stdout) as Snapshot;
      assert.equal(snap.pushgateway?.health, 'ok');
      assert.equal(snap.pushgateway?.staleAfterSeconds, 1);
      const old = snap.pushgateway!.groups.find((g) => g.job === 'old-job')!;
      assert.deepEqual(old.groupingKey, { job: 'old-job', instance: 'vm-1' });
      assert.equal(old.stale, true);
      assert.equal(old.lastPushSuccessful, true);
      assert.ok(old.ageSeconds! >= 1);
      assert.deepEqual(old.families, [{ name: 'old_metric', type: 'gauge', help: '', series: [{ labels: { kind: 'x' }, value: 42 }] }]);
      assert.equal(snap.pushgateway!.groups.find((g) => g.job === 'broken')!.lastPushSuccessful, false);
      const byUrl = new Map(snap.scrapeTargets.map((t) => [t.url, t]));
      assert.equal(byUrl.get(`${gw.url}/metrics`)!.health, 'up');
      assert.equal(byUrl.get(`${gw.url}/metrics?via=file`)!.labels.team, 'infra');
      assert.equal(byUrl.get(`http://127.0.0.1:${closed}/metrics`)!.error, 'connection refused');
      assert.deepEqual(snap.scrapeFiles, [{ path: file, error: '', targetCount: 1 }]);
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  it('says so when a --stale-after is not a duration', async () => {
    const done = await start(CLI, ['--stale-after', 'soon']).done;
    assert.equal(done.code, 1);
    assert.match(done.stderr, /--stale-after: "soon" is not a duration/);
  });
});
