// The restart suite's entry point (launcher/runRestart.ts): the same window payload runs it after every reload
// and restart, and the launcher's control file says which phase this window is. After a phase's tests pass it
// says so, then reloads the window when the launcher asks (phase 1), or waits to be killed (phase 2).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runTestsIn } from '../suite/index';
import { controlDir, PHASE_DONE, readPhase } from './protocol';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function run(): Promise<void> {
  const dir = controlDir();
  const phase = readPhase(dir);
  console.log(`[restart] phase ${phase}`);
  await runTestsIn(path.join(__dirname, phase));
  console.log(`${PHASE_DONE} ${phase}`);
  if (phase === 'crash') return;
  if (phase === 'ingest') {
    // The launcher writes the next phase first, so the reloaded window runs it.
    const deadline = Date.now() + 60_000;
    while (readPhase(dir) === phase) {
      if (Date.now() > deadline) throw new Error('the launcher did not name the next phase');
      await sleep(100);
    }
    await vscode.commands.executeCommand('workbench.action.reloadWindow');
  }
  // The window goes away (reload) or the server is killed: this run never ends on its own.
  await new Promise<never>(() => undefined);
}
