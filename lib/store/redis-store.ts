import type { FeedEntry } from "../activity/feed-entry";
import type { FeedPosition } from "../activity/feed-reset";
import { emailKey, matchesFilter, type SessionStatus } from "../activity/session-filter";
import { compareActivity, cursorOf, isAfterCursor, type SessionCursor } from "../activity/session-order";
import type { SessionSummary } from "../activity/session-summary";
import type { StoredAction } from "../activity/stored-action";
import type { DeliveryLogEntry } from "../webhook/delivery-log-entry";
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
import type { ConversationLink } from "./conversation-link";
import { DeliveryLogBuffer } from "./redis/delivery-log-buffer";
import { FeedReader, feedEntryFromStream } from "./redis/feed-reader";
import { linkConversationScript } from "./redis/link-conversation-script";
import { parseStreamId } from "./redis/stream-id";
import { formatFeedId, newEpoch, parseFeedId } from "./feed-id";
import { DEFAULT_FEED_RETENTION, DEFAULT_FEED_RETENTION_SECONDS } from "./feed-retention";
import { feedPositionScript, readingFrom, type FeedPositionReading } from "./redis/feed-position-script";
import { runScript } from "./redis/lua-script";
import { pageSessionsScript } from "./redis/page-sessions-script";
import { pruneSessionsScript } from "./redis/prune-sessions-script";
import { recordSessionArgs, recordSessionScript, type RecordSessionLimits } from "./redis/record-session-script";
import { createRedisClient, isTimeout, toStoreError, waitUntilReady, withDeadline, type RedisClient } from "./redis/redis-client";
import { redisKeys, type RedisKeys } from "./redis/redis-keys";
import { sessionFromHash } from "./redis/session-from-hash";
import { dedupeCapacity } from "./session-dedupe";

export type RedisStoreOptions = {
  /** redis:// or rediss:// */
  url: string;
  maxSessions: number;
  maxActionsPerSession: number;
  /** Every key lives under it, so apps or test runs can share a database. Default "autoplay:". */
  keyPrefix?: string;
  /** A session untouched this long expires with its actions. Default 7 days. */
  sessionTtlSeconds?: number;
  /** Event ids each session remembers for de-duplication (see SessionDedupe). Default: dedupeCapacity. */
  dedupePerSession?: number;
  /** Feed entries kept for resuming subscribers, at most (see feed-retention.ts). */
  feedRetention?: number;
  /** How long a feed entry is kept, at most; whichever of the two limits is hit first trims. */
  feedRetentionSeconds?: number;
  /** Deadline of each call (waiting for a lost connection included) before StoreUnavailableError. Default 1.5 s. */
  commandTimeoutMs?: number;
  /** How long one XREAD of the feed reader blocks. Default 5 s. */
  feedBlockMs?: number;
};

const RECENT_SKIPPED = 50;
const RECENT_DELIVERIES = 50;

/**
 * The store for deployments with many instances (Vercel): all state lives in Redis, so any instance can take
 * a webhook and any other can stream the change. One command connection per store (the process keeps one
 * store), plus one blocking connection for the live feed while someone listens.
 */
const DELIVERY_LOG_FLUSH_MS = 100;

export class RedisStore implements ActivityStore {
  private readonly keys: RedisKeys;
  private readonly limits: RecordSessionLimits;
  private readonly timeoutMs: number;
  private connection: RedisClient | null = null;
  private readonly reader: FeedReader;
  private readonly deliveryLog: DeliveryLogBuffer;
  /** The feed's epoch as last read: labels entries written before ids had epochs (feedEntryFromStream). */
  private knownEpoch = "0";

