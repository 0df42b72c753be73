import { describe, expect, it } from "vitest";
import type { FeedEntry } from "@/lib/activity/feed-entry";
import type { FeedPosition } from "@/lib/activity/feed-reset";
import type { ActivityStore, SessionEvent, SessionPage } from "@/lib/store/activity-store";

/**
 * The behaviour every ActivityStore backend must have. Each backend's test file runs this suite against a
 * fresh store; limits passed to `make` are small so eviction is observable.
 */
export function describeStoreContract(
  name: string,
  make: (limits: {
    maxSessions: number;
    maxActionsPerSession: number;
    dedupePerSession?: number;
    feedRetention?: number;
    feedRetentionSeconds?: number;
  }) => Promise<ActivityStore>,
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

  /** A subscription's start (its position, and reset if any) and, from then on, every entry it receives. */
  const follow = (store: ActivityStore, after: string | null) =>
    new Promise<{ position: FeedPosition; got: FeedEntry[]; stop: () => void }>((resolve) => {
      const got: FeedEntry[] = [];
      let seen: FeedPosition | null = null;
      const stop = store.subscribe(
        after,
        (entry) => {
          // An entry never comes before the position.
          expect(seen).not.toBeNull();
          got.push(entry);
        },
        (position) => {
          if (seen === null) resolve({ position, got, stop });
          seen = position;
        },
      );
    });
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

    it("numbers actions by their place in the whole session, evicted ones counted: strictly increasing past the cap", async () => {
      const store = await make(limits);
      const s = sid();
      const live = nextEntry(store, await store.latestFeedId(), 7);
      for (let t = 1; t <= 7; t++) await store.record([event({ session_id: s, timestamp: t })]);
      expect((await live).map((entry) => entry.actions.map((a) => a.index))).toEqual([[0], [1], [2], [3], [4], [5], [6]]);
      const found = await store.getSession(s);
      expect(found?.first_index).toBe(3);
      expect(found?.actions.map((a) => a.timestamp)).toEqual([4, 5, 6, 7]);
    });

    it("announces from which index a late action moved the ones after it", async () => {
      const store = await make(limits);
      const s = sid();
      for (const t of [10, 20, 30]) await store.record([event({ session_id: s, timestamp: t })]);
      let live = nextEntry(store, await store.latestFeedId(), 1);
      await store.record([event({ session_id: s, timestamp: 15 })]);
      const [late] = await live;
      expect(late!.actions.map((a) => [a.timestamp, a.index])).toEqual([[15, 1]]);
      expect(late!.reindexed_from).toBe(1);

      // At the cap, an action older than all retained is counted among the evicted: the retained move up one.
      await store.record([event({ session_id: s, timestamp: 40 })]);
      expect((await store.getSession(s))?.first_index).toBe(1);
      live = nextEntry(store, await store.latestFeedId(), 1);
      await store.record([event({ session_id: s, timestamp: 1 })]);
      const [older] = await live;
      expect(older!.actions).toEqual([]);
      expect(older!.reindexed_from).toBe(1);
      expect((await store.getSession(s))?.first_index).toBe(2);

      // In order again: nothing moved.
      live = nextEntry(store, await store.latestFeedId(), 1);
      await store.record([event({ session_id: s, timestamp: 50 })]);
      const [next] = await live;
      expect(next!.actions.map((a) => a.index)).toEqual([6]);
      expect(next!.reindexed_from).toBeUndefined();
    });

    it("applies an event id once, however often it is delivered", async () => {
      const store = await make(limits);
      const s = sid();
      const e = event({ session_id: s, timestamp: 1 });
      expect(await store.record([e])).toEqual(["stored"]);
      expect(await store.record([e, e])).toEqual(["duplicate", "duplicate"]);
      expect((await store.getSession(s))?.actions).toHaveLength(1);
    });

    it("recognises a redelivered event for as long as its session lives, even re-described or after its action was evicted", async () => {
      const store = await make(limits);
      const s = sid();
      const first = event({ session_id: s, timestamp: 5 });
      await store.record([first]);
      // Many events later, the first action has left the session (cap 4), and other sessions came and went.
      for (let t = 10; t < 30; t++) await store.record([event({ session_id: s, timestamp: t })]);
      for (let i = 0; i < 5; i++) await store.record([event({ session_id: sid(), timestamp: 1 })]);
      await store.record([event({ session_id: s, timestamp: 31 })]);
      const redescribed = { ...first, action: { ...first.action!, title: "Page Load: Projects (v2)" } };
      expect(await store.record([first, redescribed])).toEqual(["duplicate", "duplicate"]);
      const found = await store.getSession(s);
      expect(found?.actions.map((a) => a.timestamp)).toEqual([27, 28, 29, 31]);
      expect(found?.actions.filter((a) => a.event_id === first.event_id)).toEqual([]);
    });

    it("bounds each session's de-duplication: past its capacity, events as old as the forgotten ones count as seen", async () => {
      const store = await make({ ...limits, dedupePerSession: 4 });
      const s = sid();
      const sent = Array.from({ length: 20 }, (_, i) => event({ session_id: s, timestamp: i + 1 }));
      for (const e of sent) await store.record([e]);
      expect(await store.record([sent[0]!, sent[19]!])).toEqual(["duplicate", "duplicate"]);
      expect(await store.record([event({ session_id: s, timestamp: 21 })])).toEqual(["stored"]);
      expect((await store.getSession(s))?.actions.map((a) => a.timestamp)).toEqual([18, 19, 20, 21]);
    });

    it("links the session to its user by the earliest identified event, back-filling earlier actions", async () => {
      const store = await make(limits);
      const s = sid();
      await store.record([event({ session_id: s, timestamp: 1 })]);
      await store.record([event({ session_id: s, timestamp: 5, user_id: "user_1", email: "ada@example.com", action: null })]);
      const found = await store.getSession(s);
      expect(found?.session).toMatchObject({ user_id: "user_1", email: "ada@example.com", identified_at: 5, action_count: 1 });
    });

    it("keeps only the newest actions of a session", async () => {
      const store = await make(limits);
      const s = sid();
      for (let t = 1; t <= 6; t++) await store.record([event({ session_id: s, timestamp: t })]);
      expect((await store.getSession(s))?.actions.map((a) => a.timestamp)).toEqual([3, 4, 5, 6]);
    });

    const ids = (page: SessionPage) => page.sessions.map((x) => x.session_id);

    it("evicts the least recently active session by event time, not by arrival, and forgets it in every index", async () => {
      const store = await make(limits);
      const [a, b, c, d] = ["a", "b", "c", "d"].map((name) => `${name}-${sid()}`) as [string, string, string, string];
      await store.record([event({ session_id: a, timestamp: 100, user_id: "u-a", email: "A@Example.com" })]);
      await store.record([event({ session_id: b, timestamp: 50, user_id: "u-b", email: "b@example.com" })]);
      await store.record([event({ session_id: c, timestamp: 200 })]);
      const live = nextEntry(store, await store.latestFeedId(), 1);
      await store.record([event({ session_id: d, timestamp: 300 })]);
      // b arrived after a but was last active before it: b goes.
      expect(await store.getSession(b)).toBeNull();
      expect(ids(await store.listSessions({ limit: 10 }))).toEqual([d, c, a]);
      expect((await live)[0]!.total_sessions).toBe(3);
      for (const q of [b, "u-b", "b@example.com"]) expect(await store.listSessions({ limit: 10, q })).toEqual({ sessions: [], next: null, total: 0 });
      expect(ids(await store.listSessions({ limit: 10, status: "identified" }))).toEqual([a]);
      expect((await store.listSessions({ limit: 10, status: "anonymous" })).total).toBe(2);
      expect(ids(await store.listSessions({ limit: 10, q: "a@example.COM" }))).toEqual([a]);

      // a is now the least recently active; activity on it moves it to the front, so c goes next.
      await store.record([event({ session_id: a, timestamp: 400 })]);
      await store.record([event({ session_id: sid(), timestamp: 500 })]);
      expect(await store.getSession(c)).toBeNull();
      expect(ids(await store.listSessions({ limit: 10, q: "u-a" }))).toEqual([a]);
    });

    it("never evicts a session it is writing, even one older than every stored session (a backlog after an outage)", async () => {
      const store = await make(limits);
      const recent = [sid(), sid(), sid()];
      for (const [i, s] of recent.entries()) await store.record([event({ session_id: s, timestamp: 1_000 + i })]);
      const backlog = [sid(), sid()];
      const outcomes = await store.record([
        event({ session_id: backlog[0]!, timestamp: 10 }),
        event({ session_id: backlog[1]!, timestamp: 20 }),
        event({ session_id: backlog[0]!, timestamp: 11 }),
      ]);
      expect(outcomes).toEqual(["stored", "stored", "stored"]);
      // Acknowledged, so kept: the least recently active of the others made room.
      expect((await store.getSession(backlog[0]!))?.actions).toHaveLength(2);
      expect((await store.getSession(backlog[1]!))?.actions).toHaveLength(1);
      expect(await store.getSession(recent[0]!)).toBeNull();
      expect(await store.getSession(recent[1]!)).toBeNull();
      expect((await store.listSessions({ limit: 10 })).sessions.map((x) => x.session_id)).toEqual([recent[2], backlog[1], backlog[0]]);
      // The next write restores the cap by the same rule.
      await store.record([event({ session_id: sid(), timestamp: 2_000 })]);
      expect((await store.listSessions({ limit: 10 })).total).toBe(3);
      expect(await store.getSession(backlog[0]!)).toBeNull();
    });

    it("evicts nothing on a delivery that writes nothing (a retry), even while one delivery keeps it over its cap", async () => {
      const store = await make(limits);
      for (let i = 0; i < 3; i++) await store.record([event({ session_id: sid(), timestamp: 1_000 + i })]);
      const backlog = [sid(), sid(), sid(), sid()];
      const sent = backlog.map((s, i) => event({ session_id: s, timestamp: 10 + i }));
      expect(await store.record(sent)).toEqual(["stored", "stored", "stored", "stored"]);
      expect((await store.listSessions({ limit: 10 })).total).toBe(4);
      // PostHog retries each: every answer is "duplicate", so each must still be there to be one.
      for (const e of sent) expect(await store.record([e])).toEqual(["duplicate"]);
      for (const s of backlog) expect((await store.getSession(s))?.actions).toHaveLength(1);
      expect((await store.listSessions({ limit: 10 })).total).toBe(4);
    });

    it("pages sessions most recently active first, with cursors that stay put while sessions arrive", async () => {
      const store = await make({ maxSessions: 50, maxActionsPerSession: 4 });
      const at = Array.from({ length: 7 }, () => sid());
      for (const [i, s] of at.entries()) await store.record([event({ session_id: s, timestamp: 1_000 + i })]);
      const first = await store.listSessions({ limit: 3 });
      expect(ids(first)).toEqual([at[6], at[5], at[4]]);
      expect(first.total).toBe(7);
      expect(first.next).not.toBeNull();

      // New sessions and new activity on an older one land in front of the cursor, never behind it.
      await store.record([event({ session_id: sid(), timestamp: 2_000 })]);
      await store.record([event({ session_id: at[1]!, timestamp: 2_001 })]);
      const second = await store.listSessions({ limit: 3, after: first.next });
      expect(ids(second)).toEqual([at[3], at[2], at[0]]);
      expect(second.total).toBe(8);
      expect(second.next).toBeNull();
      expect(ids(await store.listSessions({ limit: 1 }))).toEqual([at[1]]);
    });

    it("orders sessions active at the same moment by id, and pages through them without a repeat or a gap", async () => {
      const store = await make({ maxSessions: 50, maxActionsPerSession: 4 });
      const base = sid();
      const names = ["a", "B", "c", "d", "e"].map((letter) => `${base}-${letter}`);
      for (const s of names) await store.record([event({ session_id: s, timestamp: 42.5 })]);
      const seen: string[] = [];
      let page = await store.listSessions({ limit: 2 });
      seen.push(...ids(page));
      while (page.next) {
        page = await store.listSessions({ limit: 2, after: page.next });
        seen.push(...ids(page));
      }
      expect(seen).toEqual([...names].sort().reverse());
    });

    it("finds sessions by session id, user id or email in any case, with a status filter", async () => {
      const store = await make({ maxSessions: 50, maxActionsPerSession: 4 });
      const [s1, s2, s3, anon] = [sid(), sid(), sid(), sid()];
      const user = `user-${sid()}`;
      await store.record([event({ session_id: s1, timestamp: 10, user_id: user, email: "Ada@Example.com" })]);
      await store.record([event({ session_id: s2, timestamp: 20, user_id: user, email: "ada@example.com" })]);
      await store.record([event({ session_id: s3, timestamp: 30, user_id: `other-${user}`, email: "grace@example.com" })]);
      await store.record([event({ session_id: anon, timestamp: 40 })]);

      expect(ids(await store.listSessions({ limit: 10, q: user }))).toEqual([s2, s1]);
      const byEmail = await store.listSessions({ limit: 1, q: "ADA@example.com" });
      expect(ids(byEmail)).toEqual([s2]);
      expect(byEmail.total).toBe(2);
      expect(ids(await store.listSessions({ limit: 1, q: "ada@example.com", after: byEmail.next }))).toEqual([s1]);
      expect(ids(await store.listSessions({ limit: 10, q: anon }))).toEqual([anon]);
      expect(ids(await store.listSessions({ limit: 10, q: anon, status: "identified" }))).toEqual([]);
      expect(await store.listSessions({ limit: 10, q: "nobody@example.com" })).toEqual({ sessions: [], next: null, total: 0 });
      expect(ids(await store.listSessions({ limit: 10, status: "identified" }))).toEqual([s3, s2, s1]);
      expect(ids(await store.listSessions({ limit: 10, status: "anonymous" }))).toEqual([anon]);

      // Identity moves: the session belongs to its earliest identified user and its latest email.
      await store.record([event({ session_id: s3, timestamp: 5, user_id: "earlier-user", email: "old@example.com", action: null })]);
      await store.record([event({ session_id: anon, timestamp: 50, user_id: "late-user", email: "New@Example.com", action: null })]);
      expect(ids(await store.listSessions({ limit: 10, q: `other-${user}` }))).toEqual([]);
      expect(ids(await store.listSessions({ limit: 10, q: "earlier-user" }))).toEqual([s3]);
      expect(ids(await store.listSessions({ limit: 10, q: "grace@example.com" }))).toEqual([s3]);
      expect(ids(await store.listSessions({ limit: 10, q: "new@example.com" }))).toEqual([anon]);
      expect(ids(await store.listSessions({ limit: 10, status: "anonymous" }))).toEqual([]);
      expect((await store.listSessions({ limit: 1, status: "identified" })).total).toBe(4);
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

    it("says in the feed when a change gives the session its user or its email, and only then", async () => {
      const store = await make(limits);
      const s = sid();
      await store.record([event({ session_id: s, timestamp: 1 })]);
      const live = nextEntry(store, await store.latestFeedId(), 4);
      await store.record([event({ session_id: s, timestamp: 2, user_id: "user_1", action: null })]);
      await store.record([event({ session_id: s, timestamp: 3, email: "Ada@example.com" })]);
      await store.record([event({ session_id: s, timestamp: 4, user_id: "user_1", email: "ada@EXAMPLE.com" })]);
      await store.record([event({ session_id: s, timestamp: 5, email: "grace@example.com" })]);
      expect((await live).map((entry) => entry.became ?? [])).toEqual([["user"], ["email"], [], ["email"]]);
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

    it("has a position before the first entry, and a client resuming from it gets every entry since", async () => {
      const store = await make(limits);
      const empty = await store.latestFeedId();
      expect(empty).not.toBeNull();
      const opened = await follow(store, null);
      expect(opened.position).toEqual({ id: empty, reset: null });
      opened.stop();
      const s = sid();
      for (let t = 1; t <= 3; t++) await store.record([event({ session_id: s, timestamp: t })]);
      const resumed = await follow(store, opened.position.id);
      expect(resumed.position).toEqual({ id: empty, reset: null });
      await until(() => resumed.got.length === 3);
      expect(resumed.got.map((entry) => entry.actions[0]!.timestamp)).toEqual([1, 2, 3]);
      resumed.stop();
    });

    it("says `expired` and continues from now when entries after the client's position were trimmed by number", async () => {
      const store = await make({ ...limits, feedRetention: 5 });
      const s = sid();
      const ids: string[] = [];
      for (let t = 1; t <= 12; t++) {
        const live = nextEntry(store, await store.latestFeedId(), 1);
        await store.record([event({ session_id: s, timestamp: t })]);
        ids.push((await live)[0]!.id);
      }
      expect((await store.readFeed(null, 100)).map((entry) => entry.id)).toEqual(ids.slice(7));
      const behind = await follow(store, ids[2]!);
      expect(behind.position).toEqual({ id: ids[11], reset: expect.objectContaining({ type: "reset", reason: "expired" }) });
      expect(behind.position.reset!.message).toMatch(/re-read/i);
      // The last trimmed entry is no loss: everything after it is still held.
      const edge = await follow(store, ids[6]!);
      expect(edge.position).toEqual({ id: ids[6], reset: null });
      await until(() => edge.got.length === 5);
      expect(edge.got.map((entry) => entry.id)).toEqual(ids.slice(7));
      // The reset one goes on live from the newest position.
      await store.record([event({ session_id: s, timestamp: 13 })]);
      await until(() => behind.got.length === 1);
      expect(behind.got[0]!.actions[0]!.timestamp).toBe(13);
      behind.stop();
      edge.stop();
    });

    it("trims the feed by age too, whichever limit is hit first", async () => {
      const store = await make({ ...limits, feedRetention: 1_000, feedRetentionSeconds: 0.5 });
      const s = sid();
      await store.record([event({ session_id: s, timestamp: 1 })]);
      await store.record([event({ session_id: s, timestamp: 2 })]);
      const [old1, old2] = await store.readFeed(null, 10);
      await sleep(700);
      await store.record([event({ session_id: s, timestamp: 3 })]);
      const held = await store.readFeed(null, 10);
      expect(held.map((entry) => entry.actions[0]!.timestamp)).toEqual([3]);
      expect((await follow(store, old1!.id)).position.reset?.reason).toBe("expired");
      const fromLastTrimmed = await follow(store, old2!.id);
      expect(fromLastTrimmed.position.reset).toBeNull();
      await until(() => fromLastTrimmed.got.length === 1);
      expect(fromLastTrimmed.got[0]!.id).toBe(held[0]!.id);
      fromLastTrimmed.stop();
    });

    it("says `other_generation` for an id of another store generation, or from before ids had one", async () => {
      const store = await make(limits);
      const other = await make(limits);
      const s = sid();
      await store.record([event({ session_id: s, timestamp: 1 })]);
      await other.record([event({ session_id: sid(), timestamp: 1 })]);
      const foreign = (await other.readFeed(null, 1))[0]!.id;
      const latest = await store.latestFeedId();
      expect(foreign.split(".")[0]).not.toBe(latest!.split(".")[0]);
      for (const after of [foreign, "5", "1796000000000-0"]) {
        const started = await follow(store, after);
        expect(started.position).toEqual({ id: latest, reset: expect.objectContaining({ reason: "other_generation" }) });
        started.stop();
      }
    });

    it("says `invalid` for an id it never issued, instead of silently starting from now", async () => {
      const store = await make(limits);
      await store.record([event({ session_id: sid(), timestamp: 1 })]);
      const latest = (await store.latestFeedId())!;
      const [epoch, position] = latest.split(".") as [string, string];
      const ahead = `${epoch}.${position.replace(/^\d+/, (n) => String(Number(n) + 1_000_000))}`;
      for (const after of ["hello", "", "1.2.3", ahead, "\u0000"]) {
        const started = await follow(store, after);
        expect(started.position).toEqual({ id: latest, reset: expect.objectContaining({ reason: "invalid" }) });
        started.stop();
      }
      // Push cursors stay lenient: an unknown one reads from the oldest entry held.
      expect(await store.readFeed("hello", 10)).toHaveLength(1);
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
