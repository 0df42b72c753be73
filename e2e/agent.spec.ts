import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { expect, test } from "@playwright/test";
import { E2E_BASE_URL, E2E_ENV } from "../playwright.config";
import { readLikeAutoplaySdk } from "../test/support/sdk-stream-client";
import { posthogSessionId, signIn, STREAM_TOKEN, USER } from "./support";

const bearer = { authorization: `Bearer ${STREAM_TOKEN}` };

async function mcpClient() {
  const client = new Client({ name: "e2e-agent", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", E2E_BASE_URL), { requestInit: { headers: bearer } }));
  return client;
}
const text = (result: { content?: unknown }) => (result.content as { text: string }[])[0]!.text;

test("an agent sees a signed-in user's clicks over MCP, links its chat, and the SDK stream carries the conversation", async ({ page }) => {
  await signIn(page, "/projects");
  const sessionId = await posthogSessionId(page);
  await page.locator('a[href^="/projects/"]:not([href="/projects/new"])').first().click();
  await expect(page).toHaveURL(/\/projects\/\d+$/);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  await download;

  // The official MCP client, against the production server, asks for this user's live activity.
  const client = await mcpClient();
  let activity = "";
  await expect
    .poll(async () => {
      activity = text(await client.callTool({ name: "get_live_user_activity", arguments: { email: USER.email } }));
      return activity;
    })
    .toContain("click: User clicked Export CSV button");
  expect(activity).toContain(`Session ${sessionId} (${E2E_ENV.AUTOPLAY_PRODUCT_ID}):\nRecent activity:\n1. [0] pageview:`);

  // The same text over REST, for agents that don't speak MCP.
  const rest = await page.request.get(`/api/activity?email=${encodeURIComponent(USER.email)}`, { headers: { ...bearer, accept: "text/plain" } });
  expect(await rest.text()).toBe(activity);

  const linked = await client.callTool({ name: "link_conversation", arguments: { session_id: sessionId, conversation_id: "chat-e2e-1" } });
  expect(linked.structuredContent).toMatchObject({ conversation_id: "chat-e2e-1", changed: true });
  const again = await page.request.put(`/api/sessions/${sessionId}/conversation`, { headers: bearer, data: { conversation_id: "chat-e2e-2" } });
  expect(again.status()).toBe(409);
  expect((await again.json()).error.details).toEqual({ conversation_id: "chat-e2e-1" });

  // Autoplay's SDK, pointed at /stream/<product_id>, gets the user's next click with the conversation on it.
  const stream = await fetch(new URL(`/stream/${E2E_ENV.AUTOPLAY_PRODUCT_ID}?session_id=${sessionId}`, E2E_BASE_URL), {
    headers: { ...bearer, accept: "text/event-stream" },
  });
  const reading = readLikeAutoplaySdk(stream, (read) => read.payloads.length >= 1 || read.parseErrors.length > 0);
  await page.getByRole("button", { name: "Export CSV" }).click();
  const read = await reading;
  expect(read.parseErrors).toEqual([]);
  expect(read.payloads[0]).toMatchObject({
    type: "actions",
    session_id: sessionId,
    conversation_id: "chat-e2e-1",
    actions: [{ type: "click", conversation_id: "chat-e2e-1" }],
  });
  await client.close();
});

test("the MCP endpoint refuses a client without the token", async () => {
  const client = new Client({ name: "e2e-anonymous", version: "1.0.0" });
  await expect(client.connect(new StreamableHTTPClientTransport(new URL("/mcp", E2E_BASE_URL)))).rejects.toThrow();
});
