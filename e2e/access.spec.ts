import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type BrowserContext } from "@playwright/test";
import { E2E_BASE_URL } from "../playwright.config";
import { signIn, STREAM_TOKEN, WEBHOOK_SECRET } from "./support";

/**
 * Who may reach what, for every route the app has. The routes are read from app/ rather than listed by hand,
 * so a page or API route added tomorrow is checked too: protected unless it is on the allow-list below.
 */

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
type Method = (typeof METHODS)[number];
type Route = { kind: "page" | "api"; file: string; pattern: string; url: string; methods: Method[] };

const APP_DIR = path.resolve(__dirname, "../app");

// Auth.js logs a stack trace for a path that names no action of its own: ask it for one it has.
const SAMPLES: Record<string, string> = { "[...nextauth]": "session" };

/**
 * What a route needs to be probed meaningfully, by path: a query or body naming a user or session that does
 * not exist, so an allowed caller gets a 404 rather than a 400 for an empty request.
 */
const PROBE_QUERY: Record<string, string> = { "/api/activity": "?user_id=e2e-nobody" };
const PROBE_BODY: Record<string, { body: string; headers?: Record<string, string> }> = {
  "/api/sessions/42/conversation": { body: '{"conversation_id":"e2e-probe"}' },
  "/mcp": {
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "access-probe", version: "1" } },
    }),
    headers: { accept: "application/json, text/event-stream" },
  },
};

/** A value for a dynamic segment; catch-alls get a path of two segments. */
function sample(segment: string): string | null {
  if (segment in SAMPLES) return SAMPLES[segment]!;
  if (/^\[\[?\.\.\.[^\]]+\]\]?$/.test(segment)) return "sample/path";
  if (/^\[[^\]]+\]$/.test(segment)) return "42";
  return null;
}

/** The HTTP methods a route file exports: `export function GET`, `export const GET =`, `export const { GET, POST } =`. */
function exportedMethods(source: string): Method[] {
  const found = new Set<string>();
  const names = METHODS.join("|");
  for (const m of source.matchAll(new RegExp(`export\\s+(?:async\\s+)?function\\s*\\*?\\s*(${names})\\b`, "g"))) found.add(m[1]!);
  for (const m of source.matchAll(new RegExp(`export\\s+(?:const|let|var)\\s+(${names})\\b`, "g"))) found.add(m[1]!);
  for (const m of source.matchAll(/export\s+(?:const|let|var)\s*\{([^}]*)\}\s*=\s*(\w+)/g)) {
    // `otherMethods(...)` answers the methods a route does NOT implement (a JSON 405): not exports to probe as real.
    if (m[2] === "otherMethods") continue;
    for (const name of m[1]!.split(",").map((part) => part.split(":").at(-1)!.trim())) found.add(name);
  }
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const name of m[1]!.split(",").map((part) => part.split(/\s+as\s+/).at(-1)!.trim())) found.add(name);
  }
  return METHODS.filter((method) => found.has(method));
}

/** Every page and route handler under app/, as the URL it serves. */
function enumerateRoutes(dir = APP_DIR, segments: string[] = []): Route[] {
  const routes: Route[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (entry.name.startsWith("_")) continue; // private folder: not routable
      // (group) and @slot folders organise files without adding a URL segment.
      const skip = /^\(.*\)$/.test(entry.name) || entry.name.startsWith("@");
      routes.push(...enumerateRoutes(path.join(dir, entry.name), skip ? segments : [...segments, entry.name]));
      continue;
    }
    const kind = /^page\.(tsx|ts|jsx|js|mdx)$/.test(entry.name) ? "page" : /^route\.(ts|js)$/.test(entry.name) ? "api" : null;
    if (!kind) continue;
    const file = path.relative(APP_DIR, path.join(dir, entry.name));
    routes.push({
      kind,
      file,
      pattern: `/${segments.join("/")}`,
      url: `/${segments.map((segment) => sample(segment) ?? segment).join("/")}${PROBE_QUERY[`/${segments.join("/")}`] ?? ""}`,
      methods: kind === "page" ? ["GET"] : exportedMethods(readFileSync(path.join(dir, entry.name), "utf8")),
    });
  }
  return routes;
}

type Answer = { status: number; location: string | null; contentType: string; json: unknown };

