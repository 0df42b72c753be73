/**
 * Event ids a session remembers by default: twice its action cap, so the memory it takes is of the order of
 * the actions the caps already allow, and anything forgotten is older than a full session of newer events.
 */
export const dedupeCapacity = (maxActionsPerSession: number) => Math.max(100, 2 * maxActionsPerSession);

/**
 * The event ids applied to one session, living and dying with it, so de-duplication covers everything the
 * store retains and grows with the caps, not with traffic. Bounded: past `capacity`, the ids with the oldest
 * event times are forgotten, and from then on any event at or before the latest forgotten time counts as seen
 * (an event that late, behind thousands of its session's own, is a retry). The Redis record script applies
 * the same rule to a sorted set per session.
 */
export class SessionDedupe {
  private readonly ids = new Map<string, number>();
  private horizon = -Infinity;

  constructor(private readonly capacity: number) {}

  has(eventId: string, timestamp: number): boolean {
    return timestamp <= this.horizon || this.ids.has(eventId);
  }

  add(eventId: string, timestamp: number): void {
    this.ids.set(eventId, timestamp);
    // Trimmed in chunks, so the sort is paid once per quarter of the capacity, not once per event.
    if (this.ids.size > this.capacity + Math.ceil(this.capacity / 4)) this.trim();
  }

  private trim(): void {
    const oldest = [...this.ids].sort((a, b) => a[1] - b[1]).slice(0, this.ids.size - this.capacity);
    for (const [eventId, timestamp] of oldest) {
      this.ids.delete(eventId);
      this.horizon = Math.max(this.horizon, timestamp);
    }
  }
}
