import { expect, test } from "@playwright/test";
import { fixture, signIn } from "./support";

test("the Connect PostHog page shows a test delivery as 200 and a wrong-secret delivery as 401 with its reason", async ({ page }) => {
  await signIn(page, "/dashboard/connect");
  await expect(page.getByRole("heading", { name: "Connect PostHog" })).toBeVisible();
  await expect(page.getByTestId("webhook-url")).toHaveText(/^http:\/\/127\.0\.0\.1:\d+\/api\/webhooks\/posthog$/);
  await expect(page.getByTestId("secret-header")).toHaveText("X-PostHog-Secret");
  await expect(page.getByTestId("secret-value")).not.toContainText("e2e-webhook-secret");

  await page.getByRole("button", { name: "Send a test delivery" }).click();
  await expect(page.getByTestId("test-delivery-result")).toContainText("200");
  const testRow = page.getByTestId("delivery-row").filter({ hasText: "test" }).first();
  await expect(testRow).toHaveAttribute("data-status", "200");
  await expect(testRow).toContainText("1 stored");

  // A misconfigured destination, seen in the log without a reload.
  await page.request.post("/api/webhooks/posthog", {
    headers: { "x-posthog-token": "e2e-webhook-secret-0123456789" },
    data: fixture("posthog/webhook-default-click.json"),
  });
  const refused = page.locator('[data-testid="delivery-row"][data-status="401"]').first();
  await expect(refused).toContainText('Expected the secret in the X-PostHog-Secret header, but found only header "x-posthog-token"');
});
