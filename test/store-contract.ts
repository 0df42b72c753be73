import { describe, expect, it } from "vitest";
import type { FeedEntry } from "@/lib/activity/feed-entry";
import type { ActivityStore, SessionEvent } from "@/lib/store/activity-store";

/**
 * The behaviour every ActivityStore backend must have. Each backend's test file runs this suite against a
 * fresh store; limits passed to `make` are small so eviction is observable.
 */
export function describeStoreContract(
  name: string,
  make: (limits: { maxSessions: number; maxActionsPerSession: number }) => Promise<ActivityStore>,
) {
  let seq = 0;
  const event = (overrides: Partial<SessionEvent> & { session_id: string; timestamp: number }): SessionEvent => {
    const id = overrides.event_id ?? `evt-${++seq}-${Math.random().toString(36).slice(2)}`;
    return {
      event_id: id,
      user_id: null,
      email: null,
      product_id: "acme-web",
      current_url: "https://app.example.com/projects",
      action: {
        event_id: id,
        type: "pageview",
        title: "Page Load: Projects",
        description: "User landed on the Projects page",
        canonical_url: "https://app.example.com/projects",
        raw_url: "https://app.example.com/projects",
        timestamp: overrides.timestamp,
      },
      ...overrides,
    };
  };
  const nextEntry = (store: ActivityStore, after: string | null, count = 1) =>
    new Promise<FeedEntry[]>((resolve) => {
      const got: FeedEntry[] = [];
      const stop = store.subscribe(after, (entry) => {
        got.push(entry);
        if (got.length === count) {
          stop();
          resolve(got);
        }
      });
    });

  describe(`ActivityStore contract: ${name}`, () => {
    const limits = { maxSessions: 3, maxActionsPerSession: 4 };
    const sid = () => `s-${Math.random().toString(36).slice(2)}`;

    it("stores actions under their session, ordered by time whatever the arrival order", async () => {
      const store = await make(limits);
      const s = sid();
      await store.record([event({ session_id: s, timestamp: 30 })]);
      await store.record([event({ session_id: s, timestamp: 10 }), event({ session_id: s, timestamp: 20 })]);
      const found = await store.getSession(s);
      expect(found?.actions.map((a) => a.timestamp)).toEqual([10, 20, 30]);
      expect(found?.session).toMatchObject({ session_id: s, first_seen: 10, last_seen: 30, action_count: 3 });
    });

    it("gives a late action its place in time, in the feed too", async () => {
      const store = await make(limits);
      const s = sid();
      await store.record([event({ session_id: s, timestamp: 10 }), event({ session_id: s, timestamp: 30 })]);
      const live = nextEntry(store, await store.latestFeedId(), 1);
      await store.record([event({ session_id: s, timestamp: 20 })]);
      const [entry] = await live;
      expect(entry!.actions.map((a) => [a.timestamp, a.index])).toEqual([[20, 1]]);
    });

    it("applies an event id once, however often it is delivered", async () => {
      const store = await make(limits);
      const s = sid();
      const e = event({ session_id: s, timestamp: 1 });
      expect(await store.record([e])).toEqual(["stored"]);
      expect(await store.record([e, e])).toEqual(["duplicate", "duplicate"]);
      expect((await store.getSession(s))?.actions).toHaveLength(1);
    });

    it("links the session to its user by the earliest identified event, back-filling earlier actions", async () => {
      const store = await make(limits);
      const s = sid();
      await store.record([event({ session_id: s, timestamp: 1 })]);
      await store.record([event({ session_id: s, timestamp: 5, user_id: "user_1", email: "ada@example.com", action: null })]);
      const found = await store.getSession(s);
      expect(found?.session).toMatchObject({ user_id: "user_1", email: "ada@example.com", identified_at: 5, action_count: 1 });
    });

    it("keeps only the newest actions of a session and the most recently active sessions", async () => {
      const store = await make(limits);
      const s = sid();
      for (let t = 1; t <= 6; t++) await store.record([event({ session_id: s, timestamp: t })]);
      expect((await store.getSession(s))?.actions.map((a) => a.timestamp)).toEqual([3, 4, 5, 6]);

      const others = [sid(), sid(), sid()];
      for (const [i, o] of others.entries()) await store.record([event({ session_id: o, timestamp: 100 + i })]);
      expect(await store.getSession(s)).toBeNull();
      expect((await store.listSessions()).map((x) => x.session_id)).toEqual([...others].reverse());
    });

    it("publishes one feed entry per changed session, and resumes after a given id with no gap or repeat", async () => {
      const store = await make(limits);
      const s = sid();
      const live = nextEntry(store, await store.latestFeedId(), 2);
      await store.record([event({ session_id: s, timestamp: 1 }), event({ session_id: s, timestamp: 2 })]);
      await store.record([event({ session_id: s, timestamp: 3 })]);
      const [first, second] = await live;
      expect(first!.actions).toHaveLength(2);
      expect(second!.actions.map((a) => [a.timestamp, a.index])).toEqual([[3, 2]]);
      expect(first!.actions.map((a) => a.index)).toEqual([0, 1]);
      expect(second!.session.action_count).toBe(3);

      const resumed = await nextEntry(store, first!.id, 1);
      expect(resumed[0]!.id).toBe(second!.id);
    });

    it("answers each event's outcome in input order when a delivery mixes sessions", async () => {
      const store = await make(limits);
      const [s1, s2] = [sid(), sid()];
      const a = event({ session_id: s1, timestamp: 1 });
      const live = nextEntry(store, await store.latestFeedId(), 2);
      const outcomes = await store.record([a, event({ session_id: s2, timestamp: 2 }), a, event({ session_id: s2, timestamp: 3 })]);
      expect(outcomes).toEqual(["stored", "stored", "duplicate", "stored"]);
      const entries = await live;
      expect(entries.map((e) => [e.session.session_id, e.actions.length]).sort()).toEqual([[s1, 1], [s2, 2]].sort());
    });

    it("publishes an identity-only change with an empty action list", async () => {
      const store = await make(limits);
      const s = sid();
      await store.record([event({ session_id: s, timestamp: 1 })]);
      const live = nextEntry(store, await store.latestFeedId(), 1);
      await store.record([event({ session_id: s, timestamp: 2, user_id: "user_1", action: null })]);
      const [entry] = await live;
      expect(entry!.actions).toEqual([]);
      expect(entry!.session).toMatchObject({ session_id: s, user_id: "user_1", identified_at: 2, action_count: 1 });
    });

    it("keeps timestamps and text exactly as given, in the session and in the feed", async () => {
      const store = await make(limits);
      const s = sid();
      const e = event({ session_id: s, timestamp: 1795183331.532, email: "o'neil+x@example.com" });
      e.action = { ...e.action!, title: 'Save "draft" / \\ é 😀 \u2028', description: "\u0000\t<b>{}</b>" };
      const live = nextEntry(store, await store.latestFeedId(), 1);
      await store.record([e]);
      const [entry] = await live;
      expect(entry!.actions).toEqual([{ ...e.action, index: 0 }]);
      const found = await store.getSession(s);
      expect(found?.actions).toEqual([e.action]);
      expect(found?.session).toEqual(entry!.session);
      expect(found?.session).toMatchObject({ first_seen: 1795183331.532, last_seen: 1795183331.532, email: "o'neil+x@example.com" });
    });

    it("never calls a listener before subscribe has returned", async () => {
      const store = await make(limits);
      const s = sid();
      await store.record([event({ session_id: s, timestamp: 1 })]);
      const after = await store.latestFeedId();
      await store.record([event({ session_id: s, timestamp: 2 })]);
      let returned = false;
      const calledAfterReturn = await new Promise<boolean>((resolve) => {
        const stop = store.subscribe(after, () => {
          resolve(returned);
          stop();
        });
        returned = true;
      });
      expect(calledAfterReturn).toBe(true);
    });

    it("links a session to one conversation: the first link sticks, across every read", async () => {
      const store = await make(limits);
      const [s, other] = [sid(), sid()];
      await store.record([event({ session_id: s, timestamp: 1 }), event({ session_id: other, timestamp: 2 })]);
      expect(await store.conversationsOf([s, other])).toEqual([null, null]);
      expect(await store.linkConversation(s, "conv-1")).toEqual({ outcome: "linked", conversation_id: "conv-1" });
      expect(await store.linkConversation(s, "conv-1")).toEqual({ outcome: "already_linked", conversation_id: "conv-1" });
      expect(await store.linkConversation(s, "conv-2")).toEqual({ outcome: "conflict", conversation_id: "conv-1" });
      expect(await store.conversationsOf([other, s])).toEqual([null, "conv-1"]);
      // New events leave the link alone.
      await store.record([event({ session_id: s, timestamp: 3, user_id: "user_1" })]);
      expect(await store.conversationsOf([s])).toEqual(["conv-1"]);
    });

    it("refuses to link a session it has never received", async () => {
      const store = await make(limits);
      const s = sid();
      expect(await store.linkConversation(s, "conv-1")).toEqual({ outcome: "no_session", conversation_id: null });
      await store.record([event({ session_id: s, timestamp: 1 })]);
      expect(await store.conversationsOf([s])).toEqual([null]);
    });

    it("reads the retained feed in pages after a cursor, oldest first", async () => {
      const store = await make(limits);
      const s = sid();
      const before = await store.latestFeedId();
      for (let t = 1; t <= 3; t++) await store.record([event({ session_id: s, timestamp: t })]);
      const firstTwo = await store.readFeed(before, 2);
      expect(firstTwo.map((entry) => entry.actions[0]!.timestamp)).toEqual([1, 2]);
      const rest = await store.readFeed(firstTwo[1]!.id, 10);
      expect(rest.map((entry) => entry.actions[0]!.timestamp)).toEqual([3]);
      expect(await store.readFeed(rest[0]!.id, 10)).toEqual([]);
      expect((await store.readFeed(null, 1000)).map((entry) => entry.id)).toEqual(expect.arrayContaining([...firstTwo, ...rest].map((e) => e.id)));
    });

    it("keeps the latest deliveries, newest first", async () => {
      const store = await make(limits);
      const entry = (id: string) => ({
        id, received_at: 1, status: 200, shape: "default" as const, events: 1, accepted: 1, duplicates: 0,
        skipped: {}, error_code: null, reason: null, duration_ms: 1.5, test: false,
      });
      for (let i = 0; i < 60; i++) await store.logDelivery(entry(`d${i}`));
      const recent = await store.recentDeliveries();
      expect(recent[0]?.id).toBe("d59");
      expect(recent.length).toBeLessThanOrEqual(50);
      expect(recent.length).toBeGreaterThanOrEqual(20);
    });

    it("counts skipped events by reason and keeps the recent ones visible", async () => {
      const store = await make(limits);
      await store.noteSkipped([
        { reason: "no_session", event: "invoice_paid", distinct_id: "user_1", timestamp: 1 },
        { reason: "no_session", event: "invoice_paid", distinct_id: "user_1", timestamp: 2 },
      ]);
      const stats = await store.skipStats();
      expect(stats.counts.no_session).toBeGreaterThanOrEqual(2);
      expect(stats.recent[0]).toMatchObject({ event: "invoice_paid", timestamp: 2 });
    });
  });
}
