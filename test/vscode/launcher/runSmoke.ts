// The installed-package run: builds the .vsix with `npm run package` (the release path, vscode:prepublish included),
// has the VS Code server install it with its own --install-extension into the run's fresh extensions dir, and runs
// the smoke suite (test/vscode/smoke) in that VS Code. The repository is not loaded as a development extension:
// the payload's development extension is an empty harness (smoke/harness), which VS Code needs to run a suite at all.
//
//   node out/test/vscode/launcher/runSmoke.js          (npm run test:vscode:smoke)
//
// Environment: TI_VSIX (test this .vsix instead of building one), and runReal's.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runSuite } from './runReal';
import { repoRoot } from './serverInstall';

const say = (line: string) => process.stderr.write(`[vscode:smoke] ${line}\n`);

/** `npm run package -- --out <file>`: the same command a maintainer runs, into a folder of our own. */
async function buildVsix(root: string, outDir: string): Promise<string> {
  const { name, version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const out = path.join(outDir, `${name}-${version}.vsix`);
  say(`building ${path.basename(out)} with npm run package`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(npm, ['run', 'package', '--', '--out', out], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (c) => resolve(c));
  });
  if (code !== 0 || !fs.existsSync(out)) throw new Error(`npm run package failed (exit code ${code})`);
  return out;
}

async function main(): Promise<void> {
  const root = repoRoot();
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ti-vsix-'));
  let code = 1;
  try {
    const vsix = process.env.TI_VSIX ? path.resolve(process.env.TI_VSIX) : await buildVsix(root, outDir);
    code = await runSuite({
      name: 'smoke',
      extensionTestsPath: path.join(root, 'out', 'test', 'vscode', 'smoke', 'index.js'),
      extensionDevelopmentPath: path.join(root, 'test', 'vscode', 'smoke', 'harness'),
      installVsix: vsix,
      // Free ports: nothing depends on 4317/4318 being free (the fixture workspace says the same).
      settings: { 'telemetryInspector.receiver.port': 0, 'telemetryInspector.grpc.port': 0 },
    });
  } catch (e) {
    say(`FAILED: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  process.exit(code);
}

if (require.main === module) {
  void main();
}
