import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SseFrame } from "./event-stream";
import { inBlocks, type BlockSource } from "./frame-blocks";

type Entry = { id: string };

/** A subscription whose entries, frames and positions the test delivers by hand. */
function source() {
  let deliver: Parameters<BlockSource<Entry>> | null = null;
  let unsubscribed = false;
  const subscribe: BlockSource<Entry> = (...callbacks) => {
    deliver = callbacks;
    return () => {
      unsubscribed = true;
    };
  };
  return {
    subscribe,
    send: (id: string) => deliver![0]({ id }),
    frame: (frame: SseFrame) => deliver![1](frame),
    position: (id: string) => deliver![2](id),
    unsubscribed: () => unsubscribed,
  };
}

const toFrame = (entries: Entry[]): SseFrame => ({ id: entries.at(-1)!.id, event: "block", data: entries.map((e) => e.id) });

describe("inBlocks", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("sends an entry after a quiet spell at once, with the others delivered in the same turn", async () => {
    const feed = source();
    const frames: SseFrame[] = [];
    inBlocks(feed.subscribe, 100, toFrame)((frame) => frames.push(frame), () => {});
    feed.send("1");
    feed.send("2");
    await Promise.resolve();
    expect(frames).toEqual([{ id: "2", event: "block", data: ["1", "2"] }]);
  });

  it("holds a burst to one block per window, in order, each carrying its last entry's id", async () => {
    const feed = source();
    const frames: SseFrame[] = [];
    inBlocks(feed.subscribe, 100, toFrame)((frame) => frames.push(frame), () => {});
    feed.send("1");
    await Promise.resolve();
    for (let i = 2; i <= 30; i++) {
      feed.send(String(i));
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(100);
    expect(frames.length).toBeLessThanOrEqual(5);
    expect(frames.flatMap((f) => f.data as string[])).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));
    for (const frame of frames) expect(frame.id).toBe((frame.data as string[]).at(-1));
  });

  it("sends nothing after unsubscribing, and unsubscribes its source", async () => {
    const feed = source();
    const frames: SseFrame[] = [];
    const stop = inBlocks(feed.subscribe, 100, toFrame)((frame) => frames.push(frame), () => {});
    feed.send("1");
    await Promise.resolve();
    feed.send("2");
    stop();
    await vi.advanceTimersByTimeAsync(500);
    expect(frames.map((f) => f.id)).toEqual(["1"]);
    expect(feed.unsubscribed()).toBe(true);
  });

  it("sends the entries held so far before a reset frame or a new position, so the stream keeps its order", async () => {
    const feed = source();
    const sent: string[] = [];
    inBlocks(feed.subscribe, 100, toFrame)(
      (frame) => sent.push(`${frame.event}:${frame.id}`),
      (id) => sent.push(`position:${id}`),
    );
    feed.send("1");
    await Promise.resolve();
    feed.send("2");
    feed.send("3");
    feed.frame({ id: "9", event: "reset", data: {} });
    feed.send("4");
    feed.position("10");
    await vi.advanceTimersByTimeAsync(200);
    expect(sent).toEqual(["block:1", "block:3", "reset:9", "block:4", "position:10"]);
  });

  it("waits longer after a big block when the window depends on the block's size", async () => {
    const feed = source();
    const sentAt: number[] = [];
    const start = performance.now();
    inBlocks(feed.subscribe, (size) => (size >= 3 ? 250 : 100), toFrame)(() => sentAt.push(performance.now() - start), () => {});
    feed.send("1");
    await Promise.resolve(); // block of 1: the next waits 100 ms
    feed.send("2");
    feed.send("3");
    feed.send("4");
    await vi.advanceTimersByTimeAsync(100); // block of 3: the next waits 250 ms
    feed.send("5");
    await vi.advanceTimersByTimeAsync(200);
    expect(sentAt).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(50);
    expect(sentAt).toHaveLength(3);
    expect(sentAt.map(Math.round)).toEqual([0, 100, 350]);
  });
});
