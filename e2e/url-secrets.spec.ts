import { expect, test } from "@playwright/test";
import { posthogSessionId, signIn, STREAM_TOKEN } from "./support";

// A product page opened with credentials in its URL (an emailed link, an OAuth callback): what the agent is
// served names the parameters but holds none of their values.
test("secrets in a page's URL are never stored or served", async ({ page, playwright, baseURL }) => {
  const secrets = { token: "e2e-tok-4f1a9b7c", accessToken: "e2e-at-83c2d6e0" };
  await signIn(page, "/projects");
  const sessionId = await posthogSessionId(page);
  await page.goto(`/projects?Token=${secrets.token}&view=grid#access_token=${secrets.accessToken}&expires_in=60`);
  await expect(page.getByRole("heading", { level: 1, name: "Projects" })).toBeVisible();

  const agent = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${STREAM_TOKEN}` } });
  let served = "";
  await expect
    .poll(
      async () => {
        served = await (await agent.get(`/api/sessions/${encodeURIComponent(sessionId)}`)).text();
        return served.includes("view=grid");
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  const listed = await (await agent.get("/api/sessions")).text();
  await agent.dispose();

  const pageview = JSON.parse(served).actions.find((action: { raw_url: string }) => action.raw_url.includes("view=grid"));
  expect(new URL(pageview.raw_url).search).toBe("?Token=[REDACTED]&view=grid");
  expect(new URL(pageview.raw_url).hash).toBe("#access_token=[REDACTED]&expires_in=60");
  for (const secret of Object.values(secrets)) {
    expect(served).not.toContain(secret);
    expect(listed).not.toContain(secret);
  }
});
