/**
 * Deleting Pushgateway groups: the one tool that changes something. It never deletes what it did not list first:
 * without `confirm` it only says which groups it would delete (by their whole grouping keys, as the Pushgateway
 * deletes them), and with `confirm` it deletes exactly the groups named in `groupingKeys`, nothing chosen anew.
 * `prepare` gives the same list for a confirmation dialog (VS Code's prepareInvocation).
 */
import { deleteGroups } from '../pushgateway/cleanup';
import { formatGroupingKey, groupingKeyId, type GroupingKey } from '../pushgateway/groupingKey';
import type { PushGroup } from '../pushgateway/pushGroup';
import type { PushgatewayResponse, PushGroupJson } from '../query/queryTypes';
import { ToolRefusedError, type AgentTool, type ToolContext, type ToolPreparation } from './agentTool';
import { sizedOutput } from './toolOutput';
import { ToolInputError } from './toolSchema';
import { ago } from './toolText';

const MAX_GROUPS = 100;

export const deletePushgatewayGroupsTool: AgentTool = {
  name: 'delete_pushgateway_groups',
  title: 'Delete Pushgateway groups',
  description:
    'Deletes groups from the Prometheus Pushgateway (each by its whole grouping key; the Pushgateway has no wildcards). Two steps: call it with staleOnly (optionally job) or with groupingKeys, WITHOUT confirm, and it only lists exactly which groups it would delete. Show that list to the user; only when they agree, call it again with confirm: true and groupingKeys set to exactly the keys listed.',
  inputSchema: {
    type: 'object',
    properties: {
      groupingKeys: {
        type: 'array',
        description: 'The groups, each as its whole grouping key, e.g. {"job": "batch", "instance": "a"}.',
        items: { type: 'object', additionalProperties: { type: 'string' } },
        maxItems: MAX_GROUPS,
      },
      staleOnly: { type: 'boolean', description: 'Select the stale groups (only to list them; confirm needs groupingKeys).' },
      job: { type: 'string', description: 'With staleOnly: only groups whose job contains this text.', maxLength: 256 },
      confirm: { type: 'boolean', description: 'Delete now. Only after the user agreed to the list, and only with groupingKeys.' },
    },
    additionalProperties: false,
  },
  readOnly: false,
  destructive: true,
  prepare: (input, ctx) => prepareDeletion(input, ctx),
  async run(input, ctx) {
    if (input.confirm !== true) return (await prepareDeletion(input, ctx)).message;
    const keys = input.groupingKeys as GroupingKey[] | undefined;
    if (!keys?.length) throw new ToolInputError('confirm deletes only the groups named in groupingKeys: pass the keys the listing showed');
    if (input.staleOnly !== undefined || input.job !== undefined) throw new ToolInputError('with confirm, name the groups by groupingKeys only (staleOnly and job only select groups to list)');
    const { url, found, missing } = await select(input, ctx);
    const outcomes = found.length ? await deleteGroups(ctx.pushgateway(url), found.map(asPushGroup)) : [];
    const deleted = outcomes.filter((o) => o.deleted);
    const failed = outcomes.filter((o) => !o.deleted);
    return sizedOutput({
      summary: [`Deleted ${deleted.length} of ${keys.length} groups at ${url}.${failed.length ? ` ${failed.length} failed.` : ''}${missing.length ? ` ${missing.length} were not on the gateway.` : ''}`],
      items: [
        ...deleted.map((o) => `- deleted {${formatGroupingKey(o.group.groupingKey)}}`),
        ...failed.map((o) => `- FAILED {${formatGroupingKey(o.group.groupingKey)}}: ${o.error}`),
        ...missing.map((k) => `- not found {${formatGroupingKey(k)}}`),
      ],
      footer: ['The inspector shows the change after its next poll.'],
    });
  },
};

