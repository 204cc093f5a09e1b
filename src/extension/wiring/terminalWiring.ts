/**
 * New integrated terminals get the wiring's variables through the extension's environment variable collection:
 * VS Code applies it as each terminal's process is created (so a user's shell startup files still win), keeps it
 * across reloads (persistent), marks terminals opened before a change as stale, and shows the description in the
 * terminal's tooltip. Its `replace` wins over VS Code's own environment and `terminal.integrated.env.*`, so the
 * variables the user set there are left out of the collection instead (see userSetForTerminals). Checked in the
 * VS Code 1.139 server: the terminal's env is VS Code's own, then terminal.integrated.env, then the launch
 * config's env, and a Replace mutator then assigns its value over whatever is there (unless strictEnv).
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

/** The platform part of the terminal settings' keys (terminal.integrated.env.<os>, profiles.<os>). */
function terminalOs(): string {
  return process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'osx' : 'linux';
}

/**
 * Whether a new terminal would already have the variable without us: in VS Code's own environment (it was
 * started with it, which terminals inherit), in terminal.integrated.env.<os>, or in the default terminal profile's
 * env (a null in either unsets it: also the user's choice). VS Code applies the collection on top of all three
 * (and of the env an extension or a task gives its own terminal, which cannot be seen from here).
 */
export function userSetForTerminals(): (name: string) => boolean {
  const os = terminalOs();
  const config = vscode.workspace.getConfiguration('terminal.integrated');
  const names = new Set(Object.keys(config.get<Record<string, unknown>>(`env.${os}`) ?? {}));
  const defaultProfile = config.get<string>(`defaultProfile.${os}`);
  const profile = defaultProfile ? config.get<Record<string, { env?: Record<string, unknown> } | null>>(`profiles.${os}`)?.[defaultProfile] : undefined;
  for (const name of Object.keys(profile?.env ?? {})) names.add(name);
  return (name) => process.env[name] !== undefined || names.has(name);
}

/** The settings whose change can change what userSetForTerminals says. */
export const TERMINAL_ENV_SETTINGS = ['env', 'defaultProfile', 'profiles'].map((k) => `terminal.integrated.${k}.${terminalOs()}`);
