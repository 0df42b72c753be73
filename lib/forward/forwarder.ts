import { createHash } from "node:crypto";
import type { FeedEntry } from "../activity/feed-entry";
import { feedEntryToPayload } from "../activity/feed-to-payload";
import { conversationOf } from "../agent/conversation-cache";
import { withConversation } from "../autoplay/with-conversation";
import type { ActivityStore } from "../store/activity-store";
import type { ForwardState, TargetStatus } from "./forward-state";
import { isDelivered, isRetryable, postPayload } from "./post-payload";

export type ForwarderOptions = {
  store: ActivityStore;
  state: ForwardState;
  urls: readonly string[];
  secret: string;
  fetchImpl?: typeof fetch;
  /** Waits between attempts at one payload within a drain; past the last, the drain stops and retries later. */
  backoffMs?: readonly number[];
  /** Per attempt. */
  timeoutMs?: number;
  /** How long a drainer holds a target without progress before another may take over. */
  leaseMs?: number;
  /** In a long-running process, when to try again after a drain left a backlog (0: never; cron does). */
  retryLaterMs?: number;
};

export type TargetView = TargetStatus & { backlog: number; backlog_capped: boolean };

const PAGE = 100;
const BACKLOG_CAP = 1_000;

/**
 * Push delivery: every new batch of actions (one feed entry, one session) goes to each target as the
 * ActionsPayload the stream would send, signed, in feed order, at least once. Reads the store's own feed from
 * a durable cursor, so nothing depends on the process that took the webhook: whoever drains next (the
 * webhook's `after()`, the cron route, a retry timer) resumes where the last one stopped.
 */
export class Forwarder {
  private readonly backoffMs: readonly number[];
  private readonly timeoutMs: number;
  private readonly leaseMs: number;
  private readonly retryLaterMs: number;
  /** Per target: the drain running in this process, and whether more was asked for meanwhile. */
  private readonly running = new Map<string, { again: boolean; done: Promise<void> }>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private started: Promise<void> | null = null;

  constructor(private readonly options: ForwarderOptions) {
    this.backoffMs = options.backoffMs ?? [1_000, 2_000, 4_000, 8_000];
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.retryLaterMs = options.retryLaterMs ?? 5_000;
  }

  get targets(): readonly string[] {
    return this.options.urls;
  }

  /**
   * Call before recording anything: a target seen for the first time starts at the end of the feed as it is
   * now, so turning push on sends what arrives from then on, not the feed's whole retained history. Retried
   * on the next call if the store did not answer (the target then starts at the oldest retained entry).
   */
  ready(): Promise<void> {
    this.started ??= (async () => {
      const { store, state, urls } = this.options;
      const latest = await store.latestFeedId();
      if (latest !== null) await Promise.all(urls.map((url) => state.initCursor(url, latest)));
    })().catch((error: unknown) => {
      this.started = null;
      throw error;
    });
    return this.started;
  }

  /** Sends what each target has not had yet, for at most `budgetMs`. Resolves when every target is done. */
  async drain(budgetMs = 20_000): Promise<void> {
    const deadline = Date.now() + budgetMs;
    await Promise.all(
      this.options.urls.map((url) => {
        const current = this.running.get(url);
        if (current) {
          // Already draining here: it takes one more look before it stops.
          current.again = true;
          return current.done;
        }
        const run = { again: false, done: Promise.resolve() };
        run.done = this.drainTarget(url, deadline, run)
          .catch((error: unknown) => console.warn(`push delivery to ${url} paused:`, error instanceof Error ? error.message : error))
          .finally(() => this.running.delete(url));
        this.running.set(url, run);
        return run.done;
      }),
    );
  }

  async statuses(): Promise<TargetView[]> {
    const { store, state, urls } = this.options;
    return Promise.all(
      urls.map(async (url) => {
        const [status, cursor] = await Promise.all([state.status(url), state.cursor(url)]);
        const pending = (await store.readFeed(cursor, BACKLOG_CAP + 1)).filter((entry) => entry.actions.length > 0);
        return { ...status, backlog: Math.min(pending.length, BACKLOG_CAP), backlog_capped: pending.length > BACKLOG_CAP };
      }),
    );
  }

  stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async drainTarget(url: string, deadline: number, run: { again: boolean }): Promise<void> {
    const { store, state } = this.options;
    for (;;) {
      run.again = false;
      const token = await state.acquire(url, this.leaseMs);
      // Another instance holds the target: it looks at the feed again after releasing, so this entry is not stranded.
      if (token === null) return;
      let left: "done" | "backlog" | "lost";
      let cursor: string | null;
      try {
        cursor = await state.cursor(url);
        ({ left, cursor } = await this.sendFrom(url, token, cursor, deadline));
      } finally {
        await state.release(url, token).catch(() => {});
      }
      if (left === "backlog") this.retryLater();
      if (left !== "done" || Date.now() >= deadline) return;
      // Anything recorded while the lease was held, by this process (`again`) or another that found the
      // target busy, is picked up here rather than waiting for the next trigger.
      if (!run.again && (await store.readFeed(cursor, 1)).length === 0) return;
    }
  }

  private async sendFrom(
    url: string,
    token: string,
    from: string | null,
    deadline: number,
  ): Promise<{ left: "done" | "backlog" | "lost"; cursor: string | null }> {
    const { store, state } = this.options;
    let cursor = from;
    while (Date.now() < deadline) {
      const page = await store.readFeed(cursor, PAGE);
      if (page.length === 0) return { left: "done", cursor };
      for (const entry of page) {
        if (entry.actions.length > 0) {
          const sent = await this.sendEntry(url, token, entry, deadline);
          if (sent === "later") return { left: "backlog", cursor };
          if (sent === "lost") return { left: "lost", cursor };
        }
        if (!(await state.advance(url, token, cursor, entry.id, this.leaseMs))) return { left: "lost", cursor };
        cursor = entry.id;
      }
    }
    return { left: "backlog", cursor };
  }

  /** One payload, with retries: "sent" (delivered, or refused for good), "later", or "lost" (lease gone). */
  private async sendEntry(url: string, token: string, entry: FeedEntry, deadline: number): Promise<"sent" | "later" | "lost"> {
    const { store, state, secret, fetchImpl } = this.options;
    const payload = feedEntryToPayload(entry)!;
    const conversation = await conversationOf(store, entry.session.session_id);
    // Built once: every retry within this drain sends identical bytes.
    const body = JSON.stringify(withConversation(payload, conversation));
    const deliveryId = deliveryIdOf(entry);
    for (let attempt = 0; ; attempt++) {
      const outcome = await postPayload(url, body, { secret, deliveryId, timeoutMs: this.timeoutMs, fetchImpl });
      const now = Date.now() / 1000;
      if (isDelivered(outcome) || !isRetryable(outcome)) {
        const result = isDelivered(outcome) ? "delivered" : "rejected";
        if (result === "rejected") console.warn(`push target ${url} refused delivery ${deliveryId}:`, outcome);
        await state.noteAttempt(url, outcome, result, now);
        return "sent";
      }
      await state.noteAttempt(url, outcome, "retrying", now);
      const wait = this.backoffMs[attempt];
      if (wait === undefined || Date.now() + wait >= deadline) return "later";
      await sleep(wait * (0.75 + Math.random() * 0.5));
      if (!(await state.renew(url, token, this.leaseMs))) return "lost";
    }
  }

  /** A long-running process tries a backlog again by itself; on Vercel the cron route does. */
  private retryLater(): void {
    if (this.retryLaterMs <= 0 || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.drain();
    }, this.retryLaterMs);
    this.retryTimer.unref?.();
  }
}

/** Stable for a feed entry, so a payload sent again (a retry, or after a crash) carries the same id. */
export function deliveryIdOf(entry: FeedEntry): string {
  const hash = createHash("sha256").update(entry.session.session_id);
  for (const action of entry.actions) hash.update(`\n${action.event_id}`);
  return `dlv_${entry.id}_${hash.digest("hex").slice(0, 24)}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
