import type { FeedEntry } from "../activity/feed-entry";
import type { SessionSummary } from "../activity/session-summary";
import { compareActions, type StoredAction } from "../activity/stored-action";
import { applySessionEvent } from "../activity/apply-session-event";
import type { DeliveryLogEntry } from "../webhook/delivery-log-entry";
import type { ConversationLink } from "./conversation-link";
import { flatCopy, StringPool } from "./string-pool";
import type {
  ActivityStore,
  RecordOutcome,
  SessionEvent,
  SkippedEvent,
  SkipStats,
  Unsubscribe,
} from "./activity-store";

export type MemoryStoreLimits = {
  maxSessions: number;
  maxActionsPerSession: number;
  /** Feed entries kept for resuming subscribers. */
  feedRetention?: number;
  /** Event ids remembered for de-duplication (PostHog retries within seconds, so this can be modest). */
  dedupeWindow?: number;
};

type SessionState = { summary: SessionSummary; actions: StoredAction[] };

const RECENT_SKIPPED = 50;
const RECENT_DELIVERIES = 50;

/**
 * The zero-setup store for a single process (laptop, tests). Map insertion order doubles as the LRU order:
 * a session is re-inserted on every event, so the first key is always the least recently active.
 */
export class MemoryStore implements ActivityStore {
  private readonly sessions = new Map<string, SessionState>();
  private readonly seen = new Set<string>();
  private readonly feed: FeedEntry[] = [];
  private feedSeq = 0;
  private readonly listeners = new Set<(entry: FeedEntry) => void>();
  private readonly skipCounts: Record<string, number> = {};
  private readonly recentSkipped: SkippedEvent[] = [];
  private readonly deliveries: DeliveryLogEntry[] = [];
  private readonly feedRetention: number;
  private readonly dedupeWindow: number;
  private readonly strings = new StringPool();
  private readonly conversations = new Map<string, string>();

  constructor(private readonly limits: MemoryStoreLimits) {
    this.feedRetention = limits.feedRetention ?? 5_000;
    this.dedupeWindow = limits.dedupeWindow ?? 200_000;
  }

  async record(events: readonly SessionEvent[]): Promise<RecordOutcome[]> {
    const changed = new Map<string, StoredAction[]>();
    const outcomes = events.map((event): RecordOutcome => {
      if (this.seen.has(event.event_id)) return "duplicate";
      // One flat copy of the id serves both the de-duplication set and the stored action.
      const eventId = flatCopy(event.event_id);
      this.remember(eventId);
      const state: { summary: SessionSummary | null; actions: StoredAction[] } = this.sessions.get(
        event.session_id,
      ) ?? { summary: null, actions: [] };
      this.sessions.delete(event.session_id);
      const stored = event.action ? this.compact(event.action, eventId) : null;
      if (stored) insertSorted(state.actions, stored);
      // The oldest actions go first when a session outgrows its cap: agents care about what is happening now.
      if (state.actions.length > this.limits.maxActionsPerSession) {
        state.actions.splice(0, state.actions.length - this.limits.maxActionsPerSession);
      }
      const summary = applySessionEvent(state.summary, event, state.actions.length);
      this.sessions.set(event.session_id, { summary, actions: state.actions });
      const added = changed.get(event.session_id) ?? [];
      if (stored) added.push(stored);
      changed.set(event.session_id, added);
      return "stored";
    });
    this.evictSessions();
    for (const [sessionId, added] of changed) {
      const state = this.sessions.get(sessionId);
      if (!state) continue;
      // Positions are read after every insert of this call, so out-of-order arrivals get their final place.
      const actions = added
        .map((action) => ({ ...action, index: state.actions.indexOf(action) }))
        .filter((action) => action.index >= 0);
      this.publish({ session: state.summary, actions });
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

  async listSessions(): Promise<SessionSummary[]> {
    return [...this.sessions.values()]
      .map((state) => state.summary)
      .sort((a, b) => b.last_seen - a.last_seen);
  }

  async getSession(sessionId: string) {
    const state = this.sessions.get(sessionId);
    return state ? { session: state.summary, actions: [...state.actions] } : null;
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

  async latestFeedId(): Promise<string | null> {
    return this.feed.at(-1)?.id ?? null;
  }

  subscribe(after: string | null, listener: (entry: FeedEntry) => void): Unsubscribe {
    const afterSeq = after === null ? NaN : Number(after);
    // Replay what the subscriber missed, then go live. Both go through one queue, flushed on a microtask,
    // so entries published meanwhile land after the replay: no gap, no repeat, and the listener never runs
    // before `subscribe` has returned its unsubscribe function.
    const queue = Number.isSafeInteger(afterSeq) ? this.feed.filter((entry) => Number(entry.id) > afterSeq) : [];
    let active = true;
    let live = false;
    const deliver = (entry: FeedEntry) => {
      if (!active) return;
      if (live) listener(entry);
      else queue.push(entry);
    };
    this.listeners.add(deliver);
    queueMicrotask(() => {
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
    const entry: FeedEntry = { id: String(++this.feedSeq), ...change };
    this.feed.push(entry);
    // Trimmed in chunks: dropping one entry per publish would shift the whole array every time.
    if (this.feed.length >= this.feedRetention * 2) this.feed.splice(0, this.feed.length - this.feedRetention);
    for (const listener of this.listeners) {
      try {
        listener(entry);
      } catch (error) {
        console.error("activity feed listener failed", error);
      }
    }
  }

  async readFeed(after: string | null, limit: number): Promise<FeedEntry[]> {
    const afterSeq = after === null ? 0 : Number(after);
    // An id this store never issued (another backend's, or from before a restart) reads from the start.
    const from = Number.isSafeInteger(afterSeq) && afterSeq <= this.feedSeq ? afterSeq : 0;
    const start = this.feed.findIndex((entry) => Number(entry.id) > from);
    return start < 0 ? [] : this.feed.slice(start, start + limit);
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

  private remember(eventId: string): void {
    this.seen.add(eventId);
    if (this.seen.size > this.dedupeWindow) {
      // Sets iterate in insertion order: drop the oldest id.
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }

  private evictSessions(): void {
    while (this.sessions.size > this.limits.maxSessions) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
  }
}

/** Events mostly arrive in order, so search from the end. */
function insertSorted(actions: StoredAction[], action: StoredAction): void {
  let at = actions.length;
  while (at > 0 && compareActions(actions[at - 1]!, action) > 0) at--;
  actions.splice(at, 0, action);
}
