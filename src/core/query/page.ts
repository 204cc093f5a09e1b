/**
 * One page of a list: items are added until the page holds `limit` of them or their JSON reaches the byte budget,
 * whichever comes first. The first item always goes in (items are clipped well under the budget), so paging with
 * the cursor always moves on.
 */
import { PAGE_BUDGET_BYTES } from './queryLimits';

export class Page<T> {
  readonly items: T[] = [];
  private bytes = 0;
  /** Set once an item did not fit: there is more after the last item. */
  full = false;

  constructor(
    private readonly limit: number,
    private readonly budgetBytes: number = PAGE_BUDGET_BYTES,
  ) {}

  /** Adds the item if it fits; false (and `full`) when the page is done. */
  add(item: T): boolean {
    if (this.full) return false;
    const size = Buffer.byteLength(JSON.stringify(item), 'utf8') + 1;
    if (this.items.length >= this.limit || (this.items.length > 0 && this.bytes + size > this.budgetBytes)) {
      this.full = true;
      return false;
    }
    this.items.push(item);
    this.bytes += size;
    return true;
  }
}
