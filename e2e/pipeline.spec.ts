import { expect, test } from "@playwright/test";
import { fixture, posthogSessionId, signIn, USER, WEBHOOK_SECRET } from "./support";

test("a signed-in user's pageviews and clicks arrive live on the dashboard, identified and in order", async ({ context }) => {
  const app = await context.newPage();
  await signIn(app);
  const sessionId = await posthogSessionId(app);

  // The dashboard, open in a second tab, follows this browser's own session.
  const dashboard = await context.newPage();
  await dashboard.goto(`/dashboard?session=${encodeURIComponent(sessionId)}`);
  await expect(dashboard.getByTestId("connection-status")).toContainText(/live/i);

  // Click around the product in the first tab: client-side navigations and a button click.
  await app.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" }).click();
  await expect(app).toHaveURL(/\/projects$/);
  await app.locator('a[href^="/projects/"]:not([href="/projects/new"])').first().click();
  await expect(app).toHaveURL(/\/projects\/\d+$/);
  const download = app.waitForEvent("download");
  await app.getByRole("button", { name: "Export CSV" }).click();
  await download;

  // Without a reload, the dashboard shows them as they arrive.
  const actions = dashboard.getByTestId("action-row");
  await expect(actions.filter({ hasText: "Export CSV button" })).toHaveCount(1);
  await expect(dashboard.getByTestId("session-email")).toHaveText(USER.email);
  await expect(dashboard.getByTestId("session-user")).not.toHaveText(/anonymous/i);

  const rows = await actions.evaluateAll((elements) =>
    elements.map((element) => `${element.getAttribute("data-action-type")} ${element.textContent}`),
  );
  const position = (pattern: RegExp) => rows.findIndex((row) => pattern.test(row));
  const projects = position(/^pageview .*Page Load: Projects/);
  const project = position(/^pageview .*Page Load: Project(?!s)/);
  const exported = position(/^click .*Export CSV button/);
  expect(projects, rows.join("\n")).toBeGreaterThanOrEqual(0);
  expect(project, rows.join("\n")).toBeGreaterThan(projects);
  expect(exported, rows.join("\n")).toBeGreaterThan(project);

  // The same session, as agents receive it: Autoplay's ActionsPayload with the user's identity throughout.
  const payload = await (await dashboard.request.get(`/api/sessions/${sessionId}`)).json();
  expect(payload).toMatchObject({ type: "actions", session_id: sessionId, email: USER.email, product_id: "acme-e2e" });
  expect(payload.count).toBe(payload.actions.length);
  expect(payload.actions.every((action: { email: string }) => action.email === USER.email)).toBe(true);
});

test("a delivery with a wrong secret gets a 401 that explains, and adds nothing", async ({ page }) => {
  await signIn(page);
  const delivery = fixture("posthog/webhook-default-click.json");
  const sessionId = delivery.event.properties.$session_id;

  const refused = await page.request.post("/api/webhooks/posthog", {
    headers: { "X-PostHog-Secret": "not-the-secret" },
    data: delivery,
  });
  expect(refused.status()).toBe(401);
  const body = await refused.json();
  expect(body.error.message).toContain("X-PostHog-Secret");
  expect(JSON.stringify(body)).not.toContain(WEBHOOK_SECRET);

  // PostHog doesn't follow redirects: the URL with a trailing slash must reach the same handler, not a 308.
  const slashed = await page.request.post("/api/webhooks/posthog/", {
    headers: { "X-PostHog-Secret": "not-the-secret" },
    data: delivery,
    maxRedirects: 0,
  });
  expect(slashed.status()).toBe(401);

  const sessions = await (await page.request.get("/api/sessions")).json();
  expect(sessions.sessions.map((s: { session_id: string }) => s.session_id)).not.toContain(sessionId);
  expect((await page.request.get(`/api/sessions/${sessionId}`)).status()).toBe(404);
});

test("a signed-out visitor is sent to the login page and refused by the APIs", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();

  for (const url of ["/api/sessions", "/api/sessions/stream", "/api/sessions/any-session", "/api/deliveries"]) {
    const response = await page.request.get(url);
    expect(response.status(), url).toBe(401);
    expect((await response.json()).error.code, url).toBe("unauthenticated");
  }
});
