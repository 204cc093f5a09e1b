/** Writing a setting of this extension from a command or a notification's answer. */
import * as vscode from 'vscode';
import { SECTION } from './settings';

/** Writes a setting where it is defined now (folder, workspace or user), so the change takes effect there. */
export async function writeSettingWhereDefined(key: string, value: unknown): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const where = config.inspect(key);
  const target =
    where?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : where?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await config.update(key, value, target);
}
