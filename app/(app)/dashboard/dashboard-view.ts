import {
  applyFeedEntry,
  mergeActions,
  mergeSessions,
  newerSummary,
  type DashboardState,
  type SelectedSession,
} from "@/lib/activity/apply-feed-entry";
import type { FeedEntry } from "@/lib/activity/feed-entry";
import type { SessionSummary } from "@/lib/activity/session-summary";

/** What the server rendered: the store as it stood, and the session the URL selects (or the latest one). */
export type ServerSnapshot = {
  sessions: SessionSummary[];
  selected: SelectedSession | null;
  /** The `?session=` of the URL, or null when the dashboard follows the most recent session. */
  requestedId: string | null;
};

/** The dashboard's client state: live merges on top of the last server snapshot. */
export type DashboardView = DashboardState & {
  requestedId: string | null;
  /**
   * Opened with no session at all and none named in the URL: the view then shows whichever session is most
   * recently active, until the user picks one.
   */
  following: boolean;
  /** Entries received lately, replayed over a snapshot that may have been read before they arrived. */
  recent: FeedEntry[];
  /** When (ms) an action (by event_id) or a session (by session_id) last arrived live, to highlight it. */
  fresh: Record<string, number>;
};

export type ViewAction =
  | { type: "entry"; entry: FeedEntry; at: number }
  | { type: "snapshot"; snapshot: ServerSnapshot }
  | { type: "expire"; before: number };

/** Enough to cover a server round trip on a busy feed; older entries are already in any new snapshot. */
const RECENT_ENTRIES = 300;

export function initialView(snapshot: ServerSnapshot): DashboardView {
  return reduceView(
    { sessions: [], selected: null, requestedId: snapshot.requestedId, following: true, recent: [], fresh: {} },
    { type: "snapshot", snapshot },
  );
}

export function reduceView(view: DashboardView, action: ViewAction): DashboardView {
  switch (action.type) {
    case "entry": {
      const { entry, at } = action;
      const recent = [...view.recent, entry].slice(-RECENT_ENTRIES);
      const fresh = { ...view.fresh, [entry.session.session_id]: at };
      for (const a of entry.actions) fresh[a.event_id] = at;
      // A session the URL names that was not in the snapshot: the feed carries all of it, from its start.
      const named = view.selected === null && view.requestedId === entry.session.session_id;
      const selected = named ? { session: entry.session, actions: [] } : view.selected;
      const next = applyFeedEntry({ sessions: view.sessions, selected }, entry);
      if (!view.following) return { ...view, ...next, recent, fresh };
      // Following: every session appeared after the (empty) snapshot, so the recent entries hold all of it.
      const top = next.sessions[0];
      if (!top) return { ...view, ...next, recent, fresh };
      let followed: DashboardState = { sessions: [], selected: { session: top, actions: [] } };
      for (const e of recent) followed = applyFeedEntry(followed, e);
      return { ...view, sessions: next.sessions, selected: followed.selected, recent, fresh };
    }
    case "snapshot": {
      const { snapshot } = action;
      const sessions = mergeSessions(view.sessions, snapshot.sessions);
      let selected = snapshot.selected ?? (snapshot.requestedId === null ? view.selected : null);
      const previous = view.selected;
      if (selected && previous && previous.session.session_id === selected.session.session_id) {
        selected = {
          session: newerSummary(previous.session, selected.session),
          actions: mergeActions(previous.actions, selected.actions),
        };
      }
      // Entries that arrived while the server was reading the snapshot may be missing from it.
      let state: DashboardState = { sessions, selected };
      for (const entry of view.recent) state = applyFeedEntry(state, entry);
      const following = view.following && snapshot.requestedId === null && snapshot.selected === null;
      return { ...view, ...state, requestedId: snapshot.requestedId, following };
    }
    case "expire": {
      const fresh = Object.fromEntries(Object.entries(view.fresh).filter(([, at]) => at >= action.before));
      return { ...view, fresh };
    }
  }
}
