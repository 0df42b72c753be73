import { z } from "zod";
import type { SessionSummary } from "./session-summary";

/**
 * The one order sessions are listed, paged and evicted in: most recent activity (`last_seen`) first, ties by
 * session id, descending. A Redis sorted set scored by `last_seen` iterated in reverse gives exactly this
 * order (equal scores reverse-lexicographically), so both store backends and the dashboard agree on it.
 */
export const SessionCursorSchema = z.object({ last_seen: z.number(), session_id: z.string() });
/** A position in the order: the last session of a page. The next page holds the sessions after it. */
export type SessionCursor = z.infer<typeof SessionCursorSchema>;

type Ordered = Pick<SessionSummary, "last_seen" | "session_id">;

/** Negative when `a` comes first (is more recently active). */
export function compareActivity(a: Ordered, b: Ordered): number {
  return b.last_seen - a.last_seen || (a.session_id < b.session_id ? 1 : a.session_id > b.session_id ? -1 : 0);
}

/** Whether `session` comes strictly after `cursor` in the order, i.e. belongs to a later page. */
export function isAfterCursor(session: Ordered, cursor: SessionCursor): boolean {
  return compareActivity(session, cursor) > 0;
}

export const cursorOf = (session: Ordered): SessionCursor => ({ last_seen: session.last_seen, session_id: session.session_id });
