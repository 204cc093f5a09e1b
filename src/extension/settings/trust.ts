/**
 * Workspace Trust for settings. A folder's .vscode/settings.json travels with a repository: opened untrusted,
 * it must not make the extension listen on the network, poll a remote Pushgateway or scrape remote hosts.
 * package.json lists these keys in `restrictedConfigurations`, so VS Code itself drops their workspace values
 * in Restricted Mode (all of them, loopback ones too: the trust run in the real VS Code shows it); this is the
 * same rule in our own words, for hosts that pass them anyway, with one allowance: a value that only points at
 * this machine (loopback) is harmless and kept. Pure: no 'vscode'.
 */
import { isLoopbackHost } from '../../core/env/target';
import { normalizeTargetUrl } from '../../core/scrape/scraper';
import { SECTION, SETTING } from './settings';

/** Forward upstreams (src/extension/forward): a repository's settings must not send your telemetry elsewhere. */
const FORWARD_ENDPOINTS_SETTING = 'forward.endpoints';
/** The keys (relative to SECTION) whose workspace values need trust; package.json's restrictedConfigurations. */
export const RESTRICTED_SETTINGS: readonly string[] = [SETTING.host, SETTING.pushgatewayUrl, SETTING.scrapeUrls, SETTING.scrapeFileSdPaths, FORWARD_ENDPOINTS_SETTING, SETTING.queryApiAllowNonLoopback];

/** The layers of one setting, as WorkspaceConfiguration.inspect() gives them. */
export interface InspectedSetting {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export interface EffectiveSetting {
  value: unknown;
  /** A sentence saying which workspace value was ignored and why (undefined when none was). */
  ignored: string | undefined;
}

/** The value VS Code would give with every layer applied: folder, workspace, user, default. */
function layered(s: InspectedSetting): unknown {
  return s.workspaceFolderValue ?? s.workspaceValue ?? s.globalValue ?? s.defaultValue;
}

function urlIsLoopback(text: string): boolean {
  try {
    return isLoopbackHost(new URL(text).hostname);
  } catch {
    return false;
  }
}

/**
 * The value to use for `key` given its layers and the workspace's trust. Trusted: the usual layering.
 * Untrusted: a restricted key takes its workspace value only where that value points at loopback
 * (a list keeps its loopback entries); otherwise the user's value (or the default) is used and `ignored` says so.
 */
export function effectiveSetting(key: string, inspected: InspectedSetting, trusted: boolean): EffectiveSetting {
  if (trusted || !RESTRICTED_SETTINGS.includes(key)) return { value: layered(inspected), ignored: undefined };
  const workspace = inspected.workspaceFolderValue ?? inspected.workspaceValue;
  const user = inspected.globalValue ?? inspected.defaultValue;
  if (workspace === undefined) return { value: user, ignored: undefined };
  const name = `${SECTION}.${key}`;
  const ignore = (what: string): EffectiveSetting => ({
    value: user,
    ignored: `${name} ${what} from this workspace's settings is ignored until you trust the workspace; your user setting applies.`,
  });
  switch (key) {
    case SETTING.host:
      return typeof workspace === 'string' && isLoopbackHost(workspace.trim()) ? { value: workspace, ignored: undefined } : ignore(`(${JSON.stringify(workspace)}, which other machines could reach)`);
    case SETTING.pushgatewayUrl:
      // An empty value only says "use $PUSHGATEWAY_URL", which the user's own environment decides.
      if (typeof workspace === 'string' && (workspace.trim() === '' || urlIsLoopback(workspace.trim()))) return { value: workspace, ignored: undefined };
      return ignore(`(${JSON.stringify(workspace)}, not on this machine)`);
    case SETTING.scrapeUrls: {
      if (!Array.isArray(workspace)) return ignore(`(${JSON.stringify(workspace)})`);
      const local = workspace.filter((u): u is string => typeof u === 'string' && urlIsLoopback(normalizeTargetUrl(u)));
      const dropped = workspace.filter((u) => !local.includes(u as string));
      if (dropped.length === 0) return { value: workspace, ignored: undefined };
      const listed = dropped.map((u) => JSON.stringify(u)).join(', ');
      if (local.length === 0) return ignore(`(${listed}, not on this machine)`);
      return {
        value: local,
        ignored: `${name} from this workspace's settings lists ${listed}, not on this machine: ignored until you trust the workspace; its targets on this machine are scraped.`,
      };
    }
    case SETTING.scrapeFileSdPaths:
      // A file_sd file can name any host: a workspace's list needs trust whatever it holds.
      return ignore(`(${JSON.stringify(workspace)}: its files can name any host)`);
    case FORWARD_ENDPOINTS_SETTING:
      // Upstreams receive everything the apps send: a workspace's list needs trust whatever it holds.
      return ignore('(upstreams every received request would be sent to)');
    case SETTING.queryApiAllowNonLoopback:
      // Turned on, the query API serves everything received to whoever reaches a non-loopback receiver.
      return workspace === false ? { value: workspace, ignored: undefined } : ignore('(it would serve the received telemetry beyond this machine)');
    default:
      return { value: layered(inspected), ignored: undefined };
  }
}
