"use client";

import { useCallback, useMemo, useState } from "react";
import type { SessionSummary } from "@/lib/activity/session-summary";
import { freezeOrder, steadyOrder, type FrozenOrder } from "./steady-order";

/**
 * Keeps the list's order still while the pointer is over it. On a busy product every row moves several times a
 * second (the list is ordered by last activity), so the row under the pointer when the button goes down is
 * rarely the one that was aimed at. While paused, rows update in place (see steady-order.ts); leaving the list
 * shows the live order again.
 */
export function useSteadyOrder(sessions: SessionSummary[]) {
  const [frozen, setFrozen] = useState<FrozenOrder | null>(null);

  // A new search empties the list: what was frozen no longer means anything.
  if (frozen !== null && sessions.length === 0) setFrozen(null);

  /** `order`: the rows as shown when the pointer came in. */
  const pause = useCallback((order: SessionSummary[]) => {
    if (order.length === 0) return;
    setFrozen((was) => was ?? freezeOrder(order));
  }, []);
  const resume = useCallback(() => setFrozen(null), []);

  const steady = useMemo(
    () => (frozen === null ? { shown: sessions, waiting: 0, paused: false } : steadyOrder(frozen, sessions)),
    [frozen, sessions],
  );
  return { ...steady, frozen: frozen !== null, pause, resume };
}
