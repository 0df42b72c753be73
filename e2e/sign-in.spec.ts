import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type BrowserContext, type Page, type Request } from "@playwright/test";
import { demoUserId } from "../lib/auth/demo-user";
import { CaptureEventSchema, distinctIdOf, type CaptureEvent } from "../lib/local-posthog/capture-event";
import { decodeCaptureBody } from "../lib/local-posthog/decode-capture-body";
import { E2E_BASE_URL } from "../playwright.config";
import { startAppServer, type AppServer } from "./harness/app-server";
import { posthogSessionId, USER } from "./support";

/**
 * Signing in: the form posts (no password in any URL, with or without JavaScript), the landing page's first
 * pageview is already the user's, guessing is throttled on both paths that check a password, and no
 * `next`/`callbackUrl` leads off this origin.
 */

/** Every URL the browser asks for, redirects included, so a test can say none of them carries a secret. */
function recordUrls(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on("request", (request) => urls.push(request.url()));
  return urls;
}

function expectNoSecretIn(urls: string[], secret: string) {
  expect(urls.length).toBeGreaterThan(0);
  for (const url of urls) {
    for (const form of [secret, encodeURIComponent(secret), new URLSearchParams({ x: secret }).toString().slice(2)]) {
      expect(url, "a request URL carries the password").not.toContain(form);
    }
  }
}

/** The login form's alert (Next's route announcer is an alert too, always empty). */
const loginAlert = (page: Page) => page.locator("#login-error[role=alert]");

async function fillAndSubmit(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("the form posts, signs in and lands on the page asked for; no request URL carries the password", async ({ page, context }) => {
    const urls = recordUrls(context);
    await page.goto("/login?next=%2Fprojects");
    const posted = page.waitForRequest((request) => request.method() === "POST");
    await fillAndSubmit(page, USER.email, USER.password);
    const post = await posted;
    expect(new URL(post.url()).pathname).toBe("/login");

    await expect(page).toHaveURL(`${E2E_BASE_URL}/projects`);
    await expect(page.getByRole("heading", { level: 1, name: "Projects" })).toBeVisible();
    await expect(page.getByText(USER.email)).toBeVisible();
    expectNoSecretIn(urls, USER.password);
  });

  test("a wrong password shows the form again with the email kept and an alert, and no URL carries it", async ({ page, context }) => {
    const urls = recordUrls(context);
    const email = `nobody-${randomUUID()}@example.com`;
    const password = `wrong-${randomUUID()}`;
    await page.goto("/login?next=%2Fprojects");
    await fillAndSubmit(page, email, password);
    await expect(loginAlert(page)).toHaveText("Wrong email or password");
    await expect(page.getByLabel("Email")).toHaveValue(email);
    await expect(page.getByLabel("Password")).toHaveValue("");
    expect(page.url()).toBe(`${E2E_BASE_URL}/login?next=%2Fprojects`);
    expectNoSecretIn(urls, password);
  });
});

/** The events posthog-js sends to the stand-in, decoded, in the order it sent them. */
function recordCapturedEvents(page: Page): CaptureEvent[] {
  const events: CaptureEvent[] = [];
  page.on("request", (request: Request) => {
    const url = new URL(request.url());
    if (request.method() !== "POST" || !/^\/standin\/(e|i\/v0\/e|batch)\/?$/.test(url.pathname)) return;
    const decoded = decodeCaptureBody({
      body: request.postDataBuffer() ?? new Uint8Array(),
      contentType: request.headers()["content-type"] ?? null,
      query: url.searchParams,
    });
    if (!decoded.ok) return;
    for (const raw of decoded.events) {
      const parsed = CaptureEventSchema.safeParse(raw);
      if (parsed.success) events.push(parsed.data);
    }
  });
  return events;
}

const pathOf = (event: CaptureEvent) => new URL(String(event.properties.$current_url ?? "http://x/")).pathname;

test("with JavaScript on, the user is identified before the first pageview of the page signing in lands on", async ({ page }) => {
  const events = recordCapturedEvents(page);
  await page.goto("/login?next=%2Fprojects");
  // posthog-js is running on the login page, so signing in is a client-side navigation in the same posthog-js.
  await posthogSessionId(page);
  await fillAndSubmit(page, USER.email, USER.password);
  await expect(page).toHaveURL(`${E2E_BASE_URL}/projects`);

  const isLanding = (event: CaptureEvent) => event.event === "$pageview" && pathOf(event) === "/projects";
  // posthog-js batches for up to a few seconds.
  await expect.poll(() => events.some(isLanding), { timeout: 15_000 }).toBe(true);
  const landing = events.find(isLanding)!;
  expect(distinctIdOf(landing)).toBe(demoUserId(USER.email));
  expect(landing.properties.email).toBe(USER.email);
  // The login page itself was seen, anonymously, before: the recording is of the whole visit.
  const loginPageviews = events.filter((event) => event.event === "$pageview" && pathOf(event) === "/login");
  expect(loginPageviews.length).toBeGreaterThan(0);
});

