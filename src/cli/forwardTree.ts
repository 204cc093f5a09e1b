import type { UpstreamHealth } from '../core/forward/health';
import { forwardHealthLines, forwardStatusText } from '../core/forward/forwardHealthText';
import type { Style } from './liveTree';

/** The upstreams under the instances: the shared health lines, with the status coloured. */
export function renderForward(health: readonly UpstreamHealth[], style: Style, nowMs: number = Date.now()): string[] {
  if (!health.length) return [];
  const lines: string[] = ['', style.bold('Forward')];
  const text = forwardHealthLines(health, nowMs);
  let i = 0;
  for (const h of health) {
    const mark = h.status === 'up' ? style.green('●') : h.status === 'failing' ? style.red('✗') : h.status === 'retrying' ? style.yellow('◌') : style.dim('○');
    const status = forwardStatusText(h, nowMs);
    const colour = h.status === 'failing' ? style.red : h.status === 'retrying' ? style.yellow : (s: string) => s;
    // The first line of each upstream ends with its status; the following ones (counts, drops) start with two spaces.
    const head = text[i++];
    lines.push(`${mark} ${head.slice(0, head.length - status.length)}${colour(status)}`);
    while (i < text.length && text[i].startsWith('  ')) lines.push(style.dim(text[i++]));
  }
  return lines;
}
