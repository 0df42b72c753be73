import {
  mergeActions,
  mergeSessions,
  newerSummary,
  type DashboardState,
  type SelectedSession,
} from "@/lib/activity/apply-feed-entry";
import type { FeedEntry } from "@/lib/activity/feed-entry";
import type { FeedReset } from "@/lib/activity/feed-reset";
import { encodeCursor } from "@/lib/activity/session-cursor";
import { matchesFilter } from "@/lib/activity/session-filter";
import { compareActivity, cursorOf } from "@/lib/activity/session-order";
import type { SessionSummary } from "@/lib/activity/session-summary";
import type { SessionsPage } from "@/lib/activity/sessions-page";
import type { StoredAction } from "@/lib/activity/stored-action";

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
  /** A session picked in the list whose actions are being read; null once they arrived (or none is). */
  opening: string | null;
  /**
   * Opened with no session at all and none named in the URL: the view then shows whichever session is most
   * recently active, until the user picks one.
   */
  following: boolean;
  /**
   * What arrived live lately, per session: merged into a server snapshot of that session, which may have been
   * read before it arrived however busy the feed is (a count of recent entries would not cover a slow answer).
   */
  live: ReadonlyMap<string, LiveSession>;
  /** When (ms) a session last arrived live, to highlight its row. */
  fresh: ReadonlyMap<string, number>;
  /** When (ms) an action of the selected session arrived live, by event_id, to highlight it. */
  freshActions: ReadonlyMap<string, number>;
  /** The feed's latest `reset` (it could not resume: what the view holds may be gone), and when (ms), for a notice. */
  reset: (FeedReset & { at: number }) | null;
  /** Set by a reset until the reloaded snapshot arrives: it then replaces the view rather than merging into it. */
  reloading: boolean;
};

type LiveSession = { session: SessionSummary; actions: StoredAction[]; at: number };

export type ViewAction =
  /** Feed entries that arrived within one frame, applied together. */
  | { type: "entries"; entries: FeedEntry[]; at: number }
  | { type: "snapshot"; snapshot: ServerSnapshot }
  /** A session picked in the list: selected at once, its actions follow with `opened`. */
  | { type: "open"; sessionId: string }
  /** The store's answer for a session being opened (null: not stored). */
  | { type: "opened"; sessionId: string; found: SelectedSession | null }
  | { type: "search"; query: string | null }
  | { type: "page"; query: string | null; page: SessionsPage; replace: boolean }
  /** Drops highlights that arrived before `before` (ms) and live data older than any snapshot still in flight. */
  | { type: "expire"; before: number }
  /** The feed could not resume (FeedReset): the view reloads its snapshot from the server. */
  | { type: "reset"; reset: FeedReset; at: number };

/** Longer than any server answer takes: a snapshot requested before then already holds what arrived before. */
export const LIVE_KEEP_MS = 120_000;
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
    opening: null,
    following: true,
    live: new Map(),
    fresh: new Map(),
    freshActions: new Map(),
    reset: null,
    reloading: false,
  };
  return reduceView(empty, { type: "snapshot", snapshot });
}

type ListState = Pick<DashboardView, "sessions" | "query" | "nextCursor" | "total" | "storeTotal">;

/** Merges summaries into the list, capped; when the cap cuts the tail, the next page starts where it now ends. */
function mergeIntoList(list: ListState, incoming: SessionSummary[], nextCursor: string | null): ListState {
  const sessions = mergeSessions(list.sessions, incoming, LIST_LIMIT);
  const known = new Set(list.sessions.map((s) => s.session_id));
  const union = list.sessions.length + new Set(incoming.map((s) => s.session_id).filter((id) => !known.has(id))).size;
  const cut = sessions.length < union;
  return { ...list, sessions, nextCursor: cut ? encodeCursor(cursorOf(sessions.at(-1)!)) : nextCursor };
}

/**
 * Live changes in the list, one batch at a time: a session that matches the search moves to its place, and a
 * session the list has not loaded is inserted only if it belongs to the loaded range (older ones come with their
 * page). The order is recomputed once for the whole batch.
 */