test("with JavaScript on, signing in before the page has hydrated lands identified too", async ({ page, context }) => {
  const events = recordCapturedEvents(page);
  // Hold the login page's scripts back, so the form is submitted the way a browser does before React is there:
  // a plain POST, answered with a redirect and a full page load.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/_next/static/chunks/**/*.js", async (route) => {
    await released;
    await route.continue().catch(() => {});
  });
  await page.goto("/login?next=%2Fprojects%2F1", { waitUntil: "commit" });
  const posted = page.waitForRequest((request) => request.method() === "POST");
  await fillAndSubmit(page, USER.email, USER.password);
  expect(new URL((await posted).url()).pathname).toBe("/login");
  release();

  await expect(page).toHaveURL(`${E2E_BASE_URL}/projects/1`);
  const isLanding = (event: CaptureEvent) => event.event === "$pageview" && pathOf(event) === "/projects/1";
  await expect.poll(() => events.some(isLanding), { timeout: 15_000 }).toBe(true);
  expect(distinctIdOf(events.find(isLanding)!)).toBe(demoUserId(USER.email));
  expect(events.some((event) => pathOf(event) === "/login" && event.event === "$pageview")).toBe(false);
  expect((await context.cookies()).some((cookie) => cookie.name.includes("session-token"))).toBe(true);
});

// Each would be an open redirect if it were followed as given (issue 8 §7).
const HOSTILE_NEXT = ["/.//evil.example", "/%2e%2e//evil.example", "//evil.example", "/\\evil.example", "https://evil.example/", "/%2f%2fevil.example", "javascript:alert(1)"];

test("signed out, signing in with a hostile next or callbackUrl lands on this origin", async ({ browser }) => {
  test.setTimeout(180_000);
  for (const [i, value] of HOSTILE_NEXT.entries()) {
    const name = i % 2 === 0 ? "next" : "callbackUrl";
    // A fresh browser each time: the one before is signed in.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`/login?${new URLSearchParams({ [name]: value })}`);
    await fillAndSubmit(page, USER.email, USER.password);
    await expect(page, `${name}=${value}`).toHaveURL(`${E2E_BASE_URL}/dashboard`);
    await context.close();
  }
});

test("signed in, opening the login page with a hostile next or callbackUrl stays on this origin", async ({ page, context }) => {
  test.setTimeout(180_000);
  await page.goto("/login");
  await fillAndSubmit(page, USER.email, USER.password);
  await expect(page).toHaveURL(`${E2E_BASE_URL}/dashboard`);
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const tab = await context.newPage();
  for (const [name, value] of HOSTILE_NEXT.flatMap((v) => [["next", v], ["callbackUrl", v]] as const)) {
    const url = `/login?${new URLSearchParams({ [name]: value })}`;
    const response = await fetch(new URL(url, E2E_BASE_URL), { headers: { cookie }, redirect: "manual" });
    await response.body?.cancel();
    expect(response.status, url).toBe(307);
    expect(new URL(response.headers.get("location")!, E2E_BASE_URL).href, url).toBe(`${E2E_BASE_URL}/dashboard`);
    // And as a browser follows it (from a blank tab, so the dashboard open before cannot interfere).
    if (name === "callbackUrl") continue;
    await tab.goto("about:blank");
    await tab.goto(url, { waitUntil: "commit" });
    expect(tab.url(), url).toMatch(new RegExp(`^${E2E_BASE_URL}/dashboard`));
  }
  // Auth.js's own endpoints take a callbackUrl too.
  const signOut = await authJsPost(E2E_BASE_URL, "signout", { callbackUrl: "/.//evil.example" }, cookie);
  expect(new URL(signOut.location!, E2E_BASE_URL).pathname).toBe("/dashboard");
  expect(new URL(signOut.location!).hostname).toMatch(/^(127\.0\.0\.1|localhost)$/);
});

type AuthJsAnswer = { status: number; location: string | null; cookies: string[] };

