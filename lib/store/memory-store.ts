import type { FeedEntry } from "../activity/feed-entry";
import type { FeedPosition } from "../activity/feed-reset";
import { emailKey, matchesFilter } from "../activity/session-filter";
import { compareActivity, cursorOf, isAfterCursor } from "../activity/session-order";
import type { SessionSummary } from "../activity/session-summary";
import { compareActions, type StoredAction } from "../activity/stored-action";
import { applySessionEvent } from "../activity/apply-session-event";
import type { DeliveryLogEntry } from "../webhook/delivery-log-entry";
import { ActivityIndex } from "./activity-index";
import { formatFeedId, newEpoch, parseFeedId, resumePoint } from "./feed-id";
import { DEFAULT_FEED_RETENTION, DEFAULT_FEED_RETENTION_SECONDS } from "./feed-retention";
import type { ConversationLink } from "./conversation-link";
import { dedupeCapacity, SessionDedupe } from "./session-dedupe";
import { flatCopy, StringPool } from "./string-pool";
import type {
  ActivityStore,
  RecordOutcome,
  SessionEvent,
  SessionPage,
  SessionQuery,
  SkippedEvent,
  SkipStats,
  Unsubscribe,
} from "./activity-store";

export type MemoryStoreLimits = {
  maxSessions: number;
  maxActionsPerSession: number;
  /** Feed entries kept for resuming subscribers, at most (see feed-retention.ts). */
  feedRetention?: number;
  /** How long a feed entry is kept, at most; whichever of the two limits is hit first trims. */
  feedRetentionSeconds?: number;
  /** Event ids each session remembers for de-duplication (see SessionDedupe). Default: dedupeCapacity. */
  dedupePerSession?: number;
};

/** `evicted`: how many of the session's actions the cap has removed, so indices count the whole session. */
type SessionState = { summary: SessionSummary; actions: StoredAction[]; seen: SessionDedupe; evicted: number };

const RECENT_SKIPPED = 50;
const RECENT_DELIVERIES = 50;
/** Dropped entries are compacted away in chunks, so trimming one entry never shifts the whole feed. */
const COMPACT_AFTER = 1024;

/**
 * The zero-setup store for a single process (laptop, tests). Sessions are indexed as the Redis store indexes
 * them: by activity (all, identified, anonymous), by user id and by email, so listing, search and eviction
 * never walk every session.
 */
export class MemoryStore implements ActivityStore {
  private readonly sessions = new Map<string, SessionState>();
  private readonly byActivity = new ActivityIndex();
  private readonly identified = new ActivityIndex();
  private readonly anonymous = new ActivityIndex();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly byEmail = new Map<string, Set<string>>();
  /** This store's generation: its ids mean nothing to another one (a restart starts counting again). */
  private readonly epoch = newEpoch();
  /** The feed from `feedHead` on (earlier slots are trimmed, awaiting compaction), with when each was added. */
  private feed: FeedEntry[] = [];
  private feedAddedAt: number[] = [];
  private feedHead = 0;
  /** The sequence number of the newest entry issued, and of the newest one trimmed (entries are contiguous). */
  private feedSeq = 0;
  private trimmedThrough = 0;
  private readonly listeners = new Set<(entry: FeedEntry) => void>();
  private readonly skipCounts: Record<string, number> = {};
  private readonly recentSkipped: SkippedEvent[] = [];
  private readonly deliveries: DeliveryLogEntry[] = [];
  private readonly feedRetention: number;
  private readonly feedRetentionMs: number;
  private readonly dedupePerSession: number;
  private readonly strings = new StringPool();
  private readonly conversations = new Map<string, string>();

  constructor(private readonly limits: MemoryStoreLimits) {
    this.feedRetention = limits.feedRetention ?? DEFAULT_FEED_RETENTION;
    this.feedRetentionMs = (limits.feedRetentionSeconds ?? DEFAULT_FEED_RETENTION_SECONDS) * 1000;
    this.dedupePerSession = limits.dedupePerSession ?? dedupeCapacity(limits.maxActionsPerSession);
  }