/** One request with redirects left alone; a stream's body is not waited for. */
async function probe(method: Method, url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const controller = new AbortController();
  const withBody = !["GET", "HEAD", "OPTIONS"].includes(method);
  const sampleBody = PROBE_BODY[new URL(url, E2E_BASE_URL).pathname];
  const response = await fetch(new URL(url, E2E_BASE_URL), {
    method,
    headers: { ...(withBody ? { "content-type": "application/json", ...sampleBody?.headers } : {}), ...headers },
    body: withBody ? (sampleBody?.body ?? "{}") : undefined,
    redirect: "manual",
    signal: controller.signal,
  });
  const contentType = response.headers.get("content-type") ?? "";
  let json: unknown = null;
  if (contentType.includes("text/event-stream")) controller.abort();
  else {
    const text = await response.text();
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  return { status: response.status, location: response.headers.get("location"), contentType, json };
}

const isErrorBody = (json: unknown, code?: string) =>
  typeof json === "object" &&
  json !== null &&
  typeof (json as { error?: { code?: unknown } }).error?.code === "string" &&
  typeof (json as { error: { message?: unknown } }).error.message === "string" &&
  (code === undefined || (json as { error: { code: string } }).error.code === code);

/**
 * Routes that answer without a signed-in user, and what each must do instead. Everything else is protected.
 * Keyed by the route's pattern as found in app/.
 */
const PUBLIC: Record<string, { why: string; check: (method: Method, answer: Answer) => void }> = {
  "/": {
    why: "the home page only sends visitors on",
    check: (_, answer) => {
      expect(answer.status).toBe(307);
      expect(answer.location).toMatch(/\/login$/);
    },
  },
  "/login": { why: "the sign-in page", check: (_, answer) => expect(answer.status).toBe(200) },
  "/api/health": {
    why: "liveness for load balancers and Playwright",
    check: (_, answer) => {
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ ok: true });
    },
  },
  "/api/webhooks/posthog": {
    why: "PostHog's destination, guarded by its own secret",
    check: (method, answer) => {
      expect(method === "POST" ? [401, 503] : [401, 405, 503]).toContain(answer.status);
      expect(isErrorBody(answer.json), JSON.stringify(answer.json)).toBe(true);
    },
  },
  "/api/auth/[...nextauth]": { why: "Auth.js's own sign-in, session and CSRF endpoints", check: () => {} },
  "/standin/[...path]": { why: "the development stand-in for PostHog's ingestion API", check: () => {} },
};

// The routes this app is known to have: a walker that finds nothing (or misses a folder) fails here.
const KNOWN = [
  "/",
  "/login",
  "/dashboard",
  "/dashboard/connect",
  "/projects",
  "/projects/new",
  "/projects/[id]",
  "/api/health",
  "/api/deliveries",
  "/api/sessions",
  "/api/sessions/[sessionId]",
  "/api/sessions/stream",
  "/api/sessions/[sessionId]/conversation",
  "/api/activity",
  "/api/stream",
  "/stream/[productId]",
  "/mcp",
  "/api/cron/forward",
  "/api/webhooks/posthog",
  "/api/auth/[...nextauth]",
  "/standin/[...path]",
];

// What agents call with the bearer token (README, CONTRACT §3).
const AGENT_ROUTES = [
  "/api/sessions",
  "/api/sessions/[sessionId]",
  "/api/sessions/[sessionId]/conversation",
  "/api/activity",
  "/api/stream",
  "/stream/[productId]",
  "/mcp",
];

const routes = enumerateRoutes();
const protectedPages = routes.filter((route) => route.kind === "page" && !(route.pattern in PUBLIC));
const protectedApis = routes.filter((route) => route.kind === "api" && !(route.pattern in PUBLIC));

test("the route walker finds every route the app is known to have, and each route handler's methods", () => {
  expect(routes.map((route) => route.pattern)).toEqual(expect.arrayContaining(KNOWN));
  for (const route of routes.filter((r) => r.kind === "api")) {
    expect(route.methods.length, `${route.file} exports no HTTP method the walker can see`).toBeGreaterThan(0);
  }
  expect(routes.find((route) => route.pattern === "/api/auth/[...nextauth]")).toMatchObject({ methods: ["GET", "POST"], url: "/api/auth/session" });
  expect(routes.find((route) => route.pattern === "/projects/[id]")?.url).toBe("/projects/42");
  expect(routes.find((route) => route.pattern === "/standin/[...path]")?.url).toBe("/standin/sample/path");
  // An allow-list entry for a route that no longer exists would hide a rename.
  for (const pattern of Object.keys(PUBLIC)) expect(routes.map((route) => route.pattern), pattern).toContain(pattern);
  for (const pattern of AGENT_ROUTES) expect(protectedApis.map((route) => route.pattern), pattern).toContain(pattern);
});

