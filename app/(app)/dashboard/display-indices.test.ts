import { describe, expect, it } from "vitest";
import type { HeldAction } from "@/lib/activity/apply-feed-entry";
import { displayIndices } from "./display-indices";

const action = (n: number, index?: number): HeldAction => ({
  event_id: `e${n}`,
  type: "click",
  title: "t",
  description: "d",
  canonical_url: "u",
  raw_url: "u",
  timestamp: n,
  ...(index === undefined ? {} : { index }),
});

describe("displayIndices", () => {
  it("shows a capped session's places in the whole session, as the agent reads them", () => {
    // 500 actions held after 700 were evicted: the store said first_index 700.
    expect(displayIndices([action(1, 700), action(2, 701), action(3, 702)])).toEqual([700, 701, 702]);
  });

  it("continues from the last known index for actions with none", () => {
    expect(displayIndices([action(1, 40), action(2), action(3)])).toEqual([40, 41, 42]);
    expect(displayIndices([action(1), action(2)])).toEqual([0, 1]);
  });

  it("pushes later actions up by one when a late action lands before them, as the store renumbers", () => {
    // Held: 10, 11 (announced earlier); the late one arrives with index 11, before the old 11.
    expect(displayIndices([action(1, 10), action(2, 11), action(3, 11)])).toEqual([10, 11, 12]);
  });
});
