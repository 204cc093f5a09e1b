/**
 * Forward health for the extension's surfaces, as text they can take as it is: a phrase for the Instances view's
 * description and Markdown lines for the status-bar tooltip. No 'vscode' here, so it is unit-tested plainly.
 */
import { forwardHealthLines, forwardSummary } from '../../core/forward/forwardHealthText';
import type { UpstreamHealth } from '../../core/forward/health';

/** `127.0.0.1:4318 · forward: ok` (the base description with the forward phrase after it). */
export function withForwardDescription(base: string, health: readonly UpstreamHealth[]): string {
  const summary = forwardSummary(health);
  return summary ? `${base} · ${summary}` : base;
}

/** Tooltip lines: a heading, then one Markdown line per health line; a failing upstream is marked `$(error)`. */
export function forwardTooltipLines(health: readonly UpstreamHealth[], nowMs: number = Date.now()): string[] {
  if (!health.length) return [];
  const out = ['', '**Forward**', ''];
  const lines = forwardHealthLines(health, nowMs);
  let u = -1;
  for (const line of lines) {
    const escaped = line.replace(/[\\`*_{}[\]<>#+!|]/g, (c) => `\\${c}`);
    if (!line.startsWith('  ')) {
      u++;
      const mark = health[u].status === 'failing' ? '$(error) ' : health[u].status === 'retrying' ? '$(sync) ' : '';
      out.push(`${mark}${escaped}`, '');
    } else {
      out.push(`&nbsp;&nbsp;${escaped.trim()}`, '');
    }
  }
  return out;
}
