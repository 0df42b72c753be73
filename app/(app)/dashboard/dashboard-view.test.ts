import { describe, expect, it } from "vitest";
import type { FeedAction, FeedEntry } from "@/lib/activity/feed-entry";
import type { SessionSummary } from "@/lib/activity/session-summary";
import type { StoredAction } from "@/lib/activity/stored-action";
import { initialView, reduceView } from "./dashboard-view";
import { feedItemActions } from "./use-live-feed";

const T0 = 1_760_000_000;

const summary = (id: string, overrides: Partial<SessionSummary> = {}): SessionSummary => ({
  session_id: id,
  user_id: null,
  email: null,
  product_id: "acme-web",
  first_seen: T0,
  last_seen: T0,
  identified_at: null,
  current_url: null,
  action_count: 0,
  ...overrides,
});

const action = (eventId: string, timestamp: number): FeedAction => ({
  event_id: eventId,
  type: "pageview",
  title: "Page Load: Projects",
  description: "User landed on the Projects page",
  canonical_url: "http://localhost:3000/projects",
  raw_url: "http://localhost:3000/projects",
  timestamp,
  index: 0,
});

const page = (sessions: SessionSummary[]) => ({ sessions, next_cursor: null, total: sessions.length });

const entry = (id: string, session: SessionSummary, actions: FeedAction[]): FeedEntry => ({ id, session, actions });

