import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "redis";
import type { FeedEntry } from "@/lib/activity/feed-entry";
import type { FeedPosition } from "@/lib/activity/feed-reset";
import { describeStoreContract } from "@/test/store-contract";
import type { SessionEvent } from "./activity-store";
import { RedisStore, type RedisStoreOptions } from "./redis-store";
import { StoreUnavailableError } from "./store-unavailable-error";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const admin = createClient({ url: REDIS_URL, socket: { reconnectStrategy: false, connectTimeout: 2_000 } });
admin.on("error", () => {});
const prefixes: string[] = [];
const stores: RedisStore[] = [];

const newPrefix = () => {
  const prefix = `test:${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}:`;
  prefixes.push(prefix);
  return prefix;
};
const open = (options: Partial<RedisStoreOptions> & { keyPrefix: string }) => {
  const store = new RedisStore({ url: REDIS_URL, maxSessions: 100, maxActionsPerSession: 100, ...options });
  stores.push(store);
  return store;
};

beforeAll(async () => {
  try {
    await admin.connect();
  } catch (error) {
    // Never skip: a missing Redis must be visible, or the Redis backend goes untested without anyone noticing.
    throw new Error(
      `Redis is not reachable at ${REDIS_URL} (${(error as Error).message}). Start one (\`redis-server\`) or set REDIS_URL.`,
    );
  }
});

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  if (!admin.isReady) return;
  for (const prefix of prefixes) {
    const keys: string[] = [];
    for await (const batch of admin.scanIterator({ MATCH: `{${prefix}}*`, COUNT: 500 })) keys.push(...batch);
    if (keys.length > 0) await admin.del(keys);
  }
  admin.destroy();
});

describeStoreContract("redis", async (limits) => open({ ...limits, keyPrefix: newPrefix() }));

let seq = 0;
const event = (session_id: string, timestamp: number, overrides: Partial<SessionEvent> = {}): SessionEvent => {
  const id = overrides.event_id ?? `e-${++seq}-${Math.random().toString(36).slice(2)}`;
  return {
    event_id: id, session_id, timestamp, user_id: null, email: null, product_id: "acme-web",
    current_url: "https://app.example.com/a",
    action: {
      event_id: id, type: "click", title: "Click: Save", description: "User clicked Save",
      canonical_url: "https://app.example.com/a", raw_url: "https://app.example.com/a", timestamp,
    },
    ...overrides,
  };
};
const collect = (store: RedisStore, after: string | null) => {
  const got: FeedEntry[] = [];
  const stop = store.subscribe(after, (entry) => got.push(entry));
  return { got, stop };
};
const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
const readerConnections = async (prefix: string) =>
  (await admin.sendCommand<string>(["CLIENT", "LIST"])).split("\n").filter((line) => line.includes(` name=${prefix}feed-reader `)).length;

