"use client";

import { useCallback, useEffect, useRef } from "react";

/** A hidden tab gets no animation frames: the batch is applied after this long anyway. */
const HIDDEN_FLUSH_MS = 250;
/**
 * At most this many batches a second: each costs a render, a commit and a layout whatever its size, and on a
 * busy feed ten updates a second read as live while leaving the main thread free for the person using it.
 */
const MIN_INTERVAL_MS = 100;

type Scheduled = { frame: number; wait?: ReturnType<typeof setTimeout>; timer: ReturnType<typeof setTimeout> };

/**
 * Collects items that arrive between two animation frames and hands them over together, in a frame at least
 * MIN_INTERVAL_MS after the previous batch: a feed delivering hundreds of frames a second costs ten state
 * updates and renders a second, not one per frame received.
 */
export function useFrameBatches<T>(apply: (items: T[]) => void): (items: T[]) => void {
  const queue = useRef<T[]>([]);
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
    lastFlush.current = performance.now();
    const items = queue.current;
    if (items.length === 0) return;
    queue.current = [];
    handler.current(items);
  }, []);

  useEffect(() => flush, [flush]);

  return useCallback(
    (items: T[]) => {
      queue.current.push(...items);
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