  async record(events: readonly SessionEvent[]): Promise<RecordOutcome[]> {
    const changed = new Map<string, StoredAction[]>();
    const before = new Map<string, SessionSummary | null>();
    /** Per session written: its newest action and its evicted count before this call. */
    const held = new Map<string, { last: StoredAction | undefined; evicted: number }>();
    const outcomes = events.map((event): RecordOutcome => {
      const known = this.sessions.get(event.session_id);
      if (known?.seen.has(event.event_id, event.timestamp)) return "duplicate";
      // One flat copy of the id serves both the de-duplication set and the stored action.
      const eventId = flatCopy(event.event_id);
      const state: Omit<SessionState, "summary"> & { summary: SessionSummary | null } = known ?? {
        summary: null,
        actions: [],
        seen: new SessionDedupe(this.dedupePerSession),
        evicted: 0,
      };
      if (!held.has(event.session_id)) held.set(event.session_id, { last: state.actions.at(-1), evicted: state.evicted });
      state.seen.add(eventId, event.timestamp);
      if (!before.has(event.session_id)) before.set(event.session_id, state.summary);
      if (state.summary) this.unindex(state.summary);
      const stored = event.action ? this.compact(event.action, eventId) : null;
      if (stored) insertSorted(state.actions, stored);
      // The oldest actions go first when a session outgrows its cap: agents care about what is happening now.
      if (state.actions.length > this.limits.maxActionsPerSession) {
        state.evicted += state.actions.splice(0, state.actions.length - this.limits.maxActionsPerSession).length;
      }
      const summary = applySessionEvent(state.summary, event, state.actions.length);
      this.sessions.set(event.session_id, { summary, actions: state.actions, seen: state.seen, evicted: state.evicted });
      this.index(summary);
      const added = changed.get(event.session_id) ?? [];
      if (stored) added.push(stored);
      changed.set(event.session_id, added);
      return "stored";
    });
    // Only a write evicts, as in the record script: a delivery of nothing new (PostHog retrying) must not evict
    // what an earlier one stored over the cap, which the retry's own "duplicate" answers say is kept.
    if (changed.size > 0) this.evictSessions(new Set(changed.keys()));
    for (const [sessionId, added] of changed) {
      const state = this.sessions.get(sessionId);
      if (!state) continue;
      // Positions are read after every insert of this call, so out-of-order arrivals get their final place.
      // New actions are mostly the newest: searched from the end.
      const positions = added.map((action) => state.actions.lastIndexOf(action));
      const actions = added
        .map((action, i) => ({ ...action, index: state.evicted + positions[i]! }))
        .filter((_, i) => positions[i]! >= 0);
      const reindexedFrom = reindexedFromOf(state, held.get(sessionId)!, positions);
      const became = identityGained(before.get(sessionId) ?? null, state.summary);
      this.publish({
        session: state.summary,
        actions,
        ...(became.length > 0 && { became }),
        ...(reindexedFrom !== null && { reindexed_from: reindexedFrom }),
        total_sessions: this.sessions.size,
      });
    }
    return outcomes;
  }

  async noteSkipped(events: readonly SkippedEvent[]): Promise<void> {
    for (const event of events) {
      this.skipCounts[event.reason] = (this.skipCounts[event.reason] ?? 0) + 1;
      this.recentSkipped.unshift(event);
    }
    this.recentSkipped.length = Math.min(this.recentSkipped.length, RECENT_SKIPPED);
  }

  async listSessions({ limit, after = null, q = null, status = null }: SessionQuery): Promise<SessionPage> {
    if (q) {
      // A search is a handful of lookups; its matches are few enough to order here.
      const ids = new Set([...(this.byUser.get(q) ?? []), ...(this.byEmail.get(emailKey(q)) ?? [])]);
      if (this.sessions.has(q)) ids.add(q);
      const matches = [...ids]
        .map((id) => this.sessions.get(id)!.summary)
        .filter((summary) => matchesFilter(summary, { status }))
        .sort(compareActivity);
      const rest = after === null ? matches : matches.filter((summary) => isAfterCursor(summary, after));
      const sessions = rest.slice(0, limit);
      return { sessions, total: matches.length, next: rest.length > limit ? cursorOf(sessions.at(-1)!) : null };
    }
    const index = status === "identified" ? this.identified : status === "anonymous" ? this.anonymous : this.byActivity;
    const positions = index.page(after, limit + 1);
    const sessions = positions.slice(0, limit).map((position) => this.sessions.get(position.session_id)!.summary);
    return { sessions, total: index.size, next: positions.length > limit ? cursorOf(sessions.at(-1)!) : null };
  }