describe("RedisStore across instances", () => {
  it("shares sessions, de-duplication and the feed between two instances", async () => {
    const prefix = newPrefix();
    const [a, b] = [open({ keyPrefix: prefix }), open({ keyPrefix: prefix })];
    const live = collect(b, await b.latestFeedId());
    const first = event("s1", 10);
    expect(await a.record([first])).toEqual(["stored"]);
    await until(() => live.got.length === 1);
    expect(live.got[0]!.actions.map((x) => x.event_id)).toEqual([first.event_id]);

    expect(await b.record([first])).toEqual(["duplicate"]);
    await b.record([event("s1", 5, { user_id: "user_1", email: "ada@example.com", action: null })]);
    await a.record([event("s1", 7, { user_id: "user_2", action: null })]);
    const seenByA = await a.getSession("s1");
    expect(seenByA?.session).toMatchObject({ user_id: "user_1", identified_at: 5, email: "ada@example.com", action_count: 1 });
    expect(await b.getSession("s1")).toEqual(seenByA);
    await until(() => live.got.length === 3);
    expect(live.got.map((x) => x.actions.length)).toEqual([1, 0, 0]);
    expect(live.got[2]!.session).toEqual(seenByA!.session);
    live.stop();
  });

  it("resumes on another instance after a Last-Event-ID, with no gap or repeat", async () => {
    const prefix = newPrefix();
    const [a, b] = [open({ keyPrefix: prefix }), open({ keyPrefix: prefix })];
    const start = await a.latestFeedId();
    for (let t = 1; t <= 4; t++) await a.record([event(`s${t}`, t)]);
    const onA = collect(a, start ?? "0-0");
    await until(() => onA.got.length === 4);
    const onB = collect(b, onA.got[1]!.id);
    await until(() => onB.got.length === 2);
    await a.record([event("s5", 5)]);
    await until(() => onA.got.length === 5 && onB.got.length === 3);
    expect(onB.got).toEqual(onA.got.slice(2));
    expect(onB.got.map((x) => x.session.session_id)).toEqual(["s3", "s4", "s5"]);
    onA.stop();
    onB.stop();
  });

  it("runs one blocking reader per store however many subscribers, and none once they have left", async () => {
    const prefix = newPrefix();
    const store = open({ keyPrefix: prefix });
    const after = await store.latestFeedId();
    const subscribers = Array.from({ length: 5 }, () => collect(store, after));
    await store.record([event("s1", 1)]);
    await until(() => subscribers.every((s) => s.got.length === 1));
    expect(await readerConnections(prefix)).toBe(1);
    for (const s of subscribers) s.stop();
    expect(store.feedReaderRunning).toBe(false);
    await until(async () => (await readerConnections(prefix)) === 0);
  });

  it("treats an id of another backend as a reset from now instead of throwing or replaying everything", async () => {
    const store = open({ keyPrefix: newPrefix() });
    await store.record([event("old", 1)]);
    const positions: FeedPosition[] = [];
    const got: FeedEntry[] = [];
    const stop = store.subscribe("12", (entry) => got.push(entry), (position) => positions.push(position));
    await until(() => positions.length === 1);
    expect(positions[0]).toEqual({ id: await store.latestFeedId(), reset: expect.objectContaining({ reason: "other_generation" }) });
    await store.record([event("new", 2)]);
    await until(() => got.length > 0);
    expect(got.map((x) => x.session.session_id)).toEqual(["new"]);
    stop();
  });

  it("gives an emptied Redis a new epoch: old ids reset, and a subscriber streaming through the flush is told", async () => {
    const prefix = newPrefix();
    const store = open({ keyPrefix: prefix });
    await store.record([event("before", 1)]);
    const before = (await store.latestFeedId())!;
    const positions: FeedPosition[] = [];
    const got: FeedEntry[] = [];
    const stop = store.subscribe(before, (entry) => got.push(entry), (position) => positions.push(position));
    await until(() => positions.length === 1);
    expect(positions[0]).toEqual({ id: before, reset: null });

    // What FLUSHDB does to this app, without touching anyone else's keys in the shared test Redis.
    const keys: string[] = [];
    for await (const batch of admin.scanIterator({ MATCH: `{${prefix}}*`, COUNT: 500 })) keys.push(...batch);
    expect(keys).toContain(`{${prefix}}feed:epoch`);
    await admin.del(keys);

    await store.record([event("after", 2)]);
    await until(() => got.length === 1);
    const epoch = (id: string) => id.split(".")[0];
    expect(epoch(got[0]!.id)).not.toBe(epoch(before));
    // The reset came before the entry, at the start of the new generation, so a reconnect then still gets it.
    expect(positions).toHaveLength(2);
    expect(positions[1]).toEqual({ id: `${epoch(got[0]!.id)}.0-0`, reset: expect.objectContaining({ reason: "other_generation" }) });
    expect(got[0]!.session.session_id).toBe("after");
    stop();

    const resumed: FeedPosition[] = [];
    const stopResumed = store.subscribe(before, () => {}, (position) => resumed.push(position));
    await until(() => resumed.length === 1);
    expect(resumed[0]).toEqual({ id: await store.latestFeedId(), reset: expect.objectContaining({ reason: "other_generation" }) });
    stopResumed();
    const fromNewStart: FeedEntry[] = [];
    const stopNew = store.subscribe(positions[1]!.id, (entry) => fromNewStart.push(entry));
    await until(() => fromNewStart.length === 1);
    expect(fromNewStart[0]!.id).toBe(got[0]!.id);
    stopNew();
  });

  it("labels feed entries written before ids had epochs, and resumes push cursors of that form", async () => {
    const prefix = newPrefix();
    const store = open({ keyPrefix: prefix });
    await store.record([event("s1", 1)]);
    // An entry as the previous version wrote it: no epoch field.
    const [current] = await store.readFeed(null, 1);
    const { id: _, ...data } = current!;
    const legacyId = await admin.xAdd(`{${prefix}}feed`, "*", { data: JSON.stringify(data) });
    const epoch = (await store.latestFeedId())!.split(".")[0];
    const entries = await store.readFeed(null, 10);
    expect(entries.map((entry) => entry.id)).toEqual([current!.id, `${epoch}.${legacyId}`]);
    expect(await store.readFeed(current!.id.split(".")[1]!, 10)).toEqual([entries[1]]);
  });
});

