import { expect, test } from "@playwright/test";
import { E2E_BASE_URL } from "../playwright.config";

/**
 * What a browser tab, a home-screen shortcut, a link preview and a crawler read of a deploy: served from
 * public/ to anyone, signed in or not, and announced in every page's <head>.
 */

const ASSETS = [
  { path: "/favicon.ico", type: /image\/(x-icon|vnd\.microsoft\.icon)/ },
  { path: "/icon.svg", type: /image\/svg\+xml/ },
  { path: "/apple-icon.png", type: /image\/png/ },
  { path: "/og-image.png", type: /image\/png/ },
  { path: "/robots.txt", type: /text\/plain/ },
];

test("the icons, the link card and robots.txt are served to signed-out visitors", async ({ request }) => {
  for (const asset of ASSETS) {
    const response = await request.get(asset.path, { maxRedirects: 0 });
    expect(response.status(), asset.path).toBe(200);
    expect(response.headers()["content-type"], asset.path).toMatch(asset.type);
    expect((await response.body()).length, asset.path).toBeGreaterThan(100);
  }
});

test("robots.txt keeps the signed-in pages and the APIs out of search engines", async ({ request }) => {
  const robots = await (await request.get("/robots.txt")).text();
  const disallowed = [...robots.matchAll(/^Disallow:\s*(\S+)/gm)].map((m) => m[1]);
  for (const path of ["/dashboard", "/projects", "/api/"]) expect(disallowed).toContain(path);
  expect(robots).toMatch(/^Allow:\s*\/login$/m);
});

test("the sign-in page names its icons and an absolute link card on this origin", async ({ page }) => {
  await page.goto("/login");
  const head = page.locator("head");
  await expect(head.locator('link[rel="icon"][href^="/favicon.ico"]')).toHaveCount(1);
  await expect(head.locator('link[rel="icon"][href^="/icon.svg"]')).toHaveCount(1);
  await expect(head.locator('link[rel="apple-touch-icon"][href^="/apple-icon.png"]')).toHaveCount(1);
  await expect(head.locator('meta[property="og:image"]')).toHaveAttribute("content", `${E2E_BASE_URL}/og-image.png`);
  await expect(head.locator('meta[name="twitter:card"]')).toHaveAttribute("content", "summary_large_image");
});
