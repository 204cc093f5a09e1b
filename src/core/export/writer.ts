/**
 * The Prometheus text exposition format 0.0.4: families with one HELP and one TYPE line each, then their
 * samples. It guards what the format cannot hold: two families that would write the same sample name
 * (a gauge `x_count` beside a histogram `x`, or one name as two types) and two series with the same labels.
 * Whatever it leaves out is named in a `# ` comment line, which scrapers skip.
 */
import { escapeLabelValue, labelsKey, type Label } from './labels';
import type { PromType } from './naming';

interface Family {
  name: string;
  type: PromType;
  help: string;
  /** The written lines of the family's samples, in order. */
  lines: string[];
  /** Label keys of the series written so far, to refuse duplicates. */
  series: Set<string>;
}

/** The sample names a family writes: a histogram `x` writes `x_bucket`, `x_sum` and `x_count`. */
function sampleNames(name: string, type: PromType): string[] {
  if (type === 'histogram') return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
  if (type === 'summary') return [name, `${name}_sum`, `${name}_count`];
  return [name];
}

/** A sample value: `+Inf`, `-Inf` and `NaN` as the format spells them. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** HELP text: backslash and line feed escaped (quotes stay as they are there). */
export function escapeHelp(text: string): string {
  return text.replace(/[\\\n]/g, (c) => (c === '\\' ? '\\\\' : '\\n'));
}

export function sampleLine(name: string, labels: readonly Label[], value: number): string {
  if (labels.length === 0) return `${name} ${formatValue(value)}`;
  let out = `${name}{`;
  for (let i = 0; i < labels.length; i++) out += `${i ? ',' : ''}${labels[i].name}="${escapeLabelValue(labels[i].value)}"`;
  return `${out}} ${formatValue(value)}`;
}

/** One series of a family, written as a unit (a histogram's buckets, sum and count together). */
export interface SeriesWriter {
  /** `suffix` is '' or `_bucket`, `_sum`, `_count`; `extra` holds `le` or `quantile`. */
  sample(suffix: string, value: number, extra?: Label): void;
}

export class Exposition {
  private readonly families = new Map<string, Family>();
  /** Sample name → the family that writes it. */
  private readonly owners = new Map<string, string>();
  private readonly notes: string[] = [];

  /**
   * The family of this name and type, made on first use. A name already taken by another type, or whose
   * sample names another family writes, cannot be written: undefined, and a note says what was left out.
   */
  family(name: string, type: PromType, help: string, what: string): Family | undefined {
    const existing = this.families.get(name);
    if (existing) {
      if (existing.type === type) {
        if (!existing.help && help) existing.help = help;
        return existing;
      }
      this.note(`${what} left out: ${name} is already a ${existing.type} here, not a ${type}`);
      return undefined;
    }
    const names = sampleNames(name, type);
    for (const n of names) {
      const owner = this.owners.get(n);
      if (owner !== undefined) {
        this.note(`${what} left out: its sample name ${n} is already written by ${owner}`);
        return undefined;
      }
    }
    const family: Family = { name, type, help, lines: [], series: new Set() };
    this.families.set(name, family);
    for (const n of names) this.owners.set(n, name);
    return family;
  }

  /**
   * A writer for one series with these labels, or undefined when the family already has a series with the
   * same labels (two OTLP metrics or attribute sets that map to one Prometheus series): the first one wins.
   */
  series(family: Family, labels: readonly Label[], what: string): SeriesWriter | undefined {
    const key = labelsKey([...labels].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
    if (family.series.has(key)) {
      this.note(`${what} left out: ${family.name} already has a series with the same labels`);
      return undefined;
    }
    family.series.add(key);
    return {
      sample: (suffix, value, extra) => {
        family.lines.push(sampleLine(family.name + suffix, extra ? [...labels, extra] : labels, value));
      },
    };
  }

  note(text: string): void {
    this.notes.push(text.replace(/[\r\n]+/g, ' '));
  }

  /** The whole exposition: notes first, then families by name, each ending in a line feed. */
  render(): string {
    let out = '';
    for (const n of this.notes) out += `# telemetry-inspector: ${n}\n`;
    const names = [...this.families.keys()].sort();
    for (const name of names) {
      const f = this.families.get(name)!;
      if (f.lines.length === 0) continue;
      if (f.help) out += `# HELP ${name} ${escapeHelp(f.help)}\n`;
      out += `# TYPE ${name} ${f.type}\n`;
      for (const line of f.lines) out += `${line}\n`;
    }
    return out;
  }
}

export type { Family };