  constructor(private readonly options: RedisStoreOptions) {
    this.keys = redisKeys(options.keyPrefix ?? "autoplay:");
    this.timeoutMs = options.commandTimeoutMs ?? 1_500;
    this.limits = {
      maxSessions: options.maxSessions,
      maxActionsPerSession: options.maxActionsPerSession,
      sessionTtlSeconds: options.sessionTtlSeconds ?? 7 * 24 * 3600,
      dedupePerSession: options.dedupePerSession ?? dedupeCapacity(options.maxActionsPerSession),
      feedRetention: options.feedRetention ?? DEFAULT_FEED_RETENTION,
      feedRetentionMs: Math.round((options.feedRetentionSeconds ?? DEFAULT_FEED_RETENTION_SECONDS) * 1000),
    };
    this.deliveryLog = new DeliveryLogBuffer({
      capacity: RECENT_DELIVERIES,
      delayMs: DELIVERY_LOG_FLUSH_MS,
      // LPUSH of several values puts the last one at the head: newest first, like the memory store.
      write: async (batch) => {
        await this.run((redis) =>
          redis
            .multi()
            .lPush(this.keys.deliveries, batch.map((entry) => JSON.stringify(entry)))
            .lTrim(this.keys.deliveries, 0, RECENT_DELIVERIES - 1)
            .exec(),
        );
      },
    });
    const blockMs = options.feedBlockMs ?? 5_000;
    this.reader = new FeedReader({
      feedKey: this.keys.feed,
      blockMs,
      retryMs: this.timeoutMs,
      connect: () =>
        createRedisClient(options.url, { name: `${this.keys.prefix}feed-reader`, commandTimeoutMs: blockMs + this.timeoutMs }),
      position: () => this.feedPosition(),
      replay: (after, count) =>
        this.run(async (redis) =>
          ((await redis.xRange(this.keys.feed, `(${after}`, "+", { COUNT: count })) ?? []).map((m) => this.entryFrom(m.id, m.message)),
        ),
      entryFrom: (id, fields) => this.entryFrom(id, fields),
    });
  }

  async record(events: readonly SessionEvent[]): Promise<RecordOutcome[]> {
    if (events.length === 0) return [];
    const bySession = new Map<string, number[]>();
    events.forEach((event, at) => {
      const positions = bySession.get(event.session_id) ?? [];
      positions.push(at);
      bySession.set(event.session_id, positions);
    });
    const outcomes: RecordOutcome[] = new Array(events.length);
    const delivery = [...bySession.keys()];
    await this.run((redis) =>
      // Issued together, so node-redis pipelines them: one round trip for the whole delivery.
      Promise.all(
        [...bySession].map(async ([sessionId, positions]) => {
          const { keys, args } = recordSessionArgs(
            this.keys,
            this.limits,
            sessionId,
            positions.map((at) => events[at]!),
            delivery,
          );
          const [letters] = (await runScript(redis, recordSessionScript, keys, args)) as [string, string | null];
          positions.forEach((at, i) => (outcomes[at] = letters[i] === "s" ? "stored" : "duplicate"));
        }),
      ),
    );
    return outcomes;
  }

  async noteSkipped(events: readonly SkippedEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.run(async (redis) => {
      const multi = redis.multi();
      for (const event of events) multi.hIncrBy(this.keys.skipCounts, event.reason, 1);
      multi.lPush(this.keys.skipRecent, events.map((event) => JSON.stringify(event)));
      multi.lTrim(this.keys.skipRecent, 0, RECENT_SKIPPED - 1);
      await multi.exec();
    });
  }

  async listSessions({ limit, after = null, q = null, status = null }: SessionQuery): Promise<SessionPage> {
    return this.run(async (redis) => {
      if (q) return this.search(redis, q, status, after, limit);
      const index = status === "identified" ? this.keys.identified : status === "anonymous" ? this.keys.anonymous : this.keys.sessions;
      const sessions: SessionSummary[] = [];
      let cursor = after;
      let more = true;
      // Expired sessions (TTL) stay in the index until a read notices them: then the page is topped up.
      for (let round = 0; round < 5 && more && sessions.length <= limit; round++) {
        const want = limit + 1 - sessions.length;
        const ids = (await runScript(redis, pageSessionsScript, [index], [
          cursor === null ? "" : String(cursor.last_seen),
          cursor?.session_id ?? "",
          String(want),
        ])) as string[];
        more = ids.length === want;
        const found = await this.summaries(redis, ids);
        sessions.push(...found);
        if (found.length > 0) cursor = cursorOf(found.at(-1)!);
        if (found.length === ids.length) break;
      }
      const total = await redis.zCard(index);
      const page = sessions.slice(0, limit);
      return { sessions: page, total, next: sessions.length > limit ? cursorOf(page.at(-1)!) : null };
    });
  }

