/**
 * A Pushgateway group is named by its whole grouping key: `job` plus any other labels. The same
 * labels, in any order, name the same group; there are no wildcards.
 */
export type GroupingKey = Readonly<Record<string, string>>;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export class GroupingKeyError extends Error {}

/**
 * One `/<name>/<value>` pair of a Pushgateway URL path. A value that the path could not carry as it is
 * goes as `<name>@base64/<base64url>` (the README's rule): one containing `/`, an empty one (a single
 * `=`, since `//` would be collapsed), and `.` / `..`, which URL parsers resolve as path steps.
 */
export function encodePathPair(name: string, value: string): string {
  if (value === '') return `${name}@base64/=`;
  if (value.includes('/') || value === '.' || value === '..') {
    return `${name}@base64/${Buffer.from(value, 'utf8').toString('base64url')}`;
  }
  return `${name}/${encodeURIComponent(value)}`;
}

/** `/metrics/job/<job>{/<label>/<value>}` for a grouping key: job first, then the labels by name. */
export function groupingKeyPath(key: GroupingKey): string {
  const job = key.job;
  if (job === undefined || job === '') throw new GroupingKeyError('a grouping key needs a non-empty job');
  const parts = ['/metrics', encodePathPair('job', job)];
  for (const name of Object.keys(key).filter((k) => k !== 'job').sort()) {
    if (!LABEL_NAME.test(name)) throw new GroupingKeyError(`"${name}" is not a label name`);
    parts.push(encodePathPair(name, key[name]));
  }
  return parts.join('/');
}

/** The gateway's base URL joined with a path, keeping a route prefix (`http://h:9091/pgw`). */
export function gatewayUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}

/** A stable id for a grouping key, whatever the order of its labels. */
export function groupingKeyId(key: GroupingKey): string {
  return JSON.stringify(Object.keys(key).sort().map((k) => [k, key[k]]));
}

/** `job="a/b", instance="x", path=""`: job first, then the labels by name, as the CLI prints a group. */
export function formatGroupingKey(key: GroupingKey): string {
  const names = ['job', ...Object.keys(key).filter((k) => k !== 'job').sort()].filter((k) => key[k] !== undefined);
  return names.map((k) => `${k}="${key[k].replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(', ');
}
