/**
 * Reports where the user is (scroll, selection, focus) to the host, a moment after it changes and after every
 * redraw, so tests can check that redraws keep it; answers the host's `scrollTo`.
 */
import type { CommonToHost, ViewState } from './messages';

export interface ViewStateReporter {
  /** Reports soon (coalesced): after a scroll, a click, a redraw. */
  changed(): void;
}

export function viewStateReporter(post: (m: CommonToHost) => void, read: () => ViewState): ViewStateReporter {
  let timer = 0;
  let last = '';
  const send = () => {
    timer = 0;
    const state = read();
    const text = JSON.stringify(state);
    if (text === last) return;
    last = text;
    post({ type: 'viewState', state });
  };
  for (const type of ['focusin', 'focusout'] as const) document.addEventListener(type, () => reporter.changed());
  const reporter: ViewStateReporter = {
    changed() {
      if (!timer) timer = window.setTimeout(send, 100);
    },
  };
  return reporter;
}

/** A short name for what has the focus: its data-focus attribute, else its tag and class. */
export function focusName(): string | null {
  const a = document.activeElement;
  if (!a || a === document.body || a === document.documentElement) return null;
  const named = a.closest('[data-focus]');
  if (named) return (named as HTMLElement).dataset.focus ?? null;
  return `${a.tagName.toLowerCase()}${a.className ? `.${String(a.className).split(' ')[0]}` : ''}`;
}
