import { compareActivity } from "@/lib/activity/session-order";
import type { SessionSummary } from "@/lib/activity/session-summary";

/** The list as it stood when the pointer came onto it: its order, and its last row. */
export type FrozenOrder = { ids: string[]; tail: SessionSummary | undefined };

export const freezeOrder = (sessions: readonly SessionSummary[]): FrozenOrder => ({
  ids: sessions.map((s) => s.session_id),
  tail: sessions.at(-1),
});

/**
 * The rows to show while the list's order is held: the frozen rows in their frozen places with their current
 * content, minus those the list no longer holds; then sessions older than the frozen last row (a page loaded by
 * scrolling), in order. Sessions that would go above it (new activity) wait and are counted. `paused` says
 * whether the live order differs from what is shown.
 */
export function steadyOrder(frozen: FrozenOrder, sessions: readonly SessionSummary[]) {
  const byId = new Map(sessions.map((s) => [s.session_id, s]));
  const shown: SessionSummary[] = [];
  for (const id of frozen.ids) {
    const session = byId.get(id);
    if (session) shown.push(session);
  }
  const known = new Set(frozen.ids);
  let waiting = 0;
  for (const session of sessions) {
    if (known.has(session.session_id)) continue;
    if (frozen.tail !== undefined && compareActivity(session, frozen.tail) > 0) shown.push(session);
    else waiting++;
  }
  const paused = waiting > 0 || shown.some((s, i) => s !== sessions[i]);
  return { shown, waiting, paused };
}
