import { expect, test } from "@playwright/test";
import { startAppServer, type AppServer } from "./harness/app-server";
import { post, sessionsBatch } from "./harness/deliveries";
import { USER } from "./support";

/**
 * Thousands of sessions: the dashboard renders the first page with the store's true total, loads more as
 * the list scrolls, and finds one user's session by email through the sessions API. An app of its own, so
 * the total is exactly what this test stored.
 */
test("with 2,000 sessions stored, the dashboard pages, searches one by email and opens it", async ({ page }) => {
  test.setTimeout(120_000);
  let app: AppServer | null = null;
  try {
    app = await startAppServer();
    const prefix = `paged-${Date.now()}`;
    const start = Date.now() - 3_600_000;
    for (const from of [0, 1_000]) {
      const answer = await post(app.url, JSON.stringify(sessionsBatch(prefix, from, 1_000, start)));
      expect(answer.status, answer.body).toBe(200);
      expect(JSON.parse(answer.body).accepted).toBe(1_000);
    }

    await page.goto(`${app.url}/login?callbackUrl=%2Fdashboard`);
    await page.getByLabel("Email").fill(USER.email);
    await page.getByLabel("Password").fill(USER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);

    // The store's true total: the 2,000 stored here, plus the session this browser's own posthog-js opened.
    const { total } = await (await page.request.get(`${app.url}/api/sessions?limit=1`)).json();
    expect(total).toBeGreaterThanOrEqual(2_000);
    expect(total).toBeLessThanOrEqual(2_002);
    const shown = (n: number) => `${n} of ${total.toLocaleString("en-US")}`;
    const rows = page.getByTestId("session-row");
    const count = page.getByTestId("session-count");
    await expect(count).toHaveText(shown(50));
    await expect(page.getByTestId("store-total")).toHaveText(total.toLocaleString("en-US"));
    // The list is virtualized: only the rows in view are in the DOM, so the page size shows in the count.
    await expect(rows.filter({ hasText: "person1999@example.com" })).toHaveCount(1);

    // Scrolling to the end of the list loads the next page.
    await expect
      .poll(async () => {
        await rows.last().scrollIntoViewIfNeeded();
        return count.textContent();
      })
      .toBe(shown(100));
    // …and the second page's rows are there to scroll to, down to its last ones.
    await expect
      .poll(async () => {
        await rows.last().scrollIntoViewIfNeeded();
        return rows.filter({ hasText: "person1902@example.com" }).count();
      })
      .toBe(1);

    // A session far down the list, found by its email typed in another case.
    const search = page.getByRole("searchbox", { name: /search sessions/i });
    await search.fill("Person1234@Example.COM");
    await expect(count).toHaveText("1 of 1");
    await expect(rows).toHaveCount(1);
    await rows.first().click();
    await expect(page).toHaveURL(new RegExp(`session=${prefix}-1234$`));
    const detail = page.getByRole("region", { name: "Selected session" });
    await expect(detail.getByRole("heading", { name: "person1234@example.com" })).toBeVisible();
    await expect(detail).toContainText(`${prefix}-1234`);
    await page.screenshot({ path: test.info().outputPath("dashboard-search.png"), fullPage: true });

    // Nothing matches: the list says so.
    await search.fill("nobody@example.com");
    await expect(count).toHaveText("0 of 0");
    await expect(page.getByRole("list", { name: "Sessions" })).toContainText("No session has the id, user id or email");

    // Clearing the search brings the whole list back.
    await search.fill("");
    await expect(count).toHaveText(shown(50));

    // A link to a session that is not on the first page shows it.
    await page.goto(`${app.url}/dashboard?session=${prefix}-7`);
    await expect(page.getByRole("region", { name: "Selected session" }).getByRole("heading", { name: "person7@example.com" })).toBeVisible();
  } finally {
    if (test.info().status !== test.info().expectedStatus) console.log(app?.output().slice(-3_000));
    await app?.stop();
  }
});
