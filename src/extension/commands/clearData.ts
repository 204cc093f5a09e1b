/**
 * Clear Data: forgets everything received. Nothing here can be fetched again (apps only send what is new), so it
 * asks first, in a modal that says what would be lost.
 */
import * as vscode from 'vscode';
import { plural } from '../../core/format/format';
import type { EngineApi, EngineStatus } from '../../core/api/engineApi';

/**
 * Test hooks, honoured only under a test runner: `{ confirm: true }` clears without asking; `{ ask }` puts the
 * question through the given function instead of the modal (a test reads it and answers).
 */
export interface ClearHook {
  confirm?: boolean;
  ask?: (question: string, detail: string) => Promise<boolean>;
}

export function isClearHook(value: unknown): value is ClearHook {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const hook = value as ClearHook;
  return hook.confirm === true || typeof hook.ask === 'function';
}

/** What would be lost: "3 instances: 1,204 spans, 310 points, 52 log records". */
function clearQuestion(store: EngineStatus['store']): string {
  const c = store.counters;
  return (
    `Clear all received telemetry? ${plural(store.instances, 'instance')}: ` +
    `${plural(c.traces.stored, 'span')}, ${plural(c.metrics.stored, 'point')}, ${plural(c.logs.stored, 'log record')} will be gone.`
  );
}

const CLEAR = 'Clear Data';

/** Clears the store once the user says yes; true when it did. */
export async function clearData(api: EngineApi, hook: ClearHook | undefined): Promise<boolean> {
  if (!hook?.confirm && api.status.store.instances > 0) {
    const question = clearQuestion(api.status.store);
    const detail = 'Running apps keep sending: what they send next shows up again.';
    const yes = hook?.ask
      ? await hook.ask(question, detail)
      : (await vscode.window.showWarningMessage(question, { modal: true, detail }, CLEAR)) === CLEAR;
    if (!yes) return false;
  }
  await api.clear();
  return true;
}
