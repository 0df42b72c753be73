import type { Unsubscribe } from "../store/activity-store";
import type { SseFrame } from "./event-stream";

/** What a source hands over: entries (sent in blocks), other frames (a reset) and its position. */
export type BlockSource<T> = (
  entry: (entry: T) => void,
  frame: (frame: SseFrame) => void,
  position: (id: string) => void,
) => Unsubscribe;

/**
 * Sends a subscription's entries in blocks: at most one frame every `windowMs`, holding every entry that
 * arrived since the previous one. An entry after a quiet spell goes out at once (in a microtask, so entries
 * delivered together, such as a replay, still share a block); during a burst the rest wait for the window to
 * end. A busy product's hundreds of changes a second then cost a browser a few events a second, each parsed
 * and dispatched once, instead of one event per change, and the server a few writes instead of hundreds.
 * The block's `id` should be its last entry's, so a client resuming with Last-Event-ID misses none of them.
 * Other frames and position changes go out in order: the entries before them are sent first.
 */
export function inBlocks<T>(
  subscribe: BlockSource<T>,
  /** The window after a block, given how many entries it held: a feed can wait longer the busier it is. */
  windowMs: number | ((lastBlockSize: number) => number),
  toFrame: (entries: T[]) => SseFrame,
): (push: (frame: SseFrame) => void, position: (id: string) => void) => Unsubscribe {
  return (push, position) => {
    let pending: T[] = [];
    let scheduled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let lastSent = -Infinity;
    let lastSize = 0;
    const windowAfter = typeof windowMs === "number" ? () => windowMs : windowMs;
    const flush = () => {
      scheduled = false;
      clearTimeout(timer);
      timer = undefined;
      if (stopped || pending.length === 0) return;
      const entries = pending;
      pending = [];
      lastSent = performance.now();
      lastSize = entries.length;
      push(toFrame(entries));
    };
    const unsubscribe = subscribe(
      (entry) => {
        pending.push(entry);
        if (scheduled) return;
        scheduled = true;
        const wait = lastSent + windowAfter(lastSize) - performance.now();
        if (wait <= 0) queueMicrotask(flush);
        else timer = setTimeout(flush, wait);
      },
      (frame) => {
        flush();
        if (!stopped) push(frame);
      },
      (id) => {
        flush();
        if (!stopped) position(id);
      },
    );
    return () => {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
    };
  };
}