  /** A lookup by session id, user id and email: few enough matches to order here. */
  private async search(redis: RedisClient, q: string, status: SessionStatus | null, after: SessionCursor | null, limit: number): Promise<SessionPage> {
    const [byUser, byEmail] = await Promise.all([
      redis.zRange(this.keys.byUser(q), 0, -1),
      redis.zRange(this.keys.byEmail(emailKey(q)), 0, -1),
    ]);
    const matches = (await this.summaries(redis, [...new Set([q, ...byUser, ...byEmail])], [this.keys.byUser(q), this.keys.byEmail(emailKey(q))]))
      .filter((summary) => matchesFilter(summary, { q, status }))
      .sort(compareActivity);
    const rest = after === null ? matches : matches.filter((summary) => isAfterCursor(summary, after));
    const sessions = rest.slice(0, limit);
    return { sessions, total: matches.length, next: rest.length > limit ? cursorOf(sessions.at(-1)!) : null };
  }

  /** The summaries of `ids` that still exist, in order; expired ones are dropped from the indexes. */
  private async summaries(redis: RedisClient, ids: string[], lookups: string[] = []): Promise<SessionSummary[]> {
    // Issued together, so node-redis pipelines them: one round trip for the page.
    const hashes = await Promise.all(ids.map((id) => redis.hGetAll(this.keys.session(id))));
    const expired = ids.filter((_, i) => Object.keys(hashes[i]!).length === 0);
    if (expired.length > 0) {
      const indexes = [this.keys.sessions, this.keys.identified, this.keys.anonymous, ...lookups];
      await runScript(redis, pruneSessionsScript, indexes, [this.keys.tag, ...expired]);
    }
    return hashes.flatMap((hash) => (Object.keys(hash).length === 0 ? [] : [sessionFromHash(hash)]));
  }

  async getSession(sessionId: string): Promise<{ session: SessionSummary; actions: StoredAction[]; first_index: number } | null> {
    return this.run(async (redis) => {
      const [hash, members] = (await redis
        .multi()
        .hGetAll(this.keys.session(sessionId))
        .zRange(this.keys.actions(sessionId), 0, -1)
        .exec()) as unknown as [Record<string, string>, string[]];
      if (Object.keys(hash).length === 0) return null;
      return {
        session: sessionFromHash(hash),
        actions: members.map((member) => JSON.parse(member) as StoredAction),
        first_index: Number(hash.evicted ?? 0),
      };
    });
  }

  async skipStats(): Promise<SkipStats> {
    return this.run(async (redis) => {
      const [counts, recent] = await Promise.all([
        redis.hGetAll(this.keys.skipCounts),
        redis.lRange(this.keys.skipRecent, 0, RECENT_SKIPPED - 1),
      ]);
      return {
        counts: Object.fromEntries(Object.entries(counts).map(([reason, count]) => [reason, Number(count)])),
        recent: recent.map((item) => JSON.parse(item) as SkippedEvent),
      };
    });
  }

  /** Buffered (see DeliveryLogBuffer): the log is a convenience, so it costs a delivery no round trip. */
  async logDelivery(entry: DeliveryLogEntry): Promise<void> {
    this.deliveryLog.add(entry);
  }

  /** The shared log, with what this instance has not written yet in front: one bounded read, no waiting on writes. */
  async recentDeliveries(): Promise<DeliveryLogEntry[]> {
    const unwritten = this.deliveryLog.unwritten();
    const stored = await this.run(async (redis) =>
      (await redis.lRange(this.keys.deliveries, 0, RECENT_DELIVERIES - 1)).map((item) => JSON.parse(item) as DeliveryLogEntry),
    );
    const mine = new Set(unwritten.map((entry) => entry.id));
    return [...unwritten, ...stored.filter((entry) => !mine.has(entry.id))].slice(0, RECENT_DELIVERIES);
  }

  /** Never null: before the first entry, `<epoch>.0-0`. */
  async latestFeedId(): Promise<string | null> {
    const { epoch, latest } = await this.feedPosition();
    return formatFeedId(epoch, latest);
  }

