import { compareActivity, type SessionCursor } from "../activity/session-order";

/**
 * The memory store's sorted set: session positions kept in the order of session-order.ts, so a page, a
 * count and the least recently active session are found by binary search instead of sorting every session.
 * Activity mostly moves a session to the front, which is the end of the array here: cheap to splice.
 */
export class ActivityIndex {
  /** Least recently active first: the reverse of the listing order. */
  private readonly entries: SessionCursor[] = [];

  get size(): number {
    return this.entries.length;
  }

  add(position: SessionCursor): void {
    this.entries.splice(this.insertionPoint(position), 0, { last_seen: position.last_seen, session_id: position.session_id });
  }

  delete(position: SessionCursor): void {
    const at = this.insertionPoint(position);
    const found = this.entries[at];
    if (found && found.session_id === position.session_id && found.last_seen === position.last_seen) this.entries.splice(at, 1);
  }

  /** The least recently active sessions first, for eviction. */
  *leastRecent(): Generator<SessionCursor> {
    for (const entry of this.entries) yield entry;
  }

  /** Up to `limit` positions after `after` (or from the most recent), most recent first. */
  page(after: SessionCursor | null, limit: number): SessionCursor[] {
    let at = after === null ? this.entries.length : this.insertionPoint(after);
    const page: SessionCursor[] = [];
    while (at > 0 && page.length < limit) page.push(this.entries[--at]!);
    return page;
  }

  /** The first index whose entry is not less recent than `position` (an equal one included). */
  private insertionPoint(position: SessionCursor): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      // compareActivity(entry, position) > 0: the entry comes after the position in listing order, i.e. is older.
      if (compareActivity(this.entries[mid]!, position) > 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
