import type { FeedEntry } from "./feed-entry";
import { compareActivity } from "./session-order";
import type { SessionSummary } from "./session-summary";
import { compareActions, type StoredAction } from "./stored-action";

/**
 * An action as the dashboard holds it: `index`, its place in the whole session (evicted actions counted), when
 * known: live feed actions carry it, and a session read from the store gets it from its `first_index`.
 */
export type HeldAction = StoredAction & { index?: number };

export type SelectedSession = { session: SessionSummary; actions: HeldAction[] };

/** What the live dashboard holds: every session it knows, newest first, and the one being looked at. */
export type DashboardState = { sessions: SessionSummary[]; selected: SelectedSession | null };

export type DashboardLimits = { maxSessions: number; maxActions: number };

/** A browser tab left open all day must not grow without bound. */
export const DEFAULT_DASHBOARD_LIMITS: DashboardLimits = { maxSessions: 500, maxActions: 1000 };

/**
 * How far a summary has progressed. A session's summary only moves forward (later last event, more actions,
 * anonymous → identified, earlier first event or identify when a late delivery lands), so the one further along is the
 * newer, whatever order the feed, a replay after reconnecting, or a server refresh delivered them in.
 */
function progress(s: SessionSummary): number[] {
  return [
    s.last_seen,
    s.action_count,
    s.user_id === null ? 0 : 1,
    s.email === null ? 0 : 1,
    s.identified_at === null ? 0 : 1,
    // A late delivery can only move these earlier.
    -(s.identified_at ?? 0),
    -s.first_seen,
  ];
}

/** The newer of two summaries of one session. Commutative and idempotent, so arrival order never matters. */
export function newerSummary(a: SessionSummary, b: SessionSummary): SessionSummary {
  const pa = progress(a);
  const pb = progress(b);
  for (let i = 0; i < pa.length; i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff > 0 ? a : b;
  }
  // Equal progress but different content (say, another current_url at the same second): pick by content,
  // never by arrival, so both orders agree.
  return JSON.stringify(a) >= JSON.stringify(b) ? a : b;
}

/**
 * Folds summaries into a list: one per session, the newest of each, in the store's listing order, capped.
 * `current` must already be in that order (every list this returns is). Only the incoming sessions are sorted
 * and then merged into the rest in one pass, so a busy feed costs O(list + batch), not a sort of the whole list
 * per change; sessions that did not change keep their object, so a memoised row can skip them.
 */
export function mergeSessions(
  current: readonly SessionSummary[],
  incoming: readonly SessionSummary[],
  maxSessions: number = DEFAULT_DASHBOARD_LIMITS.maxSessions,
): SessionSummary[] {
  if (incoming.length === 0) return current.length > maxSessions ? current.slice(0, maxSessions) : [...current];
  const changed = new Map<string, SessionSummary>();
  for (const summary of incoming) {
    const known = changed.get(summary.session_id);
    changed.set(summary.session_id, known ? newerSummary(known, summary) : summary);
  }
  const rest: SessionSummary[] = [];
  for (const summary of current) {
    const update = changed.get(summary.session_id);
    if (update === undefined) rest.push(summary);
    else changed.set(summary.session_id, newerSummary(summary, update));
  }
  const moved = [...changed.values()].sort(compareActivity);
  const merged: SessionSummary[] = [];
  let i = 0;
  let j = 0;
  while (merged.length < maxSessions && (i < rest.length || j < moved.length)) {
    if (j >= moved.length || (i < rest.length && compareActivity(rest[i]!, moved[j]!) <= 0)) merged.push(rest[i++]!);
    else merged.push(moved[j++]!);
  }
  return merged;
}

/** Union by event_id, in time order; beyond the cap the oldest go, as the store evicts them too. */
export function mergeActions<A extends StoredAction>(
  current: readonly A[],
  incoming: readonly A[],
  maxActions: number = DEFAULT_DASHBOARD_LIMITS.maxActions,
): A[] {
  // The live case: newer actions appended to an ordered list. Checked in place, without the map and the sort.
  const added = [...incoming].sort(compareActions);
  const last = current.at(-1);
  const appends =
    (last === undefined || (added[0] !== undefined && compareActions(last, added[0]) < 0)) &&
    added.every((action, i) => i === 0 || compareActions(added[i - 1]!, action) < 0) &&
    current.every((action, i) => i === 0 || compareActions(current[i - 1]!, action) < 0);
  if (appends) {
    const ordered = [...current, ...added];
    return ordered.length > maxActions ? ordered.slice(ordered.length - maxActions) : ordered;
  }
  const byId = new Map<string, A>();
  for (const action of current) byId.set(action.event_id, action);
  for (const action of incoming) if (!byId.has(action.event_id)) byId.set(action.event_id, action);
  const ordered = [...byId.values()].sort(compareActions);
  return ordered.length > maxActions ? ordered.slice(ordered.length - maxActions) : ordered;
}

/**
 * Merges one live feed entry into the dashboard. Idempotent (a replayed entry changes nothing) and
 * insensitive to arrival order; entries for sessions other than the selected one only touch the list.
 */
export function applyFeedEntry(
  state: DashboardState,
  entry: FeedEntry,
  limits: DashboardLimits = DEFAULT_DASHBOARD_LIMITS,
): DashboardState {
  const sessions = mergeSessions(state.sessions, [entry.session], limits.maxSessions);
  const selected = state.selected;
  if (selected === null || selected.session.session_id !== entry.session.session_id) {
    return { sessions, selected };
  }
  return {
    sessions,
    selected: {
      session: newerSummary(selected.session, entry.session),
      actions: mergeActions(selected.actions, entry.actions, limits.maxActions),
    },
  };
}