test("signed out, every page sends the visitor to log in and come back, and every API route answers 401 JSON", async ({ page }) => {
  for (const route of protectedPages) {
    const answer = await probe("GET", route.url);
    expect(answer.status, route.file).toBe(307);
    const target = new URL(answer.location ?? "", E2E_BASE_URL);
    expect(`${target.origin}${target.pathname}`, route.file).toBe(`${E2E_BASE_URL}/login`);
    expect(target.searchParams.get("next"), route.file).toBe(route.url);
    // As a browser sees it: the login form, with the way back.
    await page.goto(route.url);
    await expect(page, route.file).toHaveURL(`${E2E_BASE_URL}/login?next=${encodeURIComponent(route.url)}`);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  }

  for (const route of protectedApis) {
    for (const method of route.methods) {
      const answer = await probe(method, route.url);
      const where = `${method} ${route.url} (${route.file})`;
      expect(answer.status, where).toBe(401);
      if (method !== "HEAD") expect(isErrorBody(answer.json, "unauthenticated"), `${where}: ${JSON.stringify(answer.json)}`).toBe(true);
    }
  }

  for (const route of routes.filter((r) => r.pattern in PUBLIC)) {
    for (const method of route.methods) {
      const answer = await probe(method, route.url);
      const where = `${method} ${route.url} (${route.file}: ${PUBLIC[route.pattern]!.why})`;
      expect(answer.status, where).toBeLessThan(500);
      PUBLIC[route.pattern]!.check(method, answer);
    }
  }
});

test("signed out, no page's response holds its data: a session with a unique email and URL shows in none", async ({ page, context, request }) => {
  const marker = randomUUID();
  const email = `leak-${marker}@example.com`;
  const rawUrl = `https://app.example.com/private-${marker}/report?q=${marker}`;
  const sessionId = `e2e-leak-${marker}`;
  const delivered = await request.post("/api/webhooks/posthog", {
    headers: { "X-PostHog-Secret": WEBHOOK_SECRET },
    data: {
      event: {
        uuid: randomUUID(),
        event: "$pageview",
        distinct_id: `user-${marker}`,
        properties: { $session_id: sessionId, $current_url: rawUrl, title: `Private ${marker}` },
        timestamp: new Date().toISOString(),
      },
      person: { id: randomUUID(), properties: { email } },
    },
  });
  expect(delivered.status()).toBe(200);
  const secrets = [email, `private-${marker}`];

  // Signed in, the dashboard's own HTML does hold them: the check below is one that can fail.
  await signIn(page);
  const signedIn = await fetch(new URL(`/dashboard?session=${encodeURIComponent(sessionId)}`, E2E_BASE_URL), {
    headers: { cookie: await cookieHeader(context) },
  });
  expect(await signedIn.text()).toContain(email);

  for (const route of protectedPages) {
    for (const url of [route.url, `${route.url}?session=${encodeURIComponent(sessionId)}`]) {
      const response = await fetch(new URL(url, E2E_BASE_URL), { redirect: "manual" });
      const body = await response.text();
      expect(response.status, url).toBe(307);
      expect(new URL(response.headers.get("location") ?? "", E2E_BASE_URL).pathname, url).toBe("/login");
      // (The body may repeat the redirect's own URL, which holds the session id asked for, and nothing more.)
      for (const secret of secrets) expect(body, `${url} leaks ${secret}`).not.toContain(secret);
    }
    // Followed as a browser would: the login page, with nothing of the session either.
    const followed = await fetch(new URL(route.url, E2E_BASE_URL));
    const html = await followed.text();
    for (const secret of secrets) expect(html, `${route.url} → login page leaks ${secret}`).not.toContain(secret);
  }
});

test("no route answers 5xx, whatever the method, signed out or signed in", async ({ page, context }) => {
  await signIn(page);
  const cookie = await cookieHeader(context);
  for (const route of routes) {
    // The exported methods, and one it doesn't export (Next answers 405 for it).
    const unexported = METHODS.find((method) => method !== "HEAD" && method !== "OPTIONS" && !route.methods.includes(method));
    for (const method of [...route.methods, ...(unexported ? [unexported] : [])]) {
      for (const [who, headers] of [["signed out", {}], ["signed in", { cookie }]] as const) {
        const answer = await probe(method, route.url, headers);
        expect(answer.status, `${method} ${route.url} ${who}`).toBeLessThan(500);
        // An API route refuses a method it doesn't implement with a JSON 405 that names the allowed ones; signed
        // out, a protected one says no before that (proxy.ts), with the same 401 as for any other method.
        if (route.kind === "api" && method === unexported && who === "signed out" && !(route.pattern in PUBLIC)) {
          expect(answer.status, `${method} ${route.url} ${who}`).toBe(401);
          expect(isErrorBody(answer.json, "unauthenticated"), `${method} ${route.url}: ${JSON.stringify(answer.json)}`).toBe(true);
        } else if (route.kind === "api" && method === unexported) {
          expect(answer.status, `${method} ${route.url} ${who}`).toBe(405);
          expect(isErrorBody(answer.json, "method_not_allowed"), `${method} ${route.url}: ${JSON.stringify(answer.json)}`).toBe(true);
        }
      }
    }
  }
  // Signed in, no protected route sends the user to log in or refuses them.
  for (const route of protectedPages) {
    const answer = await probe("GET", route.url, { cookie });
    expect(answer.location ?? "", route.file).not.toContain("/login");
    expect([200, 404], route.file).toContain(answer.status);
  }
  for (const route of protectedApis) {
    for (const method of route.methods) {
      expect([200, 404], `${method} ${route.url}`).toContain((await probe(method, route.url, { cookie })).status);
    }
  }
});

