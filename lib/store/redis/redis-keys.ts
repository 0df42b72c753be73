/**
 * Every key the Redis store uses, under one prefix so several apps (or test runs) can share a database.
 * The record script derives evicted sessions' keys itself: keep `session:` and `actions:` in step with it.
 */
export type RedisKeys = ReturnType<typeof redisKeys>;

export function redisKeys(prefix: string) {
  return {
    prefix,
    /** Hash: the session's summary, numbers kept as the exact text JavaScript wrote. */
    session: (sessionId: string) => `${prefix}session:${sessionId}`,
    /** Sorted set: the session's actions as JSON, scored by timestamp. */
    actions: (sessionId: string) => `${prefix}actions:${sessionId}`,
    /** Sorted set: session ids scored by last_seen, for listing and eviction. */
    sessions: `${prefix}sessions`,
    /** Marker of an applied event id, expiring after the de-duplication window. */
    seen: (eventId: string) => `${prefix}seen:${eventId}`,
    /** Stream: the live feed; its entry ids are the FeedEntry ids. */
    feed: `${prefix}feed`,
    skipCounts: `${prefix}skipped:counts`,
    skipRecent: `${prefix}skipped:recent`,
    deliveries: `${prefix}deliveries`,
  };
}
