import os from "node:os";
import { expect, test } from "@playwright/test";
import { startDevServer, type DevServer } from "./harness/dev-server";

// `npm run dev` as a developer runs it, opened at 127.0.0.1 rather than localhost: Next 16 refuses its dev
// resources (HMR, dev chunks) to origins not in `allowedDevOrigins`, and a page that cannot load them never
// hydrates. One `next dev` serves the whole file; its first compiles are slow on a small machine.
test.describe.configure({ mode: "serial", timeout: 240_000 });

const DEV_USER = { email: "dev.e2e@example.com", password: "dev-e2e-password-0123" };
let server: DevServer;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  server = await startDevServer({ DEMO_USER_EMAIL: DEV_USER.email, DEMO_USER_PASSWORD: DEV_USER.password });
  // Compile the pages the test visits before the browser waits on them.
  for (const page of ["/login", "/projects"]) await fetch(`http://127.0.0.1:${server.port}${page}`, { redirect: "manual" });
});

test.afterAll(async () => {
  await server?.stop();
});

test("next dev opened at 127.0.0.1 hydrates the sign-in form and signs in", async ({ page }) => {
  const origin = `http://127.0.0.1:${server.port}`;
  const requested: string[] = [];
  page.on("request", (request) => requested.push(request.url()));

  await page.goto(`${origin}/projects`);
  await expect(page).toHaveURL(/\/login\?/);
  const signIn = page.getByRole("button", { name: "Sign in" });
  // Hydration is what was missing: React attaches its fiber to the DOM nodes it hydrates, and only then.
  await expect
    .poll(() => signIn.evaluate((button) => Object.keys(button).some((key) => key.startsWith("__reactFiber$"))), {
      timeout: 120_000,
    })
    .toBe(true);

  // The account the page offers, as a newcomer reads it: DEV_USER on the server started here, or whatever a
  // developer's own `npm run dev` (reused by the harness) is configured with.
  const [email, password] = await page.getByRole("region", { name: "Demo account" }).locator("code").allTextContents();
  await page.getByLabel("Email").fill(email!);
  await page.getByLabel("Password").fill(password!);
  await signIn.click();
  await expect(page).toHaveURL(`${origin}/projects`, { timeout: 60_000 });
  await expect(page.getByRole("heading", { level: 1, name: "Projects" })).toBeVisible();
  expect(requested.filter((url) => url.includes(password!))).toEqual([]);
});

test("next dev serves its dev resources to localhost, 127.0.0.1 and this machine's addresses, not to others", async () => {
  const lan = Object.values(os.networkInterfaces())
    .flat()
    .filter((info) => info !== undefined && !info.internal && info.family === "IPv4")
    .map((info) => info!.address);
  // A dev chunk that doesn't exist: 404 when the origin may load dev resources, 403 when Next refuses it.
  const devResource = `http://127.0.0.1:${server.port}/_next/static/chunks/e2e-missing-chunk.js`;
  const statusFor = async (host: string) =>
    (await fetch(devResource, { headers: { origin: `http://${host}:${server.port}` } })).status;

  for (const host of ["localhost", "127.0.0.1", ...lan]) expect(await statusFor(host), host).not.toBe(403);
  expect(await statusFor("evil.example")).toBe(403);
});
