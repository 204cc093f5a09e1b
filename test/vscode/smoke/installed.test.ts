// Smoke test of the packaged extension: the .vsix built by `npm run package`, installed by the VS Code server's own
// --install-extension, loaded by VS Code like any installed extension (launcher/runSmoke.ts). If the bundle missed a
// dependency or .vscodeignore left out a file it needs, activation, the receiver or a view fails here.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TelemetryInspectorApi } from '../../../src/extension/extension';
import { eventually, REPO_ROOT } from '../../helpers/process';
import { listeningPort } from '../suite/extensionApi';

interface Manifest {
  name: string;
  publisher: string;
  version: string;
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string }[]>;
    viewsContainers: { activitybar: { id: string }[] };
  };
}

/** The repository's manifest: what the package was built from. */
const source = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const id = `${source.publisher}.${source.name}`;

function installed(): vscode.Extension<TelemetryInspectorApi> {
  const ext = vscode.extensions.getExtension<TelemetryInspectorApi>(id);
  assert.ok(ext, `${id} is not installed; extensions: ${vscode.extensions.all.map((e) => e.id).join(', ')}`);
  return ext;
}

/** Files under `dir`, relative, with '/' separators. */
function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

describe(`the installed package (${id})`, () => {
  let api: TelemetryInspectorApi;

  it('is the .vsix installed in the extensions folder, not the repository loaded for development', () => {
    const ext = installed();
    const where = ext.extensionUri.fsPath;
    const inRepo = !path.relative(REPO_ROOT, where).startsWith('..');
    assert.ok(!inRepo, `loaded from ${where}, inside the repository`);
    assert.equal(path.basename(path.dirname(where)), 'extensions', `loaded from ${where}`);
    assert.equal(ext.packageJSON.version, source.version);
    assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace);
  });

  it('holds the bundles, media, manifest, README and LICENSE, and no sources, tests, source maps or node_modules', () => {
    const files = listFiles(installed().extensionUri.fsPath);
    // Every file of media/ and every bundle the release build wrote (npm run package ran it just before).
    const built = fs.existsSync(path.join(REPO_ROOT, 'dist')) ? listFiles(path.join(REPO_ROOT, 'dist')).filter((f) => f.endsWith('.js')).map((f) => `dist/${f}`) : [];
    const needed = ['package.json', 'dist/extension.js', ...built, ...listFiles(path.join(REPO_ROOT, 'media')).map((f) => `media/${f}`)];
    assert.deepEqual(needed.filter((f) => !files.includes(f)), [], 'missing from the package');
    assert.ok(files.some((f) => /^readme\.md$/i.test(f)) && files.some((f) => /^license(\.txt)?$/i.test(f)), files.join(', '));
    const stray = files.filter((f) => /^(src|out|test|bench|node_modules|\.vscode-test)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts'));
    assert.deepEqual(stray, []);
  });

  it('activates, and its activate() returns the API', async () => {
    const ext = installed();
    api = await ext.activate();
    assert.equal(ext.isActive, true);
    assert.ok(api?.engine, 'activate() returned no engine');
  });

  it('its OTLP/HTTP receiver answers a POST; the span it carried is stored and its trace panel draws it', async () => {
    // User settings of this run set receiver.port to 0: the port is whatever the receiver got, read from the API.
    const port = await eventually(() => listeningPort(api), 30_000);
    const traceId = '5b8efff798038103d269b633813fc60c';
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'smoke' } }, { key: 'service.instance.id', value: { stringValue: 'smoke-1' } }] },
          scopeSpans: [
            {
              scope: { name: 'smoke' },
              spans: [{ traceId, spanId: 'eee19b7ec3c1b174', name: 'GET /smoke', kind: 2, startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000150000000' }],
            },
          ],
        },
      ],
    };
    const res = await fetch(`http://127.0.0.1:${port}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    const answer = JSON.parse(text) as { partialSuccess?: { rejectedSpans?: string | number } };
    assert.ok(!answer.partialSuccess?.rejectedSpans, JSON.stringify(answer));
    await eventually(async () => assert.equal((await api.engine.findTrace(traceId)).length, 1), 10_000);

    // The trace panel's webview loads its script and styles from the package and draws the span.
    const instanceKey = (await api.engine.findTrace(traceId))[0]!.instance.key;
    const key = await vscode.commands.executeCommand<string>('telemetryInspector.openTrace', { instanceKey, traceId });
    const panel = await eventually(() => {
      const p = api.panels.panels().find((x) => x.key === key);
      assert.ok(p?.ready, `the trace panel ${key} has not drawn: ${JSON.stringify(p)}`);
      return p;
    }, 60_000, 100);
    assert.equal(panel.ready!.rows, 1);
    assert.deepEqual(panel.cspViolations, []);

    // And the decoder answers bad data as the spec says, from inside the bundle.
    const bad = await fetch(`http://127.0.0.1:${port}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array([0x0a, 0xff]) });
    assert.equal(bad.status, 400);
  });

  it('its OTLP/gRPC receiver listens too (grpc-js came with the bundle)', async () => {
    await eventually(() => listeningPort(api, 'grpc'), 30_000);
  });

  it("registers every command of the package's manifest", async () => {
    const contributed = (installed().packageJSON as Manifest).contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, source.contributes.commands.map((c) => c.command).sort(), 'the installed manifest differs from the repository');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), []);
  });

  it('shows its activity-bar container and views; the Instances view is its tree', async () => {
    const manifest = installed().packageJSON as Manifest;
    const registered = new Set(await vscode.commands.getCommands(true));
    // VS Code registers "<view id>.focus" for each contributed view and "workbench.view.extension.<id>" per container.
    for (const c of manifest.contributes.viewsContainers.activitybar) assert.ok(registered.has(`workbench.view.extension.${c.id}`), c.id);
    const views = Object.values(manifest.contributes.views).flat().map((v) => v.id);
    assert.deepEqual(views.sort(), Object.values(source.contributes.views).flat().map((v) => v.id).sort());
    assert.deepEqual(views.filter((v) => !registered.has(`${v}.focus`)), []);
    await vscode.commands.executeCommand('telemetryInspector.instances.focus');
    await eventually(() => assert.equal(api.instancesView.visible, true), 10_000);
  });
});