  /**
   * Resumes after `after` (`<epoch>.<stream id>`), or says why it cannot (FeedPosition.reset): an id of another
   * epoch (a flushed Redis, or from before ids had epochs), one behind what was trimmed, or no id at all.
   */
  subscribe(after: string | null, listener: (entry: FeedEntry) => void, onPosition?: (position: FeedPosition) => void): Unsubscribe {
    return this.reader.subscribe(after, listener, onPosition);
  }

  /**
   * Push cursors are lenient: an id of this epoch, or a bare stream id written before ids had epochs (a cursor
   * stored by the previous version), resumes after it; anything else reads from the oldest retained entry.
   */
  async readFeed(after: string | null, limit: number): Promise<FeedEntry[]> {
    const id = after === null ? null : parseFeedId(after);
    return this.run(async (redis) => {
      const epoch = await redis.get(this.keys.feedEpoch);
      if (epoch !== null) this.knownEpoch = epoch;
      const from = id !== null ? (id.epoch === epoch ? parseStreamId(id.position) : null) : parseStreamId(after);
      const messages = (await redis.xRange(this.keys.feed, from === null ? "-" : `(${from}`, "+", { COUNT: limit })) ?? [];
      return messages.map((m) => this.entryFrom(m.id, m.message));
    });
  }

  private async feedPosition(): Promise<FeedPositionReading> {
    const reading = readingFrom(
      await this.run((redis) => runScript(redis, feedPositionScript, [this.keys.feedEpoch, this.keys.feed], [newEpoch()])),
    );
    this.knownEpoch = reading.epoch;
    return reading;
  }

  private entryFrom(streamId: string, fields: Record<string, unknown>): FeedEntry {
    const entry = feedEntryFromStream(streamId, fields, this.knownEpoch);
    if (typeof fields.epoch === "string") this.knownEpoch = fields.epoch;
    return entry;
  }

  async linkConversation(sessionId: string, conversationId: string): Promise<ConversationLink> {
    // A link outlives the longest a session can stay active after it (posthog-js ends sessions at 24 h).
    const ttl = String(this.limits.sessionTtlSeconds + 24 * 3600);
    const keys = [this.keys.session(sessionId), this.keys.conversation(sessionId)];
    const [outcome, linked] = (await this.run((redis) => runScript(redis, linkConversationScript, keys, [conversationId, ttl]))) as [
      ConversationLink["outcome"],
      string | null,
    ];
    return outcome === "no_session" ? { outcome, conversation_id: null } : { outcome, conversation_id: linked ?? conversationId };
  }

  async conversationsOf(sessionIds: readonly string[]): Promise<(string | null)[]> {
    if (sessionIds.length === 0) return [];
    return this.run((redis) => redis.mGet(sessionIds.map((id) => this.keys.conversation(id))));
  }

  /** Whether this store's blocking feed reader is running (it runs only while someone subscribes). */
  get feedReaderRunning(): boolean {
    return this.reader.running;
  }

  /** Closes both connections (tests, shutdown). The store is unusable afterwards. */
  async close(): Promise<void> {
    await this.deliveryLog.close();
    this.reader.stop();
    this.connection?.destroy();
    this.connection = null;
  }

  /**
   * Every command goes through here: connection made on first use, outages turned into StoreUnavailableError.
   * When connected, the command is sent within this very call, so commands reach Redis in call order (the
   * feed's "from now" depends on it).
   */
  private run<T>(command: (redis: RedisClient) => Promise<T>): Promise<T> {
    const redis = (this.connection ??= createRedisClient(this.options.url, {
      name: `${this.keys.prefix}commands`,
      commandTimeoutMs: this.timeoutMs,
    }));
    let sent: Promise<T>;
    try {
      sent = redis.isReady ? command(redis) : waitUntilReady(redis, this.timeoutMs).then(() => command(redis));
    } catch (error) {
      sent = Promise.reject(error);
    }
    return withDeadline(sent, this.timeoutMs).catch((error: unknown) => {
      // A rejected script keeps running in Redis if it got there: the caller answers 503 and PostHog's retry
      // finds the events already seen. Never a 200 for something not stored.
      if (isTimeout(error) && this.connection === redis) {
        this.connection = null;
        redis.destroy();
      }
      throw toStoreError(error);
    });
  }
}
