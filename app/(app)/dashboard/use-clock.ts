"use client";

import { useSyncExternalStore } from "react";

// One shared ticker for every relative time on the page: a component that shows one re-renders only when its
// text changes, not the whole dashboard every second.
const listeners = new Set<() => void>();
let nowSeconds = Date.now() / 1000;
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    nowSeconds = Date.now() / 1000;
    timer = setInterval(() => {
      nowSeconds = Date.now() / 1000;
      for (const notify of listeners) notify();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/**
 * A value derived from the current time (Unix seconds), re-rendering only when the value changes: "5m ago" or an
 * "active" flag re-renders once a minute or once ever, not every second. `derive` must return a primitive;
 * `fallback` (the server's clock) is used until hydrated.
 */
export function useClock<T extends string | number | boolean>(fallback: number, derive: (nowSeconds: number) => T): T {
  return useSyncExternalStore(
    subscribe,
    () => derive(nowSeconds),
    () => derive(fallback),
  );
}

const noSubscription = () => () => {};

/**
 * False during server rendering and hydration, true after. Wall-clock times are formatted in the viewer's time
 * zone, which the server does not know, so they wait for this rather than mismatch.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
