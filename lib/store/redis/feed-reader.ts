import type { FeedEntry } from "../../activity/feed-entry";
import type { Unsubscribe } from "../activity-store";
import { isTimeout, waitUntilReady, withDeadline, type RedisClient } from "./redis-client";
import { compareStreamIds, parseStreamId } from "./stream-id";

export type FeedReaderDeps = {
  feedKey: string;
  /** A dedicated connection: XREAD BLOCK holds it for up to blockMs. */
  connect: () => RedisClient;
  /**
   * The newest entry's id, asked on the command connection the moment `subscribe` is called, so it is
   * ordered before any write this process makes afterwards: "from now" then misses nothing recorded later.
   */
  latestId: () => Promise<string | null>;
  /** Retained entries with ids greater than `after`, oldest first, at most `count` (on the command client). */
  replay: (after: string, count: number) => Promise<FeedEntry[]>;
  blockMs: number;
  /** How long to wait for a lost connection before trying again (and logging). */
  retryMs: number;
};

type Subscriber = {
  listener: (entry: FeedEntry) => void;
  /** The id of the last entry handed over, or where the subscriber starts; null until that is known. */
  cursor: string | null;
  /** False until the replay is done: live entries wait in `queue`, in order, behind it. */
  live: boolean;
  queue: FeedEntry[];
  active: boolean;
};

/** One reader connection while anyone listens; `position` is the id of the last entry read. */
type Run = {
  client: RedisClient;
  position: string | null;
  stopped: boolean;
  /** Settles once `position` is known (true) or the run stopped first (false). */
  started: Promise<boolean>;
  start: (ok: boolean) => void;
};

const REPLAY_PAGE = 500;

/**
 * Fans one blocking XREAD loop out to every subscriber of this process, instead of one Redis connection per
 * open dashboard. A subscriber joins the reader first, then replays what it missed: whatever it gets twice
 * (from the replay and live) is dropped by comparing ids, so it sees no gap and no repeat.
 */
export class FeedReader {
  private readonly subscribers = new Set<Subscriber>();
  private run: Run | null = null;

  constructor(private readonly deps: FeedReaderDeps) {}

  /** Open reader connections (0 or 1), for tests and health checks. */
  get running(): boolean {
    return this.run !== null;
  }

  subscribe(after: string | null, listener: (entry: FeedEntry) => void): Unsubscribe {
    const given = parseStreamId(after);
    // "From now" is asked right here, before any later write of this process (see FeedReaderDeps.latestId).
    const from = given !== null ? Promise.resolve(given) : this.startOfNow();
    const run = (this.run ??= this.startRun());
    const sub: Subscriber = { listener, cursor: null, live: false, queue: [], active: true };
    this.subscribers.add(sub);
    void this.catchUp(sub, run, from);
    return () => {
      if (!sub.active) return;
      sub.active = false;
      this.subscribers.delete(sub);
      if (this.subscribers.size === 0) this.stop();
    };
  }

  stop(): void {
    for (const sub of this.subscribers) sub.active = false;
    this.subscribers.clear();
    const run = this.run;
    if (!run) return;
    this.run = null;
    run.stopped = true;
    run.start(false);
    // Destroying the connection ends the pending XREAD at once rather than after blockMs.
    run.client.destroy();
  }

  private startRun(): Run {
    let start!: (ok: boolean) => void;
    const started = new Promise<boolean>((resolve) => (start = resolve));
    const run: Run = { client: this.deps.connect(), position: null, stopped: false, started, start };
    void this.loop(run);
    return run;
  }

  private async loop(run: Run): Promise<void> {
    const { feedKey, blockMs, retryMs } = this.deps;
    let failing = false;
    while (!run.stopped) {
      try {
        await waitUntilReady(run.client, retryMs);
        if (run.position === null) {
          // The start position is fixed before any replay runs, so replay and live reads always meet.
          const latest = await withDeadline(run.client.xRevRange(feedKey, "+", "-", { COUNT: 1 }), retryMs);
          this.establish(run, latest?.[0]?.id ?? "0-0");
        }
        const reply = await withDeadline(
          run.client.xRead({ key: feedKey, id: run.position! }, { BLOCK: blockMs, COUNT: 100 }),
          blockMs + retryMs,
        );
        failing = false;
        for (const stream of reply ?? []) {
          for (const message of stream.messages) {
            if (run.stopped) return;
            run.position = message.id;
            this.fanOut(feedEntryFromStream(message.id, message.message.data));
          }
        }
      } catch (error) {
        if (run.stopped) return;
        // Redis restarting or unreachable: keep the position and resume from it once it is back.
        if (!failing) console.warn("activity feed reader paused:", error instanceof Error ? error.message : error);
        failing = true;
        if (isTimeout(error)) {
          run.client.destroy();
          run.client = this.deps.connect();
        }
        await sleep(retryMs);
      }
    }
  }

  private establish(run: Run, position: string): void {
    run.position = position;
    run.start(true);
  }

  /** Where a "from now" subscriber starts; null if Redis did not answer. */
  private startOfNow(): Promise<string | null> {
    return this.deps.latestId().then(
      (id) => id ?? "0-0",
      () => null,
    );
  }

  private fanOut(entry: FeedEntry): void {
    for (const sub of this.subscribers) {
      if (sub.live) deliver(sub, entry);
      else sub.queue.push(entry);
    }
  }

  /**
   * Replays (after, newest] once the reader's start position is fixed, so the replay reaches at least where
   * the reader starts; then hands over the live entries queued meanwhile, skipping what the replay gave.
   */
  private async catchUp(sub: Subscriber, run: Run, after: Promise<string | null>): Promise<void> {
    let from = await after;
    while (from === null && sub.active) {
      // Redis was away when the subscriber came: "now" becomes when it is back.
      await sleep(this.deps.retryMs);
      from = await this.startOfNow();
    }
    if (from === null || !(await run.started)) return;
    sub.cursor = from;
    while (sub.active) {
      let page: FeedEntry[];
      try {
        page = await this.deps.replay(from, REPLAY_PAGE);
      } catch {
        // Retried until Redis answers; live entries keep queueing behind, in order.
        await sleep(this.deps.retryMs);
        continue;
      }
      for (const entry of page) deliver(sub, entry);
      if (page.length < REPLAY_PAGE) break;
      from = page.at(-1)!.id;
    }
    for (const entry of sub.queue) deliver(sub, entry);
    sub.queue = [];
    sub.live = true;
  }
}

function deliver(sub: Subscriber, entry: FeedEntry): void {
  if (!sub.active) return;
  if (sub.cursor !== null && compareStreamIds(entry.id, sub.cursor) <= 0) return;
  sub.cursor = entry.id;
  try {
    sub.listener(entry);
  } catch (error) {
    console.error("activity feed listener failed", error);
  }
}

/** The stream entry's `data` is the FeedEntry minus its id; the stream id is the id. */
export function feedEntryFromStream(id: string, data: unknown): FeedEntry {
  return { id, ...(JSON.parse(String(data)) as Omit<FeedEntry, "id">) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
