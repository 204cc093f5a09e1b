/** The name column's width: dragged by the splitter at its right edge, kept with the panel's state. */
import type { Waterfall } from './waterfall';

function applyNameWidth(width: number | null): void {
  if (width) document.documentElement.style.setProperty('--name-w', `${width}px`);
}

export function listenToSplitter(w: Waterfall, onResized: () => void): void {
  const { splitter, waterfall } = w.page;
  applyNameWidth(w.state.nameWidth);
  splitter.addEventListener('mousedown', (e) => {
    e.preventDefault();
    const left = waterfall.getBoundingClientRect().left;
    splitter.classList.add('dragging');
    const move = (ev: MouseEvent) => {
      const max = waterfall.clientWidth - 160;
      w.state.nameWidth = Math.round(Math.max(140, Math.min(max, ev.clientX - left)));
      applyNameWidth(w.state.nameWidth);
      onResized();
    };
    const up = () => {
      splitter.classList.remove('dragging');
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      w.saveState();
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  });
}
