import type { SessionSummary } from "../activity/session-summary";
import type { StoredAction } from "../activity/stored-action";
import type { ActivityStore, SessionPage } from "../store/activity-store";
import { emailKey } from "../activity/session-filter";

export type UserLookup = { user_id: string } | { email: string } | { session_id: string };
/** A session as the store returns it; `first_index` keeps action indices absolute, as on the feed. */
export type FoundSession = { session: SessionSummary; actions: StoredAction[]; first_index: number };

/** A page of the index at a time: enough for any `max_sessions` an agent asks for, bounded per read. */
const PAGE = 50;

/**
 * The sessions an agent asks about, newest first: a user's (by user id, or email in any case) seen within
 * `lookbackSeconds`, at most `maxSessions`; or the one session named, whatever its age. `known` says whether
 * the user or session exists at all, so "unknown" and "nothing recent" can be told apart; `user_id` and
 * `email` are the identity of the user's latest session.
 *
 * Served from the store's user/email index (`listSessions` with `q`), newest activity first, so it reads only
 * the user's own sessions and stops at the first one older than the lookback: its cost does not grow with the
 * number of sessions stored.
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
  // `q` also matches a session id, or an email for a user id: keep only the field asked about.
  const email = "email" in lookup ? emailKey(lookup.email) : null;
  const q = email ?? (lookup as { user_id: string }).user_id;
  const isMine = (session: SessionSummary) =>
    email !== null ? session.email !== null && emailKey(session.email) === email : session.user_id === q;

  let known = false;
  let identity: SessionSummary | null = null;
  const recent: SessionSummary[] = [];
  let after: SessionPage["next"] = null;
  do {
    const page: SessionPage = await store.listSessions({ limit: PAGE, q, after });
    after = page.next;
    for (const session of page.sessions.filter(isMine)) {
      known = true;
      identity ??= session;
      if (session.last_seen < now - lookbackSeconds) {
        after = null; // newest first: every later one is older still
        break;
      }
      if (session.action_count > 0) recent.push(session);
      if (recent.length >= maxSessions) {
        after = null;
        break;
      }
    }
  } while (after !== null);

  const found = await Promise.all(recent.map((session) => store.getSession(session.session_id)));
  // Identity as of the user's latest session, recent or not.
  return {
    known,
    user_id: identity?.user_id ?? null,
    email: identity?.email ?? null,
    sessions: found.flatMap((entry) => (entry === null ? [] : [entry])),
  };
}