describe("RedisStore indexes", () => {
  it("keeps every key under one hash tag, so scripts stay in one Redis Cluster slot", async () => {
    const prefix = newPrefix();
    const store = open({ keyPrefix: prefix, maxSessions: 1 });
    await store.record([event("s1", 1, { user_id: "u1", email: "Ada@Example.com" })]);
    await store.record([event("s2", 2)]);
    await store.noteSkipped([{ reason: "no_session", event: "x", distinct_id: null, timestamp: 1 }]);
    await store.logDelivery({
      id: "d", received_at: 1, status: 200, shape: "default", events: 1, accepted: 1, duplicates: 0,
      skipped: {}, error_code: null, reason: null, duration_ms: 1, test: false,
    });
    await store.recentDeliveries();
    const keys: string[] = [];
    for await (const batch of admin.scanIterator({ MATCH: `*${prefix}*`, COUNT: 500 })) keys.push(...batch);
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.filter((key) => !key.startsWith(`{${prefix}}`))).toEqual([]);
    // s1 was evicted with its user and email lookups.
    expect(keys.filter((key) => /(user|email):/.test(key))).toEqual([]);
  });

  it("keeps de-duplication bounded by the caps, not by the traffic: keys per session, not per event", async () => {
    const prefix = newPrefix();
    const store = open({ keyPrefix: prefix, maxSessions: 5, maxActionsPerSession: 4 });
    for (let round = 0; round < 40; round++) {
      await store.record(Array.from({ length: 50 }, (_, i) => event(`s${i % 5}`, round * 100 + i)));
    }
    const keys: string[] = [];
    for await (const batch of admin.scanIterator({ MATCH: `{${prefix}}*`, COUNT: 1000 })) keys.push(...batch);
    // 2,000 events into 5 capped sessions: a few keys per session plus the shared ones, whatever the traffic.
    expect(keys.length).toBeLessThanOrEqual(5 * 4 + 10);
  });

  it("drops sessions that expired by TTL from pages, search and the total", async () => {
    const prefix = newPrefix();
    const store = open({ keyPrefix: prefix });
    for (const [i, id] of ["s1", "s2", "s3"].entries()) await store.record([event(id, i + 1, { user_id: "u1" })]);
    // What Redis does when a session's TTL runs out: its hash and actions go, its index entries stay.
    await admin.del([`{${prefix}}session:s2`, `{${prefix}}actions:s2`]);
    const page = await store.listSessions({ limit: 1 });
    expect(page.sessions.map((s) => s.session_id)).toEqual(["s3"]);
    const next = await store.listSessions({ limit: 1, after: page.next });
    expect(next.sessions.map((s) => s.session_id)).toEqual(["s1"]);
    expect(next.total).toBe(2);
    expect((await store.listSessions({ limit: 10, q: "u1" })).sessions.map((s) => s.session_id)).toEqual(["s3", "s1"]);
  });
});

