// Workspace Trust in the real VS Code (launcher/runTrust.ts): the folder is opened untrusted, and its own
// .vscode/settings.json aims the receiver host, the Pushgateway, the scrape URLs, file_sd files and the forward
// upstreams at places the launcher watches. None of them may be used in Restricted Mode; once the folder is
// trusted, all of them are.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TelemetryInspectorApi } from '../../../src/extension/extension';
import { eventually } from '../../helpers/process';
import { activateApi, listeningPort } from '../suite/extensionApi';
import { CONTACTS_ENV, TRUST_REQUEST, type Contact } from './protocol';

/** The requests the launcher's fake Pushgateway and scrape targets received so far. */
function contacts(): Contact[] {
  const file = process.env[CONTACTS_ENV];
  assert.ok(file, `${CONTACTS_ENV} is not set: run this suite with launcher/runTrust.js`);
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Contact);
}

/** Whether something accepts a TCP connection at host:port. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Sends one span to the receiver, as an app's exporter would, and expects it accepted. */
async function sendSpan(host: string, port: number, name: string): Promise<void> {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  const now = BigInt(Date.now()) * 1_000_000n;
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'trust-app' } }] },
        scopeSpans: [{ scope: { name: 'trust' }, spans: [{ traceId: hex(32), spanId: hex(16), name, kind: 2, startTimeUnixNano: String(now), endTimeUnixNano: String(now + 1_000_000n) }] }],
      },
    ],
  };
  const res = await fetch(`http://${host}:${port}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, await res.text());
}

describe('Workspace Trust: a folder that is not trusted', () => {
  let api: TelemetryInspectorApi;
  let folderSettings: Record<string, unknown>;

  before(() => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no folder is open');
    folderSettings = JSON.parse(fs.readFileSync(path.join(folder.uri.fsPath, '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
  });

  it('opens in Restricted Mode, with settings that aim the receiver and the sources elsewhere', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(folderSettings['telemetryInspector.receiver.host'], '127.0.0.2');
    assert.match(String(folderSettings['telemetryInspector.pushgateway.url']), /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((folderSettings['telemetryInspector.scrape.urls'] as string[]).length, 1);
    assert.deepEqual(folderSettings['telemetryInspector.scrape.fileSdPaths'], ['targets.json']);
    assert.equal((folderSettings['telemetryInspector.forward.endpoints'] as unknown[]).length, 1);
  });

  it("the receiver listens on the user's host (127.0.0.1), not the folder's 127.0.0.2", async () => {
    api = await activateApi();
    const port = await eventually(() => listeningPort(api), 30_000);
    const state = api.engine.status.receivers.http.state;
    assert.equal(state.status === 'listening' && state.host, '127.0.0.1');
    assert.equal(await accepts('127.0.0.1', port), true);
    assert.equal(await accepts('127.0.0.2', port), false, 'the receiver answers on the folder’s host');
  });

  it('neither the Pushgateway, a scrape target (URL or file_sd) nor a forward upstream of the folder is contacted', async () => {
    // A span received now would be forwarded at once if the folder's upstream were used.
    await sendSpan('127.0.0.1', listeningPort(api), 'untrusted');
    // Polling and scraping start at once when configured (see the trusted case below, which waits for them):
    // a few seconds after activation, any of them would have been contacted.
    await sleep(5_000);
    assert.deepEqual(contacts(), []);
  });

  describe('once the user trusts the folder', () => {
    let trustedAt = 0;

    before(async function () {
      this.timeout(90_000);
      const granted = new Promise<void>((resolve) => {
        const sub = vscode.workspace.onDidGrantWorkspaceTrust(() => (sub.dispose(), resolve()));
      });
      // No API trusts a folder: open the Workspace Trust editor and ask the launcher to press its "Trust".
      await vscode.commands.executeCommand('workbench.trust.manage');
      console.log(TRUST_REQUEST);
      await Promise.race([granted, sleep(60_000).then(() => assert.fail('the folder was not trusted within 60 s (see the launcher’s line about the click)'))]);
      trustedAt = Date.now();
      assert.equal(vscode.workspace.isTrusted, true);
    });

    it('the Pushgateway, the scrape URL and the file_sd target of the folder are contacted', async () => {
      const seen = await eventually(() => {
        const c = contacts();
        const servers = new Set(c.map((x) => x.server));
        for (const s of ['pushgateway', 'scrape', 'file_sd'] as const) assert.ok(servers.has(s), `${s} not contacted: ${JSON.stringify(c)}`);
        return c;
      }, 30_000);
      assert.ok(seen.every((c) => c.at >= trustedAt - 1_000), `contacted before trust: ${JSON.stringify(seen)}`);
      assert.ok(seen.some((c) => c.server === 'pushgateway' && c.method === 'GET' && c.path === '/api/v1/metrics'), JSON.stringify(seen));
      assert.ok(seen.some((c) => c.server === 'scrape' && c.path === '/metrics'), JSON.stringify(seen));
    });

    it("the receiver moves to the folder's host, 127.0.0.2", async () => {
      const port = await eventually(() => {
        const state = api.engine.status.receivers.http.state;
        assert.equal(state.status === 'listening' && state.host, '127.0.0.2', JSON.stringify(state));
        return listeningPort(api);
      }, 30_000);
      assert.equal(await accepts('127.0.0.2', port), true);
    });

    it("a span received now is forwarded to the folder's upstream", async () => {
      await sendSpan('127.0.0.2', listeningPort(api), 'trusted');
      await eventually(() => assert.ok(contacts().some((c) => c.server === 'forward' && c.method === 'POST' && c.path === '/v1/traces'), JSON.stringify(contacts())), 30_000);
    });
  });
});
