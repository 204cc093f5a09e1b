import type { EvictionsByCause } from './counters';
import { formatByteSize } from './limits';
import type { MemoryUse } from './store';

/**
 * One line on what the store holds against its memory budget and why items were evicted, for the status bar's
 * tooltip and the CLI: 'Memory: 45 MB of 256 MB · evicted by the memory budget: 1,204 items, by the count caps: 56'.
 */
export function memoryLine(memory: MemoryUse, byCause: EvictionsByCause): string {
  const capped = byCause.spanCap + byCause.logCap + byCause.pointCap + byCause.seriesCap + byCause.instanceCap;
  const n = (x: number) => x.toLocaleString('en-US');
  const evicted = byCause.memory || capped ? ` · evicted by the memory budget: ${n(byCause.memory)} ${byCause.memory === 1 ? 'item' : 'items'}, by the count caps: ${n(capped)}` : '';
  return `Memory: ${formatByteSize(memory.bytes)} of ${formatByteSize(memory.budgetBytes)}${evicted}`;
}
