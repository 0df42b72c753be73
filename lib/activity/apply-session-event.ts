import type { SessionSummary } from "./session-summary";
import type { SessionEvent } from "../store/activity-store";

/**
 * Folds one event into its session's summary. Pure, so every store backend links identities the same way.
 * Events arrive in any order, so "first" and "latest" are decided by event time, never by arrival.
 */
export function applySessionEvent(current: SessionSummary | null, event: SessionEvent, actionCount: number): SessionSummary {
  const base: SessionSummary = current ?? {
    session_id: event.session_id,
    user_id: null,
    email: null,
    product_id: event.product_id,
    first_seen: event.timestamp,
    last_seen: event.timestamp,
    identified_at: null,
    current_url: null,
    action_count: 0,
  };
  const next: SessionSummary = { ...base, action_count: actionCount };
  const isLatest = event.timestamp >= base.last_seen;

  // A session belongs to the user named by its earliest identified event; its anonymous actions inherit it.
  if (event.user_id !== null) {
    const earlier = next.identified_at === null || event.timestamp < next.identified_at;
    if (next.user_id === null || earlier) {
      next.user_id = event.user_id;
      next.identified_at = event.timestamp;
    }
  }
  if (event.email !== null && (next.email === null || isLatest)) next.email = event.email;
  if (isLatest) {
    next.product_id = event.product_id;
    if (event.current_url) next.current_url = event.current_url;
  } else if (next.current_url === null && event.current_url) {
    next.current_url = event.current_url;
  }
  next.first_seen = Math.min(base.first_seen, event.timestamp);
  next.last_seen = Math.max(base.last_seen, event.timestamp);
  return next;
}
