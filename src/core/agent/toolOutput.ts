/**
 * Tool answers sized for a model: the summary first (counts, what matched), then items until the cap, then one line
 * that says how many were left out and how to get them (a cursor, a narrower filter). The cap is in characters and
 * hard: whatever a tool builds, its text never goes past it.
 */

export const MAX_TOOL_OUTPUT_CHARS = 8000;
/** One item (a span with its attributes, a log record) is clipped to this share of the cap, so several fit. */
const MAX_ITEM_SHARE = 0.4;

export interface ToolOutputParts {
  /** Always shown, first. */
  summary: string[];
  /** Shown in order while they fit. */
  items: string[];
  /**
   * The line after the items when some were left out: `cut` when the cap dropped some of `items` (a cursor
   * would skip them: ask for fewer instead), else only the source's next page is left.
   */
  more?: (omitted: number, cut: boolean) => string;
  /** Items beyond `items` that the source held back (the API's next page): counted in the `more` line. */
  beyond?: number;
  /** Shown last when there is room (how to drill down). */
  footer?: string[];
}

export function sizedOutput(parts: ToolOutputParts, cap: number = MAX_TOOL_OUTPUT_CHARS): string {
  const moreLine = (omitted: number, cut: boolean): string =>
    parts.more ? parts.more(omitted, cut) : `… ${omitted} more not shown (the answer is capped at ${cap} characters): narrow the request.`;
  const itemCap = Math.max(80, Math.floor(cap * MAX_ITEM_SHARE));
  // Room kept for the "more" line, which is written last.
  const reserve = Math.min(Math.floor(cap / 4), Math.max(moreLine(999_999, true).length, moreLine(999_999, false).length) + 1);
  const head = clip(parts.summary.join('\n'), cap - reserve);
  let text = head;
  let shown = 0;
  for (const raw of parts.items) {
    const item = clip(raw, itemCap);
    if (text.length + 1 + item.length > cap - reserve) break;
    text += (text ? '\n' : '') + item;
    shown++;
  }
  const omitted = parts.items.length - shown + (parts.beyond ?? 0);
  if (omitted > 0) text += '\n' + moreLine(omitted, shown < parts.items.length);
  for (const line of parts.footer ?? []) {
    if (text.length + 1 + line.length > cap) break;
    text += '\n' + line;
  }
  return clip(text, cap);
}

/** Text cut to `max` characters, the cut marked. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = '… [cut]';
  return max <= marker.length ? text.slice(0, max) : text.slice(0, max - marker.length) + marker;
}
