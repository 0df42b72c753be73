import { describe, expect, it } from "vitest";
import { describeStoreContract } from "@/test/store-contract";
import type { SessionEvent } from "./activity-store";
import { MemoryStore } from "./memory-store";

describeStoreContract("memory", async (limits) => new MemoryStore(limits));

describe("MemoryStore de-duplication", () => {
  it("remembers an event id as long as its session lives, beyond 200,000 events into other sessions", { timeout: 60_000 }, async () => {
    const store = new MemoryStore({ maxSessions: 100, maxActionsPerSession: 4 });
    const event = (session_id: string, event_id: string, timestamp: number): SessionEvent => ({
      event_id, session_id, timestamp, user_id: null, email: null, product_id: "p", current_url: null, action: null,
    });
    const kept = event("kept", "the-event", 1_000_000);
    await store.record([kept]);
    for (let n = 0; n < 200_000; n += 1_000) {
      await store.record(Array.from({ length: 1_000 }, (_, i) => event(`other-${i % 50}`, `e-${n + i}`, n + i)));
    }
    expect(await store.record([kept])).toEqual(["duplicate"]);
  });
});
