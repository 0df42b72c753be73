import {
  applyFeedEntry,
  mergeActions,
  mergeSessions,
  newerSummary,
  type DashboardState,
  type SelectedSession,
} from "@/lib/activity/apply-feed-entry";
import type { FeedEntry } from "@/lib/activity/feed-entry";
import { encodeCursor } from "@/lib/activity/session-cursor";
import { matchesFilter } from "@/lib/activity/session-filter";
import { compareActivity, cursorOf } from "@/lib/activity/session-order";
import type { SessionSummary } from "@/lib/activity/session-summary";
import type { SessionsPage } from "@/lib/activity/sessions-page";

/** What the server rendered: the first page of sessions (as `GET /api/sessions` answers it), and the session the URL selects (or the latest one). */
export type ServerSnapshot = {
  page: SessionsPage;
  selected: SelectedSession | null;
  /** The `?session=` of the URL, or null when the dashboard follows the most recent session. */
  requestedId: string | null;
};

/** The dashboard's client state: live merges on top of the pages loaded so far. */
export type DashboardView = DashboardState & {
  /** The search the list shows (a session id, user id or email); null: every session. */
  query: string | null;
  /** Where the list's next page starts; null once its end is loaded. */
  nextCursor: string | null;
  /** How many sessions match `query` in the store. */
  total: number;
  /** How many sessions the store holds, whatever the search. */
  storeTotal: number;
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
  | { type: "search"; query: string | null }
  | { type: "page"; query: string | null; page: SessionsPage; replace: boolean }
  | { type: "expire"; before: number };

/** Enough to cover a server round trip on a busy feed; older entries are already in any new snapshot. */
const RECENT_ENTRIES = 300;
/** Sessions a tab keeps after scrolling: beyond it the oldest loaded go, and scrolling loads them again. */
export const LIST_LIMIT = 1000;

export function initialView(snapshot: ServerSnapshot): DashboardView {
  const empty: DashboardView = {
    sessions: [],
    selected: null,
    query: null,
    nextCursor: null,
    total: 0,
    storeTotal: 0,
    requestedId: snapshot.requestedId,
    following: true,
    recent: [],
    fresh: {},
  };
  return reduceView(empty, { type: "snapshot", snapshot });
}

type ListState = Pick<DashboardView, "sessions" | "query" | "nextCursor" | "total" | "storeTotal">;

/** Merges summaries into the list, capped; when the cap cuts the tail, the next page starts where it now ends. */
function mergeIntoList(list: ListState, incoming: SessionSummary[], nextCursor: string | null): ListState {
  const sessions = mergeSessions(list.sessions, incoming, LIST_LIMIT);
  const union = new Set([...list.sessions, ...incoming].map((s) => s.session_id)).size;
  const cut = sessions.length < union;
  return { ...list, sessions, nextCursor: cut ? encodeCursor(cursorOf(sessions.at(-1)!)) : nextCursor };
}

/**
 * One live change in the list: a session that matches the search moves to its place, and a session the
 * list has not loaded is inserted only if it belongs to the loaded range (older ones come with their page).
 */
function listEntry(list: ListState, entry: FeedEntry): ListState {
  const { session } = entry;
  const storeTotal = entry.total_sessions ?? list.storeTotal;
  const known = list.sessions.some((s) => s.session_id === session.session_id);
  const tail = list.sessions.at(-1);
  const inRange = list.nextCursor === null || (tail !== undefined && compareActivity(session, tail) < 0);
  const matches = matchesFilter(session, { q: list.query });
  // Unfiltered, the store's own count is the list's total; a search counts a match it had not seen.
  let total = list.total;
  if (list.query === null) total = storeTotal;
  else if (matches && !known && list.nextCursor === null) total += 1;
  if (!matches || (!known && !inRange)) return { ...list, total, storeTotal };
  return { ...mergeIntoList(list, [session], list.nextCursor), total, storeTotal };
}

function selectedEntry(selected: SelectedSession | null, entry: FeedEntry): SelectedSession | null {
  return applyFeedEntry({ sessions: [], selected }, entry).selected;
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
      const selected = selectedEntry(named ? { session: entry.session, actions: [] } : view.selected, entry);
      const list = listEntry(view, entry);
      if (!view.following || view.query !== null) return { ...view, ...list, selected, recent, fresh };
      // Following: every session appeared after the (empty) snapshot, so the recent entries hold all of it.
      const top = list.sessions[0];
      if (!top) return { ...view, ...list, selected, recent, fresh };
      let followed: SelectedSession | null = { session: top, actions: [] };
      for (const e of recent) followed = selectedEntry(followed, e);
      return { ...view, ...list, selected: followed, recent, fresh };
    }
    case "snapshot": {
      const { snapshot } = action;
      let list: ListState = { ...view, storeTotal: snapshot.page.total };
      if (view.query === null) {
        // The first page again (after a selection): merged in; the pages loaded beyond it stay.
        const nextCursor = view.sessions.length === 0 ? snapshot.page.next_cursor : view.nextCursor;
        list = { ...mergeIntoList(list, snapshot.page.sessions, nextCursor), total: snapshot.page.total };
      }
      let selected = snapshot.selected ?? (snapshot.requestedId === null ? view.selected : null);
      const previous = view.selected;
      if (selected && previous && previous.session.session_id === selected.session.session_id) {
        selected = {
          session: newerSummary(previous.session, selected.session),
          actions: mergeActions(previous.actions, selected.actions),
        };
      }
      // Entries that arrived while the server was reading the snapshot may be missing from it.
      for (const entry of view.recent) {
        list = listEntry(list, entry);
        selected = selectedEntry(selected, entry);
      }
      const following = view.following && snapshot.requestedId === null && snapshot.selected === null;
      return { ...view, ...list, selected, requestedId: snapshot.requestedId, following };
    }
    case "search": {
      if (action.query === view.query) return view;
      return { ...view, query: action.query, sessions: [], nextCursor: null, total: 0 };
    }
    case "page": {
      if (action.query !== view.query) return view; // a late answer to a search the user has since changed
      const { page } = action;
      const base: ListState = action.replace ? { ...view, sessions: [] } : view;
      const list = mergeIntoList(base, page.sessions, page.next_cursor);
      return { ...view, ...list, total: page.total, storeTotal: view.query === null ? page.total : view.storeTotal };
    }
    case "expire": {
      const fresh = Object.fromEntries(Object.entries(view.fresh).filter(([, at]) => at >= action.before));
      return { ...view, fresh };
    }
  }
}
