/**
 * Every key the Redis store uses. All of them share one hash tag, `{<prefix>}`: Redis Cluster puts keys
 * with the same tag in the same slot, so a script may touch any of them. The record script does derive keys
 * it cannot declare in advance (an evicted session's, a user's or email's index): they carry the same tag,
 * so they live on the node the script runs on. Several apps (or test runs) share a database by prefix.
 * The scripts derive keys from `tag` themselves: keep the names below in step with them.
 */
export type RedisKeys = ReturnType<typeof redisKeys>;

export function redisKeys(prefix: string) {
  const tag = `{${prefix}}`;
  return {
    /** The prefix as given, for connection names. */
    prefix,
    /** What every key starts with; scripts build derived keys from it. */
    tag,
    /** Hash: the session's summary, numbers kept as the exact text JavaScript wrote. */
    session: (sessionId: string) => `${tag}session:${sessionId}`,
    /** Sorted set: the session's actions as JSON, scored by timestamp. */
    actions: (sessionId: string) => `${tag}actions:${sessionId}`,
    /** Sorted sets of session ids scored by last_seen: all, and split by identity; listing and eviction. */
    sessions: `${tag}sessions`,
    identified: `${tag}sessions:identified`,
    anonymous: `${tag}sessions:anonymous`,
    /** Sorted sets of a user's, or an email's (lower-cased), session ids, scored by last_seen: search. */
    byUser: (userId: string) => `${tag}user:${userId}`,
    byEmail: (emailKey: string) => `${tag}email:${emailKey}`,
    /** String: the chat conversation the session is linked to (link-conversation-script.ts). */
    conversation: (sessionId: string) => `${tag}conversation:${sessionId}`,
    /** Sorted set: the event ids applied to the session, by event time (see SessionDedupe); lives with it. */
    dedupe: (sessionId: string) => `${tag}dedupe:${sessionId}`,
    /** Stream: the live feed; its entry ids, after the epoch, are the FeedEntry ids. */
    feed: `${tag}feed`,
    /**
     * String: the feed's generation (feed-id.ts), created with SET NX by the first write or read that needs it
     * and never expiring, so an emptied Redis (FLUSHALL, a new database) gets a new one and old ids are told apart.
     */
    feedEpoch: `${tag}feed:epoch`,
    /** String: the id of the newest feed entry written, which the next entry carries as its `prev`. */
    feedLast: `${tag}feed:last`,
    skipCounts: `${tag}skipped:counts`,
    skipRecent: `${tag}skipped:recent`,
    deliveries: `${tag}deliveries`,
  };
}
