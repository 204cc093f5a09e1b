/**
 * Launch configurations of the common debug types get the wiring's variables in their `env`, unless the
 * configuration (its env or its envFile) or VS Code's own environment, which the debuggee inherits, sets them.
 * Resolved after variable substitution, so an envFile path is a real path, and after the debugger's own
 * resolvers, so nothing of ours is rewritten. Attach configurations start no process and are left alone.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { EnvVariable } from '../../core/env/snippet';
import { envFileNames, SessionInstanceIds } from '../../core/env/wiring';

/** Debug types whose launch configurations take an `env` object and pass it to the program. */
const WIRED_DEBUG_TYPES = ['node', 'pwa-node', 'python', 'debugpy', 'go', 'java', 'coreclr'] as const;

/** What the controller answers for one session: the variables to add, or undefined when wiring is off. */
export type DebugVariables = (userSet: (name: string) => boolean, instanceId: () => string) => EnvVariable[] | undefined;

export class DebugWiring implements vscode.DebugConfigurationProvider {
  private readonly ids = new SessionInstanceIds();

  constructor(private readonly variables: DebugVariables) {}

  register(): vscode.Disposable[] {
    return WIRED_DEBUG_TYPES.map((type) => vscode.debug.registerDebugConfigurationProvider(type, this));
  }

  async resolveDebugConfigurationWithSubstitutedVariables(
    _folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration> {
    if (config.request !== 'launch') return config;
    const env: Record<string, unknown> = config.env && typeof config.env === 'object' && !Array.isArray(config.env) ? { ...(config.env as object) } : {};
    const fromFile = await envFileVariables(config.envFile);
    const userSet = (name: string) => name in env || fromFile.has(name) || process.env[name] !== undefined;
    const add = this.variables(userSet, () => this.ids.next(String(config.name ?? config.type)));
    if (!add?.length) return config;
    for (const [n, v] of add) env[n] = v;
    return { ...config, env };
  }
}

/** Names set by the configuration's envFile(s); a file that cannot be read sets nothing (the debugger reports it). */
async function envFileVariables(envFile: unknown): Promise<Set<string>> {
  const files = (Array.isArray(envFile) ? envFile : [envFile]).filter((f): f is string => typeof f === 'string' && f !== '');
  const names = new Set<string>();
  for (const f of files) {
    try {
      for (const n of envFileNames(await fs.promises.readFile(f, 'utf8'))) names.add(n);
    } catch {
      // missing or unreadable: nothing to keep
    }
  }
  return names;
}
