import { randomBytes } from "node:crypto";
import { feedReset, type FeedPosition } from "../activity/feed-reset";

/**
 * Feed ids as clients hold them (SSE `id:`, Last-Event-ID, push cursors): `<epoch>.<position>`. The position
 * is the backend's own (the memory store's sequence number, a Redis stream id `<ms>-<seq>`); the epoch names
 * the store's generation: a new one for each memory store, and one per Redis database, kept in a key that a
 * flush removes. A position is only meaningful within its epoch: after a restart the memory store counts from
 * 1 again, and a flushed Redis has lost what the old ids pointed to.
 */
const FEED_ID = /^([0-9a-z]{1,32})\.(\d{1,16}(?:-\d{1,16})?)$/;
/** What ids looked like before they carried an epoch: "12" (memory), "1733000000000-0" (Redis). */
const LEGACY_ID = /^\d{1,16}(?:-\d{1,16})?$/;

export type FeedId = { epoch: string; position: string };

export function formatFeedId(epoch: string, position: string): string {
  return `${epoch}.${position}`;
}

export function parseFeedId(value: string): FeedId | null {
  const match = FEED_ID.exec(value);
  return match ? { epoch: match[1]!, position: match[2]! } : null;
}

/** The backend position of an id this store built (no validation: for ids of entries it holds). */
export function positionOf(id: string): string {
  return id.slice(id.indexOf(".") + 1);
}

/** A fresh generation: time-ordered for people reading logs, random so two starts in one millisecond differ. */
export function newEpoch(): string {
  return Date.now().toString(36) + randomBytes(4).readUInt32BE(0).toString(36).padStart(7, "0");
}

/** What a store knows of its feed when a subscriber arrives. */
export type FeedState = {
  epoch: string;
  /** The newest position issued ("0" / "0-0" before the first entry). */
  latest: string;
  /** The newest position trimmed away, or null if none was. */
  trimmedThrough: string | null;
  /** Whether a string is a position of this backend, and how two compare. */
  isPosition: (position: string) => boolean;
  compare: (a: string, b: string) => number;
};

/**
 * Where a subscription resumes. It replays the entries after `replayAfter`, and its position is the client's id
 * when every entry after it is still held; otherwise it starts at the newest position, saying why. A garbage id
 * is a reset (`invalid`), not a silent "from now", so the client learns that it may have missed something.
 */
export function resumePoint(after: string | null, feed: FeedState): { replayAfter: string; position: FeedPosition } {
  const now = (reason: Parameters<typeof feedReset>[0]) => ({
    replayAfter: feed.latest,
    position: { id: formatFeedId(feed.epoch, feed.latest), reset: feedReset(reason) },
  });
  if (after === null) return { replayAfter: feed.latest, position: { id: formatFeedId(feed.epoch, feed.latest), reset: null } };
  const id = parseFeedId(after);
  if (id === null) return now(LEGACY_ID.test(after) ? "other_generation" : "invalid");
  if (id.epoch !== feed.epoch) return now("other_generation");
  if (!feed.isPosition(id.position) || feed.compare(id.position, feed.latest) > 0) return now("invalid");
  if (feed.trimmedThrough !== null && feed.compare(id.position, feed.trimmedThrough) < 0) return now("expired");
  return { replayAfter: id.position, position: { id: after, reset: null } };
}
