import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { posthogSessionId, signIn } from "./support";

/**
 * Walks every page a user sees and screenshots each one. The PNGs land in test-results/screenshots, or in
 * docs/screenshots (the README's) when UPDATE_SCREENSHOTS=1.
 */
const outDir = process.env.UPDATE_SCREENSHOTS
  ? path.resolve(__dirname, "../docs/screenshots")
  : path.resolve(__dirname, "../test-results/screenshots");

async function shoot(page: Page, name: string) {
  mkdirSync(outDir, { recursive: true });
  await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: false });
}

test.use({ viewport: { width: 1360, height: 860 } });

test("tour: login, projects, a project, the new-project form, the live dashboard, Connect PostHog", async ({ context }) => {
  const page = await context.newPage();
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await shoot(page, "login");

  await signIn(page, "/projects");
  await expect(page.getByRole("heading", { level: 1, name: "Projects" })).toBeVisible();
  await shoot(page, "projects");

  await page.locator('a[href^="/projects/"]:not([href="/projects/new"])').first().click();
  await expect(page.getByRole("button", { name: "Export CSV" })).toBeVisible();
  await shoot(page, "project");

  await page.goto("/projects/new");
  await page.getByLabel(/name/i).first().fill("Onboarding revamp");
  await shoot(page, "new-project");
  await page.getByRole("button", { name: /create/i }).click();
  await expect(page).toHaveURL(/\/projects\/\d+$/);
  await page.getByRole("button", { name: "Export CSV" }).click();

  const sessionId = await posthogSessionId(page);
  const dashboard = await context.newPage();
  await dashboard.setViewportSize({ width: 1360, height: 860 });
  await dashboard.goto(`/dashboard?session=${encodeURIComponent(sessionId)}`);
  await expect(dashboard.getByTestId("action-row").filter({ hasText: "Export CSV button" })).not.toHaveCount(0);
  await expect(dashboard.getByTestId("connection-status")).toContainText(/live/i);
  await shoot(dashboard, "dashboard");

  await dashboard.goto("/dashboard/connect");
  await dashboard.getByRole("button", { name: "Send a test delivery" }).click();
  await expect(dashboard.getByTestId("delivery-row").first()).toBeVisible();
  await shoot(dashboard, "connect");
});
