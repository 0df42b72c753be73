import { defineConfig, devices } from "@playwright/test";
import { BROWSER_USER_AGENT, CHROMIUM_LAUNCH_OPTIONS } from "./test/support/chromium";

/**
 * End-to-end tests run a real Chromium against a production build (`next build && next start`), launched as
 * test/support/chromium.ts says (a system Chromium when there is one), which the browser benchmarks share.
 */
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
    userAgent: BROWSER_USER_AGENT,
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        userAgent: BROWSER_USER_AGENT,
        launchOptions: CHROMIUM_LAUNCH_OPTIONS,
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
