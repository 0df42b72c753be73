import { expect, test } from "@playwright/test";
import { posthogSessionId, STREAM_TOKEN, USER } from "./support";

type Action = { type: string; title: string; canonical_url: string; raw_url: string };

const pathOf = (url: string) => new URL(url).pathname;

// The dashboard and the Connect page are the operator's tools: watching a session must not add to it, even
// though posthog-js shares one session across the browser's tabs.
test("a session holds one pageview per product navigation and nothing from the operator's pages", async ({
  context,
  playwright,
  baseURL,
}) => {
  const app = await context.newPage();

  // Product navigation 1: the sign-in page (a signed-out visit to /projects lands there).
  await app.goto("/projects");
  await expect(app).toHaveURL(/\/login\?/);
  await app.getByLabel("Email").fill(USER.email);
  await app.getByLabel("Password").fill(USER.password);
  await app.getByRole("button", { name: "Sign in" }).click();
  // Product navigation 2: back to /projects, signed in.
  await expect(app).toHaveURL(/\/projects$/);
  const sessionId = await posthogSessionId(app);

  // The operator watches this very session in a second tab, and clicks around there.
  const dashboard = await context.newPage();
  await dashboard.goto(`/dashboard?session=${encodeURIComponent(sessionId)}`);
  await expect(dashboard.getByTestId("connection-status")).toContainText(/live/i);
  await expect(dashboard.getByTestId("action-row").filter({ hasText: "Page Load: Projects" })).toHaveCount(1);
  const nav = (page: typeof app) => page.getByRole("navigation", { name: "Main" });
  await nav(dashboard).getByRole("link", { name: "Connect PostHog" }).click();
  await expect(dashboard).toHaveURL(/\/dashboard\/connect$/);
  await nav(dashboard).getByRole("link", { name: "Dashboard" }).click();
  await expect(dashboard).toHaveURL(/\/dashboard$/);

  // In the product's tab, a client-side detour through the dashboard, where posthog-js is already running.
  await nav(app).getByRole("link", { name: "Dashboard" }).click();
  await expect(app).toHaveURL(/\/dashboard$/);
  await expect(app.getByTestId("connection-status")).toContainText(/live/i);
  // Product navigation 3: /projects again; 4: a project.
  await nav(app).getByRole("link", { name: "Projects" }).click();
  await expect(app).toHaveURL(/\/projects$/);
  await app.locator('a[href^="/projects/"]:not([href="/projects/new"])').first().click();
  await expect(app).toHaveURL(/\/projects\/\d+$/);

  // Closing a tab flushes what posthog-js still holds; the Export CSV click then marks the end of the session.
  await dashboard.close({ runBeforeUnload: true });
  const download = app.waitForEvent("download");
  await app.getByRole("button", { name: "Export CSV" }).click();
  await download;

  // Read the session as an agent does.
  const agent = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${STREAM_TOKEN}` } });
  let actions: Action[] = [];
  await expect
    .poll(
      async () => {
        const response = await agent.get(`/api/sessions/${encodeURIComponent(sessionId)}`);
        actions = response.ok() ? (await response.json()).actions : [];
        return actions.some((action) => action.title === "Export CSV button");
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  await agent.dispose();

  const listing = actions.map((action) => `${action.type} ${pathOf(action.raw_url)} ${action.title}`).join("\n");
  expect(
    actions.filter((action) => action.type === "pageview").map((action) => pathOf(action.canonical_url)),
    listing,
  ).toEqual(["/login", "/projects", "/projects", "/projects/:id"]);
  expect(actions.filter((action) => pathOf(action.raw_url).startsWith("/dashboard")), listing).toEqual([]);
  // Only what happened on product pages (a click on the product page's "Dashboard" link is one of those).
  expect(actions.filter((action) => /^Page Load: (Dashboard|Connect)/i.test(action.title)), listing).toEqual([]);
  expect(actions.every((action) => !action.raw_url.includes(USER.password)), listing).toBe(true);
});

/** The distinct id posthog-js has persisted for this browser (what its next event would carry). */
async function persistedDistinctId(page: import("@playwright/test").Page): Promise<string | null> {
  return page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      if (key.startsWith("ph_") && key.endsWith("_posthog")) return JSON.parse(localStorage.getItem(key) ?? "{}").distinct_id ?? null;
    }
    return null;
  });
}

test("signing out on the dashboard, where posthog-js isn't running, still makes it forget the user", async ({ page }) => {
  await page.goto("/projects");
  await page.getByLabel("Email").fill(USER.email);
  await page.getByLabel("Password").fill(USER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/projects$/);
  // Identified: the distinct id is the user's id, not the anonymous device id.
  let userId: string | null = null;
  await expect
    .poll(async () => {
      userId = await persistedDistinctId(page);
      return userId?.startsWith("user_") ?? false;
    })
    .toBe(true);

  await page.goto("/dashboard");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect.poll(() => persistedDistinctId(page)).not.toBeNull();
  expect(await persistedDistinctId(page)).not.toBe(userId);
});
