/**
 * Reads `telemetryInspector.*` from VS Code and follows its changes. A bad value is reported with the setting's
 * name and changes nothing: the receiver keeps running as it was.
 */
import * as vscode from 'vscode';
import { readSettings, SECTION, type Settings, type SettingsRead } from './settings';

export function readConfiguration(fallback?: Settings): SettingsRead {
  const config = vscode.workspace.getConfiguration(SECTION);
  return readSettings((key) => config.get(key), fallback);
}

export class ConfigurationWatcher implements vscode.Disposable {
  /** The problems of the last read ([] when every value was good); tests and the status bar read it. */
  problems: string[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(
    private current: Settings,
    private readonly apply: (next: Settings) => Promise<void>,
    private readonly describeCurrent: () => string,
  ) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) void this.reload();
    });
  }

  /** Reports the problems found at activation, where defaults stand in for the bad values. */
  reportAtStart(problems: string[]): void {
    this.problems = problems;
    if (problems.length) void this.showProblems(problems, 'Using the default instead.');
  }

  async reload(): Promise<void> {
    const { settings, problems } = readConfiguration(this.current);
    this.problems = problems;
    if (problems.length) {
      // All or nothing: half of a change (a good host with a bad port) would move the receiver somewhere unasked.
      void this.showProblems(problems, `Nothing changed: ${this.describeCurrent()}.`);
      return;
    }
    this.current = settings;
    await this.apply(settings);
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private async showProblems(problems: string[], consequence: string): Promise<void> {
    const open = 'Open Settings';
    const picked = await vscode.window.showErrorMessage(`Telemetry Inspector: ${problems.join(' ')} ${consequence}`, open);
    if (picked === open) await vscode.commands.executeCommand('workbench.action.openSettings', SECTION);
  }
}
