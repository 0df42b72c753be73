import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryStore } from "../store/memory-store";
import { conversationOf, conversationsOf, noteLinked } from "./conversation-cache";

afterEach(() => vi.useRealTimers());

async function storeWith(...sessions: string[]) {
  const store = new MemoryStore({ maxSessions: 10, maxActionsPerSession: 10 });
  await store.record(
    sessions.map((session_id, i) => ({
      event_id: `e-${session_id}`, session_id, timestamp: i + 1, user_id: null, email: null, product_id: "p", current_url: null, action: null,
    })),
  );
  return store;
}

describe("conversation lookups for frames and pushes", () => {
  it("answers every stream asking in the same tick with one store call", async () => {
    const store = await storeWith("s1", "s2");
    await store.linkConversation("s2", "conv");
    const spy = vi.spyOn(store, "conversationsOf");
    const answers = await Promise.all([conversationOf(store, "s1"), conversationOf(store, "s2"), conversationsOf(store, ["s1", "s2"])]);
    expect(answers).toEqual([null, "conv", [null, "conv"]]);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it("trusts 'not linked' for a second; a link made through this process shows at once", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const store = await storeWith("s1", "s2");
    expect(await conversationOf(store, "s1")).toBeNull();
    await store.linkConversation("s1", "elsewhere"); // as if another instance linked it
    expect(await conversationOf(store, "s1")).toBeNull();
    vi.setSystemTime(Date.now() + 1_001);
    expect(await conversationOf(store, "s1")).toBe("elsewhere");

    expect(await conversationOf(store, "s2")).toBeNull();
    noteLinked(store, "s2", "here");
    expect(await conversationOf(store, "s2")).toBe("here");
  });
});
