/** Local wall-clock time, as the panels print it: "14:03:27", or with milliseconds "14:03:27.084". */
export function clock(unixMs: number, withMs = false): string {
  const d = new Date(unixMs);
  const hms = [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  return withMs ? `${hms}.${String(d.getMilliseconds()).padStart(3, '0')}` : hms;
}
