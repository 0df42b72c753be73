import { createClient } from "redis";
import { afterEach, describe, expect, it } from "vitest";
import type { SessionEvent } from "../store/activity-store";
import { MemoryStore } from "../store/memory-store";
import { RedisStore } from "../store/redis-store";
import { startPushReceiver } from "@/test/support/push-receiver";
import { Forwarder } from "./forwarder";
import { MemoryForwardState } from "./memory-forward-state";
import { RedisForwardState } from "./redis-forward-state";

const SECRET = "push-secret-0123456789";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

let seq = 0;
function click(session_id: string, timestamp: number, user_id: string | null = null): SessionEvent {
  const event_id = `evt-${++seq}-${Math.random().toString(36).slice(2)}`;
  return {
    event_id,
    session_id,
    timestamp,
    user_id,
    email: null,
    product_id: "acme-web",
    current_url: "https://app.example.com/projects/1",
    action: {
      event_id,
      type: "click",
      title: `Button ${timestamp}`,
      description: `User clicked Button ${timestamp}`,
      canonical_url: "https://app.example.com/projects/:id",
      raw_url: "https://app.example.com/projects/1",
      timestamp,
    },
  };
}

async function receiver(answer?: Parameters<typeof startPushReceiver>[1]) {
  const r = await startPushReceiver(SECRET, answer);
  cleanup.push(r.close);
  return r;
}

const memoryForwarder = (store: MemoryStore, url: string, extra: Partial<ConstructorParameters<typeof Forwarder>[0]> = {}) => {
  const forwarder = new Forwarder({ store, state: new MemoryForwardState(), urls: [url], secret: SECRET, backoffMs: [5, 10, 20], retryLaterMs: 0, ...extra });
  cleanup.push(() => forwarder.stop());
  return forwarder;
};

describe("Forwarder (push delivery)", () => {
  it("signs each payload as the SDK checks it; a target answering 503 twice then 200 gets everything once, in order", async () => {
    const store = new MemoryStore({ maxSessions: 10, maxActionsPerSession: 10 });
    const target = await receiver(({ n }) => (n < 2 ? 503 : 200));
    await store.record([click("s1", 1), click("s2", 2)]);
    await store.record([click("s1", 3)]);
    await memoryForwarder(store, target.url).drain();

    expect(target.received.every((r) => r.signatureValid)).toBe(true);
    expect(target.received.map((r) => r.answered)).toEqual([503, 503, 200, 200, 200]);
    // The retried payload kept its delivery id; what was accepted is each batch exactly once.
    expect(new Set(target.received.slice(0, 3).map((r) => r.deliveryId)).size).toBe(1);
    const accepted = target.accepted();
    expect(new Set(accepted.map((r) => r.deliveryId)).size).toBe(3);
    expect(accepted.map((r) => [r.body.type, r.body.session_id, r.body.actions.map((a: { index: number }) => a.index)])).toEqual([
      ["actions", "s1", [0]],
      ["actions", "s2", [0]],
      ["actions", "s1", [1]],
    ]);
    expect(accepted[0]!.body).toMatchObject({ count: 1, product_id: "acme-web", conversation_id: null });
  });

  it("keeps a backlog while the target is down, shows it, and delivers it all once the target is back", async () => {
    const store = new MemoryStore({ maxSessions: 10, maxActionsPerSession: 10 });
    let up = false;
    const target = await receiver(() => (up ? 200 : 503));
    const forwarder = memoryForwarder(store, target.url);
    await store.record([click("s1", 1)]);
    await store.record([click("s1", 2)]);
    await forwarder.drain();
    const [down] = await forwarder.statuses();
    expect(down).toMatchObject({ url: target.url, backlog: 2, delivered: 0, last_outcome: { status: 503 } });

    up = true;
    await forwarder.drain();
    const [back] = await forwarder.statuses();
    expect(back).toMatchObject({ backlog: 0, delivered: 2, last_outcome: { status: 200 } });
    expect(target.accepted().map((r) => r.body.actions[0].index)).toEqual([0, 1]);
  });

  it("carries the session's conversation once linked, and skips a payload the target refuses for good", async () => {
    const store = new MemoryStore({ maxSessions: 10, maxActionsPerSession: 10 });
    const target = await receiver(({ n }) => (n === 0 ? 400 : 200));
    const forwarder = memoryForwarder(store, target.url);
    await store.record([click("s1", 1)]);
    await store.linkConversation("s1", "conv_9");
    await store.record([click("s1", 2)]);
    await forwarder.drain();
    expect(target.received.map((r) => r.answered)).toEqual([400, 200]);
    expect(target.received[1]!.body).toMatchObject({ conversation_id: "conv_9", actions: [{ index: 1, conversation_id: "conv_9" }] });
    expect((await forwarder.statuses())[0]).toMatchObject({ rejected: 1, delivered: 1, backlog: 0 });
  });

  it("starts a newly configured target at what arrives from then on, not the feed's history", async () => {
    const store = new MemoryStore({ maxSessions: 10, maxActionsPerSession: 10 });
    const target = await receiver();
    await store.record([click("old", 1)]);
    const forwarder = memoryForwarder(store, target.url);
    await forwarder.ready();
    await store.record([click("new", 2)]);
    await forwarder.drain();
    expect(target.accepted().map((r) => r.body.session_id)).toEqual(["new"]);
  });

  it("with Redis, loses nothing when the instance forwarding dies mid-delivery: another resumes from the shared cursor", async () => {
    const prefix = `test:fwd-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}:`;
    cleanup.push(async () => {
      const admin = createClient({ url: REDIS_URL });
      await admin.connect();
      const keys = await admin.keys(`*${prefix}*`);
      if (keys.length > 0) await admin.del(keys);
      admin.destroy();
    });
    const open = () => {
      const store = new RedisStore({ url: REDIS_URL, keyPrefix: prefix, maxSessions: 10, maxActionsPerSession: 10 });
      const state = new RedisForwardState({ url: REDIS_URL, keyPrefix: prefix });
      cleanup.push(() => store.close(), () => state.close());
      return { store, state };
    };
    // The first instance's first request never gets an answer: it is as good as dead from then on.
    const target = await receiver(({ n }) => (n === 0 ? "stall" : 200));
    const a = open();
    const b = open();
    await a.store.record([click("s1", 1), click("s2", 2)]);
    await a.store.record([click("s1", 3)]);

    const dying = new Forwarder({ ...a, urls: [target.url], secret: SECRET, leaseMs: 1_000, timeoutMs: 60_000, retryLaterMs: 0 });
    void dying.drain(60_000);
    await expect.poll(() => target.received.length).toBe(1);
    const survivor = new Forwarder({ ...b, urls: [target.url], secret: SECRET, leaseMs: 1_000, retryLaterMs: 0 });
    await survivor.drain(); // the lease is still held: nothing yet
    expect(target.received).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await survivor.drain();

    const accepted = target.accepted();
    expect(accepted.map((r) => [r.body.session_id, r.body.actions[0].index])).toEqual([
      ["s1", 0],
      ["s2", 0],
      ["s1", 1],
    ]);
    // The payload in flight when the first instance died came again, with the same delivery id.
    expect(accepted[0]!.deliveryId).toBe(target.received[0]!.deliveryId);
    expect((await survivor.statuses())[0]).toMatchObject({ backlog: 0, delivered: 3 });
  });
});