/** A form post to one of Auth.js's own endpoints, with its CSRF token, as a browser without this app's form would. */
async function authJsPost(base: string, action: "callback/credentials" | "signout", fields: Record<string, string>, cookie = "", headers: Record<string, string> = {}): Promise<AuthJsAnswer> {
  const csrf = await fetch(`${base}/api/auth/csrf`, { headers: { cookie, ...headers } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookies = csrf.headers.getSetCookie().map((c) => c.split(";")[0]!);
  const response = await fetch(`${base}/api/auth/${action}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: [cookie, ...csrfCookies].filter(Boolean).join("; "), ...headers },
    body: new URLSearchParams({ ...fields, csrfToken }),
    redirect: "manual",
  });
  return { status: response.status, location: response.headers.get("location"), cookies: response.headers.getSetCookie() };
}

test.describe("password guessing", () => {
  // A server of its own, so locking the demo account here cannot lock out the other specs' sign-ins. Its port
  // is the harness's next free one, or E2E_LOCKOUT_PORT.
  let server: AppServer;
  test.beforeEach(async () => {
    server = await startAppServer({}, { port: process.env.E2E_LOCKOUT_PORT ? Number(process.env.E2E_LOCKOUT_PORT) : undefined });
  });
  test.afterEach(async () => {
    await server?.stop();
  });

  test("through the login form: 20 wrong tries lock the account, even the right password is refused, another account is not", async ({ browser }) => {
    const address = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    const context = await browser.newContext({ baseURL: server.url, extraHTTPHeaders: { "x-forwarded-for": address } });
    const page = await context.newPage();
    const urls = recordUrls(context);
    await page.goto("/login");

    const messages: string[] = [];
    for (let i = 0; i < 20; i++) {
      await fillAndSubmit(page, USER.email, `wrong-${i}`);
      // React clears the form once the action has answered.
      await expect(page.getByLabel("Password")).toHaveValue("");
      messages.push((await loginAlert(page).textContent()) ?? "");
    }
    expect(messages.slice(0, 4)).toEqual(Array(4).fill("Wrong email or password"));
    for (const message of messages.slice(4)) expect(message).toMatch(/^Too many failed sign-ins\. Try again in 1[45] minutes\.$/);

    await fillAndSubmit(page, USER.email, USER.password);
    await expect(page.getByLabel("Password")).toHaveValue("");
    await expect(loginAlert(page)).toHaveText(/^Too many failed sign-ins\. Try again in 1[45] minutes\.$/);
    await expect(page).toHaveURL(`${server.url}/login`);
    expect((await context.cookies()).some((cookie) => cookie.name.includes("session-token"))).toBe(false);
    await screenshot(page, "login-locked");

    // Another account, from the same address, is not locked (with a wrong password: there is one account).
    await fillAndSubmit(page, `someone-else-${randomUUID()}@example.com`, "wrong");
    await expect(loginAlert(page)).toHaveText("Wrong email or password");
    await expect(page.getByLabel("Password")).toHaveValue("");
    expectNoSecretIn(urls, USER.password);
    await context.close();
  });

  test("through Auth.js's own endpoint: 20 wrong tries lock the account, the right password is refused, another account is not", async ({ browser }) => {
    const headers = { "x-forwarded-for": "203.0.113.50" };
    const locked = /\/login\?error=CredentialsSignin&code=locked-\d+$/;
    const answers: AuthJsAnswer[] = [];
    for (let i = 0; i < 20; i++) {
      answers.push(await authJsPost(server.url, "callback/credentials", { email: USER.email, password: `wrong-${i}`, callbackUrl: "/dashboard" }, "", headers));
    }
    for (const answer of answers.slice(0, 4)) expect(answer.location).toMatch(/\/login\?error=CredentialsSignin&code=credentials$/);
    for (const answer of answers.slice(4)) expect(answer.location).toMatch(locked);

    const right = await authJsPost(server.url, "callback/credentials", { email: USER.email, password: USER.password, callbackUrl: "/dashboard" }, "", headers);
    expect(right.location).toMatch(locked);
    expect(right.cookies.some((cookie) => cookie.includes("session-token="))).toBe(false);

    // The page it sends the browser to says how long to wait.
    const page = await (await browser.newContext()).newPage();
    await page.goto(new URL(right.location!, server.url).href);
    await expect(loginAlert(page)).toHaveText(/^Too many failed sign-ins\. Try again in 1[45] minutes\.$/);

    // Locked by account, not by address: the demo account is locked from any address, and from this address
    // an unknown account is only told its password is wrong.
    const elsewhere = await authJsPost(server.url, "callback/credentials", { email: USER.email, password: USER.password }, "", { "x-forwarded-for": "203.0.113.51" });
    expect(elsewhere.location).toMatch(locked);
    const other = await authJsPost(server.url, "callback/credentials", { email: `other-${randomUUID()}@example.com`, password: "wrong" }, "", headers);
    expect(other.location).toMatch(/code=credentials$/);
  });

  test("one address trying a few passwords on many accounts is locked; another address is not", async () => {
    const headers = { "x-forwarded-for": "192.0.2.77" };
    for (let i = 0; i < 30; i++) {
      await authJsPost(server.url, "callback/credentials", { email: `spray-${i}-${randomUUID()}@example.com`, password: "123456" }, "", headers);
    }
    const fromThere = await authJsPost(server.url, "callback/credentials", { email: USER.email, password: USER.password, callbackUrl: "/dashboard" }, "", headers);
    expect(fromThere.location).toMatch(/code=locked-\d+$/);
    const fromElsewhere = await authJsPost(server.url, "callback/credentials", { email: USER.email, password: USER.password, callbackUrl: "/dashboard" }, "", { "x-forwarded-for": "192.0.2.78" });
    expect(new URL(fromElsewhere.location!).pathname).toBe("/dashboard");
    expect(fromElsewhere.cookies.some((cookie) => cookie.includes("session-token="))).toBe(true);
  });
});

async function screenshot(page: Page, name: string) {
  const dir = path.resolve(__dirname, "../test-results/screenshots");
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}
