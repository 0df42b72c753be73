import { beforeEach, describe, expect, it, vi } from "vitest";
import { ActionsPayloadSchema } from "@/lib/autoplay/actions-payload";
import { DEV_DEFAULTS } from "@/lib/config/env";
import { sseParser } from "@/lib/sse/sse-parser";
import { fixture, webhookRequest } from "@/test/fixtures";
import { GET as listSessions } from "../sessions/route";
import { POST } from "../webhooks/posthog/route";
import { agentStream } from "@/lib/agent/agent-stream";
import { getStore } from "@/lib/store/store";
import { GET as stream } from "./route";

const auth = vi.hoisted(() => vi.fn());
vi.mock("@/auth", () => ({ auth }));

const TOKEN = DEV_DEFAULTS.AUTOPLAY_STREAM_TOKEN;
const agent = (query = "", headers: Record<string, string> = {}) =>
  new Request(`http://localhost/api/stream${query}`, { headers: { authorization: `Bearer ${TOKEN}`, ...headers } });

/** Reads message frames (heartbeats are `event: heartbeat`, skipped) until `count` have arrived. */
async function frames(response: Response, count: number): Promise<{ id: string; data: unknown }[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const found: { id: string; data: unknown }[] = [];
  const push = sseParser((message) => {
    if (message.event === "message" && message.id) found.push({ id: message.id, data: JSON.parse(message.data) });
  });
  while (found.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    push(decoder.decode(value, { stream: true }));
  }
  await reader.cancel();
  return found.slice(0, count);
}

beforeEach(() => {
  delete (globalThis as { __activityStore?: unknown }).__activityStore;
  auth.mockResolvedValue(null);
});

describe("GET /api/stream (agents)", () => {
  it("401s without the bearer token, or with a wrong one", async () => {
    for (const request of [new Request("http://localhost/api/stream"), agent("", { authorization: "Bearer nope" })]) {
      const response = await stream(request);
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe("unauthenticated");
    }
  });

  it("streams each new action as an ActionsPayload, with its index in the session and the user's identity", async () => {
    const response = await stream(agent());
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const arriving = frames(response, 2);
    await POST(webhookRequest(fixture("posthog/webhook-default-pageview.json")));
    await POST(webhookRequest(fixture("posthog/webhook-default-identify.json"))); // identity only: no frame
    await POST(webhookRequest(fixture("posthog/webhook-default-click.json")));
    const [first, second] = (await arriving).map((frame) => ActionsPayloadSchema.parse(frame.data));
    expect(first).toMatchObject({ count: 1, user_id: null, actions: [{ index: 0, type: "pageview" }] });
    expect(second).toMatchObject({
      count: 1,
      user_id: "user_2f9a81",
      email: "ada@example.com",
      actions: [{ index: 1, type: "click", title: "Export CSV button", user_id: "user_2f9a81" }],
    });
  });

  it("gives a stream filtered by email or user the session's earlier anonymous actions once, when it identifies", async () => {
    for (const filter of ["?email=ADA@example.com", "?user_id=user_2f9a81"]) {
      delete (globalThis as { __activityStore?: unknown }).__activityStore;
      const arriving = frames(await stream(agent(filter)), 2);
      await POST(webhookRequest(fixture("posthog/webhook-default-pageview.json"))); // anonymous: not this user's yet
      await POST(webhookRequest(fixture("posthog/webhook-default-identify.json")));
      await POST(webhookRequest(fixture("posthog/webhook-default-click.json")));
      const [backfill, click] = (await arriving).map((frame) => ActionsPayloadSchema.parse(frame.data));
      expect(backfill, filter).toMatchObject({
        user_id: "user_2f9a81",
        actions: [{ index: 0, type: "pageview", user_id: "user_2f9a81", email: "ada@example.com" }],
      });
      expect(click, filter).toMatchObject({ actions: [{ index: 1, type: "click" }] });
    }
  });

  it("announces with `event: reindex` when a late action moves actions already sent, and numbers as GET /api/sessions/{id} does", async () => {
    const { getStore } = await import("@/lib/store/store");
    const { GET: getSession } = await import("../sessions/[sessionId]/route");
    const action = (id: string, timestamp: number) => ({
      event_id: id, session_id: "late-s", timestamp, user_id: null, email: null, product_id: "p", current_url: null,
      action: { event_id: id, type: "click" as const, title: "Save", description: "User clicked Save", canonical_url: "/", raw_url: "/", timestamp },
    });
    await getStore().record([action("a", 10), action("b", 30)]);
    const response = await stream(agent("?session_id=late-s"));
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const seen: { event: string; data: any }[] = [];
    const parse = sseParser((message) => message.event !== "heartbeat" && seen.push({ event: message.event, data: JSON.parse(message.data) }));
    await getStore().record([action("c", 20)]);
    while (seen.length < 2) parse(decoder.decode((await reader.read()).value, { stream: true }));
    await reader.cancel();
    expect(seen[0]).toEqual({ event: "reindex", data: { type: "reindex", session_id: "late-s", from_index: 1 } });
    expect(seen[1]!.data.actions.map((a: { index: number; timestamp_start: number }) => [a.timestamp_start, a.index])).toEqual([[20, 1]]);
    const payload = await (await getSession(agent(), { params: Promise.resolve({ sessionId: "late-s" }) })).json();
    expect(payload.actions.map((a: { index: number; timestamp_start: number }) => [a.timestamp_start, a.index])).toEqual([[10, 0], [20, 1], [30, 2]]);
  });

  it("follows only the sessions a filter names, and resumes after Last-Event-ID", async () => {
    const start = await getStore().latestFeedId();
    await POST(webhookRequest(fixture("posthog/webhook-batch.json")));
    await POST(webhookRequest(fixture("posthog/webhook-default-click.json")));
    const all = await frames(await stream(agent(`?after=${start}`)), 2);
    const onlyAda = await frames(await stream(agent(`?email=ADA@example.com&after=${start}`)), 1);
    expect(onlyAda).toHaveLength(1);
    expect(onlyAda[0]!.id).toBe(all[1]!.id);
    const resumed = await frames(await stream(agent("", { "last-event-id": all[0]!.id })), 1);
    expect(resumed[0]!.id).toBe(all[1]!.id);
  });

  it("400s on an unknown filter", async () => {
    const response = await stream(agent("?colour=blue"));
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("invalid_filter");
  });

  it("lets the same token read the sessions API", async () => {
    const response = await listSessions(agent());
    expect(response.status).toBe(200);
  });

  it("moves its position past entries it filters out: later heartbeats carry it, never past a frame not yet sent", async () => {
    const store = getStore();
    const body = agentStream({ store, after: null, filter: { email: "ada@example.com" }, heartbeatMs: 20 });
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const blocks = () => text.split("\n\n").filter(Boolean);
    while (blocks().length < 1) text += decoder.decode((await reader.read()).value);
    const opening = /^id: (\S+)\n/.exec(blocks()[0]!)![1]!;
    // An anonymous pageview: not Ada's, so no frame; the position still moves past it.
    await POST(webhookRequest(fixture("posthog/webhook-default-pageview.json")));
    const passed = await store.latestFeedId();
    expect(passed).not.toBe(opening);
    while (!text.includes(`id: ${passed}\nevent: heartbeat`)) text += decoder.decode((await reader.read()).value);
    expect(text).not.toContain("data: {\"type\":\"actions\"");
    await reader.cancel();
  });
});