function listEntries(list: ListState, entries: readonly FeedEntry[]): ListState {
  let storeTotal = list.storeTotal;
  const latest = new Map<string, SessionSummary>();
  for (const entry of entries) {
    storeTotal = entry.total_sessions ?? storeTotal;
    const known = latest.get(entry.session.session_id);
    latest.set(entry.session.session_id, known ? newerSummary(known, entry.session) : entry.session);
  }
  const loaded = new Set(list.sessions.map((s) => s.session_id));
  const tail = list.sessions.at(-1);
  let total = list.query === null ? storeTotal : list.total;
  const accepted: SessionSummary[] = [];
  for (const session of latest.values()) {
    const known = loaded.has(session.session_id);
    const inRange = list.nextCursor === null || (tail !== undefined && compareActivity(session, tail) < 0);
    const matches = matchesFilter(session, { q: list.query });
    // Unfiltered, the store's own count is the list's total; a search counts a match it had not seen.
    if (list.query !== null && matches && !known && list.nextCursor === null) total += 1;
    if (matches && (known || inRange)) accepted.push(session);
  }
  if (accepted.length === 0) return { ...list, total, storeTotal };
  return { ...mergeIntoList(list, accepted, list.nextCursor), total, storeTotal };
}

/** A session's state merged with what arrived live for it. */
function withLive(selected: SelectedSession, live: LiveSession | undefined): SelectedSession {
  if (!live) return selected;
  return { session: newerSummary(selected.session, live.session), actions: mergeActions(selected.actions, live.actions) };
}

/**
 * A session as the server read it, merged with what the view already holds of it: the same session's state, and
 * whatever arrived live while the server was reading (which its answer may miss).
 */
function withHeld(view: DashboardView, read: SelectedSession): SelectedSession {
  const previous = view.selected;
  const merged =
    previous && previous.session.session_id === read.session.session_id
      ? { session: newerSummary(previous.session, read.session), actions: mergeActions(previous.actions, read.actions) }
      : read;
  return withLive(merged, view.live.get(read.session.session_id));
}

function expire<K>(map: ReadonlyMap<K, number>, before: number): ReadonlyMap<K, number> {
  let kept: Map<K, number> | null = null;
  for (const [key, at] of map) {
    if (at >= before) continue;
    kept ??= new Map(map);
    kept.delete(key);
  }
  return kept ?? map;
}

function applyEntries(view: DashboardView, entries: readonly FeedEntry[], at: number): DashboardView {
  if (entries.length === 0) return view;
  const live = new Map(view.live);
  const fresh = new Map(view.fresh);
  for (const entry of entries) {
    const id = entry.session.session_id;
    const known = live.get(id);
    live.set(id, {
      session: known ? newerSummary(known.session, entry.session) : entry.session,
      actions: entry.actions.length === 0 ? (known?.actions ?? []) : mergeActions(known?.actions ?? [], entry.actions),
      at,
    });
    fresh.set(id, at);
  }

  // A session the URL names that was not in the snapshot: the feed carries all of it, from its start.
  let selected = view.selected;
  if (selected === null && view.opening === null && view.requestedId !== null && live.has(view.requestedId)) {
    selected = withLive({ session: live.get(view.requestedId)!.session, actions: [] }, live.get(view.requestedId));
  }
  let freshActions = view.freshActions;
  const list = listEntries(view, entries);

  if (view.following && view.query === null && list.sessions[0] && list.sessions[0].session_id !== selected?.session.session_id) {
    // Following: every session appeared after the (empty) snapshot, so what arrived live is all of it.
    selected = withLive({ session: list.sessions[0], actions: [] }, live.get(list.sessions[0].session_id));
    freshActions = new Map();
  }
  if (selected !== null) {
    const id = selected.session.session_id;
    const mine = entries.filter((e) => e.session.session_id === id);
    if (mine.length > 0) {
      const actions = mine.flatMap((e) => e.actions);
      selected = {
        session: mine.reduce((s, e) => newerSummary(s, e.session), selected.session),
        actions: actions.length === 0 ? selected.actions : mergeActions(selected.actions, actions),
      };
      if (actions.length > 0) {
        const next = new Map(freshActions);
        for (const a of actions) next.set(a.event_id, at);
        freshActions = next;
      }
    }
  }
  return { ...view, ...list, selected, live, fresh, freshActions };
}

