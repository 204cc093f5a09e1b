import { PushgatewayClient, DEFAULT_MAX_BODY_BYTES } from '../core/pushgateway/client';
import { deleteGroups, MatcherError, parseMatcher, selectStaleGroups, type GroupMatcher } from '../core/pushgateway/cleanup';
import { DurationError, formatDuration, parseDuration } from '../core/pushgateway/duration';
import { formatGroupingKey } from '../core/pushgateway/groupingKey';
import { resolvePushgatewayUrl } from '../core/pushgateway/poller';
import type { PushGroup } from '../core/pushgateway/pushGroup';
import { groupAgeMs } from '../core/pushgateway/staleness';
import { newAgent } from '../core/scrape/boundedRequest';
import { UsageError } from './args';
import { eachFlag } from './flags';

export const CLEAN_STALE_USAGE = `Usage: telemetry-inspector clean-stale --older-than <duration> [options]

Deletes the Pushgateway groups whose last push is older than the given age, each by its whole
grouping key (the Pushgateway has no wildcards and no expiry of its own). It lists them first and
deletes only with --yes.

Options:
  --pushgateway <url>       the Pushgateway (default: $PUSHGATEWAY_URL)
  --older-than <duration>   age of the last push, e.g. 90s, 10m, 2h, 1d
  --match <label>=<regex>   only groups whose grouping label matches the whole regex (repeatable;
                            all must match; a missing label matches as ""), e.g. --match 'job=gptme-.*'
  --dry-run                 list what would be deleted, delete nothing
  --yes                     delete them
  --timeout <duration>      deadline of each request (default 10s)
  -h, --help                this text

Exits 0 when done (or nothing to do), 1 on a wrong flag or an unreachable Pushgateway, 2 when some
deletes failed.`;

export interface CleanStaleOptions {
  url: string;
  olderThanMs: number;
  matchers: GroupMatcher[];
  dryRun: boolean;
  yes: boolean;
  timeoutMs: number;
}

export function parseCleanStaleArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CleanStaleOptions | 'help' {
  let url: string | undefined;
  let olderThanMs: number | undefined;
  let timeoutMs = 10_000;
  const matchers: GroupMatcher[] = [];
  let dryRun = false;
  let yes = false;
  let help = false;
  try {
    eachFlag(argv, (flag, value) => {
      switch (flag) {
        case '-h':
        case '--help':
          help = true;
          break;
        case '--pushgateway':
          url = value();
          break;
        case '--older-than':
          olderThanMs = parseDuration(value());
          break;
        case '--timeout':
          timeoutMs = parseDuration(value());
          break;
        case '--match':
          matchers.push(parseMatcher(value()));
          break;
        case '--dry-run':
          dryRun = true;
          break;
        case '--yes':
        case '-y':
          yes = true;
          break;
        default:
          throw new UsageError(`unknown option "${flag}" for clean-stale (see clean-stale --help)`);
      }
    });
  } catch (err) {
    if (err instanceof DurationError || err instanceof MatcherError) throw new UsageError(err.message);
    throw err;
  }
  if (help) return 'help';
  const resolved = resolvePushgatewayUrl(url, env);
  if (!resolved) throw new UsageError('clean-stale needs --pushgateway <url> (or PUSHGATEWAY_URL in the environment)');
  if (olderThanMs === undefined) throw new UsageError('clean-stale needs --older-than <duration>, e.g. --older-than 10m');
  if (dryRun && yes) throw new UsageError('--dry-run and --yes contradict each other: pick one');
  if (timeoutMs <= 0) throw new UsageError('--timeout must be above 0');
  return { url: resolved, olderThanMs, matchers, dryRun, yes, timeoutMs };
}

interface Output {
  write(text: string): unknown;
}

function ageText(group: PushGroup, nowMs: number): string {
  const age = groupAgeMs(group, nowMs);
  return age === undefined ? 'never pushed' : `age ${formatDuration(Math.round(age / 1000) * 1000)}`;
}

/** Lists the stale groups and, with --yes, deletes them; returns the exit code. */
export async function cleanStale(options: CleanStaleOptions, out: Output = process.stdout, err: Output = process.stderr): Promise<number> {
  const agent = newAgent();
  try {
    const client = new PushgatewayClient(options.url, { timeoutMs: options.timeoutMs, maxBodyBytes: DEFAULT_MAX_BODY_BYTES, dispatcher: agent });
    let groups: PushGroup[];
    try {
      groups = await client.fetchGroups();
    } catch (e) {
      err.write(`telemetry-inspector: cannot read the Pushgateway at ${client.url}: ${(e as Error).message}\n`);
      return 1;
    }
    const now = Date.now();
    const stale = selectStaleGroups(groups, { olderThanMs: options.olderThanMs, matchers: options.matchers, nowMs: now });
    const filter = options.matchers.length ? ` matching ${options.matchers.map((m) => `${m.label}=~"${m.source}"`).join(', ')}` : '';
    out.write(`Pushgateway ${client.url}: ${groups.length} group${groups.length === 1 ? '' : 's'}, ${stale.length} older than ${formatDuration(options.olderThanMs)}${filter}\n`);
    if (!stale.length) return 0;

    if (!options.yes) {
      const verb = options.dryRun ? 'would delete' : 'stale';
      for (const g of stale) out.write(`${verb}  ${formatGroupingKey(g.groupingKey)}  ${ageText(g, now)}\n`);
      if (!options.dryRun) out.write(`Nothing deleted. Add --yes to delete ${stale.length === 1 ? 'it' : `these ${stale.length} groups`}.\n`);
      return 0;
    }

    const outcomes = await deleteGroups(client, stale, (o) => {
      const line = `${formatGroupingKey(o.group.groupingKey)}  ${ageText(o.group, now)}`;
      out.write(o.deleted ? `deleted  ${line}\n` : `failed   ${line}: ${o.error}\n`);
    });
    const failed = outcomes.filter((o) => !o.deleted).length;
    if (failed) {
      err.write(`telemetry-inspector: ${failed} of ${outcomes.length} deletes failed\n`);
      return 2;
    }
    out.write(`Deleted ${outcomes.length} group${outcomes.length === 1 ? '' : 's'}.\n`);
    return 0;
  } finally {
    await agent.destroy().catch(() => undefined);
  }
}
