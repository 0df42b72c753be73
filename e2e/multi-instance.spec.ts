import { expect, test } from "@playwright/test";
import { startAppServer, type AppServer } from "./harness/app-server";
import { clickDelivery, pool, post } from "./harness/deliveries";
import { redisServer, type RedisServer } from "./harness/redis-server";
import { sseClient } from "./harness/sse-client";
import { USER } from "./support";

/**
 * Many instances, one truth (as on Vercel): separate `next start` processes sharing one Redis of this test's
 * own, and that Redis failing under them.
 */
const TOKEN = "multi-instance-agent-token-0123456789";
const agentStream = (server: AppServer, onPayload: (payload: any) => void) =>
  sseClient(`${server.url}/api/stream`, { authorization: `Bearer ${TOKEN}` }, (message) => {
    if (message.event === "message") onPayload(JSON.parse(message.data));
  });

test.describe.configure({ mode: "serial" });

test("a delivery posted to instance A appears on instance B's dashboard within a second; B's clients keep every action when A dies", async ({ page }) => {
  test.setTimeout(180_000);
  let redis: RedisServer | null = null;
  let a: AppServer | null = null;
  let b: AppServer | null = null;
  const clients: ReturnType<typeof sseClient>[] = [];
  try {
    redis = await redisServer();
    [a, b] = await Promise.all([
      startAppServer({ REDIS_URL: redis.url, AUTOPLAY_STREAM_TOKEN: TOKEN }),
      startAppServer({ REDIS_URL: redis.url, AUTOPLAY_STREAM_TOKEN: TOKEN }),
    ]);

    // B's dashboard, in a real browser, signed in on B.
    await page.goto(`${b.url}/login?callbackUrl=%2Fdashboard`);
    await page.getByLabel("Email").fill(USER.email);
    await page.getByLabel("Password").fill(USER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId("connection-status")).toContainText(/live/i);

    const sessionId = `multi-${Date.now()}`;
    await page.goto(`${b.url}/dashboard?session=${sessionId}`);
    await expect(page.getByTestId("connection-status")).toContainText(/live/i);
    const posted = await post(a.url, JSON.stringify(clickDelivery(sessionId, new Date(), "Cross instance")));
    expect(posted.status).toBe(200);
    await expect(page.getByTestId("action-row").filter({ hasText: "Cross instance button" })).toHaveCount(1, { timeout: 1_000 });

    // Now load both instances, kill A halfway, and check B's agents got every acknowledged action once.
    const received = [new Map<string, number>(), new Map<string, number>()];
    for (const seen of received) {
      clients.push(
        agentStream(b, (payload) => {
          if (!String(payload.session_id).startsWith(`${sessionId}-load`)) return;
          for (const action of payload.actions) {
            const key = `${payload.session_id}@${action.timestamp_start}`;
            seen.set(key, (seen.get(key) ?? 0) + 1);
          }
        }),
      );
    }
    await expect.poll(() => clients.every((client) => client.connections > 0)).toBe(true);

    const start = Date.now();
    const total = 2_000;
    const acknowledged = new Set<string>();
    const jobs = Array.from({ length: total }, (_, i) => async () => {
      if (i === total / 2) await a!.stop(); // A crashes mid-load; B keeps serving.
      const target = i % 2 === 0 ? a! : b!;
      const sid = `${sessionId}-load-${i % 20}`;
      const at = new Date(start + i);
      try {
        const result = await post(target.url, JSON.stringify(clickDelivery(sid, at)));
        if (result.status === 200) acknowledged.add(`${sid}@${at.getTime() / 1000}`);
      } catch {
        // Connection refused by the dead instance: not acknowledged, so PostHog would retry it.
      }
    });
    await pool(jobs, 20);
    expect(acknowledged.size).toBeGreaterThan(total / 2);

    console.log(`acknowledged ${acknowledged.size} of ${total}; received ${received.map((seen) => seen.size).join(", ")}`);
    for (const seen of received) {
      await expect.poll(() => [...acknowledged].filter((key) => !seen.has(key)).length, { timeout: 15_000 }).toBe(0);
      expect([...seen.values()].filter((count) => count !== 1)).toEqual([]);
    }
  } finally {
    if (test.info().status !== test.info().expectedStatus || process.env.DEBUG_SERVERS) {
      console.log(`--- A ---\n${a?.output().slice(-3000)}\n--- B ---\n${b?.output().slice(-3000)}`);
    }
    await Promise.all(clients.map((client) => client.stop()));
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
  }
});

