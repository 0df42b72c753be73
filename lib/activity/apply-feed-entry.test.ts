import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyFeedEntry,
  mergeActions,
  mergeSessions,
  newerSummary,
  type DashboardState,
} from "./apply-feed-entry";
import type { FeedEntry } from "./feed-entry";
import type { SessionSummary } from "./session-summary";
import type { StoredAction } from "./stored-action";

const T0 = 1_760_000_000;

function summary(id: string, overrides: Partial<SessionSummary> = {}): SessionSummary {
  return {
    session_id: id,
    user_id: null,
    email: null,
    product_id: "acme-web",
    first_seen: T0,
    last_seen: T0,
    identified_at: null,
    current_url: "https://app.example.com/projects",
    action_count: 0,
    ...overrides,
  };
}

function action(eventId: string, timestamp: number): StoredAction & { index: number } {
  return {
    event_id: eventId,
    type: "click",
    title: `Button ${eventId}`,
    description: `User clicked button ${eventId}`,
    canonical_url: "https://app.example.com/projects",
    raw_url: "https://app.example.com/projects",
    timestamp,
    index: 0,
  };
}

/** Entries as the store would emit them for one session, each carrying the summary as it then stood. */
function sessionHistory(id: string, timestamps: number[]): FeedEntry[] {
  let first = Infinity;
  let last = -Infinity;
  return timestamps.map((timestamp, i) => {
    first = Math.min(first, timestamp);
    last = Math.max(last, timestamp);
    return {
      id: `${id}-${i}`,
      session: summary(id, { first_seen: first, last_seen: last, action_count: i + 1 }),
      actions: [action(`${id}-e${i}`, timestamp)],
    };
  });
}

const empty = (selectedId?: string): DashboardState => ({
  sessions: [],
  selected: selectedId ? { session: summary(selectedId), actions: [] } : null,
});

const fold = (state: DashboardState, entries: FeedEntry[]) => entries.reduce((s, e) => applyFeedEntry(s, e), state);