export function reduceView(view: DashboardView, action: ViewAction): DashboardView {
  switch (action.type) {
    case "entries":
      return applyEntries(view, action.entries, action.at);
    case "snapshot": {
      const { snapshot } = action;
      if (view.reloading) return reloaded(view, snapshot);
      let list: ListState = { ...view, storeTotal: Math.max(view.storeTotal, snapshot.page.total) };
      if (view.query === null) {
        // The first page again (after a selection): merged in; the pages loaded beyond it stay. Live changes
        // need no replay here: the list already holds them, and the newer summary of a session always wins.
        const nextCursor = view.sessions.length === 0 ? snapshot.page.next_cursor : view.nextCursor;
        list = { ...mergeIntoList(list, snapshot.page.sessions, nextCursor), total: list.storeTotal };
      }
      const picked = snapshot.selected ?? (snapshot.requestedId === null ? view.selected : null);
      const selected = picked && withHeld(view, picked);
      const previous = view.selected;
      const sameSession = selected?.session.session_id === previous?.session.session_id;
      const following = view.following && snapshot.requestedId === null && snapshot.selected === null;
      return {
        ...view,
        ...list,
        selected,
        requestedId: snapshot.requestedId,
        following,
        freshActions: sameSession ? view.freshActions : new Map(),
      };
    }
    case "open": {
      if (action.sessionId === view.requestedId && view.selected?.session.session_id === action.sessionId) return view;
      return { ...view, requestedId: action.sessionId, opening: action.sessionId, following: false };
    }
    case "opened": {
      // A late answer for a session the user has since moved away from.
      if (action.sessionId !== view.requestedId) return view;
      const previous = view.selected;
      const live = view.live.get(action.sessionId);
      // Not stored when read, but arrived since: what arrived live is all of it.
      const selected = action.found ? withHeld(view, action.found) : live ? { session: live.session, actions: live.actions } : null;
      const sameSession = selected !== null && selected.session.session_id === previous?.session.session_id;
      return { ...view, selected, opening: null, freshActions: sameSession ? view.freshActions : new Map() };
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
      const fresh = expire(view.fresh, action.before);
      const freshActions = expire(view.freshActions, action.before);
      let live = view.live;
      for (const [id, session] of view.live) {
        if (session.at >= action.before - LIVE_KEEP_MS) continue;
        if (live === view.live) live = new Map(view.live);
        (live as Map<string, LiveSession>).delete(id);
      }
      if (fresh === view.fresh && freshActions === view.freshActions && live === view.live) return view;
      return { ...view, fresh, freshActions, live };
    }
    case "reset":
      // What arrived live before the reset may be of sessions that are gone: only what comes after it is kept
      // to go on top of the reloaded snapshot. The view stays as it is until that arrives, rather than blank.
      return { ...view, live: new Map(), reset: { ...action.reset, at: action.at }, reloading: true };
  }
}

/**
 * The snapshot reloaded after a reset replaces the view: sessions the store no longer holds leave the list and
 * the detail. What arrived live since the reset goes on top, as the snapshot may have been read before it.
 */
function reloaded(view: DashboardView, snapshot: ServerSnapshot): DashboardView {
  let list: ListState = { ...view, storeTotal: snapshot.page.total };
  if (view.query === null) {
    const since = [...view.live.values()].map((live) => live.session);
    list = { ...mergeIntoList({ ...list, sessions: [] }, [...snapshot.page.sessions, ...since], snapshot.page.next_cursor), total: snapshot.page.total };
  }
  const selected = snapshot.selected && withLive(snapshot.selected, view.live.get(snapshot.selected.session.session_id));
  return {
    ...view,
    ...list,
    selected,
    requestedId: snapshot.requestedId,
    following: view.following && snapshot.requestedId === null && snapshot.selected === null,
    fresh: new Map(),
    freshActions: new Map(),
    reloading: false,
  };
}
