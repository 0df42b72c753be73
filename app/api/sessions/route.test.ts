import { beforeEach, describe, expect, it, vi } from "vitest";
import { ActionsPayloadSchema } from "@/lib/autoplay/actions-payload";
import { fixture, webhookRequest } from "@/test/fixtures";
import { POST } from "../webhooks/posthog/route";
import { GET as getSession } from "./[sessionId]/route";
import { GET as getStoredSession } from "./[sessionId]/stored/route";
import { GET as getConversation } from "./[sessionId]/conversation/route";
import { GET as getActivity } from "../activity/route";
import { StoredSessionSchema } from "@/lib/activity/stored-session";
import { StoreUnavailableError } from "@/lib/store/store-unavailable-error";
import { getStore } from "@/lib/store/store";
import { GET as deliveries } from "../deliveries/route";
import { GET as listSessions } from "./route";
import { GET as stream } from "./stream/route";

const auth = vi.hoisted(() => vi.fn());
vi.mock("@/auth", () => ({ auth }));

const SESSION = "019ab3c2-6f12-7c01-b3d5-77a1e9c0f2aa";
const params = (sessionId: string) => ({ params: Promise.resolve({ sessionId }) });

beforeEach(async () => {
  delete (globalThis as { __activityStore?: unknown }).__activityStore;
  auth.mockResolvedValue({ user: { id: "user_1", email: "demo@example.com" } });
  for (const name of ["webhook-default-pageview", "webhook-default-identify", "webhook-default-click"]) {
    await POST(webhookRequest(fixture(`posthog/${name}.json`)));
  }
});

const list = async (query: string) => {
  const response = await listSessions(new Request(`http://localhost/api/sessions${query}`));
  return { status: response.status, body: await response.json() };
};

/** Sessions s-0 … s-(n-1), s-i last active at T + i, each with one user and email. */
async function storeSessions(n: number) {
  const store = getStore();
  for (let i = 0; i < n; i++) {
    await store.record([{
      event_id: `bulk-${i}`, session_id: `s-${i}`, timestamp: 1_796_000_000 + i, user_id: `u-${i}`, email: `User${i}@Example.com`,
      product_id: "acme-web", current_url: null, action: null,
    }]);
  }
}