describe("applyFeedEntry", () => {
  it("adds a new session to the list and keeps the list most recent first", () => {
    let state = applyFeedEntry(empty(), { id: "1", session: summary("a", { last_seen: T0 + 5 }), actions: [] });
    state = applyFeedEntry(state, { id: "2", session: summary("b", { last_seen: T0 + 9 }), actions: [] });
    state = applyFeedEntry(state, { id: "3", session: summary("c", { last_seen: T0 + 1 }), actions: [] });
    expect(state.sessions.map((s) => s.session_id)).toEqual(["b", "a", "c"]);
  });

  it("replaces a session's summary with the newer one and moves it to the top", () => {
    let state = fold(empty(), [
      { id: "1", session: summary("a", { last_seen: T0 + 1 }), actions: [] },
      { id: "2", session: summary("b", { last_seen: T0 + 2 }), actions: [] },
    ]);
    state = applyFeedEntry(state, {
      id: "3",
      session: summary("a", { last_seen: T0 + 3, user_id: "user-1", email: "ada@example.com", identified_at: T0 + 3 }),
      actions: [],
    });
    expect(state.sessions).toHaveLength(2);
    expect(state.sessions[0]).toMatchObject({ session_id: "a", user_id: "user-1", email: "ada@example.com" });
  });

  it("keeps the newer summary when an older entry is replayed after it", () => {
    const newer = summary("a", { last_seen: T0 + 10, action_count: 4 });
    const older = summary("a", { last_seen: T0 + 2, action_count: 1 });
    const state = fold(empty("a"), [
      { id: "2", session: newer, actions: [] },
      { id: "1", session: older, actions: [] },
    ]);
    expect(state.sessions).toEqual([newer]);
    expect(state.selected?.session).toEqual(newer);
  });

  it("prefers the identified summary when an identify arrives with an earlier timestamp", () => {
    const anonymous = summary("a", { last_seen: T0 + 10, action_count: 3 });
    const identified = { ...anonymous, user_id: "user-1", email: "ada@example.com", identified_at: T0 + 4 };
    expect(newerSummary(anonymous, identified)).toBe(identified);
    expect(newerSummary(identified, anonymous)).toBe(identified);
  });

  it("adds actions of the selected session in time order, whatever the arrival order", () => {
    const state = fold(empty("a"), [
      { id: "1", session: summary("a", { action_count: 1 }), actions: [action("late", T0 + 30)] },
      { id: "2", session: summary("a", { action_count: 2 }), actions: [action("early", T0 + 10)] },
      { id: "3", session: summary("a", { action_count: 3 }), actions: [action("middle", T0 + 20)] },
    ]);
    expect(state.selected?.actions.map((a) => a.event_id)).toEqual(["early", "middle", "late"]);
  });

  it("ignores an action delivered twice", () => {
    const entry = { id: "1", session: summary("a", { action_count: 1 }), actions: [action("e1", T0)] };
    const once = applyFeedEntry(empty("a"), entry);
    const twice = applyFeedEntry(once, { ...entry, id: "2" });
    expect(twice).toEqual(once);
    expect(twice.selected?.actions).toHaveLength(1);
  });

  it("does not touch the selected session's actions for another session's entry", () => {
    const start = fold(empty("a"), [{ id: "1", session: summary("a"), actions: [action("a1", T0)] }]);
    const next = applyFeedEntry(start, { id: "2", session: summary("b", { last_seen: T0 + 1 }), actions: [action("b1", T0 + 1)] });
    expect(next.selected).toEqual(start.selected);
    expect(next.sessions.map((s) => s.session_id)).toEqual(["b", "a"]);
  });

  it("leaves the selection empty when nothing is selected", () => {
    const next = applyFeedEntry(empty(), { id: "1", session: summary("a"), actions: [action("a1", T0)] });
    expect(next.selected).toBeNull();
  });

  it("keeps at most maxSessions sessions, dropping the least recently active", () => {
    const limits = { maxSessions: 3, maxActions: 10 };
    let state = empty();
    for (let i = 0; i < 6; i++) {
      state = applyFeedEntry(state, { id: `${i}`, session: summary(`s${i}`, { last_seen: T0 + i }), actions: [] }, limits);
    }
    expect(state.sessions.map((s) => s.session_id)).toEqual(["s5", "s4", "s3"]);
  });

  it("keeps at most maxActions actions of the selected session, dropping the oldest", () => {
    const limits = { maxSessions: 10, maxActions: 2 };
    const entries = [3, 1, 2].map((t) => ({ id: `${t}`, session: summary("a"), actions: [action(`e${t}`, T0 + t)] }));
    const state = entries.reduce((s, e) => applyFeedEntry(s, e, limits), empty("a"));
    expect(state.selected?.actions.map((a) => a.event_id)).toEqual(["e2", "e3"]);
  });

  it("ends in the same state for any arrival order and any replays (property)", () => {
    const history = [
      ...sessionHistory("a", [T0 + 5, T0 + 1, T0 + 9, T0 + 3]),
      ...sessionHistory("b", [T0 + 2, T0 + 8]),
      ...sessionHistory("c", [T0 + 7]),
    ];
    const reference = fold(empty("a"), history);
    expect(reference.sessions.map((s) => s.session_id)).toEqual(["a", "b", "c"]);
    expect(reference.selected?.actions.map((a) => a.timestamp)).toEqual([T0 + 1, T0 + 3, T0 + 5, T0 + 9]);

    const withReplays = fc.array(fc.constantFrom(...history), { maxLength: 12 }).map((extra) => [...history, ...extra]);
    fc.assert(
      fc.property(withReplays.chain((entries) => fc.shuffledSubarray(entries, { minLength: entries.length })), (entries) => {
        expect(fold(empty("a"), entries)).toEqual(reference);
      }),
    );
  });
});

describe("mergeSessions / mergeActions", () => {
  it("orders sessions with the same last_seen by id, descending as the store pages them, so the list does not jump around", () => {
    const merged = mergeSessions([summary("a")], [summary("b")]);
    expect(merged.map((s) => s.session_id)).toEqual(["b", "a"]);
  });

  it("merges a server refresh into live state without losing newer live data", () => {
    const live = [summary("a", { last_seen: T0 + 20, action_count: 5 })];
    const fromServer = [summary("a", { last_seen: T0 + 10, action_count: 3 }), summary("b", { last_seen: T0 + 15 })];
    const merged = mergeSessions(live, fromServer);
    expect(merged.map((s) => [s.session_id, s.action_count])).toEqual([
      ["a", 5],
      ["b", 0],
    ]);
  });

  it("keeps the first copy of an action seen twice", () => {
    const merged = mergeActions([action("x", T0)], [{ ...action("x", T0), title: "changed" }, action("y", T0 - 1)]);
    expect(merged.map((a) => [a.event_id, a.title])).toEqual([
      ["y", "Button y"],
      ["x", "Button x"],
    ]);
  });
});
