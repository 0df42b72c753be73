import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests run a real Chromium against a production build (`next build && next start`).
 * Playwright can't download its own browsers everywhere (CI here has no route to them), so a system
 * Chromium is used when there is one and Playwright's bundled browser otherwise: the same config works on
 * a laptop and in CI.
 */
const SYSTEM_CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((path) =>
  existsSync(path),
);
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;

// Values for the production server under test: explicit, so the app's production checks pass, and not the
// development defaults, which production refuses.
export const E2E_ENV = {
  AUTH_SECRET: "e2e-auth-secret-0123456789abcdef0123456789abcdef",
  DEMO_USER_EMAIL: "e2e.user@example.com",
  DEMO_USER_PASSWORD: "e2e-password-0123",
  POSTHOG_WEBHOOK_SECRET: "e2e-webhook-secret-0123456789",
  AUTOPLAY_PRODUCT_ID: "acme-e2e",
  POSTHOG_KEY: "",
  // Agents' bearer token for the sessions API and /api/stream: set, and not the development default.
  AUTOPLAY_STREAM_TOKEN: "e2e-agent-stream-token-0123456789abcdef",
};

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    // posthog-js drops events from browsers that look automated ("HeadlessChrome" user agent, or
    // navigator.webdriver): present an ordinary Chrome and switch the webdriver flag off (CONTRACT §1).
    userAgent:
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        userAgent:
          "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
        launchOptions: {
          executablePath: SYSTEM_CHROMIUM,
          args: [
            "--disable-blink-features=AutomationControlled",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            ...(isRoot ? ["--no-sandbox"] : []),
          ],
        },
      },
    },
  ],
  webServer: {
    command: `npx next build && npx next start -p ${E2E_PORT} -H 127.0.0.1`,
    url: `${E2E_BASE_URL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
    stderr: "pipe",
    env: E2E_ENV,
  },
});
