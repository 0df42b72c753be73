import { existsSync } from "node:fs";
import type { LaunchOptions } from "@playwright/test";

/**
 * The Chromium the end-to-end tests and the browser benchmarks launch, in one place so both drive the same
 * browser the same way. Playwright can't download its own browsers everywhere (CI here has no route to them),
 * so a system Chromium is used when there is one and Playwright's bundled browser otherwise.
 */
export const SYSTEM_CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((path) =>
  existsSync(path),
);
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

// posthog-js drops events from browsers that look automated ("HeadlessChrome" user agent, or
// navigator.webdriver): present an ordinary Chrome and switch the webdriver flag off (CONTRACT §1).
export const BROWSER_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

export const CHROMIUM_LAUNCH_OPTIONS: LaunchOptions = {
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
};
