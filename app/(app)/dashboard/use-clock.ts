"use client";

import { useSyncExternalStore } from "react";

// One shared ticker for every relative time on the page: only the components that show one re-render each
// second, not the whole dashboard.
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

/** The current time in Unix seconds, ticking every second; `fallback` (the server's clock) until hydrated. */
export function useNow(fallback: number): number {
  return useSyncExternalStore(
    subscribe,
    () => nowSeconds,
    () => fallback,
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
