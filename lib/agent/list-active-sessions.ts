import type { SessionSummary } from "../activity/session-summary";
import { MAX_PAGE_SIZE } from "../activity/session-list-params";
import type { ActivityStore, SessionPage } from "../store/activity-store";
import { conversationsOf } from "./conversation-cache";

export type ActiveSession = SessionSummary & { conversation_id: string | null };

/** Sessions with an event within `activeWithinSeconds`, newest first, at most `limit`. */
export async function listActiveSessions(
  store: ActivityStore,
  { activeWithinSeconds, limit, now = Date.now() / 1000 }: { activeWithinSeconds: number; limit: number; now?: number },
): Promise<ActiveSession[]> {
  // The activity index is newest first: read pages until a session is older than the window or enough are found.
  const active: SessionSummary[] = [];
  let after: SessionPage["next"] = null;
  do {
    const page: SessionPage = await store.listSessions({ limit: Math.min(limit, MAX_PAGE_SIZE), after });
    after = page.next;
    for (const session of page.sessions) {
      if (session.last_seen < now - activeWithinSeconds || active.length >= limit) {
        after = null;
        break;
      }
      active.push(session);
    }
  } while (after !== null && active.length < limit);
  const conversations = await conversationsOf(store, active.map((session) => session.session_id));
  return active.map((session, i) => ({ ...session, conversation_id: conversations[i] ?? null }));
}

/** One line per session, for a prompt. */
export function activeSessionsText(sessions: readonly ActiveSession[], activeWithinSeconds: number): string {
  if (sessions.length === 0) return `No session has been active in the last ${activeWithinSeconds} s.`;
  return sessions
    .map((s) => {
      const who = s.user_id === null ? "anonymous" : `user ${s.user_id}${s.email ? ` <${s.email}>` : ""}`;
      const conversation = s.conversation_id ? `, conversation ${s.conversation_id}` : "";
      const where = s.current_url ? ` on ${s.current_url}` : "";
      return `Session ${s.session_id} (${s.product_id}) — ${who} — ${s.action_count} actions — last seen ${new Date(s.last_seen * 1000).toISOString()}${where}${conversation}`;
    })
    .join("\n");
}
