import type { SessionSummary } from "../activity/session-summary";
import type { StoredAction } from "../activity/stored-action";
import type { ActivityStore } from "../store/activity-store";

export type UserLookup = { user_id: string } | { email: string } | { session_id: string };
export type FoundSession = { session: SessionSummary; actions: StoredAction[] };

/**
 * The sessions an agent asks about, newest first: a user's (by user id, or email in any case) seen within
 * `lookbackSeconds`, at most `maxSessions`; or the one session named, whatever its age. `known` says whether
 * the user or session exists at all, so "unknown" and "nothing recent" can be told apart; `user_id` and
 * `email` are the identity of the user's latest session.
 *
 * The ONE place this lookup happens. It lists every session and filters, which is fine within the store's
 * caps but is a scan: when the store gains its user/email index, switch only this function to it.
 */
export async function findUserSessions(
  store: ActivityStore,
  lookup: UserLookup,
  { lookbackSeconds, maxSessions, now = Date.now() / 1000 }: { lookbackSeconds: number; maxSessions: number; now?: number },
): Promise<{ known: boolean; user_id: string | null; email: string | null; sessions: FoundSession[] }> {
  if ("session_id" in lookup) {
    const found = await store.getSession(lookup.session_id);
    const session = found?.session;
    return { known: found !== null, user_id: session?.user_id ?? null, email: session?.email ?? null, sessions: found ? [found] : [] };
  }
  const email = "email" in lookup ? lookup.email.toLowerCase() : null;
  const mine = (await store.listSessions()).filter((session) =>
    email !== null ? session.email?.toLowerCase() === email : session.user_id === (lookup as { user_id: string }).user_id,
  );
  mine.sort((a, b) => b.last_seen - a.last_seen);
  const recent = mine
    .filter((session) => session.last_seen >= now - lookbackSeconds && session.action_count > 0)
    .slice(0, maxSessions);
  const found = await Promise.all(recent.map((session) => store.getSession(session.session_id)));
  // Identity as of the user's latest session, recent or not.
  return {
    known: mine.length > 0,
    user_id: mine.find((session) => session.user_id !== null)?.user_id ?? null,
    email: mine.find((session) => session.email !== null)?.email ?? null,
    sessions: found.filter((entry): entry is FoundSession => entry !== null),
  };
}
