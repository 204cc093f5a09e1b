// The Workspace Trust run: the real VS Code with Workspace Trust ON (no --disable-workspace-trust) opens a folder it
// does not trust, whose .vscode/settings.json aims every restricted setting somewhere the test can watch:
//   telemetryInspector.receiver.host       127.0.0.2 (loopback still, but another listen address than the user's 127.0.0.1)
//   telemetryInspector.pushgateway.url     a fake Pushgateway started here
//   telemetryInspector.scrape.urls         a fake /metrics target started here
//   telemetryInspector.scrape.fileSdPaths  a file_sd file naming a second fake target
//   telemetryInspector.forward.endpoints   a fake OTLP upstream that received telemetry would be forwarded to
// The fakes record every request they get in a file the suite reads (trust/protocol.ts). The suite
// (test/vscode/trust) checks none of it is used in Restricted Mode, then asks us, by printing TRUST_REQUEST, to
// press "Trust" in the Workspace Trust editor it opened (no API trusts a folder: a user's click does), and
// checks that the settings then apply.
//
//   node out/test/vscode/launcher/runTrust.js          (npm run test:vscode:trust)
import * as fs from 'node:fs';
import * as http from 'node:http';
import type * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { CONTACTS_ENV, TRUST_REQUEST, type Contact } from '../trust/protocol';
import { trustFolder } from '../workbenchPage';
import { runSuite, type Workbench } from './runReal';
import { repoRoot } from './serverInstall';

const say = (line: string): void => void process.stderr.write(`[vscode:trust] ${line}\n`);

/** A loopback HTTP server on a free port that appends each request to `record` before answering it. */
async function fakeServer(name: Contact['server'], record: string, answer: (req: http.IncomingMessage) => { type: string; body: string }): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const contact: Contact = { server: name, method: req.method ?? '', path: req.url ?? '', at: Date.now() };
    fs.appendFileSync(record, JSON.stringify(contact) + '\n');
    const { type, body } = answer(req);
    res.writeHead(200, { 'content-type': type }).end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return server;
}

const portOf = (s: http.Server) => (s.address() as net.AddressInfo).port;

async function main(): Promise<void> {
  const root = repoRoot();
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'ti-trust-'));
  const contacts = path.join(temp, 'contacts.jsonl');
  fs.writeFileSync(contacts, '');
  const exposition = { type: 'text/plain; version=0.0.4', body: '# TYPE trust_fixture_up gauge\ntrust_fixture_up 1\n' };
  const servers = [
    await fakeServer('pushgateway', contacts, (req) =>
      req.url?.startsWith('/api/v1/metrics') ? { type: 'application/json', body: '{"status":"success","data":[]}' } : exposition,
    ),
    await fakeServer('scrape', contacts, () => exposition),
    await fakeServer('file_sd', contacts, () => exposition),
    // An empty protobuf body is an ExportTraceServiceResponse with nothing rejected.
    await fakeServer('forward', contacts, () => ({ type: 'application/x-protobuf', body: '' })),
  ];
  const [pushgateway, scrape, fileSd, forward] = servers.map(portOf) as [number, number, number, number];

  const folder = path.join(temp, 'untrusted-folder');
  fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'targets.json'), JSON.stringify([{ targets: [`127.0.0.1:${fileSd}`], labels: { job: 'trust' } }], null, 2));
  fs.writeFileSync(
    path.join(folder, '.vscode', 'settings.json'),
    JSON.stringify(
      {
        'telemetryInspector.receiver.host': '127.0.0.2',
        'telemetryInspector.pushgateway.url': `http://127.0.0.1:${pushgateway}`,
        'telemetryInspector.scrape.urls': [`http://127.0.0.1:${scrape}/metrics`],
        'telemetryInspector.scrape.fileSdPaths': ['targets.json'],
        'telemetryInspector.forward.endpoints': [{ url: `http://127.0.0.1:${forward}`, protocol: 'http/protobuf' }],
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(path.join(folder, 'README.txt'), 'A folder VS Code does not trust: its settings must not be used until it is trusted.\n');

  let clicking: Promise<void> | undefined;
  const onExtensionHostLog = (message: string, workbench: Workbench) => {
    if (!message.includes(TRUST_REQUEST) || clicking) return;
    clicking = trustFolder(workbench.page).then(
      () => say('pressed "Trust" in the Workspace Trust editor'),
      async (e: unknown) => {
        // Say what the page offered instead, so a changed workbench is easy to follow.
        const buttons = await workbench.page.locator('.monaco-button, [role="button"]').allInnerTexts().catch(() => []);
        if (process.env.TI_TRUST_SCREENSHOT) await workbench.page.screenshot({ path: process.env.TI_TRUST_SCREENSHOT }).catch(() => undefined);
        say(`could not press "Trust": ${e instanceof Error ? e.message : String(e)}; buttons on the page: ${JSON.stringify(buttons.map((b) => b.trim()).filter(Boolean))}`);
      },
    );
  };

  let code = 1;
  try {
    code = await runSuite({
      name: 'trust',
      extensionTestsPath: path.join(root, 'out', 'test', 'vscode', 'trust', 'index.js'),
      workspaceFolder: folder,
      workspaceTrust: true,
      // Ports from the user settings (not restricted): free ones. The host and the sources only from the folder.
      settings: { 'telemetryInspector.receiver.port': 0, 'telemetryInspector.grpc.port': 0 },
      // PUSHGATEWAY_URL would stand in for an unset pushgateway.url: the folder's value must be the only one.
      env: { [CONTACTS_ENV]: contacts, PUSHGATEWAY_URL: undefined },
      onExtensionHostLog,
    });
  } catch (e) {
    say(`FAILED: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    // The extension's keep-alive sockets would hold close() open: ours to end, with the servers.
    await Promise.all(servers.map((s) => new Promise<void>((r) => (s.close(() => r()), s.closeAllConnections()))));
    fs.rmSync(temp, { recursive: true, force: true });
  }
  process.exit(code);
}

if (require.main === module) {
  void main();
}
