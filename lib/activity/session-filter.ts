import { z } from "zod";
import type { SessionSummary } from "./session-summary";

export const SessionStatusSchema = z.enum(["identified", "anonymous"]);
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

/** Which sessions a list shows: `q` finds a session by its id, its user's id or its email; `status` by identity. */
export type SessionFilter = {
  /** Matches a session id or user id exactly, or an email ignoring case. */
  q?: string | null;
  status?: SessionStatus | null;
};

/** The key emails are indexed and searched by: case is not significant in the addresses people type. */
export const emailKey = (email: string) => email.toLowerCase();

/** What the stores' indexes answer, for one session: the dashboard applies it to live changes. */
export function matchesFilter(session: SessionSummary, { q, status }: SessionFilter): boolean {
  if (status === "identified" && session.user_id === null) return false;
  if (status === "anonymous" && session.user_id !== null) return false;
  if (!q) return true;
  return (
    session.session_id === q || session.user_id === q || (session.email !== null && emailKey(session.email) === emailKey(q))
  );
}
