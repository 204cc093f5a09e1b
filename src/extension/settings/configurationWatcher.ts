/**
 * Reads `telemetryInspector.*` from VS Code and follows its changes. A bad value is reported with the setting's
 * name and changes nothing: the receiver keeps running as it was. In an untrusted workspace the restricted
 * settings follow trust.ts, and what was ignored is said once.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { readSettings, resolveFileSdPaths, SECTION, type Settings, type SettingsRead } from './settings';
import { effectiveSetting } from './trust';

export interface ConfigurationRead extends SettingsRead {
  /** Workspace values ignored because the workspace is not trusted, one sentence each. */
  trustNotes: string[];
}

export function readConfiguration(fallback?: Settings): ConfigurationRead {
  const config = vscode.workspace.getConfiguration(SECTION);
  const trusted = vscode.workspace.isTrusted;
  const trustNotes: string[] = [];
  const read = readSettings((key) => {
    if (trusted) return config.get(key);
    const { value, ignored } = effectiveSetting(key, config.inspect(key) ?? {}, trusted);
    if (ignored) trustNotes.push(ignored);
    return value;
  }, fallback);
  // Relative file_sd paths belong to the folder whose settings name them: the first workspace folder.
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const resolved = resolveFileSdPaths(read.settings.scrape.fileSdPaths, folder?.scheme === 'file' ? folder.fsPath : undefined, os.homedir());
  const problems = [...read.problems, ...resolved.problems];
  const fileSdPaths = resolved.problems.length ? (fallback?.scrape.fileSdPaths ?? []) : resolved.paths;
  const settings = { ...read.settings, scrape: { ...read.settings.scrape, fileSdPaths } };
  return { settings, problems, trustNotes };
}

export class ConfigurationWatcher implements vscode.Disposable {
  /** The problems of the last read ([] when every value was good); tests and the status bar read it. */
  problems: string[] = [];
  /** What the last read ignored for want of Workspace Trust. */
  trustNotes: string[] = [];
  private readonly subscriptions: vscode.Disposable[];
  private shownTrustNotes = '';

  constructor(
    private current: Settings,
    private readonly apply: (next: Settings) => Promise<void>,
    private readonly describeCurrent: () => string,
    /** Called when a change is refused: a change still settling (a receiver address) must not apply either. */
    private readonly onRefused: () => void = () => undefined,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) void this.reload();
      }),
      // Trust granted: the workspace's own values now apply.
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reload()),
    ];
  }

  get settings(): Readonly<Settings> {
    return this.current;
  }

  /** Reports the problems found at activation, where defaults stand in for the bad values. */
  reportAtStart(problems: string[], trustNotes: string[] = []): void {
    this.problems = problems;
    if (problems.length) void this.showProblems(problems, 'Using the default instead.');
    this.noteTrust(trustNotes);
  }

  async reload(): Promise<void> {
    const { settings, problems, trustNotes } = readConfiguration(this.current);
    this.problems = problems;
    if (problems.length) {
      // All or nothing: half of a change (a good host with a bad port) would move the receiver somewhere unasked.
      this.onRefused();
      void this.showProblems(problems, `Nothing changed: ${this.describeCurrent()}.`);
      return;
    }
    this.noteTrust(trustNotes);
    this.current = settings;
    await this.apply(settings);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  private async showProblems(problems: string[], consequence: string): Promise<void> {
    const open = 'Open Settings';
    const picked = await vscode.window.showErrorMessage(`Telemetry Inspector: ${problems.join(' ')} ${consequence}`, open);
    if (picked === open) await vscode.commands.executeCommand('workbench.action.openSettings', SECTION);
  }

  /** Says once (per set of notes) which workspace values Restricted Mode ignores, with the way to trust. */
  private noteTrust(notes: string[]): void {
    this.trustNotes = notes;
    const key = notes.join('\n');
    if (!notes.length || key === this.shownTrustNotes) return;
    this.shownTrustNotes = key;
    const manage = 'Manage Workspace Trust';
    void vscode.window.showWarningMessage(`Telemetry Inspector: ${notes.join(' ')}`, manage).then((picked) => {
      if (picked === manage) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  }
}
