import { expect, test } from "@playwright/test";
import { startAppServer, type AppServer } from "./harness/app-server";
import { clickDelivery, pool, post } from "./harness/deliveries";
import { redisServer, type RedisServer } from "./harness/redis-server";
import { sseClient } from "./harness/sse-client";

/**
 * Reliability: 20,000 unique deliveries over 50 concurrent connections, plus 2,000 retried duplicates, give
 * exactly 20,000 actions, and every live subscriber receives each exactly once. Run per store backend.
 */
const UNIQUE = 20_000;
const RETRIES = 2_000;
const SESSIONS = 200;
const SUBSCRIBERS = 3;
const TOKEN = "no-loss-agent-token-0123456789";

// Redis runs as a server of this test's own, so nothing is left behind in a developer's Redis.
const backends = [
  { name: "memory", redis: false },
  { name: "redis", redis: true },
];

for (const backend of backends) {
  test(`no loss on ${backend.name}: ${UNIQUE} deliveries + ${RETRIES} retries → ${UNIQUE} actions, each streamed once`, async () => {
    test.setTimeout(240_000);
    let server: AppServer | null = null;
    let redis: RedisServer | null = null;
    const clients: ReturnType<typeof sseClient>[] = [];
    try {
      redis = backend.redis ? await redisServer() : null;
      server = await startAppServer({ AUTOPLAY_STREAM_TOKEN: TOKEN, ...(redis ? { REDIS_URL: redis.url } : {}) });
      const runId = Math.random().toString(36).slice(2, 8);
      const received = Array.from({ length: SUBSCRIBERS }, () => new Map<string, number>());
      for (const seen of received) {
        clients.push(
          sseClient(`${server.url}/api/stream`, { authorization: `Bearer ${TOKEN}` }, (message) => {
            if (message.event !== "message") return;
            const payload = JSON.parse(message.data);
            if (!String(payload.session_id).startsWith(`noloss-${runId}`)) return;
            for (const action of payload.actions) {
              const key = `${payload.session_id}@${action.timestamp_start}`;
              seen.set(key, (seen.get(key) ?? 0) + 1);
            }
          }),
        );
      }
      await expect.poll(() => clients.every((client) => client.connections > 0)).toBe(true);

      const start = Date.UTC(2026, 10, 26, 12, 0, 0);
      const bodies = Array.from({ length: UNIQUE }, (_, i) =>
        JSON.stringify(clickDelivery(`noloss-${runId}-${i % SESSIONS}`, new Date(start + i * 10))),
      );
      const retried = Array.from({ length: RETRIES }, (_, i) => bodies[(i * 7919) % UNIQUE]!);
      const results = await pool([...bodies, ...retried].map((body) => () => post(server!.url, body)), 50);

      expect(results.filter((result) => result.status !== 200)).toEqual([]);
      const acknowledged = results.map((result) => JSON.parse(result.body));
      expect(acknowledged.reduce((sum, body) => sum + body.accepted, 0)).toBe(UNIQUE);
      expect(acknowledged.reduce((sum, body) => sum + body.duplicates, 0)).toBe(RETRIES);

      // Every page of the session list, through its cursors.
      const sessions: { session_id: string; action_count: number }[] = [];
      for (let cursor: string | null = ""; cursor !== null; ) {
        const url: string = `${server.url}/api/sessions?limit=200${cursor ? `&cursor=${cursor}` : ""}`;
        const page: { sessions: typeof sessions; next_cursor: string | null } = await (await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).json();
        sessions.push(...page.sessions);
        cursor = page.next_cursor;
      }
      const ours = sessions.filter((session) => session.session_id.startsWith(`noloss-${runId}`));
      expect(ours).toHaveLength(SESSIONS);
      expect(ours.reduce((sum, session) => sum + session.action_count, 0)).toBe(UNIQUE);

      for (const seen of received) {
        await expect.poll(() => seen.size, { timeout: 30_000 }).toBe(UNIQUE);
        expect([...seen.values()].filter((count) => count !== 1)).toEqual([]);
      }
    } finally {
      await Promise.all(clients.map((client) => client.stop()));
      await server?.stop();
      await redis?.stop();
    }
  });
}
