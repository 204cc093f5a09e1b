/**
 * New integrated terminals get the wiring's variables through the extension's environment variable collection:
 * VS Code applies it as each terminal's process is created (so a user's shell startup files still win), keeps it
 * across reloads (persistent), marks terminals opened before a change as stale, and shows the description in the
 * terminal's tooltip. Its `replace` wins over VS Code's own environment and `terminal.integrated.env.*`, so the
 * variables the user set there are left out of the collection instead (see userSetForTerminals).
 */
import * as vscode from 'vscode';
import type { EnvVariable } from '../../core/env/snippet';

export class TerminalWiring {
  constructor(private readonly collection: vscode.EnvironmentVariableCollection) {
    collection.persistent = true;
  }

  /** What new terminals get now (name → value). */
  current(): Map<string, string> {
    const out = new Map<string, string>();
    this.collection.forEach((name, mutator) => out.set(name, mutator.value));
    return out;
  }

  /**
   * Makes the collection hold exactly these variables (none: cleared). Writes only on a real change: every write
   * marks the open terminals stale.
   */
  set(variables: readonly EnvVariable[], description: string): void {
    const wanted = new Map(variables);
    const now = this.current();
    const same =
      wanted.size === now.size &&
      [...wanted].every(([n, v]) => now.get(n) === v && this.collection.get(n)?.type === vscode.EnvironmentVariableMutatorType.Replace);
    if (same && (wanted.size === 0 || this.descriptionText() === description)) return;
    if (wanted.size === 0) {
      this.collection.clear();
      this.collection.description = undefined;
      return;
    }
    for (const name of now.keys()) if (!wanted.has(name)) this.collection.delete(name);
    // At process creation only: a value the shell's startup files set afterwards is the user's and stays.
    for (const [n, v] of wanted) this.collection.replace(n, v, { applyAtProcessCreation: true, applyAtShellIntegration: false });
    this.collection.description = description;
  }

  private descriptionText(): string | undefined {
    const d = this.collection.description;
    return typeof d === 'string' ? d : d?.value;
  }
}

/** Terminal env settings key for this platform (terminal.integrated.env.<os>). */
function terminalEnvKey(): string {
  return process.platform === 'win32' ? 'env.windows' : process.platform === 'darwin' ? 'env.osx' : 'env.linux';
}

/**
 * Whether a new terminal would already have the variable without us: in VS Code's own environment (it was
 * started with it, which terminals inherit) or in terminal.integrated.env.<os> (a null there unsets it: also the
 * user's choice).
 */
export function userSetForTerminals(): (name: string) => boolean {
  const settingEnv = vscode.workspace.getConfiguration('terminal.integrated').get<Record<string, string | null>>(terminalEnvKey()) ?? {};
  const names = new Set(Object.keys(settingEnv));
  return (name) => process.env[name] !== undefined || names.has(name);
}

export const TERMINAL_ENV_SETTING = `terminal.integrated.${terminalEnvKey()}`;
