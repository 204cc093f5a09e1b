import type { Row } from './report';

/** What every bench gets: smoke (tiny counts, numbers only) and a logger for progress lines (stderr). */
export interface BenchContext {
  smoke: boolean;
  log(message: string): void;
}

export type Bench = (ctx: BenchContext) => Promise<Row[]>;

/** Full-run value or smoke value. */
export function pick<T>(ctx: BenchContext, full: T, smoke: T): T {
  return ctx.smoke ? smoke : full;
}