  async getSession(sessionId: string) {
    const state = this.sessions.get(sessionId);
    return state ? { session: state.summary, actions: [...state.actions], first_index: state.evicted } : null;
  }

  async skipStats(): Promise<SkipStats> {
    return { counts: { ...this.skipCounts }, recent: [...this.recentSkipped] };
  }

  async logDelivery(entry: DeliveryLogEntry): Promise<void> {
    this.deliveries.unshift(entry);
    this.deliveries.length = Math.min(this.deliveries.length, RECENT_DELIVERIES);
  }

  async recentDeliveries(): Promise<DeliveryLogEntry[]> {
    return [...this.deliveries];
  }

  /** Never null: before the first entry, the position the first will follow (`<epoch>.0`). */
  async latestFeedId(): Promise<string | null> {
    return formatFeedId(this.epoch, String(this.feedSeq));
  }

  subscribe(after: string | null, listener: (entry: FeedEntry) => void, onPosition?: (position: FeedPosition) => void): Unsubscribe {
    const { replayAfter, position } = resumePoint(after, {
      epoch: this.epoch,
      latest: String(this.feedSeq),
      trimmedThrough: this.trimmedThrough > 0 ? String(this.trimmedThrough) : null,
      isPosition: (p) => /^\d+$/.test(p),
      compare: (a, b) => Number(a) - Number(b),
    });
    // Replay what the subscriber missed, then go live. Both go through one queue, flushed on a microtask,
    // so entries published meanwhile land after the replay: no gap, no repeat, and neither callback ever runs
    // before `subscribe` has returned its unsubscribe function.
    const queue = this.feed.slice(this.indexAfter(Number(replayAfter)));
    let active = true;
    let live = false;
    const deliver = (entry: FeedEntry) => {
      if (!active) return;
      if (live) listener(entry);
      else queue.push(entry);
    };
    this.listeners.add(deliver);
    queueMicrotask(() => {
      if (active) onPosition?.(position);
      for (const entry of queue) if (active) listener(entry);
      queue.length = 0;
      live = true;
    });
    return () => {
      active = false;
      this.listeners.delete(deliver);
    };
  }

  private publish(change: Omit<FeedEntry, "id">): void {
    const entry: FeedEntry = { id: formatFeedId(this.epoch, String(++this.feedSeq)), ...change };
    const now = Date.now();
    this.feed.push(entry);
    this.feedAddedAt.push(now);
    this.trimFeed(now);
    for (const listener of this.listeners) {
      try {
        listener(entry);
      } catch (error) {
        console.error("activity feed listener failed", error);
      }
    }
  }

  /** Drops entries beyond the count or older than the window, whichever is hit first. */
  private trimFeed(now: number): void {
    const oldest = now - this.feedRetentionMs;
    while (this.feed.length - this.feedHead > this.feedRetention || this.feedAddedAt[this.feedHead]! < oldest) {
      this.feedHead++;
      this.trimmedThrough++;
    }
    if (this.feedHead >= COMPACT_AFTER && this.feedHead * 2 >= this.feed.length) {
      this.feed = this.feed.slice(this.feedHead);
      this.feedAddedAt = this.feedAddedAt.slice(this.feedHead);
      this.feedHead = 0;
    }
  }

  /** The array index of the first retained entry after sequence number `seq`. */
  private indexAfter(seq: number): number {
    return this.feedHead + Math.max(0, Math.min(seq, this.feedSeq) - this.trimmedThrough);
  }

  async readFeed(after: string | null, limit: number): Promise<FeedEntry[]> {
    // An id of another generation (from before a restart), or none, reads from the oldest retained entry.
    const id = after === null ? null : parseFeedId(after);
    const from = id !== null && id.epoch === this.epoch && /^\d+$/.test(id.position) ? Number(id.position) : 0;
    const start = this.indexAfter(from);
    return this.feed.slice(start, start + limit);
  }

  async linkConversation(sessionId: string, conversationId: string): Promise<ConversationLink> {
    if (!this.sessions.has(sessionId)) return { outcome: "no_session", conversation_id: null };
    const linked = this.conversations.get(sessionId);
    if (linked !== undefined) return { outcome: linked === conversationId ? "already_linked" : "conflict", conversation_id: linked };
    this.conversations.set(sessionId, conversationId);
    // Links of evicted sessions are dropped here rather than in eviction, so linking stays self-contained.
    if (this.conversations.size > this.limits.maxSessions) {
      for (const id of this.conversations.keys()) if (!this.sessions.has(id)) this.conversations.delete(id);
    }
    return { outcome: "linked", conversation_id: conversationId };
  }

