/** Small DOM helpers both webviews build their pages with. */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An HTML element with a class and text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** An SVG element with attributes and a class. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Record<string, string | number>, cls?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  if (attrs) for (const k in attrs) e.setAttribute(k, String(attrs[k]));
  if (cls) e.setAttribute('class', cls);
  return e;
}

/** Shows the page's content in place of the "Loading…" placeholder, once. */
export function showApp(app: HTMLElement, ...parts: HTMLElement[]): void {
  if (parts.every((p) => app.contains(p))) return;
  app.replaceChildren(...parts);
  app.removeAttribute('aria-busy');
  document.body.classList.remove('loading');
}

/**
 * Measures text in a CSS font ("11px sans-serif"), so labels can be spaced by their real width; widths are
 * cached per text (a redraw measures the same labels again).
 */
export function textMeasurer(font: string): (text: string) => number {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return (text) => text.length * 7;
  ctx.font = font;
  const cache = new Map<string, number>();
  return (text) => {
    let w = cache.get(text);
    if (w === undefined) {
      if (cache.size > 2000) cache.clear();
      cache.set(text, (w = ctx.measureText(text).width));
    }
    return w;
  };
}

/** The font an element is drawn in, for textMeasurer. */
export function fontOf(element: Element): string {
  const style = getComputedStyle(element);
  return style.font || `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
}
