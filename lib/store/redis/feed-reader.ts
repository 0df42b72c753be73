import type { FeedEntry } from "../../activity/feed-entry";
import { feedReset, type FeedPosition } from "../../activity/feed-reset";
import type { Unsubscribe } from "../activity-store";
import { formatFeedId, parseFeedId, positionOf, resumePoint } from "../feed-id";
import type { FeedPositionReading } from "./feed-position-script";
import { isTimeout, waitUntilReady, withDeadline, type RedisClient } from "./redis-client";
import { compareStreamIds, parseStreamId } from "./stream-id";

export type FeedReaderDeps = {
  feedKey: string;
  /** A dedicated connection: XREAD BLOCK holds it for up to blockMs. */
  connect: () => RedisClient;
  /**
   * The feed's epoch, newest id and trimmed-through id, asked on the command connection the moment `subscribe`
   * is called, so it is ordered before any write this process makes afterwards: "from now" then misses nothing
   * recorded later.
   */
  position: () => Promise<FeedPositionReading>;
  /** Retained entries with stream ids greater than `after`, oldest first, at most `count` (on the command client). */
  replay: (after: string, count: number) => Promise<FeedEntry[]>;
  /** A stream message as a FeedEntry, its id labelled with the epoch it was written in. */
  entryFrom: (streamId: string, fields: Record<string, unknown>) => FeedEntry;
  blockMs: number;
  /** How long to wait for a lost connection before trying again (and logging). */
  retryMs: number;
};

type Subscriber = {
  listener: (entry: FeedEntry) => void;
  onPosition: ((position: FeedPosition) => void) | undefined;
  /** The stream id of the last entry handed over, or where the subscriber starts; null until that is known. */
  cursor: string | null;
  /** The generation of that position: an entry of another one means Redis was emptied meanwhile. */
  epoch: string | null;
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

  subscribe(after: string | null, listener: (entry: FeedEntry) => void, onPosition?: (position: FeedPosition) => void): Unsubscribe {
    // The feed's state is asked right here, before any later write of this process (FeedReaderDeps.position).
    const reading = this.readPosition();
    const run = (this.run ??= this.startRun());
    const sub: Subscriber = { listener, onPosition, cursor: null, epoch: null, live: false, queue: [], active: true };
    this.subscribers.add(sub);
    void this.catchUp(sub, run, after, reading);
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
            this.fanOut(this.deps.entryFrom(message.id, message.message));
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

  /** The feed's state; null if Redis did not answer. */
  private readPosition(): Promise<FeedPositionReading | null> {
    return this.deps.position().catch(() => null);
  }

  private fanOut(entry: FeedEntry): void {
    for (const sub of this.subscribers) {
      if (sub.live) deliver(sub, entry);
      else sub.queue.push(entry);
    }
  }

  /**
   * Decides where the subscriber starts (feed-id.ts: its own position, or the newest one with a reset), then
   * replays (start, newest] once the reader's start position is fixed, so the replay reaches at least where
   * the reader starts; then hands over the live entries queued meanwhile, skipping what the replay gave.
   */
  private async catchUp(sub: Subscriber, run: Run, after: string | null, asked: Promise<FeedPositionReading | null>): Promise<void> {
    let reading = await asked;
    while (reading === null && sub.active) {
      // Redis was away when the subscriber came: its position is decided once Redis is back. A client that
      // gave one loses nothing; one that did not starts from then (no entry can be written while Redis is away).
      await sleep(this.deps.retryMs);
      reading = await this.readPosition();
    }
    if (reading === null || !(await run.started) || !sub.active) return;
    const { replayAfter, position } = resumePoint(after, {
      ...reading,
      isPosition: (p) => parseStreamId(p) !== null,
      compare: compareStreamIds,
    });
    let from = replayAfter;
    sub.cursor = from;
    sub.epoch = reading.epoch;
    notify(sub, position);
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
      from = positionOf(page.at(-1)!.id);
    }
    for (const entry of sub.queue) deliver(sub, entry);
    sub.queue = [];
    sub.live = true;
  }
}

function notify(sub: Subscriber, position: FeedPosition): void {
  try {
    sub.onPosition?.(position);
  } catch (error) {
    console.error("activity feed position listener failed", error);
  }
}

function deliver(sub: Subscriber, entry: FeedEntry): void {
  if (!sub.active) return;
  const id = parseFeedId(entry.id)!;
  if (sub.epoch !== null && id.epoch !== sub.epoch) {
    // Redis was emptied while this subscriber streamed: what it holds may be gone. Its new position is the
    // start of the new generation, so a reconnect before this entry arrives still gets it.
    sub.epoch = id.epoch;
    notify(sub, { id: formatFeedId(id.epoch, "0-0"), reset: feedReset("other_generation") });
  } else if (sub.cursor !== null && compareStreamIds(id.position, sub.cursor) <= 0) return;
  sub.cursor = id.position;
  try {
    sub.listener(entry);
  } catch (error) {
    console.error("activity feed listener failed", error);
  }
}

/**
 * The stream entry's `data` is the FeedEntry minus its id; the id is its `epoch` and the stream id. Entries
 * written before ids had epochs carry none: they belong to the generation the store knows (`fallbackEpoch`).
 */
export function feedEntryFromStream(id: string, fields: Record<string, unknown>, fallbackEpoch: string): FeedEntry {
  const epoch = typeof fields.epoch === "string" ? fields.epoch : fallbackEpoch;
  return { id: formatFeedId(epoch, id), ...(JSON.parse(String(fields.data)) as Omit<FeedEntry, "id">) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
