import { beforeEach, describe, expect, it, vi } from "vitest";
import { ActionsPayloadSchema } from "@/lib/autoplay/actions-payload";
import { fixture, webhookRequest } from "@/test/fixtures";
import { POST } from "../webhooks/posthog/route";
import { GET as getSession } from "./[sessionId]/route";
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

describe("sessions API", () => {
  it("lists sessions with their identity and counts", async () => {
    const response = await listSessions(new Request("http://localhost/api/sessions"));
    const body = await response.json();
    expect(body.sessions).toEqual([
      expect.objectContaining({ session_id: SESSION, user_id: "user_2f9a81", email: "ada@example.com", action_count: 2 }),
    ]);
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
    ];
    for (const response of responses) {
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe("unauthenticated");
    }
  });

  it("streams changes as they arrive, and resumes after Last-Event-ID", async () => {
    const controller = new AbortController();
    const response = await stream(new Request("http://localhost/api/sessions/stream?after=1", { signal: controller.signal }));
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes("id: 3")) text += decoder.decode((await reader.read()).value);
    expect(text).not.toContain("id: 1\n");
    expect(text).toContain("id: 2\nevent: session\n");
    const frame = JSON.parse(text.split("id: 3\nevent: session\ndata: ")[1]!.split("\n")[0]!);
    expect(frame.actions[0]).toMatchObject({ type: "click", title: "Export CSV button" });
    controller.abort();
  });
});
