import type { SessionSummary } from "../activity/session-summary";
import type { ActivityStore } from "../store/activity-store";
import { conversationsOf } from "./conversation-cache";

export type ActiveSession = SessionSummary & { conversation_id: string | null };

/** Sessions with an event within `activeWithinSeconds`, newest first, at most `limit`. */
export async function listActiveSessions(
  store: ActivityStore,
  { activeWithinSeconds, limit, now = Date.now() / 1000 }: { activeWithinSeconds: number; limit: number; now?: number },
): Promise<ActiveSession[]> {
  const active = (await store.listSessions())
    .filter((session) => session.last_seen >= now - activeWithinSeconds)
    .sort((a, b) => b.last_seen - a.last_seen)
    .slice(0, limit);
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
