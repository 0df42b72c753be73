import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ActionsPayloadSchema } from "@/lib/autoplay/actions-payload";
import { DEV_DEFAULTS } from "@/lib/config/env";
import { fixture, webhookRequest } from "@/test/fixtures";
import { PUT as link } from "../sessions/[sessionId]/conversation/route";
import { POST } from "../webhooks/posthog/route";
import { GET } from "./route";

const auth = vi.hoisted(() => vi.fn());
vi.mock("@/auth", () => ({ auth }));

const agent = { authorization: `Bearer ${DEV_DEFAULTS.AUTOPLAY_STREAM_TOKEN}` };
const FIRST = "019ab3c2-6f12-7c01-b3d5-77a1e9c0f2aa";
const SECOND = "019ab3c2-6f12-7c01-b3d5-0000000000b2";
const activity = (query: string, headers: Record<string, string> = agent) =>
  GET(new Request(`http://localhost/api/activity?${query}`, { headers }));

/** Ada's first session (pageview, identify, click), then a later second session with one click. */
async function adaWithTwoSessions() {
  for (const name of ["webhook-default-pageview", "webhook-default-identify", "webhook-default-click"]) {
    await POST(webhookRequest(fixture(`posthog/${name}.json`)));
  }
  const later = fixture("posthog/webhook-default-click.json");
  later.event.uuid = "019ab3c2-7d41-7f3a-9c1e-0000000000b2";
  later.event.properties.$session_id = SECOND;
  later.event.timestamp = "2026-11-20T14:04:30.000Z";
  await POST(webhookRequest(later));
}

beforeEach(() => {
  delete (globalThis as { __activityStore?: unknown }).__activityStore;
  auth.mockResolvedValue(null);
  // The fixtures were captured on 2026-11-20; "now" is a minute after the last of them.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-20T14:05:30Z"));
});
afterEach(() => vi.useRealTimers());

const EXPECTED_TEXT = [
  `Session ${SECOND} (acme-web):`,
  "Recent activity:",
  "1. [0] click: User clicked Export CSV button — https://app.example.com/projects/:id/reports",
  "",
  `Session ${FIRST} (acme-web):`,
  "Recent activity:",
  "1. [0] pageview: User landed on the Project settings page — https://app.example.com/projects/:id",
  "2. [1] click: User clicked Export CSV button — https://app.example.com/projects/:id/reports",
].join("\n");

describe("GET /api/activity (per-user context)", () => {
  it("joins the user's recent sessions, newest first, in the SDK's get_user_activity text", async () => {
    await adaWithTwoSessions();
    const response = await activity("user_id=user_2f9a81");
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ user_id: "user_2f9a81", email: "ada@example.com" });
    expect(body.sessions.map((s: unknown) => ActionsPayloadSchema.parse(s).session_id)).toEqual([SECOND, FIRST]);
    expect(body.text).toBe(EXPECTED_TEXT);
  });

  it("finds the user by email in any case, or by one session, and answers text/plain with only the text", async () => {
    await adaWithTwoSessions();
    const byEmail = await activity("email=ADA@example.com", { ...agent, accept: "text/plain" });
    expect(byEmail.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await byEmail.text()).toBe(EXPECTED_TEXT);

    const bySession = await (await activity(`session_id=${FIRST}`)).json();
    expect(bySession.sessions.map((s: { session_id: string }) => s.session_id)).toEqual([FIRST]);
    expect(bySession.text).toBe(EXPECTED_TEXT.split("\n\n")[1]);
  });

  it("keeps only sessions seen within lookback_seconds, and at most max_sessions", async () => {
    await adaWithTwoSessions();
    // The first session's last action was at 14:02:19, 191 s before "now"; the second at 14:04:30.
    const recent = await (await activity("user_id=user_2f9a81&lookback_seconds=120")).json();
    expect(recent.sessions.map((s: { session_id: string }) => s.session_id)).toEqual([SECOND]);
    const one = await (await activity("user_id=user_2f9a81&max_sessions=1")).json();
    expect(one.sessions).toHaveLength(1);
    const none = await (await activity("user_id=user_2f9a81&lookback_seconds=10")).json();
    expect(none).toMatchObject({ user_id: "user_2f9a81", email: "ada@example.com", sessions: [], text: "" });
  });

  it("carries a linked conversation on the sessions it returns", async () => {
    await adaWithTwoSessions();
    await link(
      new Request("http://x", { method: "PUT", headers: agent, body: JSON.stringify({ conversation_id: "conv_7" }) }),
      { params: Promise.resolve({ sessionId: FIRST }) },
    );
    const body = await (await activity("user_id=user_2f9a81")).json();
    expect(body.sessions.map((s: { conversation_id: string | null }) => s.conversation_id)).toEqual([null, "conv_7"]);
    expect(body.sessions[1].actions.every((a: { conversation_id: string }) => a.conversation_id === "conv_7")).toBe(true);
  });

  it("404s for a user or session never seen, and 400s unless exactly one of user_id, email, session_id is given", async () => {
    await adaWithTwoSessions();
    for (const [query, code] of [
      ["user_id=nobody", "user_not_found"],
      ["email=nobody@example.com", "user_not_found"],
      ["session_id=nope", "session_not_found"],
    ]) {
      const response = await activity(query!);
      expect(response.status).toBe(404);
      expect((await response.json()).error.code).toBe(code);
    }
    for (const query of ["", "user_id=a&email=b@example.com", "user_id=a&lookback_seconds=-1", "user_id=a&colour=blue"]) {
      const response = await activity(query);
      expect(response.status).toBe(400);
      expect((await response.json()).error.hint).toContain("exactly one of user_id, email or session_id");
    }
  });

  it("needs the agent token or a signed-in user", async () => {
    expect((await activity("user_id=user_2f9a81", {})).status).toBe(401);
  });
});
