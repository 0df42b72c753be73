import type { FeedEntry } from "../activity/feed-entry";
import type { FeedPosition } from "../activity/feed-reset";
import type { SessionFilter } from "../activity/session-filter";
import type { SessionCursor } from "../activity/session-order";
import type { SessionSummary } from "../activity/session-summary";
import type { StoredAction } from "../activity/stored-action";
import type { ConversationLink } from "./conversation-link";
import type { DeliveryLogEntry } from "../webhook/delivery-log-entry";

/** What one accepted event contributes to its session. Built by the normaliser, applied by a store. */
export type SessionEvent = {
  /** Idempotency key: the same event delivered twice is applied once. */
  event_id: string;
  session_id: string;
  /** Unix seconds, fractional: when the event happened in the browser. */
  timestamp: number;
  /** The identified user's distinct id, or null while anonymous. */
  user_id: string | null;
  email: string | null;
  product_id: string;
  current_url: string | null;
  /** null for events that carry identity but are no action (`$identify`, `$set`). */
  action: StoredAction | null;
};

export type RecordOutcome = "stored" | "duplicate";

/** Events skipped before reaching a session (no `$session_id`, low-signal, custom), kept visible. */
export type SkippedEvent = {
  reason: string;
  event: string;
  distinct_id: string | null;
  timestamp: number;
};

export type SkipStats = {
  counts: Record<string, number>;
  /** The most recent skipped events, newest first. */
  recent: SkippedEvent[];
};

export type Unsubscribe = () => void;

/** A page of the session list: the `limit` sessions after `after`, in the order of session-order.ts. */
export type SessionQuery = SessionFilter & { limit: number; after?: SessionCursor | null };

export type SessionPage = {
  sessions: SessionSummary[];
  /** Where the next page starts; null when this page reaches the end. */
  next: SessionCursor | null;
  /** How many sessions match the filter in all (every stored session without one). */
  total: number;
};

/**
 * The store contract every backend honours (memory now, Redis on multi-instance deploys):
 * - `record` applies events atomically per event, ignoring ones already seen, and appends one feed entry per
 *   session it changed, in order, with increasing ids;
 * - `subscribe(after)` first replays the retained entries after `after`, then delivers live ones, so a
 *   client resuming with `Last-Event-ID` sees no gap and no duplicate; when that is impossible (entries after
 *   `after` were trimmed, `after` is of another store generation, or no id at all) it says so through
 *   `onPosition` and starts from the newest position instead, never silently;
 * - feed ids are `<epoch>.<position>` (feed-id.ts): the epoch changes when the store's data does not survive
 *   (a memory store restarting, a flushed Redis), so an old id is recognised as such;
 * - the feed is trimmed by number and by age (feed-retention.ts), whichever limit is hit first;
 * - sizes are bounded: the oldest actions of a session and the least recently active sessions are evicted;
 * - reads go through indexes, never a scan of every session: `listSessions` costs the same at 50 sessions
 *   as at 50,000, and search is a lookup by session id, user id or email (any case).
 */
export interface ActivityStore {
  record(events: readonly SessionEvent[]): Promise<RecordOutcome[]>;
  noteSkipped(events: readonly SkippedEvent[]): Promise<void>;
  /**
   * Sessions most recently active first (ties: session id, descending), a page at a time. A cursor stays
   * valid while sessions arrive: new activity lands before it, never shifting what comes after it.
   */
  listSessions(query: SessionQuery): Promise<SessionPage>;
  /**
   * A session and its retained actions, oldest first. `first_index` is the first retained action's place in
   * the whole session (the actions evicted by the cap come before it): the feed's `index` counts the same way.
   */
  getSession(sessionId: string): Promise<{ session: SessionSummary; actions: StoredAction[]; first_index: number } | null>;
  skipStats(): Promise<SkipStats>;
  /** Keeps the latest webhook requests, newest first, for the "Connect PostHog" page. */
  logDelivery(entry: DeliveryLogEntry): Promise<void>;
  recentDeliveries(): Promise<DeliveryLogEntry[]>;
  /**
   * The feed's current position: the id of the newest entry, or before the first one `<epoch>.0`-like, so a
   * page that read its snapshot after it can resume from it even while the feed is empty.
   */
  latestFeedId(): Promise<string | null>;
  /**
   * Replays the entries after `after` (null: from now), then delivers live ones. `onPosition` is called once
   * before any entry with where the subscription starts (the client's id when it could resume, else the newest
   * position and why not: FeedPosition.reset), and again, before the entry concerned, if a live entry turns out
   * to be of a new generation (Redis emptied while streaming). No callback runs before this returns.
   */
  subscribe(after: string | null, listener: (entry: FeedEntry) => void, onPosition?: (position: FeedPosition) => void): Unsubscribe;
  /**
   * Retained feed entries after `after` (from the oldest retained when null), oldest first, at most `limit`:
   * what push delivery reads from its durable cursor.
   */
  readFeed(after: string | null, limit: number): Promise<FeedEntry[]>;
  /** Links a known session to a chat conversation, atomically across instances; the first link sticks. */
  linkConversation(sessionId: string, conversationId: string): Promise<ConversationLink>;
  /** The conversation each session is linked to, or null, in the order asked. */
  conversationsOf(sessionIds: readonly string[]): Promise<(string | null)[]>;
}