  async conversationsOf(sessionIds: readonly string[]): Promise<(string | null)[]> {
    return sessionIds.map((id) => (this.sessions.has(id) ? (this.conversations.get(id) ?? null) : null));
  }

  /**
   * What the store keeps of an action: fresh, flat strings with repeated texts shared, so hours of activity
   * don't also keep every string the request allocated on the way.
   */
  private compact(action: StoredAction, eventId: string): StoredAction {
    return {
      event_id: eventId,
      type: action.type,
      title: this.strings.share(action.title),
      description: this.strings.share(action.description),
      canonical_url: this.strings.share(action.canonical_url),
      raw_url: this.strings.share(action.raw_url),
      timestamp: action.timestamp,
    };
  }

  /**
   * The least recently active sessions go first, by the listing order: the same rule as the Redis store. The
   * sessions this call wrote are never evicted by it (their events were just acknowledged); should they alone
   * exceed the cap, the store holds more for a moment and the next write trims it.
   */
  private evictSessions(writing: ReadonlySet<string>): void {
    const excess = this.sessions.size - this.limits.maxSessions;
    if (excess <= 0) return;
    const victims: string[] = [];
    for (const position of this.byActivity.leastRecent()) {
      if (victims.length === excess) break;
      if (!writing.has(position.session_id)) victims.push(position.session_id);
    }
    for (const sessionId of victims) {
      this.unindex(this.sessions.get(sessionId)!.summary);
      this.sessions.delete(sessionId);
    }
  }

  private index(summary: SessionSummary): void {
    this.byActivity.add(summary);
    (summary.user_id === null ? this.anonymous : this.identified).add(summary);
    if (summary.user_id !== null) addTo(this.byUser, summary.user_id, summary.session_id);
    if (summary.email !== null) addTo(this.byEmail, emailKey(summary.email), summary.session_id);
  }

  private unindex(summary: SessionSummary): void {
    this.byActivity.delete(summary);
    (summary.user_id === null ? this.anonymous : this.identified).delete(summary);
    if (summary.user_id !== null) deleteFrom(this.byUser, summary.user_id, summary.session_id);
    if (summary.email !== null) deleteFrom(this.byEmail, emailKey(summary.email), summary.session_id);
  }
}

/** Events mostly arrive in order, so search from the end. */
function insertSorted(actions: StoredAction[], action: StoredAction): void {
  let at = actions.length;
  while (at > 0 && compareActions(actions[at - 1]!, action) > 0) at--;
  actions.splice(at, 0, action);
}

function addTo(index: Map<string, Set<string>>, key: string, sessionId: string): void {
  const ids = index.get(key);
  if (ids) ids.add(sessionId);
  else index.set(key, new Set([sessionId]));
}

function deleteFrom(index: Map<string, Set<string>>, key: string, sessionId: string): void {
  const ids = index.get(key);
  if (!ids) return;
  ids.delete(sessionId);
  if (ids.size === 0) index.delete(key);
}

/** What a change gave a session's identity (see FeedEntry.became); the record script decides the same way. */
function identityGained(before: SessionSummary | null, after: SessionSummary): ("user" | "email")[] {
  const became: ("user" | "email")[] = [];
  if (after.user_id !== null && after.user_id !== (before?.user_id ?? null)) became.push("user");
  const key = (summary: SessionSummary | null) => (summary?.email == null ? null : emailKey(summary.email));
  if (after.email !== null && key(after) !== key(before)) became.push("email");
  return became;
}

/**
 * Where late actions of this call moved actions already announced: the absolute index of the first new action
 * that landed before the newest one that was there, or, when a new action was evicted at once while announced
 * ones stay (it was older than all of them), the first retained index before the call. null when nothing moved.
 */
function reindexedFromOf(state: SessionState, before: { last: StoredAction | undefined; evicted: number }, positions: number[]): number | null {
  const lastHeld = before.last === undefined ? -1 : state.actions.lastIndexOf(before.last);
  if (lastHeld < 0) return null;
  if (positions.some((at) => at < 0)) return before.evicted;
  const firstNew = Math.min(...positions);
  return firstNew < lastHeld ? state.evicted + firstNew : null;
}
