import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { E2E_ENV } from "../playwright.config";

export const USER = { email: E2E_ENV.DEMO_USER_EMAIL, password: E2E_ENV.DEMO_USER_PASSWORD };
export const WEBHOOK_SECRET = E2E_ENV.POSTHOG_WEBHOOK_SECRET;
/** The bearer token agents send as `Authorization: Bearer <token>` to the sessions API and /api/stream. */
export const STREAM_TOKEN = E2E_ENV.AUTOPLAY_STREAM_TOKEN;

/** The sample deliveries in test/fixtures, exactly as PostHog and posthog-js sent them. */
export const fixture = (name: string) =>
  JSON.parse(readFileSync(path.resolve(__dirname, "../test/fixtures", name), "utf8"));

export async function signIn(page: Page, target = "/dashboard") {
  await page.goto(`/login?next=${encodeURIComponent(target)}`);
  await page.getByLabel("Email").fill(USER.email);
  await page.getByLabel("Password").fill(USER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${target.replace(/[?]/g, "\\?")}$`));
}

/**
 * The posthog-js session this page is in, read from posthog-js's own persistence (`$sesid` is
 * [last activity, session id, session start]), exactly what its events carry as `$session_id`.
 */
export async function posthogSessionId(page: Page): Promise<string> {
  let sessionId: string | null = null;
  await expect
    .poll(async () => {
      sessionId = await page.evaluate(() => {
        for (let i = 0; i < localStorage.length; i++) {
          const key = localStorage.key(i)!;
          if (!key.startsWith("ph_") || !key.endsWith("_posthog")) continue;
          const sesid = JSON.parse(localStorage.getItem(key) ?? "{}").$sesid;
          if (Array.isArray(sesid) && typeof sesid[1] === "string") return sesid[1];
        }
        return null;
      });
      return sessionId;
    })
    .not.toBeNull();
  return sessionId!;
}
