/**
 * Units as people read them next to a number: UCUM units as OTel writes them ("ms", "By", "{request}", "1") made
 * readable, counted things in the singular or plural by the number ("1 request", "0.25 requests/s"), and the unit
 * of a per-second rate. The metric chart and the tree say units through these, so they agree.
 */

/** A unit's two forms: `one` after exactly 1, `other` after any other number. Equal for symbols like "ms". */
export interface UnitWords {
  one: string;
  other: string;
}

const SYMBOLS: Record<string, string> = { By: 'B', KiBy: 'KiB', MiBy: 'MiB', GiBy: 'GiB', 'By/s': 'B/s', Cel: '°C' };

/** An annotation such as {request} names the thing counted; it may be followed by a per-something ("{request}/s"). */
const ANNOTATION = /^\{([a-z][a-z _-]*)\}(\/.+)?$/i;

/** The unit in short form: "B" for By, "request" for {request}, "" for a dimensionless "1". */
export function formatUnit(unit: string): string {
  if (!unit || unit === '1') return '';
  const braces = /^\{(.*)\}$/.exec(unit);
  if (braces) return braces[1];
  return SYMBOLS[unit] ?? unit;
}

/**
 * OTel's annotations are singular by convention ({request}, {process}); some apps write plurals ({items}), which
 * stay as written. A word ending in s is taken as a plural unless it ends like a singular does (-ss, -us, -is).
 */
function pluralOf(word: string): string {
  if (/s$/i.test(word) && !/(ss|us|is)$/i.test(word)) return word;
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/** The unit's words: {request} → request / requests, "{request}/s" → request/s / requests/s; symbols stay as they are. */
export function unitWords(unit: string): UnitWords {
  const m = ANNOTATION.exec(unit);
  if (m) {
    const per = m[2] ? formatPer(m[2]) : '';
    return { one: m[1] + per, other: pluralOf(m[1]) + per };
  }
  const u = formatUnit(unit);
  return { one: u, other: u };
}

function formatPer(per: string): string {
  return `/${formatUnit(per.slice(1))}`;
}

/** The unit of a per-second rate of a count in `unit`: request/s / requests/s for {request}, B/s for By, /s for "1". */
export function rateUnitWords(unit: string): UnitWords {
  const w = unitWords(unit);
  return { one: `${w.one}/s`, other: `${w.other}/s` };
}

/** The rate unit as an axis names it: "requests/s". */
export function rateUnit(unit: string): string {
  return rateUnitWords(unit).other;
}

/** A formatted number with its unit's words: "1 request/s", "0.25 requests/s", "5 ms", "3/s" for a bare rate. */
export function withWords(text: string, words: UnitWords): string {
  const u = /^[-+]?1$/.test(text) ? words.one : words.other;
  if (!u) return text;
  return u.startsWith('/') ? `${text}${u}` : `${text} ${u}`;
}

/** A formatted number with a unit as OTel writes it: "2 requests", "1 request", "5 ms", "512 B". */
export function withUnit(text: string, unit: string): string {
  return withWords(text, unitWords(unit));
}