async function prepareDeletion(input: Record<string, unknown>, ctx: ToolContext): Promise<ToolPreparation> {
  const { url, found, missing, staleAfterMs } = await select(input, ctx);
  // job first, then the labels by name: the order the listing shows them in.
  const keys = found.map((g) => Object.fromEntries(['job', ...Object.keys(g.groupingKey).filter((k) => k !== 'job').sort()].map((k) => [k, g.groupingKey[k]])));
  const confirmedInput = { groupingKeys: keys, confirm: true };
  const title = found.length ? `Delete ${found.length} Pushgateway group${found.length === 1 ? '' : 's'}?` : 'No Pushgateway group to delete';
  const message = sizedOutput({
    summary: [
      found.length
        ? `Would delete these ${found.length} groups at ${url} (nothing is deleted yet):`
        : `No group to delete at ${url}${input.staleOnly ? ` (none is stale: no push for ${Math.round(staleAfterMs / 1000)}s)` : ''}.`,
    ],
    items: [
      ...found.map((g) => `- {${formatGroupingKey(g.groupingKey)}}: last push ${ago(g.ageMs)}${g.stale ? ', stale' : ''}`),
      ...missing.map((k) => `- not on the gateway: {${formatGroupingKey(k)}}`),
    ],
    // A call that already confirms is shown to the user as is (VS Code's confirmation): no instruction for the model there.
    footer: found.length && input.confirm !== true ? [`To delete exactly these once the user agrees, call delete_pushgateway_groups with ${JSON.stringify(confirmedInput)}`] : [],
  });
  return { title, message, nothingToDo: found.length === 0, confirmedInput };
}

/** The groups the input names (or the stale ones), from the gateway the inspector polls. */
async function select(input: Record<string, unknown>, ctx: ToolContext): Promise<{ url: string; found: PushGroupJson[]; missing: GroupingKey[]; staleAfterMs: number }> {
  const keys = input.groupingKeys as GroupingKey[] | undefined;
  if (!keys?.length && input.staleOnly !== true) throw new ToolInputError('name the groups with groupingKeys, or pass staleOnly: true to list the stale ones');
  const groups: PushGroupJson[] = [];
  let first: PushgatewayResponse | undefined;
  let cursor: string | null = null;
  do {
    const page: PushgatewayResponse = await ctx.query.get<PushgatewayResponse>('/api/v1/pushgateway/groups', [['limit', '1000'], ...(cursor ? [['cursor', cursor] as const] : [])]);
    first ??= page;
    groups.push(...page.groups);
    cursor = page.nextCursor;
  } while (cursor && groups.length < 100_000);
  if (!first?.configured || !first.url) throw new ToolRefusedError('No Pushgateway is configured in the Telemetry Inspector: nothing to delete.');
  if (first.health !== 'ok' && first.lastSuccess === null) throw new ToolRefusedError(`The Pushgateway at ${first.url} could not be read (${first.message}): nothing is listed, nothing deleted.`);
  const byId = new Map(groups.map((g) => [groupingKeyId(g.groupingKey), g]));
  let found: PushGroupJson[];
  const missing: GroupingKey[] = [];
  if (keys?.length) {
    found = [];
    for (const k of keys) {
      const g = byId.get(groupingKeyId(k));
      if (g) found.push(g);
      else missing.push(k);
    }
  } else {
    const job = typeof input.job === 'string' ? input.job.toLowerCase() : undefined;
    found = groups.filter((g) => g.stale && (job === undefined || g.job.toLowerCase().includes(job))).slice(0, MAX_GROUPS);
  }
  return { url: first.url, found, missing, staleAfterMs: first.staleAfterMs };
}

function asPushGroup(g: PushGroupJson): PushGroup {
  return {
    id: groupingKeyId(g.groupingKey),
    groupingKey: g.groupingKey,
    job: g.job,
    lastPushMs: g.lastPush ? Date.parse(g.lastPush) : undefined,
    lastFailureMs: g.lastFailure ? Date.parse(g.lastFailure) : undefined,
    lastPushSuccessful: g.lastPushSuccessful,
    families: [],
  };
}
