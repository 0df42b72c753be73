import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { startAppServer, type AppServer } from "./harness/app-server";
import { clickDelivery, post } from "./harness/deliveries";
import { redisServer, type RedisServer } from "./harness/redis-server";
import { USER } from "./support";

/**
 * Reliability at the edges of what the store keeps: a restart of the memory store under an open dashboard
 * (its feed ids mean nothing any more: the dashboard is told, reloads and shows what is there now), and a
 * backlog of old events delivered into a full store (what is acknowledged is kept).
 */
const TOKEN = "resume-agent-token-0123456789abcdef";
const bearer = { authorization: `Bearer ${TOKEN}` };
// Fixed ports (E2E_PORT's neighbours), so a restarted app is where the browser expects it.
const BASE_PORT = Number(process.env.E2E_PORT ?? 3100);

test("a restart of the memory-store app under an open dashboard: it resets, reloads and shows everything delivered since", async ({ page }) => {
  test.setTimeout(120_000);
  let app: AppServer | null = null;
  try {
    app = await startAppServer({ AUTOPLAY_STREAM_TOKEN: TOKEN }, { port: BASE_PORT + 1 });
    const run = `restart-${Date.now()}`;
    const start = Date.now();
    for (const [i, name] of ["before-1", "before-2"].entries()) {
      expect((await post(app.url, JSON.stringify(clickDelivery(`${run}-${name}`, new Date(start + i), "Before restart")))).status).toBe(200);
    }

    await page.goto(`${app.url}/login?callbackUrl=%2Fdashboard`);
    await page.getByLabel("Email").fill(USER.email);
    await page.getByLabel("Password").fill(USER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const status = page.getByTestId("connection-status");
    await expect(status).toContainText(/live/i);
    const row = (name: string) => page.locator(`[data-testid="session-row"][data-session-id="${run}-${name}"]`);
    await expect(row("before-1")).toHaveCount(1);
    await expect(row("before-2")).toHaveCount(1);
    await expect(page.getByTestId("feed-reset")).toBeEmpty();

    // The app restarts on the same address with an empty memory store: the feed starts a new generation.
    const port = app.port;
    await app.stop();
    await expect(status).toContainText(/reconnecting|offline/i);
    app = await startAppServer({ AUTOPLAY_STREAM_TOKEN: TOKEN }, { port });
    // Delivered before the dashboard is back: its old position can't cover it, the reload must.
    expect((await post(app.url, JSON.stringify(clickDelivery(`${run}-after-1`, new Date(start + 10), "After restart")))).status).toBe(200);

    await expect(status).toContainText(/live/i, { timeout: 40_000 });
    const notice = page.getByTestId("feed-reset");
    await expect(notice).toHaveAttribute("data-reason", "other_generation", { timeout: 20_000 });
    await expect(notice).toContainText(/restarted/i);
    await expect(row("after-1")).toHaveCount(1);
    // The sessions the store no longer holds are gone from the list, and the open session is one that exists.
    await expect(row("before-1")).toHaveCount(0);
    await expect(row("before-2")).toHaveCount(0);
    await expect(page.getByTestId("action-row").filter({ hasText: "After restart button" })).toHaveCount(1);
    await expect(page.getByTestId("action-row").filter({ hasText: "Before restart button" })).toHaveCount(0);

    // And it goes on live from there.
    expect((await post(app.url, JSON.stringify(clickDelivery(`${run}-after-2`, new Date(start + 20), "Live again")))).status).toBe(200);
    await expect(row("after-2")).toHaveCount(1);
    await expect(page.getByTestId("session-count")).toContainText(/^2 of 2$/);

    // The notice can be dismissed.
    await notice.getByRole("button", { name: "Dismiss" }).click();
    await expect(notice).toBeEmpty();
  } finally {
    if (test.info().status !== test.info().expectedStatus) console.log(app?.output().slice(-3_000));
    await app?.stop();
  }
});

for (const backend of [
  { name: "memory", redis: false },
  { name: "redis", redis: true },
]) {
  test(`a backlog of old events into a full ${backend.name} store: every acknowledged event is kept, anything refused says why`, async () => {
    test.setTimeout(90_000);
    let app: AppServer | null = null;
    let redis: RedisServer | null = null;
    try {
      redis = backend.redis ? await redisServer() : null;
      app = await startAppServer(
        { AUTOPLAY_STREAM_TOKEN: TOKEN, STORE_MAX_SESSIONS: "4", ...(redis ? { REDIS_URL: redis.url } : {}) },
        { port: BASE_PORT + 2 },
      );
      const run = `backlog-${Date.now()}`;
      const now = Date.now();
      // A full store of recently active sessions.
      for (let i = 0; i < 4; i++) {
        expect((await post(app.url, JSON.stringify(clickDelivery(`${run}-recent-${i}`, new Date(now + i))))).status).toBe(200);
      }

      // PostHog catching up after an outage: events from three days ago, older than every stored session,
      // of more sessions than the store holds, as batches, one of them partly a redelivery, then retries.
      const old = now - 3 * 24 * 3600 * 1000;
      const backlog = Array.from({ length: 6 }, (_, i) => `${run}-old-${i}`);
      const event = (sessionId: string, at: number) => ({
        uuid: randomUUID(),
        event: "$pageview",
        timestamp: new Date(at).toISOString(),
        distinct_id: `${sessionId}-user`,
        properties: { $session_id: sessionId, $current_url: `https://app.example.com/projects/${at % 1000}` },
      });
      const first = backlog.flatMap((s, i) => [event(s, old + i * 1000), event(s, old + i * 1000 + 100)]);
      const second = [...first.slice(0, 3), ...backlog.map((s, i) => event(s, old + i * 1000 + 200))];
      const results: { body: unknown; status: number; events: typeof first }[] = [];
      for (const events of [first, second]) {
        const response = await post(app.url, JSON.stringify({ batch: events }));
        results.push({ status: response.status, body: JSON.parse(response.body), events });
      }
      // Retries of single events, in PostHog's default body.
      for (const e of second.slice(3, 6)) {
        const response = await post(app.url, JSON.stringify({ event: { ...e, properties: { ...e.properties } }, person: { properties: {} } }));
        results.push({ status: response.status, body: JSON.parse(response.body), events: [e] });
      }
      // And one PostHog could never have sent: refused, saying why, storing nothing.
      const broken = await post(app.url, JSON.stringify({ batch: [{ ...event(backlog[0]!, old + 500), timestamp: "yesterday-ish" }] }));

      for (const result of results) expect(result.status, JSON.stringify(result.body)).toBe(200);
      const acknowledged = results.reduce((sum, r) => sum + (r.body as { accepted: number }).accepted, 0);
      const duplicates = results.reduce((sum, r) => sum + (r.body as { duplicates: number }).duplicates, 0);
      expect([acknowledged, duplicates]).toEqual([18, 6]);
      expect(broken.status).toBeGreaterThanOrEqual(400);
      expect(JSON.parse(broken.body).error).toMatchObject({ code: expect.any(String), message: expect.any(String) });

      // Every acknowledged event is readable, in its session, once and only once.
      for (const [i, sessionId] of backlog.entries()) {
        const response = await fetch(`${app.url}/api/sessions/${sessionId}`, { headers: bearer });
        expect(response.status, sessionId).toBe(200);
        const payload = await response.json();
        expect(payload.actions.map((a: { timestamp_start: number }) => a.timestamp_start * 1000), sessionId).toEqual([0, 100, 200].map((d) => old + i * 1000 + d));
      }
    } finally {
      if (test.info().status !== test.info().expectedStatus) console.log(app?.output().slice(-3_000));
      await app?.stop();
      await redis?.stop();
    }
  });
}
