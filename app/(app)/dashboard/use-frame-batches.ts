"use client";

import { useCallback, useEffect, useRef } from "react";

/** A hidden tab gets no animation frames: the batch is applied after this long anyway. */
const HIDDEN_FLUSH_MS = 250;

/**
 * Collects items that arrive between two animation frames and hands them over together, once per frame: a feed
 * delivering hundreds of frames a second costs one state update and one render per frame on screen, not one
 * per frame received.
 */
export function useFrameBatches<T>(apply: (items: T[]) => void): (item: T) => void {
  const queue = useRef<T[]>([]);
  const pending = useRef<{ frame: number; timer: ReturnType<typeof setTimeout> } | null>(null);
  const handler = useRef(apply);
  useEffect(() => {
    handler.current = apply;
  }, [apply]);

  const flush = useCallback(() => {
    if (pending.current) {
      cancelAnimationFrame(pending.current.frame);
      clearTimeout(pending.current.timer);
      pending.current = null;
    }
    const items = queue.current;
    if (items.length === 0) return;
    queue.current = [];
    handler.current(items);
  }, []);

  useEffect(() => flush, [flush]);

  return useCallback(
    (item: T) => {
      queue.current.push(item);
      if (pending.current) return;
      pending.current = { frame: requestAnimationFrame(flush), timer: setTimeout(flush, HIDDEN_FLUSH_MS) };
    },
    [flush],
  );
}
