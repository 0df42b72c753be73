import { describe, expect, it } from "vitest";
import type { SessionSummary } from "@/lib/activity/session-summary";
import { freezeOrder, steadyOrder } from "./steady-order";

const session = (id: string, lastSeen: number, actions = 1): SessionSummary => ({
  session_id: id,
  user_id: null,
  email: null,
  product_id: "acme-web",
  first_seen: 1_796_000_000,
  last_seen: lastSeen,
  identified_at: null,
  current_url: null,
  action_count: actions,
});

const ids = (sessions: SessionSummary[]) => sessions.map((s) => s.session_id);

describe("steadyOrder", () => {
  const before = [session("a", 30), session("b", 20), session("c", 10)];

  it("keeps rows in their places while one of them gets new activity, with its new content", () => {
    const c = session("c", 40, 2);
    const live = [c, before[0]!, before[1]!];
    const view = steadyOrder(freezeOrder(before), live);
    expect(ids(view.shown)).toEqual(["a", "b", "c"]);
    expect(view.shown[2]).toBe(c);
    expect(view).toMatchObject({ waiting: 0, paused: true });
  });

  it("holds back a new session that would go on top, and counts it", () => {
    const view = steadyOrder(freezeOrder(before), [session("new", 50), ...before]);
    expect(ids(view.shown)).toEqual(["a", "b", "c"]);
    expect(view).toMatchObject({ waiting: 1, paused: true });
  });

  it("adds a loaded page's older sessions below, and drops rows the list no longer holds", () => {
    const view = steadyOrder(freezeOrder(before), [before[0]!, before[2]!, session("d", 5), session("e", 1)]);
    expect(ids(view.shown)).toEqual(["a", "c", "d", "e"]);
    expect(view).toMatchObject({ waiting: 0, paused: false });
  });

  it("is not paused while the live order is what is shown", () => {
    expect(steadyOrder(freezeOrder(before), before)).toMatchObject({ shown: before, waiting: 0, paused: false });
  });
});