describe("reduceView", () => {
  it("follows the first session to appear when the dashboard opened empty", () => {
    let view = initialView({ page: page([]), selected: null, requestedId: null });
    view = reduceView(view, { type: "entries", entries: [entry("1", summary("a", { action_count: 1 }), [action("e1", T0)])], at: 1 });
    expect(view.selected?.session.session_id).toBe("a");
    expect(view.selected?.actions.map((a) => a.event_id)).toEqual(["e1"]);
    expect(view.fresh.get("a")).toBe(1);
    expect(view.freshActions.get("e1")).toBe(1);
  });

  it("follows the most recently active session, whatever order its entries arrive in", () => {
    let view = initialView({ page: page([]), selected: null, requestedId: null });
    const newer = entry("1", summary("new", { last_seen: T0 + 50, action_count: 1 }), [action("n1", T0 + 50)]);
    const older = entry("2", summary("old", { last_seen: T0, action_count: 1 }), [action("o1", T0)]);
    view = reduceView(view, { type: "entries", entries: [older], at: 1 });
    view = reduceView(view, { type: "entries", entries: [newer], at: 1 });
    expect(view.selected?.session.session_id).toBe("new");
    expect(view.selected?.actions.map((a) => a.event_id)).toEqual(["n1"]);
    // Once the user picks a session (a snapshot for a URL that names it), following stops.
    view = reduceView(view, {
      type: "snapshot",
      snapshot: { page: page([newer.session, older.session]), selected: { session: older.session, actions: older.actions }, requestedId: "old" },
    });
    view = reduceView(view, { type: "entries", entries: [entry("3", summary("newest", { last_seen: T0 + 90 }), [])], at: 2 });
    expect(view.selected?.session.session_id).toBe("old");
  });

  it("does not follow another session when the URL names one", () => {
    let view = initialView({ page: page([]), selected: null, requestedId: "wanted" });
    view = reduceView(view, { type: "entries", entries: [entry("1", summary("other"), [action("e1", T0)])], at: 1 });
    expect(view.selected).toBeNull();
    view = reduceView(view, { type: "entries", entries: [entry("2", summary("wanted"), [action("e2", T0)])], at: 2 });
    expect(view.selected?.session.session_id).toBe("wanted");
  });

  it("replays recent live entries over a snapshot read before they arrived", () => {
    let view = initialView({
      page: page([summary("a"), summary("b")]),
      selected: { session: summary("a"), actions: [] },
      requestedId: null,
    });
    view = reduceView(view, {
      type: "entries",
      entries: [entry("1", summary("b", { last_seen: T0 + 5, action_count: 1 }), [action("b1", T0 + 5)])],
      at: 1,
    });
    // The user selects "b"; the server's snapshot of "b" was read before b1 was stored.
    view = reduceView(view, {
      type: "snapshot",
      snapshot: { page: page([summary("a"), summary("b")]), selected: { session: summary("b"), actions: [] }, requestedId: "b" },
    });
    expect(view.selected?.actions.map((a) => a.event_id)).toEqual(["b1"]);
    expect(view.selected?.session.action_count).toBe(1);
    expect(view.sessions.map((s) => s.session_id)).toEqual(["b", "a"]);
  });

  it("switches the selection to the snapshot's session", () => {
    let view = initialView({
      page: page([summary("a"), summary("b")]),
      selected: { session: summary("a"), actions: [action("a1", T0)] },
      requestedId: null,
    });
    view = reduceView(view, {
      type: "snapshot",
      snapshot: { page: page([summary("a"), summary("b")]), selected: { session: summary("b"), actions: [action("b1", T0)] }, requestedId: "b" },
    });
    expect(view.selected?.session.session_id).toBe("b");
    expect(view.selected?.actions.map((a) => a.event_id)).toEqual(["b1"]);
  });

  it("forgets highlights older than the cut-off, and changes nothing when none is", () => {
    let view = initialView({ page: page([summary("a"), summary("b")]), selected: { session: summary("b"), actions: [] }, requestedId: "b" });
    view = reduceView(view, { type: "entries", entries: [entry("1", summary("a", { last_seen: T0 + 1 }), [action("e1", T0 + 1)])], at: 1000 });
    view = reduceView(view, { type: "entries", entries: [entry("2", summary("b", { last_seen: T0 + 2 }), [action("e2", T0 + 2)])], at: 5000 });
    expect([...view.fresh.keys()].sort()).toEqual(["a", "b"]);
    expect([...view.freshActions.keys()]).toEqual(["e2"]);
    view = reduceView(view, { type: "expire", before: 2000 });
    expect([...view.fresh.keys()]).toEqual(["b"]);
    // Nothing older than the cut-off left: the very same view, so nothing re-renders.
    expect(reduceView(view, { type: "expire", before: 2000 })).toBe(view);
    view = reduceView(view, { type: "expire", before: 6000 });
    expect([view.fresh.size, view.freshActions.size]).toEqual([0, 0]);
  });

  it("applies a batch of entries as if one by one, and keeps every unchanged session as it was", () => {
    const sessions = Array.from({ length: 20 }, (_, i) => summary(`s${i}`, { last_seen: T0 + i }));
    const start = initialView({ page: page(sessions), selected: { session: sessions[3]!, actions: [] }, requestedId: "s3" });
    const entries = [
      entry("1", summary("s3", { last_seen: T0 + 50, action_count: 1 }), [action("x1", T0 + 50)]),
      entry("2", summary("s7", { last_seen: T0 + 40, action_count: 1 }), [action("y1", T0 + 40)]),
      entry("3", summary("s3", { last_seen: T0 + 60, action_count: 2 }), [action("x2", T0 + 60)]),
      { ...entry("4", summary("new", { last_seen: T0 + 55, action_count: 1 }), [action("z1", T0 + 55)]), total_sessions: 21 },
    ];
    const batched = reduceView(start, { type: "entries", entries, at: 1 });
    const oneByOne = entries.reduce((v, e) => reduceView(v, { type: "entries", entries: [e], at: 1 }), start);
    expect(batched.sessions).toEqual(oneByOne.sessions);
    expect(batched.sessions.slice(0, 3).map((s) => s.session_id)).toEqual(["s3", "new", "s7"]);
    expect(batched.selected).toEqual(oneByOne.selected);
    expect(batched.selected?.actions.map((a) => a.event_id)).toEqual(["x1", "x2"]);
    expect(batched.total).toBe(21);
    const untouched = start.sessions.filter((s) => s.session_id !== "s3" && s.session_id !== "s7");
    for (const s of untouched) expect(batched.sessions).toContain(s);
  });

  it("loses no action of a session selected while the feed is busy, however many entries arrived meanwhile", () => {
    let view = initialView({ page: page([summary("a"), summary("b")]), selected: { session: summary("a"), actions: [] }, requestedId: null });
    view = reduceView(view, { type: "entries", entries: [entry("b", summary("b", { last_seen: T0 + 1, action_count: 1 }), [action("b1", T0 + 1)])], at: 1 });
    // Thousands of entries for other sessions while the server reads the snapshot of "b".
    for (let i = 0; i < 2_000; i++) {
      view = reduceView(view, { type: "entries", entries: [entry(`o${i}`, summary(`o${i % 300}`, { last_seen: T0 + 2 + i }), [action(`o${i}`, T0 + 2 + i)])], at: 2 });
    }
    view = reduceView(view, {
      type: "snapshot",
      snapshot: { page: page([summary("a"), summary("b")]), selected: { session: summary("b"), actions: [] }, requestedId: "b" },
    });
    expect(view.selected?.actions.map((a) => a.event_id)).toEqual(["b1"]);
    expect(view.selected?.session.action_count).toBe(1);
  });

  describe("paged list", () => {
    const at = (id: string, dt: number) => summary(id, { last_seen: T0 + dt });
    const firstPage = { sessions: [at("c", 30), at("b", 20)], next_cursor: "more", total: 40 };

    it("inserts and reorders live sessions within the loaded range, leaves older ones to their page, and keeps the true total", () => {
      let view = initialView({ page: firstPage, selected: null, requestedId: null });
      view = reduceView(view, { type: "entries", entries: [{ ...entry("1", at("old", 5), []), total_sessions: 41 }], at: 1 });
      expect(view.sessions.map((s) => s.session_id)).toEqual(["c", "b"]);
      expect(view.total).toBe(41);
      view = reduceView(view, { type: "entries", entries: [{ ...entry("2", at("b", 50), []), total_sessions: 41 }], at: 2 });
      view = reduceView(view, { type: "entries", entries: [{ ...entry("3", at("new", 60), []), total_sessions: 42 }], at: 3 });
      expect(view.sessions.map((s) => s.session_id)).toEqual(["new", "b", "c"]);
      expect([view.total, view.storeTotal, view.nextCursor]).toEqual([42, 42, "more"]);

      view = reduceView(view, { type: "page", query: null, page: { sessions: [at("a", 10), at("old", 5)], next_cursor: null, total: 42 }, replace: false });
      expect(view.sessions.map((s) => s.session_id)).toEqual(["new", "b", "c", "a", "old"]);
      expect(view.nextCursor).toBeNull();
    });

    it("shows a search's results, follows live changes that match it only, and ignores a late answer to an older search", () => {
      let view = initialView({ page: firstPage, selected: null, requestedId: null });
      view = reduceView(view, { type: "search", query: "Ada@Example.com" });
      expect(view.sessions).toEqual([]);
      view = reduceView(view, { type: "page", query: "someone-else", page: firstPage, replace: true });
      expect(view.sessions).toEqual([]);
      const ada = summary("s-ada", { last_seen: T0 + 1, email: "ada@example.com", user_id: "u1" });
      view = reduceView(view, { type: "page", query: "Ada@Example.com", page: { sessions: [ada], next_cursor: null, total: 1 }, replace: true });
      view = reduceView(view, { type: "entries", entries: [{ ...entry("1", at("x", 99), []), total_sessions: 41 }], at: 1 });
      view = reduceView(view, { type: "entries", entries: [{ ...entry("2", { ...ada, session_id: "s-ada-2", last_seen: T0 + 99 }, []), total_sessions: 42 }], at: 2 });
      expect(view.sessions.map((s) => s.session_id)).toEqual(["s-ada-2", "s-ada"]);
      expect([view.total, view.storeTotal]).toEqual([2, 42]);
    });
  });

  describe("opening a session from the list", () => {
    const a = summary("a", { last_seen: T0 + 10, action_count: 1 });
    const b = summary("b", { last_seen: T0 + 5, action_count: 2 });
    const start = () =>
      initialView({ page: page([a, b]), selected: { session: a, actions: [action("a1", T0 + 10)] }, requestedId: null });

    it("selects the row at once and shows its actions when the store answers", () => {
      let view = reduceView(start(), { type: "open", sessionId: "b" });
      expect(view).toMatchObject({ requestedId: "b", opening: "b", following: false });
      // Still the previous session's detail until the answer: the dashboard shows b's row with a loading timeline.
      expect(view.selected?.session.session_id).toBe("a");
      view = reduceView(view, { type: "opened", sessionId: "b", found: { session: b, actions: [action("b1", T0), action("b2", T0 + 5)] } });
      expect(view.opening).toBeNull();
      expect(view.selected?.actions.map((x) => x.event_id)).toEqual(["b1", "b2"]);
    });

    it("adds what arrived live while the store was being read", () => {
      let view = reduceView(start(), { type: "open", sessionId: "b" });
      const b3 = entry("9", summary("b", { last_seen: T0 + 20, action_count: 3 }), [action("b3", T0 + 20)]);
      view = reduceView(view, { type: "entries", entries: [b3], at: 1 });
      // The live entry alone is not the session: the detail waits for the store rather than show a part of it.
      expect(view.selected?.session.session_id).toBe("a");
      view = reduceView(view, { type: "opened", sessionId: "b", found: { session: b, actions: [action("b1", T0), action("b2", T0 + 5)] } });
      expect(view.selected?.actions.map((x) => x.event_id)).toEqual(["b1", "b2", "b3"]);
      expect(view.selected?.session.action_count).toBe(3);
    });

    it("ignores a late answer for a session the user has since left", () => {
      let view = reduceView(start(), { type: "open", sessionId: "b" });
      view = reduceView(view, { type: "open", sessionId: "a" });
      view = reduceView(view, { type: "opened", sessionId: "b", found: { session: b, actions: [] } });
      expect(view.selected?.session.session_id).toBe("a");
      expect(view.requestedId).toBe("a");
    });

    it("selects nothing when the store no longer has the session", () => {
      let view = reduceView(start(), { type: "open", sessionId: "gone" });
      view = reduceView(view, { type: "opened", sessionId: "gone", found: null });
      expect(view.selected).toBeNull();
      expect(view.requestedId).toBe("gone");
    });
  });

  describe("after the feed resets", () => {
    const reset = { type: "reset" as const, reason: "other_generation" as const, message: "restarted" };

    it("keeps showing the view until the reloaded snapshot arrives, which then replaces it, with what came live since on top", () => {
      let view = initialView({
        page: page([summary("a", { last_seen: T0 + 2 }), summary("b", { last_seen: T0 + 1 })]),
        selected: { session: summary("a", { last_seen: T0 + 2 }), actions: [] },
        requestedId: null,
      });
      // Live before the reset: of the old generation, possibly gone.
      view = reduceView(view, { type: "entries", entries: [entry("1", summary("b", { last_seen: T0 + 3 }), [])], at: 1 });
      const [first, second, third] = feedItemActions(
        [entry("2", summary("b", { last_seen: T0 + 4 }), []), reset, entry("3", summary("c", { last_seen: T0 + 10 }), [action("c1", T0 + 10)])],
        2,
      );
      expect([first?.type, second?.type, third?.type]).toEqual(["entries", "reset", "entries"]);
      view = reduceView(view, first!);
      view = reduceView(view, second!);
      expect(view.reset).toMatchObject({ reason: "other_generation", at: 2 });
      expect(view.sessions.map((s) => s.session_id)).toEqual(["b", "a"]);
      view = reduceView(view, third!);
      expect(view.sessions.map((s) => s.session_id)).toEqual(["c", "b", "a"]);

      // The server's store holds d (read before c arrived) and nothing of a or b.
      view = reduceView(view, {
        type: "snapshot",
        snapshot: { page: { sessions: [summary("d", { last_seen: T0 + 5 })], next_cursor: null, total: 1 }, selected: null, requestedId: null },
      });
      expect(view.sessions.map((s) => s.session_id)).toEqual(["c", "d"]);
      expect(view.selected).toBeNull();
      expect(view.storeTotal).toBe(1);
      expect(view.reloading).toBe(false);
      // Later snapshots merge again.
      view = reduceView(view, { type: "snapshot", snapshot: { page: page([summary("e", { last_seen: T0 + 20 })]), selected: null, requestedId: null } });
      expect(view.sessions.map((s) => s.session_id)).toEqual(["e", "c", "d"]);
    });

    it("drops an open session the store no longer has", () => {
      let view = initialView({ page: page([summary("a")]), selected: { session: summary("a"), actions: [action("a1", T0)] }, requestedId: "a" });
      view = reduceView(view, { type: "reset", reset, at: 1 });
      view = reduceView(view, { type: "snapshot", snapshot: { page: page([]), selected: null, requestedId: "a" } });
      expect(view.selected).toBeNull();
      expect(view.sessions).toEqual([]);
    });
  });
});
