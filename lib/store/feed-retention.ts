/**
 * How much of the live feed a store keeps for clients that resume (SSE Last-Event-ID, push cursors): entries
 * are trimmed by number or by age, whichever limit is hit first. A client whose position was trimmed gets an
 * `event: reset` rather than a silent gap (feed-id.ts).
 *
 * The number bounds memory under load (at a thousand deliveries a second, 10,000 entries last ten seconds, and
 * a client away longer is told to re-read). The age bounds how stale a replay can be when traffic is low: a
 * day is longer than any posthog-js session lasts (24 h at most), longer than a dashboard's or an agent's
 * reconnect after a laptop sleeps or a deploy, and long enough for a push target that was down overnight to get
 * its backlog; a client away longer has nothing of value to replay and is better served by re-reading.
 */
export const DEFAULT_FEED_RETENTION = 10_000;
export const DEFAULT_FEED_RETENTION_SECONDS = 24 * 3600;
