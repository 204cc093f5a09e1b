/**
 * What the restart suite (in the extension host, one phase per window) and its launcher (runRestart.ts, outside)
 * agree on. Kept apart from both so that the suite does not load the launcher's modules (Playwright).
 *
 * The launcher names the phase in <control>/phase; the suite runs that phase's tests, then prints PHASE_DONE and
 * waits for the launcher's next step (a window reload it asks for, or the server killed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The environment variable naming the control folder (the server's environment, so every window sees it). */
export const CONTROL_ENV = 'TI_RESTART_CONTROL';

/**
 * ingest: a real SDK app sends, a trace panel and a chart are opened, what was seen is written down; then the
 *   suite reloads the window (workbench.action.reloadWindow).
 * reload: the same data in the tree and the panels restored; the suite then waits while the launcher has an app
 *   send and kills the server with SIGKILL mid-ingest.
 * crash: a new server on the same dirs: everything written before the kill is back, start-up had no error.
 */
export type Phase = 'ingest' | 'reload' | 'crash';
export const PHASES: readonly Phase[] = ['ingest', 'reload', 'crash'];

/** Printed (followed by the phase) when a phase's tests passed. */
export const PHASE_DONE = '[restart] phase passed:';

/** What phase 1 saw, for the phases after it. */
export interface Seen {
  instances: { key: string; service: string }[];
  traces: { traceId: string; instanceKey: string; spanCount: number }[];
  series: { instanceKey: string; streamKey: string; seriesKey: string; name: string }[];
  /** The keys of the panels open at the reload (PanelManager's keys). */
  panels: { trace: string; metric: string };
}

/** What phase 2 tells the launcher: where to send for the crash. */
export interface Receiver {
  port: number;
}

/** What the launcher did for the crash, for phase 3. */
export interface Crash {
  /** service.instance.id of the app that was sending when the server was killed. */
  appInstanceId: string;
  serviceName: string;
  /** Bytes in the persistence dir's segments just before the kill (more than before the app started). */
  bytesBefore: number;
  bytesAtKill: number;
  /** Bytes of a half-written record appended to the newest segment after the kill (0: none). */
  tornBytes: number;
}

export function controlDir(): string {
  const dir = process.env[CONTROL_ENV];
  if (!dir) throw new Error(`${CONTROL_ENV} is not set: run this suite with launcher/runRestart.js`);
  return dir;
}

export const files = (dir: string) => ({
  phase: path.join(dir, 'phase'),
  seen: path.join(dir, 'seen.json'),
  receiver: path.join(dir, 'receiver.json'),
  crash: path.join(dir, 'crash.json'),
});

export function readPhase(dir: string): Phase {
  const p = fs.readFileSync(files(dir).phase, 'utf8').trim() as Phase;
  if (!PHASES.includes(p)) throw new Error(`unknown phase ${JSON.stringify(p)}`);
  return p;
}

export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

export function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(value, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}