describe("sessions API", () => {
  it("lists sessions with their identity and counts", async () => {
    const { body } = await list("");
    expect(body).toEqual({
      sessions: [expect.objectContaining({ session_id: SESSION, user_id: "user_2f9a81", email: "ada@example.com", action_count: 2 })],
      next_cursor: null,
      total: 1,
    });
  });

  it("pages most recent first: 50 by default, next_cursor to the following page, the true total", async () => {
    await storeSessions(120);
    const first = await list("");
    expect(first.body.sessions).toHaveLength(50);
    expect(first.body.sessions[0].session_id).toBe("s-119");
    expect(first.body.total).toBe(121);
    const second = await list(`?limit=200&cursor=${first.body.next_cursor}`);
    expect(second.body.sessions.map((s: { session_id: string }) => s.session_id).slice(0, 2)).toEqual(["s-69", "s-68"]);
    expect(second.body.sessions).toHaveLength(71);
    expect(second.body.next_cursor).toBeNull();
  });

  it("searches by session id, user id or email (any case), and filters by status", async () => {
    await storeSessions(5);
    for (const q of ["s-3", "u-3", "user3@example.com", "  USER3@EXAMPLE.COM "]) {
      const { body } = await list(`?q=${encodeURIComponent(q)}`);
      expect(body.sessions.map((s: { session_id: string }) => s.session_id), q).toEqual(["s-3"]);
      expect(body.total).toBe(1);
    }
    expect((await list("?status=identified&limit=2")).body.total).toBe(6);
    expect((await list("?status=anonymous")).body).toEqual({ sessions: [], next_cursor: null, total: 0 });
  });

  it("400s naming each invalid parameter", async () => {
    for (const [query, param] of [
      ["?limit=0", "limit"],
      ["?limit=201", "limit"],
      ["?limit=ten", "limit"],
      ["?cursor=not-a-cursor", "cursor"],
      ["?status=vip", "status"],
      ["?q=", "q"],
      ["?colour=blue", "colour"],
    ] as const) {
      const { status, body } = await list(query);
      expect(status, query).toBe(400);
      expect(body.error.code).toBe("invalid_parameters");
      expect(body.error.details.issues.map((issue: { param: string }) => issue.param)).toEqual([param]);
      expect(body.error.message).toContain(param);
    }
  });

  it("answers 503 with Retry-After on every read route while the store is unavailable", async () => {
    const down = () => Promise.reject(new StoreUnavailableError("Redis did not answer within 1500 ms."));
    (globalThis as { __activityStore?: unknown }).__activityStore = {
      listSessions: down, getSession: down, recentDeliveries: down, skipStats: down, conversationsOf: down,
    };
    const responses = [
      await listSessions(new Request("http://localhost/api/sessions?q=x")),
      await getSession(new Request(`http://localhost/api/sessions/${SESSION}`), params(SESSION)),
      await deliveries(new Request("http://localhost/api/deliveries")),
      await getStoredSession(new Request(`http://localhost/api/sessions/${SESSION}/stored`), params(SESSION)),
      await getConversation(new Request(`http://localhost/api/sessions/${SESSION}/conversation`), params(SESSION)),
      await getActivity(new Request(`http://localhost/api/activity?session_id=${SESSION}`)),
    ];
    for (const response of responses) {
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
      expect((await response.json()).error).toMatchObject({ code: "store_unavailable", hint: expect.stringContaining("Retry") });
    }
  });

  it("returns one session as Autoplay's ActionsPayload, field by field", async () => {
    const response = await getSession(new Request(`http://localhost/api/sessions/${SESSION}`), params(SESSION));
    const payload = ActionsPayloadSchema.parse(await response.json());
    expect(payload).toMatchObject({ type: "actions", session_id: SESSION, user_id: "user_2f9a81", count: 2, conversation_id: null });
    expect(payload.forwarded_at).toBeGreaterThan(1_700_000_000);
    expect(payload.forwarded_at).toBeLessThan(Date.now() / 1000 + 1);
    const [first, second] = payload.actions;
    // The anonymous pageview before login carries the user who identified later.
    expect(first).toMatchObject({ index: 0, type: "pageview", user_id: "user_2f9a81", email: "ada@example.com" });
    expect(first!.timestamp_end).toBe(second!.timestamp_start);
    expect(second).toMatchObject({ index: 1, type: "click", title: "Export CSV button" });
    expect(second!.timestamp_end).toBe(second!.timestamp_start);
  });

  it("gives the dashboard a session in the store's form: summary, stored actions with their event ids, first_index", async () => {
    const response = await getStoredSession(new Request(`http://localhost/api/sessions/${SESSION}/stored`), params(SESSION));
    expect(response.status).toBe(200);
    const body = StoredSessionSchema.parse(await response.json());
    expect(body.session).toMatchObject({ session_id: SESSION, email: "ada@example.com", action_count: 2 });
    expect(body.actions.map((a) => a.type)).toEqual(["pageview", "click"]);
    expect(body.actions.every((a) => a.event_id.length > 0)).toBe(true);
    expect(body.first_index).toBe(0);

    const missing = await getStoredSession(new Request("http://localhost/api/sessions/nope/stored"), params("nope"));
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("session_not_found");
  });

  it("404s with a JSON hint for an unknown session", async () => {
    const response = await getSession(new Request("http://localhost/api/sessions/nope"), params("nope"));
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("session_not_found");
  });

  it("answers 401 to a signed-out visitor on every sessions route", async () => {
    auth.mockResolvedValue(null);
    const responses = [
      await listSessions(new Request("http://localhost/api/sessions")),
      await getSession(new Request(`http://localhost/api/sessions/${SESSION}`), params(SESSION)),
      await stream(new Request("http://localhost/api/sessions/stream")),
      await getStoredSession(new Request(`http://localhost/api/sessions/${SESSION}/stored`), params(SESSION)),
    ];
    for (const response of responses) {
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe("unauthenticated");
    }
  });

  it("streams changes as they arrive, and resumes after Last-Event-ID", async () => {
    const ids = (await getStore().readFeed(null, 10)).map((entry) => entry.id);
    expect(ids).toHaveLength(3);
    const controller = new AbortController();
    const response = await stream(new Request(`http://localhost/api/sessions/stream?after=${ids[0]}`, { signal: controller.signal }));
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes(`id: ${ids[2]}\nevent: sessions`)) text += decoder.decode((await reader.read()).value);
    // The opening heartbeat carries the position resumed from; nothing at or before it is sent again, and the
    // replay goes out as one block named by its last entry's id.
    expect(text.split("\n\n")[0]).toMatch(new RegExp(`^id: ${ids[0]}\nretry: 1000\nevent: heartbeat\n`));
    expect(text).not.toContain("event: reset");
    expect(text).not.toContain(`id: ${ids[1]}\n`);
    const block = JSON.parse(text.split(`id: ${ids[2]}\nevent: sessions\ndata: `)[1]!.split("\n")[0]!);
    expect(block.entries.map((entry: { id: string }) => entry.id)).toEqual([ids[1], ids[2]]);
    expect(block.entries[1].actions[0]).toMatchObject({ type: "click", title: "Export CSV button" });
    controller.abort();
  });

  it("sends `event: reset` with the position to go on from when Last-Event-ID cannot be resumed, then goes on live", async () => {
    const latest = await getStore().latestFeedId();
    const controller = new AbortController();
    const response = await stream(new Request("http://localhost/api/sessions/stream", { signal: controller.signal, headers: { "last-event-id": "5" } }));
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (text.split("\n\n").length < 3) text += decoder.decode((await reader.read()).value);
    const [opening, reset] = text.split("\n\n");
    expect(opening).toMatch(new RegExp(`^id: ${latest}\nretry: 1000\nevent: heartbeat\n`));
    expect(reset).toMatch(new RegExp(`^id: ${latest}\nevent: reset\ndata: `));
    expect(JSON.parse(reset!.split("data: ")[1]!)).toEqual({ type: "reset", reason: "other_generation", message: expect.any(String) });
    const click = fixture("posthog/webhook-default-click.json");
    click.event.uuid = "019ab3c2-7d41-7f3a-9c1e-0000000000aa";
    await POST(webhookRequest(click));
    while (!text.includes("event: sessions")) text += decoder.decode((await reader.read()).value);
    expect(text.match(/event: sessions/g)).toHaveLength(1);
    controller.abort();
  });
});