describe("RedisStore during a Redis outage", () => {
  const port = 63_100 + Math.floor(Math.random() * 800);
  let server: ChildProcess | null = null;
  const startServer = async () => {
    server = spawn("redis-server", ["--port", String(port), "--save", "", "--appendonly", "no", "--daemonize", "no"], {
      stdio: "ignore",
    });
    const probe = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: 50 } });
    probe.on("error", () => {});
    await probe.connect();
    probe.destroy();
  };
  const stopServer = async () => {
    const child = server!;
    await new Promise((resolve) => {
      child.once("exit", resolve);
      child.kill("SIGKILL");
    });
    server = null;
  };
  afterAll(async () => {
    if (server) await stopServer();
  });

  it("fails fast while Redis is down, then resumes writes and live delivery without a restart", { timeout: 15_000 }, async () => {
    await startServer();
    const store = open({ url: `redis://127.0.0.1:${port}`, keyPrefix: newPrefix(), feedBlockMs: 1_000 });
    const live = collect(store, await store.latestFeedId());
    await store.record([event("before", 1)]);
    await until(() => live.got.length === 1);

    await stopServer();
    const started = Date.now();
    await expect(store.record([event("during", 2)])).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(store.listSessions({ limit: 10 })).rejects.toBeInstanceOf(StoreUnavailableError);

    await startServer();
    await until(async () => (await store.record([event("after", 3)]).catch(() => null)) !== null, 8_000);
    await until(() => live.got.length === 2, 8_000);
    expect(live.got[1]!.session.session_id).toBe("after");
    live.stop();
    await store.close();
    await stopServer();
  });

  it("keeps the delivery log bounded while Redis is down: reads and close answer within the deadline, and the latest entries are written once it is back", { timeout: 20_000 }, async () => {
    await startServer();
    const keyPrefix = newPrefix();
    const store = open({ url: `redis://127.0.0.1:${port}`, keyPrefix, commandTimeoutMs: 500 });
    const delivery = (id: string) => ({
      id, received_at: 1, status: 200, shape: "default" as const, events: 1, accepted: 1, duplicates: 0,
      skipped: {}, error_code: null, reason: null, duration_ms: 1, test: false,
    });
    await store.logDelivery(delivery("before"));
    expect((await store.recentDeliveries()).map((d) => d.id)).toEqual(["before"]);

    await stopServer();
    // Deliveries keep coming for several deadlines' worth of time: their log writes must not queue up.
    for (let i = 0; i < 120; i++) {
      await store.logDelivery(delivery(`during-${i}`));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    let started = Date.now();
    await expect(store.recentDeliveries()).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(1_500);

    await startServer();
    await until(async () => (await store.recentDeliveries().catch(() => []))[0]?.id === "during-119", 8_000);
    const shown = await store.recentDeliveries();
    expect(shown.map((d) => d.id)).toEqual(Array.from({ length: 50 }, (_, i) => `during-${119 - i}`));
    started = Date.now();
    await store.close();
    expect(Date.now() - started).toBeLessThan(1_500);
    // Written to Redis, not only held by this instance: another instance reads the same.
    const other = open({ url: `redis://127.0.0.1:${port}`, keyPrefix });
    expect((await other.recentDeliveries()).map((d) => d.id)).toEqual(shown.map((d) => d.id));
    await other.close();
    await stopServer();
  });

  it("fails fast when Redis is connected but does not answer, then carries on", { timeout: 15_000 }, async () => {
    await startServer();
    const store = open({ url: `redis://127.0.0.1:${port}`, keyPrefix: newPrefix(), feedBlockMs: 500 });
    const live = collect(store, await store.latestFeedId());
    await store.record([event("before", 1)]);
    await until(() => live.got.length === 1);

    server!.kill("SIGSTOP");
    try {
      const started = Date.now();
      await expect(store.record([event("frozen", 2)])).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      server!.kill("SIGCONT");
    }
    await until(async () => (await store.record([event("thawed", 3)]).catch(() => null)) !== null, 8_000);
    await until(() => live.got.some((x) => x.session.session_id === "thawed"), 8_000);
    // The frozen write may or may not have been applied by Redis; either way nothing is delivered twice.
    const ids = live.got.map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    live.stop();
    await store.close();
    await stopServer();
  });
});
