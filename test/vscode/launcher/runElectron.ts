// Runs the extension-test suite in desktop VS Code with @vscode/test-electron (the same suite index as runReal).
// It downloads VS Code from Microsoft's update servers into .vscode-test/, so it works on a developer's desktop
// with internet access (on headless Linux, under xvfb-run), not on the build machines, which reach only the
// npm registry and Debian: there use runReal.
//
//   node out/test/vscode/launcher/runElectron.js
//
// Environment: TI_VSCODE_ELECTRON_VERSION (default: the version runReal pins, so both run the same VS Code;
// 'stable' or 'insiders' also work).
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot, VSCODE_VERSION } from './serverInstall';

async function main(): Promise<void> {
  const root = repoRoot();
  const extensionTestsPath = path.join(root, 'out', 'test', 'vscode', 'suite', 'index.js');
  const workspaceFolder = path.join(root, 'test', 'vscode', 'fixtures', 'workspace');
  const version = process.env.TI_VSCODE_ELECTRON_VERSION || VSCODE_VERSION;
  try {
    const code = await runTests({
      version,
      extensionDevelopmentPath: root,
      extensionTestsPath,
      launchArgs: [workspaceFolder, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
    process.exit(code);
  } catch (e) {
    // runTests rejects when VS Code cannot be downloaded or started, and when the suite fails (non-zero exit).
    console.error(`[vscode-electron] FAILED: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}

void main();
