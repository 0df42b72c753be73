import { beforeEach, describe, expect, it, vi } from "vitest";
import { ActionsPayloadSchema } from "@/lib/autoplay/actions-payload";
import { DEV_DEFAULTS } from "@/lib/config/env";
import { fixture, webhookRequest } from "@/test/fixtures";
import { readLikeAutoplaySdk } from "@/test/support/sdk-stream-client";
import { GET as stream } from "../../../stream/route";
import { POST } from "../../../webhooks/posthog/route";
import { GET as getSession } from "../route";
import { GET as getLink, POST as postLink, PUT } from "./route";

const auth = vi.hoisted(() => vi.fn());
vi.mock("@/auth", () => ({ auth }));

const SESSION = "019ab3c2-6f12-7c01-b3d5-77a1e9c0f2aa";
const agent = { authorization: `Bearer ${DEV_DEFAULTS.AUTOPLAY_STREAM_TOKEN}` };
const params = (sessionId: string) => ({ params: Promise.resolve({ sessionId }) });
const link = (sessionId: string, body: unknown, headers: Record<string, string> = agent) =>
  PUT(
    new Request(`http://localhost/api/sessions/${sessionId}/conversation`, {
      method: "PUT",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    params(sessionId),
  );

beforeEach(() => {
  delete (globalThis as { __activityStore?: unknown }).__activityStore;
  auth.mockResolvedValue(null);
});

describe("PUT /api/sessions/{session_id}/conversation", () => {
  it("links once: the same pair again is a no-op, another conversation is a 409 naming the linked one", async () => {
    await POST(webhookRequest(fixture("posthog/webhook-default-pageview.json")));
    const first = await link(SESSION, { conversation_id: "conv_42" });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ session_id: SESSION, conversation_id: "conv_42", changed: true });

    const again = await link(SESSION, { conversation_id: "conv_42" });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ session_id: SESSION, conversation_id: "conv_42", changed: false });

    const other = await link(SESSION, { conversation_id: "conv_99" });
    expect(other.status).toBe(409);
    const body = await other.json();
    expect(body.error).toMatchObject({ code: "conversation_conflict", details: { conversation_id: "conv_42" } });
    expect(body.error.message).toContain('"conv_42"');
  });

  it("puts the conversation on the session's payload and every action, earlier ones included, and on later frames", async () => {
    await POST(webhookRequest(fixture("posthog/webhook-default-pageview.json")));
    const before = ActionsPayloadSchema.parse(await (await getSession(new Request("http://x", { headers: agent }), params(SESSION))).json());
    expect(before.conversation_id).toBeNull();

    await link(SESSION, { conversation_id: "conv_42" });
    const live = readLikeAutoplaySdk(await stream(new Request("http://localhost/api/stream", { headers: agent })), (r) => r.payloads.length >= 1);
    await POST(webhookRequest(fixture("posthog/webhook-default-click.json")));

    const after = ActionsPayloadSchema.parse(await (await getSession(new Request("http://x", { headers: agent }), params(SESSION))).json());
    expect(after.conversation_id).toBe("conv_42");
    expect(after.actions.map((a) => [a.type, a.conversation_id])).toEqual([
      ["pageview", "conv_42"],
      ["click", "conv_42"],
    ]);
    const [frame] = (await live).payloads.map((p) => ActionsPayloadSchema.parse(p));
    expect(frame).toMatchObject({ conversation_id: "conv_42", actions: [{ type: "click", conversation_id: "conv_42" }] });
  });

  it("404s in JSON for a session never received", async () => {
    const response = await link("no-such-session", { conversation_id: "conv_42" });
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("session_not_found");
  });

  it("400s on a body that is not {conversation_id: string}, saying what to send", async () => {
    await POST(webhookRequest(fixture("posthog/webhook-default-pageview.json")));
    for (const body of ["not json", { conversation_id: "" }, { conversation: "x" }, { conversation_id: 42 }]) {
      const response = await link(SESSION, body);
      expect(response.status).toBe(400);
      expect((await response.json()).error.hint).toContain("conversation_id");
    }
  });

  it("takes the agent token or a signed-in user, and 401s anyone else", async () => {
    await POST(webhookRequest(fixture("posthog/webhook-default-pageview.json")));
    expect((await link(SESSION, { conversation_id: "c" }, {})).status).toBe(401);
    auth.mockResolvedValue({ user: { id: "u", email: "demo@example.com" } });
    expect((await link(SESSION, { conversation_id: "c" }, {})).status).toBe(200);
  });

  it("reads the link back with GET: null until linked", async () => {
    await POST(webhookRequest(fixture("posthog/webhook-default-pageview.json")));
    const read = async () => (await getLink(new Request("http://x", { headers: agent }), params(SESSION))).json();
    expect(await read()).toEqual({ session_id: SESSION, conversation_id: null });
    await link(SESSION, { conversation_id: "conv_42" });
    expect(await read()).toEqual({ session_id: SESSION, conversation_id: "conv_42" });
  });

  it("answers other methods with a JSON 405", async () => {
    const response = postLink();
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, PUT, HEAD");
  });
});