test("the dashboard shows it is reconnecting when its instance dies, and catches up on what it missed when it is back", async ({ page }) => {
  test.setTimeout(120_000);
  let redis: RedisServer | null = null;
  let a: AppServer | null = null;
  let b: AppServer | null = null;
  try {
    redis = await redisServer();
    [a, b] = await Promise.all([
      startAppServer({ REDIS_URL: redis.url, AUTOPLAY_STREAM_TOKEN: TOKEN }),
      startAppServer({ REDIS_URL: redis.url, AUTOPLAY_STREAM_TOKEN: TOKEN }),
    ]);
    const sessionId = `reconnect-${Date.now()}`;
    await page.goto(`${b.url}/login?callbackUrl=${encodeURIComponent(`/dashboard?session=${sessionId}`)}`);
    await page.getByLabel("Email").fill(USER.email);
    await page.getByLabel("Password").fill(USER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const status = page.getByTestId("connection-status");
    await expect(status).toContainText(/live/i);

    const start = Date.now();
    expect((await post(a.url, JSON.stringify(clickDelivery(sessionId, new Date(start), "Before outage")))).status).toBe(200);
    const rows = page.getByTestId("action-row");
    await expect(rows.filter({ hasText: "Before outage button" })).toHaveCount(1);

    // B dies: the dashboard says so, while deliveries keep landing on A.
    const port = b.port;
    await b.stop();
    await expect(status).toContainText(/reconnecting|offline/i);
    expect((await post(a.url, JSON.stringify(clickDelivery(sessionId, new Date(start + 1_000), "During outage")))).status).toBe(200);

    // B comes back on the same address: the browser resumes after its last event and misses nothing.
    b = await startAppServer({ REDIS_URL: redis.url, AUTOPLAY_STREAM_TOKEN: TOKEN }, { port });
    await expect(status).toContainText(/live/i, { timeout: 40_000 });
    await expect(rows.filter({ hasText: "During outage button" })).toHaveCount(1);
    await expect(rows.filter({ hasText: "Before outage button" })).toHaveCount(1);
  } finally {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
  }
});

test("while Redis is down the webhook and every read route answer 503 with Retry-After, the dashboard says it is retrying, nothing acknowledged is lost, and all recovers without a restart", async ({ page }) => {
  test.setTimeout(120_000);
  let redis: RedisServer | null = null;
  let app: AppServer | null = null;
  try {
    redis = await redisServer({ durable: true });
    app = await startAppServer({ REDIS_URL: redis.url, AUTOPLAY_STREAM_TOKEN: TOKEN });
    const sessionId = `outage-${Date.now()}`;

    // Steady load of ~100 deliveries/s for 15 s; Redis is stopped at 5 s and started again at 10 s.
    // Spread over sessions so no session reaches its action cap (which would evict, not lose, actions).
    const sessions = Array.from({ length: 10 }, (_, i) => `${sessionId}-${i}`);
    const results: { status: number; session: string; key: string; retryAfter: string | null; body: string }[] = [];
    const begin = Date.now();
    const outage = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      await redis!.stop();
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      await redis!.start();
    })();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; Date.now() - begin < 15_000; i++) {
      const at = new Date(begin + i);
      const key = `${at.getTime() / 1000}`;
      const session = sessions[i % sessions.length]!;
      inFlight.push(
        (async () => {
          const response = await fetch(`${app!.url}/api/webhooks/posthog`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-posthog-secret": "e2e-webhook-secret-0123456789" },
            body: JSON.stringify(clickDelivery(session, at)),
          });
          results.push({ status: response.status, session, key, retryAfter: response.headers.get("retry-after"), body: await response.text() });
        })(),
      );
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await outage;
    await Promise.all(inFlight);

    const byStatus: Record<string, typeof results> = {};
    for (const result of results) (byStatus[result.status] ??= []).push(result);
    expect(Object.keys(byStatus).sort()).toEqual(["200", "503"]);
    for (const refused of byStatus["503"]!) {
      expect(refused.retryAfter).toMatch(/^\d+$/);
      expect(JSON.parse(refused.body).error.code).toBe("store_unavailable");
    }
    // Recovery without a restart: the last deliveries, after Redis came back, were stored.
    expect(results.slice(-20).every((result) => result.status === 200)).toBe(true);

    // Every acknowledged delivery is in the store: nothing answered 200 was lost.
    const stored = new Set<string>();
    for (const session of sessions) {
      const response = await fetch(`${app.url}/api/sessions/${session}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      for (const action of (await response.json()).actions) stored.add(`${session}@${action.timestamp_start}`);
    }
    const lost = byStatus["200"]!.filter((result) => !stored.has(`${result.session}@${result.key}`));
    expect(lost).toEqual([]);
    console.log(`outage run: ${byStatus["200"]!.length} stored, ${byStatus["503"]!.length} refused with 503`);

    // The read routes during an outage (a quiet one, so a loaded machine can't blur the timeline): each
    // answers 503 with Retry-After in the JSON error shape; the dashboard says it is retrying, not an error
    // page, and shows the sessions by itself once Redis is back.
    await page.goto(`${app.url}/login?callbackUrl=%2Fdashboard`);
    await page.getByLabel("Email").fill(USER.email);
    await page.getByLabel("Password").fill(USER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);

    const bearer = { authorization: `Bearer ${TOKEN}` };
    const reads: { route: string; status: number; retryAfter: string | null; code: string | undefined }[] = [];
    await redis.stop();
    const routes = ["/api/sessions", `/api/sessions?q=${sessions[0]}`, `/api/sessions/${sessions[0]}`, "/api/deliveries"];
    for (const route of routes) {
      const response = await fetch(`${app.url}${route}`, { headers: bearer });
      const body = await response.json();
      expect({ status: response.status, retryAfter: response.headers.get("retry-after"), code: body.error?.code }, route).toEqual({
        status: 503,
        retryAfter: expect.stringMatching(/^\d+$/),
        code: "store_unavailable",
      });
    }
    await page.goto(`${app.url}/dashboard`);
    await expect(page.getByTestId("store-unavailable")).toContainText("Store unavailable, retrying");
    await redis.start();
    await expect(page.getByTestId("session-count")).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId("store-unavailable")).toHaveCount(0);
  } finally {
    if (test.info().status !== test.info().expectedStatus) console.log(app?.output().slice(-3_000));
    await app?.stop();
    await redis?.stop();
  }
});
