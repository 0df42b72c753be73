import { mkdirSync } from "node:fs";
import path from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { expect, test } from "@playwright/test";
import { E2E_ENV } from "../playwright.config";
import { startPushReceiver } from "../test/support/push-receiver";
import { startAppServer } from "./harness/app-server";
import { posthogSessionId, signIn, STREAM_TOKEN, USER } from "./support";

const PUSH_SECRET = "e2e-push-secret-0123456789";
const bearer = { authorization: `Bearer ${STREAM_TOKEN}` };
const text = (result: { content?: unknown }) => (result.content as { text: string }[])[0]!.text;
const shots = path.resolve(__dirname, "../test-results/screenshots");

test.use({ viewport: { width: 1360, height: 900 } });

/**
 * The whole loop, against an instance with push delivery on: a signed-in user clicks around; an agent asks
 * over MCP what they are doing and gets those clicks; it links its chat; the customer's push receiver (checking
 * signatures as Autoplay's SDK does) gets the user's next click carrying the conversation; the dashboard shows
 * the agent's exact text and the link, and the Connect page the target's status.
 */
test("browser clicks → MCP → link the chat → the push receiver gets the next click with the conversation", async ({ browser }) => {
  test.setTimeout(120_000);
  const receiver = await startPushReceiver(PUSH_SECRET);
  const server = await startAppServer({ AUTOPLAY_FORWARD_URLS: receiver.url, AUTOPLAY_FORWARD_SECRET: PUSH_SECRET });
  const context = await browser.newContext({ baseURL: server.url, userAgent: test.info().project.use.userAgent });
  const mcp = new Client({ name: "e2e-loop", version: "1.0.0" });
  try {
    const page = await context.newPage();
    await signIn(page, "/projects");
    const sessionId = await posthogSessionId(page);
    await page.locator('a[href^="/projects/"]:not([href="/projects/new"])').first().click();
    await expect(page).toHaveURL(/\/projects\/\d+$/);
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    await download;

    await mcp.connect(new StreamableHTTPClientTransport(new URL("/mcp", server.url), { requestInit: { headers: bearer } }));
    const ask = async () => text(await mcp.callTool({ name: "get_live_user_activity", arguments: { email: USER.email } }));
    await expect.poll(ask).toContain("click: User clicked Export CSV button");

    // Everything so far was pushed too, signed, before any conversation existed.
    await expect.poll(() => receiver.accepted().some((r) => JSON.stringify(r.body).includes("Export CSV button"))).toBe(true);
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
    expect(receiver.accepted().every((r) => r.body.conversation_id === null && r.body.product_id === E2E_ENV.AUTOPLAY_PRODUCT_ID)).toBe(true);

    const linked = await mcp.callTool({ name: "link_conversation", arguments: { session_id: sessionId, conversation_id: "chat-loop-1" } });
    expect(linked.isError).toBeFalsy();
    const before = receiver.accepted().length;
    await page.getByRole("button", { name: "Export CSV" }).click();
    await expect.poll(() => receiver.accepted().length).toBeGreaterThan(before);
    const next = receiver.accepted().slice(before).find((r) => r.body.session_id === sessionId)!;
    expect(next.body).toMatchObject({
      type: "actions",
      session_id: sessionId,
      email: USER.email,
      conversation_id: "chat-loop-1",
      actions: [{ type: "click", title: "Export CSV button", conversation_id: "chat-loop-1" }],
    });
    // Each batch arrived once: no two accepted pushes share a delivery id.
    const ids = receiver.accepted().map((r) => r.deliveryId);
    expect(new Set(ids).size).toBe(ids.length);

    // The dashboard shows the agent's view: the tool's exact text, and the linked conversation.
    const dashboard = await context.newPage();
    await dashboard.goto(`/dashboard?session=${encodeURIComponent(sessionId)}`);
    const view = dashboard.getByTestId("agent-view");
    // The first load of a fresh instance compiles its routes: allow it more than the usual 10 s.
    await expect(view.getByTestId("agent-conversation")).toContainText("chat-loop-1", { timeout: 30_000 });
    await expect.poll(async () => (await view.getByTestId("agent-text").textContent()) === (await ask())).toBe(true);
    await expect(view.getByRole("button", { name: "Copy agent text" })).toBeEnabled();
    mkdirSync(shots, { recursive: true });
    await dashboard.screenshot({ path: path.join(shots, "dashboard-agent-view.png") });

    // The Connect page lists the target, its last status and its backlog.
    await dashboard.goto("/dashboard/connect");
    const target = dashboard.getByTestId("push-target");
    await expect(target).toContainText(receiver.url);
    await expect(target.getByTestId("push-last-status")).toHaveText("200");
    await expect(target.getByTestId("push-backlog")).toHaveText("0");
    await dashboard.getByTestId("push-targets").scrollIntoViewIfNeeded();
    await dashboard.screenshot({ path: path.join(shots, "connect-push-targets.png") });
  } finally {
    await mcp.close().catch(() => {});
    await context.close();
    await server.stop();
    await receiver.close();
  }
});