test("an agent with the bearer token reads sessions and the live stream; a wrong token gets 401", async ({ request }) => {
  const bearer = { authorization: `Bearer ${STREAM_TOKEN}` };
  const sessionId = `e2e-agent-${randomUUID()}`;

  // The live stream, opened before the event arrives, delivers it as an ActionsPayload.
  const controller = new AbortController();
  const stream = await fetch(new URL(`/api/stream?session_id=${encodeURIComponent(sessionId)}`, E2E_BASE_URL), {
    headers: bearer,
    signal: controller.signal,
  });
  expect(stream.status).toBe(200);
  expect(stream.headers.get("content-type")).toContain("text/event-stream");

  const delivered = await request.post("/api/webhooks/posthog", {
    headers: { "X-PostHog-Secret": WEBHOOK_SECRET },
    data: {
      event: {
        uuid: randomUUID(),
        event: "$pageview",
        distinct_id: "agent-user",
        properties: { $session_id: sessionId, $current_url: "https://app.example.com/projects/1", title: "Projects · Acme" },
        timestamp: new Date().toISOString(),
      },
      person: { id: randomUUID(), properties: {} },
    },
  });
  expect(delivered.status()).toBe(200);

  const reader = stream.body!.getReader();
  const decoder = new TextDecoder();
  let received = "";
  const deadline = Date.now() + 10_000;
  while (!received.includes(sessionId) && Date.now() < deadline) {
    const { value, done } = await Promise.race([
      reader.read(),
      new Promise<{ value: undefined; done: true }>((resolve) => setTimeout(() => resolve({ value: undefined, done: true }), deadline - Date.now())),
    ]);
    if (done) break;
    received += decoder.decode(value, { stream: true });
  }
  controller.abort();
  const frame = received.split("\n").find((line) => line.startsWith("data:") && line.includes(sessionId));
  expect(frame, received).toBeDefined();
  expect(JSON.parse(frame!.slice(5))).toMatchObject({ type: "actions", session_id: sessionId });

  const list = await probe("GET", "/api/sessions", bearer);
  expect(list.status).toBe(200);
  expect((list.json as { sessions: { session_id: string }[] }).sessions.map((s) => s.session_id)).toContain(sessionId);

  const one = await probe("GET", `/api/sessions/${encodeURIComponent(sessionId)}`, bearer);
  expect(one.status).toBe(200);
  expect(one.json).toMatchObject({ type: "actions", session_id: sessionId, count: 1 });

  const missing = await probe("GET", `/api/sessions/${encodeURIComponent(`e2e-missing-${randomUUID()}`)}`, bearer);
  expect(missing.status).toBe(404);
  expect(isErrorBody(missing.json, "session_not_found")).toBe(true);

  // Every agent route, as enumerated, with the token: never refused.
  for (const route of protectedApis.filter((r) => AGENT_ROUTES.includes(r.pattern))) {
    for (const method of route.methods) expect([200, 404], `${method} ${route.url}`).toContain((await probe(method, route.url, bearer)).status);
  }

  // Anything but the exact token is refused, on every protected API route.
  const wrong: Record<string, string>[] = [
    { authorization: `Bearer ${STREAM_TOKEN}x` },
    { authorization: `Bearer ${STREAM_TOKEN.slice(0, -1)}` },
    { authorization: "Bearer " },
    { authorization: `Basic ${STREAM_TOKEN}` },
    { authorization: STREAM_TOKEN },
    { "x-autoplay-token": STREAM_TOKEN },
  ];
  for (const route of protectedApis) {
    for (const method of route.methods) {
      for (const headers of wrong) {
        const answer = await probe(method, route.url, headers);
        expect(answer.status, `${method} ${route.url} with ${JSON.stringify(headers)}`).toBe(401);
        expect(isErrorBody(answer.json, "unauthenticated")).toBe(true);
      }
    }
  }
  const inQuery = await probe("GET", `/api/sessions?token=${encodeURIComponent(STREAM_TOKEN)}`);
  expect(inQuery.status, "the token is not accepted in the query string").toBe(401);
});

async function cookieHeader(context: BrowserContext): Promise<string> {
  return (await context.cookies(E2E_BASE_URL)).map((c) => `${c.name}=${c.value}`).join("; ");
}
