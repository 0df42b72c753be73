import { expect, test } from "@playwright/test";
import { posthogSessionId, signIn, STREAM_TOKEN } from "./support";

test("a click made just before the person leaves the page still reaches the agent", async ({ page }) => {
  // The page's clock is Playwright's, so that it can be stopped: posthog-js's queue then never sends by its
  // timer, and the click can reach the app only by posthog-js's unload path (the queue sent with sendBeacon
  // on `pagehide`). A page that lost its queue on unload would lose the click.
  await page.clock.install();
  await signIn(page, "/projects/42");
  const sessionId = await posthogSessionId(page);
  await expect(page.getByRole("button", { name: "Export CSV" })).toBeVisible();
  // Everything queued so far goes out; then time stands still in the page.
  await page.clock.pauseAt(Date.now() + 2_000);

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  await download;
  await page.goto("about:blank");

  const actions = async () => {
    const response = await page.request.get(`/api/sessions/${sessionId}`, { headers: { authorization: `Bearer ${STREAM_TOKEN}` } });
    if (!response.ok()) return [];
    return ((await response.json()).actions as { type: string; title: string }[]).map((action) => `${action.type} ${action.title}`);
  };
  await expect.poll(actions).toContain("click Export CSV button");
});
