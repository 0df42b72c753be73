import AxeBuilder from "@axe-core/playwright";
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { E2E_BASE_URL } from "../playwright.config";
import { clickDelivery, post } from "./harness/deliveries";
import { signIn } from "./support";

/**
 * Every page a person can reach passes axe-core's WCAG 2.1 A and AA rules, in the states people see it in: the
 * sign-in form with its error, the product pages, the dashboard with a session open and the Connect page with
 * its delivery log.
 */
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function expectAccessible(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  const found = violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(found, `${what}: axe WCAG 2.1 AA violations`).toEqual([]);
}

test("signed out: the sign-in page, its error state and the not-found page", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expectAccessible(page, "/login");

  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /wrong email or password/i })).toBeVisible();
  await expectAccessible(page, "/login after a wrong password");

  await page.goto("/no-such-page");
  await expectAccessible(page, "the not-found page");
});

test("signed in: projects, a project, the new-project form, the dashboard and Connect PostHog", async ({ page }) => {
  const sessionId = `a11y-${randomUUID()}`;
  expect((await post(E2E_BASE_URL, JSON.stringify(clickDelivery(sessionId, new Date())))).status).toBe(200);

  await signIn(page, "/projects");
  await expect(page.getByRole("heading", { level: 1, name: "Projects" })).toBeVisible();
  await expectAccessible(page, "/projects");

  await page.goto("/projects/42");
  await expect(page.getByRole("button", { name: "Export CSV" })).toBeVisible();
  await expectAccessible(page, "/projects/42");

  await page.goto("/projects/new");
  await expectAccessible(page, "/projects/new");

  await page.goto(`/dashboard?session=${encodeURIComponent(sessionId)}`);
  await expect(page.getByTestId("action-row").first()).toBeVisible();
  await expect(page.getByTestId("connection-status")).toContainText(/live/i);
  await expectAccessible(page, "/dashboard with a session open");

  await page.goto("/dashboard/connect");
  await page.getByRole("button", { name: "Send a test delivery" }).click();
  await expect(page.getByTestId("delivery-row").first()).toBeVisible();
  await expectAccessible(page, "/dashboard/connect");
});
