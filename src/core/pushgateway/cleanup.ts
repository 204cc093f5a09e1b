import type { PushgatewayClient } from './client';
import type { PushGroup } from './pushGroup';
import { groupAgeMs, isStale } from './staleness';

/** `label=regex`: the group's grouping-key label must match the whole regex (as Prometheus matchers do). */
export interface GroupMatcher {
  label: string;
  source: string;
  regex: RegExp;
}

export class MatcherError extends Error {}

export function parseMatcher(text: string): GroupMatcher {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new MatcherError(`"${text}" is not label=regex (for example job=gptme-.*)`);
  const label = text.slice(0, eq).trim();
  const source = text.slice(eq + 1);
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label)) throw new MatcherError(`"${label}" is not a label name`);
  try {
    return { label, source, regex: new RegExp(`^(?:${source})$`, 'u') };
  } catch (err) {
    throw new MatcherError(`"${source}" is not a regular expression: ${(err as Error).message}`);
  }
}

/** A label the group does not have matches as the empty string, as in Prometheus. */
export function matchesAll(group: PushGroup, matchers: readonly GroupMatcher[]): boolean {
  return matchers.every((m) => m.regex.test(group.groupingKey[m.label] ?? ''));
}

export interface StaleSelection {
  olderThanMs: number;
  matchers?: readonly GroupMatcher[];
  nowMs?: number;
}

/** The groups to clean: older than the threshold and matching every matcher, oldest first. */
export function selectStaleGroups(groups: readonly PushGroup[], selection: StaleSelection): PushGroup[] {
  const now = selection.nowMs ?? Date.now();
  return groups
    .filter((g) => isStale(g, selection.olderThanMs, now) && matchesAll(g, selection.matchers ?? []))
    .sort((a, b) => (groupAgeMs(b, now) ?? Infinity) - (groupAgeMs(a, now) ?? Infinity) || a.id.localeCompare(b.id));
}

export interface DeleteOutcome {
  group: PushGroup;
  deleted: boolean;
  /** Why the delete failed ('' when deleted). */
  error: string;
}

/**
 * Deletes each group by its whole grouping key, one after the other (a Pushgateway queues deletes,
 * and a burst buys nothing), and says per group whether it went. Never throws for one group's failure.
 */
export async function deleteGroups(
  client: PushgatewayClient,
  groups: readonly PushGroup[],
  onOutcome?: (outcome: DeleteOutcome) => void,
  signal?: AbortSignal,
): Promise<DeleteOutcome[]> {
  const outcomes: DeleteOutcome[] = [];
  for (const group of groups) {
    let outcome: DeleteOutcome;
    try {
      await client.deleteGroup(group.groupingKey, signal);
      outcome = { group, deleted: true, error: '' };
    } catch (err) {
      outcome = { group, deleted: false, error: (err as Error).message };
    }
    outcomes.push(outcome);
    onOutcome?.(outcome);
  }
  return outcomes;
}
