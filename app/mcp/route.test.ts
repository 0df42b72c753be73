import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEV_DEFAULTS } from "@/lib/config/env";
import { fixture, webhookRequest } from "@/test/fixtures";
import { POST as webhook } from "../api/webhooks/posthog/route";
import { GET, POST } from "./route";

const auth = vi.hoisted(() => vi.fn());
vi.mock("@/auth", () => ({ auth }));

const SESSION = "019ab3c2-6f12-7c01-b3d5-77a1e9c0f2aa";

/** The official MCP client, its HTTP requests handed straight to the route handler. */
async function connect(token: string | null = DEV_DEFAULTS.AUTOPLAY_STREAM_TOKEN) {
  const transport = new StreamableHTTPClientTransport(new URL("http://localhost/mcp"), {
    requestInit: token ? { headers: { authorization: `Bearer ${token}` } } : {},
    fetch: async (url, init) => POST(new Request(url, init)),
  });
  const client = new Client({ name: "route-test", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

const text = (result: { content?: unknown }) => (result.content as { type: string; text: string }[])[0]!.text;

beforeEach(async () => {
  delete (globalThis as { __activityStore?: unknown }).__activityStore;
  auth.mockResolvedValue(null);
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-20T14:03:00Z"));
  for (const name of ["webhook-default-pageview", "webhook-default-identify", "webhook-default-click"]) {
    await webhook(webhookRequest(fixture(`posthog/${name}.json`)));
  }
});
afterEach(() => vi.useRealTimers());

describe("/mcp with the official MCP client", () => {
  it("lists the four tools", async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(["get_live_user_activity", "get_session", "link_conversation", "list_active_sessions"]);
    await client.close();
  });

  it("gives a user's live activity as the SDK's text, with the payloads structured", async () => {
    const client = await connect();
    const result = await client.callTool({ name: "get_live_user_activity", arguments: { email: "ada@example.com" } });
    expect(result.isError).toBeFalsy();
    expect(text(result)).toBe(
      [
        `Session ${SESSION} (acme-web):`,
        "Recent activity:",
        "1. [0] pageview: User landed on the Project settings page — https://app.example.com/projects/:id",
        "2. [1] click: User clicked Export CSV button — https://app.example.com/projects/:id/reports",
      ].join("\n"),
    );
    expect(result.structuredContent).toMatchObject({ user_id: "user_2f9a81", email: "ada@example.com", sessions: [{ session_id: SESSION, count: 2 }] });
    await client.close();
  });

  it("lists active sessions, reads one from an index, and links a conversation once", async () => {
    const client = await connect();
    const active = await client.callTool({ name: "list_active_sessions", arguments: { active_within_seconds: 600 } });
    expect(text(active)).toContain(`Session ${SESSION} (acme-web) — user user_2f9a81 <ada@example.com> — 2 actions`);

    const since = await client.callTool({ name: "get_session", arguments: { session_id: SESSION, since_index: 1 } });
    expect(text(since)).toBe(`Session ${SESSION} — 1 actions\n[1] click: User clicked Export CSV button — https://app.example.com/projects/:id/reports`);

    const linked = await client.callTool({ name: "link_conversation", arguments: { session_id: SESSION, conversation_id: "conv_1" } });
    expect(linked.structuredContent).toEqual({ session_id: SESSION, conversation_id: "conv_1", changed: true });
    const conflict = await client.callTool({ name: "link_conversation", arguments: { session_id: SESSION, conversation_id: "conv_2" } });
    expect(conflict.isError).toBe(true);
    expect(text(conflict)).toContain('already linked to conversation "conv_1"');

    const after = await client.callTool({ name: "get_session", arguments: { session_id: SESSION } });
    expect(after.structuredContent).toMatchObject({ conversation_id: "conv_1", actions: [{ conversation_id: "conv_1" }, { conversation_id: "conv_1" }] });
    await client.close();
  });

  it("answers unknown users and sessions with a tool error that says what to pass", async () => {
    const client = await connect();
    const user = await client.callTool({ name: "get_live_user_activity", arguments: { user_id: "nobody" } });
    expect(user.isError).toBe(true);
    expect(text(user)).toContain('No session of a user with user_id "nobody"');
    const session = await client.callTool({ name: "get_session", arguments: { session_id: "nope" } });
    expect(session.isError).toBe(true);
    expect(text(session)).toContain('No session with id "nope"');
    const neither = await client.callTool({ name: "get_live_user_activity", arguments: {} });
    expect(neither.isError).toBe(true);
    expect(text(neither)).toContain("exactly one of user_id, email or session_id");
    await client.close();
  });

  it("refuses a client without the token, and GET with a JSON 405", async () => {
    await expect(connect(null)).rejects.toThrow();
    await expect(connect("wrong-token-0123456789abcdef")).rejects.toThrow();
    expect(GET().status).toBe(405);
  });
});
