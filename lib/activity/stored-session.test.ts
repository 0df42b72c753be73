import { describe, expect, it } from "vitest";
import { withIndices } from "./stored-session";

describe("withIndices", () => {
  it("gives each held action its place in the whole session, from first_index", () => {
    const action = (n: number) => ({
      event_id: `e${n}`, type: "click" as const, title: "t", description: "d", canonical_url: "u", raw_url: "u", timestamp: n,
    });
    const session = {
      session_id: "s", user_id: null, email: null, product_id: "p", first_seen: 1, last_seen: 2, identified_at: null,
      current_url: null, action_count: 2,
    };
    const held = withIndices({ session, actions: [action(1), action(2)], first_index: 498 });
    expect(held.actions.map((a) => [a.event_id, a.index])).toEqual([["e1", 498], ["e2", 499]]);
  });
});
