"use client";

import { useCallback, useEffect, useRef } from "react";

/** A hidden tab gets no animation frames: the batch is applied after this long anyway. */
const HIDDEN_FLUSH_MS = 250;
/**
 * At most this many batches a second: each costs a render, a commit and a layout whatever its size, and on a
 * busy feed ten updates a second read as live while leaving the main thread free for the person using it.
 */
const MIN_INTERVAL_MS = 100;
/** The longest the batches wait for `held` to clear before they are applied anyway. */
const MAX_HOLD_MS = 3000;

type Scheduled = { frame: number; wait?: ReturnType<typeof setTimeout>; timer: ReturnType<typeof setTimeout> };

/**
 * Collects items that arrive between two animation frames and hands them over together, in a frame at least
 * MIN_INTERVAL_MS after the previous batch: a feed delivering hundreds of frames a second costs ten state
 * updates and renders a second, not one per frame received. While `held` (a session is being opened), batches
 * wait: each would interrupt the opening's render, which on a slow machine then never finishes.
 */
export function useFrameBatches<T>(apply: (items: T[]) => void, held = false): (item: T) => void {
  const queue = useRef<T[]>([]);
  const heldSince = useRef<number | null>(null);
  const pending = useRef<Scheduled | null>(null);
  const lastFlush = useRef(0);
  const handler = useRef(apply);
  useEffect(() => {
    handler.current = apply;
  }, [apply]);

  const flush = useCallback(() => {
    if (pending.current) {
      cancelAnimationFrame(pending.current.frame);
      clearTimeout(pending.current.wait);
      clearTimeout(pending.current.timer);
      pending.current = null;
    }
    if (heldSince.current !== null && performance.now() - heldSince.current < MAX_HOLD_MS && queue.current.length > 0) {
      pending.current = { frame: 0, timer: setTimeout(flush, MIN_INTERVAL_MS) };
      return;
    }
    lastFlush.current = performance.now();
    const items = queue.current;
    if (items.length === 0) return;
    queue.current = [];
    handler.current(items);
  }, []);

  useEffect(() => flush, [flush]);

  useEffect(() => {
    heldSince.current = held ? performance.now() : null;
    if (!held) flush();
  }, [held, flush]);

  return useCallback(
    (item: T) => {
      queue.current.push(item);
      if (pending.current) return;
      // The next frame at least MIN_INTERVAL_MS after the last batch.
      const scheduled: Scheduled = { frame: 0, timer: setTimeout(flush, HIDDEN_FLUSH_MS) };
      const wait = lastFlush.current + MIN_INTERVAL_MS - performance.now();
      if (wait <= 0) scheduled.frame = requestAnimationFrame(flush);
      else scheduled.wait = setTimeout(() => (scheduled.frame = requestAnimationFrame(flush)), wait);
      pending.current = scheduled;
    },
    [flush],
  );
}
